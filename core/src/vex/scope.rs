//! Scoping: does a VEX [`Statement`] apply to one finding (a vulnerability on one component of
//! one scanned SBOM)?
//!
//! [`applies`] answers with a typed [`Scope`]: [`Scope::Applies`] names the id and the product
//! (and subcomponent) that matched and how ([`MatchKind`]); [`Scope::NotApplicable`] says why not,
//! product by product, so `stella vex explain` can print it.
//!
//! The rules, in the order they are checked:
//! 1. **Vulnerability.** The statement's id or any of its aliases must equal the finding's
//!    vulnerability or one of its linkset aliases, compared case-insensitively after trimming
//!    (`cve-2021-44228` = `CVE-2021-44228`). A statement about a CVE therefore applies to the
//!    GHSA/PYSEC finding that aliases it.
//! 2. **Product**, for each product in statement order; the first that matches decides.
//!    - With `subcomponents` (OpenVEX product + subcomponents, CSAF `default_component_of`), the
//!      *subcomponent* must match the component; the product is the image or application that
//!      contains it and is not compared (the scanned SBOM is taken to be of that product).
//!    - A **BOM-Link** `urn:cdx:<serial>/<version>#<ref>` applies only inside the BOM it names:
//!      the serial must equal the scanned SBOM's `serialNumber` (case-insensitive, with or without
//!      the `urn:uuid:` prefix, which BOM-Links leave out), the version,
//!      when the link gives one, its `version` (an SBOM that omits `version` is version 1, the
//!      CycloneDX default), and the bom-ref the component's bom-ref (exactly).
//!      *Exception:* when the link names another BOM (or another version) but its `#ref` is
//!      itself a package URL with a version — the usual bom-ref of generators such as
//!      cdxgen and the CycloneDX Maven plugin — the ref is matched as a purl by the purl rule
//!      below ([`MatchKind::BomLinkPurl`]). A versioned purl names one package version
//!      everywhere, exactly as an OpenVEX purl product does; real VEX files link to BOMs whose
//!      serial changed on regeneration (the CycloneDX VEX example's link names a serial its own
//!      `bom.json` does not carry). An opaque ref (`component-42`) into another BOM never
//!      matches.
//!    - A **plain bom-ref** (no serial) is a reference into the document that carries the
//!      statement, so it applies only when that document *is* the scanned SBOM: the statement's
//!      `document_id` must equal the SBOM's serial number. A plain bom-ref in a standalone VEX
//!      file never matches a component of another SBOM, whatever its ref is called.
//!    - A **purl** (OpenVEX `@id`, CycloneDX `affects` purls, CSAF product ids the parser
//!      resolved through the product tree): both purls are normalised by [`crate::purl`]; type,
//!      namespace and name must be equal; the version must be equal when the statement's purl
//!      has one (a statement without version covers every version); every qualifier the
//!      statement gives must be present with the same value on the component (extra component
//!      qualifiers such as `arch` or `distro` are fine); a statement subpath must be equal.
//!    - A **CPE-only** product matches only a component that carries the same CPE
//!      (case-insensitive, as written): CPEs name product families, and guessing a CPE ↔ purl
//!      mapping would let a statement about one package touch another.
//!    - A product with none of these (a bare image reference, an unresolved CSAF id) matches
//!      nothing.
//!    - `versions` (CycloneDX `affects[].versions`) narrow any of the above: the component's
//!      version must equal one listed version or lie in one listed `vers:` range (evaluated
//!      with the ecosystem's comparator, see [`crate::version`]).
//!
//! The one decision a newcomer might undo: nothing is matched by name alone. A statement that
//! cannot be tied to the component by purl, BOM-Link, same-document bom-ref or CPE does not
//! apply — suppressing a real finding is worse than keeping one a VEX meant to silence.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Product, Statement};
use crate::ecosystem::{Ecosystem, VersionScheme};
use crate::purl::Purl;
use crate::sbom::Inventory;
use crate::scan::report::{ComponentRef, Finding};

/// The identity of the scanned SBOM, for BOM-Links and same-document bom-refs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SbomIdentity {
    /// CycloneDX `serialNumber` (`urn:uuid:…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// CycloneDX BOM `version`, when the document states it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

