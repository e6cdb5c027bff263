//! Go versions (placeholder: to be implemented in this file only).

use super::{Comparator, VersionError, VersionScheme};

/// The Go comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Go;

impl Comparator for Go {
    const SCHEME: VersionScheme = VersionScheme::Go;
    type Parsed = String;
    fn parse(input: &str) -> Result<String, VersionError> {
        Err(VersionError::new(
            Self::SCHEME,
            input,
            "comparator not built yet",
        ))
    }
}
