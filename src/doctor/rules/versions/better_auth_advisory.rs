//! `better-auth-advisory`: the better-auth version has a published security advisory.

use super::*;

pub static BETTER_AUTH_ADVISORY: Rule = Rule {
    id: "better-auth-advisory",
    severity: Error,
    summary: "the installed better-auth version has a published security advisory",
    doc: "The advisories are GitHub's for the `better-auth` npm package, kept in `rules/versions/advisories.toml` \
with their ids, affected ranges and fixed versions. The version is the one the lockfile resolved \
(package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock); without a lockfile, a manifest range every version of \
which is affected (`1.3.25`, `~1.3.20`). A caret range that reaches the fix without a lockfile is not judged: \
a fresh install gets the fix. An advisory about one plugin counts only when the app imports that plugin. \
GHSA-99h5-pjcv-gr6v (CVE-2025-61928): below 1.3.26 the API-key plugin creates a key for any `userId` in the \
request body without a session. Fix: raise the range's floor to the fixed version and reinstall, so the \
lockfile follows.",
    fix: "raise better-auth to the fixed version in package.json (e.g. \"better-auth\": \"^1.3.26\") and reinstall",
    invalid: &[
        "//- web/package.json\n{\n  \"dependencies\": {\n    \"better-auth\": \"^1.3.0\"\n  }\n}\n//- web/package-lock.json\n{\n  \"packages\": {\n    \"node_modules/better-auth\": {\n      \"version\": \"1.3.25\"\n    }\n  }\n}\n//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { apiKey } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey()] });\n",
        "//- web/package.json\n{\n  \"dependencies\": {\n    \"better-auth\": \"1.3.18\"\n  }\n}\n//- web/lib/auth.ts\nimport { betterAuth } from \"better-auth\";\nimport { apiKey, admin } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey(), admin()] });\n",
        "//- package.json\n{ \"workspaces\": [\"web\"] }\n//- pnpm-lock.yaml\npackages:\n  better-auth@1.3.4(react@19.0.0):\n    resolution: {}\n//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.3.0\" } }\n//- web/lib/auth.ts\nimport { apiKey } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey()] });\n",
    ],
    valid: &[
        // The fixed version.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.3.0\" } }\n//- web/package-lock.json\n{\n  \"packages\": {\n    \"node_modules/better-auth\": {\n      \"version\": \"1.3.26\"\n    }\n  }\n}\n//- web/lib/auth.ts\nimport { apiKey } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey()] });\n",
        // An affected version, but the app does not use the API-key plugin.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"1.3.18\" } }\n//- web/lib/auth.ts\nimport { jwt } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [jwt()] });\n",
        // No lockfile, and the range reaches the fix.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"^1.3.0\" } }\n//- web/lib/auth.ts\nimport { apiKey } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey()] });\n",
        // A version doctor cannot read.
        "//- web/package.json\n{ \"dependencies\": { \"better-auth\": \"latest\" } }\n//- web/lib/auth.ts\nimport { apiKey } from \"better-auth/plugins\";\nexport const auth = betterAuth({ plugins: [apiKey()] });\n",
    ],
    autofix: None,
    check: |model| {
        let Some(config) = model.configs.first() else { return Vec::new() };
        let versions = installed(model, &model.file(config.file).path, "better-auth");
        let Some((path, line)) = versions.at() else { return Vec::new() };
        let mut hits = Vec::new();
        for advisory in advisories() {
            let Ok(affected) = VersionReq::parse(&advisory.affected) else { continue };
            let modules: Vec<&str> = advisory.modules.iter().map(String::as_str).collect();
            let uses_plugin = advisory.plugin.as_deref().is_none_or(|p| imports_name(model, &modules, p));
            let locked_affected = versions.locked.iter().any(|(_, _, v)| affected.matches(v));
            let range_affected = versions.locked.is_empty() && versions.every(&affected);
            if uses_plugin && (locked_affected || range_affected) {
                let aliases = advisory.aliases.join(", ");
                hits.push(Hit::at(
                    path,
                    line,
                    format!(
                        "better-auth {} is affected by {} ({aliases}), fixed in {}: {}",
                        versions.describe(),
                        advisory.id,
                        advisory.fixed,
                        advisory.what
                    ),
                ));
            }
        }
        hits
    },
};

examples_test!(BETTER_AUTH_ADVISORY);
