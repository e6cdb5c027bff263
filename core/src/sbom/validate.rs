//! Schema-level validation of SBOM documents (`stella sbom validate`): a list of problems, each
//! with a location (JSON pointer or XML line), a line number and, for JSON Schema findings, the
//! schema path.
//!
//! What is checked, per format:
//! - **CycloneDX JSON 1.2–1.7**: the official JSON Schema for the document's `specVersion`
//!   (vendored under `schemas/vendor/cyclonedx/`, embedded with `include_str!`; `$ref`s to
//!   `spdx.schema.json`, `jsf-0.82.schema.json` and `cryptography-defs.schema.json` resolve from
//!   embedded copies — nothing is fetched), with `format` checks on. Plus what the schema cannot
//!   say: unique `bom-ref`s (error), dependency refs that resolve and valid purls (warnings).
//! - **CycloneDX XML 1.0–1.7**: no XSD validator exists in Rust, so **full XSD validation is not
//!   performed**. The `xml` submodule checks what the XSD requires of the elements Stella reads: component
//!   `type` (enumeration per version) and `name` (and `version` up to 1.3), hash `alg`
//!   enumeration and hex content, licences with an id or a name, unique `bom-ref`s, dependency
//!   `ref`s present and resolving, purl validity (warning).
//! - **SPDX 2.2 / 2.3 JSON**: the official SPDX JSON Schema of that version (vendored under
//!   `schemas/vendor/spdx/`), plus unique `SPDXID`s, relationship ends that resolve, valid purls.
//!   SPDX 2.0/2.1 JSON is checked against the 2.2 schema (there is no earlier JSON schema).
//! - **SPDX tag-value, YAML and SPDX 3 JSON-LD**: no schema is applied; the document is read with
//!   Stella's reader ([`crate::sbom::read_detected`]) and its error (or warnings) reported.
//!
//! The decision a newcomer might undo: validation *reports*, it does not *refuse*. `Err` is kept
//! for documents that cannot be identified or parsed at all (detection failures, JSON or XML
//! syntax); everything found in a parsed document is a [`Problem`], so one run lists them all.

mod lines;
mod xml;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::detect::strip_bom;
use super::{Detected, Encoding, SbomError, SbomFormat};
use crate::purl::Purl;

/// The SPDX licence-id list as embedded in CycloneDX (`spdx.schema.json`), also used by the
/// CycloneDX writer to decide between `license.id` and `license.name`.
pub const CYCLONEDX_SPDX_SCHEMA: &str =
    include_str!("../../../schemas/vendor/cyclonedx/spdx.SNAPSHOT.schema.json");

/// CycloneDX JSON Schemas by spec version.
const CYCLONEDX_SCHEMAS: &[(&str, &str)] = &[
    (
        "1.2",
        include_str!("../../../schemas/vendor/cyclonedx/bom-1.2.SNAPSHOT.schema.json"),
    ),
    (
        "1.3",
        include_str!("../../../schemas/vendor/cyclonedx/bom-1.3.SNAPSHOT.schema.json"),
    ),
    (
        "1.4",
        include_str!("../../../schemas/vendor/cyclonedx/bom-1.4.SNAPSHOT.schema.json"),
    ),
    (
        "1.5",
        include_str!("../../../schemas/vendor/cyclonedx/bom-1.5.SNAPSHOT.schema.json"),
    ),
    (
        "1.6",
        include_str!("../../../schemas/vendor/cyclonedx/bom-1.6.SNAPSHOT.schema.json"),
    ),
    (
        "1.7",
        include_str!("../../../schemas/vendor/cyclonedx/bom-1.7.SNAPSHOT.schema.json"),
    ),
];

/// Schemas the CycloneDX schemas reference, by file name (resolved against
/// `http://cyclonedx.org/schema/`).
const CYCLONEDX_REFERENCED: &[(&str, &str)] = &[
    ("spdx.SNAPSHOT.schema.json", CYCLONEDX_SPDX_SCHEMA),
    (
        "jsf-0.82.SNAPSHOT.schema.json",
        include_str!("../../../schemas/vendor/cyclonedx/jsf-0.82.SNAPSHOT.schema.json"),
    ),
    (
        "cryptography-defs.SNAPSHOT.schema.json",
        include_str!("../../../schemas/vendor/cyclonedx/cryptography-defs.SNAPSHOT.schema.json"),
    ),
];

