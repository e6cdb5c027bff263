//! SBOM ingest: every real SBOM format read into one normalised [`Inventory`], and written back
//! out deterministically.
//!
//! Readers (one module per format, side by side): [`cyclonedx`] (JSON and XML, 1.0–1.7),
//! [`spdx2`] (JSON, YAML and tag-value, 2.2/2.3) and [`spdx3`] (JSON-LD, 3.0). [`detect`] picks
//! the reader from the *content*, never the file name, and names what a non-SBOM document is
//! (OpenVEX, CSAF, …) so the user learns why it was refused.
//!
//! The one decision a newcomer might undo: **nothing is dropped**. A component without a purl,
//! with a malformed purl or an unknown ecosystem stays in the inventory (it is counted as
//! unidentified and later reported as unmatchable); problems that do not make the document
//! unreadable are collected as [`Warning`]s rather than failing the read.
//!
//! Writers: [`cyclonedx::write_cyclonedx_1_6`] and [`spdx2::write_spdx_2_3`], deterministic for a
//! given inventory and [`WriteOptions`].

pub mod cyclonedx;
pub mod detect;
pub mod diff;
pub mod spdx2;
pub mod spdx3;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::canon::Digest;
use crate::ecosystem::Ecosystem;
use crate::json::JsonError;
use crate::purl::Purl;

pub use detect::{Detected, detect};

/// The SBOM standard a document follows.
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
pub enum SbomFormat {
    /// OWASP CycloneDX.
    CycloneDx,
    /// SPDX (2.x or 3.x).
    Spdx,
}

/// How a document is serialised.
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
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// JSON.
    Json,
    /// XML.
    Xml,
    /// SPDX tag-value text.
    TagValue,
    /// YAML.
    Yaml,
    /// JSON-LD (SPDX 3).
    JsonLd,
}

impl std::fmt::Display for SbomFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SbomFormat::CycloneDx => "CycloneDX",
            SbomFormat::Spdx => "SPDX",
        })
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Json => "JSON",
            Encoding::Xml => "XML",
            Encoding::TagValue => "tag-value",
            Encoding::Yaml => "YAML",
            Encoding::JsonLd => "JSON-LD",
        })
    }
}

/// Where an inventory came from: the document's format and producer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceInfo {
    /// The standard.
    pub format: SbomFormat,
    /// The serialisation.
    pub encoding: Encoding,
    /// The spec version as the document states it (`1.4`, `2.3`, `3.0.1`).
    pub spec_version: String,
    /// The tools that generated the document, in document order.
    pub tools: Vec<Tool>,
    /// The document's creation time, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The document's own identifier (CycloneDX `serialNumber`, SPDX `documentNamespace` or
    /// SPDX 3 document `spdxId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
    /// The CycloneDX BOM `version` (a positive integer; the spec's default 1 is *not* filled in
    /// when the document omits it). With [`SourceInfo::document_id`] it identifies the exact BOM
    /// a CycloneDX BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`) points into; VEX scoping
    /// (`vex::scope`) compares both. `None` for SPDX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_version: Option<u32>,
    /// The document's name (SPDX `name`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_name: Option<String>,
}

/// A tool that produced a document.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Tool {
    /// Vendor or organisation, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Tool name.
    pub name: String,
    /// Tool version, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// A checksum of a component, algorithm normalised.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Hash {
    /// Lowercase algorithm name without punctuation variants: `md5`, `sha1`, `sha256`,
    /// `sha384`, `sha512`, `sha3-256`, `blake2b-256`, `blake3`, ….
    pub alg: String,
    /// Lowercase hex value.
    pub value: String,
}

