//! The lens' computation: the window of one evaluation, cut from the raw samples as the
//! engine cuts it, and the engine's own arithmetic on it (`crate::promql::rate` and
//! `crate::promql::over_time`) laid out step by step.

use crate::promql::over_time;
use crate::promql::rate::{self, Extrapolated, Extrapolation, LastTwoFn, ZeroClamp};
use crate::store::{is_stale, Labels, Sample, SeriesId, Store};

use super::steps::LensStep;
use super::target::{LensFn, LensTarget};

/// A counter reset found in the window: the value went down from `before` to `after`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reset {
    /// The sample before the drop.
    pub before: Sample,
    /// The sample after the drop.
    pub after: Sample,
}

/// One evaluation explained.
#[derive(Clone, Debug, PartialEq)]
pub struct Lens {
    /// The function explained.
    pub func: LensFn,
    /// The input series' labels.
    pub labels: Labels,
    /// The evaluation time, ms.
    pub t: i64,
    /// The window `(start, end]`, ms.
    pub window: (i64, i64),
    /// Raw samples inside the window (stale markers left out, as the engine does).
    pub included: Vec<Sample>,
    /// The newest sample left of the window (at or before its open start), if any.
    pub excluded: Option<Sample>,
    /// Counter resets found (only for `rate` and `increase`).
    pub resets: Vec<Reset>,
    /// The extrapolated window edges `(time, value)` in raw units: where the line through
    /// the samples is taken to at the start and at the end.
    pub extrapolated: Option<((i64, f64), (i64, f64))>,
    /// The arithmetic, one line a step, ending with the value.
    pub steps: Vec<LensStep>,
    /// The value the function gives (none when the window holds too few samples).
    pub value: Option<f64>,
}

/// Explains `target` for series `id` of `store` at evaluation time `t`.
pub fn explain_window(store: &Store, target: &LensTarget, id: SeriesId, t: i64) -> Lens {
    let series = store.series(id);
    let end = t.saturating_sub(target.selector.offset_ms);
    let start = end.saturating_sub(target.range_ms);
    let live = series.samples.iter().filter(|s| !is_stale(s.v));
    let included: Vec<Sample> = live
        .clone()
        .filter(|s| s.t > start && s.t <= end)
        .copied()
        .collect();
    let excluded = live.clone().rfind(|s| s.t <= start).copied();
    let mut lens = Lens {
        func: target.func,
        labels: series.labels.clone(),
        t,
        window: (start, end),
        included,
        excluded,
        resets: Vec::new(),
        extrapolated: None,
        steps: Vec::new(),
        value: None,
    };
    lens.steps.push(LensStep::Window {
        range_ms: target.range_ms,
        offset_ms: target.selector.offset_ms,
        count: lens.included.len(),
    });
    if let Some(x) = lens.excluded {
        lens.steps.push(LensStep::Excluded {
            rel_ms: x.t - end,
            on_edge: x.t == start,
        });
    }
    match target.func {
        LensFn::Rate => extrapolated(&mut lens, Extrapolated::Rate, target.range_ms),
        LensFn::Increase => extrapolated(&mut lens, Extrapolated::Increase, target.range_ms),
        LensFn::Delta => extrapolated(&mut lens, Extrapolated::Delta, target.range_ms),
        LensFn::Irate => instant(&mut lens, LastTwoFn::Irate),
        LensFn::Idelta => instant(&mut lens, LastTwoFn::Idelta),
        _ => over_time(&mut lens),
    }
    if let Some(value) = lens.value {
        lens.steps.push(LensStep::Result {
            func: target.func,
            value,
        });
    }
    lens
}

