//! The Better Auth plugins authgen wires, each described once in its own
//! folder: its server and client plugin with their imports, the tables and
//! columns it adds (for `migrate --check`), env keys, packages, the files it
//! adds to the pages, and its sections of the docs. The plan reads these
//! descriptors; adding a plugin is adding a folder here (and under
//! `templates/plugins/`) plus one variant of `cli::Plugin`.

use serde::Serialize;

use crate::cli::Plugin;

pub mod admin;
pub mod magic_link;
pub mod two_factor;

/// `import { name } from "module"`.
#[derive(Debug, Serialize)]
pub struct Import {
    pub name: &'static str,
    pub module: &'static str,
}

/// Which router a plugin file is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routers {
    Both,
    App,
    Pages,
}

/// A file the plugin adds beside the pages. `path` is relative to the app's
/// base folder, with `{ext}` (ts/js) and `{jsx}` (tsx/jsx) filled in.
#[derive(Debug)]
pub struct PluginFile {
    pub path: &'static str,
    pub role: &'static str,
    pub template: &'static str,
    pub routers: Routers,
}

/// An env key the plugin reads, with its comment in the env files.
#[derive(Debug)]
pub struct EnvKey {
    pub key: &'static str,
    pub value: &'static str,
    pub secret: bool,
    pub comment: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Descriptor {
    #[serde(skip)]
    pub plugin: Plugin,
    /// The flag's name: `--plugins magic-link`.
    pub id: &'static str,
    /// How the wizard and the summary name it.
    pub label: &'static str,
    pub server: Import,
    /// The plugin's entry in the config's `plugins: [...]`, a template
    /// fragment rendered with the config's context.
    pub server_template: &'static str,
    pub client: Import,
    /// The client plugin's entry in `createAuthClient({ plugins: [...] })`.
    pub client_call: &'static str,
    /// Tables and `table.column`s the migration creates for it.
    pub tables: &'static [&'static str],
    pub columns: &'static [&'static str],
    #[serde(skip)]
    pub env: &'static [EnvKey],
    /// npm packages beside better-auth.
    pub packages: &'static [&'static str],
    #[serde(skip)]
    pub files: &'static [PluginFile],
    /// A component the sign-in form renders (from the components folder),
    /// given `returnTo` and `onError` like the social buttons.
    pub sign_in: Option<Import>,
    /// A template fragment the sign-in form runs after a right password,
    /// with `data`, `router` and `returnTo` in scope (e.g. a second step).
    pub sign_in_step: Option<&'static str>,
    /// A component the dashboard renders, `name` from the file `module` of
    /// the components folder (no props).
    pub dashboard: Option<Import>,
    /// Better Auth error codes it adds, as messages a person can act on.
    pub messages: &'static [(&'static str, &'static str)],
    /// Its sections of SETUP.md and TROUBLESHOOTING.md (template fragments).
    pub setup_doc: &'static str,
    pub troubleshooting_doc: &'static str,
    /// The server plugin's call added to an app's own config, with `{name}`
    /// for its local name; `sendEmail(` is authgen's `lib/email` when
    /// `own_config_mails`.
    pub own_config: &'static str,
    pub own_config_mails: bool,
}

pub const DESCRIPTORS: &[&Descriptor] = &[&magic_link::DESCRIPTOR, &two_factor::DESCRIPTOR, &admin::DESCRIPTOR];

pub fn descriptor(plugin: Plugin) -> &'static Descriptor {
    DESCRIPTORS.iter().find(|d| d.plugin == plugin).expect("every plugin has a descriptor")
}

/// The descriptors of the chosen plugins, in the order of `DESCRIPTORS`.
pub fn chosen(plugins: &[Plugin]) -> Vec<&'static Descriptor> {
    DESCRIPTORS.iter().copied().filter(|d| plugins.contains(&d.plugin)).collect()
}

/// `import { a, b } from "module";` laid out as Prettier does (80 columns).
pub fn import_line(names: &[&str], module: &str) -> String {
    let one_line = format!("import {{ {} }} from \"{module}\";", names.join(", "));
    if one_line.chars().count() <= 80 {
        return one_line;
    }
    let lines: Vec<String> = names.iter().map(|n| format!("  {n},")).collect();
    format!("import {{\n{}\n}} from \"{module}\";", lines.join("\n"))
}

/// Import lines for `imports`, one per module in order of first appearance.
pub fn import_lines(imports: &[(&str, &str)]) -> Vec<String> {
    let mut modules: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, module) in imports {
        match modules.iter_mut().find(|(m, _)| m == module) {
            Some((_, names)) => names.push(name),
            None => modules.push((module, vec![name])),
        }
    }
    modules.iter().map(|(module, names)| import_line(names, module)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plugin_has_one_descriptor_with_its_own_id() {
        use clap::ValueEnum;
        for plugin in Plugin::value_variants() {
            let d = descriptor(*plugin);
            let flag = plugin.to_possible_value().expect("a value").get_name().to_string();
            assert_eq!(d.id, flag);
        }
        assert_eq!(DESCRIPTORS.len(), Plugin::value_variants().len());
    }

    #[test]
    fn imports_are_grouped_by_module_and_wrapped_past_80_columns() {
        let lines = import_lines(&[("jwt", "better-auth/plugins"), ("x", "y"), ("magicLink", "better-auth/plugins")]);
        assert_eq!(lines, ["import { jwt, magicLink } from \"better-auth/plugins\";", "import { x } from \"y\";"]);
        let long =
            import_line(&["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbb", "cccccccccccccccccc"], "better-auth/plugins");
        assert_eq!(
            long,
            "import {\n  aaaaaaaaaaaaaaaa,\n  bbbbbbbbbbbbbbbbbbb,\n  cccccccccccccccccc,\n} from \"better-auth/plugins\";"
        );
    }
}
