//! Prometheus's configuration types as yaml.v2 fills them: which keys each type has, the
//! Go type names its messages use, and the checks its `UnmarshalYAML` methods make while
//! decoding (in document order, each skipped when its own part had type problems).
//!
//! Keys Prometheus knows but Sonde does not simulate are accepted, as Prometheus
//! accepts them, with a "not simulated" note (`note`); simple ones (booleans, limits,
//! file names) and the HTTP client's (`client`) are type-checked first. Relabel steps
//! are read by `relabel`.

use crate::go::duration::parse_duration;

use crate::relabel::RelabelConfig;

use super::client::{note_unless_empty, ClientConfig};
use super::decode::{label_name, Decoder, Spanned, Step};
use super::error::{ConfigError, ConfigErrorKind};
use super::model::{
    GlobalConfig, DEFAULT_EVALUATION_INTERVAL_MS, DEFAULT_SCRAPE_INTERVAL_MS,
    DEFAULT_SCRAPE_TIMEOUT_MS,
};
use super::problems::AlertingProblem;
use super::relabel::read_relabel_list;
use super::tree::NodeId;

/// The anonymous struct `targetgroup.Group` decodes into, as Go prints its type.
pub(crate) const GROUP_TYPE: &str =
    r#"struct { Targets []string "yaml:\"targets\""; Labels model.LabelSet "yaml:\"labels\"" }"#;

/// Keys of the top level (`config.Config`).
pub(crate) const TOP_KEYS: [&str; 11] = [
    "global",
    "runtime",
    "alerting",
    "rule_files",
    "scrape_config_files",
    "scrape_configs",
    "storage",
    "tracing",
    "remote_write",
    "remote_read",
    "otlp",
];

/// Keys of `global` (`config.GlobalConfig`).
pub(crate) const GLOBAL_KEYS: [&str; 21] = [
    "scrape_interval",
    "scrape_timeout",
    "scrape_protocols",
    "evaluation_interval",
    "rule_query_offset",
    "query_log_file",
    "scrape_failure_log_file",
    "external_labels",
    "body_size_limit",
    "sample_limit",
    "target_limit",
    "label_limit",
    "label_name_length_limit",
    "label_value_length_limit",
    "keep_dropped_targets",
    "metric_name_validation_scheme",
    "metric_name_escaping_scheme",
    "scrape_native_histograms",
    "convert_classic_histograms_to_nhcb",
    "always_scrape_classic_histograms",
    "extra_scrape_metrics",
];

/// Keys of a scrape config: its own, the inlined HTTP client's, and every service
/// discovery Prometheus registers.
pub(crate) const SCRAPE_KEYS: [&str; 80] = [
    "job_name",
    "honor_labels",
    "honor_timestamps",
    "track_timestamps_staleness",
    "params",
    "scrape_interval",
    "scrape_timeout",
    "scrape_protocols",
    "fallback_scrape_protocol",
    "scrape_native_histograms",
    "always_scrape_classic_histograms",
    "convert_classic_histograms_to_nhcb",
    "scrape_failure_log_file",
    "metrics_path",
    "scheme",
    "enable_compression",
    "body_size_limit",
    "sample_limit",
    "target_limit",
    "label_limit",
    "label_name_length_limit",
    "label_value_length_limit",
    "native_histogram_bucket_limit",
    "native_histogram_min_bucket_factor",
    "keep_dropped_targets",
    "metric_name_validation_scheme",
    "metric_name_escaping_scheme",
    "extra_scrape_metrics",
    "relabel_configs",
    "metric_relabel_configs",
    "basic_auth",
    "authorization",
    "oauth2",
    "bearer_token",
    "bearer_token_file",
    "tls_config",
    "follow_redirects",
    "enable_http2",
    "http_headers",
    "proxy_url",
    "no_proxy",
    "proxy_from_environment",
    "proxy_connect_header",
    "static_configs",
    "azure_sd_configs",
    "consul_sd_configs",
    "digitalocean_sd_configs",
    "dns_sd_configs",
    "docker_sd_configs",
    "dockerswarm_sd_configs",
    "ec2_sd_configs",
    "ecs_sd_configs",
    "elasticache_sd_configs",
    "eureka_sd_configs",
    "file_sd_configs",
    "gce_sd_configs",
    "hetzner_sd_configs",
    "http_sd_configs",
    "ionos_sd_configs",
    "kubernetes_sd_configs",
    "kuma_sd_configs",
    "lightsail_sd_configs",
    "linode_sd_configs",
    "marathon_sd_configs",
    "msk_sd_configs",
    "nerve_sd_configs",
    "nomad_sd_configs",
    "oci_sd_configs",
    "openstack_sd_configs",
    "outscale_sd_configs",
    "ovhcloud_sd_configs",
    "puppetdb_sd_configs",
    "rds_sd_configs",
    "aws_sd_configs",
    "scaleway_sd_configs",
    "serverset_sd_configs",
    "stackit_sd_configs",
    "triton_sd_configs",
    "uyuni_sd_configs",
    "vultr_sd_configs",
];

