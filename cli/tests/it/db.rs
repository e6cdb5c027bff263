//! `stella db`: ingest with provenance, idempotence, supersede, linksets, rejections, crash
//! consistency — on the curated fixtures (always) and on the whole shared corpus (when present).

use std::path::{Path, PathBuf};

use crate::util::{Stella, shared_data, skip_without_shared, testdata};

/// Run and parse a JSON stdout.
fn json(s: &Stella, args: &[&str]) -> serde_json::Value {
    let r = s.run(args);
    assert_eq!(r.code, Some(0), "stella {args:?} failed:\n{}", r.stderr);
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("stella {args:?}: not JSON ({e}):\n{}", r.stdout))
}

fn db_args<'a>(db: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--db", db];
    v.extend_from_slice(rest);
    v
}

fn ingest(s: &Stella, db: &Path, inputs: &[PathBuf]) -> serde_json::Value {
    let db = db.to_str().unwrap();
    let mut args = vec![
        "--db",
        db,
        "db",
        "ingest",
        "--json",
        "--retrieved-at",
        "2026-01-01T00:00:00Z",
    ];
    let ins: Vec<String> = inputs
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    args.extend(ins.iter().map(String::as_str));
    json(s, &args)
}

fn totals(report: &serde_json::Value) -> (u64, u64, u64, u64) {
    let mut t = (0, 0, 0, 0);
    for (_, c) in report["sources"].as_object().unwrap() {
        t.0 += c["inserted"].as_u64().unwrap();
        t.1 += c["skipped"].as_u64().unwrap();
        t.2 += c["superseded"].as_u64().unwrap();
        t.3 += c["rejected"].as_u64().unwrap();
    }
    t
}

fn snapshot(s: &Stella, db: &Path) -> String {
    json(
        s,
        &db_args(db.to_str().unwrap(), &["db", "status", "--format", "json"]),
    )["snapshot"]
        .as_str()
        .unwrap()
        .to_string()
}

