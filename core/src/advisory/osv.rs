//! OSV advisories, JSON and YAML, every flavour (PyPA, RustSec, Go, GHSA, Ubuntu, …) → one
//! [`Advisory`] per file.
//!
//! [`Osv`] implements [`Parser`]: one OSV file is one record, so `raw` is the whole file, the
//! locator is empty and `upstream_id` is the record's `id`. [`Osv::read`] gives the normalised
//! [`Advisory`] or an [`OsvError`] that names the field (a JSON pointer), what was expected and
//! what was found. The schema is read as of OSV 1.0 to 1.7: `schema_version` is optional (PyPA
//! and RustSec omit it); `upstream` (1.7) is kept apart from `aliases` and `related`; the object
//! form of `related` (`{type, id}`, proposed after 1.7) is accepted for its `id`.
//!
//! Mapping rules:
//! - **Identity.** The ecosystem comes from `package.ecosystem` ([`Ecosystem::from_osv`], which
//!   also yields the release of `Debian:11`, `Alpine:v3.16`, `Ubuntu:Pro:18.04:LTS`), else from
//!   `package.purl` when the ecosystem string is unknown to Stella; a purl of another ecosystem
//!   than the ecosystem string is a defect, a purl that does not parse is dropped (Ubuntu 1.6.3
//!   writes `?arch=src?distro=…`; the text stays in `raw`). `name` stays as written (Maven
//!   `group:artifact`, Go `stdlib`/`toolchain`), `name_key` is [`Ecosystem::normalize_name`]
//!   (PEP 503 for PyPI).
//!   Several `affected[]` entries for one package stay separate (the matcher takes the union).
//! - **Ranges.** `ECOSYSTEM`, `SEMVER` and `GIT` (with its `repo`; commits are never validated
//!   or compared) keep their events as written. Every non-GIT event version of a known
//!   ecosystem must parse with that ecosystem's comparator — except exactly the values the range
//!   evaluator treats as special (`introduced "0"`, `"0.0.0-0"` under the SemVer-family schemes,
//!   a `limit` containing `*`) — so a record that parses never makes the matcher fail on its
//!   events. Explicit `versions` are kept unvalidated (the evaluator tolerates a bad one).
//!   `fixed` events of non-GIT ranges are copied into [`AffectedPackage::fixed`].
//! - **Severity.** Every `severity[]` entry (top level and per package) is kept verbatim, with
//!   the base score computed by the `cvss` crate when the vector parses and its version matches
//!   the type (`CVSS_V2`, `CVSS_V3` for 3.0/3.1, `CVSS_V4`; a v4 vector with threat or
//!   environmental metrics gives that CVSS-BT/BE/BTE score). Label severities become extra
//!   entries: GHSA `database_specific.severity` and `affected[].{ecosystem,database}_specific.
//!   severity` as scheme `label`, Ubuntu's `ecosystem_specific.ubuntu_priority` as scheme
//!   `Ubuntu` (the OSV severity type defined as that very priority). Identical (scheme, value)
//!   pairs are listed once.
//! - **Other fields.** `database_specific.cwe_ids` → `cwes`; RustSec
//!   `affected[].database_specific.informational` → [`AffectedPackage::informational`];
//!   `withdrawn` is kept (matching skips the record); summary, dates and references as written.
//! - **Rejected**, with the pointer and the rule: a document that is not JSON/YAML or not an
//!   object; a missing or empty `id` or `modified`; a timestamp that is not RFC 3339; a
//!   `schema_version` that is not SemVer `1.x`; a field Stella reads with the wrong type (also a
//!   YAML number where a version string belongs: `1.10` would silently become `1.1`); an
//!   `affected` entry with neither `package` nor `ranges`; an unknown range type or event key; a
//!   range without `introduced`, with both `fixed` and `last_affected`, or GIT without `repo`; an
//!   event version the ecosystem's comparator refuses; a Maven name that is not
//!   `groupId:artifactId`; a purl of another ecosystem than `package.ecosystem`.
//!
//! **The design decision a newcomer would undo:** the record is read by walking an untyped
//! `serde_json::Value`, not by deriving serde structs. YAML (PyPA) cannot be deserialised into
//! the range `Event` enum directly (serde_norway reads enums from YAML tags, OSV writes
//! `{introduced: x}` maps), so both encodings are decoded into one value tree first; and the walk
//! lets every rejection name its JSON pointer and the expected and actual type, lets `null` mean
//! "absent" uniformly, and ignores unknown fields (OSV minor versions only add fields) while the
//! fields Stella reads are checked strictly. The `osv` crate is not used: its closed ecosystem
//! enum fails whole records on an ecosystem it does not know (see CRATES.md). Free-form
//! `database_specific`/`ecosystem_specific` content is read only where it has the expected shape
//! (its meaning belongs to each database), never a reason to reject.

