//! The knowledge store: append-only persistence of advisory observations, behind one trait.
//!
//! [`KnowledgeStore`] is what the rest of Stella sees: [`KnowledgeStore::ingest`] a batch of
//! observations with their verbatim bytes, look candidates up by (ecosystem, normalised name),
//! find observations by id or alias, read raw bytes back, look KEV entries up, and compute the
//! [`snapshot digest`](KnowledgeStore::snapshot_digest) that names the current knowledge.
//! [`SqliteStore`] is the embedded implementation used by the CLI; the daemon adds PostgreSQL
//! behind the same trait, so nothing here mentions SQLite except the [`StoreError::Sqlite`]
//! variant.
//!
//! # Append-only, with revisions
//! Observations and raw bytes are written once and never updated or deleted (the SQLite schema
//! enforces this with triggers). What changes over time is which observation is *current* for a
//! (source, upstream id) key, and that is itself an append-only log of revisions: each ingest
//! that changes a key appends `(seq, key, observation, supersedes)`, and the current observation
//! is the latest revision's. This is the decision a newcomer might undo by adding an "is current"
//! column or a mutable head table: don't — the log is what makes the revert case A → B → A work
//! without touching A (A becomes current again through a new revision, A's row is unchanged) and
//! what makes every past state reconstructible.
//!
//! Ingest outcomes per record:
//! - same observation id as the current one → [`PutOutcome::Skipped`] (idempotent);
//! - a key never seen → [`PutOutcome::Inserted`];
//! - a key whose current observation differs → [`PutOutcome::Superseded`] (a new observation
//!   whose `supersedes` is the previous current id);
//! - a key whose content returns to an observation already stored (A → B → A) →
//!   [`PutOutcome::Reverted`]: no new observation, a new revision makes A current again.
//!
//! A batch is one transaction: after a crash either all of it or none of it is visible.
//!
//! VEX statements live beside the advisories under the same rules, behind their own trait
//! [`VexStore`] (see [`vex`]), with their own snapshot digest.

pub mod migrations;
pub mod sqlite;
pub mod vex;

use serde::Serialize;

use crate::advisory::{KevEntry, Observation};
use crate::canon::Digest;
use crate::ecosystem::Ecosystem;

pub use sqlite::SqliteStore;
pub use vex::{VexSourceStatus, VexStore, VexStoreStatus};

/// What ingesting one record did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum PutOutcome {
    /// A (source, upstream id) never seen before: a new observation, now current.
    Inserted,
    /// The content is identical to the current observation for its key: nothing written.
    Skipped,
    /// New content for a known key: a new observation superseding the previous current one.
    Superseded {
        /// The observation that was current before.
        previous: Digest,
    },
    /// The content returned to an observation already stored for this key (A → B → A): that
    /// observation is current again; no observation was written.
    Reverted {
        /// The observation that was current before.
        previous: Digest,
    },
}

/// An observation as stored, with its place in its key's revision history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredObservation {
    /// The observation exactly as first stored (`supersedes` is the observation it replaced
    /// when it was first written; a later revert does not rewrite it).
    pub observation: Observation,
    /// Is it the current observation for its (source, upstream id)?
    pub is_current: bool,
    /// The observation that replaced it after its latest revision (`None` when current).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<Digest>,
}

/// Observation counts and freshness of one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceStatus {
    /// The source name.
    pub source: String,
    /// Current observations (one per upstream id).
    pub current: u64,
    /// Stored observations that are no longer current.
    pub superseded: u64,
    /// When the source was last ingested (UTC RFC 3339), even when nothing changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_ingest: Option<String>,
}

/// Matching-index counts of one ecosystem, over current advisory observations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EcosystemStatus {
    /// The ecosystem.
    pub ecosystem: Ecosystem,
    /// Current advisories with at least one affected package in this ecosystem.
    pub advisories: u64,
    /// (advisory, package) index entries.
    pub affected_packages: u64,
    /// Distinct package name keys.
    pub packages: u64,
}

/// A summary of the store for `stella db status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreStatus {
    /// Schema version of the store.
    pub schema_version: u32,
    /// [`KnowledgeStore::snapshot_digest`].
    pub snapshot: Digest,
    /// Per source, sorted by name.
    pub sources: Vec<SourceStatus>,
    /// Per ecosystem, sorted by ecosystem.
    pub ecosystems: Vec<EcosystemStatus>,
    /// Current KEV observations.
    pub kev_entries: u64,
    /// Ingest runs recorded (one per batch).
    pub ingest_runs: u64,
    /// When the last ingest run happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_ingest: Option<String>,
}

