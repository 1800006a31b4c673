//! The options row above the chart: range (presets or a custom duration), end time,
//! resolution, stacking, Y axis from zero, raw samples, and "reset zoom".

use leptos::prelude::*;

use crate::chart::format_clock;
use crate::go::duration::{format_signed_duration, parse_duration_ns};
use crate::promql::parse_error::ParseErrorKind;
use crate::ui::{use_ctx, utc_offset_min};

use super::GraphState;

/// Ranges offered, as (label, ms).
const RANGES: [(&str, i64); 6] = [
    ("5m", 300_000),
    ("15m", 900_000),
    ("30m", 1_800_000),
    ("1h", 3_600_000),
    ("6h", 21_600_000),
    ("24h", 86_400_000),
];

/// Fixed resolutions offered, as (label, ms).
const STEPS: [(&str, i64); 7] = [
    ("1s", 1_000),
    ("5s", 5_000),
    ("15s", 15_000),
    ("1m", 60_000),
    ("5m", 300_000),
    ("15m", 900_000),
    ("1h", 3_600_000),
];

/// The options row of the graph.
#[component]
pub(super) fn OptionsRow(st: GraphState) -> impl IntoView {
    let ctx = use_ctx();
    // `Some(None)`: a zero range; `Some(Some(e))`: not a duration.
    let custom_error = RwSignal::new(None::<Option<ParseErrorKind>>);
    let custom_text = RwSignal::new(String::new());
    let apply_custom = move || {
        let text = custom_text.get_untracked();
        let text = text.trim();
        if text.is_empty() {
            custom_error.set(None);
            return;
        }
        match parse_duration_ns(text) {
            Ok(ns) if ns >= 1_000_000 => {
                custom_error.set(None);
                st.range_ms
                    .set(i64::try_from(ns / 1_000_000).unwrap_or(i64::MAX));
                st.before_zoom.set(None);
            }
            Ok(_) => custom_error.set(Some(None)),
            Err(e) => custom_error.set(Some(Some(e.into()))),
        }
    };
    let preset = move || {
        let r = st.range_ms.get();
        RANGES
            .iter()
            .find(|(_, ms)| *ms == r)
            .map_or("", |(l, _)| *l)
            .to_string()
    };
    let now = move || ctx.read(|pg| pg.now_ms()).unwrap_or(0);
    let shift = move |dir: i64| {
        let range = st.range_ms.get_untracked();
        let current = st.end_ms.get_untracked().unwrap_or_else(now);
        let next = current + dir * range;
        st.end_ms.set(if next >= now() { None } else { Some(next) });
    };
    let end_text = move || match st.end_ms.get() {
        None => ctx.t().end_live.to_string(),
        Some(t) => format_clock(t, utc_offset_min(), true),
    };
    let step_text = move || {
        let auto = st.step_ms.get().is_none();
        let step = format_signed_duration(st.step());
        if auto {
            format!(
                "{} {step} ({})",
                ctx.t().step_label,
                ctx.t().resolution_auto
            )
        } else {
            format!("{} {step}", ctx.t().step_label)
        }
    };
    let checkbox = move |testid: &'static str,
                         sig: RwSignal<bool>,
                         label: fn(&crate::ui::Texts) -> &'static str| {
        view! {
            <label class="graph-check">
                <input type="checkbox" data-testid=testid prop:checked=move || sig.get()
                    on:change=move |ev| sig.set(event_target_checked(&ev))/>
                <span>{move || label(ctx.t())}</span>
            </label>
        }
    };
    view! {
        <div class="results-options graph-options">
            <label>
                <span>{move || ctx.t().range}</span>
                <select data-testid="range" prop:value=preset on:change=move |ev| {
                    if let Some((_, ms)) = RANGES.iter().find(|(l, _)| *l == event_target_value(&ev)) {
                        st.range_ms.set(*ms);
                        st.before_zoom.set(None);
                    }
                }>
                    {RANGES.iter().map(|(l, _)| view! { <option value=*l>{*l}</option> }).collect_view()}
                    <option value="" disabled=true>{move || format_signed_duration(st.range_ms.get())}</option>
                </select>
            </label>
            <label class="range-custom">
                <input type="text" data-testid="range-custom" size="8"
                    placeholder="45m" aria-label=move || ctx.t().range_custom title=move || ctx.t().range_custom
                    aria-invalid=move || custom_error.get().is_some().to_string()
                    prop:value=move || custom_text.get()
                    on:input=move |ev| custom_text.set(event_target_value(&ev))
                    on:change=move |_| apply_custom()
                    on:keydown=move |ev| if ev.key() == "Enter" { apply_custom() }/>
            </label>
            <div class="end-time" data-testid="end-time" role="group" aria-label=move || ctx.t().end_time
                data-live=move || st.end_ms.get().is_none().to_string()>
                <span class="label">{move || ctx.t().end_time}</span>
                <button data-testid="end-back" title=move || ctx.t().end_back aria-label=move || ctx.t().end_back
                    on:click=move |_| shift(-1)>"«"</button>
                <span class="end-value">{end_text}</span>
                <button data-testid="end-forward" title=move || ctx.t().end_forward aria-label=move || ctx.t().end_forward
                    disabled=move || st.end_ms.get().is_none()
                    on:click=move |_| shift(1)>"»"</button>
                <button data-testid="end-live" title=move || ctx.t().end_now
                    disabled=move || st.end_ms.get().is_none()
                    on:click=move |_| st.end_ms.set(None)>{move || ctx.t().end_now}</button>
            </div>
            <label>
                <span>{move || ctx.t().resolution}</span>
                <select data-testid="resolution" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    st.step_ms.set(STEPS.iter().find(|(l, _)| *l == v).map(|(_, ms)| *ms));
                }>
                    <option value="auto">{move || ctx.t().resolution_auto}</option>
                    {STEPS.iter().map(|(l, _)| view! { <option value=*l>{*l}</option> }).collect_view()}
                </select>
                <span class="step-info" data-testid="step-info">{step_text}</span>
            </label>
            {checkbox("stacked", st.stacked, |t| t.stacked)}
            {checkbox("y-from-zero", st.from_zero, |t| t.y_from_zero)}
            <span title=move || ctx.t().show_samples_hint>{checkbox("show-samples", st.show_samples, |t| t.show_samples)}</span>
            <button data-testid="zoom-reset" disabled=move || st.end_ms.get().is_none() && st.before_zoom.get().is_none()
                on:click=move |_| {
                    if let Some(r) = st.before_zoom.get_untracked() { st.range_ms.set(r) }
                    st.before_zoom.set(None);
                    st.end_ms.set(None);
                }>{move || ctx.t().zoom_reset}</button>
        </div>
        {move || custom_error.get().map(|e| {
            let t = ctx.t();
            let text = match e {
                Some(kind) => format!("{} {}", t.range_custom_error, kind.message(ctx.lang.get())),
                None => t.range_custom_zero.to_string(),
            };
            view! { <div class="error" role="alert" data-testid="range-custom-error">{text}</div> }
        })}
    }
}
