//! Step 3: the targets page, as Prometheus's Status → Targets shows it: one section per
//! scrape pool (job) with its interval, timeout and "1/1 up", then each target's endpoint,
//! state, labels, last scrape, duration, and the error with a plain-language hint; then,
//! as its Service Discovery page does, the targets `relabel_configs` dropped.

use leptos::prelude::*;

use crate::go::duration::format_duration;
use crate::scrape::{scrape_pools, Health, TargetState};

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

/// One target's row.
fn target_row(s: &TargetState, now: i64, ctx: super::Ctx) -> impl IntoView {
    let (t, lang) = (ctx.t(), ctx.lang.get());
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
    let badge = match health {
        Health::Up => "badge up",
        Health::Down => "badge down",
        Health::Unknown => "badge unknown",
    };
    view! {
        <tr data-testid="target-row" data-health=health.as_str()>
            <td class="endpoint">{s.target.url()}</td>
            <td><span class=badge>{health.as_str()}</span></td>
            <td class="labels">{labels}</td>
            <td>{last}</td>
            <td>{duration}</td>
            <td class="scrape-error">{error.map(|(msg, hint)| view! { <code>{msg}</code><div class="hint">{hint}</div> })}</td>
        </tr>
    }
}

/// The targets page: a section per scrape pool.
#[component]
pub fn TargetsPanel() -> impl IntoView {
    let ctx = use_ctx();
    let pools = move || {
        let t = ctx.t();
        ctx.read(|pg| {
            let now = pg.now_ms();
            scrape_pools(pg.targets())
                .into_iter()
                .map(|pool| {
                    let (up, total) = (pool.up(), pool.targets.len());
                    let timing = t
                        .pool_timing
                        .replace("{interval}", &format_duration(pool.interval_ms.unsigned_abs()))
                        .replace("{timeout}", &format_duration(pool.timeout_ms.unsigned_abs()));
                    let rows = pool
                        .targets
                        .iter()
                        .map(|s| target_row(s, now, ctx))
                        .collect_view();
                    view! {
                        <div class="pool" data-testid="target-pool" data-job=pool.job.to_string()>
                            <h3>
                                <span class="pool-name">{pool.job.to_string()}</span>
                                <span class=if up == total { "badge up" } else { "badge down" } data-testid="pool-up">
                                    {format!("{up}/{total} {}", t.pool_up)}
                                </span>
                                <span class="pool-timing">{timing}</span>
                            </h3>
                            <table class="targets">
                                <thead><tr>
                                    <th>{t.col_endpoint}</th>
                                    <th>{t.col_state}</th>
                                    <th>{t.col_labels}</th>
                                    <th>{t.col_last_scrape}</th>
                                    <th>{t.col_duration}</th>
                                    <th>{t.col_error}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    // Prometheus's Service Discovery page: targets relabel_configs dropped, with the
    // labels they were discovered with.
    let dropped = move || {
        let t = ctx.t();
        let rows: Vec<(String, String)> = ctx
            .read(|pg| {
                pg.config()
                    .scrape_configs
                    .iter()
                    .flat_map(|job| {
                        job.dropped_targets
                            .iter()
                            .map(|d| (job.job_name.clone(), d.discovered_labels.to_string()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        (!rows.is_empty()).then(|| {
            view! {
                <details class="dropped" data-testid="dropped-targets">
                    <summary>{t.dropped_targets.replace("{n}", &rows.len().to_string())}</summary>
                    <table class="targets">
                        <thead><tr><th>{t.col_job}</th><th>{t.col_discovered_labels}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(job, labels)| view! {
                                <tr data-testid="dropped-target"><td>{job}</td><td><code>{labels}</code></td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            }
        })
    };
    let empty = move || ctx.read(|pg| pg.targets().is_empty()).unwrap_or(true);
    view! {
        <section class="panel" data-testid="targets-panel">
            <h2>{move || ctx.t().targets_title}</h2>
            <p class="intro">{move || ctx.t().targets_intro}</p>
            <div class="pools" data-testid="target-health">{pools}</div>
            {dropped}
            <Show when=empty><p class="hint">{move || ctx.t().no_targets}</p></Show>
        </section>
    }
}
