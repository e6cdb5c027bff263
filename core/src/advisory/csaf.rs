//! CSAF 2.0 security advisories (OASIS Common Security Advisory Framework), e.g. Red Hat RHSAs:
//! one record per document.
//!
//! `upstream_id` and [`Advisory::id`] are `document.tracking.id` (`RHSA-2024:6163`), `raw` is
//! the whole file. `document.title` → `summary`, `tracking.initial_release_date` →
//! `published`, `current_release_date` → `modified`, `aggregate_severity.text` → a `label`
//! severity (about the document: [`Severity::vulnerability`] `None`), every distinct
//! `scores[].cvss_v3` / `cvss_v2` vector of each vulnerability → a `CVSS_V3` / `CVSS_V2`
//! severity with its base score and, in [`Severity::vulnerability`], the id of the
//! vulnerability it scores (so a linkset of one CVE never takes another CVE's score as its
//! own), `cwe.id` → cwes, document and vulnerability references →
//! references (kind = the CSAF `category`). Each `vulnerabilities[]` entry is identified by its
//! `cve`, else by its `ids[].text`, else by the document id; CVEs (and the ids of CVE-less
//! entries) are the aliases, the `ids` of entries with a CVE (Bugzilla numbers, vendor bug ids)
//! are `related`.
//!
//! **Products.** Every product id named in a `product_status` list is resolved through the
//! `product_tree`: a `relationships[]` product (`default_component_of`, …) is its
//! `product_reference` (the package) on its `relates_to_product_reference` (the platform);
//! branch products and `full_product_names` stand for themselves. The package is identified by
//! its `product_identification_helper.purl` (ecosystem from the purl); for Red Hat documents
//! without purls, a product under an `architecture` branch is read as an RPM NEVRA
//! (`telnet-1:0.17-65.el7_6.x86_64`); a product with only a CPE, or only a name, is kept with
//! `ecosystem: None` (never matched). One [`AffectedPackage`] per (product id, status), with
//! the vulnerabilities naming it in [`AffectedPackage::vulnerabilities`], the exact status and
//! product id (and the platform's CPE, flags, remediations and product threats) as notes.
//!
//! **Statuses.** Without a version the statement covers the product as named: affected statuses
//! (`known_affected`, `first_affected`, `last_affected`) → affected, every version; `fixed`,
//! `first_fixed`, `recommended`, `known_not_affected` → not affected; `under_investigation` →
//! under investigation. With a version `V` the statement covers exactly `V` (`versions: [V]`),
//! and fixed statuses also give `fixed: [V]`. **The one derivation, for Red Hat only:** a fixed
//! RPM of a Red Hat advisory means every earlier build on that platform is affected (Red Hat's
//! own OVAL definitions say `evr less than`), so it becomes `introduced "0", fixed
//! "<epoch>:<version>-<release>"` (epoch from the purl's `epoch` qualifier or the NEVRA, `0`
//! when absent), ecosystem Rpm, name the RPM name, `distro_release` the RHEL major version from
//! the platform CPE (`cpe:/a:redhat:enterprise_linux:9::appstream` → `9`, `rhel_eus:9.4` → `9`,
//! `cpe:/a:redhat:openshift:4.6::el8` → `8`). CSAF itself does not say that earlier versions
//! of a fixed product are affected, so other publishers get no such range.
//!
//! **Refused:** `csaf_vex` documents (read by the VEX parser, and [`CsafParser::sniff`] does not
//! claim them), `csaf_informational_advisory` (no vulnerabilities by definition) and
//! `csaf_version` other than 2.0 (2.1 moves relationships to `product_paths` and scores to
//! `metrics`). A status entry naming an undefined product, or a product whose purl or version
//! does not parse, is its own [`Rejected`] (locator = JSON pointer of the status entry) and the
//! rest of the document still makes the record.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{
    Advisory, AdvisoryFormat, AffectedPackage, Normalized, PackageStatus, Parser, Record,
    Reference, Rejected, Severity,
};
use crate::ecosystem::Ecosystem;
use crate::purl::Purl;
use crate::version::range::{Event, OsvRange, RangeKind};

/// Parser for CSAF 2.0 advisories (every `document.category` except `csaf_vex`).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsafParser;

impl Parser for CsafParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::Csaf;

    /// A JSON document with `document.csaf_version` and a `document.category` other than
    /// `csaf_vex` (VEX documents belong to the VEX parser).
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(65_536)).unwrap_or(bytes));
        if !head.trim_start().starts_with('{') || !head.contains("\"csaf_version\"") {
            return false;
        }
        let Ok(v) = serde_json::from_slice::<Value>(bytes) else {
            return false;
        };
        let doc = v.get("document");
        doc.and_then(|d| d.get("csaf_version"))
            .is_some_and(Value::is_string)
            && doc
                .and_then(|d| d.get("category"))
                .and_then(Value::as_str)
                .is_some_and(|c| c != "csaf_vex")
    }

    fn parse(_name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        parse_csaf(bytes)
    }
}

/// A `product_status` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    FirstAffected,
    FirstFixed,
    Fixed,
    KnownAffected,
    KnownNotAffected,
    LastAffected,
    Recommended,
    UnderInvestigation,
}

/// What a status says about the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Affected,
    Fixed,
    NotAffected,
    Investigating,
}

impl Status {
    const ALL: [Status; 8] = [
        Status::FirstAffected,
        Status::FirstFixed,
        Status::Fixed,
        Status::KnownAffected,
        Status::KnownNotAffected,
        Status::LastAffected,
        Status::Recommended,
        Status::UnderInvestigation,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Status::FirstAffected => "first_affected",
            Status::FirstFixed => "first_fixed",
            Status::Fixed => "fixed",
            Status::KnownAffected => "known_affected",
            Status::KnownNotAffected => "known_not_affected",
            Status::LastAffected => "last_affected",
            Status::Recommended => "recommended",
            Status::UnderInvestigation => "under_investigation",
        }
    }

    fn from_key(k: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == k)
    }

    fn class(self) -> Class {
        match self {
            Status::FirstAffected | Status::KnownAffected | Status::LastAffected => Class::Affected,
            Status::FirstFixed | Status::Fixed | Status::Recommended => Class::Fixed,
            Status::KnownNotAffected => Class::NotAffected,
            Status::UnderInvestigation => Class::Investigating,
        }
    }
}

fn doc_reject(id: Option<String>, reason: impl Into<String>) -> Vec<Result<Record, Rejected>> {
    vec![Err(Rejected {
        upstream_id: id,
        locator: String::new(),
        reason: reason.into(),
    })]
}

fn str_at<'v>(v: &'v Value, pointer: &str) -> Option<&'v str> {
    v.pointer(pointer).and_then(Value::as_str)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// A product of the tree.
#[derive(Debug, Clone, Default)]
struct Product {
    name: String,
    purl: Option<String>,
    cpe: Option<String>,
    /// The name of the nearest enclosing `architecture` branch.
    arch: Option<String>,
}

