//! Go module versions: `golang.org/x/mod/semver` ordering, with the spellings OSV and SBOMs use.
//!
//! Rules: a Go version is `vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]` as `x/mod/semver` accepts
//! it: `v1` and `v1.2` are shorthands for `v1.0.0` and `v1.2.0` (only without pre-release or
//! build), numbers have no leading zeros, ordering is SemVer precedence and build metadata is
//! ignored, so `v2.0.0+incompatible == v2.0.0`. Pseudo-versions (`v0.0.0-20210817142637-7d9622a276b7`,
//! `v1.2.3-pre.0.20060102150405-abc`, `v1.2.4-0.20060102150405-abc`) are ordinary pre-releases:
//! their last identifier starts with a fixed-width UTC timestamp, so two pseudo-versions on one
//! base order by commit time, and every pseudo-version sorts below the release it precedes — no
//! special case is needed, only [`GoVersion::pseudo`] to recognise them.
//!
//! Accepted spellings beyond `x/mod/semver` (each maps to exactly one canonical version):
//! - no `v`: OSV Go records write `1.18.0-0`, `0.0.0-2022…`; some SBOM purls do too;
//! - Go toolchain tags (the `stdlib`/`toolchain` pseudo-modules, `runtime.Version()` in SBOMs):
//!   `go1.21.3` → `v1.21.3`, `go1.21` → `v1.21.0`, `go1` → `v1.0.0`, `go1.21rc2`/`1.21rc2` →
//!   `v1.21.0-rc.2`, `go1.9beta1` → `v1.9.0-beta.1`, and only the first word of
//!   `go1.21.3 X:boringcrypto` — the mapping the Go vulnerability database uses (`GoTagToSemver` in
//!   golang.org/x/vuln), so SBOM stdlib versions line up with vulndb's `stdlib` ranges.
//!   `go1.0` is not a Go tag (x/vuln rejects it too).
//!
//! Rejected: `(devel)` (a development build has no version: the caller must report the component
//! as unmatchable, never treat it as old or new), `V1.2.3`, whitespace, leading zeros,
//! shorthands with a pre-release (`v1.2-pre`), and numbers above `u64::MAX` (which `x/mod` would
//! accept; none occur in practice).
//!
//! References: <https://go.dev/ref/mod#versions>, <https://go.dev/ref/mod#pseudo-versions>,
//! `golang.org/x/mod/semver` and `golang.org/x/mod/module` (pseudo-versions).
//! Implementation: a thin wrapper over the `semver` crate (strict SemVer 2.0.0 parsing and
//! precedence); this file only normalises the Go spellings into it.
//!
//! The design decision a newcomer would undo: compare with [`semver::Version::cmp_precedence`],
//! never the derived `Ord`, which would order `+incompatible` above the plain version.

use std::cmp::Ordering;
use std::fmt;

use super::{Comparator, VersionError, VersionScheme};

/// The Go comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Go;

/// A parsed Go module version. `Ord`/`Eq` are SemVer precedence (build metadata ignored).
#[derive(Debug, Clone)]
pub struct GoVersion(semver::Version);

/// The parts of a pseudo-version (`v0.0.0-20210817142637-7d9622a276b7`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PseudoVersion<'a> {
    /// The commit time, `yyyymmddhhmmss` in UTC.
    pub timestamp: &'a str,
    /// The revision (abbreviated commit hash).
    pub revision: &'a str,
}

impl GoVersion {
    /// `x/mod/semver.Canonical`: `vMAJOR.MINOR.PATCH[-PRERELEASE]`, build metadata dropped.
    pub fn canonical(&self) -> String {
        let v = &self.0;
        if v.pre.is_empty() {
            format!("v{}.{}.{}", v.major, v.minor, v.patch)
        } else {
            format!("v{}.{}.{}-{}", v.major, v.minor, v.patch, v.pre)
        }
    }

    /// The underlying `semver` value (without the `v`).
    pub fn as_semver(&self) -> &semver::Version {
        &self.0
    }

    /// Whether the version carries `+incompatible` (a v2+ module without a `/vN` path).
    pub fn is_incompatible(&self) -> bool {
        self.0.build.as_str() == "incompatible"
    }

    /// Whether the version has a pre-release part (pseudo-versions do).
    pub fn is_prerelease(&self) -> bool {
        !self.0.pre.is_empty()
    }

