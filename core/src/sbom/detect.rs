//! Format detection by content, never by file name.
//!
//! JSON documents are checked strictly first (duplicate keys, depth, truncation: see
//! [`crate::json`]) and then probed by their top-level keys; XML by the root element and its
//! namespace (a `<!DOCTYPE` is refused outright: no external entities, no entity expansion);
//! text by the SPDX tag-value `SPDXVersion:` tag or the SPDX YAML `spdxVersion:` key.
//!
//! Documents that are *not* SBOMs but that users often hand to an SBOM command (OpenVEX, CSAF,
//! CycloneDX VEX, OSV, KEV, in-toto envelopes without an SBOM predicate) are named, so the
//! diagnostic can say what the file is and which command reads it.

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{Encoding, SbomError, SbomFormat};

/// The result of format detection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The standard.
    pub format: SbomFormat,
    /// The serialisation.
    pub encoding: Encoding,
    /// Spec version as stated (`1.6`, `2.3`, `3.0.1`).
    pub spec_version: String,
}

/// CycloneDX spec versions Stella reads.
pub const CYCLONEDX_VERSIONS: &[&str] = &["1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];
/// SPDX 2 versions Stella reads.
pub const SPDX2_VERSIONS: &[&str] = &["2.0", "2.1", "2.2", "2.3"];

/// Detect the format of an SBOM document.
///
/// # Errors
/// [`SbomError::NotAnSbom`] for recognised non-SBOM documents, [`SbomError::UnknownFormat`],
/// [`SbomError::UnsupportedVersion`], or the syntax error that prevented detection.
pub fn detect(bytes: &[u8]) -> Result<Detected, SbomError> {
    let bytes = strip_bom(bytes);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(SbomError::UnknownFormat {
            reason: "the file is UTF-16 encoded; convert it to UTF-8".into(),
        });
    }
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(first) = first else {
        return Err(SbomError::UnknownFormat {
            reason: if bytes.is_empty() {
                "the file is empty".into()
            } else {
                "the file contains only whitespace".into()
            },
        });
    };
    match bytes[first] {
        b'[' if looks_like_debian_tracker_list(bytes) => Err(SbomError::NotAnSbom {
            what: "a Debian security tracker DSA/DLA list".into(),
            hint: Some("read advisories with `stella db ingest`".into()),
        }),
        b'{' | b'[' => detect_json(bytes),
        b'<' => detect_xml(bytes),
        _ => {
            let text = std::str::from_utf8(bytes).map_err(|e| SbomError::Utf8 {
                offset: e.valid_up_to(),
            })?;
            detect_text(text)
        }
    }
}

/// `[14 May 2022] DLA-3008-1 openssl - security update`: the first line of a Debian tracker list.
fn looks_like_debian_tracker_list(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    let Some(rest) = line.trim_start().strip_prefix('[') else {
        return false;
    };
    let Some((date, after)) = rest.split_once(']') else {
        return false;
    };
    date.split(' ').count() == 3
        && date.chars().next().is_some_and(|c| c.is_ascii_digit())
        && (after.trim_start().starts_with("DSA-")
            || after.trim_start().starts_with("DLA-")
            || after.trim_start().starts_with("DTSA-"))
}

/// Skip a UTF-8 byte order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)
}

