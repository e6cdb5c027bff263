//! RubyGems versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The RubyGems comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct RubyGems;

impl Comparator for RubyGems {
    const SCHEME: VersionScheme = VersionScheme::RubyGems;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