/// The HTTP client's keys among a scrape config's (`basic_auth` to
/// `proxy_connect_header`), read by `client`.
const CLIENT_KEYS: &[&str] = SCRAPE_KEYS.split_at(30).1.split_at(13).0;

/// Keys of a `static_configs` element (`targetgroup.Group`).
pub(crate) const GROUP_KEYS: [&str; 2] = ["targets", "labels"];

/// Everything read from the file before the checks that need the whole of it.
#[derive(Debug)]
pub(crate) struct RawConfig {
    /// `global`, checked and with its defaults.
    pub global: GlobalConfig,
    /// `rule_files` as written.
    pub rule_files: Vec<Spanned<String>>,
    /// Scrape configs; `None` for a null element.
    pub scrape_configs: Vec<Spanned<Option<RawScrape>>>,
}

/// A scrape config as written (durations 0 mean "not set", as in Prometheus).
#[derive(Debug)]
pub(crate) struct RawScrape {
    /// `job_name` and where to point at it (its key, else the config's start).
    pub job_name: Spanned<String>,
    /// `scrape_interval` if written (ms).
    pub interval: Option<Spanned<u64>>,
    /// `scrape_timeout` if written (ms).
    pub timeout: Option<Spanned<u64>>,
    /// `metrics_path` (default `/metrics`).
    pub metrics_path: String,
    /// `scheme` (default `http`).
    pub scheme: String,
    /// `honor_labels`.
    pub honor_labels: bool,
    /// `honor_timestamps` (default true).
    pub honor_timestamps: bool,
    /// `static_configs` groups.
    pub groups: Vec<RawGroup>,
    /// `relabel_configs`; `None` for a null element.
    pub relabel_configs: Vec<Spanned<Option<RelabelConfig>>>,
    /// `metric_relabel_configs`; `None` for a null element.
    pub metric_relabel_configs: Vec<Spanned<Option<RelabelConfig>>>,
    /// `params`: each name with its values.
    pub params: Vec<(String, Vec<String>)>,
    /// The HTTP client settings, for their checks.
    pub client: ClientConfig,
}

/// A `static_configs` element.
#[derive(Debug)]
pub(crate) struct RawGroup {
    /// `targets` as written.
    pub targets: Vec<Spanned<String>>,
    /// `labels`, with where each name is written.
    pub labels: Vec<(Spanned<String>, String)>,
}

/// A `model.Duration` (its `UnmarshalYAML` reads a string, then parses it; a quoted
/// `"null"` reaches its `UnmarshalText`, which parses it too).
fn duration(d: &mut Decoder, id: NodeId) -> Step<Spanned<u64>> {
    d.with_node(id, |d, real| {
        let pos = d.pos(real);
        if d.is_null(real)? {
            return Ok(Some(Spanned { value: 0, pos }));
        }
        let Some(text) = d.string(real, "string")? else {
            return Ok(None);
        };
        parse_duration(&text)
            .map(|value| Some(Spanned { value, pos }))
            .map_err(|e| ConfigError::at(ConfigErrorKind::Duration(e), pos))
    })
}

