use jsonschema::Retrieve;

use super::*;

fn report(doc: &str) -> ValidationReport {
    validate(doc.as_bytes()).unwrap()
}

/// (severity, location, line) of every problem.
fn summary(r: &ValidationReport) -> Vec<(Severity, String, Option<usize>)> {
    r.problems
        .iter()
        .map(|p| (p.severity, p.location.clone(), p.line))
        .collect()
}

#[test]
fn every_embedded_schema_compiles() {
    for (v, _) in CYCLONEDX_SCHEMAS {
        assert!(cyclonedx_validator(v).unwrap().is_ok(), "CycloneDX {v}");
    }
    for v in ["2.2", "2.3"] {
        assert!(spdx_validator(v).is_ok(), "SPDX {v}");
    }
    assert!(cyclonedx_validator("1.1").is_none());
}

#[test]
fn referenced_schemas_come_from_the_binary_never_the_network() {
    let ok = jsonschema::uri::from_str(
        "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json#/definitions/signature",
    )
    .unwrap();
    assert!(EmbeddedRetriever.retrieve(&ok).is_ok());
    let other = jsonschema::uri::from_str("https://example.com/schema.json").unwrap();
    let e = EmbeddedRetriever.retrieve(&other).unwrap_err();
    assert!(e.to_string().contains("never fetched"), "{e}");
}

#[test]
fn valid_cyclonedx_json_of_every_version() {
    for v in ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"] {
        let doc = format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"{v}","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,
            "metadata":{{"timestamp":"2024-01-01T00:00:00Z"}},
            "components":[{{"type":"library","bom-ref":"a","name":"left-pad","version":"1.3.0","purl":"pkg:npm/left-pad@1.3.0",
              "licenses":[{{"license":{{"id":"MIT"}}}}],
              "hashes":[{{"alg":"SHA-1","content":"0123456789abcdef0123456789abcdef01234567"}}]}}],
            "dependencies":[{{"ref":"a","dependsOn":[]}}]}}"#
        );
        let r = report(&doc);
        assert!(r.problems.is_empty(), "{v}: {:?}", r.problems);
        assert!(r.is_valid());
        assert_eq!(r.spec_version, v);
        assert!(
            r.checked_against
                .contains(&format!("CycloneDX {v} JSON Schema"))
        );
    }
}

#[test]
fn cyclonedx_json_schema_problems_with_pointers_and_lines() {
    let doc = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "serialNumber": "not-a-urn",
  "metadata": {
    "timestamp": "yesterday"
  },
  "components": [
    {
      "type": "libary",
      "name": "a",
      "hashes": [
        {"alg": "SHA-256", "content": "xyz"}
      ],
      "licenses": [{"license": {"id": "Not-A-Licence"}}]
    },
    {
      "type": "library"
    }
  ]
}"#;
    let r = report(doc);
    assert!(!r.is_valid());
    let s = summary(&r);
    let expect = [
        // serialNumber pattern.
        (Severity::Error, "/serialNumber", 4),
        // `format: date-time` is checked.
        (Severity::Error, "/metadata/timestamp", 6),
        // The type enumeration.
        (Severity::Error, "/components/0/type", 10),
        // hash-content pattern.
        (Severity::Error, "/components/0/hashes/0/content", 13),
        // The SPDX id list comes from the embedded spdx.schema.json.
        (Severity::Error, "/components/0/licenses", 15),
        // Missing required `name`.
        (Severity::Error, "/components/1", 17),
    ];
    for (sev, loc, line) in expect {
        assert!(
            s.contains(&(sev, loc.to_string(), Some(line))),
            "missing {loc} at line {line}: {s:?}"
        );
    }
    let type_problem = r
        .problems
        .iter()
        .find(|p| p.location == "/components/0/type")
        .unwrap();
    assert!(type_problem.message.contains("libary"), "{type_problem:?}");
    assert!(
        type_problem
            .schema_path
            .as_deref()
            .unwrap()
            .ends_with("/enum"),
        "{type_problem:?}"
    );
    // Problems come in document order.
    let lines: Vec<_> = r.problems.iter().map(|p| p.line.unwrap()).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

