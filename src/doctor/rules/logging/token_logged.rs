//! `token-logged`: a token is written to the logs.

use super::*;

pub static TOKEN_LOGGED: Rule = Rule {
    id: "token-logged",
    severity: Warning,
    summary: "a token is written to the logs",
    doc: "Logs are kept, shipped and read by more people than the database. A bearer token or Authorization \
header in a log line is a credential anyone with log access can replay until it expires. Log the user id (`sub`) \
instead.",
    fix: "log the claims' sub, never the token",
    invalid: &[
        "//- web/lib/api.ts\nimport { authClient } from \"./auth-client\";\nexport async function call() {\n  const res = await authClient.token();\n  console.log(\"token result\", res);\n}\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token):\n    print(f\"verifying {token}\")\n",
        "//- server/auth.ts\nimport { jwtVerify } from \"jose\";\nexport function check(token: string) {\n  console.log(\"token\", token);\n}\n",
    ],
    valid: &[
        "//- web/lib/api.ts\nimport { authClient } from \"./auth-client\";\nexport async function call() {\n  const res = await authClient.token();\n  console.log(\"got a token:\", Boolean(res.data?.token));\n}\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, claims):\n    print(f\"user {claims['sub']}\")\n    logger.info(\"token refused\")\n",
        "//- web/lib/coupons.ts\nimport { auth } from \"better-auth\";\nexport const f = (coupon) => console.error(`no link for ${coupon.token}`);\n",
    ],
    autofix: None,
    check: |model| {
        model
            .code()
            .filter(|(_, f)| handles_tokens(&f.module))
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(f, c)| {
                is_log(&c.callee)
                    && c.args.iter().any(|a| names_a_token(&a.value) || holds_token_result(&f.module, &a.value))
            })
            .map(|(f, c)| Hit::at(&f.path, c.line, "a token is written to the log"))
            .collect()
    },
};

/// A variable holding `authClient.token()`'s result, whose `data.token` is the JWT.
fn holds_token_result(m: &crate::doctor::syntax::Module, value: &Value) -> bool {
    let Value::Name(name) = value else { return false };
    m.bindings
        .iter()
        .any(|b| b.name == *name && b.value.call().is_some_and(|c| c.method() == "token" && c.receiver().is_some()))
}

examples_test!(TOKEN_LOGGED);
