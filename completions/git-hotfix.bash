_git__hotfix() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="git__hotfix"
                ;;
            git__hotfix,backport)
                cmd="git__hotfix__subcmd__backport"
                ;;
            git__hotfix,cancel)
                cmd="git__hotfix__subcmd__cancel"
                ;;
            git__hotfix,checklist)
                cmd="git__hotfix__subcmd__checklist"
                ;;
            git__hotfix,completions)
                cmd="git__hotfix__subcmd__completions"
                ;;
            git__hotfix,config)
                cmd="git__hotfix__subcmd__config"
                ;;
            git__hotfix,deploy)
                cmd="git__hotfix__subcmd__deploy"
                ;;
            git__hotfix,deployed)
                cmd="git__hotfix__subcmd__deployed"
                ;;
            git__hotfix,finish)
                cmd="git__hotfix__subcmd__finish"
                ;;
            git__hotfix,hooks)
                cmd="git__hotfix__subcmd__hooks"
                ;;
            git__hotfix,list)
                cmd="git__hotfix__subcmd__list"
                ;;
            git__hotfix,monitor)
                cmd="git__hotfix__subcmd__monitor"
                ;;
            git__hotfix,postmortem)
                cmd="git__hotfix__subcmd__postmortem"
                ;;
            git__hotfix,release-notes)
                cmd="git__hotfix__subcmd__release__subcmd__notes"
                ;;
            git__hotfix,resolved)
                cmd="git__hotfix__subcmd__resolved"
                ;;
            git__hotfix,rollback)
                cmd="git__hotfix__subcmd__rollback"
                ;;
            git__hotfix,show)
                cmd="git__hotfix__subcmd__show"
                ;;
            git__hotfix,start)
                cmd="git__hotfix__subcmd__start"
                ;;
            git__hotfix,stats)
                cmd="git__hotfix__subcmd__stats"
                ;;
            git__hotfix,status)
                cmd="git__hotfix__subcmd__status"
                ;;
            git__hotfix,sync)
                cmd="git__hotfix__subcmd__sync"
                ;;
            git__hotfix,test)
                cmd="git__hotfix__subcmd__test"
                ;;
            git__hotfix,verify)
                cmd="git__hotfix__subcmd__verify"
                ;;
            git__hotfix__subcmd__checklist,done)
                cmd="git__hotfix__subcmd__checklist__subcmd__done"
                ;;
            git__hotfix__subcmd__checklist,undo)
                cmd="git__hotfix__subcmd__checklist__subcmd__undo"
                ;;
            git__hotfix__subcmd__hooks,install)
                cmd="git__hotfix__subcmd__hooks__subcmd__install"
                ;;
            git__hotfix__subcmd__hooks,run)
                cmd="git__hotfix__subcmd__hooks__subcmd__run"
                ;;
            git__hotfix__subcmd__hooks,status)
                cmd="git__hotfix__subcmd__hooks__subcmd__status"
                ;;
            git__hotfix__subcmd__hooks,uninstall)
                cmd="git__hotfix__subcmd__hooks__subcmd__uninstall"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        git__hotfix)
            opts="-q -v -h -V --quiet --verbose --help --version start status list show verify sync config completions finish cancel checklist rollback release-notes postmortem deploy deployed monitor resolved stats hooks test backport"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__backport)
            opts="-y -q -v -h -V --onto --all-affected --direct --tag --yes --continue --skip --abort --no-sync --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --onto)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__cancel)
            opts="-f -y -q -v -h -V --reason --force --keep-branch --yes --no-sync --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --reason)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__checklist)
            opts="-o -q -v -h -V --output --json --quiet --verbose --help --version done undo"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__checklist__subcmd__done)
            opts="-q -v -h -V --id --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__checklist__subcmd__undo)
            opts="-q -v -h -V --id --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__completions)
            opts="-q -v -h -V --quiet --verbose --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__config)
            opts="-q -v -h -V --json --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__deploy)
            opts="-y -q -v -h -V --env --dry-run --yes --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__deployed)
            opts="-q -v -h -V --env --at --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__finish)
            opts="-m -s -n -y -q -v -h --version --no-develop --push --pr --keep-branch --message --sign --skip-tests --dry-run --yes --continue --abort --no-sync --quiet --verbose --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --message)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -m)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__hooks)
            opts="-q -v -h -V --quiet --verbose --help --version install uninstall status run"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__hooks__subcmd__install)
            opts="-q -v -h -V --server --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__hooks__subcmd__run)
            opts="-q -v -h -V --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__hooks__subcmd__status)
            opts="-q -v -h -V --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__hooks__subcmd__uninstall)
            opts="-q -v -h -V --server --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__list)
            opts="-a -q -v -h -V --all --json --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__monitor)
            opts="-q -v -h -V --env --for --every --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --for)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --every)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__postmortem)
            opts="-o -q -v -h -V --detected-at --output --json --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --detected-at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__release__subcmd__notes)
            opts="-o -q -v -h --changelog --version --downtime --output --json --quiet --verbose --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --downtime)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__resolved)
            opts="-q -v -h -V --at --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__rollback)
            opts="-o -y -q -v -h -V --output --json --execute --develop --tag --push --reason --dry-run --yes --continue --abort --no-sync --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --reason)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__show)
            opts="-q -v -h -V --json --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__start)
            opts="-y -q -v -h -V --severity --issue --from --from-last-tag --affected --component --package --impact --no-fetch --no-sync --yes --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --severity)
                    COMPREPLY=($(compgen -W "P0 P1 P2" -- "${cur}"))
                    return 0
                    ;;
                --issue)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --affected)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --component)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --package)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --impact)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__stats)
            opts="-o -q -v -h -V --since --dora --csv --output --json --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__status)
            opts="-q -v -h -V --id --json --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__sync)
            opts="-q -v -h -V --setup --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__test)
            opts="-q -v -h -V --all --affected --watch --full --id --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        git__subcmd__hotfix__subcmd__verify)
            opts="-q -v -h -V --id --tests --json --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _git__hotfix -o nosort -o bashdefault -o default git-hotfix
