//! Dpkg versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Dpkg comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dpkg;

impl Comparator for Dpkg {
    const SCHEME: VersionScheme = VersionScheme::Dpkg;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
