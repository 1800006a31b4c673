//! Each lint on parsed queries, its fix re-parsed, and the queries it must leave alone.

use std::collections::HashMap;

use super::*;
use crate::exposition::MetricType;
use crate::lang::Lang;
use crate::promql::parse;
use crate::promql::spans::same_ast;

fn ctx() -> LintContext {
    let types = [
        ("http_requests_total", MetricType::Counter),
        ("process_open_fds", MetricType::Gauge),
        ("request_latency_seconds", MetricType::Histogram),
        ("queue_size", MetricType::Gauge),
    ];
    LintContext {
        metric_types: types
            .into_iter()
            .map(|(n, t)| (n.to_string(), t))
            .collect::<HashMap<_, _>>(),
        scrape_interval_ms: 15_000,
    }
}

/// The lints on `q`, after checking that every fix parses back to what it printed.
fn lints(q: &str) -> Vec<Lint> {
    let expr = parse(q).unwrap();
    let found = lint(&expr, &ctx());
    for l in &found {
        assert!(q.get(l.span.clone()).is_some(), "span {:?} in {q}", l.span);
        if let Some(fix) = &l.fix {
            let reparsed = parse(fix).unwrap_or_else(|e| panic!("fix {fix:?} does not parse: {e}"));
            assert_eq!(reparsed.to_string(), *fix);
            assert!(!l.message(Lang::Fr).is_empty() && l.message(Lang::Fr) != l.message(Lang::En));
        }
    }
    found
}

/// The codes and fixes of the lints on `q`.
fn summary(q: &str) -> Vec<(&'static str, Option<String>)> {
    lints(q).iter().map(|l| (l.code(), l.fix.clone())).collect()
}

