//! The `*_over_time` family: aggregations of each series' samples over its window. The
//! sums, the mean and the min/max choice are public over one window, so a view
//! explaining a value reads the engine's own numbers.

use crate::store::Sample;

use super::{kahan_inc, quantile, WindowCtx};

/// `avg_over_time`: Kahan sum, switching to an incremental mean on overflow.
pub(crate) fn avg(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    kahan_mean(w).map(|x| x.value)
}

/// `sum_over_time`.
pub(crate) fn sum(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    kahan_sum(w).map(|x| x.value)
}

/// `sum_over_time` or `avg_over_time` on one window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WindowSum {
    /// Values summed.
    pub count: usize,
    /// Their Kahan-compensated sum; for a mean, none when the running sum overflowed
    /// and the mean was taken incrementally instead.
    pub sum: Option<f64>,
    /// The function's value.
    pub value: f64,
}

/// `sum_over_time` of `w`: a Kahan-Neumaier sum; none for an empty window.
pub fn kahan_sum(w: &[Sample]) -> Option<WindowSum> {
    w.first()?;
    let (s, c) = w.iter().fold((0.0, 0.0), |(s, c), x| kahan_inc(x.v, s, c));
    let value = if s.is_infinite() { s } else { s + c };
    Some(WindowSum {
        count: w.len(),
        sum: Some(value),
        value,
    })
}

/// `avg_over_time` of `w`: a Kahan sum over the count, or, once the sum overflows, an
/// incremental mean; none for an empty window.
pub fn kahan_mean(w: &[Sample]) -> Option<WindowSum> {
    let first = w.first()?;
    let (mut sum, mut count, mut mean, mut c, mut incremental) = (first.v, 1.0, 0.0, 0.0, false);
    for (i, s) in w.iter().enumerate().skip(1) {
        count = (i + 1) as f64;
        if !incremental {
            let (ns, nc) = kahan_inc(s.v, sum, c);
            if !ns.is_infinite() {
                sum = ns;
                c = nc;
                continue;
            }
            incremental = true;
            mean = sum / (count - 1.0);
            c /= count - 1.0;
        }
        let q = (count - 1.0) / count;
        (mean, c) = kahan_inc(s.v / count, q * mean, q * c);
    }
    Some(WindowSum {
        count: w.len(),
        sum: (!incremental).then_some(sum + c),
        value: if incremental {
            mean + c
        } else {
            sum / count + c / count
        },
    })
}

fn compare(w: &[Sample], better: impl Fn(f64, f64) -> bool) -> Option<Sample> {
    let mut best = *w.first()?;
    for s in w {
        if better(s.v, best.v) || best.v.is_nan() {
            best = *s;
        }
    }
    Some(best)
}

/// The sample `min_over_time` takes from `w`: the first lowest (NaN only when every
/// sample is NaN).
pub fn min_sample(w: &[Sample]) -> Option<Sample> {
    compare(w, |a, b| a < b)
}

/// The sample `max_over_time` takes from `w`: the first highest.
pub fn max_sample(w: &[Sample]) -> Option<Sample> {
    compare(w, |a, b| a > b)
}

/// `min_over_time`.
pub(crate) fn min(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    min_sample(w).map(|s| s.v)
}

/// `max_over_time`.
pub(crate) fn max(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    max_sample(w).map(|s| s.v)
}

/// `ts_of_min_over_time` (experimental): time of the (last) minimum.
pub(crate) fn ts_of_min(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    compare(w, |a, b| a <= b).map(|s| s.t as f64 / 1000.0)
}

/// `ts_of_max_over_time` (experimental): time of the (last) maximum.
pub(crate) fn ts_of_max(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    compare(w, |a, b| a >= b).map(|s| s.t as f64 / 1000.0)
}

/// `ts_of_first_over_time` (experimental).
pub(crate) fn ts_of_first(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    w.first().map(|s| s.t as f64 / 1000.0)
}

/// `ts_of_last_over_time` (experimental).
pub(crate) fn ts_of_last(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    w.last().map(|s| s.t as f64 / 1000.0)
}

/// `count_over_time`.
pub(crate) fn count(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    Some(w.len() as f64)
}

/// `quantile_over_time(q, v[r])`.
pub(crate) fn quantile_fn(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    let mut values: Vec<f64> = w.iter().map(|s| s.v).collect();
    Some(quantile(c.param, &mut values))
}

