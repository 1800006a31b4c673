//! Binary operators: scalar/scalar, vector/scalar and vector/vector with `on`/`ignoring`,
//! `group_left`/`group_right`, `bool`, and the set operators `and`, `or`, `unless`.

use std::collections::HashMap;

use crate::promql::ast::{BinaryExpr, BinaryOp, Cardinality, Span, VectorMatching};
use crate::store::{Labels, METRIC_NAME};

use super::series::{labels_string, Builder, Cursor, EvalSeries};
use super::{EvalError, EvalValue, Evaluator};

/// Evaluates `lhs op rhs`.
pub(crate) fn eval(ev: &Evaluator, b: &BinaryExpr, _span: &Span) -> Result<EvalValue, EvalError> {
    let lhs = ev.eval(&b.lhs)?;
    let rhs = ev.eval(&b.rhs)?;
    match (lhs, rhs) {
        (EvalValue::Scalar(l), EvalValue::Scalar(r)) => Ok(EvalValue::Scalar(
            l.iter()
                .zip(r.iter())
                .map(|(&a, &c)| scalar_op(b.op, a, c))
                .collect(),
        )),
        (EvalValue::Vector(l), EvalValue::Scalar(r)) => {
            Ok(EvalValue::Vector(vector_scalar(ev, b, l, &r, false)))
        }
        (EvalValue::Scalar(l), EvalValue::Vector(r)) => {
            Ok(EvalValue::Vector(vector_scalar(ev, b, r, &l, true)))
        }
        (EvalValue::Vector(l), EvalValue::Vector(r)) => {
            let default = VectorMatching {
                card: if b.op.is_set() {
                    Cardinality::ManyToMany
                } else {
                    Cardinality::OneToOne
                },
                on: false,
                labels: Vec::new(),
                include: Vec::new(),
            };
            let m = b.matching.as_ref().unwrap_or(&default);
            if b.op.is_set() {
                Ok(EvalValue::Vector(set_op(ev, b.op, m, l, r)))
            } else {
                Ok(EvalValue::Vector(vector_vector(ev, b, m, l, r)?))
            }
        }
        (l, r) => Err(EvalError::Unsupported(format!(
            "binary operator between {} and {}",
            l.type_name(),
            r.type_name()
        ))),
    }
}

/// The arithmetic or comparison of two numbers; comparisons give 1 or 0.
pub(crate) fn scalar_op(op: BinaryOp, a: f64, b: f64) -> f64 {
    use BinaryOp::*;
    let t = |c: bool| if c { 1.0 } else { 0.0 };
    match op {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        Div => a / b,
        Mod => go_mod(a, b),
        Pow => a.powf(b),
        Atan2 => a.atan2(b),
        Eql => t(a == b),
        Neq => t(a != b),
        Gtr => t(a > b),
        Lss => t(a < b),
        Gte => t(a >= b),
        Lte => t(a <= b),
        And | Or | Unless => f64::NAN,
    }
}

/// Go's `math.Mod`: the result has the sign of `a` (Rust's `%` agrees on finite values).
fn go_mod(a: f64, b: f64) -> f64 {
    if b == 0.0 || a.is_infinite() || a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a % b
    }
}

/// For a vector element: the value and whether the element is kept.
fn vector_element_op(op: BinaryOp, a: f64, b: f64) -> (f64, bool) {
    if op.is_comparison() {
        (a, scalar_op(op, a, b) == 1.0)
    } else {
        (scalar_op(op, a, b), true)
    }
}

fn vector_scalar(
    ev: &Evaluator,
    b: &BinaryExpr,
    mut vec: Vec<EvalSeries>,
    scalar: &[f64],
    swap: bool,
) -> Vec<EvalSeries> {
    let op = b.op;
    for s in &mut vec {
        s.points.retain_mut(|p| {
            let sv = scalar.get(ev.step_index(p.t)).copied().unwrap_or(f64::NAN);
            let (l, r) = if swap { (sv, p.v) } else { (p.v, sv) };
            let (mut v, keep) = vector_element_op(op, l, r);
            if op.is_comparison() && swap {
                v = r;
            }
            if b.return_bool {
                p.v = if keep { 1.0 } else { 0.0 };
                return true;
            }
            p.v = v;
            keep
        });
        if !op.is_comparison() || b.return_bool {
            s.drop_name = true;
        }
    }
    vec.retain(|s| !s.points.is_empty());
    vec
}

