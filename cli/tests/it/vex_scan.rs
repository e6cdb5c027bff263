//! VEX applied: `stella scan --vex` (the GROUND_TRUTH.json CycloneDX VEX case),
//! `stella vex consensus|explain|export`, and their determinism across runs and input orders.

use std::path::{Path, PathBuf};

use crate::util::{Stella, testdata};

const AT: &str = "2026-01-01T00:00:00Z";
const JACKSON: &str = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar";

fn gt(rel: &str) -> PathBuf {
    testdata(&format!("vex-ground-truth/{rel}"))
}

fn ghsa_57j2() -> PathBuf {
    testdata(
        "ground-truth/github-advisory-database-subset/advisories/github-reviewed/2022/03/GHSA-57j2-w4cx-62h2/GHSA-57j2-w4cx-62h2.json",
    )
}

fn run_ok(s: &Stella, args: &[&str]) -> String {
    let r = s.run(args);
    assert_eq!(r.code, Some(0), "stella {args:?}: {}", r.stderr);
    r.stdout
}

/// A store with both jackson advisories.
fn knowledge(s: &Stella, name: &str) -> PathBuf {
    let db = s.path().join(name);
    run_ok(
        s,
        &[
            "--db",
            db.to_str().unwrap(),
            "db",
            "ingest",
            "--retrieved-at",
            AT,
            gt("GHSA-288c-cq4h-88gq.osv.json").to_str().unwrap(),
            ghsa_57j2().to_str().unwrap(),
        ],
    );
    db
}

