//! `prometheus.yml` documents with the verdict Prometheus 3's
//! `promtool check config --syntax-only` gives them (its message, without the
//! `parsing YAML file <name>:` prefix) and where Sonde points.
//!
//! The verdicts come from Prometheus 3's sources (config/config.go, scrape/target.go,
//! discovery/registry.go, prometheus/common's model, go-yaml v2's decoder). Every case is
//! also run through the real promtool 2.42 (`tests/reference/promtool/generate.sh`
//! writes what it says to `tests/reference/promtool/check-config.txt`), and Sonde must
//! print exactly its text, `parsing YAML file prometheus.yml: ` included, except where
//! Prometheus 3 is known to say otherwise (`PROMETHEUS_3_DIFFERS`).

use sonde::config::{parse_config, Position, CONFIG_FILE};
use sonde::lang::Lang;

/// What promtool says about a document.
enum Verdict {
    /// `SUCCESS: ... is valid prometheus config file syntax`.
    Valid,
    /// `FAILED: <message>`, and the line and column Sonde points at.
    Invalid(&'static str, usize, usize),
    /// Valid, with a "not simulated" note on each of these keys (key, line).
    Noted(&'static [(&'static str, usize)]),
}

use Verdict::{Invalid, Noted, Valid};

/// A relabel step dropping every target (the default regex matches anything).
const RELABEL_DROP: &str =
    "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: drop\n";
/// A relabel step whose action is left null.
const RC_EMPTY_ACTION: &str =
    "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action:\n        target_label: x\n";
/// A relabel step with an action Prometheus does not know.
const RC_UNKNOWN: &str =
    "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: delete\n";

