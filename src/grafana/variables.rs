//! Grafana's interval variables in a panel's query, substituted before the query is
//! evaluated, with the rules and the writing of Grafana's Prometheus data source (its
//! backend, `pkg/promlib/models/query.go`, from memory: check there when in doubt):
//!
//! - `$__interval` is the panel's step, written with its largest unit only (`15s`, `1m`,
//!   `2h`; Grafana's `gtime.FormatInterval`), `$__interval_ms` in milliseconds;
//! - `$__rate_interval` is `max($__interval + scrape interval, 4 × scrape interval)`,
//!   where the scrape interval is the panel's min interval when set, else the data
//!   source's; written as Go prints durations (`1m0s`), `$__rate_interval_ms` in ms;
//! - `$__range` is the dashboard's range in whole seconds (`3600s`), `$__range_s` the
//!   bare number and `$__range_ms` in milliseconds.
//!
//! Each also reads in its `${__interval}` form. The substituted text keeps where each
//! variable was, so an error found in it can be shown on what the learner typed.

use std::ops::Range;

use crate::go::time::go_duration_string;

/// The scrape interval Grafana assumes when its data source sets none.
pub const GRAFANA_DEFAULT_SCRAPE_INTERVAL_MS: i64 = 15_000;

/// The values of a panel's interval variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntervalVars {
    /// `$__interval`: the panel's step, ms.
    pub interval_ms: i64,
    /// The scrape interval `$__rate_interval` is built on, ms.
    pub scrape_interval_ms: i64,
    /// Whether that scrape interval is the panel's min interval (else the data source's).
    pub scrape_from_min_interval: bool,
    /// `$__rate_interval`, ms.
    pub rate_interval_ms: i64,
    /// `$__range`: the dashboard's range, ms.
    pub range_ms: i64,
}

impl IntervalVars {
    /// The variables of a panel whose step is `step_ms` over `range_ms`, its data source
    /// scraped every `scrape_interval_ms`; a panel min interval stands in for the scrape
    /// interval in `$__rate_interval`, as in Grafana.
    pub fn new(
        step_ms: i64,
        range_ms: i64,
        scrape_interval_ms: i64,
        min_interval_ms: Option<i64>,
    ) -> IntervalVars {
        let scrape = min_interval_ms.unwrap_or(scrape_interval_ms).max(1);
        IntervalVars {
            interval_ms: step_ms,
            scrape_interval_ms: scrape,
            scrape_from_min_interval: min_interval_ms.is_some(),
            rate_interval_ms: rate_interval_ms(step_ms, scrape),
            range_ms,
        }
    }
}

/// Grafana's `$__rate_interval`: `max(interval + scrape, 4 × scrape)`, ms.
pub fn rate_interval_ms(interval_ms: i64, scrape_interval_ms: i64) -> i64 {
    interval_ms
        .saturating_add(scrape_interval_ms)
        .max(scrape_interval_ms.saturating_mul(4))
}

/// A duration as Grafana writes `$__interval`: the largest unit only, truncated (`90s`
/// is `1m`); years of 365 days; `1ms` below a millisecond.
pub fn format_interval(ms: i64) -> String {
    const UNITS: [(i64, &str); 6] = [
        (365 * 86_400_000, "y"),
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
        (1, "ms"),
    ];
    UNITS
        .into_iter()
        .find(|&(unit, _)| ms >= unit)
        .map_or("1ms".to_string(), |(unit, name)| {
            format!("{}{name}", ms / unit)
        })
}

/// One variable replaced: where it was in the query and where its value is in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The variable's bytes in the query as typed.
    pub from: Range<usize>,
    /// Its value's bytes in the substituted text.
    pub to: Range<usize>,
}

/// A query with its variables substituted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Interpolated {
    /// The query to evaluate.
    pub text: String,
    /// The replacements, in order.
    pub replaced: Vec<Replacement>,
}

impl Interpolated {
    /// Whether some variable was replaced.
    pub fn changed(&self) -> bool {
        !self.replaced.is_empty()
    }

    /// The bytes of the query as typed under `span` of the substituted text: a span
    /// touching a value covers its whole variable.
    pub fn original_span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.original_offset(span.start, false);
        let end = self.original_offset(span.end, true).max(start);
        start..end
    }

    /// The offset in the query as typed of `at` in the text; inside a value, the
    /// variable's start (or its end, `at_end`).
    fn original_offset(&self, at: usize, at_end: bool) -> usize {
        let mut shift: isize = 0;
        for r in &self.replaced {
            if at < r.to.start || (at == r.to.start && !at_end) {
                break;
            }
            if at < r.to.end || (at == r.to.end && at_end) {
                return if at_end && at > r.to.start {
                    r.from.end
                } else {
                    r.from.start
                };
            }
            shift = r.from.end as isize - r.to.end as isize;
        }
        at.saturating_add_signed(shift)
    }
}

