//! The Better Auth config and where it is served: the config itself, the
//! Next.js route handler, options that do not exist, baseURL, proxy.ts.

use super::super::Severity::{Error, Info, Warning};
use super::super::model::Host;
use super::super::project::{Side, inside};
use super::super::syntax::Value;
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[
    &AUTH_CONFIG_MISSING,
    &ROUTE_HANDLER_MISSING,
    &ROUTE_HANDLER_WRONG,
    &UNKNOWN_OPTION,
    &NO_BASE_URL,
    &MIDDLEWARE_RENAMED,
];

pub static AUTH_CONFIG_MISSING: Rule = Rule {
    id: "auth-config-missing",
    severity: Error,
    summary: "the app has an auth client but no betterAuth() config anywhere",
    doc: "`createAuthClient()` talks to a Better Auth server. When the client points at the app itself (no \
`baseURL`, or the app's own URL) and no `betterAuth({...})` exists in the repository, every call answers 404. Not \
reported when the client points at another service (Better Auth hosted by a Node backend).",
    fix: "create lib/auth.ts with betterAuth({...}) (authgen init writes it)",
    invalid: &["//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n"],
    valid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_API_URL });\n",
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n//- packages/auth/index.ts\nexport const auth = betterAuth({});\n",
    ],
    check: |model| {
        if model.host != Host::Missing {
            return Vec::new();
        }
        model
            .clients
            .iter()
            .filter(|c| model.file(c.file).side == Side::App)
            .filter(|c| match c.options.get("baseURL") {
                None => true,
                Some(Value::Env { key, .. }) => key == "BETTER_AUTH_URL" || key.ends_with("APP_URL"),
                Some(_) => false,
            })
            .map(|c| {
                Hit::at(
                    &model.file(c.file).path,
                    c.call.line,
                    "createAuthClient() talks to this app, but no betterAuth() config exists",
                )
            })
            .take(1)
            .collect()
    },
};

/// The path Better Auth's routes are served under: the config's `basePath`,
/// `/api/auth` without one, `None` when it is a value doctor cannot read.
pub(super) fn base_path(model: &super::super::model::Model) -> Option<String> {
    let Some(config) = model.configs.first() else { return Some("/api/auth".into()) };
    match config.options.get("basePath") {
        None => Some("/api/auth".into()),
        Some(value) => model.resolve(config.file, value).str().map(|s| s.trim_end_matches('/').to_string()),
    }
}

/// `app{base}/[...all]/route.ts`, `[[...all]]`, `pages{base}/[...all].ts`
/// (`base` being `/api/auth` by default), under `src/` too.
fn is_route_handler(path: &str, base: &str) -> bool {
    let Some((dir, name)) = path.rsplit_once('/') else { return false };
    let catch_all = |segment: &str| {
        (segment.starts_with("[...") && segment.ends_with(']'))
            || (segment.starts_with("[[...") && segment.ends_with("]]"))
    };
    if name.starts_with("route.") {
        let Some((folder, last)) = dir.rsplit_once('/') else { return false };
        return catch_all(last) && folder.ends_with(&format!("app{base}"));
    }
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    catch_all(stem) && dir.ends_with(&format!("pages{base}"))
}

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

const JWT_OPTIONS: &[&str] = &["jwks", "jwt", "schema", "disableSettingJwtHeader", "adapter", "sessionCookieCache"];
const JWKS_OPTIONS: &[&str] = &[
    "keyPairConfig",
    "keyPairConfigs",
    "disablePrivateKeyEncryption",
    "rotationInterval",
    "gracePeriod",
    "jwksPath",
    "remoteUrl",
];
const JWT_JWT_OPTIONS: &[&str] = &["issuer", "audience", "expirationTime", "definePayload", "getSubject", "sign"];
const SESSION_OPTIONS: &[&str] = &[
    "modelName",
    "fields",
    "additionalFields",
    "expiresIn",
    "updateAge",
    "disableSessionRefresh",
    "deferSessionRefresh",
    "storeSessionInDatabase",
    "preserveSessionInDatabase",
    "cookieCache",
    "freshAge",
];

