//! Rpm versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Rpm comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rpm;

impl Comparator for Rpm {
    const SCHEME: VersionScheme = VersionScheme::Rpm;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
