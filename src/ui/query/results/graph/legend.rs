//! The legend as a table (min, max, last per series); clicking a row shows that series
//! alone, clicking it again shows them all, as in Grafana.

use leptos::prelude::*;

use crate::chart::{css_color, format_value, ChartData};
use crate::ui::use_ctx;

use super::super::table::cells::series_count;

use super::GraphState;

/// The legend of `data`.
#[component]
pub(super) fn Legend(st: GraphState, data: Signal<ChartData>) -> impl IntoView {
    let ctx = use_ctx();
    let rows = move || {
        let t = ctx.t();
        let isolated = st.isolated.get();
        data.get()
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (min, max, last) = s.stats().map_or(
                    ("—".into(), "—".into(), "—".into()),
                    |(a, b, c)| (format_value(a), format_value(b), format_value(c)),
                );
                let name = s.name.clone();
                let dimmed = isolated.as_ref().is_some_and(|n| *n != name);
                let toggle = {
                    let name = name.clone();
                    move || {
                        st.isolated.update(|cur| {
                            *cur = if cur.as_deref() == Some(name.as_str()) {
                                None
                            } else {
                                Some(name.clone())
                            }
                        })
                    }
                };
                let toggle_key = toggle.clone();
                view! {
                    <tr data-testid="legend-row" class:dimmed=dimmed tabindex="0" role="button"
                        title=t.legend_isolate aria-pressed=(isolated.as_deref() == Some(name.as_str())).to_string()
                        on:click=move |_| toggle()
                        on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); toggle_key() }>
                        <td><span class="swatch" style=format!("background:{}", css_color(i))></span>{name.clone()}</td>
                        <td title=t.legend_min>{min}</td>
                        <td title=t.legend_max>{max}</td>
                        <td title=t.legend_last data-testid="legend-last">{last}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="legend" data-testid="legend">
            <thead><tr>
                <th>{move || series_count(ctx.t(), data.get().series.len())}</th>
                <th>{move || ctx.t().legend_min}</th>
                <th>{move || ctx.t().legend_max}</th>
                <th>{move || ctx.t().legend_last}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
