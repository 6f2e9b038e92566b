//! Interrupted and failing runs: killed after any filesystem step (a test-only
//! switch), killed at random moments (SIGKILL), or failing a write as a full
//! disk would. The next run with the same arguments must leave the tree
//! byte for byte as one uninterrupted run does, and no byte of the user's
//! files may be lost at any point.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const NEXT_PACKAGE: &str = r#"{"name": "web", "scripts": {"dev": "next dev"}, "dependencies": {"next": "16.0.0"}, "devDependencies": {"typescript": "^5"}}"#;
/// What the process exits with when the test switch ends it.
const CRASHED: i32 = 86;

/// The user's files before authgen runs: each must survive every interruption.
fn users_files(shape: Shape) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("frontend/package.json", NEXT_PACKAGE),
        ("frontend/.env.local", "# mine\nMY_API_KEY=keep-me\n"),
        (".gitignore", "node_modules/\n# my rule\n*.log\n"),
        ("frontend/src/app/page.tsx", "export default function Home() { return null }\n"),
    ];
    match shape {
        Shape::Fastapi => files.push(("backend/requirements.txt", "fastapi==0.115.0\n")),
        Shape::Express => files.push((
            "backend/package.json",
            r#"{"name": "api", "type": "module", "dependencies": {"express": "^5.1.0"}}"#,
        )),
        Shape::Monolith => {}
    }
    // A page of the user's at a path authgen generates: replaced under
    // --force, after a backup.
    files.push(("frontend/src/app/dashboard/page.tsx", "export default function Mine() { return 'mine' }\n"));
    files
}

#[derive(Clone, Copy, Debug)]
enum Shape {
    Fastapi,
    Express,
    Monolith,
}

fn args(shape: Shape) -> Vec<&'static str> {
    let mut args = vec!["init", "--no-input", "--db", "postgres", "--src-dir", "--force", "--frontend-dir", "frontend"];
    match shape {
        Shape::Fastapi => args.extend(["--arch", "separate", "--backend", "fastapi"]),
        Shape::Express => args.extend(["--arch", "separate", "--backend", "express", "--jwt-rotation-days", "30"]),
        Shape::Monolith => args.extend(["--arch", "monolithic", "--social", "github"]),
    }
    args
}

fn setup(shape: Shape) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in users_files(shape) {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn authgen(dir: &Path, shape: Shape) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_authgen"));
    command
        .current_dir(dir)
        .args(args(shape))
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn run(dir: &Path, shape: Shape, env: Option<(&str, String)>) -> (i32, String) {
    let mut command = authgen(dir, shape);
    if let Some((key, value)) = env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Every file and folder below `dir`: files with their bytes, the generated
/// secret and the backup timestamp masked.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        let rel = mask_backup(&rel);
        let bytes = if entry.file_type().is_dir() { b"<folder>".to_vec() } else { fs::read(entry.path()).unwrap() };
        let text = String::from_utf8_lossy(&bytes);
        let masked = text
            .lines()
            .map(|l| if l.starts_with("BETTER_AUTH_SECRET=") { "BETTER_AUTH_SECRET=<secret>" } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        files.insert(rel, masked.into_bytes());
    }
    files
}

fn mask_backup(rel: &str) -> String {
    match rel.strip_prefix(".authgen/backup/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, path)) => format!(".authgen/backup/<time>/{path}"),
            None => ".authgen/backup/<time>".into(),
        },
        None => rel.to_string(),
    }
}

fn differences(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in want {
        match got.get(path) {
            None => out.push(format!("missing {path}")),
            Some(other) if other != bytes => out.push(format!("differs {path}")),
            _ => {}
        }
    }
    out.extend(got.keys().filter(|p| !want.contains_key(*p)).map(|p| format!("extra {p}")));
    out
}

/// No byte of the user's files lost: each is its original or authgen's
/// final version; a replaced one has its backup.
fn assert_users_files_intact(dir: &Path, shape: Shape, want: &BTreeMap<String, Vec<u8>>, when: &str) {
    for (rel, original) in users_files(shape) {
        let now = fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{when}: {rel} is gone: {e}"));
        let fin = String::from_utf8_lossy(&want[rel]).into_owned();
        let comparable = |t: &str| {
            t.lines()
                .map(|l| if l.starts_with("BETTER_AUTH_SECRET=") { "BETTER_AUTH_SECRET=<secret>" } else { l })
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            now == original || comparable(&now) == fin,
            "{when}: {rel} is neither the user's version nor authgen's final one:\n{now}"
        );
        if rel.ends_with("dashboard/page.tsx") && now != original {
            let backups = walkdir::WalkDir::new(dir.join(".authgen/backup"))
                .into_iter()
                .flatten()
                .filter(|e| e.path().ends_with(rel))
                .any(|e| fs::read_to_string(e.path()).is_ok_and(|t| t == original));
            assert!(backups, "{when}: {rel} was replaced before its backup was on disk");
        }
    }
}

