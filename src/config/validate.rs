//! The checks Prometheus makes once the whole file is read (`Config.UnmarshalYAML`'s
//! loop over scrape configs) and those `promtool check config` adds on static targets
//! (`scrape.TargetsFromGroup`), turning raw values into the final model: each target's
//! labels are computed and relabelled as Prometheus's `PopulateLabels` does.

use crate::go::duration::{format_duration, parse_duration};
use crate::relabel::{process, RelabelConfig};
use crate::store::Labels;

use super::decode::Spanned;
use super::error::{ConfigError, ConfigErrorKind, TargetProblem};
use super::model::{
    split_address, Config, DroppedTarget, GlobalConfig, ScrapeConfig, StaticConfig, Target,
};
use super::schema::{RawConfig, RawScrape};

const ADDRESS: &str = "__address__";
const SCHEME: &str = "__scheme__";
const METRICS_PATH: &str = "__metrics_path__";
const INTERVAL: &str = "__scrape_interval__";
const TIMEOUT: &str = "__scrape_timeout__";
const PARAM_PREFIX: &str = "__param_";

/// Prometheus's rule file pattern `^[^*]*(\*[^/]*)?$`: at most one `*`, in the last
/// path element.
fn rule_path_ok(path: &str) -> bool {
    match path.split_once('*') {
        None => true,
        Some((_, rest)) => !rest.contains('*') && !rest.contains('/'),
    }
}

/// Applies the whole-file checks and builds the model.
pub(crate) fn finish(raw: RawConfig) -> Result<Config, ConfigError> {
    for file in &raw.rule_files {
        if !rule_path_ok(&file.value) {
            return Err(ConfigError::at(
                ConfigErrorKind::InvalidRuleFilePath(file.value.clone()),
                file.pos,
            ));
        }
    }
    let global = raw.global;
    let mut jobs: Vec<(RawScrape, u64, u64)> = Vec::new();
    for entry in raw.scrape_configs {
        let Some(scrape) = entry.value else {
            return Err(ConfigError::at(
                ConfigErrorKind::EmptyScrapeConfig,
                entry.pos,
            ));
        };
        let (interval, timeout) = effective_times(&scrape, &global)?;
        if jobs
            .iter()
            .any(|(j, _, _)| j.job_name.value == scrape.job_name.value)
        {
            return Err(ConfigError::at(
                ConfigErrorKind::DuplicateJob {
                    job: scrape.job_name.value.clone(),
                },
                scrape.job_name.pos,
            ));
        }
        jobs.push((scrape, interval, timeout));
    }
    let scrape_configs = jobs
        .into_iter()
        .map(|(scrape, interval, timeout)| build_job(scrape, interval, timeout))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Config {
        global,
        rule_files: raw.rule_files.into_iter().map(|f| f.value).collect(),
        scrape_configs,
        notes: Vec::new(),
    })
}

/// The job's interval and timeout after inheriting from `global` (`ScrapeConfig.Validate`).
fn effective_times(scrape: &RawScrape, global: &GlobalConfig) -> Result<(u64, u64), ConfigError> {
    let interval = match &scrape.interval {
        Some(i) if i.value > 0 => i.value,
        _ => global.scrape_interval_ms,
    };
    match &scrape.timeout {
        Some(t) if t.value > interval => Err(ConfigError::at(
            ConfigErrorKind::TimeoutTooLong {
                job: scrape.job_name.value.clone(),
            },
            t.pos,
        )),
        Some(t) if t.value > 0 => Ok((interval, t.value)),
        _ => Ok((interval, global.scrape_timeout_ms.min(interval))),
    }
}

/// The steps of a relabel list (null steps were refused while reading).
fn steps(list: &[Spanned<Option<RelabelConfig>>]) -> Vec<RelabelConfig> {
    list.iter().filter_map(|s| s.value.clone()).collect()
}

/// The job with its targets, each checked as promtool checks static targets.
fn build_job(scrape: RawScrape, interval: u64, timeout: u64) -> Result<ScrapeConfig, ConfigError> {
    let relabel_configs = steps(&scrape.relabel_configs);
    let mut targets = Vec::new();
    let mut dropped_targets = Vec::new();
    for (group_index, group) in scrape.groups.iter().enumerate() {
        for (index, address) in group.targets.iter().enumerate() {
            let discovered = discovered_labels(&scrape, interval, timeout, &group.labels, address);
            let Some(labels) = process(&discovered, &relabel_configs) else {
                dropped_targets.push(DroppedTarget {
                    discovered_labels: discovered,
                    position: address.pos,
                });
                continue;
            };
            let target = build_target(labels, address).map_err(|problem| {
                ConfigError::at(
                    ConfigErrorKind::Target {
                        index,
                        group: group_index,
                        problem,
                    },
                    address.pos,
                )
            })?;
            targets.push(target);
        }
    }
    Ok(ScrapeConfig {
        job_name: scrape.job_name.value.clone(),
        position: scrape.job_name.pos,
        scrape_interval_ms: interval,
        scrape_timeout_ms: timeout,
        metrics_path: scrape.metrics_path.clone(),
        scheme: scrape.scheme.clone(),
        honor_labels: scrape.honor_labels,
        honor_timestamps: scrape.honor_timestamps,
        metric_relabel_configs: steps(&scrape.metric_relabel_configs),
        relabel_configs,
        params: scrape.params,
        static_configs: scrape
            .groups
            .into_iter()
            .map(|g| StaticConfig {
                targets: g.targets.into_iter().map(|t| t.value).collect(),
                labels: g.labels.into_iter().map(|(n, v)| (n.value, v)).collect(),
            })
            .collect(),
        targets,
        dropped_targets,
    })
}

