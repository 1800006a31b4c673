//! The print -> parse property the printer promises, checked on any text. Used by the
//! tests and the fuzz target.

use super::parser::parse;
use super::printer::format_pretty;
use super::spans::same_ast;

/// Parses `input` and checks what the parser promises for any text: an error's span lies
/// on character boundaries inside the input; a parsed expression's span too, and both its
/// one-line and pretty printed forms parse back to the same AST. Returns what went wrong.
pub fn check_round_trip(input: &str) -> Result<(), String> {
    let in_input =
        |span: &std::ops::Range<usize>| span.start <= span.end && input.get(span.clone()).is_some();
    let expr = match parse(input) {
        Err(e) if in_input(&e.span) => return Ok(()),
        Err(e) => return Err(format!("error span {:?} outside the input: {e}", e.span)),
        Ok(expr) => expr,
    };
    if !in_input(&expr.span) {
        return Err(format!("span {:?} outside the input", expr.span));
    }
    for printed in [expr.to_string(), format_pretty(&expr)] {
        match parse(&printed) {
            Ok(again) if same_ast(&expr, &again) => {}
            Ok(again) => {
                return Err(format!(
                    "{printed:?} parses to a different AST: {expr:?} vs {again:?}"
                ))
            }
            Err(e) => return Err(format!("{printed:?} does not parse: {e}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_check_accepts_errors_and_good_queries() {
        assert_eq!(
            check_round_trip("sum by (job) (rate(x[5m])) > bool 1"),
            Ok(())
        );
        assert_eq!(check_round_trip("sum("), Ok(()));
    }
}
