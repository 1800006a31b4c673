//! Printing the AST back as PromQL: `Display` gives one line in Prometheus's style,
//! `format_pretty` a multi-line layout in the spirit of Prometheus's `prettify` for the
//! "format" button. Both parse back to the same AST (spans aside).

use std::fmt::{self, Write};

use super::ast::{
    AggregateExpr, AtModifier, BinaryExpr, Cardinality, Expr, ExprKind, Grouping, VectorSelector,
};
use crate::go::duration::format_signed_duration;
use crate::go::quote::go_quote;
use crate::store::Matcher;

/// Lines longer than this are broken by [`format_pretty`].
const MAX_LINE: usize = 100;

/// Whether `name` can be written without quotes as a label name.
fn is_plain_label(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !name.eq_ignore_ascii_case("inf")
        && !name.eq_ignore_ascii_case("nan")
}

fn write_label(f: &mut impl Write, name: &str) -> fmt::Result {
    if is_plain_label(name) {
        f.write_str(name)
    } else {
        f.write_str(&go_quote(name))
    }
}

fn write_labels(f: &mut impl Write, labels: &[String]) -> fmt::Result {
    f.write_char('(')?;
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_label(f, l)?;
    }
    f.write_char(')')
}

/// A number as PromQL that reads back to the same value.
fn write_number(f: &mut impl Write, v: f64) -> fmt::Result {
    if v.is_nan() {
        f.write_str("NaN")
    } else if v.is_infinite() {
        f.write_str(if v > 0.0 { "Inf" } else { "-Inf" })
    } else if v != 0.0 && (v.abs() >= 1e21 || v.abs() < 1e-4) {
        write!(f, "{v:e}")
    } else {
        write!(f, "{v}")
    }
}

fn write_matcher(f: &mut impl Write, m: &Matcher) -> fmt::Result {
    write_label(f, &m.name)?;
    write!(f, "{}{}", m.op, go_quote(&m.value))
}

/// ` @ ...` and ` offset ...`, in Prometheus's order.
fn write_modifiers(f: &mut impl Write, at: Option<AtModifier>, offset_ms: i64) -> fmt::Result {
    match at {
        Some(AtModifier::Timestamp(ms)) => {
            let sign = if ms < 0 { "-" } else { "" };
            let abs = ms.unsigned_abs();
            write!(f, " @ {sign}{}.{:03}", abs / 1000, abs % 1000)?;
        }
        Some(AtModifier::Start) => f.write_str(" @ start()")?,
        Some(AtModifier::End) => f.write_str(" @ end()")?,
        None => {}
    }
    if offset_ms != 0 {
        write!(f, " offset {}", format_signed_duration(offset_ms))?;
    }
    Ok(())
}

/// The selector without its modifiers: `name{matchers}`.
fn write_selector_body(f: &mut impl Write, vs: &VectorSelector) -> fmt::Result {
    let mut matchers: Vec<&Matcher> = vs.matchers.iter().collect();
    if let Some(name) = &vs.name {
        f.write_str(name)?;
        let implicit = matchers.iter().rposition(|m| {
            m.name == "__name__" && m.op == crate::store::MatchOp::Equal && m.value == *name
        });
        if let Some(i) = implicit {
            matchers.remove(i);
        }
    }
    if !matchers.is_empty() || vs.name.is_none() {
        f.write_char('{')?;
        for (i, m) in matchers.iter().enumerate() {
            if i > 0 {
                f.write_char(',')?;
            }
            write_matcher(f, m)?;
        }
        f.write_char('}')?;
    }
    Ok(())
}

fn write_grouping(f: &mut impl Write, grouping: &Option<Grouping>) -> fmt::Result {
    if let Some(g) = grouping {
        f.write_str(if g.without { " without " } else { " by " })?;
        write_labels(f, &g.labels)?;
        f.write_char(' ')?;
    }
    Ok(())
}

/// The operator with its `bool` and matching clauses: `+ on (a) group_left (b)`.
fn write_operator(f: &mut impl Write, b: &BinaryExpr) -> fmt::Result {
    f.write_str(b.op.as_str())?;
    if b.return_bool {
        f.write_str(" bool")?;
    }
    if let Some(m) = &b.matching {
        f.write_str(if m.on { " on " } else { " ignoring " })?;
        write_labels(f, &m.labels)?;
        match m.card {
            Cardinality::ManyToOne => {
                f.write_str(" group_left ")?;
                write_labels(f, &m.include)?;
            }
            Cardinality::OneToMany => {
                f.write_str(" group_right ")?;
                write_labels(f, &m.include)?;
            }
            Cardinality::OneToOne | Cardinality::ManyToMany => {}
        }
    }
    Ok(())
}

