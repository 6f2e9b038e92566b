//! The only code that writes. Everything is staged first (temporary files in
//! the target folders, backups of replaced files); only when every stage
//! succeeded are the temporary files renamed into place. A failure while
//! staging removes what was staged and leaves the tree as it was.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tempfile::NamedTempFile;

use crate::detect::DiskTree;
use crate::envfile::KeyAction;
use crate::error::{Error, Result};
use crate::plan::{Action, Change};
use crate::present::Outcome;

/// Folders this run created, removed again (deepest first) if staging fails.
struct CreatedDirs(Vec<PathBuf>);

impl CreatedDirs {
    fn create(&mut self, dir: &Path) -> std::io::Result<()> {
        let mut missing = Vec::new();
        let mut here = dir;
        while !here.exists() {
            missing.push(here.to_path_buf());
            match here.parent() {
                Some(parent) => here = parent,
                None => break,
            }
        }
        for folder in missing.into_iter().rev() {
            fs::create_dir(&folder)?;
            self.0.push(folder);
        }
        Ok(())
    }

    fn undo(&mut self) {
        for folder in self.0.drain(..).rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

struct Staged {
    temp: NamedTempFile,
    target: PathBuf,
    rel: String,
    /// An env file whose mode was narrowed to the owner because it now holds a secret.
    tightened: bool,
}

/// Writes every file whose action is create or update (and conflict, when
/// `force`), backing up replaced files under `.authgen/backup/<timestamp>/`.
pub fn apply(tree: &DiskTree, changes: &[Change], force: bool, timestamp: &str) -> Result<Outcome> {
    let mut dirs = CreatedDirs(Vec::new());
    match stage_all(tree, changes, force, timestamp, &mut dirs) {
        Ok((staged, replaced, backup_dir)) => {
            let mut written = Vec::new();
            let mut tightened = Vec::new();
            for item in staged {
                if item.tightened {
                    tightened.push(item.rel.clone());
                }
                item.temp
                    .persist(&item.target)
                    .map_err(|e| anyhow::anyhow!("cannot move {} into place: {}", item.rel, e.error))?;
                written.push(item.rel);
            }
            Ok(Outcome { written, replaced, backup_dir, tightened, ..Outcome::new("written") })
        }
        Err(error) => {
            // Staged temporary files are deleted when dropped; remove new folders too.
            dirs.undo();
            Err(error)
        }
    }
}

type StageResult = (Vec<Staged>, Vec<String>, Option<String>);

fn stage_all(
    tree: &DiskTree,
    changes: &[Change],
    force: bool,
    timestamp: &str,
    dirs: &mut CreatedDirs,
) -> Result<StageResult> {
    let mut staged = Vec::new();
    let mut replaced = Vec::new();
    let backup_rel = format!(".authgen/backup/{timestamp}");
    let mut backup_used = false;
    for change in changes {
        let writes = match change.action {
            Action::Create | Action::Update | Action::Merge => true,
            Action::Conflict => force,
            Action::Unchanged => false,
        };
        if !writes {
            continue;
        }
        let target = tree.real_path(&change.path)?;
        if change.action == Action::Conflict {
            let backup = tree.real_path(&format!("{backup_rel}/{}", change.path))?;
            let parent = backup.parent().expect("a backup path has a parent");
            dirs.create(parent).map_err(|e| write_error(".authgen/backup", &e))?;
            fs::copy(&target, &backup).map_err(|e| write_error(&format!("{backup_rel}/{}", change.path), &e))?;
            replaced.push(change.path.clone());
            backup_used = true;
        }
        staged.push(stage(&target, change, dirs)?);
    }
    Ok((staged, replaced, backup_used.then_some(backup_rel)))
}

fn stage(target: &Path, change: &Change, dirs: &mut CreatedDirs) -> Result<Staged> {
    let parent = target.parent().expect("a file path has a parent");
    dirs.create(parent).map_err(|e| write_error(&change.path, &e))?;
    let mut temp =
        tempfile::Builder::new().prefix(".authgen-").tempfile_in(parent).map_err(|e| write_error(&change.path, &e))?;
    temp.write_all(change.new.as_bytes())
        .and_then(|_| temp.as_file().sync_all())
        .map_err(|e| write_error(&change.path, &e))?;
    // Keep the mode of a file being replaced; new env files are private, and
    // an env file that now holds a secret stops being readable by others.
    let adds_secret = change.private && change.env_keys.iter().any(|k| k.secret && k.action == KeyAction::Add);
    let (mode, tightened) = match fs::metadata(target) {
        Ok(meta) if adds_secret && meta.permissions().mode() & 0o077 != 0 => (meta.permissions().mode() & 0o7700, true),
        Ok(meta) => (meta.permissions().mode() & 0o7777, false),
        Err(_) if change.private => (0o600, false),
        Err(_) => (0o644, false),
    };
    fs::set_permissions(temp.path(), fs::Permissions::from_mode(mode))
        .with_context(|| format!("cannot set the mode of {}", change.path))?;
    Ok(Staged { temp, target: target.to_path_buf(), rel: change.path.clone(), tightened })
}

fn write_error(rel: &str, e: &std::io::Error) -> Error {
    Error::usage(format!(
        "cannot write {rel}: {}; nothing was written (check the folder's permissions)",
        crate::detect::io_reason(e)
    ))
}
