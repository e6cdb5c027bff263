//! Inventory comparison for `stella sbom diff`: added, removed and changed packages.
//!
//! Packages are keyed by purl without version and qualifiers (`pkg:type/namespace/name`), or by
//! name (with group) when a component has no valid purl. A key's *set* of versions is compared,
//! because one SBOM can carry several versions of one package: a key whose version set differs is
//! "changed", and lists the versions on each side.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Inventory;

/// One package present on both sides with different versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Changed {
    /// Package key.
    pub key: String,
    /// Versions on the left side.
    pub before: BTreeSet<String>,
    /// Versions on the right side.
    pub after: BTreeSet<String>,
}

/// One package present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Entry {
    /// Package key.
    pub key: String,
    /// Its versions.
    pub versions: BTreeSet<String>,
}

/// The difference between two inventories.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InventoryDiff {
    /// Only in the right-hand inventory.
    pub added: Vec<Entry>,
    /// Only in the left-hand inventory.
    pub removed: Vec<Entry>,
    /// In both, with different version sets.
    pub changed: Vec<Changed>,
    /// Packages identical on both sides.
    pub unchanged: usize,
}

impl InventoryDiff {
    /// No differences at all.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn index(inv: &Inventory) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &inv.components {
        let key = match &c.purl {
            Some(p) => p.package_key(),
            None => match &c.group {
                Some(g) => format!("{g}/{}", c.name),
                None => c.name.clone(),
            },
        };
        let version = c
            .purl
            .as_ref()
            .and_then(|p| p.version())
            .or(c.version.as_deref())
            .unwrap_or("")
            .to_string();
        out.entry(key).or_default().insert(version);
    }
    out
}

/// Compare two inventories by package key.
pub fn diff(left: &Inventory, right: &Inventory) -> InventoryDiff {
    let a = index(left);
    let b = index(right);
    let mut d = InventoryDiff::default();
    for (k, va) in &a {
        match b.get(k) {
            None => d.removed.push(Entry {
                key: k.clone(),
                versions: va.clone(),
            }),
            Some(vb) if vb != va => d.changed.push(Changed {
                key: k.clone(),
                before: va.clone(),
                after: vb.clone(),
            }),
            Some(_) => d.unchanged += 1,
        }
    }
    for (k, vb) in &b {
        if !a.contains_key(k) {
            d.added.push(Entry {
                key: k.clone(),
                versions: vb.clone(),
            });
        }
    }
    d
}
