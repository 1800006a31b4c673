//! Unix times read as Go's `time` package reads them in UTC: the calendar fields
//! PromQL's date functions return, and RFC 3339 text (`2024-12-31T00:00:00Z`) as
//! annotations print instants; and Go's `time.Duration.String` (`1m0s`), which Grafana's
//! backend uses to write `$__rate_interval`.

/// A UTC calendar breakdown of a Unix time, with Go's numbering (January is 1, Sunday is
/// 0, January 1st is day 1 of the year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcDate {
    /// The year.
    pub year: i64,
    /// The month, 1 to 12.
    pub month: i64,
    /// The day of the month, 1 to 31.
    pub day: i64,
    /// The hour, 0 to 23.
    pub hour: i64,
    /// The minute, 0 to 59.
    pub minute: i64,
    /// The second, 0 to 59.
    pub second: i64,
    /// The day of the week, 0 (Sunday) to 6.
    pub weekday: i64,
    /// The day of the year, 1 to 366.
    pub year_day: i64,
    /// How many days the month has.
    pub days_in_month: i64,
}

/// Seconds a date may be from 1970 and still be broken down.
const MAX_ABS_SECONDS: f64 = 1e15;

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Breaks Unix seconds (truncated toward zero, as Go's `int64(f)`) into UTC fields;
/// `None` for NaN, infinities and dates too far away.
pub fn utc_date(secs: f64) -> Option<UtcDate> {
    if !secs.is_finite() || secs.abs() > MAX_ABS_SECONDS {
        return None;
    }
    let s = secs.trunc() as i64;
    let days = s.div_euclid(86_400);
    let rem = s.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = is_leap(year);
    let idx = usize::try_from(month - 1).ok()?;
    let year_day = cumulative.get(idx)? + day + i64::from(leap && month > 2);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(UtcDate {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem % 3600 / 60,
        second: rem % 60,
        weekday: (days + 4).rem_euclid(7),
        year_day,
        days_in_month,
    })
}

/// Unix milliseconds as RFC 3339 UTC to the second (`2024-12-31T00:00:00Z`), as Go's
/// `time.RFC3339` prints them; the bare number when the date is out of reach.
pub fn rfc3339(ms: i64) -> String {
    match utc_date((ms / 1000) as f64) {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year, d.month, d.day, d.hour, d.minute, d.second
        ),
        None => ms.to_string(),
    }
}

/// Milliseconds as Go's `time.Duration.String` writes them: `0s`, `500ms`, `1.5s`,
/// `1m0s`, `2h0m30s` (hours, minutes and seconds down to the largest unit present, the
/// seconds with their fraction; below a second, milliseconds).
pub fn go_duration_string(ms: i64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    let sign = if ms < 0 { "-" } else { "" };
    let abs = ms.unsigned_abs();
    if abs < 1000 {
        return format!("{sign}{abs}ms");
    }
    let (hours, minutes) = (abs / 3_600_000, abs / 60_000 % 60);
    let (secs, frac) = (abs / 1000 % 60, abs % 1000);
    let seconds = if frac == 0 {
        format!("{secs}s")
    } else {
        let digits = format!("{frac:03}");
        format!("{secs}.{}s", digits.trim_end_matches('0'))
    };
    match (hours, minutes) {
        (0, 0) => format!("{sign}{seconds}"),
        (0, m) => format!("{sign}{m}m{seconds}"),
        (h, m) => format!("{sign}{h}h{m}m{seconds}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_fields() {
        // 2024-02-29T13:45:00Z, a Thursday.
        let d = utc_date(1_709_214_300.0).unwrap();
        assert_eq!((d.year, d.month, d.day), (2024, 2, 29));
        assert_eq!((d.hour, d.minute, d.second), (13, 45, 0));
        assert_eq!(d.weekday, 4);
        assert_eq!(d.year_day, 60);
        assert_eq!(d.days_in_month, 29);
        let epoch = utc_date(0.0).unwrap();
        assert_eq!((epoch.year, epoch.weekday, epoch.year_day), (1970, 4, 1));
        let before = utc_date(-1.5).unwrap();
        assert_eq!((before.year, before.hour, before.second), (1969, 23, 59));
        assert!(utc_date(f64::NAN).is_none());
        assert!(utc_date(2e15).is_none());
    }

    #[test]
    fn rfc3339_to_the_second() {
        assert_eq!(rfc3339(1_709_214_301_500), "2024-02-29T13:45:01Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(-1000), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(i64::MAX), i64::MAX.to_string());
    }

    #[test]
    fn durations_as_go_prints_them() {
        for (ms, text) in [
            (0, "0s"),
            (500, "500ms"),
            (1_000, "1s"),
            (1_500, "1.5s"),
            (1_050, "1.05s"),
            (15_000, "15s"),
            (60_000, "1m0s"),
            (75_000, "1m15s"),
            (3_600_000, "1h0m0s"),
            (90_061_500, "25h1m1.5s"),
            (-90_000, "-1m30s"),
        ] {
            assert_eq!(go_duration_string(ms), text, "{ms}");
        }
    }
}
