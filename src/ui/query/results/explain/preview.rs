//! The result of the selected node: its first series with their values (a range vector's
//! last samples), or its scalar, string or error.

use leptos::prelude::*;

use crate::go::float::format_shortest;
use crate::lang::Lang;
use crate::promql::{EvalError, Value};
use crate::ui::Texts;

use super::super::table::cells::{sample_line, series_count, series_labels};

/// Series shown before "… and N more".
const MAX_SERIES: usize = 10;
/// Samples shown per series of a range vector (the latest ones).
const MAX_SAMPLES: usize = 5;

/// "… and N more" when `total` exceeds `shown`.
fn more(t: &Texts, total: usize, shown: usize) -> Option<String> {
    (total > shown).then(|| t.explain_more.replace("{n}", &(total - shown).to_string()))
}

/// The preview of one node's result.
pub(super) fn preview(result: &Result<Value, EvalError>, t: &'static Texts, lang: Lang) -> AnyView {
    match result {
        Err(e) => view! { <div class="error">{e.message(lang)}</div> }.into_any(),
        Ok(Value::Scalar { v, .. }) => view! {
            <div class="preview-scalar"><span class="type-name">{t.type_scalar}</span>" "{format_shortest(*v)}</div>
        }
        .into_any(),
        Ok(Value::String { s, .. }) => view! {
            <div class="preview-scalar"><span class="type-name">{t.type_string}</span>" "{s.clone()}</div>
        }
        .into_any(),
        Ok(Value::Vector(samples)) => {
            let rows = samples
                .iter()
                .take(MAX_SERIES)
                .map(|s| view! { <tr><td class="series">{series_labels(&s.labels)}</td><td class="value">{format_shortest(s.v)}</td></tr> })
                .collect_view();
            view! {
                <div class="result-count">{series_count(t, samples.len())}</div>
                {samples.is_empty().then(|| view! { <div class="empty-result">{t.table_empty}</div> })}
                <table class="result-table"><tbody>{rows}</tbody></table>
                {more(t, samples.len(), MAX_SERIES).map(|m| view! { <div class="hint">{m}</div> })}
            }
            .into_any()
        }
        Ok(Value::Matrix(series)) => {
            let rows = series
                .iter()
                .take(MAX_SERIES)
                .map(|s| {
                    let skip = s.samples.len().saturating_sub(MAX_SAMPLES);
                    let lines = s
                        .samples
                        .iter()
                        .skip(skip)
                        .map(|p| view! { <div class="sample">{sample_line(p.v, p.t)}</div> })
                        .collect_view();
                    let earlier = more(t, s.samples.len(), MAX_SAMPLES)
                        .map(|m| view! { <div class="hint">{m}</div> });
                    let empty = s.samples.is_empty().then_some(t.explain_no_value);
                    view! { <tr><td class="series">{series_labels(&s.labels)}</td><td class="value">{earlier}{lines}{empty}</td></tr> }
                })
                .collect_view();
            view! {
                <div class="result-count">{series_count(t, series.len())}</div>
                {series.is_empty().then(|| view! { <div class="empty-result">{t.table_empty}</div> })}
                <table class="result-table"><tbody>{rows}</tbody></table>
                {more(t, series.len(), MAX_SERIES).map(|m| view! { <div class="hint">{m}</div> })}
            }
            .into_any()
        }
    }
}
