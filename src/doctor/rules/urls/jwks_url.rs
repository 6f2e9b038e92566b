//! `jwks-url`: the backend fetches the keys from a path Better Auth does not serve.

use super::*;

pub static JWKS_URL: Rule = Rule {
    id: "jwks-url",
    severity: Error,
    summary: "the backend fetches the keys from a path Better Auth does not serve",
    doc: "The jwt plugin serves its public keys at `{BETTER_AUTH_URL}/api/auth/jwks` (basePath + `jwks.jwksPath`). \
A verifier pointed elsewhere (often `/.well-known/jwks.json` from other providers' docs) gets 404 and refuses every \
token. Checked for URLs in code (including defaults; in Go, jwx's `jwk.Fetch`/`jwk.NewCache` and keyfunc's \
`NewDefault`) and in the backend's env files.",
    fix: "fetch {BETTER_AUTH_URL}/api/auth/jwks, or set jwks.jwksPath to the path the backend uses",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nfrom jwt import PyJWKClient\nimport os\nkeys = PyJWKClient(os.getenv(\"JWKS_URL\", \"http://localhost:3000/.well-known/jwks.json\"))\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/.env\nAUTH_JWKS_URL=http://localhost:3000/api/jwks\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/keys.go\npackage api\n\nimport (\n\t\"os\"\n\n\t\"github.com/MicahParks/keyfunc/v3\"\n)\n\nfunc Keys() (keyfunc.Keyfunc, error) {\n\treturn keyfunc.NewDefault([]string{os.Getenv(\"BETTER_AUTH_URL\") + \"/api/auth/.well-known/jwks.json\"})\n}\n//- api/.env\nBETTER_AUTH_URL=http://localhost:3000\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/keys.go\npackage api\n\nimport (\n\t\"context\"\n\t\"os\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n)\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\tbase := os.Getenv(\"BETTER_AUTH_URL\")\n\treturn jwk.Fetch(ctx, base+\"/.well-known/jwks.json\")\n}\n//- api/.env\nBETTER_AUTH_URL=http://localhost:3000\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { jwksPath: \"/.well-known/jwks.json\" } })] });\n//- api/auth.py\nfrom jwt import PyJWKClient\nkeys = PyJWKClient(\"http://localhost:3000/api/auth/.well-known/jwks.json\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/.env\nAUTH_JWKS_URL=http://web:3000/api/auth/jwks\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/keys.go\npackage api\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\n\t\"github.com/lestrrat-go/jwx/v2/jwk\"\n)\n\nconst authURL = \"https://app.example.com/api/auth\"\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\treturn jwk.Fetch(ctx, fmt.Sprintf(\"%s/jwks\", authURL))\n}\n",
    ],
    autofix: None,
    check: |model| {
        let Some(expected) = jwks_path(model) else { return Vec::new() };
        let wrong = |url: &str| {
            let parsed = url::Url::parse(url.trim()).ok()?;
            let path = parsed.path().trim_end_matches('/').to_string();
            (path != expected).then_some(path)
        };
        let mut hits = Vec::new();
        for (i, line, arg) in model.jwks_fetches() {
            if let Resolved::Str(url) = model.resolve(i, &arg)
                && let Some(path) = wrong(&url)
            {
                hits.push(Hit::at(
                    &model.file(i).path,
                    line,
                    format!("the keys are fetched from {path}; Better Auth serves them at {expected}"),
                ));
            }
        }
        for e in model
            .project
            .envs
            .iter()
            .filter(|e| model.project.backend_dirs.iter().any(|d| crate::doctor::project::inside(&e.path, d)))
        {
            for (k, v) in e.values.iter().filter(|(k, _)| k.contains("JWKS")) {
                if let Some(path) = wrong(v) {
                    hits.push(Hit::at(
                        &e.path,
                        e.line_of(k),
                        format!("{k} points at {path}; Better Auth serves the keys at {expected}"),
                    ));
                }
            }
        }
        hits
    },
};

examples_test!(JWKS_URL);
