//! Entry point: mounts the Sonde app in the page (wasm32 only).

#[cfg(target_arch = "wasm32")]
fn main() {
    sonde::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Sonde runs in the browser: use `scripts/serve.sh`.");
}
