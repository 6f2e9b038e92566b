//! `pyjwt-audience-missing`: PyJWT decodes Better Auth tokens without audience=.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, text_of};

pub static PYJWT_AUDIENCE_MISSING: Rule = Rule {
    id: "pyjwt-audience-missing",
    severity: Error,
    summary: "PyJWT or python-jose decodes Better Auth tokens without audience=",
    doc: "Better Auth's tokens carry an `aud` claim. PyJWT refuses a token with `aud` when `jwt.decode` is given no \
`audience=` (InvalidAudienceError), and python-jose 3.5 does the same (JWTClaimsError \"Invalid audience\"), so \
every request answers 401 although the token is good.",
    fix: "pass audience= the app's origin (BETTER_AUTH_URL's origin)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: \"ES256\" } } })] });\n//- api/auth.py\nfrom jose import jwt\n\ndef verify(token, jwks):\n    return jwt.decode(token, jwks, algorithms=[\"ES256\"], issuer=ISSUER)\n",
        // A backend that also mints tokens of its own: the Better Auth path is still judged by its token.
        "//- api/chat.py\nimport jwt, os\n\ndef chat_token(user):\n    return jwt.encode({\"sub\": user}, os.environ[\"CHAT_SECRET\"], algorithm=\"HS256\")\n\ndef chat_user(token):\n    return jwt.decode(token, os.environ[\"CHAT_SECRET\"], algorithms=[\"HS256\"])\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], issuer=ISSUER)\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], issuer=\"http://a\")\n",
    ],
    valid: &[
        // A secret-keyed fallback never sees the jwt plugin's tokens: backend-uses-secret reports it instead.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt, os\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    if jwt.get_unverified_header(token)[\"alg\"] == \"HS256\":\n        return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=A, issuer=A)\n",
        // The backend's own tokens (its secret, no audience) beside a correct Better Auth path.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/chat.py\nimport jwt, os\n\ndef chat_token(user):\n    return jwt.encode({\"sub\": user}, os.environ[\"CHAT_SECRET\"], algorithm=\"HS256\")\n\ndef chat_user(token):\n    return jwt.decode(token, os.environ[\"CHAT_SECRET\"], algorithms=[\"HS256\"])\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=ISSUER, issuer=ISSUER)\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"http://a\", issuer=\"http://a\")\n",
    ],
    autofix: Some(&FIX),
    check: |model| {
        checked(model)
            .filter(|v| model.token_of(v) == Token::JwtPlugin)
            .filter(|v| matches!(v.lib, Lib::PyJwt | Lib::PythonJose) && v.call.keyword("audience").is_none())
            // A path keyed with a secret never sees the jwt plugin's tokens (backend-uses-secret says so).
            .filter(|v| !v.call.arg(1, "key").is_some_and(|k| secret_like(model, v.file, k)))
            .filter(|v| v.call.keyword("options").and_then(|o| o.get("verify_aud")).is_none())
            .map(|v| {
                let message = if v.lib == Lib::PyJwt {
                    "jwt.decode() has no audience=: PyJWT refuses every Better Auth token (InvalidAudienceError)"
                } else {
                    "jwt.decode() has no audience=: python-jose refuses every Better Auth token (JWTClaimsError: Invalid audience)"
                };
                at_call(model, v, message)
            })
            .collect()
    },
};

/// `audience=` the value already passed as `issuer=` (Better Auth's jwt
/// plugin sets both claims to the same origin), else the origin the model
/// resolved, as a literal (unsafe: a fixed URL in code).
static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "adds audience= (the issuer= value, which Better Auth sets to the same origin) to jwt.decode()",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let source = crate::edit::Source::parse(file, text).ok()?;
        let call = checked(model)
            .filter(|v| model.token_of(v) == Token::JwtPlugin)
            .find(|v| model.file(v.file).path == file && v.call.line == hit.line)?;
        let node = source.call_at(call.call.start)?;
        let (value, safety) = match crate::edit::keyword_value(node, source.src(), "issuer") {
            Some(issuer) => (source.text_of(issuer).to_string(), Safety::Safe),
            None => (format!("{:?}", model.token_claim("audience")?), Safety::Unsafe),
        };
        let arguments = node.child_by_field_name("arguments")?;
        let splice = crate::edit::append(arguments, source.src(), &[format!("audience={value}")], ')');
        Fix::splices(safety, file, text, vec![splice])
    },
};

examples_test!(PYJWT_AUDIENCE_MISSING);
