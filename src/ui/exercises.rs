//! Incidents to diagnose: the list of exercises, and for the one chosen its question, an
//! answer field, a "show me" query evaluated on the exercise's own playground (the
//! learner's simulation is left alone), the verdict, a hint on demand and the solution
//! after a try. The checks are `crate::exercise`'s.

use leptos::prelude::*;

use super::{use_ctx, utc_offset_min};
use crate::chart::format_clock;
use crate::exercise::{ExerciseKind, QueryVerdict, Scenario};
use crate::lang::Lang;

/// The seed every exercise is built from (one hour, the same for every learner).
const EXERCISE_SEED: u64 = 2026;

/// The exercises panel.
#[component]
pub fn Exercises() -> impl IntoView {
    let ctx = use_ctx();
    let chosen = RwSignal::new(None::<ExerciseKind>);
    let scenario = StoredValue::new_local(None::<Scenario>);
    let answer = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let verdict = RwSignal::new(None::<bool>);
    let shown = RwSignal::new(None::<Result<QueryVerdict, String>>);
    let tries = RwSignal::new(0u32);
    let hint = RwSignal::new(false);
    let choose = move |kind: ExerciseKind| {
        scenario.set_value(Some(Scenario::build(kind, EXERCISE_SEED)));
        chosen.set(Some(kind));
        answer.set(String::new());
        query.set(String::new());
        verdict.set(None);
        shown.set(None);
        tries.set(0);
        hint.set(false);
    };
    let texts = move |lang: Lang| scenario.with_value(|s| s.as_ref().map(|s| s.texts(lang)));
    let run_query = move || {
        let q = query.get_untracked();
        let lang = ctx.lang.get_untracked();
        let result = scenario.with_value(|s| {
            s.as_ref()
                .filter(|_| !q.trim().is_empty())
                .map(|s| s.check_query(&q).map_err(|e| e.message(lang)))
        });
        shown.set(result.clone());
        result
    };
    let check = move |_| {
        let a = answer.get_untracked();
        let named = scenario.with_value(|s| {
            s.as_ref()
                .filter(|_| !a.trim().is_empty())
                .map(|s| s.check_answer(&a))
        });
        let showed = run_query().map(|r| r.is_ok_and(|v| v.shows_the_incident()));
        let correct = match (named, showed) {
            (None, None) => return,
            (Some(n), Some(q)) => n && q,
            (Some(x), None) | (None, Some(x)) => x,
        };
        verdict.set(Some(correct));
        tries.update(|t| *t += 1);
    };
    let item = move |kind: ExerciseKind| {
        let title = move || kind.title(ctx.lang.get());
        view! {
            <li>
                <button data-testid=format!("exercise-{}", kind.id())
                    class:active=move || chosen.get() == Some(kind)
                    on:click=move |_| choose(kind)>{title}</button>
            </li>
        }
    };
    let when = |span: Option<(i64, i64)>| {
        let clock = |ms| format_clock(ms, utc_offset_min(), false);
        span.map_or(String::new(), |(a, b)| format!("{}–{}", clock(a), clock(b)))
    };
    let table = move || {
        shown.get().map(|r| match r {
            Err(message) => view! { <p class="error" data-testid="exercise-query-error">{message}</p> }.into_any(),
            Ok(v) => view! {
                <table class="exercise-series" data-testid="exercise-series"
                    data-singled-out=v.singled_out.to_string() data-right-time=v.at_the_right_time.to_string()>
                    <thead><tr>
                        <th>{move || ctx.t().exercise_series}</th>
                        <th>{move || ctx.t().exercise_max}</th>
                        <th>{move || ctx.t().exercise_when}</th>
                    </tr></thead>
                    <tbody>
                        {v.series.into_iter().map(|s| view! {
                            <tr><td><code>{s.labels.to_string()}</code></td><td>{format!("{:.4}", s.max)}</td>
                                <td data-testid="exercise-series-when">{when(s.span_ms)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        })
    };
    let body = move || {
        chosen.get().map(|kind| {
            view! {
                <div class="exercise" data-exercise=kind.id()>
                    <p class="question">{move || texts(ctx.lang.get()).map(|t| t.question)}</p>
                    <label>
                        <span>{move || ctx.t().exercise_answer}</span>
                        <input data-testid="exercise-answer" prop:value=move || answer.get()
                            on:input=move |ev| answer.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        <span>{move || ctx.t().exercise_query}</span>
                        <textarea data-testid="exercise-query" rows="2" spellcheck="false"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="buttons">
                        <button data-testid="exercise-run" on:click=move |_| { run_query(); }>{move || ctx.t().exercise_run}</button>
                        <button data-testid="exercise-check" on:click=check>{move || ctx.t().exercise_check}</button>
                        <button data-testid="exercise-hint" on:click=move |_| hint.set(true)>{move || ctx.t().exercise_hint}</button>
                    </div>
                    {move || verdict.get().map(|ok| view! {
                        <p class="exercise-result" data-testid="exercise-result" data-correct=ok.to_string()>
                            {move || if ok { ctx.t().exercise_correct } else { ctx.t().exercise_wrong }}
                        </p>
                    })}
                    {table}
                    {move || hint.get().then(|| view! {
                        <p class="hint" data-testid="exercise-hint-text">{move || texts(ctx.lang.get()).map(|t| t.hint)}</p>
                    })}
                    {move || (tries.get() > 0).then(|| view! {
                        <div class="exercise-solution" data-testid="exercise-solution">
                            <h4>{move || ctx.t().exercise_solution}</h4>
                            <pre><code>{move || texts(ctx.lang.get()).map(|t| t.solution_query)}</code></pre>
                            <p>{move || texts(ctx.lang.get()).map(|t| t.why)}</p>
                        </div>
                    })}
                </div>
            }
        })
    };
    view! {
        <section class="exercises panel" data-testid="exercises">
            <h2>{move || ctx.t().exercises_title}</h2>
            <p class="hint">{move || ctx.t().exercises_intro}</p>
            <ul class="exercise-list" data-testid="exercise-list">
                {ExerciseKind::ALL.map(item).collect_view()}
            </ul>
            {body}
        </section>
    }
}
