//! What the user sees: the decision summary, conflicts with short diffs, the
//! result, and the same as JSON for CI. Secret values never reach any of it.

use std::fmt::Write;

use console::style;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::answers::{Resolved, Source};
use crate::cli::Arch;
use crate::envfile::{KeyAction, KeyStatus};
use crate::outputs::{Packages, Plan};
use crate::plan::{alg_name, backend_label, db_label};
use crate::resolve::{Action, Change};

const DIFF_LINES: usize = 16;

fn source(resolved: &Resolved, key: &str) -> String {
    let label = resolved.sources.get(key).copied().unwrap_or(Source::Default).label();
    style(format!("({label})")).dim().to_string()
}

fn folder(dir: &str) -> String {
    if dir == "." { "./ (repository root)".into() } else { format!("{dir}/") }
}

fn action_label(action: Action) -> String {
    let text = format!("{:<10}", format!("{action:?}").to_lowercase());
    match action {
        Action::Create => style(text).green().to_string(),
        Action::Update => style(text).yellow().to_string(),
        Action::Merge => style(text).cyan().to_string(),
        Action::Unchanged => style(text).dim().to_string(),
        Action::Conflict => style(text).red().bold().to_string(),
        Action::Remove => style(text).magenta().to_string(),
    }
}

/// The decision summary printed before anything is written.
pub fn summary(resolved: &Resolved, plan: &Plan, changes: &[Change]) -> String {
    let a = &resolved.answers;
    let mut out = String::new();
    let heading = |out: &mut String, text: &str| {
        let _ = writeln!(out, "\n{}", style(text).bold());
    };
    heading(&mut out, "Configuration");
    let mut row = |name: &str, value: String, key: &str| {
        let _ = writeln!(out, "  {name:<15} {value} {}", source(resolved, key));
    };
    row(
        "Architecture",
        match a.arch {
            Arch::Monolithic => "monolithic (Next.js route handlers, cookie sessions)".into(),
            Arch::Separate => "separate backend (JWT verified with the app's JWKS)".into(),
        },
        "arch",
    );
    if let Some(backend) = a.backend {
        row("Backend", backend_label(backend).into(), "backend");
        row("Backend folder", folder(a.backend_dir.as_deref().unwrap_or("backend")), "backend_dir");
        row("Backend URL", a.backend_url.clone().unwrap_or_default(), "backend_url");
    }
    let db_note = match (a.db, resolved.sources.get("db")) {
        (crate::cli::Db::Sqlite, Some(Source::Default)) => " (a file: no database server needed)",
        _ => "",
    };
    row("Database", format!("{}{db_note}", db_label(a.db)), "db");
    row("Frontend", folder(&a.frontend_dir), "frontend_dir");
    row("src/ layout", if a.src_dir { "yes".into() } else { "no".into() }, "src_dir");
    row("App URL", a.app_url.clone(), "app_url");
    row(
        "Auth routes",
        a.base_path.as_deref().unwrap_or(crate::detect::api_path::DEFAULT_BASE_PATH).into(),
        "base_path",
    );
    row("Protected", a.protect.join(", "), "protect");
    if a.arch == Arch::Separate {
        row("JWT algorithm", alg_name(a.jwt_alg).into(), "jwt_alg");
        let rotation = a.jwt_rotation_days.map_or("never".to_string(), |d| format!("every {d} day(s)"));
        row("Key rotation", rotation, "jwt_rotation_days");
    }
    row("Email", crate::accounts::transport(a.email).label.into(), "email");
    row("Verification", if a.email_verification { "required".into() } else { "off".into() }, "email_verification");
    let social: Vec<&str> = a.social.iter().map(|s| crate::accounts::provider(*s).label).collect();
    row("Social sign-in", if social.is_empty() { "none".into() } else { social.join(", ") }, "social");
    if !a.plugins.is_empty() {
        let ids: Vec<&str> = crate::plugins::chosen(&a.plugins).iter().map(|d| d.id).collect();
        row("Plugins", ids.join(", "), "plugins");
    }
    let storage = match a.rate_limit_storage {
        crate::cli::RateLimitStorage::Memory => "memory (per server process)",
        crate::cli::RateLimitStorage::Database => "database (shared by every instance)",
    };
    row("Rate limits", storage.into(), "rate_limit_storage");
    out.push_str(&detected_rows(resolved));

    if !plan.notes.is_empty() {
        heading(&mut out, "Notes");
        for note in &plan.notes {
            let _ = writeln!(out, "  {} {note}", style("i").cyan());
        }
    }

    heading(&mut out, "Files");
    for change in changes {
        let _ = writeln!(out, "  {} {}", action_label(change.action), change.path);
        // Your own config or client edited in place: show exactly what changes.
        if change.role.ends_with("-edit") && change.action == Action::Update {
            out.push_str(&edit_diff(change));
        }
        if let Some(remark) = &change.remark {
            let _ = writeln!(out, "      {} {}", style("!").yellow(), style(remark).yellow());
        }
    }

    heading(&mut out, "Environment (secret values hidden)");
    for change in changes.iter().filter(|c| !c.env_keys.is_empty()) {
        let _ = writeln!(out, "  {}", change.path);
        for key in &change.env_keys {
            let _ = writeln!(out, "    {}", env_key_line(key));
        }
    }

    heading(&mut out, "Packages");
    if plan.packages.is_empty() {
        let _ = writeln!(out, "  {}", style("none to add").dim());
    }
    for side in &plan.packages {
        let _ = writeln!(out, "  {} ({}): {}", side.side, side.tool, package_list(side));
        for command in &side.commands {
            let _ = writeln!(out, "    {}", style(command).cyan());
        }
    }
    out
}

