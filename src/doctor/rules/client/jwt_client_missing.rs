//! `jwt-client-missing`: authClient.token() is called but the client has no jwtClient() plugin.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, text_of};

pub static JWT_CLIENT_MISSING: Rule = Rule {
    id: "jwt-client-missing",
    severity: Error,
    summary: "authClient.token() is called but the client has no jwtClient() plugin",
    doc: "`authClient.token()` exists only with the `jwtClient()` plugin from \"better-auth/client/plugins\". \
Without it the call is undefined at run time and no token reaches the backend.",
    fix: "add jwtClient() to createAuthClient({ plugins: [...] })",
    invalid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient();\nexport const t = () => authClient.token();\n",
    ],
    valid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [jwtClient()] });\nexport const t = () => authClient.token();\n",
    ],
    autofix: Some(&FIX),
    check: |model| {
        model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter_map(|(f, c)| {
                let client = client_of(model, c.receiver()?)?;
                (c.method() == "token" && !has_jwt_client(client)).then(|| {
                    Hit::at(
                        &model.file(client.file).path,
                        client.call.line,
                        format!("{} calls {}() but the client has no jwtClient() plugin", f.path, c.callee),
                    )
                })
            })
            .take(1)
            .collect()
    },
};

static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "adds jwtClient() (and its import) to the client's plugins",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let splices = crate::edit::splices(file, text, &crate::edit::Edit::Client).ok()?;
        Fix::splices(Safety::Safe, file, text, splices)
    },
};

examples_test!(JWT_CLIENT_MISSING);
