//! Tests of the text-format parser: the reference page, round trips through the writer,
//! what Prometheus accepts, every error, and random garbage.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use super::*;
use crate::exposition::{write_text, MetricFamily, MetricSample};
use crate::lang::Lang;
use crate::sim::{FlaskApp, FLASK_PORT};

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/reference/prometheus_client-0.26.0-seed-app.txt"
);

fn parse(text: &str) -> ParsedText {
    match parse_page(text) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{text:?} refused: {e}"),
    }
}

fn error(text: &str) -> ParseError {
    match parse_page(text) {
        Ok(parsed) => panic!("{text:?} accepted: {parsed:?}"),
        Err(e) => e,
    }
}

fn series(parsed: &ParsedText) -> Vec<String> {
    parsed
        .samples
        .iter()
        .map(|s| format!("{} {}", s.labels, s.value))
        .collect()
}

#[test]
fn reads_the_reference_page() {
    let text = std::fs::read_to_string(REFERENCE).expect("reference readable");
    let parsed = parse(&text);
    assert_eq!(parsed.samples.len(), 18);
    let total = parsed
        .samples
        .iter()
        .find(|s| s.name == "http_requests_total");
    assert_eq!(total.map(|s| s.value), Some(3.0));
    let info = parsed.samples.iter().find(|s| s.name == "python_info");
    assert_eq!(info.map(|s| s.labels.get("version")), Some("3.11.7"));
    let created = parsed.metadata_of("http_requests_created");
    assert_eq!(created.and_then(|m| m.kind), Some(MetricType::Gauge));
    let help = parsed
        .metadata_of("http_requests_total")
        .and_then(|m| m.help.clone());
    assert_eq!(help.as_deref(), Some("Nombre total de requêtes HTTP"));
    assert_eq!(parsed.metadata.len(), 12);
    assert_eq!(parse_text(&text).map(|s| s.len()), Ok(18));
}

/// Writes families, parses the text, and checks every sample came back unchanged.
fn assert_round_trip(families: &[MetricFamily]) {
    let text = write_text(families);
    let parsed = parse(&text);
    let written: Vec<&MetricSample> = families.iter().flat_map(|f| &f.samples).collect();
    assert_eq!(parsed.samples.len(), written.len(), "{text}");
    let mut by_name: Vec<&ParsedSample> = parsed.samples.iter().collect();
    for w in written {
        let expected = Labels::from_pairs(
            std::iter::once((METRIC_NAME.into(), w.name.clone())).chain(w.labels.iter().cloned()),
        );
        let i = by_name
            .iter()
            .position(|p| p.labels == expected)
            .unwrap_or_else(|| panic!("{expected} missing from {text}"));
        let p = by_name.remove(i);
        assert_eq!(p.name, w.name);
        assert_eq!(p.timestamp_ms, w.timestamp_ms);
        assert!(
            p.value == w.value || (p.value.is_nan() && w.value.is_nan()),
            "{expected}: {} != {}",
            p.value,
            w.value
        );
    }
    for f in families {
        let name = match f.kind {
            MetricType::Counter => format!("{}_total", f.name),
            _ => f.name.to_string(),
        };
        let meta = parsed.metadata_of(&name);
        assert_eq!(meta.and_then(|m| m.help.as_deref()), Some(&*f.help));
        assert_eq!(meta.and_then(|m| m.kind), Some(f.kind));
    }
}

#[test]
fn round_trips_the_simulated_app() {
    let mut app = FlaskApp::new(11, 1_795_545_825_000);
    for i in 0..5 {
        app.get(FLASK_PORT, "/", 1_795_545_826_000 + i).ok();
    }
    app.serve_traffic("/", 123_456, 1_795_549_425_000);
    assert_round_trip(&app.families(1_795_549_425_000));
}

