//! Canonical JSON (RFC 8785, "JCS") and content digests.
//!
//! Anything Stella hashes or signs is first turned into canonical bytes here: object keys sorted
//! by UTF-16 code units, no insignificant whitespace, numbers in the ECMAScript shortest form,
//! strings with the minimal escapes. Serialisation is delegated to `serde_json_canonicalizer`
//! (it matches the RFC vectors); this module adds the one guard that crate lacks: beyond ±2^53 most
//! integers are not IEEE 754 doubles; those that would be rounded are *refused* rather than
//! silently changed — a digest must never depend on a lossy conversion.
//!
//! [`Digest`] is the one spelling of a content hash everywhere: `sha256:` followed by 64
//! lowercase hex digits.
//!
//! ```
//! use stella_core::canon::{canonical_json, Digest};
//! let v: serde_json::Value = serde_json::from_str(r#"{ "b": 1, "a": {"d": true, "c": 2.50} }"#).unwrap();
//! assert_eq!(canonical_json(&v).unwrap(), br#"{"a":{"c":2.5,"d":true},"b":1}"#);
//! let d = Digest::of_bytes(b"");
//! assert_eq!(d.to_string(), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

/// The largest integer magnitude an IEEE 754 double holds exactly (2^53).
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// Why a value could not be put into canonical form.
#[derive(Debug, thiserror::Error)]
pub enum CanonError {
    /// An integer is outside ±2^53 and not exactly a double: RFC 8785 would round it.
    #[error("integer {value} at `{pointer}` is outside ±2^53 and cannot be canonicalised exactly")]
    UnsafeInteger {
        /// The integer as written.
        value: String,
        /// JSON pointer to the integer.
        pointer: String,
    },
    /// The value could not be serialised (a non-string map key, a failing `Serialize` impl).
    #[error("value cannot be serialised as JSON")]
    Serialize(#[source] serde_json::Error),
}

/// Serialise any value into RFC 8785 canonical bytes.
///
/// # Errors
/// [`CanonError::UnsafeInteger`] for integers beyond ±2^53, [`CanonError::Serialize`] when the
/// value is not representable as JSON.
pub fn to_canonical_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonError> {
    let v = serde_json::to_value(value).map_err(CanonError::Serialize)?;
    canonical_json(&v)
}

/// Canonicalise an already-parsed JSON value.
///
/// # Errors
/// See [`to_canonical_vec`].
pub fn canonical_json(value: &serde_json::Value) -> Result<Vec<u8>, CanonError> {
    check_numbers(value, &mut String::new())?;
    serde_json_canonicalizer::to_vec(value).map_err(CanonError::Serialize)
}

/// Parse JSON text and return its canonical bytes. Duplicate keys and excessive depth are
/// rejected by [`crate::json::parse_strict`] first, so two different documents can never
/// canonicalise to the same bytes by a silently dropped key.
///
/// # Errors
/// A [`crate::json::JsonError`] (wrapped) when the text is not strict JSON, or a [`CanonError`].
pub fn canonicalize_text(text: &[u8]) -> Result<Vec<u8>, CanonicalizeTextError> {
    let v = crate::json::parse_strict(text)?;
    Ok(canonical_json(&v)?)
}

/// Failure of [`canonicalize_text`].
#[derive(Debug, thiserror::Error)]
pub enum CanonicalizeTextError {
    /// The input is not strict JSON.
    #[error(transparent)]
    Json(#[from] crate::json::JsonError),
    /// The input cannot be canonicalised exactly.
    #[error(transparent)]
    Canon(#[from] CanonError),
}

fn check_numbers(value: &serde_json::Value, pointer: &mut String) -> Result<(), CanonError> {
    use serde_json::Value;
    match value {
        Value::Number(n) => {
            // Beyond ±2^53 an integer survives RFC 8785 only if its digits are exactly what the
            // ECMAScript rendering of the nearest double prints; refuse those that would change.
            let beyond = n.as_u64().is_some_and(|u| u > MAX_SAFE_INTEGER)
                || n.as_i64()
                    .is_some_and(|i| i.unsigned_abs() > MAX_SAFE_INTEGER);
            let unsafe_int = beyond && {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json_canonicalizer::to_string(&f).map_or(true, |text| text != n.to_string())
            };
            if unsafe_int {
                return Err(CanonError::UnsafeInteger {
                    value: n.to_string(),
                    pointer: if pointer.is_empty() {
                        "/".into()
                    } else {
                        pointer.clone()
                    },
                });
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                check_numbers(item, pointer)?;
                pointer.truncate(len);
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, item) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::json::escape_pointer_token(k));
                check_numbers(item, pointer)?;
                pointer.truncate(len);
            }
            Ok(())
        }
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
    }
}

/// A SHA-256 content digest, written `sha256:<64 lowercase hex>`.
///
/// The inner bytes are private: a `Digest` is always well formed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest([u8; 32]);

impl Digest {
    /// The algorithm prefix, including the colon.
    pub const PREFIX: &'static str = "sha256:";

