//! Maven versions: Apache Maven's `ComparableVersion` (maven-artifact 3.9.x), and Maven's
//! version-range notation (`[1.0,2.0)`, `(,1.0]`, `[1.2]`, unions `[1,2),[3,)`).
//!
//! **Rules** (reference: `org.apache.maven.artifact.versioning.ComparableVersion` in
//! apache/maven, branch `maven-3.9.x`, and its `ComparableVersionTest`). The version is
//! lower-cased and split into items at `.`, at `-`, and at every digit/letter transition. Digit
//! runs are numbers (leading zeros ignored; Maven keeps int/long/big-integer tiers by length),
//! letter runs are qualifiers. `-`, a letter→digit transition, and a qualifier at the very end
//! after `.` open a *sub-list* (so `1.0.0.RC1 < 1.0.0-RC2` and `2.0.X == 2-X`, MNG-7644).
//! Trailing "null" items (`0`, empty qualifier, empty list) are removed, also just before a
//! trailing sub-list, so `1 == 1.0 == 1-0 == 1.0.0.Final`. Qualifiers order
//! `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp <` unknown
//! qualifiers (lexically, case-insensitively); `a1`/`b1`/`m1` mean alpha/beta/milestone only when
//! a digit follows. At one position, qualifier < sub-list < number (`1-sp < 1-1 < 1.1`), and a
//! missing item compares as "null" (`1-rc < 1 < 1-sp`, `1 < 1.1`).
//!
//! **The design decision a newcomer would undo:** Maven 3.9's comparison is *not* a total order
//! for a few odd spellings, e.g. `1-0-alpha < 1 < 1-sp < 1-0-alpha` or
//! `2.0.beta-1 < 2 < 2-1 < 2.0.beta-1`: a qualifier that sits in the *middle* of a list (not
//! followed by a digit) is compared with numbers by type while the "missing item" rule compares
//! it with the release. Rust's `Ord` must be total (sorting may panic otherwise), so before
//! comparing we rewrite the parsed items in two narrow cases, extending MNG-7644's own rule:
//! (a) a qualifier that is not the first item of its list opens a sub-list (`2.0.beta-1` is
//! read as `2.0-beta-1`, like Maven already reads `2.0.beta1` and `2.0.beta`), and (b) a list
//! whose only item is a sub-list starting with a pre-release qualifier is merged into it
//! (`1-0-alpha` is read as `1-alpha`). For every version the rewrite leaves unchanged
//! ([`MavenVersion::is_maven_exact`]: every version in the shared SBOMs and advisories) the order
//! is exactly Maven 3.9's; [`compare_maven_3_9`] keeps the literal (non-transitive) comparison
//! for cross-checks. Digits are ASCII digits only (as in Maven 4; Java's `isDigit` would also
//! take e.g. Arabic-Indic digits), and unknown qualifiers compare by UTF-16 code units as Java.
//!
//! Hand-written, as `/work/shared/CRATES.md` plans: it names no crate for `ComparableVersion`,
//! and exactness matters more than size here. The literal port ([`compare_maven_3_9`]) is
//! checked against 2,613 comparisons computed by Maven's own jar (maven-artifact 3.8.7, the
//! first release with MNG-7644) in `testdata/version-maven/`.
//! Parsing is a single pass over the characters, no regex.

use std::cmp::Ordering;

use super::range::{Bound, Interval, RangeSet};
use super::{Comparator, VersionError, VersionScheme};

/// Longest version accepted, in characters (real Maven versions are far shorter; the limit
/// keeps comparison recursion and memory bounded on hostile input).
pub const MAX_VERSION_CHARS: usize = 256;

/// The Maven comparator (`ComparableVersion` rules).
#[derive(Debug, Clone, Copy, Default)]
pub struct Maven;

impl Comparator for Maven {
    const SCHEME: VersionScheme = VersionScheme::Maven;
    type Parsed = MavenVersion;

    fn parse(input: &str) -> Result<MavenVersion, VersionError> {
        MavenVersion::parse(input)
    }
}

/// A parsed Maven version. Ordering and equality ignore the original spelling
/// (`1.0.Final == 1`, `1-RC1 == 1-cr-1`).
#[derive(Debug, Clone)]
pub struct MavenVersion {
    original: String,
    items: Vec<Item>,
    exact: bool,
}

/// One item of a parsed version.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Num(Num),
    Str(Qualifier),
    List(Vec<Item>),
}

/// A number item. Maven keeps three item classes by digit count (int up to 9 digits, long up to
/// 18, big integer beyond) and orders by class first; the class is decided on the digit string
/// with leading zeros stripped, except that an all-zero string keeps its length (so
/// `0000000000` is a "long" zero). `digits` holds the value without leading zeros (`""` = 0).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Num {
    tier: u8,
    digits: String,
}

