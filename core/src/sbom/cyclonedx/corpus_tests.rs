//! Real-file tests: every CycloneDX document under `/work/shared/data` (skipped when absent)
//! and the curated twin pair under `testdata/sbom/` (always run).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::sbom::{Encoding, Inventory, SbomError, SbomFormat, WriteOptions, detect, read};

use super::{read_json, read_xml, write_cyclonedx_1_6};

const SHARED: &str = "/work/shared/data";

fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/sbom")
        .join(name)
}

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(SHARED);
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("SKIP: {SHARED} not present");
        None
    }
}

/// Every `.json`/`.xml` file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("json" | "xml")) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A document: path, bytes, detected encoding.
type Doc = (PathBuf, Vec<u8>, Encoding);
/// A refused document: path, why.
type Refused = (PathBuf, String);

/// CycloneDX documents under the shared data, plus the files that look like CycloneDX but
/// detection refuses (VEX-only documents, bad versions).
fn corpus(dir: &Path) -> (Vec<Doc>, Vec<Refused>) {
    let mut docs = Vec::new();
    let mut refused = Vec::new();
    for p in files(dir) {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let looks_cdx =
            text.contains("\"bomFormat\"") || text.contains("cyclonedx.org/schema/bom/");
        if !looks_cdx {
            continue;
        }
        match detect(&bytes) {
            Ok(d) if d.format == SbomFormat::CycloneDx => docs.push((p, bytes, d.encoding)),
            Ok(_) => {}
            Err(e) => refused.push((p, e.to_string())),
        }
    }
    (docs, refused)
}

/// Components counted without Stella's reader: recursive `components` arrays (JSON) or
/// `component` elements (XML), plus `metadata.component` and its own nested components.
fn independent_count(bytes: &[u8], enc: Encoding) -> usize {
    match enc {
        Encoding::Json => {
            fn count(v: &serde_json::Value) -> usize {
                v.get("components")
                    .and_then(|c| c.as_array())
                    .map_or(0, |a| a.iter().map(|c| 1 + count(c)).sum())
            }
            let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            count(&v)
                + v.pointer("/metadata/component")
                    .filter(|c| c.is_object())
                    .map_or(0, |c| 1 + count(c))
        }
        _ => {
            let text = std::str::from_utf8(bytes).unwrap();
            let doc = roxmltree::Document::parse(text).unwrap();
            fn count(n: roxmltree::Node<'_, '_>) -> usize {
                n.children()
                    .filter(|c| c.has_tag_name("components"))
                    .flat_map(|c| c.children().filter(|x| x.has_tag_name("component")))
                    .map(|c| 1 + count(c))
                    .sum()
            }
            let root = doc.root_element();
            let meta = root
                .children()
                .find(|c| c.has_tag_name("metadata"))
                .and_then(|m| m.children().find(|c| c.has_tag_name("component")));
            count(root) + meta.map_or(0, |m| 1 + count(m))
        }
    }
}

