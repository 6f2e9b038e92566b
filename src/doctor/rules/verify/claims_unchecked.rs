//! `claims-unchecked`: the verifier turns off the exp, iss or aud check.

use super::*;

pub static CLAIMS_UNCHECKED: Rule = Rule {
    id: "claims-unchecked",
    severity: Warning,
    summary: "the verifier turns off the exp, iss or aud check",
    doc: "`options={\"verify_exp\": False}` accepts expired tokens forever (an error); `verify_aud`/`verify_iss` \
set to False, or jose/jsonwebtoken verifies without `issuer`/`audience`, accept tokens that Better Auth issued for \
another app signed by the same keys (a warning). In Go, jwx's `jwt.Parse*` and golang-jwt's `jwt.Parse*` check `iss` \
and `aud` only when given `jwt.WithIssuer`/`jwt.WithAudience`; `jwt.WithValidate(false)` (jwx) and \
`jwt.WithoutClaimsValidation()` (golang-jwt) skip `exp` too (an error). Better Auth sets `iss` and `aud` to the \
app's origin: check both.",
    fix: "pass issuer= and audience= (the app's origin) and leave verify_exp on",
    invalid: &[
        // python-jose checks iss only when issuer= is given (checked with python-jose 3.5.0).
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt({ jwks: { keyPairConfig: { alg: \"ES256\" } } })] });\n//- api/auth.py\nfrom jose import jwt\n\ndef verify(token, jwks):\n    return jwt.decode(token, jwks, algorithms=[\"ES256\"], audience=APP)\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(\n        token, key, algorithms=[\"EdDSA\"],\n        # issuer and audience are checked by the gateway\n        options={\"verify_aud\": False, \"verify_iss\": False},\n    )\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- server/auth.ts\nimport { jwtVerify } from \"jose\";\nexport async function verify(token: string, keys: any) {\n  return jwtVerify(token, keys, { algorithms: [\"EdDSA\"] });\n}\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/lestrrat-go/jwx/v2/jwk\"\n\t\"github.com/lestrrat-go/jwx/v2/jwt\"\n)\n\nfunc CurrentUser(r *http.Request, set jwk.Set) (string, error) {\n\ttok, err := jwt.ParseRequest(r, jwt.WithKeySet(set))\n\tif err != nil {\n\t\treturn \"\", err\n\t}\n\treturn tok.Subject(), nil\n}\n",
        "//- api/auth.go\npackage api\n\nimport \"github.com/golang-jwt/jwt/v5\"\n\nvar parser = jwt.NewParser(jwt.WithoutClaimsValidation())\n\nfunc Verify(s string, keys jwt.Keyfunc) (*jwt.Token, error) {\n\treturn parser.Parse(s, keys)\n}\n",
    ],
    valid: &[
        "//- api/auth.py\nimport jwt\n\ndef verify(token, key):\n    return jwt.decode(token, key, algorithms=[\"EdDSA\"], audience=\"http://a\", issuer=\"http://a\")\n",
        "//- server/auth.ts\nimport { jwtVerify } from \"jose\";\nexport async function verify(token: string, keys: any) {\n  return jwtVerify(token, keys, { issuer: ORIGIN, audience: ORIGIN });\n}\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/lestrrat-go/jwx/v3/jwk\"\n\t\"github.com/lestrrat-go/jwx/v3/jwt\"\n)\n\nconst origin = \"https://app.example.com\"\n\nfunc CurrentUser(r *http.Request, set jwk.Set) (jwt.Token, error) {\n\topts := []jwt.ParseOption{jwt.WithKeySet(set), jwt.WithIssuer(origin), jwt.WithAudience(origin)}\n\treturn jwt.ParseRequest(r, opts...)\n}\n",
        "//- web/lib/auth.ts\nexport const auth = betterAuth({ plugins: [jwt()] });\n//- api/auth.go\npackage api\n\nimport \"github.com/golang-jwt/jwt/v5\"\n\nfunc Verify(s string, keys jwt.Keyfunc, origin string) (*jwt.Token, error) {\n\tp := jwt.NewParser(jwt.WithIssuer(origin), jwt.WithAudience(origin), jwt.WithValidMethods([]string{\"EdDSA\"}))\n\treturn p.ParseWithClaims(s, &jwt.RegisteredClaims{}, keys)\n}\n",
    ],
    autofix: None,
    check: |model| {
        let mut hits = Vec::new();
        for v in checked(model) {
            let path = &model.file(v.file).path;
            let ours = model.token_of(v) == Token::JwtPlugin;
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
                        && matches!(v.lib, Lib::PyJwt | Lib::PythonJose)
                        && v.call.keyword("issuer").is_none()
                        && !v.call.arg(1, "key").is_some_and(|k| secret_like(model, v.file, k))
                        && options.and_then(|o| o.get("verify_iss")).is_none()
                    {
                        hits.push(Hit::at(
                            path,
                            v.call.line,
                            "jwt.decode() checks no issuer: pass issuer= (the app's origin)",
                        ));
                    }
                }
                Lib::Jwx | Lib::GolangJwt => hits.extend(go_claims(model, v, ours)),
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

/// Go: validation switched off (jwx `WithValidate(false)`, golang-jwt
/// `WithoutClaimsValidation()`) at the option's line; no `WithIssuer` /
/// `WithAudience` option for the jwt plugin's tokens at the verify call.
fn go_claims(model: &Model, v: &Verifier, ours: bool) -> Vec<Hit> {
    let path = &model.file(v.file).path;
    let options = model.go_options(v);
    let has = |names: &[&str]| options.iter().any(|c| names.contains(&c.method()));
    let mut hits: Vec<Hit> = options
        .iter()
        .filter(|c| {
            (c.method() == "WithValidate" && c.positional(0) == Some(&Value::Bool(false)))
                || c.method() == "WithoutClaimsValidation"
        })
        .map(|c| {
            Hit::at(path, c.line, format!("{}: the token's exp, iss and aud are not checked", c.callee)).severity(Error)
        })
        .collect();
    if ours && hits.is_empty() {
        for (claim, names) in [("issuer", &["WithIssuer"][..]), ("audience", &["WithAudience", "WithAllAudiences"][..])]
        {
            if !has(names) {
                hits.push(Hit::at(
                    path,
                    v.call.line,
                    format!("the token's {claim} is not checked (no jwt.{}(...))", names[0]),
                ));
            }
        }
    }
    hits
}

examples_test!(CLAIMS_UNCHECKED);
