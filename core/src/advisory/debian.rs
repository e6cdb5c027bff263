//! Debian security tracker data: the DSA/DLA advisory lists (`data/DSA/list`, `data/DLA/list`)
//! and the tracker's JSON export, one [`Parser`] each.
//!
//! **Lists** ([`TrackerListParser`]): one record per advisory (`DSA-5380-1`, `DLA-3008-1`):
//! ```text
//! [14 May 2022] DLA-3008-1 openssl - security update
//!     {CVE-2022-1292}
//!     [stretch] - openssl 1.1.0l-1~deb9u6
//! ```
//! (indented with a TAB in the file). The header gives the id, the date (→ `published`, an RFC 3339 full-date) and the title (→
//! `summary`: the header text after the id, e.g. `openssl - security update`); `{…}` gives the
//! aliases; each `[release] - <source package> <fixed version>` line gives one
//! [`AffectedPackage`] (ecosystem Debian, `distro_release` = the codename, `ranges`
//! `introduced "0", fixed V`, `fixed: [V]`). A tag instead of a version: `<not-affected>` →
//! [`PackageStatus::NotAffected`]; `<unfixed>` and `<end-of-life>` → affected with no fix (an
//! open range), the tag noted. A `(comment)` after the version or tag becomes a note. `NOTE:`
//! lines are free text: ignored for matching (they stay in `raw`). `raw` is the header line
//! through the advisory's last non-blank line, `locator` `lines A-B`. The three odd old headers
//! (two spaces, no package name) and space indentation are accepted. A repeated id gets `#2`,
//! `#3`, … in document order.
//!
//! Every CVE of an advisory is fixed by every line of it, so entries carry no per-entry
//! vulnerability ids (`vulnerabilities: None`): unlike Alpine secdb, the DSA is the unit.
//!
//! **JSON export** ([`TrackerJsonParser`]): `{source package: {CVE: {description, releases:
//! {codename: {status, fixed_version, urgency, …}}}}}`. One record per (package, CVE):
//! `upstream_id` `<package>/<CVE>`, [`Advisory::id`] the CVE, `raw` the exact text of the CVE's
//! object, `locator` its JSON pointer. Per release: `resolved` with `fixed_version` `0` → not
//! affected (never vulnerable there); `resolved` with a version → fixed range; `open` → affected,
//! no fix; `undetermined` → under investigation; the urgency (`low**`, `end-of-life`,
//! `unimportant`) and `nodsa` reasons are kept as notes.
//!
//! **Releases:** [`RELEASES`] maps codenames to version numbers (`bullseye` → `11`, …, `woody` →
//! `3.0`) so an SBOM's `distro=debian-11` or `debian-8.8` finds the codename the tracker uses
//! ([`codename_for_version`]).
//!
//! **The decision a newcomer would undo:** a line that cannot be read (a version dpkg rejects,
//! such as the package name written where the version belongs, or an unknown tag) is reported
//! as its own [`Rejected`] (locator `line N`) and left out, while the advisory's other lines
//! still make a record: rejecting the whole DSA would hide fixes for other releases because of
//! one typo. Only an unreadable header rejects the advisory. Hand-written line parsing: the
//! format is line-oriented text with no grammar a crate covers.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use serde_json::value::RawValue;

use super::{
    Advisory, AdvisoryFormat, AffectedPackage, Normalized, PackageStatus, Parser, Record, Rejected,
};
use crate::ecosystem::Ecosystem;
use crate::json::escape_pointer_token;
use crate::version::range::{Event, OsvRange, RangeKind};

/// Debian release codenames and their version numbers, oldest first. Releases from 7 on are
/// numbered by their major version alone (point releases are `11.6`); before that the number has
/// a minor part (`6.0`, `3.1`), and 3.0 / 3.1 are different releases.
pub const RELEASES: &[(&str, &str)] = &[
    ("buzz", "1.1"),
    ("rex", "1.2"),
    ("bo", "1.3"),
    ("hamm", "2.0"),
    ("slink", "2.1"),
    ("potato", "2.2"),
    ("woody", "3.0"),
    ("sarge", "3.1"),
    ("etch", "4.0"),
    ("lenny", "5.0"),
    ("squeeze", "6.0"),
    ("wheezy", "7"),
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("duke", "15"),
];

/// The version number of a Debian codename (`bullseye` → `11`, `woody` → `3.0`); `None` for
/// `sid` and unknown names.
pub fn release_number(codename: &str) -> Option<&'static str> {
    let c = codename.trim().to_ascii_lowercase();
    RELEASES.iter().find(|(n, _)| *n == c).map(|(_, v)| *v)
}

/// The codename of a Debian version as SBOMs write it (`11`, `11.6`, `8.8`, `6.0.10`, `5.0`,
/// `3.1r8`, `3.0`): from 4.0 on the major number decides, before that major and minor.
pub fn codename_for_version(version: &str) -> Option<&'static str> {
    let v = version.trim();
    let major_len = v.len() - v.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let major: u32 = v.get(..major_len)?.parse().ok()?;
    let key = if major >= 7 {
        major.to_string()
    } else if major >= 4 {
        format!("{major}.0")
    } else {
        let rest = v.get(major_len..)?.strip_prefix('.')?;
        let minor_len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        format!(
            "{major}.{}",
            rest.get(..minor_len).filter(|m| !m.is_empty())?
        )
    };
    RELEASES.iter().find(|(_, n)| *n == key).map(|(c, _)| *c)
}

/// Parser for the DSA and DLA list files.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrackerListParser;

impl Parser for TrackerListParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::DebianTracker;

    /// The first non-blank line is an advisory header (`[29 Mar 2023] DSA-5380-1 …`); the
    /// name (`…/DSA/list`, `…/DLA/list`) is the hint that also accepts any `[`-line start.
    fn sniff(name: &str, bytes: &[u8]) -> bool {
        let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(4096)).unwrap_or(bytes));
        let Some(first) = head.lines().find(|l| !l.trim().is_empty()) else {
            return false;
        };
        let hinted = name.ends_with("DSA/list") || name.ends_with("DLA/list");
        parse_header(first).is_ok() || (hinted && first.starts_with('['))
    }

    fn parse(_name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        parse_list(bytes)
    }
}

/// A parsed advisory header.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    id: String,
    date: String,
    summary: Option<String>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `[DD Mon YYYY] <ID> <text>`.
