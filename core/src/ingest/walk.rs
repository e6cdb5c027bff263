//! Reading upstream inputs: files, directories and archives (`.tar`, `.tar.gz`/`.tgz`,
//! `.tar.zst`, `.zip`), yielded as in-memory documents in a deterministic order.
//!
//! Archives are streamed, never extracted to disk, so path traversal cannot write anywhere;
//! only regular files are yielded (links, devices and directories are skipped and counted).
//! Every entry is bounded ([`WalkLimits`]), and so is the total decompressed size relative to
//! the compressed size, which stops decompression bombs early.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Size bounds for reading inputs.
#[derive(Debug, Clone, Copy)]
pub struct WalkLimits {
    /// Largest single document.
    pub max_document_bytes: u64,
    /// Largest total decompressed size of one archive, as a multiple of its compressed size
    /// (with a floor of 64 MiB).
    pub max_expansion_ratio: u64,
}

impl Default for WalkLimits {
    fn default() -> Self {
        WalkLimits {
            max_document_bytes: 256 << 20,
            max_expansion_ratio: 200,
        }
    }
}

/// One document read from an input.
#[derive(Debug, Clone)]
pub struct Document {
    /// A stable, relative name: the file name for a file argument, the path under the
    /// directory argument, or `archive.tar.gz!inner/path` for archive members. Never an
    /// absolute host path.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A problem reading inputs.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// The input does not exist.
    #[error("`{}` does not exist", .0.display())]
    NotFound(PathBuf),
    /// An I/O error.
    #[error("cannot read `{path}`")]
    Io {
        /// Path (or archive member).
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// A document or archive exceeded a bound.
    #[error("`{path}`: {what}")]
    Limit {
        /// Path (or archive member).
        path: String,
        /// Which bound.
        what: String,
    },
}

/// What a walk skipped (not documents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Symlinks, hard links, devices and other non-regular archive entries.
    pub non_regular: usize,
}

/// Archive kinds, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArchiveKind {
    Tar,
    TarGz,
    TarZst,
    Zip,
}

fn archive_kind(name: &str) -> Option<ArchiveKind> {
    let n = name.to_ascii_lowercase();
    if n.ends_with(".tar.gz") || n.ends_with(".tgz") {
        Some(ArchiveKind::TarGz)
    } else if n.ends_with(".tar.zst") || n.ends_with(".tzst") {
        Some(ArchiveKind::TarZst)
    } else if n.ends_with(".tar") {
        Some(ArchiveKind::Tar)
    } else if n.ends_with(".zip") {
        Some(ArchiveKind::Zip)
    } else {
        None
    }
}

/// Walk inputs and call `visit` for every document, in a deterministic order (arguments in the
/// order given; directory entries sorted by name; archive members in archive order).
///
/// # Errors
/// The first [`WalkError`], or the first error `visit` returns.
pub fn walk<E: From<WalkError>>(
    inputs: &[PathBuf],
    limits: WalkLimits,
    skipped: &mut Skipped,
    visit: &mut dyn FnMut(Document) -> Result<(), E>,
) -> Result<(), E> {
    for input in inputs {
        if !input.exists() {
            return Err(WalkError::NotFound(input.clone()).into());
        }
        if input.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            files.sort();
            for f in files {
                let rel = f
                    .strip_prefix(input)
                    .unwrap_or(&f)
                    .to_string_lossy()
                    .replace('\\', "/");
                read_one(&f, rel, limits, skipped, visit)?;
            }
        } else {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            read_one(input, name, limits, skipped, visit)?;
        }
    }
    Ok(())
}

fn io_err(path: &str, source: std::io::Error) -> WalkError {
    WalkError::Io {
        path: path.to_string(),
        source,
    }
}

fn read_one<E: From<WalkError>>(
    path: &Path,
    name: String,
    limits: WalkLimits,
    skipped: &mut Skipped,
    visit: &mut dyn FnMut(Document) -> Result<(), E>,
) -> Result<(), E> {
    let file = std::fs::File::open(path).map_err(|e| io_err(&name, e))?;
    let compressed = file.metadata().map(|m| m.len()).unwrap_or(0);
    match archive_kind(&name) {
        None => {
            if compressed > limits.max_document_bytes {
                return Err(WalkError::Limit {
                    path: name,
                    what: format!(
                        "{compressed} bytes is over the {}-byte document limit",
                        limits.max_document_bytes
                    ),
                }
                .into());
            }
            let mut bytes = Vec::with_capacity(compressed as usize);
            file.take(limits.max_document_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| io_err(&name, e))?;
            visit(Document { name, bytes })
        }
        Some(kind) => {
            let budget = (compressed.saturating_mul(limits.max_expansion_ratio)).max(64 << 20);
            match kind {
                ArchiveKind::Tar => tar_members(file, &name, budget, limits, skipped, visit),
                ArchiveKind::TarGz => tar_members(
                    flate2::read::MultiGzDecoder::new(file),
                    &name,
                    budget,
                    limits,
                    skipped,
                    visit,
                ),
                ArchiveKind::TarZst => {
                    let dec =
                        zstd::stream::read::Decoder::new(file).map_err(|e| io_err(&name, e))?;
                    tar_members(dec, &name, budget, limits, skipped, visit)
                }
                ArchiveKind::Zip => zip_members(file, &name, budget, limits, skipped, visit),
            }
        }
    }
}

