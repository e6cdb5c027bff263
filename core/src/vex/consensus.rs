//! VEX Lens: a trust-weighted, explainable consensus over the statements about one
//! (product, vulnerability).
//!
//! [`consensus`] takes the statement observations that apply (see [`super::scope`]), a
//! [`TrustConfig`] and the evaluation time, and returns a [`Consensus`]: the status, its
//! confidence, every statement's arithmetic with accepted/rejected and the reason, the conflicts,
//! and a digest over all of it.
//!
//! # Scoring
//! `score = base × strength × freshness`, each rounded to 6 decimals for output and ordering:
//! - **base** = `0.45·P + 0.35·C + 0.20·R` (weights configurable), the issuer's trust vector
//!   from the configuration (an issuer entry, else the `[unlisted]` vector).
//! - **strength** M by [`Evidence`] kind, derived from status and justification
//!   ([`Evidence::of`]):
//!   - `not_affected` + `vulnerable_code_not_in_execute_path`, `vulnerable_code_not_present` or
//!     `component_not_present` → reachability proof (1.0): a claim about what code is present or
//!     reachable;
//!   - `not_affected` + `vulnerable_code_cannot_be_controlled_by_adversary` or
//!     `inline_mitigations_already_exist` → configuration/flag evidence (0.8);
//!   - `not_affected` with only an impact statement (or an unknown justification), `affected`
//!     and `fixed` → vendor blanket (0.6): an assertion without stated evidence;
//!   - `under_investigation` → 0.4.
//! - **freshness** F = `max(floor, exp(−ln2 · age_days / half_life))`, half-life 90 days (per
//!   class or issuer overridable), floor 0.25. Age is measured from the statement's timestamp
//!   (parsers fall back to the document's) to the evaluation time, an input; a timestamp after
//!   the evaluation time counts as age 0. A statement without any timestamp gets the floor.
//!
//! # Deciding
//! 1. Statements are ordered by score (descending), then timestamp (newest first), then
//!    observation id — the order of the input never matters, and duplicates (same id) count once.
//! 2. Rejected first: an observation another input observation supersedes (`superseded`); an
//!    older statement of the same issuer through the same source (`replaced`: an issuer's newest
//!    word counts, as OpenVEX specifies); a score below `minimum_score` (`below minimum trust`).
//! 3. Over the rest, each status's support is its best score. A status is *supported* when its
//!    support is at least `support_ratio` × the best score overall. The consensus is the
//!    highest supported status in the lattice `unknown < under_investigation < {not_affected |
//!    affected} < fixed`; with no statement left it is `unknown`.
//! 4. When the winning rank is `{not_affected | affected}` and both are present, and the weaker
//!    side's support is at least `conflict_ratio` × the stronger's, a [`Conflict`] is recorded and
//!    **`affected` is the consensus** whichever side is stronger: a disagreement between
//!    trusted issuers must never silently suppress a finding. Below the ratio the stronger side
//!    wins and the other is `outweighed`.
//! 5. `confidence = S × S / (S + A)` where S is the consensus status's support and A the best
//!    score of any other status still counted (0 when unanimous): the strength of the winning
//!    claim discounted by disagreement. `unknown` has confidence 0.
//!
//! The digest is the SHA-256 of the canonical JSON of the whole [`Consensus`] without the
//! `digest` field; every list in it is sorted, so equal inputs give equal bytes in any order.

mod trust;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

pub use trust::{
    BaseWeights, DEFAULT_TRUST_TOML, Freshness, IssuerClass, IssuerTrust, MatchedOn, Strengths,
    TRUST_SCHEMA, Thresholds, TrustConfig, TrustConfigError, TrustOrigin, TrustVector,
};

use super::{Justification, Statement, StatementObservation, VexStatus};
use crate::canon::Digest;
use crate::time::Timestamp;

/// The kind and shape version of a consensus record.
pub const CONSENSUS_KIND: &str = "stella.vex.consensus/v1";

/// A consensus status: a [`VexStatus`] or `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsensusStatus {
    /// No statement counted.
    Unknown,
    /// Under investigation.
    UnderInvestigation,
    /// Not affected.
    NotAffected,
    /// Affected.
    Affected,
    /// Fixed.
    Fixed,
}

impl ConsensusStatus {
    /// Rank in the lattice: unknown 0, under_investigation 1, not_affected = affected 2, fixed 3.
    pub fn rank(self) -> u8 {
        match self {
            ConsensusStatus::Unknown => 0,
            ConsensusStatus::UnderInvestigation => 1,
            ConsensusStatus::NotAffected | ConsensusStatus::Affected => 2,
            ConsensusStatus::Fixed => 3,
        }
    }

