//! Selectors: instant vector selectors with lookback and staleness, range windows
//! (left-open, stale markers dropped) for range functions, and subqueries evaluated on
//! their own step grid aligned to absolute multiples of their step.

use std::borrow::Cow;

use crate::promql::ast::{MatrixSelector, Subquery, VectorSelector};
use crate::store::{is_stale, Labels, Sample};

use super::series::EvalSeries;
use super::{EvalError, Evaluator};

/// Evaluates an instant vector selector over the grid. With `orig_time`, each point's value
/// is the timestamp (in seconds) of the sample found, as `timestamp()` wants.
pub(crate) fn vector(
    ev: &Evaluator,
    vs: &VectorSelector,
    orig_time: bool,
) -> Result<Vec<EvalSeries>, EvalError> {
    let at = ev.at_time(vs.at);
    let lookback = ev.engine.lookback_ms;
    let steps = ev.num_steps();
    let mut out = Vec::new();
    let mut total = 0usize;
    for id in ev.store.select(&vs.matchers) {
        let series = ev.store.series(id);
        let samples = &series.samples;
        let mut points = Vec::new();
        let mut hi = 0usize;
        let mut last_eff = i64::MIN;
        for i in 0..steps {
            let ts = ev.step_ts(i);
            let eff = at.unwrap_or(ts).saturating_sub(vs.offset_ms);
            // Steps only move forward, so the cursor does too.
            if i == 0 || eff < last_eff {
                hi = count_upto(samples, eff);
            } else {
                while samples.get(hi).is_some_and(|s| s.t <= eff) {
                    hi += 1;
                }
            }
            last_eff = eff;
            let Some(s) = hi.checked_sub(1).and_then(|j| samples.get(j)) else {
                continue;
            };
            if s.t <= eff.saturating_sub(lookback) || is_stale(s.v) {
                continue;
            }
            let v = if orig_time { s.t as f64 / 1000.0 } else { s.v };
            points.push(Sample { t: ts, v });
        }
        if !points.is_empty() {
            total += points.len();
            ev.check_samples(total)?;
            out.push(EvalSeries {
                labels: series.labels.clone(),
                drop_name: false,
                points,
            });
        }
    }
    Ok(out)
}

/// A range vector selector's value at an instant: the raw samples of each window.
pub(crate) fn matrix_value(
    ev: &Evaluator,
    ms: &MatrixSelector,
) -> Result<Vec<EvalSeries>, EvalError> {
    let arg = range_arg_selector(ev, ms);
    let mut out = Vec::new();
    let mut total = 0;
    for input in &arg.inputs {
        let mut windows = Windows::new(&input.samples);
        let w = arg.window(ev.start, &mut windows);
        if !w.is_empty() {
            total += w.len();
            ev.check_samples(total)?;
            out.push(EvalSeries {
                labels: input.labels.clone().into_owned(),
                drop_name: input.drop_name,
                points: w.to_vec(),
            });
        }
    }
    Ok(out)
}

/// One input series of a range function.
pub(crate) struct RangeInput<'s> {
    /// Its labels.
    pub labels: Cow<'s, Labels>,
    /// Pending name removal (from a subquery's inner expression).
    pub drop_name: bool,
    /// All its samples; windows are cut per step.
    pub samples: Cow<'s, [Sample]>,
}

/// The range-vector argument of a function: inputs plus how to cut windows.
pub(crate) struct RangeArg<'s> {
    /// The series.
    pub inputs: Vec<RangeInput<'s>>,
    /// Window length in milliseconds.
    pub range_ms: i64,
    /// Offset in milliseconds.
    pub offset_ms: i64,
    /// Pinned evaluation time (`@`), if any.
    pub at: Option<i64>,
    /// Matchers of the selector (for `absent_over_time`), empty for subqueries.
    pub selector: Option<&'s VectorSelector>,
}

impl RangeArg<'_> {
    /// End of the window evaluated at step time `ts`.
    pub fn range_end(&self, ts: i64) -> i64 {
        self.at.unwrap_or(ts).saturating_sub(self.offset_ms)
    }

    /// The window `(end - range, end]` at step `ts`, stale markers removed.
    pub fn window<'b>(&self, ts: i64, w: &'b mut Windows<'_>) -> &'b [Sample] {
        let end = self.range_end(ts);
        w.cut(end.saturating_sub(self.range_ms), end)
    }
}

