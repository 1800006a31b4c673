//! Function implementations, one table beside the evaluator: range-vector functions take
//! a window of samples per step, the rest work on instant vectors and scalars.

mod histogram;
mod labels;
mod math;
pub mod over_time;
pub mod rate;
mod time;

use crate::promql::ast::{Call, Expr, ExprKind, Span};
use crate::promql::value::AnnotationKind;
use crate::store::{Labels, MatchOp, Sample};

use super::selectors::{self, RangeArg};
use super::series::{Cursor, EvalSeries};
use super::{metric_name, EvalError, EvalValue, Evaluator};

/// What a range function sees at one step besides the window.
pub(crate) struct WindowCtx {
    /// The step's timestamp.
    pub ts: i64,
    /// Start of the window (exclusive), ms.
    pub range_start: i64,
    /// End of the window (inclusive), ms.
    pub range_end: i64,
    /// Length of the window, ms.
    pub range_ms: i64,
    /// The function's scalar parameter at this step (quantile, prediction horizon).
    pub param: f64,
    /// Which releases' zero point `rate` and `increase` use.
    pub zero_clamp: rate::ZeroClamp,
}

/// A range function: the value for one window, or nothing.
pub(crate) type RangeFn = fn(&[Sample], &WindowCtx) -> Option<f64>;

fn range_fn(name: &str) -> Option<RangeFn> {
    Some(match name {
        "rate" => rate::rate,
        "increase" => rate::increase,
        "delta" => rate::delta,
        "irate" => rate::irate,
        "idelta" => rate::idelta,
        "deriv" => rate::deriv,
        "predict_linear" => rate::predict_linear,
        "resets" => rate::resets,
        "changes" => rate::changes,
        "avg_over_time" => over_time::avg,
        "sum_over_time" => over_time::sum,
        "min_over_time" => over_time::min,
        "max_over_time" => over_time::max,
        "count_over_time" => over_time::count,
        "quantile_over_time" => over_time::quantile_fn,
        "stddev_over_time" => over_time::stddev,
        "stdvar_over_time" => over_time::stdvar,
        "last_over_time" => over_time::last,
        "first_over_time" => over_time::first,
        "present_over_time" | "absent_over_time" => over_time::present,
        "mad_over_time" => over_time::mad,
        "ts_of_max_over_time" => over_time::ts_of_max,
        "ts_of_min_over_time" => over_time::ts_of_min,
        "ts_of_last_over_time" => over_time::ts_of_last,
        "ts_of_first_over_time" => over_time::ts_of_first,
        _ => return None,
    })
}

fn unparen(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Paren(inner) => unparen(inner),
        _ => e,
    }
}

/// Evaluates a function call.
pub(crate) fn eval(ev: &Evaluator, call: &Call, span: &Span) -> Result<EvalValue, EvalError> {
    let name = call.func.name;
    if let Some(f) = range_fn(name) {
        return eval_range(ev, call, f);
    }
    if matches!(
        name,
        "sort" | "sort_desc" | "sort_by_label" | "sort_by_label_desc"
    ) && ev.start != ev.end
    {
        ev.annotate(AnnotationKind::SortInRangeQuery, span);
    }
    match name {
        "time" => Ok(EvalValue::Scalar(
            (0..ev.num_steps())
                .map(|i| ev.step_ts(i) as f64 / 1000.0)
                .collect(),
        )),
        "pi" => Ok(EvalValue::Scalar(vec![
            std::f64::consts::PI;
            ev.num_steps()
        ])),
        "vector" => {
            let v = ev.eval_scalar(arg(call, 0)?)?;
            Ok(EvalValue::Vector(vec![EvalSeries {
                labels: Labels::empty(),
                drop_name: false,
                points: v
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| Sample {
                        t: ev.step_ts(i),
                        v,
                    })
                    .collect(),
            }]))
        }
        "scalar" => {
            let input = ev.eval_vector(arg(call, 0)?)?;
            let mut out = vec![f64::NAN; ev.num_steps()];
            let mut cursor = Cursor::new(&input);
            let mut vals = Vec::new();
            for (i, o) in out.iter_mut().enumerate() {
                cursor.at(ev.step_ts(i), &mut vals);
                if let [(_, v)] = vals[..] {
                    *o = v;
                }
            }
            Ok(EvalValue::Scalar(out))
        }
        "absent" => absent(ev, call),
        "sort" | "sort_desc" => {
            let mut input = ev.eval_vector(arg(call, 0)?)?;
            let desc = name == "sort_desc";
            crate::order::sort_by(&mut input, |a, b| {
                let (x, y) = (first_value(a), first_value(b));
                match (x.is_nan(), y.is_nan()) {
                    (true, true) => std::cmp::Ordering::Equal,
                    (true, false) => std::cmp::Ordering::Greater,
                    (false, true) => std::cmp::Ordering::Less,
                    _ if desc => y.total_cmp(&x),
                    _ => x.total_cmp(&y),
                }
            });
            Ok(EvalValue::Vector(input))
        }
        "sort_by_label" | "sort_by_label_desc" => {
            let mut input = ev.eval_vector(arg(call, 0)?)?;
            let names = call
                .args
                .iter()
                .skip(1)
                .map(string_arg)
                .collect::<Result<Vec<_>, _>>()?;
            let desc = name == "sort_by_label_desc";
            crate::order::sort_by(&mut input, |a, b| {
                let mut ord = std::cmp::Ordering::Equal;
                for n in &names {
                    let (x, y) = (a.labels.get(n), b.labels.get(n));
                    if x != y {
                        ord = natural_cmp(x, y);
                        break;
                    }
                }
                if ord == std::cmp::Ordering::Equal {
                    ord = a.labels.cmp(&b.labels);
                }
                if desc {
                    ord.reverse()
                } else {
                    ord
                }
            });
            Ok(EvalValue::Vector(input))
        }
        "label_replace" => labels::label_replace(ev, call),
        "label_join" => labels::label_join(ev, call),
        "histogram_quantile" => histogram::histogram_quantile(ev, call),
        "timestamp" => time::timestamp(ev, call),
        "minute" | "hour" | "day_of_week" | "day_of_month" | "day_of_year" | "days_in_month"
        | "month" | "year" => time::date_fn(ev, call, name),
        _ => math::eval(ev, call, name),
    }
}