impl SbomIdentity {
    /// The identity of a CycloneDX inventory; SPDX documents have none (BOM-Links cannot point
    /// into them).
    pub fn of(inventory: &Inventory) -> SbomIdentity {
        if inventory.source.format != crate::sbom::SbomFormat::CycloneDx {
            return SbomIdentity::default();
        }
        SbomIdentity {
            serial: inventory.source.document_id.clone(),
            version: inventory.source.document_version,
        }
    }
}

/// What a statement is checked against: one finding in one SBOM.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The finding's primary vulnerability id.
    pub vulnerability: &'a str,
    /// Its linkset aliases.
    pub aliases: &'a BTreeSet<String>,
    /// The component.
    pub component: &'a ComponentRef,
    /// The component's CPEs as the SBOM writes them ([`crate::sbom::Component::cpes`]); empty
    /// when unknown.
    pub cpes: &'a [String],
    /// The scanned SBOM.
    pub sbom: &'a SbomIdentity,
}

impl<'a> Target<'a> {
    /// The target of a scan finding.
    pub fn of_finding(finding: &'a Finding, cpes: &'a [String], sbom: &'a SbomIdentity) -> Self {
        Target {
            vulnerability: &finding.vulnerability,
            aliases: &finding.aliases,
            component: &finding.component,
            cpes,
            sbom,
        }
    }
}

/// How a product matched the component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// Package URL (type, namespace, name; version and qualifiers when the statement gives them).
    Purl,
    /// A CycloneDX BOM-Link into the scanned SBOM.
    BomLink,
    /// A CycloneDX BOM-Link into another BOM whose `#ref` is a versioned purl, matched as a purl.
    BomLinkPurl,
    /// A plain bom-ref of the scanned SBOM, which carries the statement.
    BomRef,
    /// The same CPE.
    Cpe,
}

/// Why a statement applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Via {
    /// The statement's id (or alias) that matched.
    pub vulnerability: String,
    /// The finding's id (or alias) it matched.
    pub finding_id: String,
    /// The product id as the statement writes it.
    pub product: String,
    /// The subcomponent that matched, when the product has subcomponents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subcomponent: Option<String>,
    /// How.
    pub by: MatchKind,
    /// The version entry of `versions` the component's version satisfied, when narrowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_entry: Option<String>,
}

