//! PEP 440 versions (PyPI), PEP 440 version specifiers, and PEP 503 project-name normalisation.
//!
//! Rules (<https://peps.python.org/pep-0440/>, reference implementation `pypa/packaging`
//! `packaging/version.py`): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, case-insensitive,
//! with an optional leading `v`, surrounding whitespace, and the alternate spellings `alpha`,
//! `beta`, `c`, `pre`, `preview`, `rev`, `r`, `-N` (post), separators `.`/`-`/`_` and implicit
//! numbers (`1.0a` = `1.0a0`). Order: epoch, then the release compared with zero padding
//! (`1.0 == 1.0.0`), then `.devN` of a release < its pre-releases < the release < its
//! post-releases (`1.0.dev1 < 1.0a1 < 1.0 < 1.0.post1`); a local version sorts after its public
//! version, its segments compared numerically when numeric, lexicographically otherwise, numbers
//! above strings and longer above shorter.
//!
//! Parsing and ordering come from the `pep440_rs` crate (uv's parser), which was checked before
//! adoption: it agrees with `packaging` 25 (`Version(s)` acceptance, normalised `str`, and
//! pairwise order) on every version string of the PyPA advisory snapshot and on 60,000 generated
//! strings, except numbers above `u64::MAX` (rejected here; `packaging` uses unbounded ints), and
//! 200,000 arbitrary strings never made it panic. This wrapper only trims surrounding Unicode
//! whitespace first (as `packaging` does; `pep440_rs` would reject a no-break space).
//!
//! The one decision a newcomer might undo: [`parse_requirement`] turns specifiers into plain
//! order intervals. PEP 440's install-time exclusions (`<V` and `>V` skipping pre-, post- and local
//! releases of `V`; `==V` also matching `V+local`) are not applied, because Stella matches
//! advisories by order: a version between the bounds is in the range.

use std::cmp::Ordering;
use std::str::FromStr;

use super::range::RangeSet;
use super::rubygems::setops::{self, End, Iv};
use super::{Comparator, VersionError, VersionScheme};

/// The PEP 440 comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pep440;

impl Comparator for Pep440 {
    const SCHEME: VersionScheme = VersionScheme::Pep440;
    type Parsed = PyVersion;
    fn parse(input: &str) -> Result<PyVersion, VersionError> {
        PyVersion::parse(input)
    }
}

/// A parsed PEP 440 version. Ordering and equality are PEP 440's (`1.0 == 1.0.0`,
/// `1.0rc1 == 1.0c1`); the text as given is kept for evidence and takes no part in them.
#[derive(Debug, Clone)]
pub struct PyVersion {
    text: String,
    version: pep440_rs::Version,
}

impl PyVersion {
    /// Parse a version.
    ///
    /// # Errors
    /// [`VersionError`] when the text is empty or not a PEP 440 version (for example the legacy
    /// spellings `0.3m1`, `2.0.0-final` or `2013-01-21T20:33:09+0100` seen in old advisories).
    pub fn parse(input: &str) -> Result<PyVersion, VersionError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(VersionError::new(
                VersionScheme::Pep440,
                input,
                "empty version",
            ));
        }
        let version = pep440_rs::Version::from_str(text).map_err(|e| {
            VersionError::new(
                VersionScheme::Pep440,
                input,
                e.to_string().replace('\n', " "),
            )
        })?;
        Ok(PyVersion {
            text: text.to_string(),
            version,
        })
    }

    /// The version as given, without surrounding whitespace.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The normalised spelling (`1.0-A1` → `1.0a1`, `v1.0.POST` → `1.0.post0`).
    pub fn normalized(&self) -> String {
        self.version.to_string()
    }

    /// Whether this is a pre-release or a development release.
    pub fn is_prerelease(&self) -> bool {
        self.version.any_prerelease()
    }
}

impl std::fmt::Display for PyVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Ord for PyVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.version.cmp(&other.version)
    }
}

impl PartialOrd for PyVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PyVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PyVersion {}

impl std::hash::Hash for PyVersion {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // `pep440_rs` hashes consistently with its zero-padding equality.
        self.version.hash(state);
    }
}