/// The "(detected)" rows of the summary: what the scan found in the chosen folders.
fn detected_rows(resolved: &Resolved) -> String {
    let a = &resolved.answers;
    let mut out = String::new();
    let found = |out: &mut String, name: &str, value: String| {
        let _ = writeln!(out, "  {name:<15} {value} {}", style("(detected)").dim());
    };
    let app = &resolved.frontend;
    if let Some(major) = app.next_major {
        let router = if app.router == crate::detect::Router::Pages { "Pages Router" } else { "App Router" };
        found(&mut out, "Next.js", format!("{major}, {router}"));
    }
    if let Some(config) = &app.existing_auth {
        let plugin = if config.jwt { "with the jwt plugin" } else { "without the jwt plugin" };
        found(&mut out, "Existing auth", format!("{} ({plugin})", config.path));
    }
    if let Some(client) = &app.existing_client {
        found(&mut out, "Auth client", client.path.clone());
    }
    if let Some(source) = &app.db_source {
        found(&mut out, "Database from", format!("{source} (URL in {})", app.db_env));
    }
    if app.language == crate::detect::Language::Javascript {
        found(&mut out, "Language", "JavaScript (files end in .js, without types)".into());
    }
    if let Some(backend) = &resolved.backend
        && a.backend.is_some_and(|b| b != crate::cli::Backend::Fastapi)
        && let Some(runner) = &backend.runner
    {
        let module = match backend.module {
            crate::detect::ModuleKind::Esm => "ES modules",
            crate::detect::ModuleKind::Commonjs => "CommonJS",
        };
        found(&mut out, "Backend runs", format!("{runner}, {module}"));
    }
    out.push_str(&port_rows(resolved));
    if let Some(guard) = &app.route_guard {
        found(
            &mut out,
            "Route guard",
            format!(
                "{}{} is kept as it is: check the session there",
                crate::paths::join(&a.frontend_dir, guard),
                app.other_auth.as_ref().map(|l| format!(" ({l})")).unwrap_or_default()
            ),
        );
    }
    out
}

/// Where the detected app and backend URLs came from.
fn port_rows(resolved: &Resolved) -> String {
    let mut out = String::new();
    let detected = |key: &str| resolved.sources.get(key) == Some(&Source::Detected);
    let app = &resolved.frontend;
    let mut row = |name: &str, value: String| {
        let _ = writeln!(out, "  {name:<15} {value} {}", style("(detected)").dim());
    };
    if let (true, Some(port), Some(source)) = (detected("app_url"), app.port, &app.port_source) {
        row("App port", format!("{port} ({source})"));
    }
    if detected("backend_url") {
        let url = resolved.answers.backend_url.as_deref().unwrap_or_default();
        let own = resolved.backend.as_ref().and_then(|b| Some((b.port?, b.port_source.as_deref()?)));
        match own {
            Some((port, source)) if url.ends_with(&format!(":{port}")) => {
                row("Backend port", format!("{port} ({source})"))
            }
            _ => {
                if let Some(source) = &app.backend_url_source {
                    row("Backend URL", format!("{url} (the app calls it: {source})"));
                }
            }
        }
    }
    out
}