/// The tree one uninterrupted run leaves.
fn reference(shape: Shape) -> BTreeMap<String, Vec<u8>> {
    let dir = setup(shape);
    let (code, stderr) = run(dir.path(), shape, None);
    assert_eq!(code, 0, "{stderr}");
    snapshot(dir.path())
}

#[test]
fn killed_after_any_step_the_next_run_completes_the_same_integration() {
    for shape in [Shape::Fastapi, Shape::Monolith] {
        let want = reference(shape);
        let mut step = 1;
        loop {
            let dir = setup(shape);
            let (code, stderr) = run(dir.path(), shape, Some(("AUTHGEN_TEST_CRASH_AFTER", step.to_string())));
            if code == 0 {
                break;
            }
            assert_eq!(code, CRASHED, "{shape:?} step {step}: {stderr}");
            let when = format!("{shape:?} killed after step {step}");
            assert_users_files_intact(dir.path(), shape, &want, &when);
            let (code, stderr) = run(dir.path(), shape, None);
            assert_eq!(code, 0, "{when}, the re-run failed: {stderr}");
            let diff = differences(&snapshot(dir.path()), &want);
            assert!(diff.is_empty(), "{when}, then re-run: {diff:#?}");
            step += 1;
        }
        // Every file is staged, then renamed: far more steps than files.
        assert!(step > 40, "{shape:?}: only {step} steps were tried");
    }
}

#[test]
fn a_write_failing_at_any_step_leaves_the_tree_untouched_or_completed_by_the_next_run() {
    let shape = Shape::Fastapi;
    let want = reference(shape);
    let mut step = 1;
    let mut refused = 0;
    loop {
        let dir = setup(shape);
        let before = snapshot(dir.path());
        let (code, stderr) = run(dir.path(), shape, Some(("AUTHGEN_TEST_FAIL_AT", step.to_string())));
        if code == 0 {
            break;
        }
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(lines.len(), 1, "step {step}: one error line, got {stderr}");
        if code == 2 {
            // Failed while staging: nothing changed, and the error names the file.
            refused += 1;
            assert!(lines[0].contains("cannot write ") && lines[0].contains("nothing was written"), "{stderr}");
            let diff = differences(&snapshot(dir.path()), &before);
            assert!(diff.is_empty(), "failing at step {step} changed the tree: {diff:#?}");
        } else {
            // Failed while renaming: the journal lets the next run finish.
            assert_eq!(code, 1, "step {step}: {stderr}");
            assert_users_files_intact(dir.path(), shape, &want, &format!("failing at step {step}"));
            let (code, stderr) = run(dir.path(), shape, None);
            assert_eq!(code, 0, "{stderr}");
            let diff = differences(&snapshot(dir.path()), &want);
            assert!(diff.is_empty(), "failing at step {step}, then re-run: {diff:#?}");
        }
        step += 1;
    }
    assert!(refused > 20, "only {refused} staging steps failed");
}

/// A small xorshift generator: the seed is printed, so a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn random_sigkills_never_leave_a_wrong_integration() {
    let seed = std::env::var("AUTHGEN_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("AUTHGEN_KILL_SEED={seed}");
    let mut random = Random(seed);
    let started = Instant::now();
    let (mut kills, mut tries, mut mid_apply) = (0, 0, 0);
    for shape in [Shape::Fastapi, Shape::Express, Shape::Monolith] {
        let want = reference(shape);
        // How long one run takes here, to spread the kills over all of it.
        let dir = setup(shape);
        let clock = Instant::now();
        assert_eq!(run(dir.path(), shape, None).0, 0);
        let span = clock.elapsed().as_micros() as u64;
        for _ in 0..100 {
            // Bounded in time whatever the machine's load.
            if started.elapsed() > Duration::from_secs(150) {
                break;
            }
            tries += 1;
            let dir = setup(shape);
            let mut child = authgen(dir.path(), shape).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(Duration::from_micros(random.below(span * 11 / 10)));
            let _ = child.kill();
            let status = child.wait().unwrap();
            if status.code().is_none() {
                kills += 1;
                mid_apply += usize::from(dir.path().join(".authgen/journal.json").exists());
            }
            let when = format!("{shape:?} killed (seed {seed})");
            assert_users_files_intact(dir.path(), shape, &want, &when);
            let (code, stderr) = run(dir.path(), shape, None);
            assert_eq!(code, 0, "{when}, the re-run failed: {stderr}");
            let diff = differences(&snapshot(dir.path()), &want);
            assert!(diff.is_empty(), "{when}, then re-run: {diff:#?}");
        }
    }
    eprintln!("{kills} of {tries} runs killed before they finished, {mid_apply} of them while writing");
    // The delays spread over one run's length: most runs die mid-way.
    assert!(tries >= 60 && kills * 2 >= tries, "only {kills} of {tries} runs were killed before they finished");
}

