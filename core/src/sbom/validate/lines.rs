//! JSON pointer → line number, by one position-tracking pass over the text.
//!
//! `serde_json` values carry no positions, and validators report JSON pointers, so the lines of
//! the (few) reported pointers are found by re-scanning the text once with a small tokenizer
//! that tracks the current pointer. Hand-written because no maintained crate maps pointers to
//! spans without building a second, position-carrying document tree; memory here is the path
//! stack plus the answers. The text has already been parsed as strict JSON; on anything
//! unexpected the scan stops and returns what it found (it never panics).

use std::collections::{BTreeMap, BTreeSet};

use crate::json::escape_pointer_token;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Value,
    ValueOrEnd,
    KeyOrEnd,
    Key,
    Colon,
    After,
}

enum Frame {
    Object,
    Array(usize),
}

/// 1-based line of each wanted pointer (`""` or `"/"` is the root), for those found.
pub(crate) fn lines_for(text: &[u8], wanted: &BTreeSet<String>) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    if wanted.is_empty() {
        return found;
    }
    let mut line = 1usize;
    let mut state = State::Value;
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut i = 0usize;
    let record = |path: &[String], line: usize, found: &mut BTreeMap<String, usize>| {
        let mut p = String::new();
        for t in path {
            p.push('/');
            p.push_str(t);
        }
        let key = if p.is_empty() { "/".to_string() } else { p };
        if wanted.contains(&key) || (key == "/" && wanted.contains("")) {
            found.entry(key).or_insert(line);
        }
    };
    while i < text.len() {
        let b = text[i];
        if b == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match state {
            State::Value | State::ValueOrEnd => {
                if state == State::ValueOrEnd && b == b']' {
                    frames.pop();
                    path.pop();
                    state = State::After;
                    i += 1;
                    continue;
                }
                record(&path, line, &mut found);
                match b {
                    b'{' => {
                        frames.push(Frame::Object);
                        state = State::KeyOrEnd;
                        i += 1;
                    }
                    b'[' => {
                        frames.push(Frame::Array(0));
                        path.push("0".into());
                        state = State::ValueOrEnd;
                        i += 1;
                    }
                    b'"' => {
                        i = skip_string(text, i);
                        state = State::After;
                    }
                    _ => {
                        while i < text.len()
                            && !matches!(text[i], b',' | b'}' | b']')
                            && !text[i].is_ascii_whitespace()
                        {
                            i += 1;
                        }
                        state = State::After;
                    }
                }
            }
            State::KeyOrEnd | State::Key => {
                if state == State::KeyOrEnd && b == b'}' {
                    frames.pop();
                    state = State::After;
                    i += 1;
                    continue;
                }
                if b != b'"' {
                    break;
                }
                let end = skip_string(text, i);
                let raw = &text[i..end.min(text.len())];
                let key: String = serde_json::from_slice(raw).unwrap_or_default();
                path.push(escape_pointer_token(&key));
                state = State::Colon;
                i = end;
            }
            State::Colon => {
                if b != b':' {
                    break;
                }
                state = State::Value;
                i += 1;
            }
            State::After => {
                match (b, frames.last_mut()) {
                    (b',', Some(Frame::Object)) => {
                        path.pop();
                        state = State::Key;
                    }
                    (b',', Some(Frame::Array(n))) => {
                        *n += 1;
                        let next = n.to_string();
                        path.pop();
                        path.push(next);
                        state = State::Value;
                    }
                    (b'}', Some(Frame::Object)) => {
                        path.pop();
                        frames.pop();
                    }
                    (b']', Some(Frame::Array(_))) => {
                        path.pop();
                        frames.pop();
                    }
                    _ => break,
                }
                i += 1;
            }
        }
    }
    found
}

/// Index just past the string starting at `start` (which is a `"`).
fn skip_string(text: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_of_pointers() {
        let text = br#"{
  "a": 1,
  "list": [
    {"x": "y\"z", "a/b": [true,
      null]},
    [],
    {}
  ],
  "k~": {"deep": [1,
    2]}
}"#;
        let wanted: BTreeSet<String> = [
            "/",
            "/a",
            "/list",
            "/list/0",
            "/list/0/a~1b/1",
            "/list/1",
            "/list/2",
            "/k~0/deep/1",
            "/missing",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let got = lines_for(text, &wanted);
        let expect: BTreeMap<String, usize> = [
            ("/", 1),
            ("/a", 2),
            ("/list", 3),
            ("/list/0", 4),
            ("/list/0/a~1b/1", 5),
            ("/list/1", 6),
            ("/list/2", 7),
            ("/k~0/deep/1", 10),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn garbage_does_not_panic() {
        let wanted: BTreeSet<String> = ["/a".to_string()].into();
        for text in [
            &b"{\"a\" 1}"[..],
            b"[,,]",
            b"{\"a\":",
            b"\"",
            b"}}}",
            b"{\"a\\",
        ] {
            let _ = lines_for(text, &wanted);
        }
    }
}
