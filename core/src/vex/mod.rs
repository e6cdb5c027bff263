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
//!
//! Reading (one file per format, like `advisory/`): [`openvex`], [`csaf`], [`cyclonedx`] (JSON
//! and XML); [`detect`] sniffs the format by content and refuses non-VEX documents naming what
//! they are; [`validate`] lists the [`Problem`]s of a parsed document. A parser never aborts a
//! document for one bad statement: a statement with a fatal problem (unknown status, bad date,
//! dangling product reference, no product) is left out and reported as an `error` problem; a
//! document that cannot be read at all (malformed JSON/XML, wrong shape) is a [`VexError`].
//!
//! **Identity.** A statement's `upstream_id` is `<document id>|<vulnerability>|<product ids,
//! sorted, comma-separated>`; when the same key occurs again in one document (OpenVEX history
//! documents repeat a statement over time) the later occurrences get `|#2`, `|#3`, … — stable
//! when statements are added elsewhere in the document, unlike an index. Its `raw` bytes are the
//! verbatim text of the statement (OpenVEX statement object, CycloneDX vulnerability entry)
//! except for CSAF, whose statements are spread over the vulnerability entry *and* the product
//! tree: there `raw` is the whole document, so any new revision of a CSAF document supersedes
//! its statements. Document-level context outside the statement's text (the OpenVEX author and
//! document timestamp a statement inherits, CycloneDX components a bom-ref resolves to) is part
//! of the [`Statement`] but not of the content digest: re-issuing a document with only a new
//! document timestamp does not create new observations.

pub mod apply;
pub mod consensus;
pub mod csaf;
pub mod cyclonedx;
pub mod detect;
pub mod explain;
pub mod export;
pub mod openvex;
pub mod scope;
pub mod validate;

#[cfg(test)]
mod corpus_tests;

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::canon::Digest;
use crate::json::JsonError;

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
    /// The justification as written when it differs from the OpenVEX name in
    /// [`Statement::justification`]: a CycloneDX value (`code_not_reachable`, kept beside its
    /// mapping) or, with `justification` `None`, an unknown value (kept, reported by
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

/// A VEX document that cannot be read at all (nothing of it is ingested).
#[derive(Debug, thiserror::Error)]
pub enum VexError {
    /// The document is not VEX; `what` names what it is.
    #[error("not a VEX document: {what}")]
    NotVex {
        /// What the document is (`a CycloneDX SBOM without vulnerabilities`, `an OSV record`).
        what: String,
    },
    /// Malformed or truncated JSON, duplicate keys, nesting too deep.
    #[error("{format}: {source}")]
    Json {
        /// The format being read.
        format: VexFormat,
        /// The positioned error.
        #[source]
        source: JsonError,
    },
    /// Malformed XML (DTDs are refused).
    #[error("CycloneDX XML, line {line}, column {column}: {message}")]
    Xml {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// Well-formed, but the document's structure is wrong (e.g. `statements` is not an array).
    #[error("{format} at `{location}`: {message}")]
    Invalid {
        /// The format being read.
        format: VexFormat,
        /// JSON pointer / XML path.
        location: String,
        /// What is wrong.
        message: String,
    },
    /// A version of the format Stella does not read.
    #[error("{format} version `{version}` is not supported (supported: {supported})")]
    UnsupportedVersion {
        /// The format.
        format: VexFormat,
        /// The version found.
        version: String,
        /// What is supported.
        supported: &'static str,
    },
}

impl VexFormat {
    /// The name used on the command line and in reports.
    pub fn cli_name(self) -> &'static str {
        match self {
            VexFormat::OpenVex => "openvex",
            VexFormat::CsafVex => "csaf-vex",
            VexFormat::CycloneDx => "cyclonedx-vex",
        }
    }
}

impl std::fmt::Display for VexFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            VexFormat::OpenVex => "OpenVEX",
            VexFormat::CsafVex => "CSAF VEX",
            VexFormat::CycloneDx => "CycloneDX VEX",
        })
    }
}

impl VexStatus {
    /// The OpenVEX spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::NotAffected => "not_affected",
            VexStatus::Affected => "affected",
            VexStatus::Fixed => "fixed",
            VexStatus::UnderInvestigation => "under_investigation",
        }
    }
}

impl Justification {
    /// Every justification.
    pub const ALL: [Justification; 5] = [
        Justification::ComponentNotPresent,
        Justification::VulnerableCodeNotPresent,
        Justification::VulnerableCodeNotInExecutePath,
        Justification::VulnerableCodeCannotBeControlledByAdversary,
        Justification::InlineMitigationsAlreadyExist,
    ];

