//! The one error type of authgen. Every failure maps to an exit code:
//! 2 bad input, 3 refused because of conflicts, 130 cancelled, 1 anything else.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// Bad flags, answers file, manifest or env file: the user can fix the input.
    Usage(String),
    /// The plan has conflicting files and `--force` was not given.
    Conflicts(usize),
    /// The user pressed Esc, Ctrl-C or answered "no" to the confirmation.
    Cancelled,
    /// Anything else (I/O while writing, a template bug).
    Other(anyhow::Error),
    /// A failure whose details the command's own output (text or JSON) has
    /// already shown, e.g. doctor's errors or missing tables: exit 1.
    Reported(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Conflicts(_) => 3,
            Error::Cancelled => 130,
            Error::Other(_) | Error::Reported(_) => 1,
        }
    }

    /// Whether --json output still needs an error object for this failure.
    pub fn needs_json(&self) -> bool {
        !matches!(self, Error::Conflicts(_) | Error::Reported(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Conflicts(n) => write!(
                f,
                "refused: {n} file{} would be overwritten; nothing was written (rerun with --force to replace them, with a backup in .authgen/backup/)",
                if *n == 1 { "" } else { "s" }
            ),
            Error::Cancelled => f.write_str("cancelled; nothing was written"),
            // One line: the chain of causes joined with ": ".
            Error::Other(error) => write!(f, "{error:#}"),
            Error::Reported(message) => f.write_str(message),
        }
    }
}

impl From<anyhow::Error> for Error {
    fn from(error: anyhow::Error) -> Self {
        Error::Other(error)
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::Other(error.into())
    }
}

/// Exit code of a run that hit a bug in authgen itself.
pub const BUG_EXIT_CODE: u8 = 1;

impl Error {
    /// `{"error": {"message", "exit_code"}}`, printed on stdout with --json.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "error": { "message": self.to_string(), "exit_code": self.exit_code() } }).to_string()
    }
}

/// Replaces Rust's panic message (a backtrace hint on several lines) with one
/// line that says what failed and that it is a bug; with `json`, the same as
/// a JSON error object on stdout. Nothing has been written when it fires
/// before the apply step, and apply only renames staged files.
pub fn install_panic_report(json: bool) {
    std::panic::set_hook(Box::new(move |info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into());
        let what = what.lines().next().unwrap_or_default().to_string();
        let place = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        let message = format!(
            "internal error: {what}{place}; this is a bug in authgen {}, please report it with the command you ran",
            env!("CARGO_PKG_VERSION")
        );
        if json {
            println!(
                "{}",
                serde_json::json!({ "error": { "message": message, "exit_code": BUG_EXIT_CODE, "bug": true } })
            );
        }
        eprintln!("error: {message}");
    }));
}
