//! Belnap's four-valued logic K4 and the per-finding facts policy evaluation joins.
//!
//! [`K4`] values are ordered by *information*, not truth: `Unknown ⊑ True ⊑ Conflict` and
//! `Unknown ⊑ False ⊑ Conflict`. [`K4::join`] is the least upper bound in that order, so it is
//! commutative, associative and idempotent: evidence from the SBOM, advisories, VEX consensus and
//! exceptions can be joined in any order with the same result, and two sources that disagree
//! give `Conflict` — a first-class outcome a policy can block or warn on, never a silent pick.
//!
//! [`Facts`] holds one K4 value per [`Fact`] together with the evidence ids that set it; joining
//! facts joins values and unions evidence (kept sorted), so the explain trace can name every
//! source that contributed to a fact.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A Belnap K4 value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum K4 {
    /// No information (⊥).
    #[default]
    Unknown,
    /// Evidence says true.
    True,
    /// Evidence says false.
    False,
    /// Evidence says both (⊤).
    Conflict,
}

impl K4 {
    /// All four values.
    pub const ALL: [K4; 4] = [K4::Unknown, K4::True, K4::False, K4::Conflict];

    /// The value a boolean claim contributes.
    pub fn from_bool(b: bool) -> K4 {
        if b { K4::True } else { K4::False }
    }

    /// `(says true, says false)`: K4 as a pair of independent bits.
    fn bits(self) -> (bool, bool) {
        match self {
            K4::Unknown => (false, false),
            K4::True => (true, false),
            K4::False => (false, true),
            K4::Conflict => (true, true),
        }
    }

    fn from_bits(t: bool, f: bool) -> K4 {
        match (t, f) {
            (false, false) => K4::Unknown,
            (true, false) => K4::True,
            (false, true) => K4::False,
            (true, true) => K4::Conflict,
        }
    }

    /// Least upper bound in the information order.
    #[must_use]
    pub fn join(self, other: K4) -> K4 {
        let (a, b) = (self.bits(), other.bits());
        K4::from_bits(a.0 || b.0, a.1 || b.1)
    }

    /// Greatest lower bound in the information order (what two sources agree on).
    #[must_use]
    pub fn meet(self, other: K4) -> K4 {
        let (a, b) = (self.bits(), other.bits());
        K4::from_bits(a.0 && b.0, a.1 && b.1)
    }

    /// Whether `self ⊑ other` in the information order.
    pub fn leq(self, other: K4) -> bool {
        self.join(other) == other
    }

    /// The value as a boolean when it is exactly True or False.
    pub fn as_bool(self) -> Option<bool> {
        match self {
            K4::True => Some(true),
            K4::False => Some(false),
            _ => None,
        }
    }

    /// Lowercase name (`unknown`, `true`, `false`, `conflict`).
    pub fn as_str(self) -> &'static str {
        match self {
            K4::Unknown => "unknown",
            K4::True => "true",
            K4::False => "false",
            K4::Conflict => "conflict",
        }
    }
}

/// Truth negation: swaps True and False; Unknown and Conflict are fixed.
impl std::ops::Not for K4 {
    type Output = K4;

    fn not(self) -> K4 {
        let (t, f) = self.bits();
        K4::from_bits(f, t)
    }
}

impl fmt::Display for K4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The atoms known about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fact {
    /// The component is present in the artifact.
    Present,
    /// The advisory applies to the component's version.
    Applies,
    /// The vulnerable code is reachable.
    Reachable,
    /// A mitigation is in place.
    Mitigated,
    /// The vulnerability is fixed in the artifact.
    Fixed,
}

impl Fact {
    /// All facts, in order.
    pub const ALL: [Fact; 5] = [
        Fact::Present,
        Fact::Applies,
        Fact::Reachable,
        Fact::Mitigated,
        Fact::Fixed,
    ];

    /// Uppercase name (`PRESENT`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Fact::Present => "PRESENT",
            Fact::Applies => "APPLIES",
            Fact::Reachable => "REACHABLE",
            Fact::Mitigated => "MITIGATED",
            Fact::Fixed => "FIXED",
        }
    }
}

/// One fact's value and the evidence ids that contributed to it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FactValue {
    /// The joined value.
    pub value: K4,
    /// Evidence ids (sorted, unique) of every claim joined into `value`.
    pub evidence: BTreeSet<String>,
}

/// The facts about one finding. Absent facts are `Unknown` with no evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    map: BTreeMap<Fact, FactValue>,
}

impl Facts {
    /// No facts known.
    pub fn new() -> Self {
        Facts::default()
    }

    /// Join a claim `fact = value` made by the evidence `evidence_id`. An `Unknown` claim adds
    /// no information and records no evidence.
    pub fn assert(&mut self, fact: Fact, value: K4, evidence_id: impl Into<String>) {
        if value == K4::Unknown {
            return;
        }
        let slot = self.map.entry(fact).or_default();
        slot.value = slot.value.join(value);
        slot.evidence.insert(evidence_id.into());
    }