impl Num {
    fn parse(run: &str) -> Num {
        let stripped = run.trim_start_matches('0');
        // Maven's stripLeadingZeroes returns an all-zero string unchanged.
        let class_len = if stripped.is_empty() {
            run.len()
        } else {
            stripped.len()
        };
        let tier = match class_len {
            0..=9 => 0,
            10..=18 => 1,
            _ => 2,
        };
        Num {
            tier,
            digits: stripped.to_string(),
        }
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Self) -> Ordering {
        self.tier
            .cmp(&other.tier)
            .then(self.digits.len().cmp(&other.digits.len()))
            .then_with(|| self.digits.cmp(&other.digits))
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Index of the release ("" / ga / final / release) among the known qualifiers.
const RELEASE: u8 = 5;

/// A qualifier: one of Maven's known ones (by rank) or any other text (lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Qualifier {
    /// `alpha`=0, `beta`=1, `milestone`=2, `rc`=3, `snapshot`=4, `""`=5, `sp`=6.
    Known(u8),
    /// Anything else; sorts after every known qualifier, lexically.
    Unknown(String),
}

impl Qualifier {
    fn new(run: &str, followed_by_digit: bool) -> Qualifier {
        let run = if followed_by_digit {
            match run {
                "a" => "alpha",
                "b" => "beta",
                "m" => "milestone",
                other => other,
            }
        } else {
            run
        };
        match run {
            "alpha" => Qualifier::Known(0),
            "beta" => Qualifier::Known(1),
            "milestone" => Qualifier::Known(2),
            "rc" | "cr" => Qualifier::Known(3),
            "snapshot" => Qualifier::Known(4),
            "" | "ga" | "final" | "release" => Qualifier::Known(RELEASE),
            "sp" => Qualifier::Known(6),
            other => Qualifier::Unknown(other.to_string()),
        }
    }

    fn is_release(&self) -> bool {
        *self == Qualifier::Known(RELEASE)
    }

    /// Compared with the release qualifier (what a missing item means).
    fn cmp_release(&self) -> Ordering {
        match self {
            Qualifier::Known(rank) => rank.cmp(&RELEASE),
            Qualifier::Unknown(_) => Ordering::Greater,
        }
    }
}

impl Ord for Qualifier {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Qualifier::Known(a), Qualifier::Known(b)) => a.cmp(b),
            (Qualifier::Known(_), Qualifier::Unknown(_)) => Ordering::Less,
            (Qualifier::Unknown(_), Qualifier::Known(_)) => Ordering::Greater,
            // Java's String.compareTo: UTF-16 code units.
            (Qualifier::Unknown(a), Qualifier::Unknown(b)) => {
                a.encode_utf16().cmp(b.encode_utf16())
            }
        }
    }
}

impl PartialOrd for Qualifier {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Item {
    /// Maven's `isNull`: items that trailing normalisation removes.
    fn is_null(&self) -> bool {
        match self {
            Item::Num(n) => n.is_zero(),
            Item::Str(q) => q.is_release(),
            Item::List(items) => items.is_empty(),
        }
    }

    /// Maven's `compareTo(null)`: this item against a missing one.
    fn cmp_missing(&self) -> Ordering {
        match self {
            Item::Num(n) => {
                if n.is_zero() {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                }
            }
            Item::Str(q) => q.cmp_release(),
            Item::List(items) => items
                .iter()
                .map(Item::cmp_missing)
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal),
        }
    }

    /// Maven's item comparison: at one position, qualifier < list < number.
    fn cmp_item(&self, other: &Item) -> Ordering {
        match (self, other) {
            (Item::Num(a), Item::Num(b)) => a.cmp(b),
            (Item::Num(_), _) => Ordering::Greater,
            (_, Item::Num(_)) => Ordering::Less,
            (Item::Str(a), Item::Str(b)) => a.cmp(b),
            (Item::Str(_), Item::List(_)) => Ordering::Less,
            (Item::List(_), Item::Str(_)) => Ordering::Greater,
            (Item::List(a), Item::List(b)) => cmp_lists(a, b),
        }
    }
}

/// Maven's list comparison: item by item, a missing item compared as "null".
fn cmp_lists(a: &[Item], b: &[Item]) -> Ordering {
    let len = a.len().max(b.len());
    for i in 0..len {
        let o = match (a.get(i), b.get(i)) {
            (Some(l), Some(r)) => l.cmp_item(r),
            (Some(l), None) => l.cmp_missing(),
            (None, Some(r)) => r.cmp_missing().reverse(),
            (None, None) => Ordering::Equal,
        };
        if o.is_ne() {
            return o;
        }
    }
    Ordering::Equal
}

/// Maven's `normalize`: drop null items from the end, looking through a trailing sub-list.
fn normalize(items: &mut Vec<Item>) {
    let mut i = items.len();
    while i > 0 {
        i -= 1;
        let (null, list) = match items.get(i) {
            Some(item) => (item.is_null(), matches!(item, Item::List(_))),
            None => break,
        };
        if null {
            items.remove(i);
        } else if !list {
            break;
        }
    }
}

/// Parse into Maven 3.9's item tree, literally.
fn parse_items(lower: &str) -> Vec<Item> {
    // Each new sub-list is appended to the current list and becomes current; nothing is ever
    // added to a parent afterwards, so the tree is a chain of levels folded at the end.
    let mut levels: Vec<Vec<Item>> = vec![Vec::new()];
    let mut is_digit = false;
    let mut start = 0usize; // byte offset of the current run
    for (i, c) in lower.char_indices() {
        if c == '.' || c == '-' {
            let item = if i == start {
                Item::Num(Num::parse("0"))
            } else {
                run_item(is_digit, &lower[start..i])
            };
            push(&mut levels, item);
            start = i + 1;
            if c == '-' {
                levels.push(Vec::new());
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                // A qualifier followed by a digit: `.X1` reads as `-X-1` (MNG-7644).
                if levels.last().is_some_and(|l| !l.is_empty()) {
                    levels.push(Vec::new());
                }
                push(
                    &mut levels,
                    Item::Str(Qualifier::new(&lower[start..i], true)),
                );
                start = i;
                levels.push(Vec::new());
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                push(&mut levels, Item::Num(Num::parse(&lower[start..i])));
                start = i;
                levels.push(Vec::new());
            }
            is_digit = false;
        }
    }
    if lower.len() > start {
        // A trailing qualifier after `.` reads as `-X` (MNG-7644).
        if !is_digit && levels.last().is_some_and(|l| !l.is_empty()) {
            levels.push(Vec::new());
        }
        push(&mut levels, run_item(is_digit, &lower[start..]));
    }
    let mut child: Option<Vec<Item>> = None;
    while let Some(mut level) = levels.pop() {
        if let Some(c) = child.take() {
            level.push(Item::List(c));
        }
        normalize(&mut level);
        child = Some(level);
    }
    child.unwrap_or_default()
}

