//! `alg-from-token`: the allowed algorithms are read from the token's own header.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, text_of};

pub static ALG_FROM_TOKEN: Rule = Rule {
    id: "alg-from-token",
    severity: Error,
    summary: "the allowed algorithms are read from the token's own header",
    doc: "`algorithms=[jwt.get_unverified_header(token)[\"alg\"]]` (or jose's `decodeProtectedHeader`) lets the \
token choose how it is checked: the attacker picks `HS256` and signs with a public key, or a weak algorithm. The \
allowed list must come from configuration: the algorithm Better Auth's jwt plugin signs with (EdDSA by default).",
    fix: "pass a fixed list from settings, e.g. algorithms=[\"EdDSA\"]",
    invalid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    header = jwt.get_unverified_header(token)\n    return jwt.decode(token, key, algorithms=[header.get(\"alg\")], audience=\"a\")\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    header = jwt.get_unverified_header(token)\n    return jwt.decode(token, key, algorithms=[header[\"alg\"]], audience=\"a\")\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(token, key, algorithms=[jwt.get_unverified_header(token)[\"alg\"]], audience=\"a\")\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, jwk, key):\n    return jwt.decode(token, key, algorithms=[jwk.get(\"alg\", \"EdDSA\")], audience=\"a\")\n",
        "//- api/auth.py\nimport jwt\nALGS = [\"EdDSA\"]\n\ndef verify(token, key):\n    kid = jwt.get_unverified_header(token)[\"kid\"]\n    return jwt.decode(token, key, algorithms=ALGS, audience=\"a\")\n",
    ],
    autofix: Some(&FIX),
    check: |model| {
        let header_read = |v: &Value| {
            is_call_to(v, &["get_unverified_header", "decodeProtectedHeader"])
                || matches!(v, Value::Call(c) if c.method() == "get" && c.positional(0).and_then(Value::str) == Some("alg") && header_receiver(c))
                || matches!(v, Value::Other(t) if t.contains("[\"alg\"]") || t.contains("['alg']"))
        };
        checked(model)
            // With the shared secret as key only HMAC can verify: no confusion to exploit.
            .filter(|v| !v.call.arg(1, "key").is_some_and(|k| secret_like(model, v.file, k)))
            .filter_map(|v| {
                let file = model.file(v.file);
                let algs =
                    v.call.keyword("algorithms").or_else(|| v.call.positional(2).and_then(|o| o.get("algorithms")))?;
                derived(&file.module, v.call.function, algs, &header_read).then(|| {
                    Hit::at(&file.path, v.call.line, "the allowed algorithms come from the token's own header")
                })
            })
            .collect()
    },
};

/// The allowed list pinned to the algorithm the jwt plugin signs with; when
/// the config is not in the repository, to Better Auth's default EdDSA (then
/// unsafe: the backend may verify tokens signed otherwise).
/// `header.get("alg")`, `jwt.get_unverified_header(t).get("alg")`: not a key's
/// own `jwk.get("alg")`, which comes from the server's key set.
fn header_receiver(call: &crate::doctor::syntax::Call) -> bool {
    call.receiver().is_some_and(|r| {
        let r = r.to_ascii_lowercase();
        r.contains("header") || r.contains("hdr")
    })
}

static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "pins the allowed algorithms to the one the jwt plugin signs with",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        let source = crate::edit::Source::parse(file, text).ok()?;
        let call = checked(model).find(|v| model.file(v.file).path == file && v.call.line == hit.line)?;
        let node = source.call_at(call.call.start)?;
        let value = crate::edit::keyword_value(node, source.src(), "algorithms")
            .or_else(|| crate::edit::option_value(node, source.src(), 2, "algorithms"))?;
        let (alg, safety) = match model.signing_alg() {
            Some((alg, _, _)) => (alg, Safety::Safe),
            None => ("EdDSA".to_string(), Safety::Unsafe),
        };
        let splice = (value.start_byte(), value.end_byte(), format!("[\"{alg}\"]"));
        Fix::splices(safety, file, text, vec![splice])
    },
};

examples_test!(ALG_FROM_TOKEN);