/// Why one product (or subcomponent) does not match the component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Miss {
    /// The statement's purl does not parse.
    InvalidStatementPurl {
        /// As written.
        purl: String,
        /// The parser's reason.
        error: String,
    },
    /// The component has no (valid) purl to compare with.
    ComponentWithoutPurl,
    /// Type, namespace or name differ.
    DifferentPackage {
        /// The statement's package (`pkg:type/ns/name`).
        statement: String,
        /// The component's.
        component: String,
    },
    /// The statement's purl names another version.
    DifferentVersion {
        /// The statement's version.
        statement: String,
        /// The component's (none when it has none).
        #[serde(skip_serializing_if = "Option::is_none")]
        component: Option<String>,
    },
    /// A qualifier the statement gives is absent or different on the component.
    Qualifier {
        /// Key.
        key: String,
        /// The statement's value.
        statement: String,
        /// The component's value, when present.
        #[serde(skip_serializing_if = "Option::is_none")]
        component: Option<String>,
    },
    /// The statement's subpath differs.
    Subpath {
        /// The statement's subpath.
        statement: String,
    },
    /// The component's version is not among `versions`.
    VersionNotListed {
        /// The listed versions and ranges.
        versions: Vec<String>,
        /// The component's version (none when it has none).
        #[serde(skip_serializing_if = "Option::is_none")]
        component: Option<String>,
    },
    /// The BOM-Link names another BOM.
    OtherBom {
        /// The link's serial.
        link: String,
        /// The scanned SBOM's serial, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        sbom: Option<String>,
    },
    /// The BOM-Link names another version of the scanned BOM.
    OtherBomVersion {
        /// The link's version.
        link: u32,
        /// The scanned SBOM's version (1 when it states none).
        sbom: u32,
    },
    /// A plain bom-ref in a document that is not the scanned SBOM.
    NotSameDocument {
        /// The statement's document id.
        document: String,
        /// The scanned SBOM's serial, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        sbom: Option<String>,
    },
    /// The bom-ref names another component.
    DifferentBomRef {
        /// The statement's ref.
        statement: String,
        /// The component's.
        component: String,
    },
    /// The component does not carry the statement's CPE.
    CpeNotOnComponent {
        /// The CPE.
        cpe: String,
    },
    /// The product has no purl, CPE or bom-ref (an image reference, an unresolved product id).
    NoIdentifier,
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Miss::InvalidStatementPurl { purl, error } => {
                write!(f, "statement purl `{purl}` is invalid: {error}")
            }
            Miss::ComponentWithoutPurl => f.write_str("the component has no purl to compare"),
            Miss::DifferentPackage {
                statement,
                component,
            } => write!(f, "other package: `{statement}` ≠ `{component}`"),
            Miss::DifferentVersion {
                statement,
                component,
            } => write!(
                f,
                "other version: statement `{statement}`, component `{}`",
                component.as_deref().unwrap_or("(none)")
            ),
            Miss::Qualifier {
                key,
                statement,
                component,
            } => write!(
                f,
                "qualifier `{key}={statement}` not on the component ({})",
                component
                    .as_deref()
                    .map_or_else(|| "absent".to_string(), |c| format!("`{key}={c}`"))
            ),
            Miss::Subpath { statement } => write!(f, "subpath `{statement}` differs"),
            Miss::VersionNotListed {
                versions,
                component,
            } => write!(
                f,
                "component version `{}` is not in [{}]",
                component.as_deref().unwrap_or("(none)"),
                versions.join(", ")
            ),
            Miss::OtherBom { link, sbom } => write!(
                f,
                "BOM-Link into `{link}`, scanned SBOM is `{}`",
                sbom.as_deref().unwrap_or("(no serial number)")
            ),
            Miss::OtherBomVersion { link, sbom } => write!(
                f,
                "BOM-Link into version {link}, scanned SBOM is version {sbom}"
            ),
            Miss::NotSameDocument { document, sbom } => write!(
                f,
                "plain bom-ref of document `{document}`, which is not the scanned SBOM (`{}`)",
                sbom.as_deref().unwrap_or("no serial number")
            ),
            Miss::DifferentBomRef {
                statement,
                component,
            } => write!(f, "bom-ref `{statement}` ≠ `{component}`"),
            Miss::CpeNotOnComponent { cpe } => {
                write!(f, "CPE `{cpe}` is not on the component")
            }
            Miss::NoIdentifier => f.write_str("no purl, CPE or bom-ref to match"),
        }
    }
}

/// One product that did not match, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductMiss {
    /// The product id.
    pub product: String,
    /// The subcomponent, when the miss is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subcomponent: Option<String>,
    /// Why.
    pub miss: Miss,
}

/// Why a statement does not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Why {
    /// None of the statement's ids is an id of the finding.
    Vulnerability {
        /// The statement's ids (canonical, sorted).
        statement: Vec<String>,
        /// The finding's ids (canonical, sorted).
        finding: Vec<String>,
    },
    /// The ids match but no product matches the component.
    Product {
        /// Every product (and subcomponent) tried, in statement order.
        misses: Vec<ProductMiss>,
    },
}

/// Whether a statement applies to a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "kebab-case")]
pub enum Scope {
    /// It applies.
    Applies {
        /// How it matched.
        via: Via,
    },
    /// It does not.
    NotApplicable {
        /// Why not.
        why: Why,
    },
}

impl Scope {
    /// Does the statement apply?
    pub fn applies(&self) -> bool {
        matches!(self, Scope::Applies { .. })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Applies { via } => {
                write!(
                    f,
                    "applies: `{}` = finding id `{}`; ",
                    via.vulnerability, via.finding_id
                )?;
                match &via.subcomponent {
                    Some(s) => write!(f, "subcomponent `{s}` of product `{}`", via.product)?,
                    None => write!(f, "product `{}`", via.product)?,
                }
                let by = match via.by {
                    MatchKind::Purl => "purl",
                    MatchKind::BomLink => "BOM-Link",
                    MatchKind::BomLinkPurl => "purl of a BOM-Link into another BOM",
                    MatchKind::BomRef => "bom-ref in the same SBOM",
                    MatchKind::Cpe => "CPE",
                };
                write!(f, " matched by {by}")?;
                if let Some(v) = &via.version_entry {
                    write!(f, " (version entry `{v}`)")?;
                }
                Ok(())
            }
            Scope::NotApplicable {
                why: Why::Vulnerability { statement, finding },
            } => write!(
                f,
                "not applicable: statement ids [{}] share none with finding ids [{}]",
                statement.join(", "),
                finding.join(", ")
            ),
            Scope::NotApplicable {
                why: Why::Product { misses },
            } => {
                f.write_str("not applicable: ")?;
                for (i, m) in misses.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    match &m.subcomponent {
                        Some(s) => write!(f, "`{}` › `{s}`: {}", m.product, m.miss)?,
                        None => write!(f, "`{}`: {}", m.product, m.miss)?,
                    }
                }
                Ok(())
            }
        }
    }
}

