//! The command line, as clap derive structs. Doc comments here are the user's help text; these
//! types only describe arguments — resolving them into settings happens in [`crate::settings`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::EXIT_CODES_HELP;

/// Offline-first, deterministic, evidence-linked vulnerability management.
///
/// Stella reads SBOMs (CycloneDX, SPDX), matches them against advisories and VEX ingested with
/// full provenance, decides with an explainable policy, and signs and exports the evidence.
#[derive(Debug, Parser)]
#[command(name = "stella", version, about, long_about, after_help = EXIT_CODES_HELP, max_term_width = 100)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted by every command.
#[derive(Debug, Args, Default, Clone)]
pub struct GlobalArgs {
    /// Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1).
    #[arg(long, global = true)]
    pub offline: bool,
    /// Print only results and errors: no progress, no notes.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// Disable colours (also NO_COLOR=1).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan an SBOM against the knowledge store: which components are affected, why, and what fixes it.
    Scan(ScanArgs),
    /// Read, convert, validate and compare SBOMs.
    #[command(subcommand)]
    Sbom(SbomCommand),
    /// Ingest and query advisories (the knowledge store).
    #[command(subcommand)]
    Db(DbCommand),
    /// Ingest and validate VEX statements (OpenVEX, CSAF VEX, CycloneDX VEX).
    #[command(subcommand)]
    Vex(VexCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Show the resolved configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// `stella sbom …`
#[derive(Debug, Subcommand)]
pub enum SbomCommand {
    /// Show what an SBOM contains: format, generator, components per ecosystem, dependencies.
    ///
    /// The format is detected from the content (CycloneDX 1.0–1.7 JSON/XML, SPDX 2.x
    /// JSON/YAML/tag-value, SPDX 3.0 JSON-LD), never from the file name.
    Inspect(InspectArgs),
    /// Convert an SBOM to CycloneDX 1.6 JSON or SPDX 2.3 JSON, deterministically.
    Convert(ConvertArgs),
    /// Check an SBOM against its format's schema and list every problem.
    Validate(ValidateArgs),
    /// Compare two SBOMs: packages added, removed and changed (by purl).
    Diff(DiffArgs),
}

/// Output format for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// Human-readable table.
    #[default]
    Table,
    /// JSON document.
    Json,
}

/// `stella sbom inspect`
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The SBOM file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Also list every component.
    #[arg(long)]
    pub components: bool,
}

/// Target formats for `stella sbom convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTarget {
    /// CycloneDX 1.6 JSON.
    #[value(name = "cyclonedx-1.6")]
    CycloneDx16,
    /// SPDX 2.3 JSON.
    #[value(name = "spdx-2.3")]
    Spdx23,
}

/// `stella sbom convert`
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The SBOM file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Target format.
    #[arg(long, value_enum)]
    pub to: ConvertTarget,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Timestamp to write (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH,
    /// else the source document's own creation time.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
}

/// `stella sbom validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The SBOM file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
}

/// `stella sbom diff`
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old SBOM.
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The new SBOM.
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Exit with 1 when the SBOMs differ (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

/// `stella completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `stella config …`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// List every setting with its value and where it came from (flag, env, file, default).
    List(ConfigListArgs),
}

/// `stella config list`
#[derive(Debug, Args)]
pub struct ConfigListArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
}

/// `stella db …`
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Ingest advisories from files, directories or archives (.tar.gz, .tar.zst, .zip).
    ///
    /// Each document's format is detected from its content (OSV JSON/YAML, Alpine secdb, Debian
    /// DSA/DLA lists, CSAF 2.0, CISA KEV, RubySec, FriendsOfPHP, Node.js security-wg). Records are
    /// stored verbatim with provenance; identical records are skipped, changed ones supersede the
    /// old observation (both stay queryable). Bad records are rejected one by one with the reason.
    Ingest(IngestArgs),
    /// Show the store: sources, counts per ecosystem, snapshot digest, last ingest.
    Status(DbStatusArgs),
    /// Show every observation of an advisory id or alias, with provenance.
    Show(DbShowArgs),
    /// Show the linkset of an id: every observation linked by alias, and their conflicts.
    Linkset(DbLinksetArgs),
    /// List every disagreement between sources (severity, fixed versions, ranges).
    Conflicts(DbConflictsArgs),
    /// Check the store's integrity: every observation's raw bytes match its content digest, the
    /// revision log and indexes are consistent, SQLite's own integrity check passes.
    Verify(DbStatusArgs),
}

