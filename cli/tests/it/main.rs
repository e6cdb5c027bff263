//! Integration tests: the user's workflows, run through the real `stella` binary.
//!
//! - `cli`: help, version, exit codes, completions, config precedence.
//! - `generated`: checked-in completions, man pages and schemas are up to date.
//! - `bad_inputs`: every malformed input under `testdata/bad/` exits 10 with a short diagnostic,
//!   within bounded memory, never a panic.
//! - `ground_truth`: every hand-checked case of `GROUND_TRUTH.json` (shared corpus, else
//!   `testdata/ground-truth/`) gets the right verdict for the right range.
//! - `reference_matches`: Stella's (purl, advisory) pairs equal the computed reference's, up to
//!   listed differences with their version arithmetic (shared corpus only).
//! - `vex_scan`: `scan --vex` on the GROUND_TRUTH.json VEX case; `vex consensus|explain|export`
//!   byte-identical across runs and ingest orders, exports valid against their schemas.
//! - `vex`: `stella vex ingest/validate` on real fixtures and malformed VEX (exit 10, nothing
//!   half-ingested).
//! - `scan_formats`: SARIF and CycloneDX VDR output: official schemas, reproducibility, refs.

mod bad_inputs;
mod cli;
mod corpus;
mod db;
mod generated;
mod ground_truth;
mod interop;
mod reference_matches;
mod scan;
mod scan_formats;
mod util;
mod vex;
mod vex_scan;
