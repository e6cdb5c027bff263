//! `cargo xtask`: development automation.
//!
//! - `cargo xtask gen`: write shell completions, man pages and JSON Schemas into `completions/`,
//!   `man/` and `schemas/` (the test suite fails when they are stale).
//! - `cargo xtask ci`: the CI entry (format, lints, generated files, tests), the same command the
//!   README gives.
//! - `cargo xtask bench [ingest|scan|all]`: criterion benchmarks with their medians; `scan` also
//!   times the whole `stella scan` process, its peak RSS, and cargo-audit side by side
//!   ([`scanbench`]). Not part of `ci`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand};

mod cargolock;
mod scanbench;

#[derive(Parser)]
#[command(name = "xtask", about = "Stella development tasks")]
struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate completions, man pages and JSON Schemas.
    Gen {
        /// Only check that the checked-in files are up to date (exit 1 if not).
        #[arg(long)]
        check: bool,
    },
    /// Run the whole CI suite: fmt check, clippy, generated-file check, tests.
    Ci,
    /// Run criterion benchmarks and print medians and throughput (e.g. `bench ingest`).
    Bench {
        /// Which benchmark (`ingest`, `scan`, or `all`).
        #[arg(default_value = "all")]
        which: String,
    },
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn gen_files(check: bool) -> Result<bool, String> {
    let root = root();
    let files = stella_cli::generate::all()?;
    let mut stale = Vec::new();
    for (rel, bytes) in &files {
        let path = root.join(rel);
        let current = std::fs::read(&path).ok();
        if current.as_deref() != Some(bytes.as_slice()) {
            stale.push(rel.clone());
            if !check {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("{}: {e}", parent.display()))?;
                }
                std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    if check {
        for s in &stale {
            eprintln!("stale: {s}");
        }
    } else {
        eprintln!("generated {} files ({} changed)", files.len(), stale.len());
    }
    Ok(stale.is_empty())
}

fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("$ {cmd:?}");
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {status}"))
    }
}

/// Python packages the interop tests run (validators and peers), pinned.
const INTEROP_PACKAGES: &[&str] = &[
    "cyclonedx-python-lib[json-validation]==11.12.0",
    "spdx-tools==0.8.5",
    // SARIF 2.1.0 validation against the vendored OASIS schema (`validate_sarif.py`); the
    // version cyclonedx-python-lib's `json-validation` extra resolves to, pinned explicitly.
    "jsonschema[format]==4.26.0",
];

/// The interop virtualenv: inside the target directory, so a CI cache keeps it.
fn venv_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("interop-venv")
}

/// Create (or reuse) the interop virtualenv and return its path.
fn ensure_venv() -> Result<PathBuf, String> {
    let venv = venv_dir();
    let stamp = venv.join(".stella-packages");
    let wanted = INTEROP_PACKAGES.join("\n");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(venv);
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run(Command::new(&python).arg("-m").arg("venv").arg(&venv))?;
    let pip = venv.join("bin/pip");
    run(Command::new(&pip)
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args(INTEROP_PACKAGES))?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(venv)
}

fn ci() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let venv = ensure_venv()?;
    // The interop tests find the validators here; under CI=true they fail rather than skip.
    let test = |args: &[&str]| -> Result<(), String> {
        run(Command::new(&cargo)
            .args(args)
            .env("STELLA_INTEROP_VENV", &venv))
    };
    run(Command::new(&cargo).args(["fmt", "--all", "--", "--check"]))?;
    run(Command::new(&cargo).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    if !gen_files(true)? {
        return Err("generated files are stale: run `cargo xtask gen` and commit".into());
    }
    let nextest = Command::new(&cargo)
        .args(["nextest", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if nextest {
        test(&["nextest", "run", "--workspace", "--no-fail-fast"])?;
        test(&["test", "--workspace", "--doc"])?;
    } else {
        test(&["test", "--workspace", "--no-fail-fast"])?;
    }
    Ok(())
}

/// Benchmarks: (criterion bench target in stella-core, criterion group name).
const BENCHES: &[(&str, &str)] = &[("ingest", "ingest")];

fn bench(which: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let known = || {
        BENCHES
            .iter()
            .map(|b| b.0)
            .chain(["scan"])
            .collect::<Vec<_>>()
            .join(", ")
    };
    let selected: Vec<&(&str, &str)> = BENCHES
        .iter()
        .filter(|(name, _)| which == "all" || which == *name)
        .collect();
    let scan = which == "all" || which == "scan";
    if selected.is_empty() && !scan {
        return Err(format!(
            "unknown benchmark `{which}`; known: all, {}",
            known()
        ));
    }
    let target = target_dir();
    for (bench, group) in selected {
        run(Command::new(&cargo).args(["bench", "-p", "stella-core", "--bench", bench]))?;
        report_group(&target.join("criterion").join(group))?;
    }
    if scan {
        scanbench::run(&cargo, &root(), &target)?;
    }
    Ok(())
}

/// `$CARGO_TARGET_DIR`, else `target/` in the workspace.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Print the median time and throughput of every benchmark in a criterion group directory.
fn report_group(dir: &Path) -> Result<(), String> {
    let mut rows = Vec::new();
    for entry in walk_files(dir) {
        if !entry.ends_with("new/estimates.json") {
            continue;
        }
        let bench_dir = entry
            .parent()
            .and_then(Path::parent)
            .ok_or("bad criterion layout")?;
        let est: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&entry).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        let median_ns = est["median"]["point_estimate"].as_f64().unwrap_or(f64::NAN);
        let meta: serde_json::Value = std::fs::read(bench_dir.join("new/benchmark.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let elements = meta["throughput"]["Elements"].as_f64();
        let name = meta["full_id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| bench_dir.display().to_string());
        rows.push((name, median_ns, elements));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    println!("{:<45} {:>12} {:>16}", "benchmark", "median", "throughput");
    for (name, ns, elements) in rows {
        let secs = ns / 1e9;
        let tput = elements
            .map(|e| format!("{:.0}/s", e / secs))
            .unwrap_or_default();
        println!("{name:<45} {:>11.3}s {tput:>16}", secs);
    }
    Ok(())
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(rd) = std::fs::read_dir(&d) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p)
                } else {
                    out.push(p)
                }
            }
        }
    }
    out
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match args.task {
        Task::Gen { check } => {
            gen_files(check).map(|ok| if check && !ok { Err(()) } else { Ok(()) })
        }
        Task::Ci => ci().map(Ok),
        Task::Bench { which } => bench(&which).map(Ok),
    };
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(())) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
