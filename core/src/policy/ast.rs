//! The syntax tree of a `stella-dsl@1` policy, as written: every node keeps the byte [`Span`] of
//! its source so that diagnostics and explain traces can point back into the file.
//!
//! The tree is deliberately untyped: names such as `severity.normalized` or `High` stay
//! [`ExprKind::Path`]s, and only [`super::lint`] decides what they mean. Keeping resolution out of
//! the parser lets the linter report every unknown name at once instead of stopping at the first.

use std::fmt;

/// A half-open byte range `start..end` into the policy source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given the wrong way round).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start.min(end),
            end: start.max(end),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// 1-based line and column (in characters) of the start of this span in `src`.
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        line_col(src, self.start)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `src`; offsets past the end or
/// inside a UTF-8 sequence are clamped to the preceding character boundary.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut off = offset.min(src.len());
    while !src.is_char_boundary(off) {
        off -= 1;
    }
    let before = &src[..off];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// A name as written (a rule id, a metadata key, a path segment…).
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The text.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// A string literal, unescaped.
#[derive(Debug, Clone, PartialEq)]
pub struct StrLit {
    /// The value after unescaping.
    pub value: String,
    /// Where it is, quotes included.
    pub span: Span,
}

/// A whole `policy "<name>" syntax "<version>" { … }` file.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The policy name.
    pub name: StrLit,
    /// The declared syntax version (only `stella-dsl@1` is known).
    pub syntax: StrLit,
    /// `metadata { … }` entries, in file order (several blocks are concatenated).
    pub metadata: Vec<Entry>,
    /// `settings { … }` entries, in file order.
    pub settings: Vec<Entry>,
    /// `profile <name> { … }` blocks, in file order.
    pub profiles: Vec<Profile>,
    /// Rules, in file order (evaluation order is decided by [`Policy::rules_in_order`]).
    pub rules: Vec<Rule>,
    /// The whole policy.
    pub span: Span,
}

impl Policy {
    /// Rules in evaluation order: ascending priority (no priority counts as 0), ties by rule id
    /// (byte order), then file position — so reordering rules in the file never changes results.
    pub fn rules_in_order(&self) -> Vec<&Rule> {
        let mut rules: Vec<&Rule> = self.rules.iter().collect();
        rules.sort_by(|a, b| {
            a.priority_value()
                .cmp(&b.priority_value())
                .then_with(|| a.id.name.cmp(&b.id.name))
                .then_with(|| a.span.start.cmp(&b.span.start))
        });
        rules
    }
}

/// A `key = <expr>` line in `metadata`, `settings` or a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: Ident,
    /// The value.
    pub value: Expr,
    /// The whole entry.
    pub span: Span,
}

/// A `profile <name> { key = <expr> … }` block: named tunables the rules can refer to later.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The profile name.
    pub name: Ident,
    /// Its entries.
    pub entries: Vec<Entry>,
    /// The whole block.
    pub span: Span,
}

/// The `priority N` clause of a rule, kept as written so the linter can reject `1.5`.
#[derive(Debug, Clone, PartialEq)]
pub struct Priority {
    /// The value when it is an integer that fits an `i64`, else `None`.
    pub value: Option<i64>,
    /// The text as written.
    pub raw: String,
    /// Where it is.
    pub span: Span,
}

/// `rule <id> [priority N] { when <expr> then <actions> [else <actions>] because "<text>" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The rule id.
    pub id: Ident,
    /// The priority clause, if any.
    pub priority: Option<Priority>,
    /// The condition.
    pub when: Expr,
    /// Actions when the condition is true.
    pub then: Vec<Action>,
    /// Actions when the condition is false (never when it is unknown).
    pub otherwise: Vec<Action>,
    /// The rationale (required).
    pub because: StrLit,
    /// The whole rule.
    pub span: Span,
}

