//! The chart on a canvas: redraws the plotters panel whenever its data changes, and
//! exposes what it drew as `data-*` attributes for tests.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::chart::{draw, ChartData, Theme};

use crate::ui::utc_offset_min;

/// Canvas height in CSS pixels.
const HEIGHT: u32 = 340;

/// Milliseconds from navigation start to the first drawn chart (for the load-time figure).
fn since_navigation_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A canvas that shows `data`.
#[component]
pub fn ChartCanvas(data: Signal<ChartData>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let first_draw = RwSignal::new(None::<f64>);
    let drawn = RwSignal::new((0usize, 0usize));
    Effect::new(move |_| {
        let data = data.get();
        let Some(el) = canvas.get() else { return };
        let width = el.client_width().max(300) as u32;
        el.set_width(width);
        el.set_height(HEIGHT);
        if let Some(backend) = CanvasBackend::with_canvas_object(el) {
            if draw(backend, &data, &Theme::DARK, true, utc_offset_min()).is_ok() {
                drawn.set((data.series.len(), data.point_count()));
                if first_draw.get_untracked().is_none() {
                    first_draw.set(Some(since_navigation_ms()));
                }
            }
        }
    });
    view! {
        <div class="chart" data-testid="chart"
            data-series=move || drawn.get().0.to_string()
            data-points=move || drawn.get().1.to_string()
            data-first-draw-ms=move || first_draw.get().map(|t| format!("{t:.0}")).unwrap_or_default()>
            <canvas node_ref=canvas height=HEIGHT.to_string()></canvas>
        </div>
    }
}