const CASES: &[(&str, &str, Verdict)] = &[
    // ---- accepted ----
    ("course file", sonde::config::COURSE_CONFIG, Valid),
    ("empty file", "", Valid),
    ("only comments", "# nothing yet\n", Valid),
    ("null document", "~\n", Valid),
    ("scrape_configs absent", "global:\n  scrape_interval: 15s\n", Valid),
    ("scrape_configs null", "scrape_configs:\n", Valid),
    ("scrape_configs empty", "scrape_configs: []\n", Valid),
    ("global null", "global:\n", Valid),
    ("global empty", "global: {}\n", Valid),
    (
        "static config without targets",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: {a: b}\n",
        Valid,
    ),
    (
        "static_configs empty",
        "scrape_configs:\n  - job_name: a\n    static_configs: []\n",
        Valid,
    ),
    (
        "targets null",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets:\n",
        Valid,
    ),
    (
        "target without port (Prometheus 3)",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [localhost]\n",
        Valid,
    ),
    (
        "ports are not checked when loading",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['localhost:abc', 'a b']\n",
        Valid,
    ),
    (
        "UTF-8 label names (Prometheus 3)",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels:\n          \"é.x-y\": v\n          \"1abc\": w\n",
        Valid,
    ),
    (
        "YAML 1.1 booleans",
        "scrape_configs:\n  - job_name: a\n    honor_labels: yes\n    honor_timestamps: off\n",
        Valid,
    ),
    (
        "scheme is not checked when loading (Prometheus 3)",
        "scrape_configs:\n  - job_name: a\n    scheme: ftp\n    static_configs:\n      - targets: [a]\n",
        Valid,
    ),
    (
        "merge key",
        "scrape_configs:\n  - &base\n    job_name: a\n    scrape_interval: 5s\n  - <<: *base\n    job_name: b\n",
        Valid,
    ),
    ("alias to a scalar", "global:\n  scrape_interval: &i 15s\n  evaluation_interval: *i\n", Valid),
    ("tab after a key's colon", "global:\n  scrape_interval:\t15s\n", Valid),
    ("tab after a space", "global:\n  scrape_interval: \t15s\n", Valid),
    ("tab inside a flow sequence", "scrape_configs: [\t{job_name: a}]\n", Valid),
    ("tab in a comment", "global: # \tcomment\n  scrape_interval: 15s\n", Valid),
    ("only the first document counts", "global:\n  scrape_interval: 15s\n---\nfoo: bar\n", Valid),
    ("byte order mark", "\u{feff}global:\n  scrape_interval: 15s\n", Valid),
    ("float into a uint is truncated", "scrape_configs:\n  - job_name: a\n    sample_limit: 1.7\n", Valid),
    ("numbers as job names", "scrape_configs:\n  - job_name: 12\n  - job_name: 012\n", Valid),
    (
        "zero interval inherits the global one",
        "scrape_configs:\n  - job_name: a\n    scrape_interval: 0s\n    scrape_timeout: 0\n",
        Valid,
    ),
    (
        "global timeout capped at a short global interval",
        "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1']\n",
        Valid,
    ),
    (
        "every duration unit",
        "global:\n  scrape_interval: 1y\n  scrape_timeout: 1w1d1h1m1s1ms\n  evaluation_interval: 500ms\n",
        Valid,
    ),
    (
        "external labels",
        "global:\n  external_labels:\n    region: eu\n    replica: \"1\"\n",
        Valid,
    ),
    (
        "an empty unsimulated section is accepted",
        "scrape_configs:\n  - job_name: a\n    relabel_configs: []\nremote_write:\n",
        Valid,
    ),
    (
        "known simple keys are accepted",
        "global:\n  sample_limit: 100\n  query_log_file: q.log\nscrape_configs:\n  - job_name: a\n    enable_compression: false\n    follow_redirects: true\n    label_limit: 30\n",
        Valid,
    ),
    (
        "Windows line endings",
        "global:\r\n  scrape_interval: 15s\r\nscrape_configs:\r\n  - job_name: 'my_app'\r\n    static_configs:\r\n      - targets: ['localhost:8000']\r\n",
        Valid,
    ),
    (
        "unquoted host:port in a flow list",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [localhost:8000, 127.0.0.1:9090]\n",
        Valid,
    ),
    (
        "block list of targets",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets:\n          - localhost:8000\n          - localhost:8001\n",
        Valid,
    ),
    (
        "label values keep their text",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels: {env: yes, n: 010, t: 2024-01-02}\n",
        Valid,
    ),
    // ---- YAML syntax ----
    (
        "tab as indentation",
        "global:\n\tscrape_interval: 15s\n",
        Invalid("yaml: line 2: found character that cannot start any token", 2, 1),
    ),
    (
        "tab after a dash",
        "scrape_configs:\n  -\tjob_name: a\n",
        Invalid("yaml: line 2: found character that cannot start any token", 2, 4),
    ),
    (
        "tab-indented comment",
        "global:\n  scrape_interval: 15s\n\t# comment\n",
        Invalid("yaml: line 3: found a tab character that violates indentation", 3, 1),
    ),
    (
        "bad indentation",
        "global:\n  scrape_interval: 15s\n   scrape_timeout: 10s\n",
        Invalid("yaml: line 3: mapping values are not allowed in this context", 3, 18),
    ),
    (
        "colon inside a plain value",
        "global: a: b\n",
        // yaml.v2 names no line for a problem on the first one.
        Invalid("yaml: mapping values are not allowed in this context", 1, 10),
    ),
    (
        "unknown anchor",
        "global: *x\n",
        Invalid("yaml: unknown anchor 'x' referenced", 1, 9),
    ),
    // ---- learners' typos, worded and lined as yaml.v2 does (checked with promtool 2.42) ----
    (
        "tab before the first key",
        "\tglobal:\n",
        Invalid("yaml: found character that cannot start any token", 1, 1),
    ),
    (
        "a value with a colon",
        "global:\n  a: b: c\n",
        Invalid("yaml: line 2: mapping values are not allowed in this context", 2, 7),
    ),
    (
        "unclosed list of a duration",
        "global:\n  scrape_interval: [15s\n",
        Invalid("yaml: line 2: did not find expected ',' or ']'", 3, 1),
    ),
    (
        "key indented less than its siblings",
        "global:\n  scrape_interval: 15s\n scrape_timeout: 10s\n",
        Invalid("yaml: line 2: did not find expected key", 3, 2),
    ),
    (
        "unclosed quote on the first line",
        "global: \"abc\n",
        Invalid("yaml: line 2: found unexpected end of stream", 1, 9),
    ),
    (
        "value starting with @",
        "key: @x\n",
        Invalid("yaml: found character that cannot start any token", 1, 6),
    ),
    (
        "value starting with a backquote",
        "global:\n  scrape_interval: 15s\n  key: `x\n",
        Invalid("yaml: line 3: found character that cannot start any token", 3, 8),
    ),
    (
        "a key after a top-level list",
        "- a\nb: c\n",
        Invalid("yaml: line 1: did not find expected '-' indicator", 2, 1),
    ),
    (
        "stray closing brace",
        "global:\n  scrape_interval: 15s\n}\n",
        Invalid("yaml: line 2: did not find expected key", 3, 1),
    ),
    (
        "second job indented one space short",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a']\n  - job_name: b\n   static_configs: []\n",
        Invalid("yaml: line 5: did not find expected '-' indicator", 6, 4),
    ),
    (
        "key without its colon",
        "global\n  scrape_interval: 15s\n",
        Invalid("yaml: line 2: mapping values are not allowed in this context", 2, 18),
    ),
    (
        "no space after a colon",
        "global:\n  scrape_interval:15s\n",
        Invalid("yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `scrape_...` into config.plain", 2, 3),
    ),
    (
        "a job without its dash",
        "scrape_configs:\n  job_name: a\n",
        Invalid("yaml: unmarshal errors:\n  line 2: cannot unmarshal !!map into []*config.ScrapeConfig", 2, 3),
    ),
    (
        "key of a job indented one space short",
        "scrape_configs:\n  - job_name: a\n   static_configs:\n      - targets: [a]\n",
        Invalid("yaml: line 2: did not find expected '-' indicator", 3, 4),
    ),
    (
        "key of a job indented one space too far",
        "scrape_configs:\n  - job_name: a\n     static_configs:\n      - targets: [a]\n",
        Invalid("yaml: line 3: mapping values are not allowed in this context", 3, 20),
    ),
    (
        "second group indented one space short",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n    - targets: [a]\n   - targets: [b]\n",
        Invalid("yaml: line 4: did not find expected '-' indicator", 5, 4),
    ),
    (
        "labels indented as a key of the job",
        "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: [a]\n  labels: {a: b}\n",
        Invalid("yaml: unmarshal errors:\n  line 5: field labels not found in type config.ScrapeConfig", 5, 3),
    ),
    (
        "unclosed list of targets",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [localhost:8000\n",
        Invalid("yaml: line 6: did not find expected ',' or ']'", 7, 1),
    ),
    (
        "unclosed double quote of a job name",
        "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n\nscrape_configs:\n  - job_name: \"a\n    static_configs:\n      - targets: [a]\n",
        Invalid("yaml: line 9: found unexpected end of stream", 6, 15),
    ),
    (
        "unclosed quote of a duration",
        "global:\n  scrape_interval: \"15s\n",
        Invalid("yaml: line 3: found unexpected end of stream", 2, 20),
    ),
    (
        "list item inside a mapping",
        "global:\n  scrape_interval: 15s\n  - foo\n",
        Invalid("yaml: line 2: did not find expected key", 3, 5),
    ),
    (
        "dash with nothing after it",
        "scrape_configs:\n  - job_name: a\n  - \n",
        Invalid("empty or null scrape config section", 3, 5),
    ),
    (
        "key indented further than its sibling",
        "global:\n  scrape_interval: 15s\n    scrape_timeout: 10s\n",
        Invalid("yaml: line 3: mapping values are not allowed in this context", 3, 19),
    ),
    (
        "unclosed list before the next key",
        "global:\n  scrape_interval: [a, b\nscrape_configs: []\n",
        Invalid("yaml: line 2: did not find expected ',' or ']'", 3, 15),
    ),
    (
        "unclosed mapping",
        "global:\n  scrape_interval: {a: b\n",
        Invalid("yaml: line 2: did not find expected ',' or '}'", 3, 1),
    ),
    (
        "top-level key indented by one space",
        "global:\n  scrape_interval: 15s\n scrape_configs:\n",
        Invalid("yaml: line 2: did not find expected key", 3, 2),
    ),
    (
        "extra closing bracket",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]]\n",
        Invalid("yaml: line 5: did not find expected key", 6, 21),
    ),
    (
        "text after a closed list",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a], b\n",
        Invalid("yaml: line 5: did not find expected key", 6, 21),
    ),
    (
        "list item after a flow list",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        - b\n",
        Invalid("yaml: line 6: did not find expected key", 7, 11),
    ),
    (
        "space instead of a colon",
        "global:\n  scrape_interval: 15s\n  scrape_interval 15s\n",
        Invalid("yaml: line 4: could not find expected ':'", 4, 1),
    ),
    (
        "unclosed quote in a list of targets",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"a\", \"b]\n",
        Invalid("yaml: line 7: found unexpected end of stream", 6, 24),
    ),
    (
        "unclosed quote closed lines further",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: 'my_app\n    static_configs:\n      - targets: ['localhost:8000']\n",
        Invalid("yaml: line 5: did not find expected key", 4, 15),
    ),
    (
        "block text followed by a misindented key",
        "a: |\n  x\n b: 1\n",
        Invalid("yaml: line 2: did not find expected key", 3, 2),
    ),
    (
        "quote opened at the start of a line",
        "global:\n  scrape_interval: 15s\n\"x\n",
        Invalid("yaml: line 4: found unexpected end of stream", 3, 1),
    ),
    (
        "value starting with %",
        "global: %x\n",
        Invalid("yaml: found character that cannot start any token", 1, 9),
    ),
    (
        "unclosed mapping of targets",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: {a, b\n",
        Invalid("yaml: line 6: did not find expected ',' or '}'", 7, 1),
    ),
    (
        "unclosed list before the next group",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a\n      - targets: [b]\n",
        Invalid("yaml: line 6: did not find expected ',' or ']'", 7, 16),
    ),
    (
        "unclosed list at the end",
        "global:\n  a: [\n",
        Invalid("yaml: line 2: did not find expected node content", 3, 1),
    ),
    (
        "stray closing bracket as a value",
        "global: [a,\n  b]\nx: ]\n",
        Invalid("yaml: line 2: did not find expected node content", 3, 4),
    ),
    (
        "label indented as the group's key",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    static_configs:\n    - targets: ['localhost:8000']\n      labels:\n      env: prod\n",
        Invalid("yaml: unmarshal errors:\n  line 8: field env not found in type struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }", 8, 7),
    ),
    (
        "second job indented as a mapping key",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a']\n    - job_name: b\n",
        Invalid("yaml: line 4: did not find expected key", 5, 7),
    ),
    (
        "target item indented one space short",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n- job_name: a\n  static_configs:\n    - targets:\n      - a\n     - b\n",
        Invalid("yaml: line 7: did not find expected '-' indicator", 8, 6),
    ),
    // ---- types (yaml.v2 unmarshal errors) ----
    (
        "duplicate key in global",
        "global:\n  scrape_interval: 15s\n  scrape_interval: 20s\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 3: field scrape_interval already set in type config.plain",
            3,
            3,
        ),
    ),
    (
        "duplicate top-level key",
        "global:\n  scrape_interval: 15s\nglobal:\n  scrape_interval: 20s\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 3: field global already set in type config.plain",
            3,
            1,
        ),
    ),
    (
        "duplicate key in a scrape config",
        "scrape_configs:\n  - job_name: a\n    job_name: b\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 3: field job_name already set in type config.ScrapeConfig",
            3,
            5,
        ),
    ),
    (
        "duplicate label",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels:\n          x: y\n          x: z\n",
        Invalid("yaml: unmarshal errors:\n  line 7: key \"x\" already set in map", 7, 14),
    ),
    (
        "duplicate external label",
        "global:\n  external_labels:\n    a: b\n    a: c\n",
        Invalid("yaml: unmarshal errors:\n  line 4: key \"a\" already set in map", 4, 8),
    ),
    (
        "targets as a string",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: localhost:8000\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `localho...` into []string",
            4,
            18,
        ),
    ),
    (
        "targets as a mapping",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: {a: b}\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!map into []string", 4, 18),
    ),
    (
        "a list as a target",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [8000, true, ~, [x]]\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!seq into string", 4, 34),
    ),
    (
        "not a boolean",
        "scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n",
        Invalid("yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `maybe` into bool", 3, 19),
    ),
    (
        "quoted boolean",
        "scrape_configs:\n  - job_name: a\n    honor_labels: \"true\"\n",
        Invalid("yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `true` into bool", 3, 19),
    ),
    (
        "integers where bool and uint are expected",
        "scrape_configs:\n  - job_name: a\n    honor_labels: 1\n    sample_limit: -1\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!int `1` into bool\n  line 4: cannot unmarshal !!int `-1` into uint",
            3,
            19,
        ),
    ),
    (
        "unknown keys",
        "scrape_configs:\n  - job_name: a\n    foo: 1\n    static_configs:\n      - targets: [a]\n        bar: 2\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 3: field foo not found in type config.ScrapeConfig\n  line 6: field bar not found in type struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }",
            3,
            5,
        ),
    ),
    (
        "unknown keys in global and at the top",
        "global:\n  foo: 1\nbar: 2\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 2: field foo not found in type config.plain\n  line 3: field bar not found in type config.plain",
            2,
            3,
        ),
    ),
    (
        "misspelt key",
        "global:\n  scrape_intervall: 15s\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 2: field scrape_intervall not found in type config.plain",
            2,
            3,
        ),
    ),
    (
        "a list as the document",
        "- a\n- b\n",
        Invalid("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into config.plain", 1, 1),
    ),
    (
        "a string as the document",
        "hello\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into config.plain",
            1,
            1,
        ),
    ),
    (
        "global as a number",
        "global: 5\n",
        Invalid("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `5` into config.plain", 1, 9),
    ),
    (
        "global as a quoted null",
        "global: \"null\"\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `null` into config.GlobalConfig",
            1,
            9,
        ),
    ),
    (
        "a string as a scrape config",
        "scrape_configs:\n  - hello\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `hello` into config.ScrapeConfig",
            2,
            5,
        ),
    ),
    (
        "a string as a static config",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - hello\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `hello` into struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }",
            4,
            9,
        ),
    ),
    (
        "labels as a string",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels: x\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 5: cannot unmarshal !!str `x` into model.LabelSet",
            5,
            17,
        ),
    ),
    (
        "a mapping as a label value",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels: {a: {b: c}}\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 5: cannot unmarshal !!map into model.LabelValue",
            5,
            21,
        ),
    ),
    (
        "external labels as a list",
        "global:\n  external_labels: [a]\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into map[string]string",
            2,
            20,
        ),
    ),
    (
        "a list as a duration",
        "global:\n  scrape_interval: [15s]\n",
        Invalid("yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string", 2, 20),
    ),
    (
        "a list as a key",
        "global:\n  [a]: 1\n",
        Invalid("yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string", 2, 3),
    ),
    (
        "a null key",
        "global:\n  ~: 1\n",
        Invalid("yaml: unmarshal errors:\n  line 2: field  not found in type config.plain", 2, 3),
    ),
    (
        "type errors first, then a later job_name check wins",
        "global:\n  foo: 1\nscrape_configs:\n  - job_name: a\n    honor_labels: maybe\n  - job_name: \"\"\n",
        Invalid("job_name is empty", 6, 5),
    ),
    (
        "type errors hide the duplicate job name",
        "scrape_configs:\n  - job_name: a\n  - job_name: a\n    honor_labels: x\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `x` into bool", 4, 19),
    ),
    (
        "explicit tag that does not fit",
        "scrape_configs:\n  - job_name: !!int abc\n",
        Invalid("yaml: cannot decode !!str `abc` as a !!int", 2, 15),
    ),
    (
        "key with a capital letter",
        "Global:\n  scrape_interval: 15s\n",
        Invalid("yaml: unmarshal errors:\n  line 1: field Global not found in type config.plain", 1, 1),
    ),
    (
        "static_configs given twice",
        "scrape_configs:\n  - job_name: a\n    static_configs: []\n    static_configs: []\n",
        Invalid(
            "yaml: unmarshal errors:\n  line 4: field static_configs already set in type config.ScrapeConfig",
            4,
            5,
        ),
    ),
    (
        "short string as targets",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: a\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `a` into []string", 4, 18),
    ),
    // ---- durations ----
    (
        "a boolean as a duration",
        "global:\n  scrape_interval: true\n",
        Invalid("not a valid duration string: \"true\"", 2, 20),
    ),
    (
        "a number as a duration",
        "global:\n  scrape_interval: 15\n",
        Invalid("not a valid duration string: \"15\"", 2, 20),
    ),
    (
        "quoted null as a duration",
        "global:\n  scrape_interval: \"null\"\n",
        Invalid("not a valid duration string: \"null\"", 2, 20),
    ),
    (
        "empty duration",
        "global:\n  scrape_interval: \"\"\n",
        Invalid("empty duration string", 2, 20),
    ),
    (
        "decimal duration",
        "global:\n  scrape_interval: 1.5m\n",
        Invalid("unknown unit \".\" in duration \"1.5m\"", 2, 20),
    ),
    (
        "space in a duration",
        "global:\n  scrape_interval: 1m 30s\n",
        Invalid("unknown unit \"m \" in duration \"1m 30s\"", 2, 20),
    ),
    (
        "units out of order",
        "global:\n  scrape_interval: 30s1m\n",
        Invalid("not a valid duration string: \"30s1m\"", 2, 20),
    ),
    (
        "upper-case unit",
        "global:\n  scrape_interval: 15S\n",
        Invalid("unknown unit \"S\" in duration \"15S\"", 2, 20),
    ),
    (
        "negative duration",
        "scrape_configs:\n  - job_name: a\n    scrape_interval: -15s\n",
        Invalid("not a valid duration string: \"-15s\"", 3, 22),
    ),
    (
        "duration too long",
        "global:\n  scrape_interval: 300y\n",
        Invalid("duration out of range", 2, 20),
    ),
    // ---- Prometheus's own checks ----
    (
        "global timeout above global interval",
        "global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n",
        Invalid("global scrape timeout greater than scrape interval", 3, 19),
    ),
    (
        "job timeout above job interval",
        "scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 6s\n",
        Invalid(
            "scrape timeout greater than scrape interval for scrape config with job name \"a\"",
            4,
            21,
        ),
    ),
    (
        "job timeout above the inherited interval",
        "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: my_app\n    scrape_timeout: 20s\n",
        Invalid(
            "scrape timeout greater than scrape interval for scrape config with job name \"my_app\"",
            5,
            21,
        ),
    ),
    (
        "duplicate job name",
        "scrape_configs:\n  - job_name: x\n  - job_name: y\n  - job_name: x\n",
        Invalid("found multiple scrape configs with job name \"x\"", 4, 5),
    ),
    (
        "missing job name",
        "scrape_configs:\n  - static_configs:\n      - targets: [a]\n",
        Invalid("job_name is empty", 2, 5),
    ),
    (
        "null job name",
        "scrape_configs:\n  - job_name:\n",
        Invalid("job_name is empty", 2, 5),
    ),
    (
        "null scrape config",
        "scrape_configs:\n  -\n",
        Invalid("empty or null scrape config section", 2, 4),
    ),
    (
        "null static config",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      -\n",
        Invalid("empty or null section in static_configs", 4, 8),
    ),
    (
        "target with a scheme",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['http://localhost:8000']\n",
        Invalid("\"http://localhost:8000\" is not a valid hostname", 4, 19),
    ),
    (
        "target with a path",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['localhost:8000', 'localhost:8000/metrics']\n",
        Invalid("\"localhost:8000/metrics\" is not a valid hostname", 4, 37),
    ),
    (
        "empty label name",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels:\n          \"\": x\n",
        Invalid("\"\" is not a valid label name", 6, 11),
    ),
    (
        "empty external label name",
        "global:\n  external_labels:\n    \"\": x\n",
        Invalid("\"\" is not a valid label name", 3, 5),
    ),
    (
        "rule file glob in a directory",
        "rule_files: ['a/*/b.yml']\n",
        Invalid("invalid rule file path \"a/*/b.yml\"", 1, 14),
    ),
    (
        "merge with a scalar",
        "scrape_configs:\n  - <<: 5\n    job_name: b\n",
        Invalid("yaml: map merge requires map or sequence of maps as the value", 2, 9),
    ),
    (
        "anchor that contains itself",
        "global: &g\n  <<: *g\n",
        Invalid("yaml: anchor 'g' value contains itself", 2, 7),
    ),
    // ---- promtool's target checks ----
    (
        "empty target",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['']\n",
        Invalid("instance 0 in group 0: no address", 4, 19),
    ),
    (
        "null target in the second group",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [b]\n      - targets: [a, ~]\n",
        Invalid("instance 1 in group 1: no address", 5, 22),
    ),
    (
        "bad interval label",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels: {__scrape_interval__: 1x}\n",
        Invalid(
            "instance 0 in group 0: error parsing scrape interval: unknown unit \"x\" in duration \"1x\"",
            4,
            19,
        ),
    ),
    (
        "timeout label above the interval",
        "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        labels: {__scrape_timeout__: 2m}\n",
        Invalid(
            "instance 0 in group 0: scrape timeout cannot be greater than scrape interval (\"2m\" > \"1m\")",
            4,
            19,
        ),
    ),
    // ---- known to Prometheus, not simulated by Sonde: accepted with a note ----
    (
        "remote_write",
        "remote_write:\n  - url: http://x/api/v1/write\n",
        Noted(&[("remote_write", 1)]),
    ),
    (
        "alerting and storage",
        "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['localhost:9093']\nstorage:\n  tsdb:\n    out_of_order_time_window: 10m\n",
        Noted(&[("alerting", 1), ("storage", 5)]),
    ),
    (
        "alerting in full",
        "alerting:\n  alert_relabel_configs:\n    - action: labeldrop\n      regex: replica\n  alertmanagers:\n    - scheme: https\n      path_prefix: /am\n      timeout: 10s\n      api_version: v2\n      basic_auth: {username: a}\n      static_configs:\n        - targets: ['localhost:9093']\n",
        Noted(&[("alerting", 1)]),
    ),
    (
        "alerting: misspelt key",
        "alerting:\n  alertmanager:\n    - static_configs: []\n",
        Invalid("yaml: unmarshal errors:\n  line 2: field alertmanager not found in type config.plain", 2, 3),
    ),
    (
        "alerting: misspelt Alertmanager key",
        "alerting:\n  alertmanagers:\n    - static_config: []\n",
        Invalid("yaml: unmarshal errors:\n  line 3: field static_config not found in type config.AlertmanagerConfig", 3, 7),
    ),
    (
        "alerting: api_version v3",
        "alerting:\n  alertmanagers:\n    - api_version: v3\n",
        Invalid("expected Alertmanager api version to be one of [v2] but got v3", 3, 20),
    ),
    (
        "alerting: a bad relabel action",
        "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [a]\n      relabel_configs:\n        - action: foo\n",
        Invalid("unknown relabel action \"foo\"", 6, 19),
    ),
    (
        "alerting: a URL as Alertmanager target",
        "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['http://x']\n",
        Invalid("\"http://x\" is not a valid hostname", 4, 21),
    ),
    (
        "basic_auth, tls_config and params",
        "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password: p\n    tls_config:\n      insecure_skip_verify: true\n    params:\n      module: [http_2xx]\n    follow_redirects: false\n    static_configs:\n      - targets: ['localhost:8000']\n",
        Noted(&[("basic_auth", 3), ("tls_config", 6), ("params", 8), ("follow_redirects", 10)]),
    ),
    (
        "authorization and proxy",
        "scrape_configs:\n  - job_name: a\n    authorization:\n      type: Bearer\n      credentials: secret\n    proxy_url: http://proxy:3128\n",
        Noted(&[("authorization", 3), ("proxy_url", 6)]),
    ),
    (
        "file service discovery",
        "scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: [targets.json]\n",
        Noted(&[("file_sd_configs", 3)]),
    ),
    (
        "unknown key inside basic_auth",
        "scrape_configs:\n  - job_name: a\n    basic_auth:\n      usernme: x\n",
        Invalid("yaml: unmarshal errors:\n  line 4: field usernme not found in type config.plain", 4, 7),
    ),
    (
        "basic_auth that is not a mapping",
        "scrape_configs:\n  - job_name: a\n    basic_auth: 3\n",
        Invalid("yaml: unmarshal errors:\n  line 3: cannot unmarshal !!int `3` into config.plain", 3, 17),
    ),
    (
        "tls_config with a bad boolean",
        "scrape_configs:\n  - job_name: a\n    tls_config:\n      insecure_skip_verify: 3\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!int `3` into bool", 4, 29),
    ),
    (
        "password and password_file",
        "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: x\n      password: y\n      password_file: z\n",
        Invalid("at most one of basic_auth password & password_file must be configured", 2, 5),
    ),
    (
        "basic_auth and bearer_token",
        "scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: x\n    bearer_token: t\n",
        Invalid("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured", 2, 5),
    ),
    (
        "authorization and bearer_token",
        "scrape_configs:\n  - job_name: a\n    authorization:\n      credentials: x\n    bearer_token: y\n",
        Invalid("authorization is not compatible with bearer_token & bearer_token_file", 2, 5),
    ),
    (
        "oauth2 complete",
        "scrape_configs:\n  - job_name: a\n    oauth2:\n      client_id: i\n      client_secret: x\n      token_url: http://t\n      scopes: [a]\n      endpoint_params: {a: b}\n",
        Noted(&[("oauth2", 3)]),
    ),
    (
        "oauth2 without client_id",
        "scrape_configs:\n  - job_name: a\n    oauth2:\n      client_secret: x\n",
        Invalid("oauth2 client_id must be configured", 2, 5),
    ),
    (
        "oauth2 without token_url",
        "scrape_configs:\n  - job_name: a\n    oauth2:\n      client_id: i\n      client_secret: x\n",
        Invalid("oauth2 token_url must be configured", 2, 5),
    ),
    (
        "oauth2 with a misspelt field",
        "scrape_configs:\n  - job_name: a\n    oauth2:\n      client_id: i\n      clientsecret: x\n",
        Invalid("yaml: unmarshal errors:\n  line 5: field clientsecret not found in type config.OAuth2", 5, 7),
    ),
    (
        "oauth2 and basic_auth",
        "scrape_configs:\n  - job_name: a\n    oauth2:\n      client_id: i\n      client_secret: x\n      token_url: http://t\n    basic_auth:\n      username: u\n",
        Invalid("at most one of basic_auth, oauth2 & authorization must be configured", 2, 5),
    ),
    (
        "params value not a list",
        "scrape_configs:\n  - job_name: a\n    params:\n      module: http_2xx\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `http_2xx` into []string", 4, 15),
    ),
    // ---- relabelling: each action accepted ----
    ("relabel_configs", RELABEL_DROP, Valid),
    (
        "relabel: every action",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [__address__]\n        regex: '(.+):8000'\n        target_label: __address__\n        replacement: '${1}:8001'\n      - {source_labels: [env], regex: prod|staging, action: keep}\n      - {source_labels: [env], regex: dev, action: Drop}\n      - {source_labels: [a], target_label: b, action: keepequal}\n      - {source_labels: [a], target_label: c, action: dropequal}\n      - {source_labels: [__address__], modulus: 4, target_label: __tmp_shard, action: hashmod}\n      - {regex: '__meta_(.+)', replacement: 'meta_$1', action: labelmap}\n      - {regex: 'tmp_.*', action: labeldrop}\n      - {regex: '__.*|job|instance|env', action: labelkeep}\n      - {source_labels: [env], target_label: env_lower, action: lowercase}\n      - {source_labels: [env], target_label: env_upper, action: uppercase}\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: 'python_gc_.*'\n        action: drop\n    static_configs:\n      - targets: ['localhost:8000']\n        labels: {env: prod}\n",
        Valid,
    ),
    (
        "relabel: a target that is a URL, rewritten to host:port",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [__address__]\n        regex: 'http://(.*)'\n        target_label: __address__\n    static_configs:\n      - targets: ['http://x']\n",
        Valid,
    ),
    (
        "relabel: labeldrop with a null regex",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labeldrop\n        regex:\n",
        Valid,
    ),
    // ---- relabelling: what Prometheus refuses ----
    ("relabel: null step", "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      -\n", Invalid("empty or null target relabeling rule in scrape config", 4, 8)),
    (
        "metric relabel: null step",
        "scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - ~\n",
        Invalid("empty or null metric relabeling rule in scrape config", 4, 9),
    ),
    ("relabel: empty action", RC_EMPTY_ACTION, Invalid("relabel action cannot be empty", 4, 9)),
    ("relabel: unknown action", RC_UNKNOWN, Invalid("unknown relabel action \"delete\"", 4, 17)),
    (
        "relabel: action in a list",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: [x]\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!seq into string", 4, 17),
    ),
    (
        "relabel: unknown field",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - sources: [a]\n",
        Invalid("yaml: unmarshal errors:\n  line 4: field sources not found in type relabel.plain", 4, 9),
    ),
    (
        "relabel: source_labels not a list",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: a\n        target_label: b\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `a` into model.LabelNames", 4, 24),
    ),
    (
        "relabel: negative modulus",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: hashmod, modulus: -1, target_label: x}\n",
        Invalid("yaml: unmarshal errors:\n  line 4: cannot unmarshal !!int `-1` into uint64", 4, 36),
    ),
    (
        "relabel: hashmod without modulus",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: hashmod\n        target_label: x\n",
        Invalid("relabel configuration for hashmod requires non-zero modulus", 4, 9),
    ),
    (
        "relabel: replace without target_label",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a]\n",
        Invalid("relabel configuration for replace action requires 'target_label' value", 4, 9),
    ),
    (
        "relabel: lowercase without target_label",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], action: lowercase}\n",
        Invalid("relabel configuration for lowercase action requires 'target_label' value", 4, 9),
    ),
    (
        "relabel: target_label starting with a digit (Prometheus 3)",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], target_label: 1x}\n",
        Valid,
    ),
    (
        "relabel: replacement with uppercase",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], target_label: b, replacement: c, action: uppercase}\n",
        Invalid("'replacement' can not be set for uppercase action", 4, 9),
    ),
    (
        "relabel: labelmap with an empty replacement",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {regex: x, replacement: '', action: labelmap}\n",
        Invalid("\"\" is invalid 'replacement' for labelmap action", 4, 9),
    ),
    (
        "relabel: keepequal with a regex",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], target_label: b, regex: '(.*)', action: keepequal}\n",
        Invalid("keepequal action requires only 'source_labels' and `target_label`, and no other fields", 4, 9),
    ),
    (
        "relabel: labeldrop with source_labels",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [], regex: x, action: labeldrop}\n",
        Invalid("labeldrop action requires only 'regex', and no other fields", 4, 9),
    ),
    (
        "relabel: regex with an unclosed parenthesis",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: '(abc', action: keep}\n",
        Invalid("error parsing regexp: missing closing ): `^(?:(abc)$`", 4, 37),
    ),
    (
        "relabel: regex with a stray parenthesis",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: 'a)b', action: keep}\n",
        Invalid("error parsing regexp: unexpected ): `^(?:a)b)$`", 4, 37),
    ),
    (
        "relabel: regex with an unclosed bracket",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: '[a-z', action: keep}\n",
        Invalid("error parsing regexp: missing closing ]: `[a-z)$`", 4, 37),
    ),
    (
        "relabel: regex starting with a star",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: '*.go', action: keep}\n",
        Invalid("error parsing regexp: missing argument to repetition operator: `*`", 4, 37),
    ),
    (
        "relabel: regex with a double star",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: 'a**', action: keep}\n",
        Invalid("error parsing regexp: invalid nested repetition operator: `**`", 4, 37),
    ),
    (
        "relabel: regex with an unknown escape",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {source_labels: [a], regex: '\\q', action: keep}\n",
        Invalid("error parsing regexp: invalid escape sequence: `\\q`", 4, 37),
    ),
    (
        "relabel: address rewritten to a URL",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - target_label: __address__\n        replacement: 'http://x/y'\n    static_configs:\n      - targets: [a]\n",
        Invalid("instance 0 in group 0: \"http://x/y\" is not a valid hostname", 7, 19),
    ),
    (
        "relabel: address emptied",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - target_label: __address__\n        replacement: ''\n    static_configs:\n      - targets: [a]\n",
        Invalid("instance 0 in group 0: no address", 7, 19),
    ),
    (
        "relabel: a URL target kept by relabelling",
        "scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - {action: drop, regex: x}\n    static_configs:\n      - targets: ['http://x']\n",
        Invalid("instance 0 in group 0: \"http://x\" is not a valid hostname", 6, 19),
    ),
];

