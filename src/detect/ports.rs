//! The ports a project really uses in development: the Next.js app's (its
//! `next dev` script), the backend's (its run commands and entry files) and
//! the URL the app already calls the backend at (an env variable or a
//! `next.config` rewrite). Read-only and cheap: only manifests, a few run
//! files and the entry files are read, each at most once.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::display_rel;

/// Run files are small; anything larger is not one.
const MAX_READ: u64 = 256 * 1024;

/// A port found, and where (shown in the summary and `--json`).
pub type Found = (u16, String);

/// The app's development port from its own package.json scripts: `next dev
/// -p 8080`, `next dev --port 8080`, `PORT=8080 next dev`; the `dev` script
/// first, then any `next dev`, then `next start`. Only the arguments of a
/// `next` command count, so a backend started by the same script
/// (`concurrently "next dev" "uvicorn ... --port 8001"`) never gives the
/// app its port.
pub fn app_port(dir: &str, pkg: &Value) -> Option<Found> {
    let scripts = pkg.get("scripts")?.as_object()?;
    let ordered = scripts.get_key_value("dev").into_iter().chain(scripts.iter().filter(|(name, _)| *name != "dev"));
    let ordered: Vec<(&String, &str)> = ordered.filter_map(|(name, s)| Some((name, s.as_str()?))).collect();
    for command in ["dev", "start"] {
        for (name, script) in &ordered {
            for words in segments(script, true) {
                let Some(at) = words.iter().position(|w| is_command(w, "next")) else { continue };
                if words.get(at + 1) != Some(&command) {
                    continue;
                }
                let port = port_flag(&words[at + 2..], &["-p", "--port"])
                    .or_else(|| words[..at].iter().find_map(|w| w.strip_prefix("PORT=").and_then(parse_port)));
                if let Some(port) = port {
                    return Some((port, format!("{} scripts.{name}", display_rel(dir, "package.json"))));
                }
            }
        }
    }
    None
}

/// The backend URL the app already uses in development: a loopback URL in a
/// `NEXT_PUBLIC_…API…URL` (or `…BACKEND…URL`) variable of its env files, or
/// the destination of a `next.config` rewrite. Returns the URL's origin.
pub fn app_backend_url(app: &Path, dir: &str, env: &[(String, String, String)]) -> Option<(String, String)> {
    for (key, value, file) in env {
        let named = key.starts_with("NEXT_PUBLIC_") && key.ends_with("URL");
        if named
            && (key.contains("API") || key.contains("BACKEND"))
            && let Some(origin) = loopback_origin(value)
        {
            return Some((origin, format!("{key} in {file}")));
        }
    }
    for name in ["next.config.ts", "next.config.mjs", "next.config.js", "next.config.cjs", "next.config.mts"] {
        let Some(text) = read_small(&app.join(name)) else { continue };
        for (at, _) in text.match_indices("destination") {
            let window: String = text[at..].chars().take(300).collect();
            if let Some(origin) = window.match_indices("http").find_map(|(i, _)| loopback_origin(&window[i..])) {
                return Some((origin, format!("rewrite in {}", display_rel(dir, name))));
            }
        }
    }
    None
}

/// What the backend's port is read from.
pub struct BackendFiles<'a> {
    /// The backend folder, the folder it is run from, and the repository root.
    pub folders: Vec<&'a str>,
    /// Entry files, relative to the repository root (read for `uvicorn.run(port=...)`
    /// or `app.listen(...)`).
    pub entries: Vec<String>,
    /// `PORT` in the backend's env files, with the file.
    pub env_port: Option<(String, String)>,
}

/// The backend's development port: a run command (`uvicorn ... --port 8001`,
/// `fastapi dev --port`, `gunicorn -b :8001`, `PORT=4000 tsx ...`) in a
/// package.json script, Makefile, Procfile, pyproject.toml or run script of
/// the backend's folder (or the folder it runs from); then its entry files
/// (`uvicorn.run(..., port=8001)`, `app.listen(4000)`, `const PORT =
/// process.env.PORT || 4000`, with `PORT` from its env files when the code
/// reads it); then the repository root's run files; then a Dockerfile's
/// command, last, as a container's port is often not the one used on the host.
pub fn backend_port(root: &Path, files: &BackendFiles) -> Option<Found> {
    // The backend's own folders first, then its entry files, and only then
    // the repository root, whose run files may start other services too.
    let (top, own): (Vec<&str>, Vec<&str>) = files.folders.iter().partition(|f| **f == ".");
    for (index, folder) in own.iter().enumerate() {
        // `PORT=` before a command counts only in the backend's own manifest.
        if let Some(found) = run_files_port(root, folder, index == 0) {
            return Some(found);
        }
    }
    for rel in &files.entries {
        let Some(text) = read_small(&root.join(rel)) else { continue };
        if let Some((port, from_env)) = code_port(&text, files.env_port.as_ref()) {
            let source = match (from_env, &files.env_port) {
                (true, Some((_, env_file))) => format!("PORT in {env_file}, read by {rel}"),
                _ => rel.clone(),
            };
            return Some((port, source));
        }
    }
    if let Some(found) = top.first().and_then(|folder| run_files_port(root, folder, false)) {
        return Some(found);
    }
    let rel = display_rel(files.folders.first()?, "Dockerfile");
    let text = read_small(&root.join(&rel))?;
    let port = text.lines().find_map(|line| server_port(&segments(line, false), false))?;
    Some((port, rel))
}

