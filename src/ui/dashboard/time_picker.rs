//! The dashboard's time picker, as Grafana's: a relative range ("Last 5m"...) that follows
//! now, or an absolute From/To pair typed in the viewer's time zone and applied; choosing
//! a relative range again goes back to following now.

use leptos::prelude::*;

use crate::grafana::{absolute_range, format_datetime_local, DashboardTime, TimeRangeError};
use crate::ui::{use_ctx, utc_offset_min};

use super::use_dashboard;

/// Time ranges of the relative picker, as (label, ms).
pub(super) const RANGES: [(&str, i64); 7] = [
    ("5m", 300_000),
    ("15m", 900_000),
    ("30m", 1_800_000),
    ("1h", 3_600_000),
    ("6h", 21_600_000),
    ("12h", 43_200_000),
    ("24h", 86_400_000),
];

/// The picker's value while the range is absolute.
const ABSOLUTE: &str = "absolute";

/// The relative select, the From/To fields and Apply.
#[component]
pub fn TimePicker() -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let error = RwSignal::new(None::<TimeRangeError>);
    // The From/To fields show the range in force.
    let fill = move || {
        let time = DashboardTime {
            range_ms: dash.range_ms.get_untracked(),
            end_ms: dash.end_ms.get_untracked(),
        };
        let now = ctx.pg.try_with_value(|pg| pg.now_ms()).unwrap_or(0);
        let (start, end) = time.window(now);
        from.set(format_datetime_local(start, utc_offset_min()));
        to.set(format_datetime_local(end, utc_offset_min()));
    };
    fill();
    let on_range = move |ev| {
        let label = event_target_value(&ev);
        if let Some((_, ms)) = RANGES.iter().find(|(l, _)| *l == label) {
            dash.range_ms.set(*ms);
            dash.end_ms.set(None);
            error.set(None);
            fill();
        }
    };
    let apply =
        move |_| match absolute_range(&from.get_untracked(), &to.get_untracked(), utc_offset_min())
        {
            Ok(time) => {
                dash.range_ms.set(time.range_ms);
                dash.end_ms.set(time.end_ms);
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        };
    let absolute = move || dash.end_ms.with(Option::is_some);
    let relative_is = move |ms: i64| !absolute() && dash.range_ms.get() == ms;
    view! {
        <div class="dash-time">
            <label class="dash-range">
                <span>{move || ctx.t().dash_range}</span>
                <select data-testid="dashboard-range" on:change=on_range>
                    {RANGES.iter().map(|&(l, ms)| view! {
                        <option value=l prop:selected=move || relative_is(ms)>{move || format!("{} {l}", ctx.t().dash_last)}</option>
                    }).collect_view()}
                    <option value=ABSOLUTE disabled prop:selected=absolute>{move || ctx.t().dash_absolute}</option>
                </select>
            </label>
            <label class="dash-range">
                <span>{move || ctx.t().dash_from}</span>
                <input type="datetime-local" step="1" data-testid="dashboard-from"
                    prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
            </label>
            <label class="dash-range">
                <span>{move || ctx.t().dash_to}</span>
                <input type="datetime-local" step="1" data-testid="dashboard-to"
                    prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </label>
            <button data-testid="dashboard-time-apply" title=move || ctx.t().dash_time_zone
                on:click=apply>{move || ctx.t().dash_apply}</button>
            {move || error.get().map(|e| view! {
                <div class="error field-error" role="alert" data-testid="dashboard-time-error">{e.message(ctx.lang.get())}</div>
            })}
        </div>
    }
}
