//! [`SqliteStore`]: the embedded [`KnowledgeStore`] (rusqlite, bundled SQLite), one file.
//!
//! Tables (see [`super::migrations`]): `raw` (verbatim bytes by content digest), `observation`
//! (the normalised view as JSON, by observation id), `revision` (the append-only log that says
//! which observation is current per key), `affected` and `alias` (lookup indexes written in the
//! same transaction as their observation), `ingest_run`/`run_source` (one run per batch, with
//! counts per source), and the `vex_*` tables of VEX statements (implemented in `sqlite/vex.rs`).
//! Triggers refuse every UPDATE and DELETE.
//!
//! "Current" is computed from the revision log, never stored: the current observation of a
//! key is the one of its highest-`seq` revision. Point lookups check that with one indexed
//! sub-query per row; whole-store scans use one `GROUP BY` over the revision index.
//!
//! Connection settings: WAL journal (readers never block the writer), `synchronous = NORMAL`
//! (in WAL mode a commit survives a process crash; only an OS crash or power loss can lose the
//! last commits, and never corrupts the file), `foreign_keys = ON`, a 10 s busy timeout for
//! concurrent writers. Each batch is one `BEGIN IMMEDIATE` transaction: a killed process leaves
//! whole batches or nothing.
//!
//! The ingest time recorded for runs comes from a clock the caller can replace
//! ([`SqliteStore::with_clock`]); it is metadata only and never enters the snapshot digest.

mod vex;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};

use super::migrations::{check_header, migrate, read_header};
use super::{
    Candidates, EcosystemStatus, IntegrityReport, KnowledgeStore, PutOutcome, SourceStatus,
    StoreError, StoreStatus, StoredObservation, snapshot_digest_of,
};
use crate::advisory::{KevEntry, Normalized, Observation, observation_id};
use crate::canon::Digest;
use crate::ecosystem::Ecosystem;
use crate::time::{Timestamp, format_time};

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long a writer waits for another writer's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// SQL condition: `o` (an `observation` row) is the current observation of its key.
const IS_CURRENT: &str = "o.id = (SELECT r.observation_id FROM revision r \
     WHERE r.source = o.source AND r.upstream_id = o.upstream_id ORDER BY r.seq DESC LIMIT 1)";

/// SQL: the current revision of every key (`observation_id`, `seq`), one row per key.
/// SQLite takes the bare `observation_id` from the row holding `max(seq)`.
const HEADS: &str =
    "SELECT observation_id, max(seq) AS seq FROM revision GROUP BY source, upstream_id";

/// Keys per candidate query of [`SqliteStore::candidates_many`].
const CANDIDATE_CHUNK: usize = 500;

/// The embedded store. See the module header.
pub struct SqliteStore {
    conn: Connection,
    path: String,
    schema_version: u32,
    clock: Box<dyn Fn() -> Timestamp + Send>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .field("schema_version", &self.schema_version)
            .finish_non_exhaustive()
    }
}

/// Build a `map_err` closure naming the store and what was being done (allocating only when
/// there is an error).
fn sql<'a>(
    path: &'a str,
    doing: impl Into<String> + 'a,
) -> impl FnOnce(rusqlite::Error) -> StoreError + 'a {
    move |source| StoreError::Sqlite {
        path: path.to_string(),
        doing: doing.into(),
        source,
    }
}

/// Is this SQLite error "the file is not a database"?
fn is_not_a_database(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::NotADatabase)
}

impl SqliteStore {
    /// Open (creating if needed) the store at `path`, migrating it to the current schema.
    ///
    /// # Errors
    /// [`StoreError::NotAStore`] when the file is not SQLite or is another application's
    /// database, [`StoreError::SchemaTooNew`] when a newer Stella wrote it,
    /// [`StoreError::Io`]/[`StoreError::Sqlite`] when it cannot be read, created or migrated.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let display = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(f) => {
                let mut head = Vec::with_capacity(SQLITE_HEADER.len());
                f.take(SQLITE_HEADER.len() as u64)
                    .read_to_end(&mut head)
                    .map_err(|source| StoreError::Io {
                        path: display.clone(),
                        doing: "reading the file header".into(),
                        source,
                    })?;
                // An empty file is a new database; anything else must carry the SQLite magic.
                if !head.is_empty() && head.as_slice() != SQLITE_HEADER {
                    return Err(StoreError::NotAStore {
                        path: display,
                        reason: "the file does not start with the SQLite 3 header".into(),
                    });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: display,
                    doing: "opening the store file".into(),
                    source,
                });
            }
        }
        let conn = Connection::open(path).map_err(sql(&display, "opening the database"))?;
        Self::init(conn, display)
    }

    /// A fresh store in memory (tests, dry runs).
    ///
    /// # Errors
    /// [`StoreError::Sqlite`] when SQLite cannot create it.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        let path = ":memory:".to_string();
        let conn = Connection::open_in_memory().map_err(sql(&path, "opening the database"))?;
        Self::init(conn, path)
    }

    fn init(mut conn: Connection, path: String) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(sql(&path, "setting the busy timeout"))?;
        // Refuse foreign or newer files before changing anything in them.
        let (app, version) = read_header(&conn).map_err(|e| {
            if is_not_a_database(&e) {
                StoreError::NotAStore {
                    path: path.clone(),
                    reason: "SQLite cannot read it as a database".into(),
                }
            } else {
                sql(&path, "reading the schema version")(e)
            }
        })?;
        check_header(&path, app, version)?;
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(sql(&path, "switching to WAL mode"))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql(&path, "setting synchronous = NORMAL"))?;
        // A 64 MiB page cache (default 2 MiB): the id-keyed indexes take random inserts,
        // and a large batch must not spill to the WAL before it commits.
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(sql(&path, "setting the page cache size"))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql(&path, "enabling foreign keys"))?;
        let schema_version = migrate(&mut conn, &path)?;
        Ok(SqliteStore {
            conn,
            path,
            schema_version,
            clock: Box::new(Timestamp::now),
        })
    }

    /// Replace the clock that stamps ingest runs (default: the wall clock).
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + Send + 'static) -> SqliteStore {
        self.clock = Box::new(clock);
        self
    }

    /// The store file as given (`:memory:` for an in-memory store).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    fn corrupt(&self, what: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            what: what.into(),
        }
    }

    fn digest(&self, text: &str, what: &str) -> Result<Digest, StoreError> {
        text.parse()
            .map_err(|e| self.corrupt(format!("{what} `{text}` is not a digest: {e}")))
    }

    fn decode(&self, body: &str) -> Result<Observation, StoreError> {
        serde_json::from_str(body)
            .map_err(|e| self.corrupt(format!("an observation body does not decode: {e}")))
    }

    /// Run a query returning observation bodies and decode them in order.
    fn observations(
        &self,
        query: &str,
        params: impl rusqlite::Params,
        doing: &str,
    ) -> Result<Vec<Observation>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(query)
            .map_err(sql(&self.path, doing))?;
        let bodies = stmt
            .query_map(params, |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(sql(&self.path, doing))?;
        bodies.iter().map(|b| self.decode(b)).collect()
    }

    /// The ids of every current observation.
    ///
    /// One sequential pass over the revision log in `seq` order, the last revision of each key
    /// winning: the same answer as [`HEADS`], but reading each page once. (`HEADS` walks the key
    /// index and fetches every revision row at random, which thrashes SQLite's page cache once
    /// the log outgrows it: 180 ms for 25,000 keys against a few ms here; a scan computes the
    /// snapshot every time.)
    fn current_ids(&self) -> Result<Vec<Digest>, StoreError> {
        let doing = "listing current observations";
        let mut stmt = self
            .conn
            .prepare_cached("SELECT source, upstream_id, observation_id FROM revision ORDER BY seq")
            .map_err(sql(&self.path, doing))?;
        let mut rows = stmt.query([]).map_err(sql(&self.path, doing))?;
        let mut heads: HashMap<String, Digest> = HashMap::new();
        let mut key = String::new();
        while let Some(row) = rows.next().map_err(sql(&self.path, doing))? {
            let text = |i: usize| -> Result<&str, StoreError> {
                row.get_ref(i)
                    .map_err(sql(&self.path, doing))?
                    .as_str()
                    .map_err(|e| self.corrupt(format!("a revision column is not text: {e}")))
            };
            // `len(source):source upstream_id` is unambiguous whatever the texts hold.
            let source = text(0)?;
            key.clear();
            key.push_str(&source.len().to_string());
            key.push(':');
            key.push_str(source);
            key.push_str(text(1)?);
            let id = self.digest(text(2)?, "current observation id")?;
            match heads.get_mut(key.as_str()) {
                Some(slot) => *slot = id,
                None => {
                    heads.insert(key.clone(), id);
                }
            }
        }
        Ok(heads.into_values().collect())
    }
}

