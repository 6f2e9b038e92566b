use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::Parser;
use console::style;

fn main() -> ExitCode {
    // Ctrl-C at a prompt: restore the cursor and leave with nothing written.
    // While files are being moved into place the signal waits for the end.
    let _ = ctrlc::set_handler(|| {
        if authgen::WRITING.load(Ordering::SeqCst) {
            return;
        }
        let _ = console::Term::stderr().show_cursor();
        eprintln!("\ncancelled; nothing was written");
        std::process::exit(130);
    });

    let cli = authgen::cli::Cli::parse();
    authgen::terminal::set_colors(cli.color);
    let json = cli.command.json();
    authgen::error::install_panic_report(json);
    match std::panic::catch_unwind(|| authgen::run(cli.command)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            // Ctrl-C read as a key by a prompt in raw mode (not as a signal):
            // the prompt hid the cursor, so show it again.
            if matches!(error, authgen::error::Error::Cancelled) {
                let _ = console::Term::stderr().show_cursor();
            }
            if json && error.needs_json() {
                println!("{}", error.to_json());
            }
            eprintln!("{} {error}", style("error:").red().bold().for_stderr());
            ExitCode::from(error.exit_code() as u8)
        }
        // The panic report already said what failed, in one line.
        Err(_) => ExitCode::from(authgen::error::BUG_EXIT_CODE),
    }
}
