//! `alg-mismatch`: the backend allows none of the algorithms the jwt plugin signs with.

use super::*;

pub static ALG_MISMATCH: Rule = Rule {
    id: "alg-mismatch",
    severity: Error,
    summary: "the backend allows none of the algorithms the jwt plugin signs with",
    doc: "Better Auth's jwt plugin signs with EdDSA unless `jwks.keyPairConfig.alg` says otherwise. A verifier whose \
allowed algorithms (`algorithms=`, in Go golang-jwt's `jwt.WithValidMethods` or jwx's \
`jwt.WithKey(jwa.X, key)`; after following constants, settings defaults and env files) do not include it refuses every \
token with 401. Only values the files pin down are compared: a list read from an unset variable is not guessed.",
    fix: "allow the algorithm set in jwt({ jwks: { keyPairConfig: { alg } } }) (EdDSA by default)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nimport os\nALGS = os.getenv(\"AUTH_JWT_ALGORITHMS\", \"RS256\").split(\",\")\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=ALGS, audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: \"ES256\" } } })] });\n//- api/.env\nAUTH_JWT_ALGORITHMS=EdDSA\n//- api/auth.py\nimport jwt\nimport os\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=os.environ[\"AUTH_JWT_ALGORITHMS\"], audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"github.com/MicahParks/keyfunc/v3\"\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n\nfunc Verify(s string, k keyfunc.Keyfunc) (*jwt.Token, error) {\n\treturn jwt.Parse(s, k.Keyfunc, jwt.WithValidMethods([]string{\"RS256\"}), jwt.WithIssuer(\"a\"), jwt.WithAudience(\"a\"))\n}\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\n\ndef verify(token, jwks_key, alg):\n    return jwt.decode(token, jwks_key, algorithms=[alg], audience=\"a\")\n",
        "//- web/lib/auth.ts\nconst ALG = \"ES256\";\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: ALG } } })] });\n//- api/auth.py\nimport jwt\nfrom .settings import settings\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=[settings.jwt_alg], audience=\"a\")\n//- api/settings.py\nclass Settings(BaseSettings):\n    jwt_alg: str = \"ES256\"\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"github.com/MicahParks/keyfunc/v3\"\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n\nvar methods = []string{\"EdDSA\"}\n\nfunc Verify(s string, k keyfunc.Keyfunc) (*jwt.Token, error) {\n\treturn jwt.Parse(s, k.Keyfunc, jwt.WithValidMethods(methods), jwt.WithIssuer(\"a\"), jwt.WithAudience(\"a\"))\n}\n",
    ],
    autofix: None,
    check: |model| {
        let Some((alg, _, _)) = model.signing_alg() else { return Vec::new() };
        checked(model)
            .filter(|v| model.token_of(v) == Token::JwtPlugin)
            .filter(|v| !model.verifier_key(v).is_some_and(|k| secret_like(model, v.file, &k)))
            .filter_map(|v| {
                let allowed = allowed_algs(model, v)?;
                (!allowed.is_empty() && !allowed.contains(&alg)).then(|| {
                    at_call(
                        model,
                        v,
                        format!("the backend allows {} but the jwt plugin signs with {alg}", allowed.join(", ")),
                    )
                })
            })
            .collect()
    },
};

examples_test!(ALG_MISMATCH);
