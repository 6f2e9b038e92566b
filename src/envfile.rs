//! Env files and .gitignore, merged line by line: what is there stays exactly
//! as it is (keys, values, comments, order); only what is missing is appended.

use serde::Serialize;

use crate::error::{Error, Result};

/// One variable authgen wants in an env file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub key: &'static str,
    pub value: String,
    /// Masked wherever it is shown.
    pub secret: bool,
    /// Comment lines written above the key when it is added.
    pub comment: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyAction {
    /// Appended by this run.
    Add,
    /// Already in the file: left exactly as it was.
    Keep,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyStatus {
    pub key: &'static str,
    pub action: KeyAction,
    pub secret: bool,
    /// The value authgen adds, `None` for secrets and kept keys (never shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// The keys defined in an env file, in order. `label` names the file in errors.
pub fn keys(label: &str, text: &str) -> Result<Vec<String>> {
    Ok(parse(label, text)?.into_iter().map(|(key, _)| key).collect())
}

/// The variables of an env file, the last definition of a key winning.
pub fn values(label: &str, text: &str) -> Result<std::collections::BTreeMap<String, String>> {
    Ok(parse(label, text)?.into_iter().collect())
}

/// (key, value) pairs in order: quotes removed, `\n` expanded in double quotes,
/// inline ` # comments` dropped from unquoted values.
fn parse(label: &str, text: &str) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let bad = |why: &str| Error::usage(format!("{label}:{}: {why}; fix the line and rerun", index + 1));
        let body = trimmed.strip_prefix("export ").unwrap_or(trimmed).trim_start();
        let Some((key, value)) = body.split_once('=') else {
            return Err(bad("expected KEY=value"));
        };
        let key = key.trim_end();
        let valid_key = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !valid_key {
            return Err(bad("not a valid variable name before `=`"));
        }
        let value = value.trim_start();
        let value = match value.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) {
            Some(quote) => {
                // A quoted value may span lines until its closing quote.
                let mut rest = value[1..].to_string();
                while !closes(&rest, quote) {
                    match lines.next() {
                        Some((_, next)) => {
                            rest.push('\n');
                            rest.push_str(next);
                        }
                        None => return Err(bad(&format!("the value's {quote} quote is never closed"))),
                    }
                }
                unquote(&rest, quote)
            }
            None => value.split(" #").next().unwrap_or_default().trim_end().to_string(),
        };
        pairs.push((key.to_string(), value));
    }
    Ok(pairs)
}

/// The text of a quoted value up to its closing quote.
fn unquote(rest: &str, quote: char) -> String {
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quote == '"' => match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            },
            c if c == quote => break,
            c => out.push(c),
        }
    }
    out
}

/// Whether `rest` (a value after its opening quote) contains the closing quote.
fn closes(rest: &str, quote: char) -> bool {
    let mut escaped = false;
    for c in rest.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return true;
        }
    }
    false
}

