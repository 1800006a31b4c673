//! One rule evaluated at one time against the store, as Prometheus's rule group does
//! (`Group.Eval`): the expression as an instant query at the evaluation time minus the
//! group's `query_offset`; a recording rule appends its series under its name; an
//! alerting rule moves its alerts through their states and appends `ALERTS` and
//! `ALERTS_FOR_STATE`; a series written last time and not this time gets a staleness
//! marker. Failures are kept as the rule's last error, as Prometheus shows them.

use std::fmt;

use crate::lang::Lang;
use crate::promql::ast::{BinaryOp, Expr, ExprKind};
use crate::promql::{parse, Engine, EvalError, Value};
use crate::store::{AppendError, Labels, Store, METRIC_NAME, STALE_NAN};

use super::alerting::{AlertSet, Change, Found, StepError};
use super::history::{Cause, Reason, Transition};
use super::model::{AlertingSpec, Rule, RuleGroup, RuleKind};
use super::template::{QuerySample, TemplateData};

/// Why a rule's last evaluation failed.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleEvalError {
    /// The query failed.
    Query(EvalError),
    /// The result is a string (or a range vector).
    NotVector,
    /// Two series gave the same labels once the rule's labels were applied.
    SameLabelset {
        /// An alerting rule (else recording).
        alerting: bool,
    },
    /// More alerts or series than the group's `limit`.
    Limit {
        /// The limit.
        limit: usize,
        /// How many there were.
        count: usize,
        /// An alerting rule (else recording).
        alerting: bool,
    },
    /// The store refused a sample.
    Append(AppendError),
}

impl RuleEvalError {
    /// The message in `lang`; English is Prometheus's.
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            RuleEvalError::Query(e) => e.message(lang),
            RuleEvalError::NotVector => lang
                .pick(
                    "le résultat de la règle n'est ni un vecteur ni un scalaire",
                    "rule result is not a vector or scalar",
                )
                .into(),
            RuleEvalError::SameLabelset { alerting } => match (fr, alerting) {
                (false, true) => "vector contains metrics with the same labelset after applying alert labels".into(),
                (false, false) => "vector contains metrics with the same labelset after applying rule labels".into(),
                (true, _) => "deux séries du résultat ont les mêmes labels une fois ceux de la règle appliqués".into(),
            },
            RuleEvalError::Limit {
                limit,
                count,
                alerting,
            } => {
                let what = match (fr, alerting) {
                    (false, true) => "alerts",
                    (false, false) => "series",
                    (true, true) => "alertes",
                    (true, false) => "séries",
                };
                if fr {
                    format!("limite de {limit} dépassée : {count} {what}")
                } else {
                    format!("exceeded limit of {limit} with {count} {what}")
                }
            }
            RuleEvalError::Append(e) => e.to_string(),
        }
    }
}

impl fmt::Display for RuleEvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A rule's evaluation state between evaluations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleRun {
    /// Its alerts (alerting rules).
    pub alerts: AlertSet,
    /// The series it wrote at its last evaluation (to mark them stale when they go).
    pub previous: Vec<Labels>,
    /// The last evaluation's time.
    pub last_eval_ms: Option<i64>,
    /// The last evaluation's failure, if it failed.
    pub last_error: Option<RuleEvalError>,
    /// How many samples it wrote at its last evaluation.
    pub last_samples: usize,
}

/// What every evaluation needs besides the rule and the store.
pub struct EvalContext<'a> {
    /// The PromQL engine.
    pub engine: &'a Engine,
    /// `global.external_labels`, for `$externalLabels`.
    pub external_labels: &'a [(String, String)],
    /// Prometheus's external URL, for `$externalURL`.
    pub external_url: &'a str,
    /// The group's interval, to say when a pending alert would fire.
    pub interval_ms: i64,
}

