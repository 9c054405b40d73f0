# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_git_hotfix_global_optspecs
    string join \n q/quiet v/verbose h/help V/version
end

function __fish_git_hotfix_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_git_hotfix_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_git_hotfix_using_subcommand
    set -l cmd (__fish_git_hotfix_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "start" -d 'Start a hotfix branch from production and record its metadata'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "status" -d 'Show the hotfix of the current branch: progress against its base and the next step'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "list" -d 'List hotfixes, newest first (open ones unless --all)'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "show" -d 'Show all metadata of a hotfix'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "verify" -d 'Check the hotfix rules (headers, diff budget, code comments; tests with --tests)'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "sync" -d 'Share the hotfix notes with the remote: fetch, merge, push'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "config" -d 'Show the effective settings and where each came from'
complete -c git-hotfix -n "__fish_git_hotfix_needs_command" -f -a "completions" -d 'Print the shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l severity -d 'Severity: P0 critical, P1 high, P2 medium (suggested from the name when omitted)' -r -f -a "P0\t''
P1\t''
P2\t''"
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l issue -d 'One-line description of the issue (default: the name made readable)' -r
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l from -d 'Start from this branch, tag or commit instead of the production branch' -r
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l affected -d 'Affected versions, comma separated (default: the last release tag of the base)' -r
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l component -d 'An affected component (repeat for several)' -r
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l impact -d 'What the issue does to production' -r
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l from-last-tag -d 'Start from the last release tag reachable from the production branch'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l no-fetch -d 'Do not fetch the remote first (nor sync the hotfix notes: work offline)'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -l no-sync -d 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -s y -l yes -d 'Never prompt: take the suggested severity'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand start" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand status" -l id -d 'Show this hotfix instead of the current branch\'s' -r
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand status" -l json -d 'Print the metadata object plus computed fields as JSON'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand status" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand status" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand status" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand status" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand list" -s a -l all -d 'Include finished, cancelled and rolled-back hotfixes'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand list" -l json -d 'Print an array of metadata objects as JSON'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand list" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand list" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand list" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand list" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand show" -l json -d 'Print the metadata object as JSON'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand show" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand show" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand show" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand show" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand verify" -l id -d 'The hotfix whose id the headers must carry (default: the current branch\'s, or the one whose branch or base matches the range)' -r
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand verify" -l tests -d 'Also run the test suites on the head (a recorded pass for the same tree is reused)'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand verify" -l json -d 'Print the report as JSON'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand verify" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand verify" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand verify" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand verify" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand sync" -l setup -d 'Also configure the remote\'s fetch and push refspecs so a plain \'git fetch\' and \'git push\' carry the hotfix notes (safe to repeat)'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand sync" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand sync" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand sync" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand sync" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand config" -l json -d 'Print an array of {key, value, source, from, default} objects as JSON'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand config" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand config" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand config" -s h -l help -d 'Print help'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand config" -s V -l version -d 'Print version'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand completions" -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand completions" -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-hotfix -n "__fish_git_hotfix_using_subcommand completions" -s V -l version -d 'Print version'

# git integration: `git hotfix <TAB>`. fish loads completions for `git` from its own
# git.fish, so install this file where fish sources it at start-up (conf.d).
# Generated from the command-line definition by `git hotfix generate-docs`: do not edit.
complete -c git -n '__fish_git_using_command hotfix' -f
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a start -d 'Start a hotfix branch from production and record its metadata'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a status -d 'Show the hotfix of the current branch: progress against its base and the next step'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a list -d 'List hotfixes, newest first (open ones unless --all)'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a show -d 'Show all metadata of a hotfix'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a verify -d 'Check the hotfix rules (headers, diff budget, code comments; tests with --tests)'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a sync -d 'Share the hotfix notes with the remote: fetch, merge, push'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a config -d 'Show the effective settings and where each came from'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -a completions -d 'Print the shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git -n '__fish_git_using_command hotfix; and not __fish_seen_subcommand_from start status list show verify sync config completions' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l severity -x -a 'P0 P1 P2' -d 'Severity: P0 critical, P1 high, P2 medium (suggested from the name when omitted)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l issue -x -d 'One-line description of the issue (default: the name made readable)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l from -x -a '(__fish_git_refs)' -d 'Start from this branch, tag or commit instead of the production branch'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l from-last-tag -d 'Start from the last release tag reachable from the production branch'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l affected -x -d 'Affected versions, comma separated (default: the last release tag of the base)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l component -x -d 'An affected component (repeat for several)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l impact -x -d 'What the issue does to production'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l no-fetch -d 'Do not fetch the remote first (nor sync the hotfix notes: work offline)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -l no-sync -d 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -s y -l yes -d 'Never prompt: take the suggested severity'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -s h -l help -d 'Print help'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from start' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from status' -l id -x -a '(__fish_git hotfix __complete ids --describe)' -d 'Show this hotfix instead of the current branch\'s'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from status' -l json -d 'Print the metadata object plus computed fields as JSON'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from status' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from status' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from status' -s h -l help -d 'Print help'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from status' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from list' -s a -l all -d 'Include finished, cancelled and rolled-back hotfixes'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from list' -l json -d 'Print an array of metadata objects as JSON'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from list' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from list' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from list' -s h -l help -d 'Print help'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from list' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from show' -l json -d 'Print the metadata object as JSON'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from show' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from show' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from show' -s h -l help -d 'Print help'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from show' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from show' -f -a '(__fish_git hotfix __complete ids --describe)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from verify' -l id -x -a '(__fish_git hotfix __complete ids --describe)' -d 'The hotfix whose id the headers must carry (default: the current branch\'s, or the one whose branch or base matches the range)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from verify' -l tests -d 'Also run the test suites on the head (a recorded pass for the same tree is reused)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from verify' -l json -d 'Print the report as JSON'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from verify' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from verify' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from verify' -s h -l help -d 'Print help'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from verify' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from sync' -l setup -d 'Also configure the remote\'s fetch and push refspecs so a plain \'git fetch\' and \'git push\' carry the hotfix notes (safe to repeat)'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from sync' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from sync' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from sync' -s h -l help -d 'Print help'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from sync' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from config' -l json -d 'Print an array of {key, value, source, from, default} objects as JSON'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from config' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from config' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from config' -s h -l help -d 'Print help'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from config' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from completions' -s q -l quiet -d 'Print only errors and warnings: no progress, advice or next steps'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from completions' -s v -l verbose -d 'Also print each git command run, on stderr'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from completions' -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from completions' -s V -l version -d 'Print version'
complete -c git -n '__fish_git_using_command hotfix; and __fish_seen_subcommand_from completions' -f -a 'bash elvish fish powershell zsh'
