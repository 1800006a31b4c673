//! What a panel's query ran with, next to its graph, as grafana#31293 asks of Grafana:
//! the effective step (`$__interval`), the scrape interval and where it comes from, and
//! `$__rate_interval` with the rule that made it.

use leptos::prelude::*;

use crate::go::duration::format_duration;
use crate::go::time::go_duration_string;
use crate::grafana::variables::format_interval;
use crate::grafana::IntervalVars;
use crate::ui::use_ctx;

/// A duration in ms as Prometheus writes it.
fn duration(ms: i64) -> String {
    format_duration(ms.unsigned_abs())
}

/// The line of intervals under a panel's chart.
#[component]
pub fn Intervals(vars: Signal<IntervalVars>) -> impl IntoView {
    let ctx = use_ctx();
    let step = move || {
        let v = vars.get();
        format!(
            "{} {} ($__interval = {})",
            ctx.t().iv_step,
            duration(v.interval_ms),
            format_interval(v.interval_ms)
        )
    };
    let scrape = move || {
        let (t, v) = (ctx.t(), vars.get());
        let source = if v.scrape_from_min_interval {
            t.iv_scrape_min
        } else {
            t.iv_scrape_yml
        };
        format!(
            "{} {} ({source})",
            t.iv_scrape,
            duration(v.scrape_interval_ms)
        )
    };
    let rate = move || {
        let v = vars.get();
        let s = duration(v.scrape_interval_ms);
        format!(
            "$__rate_interval = {} = max({} + {s}, 4 × {s})",
            go_duration_string(v.rate_interval_ms),
            duration(v.interval_ms)
        )
    };
    view! {
        <div class="panel-intervals" data-testid="panel-intervals" title=move || ctx.t().iv_variables_hint>
            <span data-testid="effective-step" data-ms=move || vars.get().interval_ms.to_string()>{step}</span>
            <span data-testid="scrape-interval" data-ms=move || vars.get().scrape_interval_ms.to_string()>{scrape}</span>
            <span data-testid="rate-interval" data-ms=move || vars.get().rate_interval_ms.to_string()>{rate}</span>
        </div>
    }
}