fn rel(p: &Path) -> String {
    p.strip_prefix(SHARED)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_shared_cyclonedx_document_reads_with_all_components() {
    let Some(dir) = shared() else { return };
    let (docs, refused) = corpus(&dir);
    assert!(
        docs.len() >= 80,
        "only {} CycloneDX documents found",
        docs.len()
    );
    eprintln!(
        "{:<95} {:>4} {:>4} {:>6} {:>6} {:>5} {:>4}",
        "file", "spec", "enc", "comps", "ident", "deps", "warn"
    );
    for (p, bytes, enc) in &docs {
        let inv = read(bytes).unwrap_or_else(|e| panic!("{}: {e}", rel(p)));
        let expected = independent_count(bytes, *enc);
        assert_eq!(inv.components.len(), expected, "{}", rel(p));
        let stats = inv.stats();
        eprintln!(
            "{:<95} {:>4} {:>4} {:>6} {:>6} {:>5} {:>4}",
            rel(p),
            inv.source.spec_version,
            match enc {
                Encoding::Json => "json",
                _ => "xml",
            },
            stats.components,
            stats.identified,
            stats.dependency_edges,
            inv.warnings.len()
        );
        // The subject is metadata.component when there is one.
        let has_meta = match enc {
            Encoding::Json => serde_json::from_slice::<serde_json::Value>(bytes)
                .unwrap()
                .pointer("/metadata/component")
                .is_some_and(|c| c.is_object()),
            _ => String::from_utf8_lossy(bytes).contains("<metadata"),
        };
        if !has_meta {
            assert!(inv.subject.is_empty(), "{}", rel(p));
        }
    }
    for (p, why) in &refused {
        eprintln!("refused by detection: {} ({why})", rel(p));
        // Only non-SBOM CycloneDX (VEX without components), unsupported versions and a wrong
        // `bomFormat`.
        assert!(
            why.contains("VEX") || why.contains("not supported") || why.contains("bomFormat"),
            "{}: {why}",
            rel(p)
        );
    }
    eprintln!(
        "{} documents read, {} refused by detection",
        docs.len(),
        refused.len()
    );
}

#[test]
fn conversion_is_a_fixed_point_and_keeps_the_digest() {
    let Some(dir) = shared() else { return };
    let (docs, _) = corpus(&dir);
    let opts = WriteOptions::default();
    for (p, bytes, _) in &docs {
        let original = read(bytes).unwrap();
        let first = write_cyclonedx_1_6(&original, &opts);
        let again = read(&first).unwrap_or_else(|e| panic!("{}: re-read: {e}", rel(p)));
        assert_eq!(again.digest(), original.digest(), "{}", rel(p));
        // Exact duplicates (same bom-ref, same content) are written once.
        let distinct: std::collections::BTreeSet<String> = original
            .components
            .iter()
            .map(|c| serde_json::to_string(c).unwrap())
            .collect();
        assert_eq!(again.components.len(), distinct.len(), "{}", rel(p));
        assert_eq!(again.subject, original.subject, "{}", rel(p));
        let second = write_cyclonedx_1_6(&again, &opts);
        assert!(first == second, "{}: second conversion differs", rel(p));
        let report = crate::sbom::validate::validate(&first).unwrap();
        assert!(
            report.is_valid(),
            "{}: written document is not valid CycloneDX 1.6: {:?}",
            rel(p),
            &report.problems[..report.problems.len().min(5)]
        );
    }
}

/// JSON and XML spellings of the same BOM in the shared corpus.
const TWINS: &[(&str, &str)] = &[
    (
        "SBOM/juice-shop/via_npm/flat/bom.1.2.json",
        "SBOM/juice-shop/via_npm/flat/bom.1.2.xml",
    ),
    (
        "SBOM/juice-shop/via_npm/flat/bom.1.3.json",
        "SBOM/juice-shop/via_npm/flat/bom.1.3.xml",
    ),
    (
        "SBOM/juice-shop/via_npm/flat/bom.1.4.json",
        "SBOM/juice-shop/via_npm/flat/bom.1.4.xml",
    ),
    (
        "SBOM/juice-shop/via_npm/bare/bom.1.2.json",
        "SBOM/juice-shop/via_npm/bare/bom.1.2.xml",
    ),
    (
        "SBOM/juice-shop/via_npm/bare/bom.1.3.json",
        "SBOM/juice-shop/via_npm/bare/bom.1.3.xml",
    ),
    (
        "SBOM/juice-shop/via_npm/bare/bom.1.4.json",
        "SBOM/juice-shop/via_npm/bare/bom.1.4.xml",
    ),
    (
        "SBOM/juice-shop/v11.1.2/bom.json",
        "SBOM/juice-shop/v11.1.2/bom.xml",
    ),
    (
        "SBOM/laravel-7.12.0/bom.1.2.json",
        "SBOM/laravel-7.12.0/bom.1.2.xml",
    ),
    (
        "SBOM/laravel-7.12.0/bom.1.3.json",
        "SBOM/laravel-7.12.0/bom.1.3.xml",
    ),
    (
        "SBOM/laravel-7.12.0/bom.1.4.json",
        "SBOM/laravel-7.12.0/bom.1.4.xml",
    ),
    (
        "SBOM/dropwizard-1.3.15/bom.json",
        "SBOM/dropwizard-1.3.15/bom.xml",
    ),
    (
        "SBOM/proton-bridge/proton-bridge-v1.6.3.bom.json",
        "SBOM/proton-bridge/proton-bridge-v1.6.3.bom.xml",
    ),
    (
        "SBOM/proton-bridge/proton-bridge-v1.8.0.bom.json",
        "SBOM/proton-bridge/proton-bridge-v1.8.0.bom.xml",
    ),
    (
        "SBOM/cern-lhc-vdm-editor-e564943/bom.json",
        "SBOM/cern-lhc-vdm-editor-e564943/bom.xml",
    ),
];

fn assert_twins(name: &str, json: &Inventory, xml: &Inventory) {
    assert_eq!(json.components.len(), xml.components.len(), "{name}");
    assert_eq!(json.subject, xml.subject, "{name}");
    let refs = |i: &Inventory| {
        i.components
            .iter()
            .map(|c| c.bom_ref.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(refs(json), refs(xml), "{name}: refs differ");
    assert_eq!(json.relationships, xml.relationships, "{name}");
    assert_eq!(json.digest(), xml.digest(), "{name}: digests differ");
}

#[test]
fn json_and_xml_twins_have_the_same_digest() {
    let Some(dir) = shared() else { return };
    let base = dir.join("cyclonedx-bom-examples");
    for (j, x) in TWINS {
        let mut json = read_json(&std::fs::read(base.join(j)).unwrap()).unwrap();
        let xml = read_xml(&std::fs::read(base.join(x)).unwrap()).unwrap();
        if j.starts_with("SBOM/dropwizard") {
            // The one real difference between these twins: the JSON gives osgi-resource-locator
            // a licence expression, the XML gives it no licence at all. Without it they agree.
            let c = json
                .components
                .iter_mut()
                .find(|c| c.name == "osgi-resource-locator")
                .unwrap();
            assert_eq!(
                c.licenses,
                ["(CDDL-1.0 OR GPL-2.0-with-classpath-exception)"]
            );
            c.licenses.clear();
        }
        assert_twins(j, &json, &xml);
        eprintln!(
            "{j}: {} components, digest {}",
            json.components.len(),
            json.digest()
        );
    }
}

#[test]
fn curated_twin_pair_has_the_same_digest() {
    let json = read_json(&std::fs::read(testdata("laravel-7.12.0.bom.1.2.json")).unwrap()).unwrap();
    let xml = read_xml(&std::fs::read(testdata("laravel-7.12.0.bom.1.2.xml")).unwrap()).unwrap();
    assert_twins("laravel 1.2", &json, &xml);
    assert_eq!(json.components.len(), 63);
    assert_eq!(json.subject.len(), 1);
    assert_eq!(json.source.tools[0].name, "cyclonedx-php-composer");
    assert!(!json.relationships.is_empty());
    // Same conversion output from either spelling, apart from nothing: the writer sees the
    // same inventory content (tools and timestamp included).
    let opts = WriteOptions::default();
    let from_json = write_cyclonedx_1_6(&json, &opts);
    let from_xml = write_cyclonedx_1_6(&xml, &opts);
    assert!(
        from_json == from_xml,
        "JSON and XML twins convert differently"
    );
    let again = read_json(&from_json).unwrap();
    assert_eq!(again.digest(), json.digest());
    assert!(write_cyclonedx_1_6(&again, &opts) == from_json);
}

#[test]
fn shared_corpus_validation_summary() {
    let Some(dir) = shared() else { return };
    let (docs, _) = corpus(&dir);
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (p, bytes, enc) in &docs {
        let report = crate::sbom::validate::validate(bytes)
            .unwrap_or_else(|e: SbomError| panic!("{}: {e}", rel(p)));
        let errors = report.count(crate::sbom::validate::Severity::Error);
        let warnings = report.count(crate::sbom::validate::Severity::Warning);
        let key = match enc {
            Encoding::Json => "json",
            _ => "xml",
        };
        let t = totals.entry(key).or_default();
        t.0 += 1;
        t.1 += usize::from(errors == 0);
        let first = report
            .problems
            .first()
            .map(|p| format!("{} (line {:?}): {}", p.location, p.line, p.message))
            .unwrap_or_default();
        eprintln!(
            "{:<90} errors {errors:>4} warnings {warnings:>4} {}",
            rel(p),
            first.chars().take(160).collect::<String>()
        );
        // Every located JSON problem got a line.
        if *enc == Encoding::Json {
            for pr in &report.problems {
                if pr.location.starts_with('/') {
                    assert!(pr.line.is_some(), "{}: no line for {}", rel(p), pr.location);
                }
            }
        }
    }
    eprintln!("valid per encoding (valid/total): {totals:?}");
}
