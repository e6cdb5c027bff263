//! Advisories (Concelier): upstream records kept verbatim with provenance, plus a normalised view.
//!
//! Aggregation, not merge: every upstream record becomes one immutable [`Observation`] — its
//! verbatim bytes, a normalised [`Advisory`] view used for matching, and [`Provenance`] (source,
//! format, upstream id, content digest, retrieval time, locator inside the upstream file).
//! Observations are never edited: a changed record under the same upstream id becomes a *new*
//! observation that `supersedes` the old one (see `store`). Related observations are linked by
//! alias into linksets; disagreements are recorded as conflicts, never resolved here.
//!
//! One parser per upstream format, side by side, behind [`Parser`]: OSV (JSON and YAML, every
//! ecosystem), Alpine secdb, Debian DSA/DLA lists, CSAF 2.0 advisories, CISA KEV, RubySec,
//! FriendsOfPHP, Node.js security-wg. A parser never aborts a whole document for one bad
//! record: it yields one result per record.

pub mod alpine;
pub mod csaf;
pub mod debian;
pub mod friendsofphp;
pub mod kev;
pub mod linkset;
pub mod nodejs;
pub mod rubysec;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::canon::Digest;
use crate::ecosystem::Ecosystem;
use crate::version::range::{Interval, OsvRange};

pub mod osv;
pub mod registry;

/// An upstream format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdvisoryFormat {
    /// OSV JSON or YAML (PyPA, RustSec, Go, GHSA, Ubuntu, …).
    Osv,
    /// Alpine secdb YAML (one file per branch and repository).
    AlpineSecdb,
    /// Debian security tracker DSA/DLA text lists.
    DebianTracker,
    /// Debian security tracker JSON export (`{package: {CVE: {releases: …}}}`).
    DebianTrackerJson,
    /// CSAF 2.0 security advisory (e.g. Red Hat RHSA).
    Csaf,
    /// CISA Known Exploited Vulnerabilities catalog (enrichment).
    Kev,
    /// RubySec advisory YAML.
    RubySec,
    /// FriendsOfPHP security advisory YAML.
    FriendsOfPhp,
    /// Node.js security working group JSON.
    NodejsWg,
}

/// Where an observation came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    /// The source name (`pypa`, `rustsec`, `go`, `ghsa`, `alpine`, `debian-dsa`, `kev`, …).
    pub source: String,
    /// The upstream format.
    pub format: AdvisoryFormat,
    /// The record's own id upstream (`PYSEC-2023-221`, `DSA-5380-1`, `alpine:v3.11/main:openssl`).
    pub upstream_id: String,
    /// Digest of the verbatim record bytes.
    pub content_digest: Digest,
    /// When the data was retrieved (UTC RFC 3339); metadata, not part of the identity.
    pub retrieved_at: String,
    /// Where the record sits in its upstream file: the file's path inside the input (relative,
    /// never a host path) and, for multi-record files, a JSON pointer or line range.
    pub locator: String,
}

/// A severity exactly as one upstream source gives it (never merged across sources).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Severity {
    /// Scheme: `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `label` (a plain word such as `HIGH`), …
    pub scheme: String,
    /// The vector or label as written.
    pub value: String,
    /// Base score, when computable or given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The vulnerability id the statement is about, when a document scores several
    /// vulnerabilities separately (CSAF `vulnerabilities[].scores`); `None`: the record as a
    /// whole (every id it names). Linksets ignore a statement about a vulnerability they do not
    /// hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability: Option<String>,
}

/// A reference link.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reference {
    /// Kind (`ADVISORY`, `FIX`, `WEB`, …) as written.
    pub kind: String,
    /// URL.
    pub url: String,
}

