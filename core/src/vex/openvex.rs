//! OpenVEX 0.2 (and 0.1) documents: one [`Statement`] per `statements[]` entry.
//!
//! The two versions differ in shape, not meaning, and both are read:
//! - 0.1 (`@context: https://openvex.dev/ns`) writes `vulnerability` as a string, `products` as
//!   plain strings, and `subcomponents` beside them on the statement (about every product);
//! - 0.2 (`https://openvex.dev/ns/v0.2.0`) writes `vulnerability` as `{name, @id, aliases}` and
//!   products as `{@id, identifiers{purl, cpe22, cpe23}, hashes, subcomponents}`.
//!
//! Mixed spellings (0.1 context with 0.2 shapes, seen in real documents) are accepted. A
//! product's id is its `@id`, else its purl, CPE or first hash; its purl comes from
//! `identifiers.purl` or an `@id` that is a purl. The statement time is the statement's
//! `last_updated`, else its `timestamp`, else the document's `last_updated`, else `timestamp`.
//! The issuer is the document `author` (and `role`). `status_notes` (or the non-standard
//! `statement` text some documents carry) becomes [`Statement::detail`].
//!
//! Per statement, fatal (the statement is left out, an `error` [`Problem`]): no vulnerability
//! name, no product, a product without any identifier, a missing or unknown status, a time that
//! is not RFC 3339. `raw` is the statement object's verbatim text.

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::{
    Issuer, Justification, ParsedDocument, Problem, Product, Statement, StatementRecord,
    UpstreamIds, VexError, VexFormat, VexStatus, check_timestamp, product_from_id, set_identifier,
    short,
};

#[derive(Deserialize)]
struct RawDoc {
    #[serde(rename = "@context")]
    context: Option<Value>,
    #[serde(rename = "@id")]
    id: Option<Value>,
    author: Option<Value>,
    role: Option<Value>,
    timestamp: Option<Value>,
    last_updated: Option<Value>,
    version: Option<Value>,
    statements: Option<Box<RawValue>>,
}

fn invalid(location: &str, message: impl Into<String>) -> VexError {
    VexError::Invalid {
        format: VexFormat::OpenVex,
        location: location.to_string(),
        message: message.into(),
    }
}

/// Does a parsed JSON object look like OpenVEX? An `@context` in the OpenVEX namespace, or
/// (for documents written with an empty context) `statements` whose entries carry
/// `vulnerability` and `status`.
pub fn looks_like(v: &Value) -> bool {
    let Some(obj) = v.as_object() else {
        return false;
    };
    let ctx_openvex = obj
        .get("@context")
        .is_some_and(|c| c.to_string().contains("openvex.dev/ns"));
    if ctx_openvex {
        return true;
    }
    obj.get("statements")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            !s.is_empty()
                && s.iter()
                    .all(|st| st.get("vulnerability").is_some() && st.get("status").is_some())
        })
}

