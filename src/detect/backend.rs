//! A closer look at the chosen backend folder: how its packages are managed,
//! where its sources and entry point are, its module system and runner, and
//! the file that lists its dependencies.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::app::EnvFiles;
use super::manifest::{depends_on, package_manager, read_package_json, strip_jsonc};
use super::scan::ancestors;
use super::{BackendInfo, Language, ModuleKind, PythonTool, SKIPPED, display_rel, ports};
use crate::error::Result;

/// Inspects the chosen backend folder (which may not exist yet).
pub fn backend(root: &Path, dir: &str) -> Result<BackendInfo> {
    let path = root.join(dir);
    let pkg = read_package_json(root, dir)?.filter(Value::is_object);
    let typescript = path.join("tsconfig.json").is_file() || pkg.as_ref().is_some_and(|p| depends_on(p, "typescript"));
    // A folder without package.json gets the TypeScript ESM flavour.
    let language = if typescript || pkg.is_none() { Language::Typescript } else { Language::Javascript };
    // Node's rule: ESM only with "type": "module"; a new backend is written as ESM.
    let module = match pkg.as_ref().map(|p| p.get("type").and_then(Value::as_str)) {
        None | Some(Some("module")) => ModuleKind::Esm,
        Some(_) => ModuleKind::Commonjs,
    };
    let source_root = fs::read_to_string(path.join("nest-cli.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&strip_jsonc(&text)).ok())
        .and_then(|v| v.get("sourceRoot").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| {
            // Sources in src/ when it exists or the backend is new, else beside package.json.
            if path.join("src").is_dir() || pkg.is_none() { "src" } else { "." }.to_string()
        });
    let source_root = normalise(&source_root);
    let python = python_project(root, dir);
    let entry = fastapi_entry(&path);
    // The generated package goes beside the app's own code: the folder of the
    // FastAPI app (app/main.py -> app), else app/ or src/ when they exist, else
    // the backend folder itself when the app sits there (main.py), else app/.
    let python_package = match entry.as_ref().map(|(module, _)| module.as_str()) {
        Some(module) if module.contains('.') => module.rsplit_once('.').map(|(pkg, _)| pkg.replace('.', "/")),
        Some(_) => Some(".".to_string()),
        None => None,
    }
    .or_else(|| ["app", "src"].into_iter().find(|p| path.join(p).is_dir()).map(str::to_string))
    .unwrap_or_else(|| "app".to_string());
    // uvicorn runs from the folder of the Python manifest (Vercel's layout keeps
    // it above api/): the module path is relative to that folder.
    let run_dir = python.manifest_dir.clone().unwrap_or_else(|| dir.to_string());
    let prefix = if run_dir == "." {
        // A backend at the repository root runs from there: no prefix.
        (dir != ".").then(|| dir.replace('/', "."))
    } else {
        Path::new(dir).strip_prefix(Path::new(&run_dir)).ok().map(|p| p.to_string_lossy().replace('/', "."))
    };
    let entry_file = entry.as_ref().map(|(module, _)| display_rel(dir, &format!("{}.py", module.replace('.', "/"))));
    let entry = entry.map(|(module, var)| match prefix.as_deref() {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}.{module}:{var}"),
        _ => format!("{module}:{var}"),
    });
    let env = EnvFiles::read(root, dir)?;
    let port = backend_port(root, dir, &run_dir, pkg.as_ref(), &entry_file, &source_root, &env);
    let manifest = match &pkg {
        Some(_) => Some(display_rel(dir, "package.json")),
        None => python.manifest.clone(),
    };
    Ok(BackendInfo {
        package_manager: package_manager(root, dir)?,
        python_tool: python.tool,
        python_package,
        run_dir: run_dir.clone(),
        entry,
        manifest,
        language,
        module,
        runner: pkg.as_ref().and_then(runner),
        source_root,
        // The virtualenv beside the backend, or beside its manifest.
        virtualenv: [dir, run_dir.as_str()]
            .into_iter()
            .flat_map(|folder| [".venv", "venv"].map(|v| (folder, v)))
            .find(|(folder, v)| root.join(folder).join(v).join("bin/python").exists())
            .map(
                |(folder, v)| {
                    if folder == dir { v.to_string() } else { crate::paths::relative_to(dir, &display_rel(folder, v)) }
                },
            ),
        env_defined: env.defined_outside(".env"),
        port: port.as_ref().map(|(port, _)| *port),
        port_source: port.map(|(_, source)| source),
        warnings: env.warnings(&[display_rel(dir, ".env"), display_rel(dir, ".env.example")]),
    })
}

/// The backend's development port: its run commands, then its entry files
/// (the FastAPI module found, `main.py` and the like; the file its dev
/// script runs, `main`, `src/main.ts`, `src/index.ts` and the like).
fn backend_port(
    root: &Path,
    dir: &str,
    run_dir: &str,
    pkg: Option<&Value>,
    entry_file: &Option<String>,
    source_root: &str,
    env: &EnvFiles,
) -> Option<ports::Found> {
    let mut folders = vec![dir, run_dir, "."];
    folders.dedup();
    folders.retain(|f| !f.is_empty());
    let mut entries: Vec<String> = entry_file.iter().cloned().collect();
    for name in ["main.py", "run.py", "server.py", "__main__.py", "app/__main__.py"] {
        entries.push(display_rel(dir, name));
    }
    // The file the dev script runs (`tsx watch src/index.ts`) and `main`.
    let scripts = pkg.and_then(|p| p.get("scripts")).and_then(Value::as_object);
    for name in ["dev", "start:dev", "start", "serve"] {
        let Some(script) = scripts.and_then(|s| s.get(name)).and_then(Value::as_str) else { continue };
        let code = [".ts", ".js", ".mjs", ".cjs", ".mts", ".cts"];
        for word in script.split_whitespace().filter(|w| code.iter().any(|e| w.ends_with(e))) {
            entries.push(display_rel(dir, word.trim_start_matches("./")));
        }
    }
    if let Some(main) = pkg.and_then(|p| p.get("main")).and_then(Value::as_str) {
        entries.push(display_rel(dir, main.trim_start_matches("./")));
    }
    for folder in [source_root, "."] {
        for name in ["main", "index", "server", "app"] {
            for ext in ["ts", "js", "mjs", "cjs"] {
                entries.push(display_rel(dir, &display_rel(folder, &format!("{name}.{ext}"))));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| seen.insert(e.clone()));
    let files = ports::BackendFiles { folders, entries, env_port: env.value("PORT") };
    ports::backend_port(root, &files)
}

/// `./src/` -> `src`, `.` and `./` -> `.`.
fn normalise(folder: &str) -> String {
    let parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

/// How the backend is run in development, from its scripts.
fn runner(pkg: &Value) -> Option<String> {
    let scripts = pkg.get("scripts")?.as_object()?;
    let script = ["dev", "start:dev", "start", "serve"].iter().find_map(|name| scripts.get(*name)?.as_str())?;
    ["ts-node-dev", "ts-node", "tsx", "esbuild-register", "@swc-node/register", "nodemon", "nest", "bun", "node"]
        .into_iter()
        .find(|runner| script.split_whitespace().any(|word| word == *runner || word.ends_with(&format!("/{runner}"))))
        .map(|runner| match runner {
            // `node -r esbuild-register` is named by what registers TypeScript.
            "node" if script.contains("esbuild-register") => "esbuild-register",
            "node" if script.contains("ts-node") => "ts-node",
            "node" if script.contains("tsx") => "tsx",
            other => other,
        })
        .map(str::to_string)
}

struct PythonProject {
    tool: PythonTool,
    /// The folder of the nearest manifest (the backend's, or one above it).
    manifest_dir: Option<String>,
    /// The file to add dependencies to: requirements.txt or pyproject.toml.
    manifest: Option<String>,
}

/// The Python tool and manifest: uv (uv.lock or a uv workspace), poetry
/// (poetry.lock or [tool.poetry]) or pip, looking in the backend folder and
/// then the folders above it.
fn python_project(root: &Path, dir: &str) -> PythonProject {
    let mut folders = vec![dir.to_string()];
    folders.extend(ancestors(dir));
    let mut project = PythonProject { tool: PythonTool::Pip, manifest_dir: None, manifest: None };
    for folder in &folders {
        let here = root.join(folder);
        // A pyproject.toml that only configures tools (`[tool.black]`) is no
        // dependency manifest: a Pipfile project keeps its packages elsewhere.
        let pyproject = fs::read_to_string(here.join("pyproject.toml"))
            .ok()
            .filter(|t| t.contains("[project]") || t.contains("[tool.poetry") || t.contains("[tool.uv"));
        let requirements = here.join("requirements.txt").is_file();
        if project.manifest.is_none() && (pyproject.is_some() || requirements) {
            project.manifest_dir = Some(folder.clone());
            project.manifest = Some(if requirements && pyproject.as_ref().is_none_or(|t| !t.contains("[project]")) {
                display_rel(folder, "requirements.txt")
            } else {
                display_rel(folder, "pyproject.toml")
            });
        }
        let text = pyproject.unwrap_or_default();
        if here.join("uv.lock").is_file() || text.contains("[tool.uv.workspace]") {
            project.tool = PythonTool::Uv;
            break;
        }
        if here.join("poetry.lock").is_file() || text.contains("[tool.poetry") {
            project.tool = PythonTool::Poetry;
            break;
        }
    }
    // A plain requirements.txt is pip's, whatever lock sits higher up.
    if project.manifest.as_deref().is_some_and(|m| m.ends_with("requirements.txt")) {
        project.tool = PythonTool::Pip;
    }
    project
}

/// The module and variable of the FastAPI app (`app.main`, `app`), looked for
/// in the backend folder and two levels below it.
fn fastapi_entry(backend: &Path) -> Option<(String, String)> {
    if !backend.is_dir() {
        return None;
    }
    let mut found: Vec<(usize, String, String)> = Vec::new();
    let walker = ignore::WalkBuilder::new(backend)
        .max_depth(Some(3))
        .hidden(true)
        .parents(false)
        .require_git(false)
        .filter_entry(|e| !e.file_name().to_str().is_some_and(|n| SKIPPED.contains(&n) || n == "tests"))
        .build();
    for entry in walker.flatten().take(2000) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "py") || entry.metadata().map_or(true, |m| m.len() > 256 * 1024) {
            continue;
        }
        let Ok(text) = fs::read_to_string(path) else { continue };
        let var = text.lines().find_map(|line| {
            let (name, value) = line.split_once('=')?;
            let name = name.trim().split(':').next()?.trim();
            let value = value.trim_start();
            let is_app = value.starts_with("FastAPI(") || value.starts_with("fastapi.FastAPI(");
            (is_app && !line.starts_with([' ', '\t']) && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
                .then(|| name.to_string())
        });
        let (Some(var), Ok(rel)) = (var, path.strip_prefix(backend)) else { continue };
        let module = rel.with_extension("").to_string_lossy().replace('/', ".");
        found.push((module.matches('.').count(), module, var));
    }
    // The shallowest, preferring main/app/index modules.
    found.sort_by_key(|(depth, module, _)| {
        let preferred = ["main", "app", "index", "server", "api"].iter().any(|m| module.ends_with(m));
        (*depth, !preferred, module.clone())
    });
    found.into_iter().next().map(|(_, module, var)| (module, var))
}
