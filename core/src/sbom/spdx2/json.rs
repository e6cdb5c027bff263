//! SPDX 2 JSON: strict JSON syntax (duplicate keys refused, see [`crate::json`]) read into the
//! lenient [`super::model`], with a JSON pointer and line on every shape error.

use super::model::Document;
use crate::sbom::{Encoding, Inventory, SbomError, SbomFormat};

/// Read an SPDX 2.x JSON document.
///
/// # Errors
/// [`SbomError::Json`] with line, column and JSON pointer when the text is not strict JSON or a
/// field has the wrong type.
pub fn read_json(bytes: &[u8]) -> Result<Inventory, SbomError> {
    let bytes = crate::sbom::detect::strip_bom(bytes);
    let doc: Document =
        crate::json::from_slice_strict(bytes).map_err(|source| SbomError::Json {
            format: "SPDX",
            source,
        })?;
    if doc.spdx_version.is_none() {
        return Err(SbomError::Invalid {
            format: SbomFormat::Spdx,
            location: "/spdxVersion".into(),
            message: super::NO_VERSION.into(),
            line: None,
        });
    }
    Ok(super::to_inventory(doc, Encoding::Json))
}
