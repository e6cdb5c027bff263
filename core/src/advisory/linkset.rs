//! Linksets: current observations joined by alias, with their disagreements recorded.
//!
//! Link, don't merge: a [`Linkset`] says "these observations, from these sources, are about
//! the same vulnerability" and lists where they disagree ([`Conflict`]s) with every side's
//! source and observation ids. Nothing is resolved or averaged here; which side wins is policy's
//! business, later, with the evidence in hand.
//!
//! **Linking.** A union-find over each advisory's `id` ∪ `aliases`, compared ASCII
//! case-insensitively (`ghsa-…` and `GHSA-…` are one id). `related` ids never link: a related
//! vulnerability is a different one. KEV entries join the linkset holding their CVE (and set
//! [`Linkset::kev`]); a KEV entry whose CVE no advisory mentions forms no linkset. Withdrawn
//! advisories stay in their linkset but take no part in conflicts.
//!
//! **Bundles — the decision a newcomer would undo.** A distribution advisory (Alpine secdb
//! package record, Debian DSA/DLA or tracker record, CSAF document) or any record whose
//! aliases hold two or more distinct CVE ids lists *several vulnerabilities that one update
//! fixes*, not several names of one vulnerability. Unioning its ids would join every CVE of a
//! DSA with every CVE of every other advisory sharing one of them (on the real corpus: one
//! linkset of 1,867 ids). So a bundle unions nothing: it *joins the linkset of each
//! vulnerability it covers* — its CVE aliases, plus every other alias for the distribution
//! formats (`XSA-295`, `TALOS-…`), plus its own id when that is a CVE (the Debian tracker JSON
//! record `CVE-…`) — creating a linkset for a CVE no one else names. One bundle observation can
//! thus be in several linksets; a bundle's own id (`DSA-5380-1`, `RHSA-2024:6163`) is not a
//! vulnerability id and is not in [`Linkset::ids`] ([`linksets_for`] finds its linksets). A
//! bundle that covers no id links by its own id, like any other record. Within a linkset only
//! what an observation says about that linkset's vulnerabilities counts: `affected` entries
//! whose [`AffectedPackage::vulnerabilities`] is `None` or names one of the linkset's ids, and
//! severities whose [`Severity::vulnerability`] is `None` or one of its ids.
//!
//! **Conflicts are between sources.** Each source's statements on a field, over all its
//! observations in the linkset, are first aggregated into one value; a conflict exists when two
//! sources' values disagree, and lists one [`ConflictValue`] per source with the observations
//! behind it. A source saying several things (several DLAs re-fixing one package, several
//! RubySec advisories for one CVE) is never a conflict by itself.
//! - `severity-mismatch` on `severity[label]`: each source's *highest* severity word, after
//!   mapping the vocabularies onto one scale (`important` = `high`, `moderate` = `medium`,
//!   `negligible` = `unimportant`); unknown words (`unknown`, `not yet assigned`) are ignored.
//!   Two sources' levels differ.
//! - `severity-mismatch` on `severity[CVSS_V3]` (per CVSS version): each source's *highest*
//!   base score; two sources' scores differ by more than 1.0. When either source has no score
//!   (parsers fill `score` only when given or computed), the base metrics of the vectors are
//!   compared instead (metric order, the `CVSS:3.x/` prefix and temporal/environmental metrics
//!   do not count): no vector in common is a conflict.
//! - `fixed-version-mismatch` on `affected[<ecosystem>/<name key>].fixed`: each source's union
//!   of fixed versions differs (versions compared with the ecosystem's comparator, so `1.0` =
//!   `1.0.0` in PEP 440; unparseable versions are compared as text). An empty set counts when
//!   the source gives ranges: "no fix" disagrees with "fixed in 1.2".
//! - `version-range-conflict` on `affected[<ecosystem>/<name key>].ranges`: each source's union
//!   of affected version sets differs (OSV events and intervals turned into one set and compared
//!   as sets, so `introduced 0, fixed 1.2` equals the interval `(, 1.2)`; on unparseable
//!   versions the written ranges are compared as text). GIT ranges and explicit version lists
//!   are not compared.
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

use super::{Advisory, AdvisoryFormat, AffectedPackage, Normalized, Observation, Severity};
use crate::canon::Digest;
use crate::ecosystem::{Ecosystem, VersionScheme};
use crate::version::range::{Event, Interval, OsvRange, RangeKind, RangeSet, from_osv_events_in};
use crate::version::{Comparator, VersionError, compare};

/// Observations about one vulnerability, joined by alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Linkset {
    /// The linkset's name: the smallest CVE id in [`Linkset::ids`] (by year, then number), else
    /// the smallest id.
    pub id: String,
    /// Every vulnerability id of its observations, as spelled (sorted): the ids and aliases of
    /// its ordinary records and the ids its bundles cover here (never a bundle's own id).
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
    /// Every source's aggregated statement on the field (not only the disagreeing pair), one per
    /// source, sorted by source.
    pub values: Vec<ConflictValue>,
}

/// One source's aggregated statement in a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValue {
    /// The source.
    pub source: String,
    /// The observations behind the value (sorted): for a severity, those stating the highest
    /// one; for a package, every one stating something about it.
    pub observation_ids: Vec<Digest>,
    /// What the source says, aggregated over those observations (`HIGH`;
    /// `9.8 (CVSS:3.1/AV:N/…)`; `1.2.3, 2.0.1`; `introduced 0, fixed 1.2.3`).
    pub value: String,
}

/// Build every linkset of a set of (current) observations, sorted by id.
pub fn build_linksets(observations: &[Observation]) -> Vec<Linkset> {
    let graph = Graph::new(observations);
    let mut out: Vec<Linkset> = graph
        .components()
        .into_iter()
        .map(|(root, members)| graph.linkset(root, &members))
        .collect();
    sort_linksets(&mut out);
    out
}

