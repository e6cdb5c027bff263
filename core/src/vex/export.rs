//! Stella's consensus results as VEX documents: OpenVEX 0.2 ([`to_openvex`]) and CycloneDX 1.6
//! VEX ([`to_cyclonedx`]).
//!
//! Both are pure functions of the results and the evaluation time: results are sorted by
//! (vulnerability, product, consensus digest) and de-duplicated, keys come out sorted, and the
//! document id is a UUIDv5 over the document's canonical JSON without its id — so the same
//! results give the same bytes in any input order, on every run.
//!
//! Mapping decisions:
//! - `unknown` results say nothing and are left out; with nothing left the export is refused
//!   ([`ExportError::Empty`]): an OpenVEX document needs at least one statement.
//! - Every exported statement carries the consensus confidence, digest and, when there was one,
//!   the conflict in `status_notes` (OpenVEX) or `analysis.detail` and `stella:` properties
//!   (CycloneDX).
//! - OpenVEX requires an action statement on `affected`. When no supporting issuer gave one
//!   (e.g. `affected` kept because issuers disagree), the export says so in words rather than
//!   inventing remediation advice.
//! - CycloneDX states: not_affected → `not_affected`, affected → `exploitable`, fixed →
//!   `resolved`, under_investigation → `in_triage`. Justifications: `vulnerable_code_not_present`
//!   and `component_not_present` → `code_not_present`, `vulnerable_code_not_in_execute_path` →
//!   `code_not_reachable`, `vulnerable_code_cannot_be_controlled_by_adversary` →
//!   `requires_environment`, `inline_mitigations_already_exist` →
//!   `protected_by_mitigating_control`. Each product becomes a component whose `bom-ref` is the
//!   product id, and `affects[].ref` points at it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::Justification;
use super::consensus::{Consensus, ConsensusStatus};
use crate::canon::Digest;
use crate::purl::Purl;
use crate::time::Timestamp;

/// The OpenVEX 0.2 JSON Schema (vendored from openvex/spec, see `schemas/vendor/PROVENANCE.md`).
pub const OPENVEX_SCHEMA: &str =
    include_str!("../../../schemas/vendor/openvex/openvex_json_schema_0.2.0.json");

/// The OpenVEX 0.2 context.
pub const OPENVEX_CONTEXT: &str = "https://openvex.dev/ns/v0.2.0";

/// The author Stella writes.
pub const AUTHOR: &str = "Stella";

/// UUID namespace of Stella's VEX document ids:
/// `Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:stella:vex:export")`.
fn namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"urn:stella:vex:export")
}

/// Why an export could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Every result is `unknown` (or there are none): there is nothing to state.
    #[error("nothing to export: {0} consensus result(s), none with a known status")]
    Empty(usize),
    /// The document could not be serialised (internal).
    #[error("the VEX document cannot be serialised")]
    Serialize(#[source] serde_json::Error),
}

/// The results to export: known statuses only, sorted and de-duplicated.
fn exportable(results: &[Consensus]) -> Result<Vec<&Consensus>, ExportError> {
    let mut by_key: BTreeMap<(&str, &str, Digest), &Consensus> = BTreeMap::new();
    for c in results
        .iter()
        .filter(|c| c.status != ConsensusStatus::Unknown)
    {
        by_key
            .entry((c.vulnerability.as_str(), c.product.as_str(), c.digest))
            .or_insert(c);
    }
    if by_key.is_empty() {
        return Err(ExportError::Empty(results.len()));
    }
    Ok(by_key.into_values().collect())
}

fn notes(c: &Consensus) -> String {
    let counted = c.contributions.len();
    let supporting = c.supporting().count();
    let mut s = format!(
        "Stella VEX Lens consensus: {supporting} of {counted} statement(s) support `{}`, confidence {}, consensus digest {}",
        c.status,
        super::consensus::round6(c.confidence),
        c.digest
    );
    for k in &c.conflicts {
        s.push_str(&format!(
            "; conflict between {} ({})",
            k.issuers.join(", "),
            k.resolution
        ));
    }
    s
}

