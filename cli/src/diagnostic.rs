//! Error rendering: every [`CliError`] becomes one `miette` diagnostic — a headline naming the
//! object, the cause chain, a `help` line saying what to do, and, when the error has a position,
//! a short excerpt of the input around it.
//!
//! Excerpts are bounded so a diagnostic always fits on one screen: a few lines around the error,
//! or only a window of one line when lines are very long (minified JSON, 10,000-deep nesting).

use std::fmt;

use miette::{Diagnostic, LabeledSpan, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use stella_core::input::InputError;
use stella_core::sbom::SbomError;

use crate::exit::CliError;
use crate::settings::Env;

/// Should diagnostics on stderr be coloured?
pub fn stderr_color(env: &Env, no_color_flag: bool) -> bool {
    !no_color_flag && !env.vars.contains_key("NO_COLOR") && env.stderr_tty
}

/// Print an error to standard error.
pub fn print(err: &CliError, color: bool) {
    let diag = Diag::from_error(err);
    let handler = miette::GraphicalReportHandler::new_themed(if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    })
    .with_width(100)
    .with_context_lines(2);
    let mut out = String::new();
    if handler.render_report(&mut out, &diag).is_err() {
        out = format!("error: {diag}\n");
    }
    eprint!("{out}");
}

/// A rendered-ready diagnostic.
#[derive(Debug)]
pub struct Diag {
    headline: String,
    causes: Vec<String>,
    help: Option<String>,
    excerpt: Option<Excerpt>,
    label: Option<(usize, String)>,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (offset, text) = self.label.as_ref()?;
        self.excerpt.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some(text.clone()),
            *offset,
            0,
        ))))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        None
    }
}

impl Diag {
    /// Build the diagnostic for an error.
    pub fn from_error(err: &CliError) -> Diag {
        let mut causes = Vec::new();
        let mut src: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(err);
        let mut previous = err.to_string();
        while let Some(e) = src {
            let text = e.to_string();
            // Skip a cause whose text the previous message already quotes.
            if !previous.contains(&text) {
                causes.push(text.clone());
            }
            previous = text;
            src = e.source();
        }
        let mut d = Diag {
            headline: err.to_string(),
            causes,
            help: None,
            excerpt: None,
            label: None,
        };
        match err {
            CliError::Usage { help, .. } => d.help = help.clone(),
            CliError::Input { source, .. } | CliError::Output { source, .. } => {
                d.help = Some(match source {
                    InputError::NotFound { .. } => "check the path; use `-` to read standard input".into(),
                    InputError::IsDirectory { .. } => "give a file, not a directory".into(),
                    InputError::TooLarge { .. } => {
                        "raise the limit with STELLA_MAX_INPUT_BYTES or `max_input_bytes` in the config file".into()
                    }
                    InputError::Io { .. } => "check permissions and free space".into(),
                });
            }
            CliError::Sbom {
                source,
                bytes,
                path,
            } => {
                d.help = Some(sbom_help(source));
                let position = bytes
                    .as_ref()
                    .and_then(|b| Some((b, sbom_position(source, b)?)));
                if let Some((bytes, (offset, label))) = position
                    && let Some(ex) = Excerpt::around(&path.display().to_string(), bytes, offset)
                {
                    d.label = Some((offset, label));
                    d.excerpt = Some(ex);
                }
            }
            CliError::Invalid { .. } => {
                d.help = Some("fix the problems listed above and run the command again".into())
            }
            CliError::Vex {
                source,
                bytes,
                path,
            } => {
                d.help = Some(vex_help(source));
                let position = match source {
                    stella_core::vex::VexError::Json { source: j, .. } => bytes
                        .as_ref()
                        .and_then(|b| Some((b, j.offset_in(b)?, j.message.clone()))),
                    stella_core::vex::VexError::Xml { line, column, message } => {
                        bytes.as_ref().and_then(|b| {
                            let off = stella_core::json::offset_of(
                                b,
                                *line as usize,
                                *column as usize,
                            )?;
                            Some((b, off, message.clone()))
                        })
                    }
                    _ => None,
                };
                if let Some((bytes, offset, label)) = position
                    && let Some(ex) = Excerpt::around(&path.display().to_string(), bytes, offset)
                {
                    d.label = Some((offset, label));
                    d.excerpt = Some(ex);
                }
            }
            CliError::VexRefused { .. } => {
                d.help = Some(
                    "run `stella vex validate FILE` on a refused document to see every problem with its location".into(),
                )
            }
            CliError::Store { .. } => {
                d.help = Some(
                    "check the --db path (or STELLA_DB); a store written by a newer stella needs that version".into(),
                )
            }
            CliError::NoStore { .. } => d.help = Some("ingest advisories first: `stella db ingest PATH…`".into()),
            CliError::UnknownId { .. } => {
                d.help = Some("check the id; `stella db status` shows which sources are loaded".into())
            }
            CliError::Ingest(_) => {
                d.help = Some("check the input paths; archives must be .tar, .tar.gz, .tar.zst or .zip".into())
            }
            CliError::Internal(_) => {
                d.help = Some(
                    "this is a bug in stella; please report it with the command you ran".into(),
                )
            }
        }
        // The cause chain is rendered by miette from `source()`; we flattened it into text.
        if !d.causes.is_empty() {
            d.headline = format!(
                "{}\n  caused by: {}",
                d.headline,
                d.causes.join("\n  caused by: ")
            );
        }
        d
    }
}