#[test]
fn cyclonedx_json_reference_checks() {
    let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.5",
"components":[{"type":"library","bom-ref":"a","name":"a","purl":"pkg-:npm/a@1"},
{"type":"library","bom-ref":"a","name":"b","components":[{"type":"library","name":"c","purl":"pkg:npm/"}]}],
"dependencies":[{"ref":"a","dependsOn":["ghost"]},{"ref":"nobody"}]}"#;
    let r = report(doc);
    let s = summary(&r);
    assert_eq!(
        s,
        [
            (Severity::Warning, "/components/0/purl".into(), Some(2)),
            (Severity::Error, "/components/1/bom-ref".into(), Some(3)),
            (
                Severity::Warning,
                "/components/1/components/0/purl".into(),
                Some(3)
            ),
            (
                Severity::Warning,
                "/dependencies/0/dependsOn/0".into(),
                Some(4)
            ),
            (Severity::Warning, "/dependencies/1/ref".into(), Some(4)),
        ]
    );
    assert!(!r.is_valid());
    assert_eq!(r.count(Severity::Warning), 4);
}

#[test]
fn cyclonedx_json_before_1_2_has_no_schema() {
    let r = report(r#"{"bomFormat":"CycloneDX","specVersion":"1.1","components":[]}"#);
    assert_eq!(
        summary(&r),
        [(Severity::Error, "/specVersion".into(), Some(1))]
    );
}

#[test]
fn many_problems_are_truncated() {
    let comps: Vec<String> = (0..1100)
        .map(|i| format!(r#"{{"type":"nonsense","name":"c{i}"}}"#))
        .collect();
    let doc = format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{}]}}"#,
        comps.join(",")
    );
    let r = report(&doc);
    assert!(r.truncated);
    assert_eq!(r.problems.len(), MAX_PROBLEMS);
}

#[test]
fn long_messages_are_cut() {
    let long = "x".repeat(1000);
    assert_eq!(shorten(long).chars().count(), MAX_MESSAGE_CHARS + 1);
    assert_eq!(shorten("short".into()), "short");
}

