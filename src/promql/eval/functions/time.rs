//! Time functions: `timestamp` and the UTC calendar functions (`minute`, `hour`,
//! `day_of_week`, `day_of_month`, `day_of_year`, `days_in_month`, `month`, `year`).

use crate::promql::ast::{Call, ExprKind};
use crate::store::{Labels, Sample};

use super::super::selectors;
use super::{map_points, Ev, EvalError, Sr, Val};

/// `timestamp(v)`: the sample's own time for a selector, else the evaluation time.
pub(crate) fn timestamp(ev: &Ev, call: &Call) -> Result<Val, EvalError> {
    let e = super::arg(call, 0)?;
    if let ExprKind::VectorSelector(vs) = &e.kind {
        let mut out = selectors::vector(ev, vs, true)?;
        out.iter_mut().for_each(|s| s.drop_name = true);
        return Ok(Val::Vector(out));
    }
    let input = ev.eval_vector(e)?;
    Ok(Val::Vector(map_points(ev, input, |i, _| {
        Some(ev.step_ts(i) as f64 / 1000.0)
    })))
}

/// A calendar function, of its vector argument (seconds) or of the evaluation time.
pub(crate) fn date_fn(ev: &Ev, call: &Call, name: &str) -> Result<Val, EvalError> {
    let f = |secs: f64| -> f64 {
        let Some(d) = civil(secs) else {
            return f64::NAN;
        };
        match name {
            "minute" => d.minute,
            "hour" => d.hour,
            "day_of_week" => d.weekday,
            "day_of_month" => d.day,
            "day_of_year" => d.yday,
            "days_in_month" => d.days_in_month,
            "month" => d.month,
            _ => d.year,
        }
    };
    match call.args.first() {
        None => Ok(Val::Vector(vec![Sr {
            labels: Labels::empty(),
            drop_name: false,
            points: (0..ev.num_steps())
                .map(|i| {
                    let t = ev.step_ts(i);
                    Sample {
                        t,
                        v: f(t.div_euclid(1000) as f64),
                    }
                })
                .collect(),
        }])),
        Some(e) => {
            let input = ev.eval_vector(e)?;
            Ok(Val::Vector(map_points(ev, input, |_, v| Some(f(v)))))
        }
    }
}

/// Unix milliseconds as RFC 3339 UTC to the second (`2024-12-31T00:00:00Z`), as Go's
/// `time.RFC3339` prints them in annotations.
pub(crate) fn rfc3339(ms: i64) -> String {
    match civil((ms / 1000) as f64) {
        Some(c) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        ),
        None => ms.to_string(),
    }
}

/// A UTC calendar breakdown.
struct Civil {
    year: f64,
    month: f64,
    day: f64,
    hour: f64,
    minute: f64,
    second: f64,
    weekday: f64,
    yday: f64,
    days_in_month: f64,
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Breaks Unix seconds (truncated toward zero, as Go's `int64(f)`) into UTC fields.
fn civil(secs: f64) -> Option<Civil> {
    if !secs.is_finite() || secs.abs() > 1e15 {
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
    let yday = cumulative.get(idx)? + day + i64::from(leap && month > 2);
    let dim = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Some(Civil {
        year: year as f64,
        month: month as f64,
        day: day as f64,
        hour: (rem / 3600) as f64,
        minute: (rem % 3600 / 60) as f64,
        second: (rem % 60) as f64,
        weekday: (days + 4).rem_euclid(7) as f64,
        yday: yday as f64,
        days_in_month: dim as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_fields() {
        // 2024-02-29T13:45:00Z, a Thursday.
        let c = civil(1_709_214_300.0).unwrap();
        assert_eq!((c.year, c.month, c.day), (2024.0, 2.0, 29.0));
        assert_eq!((c.hour, c.minute), (13.0, 45.0));
        assert_eq!(c.weekday, 4.0);
        assert_eq!(c.yday, 60.0);
        assert_eq!(c.days_in_month, 29.0);
        assert_eq!(rfc3339(1_709_214_301_500), "2024-02-29T13:45:01Z");
        let epoch = civil(0.0).unwrap();
        assert_eq!((epoch.year, epoch.weekday), (1970.0, 4.0));
        assert!(civil(f64::NAN).is_none());
    }
}
