//! CycloneDX VEX (spec 1.4 and later, JSON and XML): one [`Statement`] per
//! `vulnerabilities[]` entry that carries an `analysis.state`.
//!
//! Both encodings are first read into the same plain shape ([`RawVuln`]), so the mapping onto
//! the model lives once:
//! - `analysis.state`: `not_affected`/`false_positive` → not_affected, `exploitable` →
//!   affected, `resolved`/`resolved_with_pedigree` → fixed, `in_triage` →
//!   under_investigation; anything else is an error for that entry. An entry without
//!   `analysis.state` is a vulnerability *listing* (a VDR or scanner report), not a VEX claim:
//!   it is rejected with that reason.
//! - `analysis.justification` → the OpenVEX justification: `code_not_present` →
//!   vulnerable_code_not_present, `code_not_reachable` → vulnerable_code_not_in_execute_path,
//!   `requires_dependency` → component_not_present, `requires_configuration` and
//!   `requires_environment` → vulnerable_code_cannot_be_controlled_by_adversary, the four
//!   `protected_*` values → inline_mitigations_already_exist; the CycloneDX word is kept in
//!   [`Statement::justification_raw`].
//! - `analysis.detail` → detail, and the impact statement of a not_affected entry;
//!   `recommendation` (else `workaround`, else — for an `exploitable` entry with responses —
//!   the detail) → action statement; `analysis.response` → responses;
//!   `references[].id` → aliases.
//! - `affects[].ref`: a BOM-Link `urn:cdx:<serial>/<version>#<bom-ref>` (the lenient
//!   `urn:uuid:<serial>/<version>#<bom-ref>` some tools write is read too, with a warning), a
//!   purl, or a bom-ref of this document — resolved against its `components` and
//!   `metadata.component` (giving the purl); a bom-ref this document does not define is
//!   *dangling* and rejects the entry. `affects[].versions` narrow the product: versions whose
//!   `status` agrees with the entry's state (or that have none) are kept, the others are
//!   dropped with a warning.
//!
//! Issuer: `metadata.manufacturer` (1.6), `manufacture`, `supplier`, the first author, else the
//! first tool. Time: `analysis.lastUpdated`, else `firstIssued`, else `metadata.timestamp`.
//! `raw` is the vulnerability entry's verbatim text (JSON object or XML element).

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::sbom::cyclonedx::xml::Ns;

use super::{
    BomLink, Issuer, Justification, ParsedDocument, Problem, Product, Statement, StatementRecord,
    UpstreamIds, VexError, VexFormat, VexStatus, check_timestamp, set_identifier, short,
};

/// The XML namespace prefix of CycloneDX (`…/bom/1.x`).
const XML_NAMESPACE_PREFIX: &str = "http://cyclonedx.org/schema/bom/";

fn invalid(location: &str, message: impl Into<String>) -> VexError {
    VexError::Invalid {
        format: VexFormat::CycloneDx,
        location: location.to_string(),
        message: message.into(),
    }
}

/// Spec versions that can carry VEX (`vulnerabilities` exist from 1.4).
fn check_spec(version: &str) -> Result<(), VexError> {
    let minor = version
        .strip_prefix("1.")
        .and_then(|m| m.parse::<u32>().ok());
    match minor {
        Some(m) if (4..=7).contains(&m) => Ok(()),
        _ => Err(VexError::UnsupportedVersion {
            format: VexFormat::CycloneDx,
            version: version.to_string(),
            supported: "CycloneDX 1.4–1.7 (vulnerabilities exist from 1.4)",
        }),
    }
}

/// Document-level context shared by the entries.
#[derive(Debug, Default)]
struct Header {
    serial: Option<String>,
    version: Option<u32>,
    timestamp: Option<String>,
    issuer: Option<Issuer>,
    /// bom-ref → purl (when the component has one) of every component of this document.
    refs: HashMap<String, Option<String>>,
}

