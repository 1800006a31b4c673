//! The production-style app end to end, natively: the traffic mix, latencies and errors
//! as PromQL sees them once scraped, replicas scraped as targets of their own, and each
//! incident's effect on the stored series.
#![cfg(not(target_arch = "wasm32"))]

use sonde::playground::Playground;
use sonde::promql::Value;
use sonde::scrape::{Health, ScrapeFailure};
use sonde::sim::{
    profile, IncidentKind, Instrumentation, Target, DEFAULT_BUCKETS, ERROR_BURST_RATE,
    LATENCY_FACTOR, LEAK_BYTES_PER_S, MIX_ENDPOINTS, TRAFFIC_FACTOR,
};

const START: i64 = 1_795_545_600_000;
const TWO_REPLICAS: &str = "global:\n  scrape_interval: 15s\n\nscrape_configs:\n  - job_name: 'my_app'\n    static_configs:\n      - targets: ['localhost:8000', 'localhost:8001']\n";

/// The value of each series `q` gives now, by its labels' text.
fn instant(pg: &Playground, q: &str) -> Vec<(String, f64)> {
    match pg.instant(q, None).map(|r| r.value) {
        Ok(Value::Vector(v)) => v.into_iter().map(|s| (s.labels.to_string(), s.v)).collect(),
        Ok(Value::Scalar { v, .. }) => vec![(String::new(), v)],
        other => panic!("{q}: unexpected {other:?}"),
    }
}

/// The single value `q` gives now.
fn one(pg: &Playground, q: &str) -> f64 {
    match instant(pg, q).as_slice() {
        [(_, v)] => *v,
        other => panic!("{q}: one value expected, got {other:?}"),
    }
}

/// The production app under `rate` requests per second for `minutes`.
fn production(seed: u64, rate: f64, minutes: i64) -> Playground {
    let mut pg = Playground::new(seed, START);
    pg.deploy(Instrumentation::Production);
    pg.set_rate(rate).expect("a valid rate");
    run(&mut pg, minutes * 60_000);
    pg
}

fn run(pg: &mut Playground, ms: i64) {
    for _ in 0..ms / 15_000 {
        pg.step(15_000);
    }
}

/// What `histogram_quantile(q, …)` gives for an endpoint whose every bucket holds exactly
/// its expected share: the profile's distribution function at the default bounds,
/// interpolated linearly inside the bucket, as Prometheus does.
fn expected_bucket_quantile(path: &str, q: f64) -> f64 {
    let p = profile(path, true);
    let mut below = (0.0, 0.0);
    for &bound in &DEFAULT_BUCKETS {
        let upto = p.cdf(bound);
        if upto >= q {
            return below.0 + (bound - below.0) * (q - below.1) / (upto - below.1);
        }
        below = (bound, upto);
    }
    below.0
}

#[test]
fn the_mix_spreads_traffic_over_the_endpoints_by_weight() {
    let pg = production(5, 20.0, 30);
    let total = one(&pg, "sum(increase(http_requests_total[30m]))");
    assert!(total > 30_000.0, "about 36 000 requests: {total}");
    for path in MIX_ENDPOINTS {
        let q = format!("sum(increase(http_requests_total{{endpoint=\"{path}\"}}[30m]))");
        let share = one(&pg, &q) / total;
        let want = f64::from(pg.mix().weight(path)) / 100.0;
        assert!((share - want).abs() < 0.02, "{path}: {share} for {want}");
    }
}

#[test]
fn each_endpoint_has_its_latency_and_orders_fail_sometimes() {
    let pg = production(6, 20.0, 30);
    let quantile = |q: f64, path: &str| {
        one(
            &pg,
            &format!("histogram_quantile({q}, sum by (le) (rate(http_request_duration_seconds_bucket{{endpoint=\"{path}\"}}[30m])))"),
        )
    };
    for path in ["/", "/api/users", "/api/orders"] {
        for q in [0.5, 0.9] {
            let (got, want) = (quantile(q, path), expected_bucket_quantile(path, q));
            assert!(
                (got / want - 1.0).abs() < 0.1,
                "{path} p{q}: {got} for {want}"
            );
        }
    }
    assert!(quantile(0.5, "/api/users") > 10.0 * quantile(0.5, "/"));
    let ratio = one(
        &pg,
        "sum(rate(http_requests_total{endpoint=\"/api/orders\",status=\"500\"}[30m])) / sum(rate(http_requests_total{endpoint=\"/api/orders\"}[30m]))",
    );
    let want = profile("/api/orders", true).error_rate;
    assert!((ratio - want).abs() < 0.015, "error ratio {ratio}");
    assert!(instant(
        &pg,
        "http_requests_total{status=\"500\", endpoint!=\"/api/orders\"}"
    )
    .is_empty());
}

