//! Scrape loop tests on hand-made targets and pages.

use super::*;
use crate::lang::Lang;
use crate::store::{is_stale, Matcher};

fn target(port: Option<u16>) -> ScrapeTarget {
    ScrapeTarget {
        job: "my_app".into(),
        instance: "localhost:8000".into(),
        host: "localhost".into(),
        port,
        scheme: "http".into(),
        metrics_path: "/metrics".into(),
        interval_ms: 15_000,
        timeout_ms: 10_000,
        honor_labels: false,
        labels: Labels::from_pairs([("job", "my_app"), ("instance", "localhost:8000")]),
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
            duration_ms: 3,
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
    let due = scraper.next_due_ms().unwrap();
    assert!(
        (0..15_000).contains(&due),
        "first scrape within one interval"
    );
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
    assert_eq!(values(&store, "x_total"), vec![(due, 3.0)]);
    assert_eq!(values(&store, "up"), vec![(due, 1.0)]);
    assert_eq!(values(&store, "scrape_samples_scraped"), vec![(due, 1.0)]);
    assert_eq!(
        values(&store, "scrape_samples_post_metric_relabeling"),
        vec![(due, 1.0)]
    );
    assert_eq!(values(&store, "scrape_series_added"), vec![(due, 1.0)]);
    assert_eq!(
        values(&store, "scrape_duration_seconds"),
        vec![(due, 0.003)]
    );
    let state = &scraper.targets()[0];
    assert_eq!(state.health, Health::Up);
    assert_eq!(state.metadata.len(), 1);
    run(
        &mut scraper,
        &mut store,
        due + 15_000,
        &mut page("x_total 4.0\n"),
    );
    assert_eq!(
        values(&store, "scrape_series_added"),
        vec![(due, 1.0), (due + 15_000, 0.0)]
    );
    assert_eq!(
        values(&store, "x_total"),
        vec![(due, 3.0), (due + 15_000, 4.0)]
    );
}

#[test]
fn a_failed_scrape_records_up_zero_and_marks_every_series_stale() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let due = scraper.next_due_ms().unwrap();
    run(&mut scraper, &mut store, due, &mut page("a 1\nb 2\n"));
    let mut refused = |t: &ScrapeTarget, _| {
        Err(ScrapeFailure::ConnectionRefused {
            url: t.url(),
            dialled: "127.0.0.1:8000".into(),
            app_stopped: true,
        })
    };
    run(&mut scraper, &mut store, due + 15_000, &mut refused);
    assert_eq!(values(&store, "up"), vec![(due, 1.0), (due + 15_000, 0.0)]);
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
    let due = scraper.next_due_ms().unwrap();
    run(&mut scraper, &mut store, due, &mut page("a 1\nb 2\n"));
    run(&mut scraper, &mut store, due + 15_000, &mut page("a 1\n"));
    assert!(is_stale(values(&store, "b")[1].1));
    assert_eq!(values(&store, "a").len(), 2);
    let mut slow = |_: &ScrapeTarget, _| {
        Ok(Fetched {
            body: "a 1\n".into(),
            duration_ms: 11_000,
        })
    };
    run(&mut scraper, &mut store, due + 30_000, &mut slow);
    assert_eq!(
        scraper.targets()[0].last_error,
        Some(ScrapeFailure::Timeout)
    );
}

#[test]
fn a_bad_page_fails_the_scrape_with_the_parser_message() {
    let mut store = Store::default();
    let mut scraper = Scraper::new();
    scraper.set_targets(vec![target(Some(8000))], 0, &mut store);
    let due = scraper.next_due_ms().unwrap();
    run(&mut scraper, &mut store, due, &mut page("a{b=1} 1\n"));
    assert!(matches!(
        scraper.targets()[0].last_error,
        Some(ScrapeFailure::Parse(_))
    ));
    assert_eq!(values(&store, "up"), vec![(due, 0.0)]);
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
    let next = scraper.next_due_ms().unwrap();
    assert!(next > due && next <= due + 1 + 5_000);
    run(&mut scraper, &mut store, next + 5_000, &mut page("a 1\n"));
    let ups = values(&store, "up");
    assert_eq!(
        ups[ups.len() - 1].0 - ups[ups.len() - 2].0,
        5_000,
        "scrapes every 5 s now"
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
