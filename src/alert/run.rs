//! Running an alert rule against the series store: parse the rule's query, evaluate it
//! over the panel's steps with the PromQL engine, and replay the alert states.

use std::fmt;

use crate::lang::Lang;
use crate::promql::{parse, Engine, EvalError, ParseError, RangeSeries, Value};
use crate::store::Store;

use super::rule::{AlertError, AlertRule};
use super::timeline::{evaluate, AlertTimeline, EvalGrid};

/// The query's values and the alert states computed from them.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertRun {
    /// The query's result at each step, one series per result series.
    pub values: Vec<RangeSeries>,
    /// The alert states over the steps.
    pub timeline: AlertTimeline,
}

/// Why an alert rule could not be run.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertRunError {
    /// The rule itself or its grid is invalid.
    Rule(AlertError),
    /// The query does not parse.
    Parse(ParseError),
    /// The query fails to evaluate.
    Eval(EvalError),
}

impl AlertRunError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AlertRunError::Rule(e) => e.message(lang),
            AlertRunError::Parse(e) => e.message(lang),
            AlertRunError::Eval(e) => e.message(lang),
        }
    }
}

impl fmt::Display for AlertRunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AlertRunError {}

/// Evaluates `rule.query` over `grid` on `store` and replays the alert over the result.
pub fn run(
    rule: &AlertRule,
    store: &Store,
    engine: &Engine,
    grid: &EvalGrid,
) -> Result<AlertRun, AlertRunError> {
    rule.validate().map_err(AlertRunError::Rule)?;
    grid.times().map_err(AlertRunError::Rule)?;
    let expr = parse(&rule.query).map_err(AlertRunError::Parse)?;
    let result = engine
        .range(store, &expr, grid.start_ms, grid.end_ms, grid.step_ms)
        .map_err(AlertRunError::Eval)?;
    let values = match result.value {
        Value::Matrix(series) => series,
        _ => Vec::new(),
    };
    let timeline = evaluate(rule, grid, &values).map_err(AlertRunError::Rule)?;
    Ok(AlertRun { values, timeline })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::{AlertState, CompareOp, StateInterval};
    use crate::store::Labels;

    /// A counter scraped every 15 s that grows by 1 per scrape, then by 10 per scrape from
    /// 5 min on, then stops being scraped at 10 min.
    fn store() -> Store {
        let mut s = Store::default();
        let labels = Labels::from_pairs([
            ("__name__", "http_requests_total"),
            ("job", "my_app"),
            ("instance", "localhost:8000"),
        ]);
        let mut v = 0.0;
        for i in 0..40 {
            let t = i * 15_000;
            v += if t < 300_000 { 1.0 } else { 10.0 };
            s.append(&labels, t, v).unwrap();
        }
        s
    }

    #[test]
    fn rate_alert_pends_fires_and_resolves() {
        let rule = AlertRule {
            query: "rate(http_requests_total[1m])".to_string(),
            op: CompareOp::Gt,
            threshold: 0.5,
            for_ms: 60_000,
            keep_firing_for_ms: 0,
        };
        let grid = EvalGrid {
            start_ms: 240_000,
            end_ms: 960_000,
            step_ms: 60_000,
        };
        let run = run(&rule, &store(), &Engine::default(), &grid).unwrap();
        assert_eq!(run.values.len(), 1);
        let lane = &run.timeline.series[0];
        assert_eq!(
            lane.labels.to_string(),
            "{instance=\"localhost:8000\", job=\"my_app\"}"
        );
        // rate is 1/15 per second until the 1 m window holds the 10-per-scrape samples:
        // above 0.5 from 6 m (window (5m, 6m]), pending at 6 m, firing at 7 m; the last
        // sample is at 9m45s, so the window (9m, 10m] still has samples at 10 m but
        // (10m, 11m] has none: absent, resolved at 11 m.
        assert_eq!(
            lane.intervals,
            vec![
                StateInterval {
                    start_ms: 240_000,
                    end_ms: 360_000,
                    state: AlertState::Inactive
                },
                StateInterval {
                    start_ms: 360_000,
                    end_ms: 420_000,
                    state: AlertState::Pending { since_ms: 360_000 }
                },
                StateInterval {
                    start_ms: 420_000,
                    end_ms: 660_000,
                    state: AlertState::Firing { since_ms: 420_000 }
                },
                StateInterval {
                    start_ms: 660_000,
                    end_ms: 1_020_000,
                    state: AlertState::Inactive
                },
            ]
        );
    }

    #[test]
    fn errors_come_from_each_stage() {
        let mut rule = AlertRule {
            query: "rate(x[1m]".to_string(),
            op: CompareOp::Gt,
            threshold: 1.0,
            for_ms: 0,
            keep_firing_for_ms: 0,
        };
        let grid = EvalGrid {
            start_ms: 0,
            end_ms: 60_000,
            step_ms: 15_000,
        };
        let s = store();
        let e = Engine::default();
        assert!(matches!(
            run(&rule, &s, &e, &grid),
            Err(AlertRunError::Parse(_))
        ));
        rule.query = "x[1m]".to_string();
        let err = run(&rule, &s, &e, &grid).unwrap_err();
        assert!(matches!(err, AlertRunError::Eval(_)));
        assert!(!err.message(Lang::Fr).is_empty());
        let bad_grid = EvalGrid { step_ms: 0, ..grid };
        assert_eq!(
            run(&rule, &s, &e, &bad_grid),
            Err(AlertRunError::Rule(AlertError::BadStep))
        );
    }
}
