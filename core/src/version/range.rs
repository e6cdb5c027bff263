//! Version ranges: unions of intervals, and OSV range events evaluated into them.
//!
//! Every requirement grammar (npm `^1.2 || >=3`, RubyGems `~> 1.2`, Composer `>=1.0,<1.2|^2`)
//! and every advisory range (OSV `introduced`/`fixed`/`last_affected`/`limit` events, secdb fixed
//! versions, CSAF product statuses) is normalised into a [`RangeSet`]: a union of [`Interval`]s
//! whose bounds are version *strings*, compared with the ecosystem's [`Comparator`] only when a
//! concrete version is checked. Keeping bounds as written keeps the evidence exact ("matched
//! `introduced 1.7.0, fixed 1.18.4`") and lets one evaluator serve every scheme.
//!
//! **OSV evaluation** ([OSV schema, "Evaluation"](https://ossf.github.io/osv-schema/#evaluation)):
//! [`osv_intervals`] turns one range's events into intervals that give exactly the answer of the
//! schema's `IncludedInRanges` pseudo-code (property-tested against a literal transcription):
//! events are sorted by version (stably, so equal versions keep their written order), each
//! `introduced` opens, `fixed` closes before itself, `last_affected` closes after itself, and
//! `limit` caps the whole range (`*` = no cap). `introduced: "0"` — and RustSec's `0.0.0-0` for
//! the SemVer-family schemes — means "from the beginning" ([`Bound::Unbounded`]). Several
//! introduced/fixed pairs give several intervals; a range without `fixed` is open-ended; a range
//! without `introduced` affects nothing. [`osv_affected`] evaluates one package's ranges plus
//! its explicit `versions` list (matched with the scheme's equality, never as strings): a
//! version in several places is reported once, with the first range that holds it as evidence.
//! `GIT` ranges hold commits, not versions: they are never compared and are reported as skipped
//! ([`MatchNote::GitRangeSkipped`]). Withdrawn records and `affected[]` package matching are the
//! advisory layer's job; to evaluate several `affected[]` entries of one package, pass their
//! ranges and versions concatenated (the OSV union).
//!
//! **The design decision a newcomer would undo:** unparseable versions are errors, never "not
//! affected". The component's version, every event version (the error names the event) and
//! every interval bound must parse, and all of a record's non-GIT ranges are checked before any
//! answer is given, so a broken record is reported the same way whatever version is asked
//! about. Only an explicit `versions` entry that does not parse is tolerated (it cannot equal a
//! version that does) and is reported as a [`MatchNote`].
//!
//! Ranges are plain order intervals: a prerelease between the bounds is inside (unlike npm's
//! install-time rule), which is what vulnerability matching needs.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Comparator, VersionError, VersionScheme};

/// One end of an interval.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "version", rename_all = "lowercase")]
pub enum Bound {
    /// No bound on this side.
    Unbounded,
    /// The version itself is in the interval.
    Inclusive(String),
    /// The version itself is not in the interval.
    Exclusive(String),
}

/// A contiguous set of versions between two bounds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lower: Bound,
    /// Upper bound.
    pub upper: Bound,
}

/// A union of intervals, plus explicitly listed single versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RangeSet {
    /// The intervals (a version in any of them is in the set).
    pub intervals: Vec<Interval>,
}

impl Bound {
    /// The version string of a bounded side.
    pub fn version(&self) -> Option<&str> {
        match self {
            Bound::Unbounded => None,
            Bound::Inclusive(v) | Bound::Exclusive(v) => Some(v),
        }
    }
}

impl fmt::Display for Interval {
    /// `[1.0, 2.0)`, `(, 1.0]`, `[1.5, )`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.lower {
            Bound::Unbounded => f.write_str("(")?,
            Bound::Inclusive(v) => write!(f, "[{v}")?,
            Bound::Exclusive(v) => write!(f, "({v}")?,
        }
        f.write_str(", ")?;
        match &self.upper {
            Bound::Unbounded => f.write_str(")"),
            Bound::Inclusive(v) => write!(f, "{v}]"),
            Bound::Exclusive(v) => write!(f, "{v})"),
        }
    }
}

impl Interval {
    /// Every version.
    pub fn all() -> Interval {
        Interval {
            lower: Bound::Unbounded,
            upper: Bound::Unbounded,
        }
    }

    /// Exactly one version (`[v, v]`).
    pub fn exact(version: &str) -> Interval {
        Interval {
            lower: Bound::Inclusive(version.to_string()),
            upper: Bound::Inclusive(version.to_string()),
        }
    }

    /// Is an already parsed version inside this interval?
    ///
    /// # Errors
    /// [`VersionError`] when a bound is not a version of the scheme.
    pub fn contains_parsed<C: Comparator>(
        &self,
        version: &C::Parsed,
    ) -> Result<bool, VersionError> {
        Ok(ParsedInterval::<C>::new(self)?.contains(version))
    }
}

/// A bound with its version parsed.
#[derive(Debug, Clone)]
enum PBound<P> {
    Unbounded,
    At(P, bool), // (version, inclusive)
}

impl<P: Ord> PBound<P> {
    fn cmp_as_lower(&self, other: &Self) -> Ordering {
        match (self, other) {
            (PBound::Unbounded, PBound::Unbounded) => Ordering::Equal,
            (PBound::Unbounded, _) => Ordering::Less,
            (_, PBound::Unbounded) => Ordering::Greater,
            // At the same version an inclusive lower bound starts earlier.
            (PBound::At(a, ai), PBound::At(b, bi)) => a.cmp(b).then(bi.cmp(ai)),
        }
    }

    fn cmp_as_upper(&self, other: &Self) -> Ordering {
        match (self, other) {
            (PBound::Unbounded, PBound::Unbounded) => Ordering::Equal,
            (PBound::Unbounded, _) => Ordering::Greater,
            (_, PBound::Unbounded) => Ordering::Less,
            // At the same version an inclusive upper bound ends later.
            (PBound::At(a, ai), PBound::At(b, bi)) => a.cmp(b).then(ai.cmp(bi)),
        }
    }
}

/// An interval with parsed bounds, remembering its source.
struct ParsedInterval<C: Comparator> {
    lower: PBound<C::Parsed>,
    upper: PBound<C::Parsed>,
}

impl<C: Comparator> ParsedInterval<C> {
    fn new(interval: &Interval) -> Result<Self, VersionError> {
        Ok(ParsedInterval {
            lower: parse_bound::<C>(&interval.lower, "lower")?,
            upper: parse_bound::<C>(&interval.upper, "upper")?,
        })
    }

    fn contains(&self, v: &C::Parsed) -> bool {
        let above = match &self.lower {
            PBound::Unbounded => true,
            PBound::At(l, true) => v >= l,
            PBound::At(l, false) => v > l,
        };
        let below = match &self.upper {
            PBound::Unbounded => true,
            PBound::At(u, true) => v <= u,
            PBound::At(u, false) => v < u,
        };
        above && below
    }

    fn is_empty(&self) -> bool {
        match (&self.lower, &self.upper) {
            (PBound::At(l, li), PBound::At(u, ui)) => match l.cmp(u) {
                Ordering::Greater => true,
                Ordering::Equal => !(*li && *ui),
                Ordering::Less => false,
            },
            _ => false,
        }
    }
}

