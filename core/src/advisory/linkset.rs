//! Linksets: current observations joined by alias, with their disagreements recorded.
//!
//! Link, don't merge: a [`Linkset`] says "these observations, from these sources, are about
//! the same vulnerability" and lists where they disagree ([`Conflict`]s) with every side's
//! source and observation id. Nothing is resolved or averaged here; which side wins is policy's
//! business, later, with the evidence in hand.
//!
//! Linking is a union-find over each advisory's `id` ∪ `aliases`, compared ASCII
//! case-insensitively (`ghsa-…` and `GHSA-…` are one id). `related` ids never link: a related
//! vulnerability is a different one. KEV entries join the linkset holding their CVE (and set
//! [`Linkset::kev`]); a KEV entry whose CVE no advisory mentions forms no linkset. Withdrawn
//! advisories stay in their linkset but take no part in conflicts.
//!
//! Conflicts, compared only between observations of *different* sources:
//! - `severity-mismatch` on `severity[label]`: plain severity words differ after mapping the
//!   vocabularies onto one scale (`important` = `high`, `moderate` = `medium`, `negligible` =
//!   `unimportant`); unknown words (`unknown`, `not yet assigned`) are ignored.
//! - `severity-mismatch` on `severity[CVSS_V3]` (per CVSS version): base scores differ by more
//!   than 1.0. When either side has no score (parsers fill `score` only when given or
//!   computed), the base metrics of the two vectors are compared instead (metric order, the
//!   `CVSS:3.x/` prefix and temporal/environmental metrics do not count).
//! - `fixed-version-mismatch` on `affected[<ecosystem>/<name key>].fixed`: the sets of fixed
//!   versions differ (versions compared with the ecosystem's comparator, so `1.0` = `1.0.0` in
//!   PEP 440; unparseable versions are compared as text). An empty set counts when the source
//!   gives ranges: "no fix" disagrees with "fixed in 1.2".
//! - `version-range-conflict` on `affected[<ecosystem>/<name key>].ranges`: the affected
//!   version sets differ (OSV events and intervals turned into one set and compared as sets, so
//!   `introduced 0, fixed 1.2` equals the interval `(, 1.2)`; on unparseable versions the
//!   written ranges are compared as text). GIT ranges and explicit version lists are not
//!   compared.
//!
//! Distribution packages are compared only within the same `distro_release` (the field becomes
//! `affected[debian:11/openssl]…`): Debian 11 and Debian 12 fixing at different versions is not
//! a disagreement. Releases spelled differently by two sources (`11` / `bullseye`) are simply not
//! compared.
//!
//! Everything is a pure function of the set of observations: the output does not depend on
//! their order (property-tested), and duplicates (same observation id) count once.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Advisory, AffectedPackage, Normalized, Observation, Severity};
use crate::canon::Digest;
use crate::ecosystem::{Ecosystem, VersionScheme};
use crate::version::range::{Interval, RangeKind, RangeSet, from_osv_events_in};
use crate::version::{Comparator, VersionError, compare};

/// Observations about one vulnerability, joined by alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Linkset {
    /// The linkset's name: the smallest CVE id in [`Linkset::ids`] (by year, then number), else
    /// the smallest id.
    pub id: String,
    /// Every advisory id and alias of its observations, as spelled (sorted).
    pub ids: BTreeSet<String>,
    /// Its observations (advisories and KEV entries), sorted.
    pub observation_ids: Vec<Digest>,
    /// The sources of those observations.
    pub sources: BTreeSet<String>,
    /// Is one of its CVEs in a KEV catalog?
    pub kev: bool,
    /// Disagreements between sources, sorted by (field, reason).
    pub conflicts: Vec<Conflict>,
}

/// Why sources disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictReason {
    /// Different fixed versions for the same package.
    FixedVersionMismatch,
    /// Different severity labels, or CVSS scores more than 1.0 apart (vectors without scores).
    SeverityMismatch,
    /// Different affected version ranges for the same package.
    VersionRangeConflict,
}

impl ConflictReason {
    /// The kebab-case name (`severity-mismatch`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictReason::FixedVersionMismatch => "fixed-version-mismatch",
            ConflictReason::SeverityMismatch => "severity-mismatch",
            ConflictReason::VersionRangeConflict => "version-range-conflict",
        }
    }
}

impl std::fmt::Display for ConflictReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One disagreement inside a linkset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// What is disagreed on: `severity[label]`, `severity[CVSS_V3]`,
    /// `affected[pypi/requests].fixed`, `affected[debian:11/openssl].ranges`.
    pub field: String,
    /// Why it is a conflict.
    pub reason: ConflictReason,
    /// Every observation's statement on the field (not only the disagreeing pair), sorted by
    /// source, observation id, value.
    pub values: Vec<ConflictValue>,
}

/// One observation's statement in a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValue {
    /// The observation's source.
    pub source: String,
    /// The observation.
    pub observation_id: Digest,
    /// What it says, as written (`HIGH`; `CVSS:3.1/AV:N/… (9.8)`; `1.2.3, 2.0.1`;
    /// `introduced 0, fixed 1.2.3`).
    pub value: String,
}

/// Build every linkset of a set of (current) observations, sorted by id.
pub fn build_linksets(observations: &[Observation]) -> Vec<Linkset> {
    let graph = Graph::new(observations);
    let mut out: Vec<Linkset> = graph
        .components()
        .into_values()
        .map(|members| graph.linkset(&members))
        .collect();
    out.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then_with(|| a.observation_ids.cmp(&b.observation_ids))
    });
    out
}

