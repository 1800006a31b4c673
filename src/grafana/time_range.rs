//! The dashboard's time range, as Grafana's time picker sets it: relative ("Last 5
//! minutes", following now) or absolute (a From/To pair typed in the viewer's time zone,
//! as an HTML `datetime-local` input writes them), and the window it covers at a given
//! now.

use std::fmt;

use crate::go::time::utc_date;
use crate::lang::Lang;
use crate::share::{MAX_RANGE_MS, MAX_TIME_MS, MIN_RANGE_MS};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

/// The dashboard's time range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DashboardTime {
    /// Its width, ms.
    pub range_ms: i64,
    /// Its fixed end (an absolute range), ms; `None` follows now.
    pub end_ms: Option<i64>,
}

impl DashboardTime {
    /// The last `range_ms` before now.
    pub fn relative(range_ms: i64) -> DashboardTime {
        DashboardTime {
            range_ms,
            end_ms: None,
        }
    }

    /// `(start, end)` in ms at `now_ms`.
    pub fn window(&self, now_ms: i64) -> (i64, i64) {
        let end = self.end_ms.unwrap_or(now_ms);
        (end.saturating_sub(self.range_ms.max(0)), end)
    }
}

/// Why a From/To pair is not a time range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeRangeError {
    /// "From" is not a date and time (the text).
    BadFrom(String),
    /// "To" is not a date and time (the text).
    BadTo(String),
    /// "From" is not before "To".
    NotBefore,
    /// Shorter than a second or longer than 30 days (the width, ms).
    Width(i64),
}

impl TimeRangeError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let example = "2026-12-01T14:05";
        match (self, lang) {
            (TimeRangeError::BadFrom(s), Lang::Fr) => {
                format!("« De » : « {s} » n'est pas une date et heure (exemple : {example})")
            }
            (TimeRangeError::BadFrom(s), Lang::En) => {
                format!("From: \"{s}\" is not a date and time (example: {example})")
            }
            (TimeRangeError::BadTo(s), Lang::Fr) => {
                format!("« À » : « {s} » n'est pas une date et heure (exemple : {example})")
            }
            (TimeRangeError::BadTo(s), Lang::En) => {
                format!("To: \"{s}\" is not a date and time (example: {example})")
            }
            (TimeRangeError::NotBefore, Lang::Fr) => "« De » doit précéder « À ».".into(),
            (TimeRangeError::NotBefore, Lang::En) => "\"From\" must be before \"To\".".into(),
            (TimeRangeError::Width(_), Lang::Fr) => {
                "La plage doit durer entre une seconde et 30 jours.".into()
            }
            (TimeRangeError::Width(_), Lang::En) => {
                "The range must last between one second and 30 days.".into()
            }
        }
    }
}

impl fmt::Display for TimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for TimeRangeError {}

/// Days from 1970-01-01 to the civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The digits of `text` as a number when it is exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<i64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The instant (ms) a `datetime-local` value names in a time zone `utc_offset_min` east
/// of UTC: `YYYY-MM-DDTHH:MM`, optionally `:SS` and a fraction (ignored), as browsers
/// write it; `None` when it is not one.
pub fn parse_datetime_local(text: &str, utc_offset_min: i32) -> Option<i64> {
    let (date, time) = text.trim().split_once(['T', ' '])?;
    let mut d = date.split('-');
    let (year, month, day) = (
        digits(d.next()?, 4)?,
        digits(d.next()?, 2)?,
        digits(d.next()?, 2)?,
    );
    let time = time.split('.').next()?;
    let mut t = time.split(':');
    let (hour, minute) = (digits(t.next()?, 2)?, digits(t.next()?, 2)?);
    let second = t.next().map_or(Some(0), |s| digits(s, 2))?;
    if t.next().is_some() || !(1..=12).contains(&month) || hour > 23 || minute > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // A 31st of a shorter month, a February 29th of a common year: refused.
    let back = utc_date((days * 86_400) as f64)?;
    if second > 59 || day < 1 || day > back.days_in_month || back.month != month {
        return None;
    }
    let local = days * DAY_MS + (hour * 60 + minute) * MINUTE_MS + second * 1000;
    Some(local - i64::from(utc_offset_min) * MINUTE_MS)
}

/// `ms` as a `datetime-local` value (`YYYY-MM-DDTHH:MM:SS`) in a time zone
/// `utc_offset_min` east of UTC; empty when out of reach.
pub fn format_datetime_local(ms: i64, utc_offset_min: i32) -> String {
    let local = ms.div_euclid(1000) + i64::from(utc_offset_min) * 60;
    utc_date(local as f64).map_or(String::new(), |d| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year, d.month, d.day, d.hour, d.minute, d.second
        )
    })
}

