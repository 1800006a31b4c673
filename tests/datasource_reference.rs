//! Grafana's data source test against the real servers' answers: the status line each of
//! the app's ports (and Prometheus, for a URL with a path) gave to a POST of
//! `/api/v1/query`, and the TLS errors Go gave against a Python and a Go server, all
//! captured in `tests/reference/` (see the READMEs there). Grafana's own sentence after
//! them is read from its source, not captured.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use sonde::grafana::DataSource;

fn reference(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference")
        .join(file);
    std::fs::read_to_string(path).expect("reference file")
}

/// The status line of a captured HTTP response, without the protocol version.
fn status_line(response: &str) -> String {
    let first = response.lines().next().unwrap_or_default();
    first
        .split_once(' ')
        .map(|(_, s)| s.to_string())
        .unwrap_or_default()
}

/// The part of a captured `Get "<url>": <error>` after the URL.
fn go_error(last_error: &str) -> String {
    let text = last_error.trim_end();
    text.split_once("\": ")
        .map(|(_, e)| e.to_string())
        .unwrap_or_default()
}

fn save_and_test(url: &str) -> String {
    let ds = DataSource {
        name: "Prometheus".into(),
        url: url.into(),
    };
    ds.test(true)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

#[test]
fn servers_that_are_not_prometheus_answer_with_their_real_status() {
    let suffix = " - There was an error returned querying the Prometheus API.";
    for (url, file) in [
        (
            "http://localhost:8000",
            "datasource-test/post-api-v1-query-8000.txt",
        ),
        (
            "http://localhost:5000",
            "datasource-test/post-api-v1-query-5000.txt",
        ),
        (
            "http://localhost:9090/graph",
            "datasource-test/post-graph-api-v1-query-prometheus.txt",
        ),
    ] {
        let real = status_line(&reference(file));
        assert!(!real.is_empty(), "{file} has a status line");
        assert_eq!(save_and_test(url), format!("{real}{suffix}"), "{url}");
    }
}

#[test]
fn https_to_plain_http_fails_as_go_words_it_for_each_kind_of_server() {
    let python = go_error(&reference("scrape-errors/running/https.txt"));
    let go = go_error(&reference("scrape-errors/go-server/self_https.txt"));
    assert_ne!(python, go);
    assert!(
        save_and_test("https://localhost:8000").contains(&format!("/api/v1/query\": {python} - "))
    );
    assert!(save_and_test("https://localhost:5000").contains(&format!(": {python} - ")));
    assert!(save_and_test("https://localhost:9090").contains(&format!(": {go} - ")));
}
