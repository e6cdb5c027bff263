//! `stella-dsl@1`, Stella's policy language, and the Belnap K4 lattice its evaluation runs on.
//!
//! - [`lexer`] → [`parser`] → [`ast`]: source to a span-carrying syntax tree.
//! - [`lint`]: typed [`lint::Diagnostic`]s (errors and warnings) with a kind code and a span.
//! - [`lattice`]: the four-valued K4 lattice and per-finding [`lattice::Facts`].
//! - [`eval`]: three-valued evaluation of conditions and rules against a JSON finding context.
//!
//! The language has no loops, no clock and no network: a policy is a pure function of the
//! finding, its context and the evaluation time given as input.
//!
//! ```
//! use stella_core::policy::lint::lint;
//! let src = r#"policy "p" syntax "stella-dsl@1" {
//!   rule kev priority 1 { when kev then block "KEV" because "known exploited" }
//! }"#;
//! let report = lint(src);
//! assert!(!report.has_errors());
//! ```

pub mod ast;
pub mod eval;
pub mod lattice;
pub mod lexer;
pub mod lint;
pub mod parser;

#[cfg(test)]
mod tests;
