//! Tests for `purl`: the official purl-spec suite (vendored under `testdata/purl/`), tables of
//! real-world purls from the shared SBOMs, property tests, and a scan of every purl string in
//! `/work/shared/data` (skipped when that folder is absent).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde::Deserialize;

use super::*;

fn p(s: &str) -> Purl {
    match Purl::parse(s) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    }
}

// ------------------------------------------------------------------------------------------
// Official purl-spec test suite
// ------------------------------------------------------------------------------------------

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/purl")
}

/// A case of the historic single-file suite (`test-suite-data.json`).
#[derive(Deserialize)]
struct LegacyCase {
    description: String,
    purl: String,
    canonical_purl: Option<String>,
    #[serde(rename = "type")]
    ty: Option<String>,
    namespace: Option<String>,
    name: Option<String>,
    version: Option<String>,
    qualifiers: Option<BTreeMap<String, String>>,
    subpath: Option<String>,
    is_invalid: bool,
}

/// Legacy canonical strings written before ECMA-427 fixed the encoding rules:
/// (description, Stella's canonical string, why).
const LEGACY_ENCODING_CONFLICTS: &[(&str, &str, &str)] = &[
    (
        "maven often uses qualifiers",
        "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease",
        "ECMA-427 §5.4 encodes `/` inside a qualifier value; types/maven-test.json expects `repo.spring.io%2Frelease`",
    ),
    (
        "maven pom reference",
        "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?extension=pom&repository_url=repo.spring.io%2Frelease",
        "ECMA-427 §5.4 encodes `/` inside a qualifier value; types/maven-test.json expects `repo.spring.io%2Frelease`",
    ),
    (
        "with `qualifiers.vcs_url` as SHA512 in hex representation",
        "pkg:npm/packageurl-js@0.0.7?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fpackage-url%2Fpackageurl-js.git",
        "ECMA-427 §5.4 never encodes `:`; types/generic-test.json expects `git%2Bhttps:%2F%2F…`",
    ),
    (
        "with `qualifiers.download_url`",
        "pkg:npm/packageurl-js@0.0.7?download_url=https:%2F%2Fregistry.npmjs.org%2Fpackageurl-js%2F-%2Fpackageurl-js-0.0.7.tgz",
        "ECMA-427 §5.4 never encodes `:`; types/generic-test.json expects `https:%2F%2F…`",
    ),
];

/// Legacy "invalid" cases Stella parses on purpose: (description, why).
const LEGACY_ACCEPTED_INVALID: &[(&str, &str)] = &[
    (
        "invalid conan purl only namespace",
        "per-type presence rules are not enforced: the package is still identified (module header)",
    ),
    (
        "invalid conan purl only channel qualifier",
        "per-type presence rules are not enforced: the package is still identified (module header)",
    ),
    (
        "invalid cran purl without version",
        "per-type presence rules are not enforced: a versionless purl is a package key, as everywhere else",
    ),
    (
        "invalid swift purl without namespace",
        "per-type presence rules are not enforced: the package is still identified (module header)",
    ),
    (
        "invalid swift purl without version",
        "per-type presence rules are not enforced: a versionless purl is a package key, as everywhere else",
    ),
];

/// Compare a parsed purl with expected components; `None` when they agree.
fn component_diff(
    purl: &Purl,
    ty: Option<&str>,
    namespace: Option<&str>,
    name: Option<&str>,
    version: Option<&str>,
    qualifiers: Option<&BTreeMap<String, String>>,
    subpath: Option<&str>,
) -> Option<String> {
    let empty = BTreeMap::new();
    let mut diffs = Vec::new();
    if Some(purl.ty()) != ty {
        diffs.push(format!("type {:?} != {ty:?}", purl.ty()));
    }
    if purl.namespace() != namespace {
        diffs.push(format!("namespace {:?} != {namespace:?}", purl.namespace()));
    }
    if Some(purl.name()) != name {
        diffs.push(format!("name {:?} != {name:?}", purl.name()));
    }
    if purl.version() != version {
        diffs.push(format!("version {:?} != {version:?}", purl.version()));
    }
    if purl.qualifiers() != qualifiers.unwrap_or(&empty) {
        diffs.push(format!(
            "qualifiers {:?} != {qualifiers:?}",
            purl.qualifiers()
        ));
    }
    if purl.subpath() != subpath {
        diffs.push(format!("subpath {:?} != {subpath:?}", purl.subpath()));
    }
    (!diffs.is_empty()).then(|| diffs.join("; "))
}

