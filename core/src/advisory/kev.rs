//! CISA Known Exploited Vulnerabilities (KEV) catalog: one [`KevEntry`] record per catalog entry.
//!
//! Reads both published forms of the catalog (`cisagov/kev-data`):
//! - **JSON** (`known_exploited_vulnerabilities.json`, schema
//!   `known_exploited_vulnerabilities_schema.json`): `{catalogVersion, dateReleased, count,
//!   vulnerabilities: [...]}`. Each element of `vulnerabilities` is one record; its `raw` is the
//!   element's exact text (taken with [`serde_json::value::RawValue`], never re-serialised) and its
//!   locator is the JSON pointer `/vulnerabilities/<i>`.
//! - **CSV** (`known_exploited_vulnerabilities.csv`): a header row naming the same columns, one
//!   row per entry. `raw` is the row's exact bytes (a quoted field may span lines) and the locator
//!   is `lines A-B`. Read with the `csv` crate, whose record positions give the byte spans.
//!
//! Both forms map onto the same [`KevEntry`]; the schema's required fields (`cveID`,
//! `vendorProject`, `product`, `vulnerabilityName`, `dateAdded`, `shortDescription`,
//! `requiredAction`, `dueDate`) must be present and strings. The fields Stella joins or reports
//! on are checked: `cveID` must match the schema pattern `CVE-YYYY-NNNN…` (it is the join key with
//! advisory aliases) and `dateAdded`/`dueDate` must be calendar dates (`YYYY-MM-DD`). A record
//! that fails is one [`Rejected`]; the rest of the catalog still parses.
//!
//! **The design decision a newcomer would undo:** a repeated `cveID` is *kept*, not dropped or
//! merged (aggregation, not merge). The first occurrence in document order keeps the bare CVE id
//! as its `upstream_id`; the n-th later occurrence becomes `CVE-…#n` (n ≥ 2), so ids stay unique
//! within the source and stable for an unchanged catalog. The published catalog (2025.08.25,
//! 1,404 entries) has no repeated id.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{AdvisoryFormat, KevEntry, Normalized, Parser, Record, Rejected};

/// The source name KEV records suggest.
pub const SOURCE: &str = "kev";

/// Source name for the catalog's CSV distribution. It is the same catalog in another
/// serialisation; a separate source keeps the two from superseding each other on every ingest
/// (their verbatim bytes necessarily differ).
pub const SOURCE_CSV: &str = "kev-csv";

/// The columns (and JSON keys) the schema requires, in catalog order.
const REQUIRED: [&str; 8] = [
    "cveID",
    "vendorProject",
    "product",
    "vulnerabilityName",
    "dateAdded",
    "shortDescription",
    "requiredAction",
    "dueDate",
];

/// The CISA KEV catalog parser (JSON and CSV forms).
#[derive(Debug, Clone, Copy, Default)]
pub struct KevParser;

impl Parser for KevParser {
    const FORMAT: AdvisoryFormat = AdvisoryFormat::Kev;

    /// JSON: an object whose first kilobytes name `catalogVersion` and `vulnerabilities` and
    /// contain a `cveID` key. CSV: the first line is the catalog header (`cveID,vendorProject,
    /// product,…`). The file name is not consulted.
    fn sniff(_name: &str, bytes: &[u8]) -> bool {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let head = &bytes[..bytes.len().min(8192)];
        if head.trim_ascii_start().starts_with(b"{") {
            let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
            return has(b"\"catalogVersion\"") && has(b"\"vulnerabilities\"") && has(b"\"cveID\"");
        }
        head.starts_with(b"cveID,vendorProject,product,")
    }

    fn parse(_name: &str, bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let out = if body.trim_ascii_start().starts_with(b"{") {
            parse_json(bytes)
        } else {
            parse_csv(bytes)
        };
        unique_ids(out)
    }
}

/// The JSON catalog, with each entry kept as its raw text.
#[derive(Deserialize)]
struct Catalog<'a> {
    #[serde(borrow)]
    vulnerabilities: Vec<&'a RawValue>,
}