/// The linkset holding `id` (an advisory id or alias, ASCII case-insensitive), if any.
pub fn linkset_for(id: &str, observations: &[Observation]) -> Option<Linkset> {
    let graph = Graph::new(observations);
    let root = graph.root_of(&id.to_ascii_uppercase())?;
    let members = graph.components().remove(&root)?;
    Some(graph.linkset(&members))
}

/// The union-find over ids, with the advisories and KEV entries it joins.
struct Graph<'a> {
    /// Advisory observations, deduplicated, in observation-id order.
    advisories: Vec<(&'a Observation, &'a Advisory)>,
    /// KEV observations by upper-cased CVE.
    kev: BTreeMap<String, Vec<&'a Observation>>,
    /// Upper-cased id → node.
    nodes: BTreeMap<String, usize>,
    parent: Vec<usize>,
}

/// The ids an advisory links by: its id (its upstream id when empty) and aliases.
fn link_ids<'a>(o: &'a Observation, a: &'a Advisory) -> Vec<&'a str> {
    let own = if a.id.is_empty() {
        o.provenance.upstream_id.as_str()
    } else {
        a.id.as_str()
    };
    std::iter::once(own)
        .chain(a.aliases.iter().map(String::as_str))
        .filter(|s| !s.is_empty())
        .collect()
}

impl<'a> Graph<'a> {
    fn new(observations: &'a [Observation]) -> Graph<'a> {
        let unique: BTreeMap<Digest, &Observation> =
            observations.iter().map(|o| (o.id, o)).collect();
        let mut g = Graph {
            advisories: Vec::new(),
            kev: BTreeMap::new(),
            nodes: BTreeMap::new(),
            parent: Vec::new(),
        };
        for o in unique.into_values() {
            match &o.normalized {
                Normalized::Advisory(a) => g.advisories.push((o, a)),
                Normalized::Kev(k) => g.kev.entry(k.cve.to_ascii_uppercase()).or_default().push(o),
            }
        }
        let advisories = g.advisories.clone();
        for (o, a) in advisories {
            let mut first = None;
            for id in link_ids(o, a) {
                let n = g.node(id.to_ascii_uppercase());
                match first {
                    None => first = Some(n),
                    Some(f) => g.union(f, n),
                }
            }
        }
        g.flatten();
        g
    }

    fn node(&mut self, key: String) -> usize {
        let next = self.parent.len();
        let n = *self.nodes.entry(key).or_insert(next);
        if n == next {
            self.parent.push(next);
        }
        n
    }

    /// The root of `n`, halving the path on the way (amortised near-constant time).
    fn find(&mut self, mut n: usize) -> usize {
        loop {
            let Some(p) = self.parent.get(n).copied() else {
                return n;
            };
            if p == n {
                return n;
            }
            let grandparent = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(n) {
                *slot = grandparent;
            }
            n = grandparent;
        }
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // Attach the larger root under the smaller: any fixed rule works, the components are
        // what matters.
        let (lo, hi) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        if let Some(p) = self.parent.get_mut(hi) {
            *p = lo;
        }
    }

    /// Point every node straight at its root, so lookups need no mutation.
    fn flatten(&mut self) {
        for n in 0..self.parent.len() {
            let root = self.find(n);
            if let Some(p) = self.parent.get_mut(n) {
                *p = root;
            }
        }
    }

    /// The component root of an upper-cased id (after [`Graph::flatten`]).
    fn root_of(&self, key: &str) -> Option<usize> {
        self.nodes
            .get(key)
            .and_then(|&n| self.parent.get(n).copied())
    }

    /// Advisory indexes per component root.
    fn components(&self) -> BTreeMap<usize, Vec<usize>> {
        let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, (o, a)) in self.advisories.iter().enumerate() {
            let root = link_ids(o, a)
                .first()
                .and_then(|id| self.root_of(&id.to_ascii_uppercase()));
            if let Some(root) = root {
                out.entry(root).or_default().push(i);
            }
        }
        out
    }

    fn linkset(&self, members: &[usize]) -> Linkset {
        let advisories: Vec<(&Observation, &Advisory)> = members
            .iter()
            .filter_map(|&i| self.advisories.get(i).copied())
            .collect();
        let mut ids = BTreeSet::new();
        let mut observation_ids = BTreeSet::new();
        let mut sources = BTreeSet::new();
        for (o, a) in &advisories {
            ids.extend(link_ids(o, a).into_iter().map(str::to_string));
            observation_ids.insert(o.id);
            sources.insert(o.provenance.source.clone());
        }
        let keys: BTreeSet<String> = ids.iter().map(|i| i.to_ascii_uppercase()).collect();
        let mut kev = false;
        for key in &keys {
            for o in self.kev.get(key).into_iter().flatten() {
                kev = true;
                observation_ids.insert(o.id);
                sources.insert(o.provenance.source.clone());
            }
        }
        let id = ids
            .iter()
            .filter_map(|i| cve_key(i).map(|k| (k, i)))
            .min()
            .map(|(_, i)| i)
            .or_else(|| ids.first())
            .cloned()
            .unwrap_or_default();
        let live: Vec<(&Observation, &Advisory)> = advisories
            .into_iter()
            .filter(|(_, a)| a.withdrawn.is_none())
            .collect();
        Linkset {
            id,
            ids,
            observation_ids: observation_ids.into_iter().collect(),
            sources,
            kev,
            conflicts: conflicts(&live),
        }
    }
}

