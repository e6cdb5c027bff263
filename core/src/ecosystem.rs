//! The closed list of package ecosystems Stella understands, and the version scheme each uses.
//!
//! One enum with exhaustive `match`es: adding an ecosystem makes the compiler list every place
//! that must learn about it (purl mapping, advisory mapping, version comparison). A package
//! whose ecosystem is not here is *unmatchable* and reported as such, never guessed.
//!
//! Distribution ecosystems (Debian, Ubuntu, Alpine, …) are separate from their package format
//! (`deb`, `apk`, `rpm`) because a distro's own advisories decide for its packages: a Debian
//! fix version is not an Ubuntu fix version even though both compare with dpkg rules.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A package ecosystem (a namespace of package names with one version scheme).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    /// crates.io (`pkg:cargo`).
    Cargo,
    /// npm registry (`pkg:npm`).
    Npm,
    /// Go modules (`pkg:golang`).
    Go,
    /// Python Package Index (`pkg:pypi`).
    #[serde(rename = "pypi")]
    PyPI,
    /// Maven repositories (`pkg:maven`).
    Maven,
    /// RubyGems (`pkg:gem`).
    #[serde(rename = "rubygems")]
    RubyGems,
    /// NuGet (`pkg:nuget`).
    #[serde(rename = "nuget")]
    NuGet,
    /// Packagist / Composer (`pkg:composer`).
    Composer,
    /// Debian (`pkg:deb/debian`).
    Debian,
    /// Ubuntu (`pkg:deb/ubuntu`).
    Ubuntu,
    /// Alpine Linux (`pkg:apk/alpine`).
    Alpine,
    /// Wolfi / Chainguard (`pkg:apk/wolfi`, `pkg:apk/chainguard`).
    Wolfi,
    /// Red Hat family RPM distributions (RHEL, CentOS, Rocky, AlmaLinux, Fedora, Oracle, Amazon).
    #[serde(rename = "rpm")]
    Rpm,
    /// SUSE and openSUSE (`pkg:rpm/suse`, `pkg:rpm/opensuse`).
    Suse,
}

/// The version comparison rules an ecosystem uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionScheme {
    /// SemVer 2.0.0 (Cargo).
    Semver,
    /// npm's semver dialect with its range grammar.
    Npm,
    /// Go module versions (semver with `v`, pseudo-versions, `+incompatible`).
    Go,
    /// PEP 440.
    Pep440,
    /// Maven ComparableVersion.
    Maven,
    /// RubyGems `Gem::Version`.
    RubyGems,
    /// NuGet (SemVer 2 plus 4-part legacy versions).
    NuGet,
    /// Composer (PHP).
    Composer,
    /// dpkg (Debian, Ubuntu).
    Dpkg,
    /// rpmvercmp with epochs (RHEL family, SUSE).
    Rpm,
    /// apk-tools (Alpine, Wolfi).
    Apk,
}

impl Ecosystem {
    /// Every ecosystem, in declaration order.
    pub const ALL: [Ecosystem; 14] = [
        Ecosystem::Cargo,
        Ecosystem::Npm,
        Ecosystem::Go,
        Ecosystem::PyPI,
        Ecosystem::Maven,
        Ecosystem::RubyGems,
        Ecosystem::NuGet,
        Ecosystem::Composer,
        Ecosystem::Debian,
        Ecosystem::Ubuntu,
        Ecosystem::Alpine,
        Ecosystem::Wolfi,
        Ecosystem::Rpm,
        Ecosystem::Suse,
    ];

    /// The version scheme of this ecosystem.
    pub fn scheme(self) -> VersionScheme {
        match self {
            Ecosystem::Cargo => VersionScheme::Semver,
            Ecosystem::Npm => VersionScheme::Npm,
            Ecosystem::Go => VersionScheme::Go,
            Ecosystem::PyPI => VersionScheme::Pep440,
            Ecosystem::Maven => VersionScheme::Maven,
            Ecosystem::RubyGems => VersionScheme::RubyGems,
            Ecosystem::NuGet => VersionScheme::NuGet,
            Ecosystem::Composer => VersionScheme::Composer,
            Ecosystem::Debian | Ecosystem::Ubuntu => VersionScheme::Dpkg,
            Ecosystem::Alpine | Ecosystem::Wolfi => VersionScheme::Apk,
            Ecosystem::Rpm | Ecosystem::Suse => VersionScheme::Rpm,
        }
    }