/// SPDX 2 JSON Schemas by spec version.
const SPDX_SCHEMAS: &[(&str, &str)] = &[
    (
        "2.2",
        include_str!("../../../schemas/vendor/spdx/spdx-2.2.schema.json"),
    ),
    (
        "2.3",
        include_str!("../../../schemas/vendor/spdx/spdx-2.3.schema.json"),
    ),
];

/// At most this many problems are listed; [`ValidationReport::truncated`] says when more exist.
pub const MAX_PROBLEMS: usize = 1000;

/// Messages longer than this (e.g. an enumeration of 600 licence ids) are cut.
const MAX_MESSAGE_CHARS: usize = 300;

/// How serious a problem is.
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
    /// The document violates its schema (or what the schema requires of elements Stella reads).
    Error,
    /// Valid per schema, but something a consumer will trip over (an unresolved ref, a bad purl).
    Warning,
}

/// One validation finding.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where: a JSON pointer (`/components/3/hashes/0/alg`, `/` for the root) or, for XML and
    /// text formats, the element or `line N`.
    pub location: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The JSON Schema keyword path that failed (`/properties/components/items/…/enum`), for
    /// JSON Schema findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_path: Option<String>,
}

/// The outcome of [`validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValidationReport {
    /// The standard.
    pub format: SbomFormat,
    /// The serialisation.
    pub encoding: Encoding,
    /// The spec version the document states.
    pub spec_version: String,
    /// What the document was checked against, in words (which schema, or which checks).
    pub checked_against: String,
    /// Problems in document order (by line, then location).
    pub problems: Vec<Problem>,
    /// More than [`MAX_PROBLEMS`] problems were found; only the first are listed.
    pub truncated: bool,
}

impl ValidationReport {
    /// No [`Severity::Error`] problems (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// Number of problems of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }
}

/// Validate an SBOM document against its official schema (see the module documentation for
/// what is checked per format).
///
/// # Errors
/// The [`SbomError`] of detection (not an SBOM, unknown format, unsupported version, JSON syntax)
/// or of XML parsing: a document that cannot be parsed cannot be validated.
pub fn validate(bytes: &[u8]) -> Result<ValidationReport, SbomError> {
    let detected = super::detect(bytes)?;
    let body = strip_bom(bytes);
    let mut report = match (detected.format, detected.encoding) {
        (SbomFormat::CycloneDx, Encoding::Json) => cyclonedx_json(body, &detected)?,
        (SbomFormat::CycloneDx, Encoding::Xml) => xml::cyclonedx_xml(body, &detected)?,
        (SbomFormat::Spdx, Encoding::Json) => spdx_json(body, &detected)?,
        _ => via_reader(bytes, &detected),
    };
    finish(&mut report);
    Ok(report)
}

fn finish(report: &mut ValidationReport) {
    report.problems.sort_by(|a, b| {
        (
            a.line.unwrap_or(usize::MAX),
            &a.location,
            a.severity,
            &a.message,
        )
            .cmp(&(
                b.line.unwrap_or(usize::MAX),
                &b.location,
                b.severity,
                &b.message,
            ))
    });
    report.problems.dedup();
    if report.problems.len() > MAX_PROBLEMS {
        report.problems.truncate(MAX_PROBLEMS);
        report.truncated = true;
    }
}

fn shorten(message: String) -> String {
    if message.chars().count() <= MAX_MESSAGE_CHARS {
        return message;
    }
    let mut s: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    s.push('…');
    s
}

/// Resolves the CycloneDX schemas' relative `$ref`s from embedded copies; never the network.
struct EmbeddedRetriever;

impl jsonschema::Retrieve for EmbeddedRetriever {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let path = text.split('#').next().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or_default();
        match CYCLONEDX_REFERENCED.iter().find(|(n, _)| *n == name) {
            Some((_, schema)) => Ok(serde_json::from_str(schema)?),
            None => Err(format!(
                "schema `{text}` is not embedded in Stella, and schemas are never fetched over the network"
            )
            .into()),
        }
    }
}

