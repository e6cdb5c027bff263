//! RubyGems versions (`Gem::Version`), requirements (`Gem::Requirement`) and the RubySec
//! "affected = not patched and not unaffected" rule.
//!
//! Rules (reference: rubygems `lib/rubygems/version.rb`, `lib/rubygems/requirement.rb` and their
//! tests `test/rubygems/test_gem_version.rb`, `test_gem_requirement.rb`): a version is
//! `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?` with surrounding whitespace; every
//! `-` is read as `.pre.`; segments are the maximal runs of digits or of letters (`1.0b1` is
//! `1, 0, "b", 1`), so dots only separate. A version with any letter is a prerelease. Comparison
//! drops trailing zeros from the numeric head and from the string tail (`1.0 == 1`,
//! `1.0.a == 1.a`), then compares segment-wise padding with `0`: numbers numerically (any size),
//! strings bytewise, and a string is lower than any number (`1.0.a < 1.0`, `5.a < 5.0.0.rc2`).
//!
//! Hand-written rather than the `gem_version` crate: that crate reads numeric segments as `u32`
//! and silently turns larger ones (timestamps such as `1.20230101120000`) into *string* segments,
//! which orders them below every release; it also needs `regex`. Here numbers are compared as
//! digit strings, so any size is exact.
//!
//! Deliberate deviations: the empty string (RubyGems reads it as `0`) is an error, because an
//! empty version in an SBOM means "unknown", not "0". `~> X` is the plain interval
//! `[X, bump(X))`: RubyGems additionally excludes prereleases *of* `bump(X)` (`1.3.0.rc1` does not
//! satisfy `~> 1.2.3`, although it sorts below `1.3`); Stella treats every range as a plain order
//! interval, so such a prerelease is inside.
//!
//! This file also holds [`setops`], the small interval algebra (intersection, union, complement)
//! that the requirement parsers of RubyGems, PEP 440 and Composer share; it is generic over the
//! [`Comparator`] and would move to `range` once that module grows set operations.

use std::cmp::Ordering;

use super::range::RangeSet;
use super::{Comparator, VersionError, VersionScheme};

/// The RubyGems comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct RubyGems;

impl Comparator for RubyGems {
    const SCHEME: VersionScheme = VersionScheme::RubyGems;
    type Parsed = GemVersion;
    fn parse(input: &str) -> Result<GemVersion, VersionError> {
        GemVersion::parse(input)
    }
}

/// One segment of a gem version: a run of digits or a run of letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    /// Digits without leading zeros (`"0"` for zero), compared by length then bytewise.
    Num(String),
    /// Letters, compared bytewise (Ruby `String#<=>`).
    Str(String),
}

impl Segment {
    fn zero() -> Segment {
        Segment::Num("0".to_string())
    }
    fn is_zero(&self) -> bool {
        matches!(self, Segment::Num(n) if n == "0")
    }
}

