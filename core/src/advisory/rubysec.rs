//! RubySec (`rubysec/ruby-advisory-db`) advisory YAML: one record per file.
//!
//! Layout: `gems/<gem>/<ID>.yml` (advisories for a gem on rubygems.org) and
//! `rubies/<engine>/<ID>.yml` (advisories for a Ruby implementation: `ruby`, `jruby`, `mruby`,
//! …), where `<ID>` is `CVE-…`, `GHSA-…` or `OSVDB-…`. Fields (README "YAML Schema"): `gem` or
//! `engine`, `url`, `title`, `date`, `description` (required); `cve`, `ghsa`, `osvdb` (ids
//! *without* their prefix), `cvss_v2`/`cvss_v3`/`cvss_v4` (base scores), `patched_versions` and
//! `unaffected_versions` (lists of RubyGems requirement strings, a comma inside one string is
//! AND), `related` (`{cve, ghsa, osvdb, url}` lists), and informational `framework`, `library`,
//! `platform`, `notes`.
//!
//! Mapping to [`Advisory`]: `upstream_id` (and `id`) is `rubysec:<gem>:<file stem>` for gems and
//! `rubysec:rubies/<engine>:<file stem>` for engines (`/` never occurs in a gem name, so the two
//! cannot collide; the stem alone repeats across gems, e.g. one CVE for several Rails gems).
//! Aliases are `CVE-<cve>`, `GHSA-<ghsa>`, `OSVDB-<osvdb>`; `related` ids go to `related` with
//! the same prefixes and `related.url` to references; scores become [`Severity`]
//! `{scheme: "CVSS_V3", value: "7.5", score: 7.5}` with the score text exactly as written (`.17`
//! stays `.17`). Gems are [`Ecosystem::RubyGems`]; engines keep `ecosystem: None` with the
//! engine as name (they are not gems, so never matched against gem components), but their
//! requirements are read and checked the same way, because the format defines them as RubyGems
//! requirements too. `platform` (e.g. a JRuby-only gem advisory) has no place in the model and
//! is not represented.
//!
//! **The design decision a newcomer would undo:** the affected set is computed, not guessed from
//! `patched_versions`: a version is affected when it satisfies *none* of `patched_versions` and
//! *none* of `unaffected_versions` (README; `ruby-advisory-db`'s own `Advisory#vulnerable?`), so
//! `intervals` = complement of the union of every requirement, with RubyGems' `~>` read by
//! [`crate::version::rubygems::parse_requirement`] (`~> 5.2.4` is `>= 5.2.4, < 5.3`; reading
//! it as `>=` misses every later 5.x release line). No `patched_versions` and no
//! `unaffected_versions` means every version is affected (one unbounded interval): the README
//! says to omit `patched_versions` when there is no fix. `constraints` keeps the strings as
//! written (`patched_versions: ~> 5.2.4, >= 5.2.4.3`) and `fixed` lists the lowest version of
//! each patched requirement (`5.2.4.3`), for remediation advice only.

use std::path::Path;

use serde::Deserialize;

use super::{
    Advisory, AdvisoryFormat, AffectedPackage, Normalized, Parser, Record, Reference, Rejected,
    Severity,
};
use crate::ecosystem::Ecosystem;
use crate::version::VersionError;
use crate::version::range::{Bound, RangeSet};
use crate::version::rubygems::RubyGems;

/// The source name RubySec records suggest.
pub const SOURCE: &str = "rubysec";

/// The RubySec advisory YAML parser.
#[derive(Debug, Clone, Copy, Default)]
pub struct RubySecParser;

/// One advisory file. Scalars are read as their text (serde_norway hands a plain scalar's
/// characters to a `String`), so `cvss_v2: .17` and `osvdb: 127779` keep their spelling.
#[derive(Debug, Deserialize)]
struct Doc {
    gem: Option<String>,
    engine: Option<String>,
    cve: Option<String>,
    ghsa: Option<String>,
    osvdb: Option<String>,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    description: Option<String>,
    cvss_v2: Option<String>,
    cvss_v3: Option<String>,
    cvss_v4: Option<String>,
    patched_versions: Option<Vec<String>>,
    unaffected_versions: Option<Vec<String>>,
    related: Option<Related>,
}

/// `related:` — other ids and links.
#[derive(Debug, Default, Deserialize)]
struct Related {
    #[serde(default)]
    cve: Vec<String>,
    #[serde(default)]
    ghsa: Vec<String>,
    #[serde(default)]
    osvdb: Vec<String>,
    #[serde(default)]
    url: Vec<String>,
}