/// PEP 503 name normalisation: runs of `-`, `_` and `.` become one `-`, and the name is
/// lowercased (`Friendly-._Bar` → `friendly-bar`). The input is not trimmed or validated.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            in_run = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Parse PEP 440 specifiers (`>=1.0,<2.0`, `==1.4.*`, `~=2.2`, `!=1.5`, `===1.0`) into the union
/// of intervals they allow, with normalised bound spellings.
///
/// `~=2.2` is `>=2.2, <3.dev0` and `==1.4.*` is `>=1.4.dev0, <1.5.dev0` (the lowest version with
/// that prefix and the lowest one past it); `!=` punches a hole. Ranges are plain order
/// intervals: a pre-release between the bounds is in the range, and PEP 440's install-time
/// exceptions (see the module header) are not applied. `===` is treated as `==`.
///
/// # Errors
/// [`VersionError`] for an empty text, a malformed specifier, or a version whose successor does
/// not fit in `u64`.
pub fn parse_requirement(text: &str) -> Result<RangeSet, VersionError> {
    let err = |reason: String| VersionError::new(VersionScheme::Pep440, text, reason);
    if text.trim().is_empty() {
        return Err(err("empty requirement".into()));
    }
    let specs = pep440_rs::VersionSpecifiers::from_str(text)
        .map_err(|e| err(e.to_string().replace('\n', " ")))?;
    let mut acc = setops::everything::<PyVersion>();
    for spec in specs.iter() {
        use pep440_rs::Operator as O;
        let v = spec.version().clone();
        let p = point(&v)?;
        let ivs = match spec.operator() {
            O::Equal | O::ExactEqual => vec![Iv::new(End::Incl(p.clone()), End::Incl(p))],
            O::NotEqual => vec![
                Iv::new(End::Open, End::Excl(p.clone())),
                Iv::new(End::Excl(p), End::Open),
            ],
            O::LessThan => vec![Iv::new(End::Open, End::Excl(p))],
            O::LessThanEqual => vec![Iv::new(End::Open, End::Incl(p))],
            O::GreaterThan => vec![Iv::new(End::Excl(p), End::Open)],
            O::GreaterThanEqual => vec![Iv::new(End::Incl(p), End::Open)],
            O::EqualStar | O::NotEqualStar => {
                let lo = point(&v.clone().with_dev(Some(0)))?;
                let hi = point(&bump_last(&v, v.release().len()).map_err(&err)?)?;
                if *spec.operator() == O::EqualStar {
                    vec![Iv::new(End::Incl(lo), End::Excl(hi))]
                } else {
                    vec![
                        Iv::new(End::Open, End::Excl(lo)),
                        Iv::new(End::Incl(hi), End::Open),
                    ]
                }
            }
            O::TildeEqual => {
                // `~=X.Y.Z` is `>=X.Y.Z, ==X.Y.*`; pep440_rs guarantees two release segments.
                let hi = point(&bump_last(&v, v.release().len().saturating_sub(1)).map_err(&err)?)?;
                vec![Iv::new(End::Incl(p), End::Excl(hi))]
            }
        };
        acc = setops::intersect(&acc, &ivs);
    }
    Ok(setops::to_range_set(&acc))
}

/// The lowest version past the prefix `release[..len]`: that prefix with its last number
/// incremented, as `.dev0` (same epoch).
fn bump_last(v: &pep440_rs::Version, len: usize) -> Result<pep440_rs::Version, String> {
    let mut release: Vec<u64> = v.release().iter().take(len.max(1)).copied().collect();
    let last = release
        .last_mut()
        .ok_or_else(|| "a specifier needs a release number".to_string())?;
    *last = last
        .checked_add(1)
        .ok_or_else(|| format!("{v}: release number too large to increment"))?;
    Ok(pep440_rs::Version::new(release)
        .with_epoch(v.epoch())
        .with_dev(Some(0)))
}

fn point(v: &pep440_rs::Version) -> Result<setops::Point<PyVersion>, VersionError> {
    setops::point::<Pep440>(&v.to_string())
}

/// Test helpers shared by the version scheme tests: the read-only advisory snapshots under the
/// shared data folder (found via `STELLA_SHARED_DATA`, `../shared/data` beside the repository, or
/// `/work/shared/data`). Tests skip with a message when the folder is absent.
#[cfg(test)]
pub(crate) mod testdata {
    use std::io::Read;
    use std::path::PathBuf;