    /// The OpenVEX spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsensusStatus::Unknown => "unknown",
            ConsensusStatus::UnderInvestigation => "under_investigation",
            ConsensusStatus::NotAffected => "not_affected",
            ConsensusStatus::Affected => "affected",
            ConsensusStatus::Fixed => "fixed",
        }
    }

    /// The VEX status, when not `unknown`.
    pub fn vex(self) -> Option<VexStatus> {
        match self {
            ConsensusStatus::Unknown => None,
            ConsensusStatus::UnderInvestigation => Some(VexStatus::UnderInvestigation),
            ConsensusStatus::NotAffected => Some(VexStatus::NotAffected),
            ConsensusStatus::Affected => Some(VexStatus::Affected),
            ConsensusStatus::Fixed => Some(VexStatus::Fixed),
        }
    }
}

impl From<VexStatus> for ConsensusStatus {
    fn from(s: VexStatus) -> Self {
        match s {
            VexStatus::UnderInvestigation => ConsensusStatus::UnderInvestigation,
            VexStatus::NotAffected => ConsensusStatus::NotAffected,
            VexStatus::Affected => ConsensusStatus::Affected,
            VexStatus::Fixed => ConsensusStatus::Fixed,
        }
    }
}

impl fmt::Display for ConsensusStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The evidence kind behind a statement, which sets its strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Code presence or reachability (1.0).
    ReachabilityProof,
    /// Configuration, flag or mitigation evidence (0.8).
    ConfigEvidence,
    /// An assertion without stated evidence (0.6).
    VendorBlanket,
    /// Under investigation (0.4).
    UnderInvestigation,
}

impl Evidence {
    /// The kind of a statement (see the module documentation).
    pub fn of(statement: &Statement) -> Evidence {
        match (statement.status, statement.justification) {
            (VexStatus::UnderInvestigation, _) => Evidence::UnderInvestigation,
            (
                VexStatus::NotAffected,
                Some(
                    Justification::VulnerableCodeNotInExecutePath
                    | Justification::VulnerableCodeNotPresent
                    | Justification::ComponentNotPresent,
                ),
            ) => Evidence::ReachabilityProof,
            (
                VexStatus::NotAffected,
                Some(
                    Justification::VulnerableCodeCannotBeControlledByAdversary
                    | Justification::InlineMitigationsAlreadyExist,
                ),
            ) => Evidence::ConfigEvidence,
            (VexStatus::NotAffected, None) | (VexStatus::Affected | VexStatus::Fixed, _) => {
                Evidence::VendorBlanket
            }
        }
    }

    /// Its strength under a configuration.
    pub fn strength(self, s: &Strengths) -> f64 {
        match self {
            Evidence::ReachabilityProof => s.reachability_proof,
            Evidence::ConfigEvidence => s.config_evidence,
            Evidence::VendorBlanket => s.vendor_blanket,
            Evidence::UnderInvestigation => s.under_investigation,
        }
    }

    /// Kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::ReachabilityProof => "reachability-proof",
            Evidence::ConfigEvidence => "config-evidence",
            Evidence::VendorBlanket => "vendor-blanket",
            Evidence::UnderInvestigation => "under-investigation",
        }
    }
}

/// What happened to a statement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// It supports the consensus status.
    Supports,
    /// A higher status in the lattice won.
    Outranked,
    /// The other equal-rank status was stronger (below the conflict ratio).
    Outweighed,
    /// It is on the `not_affected` side of a recorded conflict; `affected` was kept.
    Conflict,
    /// Its status is higher in the lattice but too weak to be supported.
    Unsupported,
    /// Below the minimum score.
    BelowMinimumTrust,
    /// An older statement of the same issuer through the same source.
    Replaced {
        /// The newer observation.
        by: Digest,
    },
    /// Another input observation supersedes it.
    Superseded {
        /// The superseding observation.
        by: Digest,
    },
}

/// The trust an issuer was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trust {
    /// Class, when the issuer is configured (`unlisted` otherwise).
    pub class: String,
    /// The configuration entry that matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// What matched it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_on: Option<MatchedOn>,
    /// P.
    pub provenance: f64,
    /// C.
    pub coverage: f64,
    /// R.
    pub replayability: f64,
}

