//! Scan: SBOM inventory × knowledge snapshot → evidence-linked findings.
//!
//! For each component: decide what to look up ([`target`]: ecosystem, the name advisories use,
//! the version, the distribution release), fetch the candidate observations indexed under that
//! (ecosystem, name), and evaluate every matching affected entry with the ecosystem's comparator
//! (OSV events, requirement intervals, listed versions: [`crate::version::range`]). Distribution
//! packages only meet advisory entries for their own release, so a Debian fix for stretch decides
//! for stretch whatever the upstream range says.
//!
//! Each matching entry speaks about one or more vulnerabilities
//! ([`crate::advisory::linkset::vulnerability_groups`]); groups that share an id are one
//! vulnerability, so a component gets **one finding per vulnerability**, citing every advisory
//! that matched it (GHSA, PyPA and OSV records of one CVE → one finding, three matches). Nothing
//! is silently dropped: components that cannot be looked up are listed with the reason, and an
//! advisory whose range cannot be evaluated for a component is listed as undecided.
//!
//! The result is a pure function of the inventory, the store's current observations and the
//! evaluation time: no clock, no network, deterministic order.
//!
//! Candidates are fetched for all components at once ([`KnowledgeStore::candidates_many`]): one
//! store round trip per few hundred distinct names and each observation decoded once, rather than
//! one query per component (`cargo xtask bench scan` measures it).

pub mod links;
pub mod report;
pub mod sarif;
pub mod target;
pub mod vdr;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::advisory::linkset::{primary_id, vulnerability_groups};
use crate::advisory::{Advisory, AffectedPackage, Normalized, Observation, PackageStatus};
use crate::canon::Digest;
use crate::ecosystem::Ecosystem;
use crate::sbom::{Component, Inventory};
use crate::store::{KnowledgeStore, StoreError};
use crate::version::range::{self, RangeSet, Verdict};

pub use report::{Evidence, Finding, Match, Report, Severity, SourceSeverity, Summary, Unmatched};
pub use target::{Target, Unmatchable};

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// The evaluation time (an input; written into the report).
    pub at: crate::time::Timestamp,
}

/// Why a scan failed (the store could not be read). Problems with components or advisories are
/// not errors: they are listed in the report.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The knowledge store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a report could not be rendered ([`sarif`], [`vdr`]).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Serialising the document failed.
    #[error("could not serialise the document: {0}")]
    Json(#[source] serde_json::Error),
}

/// One vulnerability group matched for a component, before merging.
struct Hit<'a> {
    ids: BTreeSet<String>,
    observation: &'a Observation,
    advisory: &'a Advisory,
    matched: Match,
    fixed: Vec<String>,
    informational: Option<String>,
}

