//! CycloneDX 1.6 VDR (vulnerability disclosure report) rendering of a scan [`Report`].
//!
//! The document is a BOM whose `vulnerabilities[]` say which of the scanned SBOM's components
//! each vulnerability affects. **One entry per vulnerability** (its primary id), with one
//! `affects[]` entry per affected component; per-component facts go where CycloneDX has a
//! place for them: the component's version as `affected` and the versions that fix it as
//! `unaffected` in `affects[].versions`, and the upgrade advice in `recommendation`.
//!
//! The decision a newcomer might undo: **the affected components are copied into the VDR with
//! their original `bom-ref`s** (written by the same mapping as the CycloneDX writer), rather
//! than pointed at through BOM-Links. `affects[].ref` must resolve inside the document, a
//! BOM-Link needs the original BOM's serial number *and* version (most SBOMs have no serial),
//! and a copy keeps the VDR readable on its own while its refs still match the original SBOM
//! one for one. The SBOM's subject, when known, is `metadata.component`; the original
//! document's digest and serial number are metadata properties.
//!
//! Ratings are one per severity a source states (never merged): CVSS vectors keep their vector,
//! score and method (`CVSSv2`, `CVSSv3`, `CVSSv31`, `CVSSv4`), labels become method `other`.
//! Stella's evidence travels as properties: `stella:observation` (the observation digests the
//! JSON report's `evidence` explains), `stella:advisory`, `stella:finding` and `stella:kev:cve`.
//!
//! Deterministic: vulnerabilities sorted by id, every list sorted, the serial number a UUIDv5
//! over the content (as in [`crate::sbom::cyclonedx::write_cyclonedx_1_6`]), and the only time
//! the report's evaluation time.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use uuid::Uuid;

use super::RenderError;
use super::links::id_source;
use super::report::{Finding, Report, Severity, SourceSeverity};
use crate::sbom::cyclonedx::{OutComponent, SERIAL_NAMESPACE, out_component};
use crate::sbom::{Component, Inventory};

#[derive(Serialize)]
struct Bom {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "bomFormat")]
    bom_format: &'static str,
    #[serde(rename = "specVersion")]
    spec_version: &'static str,
    #[serde(rename = "serialNumber", skip_serializing_if = "Option::is_none")]
    serial_number: Option<String>,
    version: u32,
    metadata: Metadata,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<OutComponent>,
    vulnerabilities: Vec<Vulnerability>,
}

#[derive(Serialize)]
struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    tools: Tools,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<OutComponent>,
    properties: Vec<Property>,
}

#[derive(Serialize)]
struct Tools {
    components: Vec<ToolComponent>,
}

#[derive(Serialize)]
struct ToolComponent {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Property {
    name: &'static str,
    value: String,
}

#[derive(Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Source {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Reference {
    id: String,
    source: Source,
}

#[derive(Serialize)]
struct Rating {
    source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    severity: &'static str,
    method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    vector: Option<String>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Advisory {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    url: String,
}

#[derive(Serialize)]
struct Affects {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    versions: Vec<AffectedVersion>,
}

#[derive(Serialize)]
struct AffectedVersion {
    version: String,
    status: &'static str,
}

#[derive(Serialize)]
struct Vulnerability {
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    references: Vec<Reference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ratings: Vec<Rating>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cwes: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recommendation: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    advisories: Vec<Advisory>,
    affects: Vec<Affects>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property>,
}

/// The CycloneDX rating method of a severity as a source states it.
fn method(s: &SourceSeverity) -> &'static str {
    let v = s.value.trim();
    let scheme = s.scheme.to_ascii_uppercase();
    if v.starts_with("CVSS:4.") {
        "CVSSv4"
    } else if v.starts_with("CVSS:3.1/") {
        "CVSSv31"
    } else if v.starts_with("CVSS:3.") {
        "CVSSv3"
    } else if scheme == "CVSS_V2" || (scheme.starts_with("CVSS") && v.starts_with("AV:")) {
        "CVSSv2"
    } else {
        "other"
    }
}

fn cdx_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "critical",
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
        Severity::None => "none",
        Severity::Unknown => "unknown",
    }
}

fn rating(s: &SourceSeverity) -> Rating {
    let method = method(s);
    let severity = match s.score {
        Some(score) if score.is_finite() => Severity::from_score(score),
        _ => Severity::from_label(&s.value).unwrap_or(Severity::Unknown),
    };
    Rating {
        source: Source {
            name: s.source.clone(),
            url: None,
        },
        score: s.score.filter(|x| x.is_finite()),
        severity: cdx_severity(severity),
        method,
        vector: (method != "other").then(|| s.value.trim().to_string()),
    }
}

/// The publisher of an id: its database when the id's form names one, else the source of the
/// first match that carries the id.
fn source_of(id: &str, findings: &[&Finding]) -> Option<Source> {
    if let Some(s) = id_source(id) {
        return Some(Source {
            name: s.name.to_string(),
            url: Some(s.url),
        });
    }
    findings
        .iter()
        .flat_map(|f| f.matches.iter())
        .filter(|m| m.advisory.eq_ignore_ascii_case(id))
        .map(|m| Source {
            name: m.source.clone(),
            url: None,
        })
        .min()
}

