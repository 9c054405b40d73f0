//! Shell completion, generated from the clap definition. clap_complete writes the scripts for
//! the `git-hotfix` executable (bash, fish, PowerShell, elvish); this module adds what clap
//! cannot: the glue git's own completion calls for `git hotfix <TAB>` (bash `_git_hotfix`,
//! zsh `_git-hotfix`, fish `__fish_git_using_command hotfix`) with values looked up at TAB
//! time. The zsh file is ours alone: zsh's git completion calls `_git-hotfix`, the very name
//! clap_complete's zsh script defines, and one function serves both `git hotfix` and
//! `git-hotfix`.
//!
//! Dynamic values follow the argument's name, so new subcommands get them without code here:
//! an argument named `id` (or with value name `ID`) completes hotfix ids from the notes
//! (through `git hotfix __complete ids`); value names `REF`, `BRANCH`, `TAG` and `COMMIT`
//! complete git refs; arguments with possible values (severities, shells) complete those.

use clap::{Arg, ArgAction, Command, ValueHint};
use clap_complete::Shell;

/// What completes the value of an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// Free text: nothing to offer.
    Text,
    /// Hotfix ids, from the notes.
    Ids,
    /// Branches and tags (and commits where the shell offers them).
    Refs,
    /// File names.
    Files,
    /// A fixed list of words.
    Choices(Vec<String>),
}

/// A non-positional argument.
#[derive(Debug)]
pub struct Opt {
    pub long: Option<String>,
    pub short: Option<char>,
    pub help: String,
    /// `None` for a flag.
    pub value: Option<Values>,
    pub repeatable: bool,
}

#[derive(Debug)]
pub struct Subcommand {
    pub name: String,
    pub about: String,
    pub options: Vec<Opt>,
    /// Name (for zsh's messages) and values of each positional argument.
    pub positionals: Vec<(String, Values)>,
    /// The last positional takes any number of values.
    pub variadic: bool,
}

/// Everything the glue scripts need, read from the built clap command.
#[derive(Debug)]
pub struct Model {
    pub about: String,
    pub options: Vec<Opt>,
    pub subcommands: Vec<Subcommand>,
}

impl Model {
    pub fn new(cmd: &Command) -> Model {
        Model {
            about: text(cmd.get_about()),
            options: options(cmd),
            subcommands: cmd
                .get_subcommands()
                .filter(|sub| !sub.is_hide_set())
                .map(|sub| Subcommand {
                    name: sub.get_name().to_string(),
                    about: text(sub.get_about()),
                    options: options(sub),
                    positionals: sub
                        .get_positionals()
                        .filter(|arg| !arg.is_hide_set())
                        .map(|arg| (arg.get_id().as_str().replace('_', " "), values(arg)))
                        .collect(),
                    variadic: sub
                        .get_positionals()
                        .last()
                        .is_some_and(|arg| arg.get_num_args().is_some_and(|n| n.max_values() > 1)),
                })
                .collect(),
        }
    }

    fn names(&self) -> Vec<&str> {
        self.subcommands.iter().map(|s| s.name.as_str()).collect()
    }
}

fn text(styled: Option<&clap::builder::StyledStr>) -> String {
    styled
        .map(|s| s.to_string())
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_string()
}

fn options(cmd: &Command) -> Vec<Opt> {
    cmd.get_arguments()
        .filter(|arg| !arg.is_positional() && !arg.is_hide_set())
        .map(|arg| Opt {
            long: arg.get_long().map(str::to_string),
            short: arg.get_short(),
            help: text(arg.get_help()),
            value: arg.get_action().takes_values().then(|| values(arg)),
            repeatable: matches!(arg.get_action(), ArgAction::Append | ArgAction::Count),
        })
        .collect()
}