/// One package-like element of an SBOM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// The document's own reference for this element (CycloneDX `bom-ref`, SPDX `SPDXID` /
    /// `spdxId`). When the document gives none, the reader synthesises a stable one
    /// (`stella:` + the component's identity, disambiguated by document position).
    pub bom_ref: String,
    /// Component type as the document states it, lowercase (`library`, `application`,
    /// `operating-system`, `container`, `file`, …). SPDX `primaryPackagePurpose` maps here;
    /// absent → `library`.
    pub kind: String,
    /// Name.
    pub name: String,
    /// CycloneDX `group` (Maven group id, npm scope), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Version, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The normalised purl, when the document gives a valid one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<Purl>,
    /// The purl text as written, when present (also when invalid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl_raw: Option<String>,
    /// Why `purl_raw` could not be parsed, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl_error: Option<String>,
    /// The ecosystem, derived from the purl, when Stella knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<Ecosystem>,
    /// Checksums, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
    /// Licences: SPDX ids or expressions as written, or licence names; sorted, de-duplicated.
    /// `NOASSERTION` and `NONE` are not licences and are not kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<String>,
    /// CPE identifiers, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpes: Vec<String>,
    /// The distribution release from the purl `distro` qualifier (`debian-11`, `alpine-3.17.2`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distro: Option<String>,
    /// For nested CycloneDX components: the `bom_ref` of the enclosing component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// For OS packages: the source (Debian) or origin (Alpine) package this binary package was
    /// built from, which distribution advisories name. From the purl's `upstream`/`source`
    /// qualifier or the generator's properties (Trivy `aquasecurity:trivy:SrcName`, Syft
    /// `syft:metadata:source`/`originPackage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_name: Option<String>,
    /// The source package's version when the SBOM states it (Trivy `SrcEpoch:SrcVersion-SrcRelease`,
    /// or `upstream=name@version`); distribution fixes are stated in source versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_version: Option<String>,
}

impl Component {
    /// Build a component from the fields every reader has, deriving purl, ecosystem and distro.
    /// Readers call this and then fill hashes, licences, CPEs and parent.
    pub fn new(
        bom_ref: String,
        kind: String,
        name: String,
        version: Option<String>,
        purl_raw: Option<String>,
    ) -> Self {
        let mut c = Component {
            bom_ref,
            kind,
            name,
            group: None,
            version: version.filter(|v| !v.is_empty()),
            purl: None,
            purl_raw: None,
            purl_error: None,
            ecosystem: None,
            hashes: Vec::new(),
            licenses: Vec::new(),
            cpes: Vec::new(),
            distro: None,
            parent: None,
            source_name: None,
            source_version: None,
        };
        c.set_purl(purl_raw);
        c
    }

    /// Apply generator properties that name the source package (see [`Component::source_name`]).
    /// Unknown properties are ignored.
    pub fn apply_source_properties<'a>(
        &mut self,
        props: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        let mut name = None;
        let (mut version, mut release, mut epoch) = (None, None, None);
        for (k, v) in props {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k {
                "aquasecurity:trivy:SrcName"
                | "syft:metadata:source"
                | "syft:metadata:originPackage"
                | "stella:source:name" => name = Some(v.to_string()),
                // Stella's own property carries the full source version already.
                "stella:source:version" => {
                    self.source_version = Some(v.to_string());
                }
                "aquasecurity:trivy:SrcVersion" | "syft:metadata:sourceVersion" => {
                    version = Some(v.to_string())
                }
                "aquasecurity:trivy:SrcRelease" => release = Some(v.to_string()),
                "aquasecurity:trivy:SrcEpoch" => epoch = Some(v.to_string()),
                _ => {}
            }
        }
        if let Some(n) = name {
            self.source_name = Some(n);
        }
        if let Some(v) = version {
            let mut full = String::new();
            if let Some(e) = epoch.filter(|e| e != "0") {
                full.push_str(&e);
                full.push(':');
            }
            full.push_str(&v);
            if let Some(r) = release {
                full.push('-');
                full.push_str(&r);
            }
            self.source_version = Some(full);
        }
    }

    /// Set (or clear) the purl from its written form, updating ecosystem and distro.
    pub fn set_purl(&mut self, purl_raw: Option<String>) {
        let raw = purl_raw
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        self.purl = None;
        self.purl_error = None;
        self.ecosystem = None;
        self.distro = None;
        if let Some(raw) = &raw {
            match Purl::parse(raw) {
                Ok(p) => {
                    self.ecosystem = p.ecosystem();
                    self.distro = p.distro().map(str::to_string);
                    // Syft: `upstream=openssl` or `upstream=openssl@1.1.1k-1`; osv-scanner and
                    // Ubuntu tooling: `source=pcre3`.
                    if let Some(up) = p.qualifier("upstream").or_else(|| p.qualifier("source")) {
                        match up.split_once('@') {
                            Some((n, v)) => {
                                self.source_name = Some(n.to_string()).filter(|n| !n.is_empty());
                                self.source_version = Some(v.to_string()).filter(|v| !v.is_empty());
                            }
                            None => {
                                self.source_name = Some(up.to_string()).filter(|n| !n.is_empty())
                            }
                        }
                    }
                    self.purl = Some(p);
                }
                Err(e) => self.purl_error = Some(e.reason),
            }
        }
        self.purl_raw = raw;
    }

    /// Is this component identified by a valid purl?
    pub fn is_identified(&self) -> bool {
        self.purl.is_some()
    }

    /// The identity used to compare components across documents: the purl without qualifiers
    /// when there is one, otherwise `name@version` (with the group, if any).
    pub fn identity(&self) -> String {
        match &self.purl {
            Some(p) => p.without_qualifiers(),
            None => {
                let mut s = String::new();
                if let Some(g) = &self.group {
                    s.push_str(g);
                    s.push('/');
                }
                s.push_str(&self.name);
                if let Some(v) = &self.version {
                    s.push('@');
                    s.push_str(v);
                }
                s
            }
        }
    }

    /// Normalise collections (sort, de-duplicate, drop `NOASSERTION`/`NONE` licences).
    pub fn normalize(&mut self) {
        self.hashes.iter_mut().for_each(|h| {
            h.alg = normalize_hash_alg(&h.alg);
            h.value = h.value.trim().to_ascii_lowercase();
        });
        self.hashes.retain(|h| !h.value.is_empty());
        self.hashes.sort();
        self.hashes.dedup();
        self.licenses.retain(|l| {
            let t = l.trim();
            !t.is_empty() && t != "NOASSERTION" && t != "NONE"
        });
        self.licenses
            .iter_mut()
            .for_each(|l| *l = l.trim().to_string());
        self.licenses.sort();
        self.licenses.dedup();
        self.cpes.sort();
        self.cpes.dedup();
    }
}

