//! Apk versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Apk comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Apk;

impl Comparator for Apk {
    const SCHEME: VersionScheme = VersionScheme::Apk;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
