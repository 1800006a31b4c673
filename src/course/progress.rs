//! What the learner has done so far: a task, once seen done, stays done (undoing the work
//! later, e.g. a restart that resets the counter, does not untick it), and a step is
//! finished when all its tasks are. Kept by task id in saved state and shared links.

use std::collections::BTreeSet;

use crate::playground::Playground;

use super::check::{check, Observed};
use super::steps::Step;
use super::tasks::Task;

/// The tasks done so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    done: BTreeSet<Task>,
}

impl Progress {
    /// Progress with `tasks` done.
    pub fn with_done(tasks: impl IntoIterator<Item = Task>) -> Progress {
        Progress {
            done: crate::order::set(tasks),
        }
    }

    /// Whether `task` was done at some point.
    pub fn is_done(&self, task: Task) -> bool {
        self.done.contains(&task)
    }

    /// Whether `step` has tasks and all of them are done.
    pub fn step_finished(&self, step: Step) -> bool {
        !step.tasks().is_empty() && step.tasks().iter().all(|&t| self.is_done(t))
    }

    /// The tasks done, in the course's order.
    pub fn done(&self) -> impl Iterator<Item = Task> + '_ {
        self.done.iter().copied()
    }

    /// Checks the tasks of `tasks` not done yet against the simulation and what the
    /// learner built, and records those done now; returns the newly done ones.
    pub fn observe(&mut self, tasks: &[Task], pg: &Playground, seen: &Observed) -> Vec<Task> {
        let new: Vec<Task> = tasks
            .iter()
            .copied()
            .filter(|&t| !self.is_done(t) && check(t, pg, seen))
            .collect();
        self.done.extend(new.iter().copied());
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_795_545_600_000;

    #[test]
    fn a_task_stays_done_when_its_condition_no_longer_holds() {
        let mut pg = Playground::new(1, START);
        let mut progress = Progress::default();
        let seen = Observed::default();
        let tasks = Step::Instrument.tasks();
        assert!(progress.observe(tasks, &pg, &seen).is_empty());
        for _ in 0..10 {
            pg.send_request();
        }
        assert_eq!(progress.observe(tasks, &pg, &seen), [Task::SendTenRequests]);
        assert!(progress.step_finished(Step::Instrument));
        pg.restart_app();
        assert!(
            !check(Task::SendTenRequests, &pg, &seen),
            "the counter reset"
        );
        assert!(progress.observe(tasks, &pg, &seen).is_empty());
        assert!(
            progress.is_done(Task::SendTenRequests),
            "but the task stays done"
        );
    }

    #[test]
    fn nothing_is_done_by_the_page_defaults_alone() {
        let mut pg = Playground::new(1, START);
        pg.step(60_000);
        let mut progress = Progress::default();
        let seen = Observed::default();
        let all: Vec<Task> = Step::ALL.iter().flat_map(|s| s.tasks()).copied().collect();
        // The course's target is up by itself: that is the one thing to check, not do.
        assert_eq!(progress.observe(&all, &pg, &seen), [Task::TargetUp]);
        assert!(!progress.step_finished(Step::Run));
        assert!(
            !progress.step_finished(Step::Why),
            "a step without tasks is not 'finished'"
        );
    }

    #[test]
    fn ids_round_trip() {
        for t in Task::ALL {
            assert_eq!(Task::from_id(t.id()), Some(t));
        }
        assert_eq!(Task::from_id("<script>"), None);
        let p = Progress::with_done([Task::AlertRule, Task::SendTenRequests]);
        let order: Vec<Task> = p.done().collect();
        assert_eq!(order, [Task::SendTenRequests, Task::AlertRule]);
    }
}
