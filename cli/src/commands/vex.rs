//! `stella vex ingest|validate`: VEX statements (Excititor).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use stella_core::ingest::vex::{VexIngestOptions, VexIngestReport, ingest_vex};
use stella_core::ingest::{self, Progress};
use stella_core::vex::{self, Problem, VexFormat};

use crate::args::{VexCommand, VexIngestArgs, VexValidateArgs};
use crate::exit::{CliError, Exit};
use crate::render::{self, Palette};
use crate::settings::{Env, Settings};

/// Documents larger than this are not kept for the diagnostic excerpt.
const EXCERPT_MAX_BYTES: usize = 16 << 20;

/// Run a `stella vex` command.
///
/// # Errors
/// Store, input and rendering failures; refused documents.
pub fn run(cmd: VexCommand, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    match cmd {
        VexCommand::Ingest(a) => ingest_cmd(a, settings, env),
        VexCommand::Validate(a) => validate(a, settings),
    }
}

fn retrieved_at(given: Option<&str>, env: &Env) -> Result<String, CliError> {
    let t = match (given, env.var("SOURCE_DATE_EPOCH")) {
        (Some(t), _) => stella_core::time::parse_time(t).map_err(|e| CliError::Usage {
            message: e.to_string(),
            help: None,
        })?,
        (None, Some(sde)) => {
            stella_core::time::from_epoch_str(sde).ok_or_else(|| CliError::Usage {
                message: format!("SOURCE_DATE_EPOCH={sde:?} is not a number of seconds"),
                help: None,
            })?
        }
        // Provenance metadata (never an input to evaluation or to the snapshot digest).
        (None, None) => stella_core::time::Timestamp::now(),
    };
    Ok(stella_core::time::format_time(t))
}

fn ingest_cmd(a: VexIngestArgs, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    let retrieved_at = retrieved_at(a.retrieved_at.as_deref(), env)?;
    if a.batch_size == 0 {
        return Err(CliError::Usage {
            message: "--batch-size must be at least 1".into(),
            help: None,
        });
    }
    for p in &a.paths {
        if !p.exists() {
            return Err(CliError::Input {
                path: p.clone(),
                source: stella_core::input::InputError::NotFound { path: p.clone() },
            });
        }
    }
    let mut store = super::db::open_for_write(settings)?;
    let opts = VexIngestOptions {
        source: a.source.clone(),
        retrieved_at,
        batch_size: a.batch_size,
        limits: ingest::walk::WalkLimits {
            max_document_bytes: settings.max_input_bytes.value,
            ..ingest::walk::WalkLimits::default()
        },
    };
    let bar = (env.stderr_tty && !settings.quiet.value).then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        b
    });
    let start = Instant::now();
    let mut documents = 0usize;
    let mut stored = 0usize;
    let report = ingest_vex(&mut store, &a.paths, &opts, &mut |p| {
        match p {
            Progress::Document { .. } => documents += 1,
            Progress::Committed { records } => stored = records,
        }
        if let Some(b) = &bar {
            b.set_message(format!("{documents} documents, {stored} statements stored"));
        }
    })
    .map_err(|e| match e {
        ingest::IngestError::Store(source) => CliError::Store {
            path: settings.db.value.clone(),
            source: Box::new(source),
        },
        other => CliError::Ingest(Box::new(other)),
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if a.json {
        render::out(&render::json(&report)?)?;
    } else {
        render::out(&ingest_summary(
            &report,
            start.elapsed(),
            a.show_rejected,
            Palette {
                on: settings.color_stdout(),
            },
        ))?;
    }
    if !report.refused.is_empty() {
        return Err(CliError::VexRefused {
            refused: report.refused.len(),
        });
    }
    if report.documents_by_format.is_empty() {
        return Err(CliError::Usage {
            message: format!(
                "no VEX document in the input ({} document(s) read, none is VEX)",
                report.documents
            ),
            help: report.ignored_examples.first().cloned(),
        });
    }
    Ok(Exit::Ok)
}

/// The human summary of a VEX ingest.
pub fn ingest_summary(
    r: &VexIngestReport,
    elapsed: std::time::Duration,
    all_reasons: bool,
    p: Palette,
) -> String {
    let t = r.totals();
    let statements: usize = r.statements_by_format.values().sum();
    let mut o = format!(
        "{} documents ({} VEX, {} not VEX and ignored, {} refused), {statements} statements in {:.1}s\n",
        r.documents,
        r.documents_by_format.values().sum::<usize>(),
        r.ignored_documents,
        r.refused.len(),
        elapsed.as_secs_f64()
    );
    let formats: Vec<String> = r
        .documents_by_format
        .iter()
        .map(|(f, n)| {
            format!(
                "{f} {n} ({} statements)",
                r.statements_by_format.get(f).copied().unwrap_or(0)
            )
        })
        .collect();
    if !formats.is_empty() {
        o.push_str(&format!("formats: {}\n", formats.join(", ")));
    }
    o.push_str(&p.bold(&format!(
        "{:<32} {:>9} {:>8} {:>10} {:>8} {:>8}\n",
        "SOURCE", "INSERTED", "SKIPPED", "SUPERSEDED", "REVERTED", "SHADOWED"
    )));
    for (s, c) in &r.sources {
        let name: String = s.chars().take(32).collect();
        o.push_str(&format!(
            "{name:<32} {:>9} {:>8} {:>10} {:>8} {:>8}\n",
            c.inserted, c.skipped, c.superseded, c.reverted, c.shadowed
        ));
    }
    o.push_str(&format!(
        "{:<32} {:>9} {:>8} {:>10} {:>8} {:>8}\n",
        "total", t.inserted, t.skipped, t.superseded, t.reverted, t.shadowed
    ));
    if !r.refused.is_empty() {
        o.push_str(&p.yellow(&format!(
            "refused documents ({}), nothing of them ingested:\n",
            r.refused.len()
        )));
        if all_reasons {
            for d in &r.refused {
                o.push_str(&format!("  {}\n", d.document));
                for reason in &d.reasons {
                    o.push_str(&format!("    {reason}\n"));
                }
            }
        } else {
            let mut groups: BTreeMap<String, (usize, String)> = BTreeMap::new();
            for d in &r.refused {
                for reason in &d.reasons {
                    // Group on the message, without the location.
                    let msg = reason.split_once(": ").map_or(reason.as_str(), |(_, m)| m);
                    let key = super::db::reason_class(msg);
                    let e = groups.entry(key).or_insert((0, String::new()));
                    e.0 += 1;
                    if e.1.is_empty() {
                        e.1 = d.document.clone();
                    }
                }
            }
            for (reason, (n, example)) in groups.iter().take(15) {
                o.push_str(&format!("  {n:>5}  {reason} (e.g. {example})\n"));
            }
            if groups.len() > 15 {
                o.push_str(&format!(
                    "  … {} more kinds; use --show-rejected\n",
                    groups.len() - 15
                ));
            }
        }
    }
    if r.warnings > 0 {
        o.push_str(&format!(
            "{} warning(s) in ingested documents (statements kept); `stella vex validate FILE` lists them\n",
            r.warnings
        ));
    }
    if let (Some(a), Some(b)) = (&r.snapshot_before, &r.snapshot_after) {
        if a == b {
            o.push_str(&format!("VEX snapshot unchanged: {b}\n"));
        } else {
            o.push_str(&format!("VEX snapshot: {b} (was {a})\n"));
        }
    }
    o
}

/// The `stella vex validate` report.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ValidateReport {
    document: String,
    format: VexFormat,
    statements: usize,
    errors: usize,
    warnings: usize,
    problems: Vec<Problem>,
}