#[test]
fn round_trips_awkward_values_labels_and_help() {
    let mut stamped = MetricSample::new("odd", f64::NEG_INFINITY).with_label("le", "+Inf");
    stamped.timestamp_ms = Some(5);
    let families = [
        MetricFamily::new(
            "odd",
            "back\\slash, new\nline, \"quotes\" é",
            MetricType::Gauge,
        )
        .with_sample(
            MetricSample::new("odd", f64::NAN)
                .with_label("path", "C:\\dir \"x\"\nnext")
                .with_label("uni", "ça ✓"),
        )
        .with_sample(stamped)
        .with_sample(MetricSample::new("odd", 1e-300).with_label("path", "\\n"))
        .with_sample(MetricSample::new("odd", 12345678901.5).with_label("path", "big")),
        MetricFamily::new("c", "", MetricType::Counter)
            .with_sample(MetricSample::new("c_total", 0.15000000000000002))
            .with_sample(MetricSample::new("c_created", 1.7955458257683597e9)),
        MetricFamily::new("s", "S", MetricType::Summary)
            .with_sample(MetricSample::new("s", 0.5).with_label("quantile", "0.99"))
            .with_sample(MetricSample::new("s_sum", 2.0))
            .with_sample(MetricSample::new("s_count", 4.0)),
        MetricFamily::new("h", "H", MetricType::Histogram)
            .with_sample(MetricSample::new("h_bucket", 1.0).with_label("le", "0.1"))
            .with_sample(MetricSample::new("h_bucket", 3.0).with_label("le", "+Inf")),
        MetricFamily::new("u", "U", MetricType::Untyped).with_sample(MetricSample::new("u", -0.0)),
    ];
    assert_round_trip(&families);
}

#[test]
fn accepts_what_prometheus_accepts() {
    let text = "\n\
        # a comment\n\
        #HELP not metadata\n\
        #   HELP   spaced  Text with  spaces \n\
        # TYPE spaced gauge\n\
        \x20 spaced {a = \"1\" , b=\"2\",} 1.5 1700000000000\n\
        no_comma{a=\"1\" b=\"2\"} 2\n\
        empty{a=\"\"} 3\n\
        multi{a=\"x\ny\"} 4\n\
        odd_escape{a=\"\\t\\\\n\"} 5\n\
        # HELP bare\n\
        last{} 6";
    let parsed = parse(text);
    assert_eq!(
        series(&parsed),
        [
            "spaced{a=\"1\", b=\"2\"} 1.5",
            "no_comma{a=\"1\", b=\"2\"} 2",
            "empty 3",
            "multi{a=\"x\\ny\"} 4",
            "odd_escape{a=\"\\\\t\\\\n\"} 5",
            "last 6",
        ]
    );
    assert_eq!(parsed.samples[0].timestamp_ms, Some(1_700_000_000_000));
    assert_eq!(parsed.samples[4].labels.get("a"), "\\t\\n");
    let spaced = parsed.metadata_of("spaced");
    assert_eq!(
        spaced.and_then(|m| m.help.as_deref()),
        Some(" Text with  spaces ")
    );
    assert_eq!(spaced.and_then(|m| m.kind), Some(MetricType::Gauge));
    assert_eq!(
        parsed.metadata_of("bare").and_then(|m| m.help.as_deref()),
        Some("")
    );
}

#[test]
fn a_nul_byte_at_the_start_of_a_line_ends_the_page() {
    assert_eq!(series(&parse("a 1\n\0b 2\n")), ["a 1"]);
    assert_eq!(series(&parse("")), Vec::<String>::new());
}

