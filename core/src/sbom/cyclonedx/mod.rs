//! CycloneDX: readers for JSON (1.2–1.7) and XML (1.0–1.7), and the deterministic CycloneDX 1.6
//! JSON writer.
//!
//! Both readers are thin front ends: `json` deserialises into lenient serde types (every field
//! optional, unknown fields ignored, both shapes of `metadata.tools`), `xml` walks a
//! `roxmltree` document (DTDs refused: no external entities, no entity expansion bombs). Each
//! feeds the same format-neutral `RawComponent`s, dependency edges and tools into one
//! `Builder`, so the mapping rules (kind defaulting, bom-ref synthesis, nesting → `parent`,
//! warnings) exist once and the JSON and XML spellings of one BOM give the same
//! [`Inventory::digest`].
//!
//! The decision a newcomer might undo: **a component without a `bom-ref` gets a synthesised
//! one computed after the whole document is read**, `stella:` + its identity (purl without
//! qualifiers, else `group/name@version`), with `#2`, `#3`, … for later components of the same
//! identity in document order, skipping any ref the document itself uses. It depends only on
//! content and order, never on the serialisation, so the JSON and XML twins agree and a
//! re-read of Stella's own output gives the same refs.
//!
//! Writer choices (see [`write_cyclonedx_1_6`]): nested components are re-nested under their parent (the
//! only way CycloneDX can say "part of"), `dependencies` lists only components with at least
//! one known dependency (an empty entry would assert "has no dependencies", which the
//! inventory does not know), and the serial number is a UUIDv5 over the written content.

mod json;
mod write;
pub(crate) mod xml;

use std::collections::{BTreeMap, BTreeSet};

pub use json::read_json;
pub(crate) use write::{OutComponent, out_component};
pub use write::{SERIAL_NAMESPACE, write_cyclonedx_1_6};
pub use xml::read_xml;

use super::{
    Component, Encoding, Hash, Inventory, Relationship, RelationshipKind, SbomFormat, SourceInfo,
    Tool, Warning,
};

/// The XML namespace of CycloneDX documents, without the trailing spec version.
pub const XML_NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

/// The `bom-ref` prefix of references Stella synthesises for components that have none.
pub const SYNTHETIC_REF_PREFIX: &str = "stella:";

/// Property names whose values are read as additional CPEs (CycloneDX has one `cpe` field;
/// Syft puts the others in `syft:cpe23` properties, Stella's writer in `stella:cpe`).
pub const CPE_PROPERTY_NAMES: &[&str] = &["stella:cpe", "syft:cpe23"];

/// Properties that name an OS package's source package (see [`Component::source_name`]).
pub(crate) fn is_source_property(name: &str) -> bool {
    name.starts_with("aquasecurity:trivy:Src")
        || matches!(
            name,
            "syft:metadata:source"
                | "syft:metadata:sourceVersion"
                | "syft:metadata:originPackage"
                | "stella:source:name"
                | "stella:source:version"
        )
}

/// Components nested deeper than this are refused by the XML reader (JSON already stops at
/// serde_json's recursion limit of 128 containers, i.e. about 60 component levels).
pub const MAX_NESTING: usize = 64;

/// The writer nests components at most this deep and writes deeper ones top-level, so that its
/// output (each level is two JSON containers, plus three inside a licence) stays well within
/// serde_json's recursion limit when read back.
pub const WRITE_MAX_NESTING: usize = 48;

/// A component as either reader found it, before refs are assigned.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawComponent {
    pub bom_ref: Option<String>,
    pub kind: Option<String>,
    pub name: Option<String>,
    pub group: Option<String>,
    pub version: Option<String>,
    pub purl: Option<String>,
    pub cpes: Vec<String>,
    /// (algorithm as written, value as written).
    pub hashes: Vec<(String, String)>,
    pub licenses: Vec<String>,
    /// Properties Stella reads (source package names and versions), as (name, value).
    pub properties: Vec<(String, String)>,
}

struct Draft {
    component: Component,
    explicit_ref: bool,
    parent: Option<usize>,
}

