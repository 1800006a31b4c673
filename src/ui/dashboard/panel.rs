//! One dashboard panel with Grafana's chrome: a header (title, alert badge, edit and
//! remove buttons), the chart with its threshold lines and alert lane (or its Stat numbers,
//! or its Heatmap), the step and intervals its query ran with, and a legend with values
//! in the panel's unit. In edit mode it spans the dashboard's width and shows the
//! query box under the preview and the options on the right. With a server as the
//! source, the panel's query runs on the server.

use leptos::prelude::*;

use crate::alert::AlertState;
use crate::chart::{css_color, format_clock};
use crate::grafana::variables::GRAFANA_DEFAULT_SCRAPE_INTERVAL_MS;
use crate::grafana::{
    panel_data, panel_query, panel_step, panel_vars, refresh_key, run_panel, IntervalVars,
    PanelData, PanelSpec, Refresh, RefreshClocks, Visualization,
};
use crate::playground::GraphWindow;
use crate::remote::SourceError;
use crate::ui::source::{fetch, real_now_ms, use_source, Latest};
use crate::ui::{use_ctx, utc_offset_min};

use super::chart::{AlertLane, Drawn, PanelChart};
use super::editor::{PanelOptions, QueryBox};
use super::heatmap::HeatmapChart;
use super::intervals::Intervals;
use super::stat::StatView;
use super::use_dashboard;

/// A panel's data from the server at `base`: `query` over `window`, drawn as `spec` says
/// (alert rules run on the simulation only).
async fn server_panel(
    base: String,
    spec: PanelSpec,
    query: String,
    window: GraphWindow,
) -> Result<PanelData, SourceError> {
    let now = window.end_ms.unwrap_or_else(real_now_ms);
    let graph = fetch::range(&base, &query, window, now).await?;
    Ok(panel_data(&spec, Ok(graph)))
}

