//! The `stella` binary: everything lives in the `stella_cli` library so `xtask` can reach the
//! command definition (completions, man pages) and tests can reach the renderers.

fn main() -> std::process::ExitCode {
    stella_cli::main_entry()
}
