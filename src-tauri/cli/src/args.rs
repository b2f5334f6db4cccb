//! The command line, as clap sees it.

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
PATHS:
  ACCOUNT:SPACE/FOLDER   a Space of a saved account
  s3://SPACE/FOLDER      with --account NAME, or with --endpoint/--region (or a Spaces
                         --region) and keys in SPACES_KEY/SPACES_SECRET or
                         AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY

EXIT CODES:
  0 ok, 2 invalid input, 3 authentication failed, 4 access denied, 5 not found,
  6 conflict, 7 rate limited, 8 network, 9 cancelled, 10 local I/O, 11 keychain,
  12 unsupported, 13 internal";

#[derive(Debug, Parser)]
#[command(name = "spaceport-cli", version, about = "Spaceport in the terminal: DigitalOcean Spaces and S3-compatible storage", after_help = AFTER_HELP)]
pub struct Cli {
    /// Machine-readable output: one JSON object per line; errors as {"error":{kind,message}} on stderr.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(flatten)]
    pub target: TargetArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// How to reach a server for `s3://` paths.
#[derive(Debug, Args, Clone, Default)]
pub struct TargetArgs {
    /// A saved account to use for s3:// paths.
    #[arg(long, global = true)]
    pub account: Option<String>,
    /// Endpoint URL of an S3-compatible server (with no saved account).
    #[arg(long, global = true)]
    pub endpoint: Option<String>,
    /// Region: a Spaces region (nyc3, ams3, ...) or the server's region with --endpoint.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Use virtual-hosted addressing with --endpoint (path-style is the default).
    #[arg(long, global = true)]
    pub virtual_hosted: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage saved accounts (secrets live in the system keychain).
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// List a folder: folders first, then files.
    Ls(LsArgs),
    /// Copy files up or down: local -> ACCOUNT:SPACE/PREFIX uploads, the reverse downloads.
    Cp(CpArgs),
}

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// List saved accounts.
    List,
    /// Save an account after testing its keys. The secret is read from SPACES_SECRET or
    /// AWS_SECRET_ACCESS_KEY, from stdin with --secret-stdin, or asked for.
    Add(AddArgs),
    /// Remove an account and its keychain entry.
    Remove { name: String },
    /// Check that a saved account's keys work.
    Test { name: String },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub name: String,
    /// Access key; defaults to SPACES_KEY or AWS_ACCESS_KEY_ID.
    #[arg(long)]
    pub access_key: Option<String>,
    /// Read the secret key from the first line of stdin.
    #[arg(long)]
    pub secret_stdin: bool,
    /// Save without testing the keys first.
    #[arg(long)]
    pub no_test: bool,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// ACCOUNT:SPACE/FOLDER or s3://SPACE/FOLDER
    pub path: String,
    /// Every key under the folder, not only its direct children.
    #[arg(long, short)]
    pub recursive: bool,
}

#[derive(Debug, Args)]
pub struct CpArgs {
    /// A local file or folder, or ACCOUNT:SPACE/KEY, s3://SPACE/KEY
    pub source: String,
    /// Where to: a remote prefix for uploads, a local path for downloads.
    pub destination: String,
    /// Copy a whole folder (local) or every key under a prefix (remote).
    #[arg(long, short)]
    pub recursive: bool,
    /// Who may read uploaded objects.
    #[arg(long, value_enum, default_value = "private")]
    pub acl: AclArg,
    /// Cache-Control for uploaded objects, e.g. "max-age=86400".
    #[arg(long)]
    pub cache_control: Option<String>,
    /// Content-Type for uploaded objects (default: guessed from each file name).
    #[arg(long)]
    pub content_type: Option<String>,
    /// How many requests move at once, across all files [default: the app's setting, 16].
    #[arg(long)]
    pub concurrency: Option<usize>,
    /// Requests started per second at most, 0 for no limit (Spaces allows 800 per Space,
    /// older Spaces 500) [default: the app's setting, 700].
    #[arg(long)]
    pub rate_limit: Option<u32>,
    /// Continue an interrupted copy: skip files already complete at the destination (same
    /// size). Partly moved files always continue from the parts the journal recorded.
    #[arg(long)]
    pub resume: bool,
    /// Files above this many MiB move in parts (uploads) or ranges (downloads).
    #[arg(long, default_value_t = 16)]
    pub part_threshold_mib: u64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AclArg {
    Private,
    PublicRead,
}