fn parse_header(line: &str) -> Result<Header, String> {
    let rest = line
        .strip_prefix('[')
        .ok_or("a header starts with `[DD Mon YYYY]`")?;
    let (date_text, rest) = rest
        .split_once(']')
        .ok_or("header: no `]` after the date")?;
    let date = parse_date(date_text)?;
    let rest = rest.trim_start();
    let (id, text) = match rest.split_once(char::is_whitespace) {
        Some((id, text)) => (id, text.trim()),
        None => (rest.trim_end(), ""),
    };
    if !is_advisory_id(id) {
        return Err(format!(
            "header: expected an advisory id (`DSA-1234-1`, `DLA-0001-1`, `DSA-135`) after the \
             date, got `{}`",
            truncate(id, 40)
        ));
    }
    Ok(Header {
        id: id.to_string(),
        date,
        summary: (!text.is_empty()).then(|| text.to_string()),
    })
}

fn is_advisory_id(id: &str) -> bool {
    let Some(num) = id.strip_prefix("DSA-").or_else(|| id.strip_prefix("DLA-")) else {
        return false;
    };
    let (main, rev) = match num.split_once('-') {
        Some((m, r)) => (m, Some(r)),
        None => (num, None),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    digits(main) && rev.is_none_or(digits)
}

/// `29 Mar 2023` → `2023-03-29`.
fn parse_date(text: &str) -> Result<String, String> {
    let bad = || format!("header date `{}` is not `DD Mon YYYY`", truncate(text, 40));
    let mut parts = text.split_whitespace();
    let (Some(d), Some(m), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let day: i8 = d.parse().map_err(|_| bad())?;
    let month = MONTHS
        .iter()
        .position(|n| *n == m)
        .and_then(|i| i8::try_from(i + 1).ok())
        .ok_or_else(bad)?;
    if y.len() != 4 {
        return Err(bad());
    }
    let year: i16 = y.parse().map_err(|_| bad())?;
    let date = jiff::civil::Date::new(year, month, day)
        .map_err(|_| format!("header date `{text}` is not a calendar date"))?;
    Ok(date.to_string())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

fn doc_reject(reason: impl Into<String>) -> Vec<Result<Record, Rejected>> {
    vec![Err(Rejected {
        upstream_id: None,
        locator: String::new(),
        reason: reason.into(),
    })]
}

fn lines_locator(first: usize, last: usize) -> String {
    if first == last {
        format!("line {}", first + 1)
    } else {
        format!("lines {}-{}", first + 1, last + 1)
    }
}

/// One line: byte offset of its start, its text without the line break, offset after it.
struct Line<'a> {
    start: usize,
    text: &'a str,
    next: usize,
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = text.get(start..).unwrap_or("");
        let (body, next) = match rest.find('\n') {
            Some(i) => (rest.get(..i).unwrap_or(""), start + i + 1),
            None => (rest, text.len()),
        };
        out.push(Line {
            start,
            text: body.strip_suffix('\r').unwrap_or(body),
            next,
        });
        start = next;
    }
    out
}

fn parse_list(bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return doc_reject(format!(
                "not UTF-8: invalid byte at offset {}",
                e.valid_up_to()
            ));
        }
    };
    let lines = split_lines(text);
    // Blocks: a header line (`[` at column 0) and the lines up to the next one.
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.text.starts_with('[') {
            blocks.push((i, i));
        } else if let Some(b) = blocks.last_mut() {
            b.1 = i;
        } else if !line.text.trim().is_empty() {
            out.push(Err(Rejected {
                upstream_id: None,
                locator: lines_locator(i, i),
                reason: format!(
                    "text before the first advisory header: `{}`",
                    truncate(line.text.trim(), 60)
                ),
            }));
        }
    }
    if blocks.is_empty() && out.is_empty() {
        return doc_reject("no advisory header (`[DD Mon YYYY] DSA-…`) found");
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (first, mut last) in blocks {
        while last > first && lines.get(last).is_none_or(|l| l.text.trim().is_empty()) {
            last -= 1;
        }
        let header_line = lines.get(first).map(|l| l.text).unwrap_or("");
        let header = match parse_header(header_line) {
            Ok(h) => h,
            Err(reason) => {
                out.push(Err(Rejected {
                    upstream_id: None,
                    locator: lines_locator(first, last),
                    reason,
                }));
                continue;
            }
        };
        let k = seen.entry(header.id.clone()).or_insert(0);
        *k += 1;
        let upstream_id = if *k == 1 {
            header.id.clone()
        } else {
            format!("{}#{k}", header.id)
        };
        let start = lines.get(first).map(|l| l.start).unwrap_or(0);
        let end = lines.get(last).map(|l| l.next).unwrap_or(text.len());
        let raw = text.get(start..end).unwrap_or("").as_bytes().to_vec();
        let mut aliases = BTreeSet::new();
        let mut affected = Vec::new();
        let mut rejected = Vec::new();
        for (i, line) in lines.iter().enumerate().take(last + 1).skip(first + 1) {
            match read_body_line(line.text) {
                Ok(BodyLine::Blank | BodyLine::Note) => {}
                Ok(BodyLine::Ids(ids)) => aliases.extend(ids),
                Ok(BodyLine::Release(a)) => affected.push(*a),
                Err(reason) => rejected.push(Err(Rejected {
                    upstream_id: Some(upstream_id.clone()),
                    locator: lines_locator(i, i),
                    reason,
                })),
            }
        }
        let source_hint = if header.id.starts_with("DLA-") {
            "debian-dla"
        } else {
            "debian-dsa"
        };
        out.push(Ok(Record {
            upstream_id,
            locator: lines_locator(first, last),
            raw,
            source_hint: source_hint.to_string(),
            normalized: Normalized::Advisory(Advisory {
                id: header.id,
                aliases,
                related: BTreeSet::new(),
                upstream: BTreeSet::new(),
                summary: header.summary,
                published: Some(header.date),
                modified: None,
                withdrawn: None,
                severities: Vec::new(),
                affected,
                cwes: BTreeSet::new(),
                references: Vec::new(),
            }),
        }));
        out.extend(rejected);
    }
    out
}

/// What one indented line of an advisory says.
enum BodyLine {
    Blank,
    Note,
    Ids(Vec<String>),
    Release(Box<AffectedPackage>),
}