fn run_legacy_suite(failures: &mut Vec<String>) -> usize {
    let path = suite_dir().join("test-suite-data.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let cases: Vec<LegacyCase> = serde_json::from_str(&text).unwrap();
    let mut used_conflicts = BTreeSet::new();
    let mut used_accepted = BTreeSet::new();
    for case in &cases {
        let d = case.description.as_str();
        let parsed = Purl::parse(&case.purl);
        if case.is_invalid {
            match (
                parsed,
                LEGACY_ACCEPTED_INVALID.iter().find(|(x, _)| *x == d),
            ) {
                (Err(_), None) => {}
                (Ok(_), Some(_)) => {
                    used_accepted.insert(d);
                }
                (Ok(purl), None) => {
                    failures.push(format!("legacy `{d}`: expected an error, got {purl}"))
                }
                (Err(e), Some(_)) => {
                    failures.push(format!("legacy `{d}`: listed as accepted but {e}"))
                }
            }
            continue;
        }
        let purl = match parsed {
            Ok(purl) => purl,
            Err(e) => {
                failures.push(format!("legacy `{d}`: {e}"));
                continue;
            }
        };
        if let Some(diff) = component_diff(
            &purl,
            case.ty.as_deref(),
            case.namespace.as_deref(),
            case.name.as_deref(),
            case.version.as_deref(),
            case.qualifiers.as_ref(),
            case.subpath.as_deref(),
        ) {
            failures.push(format!("legacy `{d}`: {diff}"));
        }
        let expected = match LEGACY_ENCODING_CONFLICTS.iter().find(|(x, _, _)| *x == d) {
            Some((_, stella, _)) => {
                used_conflicts.insert(d);
                Some(stella.to_string())
            }
            None => case.canonical_purl.clone(),
        };
        if Some(purl.to_string()) != expected {
            failures.push(format!("legacy `{d}`: canonical {purl} != {expected:?}"));
        }
    }
    // Every listed deviation must still be needed, so the lists cannot rot.
    for (d, _, _) in LEGACY_ENCODING_CONFLICTS {
        if !used_conflicts.contains(d) {
            failures.push(format!(
                "LEGACY_ENCODING_CONFLICTS entry `{d}` matches no case"
            ));
        }
    }
    for (d, _) in LEGACY_ACCEPTED_INVALID {
        if !used_accepted.contains(d) {
            failures.push(format!(
                "LEGACY_ACCEPTED_INVALID entry `{d}` matches no case"
            ));
        }
    }
    cases.len()
}

/// A case of the per-type suites (`tests/spec/*.json`, `tests/types/*.json`, schema 0.1).
#[derive(Deserialize)]
struct SuiteCase {
    description: String,
    test_type: String,
    input: serde_json::Value,
    expected_output: serde_json::Value,
    expected_failure: bool,
}

#[derive(Deserialize)]
struct SuiteFile {
    tests: Vec<SuiteCase>,
}

#[derive(Deserialize)]
struct Components {
    #[serde(rename = "type")]
    ty: Option<String>,
    namespace: Option<String>,
    name: Option<String>,
    version: Option<String>,
    qualifiers: Option<BTreeMap<String, String>>,
    subpath: Option<String>,
}

fn build(c: &Components) -> Result<Purl, PurlError> {
    let mut purl = Purl::new(
        c.ty.as_deref().unwrap_or(""),
        c.namespace.as_deref(),
        c.name.as_deref().unwrap_or(""),
        c.version.as_deref(),
    )?;
    for (k, v) in c.qualifiers.iter().flatten() {
        purl = purl.with_qualifier(k, v)?;
    }
    if let Some(sp) = &c.subpath {
        purl = purl.with_subpath(sp);
    }
    Ok(purl)
}

fn run_suite_file(path: &Path, failures: &mut Vec<String>) -> usize {
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let suite: SuiteFile = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in &suite.tests {
        let at = format!("{file} `{}` ({})", case.description, case.test_type);
        let result = match case.test_type.as_str() {
            "build" => {
                let c: Components = serde_json::from_value(case.input.clone()).unwrap();
                build(&c)
            }
            _ => Purl::parse(case.input.as_str().unwrap()),
        };
        let purl = match (result, case.expected_failure) {
            (Err(_), true) => continue,
            (Ok(purl), true) => {
                failures.push(format!("{at}: expected a failure, got {purl}"));
                continue;
            }
            (Err(e), false) => {
                failures.push(format!("{at}: {e}"));
                continue;
            }
            (Ok(purl), false) => purl,
        };
        if case.test_type == "parse" {
            let c: Components = serde_json::from_value(case.expected_output.clone()).unwrap();
            if let Some(diff) = component_diff(
                &purl,
                c.ty.as_deref(),
                c.namespace.as_deref(),
                c.name.as_deref(),
                c.version.as_deref(),
                c.qualifiers.as_ref(),
                c.subpath.as_deref(),
            ) {
                failures.push(format!("{at}: {diff}"));
            }
        } else if Some(purl.to_string().as_str()) != case.expected_output.as_str() {
            failures.push(format!("{at}: {purl} != {}", case.expected_output));
        }
    }
    suite.tests.len()
}

/// Every case of the vendored purl-spec suites: parse → components and canonical string,
/// build → canonical string, invalid → error. Deviations are the two lists above.
#[test]
fn official_purl_spec_suite() {
    let mut failures = Vec::new();
    let mut counts = vec![(
        "test-suite-data.json".to_string(),
        run_legacy_suite(&mut failures),
    )];
    for sub in ["spec", "types"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(suite_dir().join(sub))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let n = run_suite_file(&f, &mut failures);
            counts.push((
                format!("{sub}/{}", f.file_name().unwrap().to_string_lossy()),
                n,
            ));
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    eprintln!(
        "purl-spec suite: {total} cases in {} files: {counts:?}",
        counts.len()
    );
    assert!(total >= 212, "the vendored suite shrank to {total} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ------------------------------------------------------------------------------------------
// Type rules on real purls from /work/shared/data SBOMs (copied here so the test stands alone)
// ------------------------------------------------------------------------------------------

/// (as written in the source, canonical form, ecosystem). Source file in the comment.
const REAL_WORLD: &[(&str, &str, Option<Ecosystem>)] = &[
    // PyPI, trivy celery SBOM (sbom-in-a-box-samples/trivy-0.39.0_celery-3.1.cdx.json): the
    // file_path qualifier is kept, its `/` stays encoded.
    (
        "pkg:pypi/amqp@1.4.9?file_path=usr%2Flocal%2Flib%2Fpython3.5%2Fsite-packages%2Famqp-1.4.9.dist-info%2FMETADATA",
        "pkg:pypi/amqp@1.4.9?file_path=usr%2Flocal%2Flib%2Fpython3.5%2Fsite-packages%2Famqp-1.4.9.dist-info%2FMETADATA",
        Some(Ecosystem::PyPI),
    ),
    // PEP 503 turns the `.` into `-` (guac-exampledata/cyclonedx-no-top-level.json); the
    // purl spec alone would keep `ruamel.yaml`. PyPI serves both names as one project.
    (
        "pkg:pypi/ruamel.yaml@0.17.21",
        "pkg:pypi/ruamel-yaml@0.17.21",
        Some(Ecosystem::PyPI),
    ),
    // Maven: groupId is the namespace, case kept (cyclonedx-bom-examples dropwizard bom.xml;
    // sbomqs Case1).
    (
        "pkg:maven/antlr/antlr@2.7.7?type=jar",
        "pkg:maven/antlr/antlr@2.7.7?type=jar",
        Some(Ecosystem::Maven),
    ),
    (
        "pkg:maven/org.example/Case1@1.0-SNAPSHOT?package-id=ea4751f8e84844e1",
        "pkg:maven/org.example/Case1@1.0-SNAPSHOT?package-id=ea4751f8e84844e1",
        Some(Ecosystem::Maven),
    ),
    // npm scope written `%40` (juice-shop bom.1.2.xml) and raw `@` (cdxgen, sbom-in-a-box
    // sbom.cdxgen.1-4.xml): the same purl.
    (
        "pkg:npm/%40babel/parser@7.21.2#packages/babel-parser",
        "pkg:npm/%40babel/parser@7.21.2#packages/babel-parser",
        Some(Ecosystem::Npm),
    ),
    (
        "pkg:npm/@ampproject/remapping@2.2.0",
        "pkg:npm/%40ampproject/remapping@2.2.0",
        Some(Ecosystem::Npm),
    ),
    // Go: module path case kept (proton-bridge bom.xml); `+incompatible` raw (vexhub
    // backup-restore-operator) and `%2B` (sbomqs) give one version text.
    (
        "pkg:golang/github.com/0xAX/notificator@v0.0.0-20191016112426-3962a5ea8da1",
        "pkg:golang/github.com/0xAX/notificator@v0.0.0-20191016112426-3962a5ea8da1",
        Some(Ecosystem::Go),
    ),
    (
        "pkg:golang/github.com/docker/cli@v20.10.21+incompatible",
        "pkg:golang/github.com/docker/cli@v20.10.21%2Bincompatible",
        Some(Ecosystem::Go),
    ),
    (
        "pkg:golang/gotest.tools@v2.2.0%2Bincompatible?package-id=b31e43068a759fe6",
        "pkg:golang/gotest.tools@v2.2.0%2Bincompatible?package-id=b31e43068a759fe6",
        Some(Ecosystem::Go),
    ),
    // Go `(devel)` main module (osv-scanner-sboms/postgres-stretch.cdx.xml): parses, text kept.
    (
        "pkg:golang/github.com/tianon/gosu@(devel)",
        "pkg:golang/github.com/tianon/gosu@%28devel%29",
        Some(Ecosystem::Go),
    ),
    // Go stdlib pseudo-module has no namespace (aquasecurity-vexhub harvester).
    (
        "pkg:golang/stdlib@v1.23.4",
        "pkg:golang/stdlib@v1.23.4",
        Some(Ecosystem::Go),
    ),
    // deb: `+` in the name arrives encoded (trivy celery SBOM) and stays so.
    (
        "pkg:deb/debian/libstdc%2B%2B6@4.9.2-10?distro=debian-8.8",
        "pkg:deb/debian/libstdc%2B%2B6@4.9.2-10?distro=debian-8.8",
        Some(Ecosystem::Debian),
    ),
    // rpm with an epoch qualifier, qualifiers re-sorted (trivy centos-7 SBOM).
    (
        "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810",
        "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&distro=centos-7.6.1810&epoch=1",
        Some(Ecosystem::Rpm),
    ),
    // apk from syft with upstream (sbom-in-a-box sbom.alpine.json).
    (
        "pkg:apk/alpine/alpine-baselayout@3.4.0-r0?arch=x86_64&upstream=alpine-baselayout&distro=alpine-3.17.2",
        "pkg:apk/alpine/alpine-baselayout@3.4.0-r0?arch=x86_64&distro=alpine-3.17.2&upstream=alpine-baselayout",
        Some(Ecosystem::Alpine),
    ),
    // Old syft `pkg:alpine/…` (guac-exampledata/alpine-spdx.json) is a known generator bug:
    // normalised to `pkg:apk/alpine/…`.
    (
        "pkg:alpine/alpine-keys@2.4-r1?arch=x86_64&upstream=alpine-keys&distro=alpine-3.16.2",
        "pkg:apk/alpine/alpine-keys@2.4-r1?arch=x86_64&distro=alpine-3.16.2&upstream=alpine-keys",
        Some(Ecosystem::Alpine),
    ),
    // Composer (guac-exampledata/laravel-cyclonedx.xml), gem (trivy fluentd SBOM), cargo with
    // an incomplete version kept as written (spdx-examples example11).
    (
        "pkg:composer/asm89/stack-cors@1.3.0",
        "pkg:composer/asm89/stack-cors@1.3.0",
        Some(Ecosystem::Composer),
    ),
    (
        "pkg:gem/activesupport@6.0.2.1",
        "pkg:gem/activesupport@6.0.2.1",
        Some(Ecosystem::RubyGems),
    ),
    (
        "pkg:cargo/hyper@0.14",
        "pkg:cargo/hyper@0.14",
        Some(Ecosystem::Cargo),
    ),
    // Valid types without a Stella ecosystem: k8s with an encoded `/` in the name (trivy
    // minikube KBOM), bitnami (trivy elasticsearch SPDX), oci (rancher vexhub), generic
    // (postgres-stretch), github (spdx-examples OSS-NA-2023), nodejs (nodejs VEX).
    (
        "pkg:k8s/k8s.io%2Fkubelet@1.27.0",
        "pkg:k8s/k8s.io%2Fkubelet@1.27.0",
        None,
    ),
    (
        "pkg:bitnami/elasticsearch@8.9.1?arch=arm64",
        "pkg:bitnami/elasticsearch@8.9.1?arch=arm64",
        None,
    ),
    (
        "pkg:oci/aks-operator?repository_url=index.docker.io%2Francher%2Faks-operator",
        "pkg:oci/aks-operator?repository_url=index.docker.io%2Francher%2Faks-operator",
        None,
    ),
    (
        "pkg:generic/postgresql@11.15",
        "pkg:generic/postgresql@11.15",
        None,
    ),
    (
        "pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc",
        "pkg:github/spdx/tools-java@2235d5d7f7fe46ce1e0d54b7831c5681633b25cc",
        None,
    ),
    ("pkg:nodejs/node@v20.3.1", "pkg:nodejs/node@v20.3.1", None),
    // JFrog Xray writes the distro into the name (guac-exampledata/xray-cdx-vulns.json): a
    // valid purl, but with no vendor namespace it has no Stella ecosystem.
    (
        "pkg:deb/debian:buster:apt@1.8.2.2",
        "pkg:deb/debian:buster:apt@1.8.2.2",
        None,
    ),
    // cdxgen's `application` type with an unencoded scope (sbom.cdxgen.1-4.xml).
    (
        "pkg:application/@cyclonedx/cdxgen@8.4.0",
        "pkg:application/%40cyclonedx/cdxgen@8.4.0",
        None,
    ),
];

#[test]
fn real_world_purls_normalise() {
    for (input, canonical, eco) in REAL_WORLD {
        let purl = p(input);
        assert_eq!(purl.to_string(), *canonical, "{input}");
        assert_eq!(purl.ecosystem(), *eco, "{input}");
        assert_eq!(p(canonical), purl, "{canonical} does not parse back");
    }
}

/// Spellings that must be the same purl (and the same join key).
#[test]
fn equivalent_spellings() {
    let groups: &[&[&str]] = &[
        // PyPI: case and separator runs (PEP 503).
        &[
            "pkg:pypi/Django_package@1.11.1.dev1",
            "pkg:PYPI/django-package@1.11.1.dev1",
            "pkg:pypi/DJANGO.__-package@1.11.1.dev1",
        ],
        // npm: `%40` and `@` scope, upper and lower case name and scope.
        &[
            "pkg:npm/%40babel/core@7.0.0",
            "pkg:npm/@babel/core@7.0.0",
            "pkg:npm/%40Babel/Core@7.0.0",
        ],
        // Go: `+incompatible` written raw or encoded (`%2b` too).
        &[
            "pkg:golang/github.com/docker/cli@v20.10.21+incompatible",
            "pkg:golang/github.com/docker/cli@v20.10.21%2Bincompatible",
            "pkg:golang/github.com/docker/cli@v20.10.21%2bincompatible",
        ],
        // Surrounding whitespace, `pkg://`, uppercase scheme and type, qualifier key case and
        // order, empty qualifier values.
        &[
            "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
            "  pkg://deb/debian/curl@7.50.3-1?distro=jessie&arch=i386\n",
            "PKG:DEB/Debian/Curl@7.50.3-1?Arch=i386&DISTRO=jessie&epoch=",
        ],
        // github and bitbucket are case-insensitive.
        &[
            "pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
            "pkg:github/package-url/purl-spec@244fd47e07d1004f0aed9c",
        ],
        &[
            "pkg:bitbucket/birKenfeld/pyGments-main@244fd47e07d1014f0aed9c",
            "pkg:bitbucket/birkenfeld/pygments-main@244fd47e07d1014f0aed9c",
        ],
        // rpm: vendor lowercased, name case kept.
        &[
            "pkg:rpm/RedHat/NetworkManager@1.0-1",
            "pkg:rpm/redhat/NetworkManager@1.0-1",
        ],
        // Old syft's `dotnet` type is NuGet.
        &[
            "pkg:dotnet/Newtonsoft.Json@13.0.1",
            "pkg:nuget/Newtonsoft.Json@13.0.1",
        ],
    ];
    for group in groups {
        let first = p(group[0]);
        for other in &group[1..] {
            assert_eq!(p(other), first, "{other} vs {}", group[0]);
            assert_eq!(p(other).without_qualifiers(), first.without_qualifiers());
        }
    }
    // Case that must NOT fold: Go module paths, Maven coordinates, NuGet names, rpm names.
    for (a, b) in [
        (
            "pkg:golang/github.com/BurntSushi/toml@v1.0.0",
            "pkg:golang/github.com/burntsushi/toml@v1.0.0",
        ),
        (
            "pkg:maven/HTTPClient/HTTPClient@0.3-3",
            "pkg:maven/httpclient/httpclient@0.3-3",
        ),
        ("pkg:nuget/Moment.js@2.0.0", "pkg:nuget/moment.js@2.0.0"),
        (
            "pkg:rpm/redhat/NetworkManager@1.0-1",
            "pkg:rpm/redhat/networkmanager@1.0-1",
        ),
    ] {
        assert_ne!(p(a), p(b), "{a} and {b} must stay distinct");
    }
}

#[test]
fn accessors_and_keys() {
    let purl =
        p("pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810");
    assert_eq!(purl.ty(), "rpm");
    assert_eq!(purl.namespace(), Some("centos"));
    assert_eq!(purl.name(), "openssl-libs");
    assert_eq!(purl.version(), Some("1.0.2k-16.el7"));
    assert_eq!(purl.arch(), Some("x86_64"));
    assert_eq!(purl.distro(), Some("centos-7.6.1810"));
    assert_eq!(purl.epoch(), Some("1"));
    assert_eq!(purl.package_key(), "pkg:rpm/centos/openssl-libs");
    assert_eq!(
        purl.without_qualifiers(),
        "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7"
    );

    // A deb epoch lives in the version; the version text is not split.
    let deb = p("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
    assert_eq!(deb.version(), Some("1:2.4.47-2+b1"));
    assert_eq!(deb.epoch(), Some("1"));
    // A Maven version with a colon has no epoch.
    assert_eq!(p("pkg:maven/a/b@1:2").epoch(), None);
    assert_eq!(p("pkg:deb/debian/curl@7.50.3-1").epoch(), None);

    let apk =
        p("pkg:apk/alpine/busybox@1.35.0-r29?arch=x86_64&upstream=busybox&distro=alpine-3.16.2");
    assert_eq!(apk.upstream(), Some("busybox"));
    assert_eq!(apk.ecosystem(), Some(Ecosystem::Alpine));

    let go = p("pkg:golang/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/");
    assert_eq!(go.namespace(), Some("google.golang.org"));
    assert_eq!(go.subpath(), Some("googleapis/api/annotations"));
    assert_eq!(go.package_key(), "pkg:golang/google.golang.org/genproto");

    let npm = p("pkg:npm/%40angular/animation@12.3.1");
    assert_eq!(npm.namespace(), Some("@angular"));
    assert_eq!(npm.package_key(), "pkg:npm/%40angular/animation");
    assert!(p("pkg:k8s/k8s.io%2Fkubelet@1.27.0").name() == "k8s.io/kubelet");
}

#[test]
fn constructor_and_builders() {
    let purl = Purl::new("PyPI", None, "Django_Package", Some("1.0"))
        .unwrap()
        .with_qualifier("File_Name", "Django-1.0.tar.gz")
        .unwrap();
    assert_eq!(
        purl.to_string(),
        "pkg:pypi/django-package@1.0?file_name=Django-1.0.tar.gz"
    );
    assert_eq!(
        purl,
        p("pkg:pypi/Django.Package@1.0?file_name=Django-1.0.tar.gz")
    );

    let go = Purl::new(
        "golang",
        Some("/github.com/BurntSushi/"),
        "toml",
        Some("v1.2.0+incompatible"),
    )
    .unwrap()
    .with_subpath("./cmd//tomlv/");
    assert_eq!(
        go.to_string(),
        "pkg:golang/github.com/BurntSushi/toml@v1.2.0%2Bincompatible#cmd/tomlv"
    );
    assert_eq!(go.clone().with_version("v1.3.0").version(), Some("v1.3.0"));
    assert_eq!(go.clone().without_version().version(), None);
    assert_eq!(go.clone().with_version("").version(), None);

    let deb = Purl::new("deb", Some("Debian"), "curl", Some(""))
        .unwrap()
        .with_qualifier("distro", "debian-11")
        .unwrap()
        .with_qualifier("arch", "")
        .unwrap();
    assert_eq!(deb.to_string(), "pkg:deb/debian/curl?distro=debian-11");
    let deb = deb.with_qualifier("distro", "").unwrap();
    assert!(deb.qualifiers().is_empty());

    // Errors name the bad component.
    let e = Purl::new("3nginx", None, "nginx", None).unwrap_err();
    assert_eq!((e.kind, e.input.as_str()), (PurlErrorKind::Type, "3nginx"));
    let e = Purl::new("npm", None, "/", None).unwrap_err();
    assert_eq!(e.kind, PurlErrorKind::Name);
    let e = p("pkg:npm/x")
        .with_qualifier("in production", "true")
        .unwrap_err();
    assert_eq!(
        (e.kind, e.input.as_str()),
        (PurlErrorKind::Qualifier, "in production")
    );
}

/// Malformed inputs, each with the error kind it must give.
#[test]
fn malformed_purls_are_errors_with_reasons() {
    let cases: &[(&str, PurlErrorKind)] = &[
        // sbomqs-samples/sbomqs.syft-cyclone.json: a misspelt scheme.
        (
            "pkg-:golang/github.com/CycloneDX/cyclonedx-go@v0.7.0",
            PurlErrorKind::Scheme,
        ),
        // osv-scanner-sboms/bad-purls.cdx.xml: `pkg:///`, `/`, `pkg:pypi/`, an empty apk name.
        ("pkg:///", PurlErrorKind::Type),
        ("pkg:", PurlErrorKind::Type),
        ("/", PurlErrorKind::Scheme),
        ("pkg:pypi/", PurlErrorKind::Name),
        (
            "pkg:apk/alpine/@1.36.1-r27?arch=x86_64&upstream=busybox&distro=alpine-3.17.2",
            PurlErrorKind::Name,
        ),
        // Ubuntu OSV (ubuntu-security-notices-subset): `?` where `&` was meant.
        (
            "pkg:deb/ubuntu/pcre3?arch=src?distro=focal",
            PurlErrorKind::Qualifier,
        ),
        ("", PurlErrorKind::Empty),
        ("   ", PurlErrorKind::Empty),
        ("EnterpriseLibrary.Common@6.0.1304", PurlErrorKind::Scheme),
        ("pkg%3Amaven/org.apache.commons/io", PurlErrorKind::Scheme),
        ("pkg:hackage", PurlErrorKind::Name),
        ("pkg:3nginx/nginx@0.8.9", PurlErrorKind::Type),
        ("pkg:nginx:a/nginx@0.8.9", PurlErrorKind::Type),
        ("pkg:n%40m/x", PurlErrorKind::Type),
        ("pkg:maven/@1.3.4", PurlErrorKind::Name),
        (
            "pkg:npm/myartifact@1.0.0?in%20production=true",
            PurlErrorKind::Qualifier,
        ),
        ("pkg:npm/x@1?arch=a&ARCH=b", PurlErrorKind::Qualifier),
        ("pkg:npm/x@1?=b", PurlErrorKind::Qualifier),
        ("pkg:golang/a%2Fb/c", PurlErrorKind::Namespace),
        ("pkg:npm/x#a/%2E%2E/b", PurlErrorKind::Subpath),
        ("pkg:npm/x#a#b", PurlErrorKind::Subpath),
        ("pkg:npm/x@1%zz", PurlErrorKind::Encoding),
        ("pkg:npm/x@1%2", PurlErrorKind::Encoding),
        ("pkg:npm/%FF", PurlErrorKind::Encoding),
    ];
    for (input, kind) in cases {
        match Purl::parse(input) {
            Ok(purl) => panic!("{input:?} parsed as {purl}"),
            Err(e) => {
                assert_eq!(e.kind, *kind, "{input:?}: {}", e.reason);
                assert_eq!(e.input, *input);
                assert!(!e.reason.is_empty());
            }
        }
    }
}

#[test]
fn serde_and_fromstr_use_the_canonical_form() {
    let purl: Purl = "pkg:npm/@babel/core@7.0.0".parse().unwrap();
    let json = serde_json::to_string(&purl).unwrap();
    assert_eq!(json, r#""pkg:npm/%40babel/core@7.0.0""#);
    assert_eq!(serde_json::from_str::<Purl>(&json).unwrap(), purl);
    let err = serde_json::from_str::<Purl>(r#""pkg:pypi/""#).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");
    let schema = serde_json::to_value(schemars::schema_for!(Purl)).unwrap();
    assert_eq!(schema["type"], "string");
}

// ------------------------------------------------------------------------------------------
// Properties
// ------------------------------------------------------------------------------------------

/// Component text, with separators, `%`, spaces, non-ASCII and uppercase on purpose.
fn component() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9._~:@/?#&=+%! ()éΣ😃-]{1,12}").unwrap()
}

fn any_purl() -> impl Strategy<Value = Purl> {
    let ty = prop::sample::select(vec![
        "npm",
        "pypi",
        "golang",
        "maven",
        "deb",
        "rpm",
        "apk",
        "alpine",
        "dotnet",
        "github",
        "huggingface",
        "mlflow",
        "generic",
        "oci",
        "Custom+Type.x-1",
    ]);
    (
        ty,
        prop::option::of(prop::collection::vec(component(), 1..3)),
        component(),
        prop::option::of(component()),
        prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9._-]{0,6}", component(), 0..3),
        prop::option::of(component()),
    )
        .prop_filter_map("builder rejected", |(ty, ns, name, version, quals, sub)| {
            let ns = ns.map(|segs| segs.join("/"));
            let mut purl = Purl::new(ty, ns.as_deref(), &name, version.as_deref()).ok()?;
            for (k, v) in quals {
                purl = purl.with_qualifier(&k, &v).ok()?;
            }
            if let Some(sp) = sub {
                purl = purl.with_subpath(&sp);
            }
            Some(purl)
        })
}

proptest! {
    /// The canonical spelling parses back to the same purl, and printing is idempotent.
    #[test]
    fn display_round_trips(purl in any_purl()) {
        let text = purl.to_string();
        let again = Purl::parse(&text).unwrap();
        prop_assert_eq!(&again, &purl, "{}", text);
        prop_assert_eq!(again.to_string(), text);
    }

    /// Any text either fails cleanly or gives a purl whose canonical form is a fixed point.
    #[test]
    fn arbitrary_text_never_panics(s in "(pkg:|PKG://|pkg-:)?[a-zA-Z0-9.+:@/?#&=%~ _-]{0,40}") {
        if let Ok(purl) = Purl::parse(&s) {
            let text = purl.to_string();
            prop_assert_eq!(Purl::parse(&text).unwrap(), purl);
        }
    }
}

// ------------------------------------------------------------------------------------------
// Every purl string in /work/shared/data
// ------------------------------------------------------------------------------------------

const SHARED_DATA: &str = "/work/shared/data";

/// Folders that hold SBOMs (the rest hold advisories and VEX documents).
const SBOM_FOLDERS: &[&str] = &[
    "cyclonedx-bom-examples",
    "guac-exampledata",
    "osv-scanner-sboms",
    "sbom-in-a-box-samples",
    "sbomqs-samples",
    "spdx-examples",
    "trivy-testdata",
];

/// The purl strings in the shared data that are genuinely malformed, with the kind of error.
const KNOWN_MALFORMED: &[(&str, PurlErrorKind)] = &[
    // sbomqs.syft-cyclone.json: misspelt scheme.
    (
        "pkg-:golang/github.com/CycloneDX/cyclonedx-go@v0.7.0",
        PurlErrorKind::Scheme,
    ),
    // bad-purls.cdx.xml: deliberately broken purls.
    ("pkg:///", PurlErrorKind::Type),
    ("/", PurlErrorKind::Scheme),
    ("pkg:pypi/", PurlErrorKind::Name),
    (
        "pkg:apk/alpine/@1.36.1-r27?arch=x86_64&upstream=busybox&distro=alpine-3.17.2",
        PurlErrorKind::Name,
    ),
    // guac-exampledata/go-spdx-multi-arch_{1,2}.json: a Go main module with neither name nor
    // version.
    ("pkg:golang/@?type=module", PurlErrorKind::Name),
];

/// Ubuntu OSV writes `?arch=src?distro=…`; every such string is malformed the same way.
fn is_known_ubuntu_double_question(s: &str) -> bool {
    s.starts_with("pkg:deb/ubuntu/") && s.contains("?arch=src?distro=")
}

fn collect_json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.starts_with("pkg:") || s.starts_with("pkg-:") => {
            out.push(s.clone())
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_json_strings(i, out)),
        serde_json::Value::Object(map) => map.values().for_each(|i| collect_json_strings(i, out)),
        _ => {}
    }
}

/// Purl strings of one file: JSON string values starting with `pkg:`/`pkg-:`, XML `<purl>`
/// elements, SPDX tag-value `ExternalRef: PACKAGE[-_]MANAGER purl …` and YAML
/// `referenceLocator:` lines.
fn purls_in_file(path: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let name = path.to_string_lossy();
    if name.ends_with(".json") {
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            collect_json_strings(&v, &mut out);
        }
    } else if name.ends_with(".xml") {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            if let Ok(doc) = roxmltree::Document::parse_with_options(text, opts) {
                for node in doc.descendants().filter(|n| n.has_tag_name("purl")) {
                    let t = node.text().unwrap_or("").trim();
                    if !t.is_empty() {
                        out.push(t.to_string());
                    }
                }
            }
        }
    } else if let Ok(text) = std::str::from_utf8(&bytes) {
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("ExternalRef:") {
                let f: Vec<&str> = rest.split_whitespace().collect();
                if f.len() == 3 && f[1] == "purl" {
                    out.push(f[2].to_string());
                }
            } else if let Some(rest) = line.strip_prefix("referenceLocator:") {
                let v = rest.trim().trim_matches(|c| c == '"' || c == '\'');
                if v.starts_with("pkg:") {
                    out.push(v.to_string());
                }
            }
        }
    }
    out
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            walk(&path, files);
        } else if !path.to_string_lossy().ends_with(".tar.gz") {
            files.push(path);
        }
    }
}

