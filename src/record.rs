//! `.authgen/base.json`: what authgen generated last time, so a later run
//! can merge three ways (what authgen wrote, the user's file, the new
//! rendering) and tell an env value it set from one the user changed.
//! Meant to be committed; it never holds a secret value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::detect::Tree;
use crate::error::{Error, Result};
use crate::outputs::{Content, Plan};

pub const RECORD_FILE: &str = ".authgen/base.json";
const VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub version: u32,
    /// The authgen version that wrote it.
    pub authgen: String,
    /// Generated files as authgen rendered them, by path.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Non-secret env values authgen set, by env file then key.
    #[serde(default)]
    pub env: BTreeMap<String, BTreeMap<String, String>>,
}

impl Record {
    /// The record of this plan: its generated files and its non-secret env values.
    pub fn of(plan: &Plan) -> Record {
        let mut record =
            Record { version: VERSION, authgen: env!("CARGO_PKG_VERSION").to_string(), ..Record::default() };
        for output in &plan.outputs {
            match &output.content {
                Content::Generated(text) => {
                    record.files.insert(output.path.clone(), text.clone());
                }
                Content::Env { entries, .. } => {
                    let values: BTreeMap<String, String> =
                        entries.iter().filter(|e| !e.secret).map(|e| (e.key.clone(), e.value.clone())).collect();
                    if !values.is_empty() {
                        record.env.insert(output.path.clone(), values);
                    }
                }
                _ => {}
            }
        }
        record
    }

    pub fn render(&self) -> String {
        serde_json::to_string_pretty(self).expect("the record serializes") + "\n"
    }

    /// The recorded base, if the repository has one.
    pub fn load(tree: &dyn Tree) -> Result<Option<Record>> {
        let Some(text) = tree.read(RECORD_FILE)? else { return Ok(None) };
        let record: Record = serde_json::from_str(&text).map_err(|e| {
            Error::usage(format!(
                "{RECORD_FILE}: not a record authgen can read ({e}); restore it from git or delete it"
            ))
        })?;
        if record.version > VERSION {
            return Err(Error::usage(format!(
                "{RECORD_FILE} was written by a newer authgen ({}); upgrade authgen",
                record.authgen
            )));
        }
        Ok(Some(record))
    }
}

/// Three-way merge of a generated file: `base` (what authgen wrote last
/// time), `ours` (the file now), `theirs` (the new rendering). `Err` holds
/// the 1-based line ranges of `ours` that overlap the template's change.
pub fn merge(base: &str, ours: &str, theirs: &str) -> std::result::Result<String, Vec<(usize, usize)>> {
    match diffy::merge(base, ours, theirs) {
        Ok(merged) => Ok(merged),
        Err(conflicted) => Err(conflict_ranges(&conflicted)),
    }
}

/// Line ranges (in the conflicted text) between `<<<<<<<` and `>>>>>>>` markers.
fn conflict_ranges(conflicted: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = None;
    for (i, line) in conflicted.lines().enumerate() {
        if line.starts_with("<<<<<<<") {
            start = Some(i + 1);
        } else if line.starts_with(">>>>>>>")
            && let Some(s) = start.take()
        {
            ranges.push((s, i + 1));
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apart_merge_and_edits_on_the_same_lines_do_not() {
        let base = "a\nb\nc\nd\ne\nf\n";
        let ours = "a\nb\nc\nd\ne\nf\n// mine\n";
        let theirs = "a\nB\nc\nd\ne\nf\n";
        assert_eq!(merge(base, ours, theirs).unwrap(), "a\nB\nc\nd\ne\nf\n// mine\n");
        let ours = "a\nmine\nc\nd\ne\nf\n";
        let ranges = merge(base, ours, theirs).unwrap_err();
        assert_eq!(ranges.len(), 1);
    }
}