/// The options of `betterAuth()` (better-auth 1.7, `BetterAuthOptions` in
/// @better-auth/core's types).
const TOP_LEVEL_OPTIONS: &[&str] = &[
    "appName",
    "baseURL",
    "basePath",
    "secret",
    "secrets",
    "database",
    "secondaryStorage",
    "emailVerification",
    "emailAndPassword",
    "socialProviders",
    "plugins",
    "user",
    "session",
    "account",
    "verification",
    "trustedOrigins",
    "rateLimit",
    "advanced",
    "logger",
    "databaseHooks",
    "onAPIError",
    "hooks",
    "disabledPaths",
    "telemetry",
    "experimental",
];
/// `emailAndPassword`'s options (same source).
const EMAIL_PASSWORD_OPTIONS: &[&str] = &[
    "enabled",
    "disableSignUp",
    "requireEmailVerification",
    "maxPasswordLength",
    "minPasswordLength",
    "sendResetPassword",
    "resetPasswordTokenExpiresIn",
    "onPasswordReset",
    "password",
    "autoSignIn",
    "revokeSessionsOnPasswordReset",
    "onExistingUserSignUp",
    "customSyntheticUser",
];
/// Options from other libraries' docs, with where Better Auth has them.
const FOREIGN_OPTIONS: &[(&str, &str)] = &[
    ("trustHost", "Auth.js's; Better Auth trusts baseURL and trustedOrigins"),
    ("providers", "Auth.js's; Better Auth's are socialProviders"),
    ("callbacks", "Auth.js's; Better Auth has hooks and databaseHooks"),
    ("pages", "Auth.js's; Better Auth serves no pages"),
    ("fetchOptions", "createAuthClient()'s, not betterAuth()'s"),
    ("adapter", "Auth.js's; Better Auth takes the adapter as database"),
];

/// The top-level options `betterAuth()` does not have, each with a hint.
fn unknown_top_level(options: &Value, out: &mut Vec<String>) {
    let Value::Object(pairs) = options else { return };
    for (key, value) in pairs {
        if key.starts_with("...") || TOP_LEVEL_OPTIONS.contains(&key.as_str()) {
            if key == "database" && value.get("provider").is_some() && value.get("url").is_some() {
                out.push("`database: { provider, url }` is another library's shape: pass a driver (new Pool(...)) or an adapter (prismaAdapter, drizzleAdapter)".into());
            }
            continue;
        }
        let hint = FOREIGN_OPTIONS.iter().find(|(name, _)| name == key).map(|(_, hint)| format!(" ({hint})"));
        let typo = TOP_LEVEL_OPTIONS
            .iter()
            .find(|known| known.eq_ignore_ascii_case(key))
            .map(|k| format!(" (did you mean `{k}`?)"));
        out.push(format!("`{key}` is not an option of betterAuth(){}", hint.or(typo).unwrap_or_default()));
    }
}

fn unknown_keys(value: Option<&Value>, known: &[&str], at: &str, out: &mut Vec<String>) {
    if let Some(Value::Object(pairs)) = value {
        let unknown: Vec<String> =
            pairs.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, _)| format!("`{k}`")).collect();
        match unknown.as_slice() {
            [] => {}
            [one] => out.push(format!("{one} is not an option of {at}")),
            many => out.push(format!("{} are not options of {at}", many.join(", "))),
        }
    }
}