impl Parser for RubySecParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::RubySec;

    /// A YAML mapping with top-level `gem:` or `engine:` plus `url:`, `title:` and `date:`
    /// (the README's required keys). The file name is not consulted.
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        // A cut in the middle of a character at the 64 KiB boundary is fine; bad bytes are not.
        let text = match std::str::from_utf8(head) {
            Ok(t) => t,
            Err(e) => match std::str::from_utf8(&head[..e.valid_up_to()]) {
                Ok(t) if e.error_len().is_none() => t,
                _ => return false,
            },
        };
        let keys = top_level_keys(text);
        let has = |k: &str| keys.contains(&k);
        (has("gem") || has("engine")) && has("url") && has("title") && has("date")
    }

    fn parse(name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        vec![parse_one(name, bytes)]
    }
}

/// The keys of lines that start a top-level mapping entry (`key:` at column 0).
pub(crate) fn top_level_keys(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim_matches(['"', '\''])))
        .collect()
}

/// The file name without its directory and a `.yml`/`.yaml` extension.
pub(crate) fn yaml_stem(name: &str) -> Option<&str> {
    let file = Path::new(name).file_name()?.to_str()?;
    file.strip_suffix(".yml")
        .or_else(|| file.strip_suffix(".yaml"))
        .filter(|s| !s.is_empty())
}

/// `(kind, dir)` when the path ends in `gems/<dir>/<file>` or `rubies/<dir>/<file>`.
fn layout(name: &str) -> Option<(&str, &str)> {
    let mut parts = name.rsplit(['/', '\\']);
    let _file = parts.next()?;
    let dir = parts.next()?;
    let kind = parts.next()?;
    matches!(kind, "gems" | "rubies").then_some((kind, dir))
}

fn parse_one(name: &str, bytes: &[u8]) -> Result<Record, Rejected> {
    // Before the content is read, the id the path promises (for the rejection message).
    let path_id = || {
        let stem = yaml_stem(name)?;
        Some(match layout(name)? {
            ("gems", dir) => format!("rubysec:{dir}:{stem}"),
            (_, dir) => format!("rubysec:rubies/{dir}:{stem}"),
        })
    };
    let reject = |upstream_id: Option<String>, reason: String| Rejected {
        upstream_id,
        locator: String::new(),
        reason,
    };
    let doc: Doc = serde_norway::from_slice(bytes)
        .map_err(|e| reject(path_id(), format!("not a RubySec advisory YAML: {e}")))?;
    let advisory =
        to_advisory(name, doc).map_err(|(id, reason)| reject(id.or_else(path_id), reason))?;
    Ok(Record {
        upstream_id: advisory.id.clone(),
        locator: String::new(),
        raw: bytes.to_vec(),
        source_hint: SOURCE.to_string(),
        normalized: Normalized::Advisory(advisory),
    })
}

type Failure = (Option<String>, String);

