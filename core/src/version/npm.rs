//! npm versions and ranges, as node-semver (the library npm uses) reads and orders them.
//!
//! Versions: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` in node-semver's *loose* spelling, a
//! superset of the strict one that is still unambiguous: surrounding whitespace and any leading
//! `v`/`=` (`v1.2.3`, `=1.2.3`, ` = v1.2.3`), leading zeros (`01.02.03` is `1.2.3`), and a
//! pre-release without its hyphen (`1.2.3beta` is `1.2.3-beta`), all of which occur in the npm
//! registry and advisories. Numbers above `Number.MAX_SAFE_INTEGER` and versions longer than 256
//! characters are rejected, as node-semver does. Ordering is node-semver's `compare`: SemVer
//! precedence, build metadata ignored, pre-release identifiers that are all digits compared as
//! numbers (so `1.2.3-beta.01 == 1.2.3-beta.1`), others by ASCII.
//!
//! Ranges ([`parse_requirement`]): node-semver's `Range` grammar with default options: `||`
//! unions, whitespace-joined AND sets, `<`/`<=`/`>`/`>=`/`=`/bare versions, `^`, `~`/`~>`,
//! hyphen ranges `1.2 - 3.4`, `x`/`X`/`*` wildcards and partial versions (`1`, `1.2`, `>=1.x`),
//! with node-semver's exact desugaring (`^1.2.3` → `>=1.2.3 <2.0.0-0`, `<=1.2` → `<1.3.0-0`, …;
//! [`canonical_requirement`] returns its `validRange()` text), including its quieter rules:
//! `+build` is stripped from the range text first, a number after a wildcard (`1.x.2`) is
//! invalid, `>=0.0.0` means "any", an empty alternative means "any". Comparator versions use the
//! loose spellings above. The result is a [`RangeSet`] of plain order intervals (see
//! [`parse_requirement`] for what that means for pre-releases).
//!
//! Reference: <https://github.com/npm/node-semver> (`classes/semver.js`, `classes/range.js`,
//! `internal/re.js`), release 7.8.5 (the one npm bundles), and its test fixtures, which the tests
//! below use; 20,646 ranges were also cross-checked against node-semver 7.8.5 itself (a frozen
//! sample is in `testdata/version/node-semver-7.8.5-ranges.jsonl`). Hand-written because the
//! Rust ports (`node-semver` 2.2, `nodejs-semver` 7.0) keep their comparator sets private and
//! re-normalise ranges differently, so neither yields node-semver's desugaring as intervals with
//! evidence-grade bounds (`nodejs-semver` also has `MAX_SAFE_INTEGER` off by a factor of ten).
//!
//! The design decision a newcomer would undo: node-semver in loose mode silently *drops* a
//! comparator it cannot parse (`<1.0.0 || garbage` becomes `<1.0.0`); here any unparseable token is
//! an error, because a dropped bound in an advisory range would silently change who is affected.

use std::cmp::Ordering;
use std::fmt;

use super::range::{Bound, Interval, RangeSet};
use super::{Comparator, VersionError, VersionScheme};

/// node-semver's `MAX_LENGTH` for a version string.
const MAX_LENGTH: usize = 256;
/// JavaScript's `Number.MAX_SAFE_INTEGER`, node-semver's bound on version numbers.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// The npm comparator (node-semver ordering, loose spellings).
#[derive(Debug, Clone, Copy, Default)]
pub struct Npm;

/// A parsed npm version. `Ord`/`Eq` are node-semver's `compare` (build metadata ignored).
#[derive(Debug, Clone)]
pub struct NpmVersion {
    major: u64,
    minor: u64,
    patch: u64,
    pre: Vec<Ident>,
    build: Vec<String>,
}

/// A pre-release identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ident {
    /// All digits; stored without leading zeros, compared by value at any length.
    Num(String),
    /// Anything else, compared by ASCII.
    Alpha(String),
}

impl Ident {
    fn new(raw: &str) -> Ident {
        if raw.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = raw.trim_start_matches('0');
            Ident::Num(if trimmed.is_empty() { "0" } else { trimmed }.to_string())
        } else {
            Ident::Alpha(raw.to_string())
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Ident::Num(s) | Ident::Alpha(s) => s,
        }
    }
}

impl Ord for Ident {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Ident::Num(a), Ident::Num(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
            (Ident::Num(_), Ident::Alpha(_)) => Ordering::Less,
            (Ident::Alpha(_), Ident::Num(_)) => Ordering::Greater,
            (Ident::Alpha(a), Ident::Alpha(b)) => a.as_bytes().cmp(b.as_bytes()),
        }
    }
}

impl PartialOrd for Ident {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl NpmVersion {
    /// The major version.
    pub fn major(&self) -> u64 {
        self.major
    }

    /// The minor version.
    pub fn minor(&self) -> u64 {
        self.minor
    }

    /// The patch version.
    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// Whether the version has a pre-release part.
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// The build metadata identifiers (not part of the ordering).
    pub fn build(&self) -> &[String] {
        &self.build
    }

    /// Whether this is `0.0.0-0`, the lowest version there is.
    fn is_min(&self) -> bool {
        self.major == 0
            && self.minor == 0
            && self.patch == 0
            && self.pre.len() == 1
            && self.pre.first() == Some(&Ident::Num("0".into()))
    }
}

impl PartialEq for NpmVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for NpmVersion {}

impl PartialOrd for NpmVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NpmVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            })
    }
}

impl fmt::Display for NpmVersion {
    /// node-semver's `version`: `1.2.3-beta.1`, normalised, without build metadata.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        for (i, id) in self.pre.iter().enumerate() {
            f.write_str(if i == 0 { "-" } else { "." })?;
            f.write_str(id.as_str())?;
        }
        Ok(())
    }
}

impl Comparator for Npm {
    const SCHEME: VersionScheme = VersionScheme::Npm;
    type Parsed = NpmVersion;

    fn parse(input: &str) -> Result<NpmVersion, VersionError> {
        parse_loose(input).map_err(|reason| VersionError::new(Self::SCHEME, input, reason))
    }
}

// ---------------------------------------------------------------------------------------------
// Lexing

/// A byte cursor over ASCII grammar (non-ASCII bytes are simply "unexpected").
struct Cursor<'a> {
    text: &'a str,
    at: usize,
    /// Where `text` starts in the string the user wrote, for error positions.
    base: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor over `text`, which starts at byte `base` of what the user wrote.
    fn new(text: &'a str, base: usize) -> Self {
        Cursor { text, at: 0, base }
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.text.as_bytes().get(self.at + k).copied()
    }

    fn peek(&self) -> Option<u8> {
        self.peek_at(0)
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a str {
        let start = self.at;
        while self.peek().is_some_and(&f) {
            self.at += 1;
        }
        self.text.get(start..self.at).unwrap_or("")
    }

    fn done(&self) -> bool {
        self.at >= self.text.len()
    }

    /// "unexpected `c` at byte N" (or "end of input").
    fn unexpected(&self, expected: &str) -> String {
        match self.text.get(self.at..).and_then(|s| s.chars().next()) {
            Some(c) => format!(
                "unexpected {c:?} at byte {}, expected {expected}",
                self.base + self.at
            ),
            None => format!("unexpected end of input, expected {expected}"),
        }
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// node-semver's `[v=\s]*` before a version.
fn skip_v_eq(text: &str) -> &str {
    text.trim_start_matches(|c: char| c == 'v' || c == '=' || c.is_whitespace())
}

/// A number (loose: leading zeros allowed) no larger than `MAX_SAFE_INTEGER`.
fn number<'a>(c: &mut Cursor<'a>, what: &str) -> Result<(&'a str, u64), String> {
    let digits = c.take_while(|b| b.is_ascii_digit());
    if digits.is_empty() {
        return Err(c.unexpected(&format!("the {what} version number")));
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_SAFE_INTEGER => Ok((digits, n)),
        _ => Err(format!(
            "{what} version `{digits}` is larger than {MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER)"
        )),
    }
}

/// One or more `.`-separated `[0-9A-Za-z-]+` identifiers.
fn identifiers<'a>(c: &mut Cursor<'a>, what: &str) -> Result<&'a str, String> {
    let start = c.at;
    loop {
        if c.take_while(is_ident_byte).is_empty() {
            return Err(c.unexpected(&format!("a {what} identifier")));
        }
        if !c.eat(b'.') {
            break;
        }
    }
    Ok(c.text.get(start..c.at).unwrap_or(""))
}

/// node-semver's loose pre-release: `-alpha.1`, or without the hyphen (`1.2.3beta`). A hyphen
/// not followed by an identifier character starts an identifier itself (`1.2.3-` has the
/// pre-release `-`), as node-semver's regular expression backtracks into that reading.
fn loose_prerelease<'a>(c: &mut Cursor<'a>) -> Result<Option<&'a str>, String> {
    match c.peek() {
        Some(b'-') if c.peek_at(1).is_some_and(is_ident_byte) => c.at += 1,
        Some(b) if is_ident_byte(b) => {}
        _ => return Ok(None),
    }
    identifiers(c, "pre-release").map(Some)
}

