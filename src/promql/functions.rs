//! Function signatures: name, argument types and return type, one table for the parser
//! and the type checker. Implementations live beside the evaluator.

/// The four PromQL value types (plus string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// A single number.
    Scalar,
    /// A set of series, one sample each.
    Vector,
    /// A set of series, a range of samples each.
    Matrix,
    /// A string.
    String,
}

impl ValueType {
    /// The name Prometheus uses in messages (`scalar`, `instant vector`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Scalar => "scalar",
            ValueType::Vector => "instant vector",
            ValueType::Matrix => "range vector",
            ValueType::String => "string",
        }
    }
}

/// A function's signature.
#[derive(Debug, PartialEq)]
pub struct Function {
    /// Name as written, e.g. `rate`.
    pub name: &'static str,
    /// Argument types in order.
    pub arg_types: &'static [ValueType],
    /// As in Prometheus: 0 means exactly `arg_types`; otherwise the last argument may be
    /// left out and, for n > 0, up to `len - 1 + n` arguments are accepted (extra ones take
    /// the last type); -1 means the last type repeats without bound.
    pub variadic: i32,
    /// What the call returns.
    pub return_type: ValueType,
    /// Experimental in Prometheus 3 (off by default there).
    pub experimental: bool,
}

impl Function {
    /// Fewest arguments a call accepts.
    pub fn min_args(&self) -> usize {
        match self.variadic {
            0 => self.arg_types.len(),
            _ => self.arg_types.len().saturating_sub(1),
        }
    }

    /// Most arguments a call accepts; `None` when unbounded.
    pub fn max_args(&self) -> Option<usize> {
        match usize::try_from(self.variadic) {
            Ok(0) => Some(self.arg_types.len()),
            Ok(n) => Some(self.arg_types.len().saturating_sub(1) + n),
            Err(_) => None,
        }
    }

    /// The type expected for argument `i` (extra variadic arguments take the last type).
    pub fn arg_type(&self, i: usize) -> Option<ValueType> {
        self.arg_types
            .get(i)
            .or_else(|| {
                if self.variadic == 0 {
                    None
                } else {
                    self.arg_types.last()
                }
            })
            .copied()
    }
}

/// Looks up a function by its exact (case-sensitive) name, as Prometheus does.
pub fn lookup_function(name: &str) -> Option<&'static Function> {
    FUNCTIONS
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .and_then(|i| FUNCTIONS.get(i))
}

/// One row of [`FUNCTIONS`] (a short name keeps the table one function a line).
const fn f(
    name: &'static str,
    arg_types: &'static [ValueType],
    variadic: i32,
    return_type: ValueType,
    experimental: bool,
) -> Function {
    Function {
        name,
        arg_types,
        variadic,
        return_type,
        experimental,
    }
}

use ValueType::{Matrix, Scalar, String as Str, Vector};

