//! VEX Lens: the worked example, real issuers' statements, conflicts, ordering laws and the
//! trust file.

use proptest::prelude::*;

use super::*;
use crate::time::parse_time;
use crate::vex::scope::tests::{observation, purl_product, statement};

fn at(s: &str) -> Timestamp {
    parse_time(s).expect("test time")
}

fn config(toml_issuers: &str) -> TrustConfig {
    TrustConfig::from_toml(&format!("schema = \"stella-vex-trust@1\"\n{toml_issuers}"))
        .expect("valid test config")
}

fn contribution<'a>(c: &'a Consensus, issuer: &str, status: VexStatus) -> &'a Contribution {
    c.contributions
        .iter()
        .find(|x| x.issuer == issuer && x.status == status)
        .unwrap_or_else(|| panic!("no {issuer} {status:?} in {c:#?}"))
}

#[test]
fn worked_example_claim_score() {
    // P=1, C=0.75, R=1 → base 0.9125; vendor blanket M=0.6; 90 days old → F=0.5.
    let cfg = config(
        "[issuers.Acme]\nclass = \"vendor\"\nprovenance = 1.0\ncoverage = 0.75\nreplayability = 1.0\n",
    );
    let mut st = statement(
        "CVE-2020-25649",
        vec![purl_product(
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0",
        )],
        VexStatus::NotAffected,
        "Acme",
        Some("2026-01-01T00:00:00Z"),
    );
    st.impact_statement = Some("not used in this product".into());
    let obs = observation(st, "acme");
    let s = score(&obs, &cfg, at("2026-04-01T00:00:00Z"));
    assert_eq!(s.base, 0.9125);
    assert_eq!(s.evidence, Evidence::VendorBlanket);
    assert_eq!(s.strength, 0.6);
    assert_eq!(s.age_days, Some(90.0));
    assert_eq!(s.freshness, 0.5);
    assert_eq!(s.score, 0.27375);
    assert!((s.score - 0.274).abs() < 0.0005);
    assert_eq!(s.trust.class, "vendor");
    assert_eq!(s.trust.matched_on, Some(MatchedOn::IssuerName));
}

#[test]
fn evidence_kind_from_status_and_justification() {
    use Justification as J;
    let cases = [
        (
            VexStatus::NotAffected,
            Some(J::VulnerableCodeNotInExecutePath),
            Evidence::ReachabilityProof,
        ),
        (
            VexStatus::NotAffected,
            Some(J::VulnerableCodeNotPresent),
            Evidence::ReachabilityProof,
        ),
        (
            VexStatus::NotAffected,
            Some(J::ComponentNotPresent),
            Evidence::ReachabilityProof,
        ),
        (
            VexStatus::NotAffected,
            Some(J::VulnerableCodeCannotBeControlledByAdversary),
            Evidence::ConfigEvidence,
        ),
        (
            VexStatus::NotAffected,
            Some(J::InlineMitigationsAlreadyExist),
            Evidence::ConfigEvidence,
        ),
        // Only an impact statement: an assertion.
        (VexStatus::NotAffected, None, Evidence::VendorBlanket),
        (VexStatus::Affected, None, Evidence::VendorBlanket),
        (VexStatus::Fixed, None, Evidence::VendorBlanket),
        (
            VexStatus::UnderInvestigation,
            None,
            Evidence::UnderInvestigation,
        ),
    ];
    for (status, justification, expected) in cases {
        let mut st = statement("CVE-1", vec![], status, "x", None);
        st.justification = justification;
        assert_eq!(Evidence::of(&st), expected, "{status:?} {justification:?}");
    }
}

#[test]
fn freshness_floor_undated_and_future() {
    let cfg = TrustConfig::default();
    let p = vec![purl_product("pkg:npm/a@1.0.0")];
    let old = observation(
        statement(
            "CVE-1",
            p.clone(),
            VexStatus::Affected,
            "x",
            Some("2020-01-01T00:00:00Z"),
        ),
        "s",
    );
    assert_eq!(
        score(&old, &cfg, at("2026-01-01T00:00:00Z")).freshness,
        0.25
    );
    let undated = observation(
        statement("CVE-1", p.clone(), VexStatus::Affected, "x", None),
        "s",
    );
    let s = score(&undated, &cfg, at("2026-01-01T00:00:00Z"));
    assert_eq!((s.freshness, s.age_days), (0.25, None));
    let future = observation(
        statement(
            "CVE-1",
            p.clone(),
            VexStatus::Affected,
            "x",
            Some("2027-01-01T00:00:00Z"),
        ),
        "s",
    );
    let s = score(&future, &cfg, at("2026-01-01T00:00:00Z"));
    assert_eq!((s.freshness, s.age_days), (1.0, Some(0.0)));
    // A per-class half-life.
    let cfg = config("[classes.hub]\nhalf_life_days = 30.0\n[issuers.x]\nclass = \"hub\"\n");
    let month = observation(
        statement(
            "CVE-1",
            p,
            VexStatus::Affected,
            "x",
            Some("2025-12-02T00:00:00Z"),
        ),
        "s",
    );
    let s = score(&month, &cfg, at("2026-01-01T00:00:00Z"));
    assert_eq!((s.half_life_days, s.freshness), (30.0, 0.5));
}