#[test]
fn a_request_to_any_path_has_a_status_and_a_duration() {
    let mut pg = Playground::new(1, START);
    pg.deploy(Instrumentation::Production);
    let text = pg.send_path("/api/users?page=2");
    assert_eq!(text, "200 OK — [\"alice\", \"bob\"]");
    let sent = pg.last_sent().cloned().expect("a request was sent");
    assert_eq!((sent.status, sent.port), (Some(200), 5000));
    assert!(sent.duration_s.is_some_and(|d| d > 0.15), "{sent:?}");
    let text = pg.send_path("/nope");
    assert!(
        text.starts_with("404 NOT FOUND — <!doctype html>"),
        "{text}"
    );
    assert!(text.contains("<title>404 Not Found</title>"));
    assert!(pg
        .metrics_preview()
        .contains("http_requests_total{endpoint=\"/nope\",method=\"GET\",status=\"404\"} 1.0"));
    let statuses: Vec<Option<u16>> = (0..200)
        .map(|_| {
            pg.send_path("/api/orders");
            pg.last_sent().and_then(|s| s.status)
        })
        .collect();
    assert!(statuses.contains(&Some(500)) && statuses.contains(&Some(200)));
    pg.set_app_running(false);
    assert_eq!(
        pg.send_path("/"),
        "Get \"http://localhost:5000/\": dial tcp 127.0.0.1:5000: connect: connection refused"
    );
    assert_eq!(pg.last_sent().and_then(|s| s.duration_s), None);
}

#[test]
fn a_second_replica_is_a_second_target_sharing_the_load() {
    let mut pg = Playground::new(2, START);
    pg.deploy(Instrumentation::Production);
    assert_eq!(pg.add_replica(), Ok(8001));
    pg.apply_config(TWO_REPLICAS).expect("a valid config");
    pg.set_rate(10.0).expect("a valid rate");
    run(&mut pg, 10 * 60_000);
    assert_eq!(one(&pg, "count(up == 1)"), 2.0);
    let per_instance = instant(&pg, "sum by (instance) (rate(http_requests_total[5m]))");
    assert_eq!(per_instance.len(), 2, "{per_instance:?}");
    for (labels, rate) in &per_instance {
        assert!((4.0..6.0).contains(rate), "{labels}: {rate}");
    }
    // Stopping one replica: its target goes down, the other takes all the traffic.
    pg.set_replica_running(1, false).expect("replica 1 exists");
    run(&mut pg, 6 * 60_000);
    assert_eq!(
        instant(&pg, "up == 0"),
        [(
            "up{instance=\"localhost:8001\", job=\"my_app\"}".to_string(),
            0.0
        )]
    );
    let rate = one(
        &pg,
        "sum(rate(http_requests_total{instance=\"localhost:8000\"}[5m]))",
    );
    assert!((8.0..12.0).contains(&rate), "all the traffic: {rate}");
    assert!(pg.set_replica_running(7, true).is_err());
}

/// The production app with two scraped replicas and steady traffic, 10 minutes in.
fn two_replicas(seed: u64) -> Playground {
    let mut pg = Playground::new(seed, START);
    pg.deploy(Instrumentation::Production);
    pg.add_replica().expect("room for a replica");
    pg.apply_config(TWO_REPLICAS).expect("a valid config");
    pg.set_rate(10.0).expect("a valid rate");
    run(&mut pg, 10 * 60_000);
    pg
}

fn replica_of(target: &Target) -> usize {
    match target {
        Target::Replica(i) => *i,
        other => panic!("a replica expected, got {other:?}"),
    }
}

#[test]
fn a_restart_incident_resets_one_replicas_counters() {
    let mut pg = two_replicas(3);
    let incident = pg.trigger(IncidentKind::Restart, None);
    let instance = format!("localhost:{}", 8000 + replica_of(&incident.target));
    assert_eq!(incident.start_ms, incident.end_ms);
    run(&mut pg, 2 * 60_000);
    let resets = instant(&pg, "sum by (instance) (resets(http_requests_total[3m]))");
    for (labels, n) in resets {
        let hit = labels.contains(&instance);
        assert_eq!(n > 0.0, hit, "{labels}: {n} resets");
    }
}

#[test]
fn a_stop_incident_takes_a_target_down_then_it_comes_back() {
    let mut pg = two_replicas(4);
    let incident = pg.trigger(IncidentKind::Stop, None);
    let instance = format!("localhost:{}", 8000 + replica_of(&incident.target));
    run(&mut pg, 60_000);
    let down = instant(&pg, "up == 0");
    assert_eq!(down.len(), 1);
    assert!(down[0].0.contains(&instance));
    let stale = format!("http_requests_total{{instance=\"{instance}\"}}");
    assert!(instant(&pg, &stale).is_empty(), "its series are stale");
    run(&mut pg, 2 * 60_000);
    assert_eq!(one(&pg, "count(up == 1)"), 2.0, "started again");
    assert!(pg.incidents()[0].end_ms <= pg.now_ms());
}

