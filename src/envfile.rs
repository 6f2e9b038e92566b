//! Env files and .gitignore, merged line by line: what is there stays exactly
//! as it is (keys, values, comments, order); only what is missing is appended,
//! and a value authgen itself wrote last time follows a changed answer.

use serde::Serialize;

use crate::error::{Error, Result};

/// The UTF-8 byte-order mark some Windows editors put first.
const BOM: &str = "\u{feff}";

/// One variable authgen wants in an env file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub key: String,
    pub value: String,
    /// Masked wherever it is shown.
    pub secret: bool,
    /// Comment lines written above the key when it is added.
    pub comment: std::borrow::Cow<'static, str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyAction {
    /// Appended by this run.
    Add,
    /// Already in the file: left exactly as it was.
    Keep,
    /// Set by another env file of the same folder (named in `file`): not
    /// added here, where it would shadow that value.
    Elsewhere,
    /// Still the value authgen wrote last time, replaced by the new answer's.
    Update,
    /// The answer changed, but the user had changed this value: kept.
    Yours,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyStatus {
    pub key: String,
    pub action: KeyAction,
    pub secret: bool,
    /// The value authgen adds, `None` for secrets and kept keys (never shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For `Elsewhere`: the env file that sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// The keys defined in an env file, in order. `label` names the file in errors.
pub fn keys(label: &str, text: &str) -> Result<Vec<String>> {
    Ok(parse(label, text)?.into_iter().map(|(key, _)| key).collect())
}

/// The variables of an env file, the last definition of a key winning.
pub fn values(label: &str, text: &str) -> Result<std::collections::BTreeMap<String, String>> {
    Ok(parse(label, text)?.into_iter().collect())
}

/// The (key, value) pairs of an env file, in order.
pub fn pairs(label: &str, text: &str) -> Result<Vec<(String, String)>> {
    parse(label, text)
}

/// Like `pairs`, for env files authgen only reads: a line it cannot parse is
/// skipped, as dotenv skips it, instead of failing the run.
pub fn pairs_lenient(label: &str, text: &str) -> Vec<(String, String)> {
    parse(label, text).unwrap_or_else(|_| text.lines().filter_map(|line| parse(label, line).ok()).flatten().collect())
}

/// (key, value) pairs in order: quotes removed, `\n` expanded in double quotes,
/// inline ` # comments` dropped from unquoted values.
fn parse(label: &str, text: &str) -> Result<Vec<(String, String)>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
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
/// `elsewhere` holds (key, file) pairs set by other env files of the folder.
pub fn merge(
    label: &str,
    existing: Option<&str>,
    entries: &[EnvEntry],
    elsewhere: &[(String, String)],
    recorded: Option<&std::collections::BTreeMap<String, String>>,
) -> Result<(String, Vec<KeyStatus>)> {
    // A UTF-8 byte-order mark stays where it is, ahead of the merged text.
    let bom = if existing.is_some_and(|t| t.starts_with(BOM)) { BOM } else { "" };
    let existing = existing.map(|t| t.strip_prefix(BOM).unwrap_or(t));
    let current = match existing {
        Some(text) => values(label, text)?,
        None => Default::default(),
    };
    let mut text = existing.unwrap_or_default().to_string();
    let mut statuses = Vec::new();
    let mut added_any = false;
    for entry in entries {
        let status = |action, value: Option<String>, file: Option<String>| KeyStatus {
            key: entry.key.clone(),
            action,
            secret: entry.secret,
            value,
            file,
        };
        if let Some(now) = current.get(&entry.key) {
            let wrote = recorded.and_then(|r| r.get(&entry.key));
            // Secrets are never regenerated; a value equal to the answer needs nothing.
            let action = if entry.secret || *now == entry.value {
                KeyAction::Keep
            } else if wrote == Some(now) {
                text = replace_value(&text, &entry.key, &entry.value);
                KeyAction::Update
            } else if wrote.is_some_and(|w| *w != entry.value) {
                KeyAction::Yours
            } else {
                KeyAction::Keep
            };
            let shown = (action == KeyAction::Update).then(|| entry.value.clone());
            statuses.push(status(action, shown, None));
            continue;
        }
        if let Some((_, file)) = elsewhere.iter().find(|(key, _)| *key == entry.key) {
            statuses.push(status(KeyAction::Elsewhere, None, Some(file.clone())));
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
        text.push_str(&entry.key);
        text.push('=');
        text.push_str(&quote_value(&entry.value));
        text.push('\n');
        statuses.push(status(KeyAction::Add, (!entry.secret).then(|| entry.value.clone()), None));
    }
    Ok((format!("{bom}{text}"), statuses))
}

/// `text` with the value of every line defining `key` replaced (an
/// `export ` prefix and everything else kept).
fn replace_value(text: &str, key: &str, value: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = &body[..body.len() - body.trim_start().len()];
        let rest = body.trim_start();
        let (export, rest) = rest.strip_prefix("export ").map_or(("", rest), |r| ("export ", r));
        if rest.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')) {
            out.push_str(&format!("{indent}{export}{key}={}", quote_value(value)));
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

fn quote_value(value: &str) -> String {
    let plain = value.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:/@?&=%+,".contains(c));
    if plain { value.to_string() } else { format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")) }
}

/// One .gitignore: its folder ("" for the repository root) and text.
pub struct IgnoreFile {
    pub folder: String,
    pub text: Option<String>,
}

/// What to append to the .gitignore files so that every path in `ignore` is
/// ignored and no path in `keep` is, judged with git's own rules (a deeper
/// file wins over a shallower one). `files[0]` is the root .gitignore; it
/// gets the ignore lines. A kept path goes to the file whose rule hides it.
/// Returns the new text of each file that changes, by index into `files`.
pub fn ignore_edits(files: &[IgnoreFile], ignore: &[String], keep: &[String]) -> Result<Vec<(usize, String)>> {
    use ignore::gitignore::GitignoreBuilder;
    let root = std::path::Path::new("/repo");
    let mut matchers = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let mut builder = GitignoreBuilder::new(root.join(&file.folder));
        for line in file.text.as_deref().unwrap_or_default().lines() {
            // A line git cannot parse is ignored by git too.
            let _ = builder.add_line(None, line);
        }
        matchers.push((index, builder.build().map_err(|e| Error::Other(e.into()))?));
    }
    // Each .gitignore speaks only for the paths inside its own folder: asking
    // it about any other path is meaningless (and the matcher refuses it).
    let inside = |index: usize, path: &str| std::path::Path::new(path).starts_with(&files[index].folder);
    fn decision<'a>(m: &'a ignore::gitignore::Gitignore, path: &str) -> ignore::Match<&'a ignore::gitignore::Glob> {
        m.matched_path_or_any_parents(std::path::Path::new("/repo").join(path), path.ends_with('/'))
    }
    let mut added: Vec<Vec<String>> = vec![Vec::new(); files.len()];
    for path in ignore {
        let ignored = matchers.iter().any(|(i, m)| inside(*i, path) && decision(m, path).is_ignore());
        if !ignored && !added[0].contains(path) {
            added[0].push(path.clone());
        }
    }
    for path in keep {
        let mut deepest: Vec<&(usize, ignore::gitignore::Gitignore)> =
            matchers.iter().filter(|(i, _)| inside(*i, path)).collect();
        deepest.sort_by_key(|(i, _)| std::cmp::Reverse(files[*i].folder.len()));
        for (index, m) in deepest {
            match decision(m, path) {
                ignore::Match::Ignore(_) => {
                    let rel = std::path::Path::new(path).strip_prefix(&files[*index].folder).unwrap_or(path.as_ref());
                    added[*index].push(format!("!{}", rel.to_string_lossy()));
                    break;
                }
                ignore::Match::Whitelist(_) => break,
                ignore::Match::None => {}
            }
        }
    }
    Ok(added
        .into_iter()
        .enumerate()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(index, lines)| (index, append_ignore_lines(files[index].text.as_deref(), &lines)))
        .collect())
}

