//! `session-token-as-bearer`: the session token is sent where the backend expects a JWT.

use super::*;

pub static SESSION_TOKEN_AS_BEARER: Rule = Rule {
    id: "session-token-as-bearer",
    severity: Error,
    summary: "the session token is sent as the bearer token to a backend that verifies JWTs",
    doc: "`session.token` (from `useSession()`, `getSession()` or `auth.api.getSession`) is Better Auth's opaque \
session id, not a JWT: a backend that verifies tokens against the JWKS refuses it with 401 on every request (and \
a backend that accepted it would need the database). The JWT comes from `authClient.token()` (or the \
`set-auth-jwt` header) with the jwt plugin.",
    fix: "send the JWT: const { data } = await authClient.token(); Authorization: `Bearer ${data.token}`",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/lib/api.ts\nexport async function me() {\n  const { data } = await authClient.getSession();\n  return fetch(API + \"/me\", { headers: { Authorization: `Bearer ${data?.session.token}` } });\n}\n//- api/auth.py\nfrom jwt import PyJWKClient\nclient = PyJWKClient(JWKS_URL)\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- web/lib/api.ts\nexport async function me() {\n  const { data } = await authClient.token();\n  return fetch(API + \"/me\", { headers: { Authorization: `Bearer ${data?.token}` } });\n}\n//- api/auth.py\nfrom jwt import PyJWKClient\nclient = PyJWKClient(JWKS_URL)\n",
        // With the bearer plugin the session token is the credential Better Auth itself reads.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [bearer()] });\n//- web/lib/api.ts\nexport const h = (session) => ({ Authorization: `Bearer ${session.token}` });\n",
    ],
    autofix: None,
    check: |model| {
        let jwt_backend = model.verifiers.iter().any(|v| !v.unverified) || model.jwt_plugin().is_some();
        let bearer_plugin = model.configs.iter().any(|c| {
            matches!(c.options.get("plugins"), Some(Value::List(p)) if p.iter().filter_map(Value::call).any(|c| c.callee == "bearer"))
        });
        if !jwt_backend || bearer_plugin || model.project.backend_dirs.is_empty() {
            return Vec::new();
        }
        model
            .code()
            .filter(|(_, f)| f.side == Side::App)
            .filter_map(|(_, f)| {
                let (_, line) = f.module.strings.iter().find(|(s, _)| session_bearer(s))?;
                Some(Hit::at(
                    &f.path,
                    *line,
                    "the session token is sent as a bearer token; the backend expects the JWT",
                ))
            })
            .collect()
    },
};

/// `Bearer ${...session.token}` / `Bearer ${session?.session?.token}`.
fn session_bearer(text: &str) -> bool {
    let Some((_, rest)) = text.split_once("Bearer ${") else { return false };
    let expression = rest.split('}').next().unwrap_or_default().replace("?.", ".").replace('!', "");
    expression.ends_with("session.token")
}

examples_test!(SESSION_TOKEN_AS_BEARER);
