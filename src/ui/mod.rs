//! The browser face: Leptos components over one [`Playground`], one component per panel,
//! in the course's order. State lives in a small `Copy` context ([`Ctx`]); the only
//! effects sync with things outside the reactive system (the timer, the canvas).

mod alerts_page;
mod app_panel;
mod config_panel;
mod controls;
mod course;
pub mod dashboard;
mod download;
mod exercises;
mod i18n;
mod incidents;
mod persist;
mod query;
mod replicas;
mod rules_panel;
mod settings;
mod source;
mod targets_panel;
mod ticker;
mod tsdb_status;

use leptos::prelude::*;

use crate::course::{Progress, Step};
use crate::lang::Lang;
use crate::playground::Playground;
use crate::share::Theme;

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
    /// The course step shown; `None` is free mode (every tool at once).
    pub step: RwSignal<Option<Step>>,
    /// The query last run in the expression browser.
    pub browser_query: RwSignal<String>,
    /// Whether the learner ran a query themselves (the first one is the page's).
    pub query_ran: RwSignal<bool>,
    /// The course's tasks done so far.
    pub progress: RwSignal<Progress>,
    /// Bumped by "Start again": the step panels are mounted anew, as on a first visit.
    pub generation: RwSignal<u64>,
    /// Dark or light.
    pub theme: RwSignal<Theme>,
    /// Large type for projectors.
    pub presentation: RwSignal<bool>,
    /// The expression browser graph's time range: width (ms), fixed end (`None`: live)
    /// and fixed step (`None`: automatic). Kept here so tabs, reloads and links keep it.
    pub graph_range: GraphRange,
}

/// The graph's time range, shared across the page.
#[derive(Clone, Copy)]
pub struct GraphRange {
    /// Width of the range, ms.
    pub range_ms: RwSignal<i64>,
    /// Chosen end, ms; `None` follows now.
    pub end_ms: RwSignal<Option<i64>>,
    /// Fixed step, ms; `None` is automatic.
    pub step_ms: RwSignal<Option<i64>>,
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

/// The language the browser prefers first: French for any `fr` tag, English otherwise.
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

/// The simulation's seed: every visitor sees the same traffic.
pub(crate) const SEED: u64 = 42;
/// The query a first visit starts with.
pub(crate) const DEFAULT_QUERY: &str = "http_requests_total";
/// The graph's time range at a first visit (5 minutes).
pub(crate) const DEFAULT_RANGE_MS: i64 = 300_000;
/// The theme at a first visit.
pub(crate) const DEFAULT_THEME: Theme = Theme::Dark;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx {
        pg: StoredValue::new_local(Playground::new(SEED, page_open_ms())),
        version: RwSignal::new(0),
        lang: RwSignal::new(browser_lang()),
        step: RwSignal::new(Some(Step::Why)),
        browser_query: RwSignal::new(DEFAULT_QUERY.to_string()),
        query_ran: RwSignal::new(false),
        progress: RwSignal::new(Progress::default()),
        generation: RwSignal::new(0),
        theme: RwSignal::new(DEFAULT_THEME),
        presentation: RwSignal::new(false),
        graph_range: GraphRange {
            range_ms: RwSignal::new(DEFAULT_RANGE_MS),
            end_ms: RwSignal::new(None),
            step_ms: RwSignal::new(None),
        },
    };
    provide_context(ctx);
    let history = query::editor::QueryHistory {
        items: RwSignal::new(Vec::new()),
    };
    provide_context(history);
    let dash = dashboard::Dashboard::new();
    provide_context(dash);
    provide_context(source::Source::new());
    let kept = persist::Kept { history, dash };
    let notices = persist::restore(ctx, kept);
    provide_context(notices);
    persist::keep(ctx, kept, notices);
    ticker::start(ctx);
    course::track_progress();
    keyboard_shortcuts(ctx);
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let theme = if ctx.theme.get() == Theme::Dark {
                "dark"
            } else {
                "light"
            };
            let _ = root.set_attribute("lang", ctx.lang.get().code());
            let _ = root.set_attribute("data-theme", theme);
            let _ = root.set_attribute("data-presentation", &ctx.presentation.get().to_string());
        }
    });
    // Which panels each step shows (free mode shows them all). Panels stay mounted, so
    // what a learner typed survives a change of step.
    let hidden =
        move |steps: &'static [Step]| move || ctx.step.get().is_some_and(|s| !steps.contains(&s));
    view! {
        <header class="topbar">
            <div class="brand">
                <h1>{move || ctx.t().title}</h1>
                <p class="tagline">{move || ctx.t().tagline}</p>
            </div>
            <settings::Settings/>
        </header>
        <course::StepNav/>
        <controls::Controls/>
        <main class="steps">
            {move || notices.get().into_iter().map(|n| view! { <div class="notice" role="status" data-testid="restore-notice">{n.message(ctx.lang.get())}</div> }).collect_view()}
            <course::StepIntro/>
            {move || {
                ctx.generation.track();
                view! {
                    <div class="slot" class:hidden=hidden(&[Step::Instrument, Step::NextSteps])><app_panel::AppPanel/></div>
                    <div class="slot" class:hidden=hidden(&[Step::Configure])><config_panel::ConfigPanel/></div>
                    <div class="slot" class:hidden=hidden(&[Step::Configure, Step::Run])><targets_panel::TargetsPanel/></div>
                    <div class="slot" class:hidden=hidden(&[Step::Run, Step::NextSteps])><tsdb_status::TsdbStatus/></div>
                    <div class="slot" class:hidden=hidden(&[Step::Run, Step::Visualise, Step::NextSteps])><query::QueryPanel/></div>
                    <div class="slot" class:hidden=hidden(&[Step::Run, Step::Visualise, Step::NextSteps])><dashboard::Grafana/></div>
                    <div class="slot" class:hidden=hidden(&[Step::NextSteps])><rules_panel::RulesPanel/></div>
                    <div class="slot" class:hidden=hidden(&[Step::NextSteps])><alerts_page::AlertsPage/></div>
                    <div class="slot" class:hidden=hidden(&[Step::NextSteps])><exercises::Exercises/></div>
                }
            }}
        </main>
    }
}

