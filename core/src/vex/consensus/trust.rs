//! The trust configuration (`stella-vex-trust@1`): who is trusted how much, how strong each kind
//! of evidence is, how fast statements age, and the consensus thresholds.
//!
//! A file is TOML; every section is optional and whatever it leaves out keeps the embedded
//! default ([`DEFAULT_TRUST_TOML`], identical to [`TrustConfig::default`]). Unknown keys, values
//! outside `[0, 1]`, non-positive half-lives and base weights that do not sum to 1 are refused
//! with a typed [`TrustConfigError`] naming the key — a typo must never silently fall back to a
//! default.
//!
//! Issuers are looked up by the key of their `[issuers."…"]` table, compared case-insensitively
//! with, in this order, the statement's issuer id, its issuer name and the observation's source;
//! an issuer that matches no entry gets the `[unlisted]` vector.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::canon::Digest;

/// The schema tag a trust file must carry.
pub const TRUST_SCHEMA: &str = "stella-vex-trust@1";

/// The embedded default configuration, as a file (documentation and a starting point for users;
/// parsing it gives [`TrustConfig::default`]).
pub const DEFAULT_TRUST_TOML: &str = r#"# Stella VEX Lens trust configuration.
schema = "stella-vex-trust@1"

# BaseTrust = provenance·P + coverage·C + replayability·R (the weights sum to 1).
[base]
provenance = 0.45
coverage = 0.35
replayability = 0.2

# Strength M by evidence kind (see `vex::consensus::Evidence`).
[strength]
reachability_proof = 1.0
config_evidence = 0.8
vendor_blanket = 0.6
under_investigation = 0.4

# Freshness F = max(floor, exp(-ln2 · age_days / half_life_days)); undated statements get the floor.
[freshness]
half_life_days = 90.0
floor = 0.25

[consensus]
# Statements scoring below this are rejected ("below minimum trust").
minimum_score = 0.05
# A status is supported when its best score is at least this share of the best score overall.
support_ratio = 0.5
# affected vs not_affected is a conflict when the weaker side's best score is at least this
# share of the stronger side's.
conflict_ratio = 0.5

# Issuer classes: P (provenance), C (coverage), R (replayability), optional half-life override.
[classes.vendor]
provenance = 0.75
coverage = 0.75
replayability = 0.6

[classes.distro]
provenance = 0.75
coverage = 1.0
replayability = 0.6

[classes.internal]
provenance = 0.4
coverage = 1.0
replayability = 1.0

[classes.hub]
provenance = 0.4
coverage = 0.5
replayability = 0.6

[classes.attestation]
provenance = 1.0
coverage = 0.75
replayability = 1.0

# Issuers that match no [issuers."…"] entry: opaque provenance.
[unlisted]
provenance = 0.1
coverage = 0.5
replayability = 0.6

# Example:
# [issuers."Rancher Security team"]
# class = "vendor"
# provenance = 1.0      # optional overrides of the class vector
"#;

/// An issuer class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssuerClass {
    /// The software's vendor or maintainer.
    Vendor,
    /// A distribution that ships the package.
    Distro,
    /// The user's own team.
    Internal,
    /// A VEX hub or aggregator.
    Hub,
    /// A signed, log-anchored attestation.
    Attestation,
}

impl IssuerClass {
    /// Every class, in order.
    pub const ALL: [IssuerClass; 5] = [
        IssuerClass::Vendor,
        IssuerClass::Distro,
        IssuerClass::Internal,
        IssuerClass::Hub,
        IssuerClass::Attestation,
    ];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            IssuerClass::Vendor => "vendor",
            IssuerClass::Distro => "distro",
            IssuerClass::Internal => "internal",
            IssuerClass::Hub => "hub",
            IssuerClass::Attestation => "attestation",
        }
    }
}

impl fmt::Display for IssuerClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A trust vector: provenance, coverage, replayability, each in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustVector {
    /// P: 1.0 signed + timestamped + log-anchored, 0.75 signed, 0.40 unsigned from an
    /// authenticated immutable repository, 0.10 opaque/manual.
    pub provenance: f64,
    /// C: 1.0 exact package + version/digest, 0.75 package + range, 0.50 product family,
    /// 0.25 heuristic.
    pub coverage: f64,
    /// R: 1.0 fully pinned, 0.60 mostly, 0.20 ephemeral.
    pub replayability: f64,
    /// Half-life override for this class or issuer (days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub half_life_days: Option<f64>,
}

