//! Alpine package versions (apk-tools): parse and order `1.2.3a_rc1_p2~abc123-r4`.
//!
//! **Rules** (apk-tools `src/version.c`, grammar
//! `digit{.digit}...{letter}{_suffix{digit}}...{~hash}{-r#}`): a version is a sequence of tokens,
//! in this order: a leading number; further `.`-separated numbers; at most one lowercase letter;
//! any number of suffixes `_alpha _beta _pre _rc` (pre-releases, older than no suffix) or `_cvs
//! _svn _git _hg _p` (post-releases, newer), each optionally numbered; an optional `~` commit
//! hash (lowercase hex); an optional `-rN` package revision. Tokens are compared pairwise:
//! numbers numerically (but a `.`-field with a leading zero, `1.02`, compares as a string, as
//! in Gentoo), letters and hashes as bytes, suffixes by the list above. When the token *kinds*
//! differ, a pre-release suffix is oldest, then the end of the version, then `-r`, `~hash`, a
//! suffix number, a post-release suffix, a letter, a `.`-number: so `1.0_rc1 < 1.0 < 1.0-r1 <
//! 1.0_p1 < 1.0a < 1.0.1`.
//!
//! **Reference:** the current alpinelinux/apk-tools `src/version.c` (the `TOKEN_*` rewrite with
//! `~hash`), and its `test/version.data`, all 733 rows of which are checked from
//! `testdata/version-os/apk-version.data`. apk-tools before that rewrite (2.12, Alpine ≤ 3.18)
//! also accepted a digit right after the letter (`6.6.2p1`) and gave `.`-fields with leading
//! zeros a different order (`1.0` > `1.00`); Stella follows current apk.
//!
//! **Decisions:** hand-written (CRATES.md: no maintained crate exists), as a token list built
//! once at parse time whose `Ord` is a lexicographic comparison over a rank table, which is
//! visibly a total order (property-tested) and cheap to compare. Versions apk itself refuses
//! (`apk version -c`) are errors here, not compared by prefix as apk's `vertest` does: 24 of
//! the 4,265 fixed versions in the old alpine-secdb are such typos (`4.8.0.-r1`,
//! `10.2.26.r0`, `2.7.16-33`), and a guessed repair would decide "affected" on a guess.
//! Numbers of any length are compared exactly (apk wraps at 2^64).
//!
//! **secdb `0`:** the alpine-secdb fixed-version key `0` means "never affected on this branch".
//! It parses here (as the version `0`, which only `0_alpha`-style pre-releases precede), but
//! callers must not treat it as a bound: check [`is_secdb_never_affected`] first.

use std::cmp::Ordering;
use std::fmt;

use super::{Comparator, VersionError, VersionScheme};

/// Longest accepted version text, in bytes.
pub const MAX_LEN: usize = 1024;

/// The apk comparator (Alpine, Wolfi).
#[derive(Debug, Clone, Copy, Default)]
pub struct Apk;

impl Comparator for Apk {
    const SCHEME: VersionScheme = VersionScheme::Apk;
    type Parsed = ApkVersion;
    fn parse(input: &str) -> Result<ApkVersion, VersionError> {
        ApkVersion::parse(input)
    }
}

/// Is this alpine-secdb `secfixes` key the "never affected on this branch" marker (`0`)?
pub fn is_secdb_never_affected(fixed_key: &str) -> bool {
    fixed_key.trim() == "0"
}

/// A suffix name, in apk's order (`_alpha` oldest, `_p` newest; no suffix sits between `_rc`
/// and `_cvs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Suffix {
    Alpha,
    Beta,
    Pre,
    Rc,
    Cvs,
    Svn,
    Git,
    Hg,
    P,
}

