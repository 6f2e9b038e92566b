//! authgen: adds Better Auth to a Next.js project, with JWT verification for a
//! separate backend. The pipeline, one module per step:
//! cli -> answers -> detect -> plan -> present -> apply.

pub mod accounts;
pub mod answers;
pub mod apply;
pub mod cli;
pub mod detect;
pub mod doctor;
pub mod edit;
pub mod envfile;
pub mod error;
pub mod manifests;
pub mod outputs;
pub mod paths;
pub mod plan;
pub mod plugins;
pub mod present;
pub mod record;
pub mod resolve;
pub mod tasks;
pub mod terminal;
pub mod wizard;

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use console::style;

use crate::answers::Prompter;
use crate::cli::{Command, DoctorArgs, InitArgs, MigrateArgs};
use crate::detect::DiskTree;
use crate::error::{Error, Result};
use crate::plan::Secrets;
use crate::present::Outcome;
use crate::resolve::Action;

/// Set while files are being moved into place: Ctrl-C waits for it to finish.
pub static WRITING: AtomicBool = AtomicBool::new(false);

pub fn run(command: Command) -> Result<()> {
    // Lets the test suite check what a user sees when authgen hits a bug.
    if std::env::var_os("AUTHGEN_TEST_PANIC").is_some() {
        panic!("AUTHGEN_TEST_PANIC is set");
    }
    match command {
        Command::Init(args) => init(&args),
        Command::Migrate(args) => migrate(&args),
        Command::CreateAdmin(args) => create_admin(&args),
        Command::Doctor(args) => doctor(&args),
        Command::Completions(args) => completions(args.shell),
    }
}

/// `authgen completions <shell>`: rendered into a buffer first, so a closed
/// pipe (`| head`) ends the output quietly instead of panicking mid-write.
fn completions(shell: clap_complete::Shell) -> Result<()> {
    use std::io::Write;
    let mut command = <cli::Cli as clap::CommandFactory>::command();
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut command, "authgen", &mut buffer);
    match std::io::stdout().lock().write_all(&buffer) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::Other(anyhow::anyhow!("cannot write the completion script: {e}")))
        }
        _ => Ok(()),
    }
}

/// Whether questions may be asked: a terminal on stdin and stderr, not CI,
/// and neither --no-input nor --yes.
fn interactive(args: &InitArgs) -> bool {
    !args.no_input
        && !args.check
        && !args.yes
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false" || v == "0")
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
}

fn warn(message: &str) {
    eprintln!("{} {message}", style("warning:").yellow().bold().for_stderr());
}

/// Everything `init` decides before writing: the answers, the plan and each
/// file's action.
struct Prepared {
    tree: DiskTree,
    resolved: answers::Resolved,
    plan: outputs::Plan,
    changes: Vec<resolve::Change>,
    recovered: Option<apply::Recovery>,
}

/// Finishes an interrupted earlier run (never under `--dry-run`, which
/// writes nothing and says so instead).
fn recover(tree: &DiskTree, dry_run: bool) -> Result<Option<apply::Recovery>> {
    if dry_run {
        if apply::interrupted(tree) {
            warn(&format!(
                "an interrupted run left {}: the next run without --dry-run finishes it first, so this plan may differ from what it writes",
                apply::JOURNAL
            ));
        }
        return Ok(None);
    }
    let recovery = apply::recover(tree)?;
    if let Some(r) = &recovery {
        let what = if r.action == "finished" { "finished" } else { "rolled back" };
        eprintln!("{} {what} an interrupted earlier run ({} file(s))", style("i").cyan(), r.files);
        for path in &r.kept {
            warn(&format!("{path} changed since the interrupted run: kept as it is"));
        }
    }
    Ok(recovery)
}

