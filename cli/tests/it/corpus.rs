//! The whole shared real-data corpus through `stella sbom inspect`: every SBOM is read with the
//! component count an independent count gives; everything else is refused with a named reason.
//!
//! The independent count walks the raw document generically (serde_json / roxmltree /
//! serde_norway values, or `PackageName:` lines) — a different code path from Stella's typed
//! readers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{Stella, shared_data, skip_without_shared};

/// What the independent reader thinks a file is.
#[derive(Debug)]
enum Expect {
    /// An SBOM with this many components (CycloneDX: every component, recursively, including
    /// `metadata.component`; SPDX: packages).
    Sbom(usize),
    /// Not an SBOM (or not recognisably one).
    Other,
}

fn count_cdx_json(v: &serde_json::Value) -> usize {
    fn walk(list: &serde_json::Value) -> usize {
        list.as_array()
            .map_or(0, |a| a.iter().map(|c| 1 + walk(&c["components"])).sum())
    }
    let meta = &v["metadata"]["component"];
    let m = if meta.is_object() {
        1 + walk(&meta["components"])
    } else {
        0
    };
    walk(&v["components"]) + m
}

fn count_cdx_xml(text: &str) -> Option<usize> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let n = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "component")
        // Tools (1.5+) are `metadata/tools/components/component`: not components of the BOM.
        .filter(|n| !n.ancestors().any(|a| a.tag_name().name() == "tools"))
        .count();
    Some(n)
}

/// SPDX 3 package classes: `software_Package` and its subclasses `ai_AIPackage` and
/// `dataset_DatasetPackage` (SPDX 3.0 model: both are profiles' specialisations of Package).
fn is_spdx3_package(t: &serde_json::Value) -> bool {
    matches!(
        t.as_str(),
        Some("software_Package" | "ai_AIPackage" | "dataset_DatasetPackage")
    )
}

fn expect(path: &Path) -> Expect {
    let Ok(bytes) = std::fs::read(path) else {
        return Expect::Other;
    };
    let text = String::from_utf8_lossy(&bytes);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(trimmed) else {
            return Expect::Other;
        };
        if v["bomFormat"] == "CycloneDX" {
            let has_components = v.get("components").is_some();
            if !has_components && v.get("vulnerabilities").is_some() {
                return Expect::Other; // a CycloneDX VEX/VDR document
            }
            return Expect::Sbom(count_cdx_json(&v));
        }
        if v["spdxVersion"].is_string() {
            return Expect::Sbom(v["packages"].as_array().map_or(0, Vec::len));
        }
        let ctx = v["@context"].to_string();
        if ctx.contains("spdx.org/rdf/3") {
            let n = v["@graph"].as_array().map_or(0, |g| {
                g.iter()
                    .filter(|e| is_spdx3_package(&e["type"]) || is_spdx3_package(&e["@type"]))
                    .count()
            });
            return Expect::Sbom(n);
        }
        return Expect::Other;
    }
    if trimmed.starts_with('<') {
        if trimmed.contains("http://cyclonedx.org/schema/bom/") && !trimmed.contains("<!DOCTYPE") {
            return count_cdx_xml(trimmed).map_or(Expect::Other, Expect::Sbom);
        }
        return Expect::Other;
    }
    if text.lines().any(|l| l.starts_with("SPDXVersion:")) {
        return Expect::Sbom(
            text.lines()
                .filter(|l| l.starts_with("PackageName:"))
                .count(),
        );
    }
    if text.lines().any(|l| l.starts_with("spdxVersion:")) {
        let Ok(v) = serde_norway::from_str::<serde_json::Value>(&text) else {
            return Expect::Other;
        };
        return Expect::Sbom(v["packages"].as_array().map_or(0, Vec::len));
    }
    Expect::Other
}

fn candidate_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let skip = name.ends_with(".md")
                || name == "license"
                || name.ends_with(".gz")
                || name.ends_with(".zip")
                || name.ends_with(".csv")
                || name == "shas";
            if !skip {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_sbom_in_the_shared_corpus_is_read_with_the_independent_count() {
    let Some(root) = shared_data() else {
        skip_without_shared(
            "corpus::every_sbom_in_the_shared_corpus_is_read_with_the_independent_count",
        );
        return;
    };
    let s = Stella::new();
    let files = candidate_files(&root);
    let mut read = 0usize;
    let mut refused: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap_or(f).display().to_string();
        let r = s.run(["sbom", "inspect", "--format", "json", f.to_str().unwrap()]);
        match (expect(f), r.code) {
            (Expect::Sbom(n), Some(0)) => {
                let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("inspect JSON");
                let got = v["stats"]["components"].as_u64().unwrap_or(u64::MAX) as usize;
                if got != n {
                    failures.push(format!(
                        "{rel}: stella counted {got} components, independent count {n}"
                    ));
                }
                read += 1;
            }
            (Expect::Sbom(n), code) => {
                failures.push(format!(
                    "{rel}: an SBOM ({n} components) was refused (exit {code:?}): {}",
                    first_cause(&r.stderr)
                ));
            }
            (Expect::Other, Some(0)) => {
                // Stella read something the independent reader did not recognise (e.g. an
                // in-toto envelope carrying an SBOM): fine, but it must be a real SBOM read.
                read += 1;
            }
            (Expect::Other, Some(10)) => {
                *refused.entry(reason_class(&r.stderr)).or_insert(0) += 1;
            }
            (Expect::Other, code) => {
                failures.push(format!("{rel}: unexpected exit {code:?}: {}", r.stderr))
            }
        }
    }
    eprintln!(
        "shared corpus: {} files; {read} read as SBOMs; {} refused:",
        files.len(),
        refused.values().sum::<usize>()
    );
    for (why, n) in &refused {
        eprintln!("  {n:>4}  {why}");
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        read >= 140,
        "expected about 150 SBOMs in the shared corpus, read {read}"
    );
}

fn first_cause(stderr: &str) -> String {
    stderr
        .lines()
        .find(|l| l.contains("caused by"))
        .unwrap_or(stderr.lines().next().unwrap_or(""))
        .trim()
        .to_string()
}

/// Group refusal reasons: the diagnostic's cause with specifics (positions, keys) trimmed.
fn reason_class(stderr: &str) -> String {
    let cause = first_cause(stderr);
    let cause = cause
        .trim_start_matches("│")
        .trim()
        .trim_start_matches("caused by: ");
    let cut = cause
        .find(" (line")
        .or_else(|| cause.find(" (top-level keys"))
        .unwrap_or(cause.len());
    cause[..cut].to_string()
}