/// One JSON entry, typed. Unknown keys are ignored; optional ones may be `null`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonEntry {
    #[serde(rename = "cveID")]
    cve_id: String,
    vendor_project: String,
    product: String,
    #[allow(dead_code)] // Required by the schema; not part of the normalised entry.
    vulnerability_name: String,
    date_added: String,
    #[allow(dead_code)]
    short_description: String,
    #[allow(dead_code)]
    required_action: String,
    due_date: String,
    known_ransomware_campaign_use: Option<String>,
}

/// Just the id, read leniently, to name a rejected entry.
#[derive(Deserialize)]
struct IdOnly {
    #[serde(rename = "cveID")]
    cve_id: Option<String>,
}

fn document_rejection(reason: String) -> Vec<Result<Record, Rejected>> {
    vec![Err(Rejected {
        upstream_id: None,
        locator: String::new(),
        reason,
    })]
}

fn parse_json(bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
    let catalog: Catalog = match serde_json::from_slice(bytes) {
        Ok(c) => c,
        Err(e) => {
            return document_rejection(format!("not a KEV JSON catalog: {e}"));
        }
    };
    catalog
        .vulnerabilities
        .iter()
        .enumerate()
        .map(|(i, raw)| json_entry(i, raw))
        .collect()
}

fn json_entry(i: usize, raw: &RawValue) -> Result<Record, Rejected> {
    let locator = format!("/vulnerabilities/{i}");
    let text = raw.get();
    let reject = |upstream_id: Option<String>, reason: String| Rejected {
        upstream_id,
        locator: locator.clone(),
        reason,
    };
    let id = || {
        serde_json::from_str::<IdOnly>(text)
            .ok()
            .and_then(|x| x.cve_id)
    };
    if !text.starts_with('{') {
        return Err(reject(
            None,
            format!("at `{locator}`: expected an object, got `{}`", clip(text)),
        ));
    }
    let entry: JsonEntry = crate::json::from_slice_strict(text.as_bytes()).map_err(|e| {
        let at = match e.pointer.as_deref() {
            Some(p) if p != "/" => format!("{locator}{p}"),
            _ => locator.clone(),
        };
        reject(id(), format!("at `{at}`: {}", e.message))
    })?;
    let kev = validate(Fields {
        cve: entry.cve_id,
        vendor: entry.vendor_project,
        product: entry.product,
        date_added: entry.date_added,
        due_date: entry.due_date,
        known_ransomware: entry.known_ransomware_campaign_use,
    })
    .map_err(|(id, reason)| reject(id, reason))?;
    Ok(record(kev, locator, text.as_bytes().to_vec(), SOURCE))
}

/// The fields of one entry, from either form.
struct Fields {
    cve: String,
    vendor: String,
    product: String,
    date_added: String,
    due_date: String,
    known_ransomware: Option<String>,
}

/// Check the joined and reported fields; on failure, the (id if usable, reason).
fn validate(f: Fields) -> Result<KevEntry, (Option<String>, String)> {
    if !is_cve_id(&f.cve) {
        return Err((
            None,
            format!(
                "`cveID`: expected `CVE-YYYY-NNNN` (4 to 19 digits), got {:?}",
                clip(&f.cve)
            ),
        ));
    }
    for (field, value) in [("dateAdded", &f.date_added), ("dueDate", &f.due_date)] {
        if !is_date(value) {
            return Err((
                Some(f.cve.clone()),
                format!(
                    "`{field}`: expected a date `YYYY-MM-DD`, got {:?}",
                    clip(value)
                ),
            ));
        }
    }
    Ok(KevEntry {
        cve: f.cve,
        vendor: f.vendor,
        product: f.product,
        date_added: f.date_added,
        due_date: Some(f.due_date),
        known_ransomware: f.known_ransomware.filter(|k| !k.is_empty()),
    })
}

fn record(kev: KevEntry, locator: String, raw: Vec<u8>, source: &str) -> Record {
    Record {
        upstream_id: kev.cve.clone(),
        locator,
        raw,
        source_hint: source.to_string(),
        normalized: Normalized::Kev(kev),
    }
}

/// The schema's `^CVE-[0-9]{4}-[0-9]{4,19}$`.
fn is_cve_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("CVE-") else {
        return false;
    };
    let Some((year, num)) = rest.split_once('-') else {
        return false;
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    year.len() == 4 && digits(year) && (4..=19).contains(&num.len()) && digits(num)
}

