//! The page's state kept across reloads (local storage) and shared as a link (the URL
//! fragment `#s=...`): course step, query and query history, the graph's time range,
//! `prometheus.yml`, the app version and its traffic, speed, language, theme,
//! presentation mode, and the Grafana data source and panels. A link wins over local
//! storage; a damaged link or stored state is read as far as it goes, and the learner is
//! told what could not be restored, and that simulated time starts again at a reload.
//! "Start again" puts everything back as a new visitor finds it.

use std::time::Duration;

use leptos::prelude::*;

use crate::config::COURSE_CONFIG;
use crate::course::{Progress, Step};
use crate::grafana::PanelSpec;
use crate::lang::Lang;
use crate::playground::Playground;
use crate::rules::EXAMPLE_RULES;
use crate::share::{from_fragment, to_fragment, ShareError, ShareIssue, ShareState};
use crate::sim::{TrafficMix, MIX_ENDPOINTS};

use super::dashboard::Dashboard;
use super::i18n::texts;
use super::query::editor::QueryHistory;
use super::{Ctx, DEFAULT_QUERY, DEFAULT_RANGE_MS, DEFAULT_THEME, SEED};

/// The parts of the page's state that live outside [`Ctx`].
#[derive(Clone, Copy)]
pub struct Kept {
    /// The expression browser's history.
    pub history: QueryHistory,
    /// The Grafana side.
    pub dash: Dashboard,
}

/// The local-storage key.
const STORAGE_KEY: &str = "sonde.state";
/// How often the state is saved (real ms).
const SAVE_EVERY_MS: u64 = 2_000;

/// What restoring found wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The state could not be read at all.
    Unreadable(ShareError),
    /// Some fields were dropped or clamped.
    Partial(Vec<ShareIssue>),
    /// The shared `prometheus.yml` is invalid: the course's file is kept.
    BadConfig(String),
    /// The shared `rules.yml` is invalid: the example rules are kept.
    BadRules(String),
    /// Settings came back, but simulated time (and so the stored series) started again.
    TimeRestarted,
    /// Local storage is disabled or blocked: nothing will be kept across reloads.
    NoStorage,
    /// Saving failed (storage full or refused): later changes are not kept.
    NotSaved,
}

impl Notice {
    /// The notice in the learner's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Notice::Unreadable(e) => format!(
                "{} {}",
                lang.pick(
                    "Lien ou état enregistré illisible :",
                    "Unreadable link or saved state:"
                ),
                e.message(lang)
            ),
            Notice::Partial(issues) => {
                let list: Vec<String> = issues.iter().map(|i| i.message(lang)).collect();
                format!(
                    "{} {}",
                    lang.pick("État restauré en partie :", "State partly restored:"),
                    list.join(" ; ")
                )
            }
            Notice::BadConfig(msg) => format!(
                "{} {msg}",
                lang.pick(
                    "prometheus.yml partagé refusé :",
                    "Shared prometheus.yml refused:"
                )
            ),
            Notice::BadRules(msg) => format!(
                "{} {msg}",
                lang.pick("rules.yml partagé refusé :", "Shared rules.yml refused:")
            ),
            Notice::TimeRestarted => lang
                .pick(
                    "Réglages, requêtes et configuration restaurés. Le temps simulé, lui, repart de maintenant : les séries d'avant le rechargement ne sont plus là.",
                    "Settings, queries and configuration restored. Simulated time starts again from now: the series from before the reload are gone.",
                )
                .to_string(),
            Notice::NoStorage => texts(lang).storage_unavailable.to_string(),
            Notice::NotSaved => texts(lang).storage_not_saved.to_string(),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The state of the page now: the expression browser's query first, then, `with_history`,