fn push(levels: &mut [Vec<Item>], item: Item) {
    if let Some(level) = levels.last_mut() {
        level.push(item);
    }
}

fn run_item(is_digit: bool, run: &str) -> Item {
    if is_digit {
        Item::Num(Num::parse(run))
    } else {
        Item::Str(Qualifier::new(run, false))
    }
}

/// Rewrite a normalised Maven tree so that comparison is a total order (see the module header):
/// (a) a qualifier that is not the first item of its list opens a sub-list; (b) a list whose
/// only item is a sub-list headed by a pre-release qualifier is merged into it.
fn canonical(items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    let mut iter = items.into_iter();
    while let Some(item) = iter.next() {
        match item {
            Item::Str(q) if !out.is_empty() => {
                let mut rest = vec![Item::Str(q)];
                rest.extend(iter.by_ref());
                out.push(Item::List(canonical(rest)));
            }
            Item::List(sub) => out.push(Item::List(canonical(sub))),
            other => out.push(other),
        }
    }
    normalize(&mut out);
    loop {
        let merge = matches!(
            out.as_slice(),
            [Item::List(sub)] if matches!(sub.first(), Some(Item::Str(q)) if q.cmp_release().is_lt())
        );
        if !merge {
            break;
        }
        match out.pop() {
            Some(Item::List(sub)) => out = sub,
            _ => break,
        }
    }
    out
}

fn check_text(input: &str) -> Result<(), VersionError> {
    let err = |reason: &str| Err(VersionError::new(VersionScheme::Maven, input, reason));
    if input.is_empty() {
        return err("empty version");
    }
    let chars = input.chars().count();
    if chars > MAX_VERSION_CHARS {
        return err(&format!(
            "{chars} characters, longer than the {MAX_VERSION_CHARS} accepted"
        ));
    }
    if let Some((pos, c)) = input
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return err(&format!(
            "contains {c:?} at byte {pos} (whitespace and control characters are not allowed)"
        ));
    }
    Ok(())
}

impl MavenVersion {
    /// Parse a Maven version.
    ///
    /// Maven itself accepts any string; Stella additionally rejects the empty string, strings
    /// with whitespace or control characters, and strings longer than [`MAX_VERSION_CHARS`].
    ///
    /// # Errors
    /// [`VersionError`] for those cases.
    pub fn parse(input: &str) -> Result<MavenVersion, VersionError> {
        check_text(input)?;
        let exact_items = parse_items(&input.to_lowercase());
        let items = canonical(exact_items.clone());
        let exact = items == exact_items;
        Ok(MavenVersion {
            original: input.to_string(),
            items,
            exact,
        })
    }

    /// The version as written.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// `false` when this version is one of the odd spellings for which Stella's total order
    /// departs from Maven 3.9's (non-transitive) comparison; see the module header.
    pub fn is_maven_exact(&self) -> bool {
        self.exact
    }

    /// A canonical spelling of the items Stella compares (`1.0.0-RC1` → `1-rc-1`), in the
    /// style of `ComparableVersion::getCanonical` but always re-parsing to an equal version
    /// (Maven's own does not, MNG-7700).
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        write_items(&self.items, &mut out);
        out
    }
}

fn write_items(items: &[Item], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        match (i, item) {
            // A sub-list first in its list (`0-1` reads as `[[1]]`): keep the zero it followed.
            (0, Item::List(_)) => out.push_str("0-"),
            (0, _) => {}
            (_, Item::List(_)) => out.push('-'),
            _ => out.push('.'),
        }
        match item {
            // Zeros keep Maven's number class (a 10-digit zero is a "long").
            Item::Num(n) if n.is_zero() => out.push_str(match n.tier {
                0 => "0",
                1 => "0000000000",
                _ => "0000000000000000000",
            }),
            Item::Num(n) => out.push_str(&n.digits),
            Item::Str(Qualifier::Known(rank)) => out.push_str(match rank {
                0 => "alpha",
                1 => "beta",
                2 => "milestone",
                3 => "rc",
                4 => "snapshot",
                6 => "sp",
                // The release qualifier only survives before further items; `ga` keeps it.
                _ => "ga",
            }),
            Item::Str(Qualifier::Unknown(s)) => out.push_str(s),
            Item::List(sub) => write_items(sub, out),
        }
    }
}

impl PartialEq for MavenVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for MavenVersion {}

impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_lists(&self.items, &other.items)
    }
}

impl PartialOrd for MavenVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for MavenVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.original)
    }
}

/// Maven 3.9's literal `ComparableVersion.compareTo`, without Stella's rewrite.
///
/// This is **not** a total order for a few odd spellings (see the module header); use it only
/// to cross-check, never to sort. Stella's [`MavenVersion`] order agrees with it whenever both
/// versions are [`MavenVersion::is_maven_exact`].
///
/// # Errors
/// [`VersionError`] when either side is rejected by [`MavenVersion::parse`].
pub fn compare_maven_3_9(a: &str, b: &str) -> Result<Ordering, VersionError> {
    check_text(a)?;
    check_text(b)?;
    Ok(cmp_lists(
        &parse_items(&a.to_lowercase()),
        &parse_items(&b.to_lowercase()),
    ))
}

