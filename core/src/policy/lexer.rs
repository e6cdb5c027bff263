//! Turns `stella-dsl@1` source into [`Token`]s with byte spans.
//!
//! Comments are `#` or `//` to the end of the line and `/* … */`. Identifiers may contain `-`
//! after the first character (rule ids such as `block-kev`): the language has no subtraction, so
//! nothing is lost. A literal starting with four digits and a `-` (`2026-12-31`,
//! `2026-12-31T00:00:00Z`) is a [`TokenKind::Date`], checked later by the linter so that a bad
//! date is reported as a bad date rather than as stray tokens.

use super::ast::Span;
use super::lint::{Diagnostic, DiagnosticKind};

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A name or keyword (`policy`, `rule`, `and`, `severity`, `block-kev`).
    Ident(String),
    /// A string literal, unescaped.
    Str(String),
    /// A number as written (`3`, `7.5`).
    Number(String),
    /// A date or timestamp literal as written.
    Date(String),
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `:`
    Colon,
    /// `.`
    Dot,
    /// `:=`
    Assign,
    /// `=`
    Equals,
    /// `==`
    EqEq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=>`
    Arrow,
    /// `-`
    Minus,
    /// `+`
    Plus,
    /// End of input.
    Eof,
}

impl TokenKind {
    /// How the token is shown in "expected …, found …" messages.
    pub fn describe(&self) -> String {
        match self {
            TokenKind::Ident(s) => format!("`{s}`"),
            TokenKind::Str(s) => format!("string {s:?}"),
            TokenKind::Number(n) => format!("number `{n}`"),
            TokenKind::Date(d) => format!("date `{d}`"),
            TokenKind::Eof => "end of file".to_string(),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            TokenKind::LBrace => "{",
            TokenKind::RBrace => "}",
            TokenKind::LParen => "(",
            TokenKind::RParen => ")",
            TokenKind::LBracket => "[",
            TokenKind::RBracket => "]",
            TokenKind::Comma => ",",
            TokenKind::Semi => ";",
            TokenKind::Colon => ":",
            TokenKind::Dot => ".",
            TokenKind::Assign => ":=",
            TokenKind::Equals => "=",
            TokenKind::EqEq => "==",
            TokenKind::NotEq => "!=",
            TokenKind::Lt => "<",
            TokenKind::Le => "<=",
            TokenKind::Gt => ">",
            TokenKind::Ge => ">=",
            TokenKind::Arrow => "=>",
            TokenKind::Minus => "-",
            TokenKind::Plus => "+",
            _ => "?",
        }
    }
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// Split `src` into tokens, ending with [`TokenKind::Eof`].
///
/// # Errors
/// The first lexical error: [`DiagnosticKind::UnterminatedString`],
/// [`DiagnosticKind::UnterminatedComment`], [`DiagnosticKind::InvalidEscape`],
/// [`DiagnosticKind::InvalidCharacter`] or [`DiagnosticKind::InvalidNumber`].
pub fn lex(src: &str) -> Result<Vec<Token>, Diagnostic> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => match find(bytes, i + 2, b"*/") {
                Some(end) => i = end + 2,
                None => {
                    return Err(Diagnostic::new(
                        DiagnosticKind::UnterminatedComment,
                        Span::new(start, start + 2),
                        "block comment is never closed",
                    ));
                }
            },
            b'"' => {
                let (value, end) = lex_string(src, i)?;
                out.push(tok(TokenKind::Str(value), start, end));
                i = end;
            }
            b'0'..=b'9' => {
                let (kind, end) = lex_number(src, i)?;
                out.push(tok(kind, start, end));
                i = end;
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
                let mut j = i + 1;
                while j < bytes.len()
                    && (bytes[j].is_ascii_alphanumeric()
                        || bytes[j] == b'_'
                        || (bytes[j] == b'-'
                            && bytes
                                .get(j + 1)
                                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')))
                {
                    j += 1;
                }
                out.push(tok(TokenKind::Ident(src[i..j].to_string()), start, j));
                i = j;
            }
            _ => {
                let two = bytes.get(i + 1).copied();
                let (kind, len) = match (c, two) {
                    (b':', Some(b'=')) => (TokenKind::Assign, 2),
                    (b'=', Some(b'=')) => (TokenKind::EqEq, 2),
                    (b'=', Some(b'>')) => (TokenKind::Arrow, 2),
                    (b'!', Some(b'=')) => (TokenKind::NotEq, 2),
                    (b'<', Some(b'=')) => (TokenKind::Le, 2),
                    (b'>', Some(b'=')) => (TokenKind::Ge, 2),
                    (b'{', _) => (TokenKind::LBrace, 1),
                    (b'}', _) => (TokenKind::RBrace, 1),
                    (b'(', _) => (TokenKind::LParen, 1),
                    (b')', _) => (TokenKind::RParen, 1),
                    (b'[', _) => (TokenKind::LBracket, 1),
                    (b']', _) => (TokenKind::RBracket, 1),
                    (b',', _) => (TokenKind::Comma, 1),
                    (b';', _) => (TokenKind::Semi, 1),
                    (b':', _) => (TokenKind::Colon, 1),
                    (b'.', _) => (TokenKind::Dot, 1),
                    (b'=', _) => (TokenKind::Equals, 1),
                    (b'<', _) => (TokenKind::Lt, 1),
                    (b'>', _) => (TokenKind::Gt, 1),
                    (b'-', _) => (TokenKind::Minus, 1),
                    (b'+', _) => (TokenKind::Plus, 1),
                    _ => {
                        let ch = src[i..].chars().next().unwrap_or('\u{fffd}');
                        return Err(Diagnostic::new(
                            DiagnosticKind::InvalidCharacter,
                            Span::new(i, i + ch.len_utf8()),
                            format!("unexpected character {ch:?}"),
                        ));
                    }
                };
                out.push(tok(kind, start, i + len));
                i += len;
            }
        }
    }
    out.push(tok(TokenKind::Eof, src.len(), src.len()));
    Ok(out)
}

fn tok(kind: TokenKind, start: usize, end: usize) -> Token {
    Token {
        kind,
        span: Span::new(start, end),
    }
}

fn skip_line(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..bytes.len().saturating_sub(needle.len() - 1)).find(|&k| bytes[k..].starts_with(needle))
}

/// A string from the opening quote at `start`; returns the value and the end offset.
fn lex_string(src: &str, start: usize) -> Result<(String, usize), Diagnostic> {
    let mut value = String::new();
    let mut chars = src[start + 1..].char_indices();
    while let Some((k, ch)) = chars.next() {
        let at = start + 1 + k;
        match ch {
            '"' => return Ok((value, at + 1)),
            '\n' => break,
            '\\' => match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, other)) if other != '\n' => {
                    return Err(Diagnostic::new(
                        DiagnosticKind::InvalidEscape,
                        Span::new(at, at + 1 + other.len_utf8()),
                        format!("unknown escape `\\{other}` (use \\\" \\\\ \\n \\t or \\r)"),
                    ));
                }
                _ => break,
            },
            c => value.push(c),
        }
    }
    Err(Diagnostic::new(
        DiagnosticKind::UnterminatedString,
        Span::new(start, start + 1),
        "string is not closed before the end of the line",
    ))
}

/// A number or a date starting at `start`.
fn lex_number(src: &str, start: usize) -> Result<(TokenKind, usize), Diagnostic> {
    let bytes = src.as_bytes();
    let mut j = start;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    if j - start == 4 && bytes.get(j) == Some(&b'-') {
        // A date or timestamp: take the whole word.
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'-' | b':' | b'.' | b'+'))
        {
            j += 1;
        }
        return Ok((TokenKind::Date(src[start..j].to_string()), j));
    }
    if bytes.get(j) == Some(&b'.') {
        j += 1;
        let frac = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j == frac {
            return Err(Diagnostic::new(
                DiagnosticKind::InvalidNumber,
                Span::new(start, j),
                format!(
                    "`{}` is not a number: digits must follow the `.`",
                    &src[start..j]
                ),
            ));
        }
    }
    if j < bytes.len() && (bytes[j].is_ascii_alphabetic() || bytes[j] == b'_') {
        let mut k = j;
        while k < bytes.len() && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'_') {
            k += 1;
        }
        return Err(Diagnostic::new(
            DiagnosticKind::InvalidNumber,
            Span::new(start, k),
            format!("`{}` is not a number", &src[start..k]),
        ));
    }
    Ok((TokenKind::Number(src[start..j].to_string()), j))
}
