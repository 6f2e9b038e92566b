//! `cargo bench`: wall time and peak memory of a full `authgen init --dry-run`
//! in a large synthetic monorepo (over 200,000 files under node_modules and
//! .venv) and in an empty folder. Reports the median of many runs; the targets
//! are at most 20 ms in the monorepo, at most twice the empty-folder time, and
//! at most 10 MiB peak resident memory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: usize = 41;
const NODE_PACKAGES: usize = 15_000; // x 10 files
const VENV_PACKAGES: usize = 6_000; // x 10 files

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// frontend/ (Next.js) + backend/ (FastAPI) + packages/, with dependency
/// folders full of manifests that a careless scan would read.
fn monorepo(root: &Path) -> usize {
    let done = root.join(".complete");
    if done.exists() {
        return fs::read_to_string(&done).unwrap().trim().parse().unwrap();
    }
    let _ = fs::remove_dir_all(root);
    write(&root.join("package.json"), r#"{"private": true, "workspaces": ["frontend", "packages/*"]}"#);
    write(&root.join("package-lock.json"), "{}");
    write(
        &root.join("frontend/package.json"),
        r#"{"dependencies": {"next": "16.4.6", "react": "19.3.0", "pg": "8.16.0"}}"#,
    );
    write(&root.join("frontend/tsconfig.json"), r#"{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}"#);
    write(&root.join("frontend/src/app/page.tsx"), "export default function Page() { return null }\n");
    write(&root.join("backend/pyproject.toml"), "[project]\nname = \"api\"\ndependencies = [\"fastapi\"]\n");
    write(&root.join("backend/app/main.py"), "from fastapi import FastAPI\napp = FastAPI()\n");
    for i in 0..20 {
        write(&root.join(format!("packages/pkg{i}/package.json")), r#"{"name": "pkg"}"#);
        write(&root.join(format!("packages/pkg{i}/src/index.ts")), "export {};\n");
    }
    let mut files = 0;
    for i in 0..NODE_PACKAGES {
        let dir = root.join(format!("node_modules/pkg-{i}"));
        write(&dir.join("package.json"), r#"{"name": "pkg", "dependencies": {"next": "1.0.0"}}"#);
        for j in 0..9 {
            write(&dir.join(format!("lib/file{j}.js")), "module.exports = {};\n");
        }
        files += 10;
    }
    for i in 0..VENV_PACKAGES {
        let dir = root.join(format!("backend/.venv/lib/python3.11/site-packages/pkg_{i}"));
        for j in 0..10 {
            write(&dir.join(format!("mod{j}.py")), "import fastapi\n");
        }
        files += 10;
    }
    fs::write(&done, files.to_string()).unwrap();
    files
}

/// (median wall ms, peak resident MiB) of `authgen init --dry-run` in `dir`.
// Children are reaped by wait4 below, which also reports their peak memory.
#[allow(clippy::zombie_processes)]
fn measure(dir: &Path) -> (f64, f64) {
    let mut times = Vec::with_capacity(RUNS);
    let mut peak_kib = 0i64;
    for _ in 0..RUNS {
        let start = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_authgen"))
            .args(["init", "--dry-run", "--no-input", "--arch", "separate", "--backend", "fastapi", "--db", "postgres"])
            .arg("--dir")
            .arg(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value, filled in by wait4.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waits for our own child; status and usage outlive the call.
        let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(
            pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            "authgen failed in {}",
            dir.display()
        );
        peak_kib = peak_kib.max(usage.ru_maxrss);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], peak_kib as f64 / 1024.0)
}

fn main() {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    let large = base.join("monorepo");
    let empty = base.join("empty");
    let started = Instant::now();
    let files = monorepo(&large);
    eprintln!("monorepo ready: {files} files under node_modules and .venv ({:.1} s)", started.elapsed().as_secs_f64());
    let _ = fs::remove_dir_all(&empty);
    fs::create_dir_all(&empty).unwrap();

    let (empty_ms, empty_mib) = measure(&empty);
    let (large_ms, large_mib) = measure(&large);
    let ratio = large_ms / empty_ms;
    println!("| folder | files | median wall time | peak memory |");
    println!("| --- | --- | --- | --- |");
    println!("| empty | 0 | {empty_ms:.2} ms | {empty_mib:.1} MiB |");
    println!("| monorepo | {files} | {large_ms:.2} ms | {large_mib:.1} MiB |");
    println!();
    let verdict = |ok: bool| if ok { "ok" } else { "MISSED" };
    println!("monorepo median <= 20 ms: {} ({large_ms:.2} ms)", verdict(large_ms <= 20.0));
    println!("monorepo <= 2x empty: {} ({ratio:.2}x)", verdict(ratio <= 2.0));
    println!(
        "peak memory <= 10 MiB: {} ({:.1} MiB)",
        verdict(large_mib.max(empty_mib) <= 10.0),
        large_mib.max(empty_mib)
    );
}