/// One statement's part in the consensus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    /// The observation id.
    pub statement: Digest,
    /// The issuer's name.
    pub issuer: String,
    /// The observation's source.
    pub source: String,
    /// Status.
    pub status: VexStatus,
    /// Justification, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<Justification>,
    /// The statement's timestamp, normalised (UTC, ms), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Issuer trust.
    pub trust: Trust,
    /// Base trust.
    pub base: f64,
    /// Evidence kind.
    pub evidence: Evidence,
    /// Strength M.
    pub strength: f64,
    /// Age in days at the evaluation time (none when undated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_days: Option<f64>,
    /// The half-life used.
    pub half_life_days: f64,
    /// Freshness F.
    pub freshness: f64,
    /// Claim score = base × strength × freshness.
    pub score: f64,
    /// Does it support the consensus?
    pub accepted: bool,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// Why, in words.
    pub reason: String,
}

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictMember {
    /// The observation.
    pub statement: Digest,
    /// Issuer.
    pub issuer: String,
    /// Source.
    pub source: String,
    /// Status.
    pub status: VexStatus,
    /// Score.
    pub score: f64,
}

/// An equal-rank disagreement that was not silently resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// The disagreeing statuses, sorted.
    pub statuses: Vec<VexStatus>,
    /// The issuers involved, sorted, de-duplicated.
    pub issuers: Vec<String>,
    /// Every counted statement of that rank, in decision order.
    pub members: Vec<ConflictMember>,
    /// Weaker side's support / stronger side's.
    pub ratio: f64,
    /// How it was resolved.
    pub resolution: String,
}

/// The consensus about one (product, vulnerability).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consensus {
    /// [`CONSENSUS_KIND`].
    pub kind: String,
    /// The vulnerability.
    pub vulnerability: String,
    /// The product (a purl, normally).
    pub product: String,
    /// The consensus status.
    pub status: ConsensusStatus,
    /// The justification of the strongest supporting `not_affected` statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub justification: Option<Justification>,
    /// Impact statement of that statement, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact_statement: Option<String>,
    /// Action statement of the strongest supporting `affected` statement, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_statement: Option<String>,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
    /// Every statement, in decision order.
    pub contributions: Vec<Contribution>,
    /// Recorded conflicts.
    pub conflicts: Vec<Conflict>,
    /// The evaluation time (UTC, ms).
    pub evaluated_at: String,
    /// Digest of the trust configuration used.
    pub trust_config: Digest,
    /// Digest of the canonical JSON of everything above.
    pub digest: Digest,
}

impl Consensus {
    /// Does this consensus suppress a finding? Only `not_affected` and `fixed` (the product
    /// version carries the fix) do; `affected` — including `affected` kept because of a
    /// conflict — `under_investigation` and `unknown` never do.
    pub fn suppresses(&self) -> bool {
        matches!(
            self.status,
            ConsensusStatus::NotAffected | ConsensusStatus::Fixed
        )
    }

    /// The statements that support the consensus (their ids go into a suppressed finding).
    pub fn supporting(&self) -> impl Iterator<Item = &Contribution> {
        self.contributions.iter().filter(|c| c.accepted)
    }

    /// Recompute the digest over everything but itself.
    pub fn compute_digest(&self) -> Digest {
        let mut v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(m) = v.as_object_mut() {
            m.remove("digest");
        }
        // Strings, digests, bools and finite numbers only: canonicalisation cannot fail.
        crate::canon::canonical_json(&v)
            .map(|b| Digest::of_bytes(&b))
            .unwrap_or_else(|_| Digest::of_bytes(b""))
    }
}

/// Round to 6 decimals (output and ordering use rounded values, so the last bits of `exp` on
/// another platform cannot change a digest).
pub fn round6(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

/// The claim score of one statement: base × strength × freshness, with the parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimScore {
    /// Issuer trust.
    pub trust: Trust,
    /// Base trust.
    pub base: f64,
    /// Evidence kind.
    pub evidence: Evidence,
    /// Strength.
    pub strength: f64,
    /// Age in days (none when undated or unparseable).
    pub age_days: Option<f64>,
    /// Half-life used.
    pub half_life_days: f64,
    /// Freshness.
    pub freshness: f64,
    /// The score.
    pub score: f64,
}

