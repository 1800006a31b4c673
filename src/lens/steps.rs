//! The lens' arithmetic as lines of text, in French and English.

use crate::lang::Lang;
use crate::promql::rate::StartEdge;

use super::target::LensFn;

/// One line of the lens' arithmetic.
#[derive(Clone, Debug, PartialEq)]
pub enum LensStep {
    /// The window and how many samples fall inside.
    Window {
        /// Window length, ms.
        range_ms: i64,
        /// `offset`, ms.
        offset_ms: i64,
        /// Samples inside.
        count: usize,
    },
    /// The newest sample left of the window, and why it is out.
    Excluded {
        /// Its time relative to the window's end, ms (negative).
        rel_ms: i64,
        /// It sits exactly on the window's open start.
        on_edge: bool,
    },
    /// Not enough samples for a value.
    TooFew {
        /// How many are needed.
        needed: usize,
    },
    /// A counter reset and its compensation.
    Reset {
        /// Time of the sample after the drop, relative to the window's end, ms.
        rel_ms: i64,
        /// Value before the drop (added back).
        before: f64,
        /// Value after the drop.
        after: f64,
    },
    /// `last - first (+ values before resets)`.
    RawChange {
        /// First sample's value.
        first: f64,
        /// Last sample's value.
        last: f64,
        /// Sum of the values added back for resets.
        added: f64,
        /// The change.
        result: f64,
    },
    /// Span covered by the samples and the average interval.
    Sampled {
        /// Seconds from the first to the last sample.
        sampled: f64,
        /// Intervals between samples.
        intervals: usize,
        /// Average interval, s.
        average: f64,
        /// 1.1 × the average interval, s.
        threshold: f64,
    },
    /// Extrapolation toward the window's start.
    ToStart {
        /// Seconds from the window's start to the first sample.
        gap: f64,
        /// Seconds extrapolated.
        used: f64,
        /// Why that much.
        edge: StartEdge,
    },
    /// Extrapolation toward the window's end.
    ToEnd {
        /// Seconds from the last sample to the window's end.
        gap: f64,
        /// Seconds extrapolated.
        used: f64,
        /// Limited to half an average interval.
        half: bool,
    },
    /// The extrapolation factor.
    Factor {
        /// Sampled seconds.
        sampled: f64,
        /// Seconds added at the start.
        to_start: f64,
        /// Seconds added at the end.
        to_end: f64,
        /// `(sampled + to_start + to_end) / sampled`.
        factor: f64,
    },
    /// The change scaled by the factor.
    Extrapolated {
        /// Raw change.
        change: f64,
        /// Factor.
        factor: f64,
        /// Their product.
        value: f64,
    },
    /// Division by the window (rate) or the interval (irate), in seconds.
    PerSecond {
        /// The change divided.
        change: f64,
        /// Seconds divided by.
        range_s: f64,
    },
    /// `irate`/`idelta`: the last two samples.
    LastTwo {
        /// Value of the second-to-last sample.
        prev: f64,
        /// Value of the last sample.
        last: f64,
        /// The counter reset between them (the last value is the change).
        reset: bool,
        /// The change.
        change: f64,
    },
    /// An `*_over_time` aggregation.
    OverTime {
        /// The function.
        func: LensFn,
        /// Samples aggregated.
        count: usize,
        /// `sum_over_time` and `avg_over_time`: the compensated sum (none when the mean
        /// was taken incrementally because the sum overflows).
        sum: Option<f64>,
        /// `min`, `max` and `last_over_time`: the time of the sample taken, relative to
        /// the window's end, ms.
        rel_ms: Option<i64>,
    },
    /// The value.
    Result {
        /// The function.
        func: LensFn,
        /// The value.
        value: f64,
    },
}

/// A number as the lens writes it: whole numbers plainly, others to 4 decimals.
pub fn format_number(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{v:.0}")
    } else if v.is_finite() {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v}")
    }
}

/// A time relative to the window's end: `t`, `t−15s`, `t−7.5s`.
fn rel(ms: i64) -> String {
    if ms == 0 {
        "t".into()
    } else {
        let s = format_number(ms.unsigned_abs() as f64 / 1000.0);
        format!("t{}{s}s", if ms < 0 { "−" } else { "+" })
    }
}

