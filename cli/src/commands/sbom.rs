//! `stella sbom inspect|convert|validate|diff`.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use stella_core::canon::Digest;
use stella_core::sbom::{
    self, Component, Encoding, Inventory, InventoryStats, SbomFormat, Tool, Warning,
};

use crate::args::{
    ConvertArgs, ConvertTarget, DiffArgs, InspectArgs, ReportFormat, SbomCommand, ValidateArgs,
};
use crate::exit::{CliError, Exit};
use crate::render::{self, Palette};
use crate::settings::{Env, Settings};

/// Keep the input bytes for a source excerpt in diagnostics only below this size.
const EXCERPT_MAX_BYTES: usize = 64 << 20;

/// Run a `stella sbom` command.
///
/// # Errors
/// Input, parse and output failures.
pub fn run(cmd: SbomCommand, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    match cmd {
        SbomCommand::Inspect(a) => inspect(a, settings),
        SbomCommand::Convert(a) => convert(a, settings, env),
        SbomCommand::Validate(a) => validate(a, settings),
        SbomCommand::Diff(a) => diff(a, settings),
    }
}

/// Read and parse an SBOM file.
///
/// # Errors
/// [`CliError::Input`] or [`CliError::Sbom`].
pub fn load(path: &Path, settings: &Settings) -> Result<(Vec<u8>, Inventory), CliError> {
    let bytes = stella_core::input::read_bounded(path, settings.max_input_bytes.value).map_err(
        |source| CliError::Input {
            path: path.to_path_buf(),
            source,
        },
    )?;
    match sbom::read(&bytes) {
        Ok(inv) => Ok((bytes, inv)),
        Err(source) => {
            let keep = (bytes.len() <= EXCERPT_MAX_BYTES).then(|| Arc::new(bytes));
            Err(CliError::Sbom {
                path: path.to_path_buf(),
                bytes: keep,
                source,
            })
        }
    }
}

/// Size and digest of an input document.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct InputInfo {
    /// SHA-256 of the file's bytes.
    pub sha256: Digest,
    /// Size in bytes.
    pub bytes: u64,
}

/// A subject component, summarised.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SubjectInfo {
    /// The component's ref in the document.
    #[serde(rename = "ref")]
    pub bom_ref: String,
    /// Name.
    pub name: String,
    /// Version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Purl (normalised).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

/// The document `stella sbom inspect --format json` prints (schema: `schemas/sbom-inspect.schema.json`).
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct InspectReport {
    /// Document kind and version of this report's shape.
    pub kind: String,
    /// The input file (no path: outputs never carry host paths).
    pub input: InputInfo,
    /// SBOM standard.
    pub format: SbomFormat,
    /// Serialisation.
    pub encoding: Encoding,
    /// Spec version as stated by the document.
    pub spec_version: String,
    /// Generating tools.
    pub tools: Vec<Tool>,
    /// Creation time as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The document's own id (serial number / namespace).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
    /// The document's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_name: Option<String>,
    /// What the SBOM describes.
    pub subject: Vec<SubjectInfo>,
    /// Counts.
    pub stats: InventoryStats,
    /// Digest of the inventory's content, independent of format and spelling.
    pub inventory_digest: Digest,
    /// Non-fatal problems met while reading.
    pub warnings: Vec<Warning>,
    /// Every component (with `--components`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
}

/// The report kind string.
pub const INSPECT_KIND: &str = "stella.sbom.inspect/v1";