#[test]
fn every_error_kind_with_its_position() {
    use ParseErrorKind::*;
    let unexpected = |expected, got: &str, token| Unexpected {
        expected,
        got: got.to_string(),
        token,
    };
    let cases = [
        (
            "foo{a 1}",
            unexpected(Expected::Equal, "1", "INVALID"),
            1,
            7,
        ),
        (
            "foo{a=1}",
            unexpected(Expected::LabelValue, "1", "INVALID"),
            1,
            7,
        ),
        (
            "foo{a=\"1}\n",
            unexpected(Expected::LabelValue, "\"", "INVALID"),
            1,
            7,
        ),
        (
            "foo{1=\"a\"} 1",
            unexpected(Expected::LabelName, "1", "INVALID"),
            1,
            5,
        ),
        (
            "foo{a=\"1\"",
            unexpected(Expected::LabelName, "\n", "INVALID"),
            1,
            10,
        ),
        (
            "ok 1\nfoo\n",
            unexpected(Expected::ValueAfterMetric, "\n", "INVALID"),
            2,
            4,
        ),
        (
            "foo{} {a=\"1\"} 1",
            unexpected(Expected::ValueAfterMetric, "{", "BOPEN"),
            1,
            7,
        ),
        (
            "foo 1 x",
            unexpected(Expected::TimestampOrNewRecord, "x", "INVALID"),
            1,
            7,
        ),
        (
            "foo 1 -5",
            unexpected(Expected::TimestampOrNewRecord, "-", "INVALID"),
            1,
            7,
        ),
        (
            "foo 1 2 3",
            unexpected(Expected::NextEntryAfterTimestamp, "3", "TIMESTAMP"),
            1,
            9,
        ),
        (
            "1foo 1",
            unexpected(Expected::StartToken, "1", "INVALID"),
            1,
            1,
        ),
        (
            "{__name__=\"a\"} 1",
            unexpected(Expected::StartToken, "{", "INVALID"),
            1,
            1,
        ),
        (
            "é 1",
            unexpected(Expected::StartToken, "é", "INVALID"),
            1,
            1,
        ),
        (
            "# HELP 1x y",
            unexpected(Expected::MetricNameAfterHelp, "1", "INVALID"),
            1,
            8,
        ),
        (
            "\n\n# TYPE  ",
            unexpected(Expected::MetricNameAfterType, "\n", "INVALID"),
            3,
            9,
        ),
        (
            "# TYPE foo counters",
            InvalidMetricType("counters".into()),
            1,
            11,
        ),
        (
            "# TYPE foo  gauge",
            InvalidMetricType(" gauge".into()),
            1,
            11,
        ),
        ("# TYPE foo", InvalidMetricType("".into()), 1, 11),
        ("foo abc", InvalidValue("abc".into()), 1, 5),
        ("foo 1\r\n", InvalidValue("1\r".into()), 1, 5),
        ("foo 1e400", ValueOutOfRange("1e400".into()), 1, 5),
        ("foo 0x1p3", UnsupportedFloatCharacter("0x1p3".into()), 1, 5),
        (
            "foo 1 99999999999999999999",
            TimestampOutOfRange("99999999999999999999".into()),
            1,
            7,
        ),
        (
            "a 1\nfoo{a=\"1\",a=\"2\"} 1",
            DuplicateLabelName("a".into()),
            2,
            1,
        ),
        (
            "foo{__name__=\"bar\"} 1",
            DuplicateLabelName("__name__".into()),
            1,
            1,
        ),
        // The first name in order is named, with few labels or many.
        (
            "foo{d=\"1\",b=\"1\",d=\"2\",b=\"3\"} 1",
            DuplicateLabelName("b".into()),
            1,
            1,
        ),
        (
            "foo{k=\"1\",j=\"1\",i=\"1\",h=\"1\",g=\"1\",f=\"1\",e=\"1\",d=\"1\",k=\"2\",e=\"2\"} 1",
            DuplicateLabelName("e".into()),
            1,
            1,
        ),
    ];
    for (text, kind, line, column) in cases {
        let e = error(text);
        assert_eq!(
            (&e.kind, e.line, e.column),
            (&kind, line, column),
            "{text:?}"
        );
        assert!(e
            .message(Lang::Fr)
            .starts_with(&format!("ligne {line}, colonne {column} : ")));
        assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
    }
}

