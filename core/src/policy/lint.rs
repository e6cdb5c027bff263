//! Diagnostics for `stella-dsl@1` and the linter that finds them.
//!
//! Every problem is a [`Diagnostic`]: a typed [`DiagnosticKind`] (with a stable kebab-case
//! [`DiagnosticKind::code`]), a byte [`Span`] and a message; the CLI turns the span into a
//! line/column with miette. Lexing and parsing stop at the first error (one diagnostic); once the
//! file parses, [`lint`] checks names, types and values and reports *all* problems, then adds
//! warnings for rules that can never matter (never matching, or shadowed by an earlier rule
//! with the same condition and a terminal action).
//!
//! Types are checked with a small closed set ([`Ty`]): a comparison between a severity and a
//! boolean, or a severity and a string that is not a severity name, is an error before any
//! finding is evaluated. Names unknown to the checker are errors rather than "unknown at run
//! time", because a typo in a field path would otherwise silently evaluate to unknown forever.

use std::collections::{BTreeMap, BTreeSet};

use super::ast::{
    Action, ActionKind, BinOp, Entry, Expr, ExprKind, Ident, Policy, Rule, Span, StrLit, dotted,
};
use super::parser::parse;

/// The only syntax version this crate understands.
pub const SYNTAX_VERSION: &str = "stella-dsl@1";

/// Values accepted by `status := "<s>"`.
pub const STATUSES: &[&str] = &[
    "affected",
    "not_affected",
    "fixed",
    "under_investigation",
    "suppressed",
];

/// VEX statuses accepted in comparisons with `vex.status` (and `status` inside `vex.any`).
pub const VEX_STATUSES: &[&str] = &[
    "not_affected",
    "affected",
    "fixed",
    "under_investigation",
    "unknown",
];

/// OpenVEX justifications accepted in comparisons with `vex.justification`.
pub const VEX_JUSTIFICATIONS: &[&str] = &[
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "inline_mitigations_already_exist",
];

/// Severity names, lowest to highest (`unknown` sorts apart and is not ordered).
pub const SEVERITIES: &[&str] = &[
    "none", "info", "low", "medium", "high", "critical", "unknown",
];

/// Keys accepted in `requireVex { … }`.
pub const REQUIRE_VEX_KEYS: &[&str] = &["issuers", "justifications", "statuses", "vendors"];

/// Whether a diagnostic stops the policy from being used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The policy is invalid.
    Error,
    /// The policy is valid but probably not what was meant.
    Warning,
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $level:ident; )*) => {
        /// Every kind of diagnostic the lexer, parser and linter can report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum DiagnosticKind {
            $( $(#[$doc])* $name, )*
        }

        impl DiagnosticKind {
            /// All kinds, in declaration order.
            pub const ALL: &'static [DiagnosticKind] = &[ $( DiagnosticKind::$name, )* ];

            /// The stable kebab-case code (`unterminated-string`).
            pub fn code(self) -> &'static str {
                match self { $( DiagnosticKind::$name => $code, )* }
            }

            /// Error or warning.
            pub fn level(self) -> Level {
                match self { $( DiagnosticKind::$name => Level::$level, )* }
            }

            /// The kind with this code.
            pub fn from_code(code: &str) -> Option<DiagnosticKind> {
                match code { $( $code => Some(DiagnosticKind::$name), )* _ => None }
            }
        }
    };
}

