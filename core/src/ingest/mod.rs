//! Ingest: reading upstream inputs (files, directories, archives) into the knowledge store.

pub mod walk;