/// Reads the whole document (Prometheus's `Config.UnmarshalYAML` up to, not including,
/// its checks over all scrape configs).
pub(crate) fn read_config(d: &mut Decoder, root: Option<NodeId>) -> Result<RawConfig, ConfigError> {
    let mut raw = RawConfig {
        global: GlobalConfig::default(),
        rule_files: Vec::new(),
        scrape_configs: Vec::new(),
    };
    let Some(root) = root else {
        return Ok(raw);
    };
    d.with_node(root, |d, real| {
        if d.looks_null(real) {
            if !d.is_null(real)? {
                d.type_error(real, "config.Config")?;
            }
            return Ok(());
        }
        d.fields(real, "config.plain", &TOP_KEYS, &mut |d, key, v, k| {
            match key {
                "global" => {
                    if let Some(g) = read_global(d, v)? {
                        raw.global = g;
                    }
                }
                "rule_files" => {
                    if let Some(files) = d.string_list(v)? {
                        raw.rule_files = files;
                    }
                }
                "alerting" => {
                    note_unless_empty(d, key, v, k)?;
                    // Its parts are checked, not simulated: their own notes would repeat
                    // this one.
                    let notes = d.notes.len();
                    read_alerting(d, v)?;
                    d.notes.truncate(notes);
                }
                "scrape_configs" => {
                    if let Some(list) = d.pointer_list(v, "[]*config.ScrapeConfig", read_scrape)? {
                        raw.scrape_configs = list;
                    }
                }
                _ => {
                    note_unless_empty(d, key, v, k)?;
                }
            }
            Ok(())
        })
        .map(|_| ())
    })?;
    Ok(raw)
}

/// Keys of `alerting` (`config.AlertingConfig`).
const ALERTING_KEYS: [&str; 2] = ["alert_relabel_configs", "alertmanagers"];

/// Keys of an `alertmanagers` element of its own (besides the HTTP client's and the
/// service discoveries').
const ALERTMANAGER_OWN_KEYS: [&str; 6] = [
    "scheme",
    "path_prefix",
    "timeout",
    "api_version",
    "relabel_configs",
    "alert_relabel_configs",
];

/// The Alertmanager API versions Prometheus 3 speaks.
const ALERTMANAGER_API_VERSIONS: [&str; 1] = ["v2"];

/// Refuses the first null step of a relabel list with `problem`.
fn no_null_step(
    list: &[Spanned<Option<RelabelConfig>>],
    problem: AlertingProblem,
) -> Result<(), ConfigError> {
    match list.iter().find(|s| s.value.is_none()) {
        Some(null) => Err(ConfigError::at(
            ConfigErrorKind::Alerting(problem),
            null.pos,
        )),
        None => Ok(()),
    }
}

/// `alerting` (`AlertingConfig.UnmarshalYAML`): checked as Prometheus checks it, though
/// Sonde sends no alert anywhere.
fn read_alerting(d: &mut Decoder, id: NodeId) -> Result<(), ConfigError> {
    let before = d.issues.len();
    let mut alert_relabel = Vec::new();
    d.fields(id, "config.plain", &ALERTING_KEYS, &mut |d, key, v, _| {
        if key == "alertmanagers" {
            d.pointer_list(v, "[]*config.AlertmanagerConfig", read_alertmanager)?;
        } else if let Some(list) = read_relabel_list(d, v)? {
            alert_relabel = list;
        }
        Ok(())
    })?;
    if d.issues.len() > before {
        return Ok(());
    }
    no_null_step(&alert_relabel, AlertingProblem::EmptyAlertRelabel)
}

