//! Exit codes and the CLI's error type: the one place where outcomes become numbers.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (gate: allow) |
//! | 1 | gate warn |
//! | 2 | gate block / `--fail-on` met |
//! | 10 | usage error or invalid input |
//! | 11 | verification failed (signature, digest, Merkle, replay mismatch) |
//! | 12 | not found (file, id) |
//! | 13 | network needed while offline |
//! | 14 | stale or rolled-back data |
//! | 15 | internal error (a bug) |

use std::path::PathBuf;

use stella_core::input::InputError;
use stella_core::sbom::SbomError;

/// A process exit code (see the module table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// Gate warn.
    Warn = 1,
    /// Gate block, or `--fail-on` met.
    Block = 2,
    /// Usage error or invalid input.
    Invalid = 10,
    /// Verification failed.
    Verification = 11,
    /// Not found.
    NotFound = 12,
    /// Network needed while offline.
    Offline = 13,
    /// Stale or rolled-back data.
    Stale = 14,
    /// Internal error.
    Internal = 15,
}

/// The exit-code table as shown in `stella --help` and README.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0   success (gate: allow)
  1   gate warn
  2   gate block / --fail-on met
  10  usage error or invalid input
  11  verification failed (signature, digest, Merkle root, replay mismatch)
  12  not found (file, id)
  13  network needed while offline
  14  stale or rolled-back data
  15  internal error (a bug)";

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

/// Everything a command can fail with. Each variant knows its exit code and how to explain itself.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad arguments or settings that clap could not catch.
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// What to do instead.
        help: Option<String>,
    },
    /// An input file could not be read.
    #[error("cannot read `{}`", path.display())]
    Input {
        /// The path as given.
        path: PathBuf,
        /// Why.
        #[source]
        source: InputError,
    },
    /// An SBOM could not be read.
    #[error("cannot read SBOM `{}`", path.display())]
    Sbom {
        /// The path as given.
        path: PathBuf,
        /// The document bytes (for the source excerpt), when small enough to keep.
        bytes: Option<std::sync::Arc<Vec<u8>>>,
        /// Why.
        #[source]
        source: SbomError,
    },
    /// A document was read but is invalid (e.g. `stella sbom validate` found problems).
    #[error("`{}` is not valid: {count} problem(s)", path.display())]
    Invalid {
        /// The path as given.
        path: PathBuf,
        /// How many problems.
        count: usize,
    },
    /// An output could not be written.
    #[error("cannot write `{}`", path.display())]
    Output {
        /// The path as given.
        path: PathBuf,
        /// Why.
        #[source]
        source: InputError,
    },
    /// The knowledge store failed or is unusable.
    #[error("knowledge store `{}`", path.display())]
    Store {
        /// The store path.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<stella_core::store::StoreError>,
    },
    /// There is no knowledge store yet.
    #[error("no knowledge store at `{}`", path.display())]
    NoStore {
        /// The store path.
        path: PathBuf,
    },
    /// An id was not found.
    #[error("`{id}` is not in the knowledge store")]
    UnknownId {
        /// The id asked for.
        id: String,
    },
    /// A VEX document could not be read at all.
    #[error("cannot read VEX document `{}`", path.display())]
    Vex {
        /// The path as given.
        path: PathBuf,
        /// The document bytes (for the source excerpt), when small enough to keep.
        bytes: Option<std::sync::Arc<Vec<u8>>>,
        /// Why.
        #[source]
        source: stella_core::vex::VexError,
    },
    /// VEX documents were refused by `stella vex ingest` (the others were ingested).
    #[error("{refused} VEX document(s) refused, nothing of them ingested")]
    VexRefused {
        /// How many.
        refused: usize,
    },
    /// An ingest input could not be read.
    #[error("cannot ingest")]
    Ingest(#[source] Box<stella_core::ingest::IngestError>),
    /// A bug: something that should be impossible.
    #[error("internal error: {0}")]
    Internal(String),
}

impl CliError {
    /// The exit code for this error.
    pub fn exit(&self) -> Exit {
        match self {
            CliError::Usage { .. }
            | CliError::Sbom { .. }
            | CliError::Invalid { .. }
            | CliError::Vex { .. }
            | CliError::VexRefused { .. }
            | CliError::Output { .. } => Exit::Invalid,
            CliError::Input { source, .. } => match source {
                InputError::NotFound { .. } => Exit::NotFound,
                _ => Exit::Invalid,
            },
            CliError::Store { .. } => Exit::Invalid,
            CliError::NoStore { .. } | CliError::UnknownId { .. } => Exit::NotFound,
            CliError::Ingest(e) => match e.as_ref() {
                stella_core::ingest::IngestError::Walk(
                    stella_core::ingest::walk::WalkError::NotFound(_),
                ) => Exit::NotFound,
                _ => Exit::Invalid,
            },
            CliError::Internal(_) => Exit::Internal,
        }
    }
}

/// Handle a clap parse failure: help and version go to stdout with exit 0; usage errors exit 10
/// (clap's own default, 2, is reserved for "gate block").
pub fn clap_exit(e: clap::Error) -> Exit {
    use clap::error::ErrorKind;
    let _ = e.print();
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                Exit::Invalid
            } else {
                Exit::Ok
            }
        }
        _ => Exit::Invalid,
    }
}
