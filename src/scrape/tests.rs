//! Scrape loop tests on hand-made targets and pages. A scrape starts a little after its
//! tick (under 10 ms) and its samples are stamped with the tick or, when it started more
//! than 2 ms late, with its own start: tests look for samples in that window.

use super::*;
use crate::lang::Lang;
use crate::store::{is_stale, Matcher};

/// A scrape starts at most this long after its tick (ms).
const SLACK_MS: i64 = 10;

/// The tick of the first target's next scrape.
fn next_tick(scraper: &Scraper) -> i64 {
    scraper.targets()[0].next_scrape_ms
}

/// Whether a sample time belongs to the scrape ticking at `tick`.
fn of_tick(t: i64, tick: i64) -> bool {
    (tick..tick + SLACK_MS).contains(&t)
}

/// The values of `name`, checking each was stamped by the scrape of the matching tick.
fn values_at(store: &Store, name: &str, ticks: &[i64]) -> Vec<f64> {
    let got = values(store, name);
    assert_eq!(got.len(), ticks.len(), "{name}: {got:?}");
    for ((t, _), tick) in got.iter().zip(ticks) {
        assert!(of_tick(*t, *tick), "{name} at {t}, tick {tick}");
    }
    got.into_iter().map(|(_, v)| v).collect()
}

fn target(port: Option<u16>) -> ScrapeTarget {
    ScrapeTarget {
        job: "my_app".into(),
        instance: "localhost:8000".into(),
        address: "localhost:8000".into(),
        params: Vec::new(),
        host: "localhost".into(),
        port,
        scheme: "http".into(),
        metrics_path: "/metrics".into(),
        interval_ms: 15_000,
        timeout_ms: 10_000,
        honor_labels: false,
        labels: Labels::from_pairs([("job", "my_app"), ("instance", "localhost:8000")]),
        metric_relabel: Vec::new(),
    }
}

