//! The browser side: the auth client, how the token is fetched and kept, and
//! the session cookie.

use crate::doctor::Severity::{Error, Warning};
use crate::doctor::model::{Client, Model};
use crate::doctor::project::Side;
use crate::doctor::rules::{Hit, Rule};
use crate::doctor::syntax::Value;

mod cookie_name_literal;
mod cookie_readable;
mod get_token;
mod jwt_client_missing;
mod plugin_client_missing;
mod proxy_forwards_cookie;
mod session_token_as_bearer;
mod token_fixed;
mod token_in_localstorage;

pub use cookie_name_literal::COOKIE_NAME_LITERAL;
pub use cookie_readable::COOKIE_READABLE;
pub use get_token::GET_TOKEN;
pub use jwt_client_missing::JWT_CLIENT_MISSING;
pub use plugin_client_missing::PLUGIN_CLIENT_MISSING;
pub use proxy_forwards_cookie::PROXY_FORWARDS_COOKIE;
pub use session_token_as_bearer::SESSION_TOKEN_AS_BEARER;
pub use token_fixed::TOKEN_FIXED;
pub use token_in_localstorage::TOKEN_IN_LOCALSTORAGE;

pub const RULES: &[&Rule] = &[
    &GET_TOKEN,
    &JWT_CLIENT_MISSING,
    &PLUGIN_CLIENT_MISSING,
    &TOKEN_IN_LOCALSTORAGE,
    &TOKEN_FIXED,
    &SESSION_TOKEN_AS_BEARER,
    &PROXY_FORWARDS_COOKIE,
    &COOKIE_NAME_LITERAL,
    &COOKIE_READABLE,
];

/// The client a call is made on (`authClient.token()` → the authClient).
fn client_of<'m>(model: &'m Model, receiver: &str) -> Option<&'m Client> {
    model.clients.iter().find(|c| c.name.as_deref() == Some(receiver))
}

fn has_jwt_client(client: &Client) -> bool {
    matches!(client.options.get("plugins"), Some(Value::List(p)) if p.iter().filter_map(Value::call).any(|c| c.callee == "jwtClient"))
}

fn mentions_token(v: &Value) -> bool {
    let mut found = false;
    v.walk(&mut |inner| match inner {
        Value::Str(s) | Value::Name(s) | Value::Template(s) => {
            let s = s.to_ascii_lowercase();
            found |= s.contains("token") || s.contains("jwt");
        }
        _ => {}
    });
    found
}

/// A Better Auth cookie's name (`better-auth.session_token`,
/// `better-auth.two_factor`, ...), possibly with `=` after it as
/// `document.cookie` code writes it.
fn better_auth_cookie(text: &str) -> bool {
    let Some(at) = text.find("better-auth.") else { return false };
    let name = text[at + "better-auth.".len()..].trim_end_matches('=');
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}
