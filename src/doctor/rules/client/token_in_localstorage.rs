//! `token-in-localstorage`: a token is stored in localStorage.

use super::*;

pub static TOKEN_IN_LOCALSTORAGE: Rule = Rule {
    id: "token-in-localstorage",
    severity: Warning,
    summary: "a token is stored in localStorage",
    doc: "Anything in `localStorage` can be read by every script on the page, so one XSS bug leaks the token. \
The jwt plugin's tokens are short-lived and cheap to fetch: keep them in memory and ask `authClient.token()` again \
when they expire.",
    fix: "keep the token in memory; fetch a fresh one with authClient.token()",
    invalid: &[
        "//- web/lib/api.ts\nexport function save(token: string) {\n  localStorage.setItem(\"jwt\", token);\n}\n",
    ],
    valid: &[
        "//- web/lib/api.ts\nexport function save(theme: string) {\n  localStorage.setItem(\"theme\", theme);\n}\n",
    ],
    autofix: None,
    check: |model| {
        model
            .code()
            .filter(|(_, f)| f.side != Side::Backend)
            .flat_map(|(_, f)| f.module.calls.iter().map(move |c| (f, c)))
            .filter(|(_, c)| {
                matches!(
                    c.callee.as_str(),
                    "localStorage.setItem" | "window.localStorage.setItem" | "sessionStorage.setItem"
                )
            })
            .filter(|(_, c)| c.args.iter().any(|a| mentions_token(&a.value)))
            .map(|(f, c)| Hit::at(&f.path, c.line, "a token is written to web storage, where any script can read it"))
            .fold(Vec::<Hit>::new(), |mut hits, hit| {
                // One finding per file: the same habit, not a new mistake per line.
                if !hits.iter().any(|h| h.file == hit.file) {
                    hits.push(hit);
                }
                hits
            })
    },
};

examples_test!(TOKEN_IN_LOCALSTORAGE);
