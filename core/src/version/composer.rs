//! Composer (Packagist) versions and constraints, as `composer/semver` reads them.
//!
//! Rules (reference: `composer/semver` `src/VersionParser.php` and its tests
//! `tests/VersionParserTest.php`, `tests/ComparatorTest.php`; PHP's `version_compare` in php-src
//! `ext/standard/versioning.c`): a version is first *normalised* (`VersionParser::normalize`):
//! trimmed; `as` aliases, `@stability` flags and `+build` metadata dropped; a leading `v` dropped;
//! classical versions padded to four numbers (`1.2` → `1.2.0.0`); date versions
//! (`2010-01-02` → `2010.01.02`) kept at their length; stability suffixes spelled out
//! (`-a1`/`alpha1` → `-alpha1`, `b` → `beta`, `rc` → `RC`, `p`/`pl` → `patch`, `-dev`), and
//! numeric branches expanded (`1.x-dev` → `1.9999999.9999999.9999999-dev`). Normalised versions
//! are then ordered as `version_compare` orders them: split at dots and at digit/letter
//! boundaries, numbers compare numerically, and words rank
//! `dev < alpha = a < beta = b < RC = rc < number < patch = pl = p`; when one version runs out,
//! it is above a remaining word below numbers (`1.0.0.0 > 1.0.0.0-RC1`) and below a remaining
//! number or `patch` (`1.0.0.0 < 1.0.0.0-patch1`).
//!
//! Hand-written: no Rust crate implements Composer's normaliser; the regular expressions of
//! `VersionParser` are re-implemented as small hand parsers (no regex compiled per call).
//!
//! The decision a newcomer might undo: a **branch** version (`dev-master`, `dev-feature/x`) is a
//! [`VersionError`], not "lowest". Composer itself never matches a branch against a range
//! (`Constraint::versionCompare` returns false for any ordered comparison with a branch), so the
//! honest answer is "unmatchable", which the caller reports; treating it as lowest would flag
//! every `dev-master` install as vulnerable to every `<X` advisory.
//!
//! Smaller deviations: numbers are compared exactly at any size (PHP's `strtol` saturates at
//! `i64::MAX`); `-STABLE` is recognised case-insensitively; text after a newline is rejected
//! rather than ignored; versions longer than 256 bytes are rejected.

use std::cmp::Ordering;

use super::range::RangeSet;
use super::rubygems::increment_decimal;
use super::rubygems::setops::{self, End, Iv};
use super::{Comparator, VersionError, VersionScheme};

/// The Composer comparator.
#[derive(Debug, Clone, Copy, Default)]
pub struct Composer;

impl Comparator for Composer {
    const SCHEME: VersionScheme = VersionScheme::Composer;
    type Parsed = ComposerVersion;
    fn parse(input: &str) -> Result<ComposerVersion, VersionError> {
        ComposerVersion::parse(input)
    }
}

/// A parsed Composer version: its normalised form and `version_compare` tokens.
///
/// Ordering and equality use only the tokens (`1.2 == 1.2.0 == v1.2.0.0`); the text as given is
/// kept for evidence.
#[derive(Debug, Clone)]
pub struct ComposerVersion {
    text: String,
    normalized: String,
    tokens: Vec<Token>,
}

impl ComposerVersion {
    /// Normalise and tokenise a version.
    ///
    /// # Errors
    /// [`VersionError`] when `VersionParser::normalize` would reject the text, or when it is a
    /// branch (`dev-…`, `master`), which has no place in the version order.
    pub fn parse(input: &str) -> Result<ComposerVersion, VersionError> {
        let normalized = normalize(input).map_err(|e| e.into_error(input))?;
        let tokens = tokenize(&normalized);
        Ok(ComposerVersion {
            text: php_trim(input).to_string(),
            normalized,
            tokens,
        })
    }

    /// The version as given, trimmed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Composer's normalised spelling (`v1.2-beta.2` → `1.2.0.0-beta2`).
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

impl std::fmt::Display for ComposerVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Ord for ComposerVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let n = self.tokens.len().max(other.tokens.len());
        for i in 0..n {
            match token_key(self.tokens.get(i)).cmp(&token_key(other.tokens.get(i))) {
                Ordering::Equal => {}
                ord => return ord,
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for ComposerVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for ComposerVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ComposerVersion {}

/// One `version_compare` element.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Digits, without leading zeros.
    Num(String),
    /// A word, by its special-form rank (`dev` 0, `alpha`/`a` 1, `beta`/`b` 2, `RC`/`rc` 3,
    /// `pl`/`p` 5, anything else -1).
    Word(i8),
}

/// Sort key of an element; `None` (the version ran out) sits where PHP puts it: above words
/// ranked below numbers, below every number and `patch`.
fn token_key(t: Option<&Token>) -> (i8, Option<(usize, &str)>) {
    match t {
        None => (4, None),
        Some(Token::Word(r)) => (*r, None),
        Some(Token::Num(n)) => (4, Some((n.len(), n.as_str()))),
    }
}

/// PHP's `php_canonicalize_version` followed by a split at `.`: `-`, `_`, `+` and any other
/// non-alphanumeric become separators, and digit/non-digit boundaries split.
fn tokenize(normalized: &str) -> Vec<Token> {
    let b = normalized.as_bytes();
    let mut canon: Vec<u8> = Vec::with_capacity(b.len() * 2);
    let isdig = |c: u8| c.is_ascii_digit();
    let isndig = |c: u8| !c.is_ascii_digit() && c != b'.';
    if let Some(&first) = b.first() {
        canon.push(first);
        let mut lp = first;
        for &c in &b[1..] {
            let lq = canon.last().copied().unwrap_or(b'.');
            if matches!(c, b'-' | b'_' | b'+') {
                if lq != b'.' {
                    canon.push(b'.');
                }
            } else if (isndig(lp) && isdig(c)) || (isdig(lp) && isndig(c)) {
                if lq != b'.' {
                    canon.push(b'.');
                }
                canon.push(c);
            } else if !c.is_ascii_alphanumeric() {
                if lq != b'.' {
                    canon.push(b'.');
                }
            } else {
                canon.push(c);
            }
            lp = c;
        }
    }
    canon
        .split(|&c| c == b'.')
        .map(|t| {
            if t.first().is_some_and(u8::is_ascii_digit) {
                let digits: Vec<u8> = t.iter().copied().take_while(u8::is_ascii_digit).collect();
                let s = String::from_utf8_lossy(&digits);
                let s = s.trim_start_matches('0');
                Token::Num(if s.is_empty() { "0".into() } else { s.into() })
            } else {
                Token::Word(special_rank(t))
            }
        })
        .collect()
}

/// `compare_special_version_forms`: the first form the word *starts with*, in PHP's order.
fn special_rank(word: &[u8]) -> i8 {
    const FORMS: [(&[u8], i8); 10] = [
        (b"dev", 0),
        (b"alpha", 1),
        (b"a", 1),
        (b"beta", 2),
        (b"b", 2),
        (b"RC", 3),
        (b"rc", 3),
        (b"#", 4),
        (b"pl", 5),
        (b"p", 5),
    ];
    FORMS
        .iter()
        .find(|(f, _)| word.starts_with(f))
        .map_or(-1, |(_, r)| *r)
}

/// Why normalisation failed.
enum NormError {
    Invalid(String),
    Branch(String),
}

impl NormError {
    fn into_error(self, input: &str) -> VersionError {
        match self {
            NormError::Invalid(r) => VersionError::new(VersionScheme::Composer, input, r),
            NormError::Branch(b) => VersionError::new(
                VersionScheme::Composer,
                input,
                format!(
                    "`{b}` is a branch, not a version: Composer never orders branches against \
                     versions, so it cannot be matched against a range"
                ),
            ),
        }
    }
}

/// PHP `trim`'s default characters.
fn php_trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0b'])
}

/// PCRE `\s`.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn eq_ci(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn starts_ci(s: &[u8], prefix: &[u8], ci: bool) -> bool {
    s.len() >= prefix.len()
        && if ci {
            eq_ci(&s[..prefix.len()], prefix)
        } else {
            &s[..prefix.len()] == prefix
        }
}

