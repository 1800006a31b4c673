//! `prometheus.yml` as Prometheus treats it: an edit waits for a reload, an invalid file
//! is marked at its line in promtool's words and its reload refused, the last good
//! configuration running on.

use sonde::config::COURSE_CONFIG;
use wasm_bindgen_test::*;

use crate::support::{until, wait, Page};

/// Puts the page in English.
async fn english(page: &Page) {
    if page.text("lang-toggle") != "Français" {
        page.click("lang-toggle");
        until("English", || page.text("lang-toggle") == "Français").await;
    }
}

/// The texts of the elements with `testid`.
fn texts(page: &Page, testid: &str) -> Vec<String> {
    page.find_all(testid)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

/// Runs `query` in the expression browser's table and returns its single value.
async fn value_of(page: &Page, query: &str) -> f64 {
    page.type_text("query-input", query);
    page.press_enter("query-input");
    page.click("tab-table");
    wait(100).await;
    until("one value", || texts(page, "table-value").len() == 1).await;
    texts(page, "table-value")[0].parse().unwrap_or(f64::NAN)
}

/// Moves the paused clock a minute forward, by the page's +15 s button.
fn one_minute(page: &Page) {
    for _ in 0..4 {
        page.click("clock-step");
    }
}

fn task_done(page: &Page) -> bool {
    page.attr("task-scrape-interval-5s", "data-done") == "true"
}

#[wasm_bindgen_test]
async fn an_edited_interval_waits_for_the_reload() {
    let page = Page::open();
    wait(50).await;
    page.click("step-3");
    page.click("clock-pause");
    page.type_text("config-editor", &COURSE_CONFIG.replace("15s", "5s"));
    until("the edit is pending", || {
        page.find_all("config-pending").len() == 1
    })
    .await;
    assert!(page.find_all("config-ok").is_empty());
    assert!(page.find_all("config-error").is_empty());
    assert!(
        page.text("config-valid")
            .contains("SUCCESS: prometheus.yml is valid prometheus config file syntax"),
        "promtool's verdict on the edited file"
    );
    one_minute(&page);
    let before = value_of(&page, "count_over_time(up[1m])").await;
    assert!(before <= 5.0, "still a scrape every 15 s: {before}");
    assert!(!task_done(&page), "the 5 s task waits for the reload");

    page.click("config-reload");
    until("the file is loaded", || {
        page.find_all("config-ok").len() == 1 && page.find_all("config-pending").is_empty()
    })
    .await;
    one_minute(&page);
    page.press_enter("query-input");
    until("a scrape every 5 s", || {
        texts(&page, "table-value")
            .first()
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|n| n >= 11.0)
    })
    .await;
    until("the 5 s task is done", || task_done(&page)).await;
}

#[wasm_bindgen_test]
async fn an_invalid_file_is_marked_and_its_reload_refused() {
    let page = Page::open();
    wait(50).await;
    english(&page).await;
    page.click("clock-pause");
    let typo = COURSE_CONFIG
        .replace("15s", "5s")
        .replace("scrape_interval", "scrape_intervall");
    page.type_text("config-editor", &typo);
    until("a config error", || {
        page.find_all("config-error").len() == 1
    })
    .await;
    let err = page.text("config-error");
    assert!(
        err.contains("FAILED: parsing YAML file prometheus.yml: yaml: unmarshal errors:"),
        "{err}"
    );
    assert!(
        err.contains("line 2: field scrape_intervall not found in type config.plain"),
        "{err}"
    );
    assert!(err.contains("Did you mean scrape_interval?"), "{err}");
    assert_eq!(texts(&page, "config-line-error"), ["2"], "line 2 is marked");
    let lines = typo.split('\n').count();
    assert_eq!(page.find_all("config-line").len(), lines - 1);
    assert_eq!(page.find_all("config-pending").len(), 1);

    page.click("config-reload");
    until("the reload is refused", || {
        page.find_all("config-reload-refused").len() == 1
    })
    .await;
    let refused = page.text("config-reload-refused");
    assert!(
        refused.contains(
            r#"level=error msg="Error reloading config" err="couldn't load configuration"#
        ),
        "{refused}"
    );
    page.click("step-3");
    one_minute(&page);
    assert_eq!(
        value_of(&page, "up").await,
        1.0,
        "the course's file still runs"
    );
    assert!(
        value_of(&page, "count_over_time(up[1m])").await <= 5.0,
        "at its 15 s interval"
    );
    assert!(!task_done(&page));

    page.type_text("config-editor", &COURSE_CONFIG.replace("15s", "5s"));
    until("the fixed file is only pending", || {
        page.find_all("config-reload-refused").is_empty()
            && page.find_all("config-error").is_empty()
            && page.find_all("config-line-error").is_empty()
            && page.find_all("config-pending").len() == 1
    })
    .await;
    page.click("config-reload");
    until("and loads", || page.find_all("config-ok").len() == 1).await;
}

