//! The templates of alerting rules' labels and annotations: the part of Go's
//! `text/template` Prometheus rules use (`{{ $labels.instance }}`, `{{ $value |
//! humanize }}`, `{{ printf "%.2f" $value }}`, `if`, `range`, `with`...), parsed once
//! when the rules load (errors as promtool words them) and expanded at each evaluation
//! as Prometheus expands them (an error becomes `<error expanding template: ...>`).
//!
//! As in Prometheus, the text runs after `{{$labels := .Labels}}{{$externalLabels :=
//! .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}`, so those
//! variables exist and execution errors on the first line count columns after them.

mod error;
mod exec;
mod funcs;
mod lex;
mod parse;
mod printf;
mod value;

pub use error::{ParseProblem, TemplateError};
pub use funcs::QueryFn;
pub use value::QuerySample;

/// Go's `%.4g`, as `humanize` writes numbers.
pub(crate) fn four_digits(v: f64) -> String {
    printf::format_float(v, 'g', Some(4))
}

/// The variables Prometheus declares before the text.
const VARIABLES: [&str; 5] = ["$", "$labels", "$externalLabels", "$externalURL", "$value"];

/// Length of Prometheus's declarations before the text, on its first line.
const PREFIX_LEN: usize = 112;

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    name: String,
    text: String,
    parsed: parse::Parsed,
}

/// What an alert's templates see.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TemplateData {
    /// `$labels`: the alert's series labels (metric name included), sorted by name.
    pub labels: Vec<(String, String)>,
    /// `$externalLabels`, sorted by name.
    pub external_labels: Vec<(String, String)>,
    /// `$externalURL`.
    pub external_url: String,
    /// `$value`.
    pub value: f64,
}

impl Template {
    /// Parses `text` as the template `name` (`__alert_<alertname>` for a rule), as
    /// promtool checks it.
    ///
    /// ```
    /// use sonde::rules::template::{Template, TemplateData};
    ///
    /// let t = Template::parse("__alert_High", "{{ $labels.job }}: {{ $value | humanize }}").unwrap();
    /// let data = TemplateData {
    ///     labels: vec![("job".into(), "my_app".into())],
    ///     value: 1234.5,
    ///     ..TemplateData::default()
    /// };
    /// assert_eq!(t.expand(&data, None).unwrap(), "my_app: 1.234k");
    /// assert!(Template::parse("x", "{{ $value | nope }}").is_err());
    /// ```
    pub fn parse(name: &str, text: &str) -> Result<Template, TemplateError> {
        match parse::parse(text, &VARIABLES) {
            Ok(parsed) => Ok(Template {
                name: name.to_string(),
                text: text.to_string(),
                parsed,
            }),
            Err((problem, pos)) => Err(TemplateError {
                name: name.to_string(),
                line: line_of(text, pos),
                problem,
            }),
        }
    }

    /// The text as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Expands the template; `query` runs the `query` function. The error is
    /// Prometheus's (`error executing template NAME: template: NAME:L:C: executing ...`).
    pub fn expand(&self, data: &TemplateData, query: Option<&QueryFn>) -> Result<String, String> {
        let env = funcs::Env {
            external_url: &data.external_url,
            query,
        };
        let view = exec::Data {
            labels: &data.labels,
            external_labels: &data.external_labels,
            external_url: &data.external_url,
            value: data.value,
        };
        exec::execute(&self.parsed, &self.text, &view, &env).map_err(|f| {
            let line = line_of(&self.text, f.pos);
            let before = self.text.get(..f.pos).unwrap_or("");
            let col = match before.rfind('\n') {
                Some(nl) => f.pos - nl - 1,
                None => PREFIX_LEN + f.pos,
            };
            let context = if f.context.chars().count() > 20 {
                format!("{}...", f.context.chars().take(20).collect::<String>())
            } else {
                f.context
            };
            format!(
                "error executing template {name}: template: {name}:{line}:{col}: executing \"{name}\" at <{context}>: {}",
                f.message,
                name = self.name
            )
        })
    }

