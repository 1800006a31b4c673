//! The dashboard's refresh picker and button, as Grafana's: Live (every scrape), every
//! 5 s to 1 min of real time, or off; the button refreshes every panel now. A timer keeps
//! the dashboard's real clock for the periodic choices.

use std::time::Duration;

use leptos::prelude::*;

use crate::grafana::Refresh;
use crate::ui::use_ctx;

use super::use_dashboard;

/// Real milliseconds between two readings of the real clock.
const REAL_TICK_MS: u64 = 250;

fn real_now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The picker and the refresh button.
#[component]
pub fn RefreshPicker() -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let handle = set_interval_with_handle(
        move || {
            if matches!(dash.refresh.get_untracked(), Refresh::EverySeconds(_)) {
                dash.real_ms.set(real_now_ms());
            }
        },
        Duration::from_millis(REAL_TICK_MS),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
    let on_change = move |ev| {
        if let Some(r) = Refresh::from_id(&event_target_value(&ev)) {
            dash.real_ms.set(real_now_ms());
            dash.refresh.set(r);
        }
    };
    view! {
        <div class="dash-refresh">
            <button class="icon" data-testid="dashboard-refresh-now" aria-label=move || ctx.t().dash_refresh_now
                title=move || ctx.t().dash_refresh_now on:click=move |_| dash.refreshes.update(|n| *n += 1)>"⟳"</button>
            <label class="dash-range">
                <span>{move || ctx.t().dash_refresh}</span>
                <select data-testid="dashboard-refresh" on:change=on_change>
                    {Refresh::ALL.into_iter().map(|r| view! {
                        <option value=r.id() prop:selected=move || dash.refresh.get() == r>{move || r.label(ctx.lang.get())}</option>
                    }).collect_view()}
                </select>
            </label>
        </div>
    }
}