type Compiled = Result<jsonschema::Validator, String>;

/// The compiled validator for an embedded schema, built once per process.
fn compiled(
    slot: &'static OnceLock<Compiled>,
    schema: &'static str,
) -> Result<&'static jsonschema::Validator, SbomError> {
    let v = slot.get_or_init(|| {
        let value: Value = serde_json::from_str(schema).map_err(|e| e.to_string())?;
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .with_retriever(EmbeddedRetriever)
            .should_validate_formats(true)
            .build(&value)
            .map_err(|e| e.to_string())
    });
    v.as_ref().map_err(|e| SbomError::Invalid {
        format: SbomFormat::CycloneDx,
        location: "embedded schema".into(),
        message: format!("internal error: an embedded schema does not compile: {e}"),
        line: None,
    })
}

fn cyclonedx_validator(version: &str) -> Option<Result<&'static jsonschema::Validator, SbomError>> {
    static SLOTS: [OnceLock<Compiled>; 6] = [const { OnceLock::new() }; 6];
    let i = CYCLONEDX_SCHEMAS.iter().position(|(v, _)| *v == version)?;
    Some(compiled(&SLOTS[i], CYCLONEDX_SCHEMAS[i].1))
}

fn spdx_validator(version: &str) -> Result<&'static jsonschema::Validator, SbomError> {
    static SLOTS: [OnceLock<Compiled>; 2] = [const { OnceLock::new() }; 2];
    let i = usize::from(version == "2.3");
    compiled(&SLOTS[i], SPDX_SCHEMAS[i].1)
}

fn schema_problems(validator: &jsonschema::Validator, doc: &Value) -> Vec<Problem> {
    validator
        .iter_errors(doc)
        .take(MAX_PROBLEMS + 1)
        .map(|e| {
            let pointer = e.instance_path().to_string();
            Problem {
                severity: Severity::Error,
                location: if pointer.is_empty() {
                    "/".into()
                } else {
                    pointer
                },
                line: None,
                message: shorten(e.to_string()),
                schema_path: Some(e.schema_path().to_string()),
            }
        })
        .collect()
}

/// Fill `line` for problems located by JSON pointer.
fn add_lines(text: &[u8], problems: &mut [Problem]) {
    let wanted: BTreeSet<String> = problems
        .iter()
        .filter(|p| p.line.is_none() && p.location.starts_with('/'))
        .map(|p| p.location.clone())
        .collect();
    let lines = lines::lines_for(text, &wanted);
    for p in problems.iter_mut().filter(|p| p.line.is_none()) {
        p.line = lines.get(&p.location).copied();
    }
}

fn parse(bytes: &[u8], format: &'static str) -> Result<Value, SbomError> {
    crate::json::parse_strict(bytes).map_err(|source| SbomError::Json { format, source })
}

fn pointer(parent: &str, token: &str) -> String {
    format!("{parent}/{}", crate::json::escape_pointer_token(token))
}

fn cyclonedx_json(bytes: &[u8], detected: &Detected) -> Result<ValidationReport, SbomError> {
    let doc = parse(bytes, "CycloneDX")?;
    let version = detected.spec_version.as_str();
    let (checked_against, mut problems) = match cyclonedx_validator(version) {
        Some(v) => (
            format!(
                "the official CycloneDX {version} JSON Schema (bom-{version}.schema.json), with format checks"
            ),
            schema_problems(v?, &doc),
        ),
        None => (
            "reference checks only (CycloneDX has no JSON Schema before 1.2)".to_string(),
            vec![Problem {
                severity: Severity::Error,
                location: "/specVersion".into(),
                line: None,
                message: format!(
                    "CycloneDX {version} has no JSON encoding (JSON was introduced in 1.2)"
                ),
                schema_path: None,
            }],
        ),
    };
    problems.extend(cyclonedx_json_refs(&doc));
    add_lines(bytes, &mut problems);
    Ok(ValidationReport {
        format: SbomFormat::CycloneDx,
        encoding: Encoding::Json,
        spec_version: detected.spec_version.clone(),
        checked_against,
        problems,
        truncated: false,
    })
}

