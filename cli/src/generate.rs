//! Generated files: shell completions, man pages and JSON Schemas of Stella's own JSON outputs.
//!
//! `cargo xtask gen` writes these into `completions/`, `man/` and `schemas/`; the test suite
//! regenerates them in memory and fails when the checked-in copies are stale, so the files in
//! the repository always describe the binary built from it.

use clap_complete::Shell;

/// A generated file: path relative to the repository root, and its bytes.
pub type Generated = (String, Vec<u8>);

/// Every generated file.
///
/// # Errors
/// A rendering failure (should not happen; reported as text).
pub fn all() -> Result<Vec<Generated>, String> {
    let mut out = Vec::new();
    out.extend(completions());
    out.extend(man_pages()?);
    out.extend(schemas()?);
    out.push(sample_kit()?);
    out.sort();
    Ok(out)
}

/// Completion scripts for bash, zsh and fish.
pub fn completions() -> Vec<Generated> {
    [
        (Shell::Bash, "completions/stella.bash"),
        (Shell::Zsh, "completions/_stella"),
        (Shell::Fish, "completions/stella.fish"),
    ]
    .into_iter()
    .map(|(shell, path)| {
        let mut cmd = crate::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "stella", &mut buf);
        (path.to_string(), buf)
    })
    .collect()
}

/// One man page per command and subcommand (`man/stella.1`, `man/stella-sbom-inspect.1`, …).
///
/// # Errors
/// A rendering failure.
pub fn man_pages() -> Result<Vec<Generated>, String> {
    fn walk(cmd: clap::Command, prefix: &str, out: &mut Vec<Generated>) -> Result<(), String> {
        let name = if prefix.is_empty() {
            cmd.get_name().to_string()
        } else {
            format!("{prefix}-{}", cmd.get_name())
        };
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            walk(sub, &name, out)?;
        }
        let cmd = cmd.display_name(name.clone());
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd)
            .source(format!("stella {}", env!("CARGO_PKG_VERSION")))
            .render(&mut buf)
            .map_err(|e| e.to_string())?;
        out.push((format!("man/{name}.1"), buf));
        Ok(())
    }
    let mut cmd = crate::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, "", &mut out)?;
    Ok(out)
}

/// JSON Schemas of the JSON documents Stella's commands print.
///
/// # Errors
/// A serialisation failure.
pub fn schemas() -> Result<Vec<Generated>, String> {
    fn one<T: schemars::JsonSchema>(path: &str, id: &str) -> Result<Generated, String> {
        let mut schema = schemars::schema_for!(T);
        schema.insert("$id".into(), serde_json::Value::String(id.into()));
        let mut text = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
        text.push('\n');
        Ok((path.to_string(), text.into_bytes()))
    }
    Ok(vec![
        one::<crate::commands::sbom::InspectReport>(
            "schemas/sbom-inspect.schema.json",
            "https://stella.invalid/schemas/sbom-inspect.schema.json",
        )?,
        one::<stella_core::sbom::validate::ValidationReport>(
            "schemas/sbom-validate.schema.json",
            "https://stella.invalid/schemas/sbom-validate.schema.json",
        )?,
        one::<stella_core::scan::Report>(
            "schemas/scan-report.schema.json",
            "https://stella.invalid/schemas/scan-report.schema.json",
        )?,
        one::<stella_core::sbom::diff::InventoryDiff>(
            "schemas/sbom-diff.schema.json",
            "https://stella.invalid/schemas/sbom-diff.schema.json",
        )?,
    ])
}

/// The sample advisories the binary embeds (`testdata/sample-advisories/` packed as a
/// deterministic tar.gz: sorted entries, mtime 0, uid/gid 0, mode 0644, gzip without a
/// timestamp). See `crate::seed`.
///
/// # Errors
/// An unreadable file.
pub fn sample_kit() -> Result<Generated, String> {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/sample-advisories");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)
            .map_err(|e| format!("{}: {e}", d.display()))?
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(&root)
                    .map_err(|e| e.to_string())?
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((rel, p));
            }
        }
    }
    files.sort();
    let gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::new(9));
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (rel, path) in files {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(0);
        h.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut h, &rel, bytes.as_slice())
            .map_err(|e| e.to_string())?;
    }
    let gz = tar.into_inner().map_err(|e| e.to_string())?;
    let bytes = gz.finish().map_err(|e| e.to_string())?;
    Ok(("kits/sample/sample-advisories.tar.gz".to_string(), bytes))
}
