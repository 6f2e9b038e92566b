//! `shared-secret-scheme`: the backend checks home-made HS256 tokens signed with Better Auth's secret.

use super::*;

pub static SHARED_SECRET_SCHEME: Rule = Rule {
    id: "shared-secret-scheme",
    severity: Warning,
    summary: "the backend checks home-made HS256 tokens signed with BETTER_AUTH_SECRET",
    doc: "Signing tokens for an API with BETTER_AUTH_SECRET (HS256) outside the jwt plugin puts the secret that \
signs every Better Auth session cookie into a second service: whoever reads the backend's environment or logs can \
sign sessions for any user of the app, and the tokens carry whatever the app chose to put in them (often no \
`aud`, `iss` or short expiry). The jwt plugin signs with a key pair and the backend needs only the public keys.",
    fix: "add the jwt plugin (jwt() in the config, jwtClient() in the client) and verify against {BETTER_AUTH_URL}/api/auth/jwks; remove the secret from the backend",
    invalid: &[
        "//- web/app/api/token/route.ts\nimport { SignJWT } from \"jose\";\nexport async function GET() {\n  const key = new TextEncoder().encode(process.env.BETTER_AUTH_SECRET);\n  return Response.json({ token: await new SignJWT({ sub: \"1\" }).setProtectedHeader({ alg: \"HS256\" }).sign(key) });\n}\n//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n",
        "//- api/auth.go\npackage api\n\nimport (\n\t\"os\"\n\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n\nfunc Verify(s string) (*jwt.Token, error) {\n\treturn jwt.Parse(s, func(t *jwt.Token) (any, error) {\n\t\treturn []byte(os.Getenv(\"BETTER_AUTH_SECRET\")), nil\n\t}, jwt.WithValidMethods([]string{\"HS256\"}))\n}\n",
    ],
    valid: &[
        // The cookie cache's JWT is Better Auth's own HS256 scheme (other rules judge it).
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, strategy: \"jwt\" } } });\n//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n",
        // Its own secret for its own tokens.
        "//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"API_JWT_SECRET\"], algorithms=[\"HS256\"])\n",
        "//- api/auth.go\npackage api\n\nimport (\n\t\"os\"\n\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n\nfunc Verify(s string) (*jwt.Token, error) {\n\treturn jwt.Parse(s, func(t *jwt.Token) (any, error) {\n\t\treturn []byte(os.Getenv(\"API_JWT_SECRET\")), nil\n\t}, jwt.WithValidMethods([]string{\"HS256\"}))\n}\n",
    ],
    autofix: None,
    check: |model| {
        if model.jwt_plugin().is_some() || model.cookie_cache_jwt() {
            return Vec::new();
        }
        checked(model)
            .filter(|v| model.file(v.file).side == Side::Backend)
            .filter(|v| model.verifier_key(v).is_some_and(|k| better_auth_secret(&k)))
            .map(|v| {
                at_call(
                    model,
                    v,
                    "the backend verifies tokens signed with BETTER_AUTH_SECRET, the secret that signs every session",
                )
            })
            .collect()
    },
};

/// The key reads BETTER_AUTH_SECRET (or AUTH_SECRET) from the environment.
fn better_auth_secret(value: &Value) -> bool {
    let mut found = false;
    value.walk(&mut |v| {
        if let Value::Env { key, .. } = v {
            found |= key == "BETTER_AUTH_SECRET" || key == "AUTH_SECRET";
        }
    });
    found
}

examples_test!(SHARED_SECRET_SCHEME);
