//! Tests over the bad-policy corpus (`testdata/policy/bad`), the shipped policies
//! (`kits/policies`), and properties of the lexer and parser.

use std::collections::BTreeSet;
use std::path::PathBuf;

use proptest::prelude::*;

use super::ast::{ExprKind, line_col};
use super::eval::evaluate;
use super::lint::{DiagnosticKind, Level, lint};
use super::parser::{parse, parse_expr};

fn repo_dir(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

fn stella_files(rel: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_dir(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "stella"))
        .collect();
    files.sort();
    files
}

/// Each corpus file starts with `# expect: <code> <line>:<col>` and contains one problem.
fn expectation(src: &str) -> (DiagnosticKind, usize, usize) {
    let first = src.lines().next().unwrap_or_default();
    let rest = first
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("first line must be `# expect: <code> <line>:<col>`: {first}"));
    let (code, pos) = rest.trim().split_once(' ').expect("code and position");
    let kind = DiagnosticKind::from_code(code).unwrap_or_else(|| panic!("unknown code {code}"));
    let (l, c) = pos.split_once(':').expect("line:col");
    (kind, l.parse().unwrap(), c.parse().unwrap())
}

#[test]
fn bad_corpus_reports_each_kind_at_its_position() {
    let files = stella_files("testdata/policy/bad");
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read_to_string(path).unwrap();
        let (kind, line, col) = expectation(&src);
        let report = lint(&src);
        // Each file has exactly one problem, so exactly one diagnostic is expected.
        let found = report.diagnostics.len() == 1
            && report
                .diagnostics
                .iter()
                .any(|d| d.kind == kind && d.span.line_col(&src) == (line, col));
        if found {
            covered.insert(kind);
        } else {
            let got: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| {
                    let (l, c) = d.span.line_col(&src);
                    format!("{} {l}:{c} {}", d.kind.code(), d.message)
                })
                .collect();
            failures.push(format!(
                "{}: expected {} at {line}:{col}, got {got:?}",
                path.display(),
                kind.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let missing: Vec<&str> = DiagnosticKind::ALL
        .iter()
        .filter(|k| !covered.contains(*k))
        .map(|k| k.code())
        .collect();
    assert!(
        missing.is_empty(),
        "kinds without a corpus file: {missing:?}"
    );
    let errors = covered.iter().filter(|k| k.level() == Level::Error).count();
    assert!(errors >= 20, "only {errors} error kinds covered");
}

#[test]
fn shipped_policies_lint_clean() {
    let files = stella_files("kits/policies");
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for want in ["default.stella", "kev-first.stella", "strict-ci.stella"] {
        assert!(names.iter().any(|n| n == want), "missing {want}");
    }
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let report = lint(&src);
        assert!(
            report.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            report.diagnostics
        );
        assert!(report.policy.unwrap().rules.len() >= 3);
    }
}

const VALID: &str = r#"# a policy exercising most of the grammar
policy "sample" syntax "stella-dsl@1" {
  metadata { description = "sample", tags = ["a", "b"] }
  settings { shadow = false; unknowns_budget = 3 }
  profile exposure { internet_bonus = 0.5, floor = -1 }
  rule kev priority 1 {
    when kev and severity.normalized >= "High"
    then block "known exploited"; annotate reason := "kev"
    because "KEV entries are exploited in the wild"
  }
  rule vex-na priority 2 {
    when vex.any(status == "not_affected" and justification in ["vulnerable_code_not_present", "component_not_present"])
    then status := "not_affected"
    because "trusted VEX says not affected"
  }
  rule old priority 3 {
    when coalesce(epss.score, 0) < 0.01 and not fix.available or env.exposure == "internal"
    then ignore until 2027-01-31 because "low risk, revisit"
    else warn
    because "triage"
  }
  rule tag {
    when sbom.has_tag("prod") and component.ecosystem in ["npm", "pypi"] and cvss.score >= 7.0
    then severity := critical; requireVex { vendors = ["acme"], justifications = ["inline_mitigations_already_exist"] }
    because "production npm and PyPI code gets stricter handling"
  }
}
"#;

#[test]
fn valid_policy_parses_and_lints_clean() {
    let report = lint(VALID);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let p = report.policy.unwrap();
    assert_eq!(p.name.value, "sample");
    assert_eq!(p.metadata.len(), 2);
    assert_eq!(p.settings.len(), 2);
    assert_eq!(p.profiles[0].entries.len(), 2);
    assert_eq!(p.rules.len(), 4);
    assert_eq!(p.rules[2].otherwise.len(), 1);
    // order: no priority counts as 0, so `tag` runs first
    let order: Vec<&str> = p
        .rules_in_order()
        .iter()
        .map(|r| r.id.name.as_str())
        .collect();
    assert_eq!(order, ["tag", "kev", "vex-na", "old"]);
    // spans point at the source text
    let kev = &p.rules[0];
    assert_eq!(&VALID[kev.id.span.start..kev.id.span.end], "kev");
    assert_eq!(
        &VALID[kev.when.span.start..kev.when.span.end],
        r#"kev and severity.normalized >= "High""#
    );
    assert_eq!(kev.id.span.line_col(VALID), (6, 8));
}

#[test]
fn precedence_not_and_or() {
    let e = parse_expr("not a.b == 1 and c or d").unwrap();
    assert_eq!(e.to_string(), "(((not (a.b == 1)) and c) or d)");
    let e = parse_expr("(x or y) and -2.5 <= z").unwrap();
    assert_eq!(e.to_string(), "((x or y) and (-2.5 <= z))");
    assert!(matches!(
        parse_expr("f(1, [2, 3])").unwrap().kind,
        ExprKind::Call { .. }
    ));
}

#[test]
fn equal_priority_rules_ordered_by_id_whatever_the_file_order() {
    let a = r#"policy "p" syntax "stella-dsl@1" {
      rule b priority 5 { when kev then warn because "x" }
      rule a priority 5 { when kev then warn because "y" }
    }"#;
    let p = parse(a).unwrap();
    let ids: Vec<_> = p
        .rules_in_order()
        .iter()
        .map(|r| r.id.name.clone())
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn shadowing_follows_evaluation_order_not_file_order() {
    // `later` comes first in the file but runs second (higher priority number).
    let src = r#"policy "p" syntax "stella-dsl@1" {
      rule later priority 9 { when kev then warn because "x" }
      rule first priority 1 { when kev then block because "y" }
    }"#;
    let r = lint(src);
    let w: Vec<_> = r.warnings().collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].kind, DiagnosticKind::ShadowedRule);
    assert_eq!(&src[w[0].span.start..w[0].span.end], "later");
    // A non-terminal earlier rule shadows nothing.
    let src2 = src.replace("then block", "then warn");
    assert_eq!(lint(&src2).diagnostics, vec![]);
}