fn fix(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn raw_counter_is_wrapped_in_rate() {
    assert_eq!(
        summary("http_requests_total"),
        vec![("raw-counter", fix("rate(http_requests_total[1m])"))]
    );
    assert_eq!(
        summary("sum by (job) (http_requests_total{job=\"my_app\"} offset 1m)"),
        vec![(
            "raw-counter",
            fix("sum by (job) (rate(http_requests_total{job=\"my_app\"}[1m] offset 1m))")
        )]
    );
    assert_eq!(
        summary("max((sum(foo_total)))"),
        vec![("raw-counter", fix("max((sum(rate(foo_total[1m]))))"))]
    );
    assert_eq!(
        summary("topk(3, http_requests_total)"),
        vec![("raw-counter", fix("topk(3, rate(http_requests_total[1m]))"))]
    );
    let l = &lints("sum(http_requests_total)")[0];
    assert_eq!(l.span, 4..23);
    assert_eq!(
        l.message(Lang::En),
        "http_requests_total is a counter: it only goes up (and restarts from 0), so its raw value says little. Graph its per-second increase instead: rate(http_requests_total[1m])."
    );
    assert!(l
        .message(Lang::Fr)
        .starts_with("http_requests_total est un compteur"));
}

#[test]
fn counters_are_recognised_by_type_suffix_or_name() {
    assert_eq!(
        summary("request_latency_seconds_bucket")[0].0,
        "raw-counter"
    );
    assert_eq!(summary("request_latency_seconds_count")[0].0, "raw-counter");
    let mut c = ctx();
    c.metric_types
        .insert("jobs".to_string(), MetricType::Counter);
    let e = parse("jobs_total").unwrap();
    assert_eq!(lint(&e, &c).len(), 1);
    c.metric_types
        .insert("odd_total".to_string(), MetricType::Gauge);
    let e = parse("odd_total").unwrap();
    assert!(lint(&e, &c).is_empty());
}

#[test]
fn queries_that_use_counters_well_are_left_alone() {
    for q in [
        "rate(http_requests_total[1m])",
        "sum by (job) (rate(http_requests_total[5m]))",
        "increase(http_requests_total[1h])",
        "count(http_requests_total)",
        "http_requests_total > 100",
        "process_open_fds",
        "deriv(queue_size[5m])",
        "max_over_time(queue_size[1m])",
        "up",
        "1 + 2",
    ] {
        assert_eq!(summary(q), vec![], "{q}");
    }
}

#[test]
fn rate_on_a_gauge_suggests_deriv_or_delta() {
    assert_eq!(
        summary("rate(queue_size[5m])"),
        vec![("rate-on-gauge", fix("deriv(queue_size[5m])"))]
    );
    assert_eq!(
        summary("sum(irate(process_open_fds[1m]))"),
        vec![("rate-on-gauge", fix("sum(deriv(process_open_fds[1m]))"))]
    );
    assert_eq!(
        summary("increase(queue_size[1h])"),
        vec![("rate-on-gauge", fix("delta(queue_size[1h])"))]
    );
    // In query order, an aggregation's parameter before its expression.
    assert_eq!(
        summary("topk(scalar(rate(queue_size[5m])), rate(process_open_fds[5m]))"),
        vec![
            (
                "rate-on-gauge",
                fix("topk(scalar(deriv(queue_size[5m])), rate(process_open_fds[5m]))")
            ),
            (
                "rate-on-gauge",
                fix("topk(scalar(rate(queue_size[5m])), deriv(process_open_fds[5m]))")
            ),
        ]
    );
    let l = &lints("increase(queue_size[1h])")[0];
    assert_eq!(l.span, 0..24);
    assert!(l.message(Lang::En).contains("Use delta() instead"));
}

#[test]
fn short_windows_are_widened_to_four_intervals() {
    assert_eq!(
        summary("rate(http_requests_total[20s])"),
        vec![("range-too-short", fix("rate(http_requests_total[1m])"))]
    );
    assert_eq!(
        summary("avg_over_time(queue_size[15s] offset 1m) + 1"),
        vec![(
            "range-too-short",
            fix("avg_over_time(queue_size[1m] offset 1m) + 1")
        )]
    );
    assert_eq!(summary("rate(http_requests_total[30s])"), vec![]);
    let l = &lints("rate(http_requests_total[20s])")[0];
    assert_eq!(l.span, 5..29);
    assert!(l
        .message(Lang::En)
        .contains("The window [20s] is shorter than two scrape intervals (2 × 15s)"));
    // A gauge under rate with a short window: both lints, each with its own fix.
    assert_eq!(
        summary("rate(queue_size[10s])"),
        vec![
            ("rate-on-gauge", fix("deriv(queue_size[10s])")),
            ("range-too-short", fix("rate(queue_size[1m])")),
        ]
    );
}

#[test]
fn rate_of_an_aggregation_is_turned_inside_out() {
    assert_eq!(
        summary("rate(sum(http_requests_total)[5m:])"),
        vec![(
            "rate-of-aggregation",
            fix("sum(rate(http_requests_total[5m]))")
        )]
    );
    assert_eq!(
        summary("increase((sum by (job) (x_total{a=\"b\"}))[1h:1m] offset 5m)"),
        vec![(
            "rate-of-aggregation",
            fix("sum by (job) (increase(x_total{a=\"b\"}[1h] offset 5m))")
        )]
    );
    // Nothing simple to rewrite: the lint still warns, without a fix.
    assert_eq!(
        summary("rate(sum(a_total + b_total)[5m:])"),
        vec![("rate-of-aggregation", None)]
    );
    let expected = parse("sum(rate(http_requests_total[5m]))").unwrap();
    let got = lints("rate(sum(http_requests_total)[5m:])")[0]
        .fix
        .clone()
        .unwrap();
    assert!(same_ast(&parse(&got).unwrap(), &expected));
}

#[test]
fn a_missing_scrape_interval_uses_prometheus_default() {
    let c = LintContext {
        metric_types: HashMap::new(),
        scrape_interval_ms: 0,
    };
    assert_eq!(c.interval_ms(), DEFAULT_SCRAPE_INTERVAL_MS);
    let e = parse("rate(x_total[1m])").unwrap();
    let found = lint(&e, &c);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fix.as_deref(), Some("rate(x_total[4m])"));
}

#[test]
fn context_from_scraped_metadata() {
    let page = "# HELP http_requests_total Total requests\n# TYPE http_requests_total counter\nhttp_requests_total 3\n# TYPE queue_size gauge\nqueue_size 1\nplain 2\n";
    let parsed = crate::exposition::parse_page(page).unwrap();
    let c = LintContext::from_metadata(&parsed.metadata, 15_000);
    assert_eq!(c.metric_types.len(), 2);
    assert!(c.is_counter("http_requests_total"));
    assert!(c.is_gauge("queue_size"));
    assert!(!c.is_counter("plain") && !c.is_gauge("plain"));
}
