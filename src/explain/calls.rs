//! Plain-language descriptions of function calls: specific ones for the functions a
//! learner meets first (the rate family, `*_over_time`, `histogram_quantile`, ...), and a
//! generic one built from the function table for the rest.

use crate::lang::Lang;
use crate::promql::ast::{Call, ExprKind};
use crate::promql::functions::ValueType;

use super::words::last;

/// The range of a range argument in milliseconds, if the call has one.
fn window(c: &Call) -> Option<i64> {
    c.args.iter().find_map(|a| match &a.kind {
        ExprKind::MatrixSelector(ms) => Some(ms.range_ms),
        ExprKind::Subquery(sq) => Some(sq.range_ms),
        _ => None,
    })
}

/// A literal argument as written (`0.9`, `"dst"`), or a placeholder.
fn literal(c: &Call, i: usize, lang: Lang) -> String {
    match c.args.get(i) {
        Some(a) if matches!(a.kind, ExprKind::Number(_) | ExprKind::String(_)) => a.to_string(),
        Some(_) => lang
            .pick("(valeur calculée)", "(computed value)")
            .to_string(),
        None => lang.pick("(absent)", "(absent)").to_string(),
    }
}

/// The name of a value type in `lang`.
pub fn type_name(t: ValueType, lang: Lang) -> &'static str {
    match t {
        ValueType::Scalar => lang.pick("scalaire", "scalar"),
        ValueType::Vector => lang.pick("vecteur instantané", "instant vector"),
        ValueType::Matrix => lang.pick("vecteur de plage", "range vector"),
        ValueType::String => lang.pick("chaîne", "string"),
    }
}

/// The name of a value type with its article ("an instant vector", "une chaîne").
pub fn type_with_article(t: ValueType, lang: Lang) -> &'static str {
    match t {
        ValueType::Scalar => lang.pick("un scalaire", "a scalar"),
        ValueType::Vector => lang.pick("un vecteur instantané", "an instant vector"),
        ValueType::Matrix => lang.pick("un vecteur de plage", "a range vector"),
        ValueType::String => lang.pick("une chaîne", "a string"),
    }
}

/// What `*_over_time` computes from the window's samples, by function name.
fn over_time_what(name: &str, c: &Call, lang: Lang) -> Option<String> {
    let s = |fr: &str, en: &str| Some(lang.pick(fr, en).to_string());
    match name {
        "avg_over_time" => s("La moyenne des échantillons", "The average of the samples"),
        "min_over_time" => s("La plus petite valeur", "The smallest value"),
        "max_over_time" => s("La plus grande valeur", "The largest value"),
        "sum_over_time" => s("La somme des échantillons", "The sum of the samples"),
        "count_over_time" => s("Le nombre d'échantillons", "The number of samples"),
        "stddev_over_time" => s(
            "L'écart type des valeurs",
            "The standard deviation of the values",
        ),
        "stdvar_over_time" => s("La variance des valeurs", "The variance of the values"),
        "last_over_time" => s("La valeur la plus récente", "The most recent value"),
        "first_over_time" => s("La valeur la plus ancienne", "The oldest value"),
        "mad_over_time" => s(
            "L'écart absolu médian des valeurs",
            "The median absolute deviation of the values",
        ),
        "present_over_time" => s(
            "1 pour chaque série ayant au moins un échantillon",
            "1 for every series with at least one sample",
        ),
        "quantile_over_time" => Some(match lang {
            Lang::Fr => format!("Le quantile φ = {} des valeurs", literal(c, 0, lang)),
            Lang::En => format!("The φ = {} quantile of the values", literal(c, 0, lang)),
        }),
        "ts_of_max_over_time" => s(
            "L'horodatage de la plus grande valeur",
            "The timestamp of the largest value",
        ),
        "ts_of_min_over_time" => s(
            "L'horodatage de la plus petite valeur",
            "The timestamp of the smallest value",
        ),
        "ts_of_last_over_time" => s(
            "L'horodatage du dernier échantillon",
            "The timestamp of the last sample",
        ),
        "ts_of_first_over_time" => s(
            "L'horodatage du premier échantillon",
            "The timestamp of the first sample",
        ),
        _ => None,
    }
}

/// Math functions applied value by value, with their meaning.
fn elementwise(name: &str, lang: Lang) -> Option<&'static str> {
    Some(match name {
        "abs" => lang.pick("la valeur absolue", "the absolute value"),
        "ceil" => lang.pick(
            "l'arrondi à l'entier supérieur",
            "rounding up to an integer",
        ),
        "floor" => lang.pick(
            "l'arrondi à l'entier inférieur",
            "rounding down to an integer",
        ),
        "sqrt" => lang.pick("la racine carrée", "the square root"),
        "exp" => lang.pick("l'exponentielle", "the exponential"),
        "ln" => lang.pick("le logarithme népérien", "the natural logarithm"),
        "log2" => lang.pick("le logarithme en base 2", "the base-2 logarithm"),
        "log10" => lang.pick("le logarithme en base 10", "the base-10 logarithm"),
        "sgn" => lang.pick("le signe (-1, 0 ou 1)", "the sign (-1, 0 or 1)"),
        _ => return None,
    })
}

