//! What to look up for a component: its ecosystem, the package name advisories use, the
//! version to compare and, for OS packages, the distribution release — or why it cannot be
//! matched.
//!
//! OS packages are matched by their *source* package (Debian, Ubuntu) or origin (Alpine) when the
//! SBOM says what it is, because that is what distribution advisories name (`zlib1g` is built from
//! `zlib`), and only against advisories for the same release (`debian-9` ↔ `stretch`,
//! `alpine-3.17.2` ↔ `v3.17`, `focal` ↔ `20.04`). A distribution fix for one release says nothing
//! about another.

use serde::{Deserialize, Serialize};

use crate::ecosystem::Ecosystem;
use crate::purl::Purl;
use crate::sbom::{Component, Inventory};

/// Why a component cannot be matched.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(tag = "reason", content = "detail", rename_all = "kebab-case")]
pub enum Unmatchable {
    /// The component has no purl.
    NoPurl,
    /// The purl does not parse.
    InvalidPurl(String),
    /// The purl's type is not an ecosystem Stella has advisories for (`generic`, `github`, …).
    UnsupportedEcosystem(String),
    /// No version is given.
    NoVersion,
    /// The version does not parse under the ecosystem's rules (e.g. `0.14` is a Cargo
    /// requirement, not a version).
    UnparseableVersion(String),
    /// An OS package without a distribution release (no `distro` qualifier, no OS component).
    NoDistroRelease,
}

impl std::fmt::Display for Unmatchable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unmatchable::NoPurl => f.write_str("no purl"),
            Unmatchable::InvalidPurl(e) => write!(f, "invalid purl: {e}"),
            Unmatchable::UnsupportedEcosystem(t) => write!(f, "no advisories for purl type `{t}`"),
            Unmatchable::NoVersion => f.write_str("no version"),
            Unmatchable::UnparseableVersion(e) => write!(f, "version does not parse: {e}"),
            Unmatchable::NoDistroRelease => f.write_str(
                "OS package without a distribution release (no `distro` qualifier or OS component)",
            ),
        }
    }
}

/// A component ready to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Ecosystem.
    pub ecosystem: Ecosystem,
    /// The name advisories use, normalised ([`Ecosystem::normalize_name`]).
    pub name_key: String,
    /// The version to compare (for OS packages, the source version when known, with epoch).
    pub version: String,
    /// For OS packages: the release key ([`release_key`]).
    pub release: Option<String>,
}

/// The package name a purl stands for in its ecosystem's advisories: Maven `group:artifact`,
/// npm `@scope/name`, Go and Composer `namespace/name`, otherwise the name.
pub fn advisory_name(p: &Purl) -> String {
    match (p.ecosystem(), p.namespace()) {
        (Some(Ecosystem::Maven), Some(ns)) => format!("{ns}:{}", p.name()),
        (Some(Ecosystem::Npm | Ecosystem::Go | Ecosystem::Composer), Some(ns)) => {
            format!("{ns}/{}", p.name())
        }
        _ => p.name().to_string(),
    }
}

