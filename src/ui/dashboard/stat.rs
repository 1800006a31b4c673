//! A Stat panel, as Grafana's: each series' last value (reducer "Last *") in big type with
//! the panel's unit, coloured by the highest threshold it reaches; the series' name under
//! it when there are several.

use leptos::prelude::*;

use crate::chart::ChartData;
use crate::grafana::{stat_values, PanelSpec};

use super::chart::{HEIGHT, HEIGHT_EDITING};

/// The panel's numbers.
#[component]
pub fn StatView(
    data: Signal<ChartData>,
    spec: Signal<PanelSpec>,
    tall: Signal<bool>,
) -> impl IntoView {
    let values = move || {
        let (unit, thresholds) = spec.with(|s| (s.unit, s.thresholds.clone()));
        let values = data.with(|d| stat_values(d, &thresholds));
        let named = values.len() > 1;
        values
            .into_iter()
            .map(|v| {
                let text = v.value.map_or("—".to_string(), |x| unit.format(x));
                let style = v.color.map_or(String::new(), |c| {
                    let (r, g, b) = c.rgb();
                    format!("color:#{r:02x}{g:02x}{b:02x}")
                });
                view! {
                    <div class="stat" data-testid="stat">
                        <div class="stat-value" data-testid="stat-value" style=style
                            data-value=v.value.map_or(String::new(), |x| x.to_string())
                            data-color=v.color.map_or("", |c| c.id())>{text}</div>
                        {named.then(|| view! { <div class="stat-name">{v.name}</div> })}
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <div class="panel-stat" data-testid="panel-stat"
            style=move || format!("min-height:{}px", if tall.get() { HEIGHT_EDITING } else { HEIGHT })>
            {values}
        </div>
    }
}
