//! Reading manifests and small config files: package.json, tsconfig.json
//! (JSON with comments), lockfiles, Node's version. Read-only.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::PackageManager;
use crate::error::{Error, Result};

/// The (major, minor) version of the `node` on PATH (runs `node --version`).
pub fn node_version() -> Option<(u64, u64)> {
    let output = std::process::Command::new("node").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.trim().trim_start_matches('v').split('.').map(|p| p.parse::<u64>().ok());
    Some((parts.next()??, parts.next()??))
}

/// The major version of the `node` on PATH.
pub fn node_major() -> Option<u64> {
    node_version().map(|(major, _)| major)
}

pub fn dependency_version<'a>(pkg: &'a Value, name: &str) -> Option<&'a str> {
    ["dependencies", "devDependencies", "peerDependencies"]
        .iter()
        .find_map(|section| pkg.get(section)?.get(name)?.as_str())
}

/// "^16.4.6" -> 16; "latest" or a tag -> None.
pub fn major_version(range: &str) -> Option<u64> {
    let digits: String =
        range.trim_start_matches(|c: char| !c.is_ascii_digit()).chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The package manager for `dir`: the `packageManager` field, a lockfile, or a
/// pnpm workspace file in `dir` or any folder above it up to the repository
/// root; else the package manager that launched authgen (`pnpm dlx`, `bunx`,
/// …); else npm.
pub fn package_manager(root: &Path, dir: &str) -> Result<PackageManager> {
    let mut here = PathBuf::from(dir);
    loop {
        let rel = here.to_string_lossy().into_owned();
        let rel = if rel.is_empty() { ".".to_string() } else { rel };
        let pkg = read_package_json(root, &rel)?;
        let field = pkg.as_ref().and_then(|p| p.get("packageManager")).and_then(Value::as_str);
        if let Some(pm) = field.and_then(PackageManager::named_in) {
            return Ok(pm);
        }
        if let Some(pm) = lockfile_in(&root.join(&rel)) {
            return Ok(pm);
        }
        if root.join(&rel).join("pnpm-workspace.yaml").is_file() {
            return Ok(PackageManager::Pnpm);
        }
        if rel == "." || !here.pop() {
            return Ok(crate::terminal::default_package_manager());
        }
    }
}

pub fn lockfile_in(folder: &Path) -> Option<PackageManager> {
    [
        ("pnpm-lock.yaml", PackageManager::Pnpm),
        ("yarn.lock", PackageManager::Yarn),
        ("bun.lockb", PackageManager::Bun),
        ("bun.lock", PackageManager::Bun),
        ("package-lock.json", PackageManager::Npm),
    ]
    .into_iter()
    .find(|(file, _)| folder.join(file).is_file())
    .map(|(_, pm)| pm)
}

/// The import alias in tsconfig.json that points at the app root or `src/`.
pub fn alias(app: &Path) -> Option<(String, String)> {
    let text = fs::read_to_string(app.join("tsconfig.json"))
        .or_else(|_| fs::read_to_string(app.join("jsconfig.json")))
        .ok()?;
    let config: Value = serde_json::from_str(&strip_jsonc(&text)).ok()?;
    let paths = config.get("compilerOptions")?.get("paths")?.as_object()?;
    for (key, targets) in paths {
        let Some(prefix) = key.strip_suffix('*') else {
            continue;
        };
        let Some(target) = targets.get(0).and_then(Value::as_str) else {
            continue;
        };
        let Some(folder) = target.strip_suffix('*') else {
            continue;
        };
        let folder = folder.trim_start_matches("./").trim_end_matches('/');
        if (folder.is_empty() || folder == "src") && prefix.ends_with('/') {
            return Some((prefix.to_string(), folder.to_string()));
        }
    }
    None
}

/// Removes comments and trailing commas so tsconfig.json parses as JSON.
pub fn strip_jsonc(text: &str) -> String {
    let without_comments = scan_outside_strings(text, |c, rest, out| match (c, rest.chars().next()) {
        ('/', Some('/')) => rest.find('\n').map_or(rest.len(), |i| i),
        ('/', Some('*')) => rest[1..].find("*/").map_or(rest.len(), |i| i + 3),
        _ => {
            out.push(c);
            0
        }
    });
    scan_outside_strings(&without_comments, |c, rest, out| {
        let closes = matches!(rest.trim_start().chars().next(), Some('}') | Some(']'));
        if c != ',' || !closes {
            out.push(c);
        }
        0
    })
}

/// Copies `text`, letting `f` handle each character outside string literals:
/// `f(c, rest_after_c, out)` pushes what to keep and returns how many bytes
/// of `rest_after_c` to skip.
fn scan_outside_strings(text: &str, mut f: impl FnMut(char, &str, &mut String) -> usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut index = 0;
    while let Some(c) = text[index..].chars().next() {
        index += c.len_utf8();
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else {
            index += f(c, &text[index..], &mut out);
        }
    }
    out
}

/// Whether `name` is a dependency, dev dependency or peer dependency.
pub fn depends_on(pkg: &Value, name: &str) -> bool {
    ["dependencies", "devDependencies", "peerDependencies"]
        .iter()
        .any(|section| pkg.get(section).and_then(|deps| deps.get(name)).is_some())
}

/// Whether the package itself uses `name`: a dependency or dev dependency,
/// not only a peer dependency (as UI libraries list `next`).
pub fn depends_on_runtime(pkg: &Value, name: &str) -> bool {
    ["dependencies", "devDependencies"].iter().any(|section| pkg.get(section).and_then(|deps| deps.get(name)).is_some())
}

/// Reads `<dir>/package.json`; a broken one is a `Usage` error with one line.
pub fn read_package_json(root: &Path, dir: &str) -> Result<Option<Value>> {
    let path = root.join(dir).join("package.json");
    let Some(text) = read_optional(&path)? else {
        return Ok(None);
    };
    let shown = display_rel(dir, "package.json");
    serde_json::from_str(&text).map(Some).map_err(|e| {
        Error::usage(format!(
            "{shown}: invalid JSON at line {}, column {}: fix the file and rerun",
            e.line(),
            e.column()
        ))
    })
}

/// Reads a file that may be missing; unreadable files are bad input.
pub fn read_optional(path: &Path) -> Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            let shown = path.display();
            if utf16(e.as_bytes()).is_some() {
                Error::usage(format!(
                    "{shown}: UTF-16 text, and authgen reads and writes this file as UTF-8: save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 {shown} > {shown}.utf8 && mv {shown}.utf8 {shown}`) and rerun"
                ))
            } else {
                Error::usage(format!("{shown}: not UTF-8 text"))
            }
        }),
        Err(e) if e.kind() == ErrorKind::NotFound || e.kind() == ErrorKind::NotADirectory => Ok(None),
        Err(_) if path.is_dir() => Err(Error::usage(format!("{}: is a folder, expected a file", path.display()))),
        Err(e) => Err(Error::usage(format!("{}: {}", path.display(), io_reason(&e)))),
    }
}

