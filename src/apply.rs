//! The only code that writes, crash-consistent. An apply runs in two phases,
//! each announced in a journal (`.authgen/journal.json`, itself replaced
//! atomically) before it starts:
//!
//! 1. **staging**: the folders to create, the backups of replaced files and
//!    every new file as a temporary file beside its target, named
//!    `.authgen-XXXXXX` and synced. Killed here, the next run rolls back:
//!    it deletes what the journal lists, and the tree is as it was.
//! 2. **committing**: each temporary file renamed over its target, then the
//!    removed files deleted. Killed here, the next run rolls forward from
//!    the journal, so the integration is completed, never half-written.
//!
//! A renamed target is never a partly written file, and a user's file is
//! replaced only by a rename, after its backup (with `--force`) is on disk.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::detect::DiskTree;
use crate::envfile::KeyAction;
use crate::error::{Error, Result};
use crate::present::Outcome;
use crate::resolve::{Action, Change};

/// The journal of an apply in progress; absent between runs.
pub const JOURNAL: &str = ".authgen/journal.json";
/// Where the journal is written before it is renamed into place.
const JOURNAL_STAGED: &str = ".authgen/journal.json.tmp";
/// Temporary files authgen stages carry this prefix and six letters or digits.
const TEMP_PREFIX: &str = ".authgen-";
const TEMP_RANDOM: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Phase {
    Staging,
    Committing,
}

/// A staged file and the file it replaces; `was` is the SHA-256 of the
/// target when it was staged (`None`: it did not exist).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Move {
    temp: String,
    target: String,
    was: Option<String>,
}

/// A file to delete, with the SHA-256 it had when the plan was made.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Removal {
    path: String,
    was: String,
}

/// A copy of a file `--force` replaces, made before anything is replaced.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Backup {
    original: String,
    copy: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    phase: Phase,
    /// Folders this apply creates, parents first.
    folders: Vec<String>,
    backups: Vec<Backup>,
    moves: Vec<Move>,
    removals: Vec<Removal>,
}

/// What a run found of an earlier, interrupted one and did about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recovery {
    /// `finished` (it had staged everything) or `rolled-back`.
    pub action: &'static str,
    /// Files moved into place (finished) or staged files deleted (rolled back).
    pub files: usize,
    /// Files changed since the interrupted run, which were kept as they are.
    pub kept: Vec<String>,
}

/// Counts filesystem steps. Tests set `AUTHGEN_TEST_CRASH_AFTER=N` to end
/// the process right after the N-th step, as a SIGKILL would (no cleanup),
/// or `AUTHGEN_TEST_FAIL_AT=N` to make the N-th step fail as a full disk.
struct Steps {
    done: usize,
    crash_after: Option<usize>,
    fail_at: Option<usize>,
}

impl Steps {
    fn from_env() -> Self {
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
        Steps { done: 0, crash_after: number("AUTHGEN_TEST_CRASH_AFTER"), fail_at: number("AUTHGEN_TEST_FAIL_AT") }
    }

