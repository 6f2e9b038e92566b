//! The syntax-tree edit engine: every change authgen makes to code it did
//! not write goes through here (init's edits of an app's own config and
//! client in `init`, doctor's fixes in each rule's file). A file is parsed
//! with tree-sitter (TypeScript, TSX or Python), nodes are found on the tree,
//! and the change is a list of byte splices; everything else stays byte for
//! byte. A file that does not parse is never edited.

mod init;

pub use init::{Edit, apply, by_hand, splices};

use tree_sitter::{Node, Parser, Tree};

/// Replace bytes `start..end` with the text.
pub type Splice = (usize, usize, String);

/// A parsed source file.
pub struct Source<'t> {
    pub text: &'t str,
    pub tree: Tree,
}

impl<'t> Source<'t> {
    /// Parses `text` with the grammar its path calls for; `Err` when the file
    /// is not TypeScript, JavaScript or Python, or does not parse cleanly.
    pub fn parse(path: &str, text: &'t str) -> Result<Source<'t>, String> {
        let language: tree_sitter::Language = if path.ends_with(".py") {
            tree_sitter_python::LANGUAGE.into()
        } else if [".tsx", ".jsx", ".js", ".mjs", ".cjs"].iter().any(|e| path.ends_with(e)) {
            tree_sitter_typescript::LANGUAGE_TSX.into()
        } else if [".ts", ".mts", ".cts"].iter().any(|e| path.ends_with(e)) {
            tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
        } else {
            return Err(format!("{path} is not a file authgen edits"));
        };
        let mut parser = Parser::new();
        parser.set_language(&language).map_err(|e| e.to_string())?;
        let tree = parser.parse(text, None).ok_or("the file could not be parsed")?;
        if tree.root_node().has_error() {
            return Err(format!("{path} does not parse"));
        }
        Ok(Source { text, tree })
    }

    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    pub fn src(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The first node (depth first) that starts on 1-based `line` and satisfies `pred`.
    pub fn on_line(&self, line: usize, pred: &dyn Fn(Node) -> bool) -> Option<Node<'_>> {
        let row = line.checked_sub(1)?;
        find(self.root(), &|n| n.start_position().row == row && pred(n))
    }

    /// Every node satisfying `pred`, depth first.
    pub fn all(&self, pred: &dyn Fn(Node) -> bool) -> Vec<Node<'_>> {
        let mut out = Vec::new();
        collect(self.root(), pred, &mut out);
        out
    }

    pub fn text_of(&self, node: Node) -> &str {
        text(node, self.src())
    }

    /// The call expression that starts at byte `start` (as doctor's model records calls).
    pub fn call_at(&self, start: usize) -> Option<Node<'_>> {
        find(self.root(), &|n| {
            n.start_byte() == start && matches!(n.kind(), "call" | "call_expression" | "new_expression")
        })
    }
}

/// The first `key: value` pair (or `key` shorthand) named `key` anywhere in
/// the arguments of the call starting at byte `start`: where an option is.
pub fn option_in_call<'t>(source: &'t Source, start: usize, key: &str) -> Option<Node<'t>> {
    let call = source.call_at(start)?;
    let src = source.src();
    find(call.child_by_field_name("arguments")?, &|n| match n.kind() {
        "pair" => n.child_by_field_name("key").is_some_and(|k| text(k, src).trim_matches(['"', '\'']) == key),
        "shorthand_property_identifier" => text(n, src) == key,
        _ => false,
    })
}

/// The value node of a Python keyword argument `name=...` of `call`.
pub fn keyword_value<'t>(call: Node<'t>, src: &[u8], name: &str) -> Option<Node<'t>> {
    let arguments = call.child_by_field_name("arguments")?;
    named(arguments).into_iter().find_map(|a| {
        (a.kind() == "keyword_argument" && a.child_by_field_name("name").is_some_and(|n| text(n, src) == name))
            .then(|| a.child_by_field_name("value"))
            .flatten()
    })
}

