//! Label sets: the identity of a series, kept sorted by label name as Prometheus keeps them.

use std::fmt;

/// The label that holds a series' metric name.
pub const METRIC_NAME: &str = "__name__";

/// One `name="value"` pair.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label {
    /// Label name, e.g. `job`.
    pub name: String,
    /// Label value, e.g. `my_app`.
    pub value: String,
}

/// A set of labels, sorted by name, without empty values (Prometheus drops them).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Labels(Vec<Label>);

impl Labels {
    /// Builds a label set from pairs in any order; pairs with an empty value are dropped
    /// and, if a name repeats, the last value wins.
    pub fn from_pairs<N: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (N, V)>,
    ) -> Self {
        let mut labels: Vec<Label> = Vec::new();
        for (name, value) in pairs {
            let (name, value) = (name.into(), value.into());
            labels.retain(|l| l.name != name);
            if !value.is_empty() {
                labels.push(Label { name, value });
            }
        }
        crate::order::sort(&mut labels);
        Labels(labels)
    }

    /// The empty label set.
    pub fn empty() -> Self {
        Labels(Vec::new())
    }

    /// The value of label `name`, or `""` when absent (as in Prometheus).
    pub fn get(&self, name: &str) -> &str {
        self.0
            .binary_search_by(|l| l.name.as_str().cmp(name))
            .map(|i| self.0[i].value.as_str())
            .unwrap_or("")
    }

    /// Whether the set has a label `name`.
    pub fn has(&self, name: &str) -> bool {
        self.0
            .binary_search_by(|l| l.name.as_str().cmp(name))
            .is_ok()
    }

    /// The metric name (`__name__`), or `""`.
    pub fn metric_name(&self) -> &str {
        self.get(METRIC_NAME)
    }

    /// Sets `name` to `value`; an empty value removes the label.
    pub fn set(&mut self, name: &str, value: &str) {
        match self.0.binary_search_by(|l| l.name.as_str().cmp(name)) {
            Ok(i) if value.is_empty() => {
                self.0.remove(i);
            }
            Ok(i) => self.0[i].value = value.to_string(),
            Err(_) if value.is_empty() => {}
            Err(i) => self.0.insert(
                i,
                Label {
                    name: name.to_string(),
                    value: value.to_string(),
                },
            ),
        }
    }

    /// Removes label `name` if present.
    pub fn remove(&mut self, name: &str) {
        self.set(name, "");
    }

    /// A copy without the metric name.
    pub fn without_metric_name(&self) -> Self {
        let mut l = self.clone();
        l.remove(METRIC_NAME);
        l
    }

    /// A copy keeping only the labels whose names are in `names` (`on`/`by`).
    pub fn keep(&self, names: &[String]) -> Self {
        Labels(
            self.0
                .iter()
                .filter(|l| names.contains(&l.name))
                .cloned()
                .collect(),
        )
    }

    /// A copy dropping the labels whose names are in `names` (`ignoring`/`without`).
    pub fn drop_names(&self, names: &[String]) -> Self {
        Labels(
            self.0
                .iter()
                .filter(|l| !names.contains(&l.name))
                .cloned()
                .collect(),
        )
    }

    /// The labels in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Label> {
        self.0.iter()
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no labels.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Labels {
    /// Prints `name{a="b", c="d"}` as Prometheus shows a series.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.metric_name();
        write!(f, "{name}")?;
        let rest: Vec<&Label> = self.0.iter().filter(|l| l.name != METRIC_NAME).collect();
        if rest.is_empty() && !name.is_empty() {
            return Ok(());
        }
        write!(f, "{{")?;
        for (i, l) in rest.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{}=\"{}\"", l.name, escape_label_value(&l.value))?;
        }
        write!(f, "}}")
    }
}

/// Escapes a label value as PromQL and the text format write it (`\\`, `\"`, `\n`).
pub fn escape_label_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    push_escaped_label_value(&mut out, v);
    out
}

/// Appends `v` to `out` escaped as [`escape_label_value`] escapes it.
pub fn push_escaped_label_value(out: &mut String, v: &str) {
    if !v.bytes().any(|b| matches!(b, b'\\' | b'"' | b'\n')) {
        out.push_str(v);
        return;
    }
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_and_without_empty_values() {
        let l = Labels::from_pairs([("job", "my_app"), ("__name__", "up"), ("x", "")]);
        assert_eq!(l.len(), 2);
        assert_eq!(l.to_string(), "up{job=\"my_app\"}");
        assert_eq!(l.get("x"), "");
    }

    #[test]
    fn set_and_remove() {
        let mut l = Labels::from_pairs([("b", "2")]);
        l.set("a", "1");
        assert_eq!(l.iter().next().map(|x| x.name.as_str()), Some("a"));
        l.remove("b");
        assert_eq!(l.to_string(), "{a=\"1\"}");
    }
}
