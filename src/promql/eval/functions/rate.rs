//! Counter and gauge rate functions: `rate`, `increase`, `delta` with Prometheus's
//! extrapolation, `irate`, `idelta`, `deriv`, `predict_linear`, `resets`, `changes`.
//! The extrapolation and the last-two-samples arithmetic are public functions over one
//! window that keep every intermediate value, so a view explaining a value (the window
//! lens) reads the engine's own numbers.

use crate::store::Sample;

use super::{kahan_inc, WindowCtx};

/// `rate(v[r])`: per-second increase, counter resets handled, extrapolated to the window.
pub(crate) fn rate(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    extrapolated(Extrapolated::Rate, w, c)
}

/// `increase(v[r])`: the increase over the window.
pub(crate) fn increase(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    extrapolated(Extrapolated::Increase, w, c)
}

/// `delta(v[r])`: difference between last and first, extrapolated (gauges).
pub(crate) fn delta(w: &[Sample], c: &WindowCtx) -> Option<f64> {
    extrapolated(Extrapolated::Delta, w, c)
}

fn extrapolated(f: Extrapolated, w: &[Sample], c: &WindowCtx) -> Option<f64> {
    extrapolate(f, w, c.range_start, c.range_end, c.range_ms, c.zero_clamp).map(|x| x.value)
}

/// When a counter's extrapolation toward the window's start is cut at the counter's zero
/// point. Prometheus 2.51 changed it (prometheus/prometheus#13725, "Fix limiting of
/// extrapolation to negative values"); the two differ when the series starts more than
/// 1.1 average intervals into the window and its zero point lies between half an
/// interval and 1.1 intervals before the first sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ZeroClamp {
    /// Prometheus 2.51 and later (3.x, Sonde): the gap is first limited to half an
    /// interval, then to the zero point.
    #[default]
    AfterLimit,
    /// Prometheus before 2.51 (Debian's 2.42): the gap is first cut at the zero point,
    /// then limited to half an interval only if it still reaches 1.1 intervals.
    BeforeLimit,
}

/// The three functions built on Prometheus's `extrapolatedRate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extrapolated {
    /// `rate`: a counter's increase, per second of the window.
    Rate,
    /// `increase`: a counter's increase.
    Increase,
    /// `delta`: a gauge's change (no reset handling, no zero clamp).
    Delta,
}

impl Extrapolated {
    fn is_counter(self) -> bool {
        self != Extrapolated::Delta
    }
}

/// How far the extrapolation toward the window's start went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartEdge {
    /// The whole gap to the edge (it is under 1.1 average intervals).
    Gap,
    /// Half an average interval (the gap is too long: the series may have started).
    HalfInterval,
    /// Where the counter would reach zero (it cannot have been negative).
    Zero,
}

/// Prometheus's `extrapolatedRate` on one window, every intermediate value kept.
/// Durations are in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extrapolation {
    /// The window's first sample.
    pub first: Sample,
    /// The window's last sample.
    pub last: Sample,
    /// Samples in the window (at least 2).
    pub count: usize,
    /// Counter resets found (0 for `delta`).
    pub resets: usize,
    /// The values before the resets, summed: what is added back.
    pub counter_correction: f64,
    /// `last − first`, plus each value before a reset (added in the window's order).
    pub change: f64,
    /// From the first to the last sample.
    pub sampled_s: f64,
    /// From the window's start to the first sample.
    pub start_gap_s: f64,
    /// From the last sample to the window's end.
    pub end_gap_s: f64,
    /// `sampled_s` over the intervals between samples.
    pub avg_interval_s: f64,
    /// 1.1 average intervals: a longer gap is extrapolated by half an interval only.
    pub threshold_s: f64,
    /// Extrapolated toward the start.
    pub to_start_s: f64,
    /// Why `to_start_s` is that long.
    pub start_edge: StartEdge,
    /// Extrapolated toward the end.
    pub to_end_s: f64,
    /// The end gap reached the threshold: `to_end_s` is half an average interval.
    pub end_half_interval: bool,
    /// `sampled_s + to_start_s + to_end_s`.
    pub extrapolated_s: f64,
    /// `extrapolated_s / sampled_s` (1 when nothing was sampled).
    pub factor: f64,
    /// `change × factor`: the extrapolated change.
    pub extrapolated_change: f64,
    /// `rate` only: the window's length, the change is divided by.
    pub per_second_over_s: Option<f64>,
    /// The function's value.
    pub value: f64,
}