/// The value node of `key` in the object literal passed as argument `index` of a JS call.
pub fn option_value<'t>(call: Node<'t>, src: &[u8], index: usize, key: &str) -> Option<Node<'t>> {
    let arguments = call.child_by_field_name("arguments")?;
    let object = named(arguments).get(index).map(|n| unwrap_expression(*n)).filter(|n| n.kind() == "object")?;
    property(object, src, key)?.child_by_field_name("value")
}

fn collect<'t>(node: Node<'t>, pred: &dyn Fn(Node) -> bool, out: &mut Vec<Node<'t>>) {
    if pred(node) {
        out.push(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    for child in children {
        collect(child, pred, out);
    }
}

/// Whether `text` parses cleanly with the grammar its path calls for.
pub fn parses(path: &str, text: &str) -> bool {
    Source::parse(path, text).is_ok()
}

/// `text` with the splices applied (from the end, so offsets stay valid).
pub fn splice(text: &str, mut edits: Vec<Splice>) -> String {
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut out = text.to_string();
    for (start, end, insert) in edits {
        out.replace_range(start..end, &insert);
    }
    out
}

pub fn text<'a>(node: Node, src: &'a [u8]) -> &'a str {
    node.utf8_text(src).unwrap_or_default()
}

/// The first node (depth first) satisfying `pred`.
pub fn find<'t>(node: Node<'t>, pred: &dyn Fn(Node) -> bool) -> Option<Node<'t>> {
    if pred(node) {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    children.into_iter().find_map(|child| find(child, pred))
}

pub fn callee<'a>(call: Node, src: &'a [u8]) -> Option<&'a str> {
    call.child_by_field_name("function").filter(|f| f.kind() == "identifier").map(|f| text(f, src))
}

pub fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect()
}

/// The options object: the first argument, or the constant it names.
pub fn options_object<'t>(root: Node<'t>, call: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    let first = *named(call.child_by_field_name("arguments")?).first()?;
    let first = unwrap_expression(first);
    match first.kind() {
        "object" => Some(first),
        "identifier" => {
            let name = text(first, src);
            let declarator = find(root, &|n| {
                n.kind() == "variable_declarator" && n.child_by_field_name("name").is_some_and(|x| text(x, src) == name)
            })?;
            declarator.child_by_field_name("value").map(unwrap_expression).filter(|v| v.kind() == "object")
        }
        _ => None,
    }
}

/// `x satisfies T`, `x as T`, `(x)`: the expression inside.
pub fn unwrap_expression(node: Node) -> Node {
    match node.kind() {
        "satisfies_expression" | "as_expression" | "parenthesized_expression" => {
            node.named_child(0).map_or(node, unwrap_expression)
        }
        _ => node,
    }
}

/// The `key: value` pair (or `key` shorthand) of an object literal.
pub fn property<'t>(object: Node<'t>, src: &[u8], key: &str) -> Option<Node<'t>> {
    named(object).into_iter().find(|n| match n.kind() {
        "pair" => n.child_by_field_name("key").is_some_and(|k| text(k, src).trim_matches(['"', '\'']) == key),
        "shorthand_property_identifier" => text(*n, src) == key,
        _ => false,
    })
}

/// The whitespace that starts the line `pos` is on.
pub fn indent_at(src: &[u8], pos: usize) -> String {
    let line_start = src[..pos].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    src[line_start..].iter().take_while(|b| **b == b' ' || **b == b'\t').map(|b| *b as char).collect()
}

/// Appends `entries` to an object literal or array, in its own layout:
/// one per line when the last item is on a line of its own, inline otherwise.
pub fn append(container: Node, src: &[u8], entries: &[String], close: char) -> Splice {
    let items = named(container);
    let end = container.end_byte() - 1; // the closing bracket
    let Some(last) = items.last() else {
        let joined = entries.join(", ");
        let padded = if close == '}' { format!(" {joined} ") } else { joined };
        return (container.start_byte() + 1, end, padded);
    };
    let after_last = &src[last.end_byte()..end];
    let comma = after_last
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .filter(|i| after_last[*i] == b',')
        .map(|i| last.end_byte() + i + 1);
    let multiline = src[container.start_byte()..last.start_byte()].contains(&b'\n');
    let at = comma.unwrap_or(last.end_byte());
    let lead = if comma.is_some() { "" } else { "," };
    let text = if multiline {
        let indent = indent_at(src, last.start_byte());
        let lines: String = entries.iter().map(|e| format!("\n{indent}{e},")).collect();
        format!("{lead}{lines}")
    } else if comma.is_some() {
        format!(" {},", entries.join(", "))
    } else {
        format!(", {}", entries.join(", "))
    };
    (at, at, text)
}

