//! Command-line types only: what the user typed, before any validation
//! beyond clap's own value parsing.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::{Deserialize, Serialize};

const AFTER_HELP: &str = "\
Examples:
  authgen init                                   ask the questions in a terminal
  authgen init --arch monolithic --db postgres --no-input
  authgen init --arch separate --backend fastapi --db neon --yes --dir my-app
  authgen init --answers authgen.toml --no-input --json   replay in CI
  authgen init --email smtp --email-verification --social github,google   account flows
  authgen init --plugins magic-link             add a Better Auth plugin with its pages
  authgen init --check                           CI: exit 1 when a re-run would change anything

Exit codes: 0 ok, 1 failure, 2 bad input, 3 refused because files would be overwritten,
130 cancelled.";

#[derive(Debug, Parser)]
#[command(
    name = "authgen",
    version,
    about = "Add Better Auth to a Next.js project, with JWT verification for a separate backend",
    after_help = AFTER_HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output: auto follows the terminal, NO_COLOR and FORCE_COLOR.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto", global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

const COMPLETIONS_HELP: &str = "\
Examples:
  authgen completions bash > ~/.local/share/bash-completion/completions/authgen
  authgen completions zsh > \"${fpath[1]}/_authgen\"
  authgen completions fish > ~/.config/fish/completions/authgen.fish
  authgen completions powershell >> $PROFILE";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Plan and write the auth integration (asks when run in a terminal).
    #[command(after_help = AFTER_HELP)]
    Init(InitArgs),
    /// Audit an integration for the mistakes that make backends answer 401.
    #[command(after_help = DOCTOR_HELP)]
    Doctor(DoctorArgs),
    /// Create Better Auth's tables in the app's database, or check them.
    #[command(after_help = MIGRATE_HELP)]
    Migrate(MigrateArgs),
    /// Make a user who has signed up an admin (the admin plugin's role), through the app's own Better Auth setup.
    #[command(after_help = CREATE_ADMIN_HELP)]
    CreateAdmin(CreateAdminArgs),
    /// Print a shell completion script on stdout.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
}

const MIGRATE_HELP: &str = "\
Examples:
  authgen migrate                 create the tables, then list them
  authgen migrate --check         only ask the database which tables exist
  authgen migrate --rotate-keys   delete the JWT signing keys (after changing --jwt-alg); asks first

Uses the `auth` CLI on Node 22.12 or newer, else Better Auth's programmatic
migration with the project's own packages. DATABASE_URL comes from the
environment, .env.local or .env of the app.
Exit codes: 0 ok, 1 failure or tables missing (--check), 2 bad input.";

const CREATE_ADMIN_HELP: &str = "\
Examples:
  authgen create-admin --email ada@example.com

Sets the user's role to admin in the app's database (DATABASE_URL as for
`authgen migrate`); the user then sees /admin. Exit codes: 0 ok, 1 failure,
2 no such user or bad input.";

#[derive(Debug, Args)]
pub struct CreateAdminArgs {
    /// The email address the user signed up with.
    #[arg(long, value_name = "EMAIL")]
    pub email: String,
    /// Repository root.
    #[arg(short = 'c', long, visible_alias = "cwd", value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Next.js app folder, relative to --dir [default: from authgen.toml, else the app found].
    #[arg(long, value_name = "PATH")]
    pub frontend_dir: Option<PathBuf>,
}

const DOCTOR_HELP: &str = "\
Examples:
  authgen doctor                         static checks of the app, backend and env files
  authgen doctor --live                  also fetch the JWKS and probe the app's origins
  authgen doctor --live --token eyJ...   say which of alg, kid, iss, aud, exp does not match
  authgen doctor --json                  findings as JSON
  authgen doctor --list                  every rule, with its severity
  authgen doctor --explain alg-mismatch  what a rule checks, why, and examples
  authgen doctor --fix --dry-run         the diff of the safe fixes, nothing written
  authgen doctor --fix                   apply the safe fixes, then report what remains

