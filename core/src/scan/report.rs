//! The scan `Report`: what Stella found, and every piece of evidence it rests on.
//!
//! A report is a pure function of (SBOM, knowledge snapshot, evaluation time, tool version), all
//! of which it names in [`ReportInputs`]. Its JSON form is canonical (RFC 8785), so the same
//! inputs give the same bytes; lists are sorted by their primary key (findings by
//! vulnerability id then purl), and every id a finding cites is explained once in
//! [`Report::evidence`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::canon::Digest;
use crate::ecosystem::Ecosystem;

use super::target::Unmatchable;

/// The report kind and shape version.
pub const REPORT_KIND: &str = "stella.scan.report/v1";

/// A normalised severity, for filtering and gates (upstream severities are kept as given in
/// [`Finding::severities`]).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// No source states a severity.
    Unknown,
    /// CVSS 0.0 or "negligible"/"unimportant".
    None,
    /// CVSS 0.1–3.9.
    Low,
    /// CVSS 4.0–6.9.
    Medium,
    /// CVSS 7.0–8.9.
    High,
    /// CVSS 9.0–10.0.
    Critical,
}

impl Severity {
    /// Every level, lowest first.
    pub const ALL: [Severity; 6] = [
        Severity::Unknown,
        Severity::None,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The level of a CVSS base score (CVSS v3/v4 qualitative ratings).
    pub fn from_score(score: f64) -> Severity {
        if score >= 9.0 {
            Severity::Critical
        } else if score >= 7.0 {
            Severity::High
        } else if score >= 4.0 {
            Severity::Medium
        } else if score > 0.0 {
            Severity::Low
        } else {
            Severity::None
        }
    }

    /// The level a severity word names (`HIGH`, `Important`, `moderate`, `negligible`, …).
    pub fn from_label(label: &str) -> Option<Severity> {
        match label.trim().to_ascii_lowercase().as_str() {
            "critical" => Some(Severity::Critical),
            "high" | "important" => Some(Severity::High),
            "medium" | "moderate" => Some(Severity::Medium),
            "low" => Some(Severity::Low),
            "negligible" | "unimportant" | "none" | "informational" => Some(Severity::None),
            _ => None,
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Unknown => "unknown",
            Severity::None => "none",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("`{s}` is not a severity (critical, high, medium, low, none, unknown)")
            })
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The SBOM a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SbomInput {
    /// SHA-256 of the SBOM file's bytes.
    pub digest: Digest,
    /// Digest of its inventory content (format-independent).
    pub inventory_digest: Digest,
    /// `CycloneDX` or `SPDX`.
    pub format: String,
    /// Spec version.
    pub spec_version: String,
    /// The document's own id, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
    /// Number of components.
    pub components: usize,
}

/// Everything a report depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportInputs {
    /// The SBOM.
    pub sbom: SbomInput,
    /// The knowledge snapshot digest (the store's current observations).
    pub knowledge_snapshot: Digest,
    /// Tool name and version.
    pub tool: String,
    /// The evaluation time (UTC RFC 3339, ms), an input — never the wall clock.
    pub evaluated_at: String,
    /// The VEX applied (`scan --vex`), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vex: Option<VexInputs>,
}

/// The VEX statements a report was evaluated with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct VexInputs {
    /// Number of current statements considered.
    pub statements: usize,
    /// Digest of their sorted observation ids, one per line.
    pub statements_digest: Digest,
    /// Digest of the trust configuration.
    pub trust_config: Digest,
}

/// What VEX says about a finding (the VEX Lens consensus of the statements that apply to it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FindingVex {
    /// Consensus status (`not_affected`, `affected`, `fixed`, `under_investigation`, `unknown`).
    pub status: String,
    /// Justification of the consensus, when `not_affected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// The consensus digest (`stella vex consensus` reproduces it).
    pub consensus: Digest,
    /// Every statement that applies to this finding (observation ids).
    pub statements: Vec<Digest>,
    /// The statements that support the consensus status.
    pub supporting: Vec<Digest>,
    /// Recorded conflicts between issuers.
    pub conflicts: usize,
}

/// The component a finding is about.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct ComponentRef {
    /// The SBOM's own ref (bom-ref / SPDXID).
    pub bom_ref: String,
    /// Name.
    pub name: String,
    /// Version as the SBOM states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The purl as normalised by Stella.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// Ecosystem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<Ecosystem>,
}

/// How an advisory matched: the observation, and the exact range, interval or listed version.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    /// The advisory id as upstream writes it (`GHSA-…`, `DSA-4539-1`, `alpine:v3.11/main:openssl`).
    pub advisory: String,
    /// The source it came from.
    pub source: String,
    /// The observation id (its provenance is in the evidence index).
    pub observation: Digest,
    /// The package name and, for distribution advisories, the release the advisory entry is for.
    pub package: String,
    /// The version compared (for OS packages, the source version when known).
    pub version: String,
    /// What matched: `range` (OSV events), `interval` (a requirement grammar), `version` (an
    /// explicitly listed version).
    pub by: String,
    /// The range as written (`ECOSYSTEM introduced 1.0.0, fixed 1.2.6`), the interval
    /// (`>= 1.0.0, < 1.2.6`) or the listed version.
    pub range: String,
}