use std::collections::BTreeSet;

use serde::de::{Deserialize, Deserializer, IgnoredAny};
use serde_json::{Map, Value};

use super::{
    Advisory, AdvisoryFormat, AffectedPackage, Normalized, Parser, Record, Reference, Rejected,
    Severity,
};
use crate::ecosystem::{Ecosystem, VersionScheme};
use crate::json::{JsonError, escape_pointer_token};
use crate::purl::Purl;
use crate::version::range::{Event, OsvRange, RangeKind};

/// The OSV parser (JSON and YAML).
#[derive(Debug, Clone, Copy, Default)]
pub struct Osv;

/// Why an OSV document or record was rejected. Pointers are JSON pointers into the record (for
/// YAML too); the empty pointer is the document itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OsvError {
    /// Not well-formed (strict) JSON.
    #[error("not well-formed JSON: {0}")]
    Json(#[source] JsonError),
    /// Not well-formed YAML (the message carries the position).
    #[error("not well-formed YAML: {0}")]
    Yaml(String),
    /// A required field is absent or `null`.
    #[error("{}required field is missing", at(.pointer))]
    Missing {
        /// Where the field should be.
        pointer: String,
    },
    /// A field has the wrong JSON type.
    #[error("{}expected {expected}, got {got}", at(.pointer))]
    WrongType {
        /// The field.
        pointer: String,
        /// What OSV requires there.
        expected: &'static str,
        /// What was found.
        got: String,
    },
    /// A value breaks an OSV rule.
    #[error("{}{message}", at(.pointer))]
    Invalid {
        /// The field.
        pointer: String,
        /// Which rule, and the value.
        message: String,
    },
    /// A range event's version is not a version of the package's ecosystem.
    #[error("{}{event} `{version}` is not a valid {} version: {reason}", at(.pointer), scheme_label(.scheme))]
    InvalidVersion {
        /// The event's field.
        pointer: String,
        /// The event kind (`introduced`, `fixed`, `last_affected`, `limit`).
        event: &'static str,
        /// The version as written.
        version: String,
        /// The ecosystem's scheme.
        scheme: VersionScheme,
        /// Why the comparator refused it.
        reason: String,
    },
}

fn at(pointer: &str) -> String {
    if pointer.is_empty() {
        "document: ".to_string()
    } else {
        format!("`{pointer}`: ")
    }
}

fn scheme_label(scheme: &VersionScheme) -> &'static str {
    match scheme {
        VersionScheme::Semver => "SemVer",
        VersionScheme::Npm => "npm",
        VersionScheme::Go => "Go module",
        VersionScheme::Pep440 => "PEP 440",
        VersionScheme::Maven => "Maven",
        VersionScheme::RubyGems => "RubyGems",
        VersionScheme::NuGet => "NuGet",
        VersionScheme::Composer => "Composer",
        VersionScheme::Dpkg => "dpkg",
        VersionScheme::Rpm => "RPM",
        VersionScheme::Apk => "apk",
    }
}

/// Top-level `id` and `modified`/`affected` keys, found by text (JSON `"id":` or YAML `id:` at
/// the start of a line), for documents too broken to parse.
fn looks_like_broken_osv(body: &[u8]) -> bool {
    let head = &body[..body.len().min(16 * 1024)];
    let text = String::from_utf8_lossy(head);
    let has = |key: &str| {
        text.lines().any(|l| {
            let t = l.trim_start_matches(['{', ' ', '\t']);
            t.starts_with(&format!("\"{key}\":"))
                || t.starts_with(&format!("\"{key}\" :"))
                || l.starts_with(&format!("{key}:"))
        })
    };
    has("id") && (has("modified") || has("affected"))
}

impl Parser for Osv {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::Osv;

