//! Exports validate against the official schemas and are byte-identical across runs and
//! input orders.

use super::*;
use crate::time::parse_time;
use crate::vex::consensus::{TrustConfig, consensus};
use crate::vex::scope::tests::{observation, purl_product, statement};
use crate::vex::{Justification, StatementObservation, VexStatus};

fn results() -> Vec<Consensus> {
    let cfg = TrustConfig::from_toml(
        "schema = \"stella-vex-trust@1\"\n[issuers.high-priority]\nclass = \"hub\"\n\
         [issuers.default]\nclass = \"hub\"\n[issuers.\"John Doe\"]\nclass = \"vendor\"\n",
    )
    .unwrap();
    let at = parse_time("2024-01-01T00:00:00Z").unwrap();
    let bash = || vec![purl_product("pkg:deb/debian/bash@5.3")];
    let mut na = statement(
        "CVE-2022-3715",
        bash(),
        VexStatus::NotAffected,
        "Example Author",
        Some("2023-07-01T00:00:00Z"),
    );
    na.justification = Some(Justification::VulnerableCodeNotInExecutePath);
    let conflict: Vec<StatementObservation> = vec![
        observation(
            statement(
                "CVE-2022-3715",
                bash(),
                VexStatus::Affected,
                "Example Author",
                Some("2023-07-01T00:00:00Z"),
            ),
            "high-priority",
        ),
        observation(na.clone(), "default"),
    ];
    let wolfi = || vec![purl_product("pkg:apk/wolfi/bash@1.0.0")];
    let fixed = vec![observation(
        statement(
            "CVE-1234-5678",
            wolfi(),
            VexStatus::Fixed,
            "John Doe",
            Some("2023-12-05T05:06:38.099731287Z"),
        ),
        "openvex-examples",
    )];
    let not_affected = vec![observation(na, "default")];
    let ui = vec![observation(
        statement(
            "CVE-2023-1",
            wolfi(),
            VexStatus::UnderInvestigation,
            "John Doe",
            Some("2023-12-01"),
        ),
        "openvex-examples",
    )];
    vec![
        consensus(
            "CVE-2022-3715",
            "pkg:deb/debian/bash@5.3",
            &conflict,
            &cfg,
            at,
        ),
        consensus(
            "CVE-1234-5678",
            "pkg:apk/wolfi/bash@1.0.0",
            &fixed,
            &cfg,
            at,
        ),
        consensus(
            "CVE-2022-3715",
            "pkg:deb/debian/bash@5.2",
            &not_affected,
            &cfg,
            at,
        ),
        consensus("CVE-2023-1", "pkg:apk/wolfi/bash@1.0.0", &ui, &cfg, at),
        consensus("CVE-2023-2", "pkg:apk/wolfi/bash@1.0.0", &[], &cfg, at),
    ]
}

fn at() -> Timestamp {
    parse_time("2024-01-01T00:00:00Z").unwrap()
}

#[test]
fn openvex_export_validates_and_is_order_independent() {
    let r = results();
    let bytes = to_openvex(&r, at()).unwrap();
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(openvex_schema_problems(&doc), Vec::<String>::new());
    assert_eq!(doc["@context"], OPENVEX_CONTEXT);
    assert_eq!(doc["author"], "Stella");
    assert_eq!(doc["timestamp"], "2024-01-01T00:00:00.000Z");
    assert!(doc["@id"].as_str().unwrap().starts_with("urn:uuid:"));
    let st = doc["statements"].as_array().unwrap();
    // `unknown` is left out; the rest sorted by (vulnerability, product).
    let keys: Vec<(String, String, String)> = st
        .iter()
        .map(|s| {
            (
                s["vulnerability"]["name"].as_str().unwrap().to_string(),
                s["products"][0]["@id"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        vec![
            (
                "CVE-1234-5678".into(),
                "pkg:apk/wolfi/bash@1.0.0".into(),
                "fixed".into()
            ),
            (
                "CVE-2022-3715".into(),
                "pkg:deb/debian/bash@5.2".into(),
                "not_affected".into()
            ),
            (
                "CVE-2022-3715".into(),
                "pkg:deb/debian/bash@5.3".into(),
                "affected".into()
            ),
            (
                "CVE-2023-1".into(),
                "pkg:apk/wolfi/bash@1.0.0".into(),
                "under_investigation".into()
            ),
        ]
    );
    assert_eq!(
        st[1]["justification"],
        "vulnerable_code_not_in_execute_path"
    );
    // The conflict is visible, and affected carries the required action statement.
    assert!(
        st[2]["status_notes"]
            .as_str()
            .unwrap()
            .contains("conflict between Example Author")
    );
    assert!(
        st[2]["action_statement"]
            .as_str()
            .unwrap()
            .contains("Issuers disagree")
    );

    // Byte-identical across runs and orders (and duplicates).
    let mut shuffled = r.clone();
    shuffled.reverse();
    shuffled.push(r[0].clone());
    assert_eq!(to_openvex(&shuffled, at()).unwrap(), bytes);
    assert_eq!(to_openvex(&results(), at()).unwrap(), bytes);
    // Another evaluation time is another document.
    assert_ne!(
        to_openvex(&r, parse_time("2024-01-02").unwrap()).unwrap(),
        bytes
    );
}

#[test]
fn schema_rejects_what_openvex_forbids() {
    let bad: Value = serde_json::json!({
        "@context": OPENVEX_CONTEXT, "@id": "urn:uuid:1", "author": "x",
        "timestamp": "2024-01-01T00:00:00Z", "version": 1,
        "statements": [{"vulnerability": {"name": "CVE-1"}, "status": "affected"}]
    });
    let problems = openvex_schema_problems(&bad);
    assert!(!problems.is_empty());
}

#[test]
fn cyclonedx_export_validates_and_is_order_independent() {
    let r = results();
    let bytes = to_cyclonedx(&r, at()).unwrap();
    let report = crate::sbom::validate::validate(&bytes).unwrap();
    assert!(report.is_valid(), "{report:#?}");
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc["specVersion"], "1.6");
    let v = doc["vulnerabilities"].as_array().unwrap();
    assert_eq!(v.len(), 4);
    let states: Vec<&str> = v
        .iter()
        .map(|x| x["analysis"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        vec!["resolved", "not_affected", "exploitable", "in_triage"]
    );
    assert_eq!(v[1]["analysis"]["justification"], "code_not_reachable");
    assert_eq!(v[1]["affects"][0]["ref"], "pkg:deb/debian/bash@5.2");
    // Each affected ref is a component of the document.
    let refs: Vec<&str> = doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    assert_eq!(
        refs,
        vec![
            "pkg:apk/wolfi/bash@1.0.0",
            "pkg:deb/debian/bash@5.2",
            "pkg:deb/debian/bash@5.3"
        ]
    );
    let mut shuffled = r.clone();
    shuffled.rotate_left(2);
    assert_eq!(to_cyclonedx(&shuffled, at()).unwrap(), bytes);
}

#[test]
fn nothing_known_nothing_exported() {
    let r: Vec<Consensus> = results()
        .into_iter()
        .filter(|c| c.status == ConsensusStatus::Unknown)
        .collect();
    assert!(matches!(to_openvex(&r, at()), Err(ExportError::Empty(1))));
    assert!(matches!(
        to_cyclonedx(&[], at()),
        Err(ExportError::Empty(0))
    ));
}
