//! Where the plan meets the tree and the record: each planned file gets its
//! action (create, update, merge, unchanged, conflict), and the record of
//! what authgen wrote decides which files are authgen's. Reads only.

use serde::Serialize;

use crate::answers::Resolved;
use crate::detect::Tree;
use crate::envfile::{self, KeyStatus};
use crate::error::Result;
use crate::outputs::{Content, Plan};
use crate::paths::join;
use crate::record::Record;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    /// The user's edits kept and the template's change applied (three-way merge).
    Merge,
    Unchanged,
    Conflict,
    /// A file authgen wrote that these answers no longer generate, untouched
    /// since (it matches the record): deleted.
    Remove,
}

/// One file of the plan compared with what is on disk.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub role: &'static str,
    pub action: Action,
    pub old: Option<String>,
    pub new: String,
    /// For env files: what happens to each key.
    pub env_keys: Vec<KeyStatus>,
    /// A real env file: created with mode 0600, content never shown.
    pub private: bool,
    /// For a conflict after a three-way merge: the line ranges where the
    /// user's edits overlap the template's change.
    pub overlaps: Vec<(usize, usize)>,
    /// What the user must do by hand (an edit authgen could not make safely).
    pub remark: Option<String>,
}

/// The record decides ownership: a file `.authgen/base.json` lists is
/// authgen's on every later run, whatever its kind (config, client, route
/// handler, route guard), so the plan renders it again and `resolve` merges
/// it three ways like every other file. Only what the record does not list
/// is the app's own, kept (or edited in place) and reported as such.
pub fn claim(mut resolved: Resolved, record: Option<&Record>) -> Resolved {
    let Some(record) = record else { return resolved };
    let ours = |path: &str| record.files.contains_key(path);
    let app_dir = resolved.answers.frontend_dir.clone();
    let frontend = &mut resolved.frontend;
    if frontend.existing_auth.as_ref().is_some_and(|found| ours(&found.path)) {
        frontend.existing_auth = None;
    }
    if frontend.existing_client.as_ref().is_some_and(|found| ours(&found.path)) {
        frontend.existing_client = None;
    }
    if frontend.route_handler.as_deref().is_some_and(ours) {
        frontend.route_handler = None;
    }
    frontend.taken.retain(|path| !ours(path));
    frontend.served_pages.retain(|(_, path)| !ours(path));
    // The route guard is found relative to the app's folder.
    if frontend.route_guard.as_deref().is_some_and(|guard| ours(&join(&app_dir, guard))) {
        frontend.route_guard = None;
    }
    resolved
}

/// Compares the plan with the tree and decides every file's action.
/// A generated file the user edited is merged three ways with what authgen
/// wrote last time (`record`); with `force`, replaced files are backed up
/// under `.authgen/backup/`, which the .gitignore then covers too. The last
/// change is the new record.
pub fn resolve(plan: &Plan, tree: &dyn Tree, force: bool, record: Option<&Record>) -> Result<Vec<Change>> {
    let mut changes: Vec<Change> = Vec::new();
    for output in &plan.outputs {
        let old = tree.read(&output.path)?;
        let mut env_keys = Vec::new();
        let mut private = false;
        let mut overlaps = Vec::new();
        let mut remark = None;
        let (new, may_conflict) = match &output.content {
            Content::Generated(text) => (text.clone(), true),
            Content::Owned(text) => (text.clone(), false),
            Content::Env { entries, real, elsewhere, tracked } => {
                private = *real;
                let recorded = record.and_then(|r| r.env.get(&output.path));
                let (text, keys) = envfile::merge(&output.path, old.as_deref(), entries, elsewhere, recorded)?;
                if let Some(secret) = keys.iter().find(|k| *tracked && k.secret && k.action == envfile::KeyAction::Add)
                {
                    return Err(crate::error::Error::usage(format!(
                        "{} is committed to git, and authgen would write {} into it: untrack it (git rm --cached {}), list it in .gitignore, then rerun",
                        output.path, secret.key, output.path
                    )));
                }
                env_keys = keys;
                (text, false)
            }
            Content::Ignore { paths, keep, folders } => {
                let mut paths = paths.clone();
                if force && changes.iter().any(|c| c.action == Action::Conflict) {
                    paths.push(".authgen/backup/".into());
                }
                changes.extend(ignore_changes(tree, &output.path, old, (&paths, keep), folders)?);
                continue;
            }
            Content::Manifest { kind, wanted } => {
                let Some(current) = old.as_deref() else { continue };
                (crate::manifests::add(*kind, &output.path, current, wanted)?, false)
            }
            Content::Edit(edit) => {
                let Some(current) = old.as_deref() else { continue };
                match crate::edit::apply(&output.path, current, edit) {
                    Ok(edited) => (edited.unwrap_or_else(|| current.to_string()), false),
                    Err(reason) => {
                        remark = Some(format!("{reason}; {}", crate::edit::by_hand(edit)));
                        (current.to_string(), false)
                    }
                }
            }
        };
        let base = record.and_then(|r| r.files.get(&output.path));
        let (action, new) = match (&old, base) {
            (None, _) => (Action::Create, new),
            (Some(old), _) if *old == new => (Action::Unchanged, new),
            (Some(_), _) if !may_conflict => (Action::Update, new),
            // The user never touched it: authgen's new version replaces it.
            (Some(old), Some(base)) if old == base => (Action::Update, new),
            (Some(old), Some(base)) => match crate::record::merge(base, old, &new) {
                Ok(merged) if merged == *old => (Action::Unchanged, merged),
                Ok(merged) => (Action::Merge, merged),
                Err(ranges) => {
                    overlaps = ranges;
                    (Action::Conflict, new)
                }
            },
            (Some(_), None) => (Action::Conflict, new),
        };
        changes.push(Change {
            path: output.path.clone(),
            role: output.role,
            action,
            old,
            new,
            env_keys,
            private,
            overlaps,
            remark,
        });
    }
    let kept = orphans(plan, tree, record, &mut changes)?;
    changes.push(record_change(plan, tree, record, &kept)?);
    Ok(changes)
}

