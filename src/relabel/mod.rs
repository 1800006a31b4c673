//! Relabelling as Prometheus does it (`model/relabel`): a list of steps, each reading the
//! joined values of its `source_labels` and replacing, keeping, dropping, hashing or
//! mapping labels. The same steps serve `relabel_configs` (on a target's labels before
//! it is scraped) and `metric_relabel_configs` (on each scraped sample).

mod md5;
mod regex;

pub use regex::{Regexp, DEFAULT_REGEX};

use crate::store::Labels;

/// What a relabel step does (`action`, case-insensitive in the file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Writes the expanded `replacement` to `target_label` when `regex` matches.
    Replace,
    /// Keeps the label set only when `regex` matches.
    Keep,
    /// Drops the label set when `regex` matches.
    Drop,
    /// Keeps the label set only when the joined value equals `target_label`'s value.
    KeepEqual,
    /// Drops the label set when the joined value equals `target_label`'s value.
    DropEqual,
    /// Writes the MD5 of the joined value modulo `modulus` to `target_label`.
    HashMod,
    /// Copies each label whose name matches `regex` to the name `replacement` gives.
    LabelMap,
    /// Removes the labels whose name matches `regex`.
    LabelDrop,
    /// Removes the labels whose name does not match `regex`.
    LabelKeep,
    /// Writes the joined value in lower case to `target_label`.
    Lowercase,
    /// Writes the joined value in upper case to `target_label`.
    Uppercase,
}

impl Action {
    /// Every action, with its name in the file.
    pub const ALL: [(Action, &'static str); 11] = [
        (Action::Replace, "replace"),
        (Action::Keep, "keep"),
        (Action::Drop, "drop"),
        (Action::KeepEqual, "keepequal"),
        (Action::DropEqual, "dropequal"),
        (Action::HashMod, "hashmod"),
        (Action::LabelMap, "labelmap"),
        (Action::LabelDrop, "labeldrop"),
        (Action::LabelKeep, "labelkeep"),
        (Action::Lowercase, "lowercase"),
        (Action::Uppercase, "uppercase"),
    ];

    /// The action named `text` (any case), as Prometheus's `Action.UnmarshalYAML` reads it.
    pub fn parse(text: &str) -> Option<Action> {
        let lower = text.to_lowercase();
        Self::ALL
            .iter()
            .find(|(_, name)| *name == lower)
            .map(|(a, _)| *a)
    }

    /// The action's name, as Prometheus prints it.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, n)| n)
    }
}

/// One relabel step, defaults filled in as Prometheus's `DefaultRelabelConfig`.
#[derive(Clone, Debug, PartialEq)]
pub struct RelabelConfig {
    /// `source_labels` (`None` when not written, which `labeldrop` requires).
    pub source_labels: Option<Vec<String>>,
    /// `separator` (default `;`).
    pub separator: String,
    /// `regex` (default `(.*)`), anchored.
    pub regex: Regexp,
    /// `modulus` (for `hashmod`).
    pub modulus: u64,
    /// `target_label`.
    pub target_label: String,
    /// `replacement` (default `$1`).
    pub replacement: String,
    /// `action` (default `replace`).
    pub action: Action,
}

impl RelabelConfig {
    /// A step doing `action` with every other field at Prometheus's default.
    pub fn new(action: Action, regex: Regexp) -> Self {
        RelabelConfig {
            source_labels: None,
            separator: DEFAULT_SEPARATOR.into(),
            regex,
            modulus: 0,
            target_label: String::new(),
            replacement: DEFAULT_REPLACEMENT.into(),
            action,
        }
    }
}

/// The default `separator`.
pub const DEFAULT_SEPARATOR: &str = ";";
/// The default `replacement`.
pub const DEFAULT_REPLACEMENT: &str = "$1";

/// Applies `steps` in order to `labels`; `None` when a step drops the label set.
pub fn process(labels: &Labels, steps: &[RelabelConfig]) -> Option<Labels> {
    let mut out = labels.clone();
    for step in steps {
        if !apply(step, &mut out) {
            return None;
        }
    }
    Some(out)
}

/// Whether a label name is valid as Prometheus 3 (UTF-8 names) checks it: not empty.
pub fn valid_label_name(name: &str) -> bool {
    !name.is_empty()
}

/// One step on `labels`; `false` when the label set is dropped.
fn apply(step: &RelabelConfig, labels: &mut Labels) -> bool {
    let value = step
        .source_labels
        .iter()
        .flatten()
        .map(|n| labels.get(n))
        .collect::<Vec<_>>()
        .join(&step.separator);
    match step.action {
        Action::Drop => return !step.regex.is_match(&value),
        Action::Keep => return step.regex.is_match(&value),
        Action::DropEqual => return labels.get(&step.target_label) != value,
        Action::KeepEqual => return labels.get(&step.target_label) == value,
        Action::Replace => replace(step, &value, labels),
        Action::Lowercase => labels.set(&step.target_label, &value.to_lowercase()),
        Action::Uppercase => labels.set(&step.target_label, &value.to_uppercase()),
        Action::HashMod => {
            let hash = md5::md5(value.as_bytes());
            let mut tail = [0u8; 8];
            tail.copy_from_slice(&hash[8..]);
            let modulus = step.modulus.max(1);
            labels.set(
                &step.target_label,
                &(u64::from_be_bytes(tail) % modulus).to_string(),
            );
        }
        Action::LabelMap => {
            for label in labels.clone().iter() {
                match step.regex.expand(&step.replacement, &label.name) {
                    Some(name) if !name.is_empty() => labels.set(&name, &label.value),
                    _ => {}
                }
            }
        }
        Action::LabelDrop | Action::LabelKeep => {
            let keep_matching = step.action == Action::LabelKeep;
            for label in labels.clone().iter() {
                if step.regex.is_match(&label.name) != keep_matching {
                    labels.remove(&label.name);
                }
            }
        }
    }
    true
}

/// The `replace` action: nothing when `regex` does not match; the expanded
/// `target_label` must be a valid name; an empty result removes the label.
fn replace(step: &RelabelConfig, value: &str, labels: &mut Labels) {
    if value.is_empty()
        && step.regex.is_default()
        && !step.target_label.contains('$')
        && !step.replacement.contains('$')
    {
        labels.set(&step.target_label, &step.replacement);
        return;
    }
    let Some(target) = step.regex.expand(&step.target_label, value) else {
        return;
    };
    if !valid_label_name(&target) {
        return;
    }
    let result = step
        .regex
        .expand(&step.replacement, value)
        .unwrap_or_default();
    labels.set(&target, &result);
}

#[cfg(test)]
mod tests;
