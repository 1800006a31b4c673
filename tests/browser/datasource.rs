//! A real Prometheus as the data source (started by `scripts/real-prometheus.sh` on
//! 127.0.0.1:19090, scraping itself every second and holding Sonde's backfilled export of
//! 40 simulated minutes of the course): the status names the server and its
//! version, autocomplete offers its metrics with their help, the Table shows the server's own value, the Graph draws its lines, Explain
//! replays the query on the server's raw samples and finds the same answer, the window
//! lens' arithmetic gives the server's plotted value, a dashboard panel draws, a wrong
//! address is explained in the page's language, and the simulation is one click away with
//! nothing typed lost.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use crate::support::{run, until, value_of, wait, Page};

/// Where the test's Prometheus listens (`SONDE_TEST_PROMETHEUS` at build time moves it,
/// with `SONDE_PROMETHEUS_ADDR` for the script).
const SERVER: &str = match option_env!("SONDE_TEST_PROMETHEUS") {
    Some(url) => url,
    None => "http://127.0.0.1:19090",
};

/// `path` of the test's Prometheus as JSON, fetched directly (not through Sonde).
async fn server_json(path: &str) -> serde_json::Value {
    let window = web_sys::window().unwrap();
    let resp = JsFuture::from(window.fetch_with_str(&format!("{SERVER}{path}")))
        .await
        .expect("the test's Prometheus answers (scripts/real-prometheus.sh start)");
    let resp: web_sys::Response = resp.unchecked_into();
    let text = JsFuture::from(resp.text().unwrap()).await.unwrap();
    serde_json::from_str(&text.as_string().unwrap()).unwrap()
}

/// Runs an instant `query` whose answer is one row in the Table, once the row is shown,
/// and returns the server's own first result for it (fetched directly).
async fn tabled_with_the_servers(page: &Page, query: &str) -> serde_json::Value {
    run(page, query, "tab-table").await;
    until("the server's row", || {
        page.find_all("table-value").len() == 1
    })
    .await;
    let path = format!(
        "/api/v1/query?query={}",
        js_sys::encode_uri_component(query)
    );
    server_json(&path).await["data"]["result"][0].take()
}

/// Puts the page in English (`true`) or French.
async fn set_english(page: &Page, english: bool) {
    if (page.text("lang-toggle") == "Français") != english {
        page.click("lang-toggle");
        until("the language switched", || {
            (page.text("lang-toggle") == "Français") == english
        })
        .await;
    }
}

/// Chooses the server as source at `url` and connects.
fn connect(page: &Page, url: &str) {
    page.select("source-select", "server");
    page.type_text("source-url", url);
    page.click("source-connect");
}

/// A page connected to the test's Prometheus, in English.
async fn connected() -> Page {
    let page = Page::open();
    wait(50).await;
    set_english(&page, true).await;
    connect(&page, SERVER);
    until("connected", || {
        page.text("source-status")
            .starts_with("Connected to Prometheus")
    })
    .await;
    page
}