fn parse_bound<C: Comparator>(
    bound: &Bound,
    side: &str,
) -> Result<PBound<C::Parsed>, VersionError> {
    let (text, inclusive) = match bound {
        Bound::Unbounded => return Ok(PBound::Unbounded),
        Bound::Inclusive(v) => (v, true),
        Bound::Exclusive(v) => (v, false),
    };
    let parsed = C::parse(text).map_err(|e| {
        VersionError::new(
            C::SCHEME,
            text,
            format!("{side} bound of an interval: {}", e.reason),
        )
    })?;
    Ok(PBound::At(parsed, inclusive))
}

/// A parsed interval together with its bound strings (for rebuilding a [`RangeSet`]).
struct Span<C: Comparator> {
    lower: PBound<C::Parsed>,
    upper: PBound<C::Parsed>,
    lower_src: Bound,
    upper_src: Bound,
}

impl<C: Comparator> Clone for Span<C> {
    fn clone(&self) -> Self {
        Span {
            lower: self.lower.clone(),
            upper: self.upper.clone(),
            lower_src: self.lower_src.clone(),
            upper_src: self.upper_src.clone(),
        }
    }
}

impl<C: Comparator> Span<C> {
    fn new(interval: &Interval) -> Result<Self, VersionError> {
        let p = ParsedInterval::<C>::new(interval)?;
        Ok(Span {
            lower: p.lower,
            upper: p.upper,
            lower_src: interval.lower.clone(),
            upper_src: interval.upper.clone(),
        })
    }

    fn is_empty(&self) -> bool {
        ParsedInterval::<C> {
            lower: self.lower.clone(),
            upper: self.upper.clone(),
        }
        .is_empty()
    }

    fn interval(&self) -> Interval {
        Interval {
            lower: self.lower_src.clone(),
            upper: self.upper_src.clone(),
        }
    }
}

/// The complement bound: an upper bound `< v` becomes a lower bound `>= v`, and so on.
fn flip(bound: &Bound) -> Bound {
    match bound {
        Bound::Unbounded => Bound::Unbounded,
        Bound::Inclusive(v) => Bound::Exclusive(v.clone()),
        Bound::Exclusive(v) => Bound::Inclusive(v.clone()),
    }
}

impl RangeSet {
    /// The empty set (no version).
    pub fn empty() -> RangeSet {
        RangeSet::default()
    }

    /// Every version.
    pub fn all() -> RangeSet {
        RangeSet {
            intervals: vec![Interval::all()],
        }
    }

    /// Which interval holds `version`? `Ok(None)` when none does.
    ///
    /// Every bound is parsed (and must parse) before the answer is given.
    ///
    /// # Errors
    /// [`VersionError`] when `version` or any bound is not a version of the scheme.
    pub fn contains<C: Comparator>(
        &self,
        version: &str,
    ) -> Result<Option<&Interval>, VersionError> {
        let v = C::parse(version)?;
        self.contains_parsed::<C>(&v)
    }

    /// [`RangeSet::contains`] for an already parsed version.
    ///
    /// # Errors
    /// [`VersionError`] when a bound is not a version of the scheme.
    pub fn contains_parsed<C: Comparator>(
        &self,
        version: &C::Parsed,
    ) -> Result<Option<&Interval>, VersionError> {
        let parsed = self
            .intervals
            .iter()
            .map(|i| ParsedInterval::<C>::new(i).map(|p| (i, p)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(parsed
            .into_iter()
            .find(|(_, p)| p.contains(version))
            .map(|(i, _)| i))
    }

    /// The OSV range `events` as a set (see [`osv_intervals`] for the evidence-keeping form).
    ///
    /// # Errors
    /// [`VersionError`] naming the first event whose version is not a version of the scheme.
    pub fn from_osv_events<C: Comparator>(events: &[Event]) -> Result<RangeSet, VersionError> {
        Ok(RangeSet {
            intervals: osv_intervals::<C>(events)?
                .into_iter()
                .map(|o| o.interval)
                .collect(),
        })
    }

    /// Versions in either set. Purely structural (the intervals are concatenated); call
    /// [`RangeSet::normalize`] to merge them.
    pub fn union(&self, other: &RangeSet) -> RangeSet {
        let mut intervals = self.intervals.clone();
        intervals.extend(other.intervals.iter().cloned());
        RangeSet { intervals }
    }

    /// The same versions as sorted, disjoint, non-adjacent, non-empty intervals.
    ///
    /// Merged intervals keep the bound strings of the intervals they came from.
    ///
    /// # Errors
    /// [`VersionError`] when a bound is not a version of the scheme.
    pub fn normalize<C: Comparator>(&self) -> Result<RangeSet, VersionError> {
        Ok(RangeSet {
            intervals: normalized_spans::<C>(self)?
                .iter()
                .map(Span::interval)
                .collect(),
        })
    }

    /// Versions not in this set (over every version of the scheme).
    ///
    /// # Errors
    /// [`VersionError`] when a bound is not a version of the scheme.
    pub fn complement<C: Comparator>(&self) -> Result<RangeSet, VersionError> {
        let spans = normalized_spans::<C>(self)?;
        let mut out = Vec::new();
        let mut lower = Bound::Unbounded;
        let mut at_start = true;
        for s in &spans {
            if !(at_start && s.lower_src == Bound::Unbounded) {
                out.push(Interval {
                    lower: lower.clone(),
                    upper: flip(&s.lower_src),
                });
            }
            at_start = false;
            lower = flip(&s.upper_src);
            if s.upper_src == Bound::Unbounded {
                return Ok(RangeSet { intervals: out });
            }
        }
        out.push(Interval {
            lower,
            upper: Bound::Unbounded,
        });
        Ok(RangeSet { intervals: out })
    }

    /// Versions in both sets.
    ///
    /// # Errors
    /// [`VersionError`] when a bound is not a version of the scheme.
    pub fn intersect<C: Comparator>(&self, other: &RangeSet) -> Result<RangeSet, VersionError> {
        let a = normalized_spans::<C>(self)?;
        let b = normalized_spans::<C>(other)?;
        let mut out: Vec<Span<C>> = Vec::new();
        for x in &a {
            for y in &b {
                let (lower, lower_src) = if x.lower.cmp_as_lower(&y.lower).is_ge() {
                    (x.lower.clone(), x.lower_src.clone())
                } else {
                    (y.lower.clone(), y.lower_src.clone())
                };
                let (upper, upper_src) = if x.upper.cmp_as_upper(&y.upper).is_le() {
                    (x.upper.clone(), x.upper_src.clone())
                } else {
                    (y.upper.clone(), y.upper_src.clone())
                };
                let s = Span {
                    lower,
                    upper,
                    lower_src,
                    upper_src,
                };
                if !s.is_empty() {
                    out.push(s);
                }
            }
        }
        Ok(RangeSet {
            intervals: out.iter().map(Span::interval).collect(),
        })
    }
}

/// Sorted, merged, non-empty spans of a set.
fn normalized_spans<C: Comparator>(set: &RangeSet) -> Result<Vec<Span<C>>, VersionError> {
    let mut spans = set
        .intervals
        .iter()
        .map(Span::<C>::new)
        .collect::<Result<Vec<_>, _>>()?;
    spans.retain(|s| !s.is_empty());
    spans.sort_by(|a, b| a.lower.cmp_as_lower(&b.lower));
    let mut out: Vec<Span<C>> = Vec::new();
    for s in spans {
        if let Some(last) = out.last_mut() {
            // No gap between `last` and `s`: the next start is at or before the flipped end.
            let touches = match (&last.upper, &s.lower) {
                (PBound::Unbounded, _) | (_, PBound::Unbounded) => true,
                (PBound::At(u, ui), PBound::At(l, li)) => match l.cmp(u) {
                    Ordering::Less => true,
                    Ordering::Equal => *ui || *li,
                    Ordering::Greater => false,
                },
            };
            if touches {
                if s.upper.cmp_as_upper(&last.upper).is_gt() {
                    last.upper = s.upper;
                    last.upper_src = s.upper_src;
                }
                continue;
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// One OSV range event (`{"introduced": "1.0"}` in OSV JSON).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The vulnerability starts at this version (`"0"`: before every version).
    Introduced(String),
    /// This version contains the fix (it is not affected).
    Fixed(String),
    /// The last affected version (it is affected; later ones are not).
    LastAffected(String),
    /// An upper limit on the whole range (`"*"`: none).
    Limit(String),
}

impl Event {
    /// The version string of the event.
    pub fn version(&self) -> &str {
        match self {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        }
    }

    /// The OSV field name (`introduced`, `fixed`, `last_affected`, `limit`).
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Introduced(_) => "introduced",
            Event::Fixed(_) => "fixed",
            Event::LastAffected(_) => "last_affected",
            Event::Limit(_) => "limit",
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), self.version())
    }
}

/// The OSV `ranges[].type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RangeKind {
    /// SemVer 2.0 versions (compared with the ecosystem's scheme, which is SemVer-compatible).
    Semver,
    /// The ecosystem's own versions.
    Ecosystem,
    /// Git commits: never compared as versions.
    Git,
}

/// One OSV `affected[].ranges[]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OsvRange {
    /// `type`.
    #[serde(rename = "type")]
    pub kind: RangeKind,
    /// `events`, in the order written.
    pub events: Vec<Event>,
    /// `repo` (required for GIT ranges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
}