pub static UNKNOWN_OPTION: Rule = Rule {
    id: "unknown-option",
    severity: Warning,
    summary: "an option that Better Auth does not have, or one in the wrong place",
    doc: "Better Auth ignores options it does not know, so a setting written from another library's docs silently \
does nothing: `jwt({ algorithm: \"HS256\", secret })` (the plugin always signs with its key pair; the algorithm is \
`jwks.keyPairConfig.alg`), `session: { strategy: \"jwt\" }` (Auth.js, not Better Auth), `cookieCache` anywhere \
but under `session`, a top-level key betterAuth() does not have (`baseUrl` for `baseURL`, Auth.js's `trustHost` or \
`providers`, the client's `fetchOptions`), `emailVerification` nested in `emailAndPassword` (no verification email \
is ever sent) or Prisma's `database: { provider, url }`. The code then behaves differently from what it says. The \
option lists are better-auth 1.7's `BetterAuthOptions`.",
    fix: "use the documented place: jwt({ jwks: { keyPairConfig: { alg } } }), session.cookieCache",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ algorithm: \"HS256\", secret: process.env.BETTER_AUTH_SECRET })] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { strategy: \"jwt\" }, databaseHooks: { cookieCache: { enabled: true } } });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseUrl: process.env.BETTER_AUTH_URL });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ trustHost: true, emailAndPassword: { enabled: true } });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true, emailVerification: { sendOnSignUp: true } } });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ database: { provider: \"postgresql\", url: process.env.DATABASE_URL } });\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { expiresIn: 604800, cookieCache: { enabled: true, maxAge: 300 } }, plugins: [jwt({ jwks: { keyPairConfig: { alg: \"ES256\" } }, jwt: { expirationTime: \"15m\" } })] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL, emailAndPassword: { enabled: true, requireEmailVerification: true }, emailVerification: { sendOnSignUp: true }, database: prismaAdapter(prisma, { provider: \"postgresql\" }), trustedOrigins: [\"https://app.example.com\"] });\n",
    ],
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            let path = &model.file(config.file).path;
            let mut found = Vec::new();
            unknown_top_level(&config.options, &mut found);
            let email_password = config.options.get("emailAndPassword");
            if email_password.and_then(|o| o.get("emailVerification")).is_some() {
                found.push("`emailVerification` belongs at the top level, not in emailAndPassword: no verification email is sent".into());
            } else {
                unknown_keys(email_password, EMAIL_PASSWORD_OPTIONS, "emailAndPassword", &mut found);
            }
            unknown_keys(config.options.get("session"), SESSION_OPTIONS, "session", &mut found);
            for misplaced in ["cookieCache", "strategy"] {
                if config.options.get(misplaced).is_some() {
                    found.retain(|f| !f.starts_with(&format!("`{misplaced}` is not an option of betterAuth()")));
                    found.push(format!("`{misplaced}` belongs under session, not at the top level"));
                }
            }
            if config.options.get("databaseHooks").and_then(|h| h.get("cookieCache")).is_some() {
                found.push("`cookieCache` belongs under session, not databaseHooks".into());
            }
            for hit in found.drain(..) {
                hits.push(Hit::at(path, config.call.line, hit));
            }
            if let Some((_, plugin)) = model.jwt_plugin().filter(|(c, _)| c.file == config.file) {
                let options = plugin.positional(0);
                unknown_keys(options, JWT_OPTIONS, "jwt()", &mut found);
                unknown_keys(options.and_then(|o| o.get("jwks")), JWKS_OPTIONS, "jwt({ jwks })", &mut found);
                unknown_keys(options.and_then(|o| o.get("jwt")), JWT_JWT_OPTIONS, "jwt({ jwt })", &mut found);
                // One finding for the call: the options were written from another library's docs.
                if !found.is_empty() {
                    hits.push(Hit::at(path, plugin.line, found.join("; ")));
                }
            }
        }
        hits
    },
};

pub static NO_BASE_URL: Rule = Rule {
    id: "no-base-url",
    severity: Warning,
    summary: "the jwt plugin is on but neither baseURL nor BETTER_AUTH_URL is set",
    doc: "The jwt plugin's `iss` and `aud` are the origin of `baseURL`. With neither `baseURL` nor BETTER_AUTH_URL \
they follow each request's Host header (`localhost` and `127.0.0.1` then give different tokens, and a proxy's \
internal host leaks in), so the backend's issuer/audience check fails depending on how the app was reached. Only \
reported with the jwt plugin: without it there is no issuer to get wrong.",
    fix: "set BETTER_AUTH_URL (and pass baseURL: process.env.BETTER_AUTH_URL)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/app/api/auth/[...all]/route.ts\nexport const { GET, POST } = toNextJsHandler(auth);\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/.env.example\nBETTER_AUTH_URL=http://localhost:3000\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n",
    ],
    check: |model| {
        let Some((config, plugin)) = model.jwt_plugin() else { return Vec::new() };
        if config.options.get("baseURL").is_some() || model.env_named("BETTER_AUTH_URL") || !model.config_live() {
            return Vec::new();
        }
        vec![Hit::at(
            &model.file(config.file).path,
            plugin.line,
            "no baseURL and no BETTER_AUTH_URL: the tokens' issuer and audience follow each request's Host header",
        )]
    },
};

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
            .filter(|p| names.iter().any(|n| **p == super::super::plan_join(app, n)))
            .map(|p| Hit::at(p, 0, "Next.js 16 deprecates middleware.ts"))
            .collect()
    },
};