fn package_list(side: &Packages) -> String {
    let mut text = side.dependencies.join(" ");
    if !side.dev_dependencies.is_empty() {
        let _ = write!(text, "; dev: {}", side.dev_dependencies.join(" "));
    }
    text
}

fn env_key_line(key: &KeyStatus) -> String {
    match (key.action, key.secret, &key.value) {
        (KeyAction::Keep, _, _) => format!("{} {} {}", style("=").dim(), key.key, style("(kept as it is)").dim()),
        (KeyAction::Elsewhere, _, _) => format!(
            "{} {} {}",
            style("=").dim(),
            key.key,
            style(format!("(already set in {}: not repeated here)", key.file.as_deref().unwrap_or("another env file")))
                .dim()
        ),
        (KeyAction::Add, true, _) => format!("{} {}=******** {}", style("+").green(), key.key, style("(secret)").dim()),
        (KeyAction::Add, false, Some(value)) => {
            format!("{} {}={}", style("+").green(), key.key, value)
        }
        (KeyAction::Add, false, None) => format!("{} {}", style("+").green(), key.key),
        (KeyAction::Update, _, value) => format!(
            "{} {}={} {}",
            style("~").yellow(),
            key.key,
            value.as_deref().unwrap_or("********"),
            style("(authgen's earlier value, updated to the new answer)").dim()
        ),
        (KeyAction::Yours, _, _) => format!(
            "{} {} {}",
            style("=").yellow(),
            key.key,
            style("(your value is kept; the answer changed, so check it still fits)").yellow()
        ),
    }
}

/// The lines an in-place edit adds or removes, with their line numbers.
fn edit_diff(change: &Change) -> String {
    let mut out = String::new();
    let old = change.old.as_deref().unwrap_or_default();
    let diff = TextDiff::from_lines(old, change.new.as_str());
    for op in diff.ops() {
        for line in diff.iter_changes(op) {
            let (sign, number) = match line.tag() {
                ChangeTag::Equal => continue,
                ChangeTag::Delete => ("-", line.old_index()),
                ChangeTag::Insert => ("+", line.new_index()),
            };
            let text = redact(line.value().trim_end_matches('\n'));
            let number = number.map_or(String::new(), |n| format!("{:>4} ", n + 1));
            let styled =
                if sign == "-" { style(format!("{sign}{text}")).red() } else { style(format!("{sign}{text}")).green() };
            let _ = writeln!(out, "      {}{styled}", style(number).dim());
        }
    }
    out
}

/// `init --check`: each file a run would change, with the env keys it would set.
pub fn drift(drifted: &[&Change]) -> String {
    let mut out = String::new();
    if drifted.is_empty() {
        let _ = writeln!(out, "\n{} up to date: a run with these answers would change nothing", style("✔").green());
        return out;
    }
    let _ = writeln!(out, "\n{}", style("A run with these answers would change:").bold());
    for change in drifted {
        let _ = writeln!(out, "  {} {}", action_label(change.action), change.path);
        for key in change.env_keys.iter().filter(|k| matches!(k.action, KeyAction::Add | KeyAction::Update)) {
            let _ = writeln!(out, "      {}", env_key_line(key));
        }
    }
    out
}

