//! The course path: step navigation, tasks checked from the simulation, themes,
//! presentation mode, and the state kept across reloads and shared as a link.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

fn root_attr(name: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute(name))
        .unwrap_or_default()
}

fn hidden(page: &Page, testid: &str) -> bool {
    page.find(testid)
        .closest(".slot")
        .ok()
        .flatten()
        .is_some_and(|slot| slot.class_list().contains("hidden"))
}

#[wasm_bindgen_test]
async fn steps_show_their_panels_and_tasks_are_checked_from_the_simulation() {
    let page = Page::open();
    wait(50).await;
    assert!(page.text("step-intro").contains("Prometheus"));
    assert!(hidden(&page, "app-panel"), "step 1 shows no tool yet");
    page.click("step-next");
    until("step 2 shows the app", || !hidden(&page, "app-panel")).await;
    assert!(hidden(&page, "config-panel"));
    let task = || {
        page.find("task-send-ten-requests")
            .get_attribute("data-done")
            .unwrap_or_default()
    };
    assert_eq!(task(), "false");
    for _ in 0..10 {
        page.click("send-request");
    }
    until("ten requests mark the task done", || task() == "true").await;
    page.click("step-3");
    until("step 3 shows the config", || !hidden(&page, "config-panel")).await;
    page.type_text(
        "config-editor",
        "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['localhost:8000']\n",
    );
    page.click("config-reload");
    page.click("clock-step");
    until("the 5 s task is done after a scrape", || {
        page.find("task-scrape-interval-5s")
            .get_attribute("data-done")
            .as_deref()
            == Some("true")
    })
    .await;
    page.click("step-free");
    until("free mode shows every tool", || {
        !hidden(&page, "app-panel") && !hidden(&page, "query-panel")
    })
    .await;
}

#[wasm_bindgen_test]
async fn theme_and_presentation_mode_switch_and_survive_a_reload() {
    let page = Page::open();
    wait(50).await;
    page.click("theme-toggle");
    page.click("presentation-toggle");
    page.select("range", "1h");
    page.click("step-3");
    until("light theme", || root_attr("data-theme") == "light").await;
    assert_eq!(root_attr("data-presentation"), "true");
    wait(2300).await; // the state is saved every 2 s
    drop(page);
    let page = Page::reopen();
    wait(100).await;
    assert_eq!(root_attr("data-theme"), "light");
    assert!(
        !hidden(&page, "config-panel"),
        "the reloaded page is on step 3"
    );
    page.click("theme-toggle");
    page.click("presentation-toggle");
    until("dark again", || root_attr("data-theme") == "dark").await;
}

#[wasm_bindgen_test]
async fn the_share_link_carries_the_state_and_a_damaged_link_is_explained() {
    let page = Page::open();
    wait(50).await;
    page.click("step-4");
    page.click("share-link");
    until("a link", || page.find_all("share-url").len() == 1).await;
    let url = page
        .find("share-url")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value();
    assert!(url.contains("#s="), "{url}");
    drop(page);
    let location = web_sys::window().unwrap().location();
    location.set_hash("s=%%%not-a-state").unwrap();
    let page = Page::open();
    wait(100).await;
    let notice = page.text("restore-notice");
    location.set_hash("").unwrap();
    assert!(!notice.is_empty());
    assert!(
        page.find_all("step-intro").len() == 1,
        "the page still works"
    );
}

#[wasm_bindgen_test]
async fn the_dashboard_and_its_data_source_survive_a_reload() {
    let ok = |page: &Page| {
        page.find_all("datasource-status")
            .first()
            .and_then(|e| e.get_attribute("data-ok"))
            .as_deref()
            == Some("true")
    };
    let page = Page::open();
    wait(50).await;
    page.type_text("datasource-url", "http://localhost:9090");
    page.click("datasource-test");
    until("the data source works", || ok(&page)).await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel-chart").len() == 1).await;
    wait(2300).await; // the state is saved every 2 s
    drop(page);
    let page = Page::reopen();
    wait(100).await;
    assert_eq!(page.find_all("panel-chart").len(), 1, "the panel is back");
    assert!(ok(&page), "the saved data source is tested again");
}