/// Kind column value of an observation.
fn kind_of(o: &Observation) -> &'static str {
    match o.normalized {
        Normalized::Advisory(_) => "advisory",
        Normalized::Kev(_) => "kev",
    }
}

/// The lookup keys of an observation: upstream id, advisory id and aliases (KEV: the CVE).
fn alias_keys(o: &Observation) -> BTreeSet<&str> {
    let mut keys = BTreeSet::new();
    keys.insert(o.provenance.upstream_id.as_str());
    match &o.normalized {
        Normalized::Advisory(a) => {
            keys.insert(a.id.as_str());
            keys.extend(a.aliases.iter().map(String::as_str));
        }
        Normalized::Kev(k) => {
            keys.insert(k.cve.as_str());
        }
    }
    keys.remove("");
    keys
}

/// The matching-index entries of an observation: (ecosystem, name key) of each affected package
/// whose ecosystem Stella knows.
fn affected_keys(o: &Observation) -> BTreeSet<(&'static str, &str)> {
    match &o.normalized {
        Normalized::Advisory(a) => a
            .affected
            .iter()
            .filter_map(|p| p.ecosystem.map(|e| (e.as_str(), p.name_key.as_str())))
            .collect(),
        Normalized::Kev(_) => BTreeSet::new(),
    }
}

/// Check an item against its own provenance before anything is written.
fn validate(index: usize, o: &Observation, raw: &[u8]) -> Result<(), StoreError> {
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
    let expected = observation_id(&p.source, &p.upstream_id, &p.content_digest);
    if expected != o.id {
        return Err(invalid(format!(
            "observation id {} does not match its provenance (expected {expected})",
            o.id
        )));
    }
    Ok(())
}

/// Per-source counts of one run (advisory and VEX ingest alike).
#[derive(Default)]
struct Counts {
    inserted: i64,
    superseded: i64,
    reverted: i64,
    skipped: i64,
}

impl Counts {
    /// Count and name what writing a new revision did: a first observation for its key, a
    /// change (supersedes `previous`), or a return to content stored before (reverts).
    fn outcome(&mut self, previous: Option<Digest>, known: bool) -> PutOutcome {
        match (previous, known) {
            (None, _) => {
                self.inserted += 1;
                PutOutcome::Inserted
            }
            (Some(previous), false) => {
                self.superseded += 1;
                PutOutcome::Superseded { previous }
            }
            (Some(previous), true) => {
                self.reverted += 1;
                PutOutcome::Reverted { previous }
            }
        }
    }
}