fn prepare(args: &InitArgs, terminal: Option<&mut wizard::TerminalPrompter>) -> Result<Prepared> {
    let tree = DiskTree::new(&args.dir)?;
    let recovered = recover(&tree, args.dry_run)?;
    let root = tree.root().to_path_buf();
    let repo = detect::scan(&root)?;
    for warning in &repo.warnings {
        warn(warning);
    }
    let answers_file = match &args.answers {
        Some(path) => answers::load_file(path, true)?,
        None => answers::load_file(&root.join(answers::ANSWERS_FILE), false)?,
    };
    let prompter = terminal.map(|p| p as &mut dyn Prompter);
    let previous_alg = answers_file.as_ref().and_then(|f| f.jwt_alg);
    let resolved = answers::resolve(args, answers_file, &root, &repo, prompter)?;
    for warning in resolved.frontend.warnings.iter().chain(resolved.backend.iter().flat_map(|b| &b.warnings)) {
        warn(warning);
    }
    let record = record::Record::load(&tree)?;
    // The record decides which files are authgen's, before anything is planned.
    let resolved = resolve::claim(resolved, record.as_ref());
    let secrets = Secrets::generate()?;
    let mut plan = plan::build(&resolved, &secrets)?;
    if let Some(note) = plan::alg_change_note(previous_alg, &resolved.answers) {
        plan.notes.push(note);
    }
    drop(secrets);
    let changes = resolve::resolve(&plan, &tree, args.force, record.as_ref())?;
    Ok(Prepared { tree, resolved, plan, changes, recovered })
}

fn init(args: &InitArgs) -> Result<()> {
    let mut terminal = interactive(args).then(wizard::TerminalPrompter::default);
    let Prepared { tree, resolved, plan, changes, recovered } = prepare(args, terminal.as_mut())?;
    let root = tree.root().to_path_buf();
    let conflicts = changes.iter().filter(|c| c.action == Action::Conflict).count();
    let pending = changes
        .iter()
        .filter(|c| c.role != "record")
        .filter(|c| {
            matches!(c.action, Action::Create | Action::Update | Action::Merge | Action::Remove)
                || (c.action == Action::Conflict && args.force)
        })
        .count();

    if !args.json {
        println!("{} {}", style("authgen init").bold(), style(root.display()).dim());
        print!("{}", present::summary(&resolved, &plan, &changes));
    }
    let finish = |mut outcome: Outcome| {
        outcome.recovered = recovered.clone();
        if args.json {
            println!("{}", present::json(&resolved, &plan, &changes, &outcome));
        }
        outcome
    };

    if args.check {
        return drift(args, &resolved, &plan, &changes);
    }
    if conflicts > 0 && !args.force {
        if args.json {
            finish(Outcome::new("refused"));
        } else {
            print!("{}", present::conflicts(&changes));
        }
        return Err(Error::Conflicts(conflicts));
    }
    if args.dry_run {
        finish(Outcome::new("dry-run"));
        if !args.json {
            println!("\n{} nothing was written (--dry-run)", style("i").cyan());
        }
        return Ok(());
    }
    // What the checklist finds before writing is the project's own state: an
    // error already there fails the run only in a file authgen generates.
    // (With nothing to write, the tree after is the tree before.)
    let before = (pending > 0).then(|| verification(&root, &resolved));
    let swept = apply::sweep(&tree, &changes)?;
    let mut outcome = if pending == 0 {
        if !args.json {
            println!("\n{} everything is already up to date; nothing was written", style("✔").green());
        }
        Outcome::new("up-to-date")
    } else {
        if let Some(prompter) = terminal.as_mut() {
            eprintln!();
            if !prompter.confirm(&format!("Write {pending} file(s)?"), true)? {
                return Err(Error::Cancelled);
            }
        }
        let timestamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
        WRITING.store(true, Ordering::SeqCst);
        let outcome = apply::apply(&tree, &changes, args.force, &timestamp);
        WRITING.store(false, Ordering::SeqCst);
        outcome?
    };
    if !swept.is_empty() && !args.json {
        eprintln!("{} removed {} temporary file(s) an older run left behind", style("i").cyan(), swept.len());
    }
    let (installed, migrated) = after_writing(&root, args, terminal.as_mut(), &resolved, &plan, &mut outcome)?;
    let outcome = finish(outcome);
    if let Some(tables) = &outcome.tables
        && !tables.complete()
    {
        return Err(Error::Reported(
            "some of Better Auth's tables are still missing after the migration (see above)".into(),
        ));
    }
    let findings = verification(&root, &resolved);
    let before = before.unwrap_or_else(|| findings.clone());
    if !args.json && (pending > 0 || installed || migrated) {
        print!("{}", present::next_steps(&plan, &outcome));
        print!("{}", present::checklist(&findings));
    }
    // A run must not succeed while its own checklist finds an error in a file it manages.
    let ours = findings
        .iter()
        .filter(|f| f.severity == doctor::Severity::Error)
        .filter(|f| {
            let output = plan.outputs.iter().find(|o| f.file.as_ref() == Some(&o.path));
            let generated = output.is_some_and(|o| matches!(o.content, outputs::Content::Generated(_)));
            let already = before.iter().any(|b| b.id == f.id && b.file == f.file);
            output.is_some() && (generated || !already)
        })
        .count();
    if ours > 0 {
        return Err(Error::Reported(format!(
            "the verification found {ours} error(s) in files authgen manages (see `{} doctor`): the answers and the files disagree",
            terminal::authgen()
        )));
    }
    Ok(())
}

