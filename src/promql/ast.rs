//! The PromQL abstract syntax tree: one `Expr` (a kind plus the byte span it was parsed
//! from) and a struct per kind. `Display` (in `printer.rs`) prints it back as PromQL.

use std::ops::Range;

use crate::store::Matcher;

use super::functions::Function;

/// Byte range of a node in the query text.
pub type Span = Range<usize>;

/// A PromQL expression with the span of text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// Where it was written (byte offsets into the query).
    pub span: Span,
}

/// The expression kinds: the evaluator is one `match` over these.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `42`, `0x1f`, `1e3`, `Inf`, `NaN`, and durations used as numbers (`5m` = 300).
    Number(f64),
    /// `"text"`, `'text'` or `` `text` `` after unescaping.
    String(String),
    /// `metric{label="value"}`.
    VectorSelector(VectorSelector),
    /// `metric{...}[5m]`.
    MatrixSelector(MatrixSelector),
    /// `expr[30m:1m]`.
    Subquery(Subquery),
    /// `( expr )`.
    Paren(Box<Expr>),
    /// `-expr` or `+expr`.
    Unary(UnaryOp, Box<Expr>),
    /// `lhs op rhs`.
    Binary(BinaryExpr),
    /// `sum by (job) (expr)` and the other aggregations.
    Aggregate(AggregateExpr),
    /// `rate(x[5m])`.
    Call(Call),
}

/// `@` modifier value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AtModifier {
    /// `@ 1609746000` (stored in milliseconds).
    Timestamp(i64),
    /// `@ start()`.
    Start,
    /// `@ end()`.
    End,
}

/// An instant vector selector.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorSelector {
    /// The metric name if written before the braces (it is also in `matchers`).
    pub name: Option<String>,
    /// All matchers, including `__name__="..."` for a name written before the braces.
    pub matchers: Vec<Matcher>,
    /// `offset` in milliseconds (negative allowed); 0 when absent.
    pub offset_ms: i64,
    /// `@` modifier, if any.
    pub at: Option<AtModifier>,
}

/// A range vector selector: a vector selector and a range.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSelector {
    /// The selector (its `offset`/`@` apply to the whole range).
    pub selector: VectorSelector,
    /// The range in milliseconds.
    pub range_ms: i64,
}

/// A subquery `expr[range:step] offset ... @ ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Subquery {
    /// The inner expression (instant vector or scalar).
    pub expr: Box<Expr>,
    /// Range in milliseconds.
    pub range_ms: i64,
    /// Step in milliseconds; `None` means the default evaluation interval.
    pub step_ms: Option<i64>,
    /// `offset` in milliseconds; 0 when absent.
    pub offset_ms: i64,
    /// `@` modifier, if any.
    pub at: Option<AtModifier>,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `+`
    Pos,
}

/// Binary operators, in Prometheus's spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^` (right-associative)
    Pow,
    /// `atan2`
    Atan2,
    /// `==`
    Eql,
    /// `!=`
    Neq,
    /// `>`
    Gtr,
    /// `<`
    Lss,
    /// `>=`
    Gte,
    /// `<=`
    Lte,
    /// `and`
    And,
    /// `or`
    Or,
    /// `unless`
    Unless,
}

impl BinaryOp {
    /// The operator as written in PromQL.
    pub fn as_str(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Mod => "%",
            Pow => "^",
            Atan2 => "atan2",
            Eql => "==",
            Neq => "!=",
            Gtr => ">",
            Lss => "<",
            Gte => ">=",
            Lte => "<=",
            And => "and",
            Or => "or",
            Unless => "unless",
        }
    }

    /// Whether this is a comparison (`==`, `!=`, `>`, `<`, `>=`, `<=`).
    pub fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(self, Eql | Neq | Gtr | Lss | Gte | Lte)
    }

    /// Whether this is a set operator (`and`, `or`, `unless`).
    pub fn is_set(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or | BinaryOp::Unless)
    }

    /// Binding strength, higher binds tighter (Prometheus's precedence table).
    pub fn precedence(self) -> u8 {
        use BinaryOp::*;
        match self {
            Or => 1,
            And | Unless => 2,
            Eql | Neq | Gtr | Lss | Gte | Lte => 3,
            Add | Sub => 4,
            Mul | Div | Mod | Atan2 => 5,
            Pow => 6,
        }
    }

    /// Whether the operator groups right to left (only `^`).
    pub fn is_right_associative(self) -> bool {
        self == BinaryOp::Pow
    }
}

