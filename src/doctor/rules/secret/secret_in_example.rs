//! `secret-in-example`: a committed env example carries a real-looking secret.

use super::*;

pub static SECRET_IN_EXAMPLE: Rule = Rule {
    id: "secret-in-example",
    severity: Warning,
    summary: "a committed env example carries a real-looking BETTER_AUTH_SECRET",
    doc: "`.env.example` is copied to make `.env` on every machine and often into a deploy. A random-looking \
value there (rather than an empty one or a placeholder) is a secret everybody with the repository knows: any \
deployment that kept it signs sessions and encrypts the jwt plugin's keys with a public value, so anyone can \
forge a session cookie. Leave the value empty and say how to make one.",
    fix: "leave BETTER_AUTH_SECRET= empty in the example (openssl rand -base64 32 makes one), and rotate any deploy that used it",
    invalid: &[
        "//- web/.env.example\nBETTER_AUTH_SECRET=Zq8vN3k1Lr7TmX2pQw9sYd4Fh6Jb0Gc5\nBETTER_AUTH_URL=http://localhost:3000\n",
        "//- server/.env.sample\nAUTH_SECRET=\"4f9a0c2e7b1d8e3f6a5c9b0d2e4f7a1c\"\n",
    ],
    valid: &[
        "//- web/.env.example\nBETTER_AUTH_SECRET=\nBETTER_AUTH_URL=http://localhost:3000\n",
        "//- web/.env.example\nBETTER_AUTH_SECRET=change-me-to-32-random-characters\n",
        "//- web/.env.example\nBETTER_AUTH_SECRET=your_secret_here_at_least_32_chars\n",
        // A real env file is the other rules' business (env-not-ignored).
        "//- web/.env.local\nBETTER_AUTH_SECRET=Zq8vN3k1Lr7TmX2pQw9sYd4Fh6Jb0Gc5\n",
    ],
    autofix: None,
    check: |model| {
        model
            .project
            .envs
            .iter()
            .filter(|e| e.example)
            .flat_map(|e| SECRET_KEYS.iter().filter_map(move |k| e.values.get(*k).map(|v| (e, *k, v))))
            .filter(|(_, _, v)| random_looking(v))
            .map(|(e, key, _)| {
                Hit::at(&e.path, e.line_of(key), format!("{key} in a committed example has a real-looking value"))
            })
            .collect()
    },
};

/// 24+ characters of letters and digits (base64 or hex), no words of a placeholder.
fn random_looking(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'']);
    let charset = v.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b));
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    let letters = v.bytes().filter(u8::is_ascii_alphabetic).count();
    let wordy = v.split(['-', '_']).any(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase()));
    v.len() >= 24 && charset && digits >= 3 && letters >= 3 && !wordy && real_value(v)
}

examples_test!(SECRET_IN_EXAMPLE);
