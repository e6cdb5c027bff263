//! FriendsOfPHP `security-advisories` YAML: one record per file, one Composer package each.
//!
//! Layout: `<vendor>/<package>/<ID>.yaml`, `<ID>` being the CVE id or an announcement date with
//! an increment (`2012-12-12-1`). Fields (the repository's README): `title`, `link`, `reference`
//! (`composer://vendor/package`), `branches` (required), `cve` (optional, `~` when unknown) and
//! `composer-repository` (a non-Packagist repository, or `false`; informational, not mapped).
//! `branches` maps a label (`7.x`, `master`; never parsed) to `{time, versions}`, where `versions`
//! is a list of Composer constraints that must *all* hold (`['>=7.0.0', '<7.30.7']`) and `time`
//! is the fix time (`~` when unknown or not fixed).
//!
//! Mapping to [`Advisory`]: `upstream_id` (and `id`) is `friendsofphp:<vendor>/<package>/<stem>`
//! (the package from `reference`, which must agree with the `<vendor>/<package>/` folders when
//! the path has them; the stem of the file name, or the CVE without a file name). The CVE is the
//! only alias; `link` is the reference; `title` the summary. The package is
//! [`Ecosystem::Composer`] `vendor/package`.
//!
//! **The design decision a newcomer would undo:** a version is affected when it satisfies every
//! constraint of *any one* branch, so `intervals` is the union over branches of the intersection
//! of that branch's constraints, each read with [`crate::version::composer::parse_requirement`]
//! (Composer's own normalisation: `<7.30.7` is `< 7.30.7.0-dev`, so `7.30.7-beta1` is not below
//! it). Reading the constraints of all branches as one flat list (or as OR) gives wrong answers
//! for every multi-branch advisory. `constraints` keeps each branch as written
//! (`7.x: >=7.0.0, <7.30.7`) and `fixed` lists the version of each branch's `<` upper bound
//! (`<7.30.7` → `7.30.7`; a `<=` bound is the last affected version, not a fix), for
//! remediation advice only.

use std::fmt;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use super::{
    Advisory, AdvisoryFormat, AffectedPackage, Normalized, Parser, Record, Reference, Rejected,
};
use crate::ecosystem::Ecosystem;
use crate::version::composer::Composer;
use crate::version::range::RangeSet;

/// The source name FriendsOfPHP records suggest.
pub const SOURCE: &str = "friendsofphp";

/// The FriendsOfPHP security advisory YAML parser.
#[derive(Debug, Clone, Copy, Default)]
pub struct FriendsOfPhpParser;

#[derive(Debug, Deserialize)]
struct Doc {
    title: Option<String>,
    link: Option<String>,
    cve: Option<String>,
    reference: Option<String>,
    branches: Option<Branches>,
}

#[derive(Debug, Deserialize)]
struct Branch {
    #[allow(dead_code)] // Read for shape only: the fix time is not part of the model.
    time: Option<String>,
    versions: Option<Vec<String>>,
}

/// `branches:` in document order; a repeated label is an error.
#[derive(Debug)]
struct Branches(Vec<(String, Branch)>);

