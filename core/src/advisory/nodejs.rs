//! Node.js security working group (`nodejs/security-wg`) vulnerability JSON: one record per file.
//!
//! Two kinds of file (`vuln/README.md`):
//! - **`vuln/npm/<n>.json`, id `NSWG-ECO-<n>`**: an npm package advisory: `id`, `module_name`,
//!   `vulnerable_versions` and `patched_versions` (npm ranges, `||` = OR, space = AND),
//!   `cves[]`, `cvss_vector`/`cvss_score`, `title`, `overview`, `references[]`, `created_at`,
//!   `updated_at`, `publish_date`.
//! - **`vuln/core/<n>.json`, id `NSWG-COR-<n>`**: an advisory for Node.js itself: `cve[]`,
//!   `vulnerable` and `patched` (ranges over Node.js release lines: `8.x || 7.x`,
//!   `^8.1.4 || ^7.10.1`), `ref`, `description`, `overview`, `severity` (a word), sometimes
//!   `cvss` (`3.0/AV:…`), `cvss_score`, `type` (`CWE-400: …`) and `publish_date`. The id exists
//!   only as the file name, so a core record needs a numeric file stem.
//!
//! `vuln/deps/*.json` (dependency assessments with a VEX `reason`), the per-folder `index.json`
//! files (every record again, keyed by number) and the project's OpenVEX document
//! (`tools/vex/node.openvex.json`) are not records of this format: [`NodejsWgParser::sniff`]
//! looks at the *top-level* keys, so none of them is claimed.
//!
//! Mapping to [`Advisory`]: `id` = `upstream_id`; CVEs are the aliases; npm `references[]` and
//! core `ref` are references; npm `cvss_vector` gives the severity scheme from its prefix
//! (`CVSS:3.0/` → `CVSS_V3`) with `cvss_score` as the score (the `-1` placeholder is dropped);
//! core `severity` is a `label` severity and `type`'s leading `CWE-n` a CWE. npm packages are
//! [`Ecosystem::Npm`]; core records affect `node` with `ecosystem: None` (Node.js is not an npm
//! package; kept, never matched against npm components). `affectedEnvironments` (e.g. `win32`
//! only) has no place in the model and is not represented.
//!
//! **The design decision a newcomer would undo:** the two kinds read their ranges differently,
//! as the project's own checker (`is-my-node-vulnerable`) does. For npm records the affected set
//! is exactly `vulnerable_versions` (read with [`crate::version::npm::parse_requirement`];
//! `patched_versions` only gives `fixed`; without `vulnerable_versions` it is the complement of
//! `patched_versions`). For core records `vulnerable` names whole release lines (`8.x`) and the
//! fixes are inside them (`^8.1.4`), so the affected set is `vulnerable` minus `patched`; reading
//! `vulnerable` alone would flag every patched Node.js release. `fixed` is the lowest version of
//! each interval of the patched range (`^8.1.4` → `8.1.4`; `<0.0.0`, the "no fix" spelling, gives
//! none), for remediation advice only; `constraints` keeps both strings as written.

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{
    Advisory, AdvisoryFormat, AffectedPackage, Normalized, Parser, Record, Reference, Rejected,
    Severity,
};
use crate::ecosystem::Ecosystem;
use crate::version::VersionError;
use crate::version::npm::Npm;
use crate::version::range::{Bound, RangeSet};

/// The source name Node.js security-wg records suggest.
pub const SOURCE: &str = "nodejs-security-wg";

/// The Node.js security working group JSON parser (npm and core advisories).
#[derive(Debug, Clone, Copy, Default)]
pub struct NodejsWgParser;

/// The top-level keys that tell the kinds apart (values not read).
#[derive(Deserialize)]
struct Keys {
    module_name: Option<IgnoredAny>,
    vulnerable_versions: Option<IgnoredAny>,
    patched_versions: Option<IgnoredAny>,
    vulnerable: Option<IgnoredAny>,
    patched: Option<IgnoredAny>,
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Npm,
    Core,
}

impl Keys {
    fn kind(&self) -> Option<Kind> {
        if self.module_name.is_some()
            && (self.vulnerable_versions.is_some() || self.patched_versions.is_some())
        {
            Some(Kind::Npm)
        } else if self.module_name.is_none() && self.vulnerable.is_some() && self.patched.is_some()
        {
            Some(Kind::Core)
        } else {
            None
        }
    }
}

