//! The chart on a canvas: redraws the plotters panel whenever its data or options
//! change, reports where the plotting area went and where the pointer is, turns a drag
//! into a zoom, and exposes what it drew as `data-*` attributes for tests.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::chart::{draw, ChartData, ChartOptions, PlotArea};

use crate::ui::{use_ctx, utc_offset_min};

/// Canvas height in CSS pixels.
const HEIGHT: u32 = 340;

/// A drag shorter than this (px) is a click, not a zoom.
const MIN_DRAG_PX: f64 = 5.0;

/// Milliseconds from navigation start to the first drawn chart (for the load-time figure).
fn since_navigation_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// What the last drawing showed, for the `data-*` attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Drawn {
    series: usize,
    points: usize,
    samples: usize,
    stacked: bool,
    lens: bool,
    step_ms: i64,
    span_ms: i64,
}

/// A canvas that shows `data` with `options`; the pointer position (px in the canvas) goes
/// to `pointer`, the plotting area to `plot`, and a drag across it to `on_zoom` as a
/// `(start, end)` time span.
#[component]
pub fn ChartCanvas(
    data: Signal<ChartData>,
    options: Signal<ChartOptions>,
    plot: RwSignal<Option<PlotArea>>,
    pointer: RwSignal<Option<(f64, f64)>>,
    on_zoom: Callback<(i64, i64)>,
    /// The range asked for (reported as `data-range-ms`).
    range_ms: Signal<i64>,
    /// Whether the range follows now (reported as `data-live`).
    live: Signal<bool>,
) -> impl IntoView {
    let ctx = use_ctx();
    let canvas = NodeRef::<Canvas>::new();
    let first_draw = RwSignal::new(None::<f64>);
    let drawn = RwSignal::new(Drawn::default());
    let drag = RwSignal::new(None::<(f64, f64)>);
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let data = data.get();
        let options = options.get();
        let theme = crate::ui::chart_theme(ctx);
        let Some(el) = canvas.get() else { return };
        let width = el.client_width().max(300) as u32;
        el.set_width(width);
        el.set_height(HEIGHT);
        let Some(backend) = CanvasBackend::with_canvas_object(el) else {
            return;
        };
        let outcome = draw(backend, &data, &theme, &options, utc_offset_min());
        failure.set(outcome.as_ref().err().map(|e| e.to_string()));
        if let Ok(area) = outcome {
            plot.set(Some(area));
            let visible = |t: i64| t >= data.start_ms && t <= data.end_ms;
            drawn.set(Drawn {
                series: data.series.iter().filter(|s| !s.points.is_empty()).count(),
                points: data.point_count(),
                samples: options
                    .samples
                    .iter()
                    .flatten()
                    .filter(|p| visible(p.0))
                    .count(),
                stacked: options.stacked,
                lens: options.highlight.is_some(),
                step_ms: data.step_ms,
                span_ms: data.end_ms - data.start_ms,
            });
            if first_draw.get_untracked().is_none() {
                first_draw.set(Some(since_navigation_ms()));
            }
        }
    });
    let position = |ev: &web_sys::MouseEvent| (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
    let on_down = move |ev: web_sys::MouseEvent| {
        if ev.button() == 0 {
            let (x, _) = position(&ev);
            drag.set(Some((x, x)));
        }
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        let (x, y) = position(&ev);
        pointer.set(Some((x, y)));
        if drag.get_untracked().is_some() {
            drag.update(|d| {
                if let Some(d) = d {
                    d.1 = x
                }
            });
        }
    };
    let on_up = move |ev: web_sys::MouseEvent| {
        let (x, _) = position(&ev);
        if let (Some((from, _)), Some(area)) = (drag.get_untracked(), plot.get_untracked()) {
            if (x - from).abs() >= MIN_DRAG_PX {
                let (a, b) = (area.time_at(from.min(x)), area.time_at(from.max(x)));
                if b > a {
                    on_zoom.run((a, b));
                }
            }
        }
        drag.set(None);
    };
    // Arrow keys move the cursor one step, as the pointer would (keyboard users get the
    // tooltip and the lens too); Escape hides it.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(area) = plot.get_untracked() else {
            return;
        };
        let step = data.with_untracked(|d| d.step_ms.max(1));
        let dir = match ev.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            "Escape" => {
                pointer.set(None);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let mid = f64::from(area.top + area.bottom) / 2.0;
        let (x, y) = pointer
            .get_untracked()
            .unwrap_or((f64::from(area.right), mid));
        let t = (area.time_at(x) + dir * step).clamp(area.start_ms, area.end_ms);
        pointer.set(Some((area.x_of(t), y)));
    };
    let on_leave = move |_| {
        pointer.set(None);
        drag.set(None);
    };
    let selection = move || {
        let (a, b) = drag.get()?;
        if (b - a).abs() < MIN_DRAG_PX {
            return None;
        }
        let area = plot.get()?;
        Some(view! {
            <div class="zoom-selection" data-testid="zoom-selection"
                style=format!("left:{:.1}px;width:{:.1}px;top:{}px;height:{}px", a.min(b), (b - a).abs(), area.top, area.bottom - area.top)></div>
        })
    };
    view! {
        <div class="chart" data-testid="chart"
            data-series=move || drawn.get().series.to_string()
            data-points=move || drawn.get().points.to_string()
            data-samples=move || drawn.get().samples.to_string()
            data-stacked=move || drawn.get().stacked.to_string()
            data-lens=move || drawn.get().lens.to_string()
            data-step-ms=move || drawn.get().step_ms.to_string()
            data-span-ms=move || drawn.get().span_ms.to_string()
            data-range-ms=move || range_ms.get().to_string()
            data-live=move || live.get().to_string()
            data-draw-error=move || failure.get()
            data-first-draw-ms=move || first_draw.get().map(|t| format!("{t:.0}")).unwrap_or_default()>
            <canvas node_ref=canvas height=HEIGHT.to_string() role="img"
                aria-label=move || ctx.t().chart_label
                tabindex="0" on:keydown=on_key on:blur=move |_| pointer.set(None)
                on:mousedown=on_down on:mousemove=on_move on:mouseup=on_up on:mouseleave=on_leave></canvas>
            {selection}
        </div>
    }
}
