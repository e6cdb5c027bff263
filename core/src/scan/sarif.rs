//! SARIF 2.1.0 rendering of a scan [`Report`], shaped for GitHub code scanning.
//!
//! One run; `tool.driver` is Stella with **one rule per vulnerability** (rule id = the
//! vulnerability's primary id) and **one result per finding**. A result points at the SBOM —
//! the file is the only artifact a code-scanning alert can point at — at the line where the
//! component is declared when that line can be found (its `bom-ref` / `SPDXID`), and names the
//! component as a logical location either way.
//!
//! The decision a newcomer might undo: everything that identifies a finding is **stable across
//! runs** — rules and results come out sorted, `partialFingerprints` hash the finding id (not a
//! line, which moves when the SBOM is regenerated), and the only time written is the report's
//! evaluation time (in the run's property bag). The SBOM's URI is the path the user gave,
//! percent-encoded: relative stays relative (code scanning resolves it against the repository
//! root), absolute becomes a `file://` URI.
//!
//! Levels: critical and high are `error`; medium, and findings no source rates, are `warning`;
//! low and none are `note`. `security-severity` (which code scanning ranks alerts by) is written
//! only from a CVSS score a source states, never invented from a label.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::RenderError;
use super::links::id_source;
use super::report::{Finding, Report, Severity};
use crate::canon::Digest;

/// The `$schema` Stella writes (the OASIS SARIF 2.1.0 schema, errata 01).
pub const SARIF_SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of Stella's partial fingerprint (versioned: a new scheme gets a new key).
pub const FINGERPRINT_KEY: &str = "stellaFindingId/v1";

/// What the SARIF renderer needs besides the report.
#[derive(Debug, Clone, Default)]
pub struct SarifOptions<'a> {
    /// The SBOM path as the user gave it (`None` when it was read from standard input).
    pub sbom_path: Option<&'a str>,
    /// The SBOM's bytes, to find the line each component is declared on.
    pub sbom_bytes: Option<&'a [u8]>,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    artifacts: Vec<Artifact>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    properties: BTreeMap<&'static str, serde_json::Value>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    full_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<String>,
    tags: Vec<String>,
    precision: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    location: ArtifactLocation,
    hashes: BTreeMap<&'static str, String>,
    roles: [&'static str; 1],
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// Present for findings VEX suppressed: GitHub code scanning shows them as dismissed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties<'a>,
}

/// A SARIF suppression: the VEX consensus that suppressed a finding.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

/// The suppression of a finding VEX suppressed, citing its consensus and statements.
fn suppression(f: &Finding) -> Vec<Suppression> {
    let Some(v) = &f.vex else {
        return Vec::new();
    };
    let mut text = format!("VEX consensus `{}`", v.status);
    if let Some(j) = &v.justification {
        text.push_str(&format!(" ({j})"));
    }
    text.push_str(&format!(
        ", consensus {}, statements {}",
        v.consensus,
        v.supporting
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    ));
    vec![Suppression {
        kind: "external",
        status: "accepted",
        justification: text,
    }]
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation>,
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    name: &'a str,
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    finding: &'a str,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    bom_ref: &'a str,
    aliases: &'a BTreeSet<String>,
    fixed_versions: &'a [String],
    advisories: BTreeSet<&'a str>,
    observations: BTreeSet<String>,
    kev: bool,
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    kev_cves: &'a BTreeSet<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    informational: Option<&'a str>,
}

/// The SARIF level of a severity (see the module header).
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium | Severity::Unknown => "warning",
        Severity::Low | Severity::None => "note",
    }
}

/// The highest CVSS base score any source states for the finding.
fn max_score(f: &Finding) -> Option<f64> {
    f.severities
        .iter()
        .filter_map(|s| s.score)
        .filter(|s| s.is_finite())
        .fold(None, |acc: Option<f64>, s| {
            Some(acc.map_or(s, |a| a.max(s)))
        })
}

/// A percent-encoded URI reference for a path as the user gave it: relative paths stay relative
/// (with `/` separators and no leading `./`), absolute paths become `file://` URIs.
pub fn path_to_uri(path: &str) -> String {
    let unified = path.replace('\\', "/");
    let absolute = unified.starts_with('/');
    let mut segments: Vec<&str> = unified.split('/').collect();
    if !absolute {
        while segments.len() > 1 && segments.first() == Some(&".") {
            segments.remove(0);
        }
    }
    let encoded: Vec<String> = segments.iter().map(|s| encode_segment(s)).collect();
    let joined = encoded.join("/");
    if absolute {
        format!("file://{joined}")
    } else {
        joined
    }
}

fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        // RFC 3986 unreserved characters and the sub-delimiters safe in a path segment; `:` is
        // encoded so a relative first segment is never read as a scheme.
        if b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            )
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The 1-based line on which each component ref is declared in an SBOM document: CycloneDX
/// JSON `"bom-ref": "…"` and XML `bom-ref="…"`, SPDX JSON `"SPDXID"`, SPDX 3 `"spdxId"`, SPDX
/// tag-value and YAML `SPDXID: …`. The first declaration of a ref wins. Refs Stella synthesised
/// (the document has none) are simply absent.
pub fn declaration_lines(bytes: &[u8]) -> BTreeMap<String, usize> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return BTreeMap::new();
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    for key in ["\"bom-ref\"", "\"SPDXID\"", "\"spdxId\""] {
        for (at, _) in text.match_indices(key) {
            if let Some(v) = json_value_after(&text[at + key.len()..]) {
                found.entry(at).or_insert(v);
            }
        }
    }
    for (at, _) in text.match_indices("bom-ref=") {
        if let Some(v) = xml_attribute_value(&text[at + "bom-ref=".len()..]) {
            found.entry(at).or_insert(v);
        }
    }
    for (at, _) in text.match_indices("SPDXID:") {
        if let Some(v) = plain_value_after(&text[at + "SPDXID:".len()..]) {
            found.entry(at).or_insert(v);
        }
    }
    let mut lines = BTreeMap::new();
    // In document order, so the first declaration wins.
    for (at, value) in found {
        lines.entry(value).or_insert_with(|| line_of(at));
    }
    lines
}

/// `: "value"` after a JSON key → the decoded string.
fn json_value_after(rest: &str) -> Option<String> {
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let body = rest.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => {
                return serde_json::from_str::<String>(&rest[..i + 2]).ok();
            }
            '\n' => return None,
            _ => escaped = false,
        }
    }
    None
}

