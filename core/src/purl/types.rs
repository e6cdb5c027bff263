//! Type-specific normalisation: what makes two spellings of one package the same purl.
//!
//! Applied by every `Purl` constructor, after the generic split; idempotent.
//!
//! | type | rule | source |
//! | --- | --- | --- |
//! | `pypi` | name PEP 503-normalised: lowercase, every run of `-`, `_`, `.` → `-` | PEP 503; PURL-TYPES only asks for `_` → `-` and lowercase, so `zope.interface` differs (deliberate: PyPI and the advisory databases treat them as one project) |
//! | `npm` | name **and scope** lowercased | PURL-TYPES (name); npm forbids uppercase in new scopes too, and advisories use lowercase |
//! | `golang` | case **kept** | deviation: PURL-TYPES says lowercase, but Go module paths are case-sensitive (see the module header) |
//! | `maven` | case kept (groupId is the namespace) | PURL-TYPES |
//! | `deb`, `apk`, `alpm` | vendor and name lowercased | PURL-TYPES |
//! | `rpm`, `qpkg` | vendor lowercased, name kept (`NetworkManager`) | PURL-TYPES |
//! | `github`, `bitbucket`, `composer`, `hex`, `luarocks` | namespace and name lowercased | PURL-TYPES |
//! | `bitnami`, `oci`, `pub` | name lowercased | PURL-TYPES |
//! | `huggingface` | version (a commit hash) lowercased | PURL-TYPES |
//! | `mlflow` | name lowercased when `repository_url` is a Databricks server | PURL-TYPES |
//!
//! Generator-bug aliases (rewritten, because the intended purl is certain, not guessed):
//! - `pkg:alpine/<name>@<ver>` → `pkg:apk/alpine/<name>@<ver>`: Syft before the apk type was
//!   registered wrote the distro as the type (seen in guac-exampledata's Alpine SBOMs, with
//!   `distro=alpine-3.16.2`). Only without a namespace; `pkg:alpine/x/y` is left alone.
//! - `pkg:dotnet/<name>@<ver>` → `pkg:nuget/<name>@<ver>`: old Syft wrote its .NET
//!   `deps.json` cataloger's packages, which are NuGet packages, under a `dotnet` type that
//!   was never registered.
//!
//! Every other type (`generic`, `oci`, `bitnami`, `k8s`, `nodejs`, unregistered ones) is kept
//! as written and simply has no Stella ecosystem.

use super::Purl;

/// Apply the type-specific rules to a purl whose generic syntax is already valid.
pub(super) fn normalise(p: &mut Purl) {
    match (p.ty.as_str(), p.namespace.is_some()) {
        ("alpine", false) => {
            p.ty = "apk".into();
            p.namespace = Some("alpine".into());
        }
        ("dotnet", _) => p.ty = "nuget".into(),
        _ => {}
    }
    let (lower_namespace, lower_name) = match p.ty.as_str() {
        "alpm" | "apk" | "bitbucket" | "composer" | "deb" | "github" | "hex" | "luarocks"
        | "npm" => (true, true),
        "qpkg" | "rpm" => (true, false),
        "bitnami" | "oci" | "pub" => (false, true),
        _ => (false, false),
    };
    if let Some(ns) = p.namespace.as_mut().filter(|_| lower_namespace) {
        lowercase_in_place(ns);
    }
    if lower_name {
        lowercase_in_place(&mut p.name);
    }
    match p.ty.as_str() {
        "pypi" => p.name = pep503(&p.name),
        "huggingface" => {
            if let Some(v) = &mut p.version {
                lowercase_in_place(v);
            }
        }
        "mlflow"
            if p.qualifiers
                .get("repository_url")
                .is_some_and(|u| u.contains("databricks")) =>
        {
            lowercase_in_place(&mut p.name);
        }
        _ => {}
    }
}

/// Lowercase with the Unicode full case mapping (ECMA-427 §5.5), allocating only if needed.
fn lowercase_in_place(s: &mut String) {
    let lower = s.to_lowercase();
    if lower != *s {
        *s = lower;
    }
}

/// PEP 503 name normalisation: `re.sub(r"[-_.]+", "-", name).lower()`.
pub(super) fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            in_run = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}
