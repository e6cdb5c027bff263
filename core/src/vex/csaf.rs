//! CSAF VEX documents (`document.category: csaf_vex`, CSAF 2.0; 2.1 reads the same way): one
//! [`Statement`] per (vulnerability, product id named in a `product_status` group).
//!
//! **Products.** Each product id is resolved through the `product_tree`: `branches` (walked
//! recursively), `full_product_names`, `product_groups`, and `relationships`, whose composite
//! product (`component` *`default_component_of`* `platform`) becomes a [`Product`] for the
//! platform with the component as its one subcomponent — the statement is about the component
//! inside that platform. purl and CPE come from `product_identification_helper`. A product id
//! the tree does not define (or a relationship naming an undefined product) is *dangling*: that
//! statement is rejected.
//!
//! **Statuses.** `known_not_affected` → not_affected; `known_affected`, `first_affected`,
//! `last_affected` → affected; `fixed`, `first_fixed`, `recommended` → fixed (as the advisory
//! reader treats them); `under_investigation` → under_investigation; any other key is an error
//! for its products. Per product, `flags[].label` → justification (CSAF labels are the OpenVEX
//! names), `threats[category=impact].details` → impact statement, `remediations[].details` →
//! action statement (categories → responses). Flags, threats and remediations name products by
//! `product_ids` or `group_ids`.
//!
//! **Issuer and time.** `document.publisher` (`name`, `namespace` as id, `category` as role);
//! time = `tracking.current_release_date`, else `initial_release_date`.
//!
//! **Raw bytes.** A CSAF statement is spread over the document (its product-status entry, its
//! product-tree entry, the flags/threats/remediations naming it), so `raw` is an *excerpt*: one
//! JSON object holding each part the statement was read from, re-serialised compactly with
//! sorted keys. A change to any of those parts — including the product's purl in the tree —
//! changes the digest, and the excerpt stays small when one vulnerability lists thousands of
//! products.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::{
    Issuer, Justification, ParsedDocument, Problem, Product, Statement, StatementRecord,
    UpstreamIds, VexError, VexFormat, VexStatus, check_timestamp, set_identifier, short,
};

/// CSAF versions read.
pub const CSAF_VERSIONS: [&str; 2] = ["2.0", "2.1"];

/// Relationship chains deeper than this are refused (cycles).
const MAX_CHAIN: usize = 8;

fn invalid(location: &str, message: impl Into<String>) -> VexError {
    VexError::Invalid {
        format: VexFormat::CsafVex,
        location: location.to_string(),
        message: message.into(),
    }
}

/// Is this parsed JSON a CSAF VEX document?
pub fn looks_like(v: &Value) -> bool {
    v.pointer("/document/csaf_version").is_some()
        && v.pointer("/document/category").and_then(Value::as_str) == Some("csaf_vex")
}

fn status_of(key: &str) -> Option<VexStatus> {
    Some(match key {
        "known_not_affected" => VexStatus::NotAffected,
        "known_affected" | "first_affected" | "last_affected" => VexStatus::Affected,
        "fixed" | "first_fixed" | "recommended" => VexStatus::Fixed,
        "under_investigation" => VexStatus::UnderInvestigation,
        _ => return None,
    })
}

/// One product-tree entry (`product`/`full_product_name` object) with where it sits.
#[derive(Debug, Clone)]
struct Entry {
    value: Value,
    pointer: String,
}

#[derive(Debug)]
struct Rel {
    value: Value,
    pointer: String,
    component: String,
    platform: String,
}

#[derive(Debug, Default)]
struct Tree {
    products: BTreeMap<String, Entry>,
    relationships: BTreeMap<String, Rel>,
    groups: BTreeMap<String, Vec<String>>,
}