#[test]
fn promtool_verdicts() {
    let mut failures = Vec::new();
    for (name, yaml, verdict) in CASES {
        let got = parse_config(yaml);
        let ok = match (verdict, &got) {
            (Valid, Ok(_)) => true,
            (Invalid(message, line, column), Err(e)) => {
                e.to_string() == *message
                    && e.position
                        == Some(Position {
                            line: *line,
                            column: *column,
                        })
            }
            (Noted(expected), Ok(config)) => {
                let got: Vec<(&str, usize)> = config
                    .notes
                    .iter()
                    .map(|n| (n.key.as_str(), n.position.line))
                    .collect();
                got == *expected
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{name}: got {:?}",
                got.as_ref()
                    .map(|_| "valid")
                    .map_err(|e| (e.to_string(), e.position))
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
fn every_refusal_has_a_position_and_an_explanation_in_each_language() {
    for (name, yaml, verdict) in CASES {
        if matches!(verdict, Valid | Noted(_)) {
            continue;
        }
        let err = parse_config(yaml).expect_err(name);
        let Some(position) = err.position else {
            panic!("{name}: no position")
        };
        let (fr, en) = (err.explanation(Lang::Fr), err.explanation(Lang::En));
        assert!(!fr.is_empty() && fr != en, "{name}: {fr}");
        let line = position.line.to_string();
        assert!(
            fr.contains(&line) && en.contains(&line),
            "{name}: the explanation names the line: {en}"
        );
    }
}

/// What the real `promtool check config --syntax-only` 2.42 says about each case
/// (`tests/reference/promtool/generate.sh` writes it): `SUCCESS` or `FAILED: ...`.
fn promtool_says() -> Vec<(&'static str, String)> {
    include_str!("reference/promtool/check-config.txt")
        .split("### ")
        .skip(1)
        .filter_map(|record| {
            let (name, said) = record.split_once('\n')?;
            Some((name, said.trim_end().to_string()))
        })
        .collect()
}

/// Cases where Prometheus 3, which Sonde follows, says otherwise than promtool 2.42, the
/// one this machine can run (Debian's), with why.
const PROMETHEUS_3_DIFFERS: &[(&str, &str)] = &[
    (
        "UTF-8 label names (Prometheus 3)",
        "Prometheus 3 accepts any UTF-8 label name",
    ),
    (
        "scheme is not checked when loading (Prometheus 3)",
        "promtool 2.42 checks the scheme when it builds the targets",
    ),
    (
        "known simple keys are accepted",
        "global's sample_limit and a job's enable_compression came after 2.42",
    ),
    (
        "decimal duration",
        "prometheus/common's ParseDuration names the unknown unit since Prometheus 3",
    ),
    (
        "space in a duration",
        "prometheus/common's ParseDuration names the unknown unit since Prometheus 3",
    ),
    (
        "upper-case unit",
        "prometheus/common's ParseDuration names the unknown unit since Prometheus 3",
    ),
    (
        "bad interval label",
        "prometheus/common's ParseDuration names the unknown unit since Prometheus 3",
    ),
    (
        "relabel: target_label starting with a digit (Prometheus 3)",
        "Prometheus 3 accepts any UTF-8 label name",
    ),
    (
        "alerting: api_version v3",
        "Prometheus 3 dropped Alertmanager's v1 API, so it names only v2",
    ),
];

#[test]
fn sonde_says_what_the_real_promtool_says() {
    let said = promtool_says();
    assert_eq!(
        said.len(),
        CASES.len(),
        "one record a case: run tests/reference/promtool/generate.sh"
    );
    let mut failures = Vec::new();
    for ((name, yaml, verdict), (said_name, promtool)) in CASES.iter().zip(&said) {
        assert_eq!(name, said_name, "records in the table's order");
        let sonde = match (verdict, parse_config(yaml)) {
            // Prometheus accepts what Sonde does not simulate.
            (_, Ok(_)) => "SUCCESS".to_string(),
            (_, Err(e)) => format!("FAILED: {}", e.promtool_text(CONFIG_FILE)),
        };
        let differs = PROMETHEUS_3_DIFFERS.iter().any(|(n, _)| n == name);
        if (sonde == *promtool) == differs {
            failures.push(format!(
                "{name}:\n  promtool 2.42: {promtool}\n  Sonde:         {sonde}{}",
                if differs {
                    "\n  (listed as differing in Prometheus 3, yet the same)"
                } else {
                    ""
                }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Writes every case as `<dir>/<index>.yml` and the names, one a line, as
/// `<dir>/names.txt`, for `tests/reference/promtool/generate.sh` to run the real promtool
/// on them (`SONDE_PROMTOOL_DUMP=<dir> cargo test --test config_promtool -- --ignored`).
#[test]
#[ignore = "writes the cases for tests/reference/promtool/generate.sh"]
fn dump_cases_for_promtool() {
    let Some(dir) = std::env::var_os("SONDE_PROMTOOL_DUMP") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut names = String::new();
    for (i, (name, yaml, _)) in CASES.iter().enumerate() {
        std::fs::write(dir.join(format!("{i}.yml")), yaml).unwrap();
        names.push_str(name);
        names.push('\n');
    }
    std::fs::write(dir.join("names.txt"), names).unwrap();
}