#[derive(Deserialize)]
struct Probe {
    #[serde(rename = "bomFormat")]
    bom_format: Option<serde_json::Value>,
    #[serde(rename = "specVersion")]
    spec_version: Option<serde_json::Value>,
    #[serde(rename = "spdxVersion")]
    spdx_version: Option<serde_json::Value>,
    #[serde(rename = "@context")]
    context: Option<serde_json::Value>,
    #[serde(rename = "@graph")]
    graph: Option<IgnoredAny>,
    components: Option<IgnoredAny>,
    vulnerabilities: Option<IgnoredAny>,
    document: Option<CsafProbe>,
    #[serde(rename = "_type")]
    intoto_type: Option<serde_json::Value>,
    #[serde(rename = "payloadType")]
    payload_type: Option<serde_json::Value>,
    #[serde(rename = "catalogVersion")]
    catalog_version: Option<IgnoredAny>,
    affected: Option<IgnoredAny>,
    id: Option<IgnoredAny>,
    modified: Option<IgnoredAny>,
    statements: Option<IgnoredAny>,
    #[serde(rename = "mediaType")]
    media_type: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct CsafProbe {
    csaf_version: Option<IgnoredAny>,
    category: Option<serde_json::Value>,
}

fn as_str(v: &Option<serde_json::Value>) -> Option<&str> {
    v.as_ref().and_then(|v| v.as_str())
}

fn detect_json(bytes: &[u8]) -> Result<Detected, SbomError> {
    crate::json::check_strict(bytes).map_err(|source| SbomError::Json {
        format: "SBOM",
        source,
    })?;
    let first = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if bytes[first] == b'[' {
        return Err(SbomError::UnknownFormat {
            reason: "the document is a JSON array; an SBOM is a JSON object".into(),
        });
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| SbomError::UnknownFormat {
        reason: format!("the JSON object's top-level keys have unexpected types ({e})"),
    })?;

    if let Some(fmt) = &probe.bom_format {
        if fmt.as_str() != Some("CycloneDX") {
            return Err(SbomError::UnknownFormat {
                reason: format!("`bomFormat` is {fmt}, expected \"CycloneDX\""),
            });
        }
        let version = as_str(&probe.spec_version).ok_or_else(|| SbomError::Invalid {
            format: SbomFormat::CycloneDx,
            location: "/specVersion".into(),
            message: "a CycloneDX JSON document needs a string `specVersion`".into(),
            line: None,
        })?;
        check_version(SbomFormat::CycloneDx, version, CYCLONEDX_VERSIONS)?;
        if probe.components.is_none() && probe.vulnerabilities.is_some() {
            return Err(SbomError::NotAnSbom {
                what: "a CycloneDX VEX/VDR document (it lists vulnerabilities but no components)"
                    .into(),
                hint: Some("read VEX with `stella vex ingest`".into()),
            });
        }
        return Ok(Detected {
            format: SbomFormat::CycloneDx,
            encoding: Encoding::Json,
            spec_version: version.to_string(),
        });
    }
    if let Some(v) = &probe.spdx_version {
        let Some(text) = v.as_str() else {
            return Err(SbomError::Invalid {
                format: SbomFormat::Spdx,
                location: "/spdxVersion".into(),
                message: format!("`spdxVersion` must be a string such as \"SPDX-2.3\", found {v}"),
                line: None,
            });
        };
        let version = text.strip_prefix("SPDX-").unwrap_or(text);
        if version.starts_with("3.") {
            return Ok(Detected {
                format: SbomFormat::Spdx,
                encoding: Encoding::JsonLd,
                spec_version: version.to_string(),
            });
        }
        check_version(SbomFormat::Spdx, version, SPDX2_VERSIONS)?;
        return Ok(Detected {
            format: SbomFormat::Spdx,
            encoding: Encoding::Json,
            spec_version: version.to_string(),
        });
    }
    if let Some(ctx) = &probe.context {
        let ctx_text = ctx.to_string();
        if ctx_text.contains("openvex") {
            return Err(SbomError::NotAnSbom {
                what: "an OpenVEX document".into(),
                hint: Some("read VEX with `stella vex ingest`".into()),
            });
        }
        if ctx_text.contains("spdx.org/rdf/3") || ctx_text.contains("spdx-context") {
            let version = spdx3_version(&ctx_text);
            return Ok(Detected {
                format: SbomFormat::Spdx,
                encoding: Encoding::JsonLd,
                spec_version: version,
            });
        }
        if probe.graph.is_some() {
            return Err(SbomError::UnknownFormat {
                reason: format!("a JSON-LD document whose context {ctx_text} is not SPDX 3"),
            });
        }
    }
    if let Some(doc) = &probe.document
        && doc.csaf_version.is_some()
    {
        let cat = as_str(&doc.category).unwrap_or("unknown");
        let (kind, hint) = if cat == "csaf_vex" {
            ("a CSAF VEX document", "read VEX with `stella vex ingest`")
        } else {
            ("a CSAF advisory", "read advisories with `stella db ingest`")
        };
        return Err(SbomError::NotAnSbom {
            what: format!("{kind} (category `{cat}`)"),
            hint: Some(hint.into()),
        });
    }
    if let Some(t) = as_str(&probe.intoto_type)
        && t.starts_with("https://in-toto.io/Statement")
    {
        return Err(SbomError::NotAnSbom {
            what: "an in-toto statement whose predicate is not a CycloneDX or SPDX document".into(),
            hint: None,
        });
    }
    if probe.payload_type.is_some() {
        return Err(SbomError::NotAnSbom {
            what: "a DSSE envelope whose payload is not an in-toto statement carrying an SBOM"
                .into(),
            hint: Some("verify envelopes with `stella verify`".into()),
        });
    }
    if probe.catalog_version.is_some() && probe.vulnerabilities.is_some() {
        return Err(SbomError::NotAnSbom {
            what: "the CISA Known Exploited Vulnerabilities catalog".into(),
            hint: Some("read it with `stella db ingest`".into()),
        });
    }
    if probe.id.is_some() && (probe.affected.is_some() || probe.modified.is_some()) {
        return Err(SbomError::NotAnSbom {
            what: "an OSV vulnerability record".into(),
            hint: Some("read advisories with `stella db ingest`".into()),
        });
    }
    if probe.statements.is_some() {
        return Err(SbomError::NotAnSbom {
            what: "a VEX document (it has `statements`)".into(),
            hint: Some("read VEX with `stella vex ingest`".into()),
        });
    }
    if let Some(mt) = as_str(&probe.media_type) {
        return Err(SbomError::UnknownFormat {
            reason: format!("a JSON document with media type `{mt}`, not an SBOM"),
        });
    }
    Err(SbomError::UnknownFormat {
        reason: "a JSON object without `bomFormat` (CycloneDX), `spdxVersion` (SPDX 2) or an SPDX 3 `@context`".into(),
    })
}

fn spdx3_version(ctx: &str) -> String {
    // "https://spdx.org/rdf/3.0.1/spdx-context.jsonld" → "3.0.1"
    if let Some(i) = ctx.find("spdx.org/rdf/") {
        let rest = &ctx[i + "spdx.org/rdf/".len()..];
        let v: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        if !v.is_empty() {
            return v.trim_end_matches('.').to_string();
        }
    }
    "3.0".to_string()
}

fn check_version(format: SbomFormat, version: &str, supported: &[&str]) -> Result<(), SbomError> {
    if supported.contains(&version) {
        Ok(())
    } else {
        let list: &'static str = match format {
            SbomFormat::CycloneDx => "CycloneDX 1.0–1.7",
            SbomFormat::Spdx => "SPDX 2.0–2.3 and 3.0",
        };
        Err(SbomError::UnsupportedVersion {
            format,
            version: version.to_string(),
            supported: list,
        })
    }
}