/// The conflicting files with a short diff each (lines that may hold a
/// secret are hidden).
pub fn conflicts(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes.iter().filter(|c| c.action == Action::Conflict) {
        let _ = writeln!(
            out,
            "\n{} {} {}",
            style("conflict").red().bold(),
            change.path,
            style("(exists with other content; - yours, + authgen's)").dim()
        );
        for (from, to) in &change.overlaps {
            let _ = writeln!(
                out,
                "  {}",
                style(format!("your edits around lines {from}-{to} overlap authgen's change to the same lines"))
                    .yellow()
            );
        }
        let old = change.old.as_deref().unwrap_or_default();
        let diff = TextDiff::from_lines(old, change.new.as_str());
        let mut shown = 0;
        let mut hidden = 0;
        for op in diff.ops() {
            for line in diff.iter_changes(op) {
                let sign = match line.tag() {
                    ChangeTag::Equal => continue,
                    ChangeTag::Delete => "-",
                    ChangeTag::Insert => "+",
                };
                if shown == DIFF_LINES {
                    hidden += 1;
                    continue;
                }
                shown += 1;
                let text = redact(line.value().trim_end_matches('\n'));
                let styled =
                    if sign == "-" { style(format!("  - {text}")).red() } else { style(format!("  + {text}")).green() };
                let _ = writeln!(out, "{styled}");
            }
        }
        if hidden > 0 {
            let _ = writeln!(
                out,
                "  {}",
                style(format!("… {hidden} more changed lines (see the whole file with --dry-run --json)")).dim()
            );
        }
    }
    if changes.iter().any(|c| c.action == Action::Conflict && c.role == "frontend.page") {
        let _ = writeln!(
            out,
            "\n{}",
            style("the app has its own pages there: rerun with --no-pages to keep them and get the rest (forms in components/, config, client)").yellow()
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        style("the whole of each file authgen would write: authgen init --dry-run --json (same answers); keep your version, or rerun with --force").dim()
    );
    out
}

/// Hides a line that looks like it carries a credential.
pub fn redact(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    let assigns = lower.contains('=') || lower.contains(':');
    let sensitive = ["secret", "password", "passwd", "token", "apikey", "api_key", "private"]
        .iter()
        .any(|word| lower.contains(word));
    let url_credentials = lower.contains("://")
        && lower.split("://").nth(1).is_some_and(|rest| rest.split('/').next().unwrap_or("").contains('@'));
    if (sensitive && assigns) || url_credentials {
        "<line hidden: it may hold a secret>".into()
    } else {
        line.to_string()
    }
}

/// The outcome of a run, for the final lines and the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub status: &'static str,
    pub written: Vec<String>,
    pub replaced: Vec<String>,
    /// Files authgen wrote earlier that these answers no longer generate.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_dir: Option<String>,
    /// What this run did about an interrupted earlier one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<crate::apply::Recovery>,
    /// Env files that were readable by others and now hold a secret: mode narrowed to 0600.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tightened: Vec<String>,
    /// The install commands ran (--install).
    pub installed: bool,
    /// Why --migrate could not create the tables yet (listed under next steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migration_postponed: Option<String>,
    /// Better Auth's tables after --migrate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tables: Option<crate::tasks::TableReport>,
}

impl Outcome {
    pub fn new(status: &'static str) -> Self {
        Outcome {
            status,
            written: vec![],
            replaced: vec![],
            removed: vec![],
            backup_dir: None,
            recovered: None,
            tightened: vec![],
            installed: false,
            migration_postponed: None,
            tables: None,
        }
    }
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    action: Action,
    role: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    env_keys: &'a [KeyStatus],
}

#[derive(Serialize)]
struct JsonReport<'a> {
    config: &'a crate::answers::Answers,
    sources: &'a std::collections::BTreeMap<&'static str, Source>,
    detected: JsonDetected<'a>,
    notes: &'a [String],
    files: Vec<JsonFile<'a>>,
    packages: &'a [Packages],
    result: &'a Outcome,
}

/// What the scan found in the chosen folders, as the summary shows it.
#[derive(Serialize)]
struct JsonDetected<'a> {
    frontend: &'a crate::detect::Frontend,
    #[serde(skip_serializing_if = "Option::is_none")]
    backend: Option<&'a crate::detect::BackendInfo>,
}

/// The plan and the result as one JSON document.
pub fn json(resolved: &Resolved, plan: &Plan, changes: &[Change], outcome: &Outcome) -> String {
    let report = JsonReport {
        config: &resolved.answers,
        sources: &resolved.sources,
        detected: JsonDetected { frontend: &resolved.frontend, backend: resolved.backend.as_ref() },
        notes: &plan.notes,
        files: changes
            .iter()
            .map(|c| JsonFile { path: &c.path, action: c.action, role: c.role, env_keys: &c.env_keys })
            .collect(),
        packages: &plan.packages,
        result: outcome,
    };
    serde_json::to_string_pretty(&report).expect("the report always serializes")
}