/// The panel `id`.
#[component]
pub fn PanelView(id: u64) -> impl IntoView {
    let ctx = use_ctx();
    let dash = use_dashboard();
    let editing = RwSignal::new(false);
    let drawn = RwSignal::new(None::<Drawn>);
    let spec = Memo::new(move |_| dash.spec(id).unwrap_or_default());
    // The step, scrape and rate intervals: move with the range, the panel's min interval
    // and `prometheus.yml`.
    let vars = Memo::new(move |_| {
        let range = dash.range_ms.get();
        spec.with(|s| {
            ctx.read(|pg| panel_vars(pg, s, range)).unwrap_or_else(|| {
                let step = panel_step(range, s.min_interval_ms);
                let scrape = GRAFANA_DEFAULT_SCRAPE_INTERVAL_MS;
                IntervalVars::new(step, range, scrape, s.min_interval_ms)
            })
        })
    });
    // Moves as the refresh picker says: Live, when a scrape landed or the window slid by
    // a step (not at every tick); periodic, every period of real time; on the button.
    let clock_key = Memo::new(move |_| {
        let refresh = dash.refresh.get();
        let sim = |pg: &crate::playground::Playground| (pg.scrapes(), pg.now_ms());
        let (scrapes, sim_now_ms) = match refresh {
            Refresh::Live => ctx.read(sim),
            _ => ctx.pg.try_with_value(sim),
        }
        .unwrap_or_default();
        let real_ms = match refresh {
            Refresh::EverySeconds(_) => dash.real_ms.get(),
            _ => 0.0,
        };
        let clocks = RefreshClocks {
            scrapes,
            sim_now_ms,
            step_ms: vars.with(|v| v.interval_ms),
            real_ms,
            manual: dash.refreshes.get(),
        };
        refresh_key(refresh, &clocks)
    });
    // On a server: the same query and window through /api/v1/query_range.
    let source = use_source();
    let remote = Latest::<Result<PanelData, SourceError>>::new();
    Effect::new(move |_| {
        let _ = clock_key.get();
        let end = dash.end_ms.get();
        let Some((base, _)) = source.server() else {
            remote.clear();
            return;
        };
        let spec = spec.get();
        let (query, window) = panel_query(&spec, &vars.get(), end, real_now_ms());
        remote.run(server_panel(base, spec, query, window));
    });
    let data = Memo::new(move |_| {
        if source.on_server() {
            return remote.answer.with(|a| match a {
                Some(Ok(d)) => d.clone(),
                _ => PanelData::default(),
            });
        }
        let _ = clock_key.get();
        let end = dash.end_ms.get();
        let run = |s: &_, v: &_| ctx.pg.try_with_value(|pg| run_panel(pg, s, v, end));
        // As in Grafana, a panel whose data source fails shows no data.
        dash.datasource_ok()
            .then(|| spec.with(|s| vars.with(|v| run(s, v))))
            .flatten()
            .unwrap_or_default()
    });
    let chart_data = Signal::derive(move || data.with(|d| d.chart.clone().unwrap_or_default()));
    let heatmap = Signal::derive(move || data.with(|d| d.heatmap.clone()));
    let viz = Memo::new(move |_| spec.with(|s| s.viz));
    let is_series = move || viz.get() == Visualization::TimeSeries;
    let shown = move || match viz.get() {
        Visualization::TimeSeries => view! {
            <PanelChart data=chart_data spec=spec.into() tall=editing.into() drawn=drawn/>
        }
        .into_any(),
        Visualization::Stat => view! {
            <StatView data=chart_data spec=spec.into() tall=editing.into()/>
        }
        .into_any(),
        Visualization::Heatmap => {
            view! { <HeatmapChart data=heatmap tall=editing.into()/> }.into_any()
        }
    };
    let timeline =
        Signal::derive(move || data.with(|d| d.alert.clone().and_then(|r| r.ok()).flatten()));
    let query_error = move || {
        let server_error = source
            .on_server()
            .then(|| remote.answer.with(|a| a.clone().and_then(Result::err)))
            .flatten()
            .map(|e| e.message(ctx.lang.get()));
        data.with(|d| d.chart.as_ref().err().map(|e| e.message(ctx.lang.get())))
            .or(server_error)
            .map(|m| view! { <div class="error" role="alert" data-testid="panel-error">{m}</div> })
    };
    let alert_error = move || {
        data.with(|d| match &d.alert {
            Some(Err(e)) => Some(e.message(ctx.lang.get())),
            _ => None,
        })
        .map(|m| view! {
            <div class="error" role="alert" data-testid="alert-eval-error">{ctx.t().alert_eval_error}" "{m}</div>
        })
    };
    let badge = move || {
        let t = ctx.t();
        let name = spec.with(|s| s.alert.as_ref().map(|a| a.name.clone()))?;
        let state = timeline
            .get()
            .map_or(AlertState::Inactive, |tl| tl.current_state());
        let (label, since) = match state {
            AlertState::Inactive => (t.alert_normal, None),
            AlertState::Pending { since_ms } => (t.alert_pending, Some(since_ms)),
            AlertState::Firing { since_ms } => (t.alert_firing, Some(since_ms)),
        };
        let since_text = since.map(|ms| {
            format!(
                " {} {}",
                t.alert_since,
                format_clock(ms, utc_offset_min(), true)
            )
        });
        Some(view! {
            <span class=format!("alert-badge {}", state.name()) data-testid="alert-badge"
                data-state=state.name() title=name>
                <span class="heart" aria-hidden="true">"♥"</span>
                {label}{since_text}
            </span>
        })
    };
    let legend = move || {
        let unit = spec.with(|s| s.unit);
        chart_data.with(|d| {
            d.series
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let last = s.stats().map_or("—".to_string(), |(_, _, last)| unit.format(last));
                    view! {
                        <li data-testid="panel-legend-row">
                            <span class="swatch" style=format!("background:{}", css_color(i))></span>
                            <span class="series-name">{s.name.clone()}</span>
                            <span class="legend-value" data-testid="panel-legend-value">{last}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let broken = move || !dash.datasource_ok();
    // Grafana's words on a panel whose query gives nothing to draw.
    let no_data = move || chart_data.with(|d| d.point_count() == 0);
    view! {
        <article class="dash-panel" class:editing=move || editing.get() data-testid="panel"
            aria-label=move || spec.with(|s| s.shown_title(ctx.t().new_panel_title).to_string())>
            <header class="panel-header">
                <h4 class="panel-title" data-testid="panel-title">{move || spec.with(|s| s.shown_title(ctx.t().new_panel_title).to_string())}</h4>
                {badge}
                <div class="panel-actions">
                    <button class="icon" data-testid="panel-edit" aria-pressed=move || editing.get().to_string()
                        aria-label=move || ctx.t().panel_edit title=move || ctx.t().panel_edit
                        on:click=move |_| editing.update(|e| *e = !*e)>
                        {move || if editing.get() { ctx.t().panel_back } else { "✎" }}
                    </button>
                    <button class="icon" data-testid="panel-remove"
                        aria-label=move || ctx.t().panel_remove title=move || ctx.t().panel_remove
                        on:click=move |_| dash.remove(id)>"✕"</button>
                </div>
            </header>
            <div class="panel-body">
                <div class="panel-main">
                    <Show when=broken>
                        <div class="error" role="alert" data-testid="panel-datasource-error">{move || ctx.t().ds_broken}</div>
                    </Show>
                    {query_error}
                    {alert_error}
                    <div class="panel-chart-wrap">
                        {shown}
                        <Show when=no_data>
                            <div class="panel-no-data" data-testid="panel-no-data">{move || ctx.t().panel_no_data}</div>
                        </Show>
                    </div>
                    <Show when=move || is_series() && spec.with(|s| s.alert.is_some())>
                        <AlertLane data=chart_data timeline=timeline drawn=drawn/>
                    </Show>
                    <Intervals vars=vars.into()/>
                    <Show when=is_series>
                        <ul class="panel-legend" data-testid="panel-legend">{legend}</ul>
                    </Show>
                    <Show when=move || editing.get()>
                        <QueryBox id=id spec=spec.into() vars=vars.into()/>
                    </Show>
                </div>
                <Show when=move || editing.get()>
                    <PanelOptions id=id spec=spec.into()/>
                </Show>
            </div>
        </article>
    }
}