#[test]
fn line_col_counts_characters() {
    let s = "ab\né\"x";
    assert_eq!(line_col(s, 0), (1, 1));
    assert_eq!(line_col(s, 3), (2, 1));
    assert_eq!(line_col(s, 5), (2, 2));
    assert_eq!(line_col(s, 4), (2, 1)); // inside `é`: clamped back
    assert_eq!(line_col(s, 999), (2, 4));
}

#[test]
fn codes_are_unique_and_round_trip() {
    let mut seen = BTreeSet::new();
    for k in DiagnosticKind::ALL {
        assert!(seen.insert(k.code()), "duplicate code {}", k.code());
        assert_eq!(DiagnosticKind::from_code(k.code()), Some(*k));
    }
}

fn context() -> serde_json::Value {
    serde_json::json!({
        "kev": true,
        "severity": {"normalized": "high"},
        "cvss": {"score": 8.1},
        "vex": {"status": "affected", "statements": [{"status": "fixed", "issuer": "x"}]},
        "sbom": {"tags": ["prod"]},
        "component": {"ecosystem": "npm", "name": "lodash"},
        "env": {"exposure": "internal"}
    })
}

fn mutate(base: &str, ops: &[(usize, usize, String)]) -> String {
    let mut s = base.to_string();
    for (at, del, ins) in ops {
        let mut a = at % (s.len() + 1);
        while !s.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (a + del).min(s.len());
        while !s.is_char_boundary(b) {
            b += 1;
        }
        s.replace_range(a..b, ins);
    }
    s
}

