//! Grafana's Stat panel: one big number per series, its last non-null value (the
//! reducer "Last *"), coloured by the highest threshold it reaches.

use crate::chart::ChartData;

use super::panel::{Threshold, ThresholdColor};

/// One series' number.
#[derive(Clone, Debug, PartialEq)]
pub struct StatValue {
    /// The series' name (its legend).
    pub name: String,
    /// Its last finite value; `None` when it has none.
    pub value: Option<f64>,
    /// The colour of the highest threshold at or below the value, if any.
    pub color: Option<ThresholdColor>,
}

/// The colour of the highest of `thresholds` that `value` reaches (`None` under all).
pub fn threshold_color(value: f64, thresholds: &[Threshold]) -> Option<ThresholdColor> {
    thresholds
        .iter()
        .filter(|t| t.value.is_finite() && value >= t.value)
        .max_by(|a, b| a.value.total_cmp(&b.value))
        .map(|t| t.color)
}

/// The numbers of `data`, one per series, in order.
pub fn stat_values(data: &ChartData, thresholds: &[Threshold]) -> Vec<StatValue> {
    data.series
        .iter()
        .map(|s| {
            let value = s.stats().map(|(_, _, last)| last);
            StatValue {
                name: s.name.clone(),
                value,
                color: value.and_then(|v| threshold_color(v, thresholds)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::ChartSeries;

    fn threshold(value: f64, color: ThresholdColor) -> Threshold {
        Threshold { value, color }
    }

    #[test]
    fn the_last_finite_value_of_each_series() {
        let data = ChartData {
            series: vec![
                ChartSeries {
                    name: "a".into(),
                    points: vec![(0, 1.0), (15, 7.5), (30, f64::NAN)],
                },
                ChartSeries {
                    name: "b".into(),
                    points: vec![],
                },
            ],
            ..ChartData::default()
        };
        let th = [threshold(5.0, ThresholdColor::Orange)];
        let values = stat_values(&data, &th);
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].value, Some(7.5));
        assert_eq!(values[0].color, Some(ThresholdColor::Orange));
        assert_eq!(values[1].value, None);
        assert_eq!(values[1].color, None);
    }

    #[test]
    fn the_highest_threshold_reached_gives_the_colour() {
        let th = [
            threshold(80.0, ThresholdColor::Red),
            threshold(50.0, ThresholdColor::Yellow),
            threshold(f64::NAN, ThresholdColor::Blue),
        ];
        assert_eq!(threshold_color(10.0, &th), None);
        assert_eq!(threshold_color(50.0, &th), Some(ThresholdColor::Yellow));
        assert_eq!(threshold_color(79.0, &th), Some(ThresholdColor::Yellow));
        assert_eq!(threshold_color(95.0, &th), Some(ThresholdColor::Red));
        assert_eq!(threshold_color(95.0, &[]), None);
    }
}
