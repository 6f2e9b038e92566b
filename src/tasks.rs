//! After the files are written: install the packages, create Better Auth's
//! tables and ask the database which exist. These steps run other programs
//! (the package managers, Node); a failure leaves every written file in place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use console::style;
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::cli::Db;
use crate::detect::io_reason;
use crate::envfile;
use crate::error::{Error, Result};
use crate::outputs::{Packages, Step};
use crate::paths::join;
use crate::plan;

const DB_SCRIPT: &str = include_str!("assets/db.mts");
/// The `auth` CLI 1.7 needs Node 22.12 or newer.
const CLI_MIN_NODE: (u64, u64) = (22, 12);

/// A spinner on a terminal, plain lines otherwise.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn start(message: &str) -> Self {
        if console::Term::stderr().is_term() {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("a valid template"));
            bar.set_message(message.to_string());
            bar.enable_steady_tick(Duration::from_millis(100));
            Progress(Some(bar))
        } else {
            eprintln!("{message} ...");
            Progress(None)
        }
    }

    fn finish(self, ok: bool, message: &str) {
        let mark = if ok { style("✔").green().for_stderr() } else { style("✘").red().for_stderr() };
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
        eprintln!("{mark} {message}");
    }
}

fn run(dir: &Path, argv: &[String], env: &BTreeMap<String, String>) -> std::io::Result<Output> {
    crate::terminal::program(&argv[0]).args(&argv[1..]).current_dir(dir).envs(env).stdin(Stdio::null()).output()
}

/// The last lines a failed command printed, for the user to see why.
fn tail(output: &Output) -> String {
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}

/// Runs every install step; steps authgen must not run are printed instead.
pub fn install(root: &Path, packages: &[Packages]) -> Result<()> {
    for step in packages.iter().flat_map(|p| &p.steps) {
        if let Some(reason) = &step.manual {
            eprintln!("{} skipped `{}`: {reason}; run it yourself", style("!").yellow().for_stderr(), step.display());
            continue;
        }
        run_step(root, step)?;
    }
    Ok(())
}

fn run_step(root: &Path, step: &Step) -> Result<()> {
    let shown = step.display();
    let progress = Progress::start(&format!("Running {shown}"));
    let dir = root.join(&step.dir);
    match run(&dir, &step.argv, &BTreeMap::new()) {
        Ok(output) if output.status.success() => {
            progress.finish(true, &shown);
            Ok(())
        }
        Ok(output) => {
            progress.finish(false, &shown);
            eprintln!("{}", tail(&output));
            Err(Error::Other(anyhow::anyhow!(
                "`{shown}` failed ({}); the files stay written: fix the cause above and run it again",
                output.status
            )))
        }
        Err(e) => {
            progress.finish(false, &shown);
            Err(Error::Other(anyhow::anyhow!(
                "cannot run `{}`: {}; install it, then run `{shown}`",
                step.argv[0],
                io_reason(&e)
            )))
        }
    }
}

/// Where the tables are created: the frontend and its Better Auth config.
#[derive(Debug, Clone)]
pub struct Target {
    pub root: PathBuf,
    pub frontend_dir: String,
    /// lib/auth.ts or src/lib/auth.ts, relative to the frontend.
    pub auth_file: String,
    pub db: Db,
    /// The jwt plugin is on: the `jwks` table is expected too.
    pub jwt: bool,
    /// The variable holding the database URL (DATABASE_URL unless the app uses another).
    pub db_env: String,
    /// The Better Auth plugins authgen.toml lists: their tables are expected too.
    pub plugins: Vec<crate::cli::Plugin>,
}

impl Target {
    fn app(&self) -> PathBuf {
        self.root.join(&self.frontend_dir)
    }

    pub fn expected_tables(&self) -> Vec<&'static str> {
        let mut tables = vec!["user", "session", "account", "verification"];
        if self.jwt {
            tables.push("jwks");
        }
        tables.extend(crate::plugins::chosen(&self.plugins).into_iter().flat_map(|d| d.tables.iter().copied()));
        tables
    }
}

/// The app's environment as Next.js sees it: .env, then .env.local over it;
/// variables already set in the process win over both (they are inherited).
fn app_env(target: &Target) -> Result<BTreeMap<String, String>> {
    let mut values = BTreeMap::new();
    for file in [".env", ".env.local"] {
        let path = target.app().join(file);
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        values.extend(envfile::values(&join(&target.frontend_dir, file), &text)?);
    }
    values.retain(|key, _| std::env::var_os(key).is_none());
    Ok(values)
}

/// DATABASE_URL as the app will see it, refusing a missing one or authgen's placeholder.
fn database_url(target: &Target, env: &BTreeMap<String, String>) -> Result<String> {
    let env_file = join(&target.frontend_dir, ".env.local");
    let key = target.db_env.as_str();
    let url = std::env::var(key).ok().or_else(|| env.get(key).cloned()).unwrap_or_default();
    if url.trim().is_empty() {
        return Err(Error::usage(format!("{key} is not set: put your database's URL in {env_file}")));
    }
    if url == plan::database_url_placeholder(target.db) && target.db != Db::Sqlite {
        return Err(Error::usage(format!(
            "{key} in {env_file} is still authgen's placeholder: put your database's real URL there"
        )));
    }
    Ok(url)
}

