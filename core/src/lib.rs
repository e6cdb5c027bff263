//! `stella-core`: every piece of Stella's logic, with no command line, no HTTP and no terminal.
//!
//! The flow (see `DESIGN.md`): SBOMs become an [`sbom::Inventory`]; advisories and VEX are kept
//! verbatim with provenance; matching, consensus and policy are pure functions of their inputs
//! (`inventory, knowledge snapshot, policy, time → report`), so the same inputs always give the
//! same bytes. The binaries (`stella`, `stellad`) only parse arguments, call into this crate and
//! render.
//!
//! Modules:
//! - [`advisory`]: upstream advisories kept verbatim with provenance, normalised for matching.
//! - [`canon`]: canonical JSON (RFC 8785) and [`canon::Digest`] (`sha256:<hex>`).
//! - [`json`]: strict JSON reading (duplicate keys, depth, positions) shared by every parser.
//! - [`ecosystem`]: the closed list of package ecosystems and their version schemes.
//! - [`policy`]: the `stella-dsl@1` policy language (lexer, parser, linter) and the K4 lattice.
//! - [`purl`]: package URL parsing and ecosystem-specific normalisation.
//! - [`scan`]: SBOM inventory × knowledge snapshot → evidence-linked findings (the `Report`).
//! - [`sbom`]: SBOM readers and writers, normalised into one [`sbom::Inventory`].
//! - [`ingest`]: reading upstream inputs (files, directories, archives) for `stella db ingest`.
//! - [`input`]: bounded reading of user-supplied files.
//! - [`time`]: the evaluation clock (`--at`, `SOURCE_DATE_EPOCH`), never the wall clock.
//! - [`vex`]: VEX statements (OpenVEX, CSAF VEX, CycloneDX VEX), scoping and consensus.
//! - [`version`]: one version comparator per ecosystem scheme, and OSV range evaluation.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod advisory;
pub mod canon;
pub mod ecosystem;
pub mod ingest;
pub mod input;
pub mod json;
pub mod policy;
pub mod purl;
pub mod sbom;
pub mod scan;
pub mod store;
pub mod time;
pub mod version;
pub mod vex;

/// The version of this library, written into every document Stella emits.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The tool name written into generated documents.
pub const TOOL_NAME: &str = "stella";
