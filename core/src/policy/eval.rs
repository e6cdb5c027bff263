//! Evaluating `stella-dsl@1` conditions and rules against one finding, with three-valued logic.
//!
//! The finding and its context are a JSON object ([`serde_json::Value`]); a field path such as
//! `severity.normalized` is looked up segment by segment, and a missing field (or one of the
//! wrong JSON type) is *unknown*, never false: "no EPSS score" must not read as "EPSS below
//! 1 %". Conditions evaluate to [`K4`] restricted to Unknown/True/False with Kleene's strong
//! connectives (`false and unknown = false`, `true or unknown = true`). A rule whose condition is
//! unknown fires neither its `then` nor its `else` branch; the trace records it.
//!
//! Context layout (all keys optional):
//! `severity.normalized` (string), `cvss.score`, `epss.score` (numbers), `kev`, `fix.available`,
//! `informational` (booleans), `vex.status`, `vex.justification`, `vex.statements[]` (objects with
//! `status`, `justification`, `issuer`, `statement_id`, read by `vex.any(…)`), `component.*`,
//! `advisory.*`, `sbom.tags[]` (read by `sbom.has_tag`), `env.*`.
//!
//! Evaluation assumes a policy that [`super::lint`] accepted; on anything it cannot make sense
//! of (an unknown function, a type mismatch) it yields unknown rather than failing.

use serde_json::Value as Json;

use super::ast::{Action, BinOp, Expr, ExprKind, Policy, dotted};
use super::lattice::K4;
use super::lint::{Ty, field_type, severity_rank};

/// A runtime value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// Missing evidence.
    Unknown,
    /// An explicit `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// A severity by rank (see [`severity_rank`]).
    Sev(usize),
    /// A list.
    List(Vec<Val>),
}

impl Val {
    fn truth(&self) -> K4 {
        match self {
            Val::Bool(b) => K4::from_bool(*b),
            _ => K4::Unknown,
        }
    }
}

/// Which branch of a rule ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branch {
    /// The condition was true.
    Then,
    /// The condition was false and the rule has an `else`.
    Else,
    /// Nothing ran (condition false without `else`, or unknown).
    None,
}

/// The outcome of one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOutcome<'p> {
    /// The rule id.
    pub rule_id: &'p str,
    /// Its effective priority.
    pub priority: i64,
    /// The condition's value (never `Conflict`).
    pub condition: K4,
    /// The branch taken.
    pub branch: Branch,
    /// The actions of that branch, in order.
    pub actions: &'p [Action],
    /// The rule's rationale.
    pub because: &'p str,
}

/// Every rule's outcome for one finding, in evaluation order.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation<'p> {
    /// All rules, ascending priority then id.
    pub rules: Vec<RuleOutcome<'p>>,
}

impl<'p> Evaluation<'p> {
    /// The first rule that ran a terminal action (`block`, `ignore`, `status :=`): it settles
    /// the outcome; later rules can still warn or annotate.
    pub fn decisive(&self) -> Option<&RuleOutcome<'p>> {
        self.rules
            .iter()
            .find(|r| r.actions.iter().any(|a| a.kind.is_terminal()))
    }
}

/// Evaluate every rule of `policy` against `ctx`.
pub fn evaluate<'p>(policy: &'p Policy, ctx: &Json) -> Evaluation<'p> {
    let rules = policy
        .rules_in_order()
        .into_iter()
        .map(|r| {
            let condition = eval_condition(&r.when, ctx);
            let (branch, actions): (Branch, &'p [Action]) = match condition {
                K4::True => (Branch::Then, r.then.as_slice()),
                K4::False if !r.otherwise.is_empty() => (Branch::Else, r.otherwise.as_slice()),
                _ => (Branch::None, &[][..]),
            };
            RuleOutcome {
                rule_id: &r.id.name,
                priority: r.priority_value(),
                condition,
                branch,
                actions,
                because: &r.because.value,
            }
        })
        .collect();
    Evaluation { rules }
}

/// The three-valued truth of a condition.
pub fn eval_condition(e: &Expr, ctx: &Json) -> K4 {
    eval(e, ctx, None).truth()
}