impl<'de> Deserialize<'de> for Branches {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Branches;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of branch names to {time, versions}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Branches, A::Error> {
                let mut out: Vec<(String, Branch)> = Vec::new();
                while let Some((name, branch)) = map.next_entry::<String, Branch>()? {
                    if out.iter().any(|(n, _)| *n == name) {
                        return Err(serde::de::Error::custom(format!(
                            "duplicate branch `{name}`"
                        )));
                    }
                    out.push((name, branch));
                }
                Ok(Branches(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl Parser for FriendsOfPhpParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::FriendsOfPhp;

    /// A YAML mapping with top-level `reference:` and `branches:` whose reference uses the
    /// `composer://` scheme. The file name is not consulted.
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        let text = match std::str::from_utf8(head) {
            Ok(t) => t,
            Err(e) => match std::str::from_utf8(&head[..e.valid_up_to()]) {
                Ok(t) if e.error_len().is_none() => t,
                _ => return false,
            },
        };
        let keys = super::rubysec::top_level_keys(text);
        keys.contains(&"reference")
            && keys.contains(&"branches")
            && text.lines().any(|l| {
                l.strip_prefix("reference:").is_some_and(|v| {
                    v.trim()
                        .trim_matches(['"', '\''])
                        .starts_with("composer://")
                })
            })
    }

    fn parse(name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        vec![parse_one(name, bytes)]
    }
}

/// `(vendor, package)` of a path ending in `<vendor>/<package>/<file>`.
fn layout(name: &str) -> Option<(&str, &str)> {
    let mut parts = name.rsplit(['/', '\\']);
    let _file = parts.next()?;
    let package = parts.next()?;
    let vendor = parts.next()?;
    (!vendor.is_empty() && !package.is_empty()).then_some((vendor, package))
}

fn parse_one(name: &str, bytes: &[u8]) -> Result<Record, Rejected> {
    let stem = super::rubysec::yaml_stem(name);
    let path_id = || {
        let (vendor, package) = layout(name)?;
        Some(format!("{SOURCE}:{vendor}/{package}/{}", stem?))
    };
    let reject = |upstream_id: Option<String>, reason: String| Rejected {
        upstream_id,
        locator: String::new(),
        reason,
    };
    let doc: Doc = serde_norway::from_slice(bytes)
        .map_err(|e| reject(path_id(), format!("not a FriendsOfPHP advisory YAML: {e}")))?;
    let advisory =
        to_advisory(name, stem, doc).map_err(|(id, reason)| reject(id.or_else(path_id), reason))?;
    Ok(Record {
        upstream_id: advisory.id.clone(),
        locator: String::new(),
        raw: bytes.to_vec(),
        source_hint: SOURCE.to_string(),
        normalized: Normalized::Advisory(advisory),
    })
}

type Failure = (Option<String>, String);

fn to_advisory(name: &str, stem: Option<&str>, doc: Doc) -> Result<Advisory, Failure> {
    let reference = doc
        .reference
        .ok_or_else(|| (None, "missing required `reference`".to_string()))?;
    let package = reference
        .trim()
        .strip_prefix("composer://")
        .filter(|p| {
            p.split_once('/')
                .is_some_and(|(v, n)| !v.is_empty() && !n.is_empty() && !n.contains('/'))
        })
        .ok_or_else(|| {
            (
                None,
                format!(
                    "`reference`: expected `composer://vendor/package`, got {:?}",
                    clip(&reference)
                ),
            )
        })?
        .to_string();
    if let Some((vendor, pkg)) = layout(name)
        && !format!("{vendor}/{pkg}").eq_ignore_ascii_case(&package)
    {
        return Err((
            None,
            format!("the file is under `{vendor}/{pkg}/` but its `reference` names `{package}`"),
        ));
    }
    let cve = doc
        .cve
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let stem = match (stem, &cve) {
        (Some(s), _) => s.to_string(),
        (None, Some(c)) => c.clone(),
        (None, None) => {
            return Err((
                None,
                "no file name to take the id from, and no `cve`".to_string(),
            ));
        }
    };
    let id = format!("{SOURCE}:{package}/{stem}");
    let fail = |reason: String| (Some(id.clone()), reason);
    let title = doc
        .title
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| fail("missing required `title`".into()))?;
    let link = doc
        .link
        .filter(|l| !l.trim().is_empty())
        .ok_or_else(|| fail("missing required `link`".into()))?;
    let branches = doc
        .branches
        .ok_or_else(|| fail("missing required `branches`".into()))?;
    let parsed = affected(&branches.0).map_err(fail)?;
    Ok(Advisory {
        id: id.clone(),
        aliases: cve.into_iter().collect(),
        related: Default::default(),
        upstream: Default::default(),
        summary: Some(title.trim().to_string()),
        published: None,
        modified: None,
        withdrawn: None,
        severities: Vec::new(),
        affected: vec![AffectedPackage {
            ecosystem: Some(Ecosystem::Composer),
            ecosystem_raw: "composer".into(),
            distro_release: None,
            name_key: Ecosystem::Composer.normalize_name(&package),
            name: package,
            purl: None,
            ranges: Vec::new(),
            versions: Vec::new(),
            intervals: parsed.intervals.intervals,
            constraints: parsed.constraints,
            fixed: parsed.fixed,
            informational: None,
            ..Default::default()
        }],
        cwes: Default::default(),
        references: vec![Reference {
            kind: "ADVISORY".into(),
            url: link,
        }],
    })
}

/// What the branches of one advisory say.
struct Affected {
    intervals: RangeSet,
    constraints: Vec<String>,
    fixed: Vec<String>,
}

/// Union over branches of the intersection of each branch's constraints.
fn affected(branches: &[(String, Branch)]) -> Result<Affected, String> {
    if branches.is_empty() {
        return Err("`branches` is empty: expected at least one branch".into());
    }
    let mut union = RangeSet::empty();
    let mut constraints = Vec::new();
    let mut fixed: Vec<String> = Vec::new();
    for (label, branch) in branches {
        let versions = branch
            .versions
            .as_deref()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("branch `{label}` has no `versions` constraints"))?;
        let mut set = RangeSet::all();
        for (i, c) in versions.iter().enumerate() {
            let one = crate::version::composer::parse_requirement(c).map_err(|e| {
                format!(
                    "branch `{label}` `versions[{i}]` {:?} is not a Composer constraint: {}",
                    clip(c),
                    e.reason
                )
            })?;
            set = set
                .intersect::<Composer>(&one)
                .map_err(|e| format!("branch `{label}`: {e}"))?;
            let c = c.trim();
            if let Some(v) = c.strip_prefix('<').filter(|v| !v.starts_with('=')) {
                let v = v.trim().to_string();
                if !fixed.contains(&v) {
                    fixed.push(v);
                }
            }
        }
        constraints.push(format!("{label}: {}", versions.join(", ")));
        union = union.union(&set);
    }
    let intervals = union
        .normalize::<Composer>()
        .map_err(|e| format!("the branches do not form a Composer range: {e}"))?;
    Ok(Affected {
        intervals,
        constraints,
        fixed,
    })
}