fn detect_xml(bytes: &[u8]) -> Result<Detected, SbomError> {
    let text = std::str::from_utf8(bytes).map_err(|e| SbomError::Utf8 {
        offset: e.valid_up_to(),
    })?;
    // Walk the prolog by hand: declarations, comments, processing instructions, then the root.
    let mut pos = 0usize;
    loop {
        let rest = &text[pos..];
        let Some(lt) = rest.find('<') else {
            return Err(SbomError::UnknownFormat {
                reason: "an XML document without a root element".into(),
            });
        };
        let at = pos + lt;
        let tail = &text[at..];
        if tail.starts_with("<?") {
            pos = at
                + tail
                    .find("?>")
                    .map(|i| i + 2)
                    .ok_or_else(|| xml_err(text, at, "unterminated processing instruction"))?;
        } else if tail.starts_with("<!--") {
            pos = at
                + tail
                    .find("-->")
                    .map(|i| i + 3)
                    .ok_or_else(|| xml_err(text, at, "unterminated comment"))?;
        } else if tail.starts_with("<!") {
            return Err(xml_err(
                text,
                at,
                "document type declarations (DTDs) are refused: they allow external entities and entity expansion",
            ));
        } else {
            let end = tail
                .find('>')
                .ok_or_else(|| xml_err(text, at, "unterminated start tag"))?;
            let tag = &tail[1..end];
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
                .collect();
            let local = name.rsplit(':').next().unwrap_or(&name);
            let ns = find_cyclonedx_ns(tag);
            if local == "bom" {
                if let Some(v) = ns {
                    check_version(SbomFormat::CycloneDx, &v, CYCLONEDX_VERSIONS)?;
                    return Ok(Detected {
                        format: SbomFormat::CycloneDx,
                        encoding: Encoding::Xml,
                        spec_version: v,
                    });
                }
                return Err(SbomError::UnknownFormat {
                    reason: "an XML <bom> element without a CycloneDX namespace (http://cyclonedx.org/schema/bom/1.x)".into(),
                });
            }
            if local == "RDF" {
                return Err(SbomError::UnknownFormat { reason: "an RDF/XML document; SPDX RDF is not supported, use SPDX JSON, YAML or tag-value".into() });
            }
            return Err(SbomError::UnknownFormat {
                reason: format!(
                    "an XML document with root element <{name}>, not a CycloneDX <bom>"
                ),
            });
        }
    }
}

fn find_cyclonedx_ns(tag: &str) -> Option<String> {
    const NS: &str = "http://cyclonedx.org/schema/bom/";
    let i = tag.find(NS)?;
    let rest = &tag[i + NS.len()..];
    let v: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    (!v.is_empty()).then_some(v)
}

