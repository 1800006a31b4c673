//! What Prometheus 3 asks a target for: the `Accept` header of its default
//! `scrape_protocols` (OpenMetrics 1.0.0 and 0.0.1, then the text format 1.0.0 and
//! 0.0.4), each with a lower quality than the one before, the 1.0.0 versions allowing
//! UTF-8 names (`escaping=allow-utf-8`), and anything else last.

/// The default scrape protocols in Prometheus 3's order of preference: media type, and
/// whether the version takes an escaping scheme.
const DEFAULT_PROTOCOLS: [(&str, bool); 4] = [
    ("application/openmetrics-text;version=1.0.0", true),
    ("application/openmetrics-text;version=0.0.1", false),
    ("text/plain;version=1.0.0", true),
    ("text/plain;version=0.0.4", false),
];

/// How many protocols Prometheus knows (protobuf too): the first quality is 0.(this + 1).
const KNOWN_PROTOCOLS: usize = 5;

/// The escaping scheme Prometheus 3 asks for with its default UTF-8 name validation.
const ESCAPING: &str = "allow-utf-8";

/// The `Accept` header of a Prometheus 3 scrape with the default `scrape_protocols`.
pub fn accept_header() -> String {
    let mut weight = KNOWN_PROTOCOLS + 1;
    let mut parts = Vec::with_capacity(DEFAULT_PROTOCOLS.len() + 1);
    for (media_type, escaped) in DEFAULT_PROTOCOLS {
        let escaping = if escaped {
            format!(";escaping={ESCAPING}")
        } else {
            String::new()
        };
        parts.push(format!("{media_type}{escaping};q=0.{weight}"));
        weight -= 1;
    }
    parts.push(format!("*/*;q=0.{weight}"));
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openmetrics_first_then_text_then_anything() {
        assert_eq!(
            accept_header(),
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,\
             application/openmetrics-text;version=0.0.1;q=0.5,\
             text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,\
             text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
        );
    }
}
