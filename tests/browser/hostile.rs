//! Hostile input is inert (issue 13, item 3): HTML and script put in every place a user or
//! the simulation can put text — request paths that become label values, panel fields,
//! alert annotations and labels, queries and the errors quoting them, `prometheus.yml`
//! (job names, target labels, errors quoting keys and values), share links and local
//! storage — is shown as text and never runs. Local storage holding garbage, refusing to
//! save or disabled leaves a working page that says what it could not restore or keep.
//!
//! Not covered, with why: relabelling (`relabel_configs` is being added on another
//! branch); HELP text (no user path changes it: the app's code is chosen from three
//! fixed versions, not edited).

use base64::Engine;
use sonde::share::{to_fragment, Panel, ShareState};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::support::{until, value_of, wait, Page};

/// What is tried everywhere: an image whose error handler runs script, a script element,
/// an attribute break-out into an SVG with an onload handler, a `javascript:` URL, and a
/// single-quoted break-out.
const PAYLOADS: [&str; 5] = [
    r#"<img src=x onerror="window.__pwned=1">"#,
    "<script>window.__pwned=1</script>",
    r#""><svg onload=window.__pwned=1>"#,
    "javascript:window.__pwned=1",
    "'><img src=x onerror=window.__pwned=1>",
];

/// Elements a payload would have created had it been parsed as HTML.
const INJECTED: &str = "img, script, iframe, [onerror], [onload], a[href^=\"javascript:\" i]";

/// Runs `body` as a JavaScript function of no argument.
fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .unwrap_or(JsValue::UNDEFINED)
}

/// Whether a payload ran (`window.__pwned` set).
fn pwned() -> bool {
    let window: JsValue = web_sys::window().map(JsValue::from).unwrap_or_default();
    js_sys::Reflect::get(&window, &JsValue::from_str("__pwned"))
        .map(|v| !v.is_undefined())
        .unwrap_or(true)
}

/// Nothing ran and no element was injected into the page, after letting any image error
/// or load handler fire.
async fn assert_inert(page: &Page, place: &str) {
    wait(150).await;
    assert!(!pwned(), "{place}: a payload ran");
    assert_eq!(page.count(INJECTED), 0, "{place}: an element was injected");
}

/// Whether `text` shows `payload` literally, as is or with its quotes escaped (as label
/// values are written by Prometheus and in the exposition format).
fn shows(text: &str, payload: &str) -> bool {
    text.contains(payload) || text.contains(&payload.replace('"', "\\\""))
}

