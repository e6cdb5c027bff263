//! Where a vulnerability id is published: the database that assigns ids of its form, and the
//! page that describes one.
//!
//! Only id forms whose database is unambiguous are named (CVE → NVD, GHSA → GitHub, …); any
//! other id has no link rather than a guessed one, and renderers fall back to the advisories'
//! own reference URLs.

/// The database that assigns an id of this form, and the URL of the id's page there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdSource {
    /// Database name (`NVD`, `GitHub`, `RustSec`, `Go`, `OSV`).
    pub name: &'static str,
    /// The database's home page.
    pub home: &'static str,
    /// The id's page.
    pub url: String,
}

/// The publisher and page of a vulnerability id, when its form names one.
///
/// Ids with characters outside `[A-Za-z0-9._:-]` get none (they are not a well-formed id of any
/// database, and are not pasted into a URL).
pub fn id_source(id: &str) -> Option<IdSource> {
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
    {
        return None;
    }
    let upper = id.to_ascii_uppercase();
    let (name, home, url) = if upper.starts_with("CVE-") {
        (
            "NVD",
            "https://nvd.nist.gov/",
            format!("https://nvd.nist.gov/vuln/detail/{id}"),
        )
    } else if upper.starts_with("GHSA-") {
        (
            "GitHub",
            "https://github.com/advisories",
            format!("https://github.com/advisories/{id}"),
        )
    } else if upper.starts_with("RUSTSEC-") {
        (
            "RustSec",
            "https://rustsec.org/",
            format!("https://rustsec.org/advisories/{id}.html"),
        )
    } else if upper.starts_with("GO-") {
        (
            "Go",
            "https://pkg.go.dev/vuln/",
            format!("https://pkg.go.dev/vuln/{id}"),
        )
    } else if upper.starts_with("PYSEC-") || upper.starts_with("OSV-") || upper.starts_with("MAL-")
    {
        (
            "OSV",
            "https://osv.dev/",
            format!("https://osv.dev/vulnerability/{id}"),
        )
    } else {
        return None;
    };
    Some(IdSource { name, home, url })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_forms_only() {
        assert_eq!(
            id_source("CVE-2021-44228").unwrap().url,
            "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"
        );
        assert_eq!(id_source("GHSA-jfh8-c2jp-5v3q").unwrap().name, "GitHub");
        assert_eq!(
            id_source("RUSTSEC-2023-0001").unwrap().url,
            "https://rustsec.org/advisories/RUSTSEC-2023-0001.html"
        );
        // Distribution advisory ids have no single page Stella can name.
        assert_eq!(id_source("DSA-4539-1"), None);
        // Never pasted into a URL.
        assert_eq!(id_source("CVE-1/../../x"), None);
        assert_eq!(id_source(""), None);
    }
}