/// `CVE-2021-44228` → `(2021, 44228)`; not a CVE id → `None`.
fn cve_key(id: &str) -> Option<(u32, u64)> {
    let rest = id
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("CVE-"))
        .and(id.get(4..))?;
    let (year, num) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(year) || !digits(num) {
        return None;
    }
    Some((year.parse().ok()?, num.parse().ok()?))
}

/// One observation's statement, with what is compared.
struct Claim<'a, T> {
    source: &'a str,
    observation_id: Digest,
    value: String,
    data: T,
}

/// Is there a pair of claims from different sources that are not `same`?
fn disagree<T>(claims: &[Claim<'_, T>], same: impl Fn(&T, &T) -> bool) -> bool {
    claims.iter().enumerate().any(|(i, a)| {
        claims
            .iter()
            .skip(i + 1)
            .any(|b| a.source != b.source && !same(&a.data, &b.data))
    })
}

fn conflict<T>(field: String, reason: ConflictReason, claims: Vec<Claim<'_, T>>) -> Conflict {
    let mut values: Vec<ConflictValue> = claims
        .into_iter()
        .map(|c| ConflictValue {
            source: c.source.to_string(),
            observation_id: c.observation_id,
            value: c.value,
        })
        .collect();
    values.sort();
    values.dedup();
    Conflict {
        field,
        reason,
        values,
    }
}

/// Every conflict among the (non-withdrawn) advisories of one linkset.
fn conflicts(advisories: &[(&Observation, &Advisory)]) -> Vec<Conflict> {
    let mut out = Vec::new();
    severity_conflicts(advisories, &mut out);
    package_conflicts(advisories, &mut out);
    out.sort_by(|a, b| (&a.field, a.reason).cmp(&(&b.field, b.reason)));
    out
}

/// A severity word on one scale, or `None` for words that say nothing (`unknown`).
fn label_level(word: &str) -> Option<&'static str> {
    match word.trim().to_ascii_lowercase().as_str() {
        "critical" => Some("critical"),
        "high" | "important" => Some("high"),
        "medium" | "moderate" => Some("medium"),
        "low" => Some("low"),
        "negligible" | "unimportant" | "none" => Some("negligible"),
        _ => None,
    }
}

fn is_cvss(s: &Severity) -> bool {
    s.scheme.to_ascii_uppercase().starts_with("CVSS")
}

/// The base metrics of a CVSS vector, or `None` when it is not `K:V/K:V…`.
fn base_metrics(scheme: &str, vector: &str) -> Option<BTreeMap<String, String>> {
    let base: &[&str] = match scheme {
        "CVSS_V2" => &["AV", "AC", "Au", "C", "I", "A"],
        "CVSS_V3" => &["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
        "CVSS_V4" => &[
            "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA",
        ],
        _ => &[],
    };
    let mut out = BTreeMap::new();
    for part in vector
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split('/')
    {
        let (k, v) = part.split_once(':')?;
        if k == "CVSS" || (!base.is_empty() && !base.contains(&k)) {
            continue;
        }
        out.insert(k.to_string(), v.to_string());
    }
    (!out.is_empty()).then_some(out)
}

/// What is compared of one CVSS statement.
struct Cvss {
    score: Option<f64>,
    metrics: Option<BTreeMap<String, String>>,
    text: String,
}

fn same_cvss(a: &Cvss, b: &Cvss) -> bool {
    match (a.score, b.score, &a.metrics, &b.metrics) {
        (Some(x), Some(y), _, _) => (x - y).abs() <= 1.0,
        (_, _, Some(m), Some(n)) => m == n,
        _ => a.text == b.text,
    }
}

fn severity_conflicts(advisories: &[(&Observation, &Advisory)], out: &mut Vec<Conflict>) {
    let mut labels: Vec<Claim<'_, &'static str>> = Vec::new();
    let mut cvss: BTreeMap<String, Vec<Claim<'_, Cvss>>> = BTreeMap::new();
    for (o, a) in advisories {
        for s in &a.severities {
            let source = o.provenance.source.as_str();
            if is_cvss(s) {
                let scheme = s.scheme.to_ascii_uppercase();
                let value = match s.score {
                    Some(score) => format!("{} ({score})", s.value),
                    None => s.value.clone(),
                };
                let data = Cvss {
                    score: s.score.filter(|x| x.is_finite()),
                    metrics: base_metrics(&scheme, &s.value),
                    text: s.value.trim().to_string(),
                };
                cvss.entry(scheme).or_default().push(Claim {
                    source,
                    observation_id: o.id,
                    value,
                    data,
                });
            } else if let Some(level) = label_level(&s.value) {
                labels.push(Claim {
                    source,
                    observation_id: o.id,
                    value: s.value.clone(),
                    data: level,
                });
            }
        }
    }
    if disagree(&labels, |a, b| a == b) {
        out.push(conflict(
            "severity[label]".into(),
            ConflictReason::SeverityMismatch,
            labels,
        ));
    }
    for (scheme, claims) in cvss {
        if disagree(&claims, same_cvss) {
            out.push(conflict(
                format!("severity[{scheme}]"),
                ConflictReason::SeverityMismatch,
                claims,
            ));
        }
    }
}

/// A package as compared across sources: distro packages per release.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PackageKey {
    ecosystem: Ecosystem,
    release: Option<String>,
    name_key: String,
}

