//! Ingest: upstream inputs (files, directories, archives) → parsed records → observations in the
//! knowledge store.
//!
//! [`walk`] yields documents; [`crate::advisory::registry`] sniffs each one's format by content
//! and parses it into records; records get provenance ([`Observation::from_record`]) and are
//! written in batches, one store transaction each. A bad record is rejected with its reason and
//! never aborts the rest; a document no parser recognises is *ignored* (READMEs, schemas,
//! indexes) and counted separately. Killing the process mid-ingest leaves the store consistent:
//! every committed batch is whole, and re-running the same ingest completes it (identical
//! records are skipped).

pub mod vex;
pub mod walk;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::advisory::{AdvisoryFormat, Observation, registry};
use crate::canon::Digest;
use crate::store::{KnowledgeStore, PutOutcome, StoreError};
use walk::{Document, Skipped, WalkError, WalkLimits};

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Source name for every record (default: each record's suggested source).
    pub source: Option<String>,
    /// Only read documents of this format (default: detect each document's format).
    pub format: Option<AdvisoryFormat>,
    /// Provenance retrieval time (UTC RFC 3339).
    pub retrieved_at: String,
    /// Records per store transaction.
    pub batch_size: usize,
    /// Input bounds.
    pub limits: WalkLimits,
}

/// Counts for one source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SourceCounts {
    /// New keys.
    pub inserted: usize,
    /// Identical to what was stored.
    pub skipped: usize,
    /// New content for a known key.
    pub superseded: usize,
    /// Content returned to an earlier observation.
    pub reverted: usize,
    /// Records refused by their parser.
    pub rejected: usize,
    /// Records that appeared more than once in this ingest under one key with different content,
    /// and lost to a newer revision (see [`ingest`]); not stored.
    pub shadowed: usize,
}

impl SourceCounts {
    /// Count what the store did with one record.
    pub fn count(&mut self, outcome: &PutOutcome) {
        match outcome {
            PutOutcome::Inserted => self.inserted += 1,
            PutOutcome::Skipped => self.skipped += 1,
            PutOutcome::Superseded { .. } => self.superseded += 1,
            PutOutcome::Reverted { .. } => self.reverted += 1,
        }
    }
}

/// One refused record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectedRecord {
    /// The document it came from.
    pub document: String,
    /// The format whose parser refused it.
    pub format: AdvisoryFormat,
    /// The record's id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_id: Option<String>,
    /// Where in the document.
    pub locator: String,
    /// Why.
    pub reason: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngestReport {
    /// Documents read.
    pub documents: usize,
    /// Documents by detected format.
    pub documents_by_format: BTreeMap<String, usize>,
    /// Documents no advisory parser recognised (not advisories: READMEs, schemas, indexes).
    pub ignored_documents: usize,
    /// A few ignored document names, for the summary.
    pub ignored_examples: Vec<String>,
    /// Non-regular archive entries skipped (links, devices).
    pub skipped_entries: usize,
    /// Records parsed (accepted and rejected).
    pub records: usize,
    /// Counts per source.
    pub sources: BTreeMap<String, SourceCounts>,
    /// Every refused record with its reason.
    pub rejected: Vec<RejectedRecord>,
    /// Snapshot digest before the ingest.
    pub snapshot_before: Option<Digest>,
    /// Snapshot digest after it.
    pub snapshot_after: Option<Digest>,
}

impl IngestReport {
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

/// Progress events, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// A document is being parsed.
    Document {
        /// Its name.
        name: &'a str,
    },
    /// A batch was committed.
    Committed {
        /// Records committed so far.
        records: usize,
    },
}