    /// The timestamp and revision of a pseudo-version, or `None` for any other version.
    ///
    /// Recognises the three forms of the Go modules reference, as `x/mod/module.IsPseudoVersion`
    /// does: `vX.0.0-TIMESTAMP-REV`, `vX.Y.Z-PRE.0.TIMESTAMP-REV` and `vX.Y.Z-0.TIMESTAMP-REV`.
    pub fn pseudo(&self) -> Option<PseudoVersion<'_>> {
        let pre = self.0.pre.as_str();
        let (head, last) = match pre.rsplit_once('.') {
            Some((head, last)) => (Some(head), last),
            None => (None, pre),
        };
        let (timestamp, revision) = last.split_once('-')?;
        let ok_ts = timestamp.len() == 14 && timestamp.bytes().all(|b| b.is_ascii_digit());
        let ok_rev = !revision.is_empty() && revision.bytes().all(|b| b.is_ascii_alphanumeric());
        let ok_base = match head {
            None => self.0.minor == 0 && self.0.patch == 0,
            Some(head) => head == "0" || head.ends_with(".0"),
        };
        (ok_ts && ok_rev && ok_base).then_some(PseudoVersion {
            timestamp,
            revision,
        })
    }
}

impl PartialEq for GoVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for GoVersion {}

impl PartialOrd for GoVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GoVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp_precedence(&other.0)
    }
}

impl fmt::Display for GoVersion {
    /// `v` plus the version with its build metadata (`v2.0.0+incompatible`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

impl Comparator for Go {
    const SCHEME: VersionScheme = VersionScheme::Go;
    type Parsed = GoVersion;

    fn parse(input: &str) -> Result<GoVersion, VersionError> {
        let err = |reason: String| VersionError::new(Self::SCHEME, input, reason);
        if input.is_empty() {
            return Err(err("empty version".into()));
        }
        if input == "(devel)" {
            return Err(err(
                "`(devel)` is a development build with no version; it cannot be compared".into(),
            ));
        }
        let semver_text = if let Some(tag) = input.strip_prefix("go") {
            // A toolchain tag; `runtime.Version()` may append ` X:experiment`, so (like
            // x/vuln) only the first word counts.
            let tag = tag.split_whitespace().next().unwrap_or("");
            toolchain_tag(tag).map_err(err)?
        } else if let Some(v) = toolchain_prerelease(input, false) {
            v
        } else {
            expand(input.strip_prefix('v').unwrap_or(input)).map_err(err)?
        };
        semver::Version::parse(&semver_text)
            .map(GoVersion)
            .map_err(|e| err(explain(input, &e)))
    }
}

/// `x/mod/semver` shorthands: `1` → `1.0.0`, `1.2` → `1.2.0` (not with pre-release or build).
fn expand(v: &str) -> Result<String, String> {
    let core_end = v.find(['-', '+']).unwrap_or(v.len());
    let core = v.get(..core_end).unwrap_or(v);
    let dots = core.bytes().filter(|&b| b == b'.').count();
    let all_numeric = core
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    match dots {
        0 | 1 if core_end < v.len() && all_numeric => Err(format!(
            "`{core}` is a shorthand; a pre-release or build needs all three numbers \
             (`{core}{}{}`)",
            if dots == 0 { ".0.0" } else { ".0" },
            v.get(core_end..).unwrap_or("")
        )),
        0 => Ok(format!("{v}.0.0")),
        1 => Ok(format!("{v}.0")),
        _ => Ok(v.to_string()),
    }
}

/// A Go release tag without the `go` prefix (`1.21.3`, `1.21`, `1.21rc2`, `1`) as SemVer.
fn toolchain_tag(tag: &str) -> Result<String, String> {
    match tag {
        "1" => return Ok("1.0.0".into()),
        "1.0" => return Err("`go1.0` is not a Go release tag (the first release is `go1`)".into()),
        _ => {}
    }
    if let Some(v) = toolchain_prerelease(tag, true) {
        return Ok(v);
    }
    if !tag.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "`go{tag}` is not a Go toolchain version (expected `go1.21.3`, `go1.21rc2`, …)"
        ));
    }
    expand(tag)
}