/// An interval of one OSV range, with the events that bound it (the evidence).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OsvInterval {
    /// The affected interval.
    pub interval: Interval,
    /// The events that produced its bounds: the `introduced` one, then the `fixed` /
    /// `last_affected` and `limit` ones that close it (none when it is open-ended).
    pub events: Vec<Event>,
}

/// Does `introduced: text` mean "before every version" under `scheme`?
fn from_beginning(scheme: VersionScheme, text: &str) -> bool {
    text == "0"
        || (text == "0.0.0-0"
            && matches!(
                scheme,
                VersionScheme::Semver | VersionScheme::Npm | VersionScheme::Go
            ))
}

/// Sort key of an event: before every version, or at a version.
enum Key<P> {
    Bottom,
    At(P),
}

impl<P: Ord> Key<P> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Bottom, Key::Bottom) => Ordering::Equal,
            (Key::Bottom, Key::At(_)) => Ordering::Less,
            (Key::At(_), Key::Bottom) => Ordering::Greater,
            (Key::At(a), Key::At(b)) => a.cmp(b),
        }
    }
}

struct Ev<'e, P> {
    key: Key<P>,
    event: &'e Event,
}

impl<P> Ev<'_, P> {
    fn opens(&self) -> bool {
        matches!(self.event, Event::Introduced(_))
    }

    /// `introduced` and `fixed` decide at their own version; `last_affected` only after it.
    fn decides_at_point(&self) -> bool {
        matches!(self.event, Event::Introduced(_) | Event::Fixed(_))
    }
}

fn parse_event<C: Comparator>(index: usize, event: &Event) -> Result<C::Parsed, VersionError> {
    C::parse(event.version()).map_err(|e| {
        VersionError::new(
            C::SCHEME,
            event.version(),
            format!(
                "OSV event #{index} `{}: {}`: {}",
                event.kind(),
                event.version(),
                e.reason
            ),
        )
    })
}

/// Convert one OSV range's events into the intervals it affects, keeping the bounding events.
///
/// The result answers exactly like the OSV schema's `IncludedInRanges` pseudo-code for this
/// range (see the module header for the rules).
///
/// # Errors
/// [`VersionError`] naming the event (index, kind and version) whose version does not parse.
pub fn osv_intervals<C: Comparator>(events: &[Event]) -> Result<Vec<OsvInterval>, VersionError> {
    let mut evs: Vec<Ev<'_, C::Parsed>> = Vec::with_capacity(events.len());
    let mut limits: Vec<(C::Parsed, &Event)> = Vec::new();
    let mut has_limit = false;
    let mut infinite_limit = false;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Limit(v) => {
                has_limit = true;
                if v.contains('*') {
                    infinite_limit = true;
                } else {
                    limits.push((parse_event::<C>(i, e)?, e));
                }
            }
            Event::Introduced(v) if from_beginning(C::SCHEME, v) => evs.push(Ev {
                key: Key::Bottom,
                event: e,
            }),
            _ => evs.push(Ev {
                key: Key::At(parse_event::<C>(i, e)?),
                event: e,
            }),
        }
    }
    // Stable: events at equal versions keep their written order.
    evs.sort_by(|a, b| a.key.cmp(&b.key));

    struct Built<'e, P> {
        lower: PBound<P>,
        lower_src: Bound,
        upper: PBound<P>,
        upper_src: Bound,
        events: Vec<&'e Event>,
    }
    let mut built: Vec<Built<'_, C::Parsed>> = Vec::new();
    // The interval being built: its lower bound and opening event.
    let mut open: Option<(PBound<C::Parsed>, Bound, &Event)> = None;
    // Affected state of the open region just before the current group of equal versions.
    let mut state = false;
    let mut start = 0;
    while start < evs.len() {
        let mut end = start + 1;
        while evs
            .get(end)
            .zip(evs.get(start))
            .is_some_and(|(a, b)| a.key.cmp(&b.key).is_eq())
        {
            end += 1;
        }
        let group = evs.get(start..end).unwrap_or_default();
        start = end;
        let Some(last) = group.last() else { break };
        let after = last.opens();
        let version = match &last.key {
            Key::Bottom => {
                // Only `introduced` events sort at the bottom, and nothing is before them.
                if after && !state {
                    open = Some((PBound::Unbounded, Bound::Unbounded, last.event));
                }
                state = after;
                continue;
            }
            Key::At(v) => v,
        };
        let decider = group.iter().rev().find(|e| e.decides_at_point());
        let at_point = decider.map_or(state, Ev::opens);
        if let Some(d) = decider {
            if at_point && !state {
                let text = d.event.version().to_string();
                open = Some((
                    PBound::At(version.clone(), true),
                    Bound::Inclusive(text),
                    d.event,
                ));
            }
            if !at_point
                && state
                && let Some((lower, lower_src, opener)) = open.take()
            {
                built.push(Built {
                    lower,
                    lower_src,
                    upper: PBound::At(version.clone(), false),
                    upper_src: Bound::Exclusive(d.event.version().to_string()),
                    events: vec![opener, d.event],
                });
            }
        }
        if after && !at_point {
            let text = last.event.version().to_string();
            open = Some((
                PBound::At(version.clone(), false),
                Bound::Exclusive(text),
                last.event,
            ));
        }
        if !after
            && at_point
            && let Some((lower, lower_src, opener)) = open.take()
        {
            built.push(Built {
                lower,
                lower_src,
                upper: PBound::At(version.clone(), true),
                upper_src: Bound::Inclusive(last.event.version().to_string()),
                events: vec![opener, last.event],
            });
        }
        state = after;
    }
    if state && let Some((lower, lower_src, opener)) = open.take() {
        built.push(Built {
            lower,
            lower_src,
            upper: PBound::Unbounded,
            upper_src: Bound::Unbounded,
            events: vec![opener],
        });
    }

    // `limit`: only versions below the greatest limit are affected (`*` lifts the cap).
    let cap = if has_limit && !infinite_limit {
        limits
            .into_iter()
            .reduce(|a, b| if b.0 > a.0 { b } else { a })
    } else {
        None
    };
    let mut out = Vec::with_capacity(built.len());
    for mut b in built {
        if let Some((limit, limit_event)) = &cap {
            let limit_bound = PBound::At(limit.clone(), false);
            if b.upper.cmp_as_upper(&limit_bound).is_gt() {
                b.upper = limit_bound;
                b.upper_src = Bound::Exclusive(limit_event.version().to_string());
                b.events.push(limit_event);
            }
            let capped = ParsedInterval::<C> {
                lower: b.lower,
                upper: b.upper,
            };
            if capped.is_empty() {
                continue;
            }
        }
        out.push(OsvInterval {
            interval: Interval {
                lower: b.lower_src,
                upper: b.upper_src,
            },
            events: b.events.into_iter().cloned().collect(),
        });
    }
    Ok(out)
}