/// A calendar date spelled `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    s.len() == 10 && s.parse::<jiff::civil::Date>().is_ok()
}

/// At most 80 characters of a value, for messages.
fn clip(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(80).collect();
        t.push('…');
        t
    }
}

fn parse_csv(bytes: &[u8]) -> Vec<Result<Record, Rejected>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return document_rejection(format!("not a KEV CSV catalog: {e}")),
    };
    let column = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let mut columns = BTreeMap::new();
    for name in REQUIRED.iter().chain(["knownRansomwareCampaignUse"].iter()) {
        match column(name) {
            Some(i) => {
                columns.insert(*name, i);
            }
            None if *name == "knownRansomwareCampaignUse" => {}
            None => {
                return document_rejection(format!(
                    "not a KEV CSV catalog: the header has no `{name}` column"
                ));
            }
        }
    }
    let mut out = Vec::new();
    let mut row = csv::ByteRecord::new();
    // Line numbers are counted here from byte offsets (1-based), incrementally.
    let mut counted_to = 0usize;
    let mut line = 1u64;
    let mut line_at = |offset: usize| -> u64 {
        let offset = offset.min(bytes.len());
        if offset > counted_to {
            line += memchr::memchr_iter(b'\n', &bytes[counted_to..offset]).count() as u64;
            counted_to = offset;
        }
        line
    };
    loop {
        let start = to_usize(reader.position().byte());
        let read = reader.read_byte_record(&mut row);
        let end = to_usize(reader.position().byte()).min(bytes.len());
        match read {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let stop = matches!(e.kind(), csv::ErrorKind::Io(_));
                let at = e.position().map_or(start, |p| to_usize(p.byte()));
                out.push(Err(Rejected {
                    upstream_id: None,
                    locator: format!("line {}", line_at(skip_newlines(bytes, at))),
                    reason: format!("unreadable CSV row: {e}"),
                }));
                if stop {
                    break;
                }
                continue;
            }
        }
        let begin = skip_newlines(bytes, row.position().map_or(start, |p| to_usize(p.byte())));
        let raw = trim_newline(bytes.get(begin..end).unwrap_or_default());
        let first = line_at(begin);
        let last = first + memchr::memchr_iter(b'\n', raw).count() as u64;
        out.push(csv_entry(
            &row,
            &columns,
            format!("lines {first}-{last}"),
            raw.to_vec(),
        ));
    }
    out
}

