//! Cargo versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Cargo comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cargo;

impl Comparator for Cargo {
    const SCHEME: VersionScheme = VersionScheme::Semver;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
