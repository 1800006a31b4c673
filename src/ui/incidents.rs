//! Incidents on demand: one button per kind, the endpoint a latency spike or an error
//! burst hits, and the log of incidents with their start and end times.

use leptos::prelude::*;

use super::{use_ctx, utc_offset_min};
use crate::chart::format_clock;
use crate::sim::{Incident, IncidentKind, MIX_ENDPOINTS};

/// The incident buttons and log.
#[component]
pub fn Incidents() -> impl IntoView {
    let ctx = use_ctx();
    let endpoint = RwSignal::new(None::<&'static str>);
    let trigger = move |kind: IncidentKind| {
        let path = endpoint.get_untracked();
        ctx.update(|pg| pg.trigger(kind, path));
    };
    // A memo: the log is redrawn when it changes (an incident starts or ends), not at
    // every tick.
    let log = Memo::new(move |_| {
        ctx.read(|pg| {
            let now = pg.now_ms();
            pg.incidents()
                .iter()
                .map(|i| (i.clone(), i.end_ms > now))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let entry = move |(incident, ongoing): (Incident, bool)| {
        let time = |ms| format_clock(ms, utc_offset_min(), true);
        let span = if incident.start_ms == incident.end_ms {
            time(incident.start_ms)
        } else {
            format!("{} → {}", time(incident.start_ms), time(incident.end_ms))
        };
        let kind = incident.kind.id();
        view! {
            <li data-kind=kind data-ongoing=ongoing.to_string()>
                <code>{span}</code>" "
                {move || incident.describe(ctx.lang.get())}
                {move || ongoing.then(|| format!(" ({})", ctx.t().incident_ongoing))}
            </li>
        }
    };
    view! {
        <div class="incidents">
            <h3>{move || ctx.t().incidents_title}</h3>
            <p class="hint">{move || ctx.t().incidents_intro}</p>
            <label class="incident-endpoint">
                <span>{move || ctx.t().incident_endpoint}</span>
                <select data-testid="incident-endpoint"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        endpoint.set(MIX_ENDPOINTS.iter().copied().find(|p| *p == value));
                    }>
                    <option value="" selected=true>"—"</option>
                    {MIX_ENDPOINTS.map(|p| view! { <option value=p>{p}</option> }).collect_view()}
                </select>
            </label>
            <div class="buttons">
                {IncidentKind::ALL.map(|kind| view! {
                    <button data-testid=format!("incident-{}", kind.id()) on:click=move |_| trigger(kind)>
                        {move || kind.name(ctx.lang.get())}
                    </button>
                }).collect_view()}
            </div>
            <ol class="incident-log" data-testid="incident-log">
                {move || {
                    let entries = log.get();
                    if entries.is_empty() {
                        view! { <li class="hint">{move || ctx.t().incident_log_empty}</li> }.into_any()
                    } else {
                        entries.into_iter().map(entry).collect_view().into_any()
                    }
                }}
            </ol>
        </div>
    }
}