/// Files authgen wrote earlier that this plan no longer generates (pages
/// turned off, another guard name, a docs folder moved): one still as
/// authgen wrote it is removed; one the user edited stays, with a remark,
/// and stays recorded. Returns the paths kept that way.
fn orphans(plan: &Plan, tree: &dyn Tree, record: Option<&Record>, changes: &mut Vec<Change>) -> Result<Vec<String>> {
    let mut kept = Vec::new();
    for (path, base) in record.map(|r| &r.files).into_iter().flatten() {
        if plan.outputs.iter().any(|o| &o.path == path) {
            continue;
        }
        let Some(current) = tree.read(path)? else { continue };
        let untouched = current == *base;
        let remark = (!untouched).then(|| {
            "no longer generated with these answers, but you edited it: kept as it is (delete it if nothing uses it)"
                .to_string()
        });
        if !untouched {
            kept.push(path.clone());
        }
        changes.push(Change {
            path: path.clone(),
            role: "orphan",
            action: if untouched { Action::Remove } else { Action::Unchanged },
            new: if untouched { String::new() } else { current.clone() },
            old: Some(current),
            env_keys: Vec::new(),
            private: false,
            overlaps: Vec::new(),
            remark,
        });
    }
    Ok(kept)
}

/// `.authgen/base.json` with this plan's generated files and env values,
/// and the earlier files the user edited that this plan no longer generates
/// (`kept`), so a later run that generates them again merges.
fn record_change(plan: &Plan, tree: &dyn Tree, previous: Option<&Record>, kept: &[String]) -> Result<Change> {
    let mut record = Record::of(plan);
    for (path, text) in previous.map(|r| &r.files).into_iter().flatten() {
        if kept.contains(path) {
            record.files.insert(path.clone(), text.clone());
        }
    }
    let new = record.render();
    let old = tree.read(crate::record::RECORD_FILE)?;
    let action = match &old {
        None => Action::Create,
        Some(old) if *old == new => Action::Unchanged,
        Some(_) => Action::Update,
    };
    Ok(Change {
        path: crate::record::RECORD_FILE.into(),
        role: "record",
        action,
        old,
        new,
        env_keys: Vec::new(),
        private: false,
        overlaps: Vec::new(),
        remark: None,
    })
}

/// The root .gitignore (always listed) and any nested one that must keep an
/// example env file it would hide.
fn ignore_changes(
    tree: &dyn Tree,
    root_path: &str,
    root_text: Option<String>,
    (ignore, keep): (&[String], &[String]),
    folders: &[String],
) -> Result<Vec<Change>> {
    let mut files = vec![envfile::IgnoreFile { folder: String::new(), text: root_text }];
    for folder in folders {
        if let Some(text) = tree.read(&join(folder, ".gitignore"))? {
            files.push(envfile::IgnoreFile { folder: folder.clone(), text: Some(text) });
        }
    }
    let edits = envfile::ignore_edits(&files, ignore, keep)?;
    let mut changes = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let edited = edits.iter().find(|(i, _)| *i == index).map(|(_, text)| text.clone());
        if index > 0 && edited.is_none() {
            continue;
        }
        let new = edited.clone().or_else(|| file.text.clone()).unwrap_or_default();
        let action = match (&file.text, &edited) {
            (_, None) => Action::Unchanged,
            (None, Some(_)) => Action::Create,
            (Some(_), Some(_)) => Action::Update,
        };
        // No root .gitignore and nothing to add: nothing to list.
        if index == 0 && file.text.is_none() && edited.is_none() {
            continue;
        }
        let path = if index == 0 { root_path.to_string() } else { join(&file.folder, ".gitignore") };
        changes.push(Change {
            path,
            role: "gitignore",
            action,
            old: file.text.clone(),
            new,
            env_keys: Vec::new(),
            private: false,
            overlaps: Vec::new(),
            remark: None,
        });
    }
    Ok(changes)
}
