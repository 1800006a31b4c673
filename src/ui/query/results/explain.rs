//! The Explain tab (being written).

use leptos::prelude::*;

/// The explanation of `query`.
#[component]
pub fn ExplainView(query: Signal<String>) -> impl IntoView {
    view! { <div class="explain-view" data-testid="explain-tree">{move || query.get()}</div> }
}