/// The rule's expression as an instant query at `at`: its samples (labels, value).
fn query(
    store: &Store,
    engine: &Engine,
    expr: &Expr,
    at: i64,
) -> Result<Vec<(Labels, f64)>, RuleEvalError> {
    let result = engine
        .instant(store, expr, at)
        .map_err(RuleEvalError::Query)?;
    match result.value {
        Value::Vector(v) => Ok(v.into_iter().map(|s| (s.labels, s.v)).collect()),
        Value::Scalar { v, .. } => Ok(vec![(Labels::empty(), v)]),
        _ => Err(RuleEvalError::NotVector),
    }
}

/// Pairs of (name, value) of a label set.
fn pairs(labels: &Labels) -> Vec<(String, String)> {
    labels
        .iter()
        .map(|l| (l.name.clone(), l.value.clone()))
        .collect()
}

/// Evaluates `rule` of `group` at `ts`, writes its series into `store`, and records
/// its alerts' transitions into `history`.
pub fn eval_rule(
    group: &RuleGroup,
    rule: &Rule,
    run: &mut RuleRun,
    ts: i64,
    store: &mut Store,
    ctx: &EvalContext,
    history: &mut Vec<Transition>,
) {
    let at = ts - i64::try_from(group.query_offset_ms).unwrap_or(0);
    run.last_eval_ms = Some(ts);
    let written = match &rule.kind {
        RuleKind::Recording { labels } => query(store, ctx.engine, &rule.expr, at)
            .and_then(|samples| recorded(rule, labels, samples, group.limit)),
        RuleKind::Alerting(spec) => query(store, ctx.engine, &rule.expr, at)
            .and_then(|samples| alerting(group, rule, spec, run, ts, samples, store, ctx, history)),
    };
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            run.last_error = Some(e);
            return;
        }
    };
    run.last_error = None;
    run.last_samples = written.len();
    for (labels, v) in &written {
        if let Err(e) = store.append(labels, at, *v) {
            run.last_error = Some(RuleEvalError::Append(e));
        }
    }
    for old in &run.previous {
        if !written.iter().any(|(l, _)| l == old) {
            // A series already ended by a later sample cannot be marked; nothing to do.
            let _ = store.append(old, at, STALE_NAN);
        }
    }
    run.previous = written.into_iter().map(|(l, _)| l).collect();
}

/// A recording rule's series: the result renamed, the rule's labels applied.
fn recorded(
    rule: &Rule,
    labels: &[(String, String)],
    samples: Vec<(Labels, f64)>,
    limit: usize,
) -> Result<Vec<(Labels, f64)>, RuleEvalError> {
    let mut out: Vec<(Labels, f64)> = Vec::with_capacity(samples.len());
    for (mut l, v) in samples {
        l.set(METRIC_NAME, &rule.name);
        for (name, value) in labels {
            l.set(name, value);
        }
        if out.iter().any(|(o, _)| *o == l) {
            return Err(RuleEvalError::SameLabelset { alerting: false });
        }
        out.push((l, v));
    }
    if limit > 0 && out.len() > limit {
        return Err(RuleEvalError::Limit {
            limit,
            count: out.len(),
            alerting: false,
        });
    }
    Ok(out)
}

