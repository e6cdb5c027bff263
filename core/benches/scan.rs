//! Scan latency, warm (store open, SBOM parsed): every SBOM of the shared corpus against the
//! real advisory corpus, and synthetic SBOMs of 500 / 5,000 / 20,000 real purls against a store
//! of more than 100,000 observations.
//!
//! Run with `cargo xtask bench scan`, which also times the whole `stella scan` process, measures
//! its peak RSS and compares it with cargo-audit. Without `$STELLA_SCANBENCH_DIR` the fixtures go
//! to `target/scanbench`.
//!
//! # Fixtures (built once, kept in the fixture directory)
//! - `real.db`: every advisory folder of the corpus, ingested as `stella db ingest` does.
//! - `rustsec.db`: only the RustSec OSV export (for the side-by-side with cargo-audit).
//! - `big.db`: the real corpus plus the real OSV JSON records replicated under new ids until the
//!   store holds at least [`BIG_OBSERVATIONS`] current observations. Replica `k` also renames its
//!   packages (`tokio` → `tokio-r3`): a larger real database covers *more packages*, not the same
//!   packages twenty times, so the components still meet their real advisory counts while the
//!   index, the store file and the snapshot have the large size.
//! - `sbom-{500,5000,20000}.cdx.json`: CycloneDX 1.6 inventories of real purls: every package of
//!   the real advisories (language ecosystems) at the versions the advisories name (introduced,
//!   fixed, last affected, listed), and every purl of the shared SBOMs. The pool is ordered by the
//!   digest of each purl (a fixed shuffle) and the first N are taken, so a larger SBOM contains
//!   the smaller ones.
//! - `fixtures.json`: what was built (paths, counts), read back by the xtask.
//!
//! Each store is rebuilt only when its stamp (corpus file list with sizes and modification
//! times, store schema version, fixture version) changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stella_core::advisory::Normalized;
use stella_core::canon::Digest;
use stella_core::ecosystem::Ecosystem;
use stella_core::ingest::walk::{self, Document, Skipped, WalkLimits};
use stella_core::ingest::{IngestOptions, Ingestor};
use stella_core::purl::Purl;
use stella_core::sbom::Inventory;
use stella_core::scan::{ScanOptions, scan};
use stella_core::store::{KnowledgeStore, SqliteStore};
use stella_core::version::range::RangeKind;

mod common;
use common::{SOURCES, shared_data};

/// Current observations the large store holds at least.
const BIG_OBSERVATIONS: u64 = 100_000;
/// Synthetic SBOM sizes.
const SIZES: &[usize] = &[500, 5_000, 20_000];
/// Bump when the fixtures' construction changes.
const FIXTURE_VERSION: &str = "scanbench-2";
/// The evaluation time of every scan.
const AT: &str = "2026-09-01T00:00:00Z";
/// The provenance time of every ingested record.
const RETRIEVED_AT: &str = "2026-09-01T00:00:00.000Z";

fn fixture_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("STELLA_SCANBENCH_DIR") {
        return PathBuf::from(d);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("scanbench")
}

/// Every file under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// The stamp of a store built from `folders`: their files (relative path, size, mtime), the
/// store schema and the fixture version.
fn stamp(root: &Path, folders: &[&str], extra: &str) -> String {
    let mut text = format!(
        "{FIXTURE_VERSION}\nschema {}\n{extra}\n",
        stella_core::store::migrations::latest_version()
    );
    for f in folders {
        for p in files_under(&root.join(f)) {
            let meta = std::fs::metadata(&p).ok();
            let len = meta.as_ref().map_or(0, |m| m.len());
            let mtime = meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            let rel = p.strip_prefix(root).unwrap_or(&p);
            text.push_str(&format!("{} {len} {mtime}\n", rel.display()));
        }
    }
    Digest::of_bytes(text.as_bytes()).to_string()
}

fn ingest_options() -> IngestOptions {
    IngestOptions {
        source: None,
        format: None,
        retrieved_at: RETRIEVED_AT.into(),
        batch_size: 5000,
        limits: WalkLimits::default(),
    }
}