/// The matching signature of a series: `on` labels, or all but `ignoring` labels and the name.
fn signature(labels: &Labels, m: &VectorMatching) -> Labels {
    if m.on {
        labels.keep(&m.labels)
    } else {
        let mut l = labels.drop_names(&m.labels);
        l.remove(METRIC_NAME);
        l
    }
}

/// Assigns a small number to each distinct signature over both sides.
fn ordinals(
    l: &[EvalSeries],
    r: &[EvalSeries],
    m: &VectorMatching,
) -> (Vec<usize>, Vec<usize>, usize) {
    let mut map: HashMap<Labels, usize> = HashMap::new();
    let mut ord = |s: &EvalSeries| {
        let sig = signature(&s.labels, m);
        let n = map.len();
        *map.entry(sig).or_insert(n)
    };
    let lo: Vec<usize> = l.iter().map(&mut ord).collect();
    let ro: Vec<usize> = r.iter().map(&mut ord).collect();
    (lo, ro, map.len())
}

fn set_op(
    ev: &Evaluator,
    op: BinaryOp,
    m: &VectorMatching,
    l: Vec<EvalSeries>,
    r: Vec<EvalSeries>,
) -> Vec<EvalSeries> {
    let (lo, ro, n) = ordinals(&l, &r, m);
    let mut present = vec![false; n];
    let mut lc = Cursor::new(&l);
    let mut rc = Cursor::new(&r);
    let (mut lv, mut rv) = (Vec::new(), Vec::new());
    let mut keep_l: Vec<Vec<i64>> = vec![Vec::new(); l.len()];
    let mut keep_r: Vec<Vec<i64>> = vec![Vec::new(); r.len()];
    for step in 0..ev.num_steps() {
        let ts = ev.step_ts(step);
        lc.at(ts, &mut lv);
        rc.at(ts, &mut rv);
        present.iter_mut().for_each(|p| *p = false);
        let mark = |ords: &[usize], i: usize, present: &mut [bool]| {
            if let Some(p) = ords.get(i).and_then(|&o| present.get_mut(o)) {
                *p = true;
            }
        };
        let hit = |ords: &[usize], i: usize, present: &[bool]| {
            ords.get(i)
                .and_then(|&o| present.get(o))
                .copied()
                .unwrap_or(false)
        };
        if op == BinaryOp::Or {
            for &(i, _) in &lv {
                mark(&lo, i, &mut present);
                keep_l[i].push(ts);
            }
            for &(j, _) in &rv {
                if !hit(&ro, j, &present) {
                    keep_r[j].push(ts);
                }
            }
        } else {
            for &(j, _) in &rv {
                mark(&ro, j, &mut present);
            }
            let want = op == BinaryOp::And;
            for &(i, _) in &lv {
                if hit(&lo, i, &present) == want {
                    keep_l[i].push(ts);
                }
            }
        }
    }
    let mut out = keep_points(l, keep_l);
    out.extend(keep_points(r, keep_r));
    out
}

/// Keeps, in each series, the points at the listed (sorted) timestamps.
fn keep_points(series: Vec<EvalSeries>, keep: Vec<Vec<i64>>) -> Vec<EvalSeries> {
    series
        .into_iter()
        .zip(keep)
        .filter_map(|(mut s, k)| {
            s.points.retain(|p| k.binary_search(&p.t).is_ok());
            (!s.points.is_empty()).then_some(s)
        })
        .collect()
}

/// The labels of a result series of `lhs op rhs` (Prometheus's `resultMetric`).
fn result_labels(l: &Labels, r: &Labels, op: BinaryOp, m: &VectorMatching) -> Labels {
    let mut out = l.clone();
    if !op.is_comparison() {
        out.remove(METRIC_NAME);
    }
    if m.card == Cardinality::OneToOne {
        out = if m.on {
            out.keep(&m.labels)
        } else {
            out.drop_names(&m.labels)
        };
    }
    for name in &m.include {
        out.set(name, r.get(name));
    }
    out
}