fn json_bytes(v: &Value) -> Result<Vec<u8>, ExportError> {
    let mut out = serde_json::to_vec_pretty(v).map_err(ExportError::Serialize)?;
    out.push(b'\n');
    Ok(out)
}

fn content_uuid(v: &Value) -> uuid::Uuid {
    // Strings, integers and nested objects only: canonicalisation cannot fail.
    let bytes = crate::canon::canonical_json(v).unwrap_or_default();
    uuid::Uuid::new_v5(&namespace(), &bytes)
}

/// The consensus results as an OpenVEX 0.2 document (pretty JSON, sorted keys, trailing newline).
///
/// # Errors
/// [`ExportError::Empty`] when no result has a known status.
pub fn to_openvex(results: &[Consensus], at: Timestamp) -> Result<Vec<u8>, ExportError> {
    let time = crate::time::format_time(at);
    let statements: Vec<Value> = exportable(results)?
        .into_iter()
        .map(|c| {
            let status = c.status.as_str();
            let mut st = json!({
                "vulnerability": { "name": c.vulnerability },
                "products": [ { "@id": c.product } ],
                "status": status,
                "status_notes": notes(c),
                "timestamp": c.evaluated_at,
            });
                        if let Some(j) = c.justification {
                set(&mut st, "justification", json!(openvex_justification(j)));
            }
            if let Some(i) = &c.impact_statement {
                set(&mut st, "impact_statement", json!(i));
            }
            if c.status == ConsensusStatus::NotAffected
                && c.justification.is_none()
                && c.impact_statement.is_none()
            {
                set(&mut st,
                    "impact_statement",
                    json!("The supporting issuers stated no justification or impact statement."),
                );
            }
            if c.status == ConsensusStatus::Affected {
                let action = c.action_statement.clone().unwrap_or_else(|| {
                    if c.conflicts.is_empty() {
                        "No supporting issuer gave an action statement.".to_string()
                    } else {
                        "Issuers disagree; the finding is kept as affected until the conflict is resolved.".to_string()
                    }
                });
                set(&mut st, "action_statement", json!(action));
            }
            st
        })
        .collect();
    let mut doc = json!({
        "@context": OPENVEX_CONTEXT,
        "author": AUTHOR,
        "role": "VEX Lens consensus",
        "timestamp": time,
        "version": 1,
        "tooling": format!("{} {}", crate::TOOL_NAME, crate::TOOL_VERSION),
        "statements": statements,
    });
    let id = format!("urn:uuid:{}", content_uuid(&doc));
    set(&mut doc, "@id", json!(id));
    json_bytes(&doc)
}

/// Set `key` on a JSON object; every caller passes an object built by `json!({…})`, and any other
/// value is left as it is rather than panicking.
fn set(v: &mut Value, key: &str, value: Value) {
    if let Some(m) = v.as_object_mut() {
        m.insert(key.to_string(), value);
    }
}

fn openvex_justification(j: Justification) -> &'static str {
    match j {
        Justification::ComponentNotPresent => "component_not_present",
        Justification::VulnerableCodeNotPresent => "vulnerable_code_not_present",
        Justification::VulnerableCodeNotInExecutePath => "vulnerable_code_not_in_execute_path",
        Justification::VulnerableCodeCannotBeControlledByAdversary => {
            "vulnerable_code_cannot_be_controlled_by_adversary"
        }
        Justification::InlineMitigationsAlreadyExist => "inline_mitigations_already_exist",
    }
}

fn cyclonedx_state(s: ConsensusStatus) -> &'static str {
    match s {
        ConsensusStatus::NotAffected => "not_affected",
        ConsensusStatus::Affected => "exploitable",
        ConsensusStatus::Fixed => "resolved",
        // `unknown` is never exported.
        ConsensusStatus::UnderInvestigation | ConsensusStatus::Unknown => "in_triage",
    }
}