/// Why an ingest stopped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// An input could not be read.
    #[error(transparent)]
    Walk(#[from] WalkError),
    /// The store failed; batches committed before this point stay committed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The revision order of a record: its modification time (else publication time), then its
/// content digest. Within one ingest, when the same (source, upstream id) appears with different
/// content, the greatest revision wins whatever the file order, so two stores built from the
/// same inputs in any order end with the same current observations and snapshot digest. Across
/// ingests, the later ingest wins (a corrected feed replaces what was there).
fn revision_key(obs: &Observation) -> (String, Digest) {
    let when = match &obs.normalized {
        crate::advisory::Normalized::Advisory(a) => {
            a.modified.clone().or_else(|| a.published.clone())
        }
        crate::advisory::Normalized::Kev(k) => Some(k.date_added.clone()),
    };
    (when.unwrap_or_default(), obs.provenance.content_digest)
}

/// Ingest inputs into a store.
///
/// # Errors
/// An unreadable input or a store failure. Records rejected by parsers are not errors: they are
/// listed in the report.
pub fn ingest(
    store: &mut dyn KnowledgeStore,
    inputs: &[PathBuf],
    opts: &IngestOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<IngestReport, IngestError> {
    let mut ingestor = Ingestor::new(store, opts)?;
    let mut skipped = Skipped::default();
    walk::walk::<IngestError>(inputs, opts.limits, &mut skipped, &mut |doc: Document| {
        ingestor.add(store, doc, progress)
    })?;
    ingestor.report.skipped_entries = skipped.non_regular;
    ingestor.finish(store, progress)
}

/// Incremental ingest of documents already in memory (what [`ingest`] does for each document
/// its walk yields; benchmarks and callers with their own input feed use it directly).
pub struct Ingestor<'o> {
    opts: &'o IngestOptions,
    report: IngestReport,
    batch: Vec<(Observation, Vec<u8>)>,
    committed: usize,
    seen: std::collections::HashMap<(String, String), (String, Digest)>,
}

impl<'o> Ingestor<'o> {
    /// Start an ingest (records the snapshot before).
    ///
    /// # Errors
    /// A store failure.
    pub fn new(
        store: &mut dyn KnowledgeStore,
        opts: &'o IngestOptions,
    ) -> Result<Self, IngestError> {
        Ok(Ingestor {
            opts,
            report: IngestReport {
                snapshot_before: Some(store.snapshot_digest()?),
                ..Default::default()
            },
            batch: Vec::with_capacity(opts.batch_size),
            committed: 0,
            seen: std::collections::HashMap::new(),
        })
    }

    /// Parse one document and queue its records, committing full batches.
    ///
    /// # Errors
    /// A store failure.
    pub fn add(
        &mut self,
        store: &mut dyn KnowledgeStore,
        doc: Document,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<(), IngestError> {
        let opts = self.opts;
        self.report.documents += 1;
        progress(Progress::Document { name: &doc.name });
        // Parsers see the path inside its archive (ids derived from paths stay the same whether
        // the data came as a tarball or a directory); provenance keeps the full name.
        let member = doc.name.rsplit('!').next().unwrap_or(&doc.name);
        let format = match opts.format {
            Some(f) if registry::sniffs(f, member, &doc.bytes) => Some(f),
            Some(_) => None,
            None => registry::sniff(member, &doc.bytes),
        };
        let Some(format) = format else {
            self.report.ignored_documents += 1;
            if self.report.ignored_examples.len() < 5 {
                self.report.ignored_examples.push(doc.name.clone());
            }
            return Ok(());
        };
        *self
            .report
            .documents_by_format
            .entry(format.cli_name().to_string())
            .or_insert(0) += 1;
        for result in registry::parse(format, member, &doc.bytes) {
            self.report.records += 1;
            match result {
                Ok(record) => {
                    let source = opts
                        .source
                        .clone()
                        .unwrap_or_else(|| record.source_hint.clone());
                    let obs = Observation::from_record(
                        &record,
                        format,
                        &source,
                        &doc.name,
                        &opts.retrieved_at,
                    );
                    let key = (source.clone(), record.upstream_id.clone());
                    let rev = revision_key(&obs);
                    match self.seen.get(&key) {
                        Some(best) if *best > rev => {
                            self.report.sources.entry(source).or_default().shadowed += 1;
                            continue;
                        }
                        _ => {
                            self.seen.insert(key, rev);
                        }
                    }
                    self.batch.push((obs, record.raw));
                    if self.batch.len() >= opts.batch_size {
                        self.flush(store, progress)?;
                    }
                }
                Err(rej) => {
                    let source = opts.source.clone().unwrap_or_else(|| {
                        registry::default_source(format, rej.upstream_id.as_deref())
                    });
                    self.report.sources.entry(source).or_default().rejected += 1;
                    self.report.rejected.push(RejectedRecord {
                        document: doc.name.clone(),
                        format,
                        upstream_id: rej.upstream_id,
                        locator: rej.locator,
                        reason: rej.reason,
                    });
                }
            }
        }
        Ok(())
    }

    fn flush(
        &mut self,
        store: &mut dyn KnowledgeStore,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<(), IngestError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let outcomes = store.ingest(&self.batch)?;
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

    /// Commit what is queued and return the report (with the snapshot after).
    ///
    /// # Errors
    /// A store failure.
    pub fn finish(
        mut self,
        store: &mut dyn KnowledgeStore,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<IngestReport, IngestError> {
        self.flush(store, progress)?;
        self.report.snapshot_after = Some(store.snapshot_digest()?);
        Ok(self.report)
    }
}
