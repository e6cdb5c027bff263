//! Debian package versions (`dpkg`): parse `[epoch:]upstream[-revision]` and order it as dpkg does.
//!
//! **Rules** (Debian Policy §5.6.12, dpkg `lib/dpkg/parsehelp.c` `parseversion` and
//! `lib/dpkg/version.c` `verrevcmp`): surrounding whitespace is ignored; the epoch is the
//! decimal number before the *first* `:` (missing = 0, at most `i32::MAX`); the revision is
//! everything after the *last* `-` (missing = none, which compares like `0`); the upstream part
//! must start with a digit and may hold `A-Za-z0-9.+~-:` (`-` only when there is a revision, `:`
//! only when there is an epoch); the revision may hold `A-Za-z0-9.+~`. Upstream and revision are
//! compared with the same lexical rule: alternately a non-digit run, compared character by
//! character with `~` before everything (even the end of the string), then the end, then
//! letters, then every other character; and a digit run, compared as a number (so `1.0` and
//! `1.00` are *equal*, and so are `1.0` and `1.0-0`).
//!
//! **Reference:** <https://www.debian.org/doc/debian-policy/ch-controlfields.html#version>;
//! vectors from dpkg's `lib/dpkg/t/t-version.c` (guillemj/dpkg) and the policy examples, plus
//! `testdata/version-os/dpkg-compare.tsv`: 1,500 random pairs ordered by `dpkg
//! --compare-versions` (dpkg 1.21.22), so the ordering is checked against dpkg itself.
//!
//! **Strictness (the decision a newcomer would undo):** dpkg only *warns* about an upstream part
//! that does not start with a digit or holds a character outside the allowed set, and then
//! compares anyway. Stella refuses those: the Debian archive rejects such versions, none occurs
//! in the SBOMs or tracker lists we have seen except one corrupt tracker line (`[woody] -
//! kernel-image-2.4.17-ia64 kernel-image-2.4.17-ia64`, the package name where the version should
//! be), and comparing it would silently produce a wrong "affected / not affected". The caller
//! reports the component as unmatchable with the reason instead.
//!
//! **Hand-written, not `debversion` 0.5:** evaluated against the same 1,500 dpkg-ordered pairs,
//! it disagrees with dpkg once: it ranks a missing digit run above `0` where dpkg treats both
//! as zero, so `1.0a0~` > `1.0a` for it but `<` for dpkg. Its parser also accepts what dpkg
//! rejects (`a:0-0`, `1.0-`, `:1.0`, epochs above `i32::MAX`, `kernel-image-2.4.17-ia64`) and
//! refuses surrounding whitespace, which dpkg trims; and it pulls `lazy-regex`, `chrono` and
//! `num-bigint` for what is forty lines of comparison. The comparison here works on the original
//! bytes, without allocating.

use std::cmp::Ordering;
use std::fmt;

use super::{Comparator, VersionError, VersionScheme};

/// Longest accepted version text, in bytes (real versions are under 100).
pub const MAX_LEN: usize = 1024;

/// The dpkg comparator (Debian, Ubuntu).
#[derive(Debug, Clone, Copy, Default)]
pub struct Dpkg;

impl Comparator for Dpkg {
    const SCHEME: VersionScheme = VersionScheme::Dpkg;
    type Parsed = DpkgVersion;
    fn parse(input: &str) -> Result<DpkgVersion, VersionError> {
        DpkgVersion::parse(input)
    }
}

/// A parsed Debian version.
///
/// Invariant: `text` is the trimmed input, `upstream` and `revision` are sub-ranges of it that
/// passed dpkg's checks. Ordering and equality follow dpkg (`1.0` == `1.00` == `0:1.0-0`);
/// [`Display`](fmt::Display) shows the text as given.
#[derive(Debug, Clone)]
pub struct DpkgVersion {
    text: String,
    epoch: u32,
    /// Byte range of the upstream version in `text`.
    upstream: (usize, usize),
    /// Byte range of the revision in `text`, if there is one.
    revision: Option<(usize, usize)>,
}

