//! Go verifiers: lestrrat-go/jwx (v2, v3) and golang-jwt (v4, v5, with
//! MicahParks/keyfunc for the JWKS), read from the reduced module. Options
//! are calls (`jwt.WithIssuer(...)`), so a verifier's checks are the option
//! calls it is given, directly, through a slice variable, or through the
//! `jwt.NewParser(...)` it is a method of. What each function does was read
//! in the modules' sources (docs/facts/go-verifiers.md).

use super::{Lib, Model, Verifier};
use crate::doctor::project::File;
use crate::doctor::syntax::{Call, Lang, Module, Value};

fn jwx_package(path: &str, package: &str) -> bool {
    path.starts_with("github.com/lestrrat-go/jwx") && path.rsplit('/').next() == Some(package)
}

fn golang_jwt(path: &str) -> bool {
    path == "github.com/golang-jwt/jwt"
        || path.starts_with("github.com/golang-jwt/jwt/v")
        || path == "github.com/dgrijalva/jwt-go"
        || path.starts_with("github.com/form3tech-oss/jwt-go")
}

fn keyfunc(path: &str) -> bool {
    path.starts_with("github.com/MicahParks/keyfunc")
}

/// The local name of the package imported from a path that `wanted` accepts.
fn local<'m>(m: &'m Module, wanted: &dyn Fn(&str) -> bool) -> Option<&'m str> {
    m.imports.iter().filter(|i| wanted(&i.module)).flat_map(|i| &i.names).map(|(_, l)| l.as_str()).next()
}

fn jwx_jwt(m: &Module) -> Option<&str> {
    local(m, &|p| jwx_package(p, "jwt"))
}

/// jwx's parse functions: each verifies and validates unless told not to.
const JWX_PARSE: &[&str] =
    &["Parse", "ParseString", "ParseRequest", "ParseHeader", "ParseForm", "ParseCookie", "ParseReader"];

/// Whether `call` is a golang-jwt `Parser` method: `jwt.NewParser(...).Parse`,
/// or a variable bound to `jwt.NewParser(...)`.
fn parser_method(m: &Module, call: &Call, jwt: &str) -> bool {
    let new_parser = format!("{jwt}.NewParser");
    let Some(receiver) = call.receiver() else { return false };
    receiver == format!("{new_parser}()")
        || m.bindings.iter().any(|b| b.name == receiver && b.value.call().is_some_and(|c| c.callee == new_parser))
}

/// A JWT verify or decode call of a Go library: (library, unverified).
pub(super) fn verifier(m: &Module, call: &Call) -> Option<(Lib, bool)> {
    let receiver = call.receiver()?;
    let method = call.method();
    if let Some(jwt) = jwx_jwt(m) {
        let off = |name: &str| call.args.iter().any(|a| is_option(&a.value, jwt, name, Some(false)));
        if receiver == jwt && JWX_PARSE.contains(&method) {
            return Some((Lib::Jwx, off("WithVerify")));
        }
        if receiver == jwt && method == "ParseInsecure" {
            return Some((Lib::Jwx, true));
        }
    }
    let jwt = local(m, &golang_jwt)?;
    let parse = matches!(method, "Parse" | "ParseWithClaims");
    if receiver == jwt && parse {
        return Some((Lib::GolangJwt, false));
    }
    if parser_method(m, call, jwt) && (parse || method == "ParseUnverified") {
        return Some((Lib::GolangJwt, method == "ParseUnverified"));
    }
    None
}

/// `jwt.WithVerify(false)`: a call of the option `name` of package `jwt`,
/// with `arg` as its first argument when given.
fn is_option(v: &Value, jwt: &str, name: &str, arg: Option<bool>) -> bool {
    v.call().is_some_and(|c| {
        c.receiver() == Some(jwt) && c.method() == name && arg.is_none_or(|a| c.positional(0) == Some(&Value::Bool(a)))
    })
}