    /// Hash raw bytes.
    pub fn of_bytes(bytes: &[u8]) -> Self {
        let out = Sha256::digest(bytes);
        let mut b = [0u8; 32];
        b.copy_from_slice(&out);
        Digest(b)
    }

    /// Hash the canonical form of a serialisable value.
    ///
    /// # Errors
    /// See [`to_canonical_vec`].
    pub fn of_canonical<T: Serialize + ?Sized>(value: &T) -> Result<Self, CanonError> {
        Ok(Self::of_bytes(&to_canonical_vec(value)?))
    }

    /// Build from 32 raw digest bytes.
    pub fn from_raw(bytes: [u8; 32]) -> Self {
        Digest(bytes)
    }

    /// The 32 raw digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hex digits, without prefix.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// A streaming SHA-256 hasher producing a [`Digest`].
#[derive(Clone, Default)]
pub struct Hasher(Sha256);

impl Hasher {
    /// A fresh hasher.
    pub fn new() -> Self {
        Self::default()
    }
    /// Feed bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    /// Finish and return the digest.
    pub fn finish(self) -> Digest {
        let out = self.0.finalize();
        let mut b = [0u8; 32];
        b.copy_from_slice(&out);
        Digest(b)
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

/// Why a string is not a [`Digest`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestParseError {
    /// The `sha256:` prefix is missing (other algorithms are not accepted).
    #[error("digest `{0}` must start with `sha256:`")]
    Prefix(String),
    /// The hex part is not exactly 64 lowercase hex digits.
    #[error("digest `{0}` must have exactly 64 lowercase hex digits after `sha256:`")]
    Hex(String),
}

impl FromStr for Digest {
    type Err = DigestParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let hexpart = s
            .strip_prefix(Self::PREFIX)
            .ok_or_else(|| DigestParseError::Prefix(s.to_string()))?;
        if hexpart.len() != 64
            || !hexpart
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(DigestParseError::Hex(s.to_string()));
        }
        let mut b = [0u8; 32];
        hex::decode_to_slice(hexpart, &mut b).map_err(|_| DigestParseError::Hex(s.to_string()))?;
        Ok(Digest(b))
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Digest {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Digest".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^sha256:[0-9a-f]{64}$",
            "description": "SHA-256 content digest: `sha256:` and 64 lowercase hex digits"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    #[test]
    fn rfc8785_section_3_2_2_example() {
        // RFC 8785 §3.2.2 input and §3.2.3 expected output.
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50,
                      2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        let out = canonicalize_text(input.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn rfc8785_section_3_2_3_sorting() {
        // RFC 8785 §3.2.3: keys sort by UTF-16 code units, not by UTF-8 bytes.
        let input = r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#;
        let out = String::from_utf8(canonicalize_text(input.as_bytes()).unwrap()).unwrap();
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        assert_eq!(out, expected);
    }

    #[test]
    fn rfc8785_appendix_b_numbers() {
        // RFC 8785 Appendix B: IEEE 754 value → canonical text.
        let cases: &[(u64, &str)] = &[
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            (0x43143ff3c1cb0959, "1424953923781206.2"),
        ];
        for (bits, expected) in cases {
            let f = f64::from_bits(*bits);
            let out = to_canonical_vec(&f).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                *expected,
                "bits {bits:#018x}"
            );
        }
    }

    #[test]
    fn upstream_example_drops_nothing_but_sorts() {
        // UPSTREAM acceptance 22 expects nulls omitted by the *model* (skip_serializing_if); the
        // canonicaliser itself keeps nulls, as RFC 8785 requires.
        let v = json!({"b":1,"a":{"d":null,"c":2}});
        assert_eq!(
            canonical_json(&v).unwrap(),
            br#"{"a":{"c":2,"d":null},"b":1}"#
        );
    }

    #[test]
    fn big_integers_are_refused() {
        let v: Value = serde_json::from_str(r#"{"a":[1, 9007199254740993]}"#).unwrap();
        let err = canonical_json(&v).unwrap_err();
        assert!(
            matches!(err, CanonError::UnsafeInteger { ref pointer, .. } if pointer == "/a/1"),
            "{err}"
        );
        let v: Value =
            serde_json::from_str(r#"[-9007199254740992, 9007199254740992, 18014398509481984]"#)
                .unwrap();
        assert!(canonical_json(&v).is_ok());
    }

    #[test]
    fn digest_roundtrip_and_rejects() {
        let d = Digest::of_bytes(b"abc");
        assert_eq!(
            d.to_string(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(d.to_string().parse::<Digest>().unwrap(), d);
        assert!(
            "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
                .parse::<Digest>()
                .is_err()
        );
        assert!("sha512:00".parse::<Digest>().is_err());
        assert!("sha256:abc".parse::<Digest>().is_err());
        let mut h = Hasher::new();
        h.update(b"a");
        h.update(b"bc");
        assert_eq!(h.finish(), d);
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (-(1i64 << 53)..=(1i64 << 53)).prop_map(|i| json!(i)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            "\\PC{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("\\PC{0,8}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Re-spell a value: shuffle key order, add whitespace, spell numbers differently.
    fn respell(v: &Value, seed: u64, out: &mut String) {
        match v {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                if seed.is_multiple_of(2) {
                    entries.reverse();
                } else {
                    let n = entries.len().min(1);
                    entries.rotate_left(n);
                }
                out.push_str("{ \n");
                for (i, (k, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" ,\t");
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push_str(" : ");
                    respell(item, seed.rotate_left(7) ^ i as u64, out);
                }
                out.push_str("\r\n}");
            }
            Value::Array(items) => {
                out.push_str("[ ");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" , ");
                    }
                    respell(item, seed.rotate_left(3) ^ i as u64, out);
                }
                out.push(']');
            }
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    match seed % 3 {
                        0 => out.push_str(&format!("{i}.0")),
                        1 => out.push_str(&format!("{i}e0")),
                        _ => out.push_str(&format!("{}", i)),
                    }
                } else if let Some(f) = n.as_f64() {
                    // `{:e}` is an exact, differently spelled representation of the same double.
                    out.push_str(&format!("{f:e}"));
                }
            }
            other => out.push_str(&serde_json::to_string(other).unwrap()),
        }
    }

    proptest! {
        #[test]
        fn canonicalising_is_idempotent(v in arb_json()) {
            let once = canonical_json(&v).unwrap();
            let twice = canonicalize_text(&once).unwrap();
            prop_assert_eq!(once, twice);
        }

        #[test]
        fn spelling_does_not_change_the_digest(v in arb_json(), seed in any::<u64>()) {
            let mut text = String::new();
            respell(&v, seed, &mut text);
            let a = Digest::of_bytes(&canonical_json(&v).unwrap());
            let b = Digest::of_bytes(&canonicalize_text(text.as_bytes()).unwrap());
            prop_assert_eq!(a, b, "respelled: {}", text);
        }
    }
}
