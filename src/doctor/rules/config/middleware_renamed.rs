//! `middleware-renamed`: Next.js 16 renamed middleware.ts to proxy.ts.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Rename, Safety, TextEdit, text_of};

pub static MIDDLEWARE_RENAMED: Rule = Rule {
    id: "middleware-renamed",
    severity: Info,
    summary: "Next.js 16 renamed middleware.ts to proxy.ts",
    doc: "Next.js 16 still runs `middleware.ts` but deprecates it in favour of `proxy.ts` exporting `proxy`. Nothing \
breaks today; the rename keeps the route guard working after the next major.",
    fix: "rename middleware.ts to proxy.ts and its export to proxy",
    invalid: &["//- web/middleware.ts\nexport function middleware(request) { return getSessionCookie(request); }\n"],
    valid: &["//- web/proxy.ts\nexport function proxy(request) { return getSessionCookie(request); }\n"],
    autofix: Some(&FIX),
    check: |model| {
        let (Some(app), Some(16..)) = (model.project.app_dir.as_deref(), model.project.next_major) else {
            return Vec::new();
        };
        let names = ["middleware.ts", "middleware.js", "src/middleware.ts", "src/middleware.js"];
        model
            .project
            .paths
            .iter()
            .filter(|p| names.iter().any(|n| **p == crate::doctor::plan_join(app, n)))
            .map(|p| Hit::at(p, 0, "Next.js 16 deprecates middleware.ts"))
            .collect()
    },
};

static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "renames middleware.ts to proxy.ts and its `middleware` export to `proxy`",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let source = crate::edit::Source::parse(file, text).ok()?;
        // `export function middleware` / `export const middleware = ...`; a default export keeps its name.
        let names = source.all(&|n| {
            matches!(n.kind(), "function_declaration" | "variable_declarator")
                && n.parent().is_some_and(|p| {
                    p.kind() == "export_statement" || p.parent().is_some_and(|g| g.kind() == "export_statement")
                })
        });
        let mut splices = Vec::new();
        for decl in names {
            let name = decl.child_by_field_name("name").filter(|n| source.text_of(*n) == "middleware");
            if let Some(name) = name {
                splices.push((name.start_byte(), name.end_byte(), "proxy".to_string()));
            }
        }
        let (dir, base) = file.rsplit_once('/').unwrap_or((".", file));
        let to = crate::paths::join(dir, &base.replacen("middleware", "proxy", 1));
        let edits = splices.into_iter().map(|(s, e, r)| TextEdit::new(file, text, s, e, r)).collect();
        Some(Fix { safety: Safety::Safe, edits, rename: Some(Rename { from: file.to_string(), to }) })
    },
};

examples_test!(MIDDLEWARE_RENAMED);
