//! The lens' computation: the window of one evaluation, cut from the raw samples as the
//! engine cuts it, and the function's arithmetic redone step by step.

use crate::store::{is_stale, Labels, Sample, SeriesId, Store};

use super::steps::{LensStep, StartEdge};
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
        LensFn::Rate => extrapolated(&mut lens, true, Some(target.range_ms)),
        LensFn::Increase => extrapolated(&mut lens, true, None),
        LensFn::Delta => extrapolated(&mut lens, false, None),
        LensFn::Irate => instant(&mut lens, true),
        LensFn::Idelta => instant(&mut lens, false),
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

/// Prometheus 3's `extrapolatedRate`, with every intermediate kept.
fn extrapolated(lens: &mut Lens, is_counter: bool, rate_range_ms: Option<i64>) {
    let w = &lens.included;
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        lens.steps.push(LensStep::TooFew { needed: 2 });
        return;
    };
    if w.len() < 2 {
        lens.steps.push(LensStep::TooFew { needed: 2 });
        return;
    }
    let mut result = last.v - first.v;
    if is_counter {
        for pair in w.windows(2) {
            if let [a, b] = pair {
                if b.v < a.v {
                    result += a.v;
                    lens.resets.push(Reset {
                        before: *a,
                        after: *b,
                    });
                    lens.steps.push(LensStep::Reset {
                        rel_ms: b.t - lens.window.1,
                        before: a.v,
                        after: b.v,
                    });
                }
            }
        }
    }
    lens.steps.push(LensStep::RawChange {
        first: first.v,
        last: last.v,
        added: lens.resets.iter().map(|r| r.before.v).sum(),
        result,
    });
    let (start, end) = lens.window;
    let gap_start = (first.t - start) as f64 / 1000.0;
    let gap_end = (end - last.t) as f64 / 1000.0;
    let sampled = (last.t - first.t) as f64 / 1000.0;
    let avg_between = sampled / (w.len() - 1) as f64;
    let threshold = avg_between * 1.1;
    lens.steps.push(LensStep::Sampled {
        sampled,
        intervals: w.len() - 1,
        average: avg_between,
        threshold,
    });
    let mut to_start = gap_start;
    let mut edge = StartEdge::Gap;
    if to_start >= threshold {
        to_start = avg_between / 2.0;
        edge = StartEdge::HalfInterval;
    }
    if is_counter {
        let mut to_zero = to_start;
        if result > 0.0 && first.v >= 0.0 {
            to_zero = sampled * (first.v / result);
        }
        if to_zero < to_start {
            to_start = to_zero;
            edge = StartEdge::Zero;
        }
    }
    lens.steps.push(LensStep::ToStart {
        gap: gap_start,
        used: to_start,
        edge,
    });
    let mut to_end = gap_end;
    let half_end = to_end >= threshold;
    if half_end {
        to_end = avg_between / 2.0;
    }
    lens.steps.push(LensStep::ToEnd {
        gap: gap_end,
        used: to_end,
        half: half_end,
    });
    let mut factor = if sampled != 0.0 {
        (sampled + to_start + to_end) / sampled
    } else {
        1.0
    };
    lens.steps.push(LensStep::Factor {
        sampled,
        to_start,
        to_end,
        factor,
    });
    let grown = result * factor;
    lens.steps.push(LensStep::Extrapolated {
        change: result,
        factor,
        value: grown,
    });
    if let Some(range_ms) = rate_range_ms {
        let range_s = range_ms as f64 / 1000.0;
        factor /= range_s;
        lens.steps.push(LensStep::PerSecond {
            change: grown,
            range_s,
        });
    }
    let slope = if sampled != 0.0 {
        result / sampled
    } else {
        0.0
    };
    lens.extrapolated = Some((
        (
            first.t - (to_start * 1000.0).round() as i64,
            first.v - slope * to_start,
        ),
        (
            last.t + (to_end * 1000.0).round() as i64,
            last.v + slope * to_end,
        ),
    ));
    lens.value = Some(result * factor);
}

/// `irate` and `idelta`: the last two samples only.
fn instant(lens: &mut Lens, is_rate: bool) {
    let n = lens.included.len();
    let pair = n
        .checked_sub(2)
        .and_then(|i| lens.included.get(i..))
        .and_then(|p| match p {
            [a, b] => Some((*a, *b)),
            _ => None,
        });
    let Some((prev, last)) = pair.filter(|(a, b)| b.t != a.t) else {
        lens.steps.push(LensStep::TooFew { needed: 2 });
        return;
    };
    let reset = is_rate && last.v < prev.v;
    let change = if reset { last.v } else { last.v - prev.v };
    let seconds = (last.t - prev.t) as f64 / 1000.0;
    lens.steps.push(LensStep::LastTwo {
        prev: prev.v,
        last: last.v,
        reset,
        change,
    });
    if reset {
        lens.resets.push(Reset {
            before: prev,
            after: last,
        });
    }
    let value = if is_rate {
        lens.steps.push(LensStep::PerSecond {
            change,
            range_s: seconds,
        });
        change / seconds
    } else {
        change
    };
    lens.value = Some(value);
}

/// The `*_over_time` functions: one aggregation of the window's values.
fn over_time(lens: &mut Lens) {
    let values: Vec<f64> = lens.included.iter().map(|s| s.v).collect();
    let (Some(&first), Some(&last)) = (values.first(), values.last()) else {
        lens.steps.push(LensStep::TooFew { needed: 1 });
        return;
    };
    let count = values.len() as f64;
    let sum: f64 = values.iter().sum();
    let value = match lens.func {
        LensFn::Sum => sum,
        LensFn::Avg => sum / count,
        LensFn::Min => values
            .iter()
            .copied()
            .fold(first, |m, v| if v < m || m.is_nan() { v } else { m }),
        LensFn::Max => values
            .iter()
            .copied()
            .fold(first, |m, v| if v > m || m.is_nan() { v } else { m }),
        LensFn::Count => count,
        _ => last,
    };
    lens.steps.push(LensStep::OverTime {
        func: lens.func,
        count: values.len(),
        sum,
    });
    lens.value = Some(value);
}