#[wasm_bindgen_test]
async fn step_six_deploys_the_per_endpoint_version_and_a_query_finds_its_labels() {
    let page = Page::open();
    wait(50).await;
    page.click("step-6");
    let done = |page: &Page| {
        page.find_all("task-per-endpoint")
            .first()
            .and_then(|e| e.get_attribute("data-done"))
            .as_deref()
            == Some("true")
    };
    until("step 6's tasks", || {
        page.find_all("task-per-endpoint").len() == 1
    })
    .await;
    assert!(!done(&page));
    page.click("app-deploy");
    until("the code shows labels", || {
        page.text("app-code").contains("['method', 'endpoint']")
    })
    .await;
    page.click("send-request");
    page.click("clock-step");
    wait(200).await;
    assert!(!done(&page), "deploying alone does not find the label");
    page.type_text("query-input", "sum by (endpoint) (http_requests_total)");
    page.click("query-run");
    until("a query showing the endpoint label ticks the task", || {
        done(&page)
    })
    .await;
    assert!(page
        .text("metrics-text")
        .contains("http_requests_total{endpoint=\"/\",method=\"GET\"} 1.0"));
    // Done stays done: a restart resets the counter, the tick stays.
    page.click("app-restart");
    page.click("clock-step");
    wait(200).await;
    assert!(done(&page));
}

#[wasm_bindgen_test]
async fn nothing_is_ticked_by_the_page_alone_and_finished_steps_get_a_tick() {
    let page = Page::open();
    wait(50).await;
    page.click("step-4");
    let done = |testid: &str| {
        page.find_all(testid)
            .first()
            .and_then(|e| e.get_attribute("data-done"))
            .is_some_and(|d| d == "true")
    };
    page.click("clock-step"); // one scrape interval: the first scrape lands
    until("the target is up", || done("task-target-up")).await;
    assert!(
        !done("task-query-in-browser"),
        "the pre-filled query was not run"
    );
    assert_eq!(page.attr("step-2", "data-finished"), "false");
    page.click("step-2");
    for _ in 0..10 {
        page.click("send-request");
    }
    until("step 2 finished", || {
        page.attr("step-2", "data-finished") == "true"
    })
    .await;
    assert!(page.text("step-2").contains('✓'));
    page.click("step-4");
    until("step 4's tasks", || {
        page.find_all("task-query-in-browser").len() == 1
    })
    .await;
    page.click("query-run");
    until("running the query ticks its task", || {
        done("task-query-in-browser")
    })
    .await;
}

#[wasm_bindgen_test]
async fn space_pauses_and_arrows_move_between_steps_outside_text_fields() {
    let page = Page::open();
    wait(50).await;
    let paused = |page: &Page| page.text("clock-pause");
    let running = paused(&page);
    page.key("[data-testid=step-intro]", " ");
    until("paused by Space", || paused(&page) != running).await;
    page.key("[data-testid=step-intro]", " ");
    until("resumed by Space", || paused(&page) == running).await;
    page.key("[data-testid=step-intro]", "ArrowRight");
    until("step 2", || page.attr("step-2", "class").contains("active")).await;
    page.key("[data-testid=step-intro]", "ArrowLeft");
    until("step 1", || page.attr("step-1", "class").contains("active")).await;
    // In the query editor, Space is a space and arrows move the caret.
    page.click("step-4");
    page.key("[data-testid=query-input]", " ");
    page.key("[data-testid=query-input]", "ArrowRight");
    wait(100).await;
    assert_eq!(paused(&page), running);
    assert!(page.attr("step-4", "class").contains("active"));
}
