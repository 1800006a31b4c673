//! The small Grafana (being written).

use leptos::prelude::*;

/// The Grafana section.
#[component]
pub fn Grafana() -> impl IntoView {
    view! { <section class="panel" data-testid="grafana"></section> }
}
