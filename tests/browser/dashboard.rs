//! The small Grafana: the data source's "Save & test", panels added, edited and removed,
//! the panel's query editor (the query page's, with lints, repairs and completion),
//! "No data", threshold lines, an alert rule whose lane goes pending then firing, and
//! Grafana's habits: the legend format, the min interval, the interval variables, the
//! absolute time range, the refresh picker, the Stat and Heatmap visualizations.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

use crate::support::{until, value_of, wait, Page};

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

/// Replaces the text of an input or textarea as typing would, firing `input`.
fn type_in(scope: &Element, testid: &str, text: &str) {
    let el = inside(scope, testid);
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    } else {
        el.unchecked_ref::<HtmlInputElement>().set_value(text);
    }
    el.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

/// The text of an input or textarea.
fn value_in(scope: &Element, testid: &str) -> String {
    let el = inside(scope, testid);
    match el.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => el.unchecked_ref::<HtmlInputElement>().value(),
    }
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

/// Adds the first panel and opens its editor (query box and options); returns the panel.
async fn edit_new_panel(page: &Page) -> Element {
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    let p = panel(page, 0);
    click_in(&p, "panel-edit");
    until("the editor opens", || {
        all_inside(&p, "panel-query").len() == 1 && all_inside(&p, "threshold-add").len() == 1
    })
    .await;
    p
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
    assert_eq!(value_in(&first, "panel-query"), "http_requests_total");
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
    let p = edit_new_panel(&page).await;
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
    let p = edit_new_panel(&page).await;
    type_in(&p, "panel-query", "rate(http_requests_total[1m])");
    click_in(&p, "panel-run");
    click_in(&p, "alert-add");
    until("the alert editor", || {
        all_inside(&p, "alert-rule").len() == 1
    })
    .await;
    select_in(&p, "alert-op", ">");
    type_in(&p, "alert-threshold", "0");
    type_in(&p, "alert-every", "10s");
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
    let states = || -> Vec<String> {
        all_inside(&inside(&p, "alert-state"), "alert-segment")
            .iter()
            .map(|s| attr(s, "data-state"))
            .collect()
    };
    // The lane is drawn on the chart's time axis, which ends on the panel's last step:
    // an evaluation after it shows once the clock moves on.
    let drawn = || states().ends_with(&["pending".to_string(), "firing".to_string()]);
    for _ in 0..4 {
        if drawn() {
            break;
        }
        page.click("clock-step");
        wait(100).await;
    }
    until("the lane draws pending then firing", || {
        states().ends_with(&["pending".to_string(), "firing".to_string()])
    })
    .await;
    let segments = all_inside(&lane, "alert-segment");
    let n = segments.len();
    assert!(
        segments[..n - 2]
            .iter()
            .all(|s| attr(s, "data-state") == "inactive"),
        "lane: {:?}",
        states()
    );
    let ms = |s: &web_sys::Element, a: &str| attr(s, a).parse::<i64>().unwrap_or(-1);
    let pending_ms = ms(&segments[n - 2], "data-end") - ms(&segments[n - 2], "data-start");
    assert_eq!(pending_ms, 30_000, "pending lasts the `for` duration");
    let since = attr(&lane, "data-since");
    assert_eq!(since, attr(&segments[n - 1], "data-start"));
    let first_start = ms(&segments[0], "data-start");
    // Grafana's way: the rule began when it was created; a longer view shows no more of it.
    page.select("dashboard-range", "30m");
    until("the 30-minute view", || {
        all_inside(&p, "alert-segment")
            .first()
            .is_some_and(|s| ms(s, "data-start") == first_start)
    })
    .await;
    assert_eq!(
        attr(&inside(&p, "alert-state"), "data-since"),
        since,
        "the view changes nothing"
    );
    assert_eq!(states().last().map(String::as_str), Some("firing"));
    assert_eq!(attr(&inside(&p, "alert-badge"), "data-state"), "firing");
}

