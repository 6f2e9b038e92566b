//! `localhost-default`: a localhost URL is the default for a setting no example documents.

use super::*;

pub static LOCALHOST_DEFAULT: Rule = Rule {
    id: "localhost-default",
    severity: Warning,
    summary: "a localhost URL is the default for a setting no example documents",
    doc: "`os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")` works on a laptop; in production, when \
nobody knew to set JWKS_URL, the backend quietly asks itself for keys and refuses every token (or trusts the wrong \
issuer). Defaults are fine when a committed env example or production env file names the variable. A JWKS URL \
that is localhost in code alone (a Go `var authURL = \"http://localhost:3000/api/auth\"`, a Python constant) has \
no variable to set at all: it is reported at the constant's line.",
    fix: "name the variable in the backend's .env.example (or a production env file), or drop the default",
    invalid: &[
        "//- api/auth.py\nimport os\nJWKS_URL = os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n",
        "//- api/keys.go\npackage api\n\nimport (\n\t\"context\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n)\n\nvar authURL = \"http://localhost:3000/api/auth\"\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\treturn jwk.Fetch(ctx, authURL+\"/jwks\")\n}\n",
        "//- api/config.go\npackage api\n\nimport \"os\"\n\nfunc getEnv(key, fallback string) string {\n\tif v := os.Getenv(key); v != \"\" {\n\t\treturn v\n\t}\n\treturn fallback\n}\n\nvar jwksURL = getEnv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n",
        "//- api/auth.py\nfrom jwt import PyJWKClient\n\nJWKS_URL = \"http://localhost:3000/api/auth/jwks\"\nkeys = PyJWKClient(JWKS_URL)\n",
    ],
    valid: &[
        "//- api/auth.py\nimport os\nJWKS_URL = os.getenv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n//- api/.env.example\nJWKS_URL=http://localhost:3000/api/auth/jwks\n",
        "//- api/config.go\npackage api\n\nimport \"os\"\n\nfunc getEnv(key, fallback string) string {\n\tif v := os.Getenv(key); v != \"\" {\n\t\treturn v\n\t}\n\treturn fallback\n}\n\nvar jwksURL = getEnv(\"JWKS_URL\", \"http://localhost:3000/api/auth/jwks\")\n//- api/.env.example\nJWKS_URL=http://localhost:3000/api/auth/jwks\n",
        "//- api/keys.go\npackage api\n\nimport (\n\t\"context\"\n\t\"os\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n)\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\turl := os.Getenv(\"JWKS_URL\")\n\tif url == \"\" {\n\t\turl = \"https://app.example.com/api/auth/jwks\"\n\t}\n\treturn jwk.Fetch(ctx, url)\n}\n",
        "//- api/auth.py\nfrom jwt import PyJWKClient\n\nAPP_URL = \"https://app.example.com\"\nkeys = PyJWKClient(f\"{APP_URL}/api/auth/jwks\")\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for (i, f) in model.code().filter(|(_, f)| f.side == Side::Backend) {
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
            for b in &f.module.bindings {
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
        for (i, line, url) in model.jwks_fetches() {
            if model.file(i).side != Side::Backend {
                continue;
            }
            if let Some((file, line)) = hard_coded(model, i, &url, line, 0) {
                hits.push(Hit::at(
                    &model.file(file).path,
                    line,
                    "the JWKS URL is a hard-coded localhost (in production the backend asks itself for the keys): read it from an env variable",
                ));
            }
        }
        hits
    },
};

/// The module-level binding of `name` in file `i`, else in another file of
/// the same side and language (a Go package spans its folder's files).
fn constant_site<'m>(model: &'m Model, i: usize, name: &str) -> Option<(usize, &'m Binding)> {
    let module_level = |b: &&Binding| b.function.is_none() && b.class.is_none() && b.name == name;
    let file = model.file(i);
    let here = file.module.bindings.iter().rev().find(module_level).map(|b| (i, b));
    here.or_else(|| {
        model
            .code()
            .filter(|(j, f)| *j != i && f.side == file.side && f.lang == file.lang)
            .find_map(|(j, f)| f.module.bindings.iter().find(module_level).map(|b| (j, b)))
    })
}

/// The names a template interpolates, and its text before the first.
fn template_names(text: &str) -> (&str, Vec<&str>) {
    let names = text.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(n, _)| n.trim()).collect();
    (text.split('{').next().unwrap_or(""), names)
}

/// Whether `value` is fixed in code: strings and constants, no env read.
fn fixed_in_code(model: &Model, i: usize, value: &Value, depth: usize) -> bool {
    match value {
        _ if depth > 6 => false,
        Value::Str(_) => true,
        Value::Name(n) => constant_site(model, i, n).is_some_and(|(j, b)| fixed_in_code(model, j, &b.value, depth + 1)),
        Value::Template(t) if !t.contains("env.") => {
            template_names(t).1.iter().all(|n| fixed_in_code(model, i, &Value::Name(n.to_string()), depth + 1))
        }
        _ => false,
    }
}

/// Where a URL that is localhost in code alone is written: (file, line) of
/// the literal or the constant holding it; `None` when an env read takes part.
fn hard_coded(model: &Model, i: usize, value: &Value, line: usize, depth: usize) -> Option<(usize, usize)> {
    if depth > 6 || !fixed_in_code(model, i, value, 0) {
        return None;
    }
    match value {
        Value::Str(s) => localhost(s).then_some((i, line)),
        Value::Name(n) => {
            constant_site(model, i, n).and_then(|(j, b)| hard_coded(model, j, &b.value, b.line, depth + 1))
        }
        Value::Template(t) => {
            let (literal, names) = template_names(t);
            if localhost(literal) {
                return Some((i, line));
            }
            hard_coded(model, i, &Value::Name(names.first()?.to_string()), line, depth + 1)
        }
        _ => None,
    }
}

examples_test!(LOCALHOST_DEFAULT);
