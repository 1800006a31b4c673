//! Rules through the page: `rules.yml` loads only when `prometheus.yml` lists it, is
//! applied with its errors pointed at, and its alert goes pending then firing on the
//! Alerts page as traffic comes, each transition in the history.

use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

const CONFIG: &str = "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n\nrule_files:\n  - rules.yml\n\nscrape_configs:\n  - job_name: 'my_app'\n    static_configs:\n      - targets: ['localhost:8000']\n";

const RULES: &str = "groups:\n  - name: demo\n    rules:\n      - alert: HighRequestRate\n        expr: rate(http_requests_total[1m]) > 0.5\n        for: 1m\n        annotations:\n          summary: '{{ $labels.instance }} at {{ $value | humanize }}/s'\n";

/// The state of the alerting rule `name` on the Alerts page.
fn rule_state(page: &Page, name: &str) -> String {
    page.find_all("alert-row")
        .into_iter()
        .find(|r| r.get_attribute("data-alert").as_deref() == Some(name))
        .and_then(|r| r.get_attribute("data-state"))
        .unwrap_or_default()
}

/// Loads `rules.yml` through `prometheus.yml` and applies `RULES`.
async fn load_rules(page: &Page) {
    page.type_text("config-editor", CONFIG);
    page.click("config-reload");
    page.type_text("rules-editor", RULES);
    page.click("rules-apply");
    until("the rules are applied", || {
        page.find_all("rules-ok").len() == 1
    })
    .await;
}

/// Steps the paused clock 15 s at a time until `cond` holds (at most `steps` times).
async fn step_until(page: &Page, what: &str, steps: usize, cond: impl Fn() -> bool) {
    for _ in 0..steps {
        if cond() {
            return;
        }
        page.click("clock-step");
        wait(60).await;
    }
    assert!(cond(), "after {steps} steps of 15 s, still not: {what}");
}

#[wasm_bindgen_test]
async fn without_rule_files_prometheus_loads_no_rules() {
    let page = Page::open();
    wait(50).await;
    assert_eq!(page.attr("rules-status", "data-loaded"), "false");
    page.type_text("config-editor", CONFIG);
    page.click("config-reload");
    until("the status says the rules are loaded", || {
        page.attr("rules-status", "data-loaded") == "true"
    })
    .await;
    assert!(
        page.text("rules-status").contains("15s"),
        "{}",
        page.text("rules-status")
    );
}

#[wasm_bindgen_test]
async fn an_alert_goes_pending_then_firing_with_traffic_and_its_history_says_why() {
    let page = Page::open();
    wait(50).await;
    page.click("clock-pause");
    load_rules(&page).await;
    until("the rule is listed, inactive", || {
        rule_state(&page, "HighRequestRate") == "inactive"
    })
    .await;
    page.type_text("traffic-rate", "5");
    step_until(&page, "the alert is pending", 12, || {
        rule_state(&page, "HighRequestRate") == "pending"
    })
    .await;
    until("a pending alert row", || {
        page.find_all("alert-instance")
            .iter()
            .any(|r| r.get_attribute("data-state").as_deref() == Some("pending"))
    })
    .await;
    until("the history says when it fires", || {
        page.text("alert-history").contains("for: 1m")
    })
    .await;
    step_until(&page, "the alert is firing", 8, || {
        rule_state(&page, "HighRequestRate") == "firing"
    })
    .await;
    until("two history entries, newest first", || {
        page.find_all("history-entry").len() == 2
    })
    .await;
    let entries = page.find_all("history-entry");
    assert_eq!(
        entries[0].get_attribute("data-to").as_deref(),
        Some("firing")
    );
    assert_eq!(
        entries[1].get_attribute("data-to").as_deref(),
        Some("pending")
    );
    let page_text = page.text("alerts-page");
    assert!(
        page_text.contains("localhost:8000 at "),
        "annotation expanded: {page_text}"
    );
}

#[wasm_bindgen_test]
async fn a_bad_rules_file_is_pointed_at_and_the_last_good_one_keeps_running() {
    let page = Page::open();
    wait(50).await;
    load_rules(&page).await;
    page.type_text(
        "rules-editor",
        "groups:\n  - name: demo\n    rules:\n      - alert: Broken\n        expr: rate(http_requests_total[1m] > 0.5\n",
    );
    page.click("rules-apply");
    until("an error", || page.find_all("rules-error").len() == 1).await;
    let err = page.text("rules-error");
    assert!(err.contains("5") && err.contains("\"Broken\""), "{err}");
    assert!(
        !rule_state(&page, "HighRequestRate").is_empty(),
        "the last valid rule still runs"
    );
    assert!(rule_state(&page, "Broken").is_empty());
}