/// One `alertmanagers` element (`AlertmanagerConfig.UnmarshalYAML`).
fn read_alertmanager(d: &mut Decoder, id: NodeId) -> Step<()> {
    let before = d.issues.len();
    let keys: Vec<&str> = ALERTMANAGER_OWN_KEYS
        .iter()
        .chain(CLIENT_KEYS)
        .chain(
            SCRAPE_KEYS
                .iter()
                .filter(|k| k.ends_with("_sd_configs") || **k == "static_configs"),
        )
        .copied()
        .collect();
    let mut client = ClientConfig::default();
    let mut relabel = Vec::new();
    let mut alert_relabel = Vec::new();
    let mut groups: Vec<Spanned<Option<RawGroup>>> = Vec::new();
    let is_map = d.fields(
        id,
        "config.AlertmanagerConfig",
        &keys,
        &mut |d, key, v, k| {
            match key {
                "timeout" => {
                    duration(d, v)?;
                }
                "scheme" | "path_prefix" => {
                    d.string(v, "string")?;
                }
                "api_version" => {
                    let pos = d.pos(v);
                    let null =
                        d.with_node(v, |d, real| Ok(d.looks_null(real) && d.is_null(real)?))?;
                    match d.string(v, "string")? {
                        Some(version)
                            if !null && !ALERTMANAGER_API_VERSIONS.contains(&version.as_str()) =>
                        {
                            return Err(ConfigError::at(
                                ConfigErrorKind::Alerting(AlertingProblem::ApiVersion(version)),
                                pos,
                            ))
                        }
                        _ => {}
                    }
                }
                "relabel_configs" => {
                    if let Some(list) = read_relabel_list(d, v)? {
                        relabel = list;
                    }
                }
                "alert_relabel_configs" => {
                    if let Some(list) = read_relabel_list(d, v)? {
                        alert_relabel = list;
                    }
                }
                "static_configs" => {
                    if let Some(list) = d.pointer_list(v, "[]*targetgroup.Group", read_group)? {
                        groups = list;
                    }
                }
                k_name if CLIENT_KEYS.contains(&k_name) => client.read(d, key, v, k)?,
                _ => {}
            }
            Ok(())
        },
    )?;
    if !is_map || d.issues.len() > before {
        return Ok(None);
    }
    if let Some(null) = groups.iter().find(|g| g.value.is_none()) {
        return Err(ConfigError::at(
            ConfigErrorKind::EmptyStaticConfig,
            null.pos,
        ));
    }
    client
        .validate()
        .map_err(|p| ConfigError::at(ConfigErrorKind::Client(p), d.pos(id)))?;
    let url = groups
        .iter()
        .flat_map(|g| g.value.iter().flat_map(|g| g.targets.iter()))
        .find(|t| t.value.contains('/'));
    if let (Some(target), true) = (url, relabel.is_empty()) {
        return Err(ConfigError::at(
            ConfigErrorKind::InvalidHostname(target.value.clone()),
            target.pos,
        ));
    }
    no_null_step(&relabel, AlertingProblem::EmptyAlertmanagerRelabel)?;
    no_null_step(
        &alert_relabel,
        AlertingProblem::EmptyAlertmanagerAlertRelabel,
    )?;
    Ok(Some(()))
}

