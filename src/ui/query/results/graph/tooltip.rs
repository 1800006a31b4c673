//! The hover tooltip: a vertical cursor at the nearest step and a box with the time and
//! every series' value there, as Grafana shows it.

use leptos::prelude::*;

use crate::chart::{css_color, format_clock, ChartData};
use crate::ui::utc_offset_min;

use super::GraphState;

/// Box width used to keep the tooltip inside the chart, px.
const BOX_PX: f64 = 520.0;

/// The tooltip over the chart.
#[component]
pub(super) fn Tooltip(st: GraphState, data: Signal<ChartData>) -> impl IntoView {
    move || {
        let (x, _) = st.pointer.get()?;
        let area = st.plot.get()?;
        let data = data.get();
        let (at, values) = data.values_at(area.time_at(x));
        if values.is_empty() {
            return None;
        }
        let cx = area.x_of(at);
        let left = if cx + 16.0 + BOX_PX > f64::from(area.right) {
            (cx - 16.0 - BOX_PX).max(0.0)
        } else {
            cx + 16.0
        };
        let rows = values
            .into_iter()
            .filter_map(|(i, v)| {
                let name = data.series.get(i)?.name.clone();
                Some(view! {
                    <div class="tooltip-row" data-testid="tooltip-row" data-value=v.to_string()>
                        <span class="swatch" style=format!("background:{}", css_color(i))></span>
                        <span class="tooltip-name">{name}</span>
                        <span class="tooltip-value">{crate::lens::format_number(v)}</span>
                    </div>
                })
            })
            .collect_view();
        Some(view! {
            <div class="chart-cursor" style=format!("left:{cx:.1}px;top:{}px;height:{}px", area.top, area.bottom - area.top)></div>
            <div class="tooltip" data-testid="tooltip" data-t=at.to_string()
                style=format!("left:{left:.1}px;top:{}px", area.top + 8)>
                <div class="tooltip-time">{format_clock(at, utc_offset_min(), true)}</div>
                {rows}
            </div>
        })
    }
}