fn first_value(s: &EvalSeries) -> f64 {
    s.points.first().map_or(f64::NAN, |p| p.v)
}

/// Argument `i` of a call.
fn arg(call: &Call, i: usize) -> Result<&Expr, EvalError> {
    call.args
        .get(i)
        .ok_or_else(|| EvalError::Unsupported(format!("{}: missing argument", call.func.name)))
}

/// A string literal argument.
fn string_arg(e: &Expr) -> Result<String, EvalError> {
    match &unparen(e).kind {
        ExprKind::String(s) => Ok(s.clone()),
        _ => Err(EvalError::Unsupported("expected a string literal".into())),
    }
}

fn eval_range(ev: &Evaluator, call: &Call, f: RangeFn) -> Result<EvalValue, EvalError> {
    let name = call.func.name;
    let idx = call
        .args
        .iter()
        .position(|a| {
            matches!(
                unparen(a).kind,
                ExprKind::MatrixSelector(_) | ExprKind::Subquery(_)
            )
        })
        .ok_or_else(|| EvalError::Unsupported(format!("{name}: no range argument")))?;
    let matrix_expr = unparen(arg(call, idx)?);
    let range: RangeArg = match &matrix_expr.kind {
        ExprKind::MatrixSelector(ms) => selectors::range_arg_selector(ev, ms),
        ExprKind::Subquery(sq) => selectors::range_arg_subquery(ev, sq)?,
        _ => return Err(EvalError::Unsupported(format!("{name}: no range argument"))),
    };
    let param = match call.args.iter().enumerate().find(|(i, _)| *i != idx) {
        Some((_, p)) => Some(ev.eval_scalar(p)?),
        None => None,
    };
    if name == "quantile_over_time" {
        if let (Some(p), Some(e)) = (&param, call.args.first()) {
            if let Some(&q) = p.iter().find(|q| q.is_nan() || **q < 0.0 || **q > 1.0) {
                ev.annotate(AnnotationKind::InvalidQuantile { q }, &e.span);
            }
        }
    }
    let keeps_name = matches!(name, "last_over_time" | "first_over_time");
    let steps = ev.num_steps();
    let mut out = Vec::new();
    let mut total = 0usize;
    for input in &range.inputs {
        let mut points = Vec::new();
        let mut windows = selectors::Windows::new(&input.samples);
        for i in 0..steps {
            let ts = ev.step_ts(i);
            let w = range.window(ts, &mut windows);
            if w.is_empty() {
                continue;
            }
            let end = range.range_end(ts);
            let ctx = WindowCtx {
                ts,
                range_start: end.saturating_sub(range.range_ms),
                range_end: end,
                range_ms: range.range_ms,
                param: param
                    .as_ref()
                    .and_then(|p| p.get(i))
                    .copied()
                    .unwrap_or(f64::NAN),
                zero_clamp: ev.engine.zero_clamp,
            };
            if let Some(v) = f(w, &ctx) {
                points.push(Sample { t: ts, v });
            }
        }
        if points.is_empty() {
            continue;
        }
        total += points.len();
        ev.check_samples(total)?;
        if matches!(name, "rate" | "increase") {
            let metric = metric_name(&input.labels);
            if !metric.is_empty()
                && !["_total", "_sum", "_count", "_bucket"]
                    .iter()
                    .any(|s| metric.ends_with(s))
            {
                ev.annotate(
                    AnnotationKind::PossibleNonCounter { metric },
                    &matrix_expr.span,
                );
            }
        }
        out.push(EvalSeries {
            labels: input.labels.clone().into_owned(),
            drop_name: if keeps_name { input.drop_name } else { true },
            points,
        });
    }
    if name == "absent_over_time" {
        return Ok(EvalValue::Vector(absent_steps(ev, &out, || {
            range.selector.map(absent_labels).unwrap_or_default()
        })));
    }
    Ok(EvalValue::Vector(out))
}

