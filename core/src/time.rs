//! The evaluation clock: time is an input, never read from the wall clock inside evaluation.
//!
//! The CLI resolves "now" once (`--at`, else `SOURCE_DATE_EPOCH`, else — only where a command
//! documents it — the source document's own timestamp) and passes a [`Timestamp`] down. Output
//! spelling is fixed: UTC, RFC 3339, millisecond precision, `Z`.

pub use jiff::Timestamp;

/// Why a time could not be parsed.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{input}` is not a valid time: expected RFC 3339 (`2026-01-31T12:00:00Z`), a date (`2026-01-31`) or `@<unix seconds>`"
)]
pub struct TimeParseError {
    /// The text given.
    pub input: String,
}

/// Parse a user-supplied time: RFC 3339 with offset, a plain date (midnight UTC), or
/// `@<seconds since the epoch>`.
///
/// # Errors
/// [`TimeParseError`] when none of these forms fits.
pub fn parse_time(input: &str) -> Result<Timestamp, TimeParseError> {
    let err = || TimeParseError {
        input: input.to_string(),
    };
    let s = input.trim();
    if let Some(secs) = s.strip_prefix('@') {
        return from_epoch_str(secs).ok_or_else(err);
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(date) = s.parse::<jiff::civil::Date>() {
        return date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| err());
    }
    Err(err())
}

/// Parse a `SOURCE_DATE_EPOCH` value (decimal seconds since the Unix epoch).
pub fn from_epoch_str(secs: &str) -> Option<Timestamp> {
    let n: i64 = secs.trim().parse().ok()?;
    Timestamp::from_second(n).ok()
}

/// Format as UTC RFC 3339 with millisecond precision and `Z` (`2026-11-29T03:58:09.000Z`).
pub fn format_time(ts: Timestamp) -> String {
    let ms = ts.as_millisecond();
    let truncated = Timestamp::from_millisecond(ms).unwrap_or(ts);
    format!("{}", truncated.strftime("%Y-%m-%dT%H:%M:%S%.3fZ"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(
            format_time(parse_time("2026-01-31T12:00:00Z").unwrap()),
            "2026-01-31T12:00:00.000Z"
        );
        assert_eq!(
            format_time(parse_time("2026-01-31T13:00:00.1234+01:00").unwrap()),
            "2026-01-31T12:00:00.123Z"
        );
        assert_eq!(
            format_time(parse_time("2026-01-31").unwrap()),
            "2026-01-31T00:00:00.000Z"
        );
        assert_eq!(
            format_time(parse_time("@0").unwrap()),
            "1970-01-01T00:00:00.000Z"
        );
        assert!(parse_time("yesterday").is_err());
    }
}
