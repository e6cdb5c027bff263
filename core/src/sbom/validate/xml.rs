//! Structural checks for CycloneDX XML, in place of XSD validation.
//!
//! No maintained XSD validator exists in Rust (and binding libxml2 would bring a C XML parser
//! back in front of untrusted input), so this module checks, with line numbers, what the
//! official XSDs (`bom-1.0.xsd` … `bom-1.7.xsd`) require of the elements Stella reads. The
//! enumerations below are copied from those XSDs. Everything else in the XSD (element order,
//! other elements' content models, `xs:dateTime` lexical forms, …) is **not** checked, and the
//! report says so.

use std::collections::BTreeMap;

use roxmltree::Node;

use super::{Problem, Severity, ValidationReport};
use crate::purl::Purl;
use crate::sbom::cyclonedx::xml::{Lines, Ns, parse_document, root_namespace, text};
use crate::sbom::{Detected, Encoding, SbomError, SbomFormat};

/// `classification` in the XSD of each version.
fn component_types(version: &str) -> &'static [&'static str] {
    const V1_0: &[&str] = &[
        "application",
        "framework",
        "library",
        "operating-system",
        "device",
    ];
    const V1_1: &[&str] = &[
        "application",
        "framework",
        "library",
        "operating-system",
        "device",
        "file",
    ];
    const V1_2: &[&str] = &[
        "application",
        "framework",
        "library",
        "container",
        "operating-system",
        "device",
        "firmware",
        "file",
    ];
    const V1_5: &[&str] = &[
        "application",
        "framework",
        "library",
        "container",
        "platform",
        "operating-system",
        "device",
        "device-driver",
        "firmware",
        "file",
        "machine-learning-model",
        "data",
    ];
    const V1_6: &[&str] = &[
        "application",
        "framework",
        "library",
        "container",
        "platform",
        "operating-system",
        "device",
        "device-driver",
        "firmware",
        "file",
        "machine-learning-model",
        "data",
        "cryptographic-asset",
    ];
    match version {
        "1.0" => V1_0,
        "1.1" => V1_1,
        "1.2" | "1.3" | "1.4" => V1_2,
        "1.5" => V1_5,
        _ => V1_6,
    }
}

/// `hashAlg` in the XSD of each version.
fn hash_algs(version: &str) -> &'static [&'static str] {
    const V1_0: &[&str] = &[
        "MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-512",
    ];
    const V1_2: &[&str] = &[
        "MD5",
        "SHA-1",
        "SHA-256",
        "SHA-384",
        "SHA-512",
        "SHA3-256",
        "SHA3-384",
        "SHA3-512",
        "BLAKE2b-256",
        "BLAKE2b-384",
        "BLAKE2b-512",
        "BLAKE3",
    ];
    const V1_7: &[&str] = &[
        "MD5",
        "SHA-1",
        "SHA-256",
        "SHA-384",
        "SHA-512",
        "SHA3-256",
        "SHA3-384",
        "SHA3-512",
        "BLAKE2b-256",
        "BLAKE2b-384",
        "BLAKE2b-512",
        "BLAKE3",
        "Streebog-256",
        "Streebog-512",
    ];
    match version {
        "1.0" | "1.1" => V1_0,
        "1.7" => V1_7,
        _ => V1_2,
    }
}

