use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::sbom::{SbomError, WriteOptions, detect, read};

/// The shared real-data folder, when present: `$STELLA_SHARED_DATA`, else `shared/data` beside
/// the repository, else `/work/shared/data`.
pub(crate) fn shared_data() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STELLA_SHARED_DATA").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ];
    let found = candidates.into_iter().flatten().find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("SKIP: shared data folder not present");
    }
    found
}

/// Every file under `root`, sorted.
pub(crate) fn walk(root: &Path) -> Vec<PathBuf> {
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
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The SPDX documents under the shared data, by content: (path, bytes, detected).
pub(crate) fn spdx_corpus() -> Vec<(PathBuf, Vec<u8>, crate::sbom::Detected)> {
    let Some(root) = shared_data() else {
        return Vec::new();
    };
    walk(&root)
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let d = detect(&bytes).ok()?;
            (d.format == SbomFormat::Spdx).then_some((p, bytes, d))
        })
        .collect()
}

/// Independent component count: JSON `packages` length, tag-value `PackageName:` lines, SPDX 3
/// package elements (`software_Package` and its subclasses `ai_AIPackage`,
/// `dataset_DatasetPackage`; the plain `software_Package` count is printed too).
fn independent_count(bytes: &[u8], encoding: Encoding) -> (usize, Option<usize>) {
    match encoding {
        Encoding::TagValue => {
            let text = String::from_utf8_lossy(bytes);
            (
                text.lines()
                    .filter(|l| l.trim_start().starts_with("PackageName:"))
                    .count(),
                None,
            )
        }
        Encoding::JsonLd => {
            let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let graph = v["@graph"].as_array().cloned().unwrap_or_default();
            let ty = |t: &str| graph.iter().filter(|e| e["type"] == t).count();
            let plain = ty("software_Package");
            (
                plain + ty("ai_AIPackage") + ty("dataset_DatasetPackage"),
                Some(plain),
            )
        }
        Encoding::Yaml => {
            let v: serde_norway::Value = serde_norway::from_slice(bytes).unwrap();
            (v["packages"].as_sequence().map_or(0, Vec::len), None)
        }
        _ => {
            let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            (v["packages"].as_array().map_or(0, Vec::len), None)
        }
    }
}

#[test]
fn corpus_every_spdx_document_reads_with_the_independent_count() {
    let corpus = spdx_corpus();
    if corpus.is_empty() {
        return;
    }
    let root = shared_data().unwrap_or_default();
    let mut by_encoding = BTreeMap::<String, usize>::new();
    for (p, bytes, d) in &corpus {
        let inv = read(bytes).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let (want, plain) = independent_count(bytes, d.encoding);
        assert_eq!(inv.components.len(), want, "{p:?}");
        eprintln!(
            "{:<90} {:<9} {:<5} components {:>3}{} files {:>3} edges {:>3} warnings {}",
            p.strip_prefix(&root).unwrap_or(p).display(),
            d.encoding.to_string(),
            d.spec_version,
            inv.components.len(),
            plain
                .map(|n| format!(" (software_Package {n})"))
                .unwrap_or_default(),
            inv.files,
            inv.relationships.len(),
            inv.warnings.len()
        );
        *by_encoding.entry(d.encoding.to_string()).or_default() += 1;
    }
    eprintln!("{} SPDX documents: {by_encoding:?}", corpus.len());
    // The 2026-11 snapshot: 40 JSON, 1 YAML, 15 tag-value, 26 JSON-LD.
    assert!(corpus.len() >= 82, "{}", corpus.len());
}

/// The same document in two encodings gives the same inventory (upstream pairs).
#[test]
fn corpus_tag_value_and_json_twins_agree() {
    let Some(root) = shared_data() else { return };
    let pairs = [
        (
            "sbomqs-samples/sbomqs.trivy-spdx.tv",
            "sbomqs-samples/sbomqs.trivy-spdx.json",
        ),
        (
            "sbomqs-samples/sbomqs.syft-spdx.tv",
            "sbomqs-samples/sbomqs.syft-spdx.json",
        ),
    ];
    let inv = |p: &str| read(&std::fs::read(root.join(p)).unwrap()).unwrap();
    for (a, b) in pairs {
        let (ia, ib) = (inv(a), inv(b));
        assert_eq!(ia.digest(), ib.digest(), "{a} vs {b}");
        assert_eq!(ia.relationships, ib.relationships, "{a} vs {b}");
        assert_eq!(ia.subject, ib.subject, "{a} vs {b}");
    }
    // trivy's centos-7 pair differs upstream: openssl-libs `versionInfo` is `1.0.2k` in the
    // tag-value file and `1:1.0.2k-19.el7` in the JSON file, and the OS links its packages with
    // DEPENDS_ON in one and CONTAINS in the other. Components otherwise agree, purls included.
    let dir = "trivy-testdata/integration/testdata/fixtures/sbom";
    let (ia, ib) = (
        inv(&format!("{dir}/centos-7-spdx.txt")),
        inv(&format!("{dir}/centos-7-spdx.json")),
    );
    assert_ne!(ia.digest(), ib.digest());
    assert_eq!(ia.stats().dependency_edges, 2);
    assert_eq!(ib.stats().contains_edges, 3);
    let versions = |i: &Inventory| -> Vec<(String, Option<String>, Option<String>)> {
        i.components
            .iter()
            .map(|c| (c.name.clone(), c.version.clone(), c.purl_raw.clone()))
            .collect()
    };
    let (va, vb) = (versions(&ia), versions(&ib));
    let differing: Vec<_> = va.iter().zip(&vb).filter(|(x, y)| x != y).collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert_eq!(differing[0].0.1.as_deref(), Some("1.0.2k"));
    assert_eq!(differing[0].1.1.as_deref(), Some("1:1.0.2k-19.el7"));
}

