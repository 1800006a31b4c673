//! Step 1 of the course: the instrumented Flask app, its code (a later version as its
//! changes from the course's), the version deployed, a request to any path, and its live
//! `/metrics`, as a browser gets it (text 0.0.4) or as Prometheus gets it (OpenMetrics,
//! with the request's `Accept`). Its instances and incidents are in `replicas` and
//! `incidents`.

use leptos::prelude::*;

use super::download::Download;
use super::incidents::Incidents;
use super::replicas::ReplicaList;
use super::{use_ctx, Texts};
use crate::export::{app_file, requirements_file};
use crate::scrape::accept_header;
use crate::share::APP_CODES;
use crate::sim::{
    app_code, code_diff, Change, Instrumentation, CONTENT_TYPE_METRICS, CONTENT_TYPE_OPENMETRICS,
};

/// A version's name in the version list.
fn version_name(t: &Texts, version: Instrumentation) -> &'static str {
    match version {
        Instrumentation::Course => t.version_course,
        Instrumentation::PerEndpoint => t.version_per_endpoint,
        Instrumentation::Production => t.version_production,
    }
}

/// The deploy button's words for deploying `version`.
fn deploy_words(t: &Texts, version: Instrumentation) -> &'static str {
    match version {
        Instrumentation::Course => t.deploy_course,
        Instrumentation::PerEndpoint => t.deploy_per_endpoint,
        Instrumentation::Production => t.deploy_production,
    }
}

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
            // The course's counter, and the production version's histogram.
            let mine = line.starts_with("http_request")
                || line.starts_with("# HELP http_request")
                || line.starts_with("# TYPE http_request");
            view! { <span class:app-metric=mine>{line.to_string()}</span> }
        })
        .collect_view()
}

/// The app panel.
#[component]
pub fn AppPanel() -> impl IntoView {
    let ctx = use_ctx();
    let running = move || ctx.read(|pg| pg.app().is_up()).unwrap_or(false);
    let served = move || ctx.read(|pg| pg.requests_total()).unwrap_or(0.0);
    let response = move || {
        ctx.read(|pg| pg.last_response().map(str::to_string))
            .flatten()
    };
    let sent_duration = move || {
        ctx.read(|pg| {
            pg.last_sent()
                .and_then(|s| s.duration_s)
                .map(|d| format!("{:.1} ms", d * 1000.0))
        })
        .flatten()
    };
    let sent_to = move || {
        ctx.read(|pg| pg.last_sent().map(|s| format!("localhost:{}", s.port)))
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
    let changed = move || instrumentation.get() != Instrumentation::Course;
    // The version to deploy: the learner's choice, else the one after the running one.
    let chosen = RwSignal::new(None::<Instrumentation>);
    let selected = move || chosen.get().unwrap_or_else(|| instrumentation.get().next());
    let on_version = move |ev| {
        let code = event_target_value(&ev);
        if let Some((version, _)) = APP_CODES.iter().find(|(_, c)| *c == code) {
            chosen.set(Some(*version));
        }
    };
    let deploy = move |_| {
        let version = selected();
        ctx.update(|pg| pg.deploy(version));
        chosen.set(None);
    };
    let path = RwSignal::new("/api/users".to_string());
    let send_path = move || {
        let p = path.get_untracked();
        ctx.update(|pg| pg.send_path(&p));
    };
    view! {
        <section class="panel" data-testid="app-panel">
            <h2>{move || ctx.t().app_title}</h2>
            <p class="intro">{move || ctx.t().app_intro}</p>
            <div class="two-cols">
                <div>
                    <div class="file-name">{move || ctx.t().app_code}</div>
                    <Show when=changed>
                        <p class="hint" data-testid="app-code-changes">{move || ctx.t().app_code_changes}</p>
                    </Show>
                    <pre class="code" data-testid="app-code">{move || code_view(instrumentation.get())}</pre>
                    <div class="buttons">
                        <Download testid="export-app" label=|t| t.export_app
                            make=move |()| app_file(instrumentation.get_untracked())/>
                        <Download testid="export-requirements" label=|t| t.export_requirements
                            make=move |()| requirements_file()/>
                    </div>
                    <div class="app-state">
                        <span class=move || if running() { "dot up" } else { "dot down" }></span>
                        <span data-testid="app-status">{move || if running() { ctx.t().app_running } else { ctx.t().app_stopped }}</span>
                    </div>
                    <div class="buttons">
                        <button data-testid="app-restart" on:click=move |_| { ctx.update(|pg| pg.restart_app()); }>
                            {move || ctx.t().restart_app}
                        </button>
                        <label class="version">
                            <span>{move || ctx.t().version_label}</span>
                            <select data-testid="app-version" on:change=on_version>
                                {APP_CODES.iter().map(|&(version, code)| view! {
                                    <option value=code prop:selected=move || selected() == version>
                                        {move || version_name(ctx.t(), version)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        <button data-testid="app-deploy" on:click=deploy>
                            {move || deploy_words(ctx.t(), selected())}
                        </button>
                        <button data-testid="app-toggle" on:click=move |_| { ctx.update(|pg| pg.set_app_running(!pg.app().is_up())); }>
                            {move || if running() { ctx.t().stop_app } else { ctx.t().start_app }}
                        </button>
                    </div>
                    <div class="send-path">
                        <label>
                            <span>{move || ctx.t().send_path_label}</span>
                            <input data-testid="send-path" spellcheck="false" prop:value=move || path.get()
                                on:input=move |ev| path.set(event_target_value(&ev))
                                on:keydown=move |ev| if ev.key() == "Enter" { send_path() }/>
                        </label>
                        <button data-testid="send-path-button" on:click=move |_| send_path()>
                            {move || ctx.t().send_path}
                        </button>
                    </div>
                    <dl class="facts">
                        <dt>{move || ctx.t().requests_served}</dt>
                        <dd data-testid="requests-served">{move || served().to_string()}</dd>
                        <dt>{move || ctx.t().last_response}</dt>
                        <dd data-testid="last-response">{move || response().unwrap_or_else(|| "—".into())}</dd>
                        <dt>{move || ctx.t().last_duration}</dt>
                        <dd data-testid="last-duration">{move || sent_duration().unwrap_or_else(|| "—".into())}</dd>
                        <dt>{move || ctx.t().last_instance}</dt>
                        <dd data-testid="last-instance">{move || sent_to().unwrap_or_else(|| "—".into())}</dd>
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
            <div class="two-cols">
                <ReplicaList/>
                <Incidents/>
            </div>
        </section>
    }
}
