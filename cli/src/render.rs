//! Shared rendering helpers: writing to standard output (a closed pipe is not an error), JSON
//! output, and the small colour palette used by tables.

use std::io::Write;

use owo_colors::OwoColorize;
use serde::Serialize;

use crate::exit::CliError;

/// Write text to standard output. A closed pipe (`stella … | head`) ends quietly.
///
/// # Errors
/// Other write failures, as an internal error.
pub fn out(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Internal(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Pretty JSON with a trailing newline. Field order is the type's declaration order and maps
/// are sorted, so the output is deterministic.
///
/// # Errors
/// Serialisation failures, as an internal error.
pub fn json<T: Serialize>(value: &T) -> Result<String, CliError> {
    let mut s = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Internal(format!("JSON rendering failed: {e}")))?;
    s.push('\n');
    Ok(s)
}

/// Colour helpers that turn into plain text when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// Is colour on?
    pub on: bool,
}

impl Palette {
    /// Bold (headings).
    pub fn bold(&self, s: &str) -> String {
        if self.on {
            s.bold().to_string()
        } else {
            s.to_string()
        }
    }
    /// Dim (secondary text).
    pub fn dim(&self, s: &str) -> String {
        if self.on {
            s.dimmed().to_string()
        } else {
            s.to_string()
        }
    }
    /// Green (additions, success).
    pub fn green(&self, s: &str) -> String {
        if self.on {
            s.green().to_string()
        } else {
            s.to_string()
        }
    }
    /// Red (removals, failures).
    pub fn red(&self, s: &str) -> String {
        if self.on {
            s.red().to_string()
        } else {
            s.to_string()
        }
    }
    /// Yellow (changes, warnings).
    pub fn yellow(&self, s: &str) -> String {
        if self.on {
            s.yellow().to_string()
        } else {
            s.to_string()
        }
    }
}