/// The value of an expression (`scope` is the VEX statement inside `vex.any`).
pub fn eval(e: &Expr, ctx: &Json, scope: Option<&Json>) -> Val {
    match &e.kind {
        ExprKind::Bool(b) => Val::Bool(*b),
        ExprKind::Null => Val::Null,
        ExprKind::Number(n) => Val::Num(*n),
        ExprKind::Str(s) | ExprKind::Date(s) => Val::Str(s.clone()),
        ExprKind::List(items) => Val::List(items.iter().map(|i| eval(i, ctx, scope)).collect()),
        ExprKind::Path(segs) => {
            let name = dotted(segs);
            if let Some(stmt) = scope
                && field_type(&name, true).is_some()
                && field_type(&name, false).is_none()
            {
                return from_json(stmt.get(&name), false);
            }
            match field_type(&name, false) {
                Some(ty) => from_json(lookup(ctx, &name), ty == Ty::Severity),
                None => match severity_rank(&name) {
                    Some(r) if segs.len() == 1 => Val::Sev(r),
                    _ => Val::Unknown,
                },
            }
        }
        ExprKind::Call { callee, args } => call(&dotted(callee), args, ctx, scope),
        ExprKind::Not(inner) => k4_val(!eval(inner, ctx, scope).truth()),
        ExprKind::Binary { op, lhs, rhs } => {
            let l = eval(lhs, ctx, scope);
            match op {
                BinOp::And => {
                    let a = l.truth();
                    if a == K4::False {
                        return Val::Bool(false);
                    }
                    let b = eval(rhs, ctx, scope).truth();
                    k4_val(match (a, b) {
                        (_, K4::False) => K4::False,
                        (K4::True, K4::True) => K4::True,
                        _ => K4::Unknown,
                    })
                }
                BinOp::Or => {
                    let a = l.truth();
                    if a == K4::True {
                        return Val::Bool(true);
                    }
                    let b = eval(rhs, ctx, scope).truth();
                    k4_val(match (a, b) {
                        (_, K4::True) => K4::True,
                        (K4::False, K4::False) => K4::False,
                        _ => K4::Unknown,
                    })
                }
                _ => k4_val(compare(*op, &l, &eval(rhs, ctx, scope))),
            }
        }
    }
}

fn k4_val(k: K4) -> Val {
    match k.as_bool() {
        Some(b) => Val::Bool(b),
        None => Val::Unknown,
    }
}

fn lookup<'a>(ctx: &'a Json, dotted_path: &str) -> Option<&'a Json> {
    dotted_path.split('.').try_fold(ctx, |v, seg| v.get(seg))
}

fn from_json(v: Option<&Json>, severity: bool) -> Val {
    match v {
        None => Val::Unknown,
        Some(Json::Null) => Val::Null,
        Some(Json::Bool(b)) => Val::Bool(*b),
        Some(Json::Number(n)) => n.as_f64().map_or(Val::Unknown, Val::Num),
        Some(Json::String(s)) if severity => severity_rank(s).map_or(Val::Unknown, Val::Sev),
        Some(Json::String(s)) => Val::Str(s.clone()),
        Some(Json::Array(a)) => Val::List(a.iter().map(|x| from_json(Some(x), severity)).collect()),
        Some(Json::Object(_)) => Val::Unknown,
    }
}

/// Brings a string literal to a severity when compared with one.
fn coerce(a: &Val, b: &Val) -> (Val, Val) {
    match (a, b) {
        (Val::Sev(_), Val::Str(s)) => (a.clone(), severity_rank(s).map_or(Val::Unknown, Val::Sev)),
        (Val::Str(s), Val::Sev(_)) => (severity_rank(s).map_or(Val::Unknown, Val::Sev), b.clone()),
        _ => (a.clone(), b.clone()),
    }
}

/// The rank given to the `unknown` severity: it equals itself but is not ordered.
const UNKNOWN_SEVERITY: usize = 6;

