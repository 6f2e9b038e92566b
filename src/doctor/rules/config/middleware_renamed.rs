//! `middleware-renamed`: Next.js 16 renamed middleware.ts to proxy.ts.

use super::*;

pub static MIDDLEWARE_RENAMED: Rule = Rule {
    id: "middleware-renamed",
    severity: Info,
    summary: "Next.js 16 renamed middleware.ts to proxy.ts",
    doc: "Next.js 16 still runs `middleware.ts` but deprecates it in favour of `proxy.ts` exporting `proxy`. Nothing \
breaks today; the rename keeps the route guard working after the next major.",
    fix: "rename middleware.ts to proxy.ts and its export to proxy",
    invalid: &["//- web/middleware.ts\nexport function middleware(request) { return getSessionCookie(request); }\n"],
    valid: &["//- web/proxy.ts\nexport function proxy(request) { return getSessionCookie(request); }\n"],
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

examples_test!(MIDDLEWARE_RENAMED);