/// `hashValue`: 32, 40, 64, 96 or 128 hex digits.
fn hash_value_ok(v: &str) -> bool {
    matches!(v.len(), 32 | 40 | 64 | 96 | 128) && v.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn cyclonedx_xml(
    bytes: &[u8],
    detected: &Detected,
) -> Result<ValidationReport, SbomError> {
    let text_str = std::str::from_utf8(bytes).map_err(|e| SbomError::Utf8 {
        offset: e.valid_up_to(),
    })?;
    let doc = parse_document(text_str)?;
    let (ns_str, version) = root_namespace(&doc)?;
    let ns = Ns(ns_str);
    let lines = Lines::new(text_str);
    let mut problems = Vec::new();
    let mut add = |severity, n: Node<'_, '_>, message: String| {
        let line = lines.of(n) as usize;
        problems.push(Problem {
            severity,
            location: format!("line {line}: <{}>", n.tag_name().name()),
            line: Some(line),
            message,
            schema_path: None,
        });
    };
    let types = component_types(&version);
    let algs = hash_algs(&version);
    let version_required = matches!(version.as_str(), "1.0" | "1.1" | "1.2" | "1.3");
    let mut refs: BTreeMap<&str, u32> = BTreeMap::new();
    let mut dependency_refs: Vec<(Node<'_, '_>, &str)> = Vec::new();

    // Every element, in document order (roxmltree's descendants() is iterative).
    for n in doc.root_element().descendants().filter(|n| n.is_element()) {
        if let Some(r) = n.attribute("bom-ref") {
            match refs.get(r) {
                Some(first) => add(
                    Severity::Error,
                    n,
                    format!(
                        "bom-ref `{r}` is not unique (also on line {first}); the XSD requires unique bom-refs"
                    ),
                ),
                None => {
                    refs.insert(r, lines.of(n));
                }
            }
        }
        if n.tag_name().namespace() != Some(ns.0) {
            continue;
        }
        match n.tag_name().name() {
            "component" => {
                match n.attribute("type") {
                    None => add(
                        Severity::Error,
                        n,
                        "component has no `type` attribute (required)".into(),
                    ),
                    Some(t) if !types.contains(&t) => add(
                        Severity::Error,
                        n,
                        format!(
                            "component type `{t}` is not one of the CycloneDX {version} types ({})",
                            types.join(", ")
                        ),
                    ),
                    Some(_) => {}
                }
                if ns.child(n, "name").is_none() {
                    add(
                        Severity::Error,
                        n,
                        "component has no <name> (required)".into(),
                    );
                }
                if version_required && ns.child(n, "version").is_none() {
                    add(
                        Severity::Error,
                        n,
                        "component has no <version> (required up to CycloneDX 1.3)".into(),
                    );
                }
                if let Some(p) = ns.child(n, "purl") {
                    let purl = text(p);
                    if let Err(e) = Purl::parse(&purl) {
                        add(
                            Severity::Warning,
                            p,
                            format!(
                                "purl `{purl}` is not a valid package URL ({}); the component cannot be matched",
                                e.reason
                            ),
                        );
                    }
                }
            }
            "hash" => {
                match n.attribute("alg") {
                    None => add(
                        Severity::Error,
                        n,
                        "hash has no `alg` attribute (required)".into(),
                    ),
                    Some(a) if !algs.contains(&a) => add(
                        Severity::Error,
                        n,
                        format!(
                            "hash algorithm `{a}` is not one of the CycloneDX {version} algorithms ({})",
                            algs.join(", ")
                        ),
                    ),
                    Some(_) => {}
                }
                let value = text(n);
                if !hash_value_ok(&value) {
                    add(
                        Severity::Error,
                        n,
                        format!("hash value `{value}` is not 32, 40, 64, 96 or 128 hex digits"),
                    );
                }
            }
            "license" => {
                let parent_is_licenses = n.parent().is_some_and(|p| ns.is(p, "licenses"));
                if parent_is_licenses
                    && ns.child(n, "id").is_none()
                    && ns.child(n, "name").is_none()
                {
                    add(
                        Severity::Error,
                        n,
                        "license has neither <id> nor <name> (one is required)".into(),
                    );
                }
            }
            "dependency" => match n.attribute("ref") {
                Some(r) => dependency_refs.push((n, r)),
                None => add(
                    Severity::Error,
                    n,
                    "dependency has no `ref` attribute (required)".into(),
                ),
            },
            _ => {}
        }
    }
    for (n, r) in dependency_refs {
        if !refs.contains_key(r) {
            add(
                Severity::Warning,
                n,
                format!("dependency ref `{r}` names no bom-ref in this document"),
            );
        }
    }
    Ok(ValidationReport {
        format: SbomFormat::CycloneDx,
        encoding: Encoding::Xml,
        spec_version: detected.spec_version.clone(),
        checked_against: format!(
            "structural checks from the CycloneDX {version} XSD for the elements Stella reads (component type, name and version; hash algorithm and value; licence id or name; unique bom-refs; dependency refs; purls). Full XSD validation is not performed."
        ),
        problems,
        truncated: false,
    })
}