/// `op by (labels) (` of an aggregation.
fn write_aggregate_head(f: &mut impl Write, a: &AggregateExpr) -> fmt::Result {
    f.write_str(a.op.as_str())?;
    write_grouping(f, &a.grouping)?;
    f.write_char('(')
}

/// `[range:step] @ ... offset ...` of a subquery.
fn write_subquery_suffix(f: &mut impl Write, sq: &super::ast::Subquery) -> fmt::Result {
    write!(f, "[{}:", format_signed_duration(sq.range_ms))?;
    if let Some(step) = sq.step_ms {
        f.write_str(&format_signed_duration(step))?;
    }
    f.write_char(']')?;
    write_modifiers(f, sq.at, sq.offset_ms)
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(v) => write_number(f, *v),
            ExprKind::String(s) => f.write_str(&go_quote(s)),
            ExprKind::VectorSelector(vs) => {
                write_selector_body(f, vs)?;
                write_modifiers(f, vs.at, vs.offset_ms)
            }
            ExprKind::MatrixSelector(ms) => {
                write_selector_body(f, &ms.selector)?;
                write!(f, "[{}]", format_signed_duration(ms.range_ms))?;
                write_modifiers(f, ms.selector.at, ms.selector.offset_ms)
            }
            ExprKind::Subquery(sq) => {
                write!(f, "{}", sq.expr)?;
                write_subquery_suffix(f, sq)
            }
            ExprKind::Paren(e) => write!(f, "({e})"),
            ExprKind::Unary(op, e) => {
                let sign = match op {
                    super::ast::UnaryOp::Neg => "-",
                    super::ast::UnaryOp::Pos => "+",
                };
                write!(f, "{sign}{e}")
            }
            ExprKind::Binary(b) => {
                write!(f, "{} ", b.lhs)?;
                write_operator(f, b)?;
                write!(f, " {}", b.rhs)
            }
            ExprKind::Aggregate(a) => {
                write_aggregate_head(f, a)?;
                if let Some(p) = &a.param {
                    write!(f, "{p}, ")?;
                }
                write!(f, "{})", a.expr)
            }
            ExprKind::Call(c) => {
                write!(f, "{}(", c.func.name)?;
                for (i, arg) in c.args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_char(')')
            }
        }
    }
}

/// A multi-line layout in Prometheus's `prettify` style: expressions that fit in 100
/// columns stay on one line; longer ones are split at binary operators (operands one
/// level deeper than the operator), aggregation and call arguments, and parentheses, with
/// two spaces of indentation per level.
pub fn format_pretty(expr: &Expr) -> String {
    let mut out = String::new();
    pretty(&mut out, expr, 0);
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn pretty(out: &mut String, expr: &Expr, level: usize) {
    let flat = expr.to_string();
    if flat.len() + 2 * level <= MAX_LINE {
        indent(out, level);
        out.push_str(&flat);
        return;
    }
    match &expr.kind {
        ExprKind::Binary(b) => {
            pretty(out, &b.lhs, level + 1);
            out.push('\n');
            indent(out, level);
            // Writing into a String cannot fail.
            let _ = write_operator(out, b);
            out.push('\n');
            pretty(out, &b.rhs, level + 1);
        }
        ExprKind::Paren(e) => {
            indent(out, level);
            out.push_str("(\n");
            pretty(out, e, level + 1);
            out.push('\n');
            indent(out, level);
            out.push(')');
        }
        ExprKind::Aggregate(a) => {
            indent(out, level);
            let _ = write_aggregate_head(out, a);
            out.push('\n');
            if let Some(p) = &a.param {
                pretty(out, p, level + 1);
                out.push_str(",\n");
            }
            pretty(out, &a.expr, level + 1);
            out.push('\n');
            indent(out, level);
            out.push(')');
        }
        ExprKind::Call(c) if !c.args.is_empty() => {
            indent(out, level);
            out.push_str(c.func.name);
            out.push_str("(\n");
            for (i, arg) in c.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                pretty(out, arg, level + 1);
            }
            out.push('\n');
            indent(out, level);
            out.push(')');
        }
        ExprKind::Subquery(sq) => {
            pretty(out, &sq.expr, level);
            let _ = write_subquery_suffix(out, sq);
        }
        ExprKind::Unary(op, e) => {
            indent(out, level);
            out.push(match op {
                super::ast::UnaryOp::Neg => '-',
                super::ast::UnaryOp::Pos => '+',
            });
            let mut inner = String::new();
            pretty(&mut inner, e, level);
            out.push_str(inner.trim_start());
        }
        _ => {
            indent(out, level);
            out.push_str(&flat);
        }
    }
}
