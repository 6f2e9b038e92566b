//! `middleware-edge-auth`: middleware on the Edge runtime calls `auth.api.getSession` or imports the database.

use semver::VersionReq;

use super::*;

/// Database drivers and ORMs that need Node.js.
const DATABASE_MODULES: &[&str] = &[
    "pg",
    "postgres",
    "mysql2",
    "mysql2/promise",
    "better-sqlite3",
    "@prisma/client",
    "kysely",
    "mongodb",
    "@libsql/client",
    "@neondatabase/serverless",
];

pub static MIDDLEWARE_EDGE_AUTH: Rule = Rule {
    id: "middleware-edge-auth",
    severity: Error,
    summary: "middleware on the Edge runtime calls auth.api.getSession or loads the database",
    doc: "Before Next 15.2 `middleware.ts` always runs on the Edge runtime; from 15.2 it does unless it exports \
`config = { runtime: \"nodejs\" }`. The Edge runtime has no Node.js APIs, so middleware that calls \
`auth.api.getSession`, imports the Better Auth config, or imports a database driver or ORM (pg, mysql2, Prisma, \
better-sqlite3…) asks the Edge runtime for what it does not have and cannot work there. Check only the cookie there with `getSessionCookie` \
from \"better-auth/cookies\" and the session in the page, route handler or server action; on Next 15.2+ \
`runtime: \"nodejs\"` is the other way. The Next version is the lockfile's, else the manifest range's; an unknown \
version, or Next 16 (where `proxy.ts` replaces middleware), gives no finding.",
    fix: "check getSessionCookie(request) from \"better-auth/cookies\" in middleware and the session in the page (Next 15.2+: export const config = { runtime: \"nodejs\" })",
    invalid: &[
        "//- web/package.json\n{ \"dependencies\": { \"next\": \"15.1.7\", \"better-auth\": \"^1.3.0\" } }\n//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/middleware.ts\nimport { NextResponse } from \"next/server\";\nimport { auth } from \"@/lib/auth\";\nexport async function middleware(request) {\n  const session = await auth.api.getSession({ headers: request.headers });\n  return session ? NextResponse.next() : NextResponse.redirect(new URL(\"/sign-in\", request.url));\n}\n",
        "//- web/package.json\n{ \"dependencies\": { \"next\": \"^15.3.0\" } }\n//- web/src/middleware.ts\nimport { Pool } from \"pg\";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nexport async function middleware(request) {\n  await pool.query(\"select 1\");\n}\nexport const config = { matcher: [\"/dashboard\"] };\n",
        "//- web/package.json\n{ \"dependencies\": { \"next\": \"^14.2.0\" } }\n//- web/yarn.lock\nnext@^14.2.0:\n  version \"14.2.15\"\n//- web/middleware.ts\nimport { auth } from \"./lib/auth\";\nexport default auth;\n//- web/lib/auth.ts\nexport const auth = betterAuth({});\n",
    ],
    valid: &[
        // Only the cookie is checked.
        "//- web/package.json\n{ \"dependencies\": { \"next\": \"15.1.7\" } }\n//- web/middleware.ts\nimport { getSessionCookie } from \"better-auth/cookies\";\nexport function middleware(request) {\n  return getSessionCookie(request) ? undefined : Response.redirect(new URL(\"/sign-in\", request.url));\n}\n",
        // Next 15.2+ with the Node.js runtime.
        "//- web/package.json\n{ \"dependencies\": { \"next\": \"^15.5.0\" } }\n//- web/middleware.ts\nimport { auth } from \"@/lib/auth\";\nexport async function middleware(request) {\n  return auth.api.getSession({ headers: request.headers });\n}\nexport const config = { runtime: \"nodejs\", matcher: [\"/dashboard\"] };\n",
        // Next 16: proxy.ts runs on Node.js.
        "//- web/package.json\n{ \"dependencies\": { \"next\": \"16.0.1\" } }\n//- web/proxy.ts\nimport { auth } from \"@/lib/auth\";\nexport async function proxy(request) {\n  return auth.api.getSession({ headers: request.headers });\n}\n",
        // No Next version anywhere.
        "//- web/middleware.ts\nimport { auth } from \"@/lib/auth\";\nexport async function middleware(request) {\n  return auth.api.getSession({ headers: request.headers });\n}\n",
    ],
    autofix: None,
    check: |model| {
        let Some(app) = model.project.app_dir.as_deref() else { return Vec::new() };
        let names = ["middleware.ts", "middleware.js", "src/middleware.ts", "src/middleware.js"];
        let mut hits = Vec::new();
        for (_, file) in model.code().filter(|(_, f)| names.iter().any(|n| f.path == crate::doctor::plan_join(app, n)))
        {
            if !on_edge(model, file) {
                continue;
            }
            if let Some((line, what)) = node_only(model, file) {
                hits.push(Hit::at(&file.path, line, format!("middleware runs on the Edge runtime here but {what}")));
            }
        }
        hits
    },
};

/// Whether the middleware runs on the Edge runtime: every Next version it
/// can get is below 15.2, or below 16 without `runtime: "nodejs"`.
fn on_edge(model: &Model, file: &File) -> bool {
    let next = installed(model, &file.path, "next");
    let (Ok(before_node), Ok(before_16)) = (VersionReq::parse("<15.2.0"), VersionReq::parse("<16.0.0")) else {
        return false;
    };
    let nodejs = file.module.constant("config").and_then(|c| c.get("runtime")).and_then(Value::str) == Some("nodejs");
    next.every(&before_node) || (next.every(&before_16) && !nodejs)
}

/// The first line that needs Node.js: a getSession call, an import of the config or of a database.
fn node_only(model: &Model, file: &File) -> Option<(usize, String)> {
    let get_session = file
        .module
        .calls
        .iter()
        .find(|c| c.method() == "getSession" && c.receiver().is_some_and(|r| r.ends_with(".api")))
        .map(|c| (c.line, format!("calls {}", c.callee)));
    let config_stem = model.configs.first().map(|c| stem(&model.file(c.file).path));
    let import = file.module.imports.iter().find_map(|i| {
        if DATABASE_MODULES.contains(&i.module.as_str()) || i.module.starts_with("drizzle-orm/") {
            Some((i.line, format!("imports the database driver \"{}\"", i.module)))
        } else if config_stem.as_deref().is_some_and(|s| stem(&i.module) == s && i.module.starts_with(['.', '@', '~']))
        {
            Some((i.line, format!("imports the Better Auth config (\"{}\") and its database", i.module)))
        } else {
            None
        }
    });
    [get_session, import].into_iter().flatten().min_by_key(|(line, _)| *line)
}

/// `web/lib/auth.ts` -> `auth`; `@/lib/auth` -> `auth`.
fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('.').next().unwrap_or(name).to_string()
}

examples_test!(MIDDLEWARE_EDGE_AUTH);