fn variance(w: &[Sample]) -> f64 {
    let (mut count, mut mean, mut cm, mut aux, mut ca) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for s in w {
        count += 1.0;
        let delta = s.v - (mean + cm);
        (mean, cm) = kahan_inc(delta / count, mean, cm);
        (aux, ca) = kahan_inc(delta * (s.v - (mean + cm)), aux, ca);
    }
    (aux + ca) / count
}

/// `stddev_over_time`.
pub(crate) fn stddev(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    Some(variance(w).sqrt())
}

/// `stdvar_over_time`.
pub(crate) fn stdvar(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    Some(variance(w))
}

/// `last_over_time`: the newest sample (keeps the metric name).
pub(crate) fn last(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    w.last().map(|s| s.v)
}

/// `first_over_time` (experimental): the oldest sample.
pub(crate) fn first(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    w.first().map(|s| s.v)
}

/// `present_over_time` (and the raw step of `absent_over_time`): 1 when any sample.
pub(crate) fn present(_: &[Sample], _: &WindowCtx) -> Option<f64> {
    Some(1.0)
}

/// `mad_over_time` (experimental): median absolute deviation.
pub(crate) fn mad(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    if w.iter().any(|s| s.v.is_nan()) {
        return Some(f64::NAN);
    }
    let mut values: Vec<f64> = w.iter().map(|s| s.v).collect();
    let median = quantile(0.5, &mut values);
    values.iter_mut().for_each(|v| *v = (*v - median).abs());
    Some(quantile(0.5, &mut values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(vals: &[f64]) -> Vec<Sample> {
        vals.iter()
            .enumerate()
            .map(|(i, &v)| Sample {
                t: i as i64 * 1000,
                v,
            })
            .collect()
    }

    fn c() -> WindowCtx {
        WindowCtx {
            ts: 0,
            range_start: 0,
            range_end: 0,
            range_ms: 60_000,
            param: 0.5,
            zero_clamp: super::super::rate::ZeroClamp::AfterLimit,
        }
    }

    #[test]
    fn basic_aggregates() {
        let x = w(&[1.0, 2.0, 6.0]);
        assert_eq!(avg(&x, &c()), Some(3.0));
        assert_eq!(sum(&x, &c()), Some(9.0));
        assert_eq!(min(&x, &c()), Some(1.0));
        assert_eq!(max(&x, &c()), Some(6.0));
        assert_eq!(count(&x, &c()), Some(3.0));
        assert_eq!(quantile_fn(&x, &c()), Some(2.0));
        assert_eq!(stdvar(&w(&[2.0, 4.0]), &c()), Some(1.0));
        assert_eq!(last(&x, &c()), Some(6.0));
        assert_eq!(avg(&[], &c()), None);
    }

    #[test]
    fn nan_is_skipped_by_min_and_max_unless_alone() {
        let x = w(&[f64::NAN, 3.0, 1.0]);
        assert_eq!(min(&x, &c()), Some(1.0));
        assert_eq!(max(&x, &c()), Some(3.0));
        assert!(max(&w(&[f64::NAN]), &c()).is_some_and(f64::is_nan));
    }

    #[test]
    fn avg_survives_overflow() {
        let x = w(&[f64::MAX, f64::MAX]);
        assert_eq!(avg(&x, &c()), Some(f64::MAX));
        let m = kahan_mean(&x).unwrap();
        assert_eq!((m.count, m.sum, m.value), (2, None, f64::MAX));
    }

    #[test]
    fn sums_are_compensated() {
        // A plain sum loses the 1 between the two large terms.
        let x = w(&[1e16, 1.0, -1e16]);
        assert_eq!(x.iter().map(|s| s.v).sum::<f64>(), 0.0);
        let s = kahan_sum(&x).unwrap();
        assert_eq!((s.count, s.sum, s.value), (3, Some(1.0), 1.0));
        let m = kahan_mean(&x).unwrap();
        assert_eq!((m.count, m.sum, m.value), (3, Some(1.0), 1.0 / 3.0));
        assert_eq!(kahan_sum(&[]), None);
    }

    #[test]
    fn min_and_max_name_the_first_sample_taken() {
        let x = w(&[f64::NAN, 3.0, 1.0, 3.0, 1.0]);
        assert_eq!(min_sample(&x), Some(x[2]));
        assert_eq!(max_sample(&x), Some(x[1]));
    }
}