/// One `affects[]` entry.
#[derive(Debug, Default)]
struct RawAffect {
    loc: String,
    reference: Option<String>,
    /// (version, range, status)
    versions: Vec<(Option<String>, Option<String>, Option<String>)>,
}

/// One vulnerability entry, from either encoding.
#[derive(Debug, Default)]
struct RawVuln {
    loc: String,
    raw: Vec<u8>,
    id: Option<String>,
    aliases: BTreeSet<String>,
    state: Option<String>,
    justification: Option<String>,
    responses: Vec<String>,
    detail: Option<String>,
    recommendation: Option<String>,
    workaround: Option<String>,
    first_issued: Option<String>,
    last_updated: Option<String>,
    affects: Vec<RawAffect>,
}

/// Is this parsed JSON a CycloneDX document with `vulnerabilities`?
pub fn looks_like(v: &Value) -> bool {
    v.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX")
        && v.get("vulnerabilities")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
}

fn nonempty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

#[derive(Deserialize)]
struct RawBom {
    #[serde(rename = "specVersion")]
    spec_version: Option<Value>,
    #[serde(rename = "serialNumber")]
    serial_number: Option<Value>,
    version: Option<Value>,
    metadata: Option<Value>,
    components: Option<Value>,
    vulnerabilities: Option<Box<RawValue>>,
}

/// Parse a CycloneDX VEX document in JSON.
///
/// # Errors
/// [`VexError::Json`], [`VexError::UnsupportedVersion`], [`VexError::Invalid`].
pub fn parse_json(name: &str, bytes: &[u8]) -> Result<ParsedDocument, VexError> {
    let json_err = |source| VexError::Json {
        format: VexFormat::CycloneDx,
        source,
    };
    crate::json::check_strict(bytes).map_err(json_err)?;
    // Strictness was checked above; what is left is the top level's shape.
    let bom: RawBom = serde_json::from_slice(bytes)
        .map_err(|e| invalid("/", format!("a CycloneDX document is a JSON object ({e})")))?;
    let spec = bom
        .spec_version
        .as_ref()
        .and_then(Value::as_str)
        .ok_or_else(|| {
            invalid(
                "/specVersion",
                "a CycloneDX document needs a string `specVersion`",
            )
        })?;
    check_spec(spec)?;
    let mut header = Header {
        serial: nonempty(bom.serial_number.as_ref().and_then(Value::as_str)),
        version: bom
            .version
            .as_ref()
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok()),
        ..Header::default()
    };
    if let Some(md) = &bom.metadata {
        header.timestamp = nonempty(md.get("timestamp").and_then(Value::as_str));
        let name_of = |k: &str| nonempty(md.pointer(&format!("/{k}/name")).and_then(Value::as_str));
        let tool = md
            .get("tools")
            .and_then(|t| {
                t.as_array()
                    .and_then(|a| a.first())
                    .or_else(|| t.pointer("/components/0"))
            })
            .and_then(|t| nonempty(t.get("name").and_then(Value::as_str)));
        header.issuer = [
            ("manufacturer", name_of("manufacturer")),
            ("manufacturer", name_of("manufacture")),
            ("supplier", name_of("supplier")),
            (
                "author",
                nonempty(md.pointer("/authors/0/name").and_then(Value::as_str)),
            ),
            ("tool", tool),
        ]
        .into_iter()
        .find_map(|(role, n)| {
            n.map(|name| Issuer {
                name,
                id: None,
                role: Some(role.to_string()),
            })
        });
        if let Some(c) = md.get("component") {
            add_components(&mut header.refs, std::slice::from_ref(c));
        }
    }
    if let Some(Value::Array(cs)) = &bom.components {
        add_components(&mut header.refs, cs);
    }
    let entries: Vec<&RawValue> = match &bom.vulnerabilities {
        None => Vec::new(),
        Some(raw) => serde_json::from_str(raw.get())
            .map_err(|_| invalid("/vulnerabilities", "`vulnerabilities` must be an array"))?,
    };
    let mut vulns = Vec::with_capacity(entries.len());
    for (i, raw) in entries.iter().enumerate() {
        let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        vulns.push(json_vuln(&v, i, raw.get().as_bytes()));
    }
    Ok(build(name, &header, vulns))
}