impl KnowledgeStore for SqliteStore {
    fn ingest(&mut self, batch: &[(Observation, Vec<u8>)]) -> Result<Vec<PutOutcome>, StoreError> {
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
            .map_err(sql(p, "starting an ingest transaction"))?;
        tx.execute(
            "INSERT INTO ingest_run(at, observations) VALUES (?1, ?2)",
            params![at, i64::try_from(batch.len()).unwrap_or(i64::MAX)],
        )
        .map_err(sql(p, "recording the ingest run"))?;
        let run_id = tx.last_insert_rowid();
        let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
        let mut outcomes = Vec::with_capacity(batch.len());
        {
            let prep = |q: &str| tx.prepare_cached(q).map_err(sql(p, "preparing ingest"));
            let mut head = prep(
                "SELECT observation_id FROM revision WHERE source = ?1 AND upstream_id = ?2 \
                 ORDER BY seq DESC LIMIT 1",
            )?;
            let mut exists = prep("SELECT 1 FROM observation WHERE id = ?1")?;
            let mut put_raw = prep("INSERT OR IGNORE INTO raw(digest, bytes) VALUES (?1, ?2)")?;
            let mut put_obs = prep(
                "INSERT INTO observation(id, source, upstream_id, kind, content_digest, \
                 supersedes, run_id, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut put_rev = prep(
                "INSERT INTO revision(source, upstream_id, observation_id, supersedes, run_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut put_aff = prep(
                "INSERT OR IGNORE INTO affected(ecosystem, name_key, observation_id) \
                 VALUES (?1, ?2, ?3)",
            )?;
            let mut put_alias =
                prep("INSERT OR IGNORE INTO alias(alias, observation_id) VALUES (?1, ?2)")?;

            for (o, raw) in batch {
                let pv = &o.provenance;
                let id = o.id.to_string();
                // Per-row error context (called only on failure).
                let what = |doing: &str| format!("{doing} {} {} ({id})", pv.source, pv.upstream_id);
                let current: Option<String> = head
                    .query_row(params![pv.source, pv.upstream_id], |r| r.get(0))
                    .optional()
                    .map_err(|e| sql(p, what("looking up the current observation of"))(e))?;
                let c = counts.entry(pv.source.as_str()).or_default();
                if current.as_deref() == Some(id.as_str()) {
                    c.skipped += 1;
                    outcomes.push(PutOutcome::Skipped);
                    continue;
                }
                let previous = match &current {
                    Some(t) => Some(t.parse::<Digest>().map_err(|e| StoreError::Corrupt {
                        path: path.clone(),
                        what: format!("current observation id `{t}` is not a digest: {e}"),
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
                    put_obs
                        .execute(params![
                            id,
                            pv.source,
                            pv.upstream_id,
                            kind_of(o),
                            digest,
                            current,
                            run_id,
                            body
                        ])
                        .map_err(|e| sql(p, what("inserting observation"))(e))?;
                    for (eco, name) in affected_keys(o) {
                        put_aff
                            .execute(params![eco, name, id])
                            .map_err(|e| sql(p, what("indexing the affected packages of"))(e))?;
                    }
                    for alias in alias_keys(o) {
                        put_alias
                            .execute(params![alias, id])
                            .map_err(|e| sql(p, what("indexing the aliases of"))(e))?;
                    }
                }
                put_rev
                    .execute(params![pv.source, pv.upstream_id, id, current, run_id])
                    .map_err(|e| sql(p, what("recording a revision of"))(e))?;
                outcomes.push(c.outcome(previous, known));
            }
            let mut put_counts = prep(
                "INSERT INTO run_source(run_id, source, inserted, superseded, reverted, skipped) \
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
                    .map_err(sql(p, format!("recording the run counts of {source}")))?;
            }
        }
        tx.commit()
            .map_err(sql(p, "committing the ingest transaction"))?;
        Ok(outcomes)
    }

    fn candidates(
        &self,
        ecosystem: Ecosystem,
        name_key: &str,
    ) -> Result<Vec<Observation>, StoreError> {
        let query = format!(
            "SELECT o.body FROM affected a JOIN observation o ON o.id = a.observation_id \
             WHERE a.ecosystem = ?1 AND a.name_key = ?2 AND {IS_CURRENT} \
             ORDER BY o.source, o.upstream_id"
        );
        self.observations(
            &query,
            params![ecosystem.as_str(), name_key],
            &format!("looking up candidates for {ecosystem}/{name_key}"),
        )
    }

    fn candidates_many(&self, keys: &[(Ecosystem, &str)]) -> Result<Candidates, StoreError> {
        let doing = "looking up candidates";
        let mut out = Candidates {
            observations: Vec::new(),
            by_key: vec![Vec::new(); keys.len()],
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        // One query per chunk: the keys as a VALUES table joined to the index. Three parameters
        // per key keep a chunk far below SQLite's parameter limit (32,766).
        for (chunk_no, chunk) in keys.chunks(CANDIDATE_CHUNK).enumerate() {
            let values = vec!["(?,?,?)"; chunk.len()].join(",");
            let query = format!(
                "WITH k(i, ecosystem, name_key) AS (VALUES {values}) \
                 SELECT k.i, o.id, o.body FROM k \
                 JOIN affected a ON a.ecosystem = k.ecosystem AND a.name_key = k.name_key \
                 JOIN observation o ON o.id = a.observation_id \
                 WHERE {IS_CURRENT} ORDER BY k.i, o.source, o.upstream_id"
            );
            let mut stmt = self
                .conn
                .prepare_cached(&query)
                .map_err(sql(&self.path, doing))?;
            let base = chunk_no * CANDIDATE_CHUNK;
            let mut params: Vec<rusqlite::types::Value> = Vec::with_capacity(chunk.len() * 3);
            for (j, (ecosystem, name_key)) in chunk.iter().enumerate() {
                params.push(((base + j) as i64).into());
                params.push(ecosystem.as_str().to_string().into());
                params.push(name_key.to_string().into());
            }
            let mut rows = stmt
                .query(rusqlite::params_from_iter(params))
                .map_err(sql(&self.path, doing))?;
            while let Some(row) = rows.next().map_err(sql(&self.path, doing))? {
                let i: i64 = row.get(0).map_err(sql(&self.path, doing))?;
                let id: String = row.get(1).map_err(sql(&self.path, doing))?;
                let index = match seen.get(&id) {
                    Some(&index) => index,
                    None => {
                        let body = row.get_ref(2).map_err(sql(&self.path, doing))?;
                        let body = body.as_str().map_err(|e| {
                            self.corrupt(format!("observation `{id}` has a non-text body: {e}"))
                        })?;
                        out.observations.push(self.decode(body)?);
                        seen.insert(id, out.observations.len() - 1);
                        out.observations.len() - 1
                    }
                };
                let slot = usize::try_from(i)
                    .ok()
                    .and_then(|i| out.by_key.get_mut(i))
                    .ok_or_else(|| self.corrupt(format!("candidate key index {i} out of range")))?;
                slot.push(index);
            }
        }
        Ok(out)
    }

    fn for_each_current(
        &self,
        f: &mut dyn FnMut(Observation) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let doing = "reading current observations";
        let query = format!(
            "SELECT o.body FROM ({HEADS}) h JOIN observation o ON o.id = h.observation_id \
             ORDER BY o.source, o.upstream_id"
        );
        let mut stmt = self
            .conn
            .prepare_cached(&query)
            .map_err(sql(&self.path, doing))?;
        let mut rows = stmt.query([]).map_err(sql(&self.path, doing))?;
        while let Some(row) = rows.next().map_err(sql(&self.path, doing))? {
            let body: String = row.get(0).map_err(sql(&self.path, doing))?;
            f(self.decode(&body)?)?;
        }
        Ok(())
    }

    fn by_id_or_alias(&self, id: &str) -> Result<Vec<StoredObservation>, StoreError> {
        let doing = format!("looking up `{id}`");
        let observations = self.observations(
            "SELECT o.body FROM observation o \
             WHERE o.id IN (SELECT observation_id FROM alias WHERE alias = ?1) \
             ORDER BY o.source, o.upstream_id, o.seq",
            params![id],
            &doing,
        )?;
        let mut last_rev = self
            .conn
            .prepare_cached(
                "SELECT max(seq) FROM revision WHERE observation_id = ?1 GROUP BY observation_id",
            )
            .map_err(sql(&self.path, &doing))?;
        let mut next_rev = self
            .conn
            .prepare_cached(
                "SELECT observation_id FROM revision WHERE source = ?1 AND upstream_id = ?2 \
                 AND seq > ?3 ORDER BY seq LIMIT 1",
            )
            .map_err(sql(&self.path, &doing))?;
        let mut out = Vec::with_capacity(observations.len());
        for observation in observations {
            let oid = observation.id.to_string();
            let seq: i64 = last_rev
                .query_row(params![oid], |r| r.get(0))
                .optional()
                .map_err(sql(&self.path, &doing))?
                .ok_or_else(|| self.corrupt(format!("observation {oid} has no revision")))?;
            let pv = &observation.provenance;
            let next: Option<String> = next_rev
                .query_row(params![pv.source, pv.upstream_id, seq], |r| r.get(0))
                .optional()
                .map_err(sql(&self.path, &doing))?;
            let superseded_by = next
                .map(|t| self.digest(&t, "revision observation id"))
                .transpose()?;
            out.push(StoredObservation {
                is_current: superseded_by.is_none(),
                superseded_by,
                observation,
            });
        }
        Ok(out)
    }

    fn raw(&self, observation_id: &Digest) -> Result<Option<Vec<u8>>, StoreError> {
        let doing = format!("reading the raw bytes of {observation_id}");
        self.conn
            .prepare_cached(
                "SELECT r.bytes FROM observation o JOIN raw r ON r.digest = o.content_digest \
                 WHERE o.id = ?1",
            )
            .and_then(|mut s| {
                s.query_row(params![observation_id.to_string()], |r| r.get(0))
                    .optional()
            })
            .map_err(sql(&self.path, doing))
    }

    fn kev(&self, cve: &str) -> Result<Option<KevEntry>, StoreError> {
        let query = format!(
            "SELECT o.body FROM observation o WHERE o.kind = 'kev' \
             AND o.id IN (SELECT observation_id FROM alias WHERE alias = ?1) AND {IS_CURRENT} \
             ORDER BY o.source, o.upstream_id"
        );
        let found = self.observations(&query, params![cve], &format!("looking up KEV {cve}"))?;
        for o in found {
            match o.normalized {
                Normalized::Kev(k) if k.cve.eq_ignore_ascii_case(cve) => return Ok(Some(k)),
                Normalized::Kev(_) => {}
                Normalized::Advisory(_) => {
                    return Err(self.corrupt(format!(
                        "observation {} is stored as KEV but holds an advisory",
                        o.id
                    )));
                }
            }
        }
        Ok(None)
    }

    fn status(&self) -> Result<StoreStatus, StoreError> {
        let p = self.path.as_str();
        let doing = "computing the store status";
        let conn = &self.conn;
        let mut sources: BTreeMap<String, SourceStatus> = BTreeMap::new();
        // Totals per source, then current per source; superseded = total - current.
        let totals: Vec<(String, i64)> = query_pairs(
            conn,
            "SELECT source, count(*) FROM observation GROUP BY source",
        )
        .map_err(sql(p, doing))?;
        let current: Vec<(String, i64)> = query_pairs(
            conn,
            "SELECT source, count(*) FROM (SELECT source, max(seq) FROM revision \
             GROUP BY source, upstream_id) GROUP BY source",
        )
        .map_err(sql(p, doing))?;
        let last: Vec<(String, String)> = query_pairs(
            conn,
            "SELECT rs.source, r.at FROM (SELECT source, max(run_id) AS run_id FROM run_source \
             GROUP BY source) rs JOIN ingest_run r ON r.id = rs.run_id",
        )
        .map_err(sql(p, doing))?;
        for (s, n) in totals {
            let e = sources.entry(s.clone()).or_insert_with(|| empty_source(s));
            e.superseded = u64::try_from(n).unwrap_or(0);
        }
        for (s, n) in current {
            let e = sources.entry(s.clone()).or_insert_with(|| empty_source(s));
            let n = u64::try_from(n).unwrap_or(0);
            e.current = n;
            e.superseded = e.superseded.saturating_sub(n);
        }
        for (s, at) in last {
            let e = sources.entry(s.clone()).or_insert_with(|| empty_source(s));
            e.last_ingest = Some(at);
        }

        let mut ecosystems = Vec::new();
        {
            let query = format!(
                "SELECT a.ecosystem, count(DISTINCT a.observation_id), count(*), \
                 count(DISTINCT a.name_key) FROM affected a \
                 JOIN ({HEADS}) h ON h.observation_id = a.observation_id \
                 GROUP BY a.ecosystem ORDER BY a.ecosystem"
            );
            let mut stmt = conn.prepare_cached(&query).map_err(sql(p, doing))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(sql(p, doing))?;
            for (name, advisories, affected, packages) in rows {
                let ecosystem = Ecosystem::ALL
                    .into_iter()
                    .find(|e| e.as_str() == name)
                    .ok_or_else(|| self.corrupt(format!("unknown ecosystem `{name}` in index")))?;
                ecosystems.push(EcosystemStatus {
                    ecosystem,
                    advisories: u64::try_from(advisories).unwrap_or(0),
                    affected_packages: u64::try_from(affected).unwrap_or(0),
                    packages: u64::try_from(packages).unwrap_or(0),
                });
            }
        }
        ecosystems.sort_by_key(|e| e.ecosystem);

        let kev_entries: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM ({HEADS}) h JOIN observation o \
                     ON o.id = h.observation_id WHERE o.kind = 'kev'"
                ),
                [],
                |r| r.get(0),
            )
            .map_err(sql(p, doing))?;
        let (ingest_runs, last_ingest): (i64, Option<String>) = conn
            .query_row(
                "SELECT count(*), (SELECT at FROM ingest_run ORDER BY id DESC LIMIT 1) \
                 FROM ingest_run",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(sql(p, doing))?;
        Ok(StoreStatus {
            schema_version: self.schema_version,
            snapshot: self.snapshot_digest()?,
            sources: sources.into_values().collect(),
            ecosystems,
            kev_entries: u64::try_from(kev_entries).unwrap_or(0),
            ingest_runs: u64::try_from(ingest_runs).unwrap_or(0),
            last_ingest,
        })
    }

    fn snapshot_digest(&self) -> Result<Digest, StoreError> {
        let ids = self.current_ids()?;
        Ok(snapshot_digest_of(&ids))
    }

    fn verify(&self) -> Result<IntegrityReport, StoreError> {
        let p = self.path.as_str();
        let doing = "verifying the store";
        let conn = &self.conn;
        let mut problems = Vec::new();

        let integrity: Vec<String> = conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(sql(p, doing))?;
        if integrity != ["ok"] {
            problems.extend(
                integrity
                    .into_iter()
                    .map(|m| format!("integrity_check: {m}")),
            );
        }
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .map_err(sql(p, doing))?;
        if fk > 0 {
            problems.push(format!("{fk} rows violate a foreign key"));
        }

        // Every observation: body, id, raw bytes, revision, index entries.
        let mut stmt = conn
            .prepare(
                "SELECT o.id, o.source, o.upstream_id, o.kind, o.content_digest, o.body, r.bytes, \
                 (SELECT count(*) FROM revision v WHERE v.observation_id = o.id) \
                 FROM observation o LEFT JOIN raw r ON r.digest = o.content_digest ORDER BY o.seq",
            )
            .map_err(sql(p, doing))?;
        let mut aliases = conn
            .prepare("SELECT alias FROM alias WHERE observation_id = ?1")
            .map_err(sql(p, doing))?;
        let mut affected = conn
            .prepare("SELECT ecosystem, name_key FROM affected WHERE observation_id = ?1")
            .map_err(sql(p, doing))?;
        let mut rows = stmt.query([]).map_err(sql(p, doing))?;
        let mut count = 0u64;
        while let Some(row) = rows.next().map_err(sql(p, doing))? {
            count += 1;
            let get = |i| row.get::<_, Option<String>>(i);
            let (id, source, upstream_id, kind, content, body) = (
                get(0).map_err(sql(p, doing))?.unwrap_or_default(),
                get(1).map_err(sql(p, doing))?.unwrap_or_default(),
                get(2).map_err(sql(p, doing))?.unwrap_or_default(),
                get(3).map_err(sql(p, doing))?.unwrap_or_default(),
                get(4).map_err(sql(p, doing))?.unwrap_or_default(),
                get(5).map_err(sql(p, doing))?.unwrap_or_default(),
            );
            let bytes: Option<Vec<u8>> = row.get(6).map_err(sql(p, doing))?;
            let revisions: i64 = row.get(7).map_err(sql(p, doing))?;
            let mut bad = |m: String| problems.push(format!("observation {id}: {m}"));
            match &bytes {
                None => bad("raw bytes missing".into()),
                Some(b) if Digest::of_bytes(b).to_string() != content => {
                    bad(format!("raw bytes do not hash to {content}"));
                }
                Some(_) => {}
            }
            if revisions == 0 {
                bad("no revision".into());
            }
            let o: Observation = match serde_json::from_str(&body) {
                Ok(o) => o,
                Err(e) => {
                    bad(format!("body does not decode: {e}"));
                    continue;
                }
            };
            let pv = &o.provenance;
            if o.id.to_string() != id
                || observation_id(&pv.source, &pv.upstream_id, &pv.content_digest) != o.id
            {
                bad("id does not match its provenance".into());
            }
            if pv.source != source
                || pv.upstream_id != upstream_id
                || pv.content_digest.to_string() != content
                || kind_of(&o) != kind
            {
                bad("columns do not match the body".into());
            }
            let want: BTreeSet<String> = alias_keys(&o)
                .into_iter()
                .map(str::to_ascii_uppercase)
                .collect();
            let have: BTreeSet<String> = aliases
                .query_map(params![id], |r| r.get::<_, String>(0))
                .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
                .map_err(sql(p, doing))?
                .into_iter()
                .map(|a| a.to_ascii_uppercase())
                .collect();
            if want != have {
                bad("alias index entries incomplete".into());
            }
            let want: BTreeSet<(String, String)> = affected_keys(&o)
                .into_iter()
                .map(|(e, n)| (e.to_string(), n.to_string()))
                .collect();
            let have: BTreeSet<(String, String)> = affected
                .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect::<Result<BTreeSet<_>, _>>())
                .map_err(sql(p, doing))?;
            if want != have {
                bad("affected index entries incomplete".into());
            }
        }

        // The revision log: each revision supersedes the previous one of its key and differs
        // from it; the first supersedes nothing.
        let mut revs = conn
            .prepare(
                "SELECT seq, source, upstream_id, observation_id, supersedes FROM revision \
                 ORDER BY source, upstream_id, seq",
            )
            .map_err(sql(p, doing))?;
        let mut rows = revs.query([]).map_err(sql(p, doing))?;
        let mut prev: Option<(String, String, String)> = None;
        while let Some(row) = rows.next().map_err(sql(p, doing))? {
            let seq: i64 = row.get(0).map_err(sql(p, doing))?;
            let source: String = row.get(1).map_err(sql(p, doing))?;
            let upstream_id: String = row.get(2).map_err(sql(p, doing))?;
            let oid: String = row.get(3).map_err(sql(p, doing))?;
            let supersedes: Option<String> = row.get(4).map_err(sql(p, doing))?;
            let expected = match &prev {
                Some((s, u, o)) if *s == source && *u == upstream_id => Some(o.clone()),
                _ => None,
            };
            if supersedes != expected || expected.as_deref() == Some(oid.as_str()) {
                problems.push(format!(
                    "revision {seq} of {source} {upstream_id}: does not follow the previous one"
                ));
            }
            prev = Some((source, upstream_id, oid));
        }
        Ok(IntegrityReport {
            observations: count,
            problems,
        })
    }
}

fn empty_source(source: String) -> SourceStatus {
    SourceStatus {
        source,
        current: 0,
        superseded: 0,
        last_ingest: None,
    }
}

/// Run a two-column query.
fn query_pairs<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql>(
    conn: &Connection,
    query: &str,
) -> rusqlite::Result<Vec<(A, B)>> {
    let mut stmt = conn.prepare_cached(query)?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    use proptest::prelude::*;

    use super::*;
    use crate::advisory::{Advisory, AdvisoryFormat, AffectedPackage, Record};

    const AT: &str = "2026-01-01T00:00:00.000Z";

    fn package(ecosystem: Option<Ecosystem>, name: &str) -> AffectedPackage {
        AffectedPackage {
            ecosystem,
            ecosystem_raw: ecosystem
                .map(|e| e.as_str().to_string())
                .unwrap_or_default(),
            distro_release: None,
            name: name.to_string(),
            name_key: ecosystem
                .map(|e| e.normalize_name(name))
                .unwrap_or_else(|| name.to_string()),
            purl: None,
            ranges: Vec::new(),
            versions: Vec::new(),
            intervals: Vec::new(),
            constraints: Vec::new(),
            fixed: Vec::new(),
            informational: None,
            ..Default::default()
        }
    }

    fn advisory(id: &str, aliases: &[&str], pkgs: &[(Option<Ecosystem>, &str)]) -> Normalized {
        Normalized::Advisory(Advisory {
            id: id.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            related: BTreeSet::new(),
            summary: None,
            published: None,
            modified: None,
            withdrawn: None,
            severities: Vec::new(),
            affected: pkgs.iter().map(|(e, n)| package(*e, n)).collect(),
            cwes: BTreeSet::new(),
            references: Vec::new(),
            ..Default::default()
        })
    }

    fn kev_entry(cve: &str, product: &str) -> Normalized {
        Normalized::Kev(KevEntry {
            cve: cve.to_string(),
            vendor: "Acme".into(),
            product: product.into(),
            date_added: "2024-01-01".into(),
            due_date: None,
            known_ransomware: None,
        })
    }

    /// An observation whose raw bytes are the JSON of its normalised view: different content,
    /// different bytes.
    fn obs(source: &str, upstream_id: &str, normalized: Normalized) -> (Observation, Vec<u8>) {
        let raw = serde_json::to_vec(&normalized).unwrap();
        let record = Record {
            upstream_id: upstream_id.to_string(),
            locator: String::new(),
            raw: raw.clone(),
            source_hint: source.to_string(),
            normalized,
        };
        let format = match record.normalized {
            Normalized::Kev(_) => AdvisoryFormat::Kev,
            Normalized::Advisory(_) => AdvisoryFormat::Osv,
        };
        let o = Observation::from_record(&record, format, source, "test.json", AT);
        (o, raw)
    }

    fn store() -> SqliteStore {
        SqliteStore::open_in_memory()
            .unwrap()
            .with_clock(|| "2026-02-03T04:05:06Z".parse().unwrap())
    }

    fn current_ids(s: &SqliteStore) -> Vec<Digest> {
        let mut ids: Vec<Digest> = s.all_current().unwrap().iter().map(|o| o.id).collect();
        ids.sort();
        ids
    }

    fn count(s: &SqliteStore, table: &str) -> i64 {
        s.conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn insert_skip_supersede_revert() {
        let mut s = store();
        let pypi = Some(Ecosystem::PyPI);
        let a = obs(
            "pypa",
            "PYSEC-1",
            advisory("PYSEC-1", &["CVE-2024-1"], &[(pypi, "Foo")]),
        );
        let b = obs(
            "pypa",
            "PYSEC-1",
            advisory("PYSEC-1", &["CVE-2024-1", "GHSA-x"], &[(pypi, "foo")]),
        );
        let empty = s.snapshot_digest().unwrap();

        assert_eq!(
            s.ingest(std::slice::from_ref(&a)).unwrap(),
            [PutOutcome::Inserted]
        );
        let snap_a = s.snapshot_digest().unwrap();
        assert_ne!(snap_a, empty);
        assert_eq!(snap_a, snapshot_digest_of(&[a.0.id]));
        // Same content again: idempotent, the snapshot does not move.
        assert_eq!(
            s.ingest(std::slice::from_ref(&a)).unwrap(),
            [PutOutcome::Skipped]
        );
        assert_eq!(s.snapshot_digest().unwrap(), snap_a);

        assert_eq!(
            s.ingest(std::slice::from_ref(&b)).unwrap(),
            [PutOutcome::Superseded { previous: a.0.id }]
        );
        let snap_b = s.snapshot_digest().unwrap();
        assert_ne!(snap_b, snap_a);
        assert_eq!(current_ids(&s), [b.0.id]);
        assert_eq!(
            s.ingest(std::slice::from_ref(&b)).unwrap(),
            [PutOutcome::Skipped]
        );

        // Revert: A comes back. No new observation, A is current again, B stays stored.
        assert_eq!(
            s.ingest(std::slice::from_ref(&a)).unwrap(),
            [PutOutcome::Reverted { previous: b.0.id }]
        );
        assert_eq!(current_ids(&s), [a.0.id]);
        assert_eq!(
            s.snapshot_digest().unwrap(),
            snap_a,
            "knowledge equals the first state"
        );
        assert_eq!(count(&s, "observation"), 2);
        assert_eq!(count(&s, "revision"), 3);
        // Then forward to B again: also a revert (B is already stored).
        assert_eq!(
            s.ingest(std::slice::from_ref(&b)).unwrap(),
            [PutOutcome::Reverted { previous: a.0.id }]
        );
        assert_eq!(s.snapshot_digest().unwrap(), snap_b);
        assert_eq!(
            s.ingest(std::slice::from_ref(&a)).unwrap()[0],
            PutOutcome::Reverted { previous: b.0.id }
        );

        let found = s.by_id_or_alias("cve-2024-1").unwrap();
        assert_eq!(
            found.len(),
            2,
            "lookup is case-insensitive and finds superseded ones"
        );
        let find = |id: Digest| found.iter().find(|f| f.observation.id == id).unwrap();
        assert!(find(a.0.id).is_current);
        assert_eq!(find(a.0.id).superseded_by, None);
        // A was never rewritten: it still supersedes nothing.
        assert_eq!(find(a.0.id).observation.supersedes, None);
        assert!(!find(b.0.id).is_current);
        assert_eq!(find(b.0.id).superseded_by, Some(a.0.id));
        assert_eq!(find(b.0.id).observation.supersedes, Some(a.0.id));
        // Only B carries GHSA-x.
        let ghsa = s.by_id_or_alias("GHSA-x").unwrap();
        assert_eq!(ghsa.len(), 1);
        assert!(!ghsa[0].is_current);
        assert!(s.by_id_or_alias("CVE-2099-0").unwrap().is_empty());

        assert_eq!(s.raw(&a.0.id).unwrap().as_deref(), Some(a.1.as_slice()));
        assert_eq!(s.raw(&b.0.id).unwrap().as_deref(), Some(b.1.as_slice()));
        assert_eq!(s.raw(&Digest::of_bytes(b"nope")).unwrap(), None);
        assert!(s.verify().unwrap().is_ok(), "{:?}", s.verify().unwrap());
    }

    #[test]
    fn a_key_twice_in_one_batch_and_shared_raw_bytes() {
        let mut s = store();
        let a = obs("ghsa", "GHSA-1", advisory("GHSA-1", &[], &[]));
        let b = obs("ghsa", "GHSA-1", advisory("GHSA-1", &["CVE-1"], &[]));
        // The same bytes under two sources: two observations, one raw row.
        let c = obs("mirror", "GHSA-1", advisory("GHSA-1", &[], &[]));
        assert_eq!(a.0.provenance.content_digest, c.0.provenance.content_digest);
        let out = s
            .ingest(&[a.clone(), b.clone(), a.clone(), c.clone()])
            .unwrap();
        assert_eq!(
            out,
            [
                PutOutcome::Inserted,
                PutOutcome::Superseded { previous: a.0.id },
                PutOutcome::Reverted { previous: b.0.id },
                PutOutcome::Inserted,
            ]
        );
        assert_eq!(count(&s, "raw"), 2);
        assert_eq!(count(&s, "observation"), 3);
        assert_eq!(current_ids(&s), {
            let mut v = vec![a.0.id, c.0.id];
            v.sort();
            v
        });
    }

    #[test]
    fn candidates_are_current_and_indexed_by_name_key() {
        let mut s = store();
        let npm = Some(Ecosystem::Npm);
        let pypi = Some(Ecosystem::PyPI);
        let a = obs(
            "ghsa",
            "GHSA-a",
            advisory(
                "GHSA-a",
                &[],
                &[(npm, "lodash"), (pypi, "Django"), (None, "thing")],
            ),
        );
        let a2 = obs(
            "ghsa",
            "GHSA-a",
            advisory("GHSA-a", &[], &[(npm, "lodash")]),
        );
        let b = obs(
            "osv",
            "GHSA-a",
            advisory("GHSA-a", &[], &[(pypi, "django")]),
        );
        let k = obs("kev", "CVE-1", kev_entry("CVE-1", "lodash"));
        s.ingest(&[a.clone(), b.clone(), k]).unwrap();

        let ids = |v: Vec<Observation>| v.into_iter().map(|o| o.id).collect::<Vec<_>>();
        // PEP 503 name keys: `Django` is indexed as `django`; ordered by source.
        assert_eq!(
            ids(s.candidates(Ecosystem::PyPI, "django").unwrap()),
            [a.0.id, b.0.id]
        );
        assert_eq!(
            ids(s.candidates(Ecosystem::Npm, "lodash").unwrap()),
            [a.0.id]
        );
        // Name keys are exact: the caller normalises.
        assert!(s.candidates(Ecosystem::PyPI, "Django").unwrap().is_empty());
        assert!(s.candidates(Ecosystem::Cargo, "lodash").unwrap().is_empty());

        // A's new revision drops Django: the superseded observation no longer matches.
        s.ingest(std::slice::from_ref(&a2)).unwrap();
        assert_eq!(
            ids(s.candidates(Ecosystem::PyPI, "django").unwrap()),
            [b.0.id]
        );
        assert_eq!(
            ids(s.candidates(Ecosystem::Npm, "lodash").unwrap()),
            [a2.0.id]
        );
        // Revert: the old index entries serve again.
        s.ingest(std::slice::from_ref(&a)).unwrap();
        assert_eq!(
            ids(s.candidates(Ecosystem::PyPI, "django").unwrap()),
            [a.0.id, b.0.id]
        );
    }

    #[test]
    fn batched_candidates_equal_one_lookup_per_key() {
        let mut s = store();
        let npm = Some(Ecosystem::Npm);
        let pypi = Some(Ecosystem::PyPI);
        let a = obs(
            "ghsa",
            "GHSA-a",
            advisory("GHSA-a", &[], &[(npm, "lodash"), (pypi, "Django")]),
        );
        let b = obs(
            "osv",
            "GHSA-a",
            advisory("GHSA-a", &[], &[(pypi, "django")]),
        );
        let c = obs("osv", "GHSA-c", advisory("GHSA-c", &[], &[(npm, "lodash")]));
        s.ingest(&[a.clone(), b.clone(), c.clone()]).unwrap();
        // A superseded revision is no candidate.
        let c2 = obs(
            "osv",
            "GHSA-c",
            advisory("GHSA-c", &[], &[(npm, "left-pad")]),
        );
        s.ingest(std::slice::from_ref(&c2)).unwrap();

        let keys = [
            (Ecosystem::PyPI, "django"),
            (Ecosystem::Cargo, "nothing"),
            (Ecosystem::Npm, "lodash"),
            (Ecosystem::Npm, "left-pad"),
            (Ecosystem::PyPI, "django"),
        ];
        let got = s.candidates_many(&keys).unwrap();
        assert_eq!(got.by_key.len(), keys.len());
        for (k, (eco, name)) in keys.iter().enumerate() {
            let want: Vec<Digest> = s
                .candidates(*eco, name)
                .unwrap()
                .iter()
                .map(|o| o.id)
                .collect();
            let have: Vec<Digest> = got.by_key[k]
                .iter()
                .map(|&i| got.observations[i].id)
                .collect();
            assert_eq!(have, want, "{eco}/{name}");
        }
        // Each observation decoded once, though `a` answers two keys.
        let ids: BTreeSet<Digest> = got.observations.iter().map(|o| o.id).collect();
        assert_eq!(ids.len(), got.observations.len());
        assert_eq!(ids, BTreeSet::from([a.0.id, b.0.id, c2.0.id]));
        // More keys than one chunk holds.
        let many: Vec<String> = (0..CANDIDATE_CHUNK + 7).map(|i| format!("p{i}")).collect();
        let mut keys: Vec<(Ecosystem, &str)> =
            many.iter().map(|n| (Ecosystem::Npm, n.as_str())).collect();
        keys.push((Ecosystem::Npm, "lodash"));
        let got = s.candidates_many(&keys).unwrap();
        assert_eq!(got.by_key.len(), keys.len());
        assert!(got.by_key[..keys.len() - 1].iter().all(Vec::is_empty));
        assert_eq!(got.by_key[keys.len() - 1].len(), 1);
    }

    #[test]
    fn kev_lookup_follows_the_current_entry() {
        let mut s = store();
        let k1 = obs(
            "kev",
            "CVE-2021-44228",
            kev_entry("CVE-2021-44228", "Log4j"),
        );
        let k2 = obs(
            "kev",
            "CVE-2021-44228",
            kev_entry("CVE-2021-44228", "Log4j2"),
        );
        // An advisory aliasing the CVE is not a KEV entry.
        let adv = obs(
            "ghsa",
            "GHSA-jfh8",
            advisory("GHSA-jfh8", &["CVE-2021-44228"], &[]),
        );
        s.ingest(&[adv, k1]).unwrap();
        assert_eq!(s.kev("cve-2021-44228").unwrap().unwrap().product, "Log4j");
        s.ingest(&[k2]).unwrap();
        assert_eq!(s.kev("CVE-2021-44228").unwrap().unwrap().product, "Log4j2");
        assert_eq!(s.kev("CVE-2000-1").unwrap(), None);
    }

    #[test]
    fn status_counts() {
        let mut s = store();
        let npm = Some(Ecosystem::Npm);
        let a = obs(
            "ghsa",
            "G-1",
            advisory("G-1", &[], &[(npm, "a"), (npm, "b")]),
        );
        let a2 = obs("ghsa", "G-1", advisory("G-1", &[], &[(npm, "a")]));
        let b = obs("ghsa", "G-2", advisory("G-2", &[], &[(npm, "a")]));
        let c = obs(
            "pypa",
            "P-1",
            advisory("P-1", &[], &[(Some(Ecosystem::PyPI), "x")]),
        );
        let k = obs("kev", "CVE-1", kev_entry("CVE-1", "p"));
        s.ingest(&[a, b, c, k]).unwrap();
        s.ingest(&[a2]).unwrap();
        let st = s.status().unwrap();
        assert_eq!(
            st.schema_version,
            super::super::migrations::latest_version()
        );
        assert_eq!(st.snapshot, s.snapshot_digest().unwrap());
        let src: Vec<(&str, u64, u64)> = st
            .sources
            .iter()
            .map(|x| (x.source.as_str(), x.current, x.superseded))
            .collect();
        assert_eq!(src, [("ghsa", 2, 1), ("kev", 1, 0), ("pypa", 1, 0)]);
        assert!(
            st.sources
                .iter()
                .all(|x| x.last_ingest.as_deref() == Some("2026-02-03T04:05:06.000Z"))
        );
        // npm: G-1 (now only `a`) and G-2 → 2 advisories, 2 entries, 1 distinct package.
        assert_eq!(
            st.ecosystems,
            [
                EcosystemStatus {
                    ecosystem: Ecosystem::Npm,
                    advisories: 2,
                    affected_packages: 2,
                    packages: 1
                },
                EcosystemStatus {
                    ecosystem: Ecosystem::PyPI,
                    advisories: 1,
                    affected_packages: 1,
                    packages: 1
                },
            ]
        );
        assert_eq!(st.kev_entries, 1);
        assert_eq!(st.ingest_runs, 2);
        // A source only skipped still records its ingest time.
        let mut s = s.with_clock(|| "2026-03-01T00:00:00Z".parse().unwrap());
        s.ingest(&[obs(
            "pypa",
            "P-1",
            advisory("P-1", &[], &[(Some(Ecosystem::PyPI), "x")]),
        )])
        .unwrap();
        let st = s.status().unwrap();
        let pypa = st.sources.iter().find(|x| x.source == "pypa").unwrap();
        assert_eq!(
            pypa.last_ingest.as_deref(),
            Some("2026-03-01T00:00:00.000Z")
        );
        assert_eq!(st.last_ingest.as_deref(), Some("2026-03-01T00:00:00.000Z"));
    }

    #[test]
    fn invalid_items_reject_the_whole_batch() {
        let mut s = store();
        let good = obs("ghsa", "G-1", advisory("G-1", &[], &[]));
        let mut bad_bytes = obs("ghsa", "G-2", advisory("G-2", &[], &[]));
        bad_bytes.1.push(b' ');
        let mut bad_id = obs("ghsa", "G-3", advisory("G-3", &[], &[]));
        bad_id.0.id = Digest::of_bytes(b"x");
        for bad in [bad_bytes, bad_id] {
            let err = s.ingest(&[good.clone(), bad]).unwrap_err();
            assert!(
                matches!(err, StoreError::InvalidObservation { index: 1, .. }),
                "{err}"
            );
        }
        assert_eq!(count(&s, "observation"), 0);
        assert_eq!(count(&s, "ingest_run"), 0);
    }

    /// Crash consistency within a process: an error half-way through a batch (injected with a
    /// temporary trigger on the third item) leaves nothing of the batch, not even its run.
    #[test]
    fn a_batch_failing_half_way_leaves_nothing() {
        let mut s = store();
        let first = obs(
            "ghsa",
            "G-0",
            advisory("G-0", &[], &[(Some(Ecosystem::Npm), "x")]),
        );
        s.ingest(std::slice::from_ref(&first)).unwrap();
        let before = (s.snapshot_digest().unwrap(), s.status().unwrap());
        s.conn
            .execute_batch(
                "CREATE TEMP TRIGGER boom BEFORE INSERT ON observation \
                 WHEN NEW.upstream_id = 'G-boom' BEGIN SELECT RAISE(ABORT, 'injected'); END;",
            )
            .unwrap();
        let batch = [
            obs(
                "ghsa",
                "G-1",
                advisory("G-1", &[], &[(Some(Ecosystem::Npm), "x")]),
            ),
            obs("ghsa", "G-0", advisory("G-0", &["CVE-9"], &[])),
            obs("ghsa", "G-boom", advisory("G-boom", &[], &[])),
            obs("ghsa", "G-2", advisory("G-2", &[], &[])),
        ];
        let err = s.ingest(&batch).unwrap_err();
        assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
        assert!(
            err.to_string()
                .contains("inserting observation ghsa G-boom"),
            "{err}"
        );
        assert_eq!((s.snapshot_digest().unwrap(), s.status().unwrap()), before);
        assert_eq!(count(&s, "observation"), 1);
        assert_eq!(count(&s, "raw"), 1);
        assert_eq!(count(&s, "revision"), 1);
        assert_eq!(count(&s, "affected"), 1);
        assert_eq!(count(&s, "alias"), 1);
        assert_eq!(count(&s, "ingest_run"), 1);
        assert_eq!(
            s.candidates(Ecosystem::Npm, "x")
                .unwrap()
                .iter()
                .map(|o| o.id)
                .collect::<Vec<_>>(),
            [first.0.id]
        );
        // Without the fault the same batch goes through.
        s.conn.execute_batch("DROP TRIGGER boom").unwrap();
        assert_eq!(s.ingest(&batch).unwrap().len(), 4);
        assert!(s.verify().unwrap().is_ok());
    }

    #[test]
    fn observations_and_raw_bytes_cannot_be_changed() {
        let mut s = store();
        let npm = Some(Ecosystem::Npm);
        s.ingest(&[obs("ghsa", "G-1", advisory("G-1", &[], &[(npm, "x")]))])
            .unwrap();
        // Every table has a row, so each statement reaches its trigger.
        for stmt in [
            "UPDATE observation SET body = '{}'",
            "DELETE FROM observation",
            "UPDATE raw SET bytes = x'00'",
            "DELETE FROM raw",
            "DELETE FROM revision",
            "UPDATE alias SET alias = 'x'",
            "DELETE FROM affected",
            "DELETE FROM ingest_run",
            "UPDATE run_source SET skipped = 9",
        ] {
            let err = s.conn.execute(stmt, []).unwrap_err();
            assert!(
                err.to_string().contains("immutable") || err.to_string().contains("append-only"),
                "{stmt}: {err}"
            );
        }
    }

    #[test]
    fn verify_finds_tampering() {
        let mut s = store();
        let a = obs("ghsa", "G-1", advisory("G-1", &["CVE-1"], &[]));
        s.ingest(std::slice::from_ref(&a)).unwrap();
        assert!(s.verify().unwrap().is_ok());
        // Someone drops the guard and edits the bytes and an index entry by hand.
        s.conn
            .execute_batch(
                "DROP TRIGGER raw_no_update; UPDATE raw SET bytes = x'00'; \
                 DROP TRIGGER alias_no_delete; DELETE FROM alias WHERE alias = 'CVE-1';",
            )
            .unwrap();
        let report = s.verify().unwrap();
        assert_eq!(report.observations, 1);
        assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
        assert!(report.problems[0].contains("raw bytes do not hash"));
        assert!(report.problems[1].contains("alias index"));
    }

    #[test]
    fn opens_missing_and_empty_files_and_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let a = obs("ghsa", "G-1", advisory("G-1", &[], &[]));
        {
            let mut s = SqliteStore::open(&path).unwrap();
            assert_eq!(
                s.schema_version(),
                super::super::migrations::latest_version()
            );
            s.ingest(std::slice::from_ref(&a)).unwrap();
        }
        let s = SqliteStore::open(&path).unwrap();
        assert_eq!(current_ids(&s), [a.0.id]);
        let mode: String = s
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = s
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);

        // A zero-byte file (e.g. `touch`ed) is migrated from scratch.
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let s = SqliteStore::open(&empty).unwrap();
        assert_eq!(
            s.schema_version(),
            super::super::migrations::latest_version()
        );
        assert_eq!(s.status().unwrap().snapshot, snapshot_digest_of(&[]));
    }

    #[test]
    fn refuses_files_that_are_not_stores() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "this is not a database\n".repeat(200)).unwrap();
        let err = SqliteStore::open(&text).unwrap_err();
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
        // The refused file is untouched.
        assert_eq!(
            std::fs::read(&text).unwrap(),
            "this is not a database\n".repeat(200).as_bytes()
        );

