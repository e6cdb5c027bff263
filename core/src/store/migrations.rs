//! Schema migrations of the SQLite store, written by hand against `PRAGMA user_version`.
//!
//! [`MIGRATIONS`]`[n]` takes a store from schema version `n` to `n + 1`; each runs in its own
//! `BEGIN IMMEDIATE` transaction together with the `user_version` bump, so a crash mid-migration
//! leaves the previous version intact and two processes opening the same fresh file do not both
//! migrate it. A store is recognised by its `application_id` ([`APPLICATION_ID`]): a SQLite file
//! without it that already holds tables is another application's database and is refused.
//!
//! Hand-written on purpose: `refinery` and `rusqlite_migration` cap rusqlite below the version we
//! use (two `links = "sqlite3"` crates cannot coexist, see `CRATES.md`), and the whole mechanism
//! is one loop. Migrations are append-only like the data: never edit a released one, add the
//! next.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// `PRAGMA application_id` of a Stella store (`"STLA"` in ASCII).
pub const APPLICATION_ID: i32 = 0x5354_4C41;

/// One schema step.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// What it changes, for humans.
    pub description: &'static str,
    /// The SQL, run as one batch inside the migration's transaction.
    pub sql: &'static str,
}

/// Every migration, in order: index `n` takes version `n` to `n + 1`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        description: "observations, raw bytes, revisions, matching and alias indexes, ingest runs",
        sql: V1,
    },
    Migration {
        description: "VEX statements, their revisions, vulnerability index and ingest runs",
        sql: V2,
    },
];

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX)
}

const V1: &str = r#"
CREATE TABLE ingest_run (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    observations INTEGER NOT NULL
);

CREATE TABLE run_source (
    run_id     INTEGER NOT NULL REFERENCES ingest_run(id),
    source     TEXT NOT NULL,
    inserted   INTEGER NOT NULL,
    superseded INTEGER NOT NULL,
    reverted   INTEGER NOT NULL,
    skipped    INTEGER NOT NULL,
    PRIMARY KEY (run_id, source)
) WITHOUT ROWID;
CREATE INDEX run_source_by_source ON run_source(source, run_id);

-- Verbatim upstream bytes, content-addressed: stored once per content digest.
CREATE TABLE raw (
    digest TEXT PRIMARY KEY,
    bytes  BLOB NOT NULL
);

-- Observations: the normalised view as JSON (`body`), keyed by observation id.
CREATE TABLE observation (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    source         TEXT NOT NULL,
    upstream_id    TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('advisory', 'kev')),
    content_digest TEXT NOT NULL REFERENCES raw(digest),
    supersedes     TEXT REFERENCES observation(id),
    run_id         INTEGER NOT NULL REFERENCES ingest_run(id),
    body           TEXT NOT NULL
);
CREATE INDEX observation_by_key ON observation(source, upstream_id);

-- The append-only revision log: the current observation of a key is its latest revision's.
CREATE TABLE revision (
    seq            INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    upstream_id    TEXT NOT NULL,
    observation_id TEXT NOT NULL REFERENCES observation(id),
    supersedes     TEXT REFERENCES observation(id),
    run_id         INTEGER NOT NULL REFERENCES ingest_run(id)
);
CREATE INDEX revision_by_key ON revision(source, upstream_id, seq);
CREATE INDEX revision_by_observation ON revision(observation_id, seq);

-- Matching index: (ecosystem, name key) of every affected package of every advisory.
CREATE TABLE affected (
    ecosystem      TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    observation_id TEXT NOT NULL REFERENCES observation(id),
    PRIMARY KEY (ecosystem, name_key, observation_id)
) WITHOUT ROWID;
CREATE INDEX affected_by_observation ON affected(observation_id);

-- Lookup index: upstream id, advisory id, aliases (KEV: the CVE), case-insensitive.
CREATE TABLE alias (
    alias          TEXT NOT NULL COLLATE NOCASE,
    observation_id TEXT NOT NULL REFERENCES observation(id),
    PRIMARY KEY (alias, observation_id)
) WITHOUT ROWID;
CREATE INDEX alias_by_observation ON alias(observation_id);

