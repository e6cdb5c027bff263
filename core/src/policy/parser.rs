//! Recursive-descent parser for `stella-dsl@1`.
//!
//! Hand-written rather than built on a parser crate: the grammar is small (one file header,
//! four kinds of block, a six-level expression grammar), the only candidate already in the
//! lock file (`winnow`) is there for `toml` and would give byte-oriented errors we would have to
//! re-map anyway, and hand-written code lets every error carry its own [`DiagnosticKind`] and the
//! span a user needs ("unclosed brace" points at the `{`, "missing because" at the rule's `}`).
//!
//! The parser stops at the first syntax error; name resolution and types are checked by
//! [`super::lint`], which reports everything it finds. Nesting is bounded
//! ([`MAX_DEPTH`]) so hostile input cannot overflow the stack.

use super::ast::{
    Action, ActionKind, BinOp, Entry, Expr, ExprKind, Ident, Policy, Priority, Profile, Rule, Span,
    StrLit,
};
use super::lexer::{Token, TokenKind, lex};
use super::lint::{Diagnostic, DiagnosticKind};

/// The deepest nesting of parentheses, lists, calls and `not` accepted.
pub const MAX_DEPTH: usize = 64;

/// Words that end or structure an expression and so can never start a path.
const RESERVED: &[&str] = &[
    "and", "or", "not", "in", "when", "then", "else", "because", "rule", "priority",
];

/// Parse a whole policy file.
///
/// # Errors
/// The first lexical or syntax error, with its kind and span.
pub fn parse(src: &str) -> Result<Policy, Diagnostic> {
    let tokens = lex(src)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        open: Vec::new(),
        depth: 0,
    };
    p.policy()
}

