//! `prometheus.yml`: parsed into a typed model and validated exactly as Prometheus 3's
//! `promtool check config --syntax-only` would, with promtool's own words and the line
//! and column of the offending spot.
//!
//! The pipeline is: YAML text -> positioned node tree (`tree`) -> typed values the way
//! Go's yaml.v2 `UnmarshalStrict` fills Prometheus's structs (`decode`, `resolve`,
//! `schema`) -> whole-file checks and promtool's target checks (`validate`) -> `Config`.
//! A refusal prints exactly what promtool prints (`error`; YAML syntax errors in
//! yaml.v2's words and line numbering, `syntax`), and `explain` says it in plain French
//! or English, with the likely fix.
//!
//! YAML parsing uses `saphyr-parser`, the maintained successor of yaml-rust2 (same
//! authors): a pure-Rust, YAML 1.2 event parser with two small dependencies and no
//! serde layer, so it adds little to the WebAssembly download. Being event-based it
//! gives the exact position of every key and value (needed to point at a duplicate job
//! name or a bad target, which serde-based crates such as `serde_yaml_ng` or
//! `serde_norway` cannot do), never expands aliases itself (so "billion laughs" costs
//! nothing; the decoder follows aliases lazily with yaml.v2's own budget) and leaves
//! type resolution to us, which is what reproducing yaml.v2's YAML 1.1 typing
//! (`yes` is a boolean, `010` is 8) requires.
//!
//! Options Prometheus accepts but the simulation has no use for are accepted with a
//! "not simulated" note (`note`, `client`); relabel steps are read by `relabel` and
//! applied to each target by `validate` (Prometheus's `PopulateLabels`).
//!
//! The positioned tree (`tree`) and the strict decoder (`decode`) also read `rules.yml`
//! (see `crate::rules`).

mod client;
pub(crate) mod decode;
mod error;
mod explain;
mod model;
mod note;
mod problems;
mod relabel;
mod resolve;
#[cfg(test)]
mod robustness_tests;
mod schema;
mod syntax;
mod tabs;
pub(crate) mod tree;
mod validate;

pub use error::{
    ConfigError, ConfigErrorKind, Place, Position, SyntaxCause, TargetProblem, TypeIssue,
    TypeProblem,
};
pub use model::{Config, DroppedTarget, GlobalConfig, Port, ScrapeConfig, StaticConfig, Target};
pub use note::ConfigNote;
pub use problems::{AlertingProblem, ClientProblem, RelabelProblem};

/// The file's name, as promtool and Prometheus print it in their messages.
pub const CONFIG_FILE: &str = "prometheus.yml";

/// What `promtool check config` prints for a valid file named `file` (after a space).
pub fn promtool_success(file: &str) -> String {
    format!("SUCCESS: {file} is valid prometheus config file syntax")
}

/// The course's `prometheus.yml` (slide 3): the default content of Sonde's editor.
pub const COURSE_CONFIG: &str = "global:
  scrape_interval: 15s

scrape_configs:
  - job_name: 'my_app'
    static_configs:
      - targets: ['localhost:8000']
";

/// Parses and validates a `prometheus.yml`, accepting or refusing it as Prometheus 3
/// does.
pub fn parse_config(text: &str) -> Result<Config, ConfigError> {
    let tree = tree::parse_tree(text)?;
    let mut decoder = decode::Decoder::new(&tree);
    let raw = schema::read_config(&mut decoder, tree.root)?;
    if let Some(first) = decoder.issues.first() {
        return Err(ConfigError::at(
            ConfigErrorKind::Unmarshal(decoder.issues.clone()),
            first.position,
        ));
    }
    let mut config = validate::finish(raw)?;
    config.notes = decoder.notes;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn course_config_is_what_the_scraper_needs() {
        let config = parse_config(COURSE_CONFIG).unwrap();
        assert_eq!(config.global.scrape_interval_ms, 15_000);
        assert_eq!(config.global.scrape_timeout_ms, 10_000);
        assert_eq!(config.global.evaluation_interval_ms, 60_000);
        let [job] = config.scrape_configs.as_slice() else {
            panic!("one job expected")
        };
        assert_eq!(job.job_name, "my_app");
        assert_eq!(
            (job.scrape_interval_ms, job.scrape_timeout_ms),
            (15_000, 10_000)
        );
        assert_eq!(
            (job.scheme.as_str(), job.metrics_path.as_str()),
            ("http", "/metrics")
        );
        let [target] = job.targets.as_slice() else {
            panic!("one target expected")
        };
        assert_eq!(target.host, "localhost");
        assert_eq!(target.port_number(), Some(8000));
        assert_eq!(
            target.labels.to_string(),
            r#"{instance="localhost:8000", job="my_app"}"#
        );
        assert_eq!(
            target.position,
            Position {
                line: 7,
                column: 19
            }
        );
    }

    #[test]
    fn empty_file_gets_the_defaults() {
        let config = parse_config("").unwrap();
        assert_eq!(config.global.scrape_interval_ms, 60_000);
        assert_eq!(config.global.scrape_timeout_ms, 10_000);
        assert!(config.scrape_configs.is_empty());
    }

    #[test]
    fn errors_are_promtools_then_explained_in_both_languages() {
        let err = parse_config("scrape_configs:\n  - job_name: a\n  - job_name: a\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"found multiple scrape configs with job name "a""#
        );
        assert_eq!(
            err.promtool_text(CONFIG_FILE),
            r#"parsing YAML file prometheus.yml: found multiple scrape configs with job name "a""#
        );
        assert_eq!(
            err.explanation(Lang::Fr),
            r#"Ligne 3 : un deuxième job s'appelle "a" : chaque job_name doit être unique (il devient le label job de ses séries)."#
        );
        assert_eq!(
            err.explanation(Lang::En),
            r#"Line 3: a second job is named "a": each job_name must be unique (it becomes the job label of its series)."#
        );
        assert_eq!(err.position, Some(Position { line: 3, column: 5 }));
    }
}