/// `^([^,\s]++) ++as ++([^,\s]++)$`: the aliased part of `X as Y`.
fn strip_alias(s: &str) -> &str {
    let b = s.as_bytes();
    let first = b
        .iter()
        .position(|&c| c == b',' || is_space(c))
        .unwrap_or(b.len());
    if first == 0 || first == b.len() {
        return s;
    }
    let mut i = first;
    let spaces = |mut i: usize| {
        let start = i;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        (i, i > start)
    };
    let (j, ok) = spaces(i);
    if !ok || !b[j..].starts_with(b"as") {
        return s;
    }
    i = j + 2;
    let (j, ok) = spaces(i);
    if !ok || j == b.len() || b[j..].iter().any(|&c| c == b',' || is_space(c)) {
        return s;
    }
    &s[..first]
}

const STABILITY_FLAGS: [&[u8]; 5] = [b"stable", b"RC", b"beta", b"alpha", b"dev"];

/// `@(stable|RC|beta|alpha|dev)$` (case-insensitive): (text before the flag, flag).
fn split_stability_flag(s: &str) -> Option<(&str, &str)> {
    let at = s.rfind('@')?;
    let flag = &s[at + 1..];
    STABILITY_FLAGS
        .iter()
        .any(|f| eq_ci(flag.as_bytes(), f))
        .then(|| (&s[..at], flag))
}

/// A parsed modifier `[._-]?(?:(stab)((?:[.-]?\d+)*+)?)?([.-]?dev)?` (to the end).
struct Modifier {
    /// The stability word as written and the digits after it.
    stability: Option<(String, String)>,
    dev: bool,
}

const STABILITY_WORDS: [&[u8]; 9] = [
    b"stable", b"beta", b"b", b"RC", b"alpha", b"a", b"patch", b"pl", b"p",
];

/// Match the whole of `rest` as a modifier; `ci` makes the words case-insensitive.
fn parse_modifier(rest: &[u8], ci: bool) -> Option<Modifier> {
    let dev_tail = |s: &[u8]| -> Option<bool> {
        if s.is_empty() {
            return Some(false);
        }
        let t = match s.first() {
            Some(b'.' | b'-') => &s[1..],
            _ => s,
        };
        let is_dev = |x: &[u8]| if ci { eq_ci(x, b"dev") } else { x == b"dev" };
        (is_dev(t) || is_dev(s)).then_some(true)
    };
    let seps: &[usize] = if matches!(rest.first(), Some(b'.' | b'_' | b'-')) {
        &[1, 0]
    } else {
        &[0]
    };
    for &skip in seps {
        let r = &rest[skip..];
        for word in STABILITY_WORDS {
            if !starts_ci(r, word, ci) {
                continue;
            }
            let after = &r[word.len()..];
            // `(?:[.-]?\d+)*+`, possessive.
            let mut i = 0;
            loop {
                let j = if matches!(after.get(i), Some(b'.' | b'-')) {
                    i + 1
                } else {
                    i
                };
                let mut k = j;
                while k < after.len() && after[k].is_ascii_digit() {
                    k += 1;
                }
                if k == j {
                    break;
                }
                i = k;
            }
            if let Some(dev) = dev_tail(&after[i..]) {
                return Some(Modifier {
                    stability: Some((
                        String::from_utf8_lossy(&r[..word.len()]).into_owned(),
                        String::from_utf8_lossy(&after[..i]).into_owned(),
                    )),
                    dev,
                });
            }
        }
        if let Some(dev) = dev_tail(r) {
            return Some(Modifier {
                stability: None,
                dev,
            });
        }
    }
    None
}

/// `expandStability`.
fn expand_stability(word: &str) -> String {
    match word.to_ascii_lowercase().as_str() {
        "a" => "alpha".into(),
        "b" => "beta".into(),
        "p" | "pl" => "patch".into(),
        "rc" => "RC".into(),
        other => other.into(),
    }
}

/// Append a parsed modifier to a numeric version, as `normalize` does.
fn with_modifier(mut version: String, m: &Modifier) -> String {
    if let Some((word, num)) = &m.stability {
        if word.eq_ignore_ascii_case("stable") {
            return version;
        }
        version.push('-');
        version.push_str(&expand_stability(word));
        version.push_str(num.trim_start_matches(['.', '-']));
    }
    if m.dev {
        version.push_str("-dev");
    }
    version
}

fn skip_v(b: &[u8]) -> usize {
    usize::from(matches!(b.first(), Some(b'v' | b'V')))
}

/// `^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?MOD$`i.
fn normalize_classical(b: &[u8]) -> Option<String> {
    let mut i = skip_v(b);
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start || i - start > 5 {
        return None;
    }
    let mut parts: Vec<&[u8]> = vec![&b[start..i]];
    while parts.len() < 4 && b.get(i) == Some(&b'.') {
        let s = i + 1;
        let mut k = s;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        if k == s {
            break;
        }
        parts.push(&b[s..k]);
        i = k;
    }
    let m = parse_modifier(&b[i..], true)?;
    let mut v = String::from_utf8_lossy(parts[0]).into_owned();
    for n in 1..4 {
        v.push('.');
        match parts.get(n) {
            Some(p) => v.push_str(&String::from_utf8_lossy(p)),
            None => v.push('0'),
        }
    }
    Some(with_modifier(v, &m))
}

/// `\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2}` matches all of `s`.
fn date_grammar(s: &[u8]) -> bool {
    fn rest(s: &[u8], pos: usize, pairs: u8, tails: u8) -> bool {
        if pos == s.len() {
            return pairs >= 1;
        }
        let mut starts = vec![pos];
        if matches!(s[pos], b'.' | b':' | b'-') {
            starts.insert(0, pos + 1);
        }
        for p in starts {
            let digits = s[p..].iter().take_while(|c| c.is_ascii_digit()).count();
            if tails == 0 && pairs < 6 && digits >= 2 && rest(s, p + 2, pairs + 1, 0) {
                return true;
            }
            if pairs >= 1 && tails < 2 {
                for k in 1..=digits.min(3) {
                    if rest(s, p + k, pairs, tails + 1) {
                        return true;
                    }
                }
            }
        }
        false
    }
    // 4 + 6 × 3 + 2 × 4 characters at most: bounds the search on long input.
    s.len() <= 30 && s.len() >= 6 && s[..4].iter().all(u8::is_ascii_digit) && rest(s, 4, 0, 0)
}

/// `^v?(DATE)MOD$`i, the date part with every non-digit turned into `.`.
fn normalize_date(b: &[u8]) -> Option<String> {
    let i = skip_v(b);
    let body = &b[i..];
    let run = body
        .iter()
        .position(|c| !(c.is_ascii_digit() || matches!(c, b'.' | b':' | b'-')))
        .unwrap_or(body.len());
    let end = body[..run].iter().rposition(u8::is_ascii_digit)? + 1;
    if !date_grammar(&body[..end]) {
        return None;
    }
    let m = parse_modifier(&body[end..], true)?;
    let v: String = body[..end]
        .iter()
        .map(|&c| if c.is_ascii_digit() { c as char } else { '.' })
        .collect();
    Some(with_modifier(v, &m))
}

