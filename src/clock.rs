//! The current time, in UTC. `HOTFIX_NOW` (an RFC 3339 timestamp) fixes it, so tests and
//! reproducible reports get stable output; it is meant for tests only.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn now() -> OffsetDateTime {
    std::env::var("HOTFIX_NOW")
        .ok()
        .and_then(|value| OffsetDateTime::parse(&value, &Rfc3339).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("zero nanoseconds is always valid")
}

/// Formats a timestamp as RFC 3339 in UTC.
pub fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    at.format(&Rfc3339).unwrap_or_else(|_| at.to_string())
}

/// A duration for people: `45s`, `12m`, `3h 20m`, `2d 4h`.
pub fn human_duration(duration: time::Duration) -> String {
    let seconds = duration.whole_seconds().max(0);
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60);
    match () {
        _ if days > 0 => format!("{days}d {hours}h"),
        _ if hours > 0 => format!("{hours}h {minutes}m"),
        _ if minutes > 0 => format!("{minutes}m"),
        _ => format!("{seconds}s"),
    }
}
