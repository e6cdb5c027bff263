//! Settings: flags > environment > config file > defaults, resolved in one visible place.
//!
//! The clap structs in [`crate::args`] only describe the command line. [`Settings::resolve`]
//! merges them with the environment ([`Env`], injectable for tests) and the config file, and
//! records where each value came from so `stella config list` can show it. Values that need the
//! full picture (is stdout a terminal?) are derived after resolution, never during parsing.
//!
//! Config file (TOML) at `--config`, else `$STELLA_CONFIG`, else
//! `$XDG_CONFIG_HOME/stella/config.toml` (`~/.config/stella/config.toml`):
//!
//! ```toml
//! db = "/var/lib/stella/stella.db"   # knowledge store
//! offline = true                      # never use the network
//! color = "auto"                      # auto | always | never
//! quiet = false
//! max_input_bytes = 1073741824        # refuse larger input documents
//! ```

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::args::GlobalArgs;
use crate::exit::CliError;

/// The process environment, captured once (tests build their own).
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// Environment variables.
    pub vars: BTreeMap<String, String>,
    /// Is standard output a terminal?
    pub stdout_tty: bool,
    /// Is standard error a terminal?
    pub stderr_tty: bool,
}

impl Env {
    /// Capture the real process environment.
    pub fn from_process() -> Self {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
            stdout_tty: std::io::stdout().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
        }
    }

    /// A variable's value, treating an empty value as unset.
    pub fn var(&self, key: &str) -> Option<&str> {
        self.vars
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.var("HOME").map(PathBuf::from)
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "name")]
pub enum Source {
    /// A command-line flag.
    Flag(String),
    /// An environment variable.
    Env(String),
    /// The config file.
    File(String),
    /// The built-in default.
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag(n) => write!(f, "flag {n}"),
            Source::Env(n) => write!(f, "env {n}"),
            Source::File(p) => write!(f, "config file {p}"),
            Source::Default => f.write_str("default"),
        }
    }
}

/// A resolved value and its origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorMode {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The config file's shape.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    db: Option<PathBuf>,
    offline: Option<bool>,
    color: Option<ColorMode>,
    quiet: Option<bool>,
    max_input_bytes: Option<u64>,
}

/// Every resolved setting.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Knowledge store path.
    pub db: Setting<PathBuf>,
    /// Offline mode.
    pub offline: Setting<bool>,
    /// Colour mode.
    pub color: Setting<ColorMode>,
    /// Quiet mode.
    pub quiet: Setting<bool>,
    /// Largest accepted input document.
    pub max_input_bytes: Setting<u64>,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
    #[serde(skip)]
    stdout_tty: bool,
}

fn flag<T>(value: T, name: &str) -> Setting<T> {
    Setting {
        value,
        source: Source::Flag(name.into()),
    }
}
fn env_set<T>(value: T, name: &str) -> Setting<T> {
    Setting {
        value,
        source: Source::Env(name.into()),
    }
}
fn default<T>(value: T) -> Setting<T> {
    Setting {
        value,
        source: Source::Default,
    }
}

