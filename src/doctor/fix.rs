//! Fixes: what `authgen doctor --fix` changes for a finding, as edits of a
//! file's text (byte ranges with their lines and columns, so editors and
//! agents can apply them from `--json`) or a rename. Each rule that has a fix
//! declares it in its own file next to the check, built with the syntax-tree
//! edit engine (`crate::edit`).

use serde::Serialize;

use super::model::Model;
use super::rules::Hit;

/// Whether a fix is applied by `--fix` alone or only with `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Changes only what the finding is about.
    Safe,
    /// Changes behaviour beyond the finding (the user should review it).
    Unsafe,
}

/// A rule's fix: how safe it is and how to build it for one hit.
pub struct Autofix {
    pub safety: Safety,
    /// One line for `--list` and `--explain`: what the fix does.
    pub summary: &'static str,
    /// The fix for a hit, `None` when this occurrence's shape is not one the
    /// fix handles (the finding is then reported without a fix).
    pub build: fn(&Model, &Hit) -> Option<Fix>,
}

/// One finding's fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub safety: Safety,
    /// Edits of file contents; ranges refer to the file as it is on disk.
    pub edits: Vec<TextEdit>,
    /// A file to move (`middleware.ts` to `proxy.ts`), after the edits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rename: Option<Rename>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    /// Relative to the repository root.
    pub file: String,
    /// Byte offsets into the file.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in bytes) of `start` and `end`.
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rename {
    pub from: String,
    pub to: String,
}

impl TextEdit {
    /// The edit replacing `start..end` of `text` (the file `file`).
    pub fn new(file: &str, text: &str, start: usize, end: usize, replacement: impl Into<String>) -> TextEdit {
        let (start_line, start_column) = position(text, start);
        let (end_line, end_column) = position(text, end);
        TextEdit {
            file: file.to_string(),
            start,
            end,
            start_line,
            start_column,
            end_line,
            end_column,
            replacement: replacement.into(),
        }
    }
}

/// 1-based line and column of byte `at`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..at.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

impl Fix {
    /// A fix of one file from the edit engine's splices.
    pub fn splices(safety: Safety, file: &str, text: &str, splices: Vec<crate::edit::Splice>) -> Option<Fix> {
        if splices.is_empty() {
            return None;
        }
        let edits = splices.into_iter().map(|(s, e, r)| TextEdit::new(file, text, s, e, r)).collect();
        Some(Fix { safety, edits, rename: None })
    }
}

/// `text` with the edits applied, `None` when two of them overlap.
pub fn apply_edits(text: &str, edits: &[&TextEdit]) -> Option<String> {
    let mut sorted: Vec<&&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    if sorted.windows(2).any(|w| w[0].end > w[1].start) || sorted.iter().any(|e| e.end > text.len()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_carry_lines_and_columns_and_overlaps_are_refused() {
        let text = "ab\ncdef\n";
        let e = TextEdit::new("f.ts", text, 4, 6, "X");
        assert_eq!((e.start_line, e.start_column, e.end_line, e.end_column), (2, 2, 2, 4));
        let f = TextEdit::new("f.ts", text, 0, 1, "Y");
        assert_eq!(apply_edits(text, &[&e, &f]).unwrap(), "Yb\ncXf\n");
        let overlapping = TextEdit::new("f.ts", text, 5, 7, "Z");
        assert_eq!(apply_edits(text, &[&e, &overlapping]), None);
        // Across fixes: the later one is left for the next run, and said so.
        let fix = |edit: &TextEdit| Fix { safety: Safety::Safe, edits: vec![edit.clone()], rename: None };
        let (first, second) = (fix(&e), fix(&overlapping));
        let applied = apply_all(&[&first, &second], &|_| Some(text.to_string()));
        assert_eq!(applied.fixed, vec![0]);
        assert_eq!(applied.files["f.ts"], "ab\ncXf\n");
        assert_eq!(applied.skipped, vec![("f.ts".to_string(), "overlaps another fix: run --fix again".to_string())]);
    }
}

/// The text of a file doctor read (code or env file), for building a fix.
pub fn text_of<'m>(model: &'m Model, path: &str) -> Option<&'m str> {
    let project = &model.project;
    project
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.text.as_str())
        .or_else(|| project.envs.iter().find(|e| e.path == path).map(|e| e.text.as_str()))
}

