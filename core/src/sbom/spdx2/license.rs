//! Licence expressions as the SPDX readers and the SPDX 2.3 writer see them.
//!
//! Readers keep licences as written up to *spelling*: an expression that parses (SPDX grammar,
//! any identifiers) is put in a canonical form — operands of `AND` / `OR` chains flattened,
//! sorted and de-duplicated, compound operands parenthesised, redundant parentheses dropped
//! (`(MIT OR Apache-2.0)` → `Apache-2.0 OR MIT`). Generators spell one licence differently:
//! SPDX 3 converters wrap every compound expression in parentheses and sort operands, SPDX 2
//! tools write them as the author did; without this the same package described in both
//! versions would carry two spellings of one licence and two inventory digests. A string that
//! does not parse (a licence *name*) is only trimmed and stripped of enclosing parentheses.
//!
//! The canonicaliser is hand-written (a 3-level recursive descent over `AND`, `OR`, `WITH` and
//! parentheses) because it must accept identifiers that are on no list (`BSD-3`, vendor ids),
//! which is exactly what the `spdx` crate refuses in strict mode.
//!
//! The writer may only write valid SPDX 2.3 licence expressions; [`is_spdx_2_3_expression`]
//! decides that with the `spdx` crate (which embeds the SPDX licence list) in strict mode,
//! accepting deprecated identifiers (they remain valid list entries) and refusing what SPDX 2.3
//! cannot express inside one document (`DocumentRef-…:LicenseRef-…`, `AdditionRef-…`).

use std::collections::BTreeSet;

/// Nesting beyond this depth is not canonicalised (hostile input).
const MAX_DEPTH: usize = 64;

/// The canonical spelling of a licence expression read from a document (see the module notes).
pub(crate) fn normalize_read(expr: &str) -> String {
    canonical(expr).unwrap_or_else(|| strip_outer_parens(expr))
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expr {
    /// An identifier, optionally `WITH` an exception (`GPL-2.0+ WITH Classpath-exception-2.0`).
    Leaf(String),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

fn canonical(expr: &str) -> Option<String> {
    let tokens = tokenize(expr);
    let mut pos = 0;
    let e = parse_or(&tokens, &mut pos, 0)?;
    (pos == tokens.len()).then(|| render(&e, true))
}

fn tokenize(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in s.char_indices() {
        if ch == '(' || ch == ')' || ch.is_whitespace() {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
            if !ch.is_whitespace() {
                out.push(&s[i..i + 1]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

fn is_word(t: &str) -> bool {
    !matches!(t, "AND" | "OR" | "WITH" | "(" | ")")
}

fn parse_or(t: &[&str], pos: &mut usize, depth: usize) -> Option<Expr> {
    let mut items = vec![parse_and(t, pos, depth)?];
    while t.get(*pos) == Some(&"OR") {
        *pos += 1;
        items.push(parse_and(t, pos, depth)?);
    }
    Some(if items.len() == 1 {
        items.pop()?
    } else {
        Expr::Or(items)
    })
}

fn parse_and(t: &[&str], pos: &mut usize, depth: usize) -> Option<Expr> {
    let mut items = vec![parse_term(t, pos, depth)?];
    while t.get(*pos) == Some(&"AND") {
        *pos += 1;
        items.push(parse_term(t, pos, depth)?);
    }
    Some(if items.len() == 1 {
        items.pop()?
    } else {
        Expr::And(items)
    })
}

fn parse_term(t: &[&str], pos: &mut usize, depth: usize) -> Option<Expr> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tok = *t.get(*pos)?;
    if tok == "(" {
        *pos += 1;
        let e = parse_or(t, pos, depth + 1)?;
        if t.get(*pos) != Some(&")") {
            return None;
        }
        *pos += 1;
        return Some(e);
    }
    if !is_word(tok) {
        return None;
    }
    *pos += 1;
    if t.get(*pos) == Some(&"WITH") {
        let exception = *t.get(*pos + 1)?;
        if !is_word(exception) {
            return None;
        }
        *pos += 2;
        return Some(Expr::Leaf(format!("{tok} WITH {exception}")));
    }
    Some(Expr::Leaf(tok.to_string()))
}

fn render(e: &Expr, top: bool) -> String {
    let (items, op) = match e {
        Expr::Leaf(s) => return s.clone(),
        Expr::And(items) => (items, " AND "),
        Expr::Or(items) => (items, " OR "),
    };
    let mut flat = Vec::new();
    flatten(e, items, &mut flat);
    let mut parts: Vec<String> = flat.iter().map(|x| render(x, false)).collect();
    parts.sort();
    parts.dedup();
    if parts.len() == 1 {
        return parts.pop().unwrap_or_default();
    }
    let joined = parts.join(op);
    if top { joined } else { format!("({joined})") }
}

/// Children of `parent`, with nested operands of the same operator lifted up.
fn flatten<'a>(parent: &Expr, items: &'a [Expr], out: &mut Vec<&'a Expr>) {
    for x in items {
        match (parent, x) {
            (Expr::And(_), Expr::And(inner)) | (Expr::Or(_), Expr::Or(inner)) => {
                flatten(parent, inner, out);
            }
            _ => out.push(x),
        }
    }
}

/// Trim, and strip parentheses that enclose the whole text (repeatedly).
fn strip_outer_parens(expr: &str) -> String {
    let mut s = expr.trim();
    for _ in 0..MAX_DEPTH {
        let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
            break;
        };
        if !encloses_whole(s) {
            break;
        }
        s = inner.trim();
    }
    s.to_string()
}

/// Does the `(` at the start of `s` close at the very end of `s`?
fn encloses_whole(s: &str) -> bool {
    let mut depth = 0usize;
    let last = s.len().saturating_sub(1);
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == last;
                }
            }
            _ => {}
        }
    }
    false
}

