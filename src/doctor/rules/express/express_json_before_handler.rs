//! `express-json-before-handler`: express.json() runs before Better Auth's handler.

use super::*;

pub static JSON_BEFORE_HANDLER: Rule = Rule {
    id: "express-json-before-handler",
    severity: Error,
    summary: "express.json() runs before Better Auth's handler",
    doc: "`toNodeHandler(auth)` reads the request body itself. When `app.use(express.json())` is mounted first, the \
body is already consumed and sign-in/sign-up requests hang or fail. Mount Better Auth's route before the JSON \
parser (or mount the parser only on your own routes).",
    fix: "move app.all(\"/api/auth/*splat\", toNodeHandler(auth)) above app.use(express.json())",
    invalid: &["//- server/app.ts\napp.use(express.json());\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\n"],
    valid: &["//- server/app.ts\napp.all(\"/api/auth/*splat\", toNodeHandler(auth));\napp.use(express.json());\n"],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for (_, f) in model.code() {
            let calls = &f.module.calls;
            let handler = calls
                .iter()
                .filter(|c| c.args.iter().any(|a| a.value.call().is_some_and(|h| h.callee == "toNodeHandler")))
                .map(|c| c.start)
                .min();
            let Some(handler) = handler else { continue };
            let parser = calls.iter().find(|c| {
                c.method() == "use"
                    && c.start < handler
                    && c.args.len() == 1
                    && c.args[0].value.call().is_some_and(|p| {
                        matches!(p.callee.as_str(), "express.json" | "bodyParser.json" | "json" | "express.urlencoded")
                    })
            });
            if let Some(parser) = parser {
                hits.push(Hit::at(
                    &f.path,
                    parser.line,
                    "the JSON parser is mounted before Better Auth's handler, which then gets no body",
                ));
            }
        }
        hits
    },
};

examples_test!(JSON_BEFORE_HANDLER);