/// Walk components (and their nested components) with an explicit stack.
fn add_components(refs: &mut HashMap<String, Option<String>>, top: &[Value]) {
    let mut stack: Vec<&Value> = top.iter().collect();
    while let Some(c) = stack.pop() {
        if let Some(r) = nonempty(c.get("bom-ref").and_then(Value::as_str)) {
            refs.entry(r)
                .or_insert_with(|| nonempty(c.get("purl").and_then(Value::as_str)));
        }
        if let Some(Value::Array(sub)) = c.get("components") {
            stack.extend(sub.iter());
        }
    }
}

fn json_vuln(v: &Value, i: usize, raw: &[u8]) -> RawVuln {
    let s = |p: &str| nonempty(v.pointer(p).and_then(Value::as_str));
    let arr = |p: &str| v.pointer(p).and_then(Value::as_array).into_iter().flatten();
    RawVuln {
        loc: format!("/vulnerabilities/{i}"),
        raw: raw.to_vec(),
        id: s("/id"),
        aliases: arr("/references")
            .filter_map(|r| nonempty(r.get("id").and_then(Value::as_str)))
            .collect(),
        state: s("/analysis/state"),
        justification: s("/analysis/justification"),
        responses: arr("/analysis/response")
            .filter_map(|r| nonempty(r.as_str()))
            .collect(),
        detail: s("/analysis/detail"),
        recommendation: s("/recommendation"),
        workaround: s("/workaround"),
        first_issued: s("/analysis/firstIssued"),
        last_updated: s("/analysis/lastUpdated"),
        affects: arr("/affects")
            .enumerate()
            .map(|(j, a)| RawAffect {
                loc: format!("/vulnerabilities/{i}/affects/{j}"),
                reference: nonempty(a.get("ref").and_then(Value::as_str)),
                versions: a
                    .get("versions")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|x| {
                        (
                            nonempty(x.get("version").and_then(Value::as_str)),
                            nonempty(x.get("range").and_then(Value::as_str)),
                            nonempty(x.get("status").and_then(Value::as_str)),
                        )
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The document's text: UTF-8 after an optional byte-order mark.
fn xml_text(bytes: &[u8]) -> Result<&str, VexError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| VexError::Xml {
        line: 0,
        column: 0,
        message: format!("not UTF-8 (at byte {})", e.valid_up_to()),
    })
}

/// Parse XML with DTDs refused (no entity expansion, no external entities).
fn xml_document(text: &str) -> Result<roxmltree::Document<'_>, VexError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, opts).map_err(|e| {
        let pos = e.pos();
        VexError::Xml {
            line: pos.row,
            column: pos.col,
            message: e.to_string(),
        }
    })
}