Exit codes: 0 no errors, 1 at least one error, 2 bad input.";

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Repository root.
    #[arg(short = 'c', long, visible_alias = "cwd", value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Next.js app folder, relative to --dir [default: from authgen.toml, else the app found].
    #[arg(long, value_name = "PATH")]
    pub frontend_dir: Option<PathBuf>,
    /// Backend folder, relative to --dir [default: from authgen.toml, else the backend found].
    #[arg(long, value_name = "PATH")]
    pub backend_dir: Option<PathBuf>,
    /// Print the findings as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Fetch the JWKS the backend is configured with and ask the running app
    /// which declared origins it refuses (3 s timeout).
    #[arg(long)]
    pub live: bool,
    /// With --live: check this JWT against the JWKS and the backend's settings.
    #[arg(long, value_name = "JWT", requires = "live")]
    pub token: Option<String>,
    /// Print what rule ID checks, why it matters, and examples; then exit.
    #[arg(long, value_name = "ID", conflicts_with_all = ["live", "list"])]
    pub explain: Option<String>,
    /// List every rule with its severity and whether --fix repairs it; then exit.
    #[arg(long)]
    pub list: bool,
    /// Apply the safe fixes (shown as a diff), then report what remains.
    #[arg(long, conflicts_with_all = ["explain", "list"])]
    pub fix: bool,
    /// With --fix: also apply fixes that change behaviour beyond the finding.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
    /// With --fix: show the diff and write nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Repository root.
    #[arg(short = 'c', long, visible_alias = "cwd", value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Next.js app folder, relative to --dir [default: from authgen.toml, else the app found].
    #[arg(long, value_name = "PATH")]
    pub frontend_dir: Option<PathBuf>,
    /// Only report which tables exist; create nothing.
    #[arg(long)]
    pub check: bool,
    /// Delete the jwt plugin's signing keys (the `jwks` rows) so the next
    /// token is signed by a new key, e.g. after changing --jwt-alg. Tokens
    /// already issued stop verifying. Asks first in a terminal.
    #[arg(long, conflicts_with = "check")]
    pub rotate_keys: bool,
    /// With --rotate-keys: do not ask.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Print the table report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where the API lives: Next.js route handlers, or a separate service.
    #[arg(long, value_enum, help_heading = "Answers")]
    pub arch: Option<Arch>,
    /// Framework of the separate backend (only with --arch separate).
    #[arg(long, value_enum, help_heading = "Answers")]
    pub backend: Option<Backend>,
    /// URL of the separate backend in development [default: http://localhost:8000].
    #[arg(long, value_name = "URL", help_heading = "Answers")]
    pub backend_url: Option<String>,
    /// Database Better Auth stores users and sessions in.
    #[arg(long, value_enum, help_heading = "Answers")]
    pub db: Option<Db>,
    /// Put the frontend files under src/ [default: whether the app has src/].
    #[arg(long, overrides_with = "no_src_dir", help_heading = "Answers")]
    pub src_dir: bool,
    /// Put the frontend files at the app root, not under src/.
    #[arg(long, overrides_with = "src_dir", help_heading = "Answers")]
    pub no_src_dir: bool,

    /// Repository root to work in.
    #[arg(
        short = 'c',
        long,
        visible_alias = "cwd",
        value_name = "DIR",
        default_value = ".",
        help_heading = "Locations"
    )]
    pub dir: PathBuf,
    /// Next.js app folder, relative to --dir [default: the Next.js app found, else . or frontend].
    #[arg(long, value_name = "PATH", help_heading = "Locations")]
    pub frontend_dir: Option<PathBuf>,
    /// Backend folder, relative to --dir [default: backend].
    #[arg(long, value_name = "PATH", help_heading = "Locations")]
    pub backend_dir: Option<PathBuf>,
    /// Public URL of the Next.js app: Better Auth's baseURL, the JWT issuer and audience [default: http://localhost:3000].
    #[arg(long, value_name = "URL", help_heading = "Locations")]
    pub app_url: Option<String>,
    /// Where the app serves Better Auth's routes (its basePath), when /api/auth already belongs to a rewrite, a proxy or the backend [default: /api/auth].
    #[arg(long, value_name = "PATH", help_heading = "Locations")]
    pub base_path: Option<String>,
    /// Algorithm of the JWT signing key [default: EdDSA].
    #[arg(long, value_enum, value_name = "ALG", help_heading = "Answers")]
    pub jwt_alg: Option<JwtAlg>,
    /// A path the route guard (proxy.ts) keeps for signed-in users, with what lies below it; repeat for more [default: /dashboard].
    #[arg(long, value_name = "PATH", help_heading = "Answers")]
    pub protect: Vec<String>,
    /// Write sign-in, sign-up and an example protected page (/dashboard) [default: yes].
    #[arg(long, overrides_with = "no_pages", help_heading = "Answers")]
    pub pages: bool,
    /// Write no pages: only the auth config, client, route handler and guard.
    #[arg(long, overrides_with = "pages", help_heading = "Answers")]
    pub no_pages: bool,
    /// How the app sends its emails (password reset, verification): console
    /// logs them in development; smtp (nodemailer, SMTP_URL) or resend
    /// (RESEND_API_KEY) also send them in production [default: console].
    #[arg(long, value_enum, value_name = "TRANSPORT", help_heading = "Accounts")]
    pub email: Option<EmailTransport>,
    /// Require users to confirm their email address before they can sign in.
    #[arg(long, overrides_with = "no_email_verification", help_heading = "Accounts")]
    pub email_verification: bool,
    /// Let users sign in without confirming their email address [default].
    #[arg(long, overrides_with = "email_verification", help_heading = "Accounts")]
    pub no_email_verification: bool,
    /// Sign-in with these providers (comma-separated or repeated); each is
    /// enabled once its client ID is set in the environment.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "PROVIDER", help_heading = "Accounts")]
    pub social: Vec<Social>,
    /// Sign-in with no social provider (drops those of the answers file).
    #[arg(long, conflicts_with = "social", help_heading = "Accounts")]
    pub no_social: bool,
    /// Better Auth plugins to add, each with its pages, tables, env keys and
    /// docs (comma-separated or repeated); a re-run without one removes it.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "PLUGIN", help_heading = "Accounts")]
    pub plugins: Vec<Plugin>,
    /// No Better Auth plugin (drops those of the answers file).
    #[arg(long, conflicts_with = "plugins", help_heading = "Accounts")]
    pub no_plugins: bool,
    /// Where the rate limiter counts requests: memory (per process) or the
    /// database (shared by every instance; adds a table) [default: memory].
    #[arg(long, value_enum, value_name = "STORAGE", help_heading = "Accounts")]
    pub rate_limit_storage: Option<RateLimitStorage>,
    /// Rotate the JWT signing key every N days (separate backend only); old
    /// keys stay published for a day so tokens they signed keep verifying.
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650), help_heading = "Accounts")]
    pub jwt_rotation_days: Option<u32>,
    /// Never rotate the JWT signing key (drops the answers file's rotation).
    #[arg(long, conflicts_with = "jwt_rotation_days", help_heading = "Accounts")]
    pub no_jwt_rotation: bool,
    /// Read answers from this TOML file instead of <DIR>/authgen.toml.
    #[arg(long, value_name = "FILE", help_heading = "Answers")]
    pub answers: Option<PathBuf>,

    /// Take the default for every unanswered question and skip the confirmation.
    #[arg(short = 'y', long, help_heading = "Behaviour")]
    pub yes: bool,
    /// Never prompt; a missing answer is an error naming the flag to pass.
    #[arg(long, help_heading = "Behaviour")]
    pub no_input: bool,
    /// Print the plan and write nothing.
    #[arg(long, help_heading = "Behaviour")]
    pub dry_run: bool,
    /// Write nothing; exit 0 when a run with these answers (by default the
    /// recorded ones in authgen.toml) would change nothing, 1 when it would.
    #[arg(long, help_heading = "Behaviour", conflicts_with = "force")]
    pub check: bool,
    /// Replace conflicting files, keeping a backup under .authgen/backup/.
    #[arg(long, help_heading = "Behaviour")]
    pub force: bool,
    /// Print the plan and the result as JSON on stdout.
    #[arg(long, help_heading = "Behaviour")]
    pub json: bool,
    /// After writing, install the packages with the detected package managers [default: ask in a terminal].
    #[arg(long, overrides_with = "no_install", help_heading = "After writing")]
    pub install: bool,
    /// Do not install; print the commands instead.
    #[arg(long, overrides_with = "install", help_heading = "After writing")]
    pub no_install: bool,
    /// After writing, create Better Auth's tables and check them, once better-auth is installed and DATABASE_URL is real (else the next steps say why) [default: ask in a terminal when they can be created].
    #[arg(long, overrides_with = "no_migrate", help_heading = "After writing")]
    pub migrate: bool,
    /// Do not create the tables.
    #[arg(long, overrides_with = "migrate", help_heading = "After writing")]
    pub no_migrate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    /// The API is Next.js route handlers (cookie sessions).
    Monolithic,
    /// The API is another service that verifies Better Auth JWTs.
    Separate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Fastapi,
    Express,
    Nestjs,
    /// Any other language: authgen writes AUTH-BACKEND.md with what to verify.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Db {
    Neon,
    Supabase,
    Turso,
    Postgres,
    Mysql,
    Sqlite,
}

