//! Which versions of a package the app runs (the manifest's range and the
//! lockfile's resolved versions), published advisories for better-auth, and
//! the plugin imports that later releases moved or removed.
//!
//! Ranges are npm's syntax read with the `semver` crate: it implements
//! SemVer 2.0 precedence (prereleases included) and the comparators npm
//! ranges are made of, so doctor compares versions the way the registry
//! does instead of by hand. npm's spellings it does not share (a bare
//! `1.2.3` is exact in npm, caret in Cargo; `a - b`; `||`; space-separated
//! comparators) are rewritten before parsing; anything else (tags,
//! `workspace:`, git or file specs) is an unknown version, and an unknown
//! version gives no finding.

use semver::{Version, VersionReq};
use serde::Deserialize;

use crate::doctor::Severity::Error;
use crate::doctor::model::Model;
use crate::doctor::project::inside;
use crate::doctor::rules::{Hit, Rule};

mod better_auth_advisory;
mod plugin_moved;
mod plugin_removed;

pub use better_auth_advisory::BETTER_AUTH_ADVISORY;
pub use plugin_moved::PLUGIN_MOVED;
pub use plugin_removed::PLUGIN_REMOVED;

pub const RULES: &[&Rule] = &[&BETTER_AUTH_ADVISORY, &PLUGIN_MOVED, &PLUGIN_REMOVED];

/// The versions of one package the code at some path runs.
pub(in crate::doctor::rules) struct Installed<'p> {
    /// The nearest manifest naming the package: path, line, range as written.
    pub declared: Option<(&'p str, usize, String)>,
    /// What the nearest lockfile resolved it to: path, line, version.
    pub locked: Vec<(&'p str, usize, Version)>,
}

impl Installed<'_> {
    /// Whether every version the app can be running matches `req`: the
    /// lockfile's when it names the package, else every version the
    /// manifest's range allows. `false` when neither says.
    pub fn every(&self, req: &VersionReq) -> bool {
        if !self.locked.is_empty() {
            return self.locked.iter().all(|(_, _, v)| req.matches(v));
        }
        let Some(alternatives) = self.declared.as_ref().and_then(|(_, _, range)| npm_range(range)) else {
            return false;
        };
        alternatives.iter().all(|range| range_within(range, req))
    }

    /// The line to change: the manifest's, else the lockfile's.
    pub fn at(&self) -> Option<(&str, usize)> {
        self.declared
            .as_ref()
            .map(|(path, line, _)| (*path, *line))
            .or_else(|| self.locked.first().map(|(path, line, _)| (*path, *line)))
    }

    /// How the version is known, for messages: `1.3.25 (package-lock.json)`, `"^1.3.0" (web/package.json)`.
    pub fn describe(&self) -> String {
        match (self.locked.as_slice(), &self.declared) {
            ([(path, _, v), ..], _) => format!("{v} ({path})"),
            ([], Some((path, _, range))) => format!("\"{range}\" ({path})"),
            ([], None) => "an unknown version".into(),
        }
    }
}

/// Whether every version `range` allows also matches `req`. Both are
/// intervals (a conjunction of comparators), so if some allowed version
/// falls outside `req`, the smallest such version is the lower end of
/// `range`, or a bound of `req`: checking those candidates decides it.
fn range_within(range: &VersionReq, req: &VersionReq) -> bool {
    let mut candidates = vec![Version::new(0, 0, 0)];
    for c in range.comparators.iter().chain(&req.comparators) {
        let (major, minor, patch) = (c.major, c.minor.unwrap_or(0), c.patch.unwrap_or(0));
        candidates.extend([
            Version::new(major, minor, patch),
            Version::new(major, minor, patch + 1),
            Version::new(major, minor + 1, 0),
            Version::new(major + 1, 0, 0),
        ]);
    }
    candidates.iter().filter(|v| range.matches(v)).all(|v| req.matches(v))
}

/// An npm range as alternatives (`a || b`) the `semver` crate reads; `None`
/// for what is not a registry range (tags, `workspace:`, URLs, aliases).
pub(in crate::doctor::rules) fn npm_range(range: &str) -> Option<Vec<VersionReq>> {
    let range = range.trim();
    if range.contains(':')
        || range.contains('/')
        || range.chars().any(|c| c.is_ascii_alphabetic() && !"vxX".contains(c))
    {
        return None;
    }
    range.split("||").map(|alternative| VersionReq::parse(&npm_comparators(alternative.trim())?).ok()).collect()
}

