//! The lenient serde model of an SPDX 2.x document: only what the inventory needs, every field
//! optional, `null` accepted where a list is expected, unknown fields ignored.
//!
//! JSON and YAML deserialise into it; the tag-value parser fills it by hand. Syntax strictness
//! lives elsewhere (duplicate keys and depth in [`crate::json`]), so a real-world document with a
//! missing optional field or an extra vendor field still reads.
//! A field with the wrong *type* is still an error, reported with its JSON pointer.

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};

/// `null` → the default value (empty list), otherwise the value.
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An SPDX 2.x document.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Document {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<String>,
    pub spdx_version: Option<String>,
    pub name: Option<String>,
    pub document_namespace: Option<String>,
    pub creation_info: Option<CreationInfo>,
    #[serde(deserialize_with = "nullable")]
    pub document_describes: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub packages: Vec<Package>,
    #[serde(deserialize_with = "nullable")]
    pub files: Vec<Element>,
    #[serde(deserialize_with = "nullable")]
    pub snippets: Vec<Element>,
    #[serde(deserialize_with = "nullable")]
    pub relationships: Vec<Relationship>,
}

/// `creationInfo`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct CreationInfo {
    pub created: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub creators: Vec<Creator>,
}

/// One `creators` entry: `"Tool: name-version"`, `"Organization: …"`, `"Person: …"`. Some
/// generators write objects (`{"Person": "…"}`); those are kept aside and reported.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Creator {
    Text(String),
    Other(IgnoredAny),
}

/// A package.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Package {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<String>,
    /// `packageName` is what some pre-2.2 generators wrote (guac `invalid-spdx-identifier`).
    #[serde(alias = "packageName")]
    pub name: Option<String>,
    pub version_info: Option<String>,
    #[serde(alias = "packageLicenseConcluded")]
    pub license_concluded: Option<String>,
    #[serde(alias = "packageLicenseDeclared")]
    pub license_declared: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub checksums: Vec<Checksum>,
    #[serde(deserialize_with = "nullable")]
    pub external_refs: Vec<ExternalRef>,
    pub primary_package_purpose: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub annotations: Vec<Annotation>,
    /// Where the package is in the source (`line 12` for tag-value); JSON/YAML use the pointer.
    #[serde(skip)]
    pub origin: Option<String>,
}

/// A file or snippet: only its id matters (relationships naming it are not component edges).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Element {
    #[serde(rename = "SPDXID")]
    pub spdx_id: Option<String>,
}

/// A checksum.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Checksum {
    pub algorithm: Option<String>,
    pub checksum_value: Option<String>,
}

/// An external reference (purl, CPE, advisory, …).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct ExternalRef {
    pub reference_category: Option<String>,
    pub reference_type: Option<String>,
    pub reference_locator: Option<String>,
}

/// A package annotation.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Annotation {
    pub annotator: Option<String>,
    pub comment: Option<String>,
}

/// A relationship.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct Relationship {
    pub spdx_element_id: Option<String>,
    pub relationship_type: Option<String>,
    pub related_spdx_element: Option<String>,
    /// Where the relationship is in the source, for tag-value.
    #[serde(skip)]
    pub origin: Option<String>,
}
