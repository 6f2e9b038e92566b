//! How the backend checks the token: unverified decodes, algorithms, claims,
//! keys, libraries, and identities taken from somewhere else.

use super::super::Severity::{Error, Warning};
use super::super::model::{Lib, Model, Token, Verifier, secret_key_name};
use super::super::project::{Scope, Side};
use super::super::syntax::{Call, Module, Value};
use super::{Hit, Rule};

pub const RULES: &[&Rule] = &[
    &DECODE_UNVERIFIED,
    &ALG_FROM_TOKEN,
    &CLAIMS_UNCHECKED,
    &PYJWT_AUDIENCE_MISSING,
    &SIGNATURE_MANUAL,
    &ALG_MISMATCH,
    &BACKEND_USES_SECRET,
    &JWT_PLUGIN_MISSING,
    &PYTHON_JOSE_EDDSA,
    &PYJWT_WITHOUT_CRYPTO,
    &AUDIENCE_FROM_REQUEST,
    &IDENTITY_FROM_HEADER,
];

/// Whether `value`, or a variable of `function` it names (followed through
/// assignments in that function), satisfies `pred`.
pub fn derived(m: &Module, function: Option<usize>, value: &Value, pred: &dyn Fn(&Value) -> bool) -> bool {
    let mut names: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut hit = false;
    let mut check = |v: &Value, names: &mut Vec<String>| {
        v.walk(&mut |inner| {
            if pred(inner) {
                hit = true;
            }
            match inner {
                Value::Name(n) => names.push(n.split(['.', '[']).next().unwrap_or(n).to_string()),
                Value::Other(text) => names.extend(words(text)),
                Value::Template(text) => names.extend(words(text)),
                _ => {}
            }
        });
    };
    check(value, &mut names);
    while let Some(name) = names.pop() {
        if seen.contains(&name) || seen.len() > 50 {
            continue;
        }
        seen.push(name.clone());
        for b in m.bindings.iter().filter(|b| b.name == name && (b.function == function || b.function.is_none())) {
            check(&b.value, &mut names);
        }
    }
    hit
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn is_call_to(v: &Value, methods: &[&str]) -> bool {
    match v {
        Value::Call(c) => methods.contains(&c.method()),
        Value::Other(t) => methods.iter().any(|m| t.contains(&format!("{m}("))),
        _ => false,
    }
}

/// A function name that says it authenticates.
fn auth_function(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "verify",
        "auth",
        "user",
        "token",
        "validate",
        "decode",
        "current",
        "session",
        "principal",
        "identity",
        "require",
        "guard",
    ]
    .iter()
    .any(|w| name.contains(w))
}

fn function_name(m: &Module, call: &Call) -> String {
    call.function.and_then(|f| m.functions.get(f)).map(|f| f.name.clone()).unwrap_or_default()
}

/// A finding at the verify call `v`.
fn at_call(model: &Model, v: &Verifier, message: impl Into<String>) -> Hit {
    Hit::at(&model.file(v.file).path, v.call.line, message)
}

fn checked<'a>(model: &'a Model) -> impl Iterator<Item = &'a Verifier> {
    model.verifiers.iter().filter(|v| !v.unverified)
}

/// Whether `value` holds the call starting at `start`.
fn holds_call(value: &Value, start: usize) -> bool {
    let mut found = false;
    value.walk(&mut |v| found |= matches!(v, Value::Call(c) if c.start == start));
    found
}

/// An unverified decode is trusted when its function returns it (directly or
/// through a variable) or when nothing in that function verifies the token.
fn trusted(model: &Model, v: &Verifier) -> bool {
    let m = &model.file(v.file).module;
    let here = |b: &&super::super::syntax::Binding| b.function == v.call.function;
    let returns: Vec<&Value> =
        m.bindings.iter().filter(here).filter(|b| b.name == "return").map(|b| &b.value).collect();
    let names: Vec<&str> = m
        .bindings
        .iter()
        .filter(here)
        .filter(|b| b.name != "return" && holds_call(&b.value, v.call.start))
        .map(|b| b.name.as_str())
        .collect();
    let returned = returns.iter().any(|r| {
        holds_call(r, v.call.start)
            || names.iter().any(|n| derived(m, v.call.function, r, &|x| matches!(x, Value::Name(x) if x == n)))
    });
    let verified_here = checked(model).any(|c| c.file == v.file && c.call.function == v.call.function);
    returned || !verified_here
}