/// The variables' names (without `$` and braces) and values, longest names first so
/// `$__interval_ms` is not read as `$__interval` followed by `_ms`.
fn values(vars: &IntervalVars) -> [(&'static str, String); 7] {
    let range_s = (vars.range_ms as f64 / 1000.0).round() as i64;
    [
        ("__rate_interval_ms", vars.rate_interval_ms.to_string()),
        ("__rate_interval", go_duration_string(vars.rate_interval_ms)),
        ("__interval_ms", vars.interval_ms.to_string()),
        ("__interval", format_interval(vars.interval_ms)),
        ("__range_ms", vars.range_ms.to_string()),
        ("__range_s", range_s.to_string()),
        ("__range", format!("{range_s}s")),
    ]
}

/// `query` with each interval variable (`$__interval`, `${__interval}`...) replaced by
/// its value under `vars`; everything else as typed.
pub fn interpolate(query: &str, vars: &IntervalVars) -> Interpolated {
    let values = values(vars);
    let mut out = Interpolated {
        text: String::with_capacity(query.len()),
        replaced: Vec::new(),
    };
    let mut i = 0;
    while let Some(found) = query.get(i..).and_then(|rest| rest.find('$')) {
        let at = i + found;
        out.text.push_str(query.get(i..at).unwrap_or_default());
        let rest = query.get(at + 1..).unwrap_or_default();
        let hit = values.iter().find_map(|(name, value)| {
            let braced = rest
                .strip_prefix('{')
                .and_then(|r| r.strip_prefix(name))
                .filter(|r| r.starts_with('}'))
                .map(|_| name.len() + 2);
            braced
                .or_else(|| rest.starts_with(name).then_some(name.len()))
                .map(|len| (len + 1, value))
        });
        match hit {
            Some((len, value)) => {
                let start = out.text.len();
                out.text.push_str(value);
                out.replaced.push(Replacement {
                    from: at..at + len,
                    to: start..out.text.len(),
                });
                i = at + len;
            }
            None => {
                out.text.push('$');
                i = at + 1;
            }
        }
    }
    out.text.push_str(query.get(i..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1000;
    const MIN: i64 = 60 * S;

    fn vars() -> IntervalVars {
        IntervalVars::new(15 * S, 3_600 * S, 15 * S, None)
    }

    #[test]
    fn the_rate_interval_follows_grafana_s_rule() {
        // Four scrapes while the step is short...
        assert_eq!(rate_interval_ms(S, 15 * S), MIN);
        assert_eq!(rate_interval_ms(15 * S, 15 * S), MIN);
        // ...one step and one scrape once the step is longer than three scrapes.
        assert_eq!(rate_interval_ms(MIN, 15 * S), 75 * S);
        assert_eq!(rate_interval_ms(5 * MIN, 30 * S), 5 * MIN + 30 * S);
        let v = IntervalVars::new(S, 300 * S, 30 * S, None);
        assert_eq!(
            (v.scrape_interval_ms, v.rate_interval_ms),
            (30 * S, 2 * MIN)
        );
        assert!(!v.scrape_from_min_interval);
        // A min interval stands in for the scrape interval.
        let v = IntervalVars::new(MIN, 300 * S, 15 * S, Some(MIN));
        assert_eq!(v.rate_interval_ms, 4 * MIN);
        assert!(v.scrape_from_min_interval);
    }

    #[test]
    fn intervals_are_written_with_their_largest_unit() {
        for (ms, text) in [
            (15 * S, "15s"),
            (MIN, "1m"),
            (90 * S, "1m"),
            (2 * 3_600 * S, "2h"),
            (86_400 * S, "1d"),
            (400 * 86_400 * S, "1y"),
            (500, "500ms"),
            (0, "1ms"),
        ] {
            assert_eq!(format_interval(ms), text, "{ms}");
        }
    }

    #[test]
    fn every_variable_and_its_braced_form() {
        let v = vars();
        let cases = [
            ("rate(x[$__interval])", "rate(x[15s])"),
            ("rate(x[${__interval}])", "rate(x[15s])"),
            ("rate(x[$__rate_interval])", "rate(x[1m0s])"),
            ("rate(x[${__rate_interval}])", "rate(x[1m0s])"),
            ("x / $__interval_ms", "x / 15000"),
            ("x / $__rate_interval_ms", "x / 60000"),
            ("increase(x[$__range])", "increase(x[3600s])"),
            ("x * $__range_s + ${__range_ms}", "x * 3600 + 3600000"),
            ("$__intervals", "15ss"),
            ("$__unknown + ${__interval", "$__unknown + ${__interval"),
            ("$", "$"),
            ("é$__range_s$", "é3600$"),
        ];
        for (query, want) in cases {
            assert_eq!(interpolate(query, &v).text, want, "{query}");
        }
        assert!(!interpolate("rate(x[5m])", &v).changed());
        // A range of 90.4 s is written in whole seconds.
        let odd = IntervalVars::new(S, 90_400, 15 * S, None);
        assert_eq!(interpolate("$__range", &odd).text, "90s");
    }

    #[test]
    fn spans_in_the_text_map_back_to_what_was_typed() {
        let query = "rate(x[$__rate_interval]) > $__range_s";
        let i = interpolate(query, &vars());
        assert_eq!(i.text, "rate(x[1m0s]) > 3600");
        let var = 7..23;
        assert_eq!(&query[var.clone()], "$__rate_interval");
        assert_eq!(i.replaced[0].from, var);
        // Before any variable: unchanged.
        assert_eq!(i.original_span(0..4), 0..4);
        // Inside a value: the whole variable.
        assert_eq!(i.original_span(8..10), var);
        // After a value: shifted by the difference.
        let close = i.text.find(']').unwrap();
        assert_eq!(i.original_span(close..close + 1), 23..24);
        assert_eq!(&query[23..24], "]");
        // Across a value and beyond.
        assert_eq!(i.original_span(5..close + 1), 5..24);
        // At the very end.
        assert_eq!(
            i.original_span(i.text.len()..i.text.len()),
            query.len()..query.len()
        );
    }
}
