//! The Graph tab: the slide-5 chart and its legend. The query is evaluated over the
//! chosen range before now, at a step chosen as Grafana chooses it, and redrawn live.

use leptos::prelude::*;

use crate::chart::{css_color, format_value, ChartData};
use crate::playground::QueryError;

use super::chart_canvas::ChartCanvas;
use crate::ui::use_ctx;

/// Ranges offered, as (label, ms).
const RANGES: [(&str, i64); 6] = [
    ("5m", 300_000),
    ("15m", 900_000),
    ("30m", 1_800_000),
    ("1h", 3_600_000),
    ("6h", 21_600_000),
    ("24h", 86_400_000),
];

/// A step giving at most ~300 points over `range_ms`, rounded to a round duration.
fn auto_step_ms(range_ms: i64) -> i64 {
    const NICE: [i64; 10] = [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
    ];
    let raw = range_ms / 300;
    NICE.iter()
        .copied()
        .find(|&s| s >= raw)
        .unwrap_or(3_600_000)
}

/// The characters before byte `at` (to place a caret under the error).
fn column_of(query: &str, at: usize) -> usize {
    query
        .get(..at.min(query.len()))
        .map_or(0, |s| s.chars().count())
}

/// The graph of `query`.
#[component]
pub fn GraphView(query: Signal<String>) -> impl IntoView {
    let ctx = use_ctx();
    let range_ms = RwSignal::new(300_000_i64);
    let result = RwSignal::new(Ok::<ChartData, QueryError>(ChartData::default()));
    Effect::new(move |_| {
        let range = range_ms.get();
        let step = auto_step_ms(range);
        let q = query.get();
        // Recompute when a scrape landed or the window moved by a step.
        let _ = ctx.read(|pg| (pg.scrapes(), pg.now_ms() / step));
        if let Some(r) = ctx.pg.try_with_value(|pg| pg.query_chart(&q, range, step)) {
            result.set(r);
        }
    });
    let data = Signal::derive(move || result.get().unwrap_or_default());
    let error = move || {
        result.get().err().map(|e| {
            let q = query.get();
            let (col, width) = e.span().map_or((0, 0), |s| (column_of(&q, s.start), column_of(&q, s.end).saturating_sub(column_of(&q, s.start)).max(1)));
            let caret = format!("{}{}", " ".repeat(col), "^".repeat(width));
            view! {
                <div class="error" role="alert" data-testid="query-error">
                    <div>{ctx.t().query_error_at.replace("{col}", &(col + 1).to_string())}" "{e.message(ctx.lang.get())}</div>
                    <pre class="caret">{q}"\n"{caret}</pre>
                </div>
            }
        })
    };
    let legend = move || {
        let t = ctx.t();
        data.get()
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (min, max, last) = s.stats().map_or(("—".into(), "—".into(), "—".into()), |(a, b, c)| (format_value(a), format_value(b), format_value(c)));
                view! {
                    <tr data-testid="legend-row">
                        <td><span class="swatch" style=format!("background:{}", css_color(i))></span>{s.name.clone()}</td>
                        <td title=t.legend_min>{min}</td>
                        <td title=t.legend_max>{max}</td>
                        <td title=t.legend_last data-testid="legend-last">{last}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let empty = move || result.get().is_ok() && data.get().series.is_empty();
    view! {
        <div class="graph-view">
            <div class="results-options">
                <label>
                    <span>{move || ctx.t().range}</span>
                    <select data-testid="range" on:change=move |ev| {
                        if let Some((_, ms)) = RANGES.iter().find(|(l, _)| *l == event_target_value(&ev)) { range_ms.set(*ms) }
                    }>
                        {RANGES.iter().map(|(l, _)| view! { <option value=*l>{*l}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            {error}
            <div class="chart-wrap">
                <ChartCanvas data=data/>
                <Show when=empty><div class="no-data">{move || ctx.t().no_data}</div></Show>
            </div>
            <table class="legend" data-testid="legend">
                <thead><tr>
                    <th>{move || format!("{} {}", data.get().series.len(), ctx.t().series_count)}</th>
                    <th>{move || ctx.t().legend_min}</th>
                    <th>{move || ctx.t().legend_max}</th>
                    <th>{move || ctx.t().legend_last}</th>
                </tr></thead>
                <tbody>{legend}</tbody>
            </table>
        </div>
    }
}
