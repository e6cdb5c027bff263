//! CycloneDX JSON (1.2–1.7) into the shared [`Builder`].
//!
//! The serde types here are deliberately lenient: every field is optional (`null` included), no
//! `deny_unknown_fields`, and `metadata.tools` is kept as a raw `Value` because it is a list of
//! `{vendor, name, version}` in 1.2–1.4 and an object `{components, services}` from 1.5 on (some
//! 1.5/1.6 producers still write the list). A field Stella reads that has the wrong JSON type is
//! a data error with a JSON pointer, never a silent default.

use serde::Deserialize;

use super::{Builder, CPE_PROPERTY_NAMES, Header, RawComponent, license_text};
use crate::json::JsonError;
use crate::sbom::detect::{CYCLONEDX_VERSIONS, strip_bom};
use crate::sbom::{Encoding, Inventory, SbomError, SbomFormat, Tool};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Bom {
    #[serde(rename = "bomFormat")]
    bom_format: Option<String>,
    #[serde(rename = "specVersion")]
    spec_version: Option<String>,
    #[serde(rename = "serialNumber")]
    serial_number: Option<String>,
    /// Kept raw: a malformed `version` is not a reason to refuse an SBOM.
    version: Option<serde_json::Value>,
    metadata: Option<Metadata>,
    components: Option<Vec<JComponent>>,
    dependencies: Option<Vec<JDependency>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Metadata {
    timestamp: Option<String>,
    tools: Option<serde_json::Value>,
    component: Option<JComponent>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JComponent {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "bom-ref")]
    bom_ref: Option<String>,
    name: Option<String>,
    group: Option<String>,
    version: Option<String>,
    purl: Option<String>,
    cpe: Option<String>,
    hashes: Option<Vec<JHash>>,
    licenses: Option<Vec<JLicenseChoice>>,
    properties: Option<Vec<JProperty>>,
    components: Option<Vec<JComponent>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JHash {
    alg: Option<String>,
    content: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JLicenseChoice {
    license: Option<JLicense>,
    expression: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JLicense {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JProperty {
    name: Option<String>,
    value: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JDependency {
    #[serde(rename = "ref")]
    reference: Option<String>,
    #[serde(rename = "dependsOn")]
    depends_on: Option<Vec<String>>,
}

fn json_err(source: JsonError) -> SbomError {
    SbomError::Json {
        format: "CycloneDX",
        source,
    }
}

/// Read a CycloneDX JSON document (spec 1.2–1.7).
///
/// Duplicate keys are refused (as by [`crate::sbom::detect()`]), so the function is safe to call
/// without detection. `metadata.component` becomes a component and the inventory's subject;
/// nested components are flattened depth-first with [`Component::parent`](crate::sbom::Component::parent)
/// set; components are never dropped (a malformed purl is kept with `purl_error`, a missing name
/// with a [`Warning`](crate::sbom::Warning)).
///
/// # Errors
/// [`SbomError::Json`] (with line, column and JSON pointer) for syntax and type errors,
/// [`SbomError::UnknownFormat`] when `bomFormat` is not `CycloneDX`,
/// [`SbomError::Invalid`] without a `specVersion`, [`SbomError::UnsupportedVersion`].
pub fn read_json(bytes: &[u8]) -> Result<Inventory, SbomError> {
    let bytes = strip_bom(bytes);
    let bom: Bom = crate::json::from_slice_strict(bytes).map_err(json_err)?;
    match bom.bom_format.as_deref() {
        Some("CycloneDX") => {}
        Some(other) => {
            return Err(SbomError::UnknownFormat {
                reason: format!("`bomFormat` is \"{other}\", expected \"CycloneDX\""),
            });
        }
        None => {
            return Err(SbomError::UnknownFormat {
                reason: "a JSON object without `bomFormat`; not a CycloneDX document".into(),
            });
        }
    }
    let spec_version = bom.spec_version.ok_or_else(|| SbomError::Invalid {
        format: SbomFormat::CycloneDx,
        location: "/specVersion".into(),
        message: "a CycloneDX JSON document needs a string `specVersion`".into(),
        line: None,
    })?;
    if !CYCLONEDX_VERSIONS.contains(&spec_version.as_str()) {
        return Err(SbomError::UnsupportedVersion {
            format: SbomFormat::CycloneDx,
            version: spec_version,
            supported: "CycloneDX 1.0–1.7",
        });
    }

    let mut b = Builder::new();
    let mut created = None;
    if let Some(md) = bom.metadata {
        created = md.timestamp;
        if let Some(tools) = &md.tools {
            read_tools(tools, &mut b);
        }
        if let Some(c) = md.component {
            let i = add_tree(c, "/metadata/component".into(), &mut b);
            b.set_subject(i);
        }
    }
    for (i, c) in bom.components.into_iter().flatten().enumerate() {
        add_tree(c, format!("/components/{i}"), &mut b);
    }
    for (i, d) in bom.dependencies.into_iter().flatten().enumerate() {
        match d.reference.as_deref().map(str::trim) {
            Some(from) if !from.is_empty() => {
                for to in d.depends_on.iter().flatten() {
                    b.depends_on(from, to);
                }
            }
            _ => b.warn(
                &format!("/dependencies/{i}"),
                "dependency entry without a `ref`; ignored".into(),
            ),
        }
    }
    Ok(b.finish(Header {
        encoding: Encoding::Json,
        spec_version,
        created,
        serial_number: bom.serial_number,
        bom_version: bom
            .version
            .as_ref()
            .and_then(serde_json::Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
            .filter(|v| *v > 0),
    }))
}

/// Add a component and its nested components, depth-first, parents first.
fn add_tree(root: JComponent, pointer: String, b: &mut Builder) -> usize {
    // Explicit stack: nesting is bounded by serde_json's recursion limit, but the walk does not
    // need to rely on it.
    let mut stack = vec![(root, pointer, None::<usize>)];
    let mut first = None;
    while let Some((mut c, ptr, parent)) = stack.pop() {
        let children = c.components.take().unwrap_or_default();
        let index = b.push(raw_of(c), parent, ptr.clone());
        first.get_or_insert(index);
        for (i, child) in children.into_iter().enumerate().rev() {
            stack.push((child, format!("{ptr}/components/{i}"), Some(index)));
        }
    }
    first.unwrap_or_default()
}

fn raw_of(c: JComponent) -> RawComponent {
    let mut cpes: Vec<String> = c.cpe.into_iter().collect();
    let mut properties = Vec::new();
    for p in c.properties.into_iter().flatten() {
        if let (Some(n), Some(v)) = (p.name, p.value) {
            if CPE_PROPERTY_NAMES.contains(&n.as_str()) {
                cpes.push(v);
            } else if super::is_source_property(&n) {
                properties.push((n, v));
            }
        }
    }
    let hashes = c
        .hashes
        .into_iter()
        .flatten()
        .filter_map(|h| Some((h.alg?, h.content?)))
        .collect();
    let mut licenses = Vec::new();
    for l in c.licenses.into_iter().flatten() {
        if let Some(e) = l.expression.filter(|e| !e.trim().is_empty()) {
            licenses.push(e);
        }
        if let Some(t) = l.license.and_then(|l| license_text(l.id, l.name)) {
            licenses.push(t);
        }
    }
    RawComponent {
        bom_ref: c.bom_ref,
        kind: c.kind,
        name: c.name,
        group: c.group,
        version: c.version,
        purl: c.purl,
        cpes,
        hashes,
        licenses,
        properties,
    }
}

fn str_field(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `metadata.tools`: a list of legacy tools (≤ 1.4) or `{components, services}` (1.5+).
fn read_tools(tools: &serde_json::Value, b: &mut Builder) {
    use serde_json::Value;
    let tool_of = |v: &Value, legacy: bool| {
        let vendor = if legacy {
            str_field(v, "vendor")
        } else {
            // 1.5+ tool components and services: the vendor is the group (as
            // cyclonedx-python-lib maps it), else the publisher, supplier or provider.
            str_field(v, "group")
                .or_else(|| str_field(v, "publisher"))
                .or_else(|| v.get("supplier").and_then(|s| str_field(s, "name")))
                .or_else(|| v.get("provider").and_then(|s| str_field(s, "name")))
        };
        Tool {
            vendor,
            name: str_field(v, "name").unwrap_or_default(),
            version: str_field(v, "version"),
        }
    };
    match tools {
        Value::Array(items) => {
            for item in items {
                // A 1.5+ producer writing tool components into the legacy list.
                let legacy = item.get("vendor").is_some() || item.get("type").is_none();
                b.tool(tool_of(item, legacy));
            }
        }
        Value::Object(map) => {
            for key in ["components", "services"] {
                if let Some(Value::Array(items)) = map.get(key) {
                    for item in items {
                        b.tool(tool_of(item, false));
                    }
                }
            }
        }
        _ => b.warn(
            "/metadata/tools",
            "`tools` is neither a list nor an object; ignored".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sbom::RelationshipKind;

    fn read(s: &str) -> Inventory {
        read_json(s.as_bytes()).unwrap()
    }

    #[test]
    fn minimal_document() {
        let inv = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","serialNumber":"urn:uuid:1",
            "components":[{"type":"library","bom-ref":"a","name":"left-pad","version":"1.3.0",
            "purl":"pkg:npm/left-pad@1.3.0"}]}"#,
        );
        assert_eq!(inv.source.spec_version, "1.4");
        assert_eq!(inv.source.encoding, Encoding::Json);
        assert_eq!(inv.source.document_id.as_deref(), Some("urn:uuid:1"));
        assert_eq!(inv.components.len(), 1);
        let c = &inv.components[0];
        assert_eq!(
            (c.bom_ref.as_str(), c.name.as_str(), c.version.as_deref()),
            ("a", "left-pad", Some("1.3.0"))
        );
        assert_eq!(c.kind, "library");
        assert!(c.is_identified());
        assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
    }

    #[test]
    fn field_mapping_table() {
        // (component JSON, check) — one mapping rule per row.
        type Check = fn(&crate::sbom::Component);
        let rows: &[(&str, Check)] = &[
            // `type` is lowercased; a missing type defaults to library.
            (r#"{"type":"APPLICATION","name":"x"}"#, |c| {
                assert_eq!(c.kind, "application")
            }),
            (r#"{"name":"x"}"#, |c| assert_eq!(c.kind, "library")),
            (r#"{"type":"operating-system","name":"debian"}"#, |c| {
                assert_eq!(c.kind, "operating-system")
            }),
            // group is kept (and part of the identity when there is no purl).
            (
                r#"{"group":"org.slf4j","name":"slf4j-api","version":"1.7.25"}"#,
                |c| {
                    assert_eq!(c.group.as_deref(), Some("org.slf4j"));
                    assert_eq!(c.identity(), "org.slf4j/slf4j-api@1.7.25");
                },
            ),
            // An empty version is no version.
            (r#"{"name":"x","version":""}"#, |c| {
                assert_eq!(c.version, None)
            }),
            // Hash algorithms are normalised, values lowercased.
            (
                r#"{"name":"x","hashes":[{"alg":"SHA-256","content":"AB"},{"alg":"SHA3-512","content":"cd"}]}"#,
                |c| {
                    let h: Vec<_> = c
                        .hashes
                        .iter()
                        .map(|h| (h.alg.as_str(), h.value.as_str()))
                        .collect();
                    assert_eq!(h, [("sha256", "ab"), ("sha3-512", "cd")]);
                },
            ),
            // A hash without content is not a hash.
            (r#"{"name":"x","hashes":[{"alg":"MD5"}]}"#, |c| {
                assert!(c.hashes.is_empty())
            }),
            // Licences: id, else name, and expressions; sorted, de-duplicated.
            (
                r#"{"name":"x","licenses":[{"license":{"id":"MIT","name":"ignored"}},{"license":{"name":"Custom EULA"}},{"expression":"Apache-2.0 OR MIT"},{"license":{"id":"MIT"}}]}"#,
                |c| assert_eq!(c.licenses, ["Apache-2.0 OR MIT", "Custom EULA", "MIT"]),
            ),
            // A licence with only a url says nothing we keep; NOASSERTION is not a licence.
            (
                r#"{"name":"x","licenses":[{"license":{"url":"https://x"}},{"license":{"id":"NOASSERTION"}}]}"#,
                |c| assert!(c.licenses.is_empty()),
            ),
            // cpe plus CPEs from Syft's and Stella's properties.
            (
                r#"{"name":"x","cpe":"cpe:2.3:a:x:x:1:*:*:*:*:*:*:*","properties":[{"name":"syft:cpe23","value":"cpe:2.3:a:y:x:1:*:*:*:*:*:*:*"},{"name":"other","value":"z"},{"name":"stella:cpe"}]}"#,
                |c| assert_eq!(c.cpes.len(), 2),
            ),
            // purl → ecosystem and distro.
            (
                r#"{"name":"zlib","purl":"pkg:deb/debian/zlib1g@1.2.11?distro=debian-11"}"#,
                |c| {
                    assert_eq!(c.distro.as_deref(), Some("debian-11"));
                    assert!(c.ecosystem.is_some());
                },
            ),
            // A malformed purl is kept, with its error; the component is unidentified.
            (r#"{"name":"x","purl":"pkg-:golang/x@1"}"#, |c| {
                assert_eq!(c.purl_raw.as_deref(), Some("pkg-:golang/x@1"));
                assert!(c.purl_error.is_some());
                assert!(!c.is_identified());
            }),
        ];
        for (component, check) in rows {
            let doc = format!(
                r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{component}]}}"#
            );
            let inv = read(&doc);
            assert_eq!(inv.components.len(), 1, "{component}");
            check(&inv.components[0]);
        }
    }

    #[test]
    fn tools_both_shapes() {
        let legacy = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","metadata":{"tools":[
            {"vendor":"CycloneDX","name":"cyclonedx-npm","version":"1.0"}]}}"#,
        );
        assert_eq!(
            legacy.source.tools,
            [Tool {
                vendor: Some("CycloneDX".into()),
                name: "cyclonedx-npm".into(),
                version: Some("1.0".into())
            }]
        );
        let modern = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"tools":{
            "components":[{"type":"application","group":"@cyclonedx","name":"cdxgen","version":"10"},
                          {"type":"application","name":"grype","publisher":"anchore"}],
            "services":[{"provider":{"name":"Acme"},"name":"scanner"}]}}}"#,
        );
        let names: Vec<_> = modern
            .source
            .tools
            .iter()
            .map(|t| (t.vendor.as_deref(), t.name.as_str(), t.version.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                (Some("@cyclonedx"), "cdxgen", Some("10")),
                (Some("anchore"), "grype", None),
                (Some("Acme"), "scanner", None)
            ]
        );
        // Neither shape: a warning, not a failure.
        let odd = read(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"tools":"x"}}"#);
        assert!(odd.source.tools.is_empty());
        assert_eq!(odd.warnings.len(), 1);
    }

    #[test]
    fn metadata_component_is_the_subject_and_nesting_sets_parent() {
        let inv = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.5",
            "metadata":{"timestamp":"2024-01-02T03:04:05Z","component":{"type":"application","bom-ref":"app","name":"app",
                "components":[{"bom-ref":"mod","name":"module"}]}},
            "components":[{"bom-ref":"p","name":"parent","components":[
                {"bom-ref":"c1","name":"child1","components":[{"bom-ref":"g","name":"grandchild"}]},
                {"bom-ref":"c2","name":"child2"}]},
              {"bom-ref":"q","name":"other"}]}"#,
        );
        assert_eq!(inv.subject, ["app"]);
        assert_eq!(inv.source.created.as_deref(), Some("2024-01-02T03:04:05Z"));
        // Depth-first, document order, parents before children.
        let order: Vec<_> = inv
            .components
            .iter()
            .map(|c| (c.bom_ref.as_str(), c.parent.as_deref()))
            .collect();
        assert_eq!(
            order,
            [
                ("app", None),
                ("mod", Some("app")),
                ("p", None),
                ("c1", Some("p")),
                ("g", Some("c1")),
                ("c2", Some("p")),
                ("q", None)
            ]
        );
    }

    #[test]
    fn dependencies_become_depends_on_edges() {
        let inv = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4",
            "components":[{"bom-ref":"a","name":"a"},{"bom-ref":"b","name":"b"},{"bom-ref":"c","name":"c"}],
            "dependencies":[{"ref":"a","dependsOn":["b","c","b"]},{"ref":"b"},{"ref":"c","dependsOn":["missing"]},
                            {"dependsOn":["a"]}]}"#,
        );
        let edges: Vec<_> = inv
            .relationships
            .iter()
            .map(|r| (r.from.as_str(), r.kind, r.to.as_str()))
            .collect();
        // Duplicates collapse; the edge to an unknown ref is dropped with a warning; the entry
        // without `ref` is ignored with a warning.
        assert_eq!(
            edges,
            [
                ("a", RelationshipKind::DependsOn, "b"),
                ("a", RelationshipKind::DependsOn, "c")
            ]
        );
        assert_eq!(inv.warnings.len(), 2, "{:?}", inv.warnings);
    }

    #[test]
    fn synthesised_refs_are_stable_and_disambiguated() {
        let inv = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[
            {"name":"a","version":"1","purl":"pkg:npm/a@1?x=1"},
            {"name":"a","version":"1","purl":"pkg:npm/a@1?x=2"},
            {"bom-ref":"stella:noname#2","name":"taken"},
            {"name":"noname"},{"name":"noname"},{"name":"noname"}]}"#,
        );
        let refs: Vec<_> = inv.components.iter().map(|c| c.bom_ref.as_str()).collect();
        // Qualifiers are not part of the identity, so the second `a` gets `#2`; an explicit ref
        // that looks synthetic is skipped, not duplicated.
        assert_eq!(
            refs,
            [
                "stella:pkg:npm/a@1",
                "stella:pkg:npm/a@1#2",
                "stella:noname#2",
                "stella:noname",
                "stella:noname#3",
                "stella:noname#4"
            ]
        );
    }

    #[test]
    fn nameless_components_are_kept_with_a_warning() {
        let inv = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"bom-ref":"x","purl":"pkg:npm/a@1"},{}]}"#,
        );
        assert_eq!(inv.components.len(), 2);
        assert_eq!(inv.components[0].name, "");
        assert_eq!(inv.warnings.len(), 2);
        assert!(inv.warnings.iter().any(|w| w.location == "/components/1"));
    }

    #[test]
    fn duplicate_bom_refs_are_kept_with_a_warning() {
        let inv = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"bom-ref":"x","name":"a"},{"bom-ref":"x","name":"b"}]}"#,
        );
        assert_eq!(inv.components.len(), 2);
        assert!(inv.warnings[0].message.contains("used by 2 components"));
    }

    #[test]
    fn nulls_and_unknown_fields_are_tolerated() {
        let inv = read(
            r#"{"bomFormat":"CycloneDX","specVersion":"1.7","metadata":null,"components":[{"name":"x","version":null,
            "hashes":null,"licenses":[{"license":{"id":"MIT","acknowledgement":"declared"}}],"evidence":{"a":1},
            "x-custom":[1,2]}],"dependencies":null,"vulnerabilities":[],"signature":{}}"#,
        );
        assert_eq!(inv.components[0].licenses, ["MIT"]);
    }

    #[test]
    fn errors_carry_pointers_and_positions() {
        let cases: &[(&str, &str)] = &[
            // Wrong type where Stella reads a value: a data error with the pointer.
            (
                r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"name":"a"},{"name":"b","version":1}]}"#,
                "/components/1/version",
            ),
            (
                r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":{"name":"a"}}"#,
                "/components",
            ),
            (
                r#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"name":"a","components":[{"hashes":[{"alg":5}]}]}]}"#,
                "/components/0/components/0/hashes/0/alg",
            ),
        ];
        for (doc, pointer) in cases {
            match read_json(doc.as_bytes()) {
                Err(SbomError::Json { source, .. }) => {
                    assert_eq!(source.pointer.as_deref(), Some(*pointer), "{doc}");
                    assert!(source.line > 0);
                }
                other => panic!("{doc}: {other:?}"),
            }
        }
        // Duplicate keys are refused even without detection.
        let e = read_json(br#"{"bomFormat":"CycloneDX","specVersion":"1.4","specVersion":"1.5"}"#)
            .unwrap_err();
        assert!(e.to_string().contains("duplicate key"), "{e}");
        assert!(matches!(
            read_json(br#"{"bomFormat":"SPDX","specVersion":"1.4"}"#),
            Err(SbomError::UnknownFormat { .. })
        ));
        assert!(matches!(
            read_json(br#"{"bomFormat":"CycloneDX"}"#),
            Err(SbomError::Invalid { .. })
        ));
        assert!(matches!(
            read_json(br#"{"bomFormat":"CycloneDX","specVersion":"2.0"}"#),
            Err(SbomError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            read_json(b"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"components\":[{"),
            Err(SbomError::Json { .. })
        ));
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let mut doc = vec![0xEF, 0xBB, 0xBF];
        doc.extend_from_slice(br#"{"bomFormat":"CycloneDX","specVersion":"1.4"}"#);
        assert!(read_json(&doc).is_ok());
    }
}
