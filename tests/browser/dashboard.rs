//! The small Grafana: the data source's "Save & test", panels added, edited and removed,
//! threshold lines, and an alert rule whose lane goes pending then firing.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::support::{until, wait, Page};

/// The element with `testid` inside `scope`.
fn inside(scope: &Element, testid: &str) -> Element {
    scope
        .query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {testid} in this panel"))
}

/// Every element with `testid` inside `scope`.
fn all_inside(scope: &Element, testid: &str) -> Vec<Element> {
    let list = scope
        .query_selector_all(&format!("[data-testid=\"{testid}\"]"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

fn click_in(scope: &Element, testid: &str) {
    inside(scope, testid)
        .unchecked_into::<HtmlElement>()
        .click();
}

fn type_in(scope: &Element, testid: &str, text: &str) {
    let el = inside(scope, testid);
    el.unchecked_ref::<HtmlInputElement>().set_value(text);
    el.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

fn select_in(scope: &Element, testid: &str, value: &str) {
    let el = inside(scope, testid);
    el.unchecked_ref::<HtmlSelectElement>().set_value(value);
    el.dispatch_event(&Event::new("change").unwrap()).unwrap();
}

fn text_in(scope: &Element, testid: &str) -> String {
    inside(scope, testid).text_content().unwrap_or_default()
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

/// Points the data source at the course's Prometheus and tests it.
async fn connect(page: &Page) {
    page.type_text("datasource-url", "http://localhost:9090");
    page.click("datasource-test");
    until("the data source works", || {
        page.find_all("datasource-status")
            .first()
            .is_some_and(|s| attr(s, "data-ok") == "true")
    })
    .await;
}

/// The `n`th panel (0-based).
fn panel(page: &Page, n: usize) -> Element {
    page.find_all("panel")
        .into_iter()
        .nth(n)
        .unwrap_or_else(|| panic!("no panel {n}"))
}

#[wasm_bindgen_test]
async fn the_data_source_fails_on_a_wrong_url_and_works_on_the_right_one() {
    let page = Page::open();
    wait(50).await;
    assert!(page.find("add-panel").has_attribute("disabled"));
    assert_eq!(page.find_all("datasource-first").len(), 1);
    page.type_text("datasource-url", "http://localhost:9091");
    page.click("datasource-test");
    until("a failed test", || {
        page.find_all("datasource-status").len() == 1
    })
    .await;
    let status = page.find("datasource-status");
    assert_eq!(attr(&status, "data-ok"), "false");
    let text = status.text_content().unwrap_or_default();
    assert!(
        text.contains("dial tcp 127.0.0.1:9091: connect: connection refused"),
        "{text}"
    );
    assert!(page.find("add-panel").has_attribute("disabled"));
    connect(&page).await;
    assert!(!page.find("add-panel").has_attribute("disabled"));
    assert!(page.find_all("datasource-first").is_empty());
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    assert!(page.find_all("panel-datasource-error").is_empty());
    // Saving a broken URL breaks the panels, as in Grafana.
    page.type_text("datasource-url", "http://prometheus:9090");
    page.click("datasource-test");
    until("the panel says its data source fails", || {
        page.find_all("panel-datasource-error").len() == 1
    })
    .await;
    assert!(page.text("datasource-status").contains("no such host"));
    assert!(page.find("add-panel").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn the_app_s_metrics_port_answers_but_is_not_prometheus() {
    let page = Page::open();
    wait(50).await;
    page.type_text("datasource-url", "http://localhost:8000");
    page.click("datasource-test");
    until("a failed test", || {
        page.find_all("datasource-status").len() == 1
    })
    .await;
    let status = page.text("datasource-status");
    assert!(status.contains("405 Method Not Allowed - "), "{status}");
    assert!(!status.contains("connection refused"), "{status}");
    let hint = page.text("datasource-hint");
    assert!(
        hint.contains("8000") && hint.contains("http://localhost:9090"),
        "{hint}"
    );
}

#[wasm_bindgen_test]
async fn panels_are_added_edited_and_removed() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    page.type_text("traffic-rate", "10");
    page.click("add-panel");
    page.click("add-panel");
    until("two panels", || page.find_all("panel").len() == 2).await;
    let first = panel(&page, 0);
    assert_eq!(
        first.get_attribute("aria-label"),
        Some(text_in(&first, "panel-title"))
    );
    click_in(&first, "panel-edit");
    until("the editor opens", || {
        all_inside(&first, "panel-title-input").len() == 1
    })
    .await;
    assert_eq!(
        inside(&first, "panel-query")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "http_requests_total"
    );
    type_in(&first, "panel-title-input", "Débit des requêtes");
    until("the title changes", || {
        text_in(&first, "panel-title") == "Débit des requêtes"
    })
    .await;
    type_in(&first, "panel-query", "rate(http_requests_total[1m])");
    click_in(&first, "panel-run");
    select_in(&first, "panel-unit", "reqps");
    for _ in 0..6 {
        page.click("clock-step");
        wait(30).await;
    }
    until("the legend shows a rate in req/s", || {
        all_inside(&first, "panel-legend-value")
            .iter()
            .any(|v| v.text_content().unwrap_or_default().ends_with(" req/s"))
    })
    .await;
    assert!(
        all_inside(&first, "panel-legend-row").iter().all(|r| !r
            .text_content()
            .unwrap_or_default()
            .contains("http_requests_total{")),
        "rate() drops the metric name"
    );
    // The second panel still shows the counter, in plain numbers.
    let second = panel(&page, 1);
    until("the second panel draws the counter", || {
        attr(&inside(&second, "panel-chart"), "data-points")
            .parse::<usize>()
            .unwrap_or(0)
            > 0
    })
    .await;
    click_in(&second, "panel-remove");
    until("one panel left", || page.find_all("panel").len() == 1).await;
    assert_eq!(
        text_in(&panel(&page, 0), "panel-title"),
        "Débit des requêtes"
    );
}

#[wasm_bindgen_test]
async fn threshold_lines_are_drawn_and_bad_values_explained() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    let p = panel(&page, 0);
    click_in(&p, "panel-edit");
    until("the editor opens", || {
        all_inside(&p, "threshold-add").len() == 1
    })
    .await;
    click_in(&p, "threshold-add");
    click_in(&p, "threshold-add");
    until("two threshold rows", || {
        all_inside(&p, "threshold-row").len() == 2
    })
    .await;
    let chart = || inside(&p, "panel-chart");
    let y_max = || attr(&chart(), "data-y-max").parse::<f64>().unwrap_or(0.0);
    until("two lines drawn", || {
        attr(&chart(), "data-thresholds") == "2"
    })
    .await;
    // The Y axis grows to show every threshold line.
    type_in(&p, "threshold-value", "1000");
    until("the axis reaches 1000", || y_max() >= 1000.0).await;
    type_in(&p, "threshold-value", "abc");
    until("a threshold error", || {
        all_inside(&p, "threshold-error").len() == 1
    })
    .await;
    assert!(text_in(&p, "threshold-error").contains("abc"));
    wait(100).await;
    assert!(y_max() >= 1000.0, "the last good value stays drawn");
    click_in(&p, "threshold-remove");
    until("one threshold row", || {
        all_inside(&p, "threshold-row").len() == 1
    })
    .await;
    until("one line, the axis back under 1000", || {
        attr(&chart(), "data-thresholds") == "1" && y_max() < 1000.0
    })
    .await;
    assert!(
        all_inside(&p, "threshold-error").is_empty(),
        "rows are rebuilt"
    );
}

#[wasm_bindgen_test]
async fn an_alert_goes_pending_then_firing_as_traffic_runs() {
    let page = Page::open();
    wait(50).await;
    page.click("clock-pause");
    connect(&page).await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    let p = panel(&page, 0);
    click_in(&p, "panel-edit");
    until("the editor opens", || {
        all_inside(&p, "alert-add").len() == 1
    })
    .await;
    type_in(&p, "panel-query", "rate(http_requests_total[1m])");
    click_in(&p, "panel-run");
    click_in(&p, "alert-add");
    until("the alert editor", || {
        all_inside(&p, "alert-rule").len() == 1
    })
    .await;
    select_in(&p, "alert-op", ">");
    type_in(&p, "alert-threshold", "0");
    type_in(&p, "alert-for", "30s");
    until("the lane is inactive", || {
        all_inside(&p, "alert-state")
            .first()
            .is_some_and(|l| attr(l, "data-state") == "inactive")
    })
    .await;
    page.type_text("traffic-rate", "10");
    let mut seen_pending = false;
    for _ in 0..16 {
        page.click("clock-step");
        wait(60).await;
        let state = attr(&inside(&p, "alert-state"), "data-state");
        seen_pending |= state == "pending";
        if state == "firing" {
            break;
        }
    }
    let lane = inside(&p, "alert-state");
    assert_eq!(attr(&lane, "data-state"), "firing");
    assert!(seen_pending, "the alert was pending before it fired");
    let states: Vec<String> = all_inside(&lane, "alert-segment")
        .iter()
        .map(|s| attr(s, "data-state"))
        .collect();
    assert_eq!(
        states,
        ["inactive", "pending", "firing"],
        "lane: {states:?}"
    );
    let segments = all_inside(&lane, "alert-segment");
    let pending_ms: i64 = attr(&segments[1], "data-end").parse::<i64>().unwrap()
        - attr(&segments[1], "data-start").parse::<i64>().unwrap();
    assert_eq!(pending_ms, 30_000, "pending lasts the `for` duration");
    assert_eq!(attr(&lane, "data-since"), attr(&segments[2], "data-start"));
    assert_eq!(attr(&inside(&p, "alert-badge"), "data-state"), "firing");
}

#[wasm_bindgen_test]
async fn bad_alert_input_is_explained_in_both_languages_and_the_rule_keeps_running() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    let p = panel(&page, 0);
    click_in(&p, "panel-edit");
    until("the editor opens", || {
        all_inside(&p, "alert-add").len() == 1
    })
    .await;
    click_in(&p, "alert-add");
    until("the alert editor", || {
        all_inside(&p, "alert-rule").len() == 1
    })
    .await;
    type_in(&p, "alert-for", "5x");
    until("a duration error", || {
        all_inside(&p, "alert-error").len() == 1
    })
    .await;
    let first = text_in(&p, "alert-error");
    assert!(first.contains("5x"), "{first}");
    page.click("lang-toggle");
    until("the message changes language", || {
        text_in(&p, "alert-error") != first
    })
    .await;
    assert!(text_in(&p, "alert-error").contains("5x"));
    type_in(&p, "alert-for", "1m");
    type_in(&p, "alert-threshold", "abc");
    until("a threshold error", || {
        all_inside(&p, "alert-error")
            .first()
            .is_some_and(|e| e.text_content().unwrap_or_default().contains("abc"))
    })
    .await;
    assert_eq!(
        all_inside(&p, "alert-state").len(),
        1,
        "the last good rule still runs"
    );
    assert_eq!(all_inside(&p, "alert-badge").len(), 1);
    type_in(&p, "alert-threshold", "5");
    until("the error is gone", || {
        all_inside(&p, "alert-error").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_course_tasks_see_the_data_source_and_the_panel() {
    let page = Page::open();
    wait(50).await;
    page.click("step-4");
    until("step 4's tasks", || {
        page.find_all("task-add-data-source").len() == 1
    })
    .await;
    let done = |task: &str| attr(&page.find(task), "data-done") == "true";
    assert!(!done("task-add-data-source"));
    connect(&page).await;
    until("the data source task is done", || {
        done("task-add-data-source")
    })
    .await;
    assert!(!done("task-create-panel"));
    page.click("add-panel");
    until("the panel task is done", || done("task-create-panel")).await;
}