/// its history. The course's own `prometheus.yml` is left out (an empty file restores it),
/// which keeps links short.
pub fn snapshot(ctx: Ctx, kept: Kept, with_history: bool) -> ShareState {
    let (yml, speed, app, traffic_rate) = ctx.pg.with_value(|pg| {
        let yml = pg.config_text();
        let yml = if yml == COURSE_CONFIG { "" } else { yml };
        (
            yml.to_string(),
            pg.clock().speed(),
            pg.app().instrumentation(),
            pg.rate(),
        )
    });
    let (rules_yml, mix, instances) = ctx.pg.with_value(|pg| {
        let rules = pg.rules_text();
        let rules = if rules == EXAMPLE_RULES { "" } else { rules };
        let mix = if *pg.mix() == TrafficMix::default() {
            Vec::new()
        } else {
            pg.mix().entries().map(|(_, w)| w).collect()
        };
        let instances = u8::try_from(pg.replicas().len()).unwrap_or(1);
        (rules.to_string(), mix, instances)
    });
    let history = if with_history {
        kept.history.items.get_untracked()
    } else {
        Vec::new()
    };
    ShareState {
        course_step: ctx.step.get_untracked().map_or(0, |s| s.index() as u8 + 1),
        queries: std::iter::once(ctx.browser_query.get_untracked())
            .chain(history)
            .take(crate::share::MAX_QUERIES)
            .collect(),
        prometheus_yml: yml,
        speed,
        lang: ctx.lang.get_untracked(),
        theme: ctx.theme.get_untracked(),
        presentation: ctx.presentation.get_untracked(),
        range_ms: ctx.graph_range.range_ms.get_untracked(),
        end_ms: ctx.graph_range.end_ms.get_untracked(),
        step_ms: ctx.graph_range.step_ms.get_untracked(),
        panels: kept
            .dash
            .panels
            .with_untracked(|ps| ps.iter().map(|p| p.spec.to_share()).collect()),
        datasource_url: kept.dash.datasource.with_untracked(|d| d.url.clone()),
        app,
        traffic_rate,
        done: ctx.progress.with_untracked(|p| p.done().collect()),
        rules_yml,
        mix,
        instances,
    }
}

/// The address that opens this page in its current state (the query history only
/// `with_history`).
pub fn share_url(ctx: Ctx, kept: Kept, with_history: bool) -> Result<String, ShareError> {
    let fragment = to_fragment(&snapshot(ctx, kept, with_history))?;
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    Ok(format!("{base}{fragment}"))
}

fn apply(ctx: Ctx, kept: Kept, state: &ShareState) -> Vec<Notice> {
    ctx.step.set(if state.course_step == 0 {
        None
    } else {
        Step::from_index(usize::from(state.course_step) - 1)
    });
    if let Some((q, past)) = state.queries.split_first() {
        ctx.browser_query.set(q.clone());
        kept.history.items.set(past.to_vec());
    }
    kept.dash
        .datasource
        .update(|d| d.url = state.datasource_url.clone());
    // A saved data source is tested again, as Grafana does on load.
    let app_running = ctx.pg.try_with_value(|pg| pg.app().is_up()).unwrap_or(true);
    let tested = (!state.datasource_url.is_empty())
        .then(|| kept.dash.datasource.with_untracked(|d| d.test(app_running)));
    kept.dash.datasource_test.set(tested);
    kept.dash
        .set_specs(state.panels.iter().map(PanelSpec::from).collect());
    ctx.progress
        .set(Progress::with_done(state.done.iter().copied()));
    ctx.query_ran.set(false);
    ctx.lang.set(state.lang);
    ctx.theme.set(state.theme);
    ctx.presentation.set(state.presentation);
    ctx.graph_range.range_ms.set(state.range_ms);
    ctx.graph_range.end_ms.set(state.end_ms);
    ctx.graph_range.step_ms.set(state.step_ms);
    let lang = state.lang;
    let notices = ctx
        .pg
        .try_update_value(|pg| {
            let _ = pg.set_speed(state.speed);
            let _ = pg.set_rate(state.traffic_rate);
            if pg.app().instrumentation() != state.app {
                pg.deploy(state.app);
            }
            for (path, &weight) in MIX_ENDPOINTS.iter().zip(&state.mix) {
                let _ = pg.set_weight(path, weight);
            }
            while pg.replicas().len() < usize::from(state.instances) {
                if pg.add_replica().is_err() {
                    break;
                }
            }
            let yml = if state.prometheus_yml.trim().is_empty() {
                COURSE_CONFIG
            } else {
                &state.prometheus_yml
            };
            let rules = if state.rules_yml.trim().is_empty() {
                EXAMPLE_RULES
            } else {
                &state.rules_yml
            };
            let config = pg.apply_config(yml).err().map(|e| e.explanation(lang));
            let rules = pg.apply_rules(rules).err().map(|e| {
                e.0.iter()
                    .map(|r| r.message(lang))
                    .collect::<Vec<_>>()
                    .join(" ; ")
            });
            config
                .map(Notice::BadConfig)
                .into_iter()
                .chain(rules.map(Notice::BadRules))
                .collect()
        })
        .unwrap_or_default();
    ctx.version.update(|v| *v += 1);
    notices
}

