//! The PromQL engine: lexer, parser, AST, function table, printer, evaluator.

pub mod ast;
pub mod eval;
pub mod functions;
pub mod value;

pub use eval::{Engine, EvalError};
pub use value::{
    Annotation, AnnotationKind, InstantSample, QueryResult, RangeSeries, Severity, Value,
};
