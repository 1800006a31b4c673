//! Span utilities: comparing ASTs by meaning, ignoring where they were written.

use super::ast::Expr;

/// Sets every span in `expr` to `0..0`.
pub fn clear_spans(expr: &mut Expr) {
    expr.walk_mut(&mut |e| e.span = 0..0);
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