fn cyclonedx_justification(j: Justification) -> &'static str {
    match j {
        Justification::ComponentNotPresent | Justification::VulnerableCodeNotPresent => {
            "code_not_present"
        }
        Justification::VulnerableCodeNotInExecutePath => "code_not_reachable",
        Justification::VulnerableCodeCannotBeControlledByAdversary => "requires_environment",
        Justification::InlineMitigationsAlreadyExist => "protected_by_mitigating_control",
    }
}

fn component_of(product: &str) -> Value {
    match Purl::parse(product) {
        Ok(p) => {
            let mut c = json!({
                "type": "library",
                "bom-ref": product,
                "name": p.name(),
                "purl": p.to_string(),
            });
            if let Some(ns) = p.namespace() {
                set(&mut c, "group", json!(ns));
            }
            if let Some(v) = p.version() {
                set(&mut c, "version", json!(v));
            }
            c
        }
        Err(_) => json!({ "type": "application", "bom-ref": product, "name": product }),
    }
}

/// The consensus results as a CycloneDX 1.6 VEX BOM (pretty JSON, sorted keys, trailing
/// newline).
///
/// # Errors
/// [`ExportError::Empty`] when no result has a known status.
pub fn to_cyclonedx(results: &[Consensus], at: Timestamp) -> Result<Vec<u8>, ExportError> {
    let results = exportable(results)?;
    let mut components: BTreeMap<&str, Value> = BTreeMap::new();
    let mut vulnerabilities = Vec::new();
    for c in &results {
        components
            .entry(c.product.as_str())
            .or_insert_with(|| component_of(&c.product));
        let mut analysis = json!({
            "state": cyclonedx_state(c.status),
            "detail": notes(c),
        });
        if let Some(j) = c.justification {
            set(
                &mut analysis,
                "justification",
                json!(cyclonedx_justification(j)),
            );
        }
        let mut properties = vec![
            json!({"name": "stella:vex:confidence", "value": format!("{:.6}", c.confidence)}),
            json!({"name": "stella:vex:consensusDigest", "value": c.digest.to_string()}),
            json!({"name": "stella:vex:status", "value": c.status.as_str()}),
        ];
        if !c.conflicts.is_empty() {
            properties.push(json!({"name": "stella:vex:conflict", "value": "true"}));
        }
        let mut v = json!({
            "bom-ref": format!("{}@{}", c.vulnerability, c.product),
            "id": c.vulnerability,
            "analysis": analysis,
            "affects": [ { "ref": c.product } ],
            "properties": properties,
        });
        if let Some(action) = &c.action_statement {
            set(&mut v, "recommendation", json!(action));
        }
        vulnerabilities.push(v);
    }
    let mut doc = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": crate::time::format_time(at),
            "tools": { "components": [ {
                "type": "application",
                "name": crate::TOOL_NAME,
                "version": crate::TOOL_VERSION,
            } ] },
        },
        "components": components.into_values().collect::<Vec<_>>(),
        "vulnerabilities": vulnerabilities,
    });
    let serial = format!("urn:uuid:{}", content_uuid(&doc));
    set(&mut doc, "serialNumber", json!(serial));
    json_bytes(&doc)
}

/// Check a document against the embedded OpenVEX 0.2 schema; the problems as
/// `<pointer>: <message>` lines (empty when valid).
pub fn openvex_schema_problems(doc: &Value) -> Vec<String> {
    static VALIDATOR: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    let v = VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(OPENVEX_SCHEMA).map_err(|e| e.to_string())?;
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| e.to_string())
    });
    match v {
        Ok(v) => v
            .iter_errors(doc)
            .map(|e| format!("{}: {}", e.instance_path(), e))
            .collect(),
        Err(e) => vec![format!(
            "internal error: the embedded OpenVEX schema does not compile: {e}"
        )],
    }
}

#[cfg(test)]
mod tests;
