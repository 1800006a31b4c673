//! Span utilities: comparing ASTs by meaning, ignoring where they were written.

use super::ast::{Expr, ExprKind};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promql::parse;

    #[test]
    fn same_ast_ignores_spans_only() {
        let a = parse("sum(rate(x[5m]))").unwrap();
        let b = parse("  sum ( rate ( x [ 5m ] ) )").unwrap();
        let c = parse("sum(rate(x[6m]))").unwrap();
        assert!(same_ast(&a, &b));
        assert!(!same_ast(&a, &c));
        assert!(same_ast(&parse("NaN").unwrap(), &parse("nan").unwrap()));
    }
}