/// Normalise a hash algorithm name: `SHA-256`, `SHA256`, `sha256` → `sha256`; `SHA3-256` →
/// `sha3-256`; `BLAKE2b-256` → `blake2b-256`.
pub fn normalize_hash_alg(alg: &str) -> String {
    let a = alg.trim().to_ascii_lowercase();
    match a.as_str() {
        "sha-1" => "sha1".into(),
        "sha-224" => "sha224".into(),
        "sha-256" => "sha256".into(),
        "sha-384" => "sha384".into(),
        "sha-512" => "sha512".into(),
        "sha3_256" => "sha3-256".into(),
        "sha3_384" => "sha3-384".into(),
        "sha3_512" => "sha3-512".into(),
        _ => a,
    }
}

/// The kind of a relationship between two components.
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
#[serde(rename_all = "kebab-case")]
pub enum RelationshipKind {
    /// `from` depends on `to` (CycloneDX `dependencies`, SPDX `DEPENDS_ON` and the reversed
    /// `*_DEPENDENCY_OF` family).
    DependsOn,
    /// `from` contains `to` (SPDX `CONTAINS`/`CONTAINED_BY`; CycloneDX nesting is recorded in
    /// [`Component::parent`] instead).
    Contains,
}

/// A directed relationship between two components, by `bom_ref`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Relationship {
    /// Source component ref.
    pub from: String,
    /// Kind.
    pub kind: RelationshipKind,
    /// Target component ref.
    pub to: String,
}

/// A problem that did not stop the document from being read.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct Warning {
    /// Where (JSON pointer, XML element path or `line N`).
    pub location: String,
    /// What.
    pub message: String,
}

/// The normalised content of one SBOM document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Inventory {
    /// Format and producer.
    pub source: SourceInfo,
    /// `bom_ref`s of the components the document describes (CycloneDX `metadata.component`,
    /// SPDX `documentDescribes`/`DESCRIBES`/`rootElement`), sorted. A subject that is a file
    /// rather than a package is not a component and not listed here.
    pub subject: Vec<String>,
    /// Every package-like element, in document order (depth-first for nested CycloneDX
    /// components). CycloneDX `metadata.component` (and its nested components) are included.
    pub components: Vec<Component>,
    /// Relationships between components, sorted and de-duplicated. Edges naming a ref that is not
    /// a component are dropped with a [`Warning`].
    pub relationships: Vec<Relationship>,
    /// Number of file elements (SPDX files, SPDX 3 `software_File`); they are not components.
    pub files: usize,
    /// Non-fatal problems met while reading.
    pub warnings: Vec<Warning>,
}

/// Per-ecosystem counts and identification statistics of an inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InventoryStats {
    /// All components.
    pub components: usize,
    /// Components with a valid purl.
    pub identified: usize,
    /// Components without a purl or with an invalid one (kept, reported as unmatchable).
    pub unidentified: usize,
    /// Components with a purl whose ecosystem Stella cannot match (`generic`, `github`, …).
    pub unsupported_ecosystem: usize,
    /// Counts by ecosystem name; purl types Stella does not match are counted as
    /// `other:<type>`, and components without a valid purl as `unidentified`.
    pub by_ecosystem: BTreeMap<String, usize>,
    /// `depends-on` edges.
    pub dependency_edges: usize,
    /// `contains` edges.
    pub contains_edges: usize,
    /// File elements (not components).
    pub files: usize,
    /// Distinct identities (purl without qualifiers, or name@version).
    pub unique_identities: usize,
}

