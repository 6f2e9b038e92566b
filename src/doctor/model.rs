//! The integration as a whole, worked out before any rule runs: where Better
//! Auth lives, which token reaches the backend, how the backend checks it,
//! and what the values in the code resolve to (constants, env files,
//! settings defaults). Rules ask this model; a rule whose architecture is not
//! this one stays silent.

use super::project::{EnvFile, File, Project, Scope, Side, inside};
use super::syntax::{Call, Lang, Value, is_env_key};

mod go;

/// Where `betterAuth()` is served from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// A Next.js route handler serves it.
    Next,
    /// A Node server (Express, Hono, Fastify…) serves it; Next.js is only a client.
    Node,
    /// No config was found.
    Missing,
}

/// What the backend receives and checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// The jwt plugin's JWT, signed with a key pair, checked against the JWKS.
    JwtPlugin,
    /// `session.cookieCache` with `strategy: "jwt"`: HS256 with the secret.
    CookieCache,
    /// The backend mints its own tokens (its own login) and checks those.
    Own,
    /// No separate verification was found.
    None,
}

/// The library a verifier uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lib {
    PyJwt,
    PythonJose,
    Authlib,
    Jose,
    JsonWebToken,
    /// Go: github.com/lestrrat-go/jwx (v2, v3) `jwt.Parse*`.
    Jwx,
    /// Go: github.com/golang-jwt/jwt (v4, v5) `jwt.Parse*` and `Parser` methods.
    GolangJwt,
}

/// A call that decodes or verifies a JWT in code that runs in production.
#[derive(Debug, Clone)]
pub struct Verifier {
    pub file: usize,
    pub call: Call,
    pub lib: Lib,
    /// Decodes without checking the signature.
    pub unverified: bool,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub file: usize,
    pub call: Call,
    /// The options object, followed through a module constant when named.
    pub options: Value,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub file: usize,
    pub call: Call,
    pub options: Value,
    /// The name the client is bound to (`authClient`).
    pub name: Option<String>,
}

/// A resolved value: what it is at run time, as far as files can tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Str(String),
    List(Vec<String>),
    Unknown,
}

impl Resolved {
    /// The strings it stands for (a comma-separated string counts as a list).
    pub fn items(&self) -> Option<Vec<String>> {
        match self {
            Resolved::Str(s) => Some(s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()),
            Resolved::List(items) => Some(items.clone()),
            Resolved::Unknown => None,
        }
    }

    pub fn str(&self) -> Option<&str> {
        match self {
            Resolved::Str(s) => Some(s),
            _ => None,
        }
    }
}

pub struct Model<'p> {
    pub project: &'p Project,
    pub configs: Vec<Config>,
    pub clients: Vec<Client>,
    pub host: Host,
    pub token: Token,
    pub verifiers: Vec<Verifier>,
}

const PLUGIN_MODULES: &[&str] = &["better-auth/plugins", "better-auth/plugins/jwt"];

impl<'p> Model<'p> {
    pub fn build(project: &'p Project) -> Model<'p> {
        let mut model = Model {
            project,
            configs: Vec::new(),
            clients: Vec::new(),
            host: Host::Missing,
            token: Token::None,
            verifiers: Vec::new(),
        };
        for (i, file) in project.files.iter().enumerate() {
            if file.lang != Lang::Js || file.scope != Scope::Code {
                continue;
            }
            for call in &file.module.calls {
                let options =
                    || call.positional(0).map(|o| model_options(file, o)).unwrap_or(Value::Object(Vec::new()));
                if call.callee == "betterAuth" {
                    model.configs.push(Config { file: i, call: call.clone(), options: options() });
                } else if call.callee == "createAuthClient" {
                    let name = file
                        .module
                        .bindings
                        .iter()
                        .find(|b| b.value.call().is_some_and(|c| c.start == call.start))
                        .map(|b| b.name.clone());
                    model.clients.push(Client { file: i, call: call.clone(), options: options(), name });
                }
            }
        }
        model.host = model.find_host();
        model.verifiers = verifiers(project);
        model.token = model.find_token();
        model
    }

    pub fn file(&self, i: usize) -> &'p File {
        &self.project.files[i]
    }

    /// Files whose code runs in production.
    pub fn code(&self) -> impl Iterator<Item = (usize, &'p File)> {
        self.project.files.iter().enumerate().filter(|(_, f)| f.scope == Scope::Code)
    }

