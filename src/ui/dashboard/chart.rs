//! A panel's drawing: the query's chart on a canvas with the panel's threshold lines over
//! it, and under it the alert rule's state lane on the same time axis.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::alert::{AlertState, AlertTimeline};
use crate::chart::{draw, format_clock, ChartData, Theme};
use crate::grafana::{PanelSpec, Threshold};
use crate::ui::{use_ctx, utc_offset_min};

use super::panel::{current_state, state_name};

/// Canvas height in CSS pixels, on the dashboard and in edit mode.
const HEIGHT: u32 = 220;
const HEIGHT_EDITING: u32 = 320;

/// `chart::draw`'s outer margin and Y label area, in pixels: the plotting area starts
/// `PLOT_LEFT` from the left and ends `PLOT_RIGHT` from the right, which the lane follows.
const MARGIN: u32 = 12;
const PLOT_LEFT: u32 = MARGIN + Theme::DARK.font_px * 5;
const PLOT_RIGHT: u32 = MARGIN;

/// Draws threshold lines (dashed, as Grafana draws them) over a chart already painted on
/// `canvas`, with the same axes as `chart::draw`. Returns how many lines were in range.
fn draw_thresholds(
    canvas: HtmlCanvasElement,
    data: &ChartData,
    thresholds: &[Threshold],
) -> Option<usize> {
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    let (start, end) = (data.start_ms, data.end_ms.max(data.start_ms + 1));
    let (lo, hi) = data.value_range(true);
    let font = Theme::DARK.font_px;
    let mut chart = ChartBuilder::on(&root)
        .margin(MARGIN)
        .x_label_area_size(font * 2)
        .y_label_area_size(font * 5)
        .build_cartesian_2d(start..end, lo..hi)
        .ok()?;
    let dash = ((end - start) / 150).max(1);
    let mut drawn = 0;
    for t in thresholds.iter().filter(|t| t.value >= lo && t.value <= hi) {
        let (r, g, b) = t.color.rgb();
        let style = ShapeStyle {
            color: RGBColor(r, g, b).to_rgba(),
            filled: true,
            stroke_width: 2,
        };
        let v = t.value;
        let pieces = (start..end)
            .step_by(usize::try_from(dash * 2).unwrap_or(usize::MAX))
            .map(|x| PathElement::new(vec![(x, v), ((x + dash).min(end), v)], style));
        chart.draw_series(pieces).ok()?;
        drawn += 1;
    }
    root.present().ok()?;
    Some(drawn)
}

/// The panel's canvas: `data` drawn with `spec`'s threshold lines.
#[component]
pub fn PanelChart(
    data: Signal<ChartData>,
    spec: Signal<PanelSpec>,
    tall: Signal<bool>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let drawn = RwSignal::new((0usize, 0usize, 0usize));
    Effect::new(move |_| {
        let data = data.get();
        let thresholds = spec.with(|s| s.thresholds.clone());
        let height = if tall.get() { HEIGHT_EDITING } else { HEIGHT };
        let Some(el) = canvas.get() else { return };
        let width = el.client_width().max(300) as u32;
        el.set_width(width);
        el.set_height(height);
        let Some(backend) = CanvasBackend::with_canvas_object(el.clone()) else {
            return;
        };
        if draw(backend, &data, &Theme::DARK, true, utc_offset_min()).is_ok() {
            let lines = draw_thresholds(el, &data, &thresholds).unwrap_or(0);
            drawn.set((data.series.len(), data.point_count(), lines));
        }
    });
    view! {
        <div class="chart panel-chart" data-testid="panel-chart"
            data-series=move || drawn.get().0.to_string()
            data-points=move || drawn.get().1.to_string()
            data-thresholds=move || drawn.get().2.to_string()>
            <canvas node_ref=canvas height=HEIGHT.to_string()
                style=move || format!("height:{}px", if tall.get() { HEIGHT_EDITING } else { HEIGHT })></canvas>
        </div>
    }
}

/// The alert rule's states as coloured stretches on the chart's time axis (green normal,
/// yellow pending, red firing), the current state in `data-state`.
#[component]
pub fn AlertLane(
    data: Signal<ChartData>,
    timeline: Signal<Option<AlertTimeline>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let current = move || timeline.with(|t| t.as_ref().map_or(AlertState::Inactive, current_state));
    let since = move || match current() {
        AlertState::Inactive => String::new(),
        AlertState::Pending { since_ms } | AlertState::Firing { since_ms } => since_ms.to_string(),
    };
    let segments = move || {
        let t = ctx.t();
        let (start, end) = data.with(|d| (d.start_ms, d.end_ms.max(d.start_ms + 1)));
        let span = (end - start) as f64;
        timeline.with(|tl| {
            tl.iter()
                .flat_map(|tl| tl.overall.iter())
                .filter_map(|iv| {
                    let a = iv.start_ms.clamp(start, end);
                    let b = iv.end_ms.clamp(start, end);
                    (b > a).then_some((a, b, iv.state))
                })
                .map(|(a, b, state)| {
                    let left = (a - start) as f64 / span * 100.0;
                    let width = (b - a) as f64 / span * 100.0;
                    let label = match state {
                        AlertState::Inactive => t.alert_normal,
                        AlertState::Pending { .. } => t.alert_pending,
                        AlertState::Firing { .. } => t.alert_firing,
                    };
                    let clock = |ms| format_clock(ms, utc_offset_min(), true);
                    view! {
                        <div class=format!("lane-seg {}", state_name(state)) data-testid="alert-segment"
                            data-state=state_name(state) data-start=a.to_string() data-end=b.to_string()
                            style=format!("left:{left:.3}%;width:{width:.3}%")
                            title=format!("{label} {}–{}", clock(a), clock(b))></div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="alert-lane" data-testid="alert-state" data-state=move || state_name(current())
            data-since=since role="img" aria-label=move || ctx.t().alert_lane>
            <div class="lane-track" style=format!("margin-left:{PLOT_LEFT}px;margin-right:{PLOT_RIGHT}px")>
                {segments}
            </div>
        </div>
    }
}