    /// The OpenVEX spelling (also CSAF's flag label).
    pub fn as_str(self) -> &'static str {
        match self {
            Justification::ComponentNotPresent => "component_not_present",
            Justification::VulnerableCodeNotPresent => "vulnerable_code_not_present",
            Justification::VulnerableCodeNotInExecutePath => "vulnerable_code_not_in_execute_path",
            Justification::VulnerableCodeCannotBeControlledByAdversary => {
                "vulnerable_code_cannot_be_controlled_by_adversary"
            }
            Justification::InlineMitigationsAlreadyExist => "inline_mitigations_already_exist",
        }
    }

    /// An OpenVEX / CSAF label.
    pub fn from_openvex(s: &str) -> Option<Justification> {
        Justification::ALL.into_iter().find(|j| j.as_str() == s)
    }
}

/// The identity of a statement observation: the digest of (source, upstream id, content
/// digest), the same construction as advisory observations.
pub fn statement_observation_id(
    source: &str,
    upstream_id: &str,
    content_digest: &Digest,
) -> Digest {
    crate::advisory::observation_id(source, upstream_id, content_digest)
}

impl StatementObservation {
    /// Attach provenance to a parsed statement. `source` defaults to the issuer's name;
    /// `origin` is the document's name inside the input.
    pub fn from_record(
        record: &StatementRecord,
        format: VexFormat,
        source: Option<&str>,
        origin: &str,
        retrieved_at: &str,
    ) -> StatementObservation {
        let source = source.unwrap_or(&record.statement.issuer.name).to_string();
        let content_digest = Digest::of_bytes(&record.raw);
        StatementObservation {
            id: statement_observation_id(&source, &record.upstream_id, &content_digest),
            provenance: VexProvenance {
                source,
                format,
                upstream_id: record.upstream_id.clone(),
                content_digest,
                retrieved_at: retrieved_at.to_string(),
                locator: format!("{origin}#{}", record.locator),
            },
            supersedes: None,
            statement: record.statement.clone(),
        }
    }
}

impl Problem {
    /// A fatal problem: the statement (or document part) at `location` was left out.
    pub fn error(location: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            location: location.into(),
            message: message.into(),
            severity: "error".into(),
        }
    }

    /// A problem that keeps the statement.
    pub fn warning(location: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            location: location.into(),
            message: message.into(),
            severity: "warning".into(),
        }
    }

    /// Is it an error (the statement was rejected)?
    pub fn is_error(&self) -> bool {
        self.severity == "error"
    }
}

/// Builds upstream ids: `<document id>|<vulnerability>|<product ids>`, with `|#n` on the n-th
/// repetition of a key inside one document (see the module header).
#[derive(Debug, Default)]
pub(crate) struct UpstreamIds {
    seen: HashMap<String, usize>,
}

impl UpstreamIds {
    pub(crate) fn next(
        &mut self,
        document_id: &str,
        vulnerability: &str,
        products: &[Product],
    ) -> String {
        let mut ids: Vec<&str> = products.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let key = format!("{document_id}|{vulnerability}|{}", ids.join(","));
        let n = self.seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { key } else { format!("{key}|#{n}") }
    }
}

/// Check a timestamp (RFC 3339 with an offset, as every VEX format requires).
pub(crate) fn check_timestamp(text: &str) -> Result<(), String> {
    text.trim()
        .parse::<crate::time::Timestamp>()
        .map(|_| ())
        .map_err(|_| format!("`{}` is not an RFC 3339 timestamp", short(text, 60)))
}

/// Truncate text for a message.
pub(crate) fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// A product named by an identifier string: a purl (normalised), a CPE, or anything else
/// (image reference, CSAF product id, hash) kept as written. A purl that does not parse is kept
/// as the id, without `purl`, and reported as a warning at `location`.
pub(crate) fn product_from_id(id: &str, location: &str, problems: &mut Vec<Problem>) -> Product {
    let mut p = Product {
        id: id.to_string(),
        purl: None,
        cpe: None,
        bom_link: None,
        versions: Vec::new(),
        subcomponents: Vec::new(),
    };
    set_identifier(&mut p, id, location, problems);
    p
}

/// Fill `purl`/`cpe` of a product from an identifier string when it is one.
pub(crate) fn set_identifier(
    p: &mut Product,
    ident: &str,
    location: &str,
    problems: &mut Vec<Problem>,
) {
    let t = ident.trim();
    if t.len() > 4 && t[..4].eq_ignore_ascii_case("pkg:") {
        if p.purl.is_none() {
            match crate::purl::Purl::parse(t) {
                Ok(purl) => p.purl = Some(purl.to_string()),
                Err(e) => problems.push(Problem::warning(
                    location,
                    format!(
                        "`{}` is not a valid purl ({e}); kept as an opaque product id",
                        short(t, 100)
                    ),
                )),
            }
        }
    } else if t.starts_with("cpe:") && p.cpe.is_none() {
        p.cpe = Some(t.to_string());
    }
}