/// The option calls of package `jwt` inside `value`, following names bound in
/// `function` (or at package level): `opts...` finds `opts := []jwt.ParseOption{...}`.
fn option_calls(m: &Module, function: Option<usize>, value: &Value, jwt: &str, out: &mut Vec<Call>) {
    let mut names: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let collect = |v: &Value, names: &mut Vec<String>, out: &mut Vec<Call>| {
        v.walk(&mut |inner| match inner {
            Value::Call(c) if c.receiver() == Some(jwt) && c.method().starts_with("With") => out.push((**c).clone()),
            Value::Name(n) if !n.contains('.') => names.push(n.clone()),
            _ => {}
        })
    };
    collect(value, &mut names, out);
    while let Some(name) = names.pop() {
        if seen.contains(&name) || seen.len() > 20 {
            continue;
        }
        seen.push(name.clone());
        for b in m.bindings.iter().filter(|b| b.name == name && (b.function == function || b.function.is_none())) {
            collect(&b.value, &mut names, out);
        }
    }
}

/// The value a function hands back first (its key, for a keyfunc).
fn returned(m: &Module, function: usize) -> Option<Value> {
    m.bindings
        .iter()
        .filter(|b| b.function == Some(function) && b.name == "return" && b.value != Value::Null)
        .map(|b| b.value.clone())
        .next()
}

