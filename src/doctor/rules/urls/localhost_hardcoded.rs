//! `localhost-hardcoded`: a localhost URL written into code that runs in production.

use super::*;

pub static LOCALHOST_HARDCODED: Rule = Rule {
    id: "localhost-hardcoded",
    severity: Error,
    summary: "a localhost URL is written into code that runs in production",
    doc: "A URL such as `http://localhost:3000` written as a literal (not read from the environment) goes to \
production unchanged. In the auth client (`createAuthClient({ baseURL })`) every visitor's browser then calls its \
own machine and sign-in fails; in a backend's JWKS URL, issuer or audience every token is refused; in the \
config's `baseURL` the OAuth callbacks and email links point at localhost (a warning there: a local-only app is \
fine). In Go, a JWKS fetch (jwx's `jwk.Fetch`/`jwk.NewCache`, keyfunc's `NewDefault`) or a `jwt.WithIssuer`/ \
`jwt.WithAudience` option given a localhost literal is reported where the literal is written (a package `var`). \
Read the URL from an env variable that each environment sets.",
    fix: "read the URL from the environment (BETTER_AUTH_URL, NEXT_PUBLIC_APP_URL, AUTH_JWKS_URL) instead of a literal",
    invalid: &[
        "//- web/lib/auth-client.ts\nimport { createAuthClient } from \"better-auth/react\";\nexport const authClient = createAuthClient({ baseURL: \"http://localhost:3000\" });\n",
        "//- api/auth.py\nfrom jwt import PyJWKClient\nJWKS_URL = \"http://localhost:3000/api/auth/jwks\"\nclient = PyJWKClient(JWKS_URL)\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], issuer=\"http://127.0.0.1:3000\", audience=\"http://127.0.0.1:3000\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: \"http://localhost:3000\",\n  plugins: [jwt()],\n});\n",
        "//- server/src/auth.ts\nexport const auth = betterAuth({\n  database,\n  trustedOrigins: [\"http://localhost:3000\", \"http://localhost:9999\"],\n});\n//- server/src/cors.ts\nexport const authCors = cors({ origin: [\"http://localhost:3000\"], credentials: true });\n",
        "//- api/keys.go\npackage api\n\nimport (\n\t\"context\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n)\n\nvar authURL = \"http://localhost:3000/api/auth\"\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\treturn jwk.Fetch(ctx, authURL+\"/jwks\")\n}\n",
    ],
    valid: &[
        "//- web/lib/auth-client.ts\nimport { createAuthClient } from \"better-auth/react\";\nexport const authClient = createAuthClient({ baseURL: process.env.NEXT_PUBLIC_APP_URL });\n",
        "//- api/auth.py\nimport os\nfrom jwt import PyJWKClient\nclient = PyJWKClient(os.environ[\"AUTH_JWKS_URL\"])\n",
        // Test code and scripts talk to a local server on purpose.
        "//- api/tests/test_auth.py\nfrom jwt import PyJWKClient\nclient = PyJWKClient(\"http://localhost:3000/api/auth/jwks\")\n",
        // A parameter says nothing of what callers pass.
        "//- packages/auth/client.ts\nexport function createClient(baseURL: string) {\n  return createAuthClient({ baseURL });\n}\n",
        // Localhost beside the deployed origin (from the environment) is fine.
        "//- server/src/auth.ts\nexport const auth = betterAuth({ trustedOrigins: [process.env.FRONTEND_URL!, \"http://localhost:3000\"] });\n",
        // A URL that only names a local service for local development.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL });\nconst docs = \"see http://localhost:3000/api/auth/reference\";\n",
        "//- api/keys.go\npackage api\n\nimport (\n\t\"context\"\n\t\"os\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n)\n\nvar authURL = os.Getenv(\"BETTER_AUTH_URL\")\n\nfunc Keys(ctx context.Context) (jwk.Set, error) {\n\treturn jwk.Fetch(ctx, authURL+\"/api/auth/jwks\")\n}\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for client in &model.clients {
            let file = model.file(client.file);
            if file.scope == Scope::Code && literal_localhost(model, client.file, client.options.get("baseURL")) {
                hits.push(Hit::at(
                    &file.path,
                    client.call.line,
                    "the auth client's baseURL is localhost: in production every browser calls its own machine",
                ));
            }
        }
        for config in &model.configs {
            if literal_localhost(model, config.file, config.options.get("baseURL")) {
                let line = model.option_line(config, "baseURL");
                hits.push(
                    Hit::at(
                        &model.file(config.file).path,
                        line,
                        "baseURL is a localhost literal: OAuth callbacks and email links point at localhost in production",
                    )
                    .severity(Warning),
                );
            }
        }
        hits.extend(backend_literals(model));
        hits.extend(origin_lists(model));
        hits.extend(go_literals(model));
        hits
    },
};

/// A value that resolves to a localhost URL without any env read on the way.
/// A bare name must be a constant of the same file: a parameter (`baseURL`
/// passed in by the caller) or a name from elsewhere says nothing of its value.
fn literal_localhost(model: &Model, file: usize, value: Option<&Value>) -> bool {
    let local = |v: &Value| match v {
        Value::Name(n) => model.file(file).module.constant(n).is_some(),
        _ => true,
    };
    value.is_some_and(|v| local(v) && !model.reads_env(file, v) && model.resolve(file, v).str().is_some_and(localhost))
}

