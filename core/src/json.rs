//! Strict JSON reading shared by every parser: duplicate keys are errors, nesting is bounded,
//! and every error carries a position (line/column) and, for data errors, a JSON pointer.
//!
//! `serde_json` silently keeps the last of two duplicate keys; for documents that are hashed,
//! signed or audited that is a way to make two readers see different content, so Stella refuses
//! them. [`check_strict`] walks a document without building it (memory is bounded by the key
//! sets along the current path), so huge inputs can be checked before they are deserialised into
//! typed structs with [`from_slice_strict`]. Nesting is bounded by `serde_json`'s recursion
//! limit (128 levels).

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// What kind of JSON problem this is; the CLI maps every kind to exit code 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// Not well-formed JSON (or invalid UTF-8, or nesting too deep, or a duplicate key).
    Syntax,
    /// Well-formed JSON with the wrong shape for what was expected.
    Data,
    /// The input ended in the middle of a value.
    Truncated,
}

/// A positioned JSON error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Category.
    pub kind: JsonErrorKind,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// JSON pointer to the offending value, when known (data errors).
    pub pointer: Option<String>,
    /// What went wrong, without the position.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.pointer {
            write!(f, "at `{p}`: ")?;
        }
        f.write_str(&self.message)?;
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    fn from_serde(e: &serde_json::Error, pointer: Option<String>) -> Self {
        use serde_json::error::Category;
        let kind = match e.classify() {
            Category::Eof => JsonErrorKind::Truncated,
            // Duplicate keys are raised by our visitors, which serde_json files under "data".
            Category::Data if e.to_string().starts_with("duplicate key") => JsonErrorKind::Syntax,
            Category::Data => JsonErrorKind::Data,
            Category::Syntax | Category::Io => JsonErrorKind::Syntax,
        };
        // serde_json appends " at line L column C" to its message; keep the bare message.
        let full = e.to_string();
        let mut message = match full.rfind(" at line ") {
            Some(i) if e.line() > 0 => full[..i].to_string(),
            _ => full,
        };
        if message == "recursion limit exceeded" {
            message = "nesting is deeper than 128 levels".to_string();
        }
        JsonError {
            kind,
            line: e.line(),
            column: e.column(),
            pointer,
            message,
        }
    }

    /// Byte offset of the error position in `text`, when it has one.
    pub fn offset_in(&self, text: &[u8]) -> Option<usize> {
        offset_of(text, self.line, self.column)
    }
}

/// Byte offset of a 1-based (line, column) position in `text` (columns count bytes, as
/// `serde_json` does).
pub fn offset_of(text: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0usize;
    for _ in 1..line {
        let nl = memchr::memchr(b'\n', &text[start..])?;
        start += nl + 1;
    }
    Some((start + column.saturating_sub(1)).min(text.len()))
}

/// Escape one JSON pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Check that `bytes` is one strict JSON document (no duplicate keys, bounded depth, UTF-8,
/// nothing after the value) without building it.
///
/// # Errors
/// A positioned [`JsonError`].
pub fn check_strict(bytes: &[u8]) -> Result<(), JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    CheckSeed
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| JsonError::from_serde(&e, None))
}

/// Parse strict JSON into a `serde_json::Value` (duplicate keys rejected).
///
/// # Errors
/// A positioned [`JsonError`].
pub fn parse_strict(bytes: &[u8]) -> Result<serde_json::Value, JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let v = ValueSeed
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| JsonError::from_serde(&e, None))?;
    Ok(v)
}

/// Check strictness, then deserialise into `T`, reporting data errors with a JSON pointer.
///
/// # Errors
/// A positioned [`JsonError`].
pub fn from_slice_strict<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    check_strict(bytes)?;
    from_slice_with_pointer(bytes)
}

/// Deserialise into `T` (no duplicate-key check), reporting data errors with a JSON pointer.
///
/// # Errors
/// A positioned [`JsonError`].
pub fn from_slice_with_pointer<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, JsonError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let v: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        JsonError::from_serde(e.inner(), Some(pointer))
    })?;
    de.end().map_err(|e| JsonError::from_serde(&e, None))?;
    Ok(v)
}

/// Deserialise a typed value out of an already-parsed `Value`, with a pointer on failure.
///
/// # Errors
/// A [`JsonError`] of kind [`JsonErrorKind::Data`] (no line: the value has no text).
pub fn from_value_with_pointer<T: DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, JsonError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        JsonError::from_serde(e.inner(), Some(pointer))
    })
}

/// Render a `serde_path_to_error` path as a JSON pointer.
pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&escape_pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    if out.is_empty() { "/".to_string() } else { out }
}

struct CheckSeed;

impl<'de> DeserializeSeed<'de> for CheckSeed {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(CheckVisitor)
    }
}

struct CheckVisitor;

impl<'de> Visitor<'de> for CheckVisitor {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(CheckSeed)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(CheckSeed)?;
            // Reported after the value, so the position points at the duplicate entry.
            if seen.contains(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            seen.insert(key);
        }
        Ok(())
    }
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = serde_json::Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v)
            .map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(ValueSeed)? {
            out.push(v);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value_seed(ValueSeed)?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            out.insert(key, v);
        }
        Ok(serde_json::Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_rejected_with_position() {
        let text = b"{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"x\": 2}\n}";
        let e = check_strict(text).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::Syntax);
        assert_eq!(e.line, 3);
        assert!(e.message.contains("duplicate key"), "{e}");
        let e = parse_strict(text).unwrap_err();
        assert!(e.message.contains("duplicate key `x`"), "{e}");
    }

    #[test]
    fn truncated_and_trailing() {
        assert_eq!(
            check_strict(b"{\"a\": [1, 2").unwrap_err().kind,
            JsonErrorKind::Truncated
        );
        assert_eq!(
            check_strict(b"{} {}").unwrap_err().kind,
            JsonErrorKind::Syntax
        );
        assert_eq!(
            check_strict(b"").unwrap_err().kind,
            JsonErrorKind::Truncated
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = check_strict(text.as_bytes()).unwrap_err();
        assert!(e.message.contains("deeper than 128"), "{e}");
        assert!(parse_strict(text.as_bytes()).is_err());
    }

    #[test]
    fn invalid_utf8_is_a_syntax_error() {
        let e = check_strict(b"{\"a\": \"\xff\xfe\"}").unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::Syntax);
    }

    #[test]
    fn data_errors_carry_a_pointer() {
        #[derive(serde::Deserialize, Debug)]
        struct Doc {
            #[allow(dead_code)]
            items: Vec<Item>,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Item {
            #[allow(dead_code)]
            n: u32,
        }
        let e = from_slice_strict::<Doc>(b"{\"items\": [{\"n\": 1}, {\"n\": \"x\"}]}").unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::Data);
        assert_eq!(e.pointer.as_deref(), Some("/items/1/n"));
    }

    #[test]
    fn offsets() {
        let t = b"ab\ncd\nef";
        assert_eq!(offset_of(t, 1, 1), Some(0));
        assert_eq!(offset_of(t, 2, 2), Some(4));
        assert_eq!(offset_of(t, 3, 1), Some(6));
        assert_eq!(offset_of(t, 4, 1), None);
    }
}