/// Normalise a distribution release as SBOMs and advisories write it into one key:
/// Debian → codename (`debian-9`, `9.13`, `stretch`, `Debian:9` → `stretch`); Ubuntu → version
/// (`focal`, `ubuntu-20.04`, `20.04:LTS` → `20.04`); Alpine/Wolfi → `v<major>.<minor>`
/// (`alpine-3.17.2`, `3.17`, `v3.17` → `v3.17`); RPM families → major (`rhel-8.6`, `el8`, `8` →
/// `8`). `None` when the text does not name a release.
pub fn release_key(ecosystem: Ecosystem, raw: &str) -> Option<String> {
    let r = raw.trim().to_ascii_lowercase();
    let r = r.as_str();
    let strip = |prefixes: &[&str]| -> String {
        let mut s = r;
        for p in prefixes {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.trim_start_matches(['-', ':', '_']);
                break;
            }
        }
        s.to_string()
    };
    match ecosystem {
        Ecosystem::Debian => {
            let s = strip(&["debian"]);
            if s.is_empty() {
                return None;
            }
            if s.starts_with(|c: char| c.is_ascii_digit()) {
                crate::advisory::debian::codename_for_version(&s).map(str::to_string)
            } else {
                crate::advisory::debian::release_number(&s).map(|_| s.clone())
            }
        }
        Ecosystem::Ubuntu => {
            let s = strip(&["ubuntu"]);
            let s = s
                .split(':')
                .find(|p| !p.is_empty() && p != &"pro")
                .unwrap_or("")
                .to_string();
            if s.starts_with(|c: char| c.is_ascii_digit()) {
                let mut parts = s.split('.');
                let (a, b) = (parts.next()?, parts.next()?);
                return Some(format!("{a}.{b}"));
            }
            ubuntu_version(&s).map(str::to_string)
        }
        Ecosystem::Alpine | Ecosystem::Wolfi => {
            let s = strip(&["alpine", "wolfi", "chainguard"]);
            let s = s.trim_start_matches('v');
            if s.is_empty() {
                // Wolfi and Chainguard are rolling: one release.
                return (ecosystem == Ecosystem::Wolfi).then(|| "rolling".to_string());
            }
            let mut parts = s.split('.');
            let (a, b) = (parts.next()?, parts.next().unwrap_or("0"));
            if a.chars().all(|c| c.is_ascii_digit())
                && b.chars().all(|c| c.is_ascii_digit())
                && !a.is_empty()
            {
                Some(format!("v{a}.{b}"))
            } else if s == "edge" {
                Some("edge".into())
            } else {
                None
            }
        }
        Ecosystem::Rpm | Ecosystem::Suse => {
            let s = strip(&[
                "rhel",
                "redhat",
                "red hat",
                "centos",
                "rocky",
                "almalinux",
                "alma",
                "fedora",
                "ol",
                "oracle",
                "amzn",
                "amazon",
                "el",
                "sles",
                "suse",
                "opensuse",
            ]);
            let major: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
            (!major.is_empty()).then_some(major)
        }
        _ => None,
    }
}

/// Ubuntu codename → version.
fn ubuntu_version(codename: &str) -> Option<&'static str> {
    const RELEASES: &[(&str, &str)] = &[
        ("warty", "4.10"),
        ("dapper", "6.06"),
        ("hardy", "8.04"),
        ("lucid", "10.04"),
        ("precise", "12.04"),
        ("trusty", "14.04"),
        ("xenial", "16.04"),
        ("bionic", "18.04"),
        ("cosmic", "18.10"),
        ("disco", "19.04"),
        ("eoan", "19.10"),
        ("focal", "20.04"),
        ("groovy", "20.10"),
        ("hirsute", "21.04"),
        ("impish", "21.10"),
        ("jammy", "22.04"),
        ("kinetic", "22.10"),
        ("lunar", "23.04"),
        ("mantic", "23.10"),
        ("noble", "24.04"),
        ("oracular", "24.10"),
        ("plucky", "25.04"),
        ("questing", "25.10"),
    ];
    RELEASES
        .iter()
        .find(|(n, _)| *n == codename)
        .map(|(_, v)| *v)
}

/// The distribution release of an inventory's OS, from its `operating-system` component, for
/// OS packages whose purl has no `distro` qualifier.
pub fn inventory_os_release(inv: &Inventory, ecosystem: Ecosystem) -> Option<String> {
    inv.components
        .iter()
        .filter(|c| c.kind == "operating-system")
        .find_map(|c| {
            let name = c.name.to_ascii_lowercase();
            let fits = match ecosystem {
                Ecosystem::Debian => name.contains("debian"),
                Ecosystem::Ubuntu => name.contains("ubuntu"),
                Ecosystem::Alpine => name.contains("alpine"),
                Ecosystem::Wolfi => name.contains("wolfi") || name.contains("chainguard"),
                Ecosystem::Rpm => [
                    "rhel", "red hat", "centos", "rocky", "alma", "fedora", "oracle", "amazon",
                ]
                .iter()
                .any(|n| name.contains(n)),
                Ecosystem::Suse => name.contains("suse"),
                _ => false,
            };
            fits.then(|| c.version.clone())
                .flatten()
                .and_then(|v| release_key(ecosystem, &v))
        })
}