/// The explanation of a call.
pub fn explain_call(c: &Call, lang: Lang) -> String {
    let name = c.func.name;
    let w = window(c).map_or_else(
        || lang.pick("la fenêtre", "the window").to_string(),
        |ms| last(ms, lang),
    );
    let dropped = lang.pick(
        " ; le nom de la métrique est retiré.",
        "; the metric name is dropped.",
    );
    if let Some(what) = over_time_what(name, c, lang) {
        return match lang {
            Lang::Fr => format!("{what} de chaque série sur {w}{dropped}"),
            Lang::En => format!("{what} of each series over {w}{dropped}"),
        };
    }
    if let Some(what) = elementwise(name, lang) {
        return match lang {
            Lang::Fr => format!("Applique {what} à la valeur de chaque série{dropped}"),
            Lang::En => format!("Applies {what} to the value of each series{dropped}"),
        };
    }
    let text = match (name, lang) {
        ("rate", Lang::Fr) => format!(
            "Augmentation moyenne par seconde de chaque compteur sur {w}, remises à zéro du compteur prises en compte, extrapolée jusqu'aux bords de la fenêtre{dropped}"
        ),
        ("rate", Lang::En) => format!(
            "Per-second average increase of each counter over {w}, counter resets handled, extrapolated to the window edges{dropped}"
        ),
        ("increase", Lang::Fr) => format!(
            "Augmentation totale de chaque compteur sur {w} (rate × durée de la fenêtre en secondes), remises à zéro prises en compte, extrapolée jusqu'aux bords de la fenêtre, d'où des valeurs non entières{dropped}"
        ),
        ("increase", Lang::En) => format!(
            "Total increase of each counter over {w} (rate × the window in seconds), counter resets handled, extrapolated to the window edges, hence non-integer values{dropped}"
        ),
        ("irate", Lang::Fr) => format!(
            "Augmentation par seconde entre les deux derniers échantillons seulement, cherchés dans {w} : réagit vite mais bruité ; remises à zéro prises en compte{dropped}"
        ),
        ("irate", Lang::En) => format!(
            "Per-second increase between the last two samples only, looked for in {w}: fast to react but noisy; counter resets handled{dropped}"
        ),
        ("delta", Lang::Fr) => format!(
            "Différence entre la dernière et la première valeur de chaque jauge sur {w}, extrapolée jusqu'aux bords de la fenêtre (pour les jauges, pas les compteurs){dropped}"
        ),
        ("delta", Lang::En) => format!(
            "Difference between the last and the first value of each gauge over {w}, extrapolated to the window edges (for gauges, not counters){dropped}"
        ),
        ("idelta", Lang::Fr) => format!(
            "Différence entre les deux derniers échantillons de chaque jauge, cherchés dans {w}{dropped}"
        ),
        ("idelta", Lang::En) => format!(
            "Difference between the last two samples of each gauge, looked for in {w}{dropped}"
        ),
        ("deriv", Lang::Fr) => format!(
            "Pente par seconde de chaque jauge sur {w}, par régression linéaire (moindres carrés){dropped}"
        ),
        ("deriv", Lang::En) => format!(
            "Per-second slope of each gauge over {w}, by linear regression (least squares){dropped}"
        ),
        ("predict_linear", Lang::Fr) => format!(
            "Valeur prévue de chaque jauge {} s après t, par régression linéaire sur {w}{dropped}",
            literal(c, 1, lang)
        ),
        ("predict_linear", Lang::En) => format!(
            "Predicted value of each gauge {} s after t, by linear regression over {w}{dropped}",
            literal(c, 1, lang)
        ),
        ("resets", Lang::Fr) => format!(
            "Nombre de remises à zéro (baisses de valeur) de chaque compteur dans {w}{dropped}"
        ),
        ("resets", Lang::En) => {
            format!("Number of counter resets (value drops) of each counter within {w}{dropped}")
        }
        ("changes", Lang::Fr) => {
            format!("Nombre de changements de valeur de chaque série dans {w}{dropped}")
        }
        ("changes", Lang::En) => {
            format!("Number of times the value of each series changed within {w}{dropped}")
        }
        ("absent_over_time", Lang::Fr) => format!(
            "Une série de valeur 1 si aucune série sélectionnée n'a d'échantillon dans {w}, rien sinon : pour alerter sur une série disparue."
        ),
        ("absent_over_time", Lang::En) => format!(
            "One series of value 1 if no selected series has a sample in {w}, nothing otherwise: for alerting on a vanished series."
        ),
        ("absent", Lang::Fr) => {
            "Une série de valeur 1 si le sélecteur ne trouve aucune série, rien sinon : pour alerter sur une série manquante.".to_string()
        }
        ("absent", Lang::En) => {
            "One series of value 1 when the selector finds no series, nothing otherwise: for alerting on a missing series.".to_string()
        }
        ("histogram_quantile", Lang::Fr) => format!(
            "Estime le quantile φ = {} de chaque histogramme à partir de ses buckets `le` (compteurs cumulés), par interpolation linéaire dans le bucket où il tombe ; les buckets d'un même histogramme sont regroupés sur tous leurs autres labels.",
            literal(c, 0, lang)
        ),
        ("histogram_quantile", Lang::En) => format!(
            "Estimates the φ = {} quantile of each histogram from its `le` buckets (cumulative counters), interpolating linearly inside the bucket it falls in; the buckets of one histogram are grouped by all their other labels.",
            literal(c, 0, lang)
        ),
        ("clamp", Lang::Fr) => format!(
            "Borne chaque valeur entre {} et {}{dropped}",
            literal(c, 1, lang),
            literal(c, 2, lang)
        ),
        ("clamp", Lang::En) => format!(
            "Limits each value to between {} and {}{dropped}",
            literal(c, 1, lang),
            literal(c, 2, lang)
        ),
        ("clamp_min", Lang::Fr) => format!(
            "Remplace chaque valeur inférieure à {} par {}{dropped}",
            literal(c, 1, lang),
            literal(c, 1, lang)
        ),
        ("clamp_min", Lang::En) => format!(
            "Raises each value below {} to {}{dropped}",
            literal(c, 1, lang),
            literal(c, 1, lang)
        ),
        ("clamp_max", Lang::Fr) => format!(
            "Remplace chaque valeur supérieure à {} par {}{dropped}",
            literal(c, 1, lang),
            literal(c, 1, lang)
        ),
        ("clamp_max", Lang::En) => format!(
            "Lowers each value above {} to {}{dropped}",
            literal(c, 1, lang),
            literal(c, 1, lang)
        ),
        ("round", Lang::Fr) => {
            "Arrondit chaque valeur à l'entier le plus proche (ou au multiple le plus proche du second argument) ; le nom de la métrique est retiré.".to_string()
        }
        ("round", Lang::En) => {
            "Rounds each value to the nearest integer (or to the nearest multiple of the second argument); the metric name is dropped.".to_string()
        }
        ("time", Lang::Fr) => {
            "L'instant d'évaluation t, en secondes depuis l'époque Unix (un scalaire).".to_string()
        }
        ("time", Lang::En) => {
            "The evaluation time t, in seconds since the Unix epoch (a scalar).".to_string()
        }
        ("timestamp", Lang::Fr) => {
            "L'horodatage (en secondes) de l'échantillon de chaque série, au lieu de sa valeur.".to_string()
        }
        ("timestamp", Lang::En) => {
            "The timestamp (in seconds) of each series' sample, instead of its value.".to_string()
        }
        ("vector", Lang::Fr) => {
            "Transforme le scalaire en une série unique sans label.".to_string()
        }
        ("vector", Lang::En) => "Turns the scalar into a single series without labels.".to_string(),
        ("scalar", Lang::Fr) => {
            "La valeur de l'unique série comme scalaire ; NaN s'il n'y a pas exactement une série.".to_string()
        }
        ("scalar", Lang::En) => {
            "The value of the only series as a scalar; NaN unless there is exactly one series.".to_string()
        }
        ("sort", Lang::Fr) | ("sort_desc", Lang::Fr) => {
            "Trie les séries par valeur (n'a d'effet que sur une requête instantanée, pas sur un graphe).".to_string()
        }
        ("sort", Lang::En) | ("sort_desc", Lang::En) => {
            "Sorts the series by value (only matters for an instant query, not for a graph).".to_string()
        }
        ("label_replace", Lang::Fr) => format!(
            "Pour chaque série, si le label {} correspond entièrement à l'expression régulière {}, écrit {} dans le label {} (les groupes $1... sont remplacés).",
            literal(c, 3, lang),
            literal(c, 4, lang),
            literal(c, 2, lang),
            literal(c, 1, lang)
        ),
        ("label_replace", Lang::En) => format!(
            "For each series, if label {} fully matches the regex {}, writes {} into label {} ($1... replaced by the groups).",
            literal(c, 3, lang),
            literal(c, 4, lang),
            literal(c, 2, lang),
            literal(c, 1, lang)
        ),
        ("label_join", Lang::Fr) => format!(
            "Pour chaque série, écrit dans le label {} les valeurs des labels listés, jointes par {}.",
            literal(c, 1, lang),
            literal(c, 2, lang)
        ),
        ("label_join", Lang::En) => format!(
            "For each series, writes into label {} the values of the listed labels, joined by {}.",
            literal(c, 1, lang),
            literal(c, 2, lang)
        ),
        _ => return generic(c, lang),
    };
    text
}

/// A description from the function table: argument and return types.
fn generic(c: &Call, lang: Lang) -> String {
    let args: Vec<&str> = c
        .func
        .arg_types
        .iter()
        .map(|t| type_name(*t, lang))
        .collect();
    let args = args.join(", ");
    let ret = type_with_article(c.func.return_type, lang);
    match lang {
        Lang::Fr => format!(
            "La fonction {} : prend ({args}) et renvoie {ret}.",
            c.func.name
        ),
        Lang::En => format!(
            "The function {}: takes ({args}) and returns {ret}.",
            c.func.name
        ),
    }
}