impl Product {
    fn from_value(v: &Value, arch: Option<&str>) -> Option<(String, Product)> {
        let id = v.get("product_id")?.as_str()?.to_string();
        let helper = v.get("product_identification_helper");
        let field = |k: &str| {
            helper
                .and_then(|h| h.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        Some((
            id,
            Product {
                name: v
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                purl: field("purl"),
                cpe: field("cpe"),
                arch: arch.map(str::to_string),
            },
        ))
    }
}

/// A `relationships[]` entry.
#[derive(Debug, Clone)]
struct Relationship {
    category: String,
    component: String,
    platform: String,
    /// The relationship's own `full_product_name` (its helper, when given, wins).
    own: Product,
}

#[derive(Debug, Default)]
struct Tree {
    products: BTreeMap<String, Product>,
    relationships: BTreeMap<String, Relationship>,
    groups: BTreeMap<String, Vec<String>>,
}

impl Tree {
    fn from_value(pt: Option<&Value>) -> Tree {
        let mut tree = Tree::default();
        let Some(pt) = pt else { return tree };
        if let Some(branches) = pt.get("branches").and_then(Value::as_array) {
            tree.walk(branches, None);
        }
        for fpn in pt
            .get("full_product_names")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some((id, p)) = Product::from_value(fpn, None) {
                tree.products.entry(id).or_insert(p);
            }
        }
        for rel in pt
            .get("relationships")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some((id, own)), Some(component), Some(platform)) = (
                rel.get("full_product_name")
                    .and_then(|f| Product::from_value(f, None)),
                rel.get("product_reference").and_then(Value::as_str),
                rel.get("relates_to_product_reference")
                    .and_then(Value::as_str),
            ) else {
                continue;
            };
            tree.relationships.entry(id).or_insert(Relationship {
                category: rel
                    .get("category")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                component: component.to_string(),
                platform: platform.to_string(),
                own,
            });
        }
        for g in pt
            .get("product_groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(gid), Some(ids)) = (
                g.get("group_id").and_then(Value::as_str),
                g.get("product_ids").and_then(Value::as_array),
            ) {
                tree.groups.entry(gid.to_string()).or_insert_with(|| {
                    ids.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                });
            }
        }
        tree
    }

    fn walk(&mut self, branches: &[Value], arch: Option<&str>) {
        for b in branches {
            let arch = if b.get("category").and_then(Value::as_str) == Some("architecture") {
                b.get("name").and_then(Value::as_str)
            } else {
                arch
            };
            if let Some((id, p)) = b.get("product").and_then(|p| Product::from_value(p, arch)) {
                self.products.entry(id).or_insert(p);
            }
            if let Some(sub) = b.get("branches").and_then(Value::as_array) {
                self.walk(sub, arch);
            }
        }
    }

    /// The product ids an element's `product_ids` and `group_ids` name.
    fn ids_of(&self, v: &Value) -> Vec<String> {
        let mut out: Vec<String> = v
            .get("product_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        for g in v
            .get("group_ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            out.extend(self.groups.get(g).into_iter().flatten().cloned());
        }
        out
    }

    /// Resolve a product id to (package product, platform product, relationship category).
    fn resolve(&self, id: &str, depth: usize) -> Result<Resolved<'_>, String> {
        if depth > 8 {
            return Err(format!(
                "product `{}`: relationship chain deeper than 8 (cyclic?)",
                truncate(id, 80)
            ));
        }
        if let Some(rel) = self.relationships.get(id) {
            let inner = self.resolve(&rel.component, depth + 1)?;
            let platform = match self.relationships.get(&rel.platform) {
                Some(_) => self.resolve(&rel.platform, depth + 1)?.package,
                None => self.products.get(&rel.platform).ok_or_else(|| {
                    format!(
                        "product `{}`: platform `{}` is not defined in the product_tree",
                        truncate(id, 80),
                        truncate(&rel.platform, 80)
                    )
                })?,
            };
            let package = if rel.own.purl.is_some() {
                &rel.own
            } else {
                inner.package
            };
            return Ok(Resolved {
                package,
                platform: Some(platform),
                relationship: Some(rel.category.as_str()),
            });
        }
        self.products
            .get(id)
            .map(|package| Resolved {
                package,
                platform: None,
                relationship: None,
            })
            .ok_or_else(|| {
                format!(
                    "product id `{}` is not defined in the product_tree",
                    truncate(id, 80)
                )
            })
    }
}

struct Resolved<'t> {
    package: &'t Product,
    platform: Option<&'t Product>,
    relationship: Option<&'t str>,
}

/// How a package is identified.
struct Ident {
    ecosystem: Option<Ecosystem>,
    ecosystem_raw: String,
    name: String,
    purl: Option<String>,
    version: Option<String>,
    distro: Option<String>,
}

/// A NEVRA product name (`telnet-1:0.17-65.el7_6.x86_64`) → (name, `epoch:version-release`,
/// epoch `0` when absent).
fn split_nevra(s: &str) -> Option<(String, String)> {
    let n = crate::version::rpm::parse_nevra(s).ok()?;
    let release = n.release();
    if release.is_empty() || n.name().contains('/') {
        return None;
    }
    Some((
        n.name().to_string(),
        format!("{}:{}-{release}", n.epoch().unwrap_or(0), n.version()),
    ))
}

/// The RHEL major release a Red Hat platform CPE names (`cpe:/o:redhat:enterprise_linux:7::server`
/// → `7`, `cpe:/a:redhat:rhel_eus:9.4::appstream` → `9`, `cpe:/a:redhat:openshift:4.6::el8` →
/// `8`).
fn rhel_release(cpe: &str) -> Option<String> {
    let fields: Vec<&str> = if let Some(r) = cpe.strip_prefix("cpe:/") {
        r.split(':').collect()
    } else if let Some(r) = cpe.strip_prefix("cpe:2.3:") {
        r.split(':').collect()
    } else {
        return None;
    };
    let vendor = fields.get(1)?;
    if *vendor != "redhat" {
        return None;
    }
    let product = fields.get(2).copied().unwrap_or("");
    let major = |s: &str| {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        (!d.is_empty()).then_some(d)
    };
    if (product == "enterprise_linux" || product.starts_with("rhel"))
        && let Some(m) = fields.get(3).and_then(|v| major(v))
    {
        return Some(m);
    }
    fields
        .iter()
        .skip(3)
        .find_map(|f| f.strip_prefix("el").and_then(major))
}

/// The ecosystem-specific package name of a purl (`group:artifact` for Maven, the module path
/// for Go, `@scope/name` for npm, `vendor/name` for Composer, else the name).
fn purl_package_name(p: &Purl, eco: Option<Ecosystem>) -> String {
    match (eco, p.namespace()) {
        (Some(Ecosystem::Maven), Some(ns)) => format!("{ns}:{}", p.name()),
        (Some(Ecosystem::Go | Ecosystem::Npm | Ecosystem::Composer), Some(ns)) => {
            format!("{ns}/{}", p.name())
        }
        _ => p.name().to_string(),
    }
}

fn identify(r: &Resolved<'_>, red_hat: bool) -> Result<Ident, String> {
    let pkg = r.package;
    let platform_release = || {
        if red_hat {
            r.platform
                .and_then(|p| p.cpe.as_deref())
                .and_then(rhel_release)
        } else {
            None
        }
    };
    if let Some(text) = &pkg.purl {
        let purl = Purl::parse(text).map_err(|e| {
            format!(
                "product `{}`: purl `{}` does not parse: {e}",
                truncate(&pkg.name, 80),
                truncate(text, 120)
            )
        })?;
        let eco = purl.ecosystem();
        let version = purl.version().map(|v| {
            if matches!(eco, Some(Ecosystem::Rpm | Ecosystem::Suse)) && !v.contains(':') {
                format!("{}:{v}", purl.epoch().unwrap_or("0"))
            } else {
                v.to_string()
            }
        });
        let ecosystem_raw = match purl.namespace() {
            Some(ns) => format!("pkg:{}/{ns}", purl.ty()),
            None => format!("pkg:{}", purl.ty()),
        };
        return Ok(Ident {
            ecosystem: eco,
            ecosystem_raw,
            name: purl_package_name(&purl, eco),
            purl: Some(text.clone()),
            version,
            distro: platform_release().or_else(|| purl.distro().map(str::to_string)),
        });
    }
    if red_hat
        && pkg.arch.is_some()
        && let Some((name, evr)) = split_nevra(&pkg.name)
    {
        return Ok(Ident {
            ecosystem: Some(Ecosystem::Rpm),
            ecosystem_raw: "rpm-nevra".to_string(),
            name,
            purl: None,
            version: Some(evr),
            distro: platform_release(),
        });
    }
    let (ecosystem_raw, name) = match &pkg.cpe {
        Some(cpe) => ("cpe", cpe.clone()),
        None => ("product_name", pkg.name.clone()),
    };
    Ok(Ident {
        ecosystem: None,
        ecosystem_raw: ecosystem_raw.to_string(),
        name,
        purl: None,
        version: None,
        distro: None,
    })
}