/// Classifies an argument's values by its possible values, name and value hint.
pub fn values(arg: &Arg) -> Values {
    let choices: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|value| !value.is_hide_set())
        .map(|value| value.get_name().to_string())
        .collect();
    if !choices.is_empty() {
        return Values::Choices(choices);
    }
    let name = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|name| name.as_str())
        .unwrap_or(arg.get_id().as_str())
        .to_ascii_uppercase();
    if name == "ID" || name.ends_with("_ID") {
        return Values::Ids;
    }
    if matches!(name.as_str(), "REF" | "BRANCH" | "TAG" | "COMMIT") {
        return Values::Refs;
    }
    match arg.get_value_hint() {
        ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath => Values::Files,
        _ => Values::Text,
    }
}

const HEADER: &str =
    "Generated from the command-line definition by `git hotfix generate-docs`: do not edit.";

/// The completion script for `shell`: what `git hotfix completions <shell>` prints and
/// `completions/` holds.
pub fn script(shell: Shell) -> String {
    let model = Model::new(&super::command());
    match shell {
        Shell::Bash => format!("{}\n{}", clap_script(shell), bash(&model)),
        Shell::Zsh => zsh(&model),
        Shell::Fish => format!("{}\n{}", clap_script(shell), fish(&model)),
        _ => clap_script(shell),
    }
}

/// The file under `completions/` that holds the script for `shell`.
pub fn file_name(shell: Shell) -> String {
    match shell {
        Shell::Bash => "git-hotfix.bash".into(),
        Shell::Zsh => "_git-hotfix".into(),
        Shell::Fish => "git-hotfix.fish".into(),
        Shell::PowerShell => "_git-hotfix.ps1".into(),
        Shell::Elvish => "git-hotfix.elv".into(),
        other => format!("git-hotfix.{other}"),
    }
}

/// Every shell clap_complete supports, in a stable order.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

/// clap_complete's script for the `git-hotfix` executable.
fn clap_script(shell: Shell) -> String {
    let mut cmd = visible(<crate::cli::Cli as clap::CommandFactory>::command());
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "git-hotfix", &mut out);
    String::from_utf8(out).expect("completion scripts are UTF-8")
}

/// The unbuilt command without its hidden subcommands, which clap_complete would offer.
fn visible(cmd: Command) -> Command {
    let subcommands: Vec<Command> = cmd
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .cloned()
        .collect();
    let mut visible = Command::new("git-hotfix")
        .version(env!("CARGO_PKG_VERSION"))
        .propagate_version(true)
        .disable_help_subcommand(true)
        .args(cmd.get_arguments().cloned())
        .subcommands(subcommands);
    if let Some(about) = cmd.get_about() {
        visible = visible.about(about.clone());
    }
    visible
}

// ---- bash ----

