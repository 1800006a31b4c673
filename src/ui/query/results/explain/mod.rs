//! The Explain tab, like PromLens's tree view: the committed query as a tree of cards, one
//! per node, each with its PromQL text, result type, result count at the simulation's
//! now and a plain-language explanation; binary operators between vectors list how their
//! series paired up. Clicking a node previews its result beside the tree. Nodes are
//! evaluated again when a scrape lands or the query changes. With a server as the source,
//! the nodes are evaluated on the server's raw samples and compared with its answer.

mod matching;
mod preview;
mod server;

use std::sync::Arc;

use leptos::prelude::*;

use crate::editing::highlight::segments;
use crate::explain::{explain, flatten, preorder, FlatNode};
use crate::go::float::format_shortest;
use crate::playground::QueryError;
use crate::promql::{parse, EvalError, Value};
use crate::ui::source::use_source;
use crate::ui::{use_ctx, Ctx};

use super::table::cells::{error_box, series_count, type_label};
use super::table::scrapes_memo;

/// Each node's result, by pre-order index.
type Results = Memo<Vec<Result<Value, EvalError>>>;

/// What every node's view reads.
#[derive(Clone, Copy)]
struct Shared {
    ctx: Ctx,
    results: Results,
    /// The node chosen, with the query it was chosen in.
    chosen: RwSignal<Option<(String, usize)>>,
    /// The node chosen in the query shown (a new query starts with none).
    selected: Memo<Option<usize>>,
    query: Signal<String>,
}

/// The explanation of `query`.
#[component]
pub fn ExplainView(query: Signal<String>) -> impl IntoView {
    let ctx = use_ctx();
    let scrapes = scrapes_memo(ctx);
    let parsed = Memo::new(move |_| parse(&query.get()));
    let source = use_source();
    let replay = server::ServerReplay::new(source, query);
    let results: Results = Memo::new(move |_| {
        if source.on_server() {
            return replay.answer.answer.with(|a| match a {
                Some(Ok(r)) => r.nodes.clone(),
                _ => Vec::new(),
            });
        }
        // Read, not just tracked: a memo runs (and subscribes) only when read.
        let _ = scrapes.get();
        parsed.with(|p| match p {
            Ok(expr) => ctx
                .pg
                .try_with_value(|pg| pg.node_values(expr))
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        })
    });
    let chosen = RwSignal::new(None::<(String, usize)>);
    let selected = Memo::new(move |_| {
        chosen.with(|c| match c {
            Some((q, i)) if query.with(|now| now == q) => Some(*i),
            _ => None,
        })
    });
    let shared = Shared {
        ctx,
        results,
        chosen,
        selected,
        query,
    };
    let tree = move || {
        let lang = ctx.lang.get();
        parsed.with(|p| match p {
            Err(e) => error_box(
                &query.get(),
                &QueryError::Parse(e.clone()),
                ctx.t(),
                lang,
                "explain-error",
            )
            .into_any(),
            Ok(expr) => {
                let nodes = Arc::new(flatten(&explain(expr, lang), expr));
                view! { <ul class="explain-root">{node_view(0, nodes, shared)}</ul> }.into_any()
            }
        })
    };
    let side = move || {
        let t = ctx.t();
        let lang = ctx.lang.get();
        if parsed.with(Result::is_err) {
            return ().into_any();
        }
        let Some(i) = selected.get() else {
            return view! { <p class="hint">{t.explain_hint}</p> }.into_any();
        };
        let text = parsed.with(|p| {
            p.as_ref()
                .ok()
                .and_then(|e| preorder(e).get(i).map(|e| e.to_string()))
        });
        let body = results.with(|r| r.get(i).map(|r| preview::preview(r, t, lang)));
        view! {
            <div class="explain-preview" data-testid="explain-preview">
                <div class="preview-title">{t.explain_preview_title}" "<code>{text}</code></div>
                {body}
            </div>
        }
        .into_any()
    };
    view! {
        <div class="explain-view" role="tabpanel" data-testid="explain-tree">
            <div class="explain-main">
                {move || {
                    let shown = source.on_server() && parsed.with(Result::is_ok);
                    shown.then(|| server::replay_line(replay, ctx))
                }}
                {tree}
            </div>
            <aside class="explain-side" class:hidden=move || parsed.with(Result::is_err)>{side}</aside>
        </div>
    }
}

/// A node's result count: series for vectors, the value for a scalar, or the error.
fn count_view(result: Option<&Result<Value, EvalError>>, s: Shared) -> AnyView {
    let t = s.ctx.t();
    match result {
        None => t.explain_not_evaluated.into_any(),
        Some(Ok(Value::Vector(v))) => series_count(t, v.len()).into_any(),
        Some(Ok(Value::Matrix(m))) => series_count(t, m.len()).into_any(),
        Some(Ok(Value::Scalar { v, .. })) => format!("= {}", format_shortest(*v)).into_any(),
        Some(Ok(Value::String { s, .. })) => format!("= \"{s}\"").into_any(),
        Some(Err(e)) => {
            view! { <span class="node-error">{e.message(s.ctx.lang.get())}</span> }.into_any()
        }
    }
}

/// The card of node `i` and, indented below it, its children.
fn node_view(i: usize, nodes: Arc<Vec<FlatNode>>, s: Shared) -> AnyView {
    let Some(node) = nodes.get(i) else {
        return ().into_any();
    };
    let t = s.ctx.t();
    let lang = s.ctx.lang.get_untracked();
    let open = RwSignal::new(true);
    let children = node
        .children
        .iter()
        .map(|&c| node_view(c, nodes.clone(), s))
        .collect_view();
    let has_children = !node.children.is_empty();
    let toggle = has_children.then(|| {
        view! {
            <button class="toggle" aria-expanded=move || open.get().to_string()
                aria-label=move || if open.get() { t.explain_collapse } else { t.explain_expand }
                data-testid="explain-toggle"
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "▾" } else { "▸" }}
            </button>
        }
    });
    // Coloured as the editor colours queries (the `…` holes come out as `hl-other`).
    let label = segments(&node.label, None)
        .into_iter()
        .map(|seg| view! { <span class=seg.css>{seg.text}</span> })
        .collect_view();
    let count = move || s.results.with(|r| count_view(r.get(i), s));
    let matching = node
        .binary
        .clone()
        .map(|b| move || s.results.with(|r| matching::matching_view(&b, r, t, lang)));
    let select = move || s.chosen.set(Some((s.query.get_untracked(), i)));
    view! {
        <li class="explain-item" class:open=move || has_children && open.get()>
            <div class="explain-row">
                {toggle}
                <div class="explain-node" class:selected=move || s.selected.get() == Some(i)
                    data-testid="explain-node" data-kind=format!("{:?}", node.kind)
                    role="button" tabindex="0"
                    aria-pressed=move || (s.selected.get() == Some(i)).to_string()
                    on:click=move |_| select()
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            select();
                        }
                    }>
                    <div class="node-head">
                        <code class="node-label" data-testid="explain-label">{label}</code>
                        <span class="node-type" data-testid="explain-type">{type_label(t, node.value_type)}</span>
                        <span class="node-count" data-testid="explain-count">{count}</span>
                    </div>
                    <p class="node-text" data-testid="explain-text">{node.explanation.clone()}</p>
                    {matching}
                </div>
            </div>
            {has_children.then(|| view! { <ul class="explain-children" class:collapsed=move || !open.get()>{children}</ul> })}
        </li>
    }
    .into_any()
}
