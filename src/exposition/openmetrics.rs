//! OpenMetrics 1.0.0 text as prometheus_client 0.26's `openmetrics.exposition.generate_latest`
//! writes it, the format its metrics server answers Prometheus with (Prometheus asks for
//! it first). Unlike the text format 0.0.4, a family keeps its own name (`# TYPE
//! http_requests counter`), its `_created` samples stay in it, after each `_total`, HELP
//! escapes double quotes too, and the page ends with `# EOF`.

use super::family::{MetricFamily, MetricType};
use super::float::format_float;
use super::writer::write_name_and_labels;
use crate::store::escape_label_value;

/// Writes families as OpenMetrics text, byte for byte as the library for the same values.
pub fn write_openmetrics(families: &[MetricFamily]) -> String {
    let mut out = String::new();
    for family in families {
        // HELP escapes backslash, newline and double quote, as a label value does.
        let help = escape_label_value(&family.help);
        let kind = match family.kind {
            MetricType::Untyped => "unknown",
            kind => kind.as_str(),
        };
        out.push_str(&format!(
            "# HELP {name} {help}\n# TYPE {name} {kind}\n",
            name = family.name
        ));
        for sample in &family.samples {
            write_name_and_labels(&mut out, sample);
            out.push(' ');
            out.push_str(&format_float(sample.value));
            if let Some(ts) = sample.timestamp_ms {
                // OpenMetrics timestamps are seconds; the library prints its Timestamp
                // as `seconds.nanoseconds`.
                let nanos = ts.rem_euclid(1000) * 1_000_000;
                out.push_str(&format!(" {}.{nanos:09}", ts.div_euclid(1000)));
            }
            out.push('\n');
        }
    }
    out.push_str("# EOF\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exposition::MetricSample;

    #[test]
    fn a_counter_keeps_its_name_and_its_created_samples() {
        let family = MetricFamily::new("hits", "Hits \"all\"", MetricType::Counter)
            .with_sample(MetricSample::new("hits_total", 2.0).with_label("path", "/"))
            .with_sample(MetricSample::new("hits_created", 10.5).with_label("path", "/"));
        assert_eq!(
            write_openmetrics(&[family]),
            "# HELP hits Hits \\\"all\\\"\n# TYPE hits counter\n\
             hits_total{path=\"/\"} 2.0\nhits_created{path=\"/\"} 10.5\n# EOF\n"
        );
    }

    #[test]
    fn untyped_is_unknown_and_timestamps_are_seconds() {
        let mut sample = MetricSample::new("u", 1e6)
            .with_label("z", "1")
            .with_label("a", "2");
        sample.timestamp_ms = Some(1_700_000_000_123);
        let families = [MetricFamily::new("u", "", MetricType::Untyped).with_sample(sample)];
        assert_eq!(
            write_openmetrics(&families),
            "# HELP u \n# TYPE u unknown\nu{a=\"2\",z=\"1\"} 1e+06 1700000000.123000000\n# EOF\n"
        );
        assert_eq!(write_openmetrics(&[]), "# EOF\n");
    }
}
