//! `cargo xtask bench scan`: scan latency in process and as a whole process, peak memory, and
//! Stella side by side with cargo-audit.
//!
//! 1. Converts `testdata/bench/sccache-0.2.15.Cargo.lock` to a CycloneDX SBOM ([`cargolock`]).
//! 2. Runs the criterion bench `stella-core/benches/scan.rs`, which builds the fixtures (bench
//!    stores and synthetic SBOMs, kept in `target/scanbench/`, see its header) and measures
//!    `scan()` warm.
//! 3. Times the release `stella scan` process on the same inputs (median wall time of several
//!    runs) and reads each run's peak RSS from `wait4` (the kernel's `ru_maxrss` of that child).
//! 4. Runs cargo-audit (installed with `cargo install cargo-audit --locked` when missing) on the
//!    lockfile with the native RustSec database of the corpus, and Stella on the converted SBOM
//!    with a store holding only the RustSec OSV export: compares the advisories each reports
//!    and the wall times.
//! 5. Prints one table with the medians, RSS, targets and ratios.
//!
//! Not part of `cargo xtask ci`: timings on a shared 2-core machine are not pass/fail material.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cargolock;

/// Targets from the performance brief (5,000 components × 100,000 advisories).
const TARGET_WARM_MS: f64 = 150.0;
const TARGET_RSS_MB: f64 = 100.0;
const TARGET_AUDIT_RATIO: f64 = 5.0;
/// Whole-process runs per measurement.
const RUNS: usize = 10;
const RUNS_SHARED: usize = 3;
/// The lockfile of the cargo-audit comparison.
const LOCKFILE: &str = "testdata/bench/sccache-0.2.15.Cargo.lock";

/// One finished child process.
struct Measured {
    wall: Duration,
    max_rss_kib: u64,
    code: i32,
}

/// Run `cmd` to completion (stdin and stderr closed, stdout captured into `out` or discarded),
/// returning its wall time, exit code and peak RSS.
fn measure(cmd: &mut Command, out: Option<&mut Vec<u8>>) -> Result<Measured, String> {
    cmd.stdin(Stdio::null()).stderr(Stdio::null());
    cmd.stdout(if out.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("{cmd:?}: {e}"))?;
    if let (Some(buf), Some(mut pipe)) = (out, child.stdout.take()) {
        pipe.read_to_end(buf).map_err(|e| format!("{cmd:?}: {e}"))?;
    }
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of that plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own unreaped child; both pointers are valid for the call. `std` never
    // waits for it after this (we do not call `child.wait()`), so the pid is not reaped twice.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid {
        return Err(format!("{cmd:?}: wait4 failed"));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok(Measured {
        wall,
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        code,
    })
}

/// Median wall time and largest peak RSS over `runs` runs; fails if an exit code is not allowed.
fn repeat(
    runs: usize,
    ok_codes: &[i32],
    mut make: impl FnMut() -> Command,
) -> Result<(Duration, u64), String> {
    let mut walls = Vec::with_capacity(runs);
    let mut rss = 0;
    for _ in 0..runs {
        let mut cmd = make();
        let m = measure(&mut cmd, None)?;
        if !ok_codes.contains(&m.code) {
            return Err(format!("{cmd:?} exited with {}", m.code));
        }
        walls.push(m.wall);
        rss = rss.max(m.max_rss_kib);
    }
    walls.sort();
    Ok((walls[walls.len() / 2], rss))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn shared_data(root: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STELLA_SHARED_DATA").map(PathBuf::from) {
        return p.is_dir().then_some(p);
    }
    root.ancestors()
        .skip(1)
        .map(|a| a.join("shared/data"))
        .find(|p| p.is_dir())
}

