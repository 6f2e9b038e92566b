//! Random repository shapes: hundreds of generated repositories (nested
//! .gitignore files with any patterns, apps and backends in any folders,
//! symlinks inside and out, broken manifests and env files, odd names), each
//! run through `init --dry-run --json`, `init` and `doctor`. Whatever the
//! input, authgen must answer with a meaningful exit code and one line, never
//! a panic. The generator is seeded, so a failure names the seed that
//! rebuilds the same repository: `AUTHGEN_SHAPES_SEED=<seed> cargo test --test shapes`.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use assert_cmd::Command;

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const FOLDERS: &[&str] = &[
    "web",
    "frontend",
    "api",
    "backend",
    "apps/web",
    "apps/api",
    "apps/docs",
    "packages/ui",
    "packages/auth",
    "server",
    "docs",
    "src",
    "app",
    "my app",
    "ünïcode",
    "-dash",
    "a/b/c/d/e",
    "web/nested",
    ".hidden",
    "node_modules/x",
];

const GITIGNORE_LINES: &[&str] = &[
    ".env*",
    "!.env.example",
    "*",
    "!*/",
    "/node_modules",
    "**/api",
    "*.json",
    "web/",
    "\\#literal",
    "[",
    "!",
    "/",
    "**",
    ".authgen",
    "*.ts",
    "docs/**",
    "a/**/b",
    "   ",
    "# comment",
    ".env.local",
];

const PACKAGE_JSONS: &[&str] = &[
    r#"{"name":"web","dependencies":{"next":"16.4.6","react":"19"},"scripts":{"dev":"next dev"}}"#,
    r#"{"name":"old","dependencies":{"next":"^15.1.0"}}"#,
    r#"{"name":"ui","peerDependencies":{"next":">=14"},"devDependencies":{"next":"16"}}"#,
    r#"{"name":"vite","dependencies":{"react":"19"},"devDependencies":{"vite":"6"}}"#,
    r#"{"name":"api","type":"module","dependencies":{"express":"5"}}"#,
    r#"{"name":"api","dependencies":{"express":"4"},"devDependencies":{"ts-node":"10","typescript":"5"}}"#,
    r#"{"name":"nest","dependencies":{"@nestjs/core":"11","@nestjs/common":"11"}}"#,
    r#"{"name":"root","private":true,"workspaces":["apps/*","packages/*"],"devDependencies":{"turbo":"2"}}"#,
    r#"{"name":"hoisted","workspaces":{"packages":["apps/*"]},"dependencies":{"next":"16","@nestjs/core":"11"}}"#,
    r#"{"packageManager":"pnpm@9.0.0","dependencies":{"next":"latest"}}"#,
    r#"{"dependencies":{"next":{"weird":true}},"type":42,"workspaces":7,"scripts":[]}"#,
    r#"{"dependencies":null}"#,
    r#"[]"#,
    r#""just a string""#,
    r#"{"name": "broken""#,
    "",
    "\u{feff}{}",
];

const PYPROJECTS: &[&str] = &[
    "[project]\nname = \"api\"\ndependencies = [\"fastapi>=0.110\", \"uvicorn\"]\n",
    "[tool.poetry.dependencies]\npython = \"^3.11\"\nfastapi = \"*\"\n",
    "[tool.uv.workspace]\nmembers = [\"apps/*\"]\n",
    "[project\nbroken = ",
    "[project]\ndependencies = \"not a list\"\n",
];