/// A target's labels before relabelling (`PopulateLabels`'s first half): the address,
/// the group's labels, then the job's settings where the group sets none (`__scheme__`,
/// `__metrics_path__`, `__scrape_interval__`, `__scrape_timeout__`, `job`), and one
/// `__param_<name>` per `params` entry.
fn discovered_labels(
    scrape: &RawScrape,
    interval: u64,
    timeout: u64,
    group_labels: &[(Spanned<String>, String)],
    written: &Spanned<String>,
) -> Labels {
    let mut labels = Labels::from_pairs([(ADDRESS, written.value.as_str())]);
    for (name, value) in group_labels {
        if name.value != ADDRESS && !name.value.is_empty() {
            labels.set(&name.value, value);
        }
    }
    let defaults = [
        ("job", scrape.job_name.value.clone()),
        (INTERVAL, format_duration(interval)),
        (TIMEOUT, format_duration(timeout)),
        (METRICS_PATH, scrape.metrics_path.clone()),
        (SCHEME, scrape.scheme.clone()),
    ];
    for (name, value) in defaults {
        if labels.get(name).is_empty() {
            labels.set(name, &value);
        }
    }
    for (name, values) in &scrape.params {
        if let Some(first) = values.first() {
            labels.set(&format!("{PARAM_PREFIX}{name}"), first);
        }
    }
    labels
}

/// A relabelled target's settings, checked as `PopulateLabels` checks them: an address
/// (host:port, no `/`), valid interval and timeout; `__meta_` labels go, `instance`
/// defaults to the address, and the labels starting with `__` stay off the series.
fn build_target(mut labels: Labels, written: &Spanned<String>) -> Result<Target, TargetProblem> {
    let address = labels.get(ADDRESS).to_string();
    if address.is_empty() {
        return Err(TargetProblem::NoAddress);
    }
    if address.contains('/') {
        return Err(TargetProblem::InvalidHostname(address));
    }
    let interval_text = labels.get(INTERVAL).to_string();
    let interval = parse_duration(&interval_text).map_err(TargetProblem::BadInterval)?;
    if interval == 0 {
        return Err(TargetProblem::ZeroInterval);
    }
    let timeout_text = labels.get(TIMEOUT).to_string();
    let timeout = parse_duration(&timeout_text).map_err(TargetProblem::BadTimeout)?;
    if timeout == 0 {
        return Err(TargetProblem::ZeroTimeout);
    }
    if timeout > interval {
        return Err(TargetProblem::TimeoutTooLong {
            timeout: timeout_text,
            interval: interval_text,
        });
    }
    if labels.get("instance").is_empty() {
        labels.set("instance", &address);
    }
    let (host, port) = split_address(&address);
    let public = Labels::from_pairs(
        labels
            .iter()
            .filter(|l| !l.name.starts_with("__"))
            .map(|l| (l.name.clone(), l.value.clone())),
    );
    Ok(Target {
        scheme: labels.get(SCHEME).to_string(),
        metrics_path: labels.get(METRICS_PATH).to_string(),
        params: labels
            .iter()
            .filter_map(|l| {
                let name = l.name.strip_prefix(PARAM_PREFIX)?;
                Some((name.to_string(), l.value.clone()))
            })
            .collect(),
        scrape_interval_ms: interval,
        scrape_timeout_ms: timeout,
        labels: public,
        host,
        port,
        address,
        position: written.pos,
    })
}

#[cfg(test)]
mod tests {
    use crate::config::{parse_config, Port};