/// Parse Maven version-range notation into a [`RangeSet`].
///
/// Grammar (maven-artifact `VersionRange.createFromVersionSpec`): one or more comma-separated
/// restrictions, each `[` or `(`, an optional lower version, a comma, an optional upper version,
/// `]` or `)` (`[1.0,2.0)`, `(,1.0]`, `[1.5,)`), or a single pinned version `[1.2]`. Restrictions
/// must be in increasing order and must not overlap. Bounds are kept as written.
///
/// Deviation: a bare version (`1.0`) is Maven's "soft requirement", which matches every
/// version when Maven resolves dependencies; as an affected-version statement Stella reads it
/// as exactly that version (`[1.0]`). Prereleases are not special: the set is a plain order
/// interval, so `1.5-SNAPSHOT` is inside `[1.0,2.0)`.
///
/// # Errors
/// [`VersionError`] naming the offending part: an unclosed bracket, a single version not in
/// `[]`, a bound that is not a version, an upper bound below the lower one, overlapping or
/// unordered restrictions, or text after the last restriction.
pub fn parse_requirement(text: &str) -> Result<RangeSet, VersionError> {
    let err = |reason: String| VersionError::new(VersionScheme::Maven, text, reason);
    let spec = text.trim();
    if spec.is_empty() {
        return Err(err("empty version range".into()));
    }
    if !spec.starts_with(['[', '(']) {
        MavenVersion::parse(spec)
            .map_err(|e| err(format!("bare version `{spec}`: {}", e.reason)))?;
        return Ok(RangeSet {
            intervals: vec![Interval {
                lower: Bound::Inclusive(spec.to_string()),
                upper: Bound::Inclusive(spec.to_string()),
            }],
        });
    }
    let mut rest = spec;
    let mut intervals = Vec::new();
    let mut previous_upper: Option<MavenVersion> = None;
    let mut first = true;
    while rest.starts_with(['[', '(']) {
        let close = rest
            .find([']', ')'])
            .ok_or_else(|| err(format!("unclosed range `{rest}`")))?;
        let (piece, tail) = rest.split_at(close + 1);
        let (interval, lower, upper) = parse_restriction(piece).map_err(&err)?;
        if !first {
            match (&previous_upper, &lower) {
                (Some(prev), Some(low)) if low >= prev => {}
                _ => {
                    return Err(err(format!(
                        "restriction `{piece}` overlaps or precedes the one before it"
                    )));
                }
            }
        }
        first = false;
        previous_upper = upper;
        intervals.push(interval);
        rest = tail.trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            // Maven accepts (and ignores) a trailing comma.
            rest = after.trim_start();
        }
    }
    if !rest.is_empty() {
        return Err(err(format!(
            "`{rest}` after the restrictions (only bracketed ranges may be combined)"
        )));
    }
    Ok(RangeSet { intervals })
}

type Restriction = (Interval, Option<MavenVersion>, Option<MavenVersion>);

