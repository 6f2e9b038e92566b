//! The browser side: the auth client, how the token is fetched and kept, and
//! the session cookie.

use super::super::Severity::{Error, Warning};
use super::super::model::{Client, Model};
use super::super::project::Side;
use super::super::syntax::Value;
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[
    &GET_TOKEN,
    &JWT_CLIENT_MISSING,
    &PLUGIN_CLIENT_MISSING,
    &TOKEN_IN_LOCALSTORAGE,
    &COOKIE_NAME_LITERAL,
    &COOKIE_READABLE,
];

/// The client a call is made on (`authClient.token()` → the authClient).
fn client_of<'m>(model: &'m Model, receiver: &str) -> Option<&'m Client> {
    model.clients.iter().find(|c| c.name.as_deref() == Some(receiver))
}

fn has_jwt_client(client: &Client) -> bool {
    matches!(client.options.get("plugins"), Some(Value::List(p)) if p.iter().filter_map(Value::call).any(|c| c.callee == "jwtClient"))
}

pub static GET_TOKEN: Rule = Rule {
    id: "get-token",
    severity: Error,
    summary: "authClient.getToken() does not exist",
    doc: "The auth client gets a JWT with `authClient.token()` (jwtClient plugin); `authClient.getToken()` is not a \
method: it fails type-checking and returns a 404 error object at run time, so the backend never gets a token. \
Only calls on a Better Auth client are reported (not `auth.api.getToken` on the server, nor other OAuth clients' \
`getToken`).",
    fix: "const { data } = await authClient.token(); use data.token",
    invalid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [jwtClient()] });\nexport const t = () => authClient.getToken();\n",
    ],
    valid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [jwtClient()] });\nexport const t = () => authClient.token();\n",
        "//- web/lib/google.ts\nexport const t = (code: string) => oAuth2Client.getToken(code);\n",
    ],
    check: |model| {
        model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| c.method() == "getToken" && c.receiver().is_some_and(|r| client_of(model, r).is_some()))
            .map(|(f, c)| Hit::at(&f.path, c.line, format!("{}() is not a method of the auth client", c.callee)))
            .collect()
    },
};

pub static JWT_CLIENT_MISSING: Rule = Rule {
    id: "jwt-client-missing",
    severity: Error,
    summary: "authClient.token() is called but the client has no jwtClient() plugin",
    doc: "`authClient.token()` exists only with the `jwtClient()` plugin from \"better-auth/client/plugins\". \
Without it the call is undefined at run time and no token reaches the backend.",
    fix: "add jwtClient() to createAuthClient({ plugins: [...] })",
    invalid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\nexport const t = () => authClient.token();\n",
    ],
    valid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [jwtClient()] });\nexport const t = () => authClient.token();\n",
    ],
    check: |model| {
        model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter_map(|(f, c)| {
                let client = client_of(model, c.receiver()?)?;
                (c.method() == "token" && !has_jwt_client(client)).then(|| {
                    Hit::at(
                        &model.file(client.file).path,
                        client.call.line,
                        format!("{} calls {}() but the client has no jwtClient() plugin", f.path, c.callee),
                    )
                })
            })
            .take(1)
            .collect()
    },
};

/// Whether a `plugins: [...]` list of these options calls `name(...)`.
fn has_plugin(options: &Value, name: &str) -> bool {
    matches!(options.get("plugins"), Some(Value::List(p)) if p.iter().filter_map(Value::call).any(|c| c.callee == name))
}

pub static PLUGIN_CLIENT_MISSING: Rule = Rule {
    id: "plugin-client-missing",
    severity: Error,
    summary: "a Better Auth plugin is on the server but its client plugin is not on the client",
    doc: "Plugins authgen wires (`magicLink`, `twoFactor`) have a client half (`magicLinkClient()`, \
`twoFactorClient()` from \"better-auth/client/plugins\") that adds their methods to the auth client: without it \
`authClient.signIn.magicLink` or `authClient.twoFactor` is undefined, and the plugin's pages fail at the first click \
although the server is ready.",
    fix: "add the plugin's client half to createAuthClient({ plugins: [...] })",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [twoFactor()] });\n//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [twoFactor()] });\n//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [twoFactorClient()] });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [magicLink({ sendMagicLink })] });\n",
    ],
    check: |model| {
        let Some(client) = model.clients.first() else { return Vec::new() };
        crate::plugins::DESCRIPTORS
            .iter()
            .filter(|d| model.configs.iter().any(|c| has_plugin(&c.options, d.server.name)))
            .filter(|d| !model.clients.iter().any(|c| has_plugin(&c.options, d.client.name)))
            .map(|d| {
                Hit::at(
                    &model.file(client.file).path,
                    client.call.line,
                    format!("the config uses {}() but the client has no {}", d.server.name, d.client_call),
                )
            })
            .collect()
    },
};

fn mentions_token(v: &Value) -> bool {
    let mut found = false;
    v.walk(&mut |inner| match inner {
        Value::Str(s) | Value::Name(s) | Value::Template(s) => {
            let s = s.to_ascii_lowercase();
            found |= s.contains("token") || s.contains("jwt");
        }
        _ => {}
    });
    found
}