impl Tree {
    fn read(pt: Option<&Value>) -> Tree {
        let mut t = Tree::default();
        let Some(pt) = pt else { return t };
        if let Some(b) = pt.get("branches").and_then(Value::as_array) {
            t.walk(b, "/product_tree/branches");
        }
        for (i, f) in arr(pt.get("full_product_names")).enumerate() {
            t.add(f, format!("/product_tree/full_product_names/{i}"));
        }
        for (i, r) in arr(pt.get("relationships")).enumerate() {
            let (Some(fpn), Some(c), Some(p)) = (
                r.get("full_product_name"),
                r.get("product_reference").and_then(Value::as_str),
                r.get("relates_to_product_reference")
                    .and_then(Value::as_str),
            ) else {
                continue;
            };
            if let Some(id) = fpn.get("product_id").and_then(Value::as_str) {
                t.relationships.entry(id.to_string()).or_insert(Rel {
                    value: r.clone(),
                    pointer: format!("/product_tree/relationships/{i}"),
                    component: c.to_string(),
                    platform: p.to_string(),
                });
            }
        }
        for g in arr(pt.get("product_groups")) {
            if let Some(gid) = g.get("group_id").and_then(Value::as_str) {
                t.groups.entry(gid.to_string()).or_insert_with(|| {
                    arr(g.get("product_ids"))
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                });
            }
        }
        t
    }

    fn add(&mut self, v: &Value, pointer: String) {
        if let Some(id) = v.get("product_id").and_then(Value::as_str) {
            self.products.entry(id.to_string()).or_insert(Entry {
                value: v.clone(),
                pointer,
            });
        }
    }

    /// Branches nest at most as deep as the JSON reader allows (128 levels), so recursion is
    /// bounded.
    fn walk(&mut self, branches: &[Value], at: &str) {
        for (i, b) in branches.iter().enumerate() {
            let here = format!("{at}/{i}");
            if let Some(p) = b.get("product") {
                self.add(p, format!("{here}/product"));
            }
            if let Some(sub) = b.get("branches").and_then(Value::as_array) {
                self.walk(sub, &format!("{here}/branches"));
            }
        }
    }

    /// Does an element (flag, threat, remediation) name this product?
    fn names(&self, v: &Value, pid: &str) -> bool {
        arr(v.get("product_ids")).any(|p| p.as_str() == Some(pid))
            || arr(v.get("group_ids")).filter_map(Value::as_str).any(|g| {
                self.groups
                    .get(g)
                    .is_some_and(|ids| ids.iter().any(|i| i == pid))
            })
    }

    /// Resolve a product id into a [`Product`], collecting the tree entries it was read from.
    fn resolve(
        &self,
        pid: &str,
        depth: usize,
        used: &mut Map<String, Value>,
        problems: &mut Vec<Problem>,
    ) -> Result<Product, String> {
        if depth > MAX_CHAIN {
            return Err(format!(
                "product `{}`: relationship chain deeper than {MAX_CHAIN} (cyclic?)",
                short(pid, 80)
            ));
        }
        if let Some(rel) = self.relationships.get(pid) {
            used.insert(rel.pointer.clone(), rel.value.clone());
            let component = self.resolve(&rel.component, depth + 1, used, problems)?;
            let mut platform = self.resolve(&rel.platform, depth + 1, used, problems)?;
            // The composite's own helper, when it has one, names the composite itself.
            let helper = rel
                .value
                .pointer("/full_product_name/product_identification_helper");
            let mut p = Product {
                id: pid.to_string(),
                purl: platform.purl.take(),
                cpe: platform.cpe.take(),
                bom_link: None,
                versions: Vec::new(),
                subcomponents: vec![component],
            };
            if let Some(h) = helper {
                apply_helper(&mut p, h, &rel.pointer, problems);
            }
            return Ok(p);
        }
        let Some(entry) = self.products.get(pid) else {
            return Err(format!(
                "product id `{}` is not defined in the product_tree",
                short(pid, 80)
            ));
        };
        used.insert(entry.pointer.clone(), entry.value.clone());
        let mut p = Product {
            id: pid.to_string(),
            purl: None,
            cpe: None,
            bom_link: None,
            versions: Vec::new(),
            subcomponents: Vec::new(),
        };
        if let Some(h) = entry.value.get("product_identification_helper") {
            apply_helper(&mut p, h, &entry.pointer, problems);
        }
        Ok(p)
    }
}

