//! `stella scan`: the first-run experience on the default store, exit codes and filters.

use crate::util::{Stella, testdata};

#[test]
fn first_scan_on_a_fresh_machine_seeds_the_default_store_with_the_bundled_sample() {
    let s = Stella::new();
    let sbom = testdata("sbom/laravel-7.12.0.bom.1.2.json");
    let r = s.run([
        "scan",
        sbom.to_str().unwrap(),
        "--at",
        "2026-01-01T00:00:00Z",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("bundled sample"),
        "a note says the sample was loaded: {}",
        r.stderr
    );
    assert!(r.stdout.contains("symfony/routing"), "{}", r.stdout);
    assert!(r.stdout.contains("findings"), "{}", r.stdout);
    // The second run finds the store populated: no note.
    let r2 = s.run([
        "scan",
        sbom.to_str().unwrap(),
        "--at",
        "2026-01-01T00:00:00Z",
    ]);
    assert!(!r2.stderr.contains("bundled sample"), "{}", r2.stderr);
    assert_eq!(r.stdout, r2.stdout);
    // An explicitly chosen store is never seeded.
    let db = s.path().join("explicit.db");
    let r3 = s.run(["--db", db.to_str().unwrap(), "scan", sbom.to_str().unwrap()]);
    assert_eq!(r3.code, Some(12), "{}", r3.stderr);
}

#[test]
fn fail_on_and_filters() {
    let s = Stella::new();
    let db = s.path().join("s.db");
    let d = db.to_str().unwrap();
    let r = s.run([
        "--db",
        d,
        "db",
        "ingest",
        testdata("advisory/osv").to_str().unwrap(),
        testdata("advisory/nodejs").to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let dir = s.path().join("sbom.json");
    std::fs::write(
        &dir,
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
            {"type":"library","name":"tokio","version":"1.19.2","purl":"pkg:cargo/tokio@1.19.2","bom-ref":"tokio"},
            {"type":"library","name":"mystery","bom-ref":"m"}]}"#,
    )
    .unwrap();
    let sbom = dir.to_str().unwrap();
    let json = s.run([
        "--db",
        d,
        "scan",
        sbom,
        "--format",
        "json",
        "--at",
        "2026-01-01",
    ]);
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let vulns: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["vulnerability"].as_str().unwrap())
        .collect();
    assert!(
        vulns.contains(&"CVE-2023-22466"),
        "tokio RUSTSEC-2023-0001 (CVE-2023-22466): {vulns:?}"
    );
    assert_eq!(v["unmatched"][0]["reason"], "no-purl");
    // --fail-on exits 2 when met, 0 when not.
    assert_eq!(
        s.run(["--db", d, "scan", sbom, "--fail-on", "unknown"])
            .code,
        Some(2)
    );
    assert_eq!(
        s.run([
            "--db",
            d,
            "scan",
            sbom,
            "--severity",
            "critical",
            "--fail-on",
            "low"
        ])
        .code,
        Some(0)
    );
    // Bad severity names are usage errors.
    assert_eq!(
        s.run(["--db", d, "scan", sbom, "--fail-on", "severe"]).code,
        Some(10)
    );
}