/// `+build.meta`, if present.
fn build<'a>(c: &mut Cursor<'a>) -> Result<Option<&'a str>, String> {
    if c.eat(b'+') {
        identifiers(c, "build").map(Some)
    } else {
        Ok(None)
    }
}

/// A full version in node-semver's loose grammar (`LOOSE`), after trimming.
fn parse_loose(input: &str) -> Result<NpmVersion, String> {
    if input.len() > MAX_LENGTH {
        return Err(format!(
            "longer than {MAX_LENGTH} characters ({} bytes)",
            input.len()
        ));
    }
    // node-semver trims, then skips `[v=\s]*`.
    let start = skip_v_eq(input);
    let text = start.trim_end();
    if text.is_empty() {
        return Err("empty version".into());
    }
    let mut c = Cursor::new(text, input.len() - start.len());
    let (_, major) = number(&mut c, "major")?;
    if !c.eat(b'.') {
        return Err(c.unexpected("`.` and the minor version (npm versions have three numbers)"));
    }
    let (_, minor) = number(&mut c, "minor")?;
    if !c.eat(b'.') {
        return Err(c.unexpected("`.` and the patch version (npm versions have three numbers)"));
    }
    let (_, patch) = number(&mut c, "patch")?;
    let pre = loose_prerelease(&mut c)?;
    let build = build(&mut c)?;
    if !c.done() {
        return Err(c.unexpected("`-` pre-release, `+` build or the end"));
    }
    Ok(NpmVersion {
        major,
        minor,
        patch,
        pre: pre.map_or_else(Vec::new, |p| p.split('.').map(Ident::new).collect()),
        build: build.map_or_else(Vec::new, |b| b.split('.').map(str::to_string).collect()),
    })
}

// ---------------------------------------------------------------------------------------------
// Ranges

/// One part of a partial version: its text as written, and its value (`None` for `x`/`X`/`*`
/// or a missing part).
#[derive(Debug, Clone, Copy)]
struct Part<'a> {
    raw: &'a str,
    value: Option<u64>,
}

impl Part<'_> {
    const MISSING: Part<'static> = Part {
        raw: "",
        value: None,
    };

    fn is_x(self) -> bool {
        self.value.is_none()
    }

    /// The value plus one (only called on non-`x` parts; at most `MAX_SAFE_INTEGER + 1`).
    fn next(self) -> u64 {
        self.value.unwrap_or(0).saturating_add(1)
    }
}

/// node-semver's `XRANGEPLAINLOOSE`: `[v=]*` then `1`, `1.2`, `1.x`, `1.2.3-pre+build`, `*`, …
#[derive(Debug, Clone, Copy)]
struct Partial<'a> {
    /// The whole text, as written (used verbatim where node-semver does).
    text: &'a str,
    major: Part<'a>,
    minor: Part<'a>,
    patch: Part<'a>,
    pre: Option<&'a str>,
}

fn x_part<'a>(c: &mut Cursor<'a>, what: &str) -> Result<Part<'a>, String> {
    if let Some(b @ (b'x' | b'X' | b'*')) = c.peek() {
        c.at += 1;
        let raw = match b {
            b'x' => "x",
            b'X' => "X",
            _ => "*",
        };
        return Ok(Part { raw, value: None });
    }
    let (raw, n) = number(c, what)?;
    Ok(Part {
        raw,
        value: Some(n),
    })
}

/// Parse `text`, which starts at byte `base` of the token (for error positions).
fn parse_partial(text: &str, base: usize) -> Result<Partial<'_>, String> {
    if text.len() > MAX_LENGTH {
        return Err(format!("version longer than {MAX_LENGTH} characters"));
    }
    let start = skip_v_eq(text);
    let mut c = Cursor::new(start, base + text.len() - start.len());
    let major = x_part(&mut c, "major")?;
    let (mut minor, mut patch, mut pre) = (Part::MISSING, Part::MISSING, None);
    if c.eat(b'.') {
        minor = x_part(&mut c, "minor")?;
        if c.eat(b'.') {
            patch = x_part(&mut c, "patch")?;
            pre = loose_prerelease(&mut c)?;
            build(&mut c)?;
        }
    }
    if !c.done() {
        return Err(c.unexpected("a version, `x` or `*`"));
    }
    Ok(Partial {
        text,
        major,
        minor,
        patch,
        pre,
    })
}

/// node-semver `replaceTilde`: `~1.2.3` → `>=1.2.3 <1.3.0-0`, `~1` → `>=1.0.0 <2.0.0-0`.
fn tilde(p: &Partial<'_>) -> Vec<String> {
    let (maj, min, pat) = (p.major, p.minor, p.patch);
    let (m, n) = (maj.raw, min.raw);
    if maj.is_x() {
        vec![String::new()]
    } else if min.is_x() {
        vec![format!(">={m}.0.0"), format!("<{}.0.0-0", maj.next())]
    } else if pat.is_x() {
        vec![format!(">={m}.{n}.0"), format!("<{m}.{}.0-0", min.next())]
    } else if let Some(pr) = p.pre {
        let lo = format!(">={m}.{n}.{}-{pr}", pat.raw);
        vec![lo, format!("<{m}.{}.0-0", min.next())]
    } else {
        let lo = format!(">={m}.{n}.{}", pat.raw);
        vec![lo, format!("<{m}.{}.0-0", min.next())]
    }
}

/// node-semver `replaceCaret`: `^1.2.3` → `>=1.2.3 <2.0.0-0`, `^0.2.3` → `>=0.2.3 <0.3.0-0`,
/// `^0.0.3` → `>=0.0.3 <0.0.4-0`. "Zero" is the literal text `0`, as in node-semver.
fn caret(p: &Partial<'_>) -> Vec<String> {
    let (maj, min, pat) = (p.major, p.minor, p.patch);
    let (m, n, q) = (maj.raw, min.raw, pat.raw);
    if maj.is_x() {
        return vec![String::new()];
    }
    if min.is_x() {
        return vec![format!(">={m}.0.0"), format!("<{}.0.0-0", maj.next())];
    }
    if pat.is_x() {
        let hi = if m == "0" {
            format!("<{m}.{}.0-0", min.next())
        } else {
            format!("<{}.0.0-0", maj.next())
        };
        return vec![format!(">={m}.{n}.0"), hi];
    }
    let lo = match p.pre {
        Some(pr) => format!(">={m}.{n}.{q}-{pr}"),
        None => format!(">={m}.{n}.{q}"),
    };
    let hi = if m != "0" {
        format!("<{}.0.0-0", maj.next())
    } else if n != "0" {
        format!("<{m}.{}.0-0", min.next())
    } else {
        format!("<{m}.{n}.{}-0", pat.next())
    };
    vec![lo, hi]
}

/// node-semver `replaceXRange` (and `replaceStars`): partial versions and wildcards under an
/// optional `<`/`<=`/`>`/`>=`/`=`; a full version passes through as written. A number after a
/// wildcard (`x.1`, `1.x.2`) is an error, as in node-semver 7.7+ (`invalidXRangeOrder`).
fn x_range(gtlt: &str, p: &Partial<'_>, whole: &str) -> Result<Vec<String>, String> {
    let (maj, min, pat) = (p.major, p.minor, p.patch);
    let present = |part: Part<'_>| !part.raw.is_empty();
    if (maj.is_x() && !min.is_x()) || (min.is_x() && present(pat) && !pat.is_x()) {
        return Err(format!(
            "in `{whole}`: a number cannot follow a wildcard (`x`, `X`, `*`)"
        ));
    }
    let x_major = maj.is_x();
    let xm = x_major || min.is_x();
    let any_x = xm || pat.is_x();
    let gtlt = if gtlt == "=" && any_x { "" } else { gtlt };
    if x_major {
        return Ok(if gtlt == ">" || gtlt == "<" {
            vec!["<0.0.0-0".into()] // nothing is allowed
        } else {
            vec![String::new()] // nothing is forbidden
        });
    }
    let m = maj.raw;
    if !gtlt.is_empty() && any_x {
        let minor_raw = if xm { "0" } else { min.raw };
        return Ok(vec![match gtlt {
            // >1 => >=2.0.0, >1.2 => >=1.3.0
            ">" if xm => format!(">={}.0.0", maj.next()),
            ">" => format!(">={m}.{}.0", min.next()),
            // <=0.7.x is <0.8.0-0, <=7.x is <8.0.0-0
            "<=" if xm => format!("<{}.0.0-0", maj.next()),
            "<=" => format!("<{m}.{}.0-0", min.next()),
            "<" => format!("<{m}.{minor_raw}.0-0"),
            _ => format!("{gtlt}{m}.{minor_raw}.0"),
        }]);
    }
    if xm {
        return Ok(vec![format!(">={m}.0.0"), format!("<{}.0.0-0", maj.next())]);
    }
    if any_x {
        let n = min.raw;
        return Ok(vec![
            format!(">={m}.{n}.0"),
            format!("<{m}.{}.0-0", min.next()),
        ]);
    }
    Ok(vec![whole.to_string()])
}

