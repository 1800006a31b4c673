//! Step 1 of the course: the instrumented Flask app, its code (a later version as its
//! changes from the course's), and its live `/metrics`, as a browser gets it (text 0.0.4)
//! or as Prometheus gets it (OpenMetrics, with the request's `Accept`).

use leptos::prelude::*;

use super::use_ctx;
use crate::scrape::accept_header;
use crate::sim::{
    app_code, code_diff, Change, Instrumentation, CONTENT_TYPE_METRICS, CONTENT_TYPE_OPENMETRICS,
};

/// Which `/metrics` the panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// What a browser or curl gets: the text format 0.0.4.
    Text,
    /// What Prometheus gets: OpenMetrics 1.0.0.
    OpenMetrics,
}

/// The app's code: the course's file as it is, a later version as the course's file with
/// its added and removed lines marked.
fn code_view(instrumentation: Instrumentation) -> AnyView {
    if instrumentation == Instrumentation::Course {
        return app_code(instrumentation).into_any();
    }
    code_diff(instrumentation)
        .into_iter()
        .map(|line| {
            let kind = match line.change {
                Change::Same => "same",
                Change::Added => "add",
                Change::Removed => "del",
            };
            view! {
                <span class=format!("diff-line diff-{kind}") data-diff=kind>
                    <span class="diff-mark" aria-hidden="true">{line.change.marker()}" "</span>
                    {line.text}"\n"
                </span>
            }
        })
        .collect_view()
        .into_any()
}

/// The page's lines, with the app's own metric (the course's counter) marked so a
/// learner finds it among the library's default metrics. The text stays byte for byte.
fn highlight_app_lines(text: &str) -> impl IntoView {
    text.split_inclusive('\n')
        .map(|line| {
            let mine = line.starts_with("http_requests")
                || line.starts_with("# HELP http_requests")
                || line.starts_with("# TYPE http_requests");
            view! { <span class:app-metric=mine>{line.to_string()}</span> }
        })
        .collect_view()
}

/// The app panel.
#[component]
pub fn AppPanel() -> impl IntoView {
    let ctx = use_ctx();
    let running = move || ctx.read(|pg| pg.app().is_up()).unwrap_or(false);
    let served = move || ctx.read(|pg| pg.app().requests_total()).unwrap_or(0.0);
    let response = move || {
        ctx.read(|pg| pg.last_response().map(str::to_string))
            .flatten()
    };
    let metrics = move || ctx.read(|pg| pg.metrics_preview()).unwrap_or_default();
    let openmetrics = move || ctx.read(|pg| pg.openmetrics_preview()).unwrap_or_default();
    let format = RwSignal::new(Format::Text);
    // A memo: the code is redrawn when the version changes, not at every tick.
    let instrumentation = Memo::new(move |_| {
        ctx.read(|pg| pg.app().instrumentation())
            .unwrap_or_default()
    });
    let format_button =
        move |which: Format, name: &'static str, label: fn(&super::Texts) -> &'static str| {
            view! {
                <button role="tab" data-format=name class:active=move || format.get() == which
                    aria-selected=move || (format.get() == which).to_string()
                    on:click=move |_| format.set(which)>{move || label(ctx.t())}</button>
            }
        };
    let per_endpoint = move || {
        ctx.read(|pg| pg.app().instrumentation() == Instrumentation::PerEndpoint)
            .unwrap_or(false)
    };
    let toggle_version = move |_| {
        ctx.update(|pg| {
            let next = if pg.app().instrumentation() == Instrumentation::PerEndpoint {
                Instrumentation::Course
            } else {
                Instrumentation::PerEndpoint
            };
            pg.deploy(next)
        });
    };
    view! {
        <section class="panel" data-testid="app-panel">
            <h2>{move || ctx.t().app_title}</h2>
            <p class="intro">{move || ctx.t().app_intro}</p>
            <div class="two-cols">
                <div>
                    <div class="file-name">{move || ctx.t().app_code}</div>
                    <Show when=per_endpoint>
                        <p class="hint" data-testid="app-code-changes">{move || ctx.t().app_code_changes}</p>
                    </Show>
                    <pre class="code" data-testid="app-code">{move || code_view(instrumentation.get())}</pre>
                    <div class="app-state">
                        <span class=move || if running() { "dot up" } else { "dot down" }></span>
                        <span data-testid="app-status">{move || if running() { ctx.t().app_running } else { ctx.t().app_stopped }}</span>
                    </div>
                    <div class="buttons">
                        <button data-testid="app-restart" on:click=move |_| { ctx.update(|pg| pg.restart_app()); }>
                            {move || ctx.t().restart_app}
                        </button>
                        <button data-testid="app-deploy" on:click=toggle_version>
                            {move || if per_endpoint() { ctx.t().deploy_course } else { ctx.t().deploy_per_endpoint }}
                        </button>
                        <button data-testid="app-toggle" on:click=move |_| { ctx.update(|pg| pg.set_app_running(!pg.app().is_up())); }>
                            {move || if running() { ctx.t().stop_app } else { ctx.t().start_app }}
                        </button>
                    </div>
                    <dl class="facts">
                        <dt>{move || ctx.t().requests_served}</dt>
                        <dd data-testid="requests-served">{move || served().to_string()}</dd>
                        <dt>{move || ctx.t().last_response}</dt>
                        <dd data-testid="last-response">{move || response().unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                </div>
                <div>
                    <div class="file-name">{move || ctx.t().metrics_title}" — localhost:8000"</div>
                    <div class="tabs" role="tablist" data-testid="metrics-format" aria-label=move || ctx.t().metrics_format>
                        {format_button(Format::Text, "text", |t| t.metrics_format_text)}
                        {format_button(Format::OpenMetrics, "openmetrics", |t| t.metrics_format_openmetrics)}
                    </div>
                    {move || match format.get() {
                        Format::Text => view! {
                            <pre class="code http-headers">"Content-Type: "{CONTENT_TYPE_METRICS}</pre>
                            <pre class="code metrics" data-testid="metrics-text">{move || highlight_app_lines(&metrics())}</pre>
                        }.into_any(),
                        Format::OpenMetrics => view! {
                            <p class="hint">{move || ctx.t().metrics_openmetrics_intro}</p>
                            <pre class="code http-headers" data-testid="metrics-headers">
                                {move || ctx.t().metrics_request}"\nAccept: "{accept_header()}"\n\n"
                                {move || ctx.t().metrics_response}"\nContent-Type: "{CONTENT_TYPE_OPENMETRICS}
                            </pre>
                            <pre class="code metrics" data-testid="metrics-openmetrics">{move || highlight_app_lines(&openmetrics())}</pre>
                        }.into_any(),
                    }}
                </div>
            </div>
        </section>
    }
}
