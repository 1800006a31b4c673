//! Drawable series: points on a time range, split where samples are missing.

/// One line of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSeries {
    /// Legend text: the series' labels as Prometheus prints them.
    pub name: String,
    /// `(time ms, value)` points in time order; non-finite values are not drawn.
    pub points: Vec<(i64, f64)>,
}

impl ChartSeries {
    /// The drawable runs of the line: consecutive points no further apart than
    /// `max_gap_ms`, with finite values. A gap (a target down, a stale series) breaks the
    /// line as it does in Grafana.
    pub fn segments(&self, max_gap_ms: i64) -> Vec<Vec<(i64, f64)>> {
        let mut out: Vec<Vec<(i64, f64)>> = Vec::new();
        let mut current: Vec<(i64, f64)> = Vec::new();
        for &(t, v) in &self.points {
            let joined = current.last().is_some_and(|&(pt, _)| t - pt <= max_gap_ms);
            if (!v.is_finite() || !joined) && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if v.is_finite() {
                current.push((t, v));
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
        out
    }

    /// Smallest, largest and last finite values, for the legend.
    pub fn stats(&self) -> Option<(f64, f64, f64)> {
        let finite: Vec<f64> = self
            .points
            .iter()
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .collect();
        let last = *finite.last()?;
        let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some((min, max, last))
    }
}

/// Everything the chart draws.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChartData {
    /// The lines.
    pub series: Vec<ChartSeries>,
    /// Left edge of the time axis (ms).
    pub start_ms: i64,
    /// Right edge of the time axis (ms).
    pub end_ms: i64,
    /// Evaluation step (ms): points further apart than this are not joined.
    pub step_ms: i64,
}

impl ChartData {
    /// The value range to show: all finite values, widened so a flat line sits mid-chart
    /// and including zero when `from_zero`.
    pub fn value_range(&self, from_zero: bool) -> (f64, f64) {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for (_, v) in self
            .series
            .iter()
            .flat_map(|s| s.points.iter())
            .filter(|p| p.1.is_finite())
        {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        if !lo.is_finite() {
            return (0.0, 1.0);
        }
        if from_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if hi - lo < f64::EPSILON * hi.abs().max(1.0) {
            let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
            // From zero, a flat line at zero sits on the axis, never above a negative half.
            let bottom = if from_zero && lo >= 0.0 { lo } else { lo - pad };
            return (bottom, hi + pad);
        }
        let pad = (hi - lo) * 0.05;
        (if from_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad)
    }

    /// Number of points over all series.
    pub fn point_count(&self) -> usize {
        self.series.iter().map(|s| s.points.len()).sum()
    }

    /// The series stacked as Grafana's "normal" stacking: each point becomes the sum of
    /// its own value and the finite values of the series before it at the same time.
    pub fn stacked(&self) -> ChartData {
        let mut totals: std::collections::HashMap<i64, f64> = std::collections::HashMap::new();
        let series = self
            .series
            .iter()
            .map(|s| ChartSeries {
                name: s.name.clone(),
                points: s
                    .points
                    .iter()
                    .map(|&(t, v)| {
                        if !v.is_finite() {
                            return (t, v);
                        }
                        let total = totals.entry(t).or_insert(0.0);
                        *total += v;
                        (t, *total)
                    })
                    .collect(),
            })
            .collect();
        ChartData {
            series,
            ..self.clone()
        }
    }

    /// The step time nearest to `t` and each series' value there, as
    /// `(series index, value)` (series without a point there are left out).
    pub fn values_at(&self, t: i64) -> (i64, Vec<(usize, f64)>) {
        let step = self.step_ms.max(1);
        let k = ((t - self.start_ms) as f64 / step as f64).round() as i64;
        let at = (self.start_ms + k * step).clamp(self.start_ms, self.end_ms.max(self.start_ms));
        let values = self
            .series
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let idx = s.points.binary_search_by_key(&at, |p| p.0).ok()?;
                s.points.get(idx).map(|p| (i, p.1))
            })
            .collect();
        (at, values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_and_nan_split_the_line() {
        let s = ChartSeries {
            name: "x".into(),
            points: vec![
                (0, 1.0),
                (15, 2.0),
                (30, f64::NAN),
                (45, 3.0),
                (120, 4.0),
                (135, 5.0),
            ],
        };
        let seg = s.segments(15);
        assert_eq!(
            seg,
            vec![
                vec![(0, 1.0), (15, 2.0)],
                vec![(45, 3.0)],
                vec![(120, 4.0), (135, 5.0)]
            ]
        );
        assert_eq!(s.stats(), Some((1.0, 5.0, 5.0)));
    }

    #[test]
    fn flat_and_empty_ranges_are_widened() {
        let mut d = ChartData::default();
        assert_eq!(d.value_range(true), (0.0, 1.0));
        d.series.push(ChartSeries {
            name: "x".into(),
            points: vec![(0, 3.0), (1, 3.0)],
        });
        let (lo, hi) = d.value_range(false);
        assert!(lo < 3.0 && hi > 3.0);
        assert_eq!(d.value_range(true).0, 0.0);
        // An all-zero series from zero: 0..1, not -1..1.
        d.series[0].points = vec![(0, 0.0), (1, 0.0)];
        assert_eq!(d.value_range(true), (0.0, 1.0));
        assert_eq!(d.value_range(false), (-1.0, 1.0));
    }

    #[test]
    fn stacking_sums_per_timestamp() {
        let d = ChartData {
            series: vec![
                ChartSeries {
                    name: "a".into(),
                    points: vec![(0, 1.0), (10, 2.0)],
                },
                ChartSeries {
                    name: "b".into(),
                    points: vec![(0, 3.0), (10, f64::NAN), (20, 5.0)],
                },
                ChartSeries {
                    name: "c".into(),
                    points: vec![(10, 4.0)],
                },
            ],
            start_ms: 0,
            end_ms: 20,
            step_ms: 10,
        };
        let s = d.stacked();
        assert_eq!(s.series[0].points, vec![(0, 1.0), (10, 2.0)]);
        assert_eq!(s.series[1].points[0], (0, 4.0));
        assert!(s.series[1].points[1].1.is_nan(), "a gap stays a gap");
        assert_eq!(s.series[1].points[2], (20, 5.0));
        assert_eq!(s.series[2].points, vec![(10, 6.0)]);
    }

    #[test]
    fn values_at_picks_the_nearest_step() {
        let d = ChartData {
            series: vec![
                ChartSeries {
                    name: "a".into(),
                    points: vec![(0, 1.0), (10, 2.0), (20, 3.0)],
                },
                ChartSeries {
                    name: "b".into(),
                    points: vec![(20, 7.0)],
                },
            ],
            start_ms: 0,
            end_ms: 20,
            step_ms: 10,
        };
        assert_eq!(d.values_at(12), (10, vec![(0, 2.0)]));
        assert_eq!(d.values_at(19), (20, vec![(0, 3.0), (1, 7.0)]));
        assert_eq!(d.values_at(500).0, 20, "clamped to the end");
    }
}
