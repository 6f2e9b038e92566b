//! `identity-from-header`: the user's identity is taken from a request header.

use super::*;

pub static IDENTITY_FROM_HEADER: Rule = Rule {
    id: "identity-from-header",
    severity: Error,
    summary: "the user's identity is taken from a request header",
    doc: "An API that learns who the caller is from a header such as `X-User-ID` trusts whatever the caller sends: \
anyone can be anyone with one header. The identity must come from a verified token (`sub`) or a session looked up on \
the server.",
    fix: "derive the user from the verified token's sub claim, not from a header",
    invalid: &[
        "//- api/main.py\nfrom fastapi import Header\n\n@app.get(\"/me\")\ndef me(x_user_id: str = Header(...)):\n    return {\"id\": x_user_id}\n",
        "//- server/routes.ts\nrouter.get(\"/me\", (req, res) => {\n  const userId = req.headers[\"x-user-id\"];\n  res.json({ userId });\n});\n",
    ],
    valid: &[
        "//- api/main.py\nfrom fastapi import Depends\n\n@app.get(\"/me\")\ndef me(claims = Depends(verify)):\n    return {\"id\": claims[\"sub\"]}\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for (_, file) in model.code().filter(|(_, f)| f.side != Side::App && f.scope == Scope::Code) {
            let m = &file.module;
            for p in &m.params {
                let header_call = p.default.call().is_some_and(|c| c.callee == "Header");
                let alias = p.default.call().and_then(|c| c.keyword("alias")).and_then(Value::str);
                if header_call && (user_header(&p.name) || alias.is_some_and(user_header)) {
                    hits.push(Hit::at(
                        &file.path,
                        p.line,
                        format!("`{}` takes the user from a request header", alias.unwrap_or(&p.name)),
                    ));
                }
            }
            for a in &m.accesses {
                if a.path.to_ascii_lowercase().ends_with("headers")
                    && a.key.as_ref().and_then(Value::str).is_some_and(user_header)
                {
                    hits.push(Hit::at(&file.path, a.line, "the user is read from a request header"));
                }
            }
            for c in &m.calls {
                let r = c.receiver().unwrap_or("").to_ascii_lowercase();
                let getter = (r.ends_with("headers") && c.method() == "get")
                    || (matches!(c.method(), "header" | "get")
                        && (r == "req" || r == "request" || r.ends_with(".req")));
                if getter && c.positional(0).and_then(Value::str).is_some_and(user_header) {
                    hits.push(Hit::at(&file.path, c.line, "the user is read from a request header"));
                }
            }
        }
        hits
    },
};

examples_test!(IDENTITY_FROM_HEADER);