/// `rate`, `increase` and `delta`: the engine's extrapolation, put into steps.
fn extrapolated(lens: &mut Lens, f: Extrapolated, range_ms: i64) {
    let (start, end) = lens.window;
    let Some(x) = rate::extrapolate(
        f,
        &lens.included,
        start,
        end,
        range_ms,
        ZeroClamp::default(),
    ) else {
        lens.steps.push(LensStep::TooFew { needed: 2 });
        return;
    };
    for (before, after) in rate::counter_resets(&lens.included).take(x.resets) {
        lens.resets.push(Reset { before, after });
        lens.steps.push(LensStep::Reset {
            rel_ms: after.t - end,
            before: before.v,
            after: after.v,
        });
    }
    lens.steps.push(LensStep::RawChange {
        first: x.first.v,
        last: x.last.v,
        added: x.counter_correction,
        result: x.change,
    });
    lens.steps.push(LensStep::Sampled {
        sampled: x.sampled_s,
        intervals: x.count - 1,
        average: x.avg_interval_s,
        threshold: x.threshold_s,
    });
    lens.steps.push(LensStep::ToStart {
        gap: x.start_gap_s,
        used: x.to_start_s,
        edge: x.start_edge,
    });
    lens.steps.push(LensStep::ToEnd {
        gap: x.end_gap_s,
        used: x.to_end_s,
        half: x.end_half_interval,
    });
    lens.steps.push(LensStep::Factor {
        sampled: x.sampled_s,
        to_start: x.to_start_s,
        to_end: x.to_end_s,
        factor: x.factor,
    });
    lens.steps.push(LensStep::Extrapolated {
        change: x.change,
        factor: x.factor,
        value: x.extrapolated_change,
    });
    if let Some(range_s) = x.per_second_over_s {
        lens.steps.push(LensStep::PerSecond {
            change: x.extrapolated_change,
            range_s,
        });
    }
    lens.extrapolated = Some(edges(&x));
    lens.value = Some(x.value);
}

/// Where the line through the window's samples is taken at the extrapolated start and
/// end, `(time ms, value)`: the chart draws it.
fn edges(x: &Extrapolation) -> ((i64, f64), (i64, f64)) {
    let slope = if x.sampled_s != 0.0 {
        x.change / x.sampled_s
    } else {
        0.0
    };
    (
        (
            x.first.t - (x.to_start_s * 1000.0).round() as i64,
            x.first.v - slope * x.to_start_s,
        ),
        (
            x.last.t + (x.to_end_s * 1000.0).round() as i64,
            x.last.v + slope * x.to_end_s,
        ),
    )
}

/// `irate` and `idelta`: the engine's arithmetic on the last two samples, put into steps.
fn instant(lens: &mut Lens, f: LastTwoFn) {
    let Some(x) = rate::last_two(f, &lens.included) else {
        lens.steps.push(LensStep::TooFew { needed: 2 });
        return;
    };
    lens.steps.push(LensStep::LastTwo {
        prev: x.prev.v,
        last: x.last.v,
        reset: x.reset,
        change: x.change,
    });
    if x.reset {
        lens.resets.push(Reset {
            before: x.prev,
            after: x.last,
        });
    }
    if f == LastTwoFn::Irate {
        lens.steps.push(LensStep::PerSecond {
            change: x.change,
            range_s: x.interval_s,
        });
    }
    lens.value = Some(x.value);
}

/// The `*_over_time` functions: the engine's aggregation of the window, put into a step.
fn over_time(lens: &mut Lens) {
    let w = &lens.included;
    let summed = |s: over_time::WindowSum| (s.value, s.sum, None);
    let picked = |s: Sample| (s.v, None, Some(s));
    let found = match lens.func {
        LensFn::Sum => over_time::kahan_sum(w).map(summed),
        LensFn::Avg => over_time::kahan_mean(w).map(summed),
        LensFn::Min => over_time::min_sample(w).map(picked),
        LensFn::Max => over_time::max_sample(w).map(picked),
        LensFn::Count => (!w.is_empty()).then_some((w.len() as f64, None, None)),
        _ => w.last().copied().map(picked),
    };
    let Some((value, sum, sample)) = found else {
        lens.steps.push(LensStep::TooFew { needed: 1 });
        return;
    };
    lens.steps.push(LensStep::OverTime {
        func: lens.func,
        count: w.len(),
        sum,
        rel_ms: sample.map(|s| s.t - lens.window.1),
    });
    lens.value = Some(value);
}