/// Score one observation at `at`.
pub fn score(obs: &StatementObservation, config: &TrustConfig, at: Timestamp) -> ClaimScore {
    let st = &obs.statement;
    let origin = config.lookup(
        st.issuer.id.as_deref(),
        &st.issuer.name,
        &obs.provenance.source,
    );
    let v = origin.vector;
    let base = config.base.provenance * v.provenance
        + config.base.coverage * v.coverage
        + config.base.replayability * v.replayability;
    let evidence = Evidence::of(st);
    let strength = evidence.strength(&config.strength);
    let half_life_days = v.half_life_days.unwrap_or(config.freshness.half_life_days);
    let age_days = parse_ts(st.timestamp.as_deref()).map(|ts| {
        let secs = at.as_second() - ts.as_second();
        (secs.max(0) as f64) / 86_400.0
    });
    let freshness = match age_days {
        Some(age) => (-std::f64::consts::LN_2 * age / half_life_days)
            .exp()
            .max(config.freshness.floor),
        None => config.freshness.floor,
    };
    let score = base * strength * freshness;
    ClaimScore {
        trust: Trust {
            class: origin
                .class
                .map_or_else(|| "unlisted".to_string(), |c| c.as_str().to_string()),
            entry: origin.entry,
            matched_on: origin.matched_on,
            provenance: v.provenance,
            coverage: v.coverage,
            replayability: v.replayability,
        },
        base: round6(base),
        evidence,
        strength: round6(strength),
        age_days: age_days.map(round6),
        half_life_days: round6(half_life_days),
        freshness: round6(freshness),
        score: round6(score),
    }
}

fn parse_ts(ts: Option<&str>) -> Option<Timestamp> {
    ts.and_then(|t| crate::time::parse_time(t).ok())
}

struct Row<'a> {
    obs: &'a StatementObservation,
    claim: ClaimScore,
    ts: Option<Timestamp>,
    outcome: Option<Outcome>,
}

/// A rounded number in its shortest form (`0.27375`, `0.6`, `1`).
fn fmt_score(x: f64) -> String {
    format!("{}", round6(x))
}

