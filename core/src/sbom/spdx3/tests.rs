use std::path::Path;

use super::*;
use crate::json::JsonErrorKind;
use crate::sbom::spdx2::tests::spdx_corpus;
use crate::sbom::{Encoding, WriteOptions, read, spdx2};

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/sbom/spdx-example11")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn example11_spdx_2_3_and_3_0_give_the_same_inventory() {
    let v2 = read(&fixture("sbom.spdx.json")).unwrap();
    let v3 = read(&fixture("sbom.spdx3.json")).unwrap();
    assert_eq!(v2.digest(), v3.digest());

    assert_eq!(v3.source.encoding, Encoding::JsonLd);
    assert_eq!(v3.source.spec_version, "3.0.1");
    assert_eq!(v3.source.created.as_deref(), Some("2022-11-03T07:10:10Z"));
    assert_eq!(
        v3.source.document_name.as_deref(),
        Some("SBOM-SPDX-2d85f548-12fa-46d5-87ce-5e78e5e111f4")
    );
    assert!(
        v3.source
            .document_id
            .as_deref()
            .unwrap()
            .ends_with("/document0")
    );
    assert_eq!(v3.source.tools.len(), 1);
    assert_eq!(v3.source.tools[0].name, "sigs.k8s.io/bom/pkg/spdx");
    for inv in [&v2, &v3] {
        assert_eq!(inv.components.len(), 4);
        // The binary is a file, not a component: counted, not listed, not a subject.
        assert_eq!(inv.files, 1);
        assert_eq!(inv.subject.len(), 1);
        assert_eq!(inv.stats().dependency_edges, 3);
        assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
        let hyper = inv.components.iter().find(|c| c.name == "hyper").unwrap();
        // Incomplete version as upstream wrote it (see FORMAT_NOTES).
        assert_eq!(
            hyper.purl.as_ref().map(ToString::to_string).as_deref(),
            Some("pkg:cargo/hyper@0.14")
        );
        assert_eq!(hyper.licenses, ["MIT"]);
        let logger = inv
            .components
            .iter()
            .find(|c| c.name == "pretty_env_logger")
            .unwrap();
        // 2.3 writes `MIT OR Apache-2.0`, 3.0 `(MIT OR Apache-2.0)`.
        assert_eq!(logger.licenses, ["Apache-2.0 OR MIT"]);
    }
    let subject = v3
        .components
        .iter()
        .find(|c| c.bom_ref == v3.subject[0])
        .unwrap();
    assert_eq!(subject.name, "hello-server-src");
    // Converting the SPDX 3 reading to SPDX 2.3 keeps the digest.
    let out = spdx2::write_spdx_2_3(&v3, &WriteOptions::default());
    assert_eq!(read(&out).unwrap().digest(), v3.digest());
}