/// `global` (`GlobalConfig.UnmarshalYAML`): defaults, label check, timeout check.
fn read_global(d: &mut Decoder, id: NodeId) -> Step<GlobalConfig> {
    d.with_node(id, |d, real| {
        if d.looks_null(real) {
            return if d.is_null(real)? {
                Ok(Some(GlobalConfig::default()))
            } else {
                d.type_error(real, "config.GlobalConfig").map(|()| None)
            };
        }
        let before = d.issues.len();
        let mut interval = 0;
        let mut timeout: Option<Spanned<u64>> = None;
        let mut evaluation = 0;
        let mut labels: Vec<(Spanned<String>, String)> = Vec::new();
        d.fields(real, "config.plain", &GLOBAL_KEYS, &mut |d, key, v, k| {
            match key {
                "scrape_interval" => {
                    if let Some(x) = duration(d, v)? {
                        interval = x.value;
                    }
                }
                "scrape_timeout" => {
                    if let Some(x) = duration(d, v)? {
                        timeout = Some(x);
                    }
                }
                "evaluation_interval" => {
                    if let Some(x) = duration(d, v)? {
                        evaluation = x.value;
                    }
                }
                "rule_query_offset" => {
                    note_unless_empty(d, key, v, k)?;
                    duration(d, v)?;
                }
                "query_log_file" | "scrape_failure_log_file" => {
                    note_unless_empty(d, key, v, k)?;
                    d.string(v, "string")?;
                }
                "sample_limit"
                | "target_limit"
                | "label_limit"
                | "label_name_length_limit"
                | "label_value_length_limit"
                | "keep_dropped_targets" => {
                    note_unless_empty(d, key, v, k)?;
                    d.uint(v)?;
                }
                "scrape_native_histograms"
                | "convert_classic_histograms_to_nhcb"
                | "always_scrape_classic_histograms"
                | "extra_scrape_metrics" => {
                    note_unless_empty(d, key, v, k)?;
                    d.bool(v)?;
                }
                "external_labels" => external_labels(d, v, &mut labels)?,
                _ => {
                    note_unless_empty(d, key, v, k)?;
                }
            }
            Ok(())
        })?;
        if d.issues.len() > before {
            return Ok(None);
        }
        crate::order::sort_by(&mut labels, |a, b| a.0.value.cmp(&b.0.value));
        if let Some((name, _)) = labels.iter().find(|(n, _)| n.value.is_empty()) {
            return Err(ConfigError::at(
                ConfigErrorKind::InvalidLabelName(String::new()),
                name.pos,
            ));
        }
        let interval = if interval == 0 {
            DEFAULT_SCRAPE_INTERVAL_MS
        } else {
            interval
        };
        let timeout_ms = match timeout {
            Some(t) if t.value > interval => {
                return Err(ConfigError::at(
                    ConfigErrorKind::GlobalTimeoutTooLong,
                    t.pos,
                ))
            }
            Some(t) if t.value > 0 => t.value,
            _ => interval.min(DEFAULT_SCRAPE_TIMEOUT_MS),
        };
        Ok(Some(GlobalConfig {
            scrape_interval_ms: interval,
            scrape_timeout_ms: timeout_ms,
            evaluation_interval_ms: if evaluation == 0 {
                DEFAULT_EVALUATION_INTERVAL_MS
            } else {
                evaluation
            },
            external_labels: labels.into_iter().map(|(n, v)| (n.value, v)).collect(),
        }))
    })
}

/// `external_labels` (`labels.Labels`, read as `map[string]string`).
fn external_labels(
    d: &mut Decoder,
    id: NodeId,
    out: &mut Vec<(Spanned<String>, String)>,
) -> Result<(), ConfigError> {
    d.with_node(id, |d, real| {
        if d.looks_null(real) {
            if !d.is_null(real)? {
                d.type_error(real, "labels.Labels")?;
            }
            return Ok(());
        }
        d.string_map(
            real,
            "map[string]string",
            "string",
            &mut |d, k| d.string(k, "string"),
            out,
        )
        .map(|_| ())
    })
}