fn parse_mode() -> spdx::ParseMode {
    spdx::ParseMode {
        allow_deprecated: true,
        // `GPL-2.0+` is itself a (deprecated) list entry.
        allow_postfix_plus_on_gpl: true,
        ..spdx::ParseMode::STRICT
    }
}

/// Is `s` a licence expression an SPDX 2.3 document can carry as is?
pub(crate) fn is_spdx_2_3_expression(s: &str) -> bool {
    let Ok(expr) = spdx::Expression::parse_mode(s, parse_mode()) else {
        return false;
    };
    expr.requirements().all(|r| {
        let lic_ok = match &r.req.license {
            spdx::LicenseItem::Spdx { .. } => true,
            spdx::LicenseItem::Other(lr) => lr.doc_ref.is_none(),
        };
        let add_ok = matches!(r.req.addition, None | Some(spdx::AdditionItem::Spdx(_)));
        lic_ok && add_ok
    })
}

/// Deprecated list identifiers that fold an exception into the licence id, and their
/// replacements from the SPDX licence list. They are still list entries, but SPDX 2.3
/// validators (the reference `spdx-tools` among them) read them as exception symbols and reject
/// them outside `WITH`, so the writer spells them the way the list now recommends.
const DEPRECATED_WITH: &[(&str, &str)] = &[
    (
        "GPL-2.0-with-autoconf-exception",
        "GPL-2.0-only WITH Autoconf-exception-2.0",
    ),
    (
        "GPL-2.0-with-bison-exception",
        "GPL-2.0-or-later WITH Bison-exception-2.2",
    ),
    (
        "GPL-2.0-with-classpath-exception",
        "GPL-2.0-only WITH Classpath-exception-2.0",
    ),
    (
        "GPL-2.0-with-font-exception",
        "GPL-2.0-only WITH Font-exception-2.0",
    ),
    (
        "GPL-2.0-with-GCC-exception",
        "GPL-2.0-only WITH GCC-exception-2.0",
    ),
    (
        "GPL-3.0-with-autoconf-exception",
        "GPL-3.0-only WITH Autoconf-exception-3.0",
    ),
    (
        "GPL-3.0-with-GCC-exception",
        "GPL-3.0-only WITH GCC-exception-3.1",
    ),
];

/// `expr` (a valid expression) with the deprecated "licence-with-exception" identifiers replaced
/// by `licence WITH exception`. `WITH` binds tighter than `AND`/`OR`, so no parentheses are
/// needed; an identifier already followed by `WITH` (invalid SPDX) is left alone.
pub(crate) fn modernize_for_writing(expr: &str) -> String {
    let tokens = tokenize(expr);
    if !tokens.iter().any(|t| {
        DEPRECATED_WITH
            .iter()
            .any(|(d, _)| d.eq_ignore_ascii_case(t))
    }) {
        return expr.to_string();
    }
    let mut out: Vec<&str> = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let next_is_with = tokens
            .get(i + 1)
            .is_some_and(|n| n.eq_ignore_ascii_case("WITH"));
        match DEPRECATED_WITH
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(t))
        {
            Some((_, modern)) if !next_is_with => out.push(modern),
            _ => out.push(t),
        }
    }
    let mut s = String::new();
    for t in out {
        let glue = !(s.is_empty() || s.ends_with('(') || t == ")");
        if glue {
            s.push(' ');
        }
        s.push_str(t);
    }
    s
}