impl DpkgVersion {
    /// Parse a version with dpkg's rules (see the module documentation).
    ///
    /// # Errors
    /// [`VersionError`] naming the rule broken: empty, embedded whitespace or control
    /// characters, bad or huge epoch, empty upstream or revision, upstream not starting with a
    /// digit, a character not allowed in that part.
    pub fn parse(input: &str) -> Result<DpkgVersion, VersionError> {
        let err = |reason: String| VersionError::new(VersionScheme::Dpkg, input, reason);
        if input.len() > MAX_LEN {
            return Err(err(format!(
                "longer than {MAX_LEN} bytes ({} bytes)",
                input.len()
            )));
        }
        let text = input.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.is_empty() {
            return Err(err("version string is empty".into()));
        }
        if let Some((i, c)) = text
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || c.is_control())
        {
            return Err(err(format!(
                "{} at byte {i} (embedded whitespace or control character)",
                describe(c)
            )));
        }
        let (epoch, rest_start) = match text.find(':') {
            None => (0, 0),
            Some(colon) => {
                let digits = &text[..colon];
                if digits.is_empty() {
                    return Err(err("epoch before ':' is empty".into()));
                }
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err(format!("epoch `{digits}` is not a number")));
                }
                let epoch = digits
                    .parse::<u32>()
                    .ok()
                    .filter(|e| i32::try_from(*e).is_ok())
                    .ok_or_else(|| {
                        err(format!("epoch `{digits}` is too big (max {})", i32::MAX))
                    })?;
                (epoch, colon + 1)
            }
        };
        let rest = &text[rest_start..];
        if rest.is_empty() {
            return Err(err("nothing after the epoch's ':'".into()));
        }
        let (upstream, revision) = match rest.rfind('-') {
            Some(h) => {
                let rev = (rest_start + h + 1, text.len());
                if rev.0 == rev.1 {
                    return Err(err("revision after the last '-' is empty".into()));
                }
                ((rest_start, rest_start + h), Some(rev))
            }
            None => ((rest_start, text.len()), None),
        };
        let up = &text[upstream.0..upstream.1];
        match up.chars().next() {
            None => return Err(err("upstream version is empty".into())),
            Some(c) if !c.is_ascii_digit() => {
                return Err(err(format!(
                    "upstream version `{up}` does not start with a digit"
                )));
            }
            Some(_) => {}
        }
        if let Some((i, c)) = up
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || ".+~-:".contains(*c)))
        {
            return Err(err(format!(
                "{} at byte {} is not allowed in the upstream version (allowed: A-Z a-z 0-9 . + ~ - :)",
                describe(c),
                upstream.0 + i
            )));
        }
        if let Some((start, end)) = revision {
            let rev = &text[start..end];
            if let Some((i, c)) = rev
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || ".+~".contains(*c)))
            {
                return Err(err(format!(
                    "{} at byte {} is not allowed in the revision (allowed: A-Z a-z 0-9 . + ~)",
                    describe(c),
                    start + i
                )));
            }
        }
        Ok(DpkgVersion {
            text: text.to_string(),
            epoch,
            upstream,
            revision,
        })
    }

    /// Parse a version split the package-URL way: `pkg:deb/debian/bsdutils@2.25.2-6?epoch=1`
    /// carries the epoch as a qualifier. A version that already has an epoch is accepted when
    /// the qualifier is absent or names the same epoch.
    ///
    /// # Errors
    /// [`VersionError`] when the version does not parse, the qualifier is not a number, or the
    /// two epochs disagree.
    pub fn parse_with_epoch_qualifier(
        version: &str,
        epoch: Option<&str>,
    ) -> Result<DpkgVersion, VersionError> {
        let Some(q) = epoch else {
            return DpkgVersion::parse(version);
        };
        let q = q.trim();
        let joined = format!("{q}:{}", version.trim());
        let err = |reason: String| VersionError::new(VersionScheme::Dpkg, &joined, reason);
        if q.is_empty() || !q.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(format!("epoch qualifier `{q}` is not a number")));
        }
        if version.contains(':') {
            let v = DpkgVersion::parse(version)?;
            let qe = q
                .parse::<u32>()
                .map_err(|_| err(format!("epoch qualifier `{q}` is too big")))?;
            if v.epoch != qe {
                return Err(err(format!(
                    "epoch qualifier {qe} contradicts the version's own epoch {}",
                    v.epoch
                )));
            }
            return Ok(v);
        }
        DpkgVersion::parse(&joined)
    }

    /// The epoch (0 when absent).
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The upstream version.
    pub fn upstream(&self) -> &str {
        self.text
            .get(self.upstream.0..self.upstream.1)
            .unwrap_or("")
    }

    /// The Debian revision, if the version has one.
    pub fn revision(&self) -> Option<&str> {
        self.revision.and_then(|(s, e)| self.text.get(s..e))
    }

    /// The version as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for DpkgVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Ord for DpkgVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| verrevcmp(self.upstream().as_bytes(), other.upstream().as_bytes()))
            .then_with(|| {
                verrevcmp(
                    self.revision().unwrap_or("").as_bytes(),
                    other.revision().unwrap_or("").as_bytes(),
                )
            })
    }
}