/// Scan an inventory against the store's current knowledge.
///
/// # Errors
/// [`ScanError`] when the store fails.
pub fn scan(
    inv: &Inventory,
    sbom_digest: Digest,
    store: &dyn KnowledgeStore,
    opts: &ScanOptions,
) -> Result<Report, ScanError> {
    let mut findings = Vec::new();
    let mut unmatched = Vec::new();
    let mut undecided = Vec::new();
    let mut evidence = BTreeMap::new();
    let mut kev_cache: HashMap<String, Option<(Digest, crate::advisory::KevEntry)>> =
        HashMap::new();
    let mut matched_components = 0usize;

    // Every lookup target first, then all candidates in one batched store call: each distinct
    // (ecosystem, name) is asked once and each observation decoded once.
    let targets: Vec<Result<Target, Unmatchable>> = inv
        .components
        .iter()
        .map(|c| target::target(c, inv))
        .collect();
    let mut keys: Vec<(Ecosystem, &str)> = Vec::new();
    let mut key_index: HashMap<(Ecosystem, &str), usize> = HashMap::new();
    for t in targets.iter().flatten() {
        key_index
            .entry((t.ecosystem, t.name_key.as_str()))
            .or_insert_with(|| {
                keys.push((t.ecosystem, t.name_key.as_str()));
                keys.len() - 1
            });
    }
    let pool = store.candidates_many(&keys)?;

    for (c, t) in inv.components.iter().zip(&targets) {
        let cref = component_ref(c);
        let t = match t {
            Ok(t) => t,
            Err(why) => {
                unmatched.push(Unmatched {
                    component: cref,
                    why: why.clone(),
                });
                continue;
            }
        };
        matched_components += 1;
        let candidates = key_index
            .get(&(t.ecosystem, t.name_key.as_str()))
            .and_then(|&k| pool.by_key.get(k))
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|&i| pool.observations.get(i));
        let mut hits: Vec<Hit<'_>> = Vec::new();
        for obs in candidates {
            let Normalized::Advisory(adv) = &obs.normalized else {
                continue;
            };
            if adv.withdrawn.is_some() {
                continue;
            }
            for entry in adv.affected.iter().filter(|e| applies(e, t)) {
                match evaluate(entry, t) {
                    Ok(Some((matched_by, range_text, fixed))) => {
                        let package = match &entry.distro_release {
                            Some(r) => format!("{} [{r}]", entry.name),
                            None => entry.name.clone(),
                        };
                        let matched = Match {
                            advisory: adv.id.clone(),
                            source: obs.provenance.source.clone(),
                            observation: obs.id,
                            package,
                            version: t.version.clone(),
                            by: matched_by.to_string(),
                            range: range_text,
                        };
                        for ids in vulnerability_groups(obs, adv, entry) {
                            hits.push(Hit {
                                ids,
                                observation: obs,
                                advisory: adv,
                                matched: matched.clone(),
                                fixed: fixed.clone(),
                                informational: entry.informational.clone(),
                            });
                        }
                    }
                    Ok(None) => {}
                    Err(reason) => undecided.push(report::Undecided {
                        component: cref.clone(),
                        advisory: adv.id.clone(),
                        observation: obs.id,
                        reason,
                    }),
                }
            }
        }
        if hits.is_empty() {
            continue;
        }
        let component_evidence = format!("component:{}", c.bom_ref);
        evidence.insert(
            component_evidence,
            Evidence::Component {
                bom_ref: c.bom_ref.clone(),
                digest: Digest::of_canonical(c)
                    .unwrap_or_else(|_| Digest::of_bytes(c.bom_ref.as_bytes())),
            },
        );
        for group in merge(hits) {
            let finding = build_finding(&cref, t, group, store, &mut kev_cache, &mut evidence)?;
            findings.push(finding);
        }
    }

    if !undecided.is_empty() {
        let by_id: HashMap<&Digest, &Observation> =
            pool.observations.iter().map(|o| (&o.id, o)).collect();
        for u in &undecided {
            if let Some(obs) = by_id.get(&u.observation) {
                record_observation(&mut evidence, obs);
            }
        }
    }

    findings.sort_by(|a, b| {
        (&a.vulnerability, &a.component.purl, &a.component.bom_ref).cmp(&(
            &b.vulnerability,
            &b.component.purl,
            &b.component.bom_ref,
        ))
    });
    unmatched.sort();
    undecided.sort();
    undecided.dedup();
    let mut report = Report {
        kind: report::REPORT_KIND.to_string(),
        inputs: report::ReportInputs {
            sbom: report::SbomInput {
                digest: sbom_digest,
                inventory_digest: inv.digest(),
                format: inv.source.format.to_string(),
                spec_version: inv.source.spec_version.clone(),
                document_id: inv.source.document_id.clone(),
                components: inv.components.len(),
            },
            knowledge_snapshot: store.snapshot_digest()?,
            tool: format!("{} {}", crate::TOOL_NAME, crate::TOOL_VERSION),
            evaluated_at: crate::time::format_time(opts.at),
            vex: None,
        },
        summary: Summary {
            components: inv.components.len(),
            matched_components,
            ..Default::default()
        },
        findings,
        unmatched,
        undecided,
        suppressed: Vec::new(),
        evidence,
    };
    report.recount();
    Ok(report)
}

fn component_ref(c: &Component) -> report::ComponentRef {
    report::ComponentRef {
        bom_ref: c.bom_ref.clone(),
        name: c.name.clone(),
        version: c.version.clone(),
        purl: c.purl.as_ref().map(ToString::to_string),
        ecosystem: c.ecosystem,
    }
}

/// Does an advisory entry speak about this target (same package; same release for OS packages;
/// an `affected` statement)?
fn applies(entry: &AffectedPackage, t: &Target) -> bool {
    if entry.ecosystem != Some(t.ecosystem) || entry.name_key != t.name_key {
        return false;
    }
    if entry.status != PackageStatus::Affected {
        return false;
    }
    if t.ecosystem.is_distro() {
        let entry_release = entry
            .distro_release
            .as_deref()
            .and_then(|r| target::release_key(t.ecosystem, r));
        return match (&entry_release, &t.release) {
            (Some(a), Some(b)) => a == b,
            // A rolling distribution's advisories carry no release.
            (None, _) => t.ecosystem == Ecosystem::Wolfi,
            (Some(_), None) => false,
        };
    }
    true
}

