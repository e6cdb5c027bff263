//! `stella config list`: the resolved settings and where each came from.

use crate::args::{ConfigCommand, ReportFormat};
use crate::exit::{CliError, Exit};
use crate::render;
use crate::settings::Settings;

/// Run a `stella config` command.
///
/// # Errors
/// Rendering failures.
pub fn run(cmd: ConfigCommand, settings: &Settings) -> Result<Exit, CliError> {
    match cmd {
        ConfigCommand::List(args) => {
            match args.format {
                ReportFormat::Json => render::out(&render::json(settings)?)?,
                ReportFormat::Table => render::out(&table(settings))?,
            }
            Ok(Exit::Ok)
        }
    }
}

/// The `config list` table.
pub fn table(s: &Settings) -> String {
    let rows = [
        (
            "db",
            s.db.value.display().to_string(),
            s.db.source.to_string(),
        ),
        (
            "offline",
            s.offline.value.to_string(),
            s.offline.source.to_string(),
        ),
        (
            "color",
            format!("{:?}", s.color.value).to_lowercase(),
            s.color.source.to_string(),
        ),
        (
            "quiet",
            s.quiet.value.to_string(),
            s.quiet.source.to_string(),
        ),
        (
            "max_input_bytes",
            s.max_input_bytes.value.to_string(),
            s.max_input_bytes.source.to_string(),
        ),
    ];
    let mut out = String::new();
    out.push_str(&format!(
        "config file: {}\n",
        s.config_file
            .as_ref()
            .map_or("(none)".to_string(), |p| p.display().to_string())
    ));
    for (k, v, src) in rows {
        out.push_str(&format!("{k:<16} {v:<40} ({src})\n"));
    }
    out
}
