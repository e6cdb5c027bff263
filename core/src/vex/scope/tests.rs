//! Scoping rules, with statements typed from real VEX documents under `/work/shared/data`
//! (the values are copied into the tests, so they run in a fresh clone).

use std::collections::BTreeSet;

use super::*;
use crate::canon::Digest;
use crate::purl::Purl;
use crate::vex::{
    BomLink, Issuer, Product, Statement, StatementObservation, VexFormat, VexProvenance, VexStatus,
};

// ---- builders shared with the consensus, explain and export tests ----

/// An issuer with only a name.
pub(crate) fn issuer(name: &str) -> Issuer {
    Issuer {
        name: name.into(),
        id: None,
        role: None,
    }
}

/// A product that is a purl (normalised as a parser would).
pub(crate) fn purl_product(purl: &str) -> Product {
    Product {
        id: purl.into(),
        purl: Some(Purl::parse(purl).expect("test purl").to_string()),
        cpe: None,
        bom_link: None,
        versions: vec![],
        subcomponents: vec![],
    }
}

/// A product with subcomponents (OpenVEX image + packages).
pub(crate) fn with_subcomponents(mut product: Product, subs: &[&str]) -> Product {
    product.subcomponents = subs.iter().map(|s| purl_product(s)).collect();
    product
}

/// A minimal statement.
pub(crate) fn statement(
    vulnerability: &str,
    products: Vec<Product>,
    status: VexStatus,
    issuer_name: &str,
    timestamp: Option<&str>,
) -> Statement {
    Statement {
        vulnerability: vulnerability.into(),
        aliases: BTreeSet::new(),
        products,
        status,
        justification: None,
        justification_raw: None,
        impact_statement: None,
        action_statement: None,
        responses: vec![],
        detail: None,
        issuer: issuer(issuer_name),
        timestamp: timestamp.map(Into::into),
        document_id: format!("urn:test:{issuer_name}"),
        document_version: None,
    }
}