/// A server command with a port in `folder`'s package.json scripts, Makefile,
/// Procfile, pyproject.toml or run scripts.
fn run_files_port(root: &Path, folder: &str, own: bool) -> Option<Found> {
    if let Some(found) = script_port(root, folder, own) {
        return Some(found);
    }
    for name in ["Makefile", "makefile", "Procfile", "Procfile.dev", "pyproject.toml", "start.sh", "run.sh", "dev.sh"] {
        let rel = display_rel(folder, name);
        let Some(text) = read_small(&root.join(&rel)) else { continue };
        if let Some(port) = text.lines().find_map(|line| server_port(&segments(line, false), false)) {
            return Some((port, rel));
        }
    }
    None
}

/// A run command with a port in `folder/package.json`'s scripts (`dev` first).
fn script_port(root: &Path, folder: &str, own: bool) -> Option<Found> {
    let rel = display_rel(folder, "package.json");
    let pkg: Value = serde_json::from_str(&read_small(&root.join(&rel))?).ok()?;
    let scripts = pkg.get("scripts")?.as_object()?;
    let ordered = scripts.get_key_value("dev").into_iter().chain(scripts.iter().filter(|(name, _)| *name != "dev"));
    for (name, script) in ordered {
        let Some(script) = script.as_str() else { continue };
        if let Some(port) = server_port(&segments(script, true), own) {
            return Some((port, format!("{rel} scripts.{name}")));
        }
    }
    None
}

/// The port a server command in one of `segments` listens on. With
/// `env_prefix`, `PORT=4000 <anything but next>` counts too.
fn server_port(segments: &[Vec<&str>], env_prefix: bool) -> Option<u16> {
    for words in segments {
        for (at, word) in words.iter().enumerate() {
            let rest = &words[at + 1..];
            let port = if ["uvicorn", "fastapi", "granian"].iter().any(|c| is_command(word, c)) {
                port_flag(rest, &["--port"])
            } else if ["gunicorn", "hypercorn"].iter().any(|c| is_command(word, c)) {
                port_flag(rest, &["-b", "--bind"])
            } else {
                None
            };
            if port.is_some() {
                return port;
            }
        }
        if env_prefix
            && !words.iter().any(|w| is_command(w, "next"))
            && let Some(port) = words.iter().find_map(|w| w.strip_prefix("PORT=").and_then(parse_port))
        {
            return Some(port);
        }
    }
    None
}

/// The port in Python's `uvicorn.run(..., port=8001)` or JavaScript's
/// `.listen(4000)` / `.listen(PORT)` with `const PORT = process.env.PORT ||
/// 4000`. `true` when it came from `env_port`, which the code reads.
fn code_port(text: &str, env_port: Option<&(String, String)>) -> Option<(u16, bool)> {
    let code: String = text
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !l.starts_with('#') && !l.starts_with("//")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let from_env = env_port.and_then(|(value, _)| parse_port(value));
    let resolve = |expr: &str| -> Option<(u16, bool)> {
        if expr.contains("PORT")
            && expr.contains("env")
            && let Some(port) = from_env
        {
            return Some((port, true));
        }
        number_in(expr).map(|p| (p, false))
    };
    for (at, _) in code.match_indices("uvicorn.run(") {
        let args = arguments(&code[at + "uvicorn.run(".len()..]);
        for arg in args {
            let value = arg.trim().strip_prefix("port").map(str::trim_start).and_then(|r| r.strip_prefix('='));
            if let Some(found) = value.and_then(resolve) {
                return Some(found);
            }
        }
    }
    for (at, _) in code.match_indices(".listen(") {
        let Some(first) = arguments(&code[at + ".listen(".len()..]).into_iter().next() else { continue };
        let first = first.trim();
        if let Some(found) = resolve(first) {
            return Some(found);
        }
        // A name: its definition in the same file (`const PORT = ...`).
        let name = first.rsplit('.').next().unwrap_or(first);
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        for keyword in ["const", "let", "var"] {
            for (def, _) in code.match_indices(&format!("{keyword} {name}")) {
                let after = &code[def + keyword.len() + 1 + name.len()..];
                if after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                    continue;
                }
                // `const PORT = ...` or `const port: number = ...`.
                let Some((head, value)) = after.split_once('=') else { continue };
                if head.contains(['\n', ';']) {
                    continue;
                }
                let value = value.split([';', '\n']).next().unwrap_or_default();
                if let Some(found) = resolve(value) {
                    return Some(found);
                }
            }
        }
    }
    None
}

