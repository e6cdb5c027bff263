//! Ingest throughput (advisories/s): the real shared corpus, and a 100,000-advisory corpus made
//! of the real OSV records replicated under renamed ids.
//!
//! Run with `cargo xtask bench ingest` (it finds `../shared/data` or `$STELLA_SHARED_DATA`).
//! Documents are read into memory once; each iteration parses them and writes them into a fresh
//! SQLite store (on disk in a temp dir, WAL, the same settings as the CLI's).

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stella_core::ingest::walk::{self, Document, Skipped, WalkLimits};
use stella_core::ingest::{IngestOptions, Ingestor};
use stella_core::store::SqliteStore;

mod common;
use common::{SOURCES, shared_data};

fn load(root: &std::path::Path) -> Vec<Document> {
    let inputs: Vec<PathBuf> = SOURCES.iter().map(|s| root.join(s)).collect();
    let mut docs = Vec::new();
    let mut skipped = Skipped::default();
    walk::walk::<walk::WalkError>(&inputs, WalkLimits::default(), &mut skipped, &mut |d| {
        docs.push(d);
        Ok(())
    })
    .expect("read the shared corpus");
    docs
}

/// The real OSV JSON records, replicated under renamed ids until there are `n` documents.
fn replicate_osv(docs: &[Document], n: usize) -> Vec<Document> {
    let osv: Vec<serde_json::Value> = docs
        .iter()
        .filter(|d| d.name.ends_with(".json"))
        .filter_map(|d| serde_json::from_slice::<serde_json::Value>(&d.bytes).ok())
        .filter(|v| v.get("id").is_some() && v.get("affected").is_some())
        .collect();
    assert!(!osv.is_empty(), "no OSV JSON records in the corpus");
    let mut out = Vec::with_capacity(n);
    let mut copy = 0usize;
    while out.len() < n {
        for v in &osv {
            if out.len() == n {
                break;
            }
            let mut v = v.clone();
            let id = v["id"].as_str().unwrap_or("X").to_string();
            v["id"] = serde_json::Value::String(format!("{id}-R{copy}"));
            if let Some(aliases) = v.get_mut("aliases").and_then(|a| a.as_array_mut()) {
                for a in aliases.iter_mut() {
                    if let Some(s) = a.as_str() {
                        *a = serde_json::Value::String(format!("{s}-R{copy}"));
                    }
                }
            }
            out.push(Document {
                name: format!("replica/{id}-R{copy}.json"),
                bytes: serde_json::to_vec(&v).unwrap(),
            });
        }
        copy += 1;
    }
    out
}

fn run(docs: &[Document]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("bench.db")).unwrap();
    let opts = IngestOptions {
        source: None,
        format: None,
        retrieved_at: "2026-01-01T00:00:00.000Z".into(),
        batch_size: 1000,
        limits: WalkLimits::default(),
    };
    let mut ing = Ingestor::new(&mut store, &opts).unwrap();
    for d in docs {
        ing.add(&mut store, d.clone(), &mut |_| {}).unwrap();
    }
    let report = ing.finish(&mut store, &mut |_| {}).unwrap();
    report.records
}

fn bench(c: &mut Criterion) {
    let Some(root) = shared_data() else {
        eprintln!("SKIP ingest bench: ../shared/data not present (set STELLA_SHARED_DATA)");
        return;
    };
    let docs = load(&root);
    let records = run(&docs);
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(records as u64));
    g.bench_function(format!("real-corpus/{records}-records"), |b| {
        b.iter(|| run(&docs))
    });
    let replica = replicate_osv(&docs, 100_000);
    let n = run(&replica);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(format!("replicated/{n}-records"), |b| {
        b.iter(|| run(&replica))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