impl Suffix {
    fn from_name(s: &str) -> Option<Suffix> {
        Some(match s {
            "alpha" => Suffix::Alpha,
            "beta" => Suffix::Beta,
            "pre" => Suffix::Pre,
            "rc" => Suffix::Rc,
            "cvs" => Suffix::Cvs,
            "svn" => Suffix::Svn,
            "git" => Suffix::Git,
            "hg" => Suffix::Hg,
            "p" => Suffix::P,
            _ => return None,
        })
    }

    fn is_pre_release(self) -> bool {
        self <= Suffix::Rc
    }
}

/// One token of an apk version. Numbers keep their digits (leading zeros stripped where apk
/// compares numerically) so any length compares exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// The leading number (numeric).
    Initial(Box<str>),
    /// A `.`-separated number, raw digits (string order when either side has a leading zero).
    Digit(Box<str>),
    /// The single letter after the numbers.
    Letter(u8),
    /// `_alpha` … `_p`.
    Suffix(Suffix),
    /// The number after a suffix (numeric).
    SuffixNo(Box<str>),
    /// `~hash` (bytes).
    Hash(Box<str>),
    /// `-rN` (numeric).
    Revision(Box<str>),
}

/// Rank of a token kind (or of the end, `None`) when the kinds at one position differ. This is
/// apk's tail rule: a pre-release suffix is oldest, otherwise the later token kind is older.
fn rank(t: Option<&Token>) -> u8 {
    match t {
        Some(Token::Suffix(s)) if s.is_pre_release() => 0,
        None => 1,
        Some(Token::Revision(_)) => 2,
        Some(Token::Hash(_)) => 3,
        Some(Token::SuffixNo(_)) => 4,
        Some(Token::Suffix(_)) => 5,
        Some(Token::Letter(_)) => 6,
        Some(Token::Digit(_)) => 7,
        Some(Token::Initial(_)) => 8,
    }
}

/// Compare digit strings numerically (leading zeros already stripped).
fn numeric(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn strip_zeros(d: &str) -> Box<str> {
    d.trim_start_matches('0').into()
}

fn cmp_tokens(a: &[Token], b: &[Token]) -> Ordering {
    let mut i = 0;
    loop {
        let (x, y) = (a.get(i), b.get(i));
        let r = rank(x).cmp(&rank(y));
        if r != Ordering::Equal {
            return r;
        }
        let o = match (x, y) {
            (None, None) => return Ordering::Equal,
            (Some(Token::Initial(p)), Some(Token::Initial(q)))
            | (Some(Token::SuffixNo(p)), Some(Token::SuffixNo(q)))
            | (Some(Token::Revision(p)), Some(Token::Revision(q))) => numeric(p, q),
            (Some(Token::Digit(p)), Some(Token::Digit(q))) => {
                if p.starts_with('0') || q.starts_with('0') {
                    p.as_bytes().cmp(q.as_bytes())
                } else {
                    numeric(p, q)
                }
            }
            (Some(Token::Letter(p)), Some(Token::Letter(q))) => p.cmp(q),
            (Some(Token::Suffix(p)), Some(Token::Suffix(q))) => p.cmp(q),
            (Some(Token::Hash(p)), Some(Token::Hash(q))) => p.as_bytes().cmp(q.as_bytes()),
            _ => Ordering::Equal, // unreachable: equal ranks mean equal kinds
        };
        if o != Ordering::Equal {
            return o;
        }
        i += 1;
    }
}

/// A parsed apk version.
///
/// Ordering and equality are apk's (`006` == `6`, but `1.02` != `1.2`);
/// [`Display`](fmt::Display) shows the text as given.
#[derive(Debug, Clone)]
pub struct ApkVersion {
    text: String,
    tokens: Vec<Token>,
}

/// Where the parser is, which decides what may come next (apk's `TOKEN_*` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum State {
    Digits,
    Letter,
    Suffix,
    SuffixNo,
    Hash,
    Revision,
}