kinds! {
    /// A string literal not closed before the end of its line.
    UnterminatedString = "unterminated-string", Error;
    /// A `/* … */` comment never closed.
    UnterminatedComment = "unterminated-comment", Error;
    /// A backslash escape other than `\" \\ \n \t \r`.
    InvalidEscape = "invalid-escape", Error;
    /// A character that starts no token.
    InvalidCharacter = "invalid-character", Error;
    /// A malformed number (`1.`, `3abc`).
    InvalidNumber = "invalid-number", Error;
    /// A token where the grammar wants something else.
    UnexpectedToken = "unexpected-token", Error;
    /// A `{`, `(` or `[` never closed before the end of the file.
    UnclosedBrace = "unclosed-brace", Error;
    /// The header lacks `syntax "…"`.
    MissingSyntax = "missing-syntax", Error;
    /// A `syntax` other than `stella-dsl@1`.
    UnknownSyntaxVersion = "unknown-syntax-version", Error;
    /// A block other than `metadata`, `settings`, `profile`, `rule`.
    UnknownSection = "unknown-section", Error;
    /// A rule without `because "…"`.
    MissingBecause = "missing-because", Error;
    /// A `because` (rule or `ignore`) with empty text.
    EmptyBecause = "empty-because", Error;
    /// Two rules with the same id.
    DuplicateRuleId = "duplicate-rule-id", Error;
    /// `priority` followed by something other than an integer.
    PriorityNotInteger = "priority-not-integer", Error;
    /// A field path the language does not know.
    UnknownFieldPath = "unknown-field-path", Error;
    /// A call to a function the language does not know.
    UnknownFunction = "unknown-function", Error;
    /// A call with the wrong number of arguments.
    WrongArity = "wrong-arity", Error;
    /// Operands or arguments of incompatible types.
    TypeMismatch = "type-mismatch", Error;
    /// A `when` condition that is not boolean.
    ConditionNotBoolean = "condition-not-boolean", Error;
    /// `a < b < c`.
    ChainedComparison = "chained-comparison", Error;
    /// A string used as a severity that names none.
    UnknownSeverity = "unknown-severity", Error;
    /// A string compared with `vex.status`/`vex.justification` that is not a VEX value.
    UnknownVexValue = "unknown-vex-value", Error;
    /// `ignore until` with something that is not a valid date or timestamp.
    BadDate = "bad-date", Error;
    /// An action keyword the language does not know.
    UnknownAction = "unknown-action", Error;
    /// `status :=` with a status outside [`STATUSES`].
    UnknownStatus = "unknown-status", Error;
    /// Two actions in one branch that settle the outcome differently.
    ConflictingActions = "conflicting-actions", Error;
    /// `requireVex` with a key outside [`REQUIRE_VEX_KEYS`].
    UnknownRequireVexKey = "unknown-require-vex-key", Error;
    /// A key repeated in `metadata`.
    DuplicateMetadataKey = "duplicate-metadata-key", Error;
    /// A key repeated in `settings`, a profile or `requireVex`.
    DuplicateKey = "duplicate-key", Error;
    /// Two profiles with the same name.
    DuplicateProfile = "duplicate-profile", Error;
    /// A metadata value that is not a literal.
    NonLiteralMetadata = "non-literal-metadata", Error;
    /// A policy with an empty name.
    EmptyPolicyName = "empty-policy-name", Error;
    /// A policy without rules.
    EmptyPolicy = "empty-policy", Error;
    /// Parentheses, lists or calls nested beyond the parser's limit.
    NestingTooDeep = "nesting-too-deep", Error;
    /// A rule whose condition can never be true.
    NeverMatches = "never-matches", Warning;
    /// A rule that runs after another with the same condition and a terminal action.
    ShadowedRule = "shadowed-rule", Warning;
}

/// One problem in a policy.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Diagnostic {
    /// What kind of problem.
    pub kind: DiagnosticKind,
    /// Where.
    pub span: Span,
    /// What is wrong, naming the offending text.
    pub message: String,
    /// What to do about it, when there is something specific to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without help text.
    pub fn new(kind: DiagnosticKind, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            span,
            message: message.into(),
            help: None,
        }
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Error or warning.
    pub fn level(&self) -> Level {
        self.kind.level()
    }
}

/// The outcome of [`lint`]: the parsed policy (when it parses) and every diagnostic, sorted by
/// position then kind.
#[derive(Debug, Clone)]
pub struct LintReport {
    /// The policy, if it parsed.
    pub policy: Option<Policy>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl LintReport {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level() == Level::Error)
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.level() == Level::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.level() == Level::Warning)
    }
}

/// Parse and lint a policy source.
pub fn lint(src: &str) -> LintReport {
    match parse(src) {
        Err(d) => LintReport {
            policy: None,
            diagnostics: vec![d],
        },
        Ok(policy) => {
            let mut diagnostics = check(&policy);
            diagnostics.sort_by(|a, b| {
                (a.span.start, a.kind, a.span.end).cmp(&(b.span.start, b.kind, b.span.end))
            });
            LintReport {
                policy: Some(policy),
                diagnostics,
            }
        }
    }
}

/// Lint an already parsed policy (unsorted).
pub fn check(policy: &Policy) -> Vec<Diagnostic> {
    let mut cx = Checker { out: Vec::new() };
    cx.policy(policy);
    cx.out
}

