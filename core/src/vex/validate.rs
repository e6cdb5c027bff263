//! Validation of a parsed VEX document: every [`Problem`], with its location (JSON pointer, or
//! XML path for CycloneDX XML).
//!
//! The parsers already report what rejects a statement (unknown status, bad timestamp,
//! dangling product reference, no product: severity `error`). This module adds what a
//! statement *should* carry but that does not make it unreadable (severity `warning`, the
//! statement is kept and ingested):
//! - `not_affected` without a justification and without an impact statement (OpenVEX and CSAF
//!   VEX require one of them; CISA's minimum requirements too);
//! - a justification that is not one of the known values;
//! - `affected` without an action statement;
//! - a statement without any timestamp (its freshness cannot be weighed).
//!
//! `stella vex validate --strict` fails on any problem of either severity.

use super::{ParsedDocument, Problem, VexStatus};

/// Every problem of a parsed document: the parser's and the semantic checks above, ordered by
/// location (numeric pointer segments compare as numbers, so `/statements/2` precedes
/// `/statements/10`).
pub fn validate(doc: &ParsedDocument) -> Vec<Problem> {
    let mut out = doc.problems.clone();
    for r in &doc.statements {
        let st = &r.statement;
        let at = |field: &str| format!("{}/{field}", r.locator);
        if st.status == VexStatus::NotAffected
            && st.justification.is_none()
            && st.justification_raw.is_none()
            && st.impact_statement.is_none()
        {
            out.push(Problem::warning(
                at("justification"),
                format!(
                    "`not_affected` statement about {} without a justification or an impact statement",
                    st.vulnerability
                ),
            ));
        }
        if st.justification.is_none()
            && let Some(raw) = &st.justification_raw
        {
            out.push(Problem::warning(
                at("justification"),
                format!(
                    "unknown justification `{}` (expected one of component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist)",
                    super::short(raw, 60)
                ),
            ));
        }
        if st.status == VexStatus::Affected && st.action_statement.is_none() {
            out.push(Problem::warning(
                at("action_statement"),
                format!(
                    "`affected` statement about {} without an action statement",
                    st.vulnerability
                ),
            ));
        }
        if st.timestamp.is_none() {
            out.push(Problem::warning(
                at("timestamp"),
                "the statement has no timestamp (neither its own nor its document's)",
            ));
        }
    }
    out.sort_by_cached_key(|p| (location_key(&p.location), p.message.clone()));
    out.dedup();
    out
}

/// A sort key for a location: numeric segments as numbers.
fn location_key(loc: &str) -> Vec<(u8, u64, String)> {
    loc.split(['/', '[', ']'])
        .map(|seg| match seg.parse::<u64>() {
            Ok(n) => (0, n, String::new()),
            Err(_) => (1, 0, seg.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vex::openvex;

    #[test]
    fn missing_justification_action_and_unknown_values() {
        let text = br#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"d","author":"A",
          "timestamp":"2024-01-01T00:00:00Z","statements":[
          {"vulnerability":{"name":"CVE-1"},"products":[{"@id":"pkg:npm/a@1"}],"status":"not_affected"},
          {"vulnerability":{"name":"CVE-2"},"products":[{"@id":"pkg:npm/a@1"}],"status":"affected"},
          {"vulnerability":{"name":"CVE-3"},"products":[{"@id":"pkg:npm/a@1"}],"status":"not_affected","justification":"trust_me"},
          {"vulnerability":{"name":"CVE-4"},"products":[{"@id":"pkg:npm/a@1"}],"status":"fixed"},
          {"vulnerability":{"name":"CVE-5"},"products":[{"@id":"pkg:npm/a@1"}],"status":"wontfix"},
          {"vulnerability":{"name":"CVE-6"},"products":[{"@id":"pkg:npm/a@1"}],"status":"not_affected","impact_statement":"ok"},
          {"vulnerability":{"name":"CVE-7"},"products":[{"@id":"pkg:npm/a@1"}],"status":"fixed"},
          {"vulnerability":{"name":"CVE-8"},"products":[{"@id":"pkg:npm/a@1"}],"status":"fixed"},
          {"vulnerability":{"name":"CVE-9"},"products":[{"@id":"pkg:npm/a@1"}],"status":"fixed"},
          {"vulnerability":{"name":"CVE-10"},"products":[{"@id":"pkg:npm/a@1"}],"status":"affected","action_statement":"upgrade"},
          {"vulnerability":{"name":"CVE-11"},"products":[{"@id":"pkg:npm/a@1"}],"status":"affected"}]}"#;
        let doc = openvex::parse("d.json", text).unwrap();
        let problems = validate(&doc);
        let got: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.location.as_str(), p.severity.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/statements/0/justification", "warning"),
                ("/statements/1/action_statement", "warning"),
                ("/statements/2/justification", "warning"),
                ("/statements/4/status", "error"),
                ("/statements/10/action_statement", "warning"),
            ]
        );
        assert!(
            problems[2]
                .message
                .contains("unknown justification `trust_me`")
        );
    }

    #[test]
    fn real_documents_are_clean() {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/vex/openvex/harvester-webhook.openvex.json");
        let doc = openvex::parse("x", &std::fs::read(p).unwrap()).unwrap();
        assert_eq!(validate(&doc), []);
    }
}