/// How an entry matched: (`range` | `interval` | `version`, the range as text, fixed versions).
type Matched = (&'static str, String, Vec<String>);

/// Evaluate one entry: `Ok(Some(matched))` when affected, `Ok(None)` when not, `Err(reason)`
/// when it cannot be decided.
fn evaluate(entry: &AffectedPackage, t: &Target) -> Result<Option<Matched>, String> {
    let scheme = t.ecosystem.scheme();
    if !entry.ranges.is_empty() || !entry.versions.is_empty() {
        let m = range::osv_affected(scheme, &t.version, &entry.ranges, &entry.versions)
            .map_err(|e| e.to_string())?;
        match m.verdict {
            Verdict::InRange { range, events, .. } => {
                let kind = entry
                    .ranges
                    .get(range)
                    .map_or("ECOSYSTEM".to_string(), |r| {
                        serde_json::to_value(r.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default()
                    });
                let text = events
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let fixed: Vec<String> = events
                    .iter()
                    .filter_map(|e| match e {
                        range::Event::Fixed(v) => Some(v.clone()),
                        _ => None,
                    })
                    .collect();
                return Ok(Some(("range", format!("{kind} {text}"), fixed)));
            }
            Verdict::Listed { version, .. } => {
                return Ok(Some((
                    "version",
                    format!("listed version {version}"),
                    next_fix(entry, t),
                )));
            }
            Verdict::NotAffected => {}
        }
    }
    if !entry.intervals.is_empty() {
        let set = RangeSet {
            intervals: entry.intervals.clone(),
        };
        if let Some(interval) =
            range::contains_in(scheme, &set, &t.version).map_err(|e| e.to_string())?
        {
            let mut text = interval.to_string();
            if !entry.constraints.is_empty() {
                text = format!("{text} (from {})", entry.constraints.join("; "));
            }
            return Ok(Some(("interval", text, next_fix(entry, t))));
        }
    }
    Ok(None)
}

/// The fix for the component's line: the smallest of the entry's fixed versions above the
/// component's version (an advisory with branches lists one fix per branch; only the next one up
/// helps this component). Unparseable fixed versions are left out.
fn next_fix(entry: &AffectedPackage, t: &Target) -> Vec<String> {
    let scheme = t.ecosystem.scheme();
    entry
        .fixed
        .iter()
        .filter(|f| crate::version::compare(scheme, f, &t.version).is_ok_and(|o| o.is_gt()))
        .min_by(|a, b| crate::version::compare(scheme, a, b).unwrap_or_else(|_| a.cmp(b)))
        .cloned()
        .into_iter()
        .collect()
}

/// Merge hits whose id groups share an id (one vulnerability), in a deterministic order.
fn merge(mut hits: Vec<Hit<'_>>) -> Vec<Vec<Hit<'_>>> {
    hits.sort_by(|a, b| (&a.ids, &a.matched).cmp(&(&b.ids, &b.matched)));
    let n = hits.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        for id in &h.ids {
            let key = id.to_ascii_uppercase();
            match owner.get(&key) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
                None => {
                    owner.insert(key, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<Hit<'_>>> = BTreeMap::new();
    for (i, h) in hits.into_iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(h);
    }
    groups.into_values().collect()
}

fn record_observation(evidence: &mut BTreeMap<String, Evidence>, obs: &Observation) {
    evidence
        .entry(obs.id.to_string())
        .or_insert_with(|| Evidence::Observation {
            source: obs.provenance.source.clone(),
            upstream_id: obs.provenance.upstream_id.clone(),
            content_digest: obs.provenance.content_digest,
            locator: obs.provenance.locator.clone(),
            retrieved_at: obs.provenance.retrieved_at.clone(),
        });
}

fn build_finding(
    cref: &report::ComponentRef,
    t: &Target,
    group: Vec<Hit<'_>>,
    store: &dyn KnowledgeStore,
    kev_cache: &mut HashMap<String, Option<(Digest, crate::advisory::KevEntry)>>,
    evidence: &mut BTreeMap<String, Evidence>,
) -> Result<Finding, ScanError> {
    let ids: BTreeSet<String> = group.iter().flat_map(|h| h.ids.iter().cloned()).collect();
    let vulnerability = primary_id(&ids).cloned().unwrap_or_default();
    let mut matches: Vec<Match> = group.iter().map(|h| h.matched.clone()).collect();
    matches.sort();
    matches.dedup();

    // Severities as each source states them, for this vulnerability.
    let mut severities: Vec<SourceSeverity> = Vec::new();
    let mut seen_obs = BTreeSet::new();
    for h in &group {
        if !seen_obs.insert(h.observation.id) {
            continue;
        }
        record_observation(evidence, h.observation);
        for s in &h.advisory.severities {
            if let Some(v) = &s.vulnerability
                && !ids.iter().any(|i| i.eq_ignore_ascii_case(v))
            {
                continue;
            }
            severities.push(SourceSeverity {
                source: h.observation.provenance.source.clone(),
                scheme: s.scheme.clone(),
                value: s.value.clone(),
                score: s.score,
            });
        }
    }
    severities.sort_by(|a, b| {
        (&a.source, &a.scheme, &a.value)
            .cmp(&(&b.source, &b.scheme, &b.value))
            .then(
                a.score
                    .partial_cmp(&b.score)
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
    });
    severities.dedup();
    let severity = severities
        .iter()
        .filter_map(|s| match s.score {
            Some(score) => Some(Severity::from_score(score)),
            None => Severity::from_label(&s.value),
        })
        .max()
        .unwrap_or(Severity::Unknown);

    // Fixed versions, in the ecosystem's order.
    let scheme = t.ecosystem.scheme();
    let mut fixed: Vec<String> = group.iter().flat_map(|h| h.fixed.iter().cloned()).collect();
    fixed.sort_by(|a, b| crate::version::compare(scheme, a, b).unwrap_or_else(|_| a.cmp(b)));
    fixed.dedup_by(|a, b| crate::version::compare(scheme, a, b).is_ok_and(|o| o.is_eq()) || a == b);

    // KEV: any CVE among the ids or the advisories' `related` ids.
    let mut kev_cves = BTreeSet::new();
    let related: BTreeSet<&String> = group
        .iter()
        .flat_map(|h| h.advisory.related.iter())
        .collect();
    for cve in ids.iter().chain(related) {
        if !cve.to_ascii_uppercase().starts_with("CVE-") {
            continue;
        }
        let entry = match kev_cache.get(cve) {
            Some(e) => e.clone(),
            None => {
                let found = store.kev(cve)?.map(|k| (kev_observation_id(store, cve), k));
                let found = found.and_then(|(id, k)| id.map(|id| (id, k)));
                kev_cache.insert(cve.clone(), found.clone());
                found
            }
        };
        if let Some((obs_id, k)) = entry {
            kev_cves.insert(cve.clone());
            evidence
                .entry(format!("kev:{cve}"))
                .or_insert(Evidence::Kev {
                    cve: cve.clone(),
                    observation: obs_id,
                    date_added: k.date_added.clone(),
                });
        }
    }

    let cwes: BTreeSet<String> = group
        .iter()
        .flat_map(|h| h.advisory.cwes.iter().cloned())
        .collect();
    let advisory_urls: BTreeSet<String> = group
        .iter()
        .flat_map(|h| h.advisory.references.iter())
        .filter(|r| r.kind.eq_ignore_ascii_case("ADVISORY") && !r.url.trim().is_empty())
        .map(|r| r.url.trim().to_string())
        .collect();
    let title = group.iter().find_map(|h| h.advisory.summary.clone());
    let informational = group.iter().find_map(|h| h.informational.clone());
    let purl_key = cref
        .purl
        .as_deref()
        .and_then(|p| crate::purl::Purl::parse(p).ok())
        .map(|p| p.without_qualifiers());
    Ok(Finding {
        id: format!(
            "{vulnerability}@{}",
            purl_key.unwrap_or_else(|| cref.name.clone())
        ),
        vulnerability,
        aliases: ids,
        component: cref.clone(),
        title,
        severity,
        severities,
        fixed_versions: fixed,
        kev: !kev_cves.is_empty(),
        kev_cves,
        informational,
        cwes,
        advisory_urls,
        matches,
        vex: None,
    })
}

/// The observation id of the current KEV entry for a CVE (for the evidence index).
fn kev_observation_id(store: &dyn KnowledgeStore, cve: &str) -> Option<Digest> {
    store
        .by_id_or_alias(cve)
        .ok()?
        .into_iter()
        .filter(|s| s.is_current)
        .find(|s| matches!(s.observation.normalized, Normalized::Kev(_)))
        .map(|s| s.observation.id)
}