/// The linksets an id names (ASCII case-insensitive), sorted by id: for a vulnerability id or
/// alias, the one linkset holding it; for a bundle's own id (`DSA-5380-1`, `RHSA-2024:6163`,
/// `alpine:v3.11/main:openssl`, also its upstream id) or an alias a bundle names without
/// covering it (the `GHSA-…` of a record aliasing two CVEs), the linkset of every vulnerability
/// that bundle covers. Empty when nothing is named so.
pub fn linksets_for(id: &str, observations: &[Observation]) -> Vec<Linkset> {
    let graph = Graph::new(observations);
    let key = id.to_ascii_uppercase();
    let mut roots: BTreeSet<usize> = graph.root_of(&key).into_iter().collect();
    for &m in graph.bundle_names.get(&key).into_iter().flatten() {
        if let Some(member) = graph.members.get(m) {
            roots.extend(
                member
                    .ids
                    .iter()
                    .filter_map(|i| graph.root_of(&i.to_ascii_uppercase())),
            );
        }
    }
    let mut components = graph.components();
    let mut out: Vec<Linkset> = roots
        .into_iter()
        .filter_map(|r| components.remove(&r).map(|m| graph.linkset(r, &m)))
        .collect();
    sort_linksets(&mut out);
    out
}

/// The vulnerabilities one affected entry of an advisory speaks about, as groups of ids that
/// name the same vulnerability — the matcher makes one finding per group (merged with other
/// sources' groups that share an id).
///
/// - An entry scoped to ids (`vulnerabilities`: Alpine secfixes, CSAF product status): one group
///   per id.
/// - A bundle (a DSA, an RHSA, a record aliasing several CVEs): one group per vulnerability it
///   covers; the bundle's own id is the advisory, not a vulnerability.
/// - Anything else (an OSV record): one group, its id with its aliases and upstream ids.
pub fn vulnerability_groups(
    o: &Observation,
    a: &Advisory,
    entry: &crate::advisory::AffectedPackage,
) -> Vec<BTreeSet<String>> {
    if let Some(scoped) = &entry.vulnerabilities {
        return scoped
            .iter()
            .map(|id| BTreeSet::from([id.clone()]))
            .collect();
    }
    if is_bundle(o, a) {
        let covered = covered_ids(o, a);
        if covered.is_empty() {
            return vec![BTreeSet::from([own_id(o, a).to_string()])];
        }
        return covered
            .into_iter()
            .map(|id| BTreeSet::from([id.to_string()]))
            .collect();
    }
    vec![link_ids(o, a).into_iter().map(str::to_string).collect()]
}

/// The preferred name of a group of ids: the smallest CVE (by year, then number), else the
/// smallest id.
pub fn primary_id<'a>(ids: impl IntoIterator<Item = &'a String>) -> Option<&'a String> {
    let all: Vec<&String> = ids.into_iter().collect();
    all.iter()
        .filter_map(|i| cve_key(i).map(|k| (k, *i)))
        .min()
        .map(|(_, i)| i)
        .or_else(|| all.iter().min().copied())
}

/// The first of [`linksets_for`] (the only one for a vulnerability id), if any.
pub fn linkset_for(id: &str, observations: &[Observation]) -> Option<Linkset> {
    linksets_for(id, observations).into_iter().next()
}

fn sort_linksets(out: &mut [Linkset]) {
    out.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then_with(|| a.observation_ids.cmp(&b.observation_ids))
    });
}

/// One advisory as linked.
struct Member<'a> {
    observation: &'a Observation,
    advisory: &'a Advisory,
    /// A bundle joins a linkset per id; an ordinary record unions its ids into one.
    bundle: bool,
    /// The ids it links by (ordinary: its id and aliases; bundle: the ids it covers).
    ids: Vec<&'a str>,
}

/// The union-find over ids, with the advisories and KEV entries it joins.
struct Graph<'a> {
    /// Advisory observations, deduplicated, in observation-id order.
    members: Vec<Member<'a>>,
    /// Upper-cased bundle own id, upstream id or uncovered alias → bundle members.
    bundle_names: BTreeMap<String, Vec<usize>>,
    /// KEV observations by upper-cased CVE.
    kev: BTreeMap<String, Vec<&'a Observation>>,
    /// Upper-cased id → node.
    nodes: BTreeMap<String, usize>,
    parent: Vec<usize>,
}

/// An advisory's own id (its upstream id when empty).
fn own_id<'a>(o: &'a Observation, a: &'a Advisory) -> &'a str {
    if a.id.is_empty() {
        o.provenance.upstream_id.as_str()
    } else {
        a.id.as_str()
    }
}

/// Is the format one whose records list the vulnerabilities one update fixes?
fn is_bundle_format(format: AdvisoryFormat) -> bool {
    matches!(
        format,
        AdvisoryFormat::AlpineSecdb
            | AdvisoryFormat::DebianTracker
            | AdvisoryFormat::DebianTrackerJson
            | AdvisoryFormat::Csaf
    )
}

/// Is this record a bundle of vulnerabilities (see the module header)?
fn is_bundle(o: &Observation, a: &Advisory) -> bool {
    if is_bundle_format(o.provenance.format) {
        return true;
    }
    let cves: BTreeSet<String> = a
        .aliases
        .iter()
        .chain(a.upstream.iter())
        .filter(|x| cve_key(x).is_some())
        .map(|x| x.to_ascii_uppercase())
        .collect();
    cves.len() >= 2
}