/// The `LicenseRef-…` identifiers used in a valid expression.
pub(crate) fn license_refs(s: &str) -> BTreeSet<String> {
    let Ok(expr) = spdx::Expression::parse_mode(s, parse_mode()) else {
        return BTreeSet::new();
    };
    expr.requirements()
        .filter_map(|r| match &r.req.license {
            spdx::LicenseItem::Other(lr) if lr.doc_ref.is_none() => {
                Some(format!("LicenseRef-{}", lr.lic_ref))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deprecated_exception_ids_are_written_with_with() {
        assert_eq!(
            modernize_for_writing("CDDL-1.1 AND GPL-2.0-with-classpath-exception"),
            "CDDL-1.1 AND GPL-2.0-only WITH Classpath-exception-2.0"
        );
        assert_eq!(
            modernize_for_writing("(MIT OR GPL-3.0-with-GCC-exception)"),
            "(MIT OR GPL-3.0-only WITH GCC-exception-3.1)"
        );
        assert_eq!(
            modernize_for_writing("MIT OR Apache-2.0"),
            "MIT OR Apache-2.0"
        );
        for (_, modern) in DEPRECATED_WITH {
            assert!(is_spdx_2_3_expression(modern), "{modern}");
        }
    }

    #[test]
    fn canonical_spelling() {
        let cases = [
            // SPDX 3 converters wrap and sort (spdx-examples example11 2.3 vs 3.0).
            ("(MIT OR Apache-2.0)", "Apache-2.0 OR MIT"),
            ("MIT OR Apache-2.0", "Apache-2.0 OR MIT"),
            // example3: the 2.2 tag-value and the 3.0 JSON-LD order the operands differently.
            (
                "GPL-3.0-or-later AND BSD-3-Clause",
                "BSD-3-Clause AND GPL-3.0-or-later",
            ),
            (
                "(BSD-3-Clause AND GPL-3.0-or-later)",
                "BSD-3-Clause AND GPL-3.0-or-later",
            ),
            ("((MIT))", "MIT"),
            (" MIT ", "MIT"),
            ("(MIT) AND (Apache-2.0)", "Apache-2.0 AND MIT"),
            ("MIT AND (Apache-2.0 AND ISC)", "Apache-2.0 AND ISC AND MIT"),
            ("MIT AND MIT", "MIT"),
            // AND binds tighter than OR; compound operands are always parenthesised.
            ("MIT OR ISC AND Apache-2.0", "(Apache-2.0 AND ISC) OR MIT"),
            ("(MIT OR ISC) AND Apache-2.0", "(ISC OR MIT) AND Apache-2.0"),
            (
                "GPL-2.0-or-later WITH Classpath-exception-2.0 OR MIT",
                "GPL-2.0-or-later WITH Classpath-exception-2.0 OR MIT",
            ),
            // Identifiers on no list are fine (julia.spdx.json).
            ("LGPL-3.0-or-later AND BSD-3", "BSD-3 AND LGPL-3.0-or-later"),
            // Not an expression: a name is kept, only enclosing parentheses go.
            ("Apache License 2.0", "Apache License 2.0"),
            ("(Apache License 2.0)", "Apache License 2.0"),
            ("MIT AND", "MIT AND"),
            ("(unbalanced", "(unbalanced"),
            ("MIT WITH", "MIT WITH"),
            ("()", ""),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_read(input), want, "{input}");
        }
        // Deep nesting is neither a stack overflow nor quadratic: beyond 64 levels the text is
        // only partly unwrapped.
        let deep = format!("{}MIT{}", "(".repeat(10_000), ")".repeat(10_000));
        assert_eq!(normalize_read(&deep).len(), deep.len() - 2 * 64);
    }

    #[test]
    fn spdx_2_3_validity() {
        let cases = [
            ("MIT", true),
            ("MIT OR Apache-2.0", true),
            ("Apache-2.0 WITH LLVM-exception", true),
            ("LicenseRef-1 AND MIT", true),
            // Deprecated ids are still on the licence list.
            ("GPL-2.0", true),
            ("GPL-2.0+", true),
            // A licence name, not an id.
            ("Apache License 2.0", false),
            // `BSD-3` is not on the list (real julia.spdx.json value).
            ("LGPL-3.0-or-later AND BSD-3", false),
            ("DocumentRef-x:LicenseRef-y", false),
            ("MIT AND", false),
            ("", false),
        ];
        for (input, want) in cases {
            assert_eq!(is_spdx_2_3_expression(input), want, "{input}");
        }
        assert_eq!(
            license_refs("(LicenseRef-1 AND Apache-2.0) OR LicenseRef-b"),
            ["LicenseRef-1".to_string(), "LicenseRef-b".to_string()].into()
        );
    }
}