/// Every function of Prometheus 3 (v3.14), sorted by name for binary search. Experimental
/// ones are listed so that they can be rejected with Prometheus's own message.
pub static FUNCTIONS: &[Function] = &[
    f("abs", &[Vector], 0, Vector, false),
    f("absent", &[Vector], 0, Vector, false),
    f("absent_over_time", &[Matrix], 0, Vector, false),
    f("acos", &[Vector], 0, Vector, false),
    f("acosh", &[Vector], 0, Vector, false),
    f("asin", &[Vector], 0, Vector, false),
    f("asinh", &[Vector], 0, Vector, false),
    f("atan", &[Vector], 0, Vector, false),
    f("atanh", &[Vector], 0, Vector, false),
    f("avg_over_time", &[Matrix], 0, Vector, false),
    f("ceil", &[Vector], 0, Vector, false),
    f("changes", &[Matrix], 0, Vector, false),
    f("clamp", &[Vector, Scalar, Scalar], 0, Vector, false),
    f("clamp_max", &[Vector, Scalar], 0, Vector, false),
    f("clamp_min", &[Vector, Scalar], 0, Vector, false),
    f("cos", &[Vector], 0, Vector, false),
    f("cosh", &[Vector], 0, Vector, false),
    f("count_over_time", &[Matrix], 0, Vector, false),
    f("day_of_month", &[Vector], 1, Vector, false),
    f("day_of_week", &[Vector], 1, Vector, false),
    f("day_of_year", &[Vector], 1, Vector, false),
    f("days_in_month", &[Vector], 1, Vector, false),
    f("deg", &[Vector], 0, Vector, false),
    f("delta", &[Matrix], 0, Vector, false),
    f("deriv", &[Matrix], 0, Vector, false),
    f(
        "double_exponential_smoothing",
        &[Matrix, Scalar, Scalar],
        0,
        Vector,
        true,
    ),
    f("end", &[], 0, Scalar, true),
    f("exp", &[Vector], 0, Vector, false),
    f("first_over_time", &[Matrix], 0, Vector, false),
    f("floor", &[Vector], 0, Vector, false),
    f("histogram_avg", &[Vector], 0, Vector, false),
    f("histogram_count", &[Vector], 0, Vector, false),
    f(
        "histogram_fraction",
        &[Scalar, Scalar, Vector],
        0,
        Vector,
        false,
    ),
    f("histogram_quantile", &[Scalar, Vector], 0, Vector, false),
    f(
        "histogram_quantiles",
        &[Vector, Str, Scalar, Scalar],
        9,
        Vector,
        true,
    ),
    f("histogram_stddev", &[Vector], 0, Vector, false),
    f("histogram_stdvar", &[Vector], 0, Vector, false),
    f("histogram_sum", &[Vector], 0, Vector, false),
    f("hour", &[Vector], 1, Vector, false),
    f("idelta", &[Matrix], 0, Vector, false),
    f("increase", &[Matrix], 0, Vector, false),
    f("info", &[Vector, Vector], 1, Vector, true),
    f("irate", &[Matrix], 0, Vector, false),
    f("label_join", &[Vector, Str, Str, Str], -1, Vector, false),
    f(
        "label_replace",
        &[Vector, Str, Str, Str, Str],
        0,
        Vector,
        false,
    ),
    f("last_over_time", &[Matrix], 0, Vector, false),
    f("ln", &[Vector], 0, Vector, false),
    f("log10", &[Vector], 0, Vector, false),
    f("log2", &[Vector], 0, Vector, false),
    f("mad_over_time", &[Matrix], 0, Vector, true),
    f("max_of", &[Scalar, Scalar], 0, Scalar, true),
    f("max_over_time", &[Matrix], 0, Vector, false),
    f("min_of", &[Scalar, Scalar], 0, Scalar, true),
    f("min_over_time", &[Matrix], 0, Vector, false),
    f("minute", &[Vector], 1, Vector, false),
    f("month", &[Vector], 1, Vector, false),
    f("pi", &[], 0, Scalar, false),
    f("predict_linear", &[Matrix, Scalar], 0, Vector, false),
    f("present_over_time", &[Matrix], 0, Vector, false),
    f("quantile_over_time", &[Scalar, Matrix], 0, Vector, false),
    f("rad", &[Vector], 0, Vector, false),
    f("range", &[], 0, Scalar, true),
    f("rate", &[Matrix], 0, Vector, false),
    f("resets", &[Matrix], 0, Vector, false),
    f("round", &[Vector, Scalar], 1, Vector, false),
    f("scalar", &[Vector], 0, Scalar, false),
    f("sgn", &[Vector], 0, Vector, false),
    f("sin", &[Vector], 0, Vector, false),
    f("sinh", &[Vector], 0, Vector, false),
    f("sort", &[Vector], 0, Vector, false),
    f("sort_by_label", &[Vector, Str], -1, Vector, true),
    f("sort_by_label_desc", &[Vector, Str], -1, Vector, true),
    f("sort_desc", &[Vector], 0, Vector, false),
    f("sqrt", &[Vector], 0, Vector, false),
    f("start", &[], 0, Scalar, true),
    f("start_timestamp", &[Vector], 0, Vector, true),
    f("stddev_over_time", &[Matrix], 0, Vector, false),
    f("stdvar_over_time", &[Matrix], 0, Vector, false),
    f("step", &[], 0, Scalar, true),
    f("sum_over_time", &[Matrix], 0, Vector, false),
    f("tan", &[Vector], 0, Vector, false),
    f("tanh", &[Vector], 0, Vector, false),
    f("time", &[], 0, Scalar, false),
    f("timestamp", &[Vector], 0, Vector, false),
    f("ts_of_first_over_time", &[Matrix], 0, Vector, true),
    f("ts_of_last_over_time", &[Matrix], 0, Vector, true),
    f("ts_of_max_over_time", &[Matrix], 0, Vector, true),
    f("ts_of_min_over_time", &[Matrix], 0, Vector, true),
    f("vector", &[Scalar], 0, Vector, false),
    f("year", &[Vector], 1, Vector, false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in FUNCTIONS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} / {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn lookup_finds_every_entry_and_nothing_else() {
        for func in FUNCTIONS {
            assert_eq!(lookup_function(func.name).map(|f| f.name), Some(func.name));
        }
        assert!(lookup_function("Rate").is_none());
        assert!(lookup_function("").is_none());
        assert!(lookup_function("sum").is_none());
    }

    #[test]
    fn argument_counts() {
        let rate = lookup_function("rate").unwrap();
        assert_eq!((rate.min_args(), rate.max_args()), (1, Some(1)));
        assert_eq!(rate.return_type, ValueType::Vector);
        let round = lookup_function("round").unwrap();
        assert_eq!((round.min_args(), round.max_args()), (1, Some(2)));
        let hour = lookup_function("hour").unwrap();
        assert_eq!((hour.min_args(), hour.max_args()), (0, Some(1)));
        let join = lookup_function("label_join").unwrap();
        assert_eq!((join.min_args(), join.max_args()), (3, None));
        assert_eq!(join.arg_type(7), Some(ValueType::String));
        assert_eq!(rate.arg_type(1), None);
        assert!(lookup_function("info").unwrap().experimental);
        assert!(!lookup_function("time").unwrap().experimental);
    }
}