fn dsl_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("(".to_string()),
        Just("\"".to_string()),
        Just(" not ".to_string()),
        Just(" and ".to_string()),
        Just(":=".to_string()),
        Just("rule x ".to_string()),
        Just("2026-".to_string()),
        Just("/*".to_string()),
        Just("é".to_string()),
        "[ -~]{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn lexer_and_parser_never_panic_on_arbitrary_input(src in any::<String>()) {
        let r = lint(&src);
        for d in &r.diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= src.len());
        }
    }

    #[test]
    fn never_panic_on_dsl_like_soup(parts in prop::collection::vec(dsl_fragment(), 0..40)) {
        let src: String = parts.concat();
        let _ = lint(&src);
    }

    #[test]
    fn never_panic_on_mutations_of_a_valid_policy(
        ops in prop::collection::vec((any::<usize>(), 0usize..12, dsl_fragment()), 1..6)
    ) {
        let src = mutate(VALID, &ops);
        let r = lint(&src);
        for d in &r.diagnostics {
            prop_assert!(d.span.end <= src.len());
            let _ = d.span.line_col(&src);
        }
        // Whatever still parses also evaluates without panicking, linted or not.
        if let Some(p) = &r.policy {
            let _ = evaluate(p, &context());
        }
    }

    #[test]
    fn file_order_of_rules_changes_no_outcome(seed in any::<u64>()) {
        let rules = [
            r#"rule b priority 1 { when kev then block because "kev" }"#,
            r#"rule a priority 1 { when epss.score > 0.5 then warn else annotate x := 1 because "epss" }"#,
            r#"rule c priority 0 { when severity.normalized >= high then warn because "high" }"#,
            r#"rule d { when vex.any(status == "fixed") then status := "fixed" because "vex" }"#,
            r#"rule e priority 1 { when sbom.has_tag("prod") then severity := critical because "prod" }"#,
        ];
        let mut order: Vec<usize> = (0..rules.len()).collect();
        // a seed-driven Fisher-Yates shuffle
        let mut x = seed | 1;
        for i in (1..order.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let text = |idx: &[usize]| {
            let body: Vec<&str> = idx.iter().map(|&i| rules[i]).collect();
            format!("policy \"p\" syntax \"stella-dsl@1\" {{\n{}\n}}", body.join("\n"))
        };
        let base = parse(&text(&[0, 1, 2, 3, 4])).unwrap();
        let shuffled = parse(&text(&order)).unwrap();
        let ctx = context();
        let a = evaluate(&base, &ctx);
        let b = evaluate(&shuffled, &ctx);
        let summary = |e: &super::eval::Evaluation<'_>| -> Vec<(String, super::lattice::K4, String)> {
            e.rules
                .iter()
                .map(|r| {
                    let acts: Vec<String> = r.actions.iter().map(|x| x.kind.keyword().to_string()).collect();
                    (r.rule_id.to_string(), r.condition, acts.join(","))
                })
                .collect()
        };
        let sa = summary(&a);
        prop_assert_eq!(&sa, &summary(&b));
        let ids: Vec<&str> = sa.iter().map(|s| s.0.as_str()).collect();
        prop_assert_eq!(ids, vec!["c", "d", "a", "b", "e"]);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash(depth in 1usize..400) {
        let src = format!("{}kev{}", "(".repeat(depth), ")".repeat(depth));
        let r = parse_expr(&src);
        if depth < 60 {
            prop_assert!(r.is_ok());
        } else if depth > 70 {
            prop_assert_eq!(r.unwrap_err().kind, DiagnosticKind::NestingTooDeep);
        }
    }
}
