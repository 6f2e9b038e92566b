//! `route-handler-missing`: Better Auth is configured in the app but no route handler serves it.

use super::*;

pub static ROUTE_HANDLER_MISSING: Rule = Rule {
    id: "route-handler-missing",
    severity: Error,
    summary: "Better Auth is configured in the app but no route handler serves it",
    doc: "Next.js serves Better Auth through a catch-all route: `app/api/auth/[...all]/route.ts` (or the optional \
`[[...all]]`, or `pages/api/auth/[...all].ts`) exporting `toNextJsHandler(auth)`. Without it sign-in, `/token` and \
`/jwks` all answer 404. Not reported when a Node server hosts Better Auth.",
    fix: "add app/api/auth/[...all]/route.ts: export const { GET, POST } = toNextJsHandler(auth)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/app/page.tsx\nimport { auth } from \"@/lib/auth\";\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ basePath: \"/auth\" });\n//- web/app/api/auth/[...all]/route.ts\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = toNextJsHandler(auth);\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/app/api/auth/[[...all]]/route.ts\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = toNextJsHandler(auth);\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({});\n//- web/src/pages/api/auth/[...all].ts\nexport default toNodeHandler(auth.handler);\n",
        "//- web/src/auth.ts\nexport const auth = betterAuth({});\n//- web/src/app/api/auth/route.ts\n// Sign-in is done by the API; this config is unused.\nexport const GET = () => Response.json({}, { status: 404 });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ basePath: \"/auth\" });\n//- web/app/auth/[...all]/route.ts\nimport { auth } from \"@/lib/auth\";\nexport const { GET, POST } = toNextJsHandler(auth);\n",
        "//- server/src/auth.ts\nexport const auth = betterAuth({});\n//- server/src/index.ts\nimport { auth } from \"./auth\";\napp.on([\"GET\", \"POST\"], \"/api/auth/*\", (c) => auth.handler(c.req.raw));\n//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_SERVER_URL });\n",
        "//- api/src/auth.ts\nexport const auth = betterAuth({});\n//- api/src/app.module.ts\nimport { auth } from \"./auth\";\n@Module({ imports: [AuthModule.forRoot(auth)] })\nexport class AppModule {}\n//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_API_URL });\n",
    ],
    autofix: None,
    check: |model| {
        let Some(app) = model.project.app_dir.as_deref() else { return Vec::new() };
        if model.host != Host::Next || !model.config_live() {
            return Vec::new();
        }
        let Some(base) = base_path(model) else { return Vec::new() };
        if model.project.paths.iter().any(|p| inside(p, app) && is_route_handler(p, &base)) {
            return Vec::new();
        }
        let config = &model.configs[0];
        vec![Hit::at(
            &model.file(config.file).path,
            config.call.line,
            format!("no route handler under {app}/app{base}/[...all]/ serves this config"),
        )]
    },
};

examples_test!(ROUTE_HANDLER_MISSING);
