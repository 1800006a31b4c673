//! What answers on each port of the course's machine when Grafana's data source test
//! POSTs the query `1+1` to `<url>/api/v1/query`: Prometheus, Grafana itself, or one of
//! the app's two servers (Flask on 5000, prometheus_client on 8000). The answers were
//! captured from the real servers (`tests/reference/datasource-test/`).

use crate::lang::Lang;
use crate::sim::{FLASK_PORT, METRICS_PORT};

/// The port Prometheus listens on.
pub const PROMETHEUS_PORT: u16 = 9090;
/// The port Grafana listens on.
pub const GRAFANA_PORT: u16 = 3000;

/// A server of the course's machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    /// Prometheus, a Go server.
    Prometheus,
    /// Grafana itself, a Go server.
    Grafana,
    /// The app's Flask server (Werkzeug, Python).
    Flask,
    /// The app's metrics server, prometheus_client's `start_http_server` (Python).
    Metrics,
}

impl Server {
    /// What listens on `port` of localhost; the app's ports only while it runs.
    pub fn on_port(port: u16, app_running: bool) -> Option<Server> {
        match port {
            PROMETHEUS_PORT => Some(Server::Prometheus),
            GRAFANA_PORT => Some(Server::Grafana),
            FLASK_PORT if app_running => Some(Server::Flask),
            METRICS_PORT if app_running => Some(Server::Metrics),
            _ => None,
        }
    }

    /// Go's error for an `https://` request to this plain-HTTP server. A Go server answers
    /// the TLS handshake with an HTTP 400, which Go's client recognises; Python's servers
    /// answer with an error page without a status line, so the TLS layer's own error shows.
    pub fn https_error(self) -> &'static str {
        match self {
            Server::Prometheus | Server::Grafana => {
                "http: server gave HTTP response to HTTPS client"
            }
            Server::Flask | Server::Metrics => {
                "tls: first record does not look like a TLS handshake"
            }
        }
    }

    /// The status line it answers a POST of `/api/v1/query` with when that is not
    /// Prometheus's API (for Prometheus: a URL with a path). prometheus_client's server
    /// accepts only GET; Werkzeug writes its reason in capitals; Grafana's unknown API
    /// routes answer 404.
    pub fn query_status(self) -> &'static str {
        match self {
            Server::Prometheus | Server::Grafana => "404 Not Found",
            Server::Flask => "404 NOT FOUND",
            Server::Metrics => "405 Method Not Allowed",
        }
    }

    /// Who answered and where Prometheus is, for a learner who pointed the data source at
    /// another server; `None` for Prometheus itself.
    pub fn hint(self, lang: Lang) -> Option<String> {
        let what = match (self, lang) {
            (Server::Prometheus, _) => return None,
            (Server::Grafana, Lang::Fr) => format!("Le port {GRAFANA_PORT} est celui de Grafana lui-même, pas de Prometheus."),
            (Server::Grafana, Lang::En) => format!("Port {GRAFANA_PORT} is Grafana itself, not Prometheus."),
            (Server::Flask, Lang::Fr) => format!("Le port {FLASK_PORT} est celui de Flask : il sert les pages de l'application, pas l'API de Prometheus."),
            (Server::Flask, Lang::En) => format!("Port {FLASK_PORT} is Flask's: it serves the app's pages, not Prometheus's API."),
            (Server::Metrics, Lang::Fr) => format!("Le port {METRICS_PORT} est le serveur de métriques de l'application, celui que Prometheus interroge : il n'expose que les métriques, pas l'API de Prometheus."),
            (Server::Metrics, Lang::En) => format!("Port {METRICS_PORT} is the app's metrics server, the one Prometheus scrapes: it serves the metrics only, not Prometheus's API."),
        };
        let next = lang.pick(
            "Grafana doit interroger Prometheus : http://localhost:9090.",
            "Grafana must query Prometheus: http://localhost:9090.",
        );
        Some(format!("{what} {next}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_ports_answer_only_while_it_runs() {
        assert_eq!(Server::on_port(9090, false), Some(Server::Prometheus));
        assert_eq!(Server::on_port(3000, false), Some(Server::Grafana));
        assert_eq!(Server::on_port(8000, true), Some(Server::Metrics));
        assert_eq!(Server::on_port(5000, true), Some(Server::Flask));
        assert_eq!(Server::on_port(8000, false), None);
        assert_eq!(Server::on_port(5000, false), None);
        assert_eq!(Server::on_port(9091, true), None);
    }

    #[test]
    fn hints_say_who_answered_in_both_languages() {
        assert_eq!(Server::Prometheus.hint(Lang::En), None);
        for s in [Server::Grafana, Server::Flask, Server::Metrics] {
            let (en, fr) = (s.hint(Lang::En), s.hint(Lang::Fr));
            assert!(
                en.as_deref()
                    .is_some_and(|h| h.contains("http://localhost:9090")),
                "{en:?}"
            );
            assert_ne!(en, fr);
        }
        assert!(Server::Metrics
            .hint(Lang::En)
            .is_some_and(|h| h.contains("metrics server")));
    }
}