fn read_body_line(line: &str) -> Result<BodyLine, String> {
    let t = line.trim();
    if t.is_empty() {
        return Ok(BodyLine::Blank);
    }
    if !line.starts_with([' ', '\t']) {
        return Err(format!(
            "unrecognised line (not indented, not a header): `{}`",
            truncate(t, 60)
        ));
    }
    if t.starts_with("NOTE:") {
        return Ok(BodyLine::Note);
    }
    if let Some(inner) = t.strip_prefix('{') {
        let inner = inner
            .strip_suffix('}')
            .ok_or_else(|| format!("id list `{}` has no closing `}}`", truncate(t, 60)))?;
        return Ok(BodyLine::Ids(
            inner.split_whitespace().map(str::to_string).collect(),
        ));
    }
    if t.starts_with('[') {
        return read_release_line(t).map(|a| BodyLine::Release(Box::new(a)));
    }
    Err(format!("unrecognised line: `{}`", truncate(t, 60)))
}

/// `[bullseye] - xorg-server 2:1.20.11-1+deb11u6`, `[lenny] - vlc <not-affected> (comment)`.
fn read_release_line(t: &str) -> Result<AffectedPackage, String> {
    let inner = t.strip_prefix('[').unwrap_or(t);
    let (release, rest) = inner
        .split_once(']')
        .ok_or_else(|| format!("release line `{}`: no `]`", truncate(t, 60)))?;
    let release = release.trim();
    if release.is_empty()
        || !release
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!(
            "release line: `{}` is not a release codename",
            truncate(release, 40)
        ));
    }
    let rest = rest
        .trim_start()
        .strip_prefix('-')
        .filter(|r| r.starts_with(char::is_whitespace))
        .ok_or_else(|| {
            format!(
                "release line `{}`: expected `[{release}] - <package> <version>`",
                truncate(t, 60)
            )
        })?
        .trim();
    let (package, rest) = rest
        .split_once(char::is_whitespace)
        .map(|(p, r)| (p, r.trim()))
        .unwrap_or((rest, ""));
    if package.is_empty() || package.starts_with(['<', '(']) {
        return Err(format!(
            "release line `{}`: no source package name",
            truncate(t, 60)
        ));
    }
    let (what, after) = rest
        .split_once(char::is_whitespace)
        .map(|(w, a)| (w, a.trim()))
        .unwrap_or((rest, ""));
    if what.is_empty() {
        return Err(format!(
            "release line `{}`: no fixed version or tag after `{package}`",
            truncate(t, 60)
        ));
    }
    let comment = if after.is_empty() {
        None
    } else if let Some(c) = after.strip_prefix('(') {
        Some(c.strip_suffix(')').unwrap_or(c).trim().to_string())
    } else {
        return Err(format!(
            "release line `{}`: unexpected text `{}` after `{what}`",
            truncate(t, 60),
            truncate(after, 40)
        ));
    };
    let eco = Ecosystem::Debian;
    let mut entry = AffectedPackage {
        ecosystem: Some(eco),
        ecosystem_raw: format!("Debian:{release}"),
        distro_release: Some(release.to_string()),
        name: package.to_string(),
        name_key: eco.normalize_name(package),
        ..AffectedPackage::default()
    };
    let open = || OsvRange {
        kind: RangeKind::Ecosystem,
        events: vec![Event::Introduced("0".to_string())],
        repo: None,
    };
    match what {
        "<not-affected>" => entry.status = PackageStatus::NotAffected,
        "<unfixed>" | "<end-of-life>" => {
            entry.ranges = vec![open()];
            entry.notes.push(what.to_string());
        }
        tag if tag.starts_with('<') => {
            return Err(format!(
                "[{release}] - {package}: unknown tag `{}` (expected a version, \
                 `<not-affected>`, `<unfixed>` or `<end-of-life>`)",
                truncate(tag, 40)
            ));
        }
        version => {
            crate::version::validate(eco.scheme(), version).map_err(|e| {
                format!(
                    "[{release}] - {package}: fixed version `{}` is not a valid dpkg version: {}",
                    truncate(version, 60),
                    e.reason
                )
            })?;
            entry.ranges = vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![
                    Event::Introduced("0".to_string()),
                    Event::Fixed(version.to_string()),
                ],
                repo: None,
            }];
            entry.fixed = vec![version.to_string()];
        }
    }
    entry.notes.extend(comment);
    Ok(entry)
}

/// Parser for the Debian security tracker's JSON export.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrackerJsonParser;

impl Parser for TrackerJsonParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::DebianTrackerJson;

    /// A JSON object whose first 64 KiB hold a `"releases"` key and a CVE or TEMP id key.
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(65_536)).unwrap_or(bytes));
        head.trim_start().starts_with('{')
            && head.contains("\"releases\"")
            && (head.contains("\"CVE-") || head.contains("\"TEMP-"))
            && !head.contains("\"csaf_version\"")
    }

    fn parse(_name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        parse_json(bytes)
    }
}

fn parse_json(bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
    if let Err(e) = crate::json::check_strict(bytes) {
        return doc_reject(format!("JSON: {e}"));
    }
    let top: BTreeMap<String, &RawValue> = match serde_json::from_slice(bytes) {
        Ok(t) => t,
        Err(e) => {
            return doc_reject(format!(
                "expected an object of source packages, each an object of CVE ids: {e}"
            ));
        }
    };
    let mut out = Vec::new();
    for (package, raw_pkg) in top {
        let pkg_ptr = format!("/{}", escape_pointer_token(&package));
        let cves: BTreeMap<String, &RawValue> = match serde_json::from_str(raw_pkg.get()) {
            Ok(c) => c,
            Err(e) => {
                out.push(Err(Rejected {
                    upstream_id: Some(package.clone()),
                    locator: pkg_ptr,
                    reason: format!("package `{package}`: expected an object of CVE ids: {e}"),
                }));
                continue;
            }
        };
        for (cve, raw) in cves {
            let pointer = format!("{pkg_ptr}/{}", escape_pointer_token(&cve));
            out.extend(json_record(&package, &cve, raw, &pointer));
        }
    }
    out
}

