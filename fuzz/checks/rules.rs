//! The `rules` fuzz target's promises: any UTF-8 text goes through the rules file's parser
//! and promtool's checks as the rules editor's "apply" does (`parse_rules`); a refusal is
//! worded in both languages, and an accepted file's rules print their definition and expand
//! their label and annotation templates as an evaluation would.
//! Shared by the fuzz target `rules` and by `tests/parsers_fuzz.rs`.

use sonde::lang::Lang;
use sonde::rules::parse_rules;
use sonde::rules::template::TemplateData;

/// Panics if `data` breaks one of the promises above.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_rules(text) {
        Ok(file) => {
            let alert = TemplateData {
                labels: vec![
                    ("__name__".into(), "http_requests_total".into()),
                    ("instance".into(), "localhost:8000".into()),
                    ("job".into(), "my_app".into()),
                ],
                external_labels: Vec::new(),
                external_url: "http://localhost:9090".into(),
                value: 1234.5,
            };
            for rule in file.groups.iter().flat_map(|g| &g.rules) {
                let _ = rule.definition();
                if let Some(spec) = rule.alerting() {
                    for (_, t) in spec.labels.iter().chain(&spec.annotations) {
                        let _ = t.expand_or_error(&alert, None);
                    }
                }
            }
        }
        Err(e) => {
            assert!(!e.0.is_empty(), "{text:?}: a refusal names a problem");
            for problem in &e.0 {
                assert!(!problem.message(Lang::Fr).is_empty());
                assert!(!problem.message(Lang::En).is_empty());
            }
        }
    }
}
