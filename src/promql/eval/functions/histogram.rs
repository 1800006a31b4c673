//! `histogram_quantile` over classic histograms (series with an `le` label), with
//! Prometheus's bucket coalescing, monotonicity fix and its info annotation.

use std::collections::HashMap;

use crate::promql::ast::Call;
use crate::promql::value::AnnotationKind;
use crate::store::Labels;

use super::{arg, EvalError, EvalValue, Evaluator};
use crate::promql::eval::series::{Builder, Cursor};

/// `histogram_quantile(q, buckets)`.
pub(crate) fn histogram_quantile(ev: &Evaluator, call: &Call) -> Result<EvalValue, EvalError> {
    let q_expr = arg(call, 0)?;
    let v_expr = arg(call, 1)?;
    let qs = ev.eval_scalar(q_expr)?;
    let input = ev.eval_vector(v_expr)?;
    if let Some(&q) = qs.iter().find(|q| q.is_nan() || **q < 0.0 || **q > 1.0) {
        ev.annotate(AnnotationKind::InvalidQuantile { q }, &q_expr.span);
    }
    // Per input series: its upper bound and the index of its bucket group.
    let mut groups: Vec<(Labels, bool)> = Vec::new();
    let mut group_index: HashMap<Labels, usize> = HashMap::new();
    let mut member: Vec<Option<(usize, f64)>> = Vec::with_capacity(input.len());
    for s in &input {
        let le = s.labels.get("le");
        match parse_le(le) {
            Some(ub) => {
                let mut key = s.labels.clone();
                key.remove("le");
                let g = match group_index.get(&key) {
                    Some(&g) => g,
                    None => {
                        group_index.insert(key.clone(), groups.len());
                        groups.push((key, s.drop_name));
                        groups.len() - 1
                    }
                };
                member.push(Some((g, ub)));
            }
            None => {
                ev.annotate(
                    AnnotationKind::BadBucketLabel {
                        metric: super::metric_name(&s.labels),
                        le: le.to_string(),
                    },
                    &v_expr.span,
                );
                member.push(None);
            }
        }
    }
    let mut cursor = Cursor::new(&input);
    let mut vals = Vec::new();
    let mut buckets: Vec<Vec<(f64, f64)>> = vec![Vec::new(); groups.len()];
    let mut builder = Builder::default();
    for step in 0..ev.num_steps() {
        let ts = ev.step_ts(step);
        cursor.at(ts, &mut vals);
        if vals.is_empty() {
            continue;
        }
        let q = qs.get(step).copied().unwrap_or(f64::NAN);
        buckets.iter_mut().for_each(Vec::clear);
        let mut order: Vec<usize> = Vec::new();
        for &(si, v) in &vals {
            if let Some(Some((g, ub))) = member.get(si) {
                if let Some(b) = buckets.get_mut(*g) {
                    if b.is_empty() {
                        order.push(*g);
                    }
                    b.push((*ub, v));
                }
            }
        }
        for g in order {
            let (Some(b), Some((labels, _))) = (buckets.get_mut(g), groups.get(g)) else {
                continue;
            };
            let (value, fix) = bucket_quantile(q, b);
            if let Some(fix) = fix {
                ev.annotate(
                    AnnotationKind::ForcedMonotonicity {
                        metric: super::metric_name(labels),
                        min_ts: ts,
                        max_ts: ts,
                        min_bucket: fix.min_bucket,
                        max_bucket: fix.max_bucket,
                        max_diff: fix.max_diff,
                        samples: 1,
                    },
                    &v_expr.span,
                );
            }
            builder.push(labels, true, ts, value)?;
        }
    }
    Ok(EvalValue::Vector(builder.finish()))
}

/// Parses an `le` value as Go's `strconv.ParseFloat` would (`+Inf`, `1e3`, `0.5`).
fn parse_le(s: &str) -> Option<f64> {
    s.parse::<f64>().ok()
}

/// What making bucket counts monotonic changed: the lowest and highest bound fixed and
/// the largest decrease.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Fix {
    min_bucket: f64,
    max_bucket: f64,
    max_diff: f64,
}