fn json_record(
    package: &str,
    cve: &str,
    raw: &RawValue,
    pointer: &str,
) -> Vec<Result<Record, Rejected>> {
    let upstream_id = format!("{package}/{cve}");
    let reject = |locator: String, reason: String| Rejected {
        upstream_id: Some(upstream_id.clone()),
        locator,
        reason,
    };
    let value: Value = match serde_json::from_str(raw.get()) {
        Ok(v) => v,
        Err(e) => return vec![Err(reject(pointer.to_string(), format!("JSON: {e}")))],
    };
    let Some(obj) = value.as_object() else {
        return vec![Err(reject(
            pointer.to_string(),
            format!("`{cve}`: expected an object, got {}", json_kind(&value)),
        ))];
    };
    let summary = match obj.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            return vec![Err(reject(
                format!("{pointer}/description"),
                format!("`description`: expected a string, got {}", json_kind(v)),
            ))];
        }
    };
    let releases: Vec<(&String, &Value)> = match obj.get("releases") {
        Some(Value::Object(m)) => m.iter().collect(),
        // The export writes an empty list for a CVE with no per-release data.
        Some(Value::Array(a)) if a.is_empty() => Vec::new(),
        None | Some(Value::Null) => Vec::new(),
        Some(v) => {
            return vec![Err(reject(
                format!("{pointer}/releases"),
                format!(
                    "`releases`: expected an object of releases, got {}",
                    json_kind(v)
                ),
            ))];
        }
    };
    let mut out = Vec::new();
    let mut affected = Vec::new();
    for (release, info) in releases {
        let rptr = format!("{pointer}/releases/{}", escape_pointer_token(release));
        match json_release(package, release, info) {
            Ok(a) => affected.push(a),
            Err(reason) => out.push(Err(reject(rptr, reason))),
        }
    }
    out.insert(
        0,
        Ok(Record {
            upstream_id: upstream_id.clone(),
            locator: pointer.to_string(),
            raw: raw.get().as_bytes().to_vec(),
            source_hint: "debian-tracker".to_string(),
            normalized: Normalized::Advisory(Advisory {
                id: cve.to_string(),
                aliases: BTreeSet::new(),
                related: BTreeSet::new(),
                upstream: BTreeSet::new(),
                summary,
                published: None,
                modified: None,
                withdrawn: None,
                severities: Vec::new(),
                affected,
                cwes: BTreeSet::new(),
                references: Vec::new(),
            }),
        }),
    );
    out
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn json_release(package: &str, release: &str, info: &Value) -> Result<AffectedPackage, String> {
    let obj = info.as_object().ok_or_else(|| {
        format!(
            "release `{release}`: expected an object, got {}",
            json_kind(info)
        )
    })?;
    let text = |key: &str| -> Result<Option<&str>, String> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(v) => Err(format!(
                "release `{release}`: `{key}`: expected a string, got {}",
                json_kind(v)
            )),
        }
    };
    let status = text("status")?.ok_or_else(|| format!("release `{release}`: no `status`"))?;
    let fixed = text("fixed_version")?;
    let eco = Ecosystem::Debian;
    let mut entry = AffectedPackage {
        ecosystem: Some(eco),
        ecosystem_raw: format!("Debian:{release}"),
        distro_release: Some(release.to_string()),
        name: package.to_string(),
        name_key: eco.normalize_name(package),
        ..AffectedPackage::default()
    };
    match (status, fixed) {
        ("resolved", Some("0")) => {
            entry.status = PackageStatus::NotAffected;
            entry
                .notes
                .push("fixed_version `0`: never affected on this release".to_string());
        }
        ("resolved", Some(v)) => {
            crate::version::validate(eco.scheme(), v).map_err(|e| {
                format!(
                    "release `{release}`: fixed_version `{}` is not a valid dpkg version: {}",
                    truncate(v, 60),
                    e.reason
                )
            })?;
            entry.ranges = vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![
                    Event::Introduced("0".to_string()),
                    Event::Fixed(v.to_string()),
                ],
                repo: None,
            }];
            entry.fixed = vec![v.to_string()];
        }
        ("resolved", None) => {
            return Err(format!(
                "release `{release}`: status `resolved` without a `fixed_version`"
            ));
        }
        ("open", _) => {
            entry.ranges = vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![Event::Introduced("0".to_string())],
                repo: None,
            }];
        }
        ("undetermined", _) => entry.status = PackageStatus::UnderInvestigation,
        (other, _) => {
            return Err(format!(
                "release `{release}`: unknown status `{}` (expected resolved, open or \
                 undetermined)",
                truncate(other, 40)
            ));
        }
    }
    if let Some(u) = text("urgency")? {
        entry.notes.push(format!("urgency: {u}"));
    }
    if let Some(n) = text("nodsa")? {
        entry.notes.push(format!("nodsa: {n}"));
    }
    if let Some(n) = text("nodsa_reason")? {
        entry.notes.push(format!("nodsa_reason: {n}"));
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::VersionScheme;
    use crate::version::range::osv_affected;
    use proptest::prelude::*;

    const DSA: &[u8] = include_bytes!("../../../testdata/advisory/debian/DSA-list-excerpt");
    const DLA: &[u8] = include_bytes!("../../../testdata/advisory/debian/DLA-list-excerpt");
    const VUNNEL_DSA: &[u8] =
        include_bytes!("../../../testdata/advisory/debian/vunnel-DSA-excerpt");
    const JSON: &[u8] = include_bytes!("../../../testdata/advisory/debian/tracker-excerpt.json");

    fn records(results: &[Result<Record, Rejected>]) -> Vec<&Record> {
        results.iter().filter_map(|r| r.as_ref().ok()).collect()
    }

    fn rejected(results: &[Result<Record, Rejected>]) -> Vec<&Rejected> {
        results.iter().filter_map(|r| r.as_ref().err()).collect()
    }

    fn adv(r: &Record) -> &Advisory {
        match &r.normalized {
            Normalized::Advisory(a) => a,
            Normalized::Kev(_) => panic!("not an advisory"),
        }
    }

    fn by_id<'r>(recs: &[&'r Record], id: &str) -> &'r Advisory {
        adv(recs.iter().find(|r| r.upstream_id == id).unwrap())
    }

    /// (release, package, status, fixed, notes) of each entry.
    /// (release, package, status, fixed, notes).
    type Row = (String, String, PackageStatus, Vec<String>, Vec<String>);
    /// (line, status, fixed, notes, number of ranges).
    type LineCase<'a> = (&'a str, PackageStatus, &'a [&'a str], &'a [&'a str], usize);
    /// (release, status, fixed, number of ranges, notes).
    type ReleaseRow<'a> = (&'a str, PackageStatus, &'a [String], usize, &'a [String]);

    fn summary(a: &Advisory) -> Vec<Row> {
        a.affected
            .iter()
            .map(|e| {
                (
                    e.distro_release.clone().unwrap(),
                    e.name.clone(),
                    e.status,
                    e.fixed.clone(),
                    e.notes.clone(),
                )
            })
            .collect()
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn real_dsa_records() {
        let results = TrackerListParser::parse("data/DSA/list", DSA);
        let recs = records(&results);
        let ids: Vec<&str> = recs.iter().map(|r| r.upstream_id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "DSA-5380-1",
                "DSA-4205-1",
                "DSA-3699-1",
                "DSA-1991-1",
                "DSA-1727-1",
                "DSA-1026-1",
                "DSA-746-1",
                "DSA-423"
            ]
        );
        let r = recs[0];
        assert_eq!(r.locator, "lines 1-3");
        assert_eq!(r.source_hint, "debian-dsa");
        assert_eq!(
            r.raw,
            b"[29 Mar 2023] DSA-5380-1 xorg-server - security update\n\t{CVE-2023-1393}\n\t[bullseye] - xorg-server 2:1.20.11-1+deb11u6\n"
        );
        let a = adv(r);
        assert_eq!(a.id, "DSA-5380-1");
        assert_eq!(a.published.as_deref(), Some("2023-03-29"));
        assert_eq!(a.summary.as_deref(), Some("xorg-server - security update"));
        assert_eq!(a.aliases, BTreeSet::from(["CVE-2023-1393".to_string()]));
        let e = &a.affected[0];
        assert_eq!(e.ecosystem, Some(Ecosystem::Debian));
        assert_eq!(e.ecosystem_raw, "Debian:bullseye");
        assert_eq!(e.distro_release.as_deref(), Some("bullseye"));
        assert_eq!(release_number("bullseye"), Some("11"));
        assert_eq!(e.vulnerabilities, None);
        assert_eq!(
            e.ranges[0].events,
            vec![
                Event::Introduced("0".into()),
                Event::Fixed("2:1.20.11-1+deb11u6".into())
            ]
        );
        let affected = |v: &str| {
            osv_affected(VersionScheme::Dpkg, v, &e.ranges, &e.versions)
                .unwrap()
                .is_affected()
        };
        assert!(affected("2:1.20.11-1+deb11u5"));
        assert!(!affected("2:1.20.11-1+deb11u6"));
        // Without the epoch the version is far older.
        assert!(affected("1.20.11-1+deb11u7"));

        // Several releases, two source packages.
        assert_eq!(
            summary(by_id(&recs, "DSA-1991-1")),
            vec![
                (
                    "etch".into(),
                    "squid3".into(),
                    PackageStatus::Affected,
                    s(&["3.0.PRE5-5+etch2"]),
                    vec![]
                ),
                (
                    "etch".into(),
                    "squid".into(),
                    PackageStatus::Affected,
                    s(&["2.6.5-6etch5"]),
                    vec![]
                ),
                (
                    "lenny".into(),
                    "squid".into(),
                    PackageStatus::Affected,
                    s(&["2.7.STABLE3-4.1lenny1"]),
                    vec![]
                ),
                (
                    "lenny".into(),
                    "squid3".into(),
                    PackageStatus::Affected,
                    s(&["3.0.STABLE8-3+lenny3"]),
                    vec![]
                ),
            ]
        );
        // `<not-affected>` with a comment; the ids line is space-indented.
        let sash = by_id(&recs, "DSA-1026-1");
        assert_eq!(sash.aliases.len(), 2);
        assert_eq!(
            summary(sash),
            vec![
                (
                    "woody".into(),
                    "sash".into(),
                    PackageStatus::NotAffected,
                    vec![],
                    s(&["Older zlib not vulnerable"])
                ),
                (
                    "sarge".into(),
                    "sash".into(),
                    PackageStatus::Affected,
                    s(&["3.7-5sarge1"]),
                    vec![]
                ),
            ]
        );
        assert!(sash.affected[0].ranges.is_empty());
        // `<unfixed> (high)`: affected with no fix; the NOTE line is ignored.
        let php = by_id(&recs, "DSA-746-1");
        assert_eq!(
            summary(php),
            vec![
                (
                    "woody".into(),
                    "phpgroupware".into(),
                    PackageStatus::Affected,
                    vec![],
                    s(&["<unfixed>", "high"])
                ),
                (
                    "sarge".into(),
                    "phpgroupware".into(),
                    PackageStatus::Affected,
                    s(&["0.9.16.005-3.sarge0"]),
                    s(&["high"])
                ),
            ]
        );
        assert_eq!(
            php.affected[0].ranges[0].events,
            vec![Event::Introduced("0".into())]
        );
        let vbox = by_id(&recs, "DSA-3699-1");
        assert_eq!(vbox.affected[0].notes, s(&["<end-of-life>"]));
        assert!(vbox.aliases.is_empty());
        // Odd old header: two spaces and no package name.
        let proftpd = by_id(&recs, "DSA-1727-1");
        assert_eq!(
            proftpd.summary.as_deref(),
            Some("- SQL injection vulnerabilites")
        );
        assert_eq!(proftpd.affected[0].name, "proftpd-dfsg");
        let eol = by_id(&recs, "DSA-4205-1");
        assert!(eol.affected.is_empty());
        assert_eq!(eol.summary.as_deref(), Some("jessie end-of-life"));
        // The package name where the version belongs: that line alone is rejected.
        let k = by_id(&recs, "DSA-423");
        assert!(k.affected.is_empty());
        assert_eq!(k.aliases.len(), 12);
        let rej = rejected(&results);
        assert_eq!(rej.len(), 1);
        assert_eq!(rej[0].upstream_id.as_deref(), Some("DSA-423"));
        assert_eq!(rej[0].locator, "line 28");
        assert!(
            rej[0].reason.starts_with(
                "[woody] - kernel-image-2.4.17-ia64: fixed version `kernel-image-2.4.17-ia64` is not a valid dpkg version"
            ),
            "{}",
            rej[0].reason
        );
    }

    #[test]
    fn real_dla_and_space_indented_excerpts() {
        let dla = TrackerListParser::parse("data/DLA/list", DLA);
        let r = records(&dla)[0];
        assert_eq!(
            (r.upstream_id.as_str(), r.source_hint.as_str()),
            ("DLA-3008-1", "debian-dla")
        );
        assert_eq!(adv(r).affected[0].fixed, s(&["1.1.0l-1~deb9u6"]));
        let v = TrackerListParser::parse("DSA", VUNNEL_DSA);
        assert!(rejected(&v).is_empty(), "{v:?}");
        let recs = records(&v);
        assert_eq!(recs.len(), 10);
        let png = by_id(&recs, "DSA-140");
        assert_eq!(png.affected.len(), 2);
        assert_eq!(png.affected[1].name, "libpng3");
        let sope = by_id(&recs, "DSA-5970-1");
        assert_eq!(sope.affected[0].distro_release.as_deref(), Some("bookworm"));
        assert_eq!(
            by_id(&recs, "DSA-2819-1").summary.as_deref(),
            Some("iceape - several")
        );
    }

    #[test]
    fn headers() {
        let ok: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "[29 Mar 2023] DSA-5380-1 xorg-server - security update",
                "DSA-5380-1",
                "2023-03-29",
                Some("xorg-server - security update"),
            ),
            (
                "[14 Feb 2007] DSA-1260 imagemagick",
                "DSA-1260",
                "2007-02-14",
                Some("imagemagick"),
            ),
            (
                "[02 Jul 2002] DSA-135 libapache-mod-ssl -- buffer overflow",
                "DSA-135",
                "2002-07-02",
                Some("libapache-mod-ssl -- buffer overflow"),
            ),
            (
                "[1 Apr 2014] DLA-0001-1 gnutls26",
                "DLA-0001-1",
                "2014-04-01",
                Some("gnutls26"),
            ),
            ("[29 Feb 2008] DSA-1-1", "DSA-1-1", "2008-02-29", None),
        ];
        for (line, id, date, summary) in ok {
            let h = parse_header(line).unwrap();
            assert_eq!(
                (h.id.as_str(), h.date.as_str(), h.summary.as_deref()),
                (*id, *date, *summary)
            );
        }
        let bad: &[(&str, &str)] = &[
            ("[29 Feb 2023] DSA-1-1 x", "is not a calendar date"),
            ("[29 March 2023] DSA-1-1 x", "is not `DD Mon YYYY`"),
            ("[29 Mar 23] DSA-1-1 x", "is not `DD Mon YYYY`"),
            ("[29 Mar 2023 DSA-1-1 x", "no `]`"),
            ("[29 Mar 2023] XSA-1-1 x", "expected an advisory id"),
            ("[29 Mar 2023] DSA-1-x x", "expected an advisory id"),
            ("[29 Mar 2023]", "expected an advisory id"),
        ];
        for (line, want) in bad {
            let e = parse_header(line).unwrap_err();
            assert!(e.contains(want), "{line}: {e}");
        }
    }

    #[test]
    fn release_lines() {
        let ok: &[LineCase<'_>] = &[
            (
                "[wheezy] - curl  7.26.0-1+wheezy5",
                PackageStatus::Affected,
                &["7.26.0-1+wheezy5"],
                &[],
                1,
            ),
            (
                "[squeeze] - tzdata 2015b-0squeeze1 ",
                PackageStatus::Affected,
                &["2015b-0squeeze1"],
                &[],
                1,
            ),
            (
                "[sarge] - awstats 6.4-1sarge3 (bug #365910)",
                PackageStatus::Affected,
                &["6.4-1sarge3"],
                &["bug #365910"],
                1,
            ),
            (
                "[lenny] - vlc <not-affected> (Vulnerable code not present)",
                PackageStatus::NotAffected,
                &[],
                &["Vulnerable code not present"],
                0,
            ),
            (
                "[woody] - mozilla <unfixed>",
                PackageStatus::Affected,
                &[],
                &["<unfixed>"],
                1,
            ),
            (
                "[jessie] - virtualbox <end-of-life>",
                PackageStatus::Affected,
                &[],
                &["<end-of-life>"],
                1,
            ),
        ];
        for (line, status, fixed, notes, ranges) in ok {
            let e = read_release_line(line).unwrap();
            assert_eq!(e.status, *status, "{line}");
            assert_eq!(e.fixed, s(fixed), "{line}");
            assert_eq!(e.notes, s(notes), "{line}");
            assert_eq!(e.ranges.len(), *ranges, "{line}");
        }
        let bad: &[(&str, &str)] = &[
            ("[lenny] - vlc <ignored>", "unknown tag `<ignored>`"),
            ("[lenny] - vlc", "no fixed version or tag"),
            (
                "[lenny] - vlc 1.0-1 extra words",
                "unexpected text `extra words`",
            ),
            (
                "[lenny] vlc 1.0-1",
                "expected `[lenny] - <package> <version>`",
            ),
            ("[Lenny] - vlc 1.0-1", "is not a release codename"),
            ("[lenny] - <unfixed>", "no source package name"),
            ("[lenny] - vlc 1.0_1", "not a valid dpkg version"),
            ("[lenny - vlc 1.0-1", "no `]`"),
        ];
        for (line, want) in bad {
            let e = read_release_line(line).unwrap_err();
            assert!(e.contains(want), "{line}: {e}");
        }
    }

    #[test]
    fn codenames_and_numbers() {
        let table: &[(&str, Option<&str>)] = &[
            ("11", Some("bullseye")),
            ("11.6", Some("bullseye")),
            ("8.8", Some("jessie")),
            ("9", Some("stretch")),
            ("12.1", Some("bookworm")),
            ("6.0.10", Some("squeeze")),
            ("6", Some("squeeze")),
            ("5.0.4", Some("lenny")),
            ("4.0r9", Some("etch")),
            ("3.1r8", Some("sarge")),
            ("3.0", Some("woody")),
            // Before 4.0 the minor number names the release.
            ("3", None),
            ("sid", None),
            ("99", None),
            ("", None),
        ];
        for (v, want) in table {
            assert_eq!(codename_for_version(v), *want, "{v}");
        }
        for (codename, number) in RELEASES {
            assert_eq!(codename_for_version(number), Some(*codename));
            assert_eq!(release_number(codename), Some(*number));
        }
        assert_eq!(release_number("Woody"), Some("3.0"));
        assert_eq!(release_number("sid"), None);
    }

    #[test]
    fn list_document_rules() {
        assert_eq!(
            TrackerListParser::parse("x", b"\xff[")[0]
                .as_ref()
                .unwrap_err()
                .reason,
            "not UTF-8: invalid byte at offset 0"
        );
        assert!(
            TrackerListParser::parse("x", b"\n\n")[0]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("no advisory header")
        );
        let doc = "stray text\n[29 Feb 2023] DSA-2-1 bad date\n\t[bullseye] - a 1.0-1\n[01 Mar 2023] DSA-3-1 a\n\t{CVE-2023-0001}\n\t[bullseye] - a 1.0-1\n\tgarbage\n[01 Mar 2023] DSA-3-1 a again\n\n\n";
        let results = TrackerListParser::parse("x", doc.as_bytes());
        let ids: Vec<&str> = records(&results)
            .iter()
            .map(|r| r.upstream_id.as_str())
            .collect();
        assert_eq!(ids, ["DSA-3-1", "DSA-3-1#2"]);
        // Trailing blank lines are not part of the record.
        assert_eq!(records(&results)[1].locator, "line 8");
        let rej: Vec<(&str, &str)> = rejected(&results)
            .iter()
            .map(|r| (r.locator.as_str(), r.reason.as_str()))
            .collect();
        assert_eq!(
            rej[0],
            (
                "line 1",
                "text before the first advisory header: `stray text`"
            )
        );
        assert_eq!(rej[1].0, "lines 2-3");
        assert!(rej[1].1.contains("not a calendar date"));
        assert_eq!(rej[2], ("line 7", "unrecognised line: `garbage`"));
        assert_eq!(rej.len(), 3);
    }

    #[test]
    fn sniffing() {
        assert!(TrackerListParser::sniff("whatever", DSA));
        assert!(TrackerListParser::sniff("data/DLA/list", b"[bad header\n"));
        assert!(!TrackerListParser::sniff("notes.txt", b"[bad header\n"));
        assert!(!TrackerListParser::sniff("x", b"{\"a\": 1}"));
        assert!(TrackerJsonParser::sniff("debian.json", JSON));
        assert!(!TrackerJsonParser::sniff("x", DSA));
        assert!(!TrackerListParser::sniff("x", JSON));
    }

    #[test]
    fn truncated_and_arbitrary_lists_never_panic() {
        let text = std::str::from_utf8(DSA).unwrap();
        for (i, _) in text.char_indices() {
            let _ = TrackerListParser::parse("x", text.get(..i).unwrap().as_bytes());
        }
        let long = format!(
            "[01 Mar 2023] DSA-{0}-1 {1}\n\t{{{1}}}\n\t[{1}] - {1} {0}\n",
            "9".repeat(100_000),
            "a".repeat(100_000)
        );
        let r = TrackerListParser::parse("x", long.as_bytes());
        assert!(
            r[0].as_ref()
                .unwrap_err()
                .reason
                .contains("expected an advisory id")
        );
    }

    proptest! {
        #[test]
        fn arbitrary_list_text_never_panics(body in "[ -~\t\n\\[\\]{}<>()]{0,400}") {
            let _ = TrackerListParser::parse("x", format!("[01 Mar 2023] DSA-1-1 x\n{body}").as_bytes());
        }

        #[test]
        fn arbitrary_json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = TrackerJsonParser::parse("x", &bytes);
        }
    }

    #[test]
    fn tracker_json_excerpt() {
        let results = TrackerJsonParser::parse("debian.json", JSON);
        assert!(rejected(&results).is_empty(), "{results:?}");
        let recs = records(&results);
        let ids: Vec<&str> = recs.iter().map(|r| r.upstream_id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "backupninja/CVE-2005-3111",
                "chromium/CVE-2022-0456",
                "chromium-browser/CVE-2022-0358",
                "prototypejs/CVE-2007-2383",
                "prototypejs/CVE-2008-7220",
                "sope/CVE-2025-53603",
                "txt2man/CVE-2013-1444"
            ]
        );
        let text = std::str::from_utf8(JSON).unwrap();
        for r in &recs {
            // `raw` is the exact text of the CVE's object in the file.
            let raw = std::str::from_utf8(&r.raw).unwrap();
            assert!(raw.starts_with('{') && text.contains(raw));
            assert_eq!(r.source_hint, "debian-tracker");
        }
        assert_eq!(recs[1].locator, "/chromium/CVE-2022-0456");
        let chromium = adv(recs[1]);
        assert_eq!(chromium.id, "CVE-2022-0456");
        let by_release: Vec<ReleaseRow<'_>> = chromium
            .affected
            .iter()
            .map(|e| {
                (
                    e.distro_release.as_deref().unwrap(),
                    e.status,
                    e.fixed.as_slice(),
                    e.ranges.len(),
                    e.notes.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            by_release,
            vec![
                (
                    "bookworm",
                    PackageStatus::Affected,
                    &s(&["98.0.4758.80-1"])[..],
                    1,
                    &s(&["urgency: not yet assigned"])[..]
                ),
                (
                    "bullseye",
                    PackageStatus::Affected,
                    &s(&["98.0.4758.80-1~deb11u1"])[..],
                    1,
                    &s(&["urgency: not yet assigned"])[..]
                ),
                // `open`: affected, no fix.
                (
                    "buster",
                    PackageStatus::Affected,
                    &[][..],
                    1,
                    &s(&["urgency: end-of-life"])[..]
                ),
                (
                    "sid",
                    PackageStatus::Affected,
                    &s(&["98.0.4758.80-1"])[..],
                    1,
                    &s(&["urgency: not yet assigned"])[..]
                ),
                (
                    "stretch",
                    PackageStatus::Affected,
                    &[][..],
                    1,
                    &s(&["urgency: end-of-life"])[..]
                ),
            ]
        );
        // `releases: []`: no per-release data.
        assert!(adv(recs[2]).affected.is_empty());
        // fixed_version `0`: never affected.
        let never = adv(recs[3]);
        assert_eq!(never.affected.len(), 4);
        assert!(
            never
                .affected
                .iter()
                .all(|e| e.status == PackageStatus::NotAffected && e.ranges.is_empty())
        );
        assert!(
            adv(recs[4])
                .summary
                .as_deref()
                .unwrap()
                .starts_with("Unspecified vulnerability")
        );
    }

    #[test]
    fn tracker_json_rejections() {
        let doc = r#"{"a": [1], "b": {"CVE-1": 3, "CVE-2": {"releases": {"x": {"status": "resolved"}, "y": {"status": "weird"}, "z": {"status": "resolved", "fixed_version": "1.0_1"}, "w": {"status": "undetermined", "urgency": 5}, "v": {"status": "undetermined"}}}, "CVE-3": {"releases": 7}}}"#;
        let results = TrackerJsonParser::parse("x", doc.as_bytes());
        let rej: Vec<(&str, &str)> = rejected(&results)
            .iter()
            .map(|r| (r.locator.as_str(), r.reason.as_str()))
            .collect();
        let want: &[(&str, &str)] = &[
            ("/a", "package `a`: expected an object of CVE ids"),
            ("/b/CVE-1", "`CVE-1`: expected an object, got a number"),
            (
                "/b/CVE-2/releases/w",
                "release `w`: `urgency`: expected a string, got a number",
            ),
            (
                "/b/CVE-2/releases/x",
                "release `x`: status `resolved` without a `fixed_version`",
            ),
            ("/b/CVE-2/releases/y", "release `y`: unknown status `weird`"),
            (
                "/b/CVE-2/releases/z",
                "release `z`: fixed_version `1.0_1` is not a valid dpkg version",
            ),
            (
                "/b/CVE-3/releases",
                "`releases`: expected an object of releases, got a number",
            ),
        ];
        assert_eq!(rej.len(), want.len(), "{rej:#?}");
        for ((loc, reason), (wl, wr)) in rej.iter().zip(want) {
            assert_eq!(loc, wl);
            assert!(reason.starts_with(wr), "{reason} vs {wr}");
        }
        let recs = records(&results);
        assert_eq!(recs.len(), 1);
        assert_eq!(adv(recs[0]).affected.len(), 1);
        assert_eq!(
            adv(recs[0]).affected[0].status,
            PackageStatus::UnderInvestigation
        );
        for (doc, want) in [
            (&b"[1]"[..], "expected an object of source packages"),
            (b"{\"a\": {}, \"a\": {}}", "duplicate key"),
            (b"{\"a\": ", "JSON:"),
        ] {
            let r = TrackerJsonParser::parse("x", doc);
            let e = r[0].as_ref().unwrap_err();
            assert!(e.reason.contains(want), "{}", e.reason);
            assert_eq!(e.locator, "");
        }
    }

    /// Every DSA and DLA advisory in the shared data parses, or is rejected with a reason.
    #[test]
    fn real_lists_every_advisory_parses_or_is_rejected() {
        let root = std::path::Path::new("/work/shared/data/debian-security-tracker-lists/data");
        if !root.exists() {
            eprintln!("SKIP: /work/shared/data/debian-security-tracker-lists not present");
            return;
        }
        for (file, want) in [("DSA/list", 5406), ("DLA/list", 3534)] {
            let bytes = std::fs::read(root.join(file)).unwrap();
            let text = std::str::from_utf8(&bytes).unwrap();
            assert!(TrackerListParser::sniff(file, &bytes));
            let headers = text.lines().filter(|l| l.starts_with('[')).count();
            let release_lines = text
                .lines()
                .filter(|l| l.starts_with([' ', '\t']) && l.trim_start().starts_with('['))
                .count();
            assert_eq!(headers, want);
            let results = TrackerListParser::parse(file, &bytes);
            let recs = records(&results);
            let rej = rejected(&results);
            let ids: BTreeSet<&str> = recs.iter().map(|r| r.upstream_id.as_str()).collect();
            assert_eq!(ids.len(), recs.len(), "unique upstream ids");
            let whole = rej
                .iter()
                .filter(|r| r.upstream_id.as_deref().is_none_or(|i| !ids.contains(i)))
                .count();
            assert_eq!(recs.len() + whole, headers, "{file}");
            let entries: usize = recs.iter().map(|r| adv(r).affected.len()).sum();
            assert_eq!(entries + rej.len() - whole, release_lines, "{file}");
            let mut per_release: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
            let mut tags: BTreeMap<String, usize> = BTreeMap::new();
            for r in &recs {
                let a = adv(r);
                assert!(a.published.is_some());
                for e in &a.affected {
                    let c = per_release
                        .entry(e.distro_release.clone().unwrap())
                        .or_default();
                    match (e.status, e.fixed.is_empty()) {
                        (PackageStatus::NotAffected, _) => c.1 += 1,
                        (_, false) => c.0 += 1,
                        (_, true) => c.2 += 1,
                    }
                    for n in &e.notes {
                        if n.starts_with('<') {
                            *tags.entry(n.clone()).or_default() += 1;
                        }
                    }
                }
            }
            let aliases: usize = recs.iter().map(|r| adv(r).aliases.len()).sum();
            eprintln!(
                "debian {file}: {} records, {} rejected ({whole} whole advisories), {entries} entries, {aliases} aliases; per release (fixed, not-affected, no-fix): {per_release:?}; tags {tags:?}",
                recs.len(),
                rej.len()
            );
            for r in &rej {
                eprintln!("  rejected {r}");
            }
            if file == "DSA/list" {
                assert_eq!(per_release.values().map(|c| c.1).sum::<usize>(), 55);
                assert_eq!(tags.get("<unfixed>"), Some(&3));
                assert_eq!(tags.get("<end-of-life>"), Some(&4));
                let multi = by_id(&recs, "DSA-1991-1");
                assert_eq!(multi.affected.len(), 4);
            } else {
                assert_eq!(tags.get("<end-of-life>"), Some(&1));
            }
            for (codename, _) in per_release {
                assert!(release_number(&codename).is_some(), "{codename}");
            }
        }
    }

    /// The vunnel excerpts in the shared data parse completely.
    #[test]
    fn real_vunnel_debian_fixtures() {
        let dir = std::path::Path::new(
            "/work/shared/data/vunnel-distro-fixtures/tests/unit/providers/debian/test-fixtures/input",
        );
        if !dir.exists() {
            eprintln!("SKIP: /work/shared/data/vunnel-distro-fixtures not present");
            return;
        }
        let json = std::fs::read(dir.join("debian.json")).unwrap();
        assert!(TrackerJsonParser::sniff("debian.json", &json));
        let r = TrackerJsonParser::parse("debian.json", &json);
        assert_eq!((records(&r).len(), rejected(&r).len()), (7, 0));
        let dsa = std::fs::read(dir.join("DSA")).unwrap();
        let r = TrackerListParser::parse("DSA", &dsa);
        assert_eq!((records(&r).len(), rejected(&r).len()), (10, 0));
    }
}