fn bash(model: &Model) -> String {
    let mut out = String::new();
    out += "# git integration: git's completion calls _git_hotfix for `git hotfix <TAB>`, and\n";
    out += "# loads this file for it through bash-completion when it is installed as\n";
    out += "# .../bash-completion/completions/git-hotfix. ";
    out += HEADER;
    out += "\n";
    out += BASH_NO_GLOB;
    out += "\n__git_hotfix_main ()\n{\n";
    out += &format!("\tlocal subcommands=\"{}\"\n", model.names().join(" "));
    out += "\tlocal subcommand_idx subcommand\n";
    out += "\tread -r subcommand_idx subcommand <<< \"$(__git_find_on_cmdline --show-idx \"$subcommands\")\"\n";
    out += "\tif [ -z \"$subcommand\" ]; then\n\t\tcase \"$cur\" in\n";
    out += &format!(
        "\t\t-*) __gitcomp \"{}\" ;;\n",
        bash_option_words(&model.options)
    );
    out += "\t\t*) __gitcomp \"$subcommands\" ;;\n\t\tesac\n\t\treturn\n\tfi\n";
    out += "\tlocal with_value=\"\" positionals=\"\"\n\tcase \"$subcommand\" in\n";
    for sub in &model.subcommands {
        out += &format!("\t{})\n", sub.name);
        let valued: Vec<(&Opt, &Values)> = sub
            .options
            .iter()
            .filter_map(|opt| opt.value.as_ref().map(|v| (opt, v)))
            .collect();
        if !valued.is_empty() {
            // One case per way of completing, listing every option completed that way.
            let mut cases: Vec<(String, Vec<String>)> = Vec::new();
            for (opt, value) in &valued {
                let action = bash_complete(value, None);
                match cases.iter_mut().find(|(a, _)| *a == action) {
                    Some((_, spellings)) => spellings.extend(bash_spellings(opt)),
                    None => cases.push((action, bash_spellings(opt))),
                }
            }
            out += "\t\tcase \"$prev\" in\n";
            for (action, spellings) in cases {
                out += &format!("\t\t{}) {action}; return ;;\n", spellings.join("|"));
            }
            out += "\t\tesac\n";
        }
        out += "\t\tcase \"$cur\" in\n";
        for (opt, value) in &valued {
            if let Some(long) = &opt.long
                && !matches!(value, Values::Text | Values::Files)
            {
                out += &format!(
                    "\t\t--{long}=*) {}; return ;;\n",
                    bash_complete(value, Some("${cur#*=}"))
                );
            }
        }
        if valued
            .iter()
            .any(|(_, v)| matches!(v, Values::Text | Values::Files))
        {
            out += "\t\t--*=*) return ;;\n";
        }
        out += &format!(
            "\t\t-*) __gitcomp \"{}\"; return ;;\n\t\tesac\n",
            bash_option_words(&sub.options)
        );
        let with_value: Vec<String> = valued
            .iter()
            .flat_map(|(opt, _)| bash_spellings(opt))
            .collect();
        if !with_value.is_empty() {
            out += &format!("\t\twith_value=\"{}\"\n", with_value.join(" "));
        }
        let mut kinds: Vec<String> = sub.positionals.iter().map(|(_, v)| bash_kind(v)).collect();
        if sub.variadic
            && let Some(last) = kinds.last_mut()
        {
            last.push_str("...");
        }
        if !kinds.is_empty() {
            out += &format!("\t\tpositionals=\"{}\"\n", kinds.join(" "));
        }
        out += "\t\t;;\n";
    }
    out += "\tesac\n";
    out += "\t__git_hotfix_positional \"$subcommand_idx\" \"$with_value\" $positionals\n}\n\n";
    out += BASH_POSITIONAL;
    out
}

/// The function git's completion calls. git's helpers split the values handed to them
/// unquoted (`for x in $1`), so a value such as `/etc/pass*` would be expanded as a file name
/// pattern at TAB time (and `/*/../*/../*/..` would never end): globbing is off while our
/// completion runs, and back as it was after, whatever the user had set.
const BASH_NO_GLOB: &str = r#"_git_hotfix ()
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
"#;

/// Completes the positional argument under the cursor: $1 is the index of the subcommand in
/// `words`, $2 the options that take their value as the next word, then one kind per
/// positional argument (`ids`, `refs`, `files`, `text` or `choices:a,b`; a trailing `...`
/// repeats the last one).
const BASH_POSITIONAL: &str = r#"__git_hotfix_positional ()
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
"#;

fn bash_spellings(opt: &Opt) -> Vec<String> {
    opt.long
        .iter()
        .map(|long| format!("--{long}"))
        .chain(opt.short.iter().map(|short| format!("-{short}")))
        .collect()
}

