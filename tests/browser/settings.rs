//! The top bar's settings: the share box (link with the app version and traffic, history
//! only on request, copy button, QR code) and "start again".

use wasm_bindgen_test::*;

use crate::support::{until, value_of, wait, Page};

/// The state encoded in the share box's link, as JSON text.
fn shared_json(page: &Page) -> String {
    let url = value_of(page, "share-url");
    let state = sonde::share::from_fragment(url.split_once('#').map_or("", |(_, f)| f))
        .expect("the link holds a state")
        .state;
    format!("{state:?}")
}

#[wasm_bindgen_test]
async fn the_share_link_carries_app_version_and_traffic_and_history_only_when_asked() {
    let page = Page::open();
    wait(50).await;
    page.click("step-free");
    page.type_text("query-input", "up");
    page.click("query-run");
    page.type_text("query-input", "scrape_duration_seconds");
    page.click("query-run");
    page.click("app-deploy");
    page.type_text("traffic-rate", "3.5");
    page.click("share-link");
    until("a link", || page.find_all("share-url").len() == 1).await;
    let state = shared_json(&page);
    assert!(state.contains("app: PerEndpoint"), "{state}");
    assert!(state.contains("traffic_rate: 3.5"), "{state}");
    assert!(
        state.contains("queries: [\"scrape_duration_seconds\"]"),
        "the history stays out by default: {state}"
    );
    page.check("share-history", true);
    until("the history in the link", || {
        shared_json(&page).contains("\"scrape_duration_seconds\", \"up\"")
    })
    .await;
    // The QR code is drawn from the same link.
    let qr = page.find("share-qr");
    assert_eq!(qr.tag_name().to_lowercase(), "svg");
    let path = qr.query_selector("path").unwrap().unwrap();
    assert!(path.get_attribute("d").unwrap_or_default().len() > 100);
    // Copy: headless browsers may refuse the clipboard; either way the page says so.
    page.click("share-copy");
    until("the copy answered", || {
        matches!(
            page.attr("share-copied", "data-state").as_str(),
            "done" | "failed"
        )
    })
    .await;
    assert!(!page.text("share-copied").is_empty());
}

#[wasm_bindgen_test]
async fn start_again_asks_first_then_forgets_everything() {
    let page = Page::open();
    wait(50).await;
    page.click("step-free");
    page.type_text("query-input", "up");
    page.click("query-run");
    page.click("app-deploy");
    page.type_text("datasource-url", "http://localhost:9090");
    page.click("datasource-test");
    until("the data source works", || {
        page.find_all("datasource-status")
            .first()
            .and_then(|e| e.get_attribute("data-ok"))
            .is_some_and(|ok| ok == "true")
    })
    .await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel-chart").len() == 1).await;
    page.click("reset-all");
    until("a confirmation", || {
        page.find_all("reset-dialog").len() == 1
    })
    .await;
    page.click("reset-cancel");
    until("cancelled", || page.find_all("reset-dialog").is_empty()).await;
    assert_eq!(
        page.find_all("panel-chart").len(),
        1,
        "cancel keeps everything"
    );
    page.click("reset-all");
    until("a confirmation", || {
        page.find_all("reset-confirm").len() == 1
    })
    .await;
    page.click("reset-confirm");
    until("the dashboard emptied", || {
        page.find_all("panel-chart").is_empty()
    })
    .await;
    assert_eq!(value_of(&page, "query-input"), "http_requests_total");
    assert!(
        !page.text("app-code").contains("endpoint"),
        "the course's app again"
    );
    assert!(
        page.find_all("step-intro").len() == 1,
        "back on the first step"
    );
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("sonde.state")
        .unwrap();
    if let Some(saved) = stored {
        let state = sonde::share::from_fragment(&saved).unwrap().state;
        assert_eq!(state.app, sonde::sim::Instrumentation::Course);
        assert!(state.panels.is_empty() && state.datasource_url.is_empty());
    }
}