    /// The expansion, or Prometheus's `<error expanding template: ...>` in its place.
    pub fn expand_or_error(&self, data: &TemplateData, query: Option<&QueryFn>) -> String {
        self.expand(data, query)
            .unwrap_or_else(|e| format!("<error expanding template: {e}>"))
    }
}

/// 1-based line of byte offset `pos`.
fn line_of(text: &str, pos: usize) -> usize {
    1 + text.get(..pos).unwrap_or(text).matches('\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> TemplateData {
        TemplateData {
            labels: vec![
                ("__name__".into(), "http_requests_total".into()),
                ("instance".into(), "localhost:8000".into()),
                ("job".into(), "my_app".into()),
            ],
            external_labels: vec![("region".into(), "eu".into())],
            external_url: "http://localhost:9090".into(),
            value: 0.7333333333333333,
        }
    }

    fn expand(text: &str) -> String {
        Template::parse("__alert_A", text)
            .expect(text)
            .expand_or_error(&data(), None)
    }

    #[test]
    fn rule_templates_expand_as_in_prometheus() {
        assert_eq!(expand("{{ $labels.instance }}"), "localhost:8000");
        assert_eq!(expand("{{ $value }}"), "0.7333333333333333");
        assert_eq!(expand("{{ $value | humanize }}"), "733.3m");
        assert_eq!(expand("{{ humanizePercentage $value }}"), "73.33%");
        assert_eq!(expand("{{ printf \"%.2f\" $value }}"), "0.73");
        assert_eq!(
            expand("{{ .Labels.job }} {{ $externalLabels.region }}"),
            "my_app eu"
        );
        assert_eq!(expand("[{{ $labels.nope }}]"), "[]");
        assert_eq!(
            expand("{{ if gt $value 0.5 }}high{{ else }}low{{ end }}"),
            "high"
        );
        assert_eq!(
            expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}"),
            "__name__=http_requests_total;instance=localhost:8000;job=my_app;"
        );
        assert_eq!(expand("{{ with $labels.job }}{{ . }}{{ end }}"), "my_app");
        assert_eq!(expand("{{ $x := 2 }}{{ $x }}"), "2");
        assert_eq!(
            expand("{{ define \"who\" }}{{ .instance }}{{ end }}{{ template \"who\" $labels }}"),
            "localhost:8000"
        );
        assert_eq!(expand("a  {{- \" b \" -}}  c"), "a b c");
    }

    #[test]
    fn execution_errors_read_as_prometheus_writes_them() {
        assert_eq!(
            expand("{{ humanize \"one\" }}"),
            "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <humanize \"one\">: error calling humanize: strconv.ParseFloat: parsing \"one\": invalid syntax>"
        );
        assert!(
            expand("{{ if gt $value 1 }}x{{ end }}").contains("incompatible types for comparison")
        );
        assert!(expand("x\n{{ $value.nope }}").contains("__alert_A:2:9: executing \"__alert_A\" at <$value.nope>: can't evaluate field nope in type float64"));
        assert!(
            expand("{{ define \"a\" }}{{ template \"a\" }}{{ end }}{{ template \"a\" }}")
                .contains("maximum template depth")
        );
    }

    #[test]
    fn expansions_match_promtool_test_rules() {
        // promtool 2.42 `test rules` expanded these annotations for the series
        // m{instance="localhost:8000", job="app"} = 1234567.891.
        let data = TemplateData {
            labels: vec![
                ("__name__".into(), "m".into()),
                ("instance".into(), "localhost:8000".into()),
                ("job".into(), "app".into()),
            ],
            value: 1234567.891,
            ..TemplateData::default()
        };
        let cases = [
            ("{{ $value }}", "1.234567891e+06"),
            ("{{ $value | humanize }}", "1.235M"),
            ("{{ humanizePercentage $value }}", "1.235e+08%"),
            ("{{ humanizeDuration $value }}", "14d 6h 56m 7s"),
            (
                "{{ printf \"%.2f|%5.1f|%d|%s|%v|%q|%e|%g\" $value $value $value $value $value $value $value $value }}",
                "1234567.89|1234567.9|%!d(float64=1.234567891e+06)|%!s(float64=1.234567891e+06)|1.234567891e+06|%!q(float64=1.234567891e+06)|1.234568e+06|1.234567891e+06",
            ),
            (
                "{{ $labels }}|{{ $labels.job }}|{{ .Labels.instance }}|{{ $labels.nope }}",
                "map[__name__:m instance:localhost:8000 job:app]|app|localhost:8000|",
            ),
            (
                "{{ humanizeTimestamp 1700000000.25 }}|{{ title \"hello world\" }}|{{ 1e6 }}|{{ 1 }}|{{ 1.5 }}|{{ \"a\" }}|{{ true }}|{{ 0.1 }}|{{ -0.0 }}",
                "2023-11-14 22:13:20.249 +0000 UTC|Hello World|1e+06|1|1.5|a|true|0.1|-0",
            ),
            (
                "{{ with $labels.nope }}x{{ else }}none{{ end }}|{{ if and $labels.job (gt $value 1.0) }}both{{ end }}|{{ or \"\" \"b\" }}|{{ not true }}|{{ eq $labels.job \"app\" \"x\" }}|{{ humanize1024 1048576 }}|{{ toUpper \"ab\" }}|{{ stripPort \"host:1\" }}|{{ reReplaceAll \"(.*):.*\" \"$1\" \"h:2\" }}|{{ args 1 \"a\" }}|{{ (args 1 \"a\").arg1 }}",
                "none|both|b|false|true|1Mi|AB|host|h|map[arg0:1 arg1:a]|a",
            ),
            (
                "{{ humanizeDuration 0.5 }}|{{ humanizeDuration 3661 }}|{{ humanize 0.000123 }}|{{ humanize 999.99 }}|{{ humanizePercentage 0.5 }}|{{ printf \"%.1f%%\" 12.345 }}|{{ printf \"%08.3f|%+d|%x|%X|%o\" 3.14159 5 255 255 8 }}|{{ printf \"%t|%v|%c\" true nil 65 }}",
                "500ms|1h 1m 1s|123u|1000|50%|12.3%|0003.142|+5|ff|FF|10|true|<nil>|A",
            ),
            (
                "{{ $x := 5 }}{{ $x }}|{{ len $labels }}|{{ index $labels \"job\" }}|{{ print 1 2 \"a\" 3 }}|{{ println 1 }}|{{ printf \"%5s|%-5s|\" \"ab\" \"cd\" }}",
                "5|3|app|1 2a3|1\n|   ab|cd   |",
            ),
            (
                "{{ $value.foo }}",
                "<error expanding template: error executing template __alert_A: template: __alert_A:1:121: executing \"__alert_A\" at <$value.foo>: can't evaluate field foo in type float64>",
            ),
            (
                "{{ gt $value 1 }}",
                "<error expanding template: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" at <gt $value 1>: error calling gt: incompatible types for comparison>",
            ),
        ];
        for (text, want) in cases {
            let t = Template::parse("__alert_A", text).expect(text);
            assert_eq!(t.expand_or_error(&data, None), want, "{text}");
        }
    }

    #[test]
    fn parse_errors_name_the_line() {
        let err = Template::parse("__alert_A", "ok\n{{ nope }}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "template: __alert_A:2: function \"nope\" not defined"
        );
        assert_eq!(err.line, 2);
        assert!(err.message(crate::lang::Lang::Fr).contains("ligne 2"));
    }

    #[test]
    fn query_runs_through_the_given_engine() {
        let run = |q: &str| -> Result<Vec<QuerySample>, String> {
            assert_eq!(q, "up");
            Ok(vec![QuerySample {
                labels: vec![("job".into(), "my_app".into())],
                value: 1.0,
            }])
        };
        let t = Template::parse(
            "x",
            "{{ query \"up\" | first | value }} {{ range query \"up\" }}{{ .Labels.job }}{{ end }}",
        )
        .unwrap();
        assert_eq!(t.expand(&data(), Some(&run)).unwrap(), "1 my_app");
        assert!(t.expand(&data(), None).is_err());
    }
}