/// The course's file with `basic_auth`, which Prometheus accepts and Sonde does not
/// simulate.
const WITH_BASIC_AUTH: &str = "global:\n  scrape_interval: 15s\n\nscrape_configs:\n  - job_name: 'my_app'\n    basic_auth:\n      username: admin\n      password: secret\n    static_configs:\n      - targets: ['localhost:8000']\n";

/// The course's file dropping the `python_gc_*` families before they are stored.
const DROP_GC: &str = "global:\n  scrape_interval: 15s\n\nscrape_configs:\n  - job_name: 'my_app'\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: 'python_gc_.*'\n        action: drop\n    static_configs:\n      - targets: ['localhost:8000']\n";

/// Types `text` in the editor and reloads, waiting until the file is loaded.
async fn load(page: &Page, text: &str) {
    page.type_text("config-editor", text);
    until("the edit is pending", || {
        page.find_all("config-pending").len() == 1
    })
    .await;
    page.click("config-reload");
    until("the file is loaded", || {
        page.find_all("config-ok").len() == 1 && page.find_all("config-pending").is_empty()
    })
    .await;
}

#[wasm_bindgen_test]
async fn basic_auth_is_accepted_and_noted_not_simulated() {
    let page = Page::open();
    wait(50).await;
    english(&page).await;
    page.click("step-3");
    page.click("clock-pause");
    assert!(
        page.find_all("config-note").is_empty(),
        "the course file needs no note"
    );
    load(&page, WITH_BASIC_AUTH).await;
    assert!(page.find_all("config-error").is_empty());
    let notes = texts(&page, "config-note");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("Line 6") && notes[0].contains("basic_auth: not simulated"),
        "{}",
        notes[0]
    );
    assert_eq!(page.find_all("config-line-note").len(), 1);
    page.click("lang-toggle");
    until("the note in French", || {
        texts(&page, "config-note")
            .first()
            .is_some_and(|n| n.contains("non simulé"))
    })
    .await;
    one_minute(&page);
    assert_eq!(
        value_of(&page, "up").await,
        1.0,
        "the target is still scraped"
    );
}

#[wasm_bindgen_test]
async fn metric_relabelling_drops_a_family_from_the_queries() {
    let page = Page::open();
    wait(50).await;
    page.click("step-3");
    page.click("clock-pause");
    one_minute(&page);
    let query = "count(python_gc_objects_collected_total) or vector(0)";
    let before = value_of(&page, query).await;
    assert!(before > 0.0, "the family is there before: {before}");
    load(&page, DROP_GC).await;
    assert!(page.find_all("config-error").is_empty());
    one_minute(&page);
    page.press_enter("query-input");
    until("the family is gone", || {
        texts(&page, "table-value").first().map(String::as_str) == Some("0")
    })
    .await;
}

/// Two targets, the second dropped by `relabel_configs`.
const DROP_TARGET: &str = "global:\n  scrape_interval: 15s\n\nscrape_configs:\n  - job_name: 'my_app'\n    relabel_configs:\n      - source_labels: [__address__]\n        regex: '.*:8001'\n        action: drop\n    static_configs:\n      - targets: ['localhost:8000', 'localhost:8001']\n";

#[wasm_bindgen_test]
async fn a_target_dropped_by_relabelling_is_listed_apart_with_its_discovered_labels() {
    let page = Page::open();
    wait(50).await;
    english(&page).await;
    page.click("step-3");
    page.click("clock-pause");
    assert!(page.find_all("dropped-targets").is_empty(), "none yet");
    load(&page, DROP_TARGET).await;
    until("the dropped target is listed", || {
        page.find_all("dropped-target").len() == 1
    })
    .await;
    let row = page.text("dropped-target");
    assert!(row.contains("__address__=\"localhost:8001\""), "{row}");
    assert!(row.contains("my_app"), "{row}");
    assert_eq!(
        page.find_all("target-row").len(),
        1,
        "only localhost:8000 is scraped"
    );
}