fn values(store: &Store, name: &str) -> Vec<(i64, f64)> {
    store
        .select(&[Matcher::equal("__name__", name)])
        .into_iter()
        .flat_map(|id| {
            store
                .series(id)
                .samples
                .iter()
                .map(|s| (s.t, s.v))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn page(body: &str) -> impl FnMut(&ScrapeTarget, i64) -> Result<Fetched, ScrapeFailure> + '_ {
    move |_, _| {
        Ok(Fetched {
            body: body.to_string(),
            duration: Duration::from_millis(3),
        })
    }
}

/// Runs scrapes until `until_ms` with `fetch`.
fn run(
    scraper: &mut Scraper,
    store: &mut Store,
    until_ms: i64,
    fetch: &mut dyn FnMut(&ScrapeTarget, i64) -> Result<Fetched, ScrapeFailure>,
) {
    while let Some(due) = scraper.next_due_ms().filter(|&d| d <= until_ms) {
        scraper.scrape_due(due, store, fetch);
    }
}

#[test]
fn a_scrape_stores_samples_with_target_labels_and_report_series() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let tick = next_tick(&scraper);
    let due = scraper.next_due_ms().unwrap();
    assert!(
        (0..15_000).contains(&tick),
        "first scrape within one interval"
    );
    assert!(of_tick(due, tick), "it starts a little after its tick");
    run(
        &mut scraper,
        &mut store,
        due,
        &mut page("# TYPE x_total counter\nx_total 3.0\n"),
    );
    let ids = store.select(&[Matcher::equal("__name__", "x_total")]);
    assert_eq!(ids.len(), 1);
    assert_eq!(
        store.series(ids[0]).labels.to_string(),
        "x_total{instance=\"localhost:8000\", job=\"my_app\"}"
    );
    let stamped = values(&store, "x_total")[0].0;
    for name in REPORT_SERIES {
        assert_eq!(
            values(&store, name)[0].0,
            stamped,
            "{name} with the samples"
        );
    }
    assert_eq!(values_at(&store, "x_total", &[tick]), [3.0]);
    assert_eq!(values_at(&store, "up", &[tick]), [1.0]);
    assert_eq!(values_at(&store, "scrape_samples_scraped", &[tick]), [1.0]);
    assert_eq!(
        values_at(&store, "scrape_samples_post_metric_relabeling", &[tick]),
        [1.0]
    );
    assert_eq!(values_at(&store, "scrape_series_added", &[tick]), [1.0]);
    assert_eq!(
        values_at(&store, "scrape_duration_seconds", &[tick]),
        [0.003]
    );
    let state = &scraper.targets()[0];
    assert_eq!(state.health, Health::Up);
    assert_eq!(state.metadata.len(), 1);
    assert_eq!(state.last_scrape_ms, Some(due));
    run(
        &mut scraper,
        &mut store,
        tick + 15_000 + SLACK_MS,
        &mut page("x_total 4.0\n"),
    );
    let ticks = [tick, tick + 15_000];
    assert_eq!(values_at(&store, "scrape_series_added", &ticks), [1.0, 0.0]);
    assert_eq!(values_at(&store, "x_total", &ticks), [3.0, 4.0]);
}

#[test]
fn scrapes_start_late_and_only_a_late_start_keeps_its_time() {
    let mut store = Store::default();
    let mut scraper = Scraper::with_seed(11);
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let tick = next_tick(&scraper);
    let mut starts = Vec::new();
    let mut record = |_: &ScrapeTarget, at: i64| {
        starts.push(at);
        Ok(Fetched {
            body: "a 1\n".into(),
            duration: Duration::from_millis(2),
        })
    };
    run(&mut scraper, &mut store, tick + 200 * 15_000, &mut record);
    let stamps: Vec<i64> = values(&store, "a").into_iter().map(|(t, _)| t).collect();
    assert_eq!(stamps.len(), 200);
    let mut late = 0;
    for (k, (stamp, start)) in stamps.iter().zip(&starts).enumerate() {
        let tick_k = tick + k as i64 * 15_000;
        assert!(of_tick(*start, tick_k), "scrape {k} starts at {start}");
        if *start - tick_k > TIMESTAMP_TOLERANCE_US / 1000 {
            late += 1;
            assert_eq!(stamp, start, "a late start keeps its time");
        } else {
            assert!(*stamp == tick_k || stamp == start, "scrape {k} at {stamp}");
        }
    }
    assert!((10..80).contains(&late), "{late} late starts of 200");
    let gaps: std::collections::HashSet<i64> = stamps.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.contains(&15_000),
        "aligned scrapes are exactly 15 s apart"
    );
    assert!(gaps.len() > 3, "late ones are not: {gaps:?}");
    assert!(gaps
        .iter()
        .all(|g| (15_000 - SLACK_MS..15_000 + SLACK_MS).contains(g)));
}

#[test]
fn a_failed_scrape_records_up_zero_and_marks_every_series_stale() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let tick = next_tick(&scraper);
    let due = scraper.next_due_ms().unwrap();
    run(&mut scraper, &mut store, due, &mut page("a 1\nb 2\n"));
    let mut refused = |t: &ScrapeTarget, _| {
        Err(ScrapeFailure::ConnectionRefused {
            url: t.url(),
            dialled: "127.0.0.1:8000".into(),
            app_stopped: true,
        })
    };
    run(
        &mut scraper,
        &mut store,
        tick + 15_000 + SLACK_MS,
        &mut refused,
    );
    let ticks = [tick, tick + 15_000];
    assert_eq!(values_at(&store, "up", &ticks), [1.0, 0.0]);
    let refused_in = values_at(&store, "scrape_duration_seconds", &ticks)[1];
    assert!(
        (0.0001..0.002).contains(&refused_in),
        "refused in {refused_in} s"
    );
    for name in ["a", "b"] {
        let v = values(&store, name);
        assert_eq!(v.len(), 2);
        assert!(is_stale(v[1].1), "{name} is marked stale");
    }
    let state = &scraper.targets()[0];
    assert_eq!(state.health, Health::Down);
    let err = state.last_error.as_ref().unwrap().to_string();
    assert_eq!(err, "Get \"http://localhost:8000/metrics\": dial tcp 127.0.0.1:8000: connect: connection refused");
}

