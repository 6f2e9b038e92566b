//! Source files as syntax trees (tree-sitter's TypeScript/TSX, Python and Go
//! grammars), reduced to what doctor's rules ask about: calls and their
//! arguments as values, bindings, imports, functions, strings, member reads.
//! Comments are never visited and string contents are only ever values, so
//! neither can look like code.

use tree_sitter::{Language, Node, Parser};

mod go;
pub use go::package_name;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Js,
    Python,
    Go,
}

impl Lang {
    /// The language's name, as the summary says it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Js => "TypeScript/JavaScript",
            Lang::Python => "Python",
            Lang::Go => "Go",
        }
    }
}

/// A value as written, with environment reads recognised
/// (`process.env.X`, `os.getenv("X", default)`, `X || "fallback"`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    /// A string with interpolations, as written (`${origin}/api/auth/jwks`).
    Template(String),
    Bool(bool),
    Num(String),
    Null,
    /// An identifier or a member path that is not an env read: `alg`, `settings.jwt_alg`.
    Name(String),
    Env {
        key: String,
        default: Option<Box<Value>>,
    },
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
    Call(Box<Call>),
    /// `a || b`, `a ?? b`, `a or b`.
    Or(Box<Value>, Box<Value>),
    /// A function (arrow, lambda): its body is not a value.
    Function,
    Other(String),
}