fn to_advisory(name: &str, doc: Doc) -> Result<Advisory, Failure> {
    let (kind, subject) = match (&doc.gem, &doc.engine) {
        (Some(g), None) => ("gems", g.trim()),
        (None, Some(e)) => ("rubies", e.trim()),
        (Some(_), Some(_)) => {
            return Err((None, "both `gem` and `engine` are set; expected one".into()));
        }
        (None, None) => {
            return Err((
                None,
                "missing `gem` (or `engine` for a Ruby implementation)".into(),
            ));
        }
    };
    if subject.is_empty() || subject.contains(['/', '\\', ':']) {
        return Err((
            None,
            format!("`{}`: expected a name, got {subject:?}", field_of(kind)),
        ));
    }
    if let Some((dir_kind, dir)) = layout(name)
        && (dir_kind != kind || dir != subject)
    {
        return Err((
            None,
            format!(
                "the file is under `{dir_kind}/{dir}/` but its `{}` is {subject:?}",
                field_of(kind)
            ),
        ));
    }
    let stem = match yaml_stem(name) {
        Some(s) => s.to_string(),
        None => content_id(&doc).ok_or_else(|| {
            (
                None,
                "no file name to take the id from, and no `cve`, `ghsa` or `osvdb`".to_string(),
            )
        })?,
    };
    let id = if kind == "gems" {
        format!("rubysec:{subject}:{stem}")
    } else {
        format!("rubysec:rubies/{subject}:{stem}")
    };
    let fail = |reason: String| (Some(id.clone()), reason);
    let required = |field: &str, v: &Option<String>| -> Result<String, Failure> {
        match v {
            Some(s) if !s.trim().is_empty() => Ok(s.clone()),
            _ => Err(fail(format!("missing required `{field}`"))),
        }
    };
    let url = required("url", &doc.url)?;
    let title = required("title", &doc.title)?;
    let date = required("date", &doc.date)?;
    required("description", &doc.description)?;
    if !(date.len() == 10 && date.parse::<jiff::civil::Date>().is_ok()) {
        return Err(fail(format!(
            "`date`: expected a date `YYYY-MM-DD`, got {date:?}"
        )));
    }

    let mut aliases = std::collections::BTreeSet::new();
    for (prefix, v) in [
        ("CVE-", &doc.cve),
        ("GHSA-", &doc.ghsa),
        ("OSVDB-", &doc.osvdb),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            aliases.insert(prefixed(prefix, v));
        }
    }
    let related_doc = doc.related.unwrap_or_default();
    let mut related = std::collections::BTreeSet::new();
    for (prefix, list) in [
        ("CVE-", &related_doc.cve),
        ("GHSA-", &related_doc.ghsa),
        ("OSVDB-", &related_doc.osvdb),
    ] {
        related.extend(
            list.iter()
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map(|v| prefixed(prefix, v)),
        );
    }
    let mut references = vec![Reference {
        kind: "ADVISORY".into(),
        url,
    }];
    references.extend(related_doc.url.iter().map(|u| Reference {
        kind: "WEB".into(),
        url: u.clone(),
    }));

    let mut severities = Vec::new();
    for (field, scheme, v) in [
        ("cvss_v2", "CVSS_V2", &doc.cvss_v2),
        ("cvss_v3", "CVSS_V3", &doc.cvss_v3),
        ("cvss_v4", "CVSS_V4", &doc.cvss_v4),
    ] {
        if let Some(text) = v {
            let score = text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|s| (0.0..=10.0).contains(s))
                .ok_or_else(|| {
                    fail(format!(
                        "`{field}`: expected a score from 0 to 10, got {:?}",
                        clip(text)
                    ))
                })?;
            severities.push(Severity {
                scheme: scheme.into(),
                value: text.clone(),
                score: Some(score),
                vulnerability: None,
            });
        }
    }

    let patched = doc.patched_versions.unwrap_or_default();
    let unaffected = doc.unaffected_versions.unwrap_or_default();
    let affected_set = affected_set(&patched, &unaffected).map_err(fail)?;
    let mut constraints: Vec<String> = patched
        .iter()
        .map(|p| format!("patched_versions: {p}"))
        .collect();
    constraints.extend(
        unaffected
            .iter()
            .map(|u| format!("unaffected_versions: {u}")),
    );
    let (ecosystem, ecosystem_raw) = if kind == "gems" {
        (Some(Ecosystem::RubyGems), "RubyGems".to_string())
    } else {
        (None, subject.to_string())
    };
    let name_key = ecosystem.map_or_else(|| subject.to_string(), |e| e.normalize_name(subject));
    let package = AffectedPackage {
        ecosystem,
        ecosystem_raw,
        distro_release: None,
        name: subject.to_string(),
        name_key,
        purl: None,
        ranges: Vec::new(),
        versions: Vec::new(),
        intervals: affected_set.affected.intervals,
        constraints,
        fixed: affected_set.fixed,
        informational: None,
        ..Default::default()
    };
    Ok(Advisory {
        id,
        aliases,
        related,
        upstream: Default::default(),
        summary: Some(title.trim().to_string()),
        published: Some(date),
        modified: None,
        withdrawn: None,
        severities,
        affected: vec![package],
        cwes: Default::default(),
        references,
    })
}

fn field_of(kind: &str) -> &'static str {
    if kind == "gems" { "gem" } else { "engine" }
}

/// `prefix + v`, unless `v` already carries the prefix (any case).
fn prefixed(prefix: &str, v: &str) -> String {
    if v.len() >= prefix.len()
        && v.is_char_boundary(prefix.len())
        && v[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        v.to_string()
    } else {
        format!("{prefix}{v}")
    }
}