    #[test]
    fn targets_get_job_instance_and_group_labels() {
        let config = parse_config(
            "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: app\n    scheme: https\n    metrics_path: /m\n    scrape_interval: 30s\n    static_configs:\n      - targets: ['web:8443', 'db']\n        labels: {env: prod, __meta_x: y, __tmp: z}\n      - targets: ['[::1]:9']\n        labels: {instance: one, job: other, __scheme__: http, __metrics_path__: /x, __scrape_interval__: 1m}\n",
        )
        .unwrap();
        let job = &config.scrape_configs[0];
        assert_eq!(
            (job.scrape_interval_ms, job.scrape_timeout_ms),
            (30_000, 10_000)
        );
        let [web, db, local] = job.targets.as_slice() else {
            panic!("three targets expected")
        };
        assert_eq!(
            web.labels.to_string(),
            r#"{env="prod", instance="web:8443", job="app"}"#
        );
        assert_eq!(
            (web.scheme.as_str(), web.metrics_path.as_str()),
            ("https", "/m")
        );
        assert_eq!(web.port_number(), Some(8443));
        assert_eq!(
            (db.port.clone(), db.port_number()),
            (Port::Default, Some(443))
        );
        assert_eq!(local.labels.to_string(), r#"{instance="one", job="other"}"#);
        assert_eq!(local.host, "::1");
        assert_eq!(
            (local.scheme.as_str(), local.metrics_path.as_str()),
            ("http", "/x")
        );
        assert_eq!(
            (local.scrape_interval_ms, local.scrape_timeout_ms),
            (60_000, 10_000)
        );
        assert_eq!(
            job.static_configs[0].labels[0],
            ("__meta_x".into(), "y".into())
        );
    }

    #[test]
    fn timeouts_inherit_and_are_capped() {
        let config = parse_config(
            "global:\n  scrape_interval: 20s\n  scrape_timeout: 15s\nscrape_configs:\n  - job_name: a\n  - job_name: b\n    scrape_interval: 5s\n  - job_name: c\n    scrape_timeout: 3s\n",
        )
        .unwrap();
        let times: Vec<_> = config
            .scrape_configs
            .iter()
            .map(|j| (j.scrape_interval_ms, j.scrape_timeout_ms))
            .collect();
        assert_eq!(
            times,
            vec![(20_000, 15_000), (5_000, 5_000), (20_000, 3_000)]
        );
    }

    #[test]
    fn rule_file_patterns() {
        assert!(super::rule_path_ok("rules/*.yml"));
        assert!(super::rule_path_ok("/etc/prometheus/alerts.yml"));
        assert!(!super::rule_path_ok("rules/*/a.yml"));
        assert!(!super::rule_path_ok("*a*.yml"));
    }

    fn job(yaml_jobs: &str) -> crate::config::ScrapeConfig {
        let text = format!("scrape_configs:\n  - job_name: app\n{yaml_jobs}");
        parse_config(&text).unwrap().scrape_configs.remove(0)
    }

    #[test]
    fn relabelling_rewrites_the_address_scraped() {
        let job = job("    relabel_configs:\n      - source_labels: [__address__]\n        regex: '(.+):8000'\n        target_label: __address__\n        replacement: '${1}:8001'\n    static_configs:\n      - targets: ['localhost:8000', 'localhost:9090']\n");
        let [moved, kept] = job.targets.as_slice() else {
            panic!("two targets expected")
        };
        assert_eq!(
            (moved.address.as_str(), moved.port_number()),
            ("localhost:8001", Some(8001))
        );
        assert_eq!(moved.labels.get("instance"), "localhost:8001");
        assert_eq!(kept.address, "localhost:9090", "no match, no change");
    }

    #[test]
    fn scheme_path_and_params_come_from_the_relabelled_labels() {
        let job = job("    params:\n      module: [http_2xx, ignored]\n    relabel_configs:\n      - {target_label: __metrics_path__, replacement: /probe}\n      - {target_label: __scheme__, replacement: https}\n      - {source_labels: [__param_module], target_label: module}\n      - {source_labels: [__address__], target_label: __param_target}\n      - {target_label: instance, replacement: web}\n    static_configs:\n      - targets: ['localhost:8000']\n");
        let [t] = job.targets.as_slice() else {
            panic!("one target expected")
        };
        assert_eq!(
            (t.scheme.as_str(), t.metrics_path.as_str()),
            ("https", "/probe")
        );
        assert_eq!(
            t.params,
            vec![
                ("module".to_string(), "http_2xx".to_string()),
                ("target".to_string(), "localhost:8000".to_string())
            ]
        );
        assert_eq!(
            t.labels.to_string(),
            r#"{instance="web", job="app", module="http_2xx"}"#,
            "labels starting with __ stay off the series; instance as relabelled"
        );
        assert_eq!(t.address, "localhost:8000");
    }

    #[test]
    fn dropped_targets_are_kept_aside_with_their_discovered_labels() {
        let job = job("    relabel_configs:\n      - {source_labels: [env], regex: dev, action: drop}\n    static_configs:\n      - targets: ['localhost:8000']\n        labels: {env: prod}\n      - targets: ['localhost:8001']\n        labels: {env: dev}\n");
        let kept: Vec<&str> = job.targets.iter().map(|t| t.address.as_str()).collect();
        assert_eq!(kept, ["localhost:8000"]);
        let [dropped] = job.dropped_targets.as_slice() else {
            panic!("one dropped target expected")
        };
        assert_eq!(
            dropped.discovered_labels.get("__address__"),
            "localhost:8001"
        );
        assert_eq!(
            dropped.discovered_labels.get("__metrics_path__"),
            "/metrics"
        );
        assert_eq!(dropped.position.line, 8);
    }

    #[test]
    fn metric_relabel_steps_reach_the_job() {
        let job = job("    metric_relabel_configs:\n      - {source_labels: [__name__], regex: 'python_gc_.*', action: drop}\n");
        assert_eq!(job.metric_relabel_configs.len(), 1);
        assert!(job.relabel_configs.is_empty());
    }
}
