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
            Error::Other(_) => 1,
        }
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