    fn find_host(&self) -> Host {
        let Some(config) = self.configs.first() else { return Host::Missing };
        let path = &self.file(config.file).path;
        let in_app = self.project.app_dir.as_deref().is_some_and(|d| inside(path, d));
        // A server outside the app that hands requests to the config itself:
        // `toNodeHandler(auth)`, `auth.handler(c.req.raw)` (Hono, Elysia,
        // Bun, any Fetch server), `.mount(auth.handler)`, Nest's AuthModule.
        let name = self.config_name().unwrap_or("auth");
        let handler = format!("{name}.handler");
        let outside = |f: &File| self.project.app_dir.as_deref().is_none_or(|d| !inside(&f.path, d));
        let node_handler = self.code().any(|(_, f)| {
            f.module.calls.iter().any(|c| c.callee == "toNodeHandler")
                || (outside(f)
                    && (f.module.calls.iter().any(|c| c.callee == handler || c.callee == "AuthModule.forRoot")
                        || f.module.accesses.iter().any(|a| a.path == handler)))
        });
        let next_handler = self.code().any(|(_, f)| f.module.calls.iter().any(|c| c.callee == "toNextJsHandler"));
        if in_app || next_handler || (!node_handler && self.project.app_dir.is_some()) {
            Host::Next
        } else {
            Host::Node
        }
    }

    /// The name the first config is bound to (`export const auth = betterAuth(...)`).
    fn config_name(&self) -> Option<&str> {
        let config = self.configs.first()?;
        self.file(config.file)
            .module
            .bindings
            .iter()
            .find(|b| b.value.call().is_some_and(|c| c.line == config.call.line && c.callee == config.call.callee))
            .map(|b| b.name.as_str())
    }

    /// Whether the config is used at all: a Better Auth client talks to it, a
    /// handler serves it, or some file imports its module. A config nothing
    /// uses (the app signs in elsewhere) is dead code, not a broken setup.
    pub fn config_live(&self) -> bool {
        let Some(config) = self.configs.first() else { return false };
        let path = &self.file(config.file).path;
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.split('.').next().unwrap_or(name);
        let dir = path.rsplit('/').nth(1).unwrap_or("");
        let wanted = if stem == "index" { dir } else { stem };
        let imported = self.project.files.iter().any(|f| {
            f.path != *path
                && f.module
                    .imports
                    .iter()
                    .any(|i| i.module.rsplit('/').next().is_some_and(|last| last.split('.').next() == Some(wanted)))
        });
        let served = self.code().any(|(_, f)| {
            f.module.calls.iter().any(|c| matches!(c.callee.as_str(), "toNextJsHandler" | "toNodeHandler"))
        });
        !self.clients.is_empty() || imported || served
    }

    /// The jwt plugin call in the config, if any.
    pub fn jwt_plugin(&self) -> Option<(&Config, &Call)> {
        self.configs.iter().find_map(|config| {
            let file = self.file(config.file);
            let local = PLUGIN_MODULES.iter().find_map(|m| file.module.local_name(m, "jwt")).unwrap_or("jwt");
            let Some(Value::List(plugins)) = config.options.get("plugins") else { return None };
            plugins.iter().filter_map(Value::call).find(|p| p.callee == local).map(|p| (config, p))
        })
    }

    /// `session.cookieCache.strategy === "jwt"`.
    pub fn cookie_cache_jwt(&self) -> bool {
        self.configs.iter().any(|c| c.options.path("session.cookieCache.strategy").and_then(Value::str) == Some("jwt"))
    }

    fn find_token(&self) -> Token {
        let backend_signs = self.backend_signs();
        let jwks = self.verifiers.iter().any(|v| self.verifier_uses_jwks(v));
        if self.jwt_plugin().is_some() && (jwks || !backend_signs) {
            Token::JwtPlugin
        } else if backend_signs {
            Token::Own
        } else if self.cookie_cache_jwt() {
            Token::CookieCache
        } else if self.verifiers.is_empty() {
            Token::None
        } else if jwks {
            Token::JwtPlugin
        } else {
            Token::Own
        }
    }