    /// A JSON or YAML mapping with a string `id` and at least one of `affected`, `modified`,
    /// `schema_version` at the top level.
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let body = strip_bom(bytes);
        let probe = match first_byte(body) {
            Some(b'{') => serde_json::from_slice::<Probe>(body).ok(),
            Some(b'[') | None => None,
            Some(_) => serde_norway::from_slice::<Probe>(body).ok(),
        };
        match probe {
            Some(p) => p.id.is_some() && (p.affected.0 || p.modified.0 || p.schema.0),
            // A document that does not even parse but has OSV's top-level keys is an OSV record
            // to reject with its syntax error, not an unrelated file to ignore.
            None => looks_like_broken_osv(body),
        }
    }

    fn parse(_name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        let value = match decode(bytes) {
            Ok(v) => v,
            Err(e) => {
                return vec![Err(Rejected {
                    upstream_id: None,
                    locator: String::new(),
                    reason: e.to_string(),
                })];
            }
        };
        let result = match advisory(&value) {
            Ok(adv) => Ok(Record {
                upstream_id: adv.id.clone(),
                locator: String::new(),
                raw: bytes.to_vec(),
                source_hint: source_hint(&adv.id),
                normalized: Normalized::Advisory(adv),
            }),
            Err(e) => Err(Rejected {
                upstream_id: value.get("id").and_then(Value::as_str).map(str::to_string),
                locator: String::new(),
                reason: e.to_string(),
            }),
        };
        vec![result]
    }
}

impl Osv {
    /// Read one OSV document (JSON or YAML) into its normalised advisory.
    ///
    /// # Errors
    /// [`OsvError`] when the document is not well-formed or the record breaks a rule above.
    pub fn read(bytes: &[u8]) -> Result<Advisory, OsvError> {
        advisory(&decode(bytes)?)
    }
}

/// The source name suggested by a record id's prefix: `PYSEC` → `pypa`, `RUSTSEC` → `rustsec`,
/// `GO` → `go`, `GHSA` → `ghsa`, `UBUNTU`/`USN`/`LSN` → `ubuntu`, `DEBIAN`/`DSA`/`DLA`/`DTSA` →
/// `debian`, any other alphanumeric prefix lowercased (`CVE-…` → `cve`), `osv` when there is none.
pub fn source_hint(id: &str) -> String {
    let prefix = id.split_once('-').map_or("", |(p, _)| p);
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return "osv".to_string();
    }
    let upper = prefix.to_ascii_uppercase();
    match upper.as_str() {
        "PYSEC" => "pypa".to_string(),
        "RUSTSEC" => "rustsec".to_string(),
        "GO" => "go".to_string(),
        "GHSA" => "ghsa".to_string(),
        "UBUNTU" | "USN" | "LSN" => "ubuntu".to_string(),
        "DEBIAN" | "DSA" | "DLA" | "DTSA" => "debian".to_string(),
        _ => prefix.to_ascii_lowercase(),
    }
}

/// Which top-level keys a document has (for sniffing without building it).
#[derive(serde::Deserialize)]
struct Probe {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    affected: Seen,
    #[serde(default)]
    modified: Seen,
    #[serde(default, rename = "schema_version")]
    schema: Seen,
}

/// A key that is present (whatever its value).
#[derive(Default)]
struct Seen(bool);

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| Seen(true))
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn first_byte(body: &[u8]) -> Option<u8> {
    body.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// JSON when the first byte is `{` or `[`, else YAML; duplicate keys are refused in both.
fn decode(bytes: &[u8]) -> Result<Value, OsvError> {
    let body = strip_bom(bytes);
    match first_byte(body) {
        Some(b'{' | b'[') => crate::json::parse_strict(body).map_err(OsvError::Json),
        // Through serde_norway's own `Value`: its mappings refuse duplicate keys (a direct
        // `serde_json::Value` would silently keep the last one).
        _ => serde_norway::from_slice::<serde_norway::Value>(body)
            .and_then(|y| serde_json::to_value(y).map_err(serde::ser::Error::custom))
            .map_err(|e| OsvError::Yaml(e.to_string())),
    }
}

type Obj = Map<String, Value>;

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

fn child(ptr: &str, key: &str) -> String {
    format!("{ptr}/{}", escape_pointer_token(key))
}

fn wrong(ptr: String, expected: &'static str, got: &Value) -> OsvError {
    OsvError::WrongType {
        pointer: ptr,
        expected,
        got: describe(got),
    }
}

fn invalid(ptr: String, message: impl Into<String>) -> OsvError {
    OsvError::Invalid {
        pointer: ptr,
        message: message.into(),
    }
}

fn as_obj<'a>(v: &'a Value, ptr: &str) -> Result<&'a Obj, OsvError> {
    v.as_object()
        .ok_or_else(|| wrong(ptr.to_string(), "an object", v))
}

