//! `neon-ssl`: a Neon connection string without sslmode=require.

use super::*;
use crate::doctor::fix::{Autofix, Fix, Safety, TextEdit, text_of};

pub static NEON_SSL: Rule = Rule {
    id: "neon-ssl",
    severity: Error,
    summary: "a Neon connection string without sslmode=require",
    doc: "Neon accepts only TLS connections. A `neon.tech` DATABASE_URL without `sslmode=require` fails to connect \
with the `pg` driver, and Better Auth then answers 500 on sign-in.",
    fix: "append ?sslmode=require to the Neon connection string",
    invalid: &["//- web/.env.local\nDATABASE_URL=postgres://u:p@ep-1.eu-central-1.aws.neon.tech/db\n"],
    valid: &["//- web/.env.local\nDATABASE_URL=postgres://u:p@ep-1.eu-central-1.aws.neon.tech/db?sslmode=require\n"],
    autofix: Some(&FIX),
    check: |model: &Model| {
        model
            .project
            .envs
            .iter()
            .flat_map(|e| e.values.iter().map(move |(k, v)| (e, k, v)))
            .filter(|(_, k, v)| k.contains("DATABASE_URL") && v.contains("neon.tech") && !v.contains("sslmode="))
            .map(|(e, k, _)| Hit::at(&e.path, e.line_of(k), format!("{k} points at Neon without sslmode=require")))
            .collect()
    },
};

static FIX: Autofix = Autofix {
    safety: Safety::Safe,
    summary: "appends sslmode=require to the connection string (the rest of the value untouched)",
    build: |model, hit| {
        let file = hit.file.as_deref()?;
        let text = text_of(model, file)?;
        // The value's end on the finding's line, before a closing quote or comment.
        let line_start: usize = text.split_inclusive('\n').take(hit.line.checked_sub(1)?).map(str::len).sum();
        let line = text[line_start..].lines().next()?;
        let value = line.split_once('=')?.1;
        let value = value.split(" #").next()?.trim_end();
        let unquoted = value.trim_end_matches(['"', '\'']);
        let end = line_start + line.find(value)? + unquoted.len();
        let separator = if unquoted.contains('?') { "&" } else { "?" };
        let edit = TextEdit::new(file, text, end, end, format!("{separator}sslmode=require"));
        Some(Fix { safety: Safety::Safe, edits: vec![edit], rename: None })
    },
};

examples_test!(NEON_SSL);