    /// The token one verification path checks. Each path is judged by its own
    /// key: a JWKS means the jwt plugin's JWT; Better Auth's own secret means
    /// a Better Auth token checked with the wrong key (the jwt plugin's when it
    /// is on, else the cookie cache's); another secret, in a backend that mints
    /// tokens, means its own tokens. Otherwise the project's token.
    pub fn token_of(&self, v: &Verifier) -> Token {
        let file = self.file(v.file);
        if matches!(v.lib, Lib::Jwx | Lib::GolangJwt) && self.go_key_is_jwks(v) {
            return Token::JwtPlugin;
        }
        let key = self.verifier_key(v);
        let key = key.as_ref();
        let jwks_call = |c: &Call| {
            matches!(
                c.method(),
                "PyJWKClient" | "createRemoteJWKSet" | "get_signing_key_from_jwt" | "JwksClient" | "PyJWKSet"
            )
        };
        let jwks_here = v.call.function.is_some() && file.module.calls_in(v.call.function).any(jwks_call);
        let key_jwks = match key {
            Some(Value::Name(n)) | Some(Value::Other(n)) => n.to_ascii_lowercase().contains("jwk"),
            Some(Value::Call(c)) => c.callee.to_ascii_lowercase().contains("jwk") || jwks_call(c),
            _ => false,
        };
        if key_jwks || jwks_here {
            return Token::JwtPlugin;
        }
        let keys = key.map(|k| self.env_keys_of(v.file, k, 0)).unwrap_or_default();
        let better_auth_secret = keys.iter().any(|k| k == "BETTER_AUTH_SECRET" || k == "AUTH_SECRET");
        if better_auth_secret {
            // A backend that signs tokens of its own with the secret checks those.
            return if self.backend_signs() {
                Token::Own
            } else if self.jwt_plugin().is_some() {
                Token::JwtPlugin
            } else if self.cookie_cache_jwt() {
                Token::CookieCache
            } else {
                self.token
            };
        }
        if keys.iter().any(|k| secret_key_name(k)) && self.token == Token::Own {
            return Token::Own;
        }
        if !keys.is_empty() && self.token == Token::JwtPlugin && self.backend_signs() {
            return Token::Own;
        }
        self.token
    }

    /// The env keys a value reads, through constants of its file and its side.
    fn env_keys_of(&self, i: usize, value: &Value, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        if depth > 6 {
            return out;
        }
        value.walk(&mut |v| match v {
            Value::Env { key, .. } => out.push(key.clone()),
            Value::Name(name) => {
                let file = self.file(i);
                let found = file.module.constant(name).map(|c| (i, c)).or_else(|| {
                    self.project
                        .files
                        .iter()
                        .enumerate()
                        .filter(|(j, f)| *j != i && f.side == file.side)
                        .find_map(|(j, f)| f.module.constant(name).map(|c| (j, c)))
                });
                if let Some((j, c)) = found {
                    out.extend(self.env_keys_of(j, c, depth + 1));
                }
            }
            _ => {}
        });
        out
    }

    /// The backend signs tokens of its own.
    fn backend_signs(&self) -> bool {
        self.code().any(|(_, f)| {
            f.side == Side::Backend
                && f.module.calls.iter().any(|c| {
                    matches!(c.callee.as_str(), "jwt.encode" | "jwt.sign" | "encode" | "create_access_token")
                        || c.callee.ends_with("SignJWT")
                        || (f.lang == Lang::Go && matches!(c.method(), "SignedString" | "Sign"))
                })
        })
    }

    /// The key argument points at a JWKS (PyJWKClient, createRemoteJWKSet, a jwks variable).
    pub fn verifier_uses_jwks(&self, v: &Verifier) -> bool {
        let file = self.file(v.file);
        let key = self.verifier_key(v);
        let key = key.as_ref();
        let named_jwks = |s: &str| {
            let s = s.to_ascii_lowercase();
            s.contains("jwk") || s.contains("signing_key") || s.contains("public") || s.contains("keys")
        };
        let key_jwks = match key {
            Some(Value::Name(n)) => named_jwks(n),
            Some(Value::Call(c)) => named_jwks(&c.callee),
            Some(Value::Other(t)) => named_jwks(t),
            _ => false,
        };
        key_jwks
            || (file.lang == Lang::Go && self.go_uses_jwks(file))
            || file.module.calls.iter().any(|c| {
                matches!(
                    c.method(),
                    "PyJWKClient"
                        | "createRemoteJWKSet"
                        | "createLocalJWKSet"
                        | "get_signing_key_from_jwt"
                        | "JwksClient"
                        | "PyJWK"
                        | "PyJWKSet"
                        | "from_jwk"
                        | "importJWK"
                )
            })
    }

