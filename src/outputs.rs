//! What the plan produces: the files, env keys, manifests and commands of an
//! integration, before anything is compared with the tree. Below every step
//! that reads them (resolve, record, present, apply, tasks).

use serde::Serialize;

use crate::answers::Answers;
use crate::envfile::EnvEntry;

/// What authgen wants a file to contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Generated code: an existing different file is a conflict.
    Generated(String),
    /// authgen's own record (authgen.toml): replaced without asking.
    Owned(String),
    /// An env file merged key by key; `real` files hold secrets (mode 0600,
    /// git-ignored). Keys in `elsewhere` (key, file) are set by another env
    /// file of the same folder and never added here, so nothing is shadowed.
    /// `tracked`: git tracks the file, so no secret may be written into it.
    Env { entries: Vec<EnvEntry>, real: bool, elsewhere: Vec<(String, String)>, tracked: bool },
    /// A .gitignore that must ignore `paths` and must not ignore `keep`
    /// (relative to the repository root); `.gitignore` files in `folders` are
    /// consulted too, and get the line that keeps a file they would hide.
    Ignore { paths: Vec<String>, keep: Vec<String>, folders: Vec<String> },
    /// A dependency manifest that must list these packages: (name, version
    /// range, dev only). Present names are left as they are.
    Manifest { kind: ManifestKind, wanted: Vec<(&'static str, &'static str, bool)> },
    /// The app's own Better Auth config or client, edited in place on its
    /// syntax tree (the jwt plugin, baseURL, jwtClient); the rest untouched.
    Edit(crate::edit::Edit),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManifestKind {
    PackageJson,
    Requirements,
    /// pyproject.toml with PEP 621 `[project] dependencies` (uv, pip).
    Pyproject,
    /// pyproject.toml with `[tool.poetry.dependencies]`.
    Poetry,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the repository root, with `/`.
    pub path: String,
    pub role: &'static str,
    pub content: Content,
}

/// Packages one side of the project needs, and the commands that add them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Packages {
    pub side: &'static str,
    pub dir: String,
    pub tool: &'static str,
    pub dependencies: Vec<&'static str>,
    pub dev_dependencies: Vec<&'static str>,
    /// The steps as a person would type them.
    pub commands: Vec<String>,
    #[serde(skip)]
    pub steps: Vec<Step>,
}

/// A command to run in a folder of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Relative to the repository root.
    pub dir: String,
    pub argv: Vec<String>,
    /// Why authgen will not run it itself (it only prints it), if so.
    pub manual: Option<String>,
}

impl Step {
    pub(crate) fn new(dir: &str, command: &str, packages: &[&str]) -> Self {
        let argv = command.split_whitespace().chain(packages.iter().copied()).map(str::to_string).collect();
        Step { dir: dir.to_string(), argv, manual: None }
    }

    /// `cd dir && program args`, quoted for a POSIX shell where needed.
    pub fn display(&self) -> String {
        let quoted: Vec<String> = self
            .argv
            .iter()
            .map(|a| if a.contains(['[', ']', ' ', '*']) { format!("\"{a}\"") } else { a.clone() })
            .collect();
        let command = quoted.join(" ");
        if self.dir == "." { command } else { format!("cd {} && {command}", self.dir) }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub answers: Answers,
    pub outputs: Vec<Output>,
    pub packages: Vec<Packages>,
    /// What authgen kept of the app's own and what is left to the user.
    pub notes: Vec<String>,
    /// The variable the app keeps its database URL in.
    pub db_env: String,
}