impl PackageKey {
    fn of(p: &AffectedPackage) -> Option<PackageKey> {
        let ecosystem = p.ecosystem?;
        Some(PackageKey {
            ecosystem,
            release: if ecosystem.is_distro() {
                p.distro_release.clone()
            } else {
                None
            },
            name_key: p.name_key.clone(),
        })
    }

    fn field(&self, what: &str) -> String {
        match &self.release {
            Some(r) => format!("affected[{}:{r}/{}].{what}", self.ecosystem, self.name_key),
            None => format!("affected[{}/{}].{what}", self.ecosystem, self.name_key),
        }
    }
}

/// Everything one observation says about one package (its `affected` entries merged).
#[derive(Default)]
struct PackageClaim<'a> {
    /// Non-GIT ranges, as written.
    ranges: Vec<&'a crate::version::range::OsvRange>,
    intervals: Vec<&'a Interval>,
    fixed: BTreeSet<&'a str>,
}

impl PackageClaim<'_> {
    fn ranges_text(&self) -> String {
        let mut parts: Vec<String> = self
            .ranges
            .iter()
            .map(|r| {
                r.events
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        parts.extend(self.intervals.iter().map(ToString::to_string));
        parts.join("; ")
    }

    fn fixed_text(&self) -> String {
        if self.fixed.is_empty() {
            "(none)".into()
        } else {
            self.fixed.iter().copied().collect::<Vec<_>>().join(", ")
        }
    }

    /// The affected set, or `None` when a version does not parse under the scheme.
    fn range_set(&self, scheme: VersionScheme) -> Option<RangeSet> {
        let mut set = RangeSet {
            intervals: self.intervals.iter().map(|i| (*i).clone()).collect(),
        };
        for r in &self.ranges {
            set = set.union(&from_osv_events_in(scheme, &r.events).ok()?);
        }
        Some(set)
    }
}

fn package_conflicts(advisories: &[(&Observation, &Advisory)], out: &mut Vec<Conflict>) {
    // key → observation → its claim (observations in id order, as given).
    let mut packages: BTreeMap<PackageKey, Vec<(&Observation, PackageClaim<'_>)>> = BTreeMap::new();
    for (o, a) in advisories {
        let mut mine: BTreeMap<PackageKey, PackageClaim<'_>> = BTreeMap::new();
        for p in &a.affected {
            let Some(key) = PackageKey::of(p) else {
                continue;
            };
            let claim = mine.entry(key).or_default();
            for r in p.ranges.iter().filter(|r| r.kind != RangeKind::Git) {
                claim.ranges.push(r);
                claim.fixed.extend(r.events.iter().filter_map(|e| match e {
                    crate::version::range::Event::Fixed(v) => Some(v.as_str()),
                    _ => None,
                }));
            }
            claim.intervals.extend(p.intervals.iter());
            claim.fixed.extend(p.fixed.iter().map(String::as_str));
        }
        for (key, claim) in mine {
            packages.entry(key).or_default().push((o, claim));
        }
    }
    for (key, claims) in packages {
        let scheme = key.ecosystem.scheme();
        let fixed: Vec<Claim<'_, &BTreeSet<&str>>> = claims
            .iter()
            .filter(|(_, c)| !c.ranges.is_empty() || !c.intervals.is_empty() || !c.fixed.is_empty())
            .map(|(o, c)| Claim {
                source: o.provenance.source.as_str(),
                observation_id: o.id,
                value: c.fixed_text(),
                data: &c.fixed,
            })
            .collect();
        if disagree(&fixed, |a, b| same_versions(scheme, a, b)) {
            out.push(conflict(
                key.field("fixed"),
                ConflictReason::FixedVersionMismatch,
                fixed,
            ));
        }
        let ranges: Vec<Claim<'_, (Option<RangeSet>, String)>> = claims
            .iter()
            .filter(|(_, c)| !c.ranges.is_empty() || !c.intervals.is_empty())
            .map(|(o, c)| {
                let text = c.ranges_text();
                Claim {
                    source: o.provenance.source.as_str(),
                    observation_id: o.id,
                    value: text.clone(),
                    data: (c.range_set(scheme), text),
                }
            })
            .collect();
        let same =
            |a: &(Option<RangeSet>, String), b: &(Option<RangeSet>, String)| match (&a.0, &b.0) {
                (Some(x), Some(y)) => same_set(scheme, x, y).unwrap_or(a.1 == b.1),
                _ => a.1 == b.1,
            };
        if disagree(&ranges, same) {
            out.push(conflict(
                key.field("ranges"),
                ConflictReason::VersionRangeConflict,
                ranges,
            ));
        }
    }
}

/// Are two sets of versions equal under the scheme (text equality when one does not parse)?
fn same_versions(scheme: VersionScheme, a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> bool {
    let covered = |x: &BTreeSet<&str>, y: &BTreeSet<&str>| -> Result<bool, VersionError> {
        for v in x {
            let mut found = false;
            for w in y {
                if compare(scheme, v, w)? == Ordering::Equal {
                    found = true;
                    break;
                }
            }
            if !found {
                return Ok(false);
            }
        }
        Ok(true)
    };
    match (covered(a, b), covered(b, a)) {
        (Ok(x), Ok(y)) => x && y,
        _ => a == b,
    }
}

/// Are two version sets the same set under the scheme?
fn same_set(scheme: VersionScheme, a: &RangeSet, b: &RangeSet) -> Result<bool, VersionError> {
    fn go<C: Comparator>(a: &RangeSet, b: &RangeSet) -> Result<bool, VersionError> {
        let a_not_b = a.intersect::<C>(&b.complement::<C>()?)?;
        let b_not_a = b.intersect::<C>(&a.complement::<C>()?)?;
        Ok(a_not_b.intervals.is_empty() && b_not_a.intervals.is_empty())
    }
    use crate::version::{
        apk, composer, dpkg, go as golang, maven, npm, nuget, pep440, rpm, rubygems, semver,
    };
    match scheme {
        VersionScheme::Semver => go::<semver::Cargo>(a, b),
        VersionScheme::Npm => go::<npm::Npm>(a, b),
        VersionScheme::Go => go::<golang::Go>(a, b),
        VersionScheme::Pep440 => go::<pep440::Pep440>(a, b),
        VersionScheme::Maven => go::<maven::Maven>(a, b),
        VersionScheme::RubyGems => go::<rubygems::RubyGems>(a, b),
        VersionScheme::NuGet => go::<nuget::NuGet>(a, b),
        VersionScheme::Composer => go::<composer::Composer>(a, b),
        VersionScheme::Dpkg => go::<dpkg::Dpkg>(a, b),
        VersionScheme::Rpm => go::<rpm::Rpm>(a, b),
        VersionScheme::Apk => go::<apk::Apk>(a, b),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::advisory::{AdvisoryFormat, KevEntry, Provenance, observation_id};
    use crate::version::range::{Bound, Event, OsvRange};

    /// A synthetic observation; its identity is derived from its content.
    fn observation(source: &str, upstream_id: &str, normalized: Normalized) -> Observation {
        let bytes = serde_json::to_vec(&normalized).unwrap();
        let content_digest = Digest::of_bytes(&bytes);
        Observation {
            id: observation_id(source, upstream_id, &content_digest),
            provenance: Provenance {
                source: source.into(),
                format: AdvisoryFormat::Osv,
                upstream_id: upstream_id.into(),
                content_digest,
                retrieved_at: "2026-01-01T00:00:00.000Z".into(),
                locator: "test".into(),
            },
            supersedes: None,
            normalized,
        }
    }

    fn advisory(id: &str, aliases: &[&str]) -> Advisory {
        Advisory {
            id: id.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            related: BTreeSet::new(),
            summary: None,
            published: None,
            modified: None,
            withdrawn: None,
            severities: Vec::new(),
            affected: Vec::new(),
            cwes: BTreeSet::new(),
            references: Vec::new(),
            ..Default::default()
        }
    }

    fn adv(source: &str, id: &str, aliases: &[&str]) -> Observation {
        with(source, id, aliases, |_| {})
    }

    fn with(
        source: &str,
        id: &str,
        aliases: &[&str],
        f: impl FnOnce(&mut Advisory),
    ) -> Observation {
        let mut a = advisory(id, aliases);
        f(&mut a);
        observation(source, id, Normalized::Advisory(a))
    }

    fn kev(cve: &str) -> Observation {
        observation(
            "kev",
            cve,
            Normalized::Kev(KevEntry {
                cve: cve.into(),
                vendor: "Acme".into(),
                product: "Widget".into(),
                date_added: "2024-01-01".into(),
                due_date: None,
                known_ransomware: None,
            }),
        )
    }

    fn sev(scheme: &str, value: &str, score: Option<f64>) -> Severity {
        Severity {
            scheme: scheme.into(),
            value: value.into(),
            score,
        }
    }

    fn pkg(eco: Ecosystem, release: Option<&str>, name: &str) -> AffectedPackage {
        AffectedPackage {
            ecosystem: Some(eco),
            ecosystem_raw: eco.to_string(),
            distro_release: release.map(str::to_string),
            name: name.into(),
            name_key: eco.normalize_name(name),
            purl: None,
            ranges: Vec::new(),
            versions: Vec::new(),
            intervals: Vec::new(),
            constraints: Vec::new(),
            fixed: Vec::new(),
            informational: None,
            ..Default::default()
        }
    }

    fn osv(events: &[(&str, &str)]) -> OsvRange {
        OsvRange {
            kind: RangeKind::Ecosystem,
            events: events
                .iter()
                .map(|(k, v)| match *k {
                    "introduced" => Event::Introduced(v.to_string()),
                    "fixed" => Event::Fixed(v.to_string()),
                    "last_affected" => Event::LastAffected(v.to_string()),
                    _ => Event::Limit(v.to_string()),
                })
                .collect(),
            repo: None,
        }
    }

    /// An advisory of `source` saying `name` (PyPI) is affected by `events`.
    fn pypi(source: &str, id: &str, events: &[(&str, &str)]) -> Observation {
        with(source, id, &["CVE-2024-1"], |a| {
            let mut p = pkg(Ecosystem::PyPI, None, "Requests");
            p.ranges.push(osv(events));
            a.affected.push(p);
        })
    }

    fn summary(ls: &[Linkset]) -> Vec<(String, Vec<String>)> {
        ls.iter()
            .map(|l| (l.id.clone(), l.ids.iter().cloned().collect()))
            .collect()
    }

    fn reasons(l: &Linkset) -> Vec<(String, ConflictReason)> {
        l.conflicts
            .iter()
            .map(|c| (c.field.clone(), c.reason))
            .collect()
    }

    fn single(obs: &[Observation]) -> Linkset {
        let mut ls = build_linksets(obs);
        assert_eq!(ls.len(), 1, "{:?}", summary(&ls));
        ls.remove(0)
    }

    #[test]
    fn aliases_link_transitively_and_related_does_not() {
        let obs = [
            adv("ghsa", "GHSA-1", &["CVE-2021-1"]),
            adv("pypa", "PYSEC-1", &["GHSA-1"]),
            adv("osv", "OSV-9", &["PYSEC-1", "CVE-2021-2"]),
            with("nvd", "CVE-2022-5", &[], |a| {
                a.related.insert("CVE-2021-1".into());
            }),
        ];
        let ls = build_linksets(&obs);
        assert_eq!(
            summary(&ls),
            [
                (
                    "CVE-2021-1".to_string(),
                    ["CVE-2021-1", "CVE-2021-2", "GHSA-1", "OSV-9", "PYSEC-1"]
                        .map(String::from)
                        .to_vec()
                ),
                ("CVE-2022-5".to_string(), vec!["CVE-2022-5".to_string()]),
            ]
        );
        assert_eq!(
            ls[0].sources,
            ["ghsa", "osv", "pypa"].map(String::from).into()
        );
        let mut ids: Vec<Digest> = obs[..3].iter().map(|o| o.id).collect();
        ids.sort();
        assert_eq!(ls[0].observation_ids, ids);
        assert!(ls.iter().all(|l| l.conflicts.is_empty() && !l.kev));
        // Any member id finds the same linkset, case-insensitively.
        assert_eq!(linkset_for("osv-9", &obs).as_ref(), Some(&ls[0]));
        assert_eq!(linkset_for("CVE-2022-5", &obs).as_ref(), Some(&ls[1]));
        assert_eq!(linkset_for("CVE-1999-1", &obs), None);
    }

    #[test]
    fn linkset_id_is_the_smallest_cve_by_number() {
        let cases: &[(&[&str], &str)] = &[
            // 9999 < 10000 numerically, although "10000" < "9999" as text.
            (&["CVE-2021-10000", "CVE-2021-9999"], "CVE-2021-9999"),
            (&["CVE-2021-1", "CVE-2020-99999"], "CVE-2020-99999"),
            // A CVE wins over lexically smaller ids.
            (&["ALSA-1", "CVE-2023-7", "GHSA-x"], "CVE-2023-7"),
            // No CVE: the smallest id.
            (&["RUSTSEC-2020-1", "GHSA-b", "GHSA-a"], "GHSA-a"),
            // `CVE-` without digits is no CVE.
            (&["CVE-XXXX-1", "BIT-1"], "BIT-1"),
        ];
        for (ids, want) in cases {
            let (first, rest) = ids.split_first().unwrap();
            let l = single(&[adv("s", first, rest)]);
            assert_eq!(l.id, *want, "{ids:?}");
        }
    }

    #[test]
    fn ids_link_case_insensitively_and_keep_their_spellings() {
        let obs = [
            adv("ghsa", "GHSA-abcd-efgh-ijkl", &[]),
            adv("npm", "NPM-1", &["GHSA-ABCD-EFGH-IJKL"]),
        ];
        let l = single(&obs);
        assert_eq!(
            l.ids,
            ["GHSA-ABCD-EFGH-IJKL", "GHSA-abcd-efgh-ijkl", "NPM-1"]
                .map(String::from)
                .into()
        );
    }

    #[test]
    fn kev_joins_through_its_cve() {
        let obs = [
            adv("ghsa", "GHSA-jfh8", &["CVE-2021-44228"]),
            kev("CVE-2021-44228"),
            kev("CVE-2000-1"), // no advisory mentions it: no linkset
        ];
        let ls = build_linksets(&obs);
        assert_eq!(ls.len(), 1);
        assert!(ls[0].kev);
        assert!(ls[0].observation_ids.contains(&obs[1].id));
        assert!(ls[0].sources.contains("kev"));
        assert_eq!(linkset_for("CVE-2000-1", &obs), None);
    }

    #[test]
    fn severity_labels() {
        let labelled = |source: &str, id: &str, label: &str| {
            with(source, id, &["CVE-2024-1"], |a| {
                a.severities.push(sev("label", label, None));
            })
        };
        // Vocabularies map onto one scale: Red Hat's `Important` is `HIGH`.
        let l = single(&[
            labelled("ghsa", "G", "HIGH"),
            labelled("redhat", "R", "Important"),
        ]);
        assert!(l.conflicts.is_empty());
        // Different levels across sources conflict …
        let l = single(&[
            labelled("ghsa", "G", "HIGH"),
            labelled("redhat", "R", "Moderate"),
        ]);
        assert_eq!(
            reasons(&l),
            [("severity[label]".into(), ConflictReason::SeverityMismatch)]
        );
        assert_eq!(
            l.conflicts[0]
                .values
                .iter()
                .map(|v| (v.source.as_str(), v.value.as_str()))
                .collect::<Vec<_>>(),
            [("ghsa", "HIGH"), ("redhat", "Moderate")]
        );
        // … but not within one source, and words without a level are ignored.
        let l = single(&[labelled("ghsa", "G", "HIGH"), labelled("ghsa", "G2", "LOW")]);
        assert!(l.conflicts.is_empty());
        let l = single(&[
            labelled("ghsa", "G", "HIGH"),
            labelled("debian", "D", "not yet assigned"),
        ]);
        assert!(l.conflicts.is_empty());
    }

    #[test]
    fn cvss_scores_and_vectors() {
        let scored = |source: &str, id: &str, scheme: &str, vector: &str, score: Option<f64>| {
            with(source, id, &["CVE-2024-1"], |a| {
                a.severities.push(sev(scheme, vector, score));
            })
        };
        let v31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        let local = "CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        // 0.8 apart: within tolerance.
        let l = single(&[
            scored("ghsa", "G", "CVSS_V3", v31, Some(9.8)),
            scored("nvd", "N", "CVSS_V3", local, Some(9.0)),
        ]);
        assert!(l.conflicts.is_empty());
        // 2.3 apart: a conflict, named by CVSS version.
        let l = single(&[
            scored("ghsa", "G", "CVSS_V3", v31, Some(9.8)),
            scored("nvd", "N", "CVSS_V3", local, Some(7.5)),
        ]);
        assert_eq!(
            reasons(&l),
            [("severity[CVSS_V3]".into(), ConflictReason::SeverityMismatch)]
        );
        assert!(l.conflicts[0].values[0].value.ends_with("(9.8)"));
        // Different CVSS versions are never compared.
        let l = single(&[
            scored("ghsa", "G", "CVSS_V3", v31, Some(9.8)),
            scored(
                "nvd",
                "N",
                "CVSS_V2",
                "AV:N/AC:L/Au:N/C:P/I:P/A:P",
                Some(5.0),
            ),
        ]);
        assert!(l.conflicts.is_empty());
        // Without scores the base metrics are compared: order, 3.0/3.1 prefix and temporal
        // metrics do not matter …
        let l = single(&[
            scored("ghsa", "G", "CVSS_V3", v31, None),
            scored(
                "nvd",
                "N",
                "CVSS_V3",
                "CVSS:3.0/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:P",
                None,
            ),
        ]);
        assert!(l.conflicts.is_empty());
        // … a different base metric does.
        let l = single(&[
            scored("ghsa", "G", "CVSS_V3", v31, None),
            scored("nvd", "N", "CVSS_V3", local, Some(8.4)),
        ]);
        assert_eq!(l.conflicts.len(), 1);
    }

    #[test]
    fn fixed_versions() {
        let fixed_in = |source: &str, id: &str, fixed: &str| {
            pypi(source, id, &[("introduced", "0"), ("fixed", fixed)])
        };
        // PEP 440: 2.31 and 2.31.0 are the same version.
        let l = single(&[
            fixed_in("ghsa", "G", "2.31.0"),
            fixed_in("pypa", "P", "2.31"),
        ]);
        assert!(l.conflicts.is_empty(), "{:?}", l.conflicts);
        let l = single(&[
            fixed_in("ghsa", "G", "2.31.0"),
            fixed_in("pypa", "P", "2.32.0"),
        ]);
        assert_eq!(
            reasons(&l),
            [
                (
                    "affected[pypi/requests].fixed".into(),
                    ConflictReason::FixedVersionMismatch
                ),
                (
                    "affected[pypi/requests].ranges".into(),
                    ConflictReason::VersionRangeConflict
                ),
            ]
        );
        let fixed = &l.conflicts[0].values;
        assert_eq!(
            fixed.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(),
            ["2.31.0", "2.32.0"]
        );
        // "No fix" disagrees with "fixed in 2.31.0".
        let unfixed = pypi("osv", "O", &[("introduced", "0")]);
        let l = single(&[fixed_in("ghsa", "G", "2.31.0"), unfixed]);
        assert!(
            l.conflicts
                .iter()
                .any(|c| c.reason == ConflictReason::FixedVersionMismatch
                    && c.values.iter().any(|v| v.value == "(none)"))
        );
    }

    #[test]
    fn ranges_compare_as_version_sets() {
        // `introduced 0, fixed 1.2` is the interval `(, 1.2)`: same set, no conflict.
        let events = pypi("pypa", "P", &[("introduced", "0"), ("fixed", "1.2")]);
        let interval = with("ghsa", "G", &["CVE-2024-1"], |a| {
            let mut p = pkg(Ecosystem::PyPI, None, "requests");
            p.intervals.push(Interval {
                lower: Bound::Unbounded,
                upper: Bound::Exclusive("1.2".into()),
            });
            p.fixed.push("1.2".into());
            a.affected.push(p);
        });
        let l = single(&[events.clone(), interval]);
        assert!(l.conflicts.is_empty(), "{:?}", l.conflicts);
        // Same fix, different start: only the ranges conflict.
        let later = pypi("osv", "O", &[("introduced", "1.0"), ("fixed", "1.2")]);
        let l = single(&[events.clone(), later]);
        assert_eq!(
            reasons(&l),
            [(
                "affected[pypi/requests].ranges".into(),
                ConflictReason::VersionRangeConflict
            )]
        );
        assert_eq!(
            l.conflicts[0]
                .values
                .iter()
                .map(|v| v.value.as_str())
                .collect::<Vec<_>>(),
            ["introduced 1.0, fixed 1.2", "introduced 0, fixed 1.2"]
        );
        // GIT ranges are never compared.
        let git = with("osv", "O", &["CVE-2024-1"], |a| {
            let mut p = pkg(Ecosystem::PyPI, None, "requests");
            let mut r = osv(&[("introduced", "abc"), ("fixed", "def")]);
            r.kind = RangeKind::Git;
            r.repo = Some("https://example.invalid/r".into());
            p.ranges.push(r);
            a.affected.push(p);
        });
        assert!(single(&[events, git]).conflicts.is_empty());
    }

    #[test]
    fn distro_packages_compare_within_a_release() {
        let deb = |source: &str, id: &str, release: &str, fixed: &str| {
            with(source, id, &["CVE-2024-1"], |a| {
                let mut p = pkg(Ecosystem::Debian, Some(release), "openssl");
                p.ranges.push(osv(&[("introduced", "0"), ("fixed", fixed)]));
                a.affected.push(p);
            })
        };
        // Different releases, different fixes: expected, no conflict.
        let l = single(&[
            deb("debian-dsa", "DSA-1", "11", "1.1.1n-0+deb11u5"),
            deb("debian-osv", "DEBIAN-1", "12", "3.0.11-1~deb12u2"),
        ]);
        assert!(l.conflicts.is_empty());
        let l = single(&[
            deb("debian-dsa", "DSA-1", "11", "1.1.1n-0+deb11u5"),
            deb("debian-osv", "DEBIAN-1", "11", "1.1.1n-0+deb11u4"),
        ]);
        assert_eq!(l.conflicts[0].field, "affected[debian:11/openssl].fixed");
    }

    #[test]
    fn withdrawn_advisories_stay_linked_but_do_not_conflict() {
        let a = pypi("ghsa", "G", &[("introduced", "0"), ("fixed", "1.0")]);
        let mut b = advisory("P", &["CVE-2024-1"]);
        b.withdrawn = Some("2024-02-01T00:00:00Z".into());
        let mut p = pkg(Ecosystem::PyPI, None, "requests");
        p.ranges.push(osv(&[("introduced", "0"), ("fixed", "9.0")]));
        b.affected.push(p);
        let b = observation("pypa", "P", Normalized::Advisory(b));
        let l = single(&[a, b.clone()]);
        assert!(l.observation_ids.contains(&b.id));
        assert!(l.conflicts.is_empty());
    }

    #[test]
    fn duplicates_count_once() {
        let a = pypi("ghsa", "G", &[("introduced", "0"), ("fixed", "1.0")]);
        let l = single(&[a.clone(), a.clone()]);
        assert_eq!(l.observation_ids, [a.id]);
    }

    /// A small random world: ids from a small pool (so they collide and link), sources, labels,
    /// one package with a random fix.
    fn world() -> impl Strategy<Value = Vec<Observation>> {
        const IDS: [&str; 7] = [
            "CVE-2021-1",
            "CVE-2021-10",
            "cve-2021-10",
            "CVE-2020-5",
            "GHSA-a",
            "PYSEC-1",
            "OSV-1",
        ];
        const LABELS: [&str; 4] = ["HIGH", "moderate", "LOW", "unknown"];
        let one = (
            0usize..3,
            0usize..IDS.len(),
            prop::collection::btree_set(0usize..IDS.len(), 0..3),
            0usize..LABELS.len(),
            0u8..3,
            any::<bool>(),
        )
            .prop_map(|(source, id, aliases, label, fix, is_kev)| {
                if is_kev && id < 4 {
                    return kev(IDS[id]);
                }
                let aliases: Vec<&str> = aliases.into_iter().map(|i| IDS[i]).collect();
                let source = ["a", "b", "c"][source];
                let upstream = format!("{}-{source}-{fix}", IDS[id]);
                let mut a = advisory(IDS[id], &aliases);
                a.severities.push(sev("label", LABELS[label], None));
                let mut p = pkg(Ecosystem::Npm, None, "left-pad");
                p.ranges.push(osv(&[
                    ("introduced", "0"),
                    ("fixed", &format!("1.{fix}.0")),
                ]));
                a.affected.push(p);
                observation(source, &upstream, Normalized::Advisory(a))
            });
        prop::collection::vec(one, 0..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn order_does_not_matter(
            (obs, shuffled) in world().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
        ) {
            let ls = build_linksets(&obs);
            prop_assert_eq!(&ls, &build_linksets(&shuffled));
            // Linksets partition the advisories: every advisory's observation is in exactly
            // one linkset, and every id finds its linkset.
            let mut seen = BTreeSet::new();
            for l in &ls {
                for id in &l.observation_ids {
                    let is_advisory = obs
                        .iter()
                        .any(|o| o.id == *id && matches!(o.normalized, Normalized::Advisory(_)));
                    prop_assert!(!is_advisory || seen.insert(*id));
                }
                for id in &l.ids {
                    let found = linkset_for(id, &shuffled);
                    prop_assert_eq!(found.as_ref(), Some(l));
                }
                prop_assert!(l.ids.contains(&l.id));
                let mut sorted = l.conflicts.clone();
                sorted.sort_by(|a, b| (&a.field, a.reason).cmp(&(&b.field, b.reason)));
                prop_assert_eq!(&sorted, &l.conflicts);
            }
            let advisories = obs
                .iter()
                .filter(|o| matches!(o.normalized, Normalized::Advisory(_)))
                .map(|o| o.id)
                .collect::<BTreeSet<_>>();
            prop_assert_eq!(seen, advisories);
        }
    }
}