/// node-semver `hyphenReplace`: `1.2 - 3.4` → `>=1.2.0 <3.5.0-0`, `1.2.3 - 2.3.4` →
/// `>=1.2.3 <=2.3.4`.
fn hyphen(from: &Partial<'_>, to: &Partial<'_>) -> Vec<String> {
    let lo = if from.major.is_x() {
        String::new()
    } else if from.minor.is_x() {
        format!(">={}.0.0", from.major.raw)
    } else if from.patch.is_x() {
        format!(">={}.{}.0", from.major.raw, from.minor.raw)
    } else {
        format!(">={}", from.text)
    };
    let hi = if to.major.is_x() {
        String::new()
    } else if to.minor.is_x() {
        format!("<{}.0.0-0", to.major.next())
    } else if to.patch.is_x() {
        format!("<{}.{}.0-0", to.major.raw, to.minor.next())
    } else if let Some(pr) = to.pre {
        format!("<={}.{}.{}-{pr}", to.major.raw, to.minor.raw, to.patch.raw)
    } else {
        format!("<={}", to.text)
    };
    vec![lo, hi]
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "",
        }
    }
}

/// A desugared comparator: node-semver's `Comparator`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Comp {
    /// `''`: any version.
    Any,
    /// `<op><version>`.
    Rel(Op, NpmVersion),
}

impl Comp {
    /// `<0.0.0-0`, node-semver's "null set" (no version is below it).
    fn is_null(&self) -> bool {
        matches!(self, Comp::Rel(Op::Lt, v) if v.is_min())
    }
}

impl fmt::Display for Comp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Comp::Any => Ok(()),
            Comp::Rel(op, v) => write!(f, "{}{v}", op.as_str()),
        }
    }
}

/// node-semver's `GTLT`, `((?:<|>)?=?)`, split off the front of a comparator.
fn split_gtlt(text: &str) -> (&str, &str) {
    let mut end = usize::from(text.starts_with(['<', '>']));
    if text.get(end..).is_some_and(|s| s.starts_with('=')) {
        end += 1;
    }
    (text.get(..end).unwrap_or(""), text.get(end..).unwrap_or(""))
}

/// node-semver's `new Comparator(text)` (loose): `>=1.2.3`, `1.2.3`, `` (any).
fn parse_comparator(text: &str) -> Result<Comp, String> {
    let (gtlt, version) = split_gtlt(text);
    let op = match gtlt {
        "<" => Op::Lt,
        "<=" => Op::Le,
        ">" => Op::Gt,
        ">=" => Op::Ge,
        _ => Op::Eq,
    };
    let v = parse_loose(version).map_err(|e| format!("invalid comparator `{text}`: {e}"))?;
    Ok(Comp::Rel(op, v))
}

/// Desugar one whitespace-free comparator token (`^1.2`, `~>3.2.1`, `>=1.x`, `1.2.3`) into
/// node-semver comparator texts.
fn desugar_token(token: &str) -> Result<Vec<String>, String> {
    let in_token = |e: String| format!("in `{token}`: {e}");
    if let Some(rest) = token.strip_prefix('^') {
        return Ok(caret(&parse_partial(rest, 1).map_err(in_token)?));
    }
    if let Some(rest) = token.strip_prefix('~') {
        let rest = rest.strip_prefix('>').unwrap_or(rest);
        return Ok(tilde(
            &parse_partial(rest, token.len() - rest.len()).map_err(in_token)?,
        ));
    }
    let (gtlt, rest) = split_gtlt(token);
    x_range(
        gtlt,
        &parse_partial(rest, gtlt.len()).map_err(in_token)?,
        token,
    )
}

/// The operators that may be separated from their version by whitespace (`>= 1.2`, `~ 1.0`,
/// `^ 1`): node-semver's `COMPARATORTRIM`, `TILDETRIM` and `CARETTRIM`.
const DETACHED_OPERATORS: [&str; 8] = ["<", "<=", ">", ">=", "=", "~", "~>", "^"];

/// node-semver's first step on a range alternative: every `+build` suffix is removed
/// (`BUILDSTRIPRE`, `\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*`, anywhere in the text).
fn strip_build(part: &str) -> String {
    let bytes = part.as_bytes();
    let ident_end = |from: usize| {
        let mut j = from;
        while bytes.get(j).copied().is_some_and(is_ident_byte) {
            j += 1;
        }
        j
    };
    let mut out = String::with_capacity(part.len());
    let mut kept = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'+') && bytes.get(i + 1).copied().is_some_and(is_ident_byte) {
            let mut j = ident_end(i + 1);
            while bytes.get(j) == Some(&b'.')
                && bytes.get(j + 1).copied().is_some_and(is_ident_byte)
            {
                j = ident_end(j + 1);
            }
            out.push_str(part.get(kept..i).unwrap_or(""));
            kept = j;
            i = j;
        } else {
            i += 1;
        }
    }
    out.push_str(part.get(kept..).unwrap_or(""));
    out
}

/// One `||` alternative: node-semver's `parseRange`, into a comparator set.
fn parse_and_set(part: &str) -> Result<Vec<Comp>, String> {
    let part = strip_build(part);
    let part = part.as_str();
    let tokens: Vec<&str> = part.split_whitespace().collect();
    let texts: Vec<String> = match tokens.as_slice() {
        [] => vec![String::new()],
        [from, "-", to] => {
            let from =
                parse_partial(from, 0).map_err(|e| format!("in hyphen range `{part}`: {e}"))?;
            let to = parse_partial(to, 0).map_err(|e| format!("in hyphen range `{part}`: {e}"))?;
            let mut out = Vec::new();
            for text in hyphen(&from, &to) {
                if text.is_empty() {
                    out.push(text);
                } else {
                    out.extend(desugar_token(&text)?);
                }
            }
            out
        }
        _ => {
            let mut out = Vec::new();
            let mut i = 0;
            while let Some(&tok) = tokens.get(i) {
                let merged;
                let tok = match tokens.get(i + 1) {
                    Some(next) if DETACHED_OPERATORS.contains(&tok) => {
                        i += 1;
                        merged = format!("{tok}{next}");
                        merged.as_str()
                    }
                    _ => tok,
                };
                out.extend(desugar_token(tok)?);
                i += 1;
            }
            out
        }
    };
    let mut comps = Vec::new();
    for text in &texts {
        if text.is_empty() {
            comps.push(Comp::Any);
            continue;
        }
        for c in text.split_whitespace() {
            // node-semver `replaceGTE0`: `>=0.0.0` is any version.
            comps.push(if c == ">=0.0.0" {
                Comp::Any
            } else {
                parse_comparator(c)?
            });
        }
    }
    if let Some(null) = comps.iter().find(|c| c.is_null()) {
        return Ok(vec![null.clone()]);
    }
    let mut set: Vec<Comp> = Vec::with_capacity(comps.len());
    for c in comps {
        if !set.contains(&c) {
            set.push(c);
        }
    }
    if set.len() > 1 {
        set.retain(|c| *c != Comp::Any);
    }
    Ok(set)
}

/// node-semver's `new Range(text)`: the comparator sets, after its set-level simplifications.
fn desugar(text: &str) -> Result<Vec<Vec<Comp>>, VersionError> {
    let err = |reason: String| VersionError::new(VersionScheme::Npm, text, reason);
    let mut sets = Vec::new();
    for part in text.split("||") {
        sets.push(parse_and_set(part.trim()).map_err(err)?);
    }
    if sets.len() > 1 {
        // Drop null sets unless all are null; then a lone `*` set makes the whole range `*`.
        let first = sets.first().cloned().unwrap_or_default();
        sets.retain(|s| !s.first().is_some_and(Comp::is_null));
        if sets.is_empty() {
            sets.push(first);
        } else if let Some(any) = sets.iter().find(|s| s.as_slice() == [Comp::Any]) {
            sets = vec![any.clone()];
        }
    }
    Ok(sets)
}

/// node-semver's `validRange(text)`: the desugared range as text (`^1.2` → `>=1.2.0 <2.0.0-0`,
/// `1.x || >=2.5` → `>=1.0.0 <2.0.0-0||>=2.5.0`, `*` for any version).
///
/// # Errors
/// [`VersionError`] when the text is not an npm range.
pub fn canonical_requirement(text: &str) -> Result<String, VersionError> {
    let sets = desugar(text)?;
    let joined = sets
        .iter()
        .map(|set| {
            let parts: Vec<String> = set.iter().map(Comp::to_string).collect();
            parts.join(" ").trim().to_string()
        })
        .collect::<Vec<_>>()
        .join("||");
    let joined = joined.trim();
    Ok(if joined.is_empty() { "*" } else { joined }.to_string())
}

/// A bound being tightened, with its parsed version for comparisons.
#[derive(Clone)]
enum Edge {
    Open,
    Inclusive(NpmVersion),
    Exclusive(NpmVersion),
}

impl Edge {
    fn version(&self) -> Option<&NpmVersion> {
        match self {
            Edge::Open => None,
            Edge::Inclusive(v) | Edge::Exclusive(v) => Some(v),
        }
    }

    /// Keep the tighter of two lower (`upper == false`) or upper bounds.
    fn tighten(self, new: Edge, upper: bool) -> Edge {
        let (Some(a), Some(b)) = (self.version(), new.version()) else {
            return if self.version().is_none() { new } else { self };
        };
        let by_version = if upper { b.cmp(a) } else { a.cmp(b) };
        match by_version {
            Ordering::Less => new,
            Ordering::Greater => self,
            Ordering::Equal if matches!(new, Edge::Exclusive(_)) => new,
            Ordering::Equal => self,
        }
    }