/// Long options as git's completion offers them: `--name=` when a value follows.
fn bash_option_words(options: &[Opt]) -> String {
    options
        .iter()
        .filter_map(|opt| {
            let long = opt.long.as_ref()?;
            Some(match opt.value {
                Some(_) => format!("--{long}="),
                None => format!("--{long}"),
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn bash_kind(values: &Values) -> String {
    match values {
        Values::Text => "text".into(),
        Values::Ids => "ids".into(),
        Values::Refs => "refs".into(),
        Values::Files => "files".into(),
        Values::Choices(choices) => format!("choices:{}", choices.join(" ")).replace(' ', ","),
    }
}

/// The bash that completes `values`; `cur` is the word being completed when it is not `$cur`
/// (the part after `--option=`).
fn bash_complete(values: &Values, cur: Option<&str>) -> String {
    match (values, cur) {
        (Values::Ids, None) => "__gitcomp_nl \"$(__git hotfix __complete ids)\"".into(),
        (Values::Ids, Some(cur)) => {
            format!("__gitcomp_nl \"$(__git hotfix __complete ids)\" \"\" \"{cur}\"")
        }
        (Values::Refs, None) => "__git_complete_refs".into(),
        (Values::Refs, Some(cur)) => format!("__git_complete_refs --cur=\"{cur}\""),
        (Values::Choices(choices), None) => format!("__gitcomp \"{}\"", choices.join(" ")),
        (Values::Choices(choices), Some(cur)) => {
            format!("__gitcomp \"{}\" \"\" \"{cur}\"", choices.join(" "))
        }
        // An empty reply lets git's completion fall back to file names, as git's own
        // completion does for free text.
        (Values::Files | Values::Text, _) => ":".into(),
    }
}

// ---- zsh ----

fn zsh_escape(help: &str) -> String {
    help.replace('\\', "\\\\")
        .replace('\'', "'\\''")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace(':', "\\:")
}

fn zsh_action(values: &Values) -> String {
    match values {
        Values::Text => " ".into(),
        Values::Ids => "__git_hotfix_ids".into(),
        Values::Refs => "__git_hotfix_refs".into(),
        Values::Files => "_files".into(),
        Values::Choices(choices) => format!("({})", choices.join(" ")),
    }
}

fn zsh_specs(options: &[Opt]) -> Vec<String> {
    let mut specs = Vec::new();
    for opt in options {
        let spellings = bash_spellings(opt);
        let help = zsh_escape(&opt.help);
        let name = opt.long.as_deref().unwrap_or("value");
        let (suffix, value) = match &opt.value {
            Some(values) => ("=", format!(":{name}:{}", zsh_action(values))),
            None => ("", String::new()),
        };
        let exclusive = matches!(opt.long.as_deref(), Some("help" | "version"));
        let exclude = if exclusive {
            "(- *)".to_string()
        } else if opt.repeatable {
            "*".to_string()
        } else {
            format!("({})", spellings.join(" "))
        };
        for spelling in &spellings {
            let suffix = if spelling.starts_with("--") {
                suffix
            } else {
                ""
            };
            specs.push(format!("'{exclude}{spelling}{suffix}[{help}]{value}'"));
        }
    }
    specs
}

fn zsh(model: &Model) -> String {
    let mut out = String::new();
    out += "#compdef git-hotfix\n";
    out += &format!("#description {}\n", model.about.to_lowercase());
    out += "\n# Completion for `git hotfix` (zsh's git completion calls _git-hotfix) and for\n";
    out += &format!("# `git-hotfix`. {HEADER}\n\n");
    out += ZSH_HELPERS;
    out += "\n_git-hotfix () {\n";
    out += "  local curcontext=\"$curcontext\" state line ret=1\n  typeset -A opt_args\n";
    out += "  _arguments -C \\\n";
    for spec in zsh_specs(&model.options) {
        out += &format!("    {spec} \\\n");
    }
    out += "    '1: :->command' \\\n    '*:: :->argument' && ret=0\n";
    out += "  case $state in\n  command)\n    local -a commands\n    commands=(\n";
    for sub in &model.subcommands {
        out += &format!("      '{}:{}'\n", sub.name, zsh_escape(&sub.about));
    }
    out += "    )\n    _describe -t commands 'git hotfix command' commands && ret=0\n    ;;\n";
    out += "  argument)\n    curcontext=${curcontext%:*:*}:git-hotfix-$words[1]:\n";
    out += "    case $words[1] in\n";
    for sub in &model.subcommands {
        out += &format!("    {})\n      _arguments \\\n", sub.name);
        for spec in zsh_specs(&sub.options) {
            out += &format!("        {spec} \\\n");
        }
        for (i, (name, values)) in sub.positionals.iter().enumerate() {
            let last = i + 1 == sub.positionals.len();
            let star = if last && sub.variadic { "*" } else { "" };
            out += &format!("        '{star}:{name}:{}' \\\n", zsh_action(values));
        }
        out += "        && ret=0\n      ;;\n";
    }
    out += "    esac\n    ;;\n  esac\n  return ret\n}\n\n_git-hotfix \"$@\"\n";
    out
}

const ZSH_HELPERS: &str = r#"(( $+functions[__git_hotfix_ids] )) ||
__git_hotfix_ids () {
  local -a ids
  ids=(${(f)"$(_call_program hotfix-ids git hotfix __complete ids --describe 2>/dev/null)"})
  ids=(${ids//$'\t'/:})
  _describe -t hotfix-ids 'hotfix id' ids
}

(( $+functions[__git_hotfix_refs] )) ||
__git_hotfix_refs () {
  if (( $+functions[__git_revisions] )); then
    __git_revisions
  else
    local -a refs
    refs=(${(f)"$(_call_program refs git for-each-ref --format='%(refname:short)' refs/heads refs/tags refs/remotes 2>/dev/null)"})
    _describe -t refs 'branch or tag' refs
  fi
}
"#;

// ---- fish ----

fn fish_quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn fish_values(values: &Values) -> String {
    match values {
        Values::Text => " -x".into(),
        Values::Ids => " -x -a '(__fish_git hotfix __complete ids --describe)'".into(),
        Values::Refs => " -x -a '(__fish_git_refs)'".into(),
        Values::Files => " -r -F".into(),
        Values::Choices(choices) => format!(" -x -a {}", fish_quote(&choices.join(" "))),
    }
}

fn fish_option(condition: &str, opt: &Opt) -> String {
    let mut line = format!("complete -c git -n {}", fish_quote(condition));
    if let Some(short) = opt.short {
        line += &format!(" -s {short}");
    }
    if let Some(long) = &opt.long {
        line += &format!(" -l {long}");
    }
    if let Some(values) = &opt.value {
        line += &fish_values(values);
    }
    if !opt.help.is_empty() {
        line += &format!(" -d {}", fish_quote(&opt.help));
    }
    line + "\n"
}

fn fish(model: &Model) -> String {
    let names = model.names().join(" ");
    let mut out = String::new();
    out += "# git integration: `git hotfix <TAB>`. fish loads completions for `git` from its own\n";
    out += "# git.fish, so install this file where fish sources it at start-up (conf.d).\n";
    out += &format!("# {HEADER}\n");
    let top =
        format!("__fish_git_using_command hotfix; and not __fish_seen_subcommand_from {names}");
    out += "complete -c git -n '__fish_git_using_command hotfix' -f\n";
    for sub in &model.subcommands {
        out += &format!(
            "complete -c git -n {} -a {} -d {}\n",
            fish_quote(&top),
            sub.name,
            fish_quote(&sub.about)
        );
    }
    for opt in &model.options {
        out += &fish_option(&top, opt);
    }
    for sub in &model.subcommands {
        let condition = format!(
            "__fish_git_using_command hotfix; and __fish_seen_subcommand_from {}",
            sub.name
        );
        for opt in &sub.options {
            out += &fish_option(&condition, opt);
        }
        for (_, values) in &sub.positionals {
            let values = match values {
                Values::Text => continue,
                Values::Files => " -F".to_string(),
                other => fish_values(other).replacen(" -x", " -f", 1),
            };
            out += &format!("complete -c git -n {}{values}\n", fish_quote(&condition));
        }
    }
    out
}
