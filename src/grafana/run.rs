//! Running a dashboard panel against the simulation: its interval variables (its step,
//! raised to its min interval; the scrape interval of the running `prometheus.yml`), its
//! query with them substituted over the dashboard's range at that step, each series named
//! by the panel's legend format, and its alert rule evaluated on its own schedule (from
//! its creation to now, whatever the range shown); the range ends now, or where an
//! absolute range ends. A heatmap panel also gets its buckets. The dashboard's view only
//! draws what this returns.

use crate::alert::{self, AlertRun, AlertRunError, AlertTimeline};
use crate::chart::{ChartData, HeatmapData};
use crate::playground::{GraphAnswer, GraphWindow, Playground, QueryError};

use super::grid::alert_grid;
use super::heatmap::{to_heatmap, HeatmapError};
use super::interval::panel_step;
use super::legend::legend_name;
use super::panel::{PanelAlert, PanelSpec, Visualization};
use super::time_range::DashboardTime;
use super::variables::{interpolate, IntervalVars, GRAFANA_DEFAULT_SCRAPE_INTERVAL_MS};

/// What a panel shows: the query's chart data and, with a rule, the alert's states.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelData {
    /// The query over the dashboard's range, series named by the legend format.
    pub chart: Result<ChartData, QueryError>,
    /// The alert rule's states from its creation to now, if the panel has a rule
    /// (`None` inside the result until its first evaluation has come).
    pub alert: Option<Result<Option<AlertTimeline>, AlertRunError>>,
    /// The buckets of a heatmap panel whose query ran.
    pub heatmap: Option<Result<HeatmapData, HeatmapError>>,
}