/// The canonical form of a vulnerability id for comparison: trimmed, uppercase.
pub fn canonical_id(id: &str) -> String {
    id.trim().to_ascii_uppercase()
}

/// Decide whether `statement` applies to `target` (see the module documentation for the rules).
pub fn applies(statement: &Statement, target: &Target<'_>) -> Scope {
    // 1. Vulnerability ids through the linkset.
    let finding_ids: BTreeSet<String> = std::iter::once(target.vulnerability)
        .chain(target.aliases.iter().map(String::as_str))
        .map(canonical_id)
        .filter(|s| !s.is_empty())
        .collect();
    let statement_ids: BTreeSet<String> = std::iter::once(statement.vulnerability.as_str())
        .chain(statement.aliases.iter().map(String::as_str))
        .map(canonical_id)
        .filter(|s| !s.is_empty())
        .collect();
    let shared = statement_ids.intersection(&finding_ids).next().cloned();
    let Some(shared) = shared else {
        return Scope::NotApplicable {
            why: Why::Vulnerability {
                statement: statement_ids.into_iter().collect(),
                finding: finding_ids.into_iter().collect(),
            },
        };
    };
    fn written<'a>(mut ids: impl Iterator<Item = &'a str>, shared: &'a str) -> String {
        ids.find(|i| canonical_id(i) == shared)
            .unwrap_or(shared)
            .trim()
            .to_string()
    }
    let statement_id = written(
        std::iter::once(statement.vulnerability.as_str())
            .chain(statement.aliases.iter().map(String::as_str)),
        &shared,
    );
    let finding_id = written(
        std::iter::once(target.vulnerability).chain(target.aliases.iter().map(String::as_str)),
        &shared,
    );

    // 2. Products.
    let mut misses = Vec::new();
    for product in &statement.products {
        if product.subcomponents.is_empty() {
            match match_product(product, statement, target) {
                Ok((by, version_entry)) => {
                    return Scope::Applies {
                        via: Via {
                            vulnerability: statement_id,
                            finding_id,
                            product: product.id.clone(),
                            subcomponent: None,
                            by,
                            version_entry,
                        },
                    };
                }
                Err(miss) => misses.push(ProductMiss {
                    product: product.id.clone(),
                    subcomponent: None,
                    miss,
                }),
            }
        } else {
            for sub in &product.subcomponents {
                match match_product(sub, statement, target) {
                    Ok((by, version_entry)) => {
                        return Scope::Applies {
                            via: Via {
                                vulnerability: statement_id,
                                finding_id,
                                product: product.id.clone(),
                                subcomponent: Some(sub.id.clone()),
                                by,
                                version_entry,
                            },
                        };
                    }
                    Err(miss) => misses.push(ProductMiss {
                        product: product.id.clone(),
                        subcomponent: Some(sub.id.clone()),
                        miss,
                    }),
                }
            }
        }
    }
    Scope::NotApplicable {
        why: Why::Product { misses },
    }
}

