//! The heartbeat: every 100 ms of real time, the simulation advances by the elapsed real
//! time times the clock's speed.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::Ctx;

/// Real milliseconds between two ticks.
const TICK_MS: u64 = 100;

fn now_real_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Starts the timer; it stops when the app's owner is disposed.
pub fn start(ctx: Ctx) {
    let last = Rc::new(Cell::new(now_real_ms()));
    let handle = set_interval_with_handle(
        move || {
            let now = now_real_ms();
            let elapsed = (now - last.replace(now)).max(0.0);
            // Views re-read the simulation only when time moved (not while paused).
            let moved = ctx.pg.try_update_value(|pg| {
                let before = pg.now_ms();
                pg.tick(elapsed);
                pg.now_ms() != before
            });
            if moved == Some(true) {
                ctx.version.update(|v| *v += 1);
            }
        },
        Duration::from_millis(TICK_MS),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
}