fn scan_json(s: &Stella, db: &Path, vex: &[&Path]) -> (String, serde_json::Value) {
    let mut args = vec![
        "--db".to_string(),
        db.display().to_string(),
        "scan".into(),
        gt("bom.json").display().to_string(),
        "--format".into(),
        "json".into(),
        "--at".into(),
        AT.into(),
    ];
    if !vex.is_empty() {
        args.push("--vex".into());
        args.extend(vex.iter().map(|p| p.display().to_string()));
    }
    let out = run_ok(s, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let v = serde_json::from_str(&out).expect("report is JSON");
    (out, v)
}

fn pairs(list: &serde_json::Value) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["vulnerability"].as_str().unwrap().to_string(),
                f["component"]["purl"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn ground_truth_cyclonedx_vex_case_suppresses_only_the_named_vulnerability() {
    let s = Stella::new();
    let db = knowledge(&s, "k.db");
    // Without VEX: both vulnerabilities are reported on jackson-databind 2.10.0.
    let (_, plain) = scan_json(&s, &db, &[]);
    let jackson = |v: &serde_json::Value| -> Vec<String> {
        pairs(v)
            .into_iter()
            .filter(|(_, p)| p == JACKSON)
            .map(|(v, _)| v)
            .collect()
    };
    assert_eq!(
        jackson(&plain["findings"]),
        ["CVE-2020-25649", "CVE-2020-36518"]
    );
    assert_eq!(plain["suppressed"], serde_json::json!([]));

    // With the VEX: CVE-2020-25649 moves to `suppressed`, CVE-2020-36518 stays.
    let (bytes, with) = scan_json(&s, &db, &[&gt("vex.json")]);
    assert_eq!(jackson(&with["findings"]), ["CVE-2020-36518"]);
    assert_eq!(jackson(&with["suppressed"]), ["CVE-2020-25649"]);
    assert_eq!(with["summary"]["suppressed"], 1);
    let sup = &with["suppressed"][0];
    assert_eq!(sup["vex"]["status"], "not_affected");
    assert_eq!(
        sup["vex"]["justification"],
        "vulnerable_code_not_in_execute_path"
    );
    // Evidence-linked: the statement behind it is in the evidence index as a VEX statement.
    let stmt = sup["vex"]["supporting"][0].as_str().unwrap();
    assert_eq!(with["evidence"][stmt]["kind"], "vex");
    assert!(
        with["findings"][0].get("vex").is_none(),
        "{}",
        with["findings"][0]
    );
    assert_eq!(with["inputs"]["vex"]["statements"], 1);

    // The store keeps the VEX: the next scan applies it without --vex, to the same bytes.
    let (again, _) = scan_json(&s, &db, &[]);
    assert_eq!(again, bytes);

    // The table says what was suppressed and why.
    let table = run_ok(
        &s,
        &[
            "--db",
            db.to_str().unwrap(),
            "scan",
            gt("bom.json").to_str().unwrap(),
            "--at",
            AT,
        ],
    );
    assert!(table.contains("1 findings suppressed by VEX"), "{table}");
    assert!(
        table.contains("CVE-2020-25649") && table.contains("vulnerable_code_not_in_execute_path"),
        "{table}"
    );
}

#[test]
fn scan_vex_refuses_bad_vex_before_scanning() {
    let s = Stella::new();
    let db = knowledge(&s, "k.db");
    let bad = s.path().join("bad.json");
    std::fs::write(&bad, br#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2023-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-1"},"products":[{"@id":"pkg:npm/a@1"}],"status":"maybe"}]}"#).unwrap();
    let r = s.run([
        "--db",
        db.to_str().unwrap(),
        "scan",
        gt("bom.json").to_str().unwrap(),
        "--vex",
        bad.to_str().unwrap(),
        "--at",
        AT,
    ]);
    assert_eq!(r.code, Some(10), "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "no report on a refused VEX: {}",
        r.stdout
    );
    let (_, plain) = scan_json(&s, &db, &[]);
    assert_eq!(plain["suppressed"], serde_json::json!([]));
}

fn vex_inputs() -> Vec<PathBuf> {
    vec![
        gt("vex.json"),
        testdata("vex/openvex"),
        testdata("vex/cyclonedx/use-case-13.vex.json"),
    ]
}

/// A store with the VEX fixtures ingested in `order`.
fn vex_store(s: &Stella, name: &str, order: &[PathBuf]) -> PathBuf {
    let db = knowledge(s, name);
    for p in order {
        run_ok(
            s,
            &[
                "--db",
                db.to_str().unwrap(),
                "vex",
                "ingest",
                "--retrieved-at",
                AT,
                p.to_str().unwrap(),
            ],
        );
    }
    db
}

#[test]
fn consensus_explain_and_export_are_deterministic_across_input_orders() {
    let s = Stella::new();
    let forward = vex_inputs();
    let mut backward = vex_inputs();
    backward.reverse();
    let a = vex_store(&s, "a.db", &forward);
    let b = vex_store(&s, "b.db", &backward);

    let consensus = |db: &Path, json: bool| {
        let mut args = vec![
            "--db",
            db.to_str().unwrap(),
            "vex",
            "consensus",
            "--vuln",
            "GHSA-288c-cq4h-88gq",
            "--product",
            JACKSON,
            "--at",
            AT,
        ];
        if json {
            args.push("--json");
        }
        run_ok(&s, &args)
    };
    let ca = consensus(&a, true);
    assert_eq!(ca, consensus(&b, true), "consensus depends on ingest order");
    let c: serde_json::Value = serde_json::from_str(&ca).unwrap();
    // The statement is about CVE-2020-25649; the GHSA aliases it through the advisory store.
    assert_eq!(c["status"], "not_affected");
    assert_eq!(c["contributions"].as_array().unwrap().len(), 1);
    assert!(consensus(&a, false).contains("not_affected"));

    let explain = run_ok(
        &s,
        &[
            "--db",
            a.to_str().unwrap(),
            "vex",
            "explain",
            "--vuln",
            "CVE-2020-25649",
            "--product",
            JACKSON,
            "--at",
            AT,
        ],
    );
    assert!(
        explain.contains("×"),
        "explain shows the arithmetic: {explain}"
    );

    for format in ["openvex", "cyclonedx"] {
        let export = |db: &Path| {
            run_ok(
                &s,
                &[
                    "--db",
                    db.to_str().unwrap(),
                    "vex",
                    "export",
                    "--format",
                    format,
                    "--at",
                    AT,
                ],
            )
        };
        let ea = export(&a);
        assert_eq!(ea, export(&b), "{format} export depends on ingest order");
        assert_eq!(ea, export(&a), "{format} export differs between runs");
        let doc: serde_json::Value = serde_json::from_str(&ea).unwrap();
        if format == "openvex" {
            let problems = stella_core::vex::export::openvex_schema_problems(&doc);
            assert!(problems.is_empty(), "OpenVEX schema: {problems:?}");
            assert!(ea.contains("CVE-2020-25649"));
        } else {
            let report = stella_core::sbom::validate::validate(ea.as_bytes())
                .expect("the CycloneDX export is a CycloneDX document");
            assert!(report.is_valid(), "CycloneDX 1.6 schema: {report:#?}");
            assert_eq!(doc["specVersion"], "1.6");
        }
    }
}

#[test]
fn consensus_rejects_a_bad_product_purl() {
    let s = Stella::new();
    let db = knowledge(&s, "k.db");
    let r = s.run([
        "--db",
        db.to_str().unwrap(),
        "vex",
        "consensus",
        "--vuln",
        "CVE-2020-25649",
        "--product",
        "not a purl",
    ]);
    assert_eq!(r.code, Some(10), "{}", r.stderr);
    assert!(r.stderr.contains("package URL"), "{}", r.stderr);
}

#[test]
fn suppressed_findings_stay_visible_in_sarif_and_cyclonedx() {
    let s = Stella::new();
    let db = knowledge(&s, "k.db");
    let render = |format: &str| -> serde_json::Value {
        let out = run_ok(
            &s,
            &[
                "--db",
                db.to_str().unwrap(),
                "scan",
                gt("bom.json").to_str().unwrap(),
                "--vex",
                gt("vex.json").to_str().unwrap(),
                "--format",
                format,
                "--at",
                AT,
            ],
        );
        serde_json::from_str(&out).unwrap()
    };
    let sarif = render("sarif");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<&str> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(suppressed, ["CVE-2020-25649"]);
    let sup = &results
        .iter()
        .find(|r| r["ruleId"] == "CVE-2020-25649")
        .unwrap()["suppressions"][0];
    assert_eq!(sup["kind"], "external");
    assert!(
        sup["justification"]
            .as_str()
            .unwrap()
            .contains("vulnerable_code_not_in_execute_path")
    );
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "CVE-2020-36518" && r.get("suppressions").is_none())
    );

    let cdx = render("cyclonedx");
    let ids: Vec<&str> = cdx["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CVE-2020-36518"]);
    let props = cdx["metadata"]["properties"].to_string();
    assert!(props.contains("stella:vex:suppressed"), "{props}");
    assert!(props.contains("CVE-2020-25649"), "{props}");
}
