//! The PromQL evaluator. Every expression is evaluated over a grid of steps (one step for
//! an instant query), as Prometheus's engine does, so instant and range queries share one
//! code path. `Evaluator::eval` is the one `match` over expression kinds; the kinds' work
//! lives in the sibling files.

mod aggregate;
mod binary;
mod error;
mod functions;
mod selectors;
mod series;

use std::cell::RefCell;

use crate::store::{Labels, Sample, Store, METRIC_NAME};

use super::ast::{AtModifier, Expr, ExprKind, Span, UnaryOp};
use super::value::{
    add_annotation, Annotation, AnnotationKind, InstantSample, QueryResult, RangeSeries, Severity,
    Value,
};

pub use error::EvalError;
pub use functions::{over_time, rate};
use series::EvalSeries;

/// The query engine and its limits.
///
/// Usage:
///
/// ```
/// use sonde::promql::{parse, Engine, Value};
/// use sonde::store::{Labels, Store};
///
/// let mut store = Store::default();
/// let series = Labels::from_pairs([("__name__", "http_requests_total"), ("job", "my_app")]);
/// for i in 0..=20 {
///     store.append(&series, i * 15_000, (i * 3) as f64).unwrap();
/// }
/// let expr = parse("sum by (job) (rate(http_requests_total[5m]))").unwrap();
/// let result = Engine::default().instant(&store, &expr, 300_000).unwrap();
/// let Value::Vector(v) = result.value else { panic!("a vector") };
/// assert_eq!(v[0].labels.to_string(), r#"{job="my_app"}"#);
/// assert!((v[0].v - 0.2).abs() < 1e-9);
/// assert!(result.warnings.is_empty() && result.infos.is_empty());
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    /// How far back an instant selector looks for a sample (Prometheus: 5 minutes).
    pub lookback_ms: i64,
    /// Most samples a query may hold at once before it is refused.
    pub max_samples: usize,
    /// Step of subqueries written without one (`x[1h:]`).
    pub default_subquery_step_ms: i64,
    /// Largest `(end - start) / step` a range query may have (Prometheus: 11,000).
    pub max_points_per_series: i64,
    /// Where `rate` and `increase` stop extrapolating toward a counter's zero point:
    /// Prometheus 3's way unless replaying an older server's answer.
    pub zero_clamp: functions::rate::ZeroClamp,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            lookback_ms: 5 * 60 * 1000,
            max_samples: 5_000_000,
            default_subquery_step_ms: 60 * 1000,
            max_points_per_series: 11_000,
            zero_clamp: functions::rate::ZeroClamp::AfterLimit,
        }
    }
}

impl Engine {
    /// Evaluates `expr` at one instant `t_ms`.
    pub fn instant(&self, store: &Store, expr: &Expr, t_ms: i64) -> Result<QueryResult, EvalError> {
        let annotations = RefCell::new(Vec::new());
        let ev = Evaluator::new(self, store, t_ms, t_ms, 1, &annotations);
        let val = ev.eval(expr)?;
        let value = match val {
            EvalValue::Scalar(v) => Value::Scalar {
                t: t_ms,
                v: v.first().copied().unwrap_or(f64::NAN),
            },
            EvalValue::Str(s) => Value::String { t: t_ms, s },
            EvalValue::Vector(series) => {
                let mut out: Vec<InstantSample> = Vec::with_capacity(series.len());
                for s in series {
                    let labels = final_labels(s.labels, s.drop_name);
                    // One step: at most one point, which takes the labels.
                    if let Some(p) = s.points.last() {
                        out.push(InstantSample {
                            labels,
                            t: p.t,
                            v: p.v,
                        });
                    }
                }
                if !all_distinct(out.iter().map(|s| &s.labels)) {
                    return Err(EvalError::SameLabelset);
                }
                Value::Vector(out)
            }
            EvalValue::Matrix(series) => Value::Matrix(to_matrix(series)?),
        };
        Ok(finish(value, annotations.into_inner()))
    }

    /// Evaluates `expr` at every step from `start_ms` to `end_ms`; the result is a matrix
    /// sorted by labels.
    pub fn range(
        &self,
        store: &Store,
        expr: &Expr,
        start_ms: i64,
        end_ms: i64,
        step_ms: i64,
    ) -> Result<QueryResult, EvalError> {
        if step_ms <= 0 {
            return Err(EvalError::BadStep);
        }
        if end_ms < start_ms {
            return Err(EvalError::EndBeforeStart);
        }
        if end_ms.saturating_sub(start_ms) / step_ms > self.max_points_per_series {
            return Err(EvalError::TooManyPoints);
        }
        let annotations = RefCell::new(Vec::new());
        let ev = Evaluator::new(self, store, start_ms, end_ms, step_ms, &annotations);
        let val = ev.eval(expr)?;
        let series = match val {
            EvalValue::Scalar(v) => vec![RangeSeries {
                labels: Labels::empty(),
                samples: v
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| Sample {
                        t: ev.step_ts(i),
                        v,
                    })
                    .collect(),
            }],
            EvalValue::Vector(series) => to_matrix(series)?,
            EvalValue::Str(_) => return Err(EvalError::BadRangeResultType("string")),
            EvalValue::Matrix(_) => return Err(EvalError::BadRangeResultType("range vector")),
        };
        Ok(finish(Value::Matrix(series), annotations.into_inner()))
    }
}