        // The SQLite magic followed by garbage: SQLite itself refuses it.
        let fake = dir.path().join("fake.db");
        let mut bytes = SQLITE_HEADER.to_vec();
        bytes.extend(std::iter::repeat_n(0xAB, 4096));
        std::fs::write(&fake, &bytes).unwrap();
        let err = SqliteStore::open(&fake).unwrap_err();
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");

        // Another application's SQLite database.
        let other = dir.path().join("other.db");
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t(x)").unwrap();
        drop(c);
        let err = SqliteStore::open(&other).unwrap_err();
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
        // … also when it uses user_version itself.
        let c = Connection::open(&other).unwrap();
        c.pragma_update(None, "user_version", 3).unwrap();
        drop(c);
        let err = SqliteStore::open(&other).unwrap_err();
        assert!(matches!(err, StoreError::NotAStore { .. }), "{err}");
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(SqliteStore::open(&path).unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 7).unwrap();
        drop(c);
        let err = SqliteStore::open(&path).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::SchemaTooNew {
                    found: 7,
                    supported: 2,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("upgrade Stella"));
    }

    /// Per-key histories (content variants in order) interleaved in any order and split into
    /// any batches give the same snapshot, equal to the digest of each key's last variant.
    fn history_strategy() -> impl Strategy<Value = (Vec<Vec<u8>>, Vec<u64>, usize, usize)> {
        (
            prop::collection::vec(prop::collection::vec(0u8..3, 1..5), 1..6),
            prop::collection::vec(any::<u64>(), 0..40),
            1usize..5,
            1usize..5,
        )
    }

    fn variant(key: usize, v: u8) -> (Observation, Vec<u8>) {
        let id = format!("K-{key}");
        let alias = format!("CVE-2024-{v}");
        obs(
            "src",
            &id,
            advisory(&id, &[alias.as_str()], &[(Some(Ecosystem::Npm), "p")]),
        )
    }

    /// Interleave per-key sequences by a stream of choices, keeping each key's own order.
    fn interleave(histories: &[Vec<u8>], choices: &[u64]) -> Vec<(Observation, Vec<u8>)> {
        let mut pos = vec![0usize; histories.len()];
        let mut out = Vec::new();
        let mut choice = choices.iter().copied().cycle();
        loop {
            let open: Vec<usize> = (0..histories.len())
                .filter(|&k| pos[k] < histories[k].len())
                .collect();
            if open.is_empty() {
                return out;
            }
            let pick = open[(choice.next().unwrap_or(0) % open.len() as u64) as usize];
            out.push(variant(pick, histories[pick][pos[pick]]));
            pos[pick] += 1;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn snapshot_is_independent_of_order_and_batching(
            (histories, choices, batch_a, batch_b) in history_strategy()
        ) {
            let expected = snapshot_digest_of(
                &histories
                    .iter()
                    .enumerate()
                    .map(|(k, h)| variant(k, *h.last().unwrap()).0.id)
                    .collect::<Vec<_>>(),
            );
            let order_a = interleave(&histories, &[]);
            let order_b = interleave(&histories, &choices);
            let mut digests = Vec::new();
            for (order, size) in [(order_a, batch_a), (order_b, batch_b)] {
                let mut s = store();
                for chunk in order.chunks(size) {
                    s.ingest(chunk).unwrap();
                }
                prop_assert!(s.verify().unwrap().is_ok());
                digests.push(s.snapshot_digest().unwrap());
            }
            prop_assert_eq!(digests[0], expected);
            prop_assert_eq!(digests[1], expected);
        }
    }

    /// Observations written by the crash child: batch `b` holds `CHILD_BATCH` new keys, plus
    /// a new revision of the first `CHILD_UPDATES` keys of batch 0 (so the supersede path is
    /// exercised while being killed).
    const CHILD_BATCH: usize = 300;
    const CHILD_UPDATES: usize = 50;
    const CHILD_ENV: &str = "STELLA_TEST_STORE_CRASH_CHILD";

    fn child_batch(b: usize) -> Vec<(Observation, Vec<u8>)> {
        let npm = Some(Ecosystem::Npm);
        let mut out: Vec<_> = (0..CHILD_BATCH - if b == 0 { 0 } else { CHILD_UPDATES })
            .map(|j| {
                let id = format!("K-{b}-{j}");
                let name = format!("pkg-{}", j % 37);
                obs(
                    "crash",
                    &id,
                    advisory(&id, &["CVE-2024-1"], &[(npm, name.as_str())]),
                )
            })
            .collect();
        if b > 0 {
            out.extend((0..CHILD_UPDATES).map(|j| {
                let id = format!("K-0-{j}");
                let alias = format!("CVE-2025-{b}");
                obs(
                    "crash",
                    &id,
                    advisory(&id, &[alias.as_str()], &[(npm, "pkg-0")]),
                )
            }));
        }
        out
    }

    /// Crash consistency across processes: a child process (this test binary re-run in child
    /// mode) writes batches in a loop and is killed with SIGKILL at an arbitrary moment; the
    /// reopened store passes `integrity_check` and [`KnowledgeStore::verify`], and holds whole
    /// batches only (observations = revisions = runs × batch size). Three rounds on the same
    /// file, killed after different delays.
    #[test]
    fn killed_writer_leaves_whole_batches() {
        if let Some(path) = std::env::var_os(CHILD_ENV) {
            // Child mode: write until killed (bounded, in case the parent died). The batch is
            // built before `begin`, so after `begin` the child is validating or writing it.
            let mut s = SqliteStore::open(Path::new(&path)).unwrap();
            let start = count(&s, "ingest_run") as usize;
            for b in start..start + 400 {
                let batch = child_batch(b);
                println!("begin {b}");
                s.ingest(&batch).unwrap();
                println!("committed {b}");
            }
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crash.db");
        drop(SqliteStore::open(&path).unwrap());
        let exe = std::env::current_exe().unwrap();
        let mut mid_batch = 0;
        for (round, delay_ms) in [(0u32, 2u64), (1, 9), (2, 25)] {
            let runs_before = count(&SqliteStore::open(&path).unwrap(), "ingest_run");
            let mut child = Command::new(&exe)
                .args([
                    "--exact",
                    "store::sqlite::tests::killed_writer_leaves_whole_batches",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, &path)
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            // Wait for the third batch to begin (two committed), then kill a few ms later.
            let mut begun = None;
            for line in std::io::BufReader::new(stdout).lines() {
                let line = line.unwrap();
                if let Some(b) = line.strip_prefix("begin ") {
                    let b: i64 = b.parse().unwrap();
                    if b == runs_before + 2 {
                        begun = Some(b);
                        break;
                    }
                }
            }
            let begun = begun.expect("the child did not get going");
            std::thread::sleep(Duration::from_millis(delay_ms));
            child.kill().unwrap(); // SIGKILL on Unix
            let status = child.wait().unwrap();
            assert!(
                !status.success(),
                "round {round}: child ended before the kill"
            );

            let s = SqliteStore::open(&path).unwrap();
            let report = s.verify().unwrap();
            assert!(report.is_ok(), "round {round}: {:?}", report.problems);
            // The batch being written is either wholly there or wholly absent (a later one
            // may have committed too when the kill came late).
            let runs = count(&s, "ingest_run");
            assert!(runs >= begun, "round {round}: committed batches lost");
            if runs == begun {
                mid_batch += 1;
            }
            let per_batch = CHILD_BATCH as i64;
            assert_eq!(count(&s, "observation"), runs * per_batch, "round {round}");
            assert_eq!(count(&s, "revision"), runs * per_batch, "round {round}");
            let counted: i64 = s
                .conn
                .query_row(
                    "SELECT sum(inserted + superseded + reverted + skipped) FROM run_source",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(counted, runs * per_batch);
            // Every current observation is readable with its raw bytes.
            for o in s.all_current().unwrap() {
                assert!(s.raw(&o.id).unwrap().is_some());
            }
        }
        // Not asserted (timing-dependent), but reported: how many kills hit a batch in flight.
        eprintln!("killed_writer_leaves_whole_batches: {mid_batch}/3 kills landed mid-batch");
    }

    /// Throughput: 100,000 synthetic observations in batches of 1,000 into a file store.
    /// Runs only with `STELLA_PERF=1` (it takes seconds, and the number only means something
    /// with optimisations); the benchmark proper lives in `cargo xtask bench`.
    #[test]
    fn perf_insert_100k() {
        if std::env::var("STELLA_PERF").as_deref() != Ok("1") {
            eprintln!("SKIP: set STELLA_PERF=1 to measure store insert throughput");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let mut s = SqliteStore::open(&dir.path().join("perf.db")).unwrap();
        let eco = [
            Ecosystem::Npm,
            Ecosystem::PyPI,
            Ecosystem::Cargo,
            Ecosystem::Go,
        ];
        // `STELLA_PERF_N` overrides the count (rounded down to whole batches).
        let total = std::env::var("STELLA_PERF_N")
            .ok()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(100_000)
            / 1000
            * 1000;
        let t0 = std::time::Instant::now();
        let mut build = Duration::ZERO;
        for b in 0..total / 1000 {
            let tb = std::time::Instant::now();
            let batch: Vec<_> = (0..1000)
                .map(|j| {
                    let n = b * 1000 + j;
                    let id = format!("GHSA-{n:08}");
                    let cve = format!("CVE-2024-{n}");
                    let name = format!("package-{}", n % 5000);
                    obs(
                        "perf",
                        &id,
                        advisory(&id, &[cve.as_str()], &[(Some(eco[n % 4]), name.as_str())]),
                    )
                })
                .collect();
            build += tb.elapsed();
            s.ingest(&batch).unwrap();
        }
        let elapsed = t0.elapsed() - build;
        let t1 = std::time::Instant::now();
        let snap = s.snapshot_digest().unwrap();
        let snap_time = t1.elapsed();
        let t2 = std::time::Instant::now();
        let hits = s.candidates(Ecosystem::Npm, "package-4").unwrap().len();
        let lookup = t2.elapsed();
        eprintln!(
            "store perf: {total} observations in {:.2}s = {:.0} obs/s (excluding building them, \
             {:.2}s); snapshot digest {:.0} ms ({snap}); candidates lookup ({hits} hits) {:.2} ms",
            elapsed.as_secs_f64(),
            total as f64 / elapsed.as_secs_f64(),
            build.as_secs_f64(),
            snap_time.as_secs_f64() * 1000.0,
            lookup.as_secs_f64() * 1000.0,
        );
        assert_eq!(count(&s, "observation"), total as i64);
        assert_eq!(hits, total / 5000);
    }
}
