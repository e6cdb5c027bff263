//! `stellad`: the optional Stella daemon.
//!
//! It will serve many users from PostgreSQL, Valkey, S3 and NATS while reusing `stella-core` for
//! every decision. For now it only answers `--version` and `--help`: it has no endpoints yet, and
//! it does not pretend to (no fake routes, no placeholder server).

use clap::Parser;

/// The Stella daemon (service mode). No endpoints are served yet; use the `stella` CLI.
#[derive(Debug, Parser)]
#[command(name = "stellad", version, about, long_about = None)]
struct Args {}

fn main() {
    let _args = Args::parse();
    eprintln!(
        "stellad {}: no service endpoints are implemented yet; use the `stella` command-line tool",
        env!("CARGO_PKG_VERSION")
    );
    std::process::exit(10);
}
