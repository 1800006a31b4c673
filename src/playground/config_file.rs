//! `prometheus.yml` as Prometheus treats it: the file the learner edits, and the
//! configuration Prometheus loaded from it at start or at its last successful reload.
//!
//! Editing the file changes nothing that runs; it is only checked, as
//! `promtool check config` would. A reload (`kill -HUP`, `curl -X POST
//! localhost:9090/-/reload`) loads the file if it is valid; otherwise Prometheus logs
//! `Error reloading config` and keeps running the previous configuration.

use crate::config::{parse_config, Config, ConfigError, CONFIG_FILE};
use crate::go::quote::go_quote;

/// How the edited file stands against the one Prometheus runs.
#[derive(Clone, Debug, PartialEq)]
pub enum FileStatus {
    /// The file is the one loaded: nothing to reload.
    Loaded,
    /// The file differs from the one loaded and is valid: a reload applies it.
    Modified,
    /// The file differs from the one loaded and is invalid: a reload is refused with
    /// this error.
    Invalid(ConfigError),
}

impl FileStatus {
    /// Whether the file differs from the one Prometheus runs (a reload would matter).
    pub fn is_pending(&self) -> bool {
        !matches!(self, FileStatus::Loaded)
    }
}

/// A reload that Prometheus refused: the configuration that ran before keeps running.
#[derive(Clone, Debug, PartialEq)]
pub struct ReloadError {
    /// Why the file could not be loaded.
    pub error: ConfigError,
}

impl ReloadError {
    /// The `err` Prometheus reports: `couldn't load configuration
    /// (--config.file="prometheus.yml"): parsing YAML file prometheus.yml: ...`.
    pub fn cause(&self) -> String {
        format!(
            "couldn't load configuration (--config.file={}): {}",
            go_quote(CONFIG_FILE),
            self.error.promtool_text(CONFIG_FILE)
        )
    }

    /// The line Prometheus 2 logs (without its `ts=` and `caller=`): `level=error
    /// msg="Error reloading config" err="..."` (Prometheus 3 writes `level=ERROR`).
    pub fn log_line(&self) -> String {
        format!(
            "level=error msg=\"Error reloading config\" err={}",
            go_quote(&self.cause())
        )
    }

    /// What `curl -X POST localhost:9090/-/reload` prints (with HTTP status 500).
    pub fn http_answer(&self) -> String {
        format!("failed to reload config: {}", self.cause())
    }
}

/// The edited file and the loaded configuration.
#[derive(Clone, Debug)]
pub struct ConfigFile {
    loaded_text: String,
    loaded: Config,
    edited: String,
    /// The edited file's verdict, kept from the last edit (`None`: valid).
    edited_error: Option<ConfigError>,
}

impl ConfigFile {
    /// Prometheus started with `text`; `None` when it is invalid (Prometheus would not
    /// start).
    pub fn start(text: &str) -> Option<ConfigFile> {
        let loaded = parse_config(text).ok()?;
        Some(ConfigFile {
            loaded_text: text.to_string(),
            loaded,
            edited: text.to_string(),
            edited_error: None,
        })
    }

    /// The file as the learner last wrote it.
    pub fn edited_text(&self) -> &str {
        &self.edited
    }

    /// The file Prometheus loaded last (always valid).
    pub fn loaded_text(&self) -> &str {
        &self.loaded_text
    }

    /// The configuration Prometheus runs.
    pub fn loaded(&self) -> &Config {
        &self.loaded
    }

    /// The learner saved `text`: it is checked, nothing else changes.
    pub fn edit(&mut self, text: &str) {
        if text == self.edited {
            return;
        }
        self.edited = text.to_string();
        self.edited_error = if text == self.loaded_text {
            None
        } else {
            parse_config(text).err()
        };
    }

    /// How the edited file stands against the loaded one.
    pub fn status(&self) -> FileStatus {
        match &self.edited_error {
            _ if self.edited == self.loaded_text => FileStatus::Loaded,
            Some(e) => FileStatus::Invalid(e.clone()),
            None => FileStatus::Modified,
        }
    }

