//! Which VEX format a document is, decided by content, and the dispatch to its parser.
//!
//! JSON: an OpenVEX `@context` (or `statements` of `{vulnerability, status}`), a CSAF
//! `document.category` of `csaf_vex`, or a CycloneDX BOM with `vulnerabilities`. XML: a
//! CycloneDX `<bom>`. Everything else is refused with [`VexError::NotVex`] naming what it is
//! (a CycloneDX SBOM without vulnerabilities, a CSAF advisory, an SPDX document, an OSV record,
//! …), so a user who hands Stella the wrong file learns which one it was. The three JSON
//! checks are mutually exclusive (each keys on its format's own top-level member).

use serde_json::Value;

use super::{ParsedDocument, VexError, VexFormat, csaf, cyclonedx, openvex};

/// A detected document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The format.
    pub format: VexFormat,
    /// XML (CycloneDX only) rather than JSON.
    pub xml: bool,
}

/// Documentation files are never VEX, even when they quote VEX examples.
fn is_documentation(name: &str) -> bool {
    let file = name
        .rsplit(['/', '\\', '!'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    [
        ".md",
        ".markdown",
        ".rst",
        ".html",
        ".htm",
        ".txt",
        ".pdf",
        ".yaml",
        ".yml",
    ]
    .iter()
    .any(|ext| file.ends_with(ext))
        || file.starts_with("license")
        || file.starts_with("copying")
        || file == "notice"
}

/// The format a malformed JSON document was probably meant to be, from its text.
fn guess_from_text(bytes: &[u8]) -> Option<VexFormat> {
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(65_536)).unwrap_or(bytes));
    if head.contains("openvex.dev/ns") {
        Some(VexFormat::OpenVex)
    } else if head.contains("csaf_vex") {
        Some(VexFormat::CsafVex)
    } else if head.contains("\"CycloneDX\"") {
        Some(VexFormat::CycloneDx)
    } else {
        None
    }
}

/// Name a JSON document that is not VEX.
fn what_json_is(v: &Value) -> String {
    let Some(obj) = v.as_object() else {
        return match v {
            Value::Array(_) => "a JSON array (a VEX document is a JSON object)".into(),
            _ => "a JSON scalar (a VEX document is a JSON object)".into(),
        };
    };
    if obj.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        return "a CycloneDX SBOM without `vulnerabilities` (no VEX statements)".into();
    }
    if obj.contains_key("spdxVersion") {
        return "an SPDX document (SPDX carries no VEX Stella reads)".into();
    }
    if let Some(cat) = v.pointer("/document/category").and_then(Value::as_str)
        && v.pointer("/document/csaf_version").is_some()
    {
        return format!(
            "a CSAF document of category `{cat}`, not the VEX profile `csaf_vex` (read advisories with `stella db ingest`)"
        );
    }
    if obj.contains_key("catalogVersion") && obj.contains_key("vulnerabilities") {
        return "the CISA KEV catalog (read it with `stella db ingest`)".into();
    }
    if obj.contains_key("id") && (obj.contains_key("affected") || obj.contains_key("modified")) {
        return "an OSV record (read advisories with `stella db ingest`)".into();
    }
    if obj.contains_key("$schema")
        && (obj.contains_key("properties")
            || obj.contains_key("definitions")
            || obj.contains_key("$defs"))
    {
        return "a JSON Schema".into();
    }
    if let Some(ctx) = obj.get("@context") {
        return format!(
            "a JSON-LD document whose `@context` {} is not OpenVEX",
            super::short(&ctx.to_string(), 80)
        );
    }
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).take(6).collect();
    keys.sort_unstable();
    format!(
        "a JSON object with top-level keys {} — neither OpenVEX (`@context`, `statements`), CSAF VEX (`document.category: csaf_vex`) nor CycloneDX VEX (`bomFormat`, `vulnerabilities`)",
        if keys.is_empty() {
            "(none)".to_string()
        } else {
            keys.iter()
                .map(|k| format!("`{}`", super::short(k, 40)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    )
}

/// Detect the format of a document.
///
/// # Errors
/// [`VexError::NotVex`] naming what the document is; [`VexError::Json`] for malformed JSON that
/// looks like a VEX format; [`VexError::Xml`] for malformed XML.
pub fn detect(name: &str, bytes: &[u8]) -> Result<Detected, VexError> {
    if is_documentation(name) {
        return Err(VexError::NotVex {
            what: "a documentation or configuration file (by its name)".into(),
        });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'{' | b'[') => {
            let v =
                crate::json::parse_strict(body).map_err(|source| match guess_from_text(body) {
                    Some(format) => VexError::Json { format, source },
                    None => VexError::NotVex {
                        what: format!("malformed JSON without any VEX marker ({source})"),
                    },
                })?;
            let format = if openvex::looks_like(&v) {
                VexFormat::OpenVex
            } else if csaf::looks_like(&v) {
                VexFormat::CsafVex
            } else if cyclonedx::looks_like(&v) {
                VexFormat::CycloneDx
            } else {
                return Err(VexError::NotVex {
                    what: what_json_is(&v),
                });
            };
            Ok(Detected { format, xml: false })
        }
        Some(b'<') => {
            let head = String::from_utf8_lossy(body.get(..body.len().min(4096)).unwrap_or(body));
            if head.contains("http://cyclonedx.org/schema/bom/") {
                if cyclonedx::xml_has_vulnerabilities(body)? {
                    Ok(Detected {
                        format: VexFormat::CycloneDx,
                        xml: true,
                    })
                } else {
                    Err(VexError::NotVex {
                        what:
                            "a CycloneDX SBOM (XML) without `vulnerabilities` (no VEX statements)"
                                .into(),
                    })
                }
            } else {
                Err(VexError::NotVex {
                    what: "an XML document that is not a CycloneDX BOM".into(),
                })
            }
        }
        None => Err(VexError::NotVex {
            what: "an empty document".into(),
        }),
        Some(_) => Err(VexError::NotVex {
            what: "neither JSON nor XML".into(),
        }),
    }
}

/// Parse a document whose format was detected.
///
/// # Errors
/// The parser's [`VexError`].
pub fn parse_detected(d: Detected, name: &str, bytes: &[u8]) -> Result<ParsedDocument, VexError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match (d.format, d.xml) {
        (VexFormat::OpenVex, _) => openvex::parse(name, body),
        (VexFormat::CsafVex, _) => csaf::parse(name, body),
        (VexFormat::CycloneDx, false) => cyclonedx::parse_json(name, body),
        (VexFormat::CycloneDx, true) => {
            let parsed = cyclonedx::parse_xml(name, body)?;
            Ok(parsed)
        }
    }
}

