//! `python-jose-eddsa`: python-jose verifies tokens signed with EdDSA.

use super::*;

pub static PYTHON_JOSE_EDDSA: Rule = Rule {
    id: "python-jose-eddsa",
    severity: Error,
    summary: "python-jose verifies tokens signed with EdDSA",
    doc: "python-jose has no EdDSA (Ed25519) support, and EdDSA is what Better Auth's jwt plugin signs with by \
default: `jwt.decode` from python-jose refuses every token. Reported only where python-jose decodes the jwt plugin's \
tokens, not wherever it is imported.",
    fix: "use PyJWT with the crypto extra (pyjwt[crypto]) and PyJWKClient, or sign with ES256/RS256",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nfrom jose import jwt\n\ndef verify(token, jwks):\n    return jwt.decode(token, jwks, algorithms=[\"EdDSA\"], audience=\"a\")\n",
    ],
    valid: &[
        // python-jose imported inside one function names nothing in the others.
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef legacy_claims(token):\n    from jose import jwt\n    return jwt.get_unverified_claims(token)\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=A, issuer=A)\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: \"RS256\" } } })] });\n//- api/auth.py\nfrom jose import jwt\n\ndef verify(token, jwks):\n    return jwt.decode(token, jwks, algorithms=[\"RS256\"], audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/security.py\nfrom jose import jwt\n\ndef hash_it(data):\n    return jwt.encode(data, \"k\")\n",
    ],
    autofix: None,
    check: |model| {
        if model.signing_alg().is_none_or(|(alg, _, _)| alg != "EdDSA") {
            return Vec::new();
        }
        checked(model)
            .filter(|v| model.token_of(v) == Token::JwtPlugin)
            .filter(|v| {
                v.lib == Lib::PythonJose && !v.call.arg(1, "key").is_some_and(|k| secret_like(model, v.file, k))
            })
            .filter(|v| allowed_algs(model, v).is_none_or(|algs| algs.iter().any(|a| !a.starts_with("HS"))))
            .map(|v| at_call(model, v, "python-jose cannot verify EdDSA, which the jwt plugin signs with"))
            .collect()
    },
};

examples_test!(PYTHON_JOSE_EDDSA);
