//! What git tracks, asked of git itself (the repository may start above
//! `--dir`). Without git, or outside a repository, nothing is tracked.

use std::collections::BTreeSet;
use std::path::Path;

/// Env files git tracks below `root`, relative to it.
pub fn tracked_env_files(root: &Path) -> BTreeSet<String> {
    tracked(root, &["*.env", "*.env.*", ".env", ".env.*"])
}

/// Database files git tracks below `root`: SQLite files and Postgres data
/// folders (their `PG_VERSION`).
pub fn tracked_databases(root: &Path) -> BTreeSet<String> {
    tracked(root, &["*.db", "*.sqlite", "*.sqlite3", "*.db-wal", "PG_VERSION", "*/PG_VERSION"])
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
