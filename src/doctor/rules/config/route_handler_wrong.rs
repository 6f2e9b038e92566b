//! `route-handler-wrong`: the route handler exports the auth object instead of toNextJsHandler(auth).

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, text_of};

pub static ROUTE_HANDLER_WRONG: Rule = Rule {
    id: "route-handler-wrong",
    severity: Error,
    summary: "the route handler exports the auth object instead of toNextJsHandler(auth)",
    doc: "`export const { GET, POST } = auth` destructures properties the auth object does not have: both are \
undefined and Next.js answers 405 for every auth request. The handlers come from `toNextJsHandler(auth)` \
(\"better-auth/next-js\").",
    fix: "export const { GET, POST } = toNextJsHandler(auth)",
    invalid: &[
        "//- web/app/api/auth/[...all]/route.ts\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = auth;\n",
    ],
    valid: &[
        "//- web/app/api/auth/[...all]/route.ts\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = toNextJsHandler(auth);\n",
        "//- web/app/api/auth/[...all]/route.ts\nimport { auth } from \"@/lib/auth\";\nconst handler = toNextJsHandler(auth);\nexport const { GET, POST } = handler;\n",
    ],
    autofix: Some(&FIX),
    check: |model| {
        model
            .code()
            .filter(|(_, f)| base_path(model).is_some_and(|base| is_route_handler(&f.path, &base)))
            .flat_map(|(_, f)| f.module.bindings.iter().map(move |b| (f, b)))
            .filter(|(f, b)| b.name.starts_with('{') && b.name.contains("GET") && reads_auth_object(f, &b.value))
            .map(|(f, b)| {
                Hit::at(&f.path, b.line, "GET and POST are read off the auth object, where they do not exist")
            })
            .collect()
    },
};

static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "wraps the auth object in toNextJsHandler(...) and imports it from \"better-auth/next-js\"",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let source = crate::edit::Source::parse(file, text).ok()?;
        // `export const { GET, POST } = auth`: the identifier on the right.
        let declarator = source.on_line(hit.line, &|n| n.kind() == "variable_declarator")?;
        let value = declarator.child_by_field_name("value").filter(|v| v.kind() == "identifier")?;
        let (local, import) =
            crate::edit::import_name(source.root(), source.src(), "toNextJsHandler", "better-auth/next-js").ok()?;
        let name = source.text_of(value);
        let mut splices = vec![(value.start_byte(), value.end_byte(), format!("{local}({name})"))];
        splices.extend(import);
        Fix::splices(Safety::Safe, file, text, splices)
    },
};

/// `= auth` (the config object), not `= handler` where a constant holds
/// `toNextJsHandler(auth)` (or another handler factory's result).
fn reads_auth_object(file: &crate::doctor::project::File, value: &Value) -> bool {
    let Value::Name(name) = value else { return false };
    !matches!(file.module.constant(name), Some(Value::Call(_)))
}

examples_test!(ROUTE_HANDLER_WRONG);
