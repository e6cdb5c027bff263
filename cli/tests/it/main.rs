//! Integration tests: the user's workflows, run through the real `stella` binary.
//!
//! - `cli`: help, version, exit codes, completions, config precedence.
//! - `generated`: checked-in completions, man pages and schemas are up to date.
//! - `bad_inputs`: every malformed input under `testdata/bad/` exits 10 with a short diagnostic,
//!   within bounded memory, never a panic.
//! - `scan_formats`: SARIF and CycloneDX VDR output: official schemas, reproducibility, refs.

mod bad_inputs;
mod cli;
mod corpus;
mod db;
mod generated;
mod interop;
mod scan;
mod scan_formats;
mod util;
