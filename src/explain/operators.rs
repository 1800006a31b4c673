//! Plain-language descriptions of aggregations (what is computed, which labels are kept)
//! and binary operators (what is computed, how series of the two sides are paired).

use crate::lang::Lang;
use crate::promql::ast::{
    AggregateExpr, AggregateOp, BinaryExpr, BinaryOp, Cardinality, ExprKind, VectorMatching,
};
use crate::promql::functions::ValueType;

/// A label list as `job, instance`.
fn list(labels: &[String]) -> String {
    labels.join(", ")
}

/// The aggregation's parameter as written, if a literal.
fn param_text(a: &AggregateExpr, lang: Lang) -> String {
    match a.param.as_deref() {
        Some(p) if matches!(p.kind, ExprKind::Number(_) | ExprKind::String(_)) => p.to_string(),
        _ => lang
            .pick("(valeur calculée)", "(computed value)")
            .to_string(),
    }
}

/// The explanation of an aggregation.
pub fn explain_aggregate(a: &AggregateExpr, lang: Lang) -> String {
    use AggregateOp::*;
    let p = param_text(a, lang);
    let what: String = match (a.op, lang) {
        (Sum, Lang::Fr) => "Additionne les valeurs des séries".into(),
        (Sum, Lang::En) => "Adds up the values of the series".into(),
        (Avg, Lang::Fr) => "Fait la moyenne des valeurs des séries".into(),
        (Avg, Lang::En) => "Averages the values of the series".into(),
        (Min, Lang::Fr) => "Prend la plus petite valeur des séries".into(),
        (Min, Lang::En) => "Takes the smallest value among the series".into(),
        (Max, Lang::Fr) => "Prend la plus grande valeur des séries".into(),
        (Max, Lang::En) => "Takes the largest value among the series".into(),
        (Count, Lang::Fr) => "Compte les séries".into(),
        (Count, Lang::En) => "Counts the series".into(),
        (Group, Lang::Fr) => "Donne 1 pour chaque groupe de séries".into(),
        (Group, Lang::En) => "Gives 1 for each group of series".into(),
        (Stddev, Lang::Fr) => "Calcule l'écart type des valeurs des séries".into(),
        (Stddev, Lang::En) => "Computes the standard deviation of the series' values".into(),
        (Stdvar, Lang::Fr) => "Calcule la variance des valeurs des séries".into(),
        (Stdvar, Lang::En) => "Computes the variance of the series' values".into(),
        (Quantile, Lang::Fr) => format!("Calcule le quantile φ = {p} des valeurs des séries"),
        (Quantile, Lang::En) => format!("Computes the φ = {p} quantile of the series' values"),
        (Topk, Lang::Fr) => format!("Garde les {p} séries de plus grande valeur, inchangées,"),
        (Topk, Lang::En) => format!("Keeps the {p} series with the largest values, unchanged,"),
        (Bottomk, Lang::Fr) => format!("Garde les {p} séries de plus petite valeur, inchangées,"),
        (Bottomk, Lang::En) => format!("Keeps the {p} series with the smallest values, unchanged,"),
        (Limitk, Lang::Fr) => {
            format!("Garde {p} séries quelconques (toujours les mêmes), inchangées,")
        }
        (Limitk, Lang::En) => format!("Keeps {p} arbitrary (but stable) series, unchanged,"),
        (LimitRatio, Lang::Fr) => {
            format!("Garde une part {p} des séries (choix stable), inchangées,")
        }
        (LimitRatio, Lang::En) => {
            format!("Keeps a {p} share of the series (stable choice), unchanged,")
        }
        (CountValues, Lang::Fr) => format!(
            "Compte les séries ayant chaque valeur distincte, la valeur étant écrite dans le label {p},"
        ),
        (CountValues, Lang::En) => format!(
            "Counts the series having each distinct value, the value written into label {p},"
        ),
    };
    let keeps_series = matches!(a.op, Topk | Bottomk | Limitk | LimitRatio);
    let grouping = match (&a.grouping, lang) {
        (None, Lang::Fr) if keeps_series => " parmi toutes les séries.".to_string(),
        (None, Lang::En) if keeps_series => " among all series.".to_string(),
        (None, Lang::Fr) => " en une seule série sans label : aucun label n'est gardé.".to_string(),
        (None, Lang::En) => " into a single series without labels: no label is kept.".to_string(),
        (Some(g), Lang::Fr) if !g.without && g.labels.is_empty() => {
            " en une seule série sans label (by () vide) : aucun label n'est gardé.".to_string()
        }
        (Some(g), Lang::En) if !g.without && g.labels.is_empty() => {
            " into a single series without labels (empty by ()): no label is kept.".to_string()
        }
        (Some(g), Lang::Fr) if !g.without && keeps_series => {
            format!(" dans chaque groupe de même {}.", list(&g.labels))
        }
        (Some(g), Lang::En) if !g.without && keeps_series => {
            format!(" within each group of equal {}.", list(&g.labels))
        }
        (Some(g), Lang::Fr) if !g.without => format!(
            ", une série par valeur distincte de {l} : le résultat ne garde que {l}.",
            l = list(&g.labels)
        ),
        (Some(g), Lang::En) if !g.without => format!(
            ", one series per distinct value of {l}: the result keeps only {l}.",
            l = list(&g.labels)
        ),
        (Some(g), Lang::Fr) if keeps_series => format!(
            " dans chaque groupe de séries égales sur tous les labels sauf {}.",
            list(&g.labels)
        ),
        (Some(g), Lang::En) if keeps_series => format!(
            " within each group of series equal on all labels except {}.",
            list(&g.labels)
        ),
        (Some(g), Lang::Fr) => format!(
            ", une série par groupe de séries égales sur tous les autres labels : {} et le nom de la métrique sont retirés, le reste est gardé.",
            list(&g.labels)
        ),
        (Some(g), Lang::En) => format!(
            ", one series per group of series equal on all other labels: {} and the metric name are dropped, the rest is kept.",
            list(&g.labels)
        ),
    };
    format!("{what}{grouping}")
}