/// `"value"` or `'value'` of an XML attribute → the value with the predefined entities decoded.
fn xml_attribute_value(rest: &str) -> Option<String> {
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &rest[1..];
    let end = body.find(quote)?;
    let raw = &body[..end];
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// The rest of a `SPDXID: value` line (quotes of a YAML scalar removed).
fn plain_value_after(rest: &str) -> Option<String> {
    let line = rest.split('\n').next()?.trim();
    let v = line
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .or_else(|| line.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')))
        .unwrap_or(line);
    (!v.is_empty()).then(|| v.to_string())
}

fn message(f: &Finding) -> String {
    let mut component = f.component.name.clone();
    if let Some(v) = &f.component.version {
        component.push(' ');
        component.push_str(v);
    }
    if let Some(p) = &f.component.purl {
        component.push_str(&format!(" ({p})"));
    }
    let what = match &f.informational {
        Some(kind) => format!("has a {kind} notice {}", f.vulnerability),
        None => format!("is affected by {}", f.vulnerability),
    };
    let mut m = format!("{component} {what}");
    if let Some(t) = &f.title {
        let t = t.trim();
        // Titles that repeat the id ("CVE-…: …") are not repeated after it.
        let t = t
            .strip_prefix(f.vulnerability.as_str())
            .map(|rest| rest.trim_start_matches([':', ' ']))
            .unwrap_or(t);
        if !t.is_empty() {
            m.push_str(&format!(": {t}"));
        }
    }
    if !m.ends_with('.') {
        m.push('.');
    }
    if f.fixed_versions.is_empty() {
        m.push_str(" No fixed version is known.");
    } else {
        m.push_str(&format!(" Fixed in {}.", f.fixed_versions.join(", ")));
    }
    if f.kev {
        m.push_str(" Known exploited (CISA KEV).");
    }
    m
}

fn help_uri(findings: &[&Finding]) -> Option<String> {
    let first = findings.first()?;
    if let Some(s) = id_source(&first.vulnerability) {
        return Some(s.url);
    }
    let advisories: BTreeSet<&str> = findings
        .iter()
        .flat_map(|f| f.matches.iter().map(|m| m.advisory.as_str()))
        .collect();
    advisories
        .iter()
        .find_map(|a| id_source(a).map(|s| s.url))
        .or_else(|| {
            findings
                .iter()
                .flat_map(|f| f.advisory_urls.iter())
                .min()
                .cloned()
        })
}

fn rule(id: &str, findings: &[&Finding]) -> Rule {
    let title = findings
        .iter()
        .find_map(|f| f.title.as_deref())
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let short = title.map_or_else(|| id.to_string(), str::to_string);
    let aliases: BTreeSet<&str> = findings
        .iter()
        .flat_map(|f| f.aliases.iter().map(String::as_str))
        .filter(|a| *a != id)
        .collect();
    // Many advisory titles already start with the id.
    let mut full = if short.starts_with(id) {
        short.clone()
    } else {
        format!("{id}: {short}")
    };
    if !aliases.is_empty() {
        full.push_str(&format!(
            " (also known as {})",
            aliases.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    let score = findings
        .iter()
        .filter_map(|f| max_score(f))
        .fold(None, |acc: Option<f64>, s| {
            Some(acc.map_or(s, |a| a.max(s)))
        });
    let severity = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Unknown);
    let cwes: BTreeSet<&str> = findings
        .iter()
        .flat_map(|f| f.cwes.iter().map(String::as_str))
        .collect();
    let mut tags = vec!["security".to_string(), "vulnerability".to_string()];
    if let Some(kind) = findings.iter().find_map(|f| f.informational.as_deref()) {
        tags.push(kind.to_string());
    }
    if findings.iter().any(|f| f.kev) {
        tags.push("kev".to_string());
    }
    // The CWE tag spelling code scanning recognises.
    tags.extend(
        cwes.iter()
            .filter_map(|c| {
                c.to_ascii_uppercase()
                    .strip_prefix("CWE-")
                    .map(str::to_string)
            })
            .map(|n| format!("external/cwe/cwe-{n}")),
    );
    let help_uri = help_uri(findings);
    let mut markdown = format!("**{}**\n\n{short}", md_escape(id));
    if !aliases.is_empty() {
        markdown.push_str(&format!(
            "\n\nAliases: {}",
            aliases
                .iter()
                .map(|a| md_escape(a))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(u) = &help_uri {
        markdown.push_str(&format!("\n\nAdvisory: <{u}>"));
    }
    Rule {
        id: id.to_string(),
        short_description: Text {
            text: short.clone(),
        },
        full_description: Text { text: full.clone() },
        help: Help {
            text: match &help_uri {
                Some(u) => format!("{full}\nAdvisory: {u}"),
                None => full,
            },
            markdown,
        },
        help_uri,
        default_configuration: Configuration {
            level: level(severity),
        },
        properties: RuleProperties {
            security_severity: score.map(|s| format!("{s:.1}")),
            tags,
            precision: "high",
        },
    }
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Render a report as a SARIF 2.1.0 log (pretty-printed JSON, trailing newline).
///
/// # Errors
/// [`RenderError`] if serialisation fails (it cannot for the types written here).
pub fn render_sarif(report: &Report, opts: &SarifOptions<'_>) -> Result<Vec<u8>, RenderError> {
    let lines = opts.sbom_bytes.map(declaration_lines).unwrap_or_default();
    let uri = opts.sbom_path.map(path_to_uri);

    // Rules: one per vulnerability, sorted by id.
    // Findings VEX suppressed are results too, with a `suppressions` entry (never dropped).
    let all: Vec<(&Finding, bool)> = report
        .findings
        .iter()
        .map(|f| (f, false))
        .chain(report.suppressed.iter().map(|f| (f, true)))
        .collect();
    let mut by_vuln: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for &(f, _) in &all {
        by_vuln.entry(f.vulnerability.as_str()).or_default().push(f);
    }
    let rule_index: BTreeMap<&str, usize> =
        by_vuln.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let rules: Vec<Rule> = by_vuln.iter().map(|(id, fs)| rule(id, fs)).collect();

    // Two components with one purl give two findings with one id; their fingerprints then
    // include the component ref.
    let mut id_count: BTreeMap<&str, usize> = BTreeMap::new();
    for &(f, _) in &all {
        *id_count.entry(f.id.as_str()).or_insert(0) += 1;
    }
    let mut findings = all;
    findings.sort_by(|(a, _), (b, _)| {
        (&a.vulnerability, &a.id, &a.component.bom_ref).cmp(&(
            &b.vulnerability,
            &b.id,
            &b.component.bom_ref,
        ))
    });
    let results = findings
        .into_iter()
        .map(|(f, is_suppressed)| {
            let fingerprint_input = if id_count.get(f.id.as_str()).copied().unwrap_or(0) > 1 {
                format!("{}#{}", f.id, f.component.bom_ref)
            } else {
                f.id.clone()
            };
            let physical_location = uri.as_ref().map(|u| PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: u.clone(),
                    index: Some(0),
                },
                region: lines
                    .get(&f.component.bom_ref)
                    .map(|&start_line| Region { start_line }),
            });
            SarifResult {
                rule_id: &f.vulnerability,
                rule_index: rule_index
                    .get(f.vulnerability.as_str())
                    .copied()
                    .unwrap_or_default(),
                level: level(f.severity),
                message: Text { text: message(f) },
                locations: vec![Location {
                    physical_location,
                    logical_locations: vec![LogicalLocation {
                        name: &f.component.name,
                        fully_qualified_name: f
                            .component
                            .purl
                            .as_deref()
                            .unwrap_or(&f.component.bom_ref),
                        kind: "package",
                    }],
                }],
                partial_fingerprints: BTreeMap::from([(
                    FINGERPRINT_KEY,
                    Digest::of_bytes(fingerprint_input.as_bytes()).hex(),
                )]),
                suppressions: if is_suppressed {
                    suppression(f)
                } else {
                    Vec::new()
                },
                properties: ResultProperties {
                    finding: &f.id,
                    severity: f.severity,
                    purl: f.component.purl.as_deref(),
                    bom_ref: &f.component.bom_ref,
                    aliases: &f.aliases,
                    fixed_versions: &f.fixed_versions,
                    advisories: f.matches.iter().map(|m| m.advisory.as_str()).collect(),
                    observations: f
                        .matches
                        .iter()
                        .map(|m| m.observation.to_string())
                        .collect(),
                    kev: f.kev,
                    kev_cves: &f.kev_cves,
                    informational: f.informational.as_deref(),
                },
            }
        })
        .collect();

    let artifacts = uri
        .iter()
        .map(|u| Artifact {
            location: ArtifactLocation {
                uri: u.clone(),
                index: None,
            },
            hashes: BTreeMap::from([("sha-256", report.inputs.sbom.digest.hex())]),
            roles: ["analysisTarget"],
        })
        .collect();
    let inputs = &report.inputs;
    let properties = BTreeMap::from([
        ("evaluatedAt", serde_json::json!(inputs.evaluated_at)),
        (
            "knowledgeSnapshot",
            serde_json::json!(inputs.knowledge_snapshot.to_string()),
        ),
        ("reportKind", serde_json::json!(report.kind)),
        (
            "sbom",
            serde_json::json!({
                "digest": inputs.sbom.digest.to_string(),
                "format": inputs.sbom.format,
                "specVersion": inputs.sbom.spec_version,
                "components": inputs.sbom.components,
            }),
        ),
        (
            "summary",
            serde_json::to_value(&report.summary).map_err(RenderError::Json)?,
        ),
    ]);
    let log = Log {
        schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: crate::TOOL_NAME,
                    version: crate::TOOL_VERSION,
                    semantic_version: crate::TOOL_VERSION,
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules,
                },
            },
            artifacts,
            results,
            column_kind: "unicodeCodePoints",
            properties,
        }],
    };
    let mut out = serde_json::to_vec_pretty(&log).map_err(RenderError::Json)?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_keep_relative_paths_relative() {
        assert_eq!(path_to_uri("sbom.json"), "sbom.json");
        assert_eq!(path_to_uri("./dir/my sbom.json"), "dir/my%20sbom.json");
        assert_eq!(path_to_uri("/abs/a:b.json"), "file:///abs/a%3Ab.json");
        assert_eq!(path_to_uri("..\\x\\y.json"), "../x/y.json");
        assert_eq!(path_to_uri("é.json"), "%C3%A9.json");
    }

    #[test]
    fn declaration_lines_in_every_spelling() {
        let json = "{\n \"components\": [\n  {\"bom-ref\" : \"a\\\"b\"},\n  {\"bom-ref\":\"c\"}\n ],\n \"dependencies\":[{\"ref\":\"c\"}]}";
        let l = declaration_lines(json.as_bytes());
        assert_eq!(l.get("a\"b"), Some(&3));
        assert_eq!(l.get("c"), Some(&4));
        let xml = "<bom>\n<components>\n<component bom-ref='x&amp;y'/>\n</components></bom>";
        assert_eq!(declaration_lines(xml.as_bytes()).get("x&y"), Some(&3));
        let tv = "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n\nPackageName: a\nSPDXID: SPDXRef-a\n";
        let l = declaration_lines(tv.as_bytes());
        assert_eq!(l.get("SPDXRef-a"), Some(&5));
        let spdx_json = "{\"documentDescribes\": [\"SPDXRef-p\"],\n\"packages\": [\n{\"SPDXID\": \"SPDXRef-p\"}]}";
        // The first *declaration*, not the first mention.
        assert_eq!(
            declaration_lines(spdx_json.as_bytes()).get("SPDXRef-p"),
            Some(&3)
        );
        assert!(declaration_lines(&[0xff, 0xfe]).is_empty());
    }

    #[test]
    fn levels() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        // Unrated is not quietly demoted to a note.
        assert_eq!(level(Severity::Unknown), "warning");
        assert_eq!(level(Severity::Low), "note");
    }
}
