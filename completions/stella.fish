# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_stella_global_optspecs
    string join \n db= offline q/quiet no-color config= h/help V/version
end

function __fish_stella_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_stella_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_stella_using_subcommand
    set -l cmd (__fish_stella_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c stella -n "__fish_stella_needs_command" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_needs_command" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_needs_command" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_needs_command" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_needs_command" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_needs_command" -s V -l version -d 'Print version'
complete -c stella -n "__fish_stella_needs_command" -f -a "scan" -d 'Scan an SBOM against the knowledge store: which components are affected, why, and what fixes it'
complete -c stella -n "__fish_stella_needs_command" -f -a "sbom" -d 'Read, convert, validate and compare SBOMs'
complete -c stella -n "__fish_stella_needs_command" -f -a "db" -d 'Ingest and query advisories (the knowledge store)'
complete -c stella -n "__fish_stella_needs_command" -f -a "vex" -d 'Ingest and validate VEX statements (OpenVEX, CSAF VEX, CycloneDX VEX)'
complete -c stella -n "__fish_stella_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c stella -n "__fish_stella_needs_command" -f -a "config" -d 'Show the resolved configuration'
complete -c stella -n "__fish_stella_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand scan" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table grouped by component'
json\t'The full report as canonical JSON (schema: schemas/scan-report.schema.json)'
ndjson\t'One finding per line (JSON)'
sarif\t'SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability, one result per finding, located in the SBOM (schema: schemas/vendor/sarif/sarif-schema-2.1.0.json)'
cyclonedx\t'CycloneDX 1.6 VDR: the affected components with their original bom-refs and `vulnerabilities[]` (schema: schemas/vendor/cyclonedx/bom-1.6.SNAPSHOT.schema.json)'"
complete -c stella -n "__fish_stella_using_subcommand scan" -s o -l output -d 'Write to this file (atomically) instead of standard output' -r -F
complete -c stella -n "__fish_stella_using_subcommand scan" -l severity -d 'Only report findings of these severities (comma-separated: critical,high,medium,low,none,unknown)' -r
complete -c stella -n "__fish_stella_using_subcommand scan" -l fail-on -d 'Exit with 2 when a reported finding has this severity or higher (critical, high, medium, low, none, unknown)' -r
complete -c stella -n "__fish_stella_using_subcommand scan" -l at -d 'Evaluation time (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else now' -r
complete -c stella -n "__fish_stella_using_subcommand scan" -l vex -d 'Ingest these VEX documents (OpenVEX, CSAF VEX, CycloneDX VEX; files, folders or archives) into the store first. VEX in the store always applies: findings it suppresses move to the report\'s `suppressed` list with the statements behind them' -r -F
complete -c stella -n "__fish_stella_using_subcommand scan" -l vex-trust -d 'VEX trust configuration (`stella-vex-trust@1` TOML); default: the embedded one' -r -F
complete -c stella -n "__fish_stella_using_subcommand scan" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand scan" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand scan" -l ignore-unfixed -d 'Leave out findings without a known fixed version'
complete -c stella -n "__fish_stella_using_subcommand scan" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand scan" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand scan" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -s h -l help -d 'Print help'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -f -a "inspect" -d 'Show what an SBOM contains: format, generator, components per ecosystem, dependencies'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -f -a "convert" -d 'Convert an SBOM to CycloneDX 1.6 JSON or SPDX 2.3 JSON, deterministically'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -f -a "validate" -d 'Check an SBOM against its format\'s schema and list every problem'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -f -a "diff" -d 'Compare two SBOMs: packages added, removed and changed (by purl)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and not __fish_seen_subcommand_from inspect convert validate diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -l components -d 'Also list every component'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -l to -d 'Target format' -r -f -a "cyclonedx-1.6\t'CycloneDX 1.6 JSON'
spdx-2.3\t'SPDX 2.3 JSON'"
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -s o -l output -d 'Write to this file (atomically) instead of standard output' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -l at -d 'Timestamp to write (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else the source document\'s own creation time' -r
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from validate" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from validate" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from validate" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from validate" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from validate" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -l exit-code -d 'Exit with 1 when the SBOMs differ (like `git diff --exit-code`)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show what an SBOM contains: format, generator, components per ecosystem, dependencies'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from help" -f -a "convert" -d 'Convert an SBOM to CycloneDX 1.6 JSON or SPDX 2.3 JSON, deterministically'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check an SBOM against its format\'s schema and list every problem'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare two SBOMs: packages added, removed and changed (by purl)'
complete -c stella -n "__fish_stella_using_subcommand sbom; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -s h -l help -d 'Print help'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -f -a "ingest" -d 'Ingest advisories from files, directories or archives (.tar.gz, .tar.zst, .zip)'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -f -a "status" -d 'Show the store: sources, counts per ecosystem, snapshot digest, last ingest'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -f -a "show" -d 'Show every observation of an advisory id or alias, with provenance'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -f -a "linkset" -d 'Show the linkset of an id: every observation linked by alias, and their conflicts'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -f -a "conflicts" -d 'List every disagreement between sources (severity, fixed versions, ranges)'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -f -a "verify" -d 'Check the store\'s integrity: every observation\'s raw bytes match its content digest, the revision log and indexes are consistent, SQLite\'s own integrity check passes'
complete -c stella -n "__fish_stella_using_subcommand db; and not __fish_seen_subcommand_from ingest status show linkset conflicts verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l source -d 'Source name for every record (default: derived from each record, e.g. pypa, rustsec, kev)' -r
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l format -d 'Input format' -r -f -a "auto\t'Detect each document\'s format from its content'
osv\t'OSV JSON or YAML'
alpine-secdb\t'Alpine secdb YAML'
debian-tracker\t'Debian security tracker DSA/DLA lists'
debian-tracker-json\t'Debian security tracker JSON'
csaf\t'CSAF 2.0 security advisories'
kev\t'CISA Known Exploited Vulnerabilities catalog'
rubysec\t'RubySec advisory YAML'
friendsofphp\t'FriendsOfPHP security advisories'
nodejs-wg\t'Node.js security working group advisories'"
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l retrieved-at -d 'Retrieval time recorded in provenance (default: SOURCE_DATE_EPOCH, else now)' -r
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l batch-size -d 'Records per store transaction' -r
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l json -d 'Print the summary as JSON'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l show-rejected -d 'List every rejected record (default: grouped reasons)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from ingest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from status" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from status" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from status" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from status" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from status" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -l raw -d 'Print the verbatim upstream bytes of the current observation(s) instead'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from linkset" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from linkset" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from linkset" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from linkset" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from linkset" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from linkset" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from linkset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -l id -d 'Only conflicts of linksets including this id' -r
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from conflicts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from verify" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from verify" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from verify" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from verify" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from verify" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "ingest" -d 'Ingest advisories from files, directories or archives (.tar.gz, .tar.zst, .zip)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the store: sources, counts per ecosystem, snapshot digest, last ingest'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show every observation of an advisory id or alias, with provenance'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "linkset" -d 'Show the linkset of an id: every observation linked by alias, and their conflicts'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "conflicts" -d 'List every disagreement between sources (severity, fixed versions, ranges)'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the store\'s integrity: every observation\'s raw bytes match its content digest, the revision log and indexes are consistent, SQLite\'s own integrity check passes'
complete -c stella -n "__fish_stella_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -s h -l help -d 'Print help'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -f -a "ingest" -d 'Ingest VEX documents into the knowledge store, every statement with its provenance'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -f -a "validate" -d 'Check one VEX document and list every problem with its location (JSON pointer)'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -f -a "consensus" -d 'The VEX Lens consensus for one (vulnerability, product): status, confidence, every statement that applies with its score, accepted or rejected and why, and conflicts'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -f -a "explain" -d 'The consensus arithmetic, statement by statement'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -f -a "export" -d 'Export consensus results as an OpenVEX 0.2 or CycloneDX 1.6 VEX document'
complete -c stella -n "__fish_stella_using_subcommand vex; and not __fish_seen_subcommand_from ingest validate consensus explain export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l source -d 'Source name for every statement (default: the statement\'s issuer)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l retrieved-at -d 'Retrieval time recorded in provenance (default: SOURCE_DATE_EPOCH, else now)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l batch-size -d 'Statements per store transaction (a document is never split)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l json -d 'Print the summary as JSON'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l show-rejected -d 'List every reason of every refused document (default: grouped reasons)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from ingest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -l strict -d 'Fail (exit 10) on any problem, warnings included'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -l json -d 'Print the report as JSON'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l vuln -d 'The vulnerability id (CVE-…, GHSA-…; aliases are followed)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l product -d 'The product: a package URL (with version for a versioned product)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l at -d 'Evaluation time (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else now' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l trust -d 'Trust configuration (`stella-vex-trust@1` TOML); default: the embedded one' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l json -d 'Print JSON (canonical) instead of text'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from consensus" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l vuln -d 'The vulnerability id (CVE-…, GHSA-…; aliases are followed)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l product -d 'The product: a package URL (with version for a versioned product)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l at -d 'Evaluation time (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else now' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l trust -d 'Trust configuration (`stella-vex-trust@1` TOML); default: the embedded one' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l json -d 'Print JSON (canonical) instead of text'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -s f -l format -d 'Output format' -r -f -a "openvex\t'OpenVEX 0.2 JSON'
cyclonedx\t'CycloneDX 1.6 VEX JSON'"
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l vuln -d 'Only these vulnerabilities (repeatable; aliases are followed)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l product -d 'Only these product purls (repeatable; compared without qualifiers)' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l at -d 'Evaluation time (RFC 3339, a date, or @unix-seconds). Default: SOURCE_DATE_EPOCH, else now' -r
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l trust -d 'Trust configuration (`stella-vex-trust@1` TOML); default: the embedded one' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file (atomically) instead of standard output' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from help" -f -a "ingest" -d 'Ingest VEX documents into the knowledge store, every statement with its provenance'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check one VEX document and list every problem with its location (JSON pointer)'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from help" -f -a "consensus" -d 'The VEX Lens consensus for one (vulnerability, product): status, confidence, every statement that applies with its score, accepted or rejected and why, and conflicts'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from help" -f -a "explain" -d 'The consensus arithmetic, statement by statement'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export consensus results as an OpenVEX 0.2 or CycloneDX 1.6 VEX document'
complete -c stella -n "__fish_stella_using_subcommand vex; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand completions" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand completions" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand completions" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand completions" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand completions" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand completions" -s h -l help -d 'Print help'
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -s h -l help -d 'Print help'
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -f -a "list" -d 'List every setting with its value and where it came from (flag, env, file, default)'
complete -c stella -n "__fish_stella_using_subcommand config; and not __fish_seen_subcommand_from list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format' -r -f -a "table\t'Human-readable table'
json\t'JSON document'"
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from list" -l db -d 'Knowledge store (SQLite file). Default: $STELLA_HOME/stella.db or $XDG_DATA_HOME/stella/stella.db' -r -F
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from list" -l config -d 'Configuration file. Default: $STELLA_CONFIG, else $XDG_CONFIG_HOME/stella/config.toml' -r -F
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from list" -l offline -d 'Never use the network; commands that need it fail with exit 13 (also STELLA_OFFLINE=1)'
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors: no progress, no notes'
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from list" -l no-color -d 'Disable colours (also NO_COLOR=1)'
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every setting with its value and where it came from (flag, env, file, default)'
complete -c stella -n "__fish_stella_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand help; and not __fish_seen_subcommand_from scan sbom db vex completions config help" -f -a "scan" -d 'Scan an SBOM against the knowledge store: which components are affected, why, and what fixes it'
complete -c stella -n "__fish_stella_using_subcommand help; and not __fish_seen_subcommand_from scan sbom db vex completions config help" -f -a "sbom" -d 'Read, convert, validate and compare SBOMs'
complete -c stella -n "__fish_stella_using_subcommand help; and not __fish_seen_subcommand_from scan sbom db vex completions config help" -f -a "db" -d 'Ingest and query advisories (the knowledge store)'
complete -c stella -n "__fish_stella_using_subcommand help; and not __fish_seen_subcommand_from scan sbom db vex completions config help" -f -a "vex" -d 'Ingest and validate VEX statements (OpenVEX, CSAF VEX, CycloneDX VEX)'
complete -c stella -n "__fish_stella_using_subcommand help; and not __fish_seen_subcommand_from scan sbom db vex completions config help" -f -a "completions" -d 'Print a shell completion script'
complete -c stella -n "__fish_stella_using_subcommand help; and not __fish_seen_subcommand_from scan sbom db vex completions config help" -f -a "config" -d 'Show the resolved configuration'
complete -c stella -n "__fish_stella_using_subcommand help; and not __fish_seen_subcommand_from scan sbom db vex completions config help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from sbom" -f -a "inspect" -d 'Show what an SBOM contains: format, generator, components per ecosystem, dependencies'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from sbom" -f -a "convert" -d 'Convert an SBOM to CycloneDX 1.6 JSON or SPDX 2.3 JSON, deterministically'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from sbom" -f -a "validate" -d 'Check an SBOM against its format\'s schema and list every problem'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from sbom" -f -a "diff" -d 'Compare two SBOMs: packages added, removed and changed (by purl)'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "ingest" -d 'Ingest advisories from files, directories or archives (.tar.gz, .tar.zst, .zip)'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "status" -d 'Show the store: sources, counts per ecosystem, snapshot digest, last ingest'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "show" -d 'Show every observation of an advisory id or alias, with provenance'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "linkset" -d 'Show the linkset of an id: every observation linked by alias, and their conflicts'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "conflicts" -d 'List every disagreement between sources (severity, fixed versions, ranges)'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "verify" -d 'Check the store\'s integrity: every observation\'s raw bytes match its content digest, the revision log and indexes are consistent, SQLite\'s own integrity check passes'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from vex" -f -a "ingest" -d 'Ingest VEX documents into the knowledge store, every statement with its provenance'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from vex" -f -a "validate" -d 'Check one VEX document and list every problem with its location (JSON pointer)'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from vex" -f -a "consensus" -d 'The VEX Lens consensus for one (vulnerability, product): status, confidence, every statement that applies with its score, accepted or rejected and why, and conflicts'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from vex" -f -a "explain" -d 'The consensus arithmetic, statement by statement'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from vex" -f -a "export" -d 'Export consensus results as an OpenVEX 0.2 or CycloneDX 1.6 VEX document'
complete -c stella -n "__fish_stella_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'List every setting with its value and where it came from (flag, env, file, default)'