const DOC: &str = r#"{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    {"type": "CreationInfo", "@id": "_:ci", "specVersion": "3.0.1", "created": "2024-03-01T00:00:00Z",
     "createdBy": ["urn:agent"], "createdUsing": ["urn:tool:syft", "urn:tool:missing"]},
    {"type": "Tool", "spdxId": "urn:tool:syft", "name": "syft-1.2.3", "creationInfo": "_:ci"},
    {"type": "SpdxDocument", "spdxId": "urn:doc", "name": "doc", "creationInfo": "_:ci", "rootElement": "urn:sbom"},
    {"type": "software_Sbom", "spdxId": "urn:sbom", "creationInfo": "_:ci", "rootElement": ["urn:app"]},
    {"type": "software_Package", "spdxId": "urn:app", "name": "app", "software_packageVersion": "1.0",
     "software_primaryPurpose": "operatingSystem", "creationInfo": "_:ci",
     "externalIdentifier": [
       {"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl", "identifier": "pkg:npm/app@1.0"},
       {"type": "ExternalIdentifier", "externalIdentifierType": "cpe23", "identifier": "cpe:2.3:a:x:app:1.0:*:*:*:*:*:*:*"}],
     "verifiedUsing": [
       {"type": "Hash", "algorithm": "blake2b256", "hashValue": "AA"},
       {"type": "Hash", "algorithm": "sha3_256", "hashValue": "bb"},
       {"type": "software_PackageVerificationCode", "algorithm": "sha1", "hashValue": "cc"}]},
    {"type": "https://spdx.org/rdf/3.0.1/terms/Software/Package", "spdxId": "urn:lib", "name": "lib",
     "software_packageUrl": "pkg:npm/lib@2.0", "software_packageVersion": "2.0", "creationInfo": "_:ci"},
    {"type": "ai_AIPackage", "spdxId": "urn:model", "name": "model", "creationInfo": "_:ci"},
    {"type": "dataset_DatasetPackage", "spdxId": "urn:data", "name": "data", "creationInfo": "_:ci"},
    {"type": "software_File", "spdxId": "urn:file", "name": "f", "creationInfo": "_:ci"},
    {"type": "LifecycleScopedRelationship", "spdxId": "urn:r1", "from": "urn:app", "to": ["urn:lib"],
     "relationshipType": "dependsOn", "scope": "runtime", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:r2", "from": "urn:app", "to": "urn:model",
     "relationshipType": "hasOptionalDependency", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:r3", "from": "urn:model", "to": ["urn:data", "urn:file"],
     "relationshipType": "contains", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:r4", "from": "urn:lib", "to": ["https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement"],
     "relationshipType": "dependsOn", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:r5", "from": "urn:data", "to": ["urn:app"],
     "relationshipType": "generates", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:l1", "from": "urn:app", "to": ["urn:set"], "relationshipType": "hasDeclaredLicense", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:l2", "from": "urn:app", "to": ["urn:none"], "relationshipType": "hasConcludedLicense", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:l3", "from": "urn:lib", "to": ["https://spdx.org/licenses/MIT"], "relationshipType": "hasDeclaredLicense", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:l4", "from": "urn:lib", "to": ["urn:with"], "relationshipType": "hasConcludedLicense", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:l5", "from": "urn:model", "to": ["urn:custom"], "relationshipType": "hasDeclaredLicense", "creationInfo": "_:ci"},
    {"type": "Relationship", "spdxId": "urn:l6", "from": "urn:data", "to": ["urn:nowhere"], "relationshipType": "hasDeclaredLicense", "creationInfo": "_:ci"},
    {"type": "expandedlicensing_DisjunctiveLicenseSet", "spdxId": "urn:set", "creationInfo": "_:ci",
     "expandedlicensing_member": ["https://spdx.org/licenses/MIT", "urn:and"]},
    {"type": "expandedlicensing_ConjunctiveLicenseSet", "spdxId": "urn:and", "creationInfo": "_:ci",
     "expandedlicensing_member": ["urn:expr", "https://spdx.org/licenses/ISC"]},
    {"type": "simplelicensing_LicenseExpression", "spdxId": "urn:expr", "creationInfo": "_:ci",
     "simplelicensing_licenseExpression": "(Apache-2.0)"},
    {"type": "expandedlicensing_NoneLicense", "spdxId": "urn:none", "creationInfo": "_:ci"},
    {"type": "expandedlicensing_WithAdditionOperator", "spdxId": "urn:with", "creationInfo": "_:ci",
     "expandedlicensing_subjectLicense": "urn:orlater", "expandedlicensing_subjectAddition": "https://spdx.org/licenses/Classpath-exception-2.0"},
    {"type": "expandedlicensing_OrLaterOperator", "spdxId": "urn:orlater", "creationInfo": "_:ci",
     "expandedlicensing_subjectLicense": "https://spdx.org/licenses/GPL-2.0-only"},
    {"type": "expandedlicensing_CustomLicense", "spdxId": "urn:custom", "name": "LicenseRef-acme", "creationInfo": "_:ci",
     "simplelicensing_licenseText": "…"},
    {"type": "security_Vulnerability", "spdxId": "urn:vuln", "name": 42, "creationInfo": "_:ci"},
    "urn:just-a-reference"
  ]
}"#;