/// The result of [`KnowledgeStore::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrityReport {
    /// Observations checked.
    pub observations: u64,
    /// Problems found, each naming the object; empty when the store is sound.
    pub problems: Vec<String>,
}

impl IntegrityReport {
    /// No problem found?
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("store `{path}`: {doing}")]
    Sqlite {
        /// The store file (`:memory:` for an in-memory store).
        path: String,
        /// What was being done (`inserting observation … `, `reading the schema version`).
        doing: String,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
    /// The store holds something it could not have written (an undecodable observation, a
    /// malformed digest): it was damaged or edited by hand.
    #[error("store `{path}` is corrupt: {what}")]
    Corrupt {
        /// The store file.
        path: String,
        /// What is wrong, naming the object.
        what: String,
    },
    /// The store was written by a newer Stella with a schema this one does not know.
    #[error(
        "store `{path}` has schema version {found}, this Stella supports up to {supported}: upgrade Stella"
    )]
    SchemaTooNew {
        /// The store file.
        path: String,
        /// The schema version found.
        found: u32,
        /// The newest schema version this build knows.
        supported: u32,
    },
    /// The file is not a Stella store (not SQLite, or another application's database).
    #[error("`{path}` is not a Stella store: {reason}")]
    NotAStore {
        /// The file.
        path: String,
        /// Why not.
        reason: String,
    },
    /// An observation handed to `ingest` is inconsistent with its own provenance; nothing of
    /// the batch was written.
    #[error("batch item {index} ({source_name} {upstream_id}): {reason}")]
    InvalidObservation {
        /// Index in the batch.
        index: usize,
        /// Its source.
        source_name: String,
        /// Its upstream id.
        upstream_id: String,
        /// What does not match.
        reason: String,
    },
    /// The store file could not be read or created.
    #[error("store `{path}`: {doing}")]
    Io {
        /// The store file.
        path: String,
        /// What was being done.
        doing: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// The answer of [`KnowledgeStore::candidates_many`]: distinct observations, and per key the
/// indices of its candidates.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// Every candidate observation, once.
    pub observations: Vec<Observation>,
    /// Per key asked (same order), indices into `observations`, in the order
    /// [`KnowledgeStore::candidates`] gives for that key.
    pub by_key: Vec<Vec<usize>>,
}

/// Persistence of observations. Implementations are append-only (see the module header).
///
/// Every list returned is in a stable order (by source, then upstream id, unless stated), so
/// callers can render it directly.
pub trait KnowledgeStore {
    /// Ingest a batch of observations with their verbatim bytes, in one transaction. The store
    /// sets each stored observation's `supersedes`; the value passed in is ignored. Items are
    /// applied in order (a key appearing twice in a batch is handled as two ingests).
    ///
    /// # Errors
    /// [`StoreError::InvalidObservation`] when an item's `content_digest` is not the digest of
    /// its bytes or its `id` is not [`observation_id`](crate::advisory::observation_id) of its
    /// provenance; [`StoreError::Sqlite`] when writing fails. Either way nothing of the batch
    /// is stored.
    fn ingest(&mut self, batch: &[(Observation, Vec<u8>)]) -> Result<Vec<PutOutcome>, StoreError>;

