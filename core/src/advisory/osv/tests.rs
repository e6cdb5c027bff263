//! Tests for the OSV parser: every mapping rule and every rejection as table tests over small
//! inline records; the tricky real records (`testdata/advisory/osv/`) field by field;
//! robustness (truncation, wrong types, huge strings, YAML bombs) and property tests; and the
//! scan of every OSV record under `/work/shared/data` (skipped when that folder is absent).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::version::range::{AffectedMatch, osv_affected};

// ---------------------------------------------------------------------------------------------
// Helpers

fn read(doc: &str) -> Advisory {
    Osv::read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{doc}"))
}

fn read_bytes(doc: &[u8]) -> Advisory {
    Osv::read(doc).unwrap_or_else(|e| panic!("{e}"))
}

/// The single rejection `parse` must give.
fn rejected(doc: &str) -> Rejected {
    match Osv::parse("t.json", doc.as_bytes()).as_slice() {
        [Err(r)] => r.clone(),
        other => panic!("expected one rejection for {doc}, got {other:?}"),
    }
}

/// A record around the given `affected` entries (JSON text).
fn with_affected(affected: &str) -> String {
    format!(r#"{{"id":"TEST-1","modified":"2024-01-01T00:00:00Z","affected":[{affected}]}}"#)
}

/// One affected entry: package and one range of the given type and events.
fn entry(ecosystem: &str, name: &str, ty: &str, events: &str) -> String {
    format!(
        r#"{{"package":{{"ecosystem":"{ecosystem}","name":"{name}"}},"ranges":[{{"type":"{ty}","events":[{events}]}}]}}"#
    )
}

macro_rules! fixture {
    ($file:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/advisory/osv/",
            $file
        ))
        .as_slice()
    };
}