    fn into_bound(self) -> Bound {
        match self {
            Edge::Open => Bound::Unbounded,
            Edge::Inclusive(v) => Bound::Inclusive(v.to_string()),
            Edge::Exclusive(v) => Bound::Exclusive(v.to_string()),
        }
    }
}

/// The interval a comparator set describes, or `None` if no version satisfies it.
fn set_interval(set: &[Comp]) -> Option<Interval> {
    let (mut lower, mut upper) = (Edge::Open, Edge::Open);
    for c in set {
        match c {
            Comp::Any => {}
            Comp::Rel(op, v) => {
                let v = v.clone();
                match op {
                    Op::Eq => {
                        lower = lower.tighten(Edge::Inclusive(v.clone()), false);
                        upper = upper.tighten(Edge::Inclusive(v), true);
                    }
                    Op::Ge => lower = lower.tighten(Edge::Inclusive(v), false),
                    Op::Gt => lower = lower.tighten(Edge::Exclusive(v), false),
                    Op::Le => upper = upper.tighten(Edge::Inclusive(v), true),
                    Op::Lt => upper = upper.tighten(Edge::Exclusive(v), true),
                }
            }
        }
    }
    let empty = match (&lower, &upper) {
        (_, Edge::Exclusive(hi)) if hi.is_min() => true,
        (Edge::Inclusive(lo), Edge::Inclusive(hi)) => lo > hi,
        (Edge::Inclusive(lo) | Edge::Exclusive(lo), Edge::Inclusive(hi) | Edge::Exclusive(hi)) => {
            lo >= hi
        }
        _ => false,
    };
    (!empty).then(|| Interval {
        lower: lower.into_bound(),
        upper: upper.into_bound(),
    })
}