/// What an [`AffectedPackage`] entry states about the versions it covers.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PackageStatus {
    /// The versions in `ranges` / `versions` / `intervals` are affected (the OSV meaning).
    #[default]
    Affected,
    /// Upstream states explicitly that the package is not affected (Alpine secfixes key `0`,
    /// Debian `<not-affected>`, CSAF `known_not_affected`): such an entry never makes a version
    /// affected. Its `ranges` / `versions`, when given, narrow the versions the statement
    /// covers; when both are empty it covers every version (of that release).
    NotAffected,
    /// Upstream has not decided yet (CSAF `under_investigation`, Debian tracker
    /// `undetermined`): never makes a version affected; kept as evidence.
    UnderInvestigation,
}

impl PackageStatus {
    /// Is this the default, [`PackageStatus::Affected`]?
    pub fn is_affected(&self) -> bool {
        matches!(self, PackageStatus::Affected)
    }
}

/// One affected package of an advisory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AffectedPackage {
    /// The ecosystem, when Stella knows it (otherwise the record is kept but never matched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<Ecosystem>,
    /// The ecosystem string as upstream wrote it (`PyPI`, `crates.io`, `Debian:11`, `Alpine:v3.16`).
    pub ecosystem_raw: String,
    /// For distribution advisories: the release the ranges apply to (`11`, `bullseye`, `v3.11`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distro_release: Option<String>,
    /// Package name as upstream wrote it.
    pub name: String,
    /// Package name normalised for matching ([`Ecosystem::normalize_name`]).
    pub name_key: String,
    /// Purl, when upstream gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// Ranges (OSV event model; GIT ranges are kept but never compared).
    pub ranges: Vec<OsvRange>,
    /// Explicitly listed affected versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// Affected versions given in a requirement grammar that OSV events cannot express (npm
    /// ranges, RubyGems `~>`, Composer constraints, exclusive lower bounds): the affected set as
    /// intervals, each bound a version string. A version in any interval is affected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intervals: Vec<Interval>,
    /// The requirement text exactly as upstream wrote it, for the evidence (e.g.
    /// `patched_versions: [">= 1.2.3"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<String>,
    /// Fixed versions as upstream states them (also implied by `fixed` events), for remediation
    /// advice. Never used to decide whether a version is affected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<String>,
    /// RustSec-style informational kind (`unmaintained`, `unsound`, `notice`), when not a
    /// vulnerability.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub informational: Option<String>,
    /// What this entry states (default: affected). See [`PackageStatus`].
    #[serde(default, skip_serializing_if = "PackageStatus::is_affected")]
    pub status: PackageStatus,
    /// The vulnerability ids this entry is about, for records that cover several
    /// vulnerabilities with different affected sets (Alpine secfixes: the ids listed under one
    /// fixed version; CSAF: the `vulnerabilities[]` whose `product_status` names the product).
    /// `None`: every id of the advisory (its id and aliases), the OSV meaning. `Some(empty)`:
    /// no vulnerability (upstream listed none), so the entry can never produce a finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerabilities: Option<BTreeSet<String>>,
    /// Upstream remarks on this entry, as written where possible (Debian `(comment)` and
    /// `<end-of-life>`, Alpine key `0`, CSAF flags and remediations, ids read from
    /// misspellings). Evidence only: never used to decide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The normalised view of one advisory record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Advisory {
    /// The record's id.
    pub id: String,
    /// Aliases (other ids of the same vulnerability), sorted.
    pub aliases: BTreeSet<String>,
    /// Related ids (not the same vulnerability, but connected), sorted.
    pub related: BTreeSet<String>,
    /// Upstream ids (OSV 1.7 `upstream`: the vulnerabilities a downstream record, such as a
    /// distribution advisory, is about; neither aliases nor merely related), sorted.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub upstream: BTreeSet<String>,
    /// One-line summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Publication time as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Modification time as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Withdrawal time: a withdrawn record never matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// Severities as given, one entry per upstream statement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severities: Vec<Severity>,
    /// Affected packages.
    pub affected: Vec<AffectedPackage>,
    /// CWE ids.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub cwes: BTreeSet<String>,
    /// References.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
}

