//! `pyjwt-without-crypto`: PyJWT verifies asymmetric tokens but `cryptography` is not installed.

use super::*;

pub static PYJWT_WITHOUT_CRYPTO: Rule = Rule {
    id: "pyjwt-without-crypto",
    severity: Error,
    summary: "PyJWT verifies asymmetric tokens but `cryptography` is not installed",
    doc: "PyJWT checks EdDSA, ES256 and RS256 signatures (and PyJWKClient reads those keys) only with the \
`cryptography` package, installed by the `pyjwt[crypto]` extra. With plain `pyjwt` every jwt-plugin token fails \
with \"Algorithm not supported\".",
    fix: "depend on pyjwt[crypto] (or add cryptography)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/requirements.txt\nfastapi\npyjwt==2.10.1\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/requirements.txt\nfastapi\npyjwt[crypto]==2.10.1\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
    ],
    autofix: None,
    check: |model| {
        let Some(v) = checked(model).filter(|v| model.token_of(v) == Token::JwtPlugin).find(|v| v.lib == Lib::PyJwt)
        else {
            return Vec::new();
        };
        let path = &model.file(v.file).path;
        let manifests: Vec<(&String, &String)> =
            model.project.manifests.iter().filter(|(p, _)| !p.ends_with("package.json")).collect();
        let names = |text: &str, name: &str| {
            text.to_ascii_lowercase().lines().any(|l| {
                let l = l.trim().trim_start_matches(['"', '\'']);
                l.starts_with(name)
                    && !l[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_')
            })
        };
        let with_pyjwt: Vec<&(&String, &String)> = manifests.iter().filter(|(_, t)| names(t, "pyjwt")).collect();
        let Some((manifest, _)) = with_pyjwt.first() else { return Vec::new() };
        let crypto = manifests.iter().any(|(_, t)| {
            let t = t.to_ascii_lowercase();
            t.contains("pyjwt[crypto]") || names(&t, "cryptography") || t.contains("python-jose[cryptography]")
        });
        if crypto {
            return Vec::new();
        }
        let text = &model.project.manifests[manifest.as_str()];
        let line = text.lines().position(|l| names(l, "pyjwt")).map_or(0, |n| n + 1);
        vec![Hit::at(
            manifest,
            line,
            format!("{path} verifies jwt-plugin tokens with PyJWT, but {manifest} has pyjwt without the crypto extra"),
        )]
    },
};

examples_test!(PYJWT_WITHOUT_CRYPTO);
