//! Malformed and hostile inputs: exit 10, a one-screen diagnostic, bounded memory, no panic.

use crate::util::{Stella, testdata};

/// Generous fixed allowance for the process itself (binary, allocator, buffers), in KiB.
const BASELINE_KIB: u64 = 48 * 1024;

fn check(s: &Stella, path: &std::path::Path) -> String {
    let size = std::fs::metadata(path).unwrap().len();
    let r = s.run_measured(["sbom", "inspect", path.to_str().unwrap()]);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        r.code,
        Some(10),
        "{name}: expected exit 10, got {:?}\nstderr:\n{}",
        r.code,
        r.stderr
    );
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("internal error"),
        "{name}: {}",
        r.stderr
    );
    let lines = r.stderr.lines().count();
    assert!(
        lines > 0 && lines <= 30,
        "{name}: diagnostic must fit on one screen ({lines} lines):\n{}",
        r.stderr
    );
    assert!(
        r.stderr.len() <= 4000,
        "{name}: diagnostic too long ({} bytes)",
        r.stderr.len()
    );
    assert!(r.stdout.is_empty(), "{name}: nothing on stdout on failure");
    let rss = r.max_rss_kib.unwrap();
    let bound = 3 * size / 1024 + BASELINE_KIB;
    assert!(
        rss <= bound,
        "{name}: peak memory {rss} KiB over bound {bound} KiB for a {size}-byte input"
    );
    r.stderr
}

#[test]
fn every_malformed_input_exits_10_with_a_short_diagnostic() {
    let dir = testdata("bad");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 30,
        "the malformed corpus has at least 30 inputs, found {}",
        files.len()
    );
    let s = Stella::new();
    for f in &files {
        check(&s, f);
    }
    eprintln!(
        "malformed corpus: {} inputs, all exit 10 with a bounded diagnostic",
        files.len()
    );
}

#[test]
fn entity_expansion_and_external_entities_are_refused() {
    let s = Stella::new();
    for f in [
        "xml-billion-laughs.xml",
        "xml-external-entity.xml",
        "xml-parameter-entity.xml",
    ] {
        let err = check(&s, &testdata(&format!("bad/{f}")));
        assert!(err.contains("DTD"), "{f}: {err}");
        assert!(
            !err.contains("root:x:0:0"),
            "{f}: external entity must never be resolved"
        );
    }
}

#[test]
fn a_200_mb_junk_input_is_refused_within_bounded_memory() {
    // Generated at run time, never committed.
    let s = Stella::new();
    let path = s.path().join("junk.json");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut block = vec![0u8; 1 << 20];
        for _ in 0..200 {
            for b in block.iter_mut() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = (state >> 24) as u8;
            }
            f.write_all(&block).unwrap();
        }
    }
    let err = check(&s, &path);
    assert!(
        err.contains("UTF-8") || err.contains("not a recognised"),
        "{err}"
    );
    // Valid-looking but endless JSON: a 200 MB array of numbers is not an SBOM either.
    let path2 = s.path().join("junk-array.json");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path2).unwrap());
        f.write_all(b"{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[")
            .unwrap();
        let chunk = "1,".repeat(1 << 19);
        for _ in 0..200 {
            f.write_all(chunk.as_bytes()).unwrap();
        }
        f.write_all(b"1]}").unwrap();
    }
    check(&s, &path2);
}