/// How generated code sends email.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailTransport {
    /// Log each email with its link (development only; production refuses).
    #[default]
    Console,
    /// nodemailer with SMTP_URL.
    Smtp,
    /// Resend's API with RESEND_API_KEY.
    Resend,
}

/// Social sign-in providers (see `accounts::PROVIDERS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Social {
    Github,
    Google,
}

/// Better Auth plugins authgen wires with their pages (see `plugins::DESCRIPTORS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Plugin {
    /// "Email me a sign-in link" on /sign-in, sent through sendEmail.
    MagicLink,
    /// Authenticator-app codes (TOTP) with backup codes: turned on and off on
    /// /dashboard, asked for on /two-factor after the password.
    TwoFactor,
    /// Roles and bans: a users page on /admin for admins (search, ban with a
    /// reason, unban, sign out everywhere); `authgen create-admin` makes one.
    Admin,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateLimitStorage {
    /// In each server process (Better Auth's default).
    #[default]
    Memory,
    /// A `rateLimit` table shared by every instance.
    Database,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
pub enum JwtAlg {
    #[value(name = "EdDSA")]
    EdDSA,
    #[value(name = "ES256")]
    ES256,
    #[value(name = "ES512")]
    ES512,
    #[value(name = "RS256")]
    RS256,
    #[value(name = "PS256")]
    PS256,
}

impl Command {
    /// Whether the command prints JSON on stdout (errors then do too).
    pub fn json(&self) -> bool {
        match self {
            Command::Init(args) => args.json,
            Command::Doctor(args) => args.json,
            Command::Migrate(args) => args.json,
            Command::Completions(_) | Command::CreateAdmin(_) => false,
        }
    }
}

impl InitArgs {
    pub fn install_flag(&self) -> Option<bool> {
        (self.install || self.no_install).then_some(self.install)
    }

    pub fn migrate_flag(&self) -> Option<bool> {
        (self.migrate || self.no_migrate).then_some(self.migrate)
    }

    /// `--pages` / `--no-pages` as one optional answer.
    pub fn pages_flag(&self) -> Option<bool> {
        (self.pages || self.no_pages).then_some(self.pages)
    }

    /// `--email-verification` / `--no-email-verification` as one optional answer.
    pub fn email_verification_flag(&self) -> Option<bool> {
        (self.email_verification || self.no_email_verification).then_some(self.email_verification)
    }

    /// `--src-dir` / `--no-src-dir` as one optional answer.
    pub fn src_dir_flag(&self) -> Option<bool> {
        match (self.src_dir, self.no_src_dir) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}
