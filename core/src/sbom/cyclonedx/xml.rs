//! CycloneDX XML (1.0–1.7) into the shared [`Builder`], with `roxmltree`.
//!
//! `roxmltree` is used with its default `allow_dtd: false`: a document with a `<!DOCTYPE` is
//! refused before any entity could be declared, so there are no external entities (XXE) and no
//! entity expansion bombs. Elements are matched by local name *in the document's CycloneDX
//! namespace*; extension elements in other namespaces are ignored. Element text is trimmed
//! (XML indentation is not content). The walk uses an explicit stack, since `roxmltree` accepts
//! arbitrarily deep nesting; components nested deeper than [`MAX_NESTING`] are refused, the
//! same bound JSON input has.

use roxmltree::{Document, Node, ParsingOptions};

use super::{
    Builder, CPE_PROPERTY_NAMES, Header, MAX_NESTING, RawComponent, XML_NAMESPACE_PREFIX,
    license_text,
};
use crate::sbom::detect::{CYCLONEDX_VERSIONS, strip_bom};
use crate::sbom::{Encoding, Inventory, SbomError, SbomFormat, Tool};

/// Parse CycloneDX XML text into a `roxmltree` document, mapping errors to [`SbomError::Xml`].
pub(crate) fn parse_document(text: &str) -> Result<Document<'_>, SbomError> {
    let opts = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| {
        let (line, column, message) = match e {
            roxmltree::Error::DtdDetected => {
                // roxmltree reports DTDs at 1:1; point at the declaration itself.
                let at = text.find("<!DOCTYPE").unwrap_or(0);
                let (l, c) = crate::sbom::detect::line_col(text, at);
                (
                    l as u32,
                    c as u32,
                    "document type declarations (DTDs) are refused: they allow external entities and entity expansion".to_string(),
                )
            }
            other => {
                let pos = other.pos();
                (pos.row, pos.col, other.to_string())
            }
        };
        SbomError::Xml {
            line,
            column,
            message,
        }
    })
}

/// The CycloneDX namespace and spec version of a document's root, or why it is not one.
pub(crate) fn root_namespace<'a>(doc: &'a Document<'_>) -> Result<(&'a str, String), SbomError> {
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or_default();
    let version = ns.strip_prefix(XML_NAMESPACE_PREFIX).unwrap_or_default();
    if root.tag_name().name() != "bom" || version.is_empty() {
        return Err(SbomError::UnknownFormat {
            reason: format!(
                "an XML document with root element <{}> in namespace `{ns}`, not a CycloneDX <bom>",
                root.tag_name().name()
            ),
        });
    }
    if !CYCLONEDX_VERSIONS.contains(&version) {
        return Err(SbomError::UnsupportedVersion {
            format: SbomFormat::CycloneDx,
            version: version.to_string(),
            supported: "CycloneDX 1.0–1.7",
        });
    }
    Ok((ns, version.to_string()))
}

/// Element-matching helpers bound to one namespace.
#[derive(Clone, Copy)]
pub(crate) struct Ns<'a>(pub &'a str);

impl<'a> Ns<'a> {
    pub fn is(self, n: Node<'_, '_>, name: &str) -> bool {
        n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(self.0)
    }
    pub fn child<'d, 'i>(self, n: Node<'d, 'i>, name: &str) -> Option<Node<'d, 'i>> {
        n.children().find(|c| self.is(*c, name))
    }
    pub fn children<'d, 'i>(
        self,
        n: Node<'d, 'i>,
        name: &'a str,
    ) -> impl Iterator<Item = Node<'d, 'i>> + use<'d, 'i, 'a> {
        let ns = self;
        n.children().filter(move |c| ns.is(*c, name))
    }
    /// The trimmed text of a child element, when present and non-empty.
    pub fn text_of(self, n: Node<'_, '_>, name: &str) -> Option<String> {
        self.child(n, name).map(text).filter(|s| !s.is_empty())
    }
}

/// The trimmed text content of an element (text and CDATA children, concatenated).
pub(crate) fn text(n: Node<'_, '_>) -> String {
    let mut s = String::new();
    for c in n.children().filter(Node::is_text) {
        s.push_str(c.text().unwrap_or_default());
    }
    s.trim().to_string()
}

