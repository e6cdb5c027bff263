//! Test harness: every test gets an isolated home directory and a clean environment, and runs
//! the real `stella` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent")
        .to_path_buf()
}

/// A file under `testdata/`.
pub fn testdata(rel: &str) -> PathBuf {
    repo_root().join("testdata").join(rel)
}

/// The shared real-data corpus, when present: `$STELLA_SHARED_DATA`, else the first
/// `shared/data` beside the repository or one of its ancestors (`../shared/data`,
/// `../../shared/data`, …). Tests that need it print a plain SKIP line when it is absent.
pub fn shared_data() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STELLA_SHARED_DATA").map(PathBuf::from) {
        return p.is_dir().then(|| p.canonicalize().unwrap_or(p));
    }
    let root = repo_root();
    root.ancestors()
        .skip(1)
        .map(|a| a.join("shared/data"))
        .find(|p| p.is_dir())
        .map(|p| p.canonicalize().unwrap_or(p))
}

/// Print the standard skip notice for a test that needs the shared corpus.
pub fn skip_without_shared(test: &str) {
    eprintln!(
        "SKIP {test}: ../shared/data (the real-data corpus) is not present; set STELLA_SHARED_DATA to run it"
    );
}

/// The `stella` binary under test: `$STELLA_TEST_BIN` when set (for a target directory that
/// several checkouts share, where `debug/stella` may be another checkout's build), else the one
/// cargo built for this test run.
pub fn stella_bin() -> PathBuf {
    std::env::var_os("STELLA_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stella")))
}

/// An isolated environment for running `stella`.
pub struct Stella {
    dir: tempfile::TempDir,
}

/// The outcome of one run.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Peak resident memory of the process in KiB, when measured.
    pub max_rss_kib: Option<u64>,
}

impl Stella {
    /// A fresh environment.
    pub fn new() -> Self {
        Stella {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// The environment's scratch directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A command with a clean environment (HOME and XDG dirs inside the scratch dir).
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(stella_bin());
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        c
    }

    /// Run with arguments.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut c = self.cmd();
        c.args(args);
        finish(c.output().expect("spawn stella"), None)
    }

    /// Run with arguments and measure the child's peak memory (wait4 rusage).
    pub fn run_measured<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        use std::io::Read;
        let mut c = self.cmd();
        c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn stella");
        let mut out = Vec::new();
        let mut err = Vec::new();
        // Outputs here are small (a diagnostic); read them fully before reaping.
        child
            .stdout
            .take()
            .expect("stdout")
            .read_to_end(&mut out)
            .expect("read stdout");
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_end(&mut err)
            .expect("read stderr");
        let pid = child.id() as libc::pid_t;
        let mut status: libc::c_int = 0;
        // SAFETY: a zeroed rusage is a valid value; wait4 fills it for our own child.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our unreaped child; pointers are valid for the call.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        assert_eq!(r, pid, "wait4 failed");
        let code = if libc::WIFEXITED(status) {
            Some(libc::WEXITSTATUS(status))
        } else {
            None
        };
        // std must not reap the child again.
        std::mem::forget(child);
        Run {
            code,
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
            max_rss_kib: Some(usage.ru_maxrss as u64),
        }
    }
}

fn finish(o: Output, max_rss_kib: Option<u64>) -> Run {
    Run {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        max_rss_kib,
    }
}
