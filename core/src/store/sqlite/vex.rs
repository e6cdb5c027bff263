//! [`VexStore`] for [`SqliteStore`]: the `vex_*` tables of migration 2 (see
//! [`super::super::migrations`]). Same shape as the advisory ingest in the parent module: one
//! `BEGIN IMMEDIATE` transaction per batch, "current" computed from the revision log.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Counts, SqliteStore, sql};
use crate::canon::Digest;
use crate::store::vex::{VexSourceStatus, VexStore, VexStoreStatus};
use crate::store::{PutOutcome, StoreError, snapshot_digest_of};
use crate::time::format_time;
use crate::vex::{StatementObservation, VexFormat, statement_observation_id};

/// SQL: the current revision of every key.
const VEX_HEADS: &str =
    "SELECT statement_id, max(seq) AS seq FROM vex_revision GROUP BY source, upstream_id";

/// SQL condition: `s` (a `vex_statement` row) is current for its key.
const VEX_IS_CURRENT: &str = "s.id = (SELECT r.statement_id FROM vex_revision r \
     WHERE r.source = s.source AND r.upstream_id = s.upstream_id ORDER BY r.seq DESC LIMIT 1)";

fn format_name(f: VexFormat) -> &'static str {
    f.cli_name()
}

fn format_of(name: &str) -> Option<VexFormat> {
    [VexFormat::OpenVex, VexFormat::CsafVex, VexFormat::CycloneDx]
        .into_iter()
        .find(|f| f.cli_name() == name)
}

/// The lookup keys: vulnerability and aliases.
fn vuln_keys(o: &StatementObservation) -> BTreeSet<&str> {
    let mut keys: BTreeSet<&str> = o.statement.aliases.iter().map(String::as_str).collect();
    keys.insert(o.statement.vulnerability.as_str());
    keys.remove("");
    keys
}

fn validate(index: usize, o: &StatementObservation, raw: &[u8]) -> Result<(), StoreError> {
    let p = &o.provenance;
    let invalid = |reason: String| StoreError::InvalidObservation {
        index,
        source_name: p.source.clone(),
        upstream_id: p.upstream_id.clone(),
        reason,
    };
    if p.source.is_empty() || p.upstream_id.is_empty() {
        return Err(invalid("source and upstream id must not be empty".into()));
    }
    let actual = Digest::of_bytes(raw);
    if actual != p.content_digest {
        return Err(invalid(format!(
            "content digest {} is not the digest of the raw bytes ({actual})",
            p.content_digest
        )));
    }
    let expected = statement_observation_id(&p.source, &p.upstream_id, &p.content_digest);
    if expected != o.id {
        return Err(invalid(format!(
            "statement id {} does not match its provenance (expected {expected})",
            o.id
        )));
    }
    Ok(())
}

impl SqliteStore {
    fn decode_vex(&self, body: &str) -> Result<StatementObservation, StoreError> {
        serde_json::from_str(body)
            .map_err(|e| self.corrupt(format!("a VEX statement body does not decode: {e}")))
    }
}

