//! Explain on a server: the raw samples of the query's selectors fetched within the
//! sample budget (counted first, then fetched one selector at a time, with progress and
//! a cancel button), each node evaluated by Sonde's engine on them, and the comparison
//! line with the server's own answer.

use leptos::prelude::*;

use crate::promql::ast::Expr;
use crate::promql::{parse, EvalError, Value};
use crate::remote::replay::{compare, counted, evaluate, likely_reason, plan, Difference, Reason};
use crate::remote::{ApiCall, Replay, ServerInfo, SourceError, DEFAULT_SAMPLE_BUDGET};
use crate::ui::source::{fetch, real_now_ms, Latest, Source};

/// How far back Explain asks a server, in ms: past Prometheus's default scrape timeout.
const SETTLED_MS: i64 = 10_000;
use crate::ui::Ctx;

/// What a replay on the server gave.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Replayed {
    /// Each node's value on the fetched samples, in pre-order.
    pub nodes: Vec<Result<Value, EvalError>>,
    /// How Sonde's answer differs from the server's.
    pub diffs: Vec<Difference>,
    /// The likely reason.
    pub reason: Reason,
}

/// Fetch progress: selectors done, selectors in all, samples held.
type Progress = (usize, usize, usize);

/// The replay of the committed query on the connected server, redone when the query or
/// the server changes.
#[derive(Clone, Copy)]
pub(super) struct ServerReplay {
    pub answer: Latest<Result<Replayed, SourceError>>,
    pub progress: RwSignal<Option<Progress>>,
    /// No server connected yet.
    pub idle: RwSignal<bool>,
}

impl ServerReplay {
    /// Starts following `query` on `source`.
    pub fn new(source: Source, query: Signal<String>) -> Self {
        let me = ServerReplay {
            answer: Latest::new(),
            progress: RwSignal::new(None),
            idle: RwSignal::new(true),
        };
        Effect::new(move |_| {
            let q = query.get();
            let target = (source.server(), parse(&q));
            me.idle.set(target.0.is_none());
            match target {
                (Some((base, info)), Ok(expr)) => {
                    // A whole second 10 s back: Prometheus stamps a scrape's samples
                    // with its start and stores them at its end, up to the default
                    // scrape_timeout (10 s) later, so a later scrape cannot slip in
                    // between the fetch of the raw samples and the server's own answer.
                    let t = (real_now_ms() - SETTLED_MS) / 1000 * 1000;
                    let generation = me.answer.current() + 1;
                    let live = move || me.answer.is_current(generation);
                    let progress = me.progress;
                    me.answer.run(async move {
                        replay(&base, &info, &q, &expr, t, progress, live).await
                    });
                }
                _ => me.answer.clear(),
            }
        });
        me
    }

    /// Stops the fetching.
    pub fn cancel(self) {
        self.answer.clear();
        self.answer.answer.set(Some(Err(SourceError::Cancelled)));
    }
}

/// Fetches `expr`'s raw samples at `t_ms`, evaluates it on them and compares with the
/// server's answer; stops when `live` turns false.
async fn replay(
    base: &str,
    info: &ServerInfo,
    query: &str,
    expr: &Expr,
    t_ms: i64,
    progress: RwSignal<Option<Progress>>,
    live: impl Fn() -> bool,
) -> Result<Replayed, SourceError> {
    let lookback = crate::promql::Engine::default().lookback_ms;
    let fetches = plan(expr, t_ms, lookback);
    let n = fetches.len();
    let mut loaded = Replay::new(DEFAULT_SAMPLE_BUDGET);
    progress.set(Some((0, n, 0)));
    // Count first, so a query over too many samples fetches none.
    let mut total = 0;
    for f in &fetches {
        let a = fetch::query(base, &f.count_call()).await?;
        total += counted(&a.value);
        if !live() {
            return Err(SourceError::Cancelled);
        }
        if !loaded.fits(total) {
            return Err(SourceError::TooManySamples {
                budget: loaded.budget(),
            });
        }
    }
    for (i, f) in fetches.iter().enumerate() {
        let a = fetch::query(base, &f.call()).await?;
        if !live() {
            return Err(SourceError::Cancelled);
        }
        loaded.add(&a.value)?;
        progress.set(Some((i + 1, n, loaded.samples())));
    }
    let server = fetch::query(
        base,
        &ApiCall::Query {
            query: query.to_string(),
            time_ms: t_ms,
        },
    )
    .await?;
    let store = loaded.store();
    let (nodes, whole) = evaluate(&store, expr, t_ms);
    let ours = whole.map(|r| r.value).unwrap_or(Value::Vector(Vec::new()));
    let diffs = compare(&ours, &server.value);
    let reason = likely_reason(expr, &store, t_ms, info, &server.value, &diffs);
    Ok(Replayed {
        nodes,
        diffs,
        reason,
    })
}

/// The replay's line above the tree: progress and cancel, the comparison, or the error.
pub(super) fn replay_line(r: ServerReplay, ctx: Ctx) -> impl IntoView {
    let t = ctx.t();
    let lang = ctx.lang.get();
    let body = match r.answer.answer.get() {
        None if r.idle.get() => view! { <span>{t.source_not_connected}</span> }.into_any(),
        None => {
            let (done, total, samples) = r.progress.get().unwrap_or((0, 0, 0));
            let text = t
                .replay_progress
                .replace("{done}", &done.to_string())
                .replace("{total}", &total.to_string())
                .replace("{samples}", &samples.to_string())
                .replace("{budget}", &DEFAULT_SAMPLE_BUDGET.to_string());
            view! {
                <span data-testid="replay-progress">{text}</span>
                " "<button data-testid="replay-cancel" on:click=move |_| r.cancel()>{t.replay_cancel}</button>
            }
            .into_any()
        }
        Some(Err(e)) => {
            view! { <span class="error" role="alert" data-testid="source-error">{e.message(lang)}</span> }
                .into_any()
        }
        Some(Ok(done)) => {
            let same = done.diffs.is_empty();
            let line = crate::remote::replay::summary(&done.diffs, &done.reason, lang);
            view! { <span data-testid="server-compare" class:same=same class:differs=!same>{line}</span> }
                .into_any()
        }
    };
    view! {
        <div class="server-replay">
            <p class="hint">{t.replay_note}</p>
            <p>{body}</p>
        </div>
    }
}
