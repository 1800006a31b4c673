//! The course as the app's structure: the step navigation (✓ on finished steps), each
//! step's introduction with its tasks (done once seen done in the simulation), and the
//! "why monitor" diagram.

mod chain;

use leptos::prelude::*;

use crate::course::{Observed, Step, Task};

use super::dashboard::use_dashboard;
use super::use_ctx;

pub use chain::Chain;

/// The step navigation: the six steps, then "free mode" (every tool at once).
#[component]
pub fn StepNav() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <nav class="step-nav" data-testid="step-nav" aria-label=move || ctx.t().steps_label>
            {Step::ALL.iter().map(|&step| {
                let current = move || ctx.step.get() == Some(step);
                let finished = move || ctx.progress.with(|p| p.step_finished(step));
                view! {
                    <button data-testid=format!("step-{}", step.index() + 1) class:active=current
                        data-finished=move || finished().to_string()
                        aria-current=move || if current() { "step" } else { "false" }
                        on:click=move |_| ctx.step.set(Some(step))>
                        <span class="num">{step.index() + 1}</span>
                        <span class="name">{move || step.title(ctx.lang.get())}</span>
                        <span class="step-done" aria-hidden="true">{move || if finished() { "✓" } else { "" }}</span>
                    </button>
                }
            }).collect_view()}
            <button data-testid="step-free" class:active=move || ctx.step.get().is_none()
                on:click=move |_| ctx.step.set(None)>{move || ctx.t().free_mode}</button>
        </nav>
    }
}

/// Records every task the learner gets done, whichever step is shown: the simulation and
/// what they built are watched, and [`crate::course::Progress`] keeps a task once it was seen done.
/// An effect, since progress is a record of what happened, not a function of the present.
pub fn track_progress() {
    let ctx = use_ctx();
    let dash = use_dashboard();
    // What the checks look at moves with scrapes (targets, stored series) and requests
    // served (/metrics), not with every frame of the clock.
    let moved = Memo::new(move |_| ctx.read(|pg| (pg.scrapes(), pg.app().requests_total() as u64)));
    Effect::new(move |_| {
        let _ = moved.get();
        let seen = Observed {
            browser_query: if ctx.query_ran.get() {
                ctx.browser_query.get()
            } else {
                String::new()
            },
            datasource_ok: dash.datasource_ok(),
            panel_queries: dash.panel_queries(),
            alerts: dash
                .specs()
                .iter()
                .filter_map(|p| p.alert_on_query())
                .collect(),
        };
        let mut progress = ctx.progress.get_untracked();
        let new = ctx
            .pg
            .try_with_value(|pg| progress.observe(&Task::ALL, pg, &seen))
            .unwrap_or_default();
        if !new.is_empty() {
            ctx.progress.set(progress);
        }
    });
}

/// The current step's introduction, its tasks, and the way to the next step.
#[component]
pub fn StepIntro() -> impl IntoView {
    let ctx = use_ctx();
    let body = move || {
        let step = ctx.step.get()?;
        let lang = ctx.lang.get();
        let tasks = step
            .tasks()
            .iter()
            .map(|&task| {
                let done = ctx.progress.with(|p| p.is_done(task));
                view! {
                    <li data-testid=format!("task-{}", task.id()) data-done=done.to_string() class:done=done>
                        <span class="tick" aria-hidden="true">{if done { "✓" } else { "○" }}</span>
                        <span>{task.text(lang)}</span>
                        <span class="sr-only">{if done { ctx.t().task_done } else { ctx.t().task_todo }}</span>
                    </li>
                }
            })
            .collect_view();
        let next = Step::from_index(step.index() + 1);
        let prev = step.index().checked_sub(1).and_then(Step::from_index);
        Some(view! {
            <section class="panel step-intro" data-testid="step-intro">
                <h2>{format!("{}. {}", step.index() + 1, step.title(lang))}</h2>
                <p>{step.summary(lang)}</p>
                {(step == Step::Why).then(|| view! { <Chain/> })}
                {(!step.tasks().is_empty()).then(|| view! { <h3>{ctx.t().tasks_title}</h3> })}
                <ul class="tasks">{tasks}</ul>
                <div class="step-buttons">
                    {prev.map(|p| view! { <button data-testid="step-prev" on:click=move |_| ctx.step.set(Some(p))>{format!("← {}", p.title(lang))}</button> })}
                    {next.map(|n| view! { <button class="primary" data-testid="step-next" on:click=move |_| ctx.step.set(Some(n))>{format!("{} →", n.title(lang))}</button> })}
                </div>
            </section>
        })
    };
    view! { {body} }
}
