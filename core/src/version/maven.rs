//! Maven versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Maven comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Maven;

impl Comparator for Maven {
    const SCHEME: VersionScheme = VersionScheme::Maven;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