/// After writing: the packages, then the tables, each only when asked for
/// (flag or question) and, for the tables, only when they can be created
/// (the app's packages installed, a real database URL); otherwise the
/// migration waits in the next steps, with the reason.
fn after_writing(
    root: &std::path::Path,
    args: &InitArgs,
    mut terminal: Option<&mut wizard::TerminalPrompter>,
    resolved: &answers::Resolved,
    plan: &outputs::Plan,
    outcome: &mut Outcome,
) -> Result<(bool, bool)> {
    let install = match (args.install_flag(), terminal.as_deref_mut()) {
        (Some(flag), _) => flag,
        (None, Some(prompter)) => prompter.confirm("Install the packages now?", true)?,
        (None, None) => false,
    };
    if install {
        tasks::install(root, &plan.packages)?;
        outcome.installed = true;
    }
    let target = migration_target(root, resolved);
    let wanted = args.migrate_flag();
    let migrate = match (tasks::migration_blocker(&target), wanted, terminal) {
        (Some(_), Some(false), _) => false,
        (Some(reason), _, _) => {
            outcome.migration_postponed = Some(reason);
            false
        }
        (None, Some(flag), _) => flag,
        (None, None, Some(prompter)) => prompter.confirm("Create Better Auth's tables now?", true)?,
        (None, None, None) => false,
    };
    if migrate {
        let report = tasks::migrate(&target)?;
        eprint!("{}", report.render());
        outcome.tables = Some(report);
    }
    Ok((install, migrate))
}

/// The app and config the migration works on.
fn migration_target(root: &std::path::Path, resolved: &answers::Resolved) -> tasks::Target {
    let a = &resolved.answers;
    let ext = if resolved.frontend.language == detect::Language::Javascript { "js" } else { "ts" };
    let auth_file = match &resolved.frontend.existing_auth {
        Some(config) => paths::relative_to(&a.frontend_dir, &config.path),
        None => format!("{}lib/auth.{ext}", if a.src_dir { "src/" } else { "" }),
    };
    tasks::Target {
        root: root.to_path_buf(),
        frontend_dir: a.frontend_dir.clone(),
        auth_file,
        db: a.db,
        jwt: a.arch == cli::Arch::Separate,
        db_env: resolved.frontend.db_env.clone(),
        plugins: a.plugins.clone(),
    }
}

/// The doctor's findings for the app and backend this run set up. The
/// checklist is advice: a file it cannot read is a warning, not a failed run.
fn verification(root: &std::path::Path, resolved: &answers::Resolved) -> Vec<doctor::Finding> {
    let a = &resolved.answers;
    let target = doctor::Target {
        app_dir: Some(a.frontend_dir.clone()),
        backend_dirs: a.backend_dir.iter().cloned().collect(),
        next_major: resolved.frontend.next_major,
        excluded: Vec::new(),
    };
    match doctor::collect(root, &target) {
        Ok(project) => doctor::check(&project),
        Err(error) => {
            warn(&format!("verification skipped: {error}"));
            Vec::new()
        }
    }
}

/// `init --check`: exit 0 when nothing would change, 1 (listing what would) when something would.
fn drift(
    args: &InitArgs,
    resolved: &answers::Resolved,
    plan: &outputs::Plan,
    changes: &[resolve::Change],
) -> Result<()> {
    // Real env files are local (never committed): a fresh clone lacks them by design.
    let drifted: Vec<&resolve::Change> =
        changes.iter().filter(|c| c.action != Action::Unchanged && !c.private).collect();
    if args.json {
        let outcome = Outcome::new(if drifted.is_empty() { "up-to-date" } else { "drift" });
        println!("{}", present::json(resolved, plan, changes, &outcome));
    } else {
        print!("{}", present::drift(&drifted));
    }
    if drifted.is_empty() {
        Ok(())
    } else {
        Err(Error::Reported(format!(
            "{} file(s) would change: run authgen init with the same answers to apply them",
            drifted.len()
        )))
    }
}

