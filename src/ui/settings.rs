//! The top bar's settings: share link (copy, QR code, history on request), start again,
//! theme, presentation mode, language.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::lang::Lang;
use crate::share::{qr_code, Theme};

use super::dashboard::Dashboard;
use super::persist::{share_url, start_again, Kept, Notice};
use super::query::editor::QueryHistory;
use super::use_ctx;

/// What the copy button last did.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Copied {
    Not,
    Done,
    Failed,
}

/// Copies `text` to the clipboard, then sets `state`; browsers without the asynchronous
/// clipboard (or refusing it, e.g. on a page not served over https or localhost) fail.
fn copy_to_clipboard(text: &str, state: RwSignal<Copied>) {
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        state.set(Copied::Failed);
        return;
    };
    let promise = clipboard
        .unchecked_into::<web_sys::Clipboard>()
        .write_text(text);
    let done = Closure::once_into_js(move |_: JsValue| state.set(Copied::Done));
    let failed = Closure::once_into_js(move |_: JsValue| state.set(Copied::Failed));
    // `then` called by name: the closures made by `once_into_js` free themselves once run.
    if let Ok(then) = js_sys::Reflect::get(&promise, &JsValue::from_str("then")) {
        let _ = then
            .unchecked_into::<js_sys::Function>()
            .call2(&promise, &done, &failed);
    }
}

/// The share box: the link, a copy button, its QR code, and whether to include the
/// query history.
#[component]
fn ShareBox(kept: Kept, open: RwSignal<bool>) -> impl IntoView {
    let ctx = use_ctx();
    let with_history = RwSignal::new(false);
    let copied = RwSignal::new(Copied::Not);
    let link = Memo::new(move |_| {
        let history = with_history.get();
        let _ = ctx.version.get();
        share_url(ctx, kept, history).map_err(|e| e.message(ctx.lang.get()))
    });
    let url = move || link.get().unwrap_or_else(|e| e);
    let qr = move || {
        let Ok(url) = link.get() else {
            return None;
        };
        Some(match qr_code(&url) {
            Some(code) => {
                let side = code.view_size().to_string();
                let view_box = format!("0 0 {side} {side}");
                view! {
                    <svg class="qr" data-testid="share-qr" role="img" aria-label=ctx.t().share_qr
                        viewBox=view_box shape-rendering="crispEdges">
                        <rect width=side.clone() height=side fill="#fff"/>
                        <path d=code.path fill="#000"/>
                    </svg>
                }
                .into_any()
            }
            None => {
                view! { <p class="hint" data-testid="share-qr">{ctx.t().share_qr_too_long}</p> }
                    .into_any()
            }
        })
    };
    view! {
        <div class="share-box" role="dialog" aria-label=move || ctx.t().share>
            <div class="share-main">
                <label>{move || ctx.t().share_hint}
                    <input readonly data-testid="share-url" prop:value=url
                        on:focus=move |ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
                </label>
                <div class="share-actions">
                    <button class="primary" data-testid="share-copy"
                        on:click=move |_| copy_to_clipboard(&url(), copied)>{move || ctx.t().share_copy}</button>
                    <label class="check">
                        <input type="checkbox" data-testid="share-history" prop:checked=move || with_history.get()
                            on:change=move |ev| with_history.set(event_target_checked(&ev))/>
                        {move || ctx.t().share_with_history}
                    </label>
                    <span role="status" data-testid="share-copied" data-state=move || format!("{:?}", copied.get()).to_lowercase()>
                        {move || match copied.get() {
                            Copied::Not => "",
                            Copied::Done => ctx.t().share_copied,
                            Copied::Failed => ctx.t().share_copy_failed,
                        }}
                    </span>
                </div>
            </div>
            {qr}
            <button aria-label=move || ctx.t().share_close on:click=move |_| open.set(false)>"×"</button>
        </div>
    }
}

/// The settings buttons.
#[component]
pub fn Settings() -> impl IntoView {
    let ctx = use_ctx();
    let sharing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let kept = Kept {
        history: expect_context::<QueryHistory>(),
        dash: expect_context::<Dashboard>(),
    };
    let notices = expect_context::<RwSignal<Vec<Notice>>>();
    let reset = move |_| {
        start_again(ctx, kept, notices);
        confirming.set(false);
        sharing.set(false);
    };
    view! {
        <div class="settings">
            <button data-testid="share-link" aria-pressed=move || sharing.get().to_string()
                on:click=move |_| sharing.update(|s| *s = !*s)>{move || ctx.t().share}</button>
            <button data-testid="reset-all" on:click=move |_| confirming.set(true)>{move || ctx.t().reset_all}</button>
            <button data-testid="theme-toggle" aria-pressed=move || (ctx.theme.get() == Theme::Light).to_string()
                on:click=move |_| ctx.theme.update(|t| *t = if *t == Theme::Dark { Theme::Light } else { Theme::Dark })>
                {move || if ctx.theme.get() == Theme::Dark { ctx.t().theme_light } else { ctx.t().theme_dark }}
            </button>
            <button data-testid="presentation-toggle" aria-pressed=move || ctx.presentation.get().to_string()
                on:click=move |_| ctx.presentation.update(|p| *p = !*p)>{move || ctx.t().presentation}</button>
            <button class="lang" data-testid="lang-toggle"
                on:click=move |_| ctx.lang.update(|l| *l = if *l == Lang::Fr { Lang::En } else { Lang::Fr })>
                {move || ctx.t().lang_switch}
            </button>
        </div>
        <Show when=move || confirming.get()>
            <div class="confirm-box" role="alertdialog" data-testid="reset-dialog">
                <p>{move || ctx.t().reset_question}</p>
                <button class="danger" data-testid="reset-confirm" on:click=reset>{move || ctx.t().reset_confirm}</button>
                <button data-testid="reset-cancel" on:click=move |_| confirming.set(false)>{move || ctx.t().reset_cancel}</button>
            </div>
        </Show>
        <Show when=move || sharing.get()>
            <ShareBox kept=kept open=sharing/>
        </Show>
    }
}
