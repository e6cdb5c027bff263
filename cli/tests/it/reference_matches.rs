//! Cross-check against `REFERENCE_MATCHES.json`: an independent, computed (not hand-verified)
//! matcher's (purl, advisory) pairs for every shared SBOM. Every pair on which Stella and the
//! reference disagree must be listed in [`EXPLAINED`] with its version arithmetic, so any new
//! difference — a regression, or a reference quirk not yet understood — fails the test.
//!
//! Runs only with the shared corpus (`../shared/data`); purls are compared in canonical form
//! (the reference keeps each SBOM's qualifier order, Stella's report sorts qualifiers).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::ground_truth::{canonical_purl, ingest, scan};
use crate::util::{Stella, shared_data, skip_without_shared};

/// Which side reports a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    OnlyStella,
    OnlyReference,
}

/// One explained difference: SBOM, canonical purl, advisory, who reports it, and why.
struct Explained {
    sbom: &'static str,
    purl: &'static str,
    advisory: &'static str,
    side: Side,
    cause: &'static str,
}

/// `hyper@0.14` in the SPDX example 11 SBOMs (2.3 JSON and 3.0 JSON-LD): the version field holds
/// the Cargo.toml *requirement* `0.14` (= `^0.14`, i.e. >=0.14.0, <0.15.0), not a version. The
/// reference pads it to `0.14.0`; Stella lists the component as `unparseable-version` (a Cargo
/// version has three numbers) rather than guess. Padded, 0.14.0 would fall in:
/// RUSTSEC-2021-0020 `[0.14.0-0, 0.14.3)`, RUSTSEC-2021-0078 and -0079 `[0.0.0-0, 0.14.10)`,
/// RUSTSEC-2022-0022 `[0.0.0-0, 0.14.12)` — but so would 0.14.12, which is fixed for all four:
/// the requirement does not decide them.
const HYPER_REQUIREMENT: &str = "SBOM version `0.14` is a Cargo requirement (^0.14); the reference \
    pads it to 0.14.0, Stella reports the component unmatched (unparseable-version)";

const EXPLAINED: &[Explained] = &[
    ex(
        "spdx-examples/software/example11/spdx2.3/sbom.spdx.json",
        "RUSTSEC-2021-0020",
    ),
    ex(
        "spdx-examples/software/example11/spdx2.3/sbom.spdx.json",
        "RUSTSEC-2021-0078",
    ),
    ex(
        "spdx-examples/software/example11/spdx2.3/sbom.spdx.json",
        "RUSTSEC-2021-0079",
    ),
    ex(
        "spdx-examples/software/example11/spdx2.3/sbom.spdx.json",
        "RUSTSEC-2022-0022",
    ),
    ex(
        "spdx-examples/software/example11/spdx3.0/sbom.spdx3.json",
        "RUSTSEC-2021-0020",
    ),
    ex(
        "spdx-examples/software/example11/spdx3.0/sbom.spdx3.json",
        "RUSTSEC-2021-0078",
    ),
    ex(
        "spdx-examples/software/example11/spdx3.0/sbom.spdx3.json",
        "RUSTSEC-2021-0079",
    ),
    ex(
        "spdx-examples/software/example11/spdx3.0/sbom.spdx3.json",
        "RUSTSEC-2022-0022",
    ),
];

const fn ex(sbom: &'static str, advisory: &'static str) -> Explained {
    Explained {
        sbom,
        purl: "pkg:cargo/hyper@0.14",
        advisory,
        side: Side::OnlyReference,
        cause: HYPER_REQUIREMENT,
    }
}

type Pair = (String, String);

#[test]
fn scan_agrees_with_the_reference_matcher_up_to_explained_differences() {
    let Some(root) = shared_data() else {
        skip_without_shared("reference_matches::scan_agrees_with_the_reference_matcher");
        return;
    };
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("REFERENCE_MATCHES.json"))
            .expect("REFERENCE_MATCHES.json"),
    )
    .expect("REFERENCE_MATCHES.json parses");

    let s = Stella::new();
    let db = s.path().join("reference.db");
    let sets: Vec<PathBuf> = reference["advisory_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| root.join(v.as_str().unwrap()))
        .collect();
    ingest(&s, &db, &sets);

    let mut agree = 0usize;
    let mut per_sbom = Vec::new();
    let mut diffs: BTreeSet<(String, String, String, Side)> = BTreeSet::new();
    let mut unmatched: BTreeMap<(String, String), String> = BTreeMap::new();
    for (sbom, entry) in reference["sboms"].as_object().unwrap() {
        let expected: BTreeSet<Pair> = entry["matches"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(purl, ids)| {
                let p = canonical_purl(purl);
                ids.as_array()
                    .unwrap()
                    .iter()
                    .map(move |id| (p.clone(), id.as_str().unwrap().to_string()))
            })
            .collect();
        let report = scan(&s, &db, &root.join(sbom));
        let got: BTreeSet<Pair> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| {
                let p = canonical_purl(f["component"]["purl"].as_str().unwrap_or(""));
                f["matches"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |m| (p.clone(), m["advisory"].as_str().unwrap().to_string()))
            })
            .collect();
        for u in report["unmatched"].as_array().unwrap() {
            if let Some(p) = u["component"]["purl"].as_str() {
                unmatched.insert(
                    (sbom.clone(), canonical_purl(p)),
                    u["reason"].as_str().unwrap_or("").to_string(),
                );
            }
        }
        let both = got.intersection(&expected).count();
        agree += both;
        for (p, a) in got.difference(&expected) {
            diffs.insert((sbom.clone(), p.clone(), a.clone(), Side::OnlyStella));
        }
        for (p, a) in expected.difference(&got) {
            diffs.insert((sbom.clone(), p.clone(), a.clone(), Side::OnlyReference));
        }
        if !expected.is_empty() || !got.is_empty() {
            per_sbom.push(format!(
                "  {sbom:<75} reference {:>3}  stella {:>3}  agree {both:>3}",
                expected.len(),
                got.len()
            ));
        }
    }

    let explained: BTreeSet<(String, String, String, Side)> = EXPLAINED
        .iter()
        .map(|e| {
            (
                e.sbom.to_string(),
                canonical_purl(e.purl),
                e.advisory.to_string(),
                e.side,
            )
        })
        .collect();
    let mut by_cause: BTreeMap<(&str, Side), usize> = BTreeMap::new();
    for e in EXPLAINED {
        *by_cause.entry((e.cause, e.side)).or_default() += 1;
    }
    let count = |side| diffs.iter().filter(|d| d.3 == side).count();
    eprintln!(
        "reference cross-check: {agree} pairs agree, {} only Stella, {} only reference\n{}\nexplained differences by cause:\n{}",
        count(Side::OnlyStella),
        count(Side::OnlyReference),
        per_sbom.join("\n"),
        by_cause
            .iter()
            .map(|((cause, side), n)| format!("  {n:>3} {side:?}: {cause}"))
            .collect::<Vec<_>>()
            .join("\n")
    );

    let new: Vec<_> = diffs.difference(&explained).collect();
    let gone: Vec<_> = explained.difference(&diffs).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "unexplained differences (sbom, purl, advisory, side): {new:#?}\nexplained but no longer differing: {gone:#?}"
    );
    // The explanation is Stella's behaviour, not a silent miss: the hyper requirement is listed
    // as unmatched with the reason.
    for e in EXPLAINED {
        assert_eq!(
            unmatched
                .get(&(e.sbom.to_string(), canonical_purl(e.purl)))
                .map(String::as_str),
            Some("unparseable-version"),
            "{} in {}",
            e.purl,
            e.sbom
        );
    }
}
