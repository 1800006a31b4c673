//! The page's state kept across reloads (local storage) and shared as a link (the URL
//! fragment `#s=...`): course step, query and query history, the graph's time range,
//! `prometheus.yml`, speed, language, theme, presentation mode, and the Grafana data
//! source and panels. A link wins over local storage; a damaged link or stored state is
//! read as far as it goes, and the learner is told what could not be restored.

use std::time::Duration;

use leptos::prelude::*;

use crate::course::Step;
use crate::lang::Lang;
use crate::share::{from_fragment, to_fragment, ShareError, ShareIssue, ShareState};

use super::dashboard::Dashboard;
use super::query::editor::QueryHistory;
use super::Ctx;
use crate::grafana::PanelSpec;

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
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The state of the page now: the expression browser's query first, then its history.
pub fn snapshot(ctx: Ctx, kept: Kept) -> ShareState {
    let (yml, speed) = ctx
        .pg
        .with_value(|pg| (pg.config_text().to_string(), pg.clock().speed()));
    ShareState {
        course_step: ctx.step.get_untracked().map_or(0, |s| s.index() as u8 + 1),
        queries: std::iter::once(ctx.browser_query.get_untracked())
            .chain(kept.history.items.get_untracked())
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
    }
}

/// The address that opens this page in its current state.
pub fn share_url(ctx: Ctx, kept: Kept) -> Result<String, ShareError> {
    let fragment = to_fragment(&snapshot(ctx, kept))?;
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    Ok(format!("{base}{fragment}"))
}

fn apply(ctx: Ctx, kept: Kept, state: &ShareState) -> Option<Notice> {
    ctx.step.set(if state.course_step == 0 {
        None
    } else {
        Step::from_index(usize::from(state.course_step) - 1)
    });
    if let Some((q, past)) = state.queries.split_first() {
        ctx.browser_query.set(q.clone());
        kept.history.items.set(past.to_vec());
    }
    if !state.datasource_url.is_empty() {
        // A saved data source is tested again, as Grafana does on load.
        kept.dash
            .datasource
            .update(|d| d.url = state.datasource_url.clone());
        let app_running = ctx.pg.try_with_value(|pg| pg.app().is_up()).unwrap_or(true);
        let result = kept.dash.datasource.with_untracked(|d| d.test(app_running));
        kept.dash.datasource_test.set(Some(result));
    }
    kept.dash
        .set_specs(state.panels.iter().map(PanelSpec::from).collect());
    ctx.lang.set(state.lang);
    ctx.theme.set(state.theme);
    ctx.presentation.set(state.presentation);
    ctx.graph_range.range_ms.set(state.range_ms);
    ctx.graph_range.end_ms.set(state.end_ms);
    ctx.graph_range.step_ms.set(state.step_ms);
    let lang = state.lang;
    let bad_config = ctx
        .pg
        .try_update_value(|pg| {
            let _ = pg.set_speed(state.speed);
            if state.prometheus_yml.trim().is_empty() {
                return None;
            }
            pg.apply_config(&state.prometheus_yml)
                .err()
                .map(|e| e.message(lang))
        })
        .flatten();
    bad_config.map(Notice::BadConfig)
}

/// Restores the state from the link, else from local storage; returns what the learner
/// should be told.
pub fn restore(ctx: Ctx, kept: Kept) -> RwSignal<Option<Notice>> {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let saved = if hash.starts_with("#s=") {
        Some(hash)
    } else {
        storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
    };
    let notice = saved.and_then(|text| match from_fragment(&text) {
        Ok(decoded) => {
            let bad = apply(ctx, kept, &decoded.state);
            bad.or_else(|| (!decoded.issues.is_empty()).then_some(Notice::Partial(decoded.issues)))
        }
        Err(e) => Some(Notice::Unreadable(e)),
    });
    RwSignal::new(notice)
}

/// Saves the state to local storage every few seconds when it changed.
pub fn keep(ctx: Ctx, kept: Kept) {
    let last = StoredValue::new_local(String::new());
    let handle = set_interval_with_handle(
        move || {
            let Ok(fragment) = to_fragment(&snapshot(ctx, kept)) else {
                return;
            };
            if last.with_value(|l| *l != fragment) {
                if let Some(s) = storage() {
                    let _ = s.set_item(STORAGE_KEY, &fragment);
                }
                last.set_value(fragment);
            }
        },
        Duration::from_millis(SAVE_EVERY_MS),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
}
