//! Cargo (crates.io) versions: strict SemVer 2.0.0, compared by precedence.
//!
//! Rules: a version is exactly `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` (no leading zeros in
//! numbers or numeric pre-release identifiers, no `v`, no surrounding whitespace, no partial
//! `1.0`), which is what Cargo and crates.io accept. Ordering is SemVer precedence
//! (semver.org §11): numbers numerically, a pre-release below its release, pre-release identifiers
//! field by field (numeric < alphanumeric, numeric by value, alphanumeric by ASCII, a shorter
//! list of equal prefix lower). Build metadata is **ignored**: `1.0.0+a == 1.0.0+b`. OSV `SEMVER`
//! range events in RustSec (`introduced: "0.0.0-0"`, the lowest version there is) parse as-is.
//!
//! Reference: <https://semver.org/spec/v2.0.0.html>; implementation: the `semver` crate (the one
//! Cargo itself uses), so "what Cargo accepts" is exact by construction.
//!
//! The design decision a newcomer would undo: [`CargoVersion`] wraps [`semver::Version`] but does
//! **not** use its derived `Ord`, which also orders build metadata (`1.0.0+a < 1.0.0+b`); it compares
//! with [`semver::Version::cmp_precedence`], and `Eq` agrees with it. Non-strict spellings are
//! rejected rather than guessed: `pkg:cargo/hyper@0.14` (an incomplete version seen in an SPDX
//! example) is an error whose reason says it is a requirement, not a version, so the caller
//! reports the component as ambiguous instead of silently treating it as `0.14.0`.

use std::cmp::Ordering;
use std::fmt;

use super::{Comparator, VersionError, VersionScheme};

/// The Cargo comparator (SemVer 2.0.0 precedence).
#[derive(Debug, Clone, Copy, Default)]
pub struct Cargo;

/// A parsed Cargo version. `Ord`/`Eq` are SemVer precedence: build metadata is ignored.
#[derive(Debug, Clone)]
pub struct CargoVersion(semver::Version);

impl CargoVersion {
    /// The underlying `semver` value (build metadata included, for display).
    pub fn as_semver(&self) -> &semver::Version {
        &self.0
    }

    /// Whether the version has a pre-release part (`1.0.0-rc.1`).
    pub fn is_prerelease(&self) -> bool {
        !self.0.pre.is_empty()
    }
}

impl PartialEq for CargoVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for CargoVersion {}

impl PartialOrd for CargoVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CargoVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp_precedence(&other.0)
    }
}

impl fmt::Display for CargoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Comparator for Cargo {
    const SCHEME: VersionScheme = VersionScheme::Semver;
    type Parsed = CargoVersion;

    fn parse(input: &str) -> Result<CargoVersion, VersionError> {
        let err = |reason: String| VersionError::new(Self::SCHEME, input, reason);
        if input.is_empty() {
            return Err(err("empty version".into()));
        }
        if input.trim() != input {
            return Err(err("surrounding whitespace is not allowed".into()));
        }
        match semver::Version::parse(input) {
            Ok(v) => Ok(CargoVersion(v)),
            Err(e) => Err(err(explain(input, &e))),
        }
    }
}

/// A reason for a rejected version: the `semver` crate's message, or a clearer one for the
/// non-strict spellings seen in real data.
fn explain(input: &str, e: &semver::Error) -> String {
    if let Some(rest) = input.strip_prefix(['v', 'V'])
        && semver::Version::parse(rest).is_ok()
    {
        return format!("a leading `v` is not part of a Cargo version (write `{rest}`)");
    }
    let numeric_parts = input.split('.').collect::<Vec<_>>();
    if numeric_parts.len() < 3
        && numeric_parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return format!(
            "incomplete version: a Cargo version has three numbers; `{input}` is a requirement \
             (it means ^{input}), not a version"
        );
    }
    if let Some((at, c)) = input
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')))
    {
        return format!("unexpected character {c:?} at byte {at}");
    }
    e.to_string()
}

#[cfg(test)]
pub(super) mod testdata {
    //! Reading the shared real-data tarballs in tests (skipped when absent).

    use std::io::Read;
    use std::path::Path;