/// CVE-1234-5678 on `pkg:apk/wolfi/bash@1.0.0`, as two real issuers state it:
/// - `guac-exampledata/open-vex-affected.json`: "Unknown Author", affected, 2023-01-19, with an
///   action statement;
/// - `openvex-examples/vexctl/openvex/document1.vex.json` and `document2.vex.json`: "John Doe"
///   ("Senior Trusted VEX Issuer"), under_investigation at 05:04:34 then fixed at 05:06:38 on
///   2023-12-05.
fn wolfi_bash() -> Vec<StatementObservation> {
    let p = || vec![purl_product("pkg:apk/wolfi/bash@1.0.0")];
    let mut affected = statement(
        "CVE-1234-5678",
        p(),
        VexStatus::Affected,
        "Unknown Author",
        Some("2023-01-19T02:36:03.290252574-06:00"),
    );
    affected.action_statement = Some("This is a test action statement".into());
    vec![
        observation(affected, "guac-exampledata"),
        observation(
            statement(
                "CVE-1234-5678",
                p(),
                VexStatus::UnderInvestigation,
                "John Doe",
                Some("2023-12-05T05:04:34.77929922Z"),
            ),
            "openvex-examples",
        ),
        observation(
            statement(
                "CVE-1234-5678",
                p(),
                VexStatus::Fixed,
                "John Doe",
                Some("2023-12-05T05:06:38.099731287Z"),
            ),
            "openvex-examples",
        ),
    ]
}

#[test]
fn two_real_issuers_consensus_and_the_losing_statements() {
    let cfg = config("[issuers.\"John Doe\"]\nclass = \"vendor\"\n");
    let c = consensus(
        "CVE-1234-5678",
        "pkg:apk/wolfi/bash@1.0.0",
        &wolfi_bash(),
        &cfg,
        at("2024-01-01T00:00:00Z"),
    );
    assert_eq!(c.status, ConsensusStatus::Fixed);
    assert!(c.conflicts.is_empty());

    let fixed = contribution(&c, "John Doe", VexStatus::Fixed);
    assert!(fixed.accepted);
    assert_eq!(fixed.base, 0.72); // vendor 0.45·0.75 + 0.35·0.75 + 0.20·0.6
    assert_eq!(fixed.outcome, Outcome::Supports);
    // 26.79 days old: F = 2^(−26.79/90) ≈ 0.8135, score ≈ 0.72 × 0.6 × 0.8135.
    assert!((fixed.score - 0.3514).abs() < 0.0005, "{}", fixed.score);

    // John Doe's own earlier word is replaced by his later one.
    let ui = contribution(&c, "John Doe", VexStatus::UnderInvestigation);
    assert!(!ui.accepted);
    assert_eq!(
        ui.outcome,
        Outcome::Replaced {
            by: fixed.statement
        }
    );

    // The other issuer's `affected` is counted but outranked by `fixed` in the lattice.
    let aff = contribution(&c, "Unknown Author", VexStatus::Affected);
    assert!(!aff.accepted);
    assert_eq!(aff.outcome, Outcome::Outranked);
    assert_eq!(aff.trust.class, "unlisted");
    assert_eq!(aff.freshness, 0.25); // 346 days old: at the floor
    assert!(
        aff.reason.starts_with("outranked: `fixed`"),
        "{}",
        aff.reason
    );
    assert_eq!(c.contributions[0].statement, fixed.statement);
    // confidence = S·S/(S+A).
    let expected = round6(fixed.score * fixed.score / (fixed.score + aff.score));
    assert_eq!(c.confidence, expected);

    // A stricter minimum rejects the unlisted issuer outright.
    let strict =
        config("[consensus]\nminimum_score = 0.06\n[issuers.\"John Doe\"]\nclass = \"vendor\"\n");
    let c = consensus(
        "CVE-1234-5678",
        "pkg:apk/wolfi/bash@1.0.0",
        &wolfi_bash(),
        &strict,
        at("2024-01-01T00:00:00Z"),
    );
    let aff = contribution(&c, "Unknown Author", VexStatus::Affected);
    assert_eq!(aff.outcome, Outcome::BelowMinimumTrust);
    assert!(aff.reason.starts_with("below minimum trust"));
    assert_eq!(
        c.confidence,
        contribution(&c, "John Doe", VexStatus::Fixed).score
    );
}

