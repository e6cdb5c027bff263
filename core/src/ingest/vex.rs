//! VEX ingest: inputs (files, directories, archives, through the same [`walk`](super::walk))
//! → detected VEX documents → statement observations in a [`VexStore`].
//!
//! **A document is all or nothing.** A VEX document that cannot be read (malformed JSON/XML, an
//! unsupported version) or that has any `error` problem (unknown status, bad date, dangling
//! product reference, …) is *refused* whole, with every reason: a half-ingested document would
//! leave a vendor's statement set silently incomplete. Statements of one document are never
//! split over two store transactions, so a crash leaves whole documents or nothing. Documents
//! that are not VEX at all (READMEs, SBOMs, repository indexes) are *ignored* and counted.
//!
//! Within one ingest, the same (source, upstream id) seen twice with different content keeps the
//! newest statement (its timestamp, then its content digest), whatever the file order —
//! the others are `shadowed`, as in the advisory ingest.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use super::walk::{self, Document, Skipped, WalkLimits};
use super::{IngestError, Progress, SourceCounts};
use crate::canon::Digest;
use crate::store::VexStore;
use crate::vex::{Problem, StatementObservation, VexError, VexFormat, detect};

/// How to ingest VEX.
#[derive(Debug, Clone)]
pub struct VexIngestOptions {
    /// Source name for every statement (default: the statement's issuer).
    pub source: Option<String>,
    /// Provenance retrieval time (UTC RFC 3339).
    pub retrieved_at: String,
    /// Statements per store transaction (a document is never split; a batch may exceed this
    /// by one document).
    pub batch_size: usize,
    /// Input bounds.
    pub limits: WalkLimits,
}

/// A refused document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefusedDocument {
    /// The document's name.
    pub document: String,
    /// Its format, when it was recognised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<VexFormat>,
    /// Why: the document error, or each error problem (`location: message`).
    pub reasons: Vec<String>,
    /// Statements of the document that were readable but not ingested with it.
    pub statements_not_ingested: usize,
}

/// What a VEX ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VexIngestReport {
    /// Documents read (including ignored ones).
    pub documents: usize,
    /// VEX documents ingested, by format.
    pub documents_by_format: BTreeMap<String, usize>,
    /// Statements ingested (offered to the store), by format.
    pub statements_by_format: BTreeMap<String, usize>,
    /// Documents that are not VEX.
    pub ignored_documents: usize,
    /// A few ignored documents with what they are.
    pub ignored_examples: Vec<String>,
    /// Non-regular archive entries skipped.
    pub skipped_entries: usize,
    /// Counts per source. `rejected` stays 0: refusals are per document (see `refused`).
    pub sources: BTreeMap<String, SourceCounts>,
    /// Refused documents with their reasons.
    pub refused: Vec<RefusedDocument>,
    /// Warnings of ingested documents (statements kept), as `stella vex validate` lists them.
    pub warnings: usize,
    /// VEX snapshot before.
    pub snapshot_before: Option<Digest>,
    /// VEX snapshot after.
    pub snapshot_after: Option<Digest>,
}

impl VexIngestReport {
    /// Totals over all sources.
    pub fn totals(&self) -> SourceCounts {
        let mut t = SourceCounts::default();
        for c in self.sources.values() {
            t.inserted += c.inserted;
            t.skipped += c.skipped;
            t.superseded += c.superseded;
            t.reverted += c.reverted;
            t.rejected += c.rejected;
            t.shadowed += c.shadowed;
        }
        t
    }
}

/// The reasons of a refused document.
fn reasons_of(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| format!("{}: {}", p.location, p.message))
        .collect()
}

/// Ingest VEX inputs into a store.
///
/// # Errors
/// An unreadable input or a store failure (documents committed before stay committed, whole).
pub fn ingest_vex(
    store: &mut dyn VexStore,
    inputs: &[PathBuf],
    opts: &VexIngestOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<VexIngestReport, IngestError> {
    let mut ing = VexIngestor::new(store, opts)?;
    let mut skipped = Skipped::default();
    walk::walk::<IngestError>(inputs, opts.limits, &mut skipped, &mut |doc: Document| {
        ing.add(store, doc, progress)
    })?;
    ing.report.skipped_entries = skipped.non_regular;
    ing.finish(store, progress)
}

/// Incremental VEX ingest of documents in memory.
pub struct VexIngestor<'o> {
    opts: &'o VexIngestOptions,
    report: VexIngestReport,
    batch: Vec<(StatementObservation, Vec<u8>)>,
    committed: usize,
    seen: HashMap<(String, String), (String, Digest)>,
}

impl<'o> VexIngestor<'o> {
    /// Start (records the VEX snapshot before).
    ///
    /// # Errors
    /// A store failure.
    pub fn new(store: &mut dyn VexStore, opts: &'o VexIngestOptions) -> Result<Self, IngestError> {
        Ok(VexIngestor {
            opts,
            report: VexIngestReport {
                snapshot_before: Some(store.vex_snapshot_digest()?),
                ..Default::default()
            },
            batch: Vec::new(),
            committed: 0,
            seen: HashMap::new(),
        })
    }