impl PartialOrd for DpkgVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for DpkgVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for DpkgVersion {}

/// The weight of one byte of a non-digit run (`None` = end of the run or string).
fn order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(b'~') => -1,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(c) => i32::from(c) + 256,
    }
}

/// dpkg's `verrevcmp`: alternate non-digit runs (by [`order`]) and digit runs (numerically).
fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    let digit = |s: &[u8], k: usize| s.get(k).is_some_and(u8::is_ascii_digit);
    while i < a.len() || j < b.len() {
        // Non-digit run: compare byte by byte, the end weighing 0 and `~` below it.
        while (i < a.len() && !digit(a, i)) || (j < b.len() && !digit(b, j)) {
            let (ox, oy) = (order(a.get(i).copied()), order(b.get(j).copied()));
            if ox != oy {
                return ox.cmp(&oy);
            }
            i += 1;
            j += 1;
        }
        // Digit run: skip leading zeros, then the longer number wins, else the first difference.
        while a.get(i) == Some(&b'0') {
            i += 1;
        }
        while b.get(j) == Some(&b'0') {
            j += 1;
        }
        let mut first_diff = Ordering::Equal;
        while digit(a, i) && digit(b, j) {
            if first_diff == Ordering::Equal {
                first_diff = a.get(i).cmp(&b.get(j));
            }
            i += 1;
            j += 1;
        }
        if digit(a, i) {
            return Ordering::Greater;
        }
        if digit(b, j) {
            return Ordering::Less;
        }
        if first_diff != Ordering::Equal {
            return first_diff;
        }
    }
    Ordering::Equal
}