fn string_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parse an OpenVEX document.
///
/// # Errors
/// [`VexError::Json`] for malformed JSON, [`VexError::Invalid`] when the top level is not an
/// object or `statements` is not an array.
pub fn parse(name: &str, bytes: &[u8]) -> Result<ParsedDocument, VexError> {
    let json_err = |source| VexError::Json {
        format: VexFormat::OpenVex,
        source,
    };
    crate::json::check_strict(bytes).map_err(json_err)?;
    // Strictness was checked above; what is left is the top level's shape.
    let doc: RawDoc = serde_json::from_slice(bytes).map_err(|e| {
        invalid(
            "/",
            format!("an OpenVEX document is a JSON object with `statements` ({e})"),
        )
    })?;
    let mut out = ParsedDocument::default();
    if !doc
        .context
        .as_ref()
        .is_some_and(|c| c.to_string().contains("openvex.dev/ns"))
    {
        out.problems.push(Problem::warning(
            "/@context",
            format!(
                "`@context` is {}, not the OpenVEX namespace `https://openvex.dev/ns/v0.2.0`",
                doc.context
                    .as_ref()
                    .map_or("missing".to_string(), |c| short(&c.to_string(), 80))
            ),
        ));
    }
    let statements: Vec<&RawValue> = match &doc.statements {
        None => {
            return Err(invalid(
                "/statements",
                "an OpenVEX document needs `statements`",
            ));
        }
        Some(raw) => serde_json::from_str(raw.get())
            .map_err(|_| invalid("/statements", "`statements` must be an array of objects"))?,
    };
    let document_id = string_of(doc.id.as_ref()).unwrap_or_else(|| name.to_string());
    let document_version = string_of(doc.version.as_ref());
    let issuer = match string_of(doc.author.as_ref()) {
        Some(name) => Issuer {
            name,
            id: None,
            role: string_of(doc.role.as_ref()),
        },
        None => {
            out.problems.push(Problem::warning(
                "/author",
                "the document names no `author`: its statements have an unknown issuer",
            ));
            Issuer {
                name: "unknown".into(),
                id: None,
                role: string_of(doc.role.as_ref()),
            }
        }
    };
    // The document's time, checked once; statements without their own inherit it.
    let mut doc_time: Result<Option<String>, String> = Ok(None);
    for (key, v) in [
        ("timestamp", &doc.timestamp),
        ("last_updated", &doc.last_updated),
    ] {
        if let Some(v) = v {
            let checked = match v.as_str() {
                Some(t) => check_timestamp(t).map(|()| t.to_string()),
                None => Err(format!("`{key}` must be a string, found {v}")),
            };
            match checked {
                Ok(t) => {
                    if doc_time.as_ref().is_ok() {
                        doc_time = Ok(Some(t));
                    }
                }
                Err(e) => {
                    out.problems
                        .push(Problem::error(format!("/{key}"), format!("document {e}")));
                    doc_time = Err(format!("the document's `{key}` is invalid ({e})"));
                }
            }
        }
    }
    let mut ids = UpstreamIds::default();
    for (i, raw) in statements.iter().enumerate() {
        let loc = format!("/statements/{i}");
        let v: Value = match serde_json::from_str(raw.get()) {
            Ok(v) => v,
            Err(e) => {
                out.problems
                    .push(Problem::error(&loc, format!("unreadable statement: {e}")));
                continue;
            }
        };
        match statement(&v, &loc, &issuer, &doc_time, &mut out.problems) {
            Some(mut st) => {
                st.document_id = document_id.clone();
                st.document_version = document_version.clone();
                let upstream_id = ids.next(&document_id, &st.vulnerability, &st.products);
                out.statements.push(StatementRecord {
                    upstream_id,
                    locator: loc,
                    raw: raw.get().as_bytes().to_vec(),
                    statement: st,
                });
            }
            None => continue,
        }
    }
    Ok(out)
}

