//! The list of advisory formats: content sniffing and dispatch to each format's [`Parser`].
//!
//! The order of [`ALL`] is the sniffing order. Sniffers are written to be mutually exclusive
//! (each checks its format's own top-level keys or header), so the order only matters as a
//! tie-breaker; the exhaustive `match` in [`parse`] makes adding a format a compile error here
//! until it is wired.

use super::{AdvisoryFormat, Parser, Record, Rejected};
use super::{alpine, csaf, debian, friendsofphp, kev, nodejs, osv, rubysec};

/// Every format, in sniffing order.
pub const ALL: [AdvisoryFormat; 9] = [
    AdvisoryFormat::Kev,
    AdvisoryFormat::Csaf,
    AdvisoryFormat::Osv,
    AdvisoryFormat::AlpineSecdb,
    AdvisoryFormat::DebianTracker,
    AdvisoryFormat::DebianTrackerJson,
    AdvisoryFormat::RubySec,
    AdvisoryFormat::FriendsOfPhp,
    AdvisoryFormat::NodejsWg,
];

/// Documentation files (`README.md`, `LICENSE`, …) are never advisories, even when they quote
/// advisory examples at the start of a line.
fn is_documentation(name: &str) -> bool {
    let file = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    [
        ".md",
        ".markdown",
        ".rst",
        ".html",
        ".htm",
        ".txt.asc",
        ".pdf",
    ]
    .iter()
    .any(|ext| file.ends_with(ext))
        || file.starts_with("license")
        || file.starts_with("copying")
        || file == "notice"
}

/// Does a document look like `format`?
pub fn sniffs(format: AdvisoryFormat, name: &str, bytes: &[u8]) -> bool {
    if is_documentation(name) {
        return false;
    }
    match format {
        AdvisoryFormat::Osv => osv::Osv::sniff(name, bytes),
        AdvisoryFormat::AlpineSecdb => alpine::SecdbParser::sniff(name, bytes),
        AdvisoryFormat::DebianTracker => debian::TrackerListParser::sniff(name, bytes),
        AdvisoryFormat::DebianTrackerJson => debian::TrackerJsonParser::sniff(name, bytes),
        AdvisoryFormat::Csaf => csaf::CsafParser::sniff(name, bytes),
        AdvisoryFormat::Kev => kev::KevParser::sniff(name, bytes),
        AdvisoryFormat::RubySec => rubysec::RubySecParser::sniff(name, bytes),
        AdvisoryFormat::FriendsOfPhp => friendsofphp::FriendsOfPhpParser::sniff(name, bytes),
        AdvisoryFormat::NodejsWg => nodejs::NodejsWgParser::sniff(name, bytes),
    }
}

/// The first format whose sniffer accepts the document.
pub fn sniff(name: &str, bytes: &[u8]) -> Option<AdvisoryFormat> {
    ALL.into_iter().find(|f| sniffs(*f, name, bytes))
}

/// Parse a document with a format's parser.
pub fn parse(format: AdvisoryFormat, name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
    match format {
        AdvisoryFormat::Osv => osv::Osv::parse(name, bytes),
        AdvisoryFormat::AlpineSecdb => alpine::SecdbParser::parse(name, bytes),
        AdvisoryFormat::DebianTracker => debian::TrackerListParser::parse(name, bytes),
        AdvisoryFormat::DebianTrackerJson => debian::TrackerJsonParser::parse(name, bytes),
        AdvisoryFormat::Csaf => csaf::CsafParser::parse(name, bytes),
        AdvisoryFormat::Kev => kev::KevParser::parse(name, bytes),
        AdvisoryFormat::RubySec => rubysec::RubySecParser::parse(name, bytes),
        AdvisoryFormat::FriendsOfPhp => friendsofphp::FriendsOfPhpParser::parse(name, bytes),
        AdvisoryFormat::NodejsWg => nodejs::NodejsWgParser::parse(name, bytes),
    }
}

/// The source name for a record its parser refused (accepted records carry their own
/// `source_hint`): what the record would most likely have been filed under.
pub fn default_source(format: AdvisoryFormat, upstream_id: Option<&str>) -> String {
    match format {
        AdvisoryFormat::Osv => upstream_id.map_or_else(|| "osv".to_string(), osv::source_hint),
        AdvisoryFormat::AlpineSecdb => alpine::SOURCE.to_string(),
        AdvisoryFormat::DebianTracker => if upstream_id.is_some_and(|i| i.starts_with("DLA-")) {
            "debian-dla"
        } else {
            "debian-dsa"
        }
        .to_string(),
        AdvisoryFormat::DebianTrackerJson => "debian-tracker".to_string(),
        AdvisoryFormat::Csaf => "csaf".to_string(),
        AdvisoryFormat::Kev => kev::SOURCE.to_string(),
        AdvisoryFormat::RubySec => rubysec::SOURCE.to_string(),
        AdvisoryFormat::FriendsOfPhp => friendsofphp::SOURCE.to_string(),
        AdvisoryFormat::NodejsWg => nodejs::SOURCE.to_string(),
    }
}

impl AdvisoryFormat {
    /// The name used on the command line (`--format`).
    pub fn cli_name(self) -> &'static str {
        match self {
            AdvisoryFormat::Osv => "osv",
            AdvisoryFormat::AlpineSecdb => "alpine-secdb",
            AdvisoryFormat::DebianTracker => "debian-tracker",
            AdvisoryFormat::DebianTrackerJson => "debian-tracker-json",
            AdvisoryFormat::Csaf => "csaf",
            AdvisoryFormat::Kev => "kev",
            AdvisoryFormat::RubySec => "rubysec",
            AdvisoryFormat::FriendsOfPhp => "friendsofphp",
            AdvisoryFormat::NodejsWg => "nodejs-wg",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffers_are_exclusive_on_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/advisory");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(&root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let name = entry
                .path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if name.ends_with(".md") || name.contains("LICENSE") {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            let hits: Vec<_> = ALL
                .into_iter()
                .filter(|f| sniffs(*f, &name, &bytes))
                .collect();
            assert!(
                hits.len() <= 1,
                "{name}: claimed by several formats: {hits:?}"
            );
            checked += 1;
        }
        assert!(checked >= 20, "fixtures under testdata/advisory: {checked}");
    }
}