pub fn add_properties(object: Node, src: &[u8], properties: &[String]) -> Splice {
    append(object, src, properties, '}')
}

/// What adding the plugin takes.
pub enum PluginEdit {
    /// It is there already.
    Present,
    /// Insert into the existing `plugins` list.
    Insert(Splice),
    /// A `plugins` property to add to the options.
    Property(String),
}

/// Adds the plugin to `plugins` (before `nextCookies()`, which must stay
/// last), or a `plugins: [...]` property when there is none.
pub fn add_plugin(options: Node, src: &[u8], local: &str, expression: &str) -> Result<PluginEdit, String> {
    let Some(pair) = property(options, src, "plugins") else {
        return Ok(PluginEdit::Property(format!("plugins: [{expression}]")));
    };
    let list = pair
        .child_by_field_name("value")
        .map(unwrap_expression)
        .filter(|v| v.kind() == "array")
        .ok_or("`plugins` is not a list literal authgen can edit")?;
    let items = named(list);
    let is_call_to = |n: &Node, name: &str| n.kind() == "call_expression" && callee(*n, src) == Some(name);
    if items.iter().any(|n| is_call_to(n, local)) {
        return Ok(PluginEdit::Present);
    }
    if let Some(next_cookies) = items.iter().find(|n| is_call_to(n, "nextCookies")) {
        let multiline = src[list.start_byte()..next_cookies.start_byte()].contains(&b'\n');
        let separator =
            if multiline { format!(",\n{}", indent_at(src, next_cookies.start_byte())) } else { ", ".into() };
        let at = next_cookies.start_byte();
        return Ok(PluginEdit::Insert((at, at, format!("{expression}{separator}"))));
    }
    Ok(PluginEdit::Insert(append(list, src, &[expression.to_string()], ']')))
}

