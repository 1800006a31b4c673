//! Whether a task is done, judged from the simulation and what the learner built.

use crate::alert::{AlertState, StateInterval};
use crate::grafana::{run_alert, PanelAlert};
use crate::playground::Playground;
use crate::promql::ast::{BinaryOp, Expr, ExprKind, VectorSelector};
use crate::promql::{parse, InstantSample, Value};
use crate::rules::{AlertState as RuleState, RuleKind};
use crate::scrape::Health;
use crate::sim::{IncidentKind, Instrumentation};

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
    /// The panels' alert rules (their queries are the panels').
    pub alerts: Vec<PanelAlert>,
}

/// The counter of the course.
const COUNTER: &str = "http_requests_total";
/// The production app's latency histogram, as its buckets are named.
const DURATION_BUCKETS: &str = "http_request_duration_seconds_bucket";

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
        // Any version with endpoint labels will do: the per-endpoint one or production.
        Task::PerEndpoint => {
            pg.app().instrumentation() != Instrumentation::Course
                && std::iter::once(&seen.browser_query)
                    .chain(&seen.panel_queries)
                    .any(|q| result_has_label(pg, q, "endpoint"))
        }
        Task::AlertRule => seen
            .alerts
            .iter()
            .any(|a| alert_states(pg, a).is_some_and(|lane| pending_then_firing(&lane))),
        Task::EndpointRate => runs(seen).any(|q| {
            is_rate_of_counter(q)
                && instant_vector(pg, q).is_some_and(|v| v.iter().any(|s| s.labels.has("endpoint")))
        }),
        Task::LatencyP95 => runs(seen).any(|q| is_p95_latency(q) && returns_series(pg, q)),
        Task::ErrorRatio => {
            runs(seen).any(|q| is_error_ratio(q) && instant_vector(pg, q).is_some())
        }
        Task::ErrorBurstAlert => {
            seen.alerts
                .iter()
                .any(|a| selects_errors(&a.rule.query) && fired_during_error_burst(pg, a))
                || error_rule_fired_during_burst(pg)
        }
    }
}

/// The queries the learner ran: the expression browser's, then the panels'.
fn runs(seen: &Observed) -> impl Iterator<Item = &String> {
    std::iter::once(&seen.browser_query).chain(&seen.panel_queries)
}

/// Whether `node` selects the course's counter (instant or range selector).
fn counter_selector(node: &Expr) -> Option<&VectorSelector> {
    match &node.kind {
        ExprKind::VectorSelector(v) => Some(v),
        ExprKind::MatrixSelector(m) => Some(&m.selector),
        _ => None,
    }
    .filter(|v| v.name.as_deref() == Some(COUNTER))
}

/// Whether a selector keeps only 5xx statuses (`status=~"5.."`, `status="500"`, ...).
fn keeps_5xx(v: &VectorSelector) -> bool {
    v.matchers
        .iter()
        .any(|m| m.name == "status" && m.value.starts_with('5'))
}

/// Whether the query selects the counter's 5xx requests somewhere.
fn selects_errors(query: &str) -> bool {
    parse(query)
        .map(|e| e.any(|n| counter_selector(n).is_some_and(keeps_5xx)))
        .unwrap_or(false)
}

/// Whether the query divides something over the counter's 5xx requests by something over
/// all its requests.
fn is_error_ratio(query: &str) -> bool {
    parse(query)
        .map(|e| {
            e.any(|n| match &n.kind {
                ExprKind::Binary(b) if b.op == BinaryOp::Div => {
                    b.lhs.any(|l| counter_selector(l).is_some_and(keeps_5xx))
                        && b.rhs
                            .any(|r| counter_selector(r).is_some_and(|v| !keeps_5xx(v)))
                }
                _ => false,
            })
        })
        .unwrap_or(false)
}

/// Whether the query applies `histogram_quantile(0.95, ...)` over the duration buckets.
fn is_p95_latency(query: &str) -> bool {
    parse(query)
        .map(|e| {
            e.any(|n| match &n.kind {
                ExprKind::Call(c) if c.func.name == "histogram_quantile" => {
                    c.args.first().is_some_and(|a| matches!(&a.kind, ExprKind::Number(x) if (*x - 0.95).abs() < 1e-9))
                        && c.args.iter().any(|a| a.any(|s| matches!(&s.kind, ExprKind::MatrixSelector(m) if m.selector.name.as_deref() == Some(DURATION_BUCKETS))))
                }
                _ => false,
            })
        })
        .unwrap_or(false)
}