/// Read one statement; `None` (with an error problem) when it is rejected.
fn statement(
    v: &Value,
    loc: &str,
    issuer: &Issuer,
    doc_time: &Result<Option<String>, String>,
    problems: &mut Vec<Problem>,
) -> Option<Statement> {
    let mut errors = Vec::new();
    let Some(obj) = v.as_object() else {
        problems.push(Problem::error(loc, "a statement must be a JSON object"));
        return None;
    };
    // Vulnerability: string (0.1) or object (0.2).
    let mut aliases = std::collections::BTreeSet::new();
    let vulnerability = match obj.get("vulnerability") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Object(o)) => {
            for a in o
                .get("aliases")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                aliases.insert(a.to_string());
            }
            let name = string_of(o.get("name")).or_else(|| string_of(o.get("@id")));
            if let (Some(id), Some(n)) = (string_of(o.get("@id")), &name)
                && id != *n
            {
                aliases.insert(id);
            }
            name
        }
        _ => None,
    };
    if vulnerability.is_none() {
        errors.push(Problem::error(
            format!("{loc}/vulnerability"),
            "the statement names no vulnerability (`vulnerability.name`)",
        ));
    }
    // Status.
    let status = match obj.get("status").and_then(Value::as_str) {
        Some("not_affected") => Some(VexStatus::NotAffected),
        Some("affected") => Some(VexStatus::Affected),
        Some("fixed") => Some(VexStatus::Fixed),
        Some("under_investigation") => Some(VexStatus::UnderInvestigation),
        Some(other) => {
            errors.push(Problem::error(
                format!("{loc}/status"),
                format!(
                    "unknown status `{}` (expected not_affected, affected, fixed or under_investigation)",
                    short(other, 60)
                ),
            ));
            None
        }
        None => {
            errors.push(Problem::error(
                format!("{loc}/status"),
                "the statement has no `status`",
            ));
            None
        }
    };
    // Products, with 0.1 statement-level subcomponents.
    let shared_subs: Vec<Product> = obj
        .get("subcomponents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(j, s)| {
            product(
                s,
                &format!("{loc}/subcomponents/{j}"),
                false,
                &mut errors,
                problems,
            )
        })
        .collect();
    let mut products = Vec::new();
    match obj.get("products") {
        Some(Value::Array(list)) => {
            for (j, p) in list.iter().enumerate() {
                if let Some(mut prod) = product(
                    p,
                    &format!("{loc}/products/{j}"),
                    true,
                    &mut errors,
                    problems,
                ) {
                    prod.subcomponents.extend(shared_subs.iter().cloned());
                    products.push(prod);
                }
            }
        }
        Some(other) => errors.push(Problem::error(
            format!("{loc}/products"),
            format!(
                "`products` must be an array, found {}",
                short(&other.to_string(), 40)
            ),
        )),
        None => {}
    }
    if products.is_empty() && !errors.iter().any(|e| e.location.contains("/products")) {
        errors.push(Problem::error(
            format!("{loc}/products"),
            "the statement names no product",
        ));
    }
    // Time: the statement's own, else the document's.
    let mut own_time = None;
    for key in ["timestamp", "last_updated"] {
        if let Some(t) = obj.get(key) {
            match t.as_str().map(|s| (s, check_timestamp(s))) {
                Some((s, Ok(()))) => own_time = Some(s.to_string()),
                Some((_, Err(e))) => errors.push(Problem::error(format!("{loc}/{key}"), e)),
                None => errors.push(Problem::error(
                    format!("{loc}/{key}"),
                    format!("`{key}` must be a string"),
                )),
            }
        }
    }
    let timestamp = match own_time {
        Some(t) => Some(t),
        None => match doc_time {
            Ok(t) => t.clone(),
            Err(e) => {
                errors.push(Problem::error(
                    loc,
                    format!("the statement has no time of its own and {e}"),
                ));
                None
            }
        },
    };
    let text = |k: &str| string_of(obj.get(k));
    let (justification, justification_raw) = match text("justification") {
        Some(j) => match Justification::from_openvex(j.trim()) {
            Some(known) => (Some(known), None),
            None => (None, Some(j)),
        },
        None => (None, None),
    };
    if !errors.is_empty() {
        problems.extend(errors);
        return None;
    }
    Some(Statement {
        vulnerability: vulnerability?,
        aliases,
        products,
        status: status?,
        justification,
        justification_raw,
        impact_statement: text("impact_statement"),
        action_statement: text("action_statement"),
        responses: Vec::new(),
        detail: text("status_notes").or_else(|| text("statement")),
        issuer: issuer.clone(),
        timestamp,
        document_id: String::new(),
        document_version: None,
    })
}

