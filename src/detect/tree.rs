//! The repository as the plan sees it: the current content of relative
//! paths, refusing paths that leave the repository. Read-only.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::manifest::{io_reason, read_optional};
use crate::error::{Error, Result};

/// Paths that resolve outside the repository (through a symlink) are refused.
pub trait Tree {
    fn read(&self, rel: &str) -> Result<Option<String>>;
}

/// The real repository on disk, read-only.
pub struct DiskTree {
    root: PathBuf,
}

impl DiskTree {
    pub fn new(root: &Path) -> Result<Self> {
        let root =
            root.canonicalize().map_err(|e| Error::usage(format!("--dir {}: {}", root.display(), io_reason(&e))))?;
        Ok(DiskTree { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `rel` really is: symlinks in existing parts resolved. Refuses a
    /// path that leaves the repository.
    pub fn real_path(&self, rel: &str) -> Result<PathBuf> {
        let mut existing = self.root.clone();
        let mut rest = PathBuf::new();
        for component in Path::new(rel).components() {
            match component {
                Component::Normal(part) if rest.as_os_str().is_empty() => {
                    let next = existing.join(part);
                    match fs::symlink_metadata(&next) {
                        Ok(_) => {
                            existing = next
                                .canonicalize()
                                .map_err(|e| Error::usage(format!("{rel}: {} (a broken symlink?)", io_reason(&e))))?;
                        }
                        Err(_) => rest.push(part),
                    }
                }
                Component::Normal(part) => rest.push(part),
                Component::CurDir => {}
                _ => {
                    return Err(Error::usage(format!("{rel}: must stay inside the repository")));
                }
            }
        }
        if !existing.starts_with(&self.root) {
            return Err(Error::usage(format!(
                "{rel}: resolves through a symlink to {}, outside the repository; remove the link or choose another folder",
                existing.display()
            )));
        }
        Ok(if rest.as_os_str().is_empty() { existing } else { existing.join(rest) })
    }
}

impl Tree for DiskTree {
    fn read(&self, rel: &str) -> Result<Option<String>> {
        let path = self.real_path(rel)?;
        read_optional(&path).map_err(|e| match e {
            Error::Usage(m) => Error::Usage(m.replace(&path.display().to_string(), rel)),
            other => other,
        })
    }
}
