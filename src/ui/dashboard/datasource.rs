//! The data source form, as Grafana's "Connections → Data sources → Prometheus" page:
//! a name, the Prometheus server URL and "Save & test" with Grafana's answer.

use leptos::prelude::*;

use crate::grafana::{DataSource, PROMETHEUS_URL};
use crate::ui::use_ctx;

use super::use_dashboard;

/// The form.
#[component]
pub fn DataSourceForm() -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let save_test = move |_| {
        let app_running = ctx.pg.try_with_value(|pg| pg.app().is_up()).unwrap_or(true);
        let result = dash.datasource.with_untracked(|ds| ds.test(app_running));
        dash.datasource_test.set(Some(result));
    };
    let status = move || {
        let lang = ctx.lang.get();
        dash.datasource_test.get().map(|r| match r {
            Ok(()) => view! {
                <div class="ds-status ok-box" role="status" data-testid="datasource-status" data-ok="true">
                    <strong>"✔ "{DataSource::success_message(lang)}</strong>
                    <div class="hint">{ctx.t().ds_next}</div>
                </div>
            }
            .into_any(),
            Err(e) => view! {
                <div class="ds-status error" role="alert" data-testid="datasource-status" data-ok="false">
                    {e.message(lang)}
                    {e.hint(lang).map(|h| view! { <div class="hint" data-testid="datasource-hint">{h}</div> })}
                </div>
            }
            .into_any(),
        })
    };
    view! {
        <div class="datasource" data-testid="datasource">
            <div class="ds-path">{move || ctx.t().ds_path}</div>
            <label class="field">
                <span>{move || ctx.t().ds_name}</span>
                <input data-testid="datasource-name" spellcheck="false"
                    prop:value=move || dash.datasource.with(|d| d.name.clone())
                    on:input=move |ev| dash.datasource.update(|d| d.name = event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>{move || ctx.t().ds_url}</span>
                <input class="code" data-testid="datasource-url" spellcheck="false" placeholder=PROMETHEUS_URL
                    prop:value=move || dash.datasource.with(|d| d.url.clone())
                    on:input=move |ev| dash.datasource.update(|d| d.url = event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { save_test(()) }/>
                <span class="hint">{move || ctx.t().ds_url_hint}</span>
            </label>
            <button class="primary" data-testid="datasource-test" on:click=move |_| save_test(())>
                {move || ctx.t().ds_save_test}
            </button>
            {status}
        </div>
    }
}
