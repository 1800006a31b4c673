//! The Table and Explain tabs: instant values, raw range-vector samples, empty results,
//! annotations and errors in the table; the query tree with types, counts, explanations
//! in both languages, series matching and previews in the explain tab.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::{run, until, wait, Page};

/// Text of an element.
fn text_of(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Texts of every element with `testid`.
fn texts(page: &Page, testid: &str) -> Vec<String> {
    page.find_all(testid).iter().map(text_of).collect()
}

/// Sends `requests` requests, then steps the clock twice so that two scrapes land.
async fn app_with_requests(requests: usize) -> Page {
    let page = Page::open();
    wait(50).await;
    for _ in 0..requests {
        page.click("send-request");
    }
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

/// Puts the page in English (`true`) or French.
async fn set_english(page: &Page, english: bool) {
    let is_english = page.text("lang-toggle") == "Français";
    if is_english != english {
        page.click("lang-toggle");
        until("the language switched", || {
            (page.text("lang-toggle") == "Français") == english
        })
        .await;
    }
}

#[wasm_bindgen_test]
async fn table_shows_the_counter_value_after_two_requests() {
    let page = app_with_requests(2).await;
    set_english(&page, true).await;
    run(&page, "http_requests_total", "tab-table").await;
    until("one row with value 2", || {
        texts(&page, "table-value") == vec!["2".to_string()]
    })
    .await;
    let row = texts(&page, "table-row").join("");
    assert!(
        row.contains("http_requests_total{instance=\"localhost:8000\", job=\"my_app\"}"),
        "{row}"
    );
    assert_eq!(page.text("table-count"), "1 series");
    let name = page
        .find("result-table")
        .query_selector(".metric-name")
        .unwrap()
        .unwrap();
    assert_eq!(text_of(&name), "http_requests_total");
    page.click("send-request");
    page.click("clock-step");
    until("the table follows the next scrape", || {
        texts(&page, "table-value") == vec!["3".to_string()]
    })
    .await;
}

#[wasm_bindgen_test]
async fn table_evaluates_at_a_chosen_time_and_comes_back_to_now() {
    let page = app_with_requests(2).await;
    page.click("clock-pause");
    run(&page, "http_requests_total", "tab-table").await;
    until("2 now", || {
        texts(&page, "table-value") == vec!["2".to_string()]
    })
    .await;
    assert_eq!(page.attr("table-time", "data-live"), "true");
    let now_value = crate::support::value_of(&page, "table-time");
    assert!(now_value.contains('T'), "a date and a time: {now_value}");
    // Ten minutes back, before the first scrape: nothing was stored then.
    for _ in 0..10 {
        page.click("table-time-back");
    }
    until("empty in the past", || {
        page.find_all("table-value").is_empty()
    })
    .await;
    assert_eq!(page.attr("table-time", "data-live"), "false");
    assert_ne!(crate::support::value_of(&page, "table-time"), now_value);
    page.click("table-time-now");
    until("2 again at now", || {
        texts(&page, "table-value") == vec!["2".to_string()]
    })
    .await;
    assert_eq!(page.attr("table-time", "data-live"), "true");
}

#[wasm_bindgen_test]
async fn table_lists_raw_samples_of_a_range_vector() {
    let page = app_with_requests(1).await;
    run(&page, "http_requests_total[1m]", "tab-table").await;
    until("samples are listed", || {
        !page.find_all("table-sample").is_empty()
    })
    .await;
    for s in texts(&page, "table-sample") {
        let (value, rest) = s.split_once(" @ ").unwrap_or_else(|| panic!("no @ in {s}"));
        assert!(value == "0" || value == "1", "{s}");
        let ts = rest.split_whitespace().next().unwrap_or_default();
        let (secs, millis) = ts.split_once('.').unwrap_or_else(|| panic!("{s}"));
        assert!(secs.parse::<i64>().is_ok() && millis.len() == 3, "{s}");
        assert!(rest.contains(':'), "a clock time beside it: {s}");
    }
    assert_eq!(page.find_all("table-row").len(), 1);
}

#[wasm_bindgen_test]
async fn table_filters_with_a_comparison_and_says_when_empty_in_both_languages() {
    let page = app_with_requests(0).await;
    set_english(&page, true).await;
    run(&page, "up == 1", "tab-table").await;
    until("up == 1 keeps the target", || {
        texts(&page, "table-value") == vec!["1".to_string()]
    })
    .await;
    assert!(texts(&page, "table-row")
        .join("")
        .contains("job=\"my_app\""));
    run(&page, "up == 0", "tab-table").await;
    until("empty result", || !page.find_all("table-empty").is_empty()).await;
    assert_eq!(page.text("table-empty"), "Empty query result");
    assert!(page.find_all("table-row").is_empty());
    set_english(&page, false).await;
    until("French", || {
        page.text("table-empty") == "Résultat de requête vide"
    })
    .await;
}

#[wasm_bindgen_test]
async fn table_shows_scalars_infos_and_errors() {
    let page = app_with_requests(0).await;
    set_english(&page, true).await;
    run(&page, "1 + 2", "tab-table").await;
    until("a scalar row", || {
        texts(&page, "table-value") == vec!["3".to_string()]
    })
    .await;
    assert!(page.text("table-row").contains("scalar"));
    run(&page, "rate(up[5m])", "tab-table").await;
    until("an info about a non-counter", || {
        !page.find_all("table-info").is_empty()
    })
    .await;
    assert!(page
        .text("table-info")
        .starts_with("PromQL info: metric might not be a counter"));
    set_english(&page, false).await;
    until("the info in French", || {
        page.text("table-info").starts_with("Info PromQL")
    })
    .await;
    run(&page, "rate(up)", "tab-table").await;
    until("an error", || !page.find_all("table-error").is_empty()).await;
    assert!(page.find_all("table-row").is_empty());
    let fr = page.text("table-error");
    set_english(&page, true).await;
    until("the error in English", || page.text("table-error") != fr).await;
    assert!(page.text("table-error").starts_with("Error at column"));
    run(&page, "quantile(2, up)", "tab-table").await;
    until("a warning", || !page.find_all("table-warning").is_empty()).await;
    assert!(
        page.text("table-warning")
            .starts_with("PromQL warning: quantile value should be between 0 and 1, got 2"),
        "{}",
        page.text("table-warning")
    );
}

#[wasm_bindgen_test]
async fn explain_shows_the_tree_with_types_counts_and_explanations() {
    let page = app_with_requests(2).await;
    set_english(&page, true).await;
    run(
        &page,
        "sum by (job) (rate(http_requests_total[5m]))",
        "tab-explain",
    )
    .await;
    until("three nodes", || page.find_all("explain-node").len() == 3).await;
    let labels = texts(&page, "explain-label");
    assert_eq!(
        labels,
        vec!["sum by (job) (…)", "rate(…)", "http_requests_total[5m]"]
    );
    assert_eq!(
        texts(&page, "explain-type"),
        vec!["instant vector", "instant vector", "range vector"]
    );
    until("each node has one series", || {
        texts(&page, "explain-count") == vec!["1 series"; 3]
    })
    .await;
    let en = texts(&page, "explain-text");
    assert!(en[0].contains("keeps only job"), "{}", en[0]);
    assert!(
        en[1].contains("Per-second average increase") && en[1].contains("extrapolated"),
        "{}",
        en[1]
    );
    assert!(en[2].contains("(t−5m, t]"), "{}", en[2]);
    set_english(&page, false).await;
    until("French explanations", || {
        texts(&page, "explain-text").get(1).is_some_and(|t| {
            t.contains("Augmentation moyenne par seconde") && t.contains("extrapolée")
        })
    })
    .await;
    assert_eq!(texts(&page, "explain-type")[2], "vecteur de plage");
    assert_eq!(texts(&page, "explain-count")[0], "1 série");
}

#[wasm_bindgen_test]
async fn explain_shows_how_series_matched_and_which_found_no_partner() {
    let page = app_with_requests(1).await;
    set_english(&page, true).await;
    run(&page, "up / on(job) http_requests_total", "tab-explain").await;
    until("one pair", || page.find_all("explain-pair").len() == 1).await;
    assert!(page.find_all("explain-unmatched").is_empty());
    assert!(page.text("explain-pair").contains("{job=\"my_app\"}"));
    let texts_en = texts(&page, "explain-text");
    assert!(
        texts_en[1].contains("latest sample") && texts_en[1].contains("5 minutes"),
        "{}",
        texts_en[1]
    );
    run(&page, "up / vector(1)", "tab-explain").await;
    until("no pair, two unmatched", || {
        page.find_all("explain-pair").is_empty() && page.find_all("explain-unmatched").len() == 2
    })
    .await;
    let unmatched = page.find_all("explain-unmatched");
    let left = unmatched
        .iter()
        .find(|e| e.get_attribute("data-side").as_deref() == Some("left"))
        .map(text_of)
        .unwrap_or_default();
    assert!(
        left.contains("no series on the right with the same labels except __name__"),
        "{left}"
    );
    assert!(left.contains("left out of the result"), "{left}");
    run(&page, "up / on(job) {job=\"my_app\"}", "tab-explain").await;
    until("a many-to-many problem", || {
        !page.find_all("explain-match-problem").is_empty()
    })
    .await;
    assert!(page.text("explain-match-problem").contains("many-to-many"));
    assert!(
        page.find("explain-count")
            .query_selector(".node-error")
            .unwrap()
            .is_some(),
        "the whole expression fails: {}",
        page.text("explain-count")
    );
    run(&page, "up / vector(1)", "tab-explain").await;
    set_english(&page, false).await;
    until("French reasons", || {
        texts(&page, "explain-unmatched")
            .iter()
            .any(|t| t.contains("aucune série à droite"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn clicking_a_node_previews_its_result_and_nodes_collapse() {
    let page = app_with_requests(1).await;
    run(
        &page,
        "sum by (job) (rate(http_requests_total[5m]))",
        "tab-explain",
    )
    .await;
    until("three nodes", || page.find_all("explain-node").len() == 3).await;
    assert!(page.find_all("explain-preview").is_empty());
    let nodes = page.find_all("explain-node");
    nodes[2].unchecked_ref::<HtmlElement>().click();
    until("a preview of the raw samples", || {
        page.find_all("explain-preview")
            .first()
            .map(text_of)
            .is_some_and(|t| t.contains(" @ ") && t.contains("job=\"my_app\""))
    })
    .await;
    assert_eq!(
        nodes[2].get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    nodes[0].unchecked_ref::<HtmlElement>().click();
    until("a preview of the sum", || {
        let t = page.text("explain-preview");
        t.contains("{job=\"my_app\"}") && !t.contains(" @ ")
    })
    .await;
    page.press_enter("explain-node");
    until("Enter selects the first node", || {
        nodes[0].get_attribute("aria-pressed").as_deref() == Some("true")
            && nodes[2].get_attribute("aria-pressed").as_deref() == Some("false")
    })
    .await;
    page.click("explain-toggle");
    until("children hidden", || {
        page.find("explain-tree")
            .query_selector(".explain-children.collapsed")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
}

#[wasm_bindgen_test]
async fn explain_shows_a_parse_error() {
    let page = Page::open();
    wait(50).await;
    run(&page, "sum(", "tab-explain").await;
    until("a parse error", || {
        !page.find_all("explain-error").is_empty()
    })
    .await;
    assert!(page.find_all("explain-node").is_empty());
}

#[wasm_bindgen_test]
async fn explain_results_follow_the_scrapes() {
    let page = app_with_requests(2).await;
    run(&page, "scalar(http_requests_total)", "tab-explain").await;
    until("the scalar is 2", || {
        texts(&page, "explain-count").first().map(String::as_str) == Some("= 2")
    })
    .await;
    page.click("send-request");
    page.click("clock-step");
    until("the scalar follows the next scrape", || {
        texts(&page, "explain-count").first().map(String::as_str) == Some("= 3")
    })
    .await;
}