/// One scrape config (`ScrapeConfig.UnmarshalYAML`): fields, then null groups, empty
/// job name and URL-like targets, in Prometheus's order.
fn read_scrape(d: &mut Decoder, id: NodeId) -> Step<RawScrape> {
    let before = d.issues.len();
    let mut raw = RawScrape {
        job_name: Spanned {
            value: String::new(),
            pos: d.pos(id),
        },
        interval: None,
        timeout: None,
        metrics_path: "/metrics".into(),
        scheme: "http".into(),
        honor_labels: false,
        honor_timestamps: true,
        groups: Vec::new(),
        relabel_configs: Vec::new(),
        metric_relabel_configs: Vec::new(),
        params: Vec::new(),
        client: ClientConfig::default(),
    };
    let mut groups: Vec<Spanned<Option<RawGroup>>> = Vec::new();
    let is_map = d.fields(
        id,
        "config.ScrapeConfig",
        &SCRAPE_KEYS,
        &mut |d, key, v, k| {
            match key {
                "job_name" => {
                    let pos = d.pos(k);
                    if let Some(value) = d.string(v, "string")? {
                        raw.job_name = Spanned { value, pos };
                    }
                }
                "metrics_path" => {
                    if let Some(value) = d.string(v, "string")? {
                        raw.metrics_path = value;
                    }
                }
                "scheme" => {
                    if let Some(value) = d.string(v, "string")? {
                        raw.scheme = value;
                    }
                }
                "honor_labels" => {
                    if let Some(b) = d.bool(v)? {
                        raw.honor_labels = b;
                    }
                }
                "honor_timestamps" => {
                    if let Some(b) = d.bool(v)? {
                        raw.honor_timestamps = b;
                    }
                }
                "scrape_interval" => raw.interval = duration(d, v)?,
                "scrape_timeout" => raw.timeout = duration(d, v)?,
                "static_configs" => {
                    if let Some(list) = d.pointer_list(v, "[]*targetgroup.Group", read_group)? {
                        groups = list;
                    }
                }
                "relabel_configs" => {
                    if let Some(list) = read_relabel_list(d, v)? {
                        raw.relabel_configs = list;
                    }
                }
                "metric_relabel_configs" => {
                    if let Some(list) = read_relabel_list(d, v)? {
                        raw.metric_relabel_configs = list;
                    }
                }
                "params" => {
                    note_unless_empty(d, key, v, k)?;
                    let mut params = Vec::new();
                    let mut values = |d: &mut Decoder, v| {
                        d.string_list(v)
                            .map(|l| l.map(|l| l.into_iter().map(|s| s.value).collect()))
                    };
                    let string_key = &mut |d: &mut Decoder, k| d.string(k, "string");
                    if d.map_of(v, "url.Values", string_key, &mut values, &mut params)? {
                        raw.params = params.into_iter().map(|(n, v)| (n.value, v)).collect();
                    }
                }
                k_name if CLIENT_KEYS.contains(&k_name) => raw.client.read(d, key, v, k)?,
                "track_timestamps_staleness"
                | "enable_compression"
                | "scrape_native_histograms"
                | "always_scrape_classic_histograms"
                | "convert_classic_histograms_to_nhcb"
                | "extra_scrape_metrics" => {
                    note_unless_empty(d, key, v, k)?;
                    d.bool(v)?;
                }
                "sample_limit"
                | "target_limit"
                | "label_limit"
                | "label_name_length_limit"
                | "label_value_length_limit"
                | "native_histogram_bucket_limit"
                | "keep_dropped_targets" => {
                    note_unless_empty(d, key, v, k)?;
                    d.uint(v)?;
                }
                "scrape_failure_log_file" => {
                    note_unless_empty(d, key, v, k)?;
                    d.string(v, "string")?;
                }
                _ => {
                    note_unless_empty(d, key, v, k)?;
                }
            }
            Ok(())
        },
    )?;
    if !is_map || d.issues.len() > before {
        return Ok(None);
    }
    for group in groups {
        match group.value {
            Some(g) => raw.groups.push(g),
            None => {
                return Err(ConfigError::at(
                    ConfigErrorKind::EmptyStaticConfig,
                    group.pos,
                ))
            }
        }
    }
    if raw.job_name.value.is_empty() {
        return Err(ConfigError::at(
            ConfigErrorKind::JobNameEmpty,
            raw.job_name.pos,
        ));
    }
    raw.client
        .validate()
        .map_err(|p| ConfigError::at(ConfigErrorKind::Client(p), raw.job_name.pos))?;
    // Without relabelling a target is its address: one with a `/` is refused here.
    let bad = raw
        .groups
        .iter()
        .flat_map(|g| g.targets.iter())
        .find(|t| t.value.contains('/'));
    if let (Some(target), true) = (bad, raw.relabel_configs.is_empty()) {
        return Err(ConfigError::at(
            ConfigErrorKind::InvalidHostname(target.value.clone()),
            target.pos,
        ));
    }
    for (list, metric) in [
        (&raw.relabel_configs, false),
        (&raw.metric_relabel_configs, true),
    ] {
        if let Some(null) = list.iter().find(|s| s.value.is_none()) {
            return Err(ConfigError::at(
                ConfigErrorKind::EmptyRelabel { metric },
                null.pos,
            ));
        }
    }
    Ok(Some(raw))
}