/// Build the inspect report for an inventory.
pub fn inspect_report(bytes: &[u8], inv: &Inventory, with_components: bool) -> InspectReport {
    let subject = inv
        .subject
        .iter()
        .filter_map(|r| inv.components.iter().find(|c| &c.bom_ref == r))
        .map(|c| SubjectInfo {
            bom_ref: c.bom_ref.clone(),
            name: c.name.clone(),
            version: c.version.clone(),
            purl: c.purl.as_ref().map(ToString::to_string),
        })
        .collect();
    InspectReport {
        kind: INSPECT_KIND.to_string(),
        input: InputInfo {
            sha256: Digest::of_bytes(bytes),
            bytes: bytes.len() as u64,
        },
        format: inv.source.format,
        encoding: inv.source.encoding,
        spec_version: inv.source.spec_version.clone(),
        tools: inv.source.tools.clone(),
        created: inv.source.created.clone(),
        document_id: inv.source.document_id.clone(),
        document_name: inv.source.document_name.clone(),
        subject,
        stats: inv.stats(),
        inventory_digest: inv.digest(),
        warnings: inv.warnings.clone(),
        components: with_components.then(|| inv.components.clone()),
    }
}

fn inspect(a: InspectArgs, settings: &Settings) -> Result<Exit, CliError> {
    let (bytes, inv) = load(&a.file, settings)?;
    let report = inspect_report(&bytes, &inv, a.components);
    match a.format {
        ReportFormat::Json => render::out(&render::json(&report)?)?,
        ReportFormat::Table => render::out(&inspect_table(
            &report,
            Palette {
                on: settings.color_stdout(),
            },
        ))?,
    }
    Ok(Exit::Ok)
}

fn tool_text(t: &Tool) -> String {
    let mut s = String::new();
    if let Some(v) = &t.vendor {
        s.push_str(v);
        s.push(' ');
    }
    s.push_str(&t.name);
    if let Some(v) = &t.version {
        s.push(' ');
        s.push_str(v);
    }
    s
}

/// Render the inspect report as a human-readable table.
pub fn inspect_table(r: &InspectReport, p: Palette) -> String {
    let mut o = String::new();
    let row = |o: &mut String, k: &str, v: &str| {
        o.push_str(&format!("{} {v}\n", p.bold(&format!("{k:<14}"))))
    };
    row(
        &mut o,
        "Format",
        &format!("{} {} ({})", r.format, r.spec_version, r.encoding),
    );
    let tools: Vec<String> = r.tools.iter().map(tool_text).collect();
    let generator = if tools.is_empty() {
        "(not stated)".to_string()
    } else {
        tools.join(", ")
    };
    row(&mut o, "Generator", &generator);
    if let Some(c) = &r.created {
        row(&mut o, "Created", c);
    }
    if let Some(n) = &r.document_name {
        row(&mut o, "Name", n);
    }
    if r.subject.is_empty() {
        row(&mut o, "Subject", "(not stated)");
    }
    for s in &r.subject {
        let mut t = s.name.clone();
        if let Some(v) = &s.version {
            t.push(' ');
            t.push_str(v);
        }
        if let Some(pu) = &s.purl {
            t.push_str(&format!(" ({pu})"));
        }
        row(&mut o, "Subject", &t);
    }
    let st = &r.stats;
    row(
        &mut o,
        "Components",
        &format!("{} ({} unique)", st.components, st.unique_identities),
    );
    let width = st
        .by_ecosystem
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max(12);
    for (eco, n) in &st.by_ecosystem {
        let label = if eco == "unidentified" {
            p.yellow(&format!("{eco:<width$}"))
        } else {
            format!("{eco:<width$}")
        };
        o.push_str(&format!("  {label} {n:>7}\n"));
    }
    row(
        &mut o,
        "Identified",
        &format!(
            "{} with a valid purl, {} unidentified (no or invalid purl), {} in ecosystems stella cannot match",
            st.identified, st.unidentified, st.unsupported_ecosystem
        ),
    );
    row(
        &mut o,
        "Dependencies",
        &format!(
            "{} depends-on edges, {} contains edges",
            st.dependency_edges, st.contains_edges
        ),
    );
    if st.files > 0 {
        row(&mut o, "Files", &st.files.to_string());
    }
    row(
        &mut o,
        "Digest",
        &format!("{} {}", r.inventory_digest, p.dim("(inventory content)")),
    );
    if !r.warnings.is_empty() {
        o.push_str(&format!(
            "{}\n",
            p.yellow(&format!("Warnings ({})", r.warnings.len()))
        ));
        for w in r.warnings.iter().take(20) {
            o.push_str(&format!("  {}: {}\n", w.location, w.message));
        }
        if r.warnings.len() > 20 {
            o.push_str(&format!(
                "  … and {} more (use --format json)\n",
                r.warnings.len() - 20
            ));
        }
    }
    if let Some(components) = &r.components {
        o.push('\n');
        o.push_str(&components_table(components, p));
    }
    o
}

