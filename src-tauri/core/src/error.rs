//! The one error type of Spaceport. The UI sees `{ kind, message }`: `kind` is a closed set it
//! may branch on, `message` is a sentence for a person and is never matched as text.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum ErrorKind {
    InvalidInput,
    AuthFailed,
    AccessDenied,
    NotFound,
    Conflict,
    RateLimited,
    Network,
    Cancelled,
    Io,
    Keychain,
    Unsupported,
    Internal,
}

impl ErrorKind {
    /// Process exit code for the CLI: stable, documented in `spaceport-cli --help`.
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::InvalidInput => 2,
            ErrorKind::AuthFailed => 3,
            ErrorKind::AccessDenied => 4,
            ErrorKind::NotFound => 5,
            ErrorKind::Conflict => 6,
            ErrorKind::RateLimited => 7,
            ErrorKind::Network => 8,
            ErrorKind::Cancelled => 9,
            ErrorKind::Io => 10,
            ErrorKind::Keychain => 11,
            ErrorKind::Unsupported => 12,
            ErrorKind::Internal => 13,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    AuthFailed(String),
    #[error("{0}")]
    AccessDenied(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    RateLimited(String),
    #[error("{0}")]
    Network(String),
    #[error("The operation was cancelled.")]
    Cancelled,
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Keychain(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::AuthFailed(_) => ErrorKind::AuthFailed,
            Error::AccessDenied(_) => ErrorKind::AccessDenied,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::RateLimited(_) => ErrorKind::RateLimited,
            Error::Network(_) => ErrorKind::Network,
            Error::Cancelled => ErrorKind::Cancelled,
            Error::Io(_) => ErrorKind::Io,
            Error::Keychain(_) => ErrorKind::Keychain,
            Error::Unsupported(_) => ErrorKind::Unsupported,
            Error::Internal(_) => ErrorKind::Internal,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            kind: self.kind(),
            message: self.to_string(),
        }
    }

    pub fn io(context: &str, err: &std::io::Error) -> Self {
        Error::Io(format!("{context}: {err}."))
    }

    /// An error of the same kind with another sentence (a caller's own wording of it).
    pub fn reworded(&self, message: String) -> Self {
        match self.kind() {
            ErrorKind::InvalidInput => Error::InvalidInput(message),
            ErrorKind::AuthFailed => Error::AuthFailed(message),
            ErrorKind::AccessDenied => Error::AccessDenied(message),
            ErrorKind::NotFound => Error::NotFound(message),
            ErrorKind::Conflict => Error::Conflict(message),
            ErrorKind::RateLimited => Error::RateLimited(message),
            ErrorKind::Network => Error::Network(message),
            ErrorKind::Cancelled => Error::Cancelled,
            ErrorKind::Io => Error::Io(message),
            ErrorKind::Keychain => Error::Keychain(message),
            ErrorKind::Unsupported => Error::Unsupported(message),
            ErrorKind::Internal => Error::Internal(message),
        }
    }
}

/// What crosses IPC and what the CLI prints with `--json`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(s)
    }
}
