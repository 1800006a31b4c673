//! The UI in headless Chromium: each test mounts the app in a fresh element and drives it
//! through real DOM events (clicks, typing, key presses) found by `data-testid`.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod app;
mod config;
mod course;
mod dashboard;
mod datasource;
mod editor;
mod exercises;
mod explain;
mod exports;
mod foundation;
mod graph;
mod hostile;
mod production;
mod rules;
mod settings;
mod support;
mod week;
