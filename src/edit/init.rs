//! init's edits of an app's own Better Auth config or client: add the jwt
//! plugin (and its import), `baseURL` when missing, `jwtClient()` on the
//! client. When the shape is too unusual to edit safely, the error says what
//! to add instead.

use tree_sitter::Node;

use super::{
    PluginEdit, Source, Splice, add_plugin, add_properties, callee, find, import_name, named, options_object, property,
    splice,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// `betterAuth({...})`: the jwt plugin (with `keyPairConfig` unless the
    /// algorithm is EdDSA) when `jwt` is set, and `baseURL` when missing.
    Config { jwt: bool, alg: &'static str },
    /// `createAuthClient({...})`: `jwtClient()`.
    Client,
    /// A Better Auth plugin in `factory({...})`'s plugins (before
    /// `nextCookies()`), imported as `name` from `module`. `expression` calls
    /// it as `{name}`; `email` is where `sendEmail` is imported from when the
    /// expression sends mail with it.
    Plugin {
        factory: &'static str,
        name: &'static str,
        module: &'static str,
        expression: String,
        email: Option<String>,
    },
    /// Each edit in turn, on the text the one before left.
    All(Vec<Edit>),
}

/// What to add by hand when the edit cannot be made.
pub fn by_hand(edit: &Edit) -> String {
    match edit {
        Edit::Config { jwt: true, alg } if *alg != "EdDSA" => format!(
            "add `jwt({{ jwks: {{ keyPairConfig: {{ alg: \"{alg}\" }} }} }})` (import {{ jwt }} from \"better-auth/plugins\") to the config's plugins, and `baseURL: process.env.BETTER_AUTH_URL`"
        ),
        Edit::Config { jwt: true, .. } => "add `jwt()` (import { jwt } from \"better-auth/plugins\") to the config's plugins, and `baseURL: process.env.BETTER_AUTH_URL`".into(),
        Edit::Config { .. } => "add `baseURL: process.env.BETTER_AUTH_URL` to the config".into(),
        Edit::Client => "add `jwtClient()` (import { jwtClient } from \"better-auth/client/plugins\") to createAuthClient's plugins".into(),
        Edit::Plugin { factory, name, module, expression, .. } => format!(
            "add `{}` (import {{ {name} }} from \"{module}\") to {factory}'s plugins",
            expression.replace("{name}", name)
        ),
        Edit::All(edits) => edits.iter().map(by_hand).collect::<Vec<_>>().join("; "),
    }
}

/// The edited text, `Ok(None)` when nothing is missing, `Err` with what to
/// add by hand when the file's shape is not one authgen edits.
pub fn apply(path: &str, text: &str, edit: &Edit) -> Result<Option<String>, String> {
    if let Edit::All(edits) = edit {
        let mut current: Option<String> = None;
        for edit in edits {
            if let Some(edited) = apply(path, current.as_deref().unwrap_or(text), edit)? {
                current = Some(edited);
            }
        }
        return Ok(current);
    }
    let edits = splices(path, text, edit)?;
    Ok((!edits.is_empty()).then(|| splice(text, edits)))
}

/// The splices `apply` makes (none when nothing is missing).
pub fn splices(path: &str, text: &str, edit: &Edit) -> Result<Vec<Splice>, String> {
    let source = Source::parse(path, text).map_err(|_| "the file does not parse as TypeScript".to_string())?;
    let root = source.root();
    let src = text.as_bytes();
    let (factory, plugin, plugin_module) = match edit {
        Edit::Config { .. } => ("betterAuth", "jwt", "better-auth/plugins"),
        Edit::Client => ("createAuthClient", "jwtClient", "better-auth/client/plugins"),
        Edit::Plugin { factory, name, module, expression, email } => {
            return add_named_plugin(root, src, (factory, name, module), expression, email.as_deref());
        }
        Edit::All(_) => return Err("several edits are applied one by one (apply), not as one set of splices".into()),
    };
    let call = find(root, &|n| n.kind() == "call_expression" && callee(n, src) == Some(factory))
        .ok_or_else(|| format!("no {factory}(...) call"))?;
    let arguments = call.child_by_field_name("arguments").ok_or("no arguments")?;
    if named(arguments).is_empty() {
        // `createAuthClient()`: the whole options object is new.
        return no_options(root, src, edit, arguments, plugin, plugin_module);
    }
    let options = options_object(root, call, src).ok_or_else(|| {
        format!("{factory}() is not given an object literal (or a constant holding one) that authgen can edit")
    })?;
    let mut edits: Vec<Splice> = Vec::new();
    // New properties of the options object go in one edit (same position).
    let mut properties: Vec<String> = Vec::new();
    let wants_plugin = !matches!(edit, Edit::Config { jwt: false, .. });
    if wants_plugin {
        let (local, import_edit) = import_name(root, src, plugin, plugin_module)?;
        let expression = plugin_expression(edit, &local);
        match add_plugin(options, src, &local, &expression)? {
            PluginEdit::Property(property) => {
                properties.push(property);
                edits.extend(import_edit);
            }
            PluginEdit::Insert(plugin_edit) => {
                edits.push(plugin_edit);
                edits.extend(import_edit);
            }
            PluginEdit::Present => {}
        }
    }
    if matches!(edit, Edit::Config { .. }) && property(options, src, "baseURL").is_none() {
        properties.push("baseURL: process.env.BETTER_AUTH_URL".into());
    }
    if !properties.is_empty() {
        edits.push(add_properties(options, src, &properties));
    }
    Ok(edits)
}

/// `factory()` with no options: writes `factory({ ... })` and the import.
fn no_options(
    root: Node,
    src: &[u8],
    edit: &Edit,
    arguments: Node,
    plugin: &str,
    plugin_module: &str,
) -> Result<Vec<Splice>, String> {
    let mut properties = Vec::new();
    let mut edits = Vec::new();
    if !matches!(edit, Edit::Config { jwt: false, .. }) {
        let (local, import_edit) = import_name(root, src, plugin, plugin_module)?;
        let expression = plugin_expression(edit, &local);
        properties.push(format!("plugins: [{expression}]"));
        edits.extend(import_edit);
    }
    if matches!(edit, Edit::Config { .. }) {
        properties.push("baseURL: process.env.BETTER_AUTH_URL".into());
    }
    let inside = arguments.start_byte() + 1;
    edits.push((inside, arguments.end_byte() - 1, format!("{{ {} }}", properties.join(", "))));
    Ok(edits)
}

/// `Edit::Plugin`: the plugin's import (and `sendEmail`'s when it mails),
/// and its call in the plugins list; no splices when it is there already.
fn add_named_plugin(
    root: Node,
    src: &[u8],
    (factory, name, module): (&str, &str, &str),
    expression: &str,
    email: Option<&str>,
) -> Result<Vec<Splice>, String> {
    let call = find(root, &|n| n.kind() == "call_expression" && callee(n, src) == Some(factory))
        .ok_or_else(|| format!("no {factory}(...) call"))?;
    let arguments = call.child_by_field_name("arguments").ok_or("no arguments")?;
    let (local, import_edit) = import_name(root, src, name, module)?;
    let mut expression = expression.replace("{name}", &local);
    let mut edits: Vec<Splice> = import_edit.into_iter().collect();
    if let Some(email) = email {
        let (send, email_edit) = import_name(root, src, "sendEmail", email)?;
        expression = expression.replace("sendEmail(", &format!("{send}("));
        edits.extend(email_edit);
    }
    if named(arguments).is_empty() {
        let inside = arguments.start_byte() + 1;
        edits.push((inside, arguments.end_byte() - 1, format!("{{ plugins: [{expression}] }}")));
        return Ok(edits);
    }
    let options = options_object(root, call, src).ok_or_else(|| {
        format!("{factory}() is not given an object literal (or a constant holding one) that authgen can edit")
    })?;
    match add_plugin(options, src, &local, &expression)? {
        PluginEdit::Present => return Ok(Vec::new()),
        PluginEdit::Property(property) => edits.push(add_properties(options, src, &[property])),
        PluginEdit::Insert(plugin_edit) => edits.push(plugin_edit),
    }
    Ok(edits)
}

/// `jwt()`, `jwt({ jwks: { keyPairConfig: { alg } } })` or `jwtClient()`, under its local name.
fn plugin_expression(edit: &Edit, local: &str) -> String {
    match edit {
        Edit::Config { alg, .. } if *alg != "EdDSA" => {
            format!("{local}({{ jwks: {{ keyPairConfig: {{ alg: \"{alg}\" }} }} }})")
        }
        _ => format!("{local}()"),
    }
}