impl Default for PanelData {
    /// Nothing to draw (a panel whose data source fails shows no data, as in Grafana).
    fn default() -> Self {
        PanelData {
            chart: Ok(ChartData::default()),
            alert: None,
            heatmap: None,
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

/// The interval variables of `spec` over `range_ms`: its step, and the running
/// `prometheus.yml`'s global `scrape_interval` as the data source's scrape interval
/// (Grafana's own default, 15 s, should the file give none).
pub fn panel_vars(pg: &Playground, spec: &PanelSpec, range_ms: i64) -> IntervalVars {
    let scrape = i64::try_from(pg.config().global.scrape_interval_ms)
        .ok()
        .filter(|&ms| ms > 0)
        .unwrap_or(GRAFANA_DEFAULT_SCRAPE_INTERVAL_MS);
    let step = panel_step(range_ms, spec.min_interval_ms);
    IntervalVars::new(step, range_ms, scrape, spec.min_interval_ms)
}

/// Runs `spec`'s query, its variables replaced by `vars`, over the `vars.range_ms` before
/// `end_ms` (the simulated now when `None`) at the step `vars.interval_ms`, and its alert
/// rule on the same query.
pub fn run_panel(
    pg: &Playground,
    spec: &PanelSpec,
    vars: &IntervalVars,
    end_ms: Option<i64>,
) -> PanelData {
    let (query, window) = panel_query(spec, vars, end_ms, pg.now_ms());
    let mut data = panel_data(spec, pg.graph(&query, window, false));
    data.alert = spec
        .alert
        .as_ref()
        .map(|a| run_alert(pg, a, &query).map(|run| run.map(|r| r.timeline)));
    data
}

/// `spec`'s query with `vars` substituted, and the window it runs over: the
/// `vars.range_ms` before `end_ms` (`now_ms` when `None`) at the step `vars.interval_ms`.
pub fn panel_query(
    spec: &PanelSpec,
    vars: &IntervalVars,
    end_ms: Option<i64>,
    now_ms: i64,
) -> (String, GraphWindow) {
    let time = DashboardTime {
        range_ms: vars.range_ms,
        end_ms,
    };
    let (start, end) = time.window(now_ms);
    let window = GraphWindow {
        range_ms: end - start,
        end_ms: Some(end),
        step_ms: vars.interval_ms,
    };
    (interpolate(&spec.query, vars).text, window)
}

/// What a panel shows of its query's `answer` (from the simulation or a server): the
/// chart with series named by the legend format and, for a heatmap, the buckets; no
/// alert states.
pub fn panel_data(spec: &PanelSpec, answer: Result<GraphAnswer, QueryError>) -> PanelData {
    let heatmap = match (&answer, spec.viz) {
        (Ok(a), Visualization::Heatmap) => Some(to_heatmap(&a.data, &a.labels)),
        _ => None,
    };
    PanelData {
        chart: answer.map(|a| named(a, &spec.legend)),
        alert: None,
        heatmap,
    }
}

/// Runs the panel alert `alert` with `query` (the panel's, its variables replaced) on
/// its schedule: from its creation (or the simulation's start) to now, every
/// `alert.every_ms`. `Ok(None)` until its first evaluation has come.
pub fn run_alert(
    pg: &Playground,
    alert: &PanelAlert,
    query: &str,
) -> Result<Option<AlertRun>, AlertRunError> {
    let created = alert.created_ms.unwrap_or_else(|| pg.started_ms());
    let Some(grid) = alert_grid(created, alert.every_ms, pg.now_ms()) else {
        return Ok(None);
    };
    let rule = alert::AlertRule {
        query: query.to_string(),
        ..alert.rule.clone()
    };
    alert::run(&rule, pg.store(), pg.engine(), &grid).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alert::AlertState;
    use crate::grafana::{parse_alert, AlertFields};

    const MIN: i64 = 60_000;

    /// `spec` run over the last `range_ms`.
    fn run(pg: &Playground, spec: &PanelSpec, range_ms: i64) -> PanelData {
        run_panel(pg, spec, &panel_vars(pg, spec, range_ms), None)
    }

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
        let plain = run(&pg, &spec, 5 * MIN).chart.expect("valid");
        assert!(!plain.series.is_empty());
        assert!(
            plain.series[0].name.starts_with("http_requests_total{"),
            "{}",
            plain.series[0].name
        );
        spec.legend = "{{job}} on {{instance}}{{nope}}".into();
        let named = run(&pg, &spec, 5 * MIN).chart.expect("valid");
        assert_eq!(named.series[0].name, "my_app on localhost:8000");
        assert_eq!(named.series[0].points, plain.series[0].points);
    }

    #[test]
    fn the_min_interval_raises_the_step() {
        let pg = running();
        let auto = run(&pg, &PanelSpec::default(), 5 * MIN)
            .chart
            .expect("valid");
        let spec = PanelSpec {
            min_interval_ms: Some(MIN),
            ..PanelSpec::default()
        };
        let coarse = run(&pg, &spec, 5 * MIN).chart.expect("valid");
        assert!(auto.step_ms < MIN, "{}", auto.step_ms);
        assert_eq!(coarse.step_ms, MIN);
        assert!(coarse.series[0].points.len() <= 6);
        assert!(auto.point_count() > coarse.point_count());
    }

    #[test]
    fn variables_are_substituted_with_the_running_scrape_interval() {
        let mut pg = running();
        let spec = PanelSpec {
            query: "rate(http_requests_total[$__rate_interval])".into(),
            ..PanelSpec::default()
        };
        let vars = panel_vars(&pg, &spec, 5 * MIN);
        assert_eq!(
            vars.scrape_interval_ms, 15_000,
            "the course's prometheus.yml"
        );
        assert_eq!(vars.rate_interval_ms, MIN);
        let with_var = run(&pg, &spec, 5 * MIN).chart.expect("valid");
        let written = PanelSpec {
            query: "rate(http_requests_total[1m])".into(),
            ..PanelSpec::default()
        };
        assert_eq!(with_var, run(&pg, &written, 5 * MIN).chart.expect("valid"));
        assert!(with_var.point_count() > 0);
        let yml = crate::config::COURSE_CONFIG.replace("15s", "30s");
        pg.apply_config(&yml).expect("a valid file");
        let vars = panel_vars(&pg, &spec, 5 * MIN);
        assert_eq!(
            (vars.scrape_interval_ms, vars.rate_interval_ms),
            (30_000, 2 * MIN)
        );
    }

    #[test]
    fn an_absolute_range_stays_where_it_was_set() {
        let mut pg = running();
        let spec = PanelSpec::default();
        let end = pg.now_ms() - 2 * MIN;
        let vars = panel_vars(&pg, &spec, 3 * MIN);
        let fixed = run_panel(&pg, &spec, &vars, Some(end))
            .chart
            .expect("valid");
        assert_eq!(
            fixed.end_ms,
            end.div_euclid(vars.interval_ms) * vars.interval_ms
        );
        assert_eq!(fixed.end_ms - fixed.start_ms, 3 * MIN);
        pg.step(5 * MIN);
        let later = run_panel(&pg, &spec, &vars, Some(end))
            .chart
            .expect("valid");
        assert_eq!(later, fixed, "time moved on, the range did not");
        let live = run_panel(&pg, &spec, &vars, None).chart.expect("valid");
        assert!(live.end_ms > fixed.end_ms + 5 * MIN);
    }

    #[test]
    fn a_heatmap_panel_gets_its_buckets() {
        let pg = running();
        let buckets = "label_replace(vector(2), \"le\", \"0.5\", \"\", \"\") \
                       or label_replace(vector(5), \"le\", \"+Inf\", \"\", \"\")";
        let spec = PanelSpec {
            query: buckets.into(),
            viz: Visualization::Heatmap,
            ..PanelSpec::default()
        };
        let h = run(&pg, &spec, 5 * MIN)
            .heatmap
            .expect("a heatmap panel")
            .expect("buckets");
        assert_eq!(h.buckets, ["0.5", "+Inf"]);
        assert!(h.cells[1].iter().all(|c| c.1 == 3.0), "5 - 2 above 0.5");
        let not_buckets = PanelSpec {
            viz: Visualization::Heatmap,
            ..PanelSpec::default()
        };
        assert!(matches!(
            run(&pg, &not_buckets, 5 * MIN).heatmap,
            Some(Err(HeatmapError::NotABucket(_)))
        ));
        assert_eq!(run(&pg, &PanelSpec::default(), 5 * MIN).heatmap, None);
    }

    #[test]
    fn the_production_app_s_latency_buckets_make_a_heatmap() {
        let mut pg = Playground::new(4, 1_700_000_000_000);
        pg.deploy(crate::sim::Instrumentation::Production);
        pg.set_rate(20.0).expect("a valid rate");
        pg.step(10 * MIN);
        let spec = PanelSpec {
            query: "sum by (le) (rate(http_request_duration_seconds_bucket[1m]))".into(),
            viz: Visualization::Heatmap,
            ..PanelSpec::default()
        };
        let h = run(&pg, &spec, 5 * MIN)
            .heatmap
            .expect("a heatmap panel")
            .expect("buckets");
        // prometheus_client's default buckets, in order, ending with +Inf.
        let bounds: Vec<f64> = h
            .buckets
            .iter()
            .map(|b| b.parse::<f64>().unwrap_or(f64::INFINITY))
            .collect();
        assert_eq!(h.buckets.len(), 15, "{:?}", h.buckets);
        assert!(bounds.windows(2).all(|w| w[0] < w[1]), "{:?}", h.buckets);
        assert_eq!(h.buckets.last().map(String::as_str), Some("+Inf"));
        // Each cell is that bucket's own share (never negative), and at each time the
        // cells add up to the total request rate.
        let total = match pg.instant("sum(rate(http_requests_total[1m]))", Some(h.end_ms)) {
            Ok(crate::promql::QueryResult {
                value: crate::promql::Value::Vector(v),
                ..
            }) => v.first().map_or(f64::NAN, |s| s.v),
            other => panic!("a total: {other:?}"),
        };
        let last: f64 = h
            .cells
            .iter()
            .filter_map(|row| row.last().map(|c| c.1))
            .sum();
        assert!(
            h.cells.iter().flatten().all(|c| c.1 >= -1e-9),
            "no negative cell"
        );
        assert!(
            (last - total).abs() < 1e-6 * total.max(1.0),
            "{last} vs {total}"
        );
        let busy = h
            .cells
            .iter()
            .filter(|row| row.iter().any(|c| c.1 > 0.0))
            .count();
        assert!(busy >= 3, "latencies spread over several buckets: {busy}");
    }

    #[test]
    fn errors_and_alerts_come_back_as_values() {
        let pg = running();
        let spec = PanelSpec {
            query: "sum(".into(),
            ..PanelSpec::default()
        };
        assert!(matches!(
            run(&pg, &spec, 5 * MIN).chart,
            Err(QueryError::Parse(_))
        ));
        assert_eq!(PanelData::default().chart, Ok(ChartData::default()));
        let spec = PanelSpec {
            alert: parse_alert(
                "",
                AlertFields {
                    for_text: "0",
                    every: "15s",
                    ..AlertFields::default()
                },
            )
            .ok(),
            ..PanelSpec::default()
        };
        let data = run(&pg, &spec, 5 * MIN);
        let timeline = data
            .alert
            .expect("a rule")
            .expect("it runs")
            .expect("evaluated");
        assert!(timeline.current_state().name() == "firing", "requests > 0");
    }

    /// A panel with the rule `rate(http_requests_total[1m]) > 0 for 1m`, evaluated every
    /// 15 s, created at `created_ms`.
    fn rate_alert(created_ms: i64) -> PanelSpec {
        let mut alert = parse_alert(
            "",
            AlertFields {
                every: "15s",
                ..AlertFields::default()
            },
        )
        .expect("valid fields");
        alert.created_ms = Some(created_ms);
        PanelSpec {
            query: "rate(http_requests_total[1m])".into(),
            alert: Some(alert),
            ..PanelSpec::default()
        }
    }

    #[test]
    fn an_alert_starts_when_created_whatever_the_range_shown() {
        let pg = running();
        let created = pg.now_ms() - 2 * MIN - 1_000;
        let spec = rate_alert(created);
        let lanes: Vec<AlertTimeline> = [5 * MIN, 30 * MIN, 6 * 60 * MIN]
            .into_iter()
            .map(|range| {
                run(&pg, &spec, range)
                    .alert
                    .expect("a rule")
                    .expect("it runs")
                    .expect("evaluated")
            })
            .collect();
        assert!(
            lanes.windows(2).all(|w| w[0] == w[1]),
            "the range shown changes nothing"
        );
        let lane = &lanes[0];
        let first = lane.overall.first().expect("evaluations");
        assert!(first.start_ms >= created, "nothing before the rule existed");
        assert!(matches!(first.state, AlertState::Pending { since_ms } if since_ms >= created));
        match lane.current_state() {
            AlertState::Firing { since_ms } => {
                assert_eq!(since_ms, first.start_ms + MIN, "fires `for` after pending")
            }
            other => panic!("expected firing, got {other:?}"),
        }
        // Created a moment ago, before its first tick: nothing yet.
        let fresh = rate_alert(pg.now_ms() - 1);
        assert_eq!(run(&pg, &fresh, 5 * MIN).alert, Some(Ok(None)));
    }
}