/// Line numbers of nodes by binary search over the newline offsets (`roxmltree`'s own
/// `text_pos_at` rescans the text from the start, which is quadratic over a document).
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Self {
        Lines(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }
    /// 1-based line of a node's start.
    pub fn of(&self, n: Node<'_, '_>) -> u32 {
        let before = self.0.partition_point(|&nl| nl < n.range().start);
        u32::try_from(before + 1).unwrap_or(u32::MAX)
    }
}

/// Read a CycloneDX XML document (spec 1.0–1.7).
///
/// Same mapping as [`read_json`](super::read_json); the spec version comes from the namespace
/// (`http://cyclonedx.org/schema/bom/1.x`).
///
/// # Errors
/// [`SbomError::Utf8`], [`SbomError::Xml`] (with line and column; DTDs are refused),
/// [`SbomError::UnknownFormat`] for a non-CycloneDX root, [`SbomError::UnsupportedVersion`],
/// [`SbomError::Invalid`] for components nested deeper than [`MAX_NESTING`].
pub fn read_xml(bytes: &[u8]) -> Result<Inventory, SbomError> {
    let bytes = strip_bom(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| SbomError::Utf8 {
        offset: e.valid_up_to(),
    })?;
    let doc = parse_document(text)?;
    let (ns_str, spec_version) = root_namespace(&doc)?;
    let ns = Ns(ns_str);
    let root = doc.root_element();
    let lines = Lines::new(text);
    let mut b = Builder::new();

    let mut created = None;
    if let Some(md) = ns.child(root, "metadata") {
        created = ns.text_of(md, "timestamp");
        if let Some(tools) = ns.child(md, "tools") {
            read_tools(ns, tools, &mut b);
        }
        if let Some(c) = ns.child(md, "component") {
            let i = add_tree(&lines, ns, c, &mut b)?;
            b.set_subject(i);
        }
    }
    if let Some(list) = ns.child(root, "components") {
        for c in ns.children(list, "component") {
            add_tree(&lines, ns, c, &mut b)?;
        }
    }
    if let Some(deps) = ns.child(root, "dependencies") {
        read_dependencies(&lines, ns, deps, &mut b);
    }
    let serial_number = root
        .attribute("serialNumber")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    Ok(b.finish(Header {
        encoding: Encoding::Xml,
        spec_version,
        created,
        serial_number,
        bom_version: root
            .attribute("version")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|v| *v > 0),
    }))
}

fn add_tree(
    lines: &Lines,
    ns: Ns<'_>,
    root: Node<'_, '_>,
    b: &mut Builder,
) -> Result<usize, SbomError> {
    let mut stack = vec![(root, None::<usize>, 0usize)];
    let mut first = None;
    while let Some((n, parent, depth)) = stack.pop() {
        let line = lines.of(n);
        if depth >= MAX_NESTING {
            return Err(SbomError::Invalid {
                format: SbomFormat::CycloneDx,
                location: format!("line {line}"),
                message: format!("components are nested more than {MAX_NESTING} levels deep"),
                line: Some(line as usize),
            });
        }
        let index = b.push(raw_of(ns, n), parent, format!("line {line}"));
        first.get_or_insert(index);
        if let Some(list) = ns.child(n, "components") {
            let children: Vec<_> = ns.children(list, "component").collect();
            for child in children.into_iter().rev() {
                stack.push((child, Some(index), depth + 1));
            }
        }
    }
    Ok(first.unwrap_or_default())
}

fn raw_of(ns: Ns<'_>, n: Node<'_, '_>) -> RawComponent {
    let mut cpes: Vec<String> = ns.text_of(n, "cpe").into_iter().collect();
    let mut properties = Vec::new();
    if let Some(props) = ns.child(n, "properties") {
        for p in ns.children(props, "property") {
            let Some(name) = p.attribute("name") else {
                continue;
            };
            if CPE_PROPERTY_NAMES.contains(&name) {
                cpes.push(text(p));
            } else if super::is_source_property(name) {
                properties.push((name.to_string(), text(p)));
            }
        }
    }
    let mut hashes = Vec::new();
    if let Some(list) = ns.child(n, "hashes") {
        for h in ns.children(list, "hash") {
            if let Some(alg) = h.attribute("alg") {
                hashes.push((alg.to_string(), text(h)));
            }
        }
    }
    let mut licenses = Vec::new();
    if let Some(list) = ns.child(n, "licenses") {
        for l in list.children().filter(Node::is_element) {
            if ns.is(l, "expression") {
                let e = text(l);
                if !e.is_empty() {
                    licenses.push(e);
                }
            } else if ns.is(l, "license")
                && let Some(t) = license_text(ns.text_of(l, "id"), ns.text_of(l, "name"))
            {
                licenses.push(t);
            }
        }
    }
    RawComponent {
        bom_ref: n.attribute("bom-ref").map(str::to_string),
        kind: n.attribute("type").map(str::to_string),
        name: ns.child(n, "name").map(text),
        group: ns.text_of(n, "group"),
        version: ns.text_of(n, "version"),
        purl: ns.text_of(n, "purl"),
        cpes,
        hashes,
        licenses,
        properties,
    }
}

