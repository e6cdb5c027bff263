//! `stella`: the command-line front end of Stella.
//!
//! The binary only wires things together: [`args`] describes the command line (its doc comments
//! are the help text), [`settings`] resolves flags > environment > config file > defaults in one
//! visible place, `commands/*` call `stella-core` and render, and [`exit`] maps every outcome to
//! the documented exit code in one place. `--version`, `--help` and `completions` return before
//! anything that can fail (no store, no config).

pub mod args;
pub mod commands;
pub mod diagnostic;
pub mod exit;
pub mod generate;
pub mod render;
pub mod seed;
pub mod settings;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

pub use args::Cli;
pub use exit::{CliError, Exit};

/// The clap command tree (for completions, man pages and the `--help` tests).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Run `stella` with the process arguments and environment; returns the exit code.
pub fn main_entry() -> ExitCode {
    // A panic is a bug: report it as an internal error (exit 15), never as a user error.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("stella: internal error (this is a bug, please report it): {info}");
    }));
    let result = std::panic::catch_unwind(|| {
        let cli = match Cli::try_parse() {
            Ok(cli) => cli,
            Err(e) => return exit::clap_exit(e),
        };
        let env = settings::Env::from_process();
        let no_color_flag = cli.global.no_color;
        match commands::run(cli, &env) {
            Ok(code) => code,
            Err(err) => {
                let color = diagnostic::stderr_color(&env, no_color_flag);
                diagnostic::print(&err, color);
                err.exit()
            }
        }
    });
    let code = result.unwrap_or(Exit::Internal);
    ExitCode::from(code as u8)
}