pub static TOKEN_IN_LOCALSTORAGE: Rule = Rule {
    id: "token-in-localstorage",
    severity: Warning,
    summary: "a token is stored in localStorage",
    doc: "Anything in `localStorage` can be read by every script on the page, so one XSS bug leaks the token. \
The jwt plugin's tokens are short-lived and cheap to fetch: keep them in memory and ask `authClient.token()` again \
when they expire.",
    fix: "keep the token in memory; fetch a fresh one with authClient.token()",
    invalid: &[
        "//- web/lib/api.ts\nexport function save(token: string) {\n  localStorage.setItem(\"jwt\", token);\n}\n",
    ],
    valid: &[
        "//- web/lib/api.ts\nexport function save(theme: string) {\n  localStorage.setItem(\"theme\", theme);\n}\n",
    ],
    check: |model| {
        model
            .code()
            .filter(|(_, f)| f.side != Side::Backend)
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| {
                matches!(
                    c.callee.as_str(),
                    "localStorage.setItem" | "window.localStorage.setItem" | "sessionStorage.setItem"
                )
            })
            .filter(|(_, c)| c.args.iter().any(|a| mentions_token(&a.value)))
            .map(|(f, c)| Hit::at(&f.path, c.line, "a token is written to web storage, where any script can read it"))
            .fold(Vec::<Hit>::new(), |mut hits, hit| {
                // One finding per file: the same habit, not a new mistake per line.
                if !hits.iter().any(|h| h.file == hit.file) {
                    hits.push(hit);
                }
                hits
            })
    },
};

/// A Better Auth cookie's name (`better-auth.session_token`,
/// `better-auth.two_factor`, ...), possibly with `=` after it as
/// `document.cookie` code writes it.
fn better_auth_cookie(text: &str) -> bool {
    let Some(at) = text.find("better-auth.") else { return false };
    let name = text[at + "better-auth.".len()..].trim_end_matches('=');
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

pub static COOKIE_NAME_LITERAL: Rule = Rule {
    id: "cookie-name-literal",
    severity: Warning,
    summary: "a Better Auth cookie is looked up by its literal name",
    doc: "On https Better Auth prefixes every cookie with `__Secure-` (`__Secure-better-auth.session_token`, \
`__Secure-better-auth.two_factor`, ...), so code that reads `better-auth.session_token` or any other of its \
cookies by name works in development and finds nothing in production (and a custom `cookiePrefix` changes the \
names too). `getSessionCookie(request)` from \"better-auth/cookies\" knows both names; a backend should verify a \
JWT instead of reading cookies.",
    fix: "use getSessionCookie(request) from \"better-auth/cookies\"",
    invalid: &[
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.get(\"better-auth.session_token\");\n}\n",
        "//- web/proxy.ts\nexport function proxy(request) {\n  return request.cookies.has(\"better-auth.two_factor\");\n}\n",
        "//- api/auth.py\ndef session(request):\n    return request.cookies.get(\"better-auth.session_data\")\n",
    ],
    valid: &[
        "//- web/proxy.ts\nexport function proxy(request) {\n  return getSessionCookie(request);\n}\n",
        "//- web/proxy.ts\nconst NAMES = [\"better-auth.session_token\", \"__Secure-better-auth.session_token\"];\n",
        "//- web/lib/links.ts\nexport const docs = (cookies: string) => cookies + \"better-auth.com/docs\";\n",
    ],
    check: |model| {
        model
            .code()
            .filter_map(|(_, f)| {
                let reads_cookies = f.module.calls.iter().any(|c| c.callee.to_ascii_lowercase().contains("cookie"))
                    || f.module.accesses.iter().any(|a| a.path.to_ascii_lowercase().contains("cookie"));
                if !reads_cookies {
                    return None;
                }
                let plain = f.module.strings.iter().find(|(s, _)| better_auth_cookie(s) && !s.contains("__Secure-"))?;
                let secure = f.module.strings.iter().any(|(s, _)| s.contains("__Secure-"));
                (!secure).then(|| {
                    Hit::at(
                        &f.path,
                        plain.1,
                        "the session cookie is read by a name that changes to __Secure-… on https",
                    )
                })
            })
            .collect()
    },
};

pub static COOKIE_READABLE: Rule = Rule {
    id: "cookie-readable",
    severity: Error,
    summary: "the session cookie is made readable from JavaScript",
    doc: "Better Auth's session cookie is HttpOnly so that page scripts cannot steal it. `httpOnly: false` in \
`advanced.defaultCookieAttributes` or `advanced.cookies`, or code reading the session token from \
`document.cookie`, hands the session to any injected script. Send requests with `credentials: \"include\"` or get a \
JWT with `authClient.token()` instead.",
    fix: "leave httpOnly on; use authClient.token() for a JWT instead of reading the cookie",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { defaultCookieAttributes: { httpOnly: false } } });\n",
        "//- web/lib/api.ts\nexport const token = () => document.cookie.split(\"; \").find((c) => c.startsWith(\"better-auth.session_token=\"));\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ advanced: { defaultCookieAttributes: { sameSite: \"lax\" } } });\n",
    ],
    check: |model| {
        let mut hits = Vec::new();
        for config in &model.configs {
            let mut off = false;
            if let Some(advanced) = config.options.get("advanced") {
                advanced.walk(&mut |v| off |= v.get("httpOnly") == Some(&Value::Bool(false)));
            }
            if off {
                hits.push(Hit::at(
                    &model.file(config.file).path,
                    config.call.line,
                    "httpOnly: false lets page scripts read the session cookie",
                ));
            }
        }
        for (_, f) in model.code().filter(|(_, f)| f.side != Side::Backend) {
            let reads = f.module.accesses.iter().find(|a| a.path.starts_with("document.cookie"));
            let session = f.module.strings.iter().any(|(s, _)| s.contains("session_token"));
            if let (Some(read), true) = (reads, session) {
                hits.push(Hit::at(&f.path, read.line, "the session token is read from document.cookie"));
            }
        }
        hits
    },
};