impl Rule {
    /// The effective priority (0 when absent or not an integer).
    pub fn priority_value(&self) -> i64 {
        self.priority.as_ref().and_then(|p| p.value).unwrap_or(0)
    }
}

/// An action in a `then` or `else` branch.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// What it does.
    pub kind: ActionKind,
    /// Where it is.
    pub span: Span,
}

/// The actions of `stella-dsl@1`.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionKind {
    /// `status := "<status>"`.
    SetStatus(StrLit),
    /// `severity := <expr>`.
    SetSeverity(Expr),
    /// `warn ["message"]`.
    Warn(Option<StrLit>),
    /// `block ["message"]`.
    Block(Option<StrLit>),
    /// `ignore until <date> because "<text>"`.
    Ignore {
        /// The expiry as written (a date literal or a string).
        until: StrLit,
        /// Why.
        because: StrLit,
    },
    /// `requireVex { key = value … }`.
    RequireVex(Vec<Entry>),
    /// `annotate <key> := <expr>`.
    Annotate {
        /// The annotation key.
        key: Ident,
        /// Its value.
        value: Expr,
    },
}

impl ActionKind {
    /// Whether this action settles the finding's outcome, so that later rules with the same
    /// condition cannot change it (used for shadowing warnings).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            ActionKind::Block(_) | ActionKind::Ignore { .. } | ActionKind::SetStatus(_)
        )
    }

    /// The action keyword.
    pub fn keyword(&self) -> &'static str {
        match self {
            ActionKind::SetStatus(_) => "status",
            ActionKind::SetSeverity(_) => "severity",
            ActionKind::Warn(_) => "warn",
            ActionKind::Block(_) => "block",
            ActionKind::Ignore { .. } => "ignore",
            ActionKind::RequireVex(_) => "requireVex",
            ActionKind::Annotate { .. } => "annotate",
        }
    }
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// Binary operators, from loosest to tightest: `or`, `and`, then the comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
}

impl BinOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
        }
    }

    /// Whether this is `<`, `<=`, `>` or `>=`.
    pub fn is_ordering(self) -> bool {
        matches!(self, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge)
    }
}

/// Expression forms.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A number (integers and decimals; `-` is folded into the literal).
    Number(f64),
    /// A string literal.
    Str(String),
    /// A bare date or timestamp literal such as `2026-12-31`.
    Date(String),
    /// `[a, b, …]`.
    List(Vec<Expr>),
    /// A dotted name: `severity.normalized`, `kev`, `env.exposure`, `High`.
    Path(Vec<Ident>),
    /// A call: `vex.any(…)`, `sbom.has_tag("x")`, `coalesce(a, b)`.
    Call {
        /// The function name (dotted).
        callee: Vec<Ident>,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `not <expr>`.
    Not(Box<Expr>),
    /// `<lhs> <op> <rhs>`.
    Binary {
        /// The operator.
        op: BinOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
}

/// Joins path segments with dots.
pub fn dotted(segments: &[Ident]) -> String {
    let mut out = String::new();
    for (i, s) in segments.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&s.name);
    }
    out
}

/// The canonical text of an expression (fully parenthesised, spans ignored): two conditions
/// are the same for shadowing purposes exactly when their canonical texts are equal.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Null => f.write_str("null"),
            ExprKind::Number(n) => write!(f, "{n}"),
            ExprKind::Str(s) => write!(f, "{s:?}"),
            ExprKind::Date(d) => f.write_str(d),
            ExprKind::List(items) => {
                f.write_str("[")?;
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str("]")
            }
            ExprKind::Path(p) => f.write_str(&dotted(p)),
            ExprKind::Call { callee, args } => {
                write!(f, "{}(", dotted(callee))?;
                for (i, e) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str(")")
            }
            ExprKind::Not(e) => write!(f, "(not {e})"),
            ExprKind::Binary { op, lhs, rhs } => write!(f, "({lhs} {} {rhs})", op.as_str()),
        }
    }
}
