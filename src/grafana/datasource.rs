//! The Prometheus data source of Grafana's "Connections → Data sources" page, and its
//! "Save & test": the simulated Grafana queries `<url>/api/v1/query` on the simulated
//! network, where Prometheus answers on `http://localhost:9090`, Grafana on 3000 and the
//! running app on 5000 and 8000 (`servers`). Failures use the wording Grafana shows:
//! Go's HTTP client error, or the status line of a server that is not Prometheus,
//! followed by Grafana's sentence (its health check, `pkg/promlib/healthcheck.go`).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::scrape::LOCAL_RESOLVER;

use super::servers::Server;

/// The URL the course's Prometheus listens on.
pub const PROMETHEUS_URL: &str = "http://localhost:9090";

/// Grafana's sentence after a failed test.
const GRAFANA_SUFFIX: &str = "There was an error returned querying the Prometheus API.";

/// A Prometheus data source: its name and server URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSource {
    /// The name panels refer to ("Prometheus").
    pub name: String,
    /// The Prometheus server URL (empty until the learner fills it in).
    pub url: String,
}

impl Default for DataSource {
    fn default() -> Self {
        DataSource {
            name: "Prometheus".to_string(),
            url: String::new(),
        }
    }
}

/// Why "Save & test" failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSourceError {
    /// The URL field is empty.
    EmptyUrl,
    /// The name field is empty.
    EmptyName,
    /// The URL has no `http://`, or another scheme (the query URL, the scheme).
    UnsupportedScheme(String, String),
    /// The port is not a number (the URL, the port text).
    InvalidPort(String, String),
    /// The host does not resolve (the query URL, the host).
    NoSuchHost(String, String),
    /// Nothing listens there (the query URL, the `ip:port` dialled).
    ConnectionRefused(String, String),
    /// `https://` to a server that speaks plain HTTP (the query URL, the server).
    HttpsToHttp(String, Server),
    /// The server answered with an error status: it is not Prometheus, or the URL has a
    /// path (the query URL, the server).
    HttpStatus(String, Server),
}

impl DataSourceError {
    /// The message in `lang`: Grafana's English wording, or a French explanation followed
    /// by the technical error.
    pub fn message(&self, lang: Lang) -> String {
        let en = self.grafana_text();
        match lang {
            Lang::En => en,
            Lang::Fr => {
                let why = match self {
                    DataSourceError::EmptyUrl => {
                        return "L'URL du serveur Prometheus est obligatoire (le cours : http://localhost:9090)."
                            .to_string()
                    }
                    DataSourceError::EmptyName => {
                        return "Le nom de la source de données est obligatoire.".to_string()
                    }
                    DataSourceError::UnsupportedScheme(..) => {
                        "l'URL doit commencer par http:// (protocole non pris en charge)"
                    }
                    DataSourceError::InvalidPort(..) => "le port n'est pas un nombre valide",
                    DataSourceError::NoSuchHost(..) => {
                        "ce nom d'hôte est inconnu : Prometheus tourne sur localhost"
                    }
                    DataSourceError::ConnectionRefused(..) => {
                        "connexion refusée : rien n'écoute sur ce port (Prometheus écoute sur 9090)"
                    }
                    DataSourceError::HttpsToHttp(..) => {
                        "ce serveur parle HTTP, pas HTTPS : utilisez http://"
                    }
                    DataSourceError::HttpStatus(_, Server::Prometheus) => {
                        "page introuvable (404) : l'URL ne doit pas avoir de chemin"
                    }
                    DataSourceError::HttpStatus(..) => {
                        "ce serveur répond, mais ce n'est pas Prometheus"
                    }
                };
                format!("Échec de la requête à l'API Prometheus : {why}. ({en})")
            }
        }
    }

