//! The window lens panel under the chart: the hovered point's window, its raw samples
//! (in or out), and the arithmetic that gave the value.

use leptos::prelude::*;

use crate::chart::format_clock;
use crate::lens::format_number;
use crate::ui::{use_ctx, utc_offset_min};

use super::PointedLens;

/// A time relative to the window's end, `t−15s`.
fn relative(t: i64, end: i64) -> String {
    let d = t - end;
    if d == 0 {
        "t".into()
    } else {
        format!("t−{}s", format_number(d.unsigned_abs() as f64 / 1000.0))
    }
}

/// The lens panel; shows a hint until a point is hovered.
#[component]
pub(super) fn LensPanel(
    lens: Memo<Option<PointedLens>>,
    aggregated: Signal<bool>,
) -> impl IntoView {
    let ctx = use_ctx();
    let body = move || {
        let t = ctx.t();
        let lang = ctx.lang.get();
        let Some(p) = lens.get() else {
            return view! { <p class="lens-hint">{t.lens_hint}</p> }.into_any();
        };
        let l = p.lens;
        let end = l.window.1;
        let sample_row = |s: crate::store::Sample, inside: bool| {
            view! {
                <tr data-testid="lens-sample" class:excluded=!inside data-inside=inside.to_string()>
                    <td>{format_clock(s.t, utc_offset_min(), true)}</td>
                    <td>{relative(s.t, end)}</td>
                    <td class="num">{format_number(s.v)}</td>
                    <td>{if inside { t.lens_in } else { t.lens_out }}</td>
                </tr>
            }
        };
        let rows = l
            .excluded
            .map(|s| sample_row(s, false))
            .into_iter()
            .chain(l.included.iter().map(|&s| sample_row(s, true)))
            .collect_view();
        let steps = l
            .steps
            .iter()
            .map(|s| view! { <li data-testid="lens-step">{s.text(lang)}</li> })
            .collect_view();
        view! {
            <div class="lens-body" data-value=l.value.map(|v| v.to_string()).unwrap_or_default()>
                <p class="lens-input">{t.lens_input}" "<code>{l.labels.to_string()}</code>
                    {aggregated.get().then_some(t.lens_aggregated).map(|a| view! { " "<em>{a}</em> })}</p>
                <div class="lens-columns">
                    <table class="lens-samples">
                        <caption>{t.lens_samples}</caption>
                        <tbody>{rows}</tbody>
                    </table>
                    <ol class="lens-steps">{steps}</ol>
                </div>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="window-lens" data-testid="window-lens" aria-live="polite"
            data-value=move || lens.get().and_then(|p| p.lens.value).map(|v| v.to_string()).unwrap_or_default()>
            <h3>{move || ctx.t().lens_title}</h3>
            {body}
        </section>
    }
}
