//! Whether a task is done, judged from the simulation and what the learner built.

use crate::playground::Playground;
use crate::promql::ast::ExprKind;
use crate::promql::{parse, InstantSample, Value};
use crate::scrape::Health;
use crate::sim::Instrumentation;

use super::tasks::Task;

/// What the learner built outside the simulation (in the UI): the last query they ran in
/// the expression browser, and the Grafana side.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observed {
    /// The query the learner last ran in the expression browser (empty before their first
    /// run: a query the page fills in by itself is not the learner's).
    pub browser_query: String,
    /// Whether the Prometheus data source was saved and tested successfully.
    pub datasource_ok: bool,
    /// The queries of the dashboard's panels.
    pub panel_queries: Vec<String>,
    /// Whether some panel has an alert rule.
    pub has_alert_rule: bool,
}

/// The counter of the course.
const COUNTER: &str = "http_requests_total";

/// Whether `task` is done now.
pub fn check(task: Task, pg: &Playground, seen: &Observed) -> bool {
    match task {
        Task::SendTenRequests => {
            pg.app().requests_total() >= 10.0
                && pg
                    .metrics_preview()
                    .lines()
                    .any(|l| counter_line_at_least(l, 10.0))
        }
        Task::ScrapeInterval5s => pg
            .targets()
            .iter()
            .any(|t| t.target.interval_ms == 5_000 && t.health == Health::Up),
        Task::TargetUp => pg.targets().iter().any(|t| t.health == Health::Up),
        Task::QueryInBrowser => {
            selects(&seen.browser_query, COUNTER) && returns_series(pg, &seen.browser_query)
        }
        Task::AddDataSource => seen.datasource_ok,
        Task::CreatePanel => {
            seen.datasource_ok && seen.panel_queries.iter().any(|q| selects(q, COUNTER))
        }
        Task::RatePerSecond => std::iter::once(&seen.browser_query)
            .chain(&seen.panel_queries)
            .any(|q| is_rate_of_counter(q) && returns_series(pg, q)),
        Task::PerEndpoint => {
            pg.app().instrumentation() == Instrumentation::PerEndpoint
                && std::iter::once(&seen.browser_query)
                    .chain(&seen.panel_queries)
                    .any(|q| result_has_label(pg, q, "endpoint"))
        }
        Task::AlertRule => seen.has_alert_rule,
    }
}

/// `http_requests_total 12.0` (no labels) or with labels, at least `min`.
fn counter_line_at_least(line: &str, min: f64) -> bool {
    line.starts_with(COUNTER)
        && line
            .rsplit(' ')
            .next()
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|v| v >= min)
}

/// Whether the query parses and one of its selectors names `metric`.
fn selects(query: &str, metric: &str) -> bool {
    parse(query).map(|e| e.any(|n| matches!(&n.kind, ExprKind::VectorSelector(v) if v.name.as_deref() == Some(metric)) || matches!(&n.kind, ExprKind::MatrixSelector(m) if m.selector.name.as_deref() == Some(metric)))).unwrap_or(false)
}

/// Whether the query applies `rate` or `irate` to the course's counter.
fn is_rate_of_counter(query: &str) -> bool {
    parse(query)
        .map(|e| {
            e.any(|n| match &n.kind {
                ExprKind::Call(c) if matches!(c.func.name, "rate" | "irate") => {
                    c.args.iter().any(|a| matches!(&a.kind, ExprKind::MatrixSelector(m) if m.selector.name.as_deref() == Some(COUNTER)))
                }
                _ => false,
            })
        })
        .unwrap_or(false)
}

/// Whether the query returns at least one series at now.
fn returns_series(pg: &Playground, query: &str) -> bool {
    instant_vector(pg, query).is_some_and(|v| !v.is_empty())
}

/// Whether some series the query returns at now carries label `name`.
fn result_has_label(pg: &Playground, query: &str, name: &str) -> bool {
    instant_vector(pg, query).is_some_and(|v| v.iter().any(|s| s.labels.has(name)))
}

