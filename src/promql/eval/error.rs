//! Evaluation errors: what can go wrong after a query parsed, in French and English.

use std::fmt;

use crate::lang::Lang;

/// Why an evaluation failed. The English text is Prometheus's own where tests check it.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    /// Two series of one result ended up with the same labels at the same time.
    SameLabelset,
    /// A one-to-one or many-to-one match found two series on the "one" side.
    DuplicateSeries {
        /// The matching labels, printed.
        group: String,
        /// `left` or `right`.
        side: &'static str,
        /// The two series, printed and sorted.
        first: String,
        /// The second series.
        second: String,
    },
    /// One-to-one matching found several left series for one match group.
    ManyToOneNotExplicit,
    /// `group_left`/`group_right` produced the same output series twice.
    GroupingNotUnique,
    /// A range query would have more than the maximum points per series.
    TooManyPoints,
    /// The query would hold more samples in memory than allowed.
    TooManySamples,
    /// The range query step is zero or negative.
    BadStep,
    /// A range query's end is before its start.
    EndBeforeStart,
    /// `topk`/`bottomk` parameter is NaN.
    ParamNaN,
    /// `topk`/`bottomk` parameter does not fit an i64.
    ParamOutOfRange(f64),
    /// The query's type cannot be the result of a range query.
    BadRangeResultType(&'static str),
    /// A label name given to `count_values`, `label_replace` or `label_join` is not valid.
    InvalidLabelName {
        /// Where: `count_values`, or `destination`/`source` of `label_replace()`/`label_join()`.
        context: &'static str,
        /// The name.
        name: String,
    },
    /// A regex in `label_replace` does not compile.
    InvalidRegex(String),
    /// The expression is not supported by this engine.
    Unsupported(String),
}

impl EvalError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use EvalError::*;
        match (self, lang) {
            (SameLabelset, Lang::En) => {
                "vector cannot contain metrics with the same labelset".to_string()
            }
            (SameLabelset, Lang::Fr) => {
                "un vecteur ne peut pas contenir deux séries avec les mêmes étiquettes".to_string()
            }
            (DuplicateSeries { group, side, first, second }, Lang::En) => format!(
                "found duplicate series for the match group {group} on the {side} hand-side of the operation: [{first}, {second}];many-to-many matching not allowed: matching labels must be unique on one side"
            ),
            (DuplicateSeries { group, side, first, second }, Lang::Fr) => format!(
                "séries en double pour le groupe {group} du côté {} de l'opération : [{first}, {second}] ; la correspondance plusieurs-à-plusieurs est interdite : les étiquettes de correspondance doivent être uniques d'un côté",
                if *side == "left" { "gauche" } else { "droit" }
            ),
            (ManyToOneNotExplicit, Lang::En) => {
                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)".to_string()
            }
            (ManyToOneNotExplicit, Lang::Fr) => {
                "plusieurs correspondances pour ces étiquettes : une correspondance plusieurs-à-un doit être explicite (group_left/group_right)".to_string()
            }
            (GroupingNotUnique, Lang::En) => {
                "multiple matches for labels: grouping labels must ensure unique matches".to_string()
            }
            (GroupingNotUnique, Lang::Fr) => {
                "plusieurs correspondances pour ces étiquettes : les étiquettes de groupement doivent garantir des correspondances uniques".to_string()
            }
            (TooManyPoints, Lang::En) => {
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)".to_string()
            }
            (TooManyPoints, Lang::Fr) => {
                "résolution maximale de 11 000 points par série dépassée. Essayez d'augmenter le pas de la requête (?step=XX)".to_string()
            }
            (TooManySamples, Lang::En) => {
                "query processing would load too many samples into memory in query execution".to_string()
            }
            (TooManySamples, Lang::Fr) => {
                "la requête chargerait trop d'échantillons en mémoire pendant son exécution".to_string()
            }
            (BadStep, Lang::En) => {
                "zero or negative query resolution step widths are not accepted. Try a positive integer".to_string()
            }
            (BadStep, Lang::Fr) => {
                "un pas de requête nul ou négatif n'est pas accepté. Essayez un entier positif".to_string()
            }
            (EndBeforeStart, Lang::En) => "end timestamp must not be before start time".to_string(),
            (EndBeforeStart, Lang::Fr) => {
                "la fin de la plage ne doit pas précéder son début".to_string()
            }
            (ParamNaN, Lang::En) => "Parameter value is NaN".to_string(),
            (ParamNaN, Lang::Fr) => "la valeur du paramètre est NaN".to_string(),
            (ParamOutOfRange(v), Lang::En) => format!("Scalar value {v} overflows int64"),
            (ParamOutOfRange(v), Lang::Fr) => {
                format!("la valeur scalaire {v} dépasse la capacité d'un int64")
            }
            (BadRangeResultType(t), Lang::En) => format!(
                "invalid expression type \"{t}\" for range query, must be Scalar or instant Vector"
            ),
            (BadRangeResultType(t), Lang::Fr) => format!(
                "type d'expression « {t} » invalide pour une requête sur une plage : il faut un scalaire ou un vecteur instantané"
            ),
            (InvalidLabelName { context: "count_values", name }, Lang::En) => {
                format!("invalid label name \"{name}\"")
            }
            (InvalidLabelName { context, name }, Lang::En) => {
                format!("invalid {context} label name in {name}")
            }
            (InvalidLabelName { context: "count_values", name }, Lang::Fr) => {
                format!("nom d'étiquette invalide « {name} »")
            }
            (InvalidLabelName { context, name }, Lang::Fr) => {
                format!("nom d'étiquette invalide ({context}) : {name}")
            }
            (InvalidRegex(r), Lang::En) => {
                format!("invalid regular expression in label_replace(): {r}")
            }
            (InvalidRegex(r), Lang::Fr) => {
                format!("expression régulière invalide dans label_replace() : {r}")
            }
            (Unsupported(what), Lang::En) => format!("not supported: {what}"),
            (Unsupported(what), Lang::Fr) => format!("non pris en charge : {what}"),
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for EvalError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_matches_prometheus_and_french_differs() {
        let e = EvalError::SameLabelset;
        assert_eq!(
            e.to_string(),
            "vector cannot contain metrics with the same labelset"
        );
        assert_ne!(e.message(Lang::Fr), e.message(Lang::En));
        assert!(EvalError::TooManyPoints
            .to_string()
            .starts_with("exceeded maximum resolution of 11,000 points"));
    }
}