#[test]
fn slow_scrapes_exceed_the_timeout() {
    let mut pg = two_replicas(5);
    let incident = pg.trigger(IncidentKind::SlowScrape, None);
    let i = replica_of(&incident.target);
    run(&mut pg, 60_000);
    let target = &pg.targets()[i];
    assert_eq!(target.health, Health::Down);
    assert_eq!(target.last_error, Some(ScrapeFailure::Timeout));
    assert_eq!(
        target
            .last_error
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("context deadline exceeded")
    );
    let instance = format!("localhost:{}", 8000 + i);
    let duration = one(
        &pg,
        &format!("scrape_duration_seconds{{instance=\"{instance}\"}}"),
    );
    assert!(
        (9.9..10.5).contains(&duration),
        "cut at the timeout: {duration}"
    );
    assert_eq!(one(&pg, "count(up == 1)"), 1.0, "the other replica is fine");
    run(&mut pg, 3 * 60_000);
    assert_eq!(pg.targets()[i].health, Health::Up);
}

#[test]
fn a_latency_spike_slows_only_its_endpoint() {
    let mut pg = two_replicas(6);
    let p90 = |pg: &Playground, path: &str| {
        one(
            pg,
            &format!("histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{{endpoint=\"{path}\"}}[2m])))"),
        )
    };
    let before = (p90(&pg, "/api/users"), p90(&pg, "/"));
    let incident = pg.trigger(IncidentKind::Latency, None);
    assert_eq!(incident.target, Target::Endpoint("/api/users".into()));
    run(&mut pg, 3 * 60_000);
    let during = (p90(&pg, "/api/users"), p90(&pg, "/"));
    assert!(
        during.0 > 0.5 * LATENCY_FACTOR * before.0,
        "{before:?} -> {during:?}"
    );
    assert!(
        (during.1 / before.1 - 1.0).abs() < 0.5,
        "{before:?} -> {during:?}"
    );
    run(&mut pg, 5 * 60_000);
    assert!(p90(&pg, "/api/users") < 2.0 * before.0, "over");
}

#[test]
fn an_error_burst_fails_its_endpoint() {
    let mut pg = two_replicas(7);
    pg.trigger(IncidentKind::Errors, Some("/"));
    run(&mut pg, 4 * 60_000);
    let ratio = one(
        &pg,
        "sum(rate(http_requests_total{endpoint=\"/\",status=\"500\"}[3m])) / sum(rate(http_requests_total{endpoint=\"/\"}[3m]))",
    );
    assert!((ratio - ERROR_BURST_RATE).abs() < 0.1, "{ratio}");
    let about = instant(
        &pg,
        "http_requests_total{endpoint=\"/about\",status=\"500\"}",
    );
    assert!(about.is_empty(), "{about:?}");
}

#[test]
fn a_traffic_spike_multiplies_the_rate_for_a_while() {
    let mut pg = two_replicas(8);
    let rate = |pg: &Playground| one(pg, "sum(rate(http_requests_total[2m]))");
    let before = rate(&pg);
    pg.trigger(IncidentKind::Traffic, None);
    assert_eq!(pg.effective_rate(), 10.0 * TRAFFIC_FACTOR);
    assert_eq!(pg.rate(), 10.0);
    run(&mut pg, 3 * 60_000);
    let during = rate(&pg);
    assert!(
        (during / before - TRAFFIC_FACTOR).abs() < 1.0,
        "{before} -> {during}"
    );
    run(&mut pg, 5 * 60_000);
    assert_eq!(pg.effective_rate(), 10.0);
    assert!((rate(&pg) / before - 1.0).abs() < 0.3);
}

#[test]
fn a_memory_leak_makes_resident_memory_climb() {
    let mut pg = two_replicas(9);
    let incident = pg.trigger(IncidentKind::MemoryLeak, None);
    let instance = format!("localhost:{}", 8000 + replica_of(&incident.target));
    let q = format!("process_resident_memory_bytes{{instance=\"{instance}\"}}");
    let before = one(&pg, &q);
    run(&mut pg, 5 * 60_000);
    let grown = one(&pg, &q) - before;
    let want = LEAK_BYTES_PER_S * 300.0;
    assert!((grown / want - 1.0).abs() < 0.1, "{grown} for {want}");
    let deriv = one(&pg, &format!("deriv({q}[5m])"));
    assert!((deriv / LEAK_BYTES_PER_S - 1.0).abs() < 0.2, "{deriv}");
}

#[test]
fn incidents_are_logged_and_replay_from_the_seed() {
    let play = |seed| {
        let mut pg = two_replicas(seed);
        for kind in IncidentKind::ALL {
            pg.trigger(kind, None);
            run(&mut pg, 60_000);
        }
        let log: Vec<(IncidentKind, Target, i64, i64)> = pg
            .incidents()
            .iter()
            .map(|i| (i.kind, i.target.clone(), i.start_ms, i.end_ms))
            .collect();
        (
            log,
            instant(&pg, "sum by (instance, status) (http_requests_total)"),
        )
    };
    let (log, values) = play(10);
    assert_eq!(log.len(), IncidentKind::ALL.len());
    assert!(log
        .iter()
        .all(|(kind, _, start, end)| *end - *start == kind.duration_ms()));
    assert!(log.windows(2).all(|w| w[0].2 < w[1].2));
    assert_eq!(play(10), (log, values));
}