    /// The key a verifier checks the signature with: the second argument
    /// (or `key=`), or for Go the key option or keyfunc it is given.
    pub fn verifier_key(&self, v: &Verifier) -> Option<Value> {
        match v.lib {
            Lib::Jwx | Lib::GolangJwt => self.go_key(v),
            _ => v.call.arg(1, "key").cloned(),
        }
    }

    /// The issuer or audience a verifier expects, as written: `issuer=`,
    /// jose's `{ issuer }`, Go's `jwt.WithIssuer(...)`/`jwt.WithAudience(...)`.
    pub fn verifier_claim(&self, v: &Verifier, claim: &str) -> Option<Value> {
        match v.lib {
            Lib::Jwx | Lib::GolangJwt => {
                let option = if claim == "issuer" { "WithIssuer" } else { "WithAudience" };
                self.go_options(v).into_iter().find(|c| c.method() == option).and_then(|c| c.positional(0).cloned())
            }
            _ => v.call.keyword(claim).or_else(|| v.call.positional(2).and_then(|o| o.get(claim))).cloned(),
        }
    }

    /// Where backend code fetches the JWKS: (file, call line, URL value as
    /// written, followed through the function's local bindings for Go).
    pub fn jwks_fetches(&self) -> Vec<(usize, usize, Value)> {
        let mut out = Vec::new();
        for (i, f) in self.code().filter(|(_, f)| f.side != Side::App) {
            for c in f
                .module
                .calls
                .iter()
                .filter(|c| matches!(c.method(), "PyJWKClient" | "createRemoteJWKSet" | "JwksClient" | "PyJWKSet"))
            {
                if let Some(arg) = c.arg(0, "uri").or_else(|| c.positional(0)) {
                    out.push((i, c.line, arg.clone()));
                }
            }
            out.extend(self.go_jwks_fetches(f).into_iter().map(|(c, v)| (i, c.line, v)));
        }
        out
    }