/// A CISA KEV catalog entry (enrichment joined to advisories through aliases).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KevEntry {
    /// The CVE id.
    pub cve: String,
    /// Vendor/project.
    pub vendor: String,
    /// Product.
    pub product: String,
    /// Date added to the catalog.
    pub date_added: String,
    /// Remediation due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// `Known` / `Unknown` use in ransomware campaigns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_ransomware: Option<String>,
}

/// What a record normalises to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Normalized {
    /// A vulnerability advisory.
    Advisory(Advisory),
    /// A KEV enrichment entry.
    Kev(KevEntry),
}

/// One record parsed out of an upstream document, before provenance is attached.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The record's id upstream (unique within its source).
    pub upstream_id: String,
    /// Where the record sits in its document: empty for single-record documents, else a JSON
    /// pointer (`/vulnerabilities/12`) or a line range (`lines 120-131`).
    pub locator: String,
    /// The record's verbatim bytes (the whole document for single-record documents; the record's
    /// own text for multi-record documents).
    pub raw: Vec<u8>,
    /// The source name the parser suggests (`pypa`, `rustsec`, `go`, `ghsa`, `alpine`,
    /// `debian-dsa`, `kev`, …); `stella db ingest --source` overrides it.
    pub source_hint: String,
    /// The normalised view.
    pub normalized: Normalized,
}

/// A record that could not be read; it is reported and skipped, never aborting the rest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {reason}", upstream_id.as_deref().map(|i| format!("{i} ")).unwrap_or_default(), if locator.is_empty() { "(document)" } else { locator.as_str() })]
pub struct Rejected {
    /// The record's id, when it could be read.
    pub upstream_id: Option<String>,
    /// Where the record sits in its document.
    pub locator: String,
    /// Why it was rejected.
    pub reason: String,
}

/// One upstream format's parser. Parsers are pure: bytes in, records out.
pub trait Parser {
    /// The format this parser reads.
    const FORMAT: AdvisoryFormat;
    /// Does this document look like this format? Decided by content; `name` (the file's path
    /// inside the input) is only a hint for formats without a self-describing header.
    fn sniff(name: &str, bytes: &[u8]) -> bool;
    /// Parse a document into records. A document that cannot be read at all is one
    /// [`Rejected`]; otherwise each record succeeds or fails on its own.
    fn parse(name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>>;
}

/// The identity of an observation: the digest of (source, upstream id, content digest).
pub fn observation_id(source: &str, upstream_id: &str, content_digest: &Digest) -> Digest {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Key<'a> {
        source: &'a str,
        upstream_id: &'a str,
        content_digest: String,
    }
    // Strings only: canonicalisation cannot fail.
    Digest::of_canonical(&Key {
        source,
        upstream_id,
        content_digest: content_digest.to_string(),
    })
    .unwrap_or_else(|_| Digest::of_bytes(upstream_id.as_bytes()))
}

/// An immutable observation: one upstream record with provenance and its normalised view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    /// [`observation_id`] of the provenance.
    pub id: Digest,
    /// Where it came from.
    pub provenance: Provenance,
    /// The observation this one replaces (same source and upstream id, different content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<Digest>,
    /// The normalised view.
    pub normalized: Normalized,
}

impl Observation {
    /// Attach provenance to a parsed record.
    pub fn from_record(
        record: &Record,
        format: AdvisoryFormat,
        source: &str,
        origin: &str,
        retrieved_at: &str,
    ) -> Observation {
        let content_digest = Digest::of_bytes(&record.raw);
        let locator = if record.locator.is_empty() {
            origin.to_string()
        } else {
            format!("{origin}#{}", record.locator)
        };
        Observation {
            id: observation_id(source, &record.upstream_id, &content_digest),
            provenance: Provenance {
                source: source.to_string(),
                format,
                upstream_id: record.upstream_id.clone(),
                content_digest,
                retrieved_at: retrieved_at.to_string(),
                locator,
            },
            supersedes: None,
            normalized: record.normalized.clone(),
        }
    }
}