/// Every `bom-ref` in the document with its pointer, in document order.
fn collect_bom_refs(v: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("bom-ref") {
                out.push((r.clone(), pointer(at, "bom-ref")));
            }
            for (k, child) in map {
                collect_bom_refs(child, &pointer(at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_bom_refs(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Components (recursively, with `metadata.component`) and their pointers.
fn cyclonedx_components(doc: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Value)> = Vec::new();
    if let Some(c) = doc.pointer("/metadata/component") {
        stack.push(("/metadata/component".into(), c));
    }
    if let Some(Value::Array(items)) = doc.get("components") {
        for (i, c) in items.iter().enumerate().rev() {
            stack.push((format!("/components/{i}"), c));
        }
    }
    while let Some((at, c)) = stack.pop() {
        if let Some(Value::Array(items)) = c.get("components") {
            for (i, child) in items.iter().enumerate().rev() {
                stack.push((format!("{at}/components/{i}"), child));
            }
        }
        out.push((at, c));
    }
    out
}

/// Checks JSON Schema cannot express: unique bom-refs, resolving dependency refs, valid purls.
fn cyclonedx_json_refs(doc: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut refs = Vec::new();
    collect_bom_refs(doc, "", &mut refs);
    let mut first: BTreeMap<&str, &str> = BTreeMap::new();
    for (r, at) in &refs {
        if let Some(prev) = first.get(r.as_str()) {
            problems.push(Problem {
                severity: Severity::Error,
                location: at.clone(),
                line: None,
                message: format!("bom-ref `{r}` is not unique (also at `{prev}`); every bom-ref must be unique within the BOM"),
                schema_path: None,
            });
        } else {
            first.insert(r, at);
        }
    }
    if let Some(Value::Array(deps)) = doc.get("dependencies") {
        for (i, d) in deps.iter().enumerate() {
            let mut check = |v: Option<&Value>, at: String| {
                if let Some(Value::String(r)) = v
                    && !first.contains_key(r.as_str())
                {
                    problems.push(Problem {
                        severity: Severity::Warning,
                        location: at,
                        line: None,
                        message: format!("dependency ref `{r}` names no bom-ref in this document"),
                        schema_path: None,
                    });
                }
            };
            check(d.get("ref"), format!("/dependencies/{i}/ref"));
            if let Some(Value::Array(to)) = d.get("dependsOn") {
                for (j, t) in to.iter().enumerate() {
                    check(Some(t), format!("/dependencies/{i}/dependsOn/{j}"));
                }
            }
        }
    }
    for (at, c) in cyclonedx_components(doc) {
        if let Some(Value::String(p)) = c.get("purl")
            && let Err(e) = Purl::parse(p)
        {
            problems.push(purl_warning(format!("{at}/purl"), p, &e.reason));
        }
    }
    problems
}

fn purl_warning(location: String, purl: &str, reason: &str) -> Problem {
    Problem {
        severity: Severity::Warning,
        location,
        line: None,
        message: format!(
            "purl `{purl}` is not a valid package URL ({reason}); the component cannot be matched"
        ),
        schema_path: None,
    }
}

fn spdx_json(bytes: &[u8], detected: &Detected) -> Result<ValidationReport, SbomError> {
    let doc = parse(bytes, "SPDX")?;
    let version = detected.spec_version.as_str();
    let schema_version = if version == "2.3" { "2.3" } else { "2.2" };
    let mut problems = schema_problems(spdx_validator(schema_version)?, &doc);
    problems.extend(spdx_json_refs(&doc));
    add_lines(bytes, &mut problems);
    let note = if schema_version == version {
        String::new()
    } else {
        format!(" (SPDX {version} has no JSON Schema of its own)")
    };
    Ok(ValidationReport {
        format: SbomFormat::Spdx,
        encoding: Encoding::Json,
        spec_version: detected.spec_version.clone(),
        checked_against: format!(
            "the official SPDX {schema_version} JSON Schema (spdx-schema.json){note}"
        ),
        problems,
        truncated: false,
    })
}

/// Unique SPDXIDs, relationship ends that resolve, valid purls.
fn spdx_json_refs(doc: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut add_id = |id: Option<&Value>, at: String, problems: &mut Vec<Problem>| {
        if let Some(Value::String(id)) = id {
            if let Some(prev) = ids.get(id) {
                problems.push(Problem {
                    severity: Severity::Error,
                    location: at,
                    line: None,
                    message: format!("SPDXID `{id}` is not unique (also at `{prev}`)"),
                    schema_path: None,
                });
            } else {
                ids.insert(id.clone(), at);
            }
        }
    };
    add_id(doc.get("SPDXID"), "/SPDXID".into(), &mut problems);
    for list in ["packages", "files", "snippets"] {
        if let Some(Value::Array(items)) = doc.get(list) {
            for (i, item) in items.iter().enumerate() {
                add_id(
                    item.get("SPDXID"),
                    format!("/{list}/{i}/SPDXID"),
                    &mut problems,
                );
                if list != "packages" {
                    continue;
                }
                let Some(Value::Array(refs)) = item.get("externalRefs") else {
                    continue;
                };
                for (j, r) in refs.iter().enumerate() {
                    let is_purl = r.get("referenceType").and_then(Value::as_str) == Some("purl");
                    if let (true, Some(Value::String(p))) = (is_purl, r.get("referenceLocator"))
                        && let Err(e) = Purl::parse(p)
                    {
                        problems.push(purl_warning(
                            format!("/packages/{i}/externalRefs/{j}/referenceLocator"),
                            p,
                            &e.reason,
                        ));
                    }
                }
            }
        }
    }
    let resolves = |id: &str| {
        ids.contains_key(id)
            || matches!(id, "NONE" | "NOASSERTION")
            || id.starts_with("DocumentRef-")
    };
    if let Some(Value::Array(rels)) = doc.get("relationships") {
        for (i, r) in rels.iter().enumerate() {
            for key in ["spdxElementId", "relatedSpdxElement"] {
                if let Some(Value::String(id)) = r.get(key)
                    && !resolves(id)
                {
                    problems.push(Problem {
                        severity: Severity::Warning,
                        location: format!("/relationships/{i}/{key}"),
                        line: None,
                        message: format!("`{id}` names no element of this document"),
                        schema_path: None,
                    });
                }
            }
        }
    }
    if let Some(Value::Array(described)) = doc.get("documentDescribes") {
        for (i, d) in described.iter().enumerate() {
            if let Value::String(id) = d
                && !resolves(id)
            {
                problems.push(Problem {
                    severity: Severity::Warning,
                    location: format!("/documentDescribes/{i}"),
                    line: None,
                    message: format!("`{id}` names no element of this document"),
                    schema_path: None,
                });
            }
        }
    }
    problems
}

/// Formats without an official schema here: read with Stella's reader and report what it says.
fn via_reader(bytes: &[u8], detected: &Detected) -> ValidationReport {
    let problems = match super::read_detected(bytes, detected) {
        Ok(inv) => inv
            .warnings
            .into_iter()
            .map(|w| Problem {
                severity: Severity::Warning,
                line: w
                    .location
                    .strip_prefix("line ")
                    .and_then(|n| n.parse().ok()),
                location: w.location,
                message: w.message,
                schema_path: None,
            })
            .collect(),
        Err(e) => vec![Problem {
            severity: Severity::Error,
            location: e
                .line()
                .map_or_else(|| "document".to_string(), |l| format!("line {l}")),
            line: e.line(),
            message: e.to_string(),
            schema_path: None,
        }],
    };
    ValidationReport {
        format: detected.format,
        encoding: detected.encoding,
        spec_version: detected.spec_version.clone(),
        checked_against: format!(
            "Stella's {} {} reader (no official schema is applied to this encoding): parse and required fields",
            detected.format, detected.encoding
        ),
        problems,
        truncated: false,
    }
}

#[cfg(test)]
mod tests;