    /// Detect, parse and queue one document (whole), committing when the batch is full.
    ///
    /// # Errors
    /// A store failure.
    pub fn add(
        &mut self,
        store: &mut dyn VexStore,
        doc: Document,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<(), IngestError> {
        let opts = self.opts;
        self.report.documents += 1;
        progress(Progress::Document { name: &doc.name });
        let member = doc.name.rsplit('!').next().unwrap_or(&doc.name);
        let detected = match detect::detect(member, &doc.bytes) {
            Ok(d) => d,
            Err(VexError::NotVex { what }) => {
                self.report.ignored_documents += 1;
                if self.report.ignored_examples.len() < 5 {
                    self.report
                        .ignored_examples
                        .push(format!("{}: {what}", doc.name));
                }
                return Ok(());
            }
            Err(e) => {
                self.report.refused.push(RefusedDocument {
                    document: doc.name.clone(),
                    format: None,
                    reasons: vec![e.to_string()],
                    statements_not_ingested: 0,
                });
                return Ok(());
            }
        };
        let parsed = match detect::parse_detected(detected, member, &doc.bytes) {
            Ok(p) => p,
            Err(e) => {
                self.report.refused.push(RefusedDocument {
                    document: doc.name.clone(),
                    format: Some(detected.format),
                    reasons: vec![e.to_string()],
                    statements_not_ingested: 0,
                });
                return Ok(());
            }
        };
        let reasons = reasons_of(&parsed.problems);
        if !reasons.is_empty() {
            self.report.refused.push(RefusedDocument {
                document: doc.name.clone(),
                format: Some(detected.format),
                reasons,
                statements_not_ingested: parsed.statements.len(),
            });
            return Ok(());
        }
        self.report.warnings += crate::vex::validate::validate(&parsed).len();
        let fname = detected.format.cli_name().to_string();
        *self
            .report
            .documents_by_format
            .entry(fname.clone())
            .or_insert(0) += 1;
        *self.report.statements_by_format.entry(fname).or_insert(0) += parsed.statements.len();
        for record in &parsed.statements {
            let obs = StatementObservation::from_record(
                record,
                detected.format,
                opts.source.as_deref(),
                &doc.name,
                &opts.retrieved_at,
            );
            let key = (
                obs.provenance.source.clone(),
                obs.provenance.upstream_id.clone(),
            );
            let rev = (
                obs.statement.timestamp.clone().unwrap_or_default(),
                obs.provenance.content_digest,
            );
            match self.seen.get(&key) {
                Some(best) if *best > rev => {
                    self.report
                        .sources
                        .entry(obs.provenance.source.clone())
                        .or_default()
                        .shadowed += 1;
                    continue;
                }
                _ => {
                    self.seen.insert(key, rev);
                }
            }
            self.batch.push((obs, record.raw.clone()));
        }
        // Flush only between documents: a document is never split over transactions.
        if self.batch.len() >= opts.batch_size {
            self.flush(store, progress)?;
        }
        Ok(())
    }

    fn flush(
        &mut self,
        store: &mut dyn VexStore,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<(), IngestError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let outcomes = store.ingest_vex(&self.batch)?;
        for ((obs, _), outcome) in self.batch.iter().zip(outcomes) {
            let c = self
                .report
                .sources
                .entry(obs.provenance.source.clone())
                .or_default();
            c.count(&outcome);
        }
        self.committed += self.batch.len();
        self.batch.clear();
        progress(Progress::Committed {
            records: self.committed,
        });
        Ok(())
    }

    /// Commit what is queued and return the report.
    ///
    /// # Errors
    /// A store failure.
    pub fn finish(
        mut self,
        store: &mut dyn VexStore,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<VexIngestReport, IngestError> {
        self.flush(store, progress)?;
        self.report.snapshot_after = Some(store.vex_snapshot_digest()?);
        Ok(self.report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    fn opts() -> VexIngestOptions {
        VexIngestOptions {
            source: None,
            retrieved_at: "2026-01-01T00:00:00.000Z".into(),
            batch_size: 2,
            limits: WalkLimits::default(),
        }
    }

    #[test]
    fn fixtures_ingest_and_reingest_is_idempotent() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/vex");
        let mut s = SqliteStore::open_in_memory().unwrap();
        let o = opts();
        let r = ingest_vex(&mut s, std::slice::from_ref(&root), &o, &mut |_| {}).unwrap();
        assert!(r.refused.is_empty(), "{:?}", r.refused);
        assert_eq!(r.ignored_documents, 1, "{:?}", r.ignored_examples); // PROVENANCE.md
        assert_eq!(r.documents_by_format.values().sum::<usize>(), 10);
        let t = r.totals();
        let offered: usize = r.statements_by_format.values().sum();
        assert_eq!(t.inserted + t.shadowed, offered);
        assert_ne!(r.snapshot_before, r.snapshot_after);
        let again = ingest_vex(&mut s, &[root], &o, &mut |_| {}).unwrap();
        assert_eq!(again.totals().skipped, t.inserted);
        assert_eq!(again.totals().inserted, 0);
        assert_eq!(again.snapshot_after, r.snapshot_after);
    }

    #[test]
    fn a_document_with_one_bad_statement_is_refused_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("bad.json"),
            br#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"d","author":"A",
            "timestamp":"2024-01-01T00:00:00Z","statements":[
            {"vulnerability":{"name":"CVE-1"},"products":[{"@id":"pkg:npm/a@1"}],"status":"fixed"},
            {"vulnerability":{"name":"CVE-2"},"products":[{"@id":"pkg:npm/a@1"}],"status":"maybe"}]}"#,
        )
        .unwrap();
        let mut s = SqliteStore::open_in_memory().unwrap();
        let r = ingest_vex(&mut s, &[dir.path().to_path_buf()], &opts(), &mut |_| {}).unwrap();
        assert_eq!(r.refused.len(), 1);
        assert_eq!(r.refused[0].statements_not_ingested, 1);
        assert!(r.refused[0].reasons[0].contains("unknown status `maybe`"));
        assert_eq!(s.vex_all_current().unwrap().len(), 0);
        assert_eq!(r.snapshot_before, r.snapshot_after);
    }
}
