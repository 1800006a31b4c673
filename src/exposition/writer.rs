//! The text format 0.0.4 as prometheus_client 0.26's `generate_latest` writes it: per
//! family a `# HELP` and a `# TYPE` line (a counter's name gets `_total` back), its samples
//! with labels sorted by name, then its `_created` samples moved into a gauge family of
//! their own.

use super::family::{MetricFamily, MetricSample, MetricType, Text};
use super::float::push_float;
use crate::store::push_escaped_label_value;

/// Sample-name suffixes the library moves out of a family into a trailing gauge family,
/// in the (sorted) order it writes them.
const MOVED_SUFFIXES: [&str; 3] = ["_created", "_gcount", "_gsum"];

/// Writes families as `generate_latest` does, byte for byte for the same values.
pub fn write_text(families: &[MetricFamily]) -> String {
    // About a hundred bytes a sample: room for most pages at once.
    let samples: usize = families.iter().map(|f| f.samples.len() + 2).sum();
    let mut out = String::with_capacity(samples * 100);
    for family in families {
        write_family(&mut out, family);
    }
    out
}

fn write_family(out: &mut String, family: &MetricFamily) {
    // A counter's family name gets `_total` back.
    let total = if family.kind == MetricType::Counter {
        "_total"
    } else {
        ""
    };
    let help = escape_help(&family.help);
    write_header(out, (&family.name, total), &help, family.kind);
    let mut moved: [Vec<&MetricSample>; MOVED_SUFFIXES.len()] = Default::default();
    for sample in &family.samples {
        let suffix = sample
            .name
            .strip_prefix(&*family.name)
            .and_then(|rest| MOVED_SUFFIXES.iter().position(|s| *s == rest));
        match suffix.and_then(|i| moved.get_mut(i)) {
            Some(group) => group.push(sample),
            None => write_sample(out, sample),
        }
    }
    for (suffix, group) in MOVED_SUFFIXES.iter().zip(&moved) {
        if group.is_empty() {
            continue;
        }
        write_header(out, (&family.name, suffix), &help, MetricType::Gauge);
        for sample in group {
            write_sample(out, sample);
        }
    }
}

/// `# HELP` and `# TYPE` lines for the name written as its two parts.
fn write_header(out: &mut String, name: (&str, &str), help: &str, kind: MetricType) {
    let (base, suffix) = name;
    for part in [
        "# HELP ",
        base,
        suffix,
        " ",
        help,
        "\n# TYPE ",
        base,
        suffix,
        " ",
    ] {
        out.push_str(part);
    }
    out.push_str(kind.as_str());
    out.push('\n');
}

fn write_sample(out: &mut String, sample: &MetricSample) {
    write_name_and_labels(out, sample);
    out.push(' ');
    push_float(out, sample.value);
    if let Some(ts) = sample.timestamp_ms {
        out.push(' ');
        out.push_str(&ts.to_string());
    }
    out.push('\n');
}

/// Writes a sample's name and its labels sorted by name, as both of the library's writers
/// do (`sorted(labels.items())`), with label values escaped.
pub(super) fn write_name_and_labels(out: &mut String, sample: &MetricSample) {
    out.push_str(&sample.name);
    if !sample.labels.is_empty() {
        let mut sorted: Vec<&(Text, Text)> = Vec::new();
        let labels: &mut dyn Iterator<Item = &(Text, Text)> = if sample.labels.is_sorted() {
            &mut sample.labels.iter()
        } else {
            sorted.extend(sample.labels.iter());
            crate::order::sort(&mut sorted);
            &mut sorted.iter().copied()
        };
        out.push('{');
        for (i, (name, value)) in labels.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(name);
            out.push_str("=\"");
            push_escaped_label_value(out, value);
            out.push('"');
        }
        out.push('}');
    }
}

/// HELP text escaping: backslash and newline only (quotes stay as they are).
fn escape_help(help: &str) -> std::borrow::Cow<'_, str> {
    if help.bytes().any(|b| b == b'\\' || b == b'\n') {
        help.replace('\\', "\\\\").replace('\n', "\\n").into()
    } else {
        help.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_gets_total_and_a_created_gauge() {
        let family = MetricFamily::new("hits", "Hits", MetricType::Counter)
            .with_sample(MetricSample::new("hits_total", 2.0).with_label("path", "/"))
            .with_sample(MetricSample::new("hits_created", 10.5).with_label("path", "/"))
            .with_sample(MetricSample::new("hits_total", 1.0).with_label("path", "/a"))
            .with_sample(MetricSample::new("hits_created", 11.0).with_label("path", "/a"));
        let text = write_text(&[family]);
        assert_eq!(
            text,
            "# HELP hits_total Hits\n# TYPE hits_total counter\n\
             hits_total{path=\"/\"} 2.0\nhits_total{path=\"/a\"} 1.0\n\
             # HELP hits_created Hits\n# TYPE hits_created gauge\n\
             hits_created{path=\"/\"} 10.5\nhits_created{path=\"/a\"} 11.0\n"
        );
    }

    #[test]
    fn escapes_help_and_label_values_and_sorts_labels() {
        let family = MetricFamily::new("g", "a \\ b\nc \"q\" é", MetricType::Gauge).with_sample(
            MetricSample::new("g", -1.5)
                .with_label("z", "x\"y")
                .with_label("a", "back\\slash\nnew"),
        );
        let text = write_text(&[family]);
        assert_eq!(
            text,
            "# HELP g a \\\\ b\\nc \"q\" é\n# TYPE g gauge\n\
             g{a=\"back\\\\slash\\nnew\",z=\"x\\\"y\"} -1.5\n"
        );
    }

    #[test]
    fn untyped_with_timestamp_and_no_samples() {
        let mut sample = MetricSample::new("u", 1e6);
        sample.timestamp_ms = Some(1_700_000_000_123);
        let families = [
            MetricFamily::new("u", "", MetricType::Untyped).with_sample(sample),
            MetricFamily::new("empty", "Nothing", MetricType::Summary),
        ];
        assert_eq!(
            write_text(&families),
            "# HELP u \n# TYPE u untyped\nu 1e+06 1700000000123\n\
             # HELP empty Nothing\n# TYPE empty summary\n"
        );
    }
}
