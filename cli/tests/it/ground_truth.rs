//! Ground truth: `stella scan` gives the verdict of every hand-checked case in
//! `GROUND_TRUTH.json` (real SBOMs × real advisories), for the range that decides it.
//!
//! The advisory files the cases name are ingested into one store; each SBOM is scanned once with
//! `--format json` at a fixed time. A case `affected` needs a finding on the exact purl whose
//! vulnerability, aliases or matched advisories include the named advisory, and one of whose
//! matches (from that advisory) names the expected package and range ([`EXPECT`], written from
//! each case's `why`). A case `not_affected` needs no such finding, and is checked not to be
//! vacuous: the advisory is in the store, the component is in the SBOM and was matchable, and the
//! pair was not left undecided. A case noting that its vulnerability is in CISA KEV (linked
//! through an OSV `related` id, not an alias) needs the finding flagged with that CVE.
//!
//! Data: `../shared/data` when present, otherwise the copy in `testdata/ground-truth/` (same
//! relative paths, see its PROVENANCE.md). A per-case table is printed either way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use stella_core::purl::Purl;

use crate::util::{Stella, shared_data, testdata};

/// The evaluation time for every scan.
pub const AT: &str = "2026-01-01T00:00:00Z";

/// One hand-checked case (the fields the test uses).
#[derive(Debug, Deserialize)]
struct Case {
    n: u32,
    sbom: String,
    purl: String,
    advisory: String,
    advisory_file: String,
    expected: String,
    why: String,
    /// A note that the case's vulnerability is in CISA KEV: `CVE-… is in cisa-kev/…`.
    #[serde(default)]
    kev: Option<String>,
}

/// The KEV catalog, ingested when a case has a `kev` note (the link the note describes).
const KEV_FILE: &str = "cisa-kev/known_exploited_vulnerabilities.json";

impl Case {
    /// The CVE a `kev` note names (its first word).
    fn kev_cve(&self) -> Option<&str> {
        self.kev
            .as_deref()
            .and_then(|k| k.split_whitespace().next())
            .filter(|w| w.starts_with("CVE-"))
    }
}

#[derive(Debug, Deserialize)]
struct GroundTruth {
    cases: Vec<Case>,
}