else
    complete -F _git__hotfix -o bashdefault -o default git-hotfix
fi

# git integration: git's completion calls _git_hotfix for `git hotfix <TAB>`, and
# loads this file for it through bash-completion when it is installed as
# .../bash-completion/completions/git-hotfix. Generated from the command-line definition by `git hotfix generate-docs`: do not edit.
_git_hotfix ()
{
	local __git_hotfix_glob=
	case $- in
	*f*) ;;
	*) __git_hotfix_glob=on; set -f ;;
	esac
	__git_hotfix_main
	local __git_hotfix_status=$?
	[ -z "$__git_hotfix_glob" ] || set +f
	return $__git_hotfix_status
}

__git_hotfix_main ()
{
	local subcommands="start status list show verify sync config completions finish cancel checklist rollback release-notes postmortem deploy deployed monitor resolved stats hooks test backport"
	local subcommand_idx subcommand
	read -r subcommand_idx subcommand <<< "$(__git_find_on_cmdline --show-idx "$subcommands")"
	if [ -z "$subcommand" ]; then
		case "$cur" in
		-*) __gitcomp "--quiet --verbose --help --version" ;;
		*) __gitcomp "$subcommands" ;;
		esac
		return
	fi
	local with_value="" positionals=""
	case "$subcommand" in
	start)
		case "$prev" in
		--severity) __gitcomp "P0 P1 P2"; return ;;
		--issue|--affected|--component|--package|--impact) :; return ;;
		--from) __git_complete_refs; return ;;
		esac
		case "$cur" in
		--severity=*) __gitcomp "P0 P1 P2" "" "${cur#*=}"; return ;;
		--from=*) __git_complete_refs --cur="${cur#*=}"; return ;;
		--*=*) return ;;
		-*) __gitcomp "--severity= --issue= --from= --from-last-tag --affected= --component= --package= --impact= --no-fetch --no-sync --yes --quiet --verbose --help --version"; return ;;
		esac
		with_value="--severity --issue --from --affected --component --package --impact"
		positionals="text"
		;;
	status)
		case "$prev" in
		--id) __gitcomp_nl "$(__git hotfix __complete ids)"; return ;;
		esac
		case "$cur" in
		--id=*) __gitcomp_nl "$(__git hotfix __complete ids)" "" "${cur#*=}"; return ;;
		-*) __gitcomp "--id= --json --quiet --verbose --help --version"; return ;;
		esac
		with_value="--id"
		;;
	list)
		case "$cur" in
		-*) __gitcomp "--all --json --quiet --verbose --help --version"; return ;;
		esac
		;;
	show)
		case "$cur" in
		-*) __gitcomp "--json --quiet --verbose --help --version"; return ;;
		esac
		positionals="ids"
		;;
	verify)
		case "$prev" in
		--id) __gitcomp_nl "$(__git hotfix __complete ids)"; return ;;
		esac
		case "$cur" in
		--id=*) __gitcomp_nl "$(__git hotfix __complete ids)" "" "${cur#*=}"; return ;;
		-*) __gitcomp "--id= --tests --json --quiet --verbose --help --version"; return ;;
		esac
		with_value="--id"
		positionals="text"
		;;
	sync)
		case "$cur" in
		-*) __gitcomp "--setup --quiet --verbose --help --version"; return ;;
		esac
		;;
	config)
		case "$cur" in
		-*) __gitcomp "--json --quiet --verbose --help --version"; return ;;
		esac
		;;
	completions)
		case "$cur" in
		-*) __gitcomp "--quiet --verbose --help --version"; return ;;
		esac
		positionals="choices:bash,elvish,fish,powershell,zsh"
		;;
	finish)
		case "$prev" in
		--version|--message|-m) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--version= --no-develop --push --pr --keep-branch --message= --sign --skip-tests --dry-run --yes --continue --abort --no-sync --quiet --verbose --help"; return ;;
		esac
		with_value="--version --message -m"
		positionals="ids"
		;;
	cancel)
		case "$prev" in
		--reason) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--reason= --force --keep-branch --yes --no-sync --quiet --verbose --help --version"; return ;;
		esac
		with_value="--reason"
		positionals="ids"
		;;
	checklist)
		case "$prev" in
		--output|-o) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--output= --json --quiet --verbose --help --version"; return ;;
		esac
		with_value="--output -o"
		positionals="ids"
		;;
	rollback)
		case "$prev" in
		--output|-o|--reason) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--output= --json --execute --develop --tag --push --reason= --dry-run --yes --continue --abort --no-sync --quiet --verbose --help --version"; return ;;
		esac
		with_value="--output -o --reason"
		positionals="ids"
		;;
	release-notes)
		case "$prev" in
		--version|--downtime|--output|-o) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--changelog --version= --downtime= --output= --json --quiet --verbose --help"; return ;;
		esac
		with_value="--version --downtime --output -o"
		positionals="ids"
		;;
	postmortem)
		case "$prev" in
		--detected-at|--output|-o) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--detected-at= --output= --json --quiet --verbose --help --version"; return ;;
		esac
		with_value="--detected-at --output -o"
		positionals="ids"
		;;
	deploy)
		case "$prev" in
		--env) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--env= --dry-run --yes --quiet --verbose --help --version"; return ;;
		esac
		with_value="--env"
		positionals="ids"
		;;
	deployed)
		case "$prev" in
		--env|--at) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--env= --at= --quiet --verbose --help --version"; return ;;
		esac
		with_value="--env --at"
		positionals="ids"
		;;
	monitor)
		case "$prev" in
		--env|--for|--every) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--env= --for= --every= --quiet --verbose --help --version"; return ;;
		esac
		with_value="--env --for --every"
		positionals="ids"
		;;
	resolved)
		case "$prev" in
		--at) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--at= --quiet --verbose --help --version"; return ;;
		esac
		with_value="--at"
		positionals="ids"
		;;
	stats)
		case "$prev" in
		--since|--output|-o) :; return ;;
		esac
		case "$cur" in
		--*=*) return ;;
		-*) __gitcomp "--since= --dora --csv --output= --json --quiet --verbose --help --version"; return ;;
		esac
		with_value="--since --output -o"
		;;
	hooks)
		case "$cur" in
		-*) __gitcomp "--quiet --verbose --help --version"; return ;;
		esac
		;;
	test)
		case "$prev" in
		--id) __gitcomp_nl "$(__git hotfix __complete ids)"; return ;;
		esac
		case "$cur" in
		--id=*) __gitcomp_nl "$(__git hotfix __complete ids)" "" "${cur#*=}"; return ;;
		-*) __gitcomp "--all --affected --watch --full --id= --quiet --verbose --help --version"; return ;;
		esac
		with_value="--id"
		;;
	backport)
		case "$prev" in
		--onto) __git_complete_refs; return ;;
		esac
		case "$cur" in
		--onto=*) __git_complete_refs --cur="${cur#*=}"; return ;;
		-*) __gitcomp "--onto= --all-affected --direct --tag --yes --continue --skip --abort --no-sync --quiet --verbose --help --version"; return ;;
		esac
		with_value="--onto"
		positionals="ids"
		;;
	esac
	__git_hotfix_positional "$subcommand_idx" "$with_value" $positionals
}

__git_hotfix_positional ()
{
	local c=$(($1 + 1)) with_value=" $2 " n=0 kind
	shift 2
	while [ "$c" -lt "$cword" ]; do
		case "${words[c]}" in
		--) ;;
		-*) case "$with_value" in *" ${words[c]} "*) ((c++)) ;; esac ;;
		*) ((n++)) ;;
		esac
		((c++))
	done
	[ $# -gt 0 ] || return
	if [ "$n" -lt $# ]; then
		shift "$n"
		kind="$1"
	else
		kind="${!#}"
		case "$kind" in *...) ;; *) return ;; esac
	fi
	case "${kind%...}" in
	ids) __gitcomp_nl "$(__git hotfix __complete ids)" ;;
	refs) __git_complete_refs ;;
	choices:*) kind="${kind%...}"; kind="${kind#choices:}"; __gitcomp "${kind//,/ }" ;;
	esac
}