/// Collects what a reader found and turns it into an [`Inventory`].
pub(crate) struct Builder {
    drafts: Vec<Draft>,
    subject: Option<usize>,
    edges: Vec<(String, String)>,
    tools: Vec<Tool>,
    warnings: Vec<Warning>,
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            drafts: Vec::new(),
            subject: None,
            edges: Vec::new(),
            tools: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Add a component in document order (parents before their children); returns its index.
    pub fn push(&mut self, raw: RawComponent, parent: Option<usize>, location: String) -> usize {
        let kind = raw
            .kind
            .map(|k| k.trim().to_ascii_lowercase())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "library".to_string());
        let name = raw.name.unwrap_or_default();
        if name.trim().is_empty() {
            self.warn(
                &location,
                "component has no name; it is kept with an empty name".to_string(),
            );
        }
        let bom_ref = raw
            .bom_ref
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        let explicit_ref = bom_ref.is_some();
        let mut c = Component::new(
            bom_ref.unwrap_or_default(),
            kind,
            name,
            raw.version,
            raw.purl,
        );
        c.group = raw.group.filter(|g| !g.trim().is_empty());
        c.apply_source_properties(raw.properties.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let (Some(raw_purl), Some(err)) = (&c.purl_raw, &c.purl_error) {
            let message = format!(
                "purl `{raw_purl}` is invalid ({err}); the component is kept as unidentified"
            );
            self.warn(&location, message);
        }
        c.hashes = raw
            .hashes
            .into_iter()
            .map(|(alg, value)| Hash { alg, value })
            .collect();
        c.licenses = raw.licenses;
        c.cpes = raw
            .cpes
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        self.drafts.push(Draft {
            component: c,
            explicit_ref,
            parent,
        });
        self.drafts.len() - 1
    }

    /// Mark the component at `index` as the document's subject (`metadata.component`).
    pub fn set_subject(&mut self, index: usize) {
        self.subject = Some(index);
    }

    /// Record that `from` depends on `to` (by `bom-ref`).
    pub fn depends_on(&mut self, from: &str, to: &str) {
        self.edges
            .push((from.trim().to_string(), to.trim().to_string()));
    }

    /// Record a producing tool.
    pub fn tool(&mut self, tool: Tool) {
        if !tool.name.is_empty() || tool.vendor.is_some() {
            self.tools.push(tool);
        }
    }

    /// Record a non-fatal problem.
    pub fn warn(&mut self, location: &str, message: String) {
        self.warnings.push(Warning {
            location: location.to_string(),
            message,
        });
    }

    /// Assign refs, resolve parents and edges, and finish the inventory.
    pub fn finish(mut self, header: Header) -> Inventory {
        let explicit: BTreeMap<String, usize> =
            self.drafts
                .iter()
                .filter(|d| d.explicit_ref)
                .fold(BTreeMap::new(), |mut m, d| {
                    *m.entry(d.component.bom_ref.clone()).or_insert(0) += 1;
                    m
                });
        for (r, n) in &explicit {
            if *n > 1 {
                self.warnings.push(Warning {
                    location: "components".into(),
                    message: format!(
                        "bom-ref `{r}` is used by {n} components; dependencies naming it are ambiguous"
                    ),
                });
            }
        }
        let mut used: BTreeSet<String> = explicit.keys().cloned().collect();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for d in &mut self.drafts {
            if d.explicit_ref {
                continue;
            }
            let base = format!("{SYNTHETIC_REF_PREFIX}{}", d.component.identity());
            let n = seen.entry(base.clone()).or_insert(0);
            let candidate = loop {
                *n += 1;
                let c = if *n == 1 {
                    base.clone()
                } else {
                    format!("{base}#{n}")
                };
                if !used.contains(&c) {
                    break c;
                }
            };
            used.insert(candidate.clone());
            d.component.bom_ref = candidate;
        }
        let refs: Vec<String> = self
            .drafts
            .iter()
            .map(|d| d.component.bom_ref.clone())
            .collect();
        let subject = self
            .subject
            .and_then(|i| refs.get(i).cloned())
            .into_iter()
            .collect();
        let components = self
            .drafts
            .into_iter()
            .map(|d| {
                let mut c = d.component;
                c.parent = d.parent.and_then(|p| refs.get(p).cloned());
                c
            })
            .collect();
        let relationships = self
            .edges
            .into_iter()
            .filter(|(a, b)| !a.is_empty() && !b.is_empty())
            .map(|(from, to)| Relationship {
                from,
                kind: RelationshipKind::DependsOn,
                to,
            })
            .collect();
        let mut inv = Inventory {
            source: SourceInfo {
                format: SbomFormat::CycloneDx,
                encoding: header.encoding,
                spec_version: header.spec_version,
                tools: self.tools,
                created: header.created.filter(|s| !s.trim().is_empty()),
                document_id: header.serial_number.filter(|s| !s.trim().is_empty()),
                document_name: None,
                document_version: header.bom_version,
            },
            subject,
            components,
            relationships,
            files: 0,
            warnings: self.warnings,
        };
        inv.finish();
        inv
    }
}

/// Document-level facts a reader passes to [`Builder::finish`].
pub(crate) struct Header {
    pub encoding: Encoding,
    pub spec_version: String,
    pub created: Option<String>,
    pub serial_number: Option<String>,
    /// The BOM `version`, when it is a positive integer.
    pub bom_version: Option<u32>,
}

/// The licence text kept for one CycloneDX licence choice: the SPDX id, else the name.
pub(crate) fn license_text(id: Option<String>, name: Option<String>) -> Option<String> {
    id.filter(|s| !s.trim().is_empty())
        .or_else(|| name.filter(|s| !s.trim().is_empty()))
}

#[cfg(test)]
mod corpus_tests;