    fn run<T>(&mut self, step: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
        if self.fail_at == Some(self.done + 1) {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        let value = step()?;
        self.done += 1;
        if self.crash_after == Some(self.done) {
            std::process::exit(86);
        }
        Ok(value)
    }
}

fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn digest_of(path: &Path) -> std::io::Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(digest(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A failure once files are being moved into place: the journal lets the
/// next run finish what this one started.
fn commit_error(rel: &str, e: &std::io::Error) -> Error {
    Error::Other(anyhow::anyhow!(
        "cannot finish writing {rel}: {}; run the same command again to complete the integration",
        crate::detect::io_reason(e)
    ))
}

fn cleanup_error(rel: &str, e: &std::io::Error) -> Error {
    Error::usage(format!(
        "cannot clean up {rel}, left by an interrupted run: {}; check the folder's permissions",
        crate::detect::io_reason(e)
    ))
}

fn write_error(rel: &str, e: &std::io::Error) -> Error {
    Error::usage(format!(
        "cannot write {rel}: {}; nothing was written (check the folder's permissions and free space)",
        crate::detect::io_reason(e)
    ))
}

/// Whether a file name is one of authgen's temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .is_some_and(|rest| rest.len() == TEMP_RANDOM && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn temp_name(parent: &str) -> Result<String> {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; TEMP_RANDOM];
    getrandom::fill(&mut bytes).map_err(|e| Error::Other(anyhow::anyhow!("cannot name a temporary file: {e}")))?;
    let random: String = bytes.iter().map(|b| LETTERS[*b as usize % LETTERS.len()] as char).collect();
    Ok(crate::paths::join(parent, &format!("{TEMP_PREFIX}{random}")))
}

fn parent_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(".", |(parent, _)| parent)
}

/// Writes every file whose action is create, update or merge (and conflict,
/// when `force`, after backing it up under `.authgen/backup/<timestamp>/`),
/// and deletes the files whose action is remove.
pub fn apply(tree: &DiskTree, changes: &[Change], force: bool, timestamp: &str) -> Result<Outcome> {
    let mut steps = Steps::from_env();
    let (journal, staged) = journal_of(tree, changes, force, timestamp)?;
    let staged_ok = write_journal(tree, &journal, &mut steps).and_then(|_| stage(tree, &journal, &staged, &mut steps));
    if let Err(error) = staged_ok {
        // Leave the tree as it was: the temporary files, backups and folders go.
        let _ = roll_back(tree, &journal);
        return Err(error);
    }
    let journal = Journal { phase: Phase::Committing, ..journal };
    if let Err(error) = write_journal(tree, &journal, &mut steps) {
        let _ = roll_back(tree, &journal);
        return Err(error);
    }
    commit(tree, &journal, &mut steps)?;
    steps.run(|| fs::remove_file(tree.root().join(JOURNAL))).map_err(|e| commit_error(JOURNAL, &e))?;
    let written: Vec<String> = journal.moves.iter().map(|m| m.target.clone()).collect();
    let tightened = staged.iter().filter(|s| s.tightened).map(|s| s.rel.clone()).collect();
    let replaced = changes.iter().filter(|c| c.action == Action::Conflict && force).map(|c| c.path.clone()).collect();
    let backup_dir = (!journal.backups.is_empty()).then(|| format!(".authgen/backup/{timestamp}"));
    let removed = journal.removals.iter().map(|r| r.path.clone()).collect();
    Ok(Outcome { written, replaced, backup_dir, tightened, removed, ..Outcome::new("written") })
}

/// One file to stage: its bytes and mode.
struct Staged<'a> {
    rel: String,
    content: &'a str,
    mode: u32,
    /// An env file whose mode was narrowed to the owner because it now holds a secret.
    tightened: bool,
}

/// The journal of this apply (in the staging phase) and what to stage.
fn journal_of<'a>(
    tree: &DiskTree,
    changes: &'a [Change],
    force: bool,
    timestamp: &str,
) -> Result<(Journal, Vec<Staged<'a>>)> {
    let mut journal = Journal {
        phase: Phase::Staging,
        folders: Vec::new(),
        backups: Vec::new(),
        moves: Vec::new(),
        removals: Vec::new(),
    };
    let mut staged = Vec::new();
    let mut folders = FolderList::default();
    for change in changes {
        let target = tree.real_path(&change.path)?;
        let was = digest_of(&target).map_err(|e| write_error(&change.path, &e))?;
        match change.action {
            Action::Unchanged => continue,
            Action::Conflict if !force => continue,
            Action::Remove => {
                let Some(was) = was else { continue };
                journal.removals.push(Removal { path: change.path.clone(), was });
                continue;
            }
            Action::Conflict => {
                let copy = format!(".authgen/backup/{timestamp}/{}", change.path);
                folders.add(tree, parent_of(&copy))?;
                journal.backups.push(Backup { original: change.path.clone(), copy });
            }
            Action::Create | Action::Update | Action::Merge => {}
        }
        folders.add(tree, parent_of(&change.path))?;
        let temp = temp_name(parent_of(&change.path))?;
        let (mode, tightened) = mode_of(&target, change);
        staged.push(Staged { rel: change.path.clone(), content: &change.new, mode, tightened });
        journal.moves.push(Move { temp, target: change.path.clone(), was });
    }
    journal.folders = folders.0;
    Ok((journal, staged))
}

/// Folders that do not exist yet, parents first.
#[derive(Default)]
struct FolderList(Vec<String>);

impl FolderList {
    fn add(&mut self, tree: &DiskTree, rel: &str) -> Result<()> {
        let mut missing = Vec::new();
        let mut here = rel.to_string();
        while here != "." && !tree.real_path(&here)?.exists() {
            missing.push(here.clone());
            here = parent_of(&here).to_string();
        }
        for folder in missing.into_iter().rev() {
            if !self.0.contains(&folder) {
                self.0.push(folder);
            }
        }
        Ok(())
    }
}