/// Weights of the base-trust formula.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BaseWeights {
    /// Weight of P (0.45).
    pub provenance: f64,
    /// Weight of C (0.35).
    pub coverage: f64,
    /// Weight of R (0.20).
    pub replayability: f64,
}

/// Strength M per evidence kind.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Strengths {
    /// Reachability proof (1.0).
    pub reachability_proof: f64,
    /// Configuration / flag / mitigation evidence (0.8).
    pub config_evidence: f64,
    /// A blanket assertion (0.6).
    pub vendor_blanket: f64,
    /// Under investigation (0.4).
    pub under_investigation: f64,
}

/// Freshness parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Freshness {
    /// Half-life in days (90).
    pub half_life_days: f64,
    /// Lowest freshness (0.25): VEX statements do not expire — a `not_affected` about a
    /// version stays true — so age alone never pushes a statement below a quarter of its
    /// weight. Undated statements get the floor.
    pub floor: f64,
}

/// Consensus thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    /// Below this score a statement is rejected (0.05).
    pub minimum_score: f64,
    /// Share of the best score a status needs to be supported (0.5).
    pub support_ratio: f64,
    /// Share of the stronger side's score at which equal-rank disagreement is a conflict (0.5).
    pub conflict_ratio: f64,
}

/// A configured issuer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerTrust {
    /// Its class.
    pub class: IssuerClass,
    /// The class vector with this issuer's overrides applied.
    pub vector: TrustVector,
}

/// A validated trust configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustConfig {
    /// Base-trust weights.
    pub base: BaseWeights,
    /// Strengths.
    pub strength: Strengths,
    /// Freshness.
    pub freshness: Freshness,
    /// Thresholds.
    pub consensus: Thresholds,
    /// Class vectors.
    pub classes: BTreeMap<IssuerClass, TrustVector>,
    /// The vector of issuers that match no entry.
    pub unlisted: TrustVector,
    /// Issuers by key (matched case-insensitively; see the module documentation).
    pub issuers: BTreeMap<String, IssuerTrust>,
}

const fn vector(p: f64, c: f64, r: f64) -> TrustVector {
    TrustVector {
        provenance: p,
        coverage: c,
        replayability: r,
        half_life_days: None,
    }
}

impl Default for TrustConfig {
    fn default() -> Self {
        TrustConfig {
            base: BaseWeights {
                provenance: 0.45,
                coverage: 0.35,
                replayability: 0.2,
            },
            strength: Strengths {
                reachability_proof: 1.0,
                config_evidence: 0.8,
                vendor_blanket: 0.6,
                under_investigation: 0.4,
            },
            freshness: Freshness {
                half_life_days: 90.0,
                floor: 0.25,
            },
            consensus: Thresholds {
                minimum_score: 0.05,
                support_ratio: 0.5,
                conflict_ratio: 0.5,
            },
            classes: BTreeMap::from([
                (IssuerClass::Vendor, vector(0.75, 0.75, 0.6)),
                (IssuerClass::Distro, vector(0.75, 1.0, 0.6)),
                (IssuerClass::Internal, vector(0.4, 1.0, 1.0)),
                (IssuerClass::Hub, vector(0.4, 0.5, 0.6)),
                (IssuerClass::Attestation, vector(1.0, 0.75, 1.0)),
            ]),
            unlisted: vector(0.1, 0.5, 0.6),
            issuers: BTreeMap::new(),
        }
    }
}

/// Why a trust configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum TrustConfigError {
    /// Not TOML, a wrong type, or an unknown key (the message names it).
    #[error("trust configuration is not valid `{TRUST_SCHEMA}` TOML: {message}")]
    Syntax {
        /// The TOML reader's message (with line and column).
        message: String,
    },
    /// The `schema` key is missing or another value.
    #[error("trust configuration schema is `{found}`, expected `{TRUST_SCHEMA}`")]
    Schema {
        /// What the file says (empty when absent).
        found: String,
    },
    /// A value outside `[0, 1]` (or not finite).
    #[error("`{key}` = {value} is outside [0, 1]")]
    OutOfRange {
        /// Dotted key.
        key: String,
        /// The value.
        value: f64,
    },
    /// A half-life that is not a positive finite number of days.
    #[error("`{key}` = {value} must be a positive number of days")]
    HalfLife {
        /// Dotted key.
        key: String,
        /// The value.
        value: f64,
    },
    /// The base weights do not sum to 1.
    #[error("base weights sum to {sum}, expected 1 (provenance + coverage + replayability)")]
    WeightsSum {
        /// Their sum.
        sum: f64,
    },
    /// A `[classes.…]` table that names no class.
    #[error(
        "unknown issuer class `[classes.{name}]` (expected vendor, distro, internal, hub or attestation)"
    )]
    UnknownClass {
        /// The name given.
        name: String,
    },
    /// Two issuer keys differ only in case.
    #[error("issuer `{key}` is listed twice (keys are compared case-insensitively)")]
    DuplicateIssuer {
        /// The second key.
        key: String,
    },
}