#[test]
fn a_series_that_vanishes_gets_a_staleness_marker_and_timeouts_fail() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let tick = next_tick(&scraper);
    run(
        &mut scraper,
        &mut store,
        tick + SLACK_MS,
        &mut page("a 1\nb 2\n"),
    );
    run(
        &mut scraper,
        &mut store,
        tick + 15_000 + SLACK_MS,
        &mut page("a 1\n"),
    );
    assert!(is_stale(values(&store, "b")[1].1));
    assert_eq!(values(&store, "a").len(), 2);
    let mut slow = |_: &ScrapeTarget, _| {
        Ok(Fetched {
            body: "a 1\n".into(),
            duration: Duration::from_millis(11_000),
        })
    };
    run(
        &mut scraper,
        &mut store,
        tick + 30_000 + SLACK_MS,
        &mut slow,
    );
    assert_eq!(
        scraper.targets()[0].last_error,
        Some(ScrapeFailure::Timeout)
    );
    let durations = values(&store, "scrape_duration_seconds");
    let timed_out_in = durations[2].1;
    assert!(
        (10.0..10.01).contains(&timed_out_in),
        "a timeout lasts scrape_timeout: {timed_out_in}"
    );
}

#[test]
fn a_bad_page_fails_the_scrape_with_the_parser_message() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let tick = next_tick(&scraper);
    run(
        &mut scraper,
        &mut store,
        tick + SLACK_MS,
        &mut page("a{b=1} 1\n"),
    );
    assert!(matches!(
        scraper.targets()[0].last_error,
        Some(ScrapeFailure::Parse(_))
    ));
    assert_eq!(values_at(&store, "up", &[tick]), [0.0]);
}

#[test]
fn clashing_labels_are_kept_as_exported_unless_honored() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let due = scraper.next_due_ms().unwrap();
    run(
        &mut scraper,
        &mut store,
        due,
        &mut page("a{job=\"other\"} 1\n"),
    );
    let id = store.select(&[Matcher::equal("__name__", "a")])[0];
    assert_eq!(store.series(id).labels.get("exported_job"), "other");
    assert_eq!(store.series(id).labels.get("job"), "my_app");
    let mut honoring = target(Some(8000));
    honoring.honor_labels = true;
    let labels = attach_target_labels(&Labels::from_pairs([("job", "other")]), &honoring);
    assert_eq!(labels.get("job"), "other");
    assert!(!labels.has("exported_job"));
}

#[test]
fn a_removed_target_marks_its_series_and_report_series_stale() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let due = scraper.next_due_ms().unwrap();
    run(&mut scraper, &mut store, due, &mut page("a 1\n"));
    scraper.set_targets(Vec::new(), due + 1000, &mut store);
    assert!(is_stale(values(&store, "a")[1].1));
    assert!(is_stale(values(&store, "up")[1].1));
    assert_eq!(scraper.next_due_ms(), None);
}

#[test]
fn a_kept_target_keeps_its_health_and_follows_a_new_interval() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let due = scraper.next_due_ms().unwrap();
    run(&mut scraper, &mut store, due, &mut page("a 1\n"));
    let mut faster = target(Some(8000));
    faster.interval_ms = 5_000;
    faster.timeout_ms = 5_000;
    scraper.set_targets(vec![faster], due + 1, &mut store);
    assert_eq!(scraper.targets()[0].health, Health::Up);
    let next = next_tick(&scraper);
    assert!(next > due && next <= due + 1 + 5_000);
    run(
        &mut scraper,
        &mut store,
        next + 5_000 + SLACK_MS,
        &mut page("a 1\n"),
    );
    let ups = values(&store, "up");
    let gap = ups[ups.len() - 1].0 - ups[ups.len() - 2].0;
    assert!(
        (5_000 - SLACK_MS..5_000 + SLACK_MS).contains(&gap),
        "scrapes every 5 s now: {gap}"
    );
}

#[test]
fn each_failure_reads_as_go_words_it() {
    let url = "http://locahost:8000/metrics".to_string();
    let lookup = ScrapeFailure::NoSuchHost {
        url: url.clone(),
        host: "locahost".into(),
    };
    assert_eq!(
        lookup.to_string(),
        format!("Get \"{url}\": dial tcp: lookup locahost on {LOCAL_RESOLVER}: no such host")
    );
    let tls = ScrapeFailure::NotTls {
        url: "https://localhost:8000/metrics".into(),
    };
    assert!(tls
        .to_string()
        .ends_with(": tls: first record does not look like a TLS handshake"));
    let status = ScrapeFailure::HttpStatus {
        code: 404,
        reason: "NOT FOUND".into(),
        port: Some(5000),
    };
    assert_eq!(
        status.to_string(),
        "server returned HTTP status 404 NOT FOUND"
    );
}