    /// Current advisory observations with an affected package of this ecosystem and name key.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn candidates(
        &self,
        ecosystem: Ecosystem,
        name_key: &str,
    ) -> Result<Vec<Observation>, StoreError>;

    /// [`KnowledgeStore::candidates`] for many keys at once, each observation decoded once.
    /// `by_key[i]` lists the candidates of `keys[i]` in the order `candidates` gives them.
    ///
    /// The default asks [`KnowledgeStore::candidates`] once per key; implementations override it
    /// with a batched lookup (a scan of thousands of components is then a handful of queries).
    ///
    /// # Errors
    /// As [`KnowledgeStore::candidates`].
    fn candidates_many(&self, keys: &[(Ecosystem, &str)]) -> Result<Candidates, StoreError> {
        let mut out = Candidates::default();
        let mut seen: std::collections::HashMap<Digest, usize> = std::collections::HashMap::new();
        for (ecosystem, name_key) in keys {
            let mut list = Vec::new();
            for o in self.candidates(*ecosystem, name_key)? {
                let i = *seen.entry(o.id).or_insert_with(|| {
                    out.observations.push(o);
                    out.observations.len() - 1
                });
                list.push(i);
            }
            out.by_key.push(list);
        }
        Ok(out)
    }

    /// Call `f` on every current observation (advisories and KEV entries), in order of source
    /// and upstream id. Stops at the first error `f` returns.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`], [`StoreError::Corrupt`], or what `f` returns.
    fn for_each_current(
        &self,
        f: &mut dyn FnMut(Observation) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Every current observation, in order of source and upstream id.
    ///
    /// # Errors
    /// As [`KnowledgeStore::for_each_current`].
    fn all_current(&self) -> Result<Vec<Observation>, StoreError> {
        let mut out = Vec::new();
        self.for_each_current(&mut |o| {
            out.push(o);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every observation, current or superseded, whose upstream id, advisory id or aliases
    /// (or KEV CVE) equal `id` (ASCII case-insensitively).
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn by_id_or_alias(&self, id: &str) -> Result<Vec<StoredObservation>, StoreError>;

    /// The verbatim bytes of an observation.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    fn raw(&self, observation_id: &Digest) -> Result<Option<Vec<u8>>, StoreError>;

    /// The current KEV entry for a CVE (when several sources list it, the first by source and
    /// upstream id).
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn kev(&self, cve: &str) -> Result<Option<KevEntry>, StoreError>;

    /// Counts per source and ecosystem, KEV entries, snapshot digest, schema version.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn status(&self) -> Result<StoreStatus, StoreError>;

    /// The digest naming the current knowledge: [`snapshot_digest_of`] over the ids of every
    /// current observation. It changes exactly when the set of current observations changes and
    /// does not depend on ingest order or batching.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn snapshot_digest(&self) -> Result<Digest, StoreError>;

    /// Check the store: the database's own integrity, and for every observation that its raw
    /// bytes are present and hash to its content digest, that its id matches its provenance,
    /// that it has a revision, and that its index entries are complete.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] when the checks cannot run; problems found are in the report.
    fn verify(&self) -> Result<IntegrityReport, StoreError>;
}

/// The snapshot digest of a set of current observation ids: the digest of the canonical JSON
/// array of their `sha256:…` spellings, sorted and without duplicates.
///
/// The canonical JSON (RFC 8785) of an array of ASCII strings with nothing to escape is the
/// strings quoted, comma-separated, in brackets; it is written directly (a scan computes this
/// over every current observation, so the generic canonicaliser would dominate on a large store).
/// `Digest` orders by its bytes, which is the order of the lowercase hex spellings.
pub fn snapshot_digest_of<'a>(ids: impl IntoIterator<Item = &'a Digest>) -> Digest {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut set: Vec<&Digest> = ids.into_iter().collect();
    set.sort_unstable();
    set.dedup();
    let mut bytes = Vec::with_capacity(2 + set.len() * (Digest::PREFIX.len() + 67));
    bytes.push(b'[');
    for (i, d) in set.iter().enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        bytes.push(b'"');
        bytes.extend_from_slice(Digest::PREFIX.as_bytes());
        for b in d.as_bytes() {
            bytes.push(HEX[usize::from(b >> 4)]);
            bytes.push(HEX[usize::from(b & 0x0f)]);
        }
        bytes.push(b'"');
    }
    bytes.push(b']');
    Digest::of_bytes(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_digest_is_the_digest_of_the_canonical_sorted_id_list() {
        let ids: Vec<Digest> = (0u8..40).map(|i| Digest::of_bytes(&[i % 25])).collect();
        let set: std::collections::BTreeSet<String> = ids.iter().map(ToString::to_string).collect();
        let list: Vec<String> = set.into_iter().collect();
        assert_eq!(list.len(), 25);
        assert_eq!(
            snapshot_digest_of(ids.iter().rev()),
            Digest::of_canonical(&list).unwrap()
        );
        let empty: Vec<String> = Vec::new();
        assert_eq!(
            snapshot_digest_of([]),
            Digest::of_canonical(&empty).unwrap()
        );
    }
}