#[test]
fn a_file_changed_between_the_interrupted_run_and_the_next_is_never_overwritten() {
    let shape = Shape::Fastapi;
    // Find a step in the committing phase: the journal says so.
    let mut step = 1;
    let dir = loop {
        let dir = setup(shape);
        let (code, _) = run(dir.path(), shape, Some(("AUTHGEN_TEST_CRASH_AFTER", step.to_string())));
        assert_eq!(code, CRASHED, "no step left the journal in its committing phase");
        let journal = fs::read_to_string(dir.path().join(".authgen/journal.json")).unwrap_or_default();
        if journal.contains("\"committing\"") && dir.path().join("frontend/src/app/dashboard/page.tsx").exists() {
            let page = fs::read_to_string(dir.path().join("frontend/src/app/dashboard/page.tsx")).unwrap();
            if page.contains("'mine'") {
                break dir;
            }
        }
        step += 1;
    };
    // The user edits a file the interrupted run had not moved into place yet.
    let page = dir.path().join("frontend/src/app/dashboard/page.tsx");
    fs::write(&page, "export default function Mine() { return 'edited after the crash' }\n").unwrap();
    let (code, stderr) = run(dir.path(), shape, None);
    assert!(stderr.contains("changed since the interrupted run: kept as it is"), "{stderr}");
    assert!(code == 0 || code == 3, "{stderr}");
    let now = fs::read_to_string(&page).unwrap();
    let backed_up = walkdir::WalkDir::new(dir.path().join(".authgen/backup"))
        .into_iter()
        .flatten()
        .any(|e| fs::read_to_string(e.path()).is_ok_and(|t| t.contains("edited after the crash")));
    assert!(now.contains("edited after the crash") || backed_up, "the user's edit was lost:\n{now}");
}

#[test]
fn temporary_files_left_by_an_older_authgen_are_not_taken_for_the_apps_own() {
    // The state an interrupted run of an authgen without a journal left:
    // the route handler's folder holding only a staged temporary file.
    let shape = Shape::Fastapi;
    let dir = setup(shape);
    let route_dir = dir.path().join("frontend/src/app/api/auth/[...all]");
    fs::create_dir_all(&route_dir).unwrap();
    fs::write(route_dir.join(".authgen-Ab12Cd"), "export const { GET, POST } = toNextJsHandler(auth);\n").unwrap();
    fs::write(dir.path().join("frontend/src/app/.authgen-Zz9Yy8"), "half a file").unwrap();
    let (code, stderr) = run(dir.path(), shape, None);
    assert_eq!(code, 0, "{stderr}");
    assert!(route_dir.join("route.ts").is_file(), "the route handler was not written");
    assert!(
        !route_dir.join(".authgen-Ab12Cd").exists() && !dir.path().join("frontend/src/app/.authgen-Zz9Yy8").exists()
    );
    let diff = differences(&snapshot(dir.path()), &reference(shape));
    assert!(diff.is_empty(), "{diff:#?}");
}

#[test]
fn dry_run_finishes_nothing_and_says_an_interrupted_run_is_pending() {
    let shape = Shape::Fastapi;
    let dir = setup(shape);
    let mut step = 1;
    loop {
        let (code, _) = run(dir.path(), shape, Some(("AUTHGEN_TEST_CRASH_AFTER", step.to_string())));
        assert_eq!(code, CRASHED);
        if dir.path().join(".authgen/journal.json").exists() {
            break;
        }
        step += 1;
    }
    let before = snapshot(dir.path());
    let output = authgen(dir.path(), shape).arg("--dry-run").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("an interrupted run left .authgen/journal.json"), "{stderr}");
    assert!(differences(&snapshot(dir.path()), &before).is_empty(), "--dry-run wrote something");
}

#[test]
fn authgen_migrate_finishes_an_interrupted_init_before_reading_the_config() {
    let shape = Shape::Fastapi;
    let want = reference(shape);
    let dir = setup(shape);
    let mut step = 1;
    loop {
        let (code, _) = run(dir.path(), shape, Some(("AUTHGEN_TEST_CRASH_AFTER", step.to_string())));
        assert_eq!(code, CRASHED);
        let journal = fs::read_to_string(dir.path().join(".authgen/journal.json")).unwrap_or_default();
        if journal.contains("\"committing\"") {
            break;
        }
        step += 1;
    }
    let output = Command::new(env!("CARGO_BIN_EXE_authgen"))
        .current_dir(dir.path())
        .args(["migrate", "--check"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("finished an interrupted earlier run"), "{stderr}");
    let diff = differences(&snapshot(dir.path()), &want);
    assert!(diff.is_empty(), "{diff:#?}");
}
