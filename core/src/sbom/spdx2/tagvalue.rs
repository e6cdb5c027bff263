//! SPDX 2 tag-value: a hand-written line parser filling the same [`super::model::Document`] as
//! the JSON and YAML readers.
//!
//! Hand-written because no maintained Rust crate reads it (`spdx-rs` is unmaintained and fails on
//! 2.3 documents), and the format is small: `Tag: value` lines, `#` comments, values wrapped in
//! `<text>…</text>` that may span lines, and section starts (`PackageName` opens a package,
//! `FileName` a file, `SnippetSPDXID` a snippet, `LicenseID` an extracted licence). `SPDXID`
//! belongs to the section it appears in.
//!
//! The decision a newcomer might undo: package tags outside a package (`PackageVersion` before
//! any `PackageName`, or after a `FileName`) are an *error*, not ignored. Tag-value has no
//! nesting other than order, so such a line means the document is cut or mis-assembled, and
//! guessing which package it belongs to would silently attach a version or purl to the wrong
//! component. Every error carries its 1-based line.

use super::model::{
    Checksum, CreationInfo, Creator, Document, Element, ExternalRef, Package, Relationship,
};
use crate::sbom::{Encoding, Inventory, SbomError};

/// Read an SPDX 2.x tag-value document.
///
/// # Errors
/// [`SbomError::Utf8`] for non-UTF-8 input and [`SbomError::TagValue`] (with the line) for a
/// line that is not `Tag: value`, an unterminated `<text>`, a malformed `PackageChecksum`,
/// `ExternalRef` or `Relationship` value, or a package tag outside a package.
pub fn read_tag_value(bytes: &[u8]) -> Result<Inventory, SbomError> {
    let bytes = crate::sbom::detect::strip_bom(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| SbomError::Utf8 {
        offset: e.valid_up_to(),
    })?;
    let doc = parse(text)?;
    Ok(super::to_inventory(doc, Encoding::TagValue))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Document,
    Package,
    File,
    Snippet,
    Other,
}

fn err(line: usize, message: impl Into<String>) -> SbomError {
    SbomError::TagValue {
        line,
        message: message.into(),
    }
}

/// The first 60 characters of a line, for messages.
fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Parse tag-value text into the shared model.
fn parse(text: &str) -> Result<Document, SbomError> {
    let mut doc = Document::default();
    let mut ci = CreationInfo::default();
    let mut section = Section::Document;
    let mut lines = text.lines().enumerate();
    while let Some((i, raw)) = lines.next() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((tag, rest)) = line.split_once(':') else {
            return Err(err(
                line_no,
                format!("expected `Tag: value`, found `{}`", excerpt(line)),
            ));
        };
        let tag = tag.trim();
        if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err(
                line_no,
                format!(
                    "`{}` is not a tag name (expected `Tag: value`)",
                    excerpt(tag)
                ),
            ));
        }
        let rest = rest.trim();
        let value = match rest.strip_prefix("<text>") {
            None => rest.to_string(),
            Some(after) => match after.find("</text>") {
                Some(end) => {
                    after_text_end(&after[end + "</text>".len()..], line_no)?;
                    after[..end].to_string()
                }
                None => {
                    let mut buf = after.to_string();
                    loop {
                        let Some((_, next)) = lines.next() else {
                            return Err(err(
                                line_no,
                                format!(
                                    "the `<text>` value of `{tag}` opened here is never closed with `</text>`"
                                ),
                            ));
                        };
                        buf.push('\n');
                        if let Some(end) = next.find("</text>") {
                            buf.push_str(&next[..end]);
                            after_text_end(&next[end + "</text>".len()..], line_no)?;
                            break;
                        }
                        buf.push_str(next);
                    }
                    buf
                }
            },
        };
        apply(&mut doc, &mut ci, &mut section, tag, value, line_no)?;
    }
    if doc.spdx_version.is_none() {
        return Err(err(1, super::NO_VERSION));
    }
    doc.creation_info = Some(ci);
    Ok(doc)
}

fn after_text_end(rest: &str, line_no: usize) -> Result<(), SbomError> {
    if rest.trim().is_empty() {
        Ok(())
    } else {
        Err(err(
            line_no,
            format!("unexpected `{}` after `</text>`", excerpt(rest.trim())),
        ))
    }
}