    /// Every `*.json` member of a `.tar.gz`, parsed; `None` (with a SKIP line) if the file is absent.
    pub(in crate::version) fn json_members(path: &str) -> Option<Vec<(String, serde_json::Value)>> {
        let p = Path::new(path);
        if !p.exists() {
            eprintln!("SKIP: {path} not present");
            return None;
        }
        let file = std::fs::File::open(p).unwrap();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let mut out = Vec::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".json") {
                continue;
            }
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            out.push((name, serde_json::from_str(&text).unwrap()));
        }
        Some(out)
    }

    /// Every OSV range-event value and `versions[]` entry in a set of OSV records, with the
    /// record id and where it came from, de-duplicated and sorted.
    pub(in crate::version) fn osv_versions(
        records: &[(String, serde_json::Value)],
    ) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        for (name, rec) in records {
            let Some(affected) = rec["affected"].as_array() else {
                continue;
            };
            for a in affected {
                for r in a["ranges"].as_array().into_iter().flatten() {
                    for ev in r["events"].as_array().into_iter().flatten() {
                        for (k, v) in ev.as_object().into_iter().flatten() {
                            if let Some(v) = v.as_str() {
                                out.entry(v.to_string())
                                    .or_insert_with(|| format!("{name} {k}"));
                            }
                        }
                    }
                }
                for v in a["versions"].as_array().into_iter().flatten() {
                    if let Some(v) = v.as_str() {
                        out.entry(v.to_string())
                            .or_insert_with(|| format!("{name} versions[]"));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> CargoVersion {
        Cargo::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `(a, b, expected a.cmp(b))`.
    /// Sources: semver.org §11 (the spec's own precedence examples), dtolnay/semver
    /// `tests/test_version.rs` (`test_lt`, `test_gt`, `test_spec_order`, `test_parse`), and
    /// RustSec OSV records (`0.0.0-0` is below everything).
    const ORDER: &[(&str, &str, Ordering)] = &[
        // semver.org §11.2: numbers compare numerically.
        ("1.0.0", "2.0.0", Ordering::Less),
        ("2.0.0", "2.1.0", Ordering::Less),
        ("2.1.0", "2.1.1", Ordering::Less),
        ("1.9.0", "1.10.0", Ordering::Less), // not lexical
        // semver.org §11.3: a pre-release is below its release.
        ("1.0.0-alpha", "1.0.0", Ordering::Less),
        // semver.org §11.4 chain.
        ("1.0.0-alpha", "1.0.0-alpha.1", Ordering::Less),
        ("1.0.0-alpha.1", "1.0.0-alpha.beta", Ordering::Less), // numeric < alphanumeric
        ("1.0.0-alpha.beta", "1.0.0-beta", Ordering::Less),
        ("1.0.0-beta", "1.0.0-beta.2", Ordering::Less),
        ("1.0.0-beta.2", "1.0.0-beta.11", Ordering::Less), // numeric, not lexical
        ("1.0.0-beta.11", "1.0.0-rc.1", Ordering::Less),
        ("1.0.0-rc.1", "1.0.0", Ordering::Less),
        // dtolnay/semver test_lt / test_gt.
        ("0.0.0", "1.2.3-alpha2", Ordering::Less),
        ("1.0.0", "1.2.3-alpha2", Ordering::Less),
        ("1.2.0", "1.2.3-alpha2", Ordering::Less),
        ("1.2.3-alpha1", "1.2.3", Ordering::Less),
        ("1.2.3-alpha1", "1.2.3-alpha2", Ordering::Less),
        ("1.2.3-alpha2", "1.2.3-alpha2", Ordering::Equal),
        // dtolnay/semver orders build metadata in `Ord` (`1.2.3+23 < 1.2.3+42`); precedence
        // does not, and neither do we.
        ("1.2.3+23", "1.2.3+42", Ordering::Equal),
        ("1.2.3-alpha1+build5", "1.2.3-alpha1", Ordering::Equal),
        (
            "1.2.3-1.alpha1.9+build5.7.3aedf",
            "1.2.3-1.alpha1.9",
            Ordering::Equal,
        ),
        ("0.4.0-beta.1+0851523", "0.4.0-beta.1", Ordering::Equal),
        // dtolnay/semver test_parse: hyphens inside identifiers (old npm "1.1.0-beta-10").
        ("1.1.0-beta-10", "1.1.0-beta-9", Ordering::Less), // one alphanumeric id, ASCII order
        ("1.2.3-0a.alpha1.9", "1.2.3-1.alpha1.9", Ordering::Greater), // "0a" is alphanumeric
        // Identifiers: uppercase sorts before lowercase (ASCII).
        ("1.0.0-RC.1", "1.0.0-rc.1", Ordering::Less),
        // RustSec `introduced: 0.0.0-0` is the lowest version; `2.0.0-2` events exist too.
        ("0.0.0-0", "0.0.0", Ordering::Less),
        ("0.0.0-0", "0.0.0-alpha", Ordering::Less),
        ("2.0.0-2", "2.0.0-10", Ordering::Less),
        ("0.7.0-alpha.2", "0.7.0-0", Ordering::Greater),
        // Large numbers (u64) compare numerically.
        (
            "18446744073709551615.0.0",
            "18446744073709551614.9.9",
            Ordering::Greater,
        ),
        ("1.0.0-18446744073709551616", "1.0.0-9", Ordering::Greater), // numeric beyond u64
    ];

    #[test]
    fn ordering_table() {
        for (a, b, want) in ORDER {
            assert_eq!(p(a).cmp(&p(b)), *want, "{a} vs {b}");
            assert_eq!(p(b).cmp(&p(a)), want.reverse(), "{b} vs {a}");
            assert_eq!(p(a) == p(b), *want == Ordering::Equal, "{a} == {b}");
        }
    }

    #[test]
    fn rejects_non_cargo_spellings_with_reasons() {
        let cases: &[(&str, &str)] = &[
            ("", "empty"),
            (" ", "whitespace"),
            ("1.2.3 ", "whitespace"),
            ("\t1.2.3", "whitespace"),
            ("v1.2.3", "leading `v`"),
            ("V1.0.0-rc.1", "leading `v`"),
            // SPDX example `pkg:cargo/hyper@0.14`: a requirement, not a version.
            ("0.14", "incomplete"),
            ("1", "incomplete"),
            ("1.2.3-", "empty identifier"),
            ("1.2.3-01", "leading zero"),
            ("07.1.1", "leading zero"),
            ("5.1.5++", "build metadata"),
            ("1.2.3.4", "unexpected character"),
            ("a.b.c", "unexpected character"),
            ("75774777777757777757.0.0", "exceeds u64"),
            ("1.2.3\0", "unexpected character"),
            ("1.2.3\u{7f}", "unexpected character"),
            ("1.2.3-α", "unexpected character 'α' at byte 6"),
            ("=1.2.3", "unexpected character"),
            ("^1.2.3", "unexpected character"),
        ];
        for (s, why) in cases {
            let e = Cargo::parse(s).expect_err(s);
            assert!(e.reason.contains(why), "{s:?}: {}", e.reason);
            assert_eq!(e.input, *s);
        }
    }

    #[test]
    fn junk_never_panics() {
        for s in [
            "9".repeat(10_000),
            "1.".repeat(5_000),
            format!("1.2.3-{}", "a.".repeat(5_000)),
            "\u{0}\u{1}\u{2}".into(),
            "\u{feff}1.2.3".into(),
        ] {
            assert!(Cargo::parse(&s).is_err());
        }
        // A long but valid version is fine.
        assert!(Cargo::parse(&format!("1.2.3-{}", "a".repeat(10_000))).is_ok());
    }

    #[test]
    fn display_keeps_build_metadata() {
        assert_eq!(p("1.2.3-rc.1+build.5").to_string(), "1.2.3-rc.1+build.5");
        assert!(p("1.2.3-rc.1").is_prerelease());
        assert!(!p("1.2.3+rc").is_prerelease());
        assert_eq!(p("1.2.3+x").as_semver().build.as_str(), "x");
    }

    /// Every version string in the RustSec OSV export must parse.
    #[test]
    fn rustsec_osv_versions_all_parse() {
        let path = "/work/shared/data/rustsec-advisory-db-osv/rustsec-osv-crates.tar.gz";
        let Some(records) = testdata::json_members(path) else {
            return;
        };
        let versions = testdata::osv_versions(&records);
        let failures: Vec<_> = versions
            .iter()
            .filter_map(|(v, at)| Cargo::parse(v).err().map(|e| format!("{at}: {e}")))
            .collect();
        eprintln!(
            "rustsec: {} records, {} distinct versions, {} fail",
            records.len(),
            versions.len(),
            failures.len()
        );
        assert!(versions.len() > 500, "{}", versions.len());
        assert!(failures.is_empty(), "{failures:#?}");
    }

    fn ident() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u64..20).prop_map(|n| n.to_string()),
            "[0-9]{0,2}[a-zA-Z-][0-9a-zA-Z-]{0,3}",
        ]
    }

    fn version() -> impl Strategy<Value = String> {
        (
            0u64..4,
            0u64..4,
            0u64..4,
            prop::collection::vec(ident(), 0..3),
            prop::option::of("[0-9a-z]{1,3}"),
        )
            .prop_map(|(a, b, c, pre, build)| {
                let mut s = format!("{a}.{b}.{c}");
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
            let _ = Cargo::parse(&s);
        }

        #[test]
        fn grammar_versions_parse_and_display_round_trips(s in version()) {
            let v = p(&s);
            prop_assert_eq!(v.to_string(), s);
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
        fn build_metadata_is_ignored(s in version(), b in "[0-9a-z]{1,4}") {
            let base = s.split('+').next().unwrap_or(&s).to_string();
            prop_assert_eq!(p(&base), p(&format!("{base}+{b}")));
        }
    }
}
