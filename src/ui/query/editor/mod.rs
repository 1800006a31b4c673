//! The query editor, like Prometheus 3's expression input: a textarea over a highlighted
//! copy of the text, autocomplete, the parse error underlined where it is (with a
//! one-click fix for the common ones), history, a format button and lints with one-click
//! fixes. Enter runs, Shift+Enter adds a line. The query page and each dashboard panel
//! use it, told apart by their [`EditorIds`]; a panel also has its Grafana variables
//! (`$__rate_interval`...) substituted before the text is checked.

mod highlight;
mod history;
mod ids;
mod lints;
mod popup;

use leptos::ev::KeyboardEvent;
use leptos::html::{Pre, Textarea};
use leptos::prelude::*;

use crate::editing::complete::{accept, complete, Completion, Context};
use crate::editing::offsets::{byte_to_utf16, utf16_to_byte};
use crate::grafana::Interpolated;
use crate::lang::line_col;
use crate::promql::{format_pretty, parse};
use crate::ui::use_ctx;

pub use history::QueryHistory;
pub use ids::EditorIds;

/// The editor: edits `draft`, calls `on_run` to commit it (recording it in the
/// [`QueryHistory`] found in context, or in one of its own). `ids` names its parts (the
/// query page's by default); `popup_id` is the DOM id of its autocomplete popup, unique
/// on the page. `prepare`, when given, substitutes variables in the text before it is
/// parsed and linted: errors are then shown where the learner typed them, and lints
/// offer no fix (a fix would be written without the variables).
#[component]
pub fn QueryEditor(
    draft: RwSignal<String>,
    on_run: Callback<()>,
    #[prop(default = EditorIds::QUERY)] ids: EditorIds,
    #[prop(into, default = popup::POPUP_ID.to_string())] popup_id: String,
    #[prop(optional)] prepare: Option<Callback<String, Interpolated>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let source = crate::ui::source::use_source();
    let history = QueryHistory::use_or_provide();
    let area = NodeRef::<Textarea>::new();
    let layer = NodeRef::<Pre>::new();
    let popup = RwSignal::new(None::<Completion>);
    let selected = RwSignal::new(0_usize);

    // The parse of the text (variables substituted), and whether some were.
    let parsed = Memo::new(move |_| {
        let text = draft.get();
        if text.trim().is_empty() {
            return None;
        }
        Some(match prepare.map(|p| p.run(text.clone())) {
            Some(i) if i.changed() => {
                let mapped = parse(&i.text).map_err(|mut e| {
                    e.span = i.original_span(e.span.clone());
                    e
                });
                (mapped, true)
            }
            _ => (parse(&text), false),
        })
    });
    let error = Signal::derive(move || parsed.get().and_then(|(r, _)| r.err()));
    let expr = Signal::derive(move || parsed.get().and_then(|(r, _)| r.ok()));
    let fixes = Signal::derive(move || !parsed.with(|p| p.as_ref().is_some_and(|(_, s)| *s)));

    let caret = move || -> usize {
        let text = draft.get_untracked();
        area.get_untracked()
            .and_then(|a| a.selection_start().ok().flatten())
            .map_or(text.len(), |u| utf16_to_byte(&text, u as usize))
    };
    let suggest = move |explicit: bool| {
        let text = draft.get_untracked();
        let at = caret();
        let server_vocab = untrack(|| source.server()).and(source.vocab.get_untracked());
        let found = match server_vocab {
            Some(vocab) => complete(&text, at, vocab.as_ref()),
            None => ctx
                .pg
                .try_with_value(|pg| complete(&text, at, pg.store()))
                .flatten(),
        }
        .filter(|c| {
            let typed = !c.range.is_empty() || !matches!(c.context, Context::Expression { .. });
            !c.items.is_empty() && (typed || explicit)
        });
        selected.set(0);
        popup.set(found);
    };
    let set_text = move |text: String, at: usize| {
        if let Some(a) = area.get_untracked() {
            a.set_value(&text);
            let u = byte_to_utf16(&text, at) as u32;
            let _ = a.set_selection_range(u, u);
            let _ = a.focus();
        }
        draft.set(text);
    };
    let accept_item = move |i: usize| {
        let Some(c) = popup.get_untracked() else {
            return;
        };
        if let Some(item) = c.items.get(i) {
            let (text, at) = accept(&draft.get_untracked(), &c, item);
            if text != draft.get_untracked() {
                set_text(text, at);
            }
        }
        popup.set(None);
    };
    let run = move || {
        popup.set(None);
        history.remember(&draft.get_untracked());
        on_run.run(());
    };
    let recall = move |older: bool| -> bool {
        let text = draft.get_untracked();
        let one_line = !text.contains('\n');
        let at = caret();
        let at_edge = if older { at == 0 } else { at == text.len() };
        if !(text.trim().is_empty() || (one_line && at_edge)) {
            return false;
        }
        match history.recall(&text, older) {
            Some(q) => {
                let end = if older { 0 } else { q.len() };
                set_text(q, end);
                true
            }
            None => false,
        }
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        let open = popup.with_untracked(|p| p.as_ref().map_or(0, |c| c.items.len()));
        let handled = match key.as_str() {
            "ArrowDown" if open > 0 => {
                selected.update(|s| *s = (*s + 1) % open);
                true
            }
            "ArrowUp" if open > 0 => {
                selected.update(|s| *s = (*s + open - 1) % open);
                true
            }
            "Tab" | "Enter" if open > 0 && !ev.shift_key() => {
                let before = draft.get_untracked();
                accept_item(selected.get_untracked());
                if key == "Enter" && draft.get_untracked() == before {
                    run();
                }
                true
            }
            "Escape" if open > 0 => {
                popup.set(None);
                true
            }
            "Enter" if !ev.shift_key() => {
                run();
                true
            }
            " " if ev.ctrl_key() => {
                suggest(true);
                true
            }
            "ArrowUp" => recall(true),
            "ArrowDown" => recall(false),
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    let on_keyup = move |ev: KeyboardEvent| {
        if matches!(
            ev.key().as_str(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End"
        ) {
            popup.set(None);
        }
    };
    let sync_scroll = move |_| {
        if let (Some(a), Some(l)) = (area.get_untracked(), layer.get_untracked()) {
            l.set_scroll_top(a.scroll_top());
            l.set_scroll_left(a.scroll_left());
        }
    };
    let format = move |_| match parse(&draft.get_untracked()) {
        Ok(e) => {
            let pretty = format_pretty(&e);
            let end = pretty.len();
            set_text(pretty, end);
        }
        Err(_) => {
            if let (Some(a), Some(e)) = (area.get_untracked(), error.get_untracked()) {
                let text = draft.get_untracked();
                let u = byte_to_utf16(&text, e.span.start) as u32;
                let _ = a.focus();
                let _ = a.set_selection_range(u, u);
            }
        }
    };
    let on_fix = Callback::new(move |fix: String| {
        let end = fix.len();
        set_text(fix, end);
        run();
    });
    let on_pick = Callback::new(move |q: String| {
        let end = q.len();
        set_text(q, end);
    });

    let popup_view = {
        let popup_id = popup_id.clone();
        move || {
            popup.get().map(|c| {
                let text = draft.get_untracked();
                let (line, col) = line_col(&text, c.range.start);
                view! {
                    <popup::Popup completion=c selected=selected.get() at=(line - 1, col - 1)
                        on_accept=Callback::new(accept_item) popup_id=popup_id.clone() ids=ids/>
                }
            })
        }
    };
    let error_view = move || {
        error.get().map(|e| {
            let text = draft.get();
            let (line, col) = line_col(&text, e.span.start);
            let at = ctx
                .t()
                .editor_error_at
                .replace("{line}", &line.to_string())
                .replace("{col}", &col.to_string());
            let message = e.message(ctx.lang.get());
            view! {
                <div class="editor-error" role="status" data-testid=ids.error>
                    {at}" "{message}
                    <lints::Repair text=draft.into() error=e on_fix=on_fix ids=ids/>
                </div>
            }
        })
    };
    let error_span = Signal::derive(move || error.get().map(|e| e.span));
    let item_prefix = popup_id.clone();

    view! {
        <div class="query-editor">
            <div class="query-row">
                <div class="editor-box">
                    <highlight::Highlight text=draft.into() error=error_span node=layer testid=ids.highlight/>
                    <textarea class="editor-input" data-testid=ids.input spellcheck="false"
                        autocomplete="off" autocapitalize="off" node_ref=area
                        aria-label=move || (ids.label)(ctx.t())
                        placeholder=move || ctx.t().editor_placeholder
                        aria-autocomplete="list" aria-controls=popup_id.clone()
                        aria-expanded=move || popup.with(Option::is_some).to_string()
                        aria-activedescendant=move || popup.with(Option::is_some).then(|| popup::item_id(&item_prefix, selected.get()))
                        prop:value=move || draft.get()
                        on:input=move |ev| { draft.set(event_target_value(&ev)); suggest(false) }
                        on:keydown=on_keydown
                        on:keyup=on_keyup
                        on:click=move |_| popup.set(None)
                        on:blur=move |_| popup.set(None)
                        on:scroll=sync_scroll></textarea>
                    {popup_view}
                </div>
                <div class="editor-actions">
                    <button class="primary" data-testid=ids.run on:click=move |_| run()>{move || (ids.run_text)(ctx.t())}</button>
                    <button data-testid=ids.format on:click=format>{move || ctx.t().editor_format}</button>
                    <history::HistoryMenu history=history on_pick=on_pick ids=ids/>
                </div>
            </div>
            {error_view}
            <lints::Lints expr=expr on_fix=on_fix ids=ids fixes=fixes/>
        </div>
    }
}
