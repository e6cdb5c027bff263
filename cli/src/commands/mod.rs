//! Command dispatch: one file per command group. Commands return an [`Exit`] or a [`CliError`];
//! nothing below here calls `process::exit`.

pub mod config;
pub mod db;
pub mod sbom;
pub mod scan;
pub mod vex;

use clap::CommandFactory;

use crate::args::{Cli, Command};
use crate::exit::{CliError, Exit};
use crate::settings::{Env, Settings};

/// Run a parsed command line.
///
/// # Errors
/// Any [`CliError`]; the caller prints it and exits with its code.
pub fn run(cli: Cli, env: &Env) -> Result<Exit, CliError> {
    // Special modes first: they must work with a broken config or store.
    if let Command::Completions(args) = &cli.command {
        let mut cmd = Cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(args.shell, &mut cmd, "stella", &mut buf);
        crate::render::out(&String::from_utf8_lossy(&buf))?;
        return Ok(Exit::Ok);
    }
    let settings = Settings::resolve(&cli.global, env)?;
    match cli.command {
        Command::Sbom(cmd) => sbom::run(cmd, &settings, env),
        Command::Scan(args) => scan::run(args, &settings, env),
        Command::Db(cmd) => db::run(cmd, &settings, env),
        Command::Vex(cmd) => vex::run(cmd, &settings, env),
        Command::Config(cmd) => config::run(cmd, &settings),
        Command::Completions(_) => Ok(Exit::Ok),
    }
}