fn apply(
    doc: &mut Document,
    ci: &mut CreationInfo,
    section: &mut Section,
    tag: &str,
    value: String,
    line_no: usize,
) -> Result<(), SbomError> {
    let some = |v: String| Some(v).filter(|v| !v.trim().is_empty());
    match tag {
        "SPDXVersion" => doc.spdx_version = some(value),
        "DocumentName" => doc.name = some(value),
        "DocumentNamespace" => doc.document_namespace = some(value),
        "Creator" => ci.creators.push(Creator::Text(value)),
        "Created" => ci.created = some(value),
        "SPDXID" => {
            let id = some(value);
            match section {
                Section::Document => doc.spdx_id = id,
                Section::Package => {
                    if let Some(p) = doc.packages.last_mut() {
                        p.spdx_id = id;
                    }
                }
                Section::File => {
                    if let Some(f) = doc.files.last_mut() {
                        f.spdx_id = id;
                    }
                }
                Section::Snippet | Section::Other => {}
            }
        }
        "PackageName" => {
            doc.packages.push(Package {
                name: Some(value),
                origin: Some(format!("line {line_no}")),
                ..Package::default()
            });
            *section = Section::Package;
        }
        "PackageVersion"
        | "PackageChecksum"
        | "PackageLicenseConcluded"
        | "PackageLicenseDeclared"
        | "ExternalRef"
        | "PrimaryPackagePurpose" => {
            let Some(p) = doc
                .packages
                .last_mut()
                .filter(|_| *section == Section::Package)
            else {
                return Err(err(
                    line_no,
                    format!(
                        "`{tag}` outside a package (no `PackageName` opens the section it is in)"
                    ),
                ));
            };
            package_tag(p, tag, value, line_no)?;
        }
        "FileName" => {
            doc.files.push(Element::default());
            *section = Section::File;
        }
        "SnippetSPDXID" => {
            doc.snippets.push(Element {
                spdx_id: some(value),
            });
            *section = Section::Snippet;
        }
        "LicenseID" | "Annotator" | "Reviewer" => *section = Section::Other,
        "Relationship" => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            let [a, ty, b] = parts.as_slice() else {
                return Err(err(
                    line_no,
                    format!(
                        "a relationship is `SPDXRef-A TYPE SPDXRef-B`, found `{}`",
                        excerpt(&value)
                    ),
                ));
            };
            doc.relationships.push(Relationship {
                spdx_element_id: Some((*a).to_string()),
                relationship_type: Some((*ty).to_string()),
                related_spdx_element: Some((*b).to_string()),
                origin: Some(format!("line {line_no}")),
            });
        }
        _ => {}
    }
    Ok(())
}

fn package_tag(p: &mut Package, tag: &str, value: String, line_no: usize) -> Result<(), SbomError> {
    match tag {
        "PackageVersion" => p.version_info = Some(value),
        "PackageLicenseConcluded" => p.license_concluded = Some(value),
        "PackageLicenseDeclared" => p.license_declared = Some(value),
        "PrimaryPackagePurpose" => p.primary_package_purpose = Some(value),
        "PackageChecksum" => {
            let Some((alg, hex)) = value.split_once(':') else {
                return Err(err(
                    line_no,
                    format!(
                        "a checksum is `ALGORITHM: value`, found `{}`",
                        excerpt(&value)
                    ),
                ));
            };
            p.checksums.push(Checksum {
                algorithm: Some(alg.trim().to_string()),
                checksum_value: Some(hex.trim().to_string()),
            });
        }
        "ExternalRef" => {
            let mut parts = value.split_whitespace();
            let (Some(category), Some(ty), Some(locator)) =
                (parts.next(), parts.next(), parts.next())
            else {
                return Err(err(
                    line_no,
                    format!(
                        "an external reference is `CATEGORY TYPE LOCATOR`, found `{}`",
                        excerpt(&value)
                    ),
                ));
            };
            if parts.next().is_some() {
                return Err(err(
                    line_no,
                    format!(
                        "an external reference locator cannot contain spaces, found `{}`",
                        excerpt(&value)
                    ),
                ));
            }
            p.external_refs.push(ExternalRef {
                reference_category: Some(category.to_string()),
                reference_type: Some(ty.to_string()),
                reference_locator: Some(locator.to_string()),
            });
        }
        _ => {}
    }
    Ok(())
}
