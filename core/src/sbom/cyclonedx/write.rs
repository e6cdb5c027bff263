//! The deterministic CycloneDX 1.6 JSON writer.
//!
//! Same inventory and options ⇒ same bytes: components are sorted by (identity, bom-ref) at
//! every level, dependencies by ref, keys come out in a fixed struct order, the document is
//! pretty-printed with a trailing newline, and nothing reads the clock or a random source.
//!
//! The mapping choices are documented on [`write_cyclonedx_1_6`], where users of the crate see
//! them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Serialize;
use uuid::Uuid;

use super::WRITE_MAX_NESTING;
use crate::sbom::{Component, Inventory, RelationshipKind, Tool, WriteOptions};

/// The UUID namespace of Stella's CycloneDX serial numbers:
/// `Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:stella:cyclonedx:serial-number")`.
pub const SERIAL_NAMESPACE: Uuid = Uuid::from_u128(0xc680_c258_c522_5c13_a9f2_5151_cddd_676a);

#[derive(Serialize)]
struct OutBom {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "bomFormat")]
    bom_format: &'static str,
    #[serde(rename = "specVersion")]
    spec_version: &'static str,
    #[serde(rename = "serialNumber", skip_serializing_if = "Option::is_none")]
    serial_number: Option<String>,
    version: u32,
    metadata: OutMetadata,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<OutComponent>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dependencies: Vec<OutDependency>,
}

#[derive(Serialize)]
struct OutMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    tools: OutTools,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<OutComponent>,
}

#[derive(Serialize)]
struct OutTools {
    components: Vec<OutTool>,
}

#[derive(Serialize)]
struct OutTool {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
}

/// A component as the 1.6 writer writes it (also used by the scan VDR).
#[derive(Serialize)]
pub(crate) struct OutComponent {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref")]
    bom_ref: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<OutHash>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<OutLicense>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<OutProperty>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<OutComponent>,
}

#[derive(Serialize)]
struct OutHash {
    alg: &'static str,
    content: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum OutLicense {
    License { license: OutLicenseBody },
    Expression { expression: String },
}

#[derive(Serialize)]
struct OutLicenseBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Serialize)]
struct OutProperty {
    name: &'static str,
    value: String,
}

#[derive(Serialize)]
struct OutDependency {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(rename = "dependsOn")]
    depends_on: Vec<String>,
}

/// Component types CycloneDX 1.6 defines.
const KINDS_1_6: &[&str] = &[
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];

fn kind_1_6(kind: &str) -> &'static str {
    let k = kind.trim().to_ascii_lowercase().replace('_', "-");
    KINDS_1_6
        .iter()
        .find(|known| **known == k)
        .copied()
        .unwrap_or("library")
}

/// The CycloneDX spelling of a normalised hash algorithm, when 1.6 has one.
fn hash_alg_1_6(alg: &str) -> Option<&'static str> {
    Some(match alg {
        "md5" => "MD5",
        "sha1" => "SHA-1",
        "sha256" => "SHA-256",
        "sha384" => "SHA-384",
        "sha512" => "SHA-512",
        "sha3-256" => "SHA3-256",
        "sha3-384" => "SHA3-384",
        "sha3-512" => "SHA3-512",
        "blake2b-256" => "BLAKE2b-256",
        "blake2b-384" => "BLAKE2b-384",
        "blake2b-512" => "BLAKE2b-512",
        "blake3" => "BLAKE3",
        _ => return None,
    })
}

fn hash_content_ok(v: &str) -> bool {
    matches!(v.len(), 32 | 40 | 64 | 96 | 128) && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// SPDX licence ids the CycloneDX schemas accept in `license.id`.
fn spdx_license_ids() -> &'static BTreeSet<String> {
    static IDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    IDS.get_or_init(|| {
        let v: serde_json::Value =
            serde_json::from_str(crate::sbom::validate::CYCLONEDX_SPDX_SCHEMA).unwrap_or_default();
        v.get("enum")
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    })
}

fn looks_like_expression(l: &str) -> bool {
    [" AND ", " OR ", " WITH ", " and ", " or ", " with "]
        .iter()
        .any(|op| l.contains(op))
}