/// The vulnerability ids a bundle covers: its CVE aliases, every alias for the distribution
/// formats, and its own id when that is a CVE.
fn covered_ids<'a>(o: &'a Observation, a: &'a Advisory) -> Vec<&'a str> {
    let every_alias = is_bundle_format(o.provenance.format);
    let own = own_id(o, a);
    cve_key(own)
        .map(|_| own)
        .into_iter()
        .chain(
            a.aliases
                .iter()
                .map(String::as_str)
                .filter(|x| every_alias || cve_key(x).is_some()),
        )
        // OSV `upstream`: the vulnerabilities a downstream record (Ubuntu, Debian OSV) derives from.
        .chain(a.upstream.iter().map(String::as_str))
        .filter(|s| !s.trim().is_empty())
        .collect()
}

/// The ids an ordinary record links by: its id, aliases and (OSV) upstream ids — a downstream
/// record derived from one upstream vulnerability belongs to that vulnerability's linkset.
fn link_ids<'a>(o: &'a Observation, a: &'a Advisory) -> Vec<&'a str> {
    std::iter::once(own_id(o, a))
        .chain(a.aliases.iter().map(String::as_str))
        .chain(a.upstream.iter().map(String::as_str))
        .filter(|s| !s.is_empty())
        .collect()
}

