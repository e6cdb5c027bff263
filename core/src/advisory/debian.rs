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
