//! Go, reduced to the same `Module` as TypeScript and Python: calls with
//! dotted callees (`jwt.Parse`, `jwk.Fetch`), arguments as values (option
//! calls such as `jwt.WithIssuer(...)` stay calls), `os.Getenv("X")` as an
//! env read, package-level `var`/`const` and local `:=` bindings, imports by
//! path (local name = alias, else the package name), functions, strings and
//! selector reads.

use tree_sitter::Node;

use super::{Access, Binding, Call, Function, Import, Module, Value, call_at, is_env_key, line};

pub(super) struct GoWalker<'a> {
    pub(super) src: &'a [u8],
    pub(super) module: &'a mut Module,
    pub(super) functions: Vec<usize>,
}

/// Methods whose result is, for doctor's purposes, the string they are given.
const TRANSPARENT: &[&str] = &["strings.TrimSpace", "strings.TrimSuffix", "strings.TrimRight", "strings.ToLower"];

/// The name a Go package is known by when imported without an alias:
/// the last path element, skipping a major version (`jwt/v5` is `jwt`) and
/// the `go-`/`-go` decorations (`jwt-go` is `jwt`).
pub fn package_name(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    let versioned = last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit());
    let name = if versioned { parts.next().unwrap_or(last) } else { last };
    name.trim_start_matches("go-").trim_end_matches("-go").replace(['-', '.'], "_")
}