/// The answer for one package version against one advisory's `affected` data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedMatch {
    /// Affected or not, and why.
    pub verdict: Verdict,
    /// What was skipped or tolerated on the way (GIT ranges, unparseable listed versions).
    pub notes: Vec<MatchNote>,
}

impl AffectedMatch {
    /// Is the version affected?
    pub fn is_affected(&self) -> bool {
        !matches!(self.verdict, Verdict::NotAffected)
    }
}

/// Whether a version is affected, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// In no range and not listed.
    NotAffected,
    /// Inside an interval of a range.
    InRange {
        /// Index of the range in the `ranges` given.
        range: usize,
        /// The interval that holds the version.
        interval: Interval,
        /// The events that bound that interval.
        events: Vec<Event>,
    },
    /// Equal (by the scheme's rules) to an explicitly listed version.
    Listed {
        /// Index in the `versions` given.
        index: usize,
        /// The listed version as written.
        version: String,
    },
}

/// Something skipped or tolerated while evaluating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchNote {
    /// A GIT range (commits, not versions) was not evaluated.
    GitRangeSkipped {
        /// Index of the range.
        range: usize,
        /// Its repository.
        repo: Option<String>,
    },
    /// An explicitly listed version does not parse under the scheme, so it cannot match.
    ListedVersionUnparseable {
        /// Index in the `versions` given.
        index: usize,
        /// The listed version as written.
        version: String,
        /// Why it does not parse.
        reason: String,
    },
}

/// Is `version` affected by OSV `ranges` and explicit `versions` under comparator `C`?
///
/// # Errors
/// [`VersionError`] when `version` does not parse, or when an event of any non-GIT range does
/// not parse (the error names the range and the event).
pub fn osv_affected_with<C: Comparator>(
    version: &str,
    ranges: &[OsvRange],
    versions: &[String],
) -> Result<AffectedMatch, VersionError> {
    let v = C::parse(version)?;
    let mut notes = Vec::new();
    let mut compiled = Vec::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        if r.kind == RangeKind::Git {
            notes.push(MatchNote::GitRangeSkipped {
                range: i,
                repo: r.repo.clone(),
            });
            continue;
        }
        let intervals = osv_intervals::<C>(&r.events).map_err(|e| {
            VersionError::new(e.scheme, &e.input, format!("range #{i}: {}", e.reason))
        })?;
        compiled.push((i, intervals));
    }
    for (i, intervals) in compiled {
        for o in intervals {
            if o.interval.contains_parsed::<C>(&v)? {
                return Ok(AffectedMatch {
                    verdict: Verdict::InRange {
                        range: i,
                        interval: o.interval,
                        events: o.events,
                    },
                    notes,
                });
            }
        }
    }
    for (i, listed) in versions.iter().enumerate() {
        match C::parse(listed) {
            Ok(p) if p == v => {
                return Ok(AffectedMatch {
                    verdict: Verdict::Listed {
                        index: i,
                        version: listed.clone(),
                    },
                    notes,
                });
            }
            Ok(_) => {}
            Err(e) => notes.push(MatchNote::ListedVersionUnparseable {
                index: i,
                version: listed.clone(),
                reason: e.reason,
            }),
        }
    }
    Ok(AffectedMatch {
        verdict: Verdict::NotAffected,
        notes,
    })
}

/// Call a function generic over [`Comparator`] with the comparator of a runtime scheme.
macro_rules! with_scheme {
    ($scheme:expr, $func:ident($($arg:expr),*)) => {
        match $scheme {
            VersionScheme::Semver => $func::<super::semver::Cargo>($($arg),*),
            VersionScheme::Npm => $func::<super::npm::Npm>($($arg),*),
            VersionScheme::Go => $func::<super::go::Go>($($arg),*),
            VersionScheme::Pep440 => $func::<super::pep440::Pep440>($($arg),*),
            VersionScheme::Maven => $func::<super::maven::Maven>($($arg),*),
            VersionScheme::RubyGems => $func::<super::rubygems::RubyGems>($($arg),*),
            VersionScheme::NuGet => $func::<super::nuget::NuGet>($($arg),*),
            VersionScheme::Composer => $func::<super::composer::Composer>($($arg),*),
            VersionScheme::Dpkg => $func::<super::dpkg::Dpkg>($($arg),*),
            VersionScheme::Rpm => $func::<super::rpm::Rpm>($($arg),*),
            VersionScheme::Apk => $func::<super::apk::Apk>($($arg),*),
        }
    };
}

/// [`osv_affected_with`] for a scheme known at run time.
///
/// `ranges` and `versions` are one package's OSV data; for several `affected[]` entries of the
/// same package pass them concatenated (OSV takes the union). Indexes in the answer refer to
/// the slices given.
///
/// # Errors
/// As [`osv_affected_with`].
pub fn osv_affected(
    scheme: VersionScheme,
    version: &str,
    ranges: &[OsvRange],
    versions: &[String],
) -> Result<AffectedMatch, VersionError> {
    with_scheme!(scheme, osv_affected_with(version, ranges, versions))
}