impl Ord for Segment {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Segment::Num(a), Segment::Num(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (Segment::Str(a), Segment::Str(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Segment::Str(_), Segment::Num(_)) => Ordering::Less,
            (Segment::Num(_), Segment::Str(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Segment {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A parsed RubyGems version.
///
/// Invariant: `canonical` has no trailing zero segment, so two versions are equal exactly when
/// their canonical segments are identical. The text as given (trimmed) is kept for display and
/// evidence and takes no part in comparisons.
#[derive(Debug, Clone)]
pub struct GemVersion {
    text: String,
    /// Segments as scanned (for `bump`/`release`, which RubyGems computes on them).
    raw: Vec<Segment>,
    /// Segments with trailing zeros dropped from the numeric head and the string tail.
    canonical: Vec<Segment>,
}

impl GemVersion {
    /// Parse a version under `Gem::Version` rules.
    ///
    /// # Errors
    /// [`VersionError`] when the text (after trimming ASCII whitespace) is empty or does not match
    /// RubyGems' version pattern.
    pub fn parse(input: &str) -> Result<GemVersion, VersionError> {
        let err = |reason: &str| VersionError::new(VersionScheme::RubyGems, input, reason);
        let text = input.trim_matches(is_ruby_space);
        if text.is_empty() {
            return Err(err("empty version"));
        }
        check_pattern(text).map_err(|r| err(&r))?;
        let normalized = normalize_hyphens(text);
        let raw = scan_segments(&normalized);
        let prerelease = raw.iter().any(|s| matches!(s, Segment::Str(_)));
        let canonical = canonicalize(&normalized, prerelease);
        Ok(GemVersion {
            text: text.to_string(),
            raw,
            canonical,
        })
    }

    /// The version as given, without surrounding whitespace.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the version is a prerelease (contains a letter).
    pub fn is_prerelease(&self) -> bool {
        self.raw.iter().any(|s| matches!(s, Segment::Str(_)))
    }

    /// `Gem::Version#bump`: drop string segments and the last numeric segment, then increment the
    /// new last one (`5.2.4 → 5.3`, `5.0.0 → 5.1`, `5 → 6`, `5.2.4.a10 → 5.3`), as a version text.
    pub fn bump(&self) -> String {
        let mut segs: Vec<&str> = Vec::new();
        let first_str = self
            .raw
            .iter()
            .position(|s| matches!(s, Segment::Str(_)))
            .unwrap_or(self.raw.len());
        for s in self.raw.iter().take(first_str) {
            if let Segment::Num(n) = s {
                segs.push(n);
            }
        }
        if segs.len() > 1 {
            segs.pop();
        }
        let mut out: Vec<String> = segs.iter().map(|s| s.to_string()).collect();
        match out.last_mut() {
            Some(last) => *last = increment_decimal(last),
            // Unreachable for parsed versions (they start with a digit); keep a sane value.
            None => out.push("1".to_string()),
        }
        out.join(".")
    }
}

impl std::fmt::Display for GemVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Ord for GemVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = Segment::zero();
        let n = self.canonical.len().max(other.canonical.len());
        for i in 0..n {
            let a = self.canonical.get(i).unwrap_or(&zero);
            let b = other.canonical.get(i).unwrap_or(&zero);
            match a.cmp(b) {
                Ordering::Equal => {}
                ord => return ord,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for GemVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for GemVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for GemVersion {}

impl std::hash::Hash for GemVersion {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.canonical.hash(state);
    }
}

/// Ruby's `\s`: space, `\t`, `\n`, `\v`, `\f`, `\r`.
fn is_ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`, anchored.
fn check_pattern(text: &str) -> Result<(), String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 {
        return Err("a version must start with a digit".into());
    }
    // Dot-separated alphanumeric segments.
    while i < b.len() && b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == start {
            return Err(format!("empty segment at byte {start}"));
        }
    }
    if i < b.len() && b[i] == b'-' {
        // The `-` part: segments may contain `-`.
        i += 1;
        loop {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
                i += 1;
            }
            if i == start {
                return Err(format!("empty segment at byte {start}"));
            }
            if i < b.len() && b[i] == b'.' {
                i += 1;
                continue;
            }
            break;
        }
    }
    match b.get(i) {
        None => Ok(()),
        Some(_) => {
            let c = text[i..].chars().next().unwrap_or('?');
            Err(format!("unexpected {c:?} at byte {i}"))
        }
    }
}

/// `Gem::Version.normalize_hyphens`: split on `-` (Ruby `split`, so trailing empty fields are
/// dropped); a part whose first dot-separated identifier contains a letter is joined with `.`,
/// any other part becomes `pre.<part>` (`1.0.0-beta.1` → `1.0.0.beta.1`, `1.0.0-1` →
/// `1.0.0.pre.1`).
fn normalize_hyphens(text: &str) -> String {
    if !text.contains('-') {
        return text.to_string();
    }
    let mut parts: Vec<&str> = text.split('-').collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let first = part.split('.').next().unwrap_or("");
        if i == 0 || first.bytes().any(|b| b.is_ascii_alphabetic()) {
            out.push((*part).to_string());
        } else {
            out.push(format!("pre.{part}"));
        }
    }
    out.join(".")
}

/// Scan `/[0-9]+|[a-z]+/i`: maximal runs of digits or of letters; anything else separates.
fn scan_segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push(Segment::Num(strip_leading_zeros(&text[start..i])));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Segment::Str(text[start..i].to_string()));
        } else {
            i += 1;
        }
    }
    out
}

fn strip_leading_zeros(digits: &str) -> String {
    let t = digits.trim_start_matches('0');
    if t.is_empty() {
        "0".to_string()
    } else {
        t.to_string()
    }
}

/// Add one to a decimal digit string (any length).
pub(crate) fn increment_decimal(digits: &str) -> String {
    let mut bytes: Vec<u8> = strip_leading_zeros(digits).into_bytes();
    let mut i = bytes.len();
    loop {
        if i == 0 {
            bytes.insert(0, b'1');
            break;
        }
        i -= 1;
        if bytes[i] == b'9' {
            bytes[i] = b'0';
        } else {
            bytes[i] += 1;
            break;
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| "1".to_string())
}

/// `Gem::Version#canonical_segments` (current RubyGems): on the hyphen-normalised text, drop a
/// trailing run of `.`/`0` that follows a letter or a dot (`1.0.0` → `1.`); in a prerelease, drop
/// the first run of `0`/`.` that starts the text or follows a dot and is followed by a letter
/// (`1.0.0.a` → `1.a`); scan the segments; drop a `pre` segment followed by a letter segment
/// (`1.0.0.pre.beta.1` = `1.0.0.beta.1`). Trailing zero segments are then dropped too: they
/// never change the zero-padded comparison, and dropping them keeps `Hash` consistent with `Eq`.
fn canonicalize(normalized: &str, prerelease: bool) -> Vec<Segment> {
    let b = normalized.as_bytes();
    let is_dot_zero = |c: u8| c == b'.' || c == b'0';
    // Step 1: trailing [.0]+ after a letter or a dot.
    let mut q = b.len();
    while q > 0 && is_dot_zero(b[q - 1]) {
        q -= 1;
    }
    let mut end = b.len();
    for p in q.max(1)..b.len() {
        let prev = b[p - 1];
        if prev.is_ascii_alphabetic() || prev == b'.' {
            end = p;
            break;
        }
    }
    let mut text: Vec<u8> = b[..end].to_vec();
    // Step 2: in a prerelease, the first [0.]+ run after a dot (or at the start) and before a
    // letter.
    if prerelease {
        let mut p = 0;
        while p < text.len() {
            if (p == 0 || text[p - 1] == b'.') && is_dot_zero(text[p]) {
                let mut r = p;
                while r < text.len() && is_dot_zero(text[r]) {
                    r += 1;
                }
                if r < text.len() && text[r].is_ascii_alphabetic() {
                    text.drain(p..r);
                    break;
                }
            }
            p += 1;
        }
    }
    let segs = scan_segments(&String::from_utf8_lossy(&text));
    // Step 3: a redundant `pre` before a letter segment.
    let mut out: Vec<Segment> = Vec::with_capacity(segs.len());
    for (i, s) in segs.iter().enumerate() {
        let redundant_pre = matches!(s, Segment::Str(x) if x == "pre")
            && matches!(segs.get(i + 1), Some(Segment::Str(_)));
        if !redundant_pre {
            out.push(s.clone());
        }
    }
    while out.last().is_some_and(Segment::is_zero) {
        out.pop();
    }
    out
}

/// One `Gem::Requirement` operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Pessimistic,
}

/// Parse one requirement clause `op version` (the operator defaults to `=`).
fn parse_clause(clause: &str, whole: &str) -> Result<(Op, String), VersionError> {
    let err = |reason: String| VersionError::new(VersionScheme::RubyGems, whole, reason);
    let t = clause.trim_matches(is_ruby_space);
    let (op, rest) = [
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("~>", Op::Pessimistic),
        ("!=", Op::Ne),
        ("=", Op::Eq),
        (">", Op::Gt),
        ("<", Op::Lt),
    ]
    .iter()
    .find_map(|(s, op)| t.strip_prefix(s).map(|r| (*op, r)))
    .unwrap_or((Op::Eq, t));
    let v = rest.trim_matches(is_ruby_space);
    if v.is_empty() {
        return Err(err(format!("requirement `{t}` has no version")));
    }
    GemVersion::parse(v).map_err(|e| err(format!("in `{t}`: {}", e.reason)))?;
    Ok((op, v.to_string()))
}

/// Parse a RubyGems requirement as RubySec advisories write it: one string of comma-separated
/// clauses that must all hold (`"~> 5.2.4, >= 5.2.4.3"`), each `op version` with
/// `= != > < >= <= ~>` (no operator means `=`).
///
/// `~> X` is `>= X, < X.bump` (`~> 1.2.3` = `>= 1.2.3, < 1.3`; `~> 1.2` = `>= 1.2, < 2`;
/// `~> 1` = `>= 1, < 2`). The result is a sorted union of disjoint intervals whose bounds are the
/// version texts as written (or the computed bump). Stella treats ranges as plain order intervals:
/// a prerelease between the bounds is inside (RubyGems would exclude prereleases of the `~>` upper
/// bound; see the module header).
///
/// # Errors
/// [`VersionError`] for an empty requirement, an empty clause, an unknown operator or a version
/// RubyGems would reject.
pub fn parse_requirement(text: &str) -> Result<RangeSet, VersionError> {
    Ok(setops::to_range_set(&requirement_intervals(text)?))
}

fn requirement_intervals(text: &str) -> Result<Vec<setops::Iv<GemVersion>>, VersionError> {
    use setops::{End, Iv};
    if text.trim_matches(is_ruby_space).is_empty() {
        return Err(VersionError::new(
            VersionScheme::RubyGems,
            text,
            "empty requirement",
        ));
    }
    let mut acc = setops::everything::<GemVersion>();
    for clause in text.split(',') {
        let (op, v) = parse_clause(clause, text)?;
        let p = setops::point::<RubyGems>(&v)?;
        let ivs = match op {
            Op::Eq => vec![Iv::new(End::Incl(p.clone()), End::Incl(p))],
            Op::Ne => vec![
                Iv::new(End::Open, End::Excl(p.clone())),
                Iv::new(End::Excl(p), End::Open),
            ],
            Op::Gt => vec![Iv::new(End::Excl(p), End::Open)],
            Op::Lt => vec![Iv::new(End::Open, End::Excl(p))],
            Op::Ge => vec![Iv::new(End::Incl(p), End::Open)],
            Op::Le => vec![Iv::new(End::Open, End::Incl(p))],
            Op::Pessimistic => {
                let up = setops::point::<RubyGems>(&p.parsed.bump())?;
                vec![Iv::new(End::Incl(p), End::Excl(up))]
            }
        };
        acc = setops::intersect(&acc, &ivs);
    }
    Ok(acc)
}

/// The union of several requirement strings (a version in any of them is in the set).
///
/// # Errors
/// The first [`VersionError`] of [`parse_requirement`] among the strings.
pub fn parse_requirement_union<I, S>(requirements: I) -> Result<RangeSet, VersionError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    Ok(setops::to_range_set(&union_intervals(requirements)?))
}

fn union_intervals<I, S>(requirements: I) -> Result<Vec<setops::Iv<GemVersion>>, VersionError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut all = Vec::new();
    for r in requirements {
        all.extend(requirement_intervals(r.as_ref())?);
    }
    Ok(setops::normalize(all))
}

/// The *affected* versions of a RubySec advisory: every version that satisfies none of
/// `patched_versions` and none of `unaffected_versions` (each a list of requirement strings).
///
/// This is the complement of the union of all those requirements. A [`RangeSet`] is a union of
/// intervals over a total order, so its complement is again a finite union of intervals (the
/// gaps between the sorted, merged intervals, with each bound's inclusivity flipped); it is
/// computed exactly. With both lists empty every version is affected (one unbounded interval);
/// `>= 0` in `unaffected_versions` alone leaves only prereleases of `0` (`0.a`) affected, as in
/// RubyGems.
///
/// # Errors
/// The first [`VersionError`] of [`parse_requirement`] among the strings.
pub fn affected_from_advisory<P, U, S, T>(
    patched_versions: P,
    unaffected_versions: U,
) -> Result<RangeSet, VersionError>
where
    P: IntoIterator<Item = S>,
    U: IntoIterator<Item = T>,
    S: AsRef<str>,
    T: AsRef<str>,
{
    let mut all = union_intervals(patched_versions)?;
    all.extend(union_intervals(unaffected_versions)?);
    Ok(setops::to_range_set(&setops::complement(all)))
}

pub(crate) mod setops {
    //! Set algebra on unions of intervals whose bounds are version texts, compared with one
    //! scheme's [`Comparator`]: intersection, normalisation (sort + merge, so the output is
    //! canonical and deterministic) and complement. Every bound is parsed once, into [`Point`].

    use std::cmp::Ordering;

    use super::super::range::{Bound, Interval, RangeSet};
    use super::super::{Comparator, VersionError};

    /// A bound version: its parsed form (compared) and its text (kept for evidence).
    #[derive(Debug, Clone)]
    pub(crate) struct Point<P> {
        pub(crate) parsed: P,
        pub(crate) text: String,
    }

    /// Parse a bound.
    pub(crate) fn point<C: Comparator>(text: &str) -> Result<Point<C::Parsed>, VersionError> {
        Ok(Point {
            parsed: C::parse(text)?,
            text: text.to_string(),
        })
    }

    /// One end of an interval.
    #[derive(Debug, Clone)]
    pub(crate) enum End<P> {
        Open,
        Incl(Point<P>),
        Excl(Point<P>),
    }

    impl<P> End<P> {
        fn point(&self) -> Option<&Point<P>> {
            match self {
                End::Open => None,
                End::Incl(p) | End::Excl(p) => Some(p),
            }
        }
        fn is_incl(&self) -> bool {
            matches!(self, End::Incl(_))
        }
        /// The same point seen from the other side (a gap's bound).
        fn flip(&self) -> End<P>
        where
            P: Clone,
        {
            match self {
                End::Open => End::Open,
                End::Incl(p) => End::Excl(p.clone()),
                End::Excl(p) => End::Incl(p.clone()),
            }
        }
    }

    /// An interval `lo .. hi`.
    #[derive(Debug, Clone)]
    pub(crate) struct Iv<P> {
        pub(crate) lo: End<P>,
        pub(crate) hi: End<P>,
    }

    impl<P> Iv<P> {
        pub(crate) fn new(lo: End<P>, hi: End<P>) -> Self {
            Iv { lo, hi }
        }
    }

    /// Every version.
    pub(crate) fn everything<P>() -> Vec<Iv<P>> {
        vec![Iv::new(End::Open, End::Open)]
    }

    /// Order of lower bounds: unbounded first; at one version, inclusive before exclusive.
    fn cmp_lo<P: Ord>(a: &End<P>, b: &End<P>) -> Ordering {
        match (a.point(), b.point()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x
                .parsed
                .cmp(&y.parsed)
                .then_with(|| b.is_incl().cmp(&a.is_incl())),
        }
    }

    /// Order of upper bounds: unbounded last; at one version, exclusive before inclusive.
    fn cmp_hi<P: Ord>(a: &End<P>, b: &End<P>) -> Ordering {
        match (a.point(), b.point()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) => x
                .parsed
                .cmp(&y.parsed)
                .then_with(|| a.is_incl().cmp(&b.is_incl())),
        }
    }

    fn is_empty<P: Ord>(iv: &Iv<P>) -> bool {
        match (iv.lo.point(), iv.hi.point()) {
            (Some(l), Some(h)) => match l.parsed.cmp(&h.parsed) {
                Ordering::Greater => true,
                Ordering::Equal => !(iv.lo.is_incl() && iv.hi.is_incl()),
                Ordering::Less => false,
            },
            _ => false,
        }
    }

    /// Intersection of two unions.
    pub(crate) fn intersect<P: Ord + Clone>(a: &[Iv<P>], b: &[Iv<P>]) -> Vec<Iv<P>> {
        let mut out = Vec::new();
        for x in a {
            for y in b {
                let lo = if cmp_lo(&x.lo, &y.lo) == Ordering::Less {
                    y.lo.clone()
                } else {
                    x.lo.clone()
                };
                let hi = if cmp_hi(&x.hi, &y.hi) == Ordering::Greater {
                    y.hi.clone()
                } else {
                    x.hi.clone()
                };
                let iv = Iv::new(lo, hi);
                if !is_empty(&iv) {
                    out.push(iv);
                }
            }
        }
        normalize(out)
    }

    /// Drop empty intervals, sort by lower bound and merge overlapping or touching ones.
    pub(crate) fn normalize<P: Ord + Clone>(mut ivs: Vec<Iv<P>>) -> Vec<Iv<P>> {
        ivs.retain(|iv| !is_empty(iv));
        ivs.sort_by(|a, b| cmp_lo(&a.lo, &b.lo).then_with(|| cmp_hi(&a.hi, &b.hi)));
        let mut out: Vec<Iv<P>> = Vec::new();
        for iv in ivs {
            if let Some(cur) = out.last_mut() {
                let joins = match (cur.hi.point(), iv.lo.point()) {
                    (None, _) | (_, None) => true,
                    (Some(h), Some(l)) => match l.parsed.cmp(&h.parsed) {
                        Ordering::Less => true,
                        Ordering::Equal => cur.hi.is_incl() || iv.lo.is_incl(),
                        Ordering::Greater => false,
                    },
                };
                if joins {
                    if cmp_hi(&iv.hi, &cur.hi) == Ordering::Greater {
                        cur.hi = iv.hi;
                    }
                    continue;
                }
            }
            out.push(iv);
        }
        out
    }

    /// Every version in none of the intervals.
    pub(crate) fn complement<P: Ord + Clone>(ivs: Vec<Iv<P>>) -> Vec<Iv<P>> {
        let ivs = normalize(ivs);
        let mut out = Vec::new();
        let mut from: Option<End<P>> = Some(End::Open);
        for iv in &ivs {
            if let Some(lo) = from.take()
                && !matches!(iv.lo, End::Open)
            {
                let gap = Iv::new(lo, iv.lo.flip());
                if !is_empty(&gap) {
                    out.push(gap);
                }
            }
            from = match iv.hi {
                End::Open => None,
                ref hi => Some(hi.flip()),
            };
        }
        if let Some(lo) = from {
            out.push(Iv::new(lo, End::Open));
        }
        out
    }

    fn bound<P>(e: &End<P>) -> Bound {
        match e {
            End::Open => Bound::Unbounded,
            End::Incl(p) => Bound::Inclusive(p.text.clone()),
            End::Excl(p) => Bound::Exclusive(p.text.clone()),
        }
    }

    /// Whether a version lies in a [`RangeSet`] (bounds parsed with `C`); used by the tests of
    /// the requirement parsers. Unparseable bounds count as "not in".
    #[cfg(test)]
    pub(crate) fn contains<C: Comparator>(set: &RangeSet, version: &str) -> bool {
        let Ok(v) = C::parse(version) else {
            return false;
        };
        let side = |b: &Bound, lower: bool| -> bool {
            match b {
                Bound::Unbounded => true,
                Bound::Inclusive(t) => {
                    C::parse(t).is_ok_and(|p| if lower { p <= v } else { v <= p })
                }
                Bound::Exclusive(t) => C::parse(t).is_ok_and(|p| if lower { p < v } else { v < p }),
            }
        };
        set.intervals
            .iter()
            .any(|iv| side(&iv.lower, true) && side(&iv.upper, false))
    }

    /// The data form.
    pub(crate) fn to_range_set<P>(ivs: &[Iv<P>]) -> RangeSet {
        RangeSet {
            intervals: ivs
                .iter()
                .map(|iv| Interval {
                    lower: bound(&iv.lo),
                    upper: bound(&iv.hi),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::setops::contains;
    use super::*;
    use crate::version::range::{Bound, Interval};
    use proptest::prelude::*;

    fn v(s: &str) -> GemVersion {
        GemVersion::parse(s).unwrap()
    }

    /// Ordering vectors from rubygems `test/rubygems/test_gem_version.rb` (ruby/rubygems,
    /// `test_spaceship`, `test_semver`, `test_equals2`, `test_hyphen_and_dot_prerelease_...`,
    /// `test_sort_key_*`) and `test_gem_requirement.rb` (`test_satisfied_by_eh_good`/`test_bad`).
    #[test]
    fn ordering_matches_rubygems_tests() {
        use Ordering::{Equal as E, Greater as G, Less as L};
        let cases: &[(&str, &str, Ordering)] = &[
            ("1.0", "1.0.0", E),
            ("1.0", "1.0.a", G), // a letter makes a prerelease, below the release
            ("1.8.2", "0.0.0", G),
            ("1.8.2", "1.8.2.a", G),
            ("1.8.2.b", "1.8.2.a", G),
            ("1.8.2.a", "1.8.2", L),
            ("1.8.2.a10", "1.8.2.a9", G), // `a10` is `a, 10`: numeric comparison
            ("0.beta.1", "0.0.beta.1", E), // zeros before the first letter are dropped
            ("0.0.beta", "0.0.beta.1", L),
            ("0.0.beta", "0.beta.1", L),
            ("5.a", "5.0.0.rc2", L),
            ("5.x", "5.0.0.rc2", G), // strings compare bytewise: "x" > "rc"
            ("1.9.3", "1.9.3", E),
            ("1.9.3", "1.9.2.99", G),
            ("1.9.3", "1.9.3.1", L),
            ("1.2", "1.3", L),
            ("1.2.b1", "1.2.b.1", E), // dots only separate
            ("1.0.0-alpha", "1.0.0-alpha.1", L),
            ("1.0.0-alpha.1", "1.0.0-beta.2", L),
            ("1.0.0-beta.2", "1.0.0-beta.11", L),
            ("1.0.0-beta.11", "1.0.0-rc.1", L),
            ("1.0.0-rc1", "1.0.0", L),
            ("1.0.0-1", "1", L),                 // `-1` is `.pre.1`: a prerelease
            ("1.0.0.beta.1", "1.0.0-beta.1", E), // current RubyGems: `-beta` = `.beta`
            ("1.0.0.beta.1", "1.0.0.pre.beta.1", E), // a redundant `pre` is skipped
            ("1.0.0.1", "1.0.0-1", G),
            ("1.2.pre.1", "1.2.0.pre.1.0", E),
            ("1.0.0", "0.0.1.20220404083012", G),
            ("0.7.0", "0.6.63000", G),
            ("18.0.1", "18.0.2", L),
            ("1.freeze.test", "1", L),
            ("1.112", "1.111", G),
            ("0.0.0.0.0.2", "0.0.0", G),
            ("0.0.1.0", "0.0.0.1", G),
            ("10.3.2", "9.3.2", G),
            ("1.0.0.0", "1.0", E),
            ("3.1", "3.2.rc1", L),
            ("3.2.0", "3.2.0.rc1", G),
            ("3.2.0.rc2", "3.2.0.rc1", G),
            ("3.0.rc2", "3.0", L),
            ("1.2.003.0.0", "1.02.3", E), // leading zeros are numeric
            ("1.40", "1.1", G),
            ("9.3.03", "9.3.2", G),
            ("1.0.0.1", "1.0", G),
            // Beyond u32/u64: compared as numbers, not strings.
            ("1.20230101120000", "1.4294967296", G),
            ("1.99999999999999999999999", "1.99999999999999999999998", G),
        ];
        for (a, b, want) in cases {
            assert_eq!(v(a).cmp(&v(b)), *want, "{a} vs {b}");
            assert_eq!(v(b).cmp(&v(a)), want.reverse(), "{b} vs {a}");
            assert_eq!(v(a) == v(b), *want == E, "{a} == {b}");
        }
    }

    #[test]
    fn whitespace_prerelease_and_bump() {
        for good in ["1.0", "1.0 ", " 1.0 ", "1.0\n", "\n1.0\n"] {
            assert_eq!(v(good), v("1.0"), "{good:?}");
        }
        for p in [
            "1.2.0.a",
            "2.9.b",
            "22.1.50.0.d",
            "1.2.d.42",
            "1.A",
            "1-1",
            "1-a",
        ] {
            assert!(v(p).is_prerelease(), "{p}");
        }
        for r in ["1.2.0", "2.9", "22.1.50.0"] {
            assert!(!v(r).is_prerelease(), "{r}");
        }
        // test_bump*: 5.2.4 → 5.3, 5.2.4.a → 5.3, 5.2.4.a10 → 5.3, 5.0.0 → 5.1, 5 → 6.
        for (from, to) in [
            ("5.2.4", "5.3"),
            ("5.2.4.a", "5.3"),
            ("5.2.4.a10", "5.3"),
            ("5.0.0", "5.1"),
            ("5", "6"),
            ("1.freeze.test", "2"),
            ("1.9", "2"),
            ("0.99.9", "0.100"),
        ] {
            assert_eq!(v(from).bump(), to, "{from}");
        }
        assert_eq!(v(" 6.1.0.rc1 ").to_string(), "6.1.0.rc1");
    }

    #[test]
    fn junk_is_rejected_without_panic() {
        let long_digits = "1".repeat(10_000);
        let long_junk = "x".repeat(10_000);
        let bad = [
            "",
            "   ",
            "junk",
            "1.0\n2.0",
            "1..2",
            "1.2 3.4",
            "2.3422222.222.222222222.22222.ads0as.dasd0.ddd2222.2.qd3e.",
            "an incorrect version",
            "1.0\u{0}",
            "\u{7}1.0",
            "1a", // letters must follow a dot (or a `-`)
            "1.0-",
            "v1.0",
            "1.0_1",
            "١.٢",
            &long_junk,
        ];
        for b in bad {
            assert!(GemVersion::parse(b).is_err(), "{b:?} should be rejected");
        }
        // A very long but valid version parses (no recursion, linear time).
        assert!(GemVersion::parse(&long_digits).is_ok());
        let err = GemVersion::parse("1..2").unwrap_err();
        assert_eq!(err.scheme, VersionScheme::RubyGems);
        assert!(err.reason.contains("byte 2"), "{}", err.reason);
    }

    fn iv(lo: Bound, hi: Bound) -> Interval {
        Interval {
            lower: lo,
            upper: hi,
        }
    }
    fn inc(s: &str) -> Bound {
        Bound::Inclusive(s.into())
    }
    fn exc(s: &str) -> Bound {
        Bound::Exclusive(s.into())
    }

    #[test]
    fn requirement_shapes() {
        let r = |t: &str| parse_requirement(t).unwrap().intervals;
        assert_eq!(r("~> 1.2.3"), vec![iv(inc("1.2.3"), exc("1.3"))]);
        assert_eq!(r("~> 1.2"), vec![iv(inc("1.2"), exc("2"))]);
        assert_eq!(r("~> 1"), vec![iv(inc("1"), exc("2"))]);
        assert_eq!(r("~> 5.0.0"), vec![iv(inc("5.0.0"), exc("5.1"))]);
        // RubySec style: AND inside one string.
        assert_eq!(
            r("~> 5.2.4, >= 5.2.4.3"),
            vec![iv(inc("5.2.4.3"), exc("5.3"))]
        );
        assert_eq!(r(">= 6.0.3.1"), vec![iv(inc("6.0.3.1"), Bound::Unbounded)]);
        assert_eq!(r("1.0"), vec![iv(inc("1.0"), inc("1.0"))]); // no operator means `=`
        assert_eq!(r("=\n1"), vec![iv(inc("1"), inc("1"))]);
        assert_eq!(
            r("!= 1.2"),
            vec![
                iv(Bound::Unbounded, exc("1.2")),
                iv(exc("1.2"), Bound::Unbounded)
            ]
        );
        assert_eq!(
            r(">= 1.4, <= 1.6, != 1.5"),
            vec![iv(inc("1.4"), exc("1.5")), iv(exc("1.5"), inc("1.6"))]
        );
        // Contradictions give the empty set, not an error.
        assert!(r("< 1.0, > 2.0").is_empty());
        for bad in [
            "",
            " ",
            "! 1",
            "= junk",
            "1..2",
            ">>> 1.3.5",
            "> blah",
            ">= 1.0,",
            "~>",
        ] {
            assert!(parse_requirement(bad).is_err(), "{bad:?}");
        }
    }

    /// `test_gem_requirement.rb` satisfied_by vectors (version, requirement, expected).
    #[test]
    fn requirement_membership_matches_rubygems_tests() {
        let cases: &[(&str, &str, bool)] = &[
            ("1.1", "!= 1.2", true),
            ("1.2", "!= 1.2", false),
            ("1.3", "!= 1.2", true),
            ("1.1", "1.2", false),
            ("1.2", "1.2", true),
            ("1.2", "= 1.2", true),
            ("1.3", "= 1.2", false),
            ("1.2", "> 1.2", false),
            ("1.3", "> 1.2", true),
            ("1.2", ">= 1.2", true),
            ("1.1", ">= 1.2", false),
            ("1.2", "> 1.1, < 1.3", true),
            ("1.3", "> 1.1, < 1.3", false),
            ("1.2", "< 1.2", false),
            ("1.2", "<= 1.2", true),
            ("1.1", "~> 1.2", false),
            ("1.3", "~> 1.2", true),
            ("0.1.1", "~> 0.0.1", false),
            ("0.0.2", "~> 0.0.1", true),
            ("1.0.0", "= 1.0", true),
            ("1.0", "= 1.0.0", true),
            ("0.0.0.0.0.2", "> 0.0.0", true),
            ("0.0.1.0", "> 0.0.0.1", true),
            (" 9.3.2", ">= 9.3.2", true),
            ("3.1", "< 3.2.rc1", true),
            ("3.0.rc2", "< 3.0", true),
            ("3.0.rc2", "> 0", true),
            ("5.0.0.rc2", "~> 5.a", true),
            ("5.0.0.rc2", "~> 5.x", false),
            ("5.0.0", "~> 5.x", true),
            ("1.4", "~> 1.4.4", false),
            ("1.4.5", "~> 1.4.4", true),
            ("1.5", "~> 1.4.4", false),
            ("2.0.a", "~> 2.0", false),
            ("0.9", "~> 1", false),
            ("1.1", "~> 1", true),
            ("2.0", "~> 1", false),
            ("1.5", ">= 1.4, <= 1.6, != 1.5", false),
            ("1.6", ">= 1.4, <= 1.6, != 1.5", true),
            ("1.5.0.rc1", ">= 1.4.4, < 1.5", true),
            ("1.5.0.rc1", ">= 1.4.4, < 1.5.a", false),
            ("1.2.003.0.0", "!= 1.02.3", false),
            ("9.3.03", "<= 9.3.2", false),
            ("1.0.0.1", "= 1.0", false),
            // Deviation (module header): RubyGems says false, the plain interval says true.
            ("2.0.a", "~> 1.0", true),
        ];
        for (version, req, want) in cases {
            let set = parse_requirement(req).unwrap();
            assert_eq!(
                contains::<RubyGems>(&set, version),
                *want,
                "{version} in {req}"
            );
        }
    }

    /// The RubySec shape: activesupport CVE-2020-8165 and a gem with an unaffected range.
    #[test]
    fn rubysec_affected_is_complement_of_patched_and_unaffected() {
        let patched = ["~> 5.2.4, >= 5.2.4.3", ">= 6.0.3.1"];
        let affected = affected_from_advisory(patched, [] as [&str; 0]).unwrap();
        assert_eq!(
            affected.intervals,
            vec![
                iv(Bound::Unbounded, exc("5.2.4.3")),
                iv(inc("5.3"), exc("6.0.3.1"))
            ]
        );
        for (ver, want) in [
            ("6.0.2.1", true), // the trivy fluentd fixture's activesupport
            ("5.2.4.2", true),
            ("5.2.4.3", false),
            ("5.2.5", false),
            ("5.3.0", true),
            ("6.0.3.1", false),
            ("7.0.0", false),
        ] {
            assert_eq!(contains::<RubyGems>(&affected, ver), want, "{ver}");
        }
        let a = affected_from_advisory([">= 1.3.1"], ["< 1.0.0"]).unwrap();
        assert_eq!(a.intervals, vec![iv(inc("1.0.0"), exc("1.3.1"))]);
        // Nothing patched, nothing unaffected: everything is affected.
        let all = affected_from_advisory([] as [&str; 0], [] as [&str; 0]).unwrap();
        assert_eq!(all.intervals, vec![iv(Bound::Unbounded, Bound::Unbounded)]);
        // Everything patched: nothing affected.
        let none = affected_from_advisory(["< 2", ">= 1"], [] as [&str; 0]).unwrap();
        assert!(none.intervals.is_empty());
        // Point holes survive: `!= 1.5` patched means only 1.5 is affected.
        let hole = affected_from_advisory(["!= 1.5"], [] as [&str; 0]).unwrap();
        assert_eq!(hole.intervals, vec![iv(inc("1.5"), inc("1.5"))]);
        assert!(affected_from_advisory(["> junk"], [] as [&str; 0]).is_err());
    }

    /// Every requirement string in the RubySec snapshot parses (the acceptance test).
    #[test]
    fn rubysec_snapshot_requirements_all_parse() {
        let Some(files) = crate::version::pep440::testdata::shared_tarball(
            "rubysec-ruby-advisory-db/ruby-advisory-db-gems-rubies.tar.gz",
        ) else {
            return;
        };
        let mut strings = 0usize;
        let mut advisories = 0usize;
        let mut failures = Vec::new();
        for (path, text) in &files {
            if !path.ends_with(".yml") {
                continue;
            }
            let doc: serde_norway::Value = serde_norway::from_str(text).unwrap();
            let list = |k: &str| -> Vec<String> {
                doc.get(k)
                    .and_then(|v| v.as_sequence())
                    .map(|s| {
                        s.iter()
                            .map(|x| {
                                x.as_str()
                                    .map(str::to_string)
                                    .unwrap_or_else(|| format!("{x:?}"))
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let (patched, unaffected) = (list("patched_versions"), list("unaffected_versions"));
            for s in patched.iter().chain(&unaffected) {
                strings += 1;
                if let Err(e) = parse_requirement(s) {
                    failures.push(format!("{path}: {e}"));
                }
            }
            if affected_from_advisory(&patched, &unaffected).is_ok() {
                advisories += 1;
            }
        }
        let started = std::time::Instant::now();
        for (path, text) in &files {
            if path.ends_with(".yml") {
                for line in text.lines().filter(|l| l.trim_start().starts_with("- \"")) {
                    let _ =
                        parse_requirement(line.trim().trim_start_matches("- ").trim_matches('"'));
                }
            }
        }
        eprintln!(
            "rubysec: re-parsed the requirement lines in {:?}",
            started.elapsed()
        );
        eprintln!(
            "rubysec: {strings} requirement strings, {} failed; {advisories} advisories with an affected set",
            failures.len()
        );
        assert!(strings > 2000, "only {strings} strings found");
        assert!(failures.is_empty(), "{failures:#?}");
    }

    fn version_strategy() -> impl Strategy<Value = String> {
        let seg = prop_oneof![
            "[0-9]{1,3}",
            Just("0".to_string()),
            "[a-c]{1,2}",
            Just("pre".to_string()),
            Just("rc".to_string()),
            "[a-b][0-9]",
        ];
        (
            "[0-9]{1,2}",
            prop::collection::vec(seg, 0..5),
            prop::option::of("[0-9a-c]{1,3}"),
        )
            .prop_map(|(head, segs, hyphen)| {
                let mut s = head;
                for x in segs {
                    s.push('.');
                    s.push_str(&x);
                }
                if let Some(h) = hyphen {
                    s.push('-');
                    s.push_str(&h);
                }
                s
            })
    }

    proptest! {
        #[test]
        fn ordering_is_a_total_order(a in version_strategy(), b in version_strategy(), c in version_strategy()) {
            let (a, b, c) = (v(&a), v(&b), v(&c));
            prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
            if a <= b && b <= c {
                prop_assert!(a <= c);
            }
            prop_assert_eq!(a == b, a.cmp(&b) == Ordering::Equal);
            if a == b {
                use std::hash::{BuildHasher, RandomState};
                let h = RandomState::new();
                prop_assert_eq!(h.hash_one(&a), h.hash_one(&b));
            }
        }

        #[test]
        fn trailing_zeros_do_not_matter(a in version_strategy()) {
            prop_assume!(!a.contains('-'));
            prop_assert_eq!(v(&a), v(&format!("{a}.0")));
        }

        #[test]
        fn arbitrary_input_never_panics(s in any::<String>(), t in "[0-9a-z.~<>=!, -]{0,24}") {
            let _ = GemVersion::parse(&s);
            let _ = parse_requirement(&s);
            let _ = parse_requirement(&t);
            let _ = affected_from_advisory([t.as_str()], [s.as_str()]);
        }

        /// The complement of the complement is the (normalised) set itself, and a version is in
        /// exactly one of a set and its complement.
        #[test]
        fn complement_partitions_versions(r in "(>=|<|>|<=|~>|!=|=) [0-9]\\.[0-9]", x in version_strategy()) {
            let set = parse_requirement_union([r.as_str()]).unwrap();
            let comp = affected_from_advisory([r.as_str()], [] as [&str; 0]).unwrap();
            prop_assert_ne!(contains::<RubyGems>(&set, &x), contains::<RubyGems>(&comp, &x));
        }
    }
}