/// The quantile of classic buckets `(upper bound, cumulative count)`, and what had to be
/// fixed to make the counts monotonic.
fn bucket_quantile(q: f64, buckets: &mut [(f64, f64)]) -> (f64, Option<Fix>) {
    if q.is_nan() {
        return (f64::NAN, None);
    }
    if q < 0.0 {
        return (f64::NEG_INFINITY, None);
    }
    if q > 1.0 {
        return (f64::INFINITY, None);
    }
    crate::order::sort_by(buckets, |a, b| {
        a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal)
    });
    match buckets.last() {
        Some(&(ub, _)) if ub == f64::INFINITY => {}
        _ => return (f64::NAN, None),
    }
    // Coalesce equal bounds.
    let mut merged: Vec<(f64, f64)> = Vec::with_capacity(buckets.len());
    for &(ub, c) in buckets.iter() {
        match merged.last_mut() {
            Some(last) if last.0 == ub => last.1 += c,
            _ => merged.push((ub, c)),
        }
    }
    let forced = ensure_monotonic(&mut merged);
    if merged.len() < 2 {
        return (f64::NAN, forced);
    }
    let observations = merged.last().map_or(0.0, |b| b.1);
    if observations == 0.0 {
        return (f64::NAN, forced);
    }
    let mut rank = q * observations;
    let n = merged.len();
    let b = merged[..n - 1].partition_point(|x| x.1 < rank);
    let value = if b == n - 1 {
        merged[n - 2].0
    } else if b == 0 && merged[0].0 <= 0.0 {
        merged[0].0
    } else {
        let (mut start, end, mut count) = (0.0, merged[b].0, merged[b].1);
        if b > 0 {
            start = merged[b - 1].0;
            count -= merged[b - 1].1;
            rank -= merged[b - 1].1;
        }
        start + (end - start) * (rank / count)
    };
    (value, forced)
}

/// Makes cumulative counts non-decreasing, ignoring float noise below 1e-12 relative;
/// says what real decreases had to be fixed.
fn ensure_monotonic(b: &mut [(f64, f64)]) -> Option<Fix> {
    let mut fix: Option<Fix> = None;
    let &(_, mut prev) = b.first()?;
    for x in b.iter_mut().skip(1) {
        let curr = x.1;
        if curr == prev {
            continue;
        }
        if almost_equal(prev, curr, 1e-12) {
            x.1 = prev;
            continue;
        }
        if curr < prev {
            x.1 = prev;
            let f = fix.get_or_insert(Fix {
                min_bucket: f64::INFINITY,
                max_bucket: f64::NEG_INFINITY,
                max_diff: 0.0,
            });
            f.min_bucket = f.min_bucket.min(x.0);
            f.max_bucket = f.max_bucket.max(x.0);
            f.max_diff = f.max_diff.max(prev - curr);
            continue;
        }
        prev = curr;
    }
    fix
}

/// Relative float comparison as Prometheus's `almost.Equal`.
pub(crate) fn almost_equal(a: f64, b: f64, epsilon: f64) -> bool {
    const MIN_NORMAL: f64 = f64::MIN_POSITIVE;
    if a.is_nan() && b.is_nan() {
        return true;
    }
    if a == b {
        return true;
    }
    let diff = (a - b).abs();
    let sum = a.abs() + b.abs();
    if a == 0.0 || b == 0.0 || sum < MIN_NORMAL {
        return diff < epsilon * MIN_NORMAL;
    }
    diff / sum.min(f64::MAX) < epsilon
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_inside_a_bucket() {
        let mut b = vec![(0.1, 50.0), (0.5, 90.0), (f64::INFINITY, 100.0)];
        let (v, forced) = bucket_quantile(0.5, &mut b);
        assert!(forced.is_none());
        assert!((v - 0.1).abs() < 1e-12);
        let mut b = vec![(0.1, 50.0), (0.5, 90.0), (f64::INFINITY, 100.0)];
        let (v, _) = bucket_quantile(0.7, &mut b);
        assert!((v - 0.3).abs() < 1e-12, "{v}");
        let mut b = vec![(0.1, 50.0), (0.5, 90.0), (f64::INFINITY, 100.0)];
        assert_eq!(bucket_quantile(0.95, &mut b).0, 0.5);
    }

    #[test]
    fn non_monotonic_counts_are_fixed_and_flagged() {
        let mut b = vec![(1.0, 10.0), (2.0, 8.0), (3.0, 7.0), (f64::INFINITY, 10.0)];
        assert_eq!(
            bucket_quantile(0.5, &mut b).1,
            Some(Fix {
                min_bucket: 2.0,
                max_bucket: 3.0,
                max_diff: 3.0
            })
        );
    }

    #[test]
    fn missing_inf_bucket_gives_nan() {
        let mut b = vec![(1.0, 10.0)];
        assert!(bucket_quantile(0.5, &mut b).0.is_nan());
        assert_eq!(parse_le("+Inf"), Some(f64::INFINITY));
        assert_eq!(parse_le("0.5"), Some(0.5));
        assert_eq!(parse_le("x"), None);
    }
}
