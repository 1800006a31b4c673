//! The app's instances: one row per replica with its ports, state and its own start, stop
//! and restart, and a button that starts one more.

use leptos::prelude::*;

use super::use_ctx;
use crate::sim::MAX_REPLICAS;

/// The instances' list.
#[component]
pub fn ReplicaList() -> impl IntoView {
    let ctx = use_ctx();
    // A memo: the rows are redrawn when a replica changes, not at every tick.
    let rows = Memo::new(move |_| {
        ctx.read(|pg| {
            pg.replicas()
                .iter()
                .map(|a| (a.metrics_port(), a.flask_port(), a.is_up()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let full = move || rows.with(|r| r.len() >= MAX_REPLICAS);
    let row = move |i: usize, (metrics, flask, up): (u16, u16, bool)| {
        view! {
            <li class="replica" data-testid="instance-row" data-port=metrics data-up=up.to_string()>
                <span class=if up { "dot up" } else { "dot down" }></span>
                <code>{format!("localhost:{metrics}")}</code>
                <span class="hint">{format!("Flask :{flask}")}</span>
                <span>{move || if up { ctx.t().replica_running } else { ctx.t().replica_stopped }}</span>
                <span class="buttons">
                    <button data-testid="instance-start" disabled=up
                        on:click=move |_| { ctx.update(|pg| pg.set_replica_running(i, true)); }>
                        {move || ctx.t().replica_start}
                    </button>
                    <button data-testid="instance-stop" disabled=!up
                        on:click=move |_| { ctx.update(|pg| pg.set_replica_running(i, false)); }>
                        {move || ctx.t().replica_stop}
                    </button>
                    <button data-testid="instance-restart"
                        on:click=move |_| { ctx.update(|pg| pg.restart_replica(i)); }>
                        {move || ctx.t().replica_restart}
                    </button>
                </span>
            </li>
        }
    };
    view! {
        <div class="replicas" data-testid="instances">
            <h3>{move || ctx.t().replicas_title}</h3>
            <p class="hint">{move || ctx.t().replicas_hint}</p>
            <ul class="replica-list">
                {move || rows.get().into_iter().enumerate().map(|(i, r)| row(i, r)).collect_view()}
            </ul>
            <button data-testid="instance-add" disabled=full
                on:click=move |_| { ctx.update(|pg| pg.add_replica()); }>
                {move || ctx.t().replica_add}
            </button>
        </div>
    }
}