/// Cuts successive windows of one series; bounds that only move forward (the usual case)
/// move two cursors instead of searching, and stale markers are filtered only in series
/// that have some.
pub(crate) struct Windows<'s> {
    samples: &'s [Sample],
    lo: usize,
    hi: usize,
    last_start: i64,
    has_stale: bool,
    buf: Vec<Sample>,
}

impl<'s> Windows<'s> {
    /// A cursor over `samples`.
    pub fn new(samples: &'s [Sample]) -> Self {
        Windows {
            samples,
            lo: 0,
            hi: 0,
            last_start: i64::MIN,
            has_stale: samples.iter().any(|s| is_stale(s.v)),
            buf: Vec::new(),
        }
    }

    /// The samples with `start < t <= end`, without stale markers.
    pub fn cut(&mut self, start: i64, end: i64) -> &[Sample] {
        let s = self.samples;
        if start < self.last_start {
            self.lo = s.partition_point(|x| x.t <= start);
            self.hi = s.partition_point(|x| x.t <= end);
        } else {
            if self.last_start == i64::MIN {
                self.lo = s.partition_point(|x| x.t <= start);
            }
            while s.get(self.lo).is_some_and(|x| x.t <= start) {
                self.lo += 1;
            }
            self.hi = self.hi.max(self.lo);
            while s.get(self.hi).is_some_and(|x| x.t <= end) {
                self.hi += 1;
            }
        }
        self.last_start = start;
        let w = s.get(self.lo..self.hi.max(self.lo)).unwrap_or(&[]);
        if self.has_stale && w.iter().any(|x| is_stale(x.v)) {
            self.buf.clear();
            self.buf.extend(w.iter().filter(|x| !is_stale(x.v)));
            &self.buf
        } else {
            w
        }
    }
}

/// How many samples have `t <= at`, as `partition_point` counts them, starting where `at`
/// would fall if the samples were evenly spaced: a series scraped at a steady interval is
/// answered in a read or two of memory not yet in cache, instead of a dozen scattered
/// ones. Uneven series fall back to the binary search.
pub(crate) fn count_upto(s: &[Sample], at: i64) -> usize {
    let (Some(first), Some(last)) = (s.first(), s.last()) else {
        return 0;
    };
    if at < first.t {
        return 0;
    }
    if at >= last.t {
        return s.len();
    }
    // Here first.t <= at < last.t, so at least two samples and an answer in 1..len.
    let frac = (at as f64 - first.t as f64) / (last.t as f64 - first.t as f64);
    let mut i = ((frac * (s.len() - 1) as f64) as usize).min(s.len() - 1);
    for _ in 0..4 {
        match (s[i].t <= at, s.get(i + 1), i.checked_sub(1).map(|j| &s[j])) {
            (true, Some(next), _) if next.t > at => return i + 1,
            (true, Some(_), _) => i += 1,
            (false, _, Some(prev)) if prev.t <= at => return i,
            (false, _, Some(_)) => i -= 1,
            _ => break,
        }
    }
    s.partition_point(|x| x.t <= at)
}

/// The inputs of a range selector: every matching series of the store, borrowed.
pub(crate) fn range_arg_selector<'s>(ev: &Evaluator<'s>, ms: &'s MatrixSelector) -> RangeArg<'s> {
    let store = ev.store;
    let inputs = store
        .select(&ms.selector.matchers)
        .into_iter()
        .map(|id| {
            let s = store.series(id);
            RangeInput {
                labels: Cow::Borrowed(&s.labels),
                drop_name: false,
                samples: Cow::Borrowed(&s.samples[..]),
            }
        })
        .collect();
    RangeArg {
        inputs,
        range_ms: ms.range_ms,
        offset_ms: ms.selector.offset_ms,
        at: ev.at_time(ms.selector.at),
        selector: Some(&ms.selector),
    }
}

