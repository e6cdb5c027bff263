//! SPDX 2 YAML, read with `serde_norway` into the same lenient [`super::model`] as JSON.
//!
//! YAML anchors and aliases are expanded by the parser, which is where "billion laughs" documents
//! attack. `serde_norway` bounds the *number of alias jumps* (100 × the number of events) but not
//! the size of what each jump replays, so a few hundred kilobytes of aliases to one large anchored
//! list still cost quadratic time. Before the typed read, [`check_expansion`] walks the document
//! once and refuses it when the expanded node count exceeds [`MAX_EXPANDED_NODES`] or 4 × the
//! input size, whichever is larger; real SPDX YAML never uses aliases, so the bound only bites
//! hostile input.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::model::Document;
use crate::sbom::{Encoding, Inventory, SbomError};

/// The floor of the expanded-node budget.
pub(crate) const MAX_EXPANDED_NODES: usize = 1_000_000;

/// Read an SPDX 2.x YAML document.
///
/// # Errors
/// [`SbomError::Yaml`] with the line, for syntax errors, wrong field types (the message names
/// the field path), several documents in one stream, and alias expansion beyond the budget.
pub fn read_yaml(bytes: &[u8]) -> Result<Inventory, SbomError> {
    let bytes = crate::sbom::detect::strip_bom(bytes);
    check_expansion(bytes)?;
    let de = serde_norway::Deserializer::from_slice(bytes);
    let doc: Document = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        yaml_error(&inner, (path != ".").then_some(path))
    })?;
    if doc.spdx_version.is_none() {
        return Err(SbomError::Yaml {
            line: None,
            message: super::NO_VERSION.into(),
        });
    }
    Ok(super::to_inventory(doc, Encoding::Yaml))
}

fn yaml_error(e: &serde_norway::Error, path: Option<String>) -> SbomError {
    let mut message = e.to_string();
    // serde_norway appends " at line L column C"; the line is carried separately.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    if let Some(p) = path {
        message = format!("at `{p}`: {message}");
    }
    SbomError::Yaml {
        line: e.location().map(|l| l.line()),
        message,
    }
}

/// Walk the whole document once, counting nodes as the parser expands aliases, and refuse it when
/// the count exceeds the budget.
fn check_expansion(bytes: &[u8]) -> Result<(), SbomError> {
    // Without aliases every node costs at least two bytes of YAML (`1,`), so 4 × the size never
    // refuses an honest document.
    let budget = MAX_EXPANDED_NODES.max(bytes.len().saturating_mul(4));
    let mut count = 0usize;
    let de = serde_norway::Deserializer::from_slice(bytes);
    CountSeed {
        count: &mut count,
        budget,
    }
    .deserialize(de)
    .map_err(|e| yaml_error(&e, None))
}

struct CountSeed<'a> {
    count: &'a mut usize,
    budget: usize,
}

impl CountSeed<'_> {
    fn bump<E: de::Error>(&mut self) -> Result<(), E> {
        *self.count += 1;
        if *self.count > self.budget {
            return Err(E::custom(format!(
                "the document expands to more than {} nodes (YAML alias expansion); refused",
                self.budget
            )));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for CountSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CountSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(mut self, _: bool) -> Result<(), E> {
        self.bump()
    }
    fn visit_i64<E: de::Error>(mut self, _: i64) -> Result<(), E> {
        self.bump()
    }
    fn visit_u64<E: de::Error>(mut self, _: u64) -> Result<(), E> {
        self.bump()
    }
    fn visit_i128<E: de::Error>(mut self, _: i128) -> Result<(), E> {
        self.bump()
    }
    fn visit_u128<E: de::Error>(mut self, _: u128) -> Result<(), E> {
        self.bump()
    }
    fn visit_f64<E: de::Error>(mut self, _: f64) -> Result<(), E> {
        self.bump()
    }
    fn visit_str<E: de::Error>(mut self, _: &str) -> Result<(), E> {
        self.bump()
    }
    fn visit_unit<E: de::Error>(mut self) -> Result<(), E> {
        self.bump()
    }
    fn visit_none<E: de::Error>(mut self) -> Result<(), E> {
        self.bump()
    }
    fn visit_some<D: de::Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        self.bump()?;
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        self.bump()?;
        d.deserialize_any(self)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(mut self, data: A) -> Result<(), A::Error> {
        // Tagged values (`!tag value`): count the tag and walk the value.
        use de::VariantAccess;
        self.bump()?;
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(CountSeed {
            count: &mut *self.count,
            budget: self.budget,
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.bump()?;
        while seq
            .next_element_seed(CountSeed {
                count: &mut *self.count,
                budget: self.budget,
            })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.bump()?;
        while map
            .next_key_seed(CountSeed {
                count: &mut *self.count,
                budget: self.budget,
            })?
            .is_some()
        {
            map.next_value_seed(CountSeed {
                count: &mut *self.count,
                budget: self.budget,
            })?;
        }
        Ok(())
    }
}
