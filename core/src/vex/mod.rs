//! VEX (Excititor + VEX Lens): statements from OpenVEX, CSAF VEX and CycloneDX VEX documents,
//! kept verbatim with provenance, scoped precisely, and weighed into an explainable consensus.
//!
//! Every statement in every format becomes one [`Statement`] — one vulnerability, the products it
//! is about, a [`VexStatus`] and its justification/impact/action — inside an immutable
//! [`StatementObservation`] (verbatim bytes, digest, provenance), ingested append-only like
//! advisories: identical content is skipped, changed content under the same upstream id
//! supersedes. Parsers never decide anything; [`scope`] decides whether a statement applies to a
//! finding, and [`consensus`] weighs the statements that apply.
//!
//! The vocabularies of the three formats map onto one model: CycloneDX `code_not_reachable` is
//! OpenVEX `vulnerable_code_not_in_execute_path`, `code_not_present` is
//! `vulnerable_code_not_present`, CSAF flags use the OpenVEX names.

pub mod apply;
pub mod consensus;
pub mod explain;
pub mod export;
pub mod scope;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::canon::Digest;

/// The VEX formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VexFormat {
    /// OpenVEX 0.2 (and 0.1).
    OpenVex,
    /// CSAF 2.0 VEX profile (`document.category: csaf_vex`).
    CsafVex,
    /// CycloneDX VEX 1.4–1.6 (JSON or XML): a BOM with `vulnerabilities[].analysis`.
    CycloneDx,
}

/// A statement's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VexStatus {
    /// Not affected (needs a justification or an impact statement).
    NotAffected,
    /// Affected (should carry an action statement).
    Affected,
    /// Fixed in this product version.
    Fixed,
    /// Being investigated.
    UnderInvestigation,
}

/// Why a product is not affected (the OpenVEX justification set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// The component is not present.
    ComponentNotPresent,
    /// The vulnerable code is not present.
    VulnerableCodeNotPresent,
    /// The vulnerable code is not in an execute path.
    VulnerableCodeNotInExecutePath,
    /// The vulnerable code cannot be controlled by an adversary.
    VulnerableCodeCannotBeControlledByAdversary,
    /// Inline mitigations already exist.
    InlineMitigationsAlreadyExist,
}

/// Who made a statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issuer {
    /// Name as the document states it (OpenVEX `author`, CSAF `publisher.name`, CycloneDX
    /// manufacturer/supplier/authors or tool).
    pub name: String,
    /// A stable identifier when the document gives one (CSAF `publisher.namespace`, OpenVEX
    /// author URI).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The issuer's role as stated (OpenVEX `role`, CSAF `publisher.category`: vendor,
    /// coordinator, discoverer, user, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A reference into a CycloneDX BOM: `urn:cdx:<serial>/<version>#<bom-ref>` or a plain bom-ref
/// of the document that carries the statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BomLink {
    /// The BOM's serial number (`urn:uuid:…`), when the link names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// The BOM version, when named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The component's bom-ref.
    pub bom_ref: String,
}

/// What a statement is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Product {
    /// The identifier as written (purl, CSAF product id, bom-ref, BOM-Link, CPE, image ref).
    pub id: String,
    /// The purl, normalised, when the product is (or resolves to) one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// A CPE, when the product is (or resolves to) one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpe: Option<String>,
    /// A CycloneDX reference, when the product is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bom_link: Option<BomLink>,
    /// CycloneDX `affects[].versions` (version or `vers:` range) narrowing a bom-ref/purl.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// OpenVEX subcomponents / CSAF `default_component_of` parts: the statement is about these
    /// components *inside* this product.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subcomponents: Vec<Product>,
}

/// One VEX statement: a status of one vulnerability in some products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// The vulnerability id as written (`CVE-…`, `GHSA-…`, …).
    pub vulnerability: String,
    /// Other ids the statement gives for it (OpenVEX `vulnerability.aliases`, CSAF `ids`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub aliases: BTreeSet<String>,
    /// The products (at least one).
    pub products: Vec<Product>,
    /// Status.
    pub status: VexStatus,
    /// Justification (`not_affected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<Justification>,
    /// The justification as written, when it is not one of the known values (kept, reported by
    /// validation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification_raw: Option<String>,
    /// Impact statement (`not_affected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact_statement: Option<String>,
    /// Action statement (`affected`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_statement: Option<String>,
    /// CycloneDX `analysis.response` values / CSAF remediation categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<String>,
    /// Free-text detail (CycloneDX `analysis.detail`, OpenVEX `status_notes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Who says so.
    pub issuer: Issuer,
    /// When (the statement's timestamp, else its document's; UTC RFC 3339 as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The document's id (OpenVEX `@id`, CSAF `tracking.id`, CycloneDX `serialNumber`).
    pub document_id: String,
    /// The document's version when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_version: Option<String>,
}

/// Where a statement observation came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VexProvenance {
    /// Source name (`--source`, else the issuer).
    pub source: String,
    /// Format.
    pub format: VexFormat,
    /// Stable upstream id of the statement: `<document id>|<vulnerability>|<product ids>`, so a
    /// re-issued document's statement about the same pair supersedes the old one.
    pub upstream_id: String,
    /// Digest of the verbatim statement bytes.
    pub content_digest: Digest,
    /// When retrieved (metadata, not identity).
    pub retrieved_at: String,
    /// Document name and pointer (`file.json#/statements/3`).
    pub locator: String,
}

/// An immutable statement with provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementObservation {
    /// Digest of (source, upstream id, content digest).
    pub id: Digest,
    /// Provenance.
    pub provenance: VexProvenance,
    /// The observation it replaces, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<Digest>,
    /// The statement.
    pub statement: Statement,
}

/// One statement parsed from a document, before provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRecord {
    /// See [`VexProvenance::upstream_id`].
    pub upstream_id: String,
    /// Pointer inside the document (`/statements/3`, `/vulnerabilities/0/product_status/known_not_affected`).
    pub locator: String,
    /// Verbatim bytes of the statement (the JSON/XML text it came from).
    pub raw: Vec<u8>,
    /// The statement.
    pub statement: Statement,
}

/// A problem found while reading a VEX document: fatal ones reject a statement, others are
/// reported by `stella vex validate` (and fail it under `--strict`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// JSON pointer / XML path / locator.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// `error` (the statement was rejected) or `warning` (kept).
    pub severity: String,
}

/// The result of reading one VEX document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedDocument {
    /// The statements read.
    pub statements: Vec<StatementRecord>,
    /// Problems (errors reject a statement; warnings keep it).
    pub problems: Vec<Problem>,
}