#[derive(Debug, Deserialize)]
struct NpmDoc {
    id: Option<u64>,
    module_name: String,
    vulnerable_versions: Option<String>,
    patched_versions: Option<String>,
    cves: Option<Vec<String>>,
    cvss_vector: Option<String>,
    cvss_score: Option<f64>,
    title: Option<String>,
    references: Option<Vec<String>>,
    updated_at: Option<String>,
    publish_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CoreDoc {
    cve: Option<Vec<String>>,
    vulnerable: String,
    patched: String,
    #[serde(rename = "ref")]
    reference: Option<String>,
    description: Option<String>,
    severity: Option<String>,
    cvss: Option<String>,
    cvss_score: Option<f64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    publish_date: Option<String>,
}

impl Parser for NodejsWgParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::NodejsWg;

    /// A JSON object whose own (top-level) keys are those of an npm record (`module_name` with
    /// `vulnerable_versions` or `patched_versions`) or a core record (`vulnerable` and `patched`,
    /// no `module_name`). The file name is not consulted.
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        let mentions = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
        if !head.trim_ascii_start().starts_with(b"{")
            || !(mentions(b"\"vulnerable") || mentions(b"\"patched"))
        {
            return false;
        }
        serde_json::from_slice::<Keys>(bytes)
            .ok()
            .and_then(|k| k.kind())
            .is_some()
    }

    fn parse(name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        vec![parse_one(name, bytes)]
    }
}

/// The numeric file stem (`vuln/npm/516.json` → 516).
fn numeric_stem(name: &str) -> Option<u64> {
    let file = name.rsplit(['/', '\\']).next()?;
    file.strip_suffix(".json")?.parse().ok()
}

fn parse_one(name: &str, bytes: &[u8]) -> Result<Record, Rejected> {
    let stem = numeric_stem(name);
    let reject = |upstream_id: Option<String>, reason: String| Rejected {
        upstream_id,
        locator: String::new(),
        reason,
    };
    if let Err(e) = crate::json::check_strict(bytes) {
        return Err(reject(
            None,
            format!("not a Node.js security-wg JSON record: {e}"),
        ));
    }
    let keys: Keys = serde_json::from_slice(bytes)
        .map_err(|e| reject(None, format!("not a Node.js security-wg JSON record: {e}")))?;
    let advisory = match keys.kind() {
        Some(Kind::Npm) => {
            let doc: NpmDoc = crate::json::from_slice_with_pointer(bytes).map_err(|e| {
                reject(stem.map(|n| format!("NSWG-ECO-{n}")), format!("npm advisory: {e}"))
            })?;
            npm_advisory(stem, doc)
        }
        Some(Kind::Core) => {
            let id = stem.map(|n| format!("NSWG-COR-{n}"));
            let doc: CoreDoc = crate::json::from_slice_with_pointer(bytes)
                .map_err(|e| reject(id.clone(), format!("core advisory: {e}")))?;
            let id = id.ok_or_else(|| {
                reject(
                    None,
                    format!(
                        "a core advisory's id is its file number (`vuln/core/<n>.json`), but the file name is {name:?}"
                    ),
                )
            })?;
            core_advisory(id, doc)
        }
        None => Err((
            None,
            "neither an npm advisory (`module_name` with `vulnerable_versions`/`patched_versions`) nor a core advisory (`vulnerable` and `patched`)".to_string(),
        )),
    }
    .map_err(|(id, reason)| reject(id, reason))?;
    Ok(Record {
        upstream_id: advisory.id.clone(),
        locator: String::new(),
        raw: bytes.to_vec(),
        source_hint: SOURCE.to_string(),
        normalized: Normalized::Advisory(advisory),
    })
}

type Failure = (Option<String>, String);