impl LensStep {
    /// The line in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            LensStep::Window {
                range_ms,
                offset_ms,
                count,
            } => {
                let r = format_number(*range_ms as f64 / 1000.0);
                let off = if *offset_ms != 0 {
                    format!(" (offset {}s)", format_number(*offset_ms as f64 / 1000.0))
                } else {
                    String::new()
                };
                if fr {
                    format!("Fenêtre ]t−{r}s, t]{off} : {count} échantillon(s) dedans (ouverte à gauche).")
                } else {
                    format!("Window (t−{r}s, t]{off}: {count} sample(s) inside (open on the left).")
                }
            }
            LensStep::Excluded { rel_ms, on_edge } => match (fr, on_edge) {
                (true, true) => format!("L'échantillon à {} est pile sur le bord gauche : exclu.", rel(*rel_ms)),
                (true, false) => format!("L'échantillon à {} est avant la fenêtre : exclu.", rel(*rel_ms)),
                (false, true) => format!("The sample at {} is exactly on the left edge: excluded.", rel(*rel_ms)),
                (false, false) => format!("The sample at {} is before the window: excluded.", rel(*rel_ms)),
            },
            LensStep::TooFew { needed } => {
                if fr {
                    format!("Il faut au moins {needed} échantillon(s) : pas de valeur.")
                } else {
                    format!("At least {needed} sample(s) needed: no value.")
                }
            }
            LensStep::Reset { rel_ms, before, after } => {
                if fr {
                    format!("Remise à zéro du compteur à {} : {} → {} ; on rajoute {}.", rel(*rel_ms), format_number(*before), format_number(*after), format_number(*before))
                } else {
                    format!("Counter reset at {}: {} → {}; {} is added back.", rel(*rel_ms), format_number(*before), format_number(*after), format_number(*before))
                }
            }
            LensStep::RawChange { first, last, added, result } => {
                let resets = if *added != 0.0 { format!(" + {}", format_number(*added)) } else { String::new() };
                let head = if fr { "Variation brute : dernier − premier" } else { "Raw change: last − first" };
                format!("{head} = {} − {}{resets} = {}", format_number(*last), format_number(*first), format_number(*result))
            }
            LensStep::Sampled { sampled, intervals, average, threshold } => {
                if fr {
                    format!("Les échantillons couvrent {} s en {intervals} intervalle(s) : moyenne {} s, seuil 1,1 × {} = {} s.", format_number(*sampled), format_number(*average), format_number(*average), format_number(*threshold))
                } else {
                    format!("The samples cover {} s in {intervals} interval(s): average {} s, threshold 1.1 × {} = {} s.", format_number(*sampled), format_number(*average), format_number(*average), format_number(*threshold))
                }
            }
            LensStep::ToStart { gap, used, edge } => {
                let why = match (fr, edge) {
                    (true, StartEdge::Gap) => "tout l'écart (sous le seuil)",
                    (true, StartEdge::HalfInterval) => "écart ≥ seuil : une demi-moyenne seulement",
                    (true, StartEdge::Zero) => "borné là où le compteur vaudrait 0",
                    (false, StartEdge::Gap) => "the whole gap (under the threshold)",
                    (false, StartEdge::HalfInterval) => "gap ≥ threshold: half an average interval only",
                    (false, StartEdge::Zero) => "stopped where the counter would reach 0",
                };
                if fr {
                    format!("Vers le début : écart {} s, extrapolé {} s ({why}).", format_number(*gap), format_number(*used))
                } else {
                    format!("Toward the start: gap {} s, extrapolated {} s ({why}).", format_number(*gap), format_number(*used))
                }
            }
            LensStep::ToEnd { gap, used, half } => {
                let why = match (fr, half) {
                    (true, false) => "tout l'écart (sous le seuil)",
                    (true, true) => "écart ≥ seuil : une demi-moyenne seulement",
                    (false, false) => "the whole gap (under the threshold)",
                    (false, true) => "gap ≥ threshold: half an average interval only",
                };
                if fr {
                    format!("Vers la fin : écart {} s, extrapolé {} s ({why}).", format_number(*gap), format_number(*used))
                } else {
                    format!("Toward the end: gap {} s, extrapolated {} s ({why}).", format_number(*gap), format_number(*used))
                }
            }
            LensStep::Factor { sampled, to_start, to_end, factor } => {
                let head = if fr { "Facteur" } else { "Factor" };
                format!("{head} = ({} + {} + {}) / {} = {}", format_number(*sampled), format_number(*to_start), format_number(*to_end), format_number(*sampled), format_number(*factor))
            }
            LensStep::Extrapolated { change, factor, value } => {
                let head = if fr { "Variation extrapolée" } else { "Extrapolated change" };
                format!("{head} = {} × {} = {}", format_number(*change), format_number(*factor), format_number(*value))
            }
            LensStep::PerSecond { change, range_s } => {
                let head = if fr { "Par seconde" } else { "Per second" };
                format!("{head} = {} / {} s", format_number(*change), format_number(*range_s))
            }
            LensStep::LastTwo { prev, last, reset, change } => match (fr, reset) {
                (true, false) => format!("Deux derniers échantillons : {} − {} = {}", format_number(*last), format_number(*prev), format_number(*change)),
                (true, true) => format!("Deux derniers échantillons : {} → {} est une remise à zéro, la variation est {}", format_number(*prev), format_number(*last), format_number(*change)),
                (false, false) => format!("Last two samples: {} − {} = {}", format_number(*last), format_number(*prev), format_number(*change)),
                (false, true) => format!("Last two samples: {} → {} is a reset, the change is {}", format_number(*prev), format_number(*last), format_number(*change)),
            },
            LensStep::OverTime { func, count, sum, rel_ms } => {
                let sum = sum.map(format_number);
                let what = match (fr, func, sum) {
                    (true, LensFn::Sum, Some(s)) => format!("somme de {count} valeur(s) = {s}"),
                    (true, LensFn::Avg, Some(s)) => format!("somme {s} / {count} valeur(s)"),
                    (true, LensFn::Avg, None) => format!("moyenne de {count} valeur(s) prise pas à pas (leur somme déborde)"),
                    (true, LensFn::Count, _) => format!("{count} valeur(s) comptée(s)"),
                    (true, _, _) => format!("parmi {count} valeur(s)"),
                    (false, LensFn::Sum, Some(s)) => format!("sum of {count} value(s) = {s}"),
                    (false, LensFn::Avg, Some(s)) => format!("sum {s} / {count} value(s)"),
                    (false, LensFn::Avg, None) => format!("mean of {count} value(s) taken step by step (their sum overflows)"),
                    (false, LensFn::Count, _) => format!("{count} value(s) counted"),
                    (false, _, _) => format!("among {count} value(s)"),
                };
                let taken = match (fr, rel_ms) {
                    (true, Some(ms)) => format!(", celle à {}", rel(*ms)),
                    (false, Some(ms)) => format!(", the one at {}", rel(*ms)),
                    (_, None) => String::new(),
                };
                format!("{}: {what}{taken}", func.name())
            }
            LensStep::Result { func, value } => format!("{}(…) = {}", func.name(), format_number(*value)),
        }
    }
}
