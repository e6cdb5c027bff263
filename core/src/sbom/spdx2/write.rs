//! The SPDX 2.3 JSON writer: deterministic bytes for a given inventory and [`WriteOptions`].
//!
//! Layout: pretty JSON, fields in a fixed order, trailing newline. Packages are sorted by
//! identity and then SPDXID; relationships list the document's `DESCRIBES` first, then the rest
//! sorted. Ids: a component whose `bom_ref` is already a valid SPDX id (`SPDXRef-[A-Za-z0-9.-]+`)
//! keeps it; any other gets `SPDXRef-Package-<identity with other characters turned into ->`,
//! de-duplicated with `-2`, `-3`, … in sorted order. `documentNamespace` is
//! `https://stella.invalid/spdxdocs/<document name slug>-<UUIDv5 of the inventory digest>`
//! (`.invalid` is reserved, RFC 2606: the URI identifies, it does not resolve). `created` is
//! `opts.timestamp`, else the source's RFC 3339 creation time, else the Unix epoch, written to
//! the second as SPDX 2.3 requires.
//!
//! Licences: an SPDX 2.3 package has two licence slots while an inventory component has a list
//! (SPDX readers merge concluded and declared; CycloneDX lists licences, sometimes by name).
//! `licenseConcluded` is always `NOASSERTION` (Stella concluded nothing); `licenseDeclared`
//! carries the list: one licence as is, several joined with `AND`, each licence that is not a
//! valid SPDX expression replaced by a `LicenseRef-…` defined in `hasExtractedLicensingInfos`
//! (its `name` and `extractedText` hold the original string). Invalid purls are not written as
//! purls (the component keeps its name and version); CPEs that are neither 2.3 nor 2.2 URIs and
//! checksums SPDX 2.3 has no algorithm for, or of the wrong length, are left out.
//!
//! The decision a newcomer might undo: when the standard reading of a package would not give
//! back the component's licences and group (several licences, a licence that is not an SPDX
//! expression, a CycloneDX group), the package carries an `OTHER` annotation by
//! `Tool: stella-…` whose comment (`stella-inventory: {json}`) records them, and the reader
//! applies it only while the package's `name` and `licenseDeclared` still equal what the note
//! says. Without it, `convert` would change the inventory digest of most CycloneDX inputs; with
//! the guard, a document edited by another tool is read as that tool wrote it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::license;
use super::model;
use crate::sbom::{Component, Inventory, RelationshipKind, WriteOptions};

/// Annotation comment prefix of the inventory note.
const NOTE_PREFIX: &str = "stella-inventory: ";
/// Annotator prefix of Stella's notes (the version follows).
const NOTE_ANNOTATOR: &str = "Tool: stella-";
/// SPDX 2.3 `primaryPackagePurpose` values, lowercase.
const PURPOSES: &[&str] = &[
    "application",
    "framework",
    "library",
    "container",
    "operating-system",
    "device",
    "firmware",
    "source",
    "archive",
    "file",
    "install",
    "other",
];

/// What the annotation records about one package.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct InventoryNote {
    /// The package name the note was written for.
    pub name: String,
    /// The CycloneDX group, which SPDX 2.3 has no field for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// `licenseDeclared` as written next to the note.
    pub declared: String,
    /// The component's licences.
    #[serde(default)]
    pub licenses: Vec<String>,
}