/// `authgen create-admin --email EMAIL`: the user's role becomes admin.
fn create_admin(args: &cli::CreateAdminArgs) -> Result<()> {
    let target = auth_target(&args.dir, args.frontend_dir.as_ref(), "create-admin")?;
    tasks::create_admin(&target, &args.email)?;
    eprintln!("{} {} is an admin: /admin lists the users", console::style("✔").green().for_stderr(), args.email);
    Ok(())
}

/// `authgen migrate [--check]`: the tables of the app authgen (or a person) set up.
fn migrate(args: &MigrateArgs) -> Result<()> {
    let target = auth_target(&args.dir, args.frontend_dir.as_ref(), "migrate")?;
    if args.rotate_keys {
        return rotate_keys(args, &target);
    }
    let report = if args.check { tasks::check(&target)? } else { tasks::migrate(&target)? };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).expect("the report serializes"));
    } else {
        print!("{}", report.render());
    }
    if report.complete() {
        Ok(())
    } else if args.check {
        Err(Error::Reported(format!(
            "some of Better Auth's tables are missing: create them with `{} migrate`",
            terminal::authgen()
        )))
    } else {
        Err(Error::Reported("some of Better Auth's tables are still missing after the migration".into()))
    }
}

/// The app's Better Auth config and database, for the commands that run it.
fn auth_target(
    dir: &std::path::Path,
    frontend_dir: Option<&std::path::PathBuf>,
    command: &str,
) -> Result<tasks::Target> {
    let tree = DiskTree::new(dir)?;
    // The tables follow the config: an interrupted init is finished first.
    recover(&tree, false)?;
    let root = tree.root().to_path_buf();
    let saved = answers::load_file(&root.join(answers::ANSWERS_FILE), false)?.unwrap_or_default();
    let repo = detect::scan(&root)?;
    let frontend_dir = app_folder(frontend_dir, &saved, || Ok(repo.next_apps.clone()), command, Some("."))?;
    let frontend = detect::frontend(&root, &frontend_dir, &repo)?;
    let Some(config) = frontend.existing_auth.clone() else {
        return Err(Error::usage(format!(
            "no Better Auth config (betterAuth(...)) in {}: run authgen init first, or pass --frontend-dir",
            if frontend_dir == "." { "the repository root".to_string() } else { format!("{frontend_dir}/") }
        )));
    };
    let (auth_file, jwt) = (paths::relative_to(&frontend_dir, &config.path), config.jwt);
    Ok(tasks::Target {
        root,
        frontend_dir,
        auth_file,
        db: saved.db.or(frontend.db).unwrap_or(cli::Db::Postgres),
        jwt,
        plugins: saved.plugins.clone().unwrap_or_default(),
        db_env: frontend.db_env.clone(),
    })
}

/// `authgen migrate --rotate-keys`: deletes the signing keys, after asking in a terminal.
fn rotate_keys(args: &MigrateArgs, target: &tasks::Target) -> Result<()> {
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !args.yes && terminal && !args.json {
        let mut prompter = wizard::TerminalPrompter::default();
        let question = "Delete the app's JWT signing keys? Tokens already issued stop verifying; the next token request creates a new key";
        if !prompter.confirm(question, true)? {
            return Err(Error::Cancelled);
        }
    }
    let report = tasks::rotate_keys(target)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).expect("the report serializes"));
    } else {
        let deleted = report.keys_deleted.unwrap_or(0);
        println!(
            "{} deleted {deleted} signing key(s); the next /api/auth/token creates a new one. The generated backends fetch it within about a second of its first use, with no restart.",
            style("✔").green()
        );
    }
    Ok(())
}

/// `authgen doctor`: findings for the app (and backend) of this repository.
fn doctor(args: &DoctorArgs) -> Result<()> {
    if let Some(id) = &args.explain {
        return match doctor::explain(id) {
            Some(text) => {
                print!("{text}");
                Ok(())
            }
            None => Err(Error::usage(format!("no rule {id:?}: `{} doctor --list` shows them", terminal::authgen()))),
        };
    }
    if args.list {
        print!("{}", doctor::rules_markdown(true));
        return Ok(());
    }
    let tree = DiskTree::new(&args.dir)?;
    if args.fix {
        return doctor_fix(args, &tree);
    }
    let (findings, unread) = audit(args, &tree)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&findings).expect("findings serialize"));
    } else {
        print!("{}", present::findings(&findings));
    }
    // On stderr in both modes: `--json` stays an array of findings.
    if let Some(note) = present::unread(&unread) {
        eprint!("{note}");
    }
    doctor_exit(&findings)
}