/// The top-level, comma-separated arguments of a call whose `(` came just before `rest`.
fn arguments(rest: &str) -> Vec<&str> {
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                args.push(&rest[start..i]);
                return args;
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                args.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        if i > 2000 {
            break;
        }
    }
    args
}

/// The first number in an expression that is a port (`process.env.PORT ?? 3001`,
/// `int(os.getenv("PORT", "8001"))`).
fn number_in(expr: &str) -> Option<u16> {
    expr.split(|c: char| !c.is_ascii_digit()).filter(|d| !d.is_empty()).find_map(parse_port)
}

/// `words` split from a script, one list per command: split at `&&`, `||`,
/// `;`, `|`, `&` and, for package.json scripts (`quoted`), at quotes, which
/// wrap the commands `concurrently` runs. Elsewhere quotes, brackets and
/// commas are blanked (a Dockerfile's `CMD ["uvicorn", "--port", "8001"]`).
fn segments(script: &str, quoted: bool) -> Vec<Vec<&str>> {
    let separators: &[char] = if quoted { &[';', '|', '&', '"', '\'', '`'] } else { &[';', '|', '&'] };
    script
        .split(separators)
        .map(|part| {
            part.split(|c: char| c.is_whitespace() || (!quoted && matches!(c, '"' | '\'' | '[' | ']' | ',')))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect()
}

/// `word` runs `command` (`next`, `./node_modules/.bin/next`, `python -m uvicorn`'s `uvicorn`).
fn is_command(word: &str, command: &str) -> bool {
    word == command || word.ends_with(&format!("/{command}"))
}

/// The value of `--port 8001`, `--port=8001`, `-p 8001`, `-b 0.0.0.0:8001`.
fn port_flag(words: &[&str], flags: &[&str]) -> Option<u16> {
    for (i, word) in words.iter().enumerate() {
        for flag in flags {
            let value = if word == flag {
                words.get(i + 1).copied()
            } else {
                word.strip_prefix(flag).and_then(|r| r.strip_prefix('='))
            };
            if let Some(value) = value {
                // A bind address: the part after the last colon.
                let value = if flag.starts_with("-b") || flag.starts_with("--bind") {
                    value.rsplit(':').next().unwrap_or(value)
                } else {
                    value
                };
                return parse_port(value);
            }
        }
    }
    None
}

/// A port a development server may use: a number from 1024 to 65535, also
/// as a shell default (`${PORT:-8001}`). Lower ports need root: a number
/// there is a container's, not the development machine's.
fn parse_port(value: &str) -> Option<u16> {
    let value = value.trim().trim_matches(['"', '\'']);
    let value = match value.strip_prefix("${") {
        Some(rest) => rest.split_once(":-")?.1.trim_end_matches('}'),
        None => value,
    };
    value.parse::<u16>().ok().filter(|p| *p >= 1024)
}

/// The origin of an http URL on this machine (`localhost`, `127.0.0.1`,
/// `0.0.0.0`, `[::1]`) with an explicit port; `0.0.0.0` becomes `localhost`.
fn loopback_origin(value: &str) -> Option<String> {
    let value = value.trim().trim_matches(['"', '\'', '`']);
    let end = value
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ')' | '}' | '$'))
        .unwrap_or(value.len());
    let url = url::Url::parse(&value[..end]).ok()?;
    let host = url.host_str()?;
    if !matches!(url.scheme(), "http" | "https") || !matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]") {
        return None;
    }
    let port = url.port().filter(|p| *p >= 1024)?;
    let host = if host == "0.0.0.0" { "localhost" } else { host };
    Some(format!("{}://{host}:{port}", url.scheme()))
}