/// Parse a CycloneDX VEX document in XML. DTDs are refused (no entity expansion, no XXE).
///
/// # Errors
/// [`VexError::Xml`] for malformed XML, [`VexError::UnsupportedVersion`],
/// [`VexError::NotVex`] for a root that is not a CycloneDX `<bom>`.
pub fn parse_xml(name: &str, bytes: &[u8]) -> Result<ParsedDocument, VexError> {
    let text = xml_text(bytes)?;
    let doc = xml_document(text)?;
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or_default();
    let Some(spec) = ns.strip_prefix(XML_NAMESPACE_PREFIX) else {
        return Err(VexError::NotVex {
            what: format!(
                "an XML document with root <{}> in namespace `{ns}`, not a CycloneDX <bom>",
                root.tag_name().name()
            ),
        });
    };
    if root.tag_name().name() != "bom" {
        return Err(VexError::NotVex {
            what: format!(
                "a CycloneDX XML document with root <{}>",
                root.tag_name().name()
            ),
        });
    }
    check_spec(spec)?;
    let ns = Ns(ns);
    let is = |n: &roxmltree::Node<'_, '_>, name: &str| ns.is(*n, name);
    let mut header = Header {
        serial: nonempty(root.attribute("serialNumber")),
        version: root
            .attribute("version")
            .and_then(|v| v.trim().parse().ok()),
        ..Header::default()
    };
    // Components: explicit stack (roxmltree accepts any depth).
    let mut stack = Vec::new();
    if let Some(md) = ns.child(root, "metadata") {
        header.timestamp = ns.text_of(md, "timestamp");
        let name_in = |k: &str| ns.child(md, k).and_then(|m| ns.text_of(m, "name"));
        let author = ns
            .child(md, "authors")
            .and_then(|a| ns.child(a, "author"))
            .and_then(|a| ns.text_of(a, "name"));
        let tool = ns.child(md, "tools").and_then(|t| {
            ns.child(t, "tool")
                .or_else(|| {
                    ns.child(t, "components")
                        .and_then(|c| ns.child(c, "component"))
                })
                .and_then(|x| ns.text_of(x, "name"))
        });
        header.issuer = [
            ("manufacturer", name_in("manufacturer")),
            ("manufacturer", name_in("manufacture")),
            ("supplier", name_in("supplier")),
            ("author", author),
            ("tool", tool),
        ]
        .into_iter()
        .find_map(|(role, n)| {
            n.map(|name| Issuer {
                name,
                id: None,
                role: Some(role.to_string()),
            })
        });
        stack.extend(ns.child(md, "component"));
    }
    if let Some(cs) = ns.child(root, "components") {
        stack.extend(cs.children().filter(|c| is(c, "component")));
    }
    while let Some(c) = stack.pop() {
        if let Some(r) = nonempty(c.attribute("bom-ref")) {
            header
                .refs
                .entry(r)
                .or_insert_with(|| ns.text_of(c, "purl"));
        }
        if let Some(sub) = ns.child(c, "components") {
            stack.extend(sub.children().filter(|x| is(x, "component")));
        }
    }
    let mut vulns = Vec::new();
    if let Some(list) = ns.child(root, "vulnerabilities") {
        for (i, v) in list
            .children()
            .filter(|c| is(c, "vulnerability"))
            .enumerate()
        {
            let analysis = ns.child(v, "analysis");
            let a_text = |k: &str| analysis.and_then(|a| ns.text_of(a, k));
            vulns.push(RawVuln {
                loc: format!("/bom/vulnerabilities/vulnerability[{}]", i + 1),
                raw: text.as_bytes()[v.range()].to_vec(),
                id: ns.text_of(v, "id"),
                aliases: ns
                    .child(v, "references")
                    .into_iter()
                    .flat_map(|r| r.children().filter(|c| is(c, "reference")))
                    .filter_map(|r| ns.text_of(r, "id"))
                    .collect(),
                state: a_text("state"),
                justification: a_text("justification"),
                responses: analysis
                    .and_then(|a| ns.child(a, "responses"))
                    .into_iter()
                    .flat_map(|r| r.children().filter(|c| is(c, "response")))
                    .filter_map(|r| nonempty(r.text()))
                    .collect(),
                detail: a_text("detail"),
                recommendation: ns.text_of(v, "recommendation"),
                workaround: ns.text_of(v, "workaround"),
                first_issued: a_text("firstIssued"),
                last_updated: a_text("lastUpdated"),
                affects: ns
                    .child(v, "affects")
                    .into_iter()
                    .flat_map(|a| a.children().filter(|c| is(c, "target")))
                    .enumerate()
                    .map(|(j, t)| RawAffect {
                        loc: format!(
                            "/bom/vulnerabilities/vulnerability[{}]/affects/target[{}]",
                            i + 1,
                            j + 1
                        ),
                        reference: ns.text_of(t, "ref"),
                        versions: ns
                            .child(t, "versions")
                            .into_iter()
                            .flat_map(|vs| vs.children().filter(|c| is(c, "version")))
                            .map(|x| {
                                (
                                    ns.text_of(x, "version"),
                                    ns.text_of(x, "range"),
                                    ns.text_of(x, "status"),
                                )
                            })
                            .collect(),
                    })
                    .collect(),
            });
        }
    }
    Ok(build(name, &header, vulns))
}

