//! CSAF 2.0 security advisories (OASIS Common Security Advisory Framework), e.g. Red Hat RHSAs:
//! one record per document.
//!
//! `upstream_id` and [`Advisory::id`] are `document.tracking.id` (`RHSA-2024:6163`), `raw` is
//! the whole file. `document.title` → `summary`, `tracking.initial_release_date` →
//! `published`, `current_release_date` → `modified`, `aggregate_severity.text` → a `label`
//! severity, every distinct `scores[].cvss_v3` / `cvss_v2` vector → a `CVSS_V3` / `CVSS_V2`
//! severity with its base score, `cwe.id` → cwes, document and vulnerability references →
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

/// A small NEVRA split (`name-[epoch:]version-release.arch`, optional `.rpm`, `::module` or
/// `.rpm-module` suffixes) → (name, `epoch:version-release`).
/// Hand-written until `crate::version::rpm::parse_nevra` (branch ver-os) is on main.
fn split_nevra(s: &str) -> Option<(String, String)> {
    let body = match s.split_once("::") {
        Some((b, _)) => b,
        None => match s.rfind(".rpm-") {
            Some(i) => s.get(..i)?,
            None => s.strip_suffix(".rpm").unwrap_or(s),
        },
    };
    let (nevr, arch) = body.rsplit_once('.')?;
    if arch.is_empty() || !arch.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let (nev, release) = nevr.rsplit_once('-')?;
    let (name, ev) = nev.rsplit_once('-')?;
    if name.is_empty()
        || release.is_empty()
        || name
            .chars()
            .any(|c| c.is_whitespace() || c == ':' || c == '/')
    {
        return None;
    }
    let (epoch, version) = match ev.split_once(':') {
        Some((e, v)) if !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()) => (e, v),
        Some(_) => return None,
        None => ("0", ev),
    };
    if version.is_empty() {
        return None;
    }
    Some((name.to_string(), format!("{epoch}:{version}-{release}")))
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
                if !severities
                    .iter()
                    .any(|x| x.scheme == scheme && x.value == vector)
                {
                    severities.push(Severity {
                        scheme: scheme.to_string(),
                        value: vector.to_string(),
                        score: cvss.get("baseScore").and_then(Value::as_f64),
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
