//! The simulation bar, in reach on every step: simulated clock, pause, step, speed,
//! "send a request", the automatic traffic rate and its mix over the endpoints.

use leptos::prelude::*;

use crate::chart::format_date_time;
use crate::sim::{MAX_WEIGHT, MIX_ENDPOINTS};

use super::{use_ctx, utc_offset_min};

/// Speeds offered (simulated seconds per real second).
const SPEEDS: [u32; 6] = [1, 10, 60, 300, 900, 3600];

/// The bar.
#[component]
pub fn Controls() -> impl IntoView {
    let ctx = use_ctx();
    let paused = move || ctx.read(|pg| pg.clock().is_paused()).unwrap_or(false);
    let clock = move || {
        let lang = ctx.lang.get();
        ctx.read(|pg| format_date_time(pg.now_ms(), utc_offset_min(), lang))
            .unwrap_or_default()
    };
    let rate = move || ctx.read(|pg| pg.rate()).unwrap_or(0.0);
    let speed = move || ctx.pg.with_value(|pg| pg.clock().speed());
    let on_speed = move |ev| {
        if let Ok(speed) = event_target_value(&ev).parse::<f64>() {
            ctx.update(|pg| pg.set_speed(speed));
        }
    };
    let on_rate = move |ev| {
        if let Ok(r) = event_target_value(&ev).parse::<f64>() {
            ctx.update(|pg| pg.set_rate(r));
        }
    };
    // What a traffic spike adds to the learner's rate, shown beside it.
    let spike = move || {
        ctx.read(|pg| {
            let effective = pg.effective_rate();
            (effective != pg.rate()).then(|| format!(" → {effective}"))
        })
        .flatten()
    };
    let weight = move |path: &'static str| {
        // A memo: typing is not overwritten at every tick, only when the weight changes.
        let current = Memo::new(move |_| ctx.read(|pg| pg.mix().weight(path)).unwrap_or(0));
        view! {
            <label class="weight">
                <span>{path}</span>
                <input type="number" min="0" max=MAX_WEIGHT step="1" data-testid="traffic-weight" data-path=path
                    prop:value=move || current.get().to_string()
                    on:change=move |ev| {
                        if let Ok(w) = event_target_value(&ev).trim().parse::<u32>() {
                            ctx.update(|pg| pg.set_weight(path, w));
                        }
                    }/>
            </label>
        }
    };
    view! {
        <section class="controls" aria-label="simulation">
            <div class="clock">
                <span class="label">{move || ctx.t().clock}</span>
                <span class="time" data-testid="clock-time" data-ms=move || ctx.read(|pg| pg.now_ms()).unwrap_or_default().to_string()>{clock}</span>
            </div>
            <button data-testid="clock-pause" on:click=move |_| { ctx.update(|pg| pg.set_paused(!pg.clock().is_paused())); }>
                {move || if paused() { ctx.t().resume } else { ctx.t().pause }}
            </button>
            <button data-testid="clock-step" on:click=move |_| { ctx.update(|pg| pg.step(15_000)); }>
                {move || ctx.t().step}
            </button>
            <label class="speed">
                <span>{move || ctx.t().speed}</span>
                <select data-testid="clock-speed" on:change=on_speed>
                    {SPEEDS.iter().map(|s| view! { <option value=s.to_string() selected=move || speed() == f64::from(*s)>{format!("{s}×")}</option> }).collect_view()}
                </select>
            </label>
            <button class="primary" data-testid="send-request" on:click=move |_| { ctx.update(|pg| pg.send_request()); }>
                {move || ctx.t().send_request}
            </button>
            <label class="rate">
                <span>{move || ctx.t().traffic_rate}</span>
                <input type="range" min="0" max="20" step="0.5" data-testid="traffic-rate"
                    prop:value=move || rate().to_string() on:input=on_rate/>
                <output>{move || format!("{}{} {}", rate(), spike().unwrap_or_default(), ctx.t().per_second)}</output>
            </label>
            <details class="mix" data-testid="traffic-mix">
                <summary>{move || ctx.t().mix_title}</summary>
                <p class="hint">{move || ctx.t().mix_hint}</p>
                {MIX_ENDPOINTS.map(weight).collect_view()}
            </details>
        </section>
    }
}
