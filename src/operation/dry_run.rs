//! `--dry-run`: the plan printed from the same steps and data the operation would run, with
//! the git arguments each step runs, so what is shown cannot drift from what happens.

use crate::git::command;

use super::{Plan, Procedure, STATE_REF};

/// One line of a dry run: what a step does and the git commands it runs.
pub struct Described {
    pub text: String,
    pub commands: Vec<Vec<String>>,
}

impl Described {
    pub fn new(text: String, commands: Vec<Vec<String>>) -> Described {
        Described { text, commands }
    }
}

/// Prints the plan as a dry run: `heading`, the backup, then each step as `describe` tells
/// it, from the same steps and data the operation would run.
pub fn print_plan<P: Procedure>(
    heading: &str,
    plan: &Plan<P>,
    describe: impl Fn(&P::Step) -> Vec<Described>,
) {
    println!(
        "{} (dry run: nothing is changed):",
        crate::ui::sanitize(heading)
    );
    let backup = Described::new(
        format!("back up {} and HEAD in {STATE_REF}", plan.refs.join(", ")),
        Vec::new(),
    );
    let described = std::iter::once(backup).chain(plan.steps.iter().flat_map(describe));
    for (n, line) in described.enumerate() {
        println!("  {}. {}", n + 1, crate::ui::sanitize(&line.text));
        for args in line.commands {
            println!(
                "       git {}",
                crate::ui::sanitize(&command::shell_words(&args))
            );
        }
    }
}