    /// The value of a fact.
    pub fn get(&self, fact: Fact) -> K4 {
        self.map.get(&fact).map_or(K4::Unknown, |v| v.value)
    }

    /// The value and evidence of a fact, if any claim was made.
    pub fn entry(&self, fact: Fact) -> Option<&FactValue> {
        self.map.get(&fact)
    }

    /// Facts with a claim, in [`Fact`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Fact, &FactValue)> {
        self.map.iter().map(|(f, v)| (*f, v))
    }

    /// Join another set of facts into this one (values joined, evidence unioned).
    pub fn join(&mut self, other: &Facts) {
        for (fact, v) in &other.map {
            let slot = self.map.entry(*fact).or_default();
            slot.value = slot.value.join(v.value);
            slot.evidence.extend(v.evidence.iter().cloned());
        }
    }

    /// The join of many fact sets; the result does not depend on their order.
    pub fn join_all<'a>(sources: impl IntoIterator<Item = &'a Facts>) -> Facts {
        let mut out = Facts::new();
        for s in sources {
            out.join(s);
        }
        out
    }

    /// Facts whose sources disagree.
    pub fn conflicts(&self) -> Vec<Fact> {
        self.map
            .iter()
            .filter(|(_, v)| v.value == K4::Conflict)
            .map(|(f, _)| *f)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k4() -> impl Strategy<Value = K4> {
        prop::sample::select(K4::ALL.to_vec())
    }

    fn fact() -> impl Strategy<Value = Fact> {
        prop::sample::select(Fact::ALL.to_vec())
    }

    fn claims() -> impl Strategy<Value = Vec<(Fact, K4, String)>> {
        prop::collection::vec((fact(), k4(), "[a-e]{1,2}"), 0..8)
    }

    fn facts_of(claims: &[(Fact, K4, String)]) -> Facts {
        let mut f = Facts::new();
        for (fact, v, id) in claims {
            f.assert(*fact, *v, id.clone());
        }
        f
    }

    #[test]
    fn join_table() {
        use K4::*;
        assert_eq!(Unknown.join(True), True);
        assert_eq!(Unknown.join(False), False);
        assert_eq!(True.join(False), Conflict);
        assert_eq!(False.join(True), Conflict);
        assert_eq!(True.join(True), True);
        assert_eq!(Conflict.join(Unknown), Conflict);
        assert_eq!(True.meet(False), Unknown);
        assert!(Unknown.leq(True) && True.leq(Conflict) && !True.leq(False));
        assert_eq!(!Unknown, Unknown);
        assert_eq!(!Conflict, Conflict);
        assert_eq!(!True, False);
    }

    #[test]
    fn conflicting_sources_are_kept_with_both_evidence_ids() {
        let mut f = Facts::new();
        f.assert(Fact::Applies, K4::True, "vex:vendor-a");
        f.assert(Fact::Applies, K4::False, "vex:vendor-b");
        f.assert(Fact::Fixed, K4::Unknown, "ignored");
        assert_eq!(f.get(Fact::Applies), K4::Conflict);
        assert_eq!(f.conflicts(), vec![Fact::Applies]);
        let ev: Vec<_> = f.entry(Fact::Applies).unwrap().evidence.iter().collect();
        assert_eq!(ev, ["vex:vendor-a", "vex:vendor-b"]);
        assert_eq!(f.get(Fact::Fixed), K4::Unknown);
        assert!(f.entry(Fact::Fixed).is_none());
    }

    proptest! {
        #[test]
        fn join_is_a_semilattice(a in k4(), b in k4(), c in k4()) {
            prop_assert_eq!(a.join(b), b.join(a));
            prop_assert_eq!(a.join(b).join(c), a.join(b.join(c)));
            prop_assert_eq!(a.join(a), a);
            prop_assert_eq!(a.join(K4::Unknown), a);
            prop_assert_eq!(a.join(K4::Conflict), K4::Conflict);
            prop_assert!(a.leq(a.join(b)) && b.leq(a.join(b)));
            // absorption with meet
            prop_assert_eq!(a.join(a.meet(b)), a);
        }

        #[test]
        fn facts_join_is_order_independent(
            sources in prop::collection::vec(claims(), 0..6),
            seed in any::<u64>(),
        ) {
            let facts: Vec<Facts> = sources.iter().map(|c| facts_of(c)).collect();
            let forward = Facts::join_all(&facts);
            let mut reversed = facts.clone();
            reversed.reverse();
            let mut shuffled = facts.clone();
            // deterministic rotation by the seed
            if !shuffled.is_empty() {
                let k = (seed as usize) % shuffled.len();
                shuffled.rotate_left(k);
            }
            prop_assert_eq!(&forward, &Facts::join_all(&reversed));
            prop_assert_eq!(&forward, &Facts::join_all(&shuffled));
            // flattening every claim into one source gives the same result too
            let flat: Vec<_> = sources.iter().flatten().cloned().collect();
            prop_assert_eq!(&forward, &facts_of(&flat));
            // joining is idempotent
            let mut twice = forward.clone();
            twice.join(&forward);
            prop_assert_eq!(&forward, &twice);
        }
    }
}