impl Inventory {
    /// Sort and de-duplicate relationships, drop those naming unknown refs (with a warning),
    /// normalise components and sort `subject`. Every reader calls this last.
    pub fn finish(&mut self) {
        for c in &mut self.components {
            c.normalize();
        }
        let refs: BTreeSet<&str> = self.components.iter().map(|c| c.bom_ref.as_str()).collect();
        let mut dangling = Vec::new();
        self.relationships.retain(|r| {
            let ok = refs.contains(r.from.as_str()) && refs.contains(r.to.as_str());
            if !ok {
                dangling.push(format!("{} {:?} {}", r.from, r.kind, r.to));
            }
            ok
        });
        if !dangling.is_empty() {
            let n = dangling.len();
            let example = dangling.into_iter().next().unwrap_or_default();
            self.warnings.push(Warning {
                location: "relationships".into(),
                message: format!("{n} relationship(s) name an element that is not a component and were dropped (e.g. {example})"),
            });
        }
        self.relationships.sort();
        self.relationships.dedup();
        self.subject.retain(|s| refs.contains(s.as_str()));
        self.subject.sort();
        self.subject.dedup();
        self.warnings.sort();
        self.warnings.dedup();
    }

    /// Counts for `stella sbom inspect`.
    pub fn stats(&self) -> InventoryStats {
        let mut by_ecosystem = BTreeMap::new();
        let mut identified = 0;
        let mut unsupported = 0;
        for c in &self.components {
            let key = match (&c.purl, c.ecosystem) {
                (Some(_), Some(e)) => {
                    identified += 1;
                    e.as_str().to_string()
                }
                (Some(p), None) => {
                    identified += 1;
                    unsupported += 1;
                    format!("other:{}", p.ty())
                }
                (None, _) => "unidentified".to_string(),
            };
            *by_ecosystem.entry(key).or_insert(0) += 1;
        }
        let unique: BTreeSet<String> = self.components.iter().map(Component::identity).collect();
        InventoryStats {
            components: self.components.len(),
            identified,
            unidentified: self.components.len() - identified,
            unsupported_ecosystem: unsupported,
            by_ecosystem,
            dependency_edges: self
                .relationships
                .iter()
                .filter(|r| r.kind == RelationshipKind::DependsOn)
                .count(),
            contains_edges: self
                .relationships
                .iter()
                .filter(|r| r.kind == RelationshipKind::Contains)
                .count(),
            files: self.files,
            unique_identities: unique.len(),
        }
    }

    /// The inventory digest: what the SBOM says is present and how it is connected,
    /// independent of how it is written.
    ///
    /// It covers each component's identity, name, version, ecosystem and licences, and the
    /// dependency edges between identities. It deliberately excludes the serialisation (format,
    /// spec version, element ids, document metadata, tool, timestamps) and integrity metadata
    /// (hashes), which generators emit inconsistently for the same content: the same software
    /// described as CycloneDX JSON and XML, or as SPDX 2.3 and 3.0, gives the same digest.
    pub fn digest(&self) -> Digest {
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        struct C<'a> {
            id: String,
            name: &'a str,
            version: Option<&'a str>,
            ecosystem: Option<&'a str>,
            licenses: &'a [String],
        }
        #[derive(Serialize)]
        struct D<'a> {
            components: BTreeSet<C<'a>>,
            dependencies: BTreeSet<(String, String)>,
        }
        let id_of: BTreeMap<&str, String> = self
            .components
            .iter()
            .map(|c| (c.bom_ref.as_str(), c.identity()))
            .collect();
        let components = self
            .components
            .iter()
            .map(|c| C {
                id: c.identity(),
                name: &c.name,
                version: c.version.as_deref(),
                ecosystem: c.ecosystem.map(Ecosystem::as_str),
                licenses: &c.licenses,
            })
            .collect();
        let dependencies = self
            .relationships
            .iter()
            .filter(|r| r.kind == RelationshipKind::DependsOn)
            .filter_map(|r| {
                Some((
                    id_of.get(r.from.as_str())?.clone(),
                    id_of.get(r.to.as_str())?.clone(),
                ))
            })
            .filter(|(a, b)| a != b)
            .collect();
        // Only strings and sorted sets: canonicalisation cannot fail here.
        Digest::of_canonical(&D {
            components,
            dependencies,
        })
        .unwrap_or_else(|_| Digest::of_bytes(b""))
    }
}

