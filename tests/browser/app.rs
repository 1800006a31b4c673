//! The app panel: the course's code verbatim, a later version as changes from it, and
//! `/metrics` as a browser gets it or as Prometheus gets it.

use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

/// The switch's button for `format` (`text` or `openmetrics`).
fn format_button(format: &str) -> String {
    format!("[data-testid=\"metrics-format\"] [data-format=\"{format}\"]")
}

#[wasm_bindgen_test]
async fn the_metrics_page_switches_to_what_prometheus_receives() {
    let page = Page::open();
    wait(50).await;
    assert!(page
        .text("metrics-text")
        .contains("# TYPE http_requests_total counter"));
    assert!(page.find_all("metrics-openmetrics").is_empty());
    page.mouse(&format_button("openmetrics"), "click", 2.0, 2.0);
    until("the OpenMetrics page", || {
        page.find_all("metrics-openmetrics").len() == 1
    })
    .await;
    let openmetrics = page.text("metrics-openmetrics");
    assert!(openmetrics.contains("# TYPE http_requests counter\nhttp_requests_total 0.0\n"));
    assert!(openmetrics.ends_with("# EOF\n"));
    let headers = page.text("metrics-headers");
    assert!(headers.contains(
        "Accept: application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
    ));
    assert!(headers
        .contains("Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8"));
    assert!(page.find_all("metrics-text").is_empty());
    page.click("send-request");
    until("OpenMetrics counts the request", || {
        page.text("metrics-openmetrics")
            .contains("http_requests_total 1.0\n")
    })
    .await;
    page.mouse(&format_button("text"), "click", 2.0, 2.0);
    until("the browser's page again", || {
        page.find_all("metrics-text").len() == 1
    })
    .await;
    assert!(page
        .text("metrics-text")
        .contains("http_requests_total 1.0\n"));
}

#[wasm_bindgen_test]
async fn the_course_code_is_verbatim_and_a_later_version_shows_its_changes() {
    let page = Page::open();
    wait(50).await;
    let code = page.text("app-code");
    assert!(code.contains(
        "REQUEST_COUNT = Counter('http_requests_total', 'Nombre total de requêtes HTTP')"
    ));
    assert!(code.contains(
        "start_http_server(8000)  # Expose les métriques sur le port 8000\n    app.run(port=5000)"
    ));
    assert!(page.find_all("app-code-changes").is_empty());
    page.click("app-deploy");
    until("the code shows labels", || {
        page.text("app-code")
            .contains("labelnames=['method', 'endpoint']")
    })
    .await;
    assert_eq!(page.text("requests-served"), "0");
    assert_eq!(page.find_all("app-code-changes").len(), 1);
    let removed = page.query("[data-testid=\"app-code\"] [data-diff=\"del\"]");
    assert!(removed
        .text_content()
        .unwrap_or_default()
        .contains("from flask import Flask"));
    let added = page.query("[data-testid=\"app-code\"] [data-diff=\"add\"]");
    assert!(added
        .text_content()
        .unwrap_or_default()
        .contains("from flask import Flask, request"));
}
