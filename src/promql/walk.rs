//! The one definition of a node's children, and the walks built on it (like Prometheus's
//! `parser.Children` and `parser.Inspect`): every pass that only needs to reach every
//! node uses these instead of matching on the expression kinds itself.
//!
//! Children come in written order: the operand of a subquery, parentheses or unary
//! operator; a binary operator's left then right side; an aggregation's parameter (when
//! it has one) then its expression, as in `topk(3, x)`; a call's arguments. A path is the
//! list of child indices, in this order, from the node a walk started at.

use super::ast::{Expr, ExprKind};

impl Expr {
    /// The node's direct children, in written order.
    ///
    /// ```
    /// use sonde::promql::parse;
    ///
    /// let e = parse("topk(3, rate(x[5m]))").unwrap();
    /// let kids: Vec<String> = e.children().map(|c| c.to_string()).collect();
    /// assert_eq!(kids, ["3", "rate(x[5m])"]);
    /// ```
    pub fn children(&self) -> impl DoubleEndedIterator<Item = &Expr> {
        let (first, second, rest): (Option<&Expr>, Option<&Expr>, &[Expr]) = match &self.kind {
            ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::VectorSelector(_)
            | ExprKind::MatrixSelector(_) => (None, None, &[]),
            ExprKind::Subquery(sq) => (Some(&sq.expr), None, &[]),
            ExprKind::Paren(x) | ExprKind::Unary(_, x) => (Some(x), None, &[]),
            ExprKind::Binary(b) => (Some(&b.lhs), Some(&b.rhs), &[]),
            ExprKind::Aggregate(a) => (a.param.as_deref(), Some(&a.expr), &[]),
            ExprKind::Call(c) => (None, None, &c.args),
        };
        first.into_iter().chain(second).chain(rest)
    }

    /// The node's direct children, mutable, in the order of [`Expr::children`].
    pub fn children_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Expr> {
        let (first, second, rest): (Option<&mut Expr>, Option<&mut Expr>, &mut [Expr]) =
            match &mut self.kind {
                ExprKind::Number(_)
                | ExprKind::String(_)
                | ExprKind::VectorSelector(_)
                | ExprKind::MatrixSelector(_) => (None, None, &mut []),
                ExprKind::Subquery(sq) => (Some(&mut sq.expr), None, &mut []),
                ExprKind::Paren(x) | ExprKind::Unary(_, x) => (Some(x), None, &mut []),
                ExprKind::Binary(b) => (Some(&mut b.lhs), Some(&mut b.rhs), &mut []),
                ExprKind::Aggregate(a) => (a.param.as_deref_mut(), Some(&mut a.expr), &mut []),
                ExprKind::Call(c) => (None, None, &mut c.args),
            };
        first.into_iter().chain(second).chain(rest)
    }

    /// The node and every node below it, parents before children, children in written
    /// order (a depth-first pre-order walk).
    ///
    /// ```
    /// use sonde::promql::parse;
    ///
    /// let e = parse("a + sum(b)").unwrap();
    /// let all: Vec<String> = e.nodes().map(|n| n.to_string()).collect();
    /// assert_eq!(all, ["a + sum(b)", "a", "sum(b)", "b"]);
    /// ```
    pub fn nodes(&self) -> impl Iterator<Item = &Expr> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let e = stack.pop()?;
            stack.extend(e.children().rev());
            Some(e)
        })
    }

    /// Whether `pred` holds for this node or any node below it (checked in the order of
    /// [`Expr::nodes`], stopping at the first that holds).
    pub fn any(&self, pred: impl FnMut(&Expr) -> bool) -> bool {
        self.nodes().any(pred)
    }

    /// Calls `f` on every node in the order of [`Expr::nodes`], with the node's path from
    /// this one (empty for this node itself).
    ///
    /// ```
    /// use sonde::promql::parse;
    ///
    /// let e = parse("rate(x[5m]) / 2").unwrap();
    /// let mut seen = Vec::new();
    /// e.inspect(|n, path| seen.push((n.to_string(), path.to_vec())));
    /// assert_eq!(seen[1], ("rate(x[5m])".to_string(), vec![0]));
    /// assert_eq!(seen[2], ("x[5m]".to_string(), vec![0, 0]));
    /// ```
    pub fn inspect(&self, mut f: impl FnMut(&Expr, &[usize])) {
        fn go(e: &Expr, path: &mut Vec<usize>, f: &mut dyn FnMut(&Expr, &[usize])) {
            f(e, path);
            for (i, c) in e.children().enumerate() {
                path.push(i);
                go(c, path, f);
                path.pop();
            }
        }
        go(self, &mut Vec::new(), &mut f);
    }

    /// Calls `f` on every node, mutable, parents before children.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Expr)) {
        f(self);
        for c in self.children_mut() {
            c.walk_mut(f);
        }
    }

    /// The node at `path` below this one, mutable; `None` when the path leads nowhere.
    pub fn node_at_mut(&mut self, path: &[usize]) -> Option<&mut Expr> {
        path.iter().try_fold(self, |e, &i| e.children_mut().nth(i))
    }
}

