//! Round-trip checking: comparing ASTs by meaning, ignoring where they were written, and
//! the print -> parse property the printer promises. Used by the tests and the fuzz target.

use super::ast::{Expr, ExprKind};
use super::parser::parse;
use super::printer::format_pretty;

/// Sets every span in `expr` to `0..0`.
pub fn clear_spans(expr: &mut Expr) {
    expr.span = 0..0;
    match &mut expr.kind {
        ExprKind::Number(_)
        | ExprKind::String(_)
        | ExprKind::VectorSelector(_)
        | ExprKind::MatrixSelector(_) => {}
        ExprKind::Subquery(sq) => clear_spans(&mut sq.expr),
        ExprKind::Paren(e) | ExprKind::Unary(_, e) => clear_spans(e),
        ExprKind::Binary(b) => {
            clear_spans(&mut b.lhs);
            clear_spans(&mut b.rhs);
        }
        ExprKind::Aggregate(a) => {
            clear_spans(&mut a.expr);
            if let Some(p) = &mut a.param {
                clear_spans(p);
            }
        }
        ExprKind::Call(c) => c.args.iter_mut().for_each(clear_spans),
    }
}

/// Whether two expressions are the same apart from spans (NaN numbers compare equal).
pub fn same_ast(a: &Expr, b: &Expr) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    clear_spans(&mut a);
    clear_spans(&mut b);
    format!("{a:?}") == format!("{b:?}")
}

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
    fn same_ast_ignores_spans_only() {
        let a = parse("sum(rate(x[5m]))").unwrap();
        let b = parse("  sum ( rate ( x [ 5m ] ) )").unwrap();
        let c = parse("sum(rate(x[6m]))").unwrap();
        assert!(same_ast(&a, &b));
        assert!(!same_ast(&a, &c));
        assert!(same_ast(&parse("NaN").unwrap(), &parse("nan").unwrap()));
    }

    #[test]
    fn round_trip_check_accepts_errors_and_good_queries() {
        assert_eq!(
            check_round_trip("sum by (job) (rate(x[5m])) > bool 1"),
            Ok(())
        );
        assert_eq!(check_round_trip("sum("), Ok(()));
    }
}