/// `trustedOrigins: ["http://localhost:3000"]` or `cors({ origin: [...] })`
/// listing only localhost literals: the deployed frontend is refused (403
/// INVALID_ORIGIN, or a CORS error before the request is even sent).
fn origin_lists(model: &Model) -> Vec<Hit> {
    let only_localhost = |file: usize, value: &Value| match value {
        Value::List(items) => !items.is_empty() && items.iter().all(|item| literal_localhost(model, file, Some(item))),
        _ => false,
    };
    let mut hits = Vec::new();
    // One finding per mistake: where origin-untrusted already names the
    // refused origin at this line, it says it better.
    let untrusted = (crate::doctor::rules::origins::ORIGIN_UNTRUSTED.check)(model);
    for config in &model.configs {
        let (path, line) = (&model.file(config.file).path, model.option_line(config, "trustedOrigins"));
        let named = untrusted.iter().any(|h| h.file.as_deref() == Some(path.as_str()) && h.line == line);
        if !named && config.options.get("trustedOrigins").is_some_and(|v| only_localhost(config.file, v)) {
            hits.push(Hit::at(
                path,
                line,
                "trustedOrigins lists only localhost: the deployed app's requests get 403 INVALID_ORIGIN",
            ));
        }
    }
    for (i, f) in model.code() {
        for c in f.module.calls.iter().filter(|c| c.callee == "cors" || c.method() == "enableCors") {
            let origins = c.positional(0).and_then(|o| o.get("origin"));
            if origins.is_some_and(|v| only_localhost(i, v)) {
                let line = crate::doctor::rules::key_line(&f.module, "origin", c.start, c.end).unwrap_or(c.line);
                hits.push(Hit::at(
                    &f.path,
                    line,
                    "CORS allows only localhost: the deployed frontend's calls are blocked",
                ));
            }
        }
    }
    hits
}

/// The backend's JWKS URL, issuer or audience as a localhost literal.
fn backend_literals(model: &Model) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, f) in model.code().filter(|(_, f)| f.side == Side::Backend) {
        for c in &f.module.calls {
            let jwks_client = ["PyJWKClient", "createRemoteJWKSet", "JWKSClient", "jwksClient"].contains(&c.method());
            let mut args: Vec<&Value> = c
                .args
                .iter()
                .filter(|a| matches!(a.name.as_deref(), Some("issuer" | "audience")))
                .map(|a| &a.value)
                .collect();
            if jwks_client {
                args.extend(c.positional(0));
            }
            if args.into_iter().any(|v| literal_localhost(model, i, Some(v))) {
                hits.push(Hit::at(
                    &f.path,
                    c.line,
                    format!("{}() is given a localhost URL: in production every token is refused", c.callee),
                ));
            }
        }
    }
    hits
}

/// Go: a JWKS fetch (jwk, keyfunc) or a `jwt.WithIssuer`/`jwt.WithAudience`
/// option given a localhost literal, reported where the literal is written
/// (a package `var` is one mistake however many calls use it).
fn go_literals(model: &Model) -> Vec<Hit> {
    let mut sites: Vec<(usize, usize, &str)> = Vec::new();
    for (i, line, url) in model.jwks_fetches().into_iter().filter(|(i, _, _)| model.file(*i).lang == Lang::Go) {
        if literal_localhost(model, i, Some(&url)) {
            let (file, line) = literal_site(model, i, &url, line, 0);
            sites.push((file, line, "the JWKS URL"));
        }
    }
    let go = |v: &&Verifier| matches!(v.lib, Lib::Jwx | Lib::GolangJwt) && !v.unverified;
    for v in model.verifiers.iter().filter(go) {
        for option in model.go_options(v).iter().filter(|c| matches!(c.method(), "WithIssuer" | "WithAudience")) {
            for arg in option.args.iter().map(|a| &a.value).filter(|a| literal_localhost(model, v.file, Some(a))) {
                let (file, line) = literal_site(model, v.file, arg, option.line, 0);
                sites.push((file, line, if option.method() == "WithIssuer" { "the issuer" } else { "the audience" }));
            }
        }
    }
    sites
        .into_iter()
        .map(|(file, line, what)| {
            let message = format!("{what} is a localhost literal: in production every token is refused");
            Hit::at(&model.file(file).path, line, message)
        })
        .collect()
}

/// Where the localhost literal of `value` is written: the line of the
/// module-level constant holding it (here or in another file of the same
/// side and language, as a Go package spans its folder), else `line`.
fn literal_site(model: &Model, i: usize, value: &Value, line: usize, depth: usize) -> (usize, usize) {
    let name = match value {
        Value::Name(n) => Some(n.as_str()),
        Value::Template(t) if !t.split('{').next().is_some_and(localhost) => {
            t.split('{').nth(1).and_then(|p| p.split_once('}')).map(|(n, _)| n.trim())
        }
        _ => None,
    };
    let module_level = |b: &&Binding| b.function.is_none() && b.class.is_none() && Some(b.name.as_str()) == name;
    let file = model.file(i);
    let site = file.module.bindings.iter().rev().find(module_level).map(|b| (i, b)).or_else(|| {
        model
            .code()
            .filter(|(j, f)| *j != i && f.side == file.side && f.lang == file.lang)
            .find_map(|(j, f)| f.module.bindings.iter().find(module_level).map(|b| (j, b)))
    });
    match site {
        Some((j, b)) if depth < 6 => literal_site(model, j, &b.value, b.line, depth + 1),
        _ => (i, line),
    }
}

examples_test!(LOCALHOST_HARDCODED);