/// Compute the consensus about (`product`, `vulnerability`) from the observations that apply to
/// it, under `config`, at `at`. See the module documentation for the rules.
pub fn consensus(
    vulnerability: &str,
    product: &str,
    observations: &[StatementObservation],
    config: &TrustConfig,
    at: Timestamp,
) -> Consensus {
    // Unique by id, then the decision order.
    let mut by_id: BTreeMap<Digest, &StatementObservation> = BTreeMap::new();
    for o in observations {
        by_id.entry(o.id).or_insert(o);
    }
    let mut rows: Vec<Row<'_>> = by_id
        .values()
        .map(|o| Row {
            obs: o,
            claim: score(o, config, at),
            ts: parse_ts(o.statement.timestamp.as_deref()),
            outcome: None,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.claim
            .score
            .total_cmp(&a.claim.score)
            .then_with(|| b.ts.cmp(&a.ts))
            .then_with(|| a.obs.id.cmp(&b.obs.id))
    });

    // Superseded by another input.
    let superseded: BTreeMap<Digest, Digest> = rows
        .iter()
        .filter_map(|r| r.obs.supersedes.map(|old| (old, r.obs.id)))
        .collect();
    for r in &mut rows {
        if let Some(by) = superseded.get(&r.obs.id) {
            r.outcome = Some(Outcome::Superseded { by: *by });
        }
    }
    // An issuer's newest word through one source counts.
    let mut newest: BTreeMap<(String, String), (Option<Timestamp>, Digest)> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.outcome.is_none()) {
        let key = issuer_key(r.obs);
        let cand = (r.ts, r.obs.id);
        newest
            .entry(key)
            .and_modify(|cur| {
                // Newer timestamp wins; equal timestamps: the smaller id (rows are visited in
                // decision order, but the rule must not depend on scores).
                if cand.0 > cur.0 || (cand.0 == cur.0 && cand.1 < cur.1) {
                    *cur = cand;
                }
            })
            .or_insert(cand);
    }
    for r in rows.iter_mut().filter(|r| r.outcome.is_none()) {
        let (_, keep) = newest[&issuer_key(r.obs)];
        if keep != r.obs.id {
            r.outcome = Some(Outcome::Replaced { by: keep });
        }
    }
    for r in rows.iter_mut().filter(|r| r.outcome.is_none()) {
        if r.claim.score < config.consensus.minimum_score {
            r.outcome = Some(Outcome::BelowMinimumTrust);
        }
    }

    // Support per status over the counted statements.
    let mut support: BTreeMap<ConsensusStatus, f64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.outcome.is_none()) {
        let s = ConsensusStatus::from(r.obs.statement.status);
        let e = support.entry(s).or_insert(0.0);
        *e = e.max(r.claim.score);
    }
    let top = support.values().copied().fold(0.0_f64, f64::max);
    let threshold = config.consensus.support_ratio * top;
    let winner_rank = support
        .iter()
        .filter(|(_, s)| **s >= threshold)
        .map(|(st, _)| st.rank())
        .max();
    let mut conflicts = Vec::new();
    let mut in_conflict = false;
    let status = match winner_rank {
        None => ConsensusStatus::Unknown,
        Some(0) => ConsensusStatus::Unknown,
        Some(1) => ConsensusStatus::UnderInvestigation,
        Some(3) => ConsensusStatus::Fixed,
        Some(_) => {
            let a = support.get(&ConsensusStatus::Affected).copied();
            let n = support.get(&ConsensusStatus::NotAffected).copied();
            match (a, n) {
                (Some(a), Some(n)) => {
                    let (weak, strong) = if a <= n { (a, n) } else { (n, a) };
                    let ratio = if strong > 0.0 { weak / strong } else { 1.0 };
                    if ratio >= config.consensus.conflict_ratio {
                        in_conflict = true;
                        conflicts.push(conflict(&rows, ratio, a, n));
                        ConsensusStatus::Affected
                    } else if a >= n {
                        ConsensusStatus::Affected
                    } else {
                        ConsensusStatus::NotAffected
                    }
                }
                (Some(_), None) => ConsensusStatus::Affected,
                _ => ConsensusStatus::NotAffected,
            }
        }
    };

    // Outcomes of the counted statements.
    let winner_support = support.get(&status).copied().unwrap_or(0.0);
    for r in rows.iter_mut().filter(|r| r.outcome.is_none()) {
        let s = ConsensusStatus::from(r.obs.statement.status);
        r.outcome = Some(if s == status {
            Outcome::Supports
        } else if in_conflict && s.rank() == 2 {
            Outcome::Conflict
        } else if s.rank() < status.rank() {
            Outcome::Outranked
        } else if s.rank() == status.rank() {
            Outcome::Outweighed
        } else {
            Outcome::Unsupported
        });
    }
    let against = rows
        .iter()
        .filter(|r| {
            !matches!(
                r.outcome,
                Some(
                    Outcome::Supports
                        | Outcome::BelowMinimumTrust
                        | Outcome::Replaced { .. }
                        | Outcome::Superseded { .. }
                )
            )
        })
        .map(|r| r.claim.score)
        .fold(0.0_f64, f64::max);
    let confidence = if status == ConsensusStatus::Unknown || winner_support <= 0.0 {
        0.0
    } else {
        round6(winner_support * winner_support / (winner_support + against))
    };

    let best_supporting = |want: VexStatus| {
        rows.iter()
            .filter(move |r| r.outcome == Some(Outcome::Supports) && r.obs.statement.status == want)
            .map(|r| &r.obs.statement)
    };
    let justification = if status == ConsensusStatus::NotAffected {
        best_supporting(VexStatus::NotAffected).find_map(|s| s.justification)
    } else {
        None
    };
    let impact_statement = if status == ConsensusStatus::NotAffected {
        best_supporting(VexStatus::NotAffected).find_map(|s| s.impact_statement.clone())
    } else {
        None
    };
    let action_statement = if status == ConsensusStatus::Affected {
        best_supporting(VexStatus::Affected).find_map(|s| s.action_statement.clone())
    } else {
        None
    };

    let ctx = ReasonContext {
        status,
        winner_support,
        top,
        config,
    };
    let contributions = rows
        .into_iter()
        .map(|r| {
            let outcome = r.outcome.clone().unwrap_or(Outcome::Supports);
            let reason = ctx.reason(&outcome, &r);
            Contribution {
                statement: r.obs.id,
                issuer: r.obs.statement.issuer.name.clone(),
                source: r.obs.provenance.source.clone(),
                status: r.obs.statement.status,
                justification: r.obs.statement.justification,
                timestamp: r.ts.map(crate::time::format_time),
                trust: r.claim.trust,
                base: r.claim.base,
                evidence: r.claim.evidence,
                strength: r.claim.strength,
                age_days: r.claim.age_days,
                half_life_days: r.claim.half_life_days,
                freshness: r.claim.freshness,
                score: r.claim.score,
                accepted: outcome == Outcome::Supports,
                outcome,
                reason,
            }
        })
        .collect();

    let mut c = Consensus {
        kind: CONSENSUS_KIND.to_string(),
        vulnerability: vulnerability.to_string(),
        product: product.to_string(),
        status,
        justification,
        impact_statement,
        action_statement,
        confidence,
        contributions,
        conflicts,
        evaluated_at: crate::time::format_time(at),
        trust_config: config.digest(),
        digest: Digest::of_bytes(b""),
    };
    c.digest = c.compute_digest();
    c
}

