//! Aggregation operators: sum, avg (Kahan sum, switching to an incremental mean on
//! overflow, as Prometheus), min, max, count, group, stddev, stdvar, quantile, topk,
//! bottomk, count_values, each by or without labels.

use std::collections::HashMap;

use crate::go::float::format_shortest;
use crate::promql::ast::{AggregateExpr, AggregateOp};
use crate::store::{Labels, METRIC_NAME};

use super::functions::{kahan_inc, quantile};
use super::series::{Builder, Cursor, EvalSeries};
use super::{valid_label_name, EvalError, EvalValue, Evaluator};
use crate::promql::value::AnnotationKind;

/// Evaluates an aggregation.
pub(crate) fn eval(ev: &Evaluator, a: &AggregateExpr) -> Result<EvalValue, EvalError> {
    let (without, grouping) = match &a.grouping {
        Some(g) => (g.without, g.labels.clone()),
        None => (false, Vec::new()),
    };
    if a.op == AggregateOp::CountValues {
        return count_values(ev, a, without, &grouping);
    }
    let param = match (&a.param, a.op) {
        (Some(p), AggregateOp::Topk | AggregateOp::Bottomk | AggregateOp::Quantile) => {
            Some(ev.eval_scalar(p)?)
        }
        (_, AggregateOp::Limitk | AggregateOp::LimitRatio) => {
            return Err(EvalError::Unsupported(a.op.as_str().to_string()))
        }
        _ => None,
    };
    let input = ev.eval_vector(&a.expr)?;
    let key = |l: &Labels| -> Labels {
        if without {
            let mut k = l.drop_names(&grouping);
            k.remove(METRIC_NAME);
            k
        } else {
            l.keep(&grouping)
        }
    };
    let mut group_of: Vec<usize> = Vec::with_capacity(input.len());
    let mut groups: Vec<Labels> = Vec::new();
    let mut index: HashMap<Labels, usize> = HashMap::new();
    for s in &input {
        let k = key(&s.labels);
        let g = match index.get(&k) {
            Some(&g) => g,
            None => {
                index.insert(k.clone(), groups.len());
                groups.push(k);
                groups.len() - 1
            }
        };
        group_of.push(g);
    }
    match a.op {
        AggregateOp::Topk | AggregateOp::Bottomk => {
            let k = param.unwrap_or_default();
            top_k(
                ev,
                a.op == AggregateOp::Topk,
                &input,
                &group_of,
                groups.len(),
                &k,
            )
        }
        _ => {
            if let (AggregateOp::Quantile, Some(q)) = (a.op, &param) {
                let bad = q.iter().find(|q| q.is_nan() || **q < 0.0 || **q > 1.0);
                if let (Some(&q), Some(p)) = (bad, &a.param) {
                    ev.annotate(AnnotationKind::InvalidQuantile { q }, &p.span);
                }
            }
            simple(ev, a.op, &input, &group_of, &groups, param.as_deref())
        }
    }
}

/// Running state of one group at one step.
#[derive(Clone, Default)]
struct GroupState {
    seen: bool,
    value: f64,
    kahan: f64,
    mean: f64,
    count: f64,
    incremental: bool,
    drop_name: bool,
    values: Vec<f64>,
}

fn simple(
    ev: &Evaluator,
    op: AggregateOp,
    input: &[EvalSeries],
    group_of: &[usize],
    groups: &[Labels],
    param: Option<&[f64]>,
) -> Result<EvalValue, EvalError> {
    let steps = ev.num_steps();
    let mut out: Vec<EvalSeries> = groups
        .iter()
        .map(|l| EvalSeries {
            labels: l.clone(),
            drop_name: false,
            points: Vec::new(),
        })
        .collect();
    let mut accs: Vec<GroupState> = vec![GroupState::default(); groups.len()];
    let mut cursor = Cursor::new(input);
    let mut vals = Vec::new();
    for step in 0..steps {
        let ts = ev.step_ts(step);
        cursor.at(ts, &mut vals);
        if vals.is_empty() {
            continue;
        }
        accs.iter_mut().for_each(|a| {
            a.seen = false;
            a.values.clear();
        });
        for &(si, f) in &vals {
            let (Some(&g), Some(s)) = (group_of.get(si), input.get(si)) else {
                continue;
            };
            let Some(acc) = accs.get_mut(g) else { continue };
            if !acc.seen {
                acc.seen = true;
                acc.value = f;
                acc.mean = f;
                acc.kahan = 0.0;
                acc.count = 1.0;
                acc.incremental = false;
                acc.drop_name = s.drop_name;
                match op {
                    AggregateOp::Stddev | AggregateOp::Stdvar => {
                        acc.value = if f.is_nan() || f.is_infinite() {
                            f64::NAN
                        } else {
                            0.0
                        };
                    }
                    AggregateOp::Quantile => acc.values.push(f),
                    AggregateOp::Group => acc.value = 1.0,
                    _ => {}
                }
                continue;
            }
            if s.drop_name {
                acc.drop_name = true;
            }
            match op {
                AggregateOp::Sum => {
                    (acc.value, acc.kahan) = kahan_inc(f, acc.value, acc.kahan);
                }
                AggregateOp::Avg => {
                    acc.count += 1.0;
                    if !acc.incremental {
                        let (nv, nc) = kahan_inc(f, acc.value, acc.kahan);
                        if !nv.is_infinite() {
                            acc.value = nv;
                            acc.kahan = nc;
                            continue;
                        }
                        acc.incremental = true;
                        acc.mean = acc.value / (acc.count - 1.0);
                        acc.kahan /= acc.count - 1.0;
                    }
                    let q = (acc.count - 1.0) / acc.count;
                    (acc.mean, acc.kahan) = kahan_inc(f / acc.count, q * acc.mean, q * acc.kahan);
                }
                AggregateOp::Max if acc.value < f || acc.value.is_nan() => acc.value = f,
                AggregateOp::Min if acc.value > f || acc.value.is_nan() => acc.value = f,
                AggregateOp::Count => acc.count += 1.0,
                AggregateOp::Stddev | AggregateOp::Stdvar => {
                    acc.count += 1.0;
                    let delta = f - acc.mean;
                    acc.mean += delta / acc.count;
                    acc.value += delta * (f - acc.mean);
                }
                AggregateOp::Quantile => acc.values.push(f),
                _ => {}
            }
        }
        let q = param.and_then(|p| p.get(step)).copied().unwrap_or(f64::NAN);
        for (g, acc) in accs.iter_mut().enumerate() {
            if !acc.seen {
                continue;
            }
            let v = match op {
                AggregateOp::Avg if acc.incremental => acc.mean + acc.kahan,
                AggregateOp::Avg => acc.value / acc.count + acc.kahan / acc.count,
                AggregateOp::Count => acc.count,
                AggregateOp::Stdvar => acc.value / acc.count,
                AggregateOp::Stddev => (acc.value / acc.count).sqrt(),
                AggregateOp::Quantile => quantile(q, &mut acc.values),
                AggregateOp::Sum => acc.value + acc.kahan,
                _ => acc.value,
            };
            if let Some(s) = out.get_mut(g) {
                s.points.push(crate::store::Sample { t: ts, v });
                s.drop_name = acc.drop_name;
            }
        }
    }
    out.retain(|s| !s.points.is_empty());
    Ok(EvalValue::Vector(out))
}