/// Detect and parse.
///
/// # Errors
/// As [`detect`] and [`parse_detected`].
pub fn read(name: &str, bytes: &[u8]) -> Result<(VexFormat, ParsedDocument), VexError> {
    let d = detect(name, bytes)?;
    Ok((d.format, parse_detected(d, name, bytes)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_document() {
        let cases: [(&str, &[u8], &str); 6] = [
            (
                "a.json",
                br#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[]}"#,
                "CycloneDX SBOM",
            ),
            (
                "a.json",
                br#"{"document":{"csaf_version":"2.0","category":"csaf_security_advisory"}}"#,
                "csaf_security_advisory",
            ),
            ("a.json", br#"{"spdxVersion":"SPDX-2.3"}"#, "SPDX"),
            (
                "a.json",
                br#"{"id":"GHSA-1","modified":"2024-01-01T00:00:00Z","affected":[]}"#,
                "OSV record",
            ),
            (
                "a.json",
                br#"{"name":"x","version":1}"#,
                "top-level keys `name`, `version`",
            ),
            (
                "README.md",
                b"# OpenVEX\n{\"@context\":\"https://openvex.dev/ns\"}",
                "documentation",
            ),
        ];
        for (name, text, want) in cases {
            match detect(name, text) {
                Err(VexError::NotVex { what }) => assert!(what.contains(want), "{what}"),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn truncated_vex_is_a_json_error() {
        let e = detect(
            "a.json",
            br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":["#,
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                VexError::Json {
                    format: VexFormat::OpenVex,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn formats_are_told_apart_on_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/vex");
        let mut n = 0;
        for (dir, want) in [
            ("openvex", VexFormat::OpenVex),
            ("csaf", VexFormat::CsafVex),
            ("cyclonedx", VexFormat::CycloneDx),
        ] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if name.ends_with(".md") {
                    continue;
                }
                let bytes = std::fs::read(&p).unwrap();
                assert_eq!(detect(&name, &bytes).unwrap().format, want, "{name}");
                n += 1;
            }
        }
        assert!(n >= 8, "{n}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Damaged documents (truncated anywhere, one byte changed) are an error or a parse,
        /// never a panic; every statement that survives still has a product.
        #[test]
        fn damaged_documents_never_panic(which in 0usize..4, cut in 0.0f64..1.0, at in 0.0f64..1.0, byte in proptest::prelude::any::<u8>()) {
            let files = [
                "openvex/trivy-openvex-multiple.json",
                "csaf/trivy-csaf-relationships.json",
                "cyclonedx/cisa-case-6.vex.json",
                "cyclonedx/use-case-13.vex.xml",
            ];
            let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/vex").join(files[which]);
            let mut bytes = std::fs::read(p).unwrap();
            let i = ((bytes.len() as f64) * at) as usize;
            if i < bytes.len() {
                bytes[i] = byte;
            }
            bytes.truncate(((bytes.len() as f64) * cut) as usize + 1);
            if let Ok((_, doc)) = read(files[which], &bytes) {
                for r in &doc.statements {
                    proptest::prop_assert!(!r.statement.products.is_empty());
                }
            }
        }
    }
}