/// The inputs of a subquery argument: its inner expression evaluated on its own grid.
pub(crate) fn range_arg_subquery<'s>(
    ev: &Evaluator<'s>,
    sq: &'s Subquery,
) -> Result<RangeArg<'s>, EvalError> {
    let series = subquery(ev, sq)?;
    Ok(RangeArg {
        inputs: series
            .into_iter()
            .map(|s| RangeInput {
                labels: Cow::Owned(s.labels),
                drop_name: s.drop_name,
                samples: Cow::Owned(s.points),
            })
            .collect(),
        range_ms: sq.range_ms,
        offset_ms: sq.offset_ms,
        at: ev.at_time(sq.at),
        selector: None,
    })
}

/// Evaluates a subquery's inner expression on the grid covering every window the outer
/// steps will read, aligned to absolute multiples of the subquery step.
pub(crate) fn subquery(ev: &Evaluator, sq: &Subquery) -> Result<Vec<EvalSeries>, EvalError> {
    let at = ev.at_time(sq.at);
    let (outer_start, outer_end) = match at {
        Some(t) => (t, t),
        None => {
            let last = ev
                .start
                .saturating_add((ev.end.saturating_sub(ev.start) / ev.interval) * ev.interval);
            (ev.start, last)
        }
    };
    let step = match sq.step_ms {
        Some(s) if s > 0 => s,
        _ => ev.engine.default_subquery_step_ms.max(1),
    };
    let end = outer_end.saturating_sub(sq.offset_ms);
    let first = outer_start
        .saturating_sub(sq.offset_ms)
        .saturating_sub(sq.range_ms);
    let mut start = step.saturating_mul(first / step);
    if start <= first {
        start = start.saturating_add(step);
    }
    let inner_steps = if end < start {
        0
    } else {
        (end.saturating_sub(start) / step).saturating_add(1)
    };
    if inner_steps as u64 > ev.engine.max_samples as u64 {
        return Err(EvalError::TooManySamples);
    }
    let child = ev.child(start, end, step);
    if end < start {
        return Ok(Vec::new());
    }
    match child.eval(&sq.expr)? {
        super::EvalValue::Vector(v) => Ok(v),
        super::EvalValue::Scalar(v) => Ok(vec![EvalSeries {
            labels: Labels::empty(),
            drop_name: false,
            points: v
                .iter()
                .enumerate()
                .map(|(i, &v)| Sample {
                    t: child.step_ts(i),
                    v,
                })
                .collect(),
        }]),
        other => Err(EvalError::Unsupported(format!(
            "subquery of {}",
            other.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::STALE_NAN;

    #[test]
    fn windows_move_forward_and_back_and_drop_stale_markers() {
        let s: Vec<Sample> = [(10, 1.0), (20, 2.0), (30, STALE_NAN), (40, 4.0)]
            .iter()
            .map(|&(t, v)| Sample { t, v })
            .collect();
        let mut w = Windows::new(&s);
        let ts = |w: &[Sample]| w.iter().map(|x| x.t).collect::<Vec<_>>();
        assert_eq!(ts(w.cut(0, 20)), vec![10, 20]);
        assert_eq!(ts(w.cut(10, 30)), vec![20]);
        assert_eq!(ts(w.cut(20, 50)), vec![40]);
        assert_eq!(ts(w.cut(0, 10)), vec![10]);
        assert!(w.cut(40, 100).is_empty());
    }

    #[test]
    fn count_upto_counts_as_the_binary_search_does() {
        let mk = |ts: &[i64]| ts.iter().map(|&t| Sample { t, v: 0.0 }).collect::<Vec<_>>();
        let even = mk(&(0..100).map(|k| k * 15).collect::<Vec<_>>());
        let uneven = mk(&[0, 1, 2, 3, 500, 501, 502, 1000, 5000, 5001]);
        let repeated = mk(&[10, 20, 20, 20, 30]);
        for s in [&even[..], &uneven[..], &repeated[..], &[], &even[..1]] {
            for at in [
                -5, 0, 1, 2, 14, 15, 16, 20, 499, 500, 777, 1484, 1485, 1500, 4999, 5001,
            ] {
                let want = s.partition_point(|x| x.t <= at);
                assert_eq!(count_upto(s, at), want, "at {at} in {s:?}");
            }
            for at in [i64::MIN, i64::MAX] {
                assert_eq!(count_upto(s, at), s.partition_point(|x| x.t <= at));
            }
        }
    }
}