/// Advisory input formats (`auto`: detect each document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum AdvisoryFormatArg {
    /// Detect each document's format from its content.
    #[default]
    Auto,
    /// OSV JSON or YAML.
    Osv,
    /// Alpine secdb YAML.
    AlpineSecdb,
    /// Debian security tracker DSA/DLA lists.
    DebianTracker,
    /// Debian security tracker JSON.
    DebianTrackerJson,
    /// CSAF 2.0 security advisories.
    Csaf,
    /// CISA Known Exploited Vulnerabilities catalog.
    Kev,
    /// RubySec advisory YAML.
    Rubysec,
    /// FriendsOfPHP security advisories.
    Friendsofphp,
    /// Node.js security working group advisories.
    NodejsWg,
}

/// `stella db ingest`
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories or archives to ingest.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Source name for every record (default: derived from each record, e.g. pypa, rustsec, kev).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Input format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AdvisoryFormatArg,
    /// Retrieval time recorded in provenance (default: SOURCE_DATE_EPOCH, else now).
    #[arg(long, value_name = "TIME")]
    pub retrieved_at: Option<String>,
    /// Records per store transaction.
    #[arg(long, default_value_t = 5000, value_name = "N")]
    pub batch_size: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// List every rejected record (default: grouped reasons).
    #[arg(long)]
    pub show_rejected: bool,
}

/// `stella vex …`
#[derive(Debug, Subcommand)]
pub enum VexCommand {
    /// Ingest VEX documents into the knowledge store, every statement with its provenance.
    ///
    /// Formats are detected from the content: OpenVEX 0.1/0.2, CSAF 2.0 VEX (`csaf_vex`),
    /// CycloneDX VEX 1.4+ (JSON and XML). Ingest is append-only: an identical statement is
    /// skipped, a changed one supersedes the previous. A document with any error (unknown
    /// status, bad date, dangling product reference, malformed JSON/XML) is refused whole and
    /// the command exits with 10 after ingesting the other documents; files that are not VEX
    /// are ignored and counted.
    Ingest(VexIngestArgs),
    /// Check one VEX document and list every problem with its location (JSON pointer).
    ///
    /// Errors (the statement would be refused) make the exit code 10; warnings (`not_affected`
    /// without justification or impact statement, `affected` without action statement, …)
    /// only with `--strict`. A malformed document exits with 10 and a diagnostic.
    Validate(VexValidateArgs),
    /// The VEX Lens consensus for one (vulnerability, product): status, confidence, every
    /// statement that applies with its score, accepted or rejected and why, and conflicts.
    ///
    /// Statements are scoped by the product purl (version and qualifiers as given) and found
    /// through the vulnerability's aliases in the advisory store. Scores are issuer trust
    /// (0.45·P + 0.35·C + 0.20·R, from `--trust` or the defaults) × strength × freshness
    /// (half-life 90 days, age at `--at`).
    Consensus(VexConsensusArgs),
    /// The consensus arithmetic, statement by statement.
    Explain(VexConsensusArgs),
    /// Export consensus results as an OpenVEX 0.2 or CycloneDX 1.6 VEX document.
    ///
    /// One consensus per (vulnerability, product purl) named by the stored statements,
    /// narrowed by `--vuln` and `--product`; results with status `unknown` are left out.
    Export(VexExportArgs),
}

/// `stella vex consensus` and `stella vex explain`
#[derive(Debug, Args)]
pub struct VexConsensusArgs {
    /// The vulnerability id (CVE-…, GHSA-…; aliases are followed).
    #[arg(long, value_name = "ID")]
    pub vuln: String,
    /// The product: a package URL (with version for a versioned product).
    #[arg(long, value_name = "PURL")]
    pub product: String,
    /// Evaluation time (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Trust configuration (`stella-vex-trust@1` TOML); default: the embedded one.
    #[arg(long, value_name = "FILE")]
    pub trust: Option<PathBuf>,
    /// Print JSON (canonical) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// VEX export formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum VexExportFormat {
    /// OpenVEX 0.2 JSON.
    #[default]
    Openvex,
    /// CycloneDX 1.6 VEX JSON.
    Cyclonedx,
}