impl ApkVersion {
    /// Parse an apk version.
    ///
    /// # Errors
    /// [`VersionError`] when apk would call the version invalid: not starting with a digit, an
    /// unknown suffix, a token out of order (`1.0_p1.2`, `1.0a1`), an empty number (`1.`,
    /// `1.0-r`), a `-` not followed by `r` and digits, an uppercase letter, or any other
    /// character. The reason names the byte offset.
    pub fn parse(input: &str) -> Result<ApkVersion, VersionError> {
        let err = |reason: String| VersionError::new(VersionScheme::Apk, input, reason);
        if input.len() > MAX_LEN {
            return Err(err(format!(
                "longer than {MAX_LEN} bytes ({} bytes)",
                input.len()
            )));
        }
        if input.is_empty() {
            return Err(err("version string is empty".into()));
        }
        let b = input.as_bytes();
        let run = |from: usize, pred: fn(&u8) -> bool| -> &str {
            let len = b
                .get(from..)
                .map_or(0, |t| t.iter().take_while(|c| pred(c)).count());
            input.get(from..from + len).unwrap_or("")
        };
        let at = |i: usize, what: &str| {
            let shown = match input.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if c.is_control() || c.is_whitespace() => {
                    format!("character U+{:04X}", u32::from(c))
                }
                Some(c) => format!("`{c}`"),
                None => "end of text".to_string(),
            };
            err(format!("{what} ({shown} at byte {i})"))
        };

        let first = run(0, u8::is_ascii_digit);
        if first.is_empty() {
            return Err(at(0, "must start with a digit"));
        }
        let mut tokens = vec![Token::Initial(strip_zeros(first))];
        let mut state = State::Digits;
        let mut i = first.len();
        while let Some(&c) = b.get(i) {
            match c {
                b'a'..=b'z' => {
                    if state > State::Digits {
                        return Err(at(i, "a letter may only follow a number"));
                    }
                    tokens.push(Token::Letter(c));
                    state = State::Letter;
                    i += 1;
                }
                b'.' => {
                    if state > State::Digits {
                        return Err(at(i, "`.` may only follow a number"));
                    }
                    let d = run(i + 1, u8::is_ascii_digit);
                    if d.is_empty() {
                        return Err(at(i + 1, "`.` must be followed by a number"));
                    }
                    tokens.push(Token::Digit(d.into()));
                    i += 1 + d.len();
                }
                b'0'..=b'9' => {
                    // Digits right after a suffix number it; anywhere else (after a letter,
                    // hash or revision) apk calls the version invalid.
                    if state != State::Suffix {
                        return Err(at(
                            i,
                            "digits may not follow the letter (apk-tools 2.14+; older apk took `1.0a1`)",
                        ));
                    }
                    let d = run(i, u8::is_ascii_digit);
                    tokens.push(Token::SuffixNo(strip_zeros(d)));
                    state = State::SuffixNo;
                    i += d.len();
                }
                b'_' => {
                    if state > State::SuffixNo {
                        return Err(at(i, "a `_suffix` may not follow a `~hash` or `-r`"));
                    }
                    let name = run(i + 1, u8::is_ascii_lowercase);
                    let s = Suffix::from_name(name).ok_or_else(|| {
                        at(
                            i,
                            &format!(
                                "unknown suffix `_{name}` (known: alpha beta pre rc cvs svn git hg p)"
                            ),
                        )
                    })?;
                    tokens.push(Token::Suffix(s));
                    state = State::Suffix;
                    i += 1 + name.len();
                }
                b'~' => {
                    if state >= State::Hash {
                        return Err(at(i, "a second `~hash` or one after `-r`"));
                    }
                    let h = run(i + 1, |c| c.is_ascii_digit() || (b'a'..=b'f').contains(c));
                    if h.is_empty() {
                        return Err(at(i + 1, "`~` must be followed by a lowercase hex hash"));
                    }
                    tokens.push(Token::Hash(h.into()));
                    state = State::Hash;
                    i += 1 + h.len();
                }
                b'-' => {
                    if state >= State::Revision {
                        return Err(at(i, "a second `-r`"));
                    }
                    if b.get(i + 1) != Some(&b'r') {
                        return Err(at(i, "`-` must start a `-rN` revision"));
                    }
                    let d = run(i + 2, u8::is_ascii_digit);
                    if d.is_empty() {
                        return Err(at(i + 2, "`-r` must be followed by a number"));
                    }
                    tokens.push(Token::Revision(strip_zeros(d)));
                    state = State::Revision;
                    i += 2 + d.len();
                }
                _ => return Err(at(i, "character not allowed in an apk version")),
            }
        }
        Ok(ApkVersion {
            text: input.to_string(),
            tokens,
        })
    }

    /// The text as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ApkVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Ord for ApkVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_tokens(&self.tokens, &other.tokens)
    }
}