/// The name the plugin is imported as, and the import edit when it is not
/// imported yet: a name added to an existing import from the module, else a
/// new import line after the last one (`jwtPlugin` when `jwt` is taken).
pub fn import_name(root: Node, src: &[u8], name: &str, module: &str) -> Result<(String, Option<Splice>), String> {
    let imports: Vec<Node> = named(root).into_iter().filter(|n| n.kind() == "import_statement").collect();
    let source_of =
        |n: &Node| n.child_by_field_name("source").map(|s| text(s, src).trim_matches(['"', '\'']).to_string());
    let specifiers = |n: &Node| -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(named_imports) = find(*n, &|x| x.kind() == "named_imports") {
            for spec in named(named_imports).into_iter().filter(|s| s.kind() == "import_specifier") {
                let imported = spec.child_by_field_name("name").map(|x| text(x, src).to_string()).unwrap_or_default();
                let local = spec.child_by_field_name("alias").map_or(imported.clone(), |x| text(x, src).to_string());
                out.push((imported, local));
            }
        }
        out
    };
    for import in imports.iter().filter(|n| source_of(n).as_deref() == Some(module)) {
        if let Some((_, local)) = specifiers(import).into_iter().find(|(imported, _)| imported == name) {
            return Ok((local, None));
        }
    }
    if imports.is_empty() && text(root, src).contains("require(") {
        return Err(format!("the file uses require(): add `{name}` from \"{module}\" by hand"));
    }
    // Is the plain name taken by another import (`import jwt from "jsonwebtoken"`)?
    let taken = imports.iter().any(|n| {
        find(*n, &|x| x.kind() == "identifier" && text(x, src) == name).is_some()
            && source_of(n).as_deref() != Some(module)
    });
    let local = if taken { format!("{name}Plugin") } else { name.to_string() };
    let spec = if taken { format!("{name} as {local}") } else { name.to_string() };
    if let Some(existing) = imports.iter().find(|n| source_of(n).as_deref() == Some(module))
        && let Some(named_imports) = find(*existing, &|x| x.kind() == "named_imports")
    {
        let edit = append(named_imports, src, std::slice::from_ref(&spec), '}');
        return Ok((local, Some(edit)));
    }
    let line = format!("import {{ {spec} }} from \"{module}\";\n");
    let at = match imports.last() {
        Some(last) => {
            let end = last.end_byte();
            src[end..].iter().position(|b| *b == b'\n').map_or(src.len(), |i| end + i + 1)
        }
        None => 0,
    };
    let line = if at == src.len() && !src.ends_with(b"\n") && at > 0 { format!("\n{line}") } else { line };
    Ok((local, Some((at, at, line))))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: Edit = Edit::Config { jwt: true, alg: "EdDSA" };

    fn parses(text: &str) -> bool {
        let mut parser = Parser::new();
        parser.set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()).unwrap();
        !parser.parse(text, None).unwrap().root_node().has_error()
    }

    #[test]
    fn adds_the_jwt_plugin_before_next_cookies_and_keeps_everything_else() {
        let before = "import { betterAuth } from \"better-auth\";\nimport { nextCookies } from \"better-auth/next-js\";\n\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  socialProviders: {\n    github: { clientId: process.env.GITHUB_ID!, clientSecret: process.env.GITHUB_SECRET! },\n  },\n  databaseHooks: { user: { create: { after: async (u) => console.log(u.id) } } },\n  plugins: [\n    nextCookies(),\n  ],\n});\n";
        let after = apply("lib/auth.ts", before, &CONFIG).unwrap().unwrap();
        let expected = before
            .replace(
                "import { nextCookies } from \"better-auth/next-js\";\n",
                "import { nextCookies } from \"better-auth/next-js\";\nimport { jwt } from \"better-auth/plugins\";\n",
            )
            .replace("    nextCookies(),", "    jwt(),\n    nextCookies(),");
        assert_eq!(after, expected);
        assert!(parses(&after));
        assert_eq!(apply("lib/auth.ts", &after, &CONFIG).unwrap(), None, "a second run changes nothing");
    }

    #[test]
    fn adds_plugins_and_base_url_to_a_config_without_them() {
        let before = "import { betterAuth } from \"better-auth\";\n\nexport default betterAuth({\n  emailAndPassword: { enabled: true }\n});\n";
        let after = apply("src/server/auth.ts", before, &Edit::Config { jwt: true, alg: "ES256" }).unwrap().unwrap();
        assert!(after.contains("import { jwt } from \"better-auth/plugins\";\n"), "{after}");
        assert!(after.contains("  emailAndPassword: { enabled: true },\n  plugins: [jwt({ jwks: { keyPairConfig: { alg: \"ES256\" } } })],\n  baseURL: process.env.BETTER_AUTH_URL,\n"), "{after}");
        assert!(parses(&after), "{after}");
    }

    #[test]
    fn follows_a_config_object_held_in_a_constant_and_an_existing_plugins_import() {
        let before = "import { betterAuth, type BetterAuthOptions } from \"better-auth\";\nimport { admin } from \"better-auth/plugins\";\nimport jwt from \"jsonwebtoken\";\n\nconst options = { baseURL: \"http://localhost:3000\", plugins: [admin()] } satisfies BetterAuthOptions;\nexport const auth = betterAuth(options);\n";
        let after = apply("packages/auth/src/index.ts", before, &CONFIG).unwrap().unwrap();
        assert!(after.contains("import { admin, jwt as jwtPlugin } from \"better-auth/plugins\";"), "{after}");
        assert!(after.contains("plugins: [admin(), jwtPlugin()]"), "{after}");
        assert!(parses(&after), "{after}");
    }

    #[test]
    fn adds_jwt_client_to_a_client() {
        let before = "import { createAuthClient } from \"better-auth/react\";\n\nexport const authClient = createAuthClient({});\n";
        let after = apply("lib/auth-client.ts", before, &Edit::Client).unwrap().unwrap();
        assert!(after.contains("import { jwtClient } from \"better-auth/client/plugins\";"), "{after}");
        assert!(after.contains("createAuthClient({ plugins: [jwtClient()] })"), "{after}");
        let bare = "import { createAuthClient } from \"better-auth/react\";\n\nexport const authClient = createAuthClient();\n";
        let after = apply("lib/auth-client.ts", bare, &Edit::Client).unwrap().unwrap();
        assert!(after.contains("createAuthClient({ plugins: [jwtClient()] })"), "{after}");
        assert!(parses(&after), "{after}");
    }

    fn magic_link() -> Edit {
        Edit::Plugin {
            factory: "betterAuth",
            name: "magicLink",
            module: "better-auth/plugins",
            expression: "{name}({ sendMagicLink: ({ email, url }) => sendEmail({ to: email, text: url }) })".into(),
            email: Some("@/lib/email".into()),
        }
    }

    #[test]
    fn adds_a_plugin_with_its_imports_before_next_cookies_once() {
        let before = "import { betterAuth } from \"better-auth\";\nimport { jwt } from \"better-auth/plugins\";\nimport { nextCookies } from \"better-auth/next-js\";\n\nexport const auth = betterAuth({\n  plugins: [\n    jwt(),\n    nextCookies(),\n  ],\n});\n";
        let two_factor = Edit::Plugin {
            factory: "betterAuth",
            name: "twoFactor",
            module: "better-auth/plugins",
            expression: "{name}()".into(),
            email: None,
        };
        let edit = Edit::All(vec![CONFIG, magic_link(), two_factor]);
        let after = apply("lib/auth.ts", before, &edit).unwrap().unwrap();
        assert!(after.contains("import { jwt, magicLink, twoFactor } from \"better-auth/plugins\";"), "{after}");
        assert!(after.contains("import { sendEmail } from \"@/lib/email\";\n"), "{after}");
        assert!(
            after.contains("    jwt(),\n    magicLink({ sendMagicLink: ({ email, url }) => sendEmail({ to: email, text: url }) }),\n    twoFactor(),\n    nextCookies(),\n"),
            "{after}"
        );
        assert!(parses(&after), "{after}");
        assert_eq!(apply("lib/auth.ts", &after, &edit).unwrap(), None, "a second run changes nothing");
    }

    #[test]
    fn a_plugin_goes_into_a_bare_client_and_a_taken_name_is_aliased() {
        let client = Edit::Plugin {
            factory: "createAuthClient",
            name: "twoFactorClient",
            module: "better-auth/client/plugins",
            expression: "{name}()".into(),
            email: None,
        };
        let bare = "import { createAuthClient } from \"better-auth/react\";\n\nexport const authClient = createAuthClient();\n";
        let after = apply("lib/auth-client.ts", bare, &client).unwrap().unwrap();
        assert!(after.contains("createAuthClient({ plugins: [twoFactorClient()] })"), "{after}");
        assert!(parses(&after), "{after}");
        let taken = "import { betterAuth } from \"better-auth\";\nimport { sendEmail } from \"./mailer\";\n\nexport const auth = betterAuth({ baseURL: \"x\" });\n";
        let after = apply("lib/auth.ts", taken, &magic_link()).unwrap().unwrap();
        assert!(after.contains("import { sendEmail as sendEmailPlugin } from \"@/lib/email\";"), "{after}");
        assert!(after.contains("sendEmailPlugin({ to: email, text: url })"), "{after}");
        assert!(after.contains("baseURL: \"x\", plugins: [magicLink("), "{after}");
        assert!(parses(&after), "{after}");
    }

    #[test]
    fn unusual_shapes_are_refused_with_what_to_add() {
        let built = "import { betterAuth } from \"better-auth\";\nexport const auth = betterAuth(makeOptions());\n";
        assert!(apply("lib/auth.ts", built, &CONFIG).unwrap_err().contains("object literal"));
        let spread =
            "import { betterAuth } from \"better-auth\";\nexport const auth = betterAuth({ plugins: shared });\n";
        assert!(apply("lib/auth.ts", spread, &CONFIG).unwrap_err().contains("plugins"));
    }
}
