//! `get-token`: authClient.getToken() does not exist.

use super::*;

pub static GET_TOKEN: Rule = Rule {
    id: "get-token",
    severity: Error,
    summary: "authClient.getToken() does not exist",
    doc: "The auth client gets a JWT with `authClient.token()` (jwtClient plugin); `authClient.getToken()` is not a \
method: it fails type-checking and returns a 404 error object at run time, so the backend never gets a token. \
Only calls on a Better Auth client are reported (not `auth.api.getToken` on the server, nor other OAuth clients' \
`getToken`).",
    fix: "const { data } = await authClient.token(); use data.token",
    invalid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [jwtClient()] });\nexport const t = () => authClient.getToken();\n",
    ],
    valid: &[
        "//- web/lib/auth-client.ts\nexport const authClient = createAuthClient({ plugins: [jwtClient()] });\nexport const t = () => authClient.token();\n",
        "//- web/lib/google.ts\nexport const t = (code: string) => oAuth2Client.getToken(code);\n",
    ],
    autofix: None,
    check: |model| {
        model
            .code()
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| c.method() == "getToken" && c.receiver().is_some_and(|r| client_of(model, r).is_some()))
            .map(|(f, c)| Hit::at(&f.path, c.line, format!("{}() is not a method of the auth client", c.callee)))
            .collect()
    },
};

examples_test!(GET_TOKEN);