/// The id the content names, when the file name gives none (CVE, then GHSA, then OSVDB).
fn content_id(doc: &Doc) -> Option<String> {
    [
        ("CVE-", &doc.cve),
        ("GHSA-", &doc.ghsa),
        ("OSVDB-", &doc.osvdb),
    ]
    .into_iter()
    .find_map(|(p, v)| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| prefixed(p, v))
    })
}

fn clip(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(80).collect();
        t.push('…');
        t
    }
}

/// The affected versions of one advisory and its fix versions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AffectedSet {
    /// Versions satisfying none of the patched and unaffected requirements.
    pub(crate) affected: RangeSet,
    /// The lowest version of each patched requirement's intervals, in order, without repeats.
    pub(crate) fixed: Vec<String>,
}

/// Read `patched_versions` and `unaffected_versions` into the affected set.
///
/// # Errors
/// A message naming the list entry whose requirement RubyGems would reject.
pub(crate) fn affected_set(
    patched: &[String],
    unaffected: &[String],
) -> Result<AffectedSet, String> {
    let mut union = RangeSet::empty();
    let mut fixed: Vec<String> = Vec::new();
    for (field, list) in [
        ("patched_versions", patched),
        ("unaffected_versions", unaffected),
    ] {
        for (i, text) in list.iter().enumerate() {
            let set = requirement(text).map_err(|e| {
                format!(
                    "`{field}[{i}]` {:?} is not a RubyGems requirement: {}",
                    clip(text),
                    e.reason
                )
            })?;
            if field == "patched_versions" {
                for interval in &set.intervals {
                    if let Bound::Inclusive(v) = &interval.lower
                        && !fixed.contains(v)
                    {
                        fixed.push(v.clone());
                    }
                }
            }
            union = union.union(&set);
        }
    }
    let affected = union
        .complement::<RubyGems>()
        .map_err(|e| format!("the requirements do not form a RubyGems range: {e}"))?;
    Ok(AffectedSet { affected, fixed })
}