fn npm_advisory(stem: Option<u64>, doc: NpmDoc) -> Result<Advisory, Failure> {
    let n = match (doc.id, stem) {
        (Some(id), Some(s)) if id != s => {
            return Err((
                Some(format!("NSWG-ECO-{id}")),
                format!("`id` is {id} but the file is number {s}"),
            ));
        }
        (Some(id), _) => id,
        (None, Some(s)) => s,
        (None, None) => {
            return Err((None, "no `id` and no numeric file name".to_string()));
        }
    };
    let id = format!("NSWG-ECO-{n}");
    let fail = |reason: String| (Some(id.clone()), reason);
    let module = doc.module_name.trim();
    if module.is_empty() {
        return Err(fail("`module_name` is empty".into()));
    }
    let vulnerable = doc.vulnerable_versions.as_deref();
    let patched = doc.patched_versions.as_deref();
    let patched_set = patched
        .map(|p| range("patched_versions", p))
        .transpose()
        .map_err(fail)?;
    let intervals = match (vulnerable, &patched_set) {
        (Some(v), _) => range("vulnerable_versions", v).map_err(fail)?,
        (None, Some(p)) => p
            .complement::<Npm>()
            .map_err(|e| fail(format!("`patched_versions`: {e}")))?,
        (None, None) => {
            return Err(fail(
                "neither `vulnerable_versions` nor `patched_versions` is given".into(),
            ));
        }
    };
    let mut constraints = Vec::new();
    if let Some(v) = vulnerable {
        constraints.push(format!("vulnerable_versions: {v}"));
    }
    if let Some(p) = patched {
        constraints.push(format!("patched_versions: {p}"));
    }
    let mut severities = Vec::new();
    let score = doc.cvss_score.filter(|s| (0.0..=10.0).contains(s));
    match doc
        .cvss_vector
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        Some(vector) => severities.push(Severity {
            scheme: cvss_scheme(vector).into(),
            value: vector.to_string(),
            score,
            vulnerability: None,
        }),
        None => {
            if let Some(s) = score {
                severities.push(Severity {
                    scheme: "CVSS".into(),
                    value: s.to_string(),
                    score: Some(s),
                    vulnerability: None,
                });
            }
        }
    }
    Ok(Advisory {
        id: id.clone(),
        aliases: ids(doc.cves.as_deref()),
        related: Default::default(),
        upstream: Default::default(),
        summary: doc
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        published: doc.publish_date,
        modified: doc.updated_at,
        withdrawn: None,
        severities,
        affected: vec![AffectedPackage {
            ecosystem: Some(Ecosystem::Npm),
            ecosystem_raw: "npm".into(),
            distro_release: None,
            name: module.to_string(),
            name_key: Ecosystem::Npm.normalize_name(module),
            purl: None,
            ranges: Vec::new(),
            versions: Vec::new(),
            intervals: intervals.intervals,
            constraints,
            fixed: patched_set.as_ref().map(fixed_versions).unwrap_or_default(),
            informational: None,
            ..Default::default()
        }],
        cwes: Default::default(),
        references: doc
            .references
            .unwrap_or_default()
            .into_iter()
            .filter(|u| !u.trim().is_empty())
            .map(|url| Reference {
                kind: "WEB".into(),
                url,
            })
            .collect(),
    })
}

fn core_advisory(id: String, doc: CoreDoc) -> Result<Advisory, Failure> {
    let fail = |reason: String| (Some(id.clone()), reason);
    let vulnerable = range("vulnerable", &doc.vulnerable).map_err(fail)?;
    let patched = range("patched", &doc.patched).map_err(fail)?;
    let intervals = patched
        .complement::<Npm>()
        .and_then(|unpatched| vulnerable.intersect::<Npm>(&unpatched))
        .map_err(|e| fail(format!("`vulnerable` minus `patched`: {e}")))?;
    let mut severities = Vec::new();
    if let Some(cvss) = doc.cvss.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        severities.push(Severity {
            scheme: cvss_scheme(cvss).into(),
            value: cvss.to_string(),
            score: doc.cvss_score.filter(|s| (0.0..=10.0).contains(s)),
            vulnerability: None,
        });
    }
    if let Some(label) = doc
        .severity
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        severities.push(Severity {
            scheme: "label".into(),
            value: label.to_string(),
            score: None,
            vulnerability: None,
        });
    }
    let cwes = doc
        .kind
        .as_deref()
        .and_then(leading_cwe)
        .into_iter()
        .collect();
    Ok(Advisory {
        id: id.clone(),
        aliases: ids(doc.cve.as_deref()),
        related: Default::default(),
        upstream: Default::default(),
        summary: doc
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        published: doc.publish_date,
        modified: None,
        withdrawn: None,
        severities,
        affected: vec![AffectedPackage {
            ecosystem: None,
            ecosystem_raw: "node".into(),
            distro_release: None,
            name: "node".into(),
            name_key: "node".into(),
            purl: None,
            ranges: Vec::new(),
            versions: Vec::new(),
            intervals: intervals.intervals,
            constraints: vec![
                format!("vulnerable: {}", doc.vulnerable),
                format!("patched: {}", doc.patched),
            ],
            fixed: fixed_versions(&patched),
            informational: None,
            ..Default::default()
        }],
        cwes,
        references: doc
            .reference
            .filter(|u| !u.trim().is_empty())
            .map(|url| Reference {
                kind: "ADVISORY".into(),
                url,
            })
            .into_iter()
            .collect(),
    })
}