/// Why an SBOM could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SbomError {
    /// The document is a recognised non-SBOM document (VEX, CSAF advisory, OSV record, …).
    #[error("not an SBOM: this is {what}")]
    NotAnSbom {
        /// What it is, e.g. "an OpenVEX document".
        what: String,
        /// Which command reads it instead, when there is one.
        hint: Option<String>,
    },
    /// The content matches no SBOM format Stella knows.
    #[error("not a recognised SBOM format: {reason}")]
    UnknownFormat {
        /// What was seen.
        reason: String,
    },
    /// A recognised format in a spec version Stella does not read.
    #[error("{format} {version} is not supported (supported: {supported})")]
    UnsupportedVersion {
        /// The format.
        format: SbomFormat,
        /// The version stated.
        version: String,
        /// The versions Stella reads.
        supported: &'static str,
    },
    /// The bytes are not valid UTF-8 (all supported encodings are UTF-8 text).
    #[error("the document is not valid UTF-8 (first invalid byte at offset {offset})")]
    Utf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// JSON syntax or shape problem.
    #[error("invalid {format} JSON: {source}")]
    Json {
        /// What was being read.
        format: &'static str,
        /// The positioned JSON error.
        #[source]
        source: JsonError,
    },
    /// XML syntax problem (including DTDs, which are refused: no external entities, no entity
    /// expansion bombs).
    #[error("invalid XML at line {line}, column {column}: {message}")]
    Xml {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What went wrong.
        message: String,
    },
    /// YAML syntax or shape problem.
    #[error("invalid SPDX YAML{}: {message}", line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Yaml {
        /// 1-based line, when known.
        line: Option<usize>,
        /// What went wrong.
        message: String,
    },
    /// SPDX tag-value problem.
    #[error("invalid SPDX tag-value at line {line}: {message}")]
    TagValue {
        /// 1-based line.
        line: usize,
        /// What went wrong.
        message: String,
    },
    /// The document parsed but violates a rule the reader needs (missing name, wrong type).
    #[error("invalid {format} document at {location}: {message}")]
    Invalid {
        /// The format.
        format: SbomFormat,
        /// JSON pointer, XML path or line.
        location: String,
        /// What is wrong.
        message: String,
        /// 1-based line, when known.
        line: Option<usize>,
    },
}

impl SbomError {
    /// The 1-based line of the problem, when the error has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            SbomError::Json { source, .. } if source.line > 0 => Some(source.line),
            SbomError::Xml { line, .. } => Some(*line as usize),
            SbomError::Yaml { line, .. } => *line,
            SbomError::TagValue { line, .. } => Some(*line),
            SbomError::Invalid { line, .. } => *line,
            _ => None,
        }
    }
}

/// Read any supported SBOM document into an [`Inventory`].
///
/// # Errors
/// [`SbomError`] describing why the document is not a readable SBOM.
pub fn read(bytes: &[u8]) -> Result<Inventory, SbomError> {
    let detected = detect(bytes)?;
    read_detected(bytes, &detected)
}

/// Read a document whose format was already detected.
///
/// # Errors
/// See [`read`].
pub fn read_detected(bytes: &[u8], detected: &Detected) -> Result<Inventory, SbomError> {
    let mut inv = match (detected.format, detected.encoding) {
        (SbomFormat::CycloneDx, Encoding::Json) => cyclonedx::read_json(bytes)?,
        (SbomFormat::CycloneDx, Encoding::Xml) => cyclonedx::read_xml(bytes)?,
        (SbomFormat::Spdx, Encoding::Json) => spdx2::read_json(bytes)?,
        (SbomFormat::Spdx, Encoding::Yaml) => spdx2::read_yaml(bytes)?,
        (SbomFormat::Spdx, Encoding::TagValue) => spdx2::read_tag_value(bytes)?,
        (SbomFormat::Spdx, Encoding::JsonLd) => spdx3::read_json_ld(bytes)?,
        (format, encoding) => {
            return Err(SbomError::UnknownFormat {
                reason: format!("{format} in {encoding} is not a supported combination"),
            });
        }
    };
    inv.finish();
    Ok(inv)
}

/// Options for the deterministic writers.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// The timestamp to write (`--at` / `SOURCE_DATE_EPOCH`). When `None`, writers use the source
    /// document's creation time if it is a valid RFC 3339 time, and otherwise omit it (CycloneDX)
    /// or use the Unix epoch (SPDX, where `created` is mandatory). Never the wall clock.
    pub timestamp: Option<crate::time::Timestamp>,
}
