//! Each lint on parsed queries, its fixes re-parsed, and the queries it must leave alone;
//! the repairs of parse errors, each fix parsing.

use std::collections::HashMap;

use super::*;
use crate::exposition::MetricType;
use crate::lang::Lang;
use crate::promql::parse;
use crate::promql::spans::same_ast;

fn ctx() -> LintContext {
    let types = [
        ("http_requests_total", MetricType::Counter),
        ("foo", MetricType::Counter),
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
        ..LintContext::default()
    }
}

/// Checks `l`, found on `q`: a span inside `q`, a message in each language, and fixes
/// that parse, differ from `q` and from each other.
pub(super) fn check(l: &Lint, q: &str) {
    assert!(q.get(l.span.clone()).is_some(), "span {:?} in {q}", l.span);
    assert!(!l.message(Lang::Fr).is_empty() && l.message(Lang::Fr) != l.message(Lang::En));
    for (i, fix) in l.fixes.iter().enumerate() {
        parse(fix).unwrap_or_else(|e| panic!("fix {fix:?} does not parse: {e}"));
        assert_ne!(fix, q);
        assert!(!l.fixes[..i].contains(fix), "{:?}", l.fixes);
    }
}

/// The lints on `q` in `c`, after checking that every fix parses back to what it printed.
fn lints_in(q: &str, c: &LintContext) -> Vec<Lint> {
    let expr = parse(q).unwrap();
    let found = lint(&expr, c);
    for l in &found {
        check(l, q);
        for fix in &l.fixes {
            assert_eq!(parse(fix).unwrap().to_string(), *fix);
        }
    }
    found
}

/// The lints on `q`, in the test context.
fn lints(q: &str) -> Vec<Lint> {
    lints_in(q, &ctx())
}

/// The codes and fixes of the lints on `q`.
fn summary(q: &str) -> Vec<(&'static str, Vec<String>)> {
    lints(q)
        .iter()
        .map(|l| (l.code(), l.fixes.clone()))
        .collect()
}

fn fix(s: &str) -> Vec<String> {
    vec![s.to_string()]
}

/// No fix.
const NONE: Vec<String> = Vec::new();

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
fn counters_are_recognised_by_their_type_or_their_family() {
    // The counters of a histogram, and `foo_total` of the counter family `foo`.
    assert_eq!(
        summary("request_latency_seconds_bucket")[0].0,
        "raw-counter"
    );
    assert_eq!(summary("request_latency_seconds_count")[0].0, "raw-counter");
    assert_eq!(summary("foo_total")[0].0, "raw-counter");
    let mut c = ctx();
    c.metric_types
        .insert("jobs".to_string(), MetricType::Counter);
    let e = parse("jobs_total").unwrap();
    assert_eq!(lint(&e, &c).len(), 1);
    // The exact name's type wins over its suffix.
    c.metric_types
        .insert("odd_total".to_string(), MetricType::Gauge);
    let e = parse("odd_total").unwrap();
    assert!(lint(&e, &c).is_empty());
    assert!(c.is_gauge("odd_total"));
}

#[test]
fn a_name_alone_does_not_make_a_counter() {
    // Untyped, `_total` or not: the metadata does not say it is a counter.
    for q in [
        "untyped_total",
        "sum(other_total)",
        "foo_bucket",
        "request_latency_seconds",
    ] {
        assert_eq!(summary(q), vec![], "{q}");
    }
    let c = ctx();
    assert_eq!(c.metric_type("untyped_total"), None);
    assert_eq!(
        c.metric_type("request_latency_seconds"),
        Some(MetricType::Histogram)
    );
    // `_created` is the creation time of a counter, histogram or summary: a gauge.
    assert!(c.is_gauge("foo_created") && !c.is_counter("foo_created"));
    assert!(c.is_gauge("request_latency_seconds_created"));
    assert_eq!(c.metric_type("queue_size_created"), None);
    assert_eq!(summary("foo_created"), vec![]);
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
        vec![("rate-of-aggregation", NONE)]
    );
    let expected = parse("sum(rate(http_requests_total[5m]))").unwrap();
    let got = lints("rate(sum(http_requests_total)[5m:])")[0].fixes[0].clone();
    assert!(same_ast(&parse(&got).unwrap(), &expected));
}

#[test]
fn a_missing_scrape_interval_uses_prometheus_default() {
    let c = LintContext {
        scrape_interval_ms: 0,
        ..LintContext::default()
    };
    assert_eq!(c.interval_ms(), DEFAULT_SCRAPE_INTERVAL_MS);
    let e = parse("rate(x_total[1m])").unwrap();
    let found = lint(&e, &c);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fixes, ["rate(x_total[4m])"]);
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

/// The test context, knowing the course's series names as a store after a scrape would.
fn store_ctx() -> LintContext {
    let mut c = ctx();
    c.metric_names = [
        "http_requests_total",
        "http_requests_created",
        "process_cpu_seconds_total",
        "process_open_fds",
        "python_gc_collections_total",
        "scrape_duration_seconds",
        "up",
    ]
    .map(String::from)
    .into();
    c
}