/// Criterion medians (ns) of the `scan` group, by benchmark id.
fn criterion_medians(dir: &Path) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for f in crate::walk_files(dir) {
        if !f.ends_with("new/estimates.json") {
            continue;
        }
        let Some(bench_dir) = f.parent().and_then(Path::parent) else {
            continue;
        };
        let est: serde_json::Value = std::fs::read(&f)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let meta: serde_json::Value = std::fs::read(bench_dir.join("new/benchmark.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        if let (Some(id), Some(m)) = (
            meta["full_id"].as_str(),
            est["median"]["point_estimate"].as_f64(),
        ) {
            out.push((id.to_string(), m));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The advisory ids cargo-audit reports, as `ID package@version` (vulnerabilities and the
/// informational warnings that name an advisory; yanked warnings name none).
fn audit_findings(json: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |item: &serde_json::Value| {
        if let Some(id) = item["advisory"]["id"].as_str() {
            out.insert(format!(
                "{id} {}@{}",
                item["package"]["name"].as_str().unwrap_or("?"),
                item["package"]["version"].as_str().unwrap_or("?")
            ));
        }
    };
    json["vulnerabilities"]["list"]
        .as_array()
        .into_iter()
        .flatten()
        .for_each(&mut add);
    if let Some(w) = json["warnings"].as_object() {
        w.values()
            .filter_map(serde_json::Value::as_array)
            .flatten()
            .for_each(&mut add);
    }
    out
}

/// The advisories Stella matched, as `ID package@version`.
fn stella_findings(json: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in json["findings"].as_array().into_iter().flatten() {
        let c = &f["component"];
        for m in f["matches"].as_array().into_iter().flatten() {
            if let Some(id) = m["advisory"].as_str() {
                out.insert(format!(
                    "{id} {}@{}",
                    c["name"].as_str().unwrap_or("?"),
                    c["version"].as_str().unwrap_or("?")
                ));
            }
        }
    }
    out
}

/// Find cargo-audit, installing it when missing. `Err` says why it is not available.
fn cargo_audit(cargo: &str) -> Result<PathBuf, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let find = || {
        std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .chain(home.clone().map(|h| h.join("bin")))
            .map(|d| d.join("cargo-audit"))
            .find(|p| p.is_file())
    };
    if let Some(p) = find() {
        return Ok(p);
    }
    eprintln!(
        "scanbench: cargo-audit is missing; installing it (cargo install cargo-audit --locked)"
    );
    let status = Command::new(cargo)
        .args(["install", "cargo-audit", "--locked"])
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| format!("cargo install: {e}"))?;
    if !status.success() {
        return Err(format!(
            "`cargo install cargo-audit --locked` failed ({status}): is crates.io reachable?"
        ));
    }
    find().ok_or_else(|| "cargo-audit installed but not found on PATH or in $CARGO_HOME/bin".into())
}

/// Unpack the native RustSec database of the corpus (once) and return its directory.
fn native_rustsec(shared: &Path, dir: &Path) -> Result<PathBuf, String> {
    let tarball = shared.join("rustsec-advisory-db-osv/rustsec-native-crates.tar.gz");
    let db = dir.join("rustsec-native");
    let stamp = db.join(".stella-unpacked");
    let meta = std::fs::metadata(&tarball).map_err(|e| format!("{}: {e}", tarball.display()))?;
    let want = format!("{} {:?}", meta.len(), meta.modified().ok());
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        return Ok(db);
    }
    let _ = std::fs::remove_dir_all(&db);
    std::fs::create_dir_all(&db).map_err(|e| e.to_string())?;
    crate::run(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&db),
    )?;
    std::fs::write(&stamp, want).map_err(|e| e.to_string())?;
    Ok(db)
}