/// What applying a set of fixes gives: each changed file's new text (under
/// its new name after a rename), the files to remove, and the fixes left out.
#[derive(Debug, Default)]
pub struct Applied {
    pub files: std::collections::BTreeMap<String, String>,
    pub removed: Vec<String>,
    /// (from, to) of each rename: `from` is in `removed`, `to` in `files`.
    pub renamed: Vec<(String, String)>,
    /// (file, why): fixes not applied.
    pub skipped: Vec<(String, String)>,
    /// Indices (into the fixes given) of the fixes applied.
    pub fixed: Vec<usize>,
}

/// Applies `fixes` to the files `read` gives (by path). Edits that overlap an
/// earlier fix's are left for the next run; a code file that does not parse
/// before or after is left untouched.
pub fn apply_all(fixes: &[&Fix], read: &dyn Fn(&str) -> Option<String>) -> Applied {
    let mut applied = Applied::default();
    let mut by_file: std::collections::BTreeMap<String, Vec<&TextEdit>> = Default::default();
    let mut renames: Vec<&Rename> = Vec::new();
    let mut taken: Vec<usize> = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        // An insertion (start == end) overlaps anything at its position.
        let span = |e: &TextEdit| (e.start, e.end.max(e.start + 1));
        let overlaps = fix.edits.iter().any(|e| {
            let (s, end) = span(e);
            by_file.get(&e.file).is_some_and(|taken| {
                taken.iter().any(|t| {
                    let (ts, te) = span(t);
                    s < te && ts < end
                })
            })
        });
        if overlaps {
            let file = fix.edits.first().map_or_else(String::new, |e| e.file.clone());
            applied.skipped.push((file, "overlaps another fix: run --fix again".into()));
            continue;
        }
        for edit in &fix.edits {
            by_file.entry(edit.file.clone()).or_default().push(edit);
        }
        renames.extend(fix.rename.as_ref());
        taken.push(i);
    }
    for (file, edits) in by_file {
        let Some(text) = read(&file) else {
            applied.skipped.push((file, "the file could not be read".into()));
            continue;
        };
        let code = crate::edit::Source::parse(&file, "").is_ok();
        if code && !crate::edit::parses(&file, &text) {
            applied.skipped.push((file, "the file does not parse; fix it by hand".into()));
            continue;
        }
        match apply_edits(&text, &edits) {
            Some(new) if code && !crate::edit::parses(&file, &new) => {
                applied.skipped.push((file, "the fixed file would not parse".into()));
            }
            Some(new) => {
                applied.files.insert(file, new);
            }
            None => applied.skipped.push((file, "overlapping edits".into())),
        }
    }
    let failed: Vec<String> = applied.skipped.iter().map(|(f, _)| f.clone()).collect();
    applied.fixed = taken
        .into_iter()
        .filter(|i| fixes[*i].edits.iter().all(|e| !failed.contains(&e.file) || applied.files.contains_key(&e.file)))
        .collect();
    for rename in renames {
        if applied.skipped.iter().any(|(f, _)| *f == rename.from) {
            continue;
        }
        let text = match applied.files.remove(&rename.from) {
            Some(text) => text,
            None => match read(&rename.from) {
                Some(text) => text,
                None => continue,
            },
        };
        if read(&rename.to).is_some() || applied.files.contains_key(&rename.to) {
            applied.skipped.push((rename.from.clone(), format!("{} exists already", rename.to)));
            continue;
        }
        applied.files.insert(rename.to.clone(), text);
        applied.removed.push(rename.from.clone());
        applied.renamed.push((rename.from.clone(), rename.to.clone()));
    }
    applied
}
