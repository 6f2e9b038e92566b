//! The registry of doctor's rules. Each family file declares its rules: a
//! stable id, a severity, a one-paragraph doc (what, why it breaks, the fix),
//! and invalid/valid examples that the tests below run. Examples are small
//! projects written as `//- path` sections (see `Project::from_example`).

mod client;
mod config;
mod cors;
mod database;
mod express;
mod logging;
mod secret;
mod urls;
mod verify;

pub use urls::jwks_path;
pub use verify::allowed_algs;

use super::model::Model;
use super::{Finding, Severity};

pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line, for lists.
    pub summary: &'static str,
    /// What the rule finds, why it breaks, and the fix.
    pub doc: &'static str,
    /// The fix, one line, shown with each finding.
    pub fix: &'static str,
    pub invalid: &'static [&'static str],
    pub valid: &'static [&'static str],
    pub check: fn(&Model) -> Vec<Hit>,
}

/// One mistake a rule found.
pub struct Hit {
    pub file: Option<String>,
    pub line: usize,
    pub message: String,
    /// Overrides the rule's severity (e.g. `info` when an example covers it).
    pub severity: Option<Severity>,
}

impl Hit {
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Hit {
        Hit { file: Some(file.to_string()), line, message: message.into(), severity: None }
    }

    pub fn severity(mut self, severity: Severity) -> Hit {
        self.severity = Some(severity);
        self
    }
}

/// Every rule, in the order findings are listed.
pub fn registry() -> Vec<&'static Rule> {
    let families: [&[&'static Rule]; 9] = [
        config::RULES,
        client::RULES,
        secret::RULES,
        verify::RULES,
        urls::RULES,
        cors::RULES,
        express::RULES,
        logging::RULES,
        database::RULES,
    ];
    families.into_iter().flatten().copied().collect()
}

pub fn find(id: &str) -> Option<&'static Rule> {
    registry().into_iter().find(|r| r.id == id)
}

/// Runs `rule` on the model: one finding per distinct (file, message).
pub fn run(rule: &Rule, model: &Model) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for hit in (rule.check)(model) {
        let finding = Finding {
            id: rule.id,
            severity: hit.severity.unwrap_or(rule.severity),
            file: hit.file,
            line: Some(hit.line).filter(|l| *l > 0),
            message: hit.message,
            fix: rule.fix.to_string(),
        };
        // One finding per mistake: the same message in the same file is the
        // same mistake repeated, reported at its first line.
        if !out.iter().any(|f| f.file == finding.file && f.message == finding.message) {
            out.push(finding);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::project::Project;
    use super::*;

    fn hits(rule: &Rule, example: &str) -> Vec<Finding> {
        let project = Project::from_example(example);
        run(rule, &Model::build(&project))
    }

    #[test]
    fn every_rule_finds_its_invalid_examples_and_passes_its_valid_ones() {
        let mut failures = Vec::new();
        for rule in registry() {
            for (i, example) in rule.invalid.iter().enumerate() {
                if hits(rule, example).is_empty() {
                    failures.push(format!("{}: invalid example {} gives no finding", rule.id, i + 1));
                }
            }
            for (i, example) in rule.valid.iter().enumerate() {
                let found = hits(rule, example);
                if !found.is_empty() {
                    failures.push(format!("{}: valid example {} gives {:?}", rule.id, i + 1, found));
                }
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn ids_are_unique_and_every_rule_is_documented_with_examples() {
        let rules = registry();
        let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), rules.len(), "duplicate rule ids");
        for rule in rules {
            assert!(!rule.invalid.is_empty() && !rule.valid.is_empty(), "{} needs examples", rule.id);
            assert!(rule.doc.len() > 80 && !rule.summary.is_empty() && !rule.fix.is_empty(), "{} needs docs", rule.id);
            assert!(rule.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", rule.id);
        }
    }
}
