//! The Prometheus data source of Grafana's "Connections → Data sources" page, and its
//! "Save & test": the simulated Grafana queries `<url>/api/v1/query` on the simulated
//! network, where only Prometheus on `http://localhost:9090` answers. Failures use the
//! wording Grafana shows (Go's HTTP client errors followed by Grafana's sentence).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// The URL the course's Prometheus listens on.
pub const PROMETHEUS_URL: &str = "http://localhost:9090";

/// The port Prometheus listens on.
const PROMETHEUS_PORT: u16 = 9090;

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
    /// `https://` to Prometheus, which speaks plain HTTP (the query URL).
    HttpsToHttp(String),
    /// Prometheus answered 404: the URL has a path (the query URL).
    NotFound(String),
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
                        "Prometheus parle HTTP, pas HTTPS : utilisez http://"
                    }
                    DataSourceError::NotFound(..) => {
                        "page introuvable (404) : l'URL ne doit pas avoir de chemin"
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
                "Post \"{url}\": dial tcp: lookup {host} on 127.0.0.53:53: no such host - {GRAFANA_SUFFIX}"
            ),
            DataSourceError::ConnectionRefused(url, dialled) => format!(
                "Post \"{url}\": dial tcp {dialled}: connect: connection refused - {GRAFANA_SUFFIX}"
            ),
            DataSourceError::HttpsToHttp(url) => format!(
                "Post \"{url}\": http: server gave HTTP response to HTTPS client - {GRAFANA_SUFFIX}"
            ),
            DataSourceError::NotFound(_) => {
                format!("client_error: client error: 404 - {GRAFANA_SUFFIX}")
            }
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

    /// "Save & test": queries the Prometheus API at the URL on the simulated network.
    pub fn test(&self) -> Result<(), DataSourceError> {
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
        if port != PROMETHEUS_PORT {
            return Err(DataSourceError::ConnectionRefused(
                query_url,
                format!("127.0.0.1:{port}"),
            ));
        }
        if scheme == "https" {
            return Err(DataSourceError::HttpsToHttp(query_url));
        }
        if !path.trim_end_matches('/').is_empty() {
            return Err(DataSourceError::NotFound(query_url));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_url(url: &str) -> Result<(), DataSourceError> {
        DataSource {
            name: "Prometheus".into(),
            url: url.into(),
        }
        .test()
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
        // The app's port answers, but not as Prometheus.
        assert!(matches!(
            test_url("http://localhost:8000"),
            Err(DataSourceError::ConnectionRefused(..))
        ));
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
        assert!(matches!(
            test_url("https://localhost:9090"),
            Err(DataSourceError::HttpsToHttp(_))
        ));
        assert!(matches!(
            test_url("http://localhost:9090/graph"),
            Err(DataSourceError::NotFound(_))
        ));
        let nameless = DataSource {
            name: " ".into(),
            url: PROMETHEUS_URL.into(),
        };
        assert_eq!(nameless.test(), Err(DataSourceError::EmptyName));
        for e in [
            DataSourceError::EmptyUrl,
            DataSourceError::EmptyName,
            DataSourceError::NotFound("u".into()),
        ] {
            assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        }
    }
}