/// One npm range, with the field named on failure.
fn range(field: &str, text: &str) -> Result<RangeSet, String> {
    npm_range(text).map_err(|e| {
        format!(
            "`{field}` {:?} is not an npm range: {}",
            clip(text),
            e.reason
        )
    })
}

fn npm_range(text: &str) -> Result<RangeSet, VersionError> {
    crate::version::npm::parse_requirement(text)
}

/// The inclusive lower bound of each interval of a patched range, in order, without repeats.
fn fixed_versions(patched: &RangeSet) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in &patched.intervals {
        if let Bound::Inclusive(v) = &i.lower
            && !out.contains(v)
        {
            out.push(v.clone());
        }
    }
    out
}

/// `CVSS:3.1/…` → `CVSS_V3`; `3.0/…` (core records) likewise; `AV:N/…` → `CVSS_V2`.
fn cvss_scheme(vector: &str) -> &'static str {
    let v = vector.strip_prefix("CVSS:").unwrap_or(vector);
    if v.starts_with("3.") {
        "CVSS_V3"
    } else if v.starts_with("4.") {
        "CVSS_V4"
    } else if v.starts_with("2.") || v.starts_with("AV:") {
        "CVSS_V2"
    } else {
        "CVSS"
    }
}

/// `CWE-400: Uncontrolled Resource Consumption` → `CWE-400`.
fn leading_cwe(text: &str) -> Option<String> {
    let rest = text.trim().strip_prefix("CWE-")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then(|| format!("CWE-{digits}"))
}