/// `normalizeBranch` for a numeric branch (`1.x`, `v2.0.*`, `2.4`); `None` for a named branch.
fn normalize_numeric_branch(name: &str) -> Option<String> {
    let b = php_trim(name).as_bytes();
    let mut i = skip_v(b);
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start {
        return None;
    }
    let mut parts: Vec<String> = vec![String::from_utf8_lossy(&b[start..i]).into_owned()];
    while i < b.len() {
        if b[i] != b'.' || parts.len() == 4 {
            return None;
        }
        let s = i + 1;
        let mut k = s;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        if k == s {
            if matches!(b.get(s), Some(b'x' | b'X' | b'*')) {
                k = s + 1;
                parts.push("9999999".into());
            } else {
                return None;
            }
        } else {
            parts.push(String::from_utf8_lossy(&b[s..k]).into_owned());
        }
        i = k;
    }
    while parts.len() < 4 {
        parts.push("9999999".into());
    }
    Some(format!("{}-dev", parts.join(".")))
}

/// `VersionParser::normalize`.
fn normalize(input: &str) -> Result<String, NormError> {
    let invalid = || NormError::Invalid("not a Composer version".into());
    let mut v = strip_alias(php_trim(input));
    if let Some((before, _)) = split_stability_flag(v) {
        v = before;
    }
    if matches!(v, "master" | "trunk" | "default") || starts_ci(v.as_bytes(), b"dev-", true) {
        return Err(NormError::Branch(v.to_string()));
    }
    if v.is_empty() {
        return Err(NormError::Invalid("empty version".into()));
    }
    if v.len() > 256 {
        return Err(NormError::Invalid(format!(
            "{} bytes is too long for a version",
            v.len()
        )));
    }
    // Build metadata: `^([^,\s+]++)\+[^\s]++$`.
    if let Some(plus) = v.find('+') {
        let (head, tail) = (&v[..plus], &v[plus + 1..]);
        let head_ok = !head.is_empty() && !head.bytes().any(|c| c == b',' || is_space(c));
        if head_ok && !tail.is_empty() && !tail.bytes().any(is_space) {
            v = head;
        }
    }
    let b = v.as_bytes();
    if let Some(n) = normalize_classical(b).or_else(|| normalize_date(b)) {
        return Ok(n);
    }
    // `{(.*?)[.-]?dev$}i`: a numeric branch such as `1.x-dev` or `2.0-dev`.
    if b.len() >= 3 && eq_ci(&b[b.len() - 3..], b"dev") {
        let mut head = &v[..v.len() - 3];
        if head.ends_with(['.', '-']) {
            head = &head[..head.len() - 1];
        }
        if let Some(n) = normalize_numeric_branch(head) {
            return Ok(n);
        }
    }
    Err(invalid())
}

/// One comparison of a parsed constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A parsed constraint atom: every version, or `op version` (normalised).
enum Atom {
    Any,
    Cmp(Op, String),
}

/// Captures of `$versionRegex`: numbers 1–4, stability word, its digits, dev, `.x-dev`.
#[derive(Default)]
struct Vr {
    nums: [Option<String>; 4],
    stability: Option<String>,
    dev: bool,
    x_dev: bool,
}

/// Match all of `s` against `v?(\d++)(?:\.(\d++))?{3}(?:MOD|\.([xX*][.-]?dev))(?:\+[^\s]+)?`i.
fn match_version_regex(s: &[u8]) -> Option<Vr> {
    let mut vr = Vr::default();
    let mut i = skip_v(s);
    let mut n = 0;
    loop {
        let start = if n == 0 {
            i
        } else if s.get(i) == Some(&b'.') {
            i + 1
        } else {
            break;
        };
        let mut k = start;
        while k < s.len() && s[k].is_ascii_digit() {
            k += 1;
        }
        if k == start {
            if n == 0 {
                return None;
            }
            break;
        }
        vr.nums[n] = Some(String::from_utf8_lossy(&s[start..k]).into_owned());
        i = k;
        n += 1;
        if n == 4 {
            break;
        }
    }
    let rest = &s[i..];
    let (body, build) = match rest.iter().position(|&c| c == b'+') {
        Some(p) => (&rest[..p], Some(&rest[p + 1..])),
        None => (rest, None),
    };
    if let Some(build) = build
        && (build.is_empty() || build.iter().any(|&c| is_space(c)))
    {
        return None;
    }
    if let Some(m) = parse_modifier(body, true) {
        vr.stability = m.stability.map(|(w, _)| w);
        vr.dev = m.dev;
        return Some(vr);
    }
    // `\.([xX*][.-]?dev)`.
    if body.len() >= 5 && body[0] == b'.' && matches!(body[1], b'x' | b'X' | b'*') {
        let t = &body[2..];
        let t = if matches!(t.first(), Some(b'.' | b'-')) {
            &t[1..]
        } else {
            t
        };
        if eq_ci(t, b"dev") {
            vr.x_dev = true;
            return Some(vr);
        }
    }
    None
}

/// `manipulateVersionString` with increment 0 or 1 (missing numbers read as `0`).
fn manipulate(nums: &[Option<String>; 4], position: usize, increment: bool) -> String {
    let mut out: Vec<String> = Vec::with_capacity(4);
    for (idx, n) in nums.iter().enumerate() {
        let i = idx + 1;
        let cur = n.clone().unwrap_or_default();
        out.push(if i > position {
            "0".into()
        } else if i == position && increment {
            increment_decimal(&cur)
        } else {
            cur
        });
    }
    out.join(".")
}

fn norm(s: &str) -> Result<String, String> {
    normalize(s).map_err(|e| match e {
        NormError::Invalid(r) => format!("`{s}`: {r}"),
        NormError::Branch(b) => {
            format!("`{b}` is a branch; branches cannot be matched against versions")
        }
    })
}