/// The static type of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `true`/`false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    Str,
    /// A severity (ordered `none < info < low < medium < high < critical`).
    Severity,
    /// A date or timestamp.
    Date,
    /// A list of the inner type.
    List(Box<Ty>),
    /// `null`.
    Null,
    /// Known only at evaluation time (`env.*`).
    Any,
}

impl Ty {
    fn name(&self) -> String {
        match self {
            Ty::Bool => "boolean".into(),
            Ty::Number => "number".into(),
            Ty::Str => "string".into(),
            Ty::Severity => "severity".into(),
            Ty::Date => "date".into(),
            Ty::List(t) => format!("list of {}", t.name()),
            Ty::Null => "null".into(),
            Ty::Any => "any".into(),
        }
    }
}

/// What a string compared with a path must be one of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Domain {
    Free,
    VexStatus,
    VexJustification,
}

/// The type and value domain of a known field path, in or outside `vex.any(…)`.
pub fn field_type(path: &str, in_vex_any: bool) -> Option<Ty> {
    field(path, in_vex_any).map(|(t, _)| t)
}

fn field(path: &str, in_vex_any: bool) -> Option<(Ty, Domain)> {
    if in_vex_any {
        match path {
            "status" => return Some((Ty::Str, Domain::VexStatus)),
            "justification" => return Some((Ty::Str, Domain::VexJustification)),
            "issuer" | "statement_id" => return Some((Ty::Str, Domain::Free)),
            _ => {}
        }
    }
    if let Some(key) = path.strip_prefix("env.") {
        return (!key.is_empty() && !key.contains('.')).then_some((Ty::Any, Domain::Free));
    }
    let t = match path {
        "severity.normalized" => (Ty::Severity, Domain::Free),
        "cvss.score" | "epss.score" | "epss.percentile" => (Ty::Number, Domain::Free),
        "kev" | "fix.available" | "informational" => (Ty::Bool, Domain::Free),
        "vex.status" => (Ty::Str, Domain::VexStatus),
        "vex.justification" => (Ty::Str, Domain::VexJustification),
        "cvss.vector"
        | "fix.version"
        | "component.purl"
        | "component.ecosystem"
        | "component.name"
        | "component.version"
        | "advisory.source"
        | "advisory.id" => (Ty::Str, Domain::Free),
        _ => return None,
    };
    Some(t)
}

/// The severity rank of a name (case-insensitive): `none` 0 … `critical` 5, `unknown` 6.
pub fn severity_rank(name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    SEVERITIES.iter().position(|s| *s == lower)
}

struct Checker {
    out: Vec<Diagnostic>,
}

/// A typed expression: its type, value domain and, for string literals, the literal.
struct Typed<'a> {
    ty: Ty,
    domain: Domain,
    lit: Option<(&'a str, Span)>,
    list_lits: Vec<(&'a str, Span)>,
}

impl Typed<'_> {
    fn plain(ty: Ty) -> Self {
        Typed {
            ty,
            domain: Domain::Free,
            lit: None,
            list_lits: Vec::new(),
        }
    }
}

impl Checker {
    fn push(&mut self, kind: DiagnosticKind, span: Span, msg: impl Into<String>) {
        self.out.push(Diagnostic::new(kind, span, msg));
    }

    fn policy(&mut self, p: &Policy) {
        if p.syntax.value != SYNTAX_VERSION {
            self.out.push(
                Diagnostic::new(
                    DiagnosticKind::UnknownSyntaxVersion,
                    p.syntax.span,
                    format!("unknown syntax version {:?}", p.syntax.value),
                )
                .with_help(format!(
                    "this version of Stella reads `syntax \"{SYNTAX_VERSION}\"`"
                )),
            );
        }
        if p.name.value.trim().is_empty() {
            self.push(
                DiagnosticKind::EmptyPolicyName,
                p.name.span,
                "the policy name is empty",
            );
        }
        if p.rules.is_empty() {
            self.push(
                DiagnosticKind::EmptyPolicy,
                p.name.span,
                format!("policy {:?} has no rules", p.name.value),
            );
        }
        self.unique_keys(
            &p.metadata,
            DiagnosticKind::DuplicateMetadataKey,
            "metadata",
        );
        for e in &p.metadata {
            if !is_literal(&e.value) {
                self.push(
                    DiagnosticKind::NonLiteralMetadata,
                    e.value.span,
                    format!("metadata `{}` must be a literal value", e.key.name),
                );
            }
        }
        self.unique_keys(&p.settings, DiagnosticKind::DuplicateKey, "settings");
        for e in &p.settings {
            self.expr(&e.value, false);
        }
        let mut profiles: BTreeMap<&str, Span> = BTreeMap::new();
        for prof in &p.profiles {
            if profiles.insert(&prof.name.name, prof.name.span).is_some() {
                self.push(
                    DiagnosticKind::DuplicateProfile,
                    prof.name.span,
                    format!("profile `{}` is defined twice", prof.name.name),
                );
            }
            self.unique_keys(&prof.entries, DiagnosticKind::DuplicateKey, "profile");
            for e in &prof.entries {
                self.expr(&e.value, false);
            }
        }
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        for r in &p.rules {
            if !ids.insert(&r.id.name) {
                self.push(
                    DiagnosticKind::DuplicateRuleId,
                    r.id.span,
                    format!("rule id `{}` is used twice", r.id.name),
                );
            }
            self.rule(r);
        }
        self.reachability(p);
    }

