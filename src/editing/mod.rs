//! Pure logic behind the query editor, tested natively: a tolerant tokenizer that
//! colours partial PromQL (`highlight`), context-aware completion (`complete`), the
//! history of committed queries (`history`) and caret offsets between the browser's
//! UTF-16 and Rust's UTF-8 (`offsets`).

pub mod complete;
pub mod highlight;
pub mod history;
pub mod offsets;
mod words;