/// For each `affected` case: the package the matching advisory entry names (`[release]` for
/// distribution entries), fragments the matched range must contain, and fragments it must not
/// (`!…`), or `=…`: the version it was compared as. Written from the case's `why`; a new affected
/// case fails until it is added here.
const EXPECT: &[(u32, &str, &[&str])] = &[
    (1, "minimist", &["introduced 1.0.0, fixed 1.2.6"]),
    // The second affected[] entry for the same package.
    (2, "minimist", &["introduced 0, fixed 0.2.4"]),
    (3, "lodash", &["introduced 0, fixed 4.17.21"]),
    // The npm entry, not the NuGet `Moment.js` one.
    (4, "moment", &["introduced 0, fixed 2.29.2"]),
    // The second entry; the first, [2.13.0, 2.13.2.1), does not hold 2.9.10.
    (
        5,
        "com.fasterxml.jackson.core:jackson-databind",
        &["introduced 0, fixed 2.12.6.1"],
    ),
    (6, "org.yaml:snakeyaml", &["introduced 0, fixed 2.0"]),
    // Numeric order: 1.4.197 > 1.1.100.
    (
        7,
        "com.h2database:h2",
        &["introduced 1.1.100, fixed 2.0.206"],
    ),
    (9, "celery", &["introduced 0, fixed 5.2.2"]),
    // PEP 440: 9.0.1 < 21.1.
    (10, "pip", &["introduced 0, fixed 21.1"]),
    // `v1.4.0` against `1.6.0`.
    (
        11,
        "github.com/gin-gonic/gin",
        &["introduced 0, fixed 1.6.0"],
    ),
    // Only a pseudo-version `introduced`, no fix.
    (
        12,
        "github.com/dgrijalva/jwt-go",
        &["introduced 0.0.0-20150717181359-44718f8a89b0", "!fixed"],
    ),
    (13, "golang.org/x/net", &["introduced 0, fixed 0.17.0"]),
    // The golang.org/x/sys entry, not the `stdlib` one; pseudo-versions compared.
    (
        14,
        "golang.org/x/sys",
        &["fixed 0.0.0-20220412211240-33da011f77ad"],
    ),
    // The middle pair of one SEMVER range.
    (15, "tokio", &["introduced 1.19.0, fixed 1.20.3"]),
    (16, "tokio", &["introduced 1.19.0, fixed 1.20.4"]),
    // Binary libssl1.1 → source openssl; the stretch line only.
    (17, "openssl [stretch]", &["fixed 1.1.0l-1~deb9u6"]),
    (19, "openldap [stretch]", &["fixed 2.4.44+dfsg-5+deb9u9"]),
    // Epoch from the purl's `epoch` qualifier.
    // The source version 1:1.2.8.dfsg-2 (trivy's SrcEpoch/SrcVersion/SrcRelease) is compared.
    (
        20,
        "zlib [jessie]",
        &["fixed 1:1.2.8.dfsg-2+deb8u1", "=1:1.2.8.dfsg-2"],
    ),
    // Ubuntu:20.04:LTS (focal), no fix.
    // `2%3A8.39-…` is percent-decoded to the epoch `2:`.
    (
        21,
        "pcre3 [20.04]",
        &["introduced 0", "!fixed", "=2:8.39-12ubuntu0.1"],
    ),
    // Branch 7.x: >=7.0.0, <7.30.7 (the `v` prefix stripped).
    (
        22,
        "laravel/framework",
        &["[7.0.0", "7.30.7", "7.x: >=7.0.0, <7.30.7"],
    ),
    // Branch 5.4.x: >=5.4.0, <5.4.20, one of 26.
    // (Adjacent branches 5.0.x … 5.4.x merge into one interval ending at 5.4.20.)
    (
        24,
        "symfony/http-kernel",
        &["5.4.20", "5.4.x: >=5.4.0, <5.4.20"],
    ),
    // Between the patched lines `~> 5.2.4, >= 5.2.4.3` (ends before 5.3) and `>= 6.0.3.1`.
    (26, "activesupport", &["[5.3, 6.0.3.1)"]),
    // `~> 5.2.8` ends before 5.3; next patched line starts at 6.1.7.1.
    (27, "activesupport", &["[5.3, 6.1.7.1)"]),
    // `<=1.4.2` is inclusive.
    (29, "sanitize-html", &["(, 1.4.2]"]),
    (32, "jsonwebtoken", &["(, 4.2.2)"]),
];

/// Sibling advisories a case's `why` says must NOT be reported for the same component.
const ALSO_NOT: &[(u32, &str)] = &[
    // openldap fixed at exactly the installed 2.4.44+dfsg-5+deb9u8.
    (19, "DLA-2574-1"),
];

/// Where the cases and their files are: the shared corpus, else the fresh-clone copy.
fn data_root() -> (PathBuf, &'static str) {
    match shared_data() {
        Some(p) if p.join("GROUND_TRUTH.json").is_file() => (p, "shared/data"),
        _ => (testdata("ground-truth"), "testdata/ground-truth"),
    }
}

/// A purl in canonical form (sorted qualifiers, canonical encoding), for comparing SBOM text
/// with report output.
pub fn canonical_purl(p: &str) -> String {
    Purl::parse(p).map_or_else(|_| p.to_string(), |p| p.to_string())
}

/// Every id a finding answers to: its vulnerability, aliases and matched advisories.
fn finding_ids(f: &serde_json::Value) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    ids.insert(
        f["vulnerability"]
            .as_str()
            .unwrap_or("")
            .to_ascii_uppercase(),
    );
    for a in f["aliases"].as_array().into_iter().flatten() {
        ids.insert(a.as_str().unwrap_or("").to_ascii_uppercase());
    }
    for m in f["matches"].as_array().into_iter().flatten() {
        ids.insert(m["advisory"].as_str().unwrap_or("").to_ascii_uppercase());
    }
    ids
}

/// Does a match come from the named advisory? Records without an upstream id of their own are
/// stored under a source-qualified id ending in it (`friendsofphp:laravel/framework/CVE-…`,
/// `rubysec:activesupport:CVE-…`).
fn match_is_from(m: &serde_json::Value, advisory: &str) -> bool {
    let id = m["advisory"].as_str().unwrap_or("").to_ascii_uppercase();
    let a = advisory.to_ascii_uppercase();
    id == a || id.ends_with(&format!("/{a}")) || id.ends_with(&format!(":{a}"))
}