/// The consecutive pairs of `w` where the value went down: `(before, after)`.
pub fn counter_resets(w: &[Sample]) -> impl Iterator<Item = (Sample, Sample)> + '_ {
    w.windows(2).filter_map(|p| match *p {
        [a, b] if b.v < a.v => Some((a, b)),
        _ => None,
    })
}

/// Prometheus's `extrapolatedRate` for `f` on the window `w` of
/// `(range_start, range_end]` (ms, `range_ms` long), with the zero point of `clamp`'s
/// releases; none under two samples.
pub fn extrapolate(
    f: Extrapolated,
    w: &[Sample],
    range_start: i64,
    range_end: i64,
    range_ms: i64,
    clamp: ZeroClamp,
) -> Option<Extrapolation> {
    let (&first, &last) = (w.first()?, w.last()?);
    if w.len() < 2 {
        return None;
    }
    let mut change = last.v - first.v;
    let (mut resets, mut counter_correction) = (0, 0.0);
    if f.is_counter() {
        for (before, _) in counter_resets(w) {
            change += before.v;
            counter_correction += before.v;
            resets += 1;
        }
    }
    let start_gap_s = (first.t as f64 - range_start as f64) / 1000.0;
    let end_gap_s = (range_end as f64 - last.t as f64) / 1000.0;
    let sampled_s = (last.t as f64 - first.t as f64) / 1000.0;
    let avg_interval_s = sampled_s / (w.len() - 1) as f64;
    let threshold_s = avg_interval_s * 1.1;
    let to_zero =
        (f.is_counter() && change > 0.0 && first.v >= 0.0).then(|| sampled_s * (first.v / change));
    let cut_at_zero = |(to_start, edge): (f64, StartEdge)| match to_zero {
        Some(z) if z < to_start => (z, StartEdge::Zero),
        _ => (to_start, edge),
    };
    let limit = |(to_start, edge): (f64, StartEdge)| {
        if to_start >= threshold_s {
            (avg_interval_s / 2.0, StartEdge::HalfInterval)
        } else {
            (to_start, edge)
        }
    };
    let gap = (start_gap_s, StartEdge::Gap);
    let (to_start_s, start_edge) = match clamp {
        ZeroClamp::AfterLimit => cut_at_zero(limit(gap)),
        ZeroClamp::BeforeLimit => limit(cut_at_zero(gap)),
    };
    let end_half_interval = end_gap_s >= threshold_s;
    let to_end_s = if end_half_interval {
        avg_interval_s / 2.0
    } else {
        end_gap_s
    };
    let extrapolated_s = sampled_s + to_start_s + to_end_s;
    let factor = if sampled_s != 0.0 {
        extrapolated_s / sampled_s
    } else {
        1.0
    };
    let per_second_over_s = (f == Extrapolated::Rate).then_some(range_ms as f64 / 1000.0);
    let scale = per_second_over_s.map_or(factor, |s| factor / s);
    Some(Extrapolation {
        first,
        last,
        count: w.len(),
        resets,
        counter_correction,
        change,
        sampled_s,
        start_gap_s,
        end_gap_s,
        avg_interval_s,
        threshold_s,
        to_start_s,
        start_edge,
        to_end_s,
        end_half_interval,
        extrapolated_s,
        factor,
        extrapolated_change: change * factor,
        per_second_over_s,
        value: change * scale,
    })
}

/// `irate(v[r])`: per-second rate between the last two samples.
pub(crate) fn irate(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    last_two(LastTwoFn::Irate, w).map(|x| x.value)
}

/// `idelta(v[r])`: difference between the last two samples.
pub(crate) fn idelta(w: &[Sample], _: &WindowCtx) -> Option<f64> {
    last_two(LastTwoFn::Idelta, w).map(|x| x.value)
}

