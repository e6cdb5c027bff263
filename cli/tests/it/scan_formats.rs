//! `stella scan --format sarif|cyclonedx`: the official schemas accept the documents, the outputs
//! are byte-for-byte reproducible, and what they point at exists (SBOM lines, original bom-refs).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::util::{Run, Stella, repo_root, testdata};

const AT: &str = "2026-01-01T00:00:00Z";
/// Where the tests put the SBOM, relative to the scratch directory (the working directory).
const SBOM_REL: &str = "sboms/laravel.bom.json";

/// A scratch environment with the laravel SBOM at [`SBOM_REL`] (default store, seeded from the
/// bundled sample advisories on first use, inside the scratch home).
fn env() -> Stella {
    let s = Stella::new();
    std::fs::create_dir_all(s.path().join("sboms")).unwrap();
    std::fs::copy(
        testdata("sbom/laravel-7.12.0.bom.1.2.json"),
        s.path().join(SBOM_REL),
    )
    .unwrap();
    s
}

fn scan_with(s: &Stella, format: &str, extra: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut c = s.cmd();
    c.args(["scan", SBOM_REL, "--format", format, "--at", AT])
        .args(extra);
    for (k, v) in vars {
        c.env(k, v);
    }
    let o = c.output().expect("spawn stella");
    let r = Run {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        max_rss_kib: None,
    };
    assert_eq!(r.code, Some(0), "scan --format {format}: {}", r.stderr);
    r
}

fn scan(s: &Stella, format: &str) -> String {
    scan_with(s, format, &[], &[]).stdout
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// Every `bom-ref` in a CycloneDX JSON document (metadata component and nested components).
fn bom_refs(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(r) = m.get("bom-ref").and_then(|r| r.as_str()) {
                out.insert(r.to_string());
            }
            for (k, child) in m {
                // Vulnerabilities have bom-refs of their own; they are not components.
                if k != "vulnerabilities" {
                    bom_refs(child, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|c| bom_refs(c, out)),
        _ => {}
    }
}

#[test]
fn sarif_has_what_code_scanning_needs_and_points_at_the_sbom_lines() {
    let s = env();
    let out = scan(&s, "sarif");
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    assert!(
        v["$schema"]
            .as_str()
            .unwrap()
            .contains("sarif-schema-2.1.0")
    );
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "stella");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    let results = runs[0]["results"].as_array().unwrap();
    assert!(!results.is_empty(), "the sample advisories affect laravel");
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = rule_ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(rule_ids, sorted, "one rule per vulnerability, sorted");
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
        let tags: Vec<&str> = r["properties"]["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(&tags[..2], ["security", "vulnerability"]);
        if let Some(score) = r["properties"]["security-severity"].as_str() {
            let x: f64 = score.parse().expect("security-severity is a number");
            assert!((0.0..=10.0).contains(&x), "{score}");
        }
    }

    // Fingerprints are unique per result; every result names a rule and the SBOM as given.
    let sbom_text = std::fs::read_to_string(s.path().join(SBOM_REL)).unwrap();
    let lines: Vec<&str> = sbom_text.lines().collect();
    let mut fingerprints = BTreeSet::new();
    let mut with_line = 0;
    for r in results {
        let rule_id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rule_ids[index], rule_id);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let message = r["message"]["text"].as_str().unwrap();
        let name = r["locations"][0]["logicalLocations"][0]["name"]
            .as_str()
            .unwrap();
        assert!(
            message.contains(name) && message.contains(rule_id),
            "{message}"
        );
        assert!(fingerprints.insert(r["partialFingerprints"]["stellaFindingId/v1"].to_string()));
        let phys = &r["locations"][0]["physicalLocation"];
        assert_eq!(phys["artifactLocation"]["uri"], SBOM_REL);
        let bom_ref = r["properties"]["bomRef"].as_str().unwrap();
        if let Some(line) = phys["region"]["startLine"].as_u64() {
            with_line += 1;
            let text = lines[line as usize - 1];
            assert!(
                text.contains("bom-ref") && text.contains(bom_ref),
                "line {line} declares {bom_ref}: {text}"
            );
        }
        // Evidence-linked: the observation digests of the JSON report's evidence index.
        let obs = r["properties"]["observations"].as_array().unwrap();
        assert!(!obs.is_empty());
        assert!(
            obs.iter()
                .all(|o| o.as_str().unwrap().starts_with("sha256:"))
        );
    }
    assert_eq!(
        with_line,
        results.len(),
        "every laravel component has a bom-ref"
    );
    // The same findings as the JSON report.
    let report = json(&scan(&s, "json"));
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        results.len(),
        "one result per finding"
    );
    for o in results
        .iter()
        .flat_map(|r| r["properties"]["observations"].as_array().unwrap())
    {
        assert!(
            report["evidence"].get(o.as_str().unwrap()).is_some(),
            "{o} is explained in the report's evidence"
        );
    }
}