fn vulnerability(id: &str, findings: &[&Finding]) -> Vulnerability {
    let aliases: BTreeSet<&str> = findings
        .iter()
        .flat_map(|f| f.aliases.iter().map(String::as_str))
        .filter(|a| *a != id)
        .collect();
    let references: Vec<Reference> = aliases
        .iter()
        .map(|a| Reference {
            id: a.to_string(),
            source: source_of(a, findings).unwrap_or(Source {
                name: "unknown".into(),
                url: None,
            }),
        })
        .collect();

    // One rating per (source, scheme, value) across the affected components.
    let mut severities: Vec<&SourceSeverity> =
        findings.iter().flat_map(|f| f.severities.iter()).collect();
    severities
        .sort_by(|a, b| (&a.source, &a.scheme, &a.value).cmp(&(&b.source, &b.scheme, &b.value)));
    severities
        .dedup_by(|a, b| (&a.source, &a.scheme, &a.value) == (&b.source, &b.scheme, &b.value));
    let ratings = severities.into_iter().map(rating).collect();

    let cwes: BTreeSet<u32> = findings
        .iter()
        .flat_map(|f| f.cwes.iter())
        .filter_map(|c| {
            c.trim()
                .to_ascii_uppercase()
                .strip_prefix("CWE-")
                .and_then(|n| n.parse().ok())
        })
        .collect();

    let description = findings
        .iter()
        .find_map(|f| f.title.as_deref())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);

    let mut advice: Vec<String> = Vec::new();
    for f in findings {
        let name = f
            .component
            .purl
            .clone()
            .unwrap_or_else(|| f.component.name.clone());
        if !f.fixed_versions.is_empty() {
            advice.push(format!(
                "Upgrade {name} to {}.",
                f.fixed_versions.join(" or ")
            ));
        }
    }
    advice.sort();
    advice.dedup();
    let recommendation = (!advice.is_empty()).then(|| advice.join(" "));

    let mut advisories: BTreeSet<Advisory> = BTreeSet::new();
    for f in findings {
        for m in &f.matches {
            if let Some(s) = id_source(&m.advisory) {
                advisories.insert(Advisory {
                    title: Some(m.advisory.clone()),
                    url: s.url,
                });
            }
        }
        for u in &f.advisory_urls {
            advisories.insert(Advisory {
                title: None,
                url: u.clone(),
            });
        }
    }
    // One entry per URL (a titled one wins over the same URL untitled).
    let mut by_url: BTreeMap<String, Advisory> = BTreeMap::new();
    for a in advisories {
        match by_url.get(&a.url) {
            Some(existing) if existing.title.is_some() => {}
            _ => {
                by_url.insert(a.url.clone(), a);
            }
        }
    }

    // affects: one entry per component ref, sorted.
    let mut affects_by_ref: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        affects_by_ref
            .entry(f.component.bom_ref.as_str())
            .or_default()
            .push(f);
    }
    let affects = affects_by_ref
        .into_iter()
        .map(|(r, fs)| {
            let mut versions: Vec<AffectedVersion> = Vec::new();
            let affected: BTreeSet<&str> = fs
                .iter()
                .filter_map(|f| f.component.version.as_deref())
                .filter(|v| !v.trim().is_empty())
                .collect();
            versions.extend(affected.into_iter().map(|v| AffectedVersion {
                version: v.to_string(),
                status: "affected",
            }));
            let mut fixed_seen = BTreeSet::new();
            for f in &fs {
                for v in &f.fixed_versions {
                    if fixed_seen.insert(v.as_str()) {
                        versions.push(AffectedVersion {
                            version: v.clone(),
                            status: "unaffected",
                        });
                    }
                }
            }
            Affects {
                reference: r.to_string(),
                versions,
            }
        })
        .collect();

    let mut properties: BTreeSet<Property> = BTreeSet::new();
    for f in findings {
        properties.insert(Property {
            name: "stella:finding",
            value: f.id.clone(),
        });
        for m in &f.matches {
            properties.insert(Property {
                name: "stella:observation",
                value: m.observation.to_string(),
            });
            properties.insert(Property {
                name: "stella:advisory",
                value: format!("{} {}", m.source, m.advisory),
            });
        }
        for cve in &f.kev_cves {
            properties.insert(Property {
                name: "stella:kev:cve",
                value: cve.clone(),
            });
        }
        if let Some(kind) = &f.informational {
            properties.insert(Property {
                name: "stella:informational",
                value: kind.clone(),
            });
        }
    }
    properties.insert(Property {
        name: "stella:kev",
        value: findings.iter().any(|f| f.kev).to_string(),
    });

    Vulnerability {
        bom_ref: format!("stella:vulnerability:{id}"),
        id: id.to_string(),
        source: source_of(id, findings),
        references,
        ratings,
        cwes: cwes.into_iter().collect(),
        description,
        recommendation,
        advisories: by_url.into_values().collect(),
        affects,
        properties: properties.into_iter().collect(),
    }
}

