//! `label_replace` and `label_join`: rewrite one label of every series; series that end
//! up with the same labels are merged, an error if they overlap in time.

use std::collections::HashMap;

use regex_lite::Regex;

use crate::promql::ast::Call;
use crate::store::{Labels, METRIC_NAME};

use super::{arg, string_arg, EvalError, EvalSeries, EvalValue, Evaluator};
use crate::promql::eval::valid_label_name;

/// `label_replace(v, dst, replacement, src, regex)`.
pub(crate) fn label_replace(ev: &Evaluator, call: &Call) -> Result<EvalValue, EvalError> {
    let dst = string_arg(arg(call, 1)?)?;
    let repl = string_arg(arg(call, 2)?)?;
    let src = string_arg(arg(call, 3)?)?;
    let pattern = string_arg(arg(call, 4)?)?;
    let re = Regex::new(&format!("^(?s:{pattern})$"))
        .map_err(|_| EvalError::InvalidRegex(pattern.clone()))?;
    if !valid_label_name(&dst) {
        return Err(EvalError::InvalidLabelName {
            context: "destination",
            name: format!("label_replace(): {dst}"),
        });
    }
    let mut input = ev.eval_vector(arg(call, 0)?)?;
    for s in &mut input {
        let value = s.labels.get(&src).to_string();
        if let Some(caps) = re.captures(&value) {
            let mut out = String::new();
            caps.expand(&repl, &mut out);
            s.labels.set(&dst, &out);
            if dst == METRIC_NAME {
                s.drop_name = false;
            }
        }
    }
    merge(input).map(EvalValue::Vector)
}

/// `label_join(v, dst, separator, src...)`.
pub(crate) fn label_join(ev: &Evaluator, call: &Call) -> Result<EvalValue, EvalError> {
    let dst = string_arg(arg(call, 1)?)?;
    let sep = string_arg(arg(call, 2)?)?;
    let srcs = call
        .args
        .iter()
        .skip(3)
        .map(string_arg)
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(bad) = srcs.iter().find(|n| !valid_label_name(n)) {
        return Err(EvalError::InvalidLabelName {
            context: "source",
            name: format!("label_join(): {bad}"),
        });
    }
    if !valid_label_name(&dst) {
        return Err(EvalError::InvalidLabelName {
            context: "destination",
            name: format!("label_join(): {dst}"),
        });
    }
    let mut input = ev.eval_vector(arg(call, 0)?)?;
    for s in &mut input {
        let joined = srcs
            .iter()
            .map(|n| s.labels.get(n))
            .collect::<Vec<_>>()
            .join(&sep);
        s.labels.set(&dst, &joined);
        if dst == METRIC_NAME {
            s.drop_name = false;
        }
    }
    merge(input).map(EvalValue::Vector)
}

/// Merges series with equal labels; two points at one time is an error.
fn merge(input: Vec<EvalSeries>) -> Result<Vec<EvalSeries>, EvalError> {
    let mut index: HashMap<Labels, usize> = HashMap::new();
    let mut out: Vec<EvalSeries> = Vec::with_capacity(input.len());
    for s in input {
        match index.get(&s.labels) {
            Some(&i) => {
                let Some(target) = out.get_mut(i) else {
                    continue;
                };
                target.points.extend(s.points);
                crate::order::sort_by_key(&mut target.points, |p| p.t);
                if target.points.windows(2).any(|w| w[0].t == w[1].t) {
                    return Err(EvalError::SameLabelset);
                }
            }
            None => {
                index.insert(s.labels.clone(), out.len());
                out.push(s);
            }
        }
    }
    Ok(out)
}