fn top_k(
    ev: &Evaluator,
    top: bool,
    input: &[EvalSeries],
    group_of: &[usize],
    n_groups: usize,
    k: &[f64],
) -> Result<EvalValue, EvalError> {
    if k.iter().all(|k| *k < 1.0) {
        return Ok(EvalValue::Vector(Vec::new()));
    }
    if k.iter().any(|k| k.is_nan()) {
        return Err(EvalError::ParamNaN);
    }
    if let Some(&v) = k
        .iter()
        .find(|k| **k >= 9.223_372_036_854_776e18 || **k <= -9.223_372_036_854_776e18)
    {
        return Err(EvalError::ParamOutOfRange(v));
    }
    let mut cursor = Cursor::new(input);
    let mut vals = Vec::new();
    let mut builder = Builder::default();
    let mut per_group: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_groups];
    for step in 0..ev.num_steps() {
        let ts = ev.step_ts(step);
        cursor.at(ts, &mut vals);
        let kk = k.get(step).copied().unwrap_or(0.0);
        let kk = (kk as i64).min(input.len() as i64);
        if kk < 1 || vals.is_empty() {
            continue;
        }
        per_group.iter_mut().for_each(|g| g.clear());
        for &(si, f) in &vals {
            if let Some(g) = group_of.get(si).and_then(|&g| per_group.get_mut(g)) {
                g.push((si, f));
            }
        }
        for g in per_group.iter_mut() {
            // Best first; NaN is always the worst.
            crate::order::sort_by(g, |a, b| {
                let (x, y) = (a.1, b.1);
                match (x.is_nan(), y.is_nan()) {
                    (true, true) => std::cmp::Ordering::Equal,
                    (true, false) => std::cmp::Ordering::Greater,
                    (false, true) => std::cmp::Ordering::Less,
                    _ if top => y.total_cmp(&x),
                    _ => x.total_cmp(&y),
                }
            });
            for &(si, f) in g.iter().take(kk as usize) {
                if let Some(s) = input.get(si) {
                    builder.push(&s.labels, s.drop_name, ts, f)?;
                }
            }
        }
    }
    Ok(EvalValue::Vector(builder.finish()))
}

fn count_values(
    ev: &Evaluator,
    a: &AggregateExpr,
    without: bool,
    grouping: &[String],
) -> Result<EvalValue, EvalError> {
    let label = match a.param.as_deref().map(|p| &p.kind) {
        Some(crate::promql::ast::ExprKind::String(s)) => s.clone(),
        _ => {
            return Err(EvalError::Unsupported(
                "count_values without a label".into(),
            ))
        }
    };
    if !valid_label_name(&label) {
        return Err(EvalError::InvalidLabelName {
            context: "count_values",
            name: label,
        });
    }
    let input = ev.eval_vector(&a.expr)?;
    let mut grouping: Vec<String> = grouping.to_vec();
    if !without {
        grouping.push(label.clone());
    }
    let mut cursor = Cursor::new(&input);
    let mut vals = Vec::new();
    let mut builder = Builder::default();
    for step in 0..ev.num_steps() {
        let ts = ev.step_ts(step);
        cursor.at(ts, &mut vals);
        let mut counts: Vec<(Labels, f64)> = Vec::new();
        for &(si, f) in &vals {
            let Some(s) = input.get(si) else { continue };
            let mut l = s.labels.clone();
            l.set(&label, &format_shortest(f));
            let key = if without {
                let mut k = l.drop_names(&grouping);
                k.remove(METRIC_NAME);
                k
            } else {
                l.keep(&grouping)
            };
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, c)) => *c += 1.0,
                None => counts.push((key, 1.0)),
            }
        }
        for (l, c) in counts {
            builder.push(&l, false, ts, c)?;
        }
    }
    Ok(EvalValue::Vector(builder.finish()))
}
