//! One pruned walk over the repository that reads only manifests, then a
//! classification of the folders it saw: Next.js apps, backends, other web
//! apps and workspace packages.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::manifest::{depends_on, depends_on_runtime, read_optional, read_package_json};
use super::{FoundBackend, OtherApp, Repo, SKIPPED};
use crate::cli::Backend;
use crate::error::{Error, Result};

/// How deep the scan looks for manifests (apps/web/package.json is depth 3).
const MAX_DEPTH: usize = 4;

/// Packages that make a folder a web app built with something else than Next.js.
const OTHER_FRAMEWORKS: &[(&str, &str)] = &[
    ("react-scripts", "Create React App"),
    ("@remix-run/react", "Remix"),
    ("@react-router/dev", "React Router"),
    ("astro", "Astro"),
    ("nuxt", "Nuxt"),
    ("@sveltejs/kit", "SvelteKit"),
    ("gatsby", "Gatsby"),
    ("@angular/core", "Angular"),
    ("@tanstack/react-start", "TanStack Start"),
    ("expo", "Expo"),
    ("vite", "Vite"),
];

/// Files that mark `docs/` as a documentation site of its own.
const DOCS_SITE_MARKERS: &[&str] = &[
    "docs.json",
    "mint.json",
    "mkdocs.yml",
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
    "conf.py",
    "book.toml",
    "_config.yml",
    "package.json",
    ".vitepress",
    "astro.config.mjs",
    "astro.config.ts",
    "theme.config.tsx",
];

/// What the walk saw in one folder.
#[derive(Default)]
struct Folder {
    pkg: Option<Value>,
    next_config: bool,
    nest_cli: bool,
    /// A Python manifest that names fastapi.
    fastapi: bool,
}

/// Walks the repository, pruned and bounded, reading only manifests.
pub fn scan(root: &Path) -> Result<Repo> {
    let meta = std::fs::metadata(root)
        .map_err(|e| Error::usage(format!("--dir {}: {}", root.display(), super::io_reason(&e))))?;
    if !meta.is_dir() {
        return Err(Error::usage(format!("--dir {}: not a folder", root.display())));
    }
    std::fs::read_dir(root).map_err(|e| Error::usage(format!("--dir {}: {}", root.display(), super::io_reason(&e))))?;

    let mut repo = Repo::default();
    let folders = walk(root, &mut repo)?;
    classify(root, &folders, &mut repo);
    repo.docs_site = root.join("mkdocs.yml").is_file()
        || DOCS_SITE_MARKERS.iter().any(|marker| root.join("docs").join(marker).exists())
        || repo.next_apps.iter().any(|dir| dir == "docs");
    let depth = |dir: &str| if dir == "." { 0 } else { dir.matches('/').count() + 1 };
    repo.next_apps.sort_by(|a, b| depth(a).cmp(&depth(b)).then(a.cmp(b)));
    repo.backends.sort_by(|a, b| depth(&a.dir).cmp(&depth(&b.dir)).then(a.dir.cmp(&b.dir)));
    Ok(repo)
}

fn walk(root: &Path, repo: &mut Repo) -> Result<BTreeMap<String, Folder>> {
    let mut ignored_dirs = ignore::gitignore::GitignoreBuilder::new(root);
    let _ = ignored_dirs.add(root.join(".gitignore"));
    let ignored_dirs = ignored_dirs.build().unwrap_or_else(|_| ignore::gitignore::Gitignore::empty());
    let walker = ignore::WalkBuilder::new(root)
        .max_depth(Some(MAX_DEPTH))
        .hidden(true)
        .parents(false)
        // The root .gitignore prunes folders only: a `*.json` line must not
        // hide package.json, but an ignored folder is not part of the project.
        .git_ignore(false)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .ignore(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let skipped = entry.file_name().to_str().is_some_and(|name| SKIPPED.contains(&name));
            !(is_dir && (skipped || (entry.depth() > 0 && ignored_dirs.matched(entry.path(), true).is_ignore())))
        })
        .build();
    let mut folders: BTreeMap<String, Folder> = BTreeMap::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                repo.warnings.push(format!("skipped: {}", walk_error(&error, root)));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let Some(dir) = entry.path().parent().and_then(|p| p.strip_prefix(root).ok()) else {
            continue;
        };
        let Some(dir) = dir.to_str() else {
            continue;
        };
        let dir = if dir.is_empty() { ".".to_string() } else { dir.to_string() };
        let warn = |repo: &mut Repo, error: Error| match error {
            Error::Usage(warning) => {
                repo.warnings.push(format!("{warning} (skipped)"));
                Ok(())
            }
            other => Err(other),
        };
        match name.as_ref() {
            "package.json" => {
                repo.has_node = true;
                match read_package_json(root, &dir) {
                    Ok(pkg) => folders.entry(dir).or_default().pkg = pkg.filter(Value::is_object),
                    Err(e) => warn(repo, e)?,
                }
            }
            n if n.starts_with("next.config.") => folders.entry(dir).or_default().next_config = true,
            "nest-cli.json" => folders.entry(dir).or_default().nest_cli = true,
            "pyproject.toml" | "Pipfile" | "requirements.txt" | "setup.py" => {
                repo.has_python = true;
                match read_optional(entry.path()) {
                    Ok(Some(text)) if text.to_ascii_lowercase().contains("fastapi") => {
                        folders.entry(dir).or_default().fastapi = true;
                    }
                    Ok(_) => {}
                    Err(e) => warn(repo, e)?,
                }
            }
            _ => {}
        }
    }
    Ok(folders)
}

