
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'git-hotfix' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'git-hotfix'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'git-hotfix' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start a hotfix branch from production and record its metadata')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the hotfix of the current branch: progress against its base and the next step')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List hotfixes, newest first (open ones unless --all)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show all metadata of a hotfix')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hotfix rules (headers, diff budget, code comments; tests with --tests)')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Share the hotfix notes with the remote: fetch, merge, push')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective settings and where each came from, then the project''s packages')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('finish', 'finish', [CompletionResultType]::ParameterValue, 'Verify a hotfix, merge it into production and develop, tag the release, push or open a PR')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Abandon a hotfix: mark it cancelled and delete its branch')
            [CompletionResult]::new('checklist', 'checklist', [CompletionResultType]::ParameterValue, 'Show the hotfix checklist, or tick and untick its manual items')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Print the rollback plan (triggers, the exact revert steps, validation, communication), or carry it out with --execute')
            [CompletionResult]::new('release-notes', 'release-notes', [CompletionResultType]::ParameterValue, 'Print the release package: changes, deployment requirements and steps')
            [CompletionResult]::new('postmortem', 'postmortem', [CompletionResultType]::ParameterValue, 'Print the post-mortem: timeline, duration, root cause, fix, what changed, lessons')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Back up, deploy and smoke-test a finished hotfix with the configured commands')
            [CompletionResult]::new('deployed', 'deployed', [CompletionResultType]::ParameterValue, 'Record that the hotfix was deployed to an environment')
            [CompletionResult]::new('monitor', 'monitor', [CompletionResultType]::ParameterValue, 'Watch a deployed hotfix with the monitor command and fire the rollback trigger')
            [CompletionResult]::new('resolved', 'resolved', [CompletionResultType]::ParameterValue, 'Record that the incident the hotfix addresses is resolved')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Counts, time to resolution, rollback rate and hotfixes per month; with --dora, the four DORA figures')
            [CompletionResult]::new('hooks', 'hooks', [CompletionResultType]::ParameterValue, 'Install, remove or inspect the git hooks that enforce the hotfix rules')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the hotfix''s test suite on HEAD''s tree and record the outcome')
            [CompletionResult]::new('backport', 'backport', [CompletionResultType]::ParameterValue, 'Cherry-pick a hotfix onto other release lines, each on a new branch (or directly)')
            break
        }
        'git-hotfix;start' {
            [CompletionResult]::new('--severity', '--severity', [CompletionResultType]::ParameterName, 'Severity: P0 critical, P1 high, P2 medium (suggested from the name when omitted)')
            [CompletionResult]::new('--issue', '--issue', [CompletionResultType]::ParameterName, 'One-line description of the issue (default: the name made readable)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Start from this branch, tag or commit instead of the production branch')
            [CompletionResult]::new('--affected', '--affected', [CompletionResultType]::ParameterName, 'Affected versions, comma separated (default: the last release tag of the base, and the latest release of each older maintenance line, e.g. maint/v2 or 2.x)')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'An affected component (repeat for several)')
            [CompletionResult]::new('--package', '--package', [CompletionResultType]::ParameterName, 'A package the hotfix releases, in a repository of several (repeat for several; those whose files the fix changes are added anyway). Its latest release is the affected version')
            [CompletionResult]::new('--impact', '--impact', [CompletionResultType]::ParameterName, 'What the issue does to production')
            [CompletionResult]::new('--from-last-tag', '--from-last-tag', [CompletionResultType]::ParameterName, 'Start from the last release tag reachable from the production branch')
            [CompletionResult]::new('--no-fetch', '--no-fetch', [CompletionResultType]::ParameterName, 'Do not fetch the remote first (nor sync the hotfix notes: work offline)')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt: take the suggested severity')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt: take the suggested severity')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;status' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Show this hotfix instead of the current branch''s')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the metadata object plus computed fields as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;list' {
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Include finished, cancelled and rolled-back hotfixes')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include finished, cancelled and rolled-back hotfixes')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print an array of metadata objects as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;show' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the metadata object as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;verify' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The hotfix whose id the headers must carry (default: the current branch''s, or the one whose branch or base matches the range)')
            [CompletionResult]::new('--tests', '--tests', [CompletionResultType]::ParameterName, 'Also run the test suites on the head (a recorded pass for the same tree is reused)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;sync' {
            [CompletionResult]::new('--setup', '--setup', [CompletionResultType]::ParameterName, 'Also configure the remote''s fetch and push refspecs so a plain ''git fetch'' and ''git push'' carry the hotfix notes (safe to repeat)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;config' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print an array of {key, value, source, from, file, default} objects as JSON (and detected, for what a setting finds in the repository)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;completions' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;finish' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version to release (default: the patch bump of the latest release tag)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The message of the release tag (default: "Hotfix <ID>: <issue>")')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The message of the release tag (default: "Hotfix <ID>: <issue>")')
            [CompletionResult]::new('--no-develop', '--no-develop', [CompletionResultType]::ParameterName, 'Do not merge the hotfix back into develop (or the open release branch)')
            [CompletionResult]::new('--push', '--push', [CompletionResultType]::ParameterName, 'Push the production branch, develop, the tag and the notes in one atomic push')
            [CompletionResult]::new('--pr', '--pr', [CompletionResultType]::ParameterName, 'Push the hotfix branch and open a pull request (gh, or glab for GitLab) instead of merging locally, for a protected production branch')
            [CompletionResult]::new('--keep-branch', '--keep-branch', [CompletionResultType]::ParameterName, 'Keep the hotfix branch after merging')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Sign the release tag with your GPG/SSH key (git tag -s)')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Sign the release tag with your GPG/SSH key (git tag -s)')
            [CompletionResult]::new('--skip-tests', '--skip-tests', [CompletionResultType]::ParameterName, 'Do not run the test suites; the skip is recorded in the notes')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print every step and the git commands it would run, and change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print every step and the git commands it would run, and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Resume a finish that stopped (after resolving conflicts and ''git add'')')
            [CompletionResult]::new('--abort', '--abort', [CompletionResultType]::ParameterName, 'Undo a finish in progress: what it moved goes back (refs you moved meanwhile are kept), and HEAD goes back to where you started')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-hotfix;cancel' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it is abandoned; recorded in the notes')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Delete the branch even when it has commits no other branch has (a backup ref keeps them)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete the branch even when it has commits no other branch has (a backup ref keeps them)')
            [CompletionResult]::new('--keep-branch', '--keep-branch', [CompletionResultType]::ParameterName, 'Keep the branch; only mark the hotfix cancelled')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;checklist' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the data behind the report as JSON instead of Markdown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('done', 'done', [CompletionResultType]::ParameterValue, 'Tick a manual item (recorded with who and when)')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Untick a manual item ticked by mistake')
            break
        }
        'git-hotfix;checklist;done' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The hotfix (default: the current branch''s, else the one whose merge it contains, else the only one released and not resolved)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;checklist;undo' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The hotfix (default: the current branch''s, else the one whose merge it contains, else the only one released and not resolved)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;rollback' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the hotfix is rolled back (asked for on a terminal when missing); recorded in the notes and shown in the post-mortem')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the data behind the report as JSON instead of Markdown')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Roll the hotfix back: revert its merge on the production branch as a new commit (never a reset or a force push) and mark it rolled-back')
            [CompletionResult]::new('--develop', '--develop', [CompletionResultType]::ParameterName, 'With --execute: also revert its merge into develop (or the release branch)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'With --execute: tag the rollback release with the next patch version (each released package''s, in a repository that releases its packages one by one)')
            [CompletionResult]::new('--push', '--push', [CompletionResultType]::ParameterName, 'With --execute: push the reverted branches and the tag in one atomic push')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --execute: print each step and the git commands it would run, and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --execute: do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --execute: do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Resume a rollback that stopped (after resolving conflicts and ''git add'')')
            [CompletionResult]::new('--abort', '--abort', [CompletionResultType]::ParameterName, 'Undo a rollback in progress: what it moved goes back (refs you moved meanwhile are kept), and HEAD goes back to where you started')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;release-notes' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version released (default: the recorded one, else the next patch version); in a repository that releases its packages one by one, the version of the one package the hotfix releases (refused when it releases several)')
            [CompletionResult]::new('--downtime', '--downtime', [CompletionResultType]::ParameterName, 'The expected downtime (default: hotfix.downtime, else "None expected")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--changelog', '--changelog', [CompletionResultType]::ParameterName, 'Add the entry to the project''s changelog (its file or fragment directory; CHANGELOG.md when it has none, or hotfix.changelog) and commit it on the hotfix branch')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the data behind the report as JSON instead of Markdown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-hotfix;postmortem' {
            [CompletionResult]::new('--detected-at', '--detected-at', [CompletionResultType]::ParameterName, 'When the issue was detected (default: when the hotfix started); RFC 3339 or ''2026-03-02 10:00'' in UTC')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the data behind the report as JSON instead of Markdown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;deploy' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment to deploy to; `hotfix.<NAME>.deployCommand` and the like override the commands for it')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the steps, their commands and the variables they would get; run nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Deploy without asking (needed when there is no terminal to ask on)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Deploy without asking (needed when there is no terminal to ask on)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;deployed' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment it reached')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When it was deployed (default: now); RFC 3339 or ''2026-03-02 10:00'' in UTC')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;monitor' {
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment watched; `hotfix.<NAME>.monitorCommand` overrides the command for it')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'How long to watch (default: hotfix.monitorWindow, 30m); e.g. 90s, 30m, 1h')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'How often to sample (default: hotfix.monitorInterval, 60s); e.g. 0.5s, 30s')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;resolved' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When it was resolved (default: now); RFC 3339 or ''2026-03-02 10:00'' in UTC')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;stats' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only hotfixes started at or after this date (RFC 3339 or 2026-01-31)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--dora', '--dora', [CompletionResultType]::ParameterName, 'The DORA figures instead: deployment frequency, lead time for changes, change failure rate and time to restore service, by severity and overall')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'With --dora: print the figures as CSV, one row per severity and one for all')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the data behind the report as JSON instead of Markdown')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;hooks' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install commit-msg and pre-push (and prepare-commit-msg with hotfix.prefillHeader) where git runs hooks (core.hooksPath, else the shared .git/hooks; config-based hooks on git 2.54+). A hook already there is kept: it runs first (with config-based hooks, git runs it after ours). Installing twice changes nothing')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove the hooks and put back, byte for byte, any hook they chained (with --server: the server hooks of this bare repository)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show where the hooks are and whether they are installed, with the snippet to add to a hook manager''s config (husky, lefthook, pre-commit) when one is in use and does not call them yet; in a bare repository, the server hooks')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run one hook; the installed hooks call this (internal)')
            break
        }
        'git-hotfix;hooks;install' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server hooks (pre-receive, post-receive) of this bare repository, the remote')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;hooks;uninstall' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The server hooks (pre-receive, post-receive) of this bare repository, the remote')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;hooks;status' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;hooks;run' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;test' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The hotfix to record the outcome in (default: the current branch''s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Run every configured suite (hotfix.testCommand, hotfix.securityCommand, hotfix.performanceCommand), each recorded by name')
            [CompletionResult]::new('--affected', '--affected', [CompletionResultType]::ParameterName, 'Run only the tests that the hotfix''s changes since its base can affect, chosen from the project''s tooling (cargo -p, jest/vitest related, pytest imports, go packages) or by hotfix.affectedTestCommand. Recorded as an affected run: pre-push and finish still run the full suite')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Run again whenever a file in the working tree changes (ignored files and .git do not count), until interrupted: the affected tests, uncommitted changes included, then the full suite once they pass and the working tree is committed. Runs on the working tree as it is; records only when it matches HEAD')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'With --watch: run the full suite on every change instead of the affected tests')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'git-hotfix;backport' {
            [CompletionResult]::new('--onto', '--onto', [CompletionResultType]::ParameterName, 'A branch to backport onto, e.g. release/2.0 (several may follow, or repeat the flag)')
            [CompletionResult]::new('--all-affected', '--all-affected', [CompletionResultType]::ParameterName, 'Also backport onto the maintenance branch of every affected version (release/X.Y, support/X.Y, maint/vX, X.x, X.Y.x, release-X.Y, vX, stable/X.Y; hotfix.maintenanceBranch sets the patterns)')
            [CompletionResult]::new('--direct', '--direct', [CompletionResultType]::ParameterName, 'Cherry-pick onto each target branch itself instead of a new branch hotfix/<name>-<target>')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Tag each backport with the next patch version of its line (v2.0.4 after v2.0.3), after setting the line''s version files to it in one commit, as finish does')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--continue', '--continue', [CompletionResultType]::ParameterName, 'Resume a backport that stopped (after resolving conflicts and ''git add'')')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Drop the target the backport stopped on (its branch and tag as they were) and go on with the next')
            [CompletionResult]::new('--abort', '--abort', [CompletionResultType]::ParameterName, 'Undo a backport in progress: what it moved goes back (refs you moved meanwhile are kept), and HEAD goes back to where you started')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and warnings: no progress, advice or next steps')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print each git command run, on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
