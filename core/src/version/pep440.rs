//! Pep440 versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Pep440 comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pep440;

impl Comparator for Pep440 {
    const SCHEME: VersionScheme = VersionScheme::Pep440;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
