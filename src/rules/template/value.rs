//! The values a template handles, with the Go types Prometheus gives them (`float64`
//! for `$value`, `map[string]string` for `$labels`...), printed as Go's `fmt.Print`
//! prints them.

use super::printf::format_float;

/// One sample of a `query` result (Prometheus's template `sample`).
#[derive(Clone, Debug, PartialEq)]
pub struct QuerySample {
    /// Its labels, sorted by name (the metric name as `__name__`).
    pub labels: Vec<(String, String)>,
    /// Its value.
    pub value: f64,
}

/// A value during template execution.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Val {
    /// No value at all (Go's invalid `reflect.Value`): prints `<no value>`.
    Missing,
    /// The untyped `nil`.
    Nil,
    /// A `string`.
    Str(String),
    /// A `float64`.
    Float(f64),
    /// An `int`.
    Int(i64),
    /// A `bool`.
    Bool(bool),
    /// A `map[string]string` (labels), sorted by key.
    Labels(Vec<(String, String)>),
    /// A `map[string]interface{}` (what `args` returns), sorted by key.
    Dict(Vec<(String, Val)>),
    /// The alert's data (`.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`).
    Data,
    /// A `query` result.
    Samples(Vec<QuerySample>),
    /// One sample of it.
    Sample(QuerySample),
    /// A `*time.Time`, as Unix seconds.
    Time(f64),
}

impl Val {
    /// The Go type's name, as Go's messages print it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Missing | Val::Nil => "<nil>",
            Val::Str(_) => "string",
            Val::Float(_) => "float64",
            Val::Int(_) => "int",
            Val::Bool(_) => "bool",
            Val::Labels(_) => "map[string]string",
            Val::Dict(_) => "map[string]interface {}",
            Val::Data => "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }",
            Val::Samples(_) => "template.queryResult",
            Val::Sample(_) => "*template.sample",
            Val::Time(_) => "*time.Time",
        }
    }

    /// Go's `isTrue`: false for zero values and empty collections.
    pub fn is_true(&self) -> bool {
        match self {
            Val::Missing | Val::Nil => false,
            Val::Str(s) => !s.is_empty(),
            Val::Float(f) => *f != 0.0,
            Val::Int(i) => *i != 0,
            Val::Bool(b) => *b,
            Val::Labels(m) => !m.is_empty(),
            Val::Dict(m) => !m.is_empty(),
            Val::Samples(s) => !s.is_empty(),
            Val::Data | Val::Sample(_) | Val::Time(_) => true,
        }
    }

    /// What `fmt.Print` writes for the value (`%v`).
    pub fn print(&self) -> String {
        match self {
            Val::Missing => "<no value>".into(),
            Val::Nil => "<nil>".into(),
            Val::Str(s) => s.clone(),
            Val::Float(f) => format_float(*f, 'g', None),
            Val::Int(i) => i.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Labels(m) => {
                let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("map[{}]", parts.join(" "))
            }
            Val::Dict(m) => {
                let parts: Vec<String> = m
                    .iter()
                    .map(|(k, v)| format!("{k}:{}", v.print()))
                    .collect();
                format!("map[{}]", parts.join(" "))
            }
            Val::Data => "{…}".into(),
            Val::Samples(s) => {
                let parts: Vec<String> = s.iter().map(sample_text).collect();
                format!("[{}]", parts.join(" "))
            }
            Val::Sample(s) => format!("&{}", sample_text(s)),
            Val::Time(secs) => go_time(*secs),
        }
    }
}

fn sample_text(s: &QuerySample) -> String {
    let labels = Val::Labels(s.labels.clone()).print();
    format!("{{{labels} {}}}", format_float(s.value, 'g', None))
}

/// Go's `time.Time.String()` in UTC (`2024-01-02 03:04:05.5 +0000 UTC`) of Unix
/// seconds, to the millisecond as Prometheus converts them (`model.TimeFromUnixNano`).
pub(super) fn go_time(secs: f64) -> String {
    if !secs.is_finite() {
        return format_float(secs, 'g', None);
    }
    let ms = ((secs * 1e9) as i64) / 1_000_000;
    let stamp = crate::go::time::rfc3339(ms.div_euclid(1000) * 1000);
    let base = stamp.trim_end_matches('Z').replacen('T', " ", 1);
    let frac = match ms.rem_euclid(1000) {
        0 => String::new(),
        m => format!(".{m:03}").trim_end_matches('0').to_string(),
    };
    format!("{base}{frac} +0000 UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_go_prints_them() {
        assert_eq!(Val::Float(0.5).print(), "0.5");
        assert_eq!(Val::Float(1e6).print(), "1e+06");
        assert_eq!(Val::Float(123456.0).print(), "123456");
        assert_eq!(Val::Float(f64::INFINITY).print(), "+Inf");
        assert_eq!(Val::Missing.print(), "<no value>");
        assert_eq!(
            Val::Labels(vec![("a".into(), "1".into()), ("b".into(), "2".into())]).print(),
            "map[a:1 b:2]"
        );
        // Prometheus goes through nanoseconds as a float: .25 s becomes 249 ms.
        assert_eq!(
            go_time(1_700_000_000.25),
            "2023-11-14 22:13:20.249 +0000 UTC"
        );
        assert_eq!(go_time(1_700_000_000.5), "2023-11-14 22:13:20.5 +0000 UTC");
    }
}