impl PartialOrd for ApkVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ApkVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ApkVersion {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(s: &str) -> ApkVersion {
        ApkVersion::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn cmp(a: &str, b: &str) -> Ordering {
        v(a).cmp(&v(b))
    }

    /// Notable rows of apk-tools `test/version.data` (alpinelinux/apk-tools), plus the
    /// UPSTREAM examples. The whole file is checked in `apk_tools_version_data`.
    const ORDER: &[(&str, &str, Ordering)] = &[
        ("1.0_rc1", "1.0", Ordering::Less), // UPSTREAM: pre-release suffix is older
        ("1.0", "1.0_p1", Ordering::Less),  // UPSTREAM: post-release suffix is newer
        ("1.0-r2", "1.0-r1", Ordering::Greater), // UPSTREAM
        ("2.34", "0.1.0_alpha", Ordering::Greater),
        ("0.1.0_alpha", "0.1.0_alpha", Ordering::Equal),
        ("0.1.0_alpha2", "0.1.0_alpha", Ordering::Greater),
        ("1.1", "1.1_alpha1", Ordering::Greater),
        ("1.3_alpha", "1.3_alpha2", Ordering::Less),
        ("2.3.0b-r1", "2.3.0b-r2", Ordering::Less),
        ("0.12.3", "0.12", Ordering::Greater),
        ("1.2.11", "1.2.12.1", Ordering::Less),
        ("1.06-r6", "006", Ordering::Less),
        ("006", "1.0.0", Ordering::Greater), // the first number is numeric: 006 == 6
        ("1.2.2-r1", "1.2.2", Ordering::Greater),
        ("3.9.8-r5", "2.01.01_alpha10", Ordering::Greater),
        ("1.0", "0.99.3.20040818", Ordering::Greater),
        ("1.02", "1.03-r1", Ordering::Less), // leading zero: string order
        ("20060720", "3.0.20060720", Ordering::Greater),
        ("2.5.1-r8", "2.5.1a-r1", Ordering::Less), // a letter is newer than a revision
        ("0.10.0-r1", "0.10.0", Ordering::Greater),
        ("0.10.0", "0.10.1_rc1", Ordering::Less),
        ("1.2.07.8", "1.2.12.04", Ordering::Less), // "07" vs "12" as strings
        ("1.2.12.04", "1.2.12.05", Ordering::Less),
        ("0.20070118", "0.20070207_rc1", Ordering::Less),
        ("4.5_p1-r1", "4.5_p1", Ordering::Greater),
        ("1.7", "1.7b", Ordering::Less),
        ("1.8.5", "1.8.5_p2", Ordering::Less),
        ("0.9.28.1", "087-r1", Ordering::Less),
        ("2.12r-r4", "2.12r-r5", Ordering::Less),
        ("1.6.8_p12-r1", "1.6.8_p9-r2", Ordering::Greater), // suffix numbers are numeric
        ("0.1.0_alpha_pre2", "0.1.0_alpha", Ordering::Less), // a second pre-release suffix
        (
            "1.0.0_pre20191002222144-r0",
            "1.0.0_pre20210530193627-r0",
            Ordering::Less,
        ),
        ("6.0_pre1", "6.0", Ordering::Less),
        ("6.0_p1", "6.0", Ordering::Greater),
    ];

