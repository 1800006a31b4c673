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
    /// 0: exactly `arg_types`; n > 0: up to n trailing arguments may be left out;
    /// -1: the last type repeats without bound.
    pub variadic: i32,
    /// What the call returns.
    pub return_type: ValueType,
    /// Experimental in Prometheus 3 (off by default there).
    pub experimental: bool,
}