/// A severity exactly as one source states it.
#[derive(Debug, Clone, PartialEq, PartialOrd, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceSeverity {
    /// The source.
    pub source: String,
    /// Scheme (`CVSS_V3`, `label`, …).
    pub scheme: String,
    /// Vector or label as written.
    pub value: String,
    /// Base score when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// One vulnerability affecting one component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// `<vulnerability>@<purl without qualifiers>`.
    pub id: String,
    /// The vulnerability's primary id (the smallest CVE among its ids, else the smallest id).
    pub vulnerability: String,
    /// Every id of the vulnerability seen in the matched advisories (aliases), sorted.
    pub aliases: BTreeSet<String>,
    /// The component.
    pub component: ComponentRef,
    /// One summary line from an advisory, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The highest severity any source states (for filters and gates).
    pub severity: Severity,
    /// Severities as each source gives them (never merged).
    pub severities: Vec<SourceSeverity>,
    /// Versions that fix it (sorted by the ecosystem's order), when known.
    pub fixed_versions: Vec<String>,
    /// Is one of its CVEs in the CISA KEV catalog (by alias or `related`)?
    pub kev: bool,
    /// The KEV CVEs behind `kev`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub kev_cves: BTreeSet<String>,
    /// RustSec-style notice kind (`unmaintained`, `unsound`, `notice`) when the advisory is not a
    /// vulnerability.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub informational: Option<String>,
    /// CWE ids the matched advisories name (`CWE-79`), sorted.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub cwes: BTreeSet<String>,
    /// URLs of the advisories themselves (references of kind `ADVISORY`), sorted.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub advisory_urls: BTreeSet<String>,
    /// Every advisory match behind the finding.
    pub matches: Vec<Match>,
    /// What VEX says about it, when a statement applies (`scan --vex`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vex: Option<FindingVex>,
}

/// A component that could not be matched.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Unmatched {
    /// The component.
    pub component: ComponentRef,
    /// Why.
    #[serde(flatten)]
    pub why: Unmatchable,
}

/// An advisory that could not be evaluated for a component (an event version it states does not
/// parse): neither affected nor not affected.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Undecided {
    /// The component.
    pub component: ComponentRef,
    /// The advisory.
    pub advisory: String,
    /// The observation.
    pub observation: Digest,
    /// Why it could not be decided.
    pub reason: String,
}

/// What an evidence id is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Evidence {
    /// An SBOM component.
    Component {
        /// Its ref in the SBOM.
        bom_ref: String,
        /// Digest of the component as Stella read it (canonical JSON).
        digest: Digest,
    },
    /// An advisory observation.
    Observation {
        /// Source.
        source: String,
        /// Upstream id.
        upstream_id: String,
        /// Digest of the verbatim upstream record.
        content_digest: Digest,
        /// Where it came from.
        locator: String,
        /// When it was retrieved.
        retrieved_at: String,
    },
    /// A CISA KEV catalog entry.
    Kev {
        /// The CVE.
        cve: String,
        /// The KEV observation.
        observation: Digest,
        /// Date added to the catalog.
        date_added: String,
    },
    /// A VEX statement observation.
    Vex {
        /// Source.
        source: String,
        /// Upstream id (document and statement).
        upstream_id: String,
        /// Digest of the verbatim statement.
        content_digest: Digest,
        /// Where it came from.
        locator: String,
        /// The issuer.
        issuer: String,
        /// The statement's status.
        status: String,
    },
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Components in the SBOM.
    pub components: usize,
    /// Components looked up.
    pub matched_components: usize,
    /// Components that could not be looked up.
    pub unmatched_components: usize,
    /// Findings.
    pub findings: usize,
    /// Distinct vulnerabilities.
    pub vulnerabilities: usize,
    /// Findings per severity.
    pub by_severity: BTreeMap<Severity, usize>,
    /// Findings with a known fix.
    pub fixable: usize,
    /// Findings whose vulnerability is in KEV.
    pub kev: usize,
    /// Advisory evaluations that could not be decided.
    pub undecided: usize,
    /// Findings suppressed by VEX (listed in `suppressed`).
    #[serde(default)]
    pub suppressed: usize,
}

/// The scan report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// [`REPORT_KIND`].
    pub kind: String,
    /// What the report depends on.
    pub inputs: ReportInputs,
    /// Counts.
    pub summary: Summary,
    /// Findings sorted by (vulnerability, purl, component ref).
    pub findings: Vec<Finding>,
    /// Components that could not be matched, with the reason.
    pub unmatched: Vec<Unmatched>,
    /// Advisory evaluations that could not be decided.
    pub undecided: Vec<Undecided>,
    /// Findings VEX suppressed (`not_affected` or `fixed` consensus), with the statements behind
    /// them; never dropped.
    #[serde(default)]
    pub suppressed: Vec<Finding>,
    /// Every evidence id the report cites → what it is.
    pub evidence: BTreeMap<String, Evidence>,
}

impl Report {
    /// The canonical (RFC 8785) bytes of the report.
    ///
    /// # Errors
    /// Only for values canonical JSON cannot represent exactly (see [`crate::canon`]).
    pub fn to_canonical_json(&self) -> Result<Vec<u8>, crate::canon::CanonError> {
        crate::canon::to_canonical_vec(self)
    }

    /// Recompute the summary from the findings and lists (after filtering).
    pub fn recount(&mut self) {
        let mut by_severity = BTreeMap::new();
        for f in &self.findings {
            *by_severity.entry(f.severity).or_insert(0) += 1;
        }
        let vulns: BTreeSet<&str> = self
            .findings
            .iter()
            .map(|f| f.vulnerability.as_str())
            .collect();
        self.summary.findings = self.findings.len();
        self.summary.vulnerabilities = vulns.len();
        self.summary.by_severity = by_severity;
        self.summary.fixable = self
            .findings
            .iter()
            .filter(|f| !f.fixed_versions.is_empty())
            .count();
        self.summary.kev = self.findings.iter().filter(|f| f.kev).count();
        self.summary.unmatched_components = self.unmatched.len();
        self.summary.undecided = self.undecided.len();
        self.summary.suppressed = self.suppressed.len();
    }
}