/// `VersionParser::parseConstraint` for one AND-part.
fn parse_atom(text: &str) -> Result<Vec<Atom>, String> {
    let mut c = strip_alias(text);
    let mut stability_modifier: Option<String> = None;
    if let Some((before, flag)) = split_stability_flag(c)
        && !before.bytes().any(|x| x == b',' || is_space(x))
    {
        c = if before.is_empty() { "*" } else { before };
        if !flag.eq_ignore_ascii_case("stable") {
            stability_modifier = Some(if flag.eq_ignore_ascii_case("rc") {
                "RC".into()
            } else {
                flag.to_ascii_lowercase()
            });
        }
    }
    // `#ref` after a dev version.
    if let Some(h) = c.find('#') {
        let head = &c[..h];
        let clean = !head.bytes().any(|x| x == b',' || is_space(x) || x == b'@');
        let dev_like = starts_ci(head.as_bytes(), b"dev-", true)
            || (head.len() > 6 && head.to_ascii_lowercase().ends_with(".x-dev"));
        if clean && dev_like && h + 1 < c.len() {
            c = head;
        }
    }
    let b = c.as_bytes();
    // `^(v)?[xX*](\.[xX*])*$`i.
    {
        let i = skip_v(b);
        let body = &b[i..];
        let wild = |x: &u8| matches!(x, b'x' | b'X' | b'*');
        if !body.is_empty()
            && !body.len().is_multiple_of(2)
            && body.iter().step_by(2).all(wild)
            && body.iter().skip(1).step_by(2).all(|&x| x == b'.')
        {
            return Ok(if i == 1 || body.len() > 1 {
                vec![Atom::Cmp(Op::Ge, "0.0.0.0-dev".into())]
            } else {
                vec![Atom::Any]
            });
        }
    }
    if b.starts_with(b"~>") {
        return Err(format!(
            "`{c}`: invalid operator \"~>\" (Composer's tilde is `~`; `~>` is RubyGems)"
        ));
    }
    let is_empty_num = |n: &Option<String>| n.as_deref().is_none_or(str::is_empty);
    // Tilde and caret.
    for (prefix, tilde) in [(b'~', true), (b'^', false)] {
        if b.first() != Some(&prefix) {
            continue;
        }
        let Some(vr) = match_version_regex(&b[1..]) else {
            break;
        };
        let suffix = if vr.stability.is_none() && !vr.dev && !vr.x_dev {
            "-dev"
        } else {
            ""
        };
        let low = norm(&format!("{}{suffix}", &c[1..]))?;
        let high_position = if tilde {
            let mut position = (1..=4)
                .rev()
                .find(|&p| !is_empty_num(&vr.nums[p - 1]))
                .unwrap_or(1);
            if vr.x_dev {
                position += 1;
            }
            position.saturating_sub(1).max(1)
        } else if vr.nums[0].as_deref() != Some("0") || is_empty_num(&vr.nums[1]) {
            1
        } else if vr.nums[1].as_deref() != Some("0") || is_empty_num(&vr.nums[2]) {
            2
        } else {
            3
        };
        let high = format!("{}-dev", manipulate(&vr.nums, high_position, true));
        return Ok(vec![Atom::Cmp(Op::Ge, low), Atom::Cmp(Op::Lt, high)]);
    }
    // X-range: `^v?(\d++)(?:\.(\d++))?(?:\.(\d++))?(?:\.[xX*])++$` (lowercase `v` only).
    if let Some(atoms) = parse_x_range(b) {
        return Ok(atoms);
    }
    // Hyphen range: `^VR +- +VR$`.
    if let Some((from, to)) = split_hyphen(c)
        && let (Some(f), Some(t)) = (
            match_version_regex(from.as_bytes()),
            match_version_regex(to.as_bytes()),
        )
    {
        let low_suffix = if f.stability.is_none() && !f.dev && !f.x_dev {
            "-dev"
        } else {
            ""
        };
        let low = format!("{}{low_suffix}", norm(from)?);
        // PHP's `$empty` here treats "0" as present.
        let present = |n: &Option<String>| !is_empty_num(n);
        let exact = (present(&t.nums[1]) && present(&t.nums[2]))
            || t.stability.is_some()
            || t.dev
            || t.x_dev;
        let high = if exact {
            Atom::Cmp(Op::Le, norm(to)?)
        } else {
            norm(to)?;
            let position = if present(&t.nums[1]) { 2 } else { 1 };
            Atom::Cmp(
                Op::Lt,
                format!("{}-dev", manipulate(&t.nums, position, true)),
            )
        };
        return Ok(vec![Atom::Cmp(Op::Ge, low), high]);
    }
    // Basic comparators: `^(<>|!=|>=?|<=?|==?)?\s*(.*)`.
    let (op, op_len) = [
        ("<>", Op::Ne),
        ("!=", Op::Ne),
        (">=", Op::Ge),
        (">", Op::Gt),
        ("<=", Op::Le),
        ("<", Op::Lt),
        ("==", Op::Eq),
        ("=", Op::Eq),
    ]
    .iter()
    .find(|(s, _)| c.starts_with(s))
    .map_or((Op::Eq, 0), |(s, op)| (*op, s.len()));
    let rest = c[op_len..].trim_start_matches(|x: char| x.is_ascii() && is_space(x as u8));
    let mut version = norm(rest)?;
    let is_stable = !(version.ends_with("-dev")
        || version.contains("-alpha")
        || version.contains("-beta")
        || version.contains("-RC"));
    match (&stability_modifier, op) {
        (Some(m), op) if op_len > 0 && op != Op::Eq && is_stable => {
            version.push('-');
            version.push_str(m);
        }
        (_, Op::Lt | Op::Ge) if !has_dash_modifier(&rest.to_ascii_lowercase()) => {
            version.push_str("-dev");
        }
        _ => {}
    }
    Ok(vec![Atom::Cmp(op, version)])
}

/// `X +- +Y` (a version cannot contain a space, so `X` ends at the first one).
fn split_hyphen(c: &str) -> Option<(&str, &str)> {
    let sp = c.find(' ')?;
    let after_dash = c[sp..].trim_start_matches(' ').strip_prefix('-')?;
    let to = after_dash.trim_start_matches(' ');
    (after_dash.len() > to.len()).then(|| (&c[..sp], to))
}

/// `preg_match('/-' . MOD . '$/', $lowercased)`: some `-` is followed by a full modifier, matched
/// case-sensitively (so a lowercased `rc` is *not* one: `<1.0-rc1` gets `-dev` appended).
fn has_dash_modifier(lower: &str) -> bool {
    let b = lower.as_bytes();
    b.iter()
        .enumerate()
        .filter(|(_, c)| **c == b'-')
        .any(|(i, _)| parse_modifier(&b[i + 1..], false).is_some())
}

fn parse_x_range(b: &[u8]) -> Option<Vec<Atom>> {
    let mut i = usize::from(b.first() == Some(&b'v'));
    let mut nums: [Option<String>; 4] = Default::default();
    let mut n = 0;
    while n < 3 {
        let start = if n == 0 {
            i
        } else if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i + 1
        } else {
            break;
        };
        let mut k = start;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        if k == start {
            return None;
        }
        nums[n] = Some(String::from_utf8_lossy(&b[start..k]).into_owned());
        i = k;
        n += 1;
    }
    let wild = &b[i..];
    if wild.is_empty()
        || !wild.len().is_multiple_of(2)
        || !wild.iter().step_by(2).all(|&x| x == b'.')
        || !wild
            .iter()
            .skip(1)
            .step_by(2)
            .all(|x| matches!(x, b'x' | b'X' | b'*'))
    {
        return None;
    }
    let position = n;
    let low = format!("{}-dev", manipulate(&nums, position, false));
    let high = format!("{}-dev", manipulate(&nums, position, true));
    Some(if low == "0.0.0.0-dev" {
        vec![Atom::Cmp(Op::Lt, high)]
    } else {
        vec![Atom::Cmp(Op::Ge, low), Atom::Cmp(Op::Lt, high)]
    })
}