    fn shared_data_dir() -> Option<PathBuf> {
        let candidates = [
            std::env::var_os("STELLA_SHARED_DATA").map(PathBuf::from),
            Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")),
            Some(PathBuf::from("/work/shared/data")),
        ];
        candidates.into_iter().flatten().find(|p| p.is_dir())
    }

    /// Every regular file of a `.tar.gz` under the shared data folder, as (path, UTF-8 text),
    /// sorted by path; `None` (after an `eprintln!("SKIP: …")`) when it is not there.
    pub(crate) fn shared_tarball(rel: &str) -> Option<Vec<(String, String)>> {
        let Some(dir) = shared_data_dir() else {
            eprintln!("SKIP: shared data folder not present (for {rel})");
            return None;
        };
        let path = dir.join(rel);
        if !path.is_file() {
            eprintln!("SKIP: {} not present", path.display());
            return None;
        }
        let file = std::fs::File::open(&path).unwrap();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let mut out = Vec::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut text = String::new();
            if entry.read_to_string(&mut text).is_ok() {
                out.push((name, text));
            }
        }
        out.sort();
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::range::{Bound, Interval};
    use crate::version::rubygems::setops::contains;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn v(s: &str) -> PyVersion {
        PyVersion::parse(s).unwrap()
    }

    /// `VERSIONS` from pypa/packaging `tests/test_version.py`: "This list must be in the correct
    /// sorting order" (epoch 0 then epoch 1; dev < pre < release < post; local after public).
    const SORTED: &[&str] = &[
        "1.0.dev0",
        "1.0.dev456",
        "1.0.dev456+local",
        "1.0a0",
        "1.0a0.post0.dev0",
        "1.0a0.post0",
        "1.0a1.dev1",
        "1.0a1.dev1+local",
        "1.0a1",
        "1.0a1+local",
        "1.0b0",
        "1.0b1.dev456",
        "1.0b2",
        "1.0b2.post345.dev456",
        "1.0b2.post345",
        "1.0b2-346",
        "1.0rc0",
        "1.0rc1.dev1",
        "1.0c1",
        "1.0rc2",
        "1.0",
        "1.0.post0.dev0",
        "1.0.post0",
        "1.0.post456.dev34",
        "1.0.post456",
        "1.0.post456+local",
        "1.0.1.dev1",
        "1.0.1a1",
        "1.0.1",
        "1.0.1+local",
        "1.0.1.post1",
        "1.1.dev1",
        "1.2+a",
        "1.2+abc",
        "1.2+abcdef",
        "1.2+def",
        "1.2+0",
        "1.2+1",
        "1.2+1.abc",
        "1.2+1.1",
        "1.2+1.1.0",
        "1.2+2",
        "1.2+123",
        "1.2+123456",
        "1.2.r32+123456",
        "1.2.rev33+123456",
        "1!1.0.dev0",
        "1!1.0.dev456",
        "1!1.0.dev456+local",
        "1!1.0a0",
        "1!1.0a0.post0.dev0",
        "1!1.0a0.post0",
        "1!1.0a1.dev1",
        "1!1.0a1.dev1+local",
        "1!1.0a1",
        "1!1.0a1+local",
        "1!1.0b0",
        "1!1.0b1.dev456",
        "1!1.0b2",
        "1!1.0b2.post345.dev456",
        "1!1.0b2.post345",
        "1!1.0b2-346",
        "1!1.0rc0",
        "1!1.0rc1.dev1",
        "1!1.0c1",
        "1!1.0rc2",
        "1!1.0",
        "1!1.0.post0.dev0",
        "1!1.0.post0",
        "1!1.0.post456.dev34",
        "1!1.0.post456",
        "1!1.0.post456+local",
        "1!1.0.1.dev1",
        "1!1.0.1a1",
        "1!1.0.1",
        "1!1.0.1+local",
        "1!1.0.1.post1",
        "1!1.1.dev1",
        "1!1.2+a",
        "1!1.2+abc",
        "1!1.2+abcdef",
        "1!1.2+def",
        "1!1.2+0",
        "1!1.2+1",
        "1!1.2+1.abc",
        "1!1.2+1.1",
        "1!1.2+1.1.0",
        "1!1.2+2",
        "1!1.2+123",
        "1!1.2+123456",
        "1!1.2.r32+123456",
        "1!1.2.rev33+123456",
    ];