/// Keep the mode of a file being replaced; new env files are private, and
/// an env file that now holds a secret stops being readable by others.
fn mode_of(target: &Path, change: &Change) -> (u32, bool) {
    let adds_secret = change.private && change.env_keys.iter().any(|k| k.secret && k.action == KeyAction::Add);
    match fs::metadata(target) {
        Ok(meta) if adds_secret && meta.permissions().mode() & 0o077 != 0 => (meta.permissions().mode() & 0o7700, true),
        Ok(meta) => (meta.permissions().mode() & 0o7777, false),
        Err(_) if change.private => (0o600, false),
        Err(_) => (0o644, false),
    }
}

/// Replaces the journal atomically (written beside it, synced, renamed).
fn write_journal(tree: &DiskTree, journal: &Journal, steps: &mut Steps) -> Result<()> {
    let root = tree.root();
    let folder = root.join(".authgen");
    if !folder.is_dir() {
        steps.run(|| fs::create_dir(&folder)).map_err(|e| write_error(".authgen", &e))?;
    }
    let text = serde_json::to_string_pretty(journal).expect("the journal serializes");
    let staged = root.join(JOURNAL_STAGED);
    steps
        .run(|| {
            let mut file = fs::File::create(&staged)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .map_err(|e| write_error(JOURNAL, &e))?;
    steps.run(|| fs::rename(&staged, root.join(JOURNAL))).map_err(|e| write_error(JOURNAL, &e))
}

fn stage(tree: &DiskTree, journal: &Journal, staged: &[Staged], steps: &mut Steps) -> Result<()> {
    for folder in &journal.folders {
        let path = tree.real_path(folder)?;
        if !path.is_dir() {
            steps.run(|| fs::create_dir(&path)).map_err(|e| write_error(folder, &e))?;
        }
    }
    for backup in &journal.backups {
        let (from, to) = (tree.real_path(&backup.original)?, tree.real_path(&backup.copy)?);
        steps
            .run(|| fs::copy(&from, &to).and_then(|_| fs::File::open(&to)?.sync_all()))
            .map_err(|e| write_error(&backup.copy, &e))?;
    }
    for (item, planned) in staged.iter().zip(&journal.moves) {
        let path = tree.real_path(&planned.temp)?;
        steps
            .run(|| {
                let mut file = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
                file.write_all(item.content.as_bytes())?;
                file.set_permissions(fs::Permissions::from_mode(item.mode))?;
                file.sync_all()
            })
            .map_err(|e| write_error(&item.rel, &e))?;
    }
    Ok(())
}

/// Renames every staged file into place and deletes the removed files.
/// Safe to repeat: a move whose temporary file is gone already happened.
fn commit(tree: &DiskTree, journal: &Journal, steps: &mut Steps) -> Result<Vec<String>> {
    let mut kept = Vec::new();
    for planned in &journal.moves {
        let temp = tree.real_path(&planned.temp)?;
        if !temp.exists() {
            continue;
        }
        let target = tree.real_path(&planned.target)?;
        let now = digest_of(&target).map_err(|e| commit_error(&planned.target, &e))?;
        if now != planned.was {
            // Changed since it was staged (by a person, between an interrupted
            // run and this one): theirs stays.
            steps.run(|| fs::remove_file(&temp)).map_err(|e| commit_error(&planned.temp, &e))?;
            kept.push(planned.target.clone());
            continue;
        }
        steps.run(|| fs::rename(&temp, &target)).map_err(|e| commit_error(&planned.target, &e))?;
    }
    for removal in &journal.removals {
        let path = tree.real_path(&removal.path)?;
        match digest_of(&path).map_err(|e| commit_error(&removal.path, &e))? {
            Some(now) if now == removal.was => {
                steps.run(|| fs::remove_file(&path)).map_err(|e| commit_error(&removal.path, &e))?;
                remove_empty_parents(tree, &removal.path, steps)?;
            }
            Some(_) => kept.push(removal.path.clone()),
            None => {}
        }
    }
    Ok(kept)
}

/// Deletes the folders a removed file leaves empty, up to the repository root.
fn remove_empty_parents(tree: &DiskTree, rel: &str, steps: &mut Steps) -> Result<()> {
    let mut folder = parent_of(rel).to_string();
    while folder != "." {
        let path = tree.real_path(&folder)?;
        if fs::read_dir(&path).map_or(true, |mut entries| entries.next().is_some()) {
            break;
        }
        steps.run(|| fs::remove_dir(&path)).map_err(|e| commit_error(&folder, &e))?;
        folder = parent_of(&folder).to_string();
    }
    Ok(())
}

/// Undoes a staging phase: its temporary files, backups and new folders go,
/// then the journal. Only files the journal names, with authgen's naming.
fn roll_back(tree: &DiskTree, journal: &Journal) -> Result<usize> {
    let mut deleted = 0;
    for planned in &journal.moves {
        let name = planned.temp.rsplit('/').next().unwrap_or_default();
        let path = tree.real_path(&planned.temp)?;
        if is_temp_name(name) && path.is_file() {
            fs::remove_file(&path).map_err(|e| cleanup_error(&planned.temp, &e))?;
            deleted += 1;
        }
    }
    for backup in journal.backups.iter().filter(|b| b.copy.starts_with(".authgen/backup/")) {
        let path = tree.real_path(&backup.copy)?;
        if path.is_file() {
            fs::remove_file(&path).map_err(|e| cleanup_error(&backup.copy, &e))?;
        }
    }
    for file in [JOURNAL_STAGED, JOURNAL] {
        let path = tree.root().join(file);
        if path.exists() {
            fs::remove_file(&path).map_err(|e| cleanup_error(file, &e))?;
        }
    }
    // Deepest first; a folder that holds anything else stays (.authgen/
    // too, which the journal needed).
    for folder in journal.folders.iter().rev() {
        let _ = fs::remove_dir(tree.real_path(folder)?);
    }
    let _ = fs::remove_dir(tree.root().join(".authgen"));
    Ok(deleted)
}

/// Finishes or rolls back an apply that was interrupted (killed, power
/// lost), from its journal; `None` when there was none. Every command that
/// writes calls it first.
pub fn recover(tree: &DiskTree) -> Result<Option<Recovery>> {
    let root = tree.root();
    let staged = root.join(JOURNAL_STAGED);
    if staged.is_file() {
        fs::remove_file(&staged).map_err(|e| cleanup_error(JOURNAL_STAGED, &e))?;
    }
    let text = match fs::read_to_string(root.join(JOURNAL)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::usage(format!("{JOURNAL}: {}", crate::detect::io_reason(&e)))),
    };
    let journal: Journal = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{JOURNAL}: not a journal authgen can read ({e}); an interrupted run left it: check the files it lists, then delete it"
        ))
    })?;
    let recovery = match journal.phase {
        Phase::Staging => Recovery { action: "rolled-back", files: roll_back(tree, &journal)?, kept: Vec::new() },
        Phase::Committing => {
            let mut steps = Steps { done: 0, crash_after: None, fail_at: None };
            let pending = journal.moves.iter().filter(|m| root.join(&m.temp).exists()).count();
            let kept = commit(tree, &journal, &mut steps)?;
            fs::remove_file(root.join(JOURNAL)).map_err(|e| cleanup_error(JOURNAL, &e))?;
            Recovery { action: "finished", files: pending - kept.len().min(pending), kept }
        }
    };
    Ok(Some(recovery))
}