#[test]
fn mapping() {
    let inv = read_json_ld(DOC.as_bytes()).unwrap();
    assert_eq!(inv.source.spec_version, "3.0.1");
    assert_eq!(inv.source.created.as_deref(), Some("2024-03-01T00:00:00Z"));
    assert_eq!(inv.source.document_id.as_deref(), Some("urn:doc"));
    let tools: Vec<_> = inv
        .source
        .tools
        .iter()
        .map(|t| (t.name.as_str(), t.version.as_deref()))
        .collect();
    assert_eq!(tools, [("syft", Some("1.2.3"))]);
    assert_eq!(inv.files, 1);
    // The document's root is an SBOM whose root is the app.
    assert_eq!(inv.subject, ["urn:app"]);
    let c = |r: &str| inv.components.iter().find(|c| c.bom_ref == r).unwrap();
    let app = c("urn:app");
    assert_eq!(app.kind, "operating-system");
    assert_eq!(app.purl_raw.as_deref(), Some("pkg:npm/app@1.0"));
    assert_eq!(app.cpes, ["cpe:2.3:a:x:app:1.0:*:*:*:*:*:*:*"]);
    let hashes: Vec<_> = app
        .hashes
        .iter()
        .map(|h| (h.alg.as_str(), h.value.as_str()))
        .collect();
    // The package verification code is not a hash of the package.
    assert_eq!(hashes, [("blake2b-256", "aa"), ("sha3-256", "bb")]);
    // MIT OR (Apache-2.0 AND ISC), canonically spelled; the NoneLicense is no licence.
    assert_eq!(app.licenses, ["(Apache-2.0 AND ISC) OR MIT"]);
    let lib = c("urn:lib");
    assert_eq!(
        lib.licenses,
        ["GPL-2.0-only+ WITH Classpath-exception-2.0", "MIT"]
    );
    // A full IRI type is the same class as its compact name.
    assert_eq!(lib.version.as_deref(), Some("2.0"));
    assert_eq!(c("urn:model").kind, "model");
    assert_eq!(c("urn:model").licenses, ["LicenseRef-acme"]);
    assert_eq!(c("urn:data").kind, "data");
    let edges: Vec<_> = inv
        .relationships
        .iter()
        .map(|r| (r.from.as_str(), r.kind, r.to.as_str()))
        .collect();
    assert_eq!(
        edges,
        [
            ("urn:app", RelationshipKind::DependsOn, "urn:lib"),
            ("urn:app", RelationshipKind::DependsOn, "urn:model"),
            ("urn:model", RelationshipKind::Contains, "urn:data"),
        ]
    );
    // Only the licence pointing nowhere is worth a warning.
    assert_eq!(inv.warnings.len(), 1, "{:?}", inv.warnings);
    assert!(inv.warnings[0].location.contains("urn:nowhere"));
}

#[test]
fn single_element_document_without_graph() {
    // The SPDX 3 JSON schema allows one element at the top level instead of `@graph`.
    let doc = br#"{"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld",
        "type": "software_Package", "spdxId": "urn:p", "name": "p",
        "software_packageUrl": "pkg:cargo/p@1.0.0", "creationInfo": {"type": "CreationInfo", "created": "2024-01-01T00:00:00Z", "specVersion": "3.0.0"}}"#;
    let inv = read_json_ld(doc).unwrap();
    assert_eq!(inv.components.len(), 1);
    assert_eq!(
        inv.components[0].purl_raw.as_deref(),
        Some("pkg:cargo/p@1.0.0")
    );
    // No SpdxDocument, no CreationInfo element: the version comes from the context.
    assert_eq!(inv.source.spec_version, "3.0.0");

    // A document whose creation info is inline rather than a blank node.
    let doc = br#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [
        {"type": "SpdxDocument", "spdxId": "urn:d", "rootElement": ["urn:p"],
         "creationInfo": {"type": "CreationInfo", "created": "2025-01-01T00:00:00Z", "specVersion": "3.0.1"}},
        {"type": "software_Package", "spdxId": "urn:p", "name": "p", "creationInfo": "_:other"}]}"#;
    let inv = read_json_ld(doc).unwrap();
    assert_eq!(inv.source.created.as_deref(), Some("2025-01-01T00:00:00Z"));
    assert_eq!(inv.subject, ["urn:p"]);
}

