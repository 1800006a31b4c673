//! The type checker: what Prometheus's `checkAST` verifies once the syntax is right —
//! operand types of operators, `bool` and grouping rules, aggregation and function
//! argument types and counts, subquery operands, and selectors that would match everything.
//! Checks run children first, in Prometheus's order, so the first error is the same one.

use super::ast::{BinaryExpr, Cardinality, Expr, ExprKind, Span, VectorSelector};
use super::functions::ValueType;
use super::parse_error::{ArgBound, ParseError, ParseErrorKind, TypeContext};

impl Expr {
    /// The type of value the expression evaluates to.
    pub fn value_type(&self) -> ValueType {
        match &self.kind {
            ExprKind::Number(_) => ValueType::Scalar,
            ExprKind::String(_) => ValueType::String,
            ExprKind::VectorSelector(_) | ExprKind::Aggregate(_) => ValueType::Vector,
            ExprKind::MatrixSelector(_) | ExprKind::Subquery(_) => ValueType::Matrix,
            ExprKind::Paren(e) | ExprKind::Unary(_, e) => e.value_type(),
            ExprKind::Binary(b) => {
                if b.lhs.value_type() == ValueType::Scalar
                    && b.rhs.value_type() == ValueType::Scalar
                {
                    ValueType::Scalar
                } else {
                    ValueType::Vector
                }
            }
            ExprKind::Call(c) => c.func.return_type,
        }
    }
}

/// Type-checks `expr` (parsed from `input`) and returns its type. Vector matching clauses
/// on operations with a scalar side are dropped, as Prometheus does.
pub fn check(expr: &mut Expr, input: &str) -> Result<ValueType, ParseError> {
    let span = expr.span.clone();
    match &mut expr.kind {
        ExprKind::Number(_) | ExprKind::String(_) => {}
        ExprKind::VectorSelector(vs) => check_selector(vs, span)?,
        ExprKind::MatrixSelector(ms) => check_selector(&ms.selector, span)?,
        ExprKind::Paren(inner) => return check(inner, input),
        ExprKind::Unary(_, inner) => {
            let t = check(inner, input)?;
            if t != ValueType::Scalar && t != ValueType::Vector {
                return Err(ParseError::new(span, ParseErrorKind::UnaryType(t)));
            }
            return Ok(t);
        }
        ExprKind::Subquery(sq) => {
            let t = check(&mut sq.expr, input)?;
            if t != ValueType::Vector {
                return Err(ParseError::new(span, ParseErrorKind::SubqueryType(t)));
            }
        }
        ExprKind::Aggregate(agg) => {
            expect_type(
                &mut agg.expr,
                ValueType::Vector,
                TypeContext::AggregationExpression,
                input,
            )?;
            if let Some(param) = &mut agg.param {
                let want = if agg.op == super::ast::AggregateOp::CountValues {
                    ValueType::String
                } else {
                    ValueType::Scalar
                };
                expect_type(param, want, TypeContext::AggregationParameter, input)?;
            }
        }
        ExprKind::Call(call) => {
            let func = call.func;
            let got = call.args.len();
            let count_error = |bound, expected| {
                Err(ParseError::new(
                    span.clone(),
                    ParseErrorKind::WrongArgCount {
                        func: func.name,
                        bound,
                        expected,
                        got,
                    },
                ))
            };
            if func.variadic == 0 {
                if got != func.arg_types.len() {
                    return count_error(ArgBound::Exactly, func.arg_types.len());
                }
            } else if got < func.min_args() {
                return count_error(ArgBound::AtLeast, func.min_args());
            } else if let Some(max) = func.max_args().filter(|m| got > *m) {
                return count_error(ArgBound::AtMost, max);
            }
            for (i, arg) in call.args.iter_mut().enumerate() {
                let Some(want) = func.arg_type(i) else {
                    break;
                };
                expect_type(arg, want, TypeContext::Call(func.name), input)?;
            }
        }
        ExprKind::Binary(bin) => return check_binary(bin, span, input),
    }
    Ok(expr.value_type())
}