#[test]
fn random_garbage_never_panics() {
    const PIECES: &[&str] = &[
        "a",
        "foo",
        "_:",
        "1",
        "0",
        ".",
        "e",
        "+",
        "-",
        "Inf",
        "NaN",
        "p",
        "_",
        " ",
        "\t",
        "\n",
        "\r",
        "\0",
        "{",
        "}",
        "=",
        ",",
        "\"",
        "\\",
        "\\n",
        "#",
        "# ",
        "HELP ",
        "TYPE ",
        "counter",
        "é",
        "✓",
        "le",
        "99999999999999999999",
    ];
    let valid = std::fs::read_to_string(REFERENCE).expect("reference readable");
    let mut rng = Pcg64::seed_from_u64(0x5eed);
    let mut refused = 0;
    for round in 0..3000 {
        let text = if round % 2 == 0 {
            let len = rng.random_range(0..40);
            (0..len)
                .map(|_| PIECES[rng.random_range(0..PIECES.len())])
                .collect::<String>()
        } else {
            // A valid page with a few bytes replaced by random pieces.
            let mut text = valid.clone();
            for _ in 0..rng.random_range(1..4) {
                let mut at = rng.random_range(0..text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, PIECES[rng.random_range(0..PIECES.len())]);
            }
            text
        };
        if let Err(e) = parse_text(&text) {
            refused += 1;
            assert!(e.offset <= text.len(), "{text:?}: {e}");
            assert!(e.line >= 1 && e.column >= 1);
            assert!(!e.message(Lang::Fr).is_empty());
        }
    }
    assert!(refused > 1000, "only {refused} refused");
}

#[test]
fn read_page_gives_each_series_as_written_and_builds_labels_on_demand() {
    let text = "# TYPE a counter\na_total{path=\"/x\",code=\"2\\\"0\"} 3 1000\nb 1.5\nc{} 2\n";
    let mut seen = Vec::new();
    let metadata = read_page(text, &mut [], &mut |raw| {
        seen.push((
            raw.series.to_string(),
            raw.labels(),
            raw.value,
            raw.timestamp_ms,
        ));
    })
    .unwrap();
    assert_eq!(metadata.len(), 1);
    let series: Vec<&str> = seen.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(series, ["a_total{path=\"/x\",code=\"2\\\"0\"}", "b", "c{}"]);
    assert_eq!(seen[0].1.get("code"), "2\"0");
    assert_eq!(seen[0].1.get("__name__"), "a_total");
    assert_eq!((seen[0].2, seen[0].3), (3.0, Some(1000)));
    assert_eq!(seen[1].1, Labels::from_pairs([("__name__", "b")]));
    // What parse_page gives is what read_page hands over.
    let parsed = parse_page(text).unwrap();
    let labels: Vec<Labels> = parsed.samples.into_iter().map(|s| s.labels).collect();
    assert_eq!(labels, seen.into_iter().map(|s| s.1).collect::<Vec<_>>());
}

#[test]
fn recycled_metadata_reads_the_same_as_fresh() {
    let before =
        "# HELP a Old help\n# TYPE a gauge\na 1\n# HELP b B\n# TYPE b counter\nb_total 2\n";
    let after = "# HELP a New help\n# TYPE a counter\na 1\n# TYPE b counter\n# HELP b B \\\\ x\nb_total 2\n# HELP c C\nc 3\n";
    let mut earlier = parse_page(before).unwrap().metadata;
    let recycled = read_page(after, &mut earlier, &mut |_| {}).unwrap();
    assert_eq!(recycled, parse_page(after).unwrap().metadata);
    assert_eq!(recycled[0].help.as_deref(), Some("New help"));
    assert_eq!(recycled[1].help.as_deref(), Some("B \\ x"));
    // The same page again takes every text over and reads the same.
    let mut earlier = parse_page(after).unwrap().metadata;
    let again = read_page(after, &mut earlier, &mut |_| {}).unwrap();
    assert_eq!(again, recycled);
    assert!(earlier.iter().all(|m| m.name.is_empty()), "{earlier:?}");
}
