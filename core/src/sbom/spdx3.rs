//! SPDX 3.0 / 3.0.1 JSON-LD reader.
//!
//! An SPDX 3 document is a flat `@graph` of elements that refer to each other by IRI (`spdxId`);
//! blank nodes (`_:creationInfo`) are referred to by their `@id`. The SPDX JSON schema also allows
//! a single element at the top level instead of a `@graph`; that form is read too.
//!
//! Mapping: `software_Package` and its subclasses `ai_AIPackage` and `dataset_DatasetPackage`
//! become components (`spdxId` → `bom_ref`, `software_packageVersion`, purl from
//! `software_packageUrl` or an `externalIdentifier` of type `packageUrl`, CPEs from `cpe23` /
//! `cpe22` identifiers, hashes from `verifiedUsing`, `software_primaryPurpose` → kind with
//! camelCase turned into kebab-case). `software_File` elements are counted. `Relationship` and
//! `LifecycleScopedRelationship` elements: `dependsOn`, `hasOptionalDependency` and
//! `hasProvidedDependency` → depends-on, `contains` → contains, `describes` → subject,
//! `hasConcludedLicense` / `hasDeclaredLicense` → the package's licences (rendered from
//! `simplelicensing_LicenseExpression`, listed/custom licences and licence sets). SPDX 3 has no
//! reversed forms (`dependencyOf`, `containedBy`) to undo. The `rootElement`s of the
//! `SpdxDocument` and of `software_Sbom` / `Bom` / `Bundle` collections are subjects too.
//! Source info comes from the `SpdxDocument` and its `CreationInfo` (`created`, `specVersion`,
//! `createdUsing` → `Tool` names).
//!
//! The decision a newcomer might undo: the graph is first read as untyped JSON and only the
//! element types above are deserialised into typed structs. SPDX 3 is open-ended (profiles,
//! extensions, AI and dataset fields); a typed model of every element would turn an unusual field
//! in an element Stella does not use into an unreadable document.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::spdx2::license;
use super::{
    Component, Encoding, Hash, Inventory, Relationship, RelationshipKind, SbomError, SbomFormat,
    SourceInfo, Tool, Warning,
};

/// Licence nesting beyond this depth is refused (cycles in licence sets, hostile input).
const MAX_LICENSE_DEPTH: usize = 16;

/// Read an SPDX 3 JSON-LD document.
///
/// # Errors
/// [`SbomError::Json`] for JSON syntax problems and for wrongly typed fields of the elements
/// Stella reads (with the JSON pointer), [`SbomError::Invalid`] when the document is not a JSON
/// object or `@graph` is not an array.
pub fn read_json_ld(bytes: &[u8]) -> Result<Inventory, SbomError> {
    let bytes = super::detect::strip_bom(bytes);
    let root = crate::json::parse_strict(bytes).map_err(|source| SbomError::Json {
        format: "SPDX 3",
        source,
    })?;
    let Value::Object(mut obj) = root else {
        return Err(invalid("/", "an SPDX 3 JSON-LD document is a JSON object"));
    };
    let context = obj
        .get("@context")
        .map(Value::to_string)
        .unwrap_or_default();
    let (elements, base) = match obj.remove("@graph") {
        Some(Value::Array(items)) => (items, "/@graph"),
        Some(_) => return Err(invalid("/@graph", "`@graph` must be an array of elements")),
        None => (vec![Value::Object(obj)], ""),
    };
    let pointer = |i: usize| {
        if base.is_empty() {
            String::new()
        } else {
            format!("{base}/{i}")
        }
    };

    let mut g = Graph::default();
    for (i, el) in elements.into_iter().enumerate() {
        let Some(ty) = element_type(&el) else {
            continue;
        };
        let at = pointer(i);
        match ty.as_str() {
            "software_Package" | "ai_AIPackage" | "dataset_DatasetPackage" => {
                let p: PackageEl = typed(el, &at)?;
                g.packages.push((at, ty, p));
            }
            "software_File" | "software_Snippet" => {
                let e: IdEl = typed(el, &at)?;
                if ty == "software_File" {
                    g.files += 1;
                }
                if let Some(id) = e.id {
                    g.not_components.insert(id);
                }
            }
            "Relationship" | "LifecycleScopedRelationship" => {
                g.relationships.push(typed(el, &at)?);
            }
            "SpdxDocument" | "software_Sbom" | "Bom" | "Bundle" => {
                let c: CollectionEl = typed(el, &at)?;
                if ty == "SpdxDocument" {
                    g.documents.push(c);
                } else {
                    g.collections.push(c);
                }
            }
            "CreationInfo" => {
                let c: CreationInfoEl = typed(el, &at)?;
                g.creation_infos.push(c);
            }
            "Tool" => {
                let t: NamedEl = typed(el, &at)?;
                if let (Some(id), Some(name)) = (t.id, t.name) {
                    g.tools.insert(id, name);
                }
            }
            t if t.starts_with("simplelicensing_") || t.starts_with("expandedlicensing_") => {
                let mut l: LicenseEl = typed(el, &at)?;
                l.ty = ty.clone();
                if let Some(id) = l.id.clone() {
                    g.licenses.insert(id, l);
                }
            }
            _ => {}
        }
    }
    Ok(g.into_inventory(&context))
}

