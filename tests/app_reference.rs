//! Every version of the simulated app against the real one: `tests/reference/generate.py`
//! ran the very code Sonde shows (`src/sim/code/<version>.py`) under Flask 3.1 and
//! prometheus_client 0.26.0, sent it the requests of `tests/reference/requests.tsv`, and
//! wrote the app's own metrics in the text format 0.0.4 (`<version>.txt`) and in
//! OpenMetrics (`<version>.openmetrics.txt`). Sonde's app, sent the same requests at the
//! same times, must write the same bytes.
//!
//! One value is normalised: the unlabelled counter's `http_requests_created`, the moment
//! the app's module was imported, which in Sonde depends on the seeded process start
//! (the script pinned it on a fake clock). Labelled children are created by the first
//! request with their labels, at a scripted time, so their `_created` values are compared
//! as they are.
//!
//! The production version times every request and fails some: it was sent the requests of
//! `tests/reference/production_requests.tsv` with a fake timer giving each its scripted
//! duration, and the same durations and failures are handed to Sonde's app.

use sonde::exposition::{write_openmetrics, write_text};
use sonde::sim::{FlaskApp, Instrumentation, Outcome, FLASK_PORT};

const REFERENCE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference");

fn reference(name: &str) -> String {
    std::fs::read_to_string(format!("{REFERENCE_DIR}/{name}"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The scripted requests: (time in ms, path).
fn requests() -> Vec<(i64, String)> {
    reference("requests.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(t, path)| (t.parse().expect("a time in ms"), path.to_string()))
        .collect()
}

/// The simulated app running `version`, after the scripted requests.
fn app_after_requests(version: Instrumentation) -> FlaskApp {
    let requests = requests();
    assert!(requests.len() > 3, "the script sends requests");
    let start = requests[0].0 - 10_000;
    let mut app = FlaskApp::new(42, start);
    app.deploy(version, start);
    for (t, path) in &requests {
        assert!(app.get(FLASK_PORT, path, *t).is_ok(), "GET {path}");
    }
    app
}

/// The production version's scripted requests: (time in ms, path, outcome).
fn production_requests() -> Vec<(i64, String, Outcome)> {
    reference("production_requests.tsv")
        .lines()
        .map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            let [t, path, duration, fails] = fields[..] else {
                panic!("four fields: {l:?}")
            };
            let outcome = Outcome {
                duration_s: duration.parse().expect("a duration in seconds"),
                fails: fails == "1",
            };
            (t.parse().expect("a time in ms"), path.to_string(), outcome)
        })
        .collect()
}

/// The simulated production app after its scripted requests, with the statuses it gave.
fn production_after_requests() -> (FlaskApp, Vec<u16>) {
    let requests = production_requests();
    assert!(requests.len() > 5, "the script sends requests");
    let start = requests[0].0 - 10_000;
    let mut app = FlaskApp::new(42, start);
    app.deploy(Instrumentation::Production, start);
    let statuses = requests
        .iter()
        .map(|(t, path, outcome)| match app.handle(path, *outcome, *t) {
            Ok(r) => r.status,
            Err(e) => panic!("GET {path}: {e}"),
        })
        .collect();
    (app, statuses)
}

/// The text with the value of the unlabelled `http_requests_created` replaced.
fn normalise_import_time(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("http_requests_created ") {
            Some(_) => "http_requests_created <import time>".to_string(),
            None => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect()
}

fn assert_same_bytes(got: &str, want: &str, what: &str) {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "{what}, line {}", i + 1);
    }
    assert_eq!(got, want, "{what}");
}

#[test]
fn every_version_writes_its_metrics_as_the_real_library() {
    for (version, file) in [
        (Instrumentation::Course, "course"),
        (Instrumentation::PerEndpoint, "per_endpoint"),
    ] {
        let families = app_after_requests(version).own_families();
        let text = reference(&format!("{file}.txt"));
        let openmetrics = reference(&format!("{file}.openmetrics.txt"));
        assert!(
            text.contains("http_requests_total"),
            "{file}.txt has the counter"
        );
        assert_same_bytes(
            &normalise_import_time(&write_text(&families)),
            &normalise_import_time(&text),
            &format!("{file}.txt"),
        );
        assert_same_bytes(
            &normalise_import_time(&write_openmetrics(&families)),
            &normalise_import_time(&openmetrics),
            &format!("{file}.openmetrics.txt"),
        );
    }
}

#[test]
fn the_production_version_writes_its_counter_and_histogram_as_the_real_library() {
    let (app, statuses) = production_after_requests();
    let families = app.own_families();
    let text = reference("production.txt");
    assert!(
        text.contains("le=\"+Inf\""),
        "production.txt has the histogram"
    );
    assert_same_bytes(&write_text(&families), &text, "production.txt");
    assert_same_bytes(
        &write_openmetrics(&families),
        &reference("production.openmetrics.txt"),
        "production.openmetrics.txt",
    );
    assert!(statuses.contains(&500) && statuses.contains(&404));
}

#[test]
fn labelled_children_are_compared_with_their_created_times() {
    let text = write_text(&app_after_requests(Instrumentation::PerEndpoint).own_families());
    let created = text
        .lines()
        .filter(|l| l.starts_with("http_requests_created{"))
        .count();
    assert_eq!(created, 4, "one child per endpoint, the 404 included");
    assert_eq!(normalise_import_time(&text), text);
}