fn ids(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn sev(scheme: &str, value: &str, score: Option<f64>) -> Severity {
    Severity {
        scheme: scheme.into(),
        value: value.into(),
        score,
        vulnerability: None,
    }
}

fn intro(v: &str) -> Event {
    Event::Introduced(v.into())
}
fn fixed(v: &str) -> Event {
    Event::Fixed(v.into())
}

/// Is `version` affected by these package entries (their ranges and versions concatenated,
/// the OSV union the matcher takes)?
fn affected_by(scheme: VersionScheme, entries: &[&AffectedPackage], version: &str) -> bool {
    let ranges: Vec<OsvRange> = entries.iter().flat_map(|a| a.ranges.clone()).collect();
    let versions: Vec<String> = entries.iter().flat_map(|a| a.versions.clone()).collect();
    let m: AffectedMatch = osv_affected(scheme, version, &ranges, &versions)
        .unwrap_or_else(|e| panic!("{version}: {e}"));
    m.is_affected()
}

// ---------------------------------------------------------------------------------------------
// Mapping rules

#[test]
fn minimal_record_and_parser_contract() {
    let doc = r#"{"id":"OSV-2020-111","modified":"2021-03-01T00:00:00Z"}"#;
    let out = Osv::parse("OSV-2020-111.json", doc.as_bytes());
    let [Ok(rec)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert_eq!(rec.upstream_id, "OSV-2020-111");
    assert_eq!(rec.locator, "", "one record per file: no locator");
    assert_eq!(rec.raw, doc.as_bytes(), "raw is the whole file, verbatim");
    assert_eq!(rec.source_hint, "osv");
    let Normalized::Advisory(a) = &rec.normalized else {
        panic!("not an advisory")
    };
    assert_eq!(a.id, "OSV-2020-111");
    assert_eq!(a.modified.as_deref(), Some("2021-03-01T00:00:00Z"));
    assert!(a.affected.is_empty() && a.aliases.is_empty() && a.severities.is_empty());
    assert_eq!(a.published, None);
    assert_eq!(a.withdrawn, None);
}

#[test]
fn raw_keeps_bom_and_whitespace() {
    let doc =
        b"\xEF\xBB\xBF\n  {\"id\":\"GHSA-aaaa-bbbb-cccc\",\"modified\":\"2021-03-01T00:00:00Z\"}\n";
    let out = Osv::parse("x.json", doc);
    let [Ok(rec)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert_eq!(rec.raw, doc.to_vec());
    assert_eq!(rec.source_hint, "ghsa");
}

#[test]
fn source_hints_from_id_prefix() {
    let cases = [
        ("PYSEC-2021-858", "pypa"),
        ("RUSTSEC-2023-0001", "rustsec"),
        ("GO-2023-2102", "go"),
        ("GHSA-xvch-5gv4-984h", "ghsa"),
        ("UBUNTU-CVE-2017-11164", "ubuntu"),
        ("USN-5614-1", "ubuntu"),
        ("LSN-0101-1", "ubuntu"),
        ("DEBIAN-CVE-2023-1234", "debian"),
        ("DSA-5380-1", "debian"),
        ("DLA-3022-1", "debian"),
        ("ALPINE-CVE-2025-26519", "alpine"),
        ("CVE-2021-44228", "cve"),
        ("OSV-2020-111", "osv"),
        ("MAL-2024-1", "mal"),
        // Case-insensitive prefixes, lowercased output.
        ("pysec-2021-1", "pypa"),
        ("Curl-CVE-2023-1", "curl"),
        // No prefix, or one that is not a plain word: the generic name.
        ("20210101", "osv"),
        ("-1", "osv"),
        ("a b-1", "osv"),
        ("", "osv"),
    ];
    for (id, want) in cases {
        assert_eq!(source_hint(id), want, "{id}");
    }
}

#[test]
fn aliases_related_and_upstream_stay_apart() {
    let a = read(
        r#"{"schema_version":"1.7.0","id":"UBUNTU-CVE-2021-3782","modified":"2026-01-01T00:00:00Z",
            "aliases":["GHSA-2","CVE-B","GHSA-2"],
            "related":["USN-5614-2",{"type":"SIMILAR_TO","id":"USN-5614-1"}],
            "upstream":["CVE-2021-3782"]}"#,
    );
    // Sorted sets; duplicates collapse.
    assert_eq!(a.aliases, ids(&["CVE-B", "GHSA-2"]));
    // The object form of `related` (proposed after 1.7) gives its `id`.
    assert_eq!(a.related, ids(&["USN-5614-1", "USN-5614-2"]));
    assert_eq!(a.upstream, ids(&["CVE-2021-3782"]));
}

#[test]
fn null_means_absent() {
    let a = read(
        r#"{"id":"GO-1","modified":"2024-01-01T00:00:00Z","aliases":null,"related":null,
            "summary":null,"withdrawn":null,"severity":null,"affected":null,"references":null,
            "database_specific":null}"#,
    );
    assert!(a.aliases.is_empty() && a.related.is_empty() && a.affected.is_empty());
    assert_eq!(a.summary, None);
    assert_eq!(a.withdrawn, None);
}

#[test]
fn schema_versions() {
    for (sv, want) in [
        (None, Ok(())),
        (Some(r#""1.0.0""#), Ok(())),
        (Some(r#""1.3.1""#), Ok(())),
        (Some(r#""1.7.4""#), Ok(())),
        (Some(r#""1.8.0-rc1""#), Ok(())),
        (
            Some(r#""2.0.0""#),
            Err(
                "`/schema_version`: unsupported OSV schema version `2.0.0` (this reader knows 1.x)",
            ),
        ),
        (
            Some(r#""1.7""#),
            Err("`/schema_version`: `1.7` is not a SemVer version"),
        ),
        (
            Some("1.7"),
            Err("`/schema_version`: expected a string, got number 1.7"),
        ),
    ] {
        let sv_field = sv.map_or(String::new(), |s| format!(r#""schema_version":{s},"#));
        let doc = format!(r#"{{{sv_field}"id":"X-1","modified":"2024-01-01T00:00:00Z"}}"#);
        match want {
            Ok(()) => {
                read(&doc);
            }
            Err(reason) => assert_eq!(rejected(&doc).reason, reason, "{doc}"),
        }
    }
}

#[test]
fn timestamps_kept_as_written() {
    let a = read(
        r#"{"id":"X-1","modified":"2023-06-27T18:49:56.911238Z","published":"0001-01-01T00:00:00Z",
            "withdrawn":"2023-06-06T10:37:00+02:00"}"#,
    );
    assert_eq!(a.modified.as_deref(), Some("2023-06-27T18:49:56.911238Z"));
    // Go writes the zero time when it has none; it is a valid timestamp.
    assert_eq!(a.published.as_deref(), Some("0001-01-01T00:00:00Z"));
    assert_eq!(a.withdrawn.as_deref(), Some("2023-06-06T10:37:00+02:00"));
}

#[test]
fn ranges_are_kept_as_events() {
    let a = read(&with_affected(
        r#"{"package":{"ecosystem":"PyPI","name":"werkzeug","purl":"pkg:pypi/werkzeug"},
            "ranges":[
              {"type":"GIT","repo":"https://github.com/pallets/werkzeug",
               "events":[{"introduced":"0"},{"fixed":"f2300208d5e2a5076cb8d6b4f7bdcd0f1c3d3af4"}]},
              {"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.2.3"},
                                            {"introduced":"2.3.0"},{"fixed":"2.3.8"}]},
              {"type":"ECOSYSTEM","events":[{"introduced":"3.0.0"},{"fixed":"2.2.3"}]},
              {"type":"ECOSYSTEM","events":[{"introduced":"0"},{"last_affected":"0.9"}]},
              {"type":"ECOSYSTEM","events":[{"introduced":"1.0"},{"limit":"1.5"},{"limit":"*"}]},
              {"type":"ECOSYSTEM","events":[{"introduced":"4.0"}]}],
            "versions":["0.1","not a PEP 440 version"]}"#,
    ));
    let p = &a.affected[0];
    assert_eq!(p.ranges.len(), 6);
    assert_eq!(p.ranges[0].kind, RangeKind::Git);
    assert_eq!(
        p.ranges[0].repo.as_deref(),
        Some("https://github.com/pallets/werkzeug")
    );
    // Commit hashes are kept, never validated as versions.
    assert_eq!(
        p.ranges[0].events[1],
        fixed("f2300208d5e2a5076cb8d6b4f7bdcd0f1c3d3af4")
    );
    assert_eq!(
        p.ranges[1].events,
        vec![intro("0"), fixed("2.2.3"), intro("2.3.0"), fixed("2.3.8")]
    );
    assert_eq!(p.ranges[3].events[1], Event::LastAffected("0.9".into()));
    assert_eq!(
        p.ranges[4].events[1..],
        [Event::Limit("1.5".into()), Event::Limit("*".into())]
    );
    // Open-ended: kept as written.
    assert_eq!(p.ranges[5].events, vec![intro("4.0")]);
    // Fixed versions of the non-GIT ranges, each once, in first-seen order (no commit hash).
    assert_eq!(p.fixed, vec!["2.2.3".to_string(), "2.3.8".to_string()]);
    // Listed versions are kept as written, unvalidated (the evaluator tolerates bad ones).
    assert_eq!(p.versions, vec!["0.1", "not a PEP 440 version"]);
}

#[test]
fn event_versions_are_validated_with_the_ecosystem_comparator() {
    let cases: &[(&str, &str, &str, Result<(), &str>)] = &[
        (
            "PyPI",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"1.4.7.dev3"}"#,
            Ok(()),
        ),
        (
            "PyPI",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"abc"}"#,
            Err(
                "`/affected/0/ranges/0/events/1/fixed`: fixed `abc` is not a valid PEP 440 version",
            ),
        ),
        (
            "PyPI",
            "ECOSYSTEM",
            r#"{"introduced":"one"}"#,
            Err(
                "`/affected/0/ranges/0/events/0/introduced`: introduced `one` is not a valid PEP 440 version",
            ),
        ),
        // `limit: "*"` is "no limit", not a version.
        (
            "PyPI",
            "ECOSYSTEM",
            r#"{"introduced":"1.0"},{"limit":"*"}"#,
            Ok(()),
        ),
        (
            "crates.io",
            "SEMVER",
            r#"{"introduced":"0.0.0-0"},{"fixed":"0.14.10"}"#,
            Ok(()),
        ),
        (
            "crates.io",
            "SEMVER",
            r#"{"introduced":"0.0.0-0"},{"fixed":"1.x"}"#,
            Err("`/affected/0/ranges/0/events/1/fixed`: fixed `1.x` is not a valid SemVer version"),
        ),
        // Go: no `v`, pre-release markers and pseudo-versions.
        (
            "Go",
            "SEMVER",
            r#"{"introduced":"1.18.0-0"},{"fixed":"1.18.2"}"#,
            Ok(()),
        ),
        (
            "Go",
            "SEMVER",
            r#"{"introduced":"0"},{"fixed":"0.0.0-20220412211240-33da011f77ad"}"#,
            Ok(()),
        ),
        (
            "Go",
            "SEMVER",
            r#"{"introduced":"3.7.0+incompatible"}"#,
            Ok(()),
        ),
        (
            "npm",
            "ECOSYSTEM",
            r#"{"introduced":"1.0.0"},{"fixed":"1.2.6"}"#,
            Ok(()),
        ),
        (
            "Maven",
            "ECOSYSTEM",
            r#"{"introduced":"2.10.0"},{"fixed":"2.12.6.1"}"#,
            Ok(()),
        ),
        (
            "NuGet",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"2.29.2"}"#,
            Ok(()),
        ),
        (
            "Debian:11",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"1:2.4.47-2+deb11u1"}"#,
            Ok(()),
        ),
        (
            "Ubuntu:22.04:LTS",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"1.20.0-1ubuntu0.1"}"#,
            Ok(()),
        ),
        (
            "Alpine:v3.16",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"1.2.3-r4"}"#,
            Ok(()),
        ),
        (
            "RubyGems",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"1.2.3.pre"}"#,
            Ok(()),
        ),
        (
            "Packagist",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"5.4.1"}"#,
            Ok(()),
        ),
        // Unknown ecosystems are kept and not validated.
        (
            "Hackage",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"not a version"}"#,
            Ok(()),
        ),
        // GIT ranges hold commits: never validated.
        (
            "PyPI",
            "GIT",
            r#"{"introduced":"0"},{"fixed":"deadbeef"}"#,
            Ok(()),
        ),
    ];
    for (eco, ty, events, want) in cases {
        let mut e = entry(eco, "org.example:pkg", ty, events);
        if *ty == "GIT" {
            e = e.replace(r#""type":"GIT""#, r#""type":"GIT","repo":"https://x/y""#);
        }
        let doc = with_affected(&e);
        match want {
            Ok(()) => {
                read(&doc);
            }
            // The comparator's own explanation follows after a colon.
            Err(reason) => {
                let got = rejected(&doc).reason;
                assert!(
                    got.starts_with(&format!("{reason}: ")),
                    "{eco} {events}: {got}"
                );
            }
        }
    }
}

#[test]
fn package_identity() {
    struct Case {
        ecosystem: &'static str,
        name: &'static str,
        purl: Option<&'static str>,
        want_eco: Option<Ecosystem>,
        want_release: Option<&'static str>,
        want_key: &'static str,
    }
    let cases = [
        // PEP 503 name key; the name itself stays as written.
        Case {
            ecosystem: "PyPI",
            name: "Ruamel.YAML__clib",
            purl: None,
            want_eco: Some(Ecosystem::PyPI),
            want_release: None,
            want_key: "ruamel-yaml-clib",
        },
        Case {
            ecosystem: "crates.io",
            name: "tokio",
            purl: Some("pkg:cargo/tokio"),
            want_eco: Some(Ecosystem::Cargo),
            want_release: None,
            want_key: "tokio",
        },
        Case {
            ecosystem: "Maven",
            name: "com.fasterxml.jackson.core:jackson-databind",
            purl: None,
            want_eco: Some(Ecosystem::Maven),
            want_release: None,
            want_key: "com.fasterxml.jackson.core:jackson-databind",
        },
        // A Maven repository suffix does not change the ecosystem.
        Case {
            ecosystem: "Maven:https://maven.google.com",
            name: "androidx.core:core",
            purl: None,
            want_eco: Some(Ecosystem::Maven),
            want_release: None,
            want_key: "androidx.core:core",
        },
        // Go's pseudo-modules are ordinary names.
        Case {
            ecosystem: "Go",
            name: "stdlib",
            purl: None,
            want_eco: Some(Ecosystem::Go),
            want_release: None,
            want_key: "stdlib",
        },
        Case {
            ecosystem: "Go",
            name: "toolchain",
            purl: None,
            want_eco: Some(Ecosystem::Go),
            want_release: None,
            want_key: "toolchain",
        },
        Case {
            ecosystem: "NuGet",
            name: "Moment.js",
            purl: None,
            want_eco: Some(Ecosystem::NuGet),
            want_release: None,
            want_key: "moment.js",
        },
        // Distribution releases.
        Case {
            ecosystem: "Debian:11",
            name: "openssl",
            purl: Some("pkg:deb/debian/openssl?arch=source"),
            want_eco: Some(Ecosystem::Debian),
            want_release: Some("11"),
            want_key: "openssl",
        },
        Case {
            ecosystem: "Alpine:v3.16",
            name: "musl",
            purl: None,
            want_eco: Some(Ecosystem::Alpine),
            want_release: Some("v3.16"),
            want_key: "musl",
        },
        Case {
            ecosystem: "Ubuntu:Pro:18.04:LTS",
            name: "pcre3",
            purl: Some("pkg:deb/ubuntu/pcre3?arch=source&distro=bionic"),
            want_eco: Some(Ecosystem::Ubuntu),
            want_release: Some("18.04"),
            want_key: "pcre3",
        },
        // Unknown to Stella: kept, never matched.
        Case {
            ecosystem: "Hackage",
            name: "Aeson",
            purl: None,
            want_eco: None,
            want_release: None,
            want_key: "Aeson",
        },
        // An ecosystem string Stella does not know, but a purl it does: the purl decides.
        Case {
            ecosystem: "Root:Alpine:3.18",
            name: "root-openssl",
            purl: Some("pkg:apk/alpine/root-openssl"),
            want_eco: Some(Ecosystem::Alpine),
            want_release: None,
            want_key: "root-openssl",
        },
    ];
    for c in cases {
        let purl = c
            .purl
            .map_or(String::new(), |p| format!(r#","purl":"{p}""#));
        let doc = with_affected(&format!(
            r#"{{"package":{{"ecosystem":"{}","name":"{}"{purl}}},"versions":["1"]}}"#,
            c.ecosystem, c.name
        ));
        let a = read(&doc);
        let p = &a.affected[0];
        assert_eq!(p.ecosystem, c.want_eco, "{}", c.ecosystem);
        assert_eq!(p.ecosystem_raw, c.ecosystem);
        assert_eq!(
            p.distro_release.as_deref(),
            c.want_release,
            "{}",
            c.ecosystem
        );
        assert_eq!(p.name, c.name);
        assert_eq!(p.name_key, c.want_key);
        assert_eq!(p.purl.as_deref(), c.purl, "the purl is kept as written");
    }
}

#[test]
fn an_invalid_purl_is_dropped_not_fatal() {
    let a = read(&with_affected(
        r#"{"package":{"ecosystem":"PyPI","name":"Flask","purl":"pypi/flask"},"versions":["1.0"]}"#,
    ));
    let p = &a.affected[0];
    assert_eq!(p.purl, None);
    assert_eq!(
        (p.ecosystem, p.name_key.as_str()),
        (Some(Ecosystem::PyPI), "flask")
    );
    // Type errors still reject.
    let r = rejected(&with_affected(
        r#"{"package":{"ecosystem":"PyPI","name":"Flask","purl":7}}"#,
    ));
    assert_eq!(
        r.reason,
        "`/affected/0/package/purl`: expected a string, got number 7"
    );
}

#[test]
fn affected_without_package_keeps_its_git_ranges() {
    let a = read(&with_affected(
        r#"{"ranges":[{"type":"GIT","repo":"https://github.com/curl/curl",
            "events":[{"introduced":"0"},{"fixed":"abc123"}]}]}"#,
    ));
    let p = &a.affected[0];
    assert_eq!(p.ecosystem, None);
    assert_eq!((p.name.as_str(), p.ecosystem_raw.as_str()), ("", ""));
    assert_eq!(p.ranges[0].kind, RangeKind::Git);
    assert!(p.fixed.is_empty(), "commits are not fix versions");
}

#[test]
fn several_entries_for_one_package_stay_separate() {
    let a = read(&with_affected(&format!(
        "{},{}",
        entry(
            "npm",
            "minimist",
            "ECOSYSTEM",
            r#"{"introduced":"1.0.0"},{"fixed":"1.2.6"}"#
        ),
        entry(
            "npm",
            "minimist",
            "ECOSYSTEM",
            r#"{"introduced":"0"},{"fixed":"0.2.4"}"#
        )
    )));
    assert_eq!(a.affected.len(), 2);
    assert_eq!(a.affected[0].fixed, vec!["1.2.6"]);
    assert_eq!(a.affected[1].fixed, vec!["0.2.4"]);
}

#[test]
fn severities_kept_verbatim_with_computed_scores() {
    let a = read(
        r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z",
          "severity":[
            {"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
            {"type":"CVSS_V3","score":"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"},
            {"type":"CVSS_V2","score":"AV:N/AC:L/Au:N/C:P/I:P/A:P"},
            {"type":"CVSS_V4","score":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
            {"type":"CVSS_V2","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
            {"type":"CVSS_V3","score":"not a vector"},
            {"type":"Ubuntu","score":"medium"},
            {"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
          "affected":[{"package":{"ecosystem":"npm","name":"a"},
             "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "ecosystem_specific":{"severity":"moderate","ubuntu_priority":"negligible"},
             "database_specific":{"severity":{"not":"a label"}}}],
          "database_specific":{"severity":"HIGH","cwe_ids":["CWE-79","CWE-20",""]}}"#,
    );
    assert_eq!(
        a.severities,
        vec![
            sev(
                "CVSS_V3",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                Some(9.8)
            ),
            sev(
                "CVSS_V3",
                "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
                Some(7.5)
            ),
            sev("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P", Some(7.5)),
            sev(
                "CVSS_V4",
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                Some(9.3)
            ),
            // A vector of another version than its type says: kept, no score.
            sev(
                "CVSS_V2",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                None
            ),
            sev("CVSS_V3", "not a vector", None),
            sev("Ubuntu", "medium", None),
            // The repeated top-level vector and the per-package copy are listed once.
            sev("label", "HIGH", None),
            sev("label", "moderate", None),
            sev("Ubuntu", "negligible", None),
            // The object under database_specific.severity is not a label: ignored.
        ]
    );
    assert_eq!(a.cwes, ids(&["CWE-20", "CWE-79"]));
}

#[test]
fn free_form_database_content_is_read_only_when_well_shaped() {
    let a = read(
        r#"{"id":"RUSTSEC-1","modified":"2024-01-01T00:00:00Z",
            "affected":[{"package":{"ecosystem":"crates.io","name":"a"},
                         "database_specific":{"informational":"unsound","cvss":null}},
                        {"package":{"ecosystem":"crates.io","name":"b"},
                         "database_specific":{"informational":null}},
                        {"package":{"ecosystem":"crates.io","name":"c"},
                         "database_specific":{"informational":["notice"]}}],
            "database_specific":{"cwe_ids":"CWE-1","severity":7}}"#,
    );
    assert_eq!(a.affected[0].informational.as_deref(), Some("unsound"));
    assert_eq!(a.affected[1].informational, None);
    assert_eq!(a.affected[2].informational, None);
    assert!(a.cwes.is_empty() && a.severities.is_empty());
}

#[test]
fn withdrawn_and_references() {
    let a = read(
        r#"{"id":"PYSEC-2023-73","modified":"2023-06-27T18:49:56.911238Z",
            "withdrawn":"2023-06-06T10:37:00Z","summary":"gone",
            "references":[{"type":"EVIDENCE","url":"https://e/1"},{"type":"NEW_KIND","url":"https://e/2"}]}"#,
    );
    assert_eq!(a.withdrawn.as_deref(), Some("2023-06-06T10:37:00Z"));
    assert_eq!(a.summary.as_deref(), Some("gone"));
    assert_eq!(
        a.references,
        vec![
            Reference {
                kind: "EVIDENCE".into(),
                url: "https://e/1".into()
            },
            // Reference types newer than this reader are kept as written.
            Reference {
                kind: "NEW_KIND".into(),
                url: "https://e/2".into()
            },
        ]
    );
}

#[test]
fn yaml_and_json_read_the_same() {
    // PyPA style: unquoted timestamps (YAML 1.2 core schema: strings), `'0'` quoted.
    let yaml = "id: PYSEC-2099-1\nmodified: 2023-01-02T03:04:05.123456Z\npublished: '2023-01-01T00:00:00Z'\n\
                aliases:\n- CVE-2099-1\naffected:\n- package:\n    name: Flask\n    ecosystem: PyPI\n    purl: pkg:pypi/flask\n  \
                ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: '0'\n    - fixed: 2.2.5\n  versions:\n  - 0.1\n  - '2.0'\n";
    let json = r#"{"id":"PYSEC-2099-1","modified":"2023-01-02T03:04:05.123456Z","published":"2023-01-01T00:00:00Z",
        "aliases":["CVE-2099-1"],"affected":[{"package":{"name":"Flask","ecosystem":"PyPI","purl":"pkg:pypi/flask"},
        "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.2.5"}]}],"versions":["0.1","2.0"]}]}"#;
    let from_yaml = Osv::read(yaml.as_bytes());
    // YAML reads `0.1` (unquoted) as a number: a real defect, named with its pointer.
    assert_eq!(
        from_yaml.unwrap_err().to_string(),
        "`/affected/0/versions/0`: expected a string, got number 0.1"
    );
    let yaml = yaml.replace("  - 0.1\n", "  - '0.1'\n");
    assert_eq!(read(&yaml), read(json));
    let out = Osv::parse("PYSEC-2099-1.yaml", yaml.as_bytes());
    let [Ok(rec)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert_eq!(rec.raw, yaml.as_bytes());
    assert_eq!(rec.source_hint, "pypa");
}

