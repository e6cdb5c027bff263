//! VEX statement persistence: [`VexStore`], append-only like the advisory store.
//!
//! Same discipline as [`KnowledgeStore`](super::KnowledgeStore): statements and their verbatim
//! bytes are written once; which statement is current for a (source, upstream id) key is an
//! append-only revision log; a batch is one transaction; identical → [`PutOutcome::Skipped`],
//! new content under a known key → [`PutOutcome::Superseded`], a return to an earlier content →
//! [`PutOutcome::Reverted`].
//!
//! **Snapshot.** VEX has its own [`VexStore::vex_snapshot_digest`] (the same construction as
//! [`snapshot_digest_of`](super::snapshot_digest_of), over current statement ids). It is *not*
//! folded into the advisory [`snapshot_digest`](super::KnowledgeStore::snapshot_digest): a VEX
//! ingest does not change the knowledge snapshot that names the advisories a scan matched, and
//! anything that applies VEX (consensus, `scan --vex`) records the VEX snapshot beside it.

use serde::Serialize;

use super::{PutOutcome, StoreError};
use crate::canon::Digest;
use crate::vex::{StatementObservation, VexFormat};

/// Counts of one (source, format).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VexSourceStatus {
    /// Source name.
    pub source: String,
    /// Format.
    pub format: VexFormat,
    /// Current statements.
    pub current: u64,
    /// Stored statements no longer current.
    pub superseded: u64,
}

/// A summary of the VEX part of the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VexStoreStatus {
    /// [`VexStore::vex_snapshot_digest`].
    pub snapshot: Digest,
    /// Per (source, format), sorted.
    pub sources: Vec<VexSourceStatus>,
    /// VEX ingest runs recorded.
    pub ingest_runs: u64,
}

/// Persistence of VEX statement observations (see the module header).
pub trait VexStore {
    /// Ingest a batch of statement observations with their verbatim bytes, in one transaction.
    /// The store sets `supersedes`; the value passed in is ignored.
    ///
    /// # Errors
    /// [`StoreError::InvalidObservation`] when an item's digest or id does not match its
    /// provenance; [`StoreError::Sqlite`]. Either way nothing of the batch is stored.
    fn ingest_vex(
        &mut self,
        batch: &[(StatementObservation, Vec<u8>)],
    ) -> Result<Vec<PutOutcome>, StoreError>;

    /// Current statements whose vulnerability or one of its aliases equals one of `ids`
    /// (ASCII case-insensitively), ordered by source and upstream id, each once.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn vex_by_vulnerability(&self, ids: &[&str]) -> Result<Vec<StatementObservation>, StoreError>;

    /// Call `f` on every current statement, ordered by source and upstream id.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`], [`StoreError::Corrupt`] or what `f` returns.
    fn vex_for_each_current(
        &self,
        f: &mut dyn FnMut(StatementObservation) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Every current statement, ordered by source and upstream id.
    ///
    /// # Errors
    /// As [`VexStore::vex_for_each_current`].
    fn vex_all_current(&self) -> Result<Vec<StatementObservation>, StoreError> {
        let mut out = Vec::new();
        self.vex_for_each_current(&mut |o| {
            out.push(o);
            Ok(())
        })?;
        Ok(out)
    }

    /// The verbatim bytes of a statement.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`].
    fn vex_raw(&self, statement_id: &Digest) -> Result<Option<Vec<u8>>, StoreError>;

    /// Counts per (source, format), runs and the VEX snapshot.
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn vex_status(&self) -> Result<VexStoreStatus, StoreError>;

    /// The digest naming the current VEX statements (independent of ingest order and batching).
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] or [`StoreError::Corrupt`].
    fn vex_snapshot_digest(&self) -> Result<Digest, StoreError>;
}
