//! `stella db ingest|status|show|linkset|conflicts`: the knowledge store (Concelier).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use serde::Serialize;
use stella_core::advisory::linkset::{self, Linkset};
use stella_core::advisory::{AdvisoryFormat, Normalized, Observation};
use stella_core::ingest::{self, IngestOptions, IngestReport, Progress};
use stella_core::store::{KnowledgeStore, SqliteStore, StoredObservation};

use crate::args::{
    AdvisoryFormatArg, DbCommand, DbConflictsArgs, DbLinksetArgs, DbShowArgs, DbStatusArgs,
    IngestArgs, ReportFormat,
};
use crate::exit::{CliError, Exit};
use crate::render::{self, Palette};
use crate::settings::{Env, Settings};

/// Run a `stella db` command.
///
/// # Errors
/// Store, input and rendering failures.
pub fn run(cmd: DbCommand, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    match cmd {
        DbCommand::Ingest(a) => ingest_cmd(a, settings, env),
        DbCommand::Status(a) => status(a, settings),
        DbCommand::Show(a) => show(a, settings),
        DbCommand::Linkset(a) => linkset_cmd(a, settings),
        DbCommand::Conflicts(a) => conflicts(a, settings),
        DbCommand::Verify(a) => verify(a, settings),
    }
}

/// Open (creating if needed) the store for writing.
pub(crate) fn open_for_write(settings: &Settings) -> Result<SqliteStore, CliError> {
    let path = &settings.db.value;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| CliError::Output {
            path: parent.to_path_buf(),
            source: stella_core::input::InputError::Io {
                path: parent.to_path_buf(),
                source: e,
            },
        })?;
    }
    SqliteStore::open(path).map_err(|source| CliError::Store {
        path: path.clone(),
        source: Box::new(source),
    })
}

/// Open an existing store for reading.
pub fn open_existing(settings: &Settings) -> Result<SqliteStore, CliError> {
    let path = &settings.db.value;
    if !path.exists() {
        return Err(CliError::NoStore { path: path.clone() });
    }
    SqliteStore::open(path).map_err(|source| CliError::Store {
        path: path.clone(),
        source: Box::new(source),
    })
}

fn store_err(settings: &Settings) -> impl Fn(stella_core::store::StoreError) -> CliError + '_ {
    move |source| CliError::Store {
        path: settings.db.value.clone(),
        source: Box::new(source),
    }
}

fn format_of(arg: AdvisoryFormatArg) -> Option<AdvisoryFormat> {
    match arg {
        AdvisoryFormatArg::Auto => None,
        AdvisoryFormatArg::Osv => Some(AdvisoryFormat::Osv),
        AdvisoryFormatArg::AlpineSecdb => Some(AdvisoryFormat::AlpineSecdb),
        AdvisoryFormatArg::DebianTracker => Some(AdvisoryFormat::DebianTracker),
        AdvisoryFormatArg::DebianTrackerJson => Some(AdvisoryFormat::DebianTrackerJson),
        AdvisoryFormatArg::Csaf => Some(AdvisoryFormat::Csaf),
        AdvisoryFormatArg::Kev => Some(AdvisoryFormat::Kev),
        AdvisoryFormatArg::Rubysec => Some(AdvisoryFormat::RubySec),
        AdvisoryFormatArg::Friendsofphp => Some(AdvisoryFormat::FriendsOfPhp),
        AdvisoryFormatArg::NodejsWg => Some(AdvisoryFormat::NodejsWg),
    }
}

