//! `localhost-default`: a localhost URL is the default for a setting no example documents.

use super::*;

pub static LOCALHOST_DEFAULT: Rule = Rule {
    id: "localhost-default",
    severity: Warning,
    summary: "a localhost URL is the default for a setting no example documents",
    doc: "`os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")` works on a laptop; in production, when \
nobody knew to set JWKS_URL, the backend quietly asks itself for keys and refuses every token (or trusts the wrong \
issuer). The app's own fallbacks break the same way: `createAuthClient({ baseURL: process.env.NEXT_PUBLIC_APP_URL \
|| \"http://localhost:3000\" })` sends every browser to its own machine when the variable was never set for the \
deploy. Defaults are fine when a committed env example or production env file names the variable.",
    fix: "name the variable in the .env.example beside the code (or a production env file), or drop the default",
    invalid: &[
        "//- api/auth.py\nimport os\nfrom jwt import PyJWKClient\nJWKS_URL = os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\nkeys = PyJWKClient(JWKS_URL)\n",
        // The app's own fallbacks: the client and the config.
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_APP_URL || \"http://localhost:3000\" });\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL ?? \"http://localhost:3000\" });\n//- web/.env.local\nBETTER_AUTH_URL=http://localhost:3000\n",
        "//- api/config.go\npackage api\n\nimport \"os\"\n\nfunc getEnv(key, fallback string) string {\n\tif v := os.Getenv(key); v != \"\" {\n\t\treturn v\n\t}\n\treturn fallback\n}\n\nvar jwksURL = getEnv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\treturn jwk.Fetch(ctx, jwksURL)\n}\n",
    ],
    valid: &[
        "//- api/auth.py\nimport os\nJWKS_URL = os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n//- api/.env.example\nJWKS_URL=http://localhost:3000/api/auth/jwks\n",
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_APP_URL || \"http://localhost:3000\" });\n//- web/.env.example\nNEXT_PUBLIC_APP_URL=\n",
        // A compose file documents the variable for the service it builds.
        "//- api/auth.py\nimport os\nJWKS_URL = os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n//- compose.yaml\nservices:\n  api:\n    build:\n      context: ./api\n    environment:\n      - JWKS_URL=http://web:3000/api/auth/jwks\n",
        // A variable nothing reads afterwards reaches nothing.
        "//- api/auth.py\nimport os, jwt\nAPI_AUDIENCE = os.getenv(\"API_AUDIENCE\", \"http://127.0.0.1:8000\")\n\ndef verify(token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=os.environ[\"APP_ORIGIN\"], issuer=os.environ[\"APP_ORIGIN\"])\n",
        // A default for something that is not an auth URL (a docs link) is not judged.
        "//- web/lib/links.ts\nexport const docs = process.env.DOCS_HOST || \"http://localhost:4000\";\n",
        "//- api/config.go\npackage api\n\nimport \"os\"\n\nfunc getEnv(key, fallback string) string {\n\tif v := os.Getenv(key); v != \"\" {\n\t\treturn v\n\t}\n\treturn fallback\n}\n\nvar jwksURL = getEnv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n//- api/.env.example\nJWKS_URL=http://localhost:3000/api/auth/jwks\n",
        "//- api/keys.go\npackage api\n\nimport (\n\t\"context\"\n\t\"os\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n)\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\turl := os.Getenv(\"JWKS_URL\")\n\tif url == \"\" {\n\t\turl = \"https://app.example.com/api/auth/jwks\"\n\t}\n\treturn jwk.Fetch(ctx, url)\n}\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for (i, f) in model.code() {
            let mut found: Vec<(String, usize)> = Vec::new();
            let mut visit = |v: &Value, line: usize| {
                v.walk(&mut |inner| {
                    if let Value::Env { key, default: Some(d) } = inner
                        && auth_url_key(key)
                        && model.resolve(i, d).str().is_some_and(localhost)
                    {
                        found.push((key.clone(), line));
                    }
                })
            };
            // A module variable nothing reads reaches nothing (a value the code dropped).
            for b in f
                .module
                .bindings
                .iter()
                .filter(|b| b.class.is_some() || b.function.is_some() || name_used(model, &b.name))
            {
                visit(&b.value, b.line);
            }
            for c in &f.module.calls {
                for a in &c.args {
                    visit(&a.value, c.line);
                }
            }
            found.sort();
            found.dedup_by(|a, b| a.0 == b.0);
            for (key, line) in found {
                let documented = model.project.envs.iter().any(|e| {
                    (e.example || e.committed || e.path.contains(".env.production")) && e.values.contains_key(&key)
                });
                if !documented {
                    hits.push(Hit::at(
                        &f.path,
                        line,
                        format!("{key} defaults to localhost and no env example names it"),
                    ));
                }
            }
        }
        hits
    },
};

/// Whether any code reads the module variable `name` (as a value, inside a
/// template or f-string, or through `module.name`).
fn name_used(model: &Model, name: &str) -> bool {
    let dotted = format!(".{name}");
    let mentions = |v: &Value| {
        let mut found = false;
        v.walk(&mut |inner| match inner {
            Value::Name(n) => found |= n == name || n.ends_with(&dotted) || n.starts_with(&format!("{name}.")),
            Value::Template(t) => found |= t.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == name),
            _ => {}
        });
        found
    };
    model.project.files.iter().any(|f| {
        f.module.calls.iter().any(|c| c.args.iter().any(|a| mentions(&a.value)))
            || f.module.bindings.iter().any(|b| b.name != name && mentions(&b.value))
            || f.module.accesses.iter().any(|a| a.path == name || a.path.starts_with(&format!("{name}.")))
    })
}

examples_test!(LOCALHOST_DEFAULT);
