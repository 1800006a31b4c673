//! Step 1's picture: the monitoring chain of the course, from traffic to dashboard.

use leptos::prelude::*;

use crate::ui::use_ctx;

/// The chain as boxes and arrows.
#[component]
pub fn Chain() -> impl IntoView {
    let ctx = use_ctx();
    let t = move || ctx.t();
    view! {
        <div class="chain" data-testid="chain" role="img" aria-label=move || t().chain_label>
            <div class="node"><strong>{move || t().chain_users}</strong><span>"GET /"</span></div>
            <div class="arrow">"→"</div>
            <div class="node"><strong>"Flask + prometheus_client"</strong><span>":8000/metrics"</span></div>
            <div class="arrow">{move || t().chain_scrape}</div>
            <div class="node"><strong>"Prometheus"</strong><span>{move || t().chain_prometheus}</span></div>
            <div class="arrow">"PromQL →"</div>
            <div class="node"><strong>"Grafana"</strong><span>{move || t().chain_grafana}</span></div>
        </div>
    }
}
