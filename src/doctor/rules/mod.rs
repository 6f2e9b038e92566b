//! The registry of doctor's rules. Each rule is one file, `<family>/<id>.rs`:
//! a stable id, a severity, a one-paragraph doc (what, why it breaks, the
//! fix), invalid and valid examples, and the test that runs them. The family's
//! `mod.rs` holds what its rules share and lists them. Examples are small
//! projects written as `//- path` sections (see `Project::from_example`).

/// The test every rule file ends with: each invalid example gives a finding,
/// each valid one gives none.
macro_rules! examples_test {
    ($rule:ident) => {
        #[cfg(test)]
        mod tests {
            #[test]
            fn invalid_examples_are_found_and_valid_ones_pass() {
                crate::doctor::rules::check_examples(&super::$rule);
            }

            #[test]
            fn the_fix_silences_every_invalid_example_and_a_second_run_changes_nothing() {
                crate::doctor::rules::check_fixes(&super::$rule);
            }
        }
    };
}

mod client;
mod config;
mod cookies;
mod cors;
mod database;
mod express;
mod logging;
mod nextjs;
mod origins;
mod secret;
mod session;
mod urls;
mod verify;
mod versions;

pub use config::base_path;
pub use urls::jwks_path;
pub use verify::allowed_algs;

use super::fix::Autofix;
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
    /// What `--fix` can change for a finding, when the rule has a fix.
    pub autofix: Option<&'static Autofix>,
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
    let families: [&[&'static Rule]; 14] = [
        config::RULES,
        client::RULES,
        secret::RULES,
        verify::RULES,
        urls::RULES,
        cors::RULES,
        origins::RULES,
        cookies::RULES,
        express::RULES,
        logging::RULES,
        database::RULES,
        versions::RULES,
        nextjs::RULES,
        session::RULES,
    ];
    families.into_iter().flatten().copied().collect()
}

pub fn find(id: &str) -> Option<&'static Rule> {
    registry().into_iter().find(|r| r.id == id)
}

/// The line of the first object key `key` between bytes `start` and `end`
/// (a call's extent): where an option nested in the call is written.
pub fn key_line(module: &super::syntax::Module, key: &str, start: usize, end: usize) -> Option<usize> {
    module.keys.iter().find(|(k, _, at)| k == key && *at >= start && *at < end).map(|(_, line, _)| *line)
}

/// Runs `rule` on the model: one finding per distinct (file, message).
pub fn run(rule: &Rule, model: &Model) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for hit in (rule.check)(model) {
        let autofix = rule.autofix.and_then(|a| (a.build)(model, &hit));
        let finding = Finding {
            autofix,
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

/// Runs a rule's examples: every failure, listed.
#[cfg(test)]
pub(crate) fn check_examples(rule: &Rule) {
    let failures = example_failures(rule);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// For a rule with a fix: applied to each invalid example whose shape it
/// handles (at least one), the fix leaves files that parse and the rule
/// silent, and a second `--fix` finds nothing to change.
#[cfg(test)]
pub(crate) fn check_fixes(rule: &Rule) {
    use super::project::Project;
    if rule.autofix.is_none() {
        return;
    }
    let mut fixed_any = false;
    for (i, example) in rule.invalid.iter().enumerate() {
        let findings = run(rule, &Model::build(&Project::from_example(example)));
        let fixes: Vec<&super::fix::Fix> = findings.iter().filter_map(|f| f.autofix.as_ref()).collect();
        if fixes.is_empty() {
            continue;
        }
        fixed_any = true;
        let files = super::project::example_sections(example);
        let applied = super::fix::apply_all(&fixes, &|p| files.iter().find(|(f, _)| f == p).map(|(_, t)| t.clone()));
        assert!(applied.skipped.is_empty(), "{}: example {}: {:?}", rule.id, i + 1, applied.skipped);
        let fixed: Vec<(String, String)> = files
            .iter()
            .filter(|(p, _)| !applied.removed.contains(p) && !applied.files.contains_key(p))
            .cloned()
            .chain(applied.files.clone())
            .collect();
        let text: String = fixed.iter().map(|(p, t)| format!("//- {p}\n{t}")).collect();
        let again = run(rule, &Model::build(&Project::from_example(&text)));
        assert!(again.is_empty(), "{}: example {} after the fix:\n{text}\n{again:?}", rule.id, i + 1);
        for (path, body) in &fixed {
            assert!(
                crate::edit::Source::parse(path, "").is_err() || crate::edit::parses(path, body),
                "{path}:\n{body}"
            );
        }
    }
    assert!(fixed_any, "{}: the fix applies to none of the invalid examples", rule.id);
}

/// An example's findings as `file:line message`, for tests that check what a finding says and where.
#[cfg(test)]
pub(crate) fn example_messages(rule: &Rule, example: &str) -> Vec<String> {
    let project = super::project::Project::from_example(example);
    run(rule, &Model::build(&project))
        .into_iter()
        .map(|f| format!("{}:{} {}", f.file.unwrap_or_default(), f.line.unwrap_or(0), f.message))
        .collect()
}

#[cfg(test)]
fn example_failures(rule: &Rule) -> Vec<String> {
    use super::project::Project;
    let hits = |example: &str| run(rule, &Model::build(&Project::from_example(example)));
    let mut failures = Vec::new();
    for (i, example) in rule.invalid.iter().enumerate() {
        if hits(example).is_empty() {
            failures.push(format!("{}: invalid example {} gives no finding", rule.id, i + 1));
        }
    }
    for (i, example) in rule.valid.iter().enumerate() {
        let found = hits(example);
        if !found.is_empty() {
            failures.push(format!("{}: valid example {} gives {:?}", rule.id, i + 1, found));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_is_registered_once() {
        // A rule file whose static is not in its family's RULES would run
        // its own examples and never reach a user.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/doctor/rules");
        let mut files = Vec::new();
        for family in std::fs::read_dir(&dir).unwrap().flatten().filter(|e| e.path().is_dir()) {
            for file in std::fs::read_dir(family.path()).unwrap().flatten() {
                let name = file.file_name().to_string_lossy().to_string();
                if let Some(stem) = name.strip_suffix(".rs").filter(|s| *s != "mod") {
                    files.push(stem.replace('_', "-"));
                }
            }
        }
        files.sort();
        let mut ids: Vec<String> = registry().iter().map(|r| r.id.to_string()).collect();
        ids.sort();
        assert_eq!(files, ids, "each rule is one file named after its id");
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