fn tar_members<R: Read, E: From<WalkError>>(
    reader: R,
    archive: &str,
    budget: u64,
    limits: WalkLimits,
    skipped: &mut Skipped,
    visit: &mut dyn FnMut(Document) -> Result<(), E>,
) -> Result<(), E> {
    let mut ar = tar::Archive::new(reader);
    let mut total: u64 = 0;
    let entries = ar.entries().map_err(|e| io_err(archive, e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| io_err(archive, e))?;
        if !entry.header().entry_type().is_file() {
            if !entry.header().entry_type().is_dir() {
                skipped.non_regular += 1;
            }
            continue;
        }
        let member = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let name = format!("{archive}!{}", member.trim_start_matches("./"));
        let size = entry.header().size().unwrap_or(u64::MAX);
        if size > limits.max_document_bytes {
            return Err(WalkError::Limit {
                path: name,
                what: format!(
                    "member of {size} bytes is over the {}-byte document limit",
                    limits.max_document_bytes
                ),
            }
            .into());
        }
        total = total.saturating_add(size);
        if total > budget {
            return Err(WalkError::Limit {
                path: archive.to_string(),
                what: format!("decompresses to more than {budget} bytes (a decompression bomb?)"),
            }
            .into());
        }
        let mut bytes = Vec::with_capacity(size as usize);
        (&mut entry)
            .take(limits.max_document_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_err(&name, e))?;
        visit(Document { name, bytes })?;
    }
    Ok(())
}

fn zip_members<E: From<WalkError>>(
    file: std::fs::File,
    archive: &str,
    budget: u64,
    limits: WalkLimits,
    skipped: &mut Skipped,
    visit: &mut dyn FnMut(Document) -> Result<(), E>,
) -> Result<(), E> {
    let zerr = |e: zip::result::ZipError| io_err(archive, std::io::Error::other(e.to_string()));
    let mut z = zip::ZipArchive::new(file).map_err(zerr)?;
    let mut total: u64 = 0;
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(zerr)?;
        if f.is_dir() {
            continue;
        }
        if !f.is_file() {
            skipped.non_regular += 1;
            continue;
        }
        let member = f
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("member-{i}"));
        let name = format!("{archive}!{}", member.trim_start_matches("./"));
        let size = f.size();
        if size > limits.max_document_bytes {
            return Err(WalkError::Limit {
                path: name,
                what: format!(
                    "member of {size} bytes is over the {}-byte document limit",
                    limits.max_document_bytes
                ),
            }
            .into());
        }
        total = total.saturating_add(size);
        if total > budget {
            return Err(WalkError::Limit {
                path: archive.to_string(),
                what: format!("decompresses to more than {budget} bytes (a decompression bomb?)"),
            }
            .into());
        }
        let mut bytes = Vec::with_capacity(size as usize);
        (&mut f)
            .take(limits.max_document_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_err(&name, e))?;
        if bytes.len() as u64 > limits.max_document_bytes {
            return Err(WalkError::Limit {
                path: name,
                what: "member is larger than its header says".into(),
            }
            .into());
        }
        visit(Document { name, bytes })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(inputs: &[PathBuf]) -> Result<Vec<(String, usize)>, WalkError> {
        let mut out = Vec::new();
        let mut skipped = Skipped::default();
        walk::<WalkError>(inputs, WalkLimits::default(), &mut skipped, &mut |d| {
            out.push((d.name, d.bytes.len()));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn directories_are_sorted_and_relative() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/z.json"), b"{}").unwrap();
        std::fs::write(dir.path().join("a.json"), b"[]").unwrap();
        let got = collect(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(
            got,
            vec![("a.json".to_string(), 2), ("b/z.json".to_string(), 2)]
        );
    }

    #[test]
    fn tar_gz_members_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.tar.gz");
        {
            let gz = flate2::write::GzEncoder::new(
                std::fs::File::create(&path).unwrap(),
                flate2::Compression::default(),
            );
            let mut b = tar::Builder::new(gz);
            let mut h = tar::Header::new_gnu();
            h.set_size(3);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, "vulns/a.json", &b"abc"[..]).unwrap();
            let mut l = tar::Header::new_gnu();
            l.set_entry_type(tar::EntryType::Symlink);
            l.set_size(0);
            b.append_link(&mut l, "vulns/link.json", "/etc/passwd")
                .unwrap();
            b.into_inner().unwrap().finish().unwrap();
        }
        let mut skipped = Skipped::default();
        let mut names = Vec::new();
        walk::<WalkError>(&[path], WalkLimits::default(), &mut skipped, &mut |d| {
            names.push(d.name);
            Ok(())
        })
        .unwrap();
        assert_eq!(names, vec!["x.tar.gz!vulns/a.json".to_string()]);
        assert_eq!(skipped.non_regular, 1);
    }

    #[test]
    fn decompression_bomb_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.tar.gz");
        {
            let gz = flate2::write::GzEncoder::new(
                std::fs::File::create(&path).unwrap(),
                flate2::Compression::best(),
            );
            let mut b = tar::Builder::new(gz);
            let zeros = vec![0u8; 32 << 20];
            for i in 0..4 {
                let mut h = tar::Header::new_gnu();
                h.set_size(zeros.len() as u64);
                h.set_mode(0o644);
                h.set_cksum();
                b.append_data(&mut h, format!("z{i}"), &zeros[..]).unwrap();
            }
            b.into_inner().unwrap().finish().unwrap();
        }
        let limits = WalkLimits {
            max_document_bytes: 64 << 20,
            max_expansion_ratio: 200,
        };
        let mut skipped = Skipped::default();
        let err = walk::<WalkError>(&[path], limits, &mut skipped, &mut |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("decompression bomb"), "{err}");
    }

    #[test]
    fn missing_input() {
        assert!(matches!(
            collect(&[PathBuf::from("/nonexistent/x")]),
            Err(WalkError::NotFound(_))
        ));
    }
}