fn read_small(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_READ {
        return None;
    }
    fs::read_to_string(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(scripts: Value) -> Option<u16> {
        app_port("web", &serde_json::json!({ "scripts": scripts })).map(|(port, _)| port)
    }

    #[test]
    fn the_app_port_comes_from_next_commands_only() {
        assert_eq!(app(serde_json::json!({ "dev": "next dev -p 8080" })), Some(8080));
        assert_eq!(app(serde_json::json!({ "dev": "next dev --turbopack --port 8081" })), Some(8081));
        assert_eq!(app(serde_json::json!({ "dev": "next dev --port=8082" })), Some(8082));
        assert_eq!(app(serde_json::json!({ "dev": "cross-env PORT=8083 next dev" })), Some(8083));
        assert_eq!(app(serde_json::json!({ "start": "next start -p 9000", "dev": "next dev -p 8084" })), Some(8084));
        assert_eq!(app(serde_json::json!({ "start": "next start -p 9000", "dev": "next dev" })), Some(9000));
        // The backend started beside it never gives the app its port.
        let both = serde_json::json!({ "dev": "concurrently \"next dev\" \"uvicorn main:app --port 8001\"" });
        assert_eq!(app(both), None);
        assert_eq!(app(serde_json::json!({ "dev": "PORT=8001 uvicorn main:app && next dev" })), None);
        assert_eq!(app(serde_json::json!({ "dev": "next dev -p 80" })), None);
        assert_eq!(app(serde_json::json!({ "dev": "next dev" })), None);
    }

    #[test]
    fn server_commands_give_the_backend_port() {
        let port = |line: &str, quoted| server_port(&segments(line, quoted), true);
        assert_eq!(port("uvicorn app.main:app --reload --port 8001", false), Some(8001));
        assert_eq!(port("\tcd api && .venv/bin/uvicorn main:app --port=8002", false), Some(8002));
        assert_eq!(port("web: gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:8003 main:app", false), Some(8003));
        assert_eq!(port("fastapi dev main.py --port ${PORT:-8004}", false), Some(8004));
        assert_eq!(
            port(r#"CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8005"]"#, false),
            Some(8005)
        );
        assert_eq!(port(r#"CMD ["uvicorn", "app.main:app", "--port", "80"]"#, false), None);
        assert_eq!(port("web: uvicorn main:app --port $PORT", false), None);
        assert_eq!(port("PORT=4000 tsx watch src/index.ts", true), Some(4000));
        assert_eq!(port("PORT=3001 next dev", true), None);
    }

    #[test]
    fn entry_files_give_the_backend_port() {
        let port = |text: &str| code_port(text, None).map(|(p, _)| p);
        assert_eq!(
            port("if __name__ == \"__main__\":\n    uvicorn.run(\"main:app\", host=\"0.0.0.0\", port=8001)\n"),
            Some(8001)
        );
        assert_eq!(port("uvicorn.run(app, port=int(os.getenv(\"PORT\", \"8002\")))"), Some(8002));
        assert_eq!(port("app.listen(4000, () => console.log('up'));"), Some(4000));
        assert_eq!(port("const PORT = process.env.PORT || 4001;\napp.listen(PORT, () => {});"), Some(4001));
        assert_eq!(port("const port: number = Number(process.env.PORT ?? 4002);\nserver.listen(port);"), Some(4002));
        assert_eq!(port("  await app.listen(process.env.PORT ?? 3001);"), Some(3001));
        assert_eq!(port("// app.listen(4000)\napp.listen(config.port);"), None);
        let env = ("4100".to_string(), "api/.env".to_string());
        assert_eq!(code_port("await app.listen(process.env.PORT ?? 3000);", Some(&env)), Some((4100, true)));
        assert_eq!(code_port("app.listen(4000);", Some(&env)), Some((4000, false)));
    }

    #[test]
    fn the_backends_own_files_come_before_the_repository_roots() {
        let root = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = root.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write("Makefile", "worker:\n\tuvicorn worker.main:app --port 8009\n");
        write("server/src/index.ts", "app.listen(4000);\n");
        let files = BackendFiles {
            folders: vec!["server", "."],
            entries: vec!["server/src/main.ts".into(), "server/src/index.ts".into()],
            env_port: None,
        };
        assert_eq!(backend_port(root.path(), &files), Some((4000, "server/src/index.ts".into())));
        write("server/src/index.ts", "app.listen(port);\n");
        assert_eq!(backend_port(root.path(), &files), Some((8009, "Makefile".into())));
        write("server/Procfile", "web: uvicorn main:app --port 8010\n");
        assert_eq!(backend_port(root.path(), &files), Some((8010, "server/Procfile".into())));
    }

    #[test]
    fn the_backend_url_the_app_calls_is_on_this_machine() {
        assert_eq!(loopback_origin("http://localhost:8001/api/v1").as_deref(), Some("http://localhost:8001"));
        assert_eq!(loopback_origin("http://0.0.0.0:8002").as_deref(), Some("http://localhost:8002"));
        assert_eq!(loopback_origin("\"http://127.0.0.1:8003\"").as_deref(), Some("http://127.0.0.1:8003"));
        assert_eq!(loopback_origin("https://api.example.com"), None);
        assert_eq!(loopback_origin("http://localhost"), None);
    }
}
