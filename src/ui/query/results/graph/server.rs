//! The Graph tab on a server: the lines from `/api/v1/query_range`, and, for the window
//! lens and the raw-sample dots, the raw samples of the query's single selector over the
//! window (counted first, fetched only within the sample budget).

use std::sync::Arc;

use crate::lens::single_selector;
use crate::playground::{raw_samples_on, GraphAnswer, GraphWindow};
use crate::promql::{parse, Engine};
use crate::remote::replay::{counted, window_fetch};
use crate::remote::{Replay, SampleFetch, SourceError, DEFAULT_SAMPLE_BUDGET};
use crate::store::Store;
use crate::ui::source::fetch;

/// A server's graph and the raw samples behind it, when fetched.
pub(super) type ServerGraph = (GraphAnswer, Option<Arc<Store>>);

/// The graph of `query` over `window` at `now_ms` on the server at `base`.
pub(super) async fn server_graph(
    base: String,
    query: String,
    window: GraphWindow,
    now_ms: i64,
    with_samples: bool,
) -> Result<ServerGraph, SourceError> {
    let mut graph = fetch::range(&base, &query, window, now_ms).await?;
    let (start_ms, end_ms, _) = window.bounds(now_ms);
    let Ok(expr) = parse(&query) else {
        return Ok((graph, None));
    };
    let reach = graph
        .lens
        .as_ref()
        .map_or(Engine::default().lookback_ms, |t| t.range_ms);
    let store = match single_selector(&expr) {
        Some((sel, _)) if graph.lens.is_some() || with_samples => {
            raw_store(&base, window_fetch(sel, start_ms, end_ms, reach)).await
        }
        _ => None,
    };
    match &store {
        Some(s) if with_samples => {
            graph.samples = raw_samples_on(s, &expr, &graph.labels, start_ms, end_ms)
        }
        Some(_) => {}
        None => graph.lens = None,
    }
    Ok((graph, store))
}

/// The raw samples of `f` as a store, unless they exceed the budget or fail to come.
async fn raw_store(base: &str, f: SampleFetch) -> Option<Arc<Store>> {
    let n = counted(&fetch::query(base, &f.count_call()).await.ok()?.value);
    if n > DEFAULT_SAMPLE_BUDGET {
        return None;
    }
    let value = fetch::query(base, &f.call()).await.ok()?.value;
    let mut loaded = Replay::new(DEFAULT_SAMPLE_BUDGET);
    loaded.add(&value).ok()?;
    Some(Arc::new(loaded.store()))
}