/// Render a report as a CycloneDX 1.6 VDR (pretty-printed JSON, trailing newline).
///
/// `inv` is the scanned SBOM's inventory: the affected components and the subject are copied
/// from it with their original refs.
///
/// # Errors
/// [`RenderError`] if serialisation fails (it cannot for the types written here).
pub fn render_vdr(report: &Report, inv: &Inventory) -> Result<Vec<u8>, RenderError> {
    let mut by_ref: BTreeMap<&str, &Component> = BTreeMap::new();
    for c in &inv.components {
        by_ref.entry(c.bom_ref.as_str()).or_insert(c);
    }
    let subject: Option<&Component> = inv
        .subject
        .iter()
        .filter_map(|r| by_ref.get(r.as_str()).copied())
        .next();

    let mut by_vuln: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        by_vuln.entry(f.vulnerability.as_str()).or_default().push(f);
    }
    let vulnerabilities: Vec<Vulnerability> = by_vuln
        .iter()
        .map(|(id, fs)| vulnerability(id, fs))
        .collect();

    // The affected components, once each, sorted by ref (the subject lives in metadata).
    let affected: BTreeSet<&str> = report
        .findings
        .iter()
        .map(|f| f.component.bom_ref.as_str())
        .collect();
    let components = affected
        .into_iter()
        .filter(|r| subject.is_none_or(|s| s.bom_ref != *r))
        .filter_map(|r| by_ref.get(r).copied())
        .map(out_component)
        .collect();

    let inputs = &report.inputs;
    let mut properties = vec![
        Property {
            name: "stella:knowledge:snapshot",
            value: inputs.knowledge_snapshot.to_string(),
        },
        Property {
            name: "stella:report:kind",
            value: report.kind.clone(),
        },
        Property {
            name: "stella:sbom:digest",
            value: inputs.sbom.digest.to_string(),
        },
        Property {
            name: "stella:sbom:format",
            value: format!("{} {}", inputs.sbom.format, inputs.sbom.spec_version),
        },
    ];
    if let Some(id) = &inputs.sbom.document_id {
        properties.push(Property {
            name: "stella:sbom:id",
            value: id.clone(),
        });
    }
    // A VDR lists what affects the components; findings VEX suppressed are not disclosed as
    // vulnerabilities but named here (finding id and consensus digest), never silently dropped.
    for f in &report.suppressed {
        properties.push(Property {
            name: "stella:vex:suppressed",
            value: match &f.vex {
                Some(v) => format!("{} {} {}", f.id, v.status, v.consensus),
                None => f.id.clone(),
            },
        });
    }
    if let Some(v) = &inputs.vex {
        properties.push(Property {
            name: "stella:vex:statements",
            value: v.statements_digest.to_string(),
        });
    }
    properties.sort();

    let mut bom = Bom {
        schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: None,
        version: 1,
        metadata: Metadata {
            timestamp: None,
            tools: Tools {
                components: vec![ToolComponent {
                    kind: "application",
                    name: crate::TOOL_NAME,
                    version: crate::TOOL_VERSION,
                }],
            },
            component: subject.map(out_component),
            properties,
        },
        components,
        vulnerabilities,
    };
    // As in the SBOM writer: the serial is a UUIDv5 over the content without serial and
    // timestamp (the report's digests and evaluation-independent content name it); should
    // canonicalisation ever fail, the optional serial is omitted.
    bom.serial_number = crate::canon::to_canonical_vec(&bom)
        .ok()
        .map(|body| format!("urn:uuid:{}", Uuid::new_v5(&SERIAL_NAMESPACE, &body)));
    bom.metadata.timestamp = Some(inputs.evaluated_at.clone());
    let mut out = serde_json::to_vec_pretty(&bom).map_err(RenderError::Json)?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sev(scheme: &str, value: &str, score: Option<f64>) -> SourceSeverity {
        SourceSeverity {
            source: "osv".into(),
            scheme: scheme.into(),
            value: value.into(),
            score,
        }
    }

    #[test]
    fn rating_methods() {
        let r = rating(&sev(
            "CVSS_V3",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            Some(9.8),
        ));
        assert_eq!((r.method, r.severity), ("CVSSv31", "critical"));
        assert_eq!(
            method(&sev(
                "CVSS_V3",
                "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                None
            )),
            "CVSSv3"
        );
        assert_eq!(
            method(&sev(
                "CVSS_V4",
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                None
            )),
            "CVSSv4"
        );
        assert_eq!(
            method(&sev("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P/A:P", Some(7.5))),
            "CVSSv2"
        );
        // A label is a rating by another method, with no vector.
        let l = rating(&sev("label", "Moderate", None));
        assert_eq!((l.method, l.severity, l.vector), ("other", "medium", None));
        assert_eq!(rating(&sev("label", "whatever", None)).severity, "unknown");
    }
}
