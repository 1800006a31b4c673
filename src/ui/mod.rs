//! The browser face: Leptos components over one [`Playground`], one component per panel,
//! in the course's order. State lives in a small `Copy` context ([`Ctx`]); the only
//! effects sync with things outside the reactive system (the timer, the canvas).

mod app_panel;
mod config_panel;
mod controls;
mod dashboard;
mod i18n;
mod query;
mod targets_panel;
mod ticker;

use leptos::prelude::*;

use crate::lang::Lang;
use crate::playground::Playground;

pub use i18n::{texts, Texts};

/// What every component reaches through context: the simulation, a version counter that
/// moves whenever the simulation changed (views that show it read it), and the language.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The simulation (not reactive by itself: read `version` to subscribe).
    pub pg: StoredValue<Playground, LocalStorage>,
    /// Bumped after every change of the simulation.
    pub version: RwSignal<u64>,
    /// The page language.
    pub lang: RwSignal<Lang>,
}

impl Ctx {
    /// Runs `f` on the simulation and tells the views it changed.
    pub fn update<R>(&self, f: impl FnOnce(&mut Playground) -> R) -> Option<R> {
        let out = self.pg.try_update_value(f);
        self.version.update(|v| *v += 1);
        out
    }

    /// Reads the simulation, subscribing the caller to its changes.
    pub fn read<R>(&self, f: impl FnOnce(&Playground) -> R) -> Option<R> {
        self.version.track();
        self.pg.try_with_value(f)
    }

    /// The texts in the current language (subscribes to language changes).
    pub fn t(&self) -> &'static Texts {
        texts(self.lang.get())
    }
}

/// The language the browser prefers: French for any `fr` tag, English otherwise.
fn browser_lang() -> Lang {
    let tag = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    Lang::from_tag(&tag)
}

/// Simulated time starts at the real time the page opened, so clock labels look familiar.
fn page_open_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx {
        pg: StoredValue::new_local(Playground::new(42, page_open_ms())),
        version: RwSignal::new(0),
        lang: RwSignal::new(browser_lang()),
    };
    provide_context(ctx);
    ticker::start(ctx);
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", ctx.lang.get().code());
        }
    });
    let toggle_lang = move |_| {
        ctx.lang
            .update(|l| *l = if *l == Lang::Fr { Lang::En } else { Lang::Fr })
    };
    view! {
        <header class="topbar">
            <div class="brand">
                <h1>{move || ctx.t().title}</h1>
                <p class="tagline">{move || ctx.t().tagline}</p>
            </div>
            <button class="lang" data-testid="lang-toggle" on:click=toggle_lang>
                {move || ctx.t().lang_switch}
            </button>
        </header>
        <controls::Controls/>
        <main class="steps">
            <app_panel::AppPanel/>
            <config_panel::ConfigPanel/>
            <targets_panel::TargetsPanel/>
            <query::QueryPanel/>
            <dashboard::Grafana/>
        </main>
    }
}

/// The context provided by [`App`].
pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// Mounts the app on the page's body.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The viewer's offset from UTC in minutes (east positive), for clock labels.
pub fn utc_offset_min() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