/// A present, non-null field.
fn field<'a>(obj: &'a Obj, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

fn opt_str<'a>(obj: &'a Obj, key: &str, ptr: &str) -> Result<Option<&'a str>, OsvError> {
    match field(obj, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(wrong(child(ptr, key), "a string", other)),
    }
}

fn req_str<'a>(obj: &'a Obj, key: &str, ptr: &str) -> Result<&'a str, OsvError> {
    opt_str(obj, key, ptr)?.ok_or_else(|| OsvError::Missing {
        pointer: child(ptr, key),
    })
}

/// A required string that must not be empty (or only whitespace).
fn req_text<'a>(obj: &'a Obj, key: &str, ptr: &str) -> Result<&'a str, OsvError> {
    let s = req_str(obj, key, ptr)?;
    if s.trim().is_empty() {
        return Err(invalid(child(ptr, key), "must not be empty"));
    }
    Ok(s)
}

fn opt_obj<'a>(obj: &'a Obj, key: &str, ptr: &str) -> Result<Option<&'a Obj>, OsvError> {
    match field(obj, key) {
        None => Ok(None),
        Some(v) => as_obj(v, &child(ptr, key)).map(Some),
    }
}

fn opt_arr<'a>(obj: &'a Obj, key: &str, ptr: &str) -> Result<&'a [Value], OsvError> {
    match field(obj, key) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(other) => Err(wrong(child(ptr, key), "an array", other)),
    }
}

/// An array of strings (absent or null: empty).
fn str_list<'a>(obj: &'a Obj, key: &str, ptr: &str) -> Result<Vec<&'a str>, OsvError> {
    let base = child(ptr, key);
    opt_arr(obj, key, ptr)?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str()
                .ok_or_else(|| wrong(format!("{base}/{i}"), "a string", v))
        })
        .collect()
}

/// An array of non-empty ids.
fn id_set(obj: &Obj, key: &str, ptr: &str) -> Result<BTreeSet<String>, OsvError> {
    let base = child(ptr, key);
    let mut out = BTreeSet::new();
    for (i, s) in str_list(obj, key, ptr)?.into_iter().enumerate() {
        if s.trim().is_empty() {
            return Err(invalid(format!("{base}/{i}"), "an id must not be empty"));
        }
        out.insert(s.to_string());
    }
    Ok(out)
}

/// `related`: ids, or (as proposed after OSV 1.7) objects `{type, id}`.
fn related_set(obj: &Obj) -> Result<BTreeSet<String>, OsvError> {
    let mut out = BTreeSet::new();
    for (i, v) in opt_arr(obj, "related", "")?.iter().enumerate() {
        let ptr = format!("/related/{i}");
        let id = match v {
            Value::String(s) => s.as_str(),
            Value::Object(o) => req_str(o, "id", &ptr)?,
            other => return Err(wrong(ptr, "a string or an object with `id`", other)),
        };
        if id.trim().is_empty() {
            return Err(invalid(ptr, "an id must not be empty"));
        }
        out.insert(id.to_string());
    }
    Ok(out)
}

/// An RFC 3339 timestamp, kept as written.
fn timestamp(obj: &Obj, key: &str, required: bool) -> Result<Option<String>, OsvError> {
    let value = if required {
        Some(req_str(obj, key, "")?)
    } else {
        opt_str(obj, key, "")?
    };
    match value {
        None => Ok(None),
        Some(s) => match s.parse::<jiff::Timestamp>() {
            Ok(_) => Ok(Some(s.to_string())),
            Err(_) => Err(invalid(
                child("", key),
                format!("`{}` is not an RFC 3339 timestamp", clip(s)),
            )),
        },
    }
}

/// At most 80 characters of `s`, for messages.
fn clip(s: &str) -> String {
    clip_to(s, 80)
}