// ---------------------------------------------------------------------------------------------
// Rejections

#[test]
fn rejections_name_the_defect() {
    let ok_pkg = r#""package":{"ecosystem":"PyPI","name":"a"}"#;
    let cases: Vec<(String, Option<&str>, &str)> = vec![
        (
            r#"["not","a","record"]"#.into(),
            None,
            "document: expected an object, got an array",
        ),
        (
            r#"{"modified":"2024-01-01T00:00:00Z"}"#.into(),
            None,
            "`/id`: required field is missing",
        ),
        (
            r#"{"id":17,"modified":"2024-01-01T00:00:00Z"}"#.into(),
            None,
            "`/id`: expected a string, got number 17",
        ),
        (
            r#"{"id":" ","modified":"2024-01-01T00:00:00Z"}"#.into(),
            Some(" "),
            "`/id`: must not be empty",
        ),
        (
            r#"{"id":"X-1"}"#.into(),
            Some("X-1"),
            "`/modified`: required field is missing",
        ),
        (
            r#"{"id":"X-1","modified":"yesterday"}"#.into(),
            Some("X-1"),
            "`/modified`: `yesterday` is not an RFC 3339 timestamp",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","withdrawn":true}"#.into(),
            Some("X-1"),
            "`/withdrawn`: expected a string, got boolean true",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","aliases":"CVE-1"}"#.into(),
            Some("X-1"),
            "`/aliases`: expected an array, got a string",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","aliases":["CVE-1",2]}"#.into(),
            Some("X-1"),
            "`/aliases/1`: expected a string, got number 2",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","related":[{"type":"SIMILAR_TO"}]}"#
                .into(),
            Some("X-1"),
            "`/related/0/id`: required field is missing",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","upstream":[""]}"#.into(),
            Some("X-1"),
            "`/upstream/0`: an id must not be empty",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","summary":["a"]}"#.into(),
            Some("X-1"),
            "`/summary`: expected a string, got an array",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":{}}"#.into(),
            Some("X-1"),
            "`/affected`: expected an array, got an object",
        ),
        (
            with_affected("{}"),
            Some("TEST-1"),
            "`/affected/0`: an affected entry needs a `package` or `ranges`; it has neither",
        ),
        (
            with_affected(r#"{"versions":["1.0"]}"#),
            Some("TEST-1"),
            "`/affected/0`: an affected entry needs a `package` or `ranges`; it has neither",
        ),
        (
            with_affected(r#"{"package":{"ecosystem":"PyPI"}}"#),
            Some("TEST-1"),
            "`/affected/0/package/name`: required field is missing",
        ),
        (
            with_affected(r#"{"package":{"ecosystem":"","name":"a"}}"#),
            Some("TEST-1"),
            "`/affected/0/package/ecosystem`: must not be empty",
        ),
        (
            with_affected(r#"{"package":"PyPI/a"}"#),
            Some("TEST-1"),
            "`/affected/0/package`: expected an object, got a string",
        ),
        (
            with_affected(r#"{"package":{"ecosystem":"Maven","name":"jackson-databind"}}"#),
            Some("TEST-1"),
            "`/affected/0/package/name`: Maven package name `jackson-databind` is not `groupId:artifactId`",
        ),
        (
            with_affected(
                r#"{"package":{"ecosystem":"NuGet","name":"Moment.js","purl":"pkg:npm/moment"}}"#,
            ),
            Some("TEST-1"),
            "`/affected/0/package/purl`: purl `pkg:npm/moment` is a npm package but package.ecosystem `NuGet` is nuget",
        ),
        (
            with_affected(&format!(r#"{{{ok_pkg},"versions":[1.0]}}"#)),
            Some("TEST-1"),
            "`/affected/0/versions/0`: expected a string, got number 1.0",
        ),
        (
            with_affected(&entry("PyPI", "a", "RANGE", r#"{"introduced":"0"}"#)),
            Some("TEST-1"),
            "`/affected/0/ranges/0/type`: unknown range type `RANGE` (expected ECOSYSTEM, SEMVER or GIT)",
        ),
        (
            with_affected(&entry("PyPI", "a", "semver", r#"{"introduced":"0"}"#)),
            Some("TEST-1"),
            "`/affected/0/ranges/0/type`: unknown range type `semver` (expected ECOSYSTEM, SEMVER or GIT)",
        ),
        (
            with_affected(&format!(r#"{{{ok_pkg},"ranges":[{{"events":[]}}]}}"#)),
            Some("TEST-1"),
            "`/affected/0/ranges/0/type`: required field is missing",
        ),
        (
            with_affected(&format!(
                r#"{{{ok_pkg},"ranges":[{{"type":"ECOSYSTEM"}}]}}"#
            )),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events`: required field is missing",
        ),
        (
            with_affected(&entry("PyPI", "a", "ECOSYSTEM", "")),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events`: a range needs at least one `introduced` event",
        ),
        (
            with_affected(&entry("PyPI", "a", "ECOSYSTEM", r#"{"fixed":"1.0"}"#)),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events`: a range needs at least one `introduced` event",
        ),
        (
            with_affected(&entry(
                "PyPI",
                "a",
                "ECOSYSTEM",
                r#"{"introduced":"0","fixed":"1.0"}"#,
            )),
            Some("TEST-1"),
            // Keys in sorted order (serde_json's map).
            "`/affected/0/ranges/0/events/0`: an event has exactly one of introduced, fixed, last_affected, limit; got {fixed, introduced}",
        ),
        (
            with_affected(&entry("PyPI", "a", "ECOSYSTEM", "{}")),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events/0`: an event has exactly one of introduced, fixed, last_affected, limit; got {}",
        ),
        (
            with_affected(&entry(
                "PyPI",
                "a",
                "ECOSYSTEM",
                r#"{"introduced":"0"},{"patched":"1.0"}"#,
            )),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events/1`: unknown event `patched` (expected introduced, fixed, last_affected or limit)",
        ),
        (
            with_affected(&entry("PyPI", "a", "ECOSYSTEM", r#"{"introduced":0}"#)),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events/0/introduced`: expected a string, got number 0",
        ),
        (
            with_affected(&entry("PyPI", "a", "ECOSYSTEM", r#"{"introduced":""}"#)),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events/0/introduced`: an event version must not be empty",
        ),
        (
            with_affected(&entry(
                "PyPI",
                "a",
                "ECOSYSTEM",
                r#"{"introduced":"0"},"1.0""#,
            )),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events/1`: expected an object, got a string",
        ),
        (
            with_affected(&entry("PyPI", "a", "GIT", r#"{"introduced":"0"}"#)),
            Some("TEST-1"),
            "`/affected/0/ranges/0/repo`: a GIT range needs its `repo`",
        ),
        (
            with_affected(&entry(
                "PyPI",
                "a",
                "ECOSYSTEM",
                r#"{"introduced":"0"},{"fixed":"1.0"},{"last_affected":"1.1"}"#,
            )),
            Some("TEST-1"),
            "`/affected/0/ranges/0/events`: a range may have `fixed` or `last_affected` events, not both",
        ),
        (
            with_affected(&format!(
                r#"{{{ok_pkg},"severity":[{{"type":"CVSS_V3"}}]}}"#
            )),
            Some("TEST-1"),
            "`/affected/0/severity/0/score`: required field is missing",
        ),
        (
            with_affected(&format!(r#"{{{ok_pkg},"ecosystem_specific":[]}}"#)),
            Some("TEST-1"),
            "`/affected/0/ecosystem_specific`: expected an object, got an array",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","references":[{"type":"WEB"}]}"#
                .into(),
            Some("X-1"),
            "`/references/0/url`: required field is missing",
        ),
        (
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","database_specific":"x"}"#.into(),
            Some("X-1"),
            "`/database_specific`: expected an object, got a string",
        ),
    ];
    for (doc, want_id, want_reason) in cases {
        let r = rejected(&doc);
        assert_eq!(r.reason, want_reason, "{doc}");
        assert_eq!(r.upstream_id.as_deref(), want_id, "{doc}");
        assert_eq!(r.locator, "");
    }
}

#[test]
fn unreadable_documents_are_one_rejection() {
    let cases: &[(&[u8], &str)] = &[
        (
            br#"{"id":"X-1","modified":"2024-01-01T00:00:00Z""#,
            "not well-formed JSON: EOF while parsing an object (line 1, column 45)",
        ),
        (
            br#"{"id":"X-1","id":"X-2","modified":"2024-01-01T00:00:00Z"}"#,
            "not well-formed JSON: duplicate key `id`",
        ),
        (
            b"{\"id\":\"X-\xff\"}",
            "not well-formed JSON: invalid unicode",
        ),
        (b"id: [unclosed\n", "not well-formed YAML"),
        (b"", "document: expected an object, got null"),
        // Duplicate keys are refused in YAML too (two readers must not see different records).
        (
            b"id: A-1\nid: A-2\nmodified: '2024-01-01T00:00:00Z'\n",
            "not well-formed YAML: duplicate entry with key \"id\"",
        ),
        (
            b"just some text",
            "document: expected an object, got a string",
        ),
        (
            b"id: A-1\n---\nid: A-2\n",
            "not well-formed YAML: deserializing from YAML containing more than one document is not supported",
        ),
    ];
    for (doc, want) in cases {
        let out = Osv::parse("doc", doc);
        let [Err(r)] = out.as_slice() else {
            panic!("{out:?}")
        };
        assert!(
            r.reason.starts_with(want),
            "{}: {}",
            String::from_utf8_lossy(doc),
            r.reason
        );
        assert_eq!(r.locator, "");
        assert_eq!(r.upstream_id, None);
    }
}

// ---------------------------------------------------------------------------------------------
// Robustness

fn fixtures() -> Vec<(&'static str, &'static [u8])> {
    vec![
        (
            "GHSA-8hfj-j24r-96c4.json",
            fixture!("GHSA-8hfj-j24r-96c4.json"),
        ),
        (
            "GHSA-xvch-5gv4-984h.json",
            fixture!("GHSA-xvch-5gv4-984h.json"),
        ),
        ("GO-2020-0017.json", fixture!("GO-2020-0017.json")),
        ("GO-2022-0493.json", fixture!("GO-2022-0493.json")),
        ("GO-2023-2102.json", fixture!("GO-2023-2102.json")),
        ("GO-2024-2730.json", fixture!("GO-2024-2730.json")),
        ("PYSEC-2022-42969.yaml", fixture!("PYSEC-2022-42969.yaml")),
        ("PYSEC-2022-43012.yaml", fixture!("PYSEC-2022-43012.yaml")),
        ("PYSEC-2023-73.yaml", fixture!("PYSEC-2023-73.yaml")),
        ("RUSTSEC-2020-0053.json", fixture!("RUSTSEC-2020-0053.json")),
        ("RUSTSEC-2021-0078.json", fixture!("RUSTSEC-2021-0078.json")),
        ("RUSTSEC-2023-0001.json", fixture!("RUSTSEC-2023-0001.json")),
        ("RUSTSEC-2024-0404.json", fixture!("RUSTSEC-2024-0404.json")),
        (
            "UBUNTU-CVE-2013-2208.json",
            fixture!("UBUNTU-CVE-2013-2208.json"),
        ),
        (
            "UBUNTU-CVE-2017-11164.json",
            fixture!("UBUNTU-CVE-2017-11164.json"),
        ),
        ("USN-5614-1.json", fixture!("USN-5614-1.json")),
    ]
}

#[test]
fn every_fixture_sniffs_and_parses() {
    for (name, bytes) in fixtures() {
        assert!(Osv::sniff(name, bytes), "{name}");
        let out = Osv::parse(name, bytes);
        let [Ok(rec)] = out.as_slice() else {
            panic!("{name}: {out:?}")
        };
        assert_eq!(
            format!("{}.", rec.upstream_id),
            name[..=rec.upstream_id.len()]
        );
        assert_eq!(rec.raw, bytes);
    }
}

#[test]
fn truncated_documents_never_panic() {
    for (name, bytes) in fixtures() {
        for cut in 0..bytes.len() {
            let out = Osv::parse(name, &bytes[..cut]);
            assert_eq!(out.len(), 1, "{name} cut at {cut}");
            // A cut JSON object is never a record; a cut YAML document may still be one.
            if name.ends_with(".json") {
                assert!(out[0].is_err(), "{name} cut at {cut}");
            }
            Osv::sniff(name, &bytes[..cut]);
        }
    }
}

#[test]
fn huge_strings_and_absurd_versions_are_handled() {
    let long = "9".repeat(100_000);
    let letters = "a".repeat(100_000);
    let docs = [
        format!(r#"{{"id":"{letters}","modified":"2024-01-01T00:00:00Z"}}"#),
        with_affected(&entry(
            "PyPI",
            &letters,
            "ECOSYSTEM",
            r#"{"introduced":"0"}"#,
        )),
        with_affected(&entry(&letters, "a", "ECOSYSTEM", r#"{"introduced":"0"}"#)),
        with_affected(&entry(
            "PyPI",
            "a",
            "ECOSYSTEM",
            &format!(r#"{{"introduced":"{long}"}}"#),
        )),
        with_affected(&entry(
            "crates.io",
            "a",
            "SEMVER",
            &format!(r#"{{"introduced":"{long}.0.0"}}"#),
        )),
        with_affected(&entry(
            "Go",
            "a",
            "SEMVER",
            &format!(r#"{{"introduced":"1.0.0-{letters}"}}"#),
        )),
        with_affected(&entry(
            "Debian:11",
            "a",
            "ECOSYSTEM",
            &format!(r#"{{"introduced":"{long}:1-1"}}"#),
        )),
        with_affected(&entry(
            "Maven",
            "g:a",
            "ECOSYSTEM",
            &format!(r#"{{"introduced":"{letters}"}}"#),
        )),
        with_affected(&entry(
            "PyPI",
            "a",
            "ECOSYSTEM",
            &format!(r#"{{"{letters}":"1"}}"#),
        )),
        with_affected(&format!(
            r#"{{"package":{{"ecosystem":"PyPI","name":"a","purl":"pkg:pypi/{letters}"}}}}"#
        )),
        format!(r#"{{"id":"X-1","modified":"{letters}"}}"#),
        format!(
            r#"{{"id":"X-1","modified":"2024-01-01T00:00:00Z","severity":[{{"type":"CVSS_V3","score":"CVSS:3.1/{letters}"}}]}}"#
        ),
    ];
    for doc in &docs {
        let out = Osv::parse("big.json", doc.as_bytes());
        assert_eq!(out.len(), 1);
        if let Err(r) = &out[0] {
            // Reasons quote clipped excerpts of the values, never 100k characters.
            assert!(r.reason.len() < 1_000, "{}", &r.reason[..200]);
        }
    }
}

#[test]
fn nesting_and_yaml_bombs_are_bounded() {
    let deep = format!(
        r#"{{"id":"X-1","modified":"2024-01-01T00:00:00Z","database_specific":{}{}}}"#,
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let r = rejected(&deep);
    assert!(r.reason.contains("nesting"), "{}", r.reason);

    // "Billion laughs": aliases that expand exponentially must fail fast, not allocate.
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..9u8 {
        let prev = (b'a' + i) as char;
        let next = (b'b' + i) as char;
        bomb.push_str(&format!(
            "{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("id: X-1\nmodified: 2024-01-01T00:00:00Z\n");
    let start = std::time::Instant::now();
    let out = Osv::parse("bomb.yaml", bomb.as_bytes());
    assert_eq!(out.len(), 1);
    // Sniffing may say "OSV" (it has `id` and `modified`); reading refuses the expansion.
    let Err(r) = &out[0] else {
        panic!("{:?}", out[0])
    };
    assert!(r.reason.starts_with("not well-formed YAML"), "{}", r.reason);
    Osv::sniff("bomb.yaml", bomb.as_bytes());
    assert!(start.elapsed().as_secs() < 10);
}

#[test]
fn sniff_by_content() {
    let cases: &[(&str, &[u8], bool)] = &[
        (
            "a.json",
            br#"{"id":"GO-1","modified":"2024-01-01T00:00:00Z"}"#,
            true,
        ),
        ("a.json", br#"{"schema_version":"1.7.0","id":"X-1"}"#, true),
        // Withdrawn or invalid records may have `affected: null` and nothing else.
        ("a.json", br#"{"id":"X-1","affected":null}"#, true),
        (
            "a.yaml",
            b"id: PYSEC-1\nmodified: '2024-01-01T00:00:00Z'\n",
            true,
        ),
        (
            "a.json",
            b"  \n{\"id\":\"X-1\",\"modified\":\"x\",\"extra\":{\"deep\":[1,2]}}",
            true,
        ),
        // The name is never what decides.
        (
            "whatever.txt",
            br#"{"id":"X-1","modified":"2024-01-01T00:00:00Z"}"#,
            true,
        ),
        // Not OSV: nodejs-security-wg (numeric id), CSAF, OpenVEX, CycloneDX, KEV, RubySec,
        // Alpine secdb, a bare id, arrays, text, empty.
        (
            "17.json",
            br#"{"id":17,"created_at":"2015-10-17","updated_at":"2016-04-28","module_name":"x"}"#,
            false,
        ),
        (
            "c.json",
            br#"{"document":{"category":"csaf_vex"},"vulnerabilities":[]}"#,
            false,
        ),
        (
            "v.json",
            br#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","timestamp":"t"}"#,
            false,
        ),
        (
            "b.json",
            br#"{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"id":"CVE-1"}]}"#,
            false,
        ),
        (
            "k.json",
            br#"{"title":"CISA KEV","catalogVersion":"1","vulnerabilities":[]}"#,
            false,
        ),
        (
            "r.yml",
            b"gem: rack\ncve: 2022-1\ndate: 2022-01-01\npatched_versions:\n- '>= 1'\n",
            false,
        ),
        (
            "s.yaml",
            b"distroversion: v3.11\nreponame: main\npackages: []\n",
            false,
        ),
        (
            "i.json",
            br#"{"id":"X-1","summary":"no modified, affected or schema_version"}"#,
            false,
        ),
        (
            "l.json",
            br#"[{"id":"X-1","modified":"2024-01-01T00:00:00Z"}]"#,
            false,
        ),
        (
            "DSA/list",
            b"[05 Apr 2023] DSA-5380-1 firefox-esr - security update\n",
            false,
        ),
        ("e.json", b"", false),
        ("n.bin", b"\x00\x01\x02", false),
    ];
    for (name, bytes, want) in cases {
        assert_eq!(
            Osv::sniff(name, bytes),
            *want,
            "{name}: {}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// Arbitrary JSON values.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("0"),
            Just("0.0.0-0"),
            Just("*"),
            Just("1.2.3"),
            Just("ECOSYSTEM"),
            Just("GIT"),
            Just("SEMVER"),
            Just("PyPI"),
            Just("Go"),
            Just("Debian:11"),
            Just("pkg:npm/a"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("introduced".to_string()),
                    Just("fixed".to_string()),
                    Just("last_affected".to_string()),
                    Just("limit".to_string()),
                    Just("type".to_string()),
                    Just("events".to_string()),
                    "[a-z]{1,6}"
                ],
                inner,
                0..3
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_give_one_result(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        prop_assert_eq!(Osv::parse("p", &bytes).len(), 1);
        Osv::sniff("p", &bytes);
    }

    /// Any value at any OSV position gives one result (a record or a rejection), never a panic.
    #[test]
    fn arbitrary_values_at_osv_positions(
        slot in 0usize..10,
        value in json_value(),
    ) {
        let mut doc: Value = serde_json::from_str(
            r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","severity":[{"type":"CVSS_V3","score":"s"}],
                "affected":[{"package":{"ecosystem":"PyPI","name":"a","purl":"pkg:pypi/a"},
                  "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0"}]}],
                  "versions":["1.0"],"database_specific":{}}]}"#,
        ).unwrap();
        let target = match slot {
            0 => doc.pointer_mut("/id"),
            1 => doc.pointer_mut("/modified"),
            2 => doc.pointer_mut("/severity/0"),
            3 => doc.pointer_mut("/affected/0/package"),
            4 => doc.pointer_mut("/affected/0/package/ecosystem"),
            5 => doc.pointer_mut("/affected/0/ranges/0"),
            6 => doc.pointer_mut("/affected/0/ranges/0/events"),
            7 => doc.pointer_mut("/affected/0/ranges/0/events/1"),
            8 => doc.pointer_mut("/affected/0/versions"),
            _ => doc.pointer_mut("/affected/0/database_specific"),
        };
        *target.unwrap() = value;
        let bytes = serde_json::to_vec(&doc).unwrap();
        prop_assert_eq!(Osv::parse("p.json", &bytes).len(), 1);
        if slot != 0 {
            prop_assert!(Osv::sniff("p.json", &bytes), "a string id and `modified`/`affected` remain");
        }
    }

    /// Whatever the metric values, a parsed CVSS v3.1 base vector scores within 0.0..=10.0.
    #[test]
    fn cvss_v3_scores_are_bounded(
        m in (0usize..4, 0usize..2, 0usize..3, 0usize..2, 0usize..2, 0usize..3, 0usize..3, 0usize..3)
    ) {
        let av = ["N", "A", "L", "P"][m.0];
        let ac = ["L", "H"][m.1];
        let pr = ["N", "L", "H"][m.2];
        let ui = ["N", "R"][m.3];
        let s = ["U", "C"][m.4];
        let cia = ["N", "L", "H"];
        let v = format!("CVSS:3.1/AV:{av}/AC:{ac}/PR:{pr}/UI:{ui}/S:{s}/C:{}/I:{}/A:{}", cia[m.5], cia[m.6], cia[m.7]);
        let score = cvss_score("CVSS_V3", &v).unwrap();
        prop_assert!((0.0..=10.0).contains(&score), "{v}: {score}");
    }

    /// The same for CVSS v4.0 base vectors.
    #[test]
    fn cvss_v4_scores_are_bounded(
        m in (0usize..4, 0usize..2, 0usize..2, 0usize..3, 0usize..3, prop::collection::vec(0usize..3, 6))
    ) {
        let nlh = ["N", "L", "H"];
        let v = format!(
            "CVSS:4.0/AV:{}/AC:{}/AT:{}/PR:{}/UI:{}/VC:{}/VI:{}/VA:{}/SC:{}/SI:{}/SA:{}",
            ["N", "A", "L", "P"][m.0], ["L", "H"][m.1], ["N", "P"][m.2], nlh[m.3], ["N", "P", "A"][m.4],
            nlh[m.5[0]], nlh[m.5[1]], nlh[m.5[2]], nlh[m.5[3]], nlh[m.5[4]], nlh[m.5[5]],
        );
        let score = cvss_score("CVSS_V4", &v).unwrap();
        prop_assert!((0.0..=10.0).contains(&score), "{v}: {score}");
    }
}

// ---------------------------------------------------------------------------------------------
// The tricky real records, field by field

fn advisory_of(bytes: &[u8]) -> Advisory {
    read_bytes(bytes)
}

#[test]
fn tokio_rustsec_2023_0001() {
    let a = advisory_of(fixture!("RUSTSEC-2023-0001.json"));
    assert_eq!(a.id, "RUSTSEC-2023-0001");
    assert_eq!(a.aliases, ids(&["CVE-2023-22466", "GHSA-7rrj-xr53-82p7"]));
    assert!(a.related.is_empty() && a.upstream.is_empty());
    assert_eq!(
        a.summary.as_deref(),
        Some("reject_remote_clients Configuration corruption")
    );
    assert_eq!(a.published.as_deref(), Some("2023-01-04T12:00:00Z"));
    assert_eq!(a.modified.as_deref(), Some("2023-02-09T03:11:29Z"));
    assert_eq!(a.withdrawn, None);
    // `"severity": []` and `"cvss": null`: no severity at all.
    assert!(a.severities.is_empty());
    assert!(a.cwes.is_empty());
    assert_eq!(a.references.len(), 5);
    assert_eq!(a.references[0].kind, "PACKAGE");
    assert_eq!(a.affected.len(), 1);
    let p = &a.affected[0];
    assert_eq!(p.ecosystem, Some(Ecosystem::Cargo));
    assert_eq!(p.ecosystem_raw, "crates.io");
    assert_eq!(p.distro_release, None);
    assert_eq!((p.name.as_str(), p.name_key.as_str()), ("tokio", "tokio"));
    assert_eq!(p.purl.as_deref(), Some("pkg:cargo/tokio"));
    assert_eq!(
        p.ranges,
        vec![OsvRange {
            kind: RangeKind::Semver,
            events: vec![
                intro("1.7.0"),
                fixed("1.18.4"),
                intro("1.19.0"),
                fixed("1.20.3"),
                intro("1.21.0"),
                fixed("1.23.1"),
            ],
            repo: None,
        }]
    );
    assert!(p.versions.is_empty());
    assert_eq!(p.fixed, vec!["1.18.4", "1.20.3", "1.23.1"]);
    assert_eq!(p.informational, None);
    // Three intervals: [1.7.0,1.18.4) [1.19.0,1.20.3) [1.21.0,1.23.1).
    for (v, want) in [
        ("1.6.9", false),
        ("1.7.0", true),
        ("1.18.3", true),
        ("1.18.4", false),
        ("1.19.0", true),
        ("1.20.3", false),
        ("1.22.0", true),
        ("1.23.1", false),
    ] {
        assert_eq!(
            affected_by(VersionScheme::Semver, &[p], v),
            want,
            "tokio {v}"
        );
    }
}

#[test]
fn minimist_ghsa_two_entries_for_one_package() {
    let a = advisory_of(fixture!("GHSA-xvch-5gv4-984h.json"));
    assert_eq!(a.id, "GHSA-xvch-5gv4-984h");
    assert_eq!(a.aliases, ids(&["CVE-2021-44906"]));
    assert_eq!(
        a.summary.as_deref(),
        Some("Prototype Pollution in minimist")
    );
    assert_eq!(
        a.severities,
        vec![
            sev(
                "CVSS_V3",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                Some(9.8)
            ),
            sev("label", "CRITICAL", None),
        ]
    );
    assert_eq!(a.cwes, ids(&["CWE-1321"]));
    assert_eq!(a.affected.len(), 2);
    for p in &a.affected {
        assert_eq!(p.ecosystem, Some(Ecosystem::Npm));
        assert_eq!(
            (p.name.as_str(), p.name_key.as_str()),
            ("minimist", "minimist")
        );
        assert_eq!(p.purl, None);
    }
    assert_eq!(
        a.affected[0].ranges[0].events,
        vec![intro("1.0.0"), fixed("1.2.6")]
    );
    assert_eq!(
        a.affected[1].ranges[0].events,
        vec![intro("0"), fixed("0.2.4")]
    );
    assert_eq!(a.affected[0].fixed, vec!["1.2.6"]);
    assert_eq!(a.affected[1].fixed, vec!["0.2.4"]);
    // The union of both entries (juice-shop has minimist 0.2.1 and 1.2.5).
    let both: Vec<&AffectedPackage> = a.affected.iter().collect();
    for (v, want) in [
        ("0.2.1", true),
        ("0.2.4", false),
        ("0.9.0", false),
        ("1.0.0", true),
        ("1.2.5", true),
        ("1.2.6", false),
    ] {
        assert_eq!(
            affected_by(VersionScheme::Npm, &both, v),
            want,
            "minimist {v}"
        );
    }
}

#[test]
fn py_pysec_2022_42969_last_affected_yaml() {
    let bytes = fixture!("PYSEC-2022-42969.yaml");
    let a = advisory_of(bytes);
    assert_eq!(a.id, "PYSEC-2022-42969");
    assert_eq!(a.aliases, ids(&["CVE-2022-42969", "GHSA-w596-4wvx-j9j6"]));
    assert_eq!(a.summary, None);
    assert_eq!(a.modified.as_deref(), Some("2022-11-04T11:00:00Z"));
    assert_eq!(a.published.as_deref(), Some("2022-11-04T11:00:00Z"));
    assert!(a.severities.is_empty());
    assert_eq!(a.references.len(), 5);
    let p = &a.affected[0];
    assert_eq!(p.ecosystem, Some(Ecosystem::PyPI));
    assert_eq!(p.purl.as_deref(), Some("pkg:pypi/py"));
    assert_eq!(
        p.ranges[0].events,
        vec![intro("0"), Event::LastAffected("1.11.0".into())]
    );
    assert!(p.fixed.is_empty(), "last_affected is not a fix");
    assert_eq!(p.versions.len(), 65);
    assert_eq!(p.versions[0], "0.8.0-alpha2");
    assert_eq!(p.versions.last().map(String::as_str), Some("1.11.0"));
    for (v, want) in [("1.11.0", true), ("1.4.7.dev3", true), ("1.11.1", false)] {
        assert_eq!(affected_by(VersionScheme::Pep440, &[p], v), want, "py {v}");
    }
    let out = Osv::parse("PYSEC-2022-42969.yaml", bytes);
    let [Ok(rec)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert_eq!(rec.source_hint, "pypa");
}

#[test]
fn go_2023_2102_aliases_vs_related() {
    let a = advisory_of(fixture!("GO-2023-2102.json"));
    assert_eq!(a.aliases, ids(&["CVE-2023-39325", "GHSA-4374-p667-p6c8"]));
    // CVE-2023-44487 (in KEV) is only related: never an alias.
    assert_eq!(a.related, ids(&["CVE-2023-44487"]));
    assert!(!a.aliases.contains("CVE-2023-44487"));
    assert!(a.upstream.is_empty());
    assert_eq!(a.modified.as_deref(), Some("0001-01-01T00:00:00Z"));
    assert_eq!(a.affected.len(), 2);
    let std = &a.affected[0];
    assert_eq!(
        (std.ecosystem, std.name.as_str()),
        (Some(Ecosystem::Go), "stdlib")
    );
    assert_eq!(
        std.ranges[0].events,
        vec![
            intro("0"),
            fixed("1.20.10"),
            intro("1.21.0-0"),
            fixed("1.21.3")
        ]
    );
    assert_eq!(std.fixed, vec!["1.20.10", "1.21.3"]);
    assert_eq!(a.affected[1].name, "golang.org/x/net");
    assert_eq!(a.affected[1].fixed, vec!["0.17.0"]);
    for (v, want) in [
        ("1.20.9", true),
        ("1.20.10", false),
        ("1.21.0-rc.1", true),
        ("1.21.3", false),
    ] {
        assert_eq!(affected_by(VersionScheme::Go, &[std], v), want, "go {v}");
    }
}

#[test]
fn moment_npm_and_nuget_do_not_mix() {
    let a = advisory_of(fixture!("GHSA-8hfj-j24r-96c4.json"));
    assert_eq!(a.aliases, ids(&["CVE-2022-24785"]));
    assert_eq!(a.cwes, ids(&["CWE-22", "CWE-27"]));
    assert_eq!(
        a.severities,
        vec![
            sev(
                "CVSS_V3",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N",
                Some(7.5)
            ),
            sev("label", "HIGH", None),
        ]
    );
    let npm = &a.affected[0];
    let nuget = &a.affected[1];
    assert_eq!(
        (npm.ecosystem, npm.name.as_str(), npm.name_key.as_str()),
        (Some(Ecosystem::Npm), "moment", "moment")
    );
    assert_eq!(
        (
            nuget.ecosystem,
            nuget.name.as_str(),
            nuget.name_key.as_str()
        ),
        (Some(Ecosystem::NuGet), "Moment.js", "moment.js")
    );
    assert_eq!(npm.fixed, vec!["2.29.2"]);
    assert_eq!(nuget.fixed, vec!["2.29.2"]);
}

#[test]
fn withdrawn_records_are_kept_with_their_date() {
    for (bytes, id, when) in [
        (
            fixture!("PYSEC-2023-73.yaml"),
            "PYSEC-2023-73",
            "2023-06-06T10:37:00Z",
        ),
        (
            fixture!("RUSTSEC-2020-0053.json"),
            "RUSTSEC-2020-0053",
            "2021-04-19T12:00:00Z",
        ),
        (
            fixture!("GO-2024-2730.json"),
            "GO-2024-2730",
            "2024-04-17T18:06:23Z",
        ),
    ] {
        let a = advisory_of(bytes);
        assert_eq!(a.id, id);
        assert_eq!(a.withdrawn.as_deref(), Some(when), "{id}");
        assert!(
            !a.affected.is_empty(),
            "{id}: the data stays, matching skips it"
        );
    }
}

#[test]
fn rustsec_informational_and_from_the_beginning() {
    let a = advisory_of(fixture!("RUSTSEC-2020-0053.json"));
    let p = &a.affected[0];
    assert_eq!(p.informational.as_deref(), Some("unmaintained"));
    assert_eq!(p.ranges[0].events, vec![intro("0.0.0-0")]);
    assert!(affected_by(VersionScheme::Semver, &[p], "0.0.0"));
    let a = advisory_of(fixture!("RUSTSEC-2024-0404.json"));
    assert_eq!(a.affected[0].informational.as_deref(), Some("unsound"));
    assert_eq!(a.affected[0].fixed, vec!["0.6.8"]);
    let a = advisory_of(fixture!("RUSTSEC-2021-0078.json"));
    assert_eq!(a.affected[0].informational, None);
}

#[test]
fn go_pseudo_versions_and_stdlib_prereleases() {
    let a = advisory_of(fixture!("GO-2022-0493.json"));
    assert_eq!(a.affected[0].name, "stdlib");
    assert!(a.affected[0].ranges[0].events.contains(&intro("1.18.0-0")));
    assert_eq!(a.affected[1].name, "golang.org/x/sys");
    assert_eq!(
        a.affected[1].fixed,
        vec!["0.0.0-20220412211240-33da011f77ad"]
    );
    // The x/sys version in the osv-scanner SBOM (v0.0.0-20210817142637-7d9622a276b7).
    assert!(affected_by(
        VersionScheme::Go,
        &[&a.affected[1]],
        "0.0.0-20210817142637-7d9622a276b7"
    ));
    let a = advisory_of(fixture!("GO-2020-0017.json"));
    let jwt = &a.affected[0];
    // Open-ended from a pseudo-version.
    assert_eq!(
        jwt.ranges[0].events,
        vec![intro("0.0.0-20150717181359-44718f8a89b0")]
    );
    assert!(jwt.fixed.is_empty());
    assert!(affected_by(VersionScheme::Go, &[jwt], "3.2.0+incompatible"));
}

#[test]
fn pypa_git_and_ecosystem_ranges_side_by_side() {
    let a = advisory_of(fixture!("PYSEC-2022-43012.yaml"));
    let p = &a.affected[0];
    assert_eq!(p.name, "setuptools");
    assert_eq!(p.ranges[0].kind, RangeKind::Git);
    assert_eq!(
        p.ranges[0].repo.as_deref(),
        Some("https://github.com/pypa/setuptools")
    );
    assert_eq!(p.ranges[1].kind, RangeKind::Ecosystem);
    // The GIT fix commit is not a version to upgrade to.
    assert_eq!(p.fixed, vec!["65.5.1"]);
}

#[test]
fn ubuntu_records() {
    let a = advisory_of(fixture!("UBUNTU-CVE-2017-11164.json"));
    assert_eq!(a.related, ids(&["CVE-2017-11164"]));
    assert!(a.aliases.is_empty());
    assert_eq!(
        a.severities,
        vec![
            sev(
                "CVSS_V3",
                "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
                Some(7.5)
            ),
            // ecosystem_specific.ubuntu_priority of every entry, listed once.
            sev("Ubuntu", "negligible", None),
        ]
    );
    let releases: Vec<_> = a
        .affected
        .iter()
        .map(|p| p.distro_release.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        releases,
        ["14.04", "16.04", "18.04", "20.04", "22.04", "24.04"]
    );
    let p = &a.affected[0];
    assert_eq!(p.ecosystem, Some(Ecosystem::Ubuntu));
    assert_eq!(p.ecosystem_raw, "Ubuntu:Pro:14.04:LTS");
    assert_eq!(p.name, "pcre3");
    // Ubuntu wrote `pkg:deb/ubuntu/pcre3?arch=src?distro=trusty/esm` (a second `?` where `&`
    // belongs): not a valid purl, so it is dropped; the identity is the ecosystem and name.
    assert!(a.affected.iter().all(|p| p.purl.is_none()));
    assert_eq!(p.versions[0], "1:8.31-2");
    assert_eq!(p.ranges[0].events, vec![intro("0")]);
    // The focal component of the osv-scanner SBOM is affected (no fix).
    let focal = &a.affected[3];
    assert_eq!(focal.ecosystem_raw, "Ubuntu:20.04:LTS");
    assert!(affected_by(
        VersionScheme::Dpkg,
        &[focal],
        "2:8.39-12ubuntu0.1"
    ));

    let a = advisory_of(fixture!("USN-5614-1.json"));
    assert_eq!(a.upstream, ids(&["UBUNTU-CVE-2021-3782"]));
    assert!(a.aliases.is_empty() && a.related.is_empty());
    assert_eq!(a.summary.as_deref(), Some("wayland vulnerability"));
    assert_eq!(a.affected[0].ecosystem_raw, "Ubuntu:18.04:LTS");
    assert_eq!(a.affected[0].fixed, vec!["1.16.0-1ubuntu1.1~18.04.4"]);
    assert_eq!(
        a.affected[0].purl.as_deref(),
        Some("pkg:deb/ubuntu/wayland@1.16.0-1ubuntu1.1~18.04.4?arch=source&distro=bionic")
    );
    // The CVE map under database_specific carries the CVE's severities: not read.
    assert!(a.severities.is_empty());
    let out = Osv::parse("USN-5614-1.json", fixture!("USN-5614-1.json"));
    let [Ok(rec)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert_eq!(rec.source_hint, "ubuntu");

    let a = advisory_of(fixture!("UBUNTU-CVE-2013-2208.json"));
    assert_eq!(a.upstream, ids(&["CVE-2013-2208"]));
    assert_eq!(a.severities, vec![sev("Ubuntu", "medium", None)]);
    assert_eq!(a.affected[0].fixed, vec!["1.3.1-3"]);
}

// ---------------------------------------------------------------------------------------------
// Every OSV record in the shared real data

const SHARED_DATA: &str = "/work/shared/data";

/// The PyPA records rejected for a real defect: (id, reason).
const PYPA_DEFECTS: [(&str, &str); 2] = [
    // A release date where a version belongs (`packaging`: Invalid version).
    (
        "PYSEC-2019-125",
        "`/affected/0/ranges/0/events/1/fixed`: fixed `2019-09-12` is not a valid PEP 440 version: \
         after parsing `2019-09`, found `-12`, which is not part of a valid version",
    ),
    // A git-describe style tag, not a PEP 440 version (`packaging`: Invalid version).
    (
        "PYSEC-2021-371",
        "`/affected/0/ranges/1/events/1/fixed`: fixed `0.2.0-n653` is not a valid PEP 440 version: \
         after parsing `0.2.0`, found `-n653`, which is not part of a valid version",
    ),
];

/// Figures for one source.
#[derive(Default, Debug)]
struct Tally {
    documents: usize,
    parsed: usize,
    rejected: BTreeMap<String, Vec<String>>,
    affected_by_ecosystem: BTreeMap<String, usize>,
    ranges_by_kind: BTreeMap<String, usize>,
    open_ended: usize,
    withdrawn: usize,
    last_affected: usize,
    informational: BTreeMap<String, usize>,
    severity_schemes: BTreeMap<String, usize>,
    unscored_cvss: usize,
    with_versions: usize,
    unparseable_listed: usize,
    source_hints: BTreeSet<String>,
    ids: BTreeSet<String>,
}

impl Tally {
    fn add(&mut self, name: &str, bytes: &[u8]) {
        self.documents += 1;
        assert!(Osv::sniff(name, bytes), "{name} does not sniff as OSV");
        for r in Osv::parse(name, bytes) {
            match r {
                Ok(rec) => {
                    self.parsed += 1;
                    assert_eq!(rec.raw, bytes);
                    assert!(
                        self.ids.insert(rec.upstream_id.clone()),
                        "{name}: id repeats"
                    );
                    self.source_hints.insert(rec.source_hint.clone());
                    let Normalized::Advisory(a) = rec.normalized else {
                        panic!("{name}: not an advisory")
                    };
                    self.withdrawn += usize::from(a.withdrawn.is_some());
                    for s in &a.severities {
                        *self.severity_schemes.entry(s.scheme.clone()).or_default() += 1;
                        if s.scheme.starts_with("CVSS_") && s.score.is_none() {
                            self.unscored_cvss += 1;
                        }
                    }
                    for p in &a.affected {
                        let eco = p.ecosystem.map_or("(unknown)", Ecosystem::as_str);
                        *self
                            .affected_by_ecosystem
                            .entry(eco.to_string())
                            .or_default() += 1;
                        if let Some(i) = &p.informational {
                            *self.informational.entry(i.clone()).or_default() += 1;
                        }
                        self.with_versions += usize::from(!p.versions.is_empty());
                        if let Some(e) = p.ecosystem {
                            for v in &p.versions {
                                if crate::version::validate(e.scheme(), v).is_err() {
                                    self.unparseable_listed += 1;
                                    if std::env::var_os("OSV_LIST_REFUSED").is_some() {
                                        eprintln!("REFUSED-LISTED\t{}\t{v}", e.as_str());
                                    }
                                }
                            }
                        }
                        for r in &p.ranges {
                            *self
                                .ranges_by_kind
                                .entry(format!("{:?}", r.kind))
                                .or_default() += 1;
                            let closes = r
                                .events
                                .iter()
                                .any(|e| matches!(e, Event::Fixed(_) | Event::LastAffected(_)));
                            if r.kind != RangeKind::Git && !closes {
                                self.open_ended += 1;
                            }
                            self.last_affected += r
                                .events
                                .iter()
                                .filter(|e| matches!(e, Event::LastAffected(_)))
                                .count();
                        }
                    }
                }
                Err(e) => self
                    .rejected
                    .entry(e.reason.clone())
                    .or_default()
                    .push(format!("{name} ({})", e.upstream_id.unwrap_or_default())),
            }
        }
    }

    fn report(&self, source: &str) {
        eprintln!(
            "{source}: {} documents, {} parsed, {} rejected; affected by ecosystem {:?}; ranges {:?}; \
             open-ended {}; withdrawn {}; last_affected {}; informational {:?}; severities {:?} \
             (CVSS without a score: {}); entries with versions {} (listed versions the comparator \
             refuses: {}); source hints {:?}",
            self.documents,
            self.parsed,
            self.rejected.values().map(Vec::len).sum::<usize>(),
            self.affected_by_ecosystem,
            self.ranges_by_kind,
            self.open_ended,
            self.withdrawn,
            self.last_affected,
            self.informational,
            self.severity_schemes,
            self.unscored_cvss,
            self.with_versions,
            self.unparseable_listed,
            self.source_hints,
        );
        for (reason, where_) in &self.rejected {
            eprintln!(
                "  rejected {}×: {reason}: {:?}",
                where_.len(),
                &where_[..where_.len().min(5)]
            );
        }
    }
}

/// Walk `inputs` (files, directories, archives) and tally the documents `keep` selects.
fn tally(inputs: &[PathBuf], keep: &dyn Fn(&str) -> bool) -> Tally {
    let mut t = Tally::default();
    let mut skipped = crate::ingest::walk::Skipped::default();
    crate::ingest::walk::walk::<crate::ingest::walk::WalkError>(
        inputs,
        crate::ingest::walk::WalkLimits::default(),
        &mut skipped,
        &mut |doc| {
            if keep(&doc.name) {
                t.add(&doc.name, &doc.bytes);
            }
            Ok(())
        },
    )
    .unwrap();
    t
}

fn count(map: &BTreeMap<String, usize>, key: &str) -> usize {
    map.get(key).copied().unwrap_or(0)
}

#[test]
fn real_data_every_osv_record() {
    let root = Path::new(SHARED_DATA);
    if !root.exists() {
        eprintln!("SKIP: {SHARED_DATA} not present");
        return;
    }
    let is_record = |n: &str| n.ends_with(".json") || n.ends_with(".yaml");

    // PyPA: 2,661 YAML records (README), tarball. Independent counts: FORMAT_NOTES §1.1.
    let pypa = tally(
        &[root.join("pypa-advisory-database/pypa-advisory-database-vulns.tar.gz")],
        &is_record,
    );
    pypa.report("pypa");
    assert_eq!((pypa.documents, pypa.parsed), (2_661, 2_659));
    // Two real defects, each a version `packaging` (26.4) refuses too.
    let rejected: BTreeSet<&str> = pypa.rejected.keys().map(String::as_str).collect();
    assert_eq!(
        rejected,
        PYPA_DEFECTS
            .iter()
            .map(|(_, reason)| *reason)
            .collect::<BTreeSet<_>>()
    );
    // FORMAT_NOTES counts over all 2,661 records, less the rejected two (one ECOSYSTEM range
    // in PYSEC-2019-125; a GIT and an ECOSYSTEM range in PYSEC-2021-371).
    assert_eq!(count(&pypa.affected_by_ecosystem, "pypi"), 2_661 - 2);
    assert_eq!(count(&pypa.ranges_by_kind, "Git"), 1_391 - 1);
    assert_eq!(count(&pypa.ranges_by_kind, "Ecosystem"), 2_659 - 2);
    assert_eq!(pypa.open_ended, 175);
    assert_eq!(pypa.withdrawn, 10);
    assert_eq!(pypa.last_affected, 1);
    assert_eq!(pypa.with_versions, 2_621);
    assert_eq!(count(&pypa.severity_schemes, "CVSS_V3"), 202);
    // Listed versions are kept even when not PEP 440 (e.g. `0.3m1`, `2.0.0-final`); each of
    // these 108 is refused by `packaging` 26.4 too, so none is a comparator bug.
    assert_eq!(pypa.unparseable_listed, 108);
    assert_eq!(pypa.source_hints, ids(&["pypa"]));

    // RustSec: 1,206 JSON records.
    let rustsec = tally(
        &[root.join("rustsec-advisory-db-osv/rustsec-osv-crates.tar.gz")],
        &is_record,
    );
    rustsec.report("rustsec");
    assert_eq!(
        (rustsec.documents, rustsec.parsed),
        (1_206, 1_206),
        "{:?}",
        rustsec.rejected
    );
    assert_eq!(count(&rustsec.affected_by_ecosystem, "cargo"), 1_206);
    assert_eq!(count(&rustsec.ranges_by_kind, "Semver"), 1_206);
    assert_eq!(rustsec.open_ended, 466);
    assert_eq!(rustsec.withdrawn, 13);
    assert_eq!(count(&rustsec.informational, "unmaintained"), 267);
    assert_eq!(count(&rustsec.informational, "unsound"), 203);
    assert_eq!(count(&rustsec.informational, "notice"), 6);
    assert_eq!(count(&rustsec.severity_schemes, "CVSS_V3"), 360);
    assert_eq!(count(&rustsec.severity_schemes, "CVSS_V4"), 57);
    assert_eq!(rustsec.unscored_cvss, 0);
    assert_eq!(rustsec.source_hints, ids(&["rustsec"]));

    // Go: 4,291 JSON records (schema 1.3.1).
    let go = tally(
        &[root.join("golang-vulndb-osv/golang-vulndb-data-osv.tar.gz")],
        &is_record,
    );
    go.report("go");
    assert_eq!(
        (go.documents, go.parsed),
        (4_291, 4_291),
        "{:?}",
        go.rejected
    );
    assert_eq!(count(&go.affected_by_ecosystem, "go"), 6_125);
    assert_eq!(count(&go.ranges_by_kind, "Semver"), 6_125);
    assert_eq!(go.open_ended, 2_250);
    assert_eq!(go.withdrawn, 17);
    assert_eq!(go.source_hints, ids(&["go"]));

    // GHSA subset: 7 records, npm 5, Maven 5, NuGet 1 affected entries.
    let ghsa = tally(&[root.join("github-advisory-database-subset")], &is_record);
    ghsa.report("ghsa");
    assert_eq!((ghsa.documents, ghsa.parsed), (7, 7), "{:?}", ghsa.rejected);
    assert_eq!(count(&ghsa.affected_by_ecosystem, "npm"), 5);
    assert_eq!(count(&ghsa.affected_by_ecosystem, "maven"), 5);
    assert_eq!(count(&ghsa.affected_by_ecosystem, "nuget"), 1);
    assert_eq!(count(&ghsa.severity_schemes, "label"), 7);
    assert_eq!(ghsa.unscored_cvss, 0);
    assert_eq!(ghsa.open_ended, 0);
    assert_eq!(ghsa.source_hints, ids(&["ghsa"]));

    // Ubuntu: the subset's record plus vunnel's nine fixtures (one `upstream`-less 1.6.3).
    let ubuntu = tally(
        &[
            root.join("ubuntu-security-notices-subset/osv"),
            root.join("vunnel-distro-fixtures/tests/unit/providers/ubuntu/test-fixtures/osv"),
            root.join(
                "vunnel-distro-fixtures/tests/unit/providers/ubuntu/test-fixtures/osv-esm-cases",
            ),
        ],
        &is_record,
    );
    ubuntu.report("ubuntu");
    assert_eq!(
        (ubuntu.documents, ubuntu.parsed),
        (10, 10),
        "{:?}",
        ubuntu.rejected
    );
    assert_eq!(count(&ubuntu.affected_by_ecosystem, "ubuntu"), 57);
    assert_eq!(ubuntu.open_ended, 6 + 36);
    // Identical vectors within a record are listed once (two records repeat theirs); the
    // `Ubuntu` entries are 7 top-level priorities plus the 1.6.3 record's `ubuntu_priority`.
    assert_eq!(count(&ubuntu.severity_schemes, "CVSS_V3"), 9 - 2);
    assert_eq!(count(&ubuntu.severity_schemes, "Ubuntu"), 7 + 1);
    assert_eq!(ubuntu.unparseable_listed, 0);
    assert_eq!(ubuntu.withdrawn, 3);
    assert_eq!(ubuntu.source_hints, ids(&["ubuntu"]));
}

/// Sniffing over the whole shared folder finds exactly the OSV records (the sources above and
/// their `sample/` copies), and every one of them parses.
#[test]
fn real_data_sniff_finds_exactly_the_osv_records() {
    let root = Path::new(SHARED_DATA);
    if !root.exists() {
        eprintln!("SKIP: {SHARED_DATA} not present");
        return;
    }
    let mut sniffed = BTreeMap::<String, usize>::new();
    let mut skipped = crate::ingest::walk::Skipped::default();
    crate::ingest::walk::walk::<crate::ingest::walk::WalkError>(
        &[root.to_path_buf()],
        crate::ingest::walk::WalkLimits::default(),
        &mut skipped,
        &mut |doc| {
            if Osv::sniff(&doc.name, &doc.bytes) {
                let top = doc.name.split(['/', '!']).next().unwrap_or("").to_string();
                *sniffed.entry(top).or_default() += 1;
                match Osv::parse(&doc.name, &doc.bytes).as_slice() {
                    [Ok(_)] => {}
                    [Err(r)] => assert!(
                        PYPA_DEFECTS
                            .contains(&(r.upstream_id.as_deref().unwrap_or(""), r.reason.as_str())),
                        "{}: {r}",
                        doc.name
                    ),
                    other => panic!("{}: {other:?}", doc.name),
                }
            }
            Ok(())
        },
    )
    .unwrap();
    eprintln!("sniffed as OSV: {sniffed:?}");
    // Tarball members plus the `sample/` copies (7 PyPA, 6 RustSec, 8 Go).
    let want: BTreeMap<String, usize> = [
        ("github-advisory-database-subset", 7),
        ("golang-vulndb-osv", 4_291 + 8),
        ("pypa-advisory-database", 2_661 + 7),
        ("rustsec-advisory-db-osv", 1_206 + 6),
        ("ubuntu-security-notices-subset", 1),
        ("vunnel-distro-fixtures", 9),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(sniffed, want);
}
