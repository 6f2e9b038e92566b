//! authgen: adds Better Auth to a Next.js project, with JWT verification for a
//! separate backend. The pipeline, one module per step:
//! cli -> answers -> detect -> plan -> present -> apply.

pub mod answers;
pub mod apply;
pub mod cli;
pub mod detect;
pub mod envfile;
pub mod error;
pub mod plan;
pub mod present;
pub mod wizard;

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use console::style;

use crate::answers::Prompter;
use crate::cli::{Command, InitArgs};
use crate::detect::DiskTree;
use crate::error::{Error, Result};
use crate::plan::{Action, Secrets};
use crate::present::Outcome;

/// Set while files are being moved into place: Ctrl-C waits for it to finish.
pub static WRITING: AtomicBool = AtomicBool::new(false);

pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Init(args) => init(&args),
    }
}

/// Whether questions may be asked: a terminal on stdin and stderr, not CI,
/// and neither --no-input nor --yes.
fn interactive(args: &InitArgs) -> bool {
    !args.no_input
        && !args.yes
        && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false" || v == "0")
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
}

fn warn(message: &str) {
    eprintln!("{} {message}", style("warning:").yellow().bold().for_stderr());
}

fn init(args: &InitArgs) -> Result<()> {
    let tree = DiskTree::new(&args.dir)?;
    let root = tree.root().to_path_buf();
    let repo = detect::scan(&root)?;
    for warning in &repo.warnings {
        warn(warning);
    }
    let answers_file = match &args.answers {
        Some(path) => answers::load_file(path, true)?,
        None => answers::load_file(&root.join(answers::ANSWERS_FILE), false)?,
    };

    let mut terminal = interactive(args).then(wizard::TerminalPrompter::default);
    let prompter = terminal.as_mut().map(|p| p as &mut dyn Prompter);
    let resolved = answers::resolve(args, answers_file, &root, &repo, prompter)?;

    let secrets = Secrets::generate()?;
    let plan = plan::build(&resolved, &secrets)?;
    drop(secrets);
    let changes = plan::resolve(&plan, &tree)?;

    let conflicts = changes.iter().filter(|c| c.action == Action::Conflict).count();
    let pending = changes
        .iter()
        .filter(|c| matches!(c.action, Action::Create | Action::Update) || (c.action == Action::Conflict && args.force))
        .count();

    if !args.json {
        println!("{} {}", style("authgen init").bold(), style(root.display()).dim());
        print!("{}", present::summary(&resolved, &plan, &changes));
    }
    let finish = |outcome: Outcome| {
        if args.json {
            println!("{}", present::json(&resolved, &plan, &changes, &outcome));
        }
        outcome
    };

    if conflicts > 0 && !args.force {
        if args.json {
            finish(Outcome { status: "refused", written: vec![], replaced: vec![], backup_dir: None });
        } else {
            print!("{}", present::conflicts(&changes));
        }
        return Err(Error::Conflicts(conflicts));
    }
    if args.dry_run {
        finish(Outcome { status: "dry-run", written: vec![], replaced: vec![], backup_dir: None });
        if !args.json {
            println!("\n{} nothing was written (--dry-run)", style("i").cyan());
        }
        return Ok(());
    }
    if pending == 0 {
        finish(Outcome { status: "up-to-date", written: vec![], replaced: vec![], backup_dir: None });
        if !args.json {
            println!("\n{} everything is already up to date; nothing was written", style("✔").green());
        }
        return Ok(());
    }
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
    let outcome = finish(outcome?);
    if !args.json {
        print!("{}", present::next_steps(&plan, &outcome));
    }
    Ok(())
}
