//! Adding packages to a dependency manifest: package.json, requirements.txt,
//! or pyproject.toml (PEP 621 `[project] dependencies`, or Poetry's table).
//! What is there stays: a package already listed, under any spelling of its
//! name or version, is left as it is; only missing ones are appended.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::outputs::ManifestKind;

/// The manifest's new text with the `wanted` (name, version range, dev) packages added.
pub fn add(kind: ManifestKind, label: &str, text: &str, wanted: &[(&str, &str, bool)]) -> Result<String> {
    match kind {
        ManifestKind::PackageJson => package_json(label, text, wanted),
        ManifestKind::Requirements => Ok(requirements(text, wanted)),
        ManifestKind::Pyproject | ManifestKind::Poetry => pyproject(kind, label, text, wanted),
    }
}

/// PEP 503: case, `-`, `_` and `.` do not matter in a Python package name.
fn normalise(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', '.'], "-")
}

/// The name and extras of a requirement (`PyJWT[crypto]>=2` -> ("pyjwt", ["crypto"])).
fn requirement(spec: &str) -> (String, Vec<String>) {
    let end = spec.find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c))).unwrap_or(spec.len());
    let extras = spec[end..]
        .trim_start()
        .strip_prefix('[')
        .and_then(|rest| rest.split(']').next())
        .map(|list| list.split(',').map(normalise).collect())
        .unwrap_or_default();
    (normalise(&spec[..end]), extras)
}

/// Whether `listed` (a requirement line) satisfies the wanted name and extras.
fn satisfies(listed: &str, wanted: &str) -> bool {
    let (name, extras) = requirement(listed);
    let (want_name, want_extras) = requirement(wanted);
    name == want_name && want_extras.iter().all(|e| extras.contains(e))
}

fn requirements(text: &str, wanted: &[(&str, &str, bool)]) -> String {
    let listed: Vec<&str> =
        text.lines().map(|l| l.split('#').next().unwrap_or_default().trim()).filter(|l| !l.is_empty()).collect();
    let mut out = text.to_string();
    for (name, range, _) in wanted {
        if listed.iter().any(|l| satisfies(l, name)) {
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("{name}{range}\n"));
    }
    out
}

fn pyproject(kind: ManifestKind, label: &str, text: &str, wanted: &[(&str, &str, bool)]) -> Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::usage(format!("{label}: {}; fix the file and rerun", e.message().trim_end_matches('.')))
    })?;
    let broken = |what: &str| Error::usage(format!("{label}: {what}; fix the file and rerun"));
    if kind == ManifestKind::Poetry {
        let table = doc["tool"]["poetry"]["dependencies"]
            .or_insert(toml_edit::table())
            .as_table_like_mut()
            .ok_or_else(|| broken("[tool.poetry.dependencies] is not a table"))?;
        for (name, range, _) in wanted {
            let (base, extras) = requirement(name);
            if table.iter().any(|(key, _)| normalise(key) == base) {
                continue;
            }
            let version = range.trim_start_matches(">=");
            let value = if extras.is_empty() {
                toml_edit::value(format!(">={version}"))
            } else {
                let mut inline = toml_edit::InlineTable::new();
                inline.insert("version", format!(">={version}").into());
                inline.insert("extras", toml_edit::Array::from_iter(extras.iter().map(String::as_str)).into());
                toml_edit::value(inline)
            };
            table.insert(&base, value);
        }
    } else {
        let array = doc["project"]["dependencies"]
            .or_insert(toml_edit::value(toml_edit::Array::new()))
            .as_array_mut()
            .ok_or_else(|| broken("[project] dependencies is not a list"))?;
        for (name, range, _) in wanted {
            if array.iter().any(|v| v.as_str().is_some_and(|l| satisfies(l, name))) {
                continue;
            }
            array.push(format!("{name}{range}"));
        }
    }
    Ok(doc.to_string())
}