/// One `static_configs` element (`targetgroup.Group.UnmarshalYAML`).
fn read_group(d: &mut Decoder, id: NodeId) -> Step<RawGroup> {
    let before = d.issues.len();
    let mut group = RawGroup {
        targets: Vec::new(),
        labels: Vec::new(),
    };
    let is_map = d.fields(id, GROUP_TYPE, &GROUP_KEYS, &mut |d, key, v, _| {
        if key == "targets" {
            if let Some(targets) = d.string_list(v)? {
                group.targets = targets;
            }
            Ok(())
        } else {
            d.string_map(
                v,
                "model.LabelSet",
                "model.LabelValue",
                &mut label_name,
                &mut group.labels,
            )
            .map(|_| ())
        }
    })?;
    if !is_map || d.issues.len() > before {
        return Ok(None);
    }
    crate::order::sort_by(&mut group.labels, |a, b| a.0.value.cmp(&b.0.value));
    Ok(Some(group))
}

#[cfg(test)]
mod tests {
    use crate::config::parse_config;

    #[test]
    fn global_values_and_sorted_external_labels() {
        let config = parse_config(
            "global:\n  scrape_interval: 1m30s\n  evaluation_interval: 30s\n  external_labels:\n    zone: b\n    region: eu\n",
        )
        .unwrap();
        let g = &config.global;
        assert_eq!(
            (
                g.scrape_interval_ms,
                g.scrape_timeout_ms,
                g.evaluation_interval_ms
            ),
            (90_000, 10_000, 30_000)
        );
        assert_eq!(
            g.external_labels,
            vec![("region".into(), "eu".into()), ("zone".into(), "b".into())]
        );
    }

    #[test]
    fn merged_fields_are_overridden_by_the_mapping() {
        let config = parse_config(
            "scrape_configs:\n  - &base\n    job_name: a\n    scrape_interval: 5s\n    honor_labels: true\n  - <<: *base\n    job_name: b\n",
        )
        .unwrap();
        let b = &config.scrape_configs[1];
        assert_eq!(
            (b.job_name.as_str(), b.scrape_interval_ms, b.honor_labels),
            ("b", 5_000, true)
        );
    }

    #[test]
    fn label_values_keep_their_text() {
        let config = parse_config(
            "scrape_configs:\n  - job_name: 012\n    static_configs:\n      - targets: [a]\n        labels: {env: yes, n: 010, t: 2024-01-02, q: '1.50'}\n",
        )
        .unwrap();
        let target = &config.scrape_configs[0].targets[0];
        assert_eq!(
            target.labels.to_string(),
            r#"{env="yes", instance="a", job="012", n="010", q="1.50", t="2024-01-02"}"#
        );
    }

    #[test]
    fn null_values_reset_to_go_zero_values() {
        let config = parse_config(
            "scrape_configs:\n  - job_name: a\n    metrics_path:\n    honor_timestamps:\n",
        )
        .unwrap();
        let job = &config.scrape_configs[0];
        assert_eq!(
            (job.metrics_path.as_str(), job.honor_timestamps),
            ("", false)
        );
    }

    #[test]
    fn client_keys_are_the_http_clients() {
        let keys = super::CLIENT_KEYS;
        assert_eq!(
            (keys.first(), keys.last(), keys.len()),
            (Some(&"basic_auth"), Some(&"proxy_connect_header"), 13)
        );
    }

    #[test]
    fn known_keys_with_content_are_accepted_with_a_note() {
        let config = parse_config(
            "global:\n  scrape_protocols: [PrometheusProto]\nscrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n    tls_config: {}\n    sample_limit: 10\nremote_write:\n  - url: http://x\n",
        )
        .unwrap();
        let noted: Vec<(&str, usize)> = config
            .notes
            .iter()
            .map(|n| (n.key.as_str(), n.position.line))
            .collect();
        assert_eq!(
            noted,
            [
                ("scrape_protocols", 2),
                ("basic_auth", 5),
                ("sample_limit", 8),
                ("remote_write", 9)
            ]
        );
        assert!(config.notes[1]
            .text(crate::lang::Lang::Fr)
            .contains("non simulé"));
    }
}
