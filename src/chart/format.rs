//! Axis labels: clock times for the X axis and short numbers for the Y axis, as Grafana
//! writes them.

use crate::go::float::non_finite_text;
use crate::go::time::utc_date;
use crate::lang::Lang;

const SECOND: i64 = 1000;
const DAY_S: i64 = 86_400;

/// Month abbreviations, January first.
const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Weekday abbreviations, Sunday first.
const WEEKDAYS_FR: [&str; 7] = ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."];
const WEEKDAYS_EN: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Whether `t_ms` is a local midnight for a viewer `utc_offset_min` east of UTC.
pub fn is_local_midnight(t_ms: i64, utc_offset_min: i32) -> bool {
    t_ms.rem_euclid(SECOND) == 0
        && (t_ms.div_euclid(SECOND) + i64::from(utc_offset_min) * 60).rem_euclid(DAY_S) == 0
}

/// The local midnights in `(start_ms, end_ms]`, in order.
pub fn local_midnights(start_ms: i64, end_ms: i64, utc_offset_min: i32) -> Vec<i64> {
    let offset_ms = i64::from(utc_offset_min) * 60 * SECOND;
    let day_ms = DAY_S * SECOND;
    let first = (start_ms + offset_ms).div_euclid(day_ms) * day_ms + day_ms - offset_ms;
    (0..)
        .map(|k| first + k * day_ms)
        .take_while(|&t| t <= end_ms)
        .collect()
}

/// The local day of `t_ms` in short: `1 déc.` in French, `Dec 1` in English.
pub fn format_day(t_ms: i64, utc_offset_min: i32, lang: Lang) -> String {
    let local = t_ms.div_euclid(SECOND) + i64::from(utc_offset_min) * 60;
    let Some(d) = utc_date(local as f64) else {
        return String::new();
    };
    let month = usize::try_from(d.month - 1).unwrap_or(0).min(11);
    match lang {
        Lang::Fr => format!("{} {}", d.day, MONTHS_FR[month]),
        Lang::En => format!("{} {}", MONTHS_EN[month], d.day),
    }
}

/// The simulated clock as the controls show it: weekday, day and time, so a clock run
/// at 3600× never wraps past midnight unnoticed (`mar. 1 déc. 14:05:09`).
pub fn format_date_time(t_ms: i64, utc_offset_min: i32, lang: Lang) -> String {
    let local = t_ms.div_euclid(SECOND) + i64::from(utc_offset_min) * 60;
    let weekday = utc_date(local as f64)
        .map(|d| usize::try_from(d.weekday).unwrap_or(0).min(6))
        .map_or("", |w| match lang {
            Lang::Fr => WEEKDAYS_FR[w],
            Lang::En => WEEKDAYS_EN[w],
        });
    format!(
        "{weekday} {} {}",
        format_day(t_ms, utc_offset_min, lang),
        format_clock(t_ms, utc_offset_min, true)
    )
}

/// An X-axis label: the clock time, or the day at a local midnight (day boundaries).
pub fn format_axis_time(t_ms: i64, utc_offset_min: i32, with_seconds: bool, lang: Lang) -> String {
    if is_local_midnight(t_ms, utc_offset_min) {
        format_day(t_ms, utc_offset_min, lang)
    } else {
        format_clock(t_ms, utc_offset_min, with_seconds)
    }
}

/// `HH:MM:SS` (or `HH:MM` when `with_seconds` is false) of a time in ms, shifted by the
/// viewer's UTC offset in minutes.
pub fn format_clock(t_ms: i64, utc_offset_min: i32, with_seconds: bool) -> String {
    let local = t_ms.div_euclid(SECOND) + i64::from(utc_offset_min) * 60;
    let day_s = local.rem_euclid(86_400);
    let (h, m, s) = (day_s / 3600, day_s / 60 % 60, day_s % 60);
    if with_seconds {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}")
    }
}

/// A short value label: `0`, `0.25`, `12`, `1.5 K`, `2 Mi`-free SI style (`K`, `M`, `G`, `T`).
pub fn format_value(v: f64) -> String {
    if let Some(text) = non_finite_text(v) {
        return text.to_string();
    }
    let a = v.abs();
    let (scaled, suffix) = match a {
        a if a >= 1e12 => (v / 1e12, " T"),
        a if a >= 1e9 => (v / 1e9, " G"),
        a if a >= 1e6 => (v / 1e6, " M"),
        a if a >= 1e4 => (v / 1e3, " K"),
        _ => (v, ""),
    };
    let whole = scaled == scaled.trunc() && scaled.abs() < 1e15;
    let text = if whole || scaled.abs() >= 100.0 {
        format!("{scaled:.0}")
    } else if scaled.abs() >= 1.0 {
        trim_zeros(format!("{scaled:.2}"))
    } else {
        trim_zeros(format!("{scaled:.3}"))
    };
    format!("{text}{suffix}")
}

fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_for_the_clock_and_day_boundaries() {
        // 2026-12-01T00:00:00Z is a Tuesday.
        let midnight = 1_796_083_200_000;
        assert_eq!(format_day(midnight, 0, Lang::Fr), "1 déc.");
        assert_eq!(format_day(midnight, 0, Lang::En), "Dec 1");
        assert_eq!(
            format_date_time(midnight + 3_723_000, 0, Lang::Fr),
            "mar. 1 déc. 01:02:03"
        );
        assert_eq!(
            format_date_time(midnight - 1000, 0, Lang::En),
            "Mon Nov 30 23:59:59"
        );
        // One hour east of UTC, local midnight is 23:00 UTC the day before.
        assert!(is_local_midnight(midnight - 3_600_000, 60));
        assert!(!is_local_midnight(midnight, 60));
        assert_eq!(format_axis_time(midnight, 0, false, Lang::En), "Dec 1");
        assert_eq!(
            format_axis_time(midnight + 60_000, 0, false, Lang::En),
            "00:01"
        );
        let day = 86_400_000;
        assert_eq!(
            local_midnights(midnight - day / 2, midnight + 2 * day, 0),
            [midnight, midnight + day, midnight + 2 * day]
        );
        assert_eq!(
            local_midnights(midnight, midnight + 1000, 0),
            Vec::<i64>::new()
        );
        assert_eq!(
            local_midnights(midnight - 10, midnight + 10, 60),
            Vec::<i64>::new()
        );
    }

    #[test]
    fn clock_labels() {
        assert_eq!(format_clock(0, 0, true), "00:00:00");
        assert_eq!(format_clock(3_723_000, 60, false), "02:02");
        assert_eq!(format_clock(-1000, 0, true), "23:59:59");
    }

    #[test]
    fn value_labels() {
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(0.25), "0.25");
        assert_eq!(format_value(12.0), "12");
        assert_eq!(format_value(1.5), "1.5");
        assert_eq!(format_value(15_000.0), "15 K");
        assert_eq!(format_value(2_500_000.0), "2.5 M");
        assert_eq!(format_value(f64::NAN), "NaN");
    }
}