    /// Env files that apply to `path`: in its folder or one above it, real ones first.
    pub fn envs_for(&self, path: &str) -> Vec<&'p EnvFile> {
        let mut envs: Vec<&EnvFile> = self.project.envs.iter().filter(|e| inside(path, &e.dir)).collect();
        envs.sort_by_key(|e| (e.example, std::cmp::Reverse(e.dir.len()), env_rank(&e.path)));
        envs
    }

    /// The value of `key` for code at `path`: real env files first, then examples.
    pub fn env_value(&self, path: &str, key: &str) -> Option<(&'p EnvFile, &'p str)> {
        self.envs_for(path).into_iter().find_map(|e| e.values.get(key).map(|v| (e, v.as_str())))
    }

    /// What `value` in `file` is at run time, as far as files say.
    pub fn resolve(&self, file: usize, value: &Value) -> Resolved {
        self.resolve_depth(file, value, 0)
    }

    fn resolve_depth(&self, i: usize, value: &Value, depth: usize) -> Resolved {
        if depth > 6 {
            return Resolved::Unknown;
        }
        let file = self.file(i);
        match value {
            Value::Str(s) => Resolved::Str(s.clone()),
            Value::Template(t) => self.resolve_template(i, t, depth),
            Value::Env { key, default } => {
                match self.env_value(&file.path, key).filter(|(e, v)| !e.example && !v.is_empty()) {
                    Some((_, v)) => Resolved::Str(v.to_string()),
                    None => default.as_ref().map_or(Resolved::Unknown, |d| self.resolve_depth(i, d, depth + 1)),
                }
            }
            Value::List(items) => {
                let strs: Option<Vec<String>> =
                    items.iter().map(|v| self.resolve_depth(i, v, depth + 1).str().map(str::to_string)).collect();
                strs.map_or(Resolved::Unknown, Resolved::List)
            }
            Value::Or(a, b) => match self.resolve_depth(i, a, depth + 1) {
                Resolved::Unknown => self.resolve_depth(i, b, depth + 1),
                known => known,
            },
            Value::Name(name) => self.resolve_name(i, name, depth),
            // `list(x)`, `tuple(x)`, `split(x)`, `_split(x)`, `String(x)`: what x is.
            Value::Call(call) if call.args.len() == 1 => self.resolve_depth(i, &call.args[0].value, depth + 1),
            _ => Resolved::Unknown,
        }
    }

    /// Whether `value` reads the environment anywhere on the way to its value
    /// (an env read, or a constant here or on the same side built from one):
    /// such a value is set per environment, whatever its default.
    pub fn reads_env(&self, i: usize, value: &Value) -> bool {
        self.reads_env_depth(i, value, 0)
    }

    fn reads_env_depth(&self, i: usize, value: &Value, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        let named = |name: &str| -> bool {
            let name = name.trim();
            // `{env.KEY}`, `{process.env.KEY}`: how templates write an env read.
            if name.starts_with("env.") || name.starts_with("process.env.") {
                return true;
            }
            let file = self.file(i);
            if let Some(v) = file.module.constant(name) {
                return self.reads_env_depth(i, v, depth + 1);
            }
            let same_side = self.project.files.iter().enumerate().filter(|(j, f)| *j != i && f.side == file.side);
            same_side
                .filter_map(|(j, f)| f.module.constant(name).map(|v| (j, v)))
                .any(|(j, v)| self.reads_env_depth(j, v, depth + 1))
        };
        match value {
            Value::Env { .. } => true,
            Value::Name(name)
                if ["process.env.", "import.meta.env.", "Bun.env."].iter().any(|p| name.starts_with(p)) =>
            {
                true
            }
            Value::Name(name) => named(name),
            Value::Other(text) => text.contains("import.meta.env") || text.contains("process.env"),
            Value::Template(t) => {
                t.split(['{', '}']).skip(1).step_by(2).any(|inner| named(inner.trim_start_matches('$')))
            }
            Value::Or(a, b) => self.reads_env_depth(i, a, depth + 1) || self.reads_env_depth(i, b, depth + 1),
            Value::Call(call) => call.args.iter().any(|a| self.reads_env_depth(i, &a.value, depth + 1)),
            Value::List(items) => items.iter().any(|v| self.reads_env_depth(i, v, depth + 1)),
            _ => false,
        }
    }

    /// A name: a module constant of this file, a constant imported from
    /// another file of the same side, or a settings field (`settings.jwt_alg`,
    /// `self.settings.algorithms`) read from its default or its env variable.
    fn resolve_name(&self, i: usize, name: &str, depth: usize) -> Resolved {
        let file = self.file(i);
        if let Some(v) = file.module.constant(name) {
            return self.resolve_depth(i, v, depth + 1);
        }
        let field = name.rsplit('.').next().unwrap_or(name);
        // `CONFIG.BASE_URL`: the object constant CONFIG, here or in a file of the same side.
        if let Some((object, key)) = name.split_once('.')
            && !key.contains('.')
        {
            let objects = std::iter::once((i, file)).chain(
                self.project.files.iter().enumerate().filter(|(_, f)| f.side == file.side && f.lang == file.lang),
            );
            for (j, other) in objects {
                if let Some(Value::Object(pairs)) = other.module.constant(object) {
                    return match pairs.iter().find(|(k, _)| k == key) {
                        Some((_, v)) => self.resolve_depth(j, v, depth + 1),
                        None => Resolved::Unknown,
                    };
                }
            }
        }
        let same_side =
            self.project.files.iter().enumerate().filter(|(_, f)| f.side == file.side && f.lang == file.lang);
        let mut candidates: Vec<(usize, Value)> = Vec::new();
        for (j, other) in same_side {
            if !name.contains('.') {
                if j != i
                    && let Some(v) = other.module.constant(name)
                {
                    candidates.push((j, v.clone()));
                }
                continue;
            }
            // A settings class field: `jwt_alg: str = "EdDSA"` (pydantic reads JWT_ALG).
            for b in
                other.module.bindings.iter().filter(|b| b.class.is_some() && b.name == field && b.value != Value::Null)
            {
                let env = Value::Env { key: field.to_ascii_uppercase(), default: Some(Box::new(b.value.clone())) };
                candidates.push((j, env));
            }
            // A keyword building the settings: `AuthSettings(algorithms=...)`, `{ algorithms: ... }`.
            for call in &other.module.calls {
                candidates.extend(call.keyword(field).map(|v| (j, v.clone())));
                candidates.extend(call.args.iter().filter_map(|a| a.value.get(field)).map(|v| (j, v.clone())));
            }
            candidates.extend(other.module.bindings.iter().filter_map(|b| b.value.get(field)).map(|v| (j, v.clone())));
        }
        candidates
            .into_iter()
            .filter(|(_, v)| !matches!(v, Value::Name(n) if n == name || n.ends_with(&format!(".{field}"))))
            .map(|(j, v)| self.resolve_depth(j, &v, depth + 1))
            .find(|r| *r != Resolved::Unknown)
            .unwrap_or(Resolved::Unknown)
    }

    /// `f"{APP}/api/auth/jwks"`, `` `${origin}/api/auth/jwks` ``: every
    /// interpolated name resolved, or unknown.
    fn resolve_template(&self, i: usize, text: &str, depth: usize) -> Resolved {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { return Resolved::Unknown };
            out.push_str(rest[..open].trim_end_matches('$'));
            let inner = rest[open + 1..open + close].trim();
            if !inner.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                return Resolved::Unknown;
            }
            let value = if inner.starts_with("process.env.") || inner.starts_with("env.") {
                Value::Env { key: inner.rsplit('.').next().unwrap_or(inner).to_string(), default: None }
            } else {
                Value::Name(inner.to_string())
            };
            match self.resolve_depth(i, &value, depth + 1) {
                Resolved::Str(s) => out.push_str(&s),
                _ => return Resolved::Unknown,
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        Resolved::Str(out)
    }

    /// The algorithm the jwt plugin signs with (`EdDSA` unless configured).
    pub fn signing_alg(&self) -> Option<(String, usize, usize)> {
        let (config, plugin) = self.jwt_plugin()?;
        let configured = plugin.positional(0).and_then(|o| o.path("jwks.keyPairConfig.alg"));
        let alg = match configured {
            Some(v) => self.resolve(config.file, v).str()?.to_string(),
            None => "EdDSA".to_string(),
        };
        Some((alg, config.file, plugin.line))
    }

    /// What the jwt plugin's tokens carry as `issuer` or `audience`: the
    /// plugin's `jwt.issuer`/`jwt.audience` when set, else the app's origin.
    pub fn token_claim(&self, claim: &str) -> Option<String> {
        let (config, plugin) = self.jwt_plugin()?;
        match plugin.positional(0).and_then(|o| o.get("jwt")).and_then(|j| j.get(claim)) {
            Some(v) => self.resolve(config.file, v).str().map(str::to_string),
            None => self.app_origin(),
        }
    }

    /// The app's public origin: the config's baseURL, else BETTER_AUTH_URL.
    pub fn app_origin(&self) -> Option<String> {
        let config = self.configs.first()?;
        let path = &self.file(config.file).path;
        let from_config = config.options.get("baseURL").map(|v| self.resolve(config.file, v));
        let url = match from_config {
            Some(Resolved::Str(url)) => url,
            _ => {
                let dir = self.project.app_dir.clone().unwrap_or_else(|| path.clone());
                let at = if self.host == Host::Next { format!("{dir}/x") } else { path.clone() };
                self.env_value(&at, "BETTER_AUTH_URL").map(|(_, v)| v.to_string())?
            }
        };
        origin(&url)
    }

    /// The line of the option at `path` (`advanced.cookiePrefix`) in the
    /// config's file: each key of the path found after the one before it,
    /// inside the `betterAuth(...)` call when it is there, else anywhere in
    /// the file (options held in a constant); the call's line when not found.
    pub fn option_line(&self, config: &Config, path: &str) -> usize {
        let keys = &self.file(config.file).module.keys;
        let find = |from: usize, to: usize| {
            path.split('.').try_fold((from, 0), |(after, _), key| {
                keys.iter()
                    .find(|(k, _, at)| k == key && *at >= after && *at < to)
                    .map(|(_, line, at)| (*at + 1, *line))
            })
        };
        find(config.call.start, config.call.end)
            .or_else(|| find(0, usize::MAX))
            .map_or(config.call.line, |(_, line)| line)
    }

    /// Whether any env file (real or example) or the config names `key`.
    pub fn env_named(&self, key: &str) -> bool {
        self.project.envs.iter().any(|e| e.values.contains_key(key))
    }
}

