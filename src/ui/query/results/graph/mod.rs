//! The Graph tab: the query evaluated over a time range (live or ending at a chosen
//! time) at an automatic or fixed resolution, drawn as a Grafana-like panel with a hover
//! tooltip, drag to zoom, the raw scraped samples as dots, an isolating legend, and the
//! window lens that explains one point of a `rate`-like curve. With a server as the
//! source, the lines are the server's `query_range` answer and the lens and dots its raw
//! samples.

mod legend;
mod lens_panel;
mod options_row;
mod server;
mod tooltip;

use leptos::prelude::*;

use crate::chart::{auto_step_ms, ChartData, ChartOptions, Highlight, PlotArea, ValueFormatter};
use crate::lens::Lens;
use crate::playground::{lens_on, GraphAnswer, GraphWindow};
use crate::remote::SourceError;
use crate::ui::source::{real_now_ms, use_source, Latest};
use crate::ui::use_ctx;

use super::chart_canvas::ChartCanvas;

/// The graph's settings and pointer state, shared by its parts.
#[derive(Clone, Copy)]
pub(super) struct GraphState {
    /// Width of the time range, ms.
    pub range_ms: RwSignal<i64>,
    /// Chosen end of the range, ms; `None` follows now (live).
    pub end_ms: RwSignal<Option<i64>>,
    /// Fixed step, ms; `None` is automatic.
    pub step_ms: RwSignal<Option<i64>>,
    /// Stack the series.
    pub stacked: RwSignal<bool>,
    /// Y axis from zero.
    pub from_zero: RwSignal<bool>,
    /// Draw the raw scraped samples.
    pub show_samples: RwSignal<bool>,
    /// The one series shown, by legend name (`None`: all).
    pub isolated: RwSignal<Option<String>>,
    /// Pointer position over the chart, px.
    pub pointer: RwSignal<Option<(f64, f64)>>,
    /// Where the last drawing put the plotting area.
    pub plot: RwSignal<Option<PlotArea>>,
    /// The range before the first zoom (restored by "reset zoom").
    pub before_zoom: RwSignal<Option<i64>>,
}

impl GraphState {
    /// The graph's state; its time range is the page's (see `Ctx::graph_range`).
    fn new(range: crate::ui::GraphRange) -> Self {
        GraphState {
            range_ms: range.range_ms,
            end_ms: range.end_ms,
            step_ms: range.step_ms,
            stacked: RwSignal::new(false),
            from_zero: RwSignal::new(true),
            show_samples: RwSignal::new(false),
            isolated: RwSignal::new(None),
            pointer: RwSignal::new(None),
            plot: RwSignal::new(None),
            before_zoom: RwSignal::new(None),
        }
    }

    /// The step in force.
    fn step(&self) -> i64 {
        self.step_ms
            .get()
            .unwrap_or_else(|| auto_step_ms(self.range_ms.get()))
    }
}

/// The characters before byte `at` (to place a caret under the error).
fn column_of(query: &str, at: usize) -> usize {
    query
        .get(..at.min(query.len()))
        .map_or(0, |s| s.chars().count())
}

/// `data` with every series but `isolated` emptied (colours stay with their series).
fn only(data: &ChartData, isolated: Option<&str>) -> ChartData {
    let mut out = data.clone();
    if let Some(name) = isolated {
        for s in out.series.iter_mut().filter(|s| s.name != name) {
            s.points.clear();
        }
    }
    out
}

/// The lens at the pointer: the explained input series, the line it belongs to, and the
/// value drawn there.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PointedLens {
    /// The explanation.
    pub lens: Lens,
    /// Index of the hovered line.
    pub series: usize,
    /// The line's value at the lens' time.
    pub value: f64,
}

