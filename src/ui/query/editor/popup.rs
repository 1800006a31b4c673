//! The autocomplete popup: suggestions with their kind and, for functions, signature.

use leptos::prelude::*;

use crate::editing::complete::{Completion, ItemKind};
use crate::ui::{texts, use_ctx, Texts};

use super::EditorIds;

/// The DOM id of the query page's popup (for `aria-controls`).
pub const POPUP_ID: &str = "query-autocomplete";

/// The DOM id of suggestion `i` of the popup `popup_id` (for `aria-activedescendant`).
pub fn item_id(popup_id: &str, i: usize) -> String {
    format!("{popup_id}-{i}")
}

fn kind_name(t: &Texts, kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Metric => t.kind_metric,
        ItemKind::Function => t.kind_function,
        ItemKind::Aggregation => t.kind_aggregation,
        ItemKind::Keyword => t.kind_keyword,
        ItemKind::LabelName => t.kind_label_name,
        ItemKind::LabelValue => t.kind_label_value,
        ItemKind::Duration => t.kind_duration,
    }
}

fn kind_class(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Metric => "kind-metric",
        ItemKind::Function => "kind-function",
        ItemKind::Aggregation => "kind-aggregation",
        ItemKind::Keyword => "kind-keyword",
        ItemKind::LabelName => "kind-label",
        ItemKind::LabelValue => "kind-value",
        ItemKind::Duration => "kind-duration",
    }
}

/// The popup for `completion`, placed at line `at.0`, column `at.1` (0-based) of the
/// input; `selected` is highlighted; clicking an item calls `on_accept` with its index.
/// `popup_id` is its DOM id, `ids` its editor's test ids.
#[component]
pub fn Popup(
    completion: Completion,
    selected: usize,
    at: (usize, usize),
    on_accept: Callback<usize>,
    popup_id: String,
    ids: EditorIds,
) -> impl IntoView {
    let ctx = use_ctx();
    let t = texts(ctx.lang.get_untracked());
    let style = format!(
        "top: calc({} * var(--editor-line) + var(--editor-pad-y)); left: calc({}ch + var(--editor-pad-x));",
        at.0 + 1,
        at.1
    );
    let items = completion
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let class = if i == selected {
                "autocomplete-item selected"
            } else {
                "autocomplete-item"
            };
            view! {
                <li id=item_id(&popup_id, i) class=class role="option" aria-selected=(i == selected).to_string()
                    data-testid=ids.autocomplete_item
                    on:mousedown=move |ev| { ev.prevent_default(); on_accept.run(i) }>
                    <span class=format!("kind {}", kind_class(item.kind))>{kind_name(t, item.kind)}</span>
                    <span class="name">{item.label}</span>
                    <span class="signature">{item.signature}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul id=popup_id.clone() class="autocomplete" role="listbox" aria-label=t.editor_suggestions
            data-testid=ids.autocomplete style=style>
            {items}
        </ul>
    }
}