/// Does CycloneDX XML text carry at least one `<vulnerability>` (a VEX document rather than an
/// SBOM)? `Err` when the XML is malformed.
///
/// # Errors
/// [`VexError::Xml`] for malformed XML (DTDs refused).
pub fn xml_has_vulnerabilities(bytes: &[u8]) -> Result<bool, VexError> {
    let text = xml_text(bytes)?;
    let doc = xml_document(text)?;
    let root = doc.root_element();
    let ns = Ns(root.tag_name().namespace().unwrap_or_default());
    Ok(ns
        .child(root, "vulnerabilities")
        .is_some_and(|v| ns.child(v, "vulnerability").is_some()))
}

fn state_of(s: &str) -> Option<VexStatus> {
    Some(match s {
        "not_affected" | "false_positive" => VexStatus::NotAffected,
        "exploitable" => VexStatus::Affected,
        "resolved" | "resolved_with_pedigree" => VexStatus::Fixed,
        "in_triage" => VexStatus::UnderInvestigation,
        _ => return None,
    })
}

fn justification_of(s: &str) -> Option<Justification> {
    Some(match s {
        "code_not_present" => Justification::VulnerableCodeNotPresent,
        "code_not_reachable" => Justification::VulnerableCodeNotInExecutePath,
        "requires_dependency" => Justification::ComponentNotPresent,
        "requires_configuration" | "requires_environment" => {
            Justification::VulnerableCodeCannotBeControlledByAdversary
        }
        "protected_by_compiler"
        | "protected_at_runtime"
        | "protected_at_perimeter"
        | "protected_by_mitigating_control" => Justification::InlineMitigationsAlreadyExist,
        // OpenVEX names written into a CycloneDX document
        other => return Justification::from_openvex(other),
    })
}

/// Does a version's `status` (`affected`, `unaffected`, `unknown`) agree with the statement?
fn version_agrees(status: Option<&str>, st: VexStatus) -> bool {
    match status {
        None | Some("unknown") => true,
        Some("affected") => matches!(st, VexStatus::Affected | VexStatus::UnderInvestigation),
        Some("unaffected") => matches!(st, VexStatus::NotAffected | VexStatus::Fixed),
        Some(_) => false,
    }
}

/// Parse a BOM-Link (`urn:cdx:<uuid>/<version>#<bom-ref>`, leniently `urn:uuid:…`).
fn bom_link(r: &str) -> Option<BomLink> {
    let serial_part = r
        .strip_prefix("urn:cdx:")
        .or_else(|| r.strip_prefix("urn:uuid:"))?;
    let (head, frag) = serial_part.split_once('#')?;
    let (uuid, version) = match head.split_once('/') {
        Some((u, v)) => (u, Some(v.parse::<u32>().ok()?)),
        None => (head, None),
    };
    if uuid.is_empty() || frag.is_empty() {
        return None;
    }
    Some(BomLink {
        serial: Some(format!("urn:uuid:{uuid}")),
        version,
        bom_ref: frag.to_string(),
    })
}

