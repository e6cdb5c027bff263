//! NuGet versions (`NuGet.Versioning.NuGetVersion` and `VersionComparer.Default`) and NuGet's
//! version-range notation (`[1.0,2.0)`, `(,1.0]`, `[1.2]`, plain `1.0` = `>= 1.0`).
//!
//! **Rules** (reference: NuGet/NuGet.Client `src/NuGet.Core/NuGet.Versioning`, and the vectors
//! of `test/NuGet.Core.Tests/NuGet.Versioning.Test/`). A version is SemVer 2.0 extended to one
//! to four numeric parts (`1`, `1.0`, `1.0.0`, `1.0.0.0`; missing parts are 0, so
//! `1.0 == 1.0.0.0`), each a non-negative 32-bit integer; leading zeros are accepted
//! (`1.01 == 1.1`, the legacy `System.Version` reading). Whitespace around the whole string and
//! around each numeric part is ignored. An optional `-` starts dot-separated release labels
//! (`[0-9A-Za-z-]`, not empty, no leading zero in an all-digit label) and an optional `+` starts
//! build metadata, which never affects order. Order: the four numbers, then a release sorts
//! above every prerelease, then labels one by one: labels that parse as a 32-bit integer
//! compare numerically and sort before the others, which compare case-insensitively (ordinal,
//! so `1.0.0-BETA == 1.0.0-beta`); a longer label list sorts after its prefix.
//!
//! **The design decision a newcomer would undo:** this is *not* the `semver` crate plus a
//! fourth number. NuGet accepts what SemVer forbids (`1.01`, one- and two-part versions,
//! surrounding spaces) and compares labels case-insensitively; using strict SemVer would reject
//! real NuGet versions and split equal ones. Hand-written, as `/work/shared/CRATES.md` plans
//! (it names no NuGet crate); it is a small single pass with no regex.

use std::cmp::Ordering;

use super::range::{Bound, Interval, RangeSet};
use super::{Comparator, VersionError, VersionScheme};

/// Longest version accepted, in bytes.
pub const MAX_VERSION_LEN: usize = 256;

/// The NuGet comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct NuGet;

impl Comparator for NuGet {
    const SCHEME: VersionScheme = VersionScheme::NuGet;
    type Parsed = NuGetVersion;

    fn parse(input: &str) -> Result<NuGetVersion, VersionError> {
        NuGetVersion::parse(input)
    }
}

/// One release label, as NuGet compares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    /// A label `int.TryParse` accepts (sorts before text labels).
    Number(i32),
    /// Any other label, upper-cased (NuGet compares `OrdinalIgnoreCase`).
    Text(String),
}

/// The part of a version that decides order and equality.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    numbers: [u32; 4],
    /// `true` for a release (no labels): sorts above any prerelease of the same numbers.
    release: bool,
    labels: Vec<Label>,
}

/// A parsed NuGet version. Order and equality ignore build metadata, label case and the
/// spelling of the numbers.
#[derive(Debug, Clone)]
pub struct NuGetVersion {
    original: String,
    key: Key,
    labels: Vec<String>,
    metadata: Option<String>,
}

fn error(input: &str, reason: impl Into<String>) -> VersionError {
    VersionError::new(VersionScheme::NuGet, input, reason)
}

/// `int.TryParse` on a label made of `[0-9A-Za-z-]`: an optional `-` and digits, in range.
fn numeric_label(label: &str) -> Option<i32> {
    let digits = label.strip_prefix('-').unwrap_or(label);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    label.parse::<i32>().ok()
}

/// NuGet's `IsValidPart`: not empty, `[0-9A-Za-z-]`, and no leading zero in an all-digit part
/// unless leading zeros are allowed (metadata).
fn valid_part(part: &str, allow_leading_zeros: bool) -> Result<(), String> {
    if part.is_empty() {
        return Err("empty identifier".into());
    }
    if let Some(c) = part
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(format!(
            "`{part}` contains {c:?} (only [0-9A-Za-z-] are allowed)"
        ));
    }
    if !allow_leading_zeros
        && part.len() > 1
        && part.starts_with('0')
        && part.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("numeric label `{part}` has a leading zero"));
    }
    Ok(())
}

