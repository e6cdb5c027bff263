//! Interop: what `stella sbom convert` writes, the official validators accept — CycloneDX 1.6
//! through `cyclonedx-python-lib` (the official JSON Schema, strict) and SPDX 2.3 through
//! `pyspdxtools` — and converting twice gives byte-identical files.
//!
//! The validators live in the virtualenv `cargo xtask ci` creates (`$STELLA_INTEROP_VENV`).
//! Without it the test prints SKIP, except under `CI=true`, where a missing validator fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Stella, repo_root, shared_data, testdata};

/// The validator virtualenv, or `None` (after printing SKIP) when it is absent outside CI.
pub(crate) fn venv() -> Option<PathBuf> {
    let p = std::env::var_os("STELLA_INTEROP_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/interop-venv"));
    if p.join("bin/python").exists() {
        return Some(p);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the interop virtualenv is missing at {}: run `cargo xtask ci`",
        p.display()
    );
    eprintln!(
        "SKIP interop: no validator virtualenv at {} (run `cargo xtask ci` to create it)",
        p.display()
    );
    None
}

/// SBOMs to convert: the curated fixtures, plus a spread of real files when the corpus exists.
fn inputs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(testdata("sbom"))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let mut nested = Vec::new();
    for p in &v {
        if p.is_dir() {
            nested.extend(std::fs::read_dir(p).unwrap().flatten().map(|e| e.path()));
        }
    }
    v.extend(nested);
    v.retain(|p| p.is_file() && p.extension().is_some_and(|e| e != "md"));
    if let Some(root) = shared_data() {
        for rel in [
            "cyclonedx-bom-examples/SBOM/juice-shop/via_npm/flat/bom.1.4.json",
            "cyclonedx-bom-examples/SBOM/dropwizard-1.3.15/bom.xml",
            "cyclonedx-bom-examples/SBOM/laravel-7.12.0/bom.1.1.xml",
            "guac-exampledata/cyclonedx-components-nested.json",
            "guac-exampledata/cyclonedx-1.7.json",
            "guac-exampledata/alpine-spdx.json",
            "osv-scanner-sboms/postgres-stretch.cdx.xml",
            "osv-scanner-sboms/bad-purls.cdx.xml",
            "sbomqs-samples/sbomqs.trivy-spdx.tv",
            "sbomqs-samples/sbom.spdx.yaml",
            "sbomqs-samples/photon.spdx.json",
            "sbom-in-a-box-samples/trivy-0.39.0_celery-3.1.cdx.json",
            "spdx-examples/software/example7/spdx3.0/example7-golang.spdx3.json",
            "spdx-examples/software/example1/spdx2.2/example1.spdx",
        ] {
            let p = root.join(rel);
            if p.is_file() {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

fn convert(s: &Stella, input: &Path, to: &str, out: &Path) {
    let r = s.run([
        "sbom",
        "convert",
        input.to_str().unwrap(),
        "--to",
        to,
        "-o",
        out.to_str().unwrap(),
        "--at",
        "2026-01-01T00:00:00Z",
    ]);
    assert_eq!(
        r.code,
        Some(0),
        "convert {} --to {to}: {}",
        input.display(),
        r.stderr
    );
}

#[test]
fn converted_sboms_pass_the_official_validators_and_are_reproducible() {
    let Some(venv) = venv() else { return };
    let s = Stella::new();
    let inputs = inputs();
    assert!(
        inputs.len() >= 3,
        "curated SBOM fixtures under testdata/sbom are missing"
    );
    let mut cdx_outputs = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let cdx = s.path().join(format!("{i}.cdx.json"));
        let cdx2 = s.path().join(format!("{i}.again.cdx.json"));
        convert(&s, input, "cyclonedx-1.6", &cdx);
        convert(&s, input, "cyclonedx-1.6", &cdx2);
        assert_eq!(
            std::fs::read(&cdx).unwrap(),
            std::fs::read(&cdx2).unwrap(),
            "{}: CycloneDX output differs between runs",
            input.display()
        );
        // Converting the output again is a fixed point.
        let cdx3 = s.path().join(format!("{i}.roundtrip.cdx.json"));
        convert(&s, &cdx, "cyclonedx-1.6", &cdx3);
        assert_eq!(
            std::fs::read(&cdx).unwrap(),
            std::fs::read(&cdx3).unwrap(),
            "{}: CycloneDX → CycloneDX is not a fixed point",
            input.display()
        );
        cdx_outputs.push(cdx);

        let spdx = s.path().join(format!("{i}.spdx.json"));
        let spdx2 = s.path().join(format!("{i}.again.spdx.json"));
        convert(&s, input, "spdx-2.3", &spdx);
        convert(&s, input, "spdx-2.3", &spdx2);
        assert_eq!(
            std::fs::read(&spdx).unwrap(),
            std::fs::read(&spdx2).unwrap(),
            "{}: SPDX output differs between runs",
            input.display()
        );
        let out = Command::new(venv.join("bin/pyspdxtools"))
            .arg("-i")
            .arg(&spdx)
            .output()
            .expect("run pyspdxtools");
        assert!(
            out.status.success(),
            "pyspdxtools rejects the SPDX 2.3 written from {}:\n{}{}",
            input.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let script = repo_root().join("cli/tests/interop/validate_cyclonedx.py");
    let out = Command::new(venv.join("bin/python"))
        .arg(script)
        .args(&cdx_outputs)
        .output()
        .expect("run validator");
    assert!(
        out.status.success(),
        "the official CycloneDX 1.6 schema rejects stella's output:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "interop: {} SBOMs converted to CycloneDX 1.6 and SPDX 2.3; all valid and reproducible",
        inputs.len()
    );
}