/// CVE-2022-3715 on `pkg:deb/debian/bash@5.3` as trivy's multi-repository fixture states it
/// (`trivy-testdata/pkg/vex/testdata/multi-repos/vex/repositories/{high-priority,default}/0.1/
/// bash-vex.json`): the `high-priority` repository says affected, the `default` repository
/// says not_affected (vulnerable_code_not_in_execute_path), both 2023-07-01.
fn trivy_bash() -> Vec<StatementObservation> {
    let p = || vec![purl_product("pkg:deb/debian/bash@5.3")];
    let mut na = statement(
        "CVE-2022-3715",
        p(),
        VexStatus::NotAffected,
        "Example Author",
        Some("2023-07-01T00:00:00Z"),
    );
    na.justification = Some(Justification::VulnerableCodeNotInExecutePath);
    vec![
        observation(
            statement(
                "CVE-2022-3715",
                p(),
                VexStatus::Affected,
                "Example Author",
                Some("2023-07-01T00:00:00Z"),
            ),
            "high-priority",
        ),
        observation(na, "default"),
    ]
}

#[test]
fn equal_rank_disagreement_is_a_recorded_conflict() {
    // Both repositories are hubs: base 0.475; affected M 0.6, not_affected M 1.0: ratio 0.6.
    let cfg =
        config("[issuers.high-priority]\nclass = \"hub\"\n[issuers.default]\nclass = \"hub\"\n");
    let c = consensus(
        "CVE-2022-3715",
        "pkg:deb/debian/bash@5.3",
        &trivy_bash(),
        &cfg,
        at("2023-08-01T00:00:00Z"),
    );
    assert_eq!(c.status, ConsensusStatus::Affected);
    assert_eq!(c.conflicts.len(), 1);
    let k = &c.conflicts[0];
    assert_eq!(
        k.statuses,
        vec![VexStatus::NotAffected, VexStatus::Affected]
    );
    assert_eq!(k.members.len(), 2);
    assert_eq!(k.ratio, 0.6);
    assert_eq!(
        k.members
            .iter()
            .map(|m| m.source.as_str())
            .collect::<Vec<_>>(),
        vec!["default", "high-priority"]
    );
    let na = contribution(&c, "Example Author", VexStatus::NotAffected);
    assert_eq!((na.accepted, &na.outcome), (false, &Outcome::Conflict));
    assert_eq!(na.trust.matched_on, Some(MatchedOn::Source));
    let aff = contribution(&c, "Example Author", VexStatus::Affected);
    assert!(aff.accepted);
    assert!(c.confidence < aff.score);

    // Raise the conflict ratio above 0.6: the stronger not_affected wins, affected is outweighed.
    let cfg = config(
        "[consensus]\nconflict_ratio = 0.7\n[issuers.high-priority]\nclass = \"hub\"\n\
         [issuers.default]\nclass = \"hub\"\n",
    );
    let c = consensus(
        "CVE-2022-3715",
        "pkg:deb/debian/bash@5.3",
        &trivy_bash(),
        &cfg,
        at("2023-08-01T00:00:00Z"),
    );
    assert_eq!(c.status, ConsensusStatus::NotAffected);
    assert_eq!(
        c.justification,
        Some(Justification::VulnerableCodeNotInExecutePath)
    );
    assert!(c.conflicts.is_empty());
    assert_eq!(
        contribution(&c, "Example Author", VexStatus::Affected).outcome,
        Outcome::Outweighed
    );
}