/// One vulnerability's identity.
struct Vuln {
    ids: BTreeSet<String>,
}

fn parse_csaf(bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
    let root = match crate::json::parse_strict(bytes) {
        Ok(v) => v,
        Err(e) => return doc_reject(None, format!("JSON: {e}")),
    };
    let Some(doc) = root.get("document").filter(|d| d.is_object()) else {
        return doc_reject(None, "not a CSAF document: no `document` object");
    };
    let id = str_at(doc, "/tracking/id").map(str::to_string);
    let Some(category) = doc.get("category").and_then(Value::as_str) else {
        return doc_reject(id, "not a CSAF document: `/document/category` is missing");
    };
    if category == "csaf_vex" {
        return doc_reject(
            id,
            "`/document/category` is `csaf_vex`: a VEX document, read by the VEX parser, not an \
             advisory",
        );
    }
    if category == "csaf_informational_advisory" {
        return doc_reject(
            id,
            "`/document/category` is `csaf_informational_advisory`: informational advisories \
             carry no vulnerabilities, so nothing can be matched",
        );
    }
    match doc.get("csaf_version").and_then(Value::as_str) {
        Some("2.0") => {}
        Some(v) => {
            return doc_reject(
                id,
                format!(
                    "`/document/csaf_version` is `{}`: this parser reads CSAF 2.0 (2.1 moves \
                     relationships to `product_paths` and scores to `metrics`)",
                    truncate(v, 20)
                ),
            );
        }
        None => {
            return doc_reject(
                id,
                "not a CSAF document: `/document/csaf_version` is missing",
            );
        }
    }
    let Some(id) = id.filter(|i| !i.trim().is_empty()) else {
        return doc_reject(None, "`/document/tracking/id` is missing or empty");
    };
    let red_hat = str_at(doc, "/publisher/namespace")
        .is_some_and(|n| n.trim_end_matches('/') == "https://www.redhat.com");
    let tree = Tree::from_value(root.get("product_tree"));

    let mut out: Vec<Result<Record, Rejected>> = Vec::new();
    let reject = |locator: String, reason: String| Rejected {
        upstream_id: Some(id.clone()),
        locator,
        reason,
    };

    let mut severities: Vec<Severity> = Vec::new();
    if let Some(label) = str_at(doc, "/aggregate_severity/text") {
        severities.push(Severity {
            scheme: "label".to_string(),
            value: label.to_string(),
            score: None,
            vulnerability: None,
        });
    }
    let mut references: Vec<Reference> = Vec::new();
    add_references(&mut references, doc.get("references"));

    let vulns_json: &[Value] = match root.get("vulnerabilities") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(_) => {
            return doc_reject(Some(id.clone()), "`/vulnerabilities` is not a list");
        }
    };
    let mut vulns: Vec<Vuln> = Vec::with_capacity(vulns_json.len());
    let mut aliases = BTreeSet::new();
    let mut related = BTreeSet::new();
    let mut cwes = BTreeSet::new();
    // (product id, status) → (vulnerability indexes, pointer of the first mention).
    let mut statuses: BTreeMap<(String, Status), (BTreeSet<usize>, String)> = BTreeMap::new();
    // (product id, vulnerability index) → notes.
    let mut notes: BTreeMap<(String, usize), BTreeSet<String>> = BTreeMap::new();
    for (i, v) in vulns_json.iter().enumerate() {
        let cve = v
            .get("cve")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let other_ids: Vec<String> = v
            .get("ids")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|x| x.get("text").and_then(Value::as_str))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let ids: BTreeSet<String> = match cve {
            Some(c) => {
                aliases.insert(c.to_string());
                related.extend(other_ids);
                BTreeSet::from([c.to_string()])
            }
            None if !other_ids.is_empty() => {
                aliases.extend(other_ids.iter().cloned());
                other_ids.into_iter().collect()
            }
            None => BTreeSet::from([id.clone()]),
        };
        let vname = ids.iter().next().cloned().unwrap_or_default();
        vulns.push(Vuln { ids });
        if let Some(c) = v.pointer("/cwe/id").and_then(Value::as_str) {
            cwes.insert(c.to_string());
        }
        add_references(&mut references, v.get("references"));
        for s in v
            .get("scores")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            for (key, scheme) in [("cvss_v3", "CVSS_V3"), ("cvss_v2", "CVSS_V2")] {
                let Some(cvss) = s.get(key) else { continue };
                let Some(vector) = cvss.get("vectorString").and_then(Value::as_str) else {
                    continue;
                };
                if !severities.iter().any(|x| {
                    x.scheme == scheme
                        && x.value == vector
                        && x.vulnerability.as_deref() == Some(vname.as_str())
                }) {
                    severities.push(Severity {
                        scheme: scheme.to_string(),
                        value: vector.to_string(),
                        score: cvss.get("baseScore").and_then(Value::as_f64),
                        vulnerability: Some(vname.clone()),
                    });
                }
            }
        }
        let ptr = format!("/vulnerabilities/{i}/product_status");
        match v.get("product_status") {
            None | Some(Value::Null) => {}
            Some(Value::Object(ps)) => {
                for (key, list) in ps {
                    let Some(status) = Status::from_key(key) else {
                        out.push(Err(reject(
                            format!("{ptr}/{}", crate::json::escape_pointer_token(key)),
                            format!("unknown product_status `{}`", truncate(key, 40)),
                        )));
                        continue;
                    };
                    let Some(list) = list.as_array() else {
                        out.push(Err(reject(
                            format!("{ptr}/{key}"),
                            format!("product_status `{key}`: expected a list of product ids"),
                        )));
                        continue;
                    };
                    for (j, pid) in list.iter().enumerate() {
                        let Some(pid) = pid.as_str() else {
                            out.push(Err(reject(
                                format!("{ptr}/{key}/{j}"),
                                format!("product_status `{key}` #{j}: expected a product id"),
                            )));
                            continue;
                        };
                        statuses
                            .entry((pid.to_string(), status))
                            .or_insert_with(|| (BTreeSet::new(), format!("{ptr}/{key}/{j}")))
                            .0
                            .insert(i);
                    }
                }
            }
            Some(_) => out.push(Err(reject(
                ptr,
                "`product_status`: expected an object".to_string(),
            ))),
        }
        for f in v
            .get("flags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(label) = f.get("label").and_then(Value::as_str) {
                for pid in tree.ids_of(f) {
                    notes
                        .entry((pid, i))
                        .or_default()
                        .insert(format!("{vname}: flag {label}"));
                }
            }
        }
        for r in v
            .get("remediations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(cat) = r.get("category").and_then(Value::as_str) {
                let note = match r.get("url").and_then(Value::as_str) {
                    Some(u) => format!("remediation {cat}: {u}"),
                    None => format!("remediation {cat}"),
                };
                for pid in tree.ids_of(r) {
                    notes.entry((pid, i)).or_default().insert(note.clone());
                }
            }
        }
        for t in v
            .get("threats")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(cat), Some(details)) = (
                t.get("category").and_then(Value::as_str),
                t.get("details").and_then(Value::as_str),
            ) {
                for pid in tree.ids_of(t) {
                    notes
                        .entry((pid, i))
                        .or_default()
                        .insert(format!("{vname}: threat {cat}: {}", truncate(details, 120)));
                }
            }
        }
    }

    let mut affected = Vec::new();
    for ((pid, status), (indexes, pointer)) in &statuses {
        match entry(&tree, red_hat, pid, *status, indexes, &vulns, &notes) {
            Ok(a) => affected.push(a),
            Err(reason) => out.push(Err(reject(pointer.clone(), reason))),
        }
    }
    aliases.remove(&id);
    let advisory = Advisory {
        id: id.clone(),
        aliases,
        related,
        upstream: BTreeSet::new(),
        summary: doc.get("title").and_then(Value::as_str).map(str::to_string),
        published: str_at(doc, "/tracking/initial_release_date").map(str::to_string),
        modified: str_at(doc, "/tracking/current_release_date").map(str::to_string),
        withdrawn: None,
        severities,
        affected,
        cwes,
        references,
    };
    out.insert(
        0,
        Ok(Record {
            upstream_id: id,
            locator: String::new(),
            raw: bytes.to_vec(),
            source_hint: if red_hat { "redhat" } else { "csaf" }.to_string(),
            normalized: Normalized::Advisory(advisory),
        }),
    );
    out
}

