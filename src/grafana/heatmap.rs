//! Prometheus histogram buckets as Grafana's heatmap reads them (the data source's
//! "Format: Heatmap"): the series are told apart by their `le` label and sorted by it,
//! series with the same bound are added up (as `sum by (le)` would), and each bucket's
//! value becomes its own by subtracting the bucket below, since Prometheus's buckets are
//! cumulative (`le="0.5"` counts everything at or under 0.5 s).

use std::fmt;

use crate::chart::{ChartData, HeatmapData};
use crate::lang::Lang;
use crate::store::Labels;

/// Why a query's result cannot be drawn as a heatmap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeatmapError {
    /// A series has no `le` label, or one that is not a number (its labels).
    NotABucket(String),
}

impl HeatmapError {
    /// The message in `lang`, with the query that makes buckets.
    pub fn message(&self, lang: Lang) -> String {
        let HeatmapError::NotABucket(series) = self;
        let example = "sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval]))";
        match lang {
            Lang::Fr => format!(
                "Une carte de chaleur montre les seaux d'un histogramme : chaque série doit \
                 avoir une étiquette le numérique, ce n'est pas le cas de {series}. Par \
                 exemple : {example}"
            ),
            Lang::En => format!(
                "A heatmap shows a histogram's buckets: every series needs a numeric le \
                 label, and {series} has none. For example: {example}"
            ),
        }
    }
}

impl fmt::Display for HeatmapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for HeatmapError {}

/// The bound of an `le` value (`0.25`, `+Inf`), as Prometheus parses it.
fn bound(le: &str) -> Option<f64> {
    match le {
        "+Inf" | "Inf" | "+inf" | "inf" => Some(f64::INFINITY),
        _ => le.parse::<f64>().ok().filter(|v| !v.is_nan()),
    }
}

/// One bucket: its bound, its label as written, its cumulative values by time.
struct Bucket {
    bound: f64,
    label: String,
    values: Vec<(i64, f64)>,
}

/// Adds `(t, v)` points into `into`, both in time order.
fn add_points(into: &mut Vec<(i64, f64)>, points: &[(i64, f64)]) {
    let mut merged = Vec::with_capacity(into.len().max(points.len()));
    let (mut a, mut b) = (into.iter().peekable(), points.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (Some(&&(ta, va)), Some(&&(tb, vb))) if ta == tb => {
                merged.push((ta, va + vb));
                a.next();
                b.next();
            }
            (Some(&&(ta, _)), Some(&&(tb, _))) if ta < tb => merged.extend(a.next()),
            (Some(_), Some(_)) => merged.extend(b.next()),
            (Some(_), None) => merged.extend(a.next()),
            (None, Some(_)) => merged.extend(b.next()),
            (None, None) => break,
        }
    }
    *into = merged;
}

/// The value at `t` of points in time order.
fn at(points: &[(i64, f64)], t: i64) -> Option<f64> {
    points
        .binary_search_by_key(&t, |p| p.0)
        .ok()
        .and_then(|i| points.get(i))
        .map(|p| p.1)
}

/// The heatmap of `data`, whose series are labelled `labels` (in the same order).
pub fn to_heatmap(data: &ChartData, labels: &[Labels]) -> Result<HeatmapData, HeatmapError> {
    let mut buckets: Vec<Bucket> = Vec::new();
    for (series, labels) in data.series.iter().zip(labels) {
        let le = labels.get("le");
        let b = bound(le).ok_or_else(|| HeatmapError::NotABucket(labels.to_string()))?;
        match buckets.iter_mut().find(|k| k.bound == b) {
            Some(k) => add_points(&mut k.values, &series.points),
            None => buckets.push(Bucket {
                bound: b,
                label: le.to_string(),
                values: series.points.clone(),
            }),
        }
    }
    crate::order::sort_by(&mut buckets, |x, y| x.bound.total_cmp(&y.bound));
    let cells = buckets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let below = i.checked_sub(1).and_then(|j| buckets.get(j));
            b.values
                .iter()
                .map(|&(t, v)| {
                    let under = below.and_then(|k| at(&k.values, t)).unwrap_or(0.0);
                    (t, v - under)
                })
                .collect()
        })
        .collect();
    Ok(HeatmapData {
        buckets: buckets.into_iter().map(|b| b.label).collect(),
        cells,
        start_ms: data.start_ms,
        end_ms: data.end_ms,
        step_ms: data.step_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ChartSeries;

    fn series(le: &str, instance: &str, values: &[f64]) -> (ChartSeries, Labels) {
        let labels = Labels::from_pairs([("le", le), ("instance", instance)]);
        let points = values
            .iter()
            .enumerate()
            .map(|(k, &v)| (k as i64 * 15_000, v))
            .collect();
        let name = labels.to_string();
        (ChartSeries { name, points }, labels)
    }

    fn data(parts: Vec<(ChartSeries, Labels)>) -> (ChartData, Vec<Labels>) {
        let (series, labels) = parts.into_iter().unzip();
        let data = ChartData {
            series,
            start_ms: 0,
            end_ms: 30_000,
            step_ms: 15_000,
        };
        (data, labels)
    }

    #[test]
    fn cumulative_buckets_become_counts_per_bucket_sorted_by_bound() {
        let (d, l) = data(vec![
            series("+Inf", "a", &[10.0, 12.0, 20.0]),
            series("0.1", "a", &[2.0, 2.0, 5.0]),
            series("0.5", "a", &[7.0, 9.0, 15.0]),
        ]);
        let h = to_heatmap(&d, &l).expect("buckets");
        assert_eq!(h.buckets, ["0.1", "0.5", "+Inf"]);
        let values = |row: usize| -> Vec<f64> { h.cells[row].iter().map(|c| c.1).collect() };
        assert_eq!(values(0), [2.0, 2.0, 5.0]);
        assert_eq!(values(1), [5.0, 7.0, 10.0]);
        assert_eq!(values(2), [3.0, 3.0, 5.0]);
        assert_eq!(h.cells[2][1].0, 15_000);
        assert_eq!((h.start_ms, h.end_ms, h.step_ms), (0, 30_000, 15_000));
    }

    #[test]
    fn series_of_one_bound_are_added_as_sum_by_le() {
        let (d, l) = data(vec![
            series("1", "a", &[1.0, 2.0]),
            series("1", "b", &[3.0, 4.0, 5.0]),
            series("1e1", "a", &[4.0, 6.0]),
        ]);
        let h = to_heatmap(&d, &l).expect("buckets");
        assert_eq!(h.buckets, ["1", "1e1"]);
        assert_eq!(h.cells[0], [(0, 4.0), (15_000, 6.0), (30_000, 5.0)]);
        // The bucket above has no value at 30 s: nothing to draw there.
        assert_eq!(h.cells[1], [(0, 0.0), (15_000, 0.0)]);
    }

    #[test]
    fn a_series_without_a_bound_is_named() {
        let (d, mut l) = data(vec![series("0.1", "a", &[1.0]), series("x", "a", &[1.0])]);
        let e = to_heatmap(&d, &l).unwrap_err();
        assert_eq!(e, HeatmapError::NotABucket(l[1].to_string()));
        assert!(e.message(Lang::En).contains("le=\"x\""), "{e}");
        assert!(e.message(Lang::Fr).contains("sum by (le)"));
        l[1] = Labels::from_pairs([("job", "my_app")]);
        assert!(to_heatmap(&d, &l).is_err(), "no le at all");
        assert_eq!(
            to_heatmap(&ChartData::default(), &[]),
            Ok(HeatmapData::default())
        );
    }
}