/// Whether a key pressed in `target` belongs to it (typing, choosing, pressing a button)
/// rather than to the page's shortcuts.
fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    use wasm_bindgen::JsCast;
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(
                el.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select" | "button" | "a"
            ) || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// The classroom's shortcuts, outside text fields: Space pauses or resumes the simulated
/// clock, → and ← move to the next or previous course step.
fn keyboard_shortcuts(ctx: Ctx) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing_in(ev.target()) {
            return;
        }
        let step = |delta: isize| {
            ctx.step.update(|s| {
                let at = s.map_or(0, |s| s.index() as isize);
                if let Some(next) = usize::try_from(at + delta).ok().and_then(Step::from_index) {
                    *s = Some(next);
                }
            })
        };
        match ev.key().as_str() {
            " " => {
                ev.prevent_default();
                ctx.update(|pg| pg.set_paused(!pg.clock().is_paused()));
            }
            "ArrowRight" => step(1),
            "ArrowLeft" => step(-1),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
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

/// The chart colours and sizes for the page's theme, larger in presentation mode.
pub fn chart_theme(ctx: Ctx) -> crate::chart::Theme {
    let base = if ctx.theme.get() == Theme::Dark {
        crate::chart::Theme::DARK
    } else {
        crate::chart::Theme::LIGHT
    };
    if ctx.presentation.get() {
        crate::chart::Theme {
            font_px: 20,
            line_px: 3,
            ..base
        }
    } else {
        base
    }
}

/// An editor's error: `message` after the words locating it (`template` holds `{line}`
/// and `{col}`), or alone when it has no position.
pub(crate) fn located(
    template: &str,
    position: Option<crate::config::Position>,
    message: String,
) -> String {
    match position {
        Some(p) => format!(
            "{} {message}",
            template
                .replace("{line}", &p.line.to_string())
                .replace("{col}", &p.column.to_string())
        ),
        None => message,
    }
}

/// The viewer's offset from UTC in minutes (east positive), for clock labels.
pub fn utc_offset_min() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