#[test]
fn empty_superseded_and_unsupported() {
    let cfg = TrustConfig::default();
    let c = consensus("CVE-1", "pkg:npm/a@1", &[], &cfg, at("2026-01-01"));
    assert_eq!((c.status, c.confidence), (ConsensusStatus::Unknown, 0.0));

    let mut obs = trivy_bash();
    obs[0].supersedes = Some(obs[1].id);
    let c = consensus("CVE-2022-3715", "p", &obs, &cfg, at("2023-08-01"));
    assert_eq!(c.status, ConsensusStatus::Affected);
    assert_eq!(
        contribution(&c, "Example Author", VexStatus::NotAffected).outcome,
        Outcome::Superseded { by: obs[0].id }
    );

    // A weak `fixed` does not beat a strong `not_affected` just by lattice rank.
    let cfg = config("[issuers.Vendor]\nclass = \"attestation\"\n");
    let p = || vec![purl_product("pkg:npm/a@1.0.0")];
    let mut strong = statement(
        "CVE-1",
        p(),
        VexStatus::NotAffected,
        "Vendor",
        Some("2026-01-01"),
    );
    strong.justification = Some(Justification::VulnerableCodeNotPresent);
    let weak = statement(
        "CVE-1",
        p(),
        VexStatus::Fixed,
        "Someone",
        Some("2026-01-01"),
    );
    let c = consensus(
        "CVE-1",
        "pkg:npm/a@1.0.0",
        &[observation(strong, "v"), observation(weak, "s")],
        &cfg,
        at("2026-01-02"),
    );
    assert_eq!(c.status, ConsensusStatus::NotAffected);
    assert_eq!(
        contribution(&c, "Someone", VexStatus::Fixed).outcome,
        Outcome::Unsupported
    );
}

#[test]
fn digest_covers_everything_but_itself() {
    let cfg = TrustConfig::default();
    let c = consensus("CVE-2022-3715", "p", &trivy_bash(), &cfg, at("2023-08-01"));
    assert_eq!(c.digest, c.compute_digest());
    let mut changed = c.clone();
    changed.contributions[0].reason.push('!');
    assert_ne!(changed.compute_digest(), c.digest);
    let later = consensus("CVE-2022-3715", "p", &trivy_bash(), &cfg, at("2023-08-02"));
    assert_ne!(later.digest, c.digest);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Shuffled and duplicated inputs give the same bytes.
    #[test]
    fn input_order_never_matters(seed in any::<u64>(), dup in 0usize..5) {
        let mut all = wolfi_bash();
        all.extend(trivy_bash().into_iter().map(|mut o| {
            o.statement.vulnerability = "CVE-1234-5678".into();
            o
        }));
        let cfg = config("[issuers.\"John Doe\"]\nclass = \"vendor\"\n");
        let t = at("2024-01-01T00:00:00Z");
        let reference = consensus("CVE-1234-5678", "p", &all, &cfg, t);
        let mut shuffled = all.clone();
        // Fisher–Yates with a tiny LCG (proptest supplies the seed).
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (s >> 33) as usize % (i + 1);
            shuffled.swap(i, j);
        }
        let extra = shuffled[dup % shuffled.len()].clone();
        shuffled.push(extra);
        let again = consensus("CVE-1234-5678", "p", &shuffled, &cfg, t);
        prop_assert_eq!(
            crate::canon::to_canonical_vec(&again).unwrap(),
            crate::canon::to_canonical_vec(&reference).unwrap()
        );
        prop_assert_eq!(again.digest, reference.digest);
    }
}

// ---- the trust file ----

#[test]
fn embedded_default_file_is_the_default() {
    assert_eq!(
        TrustConfig::from_toml(DEFAULT_TRUST_TOML).unwrap(),
        TrustConfig::default()
    );
    TrustConfig::default().validate().unwrap();
    // The digest names the weights.
    assert_ne!(
        TrustConfig::default().digest(),
        config("[freshness]\nfloor = 0.3\n").digest()
    );
}