fn licenses_of(c: &Component) -> Vec<OutLicense> {
    if let [only] = c.licenses.as_slice()
        && looks_like_expression(only)
    {
        return vec![OutLicense::Expression {
            expression: only.clone(),
        }];
    }
    c.licenses
        .iter()
        .map(|l| {
            let body = if spdx_license_ids().contains(l) {
                OutLicenseBody {
                    id: Some(l.clone()),
                    name: None,
                }
            } else {
                OutLicenseBody {
                    id: None,
                    name: Some(l.clone()),
                }
            };
            OutLicense::License { license: body }
        })
        .collect()
}

/// The 1.6 form of one component, without its children.
pub(crate) fn out_component(c: &Component) -> OutComponent {
    let mut cpes = c.cpes.iter();
    let cpe = cpes.next().cloned();
    let mut properties: Vec<OutProperty> = cpes
        .map(|v| OutProperty {
            name: "stella:cpe",
            value: v.clone(),
        })
        .collect();
    // The source package travels as Stella properties (read back by the reader).
    if let Some(n) = &c.source_name {
        properties.push(OutProperty {
            name: "stella:source:name",
            value: n.clone(),
        });
    }
    if let Some(v) = &c.source_version {
        properties.push(OutProperty {
            name: "stella:source:version",
            value: v.clone(),
        });
    }
    OutComponent {
        kind: kind_1_6(&c.kind),
        bom_ref: c.bom_ref.clone(),
        group: c.group.clone().filter(|g| !g.trim().is_empty()),
        name: c.name.clone(),
        version: c.version.clone(),
        hashes: c
            .hashes
            .iter()
            .filter_map(|h| {
                let alg = hash_alg_1_6(&h.alg)?;
                hash_content_ok(&h.value).then(|| OutHash {
                    alg,
                    content: h.value.clone(),
                })
            })
            .collect(),
        licenses: licenses_of(c),
        cpe,
        // As written: a converter does not respell identifiers (an invalid one stays visible).
        purl: c.purl_raw.clone(),
        properties,
        components: Vec::new(),
    }
}

/// The component forest: for each component index, its children (sorted), and the roots.
struct Forest {
    roots: Vec<usize>,
    children: Vec<Vec<usize>>,
}

fn forest(comps: &[&Component]) -> Forest {
    let mut by_ref: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in comps.iter().enumerate() {
        by_ref.entry(c.bom_ref.as_str()).or_insert(i);
    }
    let parent_of = |i: usize| -> Option<usize> {
        let p = comps.get(i)?.parent.as_deref()?;
        by_ref.get(p).copied().filter(|&p| p != i)
    };
    // Components on a parent cycle become roots (the cycle is cut there); every other component
    // with a known parent is nested under it.
    let on_cycle = |i: usize| -> bool {
        let mut cur = i;
        for _ in 0..comps.len() {
            match parent_of(cur) {
                Some(p) if p == i => return true,
                Some(p) => cur = p,
                None => return false,
            }
        }
        false
    };
    let mut children = vec![Vec::new(); comps.len()];
    let mut roots = Vec::new();
    for i in 0..comps.len() {
        match parent_of(i) {
            Some(p) if !on_cycle(i) => children[p].push(i),
            _ => roots.push(i),
        }
    }
    Forest { roots, children }
}

fn build(
    i: usize,
    depth: usize,
    comps: &[&Component],
    f: &Forest,
    flat: &mut Vec<usize>,
) -> OutComponent {
    let mut out = out_component(comps[i]);
    for &child in f.children.get(i).map(Vec::as_slice).unwrap_or_default() {
        if depth + 1 >= WRITE_MAX_NESTING {
            flat.push(child);
        } else {
            out.components.push(build(child, depth + 1, comps, f, flat));
        }
    }
    out
}