/// Run the whole scan benchmark.
pub fn run(cargo: &str, root: &Path, target: &Path) -> Result<(), String> {
    let Some(shared) = shared_data(root) else {
        eprintln!("SKIP bench scan: ../shared/data not present (set STELLA_SHARED_DATA)");
        return Ok(());
    };
    let dir = target.join("scanbench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    // 1. The lockfile as an SBOM.
    let lock_path = root.join(LOCKFILE);
    let lock =
        std::fs::read_to_string(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    let (sbom, lock_components) = cargolock::to_cyclonedx(&lock, "sccache")?;
    let lock_sbom = dir.join("sccache.cdx.json");
    if std::fs::read(&lock_sbom).ok().as_deref() != Some(sbom.as_slice()) {
        std::fs::write(&lock_sbom, &sbom).map_err(|e| e.to_string())?;
    }

    // 2. Criterion (builds the fixtures first), and the release binary for process timings.
    crate::run(Command::new(cargo).args(["build", "--release", "-p", "stella-cli"]))?;
    crate::run(
        Command::new(cargo)
            .args(["bench", "-p", "stella-core", "--bench", "scan"])
            .env("STELLA_SCANBENCH_DIR", &dir)
            .env("STELLA_SHARED_DATA", &shared),
    )?;
    let medians = criterion_medians(&target.join("criterion/scan"));
    let fixtures: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("fixtures.json")).map_err(|e| format!("fixtures.json: {e}"))?,
    )
    .map_err(|e| format!("fixtures.json: {e}"))?;
    let at = fixtures["at"]
        .as_str()
        .unwrap_or("2026-09-01T00:00:00Z")
        .to_string();
    let stella = target.join("release/stella");
    let scan_cmd = |sbom: &Path, db: &Path| {
        let mut c = Command::new(&stella);
        c.arg("scan")
            .arg(sbom)
            .arg("--db")
            .arg(db)
            .args(["--format", "json", "--at", &at])
            .env("NO_COLOR", "1");
        c
    };

    // 3a. Every shared SBOM against the real corpus.
    let real_db = PathBuf::from(fixtures["realDb"].as_str().unwrap_or_default());
    let mut shared_rows = Vec::new();
    for s in fixtures["sharedSboms"].as_array().into_iter().flatten() {
        let path = PathBuf::from(s["path"].as_str().unwrap_or_default());
        let (wall, rss) = repeat(RUNS_SHARED, &[0], || scan_cmd(&path, &real_db))?;
        let rel = path
            .strip_prefix(&shared)
            .unwrap_or(&path)
            .display()
            .to_string();
        shared_rows.push((rel, s["components"].as_u64().unwrap_or(0), wall, rss));
    }

    // 3b. Synthetic SBOMs against the large store.
    let big_db = PathBuf::from(fixtures["bigDb"].as_str().unwrap_or_default());
    let mut synthetic_rows = Vec::new();
    for s in fixtures["synthetic"].as_array().into_iter().flatten() {
        let path = PathBuf::from(s["path"].as_str().unwrap_or_default());
        let n = s["components"].as_u64().unwrap_or(0);
        let mut out = Vec::new();
        let m = measure(&mut scan_cmd(&path, &big_db), Some(&mut out))?;
        if m.code != 0 {
            return Err(format!(
                "stella scan {} exited with {}",
                path.display(),
                m.code
            ));
        }
        let report: serde_json::Value = serde_json::from_slice(&out).map_err(|e| e.to_string())?;
        let findings = report["findings"].as_array().map_or(0, Vec::len);
        let (wall, rss) = repeat(RUNS, &[0], || scan_cmd(&path, &big_db))?;
        synthetic_rows.push((n, findings, out.len(), wall, rss));
    }

    // 4. cargo-audit side by side.
    let rustsec_db = PathBuf::from(fixtures["rustsecDb"].as_str().unwrap_or_default());
    let audit = match cargo_audit(cargo) {
        Ok(bin) => {
            let native = native_rustsec(&shared, &dir)?;
            let audit_cmd = || {
                let mut c = Command::new(&bin);
                c.arg("audit")
                    .arg("--db")
                    .arg(&native)
                    .args(["--no-fetch", "--no-yanked", "--json", "--file"])
                    .arg(&lock_path)
                    .env("NO_COLOR", "1");
                c
            };
            let mut out = Vec::new();
            let m = measure(&mut audit_cmd(), Some(&mut out))?;
            let audit_json: serde_json::Value = serde_json::from_slice(&out).map_err(|e| {
                format!(
                    "cargo-audit (exit {}) printed no JSON: {e}: {}",
                    m.code,
                    String::from_utf8_lossy(&out)
                )
            })?;
            let mut sout = Vec::new();
            measure(&mut scan_cmd(&lock_sbom, &rustsec_db), Some(&mut sout))?;
            let stella_json: serde_json::Value =
                serde_json::from_slice(&sout).map_err(|e| e.to_string())?;
            let (audit_wall, audit_rss) = repeat(RUNS, &[0, 1], audit_cmd)?;
            let (stella_wall, stella_rss) =
                repeat(RUNS, &[0], || scan_cmd(&lock_sbom, &rustsec_db))?;
            Ok((
                audit_findings(&audit_json),
                stella_findings(&stella_json),
                audit_json["lockfile"]["dependency-count"].as_u64(),
                (audit_wall, audit_rss),
                (stella_wall, stella_rss),
            ))
        }
        Err(why) => Err(why),
    };

    // 5. The table.
    println!();
    println!(
        "== stella scan benchmark ({} runs per process median) ==",
        RUNS
    );
    println!(
        "stores: real corpus {} observations; large {} observations; RustSec only {}",
        fixtures["realObservations"], fixtures["bigObservations"], fixtures["rustsecObservations"]
    );
    println!();
    println!(
        "{:<58} {:>12}",
        "criterion: scan() warm (store open, SBOM parsed)", "median"
    );
    let find = |needle: &str| {
        medians
            .iter()
            .find(|(id, _)| id.contains(needle))
            .map(|m| m.1)
    };
    for (id, ns) in &medians {
        let mut note = String::new();
        if id.ends_with("/5000-components") {
            let ok = ns / 1e6 <= TARGET_WARM_MS;
            note = format!(
                "  target ≤{TARGET_WARM_MS:.0} ms: {}",
                if ok { "met" } else { "MISSED" }
            );
        }
        println!("{id:<58} {:>9.2} ms{note}", ns / 1e6);
    }
    if let (Some(a), Some(b), Some(c)) = (
        find("/500-components"),
        find("/5000-components"),
        find("/20000-components"),
    ) {
        println!(
            "growth: 500→5,000 ×{:.2} (linear ×10), 5,000→20,000 ×{:.2} (linear ×4): {}",
            b / a,
            c / b,
            if b / a <= 10.0 * 1.1 && c / b <= 4.0 * 1.1 {
                "linear or better"
            } else {
                "WORSE than linear"
            }
        );
    }
    println!();
    println!(
        "{:<58} {:>10} {:>10} {:>9} {:>10}",
        "whole process: stella scan --format json", "median", "peak RSS", "findings", "JSON"
    );
    for (n, findings, bytes, wall, rss) in &synthetic_rows {
        let note = if *n == 5000 {
            format!(
                "  RSS target ≤{TARGET_RSS_MB:.0} MB: {}",
                if mib(*rss) <= TARGET_RSS_MB {
                    "met"
                } else {
                    "MISSED"
                }
            )
        } else {
            String::new()
        };
        println!(
            "{:<58} {:>7.1} ms {:>7.1} MB {:>9} {:>7.1} MB{note}",
            format!("large store, {n} components"),
            ms(*wall),
            mib(*rss),
            findings,
            *bytes as f64 / 1048576.0
        );
    }
    if !shared_rows.is_empty() {
        let total: Duration = shared_rows.iter().map(|r| r.2).sum();
        let mut walls: Vec<Duration> = shared_rows.iter().map(|r| r.2).collect();
        walls.sort();
        let slowest = shared_rows.iter().max_by_key(|r| r.2).expect("non-empty");
        let biggest = shared_rows.iter().max_by_key(|r| r.3).expect("non-empty");
        println!(
            "{:<58} {:>7.1} ms (median of per-SBOM medians; sum {:.2} s)",
            format!("real corpus, {} shared SBOMs", shared_rows.len()),
            ms(walls[walls.len() / 2]),
            total.as_secs_f64()
        );
        println!(
            "  slowest: {} ({} components) {:.1} ms; largest RSS: {} ({} components) {:.1} MB",
            slowest.0,
            slowest.1,
            ms(slowest.2),
            biggest.0,
            biggest.1,
            mib(biggest.3)
        );
    }
    println!();
    match audit {
        Ok((a, s, deps, (aw, arss), (sw, srss))) => {
            println!(
                "cargo-audit vs stella on {LOCKFILE} ({} packages per cargo-audit, {lock_components} registry packages in the SBOM)",
                deps.map_or("?".into(), |d| d.to_string())
            );
            println!(
                "  cargo-audit audit --no-fetch --json: {:>7.1} ms, {:>6.1} MB",
                ms(aw),
                mib(arss)
            );
            println!(
                "  stella scan --format json:           {:>7.1} ms, {:>6.1} MB",
                ms(sw),
                mib(srss)
            );
            let ratio = aw.as_secs_f64() / sw.as_secs_f64();
            println!(
                "  stella is ×{ratio:.1} faster (target ×{TARGET_AUDIT_RATIO:.0}: {})",
                if ratio >= TARGET_AUDIT_RATIO {
                    "met"
                } else {
                    "MISSED"
                }
            );
            let ids = |set: &BTreeSet<String>| -> BTreeSet<String> {
                set.iter()
                    .filter_map(|s| s.split(' ').next().map(str::to_string))
                    .collect()
            };
            let (ai, si) = (ids(&a), ids(&s));
            println!(
                "  advisories: cargo-audit {} ids ({} package matches), stella {} ids ({} package matches), common {}",
                ai.len(),
                a.len(),
                si.len(),
                s.len(),
                ai.intersection(&si).count()
            );
            for only in a.difference(&s) {
                println!("  only cargo-audit: {only}");
            }
            for only in s.difference(&a) {
                println!("  only stella:      {only}");
            }
            if a == s {
                println!("  identical (advisory, package, version) sets");
            }
        }
        Err(why) => println!("cargo-audit comparison skipped: {why}"),
    }
    Ok(())
}
