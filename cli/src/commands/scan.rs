//! `stella scan`: SBOM × knowledge → findings, rendered for people, scripts and CI.

use std::collections::{BTreeMap, BTreeSet};

use stella_core::store::VexStore;

use stella_core::canon::Digest;
use stella_core::scan::{self, Finding, Report, ScanOptions, Severity};

use crate::args::{ScanArgs, ScanFormat};
use crate::exit::{CliError, Exit};
use crate::render::Palette;
use crate::settings::{Env, Settings};

/// Run `stella scan`.
///
/// # Errors
/// Input, store and output failures.
pub fn run(a: ScanArgs, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    let at = evaluation_time(a.at.as_deref(), env)?;
    let severities: Vec<Severity> = a
        .severity
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.parse::<Severity>().map_err(|e| CliError::Usage {
                message: e,
                help: None,
            })
        })
        .collect::<Result<_, _>>()?;
    let fail_on = a
        .fail_on
        .as_deref()
        .map(|s| {
            s.parse::<Severity>().map_err(|e| CliError::Usage {
                message: e,
                help: None,
            })
        })
        .transpose()?;
    let (bytes, inv) = super::sbom::load(&a.sbom, settings)?;
    let trust = super::vex::trust_config(a.vex_trust.as_deref(), settings)?;
    let mut store = crate::seed::store_for_scan(settings)?;
    if !a.vex.is_empty() {
        super::vex::ingest_for_scan(&mut store, &a.vex, settings, env)?;
    }
    let store_err = |source| CliError::Store {
        path: settings.db.value.clone(),
        source: Box::new(source),
    };
    let mut report = scan::scan(&inv, Digest::of_bytes(&bytes), &store, &ScanOptions { at })
        .map_err(|e| match e {
            scan::ScanError::Store(source) => store_err(source),
        })?;
    // VEX in the store about any id of any finding (through its aliases).
    let ids: BTreeSet<&str> = report
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.vulnerability).chain(f.aliases.iter()))
        .map(String::as_str)
        .collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    let statements = store.vex_by_vulnerability(&ids).map_err(store_err)?;
    if !statements.is_empty() || !a.vex.is_empty() {
        stella_core::vex::apply::apply(&mut report, &inv, &statements, &trust, at);
    }
    filter(&mut report, &severities, a.ignore_unfixed);
    let out: Vec<u8> = match a.format {
        ScanFormat::Table => table(
            &report,
            Palette {
                on: settings.color_stdout() && a.output.is_none(),
            },
        )
        .into_bytes(),
        ScanFormat::Json => {
            let mut v = report
                .to_canonical_json()
                .map_err(|e| CliError::Internal(format!("report is not canonicalisable: {e}")))?;
            v.push(b'\n');
            v
        }
        ScanFormat::Ndjson => ndjson(&report)?.into_bytes(),
        ScanFormat::Sarif => {
            // The path as the user gave it (relative stays relative); none for standard input.
            let path = a.sbom.to_string_lossy();
            let opts = scan::sarif::SarifOptions {
                sbom_path: (path != "-").then_some(path.as_ref()),
                sbom_bytes: Some(&bytes),
            };
            scan::sarif::render_sarif(&report, &opts)
                .map_err(|e| CliError::Internal(format!("SARIF rendering failed: {e}")))?
        }
        ScanFormat::Cyclonedx => scan::vdr::render_vdr(&report, &inv)
            .map_err(|e| CliError::Internal(format!("CycloneDX rendering failed: {e}")))?,
    };
    super::sbom::write_output(a.output.as_deref(), &out)?;
    // Severities order unknown < none < low < …: findings without any stated severity only
    // meet `--fail-on unknown`.
    if let Some(threshold) = fail_on
        && report.findings.iter().any(|f| f.severity >= threshold)
    {
        return Ok(Exit::Block);
    }
    Ok(Exit::Ok)
}

/// `--at`, else `SOURCE_DATE_EPOCH`, else the clock — read once here and passed in as an input.
pub(crate) fn evaluation_time(
    at: Option<&str>,
    env: &Env,
) -> Result<stella_core::time::Timestamp, CliError> {
    match (at, env.var("SOURCE_DATE_EPOCH")) {
        (Some(t), _) => stella_core::time::parse_time(t).map_err(|e| CliError::Usage {
            message: e.to_string(),
            help: Some("for example --at 2026-01-31T12:00:00Z".into()),
        }),
        (None, Some(sde)) => {
            stella_core::time::from_epoch_str(sde).ok_or_else(|| CliError::Usage {
                message: format!(
                    "SOURCE_DATE_EPOCH={sde:?} is not a number of seconds since the Unix epoch"
                ),
                help: None,
            })
        }
        (None, None) => Ok(stella_core::time::Timestamp::now()),
    }
}

/// Apply `--severity` and `--ignore-unfixed`, then recount.
pub fn filter(report: &mut Report, severities: &[Severity], ignore_unfixed: bool) {
    let keep = |f: &Finding| {
        (severities.is_empty() || severities.contains(&f.severity))
            && (!ignore_unfixed || !f.fixed_versions.is_empty())
    };
    report.findings.retain(keep);
    report.suppressed.retain(keep);
    report.recount();
}

