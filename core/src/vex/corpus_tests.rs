//! The whole shared corpus: every VEX document under the shared data folder (OpenVEX hubs,
//! CSAF VEX examples, CycloneDX VEX use cases, Trivy and GUAC fixtures) is read; each one
//! ingests or is refused with a reason, and its statement count matches an independent count.
//!
//! The independent count is computed here from a plain `serde_json::Value`, without any of the
//! parsers' code: OpenVEX `len(statements)`, CSAF VEX the sum of the `product_status` list
//! lengths over `vulnerabilities`, CycloneDX `len(vulnerabilities)`. The same figures come
//! from this Python one-liner (run in the data folder), recorded for cross-checking:
//!
//! ```text
//! python3 -c "import json,glob;n={};[n.__setitem__(k,n.get(k,0)+c) for f in glob.glob('**/*.json',recursive=True) for d in [json.load(open(f))] if isinstance(d,dict) for k,c in [('openvex',len(d['statements'])) if 'openvex' in str(d.get('@context','')) or (d.get('statements') and all('status' in s for s in d['statements'])) else ('csaf',sum(len(l) for v in d.get('vulnerabilities',[]) for l in v.get('product_status',{}).values())) if d.get('document',{}).get('category')=='csaf_vex' else ('cdx',len(d['vulnerabilities'])) if d.get('bomFormat')=='CycloneDX' and d.get('vulnerabilities') else ('',0)] if k];print(n)"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{VexFormat, detect};
use crate::ingest::vex::{VexIngestOptions, ingest_vex};
use crate::ingest::walk::WalkLimits;
use crate::store::{SqliteStore, VexStore};

fn shared_data() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STELLA_SHARED_DATA").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_dir());
    if found.is_none() {
        eprintln!(
            "SKIP vex corpus: the shared data folder is not present (set STELLA_SHARED_DATA)"
        );
    }
    found
}

/// Every JSON/XML file under `root` (archives hold advisories, not VEX), sorted.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "xml"))
        .collect();
    out.sort();
    out
}

/// The independent classification and count.
fn independent(v: &Value) -> Option<(VexFormat, usize)> {
    let obj = v.as_object()?;
    let ctx = obj
        .get("@context")
        .map(Value::to_string)
        .unwrap_or_default();
    if let Some(Value::Array(st)) = obj.get("statements")
        && (ctx.contains("openvex")
            || (!st.is_empty() && st.iter().all(|s| s.get("status").is_some())))
    {
        return Some((VexFormat::OpenVex, st.len()));
    }
    if v.pointer("/document/category").and_then(Value::as_str) == Some("csaf_vex") {
        let n = v
            .get("vulnerabilities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|x| x.get("product_status").and_then(Value::as_object))
            .flat_map(|g| g.values())
            .filter_map(Value::as_array)
            .map(Vec::len)
            .sum();
        return Some((VexFormat::CsafVex, n));
    }
    if obj.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX")
        && let Some(Value::Array(vs)) = obj.get("vulnerabilities")
        && !vs.is_empty()
    {
        return Some((VexFormat::CycloneDx, vs.len()));
    }
    None
}

#[test]
fn every_vex_document_ingests_or_is_refused_with_counts_matching() {
    let Some(root) = shared_data() else { return };
    let mut docs: BTreeMap<VexFormat, usize> = BTreeMap::new();
    let mut expected: BTreeMap<VexFormat, usize> = BTreeMap::new();
    let mut accepted_statements: BTreeMap<VexFormat, usize> = BTreeMap::new();
    let mut refused: Vec<(String, Vec<String>)> = Vec::new();
    let mut vex_dirs: Vec<PathBuf> = Vec::new();
    let mut accepted_docs = 0usize;
    for path in files(&root) {
        let name = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let indep = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .as_ref()
            .and_then(independent);
        let detected = detect::detect(&name, &bytes);
        let Some((format, count)) = indep else {
            // Not VEX by the independent reading: Stella must not claim it either.
            assert!(
                detected.is_err(),
                "{name}: detected as {detected:?}, but is not VEX"
            );
            continue;
        };
        let d = detected.unwrap_or_else(|e| panic!("{name}: VEX ({format:?}) but refused: {e}"));
        assert_eq!(d.format, format, "{name}");
        *docs.entry(format).or_default() += 1;
        *expected.entry(format).or_default() += count;
        let parsed =
            detect::parse_detected(d, &name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let errors: Vec<String> = parsed
            .problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| format!("{}: {}", p.location, p.message))
            .collect();
        if errors.is_empty() {
            // Accepted whole: exactly one statement per independent count.
            assert_eq!(parsed.statements.len(), count, "{name}");
            *accepted_statements.entry(format).or_default() += count;
            accepted_docs += 1;
        } else {
            // Refused with reasons; what was readable is fewer than the count.
            assert!(parsed.statements.len() < count, "{name}");
            refused.push((name.clone(), errors));
        }
        for r in &parsed.statements {
            assert!(!r.raw.is_empty(), "{name} {}", r.locator);
            assert!(!r.statement.products.is_empty(), "{name} {}", r.locator);
        }
        if let Some(parent) = path.parent() {
            vex_dirs.push(parent.to_path_buf());
        }
    }
    let total_docs: usize = docs.values().sum();
    eprintln!("VEX corpus: {total_docs} documents {docs:?}");
    eprintln!("  statements (independent count): {expected:?}");
    eprintln!("  statements in accepted documents: {accepted_statements:?}");
    eprintln!("  refused documents: {}", refused.len());
    for (name, reasons) in &refused {
        eprintln!("    {name}: {} ({} reason(s))", reasons[0], reasons.len());
    }
    assert!(total_docs > 200, "{total_docs} VEX documents");
    assert!(docs.len() == 3, "{docs:?}");

    // The same documents through the ingest path into a store: whole documents only, and every
    // statement of the accepted ones accounted for (inserted, or shadowed by a newer duplicate).
    let mut store = SqliteStore::open_in_memory().unwrap();
    let opts = VexIngestOptions {
        source: None,
        retrieved_at: "2026-01-01T00:00:00.000Z".into(),
        batch_size: 5000,
        limits: WalkLimits::default(),
    };
    // Each folder once, and none inside another (the walk is recursive).
    vex_dirs.sort();
    vex_dirs.dedup();
    let all = vex_dirs.clone();
    vex_dirs.retain(|d| !all.iter().any(|a| a != d && d.starts_with(a)));
    let report = ingest_vex(&mut store, &vex_dirs, &opts, &mut |_| {}).unwrap();
    let offered: usize = report.statements_by_format.values().sum();
    let accepted: usize = accepted_statements.values().sum();
    assert_eq!(offered, accepted);
    assert_eq!(
        report.documents_by_format.values().sum::<usize>(),
        accepted_docs
    );
    assert_eq!(report.refused.len(), refused.len());
    let t = report.totals();
    // A key seen again in a later document is skipped (same content), superseded (newer
    // content) or shadowed (older content): every offered statement is one of these.
    assert_eq!(
        t.inserted + t.shadowed + t.skipped + t.superseded + t.reverted,
        offered,
        "{t:?}"
    );
    let current = store.vex_all_current().unwrap().len();
    assert_eq!(current, t.inserted);
    eprintln!(
        "  ingest: {} documents, {offered} statements offered, {} inserted, {} superseded, {} shadowed, {} skipped; {} non-VEX files ignored",
        report.documents, t.inserted, t.superseded, t.shadowed, t.skipped, report.ignored_documents
    );
}
