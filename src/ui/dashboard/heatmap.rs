//! A Heatmap panel: the query's histogram buckets drawn as coloured cells on a canvas
//! (`chart::draw_heatmap`), with the colour scale under it, or why the query's series
//! are not buckets.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::chart::{draw_heatmap, format_value, heatmap_color, HeatmapData};
use crate::grafana::HeatmapError;
use crate::ui::{use_ctx, utc_offset_min};

use super::chart::{canvas_backend, HEIGHT, HEIGHT_EDITING};

/// `(r, g, b)` as CSS.
fn css((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The heatmap of `data` (`None` while the query has not run).
#[component]
pub fn HeatmapChart(
    data: Signal<Option<Result<HeatmapData, HeatmapError>>>,
    tall: Signal<bool>,
) -> impl IntoView {
    let ctx = use_ctx();
    let canvas = NodeRef::<Canvas>::new();
    let drawn = RwSignal::new((0usize, 0usize));
    let heat = Memo::new(move |_| {
        data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).cloned())
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        let theme = crate::ui::chart_theme(ctx);
        let lang = ctx.lang.get();
        let Some((backend, _)) = canvas_backend(canvas, tall.get()) else {
            return;
        };
        heat.with(|h| {
            if draw_heatmap(backend, h, &theme, utc_offset_min(), lang).is_ok() {
                drawn.set((h.buckets.len(), h.filled_cells()));
            }
        });
    });
    let error = move || {
        data.with(|d| match d {
            Some(Err(e)) => Some(e.message(ctx.lang.get())),
            _ => None,
        })
        .map(|m| view! { <div class="error" role="alert" data-testid="panel-heatmap-error">{m}</div> })
    };
    let gradient = format!(
        "background:linear-gradient(to right, {}, {})",
        css(heatmap_color(0.0, 1.0)),
        css(heatmap_color(1.0, 1.0))
    );
    view! {
        {error}
        <div class="chart panel-heatmap" data-testid="panel-heatmap"
            data-buckets=move || drawn.get().0.to_string() data-cells=move || drawn.get().1.to_string()>
            <canvas node_ref=canvas height=HEIGHT.to_string()
                style=move || format!("height:{}px", if tall.get() { HEIGHT_EDITING } else { HEIGHT })></canvas>
        </div>
        <div class="heatmap-scale" data-testid="heatmap-scale">
            <span>"0"</span>
            <span class="heatmap-gradient" style=gradient></span>
            <span>{move || heat.with(|h| format_value(h.max_value()))}</span>
        </div>
    }
}