/// Parse a single expression (used by tests and by callers that take a condition on its own).
///
/// # Errors
/// The first lexical or syntax error, or trailing input after the expression.
pub fn parse_expr(src: &str) -> Result<Expr, Diagnostic> {
    let tokens = lex(src)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        open: Vec::new(),
        depth: 0,
    };
    let e = p.expr()?;
    if p.peek() != &TokenKind::Eof {
        return Err(p.unexpected("end of expression"));
    }
    Ok(e)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Spans and text of the delimiters opened and not yet closed.
    open: Vec<(Span, &'static str)>,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &TokenKind {
        &self.tokens[self.pos].kind
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.tokens[self.pos - 1].span.end
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), TokenKind::Ident(s) if s == w)
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        if self.peek() == kind {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, w: &str) -> bool {
        if self.is_word(w) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// The error for the current token when `expected` was wanted.
    fn unexpected(&self, expected: &str) -> Diagnostic {
        if self.peek() == &TokenKind::Eof
            && let Some((span, delim)) = self.open.last()
        {
            return Diagnostic::new(
                DiagnosticKind::UnclosedBrace,
                *span,
                format!("`{delim}` is never closed"),
            );
        }
        Diagnostic::new(
            DiagnosticKind::UnexpectedToken,
            self.span(),
            format!("expected {expected}, found {}", self.peek().describe()),
        )
    }

    fn expect(&mut self, kind: &TokenKind, expected: &str) -> Result<Token, Diagnostic> {
        if self.peek() == kind {
            Ok(self.bump())
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn expect_word(&mut self, w: &str) -> Result<Token, Diagnostic> {
        if self.is_word(w) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(&format!("`{w}`")))
        }
    }

    fn open(&mut self, kind: TokenKind, text: &'static str) -> Result<Span, Diagnostic> {
        let t = self.expect(&kind, &format!("`{text}`"))?;
        self.open.push((t.span, text));
        Ok(t.span)
    }

    fn close(&mut self, kind: TokenKind, text: &'static str) -> Result<Span, Diagnostic> {
        let t = self.expect(&kind, &format!("`{text}`"))?;
        self.open.pop();
        Ok(t.span)
    }

    fn enter(&mut self) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            // Point at the delimiter (or `not`) that opened the level too many.
            let at = self.tokens[self.pos.saturating_sub(1)].span;
            return Err(Diagnostic::new(
                DiagnosticKind::NestingTooDeep,
                at,
                format!("expression nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn string(&mut self, expected: &str) -> Result<StrLit, Diagnostic> {
        match self.peek().clone() {
            TokenKind::Str(value) => {
                let t = self.bump();
                Ok(StrLit {
                    value,
                    span: t.span,
                })
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn ident(&mut self, expected: &str) -> Result<Ident, Diagnostic> {
        match self.peek().clone() {
            TokenKind::Ident(name) => {
                let t = self.bump();
                Ok(Ident { name, span: t.span })
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn policy(&mut self) -> Result<Policy, Diagnostic> {
        let start = self.span().start;
        self.expect_word("policy")?;
        let name = self.string("the policy name as a string")?;
        if !self.is_word("syntax") {
            if self.peek() == &TokenKind::LBrace {
                return Err(Diagnostic::new(
                    DiagnosticKind::MissingSyntax,
                    self.span(),
                    "the policy header must declare its language: `syntax \"stella-dsl@1\"`",
                ));
            }
            return Err(self.unexpected("`syntax`"));
        }
        self.bump();
        let syntax = self.string("the syntax version as a string")?;
        self.open(TokenKind::LBrace, "{")?;
        let mut policy = Policy {
            name,
            syntax,
            metadata: Vec::new(),
            settings: Vec::new(),
            profiles: Vec::new(),
            rules: Vec::new(),
            span: Span::default(),
        };
        loop {
            match self.peek().clone() {
                TokenKind::RBrace => break,
                TokenKind::Ident(w) => match w.as_str() {
                    "metadata" => {
                        self.bump();
                        let entries = self.entries()?;
                        policy.metadata.extend(entries);
                    }
                    "settings" => {
                        self.bump();
                        let entries = self.entries()?;
                        policy.settings.extend(entries);
                    }
                    "profile" => {
                        let s = self.bump().span;
                        let name = self.ident("a profile name")?;
                        let entries = self.entries()?;
                        policy.profiles.push(Profile {
                            name,
                            entries,
                            span: Span::new(s.start, self.prev_end()),
                        });
                    }
                    "rule" => {
                        let rule = self.rule()?;
                        policy.rules.push(rule);
                    }
                    other => {
                        return Err(Diagnostic::new(
                            DiagnosticKind::UnknownSection,
                            self.span(),
                            format!(
                                "unknown section `{other}`: expected `metadata`, `settings`, `profile` or `rule`"
                            ),
                        ));
                    }
                },
                _ => {
                    return Err(self.unexpected("`metadata`, `settings`, `profile`, `rule` or `}`"));
                }
            }
        }
        self.close(TokenKind::RBrace, "}")?;
        policy.span = Span::new(start, self.prev_end());
        if self.peek() != &TokenKind::Eof {
            return Err(self.unexpected("end of file after the policy's closing `}`"));
        }
        Ok(policy)
    }

    /// `{ key = expr [,;] … }`
    fn entries(&mut self) -> Result<Vec<Entry>, Diagnostic> {
        self.open(TokenKind::LBrace, "{")?;
        let mut out = Vec::new();
        while self.peek() != &TokenKind::RBrace {
            let key = self.ident("a key or `}`")?;
            if !(self.eat(&TokenKind::Equals) || self.eat(&TokenKind::Colon)) {
                return Err(self.unexpected("`=` after the key"));
            }
            let value = self.expr()?;
            let span = key.span.to(value.span);
            out.push(Entry { key, value, span });
            let _ = self.eat(&TokenKind::Comma) || self.eat(&TokenKind::Semi);
        }
        self.close(TokenKind::RBrace, "}")?;
        Ok(out)
    }

    fn rule(&mut self) -> Result<Rule, Diagnostic> {
        let start = self.bump().span.start;
        let id = self.ident("a rule id")?;
        let priority = if self.eat_word("priority") {
            Some(self.priority()?)
        } else {
            None
        };
        self.open(TokenKind::LBrace, "{")?;
        self.expect_word("when")?;
        let when = self.expr()?;
        self.expect_word("then")?;
        let then = self.actions()?;
        let otherwise = if self.eat_word("else") {
            self.actions()?
        } else {
            Vec::new()
        };
        if self.peek() == &TokenKind::RBrace {
            return Err(Diagnostic::new(
                DiagnosticKind::MissingBecause,
                self.span(),
                format!("rule `{}` has no `because \"…\"` rationale", id.name),
            ));
        }
        self.expect_word("because")?;
        let because = self.string("the rationale as a string after `because`")?;
        self.close(TokenKind::RBrace, "}")?;
        Ok(Rule {
            id,
            priority,
            when,
            then,
            otherwise,
            because,
            span: Span::new(start, self.prev_end()),
        })
    }

    fn priority(&mut self) -> Result<Priority, Diagnostic> {
        let start = self.span();
        let neg = self.eat(&TokenKind::Minus);
        match self.peek().clone() {
            TokenKind::Number(raw) => {
                let t = self.bump();
                let raw = if neg { format!("-{raw}") } else { raw };
                Ok(Priority {
                    value: raw.parse::<i64>().ok(),
                    raw,
                    span: start.to(t.span),
                })
            }
            other => Err(Diagnostic::new(
                DiagnosticKind::PriorityNotInteger,
                self.span(),
                format!(
                    "`priority` must be followed by an integer, found {}",
                    other.describe()
                ),
            )),
        }
    }

    /// One or more actions, up to `else`, `because` or `}`.
    fn actions(&mut self) -> Result<Vec<Action>, Diagnostic> {
        let mut out = vec![self.action()?];
        loop {
            while self.eat(&TokenKind::Semi) {}
            if self.is_word("else") || self.is_word("because") || self.peek() == &TokenKind::RBrace
            {
                return Ok(out);
            }
            if self.peek() == &TokenKind::Eof {
                return Err(self.unexpected("an action"));
            }
            out.push(self.action()?);
        }
    }

    fn action(&mut self) -> Result<Action, Diagnostic> {
        let word = match self.peek().clone() {
            TokenKind::Ident(w) => w,
            _ => return Err(self.unexpected("an action")),
        };
        let start = self.span();
        let kind = match word.as_str() {
            "status" => {
                self.bump();
                self.expect(&TokenKind::Assign, "`:=`")?;
                ActionKind::SetStatus(self.string("a status string")?)
            }
            "severity" => {
                self.bump();
                self.expect(&TokenKind::Assign, "`:=`")?;
                ActionKind::SetSeverity(self.expr()?)
            }
            "warn" | "block" => {
                self.bump();
                let msg = match self.peek() {
                    TokenKind::Str(_) => Some(self.string("a message")?),
                    _ => None,
                };
                if word == "warn" {
                    ActionKind::Warn(msg)
                } else {
                    ActionKind::Block(msg)
                }
            }
            "ignore" => {
                self.bump();
                self.expect_word("until")?;
                let until = match self.peek().clone() {
                    TokenKind::Date(d) => {
                        let t = self.bump();
                        StrLit {
                            value: d,
                            span: t.span,
                        }
                    }
                    TokenKind::Str(_) => self.string("a date")?,
                    TokenKind::Number(n) | TokenKind::Ident(n) => {
                        return Err(Diagnostic::new(
                            DiagnosticKind::BadDate,
                            self.span(),
                            format!("`{n}` is not a date: write `ignore until 2026-12-31`"),
                        ));
                    }
                    _ => return Err(self.unexpected("a date such as `2026-12-31`")),
                };
                self.expect_word("because")?;
                let because = self.string("the reason as a string")?;
                ActionKind::Ignore { until, because }
            }
            "requireVex" => {
                self.bump();
                ActionKind::RequireVex(self.entries()?)
            }
            "annotate" => {
                self.bump();
                let key = self.ident("an annotation key")?;
                self.expect(&TokenKind::Assign, "`:=`")?;
                ActionKind::Annotate {
                    key,
                    value: self.expr()?,
                }
            }
            other => {
                return Err(Diagnostic::new(
                    DiagnosticKind::UnknownAction,
                    start,
                    format!(
                        "unknown action `{other}`: expected `status :=`, `severity :=`, `warn`, `block`, `ignore until`, `requireVex` or `annotate`"
                    ),
                ));
            }
        };
        Ok(Action {
            kind,
            span: Span::new(start.start, self.prev_end()),
        })
    }

    /// An expression.
    pub(crate) fn expr(&mut self) -> Result<Expr, Diagnostic> {
        self.enter()?;
        let r = self.or();
        self.leave();
        r
    }

    fn or(&mut self) -> Result<Expr, Diagnostic> {
        let mut lhs = self.and()?;
        while self.eat_word("or") {
            let rhs = self.and()?;
            lhs = binary(BinOp::Or, lhs, rhs);
        }
        Ok(lhs)
    }

    fn and(&mut self) -> Result<Expr, Diagnostic> {
        let mut lhs = self.not()?;
        while self.eat_word("and") {
            let rhs = self.not()?;
            lhs = binary(BinOp::And, lhs, rhs);
        }
        Ok(lhs)
    }

    fn not(&mut self) -> Result<Expr, Diagnostic> {
        if self.is_word("not") {
            let start = self.bump().span;
            self.enter()?;
            let inner = self.not();
            self.leave();
            let inner = inner?;
            let span = start.to(inner.span);
            return Ok(Expr {
                kind: ExprKind::Not(Box::new(inner)),
                span,
            });
        }
        self.comparison()
    }

    fn comparison_op(&self) -> Option<BinOp> {
        Some(match self.peek() {
            TokenKind::EqEq => BinOp::Eq,
            TokenKind::NotEq => BinOp::Ne,
            TokenKind::Lt => BinOp::Lt,
            TokenKind::Le => BinOp::Le,
            TokenKind::Gt => BinOp::Gt,
            TokenKind::Ge => BinOp::Ge,
            TokenKind::Ident(w) if w == "in" => BinOp::In,
            _ => return None,
        })
    }

    fn comparison(&mut self) -> Result<Expr, Diagnostic> {
        let lhs = self.primary()?;
        let Some(op) = self.comparison_op() else {
            return Ok(lhs);
        };
        self.bump();
        let rhs = self.primary()?;
        if self.comparison_op().is_some() {
            return Err(Diagnostic::new(
                DiagnosticKind::ChainedComparison,
                self.span(),
                "comparisons cannot be chained: combine them with `and`",
            ));
        }
        Ok(binary(op, lhs, rhs))
    }

    fn primary(&mut self) -> Result<Expr, Diagnostic> {
        let t = self.tokens[self.pos].clone();
        let kind = match t.kind {
            TokenKind::Number(raw) => {
                self.bump();
                return Ok(Expr {
                    kind: ExprKind::Number(number(&raw)),
                    span: t.span,
                });
            }
            TokenKind::Minus => {
                self.bump();
                match self.peek().clone() {
                    TokenKind::Number(raw) => {
                        let n = self.bump();
                        return Ok(Expr {
                            kind: ExprKind::Number(-number(&raw)),
                            span: t.span.to(n.span),
                        });
                    }
                    _ => return Err(self.unexpected("a number after `-`")),
                }
            }
            TokenKind::Str(s) => {
                self.bump();
                ExprKind::Str(s)
            }
            TokenKind::Date(d) => {
                self.bump();
                ExprKind::Date(d)
            }
            TokenKind::LParen => {
                self.open(TokenKind::LParen, "(")?;
                let inner = self.expr()?;
                let end = self.close(TokenKind::RParen, ")")?;
                return Ok(Expr {
                    kind: inner.kind,
                    span: t.span.to(end),
                });
            }
            TokenKind::LBracket => {
                self.open(TokenKind::LBracket, "[")?;
                self.enter()?;
                let items = self.list_items(TokenKind::RBracket);
                self.leave();
                let items = items?;
                let end = self.close(TokenKind::RBracket, "]")?;
                return Ok(Expr {
                    kind: ExprKind::List(items),
                    span: t.span.to(end),
                });
            }
            TokenKind::Ident(w) => match w.as_str() {
                "true" => {
                    self.bump();
                    ExprKind::Bool(true)
                }
                "false" => {
                    self.bump();
                    ExprKind::Bool(false)
                }
                "null" => {
                    self.bump();
                    ExprKind::Null
                }
                w if RESERVED.contains(&w) => return Err(self.unexpected("an expression")),
                _ => return self.path_or_call(),
            },
            _ => return Err(self.unexpected("an expression")),
        };
        Ok(Expr { kind, span: t.span })
    }

    fn list_items(&mut self, close: TokenKind) -> Result<Vec<Expr>, Diagnostic> {
        let mut items = Vec::new();
        while self.peek() != &close {
            items.push(self.expr()?);
            if !self.eat(&TokenKind::Comma) {
                break;
            }
        }
        Ok(items)
    }

    fn path_or_call(&mut self) -> Result<Expr, Diagnostic> {
        let first = self.ident("a name")?;
        let start = first.span;
        let mut segs = vec![first];
        while self.peek() == &TokenKind::Dot {
            self.bump();
            segs.push(self.ident("a field name after `.`")?);
        }
        if self.peek() == &TokenKind::LParen {
            self.open(TokenKind::LParen, "(")?;
            self.enter()?;
            let args = self.list_items(TokenKind::RParen);
            self.leave();
            let args = args?;
            let end = self.close(TokenKind::RParen, ")")?;
            return Ok(Expr {
                kind: ExprKind::Call { callee: segs, args },
                span: start.to(end),
            });
        }
        let end = segs.last().map_or(start, |s| s.span);
        Ok(Expr {
            kind: ExprKind::Path(segs),
            span: start.to(end),
        })
    }
}

fn number(raw: &str) -> f64 {
    raw.parse::<f64>().unwrap_or(f64::NAN)
}

fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    let span = lhs.span.to(rhs.span);
    Expr {
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    }
}