fn tools_of(inv: &Inventory) -> Vec<OutTool> {
    let stella = Tool {
        vendor: None,
        name: crate::TOOL_NAME.to_string(),
        version: Some(crate::TOOL_VERSION.to_string()),
    };
    // Written as the readers read them back: trimmed, blanks omitted, nameless tools skipped.
    let clean = |s: Option<String>| s.map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    let mut tools: Vec<Tool> = inv
        .source
        .tools
        .iter()
        .map(|t| Tool {
            vendor: clean(t.vendor.clone()),
            name: t.name.trim().to_string(),
            version: clean(t.version.clone()),
        })
        .filter(|t| !t.name.is_empty() || t.vendor.is_some())
        .collect();
    if !tools.contains(&stella) {
        tools.push(stella);
    }
    tools
        .into_iter()
        .map(|t| OutTool {
            kind: "application",
            group: t.vendor,
            name: t.name,
            version: t.version,
        })
        .collect()
}

/// The components in output order — by (identity, bom-ref), ties broken by content — with
/// bom-refs made unique and non-empty as CycloneDX requires: an exact duplicate of an earlier
/// component is written once; a different component reusing a bom-ref gets `<ref>#2`, `#3`, …
/// (edges naming the ref stay with the first); an empty ref becomes `stella:<identity>`.
fn unique_refs(inv: &Inventory) -> Vec<Component> {
    let mut used: BTreeSet<String> = inv.components.iter().map(|c| c.bom_ref.clone()).collect();
    let mut all: Vec<(String, String, Component)> = inv
        .components
        .iter()
        .map(|c| {
            let content = serde_json::to_string(c).unwrap_or_default();
            (c.identity(), content, c.clone())
        })
        .collect();
    // Name empty refs first (in content order, so input order does not matter); the output
    // order below then sees the names a re-read will see.
    all.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    for (identity, _, c) in &mut all {
        if c.bom_ref.is_empty() {
            let base = format!("{}{identity}", super::SYNTHETIC_REF_PREFIX);
            let mut candidate = base.clone();
            let mut n = 1;
            while used.contains(&candidate) {
                n += 1;
                candidate = format!("{base}#{n}");
            }
            used.insert(candidate.clone());
            c.bom_ref = candidate;
        }
    }
    all.sort_by(|a, b| (&a.0, &a.2.bom_ref, &a.1).cmp(&(&b.0, &b.2.bom_ref, &b.1)));
    let mut kept: BTreeMap<String, Vec<Component>> = BTreeMap::new();
    let mut out = Vec::new();
    for (_, _, c) in all {
        let r = c.bom_ref.clone();
        let same_ref = kept.entry(r.clone()).or_default();
        if same_ref.contains(&c) {
            continue;
        }
        let mut c2 = c.clone();
        if !same_ref.is_empty() {
            let mut n = same_ref.len() + 1;
            while used.contains(&format!("{r}#{n}")) {
                n += 1;
            }
            c2.bom_ref = format!("{r}#{n}");
            used.insert(c2.bom_ref.clone());
        }
        same_ref.push(c);
        out.push(c2);
    }
    out
}

