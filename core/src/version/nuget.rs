//! NuGet versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The NuGet comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct NuGet;

impl Comparator for NuGet {
    const SCHEME: VersionScheme = VersionScheme::NuGet;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