/// One npm alternative as comma-separated comparators: `>= 1.2 <2` to
/// `>=1.2, <2`, a bare `1.2.3` to `=1.2.3`, `a - b` to `>=a, <=b`.
fn npm_comparators(alternative: &str) -> Option<String> {
    if alternative.is_empty() || alternative == "*" || alternative.eq_ignore_ascii_case("x") {
        return Some("*".into());
    }
    if let Some((low, high)) = alternative.split_once(" - ") {
        return Some(format!(">={}, <={}", low.trim().trim_start_matches('v'), high.trim().trim_start_matches('v')));
    }
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for token in alternative.split_whitespace() {
        let op_len = token.find(|c: char| c.is_ascii_digit() || c == '*' || c == 'x' || c == 'X' || c == 'v');
        match op_len {
            None => pending.push_str(token),
            Some(n) => {
                let (op, version) = token.split_at(n);
                let op = format!("{pending}{op}");
                pending.clear();
                let op = if op.is_empty() { "=" } else { op.as_str() };
                out.push(format!("{op}{}", version.trim_start_matches('v')));
            }
        }
    }
    (pending.is_empty() && !out.is_empty()).then(|| out.join(", "))
}

/// The versions of `package` that code at `path` runs: the nearest
/// package.json that depends on it and the nearest lockfile above `path`.
pub(in crate::doctor::rules) fn installed<'p>(model: &Model<'p>, path: &str, package: &str) -> Installed<'p> {
    let project = model.project;
    let dirs: Vec<&str> = ancestors(path);
    let declared = dirs.iter().find_map(|dir| {
        let manifest = join(dir, "package.json");
        let (path, text) = project.manifests.get_key_value(&manifest)?;
        let range = declared_range(text, package)?;
        Some((path.as_str(), manifest_line(text, package), range))
    });
    let locked = dirs
        .iter()
        .find_map(|dir| LOCKFILES.iter().find_map(|name| project.lockfiles.get_key_value(&join(dir, name))))
        .map(|(path, text)| {
            lock_versions(path, text, package).into_iter().map(|(line, v)| (path.as_str(), line, v)).collect()
        })
        .unwrap_or_default();
    Installed { declared, locked }
}

const LOCKFILES: &[&str] = &["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"];

/// `web/lib/auth.ts` -> `["web/lib", "web", "."]`.
fn ancestors(path: &str) -> Vec<&str> {
    let mut dirs = Vec::new();
    let mut rest = path;
    while let Some((dir, _)) = rest.rsplit_once('/') {
        dirs.push(dir);
        rest = dir;
    }
    dirs.push(".");
    dirs
}

fn join(dir: &str, name: &str) -> String {
    if dir == "." { name.to_string() } else { format!("{dir}/{name}") }
}

/// The range a package.json gives `package` in the dependencies it installs.
fn declared_range(text: &str, package: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    ["dependencies", "devDependencies", "optionalDependencies"]
        .iter()
        .find_map(|key| json.get(key)?.get(package)?.as_str().map(str::to_string))
}

/// The line naming `package` as a key (`"better-auth": "^1.3.0"`), a one-line manifest too.
fn manifest_line(text: &str, package: &str) -> usize {
    let key = format!("\"{package}\"");
    let names = |l: &str| l.match_indices(&key).any(|(at, _)| l[at + key.len()..].trim_start().starts_with(':'));
    text.lines().position(names).map_or(0, |i| i + 1)
}

/// The versions a lockfile resolves `package` to, with their lines.
fn lock_versions(path: &str, text: &str, package: &str) -> Vec<(usize, Version)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<(usize, Version)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let found = match name {
            "pnpm-lock.yaml" => pnpm_entry(line, package),
            "bun.lock" => bun_entry(line, package),
            "yarn.lock" if yarn_header(line, package) => following_version(&lines[i + 1..], "version"),
            "package-lock.json" | "npm-shrinkwrap.json" if npm_entry(line, package) => {
                following_version(&lines[i + 1..], "\"version\":")
            }
            _ => None,
        };
        if let Some(v) = found.and_then(|v| leading_version(&v))
            && !out.iter().any(|(_, seen)| *seen == v)
        {
            out.push((i + 1, v));
        }
    }
    out
}

/// `"node_modules/better-auth": {` (v2/v3), `"better-auth": {` (v1 dependencies).
fn npm_entry(line: &str, package: &str) -> bool {
    let line = line.trim();
    line == format!("\"{package}\": {{")
        || (line.ends_with(&format!("node_modules/{package}\": {{")) && line.starts_with('"'))
}

