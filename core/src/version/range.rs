//! Version ranges: unions of intervals, and OSV range events evaluated into them.
//!
//! Every requirement grammar (npm `^1.2 || >=3`, RubyGems `~> 1.2`, Composer `>=1.0,<1.2|^2`)
//! and every advisory range (OSV `introduced`/`fixed`/`last_affected`/`limit` events, secdb fixed
//! versions, CSAF product statuses) is normalised into a [`RangeSet`]: a union of [`Interval`]s
//! whose bounds are version *strings*, compared with the ecosystem's [`Comparator`] only when a
//! concrete version is checked. Keeping bounds as written keeps the evidence exact ("matched
//! `introduced 1.7.0, fixed 1.18.4`") and lets one evaluator serve every scheme.
//!
//! Placeholder: the data types are fixed; evaluation is implemented in this file.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::{Comparator, VersionError};

/// One end of an interval.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "version", rename_all = "lowercase")]
pub enum Bound {
    /// No bound on this side.
    Unbounded,
    /// The version itself is in the interval.
    Inclusive(String),
    /// The version itself is not in the interval.
    Exclusive(String),
}

/// A contiguous set of versions between two bounds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lower: Bound,
    /// Upper bound.
    pub upper: Bound,
}

/// A union of intervals, plus explicitly listed single versions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RangeSet {
    /// The intervals (a version in any of them is in the set).
    pub intervals: Vec<Interval>,
}
