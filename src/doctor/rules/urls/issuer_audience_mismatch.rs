//! `issuer-audience-mismatch`: the expected issuer or audience is not the app's origin.

use super::*;

pub static ISSUER_AUDIENCE_MISMATCH: Rule = Rule {
    id: "issuer-audience-mismatch",
    severity: Error,
    summary: "the expected issuer or audience is not the app's origin",
    doc: "Better Auth sets `iss` and `aud` to the origin of baseURL/BETTER_AUTH_URL, exactly: scheme, host and \
port, no path, no trailing slash. A verifier expecting anything else (`http://localhost:3000/`, the API's own URL, \
a path) refuses every token. Compared only when both sides resolve to fixed values.",
    fix: "expect exactly the app's origin, e.g. http://localhost:3000",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"http://localhost:3000\", plugins: [jwt()] });\n//- api/auth.py\nimport jwt\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=[\"EdDSA\"], audience=\"http://localhost:3000/\", issuer=\"http://localhost:3000\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"https://app.example.com\", plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n\t\"github.com/lestrrat-go/jwx/v3/jwt\"\n)\n\nconst issuer = \"https://api.example.com\"\n\nfunc CurrentUser(r *http.Request, set jwk.Set) (jwt.Token, error) {\n\treturn jwt.ParseRequest(r, jwt.WithKeySet(set), jwt.WithIssuer(issuer), jwt.WithAudience(\"https://app.example.com\"))\n}\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL, plugins: [jwt()] });\n//- web/.env.local\nBETTER_AUTH_URL=http://localhost:3000\n//- api/auth.py\nimport jwt, os\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=[\"EdDSA\"], audience=\"http://localhost:3000\", issuer=os.environ[\"BETTER_AUTH_URL\"])\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"https://app.example.com\", plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n\t\"github.com/lestrrat-go/jwx/v3/jwt\"\n)\n\nconst origin = \"https://app.example.com\"\n\nfunc CurrentUser(r *http.Request, set jwk.Set) (jwt.Token, error) {\n\treturn jwt.ParseRequest(r, jwt.WithKeySet(set), jwt.WithIssuer(origin), jwt.WithAudience(origin))\n}\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for v in model.verifiers.iter().filter(|v| !v.unverified && model.token_of(v) == Token::JwtPlugin) {
            for claim in ["issuer", "audience"] {
                let Some(value) = model.verifier_claim(v, claim) else { continue };
                // What the tokens say: jwt({ jwt: { issuer, audience } }), else the app's origin.
                let Some(app) = model.token_claim(claim) else { continue };
                if let Resolved::Str(expected) = model.resolve(v.file, &value)
                    && expected != app
                {
                    hits.push(Hit::at(
                        &model.file(v.file).path,
                        v.call.line,
                        format!("the backend expects {claim} {expected:?}; Better Auth's tokens say {app:?}"),
                    ));
                }
            }
        }
        hits
    },
};

examples_test!(ISSUER_AUDIENCE_MISMATCH);