    /// Reloads: loads the edited file if it is valid; `Ok(true)` when the running
    /// configuration changed, `Ok(false)` when the file was already the loaded one.
    pub fn reload(&mut self) -> Result<bool, ReloadError> {
        if self.edited == self.loaded_text {
            return Ok(false);
        }
        match parse_config(&self.edited) {
            Ok(config) => {
                self.loaded = config;
                self.loaded_text = self.edited.clone();
                self.edited_error = None;
                Ok(true)
            }
            Err(error) => Err(ReloadError { error }),
        }
    }
}

impl Default for ConfigFile {
    /// An empty file: Prometheus's defaults and no job.
    fn default() -> Self {
        ConfigFile {
            loaded_text: String::new(),
            loaded: Config::default(),
            edited: String::new(),
            edited_error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::COURSE_CONFIG;

    const FAST: &str = "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n      - targets: ['localhost:8000']\n";

    /// What the real Prometheus answered to `POST /-/reload` and logged, for the file of
    /// `a_refused_reload_keeps_the_last_good_config` (`tests/reference/promtool/reload.sh`).
    fn reference_reload() -> (String, String) {
        let text = include_str!("../../tests/reference/promtool/reload.txt");
        let (_, after) = text.split_once("### POST /-/reload: HTTP 500\n").unwrap();
        let (answer, log) = after.split_once("### log\n").unwrap();
        let first_log = log.lines().next().unwrap();
        (answer.trim_end().to_string(), first_log.to_string())
    }

    fn interval(file: &ConfigFile) -> u64 {
        file.loaded().global.scrape_interval_ms
    }

    #[test]
    fn an_edit_is_only_checked_until_a_reload() {
        let mut file = ConfigFile::start(COURSE_CONFIG).unwrap();
        assert_eq!(file.status(), FileStatus::Loaded);
        file.edit(FAST);
        assert_eq!(file.status(), FileStatus::Modified);
        assert!(file.status().is_pending());
        assert_eq!(interval(&file), 15_000, "the old interval still runs");
        assert_eq!(file.loaded_text(), COURSE_CONFIG);
        assert_eq!(file.reload(), Ok(true));
        assert_eq!(interval(&file), 5_000);
        assert_eq!(file.status(), FileStatus::Loaded);
        assert_eq!(file.reload(), Ok(false), "nothing left to reload");
    }

    #[test]
    fn editing_back_to_the_loaded_file_leaves_nothing_pending() {
        let mut file = ConfigFile::start(COURSE_CONFIG).unwrap();
        file.edit(FAST);
        file.edit(COURSE_CONFIG);
        assert_eq!(file.status(), FileStatus::Loaded);
        file.edit("global:\n  scrape_interval: 15x\n");
        file.edit(COURSE_CONFIG);
        assert_eq!(file.status(), FileStatus::Loaded);
    }

    #[test]
    fn a_half_typed_file_is_never_applied() {
        let mut file = ConfigFile::start(COURSE_CONFIG).unwrap();
        let typed = "global:\n  scrape_interval: 5";
        for end in 1..=typed.len() {
            file.edit(&typed[..end]);
            assert_eq!(interval(&file), 15_000, "after typing {:?}", &typed[..end]);
        }
        let FileStatus::Invalid(err) = file.status() else {
            panic!("`5` is not a duration: {:?}", file.status())
        };
        assert_eq!(err.to_string(), "not a valid duration string: \"5\"");
    }

    #[test]
    fn a_refused_reload_keeps_the_last_good_config() {
        let mut file = ConfigFile::start(COURSE_CONFIG).unwrap();
        file.edit("global:\n  scrape_intervall: 5s\n");
        let refused = file.reload().unwrap_err();
        assert_eq!(interval(&file), 15_000);
        assert_eq!(file.loaded_text(), COURSE_CONFIG);
        assert!(matches!(file.status(), FileStatus::Invalid(_)));
        let (answer, log) = reference_reload();
        assert_eq!(refused.http_answer(), answer);
        assert_eq!(refused.log_line(), log);
    }

    #[test]
    fn an_invalid_start_is_refused() {
        assert!(ConfigFile::start("global: [").is_none());
        assert_eq!(ConfigFile::default().loaded(), &Config::default());
    }
}