fn clip(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(80).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::rubysec::tests::{shared_tarball, tar_gz_entries, testdata};

    fn advisory(r: &Record) -> &Advisory {
        match &r.normalized {
            Normalized::Advisory(a) => a,
            Normalized::Kev(_) => panic!("not an advisory"),
        }
    }

    fn parse_ok(name: &str, text: &str) -> Record {
        let mut out = FriendsOfPhpParser::parse(name, text.as_bytes());
        assert_eq!(out.len(), 1);
        out.remove(0).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn hit(p: &AffectedPackage, v: &str) -> bool {
        RangeSet {
            intervals: p.intervals.clone(),
        }
        .contains::<Composer>(v)
        .unwrap()
        .is_some()
    }

    const GUZZLE: &str = "title:     CURLOPT_HTTPAUTH option not cleared on change of origin\nlink:      https://github.com/guzzle/guzzle/security/advisories/GHSA-25mq-v84q-4j7r\ncve:       CVE-2022-31090\nbranches:\n    master:\n        time:     2022-06-20 22:16:13\n        versions: ['>=7', '<7.4.5']\n    '6.x':\n        time:     2022-06-20 22:16:07\n        versions: ['>=4', '<6.5.8']\n\nreference: composer://guzzlehttp/guzzle\n";

    #[test]
    fn fields_map_onto_the_model() {
        let r = parse_ok("guzzlehttp/guzzle/CVE-2022-31090.yaml", GUZZLE);
        assert_eq!(
            r.upstream_id,
            "friendsofphp:guzzlehttp/guzzle/CVE-2022-31090"
        );
        assert_eq!(
            (r.locator.as_str(), r.source_hint.as_str()),
            ("", "friendsofphp")
        );
        assert_eq!(r.raw, GUZZLE.as_bytes());
        let a = advisory(&r);
        assert_eq!(a.id, r.upstream_id);
        assert_eq!(a.aliases.iter().collect::<Vec<_>>(), ["CVE-2022-31090"]);
        assert_eq!(
            a.summary.as_deref(),
            Some("CURLOPT_HTTPAUTH option not cleared on change of origin")
        );
        assert_eq!(a.references[0].kind, "ADVISORY");
        let p = &a.affected[0];
        assert_eq!(p.ecosystem, Some(Ecosystem::Composer));
        assert_eq!(
            (p.name.as_str(), p.name_key.as_str()),
            ("guzzlehttp/guzzle", "guzzlehttp/guzzle")
        );
        assert_eq!(p.constraints, ["master: >=7, <7.4.5", "6.x: >=4, <6.5.8"]);
        assert_eq!(p.fixed, ["7.4.5", "6.5.8"]);
        // Two branches, each an AND: the gap between them is not affected.
        for (v, expect) in [
            ("3.8.1", false),
            ("4.0.0", true),
            ("6.5.7", true),
            ("6.5.8", false),
            ("6.99", false), // between the branches
            ("7.0.0", true),
            ("v7.4.4", true), // SBOMs often carry a `v` prefix
            ("7.4.5", false),
            ("7.4.5-beta1", false), // Composer: `<7.4.5` means `< 7.4.5.0-dev`
        ] {
            assert_eq!(hit(p, v), expect, "guzzle {v}");
        }
        assert_eq!(p.intervals.len(), 2);
    }

    #[test]
    fn cve_is_optional_and_ids_fall_back() {
        let no_cve = GUZZLE.replace("cve:       CVE-2022-31090", "cve: ~");
        let r = parse_ok("guzzlehttp/guzzle/2022-06-20-1.yaml", &no_cve);
        assert_eq!(r.upstream_id, "friendsofphp:guzzlehttp/guzzle/2022-06-20-1");
        assert!(advisory(&r).aliases.is_empty());
        let missing = GUZZLE.replace("cve:       CVE-2022-31090\n", "");
        assert!(
            advisory(&parse_ok(
                "a/b/x.yaml".replace("a/b", "guzzlehttp/guzzle").as_str(),
                &missing
            ))
            .aliases
            .is_empty()
        );
        // Without a file name the CVE names the record; the package comes from `reference`.
        assert_eq!(
            parse_ok("-", GUZZLE).upstream_id,
            "friendsofphp:guzzlehttp/guzzle/CVE-2022-31090"
        );
        // An upper bound alone affects every lower version; `<=` is not a fix version.
        let only_upper = GUZZLE
            .replace("['>=7', '<7.4.5']", "['<=7.4.4']")
            .replace("['>=4', '<6.5.8']", "['<5']");
        let p = advisory(&parse_ok("-", &only_upper)).affected[0].clone();
        assert!(hit(&p, "0.1") && hit(&p, "7.4.4") && !hit(&p, "7.4.5"));
        assert_eq!(p.fixed, ["5"]);
    }

    #[test]
    fn rejections_name_the_defect() {
        let cases: Vec<(String, &str, &str)> = vec![
            (
                GUZZLE.to_string(),
                "guzzlehttp/psr7/CVE-2022-31090.yaml",
                "under `guzzlehttp/psr7/` but its `reference` names `guzzlehttp/guzzle`",
            ),
            (
                GUZZLE.replace("reference: composer://guzzlehttp/guzzle\n", ""),
                "x.yaml",
                "missing required `reference`",
            ),
            (
                GUZZLE.replace(
                    "composer://guzzlehttp/guzzle",
                    "https://packagist.org/guzzle",
                ),
                "x.yaml",
                "`reference`: expected `composer://vendor/package`",
            ),
            (
                GUZZLE.replace("composer://guzzlehttp/guzzle", "composer://guzzle"),
                "x.yaml",
                "`reference`: expected",
            ),
            (
                GUZZLE.replace("title:", "titel:"),
                "x.yaml",
                "missing required `title`",
            ),
            (
                GUZZLE.replace("link:", "lnk:"),
                "x.yaml",
                "missing required `link`",
            ),
            (
                GUZZLE.split("branches:").next().unwrap().to_string()
                    + "reference: composer://a/b\n",
                "x.yaml",
                "missing required `branches`",
            ),
            (
                GUZZLE.replace("['>=4', '<6.5.8']", "[]"),
                "x.yaml",
                "branch `6.x` has no `versions`",
            ),
            (
                GUZZLE.replace("        versions: ['>=4', '<6.5.8']\n", ""),
                "x.yaml",
                "branch `6.x` has no `versions`",
            ),
            (
                GUZZLE.replace("'<6.5.8'", "'<six'"),
                "x.yaml",
                "branch `6.x` `versions[1]` \"<six\" is not a Composer constraint",
            ),
            (
                GUZZLE.replace("'<6.5.8'", "'dev-master'"),
                "x.yaml",
                "`versions[1]` \"dev-master\"",
            ),
            (
                GUZZLE.replace("'6.x':", "master:"),
                "x.yaml",
                "duplicate branch `master`",
            ),
            (
                GUZZLE.replace("['>=4', '<6.5.8']", "'<6.5.8'"),
                "x.yaml",
                "invalid type: string",
            ),
            (
                GUZZLE
                    .replace("branches:\n", "branches: 7\n")
                    .split("    master")
                    .next()
                    .unwrap()
                    .to_string()
                    + "reference: composer://a/b\n",
                "x.yaml",
                "not a FriendsOfPHP advisory YAML",
            ),
            (
                "[unclosed".into(),
                "x.yaml",
                "not a FriendsOfPHP advisory YAML",
            ),
            (
                GUZZLE.replace("cve:       CVE-2022-31090\n", ""),
                "-",
                "no file name to take the id from, and no `cve`",
            ),
        ];
        for (text, name, reason) in cases {
            let mut out = FriendsOfPhpParser::parse(name, text.as_bytes());
            let e = out.remove(0).expect_err(reason);
            assert!(e.reason.contains(reason), "{reason}\n got: {}", e.reason);
            assert_eq!(e.locator, "");
        }
        // A rejection names the record when the path gives its id.
        let bad = GUZZLE.replace("'<6.5.8'", "'<six'");
        let e = FriendsOfPhpParser::parse("guzzlehttp/guzzle/CVE-2022-31090.yaml", bad.as_bytes())
            .remove(0)
            .unwrap_err();
        assert_eq!(
            e.upstream_id.as_deref(),
            Some("friendsofphp:guzzlehttp/guzzle/CVE-2022-31090")
        );
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        let long = "x".repeat(100_000);
        for text in [
            GUZZLE.replace("CURLOPT_HTTPAUTH", &long),
            GUZZLE.replace("'<6.5.8'", &format!("'<{long}'")),
            GUZZLE.replace("'<6.5.8'", "'<99999999999999999999999999999999.1'"),
            GUZZLE[..GUZZLE.len() / 2].to_string(),
            "a: &a [*a, *a]\n".to_string(),
        ] {
            assert_eq!(
                FriendsOfPhpParser::parse("x.yaml", text.as_bytes()).len(),
                1
            );
        }
    }

    #[test]
    fn sniffing_is_by_content() {
        assert!(FriendsOfPhpParser::sniff("anything", GUZZLE.as_bytes()));
        let rubysec = b"gem: rack\ncve: 2020-8184\nurl: https://x\ntitle: t\ndate: 2020-06-15\n";
        assert!(!FriendsOfPhpParser::sniff("a/b/CVE-1.yaml", rubysec));
        let other = GUZZLE.replace("composer://", "npm://");
        assert!(!FriendsOfPhpParser::sniff("x.yaml", other.as_bytes()));
    }

    /// The shared samples (vendored in testdata): laravel, symfony, guzzle.
    #[test]
    fn real_records_spot_checks() {
        let parse = |rel: &str| -> AffectedPackage {
            let bytes = testdata(&format!("friendsofphp/{rel}"));
            let r = FriendsOfPhpParser::parse(rel, &bytes).remove(0).unwrap();
            advisory(&r).affected[0].clone()
        };
        // GROUND_TRUTH: CVE-2024-52301 affects v7.30.6 (branch 7.x `>=7.0.0, <7.30.7`); the
        // 6.x branch has only an upper bound.
        let p = parse("laravel/framework/CVE-2024-52301.yaml");
        assert_eq!(p.constraints.len(), 6);
        assert_eq!(p.constraints[0], "6.x: <6.20.45");
        for (v, expect) in [
            ("v7.30.6", true),
            ("1.0.0", true),
            ("6.20.45", false),
            ("7.30.7", false),
            ("8.83.27", true),
            ("8.83.28", false),
            ("9.52.17", false),
            ("11.30.0", true),
            ("11.31.0", false),
        ] {
            assert_eq!(hit(&p, v), expect, "laravel CVE-2024-52301 {v}");
        }
        assert_eq!(p.fixed[..2], ["6.20.45".to_string(), "7.30.7".to_string()]);
        // GROUND_TRUTH negative case: CVE-2021-43808 is fixed in 7.30.6 (exclusive bound).
        let p = parse("laravel/framework/CVE-2021-43808.yaml");
        assert!(!hit(&p, "v7.30.6") && hit(&p, "7.30.5"));
        // GROUND_TRUTH: symfony/http-kernel 5.4.16 is in branch 5.4.x of 26 branches.
        let p = parse("symfony/http-kernel/CVE-2022-24894.yaml");
        assert!(p.constraints.len() > 20, "{}", p.constraints.len());
        assert!(hit(&p, "v5.4.16") && !hit(&p, "5.4.20"));
        // guzzle 6.5.8 is the 6.x fix of CVE-2022-31090.
        let p = parse("guzzlehttp/guzzle/CVE-2022-31090.yaml");
        assert!(!hit(&p, "6.5.8") && hit(&p, "6.5.7"));
        // CVE-2026-55568 has a branch with only an upper bound.
        let p = parse("guzzlehttp/guzzle/CVE-2026-55568.yaml");
        assert!(hit(&p, "0.1"), "{:?}", p.constraints);
    }

    fn branch() -> impl proptest::strategy::Strategy<Value = Vec<String>> {
        use proptest::prelude::*;
        let version = (0u8..4, 0u8..4).prop_map(|(a, b)| format!("{a}.{b}"));
        let constraint = (prop::sample::select(vec![">=", ">", "<", "<="]), version)
            .prop_map(|(op, v)| format!("{op}{v}"));
        prop::collection::vec(constraint, 1..3)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A version is affected exactly when it satisfies every constraint of some branch.
        #[test]
        fn affected_is_any_branch_with_all_constraints(branches in proptest::collection::vec(branch(), 1..4)) {
            let labelled: Vec<(String, Branch)> = branches
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{i}.x"), Branch { time: None, versions: Some(v.clone()) }))
                .collect();
            let got = affected(&labelled).unwrap();
            let p = AffectedPackage {
                ecosystem: None, ecosystem_raw: String::new(), distro_release: None,
                name: String::new(), name_key: String::new(), purl: None, ranges: vec![],
                versions: vec![], intervals: got.intervals.intervals, constraints: vec![],
                fixed: vec![], informational: None, ..Default::default()
            };
            for a in 0..5 {
                for b in 0..5 {
                    for v in [format!("{a}.{b}"), format!("{a}.{b}.1"), format!("{a}.{b}-beta1")] {
                        let expect = branches.iter().any(|br| br.iter().all(|c| {
                            crate::version::composer::parse_requirement(c)
                                .unwrap()
                                .contains::<Composer>(&v)
                                .unwrap()
                                .is_some()
                        }));
                        proptest::prop_assert_eq!(hit(&p, &v), expect, "{} {:?}", v, branches);
                    }
                }
            }
        }
    }

    /// Every advisory of the snapshot: 1,592 files, each parsed or rejected.
    #[test]
    fn real_database() {
        let Some(tarball) = shared_tarball("friendsofphp-security-advisories") else {
            return;
        };
        let entries = tar_gz_entries(&tarball);
        let yaml: Vec<&(String, Vec<u8>)> = entries
            .iter()
            .filter(|(n, _)| n.ends_with(".yaml"))
            .collect();
        assert_eq!(yaml.len(), 1592);
        let mut packages = std::collections::BTreeSet::new();
        let mut ids = std::collections::BTreeSet::new();
        let (mut parsed, mut multi, mut with_cve, mut nothing) = (0, 0, 0, 0);
        let mut rejected = Vec::new();
        for (name, bytes) in &yaml {
            assert!(FriendsOfPhpParser::sniff(name, bytes), "{name} not sniffed");
            match FriendsOfPhpParser::parse(name, bytes).remove(0) {
                Ok(r) => {
                    parsed += 1;
                    let a = advisory(&r);
                    let p = &a.affected[0];
                    packages.insert(p.name.clone());
                    if p.constraints.len() > 1 {
                        multi += 1;
                    }
                    if p.intervals.is_empty() {
                        eprintln!("friendsofphp affects nothing: {name} {:?}", p.constraints);
                        nothing += 1;
                    }
                    with_cve += usize::from(!a.aliases.is_empty());
                    assert!(ids.insert(r.upstream_id.clone()));
                    assert_eq!(r.raw, *bytes);
                }
                Err(e) => rejected.push(format!("{name}: {}", e.reason)),
            }
        }
        eprintln!(
            "friendsofphp parsed {parsed}, rejected {}, packages {}, multi-branch {multi}, with CVE {with_cve}, affecting nothing {nothing}",
            rejected.len(),
            packages.len()
        );
        for r in &rejected {
            eprintln!("friendsofphp rejected: {r}");
        }
        assert_eq!(parsed + rejected.len(), 1592);
        assert_eq!(packages.len(), 350);
        assert!(rejected.is_empty(), "{} rejected", rejected.len());
    }
}
