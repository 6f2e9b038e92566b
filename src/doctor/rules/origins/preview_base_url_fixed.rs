//! `preview-base-url-fixed`: a fixed base URL on a project deployed to preview URLs.

use super::*;

pub static PREVIEW_BASE_URL_FIXED: Rule = Rule {
    id: "preview-base-url-fixed",
    severity: Warning,
    summary: "a fixed baseURL on a project deployed to preview URLs",
    doc: "Vercel and Netlify deploy every branch to its own URL (Render too, with previews on), but a fixed \
`baseURL` or BETTER_AUTH_URL is one host: on a preview, Better Auth builds OAuth callback URLs and email links \
for that host and refuses the preview's own sign-in POSTs with 403 INVALID_ORIGIN. Better Auth's dynamic base URL \
takes the host from each request and checks it against a list: `baseURL: { allowedHosts: [\"app.example.com\", \
\"myapp-*-myteam.vercel.app\"], fallback: process.env.BETTER_AUTH_URL }`; behind a proxy that rewrites the Host \
header, `advanced.trustedProxyHeaders: true` makes it read X-Forwarded-Host. Fires when a hosting config \
(vercel.json, netlify.toml, render.yaml with previews) or code reading a preview URL variable (VERCEL_URL, \
VERCEL_BRANCH_URL, DEPLOY_PRIME_URL...) shows previews and the base URL resolves to one fixed value.",
    fix: "use baseURL: { allowedHosts: [\"app.example.com\", \"myapp-*-myteam.vercel.app\"], fallback: process.env.BETTER_AUTH_URL } (and advanced.trustedProxyHeaders behind a proxy)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n});\n//- web/.env.example\nBETTER_AUTH_URL=https://app.example.com\n//- web/vercel.json\n{ \"framework\": \"nextjs\" }\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"https://app.example.com\" });\n//- web/lib/site.ts\nexport const previewUrl = process.env.NEXT_PUBLIC_VERCEL_BRANCH_URL;\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL,\n  trustedOrigins: [`https://${process.env.VERCEL_PROJECT_PRODUCTION_URL}`],\n});\n//- web/.env.production\nBETTER_AUTH_URL=https://shop.example.com\n",
        "//- server/auth.ts\nexport const auth = betterAuth({});\n//- server/.env.example\nBETTER_AUTH_URL=https://api.example.com\n//- render.yaml\nservices:\n  - type: web\n    name: api\n    pullRequestPreviewsEnabled: true\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: { allowedHosts: [\"app.example.com\", \"myapp-*-myteam.vercel.app\"] },\n});\n//- web/vercel.json\n{ \"framework\": \"nextjs\" }\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({\n  baseURL: process.env.BETTER_AUTH_URL || `https://${process.env.VERCEL_URL}`,\n});\n//- web/.env.example\nBETTER_AUTH_URL=\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: \"https://app.example.com\" });\n//- render.yaml\nservices:\n  - type: web\n    name: web\n",
        // The frontend gets previews; the auth server beside it does not.
        "//- server/auth.ts\nexport const auth = betterAuth({ baseURL: \"https://api.example.com\" });\n//- web/vercel.json\n{ \"framework\": \"nextjs\" }\n//- web/lib/site.ts\nexport const previewUrl = process.env.NEXT_PUBLIC_VERCEL_URL;\n",
        // Deployed to previews, but nothing says what the base URL is.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ baseURL: process.env.BETTER_AUTH_URL });\n//- netlify.toml\n[build]\ncommand = \"next build\"\n",
    ],
    autofix: None,
    check: |model| {
        let Some(config) = model.configs.first() else { return Vec::new() };
        let Some(platform) = previews(model, config) else { return Vec::new() };
        let Some(fixed) = fixed_base_url(model, config) else { return Vec::new() };
        let line = config.options.get("baseURL").map_or(config.call.line, |_| model.option_line(config, "baseURL"));
        vec![Hit::at(
            &model.file(config.file).path,
            line,
            format!("the base URL is always {fixed}, but previews are served on other hosts ({platform})"),
        )]
    },
};

