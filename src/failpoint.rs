//! Test-only fail points: named places where a command can be made to die abruptly, so the
//! tests can prove that an interrupted operation (Ctrl-C, SIGKILL, a power cut) is continued
//! or aborted cleanly. `HOTFIX_FAILPOINT=finish:merged-production` makes the process exit at
//! once, without unwinding, cleanup or saving anything, when it reaches that point. Not meant
//! for users: it only ever loses the work a real crash would.

/// The environment variable naming the fail point to die at.
pub const VAR: &str = "HOTFIX_FAILPOINT";

/// Exits the process abruptly with code 137 (as after SIGKILL) when `VAR` names `point`.
pub fn hit(point: &str) {
    if std::env::var_os(VAR).is_some_and(|value| value == point) {
        eprintln!("fail point {point} reached: exiting abruptly");
        std::process::exit(137);
    }
}