#[test]
fn trust_file_errors_are_typed() {
    let err = |text: &str| TrustConfig::from_toml(text).unwrap_err();
    let head = "schema = \"stella-vex-trust@1\"\n";
    assert!(matches!(
        err("[base]\nprovenance = 0.45\n"),
        TrustConfigError::Schema { found } if found.is_empty()
    ));
    assert!(matches!(
        err("schema = \"stella-vex-trust@2\"\n"),
        TrustConfigError::Schema { found } if found == "stella-vex-trust@2"
    ));
    // Unknown keys, anywhere.
    let e = err(&format!("{head}[freshness]\nhalflife = 30\n"));
    assert!(
        matches!(&e, TrustConfigError::Syntax { message } if message.contains("halflife")),
        "{e}"
    );
    let e = err(&format!(
        "{head}[issuers.x]\nclass = \"vendor\"\ntrust = 1\n"
    ));
    assert!(
        matches!(&e, TrustConfigError::Syntax { message } if message.contains("trust")),
        "{e}"
    );
    let e = err(&format!("{head}[issuers.x]\nclass = \"community\"\n"));
    assert!(
        matches!(&e, TrustConfigError::Syntax { message } if message.contains("community")),
        "{e}"
    );
    assert!(matches!(
        err(&format!("{head}[classes.community]\nprovenance = 1\n")),
        TrustConfigError::UnknownClass { name } if name == "community"
    ));
    // Ranges.
    let e = err(&format!(
        "{head}[issuers.x]\nclass = \"vendor\"\nprovenance = 1.5\n"
    ));
    assert!(
        matches!(&e, TrustConfigError::OutOfRange { key, value } if key == "issuers.\"x\".provenance" && *value == 1.5),
        "{e}"
    );
    assert!(matches!(
        err(&format!("{head}[freshness]\nfloor = -0.1\n")),
        TrustConfigError::OutOfRange { key, .. } if key == "freshness.floor"
    ));
    assert!(matches!(
        err(&format!("{head}[freshness]\nhalf_life_days = 0.0\n")),
        TrustConfigError::HalfLife { .. }
    ));
    assert!(matches!(
        err(&format!("{head}[base]\nprovenance = 0.5\n")),
        TrustConfigError::WeightsSum { .. }
    ));
    assert!(matches!(
        err(&format!(
            "{head}[issuers.Acme]\nclass = \"vendor\"\n[issuers.ACME]\nclass = \"hub\"\n"
        )),
        TrustConfigError::DuplicateIssuer { .. }
    ));
    assert!(matches!(err("schema = "), TrustConfigError::Syntax { .. }));
}

#[test]
fn issuer_lookup_order_and_overrides() {
    let cfg = config(
        "[issuers.\"https://rancher.com\"]\nclass = \"vendor\"\nprovenance = 1.0\n\
         [issuers.\"rancher security team\"]\nclass = \"hub\"\n\
         [issuers.vexhub]\nclass = \"hub\"\nhalf_life_days = 365.0\n",
    );
    // The issuer id wins over the name.
    let t = cfg.lookup(
        Some("https://rancher.com"),
        "Rancher Security team",
        "vexhub",
    );
    assert_eq!(
        (t.class, t.matched_on),
        (Some(IssuerClass::Vendor), Some(MatchedOn::IssuerId))
    );
    assert_eq!(t.vector.provenance, 1.0);
    assert_eq!(t.vector.coverage, 0.75); // the vendor class value
    // Then the name (case-insensitive), then the source.
    let t = cfg.lookup(None, "Rancher Security Team", "vexhub");
    assert_eq!(
        (t.class, t.matched_on),
        (Some(IssuerClass::Hub), Some(MatchedOn::IssuerName))
    );
    let t = cfg.lookup(None, "Someone", "VEXHUB");
    assert_eq!(t.matched_on, Some(MatchedOn::Source));
    assert_eq!(t.vector.half_life_days, Some(365.0));
    let t = cfg.lookup(None, "Someone", "elsewhere");
    assert_eq!((t.class, t.entry), (None, None));
}

#[test]
fn for_target_scopes_then_weighs() {
    use crate::vex::scope::tests::component;
    use crate::vex::scope::{SbomIdentity, Target};
    // The trivy pair, plus a statement about another package that must not count.
    let mut obs = trivy_bash();
    obs.push(observation(
        statement(
            "CVE-2022-3715",
            vec![purl_product("pkg:deb/debian/dash@0.5.12")],
            VexStatus::NotAffected,
            "Example Author",
            Some("2023-07-01T00:00:00Z"),
        ),
        "default",
    ));
    let c = component(
        "bash",
        Some("pkg:deb/debian/bash@5.3?arch=amd64&distro=debian-12"),
    );
    let aliases = std::collections::BTreeSet::new();
    let sbom = SbomIdentity::default();
    let target = Target {
        vulnerability: "CVE-2022-3715",
        aliases: &aliases,
        component: &c,
        cpes: &[],
        sbom: &sbom,
    };
    let cfg = config("[consensus]\nconflict_ratio = 0.7\n");
    let (con, scoped) = for_target(&target, &obs, &cfg, at("2023-08-01"));
    assert_eq!(scoped.len(), 3);
    assert_eq!(scoped.iter().filter(|s| s.scope.applies()).count(), 2);
    assert_eq!(con.contributions.len(), 2);
    assert_eq!(
        con.product,
        "pkg:deb/debian/bash@5.3?arch=amd64&distro=debian-12"
    );
    assert_eq!(con.status, ConsensusStatus::NotAffected);
    assert!(con.suppresses());
}