/// Decide what to look up for a component.
///
/// # Errors
/// [`Unmatchable`] with the reason.
pub fn target(c: &Component, inv: &Inventory) -> Result<Target, Unmatchable> {
    let purl = match (&c.purl, &c.purl_error) {
        (Some(p), _) => p,
        (None, Some(e)) => return Err(Unmatchable::InvalidPurl(e.clone())),
        (None, None) => return Err(Unmatchable::NoPurl),
    };
    let Some(ecosystem) = c.ecosystem else {
        let what = match purl.namespace() {
            Some(ns) if matches!(purl.ty(), "deb" | "rpm" | "apk") => format!("{}/{ns}", purl.ty()),
            _ => purl.ty().to_string(),
        };
        return Err(Unmatchable::UnsupportedEcosystem(what));
    };
    let mut version = purl
        .version()
        .or(c.version.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(Unmatchable::NoVersion)?
        .to_string();
    let mut name = advisory_name(purl);
    let mut release = None;
    if ecosystem.is_distro() {
        release = c
            .distro
            .as_deref()
            .and_then(|d| release_key(ecosystem, d))
            .or_else(|| inventory_os_release(inv, ecosystem));
        if release.is_none() && ecosystem != Ecosystem::Wolfi {
            return Err(Unmatchable::NoDistroRelease);
        }
        if ecosystem == Ecosystem::Wolfi && release.is_none() {
            release = Some("rolling".into());
        }
        // Distribution advisories name source packages and state source versions.
        if matches!(
            ecosystem,
            Ecosystem::Debian | Ecosystem::Ubuntu | Ecosystem::Alpine | Ecosystem::Wolfi
        ) && let Some(src) = &c.source_name
        {
            name = src.clone();
            if let Some(sv) = &c.source_version {
                version = sv.clone();
            }
        }
        // The purl `epoch` qualifier belongs in front of the version (dpkg, rpm).
        if let Some(epoch) = purl.qualifier("epoch").filter(|e| *e != "0")
            && !version.contains(':')
        {
            version = format!("{epoch}:{version}");
        }
    }
    crate::version::validate(ecosystem.scheme(), &version)
        .map_err(|e| Unmatchable::UnparseableVersion(e.reason))?;
    Ok(Target {
        ecosystem,
        name_key: ecosystem.normalize_name(&name),
        version,
        release,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_keys() {
        assert_eq!(
            release_key(Ecosystem::Debian, "debian-9").as_deref(),
            Some("stretch")
        );
        assert_eq!(
            release_key(Ecosystem::Debian, "debian-8.8").as_deref(),
            Some("jessie")
        );
        assert_eq!(
            release_key(Ecosystem::Debian, "11").as_deref(),
            Some("bullseye")
        );
        assert_eq!(
            release_key(Ecosystem::Debian, "stretch").as_deref(),
            Some("stretch")
        );
        assert_eq!(
            release_key(Ecosystem::Ubuntu, "focal").as_deref(),
            Some("20.04")
        );
        assert_eq!(
            release_key(Ecosystem::Ubuntu, "ubuntu-20.04").as_deref(),
            Some("20.04")
        );
        assert_eq!(
            release_key(Ecosystem::Ubuntu, "20.04:LTS").as_deref(),
            Some("20.04")
        );
        assert_eq!(
            release_key(Ecosystem::Alpine, "alpine-3.17.2").as_deref(),
            Some("v3.17")
        );
        assert_eq!(
            release_key(Ecosystem::Alpine, "v3.11").as_deref(),
            Some("v3.11")
        );
        assert_eq!(
            release_key(Ecosystem::Rpm, "rhel-8.6").as_deref(),
            Some("8")
        );
        assert_eq!(release_key(Ecosystem::Rpm, "el9").as_deref(), Some("9"));
        assert_eq!(release_key(Ecosystem::Rpm, "9").as_deref(), Some("9"));
        assert_eq!(release_key(Ecosystem::Debian, "sid-ish"), None);
    }

    #[test]
    fn advisory_names() {
        let p = |s: &str| Purl::parse(s).unwrap();
        assert_eq!(
            advisory_name(&p("pkg:maven/org.yaml/snakeyaml@1.23")),
            "org.yaml:snakeyaml"
        );
        assert_eq!(
            advisory_name(&p("pkg:npm/%40babel/core@7.0.0")),
            "@babel/core"
        );
        assert_eq!(
            advisory_name(&p("pkg:golang/golang.org/x/net@v0.1.0")),
            "golang.org/x/net"
        );
        assert_eq!(
            advisory_name(&p("pkg:composer/laravel/framework@v7.30.6")),
            "laravel/framework"
        );
        assert_eq!(advisory_name(&p("pkg:pypi/requests@2.0")), "requests");
    }
}
