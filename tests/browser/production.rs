//! The production version in the page: deployed from the version list, a request to any
//! path with its status and duration, a second instance, incidents in their log, and the
//! traffic mix.

use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

/// Whether the instance on `port` shows as running.
fn instance_up(page: &Page, port: u16) -> bool {
    page.query(&format!(
        "[data-testid=\"instance-row\"][data-port=\"{port}\"]"
    ))
    .get_attribute("data-up")
    .as_deref()
        == Some("true")
}

/// The button `action` (`start`, `stop`, `restart`) of the instance on `port`.
fn instance_button(port: u16, action: &str) -> String {
    format!(
        "[data-testid=\"instance-row\"][data-port=\"{port}\"] [data-testid=\"instance-{action}\"]"
    )
}

#[wasm_bindgen_test]
async fn the_production_version_deploys_from_the_list_and_times_any_path() {
    let page = Page::open();
    wait(50).await;
    page.select("app-version", "production");
    page.click("app-deploy");
    until("the code has the histogram", || {
        page.text("app-code")
            .contains("REQUEST_LATENCY = Histogram('http_request_duration_seconds'")
    })
    .await;
    assert_eq!(page.find_all("app-code-changes").len(), 1);
    assert!(page
        .text("metrics-text")
        .contains("# TYPE http_request_duration_seconds histogram\n"));
    page.type_text("send-path", "/nope");
    page.click("send-path-button");
    until("a 404", || {
        page.text("last-response").starts_with("404 NOT FOUND")
    })
    .await;
    assert!(page
        .text("last-response")
        .contains("<title>404 Not Found</title>"));
    assert!(page.text("last-duration").ends_with(" ms"));
    page.type_text("send-path", "/api/users");
    page.click("send-path-button");
    until("the users", || {
        page.text("last-response").starts_with("200 OK")
    })
    .await;
    assert_eq!(page.text("last-instance"), "localhost:5000");
    let metrics = page.text("metrics-text");
    assert!(metrics.contains(
        "http_requests_total{endpoint=\"/api/users\",method=\"GET\",status=\"200\"} 1.0\n"
    ));
    assert!(metrics.contains(
        "http_request_duration_seconds_count{endpoint=\"/api/users\",method=\"GET\"} 1.0\n"
    ));
    assert!(metrics.contains("le=\"+Inf\""));
}

#[wasm_bindgen_test]
async fn a_second_instance_starts_and_stops_on_its_own() {
    let page = Page::open();
    wait(50).await;
    assert_eq!(page.find_all("instance-row").len(), 1);
    page.click("instance-add");
    until("two instances", || page.find_all("instance-row").len() == 2).await;
    assert!(instance_up(&page, 8001));
    page.mouse(&instance_button(8001, "stop"), "click", 2.0, 2.0);
    until("the second instance stopped", || !instance_up(&page, 8001)).await;
    assert!(instance_up(&page, 8000), "the first one runs on");
    page.mouse(&instance_button(8001, "start"), "click", 2.0, 2.0);
    until("started again", || instance_up(&page, 8001)).await;
}

#[wasm_bindgen_test]
async fn incidents_go_in_the_log_with_their_times() {
    let page = Page::open();
    wait(50).await;
    assert!(page
        .find("incident-log")
        .query_selector("li[data-kind]")
        .unwrap()
        .is_none());
    page.click("incident-latency");
    until("the latency spike is logged", || {
        page.text("incident-log").contains("/api/users")
    })
    .await;
    let spike = page.query("[data-testid=\"incident-log\"] li[data-kind=\"latency\"]");
    assert_eq!(spike.get_attribute("data-ongoing").as_deref(), Some("true"));
    assert!(spike.text_content().unwrap_or_default().contains('→'));
    page.select("incident-endpoint", "/about");
    page.click("incident-errors");
    until("the error burst on /about", || {
        page.text("incident-log").contains("/about")
    })
    .await;
    page.click("incident-stop");
    until("the app is down", || {
        page.text("incident-log").contains("localhost:8000")
    })
    .await;
    for kind in ["restart", "slow-scrape", "traffic", "memory"] {
        page.click(&format!("incident-{kind}"));
    }
    until("seven incidents", || {
        page.find("incident-log")
            .query_selector_all("li[data-kind]")
            .map(|l| l.length())
            .unwrap_or(0)
            == 7
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_traffic_mix_shows_a_weight_per_endpoint() {
    let page = Page::open();
    wait(50).await;
    let weights = page.find_all("traffic-weight");
    let paths: Vec<String> = weights
        .iter()
        .filter_map(|w| w.get_attribute("data-path"))
        .collect();
    assert_eq!(paths, ["/", "/about", "/api/users", "/api/orders"]);
    let users = page.query("[data-testid=\"traffic-weight\"][data-path=\"/api/users\"]");
    let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(users);
    assert_eq!(input.value(), "25");
    input.set_value("60");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait(300).await;
    assert_eq!(input.value(), "60", "the weight holds across ticks");
}

#[wasm_bindgen_test]
async fn rules_the_traffic_mix_and_instances_survive_a_reload() {
    let page = Page::open();
    wait(50).await;
    let users = "[data-testid=\"traffic-weight\"][data-path=\"/api/users\"]";
    let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(page.query(users));
    input.set_value("70");
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    page.click("instance-add");
    until("a second instance", || {
        page.find_all("instance-row").len() == 2
    })
    .await;
    let rules = "groups:\n  - name: kept\n    rules:\n      - record: job:requests:rate1m\n        expr: sum by (job) (rate(http_requests_total[1m]))\n";
    page.type_text("rules-editor", rules);
    page.click("rules-apply");
    until("the rules are applied", || {
        page.find_all("rules-error").is_empty()
    })
    .await;
    wait(2300).await; // the state is saved every 2 s
    drop(page);
    let page = Page::reopen();
    wait(100).await;
    until("two instances again", || {
        page.find_all("instance-row").len() == 2
    })
    .await;
    let input: web_sys::HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(page.query(users));
    assert_eq!(input.value(), "70", "the mix came back");
    assert_eq!(
        crate::support::value_of(&page, "rules-editor"),
        rules,
        "the rules file came back"
    );
}
