//! `authgen doctor --live`: asks the JWKS the backend would use and, with a
//! token, says which of alg, kid, signature, iss, aud and exp does not match.

mod origins;

pub use origins::probe as probe_origins;
use origins::{app_url_key, origins_of};

use super::{Finding, Severity};

/// What the backend is set up to expect, as far as the files say.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub jwks_url: Option<String>,
    pub backend_algs: Vec<String>,
    pub expected: Option<String>,
    /// Better Auth's URL (origin and base path) and the origins to probe,
    /// each with where it is declared.
    pub auth_url: Option<String>,
    pub origins: Vec<(String, String)>,
    /// The config's file, for the fix line.
    pub config: Option<String>,
}

/// Every origin the project declares, once, with where.
pub fn declared_origins(model: &super::Model) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |origin: String, source: String| {
        if !out.iter().any(|(o, _)| *o == origin) {
            out.push((origin, source));
        }
    };
    for env in &model.project.envs {
        for (key, value) in env.values.iter().filter(|(k, _)| app_url_key(k)) {
            for origin in origins_of(key, value) {
                add(origin, format!("{key} in {}", env.path));
            }
        }
    }
    for config in &model.configs {
        if let Some(super::syntax::Value::List(items)) = config.options.get("trustedOrigins") {
            for item in items.iter().filter_map(super::syntax::Value::str) {
                for origin in origins_of("trustedOrigins", item) {
                    add(origin, format!("trustedOrigins in {}", model.file(config.file).path));
                }
            }
        }
    }
    out
}