    fn unique_keys(&mut self, entries: &[Entry], kind: DiagnosticKind, what: &str) {
        let mut seen = BTreeSet::new();
        for e in entries {
            if !seen.insert(e.key.name.as_str()) {
                self.push(
                    kind,
                    e.key.span,
                    format!("{what} key `{}` is given twice", e.key.name),
                );
            }
        }
    }

    fn rule(&mut self, r: &Rule) {
        if let Some(p) = &r.priority
            && p.value.is_none()
        {
            self.push(
                DiagnosticKind::PriorityNotInteger,
                p.span,
                format!("priority `{}` is not an integer", p.raw),
            );
        }
        let t = self.expr(&r.when, false);
        if !matches!(t.ty, Ty::Bool | Ty::Any) {
            self.push(
                DiagnosticKind::ConditionNotBoolean,
                r.when.span,
                format!(
                    "a `when` condition must be boolean, this is a {}",
                    t.ty.name()
                ),
            );
        }
        self.actions(&r.then);
        self.actions(&r.otherwise);
        self.because(&r.because);
    }

    fn because(&mut self, b: &StrLit) {
        if b.value.trim().is_empty() {
            self.push(
                DiagnosticKind::EmptyBecause,
                b.span,
                "`because` needs a rationale, not an empty string",
            );
        }
    }

    fn actions(&mut self, actions: &[Action]) {
        let mut terminal: Option<(&Action, String)> = None;
        for a in actions {
            self.action(a);
            if a.kind.is_terminal() {
                let outcome = match &a.kind {
                    ActionKind::SetStatus(s) => format!("status {:?}", s.value),
                    other => other.keyword().to_string(),
                };
                match &terminal {
                    Some((first, o)) if *o != outcome => {
                        let first_kw = first.kind.keyword();
                        self.push(
                            DiagnosticKind::ConflictingActions,
                            a.span,
                            format!(
                                "`{}` contradicts the earlier `{first_kw}` in the same branch",
                                a.kind.keyword()
                            ),
                        );
                    }
                    Some(_) => {}
                    None => terminal = Some((a, outcome)),
                }
            }
        }
    }

    fn action(&mut self, a: &Action) {
        match &a.kind {
            ActionKind::SetStatus(s) => {
                if !STATUSES.contains(&s.value.as_str()) {
                    self.out.push(
                        Diagnostic::new(
                            DiagnosticKind::UnknownStatus,
                            s.span,
                            format!("unknown status {:?}", s.value),
                        )
                        .with_help(format!("use one of: {}", STATUSES.join(", "))),
                    );
                }
            }
            ActionKind::SetSeverity(e) => {
                let t = self.expr(e, false);
                self.expect_severity(&t, e.span);
            }
            ActionKind::Warn(_) | ActionKind::Block(_) => {}
            ActionKind::Ignore { until, because } => {
                if crate::time::parse_time(&until.value).is_err() {
                    self.push(
                        DiagnosticKind::BadDate,
                        until.span,
                        format!(
                            "`{}` is not a valid date or RFC 3339 timestamp",
                            until.value
                        ),
                    );
                }
                self.because(because);
            }
            ActionKind::RequireVex(entries) => {
                self.unique_keys(entries, DiagnosticKind::DuplicateKey, "requireVex");
                for e in entries {
                    if !REQUIRE_VEX_KEYS.contains(&e.key.name.as_str()) {
                        self.out.push(
                            Diagnostic::new(
                                DiagnosticKind::UnknownRequireVexKey,
                                e.key.span,
                                format!("`requireVex` has no key `{}`", e.key.name),
                            )
                            .with_help(format!("use one of: {}", REQUIRE_VEX_KEYS.join(", "))),
                        );
                        continue;
                    }
                    let t = self.expr(&e.value, false);
                    match &t.ty {
                        Ty::Str | Ty::Any => {}
                        Ty::List(inner) if matches!(**inner, Ty::Str | Ty::Any | Ty::Null) => {}
                        other => self.push(
                            DiagnosticKind::TypeMismatch,
                            e.value.span,
                            format!(
                                "`requireVex {}` takes a string or a list of strings, not a {}",
                                e.key.name,
                                other.name()
                            ),
                        ),
                    }
                    let domain = match e.key.name.as_str() {
                        "justifications" => Domain::VexJustification,
                        "statuses" => Domain::VexStatus,
                        _ => Domain::Free,
                    };
                    let lits: Vec<_> = t.lit.into_iter().chain(t.list_lits).collect();
                    for (lit, span) in lits {
                        self.check_domain(domain, lit, span);
                    }
                }
            }
            ActionKind::Annotate { value, .. } => {
                self.expr(value, false);
            }
        }
    }

