//! `signature-manual`: a hand-written signature check never checks exp, iss or aud.

use super::*;

pub static SIGNATURE_MANUAL: Rule = Rule {
    id: "signature-manual",
    severity: Error,
    summary: "a hand-written signature check never checks exp, iss or aud",
    doc: "Checking the signature by hand (`Ed25519PublicKey.verify`, `crypto.verify`, nacl's `VerifyKey.verify`) \
proves who signed the token, not that it is still valid or meant for this API. Without the `exp` check a token \
stolen once works forever. A JWT library does all of it: use PyJWT or jose.",
    fix: "verify with PyJWT (jwt.decode with PyJWKClient) or jose (jwtVerify), which check exp, iss and aud",
    invalid: &[
        "//- api/auth.py\nimport json, base64\n\ndef verify(token, public_key):\n    head, body, sig = token.split(\".\")\n    public_key.verify(base64.urlsafe_b64decode(sig), f\"{head}.{body}\".encode())\n    return json.loads(base64.urlsafe_b64decode(body))\n",
    ],
    valid: &[
        "//- api/auth.py\nimport json, base64, time\n\ndef verify(token, public_key):\n    head, body, sig = token.split(\".\")\n    public_key.verify(base64.urlsafe_b64decode(sig), f\"{head}.{body}\".encode())\n    claims = json.loads(base64.urlsafe_b64decode(body))\n    if claims[\"exp\"] < time.time() or claims[\"iss\"] != ORIGIN or claims[\"aud\"] != ORIGIN:\n        raise ValueError(\"expired\")\n    return claims\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for (_, file) in model.code().filter(|(_, f)| f.side != Side::App) {
            let m = &file.module;
            let manual = m.calls.iter().filter(|c| {
                let r = c.receiver().unwrap_or("").to_ascii_lowercase();
                let key_verify = c.method() == "verify"
                    && ["public_key", "publickey", "verify_key", "ed25519"].iter().any(|k| r.contains(k));
                key_verify
                    || matches!(
                        c.callee.as_str(),
                        "crypto.verify" | "crypto.subtle.verify" | "nacl.sign.detached.verify"
                    )
            });
            for call in manual {
                let here = |f: Option<usize>| f == call.function;
                let claim_read = |claim: &str| {
                    m.accesses.iter().filter(|a| here(a.function)).any(|a| {
                        a.key.as_ref().and_then(Value::str) == Some(claim) || a.path.ends_with(&format!(".{claim}"))
                    }) || m
                        .calls
                        .iter()
                        .filter(|c| here(c.function))
                        .any(|c| c.args.iter().any(|a| a.value.str() == Some(claim)))
                };
                let missing: Vec<&str> = ["exp", "iss", "aud"].into_iter().filter(|c| !claim_read(c)).collect();
                if !missing.is_empty() {
                    hits.push(Hit::at(
                        &file.path,
                        call.line,
                        format!("the signature is checked by hand and `{}` never is", missing.join("`, `")),
                    ));
                }
            }
        }
        hits
    },
};

examples_test!(SIGNATURE_MANUAL);