    #[test]
    fn reference_ordering() {
        assert!(ORDER.len() >= 25);
        for (a, b, want) in ORDER {
            assert_eq!(cmp(a, b), *want, "{a} vs {b}");
            assert_eq!(cmp(b, a), want.reverse(), "{b} vs {a}");
        }
    }

    /// Every row of apk-tools `test/version.data` (testdata/version-os/apk-version.data).
    #[test]
    fn apk_tools_version_data() {
        let data = include_str!("../../testdata/version-os/apk-version.data");
        let (mut checked, mut invalid) = (0, Vec::new());
        for line in data.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split_whitespace().collect();
            let (a, op, b) = (f[0], f[1], f[2]);
            let want = match op {
                "<" => Ordering::Less,
                "=" => Ordering::Equal,
                ">" => Ordering::Greater,
                _ => panic!("operator {op}"),
            };
            match (ApkVersion::parse(a), ApkVersion::parse(b)) {
                (Ok(x), Ok(y)) => {
                    assert_eq!(x.cmp(&y), want, "{line}");
                    checked += 1;
                }
                _ => invalid.push(line.to_string()),
            }
        }
        // Two rows use versions current apk-tools calls invalid (`apk version -c`): an unknown
        // suffix, and two letters (the file itself says "invalid. do string sort").
        assert_eq!(invalid, ["23_foo > 4_beta", "1.0 < 1.0bc"]);
        assert_eq!(checked, 731);
    }

