//! A week at full speed in the page (issue 13, item 2): the store stays bounded by its
//! retention, the page answers clicks, charts draw and nothing is logged as an error.

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

const DAY_MS: i64 = 86_400_000;
/// The scrape interval of the course's `prometheus.yml`.
const SCRAPE_MS: i64 = 15_000;
/// How often the playground applies retention (simulated ms).
const RETENTION_EVERY_MS: i64 = 60_000;
/// Real time allowed for the week (7 days at 3600× is 168 s).
const BUDGET_MS: f64 = 240_000.0;

/// Runs `body` as a JavaScript function of no argument and returns its value.
fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .unwrap_or(JsValue::UNDEFINED)
}

/// The simulated time the clock shows, ms.
fn now_ms(page: &Page) -> i64 {
    page.attr("clock-time", "data-ms").parse().unwrap_or(0)
}

/// The TSDB status: series and samples.
fn store_size(page: &Page) -> (usize, usize) {
    (
        page.text("tsdb-series").parse().unwrap_or(0),
        page.text("tsdb-samples").parse().unwrap_or(0),
    )
}

/// What the test does: a console.error hook is installed; the page opens, automatic
/// traffic is set to 5 requests/s and the speed to the control's highest, 3600×, and a
/// graph of the request rate is drawn; then the page runs as a teacher would leave it
/// (no faster way exists: the 15 s step button would need 40 320 clicks), about 170 s of
/// real time, until at least 7 simulated days have passed. At each simulated day the
/// TSDB status (series, samples) is read. With the store's 24 h retention, from day 2 on
/// the series count stays the same and the samples count stays within what a reading's
/// distance from the day's boundary, and retention running every simulated minute,
/// explain (one sample per series per scrape); then the pause button still pauses and
/// resumes, the graph has points, and console.error was never called.
#[wasm_bindgen_test]
async fn a_week_at_full_speed_stays_bounded_and_responsive() {
    js(
        "window.__sondeErrors = []; window.__sondeConsoleError = console.error;\
        console.error = function(...a) { window.__sondeErrors.push(a.map(String).join(' ')); \
        window.__sondeConsoleError.apply(console, a); };",
    );
    let page = Page::open();
    wait(50).await;
    assert_eq!(page.text("tsdb-retention"), "1d");
    page.type_text("traffic-rate", "5");
    page.type_text("query-input", "sum(rate(http_requests_total[5m]))");
    page.press_enter("query-input");
    page.click("tab-graph");
    let start = now_ms(&page);
    page.select("clock-speed", "3600");
    let real_start = js_sys::Date::now();
    // (day, simulated ms of the reading, series, samples)
    let mut days: Vec<(i64, i64, usize, usize)> = Vec::new();
    loop {
        wait(250).await;
        let now = now_ms(&page);
        let day = (now - start) / DAY_MS;
        if day > days.last().map_or(0, |d| d.0) {
            let (series, samples) = store_size(&page);
            web_sys::console::log_1(
                &format!(
                    "day {day}: {series} series, {samples} samples after {:.0} s",
                    (js_sys::Date::now() - real_start) / 1000.0
                )
                .into(),
            );
            days.push((day, now, series, samples));
        }
        if day >= 7 {
            break;
        }
        assert!(
            js_sys::Date::now() - real_start < BUDGET_MS,
            "only {} simulated hours after {} s",
            (now - start) / 3_600_000,
            BUDGET_MS / 1000.0
        );
    }
    let errors = js("const e = window.__sondeErrors; console.error = window.__sondeConsoleError; return e.length ? e.join('\\n') : '';");
    let real_s = (js_sys::Date::now() - real_start) / 1000.0;
    web_sys::console::log_1(&format!("a simulated week in {real_s:.0} s of real time").into());
    assert!(days.len() >= 6, "a reading each day: {days:?}");
    let (_, at7, series7, samples7) = *days.last().unwrap_or(&(0, 0, 0, 0));
    assert!(series7 > 0 && samples7 > 0, "{days:?}");
    for &(day, at, series, samples) in days.iter().filter(|d| d.0 >= 2) {
        assert_eq!(
            series, series7,
            "day {day}: the series stay the same: {days:?}"
        );
        // One sample per series per scrape: readings at different offsets from the
        // day's boundary, and retention's minute, make the only difference.
        let offset_ms = ((at - start) % DAY_MS - (at7 - start) % DAY_MS).abs();
        let tolerance = series7 * ((offset_ms + RETENTION_EVERY_MS) / SCRAPE_MS + 2) as usize;
        assert!(
            samples.abs_diff(samples7) <= tolerance,
            "day {day}: {samples} samples vs {samples7} on day 7 (tolerance {tolerance}): {days:?}"
        );
    }
    // A day of 15 s scrapes per series at most, give or take retention's minute.
    let per_series = ((DAY_MS + RETENTION_EVERY_MS) / SCRAPE_MS + 2) as usize;
    assert!(samples7 <= series7 * per_series, "{days:?}");
    // The page still answers: pause stops the clock, resume starts it again.
    let pause_label = page.text("clock-pause");
    page.click("clock-pause");
    until("the button says resume", || {
        page.text("clock-pause") != pause_label
    })
    .await;
    wait(200).await;
    let paused_at = now_ms(&page);
    wait(300).await;
    assert_eq!(now_ms(&page), paused_at, "the clock is paused");
    page.click("clock-pause");
    until("running again", || now_ms(&page) > paused_at).await;
    // The graph still draws.
    until("the graph has points", || page.chart_points() > 0).await;
    assert!(
        errors.as_string().unwrap_or_default().is_empty(),
        "console.error was called: {errors:?}"
    );
}