/// The two functions of the last two samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastTwoFn {
    /// `irate`: a counter's per-second rate (a drop is a reset).
    Irate,
    /// `idelta`: a gauge's change.
    Idelta,
}

/// `irate` or `idelta` on one window, every intermediate value kept.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LastTwo {
    /// The second-to-last sample.
    pub prev: Sample,
    /// The last sample.
    pub last: Sample,
    /// `irate` only: the value went down, so the last value is the change.
    pub reset: bool,
    /// `last − prev`, or `last` after a reset.
    pub change: f64,
    /// Seconds between the two samples.
    pub interval_s: f64,
    /// The function's value.
    pub value: f64,
}

/// `f` on the last two samples of `w`; none under two samples or when they share a time.
pub fn last_two(f: LastTwoFn, w: &[Sample]) -> Option<LastTwo> {
    let n = w.len();
    if n < 2 {
        return None;
    }
    let (&prev, &last) = (w.get(n - 2)?, w.get(n - 1)?);
    let interval = last.t as f64 - prev.t as f64;
    if interval == 0.0 {
        return None;
    }
    let is_rate = f == LastTwoFn::Irate;
    let reset = is_rate && last.v < prev.v;
    let change = if reset { last.v } else { last.v - prev.v };
    let interval_s = interval / 1000.0;
    Some(LastTwo {
        prev,
        last,
        reset,
        change,
        interval_s,
        value: if is_rate { change / interval_s } else { change },
    })
}

/// Least-squares slope and intercept at `intercept_t` (Prometheus's `linearRegression`:
/// one pass, Kahan sums, the same bits).
fn linear_regression(w: &[Sample], intercept_t: i64) -> Option<(f64, f64)> {
    let init = w.first()?.v;
    if w.iter().skip(1).all(|s| s.v == init) {
        if init.is_infinite() {
            return Some((f64::NAN, f64::NAN));
        }
        return Some((0.0, init));
    }
    // Without infinities, Kahan's reset of the compensation never happens: the sums come
    // out the same without that test, and an infinity (or NaN) anywhere leaves a sum that
    // is not finite, in which case the careful pass below runs.
    let fast = regression_sums(w, intercept_t, two_sum);
    let [sx, sy, sxy, sx2] = if fast.iter().all(|(s, _)| s.is_finite()) {
        fast
    } else {
        regression_sums(w, intercept_t, kahan_inc)
    }
    .map(|(s, c)| s + c);
    let n = w.len() as f64;
    let cov = sxy - sx * sy / n;
    let var = sx2 - sx * sx / n;
    let slope = cov / var;
    Some((slope, sy / n - slope * sx / n))
}

/// Kahan sums of x, y, x·y and x² over the window (x in seconds from `intercept_t`), with
/// `add` the compensated addition.
#[inline(always)]
fn regression_sums(
    w: &[Sample],
    intercept_t: i64,
    add: impl Fn(f64, f64, f64) -> (f64, f64),
) -> [(f64, f64); 4] {
    let (mut sx, mut sy, mut sxy, mut sx2) = ((0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0));
    for s in w {
        let x = (s.t as f64 - intercept_t as f64) / 1e3;
        sx = add(x, sx.0, sx.1);
        sy = add(s.v, sy.0, sy.1);
        sxy = add(x * s.v, sxy.0, sxy.1);
        sx2 = add(x * x, sx2.0, sx2.1);
    }
    [sx, sy, sxy, sx2]
}