fn expect_type(
    expr: &mut Expr,
    want: ValueType,
    context: TypeContext,
    input: &str,
) -> Result<(), ParseError> {
    let got = check(expr, input)?;
    if got != want {
        return Err(ParseError::new(
            expr.span.clone(),
            ParseErrorKind::ExpectedType { want, context, got },
        ));
    }
    Ok(())
}

fn check_selector(vs: &VectorSelector, span: Span) -> Result<(), ParseError> {
    if let Some(name) = &vs.name {
        let others = vs.matchers.len().saturating_sub(1);
        if let Some(m) = vs
            .matchers
            .iter()
            .take(others)
            .find(|m| m.name == "__name__")
        {
            return Err(ParseError::new(
                span,
                ParseErrorKind::MetricNameTwice(name.clone(), m.value.clone()),
            ));
        }
        return Ok(());
    }
    if !vs.matchers.iter().any(|m| !m.matches_empty()) {
        return Err(ParseError::new(span, ParseErrorKind::EmptyMatchers));
    }
    Ok(())
}

/// The operator's span: the text between the operands, without surrounding spaces.
fn operator_span(bin: &BinaryExpr, input: &str) -> Span {
    let start = bin.lhs.span.end;
    let end = bin.rhs.span.start.max(start);
    let between = input.get(start..end).unwrap_or_default();
    let lead = between.len() - between.trim_start().len();
    let trail = between.len() - between.trim_end().len();
    (start + lead)..(end - trail).max(start + lead)
}

/// Checks a binary operation and returns its type (computed from the operands' types, so
/// checking stays linear in the size of the expression).
fn check_binary(bin: &mut BinaryExpr, span: Span, input: &str) -> Result<ValueType, ParseError> {
    let lt = check(&mut bin.lhs, input)?;
    let rt = check(&mut bin.rhs, input)?;
    let op = bin.op;
    if bin.return_bool && !op.is_comparison() {
        return Err(ParseError::new(
            operator_span(bin, input),
            ParseErrorKind::BoolOnNonComparison,
        ));
    }
    if op.is_comparison() && !bin.return_bool && lt == ValueType::Scalar && rt == ValueType::Scalar
    {
        return Err(ParseError::new(
            operator_span(bin, input),
            ParseErrorKind::ScalarComparisonNeedsBool,
        ));
    }
    if let Some(m) = &bin.matching {
        if m.on {
            if let Some(l) = m.labels.iter().find(|l| m.include.contains(l)) {
                return Err(ParseError::new(
                    operator_span(bin, input),
                    ParseErrorKind::LabelInOnAndGroup(l.clone()),
                ));
            }
        }
    }
    if lt != ValueType::Scalar && lt != ValueType::Vector {
        return Err(ParseError::new(
            bin.lhs.span.clone(),
            ParseErrorKind::BinaryOperandType,
        ));
    }
    if rt != ValueType::Scalar && rt != ValueType::Vector {
        return Err(ParseError::new(
            bin.rhs.span.clone(),
            ParseErrorKind::BinaryOperandType,
        ));
    }
    let both_vectors = lt == ValueType::Vector && rt == ValueType::Vector;
    if !both_vectors {
        if bin.matching.as_ref().is_some_and(|m| !m.labels.is_empty()) {
            return Err(ParseError::new(
                span,
                ParseErrorKind::VectorMatchingNotVectors,
            ));
        }
        bin.matching = None;
    } else if op.is_set() {
        if let Some(m) = &bin.matching {
            if matches!(m.card, Cardinality::ManyToOne | Cardinality::OneToMany) {
                return Err(ParseError::new(
                    span,
                    ParseErrorKind::NoGroupingForSetOp(op),
                ));
            }
        }
    }
    if (lt == ValueType::Scalar || rt == ValueType::Scalar) && op.is_set() {
        return Err(ParseError::new(span, ParseErrorKind::SetOpWithScalar(op)));
    }
    Ok(if lt == ValueType::Scalar && rt == ValueType::Scalar {
        ValueType::Scalar
    } else {
        ValueType::Vector
    })
}