/// The rule's states from its creation to now, as its panel shows them (`None` before
/// its first evaluation or when it cannot run).
fn alert_states(pg: &Playground, alert: &PanelAlert) -> Option<Vec<StateInterval>> {
    run_alert(pg, alert, &alert.rule.query)
        .ok()
        .flatten()
        .map(|run| run.timeline.overall)
}

/// Whether the rule was seen pending and, later, firing.
fn pending_then_firing(lane: &[StateInterval]) -> bool {
    lane.iter()
        .position(|i| matches!(i.state, AlertState::Pending { .. }))
        .is_some_and(|p| {
            lane[p..]
                .iter()
                .any(|i| matches!(i.state, AlertState::Firing { .. }))
        })
}

/// Whether `alert` fired while an error burst of the playground was in force.
fn fired_during_error_burst(pg: &Playground, alert: &PanelAlert) -> bool {
    let Some(lane) = alert_states(pg, alert) else {
        return false;
    };
    let now = pg.now_ms();
    pg.incidents()
        .iter()
        .filter(|i| i.kind == IncidentKind::Errors && i.start_ms < now)
        .any(|i| {
            lane.iter().any(|s| {
                matches!(s.state, AlertState::Firing { .. })
                    && s.start_ms < i.end_ms
                    && s.end_ms > i.start_ms
            })
        })
}

/// Whether an alerting rule of `rules.yml` about errors started firing while an error
/// burst was in force.
fn error_rule_fired_during_burst(pg: &Playground) -> bool {
    let about_errors = |group: &str, alert: &str| {
        pg.rules().groups().iter().any(|g| {
            g.group.name == group
                && g.group.rules.iter().any(|r| {
                    r.name == alert
                        && matches!(r.kind, RuleKind::Alerting(_))
                        && selects_errors(&r.expr_text)
                })
        })
    };
    pg.rules()
        .history()
        .iter()
        .filter(|t| t.to == RuleState::Firing)
        .any(|t| in_error_burst(pg, t.at_ms) && about_errors(&t.group, &t.alert))
}

