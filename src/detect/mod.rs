//! A read-only look at the repository: which Next.js app and backend are there,
//! the package manager, `src/`, the import alias, and the current content of the
//! files the plan wants to write. Nothing here writes.
//!
//! `scan` walks the whole repository once (pruned, manifests only); `frontend`
//! and `backend` then look closer at the folders chosen.

pub mod api_path;
mod app;
mod backend;
mod git;
mod manifest;
mod ports;
mod scan;
pub mod source;
mod tree;

use serde::Serialize;

pub use app::frontend;
pub use backend::backend;
pub use git::{tracked_env_files, tracked_env_files_and_databases};
pub use manifest::{display_rel, io_reason, node_major, node_version};
pub use scan::scan;
pub use tree::{DiskTree, Tree};

use crate::cli::{Backend, Db};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageManager {
    Npm,
    Pnpm,
    Yarn,
    Bun,
}

impl PackageManager {
    pub fn name(self) -> &'static str {
        match self {
            PackageManager::Npm => "npm",
            PackageManager::Pnpm => "pnpm",
            PackageManager::Yarn => "yarn",
            PackageManager::Bun => "bun",
        }
    }

    /// The package manager a `packageManager` field (`pnpm@10.1.0`) or a
    /// user agent (`pnpm/10.1.0 npm/? node/v20`) names.
    pub fn named_in(spec: &str) -> Option<PackageManager> {
        [PackageManager::Pnpm, PackageManager::Yarn, PackageManager::Bun, PackageManager::Npm]
            .into_iter()
            .find(|pm| spec.strip_prefix(pm.name()).is_some_and(|rest| rest.is_empty() || rest.starts_with(['@', '/'])))
    }

    /// The command that adds packages (`dev` for devDependencies).
    pub fn add_command(self, dev: bool) -> &'static str {
        match (self, dev) {
            (PackageManager::Npm, false) => "npm install",
            (PackageManager::Npm, true) => "npm install --save-dev",
            (PackageManager::Pnpm, false) => "pnpm add",
            (PackageManager::Pnpm, true) => "pnpm add --save-dev",
            (PackageManager::Yarn, false) => "yarn add",
            (PackageManager::Yarn, true) => "yarn add --dev",
            (PackageManager::Bun, false) => "bun add",
            (PackageManager::Bun, true) => "bun add --dev",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PythonTool {
    Pip,
    Uv,
    Poetry,
}

impl PythonTool {
    pub fn add_command(self) -> &'static str {
        match self {
            PythonTool::Pip => "pip install",
            PythonTool::Uv => "uv add",
            PythonTool::Poetry => "poetry add",
        }
    }
}

/// Folders the scan never enters: dependencies, build output, caches.
pub const SKIPPED: &[&str] = &[
    "node_modules",
    ".git",
    ".next",
    "dist",
    "build",
    "out",
    "target",
    ".venv",
    "venv",
    "__pycache__",
    ".turbo",
    "coverage",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Router {
    App,
    Pages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Typescript,
    Javascript,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModuleKind {
    Esm,
    Commonjs,
}

/// A backend folder the scan recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundBackend {
    pub dir: String,
    pub framework: Backend,
}

/// A web app that is not Next.js (Vite, Remix, Astro, ...): authgen does not
/// write into it, and does not invent a Next.js app beside it either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherApp {
    pub dir: String,
    pub kind: &'static str,
}

/// What the scan of the whole repository found: the candidates the wizard
/// offers as defaults.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Repo {
    /// Next.js apps (a next.config, `next` scripts, or app/ or pages/ with
    /// `next` in its own or a hoisted manifest), shallowest first.
    pub next_apps: Vec<String>,
    /// Folders holding a FastAPI, Express or NestJS backend, shallowest first.
    pub backends: Vec<FoundBackend>,
    /// Web apps built with something other than Next.js.
    pub other_apps: Vec<OtherApp>,
    /// Workspace packages that are neither apps nor backends (e.g. packages/auth).
    pub packages: Vec<String>,
    /// Folders whose package.json depends on better-auth.
    pub better_auth: Vec<String>,
    /// Whether any package.json / Python manifest was seen.
    pub has_node: bool,
    pub has_python: bool,
    /// `docs/` is a documentation site of its own (mkdocs, Mintlify,
    /// Docusaurus, ...): generated docs go elsewhere.
    pub docs_site: bool,
    /// One-line warnings about folders and manifests that could not be read.
    pub warnings: Vec<String>,
}

