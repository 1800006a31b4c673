//! The results of the committed query, in three tabs as in Prometheus's expression
//! browser: Graph, Table and Explain.

mod chart_canvas;
mod explain;
mod graph;
mod table;

use leptos::prelude::*;

use crate::ui::use_ctx;

/// Which tab is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Graph,
    Table,
    Explain,
}

/// The tabs over the results of `query`.
#[component]
pub fn Results(query: Signal<String>) -> impl IntoView {
    let ctx = use_ctx();
    let tab = RwSignal::new(Tab::Graph);
    let tab_button =
        move |which: Tab, testid: &'static str, label: fn(&crate::ui::Texts) -> &'static str| {
            view! {
                <button role="tab" data-testid=testid class:active=move || tab.get() == which
                    aria-selected=move || (tab.get() == which).to_string()
                    on:click=move |_| tab.set(which)>{move || label(ctx.t())}</button>
            }
        };
    view! {
        <div class="results">
            <div class="tabs" role="tablist">
                {tab_button(Tab::Graph, "tab-graph", |t| t.tab_graph)}
                {tab_button(Tab::Table, "tab-table", |t| t.tab_table)}
                {tab_button(Tab::Explain, "tab-explain", |t| t.tab_explain)}
            </div>
            {move || match tab.get() {
                Tab::Graph => view! { <graph::GraphView query=query/> }.into_any(),
                Tab::Table => view! { <table::TableView query=query/> }.into_any(),
                Tab::Explain => view! { <explain::ExplainView query=query/> }.into_any(),
            }}
        </div>
    }
}