fn components_table(components: &[Component], p: Palette) -> String {
    let mut rows: Vec<[String; 4]> = components
        .iter()
        .map(|c| {
            let eco = match (&c.purl, c.ecosystem) {
                (Some(_), Some(e)) => e.to_string(),
                (Some(pu), None) => format!("other:{}", pu.ty()),
                (None, _) => "unidentified".to_string(),
            };
            let purl = match (&c.purl, &c.purl_error) {
                (Some(pu), _) => pu.to_string(),
                (None, Some(e)) => format!("invalid purl: {e}"),
                (None, None) => String::new(),
            };
            [
                eco,
                c.name.clone(),
                c.version.clone().unwrap_or_default(),
                purl,
            ]
        })
        .collect();
    rows.sort();
    let header = ["ECOSYSTEM", "NAME", "VERSION", "PURL"];
    let mut w = header.map(str::len);
    for r in &rows {
        for (i, cell) in r.iter().enumerate().take(3) {
            w[i] = w[i].max(cell.chars().count()).min(48);
        }
    }
    let mut o = format!(
        "{}\n",
        p.bold(&format!(
            "{:<a$}  {:<b$}  {:<c$}  {}",
            header[0],
            header[1],
            header[2],
            header[3],
            a = w[0],
            b = w[1],
            c = w[2]
        ))
    );
    for r in rows {
        o.push_str(&format!(
            "{:<a$}  {:<b$}  {:<c$}  {}\n",
            r[0],
            r[1],
            r[2],
            r[3],
            a = w[0],
            b = w[1],
            c = w[2]
        ));
    }
    o
}

fn convert(a: ConvertArgs, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    let timestamp = match (&a.at, env.var("SOURCE_DATE_EPOCH")) {
        (Some(at), _) => Some(
            stella_core::time::parse_time(at).map_err(|e| CliError::Usage {
                message: e.to_string(),
                help: Some("for example --at 2026-01-31T12:00:00Z".into()),
            })?,
        ),
        (None, Some(sde)) => {
            Some(
                stella_core::time::from_epoch_str(sde).ok_or_else(|| CliError::Usage {
                    message: format!(
                        "SOURCE_DATE_EPOCH={sde:?} is not a number of seconds since the Unix epoch"
                    ),
                    help: None,
                })?,
            )
        }
        (None, None) => None,
    };
    let (_bytes, inv) = load(&a.file, settings)?;
    let opts = sbom::WriteOptions { timestamp };
    let out = match a.to {
        ConvertTarget::CycloneDx16 => sbom::cyclonedx::write_cyclonedx_1_6(&inv, &opts),
        ConvertTarget::Spdx23 => sbom::spdx2::write_spdx_2_3(&inv, &opts),
    };
    write_output(a.output.as_deref(), &out)?;
    if !settings.quiet.value && a.output.is_some() {
        let unidentified = inv.stats().unidentified;
        let mut note = format!("wrote {} components", inv.components.len());
        if unidentified > 0 {
            note.push_str(&format!(" ({unidentified} without a valid purl)"));
        }
        eprintln!("{note}");
    }
    Ok(Exit::Ok)
}

/// Write bytes to a file atomically, or to standard output.
///
/// # Errors
/// [`CliError::Output`].
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<(), CliError> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            stella_core::input::write_atomic(p, bytes).map_err(|source| CliError::Output {
                path: p.to_path_buf(),
                source,
            })
        }
        _ => render::out(&String::from_utf8_lossy(bytes)),
    }
}

