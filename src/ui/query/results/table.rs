//! The Table tab (being written).

use leptos::prelude::*;

/// The table of `query`'s instant result.
#[component]
pub fn TableView(query: Signal<String>) -> impl IntoView {
    view! { <div class="table-view" data-testid="result-table">{move || query.get()}</div> }
}