#[derive(Default)]
struct Tally {
    strings: usize,
    unique: BTreeSet<String>,
    failed: BTreeMap<String, PurlError>,
}

/// Parse every purl string in the shared data; report counts and failure reasons; only the
/// known malformed strings may fail.
#[test]
fn every_purl_in_shared_data() {
    let root = Path::new(SHARED_DATA);
    if !root.is_dir() {
        eprintln!("SKIP: {SHARED_DATA} not present");
        return;
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files.sort();
    let (mut sbom, mut other) = (Tally::default(), Tally::default());
    for f in &files {
        let rel = f.strip_prefix(root).unwrap_or(f);
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let tally = if top.as_deref().is_some_and(|t| SBOM_FOLDERS.contains(&t)) {
            &mut sbom
        } else {
            &mut other
        };
        for s in purls_in_file(f) {
            tally.strings += 1;
            if tally.unique.insert(s.clone())
                && let Err(e) = Purl::parse(&s)
            {
                tally.failed.insert(s, e);
            }
        }
    }
    let mut unexpected = Vec::new();
    for (label, t) in [("SBOM folders", &sbom), ("advisory/VEX folders", &other)] {
        let mut by_reason: BTreeMap<(PurlErrorKind, &str), usize> = BTreeMap::new();
        for e in t.failed.values() {
            *by_reason.entry((e.kind, e.reason.as_str())).or_default() += 1;
        }
        eprintln!(
            "{label}: {} purl strings, {} unique: {} parse, {} fail",
            t.strings,
            t.unique.len(),
            t.unique.len() - t.failed.len(),
            t.failed.len()
        );
        for ((kind, reason), n) in &by_reason {
            eprintln!("  {n} × {kind}: {reason}");
        }
        for (s, e) in &t.failed {
            eprintln!("    {s:?}");
            let known = KNOWN_MALFORMED
                .iter()
                .any(|(k, kind)| k == s && *kind == e.kind)
                || (is_known_ubuntu_double_question(s) && e.kind == PurlErrorKind::Qualifier);
            if !known {
                unexpected.push(format!("{s:?}: {e}"));
            }
        }
    }
    assert!(
        sbom.unique.len() > 3000,
        "too few purls found: {}",
        sbom.unique.len()
    );
    assert!(
        unexpected.is_empty(),
        "unexpected failures:\n{}",
        unexpected.join("\n")
    );
}
