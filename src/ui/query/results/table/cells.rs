//! Pieces both the Table and the Explain tabs show: a series' labels as Prometheus prints
//! them, timestamps as its API writes them, a query error under its caret.

use leptos::prelude::*;

use crate::chart::format_clock;
use crate::go::float::format_shortest;
use crate::lang::Lang;
use crate::playground::QueryError;
use crate::promql::functions::ValueType;
use crate::store::{escape_label_value, Labels};
use crate::ui::{utc_offset_min, Texts};

/// A series as `name{label="value", ...}`, the metric name bold and the values highlighted.
pub(in crate::ui::query::results) fn series_labels(labels: &Labels) -> impl IntoView {
    let name = labels.metric_name().to_string();
    let rest: Vec<(String, String)> = labels
        .iter()
        .filter(|l| l.name != crate::store::METRIC_NAME)
        .map(|l| (l.name.clone(), escape_label_value(&l.value)))
        .collect();
    let braces = !rest.is_empty() || name.is_empty();
    let last = rest.len().saturating_sub(1);
    let pairs = rest
        .into_iter()
        .enumerate()
        .map(|(i, (n, v))| {
            view! {
                <span class="label-name">{n}</span>"=\""<span class="label-value">{v}</span>"\""
                {(i < last).then_some(", ")}
            }
        })
        .collect_view();
    view! {
        <span class="series-labels">
            <span class="metric-name">{name}</span>
            {braces.then_some("{")}{pairs}{braces.then_some("}")}
        </span>
    }
}

/// A timestamp in seconds with 3 decimals, as Prometheus's table shows it.
pub(in crate::ui::query::results) fn prom_timestamp(t_ms: i64) -> String {
    format!("{}.{:03}", t_ms.div_euclid(1000), t_ms.rem_euclid(1000))
}

/// One raw sample: `value @ timestamp` and the local clock time beside it.
pub(in crate::ui::query::results) fn sample_line(v: f64, t_ms: i64) -> impl IntoView {
    view! {
        <span class="sample-value">{format_shortest(v)}</span>
        " @ "<span class="sample-ts">{prom_timestamp(t_ms)}</span>
        " "<span class="sample-clock">"("{format_clock(t_ms, utc_offset_min(), true)}")"</span>
    }
}

/// "1 series" / "3 series" in the page's language.
pub(in crate::ui::query::results) fn series_count(t: &Texts, n: usize) -> String {
    // French counts 0 and 1 in the singular ("0 série"); English says "0 series" either way.
    let text = if n <= 1 {
        t.table_series_one
    } else {
        t.table_series_many
    };
    text.replace("{n}", &n.to_string())
}

/// The name of a value type.
pub(in crate::ui::query::results) fn type_label(t: &Texts, vt: ValueType) -> &'static str {
    match vt {
        ValueType::Vector => t.type_vector,
        ValueType::Matrix => t.type_matrix,
        ValueType::Scalar => t.type_scalar,
        ValueType::String => t.type_string,
    }
}

/// The characters before byte `at` (to place a caret under the error).
fn column_of(query: &str, at: usize) -> usize {
    query
        .get(..at.min(query.len()))
        .map_or(0, |s| s.chars().count())
}

/// A query error: the message, and for a parse error the query with a caret under the spot.
pub(in crate::ui::query::results) fn error_box(
    query: &str,
    err: &QueryError,
    t: &Texts,
    lang: Lang,
    testid: &'static str,
) -> impl IntoView {
    let at = err.span().map(|s| {
        let col = column_of(query, s.start);
        let width = column_of(query, s.end).saturating_sub(col).max(1);
        (col, width)
    });
    let head = at.map(|(col, _)| t.query_error_at.replace("{col}", &(col + 1).to_string()));
    let caret = at.map(|(col, width)| {
        let line = format!("{}{}", " ".repeat(col), "^".repeat(width));
        view! { <pre class="caret">{query.to_string()}"\n"{line}</pre> }
    });
    view! {
        <div class="error" role="alert" data-testid=testid>
            <div>{head.map(|h| format!("{h} "))}{err.message(lang)}</div>
            {caret}
        </div>
    }
}
