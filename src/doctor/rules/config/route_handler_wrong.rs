//! `route-handler-wrong`: the route handler exports the auth object instead of toNextJsHandler(auth).

use super::*;

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
    ],
    check: |model| {
        model
            .code()
            .filter(|(_, f)| base_path(model).is_some_and(|base| is_route_handler(&f.path, &base)))
            .flat_map(|(_, f)| f.module.bindings.iter().map(move |b| (f, b)))
            .filter(|(_, b)| b.name.starts_with('{') && b.name.contains("GET") && matches!(b.value, Value::Name(_)))
            .map(|(f, b)| {
                Hit::at(&f.path, b.line, "GET and POST are read off the auth object, where they do not exist")
            })
            .collect()
    },
};

examples_test!(ROUTE_HANDLER_WRONG);