/// The closing lines after a successful run: what was done and what is left.
pub fn next_steps(plan: &Plan, outcome: &Outcome) -> String {
    let mut out = String::new();
    if !outcome.written.is_empty() {
        let _ = writeln!(
            out,
            "\n{} {} file(s) written{}",
            style("✔").green(),
            outcome.written.len(),
            outcome
                .backup_dir
                .as_ref()
                .map(|dir| format!("; {} replaced, previous versions in {dir}", outcome.replaced.len()))
                .unwrap_or_default()
        );
    }
    for file in &outcome.tightened {
        let _ = writeln!(
            out,
            "{} {file} holds a secret now: its mode was narrowed to owner-only (0600)",
            style("i").cyan()
        );
    }
    let mut steps = Vec::new();
    if !outcome.installed {
        steps.extend(plan.packages.iter().flat_map(|side| side.commands.iter().map(|c| style(c).cyan().to_string())));
    }
    if let Some(reason) = &outcome.migration_postponed {
        steps.push(format!(
            "The tables were not created yet ({reason}); once that is done, create the tables: {}",
            style(format!("{} migrate", crate::terminal::authgen())).cyan()
        ));
    } else if outcome.tables.is_none() {
        let frontend = crate::paths::join(&plan.answers.frontend_dir, ".env.local");
        steps.push(format!(
            "Put your real {} in {frontend}, then create the tables: {}",
            plan.db_env,
            style(format!("{} migrate", crate::terminal::authgen())).cyan()
        ));
    }
    let a = &plan.answers;
    let frontend_env = crate::paths::join(&a.frontend_dir, ".env.local");
    if let Some(keys) = crate::accounts::transport(a.email).keys {
        steps.push(format!("Before production, set {keys} in {frontend_env} (until then emails go to the server log)"));
    }
    if !a.social.is_empty() {
        let labels: Vec<&str> = a.social.iter().map(|s| crate::accounts::provider(*s).label).collect();
        steps.push(format!(
            "Create the {} OAuth app(s) and set their client IDs and secrets in {frontend_env} (docs/auth/SETUP.md lists the callback URLs)",
            labels.join(" and ")
        ));
    }
    steps.push("Read docs/auth/SETUP.md for running both sides and docs/auth/TESTING.md for checking them".into());
    let _ = writeln!(out, "\n{}", style("Next steps").bold());
    for (number, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", number + 1);
    }
    out
}

fn finding_line(finding: &crate::doctor::Finding) -> String {
    use crate::doctor::Severity;
    let label = match finding.severity {
        Severity::Error => style("error  ").red().bold(),
        Severity::Warning => style("warning").yellow(),
        Severity::Info => style("info   ").cyan(),
    };
    let place = match (&finding.file, finding.line) {
        (Some(file), Some(line)) => format!("{file}:{line}: "),
        (Some(file), None) => format!("{file}: "),
        _ => String::new(),
    };
    let fixable = match &finding.autofix {
        Some(f) if f.safety == crate::doctor::fix::Safety::Safe => " (authgen doctor --fix)",
        Some(_) => " (authgen doctor --fix --unsafe-fixes)",
        None => "",
    };
    format!(
        "{label} {place}{} {}\n        fix: {}{}\n",
        finding.message,
        style(format!("[{}]", finding.id)).dim(),
        finding.fix,
        style(fixable).dim()
    )
}