impl GoWalker<'_> {
    fn text(&self, node: Node) -> String {
        node.utf8_text(self.src).unwrap_or_default().to_string()
    }

    fn current(&self) -> Option<usize> {
        self.functions.last().copied()
    }

    pub(super) fn visit(&mut self, node: Node) {
        let kind = node.kind();
        if kind == "comment" {
            return;
        }
        let opened = self.enter_function(node);
        match kind {
            "call_expression" => {
                let call = self.call(node);
                self.module.calls.push(call);
            }
            "import_spec" => self.import(node),
            "var_spec" | "const_spec" => {
                let names = self.children_by_field(node, "name");
                let values = node.child_by_field_name("value").map(|v| self.expressions(v)).unwrap_or_default();
                self.bind(&names, &values, line(node));
            }
            "short_var_declaration" | "assignment_statement" => self.assignment(node),
            "return_statement" => self.returned(node),
            "if_statement" => self.fallback(node),
            "interpreted_string_literal" | "raw_string_literal" => {
                if let Value::Str(s) = self.value(node) {
                    self.module.strings.push((s, line(node)));
                }
            }
            "selector_expression" => self.access(node),
            "keyed_element" => {
                if let Some(key) = node.child_by_field_name("key") {
                    self.module.keys.push((self.text(key), line(key), key.start_byte()));
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            self.visit(child);
        }
        if opened {
            self.functions.pop();
        }
    }

    fn children_by_field<'t>(&self, node: Node<'t>, field: &str) -> Vec<Node<'t>> {
        let mut cursor = node.walk();
        node.children_by_field_name(field, &mut cursor).filter(|n| n.is_named()).collect()
    }

    fn enter_function(&mut self, node: Node) -> bool {
        if !matches!(node.kind(), "function_declaration" | "method_declaration" | "func_literal") {
            return false;
        }
        let name = node.child_by_field_name("name").map(|n| self.text(n)).unwrap_or_default();
        self.module.functions.push(Function { name, line: line(node), start: node.start_byte(), end: node.end_byte() });
        self.functions.push(self.module.functions.len() - 1);
        true
    }

    fn call(&self, node: Node) -> Call {
        let callee = node.child_by_field_name("function").map(|n| self.dotted(n)).unwrap_or_default();
        let mut args = Vec::new();
        if let Some(list) = node.child_by_field_name("arguments") {
            let mut cursor = list.walk();
            for arg in list.named_children(&mut cursor).filter(|a| a.kind() != "comment") {
                args.push(super::Arg { name: None, value: self.value(arg) });
            }
        }
        call_at(node, callee, args, self.current(), false)
    }

    /// `a.b.c`, `f().g` for a callee or selector path.
    fn dotted(&self, node: Node) -> String {
        match node.kind() {
            "identifier" | "field_identifier" | "package_identifier" | "type_identifier" => self.text(node),
            "selector_expression" => {
                let field = node.child_by_field_name("field").map(|n| self.text(n)).unwrap_or_default();
                format!("{}.{field}", self.dotted_field(node, "operand"))
            }
            "call_expression" => format!("{}()", self.dotted_field(node, "function")),
            "index_expression" => format!("{}[]", self.dotted_field(node, "operand")),
            "parenthesized_expression" | "unary_expression" => {
                node.named_child(0).map(|n| self.dotted(n)).unwrap_or_default()
            }
            _ => "?".to_string(),
        }
    }

    fn dotted_field(&self, node: Node, field: &str) -> String {
        node.child_by_field_name(field).map(|n| self.dotted(n)).unwrap_or_default()
    }

    /// The expressions of an `expression_list` (or the one expression given).
    fn expressions(&self, node: Node) -> Vec<Value> {
        if node.kind() == "expression_list" {
            let mut cursor = node.walk();
            node.named_children(&mut cursor).filter(|n| n.kind() != "comment").map(|n| self.value(n)).collect()
        } else {
            vec![self.value(node)]
        }
    }

    pub(super) fn value(&self, node: Node) -> Value {
        match node.kind() {
            "interpreted_string_literal" => Value::Str(unescape(self.text(node).trim_matches('"'))),
            "raw_string_literal" => Value::Str(self.text(node).trim_matches('`').to_string()),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "int_literal" | "float_literal" => Value::Num(self.text(node)),
            "nil" => Value::Null,
            "identifier" => Value::Name(self.text(node)),
            "selector_expression" => Value::Name(self.dotted(node)),
            "call_expression" => self.call_value(node),
            // `[]byte(secret)`, `string(b)`: a call of the type on one value.
            "type_conversion_expression" => {
                let callee = node.child_by_field_name("type").map(|t| self.text(t)).unwrap_or_default();
                let operand = node.child_by_field_name("operand").map_or(Value::Null, |o| self.value(o));
                let mut call = self.call(node);
                call.callee = callee;
                call.args = vec![super::Arg { name: None, value: operand }];
                Value::Call(Box::new(call))
            }
            "binary_expression" => self.concatenation(node),
            "composite_literal" => self.composite(node),
            "literal_element" | "parenthesized_expression" | "variadic_argument" => {
                node.named_child(0).map_or(Value::Null, |n| self.value(n))
            }
            "unary_expression" if node.child_by_field_name("operator").is_some_and(|o| self.text(o) == "&") => {
                node.child_by_field_name("operand").map_or(Value::Null, |n| self.value(n))
            }
            "func_literal" => Value::Function,
            _ if node.end_byte() - node.start_byte() > 240 => Value::Other(String::new()),
            _ => Value::Other(self.text(node)),
        }
    }

    fn call_value(&self, node: Node) -> Value {
        let call = self.call(node);
        let key = call.positional(0).and_then(Value::str).filter(|k| is_env_key(k)).map(str::to_string);
        if let Some(key) = key.clone()
            && matches!(call.callee.as_str(), "os.Getenv" | "syscall.Getenv")
        {
            return Value::Env { key, default: None };
        }
        // A helper such as `getEnv("JWKS_URL", "http://localhost:3000/...")`.
        let helper = call.callee.to_ascii_lowercase().contains("env") && !call.callee.contains('.');
        if let (true, Some(key), Some(default)) = (helper, key, call.positional(1)) {
            return Value::Env { key, default: Some(Box::new(default.clone())) };
        }
        if TRANSPARENT.contains(&call.callee.as_str())
            && let Some(first) = call.positional(0)
        {
            return first.clone();
        }
        if call.callee == "fmt.Sprintf"
            && let Some(Value::Str(format)) = call.positional(0)
            && let Some(template) = sprintf_template(format, &call.args[1..])
        {
            return template;
        }
        Value::Call(Box::new(call))
    }

    /// `base + "/jwks"`: a string when every part is one, a template
    /// (`{base}/jwks`) when the parts are strings, names and env reads.
    fn concatenation(&self, node: Node) -> Value {
        let operator = node.child_by_field_name("operator").map(|n| self.text(n)).unwrap_or_default();
        if operator != "+" {
            return Value::Other(self.text(node));
        }
        let left = node.child_by_field_name("left").map_or(Value::Null, |n| self.value(n));
        let right = node.child_by_field_name("right").map_or(Value::Null, |n| self.value(n));
        match (template_part(&left), template_part(&right)) {
            (Some(a), Some(b)) => match (&left, &right) {
                (Value::Str(a), Value::Str(b)) => Value::Str(format!("{a}{b}")),
                _ => Value::Template(format!("{a}{b}")),
            },
            _ => Value::Other(self.text(node)),
        }
    }

    /// `[]string{a, b}` is a list; `jwt.MapClaims{"k": v}` and struct literals are objects.
    fn composite(&self, node: Node) -> Value {
        let Some(body) = node.child_by_field_name("body") else { return Value::Other(self.text(node)) };
        let mut cursor = body.walk();
        let elements: Vec<Node> = body.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect();
        if elements.iter().any(|e| e.kind() == "keyed_element") {
            let pairs = elements
                .iter()
                .filter(|e| e.kind() == "keyed_element")
                .filter_map(|e| {
                    let key = e.child_by_field_name("key")?;
                    let key = match self.value(key) {
                        Value::Str(s) => s,
                        _ => self.text(key),
                    };
                    Some((key, e.child_by_field_name("value").map_or(Value::Null, |v| self.value(v))))
                })
                .collect();
            Value::Object(pairs)
        } else {
            Value::List(elements.iter().map(|e| self.value(*e)).collect())
        }
    }

    fn import(&mut self, node: Node) {
        let Some(path) = node.child_by_field_name("path") else { return };
        let Value::Str(module) = self.value(path) else { return };
        let local = node.child_by_field_name("name").map(|n| self.text(n)).unwrap_or_else(|| package_name(&module));
        self.module.imports.push(Import { module, names: vec![("*".into(), local)], line: line(node), function: None });
    }

    /// `a, err := f()`: each name gets its value; when one call gives
    /// several results, the first name gets the call.
    fn assignment(&mut self, node: Node) {
        if node.kind() == "assignment_statement"
            && node.child_by_field_name("operator").is_some_and(|o| self.text(o) != "=")
        {
            return;
        }
        let left = node.child_by_field_name("left");
        let names: Vec<Node> = left
            .map(|l| {
                let mut cursor = l.walk();
                l.named_children(&mut cursor).collect()
            })
            .unwrap_or_default();
        let values = node.child_by_field_name("right").map(|r| self.expressions(r)).unwrap_or_default();
        self.bind(&names, &values, line(node));
    }

    fn bind(&mut self, names: &[Node], values: &[Value], line: usize) {
        for (i, name) in names.iter().enumerate() {
            let value = match (values.get(i), values.len()) {
                (Some(v), _) => v.clone(),
                (None, 1) if i == 0 => values[0].clone(),
                _ => continue,
            };
            let name = match name.kind() {
                "identifier" | "selector_expression" => self.dotted(*name),
                _ => continue,
            };
            if name == "_" {
                continue;
            }
            let binding = Binding { name, value, line, function: self.current(), class: None };
            self.module.bindings.push(binding);
        }
    }

    /// `if url == "" { url = "http://localhost:3000/..." }` after
    /// `url := os.Getenv("JWKS_URL")`: the env read gets that default.
    fn fallback(&mut self, node: Node) {
        let Some(condition) = node.child_by_field_name("condition").filter(|c| c.kind() == "binary_expression") else {
            return;
        };
        if condition.child_by_field_name("operator").is_none_or(|o| self.text(o) != "==") {
            return;
        }
        let sides = [condition.child_by_field_name("left"), condition.child_by_field_name("right")];
        let (name, empty): (Vec<Node>, Vec<Node>) =
            sides.into_iter().flatten().partition(|n| n.kind() == "identifier" || n.kind() == "selector_expression");
        let (Some(name), Some(empty)) = (name.first(), empty.first()) else { return };
        if self.value(*empty) != Value::Str(String::new()) {
            return;
        }
        let name = self.dotted(*name);
        let Some(block) = node.child_by_field_name("consequence") else { return };
        // A block holds a `statement_list` (grammar 0.25) or the statements themselves.
        let mut cursor = block.walk();
        let list = block.named_children(&mut cursor).find(|n| n.kind() == "statement_list").unwrap_or(block);
        let mut cursor = list.walk();
        let statements: Vec<Node> = list.named_children(&mut cursor).collect();
        let assigned = statements.iter().filter(|s| s.kind() == "assignment_statement").find_map(|s| {
            let left = s.child_by_field_name("left")?.named_child(0)?;
            let right = s.child_by_field_name("right")?.named_child(0)?;
            (self.dotted(left) == name).then(|| self.value(right))
        });
        let Some(default) = assigned else { return };
        let function = self.current();
        if let Some(b) = self.module.bindings.iter_mut().rev().find(|b| {
            b.name == name
                && (b.function == function || b.function.is_none())
                && matches!(b.value, Value::Env { default: None, .. })
        }) && let Value::Env { default: slot, .. } = &mut b.value
        {
            *slot = Some(Box::new(default));
        }
    }

    fn returned(&mut self, node: Node) {
        let Some(list) = node.named_child(0).filter(|v| v.kind() != "comment") else { return };
        if let Some(value) = self.expressions(list).into_iter().next() {
            let binding =
                Binding { name: "return".into(), value, line: line(node), function: self.current(), class: None };
            self.module.bindings.push(binding);
        }
    }

    fn access(&mut self, node: Node) {
        if let Some(parent) = node.parent()
            && parent.kind() == "selector_expression"
            && parent.child_by_field_name("operand") == Some(node)
        {
            return;
        }
        let path = self.dotted(node);
        self.module.accesses.push(Access { path, key: None, line: line(node), function: self.current() });
    }
}

/// A Go string literal's escapes that matter for URLs and keys.
fn unescape(s: &str) -> String {
    s.replace("\\\"", "\"").replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
}

/// How a value reads inside a template: `{name}`, `{env.KEY}`, or the string.
fn template_part(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Template(t) => Some(t.clone()),
        Value::Name(n) => Some(format!("{{{n}}}")),
        Value::Env { key, default: None } => Some(format!("{{env.{key}}}")),
        _ => None,
    }
}

/// `fmt.Sprintf("%s/api/auth/jwks", base)` as the template `{base}/api/auth/jwks`.
fn sprintf_template(format: &str, args: &[super::Arg]) -> Option<Value> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut rest = format;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        match rest[at + 1..].chars().next()? {
            's' | 'v' => out.push_str(&template_part(&args.next()?.value)?),
            '%' => out.push('%'),
            _ => return None,
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    args.next().is_none().then_some(Value::Template(out))
}
