//! SPDX 2.x (2.0–2.3): readers for JSON, YAML and tag-value, and the SPDX 2.3 JSON writer.
//!
//! All three readers produce one lenient `model::Document` (JSON and YAML through serde, tag-value
//! through a hand-written line parser) and one function maps it into an [`Inventory`], so the
//! three encodings of one document give the same inventory by construction.
//!
//! Mapping: packages become components (`SPDXID` → `bom_ref`, `versionInfo`, the `purl`
//! external reference, `cpe23Type`/`cpe22Type` references, checksums, `licenseConcluded` and
//! `licenseDeclared` in the canonical spelling of the `license` module, `primaryPackagePurpose` → kind,
//! `OPERATING-SYSTEM` → `operating-system`); files are counted, not listed. A package without
//! `SPDXID` or `name` is kept (with a synthesised ref or its id as name) and reported; a document
//! without `spdxVersion` is refused, which is also how an empty or cut-short file is caught.
//! Relationships: `DEPENDS_ON` and the reversed `*_DEPENDENCY_OF` family become
//! [`RelationshipKind::DependsOn`] (`A DEV_DEPENDENCY_OF B` means *B depends on A*), `CONTAINS`
//! and the reversed `CONTAINED_BY` become [`RelationshipKind::Contains`], `DESCRIBES` /
//! `DESCRIBED_BY` / `documentDescribes` name the subject; other types carry no inventory meaning
//! and are ignored. Edges touching files, snippets, `NONE` or `NOASSERTION` are skipped silently
//! (files are not components by design); edges into other documents (`DocumentRef-…`) are
//! reported by [`Inventory::finish`].
//!
//! The decision a newcomer might undo: a purl reference is accepted under *any* category. The
//! spec puts it under `PACKAGE-MANAGER`, real generators also write `PACKAGE_MANAGER`, and a purl
//! is a purl wherever it is filed; dropping it would make the component unmatchable.

mod json;
pub(crate) mod license;
pub(crate) mod model;
mod tagvalue;
mod write;
mod yaml;

use std::collections::{BTreeMap, BTreeSet};

pub use json::read_json;
pub use tagvalue::read_tag_value;
pub use write::write_spdx_2_3;
pub use yaml::read_yaml;

use super::{
    Component, Encoding, Hash, Inventory, Relationship, RelationshipKind, SbomFormat, SourceInfo,
    Tool, Warning,
};

/// Why a document without a version is refused (an empty or cut-short file, or not SPDX 2).
const NO_VERSION: &str =
    "no `spdxVersion` (`SPDXVersion:` in tag-value): not an SPDX 2 document, or cut short";

/// The document's own id when it does not state one.
const DEFAULT_DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";

/// Map a parsed SPDX 2 document into an inventory (already [`Inventory::finish`]ed).
pub(crate) fn to_inventory(doc: model::Document, encoding: Encoding) -> Inventory {
    let mut warnings = Vec::new();
    let spec_version = doc
        .spdx_version
        .as_deref()
        .map(|v| v.trim().trim_start_matches("SPDX-").to_string())
        .unwrap_or_default();

    let mut tools = Vec::new();
    let mut created = None;
    if let Some(ci) = &doc.creation_info {
        created = ci.created.clone().filter(|c| !c.trim().is_empty());
        for (i, c) in ci.creators.iter().enumerate() {
            match c {
                model::Creator::Text(t) => {
                    if let Some(rest) = t.trim().strip_prefix("Tool:") {
                        tools.push(parse_tool(rest));
                    }
                }
                model::Creator::Other(_) => warnings.push(Warning {
                    location: format!("/creationInfo/creators/{i}"),
                    message: "a creator is not a string like `Tool: name-version`; ignored".into(),
                }),
            }
        }
    }
    let source = SourceInfo {
        format: SbomFormat::Spdx,
        encoding,
        spec_version,
        tools,
        created,
        document_id: doc.document_namespace.clone().filter(|s| !s.is_empty()),
        document_name: doc.name.clone().filter(|s| !s.is_empty()),
        document_version: None,
    };
    let doc_id = doc
        .spdx_id
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_DOCUMENT_ID.to_string());

    let mut components = Vec::with_capacity(doc.packages.len());
    for (i, p) in doc.packages.into_iter().enumerate() {
        components.push(package_to_component(p, i, &mut warnings));
    }
    let mut seen = BTreeMap::<&str, usize>::new();
    for c in &components {
        *seen.entry(c.bom_ref.as_str()).or_default() += 1;
    }
    for (r, n) in seen.iter().filter(|(_, n)| **n > 1) {
        warnings.push(Warning {
            location: "/packages".into(),
            message: format!(
                "SPDXID `{r}` is used by {n} packages; relationships naming it apply to all of them"
            ),
        });
    }

    // Files and snippets are not components: edges touching them are not problems.
    let not_components: BTreeSet<&str> = doc
        .files
        .iter()
        .chain(&doc.snippets)
        .filter_map(|e| e.spdx_id.as_deref())
        .collect();
    let mut subject: Vec<String> = doc.document_describes.clone();
    let mut relationships = Vec::new();
    for r in &doc.relationships {
        let (Some(a), Some(ty), Some(b)) = (
            r.spdx_element_id.as_deref().map(str::trim),
            r.relationship_type.as_deref().map(str::trim),
            r.related_spdx_element.as_deref().map(str::trim),
        ) else {
            continue;
        };
        let ty = ty.to_ascii_uppercase();
        match ty.as_str() {
            "DESCRIBES" if a == doc_id => subject.push(b.to_string()),
            "DESCRIBED_BY" if b == doc_id => subject.push(a.to_string()),
            _ => {}
        }
        if [a, b].iter().any(|x| {
            matches!(*x, "NONE" | "NOASSERTION") || *x == doc_id || not_components.contains(x)
        }) {
            continue;
        }
        if let Some((from, kind, to)) = map_relationship(&ty, a, b) {
            relationships.push(Relationship {
                from: from.to_string(),
                kind,
                to: to.to_string(),
            });
        }
    }

    let mut inv = Inventory {
        source,
        subject,
        components,
        relationships,
        files: doc.files.len(),
        warnings,
    };
    inv.finish();
    inv
}