/// Parse an npm range (`^1.2 || >=3 <3.4.1`, `1.x`, `1.0 - 2.0`, `<= 1.0`, `*`) into a union of
/// intervals.
///
/// The desugaring is node-semver's, exactly (`Range` with default options): `^1.2.3` →
/// `>=1.2.3 <2.0.0-0`, `~1.2` → `>=1.2.0 <1.3.0-0`, `1.x` → `>=1.0.0 <2.0.0-0`, `<=1.2` →
/// `<1.3.0-0`, `>1` → `>=2.0.0`, `1.2 - 3.4` → `>=1.2.0 <3.5.0-0`, `>=0.0.0` and `*` → any; an
/// empty alternative (`""`, `1.x ||`) means any version, as in node-semver. Versions inside may
/// use the loose spellings [`Npm`] accepts (`>= v2.0.0-alpha8`, `~1.2.3beta`). Bounds are
/// normalised version strings (`2.0.0-0`), parseable by [`Npm`].
///
/// **Pre-releases:** Stella treats the result as plain order intervals, so a pre-release between
/// the bounds *is* in the range: `1.5.0-beta` is in `>=1.0.0 <2.0.0` and `1.2.3-beta` in `<=1.2.3`.
/// npm's install-time rule (a pre-release only satisfies a range naming a pre-release of the same
/// `major.minor.patch`) answers "may npm pick this?", not "is this affected?". The `-0` upper
/// bounds of `^`, `~` and `x` ranges still keep `2.0.0-beta` out of `^1.2.3`.
///
/// An AND-set that no version satisfies (`<0.0.0-0`, `>2 <1`) contributes no interval, so a range
/// matching nothing is an empty [`RangeSet`].
///
/// # Errors
/// [`VersionError`] naming the offending token when any part is not npm range syntax (unlike
/// node-semver's loose mode, nothing is silently dropped).
pub fn parse_requirement(text: &str) -> Result<RangeSet, VersionError> {
    let mut intervals: Vec<Interval> = Vec::new();
    for set in desugar(text)? {
        if let Some(interval) = set_interval(&set)
            && !intervals.contains(&interval)
        {
            intervals.push(interval);
        }
    }
    Ok(RangeSet { intervals })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> NpmVersion {
        Npm::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Test-only membership under Stella's plain-order interval rule (the real evaluator lives
    /// in `range.rs`).
    fn contains(set: &RangeSet, version: &str) -> bool {
        let v = p(version);
        let above = |b: &Bound| match b {
            Bound::Unbounded => true,
            Bound::Inclusive(s) => v >= p(s),
            Bound::Exclusive(s) => v > p(s),
        };
        let below = |b: &Bound| match b {
            Bound::Unbounded => true,
            Bound::Inclusive(s) => v <= p(s),
            Bound::Exclusive(s) => v < p(s),
        };
        set.intervals
            .iter()
            .any(|i| above(&i.lower) && below(&i.upper))
    }

    fn range(s: &str) -> RangeSet {
        parse_requirement(s).unwrap_or_else(|e| panic!("{e}"))
    }

    /// npm/node-semver `test/fixtures/comparisons.js`: `(v1, v2)` with v1 > v2.
    const COMPARISONS: &[(&str, &str)] = &[
        ("0.0.0", "0.0.0-foo"),
        ("0.0.1", "0.0.0"),
        ("1.0.0", "0.9.9"),
        ("0.10.0", "0.9.0"),
        ("0.99.0", "0.10.0"),
        ("2.0.0", "1.2.3"),
        ("v0.0.0", "0.0.0-foo"),
        ("v0.0.1", "0.0.0"),
        ("v1.0.0", "0.9.9"),
        ("v0.10.0", "0.9.0"),
        ("v0.99.0", "0.10.0"),
        ("v2.0.0", "1.2.3"),
        ("0.0.0", "v0.0.0-foo"),
        ("0.0.1", "v0.0.0"),
        ("1.0.0", "v0.9.9"),
        ("0.10.0", "v0.9.0"),
        ("0.99.0", "v0.10.0"),
        ("2.0.0", "v1.2.3"),
        ("1.2.3", "1.2.3-asdf"),
        ("1.2.3", "1.2.3-4"),
        ("1.2.3", "1.2.3-4-foo"),
        ("1.2.3-5-foo", "1.2.3-5"), // "5-foo" is alphanumeric: above numeric "5"
        ("1.2.3-5", "1.2.3-4"),
        ("1.2.3-5-foo", "1.2.3-5-Foo"), // ASCII: lowercase above uppercase
        ("3.0.0", "2.7.2+asdf"),
        ("1.2.3-a.10", "1.2.3-a.5"), // numeric identifiers by value
        ("1.2.3-a.b", "1.2.3-a.5"),  // alphanumeric above numeric
        ("1.2.3-a.b", "1.2.3-a"),    // longer list above its prefix
        ("1.2.3-a.b.c.10.d.5", "1.2.3-a.b.c.5.d.100"),
        ("1.2.3-r2", "1.2.3-r100"), // one alphanumeric identifier: ASCII, "r2" > "r100"
        ("1.2.3-r100", "1.2.3-R2"),
    ];

    /// npm/node-semver `test/fixtures/equality.js` and `compare-loose.js`: equal pairs (loose).
    const EQUALITY: &[(&str, &str)] = &[
        ("1.2.3", "v1.2.3"),
        ("1.2.3", "=1.2.3"),
        ("1.2.3", "v 1.2.3"),
        ("1.2.3", "= 1.2.3"),
        ("1.2.3", " v1.2.3"),
        ("1.2.3", " =1.2.3"),
        ("1.2.3", " v 1.2.3"),
        ("1.2.3", " = 1.2.3"),
        ("1.2.3-0", "v1.2.3-0"),
        ("1.2.3-0", "=1.2.3-0"),
        ("1.2.3-0", "v 1.2.3-0"),
        ("1.2.3-0", "= 1.2.3-0"),
        ("1.2.3-0", " v1.2.3-0"),
        ("1.2.3-0", " =1.2.3-0"),
        ("1.2.3-0", " v 1.2.3-0"),
        ("1.2.3-0", " = 1.2.3-0"),
        ("1.2.3-1", "v1.2.3-1"),
        ("1.2.3-1", "=1.2.3-1"),
        ("1.2.3-1", "v 1.2.3-1"),
        ("1.2.3-1", "= 1.2.3-1"),
        ("1.2.3-1", " v1.2.3-1"),
        ("1.2.3-1", " =1.2.3-1"),
        ("1.2.3-1", " v 1.2.3-1"),
        ("1.2.3-1", " = 1.2.3-1"),
        ("1.2.3-beta", "v1.2.3-beta"),
        ("1.2.3-beta", "=1.2.3-beta"),
        ("1.2.3-beta", "v 1.2.3-beta"),
        ("1.2.3-beta", "= 1.2.3-beta"),
        ("1.2.3-beta", " v1.2.3-beta"),
        ("1.2.3-beta", " =1.2.3-beta"),
        ("1.2.3-beta", " v 1.2.3-beta"),
        ("1.2.3-beta", " = 1.2.3-beta"),
        ("1.2.3-beta+build", " = 1.2.3-beta+otherbuild"), // build metadata ignored
        ("1.2.3+build", " = 1.2.3+otherbuild"),
        ("1.2.3-beta+build", "1.2.3-beta+otherbuild"),
        ("1.2.3+build", "1.2.3+otherbuild"),
        ("  v1.2.3+build", "1.2.3+otherbuild"),
        // compare-loose.js
        ("=1.2.3", "1.2.3"),
        ("01.02.03", "1.2.3"),             // leading zeros (loose)
        ("1.2.3-beta.01", "1.2.3-beta.1"), // numeric identifiers by value
        ("   =1.2.3", "1.2.3"),
        ("1.2.3foo", "1.2.3-foo"), // pre-release without hyphen (loose)
    ];

    #[test]
    fn node_semver_comparisons() {
        for (a, b) in COMPARISONS {
            assert_eq!(p(a).cmp(&p(b)), Ordering::Greater, "{a} > {b}");
            assert_eq!(p(b).cmp(&p(a)), Ordering::Less, "{b} < {a}");
            assert_ne!(p(a), p(b));
        }
        for (a, b) in EQUALITY {
            assert_eq!(p(a).cmp(&p(b)), Ordering::Equal, "{a} == {b}");
            assert_eq!(p(a), p(b));
        }
        assert_eq!(COMPARISONS.len() + EQUALITY.len(), 31 + 42);
    }

    #[test]
    fn display_is_node_semver_version() {
        assert_eq!(p(" =v01.02.03-beta.01+b.2").to_string(), "1.2.3-beta.1");
        assert_eq!(p("1.2.3foo").to_string(), "1.2.3-foo");
        assert_eq!(p("1.2.3+b.2").build(), ["b", "2"]);
        assert_eq!(
            (p("4.5.6").major(), p("4.5.6").minor(), p("4.5.6").patch()),
            (4, 5, 6)
        );
        assert!(p("1.2.3-0").is_prerelease());
        // node-semver's loose regex reads a dangling hyphen as the identifier "-".
        assert_eq!(p("1.2.3-").to_string(), "1.2.3--");
    }

    #[test]
    fn invalid_versions() {
        // npm/node-semver `test/fixtures/invalid-versions.js`, plus junk.
        let long = format!("{}.0.0", "1".repeat(MAX_LENGTH - 1));
        let cases: Vec<(String, &str)> = vec![
            (long, "longer than 256"),
            (format!("{MAX_SAFE_INTEGER}0.0.0"), "larger than"),
            (format!("0.{MAX_SAFE_INTEGER}0.0"), "larger than"),
            (format!("0.0.{MAX_SAFE_INTEGER}0"), "larger than"),
            ("hello, world".into(), "unexpected 'h'"),
            ("xyz".into(), "unexpected 'x'"),
            (String::new(), "empty"),
            ("   ".into(), "empty"),
            ("v".into(), "empty"),
            ("1.2".into(), "three numbers"),
            ("1".into(), "three numbers"),
            ("1.2.3.4".into(), "unexpected '.'"), // 4 parts (node-semver 7 rejects "1.2.3.foo" too)
            ("1.2.3-a..b".into(), "pre-release identifier"),
            ("1.2.3+".into(), "build identifier"),
            ("1.2.3 4".into(), "unexpected ' '"),
            ("1.2.3\0".into(), "unexpected '\\0'"),
            ("1.2.3-é".into(), "unexpected 'é'"),
            (">=1.2.3".into(), "unexpected '>'"),
            ("^1.2.3".into(), "unexpected '^'"),
            ("1.x.0".into(), "unexpected 'x'"),
        ];
        for (s, why) in &cases {
            let e = Npm::parse(s).expect_err(s);
            assert!(e.reason.contains(why), "{s:?}: {}", e.reason);
        }
        // Positions count from the text as written.
        let e = Npm::parse(" v1.2.3.4").unwrap_err();
        assert_eq!(
            e.reason,
            "unexpected '.' at byte 7, expected `-` pre-release, `+` build or the end"
        );
        let e = parse_requirement(">=v1.2.x.4").unwrap_err();
        assert!(
            e.reason.contains("unexpected '.' at byte 8"),
            "{}",
            e.reason
        );
        // The largest safe number is fine.
        assert!(Npm::parse(&format!("{MAX_SAFE_INTEGER}.0.0")).is_ok());
    }

    #[test]
    fn junk_never_panics() {
        for s in [
            "9".repeat(10_000),
            "1.".repeat(5_000),
            "||".repeat(5_000),
            " - ".repeat(3_000),
            "^~>=<*x".repeat(1_000),
            "\u{0}\u{1}\u{2}\u{7f}".into(),
            "1.2.3 - ".into(),
            "- 1.2.3".into(),
            ">=".into(),
            "~".into(),
            "^".into(),
        ] {
            assert!(Npm::parse(&s).is_err(), "{s:.20}");
            let _ = parse_requirement(&s);
        }
        assert!(parse_requirement(&"9".repeat(10_000)).is_err());
        assert!(parse_requirement(&format!(">={}", "1.".repeat(5_000))).is_err());
    }

    /// npm/node-semver `test/fixtures/range-parse.js`: `(range, validRange())` for the default
    /// options. Left out: the `{ includePrerelease: true }` rows (a different desugaring, not
    /// npm's default) and `['>01.02.03', null]` / `['~1.2.3beta', null]`, which are only invalid
    /// in strict mode — we read versions loosely and expect the loose rows' results.
    const RANGE_PARSE: &[(&str, &str)] = &[
        ("1.0.0 - 2.0.0", ">=1.0.0 <=2.0.0"),
        ("1 - 2", ">=1.0.0 <3.0.0-0"),
        ("1.0 - 2.0", ">=1.0.0 <2.1.0-0"),
        ("1.0.0", "1.0.0"),
        (">=*", "*"),
        ("", "*"),
        ("*", "*"),
        (">=1.0.0", ">=1.0.0"),
        (">1.0.0", ">1.0.0"),
        ("<=2.0.0", "<=2.0.0"),
        ("1", ">=1.0.0 <2.0.0-0"),
        ("<2.0.0", "<2.0.0"),
        (">= 1.0.0", ">=1.0.0"),
        (">=  1.0.0", ">=1.0.0"),
        (">=   1.0.0", ">=1.0.0"),
        ("> 1.0.0", ">1.0.0"),
        (">  1.0.0", ">1.0.0"),
        ("<=   2.0.0", "<=2.0.0"),
        ("<= 2.0.0", "<=2.0.0"),
        ("<=  2.0.0", "<=2.0.0"),
        ("<    2.0.0", "<2.0.0"),
        ("<\t2.0.0", "<2.0.0"),
        (">=0.1.97", ">=0.1.97"),
        ("0.1.20 || 1.2.4", "0.1.20||1.2.4"),
        (">=0.2.3 || <0.0.1", ">=0.2.3||<0.0.1"),
        ("||", "*"),
        ("2.x.x", ">=2.0.0 <3.0.0-0"),
        ("1.2.x", ">=1.2.0 <1.3.0-0"),
        ("1.2.x || 2.x", ">=1.2.0 <1.3.0-0||>=2.0.0 <3.0.0-0"),
        ("x", "*"),
        ("2.*.*", ">=2.0.0 <3.0.0-0"),
        ("1.2.*", ">=1.2.0 <1.3.0-0"),
        ("1.2.* || 2.*", ">=1.2.0 <1.3.0-0||>=2.0.0 <3.0.0-0"),
        ("2", ">=2.0.0 <3.0.0-0"),
        ("2.3", ">=2.3.0 <2.4.0-0"),
        ("~2.4", ">=2.4.0 <2.5.0-0"),
        ("~>3.2.1", ">=3.2.1 <3.3.0-0"),
        ("~1", ">=1.0.0 <2.0.0-0"),
        ("~>1", ">=1.0.0 <2.0.0-0"),
        ("~> 1", ">=1.0.0 <2.0.0-0"),
        ("~1.0", ">=1.0.0 <1.1.0-0"),
        ("~ 1.0", ">=1.0.0 <1.1.0-0"),
        ("^0", "<1.0.0-0"), // `>=0.0.0` is dropped as "any"
        ("^ 1", ">=1.0.0 <2.0.0-0"),
        ("^0.1", ">=0.1.0 <0.2.0-0"),
        ("^1.0", ">=1.0.0 <2.0.0-0"),
        ("^1.2", ">=1.2.0 <2.0.0-0"),
        ("^0.0.1", ">=0.0.1 <0.0.2-0"),
        ("^0.0.1-beta", ">=0.0.1-beta <0.0.2-0"),
        ("^0.1.2", ">=0.1.2 <0.2.0-0"),
        ("^1.2.3", ">=1.2.3 <2.0.0-0"),
        ("^1.2.3-beta.4", ">=1.2.3-beta.4 <2.0.0-0"),
        ("<1", "<1.0.0-0"),
        ("< 1", "<1.0.0-0"),
        (">=1", ">=1.0.0"),
        (">= 1", ">=1.0.0"),
        ("<1.2", "<1.2.0-0"),
        ("< 1.2", "<1.2.0-0"),
        (">01.02.03", ">1.2.3"),                   // loose row
        ("~1.2.3beta", ">=1.2.3-beta <1.3.0-0"),   // loose row
        ("^ 1.2 ^ 1", ">=1.2.0 <2.0.0-0 >=1.0.0"), // the shared `<2.0.0-0` appears once
        ("1.2 - 3.4.5", ">=1.2.0 <=3.4.5"),
        ("1.2.3 - 3.4", ">=1.2.3 <3.5.0-0"),
        ("1.2 - 3.4", ">=1.2.0 <3.5.0-0"),
        (">1", ">=2.0.0"),
        (">1.2", ">=1.3.0"),
        (">X", "<0.0.0-0"), // nothing is above every version
        ("<X", "<0.0.0-0"),
        ("<x <* || >* 2.x", "<0.0.0-0"), // all alternatives null: the first is kept
        (">x 2.x || * || <x", "*"),      // one alternative is `*`: the range is `*`
        // npm/node-semver `test/fixtures/range-loose.js`.
        (">=01.02.03", ">=1.2.3"),
        ("~1.02.03beta", ">=1.2.3-beta <1.3.0-0"),
    ];

    #[test]
    fn node_semver_range_parse() {
        for (input, want) in RANGE_PARSE {
            let got = canonical_requirement(input).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(got, *want, "{input:?}");
        }
    }

    /// `core/testdata/version/node-semver-7.8.5-ranges.jsonl`: random ranges with node-semver
    /// 7.8.5's `validRange` (loose), or `null` where it rejects them or only accepts them by
    /// dropping a comparator (which we refuse).
    #[test]
    fn node_semver_7_8_5_outputs() {
        let lines = include_str!("../../testdata/version/node-semver-7.8.5-ranges.jsonl");
        let (mut same, mut errors) = (0, 0);
        for line in lines.lines() {
            let (input, want): (String, Option<String>) = serde_json::from_str(line).unwrap();
            match (canonical_requirement(&input), want) {
                (Ok(got), Some(want)) => {
                    assert_eq!(got, want, "{input:?}");
                    same += 1;
                }
                (Err(_), None) => errors += 1,
                (got, want) => panic!("{input:?}: ours {got:?}, node-semver {want:?}"),
            }
        }
        assert_eq!((same, errors), (250, 60));
    }

    /// Behaviour of node-semver 7.8.5 (npm's) beyond the fixtures, checked with
    /// `new Range(r, { loose: true }).range`.
    const NODE_7_8_5: &[(&str, &str)] = &[
        ("1.2+build", ">=1.2.0 <1.3.0-0"), // build metadata is stripped first, anywhere
        (">=1.2.3 +foo", ">=1.2.3"),
        ("1.2.3 - 2.3.4+x", ">=1.2.3 <=2.3.4"),
        (">=00.0.0", ">=0.0.0"), // only the literal `>=0.0.0` means "any"
        ("^00.1.2", ">=0.1.2 <1.0.0-0"), // `^0.x` rules need the literal `0`
        ("^0.0.0", "<0.0.1-0"),
        ("~0.0.0", "<0.1.0-0"),
        ("1.2.3-+b", "1.2.3--"), // a dangling hyphen is the identifier `-`
        ("x.x.x-pre", "*"),
        (">= 0.0.0", "*"),
    ];

    #[test]
    fn node_semver_7_8_5_details() {
        for (input, want) in NODE_7_8_5 {
            assert_eq!(canonical_requirement(input).unwrap(), *want, "{input:?}");
        }
    }

    #[test]
    fn range_errors_name_the_token() {
        let cases: &[(&str, &str)] = &[
            ("x.1", "cannot follow a wildcard"), // node-semver 7.7+ `invalidXRangeOrder`
            ("1.x.2", "cannot follow a wildcard"),
            ("<=1.*.1", "cannot follow a wildcard"),
            ("<1.0.0 || garbage", "in `garbage`"), // loose node-semver would drop it
            (">=1.2.3<2", "in `>=1.2.3<2`"),
            ("1.2.3.4", "in `1.2.3.4`"),
            ("1.0.0 - 2.0.0 >=1.5", "in `-`"), // a hyphen range must be the whole set
            ("1.2.3 -", "in `-`"),
            ("- 1.2.3", "in `-`"),
            ("1.2.3 - 2 - 3", "in `-`"),
            ("^1.2.3 - 2", "in hyphen range"), // loose node-semver drops the `-`
            ("x - y", "in hyphen range"),
            ("~", "in `~`"),
            ("^", "in `^`"),
            (">=", "in `>=`"),
            ("|", "in `|`"),
            ("1 | 2", "in `|`"),
            ("~1.2.3 && 2", "in `&&`"),
            ("<=99999999999999999.0.0", "larger than"),
            ("^9007199254740991", "larger than"), // the upper bound would be MAX_SAFE + 1
        ];
        for (input, why) in cases {
            let e = parse_requirement(input).expect_err(input);
            assert!(e.reason.contains(why), "{input:?}: {}", e.reason);
            assert_eq!(e.input, *input);
            assert_eq!(e.scheme, VersionScheme::Npm);
        }
    }

    /// npm/node-semver `test/fixtures/range-include.js`: `(range, version)` that satisfy. Rows
    /// with `{ includePrerelease: true }` are marked: node-semver desugars those differently,
    /// so one of them (`2.x` ∌ `2.0.0-pre.0`) is not included with the default desugaring.
    const RANGE_INCLUDE: &[(&str, &str)] = &[
        ("1.0.0 - 2.0.0", "1.2.3"),
        ("^1.2.3+build", "1.2.3"),
        ("^1.2.3+build", "1.3.0"),
        ("1.2.3-pre+asdf - 2.4.3-pre+asdf", "1.2.3"),
        ("1.2.3pre+asdf - 2.4.3-pre+asdf", "1.2.3"),
        ("1.2.3-pre+asdf - 2.4.3pre+asdf", "1.2.3"),
        ("1.2.3pre+asdf - 2.4.3pre+asdf", "1.2.3"),
        ("1.2.3-pre+asdf - 2.4.3-pre+asdf", "1.2.3-pre.2"),
        ("1.2.3-pre+asdf - 2.4.3-pre+asdf", "2.4.3-alpha"),
        ("1.2.3+asdf - 2.4.3+asdf", "1.2.3"),
        ("1.0.0", "1.0.0"),
        (">=*", "0.2.4"),
        ("", "1.0.0"),
        ("*", "1.2.3"),
        ("*", "v1.2.3"),
        (">=1.0.0", "1.0.0"),
        (">=1.0.0", "1.0.1"),
        (">=1.0.0", "1.1.0"),
        (">1.0.0", "1.0.1"),
        (">1.0.0", "1.1.0"),
        ("<=2.0.0", "2.0.0"),
        ("<=2.0.0", "1.9999.9999"),
        ("<=2.0.0", "0.2.9"),
        ("<2.0.0", "1.9999.9999"),
        ("<2.0.0", "0.2.9"),
        (">= 1.0.0", "1.0.0"),
        (">=  1.0.0", "1.0.1"),
        (">=   1.0.0", "1.1.0"),
        ("> 1.0.0", "1.0.1"),
        (">  1.0.0", "1.1.0"),
        ("<=   2.0.0", "2.0.0"),
        ("<= 2.0.0", "1.9999.9999"),
        ("<=  2.0.0", "0.2.9"),
        ("<    2.0.0", "1.9999.9999"),
        ("<\t2.0.0", "0.2.9"),
        (">=0.1.97", "v0.1.97"),
        (">=0.1.97", "0.1.97"),
        ("0.1.20 || 1.2.4", "1.2.4"),
        (">=0.2.3 || <0.0.1", "0.0.0"),
        (">=0.2.3 || <0.0.1", "0.2.3"),
        (">=0.2.3 || <0.0.1", "0.2.4"),
        ("||", "1.3.4"),
        ("2.x.x", "2.1.3"),
        ("1.2.x", "1.2.3"),
        ("1.2.x || 2.x", "2.1.3"),
        ("1.2.x || 2.x", "1.2.3"),
        ("x", "1.2.3"),
        ("2.*.*", "2.1.3"),
        ("1.2.*", "1.2.3"),
        ("1.2.* || 2.*", "2.1.3"),
        ("1.2.* || 2.*", "1.2.3"),
        ("*", "1.2.3"),
        ("2", "2.1.2"),
        ("2.3", "2.3.1"),
        ("~0.0.1", "0.0.1"),
        ("~0.0.1", "0.0.2"),
        ("~x", "0.0.9"),
        ("~2", "2.0.9"),
        ("~2.4", "2.4.0"),
        ("~2.4", "2.4.5"),
        ("~>3.2.1", "3.2.2"),
        ("~1", "1.2.3"),
        ("~>1", "1.2.3"),
        ("~> 1", "1.2.3"),
        ("~1.0", "1.0.2"),
        ("~ 1.0", "1.0.2"),
        ("~ 1.0.3", "1.0.12"),
        ("~ 1.0.3alpha", "1.0.12"),
        (">=1", "1.0.0"),
        (">= 1", "1.0.0"),
        ("<1.2", "1.1.1"),
        ("< 1.2", "1.1.1"),
        ("~v0.5.4-pre", "0.5.5"),
        ("~v0.5.4-pre", "0.5.4"),
        ("=0.7.x", "0.7.2"),
        ("<=0.7.x", "0.7.2"),
        (">=0.7.x", "0.7.2"),
        ("<=0.7.x", "0.6.2"),
        ("~1.2.1 >=1.2.3", "1.2.3"),
        ("~1.2.1 =1.2.3", "1.2.3"),
        ("~1.2.1 1.2.3", "1.2.3"),
        ("~1.2.1 >=1.2.3 1.2.3", "1.2.3"),
        ("~1.2.1 1.2.3 >=1.2.3", "1.2.3"),
        (">=1.2.1 1.2.3", "1.2.3"),
        ("1.2.3 >=1.2.1", "1.2.3"),
        (">=1.2.3 >=1.2.1", "1.2.3"),
        (">=1.2.1 >=1.2.3", "1.2.3"),
        (">=1.2", "1.2.8"),
        ("^1.2.3", "1.8.1"),
        ("^0.1.2", "0.1.2"),
        ("^0.1", "0.1.2"),
        ("^0.0.1", "0.0.1"),
        ("^1.2", "1.4.2"),
        ("^1.2 ^1", "1.4.2"),
        ("^1.2.3-alpha", "1.2.3-pre"),
        ("^1.2.0-alpha", "1.2.0-pre"),
        ("^0.0.1-alpha", "0.0.1-beta"),
        ("^0.0.1-alpha", "0.0.1"),
        ("^0.1.1-alpha", "0.1.1-beta"),
        ("^x", "1.2.3"),
        ("x - 1.0.0", "0.9.7"),
        ("x - 1.x", "0.9.7"),
        ("1.0.0 - x", "1.9.7"),
        ("1.x - x", "1.9.7"),
        ("<=7.x", "7.9.9"),
        // { includePrerelease: true } rows that plain order also includes.
        ("2.x", "2.1.0-pre.0"),
        ("*", "1.0.0-rc1"),
        ("^1.0.0-0", "1.0.1-rc1"),
        ("^1.0.0-rc2", "1.0.1-rc1"),
        ("^1.0.0", "1.0.1-rc1"),
        ("^1.0.0", "1.1.0-rc1"),
    ];

    /// npm/node-semver `test/fixtures/range-exclude.js`: `(range, version)` that do not satisfy.
    /// Left out: rows with non-versions (`not a version`, `glorp`, `false`), and four rows that
    /// npm excludes only by its install-time pre-release rule, which plain order includes (see
    /// [`PRERELEASE_RULE_ROWS`]).
    const RANGE_EXCLUDE: &[(&str, &str)] = &[
        ("1.0.0 - 2.0.0", "2.2.3"),
        ("1.2.3+asdf - 2.4.3+asdf", "1.2.3-pre.2"),
        ("^1.2.3+build", "2.0.0"),
        ("^1.2.3+build", "1.2.0"),
        ("^1.2.3", "1.2.3-pre"),
        ("^1.2", "1.2.0-pre"),
        (">1.2", "1.3.0-beta"),
        ("^1.2.3", "1.2.3-beta"),
        ("=0.7.x", "0.7.0-asdf"),
        (">=0.7.x", "0.7.0-asdf"),
        ("1", "1.0.0beta"),
        ("<1", "1.0.0beta"),
        ("< 1", "1.0.0beta"),
        ("1.0.0", "1.0.1"),
        (">=1.0.0", "0.0.0"),
        (">=1.0.0", "0.0.1"),
        (">=1.0.0", "0.1.0"),
        (">1.0.0", "0.0.1"),
        (">1.0.0", "0.1.0"),
        ("<=2.0.0", "3.0.0"),
        ("<=2.0.0", "2.9999.9999"),
        ("<=2.0.0", "2.2.9"),
        ("<2.0.0", "2.9999.9999"),
        ("<2.0.0", "2.2.9"),
        (">=0.1.97", "v0.1.93"),
        (">=0.1.97", "0.1.93"),
        ("0.1.20 || 1.2.4", "1.2.3"),
        (">=0.2.3 || <0.0.1", "0.0.3"),
        (">=0.2.3 || <0.0.1", "0.2.2"),
        ("2.x.x", "1.1.3"),
        ("2.x.x", "3.1.3"),
        ("1.2.x", "1.3.3"),
        ("1.2.x || 2.x", "3.1.3"),
        ("1.2.x || 2.x", "1.1.3"),
        ("2.*.*", "1.1.3"),
        ("2.*.*", "3.1.3"),
        ("1.2.*", "1.3.3"),
        ("1.2.* || 2.*", "3.1.3"),
        ("1.2.* || 2.*", "1.1.3"),
        ("2", "1.1.2"),
        ("2.3", "2.4.1"),
        ("~0.0.1", "0.1.0-alpha"),
        ("~0.0.1", "0.1.0"),
        ("~2.4", "2.5.0"),
        ("~2.4", "2.3.9"),
        ("~>3.2.1", "3.3.2"),
        ("~>3.2.1", "3.2.0"),
        ("~1", "0.2.3"),
        ("~>1", "2.2.3"),
        ("~1.0", "1.1.0"),
        ("<1", "1.0.0"),
        (">=1.2", "1.1.1"),
        ("1", "2.0.0beta"),
        ("~v0.5.4-beta", "0.5.4-alpha"),
        ("=0.7.x", "0.8.2"),
        (">=0.7.x", "0.6.2"),
        ("<0.7.x", "0.7.2"),
        ("=1.2.3", "1.2.3-beta"),
        (">1.2", "1.2.8"),
        ("^0.0.1", "0.0.2-alpha"),
        ("^0.0.1", "0.0.2"),
        ("^1.2.3", "2.0.0-alpha"),
        ("^1.2.3", "1.2.2"),
        ("^1.2", "1.1.9"),
        ("2.x", "3.0.0-pre.0"),
        ("^1.0.0", "1.0.0-rc1"),
        ("^1.2.3-rc2", "2.0.0"),
        ("^1.0.0", "2.0.0-rc1"),
    ];

    /// range-exclude.js rows excluded by npm only because of its install-time pre-release rule:
    /// under Stella's plain-order intervals they are in the range.
    const PRERELEASE_RULE_ROWS: &[(&str, &str)] = &[
        ("1.2.3+asdf - 2.4.3+asdf", "2.4.3-alpha"), // <=2.4.3
        ("<=1.2.3", "1.2.3-beta"),
        ("<1.2.3", "1.2.3-beta"),
        ("*", "v1.2.3-foo"),
    ];

    #[test]
    fn node_semver_range_include_exclude() {
        for (r, v) in RANGE_INCLUDE.iter().chain(PRERELEASE_RULE_ROWS) {
            assert!(contains(&range(r), v), "{v} in {r:?}");
        }
        for (r, v) in RANGE_EXCLUDE {
            assert!(!contains(&range(r), v), "{v} not in {r:?}");
        }
        // includePrerelease-only row: with npm's default desugaring `2.x` starts at 2.0.0.
        assert!(!contains(&range("2.x"), "2.0.0-pre.0"));
        assert_eq!(
            RANGE_INCLUDE.len() + RANGE_EXCLUDE.len() + PRERELEASE_RULE_ROWS.len(),
            111 + 68 + 4
        );
    }

    #[test]
    fn intervals_have_normalised_bounds() {
        let i = |lo: Bound, hi: Bound| Interval {
            lower: lo,
            upper: hi,
        };
        let inc = |s: &str| Bound::Inclusive(s.into());
        let exc = |s: &str| Bound::Exclusive(s.into());
        let cases: Vec<(&str, Vec<Interval>)> = vec![
            ("^1.2.3", vec![i(inc("1.2.3"), exc("2.0.0-0"))]),
            ("1.2.3", vec![i(inc("1.2.3"), inc("1.2.3"))]),
            ("=v1.2.3+build", vec![i(inc("1.2.3"), inc("1.2.3"))]),
            ("*", vec![i(Bound::Unbounded, Bound::Unbounded)]),
            ("<=1.0", vec![i(Bound::Unbounded, exc("1.1.0-0"))]),
            (">1.0.0", vec![i(exc("1.0.0"), Bound::Unbounded)]),
            // AND of several bounds keeps the tightest on each side.
            (
                ">=1.0.0 >1.0.0 <3.0.0 <=2.0.0",
                vec![i(exc("1.0.0"), inc("2.0.0"))],
            ),
            (">=1.2.3 <=1.2.3", vec![i(inc("1.2.3"), inc("1.2.3"))]),
            // Unsatisfiable sets contribute nothing; a range of only those is empty.
            (">2.0.0 <1.0.0", vec![]),
            (">=1.2.3 <1.2.3", vec![]),
            ("<0.0.0-0", vec![]),
            ("<0.0.0-0 || 1.0.0", vec![i(inc("1.0.0"), inc("1.0.0"))]),
            // Duplicate alternatives are listed once.
            (
                "1.x || >=1.0.0 <2.0.0-0",
                vec![i(inc("1.0.0"), exc("2.0.0-0"))],
            ),
            // nodejs-security-wg: "no patch exists" — `<0.0.0` still holds 0.0.0's pre-releases.
            ("<0.0.0", vec![i(Bound::Unbounded, exc("0.0.0"))]),
        ];
        for (input, want) in cases {
            assert_eq!(range(input).intervals, want, "{input:?}");
        }
    }

    /// nodejs/security-wg ranges and the expectations in /work/shared/data/GROUND_TRUTH.json.
    #[test]
    fn nodejs_security_wg_ground_truth() {
        let cases: &[(&str, &str, bool)] = &[
            // NSWG-ECO-135 sanitize-html: `<=` is inclusive.
            ("<=1.4.2", "1.4.2", true),
            (">=1.4.3", "1.4.2", false),
            // NSWG-ECO-154 / -155, same SBOM.
            ("<=1.11.1", "1.4.2", true),
            ("<=1.2.2", "1.4.2", false),
            // NSWG-ECO-516 lodash: space is AND, upper bound exclusive.
            (">=4.17.15 <4.17.19", "4.17.19", false),
            (">=4.17.15 <4.17.19", "4.17.15", true),
            (">=4.17.15 <4.17.19", "2.4.2", false),
            // NSWG-ECO-8 express: `||`, a space after `>=`, two-part versions.
            ("<3.11 || >= 4 <4.5", "4.17.1", false),
            ("<3.11 || >= 4 <4.5", "3.10.9", true),
            ("<3.11 || >= 4 <4.5", "4.4.9", true),
            ("<3.11 || >= 4 <4.5", "3.11.0", false),
            (">=3.11 <4 || >=4.5", "4.17.1", true),
            // NSWG-ECO-17 jsonwebtoken.
            ("<4.2.2", "0.4.0", true),
            ("<4.2.2", "0.1.0", true),
            // 137 records: everything is affected, nothing is patched.
            ("<=99.999.99999", "4.17.21", true),
            ("<0.0.0", "0.0.1", false),
            // Pre-releases and `v` in advisory bounds.
            ("<=v2.0.0-alpha7", "2.0.0-alpha10", true), // "alpha10" < "alpha7" in ASCII
            (">=v2.0.0-alpha8", "2.0.0-alpha8", true),
            (">= 0.2.0 <= 0.9.6 || ~0.8.0-pre", "0.8.0-pre", true),
            (">= 2.2.x", "2.2.0", true),
            (">= 1.x", "0.9.0", false),
            ("<= 10", "10.24.1", true), // core: `<= 10` is `<11.0.0-0`
            ("9.7.x || 10.x", "9.8.0", false),
            ("<1.6.5 || < 2.1.7 > 2.0.0", "2.1.0", true),
            ("2.1.0-M1 || 2.1.0-M2", "2.1.0-M2", true),
            ("^5.10.0 || 4.4.2", "4.4.2", true),
        ];
        for (r, v, want) in cases {
            assert_eq!(contains(&range(r), v), *want, "{v} in {r:?}");
        }
    }

    /// Every range string in nodejs/security-wg (`vuln/npm` `vulnerable_versions` and
    /// `patched_versions`, `vuln/core` `vulnerable` and `patched`): the committed list, which runs
    /// everywhere, and the archive in /work/shared when present.
    #[test]
    fn nodejs_security_wg_ranges_all_parse() {
        let listed = include_str!("../../testdata/version/nodejs-security-wg-ranges.txt");
        let mut n = 0;
        for line in listed
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (_, r) = line.split_once('\t').expect("tab-separated");
            parse_requirement(r).unwrap_or_else(|e| panic!("{line}: {e}"));
            n += 1;
        }
        assert_eq!(n, 628);

        let path = "/work/shared/data/nodejs-security-wg/nodejs-security-wg-vuln.tar.gz";
        let Some(records) = super::super::semver::testdata::json_members(path) else {
            return;
        };
        let (mut total, mut nulls, mut failures) = (0, 0, Vec::new());
        let mut distinct = std::collections::BTreeSet::new();
        for (name, rec) in &records {
            if name.ends_with("index.json") {
                continue;
            }
            for field in [
                "vulnerable_versions",
                "patched_versions",
                "vulnerable",
                "patched",
            ] {
                match rec.get(field) {
                    Some(serde_json::Value::String(r)) => {
                        total += 1;
                        distinct.insert(r.clone());
                        if let Err(e) = parse_requirement(r) {
                            failures.push(format!("{name} {field}: {e}"));
                        }
                    }
                    Some(serde_json::Value::Null) => nulls += 1,
                    _ => {}
                }
            }
        }
        eprintln!(
            "nodejs-security-wg: {} files, {total} range fields ({} distinct), {nulls} null, {} fail",
            records.len(),
            distinct.len(),
            failures.len()
        );
        assert!(total > 900, "{total}");
        assert!(failures.is_empty(), "{failures:#?}");
    }

    fn ident() -> impl Strategy<Value = String> {
        prop_oneof![
            (0u64..20).prop_map(|n| n.to_string()),
            "0[0-9]".prop_map(String::from), // loose: leading zero, numeric
            "[0-9]{0,2}[a-zA-Z-][0-9a-zA-Z-]{0,3}",
        ]
    }

    fn version() -> impl Strategy<Value = String> {
        (
            "[v= ]{0,2}",
            0u64..4,
            0u64..4,
            0u64..4,
            prop::collection::vec(ident(), 0..3),
            prop::option::of("[0-9a-z]{1,3}"),
        )
            .prop_map(|(prefix, a, b, c, pre, build)| {
                let mut s = format!("{prefix}{a}.{b}.{c}");
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

    fn partial() -> impl Strategy<Value = String> {
        let x = prop_oneof![(0u64..4).prop_map(|n| n.to_string()), Just("x".to_string())];
        (
            x.clone(),
            prop::option::of((x.clone(), prop::option::of(x))),
            prop::option::of("(alpha|beta|0|1)"),
        )
            // node-semver rejects a number after a wildcard (`x.1`): keep wildcards trailing.
            .prop_filter("wildcard order", |(a, rest, _)| match rest {
                None => true,
                Some((b, c)) => {
                    let after_x = |x: &String, y: &String| x != "x" || y == "x";
                    after_x(a, b) && c.as_ref().is_none_or(|c| after_x(b, c) && after_x(a, c))
                }
            })
            .prop_map(|(a, rest, pre)| match rest {
                None => a,
                Some((b, None)) => format!("{a}.{b}"),
                Some((b, Some(c))) => match pre {
                    Some(pre) => format!("{a}.{b}.{c}-{pre}"),
                    None => format!("{a}.{b}.{c}"),
                },
            })
    }

    fn requirement() -> impl Strategy<Value = String> {
        let comparator = (
            prop_oneof![
                Just(""),
                Just("^"),
                Just("~"),
                Just("~>"),
                Just("<"),
                Just("<="),
                Just(">"),
                Just(">="),
                Just("="),
                Just("> "),
                Just("^ "),
            ],
            partial(),
        )
            .prop_map(|(op, v)| format!("{op}{v}"));
        let set = prop_oneof![
            prop::collection::vec(comparator, 1..3).prop_map(|c| c.join(" ")),
            (partial(), partial()).prop_map(|(a, b)| format!("{a} - {b}")),
        ];
        prop::collection::vec(set, 1..3).prop_map(|s| s.join(" || "))
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC{0,40}") {
            let _ = Npm::parse(&s);
            let _ = parse_requirement(&s);
        }

        #[test]
        fn range_like_strings_never_panic(s in "[0-9xX*.^~<>=| v-]{0,30}") {
            let _ = parse_requirement(&s);
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
        fn display_round_trips(s in version()) {
            let v = p(&s);
            prop_assert_eq!(p(&v.to_string()), v);
        }

        /// Every generated range parses; its bounds parse as versions and each interval is
        /// non-empty (lower <= upper).
        #[test]
        fn grammar_ranges_parse_to_wellformed_intervals(r in requirement()) {
            let set = parse_requirement(&r).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for i in &set.intervals {
                let lo = match &i.lower { Bound::Unbounded => None, Bound::Inclusive(s) | Bound::Exclusive(s) => Some(p(s)) };
                let hi = match &i.upper { Bound::Unbounded => None, Bound::Inclusive(s) | Bound::Exclusive(s) => Some(p(s)) };
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    prop_assert!(lo <= hi, "{:?}", i);
                }
            }
            // The canonical text desugars to the same intervals.
            let canonical = canonical_requirement(&r).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(range(&canonical), set);
        }

        /// A version is in `^v` iff `v <= x < next major` (or the 0.x rules), checked against
        /// the desugared interval for full versions without pre-release.
        #[test]
        fn caret_matches_its_definition(a in 0u64..3, b in 0u64..3, c in 0u64..3, x in version()) {
            let base = p(&format!("{a}.{b}.{c}"));
            let upper = if a > 0 {
                p(&format!("{}.0.0-0", a + 1))
            } else if b > 0 {
                p(&format!("0.{}.0-0", b + 1))
            } else {
                p(&format!("0.0.{}-0", c + 1))
            };
            let v = p(&x);
            // `^0.0.0` desugars to `>=0.0.0 <0.0.1-0`, and node-semver drops `>=0.0.0` as "any",
            // so 0.0.0's pre-releases are in it.
            let above = (a, b, c) == (0, 0, 0) || base <= v;
            prop_assert_eq!(contains(&range(&format!("^{a}.{b}.{c}")), &x), above && v < upper);
        }
    }
}
