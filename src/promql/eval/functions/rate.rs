//! Counter and gauge rate functions: `rate`, `increase`, `delta` with Prometheus's
//! extrapolation, `irate`, `idelta`, `deriv`, `predict_linear`, `resets`, `changes`.

use crate::store::Sample;

use super::{kahan_inc, WindowCtx};

/// `rate(v[r])`: per-second increase, counter resets handled, extrapolated to the window.
pub(crate) fn rate(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    extrapolated(w, c, true, true)
}

/// `increase(v[r])`: the increase over the window.
pub(crate) fn increase(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    extrapolated(w, c, true, false)
}

/// `delta(v[r])`: difference between last and first, extrapolated (gauges).
pub(crate) fn delta(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    extrapolated(w, c, false, false)
}

/// Prometheus's `extrapolatedRate`.
fn extrapolated(w: &[Sample], c: &WindowCtx, is_counter: bool, is_rate: bool) -> Option<f64> {
    let (first, last) = (w.first()?, w.last()?);
    if w.len() < 2 {
        return None;
    }
    let mut result = last.v - first.v;
    if is_counter {
        for pair in w.windows(2) {
            if pair[1].v < pair[0].v {
                result += pair[0].v;
            }
        }
    }
    let mut to_start = (first.t as f64 - c.range_start as f64) / 1000.0;
    let mut to_end = (c.range_end as f64 - last.t as f64) / 1000.0;
    let sampled = (last.t as f64 - first.t as f64) / 1000.0;
    let avg_between = sampled / (w.len() - 1) as f64;
    let threshold = avg_between * 1.1;
    if to_start >= threshold {
        to_start = avg_between / 2.0;
    }
    if is_counter {
        let mut to_zero = to_start;
        if result > 0.0 && first.v >= 0.0 {
            to_zero = sampled * (first.v / result);
        }
        if to_zero < to_start {
            to_start = to_zero;
        }
    }
    if to_end >= threshold {
        to_end = avg_between / 2.0;
    }
    let mut factor = if sampled != 0.0 {
        (sampled + to_start + to_end) / sampled
    } else {
        1.0
    };
    if is_rate {
        factor /= c.range_ms as f64 / 1000.0;
    }
    Some(result * factor)
}

/// `irate(v[r])`: per-second rate between the last two samples.
pub(crate) fn irate(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    instant_value(w, true)
}

/// `idelta(v[r])`: difference between the last two samples.
pub(crate) fn idelta(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    instant_value(w, false)
}

fn instant_value(w: &[Sample], is_rate: bool) -> Option<f64> {
    let n = w.len();
    if n < 2 {
        return None;
    }
    let (prev, last) = (w.get(n - 2)?, w.get(n - 1)?);
    let interval = last.t as f64 - prev.t as f64;
    if interval == 0.0 {
        return None;
    }
    let mut v = if is_rate && last.v < prev.v {
        last.v
    } else {
        last.v - prev.v
    };
    if is_rate {
        v /= interval / 1000.0;
    }
    Some(v)
}

/// Least-squares slope and intercept at `intercept_t` (Prometheus's `linearRegression`).
fn linear_regression(w: &[Sample], intercept_t: i64) -> Option<(f64, f64)> {
    let init = w.first()?.v;
    let mut const_y = true;
    let (mut n, mut sx, mut cx, mut sy, mut cy, mut sxy, mut cxy, mut sx2, mut cx2) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (i, s) in w.iter().enumerate() {
        if const_y && i > 0 && s.v != init {
            const_y = false;
        }
        n += 1.0;
        let x = (s.t as f64 - intercept_t as f64) / 1e3;
        (sx, cx) = kahan_inc(x, sx, cx);
        (sy, cy) = kahan_inc(s.v, sy, cy);
        (sxy, cxy) = kahan_inc(x * s.v, sxy, cxy);
        (sx2, cx2) = kahan_inc(x * x, sx2, cx2);
    }
    if const_y {
        if init.is_infinite() {
            return Some((f64::NAN, f64::NAN));
        }
        return Some((0.0, init));
    }
    let (sx, sy, sxy, sx2) = (sx + cx, sy + cy, sxy + cxy, sx2 + cx2);
    let cov = sxy - sx * sy / n;
    let var = sx2 - sx * sx / n;
    let slope = cov / var;
    Some((slope, sy / n - slope * sx / n))
}

/// `deriv(v[r])`: per-second slope by linear regression.
pub(crate) fn deriv(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    if w.len() < 2 {
        return None;
    }
    linear_regression(w, w.first()?.t).map(|(s, _)| s)
}

/// `predict_linear(v[r], t)`: the regression's value `t` seconds after the step.
pub(crate) fn predict_linear(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    if w.len() < 2 {
        return None;
    }
    linear_regression(w, c.ts).map(|(s, i)| s * c.param + i)
}

/// `resets(v[r])`: how many times the value went down.
pub(crate) fn resets(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    Some(w.windows(2).filter(|p| p[1].v < p[0].v).count() as f64)
}

/// `changes(v[r])`: how many times the value changed (NaN to NaN is no change).
pub(crate) fn changes(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    Some(
        w.windows(2)
            .filter(|p| p[1].v != p[0].v && !(p[1].v.is_nan() && p[0].v.is_nan()))
            .count() as f64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(start: i64, end: i64) -> WindowCtx {
        WindowCtx {
            ts: end,
            range_start: start,
            range_end: end,
            range_ms: end - start,
            param: 0.0,
        }
    }

    fn s(t: i64, v: f64) -> Sample {
        Sample { t: t * 1000, v }
    }

    #[test]
    fn rate_of_a_steady_counter() {
        // 15 s scrapes, +15 each: 1/s, windows fully covered after extrapolation.
        let w: Vec<Sample> = (1..=20).map(|i| s(i * 15, i as f64 * 15.0)).collect();
        let r = rate(&w, &ctx(0, 300_000)).unwrap();
        assert!((r - 1.0).abs() < 1e-9, "{r}");
    }

    #[test]
    fn counter_reset_is_compensated() {
        let w = vec![s(10, 5.0), s(20, 10.0), s(30, 2.0), s(40, 7.0)];
        // increase without extrapolation would be 10 - 5 + 7 = 12 over 30 s sampled.
        let inc = increase(&w, &ctx(10_000, 40_000)).unwrap();
        assert!((inc - 12.0).abs() < 1e-9, "{inc}");
        assert_eq!(resets(&w, &ctx(0, 40_000)), Some(1.0));
        assert_eq!(changes(&w, &ctx(0, 40_000)), Some(3.0));
    }

    #[test]
    fn one_sample_gives_nothing() {
        assert_eq!(rate(&[s(1, 1.0)], &ctx(0, 60_000)), None);
        assert_eq!(irate(&[s(1, 1.0)], &ctx(0, 60_000)), None);
    }

    #[test]
    fn irate_uses_the_last_two() {
        let w = vec![s(0, 0.0), s(10, 100.0), s(20, 150.0)];
        assert_eq!(irate(&w, &ctx(0, 20_000)), Some(5.0));
        let reset = vec![s(0, 100.0), s(10, 20.0)];
        assert_eq!(irate(&reset, &ctx(0, 10_000)), Some(2.0));
    }
}
