//! The query editor: highlighting, autocomplete, keys, inline errors, history, format
//! and lints with their one-click fixes.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{press_key, until, value_of, wait, Page};

/// Opens the page and lets two scrapes fill the store with the course's metrics.
async fn page_with_metrics() -> Page {
    let page = Page::open();
    wait(50).await;
    page.click("clock-step");
    page.click("clock-step");
    until("the target is up", || {
        page.find_all("target-row")
            .iter()
            .any(|r| r.get_attribute("data-health").as_deref() == Some("UP"))
    })
    .await;
    page
}

fn suggestions(page: &Page) -> Vec<String> {
    page.find_all("autocomplete-item")
        .iter()
        .map(|i| i.text_content().unwrap_or_default())
        .collect()
}

fn highlighted(page: &Page, class: &str) -> Vec<String> {
    let list = page
        .find("query-highlight")
        .query_selector_all(&format!(".{class}"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn legend_has(page: &Page, start: &str) -> bool {
    page.find_all("legend-row")
        .iter()
        .any(|r| r.text_content().unwrap_or_default().starts_with(start))
}

#[wasm_bindgen_test]
async fn typing_colours_the_query() {
    let page = Page::open();
    wait(50).await;
    page.type_text(
        "query-input",
        "sum by (job) (rate(http_requests_total{job=\"my_app\"}[5m])) # per job",
    );
    until("the highlight follows the text", || {
        highlighted(&page, "hl-aggregation") == ["sum"]
    })
    .await;
    assert_eq!(highlighted(&page, "hl-metric"), ["http_requests_total"]);
    assert_eq!(highlighted(&page, "hl-keyword"), ["by"]);
    assert_eq!(highlighted(&page, "hl-function"), ["rate"]);
    assert_eq!(highlighted(&page, "hl-label"), ["job", "job"]);
    assert_eq!(highlighted(&page, "hl-string"), ["\"my_app\""]);
    assert_eq!(highlighted(&page, "hl-duration"), ["5m"]);
    assert_eq!(highlighted(&page, "hl-comment"), ["# per job"]);
    assert!(page.find_all("editor-error").is_empty());
    assert!(page.find_all("autocomplete").is_empty());
}

#[wasm_bindgen_test]
async fn a_metric_name_is_completed_from_the_store() {
    let page = page_with_metrics().await;
    page.type_text("query-input", "http_req");
    until("suggestions", || !page.find_all("autocomplete").is_empty()).await;
    let items = suggestions(&page);
    let at = items.iter().position(|s| s.contains("http_requests_total"));
    let at = at.unwrap_or_else(|| panic!("http_requests_total offered: {items:?}"));
    assert!(items.iter().all(|s| s.contains("http_req")), "{items:?}");
    for _ in 0..at {
        press_key(&page, "query-input", "ArrowDown", false);
    }
    let default_kept = !press_key(&page, "query-input", "Enter", false);
    assert!(
        default_kept,
        "Enter in the popup is taken by the completion"
    );
    until("the name is accepted", || {
        value_of(&page, "query-input") == "http_requests_total"
    })
    .await;
    until("the popup closes", || {
        page.find_all("autocomplete").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn label_names_of_the_metric_are_completed_inside_braces() {
    let page = page_with_metrics().await;
    page.type_text("query-input", "http_requests_total{jo");
    until("suggestions", || !page.find_all("autocomplete").is_empty()).await;
    assert!(suggestions(&page).iter().any(|s| s.contains("job")));
    press_key(&page, "query-input", "Tab", false);
    until("the label name is accepted", || {
        value_of(&page, "query-input") == "http_requests_total{job"
    })
    .await;
    page.type_text("query-input", "http_requests_total{job=\"m");
    until("label values", || {
        suggestions(&page).iter().any(|s| s.contains("my_app"))
    })
    .await;
    press_key(&page, "query-input", "Enter", false);
    until("the value is accepted and quoted", || {
        value_of(&page, "query-input") == "http_requests_total{job=\"my_app\""
    })
    .await;
}

#[wasm_bindgen_test]
async fn functions_are_completed_with_their_signature_and_keys_move_the_selection() {
    let page = Page::open();
    wait(50).await;
    page.type_text("query-input", "sum(rat");
    until("suggestions", || !page.find_all("autocomplete").is_empty()).await;
    let items = suggestions(&page);
    assert!(items[0].contains("rate(range vector)"), "{items:?}");
    let selected = |page: &Page| {
        page.find_all("autocomplete-item")
            .iter()
            .position(|i| i.get_attribute("aria-selected").as_deref() == Some("true"))
    };
    assert_eq!(selected(&page), Some(0));
    press_key(&page, "query-input", "ArrowDown", false);
    until("the selection moves down", || selected(&page) == Some(1)).await;
    press_key(&page, "query-input", "ArrowUp", false);
    until("the selection moves up", || selected(&page) == Some(0)).await;
    press_key(&page, "query-input", "Tab", false);
    until("the function is accepted with its parenthesis", || {
        value_of(&page, "query-input") == "sum(rate("
    })
    .await;
    page.type_text("query-input", "sum(rat");
    until("suggestions again", || {
        !page.find_all("autocomplete").is_empty()
    })
    .await;
    press_key(&page, "query-input", "Escape", false);
    until("Escape closes", || page.find_all("autocomplete").is_empty()).await;
    assert_eq!(value_of(&page, "query-input"), "sum(rat");
}

#[wasm_bindgen_test]
async fn enter_runs_and_shift_enter_adds_a_line() {
    let page = page_with_metrics().await;
    page.type_text("query-input", "sum(\n  up\n)");
    wait(50).await;
    assert!(
        press_key(&page, "query-input", "Enter", true),
        "Shift+Enter leaves the newline to the browser"
    );
    wait(100).await;
    assert!(!legend_has(&page, "{}"), "Shift+Enter does not run");
    assert!(
        !press_key(&page, "query-input", "Enter", false),
        "Enter is taken to run the query"
    );
    until("the multi-line query ran", || legend_has(&page, "{}")).await;
    assert!(page.find_all("editor-error").is_empty());
}

#[wasm_bindgen_test]
async fn a_syntax_error_is_underlined_where_it_is_with_its_position() {
    let page = Page::open();
    wait(50).await;
    let text = "rate(x";
    page.type_text("query-input", text);
    until("an inline error", || {
        page.find_all("editor-error").len() == 1
    })
    .await;
    let err = sonde::promql::parse(text).unwrap_err();
    let (line, col) = sonde::lang::line_col(text, err.span.start);
    let shown = page.text("editor-error");
    assert!(
        shown.contains(&format!("{line}")) && shown.contains(&format!("{col}")),
        "{shown}"
    );
    assert!(
        shown.contains(&err.message(sonde::lang::Lang::En))
            || shown.contains(&err.message(sonde::lang::Lang::Fr)),
        "{shown}"
    );
    let marked = page
        .find("query-highlight")
        .query_selector_all(".hl-error")
        .unwrap()
        .length();
    assert!(marked > 0, "the error span is underlined");
    page.type_text("query-input", "");
    until("nothing for an empty input", || {
        page.find_all("editor-error").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn past_queries_are_recalled_with_arrow_up_and_from_the_history_menu() {
    let page = Page::open();
    wait(50).await;
    for q in ["up", "sum(up)", "up"] {
        page.type_text("query-input", q);
        page.click("query-run");
    }
    page.type_text("query-input", "");
    assert!(!press_key(&page, "query-input", "ArrowUp", false));
    until("the last query is back", || {
        value_of(&page, "query-input") == "up"
    })
    .await;
    press_key(&page, "query-input", "ArrowUp", false);
    until("then the one before", || {
        value_of(&page, "query-input") == "sum(up)"
    })
    .await;
    page.click("history");
    until("the history lists each query once, newest first", || {
        page.find_all("history-item")
            .iter()
            .map(|i| i.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            == ["up", "sum(up)"]
    })
    .await;
    page.find_all("history-item")[1]
        .dyn_ref::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    until("the picked query is in the editor", || {
        value_of(&page, "query-input") == "sum(up)"
    })
    .await;
    until("the menu closes", || {
        page.find_all("history-item").is_empty()
    })
    .await;
    let focus = |testid: &str| {
        page.find(testid)
            .dyn_ref::<web_sys::HtmlElement>()
            .unwrap()
            .focus()
            .unwrap()
    };
    page.click("history");
    focus("history");
    until("the menu is open", || {
        !page.find_all("history-item").is_empty()
    })
    .await;
    focus("query-input");
    until("focus leaving the menu closes it", || {
        page.find_all("history-item").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn format_pretty_prints_a_valid_query_and_keeps_a_broken_one() {
    let page = Page::open();
    wait(50).await;
    let text = "sum   by(job)(rate(http_requests_total{job=\"my_app\"}[5m]))";
    page.type_text("query-input", text);
    page.click("format");
    let expected = sonde::promql::format_pretty(&sonde::promql::parse(text).unwrap());
    until("the query is formatted", || {
        value_of(&page, "query-input") == expected
    })
    .await;
    assert_ne!(expected, text);
    page.type_text("query-input", "sum(rate(x[5m]");
    page.click("format");
    wait(50).await;
    assert_eq!(value_of(&page, "query-input"), "sum(rate(x[5m]");
    assert_eq!(page.find_all("editor-error").len(), 1);
}

#[wasm_bindgen_test]
async fn a_raw_counter_gets_a_lint_whose_fix_applies_and_runs() {
    let page = page_with_metrics().await;
    page.type_text("query-input", "http_requests_total");
    until("a raw-counter lint", || {
        page.find_all("lint")
            .iter()
            .any(|l| l.get_attribute("data-code").as_deref() == Some("raw-counter"))
    })
    .await;
    let fix = page.text("lint-fix");
    assert!(fix.contains("rate(http_requests_total[1m])"), "{fix}");
    let message = page.text("lint");
    page.click("lang-toggle");
    until("the lint speaks the other language", || {
        page.text("lint") != message
    })
    .await;
    assert!(page
        .text("lint-fix")
        .contains("rate(http_requests_total[1m])"));
    page.click("lint-fix");
    until("the fix is in the editor", || {
        value_of(&page, "query-input") == "rate(http_requests_total[1m])"
    })
    .await;
    until(
        "the fix ran: the legend shows the rate, without the metric name",
        || legend_has(&page, "{instance=\"localhost:8000\""),
    )
    .await;
    until("the lint is gone", || page.find_all("lint").is_empty()).await;
}

#[wasm_bindgen_test]
async fn enter_on_a_fully_typed_name_runs_instead_of_accepting_it_again() {
    let page = page_with_metrics().await;
    page.type_text("query-input", "up");
    until("the popup offers up", || {
        suggestions(&page).iter().any(|s| s.ends_with("up"))
    })
    .await;
    press_key(&page, "query-input", "Enter", false);
    until("up ran", || legend_has(&page, "up{")).await;
    assert_eq!(value_of(&page, "query-input"), "up");
    until("the popup closed", || {
        page.find_all("autocomplete").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_missing_range_is_repaired_in_one_click_and_a_misspelt_name_is_named() {
    let page = page_with_metrics().await;
    page.type_text("query-input", "rate(http_requests_total)");
    until("a repair under the error", || {
        page.find_all("error-fix").len() == 1
    })
    .await;
    assert!(page
        .text("error-fix")
        .contains("rate(http_requests_total[1m])"));
    page.click("error-fix");
    until("the repaired query is in the editor", || {
        value_of(&page, "query-input") == "rate(http_requests_total[1m])"
    })
    .await;
    until("the error is gone", || {
        page.find_all("editor-error").is_empty()
    })
    .await;
    page.type_text("query-input", "http_request_total");
    until("an unknown-metric lint", || {
        page.find_all("lint")
            .iter()
            .any(|l| l.get_attribute("data-code").as_deref() == Some("unknown-metric"))
    })
    .await;
    assert!(page.text("lint-fix").contains("http_requests_total"));
}

#[wasm_bindgen_test]
async fn add_query_puts_a_second_query_with_its_own_results_below() {
    let page = crate::support::Page::open();
    crate::support::wait(50).await;
    page.click("step-free");
    page.click("add-query");
    crate::support::until("an added query", || page.find_all("added-query").len() == 1).await;
    page.type_text("added-query-input", "up");
    page.click("added-query-run");
    crate::support::until("two charts, two legends", || {
        page.find_all("chart").len() == 2 && page.find_all("legend").len() == 2
    })
    .await;
    assert_eq!(
        crate::support::value_of(&page, "query-input"),
        "http_requests_total",
        "the first query is untouched"
    );
    page.click("remove-query");
    crate::support::until("back to one", || page.find_all("added-query").is_empty()).await;
    assert_eq!(page.find_all("chart").len(), 1);
}
