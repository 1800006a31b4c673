//! The simulated network between Prometheus and the app: only `localhost` (and
//! `127.0.0.1`) exists, and only the ports of the app's replicas answer (replica `n` on
//! 5000 + n and 8000 + n); what a scrape gets back, or why it fails, in Prometheus's terms:
//! another host name does not resolve, a stopped replica or another port refuses the
//! connection, `https` meets the app's plain HTTP, and a replica hit by slow scrapes
//! answers later than the timeout.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::scrape::{Fetched, ScrapeFailure, ScrapeTarget};
use crate::sim::{IncidentLog, Replicas};

/// The simulated network: only localhost (and 127.0.0.1) exists, and only the ports of
/// the app's replicas answer.
pub(super) fn fetch_from(
    apps: &mut Replicas,
    incidents: &IncidentLog,
    target: &ScrapeTarget,
    at: i64,
) -> Result<Fetched, ScrapeFailure> {
    // The URL is written only into an error.
    let url = || target.url();
    let Some(port) = target.port else {
        return Err(ScrapeFailure::ConnectionRefused {
            url: url(),
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
                url: url(),
                host: target.host.clone(),
            })?
    };
    let local = ip == IpAddr::V4(Ipv4Addr::LOCALHOST);
    let replica = apps.by_port(port).filter(|_| local);
    let refused = |app_stopped| ScrapeFailure::ConnectionRefused {
        url: url(),
        dialled: SocketAddr::new(ip, port).to_string(),
        app_stopped,
    };
    let Some(replica) = replica.filter(|&i| apps.all()[i].is_up()) else {
        return Err(refused(replica.is_some()));
    };
    if target.scheme == "https" {
        return Err(ScrapeFailure::NotTls { url: url() });
    }
    let app = apps.get_mut(replica).map_err(|_| refused(false))?;
    let response = app
        .get(port, &target.metrics_path, at)
        .map_err(|_| refused(true))?;
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
    let duration =
        app.scrape_time(response.body.len(), at) + incidents.scrape_delay_at(replica, at);
    Ok(Fetched {
        body: response.body,
        duration,
    })
}