fn ingest_cmd(a: IngestArgs, settings: &Settings, env: &Env) -> Result<Exit, CliError> {
    // Provenance records when the data was retrieved: the wall clock is right there (ingest
    // metadata, never an input to evaluation or to the snapshot digest).
    let retrieved_at = super::vex::retrieved_at_time(a.retrieved_at.as_deref(), env)?;
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
    let mut store = open_for_write(settings)?;
    let opts = IngestOptions {
        source: a.source.clone(),
        format: format_of(a.format),
        retrieved_at: stella_core::time::format_time(retrieved_at),
        batch_size: a.batch_size,
        limits: ingest::walk::WalkLimits::default(),
    };
    let show_progress = env.stderr_tty && !settings.quiet.value;
    let bar = if show_progress {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(std::time::Duration::from_millis(120));
        Some(b)
    } else {
        None
    };
    let start = Instant::now();
    let mut documents = 0usize;
    let mut records = 0usize;
    let report = ingest::ingest(&mut store, &a.paths, &opts, &mut |p| {
        match p {
            Progress::Document { .. } => documents += 1,
            Progress::Committed { records: n } => records = n,
        }
        if let Some(b) = &bar {
            let secs = start.elapsed().as_secs_f64().max(1e-3);
            b.set_message(format!(
                "{documents} documents, {records} records stored ({:.0} records/s)",
                records as f64 / secs
            ));
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
    let elapsed = start.elapsed();
    if a.json {
        render::out(&render::json(&report)?)?;
    } else {
        render::out(&ingest_summary(
            &report,
            elapsed,
            a.show_rejected,
            Palette {
                on: settings.color_stdout(),
            },
        ))?;
    }
    Ok(Exit::Ok)
}

/// The human summary of an ingest.
pub fn ingest_summary(
    r: &IngestReport,
    elapsed: std::time::Duration,
    all_rejected: bool,
    p: Palette,
) -> String {
    let t = r.totals();
    let secs = elapsed.as_secs_f64().max(1e-3);
    let mut o = format!(
        "{} documents ({} not advisories, ignored), {} records in {:.1}s ({:.0} records/s)\n",
        r.documents,
        r.ignored_documents,
        r.records,
        secs,
        r.records as f64 / secs
    );
    let formats: Vec<String> = r
        .documents_by_format
        .iter()
        .map(|(f, n)| format!("{f} {n}"))
        .collect();
    if !formats.is_empty() {
        o.push_str(&format!("formats: {}\n", formats.join(", ")));
    }
    o.push_str(&p.bold(&format!(
        "{:<20} {:>9} {:>8} {:>10} {:>8} {:>8} {:>8}\n",
        "SOURCE", "INSERTED", "SKIPPED", "SUPERSEDED", "REVERTED", "SHADOWED", "REJECTED"
    )));
    for (s, c) in &r.sources {
        o.push_str(&format!(
            "{s:<20} {:>9} {:>8} {:>10} {:>8} {:>8} {:>8}\n",
            c.inserted, c.skipped, c.superseded, c.reverted, c.shadowed, c.rejected
        ));
    }
    o.push_str(&format!(
        "{:<20} {:>9} {:>8} {:>10} {:>8} {:>8} {:>8}\n",
        "total", t.inserted, t.skipped, t.superseded, t.reverted, t.shadowed, t.rejected
    ));
    if t.shadowed > 0 {
        o.push_str("shadowed: a record seen twice in this ingest with different content; the newer revision was kept\n");
    }
    if !r.rejected.is_empty() {
        o.push_str(&p.yellow(&format!("rejected records ({}):\n", r.rejected.len())));
        if all_rejected {
            for rej in &r.rejected {
                let id = rej.upstream_id.as_deref().unwrap_or("(no id)");
                o.push_str(&format!(
                    "  {} {id} {}: {}\n",
                    rej.document, rej.locator, rej.reason
                ));
            }
        } else {
            let mut groups: BTreeMap<String, (usize, String)> = BTreeMap::new();
            for rej in &r.rejected {
                let key = reason_class(&rej.reason);
                let e = groups.entry(key).or_insert((0, String::new()));
                e.0 += 1;
                if e.1.is_empty() {
                    e.1 = rej
                        .upstream_id
                        .clone()
                        .unwrap_or_else(|| rej.document.clone());
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
    if let (Some(a), Some(b)) = (&r.snapshot_before, &r.snapshot_after) {
        if a == b {
            o.push_str(&format!("snapshot unchanged: {b}\n"));
        } else {
            o.push_str(&format!("snapshot: {b} (was {a})\n"));
        }
    }
    o
}

/// Group rejection reasons: drop quoted specifics so similar reasons count together.
pub(crate) fn reason_class(reason: &str) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    for c in reason.chars() {
        if c == '`' {
            in_quote = !in_quote;
            if in_quote {
                out.push_str("`…");
            } else {
                out.push('`');
            }
            continue;
        }
        if !in_quote {
            out.push(c);
        }
    }
    out.chars().take(140).collect()
}

fn verify(a: DbStatusArgs, settings: &Settings) -> Result<Exit, CliError> {
    let store = open_existing(settings)?;
    let report = store.verify().map_err(store_err(settings))?;
    match a.format {
        ReportFormat::Json => render::out(&render::json(&report)?)?,
        ReportFormat::Table => {
            let mut o = String::new();
            for p in &report.problems {
                o.push_str(&format!("problem: {p}\n"));
            }
            o.push_str(&format!(
                "{} observations checked, {} problem(s)\n",
                report.observations,
                report.problems.len()
            ));
            render::out(&o)?;
        }
    }
    Ok(if report.is_ok() {
        Exit::Ok
    } else {
        Exit::Verification
    })
}

fn status(a: DbStatusArgs, settings: &Settings) -> Result<Exit, CliError> {
    let store = open_existing(settings)?;
    let st = store.status().map_err(store_err(settings))?;
    match a.format {
        ReportFormat::Json => render::out(&render::json(&st)?)?,
        ReportFormat::Table => {
            let p = Palette {
                on: settings.color_stdout(),
            };
            let mut o = format!("{} {}\n", p.bold("store   "), settings.db.value.display());
            o.push_str(&format!("{} {}\n", p.bold("snapshot"), st.snapshot));
            o.push_str(&format!("{} {}\n", p.bold("schema  "), st.schema_version));
            o.push_str(&format!(
                "{} {}\n",
                p.bold("last    "),
                st.last_ingest.as_deref().unwrap_or("(never)")
            ));
            o.push_str(&format!(
                "{} {} entries\n",
                p.bold("KEV     "),
                st.kev_entries
            ));
            o.push_str(&p.bold(&format!(
                "\n{:<24} {:>9} {:>11}  {}\n",
                "SOURCE", "CURRENT", "SUPERSEDED", "LAST INGEST"
            )));
            for s in &st.sources {
                o.push_str(&format!(
                    "{:<24} {:>9} {:>11}  {}\n",
                    s.source,
                    s.current,
                    s.superseded,
                    s.last_ingest.as_deref().unwrap_or("")
                ));
            }
            o.push_str(&p.bold(&format!(
                "\n{:<12} {:>11} {:>18} {:>9}\n",
                "ECOSYSTEM", "ADVISORIES", "AFFECTED ENTRIES", "PACKAGES"
            )));
            for e in &st.ecosystems {
                o.push_str(&format!(
                    "{:<12} {:>11} {:>18} {:>9}\n",
                    e.ecosystem.as_str(),
                    e.advisories,
                    e.affected_packages,
                    e.packages
                ));
            }
            render::out(&o)?;
        }
    }
    Ok(Exit::Ok)
}

fn show(a: DbShowArgs, settings: &Settings) -> Result<Exit, CliError> {
    let store = open_existing(settings)?;
    let mut found = store.by_id_or_alias(&a.id).map_err(store_err(settings))?;
    if found.is_empty() {
        return Err(CliError::UnknownId { id: a.id });
    }
    found.sort_by(|x, y| {
        (
            y.is_current,
            &x.observation.provenance.source,
            &x.observation.provenance.upstream_id,
            x.observation.id,
        )
            .cmp(&(
                x.is_current,
                &y.observation.provenance.source,
                &y.observation.provenance.upstream_id,
                y.observation.id,
            ))
    });
    if a.raw {
        let current: Vec<&StoredObservation> = found.iter().filter(|s| s.is_current).collect();
        let many = current.len() > 1;
        for s in current {
            let raw = store
                .raw(&s.observation.id)
                .map_err(store_err(settings))?
                .ok_or_else(|| {
                    CliError::Internal(format!(
                        "raw bytes of {} are missing from the store",
                        s.observation.id
                    ))
                })?;
            if many {
                eprintln!(
                    "==> {} {} ({})",
                    s.observation.provenance.source,
                    s.observation.provenance.upstream_id,
                    s.observation.id
                );
            }
            let mut text = String::from_utf8_lossy(&raw).into_owned();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            render::out(&text)?;
        }
        return Ok(Exit::Ok);
    }
    match a.format {
        ReportFormat::Json => render::out(&render::json(&found)?)?,
        ReportFormat::Table => render::out(&show_table(
            &a.id,
            &found,
            Palette {
                on: settings.color_stdout(),
            },
        ))?,
    }
    Ok(Exit::Ok)
}

fn describe(obs: &Observation, o: &mut String) {
    match &obs.normalized {
        Normalized::Advisory(adv) => {
            if !adv.aliases.is_empty() {
                o.push_str(&format!(
                    "    aliases    {}\n",
                    adv.aliases.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            if !adv.related.is_empty() {
                o.push_str(&format!(
                    "    related    {}\n",
                    adv.related.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
            if let Some(s) = &adv.summary {
                o.push_str(&format!(
                    "    summary    {}\n",
                    s.chars().take(100).collect::<String>()
                ));
            }
            if let Some(w) = &adv.withdrawn {
                o.push_str(&format!("    withdrawn  {w} (never matches)\n"));
            }
            for s in &adv.severities {
                let score = s.score.map(|x| format!(" ({x:.1})")).unwrap_or_default();
                o.push_str(&format!("    severity   {} {}{score}\n", s.scheme, s.value));
            }
            for p in adv.affected.iter().take(12) {
                let eco = p.ecosystem.map_or_else(
                    || format!("{} (unsupported)", p.ecosystem_raw),
                    |e| e.to_string(),
                );
                let release = p
                    .distro_release
                    .as_deref()
                    .map(|r| format!(" [{r}]"))
                    .unwrap_or_default();
                let mut ranges: Vec<String> = p
                    .ranges
                    .iter()
                    .map(|r| {
                        r.events
                            .iter()
                            .map(|e| format!("{e}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect();
                ranges.extend(p.intervals.iter().map(|i| i.to_string()));
                if !p.versions.is_empty() {
                    ranges.push(format!("{} listed versions", p.versions.len()));
                }
                o.push_str(&format!(
                    "    affects    {eco}{release} {}: {}\n",
                    p.name,
                    ranges.join("; ")
                ));
            }
            if adv.affected.len() > 12 {
                o.push_str(&format!(
                    "    …          {} more affected entries (use --format json)\n",
                    adv.affected.len() - 12
                ));
            }
        }
        Normalized::Kev(k) => {
            o.push_str(&format!(
                "    kev        {} {} / {} added {}\n",
                k.cve, k.vendor, k.product, k.date_added
            ));
        }
    }
}

fn show_table(id: &str, found: &[StoredObservation], p: Palette) -> String {
    let current = found.iter().filter(|s| s.is_current).count();
    let mut o = format!(
        "{}: {} observation(s), {current} current\n",
        p.bold(id),
        found.len()
    );
    for s in found {
        let obs = &s.observation;
        let pv = &obs.provenance;
        let state = if s.is_current {
            p.green("current")
        } else {
            p.dim(&format!(
                "superseded by {}",
                s.superseded_by.map(|d| d.to_string()).unwrap_or_default()
            ))
        };
        o.push_str(&format!(
            "\n{} {} ({})\n",
            p.bold(&pv.upstream_id),
            state,
            pv.source
        ));
        o.push_str(&format!("    id         {}\n", obs.id));
        o.push_str(&format!("    format     {}\n", pv.format.cli_name()));
        o.push_str(&format!("    content    {}\n", pv.content_digest));
        o.push_str(&format!("    retrieved  {}\n", pv.retrieved_at));
        o.push_str(&format!("    locator    {}\n", pv.locator));
        if let Some(sup) = &obs.supersedes {
            o.push_str(&format!("    supersedes {sup}\n"));
        }
        describe(obs, &mut o);
    }
    o
}

fn current_observations(
    store: &SqliteStore,
    settings: &Settings,
) -> Result<Vec<Observation>, CliError> {
    store.all_current().map_err(store_err(settings))
}

fn linkset_cmd(a: DbLinksetArgs, settings: &Settings) -> Result<Exit, CliError> {
    let store = open_existing(settings)?;
    let obs = current_observations(&store, settings)?;
    let sets = linkset::linksets_for(&a.id, &obs);
    if sets.is_empty() {
        return Err(CliError::UnknownId { id: a.id.clone() });
    }
    match a.format {
        // One linkset for a vulnerability id; a bundle's own id (DSA-…, RHSA-…) covers several.
        ReportFormat::Json if sets.len() == 1 => render::out(&render::json(&sets[0])?)?,
        ReportFormat::Json => render::out(&render::json(&sets)?)?,
        ReportFormat::Table => {
            let p = Palette {
                on: settings.color_stdout(),
            };
            let mut o = String::new();
            if sets.len() > 1 {
                o.push_str(&format!(
                    "{} covers {} vulnerabilities\n\n",
                    a.id,
                    sets.len()
                ));
            }
            let tables: Vec<String> = sets.iter().map(|ls| linkset_table(ls, &obs, p)).collect();
            o.push_str(&tables.join("\n"));
            render::out(&o)?;
        }
    }
    Ok(Exit::Ok)
}

fn linkset_table(ls: &Linkset, all: &[Observation], p: Palette) -> String {
    let mut o = format!("{} {}\n", p.bold("linkset   "), ls.id);
    o.push_str(&format!(
        "{} {}\n",
        p.bold("ids       "),
        ls.ids.iter().cloned().collect::<Vec<_>>().join(", ")
    ));
    o.push_str(&format!(
        "{} {}\n",
        p.bold("sources   "),
        ls.sources.iter().cloned().collect::<Vec<_>>().join(", ")
    ));
    o.push_str(&format!(
        "{} {}\n",
        p.bold("kev       "),
        if ls.kev { p.red("yes") } else { "no".into() }
    ));
    o.push_str(&format!(
        "{} {}\n",
        p.bold("observed  "),
        ls.observation_ids.len()
    ));
    for id in &ls.observation_ids {
        if let Some(obs) = all.iter().find(|x| &x.id == id) {
            o.push_str(&format!(
                "  {} {} ({})\n",
                obs.provenance.source, obs.provenance.upstream_id, obs.id
            ));
        }
    }
    conflicts_into(ls, &mut o, p);
    o
}

fn conflicts_into(ls: &Linkset, o: &mut String, p: Palette) {
    if ls.conflicts.is_empty() {
        o.push_str("conflicts  none\n");
        return;
    }
    o.push_str(&p.yellow(&format!("conflicts  {}\n", ls.conflicts.len())));
    for c in &ls.conflicts {
        let reason = serde_json::to_value(c.reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        o.push_str(&format!("  {reason} on {}\n", c.field));
        // One line per source: its aggregated value, and how many of its observations say so.
        for v in &c.values {
            let n = v.observation_ids.len();
            let from = if n > 1 {
                format!("  ({n} observations)")
            } else {
                String::new()
            };
            o.push_str(&format!("    {:<18} {}{from}\n", v.source, v.value));
        }
    }
}

/// `stella db conflicts --format json` output.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ConflictsReport<'a> {
    linksets: usize,
    with_conflicts: usize,
    conflicts: Vec<&'a Linkset>,
}

fn conflicts(a: DbConflictsArgs, settings: &Settings) -> Result<Exit, CliError> {
    let store = open_existing(settings)?;
    let obs = current_observations(&store, settings)?;
    let all = linkset::build_linksets(&obs);
    // `--id` accepts a vulnerability id or a bundle's own id: keep the linksets it resolves to.
    let wanted: Option<BTreeSet<String>> = a.id.as_deref().map(|id| {
        linkset::linksets_for(id, &obs)
            .into_iter()
            .map(|l| l.id)
            .collect()
    });
    let with: Vec<&Linkset> = all
        .iter()
        .filter(|l| !l.conflicts.is_empty())
        .filter(|l| wanted.as_ref().is_none_or(|w| w.contains(&l.id)))
        .collect();
    match a.format {
        ReportFormat::Json => render::out(&render::json(&ConflictsReport {
            linksets: all.len(),
            with_conflicts: with.len(),
            conflicts: with,
        })?)?,
        ReportFormat::Table => {
            let p = Palette {
                on: settings.color_stdout(),
            };
            let mut o = String::new();
            for ls in &with {
                o.push_str(&format!(
                    "{} ({})\n",
                    p.bold(&ls.id),
                    ls.sources.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
                conflicts_into(ls, &mut o, p);
                o.push('\n');
            }
            o.push_str(&format!(
                "{} linksets, {} with conflicts\n",
                all.len(),
                with.len()
            ));
            render::out(&o)?;
        }
    }
    Ok(Exit::Ok)
}