/// `1.21rc2` → `1.21.0-rc.2`, `1.9beta1` → `1.9.0-beta.1`, and with `dash_pre` (only after a
/// `go` prefix, since `1.9.2-pre1` is also valid SemVer) `1.9.2-pre1` → `1.9.2-pre.1`; `None` if
/// the text is not of that shape.
fn toolchain_prerelease(tag: &str, dash_pre: bool) -> Option<String> {
    let digits_end = tag
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(tag.len());
    let (release, suffix) = tag.split_at(digits_end);
    let kind = ["beta", "rc", "-pre"]
        .into_iter()
        .filter(|k| dash_pre || !k.starts_with('-'))
        .find(|k| suffix.starts_with(k))?;
    let n = suffix.get(kind.len()..)?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = release.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !(2..=3).contains(&parts.len()) || !parts.iter().all(numeric) {
        return None;
    }
    let release = if parts.len() == 2 {
        format!("{release}.0")
    } else {
        release.to_string()
    };
    Some(format!("{release}-{}.{n}", kind.trim_start_matches('-')))
}

/// A reason for a rejected version.
fn explain(input: &str, e: &semver::Error) -> String {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+');
    if let Some((at, c)) = input
        .char_indices()
        .find(|&(_, c)| !allowed(c) && !c.is_whitespace())
    {
        return format!("unexpected character {c:?} at byte {at}");
    }
    if input.chars().any(char::is_whitespace) {
        return "whitespace is not allowed in a Go version".into();
    }
    e.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> GoVersion {
        Go::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    /// golang/mod `semver/semver_test.go`, `tests`: `(in, canonical)`, `""` = invalid. The file's
    /// `TestCompare` asserts that this list is sorted ascending, with entries of equal canonical
    /// form comparing equal.
    const XMOD_TESTS: &[(&str, &str)] = &[
        ("bad", ""),
        ("v1-alpha.beta.gamma", ""),
        ("v1-pre", ""),
        ("v1+meta", ""),
        ("v1-pre+meta", ""),
        ("v1.2-pre", ""),
        ("v1.2+meta", ""),
        ("v1.2-pre+meta", ""),
        ("v1.0.0-alpha", "v1.0.0-alpha"),
        ("v1.0.0-alpha.1", "v1.0.0-alpha.1"),
        ("v1.0.0-alpha.beta", "v1.0.0-alpha.beta"),
        ("v1.0.0-beta", "v1.0.0-beta"),
        ("v1.0.0-beta.2", "v1.0.0-beta.2"),
        ("v1.0.0-beta.11", "v1.0.0-beta.11"),
        ("v1.0.0-rc.1", "v1.0.0-rc.1"),
        ("v1", "v1.0.0"),
        ("v1.0", "v1.0.0"),
        ("v1.0.0", "v1.0.0"),
        ("v1.2", "v1.2.0"),
        ("v1.2.0", "v1.2.0"),
        ("v1.2.3-456", "v1.2.3-456"),
        ("v1.2.3-456.789", "v1.2.3-456.789"),
        ("v1.2.3-456-789", "v1.2.3-456-789"),
        ("v1.2.3-456a", "v1.2.3-456a"),
        ("v1.2.3-pre", "v1.2.3-pre"),
        ("v1.2.3-pre+meta", "v1.2.3-pre"),
        ("v1.2.3-pre.1", "v1.2.3-pre.1"),
        ("v1.2.3-zzz", "v1.2.3-zzz"),
        ("v1.2.3", "v1.2.3"),
        ("v1.2.3+meta", "v1.2.3"),
        ("v1.2.3+meta-pre", "v1.2.3"),
        ("v1.2.3+meta-pre.sha.256a", "v1.2.3"),
    ];

    #[test]
    fn xmod_semver_tests_canonical_and_validity() {
        for (input, canonical) in XMOD_TESTS {
            match Go::parse(input) {
                Ok(v) => assert_eq!(v.canonical(), *canonical, "{input}"),
                Err(e) => assert_eq!(*canonical, "", "{input}: {e}"),
            }
        }
    }

    #[test]
    fn xmod_semver_tests_compare_every_pair() {
        let valid: Vec<(usize, &str, &str)> = XMOD_TESTS
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| !c.is_empty())
            .map(|(i, (v, c))| (i, *v, *c))
            .collect();
        let mut pairs = 0;
        for &(i, a, ca) in &valid {
            for &(j, b, cb) in &valid {
                let want = if ca == cb { Ordering::Equal } else { i.cmp(&j) };
                assert_eq!(p(a).cmp(&p(b)), want, "{a} vs {b}");
                // The no-`v` spelling used by OSV Go records compares the same.
                assert_eq!(p(&a[1..]).cmp(&p(b)), want, "{} vs {b}", &a[1..]);
                pairs += 1;
            }
        }
        assert_eq!(pairs, 24 * 24);
        // TestCompare's extra cases.
        assert_eq!(p("v1").cmp(&p("v1")), Ordering::Equal);
        assert_eq!(p("v2").cmp(&p("v1")), Ordering::Greater);
        assert_eq!(p("v1").cmp(&p("v2")), Ordering::Less);
        // The stored copy of semver_test.go also lists `{"v1.19", "v1.2", -1}`. That contradicts
        // x/mod's own `compareInt` (longer digit string is larger) and SemVer §11 (minor 19 > 2),
        // so it is not taken as a vector: Go 1.19 is newer than Go 1.2.
        assert_eq!(p("v1.19").cmp(&p("v1.2")), Ordering::Greater);
    }

    /// golang/go `src/cmd/go/internal/modfetch/pseudo_test.go` (since moved to golang.org/x/mod
    /// `module/pseudo_test.go`), `pseudoTests`: `(older, pseudo-version)` built at
    /// 2006-01-02T15:04:05Z from revision "hash".
    const PSEUDO_TESTS: &[(&str, &str)] = &[
        ("", "v0.0.0-20060102150405-hash"),
        ("", "v1.0.0-20060102150405-hash"),
        ("", "v2.0.0-20060102150405-hash"),
        ("v0.0.0", "v0.0.1-0.20060102150405-hash"),
        ("v1.2.3", "v1.2.4-0.20060102150405-hash"),
        (
            "v1.2.99999999999999999",
            "v1.2.100000000000000000-0.20060102150405-hash",
        ),
        ("v1.2.3-pre", "v1.2.3-pre.0.20060102150405-hash"),
        ("v1.3.0-pre", "v1.3.0-pre.0.20060102150405-hash"),
        ("v0.0.0--", "v0.0.0--.0.20060102150405-hash"),
        ("v1.0.0+metadata", "v1.0.1-0.20060102150405-hash+metadata"),
        (
            "v2.0.0+incompatible",
            "v2.0.1-0.20060102150405-hash+incompatible",
        ),
        (
            "v2.3.0-pre+incompatible",
            "v2.3.0-pre.0.20060102150405-hash+incompatible",
        ),
    ];

    #[test]
    fn pseudo_versions_are_recognised_and_sit_between_base_and_next_release() {
        for (older, pseudo) in PSEUDO_TESTS {
            let v = p(pseudo);
            assert_eq!(
                v.pseudo(),
                Some(PseudoVersion {
                    timestamp: "20060102150405",
                    revision: "hash"
                }),
                "{pseudo}"
            );
            // The same commit an hour later is a later pseudo-version.
            let later = pseudo.replace("20060102150405", "20060102160405");
            assert!(p(&later) > v, "{later} > {pseudo}");
            if older.is_empty() {
                continue;
            }
            let base = p(older);
            assert_eq!(base.pseudo(), None, "{older} is not a pseudo-version");
            assert!(base < v, "{older} < {pseudo}");
            // Below the release it precedes: vX.Y.(Z+1), or vX.Y.Z for the `-pre.0.` form.
            let next = semver::Version {
                pre: semver::Prerelease::EMPTY,
                build: semver::BuildMetadata::EMPTY,
                ..v.as_semver().clone()
            };
            assert!(v < p(&next.to_string()), "{pseudo} < {next}");
        }
        // x/mod TestInvalidPseudoVersionBase strings that still look like pseudo-versions, and
        // plain versions, are recognised (or not) by shape only.
        assert!(p("v0.0.0").pseudo().is_none());
        assert!(p("v1.2.3-20060102150405-hash").pseudo().is_none()); // X.Y.Z with Y or Z ≠ 0
        assert!(p("v1.0.0-2006010215040-hash").pseudo().is_none()); // 13-digit timestamp
        assert!(p("v1.0.0-pre.20060102150405-hash").pseudo().is_none()); // no ".0." before it
    }

    /// `(a, b, a.cmp(b))` from the Go modules reference, the Go vulndb and SBOM data.
    const ORDER: &[(&str, &str, Ordering)] = &[
        // OSV Go records carry no `v`; purls do: the spellings are equal.
        ("1.18.0-0", "v1.18.0-0", Ordering::Equal),
        // `introduced: 1.18.0-0` (Go stdlib records) is below the 1.18 pre-releases.
        ("1.18.0-0", "v1.18.0-beta.1", Ordering::Less),
        ("1.18.0-0", "go1.18beta1", Ordering::Less),
        ("go1.18rc1", "1.18.0", Ordering::Less),
        // GO-2020-0017 jwt-go introduced at a pseudo-version of the v3 line, no fix.
        (
            "v0.0.0-20210817142637-7d9622a276b7",
            "v0.0.0-20220412211240-33da011f77ad",
            Ordering::Less,
        ),
        ("0.0.0-20220412211240-33da011f77ad", "0.0.0", Ordering::Less),
        // A pseudo-version on top of a pre-release tag (GO vulndb, runc).
        (
            "2.2.5-rc6.0.20190621200032-0ddffe484adc+incompatible",
            "2.2.5-rc6",
            Ordering::Greater,
        ),
        (
            "2.2.5-rc6.0.20190621200032-0ddffe484adc+incompatible",
            "2.2.5",
            Ordering::Less,
        ),
        // `+incompatible` is build metadata: ignored.
        ("2.9.4+incompatible", "v2.9.4", Ordering::Equal),
        ("11.3.0-rc1+incompatible", "11.3.0", Ordering::Less),
        // Pre-release identifiers compare as SemVer: numeric < alphanumeric, ASCII order.
        ("2.12.0-RC.1", "2.12.0-rc.1", Ordering::Less),
        ("1.0.0-rc95", "1.0.0-rc3", Ordering::Greater), // one alphanumeric id: "rc95" > "rc3"
        // Toolchain tags (SBOM `stdlib` versions) against vulndb ranges.
        ("go1.21.3", "1.21.3", Ordering::Equal),
        ("go1.21", "1.21.0", Ordering::Equal),
        ("go1", "v1.0.0", Ordering::Equal),
        ("go1.21rc2", "1.21.0-rc.2", Ordering::Equal),
        ("1.21rc2", "1.21.0-rc.2", Ordering::Equal),
        ("go1.9beta1", "go1.9rc1", Ordering::Less),
        ("go1.21.3 X:boringcrypto", "v1.21.3", Ordering::Equal),
        ("go1.22.7", "v1.22.10", Ordering::Less),
    ];

    #[test]
    fn ordering_table() {
        for (a, b, want) in ORDER {
            assert_eq!(p(a).cmp(&p(b)), *want, "{a} vs {b}");
            assert_eq!(p(b).cmp(&p(a)), want.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn toolchain_tags_map_like_the_vulndb() {
        let cases: &[(&str, &str)] = &[
            ("go1.21.3", "v1.21.3"),
            ("go1.21", "v1.21.0"),
            ("go1.21rc2", "v1.21.0-rc.2"),
            ("go1.21.0", "v1.21.0"),
            ("go1.9beta1", "v1.9.0-beta.1"),
            ("go1.9.2-pre1", "v1.9.2-pre.1"),
            ("go1", "v1.0.0"),
            ("1.21rc2", "v1.21.0-rc.2"),
            ("1.9.2-pre1", "v1.9.2-pre1"), // valid SemVer without `go`: left alone
            ("go1.21.0-rc.2", "v1.21.0-rc.2"), // already SemVer after `go`
        ];
        for (tag, want) in cases {
            assert_eq!(p(tag).canonical(), *want, "{tag}");
        }
    }

    #[test]
    fn display_and_accessors() {
        let v = p("2.0.1-0.20060102150405-hash+incompatible");
        assert_eq!(v.to_string(), "v2.0.1-0.20060102150405-hash+incompatible");
        assert_eq!(v.canonical(), "v2.0.1-0.20060102150405-hash");
        assert!(v.is_incompatible());
        assert!(v.is_prerelease());
        assert!(!p("v2.0.1").is_incompatible());
        assert_eq!(p("v1.2").as_semver().to_string(), "1.2.0");
    }

    #[test]
    fn rejects_with_reasons() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            ("(devel)", "development build"),
            ("go1.0", "not a Go release tag"),
            ("gov1.2.3", "not a Go toolchain version"),
            ("go", "not a Go toolchain version"),
            ("v1.2-pre", "shorthand"),
            ("1-pre", "shorthand"),
            ("V1.2.3", "unexpected character"),
            ("v01.2.3", "leading zero"),
            ("v1.2.3-01", "leading zero"),
            ("v1.2.3-", "empty identifier"),
            ("v1.2.3.4", "unexpected character"),
            (" v1.2.3", "whitespace"),
            ("v1.2.3 ", "whitespace"),
            ("v1.2.3\0", "unexpected character '\\0'"),
            ("v1.2.3%2Bincompatible", "unexpected character '%'"), // purl decoding is not ours
            ("v99999999999999999999.0.0", "exceeds u64"),
            ("latest", "unexpected character"),
            ("master", "unexpected character"),
        ];
        for (s, why) in cases {
            let e = Go::parse(s).expect_err(s);
            assert!(e.reason.contains(why), "{s:?}: {}", e.reason);
        }
    }

    #[test]
    fn junk_never_panics() {
        for s in [
            "9".repeat(10_000),
            format!("v{}", "1.".repeat(5_000)),
            format!("go{}", "1".repeat(10_000)),
            "\u{0}\u{1}".into(),
            "go\u{0}".into(),
            "v".into(),
            "-".into(),
            "+".into(),
            ".".into(),
        ] {
            assert!(Go::parse(&s).is_err(), "{s:.20}");
        }
    }

    /// Every version string in the Go vulndb OSV export must parse.
    #[test]
    fn go_vulndb_versions_all_parse() {
        let path = "/work/shared/data/golang-vulndb-osv/golang-vulndb-data-osv.tar.gz";
        let Some(records) = super::super::semver::testdata::json_members(path) else {
            return;
        };
        let versions = super::super::semver::testdata::osv_versions(&records);
        let mut pseudo = 0;
        let mut incompatible = 0;
        let mut failures = Vec::new();
        for (v, at) in &versions {
            match Go::parse(v) {
                Ok(g) => {
                    pseudo += usize::from(g.pseudo().is_some());
                    incompatible += usize::from(g.is_incompatible());
                }
                Err(e) => failures.push(format!("{at}: {e}")),
            }
        }
        eprintln!(
            "go vulndb: {} records, {} distinct versions, {pseudo} pseudo-versions, \
             {incompatible} +incompatible, {} fail",
            records.len(),
            versions.len(),
            failures.len()
        );
        assert!(versions.len() > 2_000, "{}", versions.len());
        assert!(pseudo > 400, "{pseudo}");
        assert!(failures.is_empty(), "{failures:#?}");
    }

    fn ident() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u64..20).prop_map(|n| n.to_string()),
            "[0-9]{0,2}[a-zA-Z-][0-9a-zA-Z-]{0,3}",
            // pseudo-version tails
            (2019u32..2022, 10u32..13).prop_map(|(y, m)| format!("{y}{m}01120000-abcdef0123")),
        ]
    }

    fn version() -> impl Strategy<Value = String> {
        (
            prop::bool::ANY,
            0u64..3,
            prop::option::of((0u64..3, prop::option::of(0u64..3))),
            prop::collection::vec(ident(), 0..3),
            prop::option::of(prop_oneof!["incompatible", "[0-9a-z]{1,3}"]),
        )
            .prop_map(|(v, a, rest, pre, build)| {
                let mut s = String::from(if v { "v" } else { "" });
                s.push_str(&a.to_string());
                let full = !pre.is_empty() || build.is_some();
                match rest {
                    Some((b, Some(c))) => s.push_str(&format!(".{b}.{c}")),
                    Some((b, None)) if !full => s.push_str(&format!(".{b}")),
                    None if !full => {}
                    Some((b, None)) => s.push_str(&format!(".{b}.0")),
                    None => s.push_str(".0.0"),
                }
                if !pre.is_empty() {
                    s.push('-');
                    s.push_str(&pre.join("."));
                }
                if let Some(b) = build {
                    s.push('+');
                    s.push_str(&b);
                }
                s
            })
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC{0,40}") {
            let _ = Go::parse(&s);
        }

        #[test]
        fn go_prefixed_strings_never_panic(s in "go[0-9.a-z -]{0,20}") {
            let _ = Go::parse(&s);
        }

        #[test]
        fn with_and_without_v_are_equal(s in version()) {
            let bare = s.strip_prefix('v').unwrap_or(&s);
            prop_assert_eq!(p(bare), p(&format!("v{bare}")));
        }

        #[test]
        fn antisymmetric_and_eq_agrees(a in version(), b in version()) {
            let (va, vb) = (p(&a), p(&b));
            prop_assert_eq!(va.cmp(&vb), vb.cmp(&va).reverse());
            prop_assert_eq!(va == vb, va.cmp(&vb) == Ordering::Equal);
        }

        #[test]
        fn transitive(a in version(), b in version(), c in version()) {
            let (va, vb, vc) = (p(&a), p(&b), p(&c));
            if va <= vb && vb <= vc {
                prop_assert!(va <= vc);
            }
        }

        #[test]
        fn canonical_round_trips(s in version()) {
            let v = p(&s);
            prop_assert_eq!(p(&v.canonical()), v);
        }
    }
}
