//! `backend-uses-secret`: the backend checks jwt-plugin tokens with BETTER_AUTH_SECRET (HS256).

use super::*;

pub static BACKEND_USES_SECRET: Rule = Rule {
    id: "backend-uses-secret",
    severity: Error,
    summary: "the backend checks jwt-plugin tokens with BETTER_AUTH_SECRET (HS256)",
    doc: "The jwt plugin signs with an asymmetric key pair kept in the `jwks` table, never with BETTER_AUTH_SECRET, so \
a verifier using the secret (HS256; in Go a keyfunc returning `[]byte(os.Getenv(\"BETTER_AUTH_SECRET\"))` \
or jwx's `jwt.WithKey(jwa.HS256, secret)`) refuses every token from `/api/auth/token`. The backend needs only the public \
keys at `/api/auth/jwks`. Not reported when the backend checks Better Auth's cookie-cache JWT (which is HS256 with \
the secret) or tokens it issues itself.",
    fix: "verify with the JWKS (PyJWKClient / createRemoteJWKSet) and drop the secret from the backend",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/deps.py\nimport jwt, os\n\ndef verify(token, jwk_row):\n    if jwt.get_unverified_header(token)[\"alg\"] == \"HS256\":\n        return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"], audience=\"a\")\n    key = jwt.PyJWK(jwk_row)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"], audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"os\"\n\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n\nfunc Verify(s string) (*jwt.Token, error) {\n\treturn jwt.Parse(s, func(t *jwt.Token) (any, error) {\n\t\treturn []byte(os.Getenv(\"BETTER_AUTH_SECRET\")), nil\n\t}, jwt.WithValidMethods([]string{\"HS256\"}), jwt.WithIssuer(\"a\"), jwt.WithAudience(\"a\"))\n}\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"os\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwa\"\n\t\"github.com/lestrrat-go/jwx/v3/jwt\"\n)\n\nvar secret = []byte(os.Getenv(\"BETTER_AUTH_SECRET\"))\n\nfunc Verify(s string) (jwt.Token, error) {\n\treturn jwt.ParseString(s, jwt.WithKey(jwa.HS256(), secret), jwt.WithIssuer(\"a\"), jwt.WithAudience(\"a\"))\n}\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, strategy: \"jwt\" } } });\n//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/security.py\nimport jwt, os\n\ndef login(user):\n    return jwt.encode({\"sub\": user.id}, os.environ[\"BETTER_AUTH_SECRET\"], algorithm=\"HS256\")\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/tests/test_auth.py\nimport jwt, os\n\ndef test_token():\n    jwt.encode({\"sub\": \"1\"}, os.getenv(\"BETTER_AUTH_SECRET\"), algorithm=\"HS256\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, strategy: \"jwt\" } } });\n//- api/auth.go\npackage api\n\nimport (\n\t\"os\"\n\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n\nfunc Verify(s string) (*jwt.Token, error) {\n\treturn jwt.Parse(s, func(t *jwt.Token) (any, error) {\n\t\treturn []byte(os.Getenv(\"BETTER_AUTH_SECRET\")), nil\n\t}, jwt.WithValidMethods([]string{\"HS256\"}))\n}\n",
    ],
    autofix: None,
    check: |model| {
        checked(model).filter(|v| model.token_of(v) == Token::JwtPlugin)
            .filter(|v| model.file(v.file).side != Side::App)
            .filter(|v| model.verifier_key(v).is_some_and(|k| secret_like(model, v.file, &k)))
            .map(|v| {
                let path = &model.file(v.file).path;
                // Beside a JWKS verification the secret is a fallback: it breaks
                // nothing but accepts tokens no Better Auth server issues.
                let beside_jwks = checked(model).filter(|v| model.token_of(v) == Token::JwtPlugin).any(|o| o.file == v.file && model.verifier_uses_jwks(o) && !model.verifier_key(o).is_some_and(|k| secret_like(model, o.file, &k)));
                if beside_jwks {
                    Hit::at(path, v.call.line, "a fallback verifies HS256 tokens made with BETTER_AUTH_SECRET, which the jwt plugin never issues").severity(Warning)
                } else {
                    Hit::at(path, v.call.line, "the backend verifies with BETTER_AUTH_SECRET; jwt-plugin tokens are signed with the key pair in the jwks table")
                }
            })
            .collect()
    },
};

examples_test!(BACKEND_USES_SECRET);