/// spdx-examples describes the same software in SPDX 2.x and 3.0. Pairs whose upstream content
/// agrees give the same digest; the three example7 pairs differ in content upstream.
#[test]
fn corpus_spdx_examples_2x_and_3_twins() {
    let Some(root) = shared_data() else { return };
    let sw = root.join("spdx-examples/software");
    let same = [
        (
            "example1/spdx2.2/example1.spdx",
            "example1/spdx3.0/example1.json",
        ),
        (
            "example3/spdx2.2/example3-bin.spdx",
            "example3/spdx3.0/example3-bin.json",
        ),
        (
            "example3/spdx2.2/example3-src.spdx",
            "example3/spdx3.0/example3-src.json",
        ),
        (
            "example4/spdx2.2/example4-bin.spdx",
            "example4/spdx3.0/example4-bin.json",
        ),
        (
            "example4/spdx2.2/example4-src.spdx",
            "example4/spdx3.0/example4-src.json",
        ),
        (
            "example5/spdx2.2/example5-bin.spdx",
            "example5/spdx3.0/example5-bin.json",
        ),
        (
            "example5/spdx2.2/example5-src.spdx",
            "example5/spdx3.0/example5-src.json",
        ),
        (
            "example6/spdx2.2/example6-bin.spdx",
            "example6/spdx3.0/example6-bin.json",
        ),
        (
            "example6/spdx2.2/example6-lib.spdx",
            "example6/spdx3.0/example6-lib.json",
        ),
        (
            "example6/spdx2.2/example6-src.spdx",
            "example6/spdx3.0/example6-src.json",
        ),
        (
            "example7/spdx2.2/example7-go-module.spdx.json",
            "example7/spdx3.0/example7-go-module.spdx3.json",
        ),
        (
            "example8/spdx2.3/examplemaven-0.0.1.spdx.json",
            "example8/spdx3.0/examplemaven-0.0.1.spdx3.json",
        ),
        (
            "example9/spdx2.2/appbomination.spdx.json",
            "example9/spdx3.0/appbomination.spdx3.json",
        ),
        (
            "example10/spdx2.3/hello-source.spdx.json",
            "example10/spdx3.0/hello-source.spdx3.json",
        ),
        (
            "example11/spdx2.3/sbom.spdx.json",
            "example11/spdx3.0/sbom.spdx3.json",
        ),
        (
            "example12/spdx2.2/hello-dist.spdx.json",
            "example12/spdx3.0/hello-dist.spdx3.json",
        ),
        (
            "example12/spdx2.2/hello-src.spdx.json",
            "example12/spdx3.0/hello-src.spdx3.json",
        ),
        (
            "example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json",
            "example14/spdx3.0/examplemaven-0.0.1-enriched.spdx3.json",
        ),
    ];
    // Upstream content differences (not spelling): in 3.0 `hello` and `go` are software_File
    // elements, not packages; the Go distribution package is renamed `….tar.gz` and lost its
    // declared licence; `rsc.io/sampler` is missing from the 3.0 third-party modules.
    let differ = [
        (
            "example7/spdx2.2/example7-bin.spdx.json",
            "example7/spdx3.0/example7-bin.spdx3.json",
        ),
        (
            "example7/spdx2.2/example7-golang.spdx.json",
            "example7/spdx3.0/example7-golang.spdx3.json",
        ),
        (
            "example7/spdx2.2/example7-third-party-modules.spdx.json",
            "example7/spdx3.0/example7-third-party-modules.spdx3.json",
        ),
    ];
    let digest = |p: &str| read(&std::fs::read(sw.join(p)).unwrap()).unwrap().digest();
    for (a, b) in same {
        assert_eq!(digest(a), digest(b), "{a} vs {b}");
    }
    for (a, b) in differ {
        assert_ne!(digest(a), digest(b), "{a} vs {b}");
    }
}

// ---------------------------------------------------------------------------------------------
// Mapping