fn add_references(out: &mut Vec<Reference>, refs: Option<&Value>) {
    for r in refs.and_then(Value::as_array).into_iter().flatten() {
        if let Some(url) = r.get("url").and_then(Value::as_str) {
            let reference = Reference {
                kind: r
                    .get("category")
                    .and_then(Value::as_str)
                    .unwrap_or("external")
                    .to_string(),
                url: url.to_string(),
            };
            if !out.contains(&reference) {
                out.push(reference);
            }
        }
    }
}

/// One (product, status) → an affected entry.
fn entry(
    tree: &Tree,
    red_hat: bool,
    pid: &str,
    status: Status,
    indexes: &BTreeSet<usize>,
    vulns: &[Vuln],
    notes: &BTreeMap<(String, usize), BTreeSet<String>>,
) -> Result<AffectedPackage, String> {
    let resolved = tree.resolve(pid, 0)?;
    let ident = identify(&resolved, red_hat)?;
    if let (Some(eco), Some(v)) = (ident.ecosystem, &ident.version) {
        crate::version::validate(eco.scheme(), v).map_err(|e| {
            format!(
                "product `{}`: version `{}` is not a valid {} version: {}",
                truncate(pid, 80),
                truncate(v, 60),
                format!("{:?}", eco.scheme()).to_lowercase(),
                e.reason
            )
        })?;
    }
    let mut vulnerabilities = BTreeSet::new();
    let mut entry_notes = vec![format!("product_status {}: {pid}", status.as_str())];
    if let (Some(platform), Some(rel)) = (resolved.platform, resolved.relationship) {
        let what = platform.cpe.as_deref().unwrap_or(platform.name.as_str());
        entry_notes.push(format!("{rel}: {what}"));
    }
    let mut extra = BTreeSet::new();
    for &i in indexes {
        if let Some(v) = vulns.get(i) {
            vulnerabilities.extend(v.ids.iter().cloned());
        }
        if let Some(n) = notes.get(&(pid.to_string(), i)) {
            extra.extend(n.iter().cloned());
        }
    }
    entry_notes.extend(extra);
    let name_key = match ident.ecosystem {
        Some(eco) => eco.normalize_name(&ident.name),
        None => ident.name.clone(),
    };
    let mut a = AffectedPackage {
        ecosystem: ident.ecosystem,
        ecosystem_raw: ident.ecosystem_raw,
        distro_release: ident.distro,
        name: ident.name,
        name_key,
        purl: ident.purl,
        vulnerabilities: Some(vulnerabilities),
        notes: entry_notes,
        ..AffectedPackage::default()
    };
    let rh_rpm = red_hat && ident.ecosystem == Some(Ecosystem::Rpm);
    match (status.class(), ident.version) {
        (Class::Fixed, Some(v)) if rh_rpm => {
            a.ranges = vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![Event::Introduced("0".to_string()), Event::Fixed(v.clone())],
                repo: None,
            }];
            a.fixed = vec![v];
        }
        (Class::Fixed, Some(v)) => {
            a.status = PackageStatus::NotAffected;
            a.versions = vec![v.clone()];
            a.fixed = vec![v];
        }
        (Class::Fixed | Class::NotAffected, None) => a.status = PackageStatus::NotAffected,
        (Class::NotAffected, Some(v)) => {
            a.status = PackageStatus::NotAffected;
            a.versions = vec![v];
        }
        (Class::Affected, Some(v)) => a.versions = vec![v],
        (Class::Affected, None) => {
            a.ranges = vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![Event::Introduced("0".to_string())],
                repo: None,
            }];
        }
        (Class::Investigating, v) => {
            a.status = PackageStatus::UnderInvestigation;
            a.versions = v.into_iter().collect();
        }
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(results: &[Result<Record, Rejected>]) -> Vec<&Record> {
        results.iter().filter_map(|r| r.as_ref().ok()).collect()
    }

    fn rejected(results: &[Result<Record, Rejected>]) -> Vec<&Rejected> {
        results.iter().filter_map(|r| r.as_ref().err()).collect()
    }

    fn adv(r: &Record) -> &Advisory {
        match &r.normalized {
            Normalized::Advisory(a) => a,
            Normalized::Kev(_) => panic!("not an advisory"),
        }
    }

    fn csaf_files() -> Option<Vec<std::path::PathBuf>> {
        let roots = [
            "/work/shared/data/vunnel-distro-fixtures/tests/unit/providers/rhel/test-fixtures/csaf",
            "/work/shared/data/oasis-csaf-examples",
        ];
        if !roots.iter().all(|r| std::path::Path::new(r).exists()) {
            return None;
        }
        let mut out = Vec::new();
        let mut stack: Vec<std::path::PathBuf> = roots.iter().map(Into::into).collect();
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    out.push(p);
                }
            }
        }
        out.sort();
        Some(out)
    }

    use crate::version::VersionScheme;
    use crate::version::range::osv_affected;
    use proptest::prelude::*;

    const RHSA_6163: &[u8] = include_bytes!("../../../testdata/advisory/csaf/rhsa-2024_6163.json");
    const RHSA_0011: &[u8] = include_bytes!("../../../testdata/advisory/csaf/rhsa-2022_0011.json");
    const RHSA_23414: &[u8] =
        include_bytes!("../../../testdata/advisory/csaf/rhsa-2025_23414.json");
    const BSI: &[u8] = include_bytes!("../../../testdata/advisory/csaf/bsi-2022-0001.json");
    const VEX: &[u8] =
        include_bytes!("../../../testdata/advisory/csaf/vex-2022-evd-uc-01-a-001.json");

    fn one(bytes: &[u8]) -> (Advisory, Vec<Rejected>) {
        let results = CsafParser::parse("x.json", bytes);
        let recs = records(&results);
        assert_eq!(recs.len(), 1, "{results:?}");
        (
            adv(recs[0]).clone(),
            rejected(&results).into_iter().cloned().collect(),
        )
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn real_rhsa_fixed_nevras_from_purls() {
        let results = CsafParser::parse("rhsa-2024_6163.json", RHSA_6163);
        let r = records(&results)[0];
        assert_eq!(r.upstream_id, "RHSA-2024:6163");
        assert_eq!((r.locator.as_str(), r.source_hint.as_str()), ("", "redhat"));
        assert_eq!(r.raw, RHSA_6163);
        let a = adv(r);
        assert_eq!(
            a.summary.as_deref(),
            Some("Red Hat Security Advisory: python3.9 security update")
        );
        assert_eq!(a.published.as_deref(), Some("2024-09-03T17:57:24+00:00"));
        assert_eq!(a.modified.as_deref(), Some("2026-03-26T18:50:03+00:00"));
        assert_eq!(a.aliases, BTreeSet::from(["CVE-2024-8088".to_string()]));
        assert_eq!(a.related, BTreeSet::from(["2307370".to_string()]));
        assert_eq!(a.cwes, BTreeSet::from(["CWE-835".to_string()]));
        assert_eq!(a.severities[0].value, "Moderate");
        assert_eq!(a.severities[1].scheme, "CVSS_V3");
        assert_eq!(a.severities[1].score, Some(5.3));
        assert_eq!(
            a.severities[1].vulnerability.as_deref(),
            Some("CVE-2024-8088")
        );
        assert_eq!(a.affected.len(), 3);
        for (e, platform) in a.affected.iter().zip(["AppStream", "BaseOS", "CRB"]) {
            assert_eq!(e.ecosystem, Some(Ecosystem::Rpm));
            assert_eq!(e.name, "python3.9");
            assert_eq!(e.distro_release.as_deref(), Some("9"));
            assert_eq!(
                e.purl.as_deref(),
                Some("pkg:rpm/redhat/python3.9@3.9.18-3.el9_4.5?arch=src")
            );
            // No `epoch` qualifier: epoch 0, written out.
            assert_eq!(e.fixed, s(&["0:3.9.18-3.el9_4.5"]));
            assert_eq!(
                e.ranges[0].events,
                vec![
                    Event::Introduced("0".into()),
                    Event::Fixed("0:3.9.18-3.el9_4.5".into())
                ]
            );
            assert_eq!(
                e.vulnerabilities,
                Some(BTreeSet::from(["CVE-2024-8088".to_string()]))
            );
            assert_eq!(
                e.notes[0],
                format!(
                    "product_status fixed: {platform}-9.4.0.Z.MAIN.EUS:python3.9-0:3.9.18-3.el9_4.5.src"
                )
            );
            assert!(e.notes[1].starts_with("default_component_of: cpe:/"));
            assert!(
                e.notes.contains(
                    &"remediation vendor_fix: https://access.redhat.com/errata/RHSA-2024:6163"
                        .to_string()
                )
            );
            let affected = |v: &str| {
                osv_affected(VersionScheme::Rpm, v, &e.ranges, &e.versions)
                    .unwrap()
                    .is_affected()
            };
            assert!(affected("3.9.18-3.el9_4.4"));
            assert!(!affected("3.9.18-3.el9_4.5"));
        }
    }

    #[test]
    fn real_rhsa_fixed_nevras_from_product_names() {
        // No purls in this older document: the names under `architecture` branches are NEVRAs.
        let (a, rej) = one(RHSA_0011);
        assert!(rej.is_empty());
        assert_eq!(a.affected.len(), 15);
        let rows: BTreeSet<(String, String, String)> = a
            .affected
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.fixed[0].clone(),
                    e.distro_release.clone().unwrap(),
                )
            })
            .collect();
        let want: BTreeSet<(String, String, String)> =
            ["telnet", "telnet-debuginfo", "telnet-server"]
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        "1:0.17-65.el7_6".to_string(),
                        "7".to_string(),
                    )
                })
                .collect();
        assert_eq!(rows, want);
        assert!(
            a.affected
                .iter()
                .all(|e| e.ecosystem_raw == "rpm-nevra" && e.purl.is_none())
        );
        assert!(a.affected[0].notes[1].starts_with("default_component_of: cpe:/o:redhat:rhel_"));
    }

    #[test]
    fn real_rhsa_known_not_affected_and_epochs() {
        let (a, rej) = one(RHSA_23414);
        assert!(rej.is_empty());
        let fixed: Vec<&AffectedPackage> = a
            .affected
            .iter()
            .filter(|e| e.status == PackageStatus::Affected)
            .collect();
        let not: Vec<&AffectedPackage> = a
            .affected
            .iter()
            .filter(|e| e.status == PackageStatus::NotAffected)
            .collect();
        assert_eq!((fixed.len(), not.len()), (26, 24));
        // The `epoch=32` purl qualifier.
        assert!(
            fixed
                .iter()
                .all(|e| e.fixed == s(&["32:9.8.2-0.68.rc1.el6_10.17"]))
        );
        assert!(
            fixed
                .iter()
                .all(|e| e.distro_release.as_deref() == Some("6"))
        );
        // A not-affected build covers exactly its own version, with the flag noted.
        let src = not
            .iter()
            .find(|e| e.purl.as_deref().is_some_and(|p| p.contains("arch=src")))
            .unwrap();
        assert_eq!(src.versions, s(&["32:9.8.2-0.68.rc1.el6_10.17"]));
        assert!(src.ranges.is_empty() && src.fixed.is_empty());
        assert!(
            src.notes
                .contains(&"CVE-2021-25220: flag vulnerable_code_not_present".to_string())
        );
        assert_eq!(src.vulnerabilities.as_ref().unwrap().len(), 2);
        // Two CVEs with different vectors: both kept, each naming the CVE it scores.
        let scored: BTreeSet<&str> = a
            .severities
            .iter()
            .filter(|x| x.scheme == "CVSS_V3")
            .filter_map(|x| x.vulnerability.as_deref())
            .collect();
        assert_eq!(scored.len(), 2);
        assert!(scored.iter().all(|v| a.aliases.contains(*v)), "{scored:?}");
        // The aggregate label is about the whole document.
        assert_eq!(a.severities[0].scheme, "label");
        assert_eq!(a.severities[0].vulnerability, None);
    }

    #[test]
    fn real_generic_advisory_with_cpes_only() {
        let (a, rej) = one(BSI);
        assert!(rej.is_empty());
        assert_eq!(a.id, "BSI-2022-0001");
        assert_eq!(
            a.related,
            BTreeSet::from(["csaf-tools/CVRF-CSAF-Converter#78".to_string()])
        );
        assert!(
            a.affected
                .iter()
                .all(|e| e.ecosystem.is_none() && e.ecosystem_raw == "cpe")
        );
        let cpe6 = "cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc2";
        let statuses: Vec<(PackageStatus, &str)> = a
            .affected
            .iter()
            .filter(|e| e.name == cpe6)
            .map(|e| (e.status, e.notes[0].as_str()))
            .collect();
        assert_eq!(
            statuses,
            [
                (
                    PackageStatus::NotAffected,
                    "product_status first_fixed: CSAFPID-0006"
                ),
                (
                    PackageStatus::NotAffected,
                    "product_status fixed: CSAFPID-0006"
                )
            ]
        );
    }

    #[test]
    fn vex_and_other_profiles_are_refused() {
        assert!(!CsafParser::sniff("x.json", VEX));
        let r = CsafParser::parse("x.json", VEX);
        let e = r[0].as_ref().unwrap_err();
        assert_eq!(e.upstream_id.as_deref(), Some("2022-EVD-UC-01-A-001"));
        assert!(e.reason.contains("`csaf_vex`: a VEX document"));
        assert!(CsafParser::sniff("x.json", RHSA_6163));
        let table: &[(&str, &str)] = &[
            (
                r#"{"document": {"category": "csaf_informational_advisory", "csaf_version": "2.0", "tracking": {"id": "X"}}}"#,
                "informational advisories carry no vulnerabilities",
            ),
            (
                r#"{"document": {"category": "csaf_security_advisory", "csaf_version": "2.1", "tracking": {"id": "X"}}}"#,
                "is `2.1`: this parser reads CSAF 2.0",
            ),
            (
                r#"{"document": {"category": "csaf_security_advisory", "tracking": {"id": "X"}}}"#,
                "`/document/csaf_version` is missing",
            ),
            (
                r#"{"document": {"csaf_version": "2.0"}}"#,
                "`/document/category` is missing",
            ),
            (
                r#"{"document": {"category": "csaf_base", "csaf_version": "2.0", "tracking": {}}}"#,
                "`/document/tracking/id` is missing or empty",
            ),
            (
                r#"{"document": {"category": "csaf_base", "csaf_version": "2.0", "tracking": {"id": "X"}}, "vulnerabilities": {}}"#,
                "`/vulnerabilities` is not a list",
            ),
            (r#"{"feed": {}}"#, "no `document` object"),
            (r#"{"document": 1, "document": 2}"#, "duplicate key"),
            (r#"{"document": {"#, "JSON:"),
        ];
        for (doc, want) in table {
            let r = CsafParser::parse("x.json", doc.as_bytes());
            assert_eq!(r.len(), 1);
            let e = r[0].as_ref().unwrap_err();
            assert!(e.reason.contains(want), "{} ∌ {want}", e.reason);
            assert_eq!(e.locator, "");
        }
        assert!(!CsafParser::sniff(
            "x.json",
            br#"{"document": {"category": "csaf_vex", "csaf_version": "2.0"}}"#
        ));
        assert!(!CsafParser::sniff("x.json", b"{\"csaf_version\": "));
    }

    const GENERIC: &str = r#"{
      "document": {"category": "Example Co Advisory", "csaf_version": "2.0", "title": "t",
        "publisher": {"category": "vendor", "name": "Example", "namespace": "https://example.com"},
        "tracking": {"id": "EX-1", "initial_release_date": "2024-01-01T00:00:00Z", "current_release_date": "2024-01-02T00:00:00Z"},
        "references": [{"category": "self", "url": "https://example.com/EX-1"}]},
      "product_tree": {
        "branches": [{"category": "vendor", "name": "Example", "branches": [
          {"category": "product_version", "name": "lib 1.2.0", "product": {"name": "lib 1.2.0", "product_id": "P-LIB-120",
            "product_identification_helper": {"purl": "pkg:npm/%40example/lib@1.2.0"}}},
          {"category": "product_version", "name": "lib 1.3.0", "product": {"name": "lib 1.3.0", "product_id": "P-LIB-130",
            "product_identification_helper": {"purl": "pkg:npm/%40example/lib@1.3.0"}}},
          {"category": "product_name", "name": "core", "product": {"name": "core", "product_id": "P-CORE",
            "product_identification_helper": {"purl": "pkg:maven/com.example/core"}}},
          {"category": "product_name", "name": "bad", "product": {"name": "bad", "product_id": "P-BAD",
            "product_identification_helper": {"purl": "pkg:npm/bad@not..a..version"}}},
          {"category": "product_name", "name": "appliance", "product": {"name": "Example Appliance", "product_id": "P-APP",
            "product_identification_helper": {"cpe": "cpe:2.3:h:example:appliance:-:*:*:*:*:*:*:*"}}},
          {"category": "product_name", "name": "cloud", "product": {"name": "Example Cloud", "product_id": "P-CLOUD"}}
        ]}],
        "full_product_names": [{"name": "tool", "product_id": "P-TOOL", "product_identification_helper": {"purl": "pkg:pypi/Some_Tool@2.0"}}],
        "relationships": [{"category": "installed_on", "product_reference": "P-LIB-120", "relates_to_product_reference": "P-APP",
          "full_product_name": {"name": "lib on appliance", "product_id": "P-LIB-ON-APP"}}],
        "product_groups": [{"group_id": "G-LIBS", "product_ids": ["P-LIB-120", "P-LIB-130"]}]
      },
      "vulnerabilities": [
        {"cve": "CVE-2024-0001", "cwe": {"id": "CWE-79", "name": "XSS"},
         "ids": [{"system_name": "Example Bug", "text": "EXB-7"}],
         "references": [{"category": "self", "url": "https://example.com/EX-1"}, {"category": "external", "url": "https://nvd.example/CVE-2024-0001"}],
         "scores": [{"products": ["P-LIB-120"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8}},
                    {"products": ["P-LIB-130"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8},
                     "cvss_v2": {"version": "2.0", "vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P", "baseScore": 7.5}}],
         "product_status": {"known_affected": ["P-LIB-120", "P-CORE", "P-APP", "P-CLOUD", "P-LIB-ON-APP"], "fixed": ["P-LIB-130"],
                            "known_not_affected": ["P-TOOL"], "under_investigation": ["P-MISSING", "P-BAD"], "sort_of_affected": ["P-CORE"]},
         "remediations": [{"category": "vendor_fix", "details": "upgrade", "url": "https://example.com/fix", "group_ids": ["G-LIBS"]}],
         "flags": [{"label": "component_not_present", "product_ids": ["P-TOOL"]}],
         "threats": [{"category": "impact", "details": "Critical", "product_ids": ["P-LIB-120"]}]},
        {"ids": [{"system_name": "Example", "text": "EX-VULN-2"}],
         "product_status": {"known_affected": ["P-LIB-120"], "last_affected": ["P-LIB-120"]}},
        {"title": "no id at all", "product_status": {"first_affected": ["P-LIB-130"]}}
      ]
    }"#;

    #[test]
    fn generic_products_statuses_and_identities() {
        let (a, rej) = one(GENERIC.as_bytes());
        assert_eq!(a.id, "EX-1");
        // The vulnerability without any id is the document's; it is not its own alias.
        assert_eq!(
            a.aliases,
            BTreeSet::from(["CVE-2024-0001".to_string(), "EX-VULN-2".to_string()])
        );
        assert_eq!(a.related, BTreeSet::from(["EXB-7".to_string()]));
        assert_eq!(a.cwes, BTreeSet::from(["CWE-79".to_string()]));
        assert_eq!(a.references.len(), 2);
        let sev: Vec<(&str, Option<f64>)> = a
            .severities
            .iter()
            .map(|x| (x.scheme.as_str(), x.score))
            .collect();
        assert_eq!(sev, [("CVSS_V3", Some(9.8)), ("CVSS_V2", Some(7.5))]);
        let rej: Vec<(&str, &str)> = rej
            .iter()
            .map(|r| (r.locator.as_str(), r.reason.as_str()))
            .collect();
        assert_eq!(rej.len(), 3, "{rej:#?}");
        assert_eq!(
            rej[0],
            (
                "/vulnerabilities/0/product_status/sort_of_affected",
                "unknown product_status `sort_of_affected`"
            )
        );
        assert_eq!(
            rej[1].0,
            "/vulnerabilities/0/product_status/under_investigation/1"
        );
        assert!(
            rej[1]
                .1
                .contains("`not..a..version` is not a valid npm version"),
            "{}",
            rej[1].1
        );
        assert_eq!(
            rej[2],
            (
                "/vulnerabilities/0/product_status/under_investigation/0",
                "product id `P-MISSING` is not defined in the product_tree"
            )
        );

        let find = |note: &str| {
            a.affected
                .iter()
                .find(|e| e.notes[0] == note)
                .unwrap_or_else(|| panic!("{note}"))
        };
        // A versioned product: exactly that version is affected.
        let lib = find("product_status known_affected: P-LIB-120");
        assert_eq!(
            (lib.ecosystem, lib.name.as_str(), lib.name_key.as_str()),
            (Some(Ecosystem::Npm), "@example/lib", "@example/lib")
        );
        assert_eq!(lib.versions, s(&["1.2.0"]));
        assert!(lib.ranges.is_empty());
        assert_eq!(lib.status, PackageStatus::Affected);
        assert_eq!(
            lib.vulnerabilities,
            Some(BTreeSet::from([
                "CVE-2024-0001".to_string(),
                "EX-VULN-2".to_string()
            ]))
        );
        assert_eq!(
            lib.notes[1..],
            s(&[
                "CVE-2024-0001: threat impact: Critical",
                "remediation vendor_fix: https://example.com/fix"
            ])
        );
        // Fixed elsewhere than Red Hat: that version is not affected; nothing is said below it.
        let fixed = find("product_status fixed: P-LIB-130");
        assert_eq!(
            (fixed.status, fixed.versions.clone(), fixed.fixed.clone()),
            (PackageStatus::NotAffected, s(&["1.3.0"]), s(&["1.3.0"]))
        );
        assert!(fixed.ranges.is_empty());
        // An unversioned purl: every version.
        let core = find("product_status known_affected: P-CORE");
        assert_eq!(
            (core.name.as_str(), core.ranges[0].events.clone()),
            ("com.example:core", vec![Event::Introduced("0".into())])
        );
        // CPE only, name only: kept, never matched.
        let app = find("product_status known_affected: P-APP");
        assert_eq!(
            (app.ecosystem, app.ecosystem_raw.as_str(), app.name.as_str()),
            (None, "cpe", "cpe:2.3:h:example:appliance:-:*:*:*:*:*:*:*")
        );
        let cloud = find("product_status known_affected: P-CLOUD");
        assert_eq!(
            (
                cloud.ecosystem,
                cloud.ecosystem_raw.as_str(),
                cloud.name.as_str()
            ),
            (None, "product_name", "Example Cloud")
        );
        // A relationship: the package, with the platform noted.
        let on_app = find("product_status known_affected: P-LIB-ON-APP");
        assert_eq!(on_app.name, "@example/lib");
        assert_eq!(
            on_app.notes[1],
            "installed_on: cpe:2.3:h:example:appliance:-:*:*:*:*:*:*:*"
        );
        let tool = find("product_status known_not_affected: P-TOOL");
        assert_eq!(
            (tool.ecosystem, tool.name_key.as_str(), tool.status),
            (
                Some(Ecosystem::PyPI),
                "some-tool",
                PackageStatus::NotAffected
            )
        );
        assert_eq!(tool.notes[1], "CVE-2024-0001: flag component_not_present");
        let last = find("product_status last_affected: P-LIB-120");
        assert_eq!(
            last.vulnerabilities,
            Some(BTreeSet::from(["EX-VULN-2".to_string()]))
        );
        let first = find("product_status first_affected: P-LIB-130");
        assert_eq!(
            first.vulnerabilities,
            Some(BTreeSet::from(["EX-1".to_string()]))
        );
        assert_eq!(a.affected.len(), 9);
    }

    const RED_HAT: &str = r#"{
      "document": {"category": "csaf_security_advisory", "csaf_version": "2.0", "title": "t",
        "publisher": {"category": "vendor", "name": "Red Hat Product Security", "namespace": "https://www.redhat.com"},
        "tracking": {"id": "RHSA-2099:0001"}},
      "product_tree": {
        "branches": [{"category": "vendor", "name": "Red Hat", "branches": [
          {"category": "product_family", "name": "RHEL", "branches": [
            {"category": "product_name", "name": "AppStream EUS", "product": {"name": "AppStream EUS", "product_id": "AppStream-9.4.0.Z.EUS",
              "product_identification_helper": {"cpe": "cpe:/a:redhat:rhel_eus:9.4::appstream"}}},
            {"category": "product_name", "name": "OpenShift", "product": {"name": "OpenShift", "product_id": "8Base-RHOSE-4.6",
              "product_identification_helper": {"cpe": "cpe:/a:redhat:openshift:4.6::el8"}}}]},
          {"category": "architecture", "name": "x86_64", "branches": [
            {"category": "product_version", "name": "bash-0:5.1.8-9.el9_4.x86_64", "product": {"name": "bash-0:5.1.8-9.el9_4.x86_64", "product_id": "bash-0:5.1.8-9.el9_4.x86_64"}},
            {"category": "product_version", "name": "ruby-3.1.4-142.module+el8.9.0+21471+7d1e4a35.x86_64", "product": {"name": "ruby-3.1.4-142.module+el8.9.0+21471+7d1e4a35.x86_64", "product_id": "ruby-x",
              "product_identification_helper": {"purl": "pkg:rpm/redhat/ruby@3.1.4-142.module%2Bel8.9.0%2B21471%2B7d1e4a35?arch=x86_64&epoch=1&rpmmod=ruby:3.1"}}}]},
          {"category": "product_version", "name": "openshift4/ose-hive:v4.6.0-2021", "product": {"name": "openshift4/ose-hive:v4.6.0-2021", "product_id": "ose-hive"}}]}],
        "relationships": [
          {"category": "default_component_of", "product_reference": "bash-0:5.1.8-9.el9_4.x86_64", "relates_to_product_reference": "AppStream-9.4.0.Z.EUS",
           "full_product_name": {"name": "bash on AppStream", "product_id": "AppStream-9.4.0.Z.EUS:bash-0:5.1.8-9.el9_4.x86_64"}},
          {"category": "default_component_of", "product_reference": "ruby-x", "relates_to_product_reference": "8Base-RHOSE-4.6",
           "full_product_name": {"name": "ruby on OpenShift", "product_id": "8Base-RHOSE-4.6:ruby-x"}},
          {"category": "default_component_of", "product_reference": "ose-hive", "relates_to_product_reference": "8Base-RHOSE-4.6",
           "full_product_name": {"name": "hive on OpenShift", "product_id": "8Base-RHOSE-4.6:ose-hive"}},
          {"category": "default_component_of", "product_reference": "loop-a", "relates_to_product_reference": "AppStream-9.4.0.Z.EUS",
           "full_product_name": {"name": "loop", "product_id": "loop-a"}}]
      },
      "vulnerabilities": [{"cve": "CVE-2099-0001", "product_status": {
        "fixed": ["AppStream-9.4.0.Z.EUS:bash-0:5.1.8-9.el9_4.x86_64", "8Base-RHOSE-4.6:ruby-x", "8Base-RHOSE-4.6:ose-hive", "loop-a"],
        "known_affected": ["bash-0:5.1.8-9.el9_4.x86_64"]}}]
    }"#;

    /// (ecosystem, name, release, status, fixed, versions).
    type Row<'a> = (
        Option<Ecosystem>,
        &'a str,
        Option<&'a str>,
        PackageStatus,
        &'a [String],
        &'a [String],
    );

    #[test]
    fn red_hat_products() {
        let (a, rej) = one(RED_HAT.as_bytes());
        assert_eq!(rej.len(), 1);
        assert!(
            rej[0].reason.contains("relationship chain deeper than 8"),
            "{}",
            rej[0].reason
        );
        let rows: Vec<Row<'_>> = a
            .affected
            .iter()
            .map(|e| {
                (
                    e.ecosystem,
                    e.name.as_str(),
                    e.distro_release.as_deref(),
                    e.status,
                    e.fixed.as_slice(),
                    e.versions.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                // The container image is not an RPM: kept, never matched.
                (
                    None,
                    "openshift4/ose-hive:v4.6.0-2021",
                    None,
                    PackageStatus::NotAffected,
                    &[][..],
                    &[][..]
                ),
                // `rpmmod` stays in the purl; the release comes from the `el8` CPE field.
                (
                    Some(Ecosystem::Rpm),
                    "ruby",
                    Some("8"),
                    PackageStatus::Affected,
                    &s(&["1:3.1.4-142.module+el8.9.0+21471+7d1e4a35"])[..],
                    &[][..]
                ),
                // EUS 9.4: the major release.
                (
                    Some(Ecosystem::Rpm),
                    "bash",
                    Some("9"),
                    PackageStatus::Affected,
                    &s(&["0:5.1.8-9.el9_4"])[..],
                    &[][..]
                ),
                // Named directly (no relationship): no platform, so no release; exactly that build.
                (
                    Some(Ecosystem::Rpm),
                    "bash",
                    None,
                    PackageStatus::Affected,
                    &[][..],
                    &s(&["0:5.1.8-9.el9_4"])[..]
                ),
            ]
        );
        assert!(
            a.affected[1]
                .purl
                .as_deref()
                .unwrap()
                .contains("rpmmod=ruby:3.1")
        );
    }

    #[test]
    fn helpers() {
        let cpes: &[(&str, Option<&str>)] = &[
            ("cpe:/a:redhat:enterprise_linux:9::appstream", Some("9")),
            ("cpe:/o:redhat:enterprise_linux:7::server", Some("7")),
            ("cpe:/o:redhat:rhel_aus:7.6::server", Some("7")),
            ("cpe:/o:redhat:rhel_els:6", Some("6")),
            ("cpe:/a:redhat:openshift:4.6::el8", Some("8")),
            (
                "cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*",
                Some("8"),
            ),
            (
                "cpe:/a:redhat:jboss_enterprise_application_platform:7.4",
                None,
            ),
            ("cpe:/o:debian:debian_linux:11", None),
            ("not a cpe", None),
        ];
        for (cpe, want) in cpes {
            assert_eq!(rhel_release(cpe).as_deref(), *want, "{cpe}");
        }
        let nevras: &[(&str, Option<(&str, &str)>)] = &[
            (
                "telnet-1:0.17-65.el7_6.x86_64",
                Some(("telnet", "1:0.17-65.el7_6")),
            ),
            (
                "bash-4.4.20-4.el8_6.noarch.rpm",
                Some(("bash", "0:4.4.20-4.el8_6")),
            ),
            (
                "tigervnc-server-module-0:1.13.1-3.el9_3.3.x86_64",
                Some(("tigervnc-server-module", "0:1.13.1-3.el9_3.3")),
            ),
            (
                "ruby-0:3.1.4-142.module+el8.9.0+21471+7d1e4a35.aarch64::ruby:3.1",
                Some(("ruby", "0:3.1.4-142.module+el8.9.0+21471+7d1e4a35")),
            ),
            ("openshift4/ose-hive:v4.6.0-2021.stream", None),
            ("Red Hat Single Sign-On", None),
        ];
        for (text, want) in nevras {
            let got = split_nevra(text);
            assert_eq!(
                got.as_ref().map(|(n, e)| (n.as_str(), e.as_str())),
                *want,
                "{text}"
            );
        }
    }

    #[test]
    fn truncated_and_arbitrary_documents_never_panic() {
        for i in (0..RHSA_6163.len()).step_by(97) {
            let _ = CsafParser::parse("x", &RHSA_6163[..i]);
            let _ = CsafParser::sniff("x", &RHSA_6163[..i]);
        }
        // Wrong types everywhere the parser looks.
        let weird = r#"{"document": {"category": "csaf_base", "csaf_version": "2.0", "tracking": {"id": "W"}, "references": 3, "aggregate_severity": []},
          "product_tree": {"branches": {"a": 1}, "full_product_names": [1, {"product_id": 2}], "relationships": [{"category": 1}], "product_groups": 5},
          "vulnerabilities": [1, {"cve": 7, "ids": "x", "scores": [{"cvss_v3": 1}], "product_status": {"fixed": "x", "known_affected": [1]}, "flags": [{"label": 1}], "remediations": 2, "threats": [{}]}, {"product_status": []}]}"#;
        let results = CsafParser::parse("x", weird.as_bytes());
        assert_eq!(records(&results).len(), 1);
        assert_eq!(rejected(&results).len(), 3);
        let long = format!(
            r#"{{"document": {{"category": "csaf_base", "csaf_version": "2.0", "tracking": {{"id": "{0}"}}}}, "product_tree": {{"full_product_names": [{{"name": "{0}", "product_id": "P", "product_identification_helper": {{"purl": "pkg:npm/{0}@{0}"}}}}]}}, "vulnerabilities": [{{"cve": "{0}", "product_status": {{"fixed": ["P"]}}}}]}}"#,
            "a".repeat(100_000)
        );
        let _ = CsafParser::parse("x", long.as_bytes());
    }

    #[test]
    fn each_fixture_is_claimed_by_its_own_parser_only() {
        use crate::advisory::alpine::SecdbParser;
        use crate::advisory::debian::{TrackerJsonParser, TrackerListParser};
        let alpine: &[u8] =
            include_bytes!("../../../testdata/advisory/alpine-secdb/v3.8-main-excerpt.yaml");
        let dsa: &[u8] = include_bytes!("../../../testdata/advisory/debian/DSA-list-excerpt");
        let json: &[u8] = include_bytes!("../../../testdata/advisory/debian/tracker-excerpt.json");
        // (fixture, [secdb, DSA list, tracker JSON, CSAF]); the name is no hint here.
        let table: &[(&[u8], [bool; 4])] = &[
            (alpine, [true, false, false, false]),
            (dsa, [false, true, false, false]),
            (json, [false, false, true, false]),
            (RHSA_6163, [false, false, false, true]),
            (BSI, [false, false, false, true]),
            (VEX, [false, false, false, false]),
        ];
        for (i, (bytes, want)) in table.iter().enumerate() {
            let got = [
                SecdbParser::sniff("f", bytes),
                TrackerListParser::sniff("f", bytes),
                TrackerJsonParser::sniff("f", bytes),
                CsafParser::sniff("f", bytes),
            ];
            assert_eq!(got, *want, "fixture #{i}");
        }
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = CsafParser::parse("x", &bytes);
            let _ = CsafParser::sniff("x", &bytes);
        }
    }

    /// Every CSAF document in the shared data parses, or is refused with a reason.
    #[test]
    fn real_csaf_documents() {
        let Some(files) = csaf_files() else {
            eprintln!("SKIP: /work/shared/data CSAF folders not present");
            return;
        };
        let mut refused: BTreeMap<String, usize> = BTreeMap::new();
        let mut per_eco: BTreeMap<String, usize> = BTreeMap::new();
        let (mut docs, mut entries) = (0, 0);
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            let v: Value = serde_json::from_slice(&bytes).unwrap();
            let category = v.pointer("/document/category").and_then(Value::as_str);
            let version = v.pointer("/document/csaf_version").and_then(Value::as_str);
            // Independent expectations from the raw JSON.
            let is_csaf = category.is_some() && version.is_some();
            assert_eq!(
                CsafParser::sniff("", &bytes),
                is_csaf && category != Some("csaf_vex"),
                "{f:?}"
            );
            let expect_record = is_csaf
                && version == Some("2.0")
                && !matches!(category, Some("csaf_vex" | "csaf_informational_advisory"));
            let pairs: BTreeSet<(String, String)> = v
                .get("vulnerabilities")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.get("product_status")?.as_object())
                .flat_map(|ps| {
                    ps.iter().flat_map(|(k, l)| {
                        l.as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .map(move |p| (p.to_string(), k.clone()))
                    })
                })
                .collect();
            let results = CsafParser::parse("", &bytes);
            let recs = records(&results);
            let rej = rejected(&results);
            let name = f.to_string_lossy();
            if !expect_record {
                assert!(recs.is_empty() && rej.len() == 1, "{name}");
                let reason = rej[0].reason.split(':').next().unwrap_or("").to_string();
                *refused.entry(reason).or_default() += 1;
                continue;
            }
            assert_eq!(recs.len(), 1, "{name}");
            let r = recs[0];
            let a = adv(r);
            assert_eq!(r.raw, bytes);
            assert_eq!(
                Some(r.upstream_id.as_str()),
                v.pointer("/document/tracking/id").and_then(Value::as_str)
            );
            assert_eq!(a.affected.len() + rej.len(), pairs.len(), "{name}: {rej:?}");
            assert!(rej.is_empty(), "{name}: {rej:?}");
            let mut eco: BTreeMap<String, usize> = BTreeMap::new();
            for e in &a.affected {
                let key = match e.ecosystem {
                    Some(x) => format!("{x}/{}", e.distro_release.as_deref().unwrap_or("-")),
                    None => format!("unmatched {}", e.ecosystem_raw),
                };
                *eco.entry(key.clone()).or_default() += 1;
                *per_eco.entry(key).or_default() += 1;
            }
            eprintln!(
                "csaf {}: {} entries {eco:?}, {} severities, {} aliases",
                r.upstream_id,
                a.affected.len(),
                a.severities.len(),
                a.aliases.len()
            );
            docs += 1;
            entries += a.affected.len();
        }
        eprintln!(
            "csaf total: {docs} documents, {entries} entries {per_eco:?}; refused {refused:#?}"
        );
        assert_eq!(docs, 13);
        assert_eq!(per_eco.get("unmatched cpe"), Some(&7));
        assert_eq!(per_eco.get("unmatched product_name"), Some(&263));
        assert_eq!(refused.values().sum::<usize>(), files.len() - 13);
    }
}