/// Exit 1 (reported) when a finding is an error.
fn doctor_exit(findings: &[doctor::Finding]) -> Result<()> {
    let errors = findings.iter().filter(|f| f.severity == doctor::Severity::Error).count();
    if errors > 0 { Err(Error::Reported(format!("authgen doctor found {errors} error(s)"))) } else { Ok(()) }
}

/// Every target's findings, each mistake once, and the files doctor did not check.
fn audit(args: &DoctorArgs, tree: &DiskTree) -> Result<(Vec<doctor::Finding>, Vec<doctor::project::Unread>)> {
    let root = tree.root().to_path_buf();
    let mut findings: Vec<doctor::Finding> = Vec::new();
    let mut unread: Vec<doctor::project::Unread> = Vec::new();
    for target in doctor_targets(args, &root)? {
        let project = doctor::collect(&root, &target)?;
        for u in &project.unread {
            if !unread.contains(u) {
                unread.push(u.clone());
            }
        }
        let mut found = doctor::check(&project);
        if args.live {
            found.extend(doctor::live(&project, args.token.as_deref()));
        }
        for finding in found {
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        }
    }
    Ok((findings, unread))
}

/// `authgen doctor --fix`: the fixes of the findings as one staged, journaled
/// write (the same apply as init), shown first; then the rules run again and
/// what remains decides the exit code.
fn doctor_fix(args: &DoctorArgs, tree: &DiskTree) -> Result<()> {
    recover(tree, args.dry_run)?;
    let (findings, unread) = audit(args, tree)?;
    if let Some(note) = present::unread(&unread) {
        eprint!("{note}");
    }
    let chosen: Vec<&doctor::Finding> = findings
        .iter()
        .filter(|f| f.autofix.as_ref().is_some_and(|x| args.unsafe_fixes || x.safety == doctor::fix::Safety::Safe))
        .collect();
    let fixes: Vec<&doctor::fix::Fix> = chosen.iter().filter_map(|f| f.autofix.as_ref()).collect();
    let read = |path: &str| detect::Tree::read(tree, path).ok().flatten();
    let applied = doctor::fix::apply_all(&fixes, &read);
    let changes = fix_changes(&applied, &read);
    // The findings whose fix was applied.
    let chosen: Vec<&doctor::Finding> = applied.fixed.iter().map(|i| chosen[*i]).collect();
    let held_back = findings
        .iter()
        .filter(|f| f.autofix.as_ref().is_some_and(|x| x.safety == doctor::fix::Safety::Unsafe) && !args.unsafe_fixes)
        .count();
    if !args.json {
        print!("{}", present::fix_diff(&changes, &applied, held_back));
    }
    if args.dry_run {
        if args.json {
            let report = present::fix_json(&chosen, &changes, &applied.skipped, &findings);
            println!("{report}");
        }
        return doctor_exit(&findings);
    }
    if !changes.is_empty() {
        let timestamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
        WRITING.store(true, Ordering::SeqCst);
        let outcome = apply::apply(tree, &changes, false, &timestamp);
        WRITING.store(false, Ordering::SeqCst);
        outcome?;
    }
    let (remaining, _) = audit(args, tree)?;
    if args.json {
        println!("{}", present::fix_json(&chosen, &changes, &applied.skipped, &remaining));
    } else {
        print!("{}", present::findings(&remaining));
    }
    doctor_exit(&remaining)
}

/// The fixed files as changes for `apply`: edits update (or, after a
/// rename, create) a file; a renamed file is removed.
fn fix_changes(applied: &doctor::fix::Applied, read: &dyn Fn(&str) -> Option<String>) -> Vec<resolve::Change> {
    let change = |path: &str, action, old: Option<String>, new: String| resolve::Change {
        path: path.to_string(),
        role: "doctor.fix",
        action,
        old,
        new,
        env_keys: Vec::new(),
        private: doctor::project::env_kind(path.rsplit('/').next().unwrap_or(path)) == Some(false),
        overlaps: Vec::new(),
        remark: None,
    };
    let mut out: Vec<resolve::Change> = applied
        .files
        .iter()
        .map(|(path, new)| match read(path) {
            Some(old) => change(path, resolve::Action::Update, Some(old), new.clone()),
            None => change(path, resolve::Action::Create, None, new.clone()),
        })
        .collect();
    out.extend(applied.removed.iter().map(|path| change(path, resolve::Action::Remove, read(path), String::new())));
    out
}