// ---- the file form: every field optional, unknown keys refused ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    schema: Option<String>,
    base: Option<RawBase>,
    strength: Option<RawStrength>,
    freshness: Option<RawFreshness>,
    consensus: Option<RawThresholds>,
    #[serde(default)]
    classes: BTreeMap<String, RawVector>,
    unlisted: Option<RawVector>,
    #[serde(default)]
    issuers: BTreeMap<String, RawIssuer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBase {
    provenance: Option<f64>,
    coverage: Option<f64>,
    replayability: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrength {
    reachability_proof: Option<f64>,
    config_evidence: Option<f64>,
    vendor_blanket: Option<f64>,
    under_investigation: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFreshness {
    half_life_days: Option<f64>,
    floor: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    minimum_score: Option<f64>,
    support_ratio: Option<f64>,
    conflict_ratio: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawVector {
    provenance: Option<f64>,
    coverage: Option<f64>,
    replayability: Option<f64>,
    half_life_days: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssuer {
    class: IssuerClass,
    provenance: Option<f64>,
    coverage: Option<f64>,
    replayability: Option<f64>,
    half_life_days: Option<f64>,
}

impl RawVector {
    fn apply(&self, v: &mut TrustVector) {
        set(&mut v.provenance, self.provenance);
        set(&mut v.coverage, self.coverage);
        set(&mut v.replayability, self.replayability);
        if self.half_life_days.is_some() {
            v.half_life_days = self.half_life_days;
        }
    }
}

fn set(slot: &mut f64, value: Option<f64>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn unit(key: &str, value: f64) -> Result<(), TrustConfigError> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(TrustConfigError::OutOfRange {
            key: key.to_string(),
            value,
        })
    }
}

fn half_life(key: &str, value: f64) -> Result<(), TrustConfigError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(TrustConfigError::HalfLife {
            key: key.to_string(),
            value,
        })
    }
}

fn check_vector(prefix: &str, v: &TrustVector) -> Result<(), TrustConfigError> {
    unit(&format!("{prefix}.provenance"), v.provenance)?;
    unit(&format!("{prefix}.coverage"), v.coverage)?;
    unit(&format!("{prefix}.replayability"), v.replayability)?;
    if let Some(h) = v.half_life_days {
        half_life(&format!("{prefix}.half_life_days"), h)?;
    }
    Ok(())
}

impl TrustConfig {
    /// Parse and validate a `stella-vex-trust@1` TOML file over the defaults.
    ///
    /// # Errors
    /// [`TrustConfigError`]: syntax or unknown keys, a missing or wrong `schema`, values outside
    /// `[0, 1]`, non-positive half-lives, base weights not summing to 1, duplicate issuers.
    pub fn from_toml(text: &str) -> Result<TrustConfig, TrustConfigError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| TrustConfigError::Syntax {
            message: e.to_string().trim().to_string(),
        })?;
        if raw.schema.as_deref() != Some(TRUST_SCHEMA) {
            return Err(TrustConfigError::Schema {
                found: raw.schema.unwrap_or_default(),
            });
        }
        let mut c = TrustConfig::default();
        if let Some(b) = raw.base {
            set(&mut c.base.provenance, b.provenance);
            set(&mut c.base.coverage, b.coverage);
            set(&mut c.base.replayability, b.replayability);
        }
        if let Some(s) = raw.strength {
            set(&mut c.strength.reachability_proof, s.reachability_proof);
            set(&mut c.strength.config_evidence, s.config_evidence);
            set(&mut c.strength.vendor_blanket, s.vendor_blanket);
            set(&mut c.strength.under_investigation, s.under_investigation);
        }
        if let Some(f) = raw.freshness {
            set(&mut c.freshness.half_life_days, f.half_life_days);
            set(&mut c.freshness.floor, f.floor);
        }
        if let Some(t) = raw.consensus {
            set(&mut c.consensus.minimum_score, t.minimum_score);
            set(&mut c.consensus.support_ratio, t.support_ratio);
            set(&mut c.consensus.conflict_ratio, t.conflict_ratio);
        }
        for (name, rv) in &raw.classes {
            let class = IssuerClass::ALL
                .into_iter()
                .find(|c| c.as_str() == name)
                .ok_or_else(|| TrustConfigError::UnknownClass { name: name.clone() })?;
            if let Some(v) = c.classes.get_mut(&class) {
                rv.apply(v);
            }
        }
        if let Some(u) = &raw.unlisted {
            u.apply(&mut c.unlisted);
        }
        let mut seen = std::collections::BTreeSet::new();
        for (key, ri) in raw.issuers {
            if !seen.insert(key.to_lowercase()) {
                return Err(TrustConfigError::DuplicateIssuer { key });
            }
            let mut vector = c.classes.get(&ri.class).copied().unwrap_or(c.unlisted);
            RawVector {
                provenance: ri.provenance,
                coverage: ri.coverage,
                replayability: ri.replayability,
                half_life_days: ri.half_life_days,
            }
            .apply(&mut vector);
            c.issuers.insert(
                key,
                IssuerTrust {
                    class: ri.class,
                    vector,
                },
            );
        }
        c.validate()?;
        Ok(c)
    }

    /// Check every invariant (also for configurations built in code).
    ///
    /// # Errors
    /// See [`TrustConfig::from_toml`].
    pub fn validate(&self) -> Result<(), TrustConfigError> {
        unit("base.provenance", self.base.provenance)?;
        unit("base.coverage", self.base.coverage)?;
        unit("base.replayability", self.base.replayability)?;
        let sum = self.base.provenance + self.base.coverage + self.base.replayability;
        if (sum - 1.0).abs() > 1e-9 {
            return Err(TrustConfigError::WeightsSum { sum });
        }
        unit(
            "strength.reachability_proof",
            self.strength.reachability_proof,
        )?;
        unit("strength.config_evidence", self.strength.config_evidence)?;
        unit("strength.vendor_blanket", self.strength.vendor_blanket)?;
        unit(
            "strength.under_investigation",
            self.strength.under_investigation,
        )?;
        half_life("freshness.half_life_days", self.freshness.half_life_days)?;
        unit("freshness.floor", self.freshness.floor)?;
        unit("consensus.minimum_score", self.consensus.minimum_score)?;
        unit("consensus.support_ratio", self.consensus.support_ratio)?;
        unit("consensus.conflict_ratio", self.consensus.conflict_ratio)?;
        for (class, v) in &self.classes {
            check_vector(&format!("classes.{class}"), v)?;
        }
        check_vector("unlisted", &self.unlisted)?;
        for (key, i) in &self.issuers {
            check_vector(&format!("issuers.\"{key}\""), &i.vector)?;
        }
        Ok(())
    }

    /// The digest of this configuration (canonical JSON), recorded in every consensus so a
    /// result names the weights it was computed with.
    pub fn digest(&self) -> Digest {
        // Only strings, finite numbers and maps with string keys: cannot fail.
        Digest::of_canonical(self).unwrap_or_else(|_| Digest::of_bytes(b""))
    }

    /// The trust of an issuer: the first entry whose key equals (ignoring case) the issuer id,
    /// else the issuer name, else the source; otherwise the unlisted vector.
    pub fn lookup(&self, issuer_id: Option<&str>, issuer_name: &str, source: &str) -> TrustOrigin {
        let candidates = [
            (MatchedOn::IssuerId, issuer_id),
            (MatchedOn::IssuerName, Some(issuer_name)),
            (MatchedOn::Source, Some(source)),
        ];
        for (on, value) in candidates {
            let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
                continue;
            };
            let value = value.to_lowercase();
            if let Some((key, it)) = self.issuers.iter().find(|(k, _)| k.to_lowercase() == value) {
                return TrustOrigin {
                    class: Some(it.class),
                    entry: Some(key.clone()),
                    matched_on: Some(on),
                    vector: it.vector,
                };
            }
        }
        TrustOrigin {
            class: None,
            entry: None,
            matched_on: None,
            vector: self.unlisted,
        }
    }
}

/// What an issuer was matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedOn {
    /// The statement's issuer id.
    IssuerId,
    /// The statement's issuer name.
    IssuerName,
    /// The observation's source.
    Source,
}

/// Where an issuer's trust came from.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustOrigin {
    /// The class (none for unlisted issuers).
    pub class: Option<IssuerClass>,
    /// The configuration entry.
    pub entry: Option<String>,
    /// What matched it.
    pub matched_on: Option<MatchedOn>,
    /// The vector.
    pub vector: TrustVector,
}
