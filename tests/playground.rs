//! The course's chain end to end, natively: requests, scrapes, storage, PromQL, config edits.
#![cfg(not(target_arch = "wasm32"))]

use sonde::config::COURSE_CONFIG;
use sonde::playground::{FileStatus, Playground, QueryError};
use sonde::promql::{parse, Value};

const START: i64 = 1_795_545_600_000;

fn instant(pg: &Playground, q: &str) -> Vec<(String, f64)> {
    let expr = parse(q).unwrap();
    match pg
        .engine()
        .instant(pg.store(), &expr, pg.now_ms())
        .unwrap()
        .value
    {
        Value::Vector(v) => v.into_iter().map(|s| (s.labels.to_string(), s.v)).collect(),
        Value::Scalar { v, .. } => vec![(String::new(), v)],
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn a_request_is_scraped_and_queried() {
    let mut pg = Playground::new(1, START);
    assert_eq!(pg.send_request(), "200 OK — Hello, world!");
    pg.step(15_000);
    let got = instant(&pg, "http_requests_total");
    assert_eq!(
        got,
        vec![(
            "http_requests_total{instance=\"localhost:8000\", job=\"my_app\"}".to_string(),
            1.0
        )]
    );
    assert_eq!(
        instant(&pg, "up"),
        vec![(
            "up{instance=\"localhost:8000\", job=\"my_app\"}".to_string(),
            1.0
        )]
    );
    assert!(pg.metrics_preview().contains("http_requests_total 1.0\n"));
}

#[test]
fn automatic_traffic_gives_a_plausible_rate() {
    let mut pg = Playground::new(7, START);
    pg.set_rate(5.0).unwrap();
    for _ in 0..40 {
        pg.step(15_000);
    }
    let rate = instant(&pg, "rate(http_requests_total[1m])");
    assert_eq!(rate.len(), 1);
    assert!(
        (2.0..8.0).contains(&rate[0].1),
        "about 5 req/s, got {}",
        rate[0].1
    );
    let served = pg.app().requests_total();
    let stored = instant(&pg, "http_requests_total")[0].1;
    assert!(
        served >= stored && served - stored < 200.0,
        "the last scrape lags the app by less than an interval"
    );
}

#[test]
fn a_bad_config_is_refused_and_the_last_good_one_keeps_running() {
    let mut pg = Playground::new(1, START);
    let err = pg
        .apply_config("global:\n  scrape_interval: 15x\n")
        .unwrap_err();
    assert_eq!(err.position.map(|p| p.line), Some(2));
    assert_eq!(pg.config_text(), COURSE_CONFIG);
    pg.step(30_000);
    assert_eq!(instant(&pg, "up")[0].1, 1.0);
}

/// The course file with `scrape_interval` set to `interval`.
fn course_every(interval: &str) -> String {
    COURSE_CONFIG.replace("15s", interval)
}

#[test]
fn an_edited_interval_waits_for_a_reload() {
    let mut pg = Playground::new(1, START);
    pg.step(60_000);
    pg.edit_config(&course_every("5s"));
    assert_eq!(pg.config_status(), FileStatus::Modified);
    pg.step(60_000);
    let scrapes = instant(&pg, "count_over_time(up[1m])")[0].1;
    assert!(
        (4.0..=5.0).contains(&scrapes),
        "still every 15 s before the reload: {scrapes}"
    );
    pg.reload_config().unwrap();
    assert_eq!(pg.config_status(), FileStatus::Loaded);
    assert_eq!(pg.config_text(), course_every("5s"));
    pg.step(60_000);
    let scrapes = instant(&pg, "count_over_time(up[1m])")[0].1;
    assert!(
        (11.0..=12.0).contains(&scrapes),
        "every 5 s after it: {scrapes}"
    );
}

#[test]
fn a_refused_reload_keeps_scraping_as_before() {
    let mut pg = Playground::new(1, START);
    pg.edit_config("global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: localhost:8000\n");
    let FileStatus::Invalid(err) = pg.config_status() else {
        panic!("a string is not a list of targets")
    };
    assert_eq!(err.position.map(|p| p.line), Some(6));
    let refused = pg.reload_config().unwrap_err();
    assert_eq!(refused.error, err);
    assert_eq!(pg.config_text(), COURSE_CONFIG);
    pg.step(60_000);
    let scrapes = instant(&pg, "count_over_time(up[1m])")[0].1;
    assert!((4.0..=5.0).contains(&scrapes), "{scrapes}");
    assert_eq!(instant(&pg, "up")[0].1, 1.0);
}

#[test]
fn a_wrong_port_gives_up_zero_and_a_faster_interval_scrapes_more() {
    let mut pg = Playground::new(1, START);
    pg.apply_config("scrape_configs:\n  - job_name: my_app\n    scrape_interval: 5s\n    static_configs:\n      - targets: ['localhost:8001']\n").unwrap();
    pg.step(60_000);
    assert_eq!(instant(&pg, "up")[0].1, 0.0);
    let health = &pg.targets()[0];
    assert!(health
        .last_error
        .as_ref()
        .unwrap()
        .to_string()
        .contains("connection refused"));
    let n = instant(&pg, "count_over_time(up[1m])")[0].1;
    assert!((11.0..=12.0).contains(&n), "a scrape every 5 s: {n}");
    pg.apply_config("scrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['localhost']\n").unwrap();
    pg.step(120_000);
    assert_eq!(
        instant(&pg, "up")[0].1,
        0.0,
        "no port means port 80, where nothing listens"
    );
}

#[test]
fn a_restart_resets_the_counter_and_rate_sees_through_it() {
    let mut pg = Playground::new(3, START);
    pg.set_rate(2.0).unwrap();
    pg.step(300_000);
    pg.restart_app();
    pg.step(60_000);
    let increase = instant(&pg, "increase(http_requests_total[3m])")[0].1;
    assert!(increase > 200.0, "the reset is not a drop: {increase}");
    assert!(instant(&pg, "resets(http_requests_total[3m])")[0].1 >= 1.0);
}

#[test]
fn a_stopped_app_goes_down_and_its_series_go_stale() {
    let mut pg = Playground::new(3, START);
    pg.step(30_000);
    pg.set_app_running(false);
    pg.step(30_000);
    assert_eq!(instant(&pg, "up")[0].1, 0.0);
    assert!(
        instant(&pg, "http_requests_total").is_empty(),
        "stale series vanish at once, not after 5 minutes"
    );
}

#[test]
fn query_errors_carry_a_span_and_both_languages() {
    let pg = Playground::new(1, START);
    let err = pg
        .query_chart("rate(http_requests_total)", 300_000, 15_000)
        .unwrap_err();
    assert!(matches!(err, QueryError::Parse(_)));
    assert!(err.span().is_some());
    assert!(err.message(sonde::lang::Lang::En).contains("range vector"));
    assert_ne!(
        err.message(sonde::lang::Lang::En),
        err.message(sonde::lang::Lang::Fr)
    );
}

#[test]
fn a_day_at_full_speed_stays_bounded_by_retention() {
    let mut pg = Playground::new(5, START);
    pg.set_rate(20.0).unwrap();
    for _ in 0..(48 * 60) {
        pg.step(60_000);
    }
    let per_series_max = 24 * 3600 / 15 + 10;
    let series = pg.store().len();
    assert!(
        pg.store().sample_count() <= series * per_series_max,
        "{} samples in {series} series",
        pg.store().sample_count()
    );
    let chart = pg
        .query_chart("http_requests_total", 86_400_000, 300_000)
        .unwrap();
    assert_eq!(chart.series.len(), 1);
}

/// The samples of the one series named `name`: (time ms, value).
fn samples(pg: &Playground, name: &str) -> Vec<(i64, f64)> {
    let ids = pg
        .store()
        .select(&[sonde::store::Matcher::equal("__name__", name)]);
    assert_eq!(ids.len(), 1, "{name}");
    let series = pg.store().series(ids[0]);
    series.samples.iter().map(|s| (s.t, s.v)).collect()
}

#[test]
fn scrapes_are_timed_like_a_real_scrape_loop() {
    let run = |seed| {
        let mut pg = Playground::new(seed, START);
        pg.set_rate(2.0).unwrap();
        for _ in 0..240 {
            pg.step(15_000);
        }
        pg
    };
    let pg = run(7);
    let ups = samples(&pg, "up");
    assert!(ups.len() > 230);
    let gaps: Vec<i64> = ups.windows(2).map(|w| w[1].0 - w[0].0).collect();
    // Prometheus aligns a start at most 2 ms late back on the schedule; a later one keeps
    // its time, a few ms off, and the next aligned one is back on the schedule.
    let exact = gaps.iter().filter(|&&g| g == 15_000).count();
    assert!(
        gaps.iter().all(|g| (14_990..15_010).contains(g)),
        "{gaps:?}"
    );
    assert!(
        exact > gaps.len() / 2 && exact < gaps.len(),
        "{exact} exact gaps of {}",
        gaps.len()
    );
    let durations: Vec<f64> = samples(&pg, "scrape_duration_seconds")
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert!(durations.iter().all(|d| (0.0008..0.02).contains(d)));
    let mut distinct = durations.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    assert!(distinct.len() > durations.len() - 3, "they vary");
    let median = distinct[distinct.len() / 2];
    assert!((0.0015..0.005).contains(&median), "median {median} s");
    let virt = instant(&pg, "process_virtual_memory_bytes")[0].1;
    assert!((190e6..270e6).contains(&virt), "virtual memory {virt}");
    assert_eq!(samples(&run(7), "up"), ups, "the seed decides the timing");
    assert_ne!(
        samples(&run(8), "scrape_duration_seconds"),
        samples(&pg, "scrape_duration_seconds")
    );
}

#[test]
fn prometheus_receives_the_same_page_in_openmetrics() {
    let mut pg = Playground::new(1, START);
    pg.send_request();
    let text = pg.metrics_preview();
    let openmetrics = pg.openmetrics_preview();
    assert!(openmetrics.ends_with("# EOF\n"));
    assert!(openmetrics.contains("# TYPE http_requests counter\nhttp_requests_total 1.0\n"));
    assert!(text.contains("# TYPE http_requests_total counter\nhttp_requests_total 1.0\n"));
    let samples = |page: &str| {
        page.lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(samples(&text), samples(&openmetrics), "the same samples");
}

#[test]
fn scrape_hints_point_at_the_real_cause() {
    let mut pg = Playground::new(1, START);
    // No global scrape_interval: Prometheus scrapes every minute.
    let jobs = "scrape_configs:\n  - job_name: flask\n    static_configs:\n      - targets: ['localhost:5000']\n  - job_name: path\n    metrics_path: /stats\n    static_configs:\n      - targets: ['localhost:8000']\n  - job_name: typo\n    static_configs:\n      - targets: ['locahost:8000']\n";
    pg.apply_config(jobs).unwrap();
    pg.step(60_000);
    let hint = |pg: &Playground, job: &str| {
        let t = pg.targets().iter().find(|t| t.target.job == job).unwrap();
        t.last_error
            .as_ref()
            .map(|e| e.hint(sonde::lang::Lang::En))
            .unwrap_or_default()
    };
    assert!(hint(&pg, "flask").contains("Port 5000 is Flask's"));
    assert_eq!(hint(&pg, "path"), "", "prometheus_client answers any path");
    assert_eq!(instant(&pg, "up{job=\"path\"}")[0].1, 1.0);
    assert!(hint(&pg, "typo").contains("\"locahost\" does not exist"));
    pg.set_app_running(false);
    pg.step(60_000);
    assert!(hint(&pg, "flask").contains("The app is stopped"));
    assert!(
        hint(&pg, "typo").contains("does not exist"),
        "no lookup, no dial"
    );
}

#[test]
fn a_request_to_a_stopped_app_names_the_flask_port_as_a_scrape_names_its_own() {
    let mut pg = Playground::new(1, START);
    pg.set_app_running(false);
    pg.step(15_000);
    let request = pg.send_request();
    assert_eq!(
        request,
        "Get \"http://localhost:5000/\": dial tcp 127.0.0.1:5000: connect: connection refused"
    );
    assert_eq!(pg.last_response(), Some(request.as_str()));
    let scrape = pg.targets()[0].last_error.as_ref().unwrap().to_string();
    assert_eq!(
        scrape,
        "Get \"http://localhost:8000/metrics\": dial tcp 127.0.0.1:8000: connect: connection refused"
    );
}

#[test]
fn lints_know_the_scraped_names_types_and_job_intervals() {
    use sonde::lint::{lint, repair};
    let mut pg = Playground::new(1, START);
    assert!(
        pg.lint_context().metric_names.is_empty(),
        "nothing scraped yet"
    );
    pg.send_request();
    pg.step(30_000);
    let ctx = pg.lint_context();
    assert!(ctx.is_counter("http_requests_total"));
    assert!(ctx.is_gauge("http_requests_created"));
    assert!(!ctx.is_counter("process_open_fds"));
    assert_eq!(ctx.job_intervals_ms.get("my_app"), Some(&15_000));
    let found = lint(&parse("http_request_total").unwrap(), &ctx);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code(), "unknown-metric");
    let best = &found[0].fixes[0];
    assert_eq!(best, "http_requests_total");
    assert_eq!(instant(&pg, best).len(), 1, "the fix finds the series");
    let found = lint(&parse(best).unwrap(), &ctx);
    assert_eq!(found[0].code(), "raw-counter");
    assert_eq!(found[0].fixes, ["rate(http_requests_total[1m])"]);
    let text = "rate(http_requests_total{job=my_app})";
    let fix = repair(text, &parse(text).unwrap_err(), &ctx).unwrap();
    assert_eq!(fix.fixes, ["rate(http_requests_total{job=\"my_app\"}[1m])"]);
    assert_eq!(instant(&pg, &fix.fixes[0]).len(), 1);
}