/// `authgen doctor`'s report.
pub fn findings(findings: &[crate::doctor::Finding]) -> String {
    use crate::doctor::Severity;
    let mut out = String::new();
    for finding in findings {
        out.push_str(&finding_line(finding));
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(out, "{} error(s), {} warning(s)", count(Severity::Error), count(Severity::Warning));
    out
}

/// The summary's note on the files doctor did not check: one line (most
/// three paths per language), or nothing when it read everything.
pub fn unread(unread: &[crate::doctor::project::Unread]) -> Option<String> {
    if unread.is_empty() {
        return None;
    }
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for u in unread {
        match groups.iter_mut().find(|(why, _)| *why == u.why) {
            Some((_, paths)) => paths.push(&u.path),
            None => groups.push((&u.why, vec![&u.path])),
        }
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(why, paths)| {
            let shown = paths.iter().take(3).copied().collect::<Vec<_>>().join(", ");
            let more = paths.len().saturating_sub(3);
            if more > 0 { format!("{why} ({shown} and {more} more)") } else { format!("{why} ({shown})") }
        })
        .collect();
    Some(format!("note: doctor did not check {} file(s) that may matter to auth: {}\n", unread.len(), parts.join("; ")))
}

/// The verification checklist printed at the end of `authgen init`.
pub fn checklist(findings: &[crate::doctor::Finding]) -> String {
    let mut out = format!("\n{}\n", style("Verification (authgen doctor)").bold());
    if findings.is_empty() {
        let _ = writeln!(out, "  {} no problems found", style("✔").green());
    }
    for finding in findings {
        out.push_str("  ");
        out.push_str(&finding_line(finding));
    }
    out
}

/// `doctor --fix`: each changed file with its diff (an env file shows only
/// the keys whose lines change, never a value), the fixes left out and why.
pub fn fix_diff(changes: &[Change], applied: &crate::doctor::fix::Applied, held_back: usize) -> String {
    let mut out = String::new();
    let renamed_from = |to: &str| applied.renamed.iter().find(|(_, t)| t == to).map(|(f, _)| f.as_str());
    for change in changes {
        if change.action == Action::Remove && applied.renamed.iter().any(|(from, _)| *from == change.path) {
            continue;
        }
        let (label, old) = match (change.action, renamed_from(&change.path)) {
            (Action::Remove, _) => ("remove".to_string(), ""),
            (_, Some(from)) => {
                let old = changes.iter().find(|c| c.path == from).and_then(|c| c.old.as_deref());
                (format!("rename {from} ->"), old.unwrap_or_default())
            }
            (Action::Create, None) => ("create".into(), ""),
            _ => ("fix".into(), change.old.as_deref().unwrap_or_default()),
        };
        let _ = writeln!(out, "{} {}", style(label).green().bold(), change.path);
        if change.action == Action::Remove {
            continue;
        }
        let env = crate::doctor::project::env_kind(change.path.rsplit('/').next().unwrap_or(&change.path)).is_some();
        let diff = TextDiff::from_lines(old, change.new.as_str());
        for line in diff.iter_all_changes() {
            let sign = match line.tag() {
                ChangeTag::Equal => continue,
                ChangeTag::Delete => "-",
                ChangeTag::Insert => "+",
            };
            let text = line.value().trim_end_matches('\n');
            let shown = if env {
                let key = text.split_once('=').map_or(text, |(k, _)| k);
                format!("{key}=… (value hidden)")
            } else {
                redact(text)
            };
            let styled =
                if sign == "-" { style(format!("  - {shown}")).red() } else { style(format!("  + {shown}")).green() };
            let _ = writeln!(out, "{styled}");
        }
    }
    for (file, why) in &applied.skipped {
        let _ = writeln!(out, "{} {file}: not fixed: {why}", style("!").yellow());
    }
    if held_back > 0 {
        let _ = writeln!(
            out,
            "{}",
            style(format!(
                "{held_back} fix(es) change behaviour beyond their finding: review them with --unsafe-fixes --dry-run"
            ))
            .dim()
        );
    }
    if changes.is_empty() && applied.skipped.is_empty() {
        let _ = writeln!(out, "{} nothing to fix automatically", style("i").cyan());
    }
    out
}

/// `doctor --fix --json`: the fixes applied (or, with --dry-run, that would
/// be), the files changed, what was left out, and the findings that remain.
pub fn fix_json(
    fixed: &[&crate::doctor::Finding],
    changes: &[Change],
    skipped: &[(String, String)],
    remaining: &[crate::doctor::Finding],
) -> String {
    let fixed: Vec<serde_json::Value> =
        fixed.iter().map(|f| serde_json::json!({ "id": f.id, "file": f.file, "line": f.line })).collect();
    let files: Vec<serde_json::Value> =
        changes.iter().map(|c| serde_json::json!({ "path": c.path, "action": c.action })).collect();
    let skipped: Vec<serde_json::Value> =
        skipped.iter().map(|(file, why)| serde_json::json!({ "file": file, "reason": why })).collect();
    let report = serde_json::json!({ "fixed": fixed, "files": files, "skipped": skipped, "findings": remaining });
    serde_json::to_string_pretty(&report).expect("the report serializes")
}