/// An alerting rule's step: alerts from the result, transitions into `history`, and
/// the `ALERTS` series to write.
#[allow(clippy::too_many_arguments)]
fn alerting(
    group: &RuleGroup,
    rule: &Rule,
    spec: &AlertingSpec,
    run: &mut RuleRun,
    ts: i64,
    samples: Vec<(Labels, f64)>,
    store: &Store,
    ctx: &EvalContext,
    history: &mut Vec<Transition>,
) -> Result<Vec<(Labels, f64)>, RuleEvalError> {
    let run_query = |q: &str| -> Result<Vec<QuerySample>, String> {
        let expr = parse(q).map_err(|e| e.message(Lang::En))?;
        let found = query(store, ctx.engine, &expr, ts).map_err(|e| e.message(Lang::En))?;
        Ok(found
            .into_iter()
            .map(|(l, value)| QuerySample {
                labels: pairs(&l),
                value,
            })
            .collect())
    };
    let found: Vec<Found> = samples
        .into_iter()
        .map(|(series, value)| {
            let data = TemplateData {
                labels: pairs(&series),
                external_labels: ctx.external_labels.to_vec(),
                external_url: ctx.external_url.to_string(),
                value,
            };
            let source = series.without_metric_name();
            let mut labels = source.clone();
            for (name, t) in &spec.labels {
                labels.set(name, &t.expand_or_error(&data, Some(&run_query)));
            }
            labels.set("alertname", &rule.name);
            let annotations = spec
                .annotations
                .iter()
                .map(|(name, t)| (name.clone(), t.expand_or_error(&data, Some(&run_query))))
                .collect();
            Found {
                labels,
                source,
                annotations,
                value,
            }
        })
        .collect();
    let changes = run
        .alerts
        .step(spec, ts, found, group.limit)
        .map_err(|e| match e {
            StepError::SameLabelset => RuleEvalError::SameLabelset { alerting: true },
            StepError::Limit(count) => RuleEvalError::Limit {
                limit: group.limit,
                count,
                alerting: true,
            },
        })?;
    for (change, alert) in changes {
        let cause = || {
            cause(
                &rule.expr,
                &alert.source,
                store,
                ctx.engine,
                ts - i64::try_from(group.query_offset_ms).unwrap_or(0),
            )
        };
        let first_eval_after = |from: i64, wait: u64| {
            let wait = i64::try_from(wait).unwrap_or(i64::MAX / 2);
            let step = ctx.interval_ms.max(1);
            from + (wait + step - 1) / step * step
        };
        use super::alerting::AlertState as S;
        let (from, to, reason) = match change {
            Change::Pending => (
                S::Inactive,
                S::Pending,
                Reason::ConditionTrue {
                    value: alert.value,
                    for_ms: spec.for_ms,
                    fires_at_ms: first_eval_after(alert.active_at_ms, spec.for_ms),
                },
            ),
            Change::Fired => (
                S::Pending,
                S::Firing,
                Reason::HeldFor {
                    since_ms: alert.active_at_ms,
                    for_ms: spec.for_ms,
                    value: alert.value,
                },
            ),
            Change::FiredAtOnce => (S::Inactive, S::Firing, Reason::NoFor { value: alert.value }),
            Change::KeptFiring => (
                S::Firing,
                S::Firing,
                Reason::KeptFiring {
                    cause: cause(),
                    keep_ms: spec.keep_firing_for_ms,
                    until_ms: first_eval_after(ts, spec.keep_firing_for_ms),
                },
            ),
            Change::Dropped => (
                S::Pending,
                S::Inactive,
                Reason::StoppedPending {
                    cause: cause(),
                    since_ms: alert.active_at_ms,
                    for_ms: spec.for_ms,
                },
            ),
            Change::Resolved => (S::Firing, S::Inactive, Reason::Resolved { cause: cause() }),
            Change::KeepFiringElapsed => (
                S::Firing,
                S::Inactive,
                Reason::KeepFiringElapsed {
                    since_ms: alert.keep_firing_since_ms.unwrap_or(ts),
                    keep_ms: spec.keep_firing_for_ms,
                },
            ),
        };
        history.push(Transition {
            at_ms: ts,
            group: group.name.clone(),
            alert: rule.name.clone(),
            labels: alert.labels.clone(),
            from,
            to,
            reason,
        });
    }
    Ok(run.alerts.series())
}

/// `expr` without enclosing parentheses.
fn unwrap_parens(expr: &Expr) -> &Expr {
    match &expr.kind {
        ExprKind::Paren(inner) => unwrap_parens(inner),
        _ => expr,
    }
}