/// One RubyGems requirement string (`"~> 5.2.4, >= 5.2.4.3"`) as a set.
fn requirement(text: &str) -> Result<RangeSet, VersionError> {
    crate::version::rubygems::parse_requirement(text)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::version::range::Interval;

    /// Every regular file of a `.tar.gz`, in archive order: (path, bytes).
    pub(crate) fn tar_gz_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
        use std::io::Read;
        let file = std::fs::File::open(path).unwrap();
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let mut out = Vec::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            out.push((name, bytes));
        }
        out
    }

    /// The single `.tar.gz` in a shared data folder, or `None` (with a SKIP line) without it.
    pub(crate) fn shared_tarball(folder: &str) -> Option<std::path::PathBuf> {
        let dir = Path::new("/work/shared/data").join(folder);
        let found = std::fs::read_dir(&dir).ok().and_then(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().ends_with(".tar.gz"))
        });
        if found.is_none() {
            eprintln!("SKIP: {} not present", dir.display());
        }
        found
    }

    pub(crate) fn testdata(rel: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../testdata/advisory")
            .join(rel);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn advisory(r: &Record) -> &Advisory {
        match &r.normalized {
            Normalized::Advisory(a) => a,
            Normalized::Kev(_) => panic!("not an advisory"),
        }
    }

    fn parse_ok(name: &str, text: &str) -> Record {
        let mut out = RubySecParser::parse(name, text.as_bytes());
        assert_eq!(out.len(), 1);
        out.remove(0).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn parse_err(name: &str, text: &str) -> Rejected {
        let mut out = RubySecParser::parse(name, text.as_bytes());
        assert_eq!(out.len(), 1);
        out.remove(0).expect_err(name)
    }

    const MINIMAL: &str = "---\ngem: rack\ncve: 2020-8184\nghsa: j6w9-fv6q-3q52\nosvdb: 12345\nurl: https://example.org/a\ntitle: Percent-encoded cookies\ndate: 2020-06-15\ndescription: |\n  Text.\ncvss_v2: .17\ncvss_v3: 7.5\ncvss_v4: 10.0\npatched_versions:\n  - \"~> 2.1.4\"\n  - \">= 2.2.0\"\nrelated:\n  cve:\n    - 2020-8161\n  ghsa:\n    - GHSA-5f9h-9pjv-v6j7\n  url:\n    - https://example.org/b\n";

    #[test]
    fn fields_map_onto_the_model() {
        let r = parse_ok("gems/rack/CVE-2020-8184.yml", MINIMAL);
        assert_eq!(r.upstream_id, "rubysec:rack:CVE-2020-8184");
        assert_eq!(r.locator, "");
        assert_eq!(r.source_hint, "rubysec");
        assert_eq!(r.raw, MINIMAL.as_bytes());
        let a = advisory(&r);
        assert_eq!(a.id, r.upstream_id);
        assert_eq!(
            a.aliases.iter().collect::<Vec<_>>(),
            ["CVE-2020-8184", "GHSA-j6w9-fv6q-3q52", "OSVDB-12345"]
        );
        // Already-prefixed related ids are not prefixed twice.
        assert_eq!(
            a.related.iter().collect::<Vec<_>>(),
            ["CVE-2020-8161", "GHSA-5f9h-9pjv-v6j7"]
        );
        assert_eq!(a.summary.as_deref(), Some("Percent-encoded cookies"));
        assert_eq!(a.published.as_deref(), Some("2020-06-15"));
        // Scores keep their spelling: `.17` and `10.0` are not rewritten.
        let sev: Vec<(&str, &str, Option<f64>)> = a
            .severities
            .iter()
            .map(|s| (s.scheme.as_str(), s.value.as_str(), s.score))
            .collect();
        assert_eq!(
            sev,
            [
                ("CVSS_V2", ".17", Some(0.17)),
                ("CVSS_V3", "7.5", Some(7.5)),
                ("CVSS_V4", "10.0", Some(10.0))
            ]
        );
        assert_eq!(
            a.references,
            [
                Reference {
                    kind: "ADVISORY".into(),
                    url: "https://example.org/a".into()
                },
                Reference {
                    kind: "WEB".into(),
                    url: "https://example.org/b".into()
                },
            ]
        );
        let p = &a.affected[0];
        assert_eq!(p.ecosystem, Some(Ecosystem::RubyGems));
        assert_eq!((p.name.as_str(), p.name_key.as_str()), ("rack", "rack"));
        assert_eq!(
            p.constraints,
            ["patched_versions: ~> 2.1.4", "patched_versions: >= 2.2.0"]
        );
        assert_eq!(p.fixed, ["2.1.4", "2.2.0"]);
        // `~> 2.1.4` is [2.1.4, 2.2): below it is affected, and nothing above 2.2.0 is.
        assert_eq!(
            p.intervals,
            [Interval {
                lower: Bound::Unbounded,
                upper: Bound::Exclusive("2.1.4".into())
            }]
        );
    }

    #[test]
    fn engines_keep_no_ecosystem() {
        let text = MINIMAL.replace("gem: rack", "engine: jruby");
        let r = parse_ok("rubies/jruby/CVE-2020-8184.yml", &text);
        assert_eq!(r.upstream_id, "rubysec:rubies/jruby:CVE-2020-8184");
        let p = &advisory(&r).affected[0];
        assert_eq!(p.ecosystem, None);
        assert_eq!(
            (p.ecosystem_raw.as_str(), p.name.as_str()),
            ("jruby", "jruby")
        );
        assert_eq!(p.intervals.len(), 1);
    }

    #[test]
    fn no_patched_versions_means_every_version() {
        let text = MINIMAL
            .split("patched_versions:")
            .next()
            .unwrap()
            .to_string();
        let r = parse_ok("gems/rack/CVE-2020-8184.yml", &text);
        let p = &advisory(&r).affected[0];
        assert_eq!(p.intervals, [Interval::all()]);
        assert!(p.fixed.is_empty() && p.constraints.is_empty());
    }

    #[test]
    fn ids_come_from_the_file_name_or_the_content() {
        // Without a usable file name the CVE (then GHSA, then OSVDB) names the record.
        assert_eq!(
            parse_ok("-", MINIMAL).upstream_id,
            "rubysec:rack:CVE-2020-8184"
        );
        let no_cve = MINIMAL.replace("cve: 2020-8184\n", "");
        assert_eq!(
            parse_ok("-", &no_cve).upstream_id,
            "rubysec:rack:GHSA-j6w9-fv6q-3q52"
        );
        // The stem is taken as written, even when it is not the CVE.
        assert_eq!(
            parse_ok("x/OSVDB-12345.yml", MINIMAL).upstream_id,
            "rubysec:rack:OSVDB-12345"
        );
    }

    #[test]
    fn rejections_name_the_defect() {
        let cases: Vec<(String, &str, &str)> = vec![
            (
                MINIMAL.replace("gem: rack\n", ""),
                "gems/rack/CVE-1.yml",
                "missing `gem`",
            ),
            (
                MINIMAL.replace("gem: rack\n", "gem: rack\nengine: ruby\n"),
                "gems/rack/CVE-1.yml",
                "both `gem` and `engine`",
            ),
            (
                MINIMAL.to_string(),
                "gems/rails/CVE-1.yml",
                "under `gems/rails/` but its `gem` is \"rack\"",
            ),
            (
                MINIMAL.to_string(),
                "rubies/rack/CVE-1.yml",
                "under `rubies/rack/`",
            ),
            (
                MINIMAL.replace("url: https://example.org/a\n", ""),
                "a.yml",
                "missing required `url`",
            ),
            (
                MINIMAL.replace("date: 2020-06-15", "date: June 2020"),
                "a.yml",
                "`date`: expected a date",
            ),
            (
                MINIMAL.replace("cvss_v3: 7.5", "cvss_v3: high"),
                "a.yml",
                "`cvss_v3`: expected a score from 0 to 10, got \"high\"",
            ),
            (
                MINIMAL.replace("cvss_v3: 7.5", "cvss_v3: 75"),
                "a.yml",
                "`cvss_v3`: expected a score",
            ),
            (
                MINIMAL.replace("\"~> 2.1.4\"", "\"~> \""),
                "a.yml",
                "`patched_versions[0]` \"~> \" is not a RubyGems requirement",
            ),
            (
                MINIMAL.replace("\">= 2.2.0\"", "\">= 2.2.0, =< 3\""),
                "a.yml",
                "`patched_versions[1]`",
            ),
            (
                MINIMAL.replace(
                    "  - \"~> 2.1.4\"\n  - \">= 2.2.0\"",
                    "  - \">= 2.2.0\"\nunaffected_versions:\n  - \"< abc!\"",
                ),
                "a.yml",
                "`unaffected_versions[0]`",
            ),
            (
                MINIMAL.replace("  - \"~> 2.1.4\"\n  - \">= 2.2.0\"\n", " \">= 2.2.0\"\n"),
                "a.yml",
                "patched_versions: invalid type: string",
            ),
            (
                MINIMAL.replace("cve: 2020-8184", "cve: [1]"),
                "a.yml",
                "cve: invalid type: sequence",
            ),
            (
                format!("{MINIMAL}gem: other\n"),
                "a.yml",
                "duplicate field `gem`",
            ),
            (
                "- just\n- a list\n".into(),
                "a.yml",
                "not a RubySec advisory YAML",
            ),
            (
                "gem: [unclosed\n".into(),
                "a.yml",
                "not a RubySec advisory YAML",
            ),
            // Truncated at a line end: valid YAML without the later required keys.
            (
                MINIMAL.lines().take(6).collect::<Vec<_>>().join("\n"),
                "a.yml",
                "missing required `title`",
            ),
            // Truncated inside a flow sequence.
            (
                MINIMAL.replace("cve: 2020-8184", "cve: [2020-8184"),
                "a.yml",
                "not a RubySec advisory YAML",
            ),
            ("\u{0}\u{1}".into(), "a.yml", "not a RubySec advisory YAML"),
        ];
        for (text, name, reason) in cases {
            let e = parse_err(name, &text);
            assert!(
                e.reason.contains(reason),
                "{name}: {reason}\n got: {}",
                e.reason
            );
            assert_eq!(e.locator, "");
        }
        // The rejection names the record when the path or the content gives its id.
        let e = parse_err(
            "gems/rack/CVE-2020-8184.yml",
            &MINIMAL.replace("cvss_v3: 7.5", "cvss_v3: x"),
        );
        assert_eq!(e.upstream_id.as_deref(), Some("rubysec:rack:CVE-2020-8184"));
        let e = parse_err("gems/rack/CVE-2020-8184.yml", "gem: [");
        assert_eq!(e.upstream_id.as_deref(), Some("rubysec:rack:CVE-2020-8184"));
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let long = "x".repeat(100_000);
        let inputs = [
            MINIMAL.replace("Percent-encoded cookies", &long),
            MINIMAL.replace("\"~> 2.1.4\"", &format!("\"~> {long}\"")),
            MINIMAL.replace("\"~> 2.1.4\"", "\"~> 99999999999999999999999999999.1\""),
            "a: &a [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n".to_string(),
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_string(),
        ];
        for text in inputs {
            let out = RubySecParser::parse("gems/rack/CVE-2020-8184.yml", text.as_bytes());
            assert_eq!(out.len(), 1);
        }
        // The long title is kept as given.
        let r = parse_ok("a.yml", &MINIMAL.replace("Percent-encoded cookies", &long));
        assert_eq!(advisory(&r).summary.as_deref().map(str::len), Some(100_000));
    }

    #[test]
    fn sniffing_is_by_content() {
        assert!(RubySecParser::sniff("whatever.txt", MINIMAL.as_bytes()));
        let engine = MINIMAL.replace("gem: rack", "engine: ruby");
        assert!(RubySecParser::sniff("x", engine.as_bytes()));
        let fop = b"title: t\nlink: https://x\ncve: CVE-1\nbranches:\n  master:\n    time: ~\n    versions: ['<1']\nreference: composer://a/b\n";
        assert!(!RubySecParser::sniff("gems/a/CVE-1.yml", fop));
        let osv = b"id: PYSEC-2021-1\nmodified: 2021-01-01\naffected:\n- package:\n    name: gem\n";
        assert!(!RubySecParser::sniff("x.yml", osv));
        let secdb = b"distroversion: v3.11\nreponame: main\npackages:\n  - pkg:\n      name: gem\n";
        assert!(!RubySecParser::sniff("x.yaml", secdb));
        assert!(!RubySecParser::sniff("x.yml", b"\xff\xfe"));
    }

    /// The shared samples and one advisory with `unaffected_versions` (vendored in testdata).
    #[test]
    fn real_records_spot_checks() {
        use crate::version::range::RangeSet;
        let affected = |rel: &str, name: &str| -> AffectedPackage {
            let r = RubySecParser::parse(name, &testdata(rel))
                .remove(0)
                .unwrap();
            advisory(&r).affected[0].clone()
        };
        let hit = |p: &AffectedPackage, v: &str| {
            RangeSet {
                intervals: p.intervals.clone(),
            }
            .contains::<RubyGems>(v)
            .unwrap()
            .is_some()
        };
        // sanitize CVE-2018-3740: unaffected `< 1.1.0`, patched `~> 2.1.1` and `>= 4.6.3`.
        let p = affected(
            "rubysec/gems/sanitize/CVE-2018-3740.yml",
            "gems/sanitize/CVE-2018-3740.yml",
        );
        for (v, expect) in [
            ("1.0.9", false), // unaffected
            ("1.1.0", true),
            ("2.0.0", true), // between the unaffected range and the `~>` patch line
            ("2.1.0", true),
            ("2.1.1", false), // `~> 2.1.1` = [2.1.1, 2.2)
            ("2.1.9", false),
            ("2.2.0", true), // `~>` does not reach 2.2: reading it as `>=` would miss this
            ("4.6.2", true),
            ("4.6.3", false),
            ("6.0.0", false),
        ] {
            assert_eq!(hit(&p, v), expect, "sanitize {v}");
        }
        assert_eq!(p.fixed, ["2.1.1", "4.6.3"]);
        assert_eq!(
            p.constraints,
            [
                "patched_versions: ~> 2.1.1",
                "patched_versions: >= 4.6.3",
                "unaffected_versions: < 1.1.0"
            ]
        );
        // activesupport CVE-2023-22796 (GROUND_TRUTH): 6.0.2.1 is affected; 6.1.7.1 and
        // 5.2.8.1 are patched; 6.1.7 is not (the `~> 6.1.7, >= 6.1.7.1` line).
        let p = affected(
            "rubysec/gems/activesupport/CVE-2023-22796.yml",
            "gems/activesupport/CVE-2023-22796.yml",
        );
        for (v, expect) in [
            ("6.0.2.1", true),
            ("6.1.7", true),
            ("6.1.7.1", false),
            ("5.2.8.1", false),
            ("7.0.4", true),
            ("7.0.4.1", false),
        ] {
            assert_eq!(hit(&p, v), expect, "activesupport {v}");
        }
        assert_eq!(p.fixed, ["5.2.8", "6.1.7.1", "7.0.4.1"]);
        // CVE-2020-8165 (`~> 5.2.4, >= 5.2.4.3`, `>= 6.0.3.1`) affects 6.0.2.1.
        let p = affected(
            "rubysec/gems/activesupport/CVE-2020-8165.yml",
            "gems/activesupport/CVE-2020-8165.yml",
        );
        assert!(hit(&p, "6.0.2.1") && hit(&p, "5.2.4.2") && !hit(&p, "5.2.4.3"));
        // CVE-2015-3227 is fixed in 4.2.2 and the 4.1/3.2 lines: 6.0.2.1 is not affected.
        let p = affected(
            "rubysec/gems/activesupport/CVE-2015-3227.yml",
            "gems/activesupport/CVE-2015-3227.yml",
        );
        assert!(!hit(&p, "6.0.2.1") && hit(&p, "4.2.1") && !hit(&p, "4.1.11"));
    }

    fn gem_requirement() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let version = (0u8..4, 0u8..4, prop::option::of(0u8..4)).prop_map(|(a, b, c)| match c {
            Some(c) => format!("{a}.{b}.{c}"),
            None => format!("{a}.{b}"),
        });
        let clause = (
            prop::sample::select(vec![">=", ">", "<", "<=", "~>", "=", "!="]),
            version,
        )
            .prop_map(|(op, v)| format!("{op} {v}"));
        prop::collection::vec(clause, 1..3).prop_map(|c| c.join(", "))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A version is affected exactly when it satisfies no patched and no unaffected
        /// requirement (README), whatever the requirements are.
        #[test]
        fn affected_is_what_no_requirement_covers(
            patched in proptest::collection::vec(gem_requirement(), 0..3),
            unaffected in proptest::collection::vec(gem_requirement(), 0..3),
        ) {
            let set = affected_set(&patched, &unaffected).unwrap();
            for a in 0..5 {
                for b in 0..5 {
                    for v in [format!("{a}.{b}"), format!("{a}.{b}.1"), format!("{a}.{b}.0.a")] {
                        let covered = patched.iter().chain(&unaffected).any(|r| {
                            crate::version::rubygems::parse_requirement(r)
                                .unwrap()
                                .contains::<RubyGems>(&v)
                                .unwrap()
                                .is_some()
                        });
                        let hit = set.affected.contains::<RubyGems>(&v).unwrap().is_some();
                        proptest::prop_assert_eq!(hit, !covered, "{} {:?} {:?}", v, patched, unaffected);
                    }
                }
            }
        }
    }

    /// Every advisory of the snapshot: 1,234 gem + 147 engine files, each parsed or rejected.
    #[test]
    fn real_database() {
        let Some(tarball) = shared_tarball("rubysec-ruby-advisory-db") else {
            return;
        };
        let entries = tar_gz_entries(&tarball);
        let yaml: Vec<&(String, Vec<u8>)> = entries
            .iter()
            .filter(|(n, _)| n.ends_with(".yml"))
            .collect();
        let count = |kind: &str| yaml.iter().filter(|(n, _)| n.starts_with(kind)).count();
        assert_eq!((count("gems/"), count("rubies/")), (1234, 147));
        let mut parsed = std::collections::BTreeMap::<String, usize>::new();
        let mut rejected = Vec::new();
        let mut ids = std::collections::BTreeSet::new();
        let (mut everywhere, mut nothing) = (0, 0);
        for (name, bytes) in &yaml {
            assert!(RubySecParser::sniff(name, bytes), "{name} not sniffed");
            for r in RubySecParser::parse(name, bytes) {
                match r {
                    Ok(r) => {
                        let a = advisory(&r);
                        let p = &a.affected[0];
                        *parsed.entry(p.ecosystem_raw.clone()).or_default() += 1;
                        if p.intervals == [Interval::all()] {
                            everywhere += 1;
                        }
                        if p.intervals.is_empty() {
                            eprintln!("rubysec affects nothing: {name} {:?}", p.constraints);
                            nothing += 1;
                        }
                        assert!(
                            ids.insert(r.upstream_id.clone()),
                            "{} repeats",
                            r.upstream_id
                        );
                        assert_eq!(r.raw, *bytes);
                    }
                    Err(e) => rejected.push(format!("{name}: {}", e.reason)),
                }
            }
        }
        eprintln!("rubysec parsed per ecosystem: {parsed:?}");
        eprintln!("rubysec affected everywhere: {everywhere}, affecting nothing: {nothing}");
        for r in &rejected {
            eprintln!("rubysec rejected: {r}");
        }
        assert_eq!(parsed.values().sum::<usize>() + rejected.len(), 1381);
        assert!(rejected.is_empty(), "{} rejected", rejected.len());
    }
}
