//! `decode-unverified`: a token decoded without checking its signature is trusted.

use super::*;

pub static DECODE_UNVERIFIED: Rule = Rule {
    id: "decode-unverified",
    severity: Error,
    summary: "a token decoded without checking its signature is trusted",
    doc: "A decode that skips the signature (`jwt.decode(t, options={\"verify_signature\": False})`, python-jose's \
`get_unverified_claims`, jsonwebtoken's `jwt.decode`, jose's `decodeJwt`, in Go jwx's `jwt.ParseInsecure` or \
`jwt.WithVerify(false)` and golang-jwt's `ParseUnverified`) accepts any token anyone can write: the \
claims are whatever the caller typed. When its result is used (returned, stored, trusted as a fallback when the \
real check fails), every endpoint behind it is open. A decode inside a print or log call is a peek and is not \
reported; reading the header's `kid` uses `get_unverified_header`, which is not a decode of the claims.",
    fix: "verify the signature against the JWKS (PyJWKClient / createRemoteJWKSet) and use those claims",
    invalid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token):\n    return jwt.decode(token, options={\"verify_signature\": False})\n",
        "//- server/auth.ts\nimport jwt from \"jsonwebtoken\";\nexport function currentUser(token: string) {\n  return jwt.decode(token);\n}\n",
        "//- api/auth.py\nimport jwt\n\ndef decode_token(token, key):\n    try:\n        return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"a\")\n    except jwt.PyJWTError:\n        payload = jwt.decode(token, options={\"verify_signature\": False})\n        return payload\n",
        "//- api/auth.go\npackage api\n\nimport \"github.com/golang-jwt/jwt/v5\"\n\nfunc UserID(s string) (string, error) {\n\tclaims := jwt.MapClaims{}\n\t_, _, err := jwt.NewParser().ParseUnverified(s, claims)\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n\treturn claims[\"sub\"].(string), nil\n}\n",
        "//- api/auth.go\npackage api\n\nimport \"github.com/lestrrat-go/jwx/v2/jwt\"\n\nfunc CurrentUser(s string) (jwt.Token, error) {\n\treturn jwt.ParseString(s, jwt.WithVerify(false))\n}\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    print(jwt.decode(token, options={\"verify_signature\": False}))\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"http://localhost:3000\")\n",
        "//- api/tests/test_auth.py\nimport jwt\n\ndef test_claims(token):\n    assert jwt.decode(token, options={\"verify_signature\": False})[\"sub\"]\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    peek = jwt.decode(token, options={\"verify_signature\": False})\n    log.info(\"iss %s\", peek.get(\"iss\"))\n    payload = jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"a\")\n    return payload\n",
        "//- api/auth.go\npackage api\n\nimport (\n\t\"log\"\n\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n\nfunc Verify(s string, keys jwt.Keyfunc) (*jwt.Token, error) {\n\tpeek, _, _ := jwt.NewParser().ParseUnverified(s, jwt.MapClaims{})\n\tlog.Printf(\"kid %v\", peek.Header[\"kid\"])\n\ttok, err := jwt.Parse(s, keys)\n\treturn tok, err\n}\n",
        "//- api/auth_test.go\npackage api\n\nimport \"github.com/lestrrat-go/jwx/v2/jwt\"\n\nfunc claimsOf(s string) (jwt.Token, error) {\n\treturn jwt.ParseInsecure([]byte(s))\n}\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for v in model.verifiers.iter().filter(|v| v.unverified) {
            let file = model.file(v.file);
            // Inside a print or log call it is a peek, not authentication.
            let logged = file.module.calls.iter().any(|c| {
                crate::doctor::rules::logging::is_log(&c.callee) && c.start < v.call.start && v.call.start < c.end
            });
            if logged {
                continue;
            }
            if !trusted(model, v) {
                continue;
            }
            let elsewhere = checked(model).any(|c| model.file(c.file).side == file.side);
            let name = function_name(&file.module, &v.call);
            let severity = if !elsewhere || auth_function(&name) { Error } else { Warning };
            let what = if name.is_empty() { "this code".to_string() } else { format!("{name}()") };
            hits.push(
                Hit::at(
                    &file.path,
                    v.call.line,
                    format!("{what} trusts a token decoded without checking its signature"),
                )
                .severity(severity),
            );
        }
        hits
    },
};

examples_test!(DECODE_UNVERIFIED);