fn ids(list: Option<&[String]>) -> std::collections::BTreeSet<String> {
    list.unwrap_or_default()
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

fn clip(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(80).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::rubysec::tests::{shared_tarball, tar_gz_entries, testdata};
    use crate::version::range::Interval;

    fn advisory(r: &Record) -> &Advisory {
        match &r.normalized {
            Normalized::Advisory(a) => a,
            Normalized::Kev(_) => panic!("not an advisory"),
        }
    }

    fn parse_ok(name: &str, text: &str) -> Record {
        let mut out = NodejsWgParser::parse(name, text.as_bytes());
        assert_eq!(out.len(), 1);
        out.remove(0).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn parse_err(name: &str, text: &str) -> Rejected {
        let mut out = NodejsWgParser::parse(name, text.as_bytes());
        assert_eq!(out.len(), 1);
        out.remove(0).expect_err(name)
    }

    fn hit(p: &AffectedPackage, v: &str) -> bool {
        RangeSet {
            intervals: p.intervals.clone(),
        }
        .contains::<Npm>(v)
        .unwrap()
        .is_some()
    }

    const LODASH: &str = r#"{
  "id": 516,
  "title": "Allocation of Resources Without Limits or Throttling",
  "overview": "Prototype pollution attack (lodash)",
  "created_at": "2019-10-11",
  "updated_at": "2020-07-13",
  "publish_date": "1970-01-01",
  "author": {"name": "posix", "website": null, "username": "posix"},
  "module_name": "lodash",
  "cves": [],
  "vulnerable_versions": ">=4.17.15 <4.17.19",
  "patched_versions": ">=4.17.19",
  "recommendation": "Update to version 4.17.19 or greater",
  "references": ["https://hackerone.com/reports/712065"],
  "cvss_vector": "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L",
  "cvss_score": 7.4,
  "coordinating_vendor": null
}"#;

    const CORE: &str = r#"{
  "cve": ["CVE-2017-1000381"],
  "ref": "https://nodejs.org/en/blog/vulnerability/july-2017-security-releases/",
  "vulnerable": "8.x || 7.x || 4.x || 6.x || 5.x",
  "patched": "^8.1.4 || ^7.10.1 || ^4.8.4 || ^6.11.1",
  "description": "memory overread when parsing invalid NAPTR responses",
  "overview": "The c-ares function ares_parse_naptr_reply() ...",
  "affectedEnvironments": ["all"],
  "severity": "high"
}"#;

    #[test]
    fn npm_record_maps_onto_the_model() {
        let r = parse_ok("vuln/npm/516.json", LODASH);
        assert_eq!(r.upstream_id, "NSWG-ECO-516");
        assert_eq!(
            (r.locator.as_str(), r.source_hint.as_str()),
            ("", "nodejs-security-wg")
        );
        assert_eq!(r.raw, LODASH.as_bytes());
        let a = advisory(&r);
        assert_eq!(a.id, "NSWG-ECO-516");
        assert!(a.aliases.is_empty());
        assert_eq!(
            a.summary.as_deref(),
            Some("Allocation of Resources Without Limits or Throttling")
        );
        // Kept as written, even the 1970 placeholder.
        assert_eq!(a.published.as_deref(), Some("1970-01-01"));
        assert_eq!(a.modified.as_deref(), Some("2020-07-13"));
        assert_eq!(
            a.severities,
            [Severity {
                scheme: "CVSS_V3".into(),
                value: "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L".into(),
                score: Some(7.4),
                vulnerability: None,
            }]
        );
        assert_eq!(a.references[0].url, "https://hackerone.com/reports/712065");
        let p = &a.affected[0];
        assert_eq!(p.ecosystem, Some(Ecosystem::Npm));
        assert_eq!(p.name, "lodash");
        assert_eq!(
            p.constraints,
            [
                "vulnerable_versions: >=4.17.15 <4.17.19",
                "patched_versions: >=4.17.19"
            ]
        );
        assert_eq!(p.fixed, ["4.17.19"]);
        assert!(!hit(p, "4.17.14") && hit(p, "4.17.15") && hit(p, "4.17.18") && !hit(p, "4.17.19"));
    }

    #[test]
    fn npm_ranges_and_fallbacks() {
        // `||` unions; the 137 "every version, no fix" records use `<=99.999.99999` / `<0.0.0`.
        let or = LODASH.replace(">=4.17.15 <4.17.19", "<3.11 || >= 4 <4.5");
        let p = advisory(&parse_ok("vuln/npm/516.json", &or)).affected[0].clone();
        assert!(hit(&p, "3.10.9") && !hit(&p, "3.11.0") && hit(&p, "4.4.0") && !hit(&p, "4.5.0"));
        let nofix = LODASH
            .replace(">=4.17.15 <4.17.19", "<=99.999.99999")
            .replace(
                "\"patched_versions\": \">=4.17.19\"",
                "\"patched_versions\": \"<0.0.0\"",
            );
        let p = advisory(&parse_ok("vuln/npm/516.json", &nofix)).affected[0].clone();
        assert!(hit(&p, "0.0.1") && hit(&p, "99.0.0"));
        assert!(p.fixed.is_empty(), "`<0.0.0` names no fix: {:?}", p.fixed);
        // No `vulnerable_versions`: the complement of the patched range.
        let only_patched = LODASH.replace("\"vulnerable_versions\": \">=4.17.15 <4.17.19\",", "");
        let p = advisory(&parse_ok("vuln/npm/516.json", &only_patched)).affected[0].clone();
        assert_eq!(
            p.intervals,
            [Interval {
                lower: Bound::Unbounded,
                upper: Bound::Exclusive("4.17.19".into())
            }]
        );
        assert_eq!(p.constraints, ["patched_versions: >=4.17.19"]);
        // `patched_versions: null` (55 records): no fix.
        let null = LODASH.replace("\">=4.17.19\"", "null");
        let p = advisory(&parse_ok("vuln/npm/516.json", &null)).affected[0].clone();
        assert!(p.fixed.is_empty() && hit(&p, "4.17.15"));
        // Placeholder score -1 without a vector: no severity.
        let noscore = LODASH
            .replace("\"CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:L\"", "null")
            .replace("7.4", "-1");
        assert!(
            advisory(&parse_ok("vuln/npm/516.json", &noscore))
                .severities
                .is_empty()
        );
        // No file number: the `id` names the record.
        assert_eq!(parse_ok("-", LODASH).upstream_id, "NSWG-ECO-516");
    }

    #[test]
    fn core_record_subtracts_the_patched_lines() {
        let r = parse_ok("vuln/core/1.json", CORE);
        assert_eq!(r.upstream_id, "NSWG-COR-1");
        let a = advisory(&r);
        assert_eq!(a.aliases.iter().collect::<Vec<_>>(), ["CVE-2017-1000381"]);
        assert_eq!(
            a.summary.as_deref(),
            Some("memory overread when parsing invalid NAPTR responses")
        );
        assert_eq!(a.severities[0].scheme, "label");
        assert_eq!(a.severities[0].value, "high");
        assert_eq!(a.references[0].kind, "ADVISORY");
        let p = &a.affected[0];
        assert_eq!(
            (p.ecosystem, p.name.as_str(), p.ecosystem_raw.as_str()),
            (None, "node", "node")
        );
        assert_eq!(
            p.constraints,
            [
                "vulnerable: 8.x || 7.x || 4.x || 6.x || 5.x",
                "patched: ^8.1.4 || ^7.10.1 || ^4.8.4 || ^6.11.1"
            ]
        );
        // In the order written.
        assert_eq!(p.fixed, ["8.1.4", "7.10.1", "4.8.4", "6.11.1"]);
        for (v, expect) in [
            ("8.1.3", true),
            ("8.1.4", false), // the 8.x fix
            ("8.2.0", false),
            ("7.10.0", true),
            ("5.12.0", true), // 5.x has no patched line
            ("9.0.0", false), // not a vulnerable line
            ("4.8.4", false),
        ] {
            assert_eq!(hit(p, v), expect, "node {v}");
        }
        // cvss and type (core/18.json and core/53.json spellings).
        let extra = CORE.replace(
            "\"severity\": \"high\"",
            "\"severity\": \"medium\", \"cvss\": \"3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N\", \"cvss_score\": 4.8, \"type\": \"CWE-226: Sensitive Information Uncleared Before Release\"",
        );
        let a = advisory(&parse_ok("vuln/core/18.json", &extra)).clone();
        assert_eq!(a.severities[0].scheme, "CVSS_V3");
        assert_eq!(
            a.severities[0].value,
            "3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N"
        );
        assert_eq!(a.severities[0].score, Some(4.8));
        assert_eq!(a.cwes.iter().collect::<Vec<_>>(), ["CWE-226"]);
    }

    #[test]
    fn rejections_name_the_defect() {
        let cases: Vec<(String, &str, &str)> = vec![
            (
                LODASH.replace(">=4.17.15 <4.17.19", ">=4.17.15 <4.17.x.1"),
                "vuln/npm/516.json",
                "`vulnerable_versions` \">=4.17.15 <4.17.x.1\" is not an npm range",
            ),
            (
                LODASH.replace("\">=4.17.19\"", "\"garbage\""),
                "vuln/npm/516.json",
                "`patched_versions` \"garbage\" is not an npm range",
            ),
            (
                LODASH.to_string(),
                "vuln/npm/517.json",
                "`id` is 516 but the file is number 517",
            ),
            (
                LODASH.replace("\"id\": 516,", ""),
                "-",
                "no `id` and no numeric file name",
            ),
            (
                LODASH.replace("\"lodash\"", "\" \""),
                "vuln/npm/516.json",
                "`module_name` is empty",
            ),
            (
                LODASH.replace("\"lodash\"", "7"),
                "vuln/npm/516.json",
                "npm advisory: at `/module_name`: invalid type: integer `7`",
            ),
            (
                LODASH.replace("\"cves\": []", "\"cves\": \"CVE-1\""),
                "vuln/npm/516.json",
                "at `/cves`",
            ),
            (
                LODASH.replace("\"id\": 516,", "\"id\": 516, \"id\": 517,"),
                "vuln/npm/516.json",
                "duplicate key `id`",
            ),
            (
                CORE.to_string(),
                "vuln/core/index.txt",
                "a core advisory's id is its file number",
            ),
            (
                CORE.replace("^8.1.4", "^8.1.4.4"),
                "vuln/core/1.json",
                "`patched` \"^8.1.4.4 || ^7.10.1 || ^4.8.4 || ^6.11.1\" is not an npm range",
            ),
            (
                CORE.replace("\"8.x || 7.x || 4.x || 6.x || 5.x\"", "8"),
                "vuln/core/1.json",
                "core advisory: at `/vulnerable`: invalid type: integer `8`",
            ),
            (
                r#"{"cve": ["CVE-2023-45853"], "reason": "vulnerable_code_not_present"}"#.into(),
                "vuln/deps/1.json",
                "neither an npm advisory",
            ),
            (
                LODASH[..LODASH.len() / 2].to_string(),
                "vuln/npm/516.json",
                "not a Node.js security-wg JSON record",
            ),
            (
                "[]".into(),
                "vuln/npm/516.json",
                "not a Node.js security-wg JSON record",
            ),
        ];
        for (text, name, reason) in cases {
            let e = parse_err(name, &text);
            assert!(e.reason.contains(reason), "{reason}\n got: {}", e.reason);
            assert_eq!(e.locator, "");
        }
        let e = parse_err(
            "vuln/npm/516.json",
            &LODASH.replace("\">=4.17.19\"", "\"garbage\""),
        );
        assert_eq!(e.upstream_id.as_deref(), Some("NSWG-ECO-516"));
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let long = "x".repeat(100_000);
        for text in [
            LODASH.replace("lodash\"", &format!("{long}\"")),
            LODASH.replace(">=4.17.15 <4.17.19", &format!(">={long}")),
            LODASH.replace(">=4.17.15 <4.17.19", "<99999999999999999999999.0.0"),
            LODASH.replace(">=4.17.15 <4.17.19", &"1.0.0 || ".repeat(10_000)),
            "[".repeat(100_000),
        ] {
            assert_eq!(
                NodejsWgParser::parse("vuln/npm/516.json", text.as_bytes()).len(),
                1
            );
        }
    }

    #[test]
    fn sniffing_is_by_top_level_keys() {
        assert!(NodejsWgParser::sniff("anything", LODASH.as_bytes()));
        assert!(NodejsWgParser::sniff("anything", CORE.as_bytes()));
        // index.json holds records one level down: not a record.
        let index = format!("{{\"1\": {CORE}, \"2\": {CORE}}}");
        assert!(!NodejsWgParser::sniff(
            "vuln/core/index.json",
            index.as_bytes()
        ));
        let deps = br#"{"cve": ["CVE-2023-45853"], "description": "d", "overview": "o", "ref": "r", "reason": "vulnerable_code_not_present"}"#;
        assert!(!NodejsWgParser::sniff("vuln/deps/1.json", deps));
        let osv = br#"{"id": "GHSA-1", "affected": [{"package": {"ecosystem": "npm", "name": "lodash"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}"#;
        assert!(!NodejsWgParser::sniff("x.json", osv));
    }

    /// The project's OpenVEX document for Node.js core is VEX, not an advisory.
    #[test]
    fn openvex_file_is_not_claimed() {
        let path = std::path::Path::new(
            "/work/shared/data/nodejs-security-wg/tools/vex/node.openvex.json",
        );
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("SKIP: {} not present", path.display());
            return;
        };
        assert!(!NodejsWgParser::sniff(
            "tools/vex/node.openvex.json",
            &bytes
        ));
    }

    /// The shared samples (vendored in testdata), with GROUND_TRUTH's juice-shop versions.
    #[test]
    fn real_records_spot_checks() {
        let parse = |n: &str| -> Advisory {
            let bytes = testdata(&format!("nodejs/vuln/npm/{n}.json"));
            let r = NodejsWgParser::parse(&format!("vuln/npm/{n}.json"), &bytes)
                .remove(0)
                .unwrap();
            advisory(&r).clone()
        };
        let lodash = parse("516");
        assert!(hit(&lodash.affected[0], "4.17.15") && !hit(&lodash.affected[0], "4.17.19"));
        let jwt = parse("17");
        let sanitize = parse("135");
        let express = parse("8");
        for a in [&jwt, &sanitize, &express] {
            assert_eq!(a.affected[0].ecosystem, Some(Ecosystem::Npm));
            assert!(!a.affected[0].intervals.is_empty(), "{}", a.id);
        }
        // NSWG-ECO-8 (express, GROUND_TRUTH): `<3.11 || >= 4 <4.5`, two-part versions.
        let p = &express.affected[0];
        assert_eq!(
            p.constraints,
            [
                "vulnerable_versions: <3.11 || >= 4 <4.5",
                "patched_versions: >=3.11 <4 || >=4.5"
            ]
        );
        for (v, expect) in [
            ("3.10.9", true),
            ("3.11.0", false), // `3.11` means 3.11.0
            ("3.21.2", false),
            ("4.0.0", true),
            ("4.4.9", true),
            ("4.5.0", false),
        ] {
            assert_eq!(hit(p, v), expect, "express {v}");
        }
        assert_eq!(p.fixed, ["3.11.0", "4.5.0"]);
    }

    fn npm_range_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let version = (0u8..4, prop::option::of(0u8..4)).prop_map(|(a, b)| match b {
            Some(b) => format!("{a}.{b}.0"),
            None => format!("{a}.x"),
        });
        let comparator = (
            prop::sample::select(vec![">=", ">", "<", "<=", "^", "~", ""]),
            version,
        )
            .prop_map(|(op, v)| format!("{op}{v}"));
        let set = prop::collection::vec(comparator, 1..3).prop_map(|c| c.join(" "));
        prop::collection::vec(set, 1..3).prop_map(|s| s.join(" || "))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Core records: affected exactly when in `vulnerable` and not in `patched`.
        #[test]
        fn core_affected_is_vulnerable_minus_patched(v in npm_range_text(), p in npm_range_text()) {
            let doc = format!(r#"{{"cve": [], "vulnerable": "{v}", "patched": "{p}", "severity": "low"}}"#);
            let r = parse_ok("vuln/core/7.json", &doc);
            let pkg = advisory(&r).affected[0].clone();
            let vulnerable = npm_range(&v).unwrap();
            let patched = npm_range(&p).unwrap();
            for a in 0..5 {
                for b in 0..5 {
                    for ver in [format!("{a}.{b}.0"), format!("{a}.{b}.3"), format!("{a}.{b}.0-rc.1")] {
                        let inside = |s: &RangeSet| s.contains::<Npm>(&ver).unwrap().is_some();
                        proptest::prop_assert_eq!(
                            hit(&pkg, &ver),
                            inside(&vulnerable) && !inside(&patched),
                            "{} vulnerable={} patched={}", ver, v, p
                        );
                    }
                }
            }
        }
    }

    /// Every record of the snapshot: 467 npm + 171 core files parsed or rejected; deps, indexes
    /// and the README are not claimed.
    #[test]
    fn real_database() {
        let Some(tarball) = shared_tarball("nodejs-security-wg") else {
            return;
        };
        let entries = tar_gz_entries(&tarball);
        let is_record = |n: &str, kind: &str| {
            n.starts_with(&format!("vuln/{kind}/")) && numeric_stem(n).is_some()
        };
        let npm = entries.iter().filter(|(n, _)| is_record(n, "npm")).count();
        let core = entries.iter().filter(|(n, _)| is_record(n, "core")).count();
        assert_eq!((npm, core), (467, 171));
        let mut parsed = std::collections::BTreeMap::<String, usize>::new();
        let mut rejected = Vec::new();
        let (mut with_or, mut nothing, mut overlap) = (0, 0, 0);
        for (name, bytes) in &entries {
            let record = is_record(name, "npm") || is_record(name, "core");
            assert_eq!(NodejsWgParser::sniff(name, bytes), record, "{name}");
            if !record {
                continue;
            }
            match NodejsWgParser::parse(name, bytes).remove(0) {
                Ok(r) => {
                    let a = advisory(&r);
                    let p = &a.affected[0];
                    *parsed.entry(p.ecosystem_raw.clone()).or_default() += 1;
                    if p.constraints[0].contains("||") {
                        with_or += 1;
                    }
                    if p.intervals.is_empty() {
                        eprintln!("nodejs affects nothing: {name} {:?}", p.constraints);
                        nothing += 1;
                    }
                    // Upstream consistency (reported, not enforced): npm records whose
                    // vulnerable and patched ranges overlap (`<0.0.0`, "no fix", only holds
                    // pre-releases of 0.0.0 and is left out).
                    let doc: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                    if let (Some(v), Some(pv)) = (
                        doc["vulnerable_versions"].as_str(),
                        doc["patched_versions"]
                            .as_str()
                            .filter(|p| p.trim() != "<0.0.0"),
                    ) {
                        let v = npm_range(v).unwrap();
                        let pv = npm_range(pv).unwrap();
                        if !v.intersect::<Npm>(&pv).unwrap().intervals.is_empty() {
                            eprintln!(
                                "nodejs vulnerable/patched overlap: {name} {:?}",
                                p.constraints
                            );
                            overlap += 1;
                        }
                    }
                    assert_eq!(r.raw, *bytes);
                }
                Err(e) => rejected.push(format!("{name}: {}", e.reason)),
            }
        }
        eprintln!(
            "nodejs parsed per ecosystem: {parsed:?}; with `||`: {with_or}; affecting nothing: {nothing}; npm vulnerable/patched overlap: {overlap}"
        );
        for r in &rejected {
            eprintln!("nodejs rejected: {r}");
        }
        assert_eq!(parsed.values().sum::<usize>() + rejected.len(), 638);
        assert!(rejected.is_empty(), "{} rejected", rejected.len());
    }
}