/// Labels of a result series once the pending metric-name removal is applied.
fn final_labels(mut labels: Labels, drop_name: bool) -> Labels {
    if drop_name {
        labels.remove(METRIC_NAME);
    }
    labels
}

/// Whether no two label sets are equal. Results mostly come out already sorted (selectors
/// and aggregations sort), so a strictly increasing sequence is recognised by comparing
/// neighbours; otherwise a hash set decides.
fn all_distinct<'a>(labels: impl Iterator<Item = &'a Labels> + Clone) -> bool {
    let mut prev: Option<&Labels> = None;
    if labels
        .clone()
        .all(|l| prev.replace(l).is_none_or(|p| p < l))
    {
        return true;
    }
    let mut seen = std::collections::HashSet::new();
    labels.into_iter().all(|l| seen.insert(l))
}

/// Applies pending name removal, merges series that now share labels (an error if they
/// share a timestamp), and sorts by labels as Prometheus sorts range results.
fn to_matrix(series: Vec<EvalSeries>) -> Result<Vec<RangeSeries>, EvalError> {
    let mut out: Vec<RangeSeries> = series
        .into_iter()
        .map(|s| RangeSeries {
            labels: final_labels(s.labels, s.drop_name),
            samples: s.points,
        })
        .collect();
    // Stable: series with the same labels stay in evaluation order, next to each other.
    crate::order::sort_by(&mut out, |a, b| a.labels.cmp(&b.labels));
    if all_distinct(out.iter().map(|s| &s.labels)) {
        return Ok(out);
    }
    let mut merged: Vec<RangeSeries> = Vec::with_capacity(out.len());
    for s in out {
        match merged.last_mut() {
            Some(m) if m.labels == s.labels => {
                m.samples.extend(s.samples);
                crate::order::sort_by_key(&mut m.samples, |p| p.t);
                if m.samples.windows(2).any(|w| w[0].t == w[1].t) {
                    return Err(EvalError::SameLabelset);
                }
            }
            _ => merged.push(s),
        }
    }
    Ok(merged)
}

fn finish(value: Value, annotations: Vec<Annotation>) -> QueryResult {
    let mut warnings = Vec::new();
    let mut infos = Vec::new();
    for a in annotations {
        let list = match a.severity() {
            Severity::Warning => &mut warnings,
            Severity::Info => &mut infos,
        };
        add_annotation(list, a);
    }
    QueryResult {
        value,
        warnings,
        infos,
    }
}

/// An evaluated sub-expression, over every step of the evaluator that made it.
#[derive(Clone, Debug)]
pub(crate) enum EvalValue {
    /// One number per step.
    Scalar(Vec<f64>),
    /// A string.
    Str(String),
    /// Series with at most one point per step, at the step's timestamp.
    Vector(Vec<EvalSeries>),
    /// Series with their raw points (range vectors, only at an instant).
    Matrix(Vec<EvalSeries>),
}

impl EvalValue {
    fn type_name(&self) -> &'static str {
        match self {
            EvalValue::Scalar(_) => "scalar",
            EvalValue::Str(_) => "string",
            EvalValue::Vector(_) => "instant vector",
            EvalValue::Matrix(_) => "range vector",
        }
    }
}

/// One evaluation grid (start, end, interval) over a store; subqueries make child grids.
pub(crate) struct Evaluator<'a> {
    engine: &'a Engine,
    store: &'a Store,
    start: i64,
    end: i64,
    interval: i64,
    /// The top-level query's start and end, for `@ start()` and `@ end()`.
    query_start: i64,
    query_end: i64,
    annotations: &'a RefCell<Vec<Annotation>>,
}

impl<'a> Evaluator<'a> {
    fn new(
        engine: &'a Engine,
        store: &'a Store,
        start: i64,
        end: i64,
        interval: i64,
        annotations: &'a RefCell<Vec<Annotation>>,
    ) -> Self {
        Evaluator {
            engine,
            store,
            start,
            end,
            interval: interval.max(1),
            query_start: start,
            query_end: end,
            annotations,
        }
    }

