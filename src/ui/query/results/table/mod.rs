//! The Table tab: the committed query evaluated as an instant query at the simulation's
//! now or at a chosen evaluation time, as Prometheus's table view shows it — one row per
//! series with its value, a range vector's raw `value @ timestamp` samples, warnings and
//! infos, errors. It re-runs when a scrape lands, the time or the query changes, not on
//! every tick. With a server as the source, the same table shows the server's answer.

pub(in crate::ui::query::results) mod cells;

use leptos::prelude::*;

use wasm_bindgen::JsValue;

use crate::go::float::format_shortest;
use crate::promql::{Annotation, QueryResult, Value};
use crate::remote::{ApiCall, ServerAnswer, SourceError};
use crate::ui::source::{fetch, real_now_ms, use_source, Latest};
use crate::ui::{use_ctx, Ctx};

use cells::{error_box, sample_line, series_count, series_labels};

/// A memo of the scrape count: moves only when a scrape landed (the store changed).
pub(in crate::ui::query::results) fn scrapes_memo(ctx: Ctx) -> Memo<u64> {
    Memo::new(move |_| ctx.read(|pg| pg.scrapes()).unwrap_or(0))
}

/// The table of `query`'s instant result.
#[component]
pub fn TableView(query: Signal<String>) -> impl IntoView {
    let ctx = use_ctx();
    let scrapes = scrapes_memo(ctx);
    let at = RwSignal::new(None::<i64>);
    let result = Memo::new(move |_| {
        // Read, not just tracked: a memo runs (and subscribes) only when read.
        let _ = scrapes.get();
        let (q, at) = (query.get(), at.get());
        ctx.pg.try_with_value(|pg| pg.instant(&q, at))
    });
    // On a server: the same query through /api/v1/query at the chosen time (or now).
    let source = use_source();
    let remote = Latest::<Result<ServerAnswer, SourceError>>::new();
    Effect::new(move |_| {
        let (q, at) = (query.get(), at.get());
        match source.server() {
            None => remote.clear(),
            Some((base, _)) => {
                let call = ApiCall::Query {
                    query: q,
                    time_ms: at.unwrap_or_else(real_now_ms),
                };
                remote.run(async move { fetch::query(&base, &call).await });
            }
        }
    });
    let body = move || {
        let t = ctx.t();
        let lang = ctx.lang.get();
        if source.on_server() {
            if source.server().is_none() {
                return view! { <p class="hint">{t.source_not_connected}</p> }.into_any();
            }
            return server_body(remote, ctx).into_any();
        }
        match result.get() {
            None => ().into_any(),
            Some(Err(e)) => error_box(&query.get(), &e, t, lang, "table-error").into_any(),
            Some(Ok(r)) => view! {
                {annotations(&r, &query.get(), ctx)}
                {rows(r.value, ctx)}
            }
            .into_any(),
        }
    };
    view! {
        <div class="table-view" role="tabpanel" data-testid="result-table">
            <EvalTime at=at scrapes=scrapes/>
            {body}
        </div>
    }
}

/// The table of a server's answer: its warnings and infos, its rows, or why it failed.
fn server_body(remote: Latest<Result<ServerAnswer, SourceError>>, ctx: Ctx) -> impl IntoView {
    let t = ctx.t();
    match remote.answer.get() {
        None => {
            view! { <div class="loading" data-testid="source-loading">{t.source_loading}</div> }
                .into_any()
        }
        Some(Err(e)) => source_error(&e, ctx).into_any(),
        Some(Ok(a)) => {
            let notes = |list: Vec<String>, class: &'static str, testid: &'static str| {
                list.into_iter()
                    .map(|w| view! { <div class=format!("annotation {class}") role="status" data-testid=testid>{w}</div> })
                    .collect_view()
            };
            view! {
                {notes(a.warnings, "warning", "table-warning")}
                {notes(a.infos, "info", "table-info")}
                {rows(a.value, ctx)}
            }
            .into_any()
        }
    }
}

/// Why the server did not answer, in the page's language.
pub(in crate::ui::query::results) fn source_error(e: &SourceError, ctx: Ctx) -> impl IntoView {
    view! { <div class="error" role="alert" data-testid="source-error">{e.message(ctx.lang.get())}</div> }
}