/// The name of an arithmetic operation.
fn op_noun(op: BinaryOp, lang: Lang) -> &'static str {
    use BinaryOp::*;
    match op {
        Add => lang.pick("addition", "addition"),
        Sub => lang.pick("soustraction", "subtraction"),
        Mul => lang.pick("multiplication", "multiplication"),
        Div => lang.pick("division", "division"),
        Mod => lang.pick("reste de la division", "remainder of the division"),
        Pow => lang.pick("puissance", "power"),
        Atan2 => lang.pick("arc tangente à deux arguments", "two-argument arc tangent"),
        _ => lang.pick("comparaison", "comparison"),
    }
}

/// How series are paired: "one-to-one on all labels except the metric name", ...
fn pairing(m: Option<&VectorMatching>, lang: Lang) -> String {
    let on_what = match (m, lang) {
        (Some(m), Lang::Fr) if m.on => format!("sur les seuls labels {}", list(&m.labels)),
        (Some(m), Lang::En) if m.on => format!("on the labels {} only", list(&m.labels)),
        (Some(m), Lang::Fr) if !m.labels.is_empty() => format!(
            "sur tous les labels sauf le nom de la métrique et {}",
            list(&m.labels)
        ),
        (Some(m), Lang::En) if !m.labels.is_empty() => format!(
            "on all labels except the metric name and {}",
            list(&m.labels)
        ),
        (_, Lang::Fr) => "sur tous les labels sauf le nom de la métrique".to_string(),
        (_, Lang::En) => "on all labels except the metric name".to_string(),
    };
    let card = m.map_or(Cardinality::OneToOne, |m| m.card);
    let include = m.map(|m| list(&m.include)).unwrap_or_default();
    let extra = |fr: String, en: String| {
        if include.is_empty() {
            String::new()
        } else {
            lang.pick(&fr, &en).to_string()
        }
    };
    match (card, lang) {
        (Cardinality::ManyToOne, Lang::Fr) => format!(
            "Les séries sont appariées {on_what}, plusieurs à une (group_left) : plusieurs séries de gauche peuvent s'apparier à la même série de droite ; le résultat garde les labels de gauche{}.",
            extra(format!(", plus {include} copiés de la droite"), String::new())
        ),
        (Cardinality::ManyToOne, Lang::En) => format!(
            "Series are paired {on_what}, many-to-one (group_left): several left series may pair with the same right series; the result keeps the left labels{}.",
            extra(String::new(), format!(", plus {include} copied from the right"))
        ),
        (Cardinality::OneToMany, Lang::Fr) => format!(
            "Les séries sont appariées {on_what}, une à plusieurs (group_right) : plusieurs séries de droite peuvent s'apparier à la même série de gauche ; le résultat garde les labels de droite{}.",
            extra(format!(", plus {include} copiés de la gauche"), String::new())
        ),
        (Cardinality::OneToMany, Lang::En) => format!(
            "Series are paired {on_what}, one-to-many (group_right): several right series may pair with the same left series; the result keeps the right labels{}.",
            extra(String::new(), format!(", plus {include} copied from the left"))
        ),
        (_, Lang::Fr) => format!(
            "Les séries sont appariées une à une {on_what} ; une série sans partenaire disparaît du résultat."
        ),
        (_, Lang::En) => format!(
            "Series are paired one-to-one {on_what}; a series without a partner is left out of the result."
        ),
    }
}