/// Whether an error burst was in force at `t`.
fn in_error_burst(pg: &Playground, t: i64) -> bool {
    pg.incidents()
        .iter()
        .any(|i| i.kind == IncidentKind::Errors && i.start_ms <= t && t < i.end_ms)
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
    use crate::grafana::{parse_alert, AlertFields};

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
        pg.deploy(Instrumentation::Production);
        pg.send_request();
        pg.step(15_000);
        assert!(
            check(Task::PerEndpoint, &pg, &seen),
            "production has the label too"
        );
        pg.deploy(Instrumentation::Course);
        pg.step(15_000);
        assert!(
            !check(Task::PerEndpoint, &pg, &seen),
            "the course's app has none"
        );
    }

    /// The production app after `minutes` of traffic, with an error burst on `/`
    /// started `burst_at_min` minutes in (none when `None`).
    fn production(minutes: i64, burst_at_min: Option<i64>) -> Playground {
        let mut pg = Playground::new(2, START);
        pg.deploy(Instrumentation::Production);
        pg.set_rate(10.0).unwrap();
        let burst = burst_at_min.unwrap_or(minutes);
        pg.step(burst * 60_000);
        if burst_at_min.is_some() {
            pg.trigger(IncidentKind::Errors, Some("/"));
        }
        pg.step((minutes - burst) * 60_000);
        pg
    }

    #[test]
    fn production_queries_tick_the_visualise_tasks() {
        let pg = production(10, None);
        let mut seen = Observed {
            browser_query: "sum(rate(http_requests_total[5m]))".into(),
            ..Observed::default()
        };
        assert!(!check(Task::EndpointRate, &pg, &seen), "summed away");
        seen.browser_query = "sum by (endpoint) (rate(http_requests_total[5m]))".into();
        assert!(check(Task::EndpointRate, &pg, &seen));
        assert!(!check(Task::LatencyP95, &pg, &seen));
        seen.browser_query =
            "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"
                .into();
        assert!(!check(Task::LatencyP95, &pg, &seen), "a median is not p95");
        seen.browser_query = "histogram_quantile(0.95, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket[5m])))".into();
        assert!(check(Task::LatencyP95, &pg, &seen));
        assert!(!check(Task::ErrorRatio, &pg, &seen));
        seen.browser_query = "sum(rate(http_requests_total[5m])) / sum(rate(http_requests_total{status=~\"5..\"}[5m]))".into();
        assert!(!check(Task::ErrorRatio, &pg, &seen), "upside down");
        seen.panel_queries = vec!["sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))".into()];
        assert!(check(Task::ErrorRatio, &pg, &seen));
    }

    /// A panel alert on `query`, `op threshold` for `for_text`, evaluated every 15 s from
    /// the simulation's start.
    fn alert(query: &str, threshold: &str, for_text: &str) -> PanelAlert {
        parse_alert(
            query,
            AlertFields {
                threshold,
                for_text,
                every: "15s",
                ..AlertFields::default()
            },
        )
        .expect("valid fields")
    }

    #[test]
    fn an_alert_rule_counts_once_seen_pending_then_firing() {
        let pg = production(3, None);
        let seen = |a: PanelAlert| Observed {
            alerts: vec![a],
            ..Observed::default()
        };
        let rate = "sum(rate(http_requests_total[1m]))";
        assert!(check(Task::AlertRule, &pg, &seen(alert(rate, "0", "30s"))));
        assert!(
            !check(Task::AlertRule, &pg, &seen(alert(rate, "1e9", "30s"))),
            "never true"
        );
        assert!(
            !check(Task::AlertRule, &pg, &seen(alert(rate, "0", "1h"))),
            "pending, not yet firing"
        );
        assert!(
            !check(Task::AlertRule, &pg, &seen(alert(rate, "0", "0"))),
            "with no `for` it fires at once and is never seen pending"
        );
        let mut late = alert(rate, "0", "30s");
        late.created_ms = Some(pg.now_ms() - 20_000);
        assert!(
            !check(Task::AlertRule, &pg, &seen(late)),
            "created 20 s ago: not firing yet"
        );
        assert!(!check(Task::AlertRule, &pg, &Observed::default()));
    }

    #[test]
    fn an_error_alerting_rule_in_rules_yml_counts_too() {
        let errors = "sum(rate(http_requests_total{status=~\"5..\"}[1m])) / sum(rate(http_requests_total[1m])) > 0.08";
        let with_rule = |expr: &str, burst: Option<i64>| {
            let mut pg = Playground::new(2, START);
            let config = format!(
                "{}\nrule_files:\n  - rules.yml\n",
                crate::config::COURSE_CONFIG
            );
            pg.apply_config(&config).expect("valid config");
            let rules = format!(
                "groups:\n  - name: errors\n    interval: 15s\n    rules:\n      - alert: ErrorBurst\n        expr: {expr}\n        for: 30s\n"
            );
            pg.apply_rules(&rules).expect("valid rules");
            pg.deploy(Instrumentation::Production);
            pg.set_rate(10.0).unwrap();
            pg.step(5 * 60_000);
            if let Some(path) = burst.map(|_| "/") {
                pg.trigger(IncidentKind::Errors, Some(path));
            }
            pg.step(7 * 60_000);
            pg
        };
        let seen = Observed::default();
        assert!(check(
            Task::ErrorBurstAlert,
            &with_rule(errors, Some(5)),
            &seen
        ));
        assert!(
            !check(Task::ErrorBurstAlert, &with_rule(errors, None), &seen),
            "no burst, no firing"
        );
        assert!(
            !check(
                Task::ErrorBurstAlert,
                &with_rule("sum(rate(http_requests_total[1m])) > 0", Some(5)),
                &seen
            ),
            "fires, but not about errors"
        );
    }

    #[test]
    fn an_error_alert_must_fire_during_a_burst() {
        let errors = "sum(rate(http_requests_total{status=~\"5..\"}[1m])) / sum(rate(http_requests_total[1m]))";
        let seen = |a: PanelAlert| Observed {
            alerts: vec![a],
            ..Observed::default()
        };
        let rule = alert(errors, "0.08", "30s");
        assert!(
            !check(
                Task::ErrorBurstAlert,
                &production(12, None),
                &seen(rule.clone())
            ),
            "no burst"
        );
        let burst = production(12, Some(5));
        assert!(check(Task::ErrorBurstAlert, &burst, &seen(rule.clone())));
        assert!(
            !check(
                Task::ErrorBurstAlert,
                &burst,
                &seen(alert(errors, "0.9", "30s"))
            ),
            "too high to fire"
        );
        assert!(
            !check(
                Task::ErrorBurstAlert,
                &burst,
                &seen(alert("up", "0", "30s"))
            ),
            "not about errors"
        );
        let mut after = rule;
        after.created_ms = Some(burst.now_ms() - 1_000);
        assert!(
            !check(Task::ErrorBurstAlert, &burst, &seen(after)),
            "created after the burst: it did not see it"
        );
    }
}
