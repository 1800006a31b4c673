//! The history of committed queries, shared through context so that whoever owns it
//! (the app, later with persistence) can read and fill it; and its dropdown.

use leptos::ev::FocusEvent;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::editing::history::{recall, remember};
use crate::ui::use_ctx;

use super::EditorIds;

/// The committed queries, newest first (see [`crate::editing::history`]).
#[derive(Clone, Copy)]
pub struct QueryHistory {
    /// The queries, newest first, at most 50.
    pub items: RwSignal<Vec<String>>,
}

impl QueryHistory {
    /// The history in context, or a new empty one provided to the caller's children.
    pub fn use_or_provide() -> QueryHistory {
        use_context::<QueryHistory>().unwrap_or_else(|| {
            let history = QueryHistory {
                items: RwSignal::new(Vec::new()),
            };
            provide_context(history);
            history
        })
    }

    /// Records a committed query.
    pub fn remember(&self, query: &str) {
        self.items.update(|items| remember(items, query));
    }

    /// The query to recall from `current` with ArrowUp (`older`) or ArrowDown.
    pub fn recall(&self, current: &str, older: bool) -> Option<String> {
        self.items
            .with_untracked(|items| recall(items, current, older).map(str::to_string))
    }
}

/// The "History" button and its list; picking an entry calls `on_pick` with it.
#[component]
pub fn HistoryMenu(
    history: QueryHistory,
    on_pick: Callback<String>,
    ids: EditorIds,
) -> impl IntoView {
    let ctx = use_ctx();
    let open = RwSignal::new(false);
    let menu = NodeRef::<Div>::new();
    // Focus leaving the menu (a click elsewhere, Tab away) closes it.
    let on_focusout = move |ev: FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(menu.get_untracked())
            .is_some_and(|(node, m)| m.contains(Some(&node)));
        if !inside {
            open.set(false);
        }
    };
    let list = move || {
        let items = history.items.get();
        if items.is_empty() {
            return view! { <li class="history-empty">{ctx.t().editor_history_empty}</li> }
                .into_any();
        }
        items
            .into_iter()
            .map(|q| {
                let pick = q.clone();
                view! {
                    <li>
                        <button class="history-entry code" data-testid=ids.history_item
                            on:click=move |_| { open.set(false); on_pick.run(pick.clone()) }>
                            {q}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="history-menu" node_ref=menu on:focusout=on_focusout>
            <button data-testid=ids.history aria-haspopup="true" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
                on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                {move || ctx.t().editor_history}
            </button>
            <Show when=move || open.get()>
                <ul class="history-list" role="menu">{list}</ul>
            </Show>
        </div>
    }
}