/// The note on a read package, when it is Stella's and still matches the package.
pub(crate) fn stella_note(p: &model::Package) -> Option<InventoryNote> {
    p.annotations.iter().find_map(|a| {
        if !a.annotator.as_deref()?.trim().starts_with(NOTE_ANNOTATOR) {
            return None;
        }
        let json = a.comment.as_deref()?.trim().strip_prefix(NOTE_PREFIX)?;
        let note: InventoryNote = serde_json::from_str(json).ok()?;
        let name_ok = p.name.as_deref() == Some(note.name.as_str());
        let declared_ok = p.license_declared.as_deref().map(str::trim) == Some(&note.declared);
        (name_ok && declared_ok).then_some(note)
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutDocument {
    spdx_version: &'static str,
    data_license: &'static str,
    #[serde(rename = "SPDXID")]
    spdx_id: &'static str,
    name: String,
    document_namespace: String,
    creation_info: OutCreationInfo,
    packages: Vec<OutPackage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_extracted_licensing_infos: Vec<OutExtracted>,
    relationships: Vec<OutRelationship>,
}

#[derive(Serialize)]
struct OutCreationInfo {
    created: String,
    creators: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutPackage {
    #[serde(rename = "SPDXID")]
    spdx_id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version_info: Option<String>,
    download_location: &'static str,
    files_analyzed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checksums: Vec<OutChecksum>,
    license_concluded: &'static str,
    license_declared: String,
    copyright_text: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    external_refs: Vec<OutExternalRef>,
    primary_package_purpose: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    annotations: Vec<OutAnnotation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutChecksum {
    algorithm: &'static str,
    checksum_value: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutExternalRef {
    reference_category: &'static str,
    reference_type: &'static str,
    reference_locator: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutAnnotation {
    annotation_date: String,
    annotation_type: &'static str,
    annotator: String,
    comment: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutExtracted {
    license_id: String,
    extracted_text: String,
    name: String,
    comment: String,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
struct OutRelationship {
    spdx_element_id: String,
    relationship_type: &'static str,
    related_spdx_element: String,
}

/// Write an inventory as SPDX 2.3 JSON, deterministically.
///
/// Reading the result back gives an inventory with the same [`Inventory::digest`], and writing
/// that again gives the same bytes. The one exception is a component with an empty name, which
/// SPDX does not allow: the reader names it after its SPDXID.
pub fn write_spdx_2_3(inv: &Inventory, opts: &WriteOptions) -> Vec<u8> {
    let created = created_time(inv, opts);
    let tool = format!("{}-{}", crate::TOOL_NAME, crate::TOOL_VERSION);

    // SPDXIDs: valid, unique originals first, then derived ids, both in sorted order.
    let mut order: Vec<usize> = (0..inv.components.len()).collect();
    let identities: Vec<String> = inv.components.iter().map(Component::identity).collect();
    order.sort_by(|&a, &b| {
        (&identities[a], &inv.components[a].bom_ref, a).cmp(&(
            &identities[b],
            &inv.components[b].bom_ref,
            b,
        ))
    });
    let mut ids: Vec<Option<String>> = vec![None; inv.components.len()];
    let mut used: BTreeSet<String> = BTreeSet::from(["SPDXRef-DOCUMENT".to_string()]);
    for &i in &order {
        let r = &inv.components[i].bom_ref;
        if is_valid_spdx_id(r) && used.insert(r.clone()) {
            ids[i] = Some(r.clone());
        }
    }
    for &i in &order {
        if ids[i].is_none() {
            let base = format!(
                "SPDXRef-Package-{}",
                slug(identities[i].trim_start_matches("pkg:"), "component")
            );
            ids[i] = Some(unique(&base, &mut used));
        }
    }
    let ids: Vec<String> = ids.into_iter().map(Option::unwrap_or_default).collect();
    // A ref used twice names the last component that has it, as in `Inventory::digest`.
    let id_of: BTreeMap<&str, &str> = inv
        .components
        .iter()
        .zip(&ids)
        .map(|(c, id)| (c.bom_ref.as_str(), id.as_str()))
        .collect();

    // Licences: valid expressions as they are; anything else as a LicenseRef.
    let all: BTreeSet<&str> = inv
        .components
        .iter()
        .flat_map(|c| c.licenses.iter().map(String::as_str))
        .collect();
    let mut lic_used: BTreeSet<String> = BTreeSet::new();
    let mut encoded: BTreeMap<&str, String> = BTreeMap::new();
    let mut extracted = Vec::new();
    for l in &all {
        if license::is_spdx_2_3_expression(l) {
            encoded.insert(l, license::modernize_for_writing(l));
            lic_used.extend(license::license_refs(l));
        }
    }
    for r in &lic_used {
        extracted.push(OutExtracted {
            license_id: r.clone(),
            extracted_text: "NOASSERTION".into(),
            name: "NOASSERTION".into(),
            comment: "Referenced by the source document; its text was not available when this document was written.".into(),
        });
    }
    for l in &all {
        if !encoded.contains_key(l) {
            let id = unique(&format!("LicenseRef-{}", slug(l, "unknown")), &mut lic_used);
            extracted.push(OutExtracted {
                license_id: id.clone(),
                extracted_text: (*l).to_string(),
                name: (*l).to_string(),
                comment: "The source named this licence this way, which is not an SPDX licence expression; its text was not available.".into(),
            });
            encoded.insert(l, id);
        }
    }
    extracted.sort_by(|a, b| a.license_id.cmp(&b.license_id));

    let mut packages: Vec<(&str, &str, OutPackage)> = order
        .iter()
        .map(|&i| {
            let c = &inv.components[i];
            let p = package(c, &ids[i], &encoded, &created, &tool);
            (identities[i].as_str(), ids[i].as_str(), p)
        })
        .collect();
    packages.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    let relationships = relationships(inv, &id_of);
    let name = document_name(inv);
    let namespace = format!(
        "https://stella.invalid/spdxdocs/{}-{}",
        slug(&name, "sbom"),
        uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_URL,
            format!("https://stella.invalid/spdxdocs/{}", inv.digest()).as_bytes()
        )
    );
    let mut creators = vec![format!("Tool: {tool}")];
    for t in &inv.source.tools {
        let is_self =
            t.name == crate::TOOL_NAME && t.version.as_deref() == Some(crate::TOOL_VERSION);
        if t.name.trim().is_empty() || is_self {
            continue;
        }
        let text = match &t.version {
            Some(v) => format!("Tool: {}-{}", t.name.trim(), v.trim()),
            None => format!("Tool: {}", t.name.trim()),
        };
        if !creators.contains(&text) {
            creators.push(text);
        }
    }
    let doc = OutDocument {
        spdx_version: "SPDX-2.3",
        data_license: "CC0-1.0",
        spdx_id: "SPDXRef-DOCUMENT",
        name,
        document_namespace: namespace,
        creation_info: OutCreationInfo { created, creators },
        packages: packages.into_iter().map(|(_, _, p)| p).collect(),
        has_extracted_licensing_infos: extracted,
        relationships,
    };
    // Only strings, booleans and lists: serialisation cannot fail.
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

fn package(
    c: &Component,
    id: &str,
    encoded: &BTreeMap<&str, String>,
    created: &str,
    tool: &str,
) -> OutPackage {
    let enc = |l: &String| {
        encoded
            .get(l.as_str())
            .cloned()
            .unwrap_or_else(|| l.clone())
    };
    let declared = match c.licenses.as_slice() {
        [] => "NOASSERTION".to_string(),
        [one] => enc(one),
        many => many
            .iter()
            .map(|l| {
                let e = enc(l);
                if e.contains(char::is_whitespace) {
                    format!("({e})")
                } else {
                    e
                }
            })
            .collect::<Vec<_>>()
            .join(" AND "),
    };
    // What a reader would get back without the note.
    let standard: Vec<String> = match declared.as_str() {
        "NOASSERTION" | "NONE" => Vec::new(),
        d => vec![license::normalize_read(d)],
    };
    let mut annotations = Vec::new();
    if standard != c.licenses || c.group.is_some() {
        let note = InventoryNote {
            name: c.name.clone(),
            group: c.group.clone(),
            declared: declared.clone(),
            licenses: c.licenses.clone(),
        };
        annotations.push(OutAnnotation {
            annotation_date: created.to_string(),
            annotation_type: "OTHER",
            annotator: format!("Tool: {tool}"),
            comment: format!(
                "{NOTE_PREFIX}{}",
                serde_json::to_string(&note).unwrap_or_default()
            ),
        });
    }
    let mut external_refs = Vec::new();
    if let (Some(_), Some(raw)) = (&c.purl, &c.purl_raw) {
        external_refs.push(OutExternalRef {
            reference_category: "PACKAGE-MANAGER",
            reference_type: "purl",
            reference_locator: raw.clone(),
        });
    }
    for cpe in &c.cpes {
        let ty = if cpe.starts_with("cpe:2.3:") {
            "cpe23Type"
        } else if cpe.starts_with("cpe:/") {
            "cpe22Type"
        } else {
            continue;
        };
        external_refs.push(OutExternalRef {
            reference_category: "SECURITY",
            reference_type: ty,
            reference_locator: cpe.clone(),
        });
    }
    let checksums = c
        .hashes
        .iter()
        .filter_map(|h| {
            let (alg, ok_len): (&'static str, fn(usize) -> bool) = match h.alg.as_str() {
                "sha1" => ("SHA1", |n| n == 40),
                "sha224" => ("SHA224", |n| n == 56),
                "sha256" => ("SHA256", |n| n == 64),
                "sha384" => ("SHA384", |n| n == 96),
                "sha512" => ("SHA512", |n| n == 128),
                "sha3-256" => ("SHA3-256", |n| n == 64),
                "sha3-384" => ("SHA3-384", |n| n == 96),
                "sha3-512" => ("SHA3-512", |n| n == 128),
                "blake2b-256" => ("BLAKE2b-256", |n| n == 64),
                "blake2b-384" => ("BLAKE2b-384", |n| n == 96),
                "blake2b-512" => ("BLAKE2b-512", |n| n == 128),
                "blake3" => ("BLAKE3", |n| n >= 256),
                "md2" => ("MD2", |n| n == 32),
                "md4" => ("MD4", |n| n == 32),
                "md5" => ("MD5", |n| n == 32),
                "md6" => ("MD6", |n| n <= 512),
                "adler32" => ("ADLER32", |n| n == 8),
                _ => return None,
            };
            let hex = h.value.bytes().all(|b| b.is_ascii_hexdigit());
            (hex && ok_len(h.value.len())).then(|| OutChecksum {
                algorithm: alg,
                checksum_value: h.value.clone(),
            })
        })
        .collect();
    let purpose = if PURPOSES.contains(&c.kind.as_str()) {
        c.kind.to_ascii_uppercase()
    } else {
        "OTHER".to_string()
    };
    OutPackage {
        spdx_id: id.to_string(),
        name: c.name.clone(),
        version_info: c.version.clone(),
        download_location: "NOASSERTION",
        files_analyzed: false,
        checksums,
        license_concluded: "NOASSERTION",
        license_declared: declared,
        copyright_text: "NOASSERTION",
        external_refs,
        primary_package_purpose: purpose,
        annotations,
    }
}

fn relationships(inv: &Inventory, id_of: &BTreeMap<&str, &str>) -> Vec<OutRelationship> {
    let id = |r: &str| id_of.get(r).map(|s| (*s).to_string());
    let mut edges: BTreeSet<OutRelationship> = BTreeSet::new();
    for r in &inv.relationships {
        let (Some(from), Some(to)) = (id(&r.from), id(&r.to)) else {
            continue;
        };
        let relationship_type = match r.kind {
            RelationshipKind::DependsOn => "DEPENDS_ON",
            RelationshipKind::Contains => "CONTAINS",
        };
        edges.insert(OutRelationship {
            spdx_element_id: from,
            relationship_type,
            related_spdx_element: to,
        });
    }
    for c in &inv.components {
        if let (Some(parent), Some(child)) = (c.parent.as_deref().and_then(id), id(&c.bom_ref)) {
            edges.insert(OutRelationship {
                spdx_element_id: parent,
                relationship_type: "CONTAINS",
                related_spdx_element: child,
            });
        }
    }
    let mut described: BTreeSet<String> = inv.subject.iter().filter_map(|s| id(s)).collect();
    if described.is_empty() {
        let targets: BTreeSet<&str> = edges
            .iter()
            .map(|e| e.related_spdx_element.as_str())
            .collect();
        described = id_of
            .values()
            .filter(|i| !targets.contains(**i))
            .map(|i| (*i).to_string())
            .collect();
        if described.is_empty() {
            described = id_of.values().map(|i| (*i).to_string()).collect();
        }
    }
    if described.is_empty() {
        // No package at all: SPDX still wants the document to describe something.
        described.insert("NONE".to_string());
    }
    let mut out: Vec<OutRelationship> = described
        .into_iter()
        .map(|d| OutRelationship {
            spdx_element_id: "SPDXRef-DOCUMENT".into(),
            relationship_type: "DESCRIBES",
            related_spdx_element: d,
        })
        .collect();
    out.extend(edges);
    out
}

fn created_time(inv: &Inventory, opts: &WriteOptions) -> String {
    let ts = opts.timestamp.or_else(|| {
        inv.source
            .created
            .as_deref()
            .and_then(|c| c.trim().parse::<crate::time::Timestamp>().ok())
    });
    ts.map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

fn document_name(inv: &Inventory) -> String {
    if let Some(n) = inv
        .source
        .document_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        return n.to_string();
    }
    inv.subject
        .iter()
        .find_map(|s| inv.components.iter().find(|c| &c.bom_ref == s))
        .map_or_else(
            || "stella-sbom".to_string(),
            |c| match &c.version {
                Some(v) => format!("{}-{v}", c.name),
                None => c.name.clone(),
            },
        )
}

/// `SPDXRef-` followed by at least one of `[A-Za-z0-9.-]`.
fn is_valid_spdx_id(s: &str) -> bool {
    s.strip_prefix("SPDXRef-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    })
}

/// `[A-Za-z0-9.]` kept, runs of anything else turned into one `-`, at most 96 characters.
fn slug(s: &str, fallback: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() || ch == '.' {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 96 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_string()
    } else {
        out.to_string()
    }
}

/// `base`, or `base-2`, `base-3`, … — the first not yet used; marks it used.
fn unique(base: &str, used: &mut BTreeSet<String>) -> String {
    if used.insert(base.to_string()) {
        return base.to_string();
    }
    let mut n = 2usize;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}
