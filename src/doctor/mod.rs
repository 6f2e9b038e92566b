//! `authgen doctor`: reads an integration (whoever wrote it) and reports the
//! mistakes that make Better Auth + a backend fail or let requests through.
//!
//! The pipeline: `project::collect` reads and parses the repository
//! (`syntax`), `model::Model` works out the integration's architecture, and
//! each rule of the registry (`rules/`) reasons over that model. `live` asks
//! the JWKS over the network.

pub mod fix;
mod live;
pub mod model;
pub mod project;
pub mod rules;
pub mod syntax;

use std::fmt::Write as _;

use serde::Serialize;

pub use live::Settings;
pub use model::Model;
pub use project::{Project, Target, collect};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: &'static str,
    pub severity: Severity,
    /// Relative to the repository root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
    pub fix: String,
    /// The edits `--fix` would make, when the rule has a fix for this shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autofix: Option<fix::Fix>,
}

impl Finding {
    fn new(id: &'static str, severity: Severity, at: Option<(&str, usize)>, message: String, fix: &str) -> Self {
        Finding {
            id,
            severity,
            file: at.map(|(f, _)| f.to_string()),
            line: at.map(|(_, l)| l).filter(|l| *l > 0),
            message,
            fix: fix.to_string(),
            autofix: None,
        }
    }
}

/// `dir/name`, with "." as the root.
fn plan_join(dir: &str, name: &str) -> String {
    crate::paths::join(dir, name)
}

/// Every rule's findings, errors first.
pub fn check(project: &Project) -> Vec<Finding> {
    let model = Model::build(project);
    let mut out: Vec<Finding> = rules::registry().into_iter().flat_map(|rule| rules::run(rule, &model)).collect();
    out.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.file.cmp(&b.file)).then(a.line.cmp(&b.line)));
    out
}

/// What `--live` compares against: the JWKS URL, algorithms and origin the
/// backend is configured with.
pub fn live_settings(project: &Project) -> Settings {
    let model = Model::build(project);
    let backend = project.backend_dirs.first().map(|d| format!("{d}/_")).unwrap_or_else(|| "_".into());
    let env = |key: &str| model.env_value(&backend, key).map(|(_, v)| v.to_string()).filter(|v| !v.is_empty());
    let app = env("BETTER_AUTH_URL").and_then(|u| model::origin(&u)).or_else(|| model.app_origin());
    let backend_algs = model
        .verifiers
        .iter()
        .filter(|v| !v.unverified)
        .find_map(|v| rules::allowed_algs(&model, v))
        .or_else(|| env("AUTH_JWT_ALGORITHMS").map(|a| a.split(',').map(|s| s.trim().to_string()).collect()))
        .unwrap_or_default();
    Settings {
        jwks_url: env("AUTH_JWKS_URL").or_else(|| {
            let path = rules::jwks_path(&model).unwrap_or_else(|| "/api/auth/jwks".into());
            app.as_ref().map(|o| format!("{o}{path}"))
        }),
        backend_algs,
        expected: env("AUTH_ISSUER").or(app.clone()),
        auth_url: model.app_origin().or(app).map(|o| format!("{o}{}", rules::base_path(&model).unwrap_or_default())),
        origins: live::declared_origins(&model),
        config: model.configs.first().map(|c| model.file(c.file).path.clone()),
    }
}

pub fn live(project: &Project, token: Option<&str>) -> Vec<Finding> {
    let settings = live_settings(project);
    let mut found = live::live(&settings, token);
    if let Some(auth_url) = &settings.auth_url {
        found.extend(live::probe_origins(auth_url, &settings.origins, settings.config.as_deref()));
    }
    found
}

/// `authgen doctor --explain ID`: the rule's doc with its examples.
pub fn explain(id: &str) -> Option<String> {
    let rule = rules::find(id)?;
    let mut out = format!(
        "{} ({})\n\n{}\n\n{}\n\nFix: {}\n{}\n",
        rule.id,
        rule.severity.as_str(),
        rule.summary,
        wrap(rule.doc, 78),
        rule.fix,
        autofix_line(rule)
    );
    for (title, examples) in [("Reported", rule.invalid), ("Not reported", rule.valid)] {
        for example in examples {
            let _ = write!(out, "\n{title}:\n");
            for line in example.lines() {
                let shown = line.strip_prefix("//- ").map_or(line.to_string(), |p| format!("# {p}"));
                let _ = writeln!(out, "{}", format!("    {shown}").trim_end());
            }
        }
    }
    Some(out)
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// Whether `--fix` repairs a rule's findings, and how.
fn autofix_line(rule: &rules::Rule) -> String {
    match rule.autofix {
        Some(a) if a.safety == fix::Safety::Safe => format!("`authgen doctor --fix` {}.", a.summary),
        Some(a) => format!(
            "`authgen doctor --fix --unsafe-fixes` {} (review it: it changes more than the finding).",
            a.summary
        ),
        None => "No automatic fix.".into(),
    }
}

/// The rules as a Markdown list (README and the generated TROUBLESHOOTING.md).
pub fn rules_markdown(plugins: bool) -> String {
    let mut out = String::new();
    // The plugin wiring rule is listed only for an integration with plugins.
    for rule in rules::registry().into_iter().filter(|r| plugins || r.id != "plugin-client-missing") {
        let mark = match rule.autofix {
            Some(a) if a.safety == fix::Safety::Safe => ", --fix",
            Some(_) => ", --unsafe-fixes",
            None => "",
        };
        let _ = write!(out, "- `{}` ({}{mark}): {}. Fix: {}.", rule.id, rule.severity.as_str(), rule.summary, rule.fix);
        if let Some(a) = rule.autofix {
            let _ = write!(out, " `--fix` {}.", a.summary);
        }
        out.push('\n');
    }
    out
}
