//! Alpine secdb (`alpine-secdb`, `v3.x/{main,community}.yaml`): one record per (branch,
//! repository, package).
//!
//! A secdb document names its branch (`distroversion: v3.8`) and repository (`reponame: main`)
//! and lists `packages: [- pkg: {name, secfixes: {<fixed apk version>: [ids…]}}]`. Package names
//! are origin (source) package names. Every id listed under version `V` is fixed in `V` *on that
//! branch*; secdb has no "introduced", so each fixed version becomes one [`AffectedPackage`] with
//! the range `introduced "0", fixed V` (the only derivation the format defines), `fixed: [V]`,
//! and — the decision a newcomer would undo — **the ids listed under that version in
//! [`AffectedPackage::vulnerabilities`]**. A package record lists many CVEs fixed at different
//! versions; putting them only in the advisory's aliases would make every CVE of the package
//! "affect" a version that is only below the newest fix. With the per-entry ids the matcher
//! answers "is apk version V of source package P on branch B affected by CVE-X" from the entries
//! naming CVE-X, and the entry that holds V says which fixed version decides.
//!
//! Rules:
//! - [`Record::upstream_id`] and [`Advisory::id`] are `alpine:<distroversion>/<reponame>:<name>`
//!   (`alpine:v3.11/main:openssl`); a name repeated in one document gets `#2`, `#3`, … in
//!   document order. `aliases` = every id the kept entries list. `raw` is the exact lines of the
//!   `- pkg:` entry (trailing blank and comment lines excluded), `locator` `lines A-B`.
//! - Key `0` means "never affected on this branch": an entry with
//!   [`PackageStatus::NotAffected`], no range and no fixed version, so the matcher says "not
//!   affected", never "affected from 0".
//! - secfixes items are ids as written (`CVE-2019-1543`, `XSA-295`, `TALOS-2019-0844`,
//!   `wnpa-sec-2017-21`, `ALPINE-13661`). Unambiguous CVE misspellings are read as the CVE and the
//!   reading is noted on the entry (`CVE_2019-2426`, `CVE 2018-16859`, `CVE-2017-8073.patch`,
//!   `CVE-2017-17434-1`); a parenthesised comment (`(BGP)`) and words that are not ids (`XPTI`)
//!   are kept as notes; the placeholder `CVE-????-?????` is not an id. A key with no ids gets
//!   `vulnerabilities: Some({})` (it can never produce a finding).
//! - A fixed version must parse as an apk version; a bad key (`10.2.26.r0`, a YAML float such as
//!   an unquoted `1.10`, whose text YAML has already lost) is reported as its own [`Rejected`]
//!   (locator = the key's lines) and left out of the record, so one typo does not hide the
//!   package's other fixes.
//!
//! **Why the record boundaries are found by scanning lines:** `raw` must be the record's
//! verbatim lines, and no YAML crate here reports node spans. The block sequence under
//! `packages:` is split at its `- ` items by indentation; each item is then parsed on its own
//! with `serde_norway`, so a broken entry is one [`Rejected`] and the others still parse. When
//! the whole document is valid YAML, the number of items found must equal the YAML's, or the
//! document is rejected rather than mis-sliced.

use std::collections::{BTreeMap, BTreeSet};

use serde_norway::Value;

use super::{
    Advisory, AdvisoryFormat, AffectedPackage, Normalized, PackageStatus, Parser, Record, Rejected,
};
use crate::ecosystem::Ecosystem;
use crate::version::range::{Event, OsvRange, RangeKind};

/// The source name suggested for secdb records.
pub const SOURCE: &str = "alpine";

/// Parser for Alpine secdb YAML documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct SecdbParser;

impl Parser for SecdbParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::AlpineSecdb;

    /// A secdb document has the top-level keys `distroversion:` and `packages:` (checked in
    /// the first 64 KiB; the name is not used).
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(65_536)).unwrap_or(bytes));
        let mut has_distro = false;
        let mut has_packages = false;
        for line in head.lines() {
            has_distro |= is_key_line(line, "distroversion");
            has_packages |= is_key_line(line, "packages");
        }
        has_distro && has_packages
    }

    fn parse(_name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        parse_secdb(bytes)
    }
}

/// One line of the document: byte offset of its start, its text (without the line break) and
/// the offset just past its line break.
#[derive(Debug, Clone, Copy)]
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