    fn expect_severity(&mut self, t: &Typed<'_>, span: Span) {
        match (&t.ty, t.lit) {
            (Ty::Severity | Ty::Any, _) => {}
            (Ty::Str, Some((lit, lspan))) => self.check_severity_lit(lit, lspan),
            (other, _) => self.push(
                DiagnosticKind::TypeMismatch,
                span,
                format!("expected a severity, found a {}", other.name()),
            ),
        }
    }

    fn check_severity_lit(&mut self, lit: &str, span: Span) {
        if severity_rank(lit).is_none() {
            self.out.push(
                Diagnostic::new(
                    DiagnosticKind::UnknownSeverity,
                    span,
                    format!("{lit:?} is not a severity"),
                )
                .with_help("use one of: none, info, low, medium, high, critical, unknown"),
            );
        }
    }

    fn check_domain(&mut self, domain: Domain, lit: &str, span: Span) {
        let (set, what) = match domain {
            Domain::Free => return,
            Domain::VexStatus => (VEX_STATUSES, "VEX status"),
            Domain::VexJustification => (VEX_JUSTIFICATIONS, "VEX justification"),
        };
        if !set.contains(&lit) {
            self.out.push(
                Diagnostic::new(
                    DiagnosticKind::UnknownVexValue,
                    span,
                    format!("{lit:?} is not a {what}"),
                )
                .with_help(format!("use one of: {}", set.join(", "))),
            );
        }
    }