fn fixture_dirs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(testdata("advisory"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

#[test]
fn fixtures_ingest_idempotently_and_in_any_order() {
    let s = Stella::new();
    let a = s.path().join("a.db");
    let dirs = fixture_dirs();
    let first = ingest(&s, &a, &dirs);
    let (inserted, _, _, _) = totals(&first);
    assert!(
        inserted >= 40,
        "fixtures give at least 40 observations, got {inserted}: {first}"
    );
    // Every format is represented.
    let formats = first["documentsByFormat"].as_object().unwrap();
    for f in [
        "osv",
        "alpine-secdb",
        "debian-tracker",
        "csaf",
        "kev",
        "rubysec",
        "friendsofphp",
        "nodejs-wg",
    ] {
        assert!(
            formats.contains_key(f),
            "format {f} missing from the fixtures: {formats:?}"
        );
    }
    // Re-ingesting the same data inserts nothing.
    let again = ingest(&s, &a, &dirs);
    let (ins2, skipped2, sup2, _) = totals(&again);
    assert_eq!(
        (ins2, sup2),
        (0, 0),
        "re-ingest must insert nothing: {again}"
    );
    assert!(skipped2 >= inserted, "every record is reported skipped");
    assert_eq!(again["snapshotBefore"], again["snapshotAfter"]);
    // A fresh store fed the inputs in reverse order has the same snapshot.
    let b = s.path().join("b.db");
    let mut rev = dirs.clone();
    rev.reverse();
    ingest(&s, &b, &rev);
    assert_eq!(snapshot(&s, &a), snapshot(&s, &b));
    // The integrity check passes.
    let r = s.run(["--db", a.to_str().unwrap(), "db", "verify"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
}

#[test]
fn a_changed_record_supersedes_and_both_stay_queryable() {
    let s = Stella::new();
    let db = s.path().join("s.db");
    let dir = s.path().join("feed");
    std::fs::create_dir_all(&dir).unwrap();
    let original = std::fs::read(testdata("advisory/osv/RUSTSEC-2023-0001.json")).unwrap();
    std::fs::write(dir.join("RUSTSEC-2023-0001.json"), &original).unwrap();
    let r1 = ingest(&s, &db, std::slice::from_ref(&dir));
    assert_eq!(totals(&r1).0, 1);
    // The upstream edits a range.
    let edited = String::from_utf8(original.clone()).unwrap().replacen(
        "\"fixed\": \"1.18.4\"",
        "\"fixed\": \"1.18.5\"",
        1,
    );
    assert_ne!(
        edited.as_bytes(),
        original.as_slice(),
        "fixture must contain the fixed event"
    );
    std::fs::write(dir.join("RUSTSEC-2023-0001.json"), edited.as_bytes()).unwrap();
    let r2 = ingest(&s, &db, std::slice::from_ref(&dir));
    assert_eq!(totals(&r2).2, 1, "one superseded: {r2}");
    let d = db.to_str().unwrap();
    let shown = json(
        &s,
        &db_args(d, &["db", "show", "RUSTSEC-2023-0001", "--format", "json"]),
    );
    let list = shown.as_array().unwrap();
    assert_eq!(list.len(), 2, "both observations are shown: {shown}");
    let current: Vec<_> = list.iter().filter(|o| o["isCurrent"] == true).collect();
    assert_eq!(current.len(), 1);
    assert!(
        current[0]["observation"]["supersedes"].is_string(),
        "the new one names what it supersedes"
    );
    // Found by alias too, and the table names both.
    let t = s.run(db_args(d, &["db", "show", "CVE-2023-22466"]));
    assert_eq!(t.code, Some(0), "{}", t.stderr);
    assert!(
        t.stdout.contains("2 observation(s), 1 current") && t.stdout.contains("superseded by"),
        "{}",
        t.stdout
    );
    // --raw prints the verbatim upstream bytes of the current one.
    let raw = s.run(db_args(d, &["db", "show", "RUSTSEC-2023-0001", "--raw"]));
    assert_eq!(raw.stdout.trim_end(), edited.trim_end());
    // Unknown ids exit 12.
    assert_eq!(
        s.run(db_args(d, &["db", "show", "CVE-1999-0000"])).code,
        Some(12)
    );
}

#[test]
fn aliases_resolve_to_one_linkset() {
    let s = Stella::new();
    let db = s.path().join("s.db");
    ingest(&s, &db, &[testdata("advisory/osv")]);
    let d = db.to_str().unwrap();
    let by_id = json(
        &s,
        &db_args(
            d,
            &["db", "linkset", "RUSTSEC-2023-0001", "--format", "json"],
        ),
    );
    let by_cve = json(
        &s,
        &db_args(d, &["db", "linkset", "CVE-2023-22466", "--format", "json"]),
    );
    let by_ghsa = json(
        &s,
        &db_args(
            d,
            &["db", "linkset", "GHSA-7rrj-xr53-82p7", "--format", "json"],
        ),
    );
    assert_eq!(by_id, by_cve);
    assert_eq!(by_id, by_ghsa);
    assert_eq!(by_id["id"], "CVE-2023-22466");
}

#[test]
fn malformed_records_are_rejected_one_by_one() {
    let s = Stella::new();
    let db = s.path().join("s.db");
    let dir = s.path().join("feed");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        testdata("advisory/osv/GO-2020-0017.json"),
        dir.join("good.json"),
    )
    .unwrap();
    std::fs::write(
        dir.join("bad-yaml.yaml"),
        "id: PYSEC-0000-1\nmodified: 2024-01-01T00:00:00Z\naffected: [\n  - oops",
    )
    .unwrap();
    std::fs::write(
        dir.join("unknown-range.json"),
        r#"{"id":"GHSA-xxxx-xxxx-xxxx","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"x"},"ranges":[{"type":"FANCY","events":[{"introduced":"0"}]}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("absurd-version.json"),
        r#"{"id":"PYSEC-0000-2","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"PyPI","name":"x"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"not a version at all"}]}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("wrong-types.json"),
        r#"{"id":"GO-0000-1","modified":"2024-01-01T00:00:00Z","affected":"everything"}"#,
    )
    .unwrap();
    let report = ingest(&s, &db, std::slice::from_ref(&dir));
    let (inserted, _, _, rejected) = totals(&report);
    assert_eq!(inserted, 1, "{report}");
    assert_eq!(rejected, 4, "{report}");
    for rej in report["rejected"].as_array().unwrap() {
        assert!(!rej["reason"].as_str().unwrap().is_empty());
    }
}

#[test]
fn missing_input_and_missing_store_exit_12() {
    let s = Stella::new();
    let db = s.path().join("s.db");
    let d = db.to_str().unwrap();
    assert_eq!(s.run(db_args(d, &["db", "status"])).code, Some(12));
    assert_eq!(
        s.run(db_args(d, &["db", "ingest", "/nonexistent/feed"]))
            .code,
        Some(12)
    );
    let not_a_store = s.path().join("junk.db");
    std::fs::write(&not_a_store, b"this is not sqlite").unwrap();
    let r = s.run(["--db", not_a_store.to_str().unwrap(), "db", "status"]);
    assert_eq!(r.code, Some(10), "{}", r.stderr);
}

/// Write `n` OSV records (a real fixture replicated under new ids) into `dir`.
fn replicate(dir: &Path, n: usize) {
    let template: serde_json::Value = serde_json::from_slice(
        &std::fs::read(testdata("advisory/osv/RUSTSEC-2023-0001.json")).unwrap(),
    )
    .unwrap();
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let mut v = template.clone();
        v["id"] = serde_json::Value::String(format!("RUSTSEC-9999-{i:05}"));
        v["aliases"] = serde_json::json!([format!("CVE-9999-{i:05}")]);
        std::fs::write(
            dir.join(format!("r{i:05}.json")),
            serde_json::to_vec(&v).unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn kill_9_mid_ingest_leaves_the_store_consistent() {
    let s = Stella::new();
    let feed = s.path().join("feed");
    replicate(&feed, 12_000);
    let db = s.path().join("s.db");
    let d = db.to_str().unwrap().to_string();
    let mut child = s
        .cmd()
        .args([
            "--db",
            &d,
            "db",
            "ingest",
            "--batch-size",
            "250",
            feed.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill without warning.
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let wal = std::fs::metadata(format!("{d}-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
        if wal > 256 * 1024 || start.elapsed().as_secs() > 20 {
            break;
        }
    }
    let _ = child.kill(); // SIGKILL
    let status = child.wait().unwrap();
    let killed = !status.success();
    // The store opens, passes its integrity check, and holds only whole batches.
    let r = s.run(["--db", &d, "db", "verify"]);
    assert_eq!(
        r.code,
        Some(0),
        "verify after kill -9: {}{}",
        r.stdout,
        r.stderr
    );
    let st = json(&s, &["--db", &d, "db", "status", "--format", "json"]);
    let current: u64 = st["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["current"].as_u64().unwrap())
        .sum();
    if killed {
        assert_eq!(
            current % 250,
            0,
            "only whole batches are visible, found {current}"
        );
        assert!(
            current < 12_000,
            "the kill landed mid-ingest ({current} stored)"
        );
    }
    // Re-running the ingest completes it; the result equals a clean ingest.
    let again = ingest(&s, &db, std::slice::from_ref(&feed));
    assert_eq!(totals(&again).0 + current, 12_000, "{again}");
    let clean = s.path().join("clean.db");
    ingest(&s, &clean, std::slice::from_ref(&feed));
    assert_eq!(snapshot(&s, &db), snapshot(&s, &clean));
}

/// Advisory folders of the shared corpus, and the independent count of records each holds.
fn shared_sources(root: &Path) -> Vec<(&'static str, PathBuf)> {
    [
        ("pypa", "pypa-advisory-database"),
        ("rustsec", "rustsec-advisory-db-osv"),
        ("go", "golang-vulndb-osv"),
        ("ghsa", "github-advisory-database-subset"),
        ("ubuntu", "ubuntu-security-notices-subset"),
        ("alpine", "alpine-secdb"),
        ("debian", "debian-security-tracker-lists"),
        ("kev", "cisa-kev"),
        ("rubysec", "rubysec-ruby-advisory-db"),
        ("friendsofphp", "friendsofphp-security-advisories"),
        ("nodejs", "nodejs-security-wg"),
        ("vunnel", "vunnel-distro-fixtures"),
        ("csaf", "oasis-csaf-examples"),
    ]
    .into_iter()
    .map(|(k, d)| (k, root.join(d)))
    .collect()
}

/// Count tarball members whose path matches `pred`.
fn tar_count(path: &Path, pred: impl Fn(&str) -> bool) -> usize {
    let f = std::fs::File::open(path).unwrap();
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(f));
    ar.entries()
        .unwrap()
        .flatten()
        .filter(|e| e.header().entry_type().is_file())
        .filter(|e| pred(&e.path().unwrap().to_string_lossy()))
        .count()
}

fn only_tarball(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".tar.gz"))
        .unwrap()
}

#[test]
fn the_whole_shared_corpus_ingests_with_independent_counts() {
    let Some(root) = shared_data() else {
        skip_without_shared("db::the_whole_shared_corpus_ingests_with_independent_counts");
        return;
    };
    let s = Stella::new();
    let db = s.path().join("corpus.db");
    let sources = shared_sources(&root);
    let inputs: Vec<PathBuf> = sources.iter().map(|(_, p)| p.clone()).collect();
    let report = ingest(&s, &db, &inputs);

    // Independent counts of records, from the raw files.
    let text = |p: PathBuf| std::fs::read_to_string(p).unwrap();
    let expect: Vec<(&str, usize)> = vec![
        (
            "pypa",
            tar_count(&only_tarball(&root.join("pypa-advisory-database")), |p| {
                p.ends_with(".yaml")
            }),
        ),
        (
            "rustsec",
            tar_count(&only_tarball(&root.join("rustsec-advisory-db-osv")), |p| {
                p.contains("RUSTSEC-") && p.ends_with(".json")
            }),
        ),
        (
            "go",
            tar_count(&only_tarball(&root.join("golang-vulndb-osv")), |p| {
                p.contains("GO-") && p.ends_with(".json")
            }),
        ),
        (
            "alpine",
            walk_sum(&root.join("alpine-secdb"), |t| {
                t.lines()
                    .filter(|l| l.trim_start().starts_with("- pkg:"))
                    .count()
            }),
        ),
        // The DSA list plus the vunnel fixture's DSA excerpt: distinct advisory ids.
        ("debian-dsa", {
            let mut ids = std::collections::BTreeSet::new();
            for f in [
                "debian-security-tracker-lists/data/DSA/list",
                "vunnel-distro-fixtures/tests/unit/providers/debian/test-fixtures/input/DSA",
            ] {
                for l in text(root.join(f)).lines().filter(|l| l.starts_with('[')) {
                    if let Some(id) = l
                        .split(']')
                        .nth(1)
                        .and_then(|r| r.split_whitespace().next())
                    {
                        ids.insert(id.to_string());
                    }
                }
            }
            ids.len()
        }),
        (
            "debian-dla",
            text(root.join("debian-security-tracker-lists/data/DLA/list"))
                .lines()
                .filter(|l| l.starts_with('['))
                .count(),
        ),
        ("kev", {
            let v: serde_json::Value = serde_json::from_str(&text(
                root.join("cisa-kev/known_exploited_vulnerabilities.json"),
            ))
            .unwrap();
            v["vulnerabilities"].as_array().unwrap().len()
        }),
        (
            "rubysec",
            tar_count(&only_tarball(&root.join("rubysec-ruby-advisory-db")), |p| {
                (p.starts_with("gems/") || p.starts_with("rubies/")) && p.ends_with(".yml")
            }),
        ),
        (
            "friendsofphp",
            tar_count(
                &only_tarball(&root.join("friendsofphp-security-advisories")),
                |p| p.ends_with(".yaml") && p.matches('/').count() >= 2 && !p.contains("/.github/"),
            ),
        ),
        (
            "nodejs-security-wg",
            tar_count(&only_tarball(&root.join("nodejs-security-wg")), |p| {
                (p.contains("vuln/npm/") || p.contains("vuln/core/"))
                    && p.ends_with(".json")
                    && !p.ends_with("index.json")
            }),
        ),
    ];
    let st = json(
        &s,
        &[
            "--db",
            db.to_str().unwrap(),
            "db",
            "status",
            "--format",
            "json",
        ],
    );
    let current = |src: &str| -> u64 {
        st["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["source"] == src)
            .map_or(0, |x| x["current"].as_u64().unwrap())
    };
    let rejected_ids = |src: &str| -> usize {
        let mut ids: Vec<String> = report["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| source_of(r) == src)
            .filter(|r| !r["reason"].as_str().unwrap_or("").starts_with("not a "))
            .filter_map(|r| r["upstreamId"].as_str().map(str::to_string))
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for (src, n) in &expect {
        let got = current(src) as usize;
        let rej = rejected_ids(src);
        lines.push(format!(
            "  {src:<20} records {n:>6}  stored {got:>6}  rejected whole {rej:>3}"
        ));
        // Alpine and Debian reject single lines (bad versions) inside records that are still kept.
        let whole_rejections = if matches!(*src, "alpine" | "debian-dsa" | "debian-dla") {
            0
        } else {
            rej
        };
        if got + whole_rejections != *n {
            bad.push(format!(
                "{src}: {n} records upstream, {got} stored + {whole_rejections} rejected"
            ));
        }
    }
    eprintln!(
        "shared corpus ingest (independent counts):\n{}",
        lines.join("\n")
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));

    // Re-ingesting inserts nothing.
    let again = ingest(&s, &db, &inputs);
    let (ins, skipped, sup, _) = totals(&again);
    assert_eq!((ins, sup), (0, 0), "re-ingest must insert nothing");
    eprintln!("re-ingest: 0 inserted, {skipped} skipped");
    // Another fresh store, inputs in reverse order: the same snapshot.
    let rev_db = s.path().join("reverse.db");
    let mut rev = inputs.clone();
    rev.reverse();
    ingest(&s, &rev_db, &rev);
    assert_eq!(
        snapshot(&s, &db),
        snapshot(&s, &rev_db),
        "snapshot digest depends on input order"
    );
    // Real disagreements between sources are reported.
    let conflicts = json(
        &s,
        &[
            "--db",
            db.to_str().unwrap(),
            "db",
            "conflicts",
            "--format",
            "json",
        ],
    );
    let n = conflicts["withConflicts"].as_u64().unwrap();
    eprintln!("linksets: {}, with conflicts: {n}", conflicts["linksets"]);
    assert!(n >= 1, "at least one real disagreement between sources");
}

fn source_of(rejected: &serde_json::Value) -> String {
    let id = rejected["upstreamId"].as_str().unwrap_or("");
    match rejected["format"].as_str().unwrap_or("") {
        "osv" if id.starts_with("PYSEC") => "pypa".into(),
        "osv" if id.starts_with("RUSTSEC") => "rustsec".into(),
        "osv" if id.starts_with("GO-") => "go".into(),
        "alpine-secdb" => "alpine".into(),
        "debian-tracker" if id.starts_with("DLA") => "debian-dla".into(),
        "debian-tracker" => "debian-dsa".into(),
        "rub-sec" | "rubysec" => "rubysec".into(),
        "friends-of-php" | "friendsofphp" => "friendsofphp".into(),
        "nodejs-wg" => "nodejs-security-wg".into(),
        other => other.into(),
    }
}

fn walk_sum(dir: &Path, f: impl Fn(&str) -> usize) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                total += f(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    total
}
