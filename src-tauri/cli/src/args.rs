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
    /// Copy files up or down: local -> ACCOUNT:SPACE/PREFIX uploads, the reverse downloads,
    /// remote -> remote copies between folders, Spaces and accounts.
    Cp(CpArgs),
    /// Make a folder (a zero-byte marker "NAME/").
    Mkdir { path: String },
    /// Delete files, or folders with everything under them.
    Rm(RmArgs),
    /// Move or rename files and folders, within a Space, between Spaces or accounts.
    Mv(MvArgs),
    /// Who may read files: private or public-read.
    #[command(subcommand)]
    Acl(AclCommand),
    /// Headers and custom x-amz-meta-* metadata of files.
    #[command(subcommand)]
    Meta(MetaCommand),
    /// A link to a file: signed for a while (at most 7 days), or its public URL; --upload
    /// for a link someone else can upload one file with. Every link is kept in the history.
    Share(ShareArgs),
    /// Find files whose name contains TEXT, anywhere under a folder.
    Find { path: String, text: String },
    /// Make a Space: ACCOUNT:NAME or s3://NAME, in --region (a Spaces region) or the account's.
    Mb(MbArgs),
    /// Destroy a Space; one that holds anything only with --force, which deletes every file,
    /// version and unfinished upload in it first.
    Rb(RbArgs),
    /// Storage usage of a Space or folder: objects, bytes, an estimated monthly cost.
    Du(DuArgs),
    /// A Space's settings as JSON: CORS, lifecycle, versioning, policy, logging, listing.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// The versions of a file (newest first), or with --deleted the deleted files of a folder.
    Versions(VersionsArgs),
    /// Make an older version of a file the latest again (a server-side copy), or without
    /// --version bring back a deleted file.
    Restore(RestoreArgs),
    /// Bring a Space folder in step with a local folder (local -> Space): upload what is new
    /// or changed, with --delete remove what is gone locally, with --watch keep going.
    Sync(SyncArgs),
    /// Delete the files under a folder older than N days (a preview without --yes).
    Cleanup(CleanupArgs),
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The local folder.
    pub local: String,
    /// ACCOUNT:SPACE/PREFIX or s3://SPACE/PREFIX
    pub remote: String,
    /// Show the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete files in the Space whose local files are gone (off by default).
    #[arg(long)]
    pub delete: bool,
    /// After the sync, watch the folder and upload each change until Ctrl-C.
    #[arg(long)]
    pub watch: bool,
    /// Who may read uploaded files.
    #[arg(long, value_enum, default_value = "private")]
    pub acl: AclArg,
    /// Cache-Control for uploaded files, e.g. "max-age=86400".
    #[arg(long)]
    pub cache_control: Option<String>,
    /// Another name or path pattern never to upload (*.log, build/*); may repeat.
    #[arg(long = "ignore", value_name = "PATTERN")]
    pub ignore: Vec<String>,
    /// Do not start from the default ignores (.git, node_modules, *.tmp, .DS_Store).
    #[arg(long)]
    pub no_default_ignores: bool,
    /// Compare contents (MD5 against the ETag) when size and time cannot tell.
    #[arg(long)]
    pub checksum: bool,
}

#[derive(Debug, Args)]
pub struct CleanupArgs {
    /// ACCOUNT:SPACE/PREFIX or s3://SPACE/PREFIX
    pub path: String,
    /// Files last modified more than this many days ago go.
    #[arg(long, value_name = "DAYS")]
    pub older_than: u32,
    /// Delete them; without it the command only lists what would go.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct MbArgs {
    /// ACCOUNT:NAME or s3://NAME
    pub path: String,
    /// Let anyone list the Space's files (not read them); restricted by default.
    #[arg(long)]
    pub public_listing: bool,
}