    /// What Grafana itself shows.
    fn grafana_text(&self) -> String {
        match self {
            DataSourceError::EmptyUrl => "Prometheus server URL is required".to_string(),
            DataSourceError::EmptyName => "Name is required".to_string(),
            DataSourceError::UnsupportedScheme(url, scheme) => format!(
                "Post \"{url}\": unsupported protocol scheme \"{scheme}\" - {GRAFANA_SUFFIX}"
            ),
            DataSourceError::InvalidPort(url, port) => {
                format!("parse \"{url}\": invalid port \":{port}\" after host - {GRAFANA_SUFFIX}")
            }
            DataSourceError::NoSuchHost(url, host) => format!(
                "Post \"{url}\": dial tcp: lookup {host} on {LOCAL_RESOLVER}: no such host - {GRAFANA_SUFFIX}"
            ),
            DataSourceError::ConnectionRefused(url, dialled) => format!(
                "Post \"{url}\": dial tcp {dialled}: connect: connection refused - {GRAFANA_SUFFIX}"
            ),
            DataSourceError::HttpsToHttp(url, server) => format!(
                "Post \"{url}\": {} - {GRAFANA_SUFFIX}",
                server.https_error()
            ),
            DataSourceError::HttpStatus(_, server) => {
                format!("{} - {GRAFANA_SUFFIX}", server.query_status())
            }
        }
    }

    /// Which server answered instead of Prometheus and where Prometheus is, when the URL
    /// reached another server of the machine.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        match self {
            DataSourceError::HttpsToHttp(_, server) | DataSourceError::HttpStatus(_, server) => {
                server.hint(lang)
            }
            _ => None,
        }
    }
}

impl fmt::Display for DataSourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for DataSourceError {}

