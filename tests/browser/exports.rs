//! The exports: each button downloads a file made from what the learner built (read back
//! here from the blob URL the button keeps in `data-href`), with a sensible name.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

const CONFIG: &str = "global:\n  scrape_interval: 15s\n\nrule_files:\n  - rules.yml\n\nscrape_configs:\n  - job_name: 'my_app'\n    static_configs:\n      - targets: ['localhost:8000']\n";

/// Clicks the download button `testid`; the file's name and its text.
async fn download(page: &Page, testid: &str) -> (String, String) {
    let before = page.attr(testid, "data-href");
    page.click(testid);
    until(&format!("{testid} made a new file"), || {
        let href = page.attr(testid, "data-href");
        !href.is_empty() && href != before
    })
    .await;
    let href = page.attr(testid, "data-href");
    assert!(href.starts_with("blob:"), "{href}");
    let read = js_sys::Function::new_with_args("u", "return fetch(u).then(r => r.text())");
    let promise: js_sys::Promise = read
        .call1(&JsValue::NULL, &href.into())
        .unwrap()
        .unchecked_into();
    let text = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .unwrap()
        .as_string()
        .unwrap_or_default();
    (page.attr(testid, "data-file"), text)
}

#[wasm_bindgen_test]
async fn the_files_of_prometheus_and_of_the_app_are_what_the_learner_wrote() {
    let page = Page::open();
    wait(50).await;
    page.type_text("config-editor", CONFIG);
    let (name, text) = download(&page, "export-prometheus-yml").await;
    assert_eq!(name, "prometheus.yml");
    assert_eq!(text, CONFIG, "as edited, reloaded or not");
    let rules = "groups:\n  - name: mine\n    rules: []\n";
    page.type_text("rules-editor", rules);
    let (name, text) = download(&page, "export-rules").await;
    assert_eq!((name.as_str(), text.as_str()), ("rules.yml", rules));
    let (name, text) = download(&page, "export-app").await;
    assert_eq!(name, "app.py");
    assert!(text.contains("Counter('http_requests_total'"), "{text}");
    assert!(!text.contains("Histogram"), "the course's version: {text}");
    page.select("app-version", "production");
    page.click("app-deploy");
    wait(50).await;
    let (_, text) = download(&page, "export-app").await;
    assert!(text.contains("Histogram("), "the version deployed: {text}");
    let (name, text) = download(&page, "export-requirements").await;
    assert_eq!(name, "requirements.txt");
    assert!(
        text.contains("flask==") && text.contains("prometheus-client=="),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn the_dashboard_its_alert_rules_and_the_compose_bundle() {
    let page = Page::open();
    wait(50).await;
    page.type_text("datasource-url", "http://localhost:9090");
    page.click("datasource-test");
    until("the data source works", || {
        page.find_all("datasource-status")
            .first()
            .is_some_and(|s| s.get_attribute("data-ok").as_deref() == Some("true"))
    })
    .await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    let (name, text) = download(&page, "export-dashboard").await;
    assert_eq!(name, "sonde-dashboard.json");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["__inputs"][0]["name"], "DS_PROMETHEUS");
    assert_eq!(json["panels"][0]["type"], "timeseries");
    assert_eq!(
        json["panels"][0]["targets"][0]["expr"],
        "http_requests_total"
    );
    assert_eq!(json["panels"][0]["gridPos"]["w"], 12);
    let (name, text) = download(&page, "export-alert-rules").await;
    assert_eq!(name, "sonde-alert-rules.json");
    let rules: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(rules["apiVersion"], 1);
    assert_eq!(
        rules["groups"],
        serde_json::json!([]),
        "no alert yet, so no rule group"
    );
    let (name, text) = download(&page, "export-compose").await;
    assert_eq!(name, "sonde-compose.tar");
    for part in [
        "sonde/compose.yaml",
        "ustar",
        "sonde/prometheus/prometheus.yml",
        "targets: ['app:8000']",
        "sonde/grafana/dashboards/sonde.json",
        "\"expr\": \"http_requests_total\"",
        "url: http://prometheus:9090",
    ] {
        assert!(text.contains(part), "{part} in the archive");
    }
}

#[wasm_bindgen_test]
async fn the_series_as_openmetrics() {
    let page = Page::open();
    wait(50).await;
    page.click("send-request");
    for _ in 0..2 {
        page.click("clock-step");
        wait(60).await;
    }
    let (name, text) = download(&page, "export-openmetrics").await;
    assert_eq!(name, "sonde-series.om.txt");
    assert!(
        text.contains("# TYPE up unknown\nup{instance=\"localhost:8000\",job=\"my_app\"} 1 "),
        "{text}"
    );
    assert!(
        text.contains("# TYPE http_requests_total unknown\n"),
        "{text}"
    );
    assert!(text.ends_with("# EOF\n"), "{text}");
    let (_, again) = download(&page, "export-openmetrics").await;
    assert!(
        again.ends_with("# EOF\n"),
        "a second click makes a new file"
    );
}
