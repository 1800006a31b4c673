//! The simulated network between Prometheus and the app: only `localhost` (and
//! `127.0.0.1`) exists, and only the app's ports answer; what a scrape gets back, or why
//! it fails, in Prometheus's terms: another host name does not resolve, a stopped app or
//! another port refuses the connection, and `https` meets the app's plain HTTP.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::scrape::{Fetched, ScrapeFailure, ScrapeTarget};
use crate::sim::{FlaskApp, FLASK_PORT, METRICS_PORT};

/// The simulated network: only localhost (and 127.0.0.1) exists, and only the app's
/// ports answer.
pub(super) fn fetch_from(
    app: &mut FlaskApp,
    target: &ScrapeTarget,
    at: i64,
) -> Result<Fetched, ScrapeFailure> {
    let url = target.url();
    let Some(port) = target.port else {
        return Err(ScrapeFailure::ConnectionRefused {
            url,
            dialled: target.instance.clone(),
            app_stopped: false,
        });
    };
    let ip = if target.host.eq_ignore_ascii_case("localhost") {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        // Go looks a name up first: only an address skips the resolver.
        target
            .host
            .parse::<IpAddr>()
            .map_err(|_| ScrapeFailure::NoSuchHost {
                url: url.clone(),
                host: target.host.clone(),
            })?
    };
    let app_port =
        ip == IpAddr::V4(Ipv4Addr::LOCALHOST) && matches!(port, FLASK_PORT | METRICS_PORT);
    if !(app_port && app.is_up()) {
        return Err(ScrapeFailure::ConnectionRefused {
            url,
            dialled: SocketAddr::new(ip, port).to_string(),
            app_stopped: app_port,
        });
    }
    if target.scheme == "https" {
        return Err(ScrapeFailure::NotTls { url });
    }
    let response =
        app.get(port, &target.metrics_path, at)
            .map_err(|_| ScrapeFailure::ConnectionRefused {
                url,
                dialled: SocketAddr::new(ip, port).to_string(),
                app_stopped: true,
            })?;
    if response.status != 200 {
        let text = response.status_text();
        let reason = text
            .split_once(' ')
            .map(|(_, r)| r.to_string())
            .unwrap_or_default();
        return Err(ScrapeFailure::HttpStatus {
            code: response.status,
            reason,
            port: Some(port),
        });
    }
    // A few milliseconds, more for a bigger page, never twice the same.
    let duration = app.scrape_time(response.body.len(), at);
    Ok(Fetched {
        body: response.body,
        duration,
    })
}
