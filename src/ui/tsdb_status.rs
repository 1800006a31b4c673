//! The store's size, as Prometheus's Status → TSDB Status page: series and samples held
//! and the retention that bounds them, so a long run shows the store staying flat.

use leptos::prelude::*;

use crate::go::duration::format_duration;

use super::use_ctx;

/// The panel.
#[component]
pub fn TsdbStatus() -> impl IntoView {
    let ctx = use_ctx();
    let counts = move || {
        ctx.read(|pg| {
            let store = pg.store();
            (store.len(), store.sample_count(), store.retention_ms())
        })
        .unwrap_or_default()
    };
    let retention = move || format_duration(u64::try_from(counts().2).unwrap_or(0));
    view! {
        <section class="panel" data-testid="tsdb-status">
            <h2>{move || ctx.t().tsdb_title}</h2>
            <p class="intro">{move || ctx.t().tsdb_intro}</p>
            <dl class="facts">
                <dt>{move || ctx.t().tsdb_series}</dt>
                <dd data-testid="tsdb-series">{move || counts().0.to_string()}</dd>
                <dt>{move || ctx.t().tsdb_samples}</dt>
                <dd data-testid="tsdb-samples">{move || counts().1.to_string()}</dd>
                <dt>{move || ctx.t().tsdb_retention}</dt>
                <dd data-testid="tsdb-retention">{retention}</dd>
            </dl>
        </section>
    }
}