#[test]
fn vdr_affects_only_components_of_the_original_sbom() {
    let s = env();
    let vdr = json(&scan(&s, "cyclonedx"));
    assert_eq!(vdr["bomFormat"], "CycloneDX");
    assert_eq!(vdr["specVersion"], "1.6");
    assert!(
        vdr["serialNumber"]
            .as_str()
            .unwrap()
            .starts_with("urn:uuid:")
    );
    assert_eq!(vdr["metadata"]["timestamp"], "2026-01-01T00:00:00.000Z");
    assert_eq!(
        vdr["metadata"]["component"]["bom-ref"], "cyclonedx/cyclonedx-php-composer-demo-dev-master",
        "the SBOM's subject"
    );
    let original = json(&std::fs::read_to_string(s.path().join(SBOM_REL)).unwrap());
    let mut original_refs = BTreeSet::new();
    bom_refs(&original, &mut original_refs);
    let mut own_refs = BTreeSet::new();
    bom_refs(&vdr, &mut own_refs);
    let vulns = vdr["vulnerabilities"].as_array().unwrap();
    assert!(!vulns.is_empty());
    let mut affected = 0;
    for v in vulns {
        for a in v["affects"].as_array().unwrap() {
            let r = a["ref"].as_str().unwrap();
            assert!(original_refs.contains(r), "{r} is not in the original SBOM");
            assert!(own_refs.contains(r), "{r} is not a component of the VDR");
            affected += 1;
            assert!(
                a["versions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x["status"] == "affected")
            );
        }
        assert!(
            v["properties"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "stella:observation"),
            "evidence ids travel with the vulnerability"
        );
    }
    let report = json(&scan(&s, "json"));
    assert_eq!(affected, report["findings"].as_array().unwrap().len());
}

#[test]
fn outputs_are_reproducible_across_runs_locales_and_thread_counts() {
    let s = env();
    for format in ["json", "sarif", "cyclonedx"] {
        let first = scan(&s, format);
        for _ in 0..9 {
            assert_eq!(scan(&s, format), first, "{format}: differs between runs");
        }
        let localised = scan_with(
            &s,
            format,
            &[],
            &[("TZ", "Asia/Kolkata"), ("LC_ALL", "de_DE.UTF-8")],
        )
        .stdout;
        assert_eq!(localised, first, "{format}: depends on TZ/LC_ALL");
        let one = scan_with(&s, format, &[], &[("RAYON_NUM_THREADS", "1")]).stdout;
        let two = scan_with(&s, format, &[], &[("RAYON_NUM_THREADS", "2")]).stdout;
        assert_eq!(one, first, "{format}: depends on RAYON_NUM_THREADS");
        assert_eq!(two, first, "{format}: depends on RAYON_NUM_THREADS");
        // A fresh machine (store seeded anew) gives the same bytes.
        assert_eq!(
            scan(&env(), format),
            first,
            "{format}: depends on the store's history"
        );
        // `-o` writes the same bytes.
        let out = s.path().join(format!("out.{format}"));
        let r = scan_with(&s, format, &["-o", out.to_str().unwrap()], &[]);
        assert!(r.stdout.is_empty());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    }
}

/// The outputs with the tool version and the serial number (which covers the version) masked,
/// so a release does not rewrite the snapshots.
fn masked(text: &str) -> String {
    let version = format!("\"{}\"", env!("CARGO_PKG_VERSION"));
    let mut out = text.replace(&version, "\"[VERSION]\"");
    if let Some(start) = out.find("\"urn:uuid:") {
        let end = start + "\"urn:uuid:".len() + 36;
        out.replace_range(start..=end, "\"urn:uuid:[SERIAL]\"");
    }
    out
}

#[test]
fn snapshots_of_the_laravel_scan() {
    // The bundled sample advisories state no severities, so the full scan is small (16 findings).
    let s = env();
    let sarif = scan(&s, "sarif");
    let vdr = scan(&s, "cyclonedx");
    assert!(
        !json(&sarif)["runs"][0]["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    insta::assert_snapshot!("laravel_sarif", masked(&sarif));
    insta::assert_snapshot!("laravel_cyclonedx", masked(&vdr));
}

/// A store with CVSS-rated advisories (OSV test data) and an SBOM they affect.
fn rated_env() -> (Stella, String) {
    let s = Stella::new();
    let db = s.path().join("rated.db");
    let r = s.run([
        "--db",
        db.to_str().unwrap(),
        "db",
        "ingest",
        testdata("advisory/osv").to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    std::fs::write(
        s.path().join("rated.cdx.json"),
        r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
            {"type":"library","bom-ref":"pkg:npm/minimist@1.2.5","name":"minimist","version":"1.2.5","purl":"pkg:npm/minimist@1.2.5"},
            {"type":"library","bom-ref":"moment","name":"moment","version":"2.29.1","purl":"pkg:npm/moment@2.29.1"},
            {"type":"library","name":"hyper","version":"0.14.9","purl":"pkg:cargo/hyper@0.14.9"}]}"#,
    )
    .unwrap();
    (s, db.to_str().unwrap().to_string())
}

fn rated_scan(s: &Stella, db: &str, format: &str) -> String {
    let r = s.run([
        "--db",
        db,
        "scan",
        "rated.cdx.json",
        "--format",
        format,
        "--at",
        AT,
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.stdout
}

#[test]
fn cvss_ratings_reach_security_severity_and_vdr_ratings() {
    let (s, db) = rated_env();
    let sarif = json(&rated_scan(&s, &db, "sarif"));
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let minimist = rules
        .iter()
        .find(|r| r["id"] == "CVE-2021-44906")
        .expect("minimist 1.2.5 is affected by CVE-2021-44906");
    // CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H is 9.8.
    assert_eq!(minimist["properties"]["security-severity"], "9.8");
    assert_eq!(minimist["defaultConfiguration"]["level"], "error");
    assert_eq!(
        minimist["helpUri"],
        "https://nvd.nist.gov/vuln/detail/CVE-2021-44906"
    );
    assert!(
        minimist["properties"]["tags"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("external/cwe/cwe-1321"))
    );
    // hyper has no bom-ref in the SBOM: no line, but still the file and the package.
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let hyper = results
        .iter()
        .find(|r| r["ruleId"] == "CVE-2021-32715")
        .expect("hyper 0.14.9 is affected");
    let loc = &hyper["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        "rated.cdx.json"
    );
    assert!(loc["physicalLocation"].get("region").is_none());
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "pkg:cargo/hyper@0.14.9"
    );

    let vdr = json(&rated_scan(&s, &db, "cyclonedx"));
    let v = vdr["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "CVE-2021-44906")
        .unwrap();
    assert_eq!(v["source"]["name"], "NVD");
    assert_eq!(v["cwes"], serde_json::json!([1321]));
    let rating = &v["ratings"][0];
    assert_eq!(rating["method"], "CVSSv31");
    assert_eq!(rating["score"], 9.8);
    assert_eq!(rating["severity"], "critical");
    assert_eq!(
        rating["vector"],
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    );
    assert_eq!(v["affects"][0]["ref"], "pkg:npm/minimist@1.2.5");
    assert_eq!(
        v["affects"][0]["versions"],
        serde_json::json!([{"version":"1.2.5","status":"affected"},{"version":"1.2.6","status":"unaffected"}])
    );
    assert!(
        v["references"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "GHSA-xvch-5gv4-984h")
    );
}

/// Interop: the official validators accept both documents (needs the interop virtualenv).
#[test]
fn official_schemas_accept_sarif_and_vdr() {
    let Some(venv) = crate::interop::venv() else {
        return;
    };
    let s = env();
    let sarif = s.path().join("scan.sarif");
    let vdr = s.path().join("scan.cdx.json");
    for (format, path) in [("sarif", &sarif), ("cyclonedx", &vdr)] {
        scan_with(&s, format, &["-o", path.to_str().unwrap()], &[]);
    }
    let validate = |script: &str, args: &[&Path]| {
        let out = Command::new(venv.join("bin/python"))
            .arg(repo_root().join("cli/tests/interop").join(script))
            .args(args)
            .output()
            .expect("run validator");
        assert!(
            out.status.success(),
            "{script} rejects stella's output:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (rs, db) = rated_env();
    let rated_sarif = rs.path().join("rated.sarif");
    let rated_vdr = rs.path().join("rated.vdr.json");
    std::fs::write(&rated_sarif, rated_scan(&rs, &db, "sarif")).unwrap();
    std::fs::write(&rated_vdr, rated_scan(&rs, &db, "cyclonedx")).unwrap();
    let schema = repo_root().join("schemas/vendor/sarif/sarif-schema-2.1.0.json");
    validate("validate_sarif.py", &[&schema, &sarif, &rated_sarif]);
    validate("validate_cyclonedx.py", &[&vdr, &rated_vdr]);
    eprintln!("interop: SARIF 2.1.0 and CycloneDX 1.6 VDR of the laravel scan are valid");
}