fn vex_help(e: &stella_core::vex::VexError) -> String {
    use stella_core::vex::VexError;
    match e {
        VexError::NotVex { .. } => {
            "give an OpenVEX, CSAF VEX (`csaf_vex`) or CycloneDX VEX document".into()
        }
        VexError::Json { source, .. } => match source.kind {
            stella_core::json::JsonErrorKind::Truncated => {
                "the document ends in the middle of a value: the file is truncated; regenerate or re-download it".into()
            }
            _ => "the document is not well-formed JSON; fix it at the position shown or regenerate it".into(),
        },
        VexError::Xml { .. } => {
            "the document is damaged or truncated; fix it at the position shown or regenerate it".into()
        }
        VexError::Invalid { .. } => "fix the document's structure at the location shown".into(),
        VexError::UnsupportedVersion { .. } => {
            "convert the document to a supported version with its generator".into()
        }
    }
}

fn sbom_help(e: &SbomError) -> String {
    match e {
        SbomError::NotAnSbom { hint: Some(h), .. } => h.clone(),
        SbomError::NotAnSbom { hint: None, .. } => "give a CycloneDX or SPDX document".into(),
        SbomError::UnknownFormat { .. } => {
            "stella reads CycloneDX 1.0–1.7 (JSON, XML), SPDX 2.x (JSON, YAML, tag-value) and SPDX 3.0 (JSON-LD)".into()
        }
        SbomError::UnsupportedVersion { .. } => "convert the document to a supported version with its generator".into(),
        SbomError::Utf8 { .. } => "SBOMs must be UTF-8 text; the file may be binary, compressed or truncated".into(),
        SbomError::Json { source, .. } => match source.kind {
            stella_core::json::JsonErrorKind::Truncated => {
                "the document ends in the middle of a value: the file is truncated; regenerate or re-download it".into()
            }
            stella_core::json::JsonErrorKind::Syntax => {
                "the document is not well-formed JSON; fix it at the position shown or regenerate it".into()
            }
            stella_core::json::JsonErrorKind::Data => {
                "a field has the wrong type or shape; run `stella sbom validate` for every schema problem".into()
            }
        },
        SbomError::Xml { .. } | SbomError::Yaml { .. } | SbomError::TagValue { .. } => {
            "the document is damaged or truncated; fix it at the position shown or regenerate it".into()
        }
        SbomError::Invalid { .. } => "run `stella sbom validate` for the full list of schema problems".into(),
    }
}

