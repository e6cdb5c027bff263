//! What the benchmarks share: where the real-data corpus is, and which of its folders hold
//! advisories.

use std::path::PathBuf;

/// The shared real-data corpus: `$STELLA_SHARED_DATA`, else `shared/data` beside the repository
/// or one of its ancestors (worktrees live one level deeper than the main checkout).
pub fn shared_data() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STELLA_SHARED_DATA").map(PathBuf::from) {
        return p.is_dir().then_some(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|a| a.join("shared/data"))
        .find(|p| p.is_dir())
}

/// The advisory folders of the corpus (everything `stella db ingest` reads as advisories).
pub const SOURCES: &[&str] = &[
    "pypa-advisory-database",
    "rustsec-advisory-db-osv",
    "golang-vulndb-osv",
    "github-advisory-database-subset",
    "ubuntu-security-notices-subset",
    "alpine-secdb",
    "debian-security-tracker-lists",
    "cisa-kev",
    "rubysec-ruby-advisory-db",
    "friendsofphp-security-advisories",
    "nodejs-security-wg",
    "vunnel-distro-fixtures",
    "oasis-csaf-examples",
];