impl Model<'_> {
    fn go_jwt<'m>(&self, file: &'m File, lib: Lib) -> Option<&'m str> {
        match lib {
            Lib::Jwx => jwx_jwt(&file.module),
            _ => local(&file.module, &golang_jwt),
        }
    }

    /// Every option call a Go verifier is given: its own arguments, a
    /// `jwt.NewParser(...)` it is a method of, and a `jwt.Validate(tok, ...)`
    /// in the same function.
    pub fn go_options(&self, v: &Verifier) -> Vec<Call> {
        let file = self.file(v.file);
        let m = &file.module;
        let Some(jwt) = self.go_jwt(file, v.lib) else { return Vec::new() };
        let mut out = Vec::new();
        for a in &v.call.args {
            option_calls(m, v.call.function, &a.value, jwt, &mut out);
        }
        let new_parser = format!("{jwt}.NewParser");
        let receiver = v.call.receiver().unwrap_or_default();
        let parsers = m.calls.iter().filter(|c| {
            c.callee == new_parser
                && ((c.start >= v.call.start && c.end <= v.call.end)
                    || m.bindings
                        .iter()
                        .any(|b| b.name == receiver && b.value.call().is_some_and(|x| x.start == c.start)))
        });
        let validate = format!("{jwt}.Validate");
        let validates = m.calls.iter().filter(|c| c.callee == validate && c.function == v.call.function);
        for c in parsers.chain(validates) {
            for a in &c.args {
                option_calls(m, c.function, &a.value, jwt, &mut out);
            }
        }
        out
    }

    /// The key a Go verifier checks signatures with: jwx's `WithKey(alg, key)`
    /// or `WithKeySet(set)`, golang-jwt's keyfunc (what a function literal or
    /// a named function of the file returns).
    pub(super) fn go_key(&self, v: &Verifier) -> Option<Value> {
        let options = self.go_options(v);
        if v.lib == Lib::Jwx {
            let key = options.iter().find(|c| c.method() == "WithKey").and_then(|c| c.positional(1));
            let set = options.iter().find(|c| c.method() == "WithKeySet").and_then(|c| c.positional(0));
            return key.or(set).cloned();
        }
        let m = &self.file(v.file).module;
        let index = if v.call.method() == "ParseWithClaims" { 2 } else { 1 };
        match v.call.positional(index)? {
            Value::Function => {
                let inside = |f: &&crate::doctor::syntax::Function| f.start >= v.call.start && f.end <= v.call.end;
                let function = m.functions.iter().position(|f| inside(&f))?;
                returned(m, function)
            }
            Value::Name(n) => match m.functions.iter().position(|f| f.name == *n) {
                Some(function) => returned(m, function),
                None => Some(Value::Name(n.clone())),
            },
            other => Some(other.clone()),
        }
    }

    /// Whether a Go verifier's key is a JWKS: jwx's `WithKeySet` or
    /// `WithVerifyAuto`, golang-jwt given keyfunc's `k.Keyfunc`.
    pub(super) fn go_key_is_jwks(&self, v: &Verifier) -> bool {
        let options = self.go_options(v);
        let set = options.iter().any(|c| matches!(c.method(), "WithKeySet" | "WithVerifyAuto"));
        let index = if v.call.method() == "ParseWithClaims" { 2 } else { 1 };
        let keyfunc = match v.call.positional(index) {
            Some(Value::Name(n)) => n.ends_with(".Keyfunc"),
            Some(Value::Call(c)) => c.method() == "KeyfuncCtx",
            _ => false,
        };
        (v.lib == Lib::Jwx && set) || (v.lib == Lib::GolangJwt && keyfunc)
    }

    /// The algorithms a Go verifier accepts: golang-jwt's `WithValidMethods`,
    /// jwx's `WithKey(jwa.X, key)`.
    pub fn go_algs(&self, v: &Verifier) -> Option<Vec<String>> {
        let options = self.go_options(v);
        if let Some(methods) = options.iter().find(|c| c.method() == "WithValidMethods") {
            return self.resolve(v.file, methods.positional(0)?).items();
        }
        let alg = options.iter().find(|c| c.method() == "WithKey")?.positional(0)?;
        let jwa = local(&self.file(v.file).module, &|p| jwx_package(p, "jwa")).unwrap_or("jwa");
        match alg {
            Value::Name(n) => n.strip_prefix(&format!("{jwa}.")).map(|a| vec![a.to_string()]),
            Value::Call(c) if c.receiver() == Some(jwa) && c.args.is_empty() => Some(vec![c.method().to_string()]),
            other => self.resolve(v.file, other).items(),
        }
    }

    /// Whether a Go file gets its keys from a JWKS (jwx's `jwk` fetches and
    /// caches, keyfunc, or a key set option).
    pub(super) fn go_uses_jwks(&self, file: &File) -> bool {
        let m = &file.module;
        let jwk = local(m, &|p| jwx_package(p, "jwk"));
        let kf = local(m, &keyfunc);
        m.calls.iter().any(|c| {
            let receiver = c.receiver();
            (receiver.is_some() && (receiver == jwk || receiver == kf))
                || matches!(c.method(), "WithKeySet" | "WithVerifyAuto")
        })
    }

    /// Where Go code fetches the JWKS: (call, URL value). jwx's `jwk.Fetch`,
    /// `jwk.NewCachedSet`, a `jwk.NewCache` cache's `Register`/`Get`/`Lookup`,
    /// keyfunc's `NewDefault*`/`Get`; every argument that is not the context.
    pub(super) fn go_jwks_fetches<'f>(&self, file: &'f File) -> Vec<(&'f Call, Value)> {
        if file.lang != Lang::Go {
            return Vec::new();
        }
        let m = &file.module;
        let jwk = local(m, &|p| jwx_package(p, "jwk"));
        let kf = local(m, &keyfunc);
        let new_cache = jwk.map(|j| format!("{j}.NewCache"));
        let cache = |name: &str| {
            m.bindings
                .iter()
                .any(|b| b.name == name && b.value.call().is_some_and(|c| Some(&c.callee) == new_cache.as_ref()))
        };
        let mut out = Vec::new();
        for c in &m.calls {
            let receiver = c.receiver();
            let method = c.method();
            let fetch = (receiver.is_some() && receiver == jwk && matches!(method, "Fetch" | "NewCachedSet"))
                || (receiver.is_some()
                    && receiver == kf
                    && matches!(method, "NewDefault" | "NewDefaultCtx" | "NewDefaultOverrideCtx" | "Get"))
                || (receiver.is_some_and(cache) && matches!(method, "Register" | "Get" | "Lookup" | "CachedSet"));
            if !fetch {
                continue;
            }
            for a in c.args.iter().filter(|a| !matches!(&a.value, Value::Name(n) if n == "ctx")) {
                let value = local_value(m, c, &a.value);
                match value {
                    Value::List(items) => out.extend(items.into_iter().map(|i| (c, local_value(m, c, &i)))),
                    value => out.push((c, value)),
                }
            }
        }
        out
    }
}

