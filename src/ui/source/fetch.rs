//! The browser's `fetch` of one Prometheus API call, bounded by a timeout (an
//! `AbortController` aborts it), its failure classified as the core's [`SourceError`]:
//! a rejected fetch is "unreachable or refused by CORS" (the browser does not tell the
//! page which), an aborted one a timeout.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::set_timeout_with_handle;
use serde_json::Value as Json;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::playground::{GraphAnswer, GraphWindow};
use crate::remote::response::envelope;
use crate::remote::{ApiCall, SourceError};

/// How long a call may take before it is abandoned.
pub const TIMEOUT_MS: u32 = 10_000;

/// The HTTP status and body of `url`, or why none came.
async fn get(url: &str) -> Result<(u16, String), SourceError> {
    let unreachable = || SourceError::Unreachable {
        url: url.to_string(),
    };
    let window = web_sys::window().ok_or_else(unreachable)?;
    let controller = web_sys::AbortController::new().map_err(|_| unreachable())?;
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(&controller.signal()));
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (timed_out.clone(), controller.clone());
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            Duration::from_millis(u64::from(TIMEOUT_MS)),
        )
        .ok()
    };
    let failed = |timed_out: &Cell<bool>| {
        if timed_out.get() {
            SourceError::Timeout {
                url: url.to_string(),
                after_ms: TIMEOUT_MS,
            }
        } else {
            unreachable()
        }
    };
    let result = async {
        let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| failed(&timed_out))?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| unreachable())?;
        let status = resp.status();
        let text = resp.text().map_err(|_| failed(&timed_out))?;
        let body = JsFuture::from(text)
            .await
            .map_err(|_| failed(&timed_out))?
            .as_string()
            .unwrap_or_default();
        Ok((status, body))
    }
    .await;
    if let Some(t) = timer {
        t.clear();
    }
    result
}

/// The `data` of `call` on the server at `base`, or why it failed.
pub async fn api(base: &str, call: &ApiCall) -> Result<Json, SourceError> {
    let (status, body) = get(&call.url(base)).await?;
    envelope(status, &body)
}

/// The body of a query `call` read as a server answer (value, warnings, infos).
pub async fn query(base: &str, call: &ApiCall) -> Result<crate::remote::ServerAnswer, SourceError> {
    let (status, body) = get(&call.url(base)).await?;
    crate::remote::response::query_answer(status, &body)
}

/// The lines of `query` over `window` (ending at `now_ms` when live) from the server's
/// `/api/v1/query_range`, as the Graph tab and the dashboard's panels draw them.
pub async fn range(
    base: &str,
    query: &str,
    window: GraphWindow,
    now_ms: i64,
) -> Result<GraphAnswer, SourceError> {
    let (start_ms, end_ms, step_ms) = window.bounds(now_ms);
    let call = ApiCall::QueryRange {
        query: query.to_string(),
        start_ms,
        end_ms,
        step_ms,
    };
    let answer = self::query(base, &call).await?;
    Ok(GraphAnswer::from_query_text(
        query,
        answer.value,
        window,
        now_ms,
    ))
}