/// Wrap a statement as an observation with a content-derived id.
pub(crate) fn observation(statement: Statement, source: &str) -> StatementObservation {
    let content_digest = Digest::of_canonical(&statement).expect("canonical");
    let upstream_id = format!(
        "{}|{}|{}",
        statement.document_id,
        statement.vulnerability,
        statement
            .products
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let id = Digest::of_canonical(&(source, &upstream_id, content_digest)).expect("canonical");
    StatementObservation {
        id,
        provenance: VexProvenance {
            source: source.into(),
            format: VexFormat::OpenVex,
            upstream_id,
            content_digest,
            retrieved_at: "2026-11-29T00:00:00.000Z".into(),
            locator: "test.json#/statements/0".into(),
        },
        supersedes: None,
        statement,
    }
}

pub(crate) fn component(bom_ref: &str, purl: Option<&str>) -> ComponentRef {
    let p = purl.map(|p| Purl::parse(p).expect("test purl"));
    ComponentRef {
        bom_ref: bom_ref.into(),
        name: p.as_ref().map_or("x".into(), |p| p.name().to_string()),
        version: p.as_ref().and_then(|p| p.version().map(str::to_string)),
        ecosystem: p.as_ref().and_then(Purl::ecosystem),
        purl: p.map(|p| p.to_string()),
    }
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn check(
    st: &Statement,
    vuln: &str,
    aliases: &[&str],
    c: &ComponentRef,
    cpes: &[String],
    sbom: &SbomIdentity,
) -> Scope {
    let aliases = ids(aliases);
    applies(
        st,
        &Target {
            vulnerability: vuln,
            aliases: &aliases,
            component: c,
            cpes,
            sbom,
        },
    )
}

fn miss(scope: &Scope) -> &Miss {
    match scope {
        Scope::NotApplicable {
            why: Why::Product { misses },
        } => &misses[0].miss,
        other => panic!("expected a product miss, got {other:?}"),
    }
}

/// aquasecurity-vexhub `pkg/golang/github.com/k3s-io/k3s/scan.openvex.json`, statement 0
/// (Rancher Security team, 2026-03-18): go-jose inside k3s is not affected by CVE-2024-28180.
fn k3s_go_jose() -> Statement {
    let mut st = statement(
        "CVE-2024-28180",
        vec![with_subcomponents(
            purl_product("pkg:golang/github.com/k3s-io/k3s"),
            &["pkg:golang/gopkg.in/square/go-jose.v2@v2.6.0"],
        )],
        VexStatus::NotAffected,
        "Rancher Security team",
        Some("2026-03-18T06:28:45Z"),
    );
    st.aliases = ids(&["GO-2024-2631", "GHSA-c5q2-7r4c-mv6g"]);
    st
}

#[test]
fn subcomponent_is_what_must_match_and_aliases_link_ids() {
    let st = k3s_go_jose();
    let sbom = SbomIdentity::default();
    let jose = component("c1", Some("pkg:golang/gopkg.in/square/go-jose.v2@v2.6.0"));
    // The finding's primary id is the GHSA (as an npm/Go scan reports it); the statement names
    // the CVE and lists the GHSA as an alias — either direction links them.
    let s = check(
        &st,
        "GHSA-c5q2-7r4c-mv6g",
        &["CVE-2024-28180"],
        &jose,
        &[],
        &sbom,
    );
    let Scope::Applies { via } = &s else {
        panic!("{s:?}")
    };
    assert_eq!(via.by, MatchKind::Purl);
    assert_eq!(via.product, "pkg:golang/github.com/k3s-io/k3s");
    assert_eq!(
        via.subcomponent.as_deref(),
        Some("pkg:golang/gopkg.in/square/go-jose.v2@v2.6.0")
    );
    assert_eq!(via.vulnerability, "CVE-2024-28180");
    // Case-insensitive id compare.
    assert!(check(&st, "go-2024-2631", &[], &jose, &[], &sbom).applies());

    // Another version of go-jose: the statement names v2.6.0 only.
    let newer = component("c2", Some("pkg:golang/gopkg.in/square/go-jose.v2@v2.6.3"));
    assert_eq!(
        miss(&check(&st, "CVE-2024-28180", &[], &newer, &[], &sbom)),
        &Miss::DifferentVersion {
            statement: "v2.6.0".into(),
            component: Some("v2.6.3".into())
        }
    );
    // The product (k3s itself) is the container, not what the statement is about.
    let k3s = component("c3", Some("pkg:golang/github.com/k3s-io/k3s@v1.31.0"));
    assert!(matches!(
        miss(&check(&st, "CVE-2024-28180", &[], &k3s, &[], &sbom)),
        Miss::DifferentPackage { .. }
    ));
}

#[test]
fn cve_x_on_a_never_touches_b_nor_cve_y_on_a() {
    let st = k3s_go_jose();
    let sbom = SbomIdentity::default();
    // Same CVE, another package.
    let other = component("b", Some("pkg:golang/github.com/go-jose/go-jose/v3@v3.0.0"));
    let s = check(&st, "CVE-2024-28180", &[], &other, &[], &sbom);
    assert_eq!(
        miss(&s),
        &Miss::DifferentPackage {
            statement: "pkg:golang/gopkg.in/square/go-jose.v2".into(),
            component: "pkg:golang/github.com/go-jose/go-jose/v3".into()
        }
    );
    // Same package, another vulnerability.
    let jose = component("a", Some("pkg:golang/gopkg.in/square/go-jose.v2@v2.6.0"));
    let s = check(
        &st,
        "CVE-2016-9123",
        &["GHSA-78h2-9frx-2jm8"],
        &jose,
        &[],
        &sbom,
    );
    assert_eq!(
        s,
        Scope::NotApplicable {
            why: Why::Vulnerability {
                statement: vec![
                    "CVE-2024-28180".into(),
                    "GHSA-C5Q2-7R4C-MV6G".into(),
                    "GO-2024-2631".into()
                ],
                finding: vec!["CVE-2016-9123".into(), "GHSA-78H2-9FRX-2JM8".into()],
            }
        }
    );
}

/// rancher-vexhub-subset, longhorn-share-manager: an OCI image product with a qualifier, and an
/// unversioned rpm subcomponent.
#[test]
fn qualifiers_in_the_statement_must_be_on_the_component() {
    let st = statement(
        "SUSE-RU-2025:4092-1",
        vec![with_subcomponents(
            purl_product(
                "pkg:oci/longhorn-share-manager?repository_url=index.docker.io/longhornio/longhorn-share-manager",
            ),
            &["pkg:rpm/suse/libdw1"],
        )],
        VexStatus::NotAffected,
        "Rancher Security team",
        Some("2026-06-19T00:00:00Z"),
    );
    let sbom = SbomIdentity::default();
    // No version in the statement: every version; extra component qualifiers are fine.
    let libdw = component(
        "r1",
        Some("pkg:rpm/suse/libdw1@0.185-150400.5.3.1?arch=x86_64&distro=sles-15.6"),
    );
    assert!(check(&st, "SUSE-RU-2025:4092-1", &[], &libdw, &[], &sbom).applies());

    // A statement qualifier must be present and equal.
    let arm = statement(
        "CVE-2024-1",
        vec![purl_product("pkg:rpm/suse/libdw1?arch=aarch64")],
        VexStatus::NotAffected,
        "x",
        None,
    );
    assert_eq!(
        miss(&check(&arm, "CVE-2024-1", &[], &libdw, &[], &sbom)),
        &Miss::Qualifier {
            key: "arch".into(),
            statement: "aarch64".into(),
            component: Some("x86_64".into())
        }
    );
    let bare = component("r2", Some("pkg:rpm/suse/libdw1@0.185"));
    assert_eq!(
        miss(&check(&arm, "CVE-2024-1", &[], &bare, &[], &sbom)),
        &Miss::Qualifier {
            key: "arch".into(),
            statement: "aarch64".into(),
            component: None
        }
    );
    // A component without a purl can never match a purl product.
    assert_eq!(
        miss(&check(
            &arm,
            "CVE-2024-1",
            &[],
            &component("r3", None),
            &[],
            &sbom
        )),
        &Miss::ComponentWithoutPurl
    );
}

/// cyclonedx-bom-examples `VEX/vex.json` (GROUND_TRUTH `vex_cases[0]`): CVE-2020-25649 on
/// jackson-databind through a BOM-Link.
fn jackson_bom_link(serial: &str, version: Option<u32>) -> Statement {
    let link = format!(
        "urn:cdx:{serial}/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"
    );
    let mut st = statement(
        "CVE-2020-25649",
        vec![Product {
            id: link,
            purl: None,
            cpe: None,
            bom_link: Some(BomLink {
                serial: Some(serial.into()),
                version,
                bom_ref: "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"
                    .into(),
            }),
            versions: vec![],
            subcomponents: vec![],
        }],
        VexStatus::NotAffected,
        "Acme Inc",
        None,
    );
    st.justification = Some(crate::vex::Justification::VulnerableCodeNotInExecutePath);
    st
}

#[test]
fn bom_link_applies_only_inside_the_bom_it_names() {
    let jackson = component(
        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar",
        Some("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"),
    );
    let st = jackson_bom_link("3e671687-395b-41f5-a30f-a58921a69b79", Some(1));
    // The SBOM the link names (serial written as a URN, as `serialNumber` does).
    let named = SbomIdentity {
        serial: Some("urn:uuid:3E671687-395B-41F5-A30F-A58921A69B79".into()),
        version: Some(1),
    };
    let s = check(&st, "CVE-2020-25649", &[], &jackson, &[], &named);
    assert!(
        matches!(&s, Scope::Applies { via } if via.by == MatchKind::BomLink),
        "{s:?}"
    );
    // The other advisory on the same component (GHSA-57j2-w4cx-62h2 / CVE-2020-36518) stays.
    assert!(matches!(
        check(
            &st,
            "GHSA-57j2-w4cx-62h2",
            &["CVE-2020-36518"],
            &jackson,
            &[],
            &named
        ),
        Scope::NotApplicable {
            why: Why::Vulnerability { .. }
        }
    ));
    // A version-less SBOM is version 1.
    let unversioned = SbomIdentity {
        version: None,
        ..named.clone()
    };
    assert!(matches!(
        check(&st, "CVE-2020-25649", &[], &jackson, &[], &unversioned),
        Scope::Applies { via } if via.by == MatchKind::BomLink
    ));
    // Version 2, or the upstream example's own `bom.json` (serial 5f0f0da9-…, not the 3e671687-…
    // its VEX links to), is another BOM; the ref is a versioned purl, so it still applies as a purl.
    let v2 = SbomIdentity {
        version: Some(2),
        ..named.clone()
    };
    let upstream_bom = SbomIdentity {
        serial: Some("urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094".into()),
        version: Some(1),
    };
    for other_bom in [&v2, &upstream_bom] {
        assert!(matches!(
            check(&st, "CVE-2020-25649", &[], &jackson, &[], other_bom),
            Scope::Applies { via } if via.by == MatchKind::BomLinkPurl
        ));
    }
    // An opaque ref into another BOM (or version) never applies, whatever the component's ref.
    let mut opaque = st.clone();
    opaque.products[0].bom_link.as_mut().unwrap().bom_ref = "jackson-1".into();
    let jackson_opaque = component(
        "jackson-1",
        Some("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"),
    );
    assert!(check(&opaque, "CVE-2020-25649", &[], &jackson_opaque, &[], &named).applies());
    assert_eq!(
        miss(&check(
            &opaque,
            "CVE-2020-25649",
            &[],
            &jackson_opaque,
            &[],
            &v2
        )),
        &Miss::OtherBomVersion { link: 1, sbom: 2 }
    );
    assert_eq!(
        miss(&check(
            &opaque,
            "CVE-2020-25649",
            &[],
            &jackson_opaque,
            &[],
            &upstream_bom
        )),
        &Miss::OtherBom {
            link: "3e671687-395b-41f5-a30f-a58921a69b79".into(),
            sbom: Some("urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094".into())
        }
    );
    // A versioned purl ref into another BOM does not touch another version of the package.
    let jackson_other_version = component(
        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.1?type=jar",
        Some("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.1?type=jar"),
    );
    assert!(matches!(
        miss(&check(
            &st,
            "CVE-2020-25649",
            &[],
            &jackson_other_version,
            &[],
            &upstream_bom
        )),
        Miss::DifferentVersion { .. }
    ));
    // Another component of the named BOM.
    let other = component(
        "pkg:maven/org.yaml/snakeyaml@1.26",
        Some("pkg:maven/org.yaml/snakeyaml@1.26"),
    );
    assert!(matches!(
        miss(&check(&st, "CVE-2020-25649", &[], &other, &[], &named)),
        Miss::DifferentBomRef { .. }
    ));
}

#[test]
fn plain_bom_ref_only_inside_the_same_document() {
    let mut st = jackson_bom_link("x", None);
    st.products[0].bom_link = Some(BomLink {
        serial: None,
        version: None,
        bom_ref: "jackson".into(),
    });
    st.document_id = "urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094".into();
    let c = component(
        "jackson",
        Some("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0"),
    );
    let same = SbomIdentity {
        serial: Some("urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094".into()),
        version: Some(1),
    };
    let s = check(&st, "CVE-2020-25649", &[], &c, &[], &same);
    assert!(
        matches!(&s, Scope::Applies { via } if via.by == MatchKind::BomRef),
        "{s:?}"
    );
    // A standalone VEX whose ref happens to have the same name: not the same document.
    let other = SbomIdentity {
        serial: Some("urn:uuid:00000000-0000-0000-0000-000000000000".into()),
        version: None,
    };
    assert!(matches!(
        miss(&check(&st, "CVE-2020-25649", &[], &c, &[], &other)),
        Miss::NotSameDocument { .. }
    ));
    // An SBOM without serial number cannot be the document either.
    assert!(
        !check(
            &st,
            "CVE-2020-25649",
            &[],
            &c,
            &[],
            &SbomIdentity::default()
        )
        .applies()
    );
}

#[test]
fn cpe_only_products_need_the_same_cpe_on_the_component() {
    let mut p = purl_product("pkg:generic/x");
    p.id = "CSAFPID-0001".into();
    p.purl = None;
    p.cpe = Some("cpe:2.3:a:example:product:1.0:*:*:*:*:*:*:*".into());
    let st = statement("CVE-2023-1", vec![p], VexStatus::Fixed, "Example", None);
    let c = component("p", Some("pkg:generic/product@1.0"));
    let sbom = SbomIdentity::default();
    let cpes = vec!["cpe:2.3:a:Example:Product:1.0:*:*:*:*:*:*:*".to_string()];
    let s = check(&st, "CVE-2023-1", &[], &c, &cpes, &sbom);
    assert!(matches!(&s, Scope::Applies { via } if via.by == MatchKind::Cpe));
    assert!(matches!(
        miss(&check(&st, "CVE-2023-1", &[], &c, &[], &sbom)),
        Miss::CpeNotOnComponent { .. }
    ));
}

#[test]
fn versions_lists_and_vers_ranges_narrow_a_product() {
    // trivy-testdata `pkg/vex/testdata/cyclonedx.json`: libstdc++6 with a listed version.
    let mut p = purl_product("pkg:deb/ubuntu/libstdc%2B%2B6?arch=amd64&distro=ubuntu-22.04");
    p.versions = vec!["12.3.0-1ubuntu1~22.04".into()];
    let st = statement(
        "CVE-2022-27943",
        vec![p],
        VexStatus::NotAffected,
        "Aqua",
        None,
    );
    let sbom = SbomIdentity::default();
    let hit = component(
        "l",
        Some("pkg:deb/ubuntu/libstdc%2B%2B6@12.3.0-1ubuntu1~22.04?arch=amd64&distro=ubuntu-22.04"),
    );
    let s = check(&st, "CVE-2022-27943", &[], &hit, &[], &sbom);
    assert!(
        matches!(&s, Scope::Applies { via } if via.version_entry.as_deref() == Some("12.3.0-1ubuntu1~22.04")),
        "{s:?}"
    );
    let other = component(
        "l",
        Some(
            "pkg:deb/ubuntu/libstdc%2B%2B6@12.3.0-1ubuntu1~22.04.1?arch=amd64&distro=ubuntu-22.04",
        ),
    );
    assert!(matches!(
        miss(&check(&st, "CVE-2022-27943", &[], &other, &[], &sbom)),
        Miss::VersionNotListed { .. }
    ));

    // `vers:` ranges, compared with the ecosystem's order (Maven: 2.10.0 < 2.10.0.1 < 2.11).
    let mut p = purl_product("pkg:maven/com.fasterxml.jackson.core/jackson-databind");
    p.versions = vec![
        "vers:maven/>=2.0.0|<2.10.0.1".into(),
        "vers:maven/2.12.0".into(),
    ];
    let st = statement("CVE-2020-25649", vec![p], VexStatus::Affected, "x", None);
    for (v, expected) in [
        ("2.10.0", true),
        ("2.0.0", true),
        ("2.10.0.1", false),
        ("2.11.0", false),
        ("2.12.0", true),
        ("1.9", false),
    ] {
        let c = component(
            "j",
            Some(&format!(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@{v}"
            )),
        );
        assert_eq!(
            check(&st, "CVE-2020-25649", &[], &c, &[], &sbom).applies(),
            expected,
            "{v}"
        );
    }
}

#[test]
fn vers_algorithm_edges() {
    let s = Some(VersionScheme::Semver);
    assert!(vers_contains("npm/*", "1.0.0", s));
    assert!(vers_contains("npm/<1.0.0", "0.9.0", s));
    assert!(!vers_contains("npm/<1.0.0", "1.0.0", s));
    assert!(vers_contains("npm/<=1.0.0", "1.0.0", s));
    assert!(vers_contains("npm/>2.0.0", "3.0.0", s));
    assert!(!vers_contains("npm/>=1.0.0|!=1.5.0", "1.5.0", s));
    assert!(vers_contains("npm/>=1.0.0|!=1.5.0", "1.6.0", s));
    // Two disjoint ranges.
    assert!(vers_contains(
        "npm/>=1.0.0|<1.2.0|>=2.0.0|<2.1.0",
        "2.0.5",
        s
    ));
    assert!(!vers_contains(
        "npm/>=1.0.0|<1.2.0|>=2.0.0|<2.1.0",
        "1.5.0",
        s
    ));
    // Unparseable versions contain nothing; a missing type separator is no range.
    assert!(!vers_contains("npm/>=1.0.0", "not-a-version", s));
    assert!(!vers_contains("npm", "1.0.0", s));
}

#[test]
fn products_without_identifier_match_nothing_and_explain_prints_why() {
    let mut p = purl_product("pkg:generic/x");
    p.id = "docker.io/library/nginx:1.25".into();
    p.purl = None;
    let st = statement("CVE-2023-44487", vec![p], VexStatus::NotAffected, "x", None);
    let c = component("n", Some("pkg:deb/debian/nginx@1.25.0"));
    let s = check(
        &st,
        "CVE-2023-44487",
        &[],
        &c,
        &[],
        &SbomIdentity::default(),
    );
    assert_eq!(miss(&s), &Miss::NoIdentifier);
    assert_eq!(
        s.to_string(),
        "not applicable: `docker.io/library/nginx:1.25`: no purl, CPE or bom-ref to match"
    );
    let st = k3s_go_jose();
    let jose = component("c1", Some("pkg:golang/gopkg.in/square/go-jose.v2@v2.6.0"));
    assert_eq!(
        check(
            &st,
            "CVE-2024-28180",
            &[],
            &jose,
            &[],
            &SbomIdentity::default()
        )
        .to_string(),
        "applies: `CVE-2024-28180` = finding id `CVE-2024-28180`; subcomponent \
         `pkg:golang/gopkg.in/square/go-jose.v2@v2.6.0` of product \
         `pkg:golang/github.com/k3s-io/k3s` matched by purl"
    );
}

#[test]
fn sbom_identity_comes_from_cyclonedx_inventories_only() {
    let cdx = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":3,"components":[]}"#;
    let inv = crate::sbom::cyclonedx::read_json(cdx).expect("reads");
    assert_eq!(
        SbomIdentity::of(&inv),
        SbomIdentity {
            serial: Some("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79".into()),
            version: Some(3)
        }
    );
    let xml = br#"<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4" serialNumber="urn:uuid:1" version="2"><components/></bom>"#;
    let inv = crate::sbom::cyclonedx::read_xml(xml).expect("reads");
    assert_eq!(SbomIdentity::of(&inv).version, Some(2));
}

/// GROUND_TRUTH `vex_cases[0]` with the real files: `cyclonedx-bom-examples/VEX/bom.json` read
/// by Stella's reader, the statement typed from `VEX/vex.json`. The upstream example's BOM-Link
/// names serial `3e671687-…`, but `bom.json`'s `serialNumber` is `urn:uuid:5f0f0da9-…`: the
/// strict BOM-Link rule does not apply the statement to this SBOM, and says exactly why. With
/// the serial the link names, it applies to jackson-databind 2.10.0 and to nothing else.
#[test]
fn ground_truth_cyclonedx_vex_case_with_the_real_sbom() {
    let Some(root) = crate::sbom::spdx2::tests::shared_data() else {
        return;
    };
    let path = root.join("cyclonedx-bom-examples/VEX/bom.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("SKIP: {} not present", path.display());
        return;
    };
    let inv = crate::sbom::cyclonedx::read_json(&bytes).expect("bom.json reads");
    let sbom = SbomIdentity::of(&inv);
    assert_eq!(
        sbom,
        SbomIdentity {
            serial: Some("urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094".into()),
            version: Some(1)
        }
    );
    let st = jackson_bom_link("3e671687-395b-41f5-a30f-a58921a69b79", Some(1));
    let refs: Vec<ComponentRef> = inv
        .components
        .iter()
        .map(|c| ComponentRef {
            bom_ref: c.bom_ref.clone(),
            name: c.name.clone(),
            version: c.version.clone(),
            purl: c.purl.as_ref().map(ToString::to_string),
            ecosystem: c.ecosystem,
        })
        .collect();
    let jackson = refs
        .iter()
        .find(|c| c.name == "jackson-databind")
        .expect("jackson-databind in bom.json");
    // The link names a serial bom.json does not carry, but its ref is a versioned purl: it
    // applies to jackson-databind 2.10.0 (as a purl) and to nothing else in bom.json.
    let applying: Vec<&str> = refs
        .iter()
        .filter(|c| check(&st, "CVE-2020-25649", &[], c, &[], &sbom).applies())
        .map(|c| c.bom_ref.as_str())
        .collect();
    assert_eq!(
        applying,
        vec!["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"]
    );
    let s = check(&st, "CVE-2020-25649", &[], jackson, &[], &sbom);
    assert!(
        matches!(&s, Scope::Applies { via } if via.by == MatchKind::BomLinkPurl),
        "{s}"
    );
    assert!(
        !check(
            &st,
            "GHSA-57j2-w4cx-62h2",
            &["CVE-2020-36518"],
            jackson,
            &[],
            &sbom
        )
        .applies()
    );

    let linked = SbomIdentity {
        serial: Some("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79".into()),
        version: Some(1),
    };
    let applying: Vec<&str> = refs
        .iter()
        .filter(|c| check(&st, "CVE-2020-25649", &[], c, &[], &linked).applies())
        .map(|c| c.bom_ref.as_str())
        .collect();
    assert_eq!(
        applying,
        vec!["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar"]
    );
    // The other advisory on the same component is never touched.
    assert!(
        !check(
            &st,
            "GHSA-57j2-w4cx-62h2",
            &["CVE-2020-36518"],
            jackson,
            &[],
            &linked
        )
        .applies()
    );
}
