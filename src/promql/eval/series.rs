//! The evaluator's working series: labels, a pending metric-name removal flag, points on
//! the step grid; a builder that assembles output series step by step; and a cursor that
//! reads input series one step at a time.

use std::collections::HashMap;

use crate::store::{Labels, Sample};

use super::EvalError;

/// A series inside the evaluator.
#[derive(Clone, Debug)]
pub(crate) struct EvalSeries {
    /// Labels, still holding `__name__` when its removal is pending.
    pub labels: Labels,
    /// Prometheus 3's delayed name removal: drop `__name__` when the query ends.
    pub drop_name: bool,
    /// Points in time order.
    pub points: Vec<Sample>,
}

/// Assembles output series from per-step samples, refusing two samples with the same
/// labels at the same step.
#[derive(Default)]
pub(crate) struct Builder {
    out: Vec<EvalSeries>,
    index: HashMap<Labels, usize>,
}

impl Builder {
    /// Adds one sample of series `labels` at `t`.
    pub fn push(
        &mut self,
        labels: &Labels,
        drop_name: bool,
        t: i64,
        v: f64,
    ) -> Result<(), EvalError> {
        match self.index.get(labels) {
            Some(&i) => {
                let s = &mut self.out[i];
                if s.points.last().is_some_and(|p| p.t == t) {
                    return Err(EvalError::SameLabelset);
                }
                s.points.push(Sample { t, v });
                s.drop_name = drop_name;
            }
            None => {
                self.index.insert(labels.clone(), self.out.len());
                self.out.push(EvalSeries {
                    labels: labels.clone(),
                    drop_name,
                    points: vec![Sample { t, v }],
                });
            }
        }
        Ok(())
    }

    /// The series built, in the order they first appeared.
    pub fn finish(self) -> Vec<EvalSeries> {
        self.out
    }
}

/// Reads a set of grid-aligned series step by step.
pub(crate) struct Cursor<'s> {
    series: &'s [EvalSeries],
    pos: Vec<usize>,
}

impl<'s> Cursor<'s> {
    /// A cursor at the first step.
    pub fn new(series: &'s [EvalSeries]) -> Self {
        Cursor {
            series,
            pos: vec![0; series.len()],
        }
    }

    /// Fills `out` with `(series index, value)` of every series with a point at `t`;
    /// steps must be visited in increasing order.
    pub fn at(&mut self, t: i64, out: &mut Vec<(usize, f64)>) {
        out.clear();
        for (i, s) in self.series.iter().enumerate() {
            let Some(pos) = self.pos.get_mut(i) else {
                continue;
            };
            while let Some(p) = s.points.get(*pos) {
                if p.t < t {
                    *pos += 1;
                    continue;
                }
                if p.t == t {
                    out.push((i, p.v));
                }
                break;
            }
        }
    }
}

/// A label set printed as Prometheus's `labels.String()`: `{__name__="x", a="b"}`.
pub(crate) fn labels_string(l: &Labels) -> String {
    let parts: Vec<String> = l
        .iter()
        .map(|l| {
            format!(
                "{}=\"{}\"",
                l.name,
                crate::store::escape_label_value(&l.value)
            )
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(pairs: &[(&str, &str)]) -> Labels {
        Labels::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn builder_refuses_duplicates_at_one_step() {
        let mut b = Builder::default();
        let a = l(&[("a", "1")]);
        assert!(b.push(&a, false, 0, 1.0).is_ok());
        assert!(b.push(&a, false, 10, 2.0).is_ok());
        assert_eq!(b.push(&a, false, 10, 3.0), Err(EvalError::SameLabelset));
        assert_eq!(b.finish()[0].points.len(), 2);
    }

    #[test]
    fn cursor_reads_steps_in_order() {
        let s = vec![
            EvalSeries {
                labels: l(&[("a", "1")]),
                drop_name: false,
                points: vec![Sample { t: 0, v: 1.0 }, Sample { t: 20, v: 3.0 }],
            },
            EvalSeries {
                labels: l(&[("a", "2")]),
                drop_name: false,
                points: vec![Sample { t: 10, v: 2.0 }],
            },
        ];
        let mut c = Cursor::new(&s);
        let mut out = Vec::new();
        c.at(0, &mut out);
        assert_eq!(out, vec![(0, 1.0)]);
        c.at(10, &mut out);
        assert_eq!(out, vec![(1, 2.0)]);
        c.at(20, &mut out);
        assert_eq!(out, vec![(0, 3.0)]);
    }

    #[test]
    fn labels_print_like_prometheus() {
        assert_eq!(
            labels_string(&l(&[("__name__", "x"), ("a", "b\"c")])),
            "{__name__=\"x\", a=\"b\\\"c\"}"
        );
    }
}
