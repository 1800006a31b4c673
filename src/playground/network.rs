//! The simulated network between Prometheus and the app: only `localhost` (and
//! `127.0.0.1`) exists, and only the app's ports answer; what a scrape gets back, or why
//! it fails, in Prometheus's terms.

use crate::scrape::{Fetched, ScrapeFailure, ScrapeTarget};
use crate::sim::FlaskApp;

/// The simulated network: only localhost (and 127.0.0.1) exists, and only the app's
/// ports answer.
pub(super) fn fetch_from(
    app: &mut FlaskApp,
    target: &ScrapeTarget,
    at: i64,
) -> Result<Fetched, ScrapeFailure> {
    let local = matches!(target.host.as_str(), "localhost" | "127.0.0.1");
    let host = if target.host == "localhost" {
        "127.0.0.1"
    } else {
        &target.host
    };
    let dialled = match target.port {
        Some(port) => format!("{host}:{port}"),
        None => target.instance.clone(),
    };
    let refused = || ScrapeFailure::ConnectionRefused {
        url: target.url(),
        dialled: dialled.clone(),
    };
    let Some(port) = target.port.filter(|_| local && target.scheme == "http") else {
        return Err(refused());
    };
    let response = app
        .get(port, &target.metrics_path, at)
        .map_err(|_| refused())?;
    if response.status != 200 {
        let text = response.status_text();
        let reason = text
            .split_once(' ')
            .map(|(_, r)| r.to_string())
            .unwrap_or_default();
        return Err(ScrapeFailure::HttpStatus {
            code: response.status,
            reason,
        });
    }
    // A few milliseconds, more for a bigger page, never twice the same.
    let duration = app.scrape_time(response.body.len(), at);
    Ok(Fetched {
        body: response.body,
        duration,
    })
}
