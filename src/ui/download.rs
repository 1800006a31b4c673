//! A button that downloads a file made by [`crate::export`]: on click the file is made
//! from the state of the moment, put in a `Blob` behind an object URL, and saved through a
//! hidden link with the `download` attribute. The button keeps the last URL and file name
//! in `data-href` and `data-file` (the browser tests read the file back from them); the
//! previous URL is released at the next click.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::export::ExportFile;

use super::{use_ctx, Texts};

/// Puts `file` behind an object URL and has the browser save it; returns the URL.
fn save(file: &ExportFile) -> Result<String, JsValue> {
    let bytes = js_sys::Uint8Array::from(file.bytes.as_slice());
    let parts = js_sys::Array::of1(&bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(file.mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(&file.name);
    link.set_hidden(true);
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    Ok(url)
}

/// A download button labelled `label`, saving what `make` returns at the click.
#[component]
pub fn Download(
    /// The button's `data-testid`.
    testid: &'static str,
    /// Its words.
    label: fn(&Texts) -> &'static str,
    /// Makes the file.
    #[prop(into)]
    make: Callback<(), ExportFile>,
) -> impl IntoView {
    let ctx = use_ctx();
    let href = RwSignal::new(None::<String>);
    let name = RwSignal::new(None::<String>);
    let on_click = move |_| {
        let file = make.run(());
        if let Some(old) = href.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        match save(&file) {
            Ok(url) => {
                href.set(Some(url));
                name.set(Some(file.name));
            }
            // The browser refused the Blob or the link: nothing to offer.
            Err(_) => href.set(None),
        }
    };
    view! {
        <button class="download" data-testid=testid data-href=move || href.get()
            data-file=move || name.get() on:click=on_click>{move || label(ctx.t())}</button>
    }
}
