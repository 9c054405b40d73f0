
use builtin;
use str;

set edit:completion:arg-completer[git-hotfix] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'git-hotfix'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'git-hotfix'= {
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand start 'Start a hotfix branch from production and record its metadata'
            cand status 'Show the hotfix of the current branch: progress against its base and the next step'
            cand list 'List hotfixes, newest first (open ones unless --all)'
            cand show 'Show all metadata of a hotfix'
            cand verify 'Check the hotfix rules (headers, diff budget, code comments; tests with --tests)'
            cand sync 'Share the hotfix notes with the remote: fetch, merge, push'
            cand config 'Show the effective settings and where each came from'
            cand completions 'Print the shell completion script (bash, zsh, fish, powershell, elvish)'
            cand finish 'Verify a hotfix, merge it into production and develop, tag the release, push or open a PR'
            cand cancel 'Abandon a hotfix: mark it cancelled and delete its branch'
        }
        &'git-hotfix;start'= {
            cand --severity 'Severity: P0 critical, P1 high, P2 medium (suggested from the name when omitted)'
            cand --issue 'One-line description of the issue (default: the name made readable)'
            cand --from 'Start from this branch, tag or commit instead of the production branch'
            cand --affected 'Affected versions, comma separated (default: the last release tag of the base)'
            cand --component 'An affected component (repeat for several)'
            cand --impact 'What the issue does to production'
            cand --from-last-tag 'Start from the last release tag reachable from the production branch'
            cand --no-fetch 'Do not fetch the remote first (nor sync the hotfix notes: work offline)'
            cand --no-sync 'Do not sync the hotfix notes with the remote (also: git config hotfix.autoSync false)'
            cand -y 'Never prompt: take the suggested severity'
            cand --yes 'Never prompt: take the suggested severity'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;status'= {
            cand --id 'Show this hotfix instead of the current branch''s'
            cand --json 'Print the metadata object plus computed fields as JSON'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;list'= {
            cand -a 'Include finished, cancelled and rolled-back hotfixes'
            cand --all 'Include finished, cancelled and rolled-back hotfixes'
            cand --json 'Print an array of metadata objects as JSON'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;show'= {
            cand --json 'Print the metadata object as JSON'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;verify'= {
            cand --id 'The hotfix whose id the headers must carry (default: the current branch''s, or the one whose branch or base matches the range)'
            cand --tests 'Also run the test suites on the head (a recorded pass for the same tree is reused)'
            cand --json 'Print the report as JSON'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;sync'= {
            cand --setup 'Also configure the remote''s fetch and push refspecs so a plain ''git fetch'' and ''git push'' carry the hotfix notes (safe to repeat)'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;config'= {
            cand --json 'Print an array of {key, value, source, from, default} objects as JSON'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;completions'= {
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'git-hotfix;finish'= {
            cand --version 'The version to release (default: the patch bump of the latest release tag)'
            cand -m 'The message of the release tag (default: "Hotfix <ID>: <issue>")'
            cand --message 'The message of the release tag (default: "Hotfix <ID>: <issue>")'
            cand --no-develop 'Do not merge the hotfix back into develop (or the open release branch)'
            cand --push 'Push the production branch, develop, the tag and the notes in one atomic push'
            cand --pr 'Push the hotfix branch and open a pull request (gh, or glab for GitLab) instead of merging locally, for a protected production branch'
            cand --keep-branch 'Keep the hotfix branch after merging'
            cand -s 'Sign the release tag with your GPG/SSH key (git tag -s)'
            cand --sign 'Sign the release tag with your GPG/SSH key (git tag -s)'
            cand --skip-tests 'Do not run the test suites; the skip is recorded in the notes'
            cand -n 'Print every step and the git commands it would run, and change nothing'
            cand --dry-run 'Print every step and the git commands it would run, and change nothing'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand --continue 'Resume a finish that stopped (after resolving conflicts and ''git add'')'
            cand --abort 'Undo a finish in progress: every ref back where it was, the hotfix branch checked out'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-hotfix;cancel'= {
            cand --reason 'Why it is abandoned; recorded in the notes'
            cand -f 'Delete the branch even when it has commits no other branch has (a backup ref keeps them)'
            cand --force 'Delete the branch even when it has commits no other branch has (a backup ref keeps them)'
            cand --keep-branch 'Keep the branch; only mark the hotfix cancelled'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Print only errors and warnings: no progress, advice or next steps'
            cand --quiet 'Print only errors and warnings: no progress, advice or next steps'
            cand -v 'Also print each git command run, on stderr'
            cand --verbose 'Also print each git command run, on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