/// One statement's scoping against a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scoped {
    /// The observation.
    pub statement: Digest,
    /// Whether and how it applies.
    pub scope: super::scope::Scope,
}

/// The consensus about one scan finding: every observation is scoped against `target`
/// ([`super::scope::applies`]); those that apply go into [`consensus`] with the component's purl
/// (else its bom-ref) as the product. Returns the consensus and every scoping decision, sorted
/// by observation id (for `explain`).
pub fn for_target(
    target: &super::scope::Target<'_>,
    observations: &[StatementObservation],
    config: &TrustConfig,
    at: Timestamp,
) -> (Consensus, Vec<Scoped>) {
    let mut scoped: Vec<Scoped> = Vec::new();
    let mut applicable = Vec::new();
    for o in observations {
        let scope = super::scope::applies(&o.statement, target);
        if scope.applies() {
            applicable.push(o.clone());
        }
        scoped.push(Scoped {
            statement: o.id,
            scope,
        });
    }
    scoped.sort_by_key(|a| a.statement);
    scoped.dedup_by(|a, b| a.statement == b.statement);
    let product = target
        .component
        .purl
        .clone()
        .unwrap_or_else(|| target.component.bom_ref.clone());
    (
        consensus(target.vulnerability, &product, &applicable, config, at),
        scoped,
    )
}

fn issuer_key(o: &StatementObservation) -> (String, String) {
    let i = &o.statement.issuer;
    (
        o.provenance.source.to_lowercase(),
        i.id.as_deref().unwrap_or(&i.name).trim().to_lowercase(),
    )
}

fn conflict(rows: &[Row<'_>], ratio: f64, a: f64, n: f64) -> Conflict {
    let members: Vec<ConflictMember> = rows
        .iter()
        .filter(|r| {
            r.outcome.is_none() && ConsensusStatus::from(r.obs.statement.status).rank() == 2
        })
        .map(|r| ConflictMember {
            statement: r.obs.id,
            issuer: r.obs.statement.issuer.name.clone(),
            source: r.obs.provenance.source.clone(),
            status: r.obs.statement.status,
            score: r.claim.score,
        })
        .collect();
    let issuers: BTreeSet<String> = members.iter().map(|m| m.issuer.clone()).collect();
    Conflict {
        statuses: vec![VexStatus::NotAffected, VexStatus::Affected],
        issuers: issuers.into_iter().collect(),
        members,
        ratio: round6(ratio),
        resolution: format!(
            "affected (best {}) and not_affected (best {}) are within the conflict ratio; \
             affected is kept so no finding is suppressed on a disputed claim",
            fmt_score(a),
            fmt_score(n)
        ),
    }
}

struct ReasonContext<'a> {
    status: ConsensusStatus,
    winner_support: f64,
    top: f64,
    config: &'a TrustConfig,
}

impl ReasonContext<'_> {
    fn reason(&self, outcome: &Outcome, r: &Row<'_>) -> String {
        let score = fmt_score(r.claim.score);
        match outcome {
            Outcome::Supports => format!("supports the consensus `{}`", self.status),
            Outcome::Outranked => format!(
                "outranked: `{}` (score {}) is higher in the status lattice",
                self.status,
                fmt_score(self.winner_support)
            ),
            Outcome::Outweighed => format!(
                "outweighed: `{}` scores {}, this {score} is below {} × that",
                self.status,
                fmt_score(self.winner_support),
                self.config.consensus.conflict_ratio
            ),
            Outcome::Conflict => format!(
                "in conflict with `affected` (ratio ≥ {}); `affected` is kept for safety",
                self.config.consensus.conflict_ratio
            ),
            Outcome::Unsupported => format!(
                "unsupported: score {score} is below {} × the best score {}",
                self.config.consensus.support_ratio,
                fmt_score(self.top)
            ),
            Outcome::BelowMinimumTrust => format!(
                "below minimum trust: score {score} < {}",
                self.config.consensus.minimum_score
            ),
            Outcome::Replaced { by } => {
                format!("replaced by a newer statement of the same issuer and source ({by})")
            }
            Outcome::Superseded { by } => format!("superseded by observation {by}"),
        }
    }
}