/// `stella vex export`
#[derive(Debug, Args)]
pub struct VexExportArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: VexExportFormat,
    /// Only these vulnerabilities (repeatable; aliases are followed).
    #[arg(long, value_name = "ID")]
    pub vuln: Vec<String>,
    /// Only these product purls (repeatable; compared without qualifiers).
    #[arg(long, value_name = "PURL")]
    pub product: Vec<String>,
    /// Evaluation time (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Trust configuration (`stella-vex-trust@1` TOML); default: the embedded one.
    #[arg(long, value_name = "FILE")]
    pub trust: Option<PathBuf>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// `stella vex ingest`
#[derive(Debug, Args)]
pub struct VexIngestArgs {
    /// Files, directories or archives to ingest.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Source name for every statement (default: the statement's issuer).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Retrieval time recorded in provenance (default: SOURCE_DATE_EPOCH, else now).
    #[arg(long, value_name = "TIME")]
    pub retrieved_at: Option<String>,
    /// Statements per store transaction (a document is never split).
    #[arg(long, default_value_t = 5000, value_name = "N")]
    pub batch_size: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// List every reason of every refused document (default: grouped reasons).
    #[arg(long)]
    pub show_rejected: bool,
}

/// `stella vex validate`
#[derive(Debug, Args)]
pub struct VexValidateArgs {
    /// The VEX document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Fail (exit 10) on any problem, warnings included.
    #[arg(long)]
    pub strict: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stella db status`
#[derive(Debug, Args)]
pub struct DbStatusArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
}

/// `stella db show`
#[derive(Debug, Args)]
pub struct DbShowArgs {
    /// An advisory id or alias (CVE-…, GHSA-…, PYSEC-…, DSA-…, …).
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print the verbatim upstream bytes of the current observation(s) instead.
    #[arg(long)]
    pub raw: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
}

/// `stella db linkset`
#[derive(Debug, Args)]
pub struct DbLinksetArgs {
    /// An advisory id or alias.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
}

/// `stella db conflicts`
#[derive(Debug, Args)]
pub struct DbConflictsArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Only conflicts of linksets including this id.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

/// Output formats of `stella scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ScanFormat {
    /// Human-readable table grouped by component.
    #[default]
    Table,
    /// The full report as canonical JSON (schema: schemas/scan-report.schema.json).
    Json,
    /// One finding per line (JSON).
    Ndjson,
    /// SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability, one result per finding, located in the SBOM (schema: schemas/vendor/sarif/sarif-schema-2.1.0.json).
    Sarif,
    /// CycloneDX 1.6 VDR: the affected components with their original bom-refs and `vulnerabilities[]` (schema: schemas/vendor/cyclonedx/bom-1.6.SNAPSHOT.schema.json).
    Cyclonedx,
}

/// `stella scan`
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The SBOM to scan (CycloneDX or SPDX, any encoding; `-` for standard input).
    #[arg(value_name = "SBOM")]
    pub sbom: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t)]
    pub format: ScanFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Only report findings of these severities (comma-separated: critical,high,medium,low,none,unknown).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub severity: Vec<String>,
    /// Leave out findings without a known fixed version.
    #[arg(long)]
    pub ignore_unfixed: bool,
    /// Exit with 2 when a reported finding has this severity or higher (critical, high, medium, low, none, unknown).
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// Evaluation time (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Ingest these VEX documents (OpenVEX, CSAF VEX, CycloneDX VEX; files, folders or archives)
    /// into the store first. VEX in the store always applies: findings it suppresses move to
    /// the report's `suppressed` list with the statements behind them.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub vex: Vec<PathBuf>,
    /// VEX trust configuration (`stella-vex-trust@1` TOML); default: the embedded one.
    #[arg(long, value_name = "FILE")]
    pub vex_trust: Option<PathBuf>,
}
