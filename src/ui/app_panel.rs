//! Step 1 of the course: the instrumented Flask app, its code, and its live `/metrics`.

use leptos::prelude::*;

use super::use_ctx;
use crate::sim::Instrumentation;

/// The app's code as the course writes it.
const APP_PY: &str = r#"from flask import Flask
from prometheus_client import Counter, start_http_server

app = Flask(__name__)
REQUESTS = Counter('http_requests_total', 'Nombre total de requêtes HTTP')

@app.route('/')
def hello():
    REQUESTS.inc()
    return "Hello, world!"

if __name__ == '__main__':
    start_http_server(8000)  # /metrics
    app.run()"#;

/// The later step's version: the same counter with `method` and `endpoint` labels,
/// counted for every request before routing.
const APP_PY_PER_ENDPOINT: &str = r#"from flask import Flask, request
from prometheus_client import Counter, start_http_server

app = Flask(__name__)
REQUESTS = Counter('http_requests_total', 'Nombre total de requêtes HTTP',
                   ['method', 'endpoint'])

@app.before_request
def count():
    REQUESTS.labels(method=request.method, endpoint=request.path).inc()

@app.route('/')
def hello():
    return "Hello, world!"

@app.route('/about')
def about():
    return "About this app"

@app.route('/api/users')
def users():
    return '["alice", "bob"]'

if __name__ == '__main__':
    start_http_server(8000)  # /metrics
    app.run()"#;

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
                    <pre class="code" data-testid="app-code">{move || if per_endpoint() { APP_PY_PER_ENDPOINT } else { APP_PY }}</pre>
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
                    <pre class="code metrics" data-testid="metrics-text">{move || highlight_app_lines(&metrics())}</pre>
                </div>
            </div>
        </section>
    }
}
