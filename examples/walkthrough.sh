#!/bin/sh
# A whole hotfix on a throwaway repository: a bare remote standing in for the server, a clone
# with a release history, then each step a developer takes. Run it to see git hotfix at work:
#
#   PATH="$PWD/target/debug:$PATH" examples/walkthrough.sh       # after `cargo build`
#
# It needs `git hotfix` on PATH (./install.sh, or the build directory as above). Everything
# happens in a temporary directory that is removed at the end (KEEP=1 keeps it).
set -eu

command -v git-hotfix >/dev/null 2>&1 || {
    echo "error: git-hotfix is not on PATH" >&2
    echo "hint: run ./install.sh, or PATH=\"\$PWD/target/debug:\$PATH\" after cargo build" >&2
    exit 1
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/git-hotfix-walkthrough.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then
    echo "Keeping $dir"
else
    trap 'rm -rf "$dir"' EXIT
fi

# Shows each command before running it, as in a terminal session.
step() {
    printf '\n$ %s\n' "$*"
    "$@"
}

cd "$dir"
# The server and a clone with two releases in production, and a develop branch.
git init --quiet --bare origin.git
git clone --quiet origin.git app 2>/dev/null
cd app
git config user.name "Jane Doe"
git config user.email jane@example.com
git symbolic-ref HEAD refs/heads/main
printf 'function login(token) {\n  return true;\n}\n' >auth.js
git add auth.js
git commit --quiet -m "Initial release"
git tag -a v2.0.0 -m "Release 2.0.0"
printf '# App\n' >README.md
git add README.md
git commit --quiet -m "Add readme"
git tag -a v2.0.1 -m "Release 2.0.1"
git branch develop
git push --quiet origin main develop --tags
# The project's test command (a real project has one detected: cargo test, npm test, ...).
git config hotfix.testCommand "grep -q verifySignature auth.js"

# 1. Start: a branch from what runs in production, an id and a severity.
step git hotfix start critical-auth-vulnerability --severity P0 \
    --issue "Authentication bypass vulnerability" --component auth --yes

# 2. The smallest fix, marked in the code, committed with the hotfix header.
cat >auth.js <<'JS'
function login(token) {
  // HOTFIX: HOTFIX-001 - Authentication bypass vulnerability
  // Issue: a token was trusted without checking its signature
  // Fix: verify the signature before trusting the token
  return verifySignature(token);
}
JS
step git commit --quiet -am "HOTFIX-001: Verify the token signature"

# 3. Where it stands, and everything recorded about it.
step git hotfix status
step git hotfix list
step git hotfix show HOTFIX-001
step git hotfix show HOTFIX-001 --json

# 4. The state is plain git: notes under refs/notes/hotfix, no files in the work tree.
step git notes --ref=hotfix list
step git status --porcelain
step git hotfix config

# 5. Tests on the commit's tree, recorded so the push and finish do not run them again.
step git hotfix test
step git hotfix checklist done reproduce
step git hotfix checklist

# 6. The paperwork before deploying: the rollback plan and the release package.
step git hotfix rollback
step git hotfix release-notes --changelog

# 7. Finish: verify, merge into main and develop, tag v2.0.2, push it all atomically.
step git hotfix finish --yes --push
step git log --oneline --graph --all --exclude=refs/notes/* --branches --tags

# 8. The last mile: back up, deploy and smoke-test on staging, then production, and watch
#    the monitoring window. The commands come from git config and get the release as
#    HOTFIX_* variables; here they only write to a log. No id needed from here on: main
#    contains the hotfix's merge, so it is the hotfix these commands mean.
step git config hotfix.backupCommand 'echo "backup before $HOTFIX_TAG" >>"$DEPLOY_LOG"'
step git config hotfix.deployCommand 'echo "deploy $HOTFIX_TAG to $HOTFIX_ENV" >>"$DEPLOY_LOG"'
step git config hotfix.smokeCommand 'echo "smoke tests on $HOTFIX_ENV" >>"$DEPLOY_LOG"'
step git config hotfix.monitorCommand 'echo "error rate 0.1%"'
export DEPLOY_LOG="$dir/deploy.log"
step git hotfix deploy --env staging --yes
step git hotfix deploy --yes
step cat "$DEPLOY_LOG"
step git hotfix monitor --for 1s --every 0.25s

# 9. The incident is over: the post-mortem with its real timeline, and the team's figures.
step git hotfix resolved
step git hotfix postmortem
step git hotfix stats --dora

echo
echo "Walkthrough complete."