fn b64json(part: &str) -> Option<serde_json::Value> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `--live`: fetches the JWKS the backend would use and, with a token, says
/// which of alg, kid, signature, iss, aud and exp does not match.
pub fn live(s: &Settings, token: Option<&str>) -> Vec<Finding> {
    use Severity::*;
    let mut out = Vec::new();
    let Some(url) = s.jwks_url.clone() else {
        out.push(Finding::new(
            "jwks-url-unknown",
            Error,
            None,
            "cannot tell the JWKS URL: no AUTH_JWKS_URL or BETTER_AUTH_URL in the env files".into(),
            "set BETTER_AUTH_URL in the backend's .env",
        ));
        return out;
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(3)))
        .http_status_as_error(false)
        .build()
        .into();
    let jwks: serde_json::Value = match agent.get(&url).call() {
        Err(e) => {
            out.push(Finding::new(
                "jwks-unreachable",
                Error,
                None,
                format!("cannot fetch the JWKS at {url}: {e}"),
                "start the app, or point AUTH_JWKS_URL at an address the backend can reach",
            ));
            return out;
        }
        Ok(mut response) if response.status() != 200 => {
            out.push(Finding::new(
                "jwks-unreachable",
                Error,
                None,
                format!("the JWKS at {url} answered HTTP {}", response.status().as_u16()),
                "Better Auth serves it at {BETTER_AUTH_URL}/api/auth/jwks with the jwt plugin on",
            ));
            let _ = response.body_mut().read_to_string();
            return out;
        }
        Ok(mut response) => match response
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        {
            Ok(value) => value,
            Err(e) => {
                out.push(Finding::new(
                    "jwks-invalid",
                    Error,
                    None,
                    format!("{url} is not a JWKS: {e}"),
                    "check the URL",
                ));
                return out;
            }
        },
    };
    let keys: Vec<serde_json::Value> = jwks.get("keys").and_then(|k| k.as_array()).cloned().unwrap_or_default();
    let key_algs: Vec<String> = keys.iter().filter_map(|k| k.get("alg")?.as_str().map(str::to_string)).collect();
    out.push(Finding::new(
        "jwks-reachable",
        Info,
        None,
        format!("{url} serves {} key(s): {}", keys.len(), key_algs.join(", ")),
        "nothing to do",
    ));
    let backend_algs = s.backend_algs.clone();
    if !backend_algs.is_empty() && !key_algs.is_empty() && !key_algs.iter().any(|a| backend_algs.contains(a)) {
        out.push(Finding::new(
            "jwks-alg-mismatch",
            Error,
            None,
            format!("the JWKS keys are {} but the backend accepts {}", key_algs.join(", "), backend_algs.join(", ")),
            "make AUTH_JWT_ALGORITHMS match the app's keyPairConfig.alg",
        ));
    }
    let Some(token) = token else { return out };
    let parts: Vec<&str> = token.trim().split('.').collect();
    let (Some(header), Some(claims)) = (parts.first().and_then(|h| b64json(h)), parts.get(1).and_then(|c| b64json(c)))
    else {
        out.push(Finding::new(
            "token-malformed",
            Error,
            None,
            "--token is not a JWT (header.payload.signature)".into(),
            "pass the value of data.token from authClient.token()",
        ));
        return out;
    };
    let mut mismatch =
        |id: &'static str, message: String, fix: &str| out.push(Finding::new(id, Error, None, message, fix));
    let alg = header.get("alg").and_then(|a| a.as_str()).unwrap_or("");
    if !backend_algs.is_empty() && !backend_algs.iter().any(|a| a == alg) {
        mismatch(
            "token-alg",
            format!("the token's alg is {alg}; the backend accepts {}", backend_algs.join(", ")),
            "allow the app's algorithm on the backend",
        );
    }
    let kid = header.get("kid").and_then(|k| k.as_str()).unwrap_or("");
    let key = keys.iter().find(|k| k.get("kid").and_then(|v| v.as_str()) == Some(kid));
    match key {
        None => mismatch(
            "token-kid",
            format!("the token's kid {kid:?} is not in the JWKS"),
            "the token comes from another app or the keys were rotated: get a new token",
        ),
        Some(jwk) => match verify_signature(token, jwk, alg) {
            Ok(true) => {}
            Ok(false) => mismatch(
                "token-signature",
                "the token's signature does not verify with the JWKS key".into(),
                "the token was altered, or signed by another key",
            ),
            Err(reason) => out.push(Finding::new(
                "token-signature-unchecked",
                Info,
                None,
                format!("signature not checked: {reason}"),
                "nothing to do",
            )),
        },
    }
    let mut mismatch =
        |id: &'static str, message: String, fix: &str| out.push(Finding::new(id, Error, None, message, fix));
    let expected = s.expected.clone();
    if let Some(expected) = &expected {
        let iss = claims.get("iss").and_then(|v| v.as_str()).unwrap_or("");
        if iss != expected {
            mismatch(
                "token-iss",
                format!("the token's iss is {iss:?}; the backend expects {expected:?}"),
                "set the same BETTER_AUTH_URL origin on both sides",
            );
        }
        let aud_ok = match claims.get("aud") {
            Some(serde_json::Value::String(a)) => a == expected,
            Some(serde_json::Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(expected)),
            _ => false,
        };
        if !aud_ok {
            mismatch(
                "token-aud",
                format!(
                    "the token's aud is {}; the backend expects {expected:?}",
                    claims.get("aud").map_or("missing".into(), |a| a.to_string())
                ),
                "set the same BETTER_AUTH_URL origin on both sides",
            );
        }
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    match claims.get("exp").and_then(|e| e.as_i64()) {
        Some(exp) if exp < now => mismatch(
            "token-expired",
            format!("the token expired {} s ago", now - exp),
            "get a fresh token (they live 15 minutes)",
        ),
        None => mismatch("token-expired", "the token has no exp".into(), "use a token from /api/auth/token"),
        _ => {}
    }
    out
}

fn verify_signature(token: &str, jwk: &serde_json::Value, alg: &str) -> std::result::Result<bool, String> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::Jwk};
    let algorithm = match alg {
        "EdDSA" => Algorithm::EdDSA,
        "ES256" => Algorithm::ES256,
        "RS256" => Algorithm::RS256,
        "PS256" => Algorithm::PS256,
        other => return Err(format!("{other} signatures are not checked here")),
    };
    let jwk: Jwk = serde_json::from_value(jwk.clone()).map_err(|e| format!("unreadable key: {e}"))?;
    let key = DecodingKey::from_jwk(&jwk).map_err(|e| format!("unreadable key: {e}"))?;
    let mut validation = Validation::new(algorithm);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    match jsonwebtoken::decode::<serde_json::Value>(token, &key, &validation) {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.kind(), jsonwebtoken::errors::ErrorKind::InvalidSignature) => Ok(false),
        Err(e) => Err(e.to_string()),
    }
}
