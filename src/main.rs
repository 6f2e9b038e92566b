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
    match authgen::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{} {error}", style("error:").red().bold().for_stderr());
            ExitCode::from(error.exit_code() as u8)
        }
    }
}