/// `metadata/tools`: `tool` elements (≤ 1.4) or `components/component` and `services/service`
/// (1.5+).
fn read_tools(ns: Ns<'_>, tools: Node<'_, '_>, b: &mut Builder) {
    for t in ns.children(tools, "tool") {
        b.tool(Tool {
            vendor: ns.text_of(t, "vendor"),
            name: ns.text_of(t, "name").unwrap_or_default(),
            version: ns.text_of(t, "version"),
        });
    }
    for (list, item) in [("components", "component"), ("services", "service")] {
        if let Some(l) = ns.child(tools, list) {
            for t in ns.children(l, item) {
                let vendor = ns
                    .text_of(t, "group")
                    .or_else(|| ns.text_of(t, "publisher"))
                    .or_else(|| ns.child(t, "supplier").and_then(|s| ns.text_of(s, "name")))
                    .or_else(|| ns.child(t, "provider").and_then(|s| ns.text_of(s, "name")));
                b.tool(Tool {
                    vendor,
                    name: ns.text_of(t, "name").unwrap_or_default(),
                    version: ns.text_of(t, "version"),
                });
            }
        }
    }
}

/// `dependencies/dependency@ref` with nested `dependency@ref` children; deeper nesting (allowed
/// by the recursive XSD type) means the child's own dependencies.
fn read_dependencies(lines: &Lines, ns: Ns<'_>, deps: Node<'_, '_>, b: &mut Builder) {
    let mut stack: Vec<Node<'_, '_>> = ns.children(deps, "dependency").collect();
    stack.reverse();
    while let Some(d) = stack.pop() {
        let from = d.attribute("ref").map(str::trim).unwrap_or_default();
        let children: Vec<_> = ns.children(d, "dependency").collect();
        if from.is_empty() {
            b.warn(
                &format!("line {}", lines.of(d)),
                "dependency element without a `ref`; ignored".into(),
            );
            continue;
        }
        for c in children.iter().rev() {
            if let Some(to) = c.attribute("ref") {
                b.depends_on(from, to);
            }
            if c.children().any(|g| ns.is(g, "dependency")) {
                stack.push(*c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sbom::RelationshipKind;

    fn bom(version: &str, body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/{version}\" version=\"1\">\n{body}\n</bom>"
        )
    }

    #[test]
    fn field_mapping_matches_json() {
        let xml = bom(
            "1.4",
            r#"<metadata>
              <timestamp>2024-01-02T03:04:05Z</timestamp>
              <tools><tool><vendor>CycloneDX</vendor><name>cyclonedx-php-composer</name><version>3</version></tool></tools>
              <component type="application" bom-ref="app"><name>app</name>
                <components><component type="library" bom-ref="mod"><name>module</name></component></components>
              </component>
            </metadata>
            <components>
              <component type="Library" bom-ref="a">
                <group>org.slf4j</group><name><![CDATA[slf4j-api]]></name><version> 1.7.25 </version>
                <hashes><hash alg="SHA-1">ABCDEF</hash><hash alg="MD5">00</hash></hashes>
                <licenses><license><id>MIT</id></license><license><name>Custom</name></license></licenses>
                <cpe>cpe:2.3:a:qos:slf4j:1.7.25:*:*:*:*:*:*:*</cpe>
                <purl>pkg:maven/org.slf4j/slf4j-api@1.7.25?type=jar&amp;classifier=x</purl>
                <properties><property name="syft:cpe23">cpe:2.3:a:slf4j:slf4j:1.7.25:*:*:*:*:*:*:*</property></properties>
                <components><component type="file"><name>inner</name></component></components>
              </component>
              <component type="library"><name>noref</name><licenses><expression>MIT OR Apache-2.0</expression></licenses></component>
            </components>
            <dependencies>
              <dependency ref="app"><dependency ref="a"/></dependency>
              <dependency ref="a"><dependency ref="noref-missing"/></dependency>
            </dependencies>"#,
        );
        let inv = read_xml(xml.as_bytes()).unwrap();
        assert_eq!(inv.source.spec_version, "1.4");
        assert_eq!(inv.source.encoding, Encoding::Xml);
        assert_eq!(inv.source.created.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(inv.source.tools[0].name, "cyclonedx-php-composer");
        assert_eq!(inv.subject, ["app"]);
        let refs: Vec<_> = inv
            .components
            .iter()
            .map(|c| (c.bom_ref.as_str(), c.parent.as_deref(), c.kind.as_str()))
            .collect();
        assert_eq!(
            refs,
            [
                ("app", None, "application"),
                ("mod", Some("app"), "library"),
                ("a", None, "library"),
                ("stella:inner", Some("a"), "file"),
                ("stella:noref", None, "library"),
            ]
        );
        let a = &inv.components[2];
        assert_eq!(a.group.as_deref(), Some("org.slf4j"));
        assert_eq!(a.name, "slf4j-api");
        // XML text is trimmed.
        assert_eq!(a.version.as_deref(), Some("1.7.25"));
        assert_eq!(a.hashes.len(), 2);
        assert_eq!(a.hashes[1].alg, "sha1");
        assert_eq!(a.hashes[1].value, "abcdef");
        assert_eq!(a.licenses, ["Custom", "MIT"]);
        assert_eq!(a.cpes.len(), 2);
        // `&amp;` in the purl is the XML escape of `&`.
        assert_eq!(a.purl.as_ref().unwrap().qualifier("classifier"), Some("x"));
        assert_eq!(inv.components[4].licenses, ["MIT OR Apache-2.0"]);
        assert_eq!(inv.relationships.len(), 1);
        assert_eq!(inv.relationships[0].kind, RelationshipKind::DependsOn);
        assert_eq!(inv.warnings.len(), 1, "{:?}", inv.warnings);
    }

    #[test]
    fn json_and_xml_spellings_synthesise_the_same_refs() {
        // No bom-refs anywhere, nesting, and two components with one identity.
        let json = r#"{"bomFormat":"CycloneDX","specVersion":"1.3",
          "metadata":{"component":{"type":"application","name":"app","version":"1"}},
          "components":[{"type":"library","name":"a","version":"1","purl":"pkg:npm/a@1",
              "components":[{"type":"library","name":"a","version":"1","purl":"pkg:npm/a@1?x=y"}]},
            {"type":"library","group":"g","name":"b","version":"2","licenses":[{"license":{"id":"MIT"}}]}]}"#;
        let xml = bom(
            "1.3",
            r#"<metadata><component type="application"><name>app</name><version>1</version></component></metadata>
            <components><component type="library"><name>a</name><version>1</version><purl>pkg:npm/a@1</purl>
              <components><component type="library"><name>a</name><version>1</version><purl>pkg:npm/a@1?x=y</purl></component></components></component>
            <component type="library"><group>g</group><name>b</name><version>2</version><licenses><license><id>MIT</id></license></licenses></component></components>"#,
        );
        let j = crate::sbom::cyclonedx::read_json(json.as_bytes()).unwrap();
        let x = read_xml(xml.as_bytes()).unwrap();
        let refs = |i: &Inventory| {
            i.components
                .iter()
                .map(|c| (c.bom_ref.clone(), c.parent.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(refs(&j), refs(&x));
        assert_eq!(
            refs(&j)[2],
            (
                "stella:pkg:npm/a@1#2".to_string(),
                Some("stella:pkg:npm/a@1".to_string())
            )
        );
        assert_eq!(j.subject, ["stella:app@1"]);
        assert_eq!(j.subject, x.subject);
        assert_eq!(j.digest(), x.digest());
    }

    #[test]
    fn tools_1_5_shape() {
        let xml = bom(
            "1.5",
            r#"<metadata><tools><components><component type="application"><group>@cyclonedx</group><name>cdxgen</name><version>9</version></component></components>
            <services><service><provider><name>Acme</name></provider><name>svc</name></service></services></tools></metadata>"#,
        );
        let inv = read_xml(xml.as_bytes()).unwrap();
        let t: Vec<_> = inv
            .source
            .tools
            .iter()
            .map(|t| (t.vendor.as_deref(), t.name.as_str()))
            .collect();
        assert_eq!(t, [(Some("@cyclonedx"), "cdxgen"), (Some("Acme"), "svc")]);
    }

    #[test]
    fn old_versions_and_foreign_namespaces() {
        // 1.0 has no bom-ref; the namespace gives the version; extension elements in another
        // namespace are not CycloneDX components.
        let xml = r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.0" xmlns:x="urn:x" version="1">
          <components>
            <component type="library"><name>a</name><version>1</version><x:name>ignored</x:name></component>
            <x:component><name>not-cyclonedx</name></x:component>
          </components></bom>"#;
        let inv = read_xml(xml.as_bytes()).unwrap();
        assert_eq!(inv.source.spec_version, "1.0");
        assert_eq!(inv.components.len(), 1);
        assert_eq!(inv.components[0].bom_ref, "stella:a@1");
        assert_eq!(inv.components[0].name, "a");
    }

    #[test]
    fn nested_dependency_elements() {
        let xml = bom(
            "1.2",
            r#"<components><component type="library" bom-ref="a"><name>a</name></component>
            <component type="library" bom-ref="b"><name>b</name></component>
            <component type="library" bom-ref="c"><name>c</name></component></components>
            <dependencies><dependency ref="a"><dependency ref="b"><dependency ref="c"/></dependency></dependency><dependency/></dependencies>"#,
        );
        let inv = read_xml(xml.as_bytes()).unwrap();
        let e: Vec<_> = inv
            .relationships
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(e, [("a", "b"), ("b", "c")]);
        assert_eq!(inv.warnings.len(), 1);
    }

    #[test]
    fn dtds_are_refused_xxe_and_billion_laughs() {
        let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>&xxe;</name></component></components></bom>"#;
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4"><components><component type="library"><name>&lol9;</name></component></components></bom>"#;
        for doc in [xxe, laughs] {
            match read_xml(doc.as_bytes()) {
                Err(SbomError::Xml { line, message, .. }) => {
                    assert_eq!(line, 2);
                    assert!(message.contains("DTD"), "{message}");
                }
                other => panic!("{other:?}"),
            }
            // Through detection too.
            assert!(matches!(
                crate::sbom::read(doc.as_bytes()),
                Err(SbomError::Xml { .. })
            ));
        }
        // An undeclared entity is an error, not an empty string.
        let undeclared = bom(
            "1.4",
            "<components><component type=\"library\"><name>&ent;</name></component></components>",
        );
        assert!(matches!(
            read_xml(undeclared.as_bytes()),
            Err(SbomError::Xml { .. })
        ));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let doc = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\">\n<components>\n<component type=\"library\"><name>a</nam></component>\n</components></bom>";
        match read_xml(doc.as_bytes()) {
            Err(SbomError::Xml { line, column, .. }) => {
                assert_eq!(line, 3);
                assert!(column > 1);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_xml(b"<bom xmlns=\"urn:other\"/>"),
            Err(SbomError::UnknownFormat { .. })
        ));
        assert!(matches!(
            read_xml(b"<bom xmlns=\"http://cyclonedx.org/schema/bom/9.9\"/>"),
            Err(SbomError::UnsupportedVersion { .. })
        ));
        assert!(matches!(
            read_xml(b"<bom \xff/>"),
            Err(SbomError::Utf8 { offset: 5 })
        ));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut body = String::from("<components>");
        for _ in 0..10_000 {
            body.push_str("<component type=\"library\"><name>x</name><components>");
        }
        for _ in 0..10_000 {
            body.push_str("</components></component>");
        }
        body.push_str("</components>");
        let doc = bom("1.4", &body);
        assert!(matches!(
            read_xml(doc.as_bytes()),
            Err(SbomError::Invalid { .. })
        ));
        // Within the bound, every level is kept.
        let mut body = String::from("<components>");
        for _ in 0..MAX_NESTING {
            body.push_str("<component type=\"library\"><name>x</name><components>");
        }
        for _ in 0..MAX_NESTING {
            body.push_str("</components></component>");
        }
        body.push_str("</components>");
        let inv = read_xml(bom("1.4", &body).as_bytes()).unwrap();
        assert_eq!(inv.components.len(), MAX_NESTING);
    }
}