pub static DECODE_UNVERIFIED: Rule = Rule {
    id: "decode-unverified",
    severity: Error,
    summary: "a token decoded without checking its signature is trusted",
    doc: "A decode that skips the signature (`jwt.decode(t, options={\"verify_signature\": False})`, python-jose's \
`get_unverified_claims`, jsonwebtoken's `jwt.decode`, jose's `decodeJwt`) accepts any token anyone can write: the \
claims are whatever the caller typed. When its result is used (returned, stored, trusted as a fallback when the \
real check fails), every endpoint behind it is open. A decode inside a print or log call is a peek and is not \
reported; reading the header's `kid` uses `get_unverified_header`, which is not a decode of the claims.",
    fix: "verify the signature against the JWKS (PyJWKClient / createRemoteJWKSet) and use those claims",
    invalid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token):\n    return jwt.decode(token, options={\"verify_signature\": False})\n",
        "//- server/auth.ts\nimport jwt from \"jsonwebtoken\";\nexport function currentUser(token: string) {\n  return jwt.decode(token);\n}\n",
        "//- api/auth.py\nimport jwt\n\ndef decode_token(token, key):\n    try:\n        return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"a\")\n    except jwt.PyJWTError:\n        payload = jwt.decode(token, options={\"verify_signature\": False})\n        return payload\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    print(jwt.decode(token, options={\"verify_signature\": False}))\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"http://localhost:3000\")\n",
        "//- api/tests/test_auth.py\nimport jwt\n\ndef test_claims(token):\n    assert jwt.decode(token, options={\"verify_signature\": False})[\"sub\"]\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    peek = jwt.decode(token, options={\"verify_signature\": False})\n    log.info(\"iss %s\", peek.get(\"iss\"))\n    payload = jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"a\")\n    return payload\n",
    ],
    check: |model| {
        let mut hits = Vec::new();
        for v in model.verifiers.iter().filter(|v| v.unverified) {
            let file = model.file(v.file);
            // Inside a print or log call it is a peek, not authentication.
            let logged = file
                .module
                .calls
                .iter()
                .any(|c| super::logging::is_log(&c.callee) && c.start < v.call.start && v.call.start < c.end);
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

pub static ALG_FROM_TOKEN: Rule = Rule {
    id: "alg-from-token",
    severity: Error,
    summary: "the allowed algorithms are read from the token's own header",
    doc: "`algorithms=[jwt.get_unverified_header(token)[\"alg\"]]` (or jose's `decodeProtectedHeader`) lets the \
token choose how it is checked: the attacker picks `HS256` and signs with a public key, or a weak algorithm. The \
allowed list must come from configuration: the algorithm Better Auth's jwt plugin signs with (EdDSA by default).",
    fix: "pass a fixed list from settings, e.g. algorithms=[\"EdDSA\"]",
    invalid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    header = jwt.get_unverified_header(token)\n    return jwt.decode(token, key, algorithms=[header[\"alg\"]], audience=\"a\")\n",
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(token, key, algorithms=[jwt.get_unverified_header(token)[\"alg\"]], audience=\"a\")\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt\nALGS = [\"EdDSA\"]\n\ndef verify(token, key):\n    kid = jwt.get_unverified_header(token)[\"kid\"]\n    return jwt.decode(token, key, algorithms=ALGS, audience=\"a\")\n",
    ],
    check: |model| {
        let header_read = |v: &Value| {
            is_call_to(v, &["get_unverified_header", "decodeProtectedHeader"])
                || matches!(v, Value::Call(c) if c.method() == "get" && c.positional(0).and_then(Value::str) == Some("alg"))
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

pub static CLAIMS_UNCHECKED: Rule = Rule {
    id: "claims-unchecked",
    severity: Warning,
    summary: "the verifier turns off the exp, iss or aud check",
    doc: "`options={\"verify_exp\": False}` accepts expired tokens forever (an error); `verify_aud`/`verify_iss` \
set to False, or jose/jsonwebtoken verifies without `issuer`/`audience`, accept tokens that Better Auth issued for \
another app signed by the same keys (a warning). Better Auth sets `iss` and `aud` to the app's origin: check both.",
    fix: "pass issuer= and audience= (the app's origin) and leave verify_exp on",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(\n        token, key, algorithms=[\"EdDSA\"],\n        # issuer and audience are checked by the gateway\n        options={\"verify_aud\": False, \"verify_iss\": False},\n    )\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- server/auth.ts\nimport { jwtVerify } from \"jose\";\nexport async function verify(token: string, keys: any) {\n  return jwtVerify(token, keys, { algorithms: [\"EdDSA\"] });\n}\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"http://a\", issuer=\"http://a\")\n",
        "//- server/auth.ts\nimport { jwtVerify } from \"jose\";\nexport async function verify(token: string, keys: any) {\n  return jwtVerify(token, keys, { issuer: ORIGIN, audience: ORIGIN });\n}\n",
    ],
    check: |model| {
        let mut hits = Vec::new();
        for v in checked(model) {
            let path = &model.file(v.file).path;
            let ours = model.token == Token::JwtPlugin;
            let options = v.call.keyword("options").or_else(|| v.call.positional(2));
            match v.lib {
                Lib::PyJwt | Lib::PythonJose | Lib::Authlib => {
                    for (claim, severity) in [("verify_exp", Error), ("verify_aud", Warning), ("verify_iss", Warning)] {
                        if options.and_then(|o| o.get(claim)) == Some(&Value::Bool(false)) {
                            let what = &claim["verify_".len()..];
                            hits.push(
                                Hit::at(
                                    path,
                                    v.call.line,
                                    format!("the token's `{what}` is not checked ({claim}: False)"),
                                )
                                .severity(severity),
                            );
                        }
                    }
                    if ours
                        && v.lib == Lib::PyJwt
                        && v.call.keyword("issuer").is_none()
                        && options.and_then(|o| o.get("verify_iss")).is_none()
                    {
                        hits.push(Hit::at(
                            path,
                            v.call.line,
                            "jwt.decode() checks no issuer: pass issuer= (the app's origin)",
                        ));
                    }
                }
                Lib::Jose | Lib::JsonWebToken => {
                    let opts = v.call.positional(2);
                    if ours && matches!(opts, Some(Value::Object(_)) | None) {
                        for claim in ["issuer", "audience"] {
                            if opts.and_then(|o| o.get(claim)).is_none() {
                                hits.push(Hit::at(path, v.call.line, format!("the token's {claim} is not checked")));
                            }
                        }
                    }
                }
            }
        }
        hits
    },
};

pub static PYJWT_AUDIENCE_MISSING: Rule = Rule {
    id: "pyjwt-audience-missing",
    severity: Error,
    summary: "PyJWT decodes Better Auth tokens without audience=",
    doc: "Better Auth's tokens carry an `aud` claim. PyJWT refuses a token with `aud` when `jwt.decode` is given no \
`audience=` (InvalidAudienceError), so every request answers 401 although the token is good.",
    fix: "pass audience= the app's origin (BETTER_AUTH_URL's origin)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], issuer=\"http://a\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\n\ndef verify(token):\n    key = PyJWKClient(URL).get_signing_key_from_jwt(token)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"http://a\", issuer=\"http://a\")\n",
    ],
    check: |model| {
        if model.token != Token::JwtPlugin {
            return Vec::new();
        }
        checked(model)
            .filter(|v| v.lib == Lib::PyJwt && v.call.keyword("audience").is_none())
            .filter(|v| v.call.keyword("options").and_then(|o| o.get("verify_aud")).is_none())
            .map(|v| {
                at_call(
                    model,
                    v,
                    "jwt.decode() has no audience=: PyJWT refuses every Better Auth token (InvalidAudienceError)",
                )
            })
            .collect()
    },
};

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

/// The algorithms a verifier allows, when the files say.
pub fn allowed_algs(model: &Model, v: &Verifier) -> Option<Vec<String>> {
    let value = match v.lib {
        Lib::Jose | Lib::JsonWebToken => v.call.positional(2).and_then(|o| o.get("algorithms")),
        _ => v.call.keyword("algorithms").or_else(|| v.call.positional(2)),
    }?;
    model.resolve(v.file, value).items()
}

pub static ALG_MISMATCH: Rule = Rule {
    id: "alg-mismatch",
    severity: Error,
    summary: "the backend allows none of the algorithms the jwt plugin signs with",
    doc: "Better Auth's jwt plugin signs with EdDSA unless `jwks.keyPairConfig.alg` says otherwise. A verifier whose \
allowed algorithms (after following constants, settings defaults and env files) do not include it refuses every \
token with 401. Only values the files pin down are compared: a list read from an unset variable is not guessed.",
    fix: "allow the algorithm set in jwt({ jwks: { keyPairConfig: { alg } } }) (EdDSA by default)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nimport os\nALGS = os.getenv(\"AUTH_JWT_ALGORITHMS\", \"RS256\").split(\",\")\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=ALGS, audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: \"ES256\" } } })] });\n//- api/.env\nAUTH_JWT_ALGORITHMS=EdDSA\n//- api/auth.py\nimport jwt\nimport os\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=os.environ[\"AUTH_JWT_ALGORITHMS\"], audience=\"a\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\n\ndef verify(token, jwks_key, alg):\n    return jwt.decode(token, jwks_key, algorithms=[alg], audience=\"a\")\n",
        "//- web/lib/auth.ts\nconst ALG = \"ES256\";\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: ALG } } })] });\n//- api/auth.py\nimport jwt\nfrom .settings import settings\n\ndef verify(token, jwks_key):\n    return jwt.decode(token, jwks_key, algorithms=[settings.jwt_alg], audience=\"a\")\n//- api/settings.py\nclass Settings(BaseSettings):\n    jwt_alg: str = \"ES256\"\n",
    ],
    check: |model| {
        if model.token != Token::JwtPlugin {
            return Vec::new();
        }
        let Some((alg, _, _)) = model.signing_alg() else { return Vec::new() };
        checked(model)
            .filter(|v| !v.call.arg(1, "key").is_some_and(|k| secret_like(model, v.file, k)))
            .filter_map(|v| {
                let allowed = allowed_algs(model, v)?;
                (!allowed.is_empty() && !allowed.contains(&alg)).then(|| {
                    at_call(
                        model,
                        v,
                        format!("the backend allows {} but the jwt plugin signs with {alg}", allowed.join(", ")),
                    )
                })
            })
            .collect()
    },
};

fn secret_like(model: &Model, file: usize, value: &Value) -> bool {
    let mut found = false;
    value.walk(&mut |v| match v {
        Value::Env { key, .. } => found |= secret_key_name(key),
        Value::Name(n) => {
            found |= n.rsplit('.').next().is_some_and(|last| last.to_ascii_lowercase().contains("secret"))
        }
        _ => {}
    });
    found
        || matches!(value, Value::Name(n) if model.file(file).module.constant(n).is_some_and(|c| secret_like(model, file, c)))
}

pub static BACKEND_USES_SECRET: Rule = Rule {
    id: "backend-uses-secret",
    severity: Error,
    summary: "the backend checks jwt-plugin tokens with BETTER_AUTH_SECRET (HS256)",
    doc: "The jwt plugin signs with an asymmetric key pair kept in the `jwks` table, never with BETTER_AUTH_SECRET, so \
a verifier using the secret (HS256) refuses every token from `/api/auth/token`. The backend needs only the public \
keys at `/api/auth/jwks`. Not reported when the backend checks Better Auth's cookie-cache JWT (which is HS256 with \
the secret) or tokens it issues itself.",
    fix: "verify with the JWKS (PyJWKClient / createRemoteJWKSet) and drop the secret from the backend",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/deps.py\nimport jwt, os\n\ndef verify(token, jwk_row):\n    if jwt.get_unverified_header(token)[\"alg\"] == \"HS256\":\n        return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"], audience=\"a\")\n    key = jwt.PyJWK(jwk_row)\n    return jwt.decode(token, key.key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"], audience=\"a\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ session: { cookieCache: { enabled: true, strategy: \"jwt\" } } });\n//- api/auth.py\nimport jwt, os\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/security.py\nimport jwt, os\n\ndef login(user):\n    return jwt.encode({\"sub\": user.id}, os.environ[\"BETTER_AUTH_SECRET\"], algorithm=\"HS256\")\n\ndef verify(token):\n    return jwt.decode(token, os.environ[\"BETTER_AUTH_SECRET\"], algorithms=[\"HS256\"])\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/tests/test_auth.py\nimport jwt, os\n\ndef test_token():\n    jwt.encode({\"sub\": \"1\"}, os.getenv(\"BETTER_AUTH_SECRET\"), algorithm=\"HS256\")\n",
    ],
    check: |model| {
        if model.token != Token::JwtPlugin {
            return Vec::new();
        }
        checked(model)
            .filter(|v| model.file(v.file).side != Side::App)
            .filter(|v| v.call.arg(1, "key").is_some_and(|k| secret_like(model, v.file, k)))
            .map(|v| {
                let path = &model.file(v.file).path;
                // Beside a JWKS verification the secret is a fallback: it breaks
                // nothing but accepts tokens no Better Auth server issues.
                let beside_jwks = checked(model).any(|o| o.file == v.file && model.verifier_uses_jwks(o) && !o.call.arg(1, "key").is_some_and(|k| secret_like(model, o.file, k)));
                if beside_jwks {
                    Hit::at(path, v.call.line, "a fallback verifies HS256 tokens made with BETTER_AUTH_SECRET, which the jwt plugin never issues").severity(Warning)
                } else {
                    Hit::at(path, v.call.line, "the backend verifies with BETTER_AUTH_SECRET; jwt-plugin tokens are signed with the key pair in the jwks table")
                }
            })
            .collect()
    },
};

pub static JWT_PLUGIN_MISSING: Rule = Rule {
    id: "jwt-plugin-missing",
    severity: Error,
    summary: "the backend fetches a JWKS but the config has no jwt() plugin",
    doc: "A backend that verifies tokens against Better Auth's JWKS needs the jwt plugin: without it \
`/api/auth/jwks` and `/api/auth/token` answer 404 and there is no token to send. The cookie cache's JWT strategy is \
not a replacement (it is HS256 with the secret and has no JWKS).",
    fix: "add jwt() from \"better-auth/plugins\" to the config's plugins (and jwtClient() to the client)",
    invalid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\nkeys = PyJWKClient(\"http://localhost:3000/api/auth/jwks\")\n\ndef verify(token):\n    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
    ],
    valid: &[
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\nfrom jwt import PyJWKClient\nkeys = PyJWKClient(\"http://localhost:3000/api/auth/jwks\")\n\ndef verify(token):\n    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=[\"EdDSA\"], audience=\"a\")\n",
    ],
    check: |model| {
        if model.configs.is_empty() || model.jwt_plugin().is_some() {
            return Vec::new();
        }
        let config = &model.configs[0];
        let fetches = checked(model).any(|v| model.file(v.file).side != Side::App && model.verifier_uses_jwks(v));
        if !fetches {
            return Vec::new();
        }
        vec![Hit::at(
            &model.file(config.file).path,
            config.call.line,
            "the backend verifies with a JWKS but betterAuth() has no jwt() plugin: /api/auth/jwks answers 404",
        )]
    },
};

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
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: \"RS256\" } } })] });\n//- api/auth.py\nfrom jose import jwt\n\ndef verify(token, jwks):\n    return jwt.decode(token, jwks, algorithms=[\"RS256\"], audience=\"a\")\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/security.py\nfrom jose import jwt\n\ndef hash_it(data):\n    return jwt.encode(data, \"k\")\n",
    ],
    check: |model| {
        if model.token != Token::JwtPlugin || model.signing_alg().is_none_or(|(alg, _, _)| alg != "EdDSA") {
            return Vec::new();
        }
        checked(model)
            .filter(|v| {
                v.lib == Lib::PythonJose && !v.call.arg(1, "key").is_some_and(|k| secret_like(model, v.file, k))
            })
            .filter(|v| allowed_algs(model, v).is_none_or(|algs| algs.iter().any(|a| !a.starts_with("HS"))))
            .map(|v| at_call(model, v, "python-jose cannot verify EdDSA, which the jwt plugin signs with"))
            .collect()
    },
};

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
    check: |model| {
        if model.token != Token::JwtPlugin {
            return Vec::new();
        }
        let Some(v) = checked(model).find(|v| v.lib == Lib::PyJwt) else { return Vec::new() };
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

fn header_value(v: &Value, names: &[&str]) -> bool {
    let hit = |s: &str| names.iter().any(|n| s.eq_ignore_ascii_case(n));
    match v {
        Value::Call(c) => {
            let r = c.receiver().unwrap_or("").to_ascii_lowercase();
            (r.ends_with("headers")
                || matches!(c.method(), "header" | "get") && (r.ends_with("req") || r.ends_with("request")))
                && c.positional(0).and_then(Value::str).is_some_and(hit)
        }
        Value::Name(n) => {
            let lower = n.to_ascii_lowercase();
            names.iter().any(|h| lower.ends_with(&format!("headers.{}", h.to_ascii_lowercase())))
        }
        Value::Other(t) => names.iter().any(|h| {
            let t = t.to_ascii_lowercase();
            t.contains("headers")
                && (t.contains(&format!("\"{}\"", h.to_ascii_lowercase()))
                    || t.contains(&format!("'{}'", h.to_ascii_lowercase())))
        }),
        _ => false,
    }
}

pub static AUDIENCE_FROM_REQUEST: Rule = Rule {
    id: "audience-from-request",
    severity: Error,
    summary: "the expected issuer or audience is read from the request",
    doc: "Taking the expected `aud`/`iss` from the request's `Origin`, `Referer` or `Host` header lets the caller \
choose what the token must say, so the check checks nothing. Better Auth's issuer and audience are the app's \
origin: read it from configuration (BETTER_AUTH_URL).",
    fix: "compare iss/aud with the app's origin from settings, never with request headers",
    invalid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(request, token, key):\n    origin = request.headers.get(\"origin\")\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=origin, issuer=origin)\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt, os\nORIGIN = os.environ[\"BETTER_AUTH_URL\"]\n\ndef verify(request, token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=ORIGIN, issuer=ORIGIN)\n",
    ],
    check: |model| {
        let from_header = |v: &Value| header_value(v, &["origin", "referer", "host", "x-forwarded-host"]);
        checked(model)
            .filter_map(|v| {
                let file = model.file(v.file);
                let opts = v.call.positional(2);
                let values = [
                    v.call.keyword("audience"),
                    v.call.keyword("issuer"),
                    opts.and_then(|o| o.get("audience")),
                    opts.and_then(|o| o.get("issuer")),
                ];
                values
                    .into_iter()
                    .flatten()
                    .any(|value| derived(&file.module, v.call.function, value, &from_header))
                    .then(|| {
                        Hit::at(
                            &file.path,
                            v.call.line,
                            "the expected audience/issuer comes from a request header the caller controls",
                        )
                    })
            })
            .collect()
    },
};

fn user_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('_', "-");
    let n = n.strip_prefix("x-").unwrap_or(&n);
    matches!(
        n,
        "user-id"
            | "userid"
            | "user"
            | "user-email"
            | "auth-user"
            | "auth-user-id"
            | "authenticated-user"
            | "remote-user"
            | "account-id"
            | "uid"
    )
}

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