#[test]
fn errors_are_positioned() {
    let cases: [(&[u8], &str); 4] = [
        (br#"{"@context": "x", "@graph": [{"type": "software_Package", "name": 5}]}"#, "/@graph/0/name"),
        (br#"{"@context": "x", "@graph": [{}, {"type": "Relationship", "to": [1]}]}"#, "/@graph/1/to"),
        (br#"{"@context": "x", "@graph": [{"type": "software_Package", "verifiedUsing": [{"hashValue": {}}]}]}"#, "/@graph/0/verifiedUsing"),
        (br#"{"@context": "x", "type": "software_Package", "spdxId": ["a"]}"#, "/spdxId"),
    ];
    for (input, pointer) in cases {
        let e = read_json_ld(input).unwrap_err();
        let SbomError::Json { source, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(source.kind, JsonErrorKind::Data, "{e}");
        assert!(
            source.pointer.as_deref().unwrap().starts_with(pointer),
            "{e}"
        );
    }
    let e = read_json_ld(br#"{"@context": "x", "@graph": {}}"#).unwrap_err();
    assert!(
        matches!(e, SbomError::Invalid { ref location, .. } if location == "/@graph"),
        "{e}"
    );
    assert!(matches!(
        read_json_ld(b"[1]"),
        Err(SbomError::Invalid { .. })
    ));
    let e = read_json_ld(b"{\"@graph\": [], \"@graph\": []}").unwrap_err();
    assert!(
        matches!(e, SbomError::Json { ref source, .. } if source.kind == JsonErrorKind::Syntax),
        "{e}"
    );
    let e = read_json_ld(b"{\"@graph\": [{\"type\": \"software_Pack").unwrap_err();
    assert!(
        matches!(e, SbomError::Json { ref source, .. } if source.kind == JsonErrorKind::Truncated),
        "{e}"
    );
}

#[test]
fn licence_cycles_terminate() {
    let doc = br#"{"@context": "x", "@graph": [
        {"type": "software_Package", "spdxId": "urn:p", "name": "p"},
        {"type": "Relationship", "from": "urn:p", "to": ["urn:a"], "relationshipType": "hasDeclaredLicense"},
        {"type": "expandedlicensing_ConjunctiveLicenseSet", "spdxId": "urn:a", "expandedlicensing_member": ["urn:b", "urn:a"]},
        {"type": "expandedlicensing_DisjunctiveLicenseSet", "spdxId": "urn:b", "expandedlicensing_member": ["urn:a"]}
    ]}"#;
    let inv = read_json_ld(doc).unwrap();
    assert!(inv.components[0].licenses.is_empty());
    assert_eq!(inv.warnings.len(), 1);
}

#[test]
fn helpers() {
    let kinds = [
        ("operatingSystem", "operating-system"),
        ("library", "library"),
        ("deviceDriver", "device-driver"),
        ("OPERATING_SYSTEM", "operating-system"),
    ];
    for (input, want) in kinds {
        assert_eq!(kebab(input), want, "{input}");
    }
    let algs = [
        ("sha256", "sha256"),
        ("sha3_384", "sha3-384"),
        ("blake2b512", "blake2b-512"),
        ("BLAKE3", "blake3"),
        ("crystalsKyber", "crystalskyber"),
    ];
    for (input, want) in algs {
        assert_eq!(hash_alg(input), want, "{input}");
    }
    assert_eq!(
        version_from_context("\"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\""),
        "3.0.1"
    );
    assert_eq!(version_from_context("[\"https://example.com/ctx\"]"), "3.0");
    let types = [
        (
            serde_json::json!({"type": "software_Package"}),
            Some("software_Package"),
        ),
        (
            serde_json::json!({"@type": "https://spdx.org/rdf/3.0.1/terms/Core/Relationship"}),
            Some("Relationship"),
        ),
        (
            serde_json::json!({"type": "https://spdx.org/rdf/3.0.1/terms/Simple Licensing/LicenseExpression"}),
            Some("simplelicensing_LicenseExpression"),
        ),
        (
            serde_json::json!({"type": ["software_File"]}),
            Some("software_File"),
        ),
        (serde_json::json!({"type": 3}), None),
    ];
    for (el, want) in types {
        assert_eq!(element_type(&el).as_deref(), want, "{el}");
    }
}

#[test]
fn corpus_spdx3_documents() {
    let mut n = 0;
    for (p, bytes, d) in spdx_corpus() {
        if d.encoding != Encoding::JsonLd {
            continue;
        }
        let inv = read_json_ld(&bytes).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert!(
            inv.warnings
                .iter()
                .all(|w| !w.message.contains("no licence element")),
            "{p:?}: {:?}",
            inv.warnings
        );
        n += 1;
    }
    if n > 0 {
        assert_eq!(n, 26);
    }
}
