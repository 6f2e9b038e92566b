//! `jwt-plugin-missing`: the backend fetches a JWKS but the config has no jwt() plugin.

use super::*;

pub static JWT_PLUGIN_MISSING: Rule = Rule {
    id: "jwt-plugin-missing",
    severity: Error,
    summary: "the backend fetches a JWKS but the config has no jwt() plugin",
    doc: "A backend that verifies tokens against Better Auth's JWKS needs the jwt plugin: without it \
`/api/auth/jwks` and `/api/auth/token` answer 404 and there is no token to send. The cookie cache's JWT strategy is \
not a replacement (it is HS256 with the secret and has no JWKS).",
    fix: "add jwt() from \"better-auth/plugins\" to the config's plugins (and jwtClient() to the client)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\nkeys = PyJWKClient(\"http://localhost:3000/api/auth/jwks\")\n\ndef verify(token):\n    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\nkeys = PyJWKClient(\"http://localhost:3000/api/auth/jwks\")\n\ndef verify(token):\n    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
    ],
    autofix: None,
    check: |model| {
        if model.configs.is_empty() || model.jwt_plugin().is_some() {
            return Vec::new();
        }
        let config = &model.configs[0];
        let fetches = checked(model).any(|v| model.file(v.file).side != Side::App && model.verifier_uses_jwks(v));
        if !fetches {
            return Vec::new();
        }
        vec![Hit::at(
            &model.file(config.file).path,
            config.call.line,
            "the backend verifies with a JWKS but betterAuth() has no jwt() plugin: /api/auth/jwks answers 404",
        )]
    },
};

examples_test!(JWT_PLUGIN_MISSING);