    /// Stable lowercase name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Ecosystem::Cargo => "cargo",
            Ecosystem::Npm => "npm",
            Ecosystem::Go => "go",
            Ecosystem::PyPI => "pypi",
            Ecosystem::Maven => "maven",
            Ecosystem::RubyGems => "rubygems",
            Ecosystem::NuGet => "nuget",
            Ecosystem::Composer => "composer",
            Ecosystem::Debian => "debian",
            Ecosystem::Ubuntu => "ubuntu",
            Ecosystem::Alpine => "alpine",
            Ecosystem::Wolfi => "wolfi",
            Ecosystem::Rpm => "rpm",
            Ecosystem::Suse => "suse",
        }
    }

    /// Is this an operating-system distribution (whose own advisories decide)?
    pub fn is_distro(self) -> bool {
        matches!(
            self,
            Ecosystem::Debian
                | Ecosystem::Ubuntu
                | Ecosystem::Alpine
                | Ecosystem::Wolfi
                | Ecosystem::Rpm
                | Ecosystem::Suse
        )
    }

    /// Map a purl `type` (and namespace, for OS packages) to an ecosystem.
    ///
    /// Returns `None` for types Stella cannot match (`generic`, `github`, `oci`, …) and for OS
    /// package types whose vendor namespace is unknown.
    pub fn from_purl_parts(ty: &str, namespace: Option<&str>) -> Option<Ecosystem> {
        let ns = namespace.map(|n| n.to_ascii_lowercase());
        match ty {
            "cargo" => Some(Ecosystem::Cargo),
            "npm" => Some(Ecosystem::Npm),
            "golang" => Some(Ecosystem::Go),
            "pypi" => Some(Ecosystem::PyPI),
            "maven" => Some(Ecosystem::Maven),
            "gem" => Some(Ecosystem::RubyGems),
            "nuget" => Some(Ecosystem::NuGet),
            "composer" => Some(Ecosystem::Composer),
            "deb" => match ns.as_deref() {
                Some("debian") => Some(Ecosystem::Debian),
                Some("ubuntu") => Some(Ecosystem::Ubuntu),
                _ => None,
            },
            "apk" => match ns.as_deref() {
                Some("alpine") => Some(Ecosystem::Alpine),
                Some("wolfi") | Some("chainguard") => Some(Ecosystem::Wolfi),
                _ => None,
            },
            "rpm" => match ns.as_deref() {
                Some("suse") | Some("opensuse") | Some("sles") => Some(Ecosystem::Suse),
                Some(
                    "redhat" | "rhel" | "centos" | "rocky" | "almalinux" | "alma" | "fedora"
                    | "oracle" | "ol" | "amazon" | "amzn",
                ) => Some(Ecosystem::Rpm),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Ecosystem {
    /// Normalise a package name into the key Stella matches on, so that advisories and SBOM
    /// components agree whatever spelling each used:
    /// PyPI → PEP 503 (lowercase, runs of `-_.` → `-`); Cargo → lowercase with `_` → `-`
    /// (crates.io treats them as one name); npm, NuGet, Composer and the distributions →
    /// lowercase; Go, Maven (`group:artifact`) and RubyGems → as written (case-sensitive).
    pub fn normalize_name(self, name: &str) -> String {
        let name = name.trim();
        match self {
            Ecosystem::PyPI => {
                let mut out = String::with_capacity(name.len());
                let mut sep = false;
                for c in name.chars() {
                    if matches!(c, '-' | '_' | '.') {
                        sep = true;
                    } else {
                        if sep && !out.is_empty() {
                            out.push('-');
                        }
                        sep = false;
                        out.extend(c.to_lowercase());
                    }
                }
                out
            }
            Ecosystem::Cargo => name.to_ascii_lowercase().replace('_', "-"),
            Ecosystem::Npm
            | Ecosystem::NuGet
            | Ecosystem::Composer
            | Ecosystem::Debian
            | Ecosystem::Ubuntu
            | Ecosystem::Alpine
            | Ecosystem::Wolfi
            | Ecosystem::Rpm
            | Ecosystem::Suse => name.to_lowercase(),
            Ecosystem::Go | Ecosystem::Maven | Ecosystem::RubyGems => name.to_string(),
        }
    }

    /// Map an OSV `affected[].package.ecosystem` string to an ecosystem and, for
    /// distributions, the release it names (`Debian:11` → (Debian, "11"), `Alpine:v3.16` →
    /// (Alpine, "v3.16"), `Ubuntu:22.04:LTS` → (Ubuntu, "22.04")). `None` for ecosystems Stella
    /// cannot match; such records are kept but never matched.
    pub fn from_osv(ecosystem: &str) -> Option<(Ecosystem, Option<String>)> {
        let (base, rest) = match ecosystem.split_once(':') {
            Some((b, r)) => (b.trim(), Some(r.trim())),
            None => (ecosystem.trim(), None),
        };
        let release = || {
            rest.map(|r| {
                // Ubuntu: "22.04:LTS", "Pro:18.04:LTS" → the numeric release.
                r.split(':')
                    .find(|p| {
                        p.chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_digit() || c == 'v')
                    })
                    .unwrap_or(r)
                    .to_string()
            })
        };
        let eco = match base.to_ascii_lowercase().as_str() {
            "pypi" => Ecosystem::PyPI,
            "crates.io" | "cargo" => Ecosystem::Cargo,
            "go" | "golang" => Ecosystem::Go,
            "npm" => Ecosystem::Npm,
            "maven" => Ecosystem::Maven,
            "rubygems" => Ecosystem::RubyGems,
            "nuget" => Ecosystem::NuGet,
            "packagist" | "composer" => Ecosystem::Composer,
            "debian" => return Some((Ecosystem::Debian, release())),
            "ubuntu" => return Some((Ecosystem::Ubuntu, release())),
            "alpine" => return Some((Ecosystem::Alpine, release())),
            "wolfi" | "chainguard" => Ecosystem::Wolfi,
            "red hat" | "rocky linux" | "almalinux" | "alma" => {
                return Some((Ecosystem::Rpm, release()));
            }
            "suse" | "opensuse" => return Some((Ecosystem::Suse, release())),
            _ => return None,
        };
        Some((eco, None))
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purl_types_map() {
        assert_eq!(
            Ecosystem::from_purl_parts("pypi", None),
            Some(Ecosystem::PyPI)
        );
        assert_eq!(
            Ecosystem::from_purl_parts("deb", Some("debian")),
            Some(Ecosystem::Debian)
        );
        assert_eq!(
            Ecosystem::from_purl_parts("deb", Some("Ubuntu")),
            Some(Ecosystem::Ubuntu)
        );
        assert_eq!(Ecosystem::from_purl_parts("deb", None), None);
        assert_eq!(Ecosystem::from_purl_parts("generic", None), None);
        assert_eq!(
            Ecosystem::from_purl_parts("rpm", Some("rocky")),
            Some(Ecosystem::Rpm)
        );
    }

    #[test]
    fn name_keys() {
        assert_eq!(
            Ecosystem::PyPI.normalize_name("Ruamel.YAML__clib"),
            "ruamel-yaml-clib"
        );
        assert_eq!(
            Ecosystem::Cargo.normalize_name("Pretty_Env_Logger"),
            "pretty-env-logger"
        );
        assert_eq!(
            Ecosystem::Maven.normalize_name("com.fasterxml.jackson.core:jackson-databind"),
            "com.fasterxml.jackson.core:jackson-databind"
        );
        assert_eq!(
            Ecosystem::Go.normalize_name("github.com/BurntSushi/toml"),
            "github.com/BurntSushi/toml"
        );
        assert_eq!(Ecosystem::NuGet.normalize_name("Moment.js"), "moment.js");
    }

    #[test]
    fn osv_ecosystems() {
        assert_eq!(Ecosystem::from_osv("PyPI"), Some((Ecosystem::PyPI, None)));
        assert_eq!(
            Ecosystem::from_osv("crates.io"),
            Some((Ecosystem::Cargo, None))
        );
        assert_eq!(
            Ecosystem::from_osv("Debian:11"),
            Some((Ecosystem::Debian, Some("11".into())))
        );
        assert_eq!(
            Ecosystem::from_osv("Alpine:v3.16"),
            Some((Ecosystem::Alpine, Some("v3.16".into())))
        );
        assert_eq!(
            Ecosystem::from_osv("Ubuntu:22.04:LTS"),
            Some((Ecosystem::Ubuntu, Some("22.04".into())))
        );
        assert_eq!(
            Ecosystem::from_osv("Ubuntu:Pro:18.04:LTS"),
            Some((Ecosystem::Ubuntu, Some("18.04".into())))
        );
        assert_eq!(
            Ecosystem::from_osv("Packagist"),
            Some((Ecosystem::Composer, None))
        );
        assert_eq!(Ecosystem::from_osv("Hackage"), None);
    }

    #[test]
    fn names_round_trip_through_serde() {
        for e in Ecosystem::ALL {
            let s = serde_json::to_string(&e).unwrap();
            assert_eq!(s, format!("\"{}\"", e.as_str()));
            assert_eq!(serde_json::from_str::<Ecosystem>(&s).unwrap(), e);
        }
    }
}