/// At most `n` characters of `s`, then `…`.
fn clip_to(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `schema_version`: SemVer `1.x.y` (OSV promises that minor versions only add fields).
fn check_schema_version(v: &str) -> Result<(), OsvError> {
    let core = v.split(['-', '+']).next().unwrap_or(v);
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !numeric {
        return Err(invalid(
            "/schema_version".to_string(),
            format!("`{}` is not a SemVer version", clip(v)),
        ));
    }
    if parts.first() != Some(&"1") {
        return Err(invalid(
            "/schema_version".to_string(),
            format!("unsupported OSV schema version `{v}` (this reader knows 1.x)"),
        ));
    }
    Ok(())
}

/// Severities in first-seen order, each (scheme, value) once.
#[derive(Default)]
struct Severities(Vec<Severity>);

impl Severities {
    fn push(&mut self, scheme: &str, value: &str) {
        if self
            .0
            .iter()
            .any(|s| s.scheme == scheme && s.value == value)
        {
            return;
        }
        self.0.push(Severity {
            scheme: scheme.to_string(),
            value: value.to_string(),
            score: cvss_score(scheme, value),
            vulnerability: None,
        });
    }

    /// An OSV `severity` array.
    fn read(&mut self, obj: &Obj, ptr: &str) -> Result<(), OsvError> {
        let base = child(ptr, "severity");
        for (i, v) in opt_arr(obj, "severity", ptr)?.iter().enumerate() {
            let p = format!("{base}/{i}");
            let s = as_obj(v, &p)?;
            let ty = req_text(s, "type", &p)?;
            let score = req_text(s, "score", &p)?;
            self.push(ty, score);
        }
        Ok(())
    }

    /// A label from free-form database content, when it is a non-empty string.
    fn label(&mut self, scheme: &str, v: Option<&Value>) {
        if let Some(Value::String(s)) = v
            && !s.trim().is_empty()
        {
            self.push(scheme, s);
        }
    }
}

/// The base score of a CVSS vector whose version matches the OSV severity type.
fn cvss_score(scheme: &str, vector: &str) -> Option<f64> {
    let parsed: cvss::Cvss = vector.parse().ok()?;
    let agrees = matches!(
        (scheme, &parsed),
        ("CVSS_V2", cvss::Cvss::CvssV20(_))
            | ("CVSS_V3", cvss::Cvss::CvssV30(_) | cvss::Cvss::CvssV31(_))
            | ("CVSS_V4", cvss::Cvss::CvssV40(_))
    );
    agrees.then(|| parsed.score())
}

fn advisory(v: &Value) -> Result<Advisory, OsvError> {
    let root = as_obj(v, "")?;
    let id = req_text(root, "id", "")?.to_string();
    if let Some(sv) = opt_str(root, "schema_version", "")? {
        check_schema_version(sv)?;
    }
    let modified = timestamp(root, "modified", true)?;
    let published = timestamp(root, "published", false)?;
    let withdrawn = timestamp(root, "withdrawn", false)?;
    let aliases = id_set(root, "aliases", "")?;
    let related = related_set(root)?;
    let upstream = id_set(root, "upstream", "")?;
    let summary = opt_str(root, "summary", "")?.map(str::to_string);
    opt_str(root, "details", "")?;

    let mut severities = Severities::default();
    severities.read(root, "")?;
    let mut cwes = BTreeSet::new();
    if let Some(db) = opt_obj(root, "database_specific", "")? {
        severities.label("label", db.get("severity"));
        if let Some(Value::Array(ids)) = db.get("cwe_ids") {
            cwes.extend(
                ids.iter()
                    .filter_map(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string),
            );
        }
    }

    let affected = opt_arr(root, "affected", "")?
        .iter()
        .enumerate()
        .map(|(i, a)| affected(a, &format!("/affected/{i}"), &mut severities))
        .collect::<Result<Vec<_>, _>>()?;

    let mut references = Vec::new();
    for (i, r) in opt_arr(root, "references", "")?.iter().enumerate() {
        let p = format!("/references/{i}");
        let r = as_obj(r, &p)?;
        references.push(Reference {
            kind: req_text(r, "type", &p)?.to_string(),
            url: req_text(r, "url", &p)?.to_string(),
        });
    }

    Ok(Advisory {
        id,
        aliases,
        related,
        upstream,
        summary,
        published,
        modified,
        withdrawn,
        severities: severities.0,
        affected,
        cwes,
        references,
    })
}

fn affected(
    v: &Value,
    ptr: &str,
    severities: &mut Severities,
) -> Result<AffectedPackage, OsvError> {
    let a = as_obj(v, ptr)?;
    let package = opt_obj(a, "package", ptr)?;
    let ranges = opt_arr(a, "ranges", ptr)?;
    if package.is_none() && ranges.is_empty() {
        return Err(invalid(
            ptr.to_string(),
            "an affected entry needs a `package` or `ranges`; it has neither",
        ));
    }

    let pkg_ptr = child(ptr, "package");
    let (ecosystem_raw, name, purl) = match package {
        Some(p) => (
            req_text(p, "ecosystem", &pkg_ptr)?,
            req_text(p, "name", &pkg_ptr)?,
            opt_str(p, "purl", &pkg_ptr)?,
        ),
        None => ("", "", None),
    };
    let from_name = if package.is_some() {
        Ecosystem::from_osv(ecosystem_raw)
    } else {
        None
    };
    let named_maven = matches!(from_name, Some((Ecosystem::Maven, _)));
    let purl_ptr = child(&pkg_ptr, "purl");
    // A purl that does not parse is dropped, not a reason to reject: OSV makes it optional
    // and the identity is the ecosystem and name (its text stays in `raw`).
    let parsed_purl = purl.and_then(|text| Purl::parse(text).ok().map(|p| (text, p)));
    let from_purl = parsed_purl.as_ref().and_then(|(_, p)| p.ecosystem());
    let (ecosystem, distro_release) = match (from_name, from_purl) {
        (Some((e, _)), Some(p)) if e != p => {
            return Err(invalid(
                purl_ptr,
                format!(
                    "purl `{}` is a {p} package but package.ecosystem `{}` is {e}",
                    clip(purl.unwrap_or_default()),
                    clip(ecosystem_raw)
                ),
            ));
        }
        (Some((e, release)), _) => (Some(e), release),
        (None, p) => (p, None),
    };
    if named_maven && !name.contains(':') {
        return Err(invalid(
            child(&pkg_ptr, "name"),
            format!(
                "Maven package name `{}` is not `groupId:artifactId`",
                clip(name)
            ),
        ));
    }

    let versions = str_list(a, "versions", ptr)?
        .into_iter()
        .map(str::to_string)
        .collect();

    let scheme = ecosystem.map(Ecosystem::scheme);
    let mut osv_ranges = Vec::with_capacity(ranges.len());
    let mut fixed: Vec<String> = Vec::new();
    for (i, r) in ranges.iter().enumerate() {
        let range = range(r, &format!("{ptr}/ranges/{i}"), scheme)?;
        if range.kind != RangeKind::Git {
            for e in &range.events {
                if let Event::Fixed(f) = e
                    && !fixed.contains(f)
                {
                    fixed.push(f.clone());
                }
            }
        }
        osv_ranges.push(range);
    }

    severities.read(a, ptr)?;
    let eco_specific = opt_obj(a, "ecosystem_specific", ptr)?;
    let db_specific = opt_obj(a, "database_specific", ptr)?;
    if let Some(es) = eco_specific {
        severities.label("label", es.get("severity"));
        severities.label("Ubuntu", es.get("ubuntu_priority"));
    }
    let mut informational = None;
    if let Some(db) = db_specific {
        severities.label("label", db.get("severity"));
        informational = db
            .get("informational")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string);
    }

    Ok(AffectedPackage {
        ecosystem,
        ecosystem_raw: ecosystem_raw.to_string(),
        distro_release,
        name: name.to_string(),
        name_key: ecosystem.map_or_else(|| name.to_string(), |e| e.normalize_name(name)),
        purl: parsed_purl.map(|(text, _)| text.to_string()),
        ranges: osv_ranges,
        versions,
        intervals: Vec::new(),
        constraints: Vec::new(),
        fixed,
        informational,
        ..Default::default()
    })
}

