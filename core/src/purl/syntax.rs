//! The generic purl syntax: split a string into decoded components, and percent-encode them
//! back in canonical form. Knows nothing about types (see `types.rs`).
//!
//! The split follows the spec's "how to parse" order (subpath, qualifiers, scheme, type,
//! version, name, namespace). `#` and `?` may appear only once, unencoded, as separators (the
//! spec says to encode them elsewhere); a second one is an error rather than a guess. An `@`
//! followed by a `/` belongs to the namespace (unencoded npm scopes such as `@babel/core`).

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::PurlErrorKind;

/// ECMA-427 §5.4: everything is encoded except alphanumerics, `.-_~` and the colon.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~')
    .remove(b':');

/// A component-level failure: the category and a one-sentence reason.
pub(super) type SyntaxError = (PurlErrorKind, String);

/// Decoded components of a purl, before type-specific normalisation.
#[derive(Debug)]
pub(super) struct Parts {
    pub ty: String,
    pub namespace: Vec<String>,
    pub name: String,
    pub version: Option<String>,
    pub qualifiers: BTreeMap<String, String>,
    pub subpath: Vec<String>,
}

/// Percent-encode one component (a namespace segment, name, version, qualifier value or
/// subpath segment) in canonical form.
pub(super) fn encode(s: &str) -> String {
    utf8_percent_encode(s, ENCODE).to_string()
}

/// Split and decode a purl string.
pub(super) fn split(input: &str) -> Result<Parts, SyntaxError> {
    let s = input.trim();
    if s.is_empty() {
        return Err((PurlErrorKind::Empty, "the text is empty".into()));
    }
    let Some((scheme, rest)) = s.split_once(':') else {
        return Err((
            PurlErrorKind::Scheme,
            "there is no `pkg:` scheme (a purl starts with `pkg:`)".into(),
        ));
    };
    if !scheme.eq_ignore_ascii_case("pkg") {
        return Err((
            PurlErrorKind::Scheme,
            format!("the scheme is `{scheme}`, expected `pkg`"),
        ));
    }
    // `pkg:/` and `pkg://` are accepted: slashes after the scheme are not significant.
    let rest = rest.trim_start_matches('/');
    let (rest, subpath_raw) = match rest.split_once('#') {
        Some((before, sp)) => (before, Some(sp)),
        None => (rest, None),
    };
    if subpath_raw.is_some_and(|sp| sp.contains('#')) {
        return Err((
            PurlErrorKind::Subpath,
            "a second unencoded `#` follows the subpath separator (write it as `%23`)".into(),
        ));
    }
    let (rest, qualifiers_raw) = match rest.split_once('?') {
        Some((before, q)) => (before, Some(q)),
        None => (rest, None),
    };
    // Ubuntu's OSV data writes `?arch=src?distro=focal`: malformed, and guessing which `?`
    // was meant as `&` is not this parser's job.
    if qualifiers_raw.is_some_and(|q| q.contains('?')) {
        return Err((
            PurlErrorKind::Qualifier,
            "a second unencoded `?` follows the qualifier separator (write it as `%3F`)".into(),
        ));
    }
    let path = rest.trim_matches('/');
    if path.is_empty() {
        return Err((
            PurlErrorKind::Type,
            "nothing follows `pkg:`: the type and the name are missing".into(),
        ));
    }
    let Some((ty_raw, remainder)) = path.split_once('/') else {
        return Err(match check_type(path) {
            Ok(()) => (
                PurlErrorKind::Name,
                format!("the name is missing: nothing follows the type `{path}`"),
            ),
            Err(_) => (
                PurlErrorKind::Type,
                format!("`{path}` is not a type followed by `/` and a name"),
            ),
        });
    };
    check_type(ty_raw)?;
    let ty = ty_raw.to_ascii_lowercase();

    let remainder = remainder.trim_start_matches('/');
    let (remainder, version) = match remainder.rsplit_once('@') {
        // An `@` followed by a `/` is an unencoded npm-style scope, not a version separator.
        Some((before, v)) if !v.contains('/') => (before, decode(v, "version")?),
        _ => (remainder, String::new()),
    };
    let (ns_raw, name_raw) = remainder.rsplit_once('/').unwrap_or(("", remainder));
    let name = decode(name_raw, "name")?;
    if name.is_empty() {
        return Err((PurlErrorKind::Name, "the name is empty".into()));
    }

    let mut namespace = Vec::new();
    for seg in ns_raw.split('/').filter(|s| !s.is_empty()) {
        let seg = decode(seg, "namespace")?;
        if seg.contains('/') {
            return Err((
                PurlErrorKind::Namespace,
                format!("the namespace segment `{seg}` contains an encoded `/`"),
            ));
        }
        namespace.push(seg);
    }

    let mut qualifiers = BTreeMap::new();
    for pair in qualifiers_raw.unwrap_or("").split('&') {
        if pair.is_empty() {
            continue;
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        check_qualifier_key(key)?;
        let value = decode(value, "qualifier value")?;
        if value.is_empty() {
            continue;
        }
        let key = key.to_ascii_lowercase();
        if qualifiers.contains_key(&key) {
            return Err((
                PurlErrorKind::Qualifier,
                format!("the qualifier `{key}` is given twice"),
            ));
        }
        qualifiers.insert(key, value);
    }

    let mut subpath = Vec::new();
    for seg in subpath_raw.unwrap_or("").split('/') {
        if matches!(seg, "" | "." | "..") {
            continue;
        }
        let seg = decode(seg, "subpath")?;
        if seg.contains('/') || seg == "." || seg == ".." {
            return Err((
                PurlErrorKind::Subpath,
                format!("the subpath segment `{seg}` is `.`, `..` or contains an encoded `/`"),
            ));
        }
        subpath.push(seg);
    }

    Ok(Parts {
        ty,
        namespace,
        name,
        version: (!version.is_empty()).then_some(version),
        qualifiers,
        subpath,
    })
}

/// A type starts with an ASCII letter and has only letters, digits, `.`, `+` and `-`.
pub(super) fn check_type(ty: &str) -> Result<(), SyntaxError> {
    let mut chars = ty.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-')) {
        Ok(())
    } else if ty.is_empty() {
        Err((PurlErrorKind::Type, "the type is empty".into()))
    } else {
        Err((
            PurlErrorKind::Type,
            format!(
                "the type `{ty}` must start with a letter and contain only letters, digits, `.`, `+` and `-`"
            ),
        ))
    }
}

/// A qualifier key starts with an ASCII letter and has only letters, digits, `.`, `-` and `_`.
/// It is never percent-encoded.
pub(super) fn check_qualifier_key(key: &str) -> Result<(), SyntaxError> {
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        Ok(())
    } else {
        Err((
            PurlErrorKind::Qualifier,
            format!(
                "the qualifier key `{key}` must start with a letter and contain only letters, digits, `.`, `-` and `_`"
            ),
        ))
    }
}

/// Percent-decode one component; `what` names it in errors.
fn decode(raw: &str, what: &str) -> Result<String, SyntaxError> {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return Err((
                    PurlErrorKind::Encoding,
                    format!("the {what} `{raw}` has a `%` not followed by two hex digits"),
                ));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    percent_decode_str(raw)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| {
            (
                PurlErrorKind::Encoding,
                format!("the {what} `{raw}` is not UTF-8 once percent-decoded"),
            )
        })
}