/// A number literal, possibly negated.
fn number(expr: &Expr) -> Option<f64> {
    match &unwrap_parens(expr).kind {
        ExprKind::Number(n) => Some(*n),
        ExprKind::Unary(crate::promql::ast::UnaryOp::Neg, inner) => number(inner).map(|n| -n),
        _ => None,
    }
}

/// The comparison with a number at the top of `expr`: the compared side, the operator
/// read with that side on the left, and the number.
fn threshold(expr: &Expr) -> Option<(&Expr, BinaryOp, f64)> {
    let ExprKind::Binary(b) = &unwrap_parens(expr).kind else {
        return None;
    };
    if !b.op.is_comparison() || b.return_bool {
        return None;
    }
    if let Some(t) = number(&b.rhs) {
        return Some((&b.lhs, b.op, t));
    }
    let t = number(&b.lhs)?;
    let flipped = match b.op {
        BinaryOp::Gtr => BinaryOp::Lss,
        BinaryOp::Lss => BinaryOp::Gtr,
        BinaryOp::Gte => BinaryOp::Lte,
        BinaryOp::Lte => BinaryOp::Gte,
        other => other,
    };
    Some((&b.rhs, flipped, t))
}

/// Why the alert whose series is `source` is no longer in `expr`'s result at `at`.
fn cause(expr: &Expr, source: &Labels, store: &Store, engine: &Engine, at: i64) -> Cause {
    let Some((side, op, t)) = threshold(expr) else {
        return Cause::NotReturned;
    };
    let Ok(samples) = query(store, engine, side, at) else {
        return Cause::NotReturned;
    };
    samples
        .into_iter()
        .find(|(l, _)| l.without_metric_name() == *source)
        .map_or(Cause::Gone, |(_, value)| Cause::Value {
            value,
            op,
            threshold: t,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse_rules;

    const MIN: i64 = 60_000;

    /// A store where `http_requests_total{job="app"}` grows by `per_min[i]` in minute i,
    /// scraped every 15 s.
    fn store_with(per_min: &[f64]) -> Store {
        let mut store = Store::default();
        let labels = Labels::from_pairs([("__name__", "http_requests_total"), ("job", "app")]);
        let mut total = 0.0;
        for (m, rate) in per_min.iter().enumerate() {
            for q in 0..4 {
                total += rate / 4.0;
                store
                    .append(&labels, m as i64 * MIN + q * 15_000, total)
                    .unwrap();
            }
        }
        store
    }

    fn ctx(engine: &Engine) -> EvalContext<'_> {
        EvalContext {
            engine,
            external_labels: &[],
            external_url: "http://localhost:9090",
            interval_ms: MIN,
        }
    }

    const RULES: &str = "groups:\n  - name: g\n    rules:\n      - alert: High\n        expr: rate(http_requests_total[1m]) > 0.5\n        for: 2m\n        labels:\n          severity: page\n        annotations:\n          summary: '{{ $labels.job }} at {{ $value | humanize }}/s'\n      - record: job:rate1m\n        expr: sum by (job) (rate(http_requests_total[1m]))\n";

    /// Evaluates the rules of [`RULES`] once a minute over `minutes`, calling `each`
    /// after every round; returns the rules' states.
    fn every_minute(
        store: &mut Store,
        minutes: std::ops::Range<i64>,
        history: &mut Vec<Transition>,
        mut each: impl FnMut(&[RuleRun]),
    ) -> Vec<RuleRun> {
        let file = parse_rules(RULES).unwrap();
        let group = &file.groups[0];
        let engine = Engine::default();
        let mut runs = vec![RuleRun::default(); group.rules.len()];
        for m in minutes {
            for (rule, run) in group.rules.iter().zip(runs.iter_mut()) {
                eval_rule(group, rule, run, m * MIN, store, &ctx(&engine), history);
            }
            each(&runs);
        }
        runs
    }

    #[test]
    fn an_alert_goes_pending_then_firing_then_resolves_with_reasons() {
        // 60 requests a minute (1/s) for 6 minutes, then none.
        let mut store = store_with(&[60.0, 60.0, 60.0, 60.0, 60.0, 60.0, 0.0, 0.0, 0.0]);
        let mut history = Vec::new();
        let mut states = Vec::new();
        let runs = every_minute(&mut store, 1..9, &mut history, |runs| {
            states.push(runs[0].alerts.state().as_str())
        });
        assert_eq!(
            states,
            [
                "pending", "pending", "firing", "firing", "firing", "firing", "inactive",
                "inactive"
            ]
        );
        let reasons: Vec<String> = history
            .iter()
            .map(|t| t.message(Lang::En, &|ms| format!("{}m", ms / MIN)))
            .collect();
        assert_eq!(
            reasons[0],
            "pending: condition true since 1m (value 1); `for: 2m` fires at 3m if it holds"
        );
        assert_eq!(
            reasons[1],
            "firing: condition true since 1m, held for `for: 2m` (value 1)"
        );
        assert!(
            reasons[2].starts_with("resolved: the value fell to 0"),
            "{}",
            reasons[2]
        );
        assert_eq!(history[2].at_ms, 7 * MIN);
        // The resolved alert keeps the value and annotations of the last evaluation that
        // returned it (6m: 40 requests over the last 60 s).
        let alert = runs[0].alerts.alerts.values().next().unwrap();
        assert!((alert.value - 2.0 / 3.0).abs() < 1e-9, "{}", alert.value);
        assert_eq!(
            alert.annotations,
            vec![("summary".to_string(), "app at 666.7m/s".to_string())]
        );
        assert_eq!(
            alert.labels.to_string(),
            r#"{alertname="High", job="app", severity="page"}"#
        );
    }

    #[test]
    fn alerts_and_recorded_series_land_in_the_store() {
        let mut store = store_with(&[60.0, 60.0, 60.0, 60.0, 0.0, 0.0]);
        let engine = Engine::default();
        let runs = every_minute(&mut store, 1..6, &mut Vec::new(), |_| ());
        let q = |s: &str, at: i64| -> Vec<(String, f64)> {
            let expr = parse(s).unwrap();
            query(&store, &engine, &expr, at)
                .unwrap()
                .into_iter()
                .map(|(l, v)| (l.to_string(), v))
                .collect()
        };
        assert_eq!(
            q("ALERTS", 2 * MIN),
            vec![(
                r#"ALERTS{alertname="High", alertstate="pending", job="app", severity="page"}"#
                    .to_string(),
                1.0
            )]
        );
        assert_eq!(
            q("ALERTS", 3 * MIN)[0].0,
            r#"ALERTS{alertname="High", alertstate="firing", job="app", severity="page"}"#
        );
        assert_eq!(
            q("ALERTS_FOR_STATE", 3 * MIN)[0].1,
            60.0,
            "active since the first minute"
        );
        assert!(
            q("ALERTS{alertstate=\"pending\"}", 3 * MIN).is_empty(),
            "the pending series went stale"
        );
        assert!(q("ALERTS", 5 * MIN).is_empty(), "resolved: stale");
        let recorded = q("job:rate1m", 2 * MIN);
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].0, r#"job:rate1m{job="app"}"#);
        assert!((recorded[0].1 - 1.0).abs() < 1e-9);
        assert_eq!(runs[1].last_samples, 1);
    }

    #[test]
    fn alerts_series_over_time_match_promtool_test_rules() {
        // promtool 2.42 `test rules`, m{job="app"} = 0 0 1 1 1 1 1 0 0 0 1 0 0 (one a
        // minute), `m > 0`, `for: 2m`, `keep_firing_for: 1m`, evaluated every minute:
        // `ALERTS or ALERTS_FOR_STATE` at each minute.
        let expected: [Option<(&str, f64)>; 13] = [
            None,
            None,
            Some(("pending", 120.0)),
            Some(("pending", 120.0)),
            Some(("firing", 120.0)),
            Some(("firing", 120.0)),
            Some(("firing", 120.0)),
            Some(("firing", 120.0)),
            None,
            None,
            Some(("pending", 600.0)),
            None,
            None,
        ];
        let values = [
            0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0,
        ];
        let mut store = Store::default();
        let m = Labels::from_pairs([("__name__", "m"), ("job", "app")]);
        for (i, v) in values.iter().enumerate() {
            store.append(&m, i as i64 * MIN, *v).unwrap();
        }
        let file = parse_rules(
            "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: m > 0\n        for: 2m\n        keep_firing_for: 1m\n",
        )
        .unwrap();
        let (group, engine) = (&file.groups[0], Engine::default());
        let mut run = RuleRun::default();
        let mut history = Vec::new();
        let expr = parse("ALERTS or ALERTS_FOR_STATE").unwrap();
        for (i, want) in expected.iter().enumerate() {
            let t = i as i64 * MIN;
            eval_rule(
                group,
                &group.rules[0],
                &mut run,
                t,
                &mut store,
                &ctx(&engine),
                &mut history,
            );
            let got = query(&store, &engine, &expr, t).unwrap();
            let state = got
                .iter()
                .find(|(l, _)| l.metric_name() == "ALERTS")
                .map(|(l, _)| l.get("alertstate").to_string());
            let since = got
                .iter()
                .find(|(l, _)| l.metric_name() == "ALERTS_FOR_STATE")
                .map(|(_, v)| *v);
            let got = state.zip(since);
            assert_eq!(got, want.map(|(s, v)| (s.to_string(), v)), "at {i}m");
        }
    }

    #[test]
    fn failures_are_kept_as_the_rules_last_error() {
        let mut store = store_with(&[60.0]);
        let file = parse_rules(
            "groups:\n  - name: g\n    limit: 1\n    rules:\n      - record: r\n        expr: label_replace(vector(1), \"a\", \"x\", \"\", \"\") or label_replace(vector(2), \"a\", \"y\", \"\", \"\")\n      - alert: S\n        expr: '\"text\"'\n",
        )
        .unwrap();
        let group = &file.groups[0];
        let engine = Engine::default();
        let mut history = Vec::new();
        let mut run = RuleRun::default();
        eval_rule(
            group,
            &group.rules[0],
            &mut run,
            MIN,
            &mut store,
            &ctx(&engine),
            &mut history,
        );
        assert_eq!(
            run.last_error.as_ref().map(|e| e.to_string()),
            Some("exceeded limit of 1 with 2 series".to_string())
        );
        let mut run = RuleRun::default();
        eval_rule(
            group,
            &group.rules[1],
            &mut run,
            MIN,
            &mut store,
            &ctx(&engine),
            &mut history,
        );
        assert_eq!(run.last_error, Some(RuleEvalError::NotVector));
    }

    #[test]
    fn the_compared_side_explains_a_resolution() {
        let store = store_with(&[60.0, 60.0, 6.0]);
        let engine = Engine::default();
        let source = Labels::from_pairs([("job", "app")]);
        let expr = parse("0.5 < rate(http_requests_total[1m])").unwrap();
        match cause(&expr, &source, &store, &engine, 2 * MIN + 45_000) {
            Cause::Value {
                value,
                op,
                threshold,
            } => {
                assert!((value - 0.1).abs() < 1e-9, "{value}");
                assert_eq!((op, threshold), (BinaryOp::Gtr, 0.5));
            }
            other => panic!("{other:?}"),
        }
        let other = Labels::from_pairs([("job", "other")]);
        assert_eq!(cause(&expr, &other, &store, &engine, 2 * MIN), Cause::Gone);
        let not_simple = parse("up and on() vector(1)").unwrap();
        assert_eq!(
            cause(&not_simple, &source, &store, &engine, 2 * MIN),
            Cause::NotReturned
        );
    }
}