/// Match one product (or subcomponent) against the component: how, and the `versions` entry used.
fn match_product(
    product: &Product,
    statement: &Statement,
    target: &Target<'_>,
) -> Result<(MatchKind, Option<String>), Miss> {
    let component = target.component;
    let by = if let Some(link) = &product.bom_link {
        match &link.serial {
            Some(serial) => {
                let sbom_serial = target.sbom.serial.as_deref();
                let sbom_version = target.sbom.version.unwrap_or(1);
                let other = if !sbom_serial.is_some_and(|s| same_serial(s, serial)) {
                    Some(Miss::OtherBom {
                        link: serial.clone(),
                        sbom: sbom_serial.map(str::to_string),
                    })
                } else {
                    link.version
                        .filter(|v| *v != sbom_version)
                        .map(|v| Miss::OtherBomVersion {
                            link: v,
                            sbom: sbom_version,
                        })
                };
                if let Some(miss) = other {
                    // A versioned purl ref identifies the package wherever it is (module notes).
                    let versioned_purl = Purl::parse(&link.bom_ref)
                        .ok()
                        .is_some_and(|p| p.version().is_some());
                    if !versioned_purl {
                        return Err(miss);
                    }
                    match_purl(&link.bom_ref, component)?;
                    return finish(product, component, MatchKind::BomLinkPurl);
                }
            }
            None => {
                let same = target
                    .sbom
                    .serial
                    .as_deref()
                    .is_some_and(|s| same_serial(s, &statement.document_id));
                if !same {
                    return Err(Miss::NotSameDocument {
                        document: statement.document_id.clone(),
                        sbom: target.sbom.serial.clone(),
                    });
                }
            }
        }
        if link.bom_ref != component.bom_ref {
            return Err(Miss::DifferentBomRef {
                statement: link.bom_ref.clone(),
                component: component.bom_ref.clone(),
            });
        }
        if link.serial.is_some() {
            MatchKind::BomLink
        } else {
            MatchKind::BomRef
        }
    } else if let Some(purl) = &product.purl {
        match_purl(purl, component)?;
        MatchKind::Purl
    } else if let Some(cpe) = &product.cpe {
        if !target
            .cpes
            .iter()
            .any(|c| c.trim().eq_ignore_ascii_case(cpe.trim()))
        {
            return Err(Miss::CpeNotOnComponent { cpe: cpe.clone() });
        }
        MatchKind::Cpe
    } else {
        return Err(Miss::NoIdentifier);
    };
    finish(product, component, by)
}

/// Narrow a product match by the product's `versions`, when it lists any.
fn finish(
    product: &Product,
    component: &ComponentRef,
    by: MatchKind,
) -> Result<(MatchKind, Option<String>), Miss> {
    if product.versions.is_empty() {
        return Ok((by, None));
    }
    let scheme = component_scheme(component);
    let entry = component.version.as_deref().and_then(|v| {
        product
            .versions
            .iter()
            .find(|entry| version_entry_contains(entry, v, scheme))
    });
    match entry {
        Some(e) => Ok((by, Some(e.clone()))),
        None => Err(Miss::VersionNotListed {
            versions: product.versions.clone(),
            component: component.version.clone(),
        }),
    }
}

/// Two BOM serial numbers are the same when equal ignoring ASCII case and an `urn:uuid:` prefix:
/// a BOM-Link writes the bare UUID (`urn:cdx:<uuid>/1#ref`), `serialNumber` the URN.
fn same_serial(a: &str, b: &str) -> bool {
    fn bare(s: &str) -> &str {
        let s = s.trim();
        match s.get(..9) {
            Some(p) if p.eq_ignore_ascii_case("urn:uuid:") => &s[9..],
            _ => s,
        }
    }
    !bare(a).is_empty() && bare(a).eq_ignore_ascii_case(bare(b))
}

fn component_scheme(component: &ComponentRef) -> Option<VersionScheme> {
    component.ecosystem.map(Ecosystem::scheme).or_else(|| {
        let p = Purl::parse(component.purl.as_deref()?).ok()?;
        p.ecosystem().map(Ecosystem::scheme)
    })
}

fn package_of(p: &Purl) -> String {
    match p.namespace() {
        Some(ns) => format!("pkg:{}/{}/{}", p.ty(), ns, p.name()),
        None => format!("pkg:{}/{}", p.ty(), p.name()),
    }
}