fn invalid(location: &str, message: &str) -> SbomError {
    SbomError::Invalid {
        format: SbomFormat::Spdx,
        location: location.to_string(),
        message: message.to_string(),
        line: None,
    }
}

/// Deserialise one element, with the pointer made absolute.
fn typed<T: DeserializeOwned>(el: Value, at: &str) -> Result<T, SbomError> {
    crate::json::from_value_with_pointer(el).map_err(|mut source| {
        let inner = source.pointer.take().unwrap_or_default();
        let inner = if inner == "/" { String::new() } else { inner };
        let full = format!("{at}{inner}");
        source.pointer = Some(if full.is_empty() { "/".into() } else { full });
        SbomError::Json {
            format: "SPDX 3",
            source,
        }
    })
}

/// The element's type in compact form (`software_Package`), also from a full SPDX IRI
/// (`https://spdx.org/rdf/3.0.1/terms/Software/Package`).
fn element_type(el: &Value) -> Option<String> {
    let t = el.get("type").or_else(|| el.get("@type"))?;
    let t = match t {
        Value::String(s) => s.as_str(),
        Value::Array(items) => items.iter().find_map(Value::as_str)?,
        _ => return None,
    };
    if let Some(i) = t.find("/terms/") {
        let rest = &t[i + "/terms/".len()..];
        let (profile, class) = rest.split_once('/')?;
        if profile == "Core" {
            return Some(class.to_string());
        }
        let profile = profile.replace(' ', "").to_ascii_lowercase();
        return Some(format!("{profile}_{class}"));
    }
    Some(t.to_string())
}