/// How series of the two sides are paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cardinality {
    /// Default: each left series matches at most one right series.
    OneToOne,
    /// `group_left`
    ManyToOne,
    /// `group_right`
    OneToMany,
    /// Set operators.
    ManyToMany,
}

/// The `on`/`ignoring` and `group_left`/`group_right` clauses of a binary expression.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorMatching {
    /// Pairing cardinality.
    pub card: Cardinality,
    /// `true` for `on(...)`, `false` for `ignoring(...)` (or no clause).
    pub on: bool,
    /// The labels listed in `on`/`ignoring`.
    pub labels: Vec<String>,
    /// The labels listed in `group_left(...)`/`group_right(...)`.
    pub include: Vec<String>,
}

/// `lhs op rhs`.
#[derive(Clone, Debug, PartialEq)]
pub struct BinaryExpr {
    /// The operator.
    pub op: BinaryOp,
    /// Left operand.
    pub lhs: Box<Expr>,
    /// Right operand.
    pub rhs: Box<Expr>,
    /// The `bool` modifier of comparisons.
    pub return_bool: bool,
    /// Matching clauses; `None` when neither side is a vector, or none was written.
    pub matching: Option<VectorMatching>,
}

/// Aggregation operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggregateOp {
    /// `sum`
    Sum,
    /// `avg`
    Avg,
    /// `min`
    Min,
    /// `max`
    Max,
    /// `count`
    Count,
    /// `group`
    Group,
    /// `stddev`
    Stddev,
    /// `stdvar`
    Stdvar,
    /// `topk`
    Topk,
    /// `bottomk`
    Bottomk,
    /// `quantile`
    Quantile,
    /// `count_values`
    CountValues,
    /// `limitk` (experimental)
    Limitk,
    /// `limit_ratio` (experimental)
    LimitRatio,
}

impl AggregateOp {
    /// Every aggregation, in Prometheus's order.
    pub const ALL: [AggregateOp; 14] = [
        AggregateOp::Sum,
        AggregateOp::Avg,
        AggregateOp::Min,
        AggregateOp::Max,
        AggregateOp::Count,
        AggregateOp::Group,
        AggregateOp::Stddev,
        AggregateOp::Stdvar,
        AggregateOp::Topk,
        AggregateOp::Bottomk,
        AggregateOp::Quantile,
        AggregateOp::CountValues,
        AggregateOp::Limitk,
        AggregateOp::LimitRatio,
    ];

    /// The operator's name as written in PromQL.
    pub fn as_str(self) -> &'static str {
        use AggregateOp::*;
        match self {
            Sum => "sum",
            Avg => "avg",
            Min => "min",
            Max => "max",
            Count => "count",
            Group => "group",
            Stddev => "stddev",
            Stdvar => "stdvar",
            Topk => "topk",
            Bottomk => "bottomk",
            Quantile => "quantile",
            CountValues => "count_values",
            Limitk => "limitk",
            LimitRatio => "limit_ratio",
        }
    }

    /// Whether the operator takes a parameter before the vector (`topk(3, x)`).
    pub fn takes_param(self) -> bool {
        use AggregateOp::*;
        matches!(
            self,
            Topk | Bottomk | Quantile | CountValues | Limitk | LimitRatio
        )
    }
}

/// `by (...)` or `without (...)`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Grouping {
    /// `true` for `without`.
    pub without: bool,
    /// The listed labels.
    pub labels: Vec<String>,
}

/// `op [by|without (labels)] ([param,] expr)`.
#[derive(Clone, Debug, PartialEq)]
pub struct AggregateExpr {
    /// The aggregation.
    pub op: AggregateOp,
    /// The aggregated expression.
    pub expr: Box<Expr>,
    /// The parameter of `topk`, `bottomk`, `quantile`, `count_values`, ...
    pub param: Option<Box<Expr>>,
    /// Grouping; `None` when no clause was written (aggregate everything).
    pub grouping: Option<Grouping>,
}

/// A function call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The function's signature from the table in `functions.rs`.
    pub func: &'static Function,
    /// The arguments.
    pub args: Vec<Expr>,
}