impl DataSource {
    /// Grafana's answer on success.
    pub fn success_message(lang: Lang) -> &'static str {
        lang.pick(
            "Requête à l'API Prometheus réussie.",
            "Successfully queried the Prometheus API.",
        )
    }

    /// "Save & test": queries the Prometheus API at the URL on the simulated network,
    /// where the app's ports answer only while it runs.
    pub fn test(&self, app_running: bool) -> Result<(), DataSourceError> {
        if self.name.trim().is_empty() {
            return Err(DataSourceError::EmptyName);
        }
        let url = self.url.trim();
        if url.is_empty() {
            return Err(DataSourceError::EmptyUrl);
        }
        let query_url = format!("{}/api/v1/query", url.trim_end_matches('/'));
        let Some((scheme, rest)) = url.split_once("://") else {
            // Go reads `localhost:9090` as scheme `localhost`; `localhost` has none.
            let scheme = url.split_once(':').map_or("", |(s, _)| s);
            return Err(DataSourceError::UnsupportedScheme(
                query_url,
                scheme.to_string(),
            ));
        };
        let scheme = scheme.to_ascii_lowercase();
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => match port.parse::<u16>() {
                Ok(p) => (host, Some(p)),
                Err(_) => {
                    return Err(DataSourceError::InvalidPort(
                        url.to_string(),
                        port.to_string(),
                    ))
                }
            },
            None => (authority, None),
        };
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return Err(DataSourceError::UnsupportedScheme(query_url, scheme)),
        };
        let host = host.to_ascii_lowercase();
        if host != "localhost" && host != "127.0.0.1" {
            return Err(DataSourceError::NoSuchHost(query_url, host));
        }
        let port = port.unwrap_or(default_port);
        let Some(server) = Server::on_port(port, app_running) else {
            return Err(DataSourceError::ConnectionRefused(
                query_url,
                format!("127.0.0.1:{port}"),
            ));
        };
        if scheme == "https" {
            return Err(DataSourceError::HttpsToHttp(query_url, server));
        }
        if server != Server::Prometheus || !path.trim_end_matches('/').is_empty() {
            return Err(DataSourceError::HttpStatus(query_url, server));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_url_with(url: &str, app_running: bool) -> Result<(), DataSourceError> {
        DataSource {
            name: "Prometheus".into(),
            url: url.into(),
        }
        .test(app_running)
    }

    fn test_url(url: &str) -> Result<(), DataSourceError> {
        test_url_with(url, true)
    }

    #[test]
    fn the_course_url_works() {
        assert_eq!(test_url(PROMETHEUS_URL), Ok(()));
        assert_eq!(test_url("http://127.0.0.1:9090/"), Ok(()));
        assert_eq!(test_url(" HTTP://LocalHost:9090 "), Ok(()));
        assert!(DataSource::success_message(Lang::En).contains("Successfully queried"));
    }

    #[test]
    fn a_wrong_port_is_refused_as_grafana_says() {
        let e = test_url("http://localhost:9091").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Post \"http://localhost:9091/api/v1/query\": dial tcp 127.0.0.1:9091: connect: \
             connection refused - There was an error returned querying the Prometheus API."
        );
        assert!(e.message(Lang::Fr).contains("connexion refusée"));
        let e = test_url("http://localhost").unwrap_err();
        assert!(e.to_string().contains("dial tcp 127.0.0.1:80:"), "{e}");
        // The app's ports refuse only while it is stopped; Grafana's always answers.
        assert!(matches!(
            test_url_with("http://localhost:8000", false),
            Err(DataSourceError::ConnectionRefused(_, d)) if d == "127.0.0.1:8000"
        ));
        assert!(matches!(
            test_url_with("http://localhost:5000", false),
            Err(DataSourceError::ConnectionRefused(..))
        ));
        assert!(matches!(
            test_url_with("http://localhost:3000", false),
            Err(DataSourceError::HttpStatus(_, Server::Grafana))
        ));
    }

    #[test]
    fn a_server_that_is_not_prometheus_answers_with_its_status() {
        let e = test_url("http://localhost:8000").unwrap_err();
        assert_eq!(
            e.to_string(),
            "405 Method Not Allowed - There was an error returned querying the Prometheus API."
        );
        assert!(e
            .hint(Lang::En)
            .is_some_and(|h| h.contains("metrics server")));
        assert!(e.message(Lang::Fr).contains("pas Prometheus"));
        let e = test_url("http://localhost:5000/").unwrap_err();
        assert_eq!(
            e,
            DataSourceError::HttpStatus("http://localhost:5000/api/v1/query".into(), Server::Flask)
        );
        assert!(e.to_string().starts_with("404 NOT FOUND - "), "{e}");
        let e = test_url("http://localhost:3000").unwrap_err();
        assert!(e.to_string().starts_with("404 Not Found - "), "{e}");
        assert!(e.hint(Lang::Fr).is_some_and(|h| h.contains("Grafana")));
        let e = test_url("https://localhost:8000").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Post \"https://localhost:8000/api/v1/query\": tls: first record does not look like a \
             TLS handshake - There was an error returned querying the Prometheus API."
        );
        assert_eq!(
            test_url(PROMETHEUS_URL)
                .err()
                .and_then(|e| e.hint(Lang::En)),
            None
        );
    }

    #[test]
    fn bad_urls_are_refused() {
        assert_eq!(test_url(""), Err(DataSourceError::EmptyUrl));
        assert_eq!(test_url("   "), Err(DataSourceError::EmptyUrl));
        let e = test_url("localhost:9090").unwrap_err();
        assert!(
            e.to_string().starts_with(
                "Post \"localhost:9090/api/v1/query\": unsupported protocol scheme \"localhost\""
            ),
            "{e}"
        );
        assert_eq!(
            test_url("localhost"),
            Err(DataSourceError::UnsupportedScheme(
                "localhost/api/v1/query".into(),
                String::new()
            ))
        );
        assert!(matches!(
            test_url("ftp://localhost:9090"),
            Err(DataSourceError::UnsupportedScheme(_, s)) if s == "ftp"
        ));
        assert!(matches!(
            test_url("http://localhost:90x0"),
            Err(DataSourceError::InvalidPort(_, p)) if p == "90x0"
        ));
        assert!(matches!(
            test_url("http://prometheus:9090"),
            Err(DataSourceError::NoSuchHost(_, h)) if h == "prometheus"
        ));
        let e = test_url("https://localhost:9090").unwrap_err();
        assert_eq!(
            e,
            DataSourceError::HttpsToHttp(
                "https://localhost:9090/api/v1/query".into(),
                Server::Prometheus
            )
        );
        assert!(e
            .to_string()
            .contains(": http: server gave HTTP response to HTTPS client - "));
        let e = test_url("http://localhost:9090/graph").unwrap_err();
        assert!(matches!(
            e,
            DataSourceError::HttpStatus(_, Server::Prometheus)
        ));
        assert!(e.to_string().starts_with("404 Not Found - "), "{e}");
        assert_eq!(e.hint(Lang::En), None);
        let nameless = DataSource {
            name: " ".into(),
            url: PROMETHEUS_URL.into(),
        };
        assert_eq!(nameless.test(true), Err(DataSourceError::EmptyName));
        for e in [
            DataSourceError::EmptyUrl,
            DataSourceError::EmptyName,
            DataSourceError::HttpStatus("u".into(), Server::Prometheus),
        ] {
            assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        }
    }
}