/// The first offset at or after `at` that is not a line break.
fn skip_newlines(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn trim_newline(mut s: &[u8]) -> &[u8] {
    while let Some(rest) = s.strip_suffix(b"\n").or_else(|| s.strip_suffix(b"\r")) {
        s = rest;
    }
    s
}

fn csv_entry(
    row: &csv::ByteRecord,
    columns: &BTreeMap<&str, usize>,
    locator: String,
    raw: Vec<u8>,
) -> Result<Record, Rejected> {
    let field = |name: &str| -> Result<Option<String>, String> {
        let Some(&i) = columns.get(name) else {
            return Ok(None);
        };
        match row.get(i) {
            None => Ok(None),
            Some(b) => std::str::from_utf8(b)
                .map(|s| Some(s.to_string()))
                .map_err(|e| format!("column `{name}` is not UTF-8: {e}")),
        }
    };
    let reject = |upstream_id: Option<String>, reason: String| Rejected {
        upstream_id,
        locator: locator.clone(),
        reason,
    };
    let get = |name: &str| -> Result<String, Rejected> {
        field(name)
            .map_err(|r| reject(None, r))?
            .ok_or_else(|| reject(None, format!("column `{name}` is missing from the row")))
    };
    let fields = Fields {
        cve: get("cveID")?,
        vendor: get("vendorProject")?,
        product: get("product")?,
        date_added: get("dateAdded")?,
        due_date: get("dueDate")?,
        known_ransomware: field("knownRansomwareCampaignUse").map_err(|r| reject(None, r))?,
    };
    let kev = validate(fields).map_err(|(id, reason)| reject(id, reason))?;
    Ok(record(kev, locator, raw, SOURCE_CSV))
}

/// Make repeated `cveID`s unique: the n-th occurrence (n ≥ 2) becomes `CVE-…#n`.
fn unique_ids(mut out: Vec<Result<Record, Rejected>>) -> Vec<Result<Record, Rejected>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for r in out.iter_mut().flatten() {
        let n = seen.entry(r.upstream_id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            r.upstream_id = format!("{}#{n}", r.upstream_id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn entry(cve: &str) -> String {
        format!(
            r#"{{"cveID": "{cve}", "vendorProject": "Git", "product": "Git", "vulnerabilityName": "n",
  "dateAdded": "2025-08-25", "shortDescription": "d", "requiredAction": "a", "dueDate": "2025-09-15",
  "knownRansomwareCampaignUse": "Unknown", "notes": "", "cwes": ["CWE-59"]}}"#
        )
    }

    fn catalog(entries: &[String]) -> String {
        format!(
            "{{\"title\": \"t\", \"catalogVersion\": \"2025.08.25\", \"dateReleased\": \"2025-08-25T17:04:19.9796Z\", \"count\": {}, \"vulnerabilities\": [\n{}\n]}}",
            entries.len(),
            entries.join(",\n")
        )
    }

    fn kev(r: &Record) -> &KevEntry {
        match &r.normalized {
            Normalized::Kev(k) => k,
            Normalized::Advisory(_) => panic!("not a KEV entry"),
        }
    }

    #[test]
    fn json_entry_maps_fields_and_keeps_raw_text() {
        let e = entry("CVE-2025-48384");
        let doc = catalog(&[e.clone(), entry("CVE-2024-8068")]);
        let out = KevParser::parse("kev.json", doc.as_bytes());
        assert_eq!(out.len(), 2);
        let r = out[0].as_ref().unwrap();
        assert_eq!(r.upstream_id, "CVE-2025-48384");
        assert_eq!(r.locator, "/vulnerabilities/0");
        assert_eq!(r.source_hint, "kev");
        // The exact element text, whitespace and key order included.
        assert_eq!(r.raw, e.as_bytes());
        assert_eq!(
            kev(r),
            &KevEntry {
                cve: "CVE-2025-48384".into(),
                vendor: "Git".into(),
                product: "Git".into(),
                date_added: "2025-08-25".into(),
                due_date: Some("2025-09-15".into()),
                known_ransomware: Some("Unknown".into()),
            }
        );
        assert_eq!(out[1].as_ref().unwrap().locator, "/vulnerabilities/1");
    }

    #[test]
    fn repeated_cve_ids_are_numbered_in_document_order() {
        let doc = catalog(&[
            entry("CVE-2021-44228"),
            entry("CVE-2020-1472"),
            entry("CVE-2021-44228"),
            entry("CVE-2021-44228"),
        ]);
        let ids: Vec<String> = KevParser::parse("kev.json", doc.as_bytes())
            .into_iter()
            .map(|r| r.unwrap().upstream_id)
            .collect();
        assert_eq!(
            ids,
            [
                "CVE-2021-44228",
                "CVE-2020-1472",
                "CVE-2021-44228#2",
                "CVE-2021-44228#3"
            ]
        );
    }

    #[test]
    fn bad_entries_are_rejected_one_by_one() {
        let cases = [
            // (entry text, expected reason fragment, expected id)
            (
                entry("CVE-2021-1"),
                "`cveID`: expected `CVE-YYYY-NNNN` (4 to 19 digits), got \"CVE-2021-1\"",
                None,
            ),
            (entry("GHSA-xxxx-yyyy-zzzz"), "`cveID`: expected", None),
            (
                entry("CVE-2021-44228").replace("2025-09-15", "2025-02-30"),
                "`dueDate`: expected a date `YYYY-MM-DD`, got \"2025-02-30\"",
                Some("CVE-2021-44228"),
            ),
            (
                entry("CVE-2021-44228").replace("\"dateAdded\": \"2025-08-25\",", ""),
                "at `/vulnerabilities/0`: missing field `dateAdded`",
                Some("CVE-2021-44228"),
            ),
            (
                entry("CVE-2021-44228").replace("\"product\": \"Git\"", "\"product\": 7"),
                "at `/vulnerabilities/0/product`: invalid type: integer `7`",
                Some("CVE-2021-44228"),
            ),
            (
                entry("CVE-2021-44228").replace("\"notes\": \"\"", "\"product\": \"Dup\""),
                "duplicate key `product`",
                Some("CVE-2021-44228"),
            ),
            (
                "[1, 2]".to_string(),
                "at `/vulnerabilities/0`: expected an object, got `[1, 2]`",
                None,
            ),
        ];
        for (bad, reason, id) in cases {
            let doc = catalog(&[bad.clone(), entry("CVE-2020-1472")]);
            let out = KevParser::parse("kev.json", doc.as_bytes());
            assert_eq!(out.len(), 2, "{bad}");
            let e = out[0].as_ref().unwrap_err();
            assert!(e.reason.contains(reason), "{bad}: {}", e.reason);
            assert_eq!(e.upstream_id.as_deref(), id, "{bad}");
            assert_eq!(e.locator, "/vulnerabilities/0");
            // The rest of the catalog still parses.
            assert_eq!(out[1].as_ref().unwrap().upstream_id, "CVE-2020-1472");
        }
    }

    #[test]
    fn unreadable_documents_are_one_rejection() {
        let good = catalog(&[entry("CVE-2020-1472")]);
        let long = format!("{{\"vulnerabilities\": \"{}\"}}", "x".repeat(100_000));
        let docs: Vec<&[u8]> = vec![
            &good.as_bytes()[..good.len() / 2], // truncated
            b"",
            b"{}",
            b"{\"vulnerabilities\": {}}",
            long.as_bytes(),
            b"\xff\xfe{",
        ];
        for doc in docs {
            let out = KevParser::parse("kev.json", doc);
            assert_eq!(out.len(), 1, "{:?}", String::from_utf8_lossy(doc));
            let e = out[0].as_ref().unwrap_err();
            assert_eq!(e.locator, "");
            assert!(e.reason.starts_with("not a KEV"), "{}", e.reason);
        }
        // A 100k-character product is kept as given.
        let big = entry("CVE-2020-1472").replace(
            "\"product\": \"Git\"",
            &format!("\"product\": \"{}\"", "p".repeat(100_000)),
        );
        let out = KevParser::parse("kev.json", catalog(&[big]).as_bytes());
        assert_eq!(kev(out[0].as_ref().unwrap()).product.len(), 100_000);
    }

    const CSV_HEADER: &str = "cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes\n";

    #[test]
    fn csv_rows_map_to_the_same_entries_with_line_ranges() {
        let row1 = "CVE-2025-48384,Git,Git,\"Git Link Following Vulnerability\",2025-08-25,\"d\",\"a\",2025-09-15,Unknown,\"n\",\"CWE-59, CWE-436\"";
        // A quoted field with a line break: the record spans lines 3-4.
        let row2 = "CVE-2024-8068,Citrix,\"Session Recording\",\"n\",2025-08-25,\"two\nlines\",\"a\",2025-09-15,Known,\"\",CWE-269";
        let row3 = "CVE-2024-1,Citrix,x,n,2025-08-25,d,a,2025-09-15,Known,,";
        let row4 = "CVE-2024-8069,Citrix,x,n,2025-08-25";
        let doc = format!("{CSV_HEADER}{row1}\r\n{row2}\n{row3}\n{row4}\n");
        assert!(KevParser::sniff("x", doc.as_bytes()));
        let out = KevParser::parse("kev.csv", doc.as_bytes());
        assert_eq!(out.len(), 4);
        let r = out[0].as_ref().unwrap();
        assert_eq!(
            (r.upstream_id.as_str(), r.locator.as_str()),
            ("CVE-2025-48384", "lines 2-2")
        );
        assert_eq!(r.raw, row1.as_bytes());
        assert_eq!(kev(r).product, "Git");
        let r = out[1].as_ref().unwrap();
        assert_eq!(r.locator, "lines 3-4");
        assert_eq!(r.raw, row2.as_bytes());
        assert_eq!(kev(r).known_ransomware.as_deref(), Some("Known"));
        let e = out[2].as_ref().unwrap_err();
        assert_eq!(e.locator, "lines 5-5");
        assert!(e.reason.contains("`cveID`"), "{}", e.reason);
        let e = out[3].as_ref().unwrap_err();
        assert!(e.reason.starts_with("unreadable CSV row"), "{}", e.reason);
        // A header without a required column is a document rejection.
        let out = KevParser::parse(
            "kev.csv",
            b"cveID,vendorProject,product,x\nCVE-2024-8068,a,b,c\n",
        );
        assert_eq!(out.len(), 1);
        assert!(
            out[0]
                .as_ref()
                .unwrap_err()
                .reason
                .contains("`vulnerabilityName`")
        );
    }

    #[test]
    fn sniffing_is_by_content() {
        let doc = catalog(&[entry("CVE-2020-1472")]);
        assert!(KevParser::sniff("anything.txt", doc.as_bytes()));
        assert!(!KevParser::sniff(
            "known_exploited_vulnerabilities.json",
            b"{\"id\": \"GHSA-1\"}"
        ));
        assert!(!KevParser::sniff("kev.csv", b"id,name\n"));
        // An OpenVEX document mentioning CVE ids is not KEV.
        assert!(!KevParser::sniff(
            "x.json",
            br#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "CVE-2020-1472"}}]}"#
        ));
    }

    fn kev_dir() -> Option<&'static Path> {
        let p = Path::new("/work/shared/data/cisa-kev");
        if p.is_dir() {
            Some(p)
        } else {
            eprintln!("SKIP: /work/shared/data/cisa-kev not present");
            None
        }
    }

    /// The whole published catalog, JSON and CSV: 1,404 entries each, all parsed, the same set.
    #[test]
    fn real_catalog_json_and_csv_agree() {
        let Some(dir) = kev_dir() else { return };
        let json = std::fs::read(dir.join("known_exploited_vulnerabilities.json")).unwrap();
        let csv_bytes = std::fs::read(dir.join("known_exploited_vulnerabilities.csv")).unwrap();
        assert!(KevParser::sniff("x", &json) && KevParser::sniff("x", &csv_bytes));
        // Independent counts: the `count` field and the number of `"cveID"` keys.
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let count = value["count"].as_u64().unwrap() as usize;
        let keys = memchr::memmem::find_iter(&json, b"\"cveID\"").count();
        assert_eq!((count, keys), (1404, 1404));
        let from_json: Vec<Record> = KevParser::parse("kev.json", &json)
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let from_csv: Vec<Record> = KevParser::parse("kev.csv", &csv_bytes)
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!((from_json.len(), from_csv.len()), (1404, 1404));
        for (i, r) in from_json.iter().enumerate() {
            // Raw text re-parses to exactly the catalog element.
            let raw: serde_json::Value = serde_json::from_slice(&r.raw).unwrap();
            assert_eq!(raw, value["vulnerabilities"][i]);
        }
        let a: BTreeMap<_, _> = from_json.iter().map(|r| (&r.upstream_id, kev(r))).collect();
        let b: BTreeMap<_, _> = from_csv.iter().map(|r| (&r.upstream_id, kev(r))).collect();
        assert_eq!(a.len(), 1404, "no repeated cveID in this catalog");
        assert_eq!(a, b);
        let known = a
            .values()
            .filter(|k| k.known_ransomware.as_deref() == Some("Known"))
            .count();
        assert_eq!(known, 293);
    }

    /// The vendored excerpt (first three entries of the real catalog) parses without /work/shared.
    #[test]
    fn vendored_excerpt() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/advisory/kev/kev-excerpt.json");
        let bytes = std::fs::read(path).unwrap();
        let out: Vec<Record> = KevParser::parse("kev-excerpt.json", &bytes)
            .into_iter()
            .map(|r| r.unwrap())
            .collect();
        let ids: Vec<&str> = out.iter().map(|r| r.upstream_id.as_str()).collect();
        assert_eq!(ids, ["CVE-2025-48384", "CVE-2024-8068", "CVE-2024-8069"]);
        assert_eq!(kev(&out[1]).product, "Session Recording");
    }
}