fn current_observations(store: &SqliteStore) -> u64 {
    let status = store.status().expect("store status");
    status.sources.iter().map(|s| s.current).sum()
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Build (or reuse) a store from corpus folders plus `extra` in-memory documents made by
/// `replicas` once the real ones are in.
fn build_store(
    path: &Path,
    root: &Path,
    folders: &[&str],
    replicas: Option<u64>,
) -> (SqliteStore, u64) {
    let stamp_path = path.with_extension("stamp");
    let want = stamp(root, folders, &format!("replicas {replicas:?}"));
    if path.is_file() && std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(&want) {
        let store = SqliteStore::open(path).expect("open the bench store");
        let n = current_observations(&store);
        return (store, n);
    }
    remove_db(path);
    let _ = std::fs::remove_file(&stamp_path);
    eprintln!("scanbench: building {} …", path.display());
    let t = std::time::Instant::now();
    let mut store = SqliteStore::open(path).expect("create the bench store");
    let opts = ingest_options();
    let inputs: Vec<PathBuf> = folders.iter().map(|f| root.join(f)).collect();
    stella_core::ingest::ingest(&mut store, &inputs, &opts, &mut |_| {}).expect("ingest corpus");
    if let Some(target) = replicas {
        let osv = osv_records(&load(root, folders));
        // Replicas the parsers reject or that collide are simply not counted: add more (the
        // sequence continues) until the store holds enough.
        let mut next = 0usize;
        loop {
            let have = current_observations(&store);
            if have >= target {
                break;
            }
            let n = (target - have) as usize + 100;
            let mut ing = Ingestor::new(&mut store, &opts).expect("ingestor");
            for k in next..next + n {
                ing.add(&mut store, replica(&osv, k), &mut |_| {})
                    .expect("ingest replica");
            }
            ing.finish(&mut store, &mut |_| {})
                .expect("finish replicas");
            next += n;
        }
    }
    let n = current_observations(&store);
    eprintln!(
        "scanbench: {} holds {n} current observations ({:.1} s)",
        path.display(),
        t.elapsed().as_secs_f64()
    );
    std::fs::write(&stamp_path, want).expect("write the stamp");
    (store, n)
}

fn load(root: &Path, folders: &[&str]) -> Vec<Document> {
    let inputs: Vec<PathBuf> = folders.iter().map(|s| root.join(s)).collect();
    let mut docs = Vec::new();
    let mut skipped = Skipped::default();
    walk::walk::<walk::WalkError>(&inputs, WalkLimits::default(), &mut skipped, &mut |d| {
        docs.push(d);
        Ok(())
    })
    .expect("read the shared corpus");
    docs
}

/// Append `suffix` to a JSON string value in place.
fn suffix(v: &mut serde_json::Value, suffix: &str) {
    if let Some(s) = v.as_str() {
        *v = serde_json::Value::String(format!("{s}{suffix}"));
    }
}

/// The real OSV JSON records of the corpus.
fn osv_records(docs: &[Document]) -> Vec<serde_json::Value> {
    let osv: Vec<serde_json::Value> = docs
        .iter()
        .filter(|d| d.name.ends_with(".json"))
        .filter_map(|d| serde_json::from_slice::<serde_json::Value>(&d.bytes).ok())
        .filter(|v| v.get("id").is_some() && v.get("affected").is_some())
        .collect();
    assert!(!osv.is_empty(), "no OSV JSON records in the corpus");
    osv
}

/// Replica `k` of the sequence copy 1 of every record, copy 2 of every record, …: the record
/// under a new id, aliases and package names (suffixes `-R{copy}` and `-r{copy}`).
fn replica(osv: &[serde_json::Value], k: usize) -> Document {
    let copy = 1 + k / osv.len();
    let mut v = osv[k % osv.len()].clone();
    let id = format!("{}-R{copy}", v["id"].as_str().unwrap_or("X"));
    v["id"] = serde_json::Value::String(id.clone());
    if let Some(aliases) = v.get_mut("aliases").and_then(|a| a.as_array_mut()) {
        aliases
            .iter_mut()
            .for_each(|a| suffix(a, &format!("-R{copy}")));
    }
    if let Some(affected) = v.get_mut("affected").and_then(|a| a.as_array_mut()) {
        for a in affected {
            let pkg = &mut a["package"];
            suffix(&mut pkg["name"], &format!("-r{copy}"));
            suffix(&mut pkg["purl"], &format!("-r{copy}"));
        }
    }
    Document {
        name: format!("replica/{id}.json"),
        bytes: serde_json::to_vec(&v).expect("re-serialise a record"),
    }
}

/// The files of the corpus that Stella reads as SBOMs (the same candidates as the corpus test:
/// no Markdown, licences, archives, CSV).
fn shared_sboms(root: &Path) -> Vec<PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            !(name.ends_with(".md")
                || name == "license"
                || name.ends_with(".gz")
                || name.ends_with(".zip")
                || name.ends_with(".csv")
                || name == "shas")
        })
        .filter(|p| {
            std::fs::read(p)
                .ok()
                .is_some_and(|b| stella_core::sbom::read(&b).is_ok())
        })
        .collect()
}