fn range(v: &Value, ptr: &str, scheme: Option<VersionScheme>) -> Result<OsvRange, OsvError> {
    let r = as_obj(v, ptr)?;
    let ty = req_str(r, "type", ptr)?;
    let kind = match ty {
        "ECOSYSTEM" => RangeKind::Ecosystem,
        "SEMVER" => RangeKind::Semver,
        "GIT" => RangeKind::Git,
        other => {
            return Err(invalid(
                child(ptr, "type"),
                format!(
                    "unknown range type `{}` (expected ECOSYSTEM, SEMVER or GIT)",
                    clip(other)
                ),
            ));
        }
    };
    let repo = opt_str(r, "repo", ptr)?.map(str::to_string);
    if kind == RangeKind::Git && repo.as_deref().is_none_or(|s| s.trim().is_empty()) {
        return Err(invalid(child(ptr, "repo"), "a GIT range needs its `repo`"));
    }
    let events_ptr = child(ptr, "events");
    let raw_events = match field(r, "events") {
        None => {
            return Err(OsvError::Missing {
                pointer: events_ptr,
            });
        }
        Some(Value::Array(a)) => a,
        Some(other) => return Err(wrong(events_ptr, "an array", other)),
    };
    let mut events = Vec::with_capacity(raw_events.len());
    for (i, e) in raw_events.iter().enumerate() {
        let ev_ptr = format!("{events_ptr}/{i}");
        let event = event(e, &ev_ptr)?;
        if kind != RangeKind::Git
            && let Some(scheme) = scheme
        {
            check_version(scheme, &event, &child(&ev_ptr, event.kind()))?;
        }
        events.push(event);
    }
    if !events.iter().any(|e| matches!(e, Event::Introduced(_))) {
        return Err(invalid(
            events_ptr,
            "a range needs at least one `introduced` event",
        ));
    }
    let has_fixed = events.iter().any(|e| matches!(e, Event::Fixed(_)));
    let has_last = events.iter().any(|e| matches!(e, Event::LastAffected(_)));
    if has_fixed && has_last {
        return Err(invalid(
            events_ptr,
            "a range may have `fixed` or `last_affected` events, not both",
        ));
    }
    Ok(OsvRange { kind, events, repo })
}