/// The merged file and what happened to each wanted key.
pub fn merge(label: &str, existing: Option<&str>, entries: &[EnvEntry]) -> Result<(String, Vec<KeyStatus>)> {
    let present = match existing {
        Some(text) => keys(label, text)?,
        None => Vec::new(),
    };
    let mut text = existing.unwrap_or_default().to_string();
    let mut statuses = Vec::new();
    let mut added_any = false;
    for entry in entries {
        if present.iter().any(|k| k == entry.key) {
            statuses.push(KeyStatus { key: entry.key, action: KeyAction::Keep, secret: entry.secret, value: None });
            continue;
        }
        if !added_any {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            if !text.trim().is_empty() {
                text.push('\n');
            }
            added_any = true;
        }
        for line in entry.comment.lines() {
            text.push_str("# ");
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(entry.key);
        text.push('=');
        text.push_str(&quote_value(&entry.value));
        text.push('\n');
        statuses.push(KeyStatus {
            key: entry.key,
            action: KeyAction::Add,
            secret: entry.secret,
            value: (!entry.secret).then(|| entry.value.clone()),
        });
    }
    Ok((text, statuses))
}

fn quote_value(value: &str) -> String {
    let plain = value.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/@?&=%+,".contains(c));
    if plain { value.to_string() } else { format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")) }
}

/// Appends to a .gitignore the paths (relative to its folder) it does not
/// ignore yet, judged with git's own rules; `extra` holds other .gitignore
/// texts that also apply (e.g. one inside the app folder, with its prefix).
pub fn ignore_paths(existing: Option<&str>, extra: &[(&str, &str)], paths: &[String]) -> Result<(String, Vec<String>)> {
    use ignore::gitignore::GitignoreBuilder;
    let root = std::path::Path::new("/repo");
    let build = |text: &str, prefix: &str| {
        let mut builder = GitignoreBuilder::new(root.join(prefix));
        for line in text.lines() {
            // A line git cannot parse is ignored by git too.
            let _ = builder.add_line(None, line);
        }
        builder.build().map_err(|e| Error::Other(e.into()))
    };
    // Each .gitignore speaks only for the paths inside its own folder: asking it
    // about any other path is meaningless (and the matcher refuses it).
    let mut matchers = vec![(String::new(), build(existing.unwrap_or_default(), "")?)];
    for (prefix, text) in extra {
        matchers.push((prefix.to_string(), build(text, prefix)?));
    }
    let mut text = existing.unwrap_or_default().to_string();
    let mut added = Vec::new();
    for path in paths {
        let full = root.join(path);
        let ignored = matchers.iter().any(|(prefix, m)| {
            std::path::Path::new(path.as_str()).starts_with(prefix)
                && m.matched_path_or_any_parents(&full, path.ends_with('/')).is_ignore()
        });
        if ignored || added.contains(path) {
            continue;
        }
        if added.is_empty() {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str("# authgen: local files that must never be committed\n");
        }
        text.push('/');
        text.push_str(path);
        text.push('\n');
        added.push(path.clone());
    }
    Ok((text, added))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &'static str, value: &str) -> EnvEntry {
        EnvEntry { key, value: value.into(), secret: false, comment: "" }
    }

    #[test]
    fn merge_keeps_existing_lines_and_appends_missing_keys() {
        let existing = "# mine\nBETTER_AUTH_URL=https://prod.example.com\nOTHER=\"a\nb\"";
        let (text, statuses) =
            merge(".env", Some(existing), &[entry("BETTER_AUTH_URL", "http://localhost:3000"), entry("NEW", "1")])
                .unwrap();
        assert_eq!(text, format!("{existing}\n\nNEW=1\n"));
        assert_eq!(statuses[0].action, KeyAction::Keep);
        assert_eq!(statuses[1].action, KeyAction::Add);
    }

    #[test]
    fn broken_env_lines_are_reported_with_their_line() {
        let err = keys("web/.env.local", "A=1\nnot a pair\n").unwrap_err();
        assert_eq!(err.to_string(), "web/.env.local:2: expected KEY=value; fix the line and rerun");
        assert!(keys(".env", "A=\"open\n").is_err());
        assert_eq!(keys(".env", "export A=1\nB='x=y'\n").unwrap(), ["A", "B"]);
        let parsed = values(".env", "A=1 # note\nB=\"two\\nlines\"\nC='x=y'\nA=3\n").unwrap();
        assert_eq!(parsed["A"], "3");
        assert_eq!(parsed["B"], "two\nlines");
        assert_eq!(parsed["C"], "x=y");
    }

    #[test]
    fn gitignore_uses_git_rules() {
        let (text, added) =
            ignore_paths(Some("node_modules\n.env*\n"), &[], &["web/.env.local".into(), "api/x.db".into()]).unwrap();
        assert_eq!(added, ["api/x.db"]);
        assert!(text.ends_with("/api/x.db\n"));
        let (_, added) = ignore_paths(None, &[("web", ".env*.local\n")], &["web/.env.local".into()]).unwrap();
        assert!(added.is_empty());
    }

    #[test]
    fn a_nested_gitignore_is_asked_only_about_its_own_folder() {
        // create-next-app's web/.gitignore beside a backend in api/.
        let nested = [("web", ".env*\n/node_modules\n"), ("web/sub", "*\n")];
        let paths = ["web/.env.local".to_string(), "api/.env".into(), ".authgen/".into(), "webby/.env".into()];
        let (text, added) = ignore_paths(Some("node_modules\n"), &nested, &paths).unwrap();
        assert_eq!(added, ["api/.env", ".authgen/", "webby/.env"]);
        assert!(text.contains("/api/.env\n/.authgen/\n"));
    }
}
