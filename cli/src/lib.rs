//! stella CLI