/// The texts of every element with `testid`, joined.
fn all_text(page: &Page, testid: &str) -> String {
    page.find_all(testid)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` as a single-quoted YAML scalar.
fn yaml(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Deploys the per-endpoint app (its `endpoint` label is the request's path, 404s
/// included), pauses the clock and sends every payload as a path.
async fn send_payload_paths(page: &Page) {
    page.click("clock-pause");
    page.select("app-version", "per-endpoint");
    page.click("app-deploy");
    until("the per-endpoint app", || {
        page.text("app-code").contains("endpoint")
    })
    .await;
    for p in PAYLOADS {
        page.type_text("send-path", p);
        page.click("send-path-button");
        until("the request is served", || {
            shows(&page.text("metrics-text"), p)
        })
        .await;
        assert_inert(page, "a request path").await;
    }
}

/// Runs `query` in the expression browser's table.
async fn table_of(page: &Page, query: &str) -> String {
    page.type_text("query-input", query);
    page.press_enter("query-input");
    page.click("tab-table");
    wait(100).await;
    all_text(page, "table-row")
}

/// The checks can fail: the first payload parsed as HTML inside the page (what a hole
/// would do) is seen both as run and as injected.
#[wasm_bindgen_test]
async fn the_checks_see_a_payload_parsed_as_html() {
    let page = Page::open();
    wait(50).await;
    let panel = page.find("query-panel");
    panel
        .insert_adjacent_html("beforeend", PAYLOADS[0])
        .expect("inserted");
    until("the image's error handler ran", pwned).await;
    let injected = page.count(INJECTED);
    js("delete window.__pwned;");
    if let Some(img) = panel.query_selector("img[src=x]").ok().flatten() {
        img.remove();
    }
    assert!(injected > 0);
    assert!(!pwned());
    assert_eq!(page.count(INJECTED), 0);
}

#[wasm_bindgen_test]
async fn request_paths_become_label_values_shown_as_text() {
    let page = Page::open();
    wait(50).await;
    send_payload_paths(&page).await;
    let metrics = page.text("metrics-text");
    for p in PAYLOADS {
        assert!(shows(&metrics, p), "/metrics shows {p}: {metrics}");
    }
    for _ in 0..2 {
        page.click("clock-step");
    }
    table_of(&page, "http_requests_total").await;
    until("the payload endpoints are listed", || {
        PAYLOADS
            .iter()
            .all(|p| shows(&all_text(&page, "table-row"), p))
    })
    .await;
    assert_inert(&page, "the table").await;
    page.click("tab-graph");
    until("the legend lists them", || {
        PAYLOADS
            .iter()
            .all(|p| shows(&all_text(&page, "legend-row"), p))
    })
    .await;
    assert_inert(&page, "the graph's legend").await;
}

#[wasm_bindgen_test]
async fn alert_labels_and_annotations_are_shown_as_text() {
    let page = Page::open();
    wait(50).await;
    send_payload_paths(&page).await;
    page.type_text(
        "config-editor",
        "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nrule_files:\n  - rules.yml\nscrape_configs:\n  - job_name: 'my_app'\n    static_configs:\n      - targets: ['localhost:8000']\n",
    );
    page.click("config-reload");
    let annotations: String = PAYLOADS
        .iter()
        .enumerate()
        .map(|(i, p)| format!("          a{i}: {}\n", yaml(p)))
        .collect();
    let rules = format!(
        "groups:\n  - name: hostile\n    rules:\n      - alert: Hostile\n        expr: http_requests_total > 0\n        labels:\n          team: {}\n        annotations:\n          summary: 'path {{{{ $labels.endpoint }}}}'\n{annotations}",
        yaml(PAYLOADS[0])
    );
    page.type_text("rules-editor", &rules);
    page.click("rules-apply");
    until("the rules are applied", || {
        page.find_all("rules-ok").len() == 1
    })
    .await;
    for _ in 0..3 {
        page.click("clock-step");
        wait(60).await;
    }
    until("the alert fires", || {
        page.find_all("alert-instance")
            .iter()
            .any(|a| a.get_attribute("data-state").as_deref() == Some("firing"))
    })
    .await;
    let shown = page.text("alerts-page");
    for p in PAYLOADS {
        assert!(shows(&shown, p), "the Alerts page shows {p}: {shown}");
        assert!(
            shown.contains(&format!("path /{p}")),
            "the template expanded {p} as text: {shown}"
        );
    }
    assert_inert(&page, "the Alerts page").await;
}

#[wasm_bindgen_test]
async fn queries_their_errors_explanations_and_results_are_text() {
    let page = Page::open();
    wait(50).await;
    page.click("clock-pause");
    for p in PAYLOADS {
        // The payload as a query: a syntax error quoting it.
        page.type_text("query-input", p);
        page.press_enter("query-input");
        until("an error", || {
            !page.find_all("editor-error").is_empty() || !page.find_all("query-error").is_empty()
        })
        .await;
        assert_inert(&page, "a query's error").await;
        // The payload in a string: valid, explained, and a label value in the result.
        let q = format!("label_replace(vector(1), \"x\", `{p}`, \"\", \"\")");
        table_of(&page, &q).await;
        until("the result shows the payload", || {
            shows(&all_text(&page, "table-row"), p)
        })
        .await;
        assert_inert(&page, "a result's label").await;
        page.click("tab-explain");
        until("the explanation quotes it", || {
            shows(&all_text(&page, "explain-tree"), p)
        })
        .await;
        assert_inert(&page, "an explanation").await;
        // A matcher on it, with a lint (rate over a window under two scrapes).
        let q = format!("rate(http_requests_total{{endpoint=`{p}`}}[10s])");
        page.type_text("query-input", &q);
        page.press_enter("query-input");
        wait(100).await;
        assert_inert(&page, "a query's lints").await;
    }
}

#[wasm_bindgen_test]
async fn panel_titles_legends_alert_names_and_data_source_urls_are_text() {
    let page = Page::open();
    wait(50).await;
    page.click("clock-pause");
    // A data source URL is never made a link: a `javascript:` one only fails its test.
    page.type_text("datasource-url", PAYLOADS[3]);
    page.click("datasource-test");
    until("the test fails", || {
        page.find_all("datasource-status").len() == 1
    })
    .await;
    assert_inert(&page, "the data source URL").await;
    page.type_text("datasource-url", "http://localhost:9090");
    page.click("datasource-test");
    until("the data source works", || {
        page.find_all("datasource-status")
            .first()
            .is_some_and(|s| s.get_attribute("data-ok").as_deref() == Some("true"))
    })
    .await;
    page.click("add-panel");
    until("a panel", || page.find_all("panel").len() == 1).await;
    page.click("panel-edit");
    until("the editor", || {
        page.find_all("panel-title-input").len() == 1
    })
    .await;
    for p in PAYLOADS {
        page.type_text("panel-title-input", p);
        until("the title", || page.text("panel-title") == p).await;
        assert_inert(&page, "a panel title").await;
        page.type_text(
            "panel-query",
            &format!("label_replace(vector(1), \"x\", `{p}`, \"\", \"\")"),
        );
        page.click("panel-run");
        page.type_text("panel-legend-input", &format!("{{{{x}}}} {p}"));
        until("the legend shows it twice", || {
            all_text(&page, "panel-legend-row").contains(&format!("{p} {p}"))
        })
        .await;
        assert_inert(&page, "a panel legend").await;
        if page.find_all("alert-rule").is_empty() {
            page.click("alert-add");
            until("the alert editor", || {
                page.find_all("alert-name").len() == 1
            })
            .await;
        }
        page.type_text("alert-name", p);
        wait(50).await;
        assert_inert(&page, "an alert name").await;
    }
}

/// `prometheus.yml` with `job`, a target label `team` and a target `target`.
fn config_with(job: &str, team: &str, target: &str) -> String {
    format!(
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: {}\n    static_configs:\n      - targets: [{}]\n        labels:\n          team: {}\n",
        yaml(job),
        yaml(target),
        yaml(team)
    )
}

#[wasm_bindgen_test]
async fn prometheus_yml_job_names_labels_and_errors_are_text() {
    let page = Page::open();
    wait(50).await;
    page.click("clock-pause");
    for p in PAYLOADS {
        // Accepted: the job name and the target label are shown on the targets page.
        page.type_text("config-editor", &config_with(p, p, "localhost:8000"));
        page.click("config-reload");
        until("the job's pool", || {
            page.find_all("target-pool")
                .iter()
                .any(|e| e.get_attribute("data-job").as_deref() == Some(p))
        })
        .await;
        page.click("clock-step");
        until("the targets page shows the label", || {
            shows(&page.text("targets-panel"), p)
        })
        .await;
        assert_inert(&page, "the targets page").await;
        // Refused: errors quote a payload key or a payload target.
        page.type_text("config-editor", &format!("global:\n  {}: 15s\n", yaml(p)));
        page.click("config-reload");
        until("an error", || page.find_all("config-error").len() == 1).await;
        assert_inert(&page, "an error quoting a key").await;
        page.type_text("config-editor", &config_with("j", "t", p));
        page.click("config-reload");
        until("an error", || page.find_all("config-error").len() == 1).await;
        assert_inert(&page, "an error quoting a target").await;
    }
}

/// A state with a payload in every string field a link or local storage carries.
fn hostile_state(p: &str) -> ShareState {
    let query = format!("label_replace(vector(1), \"x\", `{p}`, \"\", \"\")");
    ShareState {
        course_step: 0,
        queries: vec![query.clone(), p.to_string(), format!("{p} history")],
        prometheus_yml: config_with(p, p, "localhost:8000"),
        panels: vec![Panel {
            title: p.to_string(),
            query,
            unit: p.to_string(),
            legend: format!("{{{{x}}}} {p}"),
            viz: p.to_string(),
            ..Panel::default()
        }],
        datasource_url: p.to_string(),
        ..ShareState::default()
    }
}

/// Checks a page restored from `hostile_state(p)`.
async fn assert_restored_inert(page: &Page, p: &str, from: &str) {
    until("the panel's title", || {
        page.find_all("panel-title")
            .first()
            .and_then(|e| e.text_content())
            .as_deref()
            == Some(p)
    })
    .await;
    until("the query", || value_of(page, "query-input").contains(p)).await;
    until("the targets page shows the job", || {
        page.find_all("target-pool")
            .iter()
            .any(|e| e.get_attribute("data-job").as_deref() == Some(p))
    })
    .await;
    assert_inert(page, from).await;
}

/// Points the address at `fragment` (empty: none), as opening a link does.
fn set_hash(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let clean = w.location().pathname().unwrap_or_default()
            + &w.location().search().unwrap_or_default()
            + fragment;
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
        }
    }
}

#[wasm_bindgen_test]
async fn a_crafted_share_link_is_restored_as_text() {
    for p in PAYLOADS {
        let fragment = to_fragment(&hostile_state(p)).expect("a link");
        set_hash(&fragment);
        let page = Page::open();
        set_hash("");
        assert_restored_inert(&page, p, "a share link").await;
        // The share dialog shows the link: as a text field's value, never a link.
        page.click("share-link");
        until("the share URL", || page.find_all("share-url").len() == 1).await;
        assert_inert(&page, "the share dialog").await;
    }
    // Wrong types and unknown fields holding payloads: refused field by field, and said.
    let raw = format!(
        "{{\"v\":1,\"c\":{0:?},\"q\":[{0:?},5],\"l\":{0:?},\"m\":{0:?},\"a\":{0:?},\"k\":[{0:?}],\"d\":[{{\"t\":[{0:?}],\"v\":{0:?},\"u\":{0:?}}}],{0:?}:{0:?}}}",
        PAYLOADS[0]
    );
    set_hash(&format!(
        "#s={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    ));
    let page = Page::open();
    set_hash("");
    until("a notice", || !page.find_all("restore-notice").is_empty()).await;
    assert_inert(&page, "a link with payloads in wrong fields").await;
}

#[wasm_bindgen_test]
async fn stored_state_holding_payloads_is_restored_as_text() {
    for p in PAYLOADS {
        let first = Page::open();
        drop(first);
        let fragment = to_fragment(&hostile_state(p)).expect("a state");
        let storage = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .expect("local storage");
        storage.set_item("sonde.state", &fragment).expect("stored");
        let page = Page::reopen();
        assert_restored_inert(&page, p, "local storage").await;
    }
}

/// The page works: a step of the clock lands a scrape and a query answers.
async fn assert_works(page: &Page, what: &str) {
    page.click("clock-pause");
    for _ in 0..2 {
        page.click("clock-step");
    }
    until("a scrape landed", || {
        page.text("tsdb-series").parse::<usize>().unwrap_or(0) > 0
    })
    .await;
    page.type_text("query-input", "up");
    page.press_enter("query-input");
    page.click("tab-table");
    until("the query answers", || {
        page.find_all("table-value")
            .iter()
            .any(|v| v.text_content().as_deref() == Some("1"))
    })
    .await;
    assert_inert(page, what).await;
}

/// `json` as stored state (`#s=` and base64url).
fn encoded(json: &str) -> String {
    format!(
        "#s={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    )
}

#[wasm_bindgen_test]
async fn garbage_in_local_storage_is_said_and_the_page_works() {
    let garbage = [
        "not a link".to_string(),
        String::new(),
        "#s=%%%!!".to_string(),
        encoded("{not json"),
        encoded("[1, 2, 3]"),
        encoded("null"),
        encoded(
            r#"{"v":99,"c":"x","q":5,"y":[],"r":1e308,"e":-1e300,"s":"x","x":1e308,"l":7,"m":[],"p":"yes","d":{},"g":1,"a":"?","t":-5,"k":"all"}"#,
        ),
        encoded(
            r#"{"v":1,"c":255,"q":[[1],{"a":2}],"r":99999999999999999999,"d":[{"t":5,"h":["x",1e308],"a":{"op":7}},3],"x":-1,"t":1e308}"#,
        ),
        format!("#s={}", "A".repeat(100_000)),
    ];
    for g in garbage {
        drop(Page::open());
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            s.set_item("sonde.state", &g).expect("stored");
        }
        let page = Page::reopen();
        until("a notice", || !page.find_all("restore-notice").is_empty()).await;
        let notice = all_text(&page, "restore-notice");
        assert!(
            !notice.trim().is_empty(),
            "{g:.60}: the notice says something"
        );
        assert_works(&page, "after garbage in local storage").await;
    }
}

/// Whether a notice among `restore-notice` contains one of `words`.
fn said(page: &Page, words: &[&str]) -> usize {
    page.find_all("restore-notice")
        .iter()
        .filter(|n| {
            let t = n.text_content().unwrap_or_default();
            words.iter().any(|w| t.contains(w))
        })
        .count()
}

/// The start of the "could not save" notice in French and English.
const NOT_SAVED: [&str; 2] = [
    "Impossible d'enregistrer l'état",
    "Could not save the state",
];
/// The start of the "storage disabled" notice in French and English.
const NO_STORAGE: [&str; 2] = [
    "Le stockage local du navigateur est désactivé",
    "The browser's local storage is disabled",
];

#[wasm_bindgen_test]
async fn full_local_storage_is_said_once_and_the_page_works() {
    let page = Page::open();
    js("window.__sondeSetItem = Storage.prototype.setItem;\
        Storage.prototype.setItem = function() { \
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };");
    // Changes, so the page tries to save several times (every 2 s).
    let mut told = false;
    for i in 0..12 {
        page.type_text("query-input", &format!("up + {i}"));
        page.press_enter("query-input");
        wait(500).await;
        told |= said(&page, &NOT_SAVED) > 0;
    }
    let times = said(&page, &NOT_SAVED);
    js("Storage.prototype.setItem = window.__sondeSetItem;");
    assert!(told, "the learner is told the state could not be saved");
    assert_eq!(times, 1, "told once");
    assert_works(&page, "with full local storage").await;
}

/// Makes `window.localStorage` throw, as a browser with storage disabled does.
const DISABLE_STORAGE: &str =
    "window.__sondeStorage = Object.getOwnPropertyDescriptor(window, 'localStorage');\
    Object.defineProperty(window, 'localStorage', { configurable: true, \
    get() { throw new DOMException('denied', 'SecurityError'); } });";
/// Puts `window.localStorage` back.
const ENABLE_STORAGE: &str = "if (window.__sondeStorage) { \
    Object.defineProperty(window, 'localStorage', window.__sondeStorage); } \
    else { delete window.localStorage; }";

#[wasm_bindgen_test]
async fn disabled_local_storage_is_said_and_the_page_works() {
    drop(Page::open());
    js(DISABLE_STORAGE);
    let page = Page::reopen();
    // Nothing may fail before storage is enabled again (the next tests need it), so the
    // checks are gathered first: the notice, a save later (2 s), a scrape after steps.
    wait(2_500).await;
    let told = said(&page, &NO_STORAGE);
    let told_not_saved = said(&page, &NOT_SAVED);
    page.click("clock-pause");
    for _ in 0..2 {
        page.click("clock-step");
    }
    let mut series = 0;
    for _ in 0..100 {
        series = page.text("tsdb-series").parse::<usize>().unwrap_or(0);
        if series > 0 {
            break;
        }
        wait(50).await;
    }
    drop(page);
    js(ENABLE_STORAGE);
    assert!(
        web_sys::window().is_some_and(|w| w.local_storage().is_ok()),
        "storage is back"
    );
    assert_eq!(told, 1, "the learner is told nothing will be kept");
    assert_eq!(told_not_saved, 0, "and not told again at every save");
    assert!(series > 0, "a scrape landed with storage disabled");
}