impl VexStore for SqliteStore {
    fn ingest_vex(
        &mut self,
        batch: &[(StatementObservation, Vec<u8>)],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        for (index, (o, raw)) in batch.iter().enumerate() {
            validate(index, o, raw)?;
        }
        let at = format_time((self.clock)());
        let path = self.path.clone();
        let p = path.as_str();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql(p, "starting a VEX ingest transaction"))?;
        tx.execute(
            "INSERT INTO vex_ingest_run(at, statements) VALUES (?1, ?2)",
            params![at, i64::try_from(batch.len()).unwrap_or(i64::MAX)],
        )
        .map_err(sql(p, "recording the VEX ingest run"))?;
        let run_id = tx.last_insert_rowid();
        let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
        let mut outcomes = Vec::with_capacity(batch.len());
        {
            let prep = |q: &str| tx.prepare_cached(q).map_err(sql(p, "preparing VEX ingest"));
            let mut head = prep(
                "SELECT statement_id FROM vex_revision WHERE source = ?1 AND upstream_id = ?2 \
                 ORDER BY seq DESC LIMIT 1",
            )?;
            let mut exists = prep("SELECT 1 FROM vex_statement WHERE id = ?1")?;
            let mut put_raw = prep("INSERT OR IGNORE INTO raw(digest, bytes) VALUES (?1, ?2)")?;
            let mut put_st = prep(
                "INSERT INTO vex_statement(id, source, upstream_id, format, vulnerability, \
                 content_digest, supersedes, run_id, body) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut put_rev = prep(
                "INSERT INTO vex_revision(source, upstream_id, statement_id, supersedes, run_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut put_vuln = prep(
                "INSERT OR IGNORE INTO vex_vulnerability(vulnerability, statement_id) VALUES (?1, ?2)",
            )?;
            for (o, raw) in batch {
                let pv = &o.provenance;
                let id = o.id.to_string();
                let what = |doing: &str| format!("{doing} {} {} ({id})", pv.source, pv.upstream_id);
                let current: Option<String> = head
                    .query_row(params![pv.source, pv.upstream_id], |r| r.get(0))
                    .optional()
                    .map_err(|e| sql(p, what("looking up the current statement of"))(e))?;
                let c = counts.entry(pv.source.as_str()).or_default();
                if current.as_deref() == Some(id.as_str()) {
                    c.skipped += 1;
                    outcomes.push(PutOutcome::Skipped);
                    continue;
                }
                let previous = match &current {
                    Some(t) => Some(t.parse::<Digest>().map_err(|e| StoreError::Corrupt {
                        path: path.clone(),
                        what: format!("current VEX statement id `{t}` is not a digest: {e}"),
                    })?),
                    None => None,
                };
                let known = exists
                    .exists(params![id])
                    .map_err(|e| sql(p, what("looking up"))(e))?;
                if !known {
                    let mut stored = o.clone();
                    stored.supersedes = previous;
                    let body = serde_json::to_string(&stored).map_err(|e| {
                        StoreError::InvalidObservation {
                            index: outcomes.len(),
                            source_name: pv.source.clone(),
                            upstream_id: pv.upstream_id.clone(),
                            reason: format!("cannot be serialised: {e}"),
                        }
                    })?;
                    let digest = pv.content_digest.to_string();
                    put_raw
                        .execute(params![digest, raw])
                        .map_err(|e| sql(p, what("storing the raw bytes of"))(e))?;
                    put_st
                        .execute(params![
                            id,
                            pv.source,
                            pv.upstream_id,
                            format_name(pv.format),
                            o.statement.vulnerability,
                            digest,
                            current,
                            run_id,
                            body
                        ])
                        .map_err(|e| sql(p, what("inserting VEX statement"))(e))?;
                    for v in vuln_keys(o) {
                        put_vuln
                            .execute(params![v, id])
                            .map_err(|e| sql(p, what("indexing the vulnerability of"))(e))?;
                    }
                }
                put_rev
                    .execute(params![pv.source, pv.upstream_id, id, current, run_id])
                    .map_err(|e| sql(p, what("recording a revision of"))(e))?;
                outcomes.push(c.outcome(previous, known));
            }
            let mut put_counts = prep(
                "INSERT INTO vex_run_source(run_id, source, inserted, superseded, reverted, skipped) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (source, c) in &counts {
                put_counts
                    .execute(params![
                        run_id,
                        source,
                        c.inserted,
                        c.superseded,
                        c.reverted,
                        c.skipped
                    ])
                    .map_err(sql(p, format!("recording the VEX run counts of {source}")))?;
            }
        }
        tx.commit()
            .map_err(sql(p, "committing the VEX ingest transaction"))?;
        Ok(outcomes)
    }

    fn vex_by_vulnerability(&self, ids: &[&str]) -> Result<Vec<StatementObservation>, StoreError> {
        let doing = format!("looking up VEX statements about {}", ids.join(", "));
        let query = format!(
            "SELECT s.body FROM vex_statement s \
             WHERE s.id IN (SELECT statement_id FROM vex_vulnerability WHERE vulnerability = ?1) \
             AND {VEX_IS_CURRENT}"
        );
        let mut stmt = self
            .conn
            .prepare_cached(&query)
            .map_err(sql(&self.path, &doing))?;
        let mut found: BTreeMap<(String, String, Digest), StatementObservation> = BTreeMap::new();
        for id in ids {
            let bodies = stmt
                .query_map(params![id], |r| r.get::<_, String>(0))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(sql(&self.path, &doing))?;
            for b in bodies {
                let o = self.decode_vex(&b)?;
                found.insert(
                    (
                        o.provenance.source.clone(),
                        o.provenance.upstream_id.clone(),
                        o.id,
                    ),
                    o,
                );
            }
        }
        Ok(found.into_values().collect())
    }

    fn vex_for_each_current(
        &self,
        f: &mut dyn FnMut(StatementObservation) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let doing = "reading current VEX statements";
        let query = format!(
            "SELECT s.body FROM ({VEX_HEADS}) h JOIN vex_statement s ON s.id = h.statement_id \
             ORDER BY s.source, s.upstream_id"
        );
        let mut stmt = self
            .conn
            .prepare_cached(&query)
            .map_err(sql(&self.path, doing))?;
        let mut rows = stmt.query([]).map_err(sql(&self.path, doing))?;
        while let Some(row) = rows.next().map_err(sql(&self.path, doing))? {
            let body: String = row.get(0).map_err(sql(&self.path, doing))?;
            f(self.decode_vex(&body)?)?;
        }
        Ok(())
    }

    fn vex_raw(&self, statement_id: &Digest) -> Result<Option<Vec<u8>>, StoreError> {
        let doing = format!("reading the raw bytes of VEX statement {statement_id}");
        self.conn
            .prepare_cached(
                "SELECT r.bytes FROM vex_statement s JOIN raw r ON r.digest = s.content_digest \
                 WHERE s.id = ?1",
            )
            .and_then(|mut s| {
                s.query_row(params![statement_id.to_string()], |r| r.get(0))
                    .optional()
            })
            .map_err(sql(&self.path, doing))
    }

    fn vex_status(&self) -> Result<VexStoreStatus, StoreError> {
        let p = self.path.as_str();
        let doing = "computing the VEX store status";
        let rows: Vec<(String, String, i64, i64)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT s.source, s.format, count(*), \
                 sum(CASE WHEN h.statement_id IS NULL THEN 0 ELSE 1 END) \
                 FROM vex_statement s LEFT JOIN ({VEX_HEADS}) h ON h.statement_id = s.id \
                 GROUP BY s.source, s.format ORDER BY s.source, s.format"
            ))
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .map_err(sql(p, doing))?;
        let mut sources = Vec::with_capacity(rows.len());
        for (source, format, total, current) in rows {
            let format = format_of(&format)
                .ok_or_else(|| self.corrupt(format!("unknown VEX format `{format}`")))?;
            let total = u64::try_from(total).unwrap_or(0);
            let current = u64::try_from(current).unwrap_or(0);
            sources.push(VexSourceStatus {
                source,
                format,
                current,
                superseded: total.saturating_sub(current),
            });
        }
        let runs: i64 = self
            .conn
            .query_row("SELECT count(*) FROM vex_ingest_run", [], |r| r.get(0))
            .map_err(sql(p, doing))?;
        Ok(VexStoreStatus {
            snapshot: self.vex_snapshot_digest()?,
            sources,
            ingest_runs: u64::try_from(runs).unwrap_or(0),
        })
    }

    fn vex_snapshot_digest(&self) -> Result<Digest, StoreError> {
        let doing = "listing current VEX statements";
        let ids: Vec<String> = self
            .conn
            .prepare_cached(VEX_HEADS)
            .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect())
            .map_err(sql(&self.path, doing))?;
        let ids = ids
            .iter()
            .map(|t| self.digest(t, "current VEX statement id"))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(snapshot_digest_of(&ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::KnowledgeStore;
    use crate::vex::{StatementRecord, openvex};

    fn records(text: &str) -> Vec<StatementRecord> {
        openvex::parse("d.json", text.as_bytes())
            .unwrap()
            .statements
    }

    fn doc(status: &str, extra: &str) -> String {
        format!(
            r#"{{"@context":"https://openvex.dev/ns/v0.2.0","@id":"doc-1","author":"Acme",
            "timestamp":"2024-01-01T00:00:00Z","statements":[
            {{"vulnerability":{{"name":"CVE-2024-1","aliases":["GHSA-aaaa"]}},
              "products":[{{"@id":"pkg:npm/a@1.0.0"}}],"status":"{status}"{extra}}},
            {{"vulnerability":{{"name":"CVE-2024-2"}},"products":[{{"@id":"pkg:npm/b@2.0.0"}}],
              "status":"fixed"}}]}}"#
        )
    }

    fn batch(text: &str) -> Vec<(StatementObservation, Vec<u8>)> {
        records(text)
            .iter()
            .map(|r| {
                (
                    StatementObservation::from_record(
                        r,
                        VexFormat::OpenVex,
                        None,
                        "d.json",
                        "2026-01-01T00:00:00.000Z",
                    ),
                    r.raw.clone(),
                )
            })
            .collect()
    }

    fn store() -> SqliteStore {
        SqliteStore::open_in_memory()
            .unwrap()
            .with_clock(|| "2026-02-03T04:05:06Z".parse().unwrap())
    }

    #[test]
    fn insert_skip_supersede_revert_and_lookup() {
        let mut s = store();
        let empty = s.vex_snapshot_digest().unwrap();
        let advisory_snapshot = s.snapshot_digest().unwrap();
        let a = batch(&doc("under_investigation", ""));
        assert_eq!(
            s.ingest_vex(&a).unwrap(),
            [PutOutcome::Inserted, PutOutcome::Inserted]
        );
        let snap_a = s.vex_snapshot_digest().unwrap();
        assert_ne!(snap_a, empty);
        // VEX does not move the advisory snapshot.
        assert_eq!(s.snapshot_digest().unwrap(), advisory_snapshot);
        assert_eq!(
            s.ingest_vex(&a).unwrap(),
            [PutOutcome::Skipped, PutOutcome::Skipped]
        );
        assert_eq!(s.vex_snapshot_digest().unwrap(), snap_a);
        let b = batch(&doc(
            "not_affected",
            r#","justification":"component_not_present""#,
        ));
        assert_eq!(
            s.ingest_vex(&b).unwrap(),
            [
                PutOutcome::Superseded {
                    previous: a[0].0.id
                },
                PutOutcome::Skipped
            ]
        );
        // Lookup by alias, case-insensitively: the current statement only.
        let found = s.vex_by_vulnerability(&["ghsa-AAAA"]).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, b[0].0.id);
        assert_eq!(found[0].supersedes, Some(a[0].0.id));
        assert_eq!(s.vex_all_current().unwrap().len(), 2);
        assert_eq!(
            s.ingest_vex(&a[..1]).unwrap(),
            [PutOutcome::Reverted {
                previous: b[0].0.id
            }]
        );
        assert_eq!(s.vex_snapshot_digest().unwrap(), snap_a);
        let st = s.vex_status().unwrap();
        assert_eq!(st.sources.len(), 1);
        assert_eq!((st.sources[0].current, st.sources[0].superseded), (2, 1));
        assert_eq!(st.sources[0].source, "Acme");
        assert_eq!(st.ingest_runs, 4);
        assert_eq!(s.vex_raw(&a[0].0.id).unwrap().unwrap(), a[0].1);
    }

    #[test]
    fn statements_cannot_be_changed_and_bad_batches_leave_nothing() {
        let mut s = store();
        let mut a = batch(&doc("fixed", ""));
        s.ingest_vex(&a[..1]).unwrap();
        for q in [
            "UPDATE vex_statement SET body = '{}'",
            "DELETE FROM vex_statement",
            "DELETE FROM vex_revision",
            "UPDATE vex_vulnerability SET vulnerability = 'x'",
        ] {
            let e = s.conn.execute(q, []).unwrap_err().to_string();
            assert!(
                e.contains("immutable") || e.contains("append-only"),
                "{q}: {e}"
            );
        }
        // The second item lies about its bytes: nothing of the batch is written.
        a[1].1 = b"tampered".to_vec();
        let before = s.vex_snapshot_digest().unwrap();
        assert!(matches!(
            s.ingest_vex(&a),
            Err(StoreError::InvalidObservation { index: 1, .. })
        ));
        assert_eq!(s.vex_snapshot_digest().unwrap(), before);
    }

    #[test]
    fn snapshot_is_independent_of_order() {
        let a = batch(&doc("fixed", ""));
        let mut s1 = store();
        s1.ingest_vex(&a).unwrap();
        let mut s2 = store();
        s2.ingest_vex(&[a[1].clone()]).unwrap();
        s2.ingest_vex(&[a[0].clone()]).unwrap();
        assert_eq!(
            s1.vex_snapshot_digest().unwrap(),
            s2.vex_snapshot_digest().unwrap()
        );
    }
}