/// Compensated addition without branches (Knuth's two-sum): the rounding error it adds
/// to `c` is exact, as Kahan's is when no sum overflows.
#[inline(always)]
fn two_sum(inc: f64, sum: f64, c: f64) -> (f64, f64) {
    let t = sum + inc;
    let b = t - sum;
    (t, c + ((sum - (t - b)) + (inc - b)))
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
    Some(counter_resets(w).count() as f64)
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
            zero_clamp: ZeroClamp::AfterLimit,
        }
    }

    #[test]
    fn the_zero_point_before_and_after_2_51() {
        // Starts 30 s into the minute; its zero point lies 8 s before the first sample,
        // between half an interval (5 s) and 1.1 intervals (11 s).
        let w = [s(30, 8.0), s(40, 18.0), s(50, 28.0), s(60, 38.0)];
        let at = |clamp| extrapolate(Extrapolated::Increase, &w, 0, 60_000, 60_000, clamp).unwrap();
        let (now, before) = (at(ZeroClamp::AfterLimit), at(ZeroClamp::BeforeLimit));
        assert_eq!(
            (now.to_start_s, now.start_edge),
            (5.0, StartEdge::HalfInterval)
        );
        assert_eq!(
            (before.to_start_s, before.start_edge),
            (8.0, StartEdge::Zero)
        );
        assert_eq!((now.value, before.value), (35.0, 38.0));
        // A zero point under half an interval is where both stop; a gauge has none.
        let near = [s(30, 1.0), s(40, 11.0), s(50, 21.0), s(60, 31.0)];
        for clamp in [ZeroClamp::AfterLimit, ZeroClamp::BeforeLimit] {
            let x = extrapolate(Extrapolated::Increase, &near, 0, 60_000, 60_000, clamp).unwrap();
            assert_eq!((x.to_start_s, x.start_edge), (1.0, StartEdge::Zero));
            let d = extrapolate(Extrapolated::Delta, &w, 0, 60_000, 60_000, clamp).unwrap();
            assert_eq!(d.start_edge, StartEdge::HalfInterval);
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

    /// A counter over (0 s, 60 s] with a reset: 5, 20, then 3, 9 every 15 s from 10 s.
    fn reset_window() -> Vec<Sample> {
        vec![s(10, 5.0), s(25, 20.0), s(40, 3.0), s(55, 9.0)]
    }

    #[test]
    fn extrapolation_keeps_every_step_of_a_counter_with_a_reset() {
        let w = reset_window();
        let x = extrapolate(
            Extrapolated::Rate,
            &w,
            0,
            60_000,
            60_000,
            ZeroClamp::AfterLimit,
        )
        .unwrap();
        assert_eq!((x.first, x.last, x.count), (w[0], w[3], 4));
        assert_eq!(counter_resets(&w).collect::<Vec<_>>(), vec![(w[1], w[2])]);
        assert_eq!((x.resets, x.counter_correction), (1, 20.0));
        assert_eq!(x.change, 9.0 - 5.0 + 20.0);
        assert_eq!((x.sampled_s, x.start_gap_s, x.end_gap_s), (45.0, 10.0, 5.0));
        assert_eq!(x.avg_interval_s, 15.0);
        assert!((x.threshold_s - 16.5).abs() < 1e-12);
        // The 10 s gap is under the threshold, but at 24 per 45 s the counter was 0
        // 45 × 5/24 = 9.375 s before its first sample.
        assert_eq!((x.to_start_s, x.start_edge), (9.375, StartEdge::Zero));
        assert_eq!((x.to_end_s, x.end_half_interval), (5.0, false));
        assert_eq!(x.extrapolated_s, 59.375);
        assert_eq!(x.factor, 59.375 / 45.0);
        assert_eq!(x.extrapolated_change, 24.0 * (59.375 / 45.0));
        assert_eq!(x.per_second_over_s, Some(60.0));
        assert_eq!(x.value, 24.0 * (59.375 / 45.0 / 60.0));
        assert_eq!(rate(&w, &ctx(0, 60_000)), Some(x.value));
    }

    #[test]
    fn delta_ignores_resets_and_the_zero_clamp() {
        let w = reset_window();
        let x = extrapolate(
            Extrapolated::Delta,
            &w,
            0,
            60_000,
            60_000,
            ZeroClamp::AfterLimit,
        )
        .unwrap();
        assert_eq!((x.resets, x.counter_correction, x.change), (0, 0.0, 4.0));
        assert_eq!((x.to_start_s, x.start_edge), (10.0, StartEdge::Gap));
        assert_eq!(x.factor, 60.0 / 45.0);
        assert_eq!((x.per_second_over_s, x.value), (None, 4.0 * (60.0 / 45.0)));
        assert_eq!(delta(&w, &ctx(0, 60_000)), Some(x.value));
    }

    #[test]
    fn long_gaps_are_extrapolated_by_half_an_interval() {
        // Samples at 60, 75, 90 s in (0, 120 s]: both gaps (60 s, 30 s) pass 16.5 s.
        let w = vec![s(60, 100.0), s(75, 115.0), s(90, 130.0)];
        let x = extrapolate(
            Extrapolated::Increase,
            &w,
            0,
            120_000,
            120_000,
            ZeroClamp::AfterLimit,
        )
        .unwrap();
        assert_eq!((x.start_gap_s, x.end_gap_s), (60.0, 30.0));
        assert_eq!((x.to_start_s, x.start_edge), (7.5, StartEdge::HalfInterval));
        assert_eq!((x.to_end_s, x.end_half_interval), (7.5, true));
        assert_eq!((x.extrapolated_s, x.factor, x.value), (45.0, 1.5, 45.0));
        assert_eq!(
            extrapolate(
                Extrapolated::Rate,
                &w[..1],
                0,
                120_000,
                120_000,
                ZeroClamp::AfterLimit
            ),
            None
        );
    }

    #[test]
    fn last_two_keeps_the_reset_and_the_interval() {
        let w = vec![s(0, 1.0), s(10, 8.0), s(30, 2.0)];
        let x = last_two(LastTwoFn::Irate, &w).unwrap();
        assert_eq!((x.prev, x.last), (w[1], w[2]));
        assert_eq!(
            (x.reset, x.change, x.interval_s, x.value),
            (true, 2.0, 20.0, 0.1)
        );
        let x = last_two(LastTwoFn::Idelta, &w).unwrap();
        assert_eq!((x.reset, x.change, x.value), (false, -6.0, -6.0));
        assert_eq!(last_two(LastTwoFn::Irate, &w[..1]), None);
        assert_eq!(
            last_two(LastTwoFn::Idelta, &[w[1], w[1]]),
            None,
            "same time"
        );
    }

    #[test]
    fn irate_uses_the_last_two() {
        let w = vec![s(0, 0.0), s(10, 100.0), s(20, 150.0)];
        assert_eq!(irate(&w, &ctx(0, 20_000)), Some(5.0));
        let reset = vec![s(0, 100.0), s(10, 20.0)];
        assert_eq!(irate(&reset, &ctx(0, 10_000)), Some(2.0));
    }

    #[test]
    fn branch_free_sums_match_kahan_bit_for_bit() {
        // Values of very different sizes, where the compensation matters.
        let w: Vec<Sample> = (0..240)
            .map(|i| {
                let wobble = ((i * 7919) % 97) as f64 * 1e-7;
                s(i * 15 + (i % 3), 3.0e9 + i as f64 * 1234.5 + wobble)
            })
            .collect();
        let fast = regression_sums(&w, 3_600_000, two_sum);
        let careful = regression_sums(&w, 3_600_000, kahan_inc);
        for (a, b) in fast.iter().zip(&careful) {
            assert_eq!((a.0 + a.1).to_bits(), (b.0 + b.1).to_bits(), "{a:?} {b:?}");
        }
    }

    #[test]
    fn infinities_take_the_careful_pass() {
        let c = ctx(0, 60_000);
        let w = vec![s(0, 1.0), s(15, f64::INFINITY), s(30, 3.0)];
        let careful = {
            let [sx, sy, sxy, sx2] = regression_sums(&w, w[0].t, kahan_inc).map(|(s, c)| s + c);
            let n = 3.0;
            (sxy - sx * sy / n) / (sx2 - sx * sx / n)
        };
        let got = deriv(&w, &c).unwrap();
        assert_eq!(got.is_nan(), careful.is_nan(), "{got} vs {careful}");
        let huge = vec![s(0, f64::MAX), s(15, f64::MAX), s(30, 1.0)];
        assert!(deriv(&huge, &c).is_some());
        assert_eq!(deriv(&[s(0, 2.0), s(15, 2.0)], &c), Some(0.0));
        let rising = vec![s(0, 0.0), s(15, 15.0), s(30, 30.0)];
        assert_eq!(deriv(&rising, &c), Some(1.0));
        assert_eq!(
            predict_linear(
                &rising,
                &WindowCtx {
                    ts: 30_000,
                    param: 10.0,
                    ..c
                }
            ),
            Some(40.0)
        );
    }
}