/// SPDX 2 relationship type → inventory edge `(from, kind, to)`, or `None` when the type has no
/// inventory meaning. Every `X_OF` type reads "A is X of B", so the edge points from B to A.
fn map_relationship<'a>(
    ty: &str,
    a: &'a str,
    b: &'a str,
) -> Option<(&'a str, RelationshipKind, &'a str)> {
    match ty {
        "DEPENDS_ON" => Some((a, RelationshipKind::DependsOn, b)),
        "DEPENDENCY_OF"
        | "DEV_DEPENDENCY_OF"
        | "BUILD_DEPENDENCY_OF"
        | "RUNTIME_DEPENDENCY_OF"
        | "OPTIONAL_DEPENDENCY_OF"
        | "PROVIDED_DEPENDENCY_OF"
        | "TEST_DEPENDENCY_OF" => Some((b, RelationshipKind::DependsOn, a)),
        "CONTAINS" => Some((a, RelationshipKind::Contains, b)),
        "CONTAINED_BY" => Some((b, RelationshipKind::Contains, a)),
        _ => None,
    }
}

fn package_to_component(p: model::Package, index: usize, warnings: &mut Vec<Warning>) -> Component {
    let location = p
        .origin
        .clone()
        .unwrap_or_else(|| format!("/packages/{index}"));
    let mut purls = p.external_refs.iter().filter(|r| {
        r.reference_type
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("purl"))
    });
    let purl = purls
        .next()
        .and_then(|r| r.reference_locator.clone())
        .filter(|s| !s.trim().is_empty());
    let extra = purls.count();
    if extra > 0 {
        warnings.push(Warning {
            location: location.clone(),
            message: format!(
                "package has {} purl references; the first is used",
                extra + 1
            ),
        });
    }
    let name = match p.name.clone().filter(|n| !n.is_empty()) {
        Some(n) => n,
        None => {
            let fallback = p.spdx_id.clone().unwrap_or_default();
            warnings.push(Warning {
                location: location.clone(),
                message: format!("package has no name; its SPDXID `{fallback}` is used instead"),
            });
            fallback
        }
    };
    let kind = p
        .primary_package_purpose
        .as_deref()
        .map(|s| s.trim().to_ascii_lowercase().replace('_', "-"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "library".to_string());
    let spdx_id = p.spdx_id.clone().filter(|s| !s.trim().is_empty());
    let mut c = Component::new(
        spdx_id.clone().unwrap_or_default(),
        kind,
        name,
        p.version_info.clone(),
        purl,
    );
    if spdx_id.is_none() {
        c.bom_ref = format!("stella:{}#{index}", c.identity());
        warnings.push(Warning {
            location: location.clone(),
            message: format!(
                "package has no SPDXID; it is referred to as `{}`",
                c.bom_ref
            ),
        });
    }
    for r in &p.external_refs {
        let ty = r.reference_type.as_deref().unwrap_or("").trim();
        let is_cpe = ty.eq_ignore_ascii_case("cpe23Type") || ty.eq_ignore_ascii_case("cpe22Type");
        if let Some(loc) = r
            .reference_locator
            .as_deref()
            .filter(|l| is_cpe && !l.trim().is_empty())
        {
            c.cpes.push(loc.trim().to_string());
        }
    }
    for ck in &p.checksums {
        if let (Some(alg), Some(value)) = (&ck.algorithm, &ck.checksum_value) {
            c.hashes.push(Hash {
                alg: super::normalize_hash_alg(alg),
                value: value.clone(),
            });
        }
    }
    c.licenses = [&p.license_concluded, &p.license_declared]
        .into_iter()
        .flatten()
        .map(|l| license::normalize_read(l))
        .collect();
    if let Some(note) = write::stella_note(&p) {
        c.licenses = note.licenses;
        c.group = note.group;
    }
    c
}

/// Split `name-version` (or `name version`) at the first separator after which the rest looks
/// like a version (`syft-1.0.0-rc1` → `syft` + `1.0.0-rc1`); otherwise the whole text is the name
/// (`tern-b8e13d17…`, `sigs.k8s.io/bom/pkg/spdx`).
pub(crate) fn parse_tool(text: &str) -> Tool {
    let t = text.trim();
    for (i, ch) in t.char_indices() {
        if ch == '-' || ch == ' ' {
            let (name, version) = (t[..i].trim(), &t[i + 1..]);
            if !name.is_empty() && looks_like_version(version) {
                return Tool {
                    vendor: None,
                    name: name.to_string(),
                    version: Some(version.to_string()),
                };
            }
        }
    }
    Tool {
        vendor: None,
        name: t.to_string(),
        version: None,
    }
}

/// `v?DIGITS` followed by the end or a `.`, then version characters only.
fn looks_like_version(v: &str) -> bool {
    let rest = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && matches!(rest.as_bytes().get(digits), None | Some(b'.'))
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._+-~".contains(&b))
}

#[cfg(test)]
pub(crate) mod tests;