/// Whether an interrupted apply is waiting to be finished (for `--dry-run`,
/// which changes nothing).
pub fn interrupted(tree: &DiskTree) -> bool {
    tree.root().join(JOURNAL).is_file()
}

/// Deletes temporary files with authgen's naming that no journal lists (left
/// by an authgen older than the journal) in the folders a plan writes to.
pub fn sweep(tree: &DiskTree, changes: &[Change]) -> Result<Vec<String>> {
    // The folders of the files and every folder above them.
    let mut folders: Vec<&str> = Vec::new();
    for change in changes {
        let mut folder = parent_of(&change.path);
        while folder != "." {
            folders.push(folder);
            folder = parent_of(folder);
        }
    }
    folders.push(".");
    folders.sort_unstable();
    folders.dedup();
    let mut removed = Vec::new();
    for folder in folders {
        let path: PathBuf = tree.real_path(folder)?;
        let Ok(entries) = fs::read_dir(&path) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_temp_name(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                let rel = crate::paths::join(folder, &name);
                fs::remove_file(entry.path()).map_err(|e| cleanup_error(&rel, &e))?;
                removed.push(rel);
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_authgens_own_temporary_names_count() {
        assert!(is_temp_name(".authgen-a1B2c3"));
        for name in [".authgen-journal", ".authgen-a1B2c", ".authgen-a1B2c3d", ".authgen-a1-2c3", "authgen-a1B2c3"] {
            assert!(!is_temp_name(name), "{name}");
        }
    }
}
