//! `relabel_configs` and `metric_relabel_configs` as Prometheus reads them
//! (`relabel.Config.UnmarshalYAML`): defaults, then the fields, then `Validate`'s checks
//! in its order, each refusal in its words.

use crate::relabel::{
    valid_label_name, Action, Regexp, RelabelConfig, DEFAULT_REGEX, DEFAULT_REPLACEMENT,
    DEFAULT_SEPARATOR,
};

use super::decode::{label_name, Decoder, Spanned, Step};
use super::error::{ConfigError, ConfigErrorKind};
use super::problems::RelabelProblem;
use super::tree::NodeId;

/// Keys of a relabel step (`relabel.Config`).
pub(crate) const RELABEL_KEYS: [&str; 7] = [
    "source_labels",
    "separator",
    "regex",
    "modulus",
    "target_label",
    "replacement",
    "action",
];

/// A list of relabel steps (`[]*relabel.Config`); a null step is `None`.
pub(crate) fn read_relabel_list(
    d: &mut Decoder,
    id: NodeId,
) -> Step<Vec<Spanned<Option<RelabelConfig>>>> {
    d.pointer_list(id, "[]*relabel.Config", read_relabel)
}

/// A refusal of the step at `id`.
fn refuse(d: &Decoder, id: NodeId, problem: RelabelProblem) -> ConfigError {
    ConfigError::at(ConfigErrorKind::Relabel(problem), d.pos(id))
}

/// `source_labels` (`model.LabelNames`): null leaves it unset.
fn source_labels(d: &mut Decoder, id: NodeId) -> Step<Option<Vec<String>>> {
    d.with_node(id, |d, real| {
        if d.looks_null(real) && d.is_null(real)? {
            return Ok(Some(None));
        }
        let names = d.list(real, "model.LabelNames", label_name)?;
        Ok(names.map(|n| Some(n.into_iter().map(|s| s.value).collect())))
    })
}

/// A Go string field: `slot` takes the value unless it does not fit.
fn string_into(d: &mut Decoder, id: NodeId, slot: &mut String) -> Result<(), ConfigError> {
    if let Some(s) = d.string(id, "string")? {
        *slot = s;
    }
    Ok(())
}

/// One relabel step.
fn read_relabel(d: &mut Decoder, id: NodeId) -> Step<RelabelConfig> {
    let before = d.issues.len();
    let mut source: Option<Vec<String>> = None;
    let mut separator = DEFAULT_SEPARATOR.to_string();
    let mut regex: Option<Regexp> = None;
    let mut modulus = 0;
    let mut target_label = String::new();
    let mut replacement = DEFAULT_REPLACEMENT.to_string();
    let mut action = Some(Action::Replace);
    let is_map = d.fields(id, "relabel.plain", &RELABEL_KEYS, &mut |d, key, v, _| {
        match key {
            "source_labels" => {
                if let Some(s) = source_labels(d, v)? {
                    source = s;
                }
            }
            "separator" => string_into(d, v, &mut separator)?,
            "target_label" => string_into(d, v, &mut target_label)?,
            "replacement" => string_into(d, v, &mut replacement)?,
            "modulus" => {
                if let Some(m) = d.unsigned(v, "uint64")? {
                    modulus = m;
                }
            }
            "regex" => {
                let pos = d.pos(v);
                if let Some(text) = d.string(v, "string")? {
                    // A null regex is Go's nil, replaced by an empty one.
                    let compiled = Regexp::new(&text, true).map_err(|message| {
                        ConfigError::at(
                            ConfigErrorKind::Relabel(RelabelProblem::Regex(message)),
                            pos,
                        )
                    })?;
                    regex = Some(compiled);
                }
            }
            _ => {
                let pos = d.pos(v);
                let null = d.with_node(v, |d, real| Ok(d.looks_null(real) && d.is_null(real)?))?;
                if null {
                    action = None;
                } else if let Some(text) = d.string(v, "string")? {
                    action = Some(Action::parse(&text).ok_or_else(|| {
                        ConfigError::at(
                            ConfigErrorKind::Relabel(RelabelProblem::UnknownAction(text)),
                            pos,
                        )
                    })?);
                }
            }
        }
        Ok(())
    })?;
    if !is_map || d.issues.len() > before {
        return Ok(None);
    }
    let Some(action) = action else {
        return Err(refuse(d, id, RelabelProblem::EmptyAction));
    };
    let regex = match regex {
        Some(r) => r,
        None => Regexp::new(DEFAULT_REGEX, false)
            .map_err(|m| refuse(d, id, RelabelProblem::Regex(m)))?,
    };
    let step = RelabelConfig {
        source_labels: source,
        separator,
        regex,
        modulus,
        target_label,
        replacement,
        action,
    };
    validate(&step).map_err(|p| refuse(d, id, p))?;
    Ok(Some(step))
}

/// `relabel.Config.Validate`, with Prometheus 3's label names (any non-empty text).
fn validate(step: &RelabelConfig) -> Result<(), RelabelProblem> {
    use Action as A;
    let action = step.action;
    let name = action.name();
    let writes = matches!(
        action,
        A::Replace | A::HashMod | A::Lowercase | A::Uppercase | A::KeepEqual | A::DropEqual
    );
    if action == A::HashMod && step.modulus == 0 {
        return Err(RelabelProblem::NoModulus);
    }
    if writes && step.target_label.is_empty() {
        return Err(RelabelProblem::NoTargetLabel(name));
    }
    let no_replacement = matches!(
        action,
        A::Lowercase | A::Uppercase | A::KeepEqual | A::DropEqual
    );
    if no_replacement && step.replacement != DEFAULT_REPLACEMENT {
        return Err(RelabelProblem::ReplacementNotAllowed(name));
    }
    if action == A::LabelMap && !valid_label_name(&step.replacement) {
        return Err(RelabelProblem::InvalidReplacement(
            step.replacement.clone(),
            name,
        ));
    }
    let other_fields = step.modulus != 0
        || step.separator != DEFAULT_SEPARATOR
        || step.replacement != DEFAULT_REPLACEMENT;
    if matches!(action, A::KeepEqual | A::DropEqual) && (!step.regex.is_default() || other_fields) {
        return Err(RelabelProblem::OnlySourceAndTarget(name));
    }
    if matches!(action, A::LabelDrop | A::LabelKeep)
        && (step.source_labels.is_some() || !step.target_label.is_empty() || other_fields)
    {
        return Err(RelabelProblem::OnlyRegex(name));
    }
    Ok(())
}