    #[test]
    fn packaging_sort_order() {
        for (i, a) in SORTED.iter().enumerate() {
            for (j, b) in SORTED.iter().enumerate() {
                assert_eq!(v(a).cmp(&v(b)), i.cmp(&j), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn equal_spellings_and_surprises() {
        use Ordering::{Equal as E, Greater as G, Less as L};
        let cases: &[(&str, &str, Ordering)] = &[
            ("1.0", "1.0.0", E), // implicit zero padding
            ("1.0rc1", "1.0c1", E),
            ("1.0.dev1", "1.0a1", L), // a release's dev sorts before its pre-releases
            ("9.0.1", "21.1", L),     // numeric, not string, order (FORMAT_NOTES)
            ("1!0.1", "2.0", G),      // the epoch wins
            ("1.0+local", "1.0", G),
            ("1.0-1", "1.0.post1", E),
            ("V1.0", "1.0", E),
            ("1.0_ALPHA_1", "1.0a1", E),
            ("1.0-preview-2", "1.0rc2", E),
            ("1.0.rev3", "1.0.post3", E),
            ("1.01", "1.1", E),
            ("1.0+AbC", "1.0+abc", E),
            ("00!1.2", "1.2", E),
            ("1.0+1.1", "1.0+1.abc", G), // numeric local segments above alphanumeric ones
        ];
        for (a, b, want) in cases {
            assert_eq!(v(a).cmp(&v(b)), *want, "{a} vs {b}");
            assert_eq!(v(b).cmp(&v(a)), want.reverse(), "{b} vs {a}");
            assert_eq!(v(a) == v(b), *want == E, "{a} == {b}");
        }
    }

    /// `test_normalized_versions` from pypa/packaging `tests/test_version.py` (a selection).
    #[test]
    fn normalized_spellings() {
        for (input, want) in [
            ("1.0dev", "1.0.dev0"),
            ("1.0-DEV1", "1.0.dev1"),
            ("1.0.a", "1.0a0"),
            ("1.0-alpha1", "1.0a1"),
            ("1.0B", "1.0b0"),
            ("1.0.beta1", "1.0b1"),
            ("1.0c", "1.0rc0"),
            ("1.0-RC1", "1.0rc1"),
            ("1.0post", "1.0.post0"),
            ("1.0-5", "1.0.post5"),
            ("1.0-r5", "1.0.post5"),
            ("1.0r", "1.0.post0"),
            ("1.0+AbC", "1.0+abc"),
            ("1.0a05", "1.0a5"),
            ("1.0c056", "1.0rc56"),
            ("1.1.dev09000", "1.1.dev9000"),
            ("0100!0.0", "100!0.0"),
            ("v1.0", "1.0"),
            ("   v1.0\t\n", "1.0"),
            ("\u{202F}1.0\t\u{2029}\n ", "1.0"), // non-ASCII whitespace is trimmed too
            ("7!1.0b2.post345.dev456", "7!1.0b2.post345.dev456"),
        ] {
            assert_eq!(v(input).normalized(), want, "{input:?}");
        }
        assert_eq!(v(" 1.0-1 ").as_str(), "1.0-1");
    }

    /// `test_invalid_versions` from pypa/packaging, plus junk.
    #[test]
    fn invalid_versions_are_errors() {
        let long = "1.".repeat(5_000) + "x";
        for bad in [
            "french toast",
            "1.0+a+",
            "1.0++",
            "1.0+_foobar",
            "1.0+foo&asd",
            "1.0+1+1",
            "1. 0",
            "1 .0",
            "1.0 a1",
            "1.0a 1",
            "٠١٢.٣٤٥.٦٧٨٩",
            ".",
            "..",
            "1..0",
            "1.0.",
            ".1.0",
            "1.0+\u{130}",
            "",
            "   ",
            "1.0\u{0}",
            "\u{7}1.0",
            "2.0.0-final",
            "0.3m1",
            "2013-01-21T20:33:09+0100",
            "99999999999999999999999", // above u64 (packaging would accept it)
            long.as_str(),
        ] {
            let e = PyVersion::parse(bad);
            assert!(e.is_err(), "{bad:?}");
        }
        assert_eq!(PyVersion::parse("").unwrap_err().reason, "empty version");
    }

    #[test]
    fn pep503_names() {
        for name in [
            "friendly-bar",
            "Friendly-Bar",
            "friendly.bar",
            "friendly_bar",
            "FRIENDLY_BAR",
            "friendly--bar",
            "Friendly-._Bar",
        ] {
            assert_eq!(normalize_name(name), "friendly-bar", "{name}");
        }
        assert_eq!(normalize_name("Django"), "django");
        assert_eq!(normalize_name("zope.interface"), "zope-interface");
        assert_eq!(normalize_name("a__b..c"), "a-b-c");
    }

    fn iv(lo: Bound, hi: Bound) -> Interval {
        Interval {
            lower: lo,
            upper: hi,
        }
    }

    #[test]
    fn specifier_shapes() {
        let r = |t: &str| parse_requirement(t).unwrap().intervals;
        let inc = |s: &str| Bound::Inclusive(s.into());
        let exc = |s: &str| Bound::Exclusive(s.into());
        assert_eq!(r(">=1.0,<2.0"), vec![iv(inc("1.0"), exc("2.0"))]);
        assert_eq!(r(">= 1.0 , < 2.0"), vec![iv(inc("1.0"), exc("2.0"))]);
        assert_eq!(r("==1.4.*"), vec![iv(inc("1.4.dev0"), exc("1.5.dev0"))]);
        assert_eq!(r("~=2.2"), vec![iv(inc("2.2"), exc("3.dev0"))]);
        assert_eq!(r("~=1.4.5"), vec![iv(inc("1.4.5"), exc("1.5.dev0"))]);
        assert_eq!(r("~=1!2.2"), vec![iv(inc("1!2.2"), exc("1!3.dev0"))]);
        assert_eq!(
            r("!=1.5"),
            vec![
                iv(Bound::Unbounded, exc("1.5")),
                iv(exc("1.5"), Bound::Unbounded)
            ]
        );
        assert_eq!(
            r("!=1.1.*"),
            vec![
                iv(Bound::Unbounded, exc("1.1.dev0")),
                iv(inc("1.2.dev0"), Bound::Unbounded)
            ]
        );
        assert_eq!(r("===1.0"), vec![iv(inc("1.0"), inc("1.0"))]);
        assert!(r(">2,<1").is_empty());
        for bad in [
            "",
            " ",
            ">=",
            "~=1",
            "=>1.0",
            "1.0",
            ">=1.0,,<2",
            "==1.0.*+abc",
            ">=lolwat",
        ] {
            assert!(parse_requirement(bad).is_err(), "{bad:?}");
        }
    }

    /// Membership, with PEP 440's own examples (`~=`, `==X.*`, `!=`), as plain order intervals.
    #[test]
    fn specifier_membership() {
        let cases: &[(&str, &str, bool)] = &[
            ("~=2.2", "2.2", true),
            ("~=2.2", "2.3", true),
            ("~=2.2", "2.9.9", true),
            ("~=2.2", "3.0", false),
            ("~=2.2", "2.1", false),
            ("~=1.4.5", "1.4.9", true),
            ("~=1.4.5", "1.5.0", false),
            ("~=2.2.post3", "2.2.post2", false),
            ("~=2.2.post3", "2.9", true),
            ("~=1.4.5a4", "1.4.5", true),
            ("~=1.4.5a4", "1.4.5a3", false),
            ("==1.1.*", "1.1.post1", true),
            ("==1.1.*", "1.1a1", true),
            ("==1.1.*", "1.1.dev1", true),
            ("==1.1.*", "1.1.1", true),
            ("==1.1.*", "1.10", false),
            ("==1.1.*", "1.0.9", false),
            ("!=1.1.*", "1.1.3", false),
            ("!=1.1.*", "1.2", true),
            ("==1.0", "1.0.0", true),
            ("!=1.5", "1.5.0", false),
            ("!=1.5", "1.5.1", true),
            (">=1.0,<2.0", "1.5", true),
            (">=1.0,<2.0", "2.0", false),
            (">=1.0,<2.0", "0.9", false),
            // Plain order (module header): PEP 440 would exclude these at install time.
            (">=1.0,<2.0", "2.0rc1", true),
            ("==1.0", "1.0+local", false),
            (">=1!1.0", "2.0", false), // epoch 0 is below epoch 1
        ];
        for (spec, ver, want) in cases {
            let set = parse_requirement(spec).unwrap();
            assert_eq!(contains::<Pep440>(&set, ver), *want, "{ver} in {spec}");
        }
    }

    /// Every version of the PyPA snapshot (`affected[].versions` and ECOSYSTEM range events)
    /// parses, except exactly the strings `packaging` rejects too
    /// (`testdata/version/pypa-pep440-invalid.txt`).
    #[test]
    fn pypa_snapshot_versions() {
        let Some(files) =
            testdata::shared_tarball("pypa-advisory-database/pypa-advisory-database-vulns.tar.gz")
        else {
            return;
        };
        let expected_invalid: BTreeSet<&str> = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/version/pypa-pep440-invalid.txt"
        ))
        .lines()
        .collect();
        let (mut occurrences, mut distinct, mut git_ranges) = (0usize, BTreeSet::new(), 0usize);
        for (path, text) in &files {
            if !path.ends_with(".yaml") {
                continue;
            }
            let doc: serde_norway::Value = serde_norway::from_str(text).unwrap();
            let scalar = |x: &serde_norway::Value| {
                x.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{x:?}"))
            };
            for affected in doc
                .get("affected")
                .and_then(|a| a.as_sequence())
                .into_iter()
                .flatten()
            {
                for ver in affected
                    .get("versions")
                    .and_then(|v| v.as_sequence())
                    .into_iter()
                    .flatten()
                {
                    occurrences += 1;
                    distinct.insert(scalar(ver));
                }
                for range in affected
                    .get("ranges")
                    .and_then(|r| r.as_sequence())
                    .into_iter()
                    .flatten()
                {
                    if range.get("type").and_then(|t| t.as_str()) != Some("ECOSYSTEM") {
                        git_ranges += 1;
                        continue;
                    }
                    for event in range
                        .get("events")
                        .and_then(|e| e.as_sequence())
                        .into_iter()
                        .flatten()
                    {
                        for (_, ver) in event.as_mapping().into_iter().flatten() {
                            occurrences += 1;
                            distinct.insert(scalar(ver));
                        }
                    }
                }
            }
        }
        let started = std::time::Instant::now();
        let rejected: BTreeSet<&str> = distinct
            .iter()
            .filter(|s| PyVersion::parse(s).is_err())
            .map(String::as_str)
            .collect();
        eprintln!(
            "pypa: parsed {} versions in {:?}",
            distinct.len(),
            started.elapsed()
        );
        eprintln!(
            "pypa: {occurrences} version occurrences, {} distinct, {} rejected ({} GIT ranges skipped)",
            distinct.len(),
            rejected.len(),
            git_ranges
        );
        assert!(
            distinct.len() > 12_000,
            "only {} versions found",
            distinct.len()
        );
        assert_eq!(rejected, expected_invalid);
    }

    fn version_strategy() -> impl Strategy<Value = String> {
        (
            prop::option::of(0u8..3),
            prop::collection::vec(0u16..20, 1..5),
            prop::option::of((
                prop::sample::select(vec!["a", "b", "rc", "alpha", "c", "pre"]),
                0u8..5,
            )),
            prop::option::of(0u8..5),
            prop::option::of(0u8..5),
            prop::option::of("[a-z0-9]{1,3}(\\.[a-z0-9]{1,3}){0,2}"),
        )
            .prop_map(|(epoch, release, pre, post, dev, local)| {
                let mut s = String::new();
                if let Some(e) = epoch {
                    s.push_str(&format!("{e}!"));
                }
                s.push_str(
                    &release
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join("."),
                );
                if let Some((k, n)) = pre {
                    s.push_str(&format!("{k}{n}"));
                }
                if let Some(p) = post {
                    s.push_str(&format!(".post{p}"));
                }
                if let Some(d) = dev {
                    s.push_str(&format!(".dev{d}"));
                }
                if let Some(l) = local {
                    s.push_str(&format!("+{l}"));
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
        }

        #[test]
        fn normalized_spelling_is_equal(a in version_strategy()) {
            let x = v(&a);
            prop_assert_eq!(v(&x.normalized()), x);
        }

        #[test]
        fn arbitrary_input_never_panics(s in any::<String>(), t in "[0-9a-z.!+*~=<>, -]{0,24}") {
            let _ = PyVersion::parse(&s);
            let _ = parse_requirement(&s);
            let _ = parse_requirement(&t);
            let _ = normalize_name(&s);
        }
    }
}
