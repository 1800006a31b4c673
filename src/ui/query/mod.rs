//! Step 4: the expression browser. The editor (`editor`) edits a draft and commits it;
//! the results (`results`) evaluate the committed query and show it as a graph.

pub(crate) mod editor;
mod results;

use leptos::prelude::*;

use super::use_ctx;

/// The query panel: editor above, results below.
#[component]
pub fn QueryPanel() -> impl IntoView {
    let ctx = use_ctx();
    let query = ctx.browser_query;
    let draft = RwSignal::new(query.get_untracked());
    let run = Callback::new(move |()| {
        query.set(draft.get_untracked());
        ctx.query_ran.set(true);
    });
    view! {
        <section class="panel" data-testid="query-panel">
            <h2>{move || ctx.t().query_title}</h2>
            <p class="intro">{move || ctx.t().query_intro}</p>
            <editor::QueryEditor draft=draft on_run=run/>
            <results::Results query=query.into()/>
        </section>
    }
}