/// A 2.3 document exercising the real-world shapes seen in the corpus.
const MAPPING_JSON: &str = r#"{
  "spdxVersion": "SPDX-2.3",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "mapping",
  "documentNamespace": "https://example.com/mapping",
  "creationInfo": {"created": "2023-02-01T02:31:31.1656139Z",
    "creators": ["Tool: syft-0.57.0", "Organization: Anchore, Inc", "Tool: trivy", {"Person": "Harry"}]},
  "documentDescribes": ["SPDXRef-app"],
  "packages": [
    {"SPDXID": "SPDXRef-app", "name": "app", "versionInfo": "1.0", "primaryPackagePurpose": "APPLICATION",
     "licenseConcluded": "NOASSERTION", "licenseDeclared": "(MIT OR Apache-2.0)"},
    {"SPDXID": "SPDXRef-lodash", "name": "lodash", "versionInfo": "4.17.19",
     "licenseConcluded": "MIT", "licenseDeclared": "MIT",
     "checksums": [{"algorithm": "SHA256", "checksumValue": "AB12"}, {"algorithm": "SHA-1", "checksumValue": "cd"}],
     "externalRefs": [
       {"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/lodash@4.17.19"},
       {"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": "cpe:2.3:a:lodash:lodash:4.17.19:*:*:*:*:*:*:*"}]},
    {"SPDXID": "SPDXRef-jest", "name": "jest", "versionInfo": "29.0.0", "licenseInfoFromFiles": null,
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/jest@29.0.0"}]},
    {"SPDXID": "SPDXRef-os", "name": "debian", "versionInfo": "11", "primaryPackagePurpose": "OPERATING-SYSTEM",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg-:golang/x"}]},
    {"SPDXID": "SPDXRef-libc", "name": "libc6", "versionInfo": "2.31-13"}
  ],
  "files": [{"SPDXID": "SPDXRef-File-1", "fileName": "./a"}, {"SPDXID": "SPDXRef-File-2", "fileName": "./b"}],
  "relationships": [
    {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-os"},
    {"spdxElementId": "SPDXRef-File-1", "relationshipType": "DESCRIBED_BY", "relatedSpdxElement": "SPDXRef-DOCUMENT"},
    {"spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-lodash"},
    {"spdxElementId": "SPDXRef-jest", "relationshipType": "DEV_DEPENDENCY_OF", "relatedSpdxElement": "SPDXRef-app"},
    {"spdxElementId": "SPDXRef-libc", "relationshipType": "CONTAINED_BY", "relatedSpdxElement": "SPDXRef-os"},
    {"spdxElementId": "SPDXRef-app", "relationshipType": "CONTAINS", "relatedSpdxElement": "SPDXRef-File-1"},
    {"spdxElementId": "SPDXRef-app", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "NOASSERTION"},
    {"spdxElementId": "SPDXRef-app", "relationshipType": "GENERATED_FROM", "relatedSpdxElement": "SPDXRef-libc"},
    {"spdxElementId": "SPDXRef-app", "relationshipType": "depends_on", "relatedSpdxElement": "DocumentRef-other:SPDXRef-x"}
  ]
}"#;

#[test]
fn json_mapping() {
    let inv = read_json(MAPPING_JSON.as_bytes()).unwrap();
    let s = &inv.source;
    assert_eq!(
        (s.format, s.encoding, s.spec_version.as_str()),
        (SbomFormat::Spdx, Encoding::Json, "2.3")
    );
    assert_eq!(
        s.document_id.as_deref(),
        Some("https://example.com/mapping")
    );
    assert_eq!(s.document_name.as_deref(), Some("mapping"));
    assert_eq!(s.created.as_deref(), Some("2023-02-01T02:31:31.1656139Z"));
    let tools: Vec<_> = s
        .tools
        .iter()
        .map(|t| (t.name.as_str(), t.version.as_deref()))
        .collect();
    assert_eq!(tools, [("syft", Some("0.57.0")), ("trivy", None)]);
    assert_eq!(inv.components.len(), 5);
    assert_eq!(inv.files, 2);
    // documentDescribes and DESCRIBES both name subjects; the DESCRIBED_BY one is a file.
    assert_eq!(inv.subject, ["SPDXRef-app", "SPDXRef-os"]);

    let c = |r: &str| inv.components.iter().find(|c| c.bom_ref == r).unwrap();
    let app = c("SPDXRef-app");
    assert_eq!(
        (app.kind.as_str(), app.version.as_deref()),
        ("application", Some("1.0"))
    );
    // Canonical spelling: outer parentheses dropped, operands sorted; NOASSERTION dropped.
    assert_eq!(app.licenses, ["Apache-2.0 OR MIT"]);
    assert!(app.purl.is_none());
    let lodash = c("SPDXRef-lodash");
    // PACKAGE_MANAGER (underscore) is accepted as well as PACKAGE-MANAGER.
    assert_eq!(
        lodash.purl.as_ref().map(ToString::to_string).as_deref(),
        Some("pkg:npm/lodash@4.17.19")
    );
    assert_eq!(
        lodash.cpes,
        ["cpe:2.3:a:lodash:lodash:4.17.19:*:*:*:*:*:*:*"]
    );
    assert_eq!(lodash.licenses, ["MIT"]);
    let hashes: Vec<_> = lodash
        .hashes
        .iter()
        .map(|h| (h.alg.as_str(), h.value.as_str()))
        .collect();
    assert_eq!(hashes, [("sha1", "cd"), ("sha256", "ab12")]);
    assert_eq!(c("SPDXRef-jest").kind, "library");
    let os = c("SPDXRef-os");
    assert_eq!(os.kind, "operating-system");
    // An invalid purl is kept as written, with the reason, and the component stays.
    assert_eq!(os.purl_raw.as_deref(), Some("pkg-:golang/x"));
    assert!(os.purl.is_none() && os.purl_error.is_some());

    let edges: Vec<_> = inv
        .relationships
        .iter()
        .map(|r| (r.from.as_str(), r.kind, r.to.as_str()))
        .collect();
    assert_eq!(
        edges,
        [
            ("SPDXRef-app", RelationshipKind::DependsOn, "SPDXRef-jest"),
            ("SPDXRef-app", RelationshipKind::DependsOn, "SPDXRef-lodash"),
            ("SPDXRef-os", RelationshipKind::Contains, "SPDXRef-libc"),
        ]
    );
    // The edge into another document is reported; the non-string creator too. Edges to files,
    // NOASSERTION and untranslated types (GENERATED_FROM) are not problems.
    assert_eq!(inv.warnings.len(), 2, "{:?}", inv.warnings);
    assert!(
        inv.warnings
            .iter()
            .any(|w| w.message.contains("DocumentRef-other"))
    );
    assert!(
        inv.warnings
            .iter()
            .any(|w| w.location == "/creationInfo/creators/3")
    );
}

#[test]
fn relationship_directions() {
    use RelationshipKind::{Contains, DependsOn};
    // "A <TYPE> B": every *_OF type reads "A is … of B", so B is the one that depends/contains.
    let cases = [
        ("DEPENDS_ON", Some(("A", DependsOn, "B"))),
        ("DEPENDENCY_OF", Some(("B", DependsOn, "A"))),
        ("DEV_DEPENDENCY_OF", Some(("B", DependsOn, "A"))),
        ("BUILD_DEPENDENCY_OF", Some(("B", DependsOn, "A"))),
        ("RUNTIME_DEPENDENCY_OF", Some(("B", DependsOn, "A"))),
        ("OPTIONAL_DEPENDENCY_OF", Some(("B", DependsOn, "A"))),
        ("PROVIDED_DEPENDENCY_OF", Some(("B", DependsOn, "A"))),
        ("TEST_DEPENDENCY_OF", Some(("B", DependsOn, "A"))),
        ("CONTAINS", Some(("A", Contains, "B"))),
        ("CONTAINED_BY", Some(("B", Contains, "A"))),
        // A manifest lists dependencies; it is not one.
        ("DEPENDENCY_MANIFEST_OF", None),
        ("STATIC_LINK", None),
        ("GENERATED_FROM", None),
        ("DESCRIBES", None),
    ];
    for (ty, want) in cases {
        assert_eq!(map_relationship(ty, "A", "B"), want, "{ty}");
    }
}

#[test]
fn tool_names() {
    let cases = [
        ("syft-0.57.0", "syft", Some("0.57.0")),
        (
            "Microsoft.SBOMTool-1.0.2",
            "Microsoft.SBOMTool",
            Some("1.0.2"),
        ),
        ("sbomasm-v1.0.4", "sbomasm", Some("v1.0.4")),
        // A pre-release stays with the version (splitting at the last `-` would lose it).
        ("syft-1.0.0-rc1", "syft", Some("1.0.0-rc1")),
        ("my-tool-2.1", "my-tool", Some("2.1")),
        ("ko 0.12.0", "ko", Some("0.12.0")),
        // Not versions: a commit hash, a word, a path.
        (
            "tern-b8e13d1780cd3a02204226bba3d0772d95da24a0",
            "tern-b8e13d1780cd3a02204226bba3d0772d95da24a0",
            None,
        ),
        ("sbomasm-devel", "sbomasm-devel", None),
        ("trivy", "trivy", None),
        ("sigs.k8s.io/bom/pkg/spdx", "sigs.k8s.io/bom/pkg/spdx", None),
        (
            "github.com/spdx/tools-golang/builder",
            "github.com/spdx/tools-golang/builder",
            None,
        ),
        ("x-2-parts", "x-2-parts", None),
        ("-1.0", "-1.0", None),
    ];
    for (text, name, version) in cases {
        let t = parse_tool(text);
        assert_eq!(
            (t.name.as_str(), t.version.as_deref()),
            (name, version),
            "{text}"
        );
    }
}

#[test]
fn missing_ids_and_names_and_duplicates_are_kept_with_warnings() {
    let doc = br#"{"spdxVersion": "SPDX-2.2", "packages": [
        {"name": "a", "versionInfo": "1"},
        {"SPDXID": "SPDXRef-x", "packageName": "b"},
        {"SPDXID": "SPDXRef-x"}
    ]}"#;
    let inv = read_json(doc).unwrap();
    let refs: Vec<_> = inv
        .components
        .iter()
        .map(|c| (c.bom_ref.as_str(), c.name.as_str()))
        .collect();
    // `packageName` (a pre-2.2 spelling) is read as the name; no name at all falls back to the id.
    assert_eq!(
        refs,
        [
            ("stella:a@1#0", "a"),
            ("SPDXRef-x", "b"),
            ("SPDXRef-x", "SPDXRef-x")
        ]
    );
    assert_eq!(inv.warnings.len(), 3, "{:?}", inv.warnings);
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn wrong_types_are_positioned_errors() {
    use crate::json::JsonErrorKind;
    let cases: [(&[u8], JsonErrorKind, Option<&str>, usize); 5] = [
        (
            b"{\"spdxVersion\": \"SPDX-2.3\",\n \"packages\": \"x\"}",
            JsonErrorKind::Data,
            Some("/packages"),
            2,
        ),
        (
            b"{\"packages\": [{\"name\": 5}]}",
            JsonErrorKind::Data,
            Some("/packages/0/name"),
            1,
        ),
        (
            b"{\"packages\": [{\"externalRefs\": [{\"referenceLocator\": []}]}]}",
            JsonErrorKind::Data,
            Some("/packages/0/externalRefs/0/referenceLocator"),
            1,
        ),
        // Duplicate keys are refused before the model sees the document.
        (
            b"{\"name\": \"a\",\n\"name\": \"b\"}",
            JsonErrorKind::Syntax,
            None,
            2,
        ),
        (
            b"{\"packages\": [{\"name\": \"a\"",
            JsonErrorKind::Truncated,
            None,
            1,
        ),
    ];
    for (input, kind, pointer, line) in cases {
        let e = read_json(input).unwrap_err();
        let SbomError::Json { source, .. } = &e else {
            panic!("{e}")
        };
        assert_eq!(
            (source.kind, source.pointer.as_deref(), source.line),
            (kind, pointer, line),
            "{e}"
        );
    }
    // Detected as SPDX 2.2 by `spdxVersion`, but with a numeric version (guac invalid-spdx.json).
    assert!(read_json(br#"{"spdxVersion": 2}"#).is_err());
}

const TAG_VALUE: &str = "SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: tv
DocumentNamespace: https://example.com/tv
# a comment line
Creator: Tool: syft-1.13.0
Creator: Organization: Anchore
Created: 2024-01-01T00:00:00Z
DocumentComment: <text>several
lines: with colons
</text>

##### Package: app

PackageName: app
SPDXID: SPDXRef-app
PackageVersion: 1.0
PackageDownloadLocation: NOASSERTION
PackageLicenseConcluded: MIT
PackageLicenseDeclared: <text>(Apache-2.0 OR MIT)</text>
PrimaryPackagePurpose: APPLICATION
PackageChecksum: SHA256: 02C929DC5C39E335A03C405292728118860721B10190D98C2A0F0EFD5BAAFBAC
ExternalRef: PACKAGE-MANAGER purl pkg:cargo/app@1.0
ExternalRef: SECURITY cpe23Type cpe:2.3:a:x:app:1.0:*:*:*:*:*:*:*

FileName: ./src/main.rs
SPDXID: SPDXRef-main
LicenseConcluded: MIT

PackageName: dep
SPDXID: SPDXRef-dep
PackageVersion: 2.0
PackageComment: <text>
A comment
</text>

Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-app
Relationship: SPDXRef-dep RUNTIME_DEPENDENCY_OF SPDXRef-app
Relationship: SPDXRef-app CONTAINS SPDXRef-main
RelationshipComment: <text>files are not components</text>

LicenseID: LicenseRef-x
ExtractedText: <text>Some
text</text>
";

#[test]
fn tag_value_mapping() {
    let inv = read_tag_value(TAG_VALUE.as_bytes()).unwrap();
    assert_eq!(inv.source.encoding, Encoding::TagValue);
    assert_eq!(inv.source.spec_version, "2.3");
    assert_eq!(inv.source.document_name.as_deref(), Some("tv"));
    assert_eq!(
        inv.source.document_id.as_deref(),
        Some("https://example.com/tv")
    );
    assert_eq!(inv.source.tools.len(), 1);
    assert_eq!(inv.files, 1);
    assert_eq!(inv.subject, ["SPDXRef-app"]);
    let app = &inv.components[0];
    assert_eq!(app.bom_ref, "SPDXRef-app");
    assert_eq!(app.kind, "application");
    assert_eq!(app.licenses, ["Apache-2.0 OR MIT", "MIT"]);
    assert_eq!(
        app.hashes[0].value,
        "02c929dc5c39e335a03c405292728118860721b10190d98c2a0f0efd5baafbac"
    );
    assert_eq!(app.purl_raw.as_deref(), Some("pkg:cargo/app@1.0"));
    assert_eq!(app.cpes.len(), 1);
    assert_eq!(inv.components[1].version.as_deref(), Some("2.0"));
    assert_eq!(inv.relationships.len(), 1);
    assert_eq!(inv.relationships[0].from, "SPDXRef-app");
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);

    // CRLF line endings and a byte order mark read the same.
    let crlf = format!("\u{feff}{}", TAG_VALUE.replace('\n', "\r\n"));
    assert_eq!(
        read_tag_value(crlf.as_bytes()).unwrap().digest(),
        inv.digest()
    );
}

#[test]
fn tag_value_errors_carry_the_line() {
    let base = "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n";
    let cases = [
        // Unterminated <text>: the line where it opened.
        (
            "PackageName: a\nPackageComment: <text>never\nclosed\n",
            4,
            "never closed",
        ),
        (
            "PackageName: a\nthis line has no colon\n",
            4,
            "expected `Tag: value`",
        ),
        ("Package Name: a\n", 3, "not a tag name"),
        ("PackageVersion: 1.0\n", 3, "outside a package"),
        (
            "PackageName: a\nFileName: f\nPackageVersion: 1.0\n",
            5,
            "outside a package",
        ),
        (
            "PackageName: a\nPackageChecksum: 02c929dc\n",
            4,
            "ALGORITHM: value",
        ),
        (
            "PackageName: a\nExternalRef: PACKAGE-MANAGER purl\n",
            4,
            "CATEGORY TYPE LOCATOR",
        ),
        (
            "PackageName: a\nExternalRef: PACKAGE-MANAGER purl pkg:a/b c\n",
            4,
            "cannot contain spaces",
        ),
        (
            "Relationship: SPDXRef-a DEPENDS_ON\n",
            3,
            "SPDXRef-A TYPE SPDXRef-B",
        ),
        (
            "PackageName: a\nPackageComment: <text>x</text> trailing\n",
            4,
            "after `</text>`",
        ),
        // A document cut in the middle of a tag.
        ("PackageName: a\nPackageVers", 4, "expected `Tag: value`"),
    ];
    for (tail, line, message) in cases {
        let e = read_tag_value(format!("{base}{tail}").as_bytes()).unwrap_err();
        let SbomError::TagValue {
            line: l,
            message: m,
        } = &e
        else {
            panic!("{e}")
        };
        assert_eq!(*l, line, "{tail:?}: {e}");
        assert!(m.contains(message), "{tail:?}: {e}");
        assert_eq!(e.line(), Some(line));
    }
    assert!(matches!(
        read_tag_value(b"SPDXVersion: SPDX-2.2\n\xff"),
        Err(SbomError::Utf8 { offset: 22 })
    ));
    // Empty or without a version: refused by every encoding.
    assert!(matches!(
        read_tag_value(b""),
        Err(SbomError::TagValue { line: 1, .. })
    ));
    assert!(matches!(
        read_tag_value(b"DataLicense: CC0-1.0\n"),
        Err(SbomError::TagValue { line: 1, .. })
    ));
    assert!(matches!(read_json(b"{}"), Err(SbomError::Invalid { .. })));
    assert!(matches!(read_json(b""), Err(SbomError::Json { .. })));
    assert!(matches!(
        read_yaml(b"name: x\n"),
        Err(SbomError::Yaml { .. })
    ));
    assert!(matches!(read_yaml(b""), Err(SbomError::Yaml { .. })));
}

// ---------------------------------------------------------------------------------------------
// YAML

const YAML: &str = "---
SPDXID: \"SPDXRef-DOCUMENT\"
spdxVersion: \"SPDX-2.3\"
name: yaml
creationInfo:
  created: \"2010-01-29T18:30:22Z\"
  creators:
  - \"Tool: LicenseFind-1.0\"
packages:
- SPDXID: SPDXRef-a
  name: a
  versionInfo: 1.10
  licenseConcluded: MIT
  checksums: ~
  externalRefs:
  - referenceCategory: PACKAGE_MANAGER
    referenceType: purl
    referenceLocator: pkg:pypi/a@1.10
relationships:
- spdxElementId: SPDXRef-DOCUMENT
  relationshipType: DESCRIBES
  relatedSpdxElement: SPDXRef-a
";

#[test]
fn yaml_mapping() {
    let inv = read_yaml(YAML.as_bytes()).unwrap();
    assert_eq!(inv.source.encoding, Encoding::Yaml);
    let a = &inv.components[0];
    // An unquoted `1.10` is read as the text written, not as the float 1.1.
    assert_eq!(a.version.as_deref(), Some("1.10"));
    assert_eq!(a.purl_raw.as_deref(), Some("pkg:pypi/a@1.10"));
    assert_eq!(a.licenses, ["MIT"]);
    assert_eq!(inv.subject, ["SPDXRef-a"]);
    assert_eq!(inv.source.tools[0].version.as_deref(), Some("1.0"));
}

#[test]
fn yaml_errors() {
    let e = read_yaml(b"spdxVersion: SPDX-2.3\npackages:\n- name: [1, 2]\n").unwrap_err();
    let SbomError::Yaml { line, message } = &e else {
        panic!("{e}")
    };
    assert_eq!(*line, Some(3), "{e}");
    assert!(message.contains("packages[0].name"), "{e}");
    let e = read_yaml(b"spdxVersion: SPDX-2.3\npackages: [\n").unwrap_err();
    assert!(matches!(e, SbomError::Yaml { line: Some(_), .. }), "{e}");
    // Two documents in one stream.
    let e = read_yaml(b"spdxVersion: SPDX-2.3\n---\nspdxVersion: SPDX-2.3\n").unwrap_err();
    assert!(matches!(e, SbomError::Yaml { .. }), "{e}");
}

#[test]
fn yaml_billion_laughs_is_refused_quickly() {
    // The classic: 9 levels of 9 aliases, ~4e8 nodes once expanded.
    let mut doc = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        doc.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    doc.push_str("spdxVersion: SPDX-2.3\npackages: *i\n");
    let start = std::time::Instant::now();
    let e = read_yaml(doc.as_bytes()).unwrap_err();
    assert!(matches!(e, SbomError::Yaml { .. }), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));

    // Quadratic variant: one large anchored list aliased many times. serde_norway's own jump
    // limit allows this (few aliases, each replaying a large subtree); the expansion budget
    // stops it.
    let big: Vec<String> = (0..20_000).map(|i| i.to_string()).collect();
    let mut doc = format!("x: &x [{}]\ny: [", big.join(","));
    doc.push_str(&vec!["*x"; 20_000].join(","));
    doc.push_str("]\nspdxVersion: SPDX-2.3\n");
    let start = std::time::Instant::now();
    let e = read_yaml(doc.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("alias expansion"), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

// ---------------------------------------------------------------------------------------------
// Writer

fn reread(bytes: &[u8]) -> Inventory {
    read(bytes).unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(bytes)))
}

#[test]
fn corpus_convert_roundtrips() {
    for (p, bytes, _) in spdx_corpus() {
        let inv = read(&bytes).unwrap();
        let out = write_spdx_2_3(&inv, &WriteOptions::default());
        let back = reread(&out);
        assert_eq!(back.digest(), inv.digest(), "{p:?}");
        assert_eq!(back.components.len(), inv.components.len(), "{p:?}");
        assert_eq!(back.relationships.len(), inv.relationships.len(), "{p:?}");
        let again = write_spdx_2_3(&back, &WriteOptions::default());
        assert!(out == again, "{p:?}: converting twice changed the bytes");
    }
}

/// An inventory as the CycloneDX reader would produce it: groups, licence names, several
/// licences, nesting, refs that are not SPDX ids, odd hashes and CPEs, an invalid purl.
fn cyclonedx_like() -> Inventory {
    use crate::sbom::{Hash, Relationship, SourceInfo, Tool};
    let mut comps = Vec::new();
    let mut c = Component::new(
        "pkg:maven/org.acme/app@1.0".into(),
        "application".into(),
        "app".into(),
        Some("1.0".into()),
        Some("pkg:maven/org.acme/app@1.0".into()),
    );
    c.group = Some("org.acme".into());
    c.licenses = vec!["Apache License 2.0".into(), "MIT".into()];
    c.hashes = vec![
        Hash {
            alg: "sha256".into(),
            value: "a".repeat(64),
        },
        Hash {
            alg: "sha256".into(),
            value: "not hex".into(),
        },
        Hash {
            alg: "sha512".into(),
            value: "b".repeat(10),
        },
        Hash {
            alg: "crystalskyber".into(),
            value: "c".repeat(64),
        },
        Hash {
            alg: "blake2b-256".into(),
            value: "d".repeat(64),
        },
    ];
    c.cpes = vec![
        "cpe:2.3:a:acme:app:1.0:*:*:*:*:*:*:*".into(),
        "cpe:/a:acme:app:1.0".into(),
        "acme app".into(),
    ];
    comps.push(c);
    let mut c = Component::new(
        "lib@2".into(),
        "library".into(),
        "lib".into(),
        Some("2".into()),
        None,
    );
    c.group = Some("org.acme".into());
    c.licenses = vec!["(MIT OR Apache-2.0)".into()];
    c.parent = Some("pkg:maven/org.acme/app@1.0".into());
    comps.push(c);
    let mut c = Component::new(
        "bad-purl".into(),
        "framework".into(),
        "weird name / with: chars".into(),
        None,
        Some("pkg-:golang/x".into()),
    );
    c.licenses = vec![
        "LicenseRef-custom".into(),
        "BSD-3".into(),
        "GPL-2.0+".into(),
    ];
    comps.push(c);
    // Two components with the same identity and refs that sanitise alike.
    comps.push(Component::new(
        "dup/1".into(),
        "machine-learning-model".into(),
        "dup".into(),
        Some("1".into()),
        None,
    ));
    comps.push(Component::new(
        "dup:1".into(),
        "data".into(),
        "dup".into(),
        Some("1".into()),
        None,
    ));
    // A ref that is already a valid SPDX id, and the reserved document id.
    comps.push(Component::new(
        "SPDXRef-keep".into(),
        "container".into(),
        "image".into(),
        None,
        Some("pkg:oci/image@sha256%3Aabc".into()),
    ));
    comps.push(Component::new(
        "SPDXRef-DOCUMENT".into(),
        "library".into(),
        "sneaky".into(),
        None,
        None,
    ));
    let rel = |from: &str, kind, to: &str| Relationship {
        from: from.into(),
        kind,
        to: to.into(),
    };
    let mut inv = Inventory {
        source: SourceInfo {
            format: SbomFormat::CycloneDx,
            encoding: Encoding::Json,
            spec_version: "1.6".into(),
            tools: vec![
                Tool {
                    vendor: Some("anchore".into()),
                    name: "syft".into(),
                    version: Some("1.0.0-rc1".into()),
                },
                Tool {
                    vendor: None,
                    name: "ko".into(),
                    version: None,
                },
            ],
            created: Some("2024-05-06T07:08:09.123+02:00".into()),
            document_id: Some("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79".into()),
            document_name: None,
            document_version: None,
        },
        subject: vec!["pkg:maven/org.acme/app@1.0".into()],
        components: comps,
        relationships: vec![
            rel(
                "pkg:maven/org.acme/app@1.0",
                RelationshipKind::DependsOn,
                "lib@2",
            ),
            rel("lib@2", RelationshipKind::DependsOn, "bad-purl"),
            rel("bad-purl", RelationshipKind::DependsOn, "lib@2"),
            rel("dup/1", RelationshipKind::DependsOn, "dup/1"),
            rel("SPDXRef-keep", RelationshipKind::Contains, "dup:1"),
        ],
        files: 0,
        warnings: vec![],
    };
    inv.finish();
    inv
}

#[test]
fn writer_output_shape() {
    let inv = cyclonedx_like();
    let opts = WriteOptions {
        timestamp: Some(crate::time::parse_time("2026-01-31T12:00:00.789Z").unwrap()),
    };
    let out = write_spdx_2_3(&inv, &opts);
    assert!(out.ends_with(b"}\n"));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // SPDX 2.3 wants seconds precision.
    assert_eq!(v["creationInfo"]["created"], "2026-01-31T12:00:00Z");
    assert_eq!(
        v["creationInfo"]["creators"],
        serde_json::json!([
            format!("Tool: stella-{}", crate::TOOL_VERSION),
            "Tool: syft-1.0.0-rc1",
            "Tool: ko"
        ])
    );
    let ns = v["documentNamespace"].as_str().unwrap();
    assert!(
        ns.starts_with("https://stella.invalid/spdxdocs/app-1.0-"),
        "{ns}"
    );
    let pkgs = v["packages"].as_array().unwrap();
    let ids: Vec<&str> = pkgs.iter().map(|p| p["SPDXID"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "SPDXRef-Package-dup-1",
            "SPDXRef-Package-dup-1-2",
            "SPDXRef-Package-org.acme-lib-2",
            "SPDXRef-Package-maven-org.acme-app-1.0",
            // Sorted by identity: the purl `pkg:oci/image@…`.
            "SPDXRef-keep",
            "SPDXRef-Package-sneaky",
            "SPDXRef-Package-weird-name-with-chars",
        ]
    );
    let by_name = |n: &str| pkgs.iter().find(|p| p["name"] == n).unwrap();
    let app = by_name("app");
    assert_eq!(app["licenseConcluded"], "NOASSERTION");
    assert_eq!(
        app["licenseDeclared"],
        "LicenseRef-Apache-License-2.0 AND MIT"
    );
    assert_eq!(
        app["checksums"],
        serde_json::json!([
            {"algorithm": "BLAKE2b-256", "checksumValue": "d".repeat(64)},
            {"algorithm": "SHA256", "checksumValue": "a".repeat(64)},
        ])
    );
    let refs: Vec<&str> = app["externalRefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["referenceType"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["purl", "cpe22Type", "cpe23Type"]);
    assert_eq!(app["primaryPackagePurpose"], "APPLICATION");
    let weird = by_name("weird name / with: chars");
    // The invalid purl is not written as a purl.
    assert!(weird.get("externalRefs").is_none());
    assert_eq!(
        weird["licenseDeclared"],
        "LicenseRef-BSD-3 AND GPL-2.0+ AND LicenseRef-custom"
    );
    assert_eq!(by_name("dup")["primaryPackagePurpose"], "OTHER");
    let extracted: Vec<&str> = v["hasExtractedLicensingInfos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["licenseId"].as_str().unwrap())
        .collect();
    assert_eq!(
        extracted,
        [
            "LicenseRef-Apache-License-2.0",
            "LicenseRef-BSD-3",
            "LicenseRef-custom"
        ]
    );
    let rels: Vec<String> = v["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["spdxElementId"].as_str().unwrap(),
                r["relationshipType"].as_str().unwrap(),
                r["relatedSpdxElement"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        rels[0],
        "SPDXRef-DOCUMENT DESCRIBES SPDXRef-Package-maven-org.acme-app-1.0"
    );
    // Nesting becomes CONTAINS.
    assert!(
        rels.contains(
            &"SPDXRef-Package-maven-org.acme-app-1.0 CONTAINS SPDXRef-Package-org.acme-lib-2"
                .to_string()
        )
    );
    assert_eq!(rels.len(), 7, "{rels:?}");
}

#[test]
fn writer_roundtrips_what_spdx_cannot_say() {
    let inv = cyclonedx_like();
    for opts in [
        WriteOptions::default(),
        WriteOptions {
            timestamp: Some(crate::time::parse_time("@1700000000").unwrap()),
        },
    ] {
        let out = write_spdx_2_3(&inv, &opts);
        let back = reread(&out);
        assert_eq!(back.digest(), inv.digest());
        let lib = back.components.iter().find(|c| c.name == "lib").unwrap();
        // The note brought back the CycloneDX group and the licence as the source spelled it.
        assert_eq!(lib.group.as_deref(), Some("org.acme"));
        assert_eq!(lib.licenses, ["(MIT OR Apache-2.0)"]);
        assert_eq!(write_spdx_2_3(&back, &opts), out);
    }
    // Without a timestamp: the source's RFC 3339 time in UTC; an unparsable one: the epoch.
    let v: serde_json::Value =
        serde_json::from_slice(&write_spdx_2_3(&inv, &WriteOptions::default())).unwrap();
    assert_eq!(v["creationInfo"]["created"], "2024-05-06T05:08:09Z");
    let mut odd = inv.clone();
    odd.source.created = Some("yesterday".into());
    let v: serde_json::Value =
        serde_json::from_slice(&write_spdx_2_3(&odd, &WriteOptions::default())).unwrap();
    assert_eq!(v["creationInfo"]["created"], "1970-01-01T00:00:00Z");
}

#[test]
fn a_stale_note_is_ignored() {
    // Another tool changed licenseDeclared after Stella wrote the note: the document wins.
    let out =
        String::from_utf8(write_spdx_2_3(&cyclonedx_like(), &WriteOptions::default())).unwrap();
    let edited = out.replace(
        "\"licenseDeclared\": \"LicenseRef-Apache-License-2.0 AND MIT\"",
        "\"licenseDeclared\": \"MIT\"",
    );
    assert_ne!(edited, out);
    let back = reread(edited.as_bytes());
    let app = back.components.iter().find(|c| c.name == "app").unwrap();
    assert_eq!(app.licenses, ["MIT"]);
    assert_eq!(app.group, None);
}

#[test]
fn writer_empty_inventory() {
    let inv = read_json(br#"{"spdxVersion": "SPDX-2.3", "packages": []}"#).unwrap();
    let out = write_spdx_2_3(&inv, &WriteOptions::default());
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    // SPDX validators want the document to describe something.
    assert_eq!(v["relationships"][0]["relatedSpdxElement"], "NONE");
    assert_eq!(v["name"], "stella-sbom");
    let back = reread(&out);
    assert!(
        back.components.is_empty() && back.warnings.is_empty(),
        "{:?}",
        back.warnings
    );
    assert_eq!(write_spdx_2_3(&back, &WriteOptions::default()), out);
}

mod props {
    use proptest::prelude::*;

    use super::*;
    use crate::sbom::Relationship;

    fn component() -> impl Strategy<Value = Component> {
        let text = "[a-zA-Z0-9 ./:@_()+-]{1,12}";
        (
            text,
            prop::option::of("[0-9a-z.+~-]{1,6}"),
            prop::option::of(prop_oneof![
                "pkg:npm/[a-z]{1,5}@[0-9]\\.[0-9]".boxed(),
                "pkg:pypi/[a-z_]{1,5}".boxed(),
                "pkg-:[a-z]{1,4}".boxed(),
            ]),
            prop::option::of("[a-z.]{1,6}"),
            prop::collection::vec(
                prop_oneof![
                    Just("MIT".to_string()),
                    Just("Apache-2.0 OR MIT".to_string()),
                    Just("(GPL-2.0-only WITH Classpath-exception-2.0)".to_string()),
                    "[A-Za-z0-9 .-]{1,10}",
                ],
                0..3,
            ),
            "[a-z -]{1,10}",
            "[a-zA-Z0-9:/#@.-]{1,10}",
        )
            .prop_map(|(name, version, purl, group, licenses, kind, bom_ref)| {
                let mut c = Component::new(bom_ref, kind, name, version, purl);
                c.group = group;
                c.licenses = licenses;
                c
            })
    }

    fn inventory() -> impl Strategy<Value = Inventory> {
        (
            prop::collection::vec(component(), 0..6),
            prop::collection::vec((0usize..6, 0usize..6, any::<bool>()), 0..8),
        )
            .prop_map(|(components, edges)| {
                let n = components.len();
                let relationships = if n == 0 {
                    Vec::new()
                } else {
                    edges
                        .into_iter()
                        .map(|(a, b, dep)| Relationship {
                            from: components[a % n].bom_ref.clone(),
                            kind: if dep {
                                RelationshipKind::DependsOn
                            } else {
                                RelationshipKind::Contains
                            },
                            to: components[b % n].bom_ref.clone(),
                        })
                        .collect()
                };
                let mut inv = read_json(br#"{"spdxVersion": "SPDX-2.3"}"#).unwrap();
                inv.components = components;
                inv.relationships = relationships;
                inv.finish();
                inv
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Writing keeps the inventory digest, and converting twice is byte-identical.
        #[test]
        fn convert_keeps_the_digest_and_is_idempotent(inv in inventory()) {
            let out = write_spdx_2_3(&inv, &WriteOptions::default());
            let back = read(&out).map_err(|e| TestCaseError::fail(format!("{e}")))?;
            prop_assert_eq!(back.digest(), inv.digest());
            prop_assert_eq!(back.components.len(), inv.components.len());
            let again = write_spdx_2_3(&back, &WriteOptions::default());
            prop_assert!(again == out, "not idempotent:\n{}", String::from_utf8_lossy(&out));
        }

        /// A tag-value document cut anywhere reads or fails cleanly, never panics.
        #[test]
        fn truncated_tag_value_never_panics(cut in 0usize..TAG_VALUE.len()) {
            let bytes = &TAG_VALUE.as_bytes()[..cut];
            let _ = read_tag_value(bytes);
        }

        /// Same for JSON and YAML.
        #[test]
        fn truncated_json_and_yaml_never_panic(cut in 0usize..MAPPING_JSON.len()) {
            prop_assert!(read_json(&MAPPING_JSON.as_bytes()[..cut]).is_err());
            let _ = read_yaml(&YAML.as_bytes()[..cut.min(YAML.len())]);
        }

        /// Arbitrary lines made of tag-value pieces never panic.
        #[test]
        fn tag_value_garbage_never_panics(lines in prop::collection::vec(prop_oneof![
            Just("PackageName: a".to_string()), Just("SPDXID: SPDXRef-a".to_string()),
            Just("FileName: f".to_string()), Just("<text>".to_string()), Just("</text>".to_string()),
            Just("PackageVersion: <text>1".to_string()), Just("Relationship: a DEPENDS_ON b".to_string()),
            "[ -~]{0,20}",
        ], 0..20)) {
            let _ = read_tag_value(lines.join("\n").as_bytes());
        }
    }
}

/// The official SPDX validator (`pyspdxtools`, PyPI `spdx-tools`) accepts what the writer
/// writes, for every SPDX document of the shared corpus and the CycloneDX-like inventory.
/// Runs when `PYSPDXTOOLS` names the executable (about one second per document):
/// `python3 -m venv .venv-spdx && .venv-spdx/bin/pip install spdx-tools`, then
/// `PYSPDXTOOLS=$PWD/.venv-spdx/bin/pyspdxtools cargo test -p stella-core pyspdxtools`.
#[test]
fn pyspdxtools_accepts_written_documents() {
    let tool = std::env::var_os("PYSPDXTOOLS")
        .map(PathBuf::from)
        .filter(|p| p.exists());
    let Some(tool) = tool else {
        eprintln!("SKIP: pyspdxtools not present (set PYSPDXTOOLS)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut inputs: Vec<(String, Inventory)> = vec![("cyclonedx-like".into(), cyclonedx_like())];
    for (p, bytes, _) in spdx_corpus() {
        let name = p.to_string_lossy().replace(['/', '\\'], "_");
        inputs.push((name, read(&bytes).unwrap()));
    }
    let opts = WriteOptions {
        timestamp: Some(crate::time::parse_time("2026-01-31T00:00:00Z").unwrap()),
    };
    let mut failures = Vec::new();
    for (name, inv) in &inputs {
        let path = dir.path().join(format!("{name}.spdx.json"));
        std::fs::write(&path, write_spdx_2_3(inv, &opts)).unwrap();
        let out = std::process::Command::new(&tool)
            .arg("-i")
            .arg(&path)
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(format!(
                "{name}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    eprintln!(
        "pyspdxtools validated {} documents, {} failed",
        inputs.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
