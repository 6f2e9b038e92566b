//! `origin-scheme-mismatch`: one URL is http in one env file and https in another.

use super::*;

pub static ORIGIN_SCHEME_MISMATCH: Rule = Rule {
    id: "origin-scheme-mismatch",
    severity: Error,
    summary: "an app or auth URL is http:// where the same host is served over https://",
    doc: "An origin is scheme, host and port: `http://app.example.com` and `https://app.example.com` are two \
origins to Better Auth, so a BETTER_AUTH_URL or app URL written with http:// for a host served over https makes \
every browser POST fail with 403 INVALID_ORIGIN, and an http `baseURL` option also sets the session cookie \
without `Secure` and without the `__Secure-` prefix. Found when the same key names the same public host with http in one \
env file and https in another, or when a production env file gives an auth or app URL with http:// for a public \
host.",
    fix: "write the URL with https:// in every env file that names a public host",
    invalid: &[
        "//- web/.env.production\nBETTER_AUTH_URL=http://app.example.com\n//- web/.env.example\nBETTER_AUTH_URL=https://app.example.com\n",
        "//- web/.env.production\nNEXT_PUBLIC_APP_URL=http://www.example.com\n",
        "//- server/.env.production\nBETTER_AUTH_TRUSTED_ORIGINS=https://app.example.com,http://admin.example.com\n//- server/.env.example\nBETTER_AUTH_TRUSTED_ORIGINS=https://admin.example.com\n",
    ],
    valid: &[
        "//- web/.env.local\nBETTER_AUTH_URL=http://localhost:3000\n//- web/.env.production\nBETTER_AUTH_URL=https://app.example.com\n",
        "//- web/.env.production\nNEXT_PUBLIC_APP_URL=https://www.example.com\nBETTER_AUTH_URL=https://www.example.com\n",
        // A private address on the internal network, not a browser's origin.
        "//- api/.env.production\nDATABASE_URL=postgres://db:5432/app\nAUTH_JWKS_URL=http://web:3000/api/auth/jwks\n",
    ],
    autofix: None,
    check: |model| {
        let urls: Vec<(&EnvFile, &str, String)> = live_envs(model)
            .flat_map(|e| e.values.iter().map(move |(k, v)| (e, k.as_str(), v.as_str())))
            .filter(|(_, k, _)| origin_key(k))
            .flat_map(|(e, k, v)| v.split(',').filter_map(origin).map(move |o| (e, k, o)))
            .filter(|(_, _, o)| public_host(o))
            .collect();
        let mut hits = Vec::new();
        for (env, key, o) in urls.iter().filter(|(_, _, o)| o.starts_with("http://")) {
            let secure = format!("https://{}", &o["http://".len()..]);
            let other = urls.iter().find(|(_, k, other)| k == key && *other == secure);
            let production = stage_of(env) == Some(Stage::Production);
            let message = match other {
                Some((other_env, ..)) => format!("{key} is {o} here and {secure} in {}", other_env.path),
                None if production => format!("{key} is {o} in a production env file; browsers will be on {secure}"),
                None => continue,
            };
            hits.push(Hit::at(&env.path, env.line_of(key), message));
        }
        hits
    },
};

/// Keys whose value is an origin a browser is on or Better Auth answers at.
fn origin_key(key: &str) -> bool {
    frontend_key(key) || BASE_URL_KEYS.contains(&key) || key == "BETTER_AUTH_TRUSTED_ORIGINS"
}

/// A host on the public internet: a registrable domain, not localhost, an
/// address or a container name.
fn public_host(origin: &str) -> bool {
    let host = host_of(origin);
    !loopback(origin)
        && host.parse::<std::net::Ipv4Addr>().is_err()
        && psl::domain(host.as_bytes()).is_some_and(|d| d.suffix().is_known())
}

examples_test!(ORIGIN_SCHEME_MISMATCH);
