//! `rules.yml` documents with the verdict `promtool check rules` gives them (every
//! message, without promtool's `<file>: L:C:` prefixes) and where Sonde points.
//!
//! Verdicts were taken from promtool 2.42 (Debian's `prometheus` package), whose rule
//! checks Prometheus 3 kept; the cases marked "Prometheus 3" follow Prometheus 3's
//! sources (`model/rulefmt/rulefmt.go`): UTF-8 names, `query_offset`, group `labels`,
//! braces in a recording rule's name. promtool prints a YAML error once per decoding
//! pass (twice); Sonde says it once.

use sonde::config::{ConfigErrorKind, Position};
use sonde::lang::Lang;
use sonde::rules::{parse_rules, RuleErrorKind};

/// What promtool says about a document.
enum Verdict {
    /// `SUCCESS: N rules found`.
    Valid,
    /// `FAILED:` and its messages, and the line and column Sonde points at first.
    Invalid(&'static [&'static str], usize, usize),
    /// `FAILED: yaml: ...`: not YAML; Sonde's YAML parser words it its own way, at this
    /// line and column.
    NotYaml(usize, usize),
}

use Verdict::{Invalid, NotYaml, Valid};

const CASES: &[(&str, &str, Verdict)] = &[
    ("example", "groups:\n  - name: my_app\n    rules:\n      - alert: HighRequestRate\n        expr: rate(http_requests_total[1m]) > 0.5\n        for: 1m\n        labels:\n          severity: warning\n        annotations:\n          summary: \"{{ $labels.instance }} serves {{ $value | humanize }} requests/s\"\n      - record: job:http_requests:rate1m\n        expr: sum by (job) (rate(http_requests_total[1m]))\n", Valid),
    ("empty file", "", Valid),
    ("only comments", "# no rules yet\n", Valid),
    ("groups null", "groups:\n", Valid),
    ("groups empty", "groups: []\n", Valid),
    ("group without rules", "groups:\n  - name: a\n", Valid),
    ("null group skipped", "groups:\n  - ~\n  - name: a\n    rules: []\n", Valid),
    ("null rule skipped", "groups:\n  - name: a\n    rules:\n      - ~\n      - alert: B\n        expr: up\n", Valid),
    ("number as group name", "groups:\n  - name: 1\n    rules: []\n", Valid),
    ("number as expr", "groups:\n  - name: a\n    rules:\n      - record: a\n        expr: 1\n", Valid),
    ("string expr", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: '\"foo\"'\n", Valid),
    ("for 0 on a recording rule", "groups:\n  - name: a\n    rules:\n      - record: a\n        expr: up\n        for: 0s\n", Valid),
    ("keep_firing_for", "groups:\n  - name: a\n    interval: 30s\n    limit: 10\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5m\n        keep_firing_for: 10m\n", Valid),
    ("label values of any scalar", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          n: 1\n          b: yes\n", Valid),
    ("alert names are free text", "groups:\n  - name: a\n    rules:\n      - alert: \"my alert!\"\n        expr: up\n", Valid),
    ("templates Prometheus accepts", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          a: '{{ $value | humanize }} {{ humanizePercentage $value }} {{ printf \"%.2f\" $value }} {{ .Labels.job }} {{ $externalLabels.x }}'\n          b: '{{ if gt $value 1.0 }}big{{ else }}small{{ end }} {{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ end }}'\n          c: '{{ with $labels.x }}{{ . }}{{ end }} {{ query \"up\" | first | value }} {{- $value -}} {{/* note */}}'\n          d: '{{ humanize }} {{ \"a\" \"b\" }} {{ .Value | }}'\n", Valid),
    ("tab in YAML", "groups:\n\t- name: a\n", Invalid(&["yaml: line 2: found character that cannot start any token"], 2, 1)),
    ("bad indentation", "groups:\n  - name: a\n   rules: []\n", NotYaml(3, 4)),
    ("unknown top-level key", "group:\n  - name: a\n", Invalid(&["yaml: unmarshal errors:\n  line 1: field group not found in type rulefmt.RuleGroups"], 1, 1)),
    ("unknown rule key", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        fo: 1m\n", Invalid(&["yaml: unmarshal errors:\n  line 6: field fo not found in type rulefmt.RuleNode"], 6, 9)),
    ("repeated key", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        expr: up == 1\n", Invalid(&["yaml: unmarshal errors:\n  line 6: mapping key \"expr\" already defined at line 5"], 6, 9)),
    ("repeated label", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          a: x\n          a: y\n", Invalid(&["yaml: unmarshal errors:\n  line 8: mapping key \"a\" already defined at line 7"], 8, 11)),
    ("groups not a list", "groups: 3\n", Invalid(&["yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `3` into []rulefmt.RuleGroup"], 1, 9)),
    ("rules not a list", "groups:\n  - name: a\n    rules: x\n", Invalid(&["yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `x` into []rulefmt.RuleNode"], 3, 12)),
    ("name not a string", "groups:\n  - name: [a]\n    rules: []\n", Invalid(&["yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string"], 2, 11)),
    ("limit not a number", "groups:\n  - name: a\n    limit: x\n    rules: []\n", Invalid(&["yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `x` into int"], 3, 12)),
    ("labels not a map", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels: [a]\n", Invalid(&["yaml: unmarshal errors:\n  line 6: cannot unmarshal !!seq into map[string]string"], 6, 17)),
    ("for without unit", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        for: 5\n", Invalid(&["not a valid duration string: \"5\""], 6, 14)),
    ("empty group name", "groups:\n  - name: \"\"\n    rules: []\n", Invalid(&["Groupname must not be empty"], 2, 5)),
    ("group without a name", "groups:\n  - rules: []\n", Invalid(&["Groupname must not be empty"], 2, 5)),
    ("empty group", "groups:\n  - {}\n", Invalid(&["Groupname must not be empty"], 2, 5)),
    ("repeated group name", "groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n", Invalid(&["groupname: \"a\" is repeated in the same file"], 4, 5)),
    ("both alert and record", "groups:\n  - name: a\n    rules:\n      - alert: A\n        record: b\n        expr: up\n", Invalid(&["group \"a\", rule 1, \"A\": only one of 'record' and 'alert' must be set"], 5, 17)),
    ("neither alert nor record", "groups:\n  - name: a\n    rules:\n      - expr: up\n", Invalid(&["group \"a\", rule 1, \"\": one of 'record' or 'alert' must be set"], 4, 9)),
    ("no expr", "groups:\n  - name: a\n    rules:\n      - alert: A\n", Invalid(&["group \"a\", rule 1, \"A\": field 'expr' must be set in rule"], 4, 9)),
    ("empty rule", "groups:\n  - name: a\n    rules:\n      - {}\n", Invalid(&["group \"a\", rule 1, \"\": one of 'record' or 'alert' must be set", "group \"a\", rule 1, \"\": field 'expr' must be set in rule"], 4, 9)),
    ("expr as a list", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: [up]\n", Invalid(&["group \"a\", rule 1, \"A\": field 'expr' must be set in rule"], 5, 15)),
    ("unclosed parenthesis", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: rate(up[5m]\n", Invalid(&["group \"a\", rule 1, \"A\": could not parse expression: 1:12: parse error: unclosed left parenthesis"], 5, 26)),
    ("comparison without right side", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: rate(http_requests_total[1m]) >\n", Invalid(&["group \"a\", rule 1, \"A\": could not parse expression: 1:32: parse error: unexpected end of input"], 5, 46)),
    ("rate of an instant vector", "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: rate(http_requests_total)\n", Invalid(&["group \"a\", rule 1, \"r\": could not parse expression: 1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"], 5, 20)),
    ("unknown function", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: unknown_fn(up)\n", Invalid(&["group \"a\", rule 1, \"A\": could not parse expression: 1:1: parse error: unknown function with name \"unknown_fn\""], 5, 15)),
    ("fields a recording rule cannot have", "groups:\n  - name: a\n    rules:\n      - record: foo\n        expr: up\n        for: 1m\n        keep_firing_for: 1m\n        annotations:\n          a: b\n", Invalid(&["group \"a\", rule 1, \"foo\": invalid field 'annotations' in recording rule", "group \"a\", rule 1, \"foo\": invalid field 'for' in recording rule", "group \"a\", rule 1, \"foo\": invalid field 'keep_firing_for' in recording rule"], 4, 17)),
    ("__name__ as a label", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          __name__: x\n", Invalid(&["group \"a\", rule 1, \"A\": invalid label name: __name__"], 7, 11)),
    ("unknown template function", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          severity: '{{ $value | nope }}'\n", Invalid(&["group \"a\", rule 1, \"A\": label \"severity\": template: __alert_A:1: function \"nope\" not defined"], 7, 11)),
    ("unclosed template action", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          summary: '{{ $labels.instance '\n", Invalid(&["group \"a\", rule 1, \"A\": annotation \"summary\": template: __alert_A:1: unclosed action"], 7, 11)),
    ("undefined template variable", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          summary: '{{ $foo }}'\n", Invalid(&["group \"a\", rule 1, \"A\": annotation \"summary\": template: __alert_A:1: undefined variable \"$foo\""], 7, 11)),
    ("template end without start", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          summary: 'x {{ end }}'\n", Invalid(&["group \"a\", rule 1, \"A\": annotation \"summary\": template: __alert_A:1: unexpected {{end}}"], 7, 11)),
    ("template if without end", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          summary: '{{ if gt $value 1.0 }}big'\n", Invalid(&["group \"a\", rule 1, \"A\": annotation \"summary\": template: __alert_A:1: unexpected EOF"], 7, 11)),
    ("template error on the second line", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        annotations:\n          description: |\n            first line\n            {{ $value | humanise }}\n", Invalid(&["group \"a\", rule 1, \"A\": annotation \"description\": template: __alert_A:2: function \"humanise\" not defined"], 7, 11)),
    ("templates in recording rules are not checked", "groups:\n  - name: a\n    rules:\n      - record: r\n        expr: up\n        labels:\n          a: '{{ nope }}'\n", Valid),
    ("errors of several rules", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up ==\n      - record: r\n        expr: up\n        for: 1m\n", Invalid(&["group \"a\", rule 1, \"A\": could not parse expression: 1:6: parse error: unexpected end of input", "group \"a\", rule 2, \"r\": invalid field 'for' in recording rule"], 5, 20)),
    // ---- Prometheus 3 only (from its sources; promtool 2.42 predates them) ----
    (
        "duration with decimals (Prometheus 3's prometheus/common wording)",
        "groups:\n  - name: a\n    interval: 1.5m\n    rules: []\n",
        Invalid(&["unknown unit \".\" in duration \"1.5m\""], 3, 15),
    ),
    ("query_offset and group labels (Prometheus 3)", "groups:\n  - name: a\n    query_offset: 1m\n    labels:\n      team: web\n    rules:\n      - record: r\n        expr: up\n", Valid),
    ("UTF-8 names (Prometheus 3)", "groups:\n  - name: a\n    rules:\n      - record: 1abc.rate\n        expr: up\n        labels:\n          \"a-b\": c\n", Valid),
    ("braces in a recording rule name (Prometheus 3)", "groups:\n  - name: a\n    rules:\n      - record: up{job=\"a\"}\n        expr: up\n", Invalid(&["group \"a\", rule 1, \"up{job=\\\"a\\\"}\": braces present in the recording rule name; should it be in expr?: up{job=\"a\"}"], 4, 17)),
    ("empty label name (Prometheus 3)", "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          \"\": x\n", Invalid(&["group \"a\", rule 1, \"A\": invalid label name: "], 7, 11)),
];