const OTHER_FILES: &[(&str, &str)] = &[
    ("next.config.ts", "export default {};\n"),
    ("next.config.mjs", "export default { output: 'standalone' };\n"),
    ("app/page.tsx", "export default function Page() { return null; }\n"),
    ("pages/index.js", "export default () => null;\n"),
    ("tsconfig.json", r#"{"compilerOptions":{"paths":{"@/*":["./src/*"]}}}"#),
    ("tsconfig.json", "{ not json"),
    ("jsconfig.json", r#"{"compilerOptions":{"baseUrl":"."}}"#),
    ("nest-cli.json", r#"{"sourceRoot":"src"}"#),
    ("nest-cli.json", r#"{"sourceRoot": 5}"#),
    ("requirements.txt", "fastapi==0.115\npyjwt\n"),
    ("requirements.txt", "\u{0}\u{1}binary"),
    ("main.py", "from fastapi import FastAPI\napp = FastAPI()\n"),
    ("app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n"),
    ("index.py", "import fastapi\napp = fastapi.FastAPI(docs_url=None)\n"),
    (".env", "DATABASE_URL=postgres://u:p@localhost/db\n"),
    (".env", "BROKEN LINE WITHOUT EQUALS\n"),
    (".env.local", "BETTER_AUTH_SECRET=\"unterminated\n"),
    (".env.example", "POSTGRES_URL=mysql://x\n"),
    ("prisma/schema.prisma", "datasource db {\n  provider = \"mysql\"\n  url = env(\"DATABASE_URL\")\n}\n"),
    ("drizzle.config.ts", "export default { dialect: 'sqlite', dbCredentials: { url: process.env.DB_FILE } };\n"),
    ("lib/auth.ts", "import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({});\n"),
    ("src/auth/server.ts", "export const auth = betterAuth({ plugins: [jwt()] });\n"),
    ("lib/auth-client.ts", "export const authClient = createAuthClient();\n"),
    ("proxy.ts", "export function proxy() {}\n"),
    ("uv.lock", "version = 1\n"),
    ("pnpm-workspace.yaml", "packages:\n  - apps/*\n"),
    ("docs.json", "{}"),
    ("mkdocs.yml", "site_name: x\n"),
    ("authgen.toml", "arch = \"separate\"\nbackend = \"fastapi\"\ndb = \"sqlite\"\n"),
    ("authgen.toml", "arch = 5\n"),
    ("authgen.toml", "frontend_dir = \"../outside\"\n"),
];

/// Builds one random repository under `root`.
/// Builds the repository; returns the folder its outward links point to.
fn generate(rng: &mut Rng, root: &Path) -> tempfile::TempDir {
    let mut folders: Vec<String> = vec![".".into()];
    for _ in 0..rng.below(5) {
        folders.push(rng.pick(FOLDERS).to_string());
    }
    for folder in &folders {
        let dir = root.join(folder);
        let _ = fs::create_dir_all(&dir);
        if rng.chance(60) {
            let _ = fs::write(dir.join("package.json"), rng.pick(PACKAGE_JSONS));
        }
        if rng.chance(20) {
            let _ = fs::write(dir.join("pyproject.toml"), rng.pick(PYPROJECTS));
        }
        if rng.chance(40) {
            let lines: Vec<&str> = (0..rng.below(5)).map(|_| rng.pick(GITIGNORE_LINES)).collect();
            let _ = fs::write(dir.join(".gitignore"), lines.join("\n"));
        }
        for _ in 0..rng.below(4) {
            let (file, text) = OTHER_FILES[rng.below(OTHER_FILES.len())];
            let path = dir.join(file);
            let _ = fs::create_dir_all(path.parent().unwrap());
            let _ = fs::write(path, text);
        }
        if rng.chance(8) {
            let _ = fs::create_dir_all(dir.join("package.json"));
        }
    }
    // Links last, so the generator itself never writes through one (a link
    // to /tmp would otherwise receive the files meant for that folder).
    // authgen must refuse to write through them, or leave them alone.
    let outside = tempfile::tempdir().unwrap();
    for folder in &folders {
        let dir = root.join(folder);
        match rng.below(12) {
            0 => drop(symlink(outside.path(), dir.join("outside-link"))),
            1 => drop(symlink("does-not-exist", dir.join("dangling"))),
            2 => drop(symlink(".", dir.join("loop"))),
            3 if !dir.join(".env.local").exists() => drop(symlink("/etc/hostname", dir.join(".env.local"))),
            4 if !dir.join("src").exists() => drop(symlink(outside.path(), dir.join("src"))),
            _ => {}
        }
    }
    outside
}

fn flags(rng: &mut Rng) -> Vec<&'static str> {
    let mut flags = vec!["init", "--yes"];
    let choices: &[&[&str]] = &[
        &[],
        &["--arch", "monolithic"],
        &["--arch", "separate"],
        &["--arch", "separate", "--backend", "express"],
        &["--backend", "fastapi", "--db", "sqlite"],
        &["--frontend-dir", "web", "--backend-dir", "api"],
        &["--db", "mysql", "--src-dir"],
        &["--no-src-dir", "--force"],
    ];
    flags.extend_from_slice(choices[rng.below(choices.len())]);
    flags
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn authgen(dir: &Path, args: &[&str]) -> Outcome {
    let output = Command::cargo_bin("authgen")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .env("PATH", "/nonexistent")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// What every run must look like, whatever it was given.
fn check(seed: u64, args: &[&str], run: &Outcome, allowed: &[i32]) {
    let context = format!(
        "seed {seed}: authgen {}\nexit {}\nstdout:\n{}\nstderr:\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("internal error"), "a panic: {context}");
    assert!(allowed.contains(&run.code), "unexpected exit code: {context}");
    if run.code != 0 {
        let errors: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "one error line expected: {context}");
        assert!(errors[0].len() < 400, "an error line a person can read: {context}");
    }
    if args.contains(&"--json") {
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&run.stdout);
        assert!(parsed.is_ok(), "--json printed something that is not JSON: {context}");
    }
}

fn run_seed(seed: u64) {
    let mut rng = Rng(seed);
    let repo = tempfile::tempdir().unwrap();
    let outside = generate(&mut rng, repo.path());
    let mut args = flags(&mut rng);
    let dry: Vec<&str> = args.iter().copied().chain(["--dry-run", "--json"]).collect();
    check(seed, &dry, &authgen(repo.path(), &dry), &[0, 2, 3]);
    let run = authgen(repo.path(), &args);
    // 1 only when the run's own checklist found an error in a file it manages
    // (a shape can hold, say, a pyjwt without its crypto extra).
    let allowed: &[i32] = if run.stderr.contains("the verification found") { &[1] } else { &[0, 2, 3] };
    check(seed, &args, &run, allowed);
    args.truncate(1);
    let doctor = ["doctor", "--json"];
    check(seed, &doctor, &authgen(repo.path(), &doctor), &[0, 1, 2]);
    let leaked: Vec<_> = fs::read_dir(outside.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(leaked.is_empty(), "seed {seed}: authgen wrote outside the repository through a link: {leaked:?}");
}

#[test]
fn no_repository_shape_makes_authgen_panic() {
    if let Some(seed) = std::env::var("AUTHGEN_SHAPES_SEED").ok().and_then(|s| s.parse().ok()) {
        return run_seed(seed);
    }
    let count: u64 = std::env::var("AUTHGEN_SHAPES").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    for seed in 0..count {
        run_seed(seed);
    }
}

#[test]
fn a_panic_is_one_line_and_json_stays_json() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("authgen")
        .unwrap()
        .current_dir(dir.path())
        .args(["init", "--yes", "--json"])
        .env("AUTHGEN_TEST_PANIC", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("this is a bug in authgen") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["error"]["bug"], true);
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing written");
}
