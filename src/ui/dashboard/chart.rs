//! A panel's drawing: the query's chart on a canvas with the panel's threshold lines over
//! it, and under it the alert rule's state lane on the same time axis.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::alert::{AlertState, AlertTimeline};
use crate::chart::{
    draw, format_clock, ChartData, ChartOptions, PlotArea, Threshold, ValueFormatter,
};
use crate::grafana::PanelSpec;
use crate::ui::{use_ctx, utc_offset_min};

/// Canvas height in CSS pixels, on the dashboard and in edit mode (every visualization).
pub(super) const HEIGHT: u32 = 220;
pub(super) const HEIGHT_EDITING: u32 = 320;

/// Where the last drawing put its plotting area, and the canvas width (px), so the lane
/// under the chart lines up with its time axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drawn {
    /// The plotting area and the ranges it maps.
    pub area: PlotArea,
    /// The canvas width in pixels.
    pub width: u32,
}

/// The canvas of `canvas` sized for a drawing (its CSS width, the panel's height, taller
/// while `tall`), as a plotters backend with its width in pixels.
pub(super) fn canvas_backend(canvas: NodeRef<Canvas>, tall: bool) -> Option<(CanvasBackend, u32)> {
    let el = canvas.get()?;
    let width = el.client_width().max(300) as u32;
    el.set_width(width);
    el.set_height(if tall { HEIGHT_EDITING } else { HEIGHT });
    CanvasBackend::with_canvas_object(el).map(|backend| (backend, width))
}

/// The panel's canvas: `data` drawn with `spec`'s threshold lines; reports where the
/// plotting area went in `drawn`.
#[component]
pub fn PanelChart(
    data: Signal<ChartData>,
    spec: Signal<PanelSpec>,
    tall: Signal<bool>,
    drawn: RwSignal<Option<Drawn>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let canvas = NodeRef::<Canvas>::new();
    let counts = RwSignal::new((0usize, 0usize, 0usize));
    Effect::new(move |_| {
        let data = data.get();
        let thresholds: Vec<Threshold> = spec.with(|s| {
            s.thresholds
                .iter()
                .map(|t| Threshold {
                    value: t.value,
                    colour: t.color.rgb(),
                })
                .collect()
        });
        let theme = crate::ui::chart_theme(ctx);
        let Some((backend, width)) = canvas_backend(canvas, tall.get()) else {
            return;
        };
        let options = ChartOptions {
            from_zero: true,
            thresholds,
            y_format: ValueFormatter(spec.with(|s| s.unit.formatter())),
            lang: ctx.lang.get(),
            ..ChartOptions::default()
        };
        if let Ok(area) = draw(backend, &data, &theme, &options, utc_offset_min()) {
            counts.set((
                data.series.len(),
                data.point_count(),
                options.thresholds.len(),
            ));
            drawn.set(Some(Drawn { area, width }));
        }
    });
    view! {
        <div class="chart panel-chart" data-testid="panel-chart"
            data-series=move || counts.get().0.to_string()
            data-points=move || counts.get().1.to_string()
            data-thresholds=move || counts.get().2.to_string()
            data-y-max=move || drawn.get().map(|d| d.area.hi.to_string()).unwrap_or_default()>
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
    drawn: RwSignal<Option<Drawn>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let current = move || {
        timeline.with(|t| {
            t.as_ref()
                .map_or(AlertState::Inactive, AlertTimeline::current_state)
        })
    };
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
                        <div class=format!("lane-seg {}", state.name()) data-testid="alert-segment"
                            data-state=state.name() data-start=a.to_string() data-end=b.to_string()
                            style=format!("left:{left:.3}%;width:{width:.3}%")
                            title=format!("{label} {}–{}", clock(a), clock(b))></div>
                    }
                })
                .collect_view()
        })
    };
    let margins = move || {
        drawn.get().map_or(String::new(), |d| {
            let right = i64::from(d.width) - i64::from(d.area.right);
            format!(
                "margin-left:{}px;margin-right:{}px",
                d.area.left,
                right.max(0)
            )
        })
    };
    view! {
        <div class="alert-lane" data-testid="alert-state" data-state=move || current().name()
            data-since=since role="img" aria-label=move || ctx.t().alert_lane>
            <div class="lane-track" style=margins>
                {segments}
            </div>
        </div>
    }
}
