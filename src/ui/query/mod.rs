//! Step 4: the expression browser. The editor (`editor`) edits a draft and commits it;
//! the results (`results`) evaluate the committed query and show it as a graph. As in
//! Prometheus's UI, "Add query" puts more queries below the first, each with its own
//! editor and results, to compare them side by side.

pub(crate) mod editor;
mod results;

use leptos::prelude::*;

use super::download::Download;
use super::use_ctx;
use crate::export::openmetrics_file;

/// A query added below the first: its id (keys its view) and committed text.
#[derive(Clone, Copy)]
struct AddedQuery {
    id: u64,
    query: RwSignal<String>,
}

/// An added query: its editor, results, and a button to remove it.
#[component]
fn AddedQueryView(added: AddedQuery, on_remove: Callback<u64>) -> impl IntoView {
    let ctx = use_ctx();
    let draft = RwSignal::new(String::new());
    let query = added.query;
    let run = Callback::new(move |()| query.set(draft.get_untracked()));
    view! {
        <div class="added-query" data-testid="added-query">
            <button class="remove-query" data-testid="remove-query" title=move || ctx.t().remove_query
                on:click=move |_| on_remove.run(added.id)>"×"</button>
            <editor::QueryEditor draft=draft on_run=run ids=editor::EditorIds::ADDED
                popup_id=format!("added-query-popup-{}", added.id)/>
            <results::Results query=query.into()/>
        </div>
    }
}

/// The query panel: editor above, results below, and the queries added after it.
#[component]
pub fn QueryPanel() -> impl IntoView {
    let ctx = use_ctx();
    let query = ctx.browser_query;
    let draft = RwSignal::new(query.get_untracked());
    let run = Callback::new(move |()| {
        query.set(draft.get_untracked());
        ctx.query_ran.set(true);
    });
    let added = RwSignal::new(Vec::<AddedQuery>::new());
    let next_id = StoredValue::new(0_u64);
    let add = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let query = RwSignal::new(String::new());
        added.update(|list| list.push(AddedQuery { id, query }));
    };
    let remove = Callback::new(move |id: u64| added.update(|list| list.retain(|a| a.id != id)));
    view! {
        <section class="panel" data-testid="query-panel">
            <h2>{move || ctx.t().query_title}</h2>
            <p class="intro">{move || ctx.t().query_intro}</p>
            <crate::ui::source::SourcePicker/>
            <editor::QueryEditor draft=draft on_run=run/>
            <results::Results query=query.into()/>
            <For each=move || added.get() key=|a| a.id
                children=move |a| view! { <AddedQueryView added=a on_remove=remove/> }/>
            <button class="add-query" data-testid="add-query" on:click=add>{move || ctx.t().add_query}</button>
            <div class="buttons export">
                <Download testid="export-openmetrics" label=|t| t.export_openmetrics
                    make=move |()| ctx.pg.with_value(|pg| openmetrics_file(pg.store()))/>
                <span class="hint">{move || ctx.t().export_openmetrics_hint}</span>
            </div>
        </section>
    }
}
