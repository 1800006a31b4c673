//! Grafana's "Legend: Custom" format: a series is named by a text in which every
//! `{{label}}` is replaced by the series' value of that label, as Grafana's Prometheus
//! data source does it (`pkg/promlib`, the regular expression `\{\{\s*(.+?)\s*\}\}`): the
//! name inside the braces is trimmed, a label the series does not have gives nothing, and
//! an empty format keeps the default name.

use crate::store::Labels;

/// The name of the series labelled `labels` under the legend `format`; `default` (the
/// series' labels as Prometheus prints them) when the format is empty.
///
/// ```
/// use sonde::grafana::legend_name;
/// use sonde::store::Labels;
///
/// let labels = Labels::from_pairs([("method", "GET"), ("endpoint", "/")]);
/// assert_eq!(legend_name("{{method}} {{ endpoint }}", &labels, "x"), "GET /");
/// assert_eq!(legend_name("{{status}}", &labels, "x"), "");
/// assert_eq!(legend_name("", &labels, "x"), "x");
/// ```
pub fn legend_name(format: &str, labels: &Labels, default: &str) -> String {
    if format.is_empty() {
        return default.to_string();
    }
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(open) = rest.find("{{") {
        let (before, from_braces) = rest.split_at(open);
        out.push_str(before);
        match placeholder(from_braces) {
            Some((name, len)) => {
                out.push_str(labels.get(name));
                rest = from_braces.get(len..).unwrap_or_default();
            }
            None => {
                // Not a placeholder here: keep one brace and look again after it.
                out.push('{');
                rest = from_braces.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// The label name of the placeholder `text` starts with (`text` starts with `{{`) and the
/// placeholder's length: the shortest `{{…}}` with at least one character inside (the
/// regular expression's `.+?`), its inside trimmed.
fn placeholder(text: &str) -> Option<(&str, usize)> {
    let inside = text.get(2..)?;
    // At least one character inside: look for the closing braces after the first one.
    let first_len = inside.chars().next()?.len_utf8();
    let close = first_len + inside.get(first_len..)?.find("}}")?;
    let name = inside.get(..close)?.trim();
    Some((name, 2 + close + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels::from_pairs([
            ("__name__", "http_requests_total"),
            ("endpoint", "/api"),
            ("method", "GET"),
            ("job", "my_app"),
        ])
    }

    #[test]
    fn placeholders_take_the_series_values() {
        let l = labels();
        assert_eq!(legend_name("{{endpoint}}", &l, "d"), "/api");
        assert_eq!(legend_name("{{method}} {{endpoint}}", &l, "d"), "GET /api");
        assert_eq!(
            legend_name("{{ method }}:{{\tjob }}", &l, "d"),
            "GET:my_app"
        );
        assert_eq!(
            legend_name("{{__name__}} ({{job}})", &l, "d"),
            "http_requests_total (my_app)"
        );
        assert_eq!(legend_name("requests", &l, "d"), "requests", "plain text");
    }

    #[test]
    fn a_missing_label_gives_nothing_and_an_empty_format_the_default() {
        let l = labels();
        assert_eq!(legend_name("{{status}}", &l, "d"), "");
        assert_eq!(legend_name("code={{status}}!", &l, "d"), "code=!");
        assert_eq!(legend_name("", &l, "{job=\"my_app\"}"), "{job=\"my_app\"}");
    }

    #[test]
    fn odd_braces_follow_the_regular_expression() {
        let l = labels();
        // Nothing inside: not a placeholder.
        assert_eq!(legend_name("{{}}", &l, "d"), "{{}}");
        // A blank inside is a placeholder of the empty name.
        assert_eq!(legend_name("{{ }}", &l, "d"), "");
        // The shortest match: the first closing braces end it.
        assert_eq!(legend_name("{{job}}}}", &l, "d"), "my_app}}");
        // An extra opening brace is part of the name, as in Grafana.
        assert_eq!(legend_name("{{{job}}", &l, "d"), "");
        assert_eq!(legend_name("{ {{job}}", &l, "d"), "{ my_app");
        // Unclosed: kept as typed.
        assert_eq!(legend_name("{{job", &l, "d"), "{{job");
        assert_eq!(legend_name("{{job}", &l, "d"), "{{job}");
        assert_eq!(legend_name("é{{méthode}}é", &l, "d"), "éé");
    }
}