fn package_json(label: &str, text: &str, wanted: &[(&str, &str, bool)]) -> Result<String> {
    let mut pkg: Value = serde_json::from_str(text)
        .map_err(|e| Error::usage(format!("{label}: invalid JSON at line {}, column {}", e.line(), e.column())))?;
    let Some(object) = pkg.as_object_mut() else {
        return Err(Error::usage(format!("{label}: not a JSON object")));
    };
    let listed = |object: &serde_json::Map<String, Value>, name: &str| {
        ["dependencies", "devDependencies", "peerDependencies"]
            .iter()
            .any(|section| object.get(*section).and_then(|d| d.get(name)).is_some())
    };
    let mut changed = false;
    for (name, range, dev) in wanted {
        if listed(object, name) {
            continue;
        }
        let section = if *dev { "devDependencies" } else { "dependencies" };
        let deps = object.entry(section).or_insert_with(|| Value::Object(Default::default()));
        let Some(deps) = deps.as_object_mut() else {
            return Err(Error::usage(format!("{label}: \"{section}\" is not an object")));
        };
        deps.insert(name.to_string(), Value::String(range.to_string()));
        // npm keeps dependencies sorted by name.
        deps.sort_keys();
        changed = true;
    }
    if !changed {
        return Ok(text.to_string());
    }
    let indent = text
        .lines()
        .nth(1)
        .map(|line| line.chars().take_while(|c| c.is_whitespace()).collect::<String>())
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| "  ".into());
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(&pkg, &mut serializer).map_err(|e| Error::Other(e.into()))?;
    let mut out = String::from_utf8(out).map_err(|e| Error::Other(e.into()))?;
    if text.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PYTHON: &[(&str, &str, bool)] = &[("fastapi", ">=0.110", false), ("pyjwt[crypto]", ">=2.10", false)];

    #[test]
    fn requirements_get_the_missing_lines_only() {
        let text = "FastAPI==0.115.0  # web\nuvicorn";
        assert_eq!(requirements(text, PYTHON), "FastAPI==0.115.0  # web\nuvicorn\npyjwt[crypto]>=2.10\n");
        // PyJWT without its crypto extra cannot verify EdDSA/ES256: the extra is added.
        assert!(requirements("PyJWT==2.9\n", PYTHON).ends_with("pyjwt[crypto]>=2.10\n"));
        let done = "fastapi\nPyJWT[crypto]==2.10.1\n";
        assert_eq!(requirements(done, PYTHON), done);
    }

    #[test]
    fn pyproject_keeps_its_formatting() {
        let text = "[project]\nname = \"api\"  # mine\ndependencies = [\n    \"fastapi>=0.115\",\n]\n\n[tool.uv]\ndev-dependencies = []\n";
        let out = add(ManifestKind::Pyproject, "pyproject.toml", text, PYTHON).unwrap();
        assert!(out.starts_with("[project]\nname = \"api\"  # mine\n"), "{out}");
        assert!(out.contains("\"pyjwt[crypto]>=2.10\""), "{out}");
        assert_eq!(out.matches("fastapi").count(), 1);
        assert!(out.contains("[tool.uv]\ndev-dependencies = []\n"));
        let poetry = "[tool.poetry.dependencies]\npython = \"^3.11\"\nFastAPI = \"^0.115\"\n";
        let out = add(ManifestKind::Poetry, "pyproject.toml", poetry, PYTHON).unwrap();
        assert!(out.contains("pyjwt = { version = \">=2.10\", extras = [\"crypto\"] }"), "{out}");
        assert!(add(ManifestKind::Pyproject, "pyproject.toml", "[project\n", PYTHON).is_err());
    }

    #[test]
    fn package_json_keeps_order_and_indent() {
        let text = "{\n    \"name\": \"api\",\n    \"dependencies\": {\n        \"express\": \"^4.21.0\"\n    }\n}\n";
        let wanted = [("express", "^5.1.0", false), ("jose", "^6.1.0", false), ("@types/express", "^5.0.0", true)];
        let out = add(ManifestKind::PackageJson, "package.json", text, &wanted).unwrap();
        assert!(out.starts_with("{\n    \"name\": \"api\",\n    \"dependencies\": {\n        \"express\": \"^4.21.0\",\n        \"jose\""), "{out}");
        assert!(out.contains("\"devDependencies\": {\n        \"@types/express\": \"^5.0.0\"\n    }"), "{out}");
        assert!(out.ends_with("}\n"));
        let unchanged = add(ManifestKind::PackageJson, "package.json", &out, &wanted).unwrap();
        assert_eq!(unchanged, out);
    }
}
