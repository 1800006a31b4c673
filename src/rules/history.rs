//! Every change of an alert's state, with its time and its reason in words: what
//! Prometheus's Alerts page does not keep (prometheus#13280). "pending: condition true
//! since 14:02:15; `for: 5m` fires at 14:07:15 if it holds", "resolved: the value fell
//! to 0.02, no longer > 0.05".

use crate::go::duration::format_duration;
use crate::lang::Lang;
use crate::promql::ast::BinaryOp;
use crate::store::Labels;

use super::alerting::AlertState;
use super::template::four_digits;

/// Why a condition stopped holding for an alert's series.
#[derive(Clone, Debug, PartialEq)]
pub enum Cause {
    /// The expression compares a series with a number and the series' value no longer
    /// passes: `value op threshold` is now false.
    Value {
        /// The series' value now.
        value: f64,
        /// The comparison, as read with the series on the left.
        op: BinaryOp,
        /// The number it is compared with.
        threshold: f64,
    },
    /// The series is no longer in the compared side's result (no recent sample).
    Gone,
    /// The expression no longer returns this series (not a simple comparison).
    NotReturned,
}

/// Why a transition happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Inactive → pending: the condition became true; it fires at `fires_at_ms` if it
    /// holds until then.
    ConditionTrue {
        /// The expression's value.
        value: f64,
        /// `for`.
        for_ms: u64,
        /// The first evaluation at least `for` after now.
        fires_at_ms: i64,
    },
    /// Pending → firing: the condition held for `for`.
    HeldFor {
        /// When it became true.
        since_ms: i64,
        /// `for`.
        for_ms: u64,
        /// The expression's value.
        value: f64,
    },
    /// Inactive → firing at once: no `for`.
    NoFor {
        /// The expression's value.
        value: f64,
    },
    /// Firing → firing: the condition stopped, `keep_firing_for` keeps the alert firing.
    KeptFiring {
        /// Why the condition stopped.
        cause: Cause,
        /// `keep_firing_for`.
        keep_ms: u64,
        /// The first evaluation at which it stops firing if the condition stays false.
        until_ms: i64,
    },
    /// Pending → inactive: the condition stopped before `for` ran out.
    StoppedPending {
        /// Why.
        cause: Cause,
        /// When it had become true.
        since_ms: i64,
        /// `for`.
        for_ms: u64,
    },
    /// Firing → inactive: the condition stopped.
    Resolved {
        /// Why.
        cause: Cause,
    },
    /// Firing → inactive: `keep_firing_for` ran out.
    KeepFiringElapsed {
        /// When the condition stopped.
        since_ms: i64,
        /// `keep_firing_for`.
        keep_ms: u64,
    },
}

/// One change of one alert's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    /// The evaluation time.
    pub at_ms: i64,
    /// The rule's group.
    pub group: String,
    /// The alert's name.
    pub alert: String,
    /// The alert's labels.
    pub labels: Labels,
    /// The state before.
    pub from: AlertState,
    /// The state after.
    pub to: AlertState,
    /// Why.
    pub reason: Reason,
}

/// Most transitions kept (the oldest go first).
pub const MAX_TRANSITIONS: usize = 500;

/// A number as the history writes it (four significant digits).
fn num(v: f64) -> String {
    four_digits(v)
}

/// `for: 5m` as written in the rules file.
fn field(name: &str, ms: u64) -> String {
    format!("`{name}: {}`", format_duration(ms))
}

impl Cause {
    /// The cause in words.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                Cause::Value {
                    value,
                    op,
                    threshold,
                },
                _,
            ) => {
                let (v, t, o) = (num(*value), num(*threshold), op.as_str());
                match (op, lang) {
                    (BinaryOp::Gtr | BinaryOp::Gte, Lang::En) => {
                        format!("the value fell to {v}, no longer {o} {t}")
                    }
                    (BinaryOp::Gtr | BinaryOp::Gte, Lang::Fr) => {
                        format!("la valeur est tombée à {v}, plus {o} {t}")
                    }
                    (BinaryOp::Lss | BinaryOp::Lte, Lang::En) => {
                        format!("the value rose to {v}, no longer {o} {t}")
                    }
                    (BinaryOp::Lss | BinaryOp::Lte, Lang::Fr) => {
                        format!("la valeur est montée à {v}, plus {o} {t}")
                    }
                    (_, Lang::En) => format!("the value is now {v}, no longer {o} {t}"),
                    (_, Lang::Fr) => format!("la valeur vaut maintenant {v}, plus {o} {t}"),
                }
            }
            (Cause::Gone, Lang::En) => "the series has no recent sample any more".into(),
            (Cause::Gone, Lang::Fr) => "la série n'a plus d'échantillon récent".into(),
            (Cause::NotReturned, Lang::En) => "the expression no longer returns this series".into(),
            (Cause::NotReturned, Lang::Fr) => "l'expression ne renvoie plus cette série".into(),
        }
    }
}