impl Value {
    pub fn str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` in an object literal.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Follows a dotted path through nested object literals.
    pub fn path(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(self, |v, key| v.get(key))
    }

    pub fn call(&self) -> Option<&Call> {
        match self {
            Value::Call(c) => Some(c),
            _ => None,
        }
    }

    /// Every value inside this one (itself included), depth first.
    pub fn walk(&self, visit: &mut dyn FnMut(&Value)) {
        visit(self);
        match self {
            Value::Env { default: Some(d), .. } => d.walk(visit),
            Value::List(items) => items.iter().for_each(|v| v.walk(visit)),
            Value::Object(pairs) => pairs.iter().for_each(|(_, v)| v.walk(visit)),
            Value::Call(c) => c.args.iter().for_each(|a| a.value.walk(visit)),
            Value::Or(a, b) => {
                a.walk(visit);
                b.walk(visit);
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Python keyword arguments.
    pub name: Option<String>,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Dotted callee: `jwt.decode`, `authClient.getToken`, `PyJWKClient().get_signing_key_from_jwt`.
    pub callee: String,
    pub args: Vec<Arg>,
    pub line: usize,
    /// Byte offset, for "comes before" questions within one file.
    pub start: usize,
    pub end: usize,
    /// Index of the innermost enclosing function in `Module::functions`.
    pub function: Option<usize>,
    /// `new X(...)`.
    pub new: bool,
}

impl Call {
    /// The last segment of the callee: `decode` for `jwt.decode`.
    pub fn method(&self) -> &str {
        self.callee.rsplit('.').next().unwrap_or(&self.callee)
    }

    /// The object the method is called on: `jwt` for `jwt.decode`.
    pub fn receiver(&self) -> Option<&str> {
        self.callee.rsplit_once('.').map(|(r, _)| r)
    }

    pub fn positional(&self, i: usize) -> Option<&Value> {
        self.args.iter().filter(|a| a.name.is_none()).nth(i).map(|a| &a.value)
    }

    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|a| a.name.as_deref() == Some(name)).map(|a| &a.value)
    }

    /// Positional argument `i`, or keyword `name` (Python allows both).
    pub fn arg(&self, i: usize, name: &str) -> Option<&Value> {
        self.keyword(name).or_else(|| self.positional(i))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: String,
    pub value: Value,
    pub line: usize,
    /// Enclosing function, `None` at module level.
    pub function: Option<usize>,
    /// Enclosing Python class (its fields are settings defaults).
    pub class: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub module: String,
    /// (imported name, local name); `*`/default/namespace imports use the module's local name.
    pub names: Vec<(String, String)>,
    pub line: usize,
    /// The function the import is written in (`None` at module level): a
    /// function-local import names nothing outside that function.
    pub function: Option<usize>,
}

/// A read such as `document.cookie` or `req.headers["x-user-id"]` (key then set).
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    pub path: String,
    pub key: Option<Value>,
    pub line: usize,
    pub function: Option<usize>,
}

/// A function parameter with a default (FastAPI's `x: str = Header(...)`).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub default: Value,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Module {
    pub calls: Vec<Call>,
    pub bindings: Vec<Binding>,
    pub imports: Vec<Import>,
    pub functions: Vec<Function>,
    pub strings: Vec<(String, usize)>,
    pub accesses: Vec<Access>,
    pub params: Vec<Param>,
    /// Every key of an object literal or dict: (key, line, byte offset), so a
    /// finding about an option can point at the option's own line.
    pub keys: Vec<(String, usize, usize)>,
    /// The parser met code it could not read (the tree has error nodes):
    /// what was reduced is only part of the file.
    pub has_errors: bool,
}

impl Module {
    /// The module-level value bound to `name`, if any.
    pub fn constant(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|b| b.function.is_none() && b.class.is_none() && b.name == name)
            .map(|b| &b.value)
    }

    /// Whether `module` (or a submodule of it) is imported.
    pub fn imports_from(&self, module: &str) -> bool {
        self.imports.iter().any(|i| {
            i.module == module
                || i.module.starts_with(&format!("{module}/"))
                || i.module.starts_with(&format!("{module}."))
        })
    }

    /// The local name of `name` imported from `module`.
    pub fn local_name(&self, module: &str, name: &str) -> Option<&str> {
        self.imports
            .iter()
            .filter(|i| i.module == module)
            .flat_map(|i| &i.names)
            .find(|(imported, _)| imported == name)
            .map(|(_, local)| local.as_str())
    }

    pub fn calls_in(&self, function: Option<usize>) -> impl Iterator<Item = &Call> {
        self.calls.iter().filter(move |c| function.is_none() || c.function == function)
    }
}

/// Parses `text` (never fails: tree-sitter recovers from syntax errors).
pub fn parse(lang: Lang, tsx: bool, text: &str) -> Module {
    let language: Language = match (lang, tsx) {
        (Lang::Python, _) => tree_sitter_python::LANGUAGE.into(),
        (Lang::Go, _) => tree_sitter_go::LANGUAGE.into(),
        (Lang::Js, true) => tree_sitter_typescript::LANGUAGE_TSX.into(),
        (Lang::Js, false) => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
    };
    thread_local! {
        // One parser per thread and grammar: creating one costs more than parsing a small file.
        static PARSERS: std::cell::RefCell<Vec<(usize, Parser)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = match (lang, tsx) {
        (Lang::Python, _) => 0,
        (Lang::Js, true) => 1,
        (Lang::Js, false) => 2,
        (Lang::Go, _) => 3,
    };
    let mut module = Module::default();
    let tree = PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        if !parsers.iter().any(|(k, _)| *k == key) {
            let mut parser = Parser::new();
            parser.set_language(&language).ok()?;
            parsers.push((key, parser));
        }
        let (_, parser) = parsers.iter_mut().find(|(k, _)| *k == key)?;
        parser.parse(text, None)
    });
    let Some(tree) = tree else { return module };
    module.has_errors = tree.root_node().has_error();
    if lang == Lang::Go {
        go::GoWalker { src: text.as_bytes(), module: &mut module, functions: Vec::new() }.visit(tree.root_node());
        return module;
    }
    let mut walker = Walker { src: text.as_bytes(), lang, module: &mut module, functions: Vec::new(), class: None };
    walker.visit(tree.root_node());
    module
}

struct Walker<'a> {
    src: &'a [u8],
    lang: Lang,
    module: &'a mut Module,
    /// Stack of enclosing functions (indices into module.functions).
    functions: Vec<usize>,
    class: Option<String>,
}

/// Methods whose result is, for doctor's purposes, the value they are called on.
const TRANSPARENT_METHODS: &[&str] =
    &["split", "strip", "rstrip", "lstrip", "trim", "lower", "upper", "toLowerCase", "map", "filter"];

/// `BETTER_AUTH_URL`-shaped: upper case, digits and underscores.
pub fn is_env_key(key: &str) -> bool {
    key.len() > 1 && key.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

fn line(node: Node) -> usize {
    node.start_position().row + 1
}

/// A call found at `node`, inside `function`.
fn call_at(node: Node, callee: String, args: Vec<Arg>, function: Option<usize>, new: bool) -> Call {
    Call { callee, args, line: line(node), start: node.start_byte(), end: node.end_byte(), function, new }
}

impl Walker<'_> {
    fn text(&self, node: Node) -> String {
        node.utf8_text(self.src).unwrap_or_default().to_string()
    }

    fn current(&self) -> Option<usize> {
        self.functions.last().copied()
    }

    fn visit(&mut self, node: Node) {
        let kind = node.kind();
        if kind == "comment" {
            return;
        }
        let opened = self.enter_function(node);
        let previous_class = self.class.clone();
        match kind {
            "call_expression" | "new_expression" | "call" => {
                let call = self.call(node);
                self.module.calls.push(call);
            }
            "import_statement" | "import_from_statement" => self.import(node),
            "variable_declarator" | "assignment" => self.binding(node),
            "return_statement" => self.returned(node),
            "string" | "template_string" => {
                if let Value::Str(s) | Value::Template(s) = self.value(node) {
                    self.module.strings.push((s, line(node)));
                }
            }
            "member_expression" | "attribute" | "subscript_expression" | "subscript" => self.access(node),
            "typed_default_parameter" | "default_parameter" => self.param(node),
            "pair" => self.key(node),
            "class_definition" => {
                self.class = node.child_by_field_name("name").map(|n| self.text(n));
            }
            _ => {}
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.visit(child);
        }
        self.class = previous_class;
        if opened {
            self.functions.pop();
        }
    }

    fn enter_function(&mut self, node: Node) -> bool {
        let kind = node.kind();
        let is_function = matches!(
            kind,
            "function_declaration"
                | "function_expression"
                | "arrow_function"
                | "method_definition"
                | "function_definition"
                | "lambda"
                | "generator_function_declaration"
        );
        if !is_function {
            return false;
        }
        let name = node
            .child_by_field_name("name")
            .map(|n| self.text(n))
            .or_else(|| {
                // `const verify = (t) => ...`: the declarator names the arrow.
                node.parent()
                    .filter(|p| p.kind() == "variable_declarator")
                    .and_then(|p| p.child_by_field_name("name"))
                    .map(|n| self.text(n))
            })
            .unwrap_or_default();
        self.module.functions.push(Function { name, line: line(node), start: node.start_byte(), end: node.end_byte() });
        self.functions.push(self.module.functions.len() - 1);
        true
    }

    fn call(&self, node: Node) -> Call {
        let new = node.kind() == "new_expression";
        let callee_node = node.child_by_field_name(if new { "constructor" } else { "function" });
        let callee = callee_node.map(|n| self.dotted(n)).unwrap_or_default();
        let mut args = Vec::new();
        if let Some(list) = node.child_by_field_name("arguments") {
            let mut cursor = list.walk();
            for arg in list.named_children(&mut cursor) {
                match arg.kind() {
                    "comment" => {}
                    "keyword_argument" => args.push(Arg {
                        name: arg.child_by_field_name("name").map(|n| self.text(n)),
                        value: arg.child_by_field_name("value").map_or(Value::Null, |v| self.value(v)),
                    }),
                    _ => args.push(Arg { name: None, value: self.value(arg) }),
                }
            }
        }
        call_at(node, callee, args, self.current(), new)
    }

    /// `a.b.c`, `f().g`, `x[].y` for a callee or member path.
    fn dotted(&self, node: Node) -> String {
        match node.kind() {
            "identifier" | "property_identifier" | "this" | "super" | "private_property_identifier" => self.text(node),
            "member_expression" | "attribute" => {
                let object = node.child_by_field_name("object").map(|n| self.dotted(n)).unwrap_or_default();
                let property = node
                    .child_by_field_name("property")
                    .or_else(|| node.child_by_field_name("attribute"))
                    .map(|n| self.text(n))
                    .unwrap_or_default();
                format!("{object}.{property}")
            }
            "call_expression" | "call" => {
                let f = node.child_by_field_name("function").map(|n| self.dotted(n)).unwrap_or_default();
                format!("{f}()")
            }
            "new_expression" => {
                let f = node.child_by_field_name("constructor").map(|n| self.dotted(n)).unwrap_or_default();
                format!("{f}()")
            }
            "subscript_expression" | "subscript" => {
                let object = node
                    .child_by_field_name("object")
                    .or_else(|| node.child_by_field_name("value"))
                    .map(|n| self.dotted(n))
                    .unwrap_or_default();
                format!("{object}[]")
            }
            "await_expression" | "await" | "parenthesized_expression" | "non_null_expression" | "as_expression" => {
                node.named_child(0).map(|n| self.dotted(n)).unwrap_or_default()
            }
            _ => "?".to_string(),
        }
    }

    /// An expression kept as its text; long ones (JSX, function bodies) are
    /// dropped, since rules only look for short patterns in them.
    fn other(&self, node: Node) -> Value {
        if node.end_byte() - node.start_byte() > 240 {
            Value::Other(String::new())
        } else {
            Value::Other(self.text(node))
        }
    }

    fn string(&self, node: Node) -> Value {
        let mut out = String::new();
        let mut interpolated = false;
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "string_fragment" | "string_content" | "escape_sequence" => out.push_str(&self.text(child)),
                "template_substitution" | "interpolation" => {
                    interpolated = true;
                    out.push_str(&self.text(child));
                }
                _ => {}
            }
        }
        if interpolated { Value::Template(out) } else { Value::Str(out) }
    }

    fn value(&self, node: Node) -> Value {
        match node.kind() {
            "string" | "template_string" => self.string(node),
            "concatenated_string" => {
                let mut cursor = node.walk();
                let parts: Vec<Value> = node.named_children(&mut cursor).map(|n| self.string(n)).collect();
                match parts.iter().map(Value::str).collect::<Option<Vec<_>>>() {
                    Some(strs) => Value::Str(strs.concat()),
                    None => Value::Template(self.text(node)),
                }
            }
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "number" | "integer" | "float" => Value::Num(self.text(node)),
            "null" | "undefined" | "none" => Value::Null,
            "identifier" | "this" => Value::Name(self.text(node)),
            "member_expression" | "attribute" => self.member_value(node),
            "subscript_expression" | "subscript" => self.subscript_value(node),
            "array" | "list" | "tuple" | "set" => {
                let mut cursor = node.walk();
                Value::List(
                    node.named_children(&mut cursor).filter(|n| n.kind() != "comment").map(|n| self.value(n)).collect(),
                )
            }
            "object" | "dictionary" => self.object(node),
            "call_expression" | "new_expression" | "call" => self.call_value(node),
            "binary_expression" | "boolean_operator" => self.binary(node),
            "arrow_function" | "function_expression" | "function" | "lambda" => Value::Function,
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "await_expression"
            | "await"
            | "type_assertion" => node.named_child(0).map_or(self.other(node), |n| self.value(n)),
            _ => self.other(node),
        }
    }

    fn member_value(&self, node: Node) -> Value {
        let path = self.dotted(node);
        for prefix in ["process.env.", "import.meta.env.", "Bun.env.", "Deno.env."] {
            if let Some(key) = path.strip_prefix(prefix) {
                return Value::Env { key: key.to_string(), default: None };
            }
        }
        // `env.BETTER_AUTH_URL` where `env` is a `process.env` passed in.
        if let Some(key) = path.strip_prefix("env.").filter(|k| is_env_key(k)) {
            return Value::Env { key: key.to_string(), default: None };
        }
        Value::Name(path)
    }

    fn subscript_value(&self, node: Node) -> Value {
        let object = node.child_by_field_name("object").or_else(|| node.child_by_field_name("value"));
        let index = node.child_by_field_name("index").or_else(|| node.child_by_field_name("subscript"));
        let path = object.map(|n| self.dotted(n)).unwrap_or_default();
        let key = index.map(|n| self.value(n));
        if let (true, Some(Value::Str(key))) = (matches!(path.as_str(), "process.env" | "os.environ" | "environ"), &key)
        {
            return Value::Env { key: key.clone(), default: None };
        }
        self.other(node)
    }

    fn object(&self, node: Node) -> Value {
        let mut pairs = Vec::new();
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "pair" => {
                    let key = child.child_by_field_name("key").map(|k| match self.value(k) {
                        Value::Str(s) => s,
                        _ => self.text(k),
                    });
                    let value = child.child_by_field_name("value").map_or(Value::Null, |v| self.value(v));
                    if let Some(key) = key {
                        pairs.push((key, value));
                    }
                }
                "shorthand_property_identifier" => {
                    let name = self.text(child);
                    pairs.push((name.clone(), Value::Name(name)));
                }
                "method_definition" => {
                    if let Some(name) = child.child_by_field_name("name") {
                        pairs.push((self.text(name), Value::Function));
                    }
                }
                _ => {}
            }
        }
        Value::Object(pairs)
    }

    fn call_value(&self, node: Node) -> Value {
        // `os.getenv("A", "x").split(",")`, `value.strip()`: the value they transform.
        if let Some(function) = node.child_by_field_name("function")
            && matches!(function.kind(), "attribute" | "member_expression")
            && let Some(object) = function.child_by_field_name("object")
            && let Some(method) =
                function.child_by_field_name("attribute").or_else(|| function.child_by_field_name("property"))
            && TRANSPARENT_METHODS.contains(&self.text(method).as_str())
            && self.text(object) != "str"
        {
            return self.value(object);
        }
        let call = self.call(node);
        let env_getter = matches!(
            call.callee.as_str(),
            "os.getenv" | "getenv" | "os.environ.get" | "environ.get" | "env.str" | "env" | "config"
        );
        if env_getter && let Some(Value::Str(key)) = call.arg(0, "key") {
            let default = call.arg(1, "default").cloned().filter(|d| *d != Value::Null).map(Box::new);
            return Value::Env { key: key.clone(), default };
        }
        Value::Call(Box::new(call))
    }

    fn binary(&self, node: Node) -> Value {
        let operator = node.child_by_field_name("operator").map(|n| self.text(n)).unwrap_or_default();
        let left = node.child_by_field_name("left").map_or(Value::Null, |n| self.value(n));
        let right = node.child_by_field_name("right").map_or(Value::Null, |n| self.value(n));
        match (operator.as_str(), left) {
            ("||" | "??" | "or", Value::Env { key, default: None }) => {
                Value::Env { key, default: Some(Box::new(right)) }
            }
            ("||" | "??" | "or", left) => Value::Or(Box::new(left), Box::new(right)),
            _ => self.other(node),
        }
    }

    fn import(&mut self, node: Node) {
        let mut import = Import {
            module: String::new(),
            names: Vec::new(),
            line: line(node),
            function: self.functions.last().copied(),
        };
        match self.lang {
            // Go is reduced by its own walker.
            Lang::Go => return,
            Lang::Js => {
                import.module = node
                    .child_by_field_name("source")
                    .and_then(|s| self.value(s).str().map(str::to_string))
                    .unwrap_or_default();
                self.js_import_names(node, &mut import.names);
            }
            Lang::Python => {
                if let Some(module) = node.child_by_field_name("module_name") {
                    import.module = self.text(module);
                    let mut cursor = node.walk();
                    for name in node.children_by_field_name("name", &mut cursor) {
                        import.names.push(self.python_alias(name));
                    }
                } else {
                    let mut cursor = node.walk();
                    for name in node.children_by_field_name("name", &mut cursor) {
                        let (module, local) = self.python_alias(name);
                        self.module.imports.push(Import {
                            module: module.clone(),
                            names: vec![(module, local)],
                            line: line(node),
                            function: self.functions.last().copied(),
                        });
                    }
                    return;
                }
            }
        }
        self.module.imports.push(import);
    }

    fn python_alias(&self, node: Node) -> (String, String) {
        if node.kind() == "aliased_import" {
            let name = node.child_by_field_name("name").map(|n| self.text(n)).unwrap_or_default();
            let alias = node.child_by_field_name("alias").map(|n| self.text(n)).unwrap_or_else(|| name.clone());
            (name, alias)
        } else {
            let name = self.text(node);
            (name.clone(), name)
        }
    }

    fn js_import_names(&self, node: Node, names: &mut Vec<(String, String)>) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "import_clause" | "named_imports" => self.js_import_names(child, names),
                "identifier" => names.push(("default".into(), self.text(child))),
                "namespace_import" => {
                    if let Some(id) = child.named_child(0) {
                        names.push(("*".into(), self.text(id)));
                    }
                }
                "import_specifier" => {
                    let name = child.child_by_field_name("name").map(|n| self.text(n)).unwrap_or_default();
                    let alias =
                        child.child_by_field_name("alias").map(|n| self.text(n)).unwrap_or_else(|| name.clone());
                    names.push((name, alias));
                }
                _ => {}
            }
        }
    }

    fn binding(&mut self, node: Node) {
        let (name, value) = match self.lang {
            Lang::Js => (node.child_by_field_name("name"), node.child_by_field_name("value")),
            Lang::Python => (node.child_by_field_name("left"), node.child_by_field_name("right")),
            // Go is reduced by its own walker.
            Lang::Go => return,
        };
        let Some(name) = name else { return };
        let value = value.map_or(Value::Null, |v| self.value(v));
        // `const x = require("m")` is an import too.
        if let Value::Call(call) = &value
            && call.callee == "require"
            && let Some(Value::Str(module)) = call.positional(0)
        {
            let local = self.text(name);
            self.module.imports.push(Import {
                module: module.clone(),
                names: vec![("default".into(), local)],
                line: line(node),
                function: self.functions.last().copied(),
            });
        }
        let name = match name.kind() {
            "identifier" | "attribute" | "member_expression" => self.dotted(name),
            // `const { GET, POST } = ...` keeps the pattern as written.
            "object_pattern" => self.text(name),
            _ => return,
        };
        self.module.bindings.push(Binding {
            name,
            value,
            line: line(node),
            function: self.current(),
            class: self.class.clone().filter(|_| self.current().is_none()),
        });
    }

    /// A returned value is recorded as a binding named `return`: settings
    /// built by a function (`return { algorithms }`) can be followed, and a
    /// rule can tell what a function hands back.
    fn returned(&mut self, node: Node) {
        if let Some(value) = node.named_child(0).filter(|v| v.kind() != "comment") {
            let value = self.value(value);
            self.module.bindings.push(Binding {
                name: "return".into(),
                value,
                line: line(node),
                function: self.current(),
                class: None,
            });
        }
    }

    fn access(&mut self, node: Node) {
        // Only the outermost member expression of a chain is recorded.
        if let Some(parent) = node.parent()
            && matches!(parent.kind(), "member_expression" | "attribute")
            && parent.child_by_field_name("object") == Some(node)
        {
            return;
        }
        let subscript = matches!(node.kind(), "subscript_expression" | "subscript");
        let (path, key) = if subscript {
            let object = node.child_by_field_name("object").or_else(|| node.child_by_field_name("value"));
            let index = node.child_by_field_name("index").or_else(|| node.child_by_field_name("subscript"));
            (object.map(|n| self.dotted(n)).unwrap_or_default(), index.map(|n| self.value(n)))
        } else {
            (self.dotted(node), None)
        };
        self.module.accesses.push(Access { path, key, line: line(node), function: self.current() });
    }

    fn key(&mut self, node: Node) {
        if let Some(key) = node.child_by_field_name("key") {
            let name = match self.value(key) {
                Value::Str(s) => s,
                _ => self.text(key),
            };
            self.module.keys.push((name, line(key), key.start_byte()));
        }
    }

    fn param(&mut self, node: Node) {
        let name = node.child_by_field_name("name").map(|n| self.text(n)).unwrap_or_default();
        let default = node.child_by_field_name("value").map_or(Value::Null, |v| self.value(v));
        self.module.params.push(Param { name, default, line: line(node) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_strings_are_never_calls() {
        let m = parse(Lang::Js, false, "// jwt({ alg: 'HS256' })\nconst s = \"jwt.decode(x)\";\n/* getToken() */\n");
        assert!(m.calls.is_empty(), "{:?}", m.calls);
        let m =
            parse(Lang::Python, false, "# jwt.decode(t, options={'verify_signature': False})\nx = 'jwt.decode(t)'\n");
        assert!(m.calls.is_empty(), "{:?}", m.calls);
    }

    #[test]
    fn python_keyword_arguments_and_env_defaults() {
        let m = parse(
            Lang::Python,
            false,
            "import os\nALG = os.getenv('AUTH_JWT_ALG', 'EdDSA')\ndef v(t):\n    return jwt.decode(t, key, algorithms=[ALG], options={'verify_aud': False})\n",
        );
        assert_eq!(
            m.constant("ALG"),
            Some(&Value::Env { key: "AUTH_JWT_ALG".into(), default: Some(Box::new(Value::Str("EdDSA".into()))) })
        );
        let decode = m.calls.iter().find(|c| c.callee == "jwt.decode").unwrap();
        assert_eq!(decode.keyword("algorithms"), Some(&Value::List(vec![Value::Name("ALG".into())])));
        assert_eq!(decode.keyword("options").and_then(|o| o.get("verify_aud")), Some(&Value::Bool(false)));
        assert_eq!(decode.line, 4);
        assert_eq!(m.functions[decode.function.unwrap()].name, "v");
    }

    #[test]
    fn javascript_objects_env_fallbacks_and_imports() {
        let m = parse(
            Lang::Js,
            true,
            "import { jwt as jwtPlugin } from 'better-auth/plugins';\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET || 'dev', plugins: [jwtPlugin({ jwks: { keyPairConfig: { alg: 'ES256' } } })] });\n",
        );
        assert_eq!(m.local_name("better-auth/plugins", "jwt"), Some("jwtPlugin"));
        let config = m.calls.iter().find(|c| c.callee == "betterAuth").unwrap();
        let options = config.positional(0).unwrap();
        assert_eq!(
            options.get("secret"),
            Some(&Value::Env { key: "BETTER_AUTH_SECRET".into(), default: Some(Box::new(Value::Str("dev".into()))) })
        );
        let Some(Value::List(plugins)) = options.get("plugins") else { panic!() };
        assert_eq!(
            plugins[0].call().unwrap().positional(0).unwrap().path("jwks.keyPairConfig.alg"),
            Some(&Value::Str("ES256".into()))
        );
    }

    const GO_VERIFIER: &str = r#"package auth

import (
	"net/http"
	"os"

	"github.com/lestrrat-go/jwx/v2/jwk"
	jwxjwt "github.com/lestrrat-go/jwx/v2/jwt"
	"github.com/golang-jwt/jwt/v5"
)

// jwt.Parse(token, jwt.WithVerify(false)) in a comment is not a call.
var authURL = "http://localhost:3000/api/auth"

const issuer = `https://app.example.com`

func jwksURL() string {
	url := os.Getenv("JWKS_URL")
	if url == "" {
		url = authURL + "/jwks"
	}
	return url
}

func Verify(r *http.Request) (jwxjwt.Token, error) {
	set, err := jwk.Fetch(r.Context(), fmt.Sprintf("%s/jwks", authURL))
	if err != nil {
		return nil, err
	}
	opts := []jwxjwt.ParseOption{jwxjwt.WithKeySet(set), jwxjwt.WithIssuer(issuer)}
	return jwxjwt.ParseRequest(r, opts...)
}

func Legacy(s string) (*jwt.Token, error) {
	return jwt.Parse(s, func(t *jwt.Token) (any, error) {
		return []byte(os.Getenv("BETTER_AUTH_SECRET")), nil
	}, jwt.WithValidMethods([]string{"HS256"}))
}
"#;