/// The query's instant vector at now, if it parses and evaluates to one.
fn instant_vector(pg: &Playground, query: &str) -> Option<Vec<InstantSample>> {
    let expr = parse(query).ok()?;
    match pg
        .engine()
        .instant(pg.store(), &expr, pg.now_ms())
        .ok()?
        .value
    {
        Value::Vector(v) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_795_545_600_000;

    #[test]
    fn ten_requests_are_found_in_metrics() {
        let mut pg = Playground::new(1, START);
        let seen = Observed::default();
        for _ in 0..9 {
            pg.send_request();
        }
        assert!(!check(Task::SendTenRequests, &pg, &seen));
        pg.send_request();
        assert!(check(Task::SendTenRequests, &pg, &seen));
    }

    #[test]
    fn scrape_interval_task_needs_a_target_up_at_5s() {
        let mut pg = Playground::new(1, START);
        let seen = Observed::default();
        assert!(!check(Task::ScrapeInterval5s, &pg, &seen));
        pg.apply_config("global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['localhost:8000']\n").unwrap();
        assert!(
            !check(Task::ScrapeInterval5s, &pg, &seen),
            "not before a scrape succeeded"
        );
        pg.step(10_000);
        assert!(check(Task::ScrapeInterval5s, &pg, &seen));
        assert!(check(Task::TargetUp, &pg, &seen));
    }

    #[test]
    fn an_edited_interval_counts_only_once_reloaded() {
        let mut pg = Playground::new(1, START);
        let seen = Observed::default();
        pg.edit_config(&crate::config::COURSE_CONFIG.replace("15s", "5s"));
        pg.step(60_000);
        assert!(
            !check(Task::ScrapeInterval5s, &pg, &seen),
            "an edited file is not loaded before a reload"
        );
        pg.reload_config().unwrap();
        pg.step(5_000);
        assert!(check(Task::ScrapeInterval5s, &pg, &seen));
    }

    #[test]
    fn queries_are_judged_by_what_they_select_and_return() {
        let mut pg = Playground::new(1, START);
        pg.set_rate(3.0).unwrap();
        pg.step(120_000);
        let mut seen = Observed {
            browser_query: "up".into(),
            ..Observed::default()
        };
        assert!(!check(Task::QueryInBrowser, &pg, &seen));
        seen.browser_query = "http_requests_total".into();
        assert!(check(Task::QueryInBrowser, &pg, &seen));
        assert!(!check(Task::RatePerSecond, &pg, &seen));
        seen.browser_query = "sum(rate(http_requests_total[1m]))".into();
        assert!(check(Task::RatePerSecond, &pg, &seen));
        seen.browser_query = "rate(http_requests_total[1m".into();
        assert!(
            !check(Task::RatePerSecond, &pg, &seen),
            "a broken query is not done"
        );
        seen.panel_queries = vec!["irate(http_requests_total[1m])".into()];
        assert!(check(Task::RatePerSecond, &pg, &seen), "a panel counts too");
        assert!(
            !check(Task::CreatePanel, &pg, &seen),
            "no panel without a data source"
        );
        seen.datasource_ok = true;
        assert!(check(Task::CreatePanel, &pg, &seen));
    }

    #[test]
    fn per_endpoint_needs_a_query_run_that_shows_the_label() {
        let mut pg = Playground::new(1, START);
        let mut seen = Observed::default();
        pg.deploy(Instrumentation::PerEndpoint);
        pg.send_request();
        pg.step(15_000);
        assert!(
            !check(Task::PerEndpoint, &pg, &seen),
            "deploying alone finds nothing"
        );
        seen.browser_query = "sum(http_requests_total)".into();
        assert!(!check(Task::PerEndpoint, &pg, &seen), "summed away");
        seen.browser_query = "http_requests_total".into();
        assert!(check(Task::PerEndpoint, &pg, &seen));
        seen.browser_query.clear();
        seen.panel_queries = vec!["sum by (endpoint) (http_requests_total)".into()];
        assert!(check(Task::PerEndpoint, &pg, &seen), "a panel counts too");
    }
}