/// Read a product (string or object); `nested` allows `subcomponents`.
fn product(
    v: &Value,
    loc: &str,
    nested: bool,
    errors: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> Option<Product> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(product_from_id(s.trim(), loc, problems)),
        Value::Object(o) => {
            let ident = |k: &str| {
                o.get("identifiers")
                    .and_then(|i| i.get(k))
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let hash = o.get("hashes").and_then(Value::as_object).and_then(|h| {
                h.iter()
                    .find_map(|(alg, val)| val.as_str().map(|v| format!("{alg}:{v}")))
            });
            let id = string_of(o.get("@id"))
                .map(|s| s.trim().to_string())
                .or_else(|| ident("purl"))
                .or_else(|| ident("cpe23"))
                .or_else(|| ident("cpe22"))
                .or(hash);
            let Some(id) = id else {
                errors.push(Problem::error(
                    loc,
                    "the product has no identifier (`@id`, `identifiers` or `hashes`)",
                ));
                return None;
            };
            let mut p = product_from_id(&id, loc, problems);
            if let Some(purl) = ident("purl") {
                p.purl = None;
                set_identifier(&mut p, &purl, &format!("{loc}/identifiers/purl"), problems);
            }
            if let Some(cpe) = ident("cpe23").or_else(|| ident("cpe22")) {
                p.cpe = Some(cpe);
            }
            if nested {
                for (j, s) in o
                    .get("subcomponents")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    if let Some(sub) = product(
                        s,
                        &format!("{loc}/subcomponents/{j}"),
                        false,
                        errors,
                        problems,
                    ) {
                        p.subcomponents.push(sub);
                    }
                }
            }
            Some(p)
        }
        _ => {
            errors.push(Problem::error(
                loc,
                "a product must be a purl/IRI string or an object with `@id`",
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/vex/openvex")
            .join(name);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    #[test]
    fn v02_document_with_subcomponents_and_aliases() {
        let doc = parse(
            "scan.openvex.json",
            &fixture("harvester-webhook.openvex.json"),
        )
        .unwrap();
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        let first = &doc.statements[0];
        let st = &first.statement;
        assert_eq!(st.vulnerability, "GO-2021-0356");
        assert!(st.aliases.contains("CVE-2022-27191"));
        assert_eq!(st.status, VexStatus::NotAffected);
        assert_eq!(
            st.justification,
            Some(Justification::VulnerableCodeNotPresent)
        );
        assert_eq!(st.issuer.name, "Rancher Security team");
        assert_eq!(
            st.timestamp.as_deref(),
            Some("2024-12-19T21:07:12.621044492Z")
        );
        assert_eq!(
            st.products[0].purl.as_deref(),
            Some("pkg:golang/github.com/harvester/webhook")
        );
        assert_eq!(st.products[0].subcomponents.len(), 2);
        assert!(
            first
                .upstream_id
                .starts_with("https://openvex.dev/docs/public/vex-448cca1c")
        );
        assert!(
            first
                .upstream_id
                .ends_with("|GO-2021-0356|pkg:golang/github.com/harvester/webhook")
        );
        // raw is the statement's own text
        let raw: Value = serde_json::from_slice(&first.raw).unwrap();
        assert_eq!(raw["vulnerability"]["name"], "GO-2021-0356");
        assert_eq!(first.locator, "/statements/0");
    }

    #[test]
    fn v01_context_and_inherited_timestamp() {
        // trivy's openvex-multiple.json: 0.1 context, no @id, the second statement has no time
        let doc = parse(
            "openvex-multiple.json",
            &fixture("trivy-openvex-multiple.json"),
        )
        .unwrap();
        assert_eq!(doc.statements.len(), 2);
        let second = &doc.statements[1].statement;
        assert_eq!(
            second.timestamp.as_deref(),
            Some("2023-01-16T19:07:16.853479631-06:00")
        );
        assert_eq!(second.document_id, "openvex-multiple.json");
        assert_eq!(
            second.justification,
            Some(Justification::VulnerableCodeNotInExecutePath)
        );
        // Same (vulnerability, product) twice: the second key is numbered.
        assert!(doc.statements[1].upstream_id.ends_with("|#2"));
    }

    #[test]
    fn v01_string_shapes() {
        let text = br#"{"@context":"https://openvex.dev/ns","@id":"doc-1","author":"A",
            "timestamp":"2023-01-01T00:00:00Z","version":"1",
            "statements":[{"vulnerability":"CVE-2023-1","products":["pkg:apk/wolfi/git@2.39.0-r1"],
            "subcomponents":["pkg:apk/wolfi/curl@8.0.0"],"status":"fixed"}]}"#;
        let doc = parse("d.json", text).unwrap();
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        let st = &doc.statements[0].statement;
        assert_eq!(st.vulnerability, "CVE-2023-1");
        assert_eq!(
            st.products[0].subcomponents[0].id,
            "pkg:apk/wolfi/curl@8.0.0"
        );
        assert_eq!(st.status, VexStatus::Fixed);
    }

    #[test]
    fn bad_statements_are_rejected_with_pointers() {
        let text = br#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"d","author":"A",
            "timestamp":"2023-01-01T00:00:00Z","statements":[
            {"vulnerability":{"name":"CVE-1"},"products":[{"@id":"pkg:npm/a@1"}],"status":"maybe"},
            {"vulnerability":{"name":"CVE-2"},"products":[{"@id":"pkg:npm/a@1"}],"status":"fixed","timestamp":"yesterday"},
            {"vulnerability":{"name":"CVE-3"},"products":[],"status":"fixed"},
            {"vulnerability":{"name":"CVE-4"},"products":[{"@id":"pkg:npm/a@1"}],"status":"affected"}]}"#;
        let doc = parse("d.json", text).unwrap();
        assert_eq!(doc.statements.len(), 1);
        let locs: Vec<&str> = doc.problems.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(
            locs,
            [
                "/statements/0/status",
                "/statements/1/timestamp",
                "/statements/2/products"
            ]
        );
        assert!(doc.problems[0].message.contains("unknown status `maybe`"));
    }

    #[test]
    fn malformed_documents_are_errors() {
        assert!(matches!(
            parse(
                "d.json",
                br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":{}}"#
            ),
            Err(VexError::Invalid { .. })
        ));
        assert!(matches!(
            parse(
                "d.json",
                br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"#
            ),
            Err(VexError::Json { .. })
        ));
    }
}