fn indent(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

fn is_blank_or_comment(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.starts_with('#')
}

/// `key:` at column 0.
fn is_key_line(text: &str, key: &str) -> bool {
    text.strip_prefix(key).is_some_and(|r| r.starts_with(':'))
}

/// A block-sequence item start (`-` followed by a space or the end of the line).
fn is_item_start(text: &str) -> bool {
    text.strip_prefix('-')
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
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

/// Shift every `at line N` in a YAML error message by `offset` lines (errors from parsing one
/// entry's slice report positions relative to the slice).
fn shift_lines(message: &str, offset: usize) -> String {
    const AT: &str = "at line ";
    let mut out = String::with_capacity(message.len() + 8);
    let mut rest = message;
    while let Some(i) = rest.find(AT) {
        let (before, after) = rest.split_at(i + AT.len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        match after.get(..digits).and_then(|d| d.parse::<usize>().ok()) {
            Some(n) => out.push_str(&(n + offset).to_string()),
            None => out.push_str(after.get(..digits).unwrap_or("")),
        }
        rest = after.get(digits..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// The header fields of a secdb document.
struct Header {
    distroversion: String,
    reponame: String,
}

fn header_field(map: &serde_norway::Mapping, key: &str) -> Result<String, String> {
    match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(v) => Err(format!(
            "`{key}`: expected a non-empty string, got {}",
            value_kind(v)
        )),
        None => Err(format!("missing top-level `{key}`")),
    }
}

fn parse_secdb(bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
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
    let pk: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_key_line(l.text, "packages"))
        .map(|(i, _)| i)
        .collect();
    let p = match pk.as_slice() {
        [p] => *p,
        [] => return doc_reject("no top-level `packages:` key"),
        many => {
            let at: Vec<String> = many.iter().map(|i| (i + 1).to_string()).collect();
            return doc_reject(format!(
                "top-level `packages:` appears {} times (lines {})",
                many.len(),
                at.join(", ")
            ));
        }
    };
    let packages_line = lines.get(p).map(|l| l.text).unwrap_or("");
    let inline = packages_line
        .get("packages:".len()..)
        .unwrap_or("")
        .split(" #")
        .next()
        .unwrap_or("")
        .trim();
    if !inline.is_empty() && !matches!(inline, "[]" | "~" | "null" | "Null" | "NULL") {
        return doc_reject(format!(
            "line {}: `packages:` must be a block sequence of `- pkg:` entries, got inline `{}`",
            p + 1,
            truncate(inline, 80)
        ));
    }

    // The block under `packages:` and its items.
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut item_indent: Option<usize> = None;
    let mut block_end = lines.len();
    for (j, line) in lines.iter().enumerate().skip(p + 1) {
        if is_blank_or_comment(line.text) {
            continue;
        }
        let ind = indent(line.text);
        let body = line.text.get(ind..).unwrap_or("");
        let starts_item = is_item_start(body);
        match item_indent {
            None => {
                if ind == 0 && !starts_item {
                    block_end = j;
                    break;
                }
                if !inline.is_empty() || !starts_item {
                    return doc_reject(format!(
                        "line {}: expected a `- pkg:` item under `packages:`, got `{}`",
                        j + 1,
                        truncate(line.text, 80)
                    ));
                }
                item_indent = Some(ind);
                items.push((j, j));
            }
            Some(ii) => {
                if ind == 0 && !(ii == 0 && starts_item) {
                    block_end = j;
                    break;
                }
                if ind == ii && starts_item {
                    items.push((j, j));
                } else if let Some(last) = items.last_mut() {
                    last.1 = j;
                }
            }
        }
    }

    // The header: the document without the package block.
    let block_start = lines.get(p).map(|l| l.next).unwrap_or(text.len());
    let after = lines.get(block_end).map(|l| l.start).unwrap_or(text.len());
    let header_text = format!(
        "{}{}",
        text.get(..block_start).unwrap_or(""),
        text.get(after..).unwrap_or("")
    );
    let header = match serde_norway::from_str::<Value>(&header_text) {
        Ok(Value::Mapping(m)) => {
            match (
                header_field(&m, "distroversion"),
                header_field(&m, "reponame"),
            ) {
                (Ok(distroversion), Ok(reponame)) => Header {
                    distroversion,
                    reponame,
                },
                (Err(e), _) | (_, Err(e)) => return doc_reject(e),
            }
        }
        Ok(v) => {
            return doc_reject(format!(
                "expected a mapping at the top level, got {}",
                value_kind(&v)
            ));
        }
        // Positions in the header text equal the document's up to the package block.
        Err(e) => return doc_reject(format!("YAML (outside `packages`): {e}")),
    };

    // Safety net: when the whole document is valid YAML, the line scan must agree with it.
    if let Ok(whole) = serde_norway::from_str::<Value>(text) {
        let count = match whole.get("packages") {
            Some(Value::Sequence(s)) => s.len(),
            _ => 0,
        };
        if count != items.len() {
            return doc_reject(format!(
                "the YAML has {count} `packages` entries but {} `- ` items were found at their \
                 indentation; cannot locate the records' lines",
                items.len()
            ));
        }
    }

    let base = format!("alpine:{}/{}", header.distroversion, header.reponame);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(items.len());
    for (first, last) in items {
        // Trailing blank and comment lines belong to no entry.
        let mut last = last;
        while last > first && lines.get(last).is_none_or(|l| is_blank_or_comment(l.text)) {
            last -= 1;
        }
        let start = lines.get(first).map(|l| l.start).unwrap_or(0);
        let end = lines.get(last).map(|l| l.next).unwrap_or(text.len());
        let slice = text.get(start..end).unwrap_or("");
        let scanned_name = scan_name(&lines, first, last);
        let upstream_id = scanned_name.as_ref().map(|n| {
            let k = seen.entry(n.clone()).or_insert(0);
            *k += 1;
            if *k == 1 {
                format!("{base}:{n}")
            } else {
                format!("{base}:{n}#{k}")
            }
        });
        let entry = Entry {
            header: &header,
            lines: &lines,
            first,
            last,
            slice,
            upstream_id,
            scanned_name,
        };
        out.extend(entry.parse());
    }
    out
}

/// The `name:` value of an entry, found by scanning its lines (used for the upstream id, also
/// when the entry's YAML is broken).
fn scan_name(lines: &[Line<'_>], first: usize, last: usize) -> Option<String> {
    lines.get(first..=last)?.iter().find_map(|l| {
        let t = l.text.trim_start();
        let t = t.strip_prefix("- ").map(str::trim_start).unwrap_or(t);
        let v = t.strip_prefix("name:")?;
        let v = v.split(" #").next().unwrap_or("").trim();
        let v = v.trim_matches(|c| c == '"' || c == '\'');
        (!v.is_empty() && !v.chars().any(char::is_whitespace)).then(|| v.to_string())
    })
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

/// One `- pkg:` entry being parsed.
struct Entry<'a> {
    header: &'a Header,
    lines: &'a [Line<'a>],
    first: usize,
    last: usize,
    slice: &'a str,
    upstream_id: Option<String>,
    /// The name as the `name:` line spells it (the id is made from it).
    scanned_name: Option<String>,
}

impl Entry<'_> {
    fn reject(&self, reason: String) -> Rejected {
        Rejected {
            upstream_id: self.upstream_id.clone(),
            locator: lines_locator(self.first, self.last),
            reason,
        }
    }

    fn parse(&self) -> Vec<Result<Record, Rejected>> {
        let value = match serde_norway::from_str::<Value>(self.slice) {
            Ok(v) => v,
            Err(e) => {
                return vec![Err(self.reject(format!(
                    "YAML: {}",
                    shift_lines(&e.to_string(), self.first)
                )))];
            }
        };
        let pkg = match &value {
            Value::Sequence(s) if s.len() == 1 => s.first().and_then(|item| item.get("pkg")),
            _ => None,
        };
        let Some(Value::Mapping(pkg)) = pkg else {
            return vec![Err(self.reject(
                "expected one `- pkg:` entry holding a mapping with `name` and `secfixes`".into(),
            ))];
        };
        let name = match pkg.get("name") {
            Some(Value::String(s))
                if !s.trim().is_empty() && !s.trim().chars().any(char::is_whitespace) =>
            {
                s.trim().to_string()
            }
            Some(v) => {
                return vec![Err(self.reject(format!(
                    "`pkg.name`: expected a package name, got {}",
                    describe(v)
                )))];
            }
            None => return vec![Err(self.reject("`pkg.name` is missing".into()))],
        };
        let Some(upstream_id) = self.upstream_id.clone() else {
            // The line scan could not see the name the YAML has (e.g. a flow mapping).
            return vec![Err(self.reject(format!(
                "the entry's name `{}` is not on a `name:` line; cannot give it an id",
                truncate(&name, 80)
            )))];
        };
        if self.scanned_name.as_deref() != Some(name.as_str()) {
            // An escape or quoting the line scan does not undo: the id would not be the name.
            return vec![Err(self.reject(format!(
                "the `name:` line does not spell the name `{}` literally; cannot give it an id",
                truncate(&name, 80)
            )))];
        }
        let secfixes = match pkg.get("secfixes") {
            None | Some(Value::Null) => None,
            Some(Value::Mapping(m)) => Some(m),
            Some(v) => {
                return vec![Err(self.reject(format!(
                    "`pkg.secfixes`: expected a mapping of fixed version to ids, got {}",
                    value_kind(v)
                )))];
            }
        };

        let mut out = Vec::new();
        let mut affected = Vec::new();
        let mut aliases = BTreeSet::new();
        for (key, ids) in secfixes.into_iter().flatten() {
            match self.fixed_entry(&name, key, ids) {
                Ok(a) => {
                    if let Some(v) = &a.vulnerabilities {
                        aliases.extend(v.iter().cloned());
                    }
                    affected.push(a);
                }
                Err((locator, reason)) => out.push(Err(Rejected {
                    upstream_id: Some(upstream_id.clone()),
                    locator,
                    reason,
                })),
            }
        }
        let advisory = Advisory {
            id: upstream_id.clone(),
            aliases,
            related: BTreeSet::new(),
            upstream: BTreeSet::new(),
            summary: None,
            published: None,
            modified: None,
            withdrawn: None,
            severities: Vec::new(),
            affected,
            cwes: BTreeSet::new(),
            references: Vec::new(),
        };
        out.insert(
            0,
            Ok(Record {
                upstream_id,
                locator: lines_locator(self.first, self.last),
                raw: self.slice.as_bytes().to_vec(),
                source_hint: SOURCE.to_string(),
                normalized: Normalized::Advisory(advisory),
            }),
        );
        out
    }

    /// One `<fixed version>: [ids]` pair → an affected entry, or (locator, reason).
    fn fixed_entry(
        &self,
        name: &str,
        key: &Value,
        ids: &Value,
    ) -> Result<AffectedPackage, (String, String)> {
        let key_text = match key {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
            Value::Number(n) => {
                return Err((
                    lines_locator(self.first, self.last),
                    format!(
                        "secfixes key {n} is a YAML number, not a version string: its text is \
                         lost (a version must be quoted)"
                    ),
                ));
            }
            v => {
                return Err((
                    lines_locator(self.first, self.last),
                    format!(
                        "secfixes key: expected a fixed version, got {}",
                        value_kind(v)
                    ),
                ));
            }
        };
        let locator = self.key_locator(&key_text);
        let mut notes = Vec::new();
        let list: &[Value] = match ids {
            Value::Sequence(s) => s,
            Value::Null => {
                notes.push("no ids listed under this fixed version".to_string());
                &[]
            }
            v => {
                return Err((
                    locator,
                    format!(
                        "secfixes `{key_text}`: expected a list of ids, got {}",
                        value_kind(v)
                    ),
                ));
            }
        };
        let mut vulns = BTreeSet::new();
        for (i, item) in list.iter().enumerate() {
            let Value::String(s) = item else {
                return Err((
                    locator,
                    format!(
                        "secfixes `{key_text}` item #{i}: expected an id string, got {}",
                        describe(item)
                    ),
                ));
            };
            let read = read_ids(s);
            vulns.extend(read.ids.iter().cloned());
            notes.extend(read.note);
        }
        let base = AffectedPackage {
            ecosystem: Some(Ecosystem::Alpine),
            ecosystem_raw: format!("Alpine:{}", self.header.distroversion),
            distro_release: Some(self.header.distroversion.clone()),
            name: name.to_string(),
            name_key: Ecosystem::Alpine.normalize_name(name),
            vulnerabilities: Some(vulns),
            ..AffectedPackage::default()
        };
        if crate::version::apk::is_secdb_never_affected(&key_text) {
            notes.insert(
                0,
                "secfixes key `0`: never affected on this branch".to_string(),
            );
            return Ok(AffectedPackage {
                status: PackageStatus::NotAffected,
                notes,
                ..base
            });
        }
        if let Err(e) = crate::version::validate(Ecosystem::Alpine.scheme(), &key_text) {
            return Err((
                locator,
                format!(
                    "secfixes key `{key_text}` is not a valid apk version: {}",
                    e.reason
                ),
            ));
        }
        Ok(AffectedPackage {
            ranges: vec![OsvRange {
                kind: RangeKind::Ecosystem,
                events: vec![
                    Event::Introduced("0".to_string()),
                    Event::Fixed(key_text.clone()),
                ],
                repo: None,
            }],
            fixed: vec![key_text],
            notes,
            ..base
        })
    }

    /// The lines of one secfixes key and its list, or the whole entry when not found.
    fn key_locator(&self, key: &str) -> String {
        let forms = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ];
        let Some(lines) = self.lines.get(self.first..=self.last) else {
            return lines_locator(self.first, self.last);
        };
        let Some((k, key_line)) = lines.iter().enumerate().find(|(_, l)| {
            let t = l.text.trim_start();
            forms.iter().any(|f| t.starts_with(f.as_str()))
        }) else {
            return lines_locator(self.first, self.last);
        };
        let ind = indent(key_line.text);
        let mut end = k;
        for (j, l) in lines.iter().enumerate().skip(k + 1) {
            if is_blank_or_comment(l.text) {
                continue;
            }
            let li = indent(l.text);
            let body = l.text.get(li..).unwrap_or("");
            if li < ind || (li == ind && !is_item_start(body)) {
                break;
            }
            end = j;
        }
        lines_locator(self.first + k, self.first + end)
    }
}

/// A short description of a YAML value for error messages.
fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{}`", truncate(s, 60)),
        Value::Number(n) => format!("the number {n}"),
        other => value_kind(other).to_string(),
    }
}

/// What one secfixes item string says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReadIds {
    /// The ids, CVE misspellings read as the CVE.
    ids: Vec<String>,
    /// A note when the item is anything but one clean id.
    note: Option<String>,
}

/// Read the ids out of one secfixes item (`CVE-2019-1543`, `CVE-2019-5060 TALOS-2019-0844`,
/// `CVE-2018-16228 (BGP)`, `CVE_2019-2426`, `CVE-????-?????  XSA-295`).
fn read_ids(item: &str) -> ReadIds {
    let (body, comment) = match item.find('(') {
        Some(i) => (
            item.get(..i).unwrap_or(""),
            Some(item.get(i..).unwrap_or("").trim()),
        ),
        None => (item, None),
    };
    let mut tokens: Vec<String> = Vec::new();
    let mut words = body.split_whitespace().peekable();
    while let Some(w) = words.next() {
        // `CVE 2018-16859`: a space where the dash belongs.
        if w.eq_ignore_ascii_case("cve")
            && words
                .peek()
                .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        {
            let n = words.next().unwrap_or("");
            tokens.push(format!("{w}-{n}"));
        } else {
            tokens.push(w.to_string());
        }
    }
    let mut ids = Vec::new();
    let mut skipped = Vec::new();
    for t in &tokens {
        match classify(t) {
            Token::Id(id) => ids.push(id),
            Token::Placeholder | Token::Word => skipped.push(t.as_str()),
        }
    }
    let clean = comment.is_none()
        && skipped.is_empty()
        && ids.len() == 1
        && ids.first().is_some_and(|i| i == item);
    let note = (!clean).then(|| {
        let read = if ids.is_empty() {
            "no id".to_string()
        } else {
            ids.join(", ")
        };
        format!("secfixes item `{}` read as {read}", item.trim())
    });
    ReadIds { ids, note }
}

enum Token {
    /// An id (a CVE in canonical spelling, or another id as written).
    Id(String),
    /// `CVE-????-?????`.
    Placeholder,
    /// Not an id (`XPTI`).
    Word,
}

fn classify(t: &str) -> Token {
    if let Some(cve) = read_cve(t) {
        return cve;
    }
    let has_letter_first = t.starts_with(|c: char| c.is_ascii_alphabetic());
    let charset = t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if has_letter_first && charset && t.contains('-') && t.chars().any(|c| c.is_ascii_digit()) {
        Token::Id(t.to_string())
    } else {
        Token::Word
    }
}

/// `CVE-YYYY-NNNN…` in any of the seen spellings (`CVE_`, a trailing `.patch` or `-1`) → the
/// canonical CVE; `CVE-????-?????` → the placeholder.
fn read_cve(t: &str) -> Option<Token> {
    let prefix = t.get(..3)?;
    if !prefix.eq_ignore_ascii_case("cve") {
        return None;
    }
    let rest = t.get(3..)?;
    let rest = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('_'))
        .unwrap_or(rest);
    if rest.starts_with('?') && rest.chars().all(|c| c == '?' || c == '-') {
        return Some(Token::Placeholder);
    }
    let year = rest.get(..4)?;
    if !year.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let seq = rest.get(4..)?.strip_prefix('-')?;
    let digits: String = seq.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return None;
    }
    Some(Token::Id(format!("CVE-{year}-{digits}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::VersionScheme;
    use crate::version::range::{Verdict, osv_affected};
    use proptest::prelude::*;

    const EXCERPT: &[u8] =
        include_bytes!("../../../testdata/advisory/alpine-secdb/v3.8-main-excerpt.yaml");
    const HEAD: &str = "---\ndistroversion: v3.11\nreponame: main\narchs:\n  - x86_64\npackages:\n";

    fn parse(doc: &str) -> Vec<Result<Record, Rejected>> {
        SecdbParser::parse("v3.11/main.yaml", doc.as_bytes())
    }

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

    fn set(ids: &[&str]) -> Option<BTreeSet<String>> {
        Some(ids.iter().map(|s| s.to_string()).collect())
    }

    /// Is `version` affected by `cve` according to the entries of `a` that name it? Returns
    /// the fixed version that decides.
    fn decide(a: &Advisory, cve: &str, version: &str) -> Option<String> {
        for e in &a.affected {
            if !e.vulnerabilities.as_ref().is_some_and(|v| v.contains(cve)) {
                continue;
            }
            if e.status != PackageStatus::Affected {
                continue;
            }
            let m = osv_affected(VersionScheme::Apk, version, &e.ranges, &e.versions).unwrap();
            if let Verdict::InRange { events, .. } = m.verdict {
                return events.iter().find_map(|ev| match ev {
                    Event::Fixed(v) => Some(v.clone()),
                    _ => None,
                });
            }
        }
        None
    }

    #[test]
    fn one_record_per_package_with_the_ids_of_each_fixed_version() {
        let doc = format!(
            "{HEAD}  - pkg:\n      name: openssl\n      secfixes:\n        1.1.1d-r0:\n          - CVE-2019-1547\n          - CVE-2019-1563\n        1.1.1b-r1:\n          - CVE-2019-1543\n#\n  - pkg:\n      name: zlib\n      secfixes:\n        1.2.11-r0:\n          - CVE-2016-9840\n"
        );
        let results = parse(&doc);
        assert!(rejected(&results).is_empty(), "{results:?}");
        let recs = records(&results);
        assert_eq!(recs.len(), 2);
        let r = recs[0];
        assert_eq!(r.upstream_id, "alpine:v3.11/main:openssl");
        assert_eq!(r.locator, "lines 7-14");
        assert_eq!(r.source_hint, "alpine");
        // The trailing `#` line belongs to no entry.
        assert!(
            std::str::from_utf8(&r.raw)
                .unwrap()
                .ends_with("- CVE-2019-1543\n")
        );
        assert!(doc.contains(std::str::from_utf8(&r.raw).unwrap()));
        let a = adv(r);
        assert_eq!(a.id, "alpine:v3.11/main:openssl");
        assert_eq!(
            a.aliases,
            set(&["CVE-2019-1543", "CVE-2019-1547", "CVE-2019-1563"]).unwrap()
        );
        assert_eq!(a.affected.len(), 2);
        let e = &a.affected[0];
        assert_eq!(e.ecosystem, Some(Ecosystem::Alpine));
        assert_eq!(e.ecosystem_raw, "Alpine:v3.11");
        assert_eq!(e.distro_release.as_deref(), Some("v3.11"));
        assert_eq!(
            (e.name.as_str(), e.name_key.as_str()),
            ("openssl", "openssl")
        );
        assert_eq!(e.fixed, vec!["1.1.1d-r0".to_string()]);
        assert_eq!(
            e.ranges[0].events,
            vec![
                Event::Introduced("0".into()),
                Event::Fixed("1.1.1d-r0".into())
            ]
        );
        assert_eq!(e.vulnerabilities, set(&["CVE-2019-1547", "CVE-2019-1563"]));
        assert!(e.notes.is_empty());
        assert_eq!(a.affected[1].vulnerabilities, set(&["CVE-2019-1543"]));
        assert_eq!(recs[1].locator, "lines 16-20");
    }

    #[test]
    fn the_matcher_can_say_which_fixed_version_decides_per_cve() {
        let doc = format!(
            "{HEAD}  - pkg:\n      name: openssl\n      secfixes:\n        1.1.1d-r0:\n          - CVE-2019-1547\n        1.1.1b-r1:\n          - CVE-2019-1543\n"
        );
        let results = parse(&doc);
        let a = adv(records(&results)[0]);
        // 1.1.1c-r0 is below the 1.1.1d-r0 fix but above the 1.1.1b-r1 one.
        assert_eq!(
            decide(a, "CVE-2019-1547", "1.1.1c-r0").as_deref(),
            Some("1.1.1d-r0")
        );
        assert_eq!(decide(a, "CVE-2019-1543", "1.1.1c-r0"), None);
        assert_eq!(
            decide(a, "CVE-2019-1543", "1.1.1b-r0").as_deref(),
            Some("1.1.1b-r1")
        );
        assert_eq!(decide(a, "CVE-2019-9999", "1.0.0-r0"), None);
    }

    #[test]
    fn real_excerpt_db_key_zero_is_never_affected() {
        let results = SecdbParser::parse("v3.8/main.yaml", EXCERPT);
        let recs = records(&results);
        let db = recs
            .iter()
            .find(|r| r.upstream_id == "alpine:v3.8/main:db")
            .unwrap();
        // Lines 14-23 of the excerpt are lines 287-296 of v3.8/main.yaml.
        assert_eq!(db.locator, "lines 14-23");
        let a = adv(db);
        assert_eq!(a.affected.len(), 1);
        let e = &a.affected[0];
        assert_eq!(e.status, PackageStatus::NotAffected);
        assert!(e.ranges.is_empty() && e.fixed.is_empty() && e.versions.is_empty());
        assert_eq!(
            e.vulnerabilities,
            set(&[
                "CVE-2016-0682",
                "CVE-2016-0689",
                "CVE-2016-0692",
                "CVE-2016-0694",
                "CVE-2016-3418"
            ])
        );
        assert_eq!(
            e.notes,
            vec!["secfixes key `0`: never affected on this branch".to_string()]
        );
        assert_eq!(a.aliases.len(), 5);
        // Never "affected from 0": no version of db is affected by these CVEs.
        for v in ["0", "5.3.28-r0", "18.1.32-r0"] {
            assert_eq!(decide(a, "CVE-2016-0682", v), None);
        }
    }

    #[test]
    fn real_excerpt_bad_version_keys_are_rejected_one_by_one() {
        let results = SecdbParser::parse("v3.8/main.yaml", EXCERPT);
        let recs = records(&results);
        assert_eq!(recs.len(), 3);
        let maria = recs
            .iter()
            .find(|r| r.upstream_id == "alpine:v3.8/main:mariadb")
            .unwrap();
        let a = adv(maria);
        let fixed: Vec<&str> = a.affected.iter().map(|e| e.fixed[0].as_str()).collect();
        assert_eq!(fixed[0], "10.2.19-r0");
        assert!(!fixed.iter().any(|f| f.ends_with(".r0")));
        // The CVEs of the rejected keys are not claimed by the record.
        assert!(!a.aliases.contains("CVE-2019-2805"));
        assert!(a.aliases.contains("CVE-2016-9843"));
        let rej = rejected(&results);
        assert_eq!(rej.len(), 3, "{rej:?}");
        assert_eq!(
            rej[0].upstream_id.as_deref(),
            Some("alpine:v3.8/main:mariadb")
        );
        // `10.2.26.r0:` and its five ids: excerpt lines 27-32.
        assert_eq!(rej[0].locator, "lines 27-32");
        assert!(
            rej[0]
                .reason
                .starts_with("secfixes key `10.2.26.r0` is not a valid apk version"),
            "{}",
            rej[0].reason
        );
        // openssl: 1.0.2h-r0 … 1.0.2r-r0, and CVE-2017-3738 fixed twice (n-r0 and o-r0).
        let openssl = adv(recs[2]);
        let both: Vec<&str> = openssl
            .affected
            .iter()
            .filter(|e| {
                e.vulnerabilities
                    .as_ref()
                    .unwrap()
                    .contains("CVE-2017-3738")
            })
            .map(|e| e.fixed[0].as_str())
            .collect();
        assert_eq!(both, ["1.0.2n-r0", "1.0.2o-r0"]);
        // Union of both entries: the newer fix decides.
        assert_eq!(
            decide(openssl, "CVE-2017-3738", "1.0.2n-r0").as_deref(),
            Some("1.0.2o-r0")
        );
    }

    #[test]
    fn secfixes_items_are_read_as_ids() {
        // (item as written, ids, noted?)
        let table: &[(&str, &[&str], bool)] = &[
            ("CVE-2019-1543", &["CVE-2019-1543"], false),
            ("XSA-295", &["XSA-295"], false),
            ("ALPINE-13661", &["ALPINE-13661"], false),
            ("wnpa-sec-2017-21", &["wnpa-sec-2017-21"], false),
            (
                "CVE-2019-5060 TALOS-2019-0844",
                &["CVE-2019-5060", "TALOS-2019-0844"],
                true,
            ),
            // A parenthesised comment is not an id.
            ("CVE-2018-16228 (BGP)", &["CVE-2018-16228"], true),
            // The unassigned placeholder is not an id.
            ("CVE-????-?????  XSA-295", &["XSA-295"], true),
            // Misspellings of a CVE are read as the CVE.
            ("CVE_2019-2426", &["CVE-2019-2426"], true),
            ("CVE 2018-16859", &["CVE-2018-16859"], true),
            ("CVE-2017-8073.patch", &["CVE-2017-8073"], true),
            ("CVE-2017-17434-1", &["CVE-2017-17434"], true),
            // `XPTI` is a word, not an id.
            (
                "CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI",
                &["CVE-2017-5753", "CVE-2017-5715", "CVE-2017-5754", "XSA-254"],
                true,
            ),
            ("", &[], true),
        ];
        for (item, ids, noted) in table {
            let r = read_ids(item);
            assert_eq!(r.ids, *ids, "{item}");
            assert_eq!(r.note.is_some(), *noted, "{item}: {:?}", r.note);
        }
        assert_eq!(
            read_ids("CVE_2019-2426").note.as_deref(),
            Some("secfixes item `CVE_2019-2426` read as CVE-2019-2426")
        );
    }

    #[test]
    fn a_key_without_ids_is_kept_for_no_vulnerability() {
        // v3.6/main.yaml heimdal: `7.4.0-r0:` with nothing under it.
        let doc = format!(
            "{HEAD}  - pkg:\n      name: heimdal\n      secfixes:\n        7.1.0-r2:\n          - CVE-2017-17439\n        7.4.0-r0:\n"
        );
        let results = parse(&doc);
        assert!(rejected(&results).is_empty());
        let a = adv(records(&results)[0]);
        let e = &a.affected[1];
        assert_eq!(e.fixed, vec!["7.4.0-r0".to_string()]);
        assert_eq!(e.vulnerabilities, Some(BTreeSet::new()));
        assert_eq!(
            e.notes,
            vec!["no ids listed under this fixed version".to_string()]
        );
        assert_eq!(a.aliases.len(), 1);
    }

    #[test]
    fn yaml_number_keys() {
        // An integer key keeps its text; a float has lost it (`1.10` is 1.1).
        let doc = format!(
            "{HEAD}  - pkg:\n      name: x\n      secfixes:\n        7:\n          - CVE-2020-0001\n        1.10:\n          - CVE-2020-0002\n"
        );
        let results = parse(&doc);
        let a = adv(records(&results)[0]);
        assert_eq!(a.affected.len(), 1);
        assert_eq!(a.affected[0].fixed, vec!["7".to_string()]);
        let rej = rejected(&results);
        assert_eq!(rej.len(), 1);
        assert!(rej[0].reason.contains("YAML number"), "{}", rej[0].reason);
    }

    #[test]
    fn a_broken_entry_is_one_rejection_and_the_others_parse() {
        let doc = format!(
            "{HEAD}  - pkg:\n      name: a\n      secfixes:\n        1.0-r0:\n          - CVE-2020-0001\n  - pkg:\n      name: b\n      secfixes: [\n  - pkg:\n      name: c\n      secfixes:\n        2.0-r0: CVE-2020-0003\n  - pkg:\n      name: d\n      secfixes:\n        2.0-r0:\n          - 12\n  - pkg:\n      name: two words\n  - pkg:\n      name: e\n      secfixes:\n        3.0-r0:\n          - CVE-2020-0005\n"
        );
        let results = parse(&doc);
        let ids: Vec<&str> = records(&results)
            .iter()
            .map(|r| r.upstream_id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "alpine:v3.11/main:a",
                "alpine:v3.11/main:c",
                "alpine:v3.11/main:d",
                "alpine:v3.11/main:e"
            ]
        );
        let rej = rejected(&results);
        let reasons: Vec<(&str, &str)> = rej
            .iter()
            .map(|r| (r.locator.as_str(), r.reason.as_str()))
            .collect();
        assert_eq!(rej.len(), 4, "{reasons:#?}");
        assert_eq!(rej[0].upstream_id.as_deref(), Some("alpine:v3.11/main:b"));
        assert_eq!(rej[0].locator, "lines 12-14");
        // The YAML error position is the document's, not the entry's.
        assert!(rej[0].reason.starts_with("YAML: "), "{}", rej[0].reason);
        assert!(
            rej[0].reason.contains("at line 15 column 1"),
            "{}",
            rej[0].reason
        );
        assert!(
            rej[1]
                .reason
                .contains("expected a list of ids, got a string")
        );
        assert!(
            rej[2]
                .reason
                .contains("expected an id string, got the number 12")
        );
        assert!(
            rej[3]
                .reason
                .contains("`pkg.name`: expected a package name")
        );
    }

    #[test]
    fn the_id_is_the_name_as_written() {
        // Quotes are undone by the line scan; an escape is not, so no id can be made.
        let doc = format!(
            "{HEAD}  - pkg:\n      name: \"quoted\" # comment\n  - pkg:\n      name: \"b\\x61d\"\n"
        );
        let results = parse(&doc);
        assert_eq!(records(&results)[0].upstream_id, "alpine:v3.11/main:quoted");
        let rej = rejected(&results);
        assert_eq!(rej.len(), 1);
        assert!(
            rej[0]
                .reason
                .contains("does not spell the name `bad` literally"),
            "{}",
            rej[0].reason
        );
    }

    #[test]
    fn repeated_names_get_a_numbered_id() {
        let doc = format!(
            "{HEAD}  - pkg:\n      name: a\n      secfixes:\n        1.0-r0:\n          - CVE-2020-0001\n  - pkg:\n      name: a\n      secfixes:\n        1.1-r0:\n          - CVE-2020-0002\n"
        );
        let ids: Vec<String> = records(&parse(&doc))
            .iter()
            .map(|r| r.upstream_id.clone())
            .collect();
        assert_eq!(ids, ["alpine:v3.11/main:a", "alpine:v3.11/main:a#2"]);
    }

    #[test]
    fn document_level_rejections() {
        let table: &[(&[u8], &str)] = &[
            (
                b"distroversion: v3.8\nreponame: main\npackages:\n  - pkg:\n      name: \xff\n",
                "not UTF-8",
            ),
            (
                b"distroversion: v3.8\nreponame: main\n",
                "no top-level `packages:` key",
            ),
            (
                b"distroversion: v3.8\nreponame: main\npackages:\npackages:\n",
                "appears 2 times",
            ),
            (
                b"distroversion: v3.8\nreponame: main\npackages: [{pkg: {name: a}}]\n",
                "must be a block sequence",
            ),
            (
                b"reponame: main\npackages:\n",
                "missing top-level `distroversion`",
            ),
            (
                b"distroversion: 3.8\nreponame: main\npackages:\n",
                "`distroversion`: expected a non-empty string, got a number",
            ),
            (
                b"distroversion: v3.8\nreponame: main\npackages:\n  pkg: x\n",
                "expected a `- pkg:` item",
            ),
            (
                b"distroversion: [v3.8\npackages:\n",
                "YAML (outside `packages`)",
            ),
        ];
        for (doc, want) in table {
            let r = SecdbParser::parse("x.yaml", doc);
            assert_eq!(r.len(), 1, "{r:?}");
            let e = r[0].as_ref().unwrap_err();
            assert_eq!(e.locator, "");
            assert!(e.reason.contains(want), "{} ∌ {want}", e.reason);
        }
    }

    #[test]
    fn an_empty_package_list_has_no_records() {
        // v3.3/community.yaml has `packages:` and nothing under it.
        for tail in ["", " # nothing\n", " []\n"] {
            let doc = format!("distroversion: v3.3\nreponame: community\npackages:{tail}\n");
            assert!(parse(&doc).is_empty(), "{tail:?}");
        }
    }

    #[test]
    fn sniff_by_content() {
        assert!(SecdbParser::sniff("anything", EXCERPT));
        assert!(!SecdbParser::sniff("v3.8/main.yaml", b"packages:\n"));
        assert!(!SecdbParser::sniff("x", b"{\"distroversion\": 1}"));
        assert!(!SecdbParser::sniff(
            "x",
            b"  distroversion: v3\n  packages:\n"
        ));
    }

    #[test]
    fn truncated_documents_never_panic() {
        let text = std::str::from_utf8(EXCERPT).unwrap();
        for (i, _) in text.char_indices() {
            for r in SecdbParser::parse("x", text.get(..i).unwrap().as_bytes()) {
                if let Err(e) = r {
                    assert!(!e.reason.is_empty());
                }
            }
        }
    }

    #[test]
    fn absurd_inputs() {
        let long = "9".repeat(100_000);
        let word = "a".repeat(100_000);
        let doc = format!(
            "{HEAD}  - pkg:\n      name: {word}\n      secfixes:\n        1.0-r0:\n          - CVE-2020-{long}\n          - {word}\n"
        );
        let results = parse(&doc);
        assert!(rejected(&results).is_empty());
        let a = adv(records(&results)[0]);
        assert_eq!(a.affected[0].name.len(), 100_000);
        assert_eq!(a.aliases.len(), 1);
        // A 100,000-character key is more than YAML allows for a key: the entry is rejected.
        let doc = format!(
            "{HEAD}  - pkg:\n      name: x\n      secfixes:\n        {long}-r0:\n          - CVE-2020-0001\n"
        );
        let rej = parse(&doc);
        assert_eq!(rejected(&rej).len(), 1);
        assert!(rejected(&rej)[0].reason.starts_with("YAML: "));
        // A 1,020-digit version fits YAML's key limit and apk's length limit, and apk compares
        // numbers of any length exactly.
        let doc = format!(
            "{HEAD}  - pkg:\n      name: x\n      secfixes:\n        {}-r0:\n          - CVE-2020-0001\n",
            "9".repeat(1_020)
        );
        let r = parse(&doc);
        assert_eq!((records(&r).len(), rejected(&r).len()), (1, 0));
        let deep = format!("{HEAD}{}", "  - ".repeat(10_000));
        let _ = parse(&deep);
        let nested = format!("{HEAD}  - pkg:\n      name: {}", "[".repeat(10_000));
        let _ = parse(&nested);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = SecdbParser::parse("x", &bytes);
            let _ = SecdbParser::sniff("x", &bytes);
        }

        #[test]
        fn arbitrary_entries_never_panic(body in "[ -~\n]{0,300}") {
            let _ = parse(&format!("{HEAD}  - pkg:\n{body}"));
        }

        #[test]
        fn ids_are_canonical_cves_or_written_tokens(item in "[ -~]{0,60}") {
            let r = read_ids(&item);
            for id in &r.ids {
                prop_assert!(id.starts_with("CVE-") || item.contains(id.as_str()));
                prop_assert!(!id.chars().any(char::is_whitespace));
            }
        }
    }

    /// Every entry of every secdb file in the shared data parses, or is rejected with a reason.
    #[test]
    fn real_secdb_every_entry_parses_or_is_rejected() {
        let root = std::path::Path::new("/work/shared/data/alpine-secdb");
        if !root.exists() {
            eprintln!("SKIP: /work/shared/data/alpine-secdb not present");
            return;
        }
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root)
            .unwrap()
            .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
            .map(|f| f.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 18);
        let (mut n_records, mut n_entries, mut n_keys, mut n_ids) = (0, 0, 0, 0);
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut never = Vec::new();
        for f in &files {
            let bytes = std::fs::read(f).unwrap();
            let text = std::str::from_utf8(&bytes).unwrap();
            assert!(SecdbParser::sniff("", &bytes), "{f:?}");
            let results = SecdbParser::parse("", &bytes);
            // Independent counts: `- pkg:` lines, and the keys of the whole-document YAML.
            let pkg_lines = text
                .lines()
                .filter(|l| l.trim_start().starts_with("- pkg:"))
                .count();
            let whole: Value = serde_norway::from_str(text).unwrap();
            let keys: usize = whole
                .get("packages")
                .and_then(Value::as_sequence)
                .map(|s| {
                    s.iter()
                        .filter_map(|p| p.get("pkg")?.get("secfixes")?.as_mapping())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0);
            let recs = records(&results);
            let rej = rejected(&results);
            let rec_ids: BTreeSet<&str> = recs.iter().map(|r| r.upstream_id.as_str()).collect();
            assert_eq!(rec_ids.len(), recs.len(), "upstream ids unique in {f:?}");
            let whole_entry_rejections = rej
                .iter()
                .filter(|r| {
                    r.upstream_id
                        .as_deref()
                        .is_none_or(|i| !rec_ids.contains(i))
                })
                .count();
            assert_eq!(recs.len() + whole_entry_rejections, pkg_lines, "{f:?}");
            let entries: usize = recs.iter().map(|r| adv(r).affected.len()).sum();
            let key_rejections = rej.len() - whole_entry_rejections;
            assert_eq!(entries + key_rejections, keys, "{f:?}");
            for r in &recs {
                // `raw` is exactly the lines the locator names.
                let (a, b) = r
                    .locator
                    .trim_start_matches("lines ")
                    .trim_start_matches("line ")
                    .split_once('-')
                    .map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()))
                    .unwrap_or_else(|| {
                        let n = r.locator.trim_start_matches("line ").parse().unwrap();
                        (n, n)
                    });
                let want: String = text
                    .split_inclusive('\n')
                    .skip(a - 1)
                    .take(b - a + 1)
                    .collect();
                assert_eq!(std::str::from_utf8(&r.raw).unwrap(), want);
                for e in &adv(r).affected {
                    n_ids += e.vulnerabilities.as_ref().map_or(0, BTreeSet::len);
                    if e.status == PackageStatus::NotAffected {
                        never.push(r.upstream_id.clone());
                    }
                }
            }
            for r in &rej {
                let key = r.reason.split(':').next().unwrap_or("").to_string();
                *reasons.entry(key).or_default() += 1;
            }
            let branch = f.parent().unwrap().file_name().unwrap().to_string_lossy();
            let repo = f.file_stem().unwrap().to_string_lossy();
            eprintln!(
                "alpine {branch}/{repo}: {} records ({pkg_lines} `- pkg:` lines), {entries} fixed-version entries of {keys} keys, {} rejected",
                recs.len(),
                rej.len()
            );
            n_records += recs.len();
            n_entries += entries;
            n_keys += keys;
        }
        eprintln!(
            "alpine total: {n_records} records, {n_entries}/{n_keys} keys as entries, {n_ids} ids on entries; rejections: {reasons:#?}"
        );
        assert_eq!(n_records, 1652);
        assert_eq!(n_keys, 4265);
        assert_eq!(never, ["alpine:v3.8/main:db"]);
    }
}