impl NuGetVersion {
    /// Parse with NuGet's lenient rules (`NuGetVersion.TryParse`).
    ///
    /// # Errors
    /// [`VersionError`] for empty or over-long input, more than four or empty numeric parts,
    /// numbers above 2147483647, and invalid labels or metadata.
    pub fn parse(input: &str) -> Result<NuGetVersion, VersionError> {
        if input.len() > MAX_VERSION_LEN {
            return Err(error(
                input,
                format!(
                    "{} bytes, longer than the {MAX_VERSION_LEN} accepted",
                    input.len()
                ),
            ));
        }
        let text = input.trim();
        if text.is_empty() {
            return Err(error(input, "empty version"));
        }
        let split = text.find(['-', '+']).unwrap_or(text.len());
        let (numeric, rest) = text.split_at(split);
        let (labels_text, metadata) = match rest.strip_prefix('-') {
            Some(after) => match after.split_once('+') {
                Some((l, m)) => (Some(l), Some(m)),
                None => (Some(after), None),
            },
            None => (None, rest.strip_prefix('+')),
        };

        let mut numbers = [0u32; 4];
        for (count, part) in numeric.split('.').enumerate() {
            let part = part.trim();
            let slot = numbers
                .get_mut(count)
                .ok_or_else(|| error(input, "more than four numeric parts"))?;
            if part.is_empty() {
                return Err(error(input, "empty numeric part"));
            }
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(
                    input,
                    format!("numeric part `{part}` is not a non-negative integer"),
                ));
            }
            *slot = part
                .parse::<i32>()
                .ok()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| {
                    error(input, format!("numeric part `{part}` is above 2147483647"))
                })?;
        }

        let mut labels = Vec::new();
        let mut key_labels = Vec::new();
        if let Some(l) = labels_text {
            for part in l.split('.') {
                valid_part(part, false).map_err(|r| error(input, format!("release label: {r}")))?;
                key_labels.push(match numeric_label(part) {
                    Some(n) => Label::Number(n),
                    None => Label::Text(part.to_ascii_uppercase()),
                });
                labels.push(part.to_string());
            }
        }
        if let Some(m) = metadata {
            for part in m.split('.') {
                valid_part(part, true).map_err(|r| error(input, format!("build metadata: {r}")))?;
            }
        }
        Ok(NuGetVersion {
            original: input.to_string(),
            key: Key {
                numbers,
                release: key_labels.is_empty(),
                labels: key_labels,
            },
            labels,
            metadata: metadata.map(str::to_string),
        })
    }

    /// The version as written.
    pub fn as_str(&self) -> &str {
        &self.original
    }

    /// Is this a prerelease (has release labels)?
    pub fn is_prerelease(&self) -> bool {
        !self.key.release
    }

    /// Build metadata (after `+`), if any.
    pub fn metadata(&self) -> Option<&str> {
        self.metadata.as_deref()
    }

    /// NuGet's normalized form (`ToNormalizedString`): three numbers, a fourth only when it is
    /// not zero, then `-labels`; no metadata (`1.01` → `1.1.0`, `1.0.0.0` → `1.0.0`).
    pub fn normalized(&self) -> String {
        let [a, b, c, d] = self.key.numbers;
        let mut s = format!("{a}.{b}.{c}");
        if d != 0 {
            s.push_str(&format!(".{d}"));
        }
        if !self.labels.is_empty() {
            s.push('-');
            s.push_str(&self.labels.join("."));
        }
        s
    }
}

impl PartialEq for NuGetVersion {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for NuGetVersion {}

impl Ord for NuGetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}

impl PartialOrd for NuGetVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for NuGetVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.original)
    }
}

