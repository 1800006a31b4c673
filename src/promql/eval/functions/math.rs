//! Element-wise math on instant vectors: `abs`, `ceil`, `exp`, `ln`, trigonometry, `deg`,
//! `rad`, `sgn`, `round`, `clamp`, `clamp_min`, `clamp_max`. All drop the metric name.

use crate::promql::ast::Call;

use super::{arg, map_points, EvalError, EvalValue, Evaluator};

fn unary(name: &str) -> Option<fn(f64) -> f64> {
    Some(match name {
        "abs" => f64::abs,
        "ceil" => f64::ceil,
        "floor" => f64::floor,
        "exp" => f64::exp,
        "sqrt" => f64::sqrt,
        "ln" => f64::ln,
        "log2" => f64::log2,
        "log10" => f64::log10,
        "sin" => f64::sin,
        "cos" => f64::cos,
        "tan" => f64::tan,
        "asin" => f64::asin,
        "acos" => f64::acos,
        "atan" => f64::atan,
        "sinh" => f64::sinh,
        "cosh" => f64::cosh,
        "tanh" => f64::tanh,
        "asinh" => f64::asinh,
        "acosh" => f64::acosh,
        "atanh" => f64::atanh,
        "rad" => |v| v * std::f64::consts::PI / 180.0,
        "deg" => |v| v * 180.0 / std::f64::consts::PI,
        "sgn" => |v: f64| {
            if v < 0.0 {
                -1.0
            } else if v > 0.0 {
                1.0
            } else {
                v
            }
        },
        _ => return None,
    })
}

/// Evaluates an element-wise function (or reports it unsupported).
pub(crate) fn eval(ev: &Evaluator, call: &Call, name: &str) -> Result<EvalValue, EvalError> {
    if let Some(f) = unary(name) {
        let input = ev.eval_vector(arg(call, 0)?)?;
        return Ok(EvalValue::Vector(map_points(ev, input, |_, v| Some(f(v)))));
    }
    let scalar_arg = |i: usize| -> Result<Vec<f64>, EvalError> {
        match call.args.get(i) {
            Some(e) => ev.eval_scalar(e),
            None => Ok(vec![1.0; ev.num_steps()]),
        }
    };
    let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(f64::NAN);
    match name {
        "round" => {
            let input = ev.eval_vector(arg(call, 0)?)?;
            let to = scalar_arg(1)?;
            Ok(EvalValue::Vector(map_points(ev, input, |i, v| {
                let inv = 1.0 / at(&to, i);
                Some((v * inv + 0.5).floor() / inv)
            })))
        }
        "clamp" | "clamp_min" | "clamp_max" => {
            let input = ev.eval_vector(arg(call, 0)?)?;
            let (lo, hi) = match name {
                "clamp" => (scalar_arg(1)?, scalar_arg(2)?),
                "clamp_min" => (scalar_arg(1)?, vec![f64::INFINITY; ev.num_steps()]),
                _ => (vec![f64::NEG_INFINITY; ev.num_steps()], scalar_arg(1)?),
            };
            Ok(EvalValue::Vector(map_points(ev, input, |i, v| {
                let (lo, hi) = (at(&lo, i), at(&hi, i));
                if hi < lo {
                    None
                } else {
                    Some(go_max(lo, go_min(hi, v)))
                }
            })))
        }
        "histogram_count" | "histogram_sum" | "histogram_avg" | "histogram_stddev"
        | "histogram_stdvar" | "histogram_fraction" => {
            // Native histograms are out of scope: float samples give no result.
            Ok(EvalValue::Vector(Vec::new()))
        }
        other => Err(EvalError::Unsupported(format!("function {other}"))),
    }
}

/// Go's `math.Max`: NaN wins.
fn go_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// Go's `math.Min`: NaN wins.
fn go_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}