/// The state a first visit starts from (the page's defaults), in `lang`.
fn first_visit(lang: Lang) -> ShareState {
    ShareState {
        course_step: 1,
        queries: vec![DEFAULT_QUERY.to_string()],
        range_ms: DEFAULT_RANGE_MS,
        lang,
        theme: DEFAULT_THEME,
        ..ShareState::default()
    }
}

/// Forgets everything this browser kept and puts the page back as a first visit finds it:
/// a new simulation from now, the course's files, no dashboard, no history, no link.
pub fn start_again(ctx: Ctx, kept: Kept, notices: RwSignal<Vec<Notice>>) {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
    if let Some(w) = web_sys::window() {
        let clean = w.location().pathname().unwrap_or_default()
            + &w.location().search().unwrap_or_default();
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
        }
    }
    ctx.pg
        .set_value(Playground::new(SEED, js_sys::Date::now() as i64));
    let _ = apply(ctx, kept, &first_visit(ctx.lang.get_untracked()));
    notices.set(Vec::new());
    ctx.generation.update(|g| *g += 1);
}

/// Restores the state from the link, else from local storage; returns what the learner
/// should be told.
pub fn restore(ctx: Ctx, kept: Kept) -> RwSignal<Vec<Notice>> {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let from_link = hash.starts_with("#s=");
    let store = storage();
    let saved = if from_link {
        Some(hash)
    } else {
        store
            .as_ref()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
    };
    let mut notices = Vec::new();
    if store.is_none() {
        notices.push(Notice::NoStorage);
    }
    if let Some(text) = saved {
        match from_fragment(&text) {
            Ok(decoded) => {
                notices.extend(apply(ctx, kept, &decoded.state));
                if !decoded.issues.is_empty() {
                    notices.push(Notice::Partial(decoded.issues));
                }
                if !from_link {
                    notices.push(Notice::TimeRestarted);
                }
            }
            Err(e) => notices.push(Notice::Unreadable(e)),
        }
    }
    RwSignal::new(notices)
}

/// Saves the state to local storage every few seconds when it changed; the first time
/// saving fails (storage full or refused), the learner is told, once, in `notices`.
pub fn keep(ctx: Ctx, kept: Kept, notices: RwSignal<Vec<Notice>>) {
    let last = StoredValue::new_local(String::new());
    let told = StoredValue::new_local(false);
    let handle = set_interval_with_handle(
        move || {
            let Ok(fragment) = to_fragment(&snapshot(ctx, kept, true)) else {
                return;
            };
            if last.with_value(|l| *l != fragment) {
                let Some(s) = storage() else {
                    return;
                };
                if s.set_item(STORAGE_KEY, &fragment).is_ok() {
                    last.set_value(fragment);
                } else if !told.get_value() {
                    told.set_value(true);
                    notices.update(|n| n.push(Notice::NotSaved));
                }
            }
        },
        Duration::from_millis(SAVE_EVERY_MS),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
}
