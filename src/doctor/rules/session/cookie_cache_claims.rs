//! `cookie-cache-claims`: a backend that accepts the cookie cache's JWT expects claims it does not carry.

use super::*;
use crate::doctor::model::Token;
use crate::doctor::project::Side;

pub static COOKIE_CACHE_CLAIMS: Rule = Rule {
    id: "cookie-cache-claims",
    severity: Error,
    summary: "the backend reads sub, iss or aud from the cookie cache's JWT, which carries none of them",
    doc: "With `session.cookieCache: { strategy: \"jwt\" }` the `session_data` cookie is an HS256 JWT signed with \
BETTER_AUTH_SECRET whose payload is `{ session, user, updatedAt, version, iat, exp }` (better-auth 1.7's \
`setCookieCache`). It has no `sub`, `iss` or `aud`: a backend that checks `audience=`/`issuer=` refuses every \
such token, and one that reads `claims[\"sub\"]` fails on each request. Those claims are the jwt plugin's token's \
(`authClient.token()`); with the cookie cache, the user id is `claims[\"user\"][\"id\"]`.",
    fix: "read the user from claims[\"user\"][\"id\"] (and check exp only), or send the jwt plugin's token and verify it against the JWKS",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, strategy: \"jwt\" } } });\n//- api/auth.py\nimport jwt, os\n\ndef user_id(token):\n    claims = jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n    return claims[\"sub\"]\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, strategy: \"jwt\" } } });\n//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"], audience=os.environ[\"APP_URL\"])\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, strategy: \"jwt\" } } });\n//- api/auth.py\nimport jwt, os\n\ndef user_id(token):\n    claims = jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n    return claims[\"user\"][\"id\"]\n",
        // The jwt plugin's token carries sub.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef user_id(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=A, issuer=A)[\"sub\"]\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for v in model.verifiers.iter().filter(|v| !v.unverified && model.token_of(v) == Token::CookieCache) {
            let file = model.file(v.file);
            let options = v.call.positional(2);
            let claims = ["audience", "issuer"]
                .into_iter()
                .find(|c| v.call.keyword(c).is_some() || options.and_then(|o| o.get(c)).is_some());
            if let Some(claim) = claims {
                hits.push(Hit::at(
                    &file.path,
                    v.call.line,
                    format!("{claim} is checked, but the cookie cache's JWT has no {}", &claim[..3]),
                ));
            } else if reads_sub(model) {
                hits.push(Hit::at(
                    &file.path,
                    v.call.line,
                    "the backend reads sub, but the cookie cache's JWT has none (the id is user.id)",
                ));
            }
        }
        hits
    },
};

/// Backend code reads a `sub` claim: `claims["sub"]`, `.get("sub")`, `payload.sub`.
fn reads_sub(model: &Model) -> bool {
    model.code().filter(|(_, f)| f.side != Side::App).any(|(_, f)| {
        f.module.accesses.iter().any(|a| a.key == Some(Value::Str("sub".into())) || a.path.ends_with(".sub"))
            || f.module.calls.iter().any(|c| c.method() == "get" && c.positional(0).and_then(Value::str) == Some("sub"))
            || f.module.strings.iter().any(|(s, _)| s == "sub")
    })
}

examples_test!(COOKIE_CACHE_CLAIMS);
