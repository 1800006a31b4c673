//! The query input: a draft that Enter or the Execute button commits.

use leptos::prelude::*;

use crate::ui::use_ctx;

/// The editor: edits `draft`, calls `on_run` to commit it.
#[component]
pub fn QueryEditor(draft: RwSignal<String>, on_run: Callback<()>) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="query-row">
            <input class="code query" data-testid="query-input" spellcheck="false" aria-label="PromQL"
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { on_run.run(()) }/>
            <button class="primary" data-testid="query-run" on:click=move |_| on_run.run(())>{move || ctx.t().run_query}</button>
        </div>
    }
}
