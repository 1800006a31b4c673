//! Time functions: `timestamp` and the UTC calendar functions (`minute`, `hour`,
//! `day_of_week`, `day_of_month`, `day_of_year`, `days_in_month`, `month`, `year`).

use crate::go::time::utc_date;
use crate::promql::ast::{Call, ExprKind};
use crate::store::{Labels, Sample};

use super::super::selectors;
use super::{map_points, EvalError, EvalSeries, EvalValue, Evaluator};

/// `timestamp(v)`: the sample's own time for a selector, else the evaluation time.
pub(crate) fn timestamp(ev: &Evaluator, call: &Call) -> Result<EvalValue, EvalError> {
    let e = super::arg(call, 0)?;
    if let ExprKind::VectorSelector(vs) = &e.kind {
        let mut out = selectors::vector(ev, vs, true)?;
        out.iter_mut().for_each(|s| s.drop_name = true);
        return Ok(EvalValue::Vector(out));
    }
    let input = ev.eval_vector(e)?;
    Ok(EvalValue::Vector(map_points(ev, input, |i, _| {
        Some(ev.step_ts(i) as f64 / 1000.0)
    })))
}

/// A calendar function, of its vector argument (seconds) or of the evaluation time.
pub(crate) fn date_fn(ev: &Evaluator, call: &Call, name: &str) -> Result<EvalValue, EvalError> {
    let f = |secs: f64| -> f64 {
        let Some(d) = utc_date(secs) else {
            return f64::NAN;
        };
        let field = match name {
            "minute" => d.minute,
            "hour" => d.hour,
            "day_of_week" => d.weekday,
            "day_of_month" => d.day,
            "day_of_year" => d.year_day,
            "days_in_month" => d.days_in_month,
            "month" => d.month,
            _ => d.year,
        };
        field as f64
    };
    match call.args.first() {
        None => Ok(EvalValue::Vector(vec![EvalSeries {
            labels: Labels::empty(),
            drop_name: false,
            points: (0..ev.num_steps())
                .map(|i| {
                    let t = ev.step_ts(i);
                    Sample {
                        t,
                        v: f(t.div_euclid(1000) as f64),
                    }
                })
                .collect(),
        }])),
        Some(e) => {
            let input = ev.eval_vector(e)?;
            Ok(EvalValue::Vector(map_points(ev, input, |_, v| Some(f(v)))))
        }
    }
}