fn match_purl(statement_purl: &str, component: &ComponentRef) -> Result<(), Miss> {
    let sp = Purl::parse(statement_purl).map_err(|e| Miss::InvalidStatementPurl {
        purl: statement_purl.to_string(),
        error: e.reason,
    })?;
    let cp = component
        .purl
        .as_deref()
        .and_then(|p| Purl::parse(p).ok())
        .ok_or(Miss::ComponentWithoutPurl)?;
    if sp.ty() != cp.ty() || sp.namespace() != cp.namespace() || sp.name() != cp.name() {
        return Err(Miss::DifferentPackage {
            statement: package_of(&sp),
            component: package_of(&cp),
        });
    }
    if let Some(sv) = sp.version() {
        let same = cp.version().is_some_and(|cv| {
            cv == sv
                || cp.ecosystem().is_some_and(|e| {
                    matches!(
                        crate::version::compare(e.scheme(), sv, cv),
                        Ok(Ordering::Equal)
                    )
                })
        });
        if !same {
            return Err(Miss::DifferentVersion {
                statement: sv.to_string(),
                component: cp.version().map(str::to_string),
            });
        }
    }
    for (k, v) in sp.qualifiers() {
        let cv = cp.qualifier(k);
        if cv != Some(v.as_str()) {
            return Err(Miss::Qualifier {
                key: k.clone(),
                statement: v.clone(),
                component: cv.map(str::to_string),
            });
        }
    }
    if let Some(sub) = sp.subpath()
        && cp.subpath() != Some(sub)
    {
        return Err(Miss::Subpath {
            statement: sub.to_string(),
        });
    }
    Ok(())
}

/// Does one `versions` entry (a version, or a `vers:` range) contain `version`?
fn version_entry_contains(entry: &str, version: &str, scheme: Option<VersionScheme>) -> bool {
    let entry = entry.trim();
    match entry.strip_prefix("vers:") {
        Some(rest) => vers_contains(rest, version, scheme),
        None => {
            entry == version
                || scheme.is_some_and(|s| {
                    matches!(
                        crate::version::compare(s, entry, version),
                        Ok(Ordering::Equal)
                    )
                })
        }
    }
}

/// Evaluate a `vers:<type>/<constraints>` range (the purl-spec VERS algorithm). The comparator
/// is the `vers` type's ecosystem's, else the component's; a range whose versions do not parse
/// contains nothing.
fn vers_contains(rest: &str, version: &str, component_scheme: Option<VersionScheme>) -> bool {
    let Some((ty, constraints)) = rest.split_once('/') else {
        return false;
    };
    let scheme = vers_scheme(ty).or(component_scheme);
    let cmp = |a: &str, b: &str| -> Option<Ordering> {
        match scheme {
            Some(s) => crate::version::compare(s, a, b).ok(),
            None => (a == b).then_some(Ordering::Equal),
        }
    };
    let constraints = constraints.trim();
    if constraints == "*" {
        return true;
    }
    let mut parsed: Vec<(&str, &str)> = Vec::new();
    for c in constraints
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let (op, v) = ["<=", ">=", "!=", "<", ">", "="]
            .iter()
            .find_map(|op| c.strip_prefix(*op).map(|v| (*op, v.trim())))
            .unwrap_or(("=", c));
        parsed.push((op, v));
    }
    // Equality first.
    for (op, v) in &parsed {
        match cmp(version, v) {
            Some(Ordering::Equal) => match *op {
                "=" | "<=" | ">=" => return true,
                "!=" => return false,
                _ => {}
            },
            None => return false,
            _ => {}
        }
    }
    let mut ranges: Vec<(&str, &str)> = parsed
        .into_iter()
        .filter(|(op, _)| *op != "=" && *op != "!=")
        .collect();
    ranges.sort_by(|a, b| cmp(a.1, b.1).unwrap_or(Ordering::Equal));
    let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
        return false;
    };
    if first.0.starts_with('<') && cmp(version, first.1) == Some(Ordering::Less) {
        return true;
    }
    if last.0.starts_with('>') && cmp(version, last.1) == Some(Ordering::Greater) {
        return true;
    }
    ranges.windows(2).any(|w| {
        w[0].0.starts_with('>')
            && w[1].0.starts_with('<')
            && cmp(version, w[0].1) == Some(Ordering::Greater)
            && cmp(version, w[1].1) == Some(Ordering::Less)
    })
}

fn vers_scheme(ty: &str) -> Option<VersionScheme> {
    let e = match ty.trim().to_ascii_lowercase().as_str() {
        "deb" | "debian" => Ecosystem::Debian,
        "apk" | "alpine" => Ecosystem::Alpine,
        "rpm" => Ecosystem::Rpm,
        other => Ecosystem::from_purl_parts(other, None)?,
    };
    Some(e.scheme())
}

#[cfg(test)]
pub(crate) mod tests;