impl<'a> Graph<'a> {
    fn new(observations: &'a [Observation]) -> Graph<'a> {
        let unique: BTreeMap<Digest, &Observation> =
            observations.iter().map(|o| (o.id, o)).collect();
        let mut g = Graph {
            members: Vec::new(),
            bundle_names: BTreeMap::new(),
            kev: BTreeMap::new(),
            nodes: BTreeMap::new(),
            parent: Vec::new(),
        };
        for o in unique.into_values() {
            match &o.normalized {
                Normalized::Advisory(a) => {
                    let covered = if is_bundle(o, a) {
                        covered_ids(o, a)
                    } else {
                        Vec::new()
                    };
                    let bundle = !covered.is_empty();
                    if bundle {
                        let index = g.members.len();
                        let keys: BTreeSet<String> = [own_id(o, a), &o.provenance.upstream_id]
                            .into_iter()
                            .chain(a.aliases.iter().map(String::as_str))
                            .filter(|k| !covered.contains(k) && !k.is_empty())
                            .map(str::to_ascii_uppercase)
                            .collect();
                        for k in keys {
                            g.bundle_names.entry(k).or_default().push(index);
                        }
                    }
                    g.members.push(Member {
                        observation: o,
                        advisory: a,
                        bundle,
                        ids: if bundle { covered } else { link_ids(o, a) },
                    });
                }
                Normalized::Kev(k) => g.kev.entry(k.cve.to_ascii_uppercase()).or_default().push(o),
            }
        }
        let links: Vec<(bool, Vec<String>)> = g
            .members
            .iter()
            .map(|m| {
                (
                    m.bundle,
                    m.ids.iter().map(|i| i.to_ascii_uppercase()).collect(),
                )
            })
            .collect();
        for (bundle, ids) in links {
            let nodes: Vec<usize> = ids.into_iter().map(|id| g.node(id)).collect();
            // A bundle only makes sure its ids exist: it never joins them.
            if let (false, Some((&first, rest))) = (bundle, nodes.split_first()) {
                for &n in rest {
                    g.union(first, n);
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

    /// Member indexes per component root (a bundle is in the component of each id it covers).
    fn components(&self) -> BTreeMap<usize, BTreeSet<usize>> {
        let mut out: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (i, m) in self.members.iter().enumerate() {
            for id in &m.ids {
                if let Some(root) = self.root_of(&id.to_ascii_uppercase()) {
                    out.entry(root).or_default().insert(i);
                }
            }
        }
        out
    }

    fn linkset(&self, root: usize, members: &BTreeSet<usize>) -> Linkset {
        let members: Vec<&Member<'_>> = members
            .iter()
            .filter_map(|&i| self.members.get(i))
            .collect();
        let mut ids = BTreeSet::new();
        let mut observation_ids = BTreeSet::new();
        let mut sources = BTreeSet::new();
        for m in &members {
            ids.extend(
                m.ids
                    .iter()
                    .filter(|i| self.root_of(&i.to_ascii_uppercase()) == Some(root))
                    .map(|i| i.to_string()),
            );
            observation_ids.insert(m.observation.id);
            sources.insert(m.observation.provenance.source.clone());
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
        let live: Vec<(&Observation, &Advisory)> = members
            .iter()
            .filter(|m| m.advisory.withdrawn.is_none())
            .map(|m| (m.observation, m.advisory))
            .collect();
        Linkset {
            id,
            ids,
            observation_ids: observation_ids.into_iter().collect(),
            sources,
            kev,
            conflicts: conflicts(&live, &keys),
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

/// Does a statement scoped to `scope` (`None`: the whole record) concern a linkset whose
/// upper-cased ids are `keys`?
fn in_scope<'s>(mut scope: impl Iterator<Item = &'s String>, keys: &BTreeSet<String>) -> bool {
    scope.any(|v| keys.contains(&v.to_ascii_uppercase()))
}

/// One source's aggregated statement on a field, with what is compared.
struct Claim<'a, T> {
    source: &'a str,
    observation_ids: BTreeSet<Digest>,
    value: String,
    data: T,
}

/// Is there a pair of sources whose claims are not `same` (claims are one per source)?
fn disagree<T>(claims: &[Claim<'_, T>], same: impl Fn(&T, &T) -> bool) -> bool {
    claims
        .iter()
        .enumerate()
        .any(|(i, a)| claims.iter().skip(i + 1).any(|b| !same(&a.data, &b.data)))
}

fn conflict<T>(field: String, reason: ConflictReason, claims: Vec<Claim<'_, T>>) -> Conflict {
    let mut values: Vec<ConflictValue> = claims
        .into_iter()
        .map(|c| ConflictValue {
            source: c.source.to_string(),
            observation_ids: c.observation_ids.into_iter().collect(),
            value: c.value,
        })
        .collect();
    values.sort();
    Conflict {
        field,
        reason,
        values,
    }
}

/// Every conflict among the (non-withdrawn) advisories of one linkset whose upper-cased ids are
/// `keys`.
fn conflicts(advisories: &[(&Observation, &Advisory)], keys: &BTreeSet<String>) -> Vec<Conflict> {
    let mut out = Vec::new();
    severity_conflicts(advisories, keys, &mut out);
    package_conflicts(advisories, keys, &mut out);
    out.sort_by(|a, b| (&a.field, a.reason).cmp(&(&b.field, b.reason)));
    out
}

/// A severity word's level on one scale (higher is more severe), or `None` for words that say
/// nothing (`unknown`).
fn label_level(word: &str) -> Option<u8> {
    match word.trim().to_ascii_lowercase().as_str() {
        "critical" => Some(4),
        "high" | "important" => Some(3),
        "medium" | "moderate" => Some(2),
        "low" => Some(1),
        "negligible" | "unimportant" | "none" => Some(0),
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

/// One CVSS vector as compared when a score is missing: its base metrics, else its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Vector {
    Metrics(BTreeMap<String, String>),
    Text(String),
}

/// One source's CVSS statements of one version: its highest score and the vectors behind it
/// (every vector when it gives no score).
#[derive(Default)]
struct Cvss<'a> {
    top: Option<f64>,
    /// Vector text → (compared form, observations), for the statements at `top`.
    vectors: BTreeMap<&'a str, (Vector, BTreeSet<Digest>)>,
}

impl<'a> Cvss<'a> {
    fn add(&mut self, scheme: &str, s: &'a Severity, observation: Digest) {
        let score = s.score.filter(|x| x.is_finite());
        match (score, self.top) {
            (Some(x), Some(t)) if x < t => return,
            (Some(x), Some(t)) if x > t => {
                self.top = Some(x);
                self.vectors.clear();
            }
            (Some(x), None) => {
                self.top = Some(x);
                self.vectors.clear();
            }
            (None, Some(_)) => return,
            _ => {}
        }
        let text = s.value.trim();
        let compared = base_metrics(scheme, text)
            .map(Vector::Metrics)
            .unwrap_or_else(|| Vector::Text(text.to_string()));
        self.vectors
            .entry(text)
            .or_insert_with(|| (compared, BTreeSet::new()))
            .1
            .insert(observation);
    }

    fn value(&self) -> String {
        let vectors: Vec<&str> = self.vectors.keys().copied().collect();
        match self.top {
            Some(t) if vectors.iter().all(|v| *v == t.to_string()) => t.to_string(),
            Some(t) => format!("{t} ({})", vectors.join(", ")),
            None => vectors.join(", "),
        }
    }
}

/// Do two sources' CVSS statements agree: scores within 1.0, else a vector in common?
fn same_cvss(a: &Cvss<'_>, b: &Cvss<'_>) -> bool {
    if let (Some(x), Some(y)) = (a.top, b.top) {
        return (x - y).abs() <= 1.0;
    }
    a.vectors
        .values()
        .any(|(v, _)| b.vectors.values().any(|(w, _)| v == w))
}

fn severity_conflicts(
    advisories: &[(&Observation, &Advisory)],
    keys: &BTreeSet<String>,
    out: &mut Vec<Conflict>,
) {
    // source → (highest level, words at that level, observations stating it).
    type Label<'a> = (u8, BTreeSet<&'a str>, BTreeSet<Digest>);
    let mut labels: BTreeMap<&str, Label<'_>> = BTreeMap::new();
    // scheme → source → its statements.
    let mut cvss: BTreeMap<String, BTreeMap<&str, Cvss<'_>>> = BTreeMap::new();
    for (o, a) in advisories {
        let source = o.provenance.source.as_str();
        for s in &a.severities {
            if s.vulnerability
                .as_ref()
                .is_some_and(|v| !in_scope(std::iter::once(v), keys))
            {
                continue;
            }
            if is_cvss(s) {
                let scheme = s.scheme.to_ascii_uppercase();
                cvss.entry(scheme.clone())
                    .or_default()
                    .entry(source)
                    .or_default()
                    .add(&scheme, s, o.id);
            } else if let Some(level) = label_level(&s.value) {
                let e = labels
                    .entry(source)
                    .or_insert_with(|| (level, BTreeSet::new(), BTreeSet::new()));
                if level > e.0 {
                    *e = (level, BTreeSet::new(), BTreeSet::new());
                }
                if level == e.0 {
                    e.1.insert(s.value.trim());
                    e.2.insert(o.id);
                }
            }
        }
    }
    let labels: Vec<Claim<'_, u8>> = labels
        .into_iter()
        .map(|(source, (level, words, observation_ids))| Claim {
            source,
            observation_ids,
            value: words.into_iter().collect::<Vec<_>>().join(", "),
            data: level,
        })
        .collect();
    if disagree(&labels, |a, b| a == b) {
        out.push(conflict(
            "severity[label]".into(),
            ConflictReason::SeverityMismatch,
            labels,
        ));
    }
    for (scheme, per_source) in cvss {
        let claims: Vec<Claim<'_, Cvss<'_>>> = per_source
            .into_iter()
            .map(|(source, c)| Claim {
                source,
                observation_ids: c
                    .vectors
                    .values()
                    .flat_map(|(_, o)| o.iter().copied())
                    .collect(),
                value: c.value(),
                data: c,
            })
            .collect();
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

/// Everything one source says about one package: its relevant `affected` entries, over all its
/// observations in the linkset, merged.
#[derive(Default)]
struct PackageClaim<'a> {
    /// Non-GIT ranges, as written.
    ranges: Vec<&'a OsvRange>,
    intervals: Vec<&'a Interval>,
    fixed: BTreeSet<&'a str>,
    /// The observations stating something about the package.
    observations: BTreeSet<Digest>,
}

impl PackageClaim<'_> {
    /// Does it state anything about versions?
    fn states_versions(&self) -> bool {
        !self.ranges.is_empty() || !self.intervals.is_empty() || !self.fixed.is_empty()
    }

    fn states_ranges(&self) -> bool {
        !self.ranges.is_empty() || !self.intervals.is_empty()
    }

    /// The written ranges, deduplicated and sorted.
    fn ranges_text(&self) -> String {
        let mut parts: BTreeSet<String> = self
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
        parts.into_iter().collect::<Vec<_>>().join("; ")
    }

    fn fixed_text(&self) -> String {
        if self.fixed.is_empty() {
            "(none)".into()
        } else {
            self.fixed.iter().copied().collect::<Vec<_>>().join(", ")
        }
    }

    /// The affected set (the union of every range), or `None` when a version does not parse
    /// under the scheme.
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

fn package_conflicts(
    advisories: &[(&Observation, &Advisory)],
    keys: &BTreeSet<String>,
    out: &mut Vec<Conflict>,
) {
    // package → source → its merged claim.
    let mut packages: BTreeMap<PackageKey, BTreeMap<&str, PackageClaim<'_>>> = BTreeMap::new();
    for (o, a) in advisories {
        for p in &a.affected {
            // A bundle's entry about another vulnerability says nothing about this one.
            if p.vulnerabilities
                .as_ref()
                .is_some_and(|v| !in_scope(v.iter(), keys))
            {
                continue;
            }
            let Some(key) = PackageKey::of(p) else {
                continue;
            };
            let claim = packages
                .entry(key)
                .or_default()
                .entry(o.provenance.source.as_str())
                .or_default();
            for r in p.ranges.iter().filter(|r| r.kind != RangeKind::Git) {
                claim.ranges.push(r);
                claim.fixed.extend(r.events.iter().filter_map(|e| match e {
                    Event::Fixed(v) => Some(v.as_str()),
                    _ => None,
                }));
            }
            claim.intervals.extend(p.intervals.iter());
            claim.fixed.extend(p.fixed.iter().map(String::as_str));
            let states = p.ranges.iter().any(|r| r.kind != RangeKind::Git)
                || !p.intervals.is_empty()
                || !p.fixed.is_empty();
            if states {
                claim.observations.insert(o.id);
            }
        }
    }
    for (key, per_source) in packages {
        let scheme = key.ecosystem.scheme();
        let fixed: Vec<Claim<'_, &BTreeSet<&str>>> = per_source
            .iter()
            .filter(|(_, c)| c.states_versions())
            .map(|(source, c)| Claim {
                source,
                observation_ids: c.observations.clone(),
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
        let ranges: Vec<Claim<'_, (Option<RangeSet>, String)>> = per_source
            .iter()
            .filter(|(_, c)| c.states_ranges())
            .map(|(source, c)| {
                let text = c.ranges_text();
                Claim {
                    source,
                    observation_ids: c.observations.clone(),
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
        observation_as(AdvisoryFormat::Osv, source, upstream_id, normalized)
    }

    /// A synthetic observation read from `format`.
    fn observation_as(
        format: AdvisoryFormat,
        source: &str,
        upstream_id: &str,
        normalized: Normalized,
    ) -> Observation {
        let bytes = serde_json::to_vec(&normalized).unwrap();
        let content_digest = Digest::of_bytes(&bytes);
        Observation {
            id: observation_id(source, upstream_id, &content_digest),
            provenance: Provenance {
                source: source.into(),
                format,
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
            vulnerability: None,
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
        // One value per source: its highest score, then the vector(s) stating it.
        assert_eq!(l.conflicts[0].values[0].value, format!("9.8 ({v31})"));
        assert_eq!(l.conflicts[0].values[0].observation_ids.len(), 1);
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

    /// A Debian DSA/DLA-like bundle: `cves`, and one `release` line fixing `package` at `fixed`.
    fn dsa(
        source: &str,
        id: &str,
        cves: &[&str],
        release: &str,
        package: &str,
        fixed: &str,
    ) -> Observation {
        let mut a = advisory(id, cves);
        let mut p = pkg(Ecosystem::Debian, Some(release), package);
        p.ranges.push(osv(&[("introduced", "0"), ("fixed", fixed)]));
        p.fixed.push(fixed.into());
        a.affected.push(p);
        observation_as(
            AdvisoryFormat::DebianTracker,
            source,
            id,
            Normalized::Advisory(a),
        )
    }

    fn ids_of(ls: &[Linkset]) -> Vec<(&str, Vec<&str>)> {
        ls.iter()
            .map(|l| (l.id.as_str(), l.ids.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn a_bundle_joins_each_cve_it_covers_and_merges_none() {
        // DSA-5374-1 and DSA-5375-1 (firefox-esr, thunderbird) fix the same two CVEs; the
        // first also fixes a CVE nobody else names. GHSA and OSV records each name one CVE.
        let obs = [
            dsa(
                "debian-dsa",
                "DSA-5374-1",
                &["CVE-2023-25751", "CVE-2023-25752", "CVE-2023-28162"],
                "bullseye",
                "firefox-esr",
                "102.9.0esr-1~deb11u1",
            ),
            dsa(
                "debian-dsa",
                "DSA-5375-1",
                &["CVE-2023-25751", "CVE-2023-25752"],
                "bullseye",
                "thunderbird",
                "1:102.9.0-1~deb11u1",
            ),
            adv("ghsa", "GHSA-aaaa", &["CVE-2023-25751"]),
            adv("osv", "OSV-1", &["cve-2023-25752"]),
        ];
        let ls = build_linksets(&obs);
        // Three linksets, not one: the DSAs' own ids are not vulnerability ids.
        assert_eq!(
            ids_of(&ls),
            [
                ("CVE-2023-25751", vec!["CVE-2023-25751", "GHSA-aaaa"]),
                (
                    "CVE-2023-25752",
                    vec!["CVE-2023-25752", "OSV-1", "cve-2023-25752"]
                ),
                ("CVE-2023-28162", vec!["CVE-2023-28162"]),
            ]
        );
        let mut both = vec![obs[0].id, obs[1].id, obs[2].id];
        both.sort();
        assert_eq!(ls[0].observation_ids, both);
        // The CVE only the DSA names: a linkset of the DSA alone.
        assert_eq!(ls[2].observation_ids, [obs[0].id]);
        assert!(ls.iter().all(|l| l.conflicts.is_empty()));
        // A bundle's id finds every linkset it is in; a CVE finds exactly one.
        assert_eq!(linksets_for("dsa-5374-1", &obs), ls);
        assert_eq!(linksets_for("DSA-5375-1", &obs), ls[..2]);
        assert_eq!(linkset_for("DSA-5375-1", &obs).as_ref(), Some(&ls[0]));
        assert_eq!(linksets_for("CVE-2023-25752", &obs), ls[1..2]);
        assert_eq!(linksets_for("DSA-1-1", &obs), []);
    }

    #[test]
    fn an_osv_record_with_two_cves_is_a_bundle() {
        // GHSA-dup aliases two CVEs (a duplicate assignment, or a bundle): they stay apart, and
        // its GHSA id — also named, uncovered, by the PyPA record — finds both.
        let obs = [
            adv("ghsa", "GHSA-dup", &["CVE-2022-1", "CVE-2022-2"]),
            adv("pypa", "PYSEC-1", &["CVE-2022-1", "CVE-2022-2", "GHSA-dup"]),
            adv("nvd", "CVE-2022-2", &[]),
        ];
        assert!(is_bundle(&obs[0], adv_of(&obs[0])));
        let ls = build_linksets(&obs);
        assert_eq!(
            ids_of(&ls),
            [
                ("CVE-2022-1", vec!["CVE-2022-1"]),
                ("CVE-2022-2", vec!["CVE-2022-2"]),
            ]
        );
        assert_eq!(ls[0].sources, ["ghsa", "pypa"].map(String::from).into());
        assert_eq!(
            ls[1].sources,
            ["ghsa", "nvd", "pypa"].map(String::from).into()
        );
        assert_eq!(linksets_for("ghsa-dup", &obs), ls);
        assert_eq!(linksets_for("PYSEC-1", &obs), ls);
        // One CVE alias is an ordinary alias: GHSA-one and CVE-2022-1 are one vulnerability.
        let one = adv("ghsa", "GHSA-one", &["CVE-2022-1"]);
        assert!(!is_bundle(&one, adv_of(&one)));
        let ls = build_linksets(&[obs[0].clone(), one]);
        assert_eq!(
            ls[0].ids,
            ["CVE-2022-1", "GHSA-one"].map(String::from).into()
        );
    }

    fn adv_of(o: &Observation) -> &Advisory {
        match &o.normalized {
            Normalized::Advisory(a) => a,
            Normalized::Kev(_) => panic!("not an advisory"),
        }
    }

    #[test]
    fn bundle_entries_and_scores_count_only_for_their_vulnerability() {
        // An Alpine secdb record: openssl on v3.17 fixes CVE-2023-0286 in 3.0.8-r0 and
        // CVE-2023-2650 in 3.0.9-r0, each id listed under its own fixed version.
        let secdb = {
            let mut a = advisory(
                "alpine:v3.17/main:openssl",
                &["CVE-2023-0286", "CVE-2023-2650"],
            );
            for (fixed, cve) in [("3.0.8-r0", "CVE-2023-0286"), ("3.0.9-r0", "CVE-2023-2650")] {
                let mut p = pkg(Ecosystem::Alpine, Some("v3.17"), "openssl");
                p.ranges.push(osv(&[("introduced", "0"), ("fixed", fixed)]));
                p.fixed.push(fixed.into());
                p.vulnerabilities = Some([cve.to_string()].into());
                a.affected.push(p);
            }
            observation_as(
                AdvisoryFormat::AlpineSecdb,
                "alpine",
                "alpine:v3.17/main:openssl",
                Normalized::Advisory(a),
            )
        };
        let osv_says = |fixed: &str| {
            with(
                "alpine-osv",
                "ALPINE-CVE-2023-2650",
                &["CVE-2023-2650"],
                |a| {
                    let mut p = pkg(Ecosystem::Alpine, Some("v3.17"), "openssl");
                    p.ranges.push(osv(&[("introduced", "0"), ("fixed", fixed)]));
                    a.affected.push(p);
                },
            )
        };
        // Only the 3.0.9-r0 entry is about CVE-2023-2650: it agrees with the OSV record (the
        // CVE-2023-0286 entry, fixed earlier, would otherwise be a fixed and a range conflict).
        let ls = build_linksets(&[secdb.clone(), osv_says("3.0.9-r0")]);
        assert_eq!(ls.len(), 2);
        assert!(ls.iter().all(|l| l.conflicts.is_empty()), "{ls:#?}");
        // A real disagreement on CVE-2023-2650 shows the secdb's value for that CVE alone.
        let ls = build_linksets(&[secdb, osv_says("3.0.8-r0")]);
        let l = &ls[1];
        assert_eq!(l.id, "CVE-2023-2650");
        assert_eq!(
            l.conflicts[0]
                .values
                .iter()
                .map(|v| (v.source.as_str(), v.value.as_str()))
                .collect::<Vec<_>>(),
            [("alpine", "3.0.9-r0"), ("alpine-osv", "3.0.8-r0")]
        );
        assert!(ls[0].conflicts.is_empty());

        // A CSAF document scores its two CVEs apart; the 9.8 is CVE-2024-1's alone.
        let csaf = {
            let mut a = advisory("RHSA-2024:1", &["CVE-2024-1", "CVE-2024-2"]);
            let v98 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
            let v53 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L";
            for (v, score, cve) in [(v98, 9.8, "CVE-2024-1"), (v53, 5.3, "CVE-2024-2")] {
                let mut s = sev("CVSS_V3", v, Some(score));
                s.vulnerability = Some(cve.into());
                a.severities.push(s);
            }
            observation_as(
                AdvisoryFormat::Csaf,
                "redhat",
                "RHSA-2024:1",
                Normalized::Advisory(a),
            )
        };
        let ghsa = with("ghsa", "GHSA-2", &["CVE-2024-2"], |a| {
            a.severities.push(sev(
                "CVSS_V3",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:L",
                Some(4.3),
            ));
        });
        let ls = build_linksets(&[csaf.clone(), ghsa.clone()]);
        assert_eq!(ls[1].id, "CVE-2024-2");
        // 5.3 vs 4.3: agreement (the other CVE's 9.8 does not count here).
        assert!(ls[1].conflicts.is_empty(), "{:#?}", ls[1].conflicts);
        // The same severities unscoped (a document-wide statement) would be Red Hat's 9.8.
        let mut unscoped = adv_of(&csaf).clone();
        for s in &mut unscoped.severities {
            s.vulnerability = None;
        }
        let unscoped = observation_as(
            AdvisoryFormat::Csaf,
            "redhat",
            "RHSA-2024:1",
            Normalized::Advisory(unscoped),
        );
        let ls = build_linksets(&[unscoped, ghsa]);
        assert_eq!(
            reasons(&ls[1]),
            [("severity[CVSS_V3]".into(), ConflictReason::SeverityMismatch)]
        );
    }

    #[test]
    fn one_source_saying_several_things_is_not_a_conflict() {
        // Two DLAs fixing firefox-esr on stretch for one CVE (a regression update).
        let dla1 = dsa(
            "debian-dla",
            "DLA-2500-1",
            &["CVE-2020-26971"],
            "stretch",
            "firefox-esr",
            "78.4.0esr-1~deb9u1",
        );
        let dla2 = dsa(
            "debian-dla",
            "DLA-2510-1",
            &["CVE-2020-26971", "CVE-2020-26973"],
            "stretch",
            "firefox-esr",
            "78.6.0esr-1~deb9u1",
        );
        let l = &build_linksets(&[dla1.clone(), dla2.clone()])[0];
        assert_eq!(l.observation_ids.len(), 2);
        assert!(l.conflicts.is_empty());
        // Two RubySec advisories for one CVE with different scores and labels: each source's
        // highest counts, so GHSA's 9.8 / CRITICAL agrees with RubySec's.
        let scored = |source: &str, id: &str, score: f64, label: &str| {
            with(source, id, &["CVE-2015-3227"], |a| {
                let v = if score > 9.0 {
                    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
                } else {
                    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"
                };
                a.severities.push(sev("CVSS_V3", v, Some(score)));
                a.severities.push(sev("label", label, None));
            })
        };
        let ruby = [
            scored("rubysec", "OSVDB-1", 7.5, "HIGH"),
            scored("rubysec", "GEM-1", 9.8, "critical"),
        ];
        let l = single(&[
            ruby[0].clone(),
            ruby[1].clone(),
            scored("ghsa", "G", 9.8, "CRITICAL"),
        ]);
        assert!(l.conflicts.is_empty(), "{:#?}", l.conflicts);
        // … and a GHSA saying 7.5 / HIGH disagrees with RubySec's highest, once per field,
        // one value per source, naming the observation behind the highest.
        let l = single(&[
            ruby[0].clone(),
            ruby[1].clone(),
            scored("ghsa", "G", 7.5, "HIGH"),
        ]);
        assert_eq!(
            reasons(&l),
            [
                ("severity[CVSS_V3]".into(), ConflictReason::SeverityMismatch),
                ("severity[label]".into(), ConflictReason::SeverityMismatch),
            ]
        );
        let cvss = &l.conflicts[0].values;
        assert_eq!(cvss.len(), 2);
        assert_eq!(cvss[1].source, "rubysec");
        assert!(cvss[1].value.starts_with("9.8 ("));
        assert_eq!(cvss[1].observation_ids, [ruby[1].id]);
        assert_eq!(
            l.conflicts[1]
                .values
                .iter()
                .map(|v| (v.source.as_str(), v.value.as_str()))
                .collect::<Vec<_>>(),
            [("ghsa", "HIGH"), ("rubysec", "critical")]
        );
    }

    #[test]
    fn sources_compare_their_unions() {
        // The two DLAs' union {78.4, 78.6} against a source naming only 78.6: the fixed sets
        // differ, but the affected sets agree (everything below 78.6 either way).
        let dla = |id: &str, fixed: &str| {
            dsa(
                "debian-dla",
                id,
                &["CVE-2020-26971"],
                "stretch",
                "firefox-esr",
                fixed,
            )
        };
        let tracker = dsa(
            "debian-tracker",
            "firefox-esr/CVE-2020-26971",
            &[],
            "stretch",
            "firefox-esr",
            "78.6.0esr-1~deb9u1",
        );
        let tracker = {
            // The tracker JSON record's id is the CVE itself.
            let mut a = adv_of(&tracker).clone();
            a.id = "CVE-2020-26971".into();
            observation_as(
                AdvisoryFormat::DebianTrackerJson,
                "debian-tracker",
                "firefox-esr/CVE-2020-26971",
                Normalized::Advisory(a),
            )
        };
        let obs = [
            dla("DLA-2500-1", "78.4.0esr-1~deb9u1"),
            dla("DLA-2510-1", "78.6.0esr-1~deb9u1"),
            tracker,
        ];
        let l = single(&obs);
        assert_eq!(
            reasons(&l),
            [(
                "affected[debian:stretch/firefox-esr].fixed".into(),
                ConflictReason::FixedVersionMismatch
            )]
        );
        let v = &l.conflicts[0].values;
        assert_eq!(v[0].source, "debian-dla");
        assert_eq!(v[0].value, "78.4.0esr-1~deb9u1, 78.6.0esr-1~deb9u1");
        let mut two = vec![obs[0].id, obs[1].id];
        two.sort();
        assert_eq!(v[0].observation_ids, two);
        assert_eq!(
            (v[1].source.as_str(), v[1].value.as_str()),
            ("debian-tracker", "78.6.0esr-1~deb9u1")
        );
        // The tracker record's upstream id finds it too.
        assert_eq!(linksets_for("firefox-esr/cve-2020-26971", &obs), [l]);
    }

    /// A small random world: ids from a small pool (so they collide and link), sources and
    /// formats (some bundles), labels and scoped severities, one package with a random fix and
    /// random scoping.
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
        const FORMATS: [AdvisoryFormat; 3] = [
            AdvisoryFormat::Osv,
            AdvisoryFormat::DebianTracker,
            AdvisoryFormat::Csaf,
        ];
        let one = (
            (0usize..3, 0usize..FORMATS.len()),
            0usize..IDS.len(),
            prop::collection::btree_set(0usize..IDS.len(), 0..4),
            (0usize..LABELS.len(), prop::option::of(0usize..IDS.len())),
            (0u8..3, prop::option::of(0usize..IDS.len())),
            any::<bool>(),
        )
            .prop_map(
                |((source, format), id, aliases, (label, label_for), (fix, fix_for), is_kev)| {
                    if is_kev && id < 4 {
                        return kev(IDS[id]);
                    }
                    let aliases: Vec<&str> = aliases.into_iter().map(|i| IDS[i]).collect();
                    let source = ["a", "b", "c"][source];
                    let upstream = format!("{}-{source}-{fix}", IDS[id]);
                    let mut a = advisory(IDS[id], &aliases);
                    let mut s = sev("label", LABELS[label], None);
                    s.vulnerability = label_for.map(|i| IDS[i].to_string());
                    a.severities.push(s);
                    a.severities
                        .push(sev("CVSS_V3", "CVSS:3.1/AV:N", Some(f64::from(fix) * 3.0)));
                    let mut p = pkg(Ecosystem::Npm, None, "left-pad");
                    p.ranges.push(osv(&[
                        ("introduced", "0"),
                        ("fixed", &format!("1.{fix}.0")),
                    ]));
                    p.vulnerabilities = fix_for.map(|i| [IDS[i].to_string()].into());
                    a.affected.push(p);
                    observation_as(FORMATS[format], source, &upstream, Normalized::Advisory(a))
                },
            );
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
            // Every advisory is in a linkset; an ordinary one in exactly one, a bundle in one
            // per linkset of the ids it covers.
            let mut seen: BTreeMap<Digest, usize> = BTreeMap::new();
            for l in &ls {
                for id in &l.observation_ids {
                    *seen.entry(*id).or_default() += 1;
                }
                // Every id finds its linkset, and only it unless a bundle is named so too.
                for id in &l.ids {
                    let found = linksets_for(id, &shuffled);
                    prop_assert!(found.contains(l));
                    let named_by_bundle = obs.iter().any(|o| match &o.normalized {
                        Normalized::Advisory(a) => {
                            is_bundle(o, a)
                                && !covered_ids(o, a).is_empty()
                                && (a.id.eq_ignore_ascii_case(id)
                                    || a.aliases.iter().any(|x| x.eq_ignore_ascii_case(id)))
                        }
                        Normalized::Kev(_) => false,
                    });
                    prop_assert!(named_by_bundle || found.len() == 1);
                }
                prop_assert!(l.ids.contains(&l.id));
                let mut sorted = l.conflicts.clone();
                sorted.sort_by(|a, b| (&a.field, a.reason).cmp(&(&b.field, b.reason)));
                prop_assert_eq!(&sorted, &l.conflicts);
                // Conflicts are between sources: one value per source, at least two.
                for c in &l.conflicts {
                    let sources: BTreeSet<&str> =
                        c.values.iter().map(|v| v.source.as_str()).collect();
                    prop_assert!(sources.len() == c.values.len() && sources.len() >= 2);
                }
            }
            for o in &obs {
                let Normalized::Advisory(a) = &o.normalized else { continue };
                let n = seen.get(&o.id).copied().unwrap_or(0);
                if is_bundle(o, a) && !covered_ids(o, a).is_empty() {
                    prop_assert!(n >= 1);
                    // Its own id finds every linkset it is in.
                    let mine: Vec<&Linkset> =
                        ls.iter().filter(|l| l.observation_ids.contains(&o.id)).collect();
                    let found = linksets_for(&o.provenance.upstream_id, &shuffled);
                    prop_assert!(mine.iter().all(|l| found.contains(l)));
                } else {
                    prop_assert_eq!(n, 1);
                }
            }
        }
    }
}
