//! Version comparison: one comparator per scheme, one file each, behind one small trait.
//!
//! Each `version/<scheme>.rs` only parses and compares versions of its scheme (and, where the
//! ecosystem has one, parses its requirement grammar into a [`range::RangeSet`]). Everything
//! about ranges — OSV events, unions, explicit version lists, the empty and missing cases —
//! lives once in [`range`], generic over the [`Comparator`].
//!
//! Unparseable versions are an explicit [`VersionError`], never a silent "not affected": the
//! caller reports the component as unmatchable with the reason.

pub mod apk;
pub mod composer;
pub mod dpkg;
pub mod go;
pub mod maven;
pub mod npm;
pub mod nuget;
pub mod pep440;
pub mod range;
pub mod rpm;
pub mod rubygems;
pub mod semver;

use std::cmp::Ordering;

pub use crate::ecosystem::{Ecosystem, VersionScheme};

/// Why a version (or a requirement) could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a valid {scheme:?} version: {reason}")]
pub struct VersionError {
    /// The scheme whose rules were applied.
    pub scheme: VersionScheme,
    /// The text given.
    pub input: String,
    /// What is wrong.
    pub reason: String,
}

impl VersionError {
    /// Build an error.
    pub fn new(scheme: VersionScheme, input: &str, reason: impl Into<String>) -> Self {
        VersionError {
            scheme,
            input: input.to_string(),
            reason: reason.into(),
        }
    }
}

/// One scheme's rules: how to parse a version into something totally ordered.
///
/// Implementations are zero-sized marker types (`semver::Cargo`, `dpkg::Dpkg`, …). `Parsed`'s
/// `Ord` must be the ecosystem's own ordering (antisymmetric and transitive: property-tested),
/// and equal versions in different spellings (`1.0` and `1.0.0` in Maven, `1.0` and `1.0.0` in
/// PEP 440) must compare `Equal`.
pub trait Comparator {
    /// The scheme this comparator implements.
    const SCHEME: VersionScheme;
    /// A parsed version.
    type Parsed: Ord + Clone + std::fmt::Debug;
    /// Parse a version.
    ///
    /// # Errors
    /// [`VersionError`] when the text is not a version of this scheme.
    fn parse(input: &str) -> Result<Self::Parsed, VersionError>;
}

/// Compare two versions under a scheme.
///
/// # Errors
/// [`VersionError`] naming whichever side does not parse.
pub fn compare(scheme: VersionScheme, a: &str, b: &str) -> Result<Ordering, VersionError> {
    fn cmp<C: Comparator>(a: &str, b: &str) -> Result<Ordering, VersionError> {
        Ok(C::parse(a)?.cmp(&C::parse(b)?))
    }
    match scheme {
        VersionScheme::Semver => cmp::<semver::Cargo>(a, b),
        VersionScheme::Npm => cmp::<npm::Npm>(a, b),
        VersionScheme::Go => cmp::<go::Go>(a, b),
        VersionScheme::Pep440 => cmp::<pep440::Pep440>(a, b),
        VersionScheme::Maven => cmp::<maven::Maven>(a, b),
        VersionScheme::RubyGems => cmp::<rubygems::RubyGems>(a, b),
        VersionScheme::NuGet => cmp::<nuget::NuGet>(a, b),
        VersionScheme::Composer => cmp::<composer::Composer>(a, b),
        VersionScheme::Dpkg => cmp::<dpkg::Dpkg>(a, b),
        VersionScheme::Rpm => cmp::<rpm::Rpm>(a, b),
        VersionScheme::Apk => cmp::<apk::Apk>(a, b),
    }
}

/// Check that a version parses under a scheme.
///
/// # Errors
/// [`VersionError`] when it does not.
pub fn validate(scheme: VersionScheme, v: &str) -> Result<(), VersionError> {
    compare(scheme, v, v).map(|_| ())
}