fn compare(op: BinOp, l: &Val, r: &Val) -> K4 {
    if matches!(l, Val::Unknown) || matches!(r, Val::Unknown) {
        return K4::Unknown;
    }
    if op == BinOp::In {
        let Val::List(items) = r else {
            return K4::Unknown;
        };
        let mut unknown = false;
        for it in items {
            match compare(BinOp::Eq, l, it) {
                K4::True => return K4::True,
                K4::False => {}
                _ => unknown = true,
            }
        }
        return if unknown { K4::Unknown } else { K4::False };
    }
    let (l, r) = coerce(l, r);
    if matches!(l, Val::Unknown) || matches!(r, Val::Unknown) {
        return K4::Unknown;
    }
    match op {
        BinOp::Eq => K4::from_bool(l == r),
        BinOp::Ne => K4::from_bool(l != r),
        _ => {
            let ord = match (&l, &r) {
                (Val::Num(a), Val::Num(b)) => a.partial_cmp(b),
                (Val::Str(a), Val::Str(b)) => Some(a.cmp(b)),
                (Val::Sev(a), Val::Sev(b)) if *a != UNKNOWN_SEVERITY && *b != UNKNOWN_SEVERITY => {
                    Some(a.cmp(b))
                }
                _ => None,
            };
            let Some(ord) = ord else { return K4::Unknown };
            K4::from_bool(match op {
                BinOp::Lt => ord.is_lt(),
                BinOp::Le => ord.is_le(),
                BinOp::Gt => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
    }
}

fn call(name: &str, args: &[Expr], ctx: &Json, scope: Option<&Json>) -> Val {
    match (name, args) {
        ("vex.any", [pred]) => {
            let Some(Json::Array(stmts)) = lookup(ctx, "vex.statements") else {
                return Val::Unknown;
            };
            let mut unknown = false;
            for s in stmts {
                match eval(pred, ctx, Some(s)).truth() {
                    K4::True => return Val::Bool(true),
                    K4::False => {}
                    _ => unknown = true,
                }
            }
            if unknown {
                Val::Unknown
            } else {
                Val::Bool(false)
            }
        }
        ("sbom.has_tag", [tag]) => {
            let Val::Str(tag) = eval(tag, ctx, scope) else {
                return Val::Unknown;
            };
            match lookup(ctx, "sbom.tags") {
                Some(Json::Array(tags)) => {
                    Val::Bool(tags.iter().any(|t| t.as_str() == Some(tag.as_str())))
                }
                _ => Val::Unknown,
            }
        }
        ("coalesce", _) => args
            .iter()
            .map(|a| eval(a, ctx, scope))
            .find(|v| !matches!(v, Val::Unknown | Val::Null))
            .unwrap_or(Val::Unknown),
        _ => Val::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parser::{parse, parse_expr};
    use serde_json::json;

    fn cond(src: &str, ctx: &Json) -> K4 {
        eval_condition(&parse_expr(src).unwrap(), ctx)
    }

    #[test]
    fn missing_evidence_is_unknown_not_false() {
        let ctx = json!({"kev": false});
        assert_eq!(cond("epss.score < 0.01", &ctx), K4::Unknown);
        assert_eq!(cond("not (epss.score < 0.01)", &ctx), K4::Unknown);
        assert_eq!(cond("kev and epss.score > 0.5", &ctx), K4::False);
        assert_eq!(cond("not kev or epss.score > 0.5", &ctx), K4::True);
        assert_eq!(cond("coalesce(epss.score, 0) < 0.01", &ctx), K4::True);
        assert_eq!(cond("env.exposure == \"internet\"", &ctx), K4::Unknown);
    }

    #[test]
    fn severities_order_and_coerce() {
        let ctx = json!({"severity": {"normalized": "High"}, "cvss": {"score": 7.5}});
        assert_eq!(cond("severity.normalized >= \"high\"", &ctx), K4::True);
        assert_eq!(cond("severity.normalized >= critical", &ctx), K4::False);
        assert_eq!(
            cond("severity.normalized in [\"critical\", \"HIGH\"]", &ctx),
            K4::True
        );
        assert_eq!(cond("cvss.score > 7 and cvss.score <= 7.5", &ctx), K4::True);
        let unk = json!({"severity": {"normalized": "unknown"}});
        assert_eq!(cond("severity.normalized >= low", &unk), K4::Unknown);
        assert_eq!(cond("severity.normalized == unknown", &unk), K4::True);
    }

    #[test]
    fn vex_any_and_tags() {
        let ctx = json!({
            "vex": {"statements": [
                {"status": "affected", "issuer": "a"},
                {"status": "not_affected", "justification": "component_not_present", "issuer": "b"}
            ]},
            "sbom": {"tags": ["prod"]}
        });
        assert_eq!(
            cond(
                "vex.any(status == \"not_affected\" and issuer == \"b\")",
                &ctx
            ),
            K4::True
        );
        assert_eq!(cond("vex.any(status == \"fixed\")", &ctx), K4::False);
        // one statement has no justification: unknown for it, false for the other
        assert_eq!(cond("vex.any(justification == \"x\")", &ctx), K4::Unknown);
        assert_eq!(
            cond("vex.any(status == \"fixed\")", &json!({})),
            K4::Unknown
        );
        assert_eq!(cond("sbom.has_tag(\"prod\")", &ctx), K4::True);
        assert_eq!(cond("sbom.has_tag(\"dev\")", &ctx), K4::False);
    }

    #[test]
    fn rules_run_by_priority_then_id_and_unknown_takes_no_branch() {
        let src = r#"policy "p" syntax "stella-dsl@1" {
          rule z priority 2 { when kev then block because "kev" }
          rule a priority 2 { when epss.score > 0.5 then warn else annotate x := 1 because "epss" }
          rule m priority 1 { when not kev then warn else status := "affected" because "not kev" }
        }"#;
        let p = parse(src).unwrap();
        let e = evaluate(&p, &json!({"kev": true}));
        let ids: Vec<_> = e.rules.iter().map(|r| r.rule_id).collect();
        assert_eq!(ids, ["m", "a", "z"]);
        assert_eq!(e.rules[0].branch, Branch::Else);
        assert_eq!(e.rules[1].condition, K4::Unknown);
        assert_eq!(e.rules[1].branch, Branch::None);
        assert!(e.rules[1].actions.is_empty());
        assert_eq!(e.rules[2].branch, Branch::Then);
        assert_eq!(e.decisive().unwrap().rule_id, "m");
    }
}