/// A name bound in the call's function before it (`url := os.Getenv(...)`),
/// replaced by its value; in a template (`{origin}/api/auth/jwks`) such names
/// become what they hold when that is a string or an env read.
fn local_value(m: &Module, call: &Call, value: &Value) -> Value {
    let bound = |name: &str| {
        m.bindings
            .iter()
            .rev()
            .find(|b| b.name == name && b.function.is_some() && b.function == call.function && b.line <= call.line)
            .map(|b| &b.value)
    };
    match value {
        Value::Name(name) => bound(name).cloned().unwrap_or_else(|| value.clone()),
        Value::Template(text) => {
            let mut out = text.clone();
            for part in text.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|(n, _)| n) {
                let inner = match bound(part) {
                    Some(Value::Str(s)) => s.clone(),
                    Some(Value::Env { key, default: None }) => format!("{{env.{key}}}"),
                    _ => continue,
                };
                out = out.replace(&format!("{{{part}}}"), &inner);
            }
            Value::Template(out)
        }
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::doctor::rules::{example_messages, find};

    /// Each rule's Go examples (and the Python constant that shares the
    /// hard-coded JWKS URL check), by the finding's place and message: the
    /// verifier is what the rule reports, at the line a person must change.
    #[test]
    fn go_examples_are_reported_where_the_mistake_is() {
        let expected = [
            ("claims-unchecked", "api/auth.go:11 the token's issuer is not checked (no jwt.WithIssuer(...))"),
            (
                "claims-unchecked",
                "api/auth.go:5 jwt.WithoutClaimsValidation: the token's exp, iss and aud are not checked",
            ),
            (
                "jwks-url",
                "api/keys.go:10 the keys are fetched from /api/auth/.well-known/jwks.json; Better Auth serves them at /api/auth/jwks",
            ),
            (
                "jwks-url",
                "api/keys.go:12 the keys are fetched from /.well-known/jwks.json; Better Auth serves them at /api/auth/jwks",
            ),
            (
                "localhost-hardcoded",
                "api/keys.go:9 the JWKS URL is a localhost literal: in production every token is refused",
            ),
            ("localhost-default", "api/config.go:12 JWKS_URL defaults to localhost and no env example names it"),
            ("decode-unverified", "api/auth.go:7 UserID() trusts a token decoded without checking its signature"),
            ("decode-unverified", "api/auth.go:6 CurrentUser() trusts a token decoded without checking its signature"),
            ("alg-mismatch", "api/auth.go:9 the backend allows RS256 but the jwt plugin signs with EdDSA"),
            (
                "backend-uses-secret",
                "api/auth.go:10 the backend verifies with BETTER_AUTH_SECRET; jwt-plugin tokens are signed with the key pair in the jwks table",
            ),
            (
                "backend-uses-secret",
                "api/auth.go:13 the backend verifies with BETTER_AUTH_SECRET; jwt-plugin tokens are signed with the key pair in the jwks table",
            ),
            (
                "shared-secret-scheme",
                "api/auth.go:10 the backend verifies tokens signed with BETTER_AUTH_SECRET, the secret that signs every session",
            ),
            (
                "issuer-audience-mismatch",
                "api/auth.go:13 the backend expects issuer \"https://api.example.com\"; Better Auth's tokens say \"https://app.example.com\"",
            ),
        ];
        let mut ids: Vec<&str> = expected.iter().map(|(id, _)| *id).collect();
        ids.dedup();
        let mut got = Vec::new();
        for id in ids {
            let rule = find(id).unwrap();
            for example in rule.invalid.iter() {
                got.extend(example_messages(rule, example).into_iter().map(|m| (id, m)));
            }
        }
        for (id, message) in expected {
            assert!(got.iter().any(|(i, m)| *i == id && m == message), "{id}: {message}\nnot in {got:#?}");
        }
    }
}