/// [`RangeSet::contains`] for a scheme known at run time.
///
/// # Errors
/// As [`RangeSet::contains`].
pub fn contains_in<'a>(
    scheme: VersionScheme,
    set: &'a RangeSet,
    version: &str,
) -> Result<Option<&'a Interval>, VersionError> {
    fn go<'a, C: Comparator>(
        set: &'a RangeSet,
        version: &str,
    ) -> Result<Option<&'a Interval>, VersionError> {
        set.contains::<C>(version)
    }
    with_scheme!(scheme, go(set, version))
}

/// [`RangeSet::from_osv_events`] for a scheme known at run time.
///
/// # Errors
/// As [`RangeSet::from_osv_events`].
pub fn from_osv_events_in(
    scheme: VersionScheme,
    events: &[Event],
) -> Result<RangeSet, VersionError> {
    fn go<C: Comparator>(events: &[Event]) -> Result<RangeSet, VersionError> {
        RangeSet::from_osv_events::<C>(events)
    }
    with_scheme!(scheme, go(events))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;

    /// Test comparator: plain integers.
    struct Int;

    impl Comparator for Int {
        const SCHEME: VersionScheme = VersionScheme::Semver;
        type Parsed = u64;
        fn parse(input: &str) -> Result<u64, VersionError> {
            input
                .parse()
                .map_err(|_| VersionError::new(Self::SCHEME, input, "not an integer"))
        }
    }

    /// Test comparator for the real records (so these tests do not depend on the SemVer and
    /// PEP 440 comparators written elsewhere): dot-separated numbers (trailing zeros ignored)
    /// and an optional pre-release tail that sorts below the release (`1.4.7.dev3`,
    /// `0.8.0-alpha2`, `0.0.0-0`).
    fn dotted(
        scheme: VersionScheme,
        input: &str,
    ) -> Result<(Vec<u64>, bool, String), VersionError> {
        let bad = |r: &str| VersionError::new(scheme, input, r);
        let end = input
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(input.len());
        let (nums, tail) = input.split_at(end);
        let nums = nums.strip_suffix('.').unwrap_or(nums);
        let mut n: Vec<u64> = nums
            .split('.')
            .map(|p| p.parse().map_err(|_| bad("bad number")))
            .collect::<Result<_, _>>()?;
        while n.last() == Some(&0) {
            n.pop();
        }
        let tail = tail.strip_prefix('-').unwrap_or(tail);
        if tail.chars().any(|c| !c.is_ascii_alphanumeric() && c != '.') {
            return Err(bad("bad pre-release"));
        }
        Ok((n, tail.is_empty(), tail.to_string()))
    }

    struct Dotted;

    impl Comparator for Dotted {
        const SCHEME: VersionScheme = VersionScheme::Semver;
        type Parsed = (Vec<u64>, bool, String);
        fn parse(input: &str) -> Result<Self::Parsed, VersionError> {
            dotted(Self::SCHEME, input)
        }
    }

    /// The same rules under a scheme where `0.0.0-0` is not special.
    struct DottedPep;

    impl Comparator for DottedPep {
        const SCHEME: VersionScheme = VersionScheme::Pep440;
        type Parsed = (Vec<u64>, bool, String);
        fn parse(input: &str) -> Result<Self::Parsed, VersionError> {
            dotted(Self::SCHEME, input)
        }
    }

    #[derive(Deserialize)]
    struct Record {
        affected: Vec<Affected>,
    }

    #[derive(Deserialize)]
    struct Affected {
        package: Package,
        #[serde(default)]
        ranges: Vec<OsvRange>,
        #[serde(default)]
        versions: Vec<String>,
    }

    #[derive(Deserialize)]
    struct Package {
        ecosystem: String,
        name: String,
    }

    /// The concatenated ranges and versions of every `affected[]` entry for one package.
    fn fixture(file: &str, ecosystem: &str, name: &str) -> (Vec<OsvRange>, Vec<String>) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/version-osv")
            .join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let record: Record = if file.ends_with(".yaml") {
            // Through a JSON value: serde_norway reads externally tagged enums only from YAML
            // tags (`!introduced`), not from single-key maps as OSV writes them.
            let value: serde_json::Value = serde_norway::from_str(&text).unwrap();
            serde_json::from_value(value).unwrap()
        } else {
            serde_json::from_str(&text).unwrap()
        };
        let mut ranges = Vec::new();
        let mut versions = Vec::new();
        for a in record.affected {
            if a.package.ecosystem == ecosystem && a.package.name == name {
                ranges.extend(a.ranges);
                versions.extend(a.versions);
            }
        }
        assert!(
            !ranges.is_empty() || !versions.is_empty(),
            "{file}: no {ecosystem}/{name}"
        );
        (ranges, versions)
    }

    fn intro(v: &str) -> Event {
        Event::Introduced(v.into())
    }
    fn fixed(v: &str) -> Event {
        Event::Fixed(v.into())
    }
    fn last(v: &str) -> Event {
        Event::LastAffected(v.into())
    }
    fn limit(v: &str) -> Event {
        Event::Limit(v.into())
    }
    fn inc(v: &str) -> Bound {
        Bound::Inclusive(v.into())
    }
    fn exc(v: &str) -> Bound {
        Bound::Exclusive(v.into())
    }
    fn iv(lower: Bound, upper: Bound) -> Interval {
        Interval { lower, upper }
    }

    #[test]
    fn events_to_intervals() {
        let u = Bound::Unbounded;
        let cases: Vec<(Vec<Event>, Vec<Interval>)> = vec![
            // Unfixed: every version.
            (vec![intro("0")], vec![iv(u.clone(), u.clone())]),
            // OSV "Fixed vulnerability example".
            (
                vec![intro("0"), fixed("102")],
                vec![iv(u.clone(), exc("102"))],
            ),
            // OSV "Multiple range example", written out of order: events are sorted.
            (
                vec![fixed("325"), intro("300"), fixed("102"), intro("100")],
                vec![iv(inc("100"), exc("102")), iv(inc("300"), exc("325"))],
            ),
            // last_affected is an inclusive upper bound.
            (
                vec![intro("0"), last("214")],
                vec![iv(u.clone(), inc("214"))],
            ),
            // Open-ended.
            (vec![intro("7")], vec![iv(inc("7"), u.clone())]),
            // No introduced: nothing.
            (vec![fixed("7")], vec![]),
            (vec![], vec![]),
            // limit caps the range; `*` lifts the cap; the greatest limit wins.
            (vec![intro("0"), limit("5")], vec![iv(u.clone(), exc("5"))]),
            (
                vec![intro("1"), fixed("3"), intro("4"), limit("5")],
                vec![iv(inc("1"), exc("3")), iv(inc("4"), exc("5"))],
            ),
            (vec![intro("1"), limit("*")], vec![iv(inc("1"), u.clone())]),
            (
                vec![intro("1"), limit("4"), limit("6")],
                vec![iv(inc("1"), exc("6"))],
            ),
            (vec![intro("6"), limit("5")], vec![]),
            // Equal versions keep their written order: [1,5) then [5,9) merge into [1,9) …
            (
                vec![intro("1"), fixed("5"), intro("5"), fixed("9")],
                vec![iv(inc("1"), exc("9"))],
            ),
            // … and introduced then fixed at the same version is empty.
            (vec![intro("5"), fixed("5")], vec![]),
            // A second introduced inside an open interval changes nothing.
            (
                vec![intro("1"), intro("3"), fixed("5")],
                vec![iv(inc("1"), exc("5"))],
            ),
        ];
        for (events, expected) in cases {
            let got = RangeSet::from_osv_events::<Int>(&events).unwrap();
            assert_eq!(got.intervals, expected, "{events:?}");
        }
    }

    #[test]
    fn evidence_names_the_bounding_events() {
        let events = vec![intro("1"), fixed("3"), intro("4"), limit("5")];
        let got = osv_intervals::<Int>(&events).unwrap();
        assert_eq!(got[0].events, vec![intro("1"), fixed("3")]);
        assert_eq!(got[1].events, vec![intro("4"), limit("5")]);
        let got = osv_intervals::<Int>(&[intro("0"), last("9")]).unwrap();
        assert_eq!(got[0].events, vec![intro("0"), last("9")]);
    }

    #[test]
    fn unparseable_versions_are_errors_naming_the_event() {
        let e = RangeSet::from_osv_events::<Int>(&[intro("1"), fixed("x.y")]).unwrap_err();
        assert_eq!(e.input, "x.y");
        assert!(
            e.reason.contains("event #1") && e.reason.contains("fixed"),
            "{e}"
        );
        let e = RangeSet::from_osv_events::<Int>(&[intro("1"), limit("abc")]).unwrap_err();
        assert!(e.reason.contains("limit"), "{e}");

        let ranges = vec![OsvRange {
            kind: RangeKind::Ecosystem,
            events: vec![intro("1"), fixed("bad")],
            repo: None,
        }];
        // The record is broken whatever version is asked about.
        for v in ["0", "1", "7"] {
            let e = osv_affected_with::<Int>(v, &ranges, &[]).unwrap_err();
            assert!(
                e.reason.contains("range #0") && e.reason.contains("fixed"),
                "{e}"
            );
        }
        // The component's own version.
        let e = osv_affected_with::<Int>("1.0", &[], &[]).unwrap_err();
        assert_eq!(e.input, "1.0");
        // A bound of a hand-built set.
        let set = RangeSet {
            intervals: vec![iv(inc("1"), exc("z"))],
        };
        let e = set.contains::<Int>("2").unwrap_err();
        assert!(e.reason.contains("upper bound"), "{e}");
    }

    /// RUSTSEC-2023-0001 (tokio): three introduced/fixed pairs in one SEMVER range.
    #[test]
    fn tokio_three_pairs() {
        let (ranges, versions) = fixture("RUSTSEC-2023-0001.json", "crates.io", "tokio");
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges[0].kind, RangeKind::Semver);
        let set = RangeSet::from_osv_events::<Dotted>(&ranges[0].events).unwrap();
        assert_eq!(
            set.intervals,
            vec![
                iv(inc("1.7.0"), exc("1.18.4")),
                iv(inc("1.19.0"), exc("1.20.3")),
                iv(inc("1.21.0"), exc("1.23.1")),
            ]
        );
        let expect = [
            ("1.6.9", false),
            ("1.7.0", true),
            ("1.18.3", true),
            ("1.18.4", false),
            ("1.18.5", false),
            ("1.19.0", true),
            ("1.20.2", true),
            ("1.20.3", false),
            ("1.21.0", true),
            ("1.23.0", true),
            ("1.23.1", false),
            ("1.24.0", false),
        ];
        for (v, affected) in expect {
            let m = osv_affected_with::<Dotted>(v, &ranges, &versions).unwrap();
            assert_eq!(m.is_affected(), affected, "tokio {v}");
        }
        let m = osv_affected_with::<Dotted>("1.19.5", &ranges, &versions).unwrap();
        assert_eq!(
            m.verdict,
            Verdict::InRange {
                range: 0,
                interval: iv(inc("1.19.0"), exc("1.20.3")),
                events: vec![intro("1.19.0"), fixed("1.20.3")],
            }
        );
    }

    /// RUSTSEC-2021-0078 (hyper): `introduced: 0.0.0-0` is "from the beginning" for SemVer.
    #[test]
    fn rustsec_zero_prerelease_is_the_beginning() {
        let (ranges, _) = fixture("RUSTSEC-2021-0078.json", "crates.io", "hyper");
        let set = RangeSet::from_osv_events::<Dotted>(&ranges[0].events).unwrap();
        assert_eq!(set.intervals, vec![iv(Bound::Unbounded, exc("0.14.10"))]);
        assert!(set.contains::<Dotted>("0.0.1").unwrap().is_some());
        assert!(set.contains::<Dotted>("0.14.10").unwrap().is_none());
        // Under a scheme where it is an ordinary version, it stays one.
        let set = RangeSet::from_osv_events::<DottedPep>(&ranges[0].events).unwrap();
        assert_eq!(set.intervals, vec![iv(inc("0.0.0-0"), exc("0.14.10"))]);
    }

    /// GHSA-xvch-5gv4-984h (minimist): two `affected[]` entries for one package = union.
    #[test]
    fn minimist_two_affected_entries() {
        let (ranges, versions) = fixture("GHSA-xvch-5gv4-984h.json", "npm", "minimist");
        assert_eq!(ranges.len(), 2);
        let expect = [
            ("0.0.1", Some(1)),
            ("0.2.1", Some(1)),
            ("0.2.4", None),
            ("0.9.0", None),
            ("1.0.0", Some(0)),
            ("1.2.5", Some(0)),
            ("1.2.6", None),
        ];
        for (v, range) in expect {
            let m = osv_affected_with::<Dotted>(v, &ranges, &versions).unwrap();
            let got = match m.verdict {
                Verdict::InRange { range, .. } => Some(range),
                _ => None,
            };
            assert_eq!(got, range, "minimist {v}");
        }
    }

    /// PYSEC-2022-42969 (py): `last_affected` is inclusive; the `versions` list matches by the
    /// scheme's equality; a version in both is reported once, by its range.
    #[test]
    fn py_last_affected_and_versions_list() {
        let (ranges, versions) = fixture("PYSEC-2022-42969.yaml", "PyPI", "py");
        let m = osv_affected_with::<DottedPep>("1.11.0", &ranges, &versions).unwrap();
        assert_eq!(
            m.verdict,
            Verdict::InRange {
                range: 0,
                interval: iv(Bound::Unbounded, inc("1.11.0")),
                events: vec![intro("0"), last("1.11.0")],
            }
        );
        assert!(m.notes.is_empty());
        assert!(
            !osv_affected_with::<DottedPep>("1.11.1", &ranges, &versions)
                .unwrap()
                .is_affected()
        );
        // Versions only: equal by the scheme (trailing zero), not by string.
        let m = osv_affected_with::<DottedPep>("1.4.7.0.dev3", &[], &versions).unwrap();
        assert_eq!(
            m.verdict,
            Verdict::Listed {
                index: versions.iter().position(|v| v == "1.4.7.dev3").unwrap(),
                version: "1.4.7.dev3".into(),
            }
        );
        assert!(
            !osv_affected_with::<DottedPep>("1.4.7.dev4", &[], &versions)
                .unwrap()
                .is_affected()
        );
    }

    /// PYSEC-2022-43012 (setuptools): the GIT range is skipped and reported, never compared.
    #[test]
    fn setuptools_git_range_is_skipped() {
        let (ranges, versions) = fixture("PYSEC-2022-43012.yaml", "PyPI", "setuptools");
        assert_eq!(ranges[0].kind, RangeKind::Git);
        let git_note = MatchNote::GitRangeSkipped {
            range: 0,
            repo: Some("https://github.com/pypa/setuptools".into()),
        };
        let m = osv_affected_with::<DottedPep>("65.5.0", &ranges, &versions).unwrap();
        assert!(
            matches!(m.verdict, Verdict::InRange { range: 1, .. }),
            "{m:?}"
        );
        assert_eq!(m.notes, vec![git_note.clone()]);
        let m = osv_affected_with::<DottedPep>("65.5.1", &ranges, &versions).unwrap();
        assert_eq!(m.verdict, Verdict::NotAffected);
        assert_eq!(m.notes, vec![git_note]);
        // A GIT-only record never errors on its commit hashes.
        let git_only = &ranges[..1];
        assert!(
            !osv_affected_with::<Int>("5", git_only, &[])
                .unwrap()
                .is_affected()
        );
    }

    #[test]
    fn unparseable_listed_versions_are_noted() {
        let versions = vec!["3".to_string(), "three".to_string(), "5".to_string()];
        let m = osv_affected_with::<Int>("5", &[], &versions).unwrap();
        assert_eq!(
            m.verdict,
            Verdict::Listed {
                index: 2,
                version: "5".into()
            }
        );
        assert!(matches!(
            &m.notes[..],
            [MatchNote::ListedVersionUnparseable { index: 1, .. }]
        ));
        let m = osv_affected_with::<Int>("4", &[], &versions).unwrap();
        assert_eq!(m.verdict, Verdict::NotAffected);
        assert_eq!(m.notes.len(), 1);
    }

    /// GHSA-57j2-w4cx-62h2 (jackson-databind, Maven): two entries and 4-part fix versions,
    /// through the run-time dispatch and the real Maven comparator.
    #[test]
    fn jackson_databind_with_maven() {
        let (ranges, versions) = fixture(
            "GHSA-57j2-w4cx-62h2.json",
            "Maven",
            "com.fasterxml.jackson.core:jackson-databind",
        );
        let expect = [
            ("2.9.10.8", Some(1)),
            ("2.12.6", Some(1)),
            ("2.12.6.0", Some(1)),
            ("2.12.6.1", None),
            ("2.12.7", None),
            ("2.13.0-rc1", None),
            ("2.13.0", Some(0)),
            ("2.13.2", Some(0)),
            ("2.13.2.1", None),
            ("2.13.2.2", None),
            ("2.13.3", None),
        ];
        for (v, range) in expect {
            let m = osv_affected(VersionScheme::Maven, v, &ranges, &versions).unwrap();
            let got = match m.verdict {
                Verdict::InRange { range, .. } => Some(range),
                _ => None,
            };
            assert_eq!(got, range, "jackson-databind {v}");
        }
        let set = from_osv_events_in(VersionScheme::Maven, &ranges[1].events).unwrap();
        assert_eq!(
            contains_in(VersionScheme::Maven, &set, "2.12.6").unwrap(),
            Some(&iv(Bound::Unbounded, exc("2.12.6.1")))
        );
    }

    /// GHSA-8hfj-j24r-96c4: the NuGet `Moment.js` entry, with the NuGet comparator.
    #[test]
    fn moment_js_with_nuget() {
        let (ranges, versions) = fixture("GHSA-8hfj-j24r-96c4.json", "NuGet", "Moment.js");
        let hit = |v: &str| {
            osv_affected(VersionScheme::NuGet, v, &ranges, &versions)
                .unwrap()
                .is_affected()
        };
        assert!(hit("2.29.1"));
        assert!(hit("2.29.2-beta"));
        assert!(!hit("2.29.2"));
        assert!(!hit("2.29.2.0"));
        assert!(!hit("2.30.1"));
        let set = from_osv_events_in(VersionScheme::NuGet, &ranges[0].events).unwrap();
        assert!(
            contains_in(VersionScheme::NuGet, &set, "1.0")
                .unwrap()
                .is_some()
        );
        assert!(contains_in(VersionScheme::NuGet, &set, "not-a-version").is_err());
    }

    #[test]
    fn serde_shapes() {
        let r: OsvRange = serde_json::from_str(
            r#"{"type":"SEMVER","events":[{"introduced":"0"},{"last_affected":"1.2"},{"limit":"*"}]}"#,
        )
        .unwrap();
        assert_eq!(r.kind, RangeKind::Semver);
        assert_eq!(r.events, vec![intro("0"), last("1.2"), limit("*")]);
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"type":"SEMVER","events":[{"introduced":"0"},{"last_affected":"1.2"},{"limit":"*"}]}"#
        );
        // The Bound/Interval shape other modules rely on.
        assert_eq!(
            serde_json::to_string(&iv(inc("1.0"), Bound::Unbounded)).unwrap(),
            r#"{"lower":{"kind":"inclusive","version":"1.0"},"upper":{"kind":"unbounded"}}"#
        );
        let m = AffectedMatch {
            verdict: Verdict::Listed {
                index: 0,
                version: "1".into(),
            },
            notes: vec![],
        };
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"verdict":{"kind":"listed","index":0,"version":"1"},"notes":[]}"#
        );
        assert_eq!(iv(exc("1"), inc("2")).to_string(), "(1, 2]");
        assert_eq!(Interval::all().to_string(), "(, )");
        assert_eq!(fixed("1.2").to_string(), "fixed 1.2");
    }

    #[test]
    fn set_operations_examples() {
        let u = Bound::Unbounded;
        let a = RangeSet {
            intervals: vec![iv(inc("5"), u.clone()), iv(inc("1"), exc("3"))],
        };
        assert_eq!(
            a.complement::<Int>().unwrap().intervals,
            vec![iv(u.clone(), exc("1")), iv(inc("3"), exc("5"))]
        );
        assert_eq!(
            RangeSet::empty().complement::<Int>().unwrap(),
            RangeSet::all()
        );
        assert_eq!(
            RangeSet::all().complement::<Int>().unwrap(),
            RangeSet::empty()
        );
        let b = RangeSet {
            intervals: vec![iv(exc("2"), inc("6"))],
        };
        assert_eq!(
            a.intersect::<Int>(&b).unwrap().intervals,
            vec![iv(exc("2"), exc("3")), iv(inc("5"), inc("6"))]
        );
        // Adjacent intervals merge; a gap at an excluded point does not.
        let c = RangeSet {
            intervals: vec![
                iv(inc("1"), exc("3")),
                iv(inc("3"), inc("4")),
                iv(exc("4"), exc("6")),
            ],
        };
        assert_eq!(
            c.normalize::<Int>().unwrap().intervals,
            vec![iv(inc("1"), exc("6"))]
        );
        let d = RangeSet {
            intervals: vec![iv(inc("1"), exc("3")), iv(exc("3"), inc("4"))],
        };
        assert_eq!(d.normalize::<Int>().unwrap().intervals.len(), 2);
        assert_eq!(a.union(&b).intervals.len(), 3);
        assert_eq!(Interval::exact("4").to_string(), "[4, 4]");
        assert_eq!(inc("4").version(), Some("4"));
    }

    /// The OSV schema's `IncludedInRanges` for one range, transcribed literally (stable sort,
    /// `introduced: "0"` before everything).
    fn reference(events: &[Event], v: u64) -> bool {
        let limits: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Limit(l) => Some(l.as_str()),
                _ => None,
            })
            .collect();
        let before_limits = limits.is_empty()
            || limits
                .iter()
                .any(|l| l.contains('*') || v < l.parse::<u64>().unwrap());
        if !before_limits {
            return false;
        }
        let key = |e: &Event| match e {
            Event::Introduced(s) if s == "0" => None,
            other => Some(other.version().parse::<u64>().unwrap()),
        };
        let mut sorted: Vec<&Event> = events
            .iter()
            .filter(|e| !matches!(e, Event::Limit(_)))
            .collect();
        sorted.sort_by_key(|e| key(e));
        let mut vulnerable = false;
        for e in sorted {
            let k = key(e);
            match e {
                Event::Introduced(_) if k.is_none_or(|k| v >= k) => vulnerable = true,
                Event::Fixed(_) if k.is_some_and(|k| v >= k) => vulnerable = false,
                Event::LastAffected(_) if k.is_some_and(|k| v > k) => vulnerable = false,
                _ => {}
            }
        }
        vulnerable
    }

    fn event_strategy() -> impl Strategy<Value = Event> {
        (0u8..4, 0u64..12, prop::bool::weighted(0.1)).prop_map(|(kind, n, star)| match kind {
            0 => Event::Introduced(n.to_string()),
            1 => Event::Fixed(n.to_string()),
            2 => Event::LastAffected(n.to_string()),
            _ if star => Event::Limit("*".into()),
            _ => Event::Limit(n.to_string()),
        })
    }

    fn bound_strategy() -> impl Strategy<Value = Bound> {
        prop_oneof![
            1 => Just(Bound::Unbounded),
            3 => (0u64..10).prop_map(|n| Bound::Inclusive(n.to_string())),
            3 => (0u64..10).prop_map(|n| Bound::Exclusive(n.to_string())),
        ]
    }

    fn set_strategy() -> impl Strategy<Value = RangeSet> {
        proptest::collection::vec((bound_strategy(), bound_strategy()), 0..4).prop_map(|v| {
            RangeSet {
                intervals: v
                    .into_iter()
                    .map(|(lower, upper)| Interval { lower, upper })
                    .collect(),
            }
        })
    }

    fn member(set: &RangeSet, v: u64) -> bool {
        set.contains::<Int>(&v.to_string()).unwrap().is_some()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn contains_agrees_with_osv_pseudocode(events in proptest::collection::vec(event_strategy(), 0..8)) {
            let set = RangeSet::from_osv_events::<Int>(&events).unwrap();
            for v in 0..14u64 {
                prop_assert_eq!(member(&set, v), reference(&events, v), "v={} events={:?} set={:?}", v, events, set);
            }
        }

        #[test]
        fn set_algebra(a in set_strategy(), b in set_strategy()) {
            let n = a.normalize::<Int>().unwrap();
            let c = a.complement::<Int>().unwrap();
            let i = a.intersect::<Int>(&b).unwrap();
            let u = a.union(&b);
            for v in 0..12u64 {
                let (x, y) = (member(&a, v), member(&b, v));
                prop_assert_eq!(member(&n, v), x);
                prop_assert_eq!(member(&c, v), !x);
                prop_assert_eq!(member(&i, v), x && y);
                prop_assert_eq!(member(&u, v), x || y);
            }
            // Normal form: sorted, disjoint, idempotent, complement is an involution.
            prop_assert_eq!(n.normalize::<Int>().unwrap(), n.clone());
            prop_assert_eq!(c.complement::<Int>().unwrap(), n);
        }
    }
}