/// `preg_split('{\s*\|\|?\s*}', trim($constraints))`.
fn split_or(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'|' {
            out.push(&s[start..i]);
            i += 1;
            if b.get(i) == Some(&b'|') {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(&s[start..]);
    out.into_iter()
        .map(|p| p.trim_matches(|c: char| c.is_ascii() && is_space(c as u8)))
        .collect()
}

/// `preg_split('{(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|$)}', $orConstraint)`.
fn split_and(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let at = |p: usize| -> Option<usize> {
        if p == 0 || matches!(b[p - 1], b'=' | b'>' | b'<' | b' ' | b',') {
            return None;
        }
        if p >= 2 && &b[p - 2..p] == b"as" {
            return None;
        }
        let lead_max = b[p..].iter().take_while(|&&c| c == b' ').count();
        for lead in (0..=lead_max).rev() {
            let q = p + lead;
            if b[q - 1] == b'-' || !matches!(b.get(q), Some(b',' | b' ')) {
                continue;
            }
            let q1 = q + 1;
            if b.get(q1) == Some(&b'-') {
                continue;
            }
            let trail_max = b[q1..].iter().take_while(|&&c| c == b' ').count();
            for trail in (0..=trail_max).rev() {
                let r = q1 + trail;
                if r == b.len() || b[r] == b',' || b[r..].starts_with(b"as") {
                    continue;
                }
                return Some(r);
            }
        }
        None
    };
    let mut out = Vec::new();
    let (mut start, mut p) = (0, 0);
    while p < b.len() {
        match at(p) {
            Some(end) => {
                out.push(&s[start..p]);
                start = end;
                p = end;
            }
            None => p += 1,
        }
    }
    out.push(&s[start..]);
    out
}

/// A spelling of a normalised version that normalises back to itself, for use as a bound text.
///
/// Normalising is not idempotent for short date versions: `2010-01-02` normalises to
/// `2010.01.02`, which read again is the *classical* `2010.01.02.0` (and `version_compare`
/// orders the two differently). Such a bound is written with dashes (`2010-01-02`), which reads
/// back as the date. Every other normalised version already reads back as itself.
fn bound_spelling(normalized: &str) -> String {
    if normalize(normalized).is_ok_and(|n| n == normalized) {
        return normalized.to_string();
    }
    let numeric_end = normalized
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(normalized.len());
    let dashed = format!(
        "{}{}",
        normalized[..numeric_end].replace('.', "-"),
        &normalized[numeric_end..]
    );
    if normalize(&dashed).is_ok_and(|n| n == normalized) {
        dashed
    } else {
        normalized.to_string()
    }
}

fn atom_intervals(atom: &Atom) -> Result<Vec<Iv<ComposerVersion>>, VersionError> {
    let (op, v) = match atom {
        Atom::Any => return Ok(setops::everything()),
        Atom::Cmp(op, v) => (*op, v),
    };
    let p = setops::point::<Composer>(&bound_spelling(v))?;
    Ok(match op {
        Op::Eq => vec![Iv::new(End::Incl(p.clone()), End::Incl(p))],
        Op::Ne => vec![
            Iv::new(End::Open, End::Excl(p.clone())),
            Iv::new(End::Excl(p), End::Open),
        ],
        Op::Lt => vec![Iv::new(End::Open, End::Excl(p))],
        Op::Le => vec![Iv::new(End::Open, End::Incl(p))],
        Op::Gt => vec![Iv::new(End::Excl(p), End::Open)],
        Op::Ge => vec![Iv::new(End::Incl(p), End::Open)],
    })
}

fn constraint_intervals(text: &str) -> Result<Vec<Iv<ComposerVersion>>, VersionError> {
    let err = |r: String| VersionError::new(VersionScheme::Composer, text, r);
    let mut union = Vec::new();
    for or_part in split_or(php_trim(text)) {
        let mut acc = setops::everything::<ComposerVersion>();
        for and_part in split_and(or_part) {
            if and_part.is_empty() {
                return Err(err("empty constraint".into()));
            }
            for atom in parse_atom(and_part).map_err(&err)? {
                acc = setops::intersect(&acc, &atom_intervals(&atom)?);
            }
        }
        union.extend(acc);
    }
    Ok(setops::normalize(union))
}

/// Parse a Composer constraint (`>=1.0,<1.2 || ^2.0`, `~1.2.3`, `1.0 - 2.0`, `2.*`, `!=1.5`)
/// into the union of intervals it allows, with bounds in Composer's normalised spelling.
///
/// The bounds are exactly the ones `VersionParser::parseConstraints` builds, including its
/// stability rules: `<1.0.5` is `< 1.0.5.0-dev` (so `1.0.5-beta1` is *not* below it) and
/// `>=1.0.0` is `>= 1.0.0.0-dev`; `^1.2` is `>= 1.2.0.0-dev, < 2.0.0.0-dev`. `|`/`||` is OR;
/// `,` or space is AND. Stella treats the result as plain order intervals.
///
/// # Errors
/// [`VersionError`] for an empty or malformed constraint, a dangling operator, or a branch
/// (`dev-master`) operand, which cannot be ordered.
pub fn parse_requirement(text: &str) -> Result<RangeSet, VersionError> {
    Ok(setops::to_range_set(&constraint_intervals(text)?))
}

/// The affected versions of a FriendsOfPHP security advisory: `branches.*.versions` is a list
/// per branch of constraints that must all hold (`['>=7.0.0', '<7.30.7']`), and a version is
/// affected when it satisfies any one branch. Branch names are labels and are not read.
///
/// # Errors
/// [`VersionError`] for a branch without constraints or any constraint [`parse_requirement`]
/// rejects.
pub fn affected_from_branches<B, V, S>(branches: B) -> Result<RangeSet, VersionError>
where
    B: IntoIterator<Item = V>,
    V: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut union = Vec::new();
    for branch in branches {
        let mut acc = setops::everything::<ComposerVersion>();
        let mut count = 0;
        for constraint in branch {
            count += 1;
            acc = setops::intersect(&acc, &constraint_intervals(constraint.as_ref())?);
        }
        if count == 0 {
            return Err(VersionError::new(
                VersionScheme::Composer,
                "",
                "an advisory branch has no version constraints",
            ));
        }
        union.extend(acc);
    }
    Ok(setops::to_range_set(&setops::normalize(union)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::range::{Bound, Interval};
    use crate::version::rubygems::setops::contains;
    use proptest::prelude::*;

    fn v(s: &str) -> ComposerVersion {
        ComposerVersion::parse(s).unwrap()
    }

    /// `successfulNormalizedVersions` and `failingNormalizedVersions` from composer/semver
    /// `tests/VersionParserTest.php` (branch rows are errors here, see the module header).
    #[test]
    fn normalize_matches_composer_tests() {
        let ok = [
            ("1.0.0", "1.0.0.0"),
            ("1.2.3.4", "1.2.3.4"),
            ("1.0.0RC1dev", "1.0.0.0-RC1-dev"),
            ("1.0.0-rC15-dev", "1.0.0.0-RC15-dev"),
            ("1.0.0.RC.15-dev", "1.0.0.0-RC15-dev"),
            ("1.0.0-rc1", "1.0.0.0-RC1"),
            ("1.0.0.pl3-dev", "1.0.0.0-patch3-dev"),
            ("1.0-dev", "1.0.0.0-dev"),
            ("0", "0.0.0.0"),
            ("10.4.13-beta", "10.4.13.0-beta"),
            ("10.4.13beta2", "10.4.13.0-beta2"),
            ("10.4.13beta.2", "10.4.13.0-beta2"),
            ("v1.13.11-beta.0", "1.13.11.0-beta0"),
            ("1.13.11.0-beta0", "1.13.11.0-beta0"),
            ("10.4.13-b", "10.4.13.0-beta"),
            ("10.4.13-b5", "10.4.13.0-beta5"),
            ("v1.0.0", "1.0.0.0"),
            ("2010.01", "2010.01.0.0"),
            ("2010.01.02", "2010.01.02.0"),
            ("2010.1.555", "2010.1.555.0"),
            ("2010.10.200", "2010.10.200.0"),
            ("20230131.0.0", "20230131.0.0"), // CalVer major: too long to be "classical"
            ("202301310000.0.0", "202301310000.0.0"),
            ("v20100102", "20100102"),
            ("20100102", "20100102"),
            ("20100102.0", "20100102.0"),
            ("20100102.1.0", "20100102.1.0"),
            ("20100102.0.3", "20100102.0.3"),
            ("2010-01-02-10-20-30.0.3", "2010.01.02.10.20.30.0.3"),
            ("2010-01-02-10-20-30.5", "2010.01.02.10.20.30.5"),
            ("2010-01-02", "2010.01.02"),
            ("2012.06.07", "2012.06.07.0"),
            ("2010-01-02.5", "2010.01.02.5"),
            ("20100102-203040", "20100102.203040"),
            ("20100102.x-dev", "20100102.9999999.9999999.9999999-dev"),
            (
                "20100102.203040.x-dev",
                "20100102.203040.9999999.9999999-dev",
            ),
            ("20100102203040-10", "20100102203040.10"),
            ("20100102-203040-p1", "20100102.203040-patch1"),
            ("201903.0", "201903.0"),
            ("201903.x-dev", "201903.9999999.9999999.9999999-dev"),
            ("201903.0-p2", "201903.0-patch2"),
            ("1.x-dev", "1.9999999.9999999.9999999-dev"),
            ("1.0.0+foo@dev", "1.0.0.0"),
            ("1.0.0-beta.5+foo", "1.0.0.0-beta5"),
            ("1.0.0+foo", "1.0.0.0"),
            ("1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1"),
            ("1.0.0-alpha2.1+foo", "1.0.0.0-alpha2.1"),
            ("1.0.0-alpha-2.1-3+foo", "1.0.0.0-alpha2.1-3"),
            ("1.0.0+foo as 2.0", "1.0.0.0"),
            ("00.01.03.04", "00.01.03.04"), // zero padding is kept
            ("000.001.003.004", "000.001.003.004"),
            ("0.000.103.204", "0.000.103.204"),
            ("0700", "0700.0.0.0"),
            ("041.x-dev", "041.9999999.9999999.9999999-dev"),
            (" 1.0.0", "1.0.0.0"),
            ("1.0.0 ", "1.0.0.0"),
            ("1.0.0-stable", "1.0.0.0"),
        ];
        for (input, want) in ok {
            assert_eq!(v(input).normalized(), want, "{input}");
        }
        let bad = [
            "",
            "a",
            "1.0.0-meh",
            "1.0.0.0.0",
            "feature-foo",
            "1.0.0+foo bar",
            "1.0.1-SNAPSHOT",
            "1.0.0<1.0.5-dev",
            "1.0.0-dev<1.0.5-dev",
            "foo bar-dev",
            "1.0 .2",
            " as ",
            " as 1.2",
            "^",
            "^8 || ^",
            "~",
            "~1 ~",
            "~1",
            "^1",
            "1.*",
            "20100102.0.3.4",
            // Branches: Composer never orders them against versions.
            "dev-master",
            "master",
            "dev-feature/foo",
            "DEV-FOOBAR",
            "dev-master as 1.0.0",
        ];
        for input in bad {
            assert!(ComposerVersion::parse(input).is_err(), "{input:?}");
        }
        let e = ComposerVersion::parse("dev-master").unwrap_err();
        assert!(e.reason.contains("branch"), "{}", e.reason);
    }

    /// `version_compare` order after normalisation; pairs from composer/semver
    /// `tests/ComparatorTest.php` plus PHP's documented special-form order.
    #[test]
    fn ordering_matches_composer_tests() {
        use Ordering::{Equal as E, Greater as G, Less as L};
        let cases: &[(&str, &str, Ordering)] = &[
            ("1.25.0", "1.24.0", G),
            ("1.25.0", "1.25.0", E),
            ("1.25.0", "1.26.0", L),
            ("1.0.0", "1.2-dev", L),
            ("1.25.0-beta2.1", "1.25.0-b.3", L),
            ("1.25.0-b2.1", "1.25.0beta.3", L),
            ("1.25.0-b-2.1", "1.25.0-rc", L),
            ("1.25.0-beta2.1", "1.25.0-b.2.1", E),
            ("1.25.0beta2.1", "1.25.0-b2.1", E),
            ("1.0", "1.0.0.0", E), // padding to four numbers
            ("v1.2.3", "1.2.3", E),
            ("1.0.0-dev", "1.0.0-alpha1", L), // dev < alpha < beta < RC < stable < patch
            ("1.0.0-alpha1", "1.0.0-beta1", L),
            ("1.0.0-beta1", "1.0.0-RC1", L),
            ("1.0.0-RC1", "1.0.0", L),
            ("1.0.0", "1.0.0-patch1", L),
            ("1.0.0-p1", "1.0.0-pl1", E),
            ("1.0.0-a", "1.0.0-alpha", E),
            ("1.0.0-alpha2", "1.0.0-alpha10", L),
            ("1.0.0-RC1-dev", "1.0.0-RC1", L), // `-dev` of a prerelease sits below it
            ("1.0.5-dev", "1.0.5-beta1", L),
            ("1.0.5-beta1", "1.0.5", L),
            ("2.3.2-p2", "2.3.2", G),
            ("2.3.2-p2", "2.3.3", L),
            ("1.9999999.9999999.9999999-dev", "2.0.0-dev", L),
            ("1.x-dev", "1.5.0", G), // a numeric branch sits above its releases
            ("02.1", "2.1", E),
            ("1.0.0+build.1", "1.0.0", E), // build metadata is dropped
            ("2010-01-02", "2010.1.2.0", L), // a date keeps 3 numbers: missing is below `0`
            ("2010.01.02", "2010.1.2.0", E), // dotted, it is a classical version
            ("20100102", "2.0", G),
            ("1.0.99999999999999999999", "1.0.99999999999999999998", G),
        ];
        for (a, b, want) in cases {
            assert_eq!(v(a).cmp(&v(b)), *want, "{a} vs {b}");
            assert_eq!(v(b).cmp(&v(a)), want.reverse(), "{b} vs {a}");
            assert_eq!(v(a) == v(b), *want == E, "{a} == {b}");
        }
    }

    #[test]
    fn junk_is_rejected_without_panic() {
        let long = "1.".repeat(5_000) + "1";
        let junk = [
            "",
            " ",
            "\t\n",
            "1.0\u{1}", // (a trailing NUL is trimmed by PHP's `trim`, so `1.0\0` is valid)
            "\u{1b}[31m1.0",
            "1.0\nfoo",
            "１.０",
            long.as_str(),
        ];
        for j in junk {
            assert!(ComposerVersion::parse(j).is_err(), "{j:?}");
            assert!(parse_requirement(j).is_err(), "{j:?}");
        }
        assert!(ComposerVersion::parse(&"9".repeat(10_000)).is_err());
        // `x` is not a version, but as a constraint it means "any".
        assert!(ComposerVersion::parse("x").is_err());
        assert!(parse_requirement("x").is_ok());
    }

    fn iv(lo: Bound, hi: Bound) -> Interval {
        Interval {
            lower: lo,
            upper: hi,
        }
    }
    fn ge(s: &str) -> Bound {
        Bound::Inclusive(s.into())
    }
    fn lt(s: &str) -> Bound {
        Bound::Exclusive(s.into())
    }
    const U: Bound = Bound::Unbounded;

    /// composer/semver `VersionParserTest`: simple, wildcard, tilde, caret, hyphen and complex
    /// constraints, written as the intervals they denote.
    #[test]
    fn constraints_match_composer_tests() {
        let one = |lo: Bound, hi: Bound| vec![iv(lo, hi)];
        let cases: Vec<(&str, Vec<Interval>)> = vec![
            ("*", one(U, U)),
            ("v*", one(ge("0.0.0.0-dev"), U)),
            ("*.*", one(ge("0.0.0.0-dev"), U)),
            ("x.X.x.*", one(ge("0.0.0.0-dev"), U)),
            (
                "!=1.0.0",
                vec![
                    iv(U, lt("1.0.0.0")),
                    iv(Bound::Exclusive("1.0.0.0".into()), U),
                ],
            ),
            ("<>1.0.0", vec![iv(U, lt("1.0.0.0")), iv(lt("1.0.0.0"), U)]),
            (">1.0.0", one(lt("1.0.0.0"), U)),
            ("<1.2.3.4", one(U, lt("1.2.3.4-dev"))), // `<` excludes the dev/alpha/... of 1.2.3.4
            ("<=1.2.3", one(U, ge("1.2.3.0"))),
            (">=1.2.3", one(ge("1.2.3.0-dev"), U)),
            ("=1.2.3", one(ge("1.2.3.0"), ge("1.2.3.0"))),
            ("==1.2.3", one(ge("1.2.3.0"), ge("1.2.3.0"))),
            ("1.2.3", one(ge("1.2.3.0"), ge("1.2.3.0"))),
            ("1.2.3b5", one(ge("1.2.3.0-beta5"), ge("1.2.3.0-beta5"))),
            (
                "1.2.3p1234",
                one(ge("1.2.3.0-patch1234"), ge("1.2.3.0-patch1234")),
            ),
            (">= 1.2.3", one(ge("1.2.3.0-dev"), U)),
            ("< 1.2.3", one(U, lt("1.2.3.0-dev"))),
            ("<1.2.3.4-stable", one(U, lt("1.2.3.4"))),
            (">=1.2.3.4-stable", one(ge("1.2.3.4"), U)),
            (">=1.0@beta", one(ge("1.0.0.0-beta"), U)),
            ("1.0@dev", one(ge("1.0.0.0"), ge("1.0.0.0"))),
            ("v2.*", one(ge("2.0.0.0-dev"), lt("3.0.0.0-dev"))),
            ("2.0.*", one(ge("2.0.0.0-dev"), lt("2.1.0.0-dev"))),
            ("2.10.X", one(ge("2.10.0.0-dev"), lt("2.11.0.0-dev"))),
            ("2.1.3.*", one(ge("2.1.3.0-dev"), lt("2.1.4.0-dev"))),
            ("0.*", one(U, lt("1.0.0.0-dev"))),
            ("0.x.x", one(U, lt("1.0.0.0-dev"))),
            ("~v1", one(ge("1.0.0.0-dev"), lt("2.0.0.0-dev"))),
            ("~1.0.0", one(ge("1.0.0.0-dev"), lt("1.1.0.0-dev"))),
            ("~1.2.3.4", one(ge("1.2.3.4-dev"), lt("1.2.4.0-dev"))),
            ("~1.2-beta", one(ge("1.2.0.0-beta"), lt("2.0.0.0-dev"))),
            ("~1.2-BETA2", one(ge("1.2.0.0-beta2"), lt("2.0.0.0-dev"))),
            ("~1.2.2-stable", one(ge("1.2.2.0"), lt("1.3.0.0-dev"))),
            ("~201903.0", one(ge("201903.0-dev"), lt("201904.0.0.0-dev"))),
            (
                "~201903.205830.1-stable",
                one(ge("201903.205830.1"), lt("201903.205831.0.0-dev")),
            ),
            (
                "~2.x-dev",
                one(ge("2.9999999.9999999.9999999-dev"), lt("3.0.0.0-dev")),
            ),
            (
                "~2.0.3.x-dev",
                one(ge("2.0.3.9999999-dev"), lt("2.0.4.0-dev")),
            ),
            ("^0", one(ge("0.0.0.0-dev"), lt("1.0.0.0-dev"))),
            ("^0.0", one(ge("0.0.0.0-dev"), lt("0.1.0.0-dev"))),
            ("^1.2.3-beta.2", one(ge("1.2.3.0-beta2"), lt("2.0.0.0-dev"))),
            ("^0.2.3", one(ge("0.2.3.0-dev"), lt("0.3.0.0-dev"))),
            ("^0.0.3", one(ge("0.0.3.0-dev"), lt("0.0.4.0-dev"))),
            ("^0.0.3-stable", one(ge("0.0.3.0"), lt("0.0.4.0-dev"))),
            (
                "^201903.0-beta",
                one(ge("201903.0-beta"), lt("201904.0.0.0-dev")),
            ),
            (
                "^2.0.*-dev",
                one(ge("2.0.9999999.9999999-dev"), lt("3.0.0.0-dev")),
            ),
            ("v1 - v2", one(ge("1.0.0.0-dev"), lt("3.0.0.0-dev"))),
            ("1.2.3 - 2.3.4.5", one(ge("1.2.3.0-dev"), ge("2.3.4.5"))),
            ("1.2-beta - 2.3", one(ge("1.2.0.0-beta"), lt("2.4.0.0-dev"))),
            (
                "1.2-beta - 2.3-dev",
                one(ge("1.2.0.0-beta"), ge("2.3.0.0-dev")),
            ),
            ("1 - 2.0", one(ge("1.0.0.0-dev"), lt("2.1.0.0-dev"))),
            ("1.2 - 2.1.0", one(ge("1.2.0.0-dev"), ge("2.1.0.0"))),
            (
                "2.0.x-dev - 3.0.x-dev",
                one(ge("2.0.9999999.9999999-dev"), ge("3.0.9999999.9999999-dev")),
            ),
            (
                "3.x-dev",
                one(
                    ge("3.9999999.9999999.9999999-dev"),
                    ge("3.9999999.9999999.9999999-dev"),
                ),
            ),
            ("3-dev", one(ge("3.0.0.0-dev"), ge("3.0.0.0-dev"))),
            ("^1.", one(ge("1.0.0.0-dev"), lt("2.0.0.0-dev"))), // historical typos still parse
            ("~1.", one(ge("1.0.0.0-dev"), lt("2.0.0.0-dev"))),
            ("1.2.", one(ge("1.2.0.0"), ge("1.2.0.0"))),
            ("1.2..dev", one(ge("1.2.0.0-dev"), ge("1.2.0.0-dev"))),
            ("1.2_-dev", one(ge("1.2.0.0-dev"), ge("1.2.0.0-dev"))),
            (
                "~2.5.9|~2.6,>=2.6.2",
                vec![
                    iv(ge("2.5.9.0-dev"), lt("2.6.0.0-dev")),
                    iv(ge("2.6.2.0-dev"), lt("3.0.0.0-dev")),
                ],
            ),
            (
                ">=1.1.0-alpha4,<1.2.x-dev",
                one(ge("1.1.0.0-alpha4"), lt("1.2.9999999.9999999-dev")),
            ),
            (
                ">=1.1.0-alpha4,<1.2-beta2",
                one(ge("1.1.0.0-alpha4"), lt("1.2.0.0-beta2")),
            ),
            // A lowercased `rc` is not recognised by the `<`/`>=` suffix check: `-dev` is added.
            ("<1.0.0-rc1", one(U, lt("1.0.0.0-RC1-dev"))),
            ("<2.3.2-p2", one(U, lt("2.3.2.0-patch2"))),
        ];
        for (input, want) in cases {
            let got = parse_requirement(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(got.intervals, want, "{input}");
        }
        // multiConstraintProvider: every spelling of `>2.0,<=3.0`.
        for s in [
            ">2.0,<=3.0",
            ">2.0 <=3.0",
            ">2.0  <=3.0",
            ">2.0, <=3.0",
            ">2.0 ,<=3.0",
            ">2.0 , <=3.0",
            ">2.0   , <=3.0",
            "> 2.0   <=  3.0",
            "> 2.0  ,  <=  3.0",
            "  > 2.0  ,  <=  3.0 ",
            ">2.0@stable,<=3.0",
        ] {
            assert_eq!(
                parse_requirement(s).unwrap().intervals,
                vec![iv(lt("2.0.0.0"), ge("3.0.0.0"))],
                "{s:?}"
            );
        }
        // multiConstraintProvider2: OR binds looser than AND.
        for s in [
            ">2.0,<2.0.5 | >2.0.6",
            ">2.0,<2.0.5 || >2.0.6",
            "> 2.0 , <2.0.5 | >  2.0.6",
        ] {
            assert_eq!(
                parse_requirement(s).unwrap().intervals,
                vec![iv(lt("2.0.0.0"), lt("2.0.5.0-dev")), iv(lt("2.0.6.0"), U)],
                "{s:?}"
            );
        }
        // testComplexConjunctive: "~0.1 || ~1.0 !=1.0.1" does not allow 1.0.1.
        let set = parse_requirement("~0.1 || ~1.0 !=1.0.1").unwrap();
        assert!(!contains::<Composer>(&set, "1.0.1"));
        assert!(contains::<Composer>(&set, "1.0.2"));
        assert!(contains::<Composer>(&set, "0.5"));
    }

    #[test]
    fn failing_constraints_match_composer_tests() {
        for bad in [
            "",
            "1.0.0-meh",
            ">2.0,,<=3.0",
            ">2.0 ,, <=3.0",
            ">2.0 ||| <=3.0",
            ",^1@dev || ^4@dev",
            ",^1@dev",
            "|| ^1@dev",
            "^1@dev ||",
            "^1@dev ,",
            "^2.0.*",
            "^2.0.x",
            "^2.0.x-beta",
            "^2.*",
            "^2.x",
            "^2.1.2.x-beta",
            "~2.0.*",
            "~2.x",
            "~2.1.2.x-beta",
            "1.x - 2.*",
            "2.x.x.x-dev - 3.x.x.x-dev",
            "^1.*-beta-dev",
            "^1. *-dev",
            "~1.*-beta-dev",
            "1.0.0-dev<1.0.5-dev",
            "*-dev",
            "^",
            "^8 || ^",
            "~",
            "~1 ~",
            "~>1.2",
            "1.0#abcd123",
            // Branch operands cannot be ordered.
            "dev-master",
            ">=dev-master",
            "foobar-dev",
        ] {
            assert!(parse_requirement(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn date_bounds_keep_their_meaning() {
        // `>=2010-01-02` must not turn into `>= 2010.01.02.0-dev` when the bound is re-read.
        let set = parse_requirement(">=2010-01-02").unwrap();
        assert_eq!(set.intervals, vec![iv(ge("2010-01-02-dev"), U)]);
        assert!(contains::<Composer>(&set, "2010-01-02"));
        assert_eq!(bound_spelling("2010.01.02-patch1"), "2010-01-02-patch1");
        assert_eq!(bound_spelling("1.0.0.0-RC1-dev"), "1.0.0.0-RC1-dev");
    }

    /// The FriendsOfPHP shape, on laravel/framework CVE-2024-52301 (`sample/` in the shared data).
    #[test]
    fn advisory_branches_are_a_union_of_and_lists() {
        let set = affected_from_branches([
            vec![">=6.0.0", "<6.20.45"],
            vec![">=7.0.0", "<7.30.7"],
            vec![">=8.0.0", "<8.83.28"],
        ])
        .unwrap();
        assert_eq!(set.intervals.len(), 3);
        for (ver, want) in [
            ("7.12.0", true),
            ("v7.30.6", true), // SBOMs carry a `v`; advisories never do
            ("7.30.7", false),
            ("7.30.7-beta1", false), // `<7.30.7` is `< 7.30.7.0-dev`: its prereleases are not below
            ("6.20.44", true),
            ("5.8.0", false),
            ("9.0.0", false),
        ] {
            assert_eq!(contains::<Composer>(&set, ver), want, "{ver}");
        }
        // A branch with only an upper bound: everything below.
        let low = affected_from_branches([vec!["<7.12.1"]]).unwrap();
        assert_eq!(low.intervals, vec![iv(U, lt("7.12.1.0-dev"))]);
        assert!(affected_from_branches([Vec::<&str>::new()]).is_err());
    }

    /// Every `branches.*.versions` constraint of the FriendsOfPHP snapshot parses (the
    /// acceptance test), and every advisory yields an affected set.
    #[test]
    fn friendsofphp_snapshot_constraints_all_parse() {
        let Some(files) = crate::version::pep440::testdata::shared_tarball(
            "friendsofphp-security-advisories/friendsofphp-security-advisories.tar.gz",
        ) else {
            return;
        };
        let (mut strings, mut advisories, mut empty) = (0usize, 0usize, 0usize);
        let mut failures = Vec::new();
        for (path, text) in &files {
            if !path.ends_with(".yaml") {
                continue;
            }
            let doc: serde_norway::Value = serde_norway::from_str(text).unwrap();
            let Some(branches) = doc.get("branches").and_then(|b| b.as_mapping()) else {
                continue;
            };
            let mut lists: Vec<Vec<String>> = Vec::new();
            for (_, branch) in branches {
                let list: Vec<String> = branch
                    .get("versions")
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
                    .unwrap_or_default();
                for c in &list {
                    strings += 1;
                    if let Err(e) = parse_requirement(c) {
                        failures.push(format!("{path}: {e}"));
                    }
                }
                lists.push(list);
            }
            match affected_from_branches(&lists) {
                Ok(set) if set.intervals.is_empty() => empty += 1,
                Ok(_) => advisories += 1,
                Err(e) => failures.push(format!("{path}: {e}")),
            }
        }
        let all: Vec<String> = files
            .iter()
            .flat_map(|(_, t)| t.lines())
            .filter_map(|l| l.trim().strip_prefix("versions:"))
            .flat_map(|l| l.split(['[', ']', ',', '\'', '"']))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let started = std::time::Instant::now();
        let parsed = all.iter().filter(|c| parse_requirement(c).is_ok()).count();
        eprintln!(
            "friendsofphp: {parsed}/{} constraints re-parsed in {:?}",
            all.len(),
            started.elapsed()
        );
        eprintln!(
            "friendsofphp: {strings} constraints, {} failures; {advisories} advisories with an \
             affected set, {empty} with an empty one",
            failures.len()
        );
        assert!(strings > 10_000, "only {strings} constraints found");
        assert!(failures.is_empty(), "{failures:#?}");
    }

    fn version_strategy() -> impl Strategy<Value = String> {
        let classical = (
            prop::option::of(Just("v")),
            prop::collection::vec("[0-9]{1,2}", 1..=4),
            prop::option::of((
                prop::sample::select(vec![
                    "alpha", "beta", "RC", "a", "b", "rc", "p", "pl", "patch", "stable",
                ]),
                prop::option::of("[0-9]{1,2}"),
            )),
            any::<bool>(),
        )
            .prop_map(|(vp, nums, stab, dev)| {
                let mut s = format!("{}{}", vp.unwrap_or(""), nums.join("."));
                if let Some((w, n)) = stab {
                    s.push('-');
                    s.push_str(w);
                    s.push_str(&n.unwrap_or_default());
                }
                if dev {
                    s.push_str("-dev");
                }
                s
            });
        let date =
            ("20[0-9]{2}", "[01][0-9]", "[0-3][0-9]").prop_map(|(y, m, d)| format!("{y}-{m}-{d}"));
        let branch = "[0-9]{1,2}(\\.[0-9]{1,2}){0,2}\\.x-dev";
        prop_oneof![4 => classical, 1 => date, 1 => branch]
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

        /// Bounds are stored as text and re-parsed: the bound spelling of a normalised version
        /// parses to an equal version with the same normalised spelling.
        #[test]
        fn bound_spelling_round_trips(a in version_strategy()) {
            let first = v(&a);
            let again = v(&bound_spelling(first.normalized()));
            prop_assert_eq!(again.normalized(), first.normalized());
            prop_assert_eq!(again, first);
        }

        #[test]
        fn arbitrary_input_never_panics(s in any::<String>(), t in "[0-9a-zA-Z.*^~<>=!|, @#+-]{0,24}") {
            let _ = ComposerVersion::parse(&s);
            let _ = parse_requirement(&s);
            let _ = parse_requirement(&t);
            let _ = ComposerVersion::parse(&t);
        }
    }
}
