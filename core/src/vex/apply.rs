//! Applying VEX to a scan report (`stella scan --vex`): for every finding, the VEX Lens consensus
//! over the statements that apply to it; a finding whose consensus suppresses it (`not_affected`,
//! `fixed`) moves to the report's `suppressed` list with the consensus and the statement ids
//! behind it — it never disappears. Findings that VEX speaks about without suppressing them
//! (`affected`, `under_investigation`, a recorded conflict) stay and carry the same annotation,
//! so a disagreement between issuers is visible in the report.
//!
//! Candidate statements are found by vulnerability id through the finding's linkset aliases
//! (a statement about a CVE reaches the GHSA finding that aliases it); whether one applies is
//! [`super::scope`]'s decision, how much it counts is [`super::consensus`]'s.

use std::collections::{BTreeMap, BTreeSet};

use crate::canon::Digest;
use crate::sbom::Inventory;
use crate::scan::report::{Evidence, FindingVex, Report, VexInputs};
use crate::time::Timestamp;

use super::StatementObservation;
use super::consensus::{TrustConfig, for_target};
use super::scope::{SbomIdentity, Target, canonical_id};

/// Apply `observations` to `report` (scanned from `inventory`) at time `at`.
///
/// Deterministic: the result depends only on the set of observations (not their order), the
/// trust configuration and `at`.
pub fn apply(
    report: &mut Report,
    inventory: &Inventory,
    observations: &[StatementObservation],
    config: &TrustConfig,
    at: Timestamp,
) {
    let mut by_id: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, o) in observations.iter().enumerate() {
        let st = &o.statement;
        for id in std::iter::once(&st.vulnerability).chain(st.aliases.iter()) {
            let id = canonical_id(id);
            if !id.is_empty() {
                by_id.entry(id).or_default().insert(i);
            }
        }
    }
    let statement_ids: BTreeSet<Digest> = observations.iter().map(|o| o.id).collect();
    report.inputs.vex = Some(VexInputs {
        statements: statement_ids.len(),
        statements_digest: Digest::of_bytes(
            statement_ids
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
                .as_bytes(),
        ),
        trust_config: config.digest(),
    });

    let sbom = SbomIdentity::of(inventory);
    let cpes: BTreeMap<&str, &[String]> = inventory
        .components
        .iter()
        .map(|c| (c.bom_ref.as_str(), c.cpes.as_slice()))
        .collect();
    let findings = std::mem::take(&mut report.findings);
    let mut cited: BTreeSet<usize> = BTreeSet::new();
    for mut finding in findings {
        let candidates: BTreeSet<usize> = std::iter::once(&finding.vulnerability)
            .chain(finding.aliases.iter())
            .filter_map(|id| by_id.get(&canonical_id(id)))
            .flatten()
            .copied()
            .collect();
        if candidates.is_empty() {
            report.findings.push(finding);
            continue;
        }
        let cands: Vec<StatementObservation> = candidates
            .iter()
            .map(|&i| observations[i].clone())
            .collect();
        let component_cpes = cpes
            .get(finding.component.bom_ref.as_str())
            .copied()
            .unwrap_or(&[]);
        let target = Target::of_finding(&finding, component_cpes, &sbom);
        let (consensus, _scoped) = for_target(&target, &cands, config, at);
        if consensus.contributions.is_empty() {
            report.findings.push(finding);
            continue;
        }
        let applying: BTreeSet<Digest> = consensus
            .contributions
            .iter()
            .map(|c| c.statement)
            .collect();
        for (k, &i) in candidates.iter().enumerate() {
            if applying.contains(&cands[k].id) {
                cited.insert(i);
            }
        }
        let suppress = consensus.suppresses();
        finding.vex = Some(FindingVex {
            status: consensus.status.as_str().to_string(),
            justification: consensus.justification.map(|j| snake(&j)),
            confidence: consensus.confidence,
            consensus: consensus.digest,
            statements: applying.into_iter().collect(),
            supporting: consensus
                .supporting()
                .map(|c| c.statement)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            conflicts: consensus.conflicts.len(),
        });
        if suppress {
            report.suppressed.push(finding);
        } else {
            report.findings.push(finding);
        }
    }
    for i in cited {
        let o = &observations[i];
        report.evidence.insert(
            o.id.to_string(),
            Evidence::Vex {
                source: o.provenance.source.clone(),
                upstream_id: o.provenance.upstream_id.clone(),
                content_digest: o.provenance.content_digest,
                locator: o.provenance.locator.clone(),
                issuer: o.statement.issuer.name.clone(),
                status: snake(&o.statement.status),
            },
        );
    }
    report.recount();
}

/// The serde (snake_case) spelling of a unit enum value.
fn snake<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
