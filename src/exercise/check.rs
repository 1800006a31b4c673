//! The two checks: the learner's answer (a name) against the incident log's truth, and
//! the learner's "show me" query, evaluated over the exercise's hour, which must single
//! out the culprit (every series it returns that carries the culprit's label carries the
//! culprit's value, and at least one does) and say when: the culprit first shows during
//! the incident, or within a window's lag of its end, not all hour long.

use crate::playground::{GraphWindow, QueryError};
use crate::store::Labels;

use super::{ExerciseKind, Scenario};

/// The resolution the "show me" query is evaluated at over the hour.
const STEP_MS: i64 = 60_000;
/// How late after the incident's end the culprit may first show: a 5-minute window's lag
/// and one step.
const LAG_MS: i64 = 5 * 60_000 + STEP_MS;

/// One series the "show me" query returned, with its largest value over the hour.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownSeries {
    /// Its labels.
    pub labels: Labels,
    /// Its largest value over the hour (NaN when it has none).
    pub max: f64,
    /// The first and last times (ms) it has a value, if it has one.
    pub span_ms: Option<(i64, i64)>,
}

/// The first and last of `times`, if any.
fn span(times: impl Iterator<Item = i64>) -> Option<(i64, i64)> {
    times.fold(None, |span, t| {
        Some(span.map_or((t, t), |(a, b): (i64, i64)| (a.min(t), b.max(t))))
    })
}

/// What the "show me" query returned over the hour, and whether it singles out the culprit.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryVerdict {
    /// The series returned.
    pub series: Vec<ShownSeries>,
    /// Whether they single out the culprit.
    pub singled_out: bool,
    /// The first and last times (ms) a culprit's series has a value, if one does.
    pub shown_ms: Option<(i64, i64)>,
    /// Whether the culprit first shows while the incident was on (or within a window's
    /// lag of its end): the query says when, not only who.
    pub at_the_right_time: bool,
}

impl QueryVerdict {
    /// Whether the query shows the culprit, alone, when the incident happened.
    pub fn shows_the_incident(&self) -> bool {
        self.singled_out && self.at_the_right_time
    }
}

/// The learner's answer written as the truth is: an endpoint with its leading `/`, an
/// instance as `localhost:PORT` (a bare port or `:PORT` is accepted).
pub fn normalize_answer(kind: ExerciseKind, answer: &str) -> String {
    let a = answer
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    match kind.culprit_label() {
        "endpoint" if !a.starts_with('/') => format!("/{a}"),
        "instance" => {
            let a = a.trim_start_matches("http://").trim_end_matches("/metrics");
            if a.chars().all(|c| c.is_ascii_digit()) {
                format!("localhost:{a}")
            } else if let Some(port) = a.strip_prefix(':') {
                format!("localhost:{port}")
            } else {
                a.to_string()
            }
        }
        _ => a.to_string(),
    }
}

impl Scenario {
    /// Whether the learner's answer names the culprit.
    pub fn check_answer(&self, answer: &str) -> bool {
        !answer.trim().is_empty() && normalize_answer(self.kind, answer) == self.truth.culprit
    }