impl Transition {
    /// The transition in words; `clock` writes a time (the page's local `HH:MM:SS`).
    pub fn message(&self, lang: Lang, clock: &dyn Fn(i64) -> String) -> String {
        let fr = lang == Lang::Fr;
        match &self.reason {
            Reason::ConditionTrue {
                value,
                for_ms,
                fires_at_ms,
            } => {
                let (since, at, f, v) = (
                    clock(self.at_ms),
                    clock(*fires_at_ms),
                    field("for", *for_ms),
                    num(*value),
                );
                if fr {
                    format!("en attente : condition vraie depuis {since} (valeur {v}) ; {f} la déclenche à {at} si elle tient")
                } else {
                    format!("pending: condition true since {since} (value {v}); {f} fires at {at} if it holds")
                }
            }
            Reason::HeldFor {
                since_ms,
                for_ms,
                value,
            } => {
                let (since, f, v) = (clock(*since_ms), field("for", *for_ms), num(*value));
                if fr {
                    format!("déclenchée : condition vraie depuis {since}, tout le {f} (valeur {v})")
                } else {
                    format!("firing: condition true since {since}, held for {f} (value {v})")
                }
            }
            Reason::NoFor { value } => {
                let v = num(*value);
                if fr {
                    format!("déclenchée : condition vraie (valeur {v}), pas de `for` à attendre")
                } else {
                    format!("firing: condition true (value {v}), no `for` to wait")
                }
            }
            Reason::KeptFiring {
                cause,
                keep_ms,
                until_ms,
            } => {
                let (c, k, until) = (
                    cause.message(lang),
                    field("keep_firing_for", *keep_ms),
                    clock(*until_ms),
                );
                if fr {
                    format!("toujours déclenchée : {c} ; {k} la maintient jusqu'à {until}")
                } else {
                    format!("still firing: {c}; {k} keeps it firing until {until}")
                }
            }
            Reason::StoppedPending {
                cause,
                since_ms,
                for_ms,
            } => {
                let (c, since, f) = (cause.message(lang), clock(*since_ms), field("for", *for_ms));
                if fr {
                    format!("inactive : {c}, avant la fin de {f} (en attente depuis {since})")
                } else {
                    format!("inactive: {c}, before {f} ran out (pending since {since})")
                }
            }
            Reason::Resolved { cause } => {
                let c = cause.message(lang);
                if fr {
                    format!("résolue : {c}")
                } else {
                    format!("resolved: {c}")
                }
            }
            Reason::KeepFiringElapsed { since_ms, keep_ms } => {
                let (since, k) = (clock(*since_ms), field("keep_firing_for", *keep_ms));
                if fr {
                    format!("résolue : condition fausse depuis {since}, {k} écoulé")
                } else {
                    format!("resolved: condition false since {since}, {k} ran out")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(ms: i64) -> String {
        format!("t{}", ms / 1000)
    }

    fn transition(reason: Reason) -> Transition {
        Transition {
            at_ms: 60_000,
            group: "g".into(),
            alert: "A".into(),
            labels: Labels::empty(),
            from: AlertState::Inactive,
            to: AlertState::Pending,
            reason,
        }
    }

    #[test]
    fn reasons_in_words() {
        let pending = transition(Reason::ConditionTrue {
            value: 0.73333,
            for_ms: 300_000,
            fires_at_ms: 360_000,
        });
        assert_eq!(
            pending.message(Lang::En, &clock),
            "pending: condition true since t60 (value 0.7333); `for: 5m` fires at t360 if it holds"
        );
        assert!(pending
            .message(Lang::Fr, &clock)
            .starts_with("en attente : condition vraie depuis t60"));
        let resolved = transition(Reason::Resolved {
            cause: Cause::Value {
                value: 0.02,
                op: BinaryOp::Gtr,
                threshold: 0.05,
            },
        });
        assert_eq!(
            resolved.message(Lang::En, &clock),
            "resolved: the value fell to 0.02, no longer > 0.05"
        );
        let rose = Cause::Value {
            value: 3.0,
            op: BinaryOp::Lss,
            threshold: 1.0,
        };
        assert_eq!(rose.message(Lang::En), "the value rose to 3, no longer < 1");
        let kept = transition(Reason::KeptFiring {
            cause: Cause::Gone,
            keep_ms: 600_000,
            until_ms: 660_000,
        });
        assert_eq!(
            kept.message(Lang::En, &clock),
            "still firing: the series has no recent sample any more; `keep_firing_for: 10m` keeps it firing until t660"
        );
    }
}
