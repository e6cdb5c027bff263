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
