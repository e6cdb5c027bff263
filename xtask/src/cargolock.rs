//! `Cargo.lock` → CycloneDX 1.6 JSON, for the cargo-audit side-by-side of `bench scan`.
//!
//! Stella reads SBOMs, cargo-audit reads lockfiles; to scan the same project with both, the
//! benchmark converts the lockfile first. Only registry packages become components (path and git
//! packages are not published crates, and neither tool matches them against RustSec), each as
//! `pkg:cargo/NAME@VERSION`. The output is deterministic: components sorted by name and version,
//! the serial number derived from the lockfile's digest, no timestamp.
//!
//! All lockfile formats are read: v1 (`[root]`/`[metadata]`), v2 and v3/v4 (`version = N`); the
//! only fields used (`name`, `version`, `source` of each `[[package]]`) are the same in all.

use stella_core::canon::Digest;
use stella_core::purl::Purl;

/// Convert a lockfile to a CycloneDX 1.6 JSON SBOM named `name`. Returns the bytes and the
/// number of components.
///
/// # Errors
/// The lockfile is not TOML, or a package lacks a name or version.
pub fn to_cyclonedx(lock: &str, name: &str) -> Result<(Vec<u8>, usize), String> {
    let table: toml::Table = toml::from_str(lock).map_err(|e| format!("Cargo.lock: {e}"))?;
    let packages = table
        .get("package")
        .and_then(toml::Value::as_array)
        .ok_or("Cargo.lock has no [[package]] entries")?;
    let mut crates: Vec<(String, String)> = Vec::new();
    for p in packages {
        let field = |k: &str| p.get(k).and_then(toml::Value::as_str);
        let (Some(n), Some(v)) = (field("name"), field("version")) else {
            return Err(format!("a [[package]] without name or version: {p}"));
        };
        let registry =
            field("source").is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+"));
        if registry {
            crates.push((n.to_string(), v.to_string()));
        }
    }
    crates.sort();
    crates.dedup();
    let mut components = Vec::with_capacity(crates.len());
    for (n, v) in &crates {
        let purl = Purl::new("cargo", None, n, Some(v)).map_err(|e| format!("{n}@{v}: {e}"))?;
        components.push(serde_json::json!({
            "type": "library",
            "bom-ref": format!("{n}@{v}"),
            "name": n,
            "version": v,
            "purl": purl.to_string(),
        }));
    }
    let hex = Digest::of_bytes(lock.as_bytes()).hex();
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
            "tools": {"components": [{"type": "application", "name": "stella xtask (Cargo.lock converter)"}]},
            "component": {"type": "application", "bom-ref": "root", "name": name},
        },
        "components": components,
    });
    let mut out = serde_json::to_vec_pretty(&bom).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok((out, crates.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_packages_only_sorted_with_purls() {
        let lock = r#"
version = 3

[[package]]
name = "zeta"
version = "1.0.0+build.1"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "app"
version = "0.1.0"

[[package]]
name = "alpha"
version = "0.2.0"
source = "git+https://example.invalid/alpha#abc"

[[package]]
name = "Beta_x"
version = "2.0.0"
source = "sparse+https://index.crates.io/"
"#;
        let (bytes, n) = to_cyclonedx(lock, "app").unwrap();
        assert_eq!(n, 2);
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let purls: Vec<&str> = v["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["purl"].as_str().unwrap())
            .collect();
        // Sorted by name (byte order: uppercase first); `+` is percent-encoded in the version.
        assert_eq!(
            purls,
            ["pkg:cargo/Beta_x@2.0.0", "pkg:cargo/zeta@1.0.0%2Bbuild.1"]
        );
        // Deterministic.
        assert_eq!(bytes, to_cyclonedx(lock, "app").unwrap().0);
        let inv = stella_core::sbom::read(&bytes).unwrap();
        assert_eq!(inv.components.len(), 3); // + metadata.component
    }

    #[test]
    fn not_toml_is_an_error() {
        assert!(to_cyclonedx("[[package]\nname=", "x").is_err());
    }
}