/// The explanation of `lhs op rhs`.
pub fn explain_binary(b: &BinaryExpr, lang: Lang) -> String {
    let (lt, rt) = (b.lhs.value_type(), b.rhs.value_type());
    let scalars = lt == ValueType::Scalar && rt == ValueType::Scalar;
    let one_vector = !scalars && (lt == ValueType::Scalar || rt == ValueType::Scalar);
    let op = b.op.as_str();
    let m = b.matching.as_ref();
    if b.op.is_set() {
        let on_what = pairing_key(m, lang);
        return match (b.op, lang) {
            (BinaryOp::And, Lang::Fr) => format!(
                "Intersection : garde les séries de gauche qui ont une série correspondante à droite ({on_what}), avec les valeurs de gauche."
            ),
            (BinaryOp::And, Lang::En) => format!(
                "Intersection: keeps the left series that have a matching right series ({on_what}), with the left values."
            ),
            (BinaryOp::Or, Lang::Fr) => format!(
                "Union : toutes les séries de gauche, plus les séries de droite sans correspondante à gauche ({on_what})."
            ),
            (BinaryOp::Or, Lang::En) => format!(
                "Union: all left series, plus the right series with no matching left series ({on_what})."
            ),
            (_, Lang::Fr) => format!(
                "Différence : garde les séries de gauche sans série correspondante à droite ({on_what})."
            ),
            (_, Lang::En) => format!(
                "Difference: keeps the left series with no matching right series ({on_what})."
            ),
        };
    }
    let noun = op_noun(b.op, lang);
    if b.op.is_comparison() {
        let head = match (scalars, b.return_bool, lang) {
            (true, _, Lang::Fr) => {
                format!("Compare deux nombres ({op} bool) : 1 si vrai, 0 si faux.")
            }
            (true, _, Lang::En) => {
                format!("Compares two numbers ({op} bool): 1 if true, 0 if false.")
            }
            (false, true, Lang::Fr) => format!(
                "Compare ({op} bool) et renvoie 1 si vrai, 0 si faux pour chaque série, sans filtrer ; le nom de la métrique est retiré."
            ),
            (false, true, Lang::En) => format!(
                "Compares ({op} bool) and returns 1 if true, 0 if false for each series, without filtering; the metric name is dropped."
            ),
            (false, false, Lang::Fr) => format!(
                "Filtre : garde seulement les séries pour lesquelles « {op} » est vrai, avec leur valeur inchangée (ajoutez bool pour obtenir 0/1)."
            ),
            (false, false, Lang::En) => format!(
                "Filter: keeps only the series for which \"{op}\" holds, with their value unchanged (add bool to get 0/1)."
            ),
        };
        if scalars || one_vector {
            return head;
        }
        return format!("{head} {}", pairing(m, lang));
    }
    if scalars {
        return match lang {
            Lang::Fr => {
                format!("Calcul entre deux nombres ({op}, {noun}) ; le résultat est un scalaire.")
            }
            Lang::En => {
                format!("Arithmetic on two numbers ({op}, {noun}); the result is a scalar.")
            }
        };
    }
    if one_vector {
        return match lang {
            Lang::Fr => format!(
                "Applique {op} ({noun}) entre la valeur de chaque série et le nombre ; le nom de la métrique est retiré."
            ),
            Lang::En => format!(
                "Applies {op} ({noun}) between each series' value and the number; the metric name is dropped."
            ),
        };
    }
    let head = match lang {
        Lang::Fr => format!(
            "Applique {op} ({noun}) aux valeurs des séries appariées ; le nom de la métrique est retiré."
        ),
        Lang::En => format!(
            "Applies {op} ({noun}) to the values of paired series; the metric name is dropped."
        ),
    };
    format!("{head} {}", pairing(m, lang))
}

/// "matched on all labels except the metric name" for set operators.
fn pairing_key(m: Option<&VectorMatching>, lang: Lang) -> String {
    match (m, lang) {
        (Some(m), Lang::Fr) if m.on => format!("mêmes valeurs de {}", list(&m.labels)),
        (Some(m), Lang::En) if m.on => format!("same values of {}", list(&m.labels)),
        (Some(m), Lang::Fr) if !m.labels.is_empty() => format!(
            "mêmes labels, sauf le nom de la métrique et {}",
            list(&m.labels)
        ),
        (Some(m), Lang::En) if !m.labels.is_empty() => format!(
            "same labels, except the metric name and {}",
            list(&m.labels)
        ),
        (_, Lang::Fr) => "mêmes labels, sauf le nom de la métrique".to_string(),
        (_, Lang::En) => "same labels, except the metric name".to_string(),
    }
}