fn truthy(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

impl Settings {
    /// Resolve flags > env > file > default.
    ///
    /// # Errors
    /// A missing explicit config file (exit 12), an unreadable or invalid one, or an environment
    /// variable with an invalid value (exit 10).
    pub fn resolve(args: &GlobalArgs, env: &Env) -> Result<Settings, CliError> {
        let (file, file_path) = load_config(args, env)?;
        let from_file = |what: &str| {
            Source::File(format!(
                "{} ({what})",
                file_path
                    .as_deref()
                    .map(Path::display)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ))
        };

        let db = if let Some(p) = &args.db {
            flag(p.clone(), "--db")
        } else if let Some(p) = env.var("STELLA_DB") {
            env_set(PathBuf::from(p), "STELLA_DB")
        } else if let Some(p) = &file.db {
            Setting {
                value: p.clone(),
                source: from_file("db"),
            }
        } else if let Some(h) = env.var("STELLA_HOME") {
            env_set(PathBuf::from(h).join("stella.db"), "STELLA_HOME")
        } else if let Some(x) = env.var("XDG_DATA_HOME") {
            env_set(
                PathBuf::from(x).join("stella").join("stella.db"),
                "XDG_DATA_HOME",
            )
        } else {
            let base = env.home().unwrap_or_else(|| PathBuf::from("."));
            default(base.join(".local/share/stella/stella.db"))
        };

        let offline = if args.offline {
            flag(true, "--offline")
        } else if let Some(v) = env.var("STELLA_OFFLINE") {
            let b = truthy(v).ok_or_else(|| bad_env("STELLA_OFFLINE", v, "1/0, true/false"))?;
            env_set(b, "STELLA_OFFLINE")
        } else if let Some(b) = file.offline {
            Setting {
                value: b,
                source: from_file("offline"),
            }
        } else {
            default(false)
        };

        let color = if args.no_color {
            flag(ColorMode::Never, "--no-color")
        } else if env.vars.contains_key("NO_COLOR") {
            // https://no-color.org: any value, even empty, disables colour.
            env_set(ColorMode::Never, "NO_COLOR")
        } else if let Some(c) = file.color {
            Setting {
                value: c,
                source: from_file("color"),
            }
        } else {
            default(ColorMode::Auto)
        };

        let quiet = if args.quiet {
            flag(true, "--quiet")
        } else if let Some(v) = env.var("STELLA_QUIET") {
            let b = truthy(v).ok_or_else(|| bad_env("STELLA_QUIET", v, "1/0, true/false"))?;
            env_set(b, "STELLA_QUIET")
        } else if let Some(b) = file.quiet {
            Setting {
                value: b,
                source: from_file("quiet"),
            }
        } else {
            default(false)
        };

        let max_input_bytes = if let Some(v) = env.var("STELLA_MAX_INPUT_BYTES") {
            let n: u64 = v
                .trim()
                .parse()
                .map_err(|_| bad_env("STELLA_MAX_INPUT_BYTES", v, "a number of bytes"))?;
            env_set(n, "STELLA_MAX_INPUT_BYTES")
        } else if let Some(n) = file.max_input_bytes {
            Setting {
                value: n,
                source: from_file("max_input_bytes"),
            }
        } else {
            default(stella_core::input::DEFAULT_MAX_INPUT_BYTES)
        };

        Ok(Settings {
            db,
            offline,
            color,
            quiet,
            max_input_bytes,
            config_file: file_path,
            stdout_tty: env.stdout_tty,
        })
    }

    /// Is the knowledge store the default one (not chosen with `--db`, `STELLA_DB` or the
    /// config file's `db`)? `STELLA_HOME` and `XDG_DATA_HOME` only move the default location.
    pub fn db_is_default(&self) -> bool {
        match &self.db.source {
            Source::Default => true,
            Source::Env(name) => name == "STELLA_HOME" || name == "XDG_DATA_HOME",
            Source::Flag(_) | Source::File(_) => false,
        }
    }

    /// Should standard output be coloured?
    pub fn color_stdout(&self) -> bool {
        match self.color.value {
            ColorMode::Always => true,
            ColorMode::Never => false,
            ColorMode::Auto => self.stdout_tty,
        }
    }
}

fn bad_env(name: &str, value: &str, expected: &str) -> CliError {
    CliError::Usage {
        message: format!("environment variable {name}={value:?} is not valid"),
        help: Some(format!("expected {expected}")),
    }
}

fn load_config(args: &GlobalArgs, env: &Env) -> Result<(FileConfig, Option<PathBuf>), CliError> {
    let (path, explicit) = if let Some(p) = &args.config {
        (p.clone(), true)
    } else if let Some(p) = env.var("STELLA_CONFIG") {
        (PathBuf::from(p), true)
    } else if let Some(x) = env.var("XDG_CONFIG_HOME") {
        (PathBuf::from(x).join("stella/config.toml"), false)
    } else if let Some(h) = env.home() {
        (h.join(".config/stella/config.toml"), false)
    } else {
        return Ok((FileConfig::default(), None));
    };
    let bytes = match stella_core::input::read_bounded(&path, 1 << 20) {
        Ok(b) => b,
        Err(stella_core::input::InputError::NotFound { .. }) if !explicit => {
            return Ok((FileConfig::default(), None));
        }
        Err(source) => return Err(CliError::Input { path, source }),
    };
    let text = String::from_utf8_lossy(&bytes);
    let cfg: FileConfig = toml::from_str(&text).map_err(|e| CliError::Usage {
        message: format!("invalid config file `{}`: {}", path.display(), e.message()),
        help: Some(
            "known keys: db, offline, color (auto|always|never), quiet, max_input_bytes".into(),
        ),
    })?;
    Ok((cfg, Some(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Env {
        Env {
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            stdout_tty: true,
            stderr_tty: true,
        }
    }

    #[test]
    fn precedence_flag_env_file_default() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("c.toml");
        std::fs::write(
            &cfg,
            "db = \"/from/file.db\"\noffline = true\ncolor = \"always\"\n",
        )
        .unwrap();
        let e = env(&[
            ("HOME", "/home/u"),
            ("STELLA_CONFIG", cfg.to_str().unwrap()),
        ]);
        let s = Settings::resolve(&GlobalArgs::default(), &e).unwrap();
        assert_eq!(s.db.value, PathBuf::from("/from/file.db"));
        assert!(s.offline.value);
        assert!(s.color_stdout());

        let e2 = env(&[
            ("HOME", "/home/u"),
            ("STELLA_CONFIG", cfg.to_str().unwrap()),
            ("STELLA_DB", "/from/env.db"),
            ("NO_COLOR", ""),
        ]);
        let s = Settings::resolve(&GlobalArgs::default(), &e2).unwrap();
        assert_eq!(s.db.value, PathBuf::from("/from/env.db"));
        assert_eq!(s.db.source, Source::Env("STELLA_DB".into()));
        assert!(!s.color_stdout());

        let args = GlobalArgs {
            db: Some("/from/flag.db".into()),
            ..Default::default()
        };
        let s = Settings::resolve(&args, &e2).unwrap();
        assert_eq!(s.db.value, PathBuf::from("/from/flag.db"));

        let s = Settings::resolve(&GlobalArgs::default(), &env(&[("HOME", "/home/u")])).unwrap();
        assert_eq!(
            s.db.value,
            PathBuf::from("/home/u/.local/share/stella/stella.db")
        );
        assert_eq!(s.db.source, Source::Default);
        assert!(!s.offline.value);
    }

    #[test]
    fn bad_config_and_env_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, "colour = \"never\"\n").unwrap();
        let e = env(&[("STELLA_CONFIG", cfg.to_str().unwrap())]);
        assert!(matches!(
            Settings::resolve(&GlobalArgs::default(), &e),
            Err(CliError::Usage { .. })
        ));
        let e = env(&[("STELLA_OFFLINE", "maybe")]);
        assert!(matches!(
            Settings::resolve(&GlobalArgs::default(), &e),
            Err(CliError::Usage { .. })
        ));
        let e = env(&[("STELLA_CONFIG", "/nonexistent/stella.toml")]);
        let err = Settings::resolve(&GlobalArgs::default(), &e).unwrap_err();
        assert_eq!(err.exit(), crate::exit::Exit::NotFound);
    }
}