/// Variables hosts set to a deployment's own URL.
const PREVIEW_KEYS: &[&str] = &[
    "VERCEL_URL",
    "VERCEL_BRANCH_URL",
    "NEXT_PUBLIC_VERCEL_URL",
    "NEXT_PUBLIC_VERCEL_BRANCH_URL",
    "DEPLOY_PRIME_URL",
    "DEPLOY_URL",
    "RENDER_EXTERNAL_URL",
];

/// Variables only Vercel sets: the code runs there, and Vercel deploys
/// every branch of a connected repository to its own URL.
const VERCEL_KEYS: &[&str] =
    &["VERCEL_PROJECT_PRODUCTION_URL", "NEXT_PUBLIC_VERCEL_PROJECT_PRODUCTION_URL", "VERCEL_ENV"];

/// What says the config's project gets preview deployments, named for the
/// message: a hosting config in its folder or above, or code on its side
/// reading a preview URL variable (a frontend's previews say nothing about a
/// separate auth server).
fn previews(model: &Model, config: &Config) -> Option<String> {
    let config_file = model.file(config.file);
    for (path, text) in &model.project.deploys {
        let (dir, name) = path.rsplit_once('/').unwrap_or((".", path));
        let render_previews = text.contains("pullRequestPreviewsEnabled: true") || text.contains("previews:");
        if inside(&config_file.path, dir) && (name == "vercel.json" || name == "netlify.toml" || render_previews) {
            return Some(path.clone());
        }
    }
    model.code().filter(|(_, f)| f.side == config_file.side).find_map(|(_, f)| {
        let mut found = None;
        // `process.env.VERCEL_URL`, or `${process.env.VERCEL_URL}` in a template.
        let mut look = |v: &Value| {
            let text = match v {
                Value::Env { key, .. } => key.as_str(),
                Value::Template(t) => t.as_str(),
                _ => return,
            };
            let key =
                PREVIEW_KEYS.iter().chain(VERCEL_KEYS).find(|k| text == **k || text.contains(&format!("env.{k}")));
            if let Some(key) = key {
                found = Some(format!("{} reads {key}", f.path));
            }
        };
        f.module.bindings.iter().for_each(|b| b.value.walk(&mut look));
        f.module.calls.iter().flat_map(|c| &c.args).for_each(|a| a.value.walk(&mut look));
        found
    })
}

/// The base URL when it is one fixed string: a literal, or an env variable
/// whose env files all give the same URL. `None` for a dynamic base URL,
/// one built from a preview variable, or one nothing resolves.
fn fixed_base_url(model: &Model, config: &Config) -> Option<String> {
    let keys: Vec<String> = match config.options.get("baseURL") {
        None => BASE_URL_KEYS.iter().map(|k| k.to_string()).collect(),
        Some(Value::Str(s)) => return origin(s),
        Some(v @ Value::Env { key, default: None }) if !mentions_preview(v) => vec![key.clone()],
        Some(_) => return None,
    };
    let path = &model.file(config.file).path;
    let values: Vec<&str> = model
        .envs_for(path)
        .into_iter()
        .filter_map(|e| keys.iter().find_map(|k| e.values.get(k)))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty() && !loopback(v))
        .collect();
    let first = origin(values.first()?)?;
    values.iter().all(|v| origin(v).as_deref() == Some(first.as_str())).then_some(first)
}

fn mentions_preview(value: &Value) -> bool {
    let mut found = false;
    value.walk(&mut |v| {
        if let Value::Env { key, .. } | Value::Name(key) | Value::Template(key) = v {
            found |= PREVIEW_KEYS.iter().any(|p| key.contains(p));
        }
    });
    found
}

examples_test!(PREVIEW_BASE_URL_FIXED);