/// Text in UTF-8 (a leading byte-order mark dropped) or in UTF-16 with its
/// byte-order mark (little- or big-endian), as Windows tools save env
/// files; `None` for anything else.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => String::from_utf8(rest.to_vec()).ok(),
        None => utf16(bytes).or_else(|| String::from_utf8(bytes.to_vec()).ok()),
    }
}

/// UTF-16 text with a byte-order mark, decoded.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (rest, big_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, false),
        [0xFE, 0xFF, rest @ ..] => (rest, true),
        _ => return None,
    };
    if rest.len() % 2 != 0 {
        return None;
    }
    let units = rest.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
    });
    char::decode_utf16(units).collect::<std::result::Result<String, _>>().ok()
}

/// `dir/file` without a leading `./`.
pub fn display_rel(dir: &str, file: &str) -> String {
    if dir.is_empty() || dir == "." { file.to_string() } else { format!("{}/{}", dir.trim_end_matches('/'), file) }
}

/// The part of an io::Error a user can act on, without the "(os error 13)".
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "does not exist".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_utf16_with_a_byte_order_mark_are_text() {
        assert_eq!(decode_text(b"A=1\n").as_deref(), Some("A=1\n"));
        assert_eq!(decode_text(b"\xEF\xBB\xBFA=1\n").as_deref(), Some("A=1\n"));
        assert_eq!(decode_text(b"\xFF\xFEA\0=\x001\0").as_deref(), Some("A=1"));
        assert_eq!(decode_text(&[0xFE, 0xFF, 0, b'A', 0, b'=', 0, b'1']).as_deref(), Some("A=1"));
        assert_eq!(decode_text(&[0xFF, 0xFE, b'A', 0, b'=']), None, "odd length");
        assert_eq!(decode_text(b"\xFF\xFE\x00\xD8"), None, "a lone surrogate");
        assert_eq!(decode_text(b"Caf\xE9"), None, "Latin-1");
    }

    #[test]
    fn jsonc_comments_and_trailing_commas_are_removed() {
        let text = r#"{
  // the alias
  "compilerOptions": { "paths": { "@/*": ["./src/*"], }, /* block */ },
  "url": "http://x//y"
}"#;
        let value: Value = serde_json::from_str(&strip_jsonc(text)).unwrap();
        assert_eq!(value["compilerOptions"]["paths"]["@/*"][0], "./src/*");
        assert_eq!(value["url"], "http://x//y");
    }
}