/// A file found by what it calls, e.g. an existing `betterAuth(...)` config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundFile {
    /// Relative to the repository root.
    pub path: String,
    /// Config: has the jwt plugin. Client: has jwtClient.
    pub jwt: bool,
    /// The exported name, when it is `export const NAME = ...`.
    pub export: Option<String>,
}

/// A variable an env file of the app already defines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Defined {
    pub key: String,
    /// Relative to the repository root.
    pub file: String,
}

/// What is known about the chosen frontend folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Frontend {
    pub exists: bool,
    pub has_src: bool,
    pub package_manager: PackageManager,
    /// TypeScript, or JavaScript (jsconfig.json, no typescript).
    pub language: Language,
    /// Tailwind CSS (v3 or v4) in its own or a hoisted manifest: pages use its classes.
    pub tailwind: bool,
    /// Import alias from tsconfig.json / jsconfig.json `paths`: (prefix such as
    /// "@/", folder it points to relative to the app, "" for the app root).
    pub alias: Option<(String, String)>,
    /// Major version of `next` in its own or a hoisted package.json.
    pub next_major: Option<u64>,
    /// Pages Router when the app has `pages/` and no `app/` folder.
    pub router: Router,
    /// The database, and what said so.
    pub db: Option<Db>,
    pub db_source: Option<String>,
    /// The variable holding the database URL (DATABASE_URL unless the app uses another).
    pub db_env: String,
    /// Existing files that protect routes (proxy.ts or middleware.ts), relative to the app.
    pub route_guard: Option<String>,
    /// Another auth library the app runs (Clerk, Supabase Auth, NextAuth),
    /// from its route guard or its dependencies.
    pub other_auth: Option<String>,
    /// Existing Better Auth server config (`betterAuth(`) in the app or its workspace packages.
    pub existing_auth: Option<FoundFile>,
    /// Existing Better Auth client (`createAuthClient(`).
    pub existing_client: Option<FoundFile>,
    /// Existing Better Auth route handler, relative to the repository root.
    pub route_handler: Option<String>,
    /// Another library's catch-all under api/auth (NextAuth's `[...nextauth]`).
    pub other_auth_route: Option<String>,
    /// A backend file that serves Better Auth itself (`toNodeHandler(auth)`):
    /// the Next.js app is then only its client.
    pub served_by: Option<String>,
    /// Variables the app's other env files already set (never shadowed by .env.local).
    pub env_defined: Vec<Defined>,
    /// The app's own files at paths authgen's modules use by default
    /// (`lib/api-client.ts`, `components/auth/sign-in-form.tsx`, ...),
    /// relative to the repository root.
    pub taken: Vec<String>,
    /// Pages of the app at the URLs authgen's pages use (`/sign-in`, ...),
    /// as (URL, file relative to the repository root): a route group
    /// (`app/(auth)/sign-in/page.tsx`) or an optional catch-all
    /// (`app/sign-in/[[...sign-in]]/page.tsx`, Clerk's) serves the same URL.
    pub served_pages: Vec<(String, String)>,
    /// The app's development port (`next dev -p 8080`), and where it was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_source: Option<String>,
    /// The backend origin the app already calls in development (an env
    /// variable or a `next.config` rewrite), and where it was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_url_source: Option<String>,
    /// One-line warnings about env files that could not be read (skipped).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// What is known about the chosen backend folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackendInfo {
    pub package_manager: PackageManager,
    pub python_tool: PythonTool,
    /// Folder of the Python package (FastAPI), relative to the backend folder ("." for the folder itself).
    pub python_package: String,
    /// Where the FastAPI server is started from, relative to the repository root.
    pub run_dir: String,
    /// The FastAPI app as uvicorn names it (`app.main:app`), when found.
    pub entry: Option<String>,
    /// The file that lists the backend's dependencies, relative to the repository root.
    pub manifest: Option<String>,
    /// Express: TypeScript or JavaScript, ESM or CommonJS.
    pub language: Language,
    pub module: ModuleKind,
    /// How the Node backend is run in development (ts-node, tsx, esbuild-register, nodemon, node, nest).
    pub runner: Option<String>,
    /// Where the Node backend's sources live, relative to the backend folder.
    pub source_root: String,
    /// The FastAPI project's virtualenv folder (.venv or venv), when it has one.
    pub virtualenv: Option<String>,
    /// Variables the backend's other env files already set.
    pub env_defined: Vec<Defined>,
    /// The port the backend listens on in development, and where it was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_source: Option<String>,
    /// One-line warnings about env files that could not be read (skipped).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}