fn validate(a: ValidateArgs, settings: &Settings) -> Result<Exit, CliError> {
    let bytes = stella_core::input::read_bounded(&a.file, settings.max_input_bytes.value).map_err(
        |source| CliError::Input {
            path: a.file.clone(),
            source,
        },
    )?;
    let report = match sbom::validate::validate(&bytes) {
        Ok(r) => r,
        Err(source) => {
            let keep = (bytes.len() <= EXCERPT_MAX_BYTES).then(|| Arc::new(bytes));
            return Err(CliError::Sbom {
                path: a.file.clone(),
                bytes: keep,
                source,
            });
        }
    };
    match a.format {
        ReportFormat::Json => render::out(&render::json(&report)?)?,
        ReportFormat::Table => render::out(&validate_table(
            &report,
            Palette {
                on: settings.color_stdout(),
            },
        ))?,
    }
    if report.is_valid() {
        Ok(Exit::Ok)
    } else {
        Err(CliError::Invalid {
            path: a.file,
            count: report.count(sbom::validate::Severity::Error),
        })
    }
}

/// Render a validation report for people.
pub fn validate_table(r: &sbom::validate::ValidationReport, p: Palette) -> String {
    use sbom::validate::Severity;
    let mut o = format!(
        "{} {} ({}), checked against {}\n",
        r.format, r.spec_version, r.encoding, r.checked_against
    );
    for pr in &r.problems {
        let sev = match pr.severity {
            Severity::Error => p.red("error"),
            Severity::Warning => p.yellow("warning"),
        };
        let line = pr.line.map(|l| format!("line {l}, ")).unwrap_or_default();
        o.push_str(&format!("{sev}: {line}{}: {}\n", pr.location, pr.message));
    }
    if r.truncated {
        o.push_str(&format!(
            "… stopped after {} problems\n",
            sbom::validate::MAX_PROBLEMS
        ));
    }
    let errors = r.count(Severity::Error);
    let warnings = r.count(Severity::Warning);
    let verdict = if errors == 0 {
        p.green("valid")
    } else {
        p.red("invalid")
    };
    o.push_str(&format!(
        "{verdict}: {errors} error(s), {warnings} warning(s)\n"
    ));
    o
}

fn diff(a: DiffArgs, settings: &Settings) -> Result<Exit, CliError> {
    let (_, left) = load(&a.a, settings)?;
    let (_, right) = load(&a.b, settings)?;
    let d = sbom::diff::diff(&left, &right);
    match a.format {
        ReportFormat::Json => render::out(&render::json(&d)?)?,
        ReportFormat::Table => render::out(&diff_table(
            &d,
            &a.a,
            &a.b,
            Palette {
                on: settings.color_stdout(),
            },
        ))?,
    }
    Ok(if a.exit_code && !d.is_empty() {
        Exit::Warn
    } else {
        Exit::Ok
    })
}

fn versions(v: &std::collections::BTreeSet<String>) -> String {
    let items: Vec<&str> = v
        .iter()
        .map(|s| {
            if s.is_empty() {
                "(no version)"
            } else {
                s.as_str()
            }
        })
        .collect();
    items.join(", ")
}

/// Render a diff for people.
pub fn diff_table(d: &sbom::diff::InventoryDiff, a: &Path, b: &Path, p: Palette) -> String {
    let mut o = p.dim(&format!("--- {}\n+++ {}", a.display(), b.display()));
    o.push('\n');
    for e in &d.added {
        o.push_str(&p.green(&format!("+ {} {}", e.key, versions(&e.versions))));
        o.push('\n');
    }
    for e in &d.removed {
        o.push_str(&p.red(&format!("- {} {}", e.key, versions(&e.versions))));
        o.push('\n');
    }
    for c in &d.changed {
        o.push_str(&p.yellow(&format!(
            "~ {} {} → {}",
            c.key,
            versions(&c.before),
            versions(&c.after)
        )));
        o.push('\n');
    }
    o.push_str(&format!(
        "{} added, {} removed, {} changed, {} unchanged\n",
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.unchanged
    ));
    o
}