fn validate(a: VexValidateArgs, settings: &Settings) -> Result<Exit, CliError> {
    let bytes = stella_core::input::read_bounded(&a.file, settings.max_input_bytes.value).map_err(
        |source| CliError::Input {
            path: a.file.clone(),
            source,
        },
    )?;
    let name = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "-".into());
    let (format, parsed) = match vex::detect::read(&name, &bytes) {
        Ok(r) => r,
        Err(source) => {
            let keep = (bytes.len() <= EXCERPT_MAX_BYTES).then(|| Arc::new(bytes));
            return Err(CliError::Vex {
                path: a.file.clone(),
                bytes: keep,
                source,
            });
        }
    };
    let problems = vex::validate::validate(&parsed);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let report = ValidateReport {
        document: a.file.display().to_string(),
        format,
        statements: parsed.statements.len(),
        errors,
        warnings: problems.len() - errors,
        problems,
    };
    if a.json {
        render::out(&render::json(&report)?)?;
    } else {
        let p = Palette {
            on: settings.color_stdout(),
        };
        let mut o = format!(
            "{} document, {} statement(s) readable\n",
            report.format, report.statements
        );
        for pr in &report.problems {
            let sev = if pr.is_error() {
                p.red("error")
            } else {
                p.yellow("warning")
            };
            o.push_str(&format!("{sev}: {}: {}\n", pr.location, pr.message));
        }
        let verdict = if report.errors > 0 || (a.strict && report.warnings > 0) {
            p.red("invalid")
        } else {
            p.green("valid")
        };
        o.push_str(&format!(
            "{verdict}: {} error(s), {} warning(s){}\n",
            report.errors,
            report.warnings,
            if a.strict { " (strict)" } else { "" }
        ));
        render::out(&o)?;
    }
    let failing = if a.strict {
        report.problems.len()
    } else {
        report.errors
    };
    if failing > 0 {
        return Err(CliError::Invalid {
            path: a.file,
            count: failing,
        });
    }
    Ok(Exit::Ok)
}