    #[test]
    fn token_kind_order() {
        // One chain across every token kind at the same position.
        let chain = [
            "1.0_alpha",
            "1.0_rc9",
            "1.0",
            "1.0-r1",
            "1.0~0a",
            "1.0~ff-r1",
            "1.0_cvs",
            "1.0_p",
            "1.0_p0",
            "1.0_p1",
            "1.0a",
            "1.0z",
            "1.0.0",
            "1.0.1",
            "1.1",
        ];
        for w in chain.windows(2) {
            assert_eq!(cmp(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
        }
        // Equal spellings: leading zeros in numbers apk reads numerically.
        assert_eq!(cmp("006", "6"), Ordering::Equal);
        assert_eq!(cmp("1.0_p01", "1.0_p1"), Ordering::Equal);
        assert_eq!(cmp("1.0-r01", "1.0-r1"), Ordering::Equal);
        // ... but a `.`-field with a leading zero is a string: "0" < "00".
        assert_eq!(cmp("1.0", "1.00"), Ordering::Less);
        assert_eq!(cmp("1.09", "1.1"), Ordering::Less);
        assert_eq!(cmp("1.10", "1.09"), Ordering::Greater);
        // Numbers beyond 64 bits compare exactly.
        assert_eq!(
            cmp("1.99999999999999999999999", "1.100000000000000000000000"),
            Ordering::Less
        );
    }

    #[test]
    fn invalid_versions() {
        for s in [
            "",
            "a1",
            "1.",
            "1..2",
            "1.0-",
            "1.0-r",
            "1.0-1",
            "1.0a1",
            "1.0ab",
            "1.0_foo",
            "1.0_p1.2",
            "1.0-r1-r2",
            "1.0-r1_p1",
            "1.0~",
            "1.0~xyz",
            "1.0~a~b",
            "1.0A",
            "1.0 ",
            " 1.0",
            "1.0\u{0}",
            "1,0",
            "v1.0",
            "1.0_P1",
            // alpine-secdb typos (see module docs)
            "4.8.0.-r1",
            "6.6.2p1-r0",
            "2.7.16-33",
            "4.10-1-r1",
            "0.8.21.r2",
            "2.15.r-r1",
            "10.2.26.r0",
            "1.11-20-r0",
        ] {
            let e = ApkVersion::parse(s).expect_err(s);
            assert_eq!(e.scheme, VersionScheme::Apk);
        }
        let e = ApkVersion::parse("4.8.0.-r1").unwrap_err();
        assert!(e.reason.contains("byte 6"), "{}", e.reason);
        let e = ApkVersion::parse("1.0_foo").unwrap_err();
        assert!(e.reason.contains("unknown suffix `_foo`"), "{}", e.reason);
        let long = format!("1.{}", "1".repeat(10_000));
        assert!(ApkVersion::parse(&long).is_err());
    }

    #[test]
    fn valid_shapes() {
        for s in [
            "0",
            "1.0",
            "1.2.3a",
            "1.2.3_alpha",
            "1.2.3_alpha_pre2_p1",
            "1.2.3a_rc1~0123abc-r4",
            "26.255.21994~842f055",
            "1.0_p",
            "0.59s-r11",
            "20220614-r0",
            "1.1.1q-r0",
        ] {
            assert!(ApkVersion::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn secdb_zero_marker() {
        assert!(is_secdb_never_affected("0"));
        assert!(!is_secdb_never_affected("0.1"));
        assert!(!is_secdb_never_affected("00"));
        // "0" parses and is lower than every real release, but pre-releases of 0 are lower
        // still: that is why it must be handled as a marker and not as a bound.
        assert_eq!(cmp("0", "0.0.1"), Ordering::Less);
        assert_eq!(cmp("0_alpha", "0"), Ordering::Less);
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

    /// The 24 fixed versions in the old alpine-secdb that apk itself calls invalid.
    const SECDB_TYPOS: &[&str] = &[
        "0.8.21.r2",  // v3.3, v3.4, v3.5 irssi: `.r2` for `-r2`
        "1.0.4.-r0",  // v3.6 irssi: stray `.`
        "1.11-20-r0", // v3.6, v3.7, v3.8 py-django: a Debian-style `-20`
        "1.18.-r2",   // v3.5 wget
        "1.7.5.-r1",  // v3.3 libxi
        "10.2.22.r0", // v3.8 mariadb
        "10.2.24.r0",
        "10.2.26.r0",
        "2.15.r-r1",  // v3.7 git
        "2.7.16-33",  // v3.11 python2
        "4.10-1-r1",  // v3.8, v3.9, v3.11 xen
        "4.8.0.-r1",  // v3.8 .. v3.11 phpmyadmin
        "57-1-r2",    // v3.4 icu
        "6.6.2p1-r0", // v3.11 opensmtpd: a digit after the letter (valid before apk-tools 2.14)
        "0.12.5.-r0", // v3.7 quassel
    ];

    /// Every `secfixes` key of the alpine-secdb snapshot: all parse except the known typos, and
    /// the one `0` ("never affected") key is recognised as the marker.
    #[test]
    fn shared_alpine_secdb() {
        let Some(dir) = shared("alpine-secdb") else {
            return;
        };
        let (mut ok, mut zero, mut bad) = (0, 0, Vec::new());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .flat_map(|d| std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        for f in &files {
            let doc: serde_norway::Value =
                serde_norway::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            for pkg in doc["packages"].as_sequence().into_iter().flatten() {
                let Some(fixes) = pkg["pkg"]["secfixes"].as_mapping() else {
                    continue;
                };
                for key in fixes.keys() {
                    // YAML may type a key (`0:` is an integer); the secdb means a string.
                    let key = match key {
                        serde_norway::Value::String(s) => s.clone(),
                        serde_norway::Value::Number(n) => n.to_string(),
                        other => panic!("secfixes key {other:?} in {}", f.display()),
                    };
                    if is_secdb_never_affected(&key) {
                        zero += 1;
                    }
                    match ApkVersion::parse(&key) {
                        Ok(_) => ok += 1,
                        Err(e) => bad.push((key, e.reason)),
                    }
                }
            }
        }
        eprintln!(
            "alpine-secdb: {} files, {ok} fixed versions parsed ({zero} `0` marker), {} invalid: {bad:?}",
            files.len(),
            bad.len()
        );
        assert_eq!((files.len(), ok, zero, bad.len()), (18, 4241, 1, 24));
        let mut distinct: Vec<&str> = bad.iter().map(|(k, _)| k.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut want = SECDB_TYPOS.to_vec();
        want.sort_unstable();
        assert_eq!(distinct, want);
    }

    /// Every `pkg:apk/…` and old-syft `pkg:alpine/…` version in the shared data parses.
    #[test]
    fn shared_apk_purls() {
        let Some(root) = shared("") else { return };
        let mut purls = std::collections::BTreeSet::new();
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
                for prefix in ["pkg:apk/", "pkg:alpine/"] {
                    let mut rest = text.as_str();
                    while let Some(i) = rest.find(prefix) {
                        let tail = &rest[i..];
                        let end = tail
                            .find(|c: char| c.is_whitespace() || "\"'<>\\,)]`*".contains(c))
                            .unwrap_or(tail.len());
                        purls.insert(tail[..end].to_string());
                        rest = &tail[end..];
                    }
                }
            }
        }
        let (mut ok, mut no_version, mut bad_purl, mut bad) = (0, 0, Vec::new(), Vec::new());
        for text in &purls {
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
            match ApkVersion::parse(version) {
                Ok(_) => ok += 1,
                Err(e) => bad.push(e.to_string()),
            }
        }
        eprintln!(
            "apk purls: {} distinct, {ok} versions parsed, {no_version} without version, \
             unparseable purls {bad_purl:?}, failures {bad:?}",
            purls.len()
        );
        assert!(ok > 50, "{ok}");
        assert!(bad.is_empty(), "{bad:?}");
    }

    /// A grammar of valid apk versions, biased towards collisions.
    fn version() -> impl Strategy<Value = String> {
        (
            "[0-9]{1,2}",
            prop::collection::vec("[0-9]{1,2}", 0..3),
            prop::option::of("[a-c]"),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["alpha", "rc", "p", "git"]),
                    "[0-9]{0,2}",
                ),
                0..3,
            ),
            prop::option::of("[0-9a-f]{1,3}"),
            prop::option::of("[0-9]{1,2}"),
        )
            .prop_map(|(first, dots, letter, suffixes, hash, rev)| {
                let mut s = first;
                for d in dots {
                    s.push('.');
                    s.push_str(&d);
                }
                if let Some(l) = letter {
                    s.push_str(&l);
                }
                for (name, n) in suffixes {
                    s.push('_');
                    s.push_str(name);
                    s.push_str(&n);
                }
                if let Some(h) = hash {
                    s.push('~');
                    s.push_str(&h);
                }
                if let Some(r) = rev {
                    s.push_str("-r");
                    s.push_str(&r);
                }
                s
            })
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = ApkVersion::parse(&s);
        }

        #[test]
        fn never_panics_near_grammar(s in "[0-9a-z._~\\-]{0,20}") {
            if let Ok(x) = ApkVersion::parse(&s) {
                prop_assert_eq!(x.cmp(&x), Ordering::Equal);
            }
        }

        #[test]
        fn grammar_parses(s in version()) {
            prop_assert!(ApkVersion::parse(&s).is_ok(), "{}", s);
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
        fn revision_bump_is_newer(s in version()) {
            if !s.contains("-r") {
                let (r1, r0) = (format!("{s}-r1"), format!("{s}-r0"));
                prop_assert!(v(&s) < v(&r1));
                // apk: even `-r0` is newer than no revision at all
                prop_assert!(v(&s) < v(&r0));
            }
        }
    }
}
