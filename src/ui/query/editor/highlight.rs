//! The coloured layer under the transparent textarea, with the error's wavy underline.

use std::ops::Range;

use leptos::html::Pre;
use leptos::prelude::*;

use crate::editing::highlight::segments;

/// The highlighted copy of `text`, underlining `error`'s span; `node` lets the editor
/// keep its scroll in step with the textarea; `testid` names it.
#[component]
pub fn Highlight(
    text: Signal<String>,
    error: Signal<Option<Range<usize>>>,
    node: NodeRef<Pre>,
    testid: &'static str,
) -> impl IntoView {
    let spans = move || {
        text.with(|t| segments(t, error.get()))
            .into_iter()
            .map(|s| {
                let class = if s.error {
                    format!("{} hl-error", s.css)
                } else {
                    s.css.to_string()
                };
                view! { <span class=class>{s.text}</span> }
            })
            .collect_view()
    };
    view! {
        <pre class="editor-highlight" aria-hidden="true" data-testid=testid node_ref=node>
            {spans}"\n"
        </pre>
    }
}