#[test]
fn a_misspelt_metric_is_said_missing_with_the_nearest_names_as_fixes() {
    let c = store_ctx();
    let found = lints_in("http_request_total", &c);
    let [l] = found.as_slice() else {
        panic!("one lint, not a raw-counter one: {found:?}")
    };
    assert_eq!(l.code(), "unknown-metric");
    assert_eq!(l.span, 0..18);
    assert_eq!(
        l.fixes.first().map(String::as_str),
        Some("http_requests_total")
    );
    assert!(l.fixes.len() <= MAX_SUGGESTIONS);
    let LintKind::UnknownMetric {
        metric,
        suggestions,
    } = &l.kind
    else {
        panic!("{:?}", l.kind)
    };
    assert_eq!(metric, "http_request_total");
    assert_eq!(suggestions.len(), l.fixes.len());
    let en = l.message(Lang::En);
    assert!(
        en.starts_with("No series is named http_request_total"),
        "{en}"
    );
    assert!(en.contains("Did you mean http_requests_total"), "{en}");
    let fr = l.message(Lang::Fr);
    assert!(
        fr.starts_with("Aucune série ne s'appelle http_request_total"),
        "{fr}"
    );
    assert!(
        fr.contains("Vouliez-vous dire http_requests_total ?"),
        "{fr}"
    );
}

#[test]
fn the_rename_keeps_the_rest_of_the_query_and_every_use_of_the_name() {
    let c = store_ctx();
    let first = |q: &str| lints_in(q, &c)[0].fixes[0].clone();
    assert_eq!(
        first("sum by (job) (rate(http_request_total{job=\"my_app\"}[5m] offset 1m))"),
        "sum by (job) (rate(http_requests_total{job=\"my_app\"}[5m] offset 1m))"
    );
    assert_eq!(
        first("{__name__=\"http_request_total\", job=\"my_app\"}"),
        "{__name__=\"http_requests_total\",job=\"my_app\"}"
    );
    // One lint per name, its fix renaming every selector of it.
    let found = lints_in("http_request_total / http_request_total offset 1h", &c);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].fixes[0],
        "http_requests_total / http_requests_total offset 1h"
    );
    // Two names, two lints, in query order.
    let codes: Vec<String> = lints_in("proces_open_fds + upp", &c)
        .iter()
        .map(|l| l.fixes[0].clone())
        .collect();
    assert_eq!(codes, ["process_open_fds + upp", "proces_open_fds + up"]);
}

#[test]
fn a_name_far_from_every_stored_one_gets_no_fix_and_a_hint() {
    let found = lints_in("zzz", &store_ctx());
    assert_eq!(found.len(), 1);
    assert!(found[0].fixes.is_empty());
    assert!(found[0]
        .message(Lang::En)
        .contains("Check the name in /metrics"));
}

#[test]
fn known_names_and_unknown_stores_are_left_alone() {
    let c = store_ctx();
    for q in [
        "up",
        "rate(http_requests_total[1m])",
        "{job=\"my_app\"}",
        "{__name__=~\"http_.*\"}",
        "1 + 2",
    ] {
        assert!(lints_in(q, &c).is_empty(), "{q}");
    }
    // Before the store is known, no name is said missing.
    assert_eq!(summary("http_request_total"), vec![]);
    assert_eq!(ctx().has_series("up"), None);
    assert_eq!(c.has_series("up"), Some(true));
}

#[test]
fn nearest_names_rank_by_edits_then_common_prefix() {
    let names = [
        "http_requests_total",
        "http_requests_created",
        "http_request_duration_seconds",
        "process_open_fds",
        "up",
    ];
    assert_eq!(
        nearest("http_request_total", names),
        ["http_requests_total"]
    );
    // Same number of edits: the longer common prefix first.
    assert_eq!(
        nearest("abcd", ["xbcd", "abcx", "abxd"]),
        ["abcx", "abxd", "xbcd"]
    );
    // A name typed halfway: the names it starts, fewest edits first, at most 3.
    assert_eq!(
        nearest("http_req", names),
        [
            "http_requests_total",
            "http_requests_created",
            "http_request_duration_seconds"
        ]
    );
    assert_eq!(
        nearest("HTTP_requests_total", names),
        ["http_requests_total"]
    );
    assert!(
        nearest("up", names).is_empty(),
        "the name itself is not suggested"
    );
    assert!(nearest("zzz", names).is_empty());
    assert!(nearest("", names).len() <= MAX_SUGGESTIONS);
}

#[test]
fn edit_distance_counts_insertions_deletions_substitutions_and_swaps() {
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("abc", ""), 3);
    assert_eq!(edit_distance("same", "same"), 0);
    assert_eq!(edit_distance("ab", "ba"), 1);
    assert_eq!(
        edit_distance("http_reqeusts_total", "http_requests_total"),
        1
    );
    assert_eq!(edit_distance("métrique", "metrique"), 1);
}

#[test]
fn windows_follow_the_scrape_interval_of_the_selected_job() {
    let mut c = ctx();
    c.job_intervals_ms.insert("slow".to_string(), 60_000);
    let found = lints_in("http_requests_total{job=\"slow\"}", &c);
    assert_eq!(
        found[0].fixes,
        ["rate(http_requests_total{job=\"slow\"}[4m])"]
    );
    // Another job, or no job matcher: the context's interval.
    let found = lints_in("http_requests_total{job=\"fast\"}", &c);
    assert_eq!(
        found[0].fixes,
        ["rate(http_requests_total{job=\"fast\"}[1m])"]
    );
    // [1m] is under two 60 s scrapes of the slow job, not of the 15 s ones.
    let found = lints_in("rate(http_requests_total{job=\"slow\"}[1m])", &c);
    assert_eq!(found.len(), 1);
    assert!(found[0].message(Lang::En).contains("(2 × 1m)"));
    assert!(lints_in("rate(http_requests_total[1m])", &c).is_empty());
}