    /// Evaluates `query` over the exercise's hour and says whether it singles out the
    /// culprit.
    pub fn check_query(&self, query: &str) -> Result<QueryVerdict, QueryError> {
        let window = GraphWindow {
            range_ms: super::HOUR_MS,
            end_ms: Some(self.playground.now_ms()),
            step_ms: STEP_MS,
        };
        let answer = self.playground.graph(query, window, false)?;
        let label = self.kind.culprit_label();
        let shown_ms = span(
            answer
                .labels
                .iter()
                .zip(&answer.data.series)
                .filter(|(l, _)| l.has(label) && l.get(label) == self.truth.culprit)
                .flat_map(|(_, s)| s.points.iter().filter(|p| !p.1.is_nan()).map(|p| p.0)),
        );
        let at_the_right_time = shown_ms.is_some_and(|(first, _)| {
            first >= self.truth.start_ms - STEP_MS && first <= self.truth.end_ms + LAG_MS
        });
        let series: Vec<ShownSeries> = answer
            .labels
            .into_iter()
            .zip(answer.data.series)
            .map(|(labels, s)| ShownSeries {
                labels,
                max: s
                    .points
                    .iter()
                    .map(|p| p.1)
                    .filter(|v| !v.is_nan())
                    .fold(f64::NAN, f64::max),
                span_ms: span(s.points.iter().filter(|p| !p.1.is_nan()).map(|p| p.0)),
            })
            .collect();
        let named: Vec<&str> = series
            .iter()
            .filter(|s| s.labels.has(label))
            .map(|s| s.labels.get(label))
            .collect();
        let singled_out = !named.is_empty() && named.iter().all(|v| *v == self.truth.culprit);
        Ok(QueryVerdict {
            series,
            singled_out,
            shown_ms,
            at_the_right_time,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn answers_are_normalized() {
        assert_eq!(normalize_answer(ExerciseKind::Latency, " about "), "/about");
        assert_eq!(normalize_answer(ExerciseKind::Latency, "\"/\""), "/");
        assert_eq!(
            normalize_answer(ExerciseKind::Down, "8001"),
            "localhost:8001"
        );
        assert_eq!(
            normalize_answer(ExerciseKind::Down, ":8002"),
            "localhost:8002"
        );
        assert_eq!(
            normalize_answer(ExerciseKind::Restart, "http://localhost:8000/metrics"),
            "localhost:8000"
        );
    }

    #[test]
    fn the_truth_is_accepted_and_another_name_refused() {
        for kind in ExerciseKind::ALL {
            let s = Scenario::build(kind, 11);
            assert!(s.check_answer(&s.truth.culprit), "{kind:?}");
            let other = match kind.culprit_label() {
                "endpoint" if s.truth.culprit == "/" => "/about",
                "endpoint" => "/",
                _ if s.truth.culprit == "localhost:8000" => "localhost:8001",
                _ => "localhost:8000",
            };
            assert!(!s.check_answer(other), "{kind:?}");
            assert!(!s.check_answer("  "), "{kind:?}");
        }
    }

    #[test]
    fn each_solution_singles_out_the_culprit_for_several_seeds() {
        for kind in ExerciseKind::ALL {
            for seed in [1, 2, 5, 42] {
                let s = Scenario::build(kind, seed);
                let query = s.texts(Lang::En).solution_query;
                let verdict = s.check_query(query).unwrap();
                assert!(
                    verdict.shows_the_incident(),
                    "{kind:?} seed {seed}: {} not singled out at {:?} by {:?}",
                    s.truth.culprit,
                    verdict.shown_ms,
                    verdict.series
                );
            }
        }
    }

    #[test]
    fn a_query_naming_the_culprit_all_hour_does_not_say_when() {
        for kind in ExerciseKind::ALL {
            let s = Scenario::build(kind, 5);
            let selector = format!("up{{{}=\"{}\"}}", kind.culprit_label(), s.truth.culprit);
            let by_name = if kind.culprit_label() == "instance" {
                selector
            } else {
                format!(
                    "sum by (endpoint) (rate(http_requests_total{{endpoint=\"{}\"}}[5m]))",
                    s.truth.culprit
                )
            };
            let v = s.check_query(&by_name).unwrap();
            assert!(v.singled_out, "{kind:?}: only the culprit is returned");
            assert!(
                !v.at_the_right_time,
                "{kind:?}: but all hour long, {:?}",
                v.shown_ms
            );
            assert!(!v.shows_the_incident());
        }
    }

    #[test]
    fn a_query_showing_every_series_does_not_single_out() {
        for kind in ExerciseKind::ALL {
            let s = Scenario::build(kind, 3);
            let verdict = s.check_query("up").unwrap();
            assert_eq!(verdict.series.len(), 3);
            let everything = s
                .check_query("sum by (endpoint, instance) (rate(http_requests_total[5m]))")
                .unwrap();
            assert!(!everything.singled_out, "{kind:?}");
            assert!(s.check_query("sum(").is_err());
        }
    }
}