fn xml_err(text: &str, offset: usize, message: &str) -> SbomError {
    let (line, column) = line_col(text, offset);
    SbomError::Xml {
        line: line as u32,
        column: column as u32,
        message: message.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn detect_text(text: &str) -> Result<Detected, SbomError> {
    let mut yaml_keys = Vec::new();
    for line in text.lines() {
        let l = line.trim_start_matches('\u{feff}');
        if let Some(v) = l.strip_prefix("SPDXVersion:") {
            let v = v.trim();
            let version = v.strip_prefix("SPDX-").unwrap_or(v).to_string();
            check_version(SbomFormat::Spdx, &version, SPDX2_VERSIONS)?;
            return Ok(Detected {
                format: SbomFormat::Spdx,
                encoding: Encoding::TagValue,
                spec_version: version,
            });
        }
        if let Some(v) = l.strip_prefix("spdxVersion:") {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            let version = v.strip_prefix("SPDX-").unwrap_or(v).to_string();
            check_version(SbomFormat::Spdx, &version, SPDX2_VERSIONS)?;
            return Ok(Detected {
                format: SbomFormat::Spdx,
                encoding: Encoding::Yaml,
                spec_version: version,
            });
        }
        if !l.starts_with([' ', '\t', '-', '#'])
            && let Some((k, _)) = l.split_once(':')
            && yaml_keys.len() < 8
            && !k.is_empty()
            && !k.contains(' ')
        {
            yaml_keys.push(k.to_string());
        }
    }
    let has = |k: &str| yaml_keys.iter().any(|x| x == k);
    if has("id") && (has("affected") || has("modified")) {
        return Err(SbomError::NotAnSbom {
            what: "an OSV vulnerability record (YAML)".into(),
            hint: Some("read advisories with `stella db ingest`".into()),
        });
    }
    if has("distroversion") && has("packages") {
        return Err(SbomError::NotAnSbom {
            what: "an Alpine secdb file".into(),
            hint: Some("read advisories with `stella db ingest`".into()),
        });
    }
    if has("gem") || has("cve") && has("patched_versions") {
        return Err(SbomError::NotAnSbom {
            what: "a RubySec advisory".into(),
            hint: Some("read advisories with `stella db ingest`".into()),
        });
    }
    let what = if yaml_keys.is_empty() {
        "text that is not JSON, XML, SPDX tag-value or SPDX YAML".to_string()
    } else {
        format!(
            "a text/YAML document without an SPDX version (top-level keys: {})",
            yaml_keys.join(", ")
        )
    };
    Err(SbomError::UnknownFormat { reason: what })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        let d =
            detect(br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}"#).unwrap();
        assert_eq!(
            (d.format, d.encoding, d.spec_version.as_str()),
            (SbomFormat::CycloneDx, Encoding::Json, "1.6")
        );
        let d = detect(b"<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\" version=\"1\"/>").unwrap();
        assert_eq!(
            (d.encoding, d.spec_version.as_str()),
            (Encoding::Xml, "1.4")
        );
        let d = detect(b"SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n").unwrap();
        assert_eq!(
            (d.encoding, d.spec_version.as_str()),
            (Encoding::TagValue, "2.2")
        );
        let d = detect(b"---\nSPDXID: \"SPDXRef-DOCUMENT\"\nspdxVersion: \"SPDX-2.3\"\n").unwrap();
        assert_eq!(
            (d.encoding, d.spec_version.as_str()),
            (Encoding::Yaml, "2.3")
        );
        let d =
            detect(br#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}"#)
                .unwrap();
        assert_eq!(
            (d.encoding, d.spec_version.as_str()),
            (Encoding::JsonLd, "3.0.1")
        );
    }

    #[test]
    fn names_non_sboms() {
        let e =
            detect(br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}"#).unwrap_err();
        assert!(
            matches!(e, SbomError::NotAnSbom { ref what, .. } if what.contains("OpenVEX")),
            "{e}"
        );
        let e =
            detect(br#"{"document":{"csaf_version":"2.0","category":"csaf_vex"}}"#).unwrap_err();
        assert!(e.to_string().contains("CSAF VEX"), "{e}");
        let e = detect(br#"{"bomFormat":"CycloneDX","specVersion":"1.4","vulnerabilities":[]}"#)
            .unwrap_err();
        assert!(e.to_string().contains("VEX"), "{e}");
    }

    #[test]
    fn refuses_dtd_and_junk() {
        let e = detect(b"<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY a \"b\">]>\n<bom/>")
            .unwrap_err();
        assert!(matches!(e, SbomError::Xml { line: 2, .. }), "{e}");
        assert!(matches!(detect(b""), Err(SbomError::UnknownFormat { .. })));
        assert!(matches!(
            detect(b"\xff\xfe\x00junk"),
            Err(SbomError::UnknownFormat { .. })
        ));
        assert!(matches!(
            detect(b"hello \xc3\x28"),
            Err(SbomError::Utf8 { offset: 6 })
        ));
        let e = detect(br#"{"bomFormat":"CycloneDX","specVersion":"9.9"}"#).unwrap_err();
        assert!(matches!(e, SbomError::UnsupportedVersion { .. }));
    }
}