-- Append-only: nothing is ever updated or deleted.
CREATE TRIGGER ingest_run_no_update BEFORE UPDATE ON ingest_run BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER ingest_run_no_delete BEFORE DELETE ON ingest_run BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER run_source_no_update BEFORE UPDATE ON run_source BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER run_source_no_delete BEFORE DELETE ON run_source BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER raw_no_update BEFORE UPDATE ON raw BEGIN SELECT RAISE(ABORT, 'raw bytes are immutable'); END;
CREATE TRIGGER raw_no_delete BEFORE DELETE ON raw BEGIN SELECT RAISE(ABORT, 'raw bytes are immutable'); END;
CREATE TRIGGER observation_no_update BEFORE UPDATE ON observation BEGIN SELECT RAISE(ABORT, 'observations are immutable'); END;
CREATE TRIGGER observation_no_delete BEFORE DELETE ON observation BEGIN SELECT RAISE(ABORT, 'observations are immutable'); END;
CREATE TRIGGER revision_no_update BEFORE UPDATE ON revision BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revision_no_delete BEFORE DELETE ON revision BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER affected_no_update BEFORE UPDATE ON affected BEGIN SELECT RAISE(ABORT, 'index entries are append-only'); END;
CREATE TRIGGER affected_no_delete BEFORE DELETE ON affected BEGIN SELECT RAISE(ABORT, 'index entries are append-only'); END;
CREATE TRIGGER alias_no_update BEFORE UPDATE ON alias BEGIN SELECT RAISE(ABORT, 'index entries are append-only'); END;
CREATE TRIGGER alias_no_delete BEFORE DELETE ON alias BEGIN SELECT RAISE(ABORT, 'index entries are append-only'); END;
"#;

/// VEX statement observations, beside the advisory tables and with the same discipline: the
/// verbatim bytes go to the shared content-addressed `raw` table, statements are written once,
/// which one is current per (source, upstream id) is the append-only `vex_revision` log, and
/// triggers refuse every UPDATE and DELETE. VEX ingest runs are counted apart from advisory
/// runs so `stella db status` keeps describing advisories only.
const V2: &str = r#"
CREATE TABLE vex_ingest_run (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    statements INTEGER NOT NULL
);

CREATE TABLE vex_run_source (
    run_id     INTEGER NOT NULL REFERENCES vex_ingest_run(id),
    source     TEXT NOT NULL,
    inserted   INTEGER NOT NULL,
    superseded INTEGER NOT NULL,
    reverted   INTEGER NOT NULL,
    skipped    INTEGER NOT NULL,
    PRIMARY KEY (run_id, source)
) WITHOUT ROWID;

-- Statement observations: the statement with provenance as JSON (`body`), keyed by id.
CREATE TABLE vex_statement (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    source         TEXT NOT NULL,
    upstream_id    TEXT NOT NULL,
    format         TEXT NOT NULL,
    vulnerability  TEXT NOT NULL,
    content_digest TEXT NOT NULL REFERENCES raw(digest),
    supersedes     TEXT REFERENCES vex_statement(id),
    run_id         INTEGER NOT NULL REFERENCES vex_ingest_run(id),
    body           TEXT NOT NULL
);
CREATE INDEX vex_statement_by_key ON vex_statement(source, upstream_id);

CREATE TABLE vex_revision (
    seq          INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    upstream_id  TEXT NOT NULL,
    statement_id TEXT NOT NULL REFERENCES vex_statement(id),
    supersedes   TEXT REFERENCES vex_statement(id),
    run_id       INTEGER NOT NULL REFERENCES vex_ingest_run(id)
);
CREATE INDEX vex_revision_by_key ON vex_revision(source, upstream_id, seq);
CREATE INDEX vex_revision_by_statement ON vex_revision(statement_id, seq);

-- Lookup index: the vulnerability id and its aliases, case-insensitive.
CREATE TABLE vex_vulnerability (
    vulnerability TEXT NOT NULL COLLATE NOCASE,
    statement_id  TEXT NOT NULL REFERENCES vex_statement(id),
    PRIMARY KEY (vulnerability, statement_id)
) WITHOUT ROWID;
CREATE INDEX vex_vulnerability_by_statement ON vex_vulnerability(statement_id);

