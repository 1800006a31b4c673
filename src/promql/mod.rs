//! The PromQL engine: lexer, parser, AST and its walks, function table, printer, evaluator.

pub mod ast;
pub mod eval;
pub mod functions;
pub mod keywords;
pub mod lexer;
pub mod parse_error;
pub mod parser;
pub mod printer;
pub mod roundtrip;
pub mod spans;
pub mod typecheck;
pub mod value;
pub mod walk;

pub use eval::{over_time, rate, Engine, EvalError};
pub use functions::lookup_function;
pub use parse_error::ParseError;
pub use parser::parse;
pub use printer::format_pretty;
pub use value::{
    Annotation, AnnotationKind, InstantSample, QueryResult, RangeSeries, Severity, Value,
};