/// Name a character for an error message.
fn describe(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("character U+{:04X}", u32::from(c))
    } else {
        format!("character `{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> DpkgVersion {
        DpkgVersion::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn cmp(a: &str, b: &str) -> Ordering {
        v(a).cmp(&v(b))
    }

    /// Ordering vectors. Sources: dpkg `lib/dpkg/t/t-version.c` (guillemj/dpkg; rebuilt from its
    /// `DPKG_VERSION_OBJECT(epoch, version, revision)` triples), Debian Policy §5.6.12 examples,
    /// and the UPSTREAM-example column of real tracker data.
    const ORDER: &[(&str, &str, Ordering)] = &[
        // t-version.c test_version_compare
        ("0:0-0", "0:0-0", Ordering::Equal),
        ("0:0-00", "0:00-0", Ordering::Equal), // numbers, not strings
        ("1:2-3", "1:2-3", Ordering::Equal),
        ("0:0-0", "1:0-0", Ordering::Less), // epoch difference
        ("0:0-a", "0:0-b", Ordering::Less), // revision difference
        ("1:1-1", "2:1-1", Ordering::Less),
        ("0:1-1", "0:2-1", Ordering::Less),
        ("0:1-1", "0:1-2", Ordering::Less),
        // t-version.c test_version_parse: these spellings are equal to the object given
        ("0", "0:0", Ordering::Equal),
        ("0:0-0", "0:0", Ordering::Equal), // missing revision compares like "0"
        ("1:0", "1:0-0", Ordering::Equal),
        ("0:0-0-0", "0-0-0", Ordering::Equal), // revision split at the last hyphen
        ("0:0:0-0", "0:0:0-00", Ordering::Equal), // colons after the epoch belong to upstream
        // Debian Policy §5.6.12: `~` sorts before everything, even the end
        ("1.0~rc1", "1.0", Ordering::Less),
        ("1.0~rc1-1", "1.0-1", Ordering::Less),
        ("1.0~~", "1.0~~a", Ordering::Less), // policy: ~~ < ~~a < ~ < (end) < a
        ("1.0~~a", "1.0~", Ordering::Less),
        ("1.0~", "1.0", Ordering::Less),
        ("1.0", "1.0a", Ordering::Less),
        // letters sort before non-letters
        ("1.0a", "1.0+", Ordering::Less),
        ("1.0+", "1.0.", Ordering::Less), // '+' (43) < '.' (46), both +256
        ("1.0-1", "1.0+1", Ordering::Less), // upstream "1.0" vs "1.0+1": end < '+'
        // numeric runs
        ("1.2", "1.10", Ordering::Less),
        ("2.0", "10.0", Ordering::Less),
        ("1.002", "1.2", Ordering::Equal),
        // epochs dominate
        ("1:1.0-1", "2.0-1", Ordering::Greater),
        ("2:1.20.11-1+deb11u6", "1.21.1-1", Ordering::Greater),
        // real tracker versions (FORMAT_NOTES: `~` and `+b` binNMU)
        ("1.1.0l-1~deb9u5", "1.1.0l-1~deb9u6", Ordering::Less),
        ("1.1.0l-1~deb9u6", "1.1.0l-1", Ordering::Less),
        ("3.3-1", "3.3-1+b1", Ordering::Less), // binNMU is newer
        ("2.24-8", "2.24-8+deb8u1", Ordering::Less),
        ("102.9.0esr-1~deb11u1", "102.9.0-1", Ordering::Greater), // 'e' > end
        (
            "111.0.5563.64-1~deb11u1",
            "111.0.5563.110-1~deb11u1",
            Ordering::Less,
        ),
        (
            "4.14.5+94-ge49571868d-1",
            "4.14.5+94-ge49571868d-2",
            Ordering::Less,
        ), // hyphens in upstream
        (
            "2.0.2+git20190627+dfsg-0ubuntu0.18.04.1~esm2",
            "2.0.2+git20190627+dfsg-0ubuntu0.18.04.1",
            Ordering::Less,
        ),
    ];

    #[test]
    fn reference_ordering() {
        assert!(ORDER.len() >= 25);
        for (a, b, want) in ORDER {
            assert_eq!(cmp(a, b), *want, "{a} vs {b}");
            assert_eq!(cmp(b, a), want.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn part_ordering() {
        // t-version.c builds `DPKG_VERSION_OBJECT(0, "a", "0")` < `(0, "b", "0")` directly; the
        // parser refuses an upstream "a" (no leading digit), so check the part rule itself.
        assert_eq!(verrevcmp(b"a", b"b"), Ordering::Less);
        assert_eq!(verrevcmp(b"00", b"0"), Ordering::Equal);
        assert_eq!(verrevcmp(b"", b"0"), Ordering::Equal); // missing revision == "0"
        assert_eq!(verrevcmp(b"~", b""), Ordering::Less);
        assert_eq!(verrevcmp(b"", b"a"), Ordering::Less);
        assert_eq!(verrevcmp(b"Z", b"a"), Ordering::Less); // ASCII order among letters
        assert_eq!(verrevcmp(b"z", b"."), Ordering::Less); // letters before non-letters
    }

    #[test]
    fn policy_tilde_chain() {
        // Debian Policy: "~~", "~~a", "~", the empty part, "a".
        let chain = ["1~~", "1~~a", "1~", "1", "1a"];
        for w in chain.windows(2) {
            assert_eq!(cmp(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
        }
    }

    #[test]
    fn parts() {
        let x = v("  2:1.20.11-1+deb11u6\t");
        assert_eq!(
            (x.epoch(), x.upstream(), x.revision()),
            (2, "1.20.11", Some("1+deb11u6"))
        );
        assert_eq!(x.to_string(), "2:1.20.11-1+deb11u6");
        let y = v("0:0:0-0-0"); // t-version.c: version "0:0-0", revision "0"
        assert_eq!(
            (y.epoch(), y.upstream(), y.revision()),
            (0, "0:0-0", Some("0"))
        );
        let z = v("0:09azAZ.-+~:-0"); // t-version.c: every valid upstream character
        assert_eq!((z.upstream(), z.revision()), ("09azAZ.-+~:", Some("0")));
        let r = v("0:0-azAZ09.+~"); // every valid revision character
        assert_eq!(r.revision(), Some("azAZ09.+~"));
        assert_eq!(v("1.0").revision(), None);
    }

    #[test]
    fn reference_parse_failures() {
        // t-version.c test_version_parse: each must fail (error or warning in dpkg).
        let mut bad: Vec<String> = [
            "",
            "  ",
            "0:",
            ":1.0",
            "1.0-",
            "0:0 0-1",
            "-1:0-1",
            "999999999999999999999999:0-1",
            "2147483648:1.0", // i32::MAX + 1
            "a:0-0",
            "A:0-0",
            "-0",
            "0:-0",
            "0:abc3-0", // upstream must start with a digit (dpkg: warning; Stella: error)
            "0:0-0:0",  // ':' not allowed in the revision
            "kernel-image-2.4.17-ia64", // the corrupt DSA tracker line
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for c in "!#@$%&/|\\<>()[]{};,_=*^'".chars() {
            bad.push(format!("0:0{c}-0"));
        }
        for c in "!#@$%&/|\\<>()[]{}:;,_=*^'".chars() {
            bad.push(format!("0:0-0{c}"));
        }
        for s in &bad {
            let e = DpkgVersion::parse(s).expect_err(s);
            assert_eq!(e.scheme, VersionScheme::Dpkg);
            assert!(!e.reason.is_empty());
        }
        assert!(DpkgVersion::parse("2147483647:1.0").is_ok());
    }

    #[test]
    fn junk_is_refused() {
        let long = format!("1.{}", "1".repeat(10_000));
        for s in [
            "", " ", "\t\n", "1.0\u{0}", "1.\u{7}0", "1.0 1", &long, "é1", "1.é",
        ] {
            assert!(DpkgVersion::parse(s).is_err(), "{s:?}");
        }
        let e = DpkgVersion::parse("1.0\u{0}").unwrap_err();
        assert!(e.reason.contains("U+0000"), "{}", e.reason);
        let e = DpkgVersion::parse("1.2_3-1").unwrap_err();
        assert!(e.reason.contains("`_` at byte 3"), "{}", e.reason);
    }

    #[test]
    fn purl_epoch_qualifier() {
        let p = |v: &str, e: Option<&str>| DpkgVersion::parse_with_epoch_qualifier(v, e);
        // pkg:deb/debian/bsdutils@2.25.2-6?epoch=1 (trivy) is syft's bsdutils@1:2.25.2-6
        assert_eq!(p("2.25.2-6", Some("1")).unwrap(), v("1:2.25.2-6"));
        assert_eq!(p("2.25.2-6", Some("1")).unwrap().to_string(), "1:2.25.2-6");
        assert_eq!(p("1:2.25.2-6", Some("1")).unwrap().epoch(), 1);
        assert_eq!(p("1:2.25.2-6", None).unwrap().epoch(), 1);
        assert_eq!(p("2.25.2-6", None).unwrap().epoch(), 0);
        assert!(p("1:2.25.2-6", Some("2")).is_err());
        assert!(p("2.25.2-6", Some("x")).is_err());
        assert!(p("2.25.2-6", Some("")).is_err());
    }

    /// `dpkg --compare-versions` (dpkg 1.21.22) on 1,500 random pairs; see testdata PROVENANCE.
    #[test]
    fn agrees_with_dpkg_binary() {
        let data = include_str!("../../testdata/version-os/dpkg-compare.tsv");
        let mut n = 0;
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split('\t');
            let (a, b, want) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
            let want = match want {
                "-1" => Ordering::Less,
                "0" => Ordering::Equal,
                _ => Ordering::Greater,
            };
            assert_eq!(cmp(a, b), want, "{a} vs {b}");
            n += 1;
        }
        assert_eq!(n, 1500);
    }

    const SHARED: &str = "/work/shared/data";

    /// The shared data folder, or `None` (with a SKIP note) when this machine does not have it.
    fn shared(rel: &str) -> Option<std::path::PathBuf> {
        let p = std::path::Path::new(SHARED).join(rel);
        if p.exists() {
            Some(p)
        } else {
            eprintln!("SKIP: {} not present", p.display());
            None
        }
    }

    /// Every `pkg:deb/…` purl written anywhere under the shared data (JSON `\u0026` escapes and
    /// XML `&amp;` undone), with the top-level folder it came from; sorted, deduplicated.
    fn shared_purls(prefix: &str) -> Option<Vec<(String, String)>> {
        let root = shared("")?;
        let mut out = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                let text = String::from_utf8_lossy(&bytes)
                    .replace("\\u0026", "&")
                    .replace("&amp;", "&");
                let folder = path.strip_prefix(&root).unwrap().iter().next().unwrap();
                let folder = folder.to_string_lossy().to_string();
                let mut rest = text.as_str();
                while let Some(i) = rest.find(prefix) {
                    let tail = &rest[i..];
                    let end = tail
                        .find(|c: char| c.is_whitespace() || "\"'<>\\,)]`*".contains(c))
                        .unwrap_or(tail.len());
                    out.push((folder.clone(), tail[..end].to_string()));
                    rest = &tail[end..];
                }
            }
        }
        out.sort();
        out.dedup();
        Some(out)
    }

    /// Every fixed version in the Debian security tracker's DSA and DLA lists parses, except the
    /// one corrupt line whose "version" is the package name.
    #[test]
    fn shared_debian_tracker_lists() {
        let Some(dir) = shared("debian-security-tracker-lists/data") else {
            return;
        };
        let (mut ok, mut tags, mut bad) = (0, 0, Vec::new());
        for list in ["DSA/list", "DLA/list"] {
            let text = std::fs::read_to_string(dir.join(list)).unwrap();
            for line in text.lines() {
                // `\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6 (optional note)`
                let t = line.trim_start();
                if t.len() == line.len() || !t.starts_with('[') {
                    continue;
                }
                let Some((_, rest)) = t.split_once("] - ") else {
                    continue;
                };
                let mut f = rest.split_whitespace();
                let (Some(_pkg), Some(ver)) = (f.next(), f.next()) else {
                    continue;
                };
                if ver.starts_with('<') {
                    tags += 1; // <not-affected>, <end-of-life>, <unfixed>
                    continue;
                }
                match DpkgVersion::parse(ver) {
                    Ok(_) => ok += 1,
                    Err(e) => bad.push(e.to_string()),
                }
            }
        }
        eprintln!(
            "debian tracker lists: {ok} fixed versions parsed, {tags} tags, failures: {bad:?}"
        );
        assert_eq!((ok, tags), (10_459, 63));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].contains("kernel-image-2.4.17-ia64"), "{bad:?}");
    }

    /// Versions in the Ubuntu OSV records and the Debian tracker JSON excerpt (vunnel fixtures,
    /// ubuntu-security-notices subset) all parse.
    #[test]
    fn shared_ubuntu_osv_and_debian_json() {
        let mut files = Vec::new();
        for rel in [
            "vunnel-distro-fixtures/tests/unit/providers/ubuntu/test-fixtures/osv",
            "vunnel-distro-fixtures/tests/unit/providers/ubuntu/test-fixtures/osv-esm-cases",
            "ubuntu-security-notices-subset/osv",
        ] {
            let Some(dir) = shared(rel) else { continue };
            let mut stack = vec![dir];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "json") {
                        files.push(p);
                    }
                }
            }
        }
        let mut versions = Vec::new();
        for f in &files {
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            for a in doc["affected"].as_array().into_iter().flatten() {
                for v in a["versions"].as_array().into_iter().flatten() {
                    versions.push(v.as_str().unwrap().to_string());
                }
                for r in a["ranges"].as_array().into_iter().flatten() {
                    for ev in r["events"].as_array().into_iter().flatten() {
                        for (_, v) in ev.as_object().unwrap() {
                            versions.push(v.as_str().unwrap().to_string());
                        }
                    }
                }
            }
        }
        if let Some(p) = shared(
            "vunnel-distro-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json",
        ) {
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            for cves in doc.as_object().unwrap().values() {
                for cve in cves.as_object().unwrap().values() {
                    for rel in cve["releases"].as_object().into_iter().flatten() {
                        if let Some(v) = rel.1["fixed_version"].as_str() {
                            versions.push(v.to_string());
                        }
                        for v in rel.1["repositories"].as_object().into_iter().flatten() {
                            versions.push(v.1.as_str().unwrap().to_string());
                        }
                    }
                }
            }
        }
        if versions.is_empty() {
            return;
        }
        let bad: Vec<String> = versions
            .iter()
            .filter_map(|v| DpkgVersion::parse(v).err().map(|e| e.to_string()))
            .collect();
        eprintln!(
            "ubuntu OSV + debian JSON: {} versions from {} OSV files, failures: {bad:?}",
            versions.len(),
            files.len()
        );
        assert!(bad.is_empty(), "{bad:?}");
    }

    /// Every `pkg:deb/…` version in the shared SBOMs, VEX and advisories parses, including the
    /// `?epoch=` qualifier convention (trivy) next to epochs written in the version (syft).
    #[test]
    fn shared_deb_purls() {
        let Some(purls) = shared_purls("pkg:deb/") else {
            return;
        };
        let (mut ok, mut no_version, mut bad_purl, mut bad) = (0, 0, Vec::new(), Vec::new());
        let mut by_folder = std::collections::BTreeMap::<String, usize>::new();
        let mut with_qualifier = 0;
        for (folder, text) in &purls {
            let purl = match crate::purl::Purl::parse(text) {
                Ok(p) => p,
                Err(e) => {
                    bad_purl.push(e.to_string());
                    continue;
                }
            };
            let Some(version) = purl.version() else {
                no_version += 1;
                continue;
            };
            let epoch = purl.qualifier("epoch");
            with_qualifier += usize::from(epoch.is_some());
            match DpkgVersion::parse_with_epoch_qualifier(version, epoch) {
                Ok(_) => {
                    ok += 1;
                    *by_folder.entry(folder.clone()).or_default() += 1;
                }
                Err(e) => bad.push(e.to_string()),
            }
        }
        eprintln!(
            "deb purls: {} distinct, {ok} versions parsed ({with_qualifier} with ?epoch=), {no_version} without version, \
             {} unparseable purls {bad_purl:?}, version failures {bad:?}; by folder {by_folder:?}",
            purls.len(),
            bad_purl.len()
        );
        assert!(ok > 300, "{ok}");
        assert!(bad.is_empty(), "{bad:?}");
    }

    /// A grammar of valid dpkg versions, biased towards collisions.
    fn version() -> impl Strategy<Value = String> {
        (
            prop::option::of(0u32..3),
            "[0-9][0-9a-zA~.+]{0,6}",
            prop::option::of("[0-9a~.+]{1,4}"),
        )
            .prop_map(|(e, up, rev)| {
                let mut s = String::new();
                if let Some(e) = e {
                    s.push_str(&format!("{e}:"));
                }
                s.push_str(&up);
                if let Some(r) = rev {
                    s.push('-');
                    s.push_str(&r);
                }
                s
            })
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = DpkgVersion::parse(&s);
        }

        #[test]
        fn never_panics_on_bytes(s in "[ -~\\t\\n\\x00]{0,30}") {
            if let Ok(x) = DpkgVersion::parse(&s) {
                prop_assert_eq!(x.cmp(&x), Ordering::Equal);
            }
        }

        #[test]
        fn grammar_parses(s in version()) {
            prop_assert!(DpkgVersion::parse(&s).is_ok(), "{}", s);
        }

        #[test]
        fn antisymmetric_and_eq_agrees(a in version(), b in version()) {
            let (x, y) = (v(&a), v(&b));
            prop_assert_eq!(x.cmp(&y), y.cmp(&x).reverse());
            prop_assert_eq!(x == y, x.cmp(&y) == Ordering::Equal);
        }

        #[test]
        fn transitive(a in version(), b in version(), c in version()) {
            let xs = [v(&a), v(&b), v(&c)];
            for (i, j, k) in [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)] {
                if xs[i] <= xs[j] && xs[j] <= xs[k] {
                    prop_assert!(xs[i] <= xs[k], "{} <= {} <= {}", xs[i], xs[j], xs[k]);
                }
            }
        }

        #[test]
        fn zero_epoch_and_zero_revision_are_invisible(s in "[0-9][0-9a-z.+~]{0,6}") {
            prop_assert_eq!(v(&s), v(&format!("0:{s}")));
            prop_assert_eq!(v(&s), v(&format!("{s}-0")));
        }
    }
}