/// Parse NuGet version-range notation (`VersionRange.Parse`) into a [`RangeSet`] of one
/// interval.
///
/// `1.0` means `>= 1.0`; `[1.0]` exactly 1.0; `[1.0,2.0)`, `(1.0,)`, `(,2.0]` as written, with
/// whitespace allowed anywhere between the parts. As in NuGet.Versioning, a single version in
/// non-square brackets (`(1.0)`, `[1.0)`) and a lower bound above the upper one are accepted
/// and give an empty set. Bounds are stored in NuGet's normalized spelling (`1.0` →
/// `1.0.0`). NuGet has no union syntax. Floating ranges (`1.*`, `1.0.0-beta*`) pick a version
/// at restore time; they are not affected-version statements and are rejected. Prereleases
/// are not special: the set is a plain order interval.
///
/// # Errors
/// [`VersionError`] for empty input, a missing closing bracket, more than two bounds, no bound
/// at all (`[,]`), a floating range, or a bound that is not a NuGet version.
pub fn parse_requirement(text: &str) -> Result<RangeSet, VersionError> {
    let err = |reason: String| VersionError::new(VersionScheme::NuGet, text, reason);
    let spec = text.trim();
    if spec.is_empty() {
        return Err(err("empty version range".into()));
    }
    if spec.contains('*') {
        return Err(err(
            "floating ranges (`*`) choose a version at restore time and cannot be evaluated".into(),
        ));
    }
    let bound = |s: &str, inclusive: bool| -> Result<Bound, VersionError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Bound::Unbounded);
        }
        let v = NuGetVersion::parse(s).map_err(|e| err(format!("bound `{s}`: {}", e.reason)))?;
        Ok(if inclusive {
            Bound::Inclusive(v.normalized())
        } else {
            Bound::Exclusive(v.normalized())
        })
    };
    let lower_inclusive = match spec.as_bytes().first() {
        Some(b'[') => true,
        Some(b'(') => false,
        _ => {
            return Ok(RangeSet {
                intervals: vec![Interval {
                    lower: bound(spec, true)?,
                    upper: Bound::Unbounded,
                }],
            });
        }
    };
    let upper_inclusive = match spec.as_bytes().last() {
        Some(b']') if spec.len() > 1 => true,
        Some(b')') if spec.len() > 1 => false,
        _ => return Err(err(format!("`{spec}` does not end with `]` or `)`"))),
    };
    let inner = spec.get(1..spec.len() - 1).unwrap_or("");
    let parts: Vec<&str> = inner.split(',').collect();
    if parts.len() > 2 {
        return Err(err(format!("`{spec}` has more than two bounds")));
    }
    if parts.iter().all(|p| p.trim().is_empty()) {
        return Err(err(format!("`{spec}` has no bound")));
    }
    let (low, high) = match parts.as_slice() {
        [one] => (*one, *one),
        [low, high] => (*low, *high),
        _ => return Err(err(format!("`{spec}` is not a range"))),
    };
    Ok(RangeSet {
        intervals: vec![Interval {
            lower: bound(low, lower_inclusive)?,
            upper: bound(high, upper_inclusive)?,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> NuGetVersion {
        NuGet::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    // Vectors from NuGet/NuGet.Client `test/NuGet.Core.Tests/NuGet.Versioning.Test/`
    // (VersionComparerTests.cs, NuGetVersionTest.cs, SemVer201SpecTests.cs).
    #[test]
    fn reference_equalities() {
        let pairs = [
            // VersionComparerTests.VersionComparisonDefaultEqual(WithNuGetVersion)
            ("1.0.0", "1.0.0"),
            ("1.0.0-BETA", "1.0.0-beta"),
            ("1.0.0-BETA+AA", "1.0.0-beta+aa"),
            ("1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.77.0+aa"),
            ("1.0.0", "1.0.0+beta"),
            ("1.0", "1.0.0.0"),
            ("1.0+test", "1.0.0.0"),
            ("1.0.0.1-1.2.A", "1.0.0.1-1.2.a+A"),
            ("1.0.01", "1.0.1.0"),
            // NuGetVersionTest.SemVerEqualsOperatorWorks
            ("1.23.01", "1.23.1"),
            ("1.45.6", "1.45.6.0"),
            ("1.45.6-Alpha", "1.45.6-Alpha"),
            ("1.6.2-BeTa", "1.6.02-beta"),
            ("22.3.07     ", "22.3.07"),
            ("1.0", "1.0.0.0+beta"),
            ("1.0.0.0+beta.2", "1.0.0.0+beta.1"),
            // SemVer201SpecTests.SemVerSortIgnoreReleaseCasing
            ("1.2.3-a", "1.2.3-A"),
            ("1.2.3-A-b2-C", "1.2.3-a-B2-c"),
            // VersionParsingTests.VersionLength: all normalize to 2.0.0
            ("2", "2.0.0"),
            ("2.0", "2.0.0.0"),
            // whitespace around parts (TryParseHandlesValidVersionPatterns)
            ("   19.   19", "19.19"),
            ("19   .19   .19   .19   ", "19.19.19.19"),
            ("01.1.1.1", "1.1.1.1"),
        ];
        for (a, b) in pairs {
            assert_eq!(v(a), v(b), "{a} == {b}");
            assert_eq!(v(a).cmp(&v(b)), Ordering::Equal, "{a} == {b}");
        }
    }

    #[test]
    fn reference_orderings() {
        let pairs = [
            // VersionComparerTests.VersionComparisonDefaultLess
            ("0.0.0", "1.0.0"),
            ("1.0.0", "1.1.0"),
            ("1.0.0", "1.0.1"),
            ("1.999.9999", "2.1.1"),
            ("1.0.0-BETA", "1.0.0-beta2"),
            ("1.0.0-beta+AA", "1.0.0+aa"),
            ("1.0.0-BETA", "1.0.0-beta.1+AA"),
            ("1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.79.0+aa"),
            ("1.0.0-BETA.X.y.5.79.0+AA", "1.0.0-beta.x.y.5.790.0+abc"),
            // VersionComparisonDefaultNotEqualWithNuGetVersion
            ("1.0", "1.0.0.1"),
            ("1.0.0.1-1.2.A", "1.0.0.1-1.2.a.A+A"),
            ("1.0.01", "1.0.1.2"),
            // NuGetVersionTest.SemVerLessThanAndGreaterThanOperatorsWorks
            ("1.0", "1.0.1"),
            ("1.23", "1.231"),
            ("1.4.5.6", "1.45.6"),
            ("1.4.5.6", "1.4.5.60"),
            ("1.01", "1.10"),
            ("1.01-alpha", "1.10-beta"),
            ("1.01.0-RC-1", "1.10.0-rc-2"),
            ("1.01-RC-1", "1.01"),
            ("1.01", "1.2-preview"),
            // SemVer201SpecTests
            ("1.2.3", "1.2.4"),
            ("1.2.3", "2.0.0"),
            ("9.9.9", "10.1.1"),
            ("1.2.3-alpha", "1.2.3"),
            ("1.2.3-2", "1.2.3-3"),
            ("1.2.3-1.9", "1.2.3-1.50"),
            // labels with letters compare as text: "1.50A" < "1.9A"
            ("1.2.3-2A", "1.2.3-3A"),
            ("1.2.3-1.50A", "1.2.3-1.9A"),
            // numeric labels sort before text labels
            ("1.2.3-999999", "1.2.3-Z"),
            ("1.2.3-A.999999", "1.2.3-A.56-2"),
            ("1.2.3-a", "1.2.3-a.2"),
            ("1.2.3-a.2.3.4", "1.2.3-a.2.3.4.5"),
            // Legacy four-part versions
            ("1.3.42.10133", "1.3.42.200930-RC-2"),
            ("1.3.42.200930-RC-2", "1.3.42.200930"),
        ];
        for (a, b) in pairs {
            assert!(v(a) < v(b), "{a} < {b}");
            assert!(v(b) > v(a), "{b} > {a}");
            assert_ne!(v(a), v(b), "{a} != {b}");
        }
    }

    #[test]
    fn parts_and_normalization() {
        // NuGetVersionTest.StringConstructorParsesValuesCorrectly / ToStringReturnsNormalized
        assert_eq!(v("2.3-alpha").normalized(), "2.3.0-alpha");
        assert_eq!(v("3.4.0.3-RC-3").normalized(), "3.4.0.3-RC-3");
        assert_eq!(v("1.0-1.1+B.B").normalized(), "1.0.0-1.1");
        assert_eq!(v("1.0.0009.01-1.1+A").normalized(), "1.0.9.1-1.1");
        assert_eq!(v("1.0.0.0").normalized(), "1.0.0");
        assert_eq!(v("1.0.0-beta.x.y.5.79.0+aa").metadata(), Some("aa"));
        assert!(v("1.0.0-Beta+Meta").is_prerelease());
        assert!(!v("1.0.0+MetaOnly").is_prerelease());
        assert_eq!(
            v("1.3.2-CTP-2-Refresh-Alpha").normalized(),
            "1.3.2-CTP-2-Refresh-Alpha"
        );
        // int.TryParse reads a `-1` label as the number -1, which sorts below 0.
        assert!(v("1.0.0--1") < v("1.0.0-0"));
        assert_eq!(v("1.0.0--0"), v("1.0.0-0"));
        // A label above int.MaxValue is text, so it sorts after every number.
        assert!(v("1.0.0-2147483648") > v("1.0.0-2147483647"));
        assert!(v("1.0.0-2147483648") < v("1.0.0-A"));
        assert_eq!(v("1.0.0+beta").as_str(), "1.0.0+beta");
        assert_eq!(v("1.0.0+beta").to_string(), "1.0.0+beta");
    }

    #[test]
    fn reference_invalid_versions() {
        // NuGetVersionTest.ParseThrowsIfStringIsNotAValidSemVer and SemVer201SpecTests.
        let long = "1".repeat(10_000);
        let bad = [
            "",
            "         ",
            "1beta",
            "1.2Av^c",
            "1.2..",
            "1.2.3.4.5",
            "1.2.3.Beta",
            "1.2.3.4This version is full of awesomeness!!",
            "So.is.this",
            "1.34.2Alpha",
            "1.34.2Release Candidate",
            "1.4.7-",
            "1.4.7-*",
            "1.4.7+*",
            "1.4.7-AA.01^",
            "1.4.7-AA.0A^",
            "1.4.7-A^A",
            "1.4.7+AA.01^",
            "1.2147483648",
            "1.1.2147483648",
            "1.1.1.2147483648",
            "10000000000000000000",
            "1.10000000000000000000",
            "1..2",
            "....",
            "..1",
            "-1.1.1.1",
            "1.-1.1.1",
            "1.1.-1.1",
            "1.",
            "1.1.1.",
            "1     1.1.1.1",
            " .1.1.1",
            "1. .1.1",
            "1.1.1. ",
            "1 .",
            "2147483648.2.3.4",
            "   1 9",
            "19   .   19   .   1 9   ",
            "v1.0.0",
            "NotAVersion",
            "0.1.2-Alpha..2",
            "0.1.2-Alpha.",
            "0.1.2-.AA",
            "0.1.2-alp=ha",
            "0.1.2-alp┐jj",
            "0.1.2-a&444",
            "0.1.2-02",
            "0.1.2-2.02",
            "0.1.2+ÄÄ",
            "0.1.2+2+A",
            "0.1.2+02A.",
            "0.1.2+",
            "1.0\u{0}",
            long.as_str(),
        ];
        for s in bad {
            let e = NuGet::parse(s).unwrap_err();
            assert_eq!(e.scheme, VersionScheme::NuGet, "{s}");
        }
        // Valid oddities from SemVer201SpecTests.
        for s in [
            "0.1.2--",
            "0.1.2--B-C-",
            "0.1.2--B2.-.C.-A0-",
            "0.1.2-02A",
            "0.1.2+02.02-02",
            "0.1.2+000000",
            "0.1.2----+----",
            "2147483647.1.1.1",
        ] {
            v(s);
        }
    }

    #[test]
    fn requirement_grammar() {
        let iv = |l: Bound, u: Bound| RangeSet {
            intervals: vec![Interval { lower: l, upper: u }],
        };
        let inc = |s: &str| Bound::Inclusive(s.into());
        let exc = |s: &str| Bound::Exclusive(s.into());
        // VersionRangeTests (PrettyPrint, ParseVersionParsesTokensVersionsCorrectly, ...)
        let cases = [
            ("1.0.0", iv(inc("1.0.0"), Bound::Unbounded)),
            ("[1.0.0]", iv(inc("1.0.0"), inc("1.0.0"))),
            ("[1.0.0, ]", iv(inc("1.0.0"), Bound::Unbounded)),
            ("[1.0.0, )", iv(inc("1.0.0"), Bound::Unbounded)),
            ("(1.0.0, )", iv(exc("1.0.0"), Bound::Unbounded)),
            ("(1.0.0, 2.0.0)", iv(exc("1.0.0"), exc("2.0.0"))),
            ("[1.0.0, 2.0.0]", iv(inc("1.0.0"), inc("2.0.0"))),
            ("(, 2.0.0]", iv(Bound::Unbounded, inc("2.0.0"))),
            ("[, 2.0.0)", iv(Bound::Unbounded, exc("2.0.0"))),
            (
                "[1.0.0-beta.1, 2.0.0-alpha.2]",
                iv(inc("1.0.0-beta.1"), inc("2.0.0-alpha.2")),
            ),
            // metadata is dropped from bounds
            (
                "[1.0.0+beta.1, 2.0.0+alpha.2]",
                iv(inc("1.0.0"), inc("2.0.0")),
            ),
            ("[1.0, 2.0]", iv(inc("1.0.0"), inc("2.0.0"))),
            ("[1,3)", iv(inc("1.0.0"), exc("3.0.0"))),
            ("  1  .   2  ", iv(inc("1.2.0"), Bound::Unbounded)),
            ("   [  1 .2   , 2  .3   ]  ", iv(inc("1.2.0"), inc("2.3.0"))),
            ("(1.2.3.4, 3.2)", iv(exc("1.2.3.4"), exc("3.2.0"))),
            ("[2.3.7, 3.2.4.5]", iv(inc("2.3.7"), inc("3.2.4.5"))),
            // accepted by NuGet, empty sets
            ("(1.6)", iv(exc("1.6.0"), exc("1.6.0"))),
            ("[1.2.0)", iv(inc("1.2.0"), exc("1.2.0"))),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_requirement(text).unwrap(), expected, "{text}");
        }
        for bad in [
            "",
            "(,)",
            "[,]",
            "[,)",
            "(,]",
            "(,1.3..2]",
            "(1.2.3.4.5,1.2]",
            "   [-1, 2]  ",
            "[1.0,2.0",
            "[1.0,2.0,3.0]",
            "1.*",
            "*",
            "[1.0.0-beta*, 2.0.0)",
            "[",
        ] {
            assert!(parse_requirement(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn requirement_membership() {
        // VersionRangeTests.ParseVersionRangeSatisfies / DoesNotSatisfy: metadata is ignored
        // and Stella treats prereleases as plain order points.
        let hit = |spec: &str, ver: &str| {
            parse_requirement(spec)
                .unwrap()
                .contains::<NuGet>(ver)
                .unwrap()
                .is_some()
        };
        assert!(hit("1.0.0", "2.0.0"));
        assert!(hit("[1.0.0, 2.0.0]", "2.0.0"));
        assert!(hit("[1.0.0-beta+meta, 2.0.0-beta+meta]", "1.0.0-beta+meta"));
        assert!(hit("[1.0.0-beta+meta, 2.0.0-beta+meta]", "2.0.0-beta"));
        assert!(hit("(1.0.0-beta+meta, 2.0.0-beta+meta)", "2.0.0-alpha"));
        assert!(hit("(, 2.0.0-beta+meta)", "2.0.0-alpha"));
        assert!(hit("[1.0.0, 2.0.0]", "1.5.0-beta"));
        assert!(!hit("1.0.0", "0.0.0"));
        assert!(!hit("[1.0.0, 2.0.0]", "2.0.1"));
        assert!(!hit("[1.0.0-beta+meta, 2.0.0-beta+meta]", "1.0.0-alpha"));
        assert!(!hit("[1.0.0-beta+meta, 2.0.0-beta+meta]", "2.0.0+meta"));
        assert!(!hit("(, 2.0.0-beta+meta)", "2.0.0-beta+meta"));
        assert!(!hit("(1.6)", "1.6"));
    }

    /// NuGet versions seen in the shared real data (GHSA `Moment.js`, the OSV cassette).
    #[test]
    fn shared_real_data_versions() {
        let root = std::path::Path::new("/work/shared/data");
        if !root.exists() {
            eprintln!("SKIP: /work/shared/data not present");
            return;
        }
        use super::super::range::shared_data as real_data;
        let mut all = real_data::purl_versions(root, "nuget");
        all.extend(real_data::osv_versions(root, "NuGet"));
        // The OSV cassette queries NuGet packages by version (YAML bodies hold JSON).
        let cassette = root.join(
            "osv-scanner-api-cassette/cmd/osv-scanner/scan/source/testdata/cassettes/TestCommand.yaml",
        );
        if let Ok(text) = std::fs::read_to_string(&cassette) {
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if line.contains("\"ecosystem\": \"NuGet\"")
                    && let Some(ver) = lines
                        .iter()
                        .skip(i)
                        .take(4)
                        .find_map(|l| l.trim().strip_prefix("\"version\": \""))
                {
                    all.insert(ver.trim_end_matches(['"', ',']).to_string());
                }
            }
        }
        let failures: Vec<String> = all
            .iter()
            .filter_map(|s| NuGet::parse(s).err().map(|e| e.to_string()))
            .collect();
        eprintln!(
            "nuget real data: {} distinct versions ({:?}), {} failed",
            all.len(),
            all,
            failures.len()
        );
        assert!(failures.is_empty(), "{failures:?}");
    }

    fn version_strategy() -> impl Strategy<Value = String> {
        let num = prop_oneof![Just("0"), Just("1"), Just("01"), Just("2"), Just("10")];
        let label = prop_oneof![
            Just("alpha"),
            Just("ALPHA"),
            Just("beta"),
            Just("rc"),
            Just("0"),
            Just("1"),
            Just("2"),
            Just("10"),
            Just("-1"),
            Just("a-b"),
            Just("2147483648"),
        ];
        (
            proptest::collection::vec(num, 1..=4),
            proptest::collection::vec(label, 0..3),
            proptest::option::of(prop_oneof![Just("meta"), Just("01.x")]),
        )
            .prop_map(|(nums, labels, meta)| {
                let mut s = nums.join(".");
                if !labels.is_empty() {
                    s.push('-');
                    s.push_str(&labels.join("."));
                }
                if let Some(m) = meta {
                    s.push('+');
                    s.push_str(m);
                }
                s
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn ordering_laws(a in version_strategy(), b in version_strategy(), c in version_strategy()) {
            let (pa, pb, pc) = (v(&a), v(&b), v(&c));
            prop_assert_eq!(pa.cmp(&pb), pb.cmp(&pa).reverse());
            prop_assert_eq!(pa == pb, pa.cmp(&pb) == Ordering::Equal);
            if pa <= pb && pb <= pc {
                prop_assert!(pa <= pc);
            }
        }

        #[test]
        fn normalized_reparses_equal(a in version_strategy()) {
            let pa = v(&a);
            prop_assert_eq!(v(&pa.normalized()), pa);
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = NuGet::parse(&s);
            let _ = parse_requirement(&s);
        }
    }
}
