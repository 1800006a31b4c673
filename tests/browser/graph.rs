//! The Graph tab: options change what is drawn, a bad custom range is refused in words,
//! hovering shows a tooltip, dragging zooms and "reset zoom" returns to live, and the
//! window lens explains a `rate` point with the same value as the tooltip.

use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

const CANVAS: &str = "[data-testid=\"chart\"] canvas";

/// A page with some traffic and `scrapes` scrapes (15 s apart) already in the store.
async fn page_with_data(scrapes: usize) -> Page {
    let page = Page::open();
    wait(50).await;
    page.click("clock-pause");
    page.type_text("traffic-rate", "4");
    for _ in 0..scrapes {
        page.click("clock-step");
    }
    until("points on the chart", || page.chart_points() > 0).await;
    page
}

fn canvas_width(page: &Page) -> f64 {
    f64::from(page.query(CANVAS).client_width())
}

#[wasm_bindgen_test]
async fn options_change_what_is_drawn() {
    let page = page_with_data(6).await;
    assert_eq!(page.attr("chart", "data-range-ms"), "300000");
    assert_eq!(
        page.attr("chart", "data-step-ms"),
        "2000",
        "auto: 5m / 250 rounded up"
    );
    page.select("resolution", "15s");
    until("a 15 s step", || {
        page.attr("chart", "data-step-ms") == "15000"
    })
    .await;
    page.select("range", "1h");
    until("a 1 h range", || {
        page.attr("chart", "data-range-ms") == "3600000"
    })
    .await;
    assert_eq!(page.attr("chart", "data-span-ms"), "3600000");
    assert_eq!(page.attr("chart", "data-stacked"), "false");
    page.check("stacked", true);
    until("stacked", || page.attr("chart", "data-stacked") == "true").await;
    assert_eq!(page.attr("chart", "data-samples"), "0");
    page.check("show-samples", true);
    until("raw samples drawn", || {
        page.attr("chart", "data-samples") != "0"
    })
    .await;
    assert_eq!(page.attr("chart", "data-draw-error"), "");
    let samples: usize = page.attr("chart", "data-samples").parse().unwrap();
    let points: usize = page.attr("chart", "data-points").parse().unwrap();
    assert!(
        samples >= 3 && samples <= points + 1,
        "{samples} samples, {points} points"
    );
    page.type_text("range-custom", "45m");
    page.press_enter("range-custom");
    until("a 45 min range", || {
        page.attr("chart", "data-range-ms") == "2700000"
    })
    .await;
    assert!(page.find_all("range-custom-error").is_empty());
    // Too many points: the engine's limit, said clearly.
    page.select("resolution", "1s");
    page.select("range", "24h");
    until("the 11,000 points error", || {
        !page.find_all("query-error").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_bad_custom_range_is_refused_in_words() {
    let page = page_with_data(2).await;
    page.type_text("range-custom", "45x");
    page.press_enter("range-custom");
    until("an error", || {
        page.find_all("range-custom-error").len() == 1
    })
    .await;
    let text = page.text("range-custom-error");
    assert!(text.contains("45x"), "{text}");
    assert_eq!(
        page.attr("chart", "data-range-ms"),
        "300000",
        "range unchanged"
    );
    page.click("lang-toggle");
    until("the message in the other language", || {
        page.text("range-custom-error") != text
    })
    .await;
    page.type_text("range-custom", "2h30m");
    page.press_enter("range-custom");
    until("the error is gone", || {
        page.find_all("range-custom-error").is_empty()
    })
    .await;
    assert_eq!(page.attr("chart", "data-range-ms"), "9000000");
}

#[wasm_bindgen_test]
async fn hovering_shows_every_series_value() {
    let page = page_with_data(4).await;
    assert!(page.find_all("tooltip").is_empty());
    let w = canvas_width(&page);
    page.mouse(CANVAS, "mousemove", w - 20.0, 150.0);
    until("a tooltip", || page.find_all("tooltip").len() == 1).await;
    let rows = page.find_all("tooltip-row");
    assert_eq!(rows.len(), 1, "one series, one row");
    let value: f64 = rows[0]
        .get_attribute("data-value")
        .unwrap()
        .parse()
        .unwrap();
    assert!(value >= 0.0);
    assert!(page.text("tooltip").contains("http_requests_total"));
    page.mouse(CANVAS, "mouseleave", w - 20.0, 150.0);
    until("the tooltip goes", || page.find_all("tooltip").is_empty()).await;
    // The keyboard moves the cursor step by step.
    page.key(CANVAS, "ArrowLeft");
    until("a tooltip from the keyboard", || {
        page.find_all("tooltip").len() == 1
    })
    .await;
    let t0: i64 = page.attr("tooltip", "data-t").parse().unwrap();
    page.key(CANVAS, "ArrowLeft");
    until("one step back", || {
        page.attr("tooltip", "data-t").parse::<i64>().unwrap_or(0) == t0 - 2_000
    })
    .await;
    page.key(CANVAS, "Escape");
    until("the tooltip goes again", || {
        page.find_all("tooltip").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn dragging_zooms_and_reset_returns_to_live() {
    let page = page_with_data(4).await;
    let w = canvas_width(&page);
    assert_eq!(page.attr("chart", "data-live"), "true");
    page.mouse(CANVAS, "mousedown", w * 0.4, 150.0);
    page.mouse(CANVAS, "mousemove", w * 0.7, 150.0);
    until("a selection", || page.find_all("zoom-selection").len() == 1).await;
    page.mouse(CANVAS, "mouseup", w * 0.7, 150.0);
    until("zoomed in", || page.attr("chart", "data-live") == "false").await;
    let range: i64 = page.attr("chart", "data-range-ms").parse().unwrap();
    assert!(range > 0 && range < 300_000, "{range}");
    assert_eq!(page.attr("end-time", "data-live"), "false");
    page.click("zoom-reset");
    until("live again", || page.attr("chart", "data-live") == "true").await;
    assert_eq!(page.attr("chart", "data-range-ms"), "300000");
}

#[wasm_bindgen_test]
async fn the_window_lens_explains_a_rate_point() {
    let page = page_with_data(8).await;
    assert!(
        page.find_all("window-lens").is_empty(),
        "no lens for a plain selector"
    );
    page.type_text("query-input", "rate(http_requests_total[1m])");
    page.press_enter("query-input");
    until("the lens panel", || page.find_all("window-lens").len() == 1).await;
    assert!(
        page.find_all("lens-sample").is_empty(),
        "nothing until hovered"
    );
    let w = canvas_width(&page);
    page.mouse(CANVAS, "mousemove", w - 20.0, 150.0);
    until("samples listed", || page.find_all("lens-sample").len() >= 4).await;
    let inside = page
        .find_all("lens-sample")
        .iter()
        .filter(|r| r.get_attribute("data-inside").as_deref() == Some("true"))
        .count();
    assert_eq!(inside, 4, "a 1 m window holds four 15 s scrapes");
    assert_eq!(page.attr("chart", "data-lens"), "true");
    let lens = page.attr("window-lens", "data-value");
    let tooltip = page.find_all("tooltip-row")[0]
        .get_attribute("data-value")
        .unwrap();
    assert!(!lens.is_empty());
    assert_eq!(
        lens, tooltip,
        "the lens' arithmetic gives the plotted value"
    );
    let steps = page.find_all("lens-step");
    let last = steps.last().unwrap().text_content().unwrap();
    assert!(last.starts_with("rate("), "{last}");
    let says_aggregated = |t: String| t.contains("aggregation") || t.contains("agrégation");
    assert!(!says_aggregated(page.text("window-lens")));
    page.type_text("query-input", "sum(rate(http_requests_total[1m]))");
    page.press_enter("query-input");
    page.mouse(CANVAS, "mousemove", w - 21.0, 150.0);
    until("the lens says it shows one input", || {
        says_aggregated(page.text("window-lens")) && !page.find_all("lens-step").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_legend_isolates_a_series_and_the_end_time_moves() {
    let page = page_with_data(4).await;
    page.type_text("query-input", "{__name__=~\"http_requests_total|up\"}");
    page.press_enter("query-input");
    until("two series drawn", || {
        page.attr("chart", "data-series") == "2"
    })
    .await;
    page.click("legend-row");
    until("one series left", || {
        page.attr("chart", "data-series") == "1"
    })
    .await;
    assert_eq!(
        page.find_all("legend-row").len(),
        2,
        "the legend keeps both rows"
    );
    page.click("legend-row");
    until("both again", || page.attr("chart", "data-series") == "2").await;
    page.click("end-back");
    until("a fixed end", || page.attr("chart", "data-live") == "false").await;
    assert_eq!(page.attr("end-time", "data-live"), "false");
    assert_eq!(
        page.attr("chart", "data-series"),
        "0",
        "five minutes ago nothing was scraped yet"
    );
    page.click("end-live");
    until("live again", || page.attr("chart", "data-live") == "true").await;
    assert_eq!(page.attr("chart", "data-series"), "2");
}
