//! Npm versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Npm comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Npm;

impl Comparator for Npm {
    const SCHEME: VersionScheme = VersionScheme::Npm;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
