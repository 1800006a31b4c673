//! The PromQL engine: lexer, parser, AST, function table, printer, evaluator.

pub mod ast;
pub mod functions;