#[test]
fn promtool_verdicts() {
    let mut failures = Vec::new();
    for (name, yaml, verdict) in CASES {
        let got = parse_rules(yaml);
        let ok = match (verdict, &got) {
            (Valid, Ok(_)) => true,
            (Invalid(messages, line, column), Err(e)) => {
                let said: Vec<String> = e.0.iter().map(|e| e.message(Lang::En)).collect();
                said == *messages
                    && e.first().and_then(|e| e.position)
                        == Some(Position {
                            line: *line,
                            column: *column,
                        })
            }
            (NotYaml(line, column), Err(e)) => e.first().is_some_and(|e| {
                matches!(&e.kind, RuleErrorKind::Yaml(c) if matches!(c.kind, ConfigErrorKind::Syntax { .. }))
                    && e.position == Some(Position { line: *line, column: *column })
            }),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name}: got {:?}",
                got.as_ref().map(|_| "valid").map_err(|e| e
                    .0
                    .iter()
                    .map(|e| (e.message(Lang::En), e.position.map(|p| (p.line, p.column))))
                    .collect::<Vec<_>>())
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_refusal_has_a_position_and_a_french_message() {
    for (name, yaml, verdict) in CASES {
        if matches!(verdict, Valid) {
            continue;
        }
        let err = parse_rules(yaml).expect_err(name);
        for e in &err.0 {
            assert!(e.position.is_some(), "{name}: no position");
            let fr = e.message(Lang::Fr);
            assert!(!fr.is_empty() && fr != e.message(Lang::En), "{name}: {fr}");
        }
    }
}