#[derive(Debug, Args)]
pub struct RbArgs {
    /// ACCOUNT:NAME or s3://NAME
    pub path: String,
    /// Delete everything in the Space first: files, every version, unfinished uploads.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct DuArgs {
    /// ACCOUNT:SPACE/FOLDER or s3://SPACE/FOLDER
    pub path: String,
    /// Also the usage of each folder one level down, largest first.
    #[arg(long)]
    pub by_folder: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SettingArg {
    /// A list of rules: [{"allowedOrigins":["*"],"allowedMethods":["GET"],...}]
    Cors,
    /// A list of rules: [{"id":"tmp","enabled":true,"prefix":"tmp/","expireDays":7},...]
    Lifecycle,
    /// "enabled" or "suspended"
    Versioning,
    /// The policy document, or null to remove it
    Policy,
    /// {"targetBucket":"logs","targetPrefix":"access/"}, or null to turn logging off
    Logging,
    /// File listing permission: "restricted" or "public"
    Listing,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Print a setting as JSON (the form `settings set` takes).
    Get {
        /// ACCOUNT:SPACE or s3://SPACE
        space: String,
        #[arg(value_enum)]
        setting: SettingArg,
    },
    /// Replace a setting with JSON given as an argument or in --file.
    Set {
        /// ACCOUNT:SPACE or s3://SPACE
        space: String,
        #[arg(value_enum)]
        setting: SettingArg,
        /// The new value as JSON.
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        value: Option<String>,
        /// Read the JSON from this file ("-" for stdin).
        #[arg(long)]
        file: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// ACCOUNT:SPACE/KEY, or with --deleted ACCOUNT:SPACE/FOLDER/
    pub path: String,
    /// List the deleted files (latest version a delete marker) directly in the folder.
    #[arg(long)]
    pub deleted: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// ACCOUNT:SPACE/KEY
    pub path: String,
    /// The version to make the latest again (see `versions`). Without it, a deleted file
    /// comes back by removing its delete marker.
    #[arg(long)]
    pub version: Option<String>,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// ACCOUNT:SPACE/KEY or s3://SPACE/KEY; a path ending in "/" is a folder.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Delete folders (every key under them).
    #[arg(long, short)]
    pub recursive: bool,
    /// Say what would be deleted, and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct MvArgs {
    pub source: String,
    /// A folder ending in "/" to move into, or a new name in the same folder.
    pub destination: String,
    /// Move a folder (every key under it).
    #[arg(long, short)]
    pub recursive: bool,
    /// Leave files that already exist at the destination (and their sources) alone.
    #[arg(long)]
    pub no_clobber: bool,
}

#[derive(Debug, Subcommand)]
pub enum AclCommand {
    /// Print private or public-read for a file (or every file under a folder).
    Get {
        path: String,
        #[arg(long, short)]
        recursive: bool,
    },
    /// Make files private or public-read; folders with --recursive.
    Set {
        #[arg(value_enum)]
        acl: AclArg,
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, short)]
        recursive: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MetaCommand {
    /// Print headers and metadata; for several files, values that differ show as "(mixed)".
    Get {
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, short)]
        recursive: bool,
    },
    /// Change headers (Content-Type, Cache-Control, Content-Encoding, Content-Disposition,
    /// Content-Language) and x-amz-meta-NAME pairs; everything else is kept, ACL included.
    Set {
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, short)]
        recursive: bool,
        /// NAME=VALUE, e.g. --set Cache-Control=max-age=86400 --set x-amz-meta-owner=ana
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// A header or x-amz-meta-NAME to remove.
        #[arg(long = "remove", value_name = "NAME")]
        remove: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The file to link to (not needed with --history).
    #[arg(required_unless_present = "history")]
    pub path: Option<String>,
    /// How long a signed link works: 1h, 6h, 1d, 3d, 7d, or e.g. 90m, 2d12h.
    #[arg(long, default_value = "1h")]
    pub expires: String,
    /// A signed PUT link to upload one file to PATH, with the curl command that does it.
    #[arg(long)]
    pub upload: bool,
    /// With --upload: the Content-Type the uploader must send.
    #[arg(long)]
    pub content_type: Option<String>,
    /// List the links issued for an account (a saved account's name; default all from
    /// --account or the environment's keys).
    #[arg(long)]
    pub history: bool,
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
    /// Requests started per second at most, 0 for no limit. By default only requests to
    /// DigitalOcean Spaces are limited (Spaces allows 800 per Space, older Spaces 500); given
    /// here, the limit holds for any server [default: the app's setting, 700, Spaces only].
    #[arg(long)]
    pub rate_limit: Option<u32>,
    /// Continue an interrupted copy: skip files already complete at the destination (same
    /// size). Partly moved files always continue from the parts the journal recorded.
    #[arg(long)]
    pub resume: bool,
    /// Files above this many MiB move in parts (uploads) or ranges (downloads). Default: the
    /// app's Preferences, else 16.
    #[arg(long)]
    pub part_threshold_mib: Option<u64>,
    /// Remote to remote: leave files that already exist at the destination alone.
    #[arg(long)]
    pub no_clobber: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AclArg {
    Private,
    PublicRead,
}
