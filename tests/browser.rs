//! The UI in headless Chromium: the app is mounted in a fresh element per test and driven
//! through real DOM events (clicks, typing, key presses) found by `data-testid`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// A mounted app in its own element, removed when dropped.
struct Page {
    root: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Page {
    fn open() -> Page {
        let doc = document();
        let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
        doc.body().unwrap().append_child(&root).unwrap();
        let handle = leptos::mount::mount_to(root.clone(), || sonde::ui::App().into_any());
        Page { root, _handle: handle }
    }

    fn find(&self, testid: &str) -> Element {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
    }

    fn find_all(&self, testid: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(&format!("[data-testid=\"{testid}\"]")).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect()
    }

    fn text(&self, testid: &str) -> String {
        self.find(testid).text_content().unwrap_or_default()
    }

    fn click(&self, testid: &str) {
        self.find(testid).unchecked_into::<HtmlElement>().click();
    }

    /// Replaces the content of an input or textarea as typing would, firing `input`.
    fn type_text(&self, testid: &str, text: &str) {
        let el = self.find(testid);
        if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(text);
        } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(text);
        }
        el.dispatch_event(&Event::new("input").unwrap()).unwrap();
    }

    fn press_enter(&self, testid: &str) {
        let init = KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.find(testid).dispatch_event(&ev).unwrap();
    }

    fn select(&self, testid: &str, value: &str) {
        let el = self.find(testid);
        el.unchecked_ref::<HtmlSelectElement>().set_value(value);
        el.dispatch_event(&Event::new("change").unwrap()).unwrap();
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Lets timers, effects and rendering run for `ms` of real time.
async fn wait(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits until `cond` holds, failing with `what` after a few seconds.
async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..100 {
        if cond() {
            return;
        }
        wait(Duration::from_millis(50).as_millis() as u64).await;
    }
    panic!("timed out waiting for: {what}");
}

#[wasm_bindgen_test]
async fn a_request_sent_shows_up_in_metrics_then_on_the_chart() {
    let page = Page::open();
    wait(50).await;
    assert!(page.text("metrics-text").contains("http_requests_total 0.0"));
    page.click("send-request");
    until("/metrics counts the request", || page.text("metrics-text").contains("http_requests_total 1.0")).await;
    assert!(page.text("last-response").contains("Hello, world!"));
    page.click("clock-step");
    page.click("clock-step");
    until("the target is up", || page.find_all("target-row").iter().any(|r| r.get_attribute("data-health").as_deref() == Some("UP"))).await;
    until("the legend shows the series with its last value 1", || {
        page.find_all("legend-row").iter().any(|r| {
            let t = r.text_content().unwrap_or_default();
            t.contains("http_requests_total{instance=\"localhost:8000\", job=\"my_app\"}")
        }) && page.find_all("legend-last").iter().any(|c| c.text_content().as_deref() == Some("1"))
    })
    .await;
    let points: usize = page.find("chart").get_attribute("data-points").unwrap_or_default().parse().unwrap_or(0);
    assert!(points > 0, "the chart drew points");
}

#[wasm_bindgen_test]
async fn a_bad_config_is_pointed_at_and_the_last_good_one_keeps_running() {
    let page = Page::open();
    wait(50).await;
    page.type_text("config-editor", "global:\n  scrape_interval: 15x\n");
    until("a config error", || page.find_all("config-error").len() == 1).await;
    let err = page.text("config-error");
    assert!(err.contains('2'), "the error names line 2: {err}");
    page.click("clock-step");
    until("the course's target is still scraped", || page.find_all("target-row").iter().any(|r| r.get_attribute("data-health").as_deref() == Some("UP"))).await;
}

#[wasm_bindgen_test]
async fn a_target_on_the_wrong_port_goes_down_with_a_reason() {
    let page = Page::open();
    wait(50).await;
    page.type_text("config-editor", "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['localhost:8001']\n");
    until("the config is applied", || page.find_all("config-ok").len() == 1).await;
    page.click("clock-step");
    page.click("clock-step");
    until("the target is down", || page.find_all("target-row").iter().any(|r| r.get_attribute("data-health").as_deref() == Some("DOWN"))).await;
    assert!(page.text("target-health").contains("connection refused"));
}

#[wasm_bindgen_test]
async fn a_bad_query_gets_a_positioned_error_and_enter_runs_the_query() {
    let page = Page::open();
    wait(50).await;
    page.type_text("query-input", "rate(http_requests_total)");
    page.press_enter("query-input");
    until("a query error", || page.find_all("query-error").len() == 1).await;
    assert!(page.text("query-error").contains("rate"), "{}", page.text("query-error"));
    page.type_text("query-input", "up");
    page.click("query-run");
    until("the error is gone", || page.find_all("query-error").is_empty()).await;
}

#[wasm_bindgen_test]
async fn pause_stops_the_clock_and_the_language_toggles() {
    let page = Page::open();
    wait(50).await;
    let before_label = page.text("clock-pause");
    page.click("clock-pause");
    until("the pause button turns into resume", || page.text("clock-pause") != before_label).await;
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
    until("requests are served", || page.text("requests-served").parse::<f64>().unwrap_or(0.0) > 0.0).await;
    until("the target is scraped", || page.find_all("target-row").iter().any(|r| r.get_attribute("data-health").as_deref() == Some("UP"))).await;
}