fn ndjson(report: &Report) -> Result<String, CliError> {
    let mut out = String::new();
    for f in &report.findings {
        let bytes = stella_core::canon::to_canonical_vec(f)
            .map_err(|e| CliError::Internal(format!("finding is not canonicalisable: {e}")))?;
        out.push_str(&String::from_utf8_lossy(&bytes));
        out.push('\n');
    }
    Ok(out)
}

fn colour_severity(s: Severity, p: Palette) -> String {
    let text = format!("{:<8}", s.as_str().to_uppercase());
    match s {
        Severity::Critical | Severity::High => p.red(&text),
        Severity::Medium => p.yellow(&text),
        _ => p.dim(&text),
    }
}

/// The human table: findings grouped by component, then counts.
pub fn table(report: &Report, p: Palette) -> String {
    let mut by_component: BTreeMap<(String, String), Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        let key = (
            f.component
                .purl
                .clone()
                .unwrap_or_else(|| f.component.name.clone()),
            f.component.bom_ref.clone(),
        );
        by_component.entry(key).or_default().push(f);
    }
    let mut o = String::new();
    for ((label, _), findings) in &by_component {
        o.push_str(&format!("{}\n", p.bold(label)));
        let mut fs = findings.clone();
        fs.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.vulnerability.cmp(&b.vulnerability))
        });
        for f in fs {
            let fixed = if f.fixed_versions.is_empty() {
                "no fix".to_string()
            } else {
                format!("fixed in {}", f.fixed_versions.join(", "))
            };
            let kev = if f.kev { p.red(" KEV") } else { String::new() };
            let info = f
                .informational
                .as_deref()
                .map(|i| format!(" ({i})"))
                .unwrap_or_default();
            let sources: Vec<&str> = {
                let mut v: Vec<&str> = f.matches.iter().map(|m| m.advisory.as_str()).collect();
                v.sort();
                v.dedup();
                v
            };
            o.push_str(&format!(
                "  {} {:<20} {fixed}{kev}{info}  {}\n",
                colour_severity(f.severity, p),
                f.vulnerability,
                p.dim(&format!("[{}]", sources.join(", ")))
            ));
            if let Some(t) = &f.title {
                let t: String = t.chars().take(90).collect();
                o.push_str(&format!("           {}\n", p.dim(&t)));
            }
        }
    }
    let s = &report.summary;
    if report.findings.is_empty() {
        o.push_str("No vulnerabilities found.\n");
    } else {
        o.push('\n');
    }
    let sev: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|lvl| s.by_severity.get(lvl).map(|n| format!("{n} {lvl}")))
        .collect();
    o.push_str(&format!(
        "{} findings ({} vulnerabilities) in {} of {} components: {}\n",
        s.findings,
        s.vulnerabilities,
        by_component.len(),
        s.components,
        if sev.is_empty() {
            "-".into()
        } else {
            sev.join(", ")
        }
    ));
    o.push_str(&format!("{} fixable, {} in CISA KEV\n", s.fixable, s.kev));
    if s.unmatched_components > 0 {
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for u in &report.unmatched {
            let key = match &u.why {
                scan::Unmatchable::UnsupportedEcosystem(t) => format!("no advisories for `{t}`"),
                scan::Unmatchable::InvalidPurl(_) => "invalid purl".into(),
                scan::Unmatchable::UnparseableVersion(_) => "unparseable version".into(),
                other => other.to_string(),
            };
            *reasons.entry(key).or_insert(0) += 1;
        }
        let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        o.push_str(&p.yellow(&format!(
            "{} components not matched: {}\n",
            s.unmatched_components,
            list.join(", ")
        )));
    }
    if !report.suppressed.is_empty() {
        o.push_str(&format!(
            "{} findings suppressed by VEX:\n",
            report.suppressed.len()
        ));
        for f in &report.suppressed {
            let (status, just, n) = f.vex.as_ref().map_or(("", "", 0), |v| {
                (
                    v.status.as_str(),
                    v.justification.as_deref().unwrap_or(""),
                    v.supporting.len(),
                )
            });
            o.push_str(&p.dim(&format!(
                "  {:<20} {}  {status}{}{} ({n} statement{})\n",
                f.vulnerability,
                f.component.purl.as_deref().unwrap_or(&f.component.name),
                if just.is_empty() { "" } else { ": " },
                just,
                if n == 1 { "" } else { "s" }
            )));
        }
    }
    let vex_conflicts = report
        .findings
        .iter()
        .filter(|f| f.vex.as_ref().is_some_and(|v| v.conflicts > 0))
        .count();
    if vex_conflicts > 0 {
        o.push_str(&p.yellow(&format!(
            "{vex_conflicts} findings kept because VEX issuers disagree (see --format json)\n"
        )));
    }
    if s.undecided > 0 {
        o.push_str(&p.yellow(&format!(
            "{} advisory evaluations undecided (see --format json)\n",
            s.undecided
        )));
    }
    o
}