/// Why the tables cannot be created now, if so: the migration runs with the
/// app's own better-auth (installed in the app or a workspace root above it)
/// against the database its URL names, so both must be there.
pub fn migration_blocker(target: &Target) -> Option<String> {
    if !better_auth_installed(target) {
        let place = if target.frontend_dir == "." { String::new() } else { format!(" in {}/", target.frontend_dir) };
        return Some(format!("better-auth is not installed{place}: install the packages first"));
    }
    match app_env(target).and_then(|env| database_url(target, &env)) {
        Ok(_) => None,
        Err(error) => Some(error.to_string()),
    }
}

/// better-auth in the app's node_modules or one above it, as Node resolves it.
fn better_auth_installed(target: &Target) -> bool {
    let app = target.app();
    app.ancestors()
        .take_while(|dir| dir.starts_with(&target.root))
        .any(|dir| dir.join("node_modules/better-auth/package.json").is_file())
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScriptAnswer {
    ok: bool,
    #[serde(default)]
    missing_tables: Vec<String>,
    #[serde(default)]
    missing_columns: Vec<String>,
    /// `rotate-keys`: how many signing keys were deleted.
    #[serde(default)]
    deleted: usize,
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

/// Each expected table and whether it exists, plus columns Better Auth still needs.
#[derive(Debug, Clone, Serialize)]
pub struct TableReport {
    pub tables: Vec<TableStatus>,
    pub missing_columns: Vec<String>,
    /// `migrate --rotate-keys`: the signing keys deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keys_deleted: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableStatus {
    pub table: String,
    pub exists: bool,
}

impl TableReport {
    pub fn complete(&self) -> bool {
        self.tables.iter().all(|t| t.exists) && self.missing_columns.is_empty()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for status in &self.tables {
            let mark = if status.exists { style("✔").green() } else { style("✘").red() };
            out.push_str(&format!("  {mark} {}\n", status.table));
        }
        for column in &self.missing_columns {
            out.push_str(&format!("  {} column {column} is missing\n", style("✘").red()));
        }
        out
    }
}

/// Runs the bundled script with the project's packages: `check` or `migrate`.
fn script(target: &Target, mode: &str, env: &BTreeMap<String, String>) -> Result<TableReport> {
    script_with(target, mode, env, &[])
}

/// The bundled script in `mode`, with arguments after the mode.
fn script_with(target: &Target, mode: &str, env: &BTreeMap<String, String>, extra: &[&str]) -> Result<TableReport> {
    let app = target.app();
    let modules = app.join("node_modules");
    if !better_auth_installed(target) {
        return Err(Error::usage(format!(
            "{}: better-auth is not installed; install the packages first (authgen init --install)",
            target.frontend_dir
        )));
    }
    // Tools keep their caches in node_modules/.cache; the script resolves the
    // project's better-auth from there.
    let cache = modules.join(".cache/authgen");
    std::fs::create_dir_all(&cache)
        .and_then(|_| std::fs::write(cache.join("db.mts"), DB_SCRIPT))
        .map_err(|e| Error::Other(anyhow::anyhow!("cannot write to {}: {}", cache.display(), io_reason(&e))))?;
    let local_tsx = modules.join(".bin/tsx");
    let mut argv: Vec<String> = if local_tsx.exists() {
        vec![local_tsx.to_string_lossy().into_owned()]
    } else {
        ["npx", "--yes", "tsx@4"].map(String::from).to_vec()
    };
    argv.push(cache.join("db.mts").to_string_lossy().into_owned());
    argv.push(app.join(&target.auth_file).to_string_lossy().into_owned());
    argv.push(mode.to_string());
    argv.extend(extra.iter().map(|a| a.to_string()));
    let output = run(&app, &argv, env)
        .map_err(|e| Error::Other(anyhow::anyhow!("cannot run `{}`: {}", argv[0], io_reason(&e))))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let Some(answer) = stdout.lines().rev().find_map(|line| serde_json::from_str::<ScriptAnswer>(line).ok()) else {
        eprintln!("{}", tail(&output));
        return Err(Error::Other(anyhow::anyhow!("could not load {} (see the output above)", target.auth_file)));
    };
    if !answer.ok && answer.code == "NO_USER" {
        return Err(Error::usage(format!(
            "no user signs in with {}: sign up with it first, then run this again",
            extra.first().unwrap_or(&"that email")
        )));
    }
    if !answer.ok {
        return Err(database_error(target, &answer.code, &answer.message));
    }
    let tables = target
        .expected_tables()
        .into_iter()
        .map(|t| TableStatus { table: t.to_string(), exists: !answer.missing_tables.iter().any(|m| m == t) })
        .collect();
    let keys_deleted = (mode == "rotate-keys").then_some(answer.deleted);
    Ok(TableReport { tables, missing_columns: answer.missing_columns, keys_deleted })
}

/// One line saying what is wrong with the database and what to do.
fn database_error(target: &Target, code: &str, message: &str) -> Error {
    let env_file = join(&target.frontend_dir, ".env.local");
    let lower = message.to_ascii_lowercase();
    match code {
        "ECONNREFUSED" | "ENOTFOUND" | "EAI_AGAIN" | "ETIMEDOUT" | "EHOSTUNREACH" => Error::Other(anyhow::anyhow!(
            "cannot reach the database ({code}): is it running, and are the host and port in DATABASE_URL ({env_file}) right?"
        )),
        "28P01" | "28000" | "ER_ACCESS_DENIED_ERROR" => Error::usage(format!(
            "the database refused the credentials in DATABASE_URL ({env_file}): check the user and password"
        )),
        "3D000" | "ER_BAD_DB_ERROR" => Error::usage(format!(
            "the database named in DATABASE_URL does not exist: create it, or fix the name in {env_file}"
        )),
        _ if lower.contains("password authentication failed") || lower.contains("access denied") => {
            Error::usage(format!("the database refused the credentials in DATABASE_URL ({env_file}): check them"))
        }
        _ => Error::Other(anyhow::anyhow!("the database answered: {message}")),
    }
}

/// Creates the tables: the `auth` CLI on Node >= 22.12, else Better Auth's
/// programmatic migration with the project's packages. Then checks them.
pub fn migrate(target: &Target) -> Result<TableReport> {
    let env = app_env(target)?;
    database_url(target, &env)?;
    let node = crate::detect::node_version()
        .ok_or_else(|| Error::Other(anyhow::anyhow!("cannot run node: install Node.js 20 or newer")))?;
    let progress = Progress::start("Creating Better Auth's tables");
    let result = if node >= CLI_MIN_NODE {
        let step = Step {
            dir: target.frontend_dir.clone(),
            argv: ["npx", "--yes", "auth@latest", "migrate", "--yes"].map(String::from).to_vec(),
            manual: None,
        };
        match run(&target.app(), &step.argv, &env) {
            Ok(output) if output.status.success() => script(target, "check", &env),
            Ok(output) => {
                eprintln!("{}", tail(&output));
                Err(Error::Other(anyhow::anyhow!("`{}` failed ({})", step.display(), output.status)))
            }
            Err(e) => Err(Error::Other(anyhow::anyhow!("cannot run npx: {}", io_reason(&e)))),
        }
    } else {
        script(target, "migrate", &env)
    };
    progress.finish(result.is_ok(), "Better Auth's tables");
    result
}

/// Deletes the jwt plugin's signing keys through the app's own Better Auth
/// setup, so the next token is signed by a new key with the configured
/// algorithm (after `keyPairConfig.alg` changed, or to rotate by hand).
pub fn rotate_keys(target: &Target) -> Result<TableReport> {
    run_script(target, "rotate-keys", ("Deleting the JWT signing keys", "JWT signing keys deleted"))
}

/// Sets the admin plugin's `role` of the user with this email to admin,
/// through the app's own Better Auth setup; a usage error when no user has it.
pub fn create_admin(target: &Target, email: &str) -> Result<()> {
    let env = app_env(target)?;
    database_url(target, &env)?;
    let progress = Progress::start(&format!("Making {email} an admin"));
    let result = script_with(target, "create-admin", &env, &[email]);
    progress.finish(result.is_ok(), &format!("{email} made an admin"));
    result.map(|_| ())
}

/// Asks the database which of Better Auth's tables and columns exist.
pub fn check(target: &Target) -> Result<TableReport> {
    run_script(target, "check", ("Checking Better Auth's tables", "Better Auth's tables checked"))
}

/// The bundled script in `mode` against the app's database, with progress.
fn run_script(target: &Target, mode: &str, (doing, done): (&str, &str)) -> Result<TableReport> {
    let env = app_env(target)?;
    database_url(target, &env)?;
    let progress = Progress::start(doing);
    let result = script(target, mode, &env);
    progress.finish(result.is_ok(), done);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_plugins_tables_are_expected_too() {
        let mut target = Target {
            root: PathBuf::from("."),
            frontend_dir: ".".into(),
            auth_file: "lib/auth.ts".into(),
            db: Db::Sqlite,
            jwt: false,
            db_env: "DATABASE_URL".into(),
            plugins: Vec::new(),
        };
        assert_eq!(target.expected_tables(), ["user", "session", "account", "verification"]);
        target.plugins = vec![crate::cli::Plugin::TwoFactor, crate::cli::Plugin::MagicLink];
        target.jwt = true;
        assert_eq!(target.expected_tables(), ["user", "session", "account", "verification", "jwks", "twoFactor"]);
    }
}