/// Follows `betterAuth(options)` where `options` is a module constant.
fn model_options(file: &File, value: &Value) -> Value {
    match value {
        Value::Name(n) => file.module.constant(n).cloned().unwrap_or_else(|| value.clone()),
        _ => value.clone(),
    }
}

fn env_rank(path: &str) -> usize {
    // Next.js precedence: .env.local beats .env.development beats .env.
    let name = path.rsplit('/').next().unwrap_or(path);
    [".env.local", ".env.development.local", ".env.development", ".env"].iter().position(|n| *n == name).unwrap_or(9)
}

/// Scheme, host and port of a URL ("null" origins are none).
pub fn origin(url: &str) -> Option<String> {
    url::Url::parse(url.trim()).ok().map(|u| u.origin().ascii_serialization()).filter(|o| o != "null")
}

/// Every JWT decode/verify call in production code, with its library.
fn verifiers(project: &Project) -> Vec<Verifier> {
    let mut found = Vec::new();
    for (i, file) in project.files.iter().enumerate() {
        if file.scope != Scope::Code || file.side == Side::App && !is_guard(&file.path) && file.lang == Lang::Js {
            continue;
        }
        let m = &file.module;
        for call in &m.calls {
            let lib_and_unverified = match file.lang {
                Lang::Python => python_verifier(m, call),
                Lang::Js => js_verifier(m, call),
                Lang::Go => go::verifier(m, call),
            };
            if let Some((lib, unverified)) = lib_and_unverified {
                found.push(Verifier { file: i, call: call.clone(), lib, unverified });
            }
        }
    }
    found
}