/// `absent(v)`: 1 with labels from the selector's equality matchers at steps where `v` is empty.
fn absent(ev: &Evaluator, call: &Call) -> Result<EvalValue, EvalError> {
    let e = arg(call, 0)?;
    let input = ev.eval_vector(e)?;
    Ok(EvalValue::Vector(absent_steps(ev, &input, || {
        match &e.kind {
            ExprKind::VectorSelector(vs) => absent_labels(vs),
            _ => Labels::empty(),
        }
    })))
}

fn absent_steps(
    ev: &Evaluator,
    present: &[EvalSeries],
    labels: impl Fn() -> Labels,
) -> Vec<EvalSeries> {
    let mut found = vec![false; ev.num_steps()];
    for s in present {
        for p in &s.points {
            if let Some(f) = found.get_mut(ev.step_index(p.t)) {
                *f = true;
            }
        }
    }
    let points: Vec<Sample> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| !**f)
        .map(|(i, _)| Sample {
            t: ev.step_ts(i),
            v: 1.0,
        })
        .collect();
    if points.is_empty() {
        return Vec::new();
    }
    vec![EvalSeries {
        labels: labels(),
        drop_name: true,
        points,
    }]
}

/// Labels `absent` gives its output: each `name="value"` matcher, unless a name repeats.
fn absent_labels(vs: &crate::promql::ast::VectorSelector) -> Labels {
    let mut l = Labels::empty();
    let mut has: Vec<&str> = Vec::new();
    for m in &vs.matchers {
        if m.name == crate::store::METRIC_NAME {
            continue;
        }
        if m.op == MatchOp::Equal && !has.contains(&m.name.as_str()) {
            l.set(&m.name, &m.value);
            has.push(&m.name);
        } else {
            l.remove(&m.name);
        }
    }
    l
}

/// Applies `f` to every point of every series, dropping the name; `f` may drop points.
fn map_points(
    ev: &Evaluator,
    mut input: Vec<EvalSeries>,
    mut f: impl FnMut(usize, f64) -> Option<f64>,
) -> Vec<EvalSeries> {
    for s in &mut input {
        s.drop_name = true;
        s.points.retain_mut(|p| match f(ev.step_index(p.t), p.v) {
            Some(v) => {
                p.v = v;
                true
            }
            None => false,
        });
    }
    input.retain(|s| !s.points.is_empty());
    input
}

/// Kahan-Neumaier summation step: adds `inc` to `sum` with compensation `c`.
pub(crate) fn kahan_inc(inc: f64, sum: f64, c: f64) -> (f64, f64) {
    let t = sum + inc;
    let c = if t.is_infinite() {
        0.0
    } else if sum.abs() >= inc.abs() {
        c + ((sum - t) + inc)
    } else {
        c + ((inc - t) + sum)
    };
    (t, c)
}

/// The `q` quantile of `values` by linear interpolation (Prometheus's `quantile`).
pub(crate) fn quantile(q: f64, values: &mut [f64]) -> f64 {
    if values.is_empty() || q.is_nan() {
        return f64::NAN;
    }
    if q < 0.0 {
        return f64::NEG_INFINITY;
    }
    if q > 1.0 {
        return f64::INFINITY;
    }
    crate::order::sort_by(values, |a, b| match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        _ => a.total_cmp(b),
    });
    let n = values.len() as f64;
    let rank = q * (n - 1.0);
    let lower = rank.floor().max(0.0);
    let upper = (lower + 1.0).min(n - 1.0);
    let weight = rank - rank.floor();
    let at = |i: f64| values.get(i as usize).copied().unwrap_or(f64::NAN);
    at(lower) * (1.0 - weight) + at(upper) * weight
}

/// Natural order of strings: digit runs compare as numbers.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let nx = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let ny = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (dx, dy) = (&x[..nx], &y[..ny]);
                let tx = dx.iter().skip_while(|c| **c == b'0').count();
                let ty = dy.iter().skip_while(|c| **c == b'0').count();
                let ord = tx.cmp(&ty).then_with(|| dx[nx - tx..].cmp(&dy[ny - ty..]));
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
                x = &x[nx..];
                y = &y[ny..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates() {
        assert_eq!(quantile(0.5, &mut [1.0, 3.0, 2.0]), 2.0);
        assert_eq!(quantile(0.25, &mut [4.0, 0.0]), 1.0);
        assert!(quantile(0.5, &mut []).is_nan());
        assert_eq!(quantile(2.0, &mut [1.0]), f64::INFINITY);
    }

    #[test]
    fn kahan_keeps_small_terms() {
        let (s, c) = [1e16, 1.0, -1e16]
            .iter()
            .fold((0.0, 0.0), |(s, c), &x| kahan_inc(x, s, c));
        assert_eq!(s + c, 1.0);
    }

    #[test]
    fn natural_order() {
        assert_eq!(natural_cmp("a10", "a9"), std::cmp::Ordering::Greater);
        assert_eq!(natural_cmp("a09", "a10"), std::cmp::Ordering::Less);
    }
}
