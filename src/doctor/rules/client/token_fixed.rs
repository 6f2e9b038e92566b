//! `token-fixed`: app code sends a fixed (mock) token to the API.

use super::*;

pub static TOKEN_FIXED: Rule = Rule {
    id: "token-fixed",
    severity: Error,
    summary: "app code sends a fixed bearer token to the API",
    doc: "`Authorization: \"Bearer mock-token\"` (or any literal token) left in code that ships means every \
request carries the same credential, whoever is signed in: a backend that verifies tokens refuses them all, and \
one that accepts the literal lets anybody in as that user. Send the token `authClient.token()` returns for the \
signed-in user. Test files, fixtures and scripts are not judged.",
    fix: "send the user's token: const { data } = await authClient.token(); headers: { Authorization: `Bearer ${data.token}` }",
    invalid: &[
        "//- web/lib/api.ts\nexport const me = () => fetch(\"/api/me\", { headers: { Authorization: \"Bearer mock-token\" } });\n",
        "//- web/lib/api.ts\nconst TOKEN = \"Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxIn0.c2ln\";\nexport const me = () => fetch(\"/api/me\", { headers: { authorization: TOKEN } });\n",
    ],
    valid: &[
        "//- web/lib/api.ts\nexport const me = (token: string) => fetch(\"/api/me\", { headers: { Authorization: `Bearer ${token}` } });\n",
        "//- web/tests/api.test.ts\nexport const me = () => fetch(\"/api/me\", { headers: { Authorization: \"Bearer mock-token\" } });\n",
        "//- web/lib/api.ts\nconst prefix = \"Bearer \";\nexport const header = (t: string) => prefix + t;\n",
    ],
    autofix: None,
    check: |model| {
        model
            .code()
            .filter(|(_, f)| f.side == Side::App)
            .filter_map(|(_, f)| {
                let (_, line) = f.module.strings.iter().find(|(s, _)| fixed_bearer(s))?;
                Some(Hit::at(&f.path, *line, "a fixed bearer token is sent: every request carries the same credential"))
            })
            .collect()
    },
};

/// `Bearer <literal>`: a token written into the string, not interpolated.
fn fixed_bearer(text: &str) -> bool {
    let Some(rest) = text.trim().strip_prefix("Bearer ") else { return false };
    let rest = rest.trim();
    !rest.is_empty() && !rest.contains("${") && !rest.contains('{') && !rest.contains(' ')
}

examples_test!(TOKEN_FIXED);