fn sbom_position(e: &SbomError, bytes: &[u8]) -> Option<(usize, String)> {
    match e {
        SbomError::Json { source, .. } => {
            let off = source.offset_in(bytes)?;
            Some((off, source.message.clone()))
        }
        SbomError::Utf8 { offset } => Some((*offset, "invalid UTF-8 here".into())),
        other => {
            let line = other.line()?;
            let off = stella_core::json::offset_of(bytes, line, 1)?;
            Some((off, "here".into()))
        }
    }
}

/// A bounded, contiguous slice of the input around an error position.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    /// Offset of `text` in the original input.
    start: usize,
    /// 0-based line number of `text`'s first line in the original input.
    first_line: usize,
    /// 0-based column of `text`'s first byte.
    first_column: usize,
}

const MAX_EXCERPT: usize = 1200;
const WINDOW: usize = 60;

impl Excerpt {
    /// Cut an excerpt of `bytes` around `offset`; `None` when no readable excerpt exists.
    pub fn around(name: &str, bytes: &[u8], offset: usize) -> Option<Excerpt> {
        let offset = offset.min(bytes.len());
        let line_start = bytes[..offset]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line_end = bytes[offset..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| offset + i);
        let line_no = bytes[..line_start].iter().filter(|b| **b == b'\n').count();
        let (mut start, mut end, first_line, mut first_column);
        if line_end - line_start > 2 * WINDOW + 40 {
            // A very long line: a window of it only.
            start = offset.saturating_sub(WINDOW).max(line_start);
            end = (offset + WINDOW).min(line_end);
            first_line = line_no;
            first_column = start - line_start;
        } else {
            // Up to two lines before and after.
            start = line_start;
            let mut l = line_no;
            for _ in 0..2 {
                if start == 0 {
                    break;
                }
                let prev = bytes[..start - 1]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                if line_end - prev > MAX_EXCERPT {
                    break;
                }
                start = prev;
                l -= 1;
            }
            end = line_end;
            for _ in 0..2 {
                if end >= bytes.len() {
                    break;
                }
                let next = bytes[end + 1..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(bytes.len(), |i| end + 1 + i);
                if next - start > MAX_EXCERPT {
                    break;
                }
                end = next;
            }
            first_line = l;
            first_column = 0;
        }
        // Snap to character boundaries; give up on invalid UTF-8.
        while start < offset && std::str::from_utf8(&bytes[start..offset]).is_err() {
            start += 1;
            first_column += 1;
        }
        while end > offset && std::str::from_utf8(&bytes[offset..end]).is_err() {
            end -= 1;
        }
        let text = std::str::from_utf8(&bytes[start..end]).ok()?.to_string();
        Some(Excerpt {
            name: name.to_string(),
            text,
            start,
            first_line,
            first_column,
        })
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        _span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let lines = self.text.matches('\n').count() + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::new(self.start.into(), self.text.len()),
            self.first_line,
            self.first_column,
            lines,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_of_a_long_line_is_a_window() {
        let text = "[".repeat(10_000);
        let ex = Excerpt::around("x.json", text.as_bytes(), 5_000).unwrap();
        assert!(ex.text.len() <= 2 * WINDOW + 1);
        assert_eq!(ex.first_line, 0);
        assert_eq!(ex.start, 5_000 - WINDOW);
    }

    #[test]
    fn excerpt_of_short_lines_has_context() {
        let text = "a\nb\nc\nd\ne\nf\ng\n";
        let ex = Excerpt::around("x", text.as_bytes(), 6).unwrap(); // line 4 ("d")
        assert_eq!(ex.text, "b\nc\nd\ne\nf");
        assert_eq!(ex.first_line, 1);
    }
}
