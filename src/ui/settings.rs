//! The top bar's settings: share link, theme, presentation mode, language.

use leptos::prelude::*;

use crate::lang::Lang;
use crate::share::Theme;

use super::persist::share_url;
use super::query::editor::QueryHistory;
use super::use_ctx;

/// The settings buttons.
#[component]
pub fn Settings() -> impl IntoView {
    let ctx = use_ctx();
    let link = RwSignal::new(None::<String>);
    let history = expect_context::<QueryHistory>();
    let share = move |_| {
        link.set(Some(match share_url(ctx, history) {
            Ok(url) => url,
            Err(e) => e.message(ctx.lang.get_untracked()),
        }))
    };
    view! {
        <div class="settings">
            <button data-testid="share-link" on:click=share>{move || ctx.t().share}</button>
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
        {move || link.get().map(|url| view! {
            <div class="share-box" role="dialog" aria-label=ctx.t().share>
                <label>{ctx.t().share_hint}
                    <input readonly data-testid="share-url" prop:value=url.clone()
                        on:focus=move |ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
                </label>
                <button on:click=move |_| link.set(None)>"×"</button>
            </div>
        })}
    }
}