    /// A child grid for a subquery, sharing limits, annotations and the query bounds.
    fn child(&self, start: i64, end: i64, interval: i64) -> Evaluator<'a> {
        Evaluator {
            start,
            end,
            interval: interval.max(1),
            ..*self
        }
    }

    /// Number of steps of this grid.
    fn num_steps(&self) -> usize {
        if self.end < self.start {
            0
        } else {
            usize::try_from(self.end.saturating_sub(self.start) / self.interval)
                .map_or(0, |n| n.saturating_add(1))
        }
    }

    /// Timestamp of step `i`.
    fn step_ts(&self, i: usize) -> i64 {
        self.start
            .saturating_add((i as i64).saturating_mul(self.interval))
    }

    /// Index of the step at timestamp `t` (which must be on the grid).
    fn step_index(&self, t: i64) -> usize {
        usize::try_from(t.saturating_sub(self.start) / self.interval).unwrap_or(0)
    }

    /// The time an `@` modifier pins evaluation to, if any.
    fn at_time(&self, at: Option<AtModifier>) -> Option<i64> {
        at.map(|a| match a {
            AtModifier::Timestamp(t) => t,
            AtModifier::Start => self.query_start,
            AtModifier::End => self.query_end,
        })
    }

    fn annotate(&self, kind: AnnotationKind, span: &Span) {
        self.annotations.borrow_mut().push(Annotation {
            kind,
            span: span.clone(),
        });
    }

    /// Refuses results bigger than the sample limit.
    fn check_samples(&self, n: usize) -> Result<(), EvalError> {
        if n > self.engine.max_samples {
            Err(EvalError::TooManySamples)
        } else {
            Ok(())
        }
    }

    /// Evaluates any expression over this grid.
    fn eval(&self, e: &Expr) -> Result<EvalValue, EvalError> {
        let val = match &e.kind {
            ExprKind::Number(v) => EvalValue::Scalar(vec![*v; self.num_steps()]),
            ExprKind::String(s) => EvalValue::Str(s.clone()),
            ExprKind::Paren(inner) => self.eval(inner)?,
            ExprKind::Unary(op, inner) => {
                let v = self.eval(inner)?;
                match op {
                    UnaryOp::Pos => v,
                    UnaryOp::Neg => negate(v),
                }
            }
            ExprKind::VectorSelector(vs) => EvalValue::Vector(selectors::vector(self, vs, false)?),
            ExprKind::MatrixSelector(ms) => {
                if self.start != self.end {
                    return Err(EvalError::BadRangeResultType("range vector"));
                }
                EvalValue::Matrix(selectors::matrix_value(self, ms)?)
            }
            ExprKind::Subquery(sq) => {
                if self.start != self.end {
                    return Err(EvalError::BadRangeResultType("range vector"));
                }
                EvalValue::Matrix(selectors::subquery(self, sq)?)
            }
            ExprKind::Binary(b) => binary::eval(self, b, &e.span)?,
            ExprKind::Aggregate(a) => aggregate::eval(self, a)?,
            ExprKind::Call(c) => functions::eval(self, c, &e.span)?,
        };
        if let EvalValue::Vector(s) | EvalValue::Matrix(s) = &val {
            self.check_samples(s.iter().map(|s| s.points.len()).sum())?;
        }
        Ok(val)
    }

    /// Evaluates an expression that must be a scalar: one number per step.
    fn eval_scalar(&self, e: &Expr) -> Result<Vec<f64>, EvalError> {
        match self.eval(e)? {
            EvalValue::Scalar(v) => Ok(v),
            other => Err(EvalError::Unsupported(format!(
                "expected scalar, got {}",
                other.type_name()
            ))),
        }
    }

    /// Evaluates an expression that must be an instant vector.
    fn eval_vector(&self, e: &Expr) -> Result<Vec<EvalSeries>, EvalError> {
        match self.eval(e)? {
            EvalValue::Vector(v) => Ok(v),
            other => Err(EvalError::Unsupported(format!(
                "expected instant vector, got {}",
                other.type_name()
            ))),
        }
    }
}

/// Unary minus: negates values; on vectors the metric name is to be dropped.
fn negate(v: EvalValue) -> EvalValue {
    match v {
        EvalValue::Scalar(mut s) => {
            s.iter_mut().for_each(|x| *x = -*x);
            EvalValue::Scalar(s)
        }
        EvalValue::Vector(mut series) => {
            for s in &mut series {
                s.drop_name = true;
                s.points.iter_mut().for_each(|p| p.v = -p.v);
            }
            EvalValue::Vector(series)
        }
        other => other,
    }
}

/// Whether a label name is valid for Prometheus 3 (any non-empty UTF-8 string).
fn valid_label_name(name: &str) -> bool {
    !name.is_empty()
}

/// Metric name of a label set, for annotations.
fn metric_name(labels: &Labels) -> String {
    labels.get(METRIC_NAME).to_string()
}

#[cfg(test)]
mod tests;