fn is_guard(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with("middleware.") || name.starts_with("proxy.")
}

fn python_verifier(m: &super::syntax::Module, call: &Call) -> Option<(Lib, bool)> {
    let receiver = call.receiver().unwrap_or("");
    // Imports in scope at the call: the module's, and those of the call's own function.
    let in_scope = || m.imports.iter().filter(|imp| imp.function.is_none() || imp.function == call.function);
    let lib = |local: &str| -> Option<Lib> {
        if in_scope().any(|imp| imp.module.starts_with("jose") && imp.names.iter().any(|(_, l)| l == local)) {
            Some(Lib::PythonJose)
        } else if in_scope().any(|imp| imp.module.starts_with("authlib") && imp.names.iter().any(|(_, l)| l == local)) {
            Some(Lib::Authlib)
        } else if in_scope().any(|imp| imp.module == "jwt" && imp.names.iter().any(|(_, l)| l == local))
            || in_scope().any(|imp| imp.module == "jwt" && imp.names.is_empty())
        {
            Some(Lib::PyJwt)
        } else {
            None
        }
    };
    let method = call.method();
    let (lib, unverified) = match method {
        "decode" | "decode_complete" if !receiver.is_empty() => {
            let lib = lib(receiver)?;
            let options = call.keyword("options");
            let off = |key: &str| options.and_then(|o| o.get(key)) == Some(&Value::Bool(false));
            (lib, off("verify_signature") || call.keyword("verify") == Some(&Value::Bool(false)))
        }
        "decode" | "decode_complete" => (lib(method)?, false),
        "get_unverified_claims" => (lib(receiver)?, true),
        _ => return None,
    };
    Some((lib, unverified))
}

fn js_verifier(m: &super::syntax::Module, call: &Call) -> Option<(Lib, bool)> {
    let from = |module: &str, name: &str| m.local_name(module, name).is_some_and(|l| l == call.callee);
    if from("jose", "jwtVerify") {
        return Some((Lib::Jose, false));
    }
    if from("jose", "decodeJwt") {
        return Some((Lib::Jose, true));
    }
    let jsonwebtoken = m.imports.iter().find(|imp| imp.module == "jsonwebtoken")?;
    let receiver = call.receiver();
    let default = jsonwebtoken.names.iter().any(|(n, l)| (n == "default" || n == "*") && Some(l.as_str()) == receiver);
    let named = |name: &str| jsonwebtoken.names.iter().any(|(n, l)| n == name && *l == call.callee);
    match call.method() {
        "verify" if default || named("verify") => Some((Lib::JsonWebToken, false)),
        "decode" if default || named("decode") => Some((Lib::JsonWebToken, true)),
        _ => None,
    }
}

/// Env keys that hold a signing secret.
pub fn secret_key_name(key: &str) -> bool {
    is_env_key(key) && (key.contains("SECRET") || key.ends_with("_KEY") && key.contains("JWT"))
}
