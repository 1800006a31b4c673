//! The foundation: the course's chain through the page (request, scrape, chart, config,
//! targets, query errors, clock, language, traffic).

use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

#[wasm_bindgen_test]
async fn a_request_sent_shows_up_in_metrics_then_on_the_chart() {
    let page = Page::open();
    wait(50).await;
    assert!(page
        .text("metrics-text")
        .contains("http_requests_total 0.0"));
    page.click("send-request");
    until("/metrics counts the request", || {
        page.text("metrics-text")
            .contains("http_requests_total 1.0")
    })
    .await;
    assert!(page.text("last-response").contains("Hello, world!"));
    page.click("clock-step");
    page.click("clock-step");
    until("the target is up", || {
        page.find_all("target-row")
            .iter()
            .any(|r| r.get_attribute("data-health").as_deref() == Some("UP"))
    })
    .await;
    until("the legend shows the series with its last value 1", || {
        page.find_all("legend-row").iter().any(|r| {
            let t = r.text_content().unwrap_or_default();
            t.contains("http_requests_total{instance=\"localhost:8000\", job=\"my_app\"}")
        }) && page
            .find_all("legend-last")
            .iter()
            .any(|c| c.text_content().as_deref() == Some("1"))
    })
    .await;
    let points: usize = page
        .find("chart")
        .get_attribute("data-points")
        .unwrap_or_default()
        .parse()
        .unwrap_or(0);
    assert!(points > 0, "the chart drew points");
}

#[wasm_bindgen_test]
async fn a_bad_config_is_pointed_at_and_the_last_good_one_keeps_running() {
    let page = Page::open();
    wait(50).await;
    page.type_text("config-editor", "global:\n  scrape_interval: 15x\n");
    until("a config error", || {
        page.find_all("config-error").len() == 1
    })
    .await;
    let err = page.text("config-error");
    assert!(err.contains('2'), "the error names line 2: {err}");
    // Prometheus 3's words (promtool 2.42 says `not a valid duration string: "15x"`).
    assert!(
        err.contains(
            "FAILED: parsing YAML file prometheus.yml: unknown unit \"x\" in duration \"15x\""
        ),
        "promtool's words first: {err}"
    );
    let marked: Vec<String> = page
        .find_all("config-line-error")
        .iter()
        .map(|l| l.text_content().unwrap_or_default())
        .collect();
    assert_eq!(marked, ["2"], "the gutter marks line 2");
    page.click("clock-step");
    until("the course's target is still scraped", || {
        page.find_all("target-row")
            .iter()
            .any(|r| r.get_attribute("data-health").as_deref() == Some("UP"))
    })
    .await;
}

/// Opens the page with the course's job scraping `target` only, and returns the targets
/// page's text once the target is down.
async fn targets_page_with_target_down(target: &str) -> String {
    let page = Page::open();
    wait(50).await;
    page.type_text("config-editor", &format!("global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['{target}']\n"));
    until("the edit waits for a reload", || {
        page.find_all("config-pending").len() == 1
    })
    .await;
    page.click("config-reload");
    until("the config is loaded", || {
        page.find_all("config-ok").len() == 1
    })
    .await;
    page.click("clock-step");
    page.click("clock-step");
    until("the target is down", || {
        page.find_all("target-row")
            .iter()
            .any(|r| r.get_attribute("data-health").as_deref() == Some("DOWN"))
    })
    .await;
    page.text("target-health")
}

#[wasm_bindgen_test]
async fn a_target_on_the_wrong_port_goes_down_with_a_reason() {
    let text = targets_page_with_target_down("localhost:8001").await;
    assert!(text.contains("connection refused"), "{text}");
}

#[wasm_bindgen_test]
async fn a_mistyped_host_fails_the_lookup_with_a_hint() {
    let text = targets_page_with_target_down("locahost:8000").await;
    assert!(text.contains("lookup locahost on "), "{text}");
    assert!(text.contains("no such host"), "{text}");
    assert!(
        text.contains("\"locahost\""),
        "the hint names the host: {text}"
    );
}

#[wasm_bindgen_test]
async fn a_stopped_app_names_its_two_ports() {
    let page = Page::open();
    wait(50).await;
    let running = page.text("app-status");
    assert!(
        running.contains("localhost:5000") && running.contains("localhost:8000"),
        "{running}"
    );
    page.click("app-toggle");
    until("the status changes", || page.text("app-status") != running).await;
    let stopped = page.text("app-status");
    assert!(
        stopped.contains("localhost:5000") && stopped.contains("localhost:8000"),
        "{stopped}"
    );
    page.click("send-request");
    until("the request is refused on Flask's port", || {
        page.text("last-response")
            .contains("Get \"http://localhost:5000/\": dial tcp 127.0.0.1:5000")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_bad_query_gets_a_positioned_error_and_enter_runs_the_query() {
    let page = Page::open();
    wait(50).await;
    page.type_text("query-input", "rate(http_requests_total)");
    page.press_enter("query-input");
    until("a query error", || page.find_all("query-error").len() == 1).await;
    assert!(
        page.text("query-error").contains("rate"),
        "{}",
        page.text("query-error")
    );
    page.type_text("query-input", "up");
    page.click("query-run");
    until("the error is gone", || {
        page.find_all("query-error").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn pause_stops_the_clock_and_the_language_toggles() {
    let page = Page::open();
    wait(50).await;
    let before_label = page.text("clock-pause");
    page.click("clock-pause");
    until("the pause button turns into resume", || {
        page.text("clock-pause") != before_label
    })
    .await;
    let t0 = page.text("clock-time");
    wait(1200).await;
    assert_eq!(page.text("clock-time"), t0, "a paused clock does not move");
    let title = page.text("query-run");
    page.click("lang-toggle");
    until("texts change language", || page.text("query-run") != title).await;
}

#[wasm_bindgen_test]
async fn automatic_traffic_and_speed_make_requests_and_scrapes() {
    let page = Page::open();
    wait(50).await;
    page.type_text("traffic-rate", "10");
    page.select("clock-speed", "60");
    until("requests are served", || {
        page.text("requests-served").parse::<f64>().unwrap_or(0.0) > 0.0
    })
    .await;
    until("the target is scraped", || {
        page.find_all("target-row")
            .iter()
            .any(|r| r.get_attribute("data-health").as_deref() == Some("UP"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn targets_are_grouped_by_scrape_pool_with_their_up_count() {
    let text = targets_page_with_target_down("localhost:8001").await;
    assert!(text.contains("my_app"), "{text}");
    let page_text = text.to_lowercase();
    assert!(
        page_text.contains("0/1 up"),
        "the pool counts its targets up: {text}"
    );
    assert!(
        page_text.contains("15s") && (page_text.contains("10s")),
        "interval and timeout: {text}"
    );
}