    #[test]
    fn go_calls_options_env_reads_and_imports() {
        let m = parse(Lang::Go, false, GO_VERIFIER);
        assert!(!m.has_errors);
        assert_eq!(m.local_name("github.com/lestrrat-go/jwx/v2/jwt", "*"), Some("jwxjwt"));
        assert_eq!(m.local_name("github.com/golang-jwt/jwt/v5", "*"), Some("jwt"));
        assert_eq!(m.local_name("github.com/lestrrat-go/jwx/v2/jwk", "*"), Some("jwk"));
        assert!(!m.calls.iter().any(|c| c.line == 12), "a comment is no call");
        assert_eq!(m.constant("authURL"), Some(&Value::Str("http://localhost:3000/api/auth".into())));
        assert_eq!(m.constant("issuer"), Some(&Value::Str("https://app.example.com".into())));
        // The `if url == ""` fallback becomes the env read's default.
        let url = m.bindings.iter().find(|b| b.name == "url").unwrap();
        assert_eq!(
            url.value,
            Value::Env { key: "JWKS_URL".into(), default: Some(Box::new(Value::Template("{authURL}/jwks".into()))) }
        );
        let fetch = m.calls.iter().find(|c| c.callee == "jwk.Fetch").unwrap();
        assert_eq!(fetch.positional(1), Some(&Value::Template("{authURL}/jwks".into())));
        assert_eq!(fetch.line, 26);
        let options = m.bindings.iter().find(|b| b.name == "opts").unwrap();
        let Value::List(items) = &options.value else { panic!("{:?}", options.value) };
        assert_eq!(items[1].call().map(|c| c.callee.as_str()), Some("jwxjwt.WithIssuer"));
        let parse = m.calls.iter().find(|c| c.callee == "jwxjwt.ParseRequest").unwrap();
        assert_eq!(parse.positional(1), Some(&Value::Name("opts".into())));
        assert_eq!(m.functions[parse.function.unwrap()].name, "Verify");
        // The keyfunc's result: the secret as bytes, an env read inside a conversion.
        let key = m.bindings.iter().find(|b| b.name == "return" && b.line == 36).unwrap();
        let Value::Call(bytes) = &key.value else { panic!("{:?}", key.value) };
        assert_eq!(bytes.callee, "[]byte");
        assert_eq!(bytes.positional(0), Some(&Value::Env { key: "BETTER_AUTH_SECRET".into(), default: None }));
        let methods = m.calls.iter().find(|c| c.callee == "jwt.WithValidMethods").unwrap();
        assert_eq!(methods.positional(0), Some(&Value::List(vec![Value::Str("HS256".into())])));
    }

    #[test]
    fn go_syntax_errors_are_known() {
        assert!(parse(Lang::Go, false, "package x\nfunc f( {\n").has_errors);
        assert_eq!(super::package_name("github.com/golang-jwt/jwt/v5"), "jwt");
        assert_eq!(super::package_name("github.com/dgrijalva/jwt-go"), "jwt");
        assert_eq!(super::package_name("github.com/MicahParks/keyfunc/v3"), "keyfunc");
    }
}