#[cfg(test)]
mod tests {
    use crate::promql::ast::{Expr, ExprKind};
    use crate::promql::parse;

    fn texts<'a>(it: impl Iterator<Item = &'a Expr>) -> Vec<String> {
        it.map(|e| e.to_string()).collect()
    }

    #[test]
    fn children_of_every_kind_in_written_order() {
        let cases: [(&str, &[&str]); 10] = [
            ("1", &[]),
            ("\"s\"", &[]),
            ("x", &[]),
            ("x[5m]", &[]),
            ("rate(x[5m])[30m:1m]", &["rate(x[5m])"]),
            ("(x)", &["x"]),
            ("-x", &["x"]),
            ("x / on (job) y", &["x", "y"]),
            ("quantile by (job) (0.9, x)", &["0.9", "x"]),
            ("clamp(x, 0, 1)", &["x", "0", "1"]),
        ];
        for (q, want) in cases {
            let mut e = parse(q).unwrap();
            assert_eq!(texts(e.children()), want, "{q}");
            let via_mut: Vec<String> = e.children_mut().map(|c| c.to_string()).collect();
            assert_eq!(via_mut, want, "{q}");
            assert_eq!(texts(e.children().rev().rev()), want, "{q}");
        }
        assert_eq!(texts(parse("sum(x)").unwrap().children()), ["x"]);
    }

    #[test]
    fn nodes_and_inspect_agree_on_pre_order_and_paths() {
        let q = "topk(scalar(y), -(a + rate(b[1m]))) > 2";
        let mut e = parse(q).unwrap();
        let mut paths = Vec::new();
        e.inspect(|n, path| paths.push((n.to_string(), path.to_vec())));
        assert_eq!(
            paths.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>(),
            texts(e.nodes())
        );
        assert_eq!(paths.len(), 11);
        for (text, path) in &paths {
            let found = e.node_at_mut(path).map(|n| n.to_string());
            assert_eq!(found.as_ref(), Some(text), "{path:?}");
        }
        // Each node's path is its parent's path plus its position among the children.
        assert_eq!(paths[2], ("scalar(y)".to_string(), vec![0, 0]));
        assert_eq!(paths[4], ("-(a + rate(b[1m]))".to_string(), vec![0, 1]));
        assert_eq!(e.node_at_mut(&[0, 2]), None);
        assert_eq!(e.node_at_mut(&[1, 0]), None);
    }

    #[test]
    fn any_stops_at_the_first_match() {
        let e = parse("sum(rate(x[5m])) + y").unwrap();
        let mut visited = 0;
        assert!(e.any(|n| {
            visited += 1;
            matches!(n.kind, ExprKind::MatrixSelector(_))
        }));
        assert_eq!(visited, 4);
        assert!(!e.any(|n| matches!(n.kind, ExprKind::Number(_))));
    }

    #[test]
    fn walk_mut_reaches_every_node() {
        let mut e = parse("count_values(\"v\", x) or on () vector(1)").unwrap();
        let total = e.nodes().count();
        let mut n = 0;
        e.walk_mut(&mut |node| {
            node.span = 0..0;
            n += 1;
        });
        assert_eq!(n, total);
        assert!(e.nodes().all(|node| node.span == (0..0)));
    }
}