/// Test-only: versions collected from the shared real-data folder (`/work/shared/data`).
#[cfg(test)]
pub(crate) mod shared_data {
    use std::collections::BTreeSet;
    use std::path::Path;

    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }

    /// Versions of `pkg:<ty>/...@version` purls in every text file, percent-decoded.
    pub(crate) fn purl_versions(root: &Path, ty: &str) -> BTreeSet<String> {
        let mut files = Vec::new();
        walk(root, &mut files);
        let needle = format!("pkg:{ty}/");
        let mut out = BTreeSet::new();
        for f in files {
            if f.extension().is_some_and(|e| e == "gz" || e == "zip") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let text = text.replace("&amp;", "&");
            for (i, _) in text.match_indices(&needle) {
                let purl: String = text[i..]
                    .chars()
                    .take_while(|c| {
                        !matches!(c, '"' | '\'' | '<' | '>' | ' ' | '\n' | '\r' | '\t' | ',')
                    })
                    .collect();
                let purl = purl.split(['?', '#']).next().unwrap_or("");
                if let Some((_, ver)) = purl.rsplit_once('@') {
                    let ver = percent_encoding::percent_decode_str(ver)
                        .decode_utf8_lossy()
                        .to_string();
                    if !ver.is_empty() {
                        out.insert(ver);
                    }
                }
            }
        }
        out
    }

    /// Event and listed versions of OSV `affected[]` entries of `ecosystem` in `*.json`.
    pub(crate) fn osv_versions(root: &Path, ecosystem: &str) -> BTreeSet<String> {
        let mut files = Vec::new();
        walk(root, &mut files);
        let mut out = BTreeSet::new();
        for f in files {
            if f.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let Some(affected) = doc.get("affected").and_then(|a| a.as_array()) else {
                continue;
            };
            for a in affected {
                if a.pointer("/package/ecosystem").and_then(|e| e.as_str()) != Some(ecosystem) {
                    continue;
                }
                for r in a
                    .get("ranges")
                    .and_then(|r| r.as_array())
                    .into_iter()
                    .flatten()
                {
                    for e in r
                        .get("events")
                        .and_then(|e| e.as_array())
                        .into_iter()
                        .flatten()
                    {
                        for (k, val) in e.as_object().into_iter().flatten() {
                            // `introduced: "0"` is OSV's "from the beginning", not a version.
                            if let Some(s) = val.as_str()
                                && !(k == "introduced" && s == "0")
                            {
                                out.insert(s.to_string());
                            }
                        }
                    }
                }
                for s in a
                    .get("versions")
                    .and_then(|v| v.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(s) = s.as_str() {
                        out.insert(s.to_string());
                    }
                }
            }
        }
        out
    }

    pub(crate) fn maven_versions(root: &Path) -> Vec<String> {
        let mut all = purl_versions(root, "maven");
        all.extend(osv_versions(root, "Maven"));
        all.into_iter().collect()
    }
}
