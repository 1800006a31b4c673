//! The Prometheus HTTP API's requests as URLs: one [`ApiCall`] per endpoint Sonde uses,
//! written under the server's base URL with its parameters percent-encoded, times in
//! seconds as Prometheus reads them.

/// One call to the Prometheus HTTP API (`/api/v1/...`).
#[derive(Clone, Debug, PartialEq)]
pub enum ApiCall {
    /// `/api/v1/query`: an instant query at a time (ms).
    Query {
        /// The PromQL text.
        query: String,
        /// Evaluation time in ms.
        time_ms: i64,
    },
    /// `/api/v1/query_range`: a range query over `[start, end]` every `step`.
    QueryRange {
        /// The PromQL text.
        query: String,
        /// Start in ms.
        start_ms: i64,
        /// End in ms.
        end_ms: i64,
        /// Step in ms.
        step_ms: i64,
    },
    /// `/api/v1/series`: the series a selector matches.
    Series {
        /// The selector (`match[]`).
        matcher: String,
    },
    /// `/api/v1/labels`: every label name.
    Labels,
    /// `/api/v1/label/<name>/values`: one label's values.
    LabelValues {
        /// The label name.
        name: String,
    },
    /// `/api/v1/metadata`: metric types and help texts (of one metric when given).
    Metadata {
        /// The metric name, or every metric when `None`.
        metric: Option<String>,
    },
    /// `/api/v1/targets`: the scrape targets and their health.
    Targets,
    /// `/api/v1/rules`: recording and alerting rules.
    Rules,
    /// `/api/v1/alerts`: active alerts.
    Alerts,
    /// `/api/v1/status/buildinfo`: which server and version answers.
    BuildInfo,
}

/// `s` percent-encoded for a URL's query or path segment: every byte but the unreserved
/// ones (`A-Z a-z 0-9 - _ . ~`) becomes `%XX`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A time in ms as the API's seconds with up to three decimals (`1700000000.5`).
pub fn api_time(ms: i64) -> String {
    if ms < 0 {
        return format!("-{}", api_time(ms.saturating_neg()));
    }
    let (s, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        s.to_string()
    } else {
        format!("{s}.{frac:03}").trim_end_matches('0').to_string()
    }
}

/// The server's base URL as typed, trimmed, without trailing slashes; `http://` is added
/// when no scheme is given. `None` when nothing is left.
pub fn normalize_base(typed: &str) -> Option<String> {
    let t = typed.trim().trim_end_matches('/');
    if t.is_empty() {
        return None;
    }
    if t.starts_with("http://") || t.starts_with("https://") {
        Some(t.to_string())
    } else {
        Some(format!("http://{t}"))
    }
}

impl ApiCall {
    /// The path and query string after the base URL.
    pub fn path(&self) -> String {
        let q = encode_component;
        match self {
            ApiCall::Query { query, time_ms } => {
                format!(
                    "/api/v1/query?query={}&time={}",
                    q(query),
                    api_time(*time_ms)
                )
            }
            ApiCall::QueryRange {
                query,
                start_ms,
                end_ms,
                step_ms,
            } => format!(
                "/api/v1/query_range?query={}&start={}&end={}&step={}",
                q(query),
                api_time(*start_ms),
                api_time(*end_ms),
                api_time((*step_ms).max(1))
            ),
            ApiCall::Series { matcher } => format!("/api/v1/series?match%5B%5D={}", q(matcher)),
            ApiCall::Labels => "/api/v1/labels".to_string(),
            ApiCall::LabelValues { name } => format!("/api/v1/label/{}/values", q(name)),
            ApiCall::Metadata { metric: None } => "/api/v1/metadata".to_string(),
            ApiCall::Metadata { metric: Some(m) } => format!("/api/v1/metadata?metric={}", q(m)),
            ApiCall::Targets => "/api/v1/targets".to_string(),
            ApiCall::Rules => "/api/v1/rules".to_string(),
            ApiCall::Alerts => "/api/v1/alerts".to_string(),
            ApiCall::BuildInfo => "/api/v1/status/buildinfo".to_string(),
        }
    }

    /// The full URL of this call on the server at `base` (as [`normalize_base`] gives it).
    pub fn url(&self, base: &str) -> String {
        format!("{}{}", base.trim_end_matches('/'), self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_encoded_and_times_in_seconds() {
        let call = ApiCall::Query {
            query: "rate(x{a=\"b c\"}[5m])".into(),
            time_ms: 1_700_000_000_500,
        };
        assert_eq!(
            call.url("http://h:9090"),
            "http://h:9090/api/v1/query?query=rate%28x%7Ba%3D%22b%20c%22%7D%5B5m%5D%29&time=1700000000.5"
        );
        let range = ApiCall::QueryRange {
            query: "up".into(),
            start_ms: 1_000,
            end_ms: 61_000,
            step_ms: 15_000,
        };
        assert_eq!(
            range.path(),
            "/api/v1/query_range?query=up&start=1&end=61&step=15"
        );
    }

    #[test]
    fn every_endpoint_has_its_path() {
        let paths: Vec<String> = [
            ApiCall::Series {
                matcher: "up".into(),
            },
            ApiCall::Labels,
            ApiCall::LabelValues { name: "job".into() },
            ApiCall::Metadata { metric: None },
            ApiCall::Metadata {
                metric: Some("up".into()),
            },
            ApiCall::Targets,
            ApiCall::Rules,
            ApiCall::Alerts,
            ApiCall::BuildInfo,
        ]
        .iter()
        .map(ApiCall::path)
        .collect();
        assert_eq!(
            paths,
            [
                "/api/v1/series?match%5B%5D=up",
                "/api/v1/labels",
                "/api/v1/label/job/values",
                "/api/v1/metadata",
                "/api/v1/metadata?metric=up",
                "/api/v1/targets",
                "/api/v1/rules",
                "/api/v1/alerts",
                "/api/v1/status/buildinfo",
            ]
        );
    }

    #[test]
    fn base_urls_are_normalized() {
        assert_eq!(
            normalize_base(" localhost:9090/ ").as_deref(),
            Some("http://localhost:9090")
        );
        assert_eq!(
            normalize_base("https://prom.example/sub//").as_deref(),
            Some("https://prom.example/sub")
        );
        assert_eq!(normalize_base("  "), None);
        assert_eq!(api_time(-1500), "-1.5");
        assert_eq!(api_time(1_010), "1.01");
    }
}
