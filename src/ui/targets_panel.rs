//! Step 3: the targets page, as Prometheus's Status → Targets shows it: endpoint, state,
//! labels, last scrape, duration, and the error with a plain-language hint.

use leptos::prelude::*;

use crate::scrape::Health;

use super::use_ctx;

/// A duration in ms as `1.2s`, `15s`, `3m 5s`.
fn short_duration(ms: i64) -> String {
    match ms {
        ms if ms < 1000 => format!("{ms}ms"),
        ms if ms < 60_000 => format!("{:.1}s", ms as f64 / 1000.0),
        ms if ms < 3_600_000 => format!("{}m {}s", ms / 60_000, ms / 1000 % 60),
        ms => format!("{}h {}m", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// A scrape's duration as `2.871ms` (Prometheus measures it to the nanosecond), or as
/// [`short_duration`] from a second up.
fn scrape_duration(d: std::time::Duration) -> String {
    if d.as_secs() == 0 {
        format!("{:.3}ms", d.as_secs_f64() * 1000.0)
    } else {
        short_duration(d.as_millis().min(i64::MAX as u128) as i64)
    }
}

/// The targets table.
#[component]
pub fn TargetsPanel() -> impl IntoView {
    let ctx = use_ctx();
    let rows = move || {
        let lang = ctx.lang.get();
        let t = ctx.t();
        ctx.read(|pg| {
            let now = pg.now_ms();
            pg.targets()
                .iter()
                .map(|s| {
                    let health = s.health;
                    let labels = s.target.target_labels().to_string();
                    let last = s.last_scrape_ms.map_or(t.never.to_string(), |at| {
                        t.ago.replace("{n}", &short_duration(now - at))
                    });
                    let duration = if s.last_scrape_ms.is_some() {
                        scrape_duration(s.last_duration)
                    } else {
                        "—".into()
                    };
                    let error = s.last_error.as_ref().map(|e| (e.to_string(), e.hint(lang)));
                    view! {
                        <tr data-testid="target-row" data-health=health.as_str()>
                            <td class="endpoint">{s.target.url()}</td>
                            <td><span class=match health { Health::Up => "badge up", Health::Down => "badge down", Health::Unknown => "badge unknown" }>{health.as_str()}</span></td>
                            <td class="labels">{labels}</td>
                            <td>{last}</td>
                            <td>{duration}</td>
                            <td class="scrape-error">{error.map(|(msg, hint)| view! { <code>{msg}</code><div class="hint">{hint}</div> })}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let empty = move || ctx.read(|pg| pg.targets().is_empty()).unwrap_or(true);
    view! {
        <section class="panel" data-testid="targets-panel">
            <h2>{move || ctx.t().targets_title}</h2>
            <p class="intro">{move || ctx.t().targets_intro}</p>
            <table class="targets" data-testid="target-health">
                <thead><tr>
                    <th>{move || ctx.t().col_endpoint}</th>
                    <th>{move || ctx.t().col_state}</th>
                    <th>{move || ctx.t().col_labels}</th>
                    <th>{move || ctx.t().col_last_scrape}</th>
                    <th>{move || ctx.t().col_duration}</th>
                    <th>{move || ctx.t().col_error}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <Show when=empty><p class="hint">{move || ctx.t().no_targets}</p></Show>
        </section>
    }
}