fn vector_vector(
    ev: &Evaluator,
    b: &BinaryExpr,
    m: &VectorMatching,
    l: Vec<EvalSeries>,
    r: Vec<EvalSeries>,
) -> Result<Vec<EvalSeries>, EvalError> {
    let (lo, ro, n) = ordinals(&l, &r, m);
    // For group_right the "one" side is the left: swap so `many` is always first.
    let swap = m.card == Cardinality::OneToMany;
    let (many, one, many_ord, one_ord) = if swap {
        (&r, &l, &ro, &lo)
    } else {
        (&l, &r, &lo, &ro)
    };
    let mut mc = Cursor::new(many);
    let mut oc = Cursor::new(one);
    let (mut mv, mut ov) = (Vec::new(), Vec::new());
    let mut one_at: Vec<Option<(usize, f64)>> = vec![None; n];
    let mut matched: Vec<bool> = vec![false; n];
    let mut inserted: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut cache: HashMap<(usize, usize), usize> = HashMap::new();
    let mut label_ids: HashMap<Labels, usize> = HashMap::new();
    let mut by_id: Vec<Labels> = Vec::new();
    let mut builder = Builder::default();
    for step in 0..ev.num_steps() {
        let ts = ev.step_ts(step);
        mc.at(ts, &mut mv);
        oc.at(ts, &mut ov);
        if mv.is_empty() || ov.is_empty() {
            continue;
        }
        one_at.iter_mut().for_each(|x| *x = None);
        for &(j, v) in &ov {
            let Some(&o) = one_ord.get(j) else { continue };
            if let Some(Some((prev, _))) = one_at.get(o) {
                let side = if swap { "left" } else { "right" };
                let group = labels_string(&match_labels(&one[j].labels, m));
                let mut a = labels_string(&one[j].labels);
                let mut c = labels_string(&one[*prev].labels);
                if a > c {
                    std::mem::swap(&mut a, &mut c);
                }
                return Err(EvalError::DuplicateSeries {
                    group,
                    side,
                    first: a,
                    second: c,
                });
            }
            if let Some(slot) = one_at.get_mut(o) {
                *slot = Some((j, v));
            }
        }
        matched.iter_mut().for_each(|x| *x = false);
        inserted.iter_mut().for_each(|x| x.clear());
        for &(i, v) in &mv {
            let Some(&o) = many_ord.get(i) else { continue };
            let Some(Some((j, ov))) = one_at.get(o).copied() else {
                continue;
            };
            let (fl, fr) = if swap { (ov, v) } else { (v, ov) };
            let (mut value, keep) = vector_element_op(b.op, fl, fr);
            if b.return_bool {
                value = if keep { 1.0 } else { 0.0 };
            }
            let id = match cache.get(&(i, j)) {
                Some(&id) => id,
                None => {
                    let labels = result_labels(&many[i].labels, &one[j].labels, b.op, m);
                    let id = match label_ids.get(&labels) {
                        Some(&id) => id,
                        None => {
                            label_ids.insert(labels.clone(), by_id.len());
                            by_id.push(labels);
                            by_id.len() - 1
                        }
                    };
                    cache.insert((i, j), id);
                    id
                }
            };
            if m.card == Cardinality::OneToOne {
                if matched.get(o).copied().unwrap_or(false) {
                    return Err(EvalError::ManyToOneNotExplicit);
                }
                if let Some(x) = matched.get_mut(o) {
                    *x = true;
                }
            } else if let Some(list) = inserted.get_mut(o) {
                if list.contains(&id) {
                    return Err(EvalError::GroupingNotUnique);
                }
                list.push(id);
            }
            if !keep && !b.return_bool {
                continue;
            }
            if let Some(labels) = by_id.get(id) {
                builder.push(labels, b.return_bool, ts, value)?;
            }
        }
    }
    Ok(builder.finish())
}

/// The labels a match group is known by in error messages.
fn match_labels(l: &Labels, m: &VectorMatching) -> Labels {
    if m.on {
        l.keep(&m.labels)
    } else {
        let mut x = l.drop_names(&m.labels);
        x.remove(METRIC_NAME);
        x
    }
}
