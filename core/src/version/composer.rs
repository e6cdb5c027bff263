//! Composer versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Composer comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Composer;

impl Comparator for Composer {
    const SCHEME: VersionScheme = VersionScheme::Composer;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