fn event(v: &Value, ptr: &str) -> Result<Event, OsvError> {
    let o = as_obj(v, ptr)?;
    let mut entries = o.iter();
    let (Some((key, value)), None) = (entries.next(), entries.next()) else {
        let keys: Vec<&str> = o.keys().map(String::as_str).collect();
        return Err(invalid(
            ptr.to_string(),
            format!(
                "an event has exactly one of introduced, fixed, last_affected, limit; got {{{}}}",
                clip(&keys.join(", "))
            ),
        ));
    };
    let make: fn(String) -> Event = match key.as_str() {
        "introduced" => Event::Introduced,
        "fixed" => Event::Fixed,
        "last_affected" => Event::LastAffected,
        "limit" => Event::Limit,
        other => {
            return Err(invalid(
                ptr.to_string(),
                format!(
                    "unknown event `{}` (expected introduced, fixed, last_affected or limit)",
                    clip(other)
                ),
            ));
        }
    };
    let vptr = child(ptr, key);
    let text = match value {
        Value::String(s) => s,
        other => return Err(wrong(vptr, "a string", other)),
    };
    if text.trim().is_empty() {
        return Err(invalid(vptr, "an event version must not be empty"));
    }
    Ok(make(text.clone()))
}

/// Validate an event version exactly as the range evaluator will parse it: `introduced "0"`
/// (and `"0.0.0-0"` for the SemVer-family schemes) and `limit`s containing `*` are special.
fn check_version(scheme: VersionScheme, event: &Event, ptr: &str) -> Result<(), OsvError> {
    let special = match event {
        Event::Introduced(v) => {
            v == "0"
                || (v == "0.0.0-0"
                    && matches!(
                        scheme,
                        VersionScheme::Semver | VersionScheme::Npm | VersionScheme::Go
                    ))
        }
        Event::Limit(v) => v.contains('*'),
        Event::Fixed(_) | Event::LastAffected(_) => false,
    };
    if special {
        return Ok(());
    }
    crate::version::validate(scheme, event.version()).map_err(|e| OsvError::InvalidVersion {
        pointer: ptr.to_string(),
        event: event.kind(),
        version: clip(event.version()),
        scheme,
        reason: clip_to(&e.reason, 300),
    })
}

#[cfg(test)]
mod tests;