/// The purl (without version) of an advisory package in a language ecosystem.
fn package_purl(eco: Ecosystem, name: &str) -> Option<Purl> {
    let split_last = |s: &str, sep: char| match s.rsplit_once(sep) {
        Some((ns, n)) => (Some(ns.to_string()), n.to_string()),
        None => (None, s.to_string()),
    };
    let (ty, (ns, n)) = match eco {
        Ecosystem::Cargo => ("cargo", (None, name.to_string())),
        Ecosystem::PyPI => ("pypi", (None, name.to_string())),
        Ecosystem::RubyGems => ("gem", (None, name.to_string())),
        Ecosystem::NuGet => ("nuget", (None, name.to_string())),
        Ecosystem::Npm => ("npm", split_last(name, '/')),
        Ecosystem::Go => ("golang", split_last(name, '/')),
        Ecosystem::Composer => ("composer", split_last(name, '/')),
        Ecosystem::Maven => ("maven", split_last(name, ':')),
        _ => return None,
    };
    Purl::new(ty, ns.as_deref(), &n, None).ok()
}

/// The pool of real purls with versions (see the module header).
fn purl_pool(store: &SqliteStore, shared: &[(PathBuf, Inventory)]) -> Vec<String> {
    let mut pool: BTreeSet<String> = BTreeSet::new();
    let usable = |v: &str| !v.is_empty() && v != "0" && v != "0.0.0-0" && v != "*";
    for obs in store.all_current().expect("read the store") {
        let Normalized::Advisory(adv) = &obs.normalized else {
            continue;
        };
        for e in &adv.affected {
            let Some(purl) = e.ecosystem.and_then(|eco| package_purl(eco, &e.name)) else {
                continue;
            };
            let mut versions: BTreeSet<&str> = BTreeSet::new();
            for r in e.ranges.iter().filter(|r| r.kind != RangeKind::Git) {
                versions.extend(r.events.iter().map(|ev| ev.version()));
            }
            versions.extend(e.versions.iter().map(String::as_str));
            versions.extend(e.fixed.iter().map(String::as_str));
            for v in versions.into_iter().filter(|v| usable(v)) {
                pool.insert(purl.clone().with_version(v).to_string());
            }
        }
    }
    for (_, inv) in shared {
        for c in &inv.components {
            if let Some(p) = &c.purl
                && p.version().is_some()
            {
                pool.insert(p.to_string());
            }
        }
    }
    let mut pool: Vec<String> = pool.into_iter().collect();
    pool.sort_by_cached_key(|p| Digest::of_bytes(p.as_bytes()).hex());
    pool
}

/// A CycloneDX 1.6 JSON SBOM of the first `n` purls of the pool (cycling when the pool is
/// smaller, with distinct bom-refs).
fn synthetic_sbom(pool: &[String], n: usize) -> Vec<u8> {
    let components: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let purl = &pool[i % pool.len()];
            let p = Purl::parse(purl).expect("pool purls parse");
            let mut c = serde_json::json!({
                "type": "library",
                "bom-ref": format!("c{i}"),
                "name": p.name(),
                "version": p.version().unwrap_or_default(),
                "purl": purl,
            });
            if let Some(ns) = p.namespace() {
                c["group"] = serde_json::Value::String(ns.to_string());
            }
            c
        })
        .collect();
    let hex = Digest::of_bytes(format!("scanbench sbom {n}").as_bytes()).hex();
    let serial = format!(
        "urn:uuid:{}-{}-5{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    );
    let bom = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial,
        "version": 1,
        "metadata": {
            "timestamp": "2026-09-01T00:00:00Z",
            "tools": {"components": [{"type": "application", "name": "stella scanbench"}]},
            "component": {"type": "application", "bom-ref": "root", "name": format!("scanbench-{n}")},
        },
        "components": components,
    });
    let mut out = serde_json::to_vec_pretty(&bom).expect("serialise the SBOM");
    out.push(b'\n');
    out
}

fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(bytes) {
        std::fs::write(path, bytes).expect("write a fixture");
    }
}

/// Everything the benchmarks (and then the xtask) use.
struct Fixtures {
    real: SqliteStore,
    big: SqliteStore,
    rustsec: SqliteStore,
    big_observations: u64,
    shared: Vec<(PathBuf, Inventory)>,
    synthetic: Vec<(usize, PathBuf, Inventory)>,
    cargo_lock: Option<(PathBuf, Inventory)>,
}