/// Write an inventory as a CycloneDX 1.6 JSON document, deterministically.
///
/// The timestamp is `opts.timestamp`, else the source document's creation time when it parses
/// as RFC 3339, else omitted; it is written as UTC with millisecond precision.
///
/// Choices, each keeping a later re-read equal to the inventory written:
/// - **Nesting**: a component with a `parent` is written inside its parent's `components`
///   (CycloneDX has no other way to say "part of"); with a missing parent, or on a parent cycle
///   (which is cut there), it is top-level. Nesting deeper than
///   [`WRITE_MAX_NESTING`](super::WRITE_MAX_NESTING) levels is written flat.
/// - **bom-refs** are unique and non-empty, as CycloneDX requires: an exact duplicate component
///   is written once (it adds nothing to the inventory digest), a different component reusing a
///   ref gets `<ref>#2`, `#3`, …, an empty ref becomes `stella:<identity>`.
/// - **purl** as written (`purl_raw`): a converter does not respell identifiers, and an invalid
///   one stays visible.
/// - **Subject**: the first subject that is not nested becomes `metadata.component` (with its
///   children); CycloneDX has one subject, so further subjects are ordinary components.
/// - **Dependencies**: one entry per component with at least one `depends-on` edge. An entry
///   with an empty `dependsOn` would claim "has no dependencies", which Stella cannot know.
///   `contains` edges (from SPDX) have no CycloneDX form and are not written; nor are edges
///   naming a ref that is not written.
/// - **Licences**: a single licence that looks like an expression becomes `expression`; every
///   other licence becomes `license.id` when it is on the SPDX licence list the 1.6 schema
///   embeds, else `license.name`. Re-reading gives back the same strings.
/// - **Hashes**: only algorithms and hex lengths the 1.6 schema allows are written.
/// - **CPEs**: the first goes to `cpe`, the others to `stella:cpe` properties (read back).
/// - **Serial number**: `urn:uuid:` + UUIDv5 in [`SERIAL_NAMESPACE`] over the canonical JSON of
///   the document without its serial number and timestamp: the same content always gets the
///   same serial, whatever `--at` says.
/// - **Tools**: the source document's tools first, then Stella (not repeated when converting
///   Stella's own output).
pub fn write_cyclonedx_1_6(inv: &Inventory, opts: &WriteOptions) -> Vec<u8> {
    let owned = unique_refs(inv);
    let comps: Vec<&Component> = owned.iter().collect();
    let f = forest(&comps);

    let subjects: BTreeSet<&str> = inv.subject.iter().map(String::as_str).collect();
    let subject_root = f
        .roots
        .iter()
        .copied()
        .filter(|&i| subjects.contains(comps[i].bom_ref.as_str()))
        .min_by(|&a, &b| comps[a].bom_ref.cmp(&comps[b].bom_ref));

    let mut flat = Vec::new();
    let mut subject_component = None;
    // (sorted index, component): roots and components flattened beyond the nesting bound.
    let mut top = Vec::new();
    for &i in &f.roots {
        let c = build(i, 0, comps.as_slice(), &f, &mut flat);
        if Some(i) == subject_root {
            subject_component = Some(c);
        } else {
            top.push((i, c));
        }
    }
    // Components beyond the nesting bound are written top-level (their own subtrees nested).
    while let Some(i) = flat.pop() {
        let c = build(i, 0, comps.as_slice(), &f, &mut flat);
        top.push((i, c));
    }
    top.sort_by_key(|(i, _)| *i);
    let components = top.into_iter().map(|(_, c)| c).collect();

    // Only edges between written refs (an edge naming an empty ref has no target any more).
    let written: BTreeSet<&str> = owned.iter().map(|c| c.bom_ref.as_str()).collect();
    let mut deps: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &inv.relationships {
        if r.kind == RelationshipKind::DependsOn
            && written.contains(r.from.as_str())
            && written.contains(r.to.as_str())
        {
            deps.entry(r.from.as_str())
                .or_default()
                .insert(r.to.as_str());
        }
    }
    let dependencies = deps
        .into_iter()
        .map(|(from, to)| OutDependency {
            reference: from.to_string(),
            depends_on: to.into_iter().map(str::to_string).collect(),
        })
        .collect();

    let timestamp = opts
        .timestamp
        .or_else(|| {
            inv.source
                .created
                .as_deref()
                .and_then(|s| s.trim().parse::<crate::time::Timestamp>().ok())
        })
        .map(crate::time::format_time);

    let mut bom = OutBom {
        schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: None,
        version: 1,
        metadata: OutMetadata {
            timestamp: None,
            tools: OutTools {
                components: tools_of(inv),
            },
            component: subject_component,
        },
        components,
        dependencies,
    };
    // Only strings, integers and sorted structures: canonicalisation cannot fail; should it
    // ever, the serial is simply omitted (it is optional in CycloneDX).
    bom.serial_number = crate::canon::to_canonical_vec(&bom)
        .ok()
        .map(|body| format!("urn:uuid:{}", Uuid::new_v5(&SERIAL_NAMESPACE, &body)));
    bom.metadata.timestamp = timestamp;
    let mut out = serde_json::to_vec_pretty(&bom).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sbom::cyclonedx::read_json;

    const DOC: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.4","serialNumber":"urn:uuid:x",
      "metadata":{"timestamp":"2024-05-06T07:08:09+02:00","tools":[{"vendor":"v","name":"gen","version":"1"}],
        "component":{"type":"application","bom-ref":"app","name":"app","version":"1.0",
          "components":[{"bom-ref":"part","name":"part"}]}},
      "components":[
        {"type":"library","bom-ref":"z","name":"zeta","version":"2","purl":"pkg:npm/zeta@2",
         "hashes":[{"alg":"SHA-256","content":"0000000000000000000000000000000000000000000000000000000000000000"},
                   {"alg":"SHA-256","content":"not-hex"}],
         "licenses":[{"expression":"MIT OR Apache-2.0"}],
         "cpe":"cpe:2.3:a:z:zeta:2:*:*:*:*:*:*:*",
         "properties":[{"name":"syft:cpe23","value":"cpe:2.3:a:zeta:zeta:2:*:*:*:*:*:*:*"}],
         "components":[{"type":"file","name":"inner.js"}]},
        {"type":"library","bom-ref":"a","name":"alpha","version":"1","purl":"pkg:npm/alpha@1",
         "licenses":[{"license":{"id":"MIT"}},{"license":{"name":"My Licence"}}]},
        {"type":"library","name":"bad","purl":"pkg-:x/bad@1"}],
      "dependencies":[{"ref":"app","dependsOn":["z","a"]},{"ref":"z","dependsOn":["a"]},{"ref":"a"}]}"#;

    fn write(inv: &Inventory) -> String {
        String::from_utf8(write_cyclonedx_1_6(inv, &WriteOptions::default())).unwrap()
    }

    #[test]
    fn output_shape() {
        let inv = read_json(DOC.as_bytes()).unwrap();
        let out = write(&inv);
        assert!(out.ends_with("}\n"));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["specVersion"], "1.6");
        assert!(v["serialNumber"].as_str().unwrap().starts_with("urn:uuid:"));
        // The source time, normalised to UTC milliseconds.
        assert_eq!(v["metadata"]["timestamp"], "2024-05-06T05:08:09.000Z");
        let tools = v["metadata"]["tools"]["components"].as_array().unwrap();
        assert_eq!(tools[0]["name"], "gen");
        assert_eq!(tools[0]["group"], "v");
        assert_eq!(tools[1]["name"], "stella");
        assert_eq!(v["metadata"]["component"]["bom-ref"], "app");
        assert_eq!(
            v["metadata"]["component"]["components"][0]["bom-ref"],
            "part"
        );
        // Sorted by identity: `bad` has an invalid purl, so its identity is its name, which
        // sorts before `pkg:…`.
        let refs: Vec<_> = v["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["bom-ref"].as_str().unwrap())
            .collect();
        assert_eq!(refs, ["stella:bad", "a", "z"]);
        let z = &v["components"][2];
        assert_eq!(z["components"][0]["bom-ref"], "stella:inner.js");
        assert_eq!(z["components"][0]["type"], "file");
        // Invalid hash content is not written.
        assert_eq!(z["hashes"].as_array().unwrap().len(), 1);
        assert_eq!(z["hashes"][0]["alg"], "SHA-256");
        assert_eq!(z["licenses"][0]["expression"], "MIT OR Apache-2.0");
        assert_eq!(z["properties"][0]["name"], "stella:cpe");
        let a = &v["components"][1];
        assert_eq!(a["licenses"][0]["license"]["id"], "MIT");
        assert_eq!(a["licenses"][1]["license"]["name"], "My Licence");
        // The invalid purl is written as it was.
        assert_eq!(v["components"][0]["purl"], "pkg-:x/bad@1");
        // Only components with dependencies get an entry; sorted.
        assert_eq!(
            v["dependencies"],
            serde_json::json!([{"ref":"app","dependsOn":["a","z"]},{"ref":"z","dependsOn":["a"]}])
        );
    }

    #[test]
    fn round_trip_is_a_fixed_point() {
        let inv = read_json(DOC.as_bytes()).unwrap();
        let first = write_cyclonedx_1_6(&inv, &WriteOptions::default());
        let again = read_json(&first).unwrap();
        assert_eq!(again.digest(), inv.digest());
        assert_eq!(again.subject, inv.subject);
        let second = write_cyclonedx_1_6(&again, &WriteOptions::default());
        assert_eq!(
            String::from_utf8(first).unwrap(),
            String::from_utf8(second).unwrap()
        );
        // Everything but the tool list and source facts survives.
        let mut a = inv.components.clone();
        let mut b = again.components.clone();
        a.sort_by(|x, y| x.bom_ref.cmp(&y.bom_ref));
        b.sort_by(|x, y| x.bom_ref.cmp(&y.bom_ref));
        // Hashes that CycloneDX 1.6 cannot carry are the one loss.
        for c in &mut a {
            c.hashes.retain(|h| hash_content_ok(&h.value));
        }
        assert_eq!(a, b);
    }

    #[test]
    fn timestamp_and_serial() {
        let inv = read_json(DOC.as_bytes()).unwrap();
        let at = crate::time::parse_time("2030-01-01T00:00:00Z").unwrap();
        let with_at = write_cyclonedx_1_6(
            &inv,
            &WriteOptions {
                timestamp: Some(at),
            },
        );
        let v: serde_json::Value = serde_json::from_slice(&with_at).unwrap();
        assert_eq!(v["metadata"]["timestamp"], "2030-01-01T00:00:00.000Z");
        let plain: serde_json::Value =
            serde_json::from_slice(&write_cyclonedx_1_6(&inv, &WriteOptions::default())).unwrap();
        // The serial depends on content, not on the time.
        assert_eq!(v["serialNumber"], plain["serialNumber"]);
        // An unparseable source time is omitted, not invented.
        let mut odd = inv.clone();
        odd.source.created = Some("yesterday".into());
        let v: serde_json::Value =
            serde_json::from_slice(&write_cyclonedx_1_6(&odd, &WriteOptions::default())).unwrap();
        assert!(v["metadata"].get("timestamp").is_none());
        // Different content, different serial.
        let mut other = inv.clone();
        other.components.pop();
        let v2: serde_json::Value =
            serde_json::from_slice(&write_cyclonedx_1_6(&other, &WriteOptions::default())).unwrap();
        assert_ne!(v2["serialNumber"], plain["serialNumber"]);
    }

    #[test]
    fn serial_namespace_is_derived_as_documented() {
        assert_eq!(
            Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:stella:cyclonedx:serial-number"),
            SERIAL_NAMESPACE
        );
    }

    #[test]
    fn input_order_does_not_matter() {
        let inv = read_json(DOC.as_bytes()).unwrap();
        let mut shuffled = inv.clone();
        shuffled.components.reverse();
        shuffled.relationships.reverse();
        assert_eq!(write(&inv), write(&shuffled));
    }

    #[test]
    fn parent_cycles_and_missing_parents_become_top_level() {
        let mut inv = read_json(DOC.as_bytes()).unwrap();
        for c in &mut inv.components {
            match c.bom_ref.as_str() {
                "a" => c.parent = Some("z".into()),
                "z" => c.parent = Some("a".into()),
                "stella:bad" => c.parent = Some("nowhere".into()),
                _ => {}
            }
        }
        let v: serde_json::Value = serde_json::from_str(&write(&inv)).unwrap();
        let refs: Vec<_> = v["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["bom-ref"].as_str().unwrap())
            .collect();
        // The a↔z cycle is cut (both top-level); z's other child stays nested.
        assert_eq!(refs, ["stella:bad", "a", "z"]);
        assert_eq!(
            v["components"][2]["components"][0]["bom-ref"],
            "stella:inner.js"
        );
    }

    #[test]
    fn duplicate_refs_are_made_unique() {
        let inv = read_json(
            br#"{"bomFormat":"CycloneDX","specVersion":"1.4","components":[
            {"bom-ref":"x","name":"same","version":"1"},{"bom-ref":"x","name":"same","version":"1"},
            {"bom-ref":"y","name":"one"},{"bom-ref":"y","name":"two"}]}"#,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&write(&inv)).unwrap();
        let refs: Vec<_> = v["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["bom-ref"].as_str().unwrap(), c["name"].as_str().unwrap()))
            .collect();
        assert_eq!(refs, [("y", "one"), ("x", "same"), ("y#2", "two")]);
        assert_eq!(
            read_json(write(&inv).as_bytes()).unwrap().digest(),
            inv.digest()
        );
    }

    mod properties {
        use super::*;
        use crate::sbom::{Hash, Relationship, SbomFormat, SourceInfo, Warning};
        use proptest::prelude::*;

        fn component() -> impl Strategy<Value = Component> {
            (
                prop::sample::select(vec!["a", "b", "left-pad", "", "ünï cødé"]),
                prop::option::of(prop::sample::select(vec!["1", "2.0.0", "1.0-r0"])),
                prop::option::of(prop::sample::select(vec![
                    "pkg:npm/left-pad@1.3.0",
                    "pkg:npm/%40scope/x@1?arch=x86_64",
                    "pkg:deb/debian/zlib1g@1.2.11?distro=debian-11",
                    "pkg:maven/org.slf4j/slf4j-api@1.7.25",
                    "pkg-:golang/x@1",
                    "not a purl",
                ])),
                prop::sample::select(vec![
                    "library",
                    "application",
                    "operating_system",
                    "source",
                    "file",
                ]),
                prop::option::of(prop::sample::select(vec!["org.acme", "@scope"])),
                prop::sample::subsequence(
                    vec![
                        "MIT",
                        "Apache-2.0",
                        "MIT OR Apache-2.0",
                        "Custom EULA",
                        "NOASSERTION",
                    ],
                    0..3,
                ),
                prop::sample::subsequence(
                    vec![
                        (
                            "sha256",
                            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        ),
                        ("sha1", "0123456789abcdef0123456789abcdef01234567"),
                        (
                            "sha224",
                            "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
                        ),
                        ("md5", "nothex"),
                    ],
                    0..3,
                ),
                prop::sample::subsequence(
                    vec!["cpe:2.3:a:x:y:1:*:*:*:*:*:*:*", "cpe:/a:x:y:1"],
                    0..2,
                ),
            )
                .prop_map(
                    |(name, version, purl, kind, group, licenses, hashes, cpes)| {
                        let mut c = Component::new(
                            String::new(),
                            kind.into(),
                            name.into(),
                            version.map(Into::into),
                            purl.map(Into::into),
                        );
                        c.group = group.map(Into::into);
                        c.licenses = licenses.into_iter().map(Into::into).collect();
                        c.hashes = hashes
                            .into_iter()
                            .map(|(alg, value)| Hash {
                                alg: alg.into(),
                                value: value.into(),
                            })
                            .collect();
                        c.cpes = cpes.into_iter().map(Into::into).collect();
                        c
                    },
                )
        }

        /// Inventories as any reader could produce them: unique refs (some empty), parents
        /// (cycles included), edges of both kinds, subjects, tools and a creation time.
        fn inventory() -> impl Strategy<Value = Inventory> {
            (
                prop::collection::vec(component(), 0..10),
                prop::collection::vec((0usize..10, 0usize..10, any::<bool>()), 0..12),
                prop::collection::vec(prop::option::of(0usize..10), 10),
                prop::collection::vec(0usize..10, 0..3),
                prop::option::of(prop::sample::select(vec![
                    "2024-01-02T03:04:05Z",
                    "2024-01-02T03:04:05.123456+02:00",
                    "January",
                ])),
                prop::collection::vec(
                    (
                        prop::option::of("[a-z ]{0,4}"),
                        "[a-z ]{0,6}",
                        prop::option::of("[0-9. ]{0,4}"),
                    ),
                    0..3,
                ),
            )
                .prop_map(|(mut comps, edges, parents, subjects, created, tools)| {
                    let n = comps.len();
                    for (i, c) in comps.iter_mut().enumerate() {
                        // Every third ref empty: the writer must name it.
                        c.bom_ref = if i % 3 == 2 {
                            String::new()
                        } else {
                            format!("ref-{i}")
                        };
                    }
                    let refs: Vec<String> = comps.iter().map(|c| c.bom_ref.clone()).collect();
                    for (i, c) in comps.iter_mut().enumerate() {
                        c.parent = parents[i].filter(|&p| p < n).map(|p| refs[p].clone());
                    }
                    let relationships = edges
                        .into_iter()
                        .filter(|(a, b, _)| *a < n && *b < n)
                        .map(|(a, b, dep)| Relationship {
                            from: refs[a].clone(),
                            kind: if dep {
                                RelationshipKind::DependsOn
                            } else {
                                RelationshipKind::Contains
                            },
                            to: refs[b].clone(),
                        })
                        .collect();
                    let mut inv = Inventory {
                        source: SourceInfo {
                            format: SbomFormat::Spdx,
                            encoding: crate::sbom::Encoding::Json,
                            spec_version: "2.3".into(),
                            tools: tools
                                .into_iter()
                                .map(|(vendor, name, version)| Tool {
                                    vendor,
                                    name,
                                    version,
                                })
                                .collect(),
                            created: created.map(Into::into),
                            document_id: None,
                            document_name: None,
                            document_version: None,
                        },
                        subject: subjects
                            .into_iter()
                            .filter(|&s| s < n)
                            .map(|s| refs[s].clone())
                            .collect(),
                        components: comps,
                        relationships,
                        files: 0,
                        warnings: vec![Warning {
                            location: "x".into(),
                            message: "y".into(),
                        }],
                    };
                    inv.finish();
                    inv
                })
        }

        proptest! {
            #[test]
            fn conversion_is_a_fixed_point(inv in inventory()) {
                let opts = WriteOptions::default();
                let first = write_cyclonedx_1_6(&inv, &opts);
                let again = read_json(&first).unwrap();
                // Empty refs were named, so edges and parents naming "" are gone; otherwise the
                // content is the same.
                if inv.components.iter().all(|c| !c.bom_ref.is_empty()) {
                    prop_assert_eq!(again.digest(), inv.digest());
                }
                prop_assert_eq!(again.components.len(), inv.components.len());
                let second = write_cyclonedx_1_6(&again, &opts);
                prop_assert_eq!(String::from_utf8(first.clone()).unwrap(), String::from_utf8(second).unwrap());
                let report = crate::sbom::validate::validate(&first).unwrap();
                // Valid 1.6; the only possible findings are warnings about invalid purls, which
                // are written as they were.
                prop_assert!(report.is_valid(), "{:?}", report.problems);
            }
        }
    }

    #[test]
    fn deep_nesting_is_flattened_to_stay_readable() {
        // The deepest nesting the XML reader accepts, with licences (the deepest JSON inside a
        // component): the written JSON must stay readable.
        let mut body = String::from("<components>");
        for i in 0..crate::sbom::cyclonedx::MAX_NESTING {
            body.push_str(&format!(
                "<component type=\"library\" bom-ref=\"c{i}\"><name>c{i}</name><licenses><license><id>MIT</id></license></licenses><components>"
            ));
        }
        for _ in 0..crate::sbom::cyclonedx::MAX_NESTING {
            body.push_str("</components></component>");
        }
        body.push_str("</components>");
        let xml = format!(r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.4">{body}</bom>"#);
        let inv = crate::sbom::cyclonedx::read_xml(xml.as_bytes()).unwrap();
        let first = write(&inv);
        let again = read_json(first.as_bytes()).unwrap();
        assert_eq!(again.components.len(), crate::sbom::cyclonedx::MAX_NESTING);
        assert_eq!(again.digest(), inv.digest());
        let flat: Vec<_> = again
            .components
            .iter()
            .filter(|c| c.parent.is_none())
            .map(|c| c.bom_ref.as_str())
            .collect();
        assert_eq!(flat, ["c0", "c48"]);
        assert_eq!(write(&again), first);
    }

    #[test]
    fn kinds_outside_1_6_become_library() {
        for (kind, out) in [
            ("operating_system", "operating-system"),
            ("source", "library"),
            ("FIRMWARE", "firmware"),
            ("", "library"),
        ] {
            assert_eq!(kind_1_6(kind), out, "{kind}");
        }
    }
}