/// One bracketed restriction: the interval and its parsed bounds.
fn parse_restriction(piece: &str) -> Result<Restriction, String> {
    let lower_inclusive = piece.starts_with('[');
    let upper_inclusive = piece.ends_with(']');
    let inner = piece
        .get(1..piece.len().saturating_sub(1))
        .unwrap_or("")
        .trim();
    let bound = |s: &str, inclusive: bool| -> Result<(Bound, Option<MavenVersion>), String> {
        if s.is_empty() {
            return Ok((Bound::Unbounded, None));
        }
        let v = MavenVersion::parse(s).map_err(|e| format!("bound `{s}`: {}", e.reason))?;
        let b = if inclusive {
            Bound::Inclusive(s.to_string())
        } else {
            Bound::Exclusive(s.to_string())
        };
        Ok((b, Some(v)))
    };
    match inner.split_once(',') {
        None => {
            if !(lower_inclusive && upper_inclusive) {
                return Err(format!(
                    "single version `{piece}` must be written `[version]`"
                ));
            }
            if inner.is_empty() {
                return Err(format!("empty restriction `{piece}`"));
            }
            let (b, v) = bound(inner, true)?;
            Ok((
                Interval {
                    lower: b.clone(),
                    upper: b,
                },
                v.clone(),
                v,
            ))
        }
        Some((low, high)) => {
            let (low, high) = (low.trim(), high.trim());
            if high.contains(',') {
                return Err(format!("restriction `{piece}` has more than two bounds"));
            }
            let (lower, lv) = bound(low, lower_inclusive)?;
            let (upper, uv) = bound(high, upper_inclusive)?;
            if let (Some(l), Some(u)) = (&lv, &uv) {
                let o = u.cmp(l);
                if o.is_lt() || (o.is_eq() && !(lower_inclusive && upper_inclusive)) {
                    return Err(format!(
                        "restriction `{piece}` defies version ordering (upper bound below lower)"
                    ));
                }
            }
            Ok((Interval { lower, upper }, lv, uv))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> MavenVersion {
        Maven::parse(s).unwrap()
    }

    fn assert_lt(a: &str, b: &str) {
        assert!(v(a) < v(b), "expected {a} < {b}");
        assert!(v(b) > v(a), "expected {b} > {a}");
        assert_eq!(
            compare_maven_3_9(a, b).unwrap(),
            Ordering::Less,
            "maven {a} < {b}"
        );
    }

    fn assert_eq_v(a: &str, b: &str) {
        assert_eq!(v(a), v(b), "expected {a} == {b}");
        assert_eq!(v(a).cmp(&v(b)), Ordering::Equal);
        assert_eq!(
            compare_maven_3_9(a, b).unwrap(),
            Ordering::Equal,
            "maven {a} == {b}"
        );
    }

    // Vectors from apache/maven
    // `maven-artifact/src/test/java/org/apache/maven/artifact/versioning/ComparableVersionTest.java`
    // (3.9.x; the same arrays sit in `compat/maven-artifact/...` on master). Each array is in
    // strictly increasing order.
    const VERSIONS_QUALIFIER: &[&str] = &[
        "1-alpha2snapshot",
        "1-alpha2",
        "1-alpha-123",
        "1-beta-2",
        "1-beta123",
        "1-m2",
        "1-m11",
        "1-rc",
        "1-cr2",
        "1-rc123",
        "1-SNAPSHOT",
        "1",
        "1-sp",
        "1-sp2",
        "1-sp123",
        "1-abc",
        "1-def",
        "1-pom-1",
        "1-1-snapshot",
        "1-1",
        "1-2",
        "1-123",
    ];

    const VERSIONS_NUMBER: &[&str] = &[
        "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1",
        "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11",
        "11.a", "11b", "11c", "11m",
    ];

    #[test]
    fn reference_arrays_are_strictly_increasing() {
        for list in [VERSIONS_QUALIFIER, VERSIONS_NUMBER] {
            for i in 0..list.len() {
                for j in i + 1..list.len() {
                    assert_lt(list[i], list[j]);
                }
            }
        }
    }

    #[test]
    fn reference_equalities() {
        let pairs = [
            ("1", "1"),
            ("1", "1.0"),
            ("1", "1.0.0"),
            ("1.0", "1.0.0"),
            ("1", "1-0"),
            ("1", "1.0-0"),
            ("1.0", "1.0-0"),
            // no separator between number and character
            ("1a", "1-a"),
            ("1a", "1.0-a"),
            ("1a", "1.0.0-a"),
            ("1.0a", "1-a"),
            ("1.0.0a", "1-a"),
            ("1x", "1-x"),
            ("1x", "1.0-x"),
            ("1x", "1.0.0-x"),
            ("1.0x", "1-x"),
            ("1.0.0x", "1-x"),
            // aliases
            ("1ga", "1"),
            ("1release", "1"),
            ("1final", "1"),
            ("1cr", "1rc"),
            // a, b, m followed by a digit are alpha, beta, milestone
            ("1a1", "1-alpha-1"),
            ("1b2", "1-beta-2"),
            ("1m3", "1-milestone-3"),
            // case-insensitive
            ("1X", "1x"),
            ("1A", "1a"),
            ("1B", "1b"),
            ("1M", "1m"),
            ("1Ga", "1"),
            ("1GA", "1"),
            ("1RELEASE", "1"),
            ("1RELeaSE", "1"),
            ("1Final", "1"),
            ("1FinaL", "1"),
            ("1FINAL", "1"),
            ("1Cr", "1Rc"),
            ("1cR", "1rC"),
            ("1m3", "1Milestone3"),
            ("1m3", "1MileStone3"),
            ("1m3", "1MILESTONE3"),
            (
                "1-abcdefghijklmnopqrstuvwxyz",
                "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            ),
            ("1.0.0-alpha1", "1.0.0-ALPHA1"),
            ("1.a", "1.A"),
        ];
        for (a, b) in pairs {
            assert_eq_v(a, b);
        }
    }

    #[test]
    fn reference_orderings() {
        let pairs = [
            ("1", "2"),
            ("1.5", "2"),
            ("1", "2.5"),
            ("1.0", "1.1"),
            ("1.1", "1.2"),
            ("1.0.0", "1.1"),
            ("1.0.1", "1.1"),
            ("1.1", "1.2.0"),
            ("1.0-alpha-1", "1.0"),
            ("1.0-alpha-1", "1.0-alpha-2"),
            ("1.0-alpha-1", "1.0-beta-1"),
            ("1.0-beta-1", "1.0-SNAPSHOT"),
            ("1.0-SNAPSHOT", "1.0"),
            ("1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"),
            ("1.0", "1.0-1"),
            ("1.0-1", "1.0-2"),
            ("1.0.0", "1.0-1"),
            ("2.0-1", "2.0.1"),
            ("2.0.1-klm", "2.0.1-lmn"),
            ("2.0.1", "2.0.1-xyz"),
            ("2.0.1", "2.0.1-123"),
            ("2.0.1-xyz", "2.0.1-123"),
            // leading zeroes
            ("0.7", "2"),
            ("0.2", "1.0.7"),
            // MNG-5568: transitivity with an odd `6.1H.5-beta`
            ("6.1.0rc3", "6.1.0"),
            ("6.1.0rc3", "6.1H.5-beta"),
            ("6.1.0", "6.1H.5-beta"),
            // MNG-6572: numbers beyond int and long
            ("20190126.230843", "1234567890.12345"),
            ("1234567890.12345", "123456789012345.1H.5-beta"),
            ("20190126.230843", "123456789012345.1H.5-beta"),
            (
                "123456789012345.1H.5-beta",
                "12345678901234567890.1H.5-beta",
            ),
            ("1234567890.12345", "12345678901234567890.1H.5-beta"),
            ("20190126.230843", "12345678901234567890.1H.5-beta"),
            // MNG-6964: `1-0.alpha` is below `1`, not equal to it
            ("1-0.alpha", "1"),
            ("1-0.beta", "1"),
            ("1-0.alpha", "1-0.beta"),
            // digits sort above letters; lexical order of unknown qualifiers
            ("J", "7"),
            ("c", "7"),
            ("aardvark", "zebra"),
            ("zebra", "ζέβρα"),
        ];
        for (a, b) in pairs {
            assert_lt(a, b);
        }
        // MNG-6572: leading zeros never matter, whatever the length.
        for n in 1..=19 {
            assert_eq_v(&format!("{}1", "0".repeat(n - 1)), "1");
            assert_eq_v(&"0".repeat(n), "0");
        }
        // MNG-7644: 1.0.0.X1 < 1.0.0-X2 and 2-X == 2.0.X == 2.0.0.X for any X.
        for x in [
            "abc",
            "alpha",
            "a",
            "beta",
            "b",
            "def",
            "milestone",
            "m",
            "RC",
        ] {
            assert_lt(&format!("1.0.0.{x}1"), &format!("1.0.0-{x}2"));
            assert_eq_v(&format!("2-{x}"), &format!("2.0.{x}"));
            assert_eq_v(&format!("2-{x}"), &format!("2.0.0.{x}"));
            assert_eq_v(&format!("2.0.{x}"), &format!("2.0.0.{x}"));
        }
    }

    /// Real-world spellings from the shared SBOMs and GHSA records.
    #[test]
    fn real_world_spellings() {
        // 4-part versions: 2.12.6.1 is the GHSA fix for jackson-databind 2.12.
        assert_lt("2.12.6", "2.12.6.1");
        assert_lt("2.12.6.1", "2.12.7");
        assert_lt("2.13.2", "2.13.2.1");
        assert_eq_v("2.13.2.0", "2.13.2");
        // `.Final` is the release; `-redhat-N` rebuilds sort after it.
        assert_eq_v("1.0.0.Final", "1.0.0");
        assert_eq_v("4.1.82.Final", "4.1.82");
        assert_lt("4.1.82.Final", "4.1.82.Final-redhat-00001");
        assert_lt("5.3.20.Final", "5.3.20.SP1");
        assert_lt("7.0.0.CR1", "7.0.0.Final");
        assert_lt("0.3.0.M1", "0.3.0");
        // Guava flavours are unknown qualifiers: after the bare release, `android` < `jre`.
        assert_lt("31.1", "31.1-jre");
        assert_lt("31.1-android", "31.1-jre");
        assert_lt("31.1-jre", "32.0.1-jre");
        // Jetty date qualifiers (`v` followed by digits) order by the date.
        assert_lt("9.4.18.v20190429", "9.4.18.v20190430");
        assert_lt("9.4.18.v20190429", "9.4.19.v20190610");
        // `9.4.60.sts1` is an unknown qualifier after the release.
        assert_lt("9.4.60", "9.4.60.sts1");
        assert_lt("2.6.0-M3", "2.6.0");
        assert_lt("2.5.0-b32", "2.5.0");
        assert_lt("1.0-SNAPSHOT", "1.0");
        assert_lt("3.24.1-GA", "3.24.2");
        assert_eq_v("3.24.1-GA", "3.24.1");
        assert_lt("1.1.3.v20160715", "1.1.4");
        assert_lt("23.1.4.0-1-redhat-00001", "23.1.4.1");
        assert_lt("999-SNAPSHOT", "9999.0-empty-to-avoid-conflict-with-guava");
        assert_lt("1.33", "2.0");
        assert_lt("1.5", "1.10.0");
        assert_lt("1.1.100", "2.0.206");
    }

    /// Maven 3.9 is not transitive on these; Stella's documented rewrite makes them consistent.
    #[test]
    fn non_transitive_maven_spellings_are_rewritten() {
        // Maven: 1-0-alpha < 1 < 1-sp but 1-sp < 1-0-alpha (list beats qualifier).
        let maven = |a, b| compare_maven_3_9(a, b).unwrap();
        assert_eq!(maven("1-0-alpha", "1"), Ordering::Less);
        assert_eq!(maven("1", "1-sp"), Ordering::Less);
        assert_eq!(maven("1-sp", "1-0-alpha"), Ordering::Less);
        assert!(!v("1-0-alpha").is_maven_exact());
        assert_eq_v_stella("1-0-alpha", "1-alpha");
        assert!(v("1-0-alpha") < v("1") && v("1") < v("1-sp"));
        // Maven: 2.0.beta-1 < 2 < 2-1 < 2.0.beta-1.
        assert_eq!(maven("2.0.beta-1", "2"), Ordering::Less);
        assert_eq!(maven("2", "2-1"), Ordering::Less);
        assert_eq!(maven("2-1", "2.0.beta-1"), Ordering::Less);
        assert!(!v("2.0.beta-1").is_maven_exact());
        assert_eq_v_stella("2.0.beta-1", "2-beta-1");
        assert!(v("2.0.beta-1") < v("2") && v("2") < v("2-1"));
        // Realistic spellings are untouched.
        for s in [
            "1.0.0.Final-redhat-00001",
            "30.1-jre",
            "9.4.18.v20190429",
            "1.0-SNAPSHOT",
        ] {
            assert!(v(s).is_maven_exact(), "{s}");
        }
    }

    fn assert_eq_v_stella(a: &str, b: &str) {
        assert_eq!(v(a), v(b), "expected {a} == {b} under Stella's order");
    }

    #[test]
    fn canonical_form() {
        // MNG-7700 style canonical strings of the compared items.
        assert_eq!(v("1.0.0-RC1").canonical(), "1-rc-1");
        // Maven 3.9 prints `x` here, which re-parses to a different version (MNG-7700).
        assert_eq!(v("0.x").canonical(), "0-x");
        assert_eq!(v("0.2").canonical(), "0.2");
        assert_eq!(v("1.0.Final").canonical(), "1");
        assert_eq!(v("2.12.6.1").canonical(), "2.12.6.1");
        assert_eq!(v("9.4.18.v20190429").canonical(), "9.4.18-v-20190429");
        // The canonical form re-parses to an equal version.
        for s in VERSIONS_QUALIFIER.iter().chain(VERSIONS_NUMBER) {
            assert_eq!(v(s), v(&v(s).canonical()), "{s}");
        }
        assert_eq!(v("1.0.Final").as_str(), "1.0.Final");
        assert_eq!(v("1.0.Final").to_string(), "1.0.Final");
    }

    #[test]
    fn junk_is_rejected() {
        let long = "1".repeat(10_000);
        for bad in [
            "",
            " ",
            "\t",
            "1.0 ",
            " 1.0",
            "1.0\n",
            "1\u{0}0",
            "1.\u{7f}",
            long.as_str(),
        ] {
            let e = Maven::parse(bad).unwrap_err();
            assert_eq!(e.scheme, VersionScheme::Maven);
            assert!(!e.reason.is_empty());
        }
        assert!(Maven::parse(&"1".repeat(MAX_VERSION_CHARS)).is_ok());
    }

    #[test]
    fn requirement_grammar() {
        let iv = |l: Bound, u: Bound| Interval { lower: l, upper: u };
        let inc = |s: &str| Bound::Inclusive(s.into());
        let exc = |s: &str| Bound::Exclusive(s.into());
        // Examples from the Maven POM reference ("Dependency Version Requirement
        // Specification") and maven-artifact's VersionRangeTest.
        let cases: Vec<(&str, Vec<Interval>)> = vec![
            ("[1.0,2.0)", vec![iv(inc("1.0"), exc("2.0"))]),
            ("(,1.0]", vec![iv(Bound::Unbounded, inc("1.0"))]),
            ("[1.2]", vec![iv(inc("1.2"), inc("1.2"))]),
            ("[1.0]", vec![iv(inc("1.0"), inc("1.0"))]),
            ("[1.5,)", vec![iv(inc("1.5"), Bound::Unbounded)]),
            ("(1.0,2.0]", vec![iv(exc("1.0"), inc("2.0"))]),
            (
                "(,1.0],[1.2,)",
                vec![
                    iv(Bound::Unbounded, inc("1.0")),
                    iv(inc("1.2"), Bound::Unbounded),
                ],
            ),
            (
                "(,1.1),(1.1,)",
                vec![
                    iv(Bound::Unbounded, exc("1.1")),
                    iv(exc("1.1"), Bound::Unbounded),
                ],
            ),
            (
                "[1.0,2.0), [3.0,4.0)",
                vec![iv(inc("1.0"), exc("2.0")), iv(inc("3.0"), exc("4.0"))],
            ),
            ("[ 1.0 , 2.0 ]", vec![iv(inc("1.0"), inc("2.0"))]),
            ("[1.0,1.0]", vec![iv(inc("1.0"), inc("1.0"))]),
            // Maven ignores a trailing comma.
            ("[1.0,2.0),", vec![iv(inc("1.0"), exc("2.0"))]),
            ("(,)", vec![iv(Bound::Unbounded, Bound::Unbounded)]),
            // Deviation: a bare version is exactly that version.
            ("1.0", vec![iv(inc("1.0"), inc("1.0"))]),
            ("2.12.6.1", vec![iv(inc("2.12.6.1"), inc("2.12.6.1"))]),
        ];
        for (text, intervals) in cases {
            assert_eq!(
                parse_requirement(text).unwrap(),
                RangeSet { intervals },
                "{text}"
            );
        }
        let bad = [
            "",
            "[1.0",
            "(1.0)",
            "[1.0)",
            "(1.0]",
            "[2.0,1.0]",
            "[1.0,1.0)",
            "[1.0,2.0],[1.5,3.0]",
            "[3.0,4.0],[1.0,2.0]",
            "[1.0,2.0] 3.0",
            "[1,2,3]",
            "[]",
            "[1.0,2 0]",
        ];
        for text in bad {
            let e = parse_requirement(text).unwrap_err();
            assert_eq!(e.scheme, VersionScheme::Maven, "{text}");
        }
    }

    #[test]
    fn requirement_membership_uses_maven_order() {
        use super::super::range::RangeSet as R;
        let set = parse_requirement("(,2.12.6.1),[2.13.0,2.13.2.1)").unwrap();
        let hit = |s: &str| R::contains::<Maven>(&set, s).unwrap().is_some();
        assert!(hit("2.13.2"));
        assert!(hit("2.13.2.0"));
        assert!(!hit("2.13.2.1"));
        assert!(hit("2.12.6"));
        assert!(!hit("2.12.6.1"));
        assert!(!hit("2.13.0-rc1"));
        // Prereleases are plain order points: 2.13.1-SNAPSHOT is inside.
        assert!(hit("2.13.1-SNAPSHOT"));
    }

    /// A grammar of Maven-looking versions, including the separators and qualifiers that make
    /// Maven's comparison subtle.
    fn version_strategy() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            Just("0".to_string()),
            Just("00".to_string()),
            Just("1".to_string()),
            Just("2".to_string()),
            Just("10".to_string()),
            Just("0000000000".to_string()),
            Just("12345678901234567890".to_string()),
            Just("alpha".to_string()),
            Just("a".to_string()),
            Just("b".to_string()),
            Just("m".to_string()),
            Just("beta".to_string()),
            Just("rc".to_string()),
            Just("cr".to_string()),
            Just("snapshot".to_string()),
            Just("ga".to_string()),
            Just("final".to_string()),
            Just("release".to_string()),
            Just("sp".to_string()),
            Just("jre".to_string()),
            Just("x".to_string()),
            Just("v".to_string()),
        ];
        let sep = prop_oneof![Just("."), Just("-"), Just("")];
        (token.clone(), proptest::collection::vec((sep, token), 0..6)).prop_map(|(first, rest)| {
            let mut s = first;
            for (sep, t) in rest {
                s.push_str(sep);
                s.push_str(&t);
            }
            s
        })
    }

    fn any_version() -> impl Strategy<Value = String> {
        prop_oneof![version_strategy(), "[0-2a-cmrsx.-]{1,10}"]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn ordering_laws(a in any_version(), b in any_version(), c in any_version()) {
            let (pa, pb, pc) = (v(&a), v(&b), v(&c));
            prop_assert_eq!(pa.cmp(&pb), pb.cmp(&pa).reverse());
            prop_assert_eq!(pa == pb, pa.cmp(&pb) == Ordering::Equal);
            if pa <= pb && pb <= pc {
                prop_assert!(pa <= pc, "{} <= {} <= {} but not {} <= {}", a, b, c, a, c);
            }
            if pa == pb && pb == pc {
                prop_assert!(pa == pc);
            }
        }

        #[test]
        fn agrees_with_maven_when_exact(a in any_version(), b in any_version()) {
            let (pa, pb) = (v(&a), v(&b));
            if pa.is_maven_exact() && pb.is_maven_exact() {
                prop_assert_eq!(pa.cmp(&pb), compare_maven_3_9(&a, &b).unwrap());
            }
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = Maven::parse(&s);
            let _ = parse_requirement(&s);
        }

        #[test]
        fn canonical_reparses_equal(a in version_strategy()) {
            let pa = v(&a);
            let canon = pa.canonical();
            if !canon.is_empty() {
                prop_assert_eq!(v(&canon), pa);
            }
        }
    }

    /// Exhaustive transitivity over a small, dense set of spellings: every pair agrees with the
    /// sorted order, and every triple is transitive.
    #[test]
    fn dense_set_is_totally_ordered() {
        let atoms = ["0", "1", "a", "sp", "ga", "alpha", "x"];
        let seps = [".", "-", ""];
        let mut all = Vec::new();
        for a in atoms {
            all.push(a.to_string());
            for s in seps {
                for b in atoms {
                    all.push(format!("{a}{s}{b}"));
                    for t in [".", "-"] {
                        for c in ["0", "1", "alpha", "sp"] {
                            all.push(format!("{a}{s}{b}{t}{c}"));
                        }
                    }
                }
            }
        }
        all.sort();
        all.dedup();
        let parsed: Vec<MavenVersion> = all.iter().map(|s| v(s)).collect();
        let mut sorted = parsed.clone();
        sorted.sort();
        for i in 0..sorted.len() {
            for j in i + 1..sorted.len() {
                assert!(sorted[i] <= sorted[j], "{} vs {}", sorted[i], sorted[j]);
            }
        }
        // Triples over a sample (every 7th) to keep the run short.
        let sample: Vec<&MavenVersion> = parsed.iter().step_by(7).collect();
        for a in &sample {
            for b in &sample {
                if a > b {
                    continue;
                }
                for c in &sample {
                    if b <= c {
                        assert!(a <= c, "{a} <= {b} <= {c}");
                    }
                }
            }
        }
    }

    /// Oracle: comparisons computed by Maven's own `ComparableVersion` (maven-artifact 3.8.7,
    /// see `testdata/version-maven/PROVENANCE.md`). `compare_maven_3_9` must reproduce every
    /// row, and Stella's order must too whenever both versions are unchanged by the rewrite.
    #[test]
    fn reference_implementation_oracle() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/version-maven/maven-artifact-3.8.7-compare.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        let (mut rows, mut rewritten, mut differ) = (0, 0, 0);
        for line in text.lines() {
            let mut cols = line.split('\t');
            let (a, op, b) = (
                cols.next().unwrap(),
                cols.next().unwrap(),
                cols.next().unwrap(),
            );
            let expected = match op {
                "<" => Ordering::Less,
                "==" => Ordering::Equal,
                ">" => Ordering::Greater,
                other => panic!("bad op {other}"),
            };
            assert_eq!(
                compare_maven_3_9(a, b).unwrap(),
                expected,
                "maven: {a} {op} {b}"
            );
            let (pa, pb) = (v(a), v(b));
            if pa.is_maven_exact() && pb.is_maven_exact() {
                assert_eq!(pa.cmp(&pb), expected, "stella: {a} {op} {b}");
            } else {
                rewritten += 1;
                differ += usize::from(pa.cmp(&pb) != expected);
            }
            rows += 1;
        }
        eprintln!(
            "maven oracle: {rows} comparisons, {rewritten} involve a rewritten version, \
             {differ} of those ordered differently from Maven"
        );
        assert!(rows > 2000);
    }

    /// Every Maven version in the shared real data parses, and Stella's order is Maven's on it.
    #[test]
    fn shared_real_data_versions() {
        let root = std::path::Path::new("/work/shared/data");
        if !root.exists() {
            eprintln!("SKIP: /work/shared/data not present");
            return;
        }
        let versions = super::super::range::shared_data::maven_versions(root);
        let mut failures = Vec::new();
        let mut inexact = Vec::new();
        let mut parsed = Vec::new();
        for s in &versions {
            match Maven::parse(s) {
                Ok(p) => {
                    if !p.is_maven_exact() {
                        inexact.push(s.clone());
                    }
                    parsed.push(p);
                }
                Err(e) => failures.push(format!("{s}: {e}")),
            }
        }
        eprintln!(
            "maven real data: {} distinct versions, {} parsed, {} failed, {} rewritten",
            versions.len(),
            parsed.len(),
            failures.len(),
            inexact.len()
        );
        assert!(failures.is_empty(), "{failures:?}");
        assert!(inexact.is_empty(), "{inexact:?}");
        assert!(versions.len() > 100, "expected the shared SBOM versions");
        for a in &parsed {
            for b in &parsed {
                assert_eq!(
                    a.cmp(b),
                    compare_maven_3_9(a.as_str(), b.as_str()).unwrap(),
                    "{a} vs {b}"
                );
            }
        }
    }
}