#[wasm_bindgen_test]
async fn the_status_names_the_server_and_its_version() {
    let page = connected().await;
    let info = server_json("/api/v1/status/buildinfo").await;
    let version = info["data"]["version"].as_str().unwrap().to_string();
    assert_eq!(
        page.text("source-status"),
        format!("Connected to Prometheus {version}")
    );
    // Targets, rules and alerts in short; autocomplete knows the server's metrics.
    until("the overview", || {
        page.find_all("source-overview").first().is_some_and(|o| {
            o.text_content()
                .unwrap_or_default()
                .starts_with("targets up: 1/1")
        })
    })
    .await;
    page.type_text("query-input", "prometheus_http_requests_to");
    until("the server's metric offered with its type and help", || {
        page.find_all("autocomplete-item").iter().any(|i| {
            let text = i.text_content().unwrap_or_default();
            text.contains("prometheus_http_requests_total") && text.contains("counter: ")
        })
    })
    .await;
    set_english(&page, false).await;
    until("the status in French", || {
        page.text("source-status") == format!("Connecté à Prometheus {version}")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_table_shows_the_servers_values_and_the_graph_draws_them() {
    let page = connected().await;
    let row = &tabled_with_the_servers(&page, "prometheus_build_info").await;
    assert_eq!(page.text("table-value"), row["value"][1].as_str().unwrap());
    let version = row["metric"]["version"].as_str().unwrap();
    let labels = page.find("table-row").text_content().unwrap_or_default();
    assert!(labels.contains(version), "{labels}");
    // A value that moves, on both sides at the same second.
    run(&page, "count(up{job=\"prometheus\"})", "tab-table").await;
    until("count(up{job=\"prometheus\"}) = 1", || {
        page.find_all("table-value")
            .first()
            .is_some_and(|v| v.text_content().as_deref() == Some("1"))
    })
    .await;

    page.click("tab-graph");
    until("the server's line is drawn", || page.chart_points() > 0).await;
    assert!(page.find_all("source-error").is_empty());

    // The simulation is one click away, and what was typed stays.
    page.select("source-select", "simulation");
    until("back on the simulation", || {
        page.text("source-status").contains("simulation")
    })
    .await;
    assert_eq!(
        value_of(&page, "query-input"),
        "count(up{job=\"prometheus\"})"
    );
    page.select("source-select", "server");
    assert_eq!(value_of(&page, "source-url"), SERVER);
    until("connected again at once", || {
        page.text("source-status").starts_with("Connected to")
    })
    .await;
}

#[wasm_bindgen_test]
async fn explain_replays_the_query_on_the_servers_samples() {
    let page = connected().await;
    run(
        &page,
        // Only the self-scrape's handler: it exists from the server's first second. On a
        // server under a minute old it still starts inside the window, where Prometheus
        // before 2.51 extrapolates differently (prometheus#13725): then Explain must say
        // so, and computing the older way must give the server's answer.
        "sum by (job) (rate(prometheus_http_requests_total{handler=\"/metrics\"}[1m]))",
        "tab-explain",
    )
    .await;
    until("the comparison with the server", || {
        !page.find_all("server-compare").is_empty()
    })
    .await;
    let line = page.text("server-compare");
    assert!(
        line == "Same as your Prometheus."
            || line.ends_with("Computed the older way, Sonde then gets the server's answer."),
        "{line}"
    );
    // Each node was evaluated on the fetched samples.
    let counts: Vec<String> = page
        .find_all("explain-count")
        .iter()
        .map(|c| c.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        counts.first().map(String::as_str),
        Some("1 series"),
        "{counts:?}"
    );
}

#[wasm_bindgen_test]
async fn a_wrong_address_is_explained_in_the_pages_language() {
    let page = Page::open();
    wait(50).await;
    set_english(&page, true).await;
    connect(&page, "http://127.0.0.1:1");
    let mut seen = String::new();
    for _ in 0..100 {
        seen = page.text("source-status");
        if seen.starts_with("Server unreachable or refused by CORS: http://127.0.0.1:1/") {
            break;
        }
        wait(50).await;
    }
    assert!(
        seen.starts_with("Server unreachable or refused by CORS: http://127.0.0.1:1/"),
        "{seen}"
    );
    set_english(&page, false).await;
    until("the error in French", || {
        page.text("source-status")
            .starts_with("Serveur injoignable ou réponse refusée par CORS")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_window_lens_explains_a_servers_rate_point_with_its_value() {
    let page = connected().await;
    page.click("tab-graph");
    run(
        &page,
        "rate(prometheus_http_requests_total{handler=\"/metrics\"}[10s])",
        "tab-graph",
    )
    .await;
    until("the lens panel on the server's lines", || {
        page.find_all("window-lens").len() == 1
    })
    .await;
    let canvas = "[data-testid=\"chart\"] canvas";
    let w = f64::from(page.query(canvas).client_width());
    page.mouse(canvas, "mousemove", w - 20.0, 150.0);
    until("the raw samples of the window listed", || {
        page.find_all("lens-sample").len() >= 5
    })
    .await;
    let lens = page.attr("window-lens", "data-value");
    let tooltip = page.find_all("tooltip-row")[0]
        .get_attribute("data-value")
        .unwrap();
    assert!(!lens.is_empty());
    assert_eq!(lens, tooltip, "Sonde's arithmetic gives the server's value");
}

#[wasm_bindgen_test]
async fn a_dashboard_panel_draws_the_servers_lines() {
    let page = connected().await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    let panel = page.find_all("panel").remove(0);
    let inside = |testid: &str| {
        panel
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .unwrap()
    };
    inside("panel-edit")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("the panel's query box", || inside("panel-query").is_some()).await;
    let area: web_sys::HtmlTextAreaElement = inside("panel-query").unwrap().unchecked_into();
    area.set_value("prometheus_build_info");
    area.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    inside("panel-run")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("the server's line in the panel", || {
        inside("panel-chart").is_some_and(|c| {
            c.get_attribute("data-series").as_deref() == Some("1")
                && c.get_attribute("data-points")
                    .and_then(|p| p.parse::<usize>().ok())
                    .unwrap_or(0)
                    > 0
        })
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_course_s_backfilled_series_are_drawn_and_tabled_with_the_server_s_values() {
    // The server holds Sonde's own OpenMetrics export of 40 simulated minutes, backfilled
    // by promtool (scripts/real-prometheus.sh): the learner's data on a real Prometheus.
    let page = connected().await;
    let row = tabled_with_the_servers(&page, "sum(last_over_time(http_requests_total[1h]))").await;
    let theirs = row["value"][1]
        .as_str()
        .expect("the backfilled series are on the server")
        .to_string();
    assert!(theirs.parse::<f64>().unwrap_or(0.0) > 100.0, "{theirs}");
    assert_eq!(page.text("table-value"), theirs);
    run(
        &page,
        "sum by (endpoint) (rate(http_requests_total[5m]))",
        "tab-graph",
    )
    .await;
    until(
        "a line per endpoint, drawn from the server's samples",
        || page.chart_points() > 0 && page.find_all("legend-row").len() >= 3,
    )
    .await;
    assert!(page.find_all("source-error").is_empty());
}
