//! `--live` for origins: from each origin the project declares (app URLs in
//! its env files and examples, the config's literal `trustedOrigins`,
//! `VERCEL_PROJECT_PRODUCTION_URL`), send the running app the request shape
//! Better Auth checks origins on (a POST with a cookie, verified in
//! better-auth 1.7.29's `validateOrigin`: only requests that carry a cookie,
//! or first-login form posts, are checked) and report each one it refuses
//! with 403 `INVALID_ORIGIN`, with the exact entry to add.

use super::super::{Finding, Severity};

/// Env keys that hold where the app (not its database, API or mail server) is served.
pub fn app_url_key(key: &str) -> bool {
    let key = key.to_ascii_uppercase();
    let shaped = key.ends_with("_URL")
        || key.ends_with("ORIGIN")
        || key.ends_with("ORIGINS")
        || key == "VERCEL_PROJECT_PRODUCTION_URL";
    let other = [
        "DATABASE", "DB_", "REDIS", "JWKS", "API", "BACKEND", "SMTP", "MAIL", "WEBHOOK", "S3", "STORAGE", "POSTGRES",
        "MONGO", "SUPABASE", "UPSTASH", "SENTRY", "KV_", "BLOB", "CALLBACK", "ISSUER", "CDN", "IMAGE",
    ];
    shaped && !other.iter().any(|o| key.contains(o))
}

/// The origins a value declares: a URL, a comma-separated list of them, or
/// (for Vercel's production URL) a bare host.
pub fn origins_of(key: &str, value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty() && !v.contains('*'))
        .filter_map(|v| {
            if key.eq_ignore_ascii_case("VERCEL_PROJECT_PRODUCTION_URL") && !v.contains("://") {
                super::super::model::origin(&format!("https://{v}"))
            } else {
                super::super::model::origin(v)
            }
        })
        .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
        .collect()
}

/// Probes each (origin, where it is declared) against Better Auth at `auth_url`
/// (the app's origin and base path) and reports the refused ones.
pub fn probe(auth_url: &str, origins: &[(String, String)], config: Option<&str>) -> Vec<Finding> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(3)))
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/sign-out", auth_url.trim_end_matches('/'));
    let mut out = Vec::new();
    for (origin, source) in origins {
        let answer = agent
            .post(&url)
            .header("Origin", origin)
            .header("Cookie", "authgen-origin-probe=1")
            .header("Content-Type", "application/json")
            .send("{}");
        let mut response = match answer {
            Ok(response) => response,
            Err(e) => {
                out.push(Finding::new(
                    "origin-unchecked",
                    Severity::Warning,
                    None,
                    format!("cannot ask {url} about origins: {e}"),
                    "start the app (its BETTER_AUTH_URL) and rerun with --live",
                ));
                return out;
            }
        };
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        if status == 403 && body.contains("INVALID_ORIGIN") {
            let place = config.map_or("the config".to_string(), |c| format!("betterAuth() in {c}"));
            out.push(Finding::new(
                "origin-refused",
                Severity::Error,
                None,
                format!("the running app refuses requests from {origin} ({source}): 403 INVALID_ORIGIN"),
                &format!(
                    "add \"{origin}\" to trustedOrigins in {place} (or BETTER_AUTH_TRUSTED_ORIGINS={origin} in the app's env), then restart it"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_urls_are_told_from_other_services() {
        for key in [
            "BETTER_AUTH_URL",
            "NEXT_PUBLIC_APP_URL",
            "NEXT_PUBLIC_SITE_URL",
            "FRONTEND_URL",
            "CORS_ORIGINS",
            "TRUSTED_ORIGINS",
        ] {
            assert!(app_url_key(key), "{key}");
        }
        for key in ["DATABASE_URL", "NEXT_PUBLIC_API_URL", "AUTH_JWKS_URL", "SMTP_URL", "REDIS_URL", "BACKEND_URL"] {
            assert!(!app_url_key(key), "{key}");
        }
        assert_eq!(
            origins_of("CORS_ORIGINS", "http://a.test:3000/x, https://*.b.test,https://c.test"),
            ["http://a.test:3000", "https://c.test"]
        );
        assert_eq!(origins_of("VERCEL_PROJECT_PRODUCTION_URL", "app.vercel.app"), ["https://app.vercel.app"]);
    }

    #[test]
    fn a_refused_origin_is_named_with_the_entry_to_add() {
        // A one-shot server that answers as Better Auth does for an untrusted origin.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            use std::io::{Read, Write};
            for _ in 0..2 {
                let (mut stream, _) = listener.accept().unwrap();
                let mut buffer = [0u8; 4096];
                let n = stream.read(&mut buffer).unwrap();
                let request = String::from_utf8_lossy(&buffer[..n]).to_ascii_lowercase();
                let refused = request.contains("origin: http://evil.test");
                let (status, body) =
                    if refused { ("403 Forbidden", "{\"code\":\"INVALID_ORIGIN\"}") } else { ("200 OK", "{}") };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        let origins = vec![
            ("http://evil.test".to_string(), "FRONTEND_URL in .env".to_string()),
            ("http://ok.test".to_string(), "BETTER_AUTH_URL in .env".to_string()),
        ];
        let found = probe(&format!("http://127.0.0.1:{port}/api/auth"), &origins, Some("lib/auth.ts"));
        server.join().unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("http://evil.test (FRONTEND_URL in .env)"), "{found:?}");
        assert!(found[0].fix.contains("add \"http://evil.test\" to trustedOrigins in betterAuth() in lib/auth.ts"));
    }
}