/// `ms` as a `datetime-local` input's value, in the viewer's time zone.
fn local_input_value(ms: i64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// The time a `datetime-local` input's value names (the browser reads it in the viewer's
/// time zone); `None` for an empty or unreadable value.
fn from_local_input(value: &str) -> Option<i64> {
    let ms = js_sys::Date::new(&JsValue::from_str(value)).get_time();
    (!value.is_empty() && ms.is_finite()).then_some(ms as i64)
}

/// Prometheus's "Evaluation time" picker: a date and time (empty: now), one minute back
/// or forward, and back to now.
#[component]
fn EvalTime(at: RwSignal<Option<i64>>, scrapes: Memo<u64>) -> impl IntoView {
    let ctx = use_ctx();
    // Live, the picker follows now at each scrape (not each tick, so it can be edited).
    let shown = move || {
        let _ = scrapes.get();
        let ms = at
            .get()
            .or_else(|| ctx.pg.try_with_value(|pg| pg.now_ms() / 1000 * 1000));
        ms.map(local_input_value).unwrap_or_default()
    };
    let shift = move |by: i64| {
        let base = at
            .get_untracked()
            .or_else(|| ctx.pg.try_with_value(|pg| pg.now_ms() / 1000 * 1000));
        at.set(base.map(|t| t + by));
    };
    view! {
        <div class="eval-time">
            <label>
                <span>{move || ctx.t().table_time}</span>
                <input type="datetime-local" step="1" data-testid="table-time"
                    data-live=move || at.get().is_none().to_string()
                    prop:value=shown
                    on:change=move |ev| at.set(from_local_input(&event_target_value(&ev)))/>
            </label>
            <button data-testid="table-time-back" title=move || ctx.t().table_time_back
                on:click=move |_| shift(-60_000)>"«"</button>
            <button data-testid="table-time-forward" title=move || ctx.t().table_time_forward
                on:click=move |_| shift(60_000)>"»"</button>
            <button data-testid="table-time-now" disabled=move || at.get().is_none()
                on:click=move |_| at.set(None)>{move || ctx.t().table_time_now}</button>
        </div>
    }
}

/// The warnings (yellow) and infos (blue) of a result, as Prometheus shows them.
fn annotations(r: &QueryResult, query: &str, ctx: Ctx) -> impl IntoView {
    let lang = ctx.lang.get();
    let boxes = |list: &[Annotation], class: &'static str, testid: &'static str| {
        list.iter()
            .map(|a| {
                view! { <div class=format!("annotation {class}") role="status" data-testid=testid>{a.render(query, lang)}</div> }
            })
            .collect_view()
    };
    view! {
        {boxes(&r.warnings, "warning", "table-warning")}
        {boxes(&r.infos, "info", "table-info")}
    }
}

/// The rows of a value, with the series count above and an empty-result message.
fn rows(value: Value, ctx: Ctx) -> impl IntoView {
    let t = ctx.t();
    let (count, rows) = match value {
        Value::Scalar { v, .. } => (
            None,
            vec![row(view! { <span class="type-name">{t.type_scalar}</span> }.into_any(), format_shortest(v).into_any())],
        ),
        Value::String { s, .. } => (
            None,
            vec![row(view! { <span class="type-name">{t.type_string}</span> }.into_any(), s.into_any())],
        ),
        Value::Vector(samples) => (
            Some(samples.len()),
            samples
                .into_iter()
                .map(|s| row(series_labels(&s.labels).into_any(), format_shortest(s.v).into_any()))
                .collect(),
        ),
        Value::Matrix(series) => (
            Some(series.len()),
            series
                .into_iter()
                .map(|s| {
                    let lines = s
                        .samples
                        .iter()
                        .map(|p| view! { <div class="sample" data-testid="table-sample">{sample_line(p.v, p.t)}</div> })
                        .collect_view();
                    row(series_labels(&s.labels).into_any(), lines.into_any())
                })
                .collect(),
        ),
    };
    let empty = count == Some(0);
    view! {
        {count.map(|n| view! { <div class="result-count" data-testid="table-count">{series_count(t, n)}</div> })}
        {if empty {
            view! { <div class="empty-result" data-testid="table-empty">{t.table_empty}</div> }.into_any()
        } else {
            view! {
                <table class="result-table">
                    <thead><tr><th>{t.col_series}</th><th class="value">{t.col_value}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        }}
    }
}

/// One table row: what (labels or type) and the value cell.
fn row(what: AnyView, value: AnyView) -> impl IntoView {
    view! {
        <tr data-testid="table-row">
            <td class="series">{what}</td>
            <td class="value" data-testid="table-value">{value}</td>
        </tr>
    }
}