fn apply_helper(p: &mut Product, h: &Value, pointer: &str, problems: &mut Vec<Problem>) {
    if let Some(purl) = h.get("purl").and_then(Value::as_str) {
        p.purl = None;
        set_identifier(
            p,
            purl,
            &format!("{pointer}/product_identification_helper/purl"),
            problems,
        );
    }
    if let Some(cpe) = h.get("cpe").and_then(Value::as_str) {
        p.cpe = Some(cpe.to_string());
    }
}

fn arr(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array).into_iter().flatten()
}

fn text_at(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Parse a CSAF VEX document.
///
/// # Errors
/// [`VexError::Json`] for malformed JSON, [`VexError::UnsupportedVersion`] for a CSAF version
/// other than 2.0/2.1, [`VexError::Invalid`] when `vulnerabilities` is not an array.
pub fn parse(name: &str, bytes: &[u8]) -> Result<ParsedDocument, VexError> {
    let v = crate::json::parse_strict(bytes).map_err(|source| VexError::Json {
        format: VexFormat::CsafVex,
        source,
    })?;
    let version = text_at(&v, "/document/csaf_version").unwrap_or_default();
    if !CSAF_VERSIONS.contains(&version.as_str()) {
        return Err(VexError::UnsupportedVersion {
            format: VexFormat::CsafVex,
            version,
            supported: "CSAF 2.0 and 2.1",
        });
    }
    let vulns = match v.get("vulnerabilities") {
        Some(Value::Array(a)) => a.as_slice(),
        None => &[],
        Some(_) => {
            return Err(invalid(
                "/vulnerabilities",
                "`vulnerabilities` must be an array",
            ));
        }
    };
    let mut out = ParsedDocument::default();
    let document_id = match text_at(&v, "/document/tracking/id") {
        Some(id) => id,
        None => {
            out.problems.push(Problem::warning(
                "/document/tracking/id",
                "the document has no `tracking.id`; its file name identifies it",
            ));
            name.to_string()
        }
    };
    let document_version = text_at(&v, "/document/tracking/version");
    let issuer = Issuer {
        name: text_at(&v, "/document/publisher/name").unwrap_or_else(|| {
            out.problems.push(Problem::warning(
                "/document/publisher/name",
                "the document names no publisher: its statements have an unknown issuer",
            ));
            "unknown".into()
        }),
        id: text_at(&v, "/document/publisher/namespace"),
        role: text_at(&v, "/document/publisher/category"),
    };
    let time_ptr = if v
        .pointer("/document/tracking/current_release_date")
        .is_some()
    {
        "/document/tracking/current_release_date"
    } else {
        "/document/tracking/initial_release_date"
    };
    let timestamp: Result<Option<String>, String> = match v.pointer(time_ptr) {
        None => Ok(None),
        Some(t) => match t.as_str() {
            Some(s) => check_timestamp(s).map(|()| Some(s.to_string())),
            None => Err(format!("`{time_ptr}` must be a string")),
        },
    };
    if let Err(e) = &timestamp {
        out.problems.push(Problem::error(
            time_ptr,
            format!("document release date: {e}"),
        ));
    }
    let tree = Tree::read(v.get("product_tree"));
    let mut ids = UpstreamIds::default();
    for (i, vuln) in vulns.iter().enumerate() {
        let vloc = format!("/vulnerabilities/{i}");
        let mut aliases: BTreeSet<String> = arr(vuln.get("ids"))
            .filter_map(|x| text_at(x, "/text"))
            .collect();
        let Some(vid) = text_at(vuln, "/cve").or_else(|| aliases.iter().next().cloned()) else {
            out.problems.push(Problem::error(
                &vloc,
                "the vulnerability has neither `cve` nor `ids`",
            ));
            continue;
        };
        aliases.remove(&vid);
        let Some(groups) = vuln.get("product_status").and_then(Value::as_object) else {
            out.problems.push(Problem::error(
                format!("{vloc}/product_status"),
                "the vulnerability has no `product_status`: it states nothing about any product",
            ));
            continue;
        };
        for (group, list) in groups {
            let gloc = format!(
                "{vloc}/product_status/{}",
                crate::json::escape_pointer_token(group)
            );
            let Some(status) = status_of(group) else {
                out.problems.push(Problem::error(
                    &gloc,
                    format!(
                        "unknown product status `{}` (expected known_not_affected, known_affected, fixed, under_investigation, first_affected, last_affected, first_fixed or recommended)",
                        short(group, 60)
                    ),
                ));
                continue;
            };
            for (j, pid) in arr(Some(list)).enumerate() {
                let loc = format!("{gloc}/{j}");
                let Some(pid) = pid.as_str() else {
                    out.problems
                        .push(Problem::error(&loc, "a product id must be a string"));
                    continue;
                };
                let mut used = Map::new();
                let product = match tree.resolve(pid, 0, &mut used, &mut out.problems) {
                    Ok(p) => p,
                    Err(e) => {
                        out.problems.push(Problem::error(&loc, e));
                        continue;
                    }
                };
                let timestamp = match &timestamp {
                    Ok(t) => t.clone(),
                    Err(e) => {
                        out.problems.push(Problem::error(
                            &loc,
                            format!(
                                "the statement's time is the document's, which is invalid ({e})"
                            ),
                        ));
                        continue;
                    }
                };
                let flags: Vec<&Value> = arr(vuln.get("flags"))
                    .filter(|f| tree.names(f, pid))
                    .collect();
                let threats: Vec<&Value> = arr(vuln.get("threats"))
                    .filter(|t| {
                        t.get("category").and_then(Value::as_str) == Some("impact")
                            && tree.names(t, pid)
                    })
                    .collect();
                let remediations: Vec<&Value> = arr(vuln.get("remediations"))
                    .filter(|r| tree.names(r, pid))
                    .collect();
                let label = flags.iter().find_map(|f| text_at(f, "/label"));
                let (justification, justification_raw) = match label {
                    Some(l) => match Justification::from_openvex(&l) {
                        Some(j) => (Some(j), None),
                        None => (None, Some(l)),
                    },
                    None => (None, None),
                };
                let join = |items: &[&Value]| {
                    let texts: Vec<String> = items
                        .iter()
                        .filter_map(|x| text_at(x, "/details"))
                        .collect();
                    (!texts.is_empty()).then(|| texts.join("\n"))
                };
                let responses: Vec<String> = remediations
                    .iter()
                    .filter_map(|r| text_at(r, "/category"))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let statement = Statement {
                    vulnerability: vid.clone(),
                    aliases: aliases.clone(),
                    products: vec![product],
                    status,
                    justification,
                    justification_raw,
                    impact_statement: join(&threats),
                    action_statement: join(&remediations),
                    responses,
                    detail: None,
                    issuer: issuer.clone(),
                    timestamp,
                    document_id: document_id.clone(),
                    document_version: document_version.clone(),
                };
                let excerpt = json!({
                    "vulnerability": {
                        "cve": vuln.get("cve"),
                        "ids": vuln.get("ids"),
                    },
                    "status": group,
                    "product_id": pid,
                    "product_tree": Value::Object(used),
                    "flags": flags,
                    "threats": threats,
                    "remediations": remediations,
                });
                let upstream_id = ids.next(&document_id, &vid, &statement.products);
                out.statements.push(StatementRecord {
                    upstream_id,
                    locator: loc,
                    raw: serde_json::to_vec(&excerpt).unwrap_or_default(),
                    statement,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/vex/csaf")
            .join(name);
        std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    #[test]
    fn multiple_statuses_threats_and_remediations() {
        let doc = parse("x.json", &fixture("2022-evd-uc-03-ms-001.json")).unwrap();
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        let by_vuln: BTreeMap<&str, &Statement> = doc
            .statements
            .iter()
            .map(|r| (r.statement.vulnerability.as_str(), &r.statement))
            .collect();
        assert_eq!(
            by_vuln["CVE-2020-11896"].status,
            VexStatus::UnderInvestigation
        );
        let na = by_vuln["CVE-2020-11897"];
        assert_eq!(na.status, VexStatus::NotAffected);
        assert_eq!(
            na.impact_statement.as_deref(),
            Some("IPv6 is not supported and code is not present.")
        );
        let a = by_vuln["CVE-2020-11898"];
        assert_eq!(a.status, VexStatus::Affected);
        assert!(
            a.action_statement
                .as_deref()
                .unwrap()
                .contains("upstream patches")
        );
        assert_eq!(a.responses, ["none_available"]);
        assert_eq!(a.issuer.name, "Example Company ProductCERT");
        assert_eq!(a.issuer.id.as_deref(), Some("https://psirt.example.com"));
        assert_eq!(a.issuer.role.as_deref(), Some("vendor"));
        assert_eq!(a.timestamp.as_deref(), Some("2022-03-03T11:00:00.000Z"));
        assert_eq!(a.document_id, "2022-EVD-UC-03-MS-001");
        assert_eq!(
            doc.statements[0].upstream_id,
            "2022-EVD-UC-03-MS-001|CVE-2020-11896|CSAFPID-0001"
        );
    }

    #[test]
    fn relationships_become_product_with_subcomponent() {
        let doc = parse(
            "csaf-relationships.json",
            &fixture("trivy-csaf-relationships.json"),
        )
        .unwrap();
        assert!(doc.problems.is_empty(), "{:?}", doc.problems);
        let p = &doc.statements[0].statement.products[0];
        assert_eq!(p.subcomponents.len(), 1, "{p:?}");
        assert!(p.subcomponents[0].purl.is_some(), "{p:?}");
    }

    #[test]
    fn flags_give_the_justification() {
        let doc = parse("x.json", &fixture("sec-vex-2022-0001.json")).unwrap();
        let st = &doc.statements[0].statement;
        assert_eq!(st.vulnerability, "CVE-2021-44228");
        assert_eq!(st.status, VexStatus::NotAffected);
        assert_eq!(
            st.justification,
            Some(Justification::ComponentNotPresent),
            "{st:?}"
        );
        assert!(
            st.impact_statement
                .as_deref()
                .unwrap()
                .contains("No Java is included")
        );
    }

    #[test]
    fn dangling_ids_and_unknown_groups_are_errors() {
        let text = br#"{"document":{"category":"csaf_vex","csaf_version":"2.0",
          "publisher":{"category":"vendor","name":"P","namespace":"https://p"},
          "title":"t","tracking":{"id":"D-1","current_release_date":"2024-01-01T00:00:00Z",
          "initial_release_date":"2024-01-01T00:00:00Z","revision_history":[],"status":"final","version":"1"}},
          "product_tree":{"full_product_names":[{"name":"A","product_id":"A",
             "product_identification_helper":{"purl":"pkg:npm/a@1.0.0"}}]},
          "vulnerabilities":[{"cve":"CVE-2024-1","product_status":{"fixed":["A","B"],"maybe":["A"]}}]}"#;
        let doc = parse("x.json", text).unwrap();
        assert_eq!(doc.statements.len(), 1);
        assert_eq!(
            doc.statements[0].statement.products[0].purl.as_deref(),
            Some("pkg:npm/a@1.0.0")
        );
        let msgs: Vec<String> = doc
            .problems
            .iter()
            .map(|p| format!("{} {}", p.location, p.message))
            .collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].starts_with(
            "/vulnerabilities/0/product_status/fixed/1 product id `B` is not defined"
        ));
        assert!(
            msgs[1].starts_with("/vulnerabilities/0/product_status/maybe unknown product status")
        );
    }

    #[test]
    fn bad_release_date_rejects_every_statement() {
        let text = br#"{"document":{"category":"csaf_vex","csaf_version":"2.0",
          "publisher":{"name":"P"},"tracking":{"id":"D-1","current_release_date":"March 2024"}},
          "product_tree":{"full_product_names":[{"name":"A","product_id":"A"}]},
          "vulnerabilities":[{"cve":"CVE-2024-1","product_status":{"fixed":["A"]}}]}"#;
        let doc = parse("x.json", text).unwrap();
        assert!(doc.statements.is_empty());
        assert!(doc.problems.iter().all(Problem::is_error));
        assert_eq!(
            doc.problems[0].location,
            "/document/tracking/current_release_date"
        );
    }
}