#[test]
fn stellas_own_output_is_valid_cyclonedx_1_6() {
    let inv = crate::sbom::cyclonedx::read_xml(
        br#"<bom xmlns="http://cyclonedx.org/schema/bom/1.4" serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79">
<metadata><timestamp>2024-01-01T00:00:00Z</timestamp><tools><tool><vendor>v</vendor><name>t</name></tool></tools>
<component type="application" bom-ref="app"><name>app</name></component></metadata>
<components><component type="library" bom-ref="a"><name>a</name><version>1</version>
<hashes><hash alg="SHA-1">0123456789abcdef0123456789abcdef01234567</hash></hashes>
<licenses><license><id>MIT</id></license><license><name>Custom</name></license></licenses>
<purl>pkg:npm/a@1</purl><components><component type="file"><name>f</name></component></components></component>
<component type="library"><name>b</name><licenses><expression>MIT OR Apache-2.0</expression></licenses></component></components>
<dependencies><dependency ref="app"><dependency ref="a"/></dependency></dependencies></bom>"#,
    )
    .unwrap();
    let out =
        crate::sbom::cyclonedx::write_cyclonedx_1_6(&inv, &crate::sbom::WriteOptions::default());
    let r = validate(&out).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

const SPDX_23: &str = r#"{
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "example",
  "documentNamespace": "https://example.com/spdx/example",
  "creationInfo": {"created": "2024-01-01T00:00:00Z", "creators": ["Tool: x"]},
  "documentDescribes": ["SPDXRef-a"],
  "packages": [
    {"SPDXID": "SPDXRef-a", "name": "a", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/a@1"}]}
  ],
  "relationships": [
    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-a"}
  ]
}"#;

#[test]
fn valid_spdx_2_3_json() {
    let r = report(SPDX_23);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!((r.format, r.encoding), (SbomFormat::Spdx, Encoding::Json));
    assert!(r.checked_against.contains("SPDX 2.3 JSON Schema"));
}

#[test]
fn spdx_json_problems() {
    let doc = SPDX_23
        .replace(
            r#""downloadLocation": "NOASSERTION","#,
            r#""downloadLocation": "NOASSERTION", "filesAnalyzed": "yes","#,
        )
        .replace("pkg:npm/a@1", "npm:a")
        .replace(
            r#""relatedSpdxElement": "SPDXRef-a"}"#,
            r#""relatedSpdxElement": "SPDXRef-a"},
    {"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-ghost"},
    {"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "NOASSERTION"},
    {"spdxElementId": "SPDXRef-a", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "DocumentRef-other:SPDXRef-x"}"#,
        )
        .replace(r#""name": "example","#, "");
    let r = report(&doc);
    let s = summary(&r);
    assert_eq!(
        s,
        [
            // Missing required top-level `name`.
            (Severity::Error, "/".into(), Some(1)),
            (
                Severity::Error,
                "/packages/0/filesAnalyzed".into(),
                Some(10)
            ),
            (
                Severity::Warning,
                "/packages/0/externalRefs/0/referenceLocator".into(),
                Some(11)
            ),
            // NOASSERTION and external DocumentRef- elements are not dangling.
            (
                Severity::Warning,
                "/relationships/1/relatedSpdxElement".into(),
                Some(15)
            ),
        ]
    );
}

#[test]
fn spdx_2_2_and_2_3_schemas_differ_where_the_specs_do() {
    // `PACKAGE_MANAGER` (underscore) is allowed by the 2.2 schema only.
    let underscore = SPDX_23.replace("PACKAGE-MANAGER", "PACKAGE_MANAGER");
    let r23 = report(&underscore);
    assert_eq!(
        summary(&r23),
        [(
            Severity::Error,
            "/packages/0/externalRefs/0/referenceCategory".into(),
            Some(11)
        )]
    );
    // The 2.2 schema accepts it, but requires copyrightText and the licence fields on packages.
    let r22 = report(&underscore.replace("SPDX-2.3", "SPDX-2.2"));
    assert!(r22.checked_against.contains("SPDX 2.2"));
    assert!(!r22.problems.is_empty());
    for p in &r22.problems {
        assert_eq!(
            (p.severity, p.location.as_str(), p.line),
            (Severity::Error, "/packages/0", Some(10)),
            "{p:?}"
        );
    }
    assert!(
        r22.problems
            .iter()
            .any(|p| p.message.contains("copyrightText")),
        "{:?}",
        r22.problems
    );
}

#[test]
fn spdx_duplicate_ids() {
    let doc = SPDX_23.replace(
        r#"     "externalRefs""#,
        r#"     "hasFiles": []},
    {"SPDXID": "SPDXRef-a", "name": "again", "downloadLocation": "NONE",
     "externalRefs""#,
    );
    let r = report(&doc);
    assert_eq!(
        summary(&r),
        [(Severity::Error, "/packages/1/SPDXID".into(), Some(12))]
    );
}

fn xml(version: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/{version}\" version=\"1\">\n{body}\n</bom>"
    )
}

#[test]
fn cyclonedx_xml_structural_checks() {
    let doc = xml(
        "1.2",
        r#"<components>
<component type="libary" bom-ref="a"><name>a</name><version>1</version></component>
<component bom-ref="b"><name>b</name><version>1</version></component>
<component type="library"><version>1</version></component>
<component type="library" bom-ref="a"><name>d</name></component>
<component type="library"><name>e</name><version>1</version>
  <hashes><hash alg="SHA-224">0123456789abcdef0123456789abcdef</hash><hash alg="MD5">xyz</hash><hash>0123456789abcdef0123456789abcdef</hash></hashes>
  <licenses><license><url>https://x</url></license></licenses>
  <purl>pkg:npm/</purl></component>
</components>
<dependencies><dependency ref="a"><dependency ref="ghost"/></dependency><dependency/></dependencies>"#,
    );
    let r = report(&doc);
    let s: Vec<_> = r
        .problems
        .iter()
        .map(|p| {
            (
                p.severity,
                p.line.unwrap(),
                p.message.split(' ').take(3).collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    let expect: Vec<(Severity, usize, &str)> = vec![
        (Severity::Error, 4, "component type `libary`"),
        (Severity::Error, 5, "component has no"),
        (Severity::Error, 6, "component has no"),
        (Severity::Error, 7, "bom-ref `a` is"),
        // `version` is required up to 1.3.
        (Severity::Error, 7, "component has no"),
        (Severity::Error, 9, "hash algorithm `SHA-224`"),
        (Severity::Error, 9, "hash has no"),
        (Severity::Error, 9, "hash value `xyz`"),
        (Severity::Error, 10, "license has neither"),
        (Severity::Warning, 11, "purl `pkg:npm/` is"),
        (Severity::Error, 13, "dependency has no"),
        (Severity::Warning, 13, "dependency ref `ghost`"),
    ];
    let got: Vec<(Severity, usize, &str)> =
        s.iter().map(|(a, b, c)| (*a, *b, c.as_str())).collect();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut expect_sorted = expect.clone();
    expect_sorted.sort();
    assert_eq!(got_sorted, expect_sorted);
    assert!(
        r.checked_against
            .contains("Full XSD validation is not performed")
    );
}

#[test]
fn cyclonedx_xml_version_differences() {
    // `version` became optional in 1.4; `platform` is a type from 1.5; Streebog from 1.7.
    let body = r#"<components><component type="platform"><name>p</name>
<hashes><hash alg="Streebog-256">0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</hash></hashes></component></components>"#;
    let errors = |v: &str| report(&xml(v, body)).count(Severity::Error);
    assert_eq!(errors("1.3"), 3);
    assert_eq!(errors("1.4"), 2);
    assert_eq!(errors("1.5"), 1);
    assert_eq!(errors("1.6"), 1);
    assert_eq!(errors("1.7"), 0);
}

#[test]
fn unparseable_documents_are_errors_not_reports() {
    assert!(matches!(
        validate(b"<?xml version=\"1.0\"?>\n<!DOCTYPE bom [<!ENTITY a \"b\">]>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"/>"),
        Err(SbomError::Xml { line: 2, .. })
    ));
    assert!(matches!(
        validate(xml("1.4", "<components><component></components>").as_bytes()),
        Err(SbomError::Xml { .. })
    ));
    assert!(matches!(
        validate(br#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[}"#),
        Err(SbomError::Json { .. })
    ));
    assert!(matches!(
        validate(br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}"#),
        Err(SbomError::NotAnSbom { .. })
    ));
}

#[test]
fn formats_without_a_schema_report_the_readers_verdict() {
    // A reader error becomes one positioned problem.
    let mut deep = String::from("<components>");
    for _ in 0..100 {
        deep.push_str("<component type=\"library\"><name>x</name><components>");
    }
    for _ in 0..100 {
        deep.push_str("</components></component>");
    }
    deep.push_str("</components>");
    let doc = xml("1.4", &deep);
    let detected = crate::sbom::detect(doc.as_bytes()).unwrap();
    let r = via_reader(doc.as_bytes(), &detected);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].severity, Severity::Error);
    assert!(r.problems[0].message.contains("nested"), "{:?}", r.problems);
    assert_eq!(r.problems[0].line, Some(3));
    // Reader warnings become warnings, with their line.
    let doc = xml(
        "1.4",
        "<components>\n<component type=\"library\"><purl>pkg:npm/</purl></component></components>",
    );
    let detected = crate::sbom::detect(doc.as_bytes()).unwrap();
    let r = via_reader(doc.as_bytes(), &detected);
    assert!(r.problems.iter().all(|p| p.severity == Severity::Warning));
    assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
    assert!(r.problems.iter().all(|p| p.line == Some(4)));
    // Tag-value goes this way.
    let r = report("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n");
    assert_eq!(
        (r.format, r.encoding),
        (SbomFormat::Spdx, Encoding::TagValue)
    );
    assert!(r.checked_against.contains("reader"));
}

#[test]
fn shared_spdx_json_documents_validate() {
    let dir = std::path::Path::new("/work/shared/data");
    if !dir.is_dir() {
        eprintln!("SKIP: /work/shared/data not present");
        return;
    }
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|x| x.to_str()) == Some("json") {
                files.push(p);
            }
        }
    }
    files.sort();
    let (mut total, mut valid) = (0, 0);
    for p in files {
        let bytes = std::fs::read(&p).unwrap();
        let Ok(d) = crate::sbom::detect(&bytes) else {
            continue;
        };
        if (d.format, d.encoding) != (SbomFormat::Spdx, Encoding::Json) {
            continue;
        }
        let r = validate(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        total += 1;
        valid += usize::from(r.is_valid());
        let first = r
            .problems
            .first()
            .map(|p| format!("{} (line {:?}): {}", p.location, p.line, p.message))
            .unwrap_or_default();
        eprintln!(
            "{:<90} {} errors {:>4} warnings {:>4} {}",
            p.strip_prefix(dir).unwrap().display(),
            r.spec_version,
            r.count(Severity::Error),
            r.count(Severity::Warning),
            first.chars().take(150).collect::<String>()
        );
        for pr in &r.problems {
            assert!(
                pr.line.is_some(),
                "{}: no line for {}",
                p.display(),
                pr.location
            );
        }
    }
    assert!(total > 0, "no SPDX JSON documents found");
    eprintln!("SPDX JSON: {valid}/{total} valid");
}
