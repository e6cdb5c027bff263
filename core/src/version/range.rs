//! Version ranges (placeholder: OSV events and interval sets, generic over the comparator).
