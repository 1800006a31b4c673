//! Runs test scripts against Sonde's engine: loads series, evaluates each `eval`, and
//! compares the result, errors and annotations as Prometheus's own test runner does.
//! Evals that need native histograms or experimental PromQL are skipped, by reason.

use std::collections::HashMap;
use std::fmt;

use crate::lang::Lang;
use crate::promql::ast::{AggregateOp, AtModifier, Expr, ExprKind, VectorSelector};
use crate::promql::{Engine, QueryResult, Value};
use crate::store::{is_stale, Labels, Store, METRIC_NAME};

use super::script::{parse_script, Command, Eval, Load, LoadSeries, ScriptError, TextMatch};
use super::series_desc::SeqValue;

/// A PromQL parser: text to AST, or the error text.
pub type ParseFn<'a> = &'a dyn Fn(&str) -> Result<Expr, String>;

/// Why an eval was not run.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// The query or its data uses native histograms, which Sonde does not model.
    NativeHistogram,
    /// The query uses an experimental function, aggregation or syntax.
    Experimental(String),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NativeHistogram => f.write_str("native histograms"),
            SkipReason::Experimental(what) => write!(f, "experimental: {what}"),
        }
    }
}

/// The outcome of one eval.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// As expected.
    Pass,
    /// Not as expected: what differed.
    Fail(String),
    /// Not run.
    Skip(SkipReason),
}

