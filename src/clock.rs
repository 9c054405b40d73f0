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

/// `2026-03-02 10:00 UTC`: the minute is what people read in a report.
pub fn when(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
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

/// Reads a time given on the command line: RFC 3339 (`2026-03-02T10:00:00Z`), or a UTC date
/// and time without zone (`2026-03-02 10:00`, `2026-03-02T10:00:00`), or a date (midnight UTC).
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    use time::macros::format_description;
    let text = text.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(at.to_offset(time::UtcOffset::UTC));
    }
    let text = text.replacen('T', " ", 1);
    let with_seconds = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let minutes = format_description!("[year]-[month]-[day] [hour]:[minute]");
    let date_only = format_description!("[year]-[month]-[day]");
    if let Ok(at) = time::PrimitiveDateTime::parse(&text, with_seconds)
        .or_else(|_| time::PrimitiveDateTime::parse(&text, minutes))
    {
        return Some(at.assume_utc());
    }
    time::Date::parse(&text, date_only)
        .ok()
        .map(|date| date.midnight().assume_utc())
}

/// [`parse`] for clap: a time argument, or a usage error saying what is accepted.
pub fn parse_arg(text: &str) -> Result<OffsetDateTime, String> {
    parse(text).ok_or_else(|| {
        format!("'{text}' is not a time: use RFC 3339 (2026-03-02T10:00:00Z), '2026-03-02 10:00' (UTC) or a date")
    })
}

/// Reads a duration as people write one: a number with a unit, `500ms`, `0.2s`, `90s`, `30m`,
/// `1h`, `2d`; several parts add up (`1h30m`). `None` for anything else, and for zero.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let mut rest = text.trim();
    let mut total = 0.0_f64;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..number_end].parse().ok()?;
        rest = &rest[number_end..];
        let unit_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_end] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" | "min" => 60.0,
            "h" => 3_600.0,
            "d" => 86_400.0,
            _ => return None,
        };
        rest = rest[unit_end..].trim_start();
        total += number * seconds;
    }
    (total > 0.0 && total.is_finite()).then(|| std::time::Duration::from_secs_f64(total))
}

/// [`parse_duration`] for clap.
pub fn parse_duration_arg(text: &str) -> Result<std::time::Duration, String> {
    parse_duration(text).ok_or_else(|| {
        format!(
            "'{text}' is not a duration: use a number and a unit, e.g. 500ms, 0.2s, 90s, 30m or 1h"
        )
    })
}

/// A [`std::time::Duration`] for people, to the hundredth of a second under a minute
/// (`0.25s`, `1.5s`, `12s`).
pub fn human_std(duration: std::time::Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds < 60.0 {
        let text = format!("{seconds:.2}");
        format!("{}s", text.trim_end_matches('0').trim_end_matches('.'))
    } else {
        human_duration(time::Duration::seconds(duration.as_secs() as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_time_forms_users_type() {
        let expect = OffsetDateTime::parse("2026-03-02T10:00:00Z", &Rfc3339).unwrap();
        assert_eq!(parse("2026-03-02T10:00:00Z"), Some(expect));
        assert_eq!(parse("2026-03-02T11:00:00+01:00"), Some(expect));
        assert_eq!(parse("2026-03-02 10:00"), Some(expect));
        assert_eq!(parse("2026-03-02T10:00:00"), Some(expect));
        assert_eq!(
            parse("2026-03-02"),
            Some(expect - time::Duration::hours(10))
        );
        assert_eq!(parse("yesterday"), None);
    }

    #[test]
    fn parses_durations() {
        use std::time::Duration;
        assert_eq!(parse_duration("30m"), Some(Duration::from_secs(1800)));
        assert_eq!(parse_duration("60s"), Some(Duration::from_secs(60)));
        assert_eq!(parse_duration("0.25s"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("200ms"), Some(Duration::from_millis(200)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("0s"), None);
        assert_eq!(parse_duration("30"), None);
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(human_std(Duration::from_millis(250)), "0.25s");
        assert_eq!(human_std(Duration::from_millis(1500)), "1.5s");
        assert_eq!(human_std(Duration::from_secs(12)), "12s");
        assert_eq!(human_std(Duration::from_secs(1800)), "30m");
    }
}
