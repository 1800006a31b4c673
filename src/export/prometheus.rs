//! `prometheus.yml` as the learner last wrote it (loaded or not: what they see in the
//! editor is what they get) and the rules file it may load, under the names
//! Prometheus's documentation and `rule_files: [rules.yml]` use.

use super::{ExportFile, YAML};

/// `prometheus.yml` with the text as edited.
pub fn prometheus_yml_file(edited: &str) -> ExportFile {
    ExportFile::text("prometheus.yml", YAML, edited.to_string())
}

/// `rules.yml` with the rules text in force.
pub fn rules_file(rules: &str) -> ExportFile {
    ExportFile::text("rules.yml", YAML, rules.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_texts_under_their_names() {
        let f = prometheus_yml_file("global: {}\n");
        assert_eq!(
            (f.name.as_str(), f.as_text().as_ref()),
            ("prometheus.yml", "global: {}\n")
        );
        let r = rules_file("groups: []\n");
        assert_eq!(r.name, "rules.yml");
        assert_eq!(r.bytes, b"groups: []\n");
    }
}