CREATE TRIGGER vex_ingest_run_no_update BEFORE UPDATE ON vex_ingest_run BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER vex_ingest_run_no_delete BEFORE DELETE ON vex_ingest_run BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER vex_run_source_no_update BEFORE UPDATE ON vex_run_source BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER vex_run_source_no_delete BEFORE DELETE ON vex_run_source BEGIN SELECT RAISE(ABORT, 'ingest runs are append-only'); END;
CREATE TRIGGER vex_statement_no_update BEFORE UPDATE ON vex_statement BEGIN SELECT RAISE(ABORT, 'VEX statements are immutable'); END;
CREATE TRIGGER vex_statement_no_delete BEFORE DELETE ON vex_statement BEGIN SELECT RAISE(ABORT, 'VEX statements are immutable'); END;
CREATE TRIGGER vex_revision_no_update BEFORE UPDATE ON vex_revision BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER vex_revision_no_delete BEFORE DELETE ON vex_revision BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER vex_vulnerability_no_update BEFORE UPDATE ON vex_vulnerability BEGIN SELECT RAISE(ABORT, 'index entries are append-only'); END;
CREATE TRIGGER vex_vulnerability_no_delete BEFORE DELETE ON vex_vulnerability BEGIN SELECT RAISE(ABORT, 'index entries are append-only'); END;
"#;

/// The (application id, schema version) recorded in a database.
///
/// # Errors
/// The SQLite error (`NotADatabase` for a file that is not SQLite).
pub(crate) fn read_header(conn: &Connection) -> rusqlite::Result<(i32, u32)> {
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // user_version is a signed 32-bit header field; a negative one was not written by us.
    Ok((app, u32::try_from(version).unwrap_or(u32::MAX)))
}

/// Refuse a database that is not (or not yet) a Stella store, or that is too new.
pub(crate) fn check_header(path: &str, app: i32, version: u32) -> Result<(), StoreError> {
    let supported = latest_version();
    if app != APPLICATION_ID && !(app == 0 && version == 0) {
        return Err(StoreError::NotAStore {
            path: path.to_string(),
            reason: format!(
                "SQLite database with application id {app:#010x} and schema version {version} \
                 (a Stella store has application id {APPLICATION_ID:#010x})"
            ),
        });
    }
    if version > supported {
        return Err(StoreError::SchemaTooNew {
            path: path.to_string(),
            found: version,
            supported,
        });
    }
    Ok(())
}

/// Bring the store to [`latest_version`], one transaction per step. Returns the version.
///
/// # Errors
/// [`StoreError::NotAStore`] for another application's database, [`StoreError::SchemaTooNew`],
/// [`StoreError::Sqlite`] when a step fails (that step is rolled back).
pub(crate) fn migrate(conn: &mut Connection, path: &str) -> Result<u32, StoreError> {
    let sql_err = |doing: String| {
        let path = path.to_string();
        move |source| StoreError::Sqlite {
            path,
            doing,
            source,
        }
    };
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_err("starting a migration".into()))?;
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let (app, version) =
            read_header(&tx).map_err(sql_err("reading the schema version".into()))?;
        check_header(path, app, version)?;
        let Some(step) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            tx.commit()
                .map_err(sql_err("finishing the migration check".into()))?;
            return Ok(version);
        };
        if version == 0 {
            let tables: i64 = tx
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
                    [],
                    |r| r.get(0),
                )
                .map_err(sql_err("listing existing tables".into()))?;
            if tables > 0 {
                return Err(StoreError::NotAStore {
                    path: path.to_string(),
                    reason: format!(
                        "SQLite database of another application ({tables} schema objects, no Stella application id)"
                    ),
                });
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sql_err("setting the application id".into()))?;
        }
        let next = version + 1;
        tx.execute_batch(step.sql).map_err(sql_err(format!(
            "migrating to schema version {next} ({})",
            step.description
        )))?;
        tx.pragma_update(None, "user_version", next)
            .map_err(sql_err(format!("recording schema version {next}")))?;
        tx.commit()
            .map_err(sql_err(format!("committing schema version {next}")))?;
    }
}
