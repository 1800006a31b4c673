//! Shared helpers of the browser tests: a mounted app per test, found by `data-testid`,
//! driven through real DOM events.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
    KeyboardEvent, KeyboardEventInit,
};

/// A mounted app in its own element, removed when dropped.
pub struct Page {
    root: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Page {
    /// Mounts a fresh app, with no state saved by an earlier test.
    pub fn open() -> Page {
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.clear();
        }
        Page::reopen()
    }

    /// Mounts the app again, keeping what the page saved (as a reload does).
    pub fn reopen() -> Page {
        let doc = document();
        let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
        doc.body().unwrap().append_child(&root).unwrap();
        let handle = leptos::mount::mount_to(root.clone(), || sonde::ui::App().into_any());
        Page {
            root,
            _handle: handle,
        }
    }

    pub fn find(&self, testid: &str) -> Element {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no element with data-testid={testid}"))
    }

    pub fn find_all(&self, testid: &str) -> Vec<Element> {
        let list = self
            .root
            .query_selector_all(&format!("[data-testid=\"{testid}\"]"))
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into().ok())
            .collect()
    }

    pub fn text(&self, testid: &str) -> String {
        self.find(testid).text_content().unwrap_or_default()
    }

    pub fn click(&self, testid: &str) {
        self.find(testid).unchecked_into::<HtmlElement>().click();
    }

    /// Replaces the content of an input or textarea as typing would, firing `input`.
    pub fn type_text(&self, testid: &str, text: &str) {
        let el = self.find(testid);
        if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(text);
        } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(text);
        }
        el.dispatch_event(&Event::new("input").unwrap()).unwrap();
    }

    pub fn press_enter(&self, testid: &str) {
        let init = KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.find(testid).dispatch_event(&ev).unwrap();
    }

    pub fn select(&self, testid: &str, value: &str) {
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
pub async fn wait(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Types `query` in the query page's editor, runs it and shows the `tab` tab.
pub async fn run(page: &Page, query: &str, tab: &str) {
    page.type_text("query-input", query);
    page.press_enter("query-input");
    page.click(tab);
    wait(30).await;
}

/// Waits until `cond` holds, failing with `what` after a few seconds.
pub async fn until(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..100 {
        if cond() {
            return;
        }
        wait(50).await;
    }
    panic!("timed out waiting for: {what}");
}

impl Page {
    /// The first element matching a CSS `selector` inside the page.
    pub fn query(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    /// Dispatches a mouse event `kind` (`mousemove`, `mousedown`, ...) on the element
    /// matching `selector`, at `(x, y)` px from its top-left corner, as a real pointer
    /// would (the browser computes `offsetX`/`offsetY` from it).
    pub fn mouse(&self, selector: &str, kind: &str, x: f64, y: f64) {
        let el = self.query(selector);
        let fire = js_sys::Function::new_with_args(
            "el, kind, x, y",
            "const r = el.getBoundingClientRect();\
             el.dispatchEvent(new MouseEvent(kind, {clientX: r.left + x, clientY: r.top + y, \
             bubbles: true, button: 0}));",
        );
        let args = js_sys::Array::of4(&el, &kind.into(), &x.into(), &y.into());
        fire.apply(&wasm_bindgen::JsValue::NULL, &args).unwrap();
    }

    /// Dispatches a `keydown` of `key` (`ArrowLeft`, `Escape`, ...) on the element
    /// matching `selector`.
    pub fn key(&self, selector: &str, key: &str) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.query(selector).dispatch_event(&ev).unwrap();
    }

    /// A `data-*` attribute of the element with `testid` (empty when absent).
    pub fn attr(&self, testid: &str, name: &str) -> String {
        self.find(testid).get_attribute(name).unwrap_or_default()
    }

    /// The points the query chart draws (`data-points`); 0 while no chart is shown.
    pub fn chart_points(&self) -> usize {
        self.find_all("chart")
            .first()
            .and_then(|c| c.get_attribute("data-points"))
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// Ticks or unticks a checkbox as a click would, firing `change`.
    pub fn check(&self, testid: &str, on: bool) {
        let el = self.find(testid);
        el.unchecked_ref::<HtmlInputElement>().set_checked(on);
        el.dispatch_event(&Event::new("change").unwrap()).unwrap();
    }
}

/// Dispatches a `keydown` of `key` (with Shift when `shift`) on an element; returns
/// whether the page let the browser's default action happen (`false`: prevented).
pub fn press_key(page: &Page, testid: &str, key: &str, shift: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    page.find(testid).dispatch_event(&ev).unwrap()
}

/// The current value of a textarea or input.
pub fn value_of(page: &Page, testid: &str) -> String {
    let el = page.find(testid);
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else {
        el.dyn_ref::<HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default()
    }
}

impl Page {
    /// How many elements inside the page match a CSS `selector`.
    pub fn count(&self, selector: &str) -> u32 {
        self.root
            .query_selector_all(selector)
            .map_or(0, |l| l.length())
    }
}
