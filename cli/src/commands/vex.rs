//! `stella vex ingest|validate`: VEX statements (Excititor).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use stella_core::ingest::vex::{VexIngestOptions, VexIngestReport, ingest_vex};
use stella_core::ingest::{self, Progress};
use stella_core::vex::{self, Problem, VexFormat};

use crate::args::{
    VexCommand, VexConsensusArgs, VexExportArgs, VexExportFormat, VexIngestArgs, VexValidateArgs,
};
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
        VexCommand::Consensus(a) => consensus_cmd(a, settings, env, false),
        VexCommand::Explain(a) => consensus_cmd(a, settings, env, true),
        VexCommand::Export(a) => export_cmd(a, settings, env),
    }
}

fn retrieved_at(given: Option<&str>, env: &Env) -> Result<String, CliError> {
    Ok(stella_core::time::format_time(retrieved_at_time(
        given, env,
    )?))
}

/// The retrieval time recorded in provenance: `--retrieved-at`, else `SOURCE_DATE_EPOCH`, else
/// the clock (ingest metadata, never an input to evaluation or to a snapshot digest).
///
/// # Errors
/// An unparseable time (exit 10).
pub(crate) fn retrieved_at_time(
    given: Option<&str>,
    env: &Env,
) -> Result<stella_core::time::Timestamp, CliError> {
    Ok(match (given, env.var("SOURCE_DATE_EPOCH")) {
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
        (None, None) => stella_core::time::Timestamp::now(),
    })
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

/// Ingest VEX files into `store` for `stella scan --vex`: a one-line summary on standard error;
/// a refused document or an input without VEX is an error (exit 10) before anything is scanned.
///
/// # Errors
/// Missing inputs, store failures, refused documents.
pub(crate) fn ingest_for_scan(
    store: &mut stella_core::store::SqliteStore,
    paths: &[std::path::PathBuf],
    settings: &Settings,
    env: &Env,
) -> Result<VexIngestReport, CliError> {
    for p in paths {
        if !p.exists() {
            return Err(CliError::Input {
                path: p.clone(),
                source: stella_core::input::InputError::NotFound { path: p.clone() },
            });
        }
    }
    let opts = VexIngestOptions {
        source: None,
        retrieved_at: retrieved_at(None, env)?,
        batch_size: 5000,
        limits: ingest::walk::WalkLimits {
            max_document_bytes: settings.max_input_bytes.value,
            ..ingest::walk::WalkLimits::default()
        },
    };
    let report = ingest_vex(store, paths, &opts, &mut |_| {}).map_err(|e| match e {
        ingest::IngestError::Store(source) => CliError::Store {
            path: settings.db.value.clone(),
            source: Box::new(source),
        },
        other => CliError::Ingest(Box::new(other)),
    })?;
    if !report.refused.is_empty() {
        if !settings.quiet.value {
            eprint!(
                "{}",
                ingest_summary(
                    &report,
                    std::time::Duration::ZERO,
                    true,
                    Palette { on: false }
                )
            );
        }
        return Err(CliError::VexRefused {
            refused: report.refused.len(),
        });
    }
    if report.documents_by_format.is_empty() {
        return Err(CliError::Usage {
            message: format!(
                "--vex: no VEX document in the input ({} document(s) read, none is VEX)",
                report.documents
            ),
            help: report.ignored_examples.first().cloned(),
        });
    }
    if !settings.quiet.value {
        let t = report.totals();
        eprintln!(
            "VEX: {} statements in {} documents ({} new, {} already known, {} superseding)",
            report.statements_by_format.values().sum::<usize>(),
            report.documents_by_format.values().sum::<usize>(),
            t.inserted,
            t.skipped,
            t.superseded
        );
    }
    Ok(report)
}

/// Read a trust configuration file, or the embedded default.
///
/// # Errors
/// Unreadable or invalid files (exit 10).
pub(crate) fn trust_config(
    path: Option<&std::path::Path>,
    settings: &Settings,
) -> Result<stella_core::vex::consensus::TrustConfig, CliError> {
    let Some(path) = path else {
        return Ok(stella_core::vex::consensus::TrustConfig::default());
    };
    let bytes = stella_core::input::read_bounded(path, settings.max_input_bytes.value).map_err(
        |source| CliError::Input {
            path: path.to_path_buf(),
            source,
        },
    )?;
    let text = String::from_utf8_lossy(&bytes);
    stella_core::vex::consensus::TrustConfig::from_toml(&text).map_err(|e| CliError::Usage {
        message: format!("{}: {e}", path.display()),
        help: Some("see `stella vex consensus --help` for the stella-vex-trust@1 format".into()),
    })
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

/// Every id of `id`'s linkset in the advisory store (the id itself when the store has none).
fn ids_of(
    store: &stella_core::store::SqliteStore,
    id: &str,
    settings: &Settings,
) -> Result<BTreeSet<String>, CliError> {
    use stella_core::store::KnowledgeStore;
    let obs: Vec<stella_core::advisory::Observation> = store
        .by_id_or_alias(id)
        .map_err(|source| CliError::Store {
            path: settings.db.value.clone(),
            source: Box::new(source),
        })?
        .into_iter()
        .filter(|o| o.is_current)
        .map(|o| o.observation)
        .collect();
    let mut ids: BTreeSet<String> = stella_core::advisory::linkset::linksets_for(id, &obs)
        .into_iter()
        .flat_map(|l| l.ids)
        .collect();
    ids.insert(id.trim().to_string());
    Ok(ids)
}

/// A product purl as a component to scope statements against.
fn product_component(purl: &str) -> Result<stella_core::scan::report::ComponentRef, CliError> {
    let p = stella_core::purl::Purl::parse(purl).map_err(|e| CliError::Usage {
        message: format!(
            "--product {purl:?} is not a valid package URL: {}",
            e.reason
        ),
        help: Some("for example --product pkg:npm/lodash@4.17.20".into()),
    })?;
    Ok(stella_core::scan::report::ComponentRef {
        bom_ref: p.to_string(),
        name: p.name().to_string(),
        version: p.version().map(str::to_string),
        purl: Some(p.to_string()),
        ecosystem: p.ecosystem(),
    })
}

/// The consensus of the stored statements about (`vuln`, `product`).
fn consensus_for(
    store: &stella_core::store::SqliteStore,
    vuln: &str,
    product: &str,
    trust: &stella_core::vex::consensus::TrustConfig,
    at: stella_core::time::Timestamp,
    settings: &Settings,
) -> Result<
    (
        stella_core::vex::consensus::Consensus,
        Vec<stella_core::vex::consensus::Scoped>,
    ),
    CliError,
> {
    use stella_core::store::VexStore;
    let ids = ids_of(store, vuln, settings)?;
    let aliases: BTreeSet<String> = ids.iter().filter(|i| *i != vuln).cloned().collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let statements = store
        .vex_by_vulnerability(&id_refs)
        .map_err(|source| CliError::Store {
            path: settings.db.value.clone(),
            source: Box::new(source),
        })?;
    let component = product_component(product)?;
    let sbom = stella_core::vex::scope::SbomIdentity::default();
    let target = stella_core::vex::scope::Target {
        vulnerability: vuln,
        aliases: &aliases,
        component: &component,
        cpes: &[],
        sbom: &sbom,
    };
    Ok(stella_core::vex::consensus::for_target(
        &target,
        &statements,
        trust,
        at,
    ))
}

fn consensus_cmd(
    a: VexConsensusArgs,
    settings: &Settings,
    env: &Env,
    explain: bool,
) -> Result<Exit, CliError> {
    let at = super::scan::evaluation_time(a.at.as_deref(), env)?;
    let trust = trust_config(a.trust.as_deref(), settings)?;
    let store = super::db::open_existing(settings)?;
    let (c, scoped) = consensus_for(&store, &a.vuln, &a.product, &trust, at, settings)?;
    if a.json {
        #[derive(Serialize)]
        struct Out<'a> {
            consensus: &'a stella_core::vex::consensus::Consensus,
            scoping: &'a [stella_core::vex::consensus::Scoped],
        }
        let v = if explain {
            stella_core::canon::to_canonical_vec(&Out {
                consensus: &c,
                scoping: &scoped,
            })
        } else {
            stella_core::canon::to_canonical_vec(&c)
        }
        .map_err(|e| CliError::Internal(format!("consensus is not canonicalisable: {e}")))?;
        let mut v = v;
        v.push(b'\n');
        render::out(&String::from_utf8_lossy(&v))?;
        return Ok(Exit::Ok);
    }
    let mut o = String::new();
    if explain {
        o.push_str(&stella_core::vex::explain::render(&c, &trust));
        let not_applying: Vec<_> = scoped.iter().filter(|s| !s.scope.applies()).collect();
        if !not_applying.is_empty() {
            o.push_str(&format!(
                "{} statement(s) about these ids do not apply to this product:\n",
                not_applying.len()
            ));
            for s in not_applying {
                o.push_str(&format!("  {}: {}\n", s.statement, s.scope));
            }
        }
    } else {
        o.push_str(&format!(
            "{} on {}: {} (confidence {})\n",
            c.vulnerability,
            c.product,
            c.status.as_str(),
            c.confidence
        ));
        if let Some(j) = c.justification {
            o.push_str(&format!("justification: {}\n", snake(&j)));
        }
        for k in &c.contributions {
            o.push_str(&format!(
                "  {} {:<20} {:<20} score {:<8} {}\n",
                if k.accepted { "+" } else { "-" },
                k.issuer.chars().take(20).collect::<String>(),
                snake(&k.status),
                k.score,
                k.reason
            ));
        }
        for x in &c.conflicts {
            o.push_str(&format!(
                "conflict: {} disagree ({}); ratio {}; {}\n",
                x.issuers.join(", "),
                x.statuses
                    .iter()
                    .map(snake)
                    .collect::<Vec<_>>()
                    .join(" vs "),
                x.ratio,
                x.resolution
            ));
        }
        o.push_str(&format!("consensus digest: {}\n", c.digest));
    }
    render::out(&o)?;
    Ok(Exit::Ok)
}

fn snake<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn export_cmd(a: VexExportArgs, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    use stella_core::store::VexStore;
    let at = super::scan::evaluation_time(a.at.as_deref(), env)?;
    let trust = trust_config(a.trust.as_deref(), settings)?;
    let store = super::db::open_existing(settings)?;
    let store_err = |source| CliError::Store {
        path: settings.db.value.clone(),
        source: Box::new(source),
    };
    let statements = store.vex_all_current().map_err(store_err)?;
    let mut wanted_ids: BTreeSet<String> = BTreeSet::new();
    for v in &a.vuln {
        for id in ids_of(&store, v, settings)? {
            wanted_ids.insert(stella_core::vex::scope::canonical_id(&id));
        }
    }
    let wanted_products: BTreeSet<String> = a
        .product
        .iter()
        .map(|p| product_component(p).map(|c| without_qualifiers(c.purl.as_deref().unwrap_or(""))))
        .collect::<Result<_, _>>()?;
    // (vulnerability, product purl) pairs named by the statements.
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    for o in &statements {
        let st = &o.statement;
        let ids: Vec<String> = std::iter::once(&st.vulnerability)
            .chain(st.aliases.iter())
            .map(|i| stella_core::vex::scope::canonical_id(i))
            .collect();
        if !wanted_ids.is_empty() && !ids.iter().any(|i| wanted_ids.contains(i)) {
            continue;
        }
        let mut purls = Vec::new();
        for p in &st.products {
            if p.subcomponents.is_empty() {
                purls.extend(p.purl.clone());
            }
            purls.extend(p.subcomponents.iter().filter_map(|s| s.purl.clone()));
        }
        for purl in purls {
            if stella_core::purl::Purl::parse(&purl).is_err() {
                continue;
            }
            if !wanted_products.is_empty() && !wanted_products.contains(&without_qualifiers(&purl))
            {
                continue;
            }
            pairs.insert((st.vulnerability.trim().to_string(), purl));
        }
    }
    let mut results = Vec::new();
    for (vuln, product) in &pairs {
        let (c, _) = consensus_for(&store, vuln, product, &trust, at, settings)?;
        if !c.contributions.is_empty() {
            results.push(c);
        }
    }
    let bytes = match a.format {
        VexExportFormat::Openvex => stella_core::vex::export::to_openvex(&results, at),
        VexExportFormat::Cyclonedx => stella_core::vex::export::to_cyclonedx(&results, at),
    }
    .map_err(|e| CliError::Usage {
        message: e.to_string(),
        help: Some("ingest VEX first (`stella vex ingest`) or widen --vuln/--product".into()),
    })?;
    super::sbom::write_output(a.output.as_deref(), &bytes)?;
    Ok(Exit::Ok)
}

fn without_qualifiers(purl: &str) -> String {
    stella_core::purl::Purl::parse(purl)
        .map(|p| p.without_qualifiers())
        .unwrap_or_else(|_| purl.to_string())
}