fn parse(path: &Path) -> Inventory {
    stella_core::sbom::read(&std::fs::read(path).expect("read an SBOM")).expect("parse an SBOM")
}

fn prepare(root: &Path, dir: &Path) -> Fixtures {
    std::fs::create_dir_all(dir).expect("create the fixture directory");
    let (real, real_n) = build_store(&dir.join("real.db"), root, SOURCES, None);
    let (rustsec, rustsec_n) = build_store(
        &dir.join("rustsec.db"),
        root,
        &["rustsec-advisory-db-osv"],
        None,
    );
    let (big, big_n) = build_store(&dir.join("big.db"), root, SOURCES, Some(BIG_OBSERVATIONS));
    assert!(big_n >= BIG_OBSERVATIONS, "big.db holds only {big_n}");

    let shared: Vec<(PathBuf, Inventory)> = shared_sboms(root)
        .into_iter()
        .map(|p| {
            let inv = parse(&p);
            (p, inv)
        })
        .collect();
    let pool = purl_pool(&real, &shared);
    let mut synthetic = Vec::new();
    for &n in SIZES {
        let path = dir.join(format!("sbom-{n}.cdx.json"));
        write_if_changed(&path, &synthetic_sbom(&pool, n));
        let inv = parse(&path);
        synthetic.push((n, path, inv));
    }
    // Written by `cargo xtask bench scan` from testdata/bench/*.Cargo.lock.
    let lock = dir.join("sccache.cdx.json");
    let cargo_lock = lock.is_file().then(|| {
        let inv = parse(&lock);
        (lock, inv)
    });

    let manifest = serde_json::json!({
        "at": AT,
        "realDb": dir.join("real.db"),
        "realObservations": real_n,
        "rustsecDb": dir.join("rustsec.db"),
        "rustsecObservations": rustsec_n,
        "bigDb": dir.join("big.db"),
        "bigObservations": big_n,
        "purlPool": pool.len(),
        "sharedSboms": shared.iter().map(|(p, inv)| serde_json::json!({
            "path": p, "components": inv.components.len()
        })).collect::<Vec<_>>(),
        "synthetic": synthetic.iter().map(|(n, p, _)| serde_json::json!({
            "components": n, "path": p
        })).collect::<Vec<_>>(),
    });
    write_if_changed(
        &dir.join("fixtures.json"),
        &serde_json::to_vec_pretty(&manifest).expect("manifest"),
    );
    Fixtures {
        real,
        big,
        rustsec,
        big_observations: big_n,
        shared,
        synthetic,
        cargo_lock,
    }
}

fn bench(c: &mut Criterion) {
    let Some(root) = shared_data() else {
        eprintln!("SKIP scan bench: ../shared/data not present (set STELLA_SHARED_DATA)");
        return;
    };
    let fx = prepare(&root, &fixture_dir());
    let opts = ScanOptions {
        at: stella_core::time::parse_time(AT).expect("AT parses"),
    };
    let digest = |p: &Path| Digest::of_bytes(&std::fs::read(p).expect("read an SBOM"));

    let mut g = c.benchmark_group("scan");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));

    // (a) every shared SBOM against the real corpus, one iteration scanning them all.
    let shared: Vec<(Digest, &Inventory)> =
        fx.shared.iter().map(|(p, inv)| (digest(p), inv)).collect();
    let components: usize = shared.iter().map(|(_, inv)| inv.components.len()).sum();
    g.throughput(Throughput::Elements(components as u64));
    g.bench_function(
        format!(
            "shared-corpus/{}-sboms-{components}-components",
            shared.len()
        ),
        |b| {
            b.iter(|| {
                for (d, inv) in &shared {
                    scan(inv, *d, &fx.real, &opts).expect("scan");
                }
            })
        },
    );

    // (b) synthetic SBOMs against the large store.
    let k = fx.big_observations / 1000;
    for (n, path, inv) in &fx.synthetic {
        let d = digest(path);
        g.throughput(Throughput::Elements(*n as u64));
        g.bench_function(format!("big-{k}k-observations/{n}-components"), |b| {
            b.iter(|| scan(inv, d, &fx.big, &opts).expect("scan"))
        });
    }

    // (c) the Cargo.lock of the cargo-audit comparison, against RustSec only.
    if let Some((path, inv)) = &fx.cargo_lock {
        let d = digest(path);
        g.throughput(Throughput::Elements(inv.components.len() as u64));
        g.bench_function(
            format!("rustsec/sccache-lock-{}-components", inv.components.len()),
            |b| b.iter(|| scan(inv, d, &fx.rustsec, &opts).expect("scan")),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