#[wasm_bindgen_test]
async fn bad_alert_input_is_explained_in_both_languages_and_the_rule_keeps_running() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    let p = edit_new_panel(&page).await;
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

/// A connected page with traffic, a minute of scrapes in the store, and one panel in edit
/// mode.
async fn editing_a_panel() -> (Page, Element) {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    page.type_text("traffic-rate", "10");
    for _ in 0..4 {
        page.click("clock-step");
    }
    let p = edit_new_panel(&page).await;
    (page, p)
}

/// The `data-code` of each lint shown in `scope`.
fn lint_codes(scope: &Element) -> Vec<String> {
    all_inside(scope, "panel-lint")
        .iter()
        .map(|l| attr(l, "data-code"))
        .collect()
}

#[wasm_bindgen_test]
async fn the_panel_query_box_is_the_query_editor_with_its_lints_and_fixes() {
    let (page, p) = editing_a_panel().await;
    assert!(
        inside(&p, "panel-query")
            .dyn_ref::<HtmlTextAreaElement>()
            .is_some(),
        "the query page's textarea"
    );
    type_in(&p, "panel-query", "sum(http_requests_total)");
    let coloured = |class: &str| {
        inside(&p, "panel-query-highlight")
            .query_selector(&format!(".{class}"))
            .unwrap()
            .map(|m| m.text_content().unwrap_or_default())
    };
    until("the query is highlighted", || {
        coloured("hl-aggregation").as_deref() == Some("sum")
    })
    .await;
    assert_eq!(
        coloured("hl-metric").as_deref(),
        Some("http_requests_total")
    );
    until("a raw-counter lint on the typed query", || {
        lint_codes(&p) == ["raw-counter"]
            && text_in(&p, "panel-lint-fix").contains("sum(rate(http_requests_total[1m]))")
    })
    .await;
    // The panel's editor has its own test ids: the query page's are not in the panel.
    assert!(all_inside(&p, "lint").is_empty() && all_inside(&p, "query-input").is_empty());
    assert_eq!(page.find_all("query-input").len(), 1);
    click_in(&p, "panel-lint-fix");
    until("the fix is in the box", || {
        value_in(&p, "panel-query") == "sum(rate(http_requests_total[1m]))"
    })
    .await;
    until("the fix ran: the legend shows a rate", || {
        all_inside(&p, "panel-legend-row").len() == 1
            && !text_in(&p, "panel-legend").contains("http_requests_total")
    })
    .await;
    until("the lint is gone", || lint_codes(&p).is_empty()).await;
    // Completion, as on the query page.
    type_in(&p, "panel-query", "http_req");
    until("suggestions", || {
        all_inside(&p, "panel-autocomplete-item").iter().any(|i| {
            i.text_content()
                .unwrap_or_default()
                .contains("http_requests_total")
        })
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_misspelt_metric_in_a_panel_says_no_data_and_offers_the_right_name() {
    let (page, p) = editing_a_panel().await;
    type_in(&p, "panel-query", "http_request_total");
    click_in(&p, "panel-run");
    until("an unknown-metric lint", || {
        lint_codes(&p) == ["unknown-metric"]
    })
    .await;
    let message = text_in(&p, "panel-lint");
    assert!(message.contains("http_request_total"), "{message}");
    until("the panel says it has no data", || {
        all_inside(&p, "panel-no-data").len() == 1
    })
    .await;
    let no_data = text_in(&p, "panel-no-data");
    assert!(
        ["No data", "Aucune donnée"].contains(&no_data.as_str()),
        "{no_data}"
    );
    page.click("lang-toggle");
    until("both speak the other language", || {
        text_in(&p, "panel-lint") != message && text_in(&p, "panel-no-data") != no_data
    })
    .await;
    assert!(["No data", "Aucune donnée"].contains(&text_in(&p, "panel-no-data").as_str()));
    let fixes = all_inside(&p, "panel-lint-fix");
    assert!(!fixes.is_empty() && fixes.len() <= 3);
    assert!(text_in(&p, "panel-lint-fix").contains("http_requests_total"));
    click_in(&p, "panel-lint-fix");
    until("the right name is in the box", || {
        value_in(&p, "panel-query") == "http_requests_total"
    })
    .await;
    until("the panel draws it", || {
        all_inside(&p, "panel-no-data").is_empty()
            && attr(&inside(&p, "panel-chart"), "data-points")
                .parse::<usize>()
                .unwrap_or(0)
                > 0
    })
    .await;
    // The counter is known now: it gets the raw-counter lint instead.
    until("a raw-counter lint", || lint_codes(&p) == ["raw-counter"]).await;
}

#[wasm_bindgen_test]
async fn a_parse_error_in_a_panel_is_shown_where_it_is_with_a_one_click_repair() {
    let (_page, p) = editing_a_panel().await;
    let text = "rate(http_requests_total{job=my_app})";
    type_in(&p, "panel-query", text);
    until("the error and its repair", || {
        all_inside(&p, "panel-editor-error").len() == 1
            && all_inside(&p, "panel-error-fix").len() == 1
    })
    .await;
    let err = sonde::promql::parse(text).unwrap_err();
    let shown = text_in(&p, "panel-editor-error");
    assert!(
        shown.contains(&err.message(sonde::lang::Lang::En))
            || shown.contains(&err.message(sonde::lang::Lang::Fr)),
        "{shown}"
    );
    assert!(
        inside(&p, "panel-query-highlight")
            .query_selector(".hl-error")
            .unwrap()
            .is_some(),
        "the error is underlined"
    );
    let fixed = "rate(http_requests_total{job=\"my_app\"}[1m])";
    assert!(text_in(&p, "panel-error-fix").contains(fixed));
    click_in(&p, "panel-error-fix");
    until("the repaired query is in the box", || {
        value_in(&p, "panel-query") == fixed
    })
    .await;
    until("the error is gone and the query ran", || {
        all_inside(&p, "panel-editor-error").is_empty()
            && all_inside(&p, "panel-error").is_empty()
            && all_inside(&p, "panel-legend-row").len() == 1
    })
    .await;
    // A missing range alone.
    type_in(&p, "panel-query", "rate(up)");
    until("a missing-range repair", || {
        all_inside(&p, "panel-error-fix").first().is_some_and(|f| {
            f.text_content()
                .unwrap_or_default()
                .contains("rate(up[1m])")
        })
    })
    .await;
}

/// Steps the simulated clock `n` times (15 s each), so scrapes land.
async fn scrape(page: &Page, n: usize) {
    for _ in 0..n {
        page.click("clock-step");
        wait(30).await;
    }
}

/// The series names in a panel's legend.
fn legend_names(p: &Element) -> Vec<String> {
    all_inside(p, "panel-legend-row")
        .iter()
        .filter_map(|r| r.query_selector(".series-name").ok().flatten())
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn a_legend_format_names_the_series_as_grafana_does() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    let p = edit_new_panel(&page).await;
    scrape(&page, 2).await;
    until("a series in the legend", || !legend_names(&p).is_empty()).await;
    assert!(legend_names(&p)[0].starts_with("http_requests_total{"));
    type_in(
        &p,
        "panel-legend-input",
        "{{job}} on {{ instance }}{{nope}}",
    );
    until("the legend follows the format", || {
        legend_names(&p) == ["my_app on localhost:8000"]
    })
    .await;
    type_in(&p, "panel-legend-input", "");
    until("an empty format gives the labels back", || {
        legend_names(&p)
            .first()
            .is_some_and(|n| n.starts_with("http_requests_total{"))
    })
    .await;
}

/// The number of points a panel's chart drew.
fn points(p: &Element) -> usize {
    attr(&inside(p, "panel-chart"), "data-points")
        .parse()
        .unwrap_or(0)
}

#[wasm_bindgen_test]
async fn a_min_interval_raises_the_step_and_a_bad_one_is_explained() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    let p = edit_new_panel(&page).await;
    scrape(&page, 4).await;
    until("the counter at the automatic step", || points(&p) > 20).await;
    type_in(&p, "panel-min-interval", "15x");
    until("a min interval error", || {
        all_inside(&p, "panel-min-interval-error").len() == 1
    })
    .await;
    let first = text_in(&p, "panel-min-interval-error");
    assert!(first.contains("15x"), "{first}");
    page.click("lang-toggle");
    until("the message changes language", || {
        text_in(&p, "panel-min-interval-error") != first
    })
    .await;
    assert!(points(&p) > 20, "the automatic step stays in force");
    type_in(&p, "panel-min-interval", "1m");
    until("no error and one point a minute", || {
        all_inside(&p, "panel-min-interval-error").is_empty() && points(&p) <= 6
    })
    .await;
    type_in(&p, "panel-min-interval", "");
    until("the automatic step again", || points(&p) > 20).await;
}

/// The `data-ms` of the element `testid` in panel `p`.
fn ms_in(p: &Element, testid: &str) -> i64 {
    attr(&inside(p, testid), "data-ms").parse().unwrap_or(-1)
}

#[wasm_bindgen_test]
async fn grafana_s_interval_variables_are_substituted_and_shown_next_to_the_graph() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    page.type_text("traffic-rate", "5");
    let p = edit_new_panel(&page).await;
    // 5 minutes: a 1 s step, the course's 15 s scrapes, so four scrapes for the rate.
    assert_eq!(ms_in(&p, "effective-step"), 1_000);
    assert_eq!(ms_in(&p, "scrape-interval"), 15_000);
    assert_eq!(ms_in(&p, "rate-interval"), 60_000);
    assert!(text_in(&p, "rate-interval").contains("1m0s"));
    assert!(text_in(&p, "effective-step").contains("$__interval = 1s"));
    type_in(
        &p,
        "panel-query",
        "rate(http_requests_total[$__rate_interval])",
    );
    click_in(&p, "panel-run");
    scrape(&page, 8).await;
    until("the rate is drawn", || points(&p) > 0).await;
    assert!(all_inside(&p, "panel-editor-error").is_empty());
    assert!(all_inside(&p, "panel-error").is_empty());
    // A min interval is the step and stands in for the scrape interval.
    type_in(&p, "panel-min-interval", "1m");
    until("a one-minute step", || {
        ms_in(&p, "effective-step") == 60_000
    })
    .await;
    assert_eq!(ms_in(&p, "scrape-interval"), 60_000);
    assert_eq!(ms_in(&p, "rate-interval"), 240_000);
    // An error after a variable is still found, and where it was typed.
    type_in(
        &p,
        "panel-query",
        "rate(http_requests_total[$__rate_interval]",
    );
    until("a parse error", || {
        all_inside(&p, "panel-editor-error").len() == 1
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_absolute_time_range_stays_put_until_a_relative_one_is_chosen() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    let p = edit_new_panel(&page).await;
    scrape(&page, 4).await;
    until("the counter is drawn", || points(&p) > 20).await;
    // The fields show the range in force: From/To as the viewer's date and time.
    assert!(value_of(&page, "dashboard-from").contains('T'));
    page.type_text("dashboard-from", "");
    page.click("dashboard-time-apply");
    until("a time range error", || {
        page.find_all("dashboard-time-error").len() == 1
    })
    .await;
    // Choosing a relative range fills the fields with its window; applying them fixes it.
    page.select("dashboard-range", "15m");
    until("the error is gone", || {
        page.find_all("dashboard-time-error").is_empty()
    })
    .await;
    assert!(value_of(&page, "dashboard-from") < value_of(&page, "dashboard-to"));
    page.click("dashboard-time-apply");
    let range_value = || {
        page.find("dashboard-range")
            .unchecked_into::<HtmlSelectElement>()
            .value()
    };
    until("the range is absolute", || range_value() == "absolute").await;
    assert!(page.find_all("dashboard-time-error").is_empty());
    wait(200).await;
    let fixed = points(&p);
    assert!(fixed > 0, "the last 15 minutes as they were");
    scrape(&page, 8).await;
    wait(200).await;
    assert_eq!(points(&p), fixed, "the range does not follow now");
    page.select("dashboard-range", "5m");
    until("back to following now", || points(&p) != fixed).await;
}

#[wasm_bindgen_test]
async fn the_refresh_picker_holds_panels_until_their_time_or_the_button() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    let p = edit_new_panel(&page).await;
    scrape(&page, 4).await;
    until("the counter is drawn live", || points(&p) > 20).await;
    page.select("dashboard-refresh", "off");
    wait(200).await;
    let held = points(&p);
    scrape(&page, 8).await;
    wait(200).await;
    assert_eq!(points(&p), held, "off: the panel keeps its data");
    page.click("dashboard-refresh-now");
    until("the button refreshes", || points(&p) > held).await;
    // Every 5 s of real time: the scrapes show within one period.
    page.select("dashboard-refresh", "5s");
    wait(200).await;
    let before = points(&p);
    scrape(&page, 8).await;
    let mut refreshed = false;
    for _ in 0..140 {
        if points(&p) > before {
            refreshed = true;
            break;
        }
        wait(50).await;
    }
    assert!(refreshed, "refreshed within a 5 s period");
}

#[wasm_bindgen_test]
async fn a_panel_shows_as_a_stat_or_as_a_heatmap_of_buckets() {
    let page = Page::open();
    wait(50).await;
    connect(&page).await;
    let p = edit_new_panel(&page).await;
    scrape(&page, 4).await;
    until("the counter is drawn", || points(&p) > 0).await;
    // Stat: the last value in big type, coloured by the highest threshold reached.
    select_in(&p, "panel-viz", "stat");
    until("one number", || all_inside(&p, "stat-value").len() == 1).await;
    assert!(all_inside(&p, "panel-chart").is_empty());
    assert!(all_inside(&p, "panel-legend").is_empty());
    let value = attr(&inside(&p, "stat-value"), "data-value");
    assert!(value.parse::<f64>().is_ok_and(|v| v >= 0.0), "{value}");
    assert_eq!(attr(&inside(&p, "stat-value"), "data-color"), "");
    click_in(&p, "threshold-add");
    until("a threshold row", || {
        all_inside(&p, "threshold-row").len() == 1
    })
    .await;
    type_in(&p, "threshold-value", "0");
    until("the number turns red", || {
        attr(&inside(&p, "stat-value"), "data-color") == "red"
    })
    .await;
    // Heatmap: synthetic buckets (cumulative 2 under 0.5, 5 in all) make two rows.
    select_in(&p, "panel-viz", "heatmap");
    type_in(
        &p,
        "panel-query",
        r#"label_replace(vector(2), "le", "0.5", "", "") or label_replace(vector(5), "le", "+Inf", "", "")"#,
    );
    click_in(&p, "panel-run");
    until("two rows of cells", || {
        all_inside(&p, "panel-heatmap").first().is_some_and(|h| {
            attr(h, "data-buckets") == "2"
                && attr(h, "data-cells").parse::<usize>().unwrap_or(0) > 0
        })
    })
    .await;
    assert!(
        text_in(&p, "heatmap-scale").contains('3'),
        "5 - 2 in the top row"
    );
    // Series that are not buckets are explained.
    type_in(&p, "panel-query", "http_requests_total");
    click_in(&p, "panel-run");
    until("why this is not a heatmap", || {
        all_inside(&p, "panel-heatmap-error")
            .first()
            .is_some_and(|e| e.text_content().unwrap_or_default().contains("le"))
    })
    .await;
    select_in(&p, "panel-viz", "timeseries");
    until("the chart and legend again", || {
        all_inside(&p, "panel-chart").len() == 1 && all_inside(&p, "panel-legend").len() == 1
    })
    .await;
}