fn append_ignore_lines(existing: Option<&str>, lines: &[String]) -> String {
    let mut text = existing.unwrap_or_default().to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let (ignores, keeps): (Vec<&String>, Vec<&String>) = lines.iter().partition(|l| !l.starts_with('!'));
    for (group, header) in [
        (ignores, "# authgen: local files that must never be committed"),
        (keeps, "# authgen: example env files, meant to be committed"),
    ] {
        if group.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(header);
        text.push('\n');
        for line in group {
            if let Some(rest) = line.strip_prefix('!') {
                text.push_str("!/");
                text.push_str(rest);
            } else {
                text.push('/');
                text.push_str(line);
            }
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &'static str, value: &str) -> EnvEntry {
        EnvEntry { key: key.into(), value: value.into(), secret: false, comment: "".into() }
    }

    #[test]
    fn merge_keeps_existing_lines_and_appends_missing_keys() {
        let existing = "# mine\nBETTER_AUTH_URL=https://prod.example.com\nOTHER=\"a\nb\"";
        let (text, statuses) = merge(
            ".env",
            Some(existing),
            &[entry("BETTER_AUTH_URL", "http://localhost:3000"), entry("NEW", "1")],
            &[],
            None,
        )
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
        let lenient = pairs_lenient(".env.example", "```dotenv\nA=1\nB=\"open\nC=3\n");
        assert_eq!(lenient, [("A".to_string(), "1".to_string()), ("C".into(), "3".into())]);
    }

    fn files(list: &[(&str, Option<&str>)]) -> Vec<IgnoreFile> {
        list.iter()
            .map(|(folder, text)| IgnoreFile { folder: folder.to_string(), text: text.map(str::to_string) })
            .collect()
    }

    #[test]
    fn gitignore_uses_git_rules() {
        let edits = ignore_edits(
            &files(&[("", Some("node_modules\n.env*\n"))]),
            &["web/.env.local".into(), "api/x.db".into()],
            &[],
        )
        .unwrap();
        assert_eq!(edits.len(), 1);
        assert!(edits[0].1.ends_with("/api/x.db\n") && !edits[0].1.contains("/web/.env.local"));
        let edits =
            ignore_edits(&files(&[("", None), ("web", Some(".env*.local\n"))]), &["web/.env.local".into()], &[])
                .unwrap();
        assert!(edits.is_empty());
    }

    #[test]
    fn a_nested_gitignore_is_asked_only_about_its_own_folder() {
        // create-next-app's web/.gitignore beside a backend in api/.
        let list =
            files(&[("", Some("node_modules\n")), ("web", Some(".env*\n/node_modules\n")), ("web/sub", Some("*\n"))]);
        let paths = ["web/.env.local".to_string(), "api/.env".into(), ".authgen/".into(), "webby/.env".into()];
        let edits = ignore_edits(&list, &paths, &[]).unwrap();
        assert_eq!(edits.len(), 1);
        assert!(edits[0].1.ends_with("/api/.env\n/.authgen/\n/webby/.env\n"), "{}", edits[0].1);
    }

    #[test]
    fn an_example_hidden_by_a_rule_is_kept_by_the_file_that_hides_it() {
        let list = files(&[("", Some(".env*\n")), ("web", Some(".env*\n"))]);
        let keep = ["web/.env.example".to_string(), "api/.env.example".into()];
        let edits = ignore_edits(&list, &[], &keep).unwrap();
        let root = &edits.iter().find(|(i, _)| *i == 0).unwrap().1;
        let web = &edits.iter().find(|(i, _)| *i == 1).unwrap().1;
        assert!(root.ends_with("!/api/.env.example\n"), "{root}");
        assert!(web.ends_with("!/.env.example\n"), "{web}");
        // Already kept: nothing to add.
        let list = files(&[("", Some(".env*\n!.env.example\n"))]);
        assert!(ignore_edits(&list, &[], &["api/.env.example".into()]).unwrap().is_empty());
    }
}
