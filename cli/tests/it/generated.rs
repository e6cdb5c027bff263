//! The generated files in the repository match what the binary generates (`cargo xtask gen`).

use crate::util::repo_root;

#[test]
fn checked_in_generated_files_are_up_to_date() {
    let files = stella_cli::generate::all().expect("generate");
    assert!(
        files.len() >= 8,
        "expected completions, man pages and schemas"
    );
    let mut stale = Vec::new();
    for (rel, bytes) in files {
        let current = std::fs::read(repo_root().join(&rel)).ok();
        if current.as_deref() != Some(bytes.as_slice()) {
            stale.push(rel);
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo xtask gen` and commit): {stale:?}"
    );
}
