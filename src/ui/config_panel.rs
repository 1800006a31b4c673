//! Step 2: the editable `prometheus.yml`. A valid edit is applied at once (it takes effect
//! on the next scrape); an invalid one shows where and why, and the last valid
//! configuration keeps running.

use leptos::prelude::*;

use crate::config::ConfigError;

use super::{located, use_ctx};

/// The config panel.
#[component]
pub fn ConfigPanel() -> impl IntoView {
    let ctx = use_ctx();
    let initial = ctx.pg.with_value(|pg| pg.config_text().to_string());
    let error = RwSignal::new(None::<ConfigError>);
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        let result = ctx.update(|pg| pg.apply_config(&text));
        error.set(result.and_then(Result::err));
    };
    view! {
        <section class="panel" data-testid="config-panel">
            <h2>{move || ctx.t().config_title}</h2>
            <p class="intro">{move || ctx.t().config_intro}</p>
            <div class="file-name">"prometheus.yml"</div>
            <textarea class="code editor" data-testid="config-editor" spellcheck="false" rows="12"
                aria-label="prometheus.yml" on:input=on_input>{initial}</textarea>
            {move || match error.get() {
                Some(e) => view! {
                    <div class="error" role="alert" data-testid="config-error">
                        <div>{located(ctx.t().config_error_at, e.position, e.message(ctx.lang.get()))}</div>
                        <div class="hint">{ctx.t().config_kept}</div>
                    </div>
                }.into_any(),
                None => view! { <div class="ok" data-testid="config-ok">{ctx.t().config_ok}</div> }.into_any(),
            }}
        </section>
    }
}
