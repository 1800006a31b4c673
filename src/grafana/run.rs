//! Running a dashboard panel against the simulation: its query over the dashboard's range
//! at the panel's step (raised to its min interval), each series named by the panel's legend format, and its alert
//! rule evaluated on the same steps. The dashboard's view only draws what this returns.

use crate::alert::{self, AlertRunError, AlertTimeline};
use crate::chart::ChartData;
use crate::playground::{GraphAnswer, GraphWindow, Playground, QueryError};

use super::grid::alert_grid;
use super::interval::panel_step;
use super::legend::legend_name;
use super::panel::PanelSpec;

/// What a panel shows: the query's chart data and, with a rule, the alert's states.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelData {
    /// The query over the dashboard's range, series named by the legend format.
    pub chart: Result<ChartData, QueryError>,
    /// The alert rule's states over the same evaluations, if the panel has a rule.
    pub alert: Option<Result<AlertTimeline, AlertRunError>>,
}

impl Default for PanelData {
    /// Nothing to draw (a panel whose data source fails shows no data, as in Grafana).
    fn default() -> Self {
        PanelData {
            chart: Ok(ChartData::default()),
            alert: None,
        }
    }
}

/// The chart of `answer` with each series renamed by the legend `format`.
fn named(answer: GraphAnswer, format: &str) -> ChartData {
    let mut data = answer.data;
    for (series, labels) in data.series.iter_mut().zip(&answer.labels) {
        series.name = legend_name(format, labels, &series.name);
    }
    data
}

/// Runs `spec`'s query over the `range_ms` before the simulated now, and its alert rule.
pub fn run_panel(pg: &Playground, spec: &PanelSpec, range_ms: i64) -> PanelData {
    let step = panel_step(range_ms, spec.min_interval_ms);
    let window = GraphWindow {
        range_ms,
        end_ms: None,
        step_ms: step,
    };
    let chart = pg
        .graph(&spec.query, window, false)
        .map(|a| named(a, &spec.legend));
    let alert = spec.alert_rule().map(|rule| {
        let grid = alert_grid(pg.now_ms(), range_ms, step, rule.for_ms);
        alert::run(&rule, pg.store(), pg.engine(), &grid).map(|run| run.timeline)
    });
    PanelData { chart, alert }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grafana::parse_alert;

    const MIN: i64 = 60_000;

    fn running() -> Playground {
        let mut pg = Playground::new(3, 1_700_000_000_000);
        pg.set_rate(2.0).expect("a valid rate");
        pg.step(10 * MIN);
        pg
    }

    #[test]
    fn series_are_named_by_the_legend_format() {
        let pg = running();
        let mut spec = PanelSpec::default();
        let plain = run_panel(&pg, &spec, 5 * MIN).chart.expect("valid");
        assert!(!plain.series.is_empty());
        assert!(
            plain.series[0].name.starts_with("http_requests_total{"),
            "{}",
            plain.series[0].name
        );
        spec.legend = "{{job}} on {{instance}}{{nope}}".into();
        let named = run_panel(&pg, &spec, 5 * MIN).chart.expect("valid");
        assert_eq!(named.series[0].name, "my_app on localhost:8000");
        assert_eq!(named.series[0].points, plain.series[0].points);
    }

    #[test]
    fn the_min_interval_raises_the_step() {
        let pg = running();
        let auto = run_panel(&pg, &PanelSpec::default(), 5 * MIN)
            .chart
            .expect("valid");
        let spec = PanelSpec {
            min_interval_ms: Some(MIN),
            ..PanelSpec::default()
        };
        let coarse = run_panel(&pg, &spec, 5 * MIN).chart.expect("valid");
        assert!(auto.step_ms < MIN, "{}", auto.step_ms);
        assert_eq!(coarse.step_ms, MIN);
        assert!(coarse.series[0].points.len() <= 6);
        assert!(auto.point_count() > coarse.point_count());
    }

    #[test]
    fn errors_and_alerts_come_back_as_values() {
        let pg = running();
        let spec = PanelSpec {
            query: "sum(".into(),
            ..PanelSpec::default()
        };
        assert!(matches!(
            run_panel(&pg, &spec, 5 * MIN).chart,
            Err(QueryError::Parse(_))
        ));
        assert_eq!(PanelData::default().chart, Ok(ChartData::default()));
        let spec = PanelSpec {
            alert: parse_alert("", "High", ">", "0", "0").ok(),
            ..PanelSpec::default()
        };
        let data = run_panel(&pg, &spec, 5 * MIN);
        let timeline = data.alert.expect("a rule").expect("it runs");
        assert!(timeline.current_state().name() == "firing", "requests > 0");
    }
}