/// `better-auth@1.3.25:`, `/better-auth@1.3.25(react@19.0.0):`, `/better-auth/1.3.25:` (lockfile v5).
fn pnpm_entry(line: &str, package: &str) -> Option<String> {
    let line = line.trim().trim_start_matches('/').trim_start_matches(['\'', '"']);
    line.strip_prefix(&format!("{package}@")).or_else(|| line.strip_prefix(&format!("{package}/"))).map(str::to_string)
}

/// `"better-auth": ["better-auth@1.3.25", "", {...}]`.
fn bun_entry(line: &str, package: &str) -> Option<String> {
    let key = format!("\"{package}@");
    let at = line.find(&key)?;
    Some(line[at + key.len()..].to_string())
}

/// `better-auth@^1.3.0, "better-auth@npm:^1.3.0":` (yarn classic and berry).
fn yarn_header(line: &str, package: &str) -> bool {
    !line.starts_with(' ')
        && line.ends_with(':')
        && line
            .trim_end_matches(':')
            .split(", ")
            .any(|entry| entry.trim_matches('"').starts_with(&format!("{package}@")))
}

/// The `version` line right below an entry's header.
fn following_version(lines: &[&str], key: &str) -> Option<String> {
    lines
        .iter()
        .take(12)
        .map(|l| l.trim())
        .take_while(|l| !l.is_empty() && !l.ends_with('{') && !l.ends_with(':'))
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.trim().trim_start_matches([':', ' ', '"']).to_string())
}

/// The version a lockfile text starts with: `1.3.25(react@19)` -> 1.3.25.
fn leading_version(text: &str) -> Option<Version> {
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || ".-+".contains(c))).unwrap_or(text.len());
    Version::parse(&text[..end]).ok()
}

/// One published security advisory (`advisories.toml`).
#[derive(Debug, Deserialize)]
pub(in crate::doctor::rules) struct Advisory {
    pub id: String,
    pub aliases: Vec<String>,
    pub affected: String,
    pub fixed: String,
    /// The plugin it concerns, when it concerns one: the app is affected only
    /// when it imports it from one of `modules`.
    pub plugin: Option<String>,
    #[serde(default)]
    pub modules: Vec<String>,
    pub what: String,
}

#[derive(Deserialize)]
struct Advisories {
    advisory: Vec<Advisory>,
}

/// The advisories for better-auth, from the data file.
pub(in crate::doctor::rules) fn advisories() -> Vec<Advisory> {
    toml::from_str::<Advisories>(include_str!("advisories.toml")).map(|a| a.advisory).unwrap_or_default()
}

/// An import path (or a name imported from one) that a better-auth release dropped.
pub(in crate::doctor::rules) struct Dropped {
    pub module: &'static str,
    /// The name imported from `module`; `None` for the whole module.
    pub name: Option<&'static str>,
    /// The first release without it.
    pub gone: &'static str,
    /// Where it is now (or what replaces it).
    pub now: &'static str,
}

/// Whether a code file imports a dropped path or name: the import's line.
pub(in crate::doctor::rules) fn imports_dropped(module: &crate::doctor::syntax::Module, d: &Dropped) -> Option<usize> {
    module
        .imports
        .iter()
        .filter(|i| i.module == d.module)
        .find(|i| d.name.is_none_or(|name| i.names.iter().any(|(imported, _)| imported == name)))
        .map(|i| i.line)
}

/// Findings for every import of a dropped path where every version the
/// file's better-auth can be is at or past the release that dropped it.
pub(in crate::doctor::rules) fn dropped_hits(model: &Model, table: &[Dropped], what: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (_, file) in model.code() {
        for dropped in table {
            let Some(line) = imports_dropped(&file.module, dropped) else { continue };
            let Ok(req) = VersionReq::parse(&format!(">={}", dropped.gone)) else { continue };
            let versions = installed(model, &file.path, "better-auth");
            if !versions.every(&req) {
                continue;
            }
            let imported =
                dropped.name.map_or(format!("\"{}\"", dropped.module), |n| format!("{n} from \"{}\"", dropped.module));
            hits.push(Hit::at(
                &file.path,
                line,
                format!(
                    "{imported} is {what} from better-auth {} on (this app has {}): use {}",
                    dropped.gone,
                    versions.describe(),
                    dropped.now
                ),
            ));
        }
    }
    hits
}