/// One eval's report.
#[derive(Clone, Debug)]
pub struct EvalReport {
    /// 1-based line of the eval in its script.
    pub line: usize,
    /// The PromQL text.
    pub expr: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Relative tolerance of value comparisons (upstream's `defaultEpsilon`).
const EPSILON: f64 = 1e-6;

/// Prometheus's `almost.Equal`: relative comparison, NaN equals NaN.
pub fn almost_equal(a: f64, b: f64) -> bool {
    if a.is_nan() && b.is_nan() {
        return true;
    }
    if a == b {
        return true;
    }
    let min_normal = f64::MIN_POSITIVE;
    let diff = (a - b).abs();
    let sum = a.abs() + b.abs();
    if a == 0.0 || b == 0.0 || sum < min_normal {
        return diff < EPSILON * min_normal;
    }
    diff / sum.min(f64::MAX) < EPSILON
}

/// The engine settings of Prometheus's test runner.
pub fn test_engine() -> Engine {
    Engine {
        lookback_ms: 5 * 60 * 1000,
        default_subquery_step_ms: 60 * 1000,
        ..Engine::default()
    }
}

/// Runs a whole script; every eval gets a report.
pub fn run_script(text: &str, parse: ParseFn) -> Result<Vec<EvalReport>, ScriptError> {
    let engine = test_engine();
    let mut state = State::default();
    let mut out = Vec::new();
    for cmd in parse_script(text)? {
        match cmd {
            Command::Clear => state = State::default(),
            Command::Load(load) => state.load(load),
            Command::Eval(ev) => {
                let outcome = run_eval(&engine, &state, &ev, parse);
                out.push(EvalReport {
                    line: ev.line,
                    expr: ev.expr.clone(),
                    outcome,
                });
            }
        }
    }
    Ok(out)
}

/// Loads the `load` blocks of a script (evals are ignored) into a fresh store, as the
/// runner would: for benchmarks that read workload files in this format.
pub fn load_store(text: &str) -> Result<Store, ScriptError> {
    let mut state = State::default();
    for cmd in parse_script(text)? {
        match cmd {
            Command::Load(load) => state.load(load),
            Command::Clear => state = State::default(),
            Command::Eval(_) => {}
        }
    }
    state.store.shrink_to_fit();
    Ok(state.store)
}

/// The store plus what Sonde could not load.
#[derive(Default)]
struct State {
    store: Store,
    /// Label sets of series that hold native histograms.
    native: Vec<Labels>,
    /// Label sets of series whose data needs an experimental feature, with its name.
    experimental: Vec<(Labels, &'static str)>,
}

impl State {
    /// Loads a block, dropping each series' parsed values once stored (a big workload's
    /// text, parsed values and store are not all held at once).
    fn load(&mut self, load: Load) {
        // A series defined twice in one block keeps its last definition, as upstream.
        let mut last: Vec<usize> = Vec::new();
        for (i, s) in load.series.iter().enumerate() {
            match last
                .iter_mut()
                .find(|x| load.series[**x].labels == s.labels)
            {
                Some(x) => *x = i,
                None => last.push(i),
            }
        }
        let mut series: Vec<Option<LoadSeries>> = load.series.into_iter().map(Some).collect();
        for s in last.into_iter().filter_map(|i| series.get_mut(i)?.take()) {
            if s.start_timestamps {
                self.experimental
                    .push((s.labels.clone(), "start timestamps"));
            }
            if s.labels.has("__type__") || s.labels.has("__unit__") {
                self.experimental
                    .push((s.labels.clone(), "type and unit labels"));
            }
            let floats = s
                .values
                .iter()
                .filter(|v| matches!(v, SeqValue::Float(_)))
                .count();
            // Created at its first value, as `append` would, with room for all of them.
            let mut id = None;
            for (k, v) in s.values.iter().enumerate() {
                let t = k as i64 * load.interval_ms;
                match v {
                    SeqValue::Float(f) => {
                        let id = *id.get_or_insert_with(|| {
                            let id = self.store.series_id(&s.labels);
                            self.store.reserve(id, floats);
                            id
                        });
                        // Out-of-order or duplicate samples are refused, as by a TSDB.
                        let _ = self.store.append_to(id, t, *f);
                    }
                    SeqValue::Omitted => {}
                    SeqValue::Histogram => {
                        if !self.native.contains(&s.labels) {
                            self.native.push(s.labels.clone());
                        }
                    }
                }
            }
            if load.with_nhcb && s.labels.has("le") {
                if let Some(base) = s.labels.metric_name().strip_suffix("_bucket") {
                    let mut l = s.labels.clone();
                    l.remove("le");
                    l.set(METRIC_NAME, base);
                    if !self.native.contains(&l) {
                        self.native.push(l);
                    }
                }
            }
        }
    }
}

/// Spellings of experimental syntax a parser may refuse.
const EXPERIMENTAL_SYNTAX: [&str; 8] = [
    " anchored",
    " smoothed",
    "fill(",
    "fill_left(",
    "fill_right(",
    "step()",
    "range()",
    "info(",
];

fn run_eval(engine: &Engine, state: &State, ev: &Eval, parse: ParseFn) -> Outcome {
    let expr = match parse(&ev.expr) {
        Ok(e) => e,
        Err(msg) => {
            if ev.fail.as_ref().is_some_and(|m| m.matches(&msg)) {
                return Outcome::Pass;
            }
            if let Some(s) = EXPERIMENTAL_SYNTAX.iter().find(|s| ev.expr.contains(*s)) {
                return Outcome::Skip(SkipReason::Experimental(s.trim().to_string()));
            }
            if ev.expr.contains(">/") || ev.expr.contains("</") {
                return Outcome::Skip(SkipReason::NativeHistogram);
            }
            // Prometheus's parser refuses experimental functions unless enabled; so may ours.
            if msg.contains("experimental") || msg.contains("not enabled") {
                return Outcome::Skip(SkipReason::Experimental(msg));
            }
            if let Some(m) = &ev.fail {
                return Outcome::Fail(format!(
                    "expected error matching {m}, got parse error: {msg}"
                ));
            }
            return Outcome::Fail(format!("parse error: {msg}"));
        }
    };
    if let Some(reason) = skip_reason(&expr, state, ev) {
        return Outcome::Skip(reason);
    }
    if let Err(m) = check(engine, state, ev, &expr, ev.at_ms) {
        return Outcome::Fail(m);
    }
    // Like upstream, an instant eval is run again with every selector pinned by `@` to
    // its time, at other evaluation times: the result must not change.
    if ev.range.is_none() {
        if let Some(pinned) = pin_with_at(&expr, ev.at_ms) {
            let times: &[i64] = if ev.at_ms == 0 {
                &[-1000, 0, 1000]
            } else {
                &[-10 * ev.at_ms, 0, ev.at_ms / 5, ev.at_ms, 10 * ev.at_ms]
            };
            for &t in times {
                if let Err(m) = check(engine, state, ev, &pinned, t) {
                    return Outcome::Fail(format!("with @ {} evaluated at {t}: {m}", ev.at_ms));
                }
            }
        }
    }
    Outcome::Pass
}

/// Why an eval cannot be run, judged from what its expression and data use.
fn skip_reason(expr: &Expr, state: &State, ev: &Eval) -> Option<SkipReason> {
    if ev
        .expected
        .series
        .iter()
        .any(|(_, v)| v.contains(&SeqValue::Histogram))
    {
        return Some(SkipReason::NativeHistogram);
    }
    expr.nodes().find_map(|e| match &e.kind {
        ExprKind::Call(c) => {
            if c.func.name.starts_with("histogram_") && c.func.name != "histogram_quantile" {
                Some(SkipReason::NativeHistogram)
            } else if c.func.experimental {
                Some(SkipReason::Experimental(c.func.name.to_string()))
            } else {
                None
            }
        }
        ExprKind::Aggregate(a) if matches!(a.op, AggregateOp::Limitk | AggregateOp::LimitRatio) => {
            Some(SkipReason::Experimental(a.op.as_str().to_string()))
        }
        ExprKind::VectorSelector(vs) => selector_skip(vs, state),
        ExprKind::MatrixSelector(ms) => selector_skip(&ms.selector, state),
        _ => None,
    })
}

fn selects(vs: &VectorSelector, l: &Labels) -> bool {
    vs.matchers.iter().all(|m| m.matches(l.get(&m.name)))
}

/// Why the series a selector reads cannot be modelled, if they cannot.
fn selector_skip(vs: &VectorSelector, state: &State) -> Option<SkipReason> {
    if state.native.iter().any(|l| selects(vs, l)) {
        return Some(SkipReason::NativeHistogram);
    }
    state
        .experimental
        .iter()
        .find(|(l, _)| selects(vs, l))
        .map(|(_, what)| SkipReason::Experimental(what.to_string()))
}

/// Functions whose result depends on the evaluation time itself (upstream's
/// `AtModifierUnsafeFunctions`).
const AT_UNSAFE: [&str; 14] = [
    "days_in_month",
    "day_of_month",
    "day_of_week",
    "day_of_year",
    "end",
    "hour",
    "minute",
    "month",
    "year",
    "predict_linear",
    "range",
    "start",
    "step",
    "time",
];

/// A copy of `expr` with every selector and subquery not already pinned to a timestamp
/// (or inside a pinned subquery) given `@ t`; `None` when a time-dependent function makes
/// that unsafe. As upstream's `atModifierTestCases`, `@ start()` and `@ end()` count as
/// unpinned: upstream sets the node's timestamp beside them, and a timestamp wins.
fn pin_with_at(expr: &Expr, t: i64) -> Option<Expr> {
    let mut e = expr.clone();
    if pin(&mut e, t) {
        Some(e)
    } else {
        None
    }
}

fn pin(e: &mut Expr, t: i64) -> bool {
    match &mut e.kind {
        ExprKind::VectorSelector(vs) => {
            pin_to(&mut vs.at, t);
            return true;
        }
        ExprKind::MatrixSelector(ms) => {
            pin_to(&mut ms.selector.at, t);
            return true;
        }
        ExprKind::Subquery(sq) => {
            // Inside a pinned subquery every time is fixed: nothing to change or refuse.
            pin_to(&mut sq.at, t);
            return true;
        }
        ExprKind::Call(c) if AT_UNSAFE.contains(&c.func.name) || c.func.name == "timestamp" => {
            return false;
        }
        _ => {}
    }
    e.children_mut().all(|c| pin(c, t))
}

/// `@ t` unless already pinned to a timestamp.
fn pin_to(at: &mut Option<AtModifier>, t: i64) {
    if !matches!(at, Some(AtModifier::Timestamp(_))) {
        *at = Some(AtModifier::Timestamp(t));
    }
}

fn check(engine: &Engine, state: &State, ev: &Eval, expr: &Expr, at: i64) -> Result<(), String> {
    let (start, end, step) = match (ev.range, ev.expected.range_vector) {
        (Some(r), _) => r,
        (None, _) => (at, at, 0),
    };
    let result = if ev.range.is_some() {
        engine.range(&state.store, expr, start, end, step)
    } else {
        engine.instant(&state.store, expr, at)
    };
    let result = match (result, &ev.fail) {
        (Err(e), Some(m)) => {
            let msg = e.message(Lang::En);
            return if m.matches(&msg) {
                Ok(())
            } else {
                Err(format!("expected error matching {m}, got: {msg}"))
            };
        }
        (Err(e), None) => return Err(format!("error: {e}")),
        (Ok(_), Some(_)) => return Err("expected an error, got none".to_string()),
        (Ok(r), None) => r,
    };
    check_annotations(ev, &result)?;
    compare(ev, &result.value)?;
    // Like upstream, an instant query is also run as a range query around its time.
    let context_fn = ["start()", "end()", "range()", "step()"]
        .iter()
        .any(|f| ev.expr.contains(f));
    if ev.range.is_none()
        && !context_fn
        && ev.expected.string.is_none()
        && ev.expected.range_vector.is_none()
        && !ev.ordered
    {
        let r = engine
            .range(&state.store, expr, at - 60_000, at + 60_000, 60_000)
            .map_err(|e| format!("error in range mode: {e}"))?;
        let Value::Matrix(m) = r.value else {
            return Err("range mode did not return a matrix".to_string());
        };
        let vec: Vec<_> = m
            .into_iter()
            .filter_map(|s| {
                s.samples
                    .iter()
                    .find(|p| p.t == at)
                    .map(|p| crate::promql::InstantSample {
                        labels: s.labels.clone(),
                        t: p.t,
                        v: p.v,
                    })
            })
            .collect();
        let as_value = if matches!(result.value, Value::Scalar { .. }) {
            Value::Scalar {
                t: at,
                v: vec.first().map_or(f64::NAN, |s| s.v),
            }
        } else {
            Value::Vector(vec)
        };
        compare(ev, &as_value).map_err(|e| format!("range mode: {e}"))?;
    }
    Ok(())
}

fn check_annotations(ev: &Eval, r: &QueryResult) -> Result<(), String> {
    let render = |list: &[crate::promql::Annotation]| -> Vec<String> {
        list.iter().map(|a| a.render(&ev.expr, Lang::En)).collect()
    };
    let warnings = render(&r.warnings);
    let infos = render(&r.infos);
    check_kind("warn", &ev.warn, &warnings)?;
    check_kind("info", &ev.info, &infos)?;
    if ev.no_warn && !warnings.is_empty() {
        return Err(format!("unexpected warnings: {warnings:?}"));
    }
    if ev.no_info && !infos.is_empty() {
        return Err(format!("unexpected infos: {infos:?}"));
    }
    Ok(())
}

fn check_kind(kind: &str, expected: &[TextMatch], actual: &[String]) -> Result<(), String> {
    if expected.is_empty() {
        return Ok(());
    }
    if actual.is_empty() {
        return Err(format!("expected {kind} annotations but none were found"));
    }
    if let Some(e) = expected
        .iter()
        .find(|e| !actual.iter().any(|a| e.matches(a)))
    {
        return Err(format!(
            "expected {kind} annotation matching {e}, found {actual:?}"
        ));
    }
    if let Some(a) = actual
        .iter()
        .find(|a| !expected.iter().any(|e| e.matches(a)))
    {
        return Err(format!("unexpected {kind} annotation {a:?}"));
    }
    Ok(())
}

fn fmt_labels(l: &Labels) -> String {
    l.to_string()
}

fn compare(ev: &Eval, value: &Value) -> Result<(), String> {
    let exp = &ev.expected;
    match value {
        Value::Scalar { v, .. } => {
            let Some(e) = exp.scalar else {
                return Err(format!("expected vector or matrix result, got scalar {v}"));
            };
            if !almost_equal(e, *v) {
                return Err(format!("expected scalar {e} but got {v}"));
            }
        }
        Value::String { s, .. } => {
            if exp.string.as_deref() != Some(s.as_str()) {
                return Err(format!("expected string {:?} but got {s:?}", exp.string));
            }
        }
        Value::Vector(samples) => {
            if exp.scalar.is_some() {
                return Err("expected scalar result, got a vector".to_string());
            }
            let index: HashMap<&Labels, usize> = exp
                .series
                .iter()
                .enumerate()
                .map(|(i, (l, _))| (l, i))
                .collect();
            let mut seen = vec![false; exp.series.len()];
            for (pos, s) in samples.iter().enumerate() {
                let Some(&i) = index.get(&s.labels) else {
                    return Err(format!(
                        "unexpected metric {} in result, has value {}",
                        fmt_labels(&s.labels),
                        s.v
                    ));
                };
                if ev.ordered && i != pos {
                    return Err(format!(
                        "expected metric {} at position {} but was at {}",
                        fmt_labels(&s.labels),
                        i + 1,
                        pos + 1
                    ));
                }
                let want = match exp.series.get(i).and_then(|(_, v)| v.first()) {
                    Some(SeqValue::Float(f)) => *f,
                    _ => f64::NAN,
                };
                if !almost_equal(want, s.v) {
                    return Err(format!(
                        "expected {want} for {} but got {}",
                        fmt_labels(&s.labels),
                        s.v
                    ));
                }
                if let Some(x) = seen.get_mut(i) {
                    *x = true;
                }
            }
            if let Some(i) = seen.iter().position(|s| !s) {
                return Err(format!(
                    "expected metric {} not found",
                    fmt_labels(&exp.series[i].0)
                ));
            }
        }
        Value::Matrix(series) => {
            if ev.ordered {
                return Err("expected ordered result, but query returned a matrix".to_string());
            }
            if exp.scalar.is_some() {
                return Err("expected scalar result, got a matrix".to_string());
            }
            if series.windows(2).any(|w| w[0].labels > w[1].labels) {
                return Err("matrix is not sorted by labels".to_string());
            }
            let (start, end, step) = ev
                .range
                .or(exp.range_vector)
                .unwrap_or((ev.at_ms, ev.at_ms, 0));
            let mut seen = vec![false; exp.series.len()];
            for s in series {
                let Some(i) = exp.series.iter().position(|(l, _)| *l == s.labels) else {
                    return Err(format!(
                        "unexpected metric {} in result",
                        fmt_labels(&s.labels)
                    ));
                };
                if let Some(x) = seen.get_mut(i) {
                    *x = true;
                }
                let mut want = Vec::new();
                for (k, v) in exp.series[i].1.iter().enumerate() {
                    let t = start + k as i64 * step;
                    if t > end {
                        return Err(format!(
                            "expected {} points for {}, more than the range holds",
                            exp.series[i].1.len(),
                            fmt_labels(&s.labels)
                        ));
                    }
                    if let SeqValue::Float(f) = v {
                        want.push((t, *f));
                    }
                }
                let got: Vec<(i64, f64)> = s.samples.iter().map(|p| (p.t, p.v)).collect();
                let same = want.len() == got.len()
                    && want.iter().zip(&got).all(|(w, g)| {
                        w.0 == g.0 && (almost_equal(w.1, g.1) || is_stale(w.1) && g.1.is_nan())
                    });
                if !same {
                    return Err(format!(
                        "for {}: expected {want:?}, got {got:?}",
                        fmt_labels(&s.labels)
                    ));
                }
            }
            if let Some(i) = seen.iter().position(|s| !s) {
                return Err(format!(
                    "expected metric {} not found",
                    fmt_labels(&exp.series[i].0)
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Expr, String> {
        crate::promql::parse(s).map_err(|e| e.to_string())
    }

    fn outcomes(script: &str) -> Vec<Outcome> {
        run_script(script, &parse)
            .unwrap()
            .into_iter()
            .map(|r| r.outcome)
            .collect()
    }

    #[test]
    fn right_and_wrong_expectations() {
        let o = outcomes(
            "load 1m\n  x{a=\"1\"} 0+1x10\n\neval instant at 5m x\n  x{a=\"1\"} 5\n\neval instant at 5m x\n  x{a=\"1\"} 6\n\neval instant at 5m x\n  x{a=\"2\"} 5\n\neval range from 0 to 2m step 1m x * 2\n  {a=\"1\"} 0 2 4\n\neval range from 0 to 2m step 1m x\n  x{a=\"1\"} 0 _ 2\n",
        );
        assert_eq!(o[0], Outcome::Pass);
        assert!(
            matches!(&o[1], Outcome::Fail(m) if m.contains("expected 6")),
            "{:?}",
            o[1]
        );
        assert!(matches!(&o[2], Outcome::Fail(m) if m.contains("unexpected metric")));
        assert_eq!(o[3], Outcome::Pass);
        assert!(
            matches!(o[4], Outcome::Fail(_)),
            "an omitted point must be absent"
        );
    }

    #[test]
    fn failures_warnings_and_skips() {
        let o = outcomes(
            "load 1m\n  x 1\n  h {{schema:0 sum:1 count:1}}\n\neval instant at 0 x + on() group_left x\n  expect fail\n\neval instant at 0 x\n  expect fail\n\neval instant at 0 quantile(2, x)\n  expect warn msg: PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)\n  {} +Inf\n\neval instant at 0 quantile(2, x)\n  expect no_warn\n  {} +Inf\n\neval instant at 0 h\n\neval instant at 0 x(\n  expect fail\n",
        );
        assert_eq!(o[0], Outcome::Fail("expected an error, got none".into()));
        assert!(matches!(o[1], Outcome::Fail(_)));
        assert_eq!(o[2], Outcome::Pass);
        assert!(matches!(o[3], Outcome::Fail(_)));
        assert_eq!(o[4], Outcome::Skip(SkipReason::NativeHistogram));
        assert_eq!(o[5], Outcome::Pass);
    }

    #[test]
    fn start_and_end_are_pinned_to_the_eval_time_in_extra_cases_as_upstream() {
        // Upstream evaluates `x @ 600` at other times: always 10. Keeping `@ start()`
        // there would give the value at each other time instead.
        let o = outcomes(
            "load 1m\n  x 0+1x20\n\neval instant at 10m x @ start()\n  x 10\n\neval instant at 10m x @ end()\n  x 10\n\neval instant at 10m sum_over_time(x[2m:1m] @ start())\n  {} 19\n",
        );
        assert_eq!(o, [Outcome::Pass, Outcome::Pass, Outcome::Pass]);
        let mut e = crate::promql::parse("x @ start() + rate(y[1m] @ end()) + z @ 5").unwrap();
        assert!(pin(&mut e, 600_000));
        assert_eq!(
            e.to_string(),
            "x @ 600.000 + rate(y[1m] @ 600.000) + z @ 5.000"
        );
    }

    #[test]
    fn tolerance_is_relative_and_nan_equals_nan() {
        assert!(almost_equal(1.0, 1.0 + 1e-9));
        assert!(!almost_equal(1.0, 1.001));
        assert!(almost_equal(f64::NAN, f64::NAN));
        assert!(!almost_equal(0.0, 1e-300));
        assert!(almost_equal(f64::INFINITY, f64::INFINITY));
    }
}