#[test]
fn hints_name_the_likely_cause_in_both_languages() {
    let refused = |app_stopped| ScrapeFailure::ConnectionRefused {
        url: "http://localhost:8000/metrics".into(),
        dialled: "127.0.0.1:8000".into(),
        app_stopped,
    };
    let flask_404 = |port| ScrapeFailure::HttpStatus {
        code: 404,
        reason: "NOT FOUND".into(),
        port,
    };
    let cases = [
        (refused(true), "stopped"),
        (refused(false), "not one of the app's ports"),
        (
            ScrapeFailure::NoSuchHost {
                url: String::new(),
                host: "locahost".into(),
            },
            "\"locahost\" does not exist",
        ),
        (
            ScrapeFailure::NotTls { url: String::new() },
            "scheme: https",
        ),
        (flask_404(Some(5000)), "Port 5000 is Flask's"),
        (flask_404(None), "metrics_path"),
    ];
    for (failure, cause) in &cases {
        let en = failure.hint(Lang::En);
        assert!(en.contains(cause), "{failure}: {en}");
        assert_ne!(en, failure.hint(Lang::Fr), "{failure}");
    }
    let flask = flask_404(Some(5000)).hint(Lang::En);
    assert!(
        flask.contains("localhost:8000") && !flask.contains("metrics_path"),
        "{flask}"
    );
    assert!(refused(true).hint(Lang::Fr).contains("arrêtée"));
}

#[test]
fn series_ids_given_anew_by_retention_are_looked_up_again() {
    // Retention drops `old` and renumbers the store's series; the cache must not append
    // `a`'s next sample to whatever series now holds its former id.
    let mut store = Store::new(60_000);
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    store
        .append(&Labels::from_pairs([("__name__", "old")]), 0, 1.0)
        .unwrap();
    let tick = next_tick(&scraper);
    run(
        &mut scraper,
        &mut store,
        tick + SLACK_MS,
        &mut page("b 5\na 1\n"),
    );
    let generation = store.generation();
    store.apply_retention(tick + 60_000);
    assert_ne!(store.generation(), generation, "retention dropped `old`");
    run(
        &mut scraper,
        &mut store,
        tick + 15_000 + SLACK_MS,
        &mut page("b 6\na 2\n"),
    );
    let a: Vec<f64> = values(&store, "a").into_iter().map(|(_, v)| v).collect();
    let b: Vec<f64> = values(&store, "b").into_iter().map(|(_, v)| v).collect();
    assert_eq!((a, b), (vec![1.0, 2.0], vec![5.0, 6.0]));
    assert_eq!(values(&store, "up").len(), 2);
}

#[test]
fn a_reload_that_renames_a_series_marks_the_old_name_stale_once() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let tick = next_tick(&scraper);
    run(
        &mut scraper,
        &mut store,
        tick + SLACK_MS,
        &mut page("a 1\nc 3\n"),
    );
    let mut renaming = target(Some(8000));
    let yaml = "scrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['localhost:8000']\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: a\n        target_label: __name__\n        replacement: z\n";
    let config = crate::config::parse_config(yaml).unwrap();
    renaming.metric_relabel = config.scrape_configs[0].metric_relabel_configs.clone();
    scraper.set_targets(vec![renaming], tick + 1000, &mut store);
    run(
        &mut scraper,
        &mut store,
        tick + 15_000 + SLACK_MS,
        &mut page("a 1\nc 3\n"),
    );
    run(
        &mut scraper,
        &mut store,
        tick + 30_000 + SLACK_MS,
        &mut page("a 1\nc 3\n"),
    );
    let a = values(&store, "a");
    assert_eq!(a.len(), 2, "{a:?}");
    assert!(is_stale(a[1].1));
    assert_eq!(values(&store, "z").len(), 2);
    assert!(values(&store, "c").iter().all(|(_, v)| !is_stale(*v)));
    let added = values(&store, "scrape_series_added");
    let added: Vec<f64> = added.into_iter().map(|(_, v)| v).collect();
    assert_eq!(added, [2.0, 1.0, 0.0]);
}