fn build(name: &str, header: &Header, vulns: Vec<RawVuln>) -> ParsedDocument {
    let mut out = ParsedDocument::default();
    let document_id = header.serial.clone().unwrap_or_else(|| name.to_string());
    let issuer = header.issuer.clone().unwrap_or_else(|| {
        out.problems.push(Problem::warning(
            "/metadata",
            "the document names no manufacturer, supplier, author or tool: its statements have an unknown issuer",
        ));
        Issuer {
            name: "unknown".into(),
            id: None,
            role: None,
        }
    });
    let doc_time = match &header.timestamp {
        Some(t) => match check_timestamp(t) {
            Ok(()) => Ok(Some(t.clone())),
            Err(e) => {
                out.problems.push(Problem::error(
                    "/metadata/timestamp",
                    format!("document {e}"),
                ));
                Err(e)
            }
        },
        None => Ok(None),
    };
    let mut ids = UpstreamIds::default();
    for v in vulns {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        if v.id.is_none() {
            errors.push(Problem::error(
                format!("{}/id", v.loc),
                "the vulnerability has no `id`",
            ));
        }
        let status = match v.state.as_deref() {
            None => {
                errors.push(Problem::error(
                    format!("{}/analysis/state", v.loc),
                    "no `analysis.state`: a vulnerability listing, not a VEX statement",
                ));
                None
            }
            Some(s) => match state_of(s) {
                Some(st) => Some(st),
                None => {
                    errors.push(Problem::error(
                        format!("{}/analysis/state", v.loc),
                        format!(
                            "unknown analysis state `{}` (expected resolved, resolved_with_pedigree, exploitable, in_triage, false_positive or not_affected)",
                            short(s, 60)
                        ),
                    ));
                    None
                }
            },
        };
        let mut timestamp = None;
        for (key, t) in [
            ("firstIssued", &v.first_issued),
            ("lastUpdated", &v.last_updated),
        ] {
            if let Some(t) = t {
                match check_timestamp(t) {
                    Ok(()) => timestamp = Some(t.clone()),
                    Err(e) => errors.push(Problem::error(format!("{}/analysis/{key}", v.loc), e)),
                }
            }
        }
        if timestamp.is_none() {
            match &doc_time {
                Ok(t) => timestamp = t.clone(),
                Err(e) => errors.push(Problem::error(
                    &v.loc,
                    format!("the statement's time is the document's, which is invalid ({e})"),
                )),
            }
        }
        let mut products = Vec::new();
        for a in &v.affects {
            let Some(r) = &a.reference else {
                errors.push(Problem::error(
                    format!("{}/ref", a.loc),
                    "`affects` entry without `ref`",
                ));
                continue;
            };
            let mut p = Product {
                id: r.clone(),
                purl: None,
                cpe: None,
                bom_link: None,
                versions: Vec::new(),
                subcomponents: Vec::new(),
            };
            let ref_loc = format!("{}/ref", a.loc);
            if r.starts_with("urn:cdx:") || r.starts_with("urn:uuid:") {
                match bom_link(r) {
                    Some(link) => {
                        if r.starts_with("urn:uuid:") {
                            warnings.push(Problem::warning(
                                &ref_loc,
                                format!(
                                    "`{}` is not a BOM-Link (`urn:cdx:…`); read as one",
                                    short(r, 100)
                                ),
                            ));
                        }
                        // A BOM-Link into this very document resolves here.
                        if link.serial == header.serial
                            && let Some(Some(purl)) = header.refs.get(&link.bom_ref)
                        {
                            set_identifier(&mut p, purl, &ref_loc, &mut warnings);
                        } else if link.bom_ref.starts_with("pkg:") {
                            set_identifier(&mut p, &link.bom_ref, &ref_loc, &mut warnings);
                        }
                        p.bom_link = Some(link);
                    }
                    None => {
                        errors.push(Problem::error(
                            &ref_loc,
                            format!(
                                "`{}` is not a BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`)",
                                short(r, 100)
                            ),
                        ));
                        continue;
                    }
                }
            } else if r.starts_with("pkg:") {
                set_identifier(&mut p, r, &ref_loc, &mut warnings);
            } else {
                match header.refs.get(r) {
                    Some(purl) => {
                        if let Some(purl) = purl {
                            set_identifier(&mut p, purl, &ref_loc, &mut warnings);
                        }
                        p.bom_link = Some(BomLink {
                            serial: header.serial.clone(),
                            version: header.version,
                            bom_ref: r.clone(),
                        });
                    }
                    None => {
                        errors.push(Problem::error(
                            &ref_loc,
                            format!(
                                "dangling reference: bom-ref `{}` is not a component of this document (use a BOM-Link `urn:cdx:<serial>/<version>#<bom-ref>` for another BOM)",
                                short(r, 100)
                            ),
                        ));
                        continue;
                    }
                }
            }
            for (k, (version, range, vstatus)) in a.versions.iter().enumerate() {
                let Some(text) = version.as_ref().or(range.as_ref()) else {
                    warnings.push(Problem::warning(
                        format!("{}/versions/{k}", a.loc),
                        "a version entry with neither `version` nor `range`: ignored",
                    ));
                    continue;
                };
                match status {
                    Some(st) if !version_agrees(vstatus.as_deref(), st) => {
                        warnings.push(Problem::warning(
                            format!("{}/versions/{k}", a.loc),
                            format!(
                                "version `{}` is marked `{}` in a `{}` statement: left out of its scope",
                                short(text, 60),
                                vstatus.as_deref().unwrap_or(""),
                                st.as_str()
                            ),
                        ));
                    }
                    _ => p.versions.push(text.clone()),
                }
            }
            products.push(p);
        }
        if products.is_empty() && errors.iter().all(|e| !e.location.contains("/affects")) {
            errors.push(Problem::error(
                format!("{}/affects", v.loc),
                "the vulnerability names no affected product (`affects`)",
            ));
        }
        out.problems.extend(warnings);
        if !errors.is_empty() {
            out.problems.extend(errors);
            continue;
        }
        let (Some(status), Some(vid)) = (status, v.id) else {
            continue;
        };
        let (justification, justification_raw) = match &v.justification {
            Some(j) => {
                let mapped = justification_of(j);
                let raw =
                    (mapped.map(Justification::as_str) != Some(j.as_str())).then(|| j.clone());
                (mapped, raw)
            }
            None => (None, None),
        };
        let mut aliases = v.aliases;
        aliases.remove(&vid);
        let statement = Statement {
            vulnerability: vid.clone(),
            aliases,
            products,
            status,
            justification,
            justification_raw,
            impact_statement: (status == VexStatus::NotAffected)
                .then(|| v.detail.clone())
                .flatten(),
            // An `exploitable` entry's responses (`update`, `workaround_available`, …) with
            // its detail are its action statement when it has no recommendation.
            action_statement: v.recommendation.or(v.workaround).or_else(|| {
                (status == VexStatus::Affected && !v.responses.is_empty())
                    .then(|| v.detail.clone())
                    .flatten()
            }),
            responses: v.responses,
            detail: v.detail,
            issuer: issuer.clone(),
            timestamp,
            document_id: document_id.clone(),
            document_version: header.version.map(|n| n.to_string()),
        };
        let upstream_id = ids.next(&document_id, &vid, &statement.products);
        out.statements.push(StatementRecord {
            upstream_id,
            locator: v.loc,
            raw: v.raw,
            statement,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/vex/cyclonedx")
            .join(name);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    #[test]
    fn bom_links_and_vocabulary() {
        // CycloneDX Use-Cases Case-13: two entries for one CVE, BOM-Links into other BOMs.
        let doc = parse_json("vex.json", &fixture("use-case-13.vex.json")).unwrap();
        assert_eq!(doc.statements.len(), 2, "{:?}", doc.problems);
        let na = &doc.statements[0].statement;
        assert_eq!(na.vulnerability, "CVE-2020-25649");
        assert_eq!(na.status, VexStatus::NotAffected);
        assert_eq!(
            na.justification,
            Some(Justification::VulnerableCodeNotInExecutePath)
        );
        assert_eq!(na.justification_raw.as_deref(), Some("code_not_reachable"));
        assert_eq!(na.responses, ["will_not_fix", "update"]);
        assert!(na.impact_statement.is_some());
        let link = na.products[0].bom_link.as_ref().unwrap();
        assert_eq!(
            link.serial.as_deref(),
            Some("urn:uuid:2c385cf7-e1ee-46e9-a51c-13de1ecb380a")
        );
        assert_eq!(link.version, Some(1));
        assert_eq!(link.bom_ref, "acme-product-1");
        assert_eq!(doc.statements[1].statement.status, VexStatus::Affected);
        // raw is the entry's own text
        let raw: Value = serde_json::from_slice(&doc.statements[1].raw).unwrap();
        assert_eq!(raw["analysis"]["state"], "exploitable");
    }

    #[test]
    fn local_bom_ref_resolves_to_metadata_component() {
        let doc = parse_json("vex.json", &fixture("cisa-case-1-not-affected.vex.json")).unwrap();
        let st = &doc.statements[0].statement;
        assert_eq!(st.products[0].id, "product-ABC");
        assert_eq!(
            st.products[0].bom_link.as_ref().unwrap().bom_ref,
            "product-ABC"
        );
        assert_eq!(st.timestamp.as_deref(), Some("2022-03-03T00:00:00Z"));
        assert_eq!(
            st.justification,
            Some(Justification::VulnerableCodeNotPresent)
        );
    }

    #[test]
    fn versions_follow_the_state() {
        let doc = parse_json("vex.json", &fixture("cisa-case-6.vex.json")).unwrap();
        assert!(
            doc.problems.iter().all(|p| !p.is_error()),
            "{:?}",
            doc.problems
        );
        for r in &doc.statements {
            assert!(!r.statement.products[0].versions.is_empty());
        }
    }

    #[test]
    fn xml_reads_like_json() {
        let json = parse_json("vex.json", &fixture("use-case-13.vex.json")).unwrap();
        let xml = parse_xml("vex.xml", &fixture("use-case-13.vex.xml")).unwrap();
        // (the document names no issuer: one warning, as for the JSON)
        assert_eq!(xml.problems, json.problems);
        assert_eq!(json.statements.len(), xml.statements.len());
        for (j, x) in json.statements.iter().zip(&xml.statements) {
            let mut js = j.statement.clone();
            let mut xs = x.statement.clone();
            // the document ids differ (file names: neither has a serial number)
            js.document_id.clear();
            xs.document_id.clear();
            assert_eq!(js, xs);
        }
        assert!(String::from_utf8_lossy(&xml.statements[0].raw).starts_with("<vulnerability"));
    }

    #[test]
    fn listing_without_analysis_dangling_refs_and_bad_states() {
        let text = br#"{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
          "metadata":{"timestamp":"2024-01-01T00:00:00Z","supplier":{"name":"S"}},
          "components":[{"bom-ref":"c1","name":"a","purl":"pkg:npm/a@1.0.0"}],
          "vulnerabilities":[
            {"id":"CVE-1","affects":[{"ref":"c1"}]},
            {"id":"CVE-2","analysis":{"state":"nope"},"affects":[{"ref":"c1"}]},
            {"id":"CVE-3","analysis":{"state":"resolved"},"affects":[{"ref":"c2"}]},
            {"id":"CVE-4","analysis":{"state":"resolved","lastUpdated":"later"},"affects":[{"ref":"c1"}]},
            {"id":"CVE-5","analysis":{"state":"exploitable"},"affects":[{"ref":"c1"}]}]}"#;
        let doc = parse_json("x.json", text).unwrap();
        assert_eq!(doc.statements.len(), 1);
        let st = &doc.statements[0].statement;
        assert_eq!(st.products[0].purl.as_deref(), Some("pkg:npm/a@1.0.0"));
        assert_eq!(st.issuer.name, "S");
        let locs: Vec<&str> = doc.problems.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(
            locs,
            [
                "/vulnerabilities/0/analysis/state",
                "/vulnerabilities/1/analysis/state",
                "/vulnerabilities/2/affects/0/ref",
                "/vulnerabilities/3/analysis/lastUpdated"
            ]
        );
        assert!(doc.problems[2].message.contains("dangling"));
    }

    #[test]
    fn xml_dtds_are_refused() {
        let text = br#"<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaa">]><bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>"#;
        assert!(matches!(
            parse_xml("x.xml", text),
            Err(VexError::Xml { .. })
        ));
    }
}