/// Whether any file of the app imports `name` from one of `modules`.
pub(in crate::doctor::rules) fn imports_name(model: &Model, modules: &[&str], name: &str) -> bool {
    let app = model.project.app_dir.as_deref().unwrap_or(".");
    model.code().any(|(_, f)| inside(&f.path, app) && modules.iter().any(|m| f.module.local_name(m, name).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within(range: &str, req: &str) -> bool {
        let req = VersionReq::parse(req).unwrap();
        npm_range(range).unwrap().iter().all(|r| range_within(r, &req))
    }

    #[test]
    fn npm_ranges_read_like_npm() {
        assert!(within("1.3.25", "<1.3.26"), "a bare version is exact");
        assert!(!within("^1.3.0", "<1.3.26"), "a caret range reaches the fix");
        assert!(within("~1.2.0", "<1.3.26"));
        assert!(within(">= 1.4.0 < 2", ">=1.4.0"));
        assert!(!within(">=1.3.0 <1.5.0", ">=1.4.0"));
        assert!(within("1.4.0 - 1.6", ">=1.4.0"));
        assert!(!within("*", ">=1.4.0"));
        assert!(!within("1.3.x", "<1.3.26"));
        assert!(within("1.3.x", "<1.4.0"));
        assert!(within("^1.4.2 || ^1.5.0", ">=1.4.0"));
        assert!(!within("^1.3.0 || ^1.5.0", ">=1.4.0"));
        assert!(within("v1.7.2", ">=1.7.0"));
        for unknown in ["latest", "workspace:*", "npm:better-auth@1", "github:x/y", "file:../x"] {
            assert!(npm_range(unknown).is_none(), "{unknown}");
        }
    }

    #[test]
    fn the_manifest_line_is_the_dependency_not_a_mention() {
        let text = "{\n  \"description\": \"uses \\\"better-auth\\\"\",\n  \"dependencies\": { \"better-auth\": \"^1.3.0\" }\n}\n";
        assert_eq!(manifest_line(text, "better-auth"), 3);
        assert_eq!(manifest_line("{\"dependencies\":{\"better-auth\":\"1.3.25\"}}", "better-auth"), 1);
    }

    #[test]
    fn lockfiles_give_resolved_versions() {
        let npm = "{\n  \"packages\": {\n    \"\": {\n      \"dependencies\": {\n        \"better-auth\": \"^1.3.0\"\n      }\n    },\n    \"node_modules/better-auth\": {\n      \"version\": \"1.3.25\",\n      \"resolved\": \"x\"\n    },\n    \"node_modules/@better-auth/core\": {\n      \"version\": \"1.3.25\"\n    }\n  }\n}\n";
        assert_eq!(lock_versions("package-lock.json", npm, "better-auth"), vec![(8, Version::new(1, 3, 25))]);
        let pnpm = "importers:\n  .:\n    dependencies:\n      better-auth:\n        specifier: ^1.4.0\n        version: 1.4.2(react@19.0.0)\npackages:\n  better-auth@1.4.2:\n    resolution: {}\n  '@better-auth/core@1.4.2':\n    resolution: {}\n";
        assert_eq!(lock_versions("pnpm-lock.yaml", pnpm, "better-auth"), vec![(8, Version::new(1, 4, 2))]);
        assert_eq!(
            lock_versions("pnpm-lock.yaml", "/better-auth/1.3.4:\n", "better-auth"),
            vec![(1, Version::new(1, 3, 4))]
        );
        let yarn = "\"@better-auth/core@^1.3.0\":\n  version \"1.3.9\"\n\nbetter-auth@^1.3.0, better-auth@^1.3.2:\n  version \"1.3.9\"\n";
        assert_eq!(lock_versions("yarn.lock", yarn, "better-auth"), vec![(4, Version::new(1, 3, 9))]);
        let berry = "\"better-auth@npm:^1.5.0\":\n  version: 1.5.3\n  resolution: \"better-auth@npm:1.5.3\"\n";
        assert_eq!(lock_versions("yarn.lock", berry, "better-auth"), vec![(1, Version::new(1, 5, 3))]);
        let bun = "  \"packages\": {\n    \"@better-auth/core\": [\"@better-auth/core@1.7.2\", \"\"],\n    \"better-auth\": [\"better-auth@1.7.2\", \"\", {}],\n";
        assert_eq!(lock_versions("bun.lock", bun, "better-auth"), vec![(3, Version::new(1, 7, 2))]);
    }

    #[test]
    fn the_advisory_table_parses_and_its_ranges_are_ranges() {
        let table = advisories();
        assert!(!table.is_empty());
        for a in table {
            let affected = VersionReq::parse(&a.affected).unwrap();
            let fixed = Version::parse(&a.fixed).unwrap();
            assert!(!affected.matches(&fixed), "{}: the fixed version is outside the affected range", a.id);
            assert!(a.id.starts_with("GHSA-") && !a.what.is_empty());
        }
    }
}
