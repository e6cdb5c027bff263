//! `stella vex ingest|validate`: the real fixtures ingest append-only; malformed VEX (dangling
//! product references, bad dates, unknown statuses, truncated, huge, deeply nested) is refused
//! with a clear error and exit 10, and nothing of it reaches the store.

use std::path::{Path, PathBuf};

use crate::util::{Stella, testdata};

const AT: &str = "2026-01-01T00:00:00Z";

fn ingest(
    s: &Stella,
    db: &Path,
    inputs: &[&Path],
    env: &[(&str, &str)],
) -> (Option<i32>, serde_json::Value, String) {
    let mut c = s.cmd();
    c.args([
        "--db",
        db.to_str().unwrap(),
        "vex",
        "ingest",
        "--json",
        "--retrieved-at",
        AT,
    ]);
    c.args(inputs);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("spawn stella");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let v = serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null);
    (
        o.status.code(),
        v,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn totals(report: &serde_json::Value) -> (u64, u64, u64) {
    let mut t = (0, 0, 0);
    for (_, c) in report["sources"].as_object().unwrap() {
        t.0 += c["inserted"].as_u64().unwrap();
        t.1 += c["skipped"].as_u64().unwrap();
        t.2 += c["superseded"].as_u64().unwrap();
    }
    t
}

/// The good fixtures (`testdata/vex`).
fn good() -> PathBuf {
    testdata("vex")
}

/// Re-ingest the good fixtures and return the VEX snapshot: with nothing new inserted, this is
/// the store's current state (a malformed ingest in between must not have changed it).
fn state(s: &Stella, db: &Path) -> String {
    let (code, r, err) = ingest(s, db, &[&good()], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(totals(&r).0, 0, "re-ingest inserted statements: {r}");
    assert_eq!(r["snapshotBefore"], r["snapshotAfter"]);
    r["snapshotAfter"].as_str().unwrap().to_string()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(testdata(rel)).unwrap()
}

#[test]
fn fixtures_ingest_then_skip_then_supersede() {
    let s = Stella::new();
    let db = s.path().join("k.db");
    let (code, r, err) = ingest(&s, &db, &[&good()], &[]);
    assert_eq!(code, Some(0), "{err}");
    let statements: u64 = r["statementsByFormat"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    let (inserted, skipped, _) = totals(&r);
    assert!(statements >= 50, "{r}");
    assert_eq!(r["documentsByFormat"]["openvex"], 3);
    assert_eq!(r["documentsByFormat"]["csaf-vex"], 3);
    assert_eq!(r["documentsByFormat"]["cyclonedx-vex"], 4);
    assert_eq!(r["ignoredDocuments"], 1, "PROVENANCE.md: {r}");
    assert_eq!(
        inserted + skipped,
        statements
            - r["sources"]
                .as_object()
                .unwrap()
                .values()
                .map(|c| c["shadowed"].as_u64().unwrap())
                .sum::<u64>()
    );
    let snap = r["snapshotAfter"].as_str().unwrap().to_string();
    assert_eq!(state(&s, &db), snap);

    // A re-issued document with one changed statement: that statement supersedes, the other
    // is skipped. (The document has no `@id`: its path inside the input names it.)
    let dir = s.path().join("again");
    std::fs::create_dir_all(dir.join("openvex")).unwrap();
    let f2 = dir.join("openvex/trivy-openvex-multiple.json");
    std::fs::write(
        &f2,
        read("vex/openvex/trivy-openvex-multiple.json")
            .replace("\"status\": \"affected\"", "\"status\": \"fixed\""),
    )
    .unwrap();
    let (code, r, err) = ingest(&s, &db, &[&dir], &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(totals(&r), (0, 1, 1), "{r}");
    assert_ne!(r["snapshotAfter"].as_str().unwrap(), snap);
}

/// One malformed document, derived from a real one.
struct Bad {
    name: &'static str,
    file: &'static str,
    text: Vec<u8>,
    /// Expected in stdout+stderr of `vex ingest`.
    ingest_says: &'static str,
    /// Expected in stdout+stderr of `vex validate`.
    validate_says: &'static str,
}

fn bad_documents() -> Vec<Bad> {
    let harvester = read("vex/openvex/harvester-webhook.openvex.json");
    let deep = format!(
        "{{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{}{}]}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    vec![
        Bad {
            name: "dangling CSAF product id",
            file: "dangling.json",
            text: read("vex/csaf/2022-evd-uc-03-ms-001.json")
                .replace(
                    "\"product_id\": \"CSAFPID-0001\"",
                    "\"product_id\": \"CSAFPID-0009\"",
                )
                .into_bytes(),
            ingest_says: "product id `CSAFPID-0001` is not defined in the product_tree",
            validate_says: "/vulnerabilities/0/product_status/under_investigation/0",
        },
        Bad {
            name: "dangling CycloneDX bom-ref",
            file: "dangling-ref.json",
            text: read("vex/cyclonedx/cisa-case-1-not-affected.vex.json")
                .replace("\"ref\": \"product-ABC\"", "\"ref\": \"product-XYZ\"")
                .into_bytes(),
            ingest_says: "dangling reference: bom-ref `product-XYZ`",
            validate_says: "/vulnerabilities/0/affects/0/ref",
        },
        Bad {
            name: "bad date",
            file: "bad-date.json",
            text: harvester
                .replacen(
                    "\"timestamp\": \"2024-12-19T21:07:12.621044492Z\"",
                    "\"timestamp\": \"2024-13-45T99:00:00Z\"",
                    1,
                )
                .into_bytes(),
            ingest_says: "`2024-13-45T99:00:00Z` is not an RFC 3339 timestamp",
            validate_says: "/statements/0/timestamp",
        },
        Bad {
            name: "unknown status",
            file: "unknown-status.json",
            text: read("vex/cyclonedx/use-case-13.vex.json")
                .replace("\"state\": \"exploitable\"", "\"state\": \"exploited\"")
                .into_bytes(),
            ingest_says: "unknown analysis state `exploited`",
            validate_says: "/vulnerabilities/1/analysis/state",
        },
        Bad {
            name: "truncated",
            file: "truncated.json",
            text: harvester.as_bytes()[..harvester.len() / 2].to_vec(),
            ingest_says: "OpenVEX",
            validate_says: "truncated",
        },
        Bad {
            name: "deeply nested",
            file: "deep.json",
            text: deep.into_bytes(),
            ingest_says: "nesting is deeper than 128 levels",
            validate_says: "nesting is deeper than 128 levels",
        },
    ]
}

#[test]
fn malformed_vex_is_refused_whole_with_exit_10() {
    let s = Stella::new();
    let db = s.path().join("k.db");
    let (code, _, err) = ingest(&s, &db, &[&good()], &[]);
    assert_eq!(code, Some(0), "{err}");
    let before = state(&s, &db);
    for b in bad_documents() {
        let f = s.path().join(b.file);
        std::fs::write(&f, &b.text).unwrap();
        let (code, r, err) = ingest(&s, &db, &[&f], &[]);
        assert_eq!(code, Some(10), "{}: {r}\n{err}", b.name);
        let all = format!("{r}\n{err}");
        assert!(all.contains(b.ingest_says), "{}: {all}", b.name);
        assert!(err.contains("refused"), "{}: {err}", b.name);
        assert_eq!(
            r["sources"].as_object().map_or(0, |m| m.len()),
            0,
            "{}: {r}",
            b.name
        );
        assert_eq!(r["snapshotBefore"], r["snapshotAfter"], "{}", b.name);
        assert_eq!(state(&s, &db), before, "{}: the store changed", b.name);

        let v = s.run(["vex", "validate", f.to_str().unwrap()]);
        assert_eq!(v.code, Some(10), "{}: {}\n{}", b.name, v.stdout, v.stderr);
        let all = format!("{}\n{}", v.stdout, v.stderr);
        assert!(all.contains(b.validate_says), "{}: {all}", b.name);
        assert!(!all.contains("panicked"), "{}: {all}", b.name);
    }
}

#[test]
fn huge_documents_are_refused_before_parsing() {
    let s = Stella::new();
    let db = s.path().join("k.db");
    let (code, _, err) = ingest(&s, &db, &[&good()], &[]);
    assert_eq!(code, Some(0), "{err}");
    let before = state(&s, &db);
    let f = testdata("vex/openvex/harvester-webhook.openvex.json");
    let (code, _, err) = ingest(&s, &db, &[&f], &[("STELLA_MAX_INPUT_BYTES", "4096")]);
    assert_eq!(code, Some(10), "{err}");
    assert!(err.contains("4096"), "{err}");
    assert_eq!(state(&s, &db), before);
    let mut c = s.cmd();
    c.env("STELLA_MAX_INPUT_BYTES", "4096")
        .args(["vex", "validate", f.to_str().unwrap()]);
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(10));
    assert!(String::from_utf8_lossy(&o.stderr).contains("input limit"));
}

#[test]
fn validate_lists_problems_and_strict_fails_on_warnings() {
    let s = Stella::new();
    let ok = s.run([
        "vex",
        "validate",
        testdata("vex/openvex/harvester-webhook.openvex.json")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(
        ok.stdout.contains("valid: 0 error(s), 0 warning(s)"),
        "{}",
        ok.stdout
    );

    // Use case 13: an `exploitable` entry without response or recommendation has no action
    // statement, a warning.
    let f = testdata("vex/cyclonedx/use-case-13.vex.json");
    let lax = s.run(["vex", "validate", "--json", f.to_str().unwrap()]);
    assert_eq!(lax.code, Some(0), "{}", lax.stderr);
    let r: serde_json::Value = serde_json::from_str(&lax.stdout).unwrap();
    assert_eq!(r["errors"], 0);
    assert!(r["warnings"].as_u64().unwrap() >= 1, "{r}");
    let locations: Vec<&str> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["location"].as_str().unwrap())
        .collect();
    assert!(
        locations.contains(&"/vulnerabilities/1/action_statement"),
        "{r}"
    );
    let strict = s.run(["vex", "validate", "--strict", f.to_str().unwrap()]);
    assert_eq!(strict.code, Some(10), "{}", strict.stdout);
    assert!(
        strict.stdout.contains("action statement"),
        "{}",
        strict.stdout
    );

    // Not VEX at all: the refusal names what the document is.
    let sbom = testdata("bad/csaf-not-an-sbom.json");
    let r = s.run(["vex", "validate", sbom.to_str().unwrap()]);
    assert_eq!(r.code, Some(10));
    assert!(r.stderr.contains("not a VEX document"), "{}", r.stderr);
}
