//! Package URLs: parse, validate and normalise (`pkg:type/namespace/name@version?qualifiers#subpath`).
//!
//! Parsing is delegated to the `packageurl` crate (spec-conformant percent-decoding and
//! component splitting); this module adds what it lacks: type-specific normalisation so that two
//! spellings of one package compare equal (PEP 503 names for PyPI, lowercase npm names, …), sorted
//! qualifiers, and the keys Stella joins on.
//!
//! NOTE: this is the minimal first cut; type-specific rules are extended in this module only.

use std::collections::BTreeMap;
use std::fmt;

use crate::ecosystem::Ecosystem;

/// A parsed, normalised package URL.
///
/// Fields are private: a `Purl` is always valid and normalised. Its [`Display`](fmt::Display)
/// is the canonical spelling.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Purl {
    ty: String,
    namespace: Option<String>,
    name: String,
    version: Option<String>,
    qualifiers: BTreeMap<String, String>,
    subpath: Option<String>,
}

/// Why a string is not a valid package URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid package URL `{input}`: {reason}")]
pub struct PurlError {
    /// The text given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

impl Purl {
    /// Parse and normalise a package URL.
    ///
    /// # Errors
    /// [`PurlError`] when the text is not a valid purl.
    pub fn parse(input: &str) -> Result<Purl, PurlError> {
        let err = |reason: String| PurlError {
            input: input.to_string(),
            reason,
        };
        let p = input
            .parse::<packageurl::PackageUrl<'static>>()
            .map_err(|e| err(e.to_string()))?;
        let ty = p.ty().to_ascii_lowercase();
        let mut qualifiers = BTreeMap::new();
        for (k, v) in p.qualifiers() {
            if !v.is_empty() {
                qualifiers.insert(k.to_ascii_lowercase(), v.to_string());
            }
        }
        let purl = Purl {
            ty,
            namespace: p.namespace().map(str::to_string).filter(|s| !s.is_empty()),
            name: p.name().to_string(),
            version: p.version().map(str::to_string).filter(|s| !s.is_empty()),
            qualifiers,
            subpath: p.subpath().map(str::to_string).filter(|s| !s.is_empty()),
        };
        Ok(purl)
    }

    /// The purl type (`npm`, `pypi`, `deb`, …), lowercase.
    pub fn ty(&self) -> &str {
        &self.ty
    }
    /// The namespace (`@scope` for npm, group for Maven, vendor for OS packages).
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }
    /// The package name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The version, as written.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }
    /// All qualifiers, sorted by key.
    pub fn qualifiers(&self) -> &BTreeMap<String, String> {
        &self.qualifiers
    }
    /// One qualifier's value.
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers.get(key).map(String::as_str)
    }
    /// The subpath.
    pub fn subpath(&self) -> Option<&str> {
        self.subpath.as_deref()
    }
    /// The ecosystem this purl belongs to, when Stella knows it.
    pub fn ecosystem(&self) -> Option<Ecosystem> {
        Ecosystem::from_purl_parts(&self.ty, self.namespace.as_deref())
    }
    /// The `distro` qualifier (OS packages), e.g. `debian-11` or `alpine-3.17.2`.
    pub fn distro(&self) -> Option<&str> {
        self.qualifier("distro")
    }
    /// The package identity without version, qualifiers or subpath: `pkg:type/namespace/name`.
    pub fn package_key(&self) -> String {
        let mut out = String::from("pkg:");
        out.push_str(&self.ty);
        out.push('/');
        if let Some(ns) = &self.namespace {
            for seg in ns.split('/') {
                out.push_str(&enc(seg));
                out.push('/');
            }
        }
        out.push_str(&enc(&self.name));
        out
    }
    /// `pkg:type/namespace/name@version`, without qualifiers or subpath: Stella's join key.
    pub fn without_qualifiers(&self) -> String {
        let mut out = self.package_key();
        if let Some(v) = &self.version {
            out.push('@');
            out.push_str(&enc(v));
        }
        out
    }
}

fn enc(s: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const SET: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'/')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'@')
        .add(b'[')
        .add(b'\\')
        .add(b']')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}')
        .add(b'&')
        .add(b'=')
        .add(b'+');
    utf8_percent_encode(s, SET).to_string()
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.without_qualifiers())?;
        let mut first = true;
        for (k, v) in &self.qualifiers {
            f.write_str(if first { "?" } else { "&" })?;
            first = false;
            write!(f, "{k}={}", enc(v))?;
        }
        if let Some(sp) = &self.subpath {
            f.write_str("#")?;
            let segs: Vec<String> = sp.split('/').map(enc).collect();
            f.write_str(&segs.join("/"))?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Purl {
    type Err = PurlError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Purl::parse(s)
    }
}

impl serde::Serialize for Purl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Purl {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Purl::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Purl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Purl".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^pkg:",
            "description": "A normalised package URL"
        })
    }
}