/// Whether a package.json script runs `next` (next dev, next build, next start).
fn scripts_run_next(pkg: &Value) -> bool {
    let Some(scripts) = pkg.get("scripts").and_then(Value::as_object) else {
        return false;
    };
    scripts.values().filter_map(Value::as_str).any(|script| {
        let words: Vec<&str> = script.split(|c: char| c.is_whitespace() || c == '&' || c == ';').collect();
        words.windows(2).any(|w| w[0] == "next" && matches!(w[1], "dev" | "build" | "start"))
    })
}

/// The folders above `dir` (inside the repository), nearest first.
pub(super) fn ancestors(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut here = Path::new(dir);
    while let Some(parent) = here.parent() {
        let text = parent.to_string_lossy();
        if text.is_empty() {
            if dir != "." {
                out.push(".".to_string());
            }
            break;
        }
        out.push(text.into_owned());
        here = parent;
    }
    out
}

fn hoisted(folders: &BTreeMap<String, Folder>, dir: &str, name: &str) -> bool {
    ancestors(dir)
        .iter()
        .any(|up| folders.get(up).and_then(|f| f.pkg.as_ref()).is_some_and(|pkg| depends_on_runtime(pkg, name)))
}

/// Folders that hold projects to copy or look at, not the project itself:
/// a scaffolder's templates, examples, test fixtures.
const NOT_THE_PROJECT: &[&str] =
    &["templates", "template", "boilerplates", "starters", "examples", "fixtures", "__fixtures__", "testdata"];

/// Whether `dir` lies inside such a folder (`--frontend-dir` still reaches it).
fn scaffolding(dir: &str) -> bool {
    dir.split('/').any(|part| NOT_THE_PROJECT.contains(&part))
}

fn classify(root: &Path, folders: &BTreeMap<String, Folder>, repo: &mut Repo) {
    for (dir, folder) in folders.iter().filter(|(dir, _)| !scaffolding(dir)) {
        let path = root.join(dir);
        let pkg = folder.pkg.as_ref();
        if pkg.is_some_and(|p| depends_on_runtime(p, "better-auth")) {
            repo.better_auth.push(dir.clone());
        }
        let has_routes = ["app", "pages", "src/app", "src/pages"].iter().any(|d| path.join(d).is_dir());
        let next_here = pkg.is_some_and(|p| depends_on_runtime(p, "next"));
        // An app has a manifest of its own: a folder with a next.config and
        // routes but no package.json is template files a script copies.
        let is_next = pkg.is_some()
            && (folder.next_config
                || pkg.is_some_and(scripts_run_next)
                || (has_routes && (next_here || hoisted(folders, dir, "next"))));
        if is_next {
            repo.next_apps.push(dir.clone());
            continue;
        }
        // A workspace root lists what its packages share (hoisted): it is
        // neither an app nor a backend unless it has their own markers.
        // (A turbo.json alone is no marker: turborepo packages may have their own.)
        let workspace_root =
            pkg.is_some_and(|p| p.get("workspaces").is_some()) || path.join("pnpm-workspace.yaml").is_file();
        if workspace_root && !folder.nest_cli {
            continue;
        }
        let framework = if folder.nest_cli || pkg.is_some_and(|p| depends_on(p, "@nestjs/core")) {
            Some(Backend::Nestjs)
        } else if pkg.is_some_and(|p| depends_on(p, "express")) {
            Some(Backend::Express)
        } else {
            None
        };
        if let Some(framework) = framework {
            repo.backends.push(FoundBackend { dir: dir.clone(), framework });
        } else if let Some(kind) =
            pkg.and_then(|p| OTHER_FRAMEWORKS.iter().find(|(name, _)| depends_on(p, name))).map(|(_, kind)| *kind)
        {
            repo.other_apps.push(OtherApp { dir: dir.clone(), kind });
        } else if pkg.is_some() && dir != "." {
            repo.packages.push(dir.clone());
        }
    }
    // FastAPI: the folder of its manifest, or (Vercel's layout) `api/` beside
    // a Next.js app whose folder holds the Python manifest.
    for dir in folders.iter().filter(|(dir, f)| f.fastapi && !scaffolding(dir)).map(|(dir, _)| dir) {
        let backend_dir = if repo.next_apps.contains(dir) || repo.backends.iter().any(|b| &b.dir == dir) {
            let api = super::display_rel(dir, "api");
            if !has_python_files(&root.join(&api)) {
                continue;
            }
            api
        } else {
            dir.clone()
        };
        if !repo.backends.iter().any(|b| b.dir == backend_dir) {
            repo.backends.push(FoundBackend { dir: backend_dir, framework: Backend::Fastapi });
        }
    }
}

fn has_python_files(folder: &Path) -> bool {
    std::fs::read_dir(folder)
        .is_ok_and(|entries| entries.flatten().any(|e| e.path().extension().is_some_and(|ext| ext == "py")))
}

fn walk_error(error: &ignore::Error, root: &Path) -> String {
    let text = error.to_string();
    text.replace(&format!("{}/", root.display()), "").split(" (os error").next().unwrap_or(&text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_stop_at_the_root() {
        assert_eq!(ancestors("apps/web"), ["apps", "."]);
        assert_eq!(ancestors("web"), ["."]);
        assert!(ancestors(".").is_empty());
    }

    #[test]
    fn next_scripts_are_recognised() {
        let pkg = serde_json::json!({ "scripts": { "dev": "next dev --turbopack", "x": "echo next" } });
        assert!(scripts_run_next(&pkg));
        assert!(!scripts_run_next(&serde_json::json!({ "scripts": { "lint": "eslint next" } })));
    }
}