/// A single value or a list (JSON-LD compaction may drop the array of a one-item list).
fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::Many(v)) => v,
        Some(OneOrMany::One(v)) => vec![v],
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PackageEl {
    #[serde(rename = "spdxId", alias = "@id")]
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "software_packageVersion")]
    version: Option<String>,
    #[serde(rename = "software_packageUrl")]
    purl: Option<String>,
    #[serde(rename = "software_primaryPurpose")]
    purpose: Option<String>,
    #[serde(rename = "externalIdentifier", deserialize_with = "one_or_many")]
    external_identifiers: Vec<ExternalIdentifierEl>,
    #[serde(rename = "verifiedUsing", deserialize_with = "one_or_many")]
    verified_using: Vec<IntegrityEl>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExternalIdentifierEl {
    #[serde(rename = "externalIdentifierType")]
    ty: Option<String>,
    identifier: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct IntegrityEl {
    #[serde(rename = "type", alias = "@type")]
    ty: Option<String>,
    algorithm: Option<String>,
    #[serde(rename = "hashValue")]
    hash_value: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct IdEl {
    #[serde(rename = "spdxId", alias = "@id")]
    id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NamedEl {
    #[serde(rename = "spdxId", alias = "@id")]
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RelationshipEl {
    from: Option<String>,
    #[serde(deserialize_with = "one_or_many")]
    to: Vec<String>,
    #[serde(rename = "relationshipType")]
    ty: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CollectionEl {
    #[serde(rename = "spdxId", alias = "@id")]
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "rootElement", deserialize_with = "one_or_many")]
    root_element: Vec<String>,
    #[serde(rename = "creationInfo")]
    creation_info: Option<Value>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct CreationInfoEl {
    #[serde(rename = "@id", alias = "spdxId")]
    id: Option<String>,
    created: Option<String>,
    #[serde(rename = "specVersion")]
    spec_version: Option<String>,
    /// Tool IRIs, or (rarely) inline tools.
    #[serde(rename = "createdUsing", deserialize_with = "one_or_many")]
    created_using: Vec<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LicenseEl {
    #[serde(rename = "spdxId", alias = "@id")]
    id: Option<String>,
    #[serde(skip)]
    ty: String,
    name: Option<String>,
    #[serde(rename = "simplelicensing_licenseExpression")]
    expression: Option<String>,
    #[serde(rename = "expandedlicensing_member", deserialize_with = "one_or_many")]
    members: Vec<String>,
    #[serde(rename = "expandedlicensing_subjectLicense")]
    subject_license: Option<String>,
    #[serde(rename = "expandedlicensing_subjectAddition")]
    subject_addition: Option<String>,
}

#[derive(Default)]
struct Graph {
    packages: Vec<(String, String, PackageEl)>,
    files: usize,
    not_components: BTreeSet<String>,
    relationships: Vec<RelationshipEl>,
    documents: Vec<CollectionEl>,
    collections: Vec<CollectionEl>,
    creation_infos: Vec<CreationInfoEl>,
    tools: BTreeMap<String, String>,
    licenses: BTreeMap<String, LicenseEl>,
}

impl Graph {
    fn into_inventory(self, context: &str) -> Inventory {
        let mut warnings = Vec::new();
        if self.documents.len() > 1 {
            warnings.push(Warning {
                location: "/@graph".into(),
                message: format!(
                    "{} SpdxDocument elements (at most one is allowed); the first describes the document",
                    self.documents.len()
                ),
            });
        }
        let doc = self.documents.first();
        let ci = self.document_creation_info(doc);
        let ci = ci.as_ref();
        let tools = ci
            .map(|ci| {
                ci.created_using
                    .iter()
                    .filter_map(|t| match t {
                        Value::String(id) => self.tools.get(id).cloned(),
                        Value::Object(o) => {
                            o.get("name").and_then(Value::as_str).map(str::to_string)
                        }
                        _ => None,
                    })
                    .map(|name| super::spdx2::parse_tool(&name))
                    .collect::<Vec<Tool>>()
            })
            .unwrap_or_default();
        let spec_version = ci
            .and_then(|c| c.spec_version.clone())
            .or_else(|| {
                self.creation_infos
                    .iter()
                    .find_map(|c| c.spec_version.clone())
            })
            .unwrap_or_else(|| version_from_context(context));
        let source = SourceInfo {
            format: SbomFormat::Spdx,
            encoding: Encoding::JsonLd,
            spec_version,
            tools,
            created: ci.and_then(|c| c.created.clone()),
            document_id: doc.and_then(|d| d.id.clone()),
            document_name: doc.and_then(|d| d.name.clone()),
            document_version: None,
        };

        // Licences and edges from the relationships.
        let mut licenses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut subject: Vec<String> = self
            .documents
            .iter()
            .chain(&self.collections)
            .flat_map(|c| c.root_element.iter().cloned())
            .collect();
        let mut relationships = Vec::new();
        for r in &self.relationships {
            let (Some(from), Some(ty)) = (r.from.as_deref(), r.ty.as_deref()) else {
                continue;
            };
            let kind = match ty {
                "dependsOn" | "hasOptionalDependency" | "hasProvidedDependency" => {
                    Some(RelationshipKind::DependsOn)
                }
                "contains" => Some(RelationshipKind::Contains),
                "describes" => {
                    subject.extend(r.to.iter().cloned());
                    None
                }
                "hasConcludedLicense" | "hasDeclaredLicense" => {
                    for to in &r.to {
                        match self.render_license(to, 0) {
                            Some(l) => licenses
                                .entry(from)
                                .or_default()
                                .push(license::normalize_read(&l)),
                            None => warnings.push(Warning {
                                location: format!("licence `{to}`"),
                                message: "a licence relationship points to no licence element Stella can read; ignored".into(),
                            }),
                        }
                    }
                    None
                }
                _ => None,
            };
            let Some(kind) = kind else { continue };
            if self.not_components.contains(from) || is_none_element(from) {
                continue;
            }
            for to in &r.to {
                if self.not_components.contains(to) || is_none_element(to) {
                    continue;
                }
                relationships.push(Relationship {
                    from: from.to_string(),
                    kind,
                    to: to.clone(),
                });
            }
        }

        let mut components = Vec::with_capacity(self.packages.len());
        for (i, (at, ty, p)) in self.packages.iter().enumerate() {
            let mut c = package_to_component(at, ty, p, i, &mut warnings);
            if let Some(ls) = p.id.as_deref().and_then(|id| licenses.get(id)) {
                c.licenses.extend(ls.iter().cloned());
            }
            components.push(c);
        }

        let mut inv = Inventory {
            source,
            subject,
            components,
            relationships,
            files: self.files,
            warnings,
        };
        inv.finish();
        inv
    }

    /// The document's `CreationInfo` (by blank-node id or inline), else the first one.
    fn document_creation_info(&self, doc: Option<&CollectionEl>) -> Option<CreationInfoEl> {
        let own = doc.and_then(|d| match &d.creation_info {
            Some(Value::String(id)) => self
                .creation_infos
                .iter()
                .find(|c| c.id.as_deref() == Some(id.as_str()))
                .cloned(),
            Some(inline @ Value::Object(_)) => serde_json::from_value(inline.clone()).ok(),
            _ => None,
        });
        own.or_else(|| self.creation_infos.first().cloned())
    }

    /// Render a licence element as an SPDX expression.
    fn render_license(&self, id: &str, depth: usize) -> Option<String> {
        if depth > MAX_LICENSE_DEPTH {
            return None;
        }
        let Some(l) = self.licenses.get(id) else {
            return if let Some(tail) = id.strip_prefix("https://spdx.org/licenses/") {
                Some(tail.to_string())
            } else if id.ends_with("NoAssertionLicense") {
                Some("NOASSERTION".into())
            } else if id.ends_with("NoneLicense") {
                Some("NONE".into())
            } else {
                None
            };
        };
        let set = |op: &str| {
            let parts: Option<Vec<String>> = l
                .members
                .iter()
                .map(|m| {
                    self.render_license(m, depth + 1).map(|s| {
                        if s.contains(char::is_whitespace) {
                            format!("({s})")
                        } else {
                            s
                        }
                    })
                })
                .collect();
            parts.filter(|p| !p.is_empty()).map(|p| p.join(op))
        };
        match l.ty.as_str() {
            "simplelicensing_LicenseExpression" => l.expression.clone(),
            "expandedlicensing_ConjunctiveLicenseSet" => set(" AND "),
            "expandedlicensing_DisjunctiveLicenseSet" => set(" OR "),
            "expandedlicensing_OrLaterOperator" => l
                .subject_license
                .as_deref()
                .and_then(|s| self.render_license(s, depth + 1))
                .map(|s| format!("{s}+")),
            "expandedlicensing_WithAdditionOperator" => {
                let lic = self.render_license(l.subject_license.as_deref()?, depth + 1)?;
                let add = self.render_license(l.subject_addition.as_deref()?, depth + 1)?;
                Some(format!("{lic} WITH {add}"))
            }
            "expandedlicensing_NoAssertionLicense" => Some("NOASSERTION".into()),
            "expandedlicensing_NoneLicense" => Some("NONE".into()),
            _ => id
                .strip_prefix("https://spdx.org/licenses/")
                .map(str::to_string)
                .or_else(|| l.name.clone())
                .or_else(|| id.rsplit(['/', '#']).next().map(str::to_string)),
        }
    }
}

/// `NoAssertionElement` / `NoneElement` individuals: "unknown" and "nothing", not elements.
fn is_none_element(id: &str) -> bool {
    id.ends_with("NoAssertionElement") || id.ends_with("NoneElement")
}

fn package_to_component(
    at: &str,
    ty: &str,
    p: &PackageEl,
    index: usize,
    warnings: &mut Vec<Warning>,
) -> Component {
    let location = if at.is_empty() {
        "/".to_string()
    } else {
        at.to_string()
    };
    let purl = p.purl.clone().filter(|s| !s.trim().is_empty()).or_else(|| {
        p.external_identifiers
            .iter()
            .find(|e| e.ty.as_deref() == Some("packageUrl"))
            .and_then(|e| e.identifier.clone())
    });
    let kind = p
        .purpose
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(kebab)
        .unwrap_or_else(|| {
            match ty {
                "ai_AIPackage" => "model",
                "dataset_DatasetPackage" => "data",
                _ => "library",
            }
            .to_string()
        });
    let id = p.id.clone().filter(|s| !s.trim().is_empty());
    let name = match p.name.clone().filter(|n| !n.is_empty()) {
        Some(n) => n,
        None => {
            let fallback = id.clone().unwrap_or_default();
            warnings.push(Warning {
                location: location.clone(),
                message: format!("package has no name; its spdxId `{fallback}` is used instead"),
            });
            fallback
        }
    };
    let mut c = Component::new(
        id.clone().unwrap_or_default(),
        kind,
        name,
        p.version.clone(),
        purl,
    );
    if id.is_none() {
        c.bom_ref = format!("stella:{}#{index}", c.identity());
        warnings.push(Warning {
            location: location.clone(),
            message: format!(
                "package has no spdxId; it is referred to as `{}`",
                c.bom_ref
            ),
        });
    }
    for e in &p.external_identifiers {
        let is_cpe = matches!(e.ty.as_deref(), Some("cpe23" | "cpe22"));
        if let Some(id) = e
            .identifier
            .as_deref()
            .filter(|s| is_cpe && !s.trim().is_empty())
        {
            c.cpes.push(id.trim().to_string());
        }
    }
    for v in &p.verified_using {
        if v.ty.as_deref().is_some_and(|t| t != "Hash") {
            continue;
        }
        if let (Some(alg), Some(value)) = (&v.algorithm, &v.hash_value) {
            c.hashes.push(Hash {
                alg: hash_alg(alg),
                value: value.clone(),
            });
        }
    }
    c
}

/// SPDX 3 `HashAlgorithm` names (`sha3_256`, `blake2b256`) → Stella's (`sha3-256`,
/// `blake2b-256`).
fn hash_alg(alg: &str) -> String {
    let a = alg.trim().to_ascii_lowercase();
    match a.strip_prefix("blake2b") {
        Some(bits @ ("256" | "384" | "512")) => format!("blake2b-{bits}"),
        _ => super::normalize_hash_alg(&a),
    }
}

/// `operatingSystem` → `operating-system`.
fn kebab(s: &str) -> String {
    let s = s.trim();
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        return s.to_ascii_lowercase().replace('_', "-");
    }
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// `"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"` → `3.0.1`.
fn version_from_context(ctx: &str) -> String {
    ctx.find("spdx.org/rdf/")
        .map(|i| {
            ctx[i + "spdx.org/rdf/".len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
                .trim_end_matches('.')
                .to_string()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "3.0".to_string())
}

#[cfg(test)]
mod tests;