/// Findings on a purl that answer to an advisory id.
fn findings_for<'a>(
    report: &'a serde_json::Value,
    purl: &str,
    advisory: &str,
) -> Vec<&'a serde_json::Value> {
    let key = canonical_purl(purl);
    let a = advisory.to_ascii_uppercase();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["component"]["purl"].as_str().map(canonical_purl) == Some(key.clone()))
        .filter(|f| finding_ids(f).contains(&a))
        .collect()
}

/// Ingest `inputs` into `db` (JSON report), asserting success.
pub fn ingest(s: &Stella, db: &Path, inputs: &[PathBuf]) -> serde_json::Value {
    let mut args: Vec<String> = [
        "--db",
        db.to_str().unwrap(),
        "db",
        "ingest",
        "--json",
        "--retrieved-at",
        AT,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(inputs.iter().map(|p| p.to_str().unwrap().to_string()));
    let r = s.run(&args);
    assert_eq!(r.code, Some(0), "ingest failed:\n{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("ingest --json prints JSON")
}

/// Scan one SBOM with `--format json --at AT` and parse the report.
pub fn scan(s: &Stella, db: &Path, sbom: &Path) -> serde_json::Value {
    let r = s.run([
        "--db",
        db.to_str().unwrap(),
        "scan",
        sbom.to_str().unwrap(),
        "--format",
        "json",
        "--at",
        AT,
    ]);
    assert!(
        matches!(r.code, Some(0 | 2)),
        "scan {} failed ({:?}):\n{}",
        sbom.display(),
        r.code,
        r.stderr
    );
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("scan {}: not JSON ({e})", sbom.display()))
}

/// Check an affected case; `Ok(the matched range)` or `Err(why not)`.
fn check_affected(case: &Case, report: &serde_json::Value) -> Result<String, String> {
    let (_, package, fragments) = EXPECT
        .iter()
        .find(|(n, _, _)| *n == case.n)
        .ok_or_else(|| format!("no EXPECT entry for affected case {}", case.n))?;
    let found = findings_for(report, &case.purl, &case.advisory);
    if found.is_empty() {
        return Err("no finding".into());
    }
    let mut seen = Vec::new();
    for f in &found {
        for m in f["matches"].as_array().unwrap() {
            if !match_is_from(m, &case.advisory) {
                continue;
            }
            let range = m["range"].as_str().unwrap_or("");
            let pkg = m["package"].as_str().unwrap_or("");
            let version = m["version"].as_str().unwrap_or("");
            let ok = pkg == *package
                && fragments.iter().all(|frag| {
                    if let Some(absent) = frag.strip_prefix('!') {
                        !range.contains(absent)
                    } else if let Some(v) = frag.strip_prefix('=') {
                        version == v
                    } else {
                        range.contains(frag)
                    }
                });
            if ok {
                return Ok(format!("{} {range}", m["by"].as_str().unwrap_or("")));
            }
            seen.push(format!("{pkg} {version}: {range}"));
        }
    }
    Err(format!(
        "finding present, but no match from {} names `{package}` with {fragments:?}; matches: {seen:?}",
        case.advisory
    ))
}

/// Check a not-affected case (and that the check is not vacuous).
fn check_not_affected(
    s: &Stella,
    db: &Path,
    root: &Path,
    case: &Case,
    report: &serde_json::Value,
) -> Result<String, String> {
    let found = findings_for(report, &case.purl, &case.advisory);
    if !found.is_empty() {
        let ranges: Vec<&str> = found
            .iter()
            .flat_map(|f| f["matches"].as_array().unwrap())
            .filter_map(|m| m["range"].as_str())
            .collect();
        return Err(format!("false positive: {ranges:?}"));
    }
    // The advisory is in the store.
    let shown = s.run([
        "--db",
        db.to_str().unwrap(),
        "db",
        "show",
        &case.advisory,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap_or_default();
    if shown.code != Some(0) || v.as_array().is_none_or(Vec::is_empty) {
        return Err(format!(
            "{} is not in the store: {}",
            case.advisory, shown.stderr
        ));
    }
    // The component is in the SBOM (by name and version), was matchable, and not undecided.
    let purl = Purl::parse(&case.purl).map_err(|e| format!("bad purl in case: {e}"))?;
    let text = std::fs::read_to_string(root.join(&case.sbom)).unwrap();
    let version = purl.version().unwrap_or_default();
    if !text.contains(purl.name()) || !text.contains(version) {
        return Err("component not in the SBOM".into());
    }
    let key = canonical_purl(&case.purl);
    let purl_of = |x: &serde_json::Value| x["component"]["purl"].as_str().map(canonical_purl);
    if let Some(u) = report["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| purl_of(u) == Some(key.clone()))
    {
        return Err(format!("component not matchable: {u}"));
    }
    if report["undecided"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|u| purl_of(u) == Some(key.clone()) && match_is_from(u, &case.advisory))
    {
        return Err("left undecided".into());
    }
    Ok("no finding".into())
}

#[test]
fn scan_agrees_with_every_hand_checked_case() {
    let (root, label) = data_root();
    let gt: GroundTruth = serde_json::from_str(
        &std::fs::read_to_string(root.join("GROUND_TRUTH.json")).expect("GROUND_TRUTH.json"),
    )
    .expect("GROUND_TRUTH.json parses");
    assert!(!gt.cases.is_empty());

    // Ingest exactly the advisory files the cases name.
    let s = Stella::new();
    let db = s.path().join("gt.db");
    let files: BTreeSet<PathBuf> = gt
        .cases
        .iter()
        .map(|c| root.join(&c.advisory_file))
        .collect();
    let mut files: Vec<PathBuf> = files.into_iter().collect();
    if gt.cases.iter().any(|c| c.kev.is_some()) {
        files.push(root.join(KEV_FILE));
    }
    let ing = ingest(&s, &db, &files);
    assert!(ing["documents"].as_u64().unwrap() >= files.len() as u64);

    // Scan each SBOM once.
    let mut reports: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
    for c in &gt.cases {
        reports
            .entry(c.sbom.as_str())
            .or_insert_with(|| scan(&s, &db, &root.join(&c.sbom)));
    }

    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for c in &gt.cases {
        let report = &reports[c.sbom.as_str()];
        let mut outcome = match c.expected.as_str() {
            "affected" => check_affected(c, report),
            "not_affected" => check_not_affected(&s, &db, &root, c, report),
            other => Err(format!("unknown expectation `{other}`")),
        };
        if let (Ok(_), Some(cve)) = (&outcome, c.kev_cve()) {
            let kev = findings_for(report, &c.purl, &c.advisory).iter().any(|f| {
                f["kevCves"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|k| k == cve)
            });
            outcome = if kev {
                outcome.map(|d| format!("{d}; KEV {cve}"))
            } else {
                Err(format!("the finding is not flagged KEV via {cve}"))
            };
        }
        for (_, sibling) in ALSO_NOT.iter().filter(|(n, _)| *n == c.n) {
            if !findings_for(report, &c.purl, sibling).is_empty() {
                outcome = Err(format!("{sibling} must not be reported for this component"));
            }
        }
        let (verdict, mut detail) = match &outcome {
            Ok(d) => ("ok", d.clone()),
            Err(e) => ("FAIL", e.clone()),
        };
        // Composer ranges list every branch; the table shows the head of the text.
        if let Some((cut, _)) = detail.char_indices().nth(140) {
            detail.truncate(cut);
            detail.push('…');
        }
        rows.push(format!(
            "{:>3}  {:<4}  {:<12}  {:<22}  {}\n{:>45}{}",
            c.n, verdict, c.expected, c.advisory, c.purl, "", detail
        ));
        if let Err(e) = outcome {
            failures.push(format!(
                "case {} ({} on {}): {e}\n  why: {}",
                c.n, c.advisory, c.purl, c.why
            ));
        }
    }
    let passed = gt.cases.len() - failures.len();
    eprintln!(
        "ground truth ({label}): {passed}/{} cases pass\n  n  ok?   expected      advisory                purl / matched range\n{}",
        gt.cases.len(),
        rows.join("\n")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