/// What doctor audits: the app from --frontend-dir or authgen.toml, else
/// every Next.js app with Better Auth code (each with the backends beside it),
/// else the one app found; with no app, the backends alone.
fn doctor_targets(args: &DoctorArgs, root: &std::path::Path) -> Result<Vec<doctor::Target>> {
    let saved = answers::load_file(&root.join(answers::ANSWERS_FILE), false)?.unwrap_or_default();
    let repo = detect::scan(root)?;
    // Next.js majors of the apps already looked at (detect::frontend reads the app's code).
    let mut majors: std::collections::BTreeMap<String, Option<u64>> = Default::default();
    let apps: Vec<String> = if args.frontend_dir.is_some() || saved.frontend_dir.is_some() {
        vec![app_folder(args.frontend_dir.as_ref(), &saved, || Ok(Vec::new()), "check", None)?]
    } else if repo.next_apps.len() < 2 {
        repo.next_apps.clone()
    } else {
        let mut found = Vec::new();
        for dir in &repo.next_apps {
            let app = detect::frontend(root, dir, &repo)?;
            majors.insert(dir.clone(), app.next_major);
            if app.existing_auth.is_some() || app.existing_client.is_some() {
                found.push(dir.clone());
            }
        }
        if found.is_empty() {
            app_folder(None, &saved, || Ok(repo.next_apps.clone()), "check", None)?;
        }
        found
    };
    let all_backends: Vec<String> = repo.backends.iter().map(|b| b.dir.clone()).collect();
    let mut targets = Vec::new();
    for app in apps.iter().map(Some).chain(apps.is_empty().then_some(None)) {
        let backend_dirs = doctor_backends(args, &saved, &all_backends, app)?;
        let excluded = repo
            .next_apps
            .iter()
            .chain(&all_backends)
            .filter(|d| *d != "." && Some(*d) != app && !backend_dirs.contains(d))
            .filter(|d| app.is_none_or(|a| !a.starts_with(&format!("{d}/"))))
            .cloned()
            .collect();
        let next_major = match app {
            Some(app) => match majors.get(app) {
                Some(major) => *major,
                None => detect::frontend(root, app, &repo)?.next_major,
            },
            None => None,
        };
        targets.push(doctor::Target { app_dir: app.cloned(), backend_dirs, next_major, excluded });
    }
    Ok(targets)
}

/// The backends audited with `app`: the flag, authgen.toml, the backends in
/// the app's parent folder (a repository of several projects), else all.
fn doctor_backends(
    args: &DoctorArgs,
    saved: &answers::AnswersFile,
    all: &[String],
    app: Option<&String>,
) -> Result<Vec<String>> {
    if let Some(dir) = &args.backend_dir {
        return Ok(vec![answers::rel_dir("--backend-dir", &dir.to_string_lossy())?]);
    }
    if let Some(dir) = &saved.backend_dir {
        return Ok(vec![answers::rel_dir("backend_dir in authgen.toml", dir)?]);
    }
    let parent = app.and_then(|a| a.rsplit_once('/')).map(|(p, _)| format!("{p}/"));
    let near: Vec<String> =
        all.iter().filter(|b| parent.as_deref().is_some_and(|p| b.starts_with(p))).cloned().collect();
    Ok(if near.is_empty() { all.to_vec() } else { near })
}

/// The Next.js app a subcommand works on: --frontend-dir, else authgen.toml,
/// else the one app the scan finds (`none_found` when it finds none).
fn app_folder(
    flag: Option<&std::path::PathBuf>,
    saved: &answers::AnswersFile,
    found: impl FnOnce() -> Result<Vec<String>>,
    purpose: &str,
    none_found: Option<&str>,
) -> Result<String> {
    if let Some(dir) = flag {
        return answers::rel_dir("--frontend-dir", &dir.to_string_lossy());
    }
    if let Some(dir) = &saved.frontend_dir {
        return answers::rel_dir("frontend_dir in authgen.toml", dir);
    }
    match found()?.as_slice() {
        [one] => Ok(one.clone()),
        [] => none_found.map(str::to_string).ok_or_else(|| Error::usage("no Next.js app found: pass --frontend-dir")),
        many => Err(Error::usage(format!(
            "found {} Next.js apps ({}): pass --frontend-dir with the one to {purpose}",
            many.len(),
            many.join(", ")
        ))),
    }
}
