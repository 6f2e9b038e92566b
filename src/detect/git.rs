//! What git tracks, asked of git itself (the repository may start above
//! `--dir`). Without git, or outside a repository, nothing is tracked.

use std::collections::BTreeSet;
use std::path::Path;

const ENV_PATTERNS: &[&str] = &["*.env", "*.env.*", ".env", ".env.*"];
const DATABASE_PATTERNS: &[&str] = &["*.db", "*.sqlite", "*.sqlite3", "PG_VERSION", "*/PG_VERSION"];

/// Env files git tracks below `root`, relative to it.
pub fn tracked_env_files(root: &Path) -> BTreeSet<String> {
    tracked(root, ENV_PATTERNS)
}

/// Env files and database files (SQLite files, a Postgres data folder's
/// `PG_VERSION`) git tracks below `root`, asked of git once.
pub fn tracked_env_files_and_databases(root: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let patterns: Vec<&str> = ENV_PATTERNS.iter().chain(DATABASE_PATTERNS).copied().collect();
    let database = |p: &String| {
        let name = p.rsplit('/').next().unwrap_or(p);
        name == "PG_VERSION" || [".db", ".sqlite", ".sqlite3"].iter().any(|e| name.ends_with(e))
    };
    tracked(root, &patterns).into_iter().partition(|p| !database(p))
}

fn tracked(root: &Path, patterns: &[&str]) -> BTreeSet<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-files", "-z", "--"])
        .args(patterns)
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(out) if out.status.success() => out
            .stdout
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect(),
        _ => BTreeSet::new(),
    }
}
