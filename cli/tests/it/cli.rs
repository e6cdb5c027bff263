//! Help, version, exit codes, completions and configuration precedence.

use crate::util::Stella;

#[test]
fn version_and_help_need_nothing() {
    let s = Stella::new();
    let r = s.run(["--version"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.starts_with("stella "), "{}", r.stdout);
    let r = s.run(["--help"]);
    assert_eq!(r.code, Some(0));
    for code in [
        "10  usage error",
        "11  verification failed",
        "12  not found",
        "15  internal error",
    ] {
        assert!(r.stdout.contains(code), "help lists exit code `{code}`");
    }
}

#[test]
fn usage_errors_exit_10_not_2() {
    let s = Stella::new();
    assert_eq!(s.run(["frobnicate"]).code, Some(10));
    assert_eq!(s.run(["sbom", "inspect"]).code, Some(10));
    assert_eq!(
        s.run(["sbom", "convert", "x.json", "--to", "word"]).code,
        Some(10)
    );
}

#[test]
fn missing_file_exits_12() {
    let s = Stella::new();
    let r = s.run(["sbom", "inspect", "no-such-file.json"]);
    assert_eq!(r.code, Some(12), "{}", r.stderr);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
}

#[test]
fn completions_for_every_shell() {
    let s = Stella::new();
    for shell in ["bash", "zsh", "fish"] {
        let r = s.run(["completions", shell]);
        assert_eq!(r.code, Some(0));
        assert!(r.stdout.contains("stella"), "{shell}");
        assert!(r.stdout.contains("inspect"), "{shell}: subcommands listed");
    }
}

#[test]
fn config_list_shows_sources_and_precedence() {
    let s = Stella::new();
    std::fs::create_dir_all(s.path().join("config/stella")).unwrap();
    std::fs::write(
        s.path().join("config/stella/config.toml"),
        "offline = true\ndb = \"/file/stella.db\"\n",
    )
    .unwrap();
    let r = s.run(["config", "list"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("/file/stella.db"), "{}", r.stdout);
    assert!(r.stdout.contains("config file"), "{}", r.stdout);

    let mut c = s.cmd();
    c.args([
        "--db",
        "/flag/stella.db",
        "config",
        "list",
        "--format",
        "json",
    ])
    .env("STELLA_DB", "/env/stella.db");
    let out = c.output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["db"]["value"], "/flag/stella.db");
    assert_eq!(v["db"]["source"]["kind"], "flag");
    assert_eq!(v["offline"]["value"], true);
    assert_eq!(v["offline"]["source"]["kind"], "file");

    let mut c = s.cmd();
    c.args(["config", "list", "--format", "json"])
        .env("STELLA_DB", "/env/stella.db")
        .env("STELLA_OFFLINE", "0");
    let v: serde_json::Value = serde_json::from_slice(&c.output().unwrap().stdout).unwrap();
    assert_eq!(v["db"]["value"], "/env/stella.db");
    assert_eq!(v["offline"]["value"], false);
}

#[test]
fn invalid_config_file_is_a_clear_error() {
    let s = Stella::new();
    std::fs::create_dir_all(s.path().join("config/stella")).unwrap();
    std::fs::write(
        s.path().join("config/stella/config.toml"),
        "colour = \"never\"\n",
    )
    .unwrap();
    let r = s.run(["config", "list"]);
    assert_eq!(r.code, Some(10));
    assert!(r.stderr.contains("config file"), "{}", r.stderr);
    // --version still works with a broken config.
    assert_eq!(s.run(["--version"]).code, Some(0));
    assert_eq!(s.run(["completions", "bash"]).code, Some(0));
}
