//! What authgen knows about the account flows, in one place: each email
//! transport (its packages and env keys) and each social sign-in provider
//! (its env keys, callback path and where its OAuth app is created). Adding
//! a provider is one entry in `PROVIDERS` and one variant of `cli::Social`;
//! the config, the buttons, the env files and the docs follow from the table.

use serde::Serialize;

use crate::cli::{EmailTransport, Social};
use crate::envfile::EnvEntry;

/// A social sign-in provider built into Better Auth.
#[derive(Debug, Serialize)]
pub struct Provider {
    #[serde(skip)]
    pub social: Social,
    /// Better Auth's provider id, also the last part of the callback path.
    pub id: &'static str,
    /// The name on the button: "Continue with {label}".
    pub label: &'static str,
    /// `{env}_CLIENT_ID` and `{env}_CLIENT_SECRET`.
    pub env: &'static str,
    /// Where its OAuth app is created.
    pub console: &'static str,
    /// What to choose there, in a sentence.
    pub steps: &'static str,
    /// The comment above `{env}_CLIENT_ID` in the env files.
    #[serde(skip)]
    pub env_comment: &'static str,
}

pub const PROVIDERS: &[Provider] = &[
    Provider {
        social: Social::Github,
        id: "github",
        label: "GitHub",
        env: "GITHUB",
        console: "https://github.com/settings/developers",
        steps: "New OAuth App; Homepage URL: the app's URL; Authorization callback URL: the URL below. Then generate a client secret.",
        env_comment: "GitHub sign-in is on once this is set (OAuth app: docs/auth/SETUP.md).",
    },
    Provider {
        social: Social::Google,
        id: "google",
        label: "Google",
        env: "GOOGLE",
        console: "https://console.cloud.google.com/apis/credentials",
        steps: "Create credentials > OAuth client ID > Web application; Authorized redirect URIs: the URL below (configure the consent screen first if asked).",
        env_comment: "Google sign-in is on once this is set (OAuth client: docs/auth/SETUP.md).",
    },
];

pub fn provider(social: Social) -> &'static Provider {
    PROVIDERS.iter().find(|p| p.social == social).expect("every provider has an entry")
}

/// An email transport: how the summary names it, the npm packages the
/// generated `lib/email` imports (and their types, for TypeScript), and the
/// env keys that turn it on.
pub struct Transport {
    pub label: &'static str,
    pub packages: &'static [&'static str],
    pub type_packages: &'static [&'static str],
    pub keys: Option<&'static str>,
}

pub fn transport(transport: EmailTransport) -> Transport {
    match transport {
        EmailTransport::Console => Transport {
            label: "printed in the server log (development only)",
            packages: &[],
            type_packages: &[],
            keys: None,
        },
        // nodemailer ships no types of its own.
        EmailTransport::Smtp => Transport {
            label: "SMTP with nodemailer (SMTP_URL)",
            packages: &["nodemailer"],
            type_packages: &["@types/nodemailer"],
            keys: Some("SMTP_URL and EMAIL_FROM"),
        },
        EmailTransport::Resend => Transport {
            label: "Resend (RESEND_API_KEY)",
            packages: &["resend"],
            type_packages: &[],
            keys: Some("RESEND_API_KEY and EMAIL_FROM"),
        },
    }
}

/// The env keys of the chosen transport, the providers and the trusted
/// origins, for the app's env files. Secrets start empty: only the user has them.
pub fn env_entries(transport: EmailTransport, social: &[Social]) -> Vec<EnvEntry> {
    let mut entries = Vec::new();
    let mut add = |key: String, value: &str, secret: bool, comment: &'static str| {
        entries.push(EnvEntry { key, value: value.to_string(), secret, comment: comment.into() });
    };
    match transport {
        EmailTransport::Console => {}
        EmailTransport::Smtp => {
            add(
                "SMTP_URL".into(),
                "",
                true,
                "Sends the auth emails, e.g. smtps://user:password@smtp.example.com:465.\nEmpty in development: emails are then printed in the server log.",
            );
            add(
                "EMAIL_FROM".into(),
                "no-reply@example.com",
                false,
                "Sender of the auth emails: an address your SMTP server may send from.",
            );
        }
        EmailTransport::Resend => {
            add(
                "RESEND_API_KEY".into(),
                "",
                true,
                "Resend API key (resend.com/api-keys). Empty in development: emails are\nthen printed in the server log.",
            );
            add(
                "EMAIL_FROM".into(),
                "onboarding@resend.dev",
                false,
                "Sender of the auth emails: a domain verified in Resend (onboarding@resend.dev\nonly reaches your own address).",
            );
        }
    }
    for social in social {
        let p = provider(*social);
        add(format!("{}_CLIENT_ID", p.env), "", false, p.env_comment);
        add(format!("{}_CLIENT_SECRET", p.env), "", true, "The client secret of the same OAuth app.");
    }
    add(
        "BETTER_AUTH_TRUSTED_ORIGINS".into(),
        "",
        false,
        "Other origins allowed to call the auth endpoints, comma-separated (e.g. a\npreview deployment). The app's own origin is always allowed.",
    );
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_one_entry_with_its_own_env_prefix() {
        for social in [Social::Github, Social::Google] {
            let p = provider(social);
            assert_eq!(p.env, p.id.to_uppercase());
            assert!(p.console.starts_with("https://"));
        }
        let ids: std::collections::BTreeSet<_> = PROVIDERS.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), PROVIDERS.len());
    }

    #[test]
    fn secrets_start_empty_and_each_provider_gets_both_keys() {
        let entries = env_entries(EmailTransport::Smtp, &[Social::Github, Social::Google]);
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        for key in ["SMTP_URL", "EMAIL_FROM", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "GOOGLE_CLIENT_SECRET"] {
            assert!(keys.contains(&key), "{key} missing from {keys:?}");
        }
        assert!(entries.iter().filter(|e| e.secret).all(|e| e.value.is_empty()));
        let console = env_entries(EmailTransport::Console, &[]);
        assert_eq!(console.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["BETTER_AUTH_TRUSTED_ORIGINS"]);
    }
}