/// The absolute range typed in the From and To fields, in a time zone `utc_offset_min`
/// east of UTC.
pub fn absolute_range(
    from: &str,
    to: &str,
    utc_offset_min: i32,
) -> Result<DashboardTime, TimeRangeError> {
    let parse = |text: &str| {
        parse_datetime_local(text, utc_offset_min).filter(|ms| (0..=MAX_TIME_MS).contains(ms))
    };
    let from_ms = parse(from).ok_or_else(|| TimeRangeError::BadFrom(from.trim().to_string()))?;
    let to_ms = parse(to).ok_or_else(|| TimeRangeError::BadTo(to.trim().to_string()))?;
    if from_ms >= to_ms {
        return Err(TimeRangeError::NotBefore);
    }
    let width = to_ms - from_ms;
    if !(MIN_RANGE_MS..=MAX_RANGE_MS).contains(&width) {
        return Err(TimeRangeError::Width(width));
    }
    Ok(DashboardTime {
        range_ms: width,
        end_ms: Some(to_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-01T00:00:00Z.
    const DEC_1: i64 = 1_796_083_200_000;

    #[test]
    fn relative_ranges_follow_now_and_absolute_ones_stay() {
        let last5 = DashboardTime::relative(300_000);
        assert_eq!(last5.window(1_000_000), (700_000, 1_000_000));
        assert_eq!(last5.window(2_000_000), (1_700_000, 2_000_000));
        let fixed = DashboardTime {
            range_ms: 3_600_000,
            end_ms: Some(DEC_1),
        };
        assert_eq!(fixed.window(0), (DEC_1 - 3_600_000, DEC_1));
        assert_eq!(fixed.window(DEC_1 * 2), fixed.window(0));
    }

    #[test]
    fn datetime_local_values_in_the_viewer_s_time_zone() {
        assert_eq!(parse_datetime_local("2026-12-01T00:00", 0), Some(DEC_1));
        assert_eq!(
            parse_datetime_local("2026-12-01T14:05:09", 0),
            Some(DEC_1 + (14 * 3600 + 5 * 60 + 9) * 1000)
        );
        assert_eq!(
            parse_datetime_local("2026-12-01T14:05:09.250", 0),
            parse_datetime_local("2026-12-01T14:05:09", 0)
        );
        // Paris in winter (UTC+1): local midnight is 23:00 UTC the day before.
        assert_eq!(
            parse_datetime_local("2026-12-01T00:00", 60),
            Some(DEC_1 - 3_600_000)
        );
        assert_eq!(
            parse_datetime_local("1970-01-01T00:00", -300),
            Some(5 * 3_600_000)
        );
        assert_eq!(
            parse_datetime_local("2024-02-29T12:00", 0).map(|ms| ms % DAY_MS),
            Some(12 * 3_600_000)
        );
        for bad in [
            "",
            "2026-12-01",
            "2026-13-01T00:00",
            "2026-11-31T00:00",
            "2025-02-29T00:00",
            "2026-12-01T24:00",
            "2026-12-01T10:60",
            "2026-12-01T10:00:61",
            "2026-12-1T10:00",
            "26-12-01T10:00",
            "2026-12-01T10:00:00:00",
            "demain",
        ] {
            assert_eq!(parse_datetime_local(bad, 0), None, "{bad}");
        }
    }

    #[test]
    fn formatting_round_trips() {
        for offset in [0, 60, -300, 330] {
            for ms in [DEC_1, DEC_1 + 86_399_000, 1_709_214_301_000] {
                let text = format_datetime_local(ms, offset);
                assert_eq!(parse_datetime_local(&text, offset), Some(ms), "{text}");
            }
        }
        assert_eq!(format_datetime_local(DEC_1, 60), "2026-12-01T01:00:00");
    }

    #[test]
    fn a_from_to_pair_makes_an_absolute_range_or_says_why_not() {
        let r = absolute_range("2026-12-01T10:00", "2026-12-01T11:30", 0).unwrap();
        assert_eq!(r.range_ms, 90 * 60_000);
        assert_eq!(r.end_ms, Some(DEC_1 + 11 * 3_600_000 + 30 * 60_000));
        assert_eq!(
            absolute_range("hier", "2026-12-01T11:30", 0),
            Err(TimeRangeError::BadFrom("hier".into()))
        );
        assert_eq!(
            absolute_range("2026-12-01T10:00", "", 0),
            Err(TimeRangeError::BadTo("".into()))
        );
        assert_eq!(
            absolute_range("2026-12-01T10:00", "2026-12-01T10:00", 0),
            Err(TimeRangeError::NotBefore)
        );
        assert!(matches!(
            absolute_range("2026-10-01T10:00", "2026-12-01T10:00", 0),
            Err(TimeRangeError::Width(_))
        ));
        let e = absolute_range("x", "y", 0).unwrap_err();
        assert!(e.message(Lang::En).contains("\"x\""), "{e}");
        assert!(e.message(Lang::Fr).contains("« x »"));
    }
}