/// The graph of `query`.
#[component]
pub fn GraphView(query: Signal<String>) -> impl IntoView {
    let ctx = use_ctx();
    let st = GraphState::new(ctx.graph_range);
    // Moves when a scrape landed or, when live, the window slid by a step.
    let clock_key = Memo::new(move |_| {
        let step = st.step();
        ctx.read(|pg| (pg.scrapes(), pg.now_ms() / step))
    });
    let result = Memo::new(move |_| {
        let window = GraphWindow {
            range_ms: st.range_ms.get(),
            end_ms: st.end_ms.get(),
            step_ms: st.step(),
        };
        let (q, with_samples) = (query.get(), st.show_samples.get());
        let _ = clock_key.get();
        ctx.pg
            .try_with_value(|pg| pg.graph(&q, window, with_samples))
            .unwrap_or_else(|| Ok(GraphAnswer::default()))
    });
    // On a server: the same window through /api/v1/query_range, ending at the real now.
    let source = use_source();
    let remote = Latest::<Result<server::ServerGraph, SourceError>>::new();
    Effect::new(move |_| {
        let window = GraphWindow {
            range_ms: st.range_ms.get(),
            end_ms: st.end_ms.get(),
            step_ms: st.step(),
        };
        let (q, with_samples) = (query.get(), st.show_samples.get());
        match source.server() {
            None => remote.clear(),
            Some((base, _)) => remote.run(server::server_graph(
                base,
                q,
                window,
                real_now_ms(),
                with_samples,
            )),
        }
    });
    let evaluated = Memo::new(move |_| {
        if source.on_server() {
            remote.answer.with(|a| match a {
                Some(Ok((graph, _))) => graph.clone(),
                _ => GraphAnswer::default(),
            })
        } else {
            result.get().unwrap_or_default()
        }
    });
    let shown = Memo::new(move |_| only(&evaluated.get().data, st.isolated.get().as_deref()));
    let lens = Memo::new(move |_| {
        let server_store = source.on_server().then(|| {
            remote.answer.with(|a| match a {
                Some(Ok((_, store))) => store.clone(),
                _ => None,
            })
        });
        pointed_lens(ctx, st, evaluated, shown, server_store)
    });
    let options = Memo::new(move |_| {
        let ev = evaluated.get();
        let isolated = st.isolated.get();
        let samples = if st.show_samples.get() {
            ev.samples
                .iter()
                .zip(&ev.data.series)
                .map(|(s, line)| match &isolated {
                    Some(name) if *name != line.name => Vec::new(),
                    _ => s.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let stacked = st.stacked.get();
        // Stacked lines sit at cumulative heights: the lens' own point would mislead there.
        let highlight = lens.get().map(|p| Highlight {
            point: (!stacked).then_some((p.lens.t, p.value)),
            ..highlight_of(&p)
        });
        ChartOptions {
            stacked,
            from_zero: st.from_zero.get(),
            thresholds: Vec::new(),
            samples,
            samples_own_axis: !ev.same_units || highlight.is_some(),
            highlight,
            y_format: ValueFormatter::default(),
            samples_axis_title: ctx.t().samples_axis.to_string(),
            lang: ctx.lang.get(),
        }
    });
    let on_zoom = Callback::new(move |(a, b): (i64, i64)| {
        if st.before_zoom.get_untracked().is_none() {
            st.before_zoom.set(Some(st.range_ms.get_untracked()));
        }
        st.range_ms.set((b - a).max(1_000));
        st.end_ms.set(Some(b));
        st.pointer.set(None);
    });
    let server_error = move || {
        if !source.on_server() {
            return None;
        }
        let lang = ctx.lang.get();
        remote.answer.get().and_then(Result::err).map(|e| {
            view! { <div class="error" role="alert" data-testid="source-error">{e.message(lang)}</div> }
        })
    };
    let error = move || {
        if source.on_server() {
            return None;
        }
        result.get().err().map(|e| {
            let q = query.get();
            let (col, width) = e.span().map_or((0, 0), |s| {
                let col = column_of(&q, s.start);
                (col, column_of(&q, s.end).saturating_sub(col).max(1))
            });
            let caret = format!("{}{}", " ".repeat(col), "^".repeat(width));
            let at = ctx
                .t()
                .query_error_at
                .replace("{col}", &(col + 1).to_string());
            view! {
                <div class="error" role="alert" data-testid="query-error">
                    <div>{at}" "{e.message(ctx.lang.get())}</div>
                    <pre class="caret">{q}"\n"{caret}</pre>
                </div>
            }
        })
    };
    let data: Signal<ChartData> = shown.into();
    let empty = move || {
        let answered = if source.on_server() {
            remote.answer.with(|a| matches!(a, Some(Ok(_))))
        } else {
            result.with(Result::is_ok)
        };
        answered && evaluated.with(|e| e.data.series.is_empty())
    };
    let has_lens = Signal::derive(move || evaluated.get().lens.is_some());
    let aggregated = Signal::derive(move || evaluated.get().lens.is_some_and(|t| t.aggregated));
    view! {
        <div class="graph-view">
            <options_row::OptionsRow st=st/>
            {error}
            {server_error}
            <div class="chart-wrap">
                <ChartCanvas data=data options=options.into() plot=st.plot pointer=st.pointer on_zoom=on_zoom
                    range_ms=Signal::derive(move || st.range_ms.get())
                    live=Signal::derive(move || st.end_ms.get().is_none())/>
                <tooltip::Tooltip st=st data=data/>
                <Show when=empty><div class="no-data">{move || ctx.t().no_data}</div></Show>
            </div>
            <Show when=move || has_lens.get()>
                <lens_panel::LensPanel lens=lens aggregated=aggregated/>
            </Show>
            <legend::Legend st=st data=Signal::derive(move || evaluated.get().data)/>
        </div>
    }
}

/// The lens under the pointer, when the query qualifies: the nearest line to the
/// pointer at the nearest step, explained on its input series (in `server_store` when the
/// source is a server).
fn pointed_lens(
    ctx: crate::ui::Ctx,
    st: GraphState,
    evaluated: Memo<GraphAnswer>,
    shown: Memo<ChartData>,
    server_store: Option<Option<std::sync::Arc<crate::store::Store>>>,
) -> Option<PointedLens> {
    let ev = evaluated.get();
    ev.lens.as_ref()?;
    let (x, y) = st.pointer.get()?;
    let area = st.plot.get()?;
    let (at, values) = shown.get().values_at(area.time_at(x));
    let &(series, value) = values.iter().min_by(|a, b| {
        let da = (area.y_of(a.1) - y).abs();
        let db = (area.y_of(b.1) - y).abs();
        da.total_cmp(&db)
    })?;
    let lens = match server_store {
        // On a server: the raw samples fetched for the window.
        Some(store) => lens_on(store.as_deref()?, &ev, series, at)?,
        None => ctx.read(|pg| pg.lens_at(&ev, series, at)).flatten()?,
    };
    Some(PointedLens {
        lens,
        series,
        value,
    })
}

/// The chart overlay of a pointed lens.
fn highlight_of(p: &PointedLens) -> Highlight {
    let l = &p.lens;
    let pts = |s: &crate::store::Sample| (s.t, s.v);
    let extrapolated = match (l.extrapolated, l.included.first(), l.included.last()) {
        (Some((a, b)), Some(first), Some(last)) => vec![[a, pts(first)], [pts(last), b]],
        _ => Vec::new(),
    };
    Highlight {
        window: l.window,
        included: l.included.iter().map(pts).collect(),
        excluded: l.excluded.iter().map(pts).collect(),
        extrapolated,
        point: Some((l.t, p.value)),
    }
}