    fn expr<'a>(&mut self, e: &'a Expr, vx: bool) -> Typed<'a> {
        match &e.kind {
            ExprKind::Bool(_) => Typed::plain(Ty::Bool),
            ExprKind::Null => Typed::plain(Ty::Null),
            ExprKind::Number(_) => Typed::plain(Ty::Number),
            ExprKind::Date(_) => Typed::plain(Ty::Date),
            ExprKind::Str(s) => Typed {
                lit: Some((s.as_str(), e.span)),
                ..Typed::plain(Ty::Str)
            },
            ExprKind::List(items) => {
                let mut elem = Ty::Null;
                let mut lits = Vec::new();
                for it in items {
                    let t = self.expr(it, vx);
                    if let Some(l) = t.lit {
                        lits.push(l);
                    }
                    if elem == Ty::Null {
                        elem = t.ty;
                    } else if !compatible(&elem, &t.ty) {
                        self.push(
                            DiagnosticKind::TypeMismatch,
                            it.span,
                            format!("list mixes {} and {} elements", elem.name(), t.ty.name()),
                        );
                    }
                }
                Typed {
                    list_lits: lits,
                    ..Typed::plain(Ty::List(Box::new(elem)))
                }
            }
            ExprKind::Path(segs) => self.path(segs, e.span, vx),
            ExprKind::Call { callee, args } => self.call(callee, args, e.span, vx),
            ExprKind::Not(inner) => {
                let t = self.expr(inner, vx);
                self.expect_bool(&t.ty, inner.span, "not");
                Typed::plain(Ty::Bool)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let l = self.expr(lhs, vx);
                let r = self.expr(rhs, vx);
                match op {
                    BinOp::And | BinOp::Or => {
                        self.expect_bool(&l.ty, lhs.span, op.as_str());
                        self.expect_bool(&r.ty, rhs.span, op.as_str());
                    }
                    BinOp::In => self.check_in(&l, &r, e.span),
                    _ => self.check_compare(*op, &l, &r, e.span),
                }
                Typed::plain(Ty::Bool)
            }
        }
    }

    fn expect_bool(&mut self, t: &Ty, span: Span, op: &str) {
        if !matches!(t, Ty::Bool | Ty::Any) {
            self.push(
                DiagnosticKind::TypeMismatch,
                span,
                format!("`{op}` needs a boolean operand, found a {}", t.name()),
            );
        }
    }

    /// Checks a string literal on one side against the other side's severity type or domain;
    /// returns true when the pair is settled.
    fn literal_against(&mut self, typed: &Typed<'_>, lit: Option<(&str, Span)>) -> bool {
        let Some((s, span)) = lit else { return false };
        if typed.ty == Ty::Severity {
            self.check_severity_lit(s, span);
            return true;
        }
        self.check_domain(typed.domain, s, span);
        false
    }

    fn check_compare(&mut self, op: BinOp, l: &Typed<'_>, r: &Typed<'_>, span: Span) {
        if self.literal_against(l, r.lit) || self.literal_against(r, l.lit) {
            return;
        }
        if !compatible(&l.ty, &r.ty) {
            self.push(
                DiagnosticKind::TypeMismatch,
                span,
                format!(
                    "cannot compare a {} with a {} using `{}`",
                    l.ty.name(),
                    r.ty.name(),
                    op.as_str()
                ),
            );
            return;
        }
        if op.is_ordering() {
            let ordered =
                |t: &Ty| matches!(t, Ty::Number | Ty::Str | Ty::Severity | Ty::Date | Ty::Any);
            if !ordered(&l.ty) || !ordered(&r.ty) {
                let bad = if ordered(&l.ty) { &r.ty } else { &l.ty };
                self.push(
                    DiagnosticKind::TypeMismatch,
                    span,
                    format!("`{}` cannot order a {}", op.as_str(), bad.name()),
                );
            }
        }
    }

    fn check_in(&mut self, l: &Typed<'_>, r: &Typed<'_>, span: Span) {
        match &r.ty {
            Ty::Any => {}
            Ty::List(elem) => {
                if l.ty == Ty::Severity && matches!(**elem, Ty::Str) {
                    for (s, sp) in &r.list_lits {
                        self.check_severity_lit(s, *sp);
                    }
                } else if !compatible(&l.ty, elem) {
                    self.push(
                        DiagnosticKind::TypeMismatch,
                        span,
                        format!(
                            "`in` looks for a {} in a list of {}",
                            l.ty.name(),
                            elem.name()
                        ),
                    );
                } else {
                    for (s, sp) in &r.list_lits {
                        self.check_domain(l.domain, s, *sp);
                    }
                }
            }
            other => self.push(
                DiagnosticKind::TypeMismatch,
                span,
                format!("`in` needs a list on its right, found a {}", other.name()),
            ),
        }
    }

    fn path<'a>(&mut self, segs: &[Ident], span: Span, vx: bool) -> Typed<'a> {
        let name = dotted(segs);
        if let Some((ty, domain)) = field(&name, vx) {
            return Typed {
                domain,
                ..Typed::plain(ty)
            };
        }
        if segs.len() == 1 && severity_rank(&name).is_some() {
            return Typed::plain(Ty::Severity);
        }
        let mut d = Diagnostic::new(
            DiagnosticKind::UnknownFieldPath,
            span,
            format!("unknown field `{name}`"),
        );
        if !vx && matches!(name.as_str(), "status" | "justification" | "issuer") {
            d = d.with_help(format!("`{name}` is only defined inside `vex.any(…)`"));
        }
        self.out.push(d);
        Typed::plain(Ty::Any)
    }

    fn call<'a>(&mut self, callee: &[Ident], args: &'a [Expr], span: Span, vx: bool) -> Typed<'a> {
        let name = dotted(callee);
        let (min, max) = match name.as_str() {
            "vex.any" | "sbom.has_tag" => (1, Some(1)),
            "coalesce" => (2, None),
            _ => {
                self.out.push(
                    Diagnostic::new(
                        DiagnosticKind::UnknownFunction,
                        span,
                        format!("unknown function `{name}`"),
                    )
                    .with_help("functions are `vex.any(…)`, `sbom.has_tag(…)` and `coalesce(…)`"),
                );
                // Still check the arguments, in VEX scope for a misspelt `vex.*` function, so
                // that only the name is reported.
                let scope = vx || name.starts_with("vex.");
                for a in args {
                    self.expr(a, scope);
                }
                return Typed::plain(Ty::Any);
            }
        };
        if args.len() < min || max.is_some_and(|m| args.len() > m) {
            let want = match max {
                Some(m) if m == min => format!("{min}"),
                _ => format!("at least {min}"),
            };
            self.push(
                DiagnosticKind::WrongArity,
                span,
                format!("`{name}` takes {want} argument(s), given {}", args.len()),
            );
        }
        match name.as_str() {
            "vex.any" => {
                for a in args {
                    let t = self.expr(a, true);
                    self.expect_bool(&t.ty, a.span, "vex.any");
                }
                Typed::plain(Ty::Bool)
            }
            "sbom.has_tag" => {
                for a in args {
                    let t = self.expr(a, vx);
                    if !matches!(t.ty, Ty::Str | Ty::Any) {
                        self.push(
                            DiagnosticKind::TypeMismatch,
                            a.span,
                            format!("`sbom.has_tag` takes a string, found a {}", t.ty.name()),
                        );
                    }
                }
                Typed::plain(Ty::Bool)
            }
            _ => {
                let mut result = Ty::Null;
                let mut domain = Domain::Free;
                for a in args {
                    let t = self.expr(a, vx);
                    if result == Ty::Null {
                        result = t.ty;
                        domain = t.domain;
                    } else if !compatible(&result, &t.ty) {
                        self.push(
                            DiagnosticKind::TypeMismatch,
                            a.span,
                            format!("`coalesce` mixes a {} and a {}", result.name(), t.ty.name()),
                        );
                    }
                }
                Typed {
                    domain,
                    ..Typed::plain(result)
                }
            }
        }
    }

    fn reachability(&mut self, p: &Policy) {
        let ordered = p.rules_in_order();
        let mut earlier: Vec<(&Rule, String)> = Vec::new();
        for r in ordered {
            if const_bool(&r.when) == Some(false) {
                self.out.push(
                    Diagnostic::new(
                        DiagnosticKind::NeverMatches,
                        r.when.span,
                        format!(
                            "rule `{}` can never match: its condition is always false",
                            r.id.name
                        ),
                    )
                    .with_help("remove the rule or fix its condition"),
                );
            }
            let cond = r.when.to_string();
            let shadow = earlier.iter().find(|(a, c)| {
                let terminal = a.then.iter().any(|x| x.kind.is_terminal());
                terminal && (*c == cond || const_bool(&a.when) == Some(true))
            });
            if let Some((a, _)) = shadow {
                self.out.push(
                    Diagnostic::new(
                        DiagnosticKind::ShadowedRule,
                        r.id.span,
                        format!(
                            "rule `{}` is shadowed by rule `{}` (priority {}), which matches first with the same condition and settles the outcome",
                            r.id.name,
                            a.id.name,
                            a.priority_value()
                        ),
                    )
                    .with_help("merge the rules or give them different conditions"),
                );
            }
            earlier.push((r, cond));
        }
    }
}

fn compatible(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Any, _) | (_, Ty::Any) | (Ty::Null, _) | (_, Ty::Null) => true,
        (Ty::List(x), Ty::List(y)) => compatible(x, y),
        _ => a == b,
    }
}

fn is_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Bool(_)
        | ExprKind::Null
        | ExprKind::Number(_)
        | ExprKind::Str(_)
        | ExprKind::Date(_) => true,
        ExprKind::List(items) => items.iter().all(is_literal),
        _ => false,
    }
}

/// The value of a condition when it does not depend on the finding (`false`, `not true`,
/// `x and false`), else `None`.
pub fn const_bool(e: &Expr) -> Option<bool> {
    match &e.kind {
        ExprKind::Bool(b) => Some(*b),
        ExprKind::Not(inner) => const_bool(inner).map(|b| !b),
        ExprKind::Binary {
            op: BinOp::And,
            lhs,
            rhs,
        } => match (const_bool(lhs), const_bool(rhs)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        ExprKind::Binary {
            op: BinOp::Or,
            lhs,
            rhs,
        } => match (const_bool(lhs), const_bool(rhs)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        _ => None,
    }
}
