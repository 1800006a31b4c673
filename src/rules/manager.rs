//! The rules Prometheus runs: the groups of the loaded rules file, each evaluated every
//! `interval` (the global `evaluation_interval` unless the group says otherwise) at
//! times offset by a hash of the group's name, as Prometheus spreads groups, and the
//! history of every alert's transitions.
//!
//! Reloading keeps what Prometheus keeps: an unchanged group runs on untouched; a
//! changed one starts again at its next slot with the state (active alerts, series
//! written) of its rules that kept their name and labels; series of rules and groups
//! that are gone are marked stale.

use crate::promql::Engine;
use crate::store::{Labels, Store, STALE_NAN};

use super::eval::{eval_rule, EvalContext, RuleRun};
use super::history::{Transition, MAX_TRANSITIONS};
use super::model::{Rule, RuleFile, RuleGroup, RuleKind};
use super::RULES_FILE;

/// A loaded group and its schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRun {
    /// The group as written.
    pub group: RuleGroup,
    /// Time between evaluations (ms).
    pub interval_ms: i64,
    /// The next evaluation's time.
    pub next_eval_ms: i64,
    /// The last evaluation's time.
    pub last_eval_ms: Option<i64>,
    /// Each rule's state, in the group's order.
    pub runs: Vec<RuleRun>,
}

/// What evaluations need from the rest of Prometheus.
pub struct RulesContext<'a> {
    /// The PromQL engine.
    pub engine: &'a Engine,
    /// `global.external_labels`.
    pub external_labels: &'a [(String, String)],
    /// Prometheus's external URL.
    pub external_url: &'a str,
}

/// The running rules and their history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleManager {
    groups: Vec<GroupRun>,
    history: Vec<Transition>,
}

/// FNV-1a of the group's file and name: where in its interval a group is evaluated.
fn group_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in RULES_FILE.bytes().chain([0xff]).chain(name.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The first evaluation time after `now` of a group evaluated every `interval_ms`
/// (Prometheus's `EvalTimestamp` plus one interval).
pub fn next_slot(name: &str, interval_ms: i64, now: i64) -> i64 {
    let interval = interval_ms.max(1);
    let offset = i64::try_from(group_hash(name) % interval as u64).unwrap_or(0);
    let adjusted = now - offset;
    adjusted - adjusted.rem_euclid(interval) + offset + interval
}

/// What identifies a rule across reloads (Prometheus's `nameAndLabels`).
fn identity(rule: &Rule) -> String {
    let labels: Vec<String> = match &rule.kind {
        RuleKind::Recording { labels } => labels.iter().map(|(n, v)| format!("{n}={v}")).collect(),
        RuleKind::Alerting(spec) => spec
            .labels
            .iter()
            .map(|(n, t)| format!("{n}={}", t.text()))
            .collect(),
    };
    format!("{}{{{}}}", rule.name, labels.join(","))
}

/// Marks every series in `series` stale at `at`.
fn mark_stale(series: &[Labels], at: i64, store: &mut Store) {
    for labels in series {
        // A series with a sample after `at` cannot be marked; it has moved on anyway.
        let _ = store.append(labels, at, STALE_NAN);
    }
}

impl RuleManager {
    /// The loaded groups, in file order.
    pub fn groups(&self) -> &[GroupRun] {
        &self.groups
    }

    /// Every transition so far, oldest first (the last [`MAX_TRANSITIONS`]).
    pub fn history(&self) -> &[Transition] {
        &self.history
    }

    /// Whether any group is loaded.
    pub fn is_loaded(&self) -> bool {
        !self.groups.is_empty()
    }

    /// Runs `file` from `now`, groups evaluated every `default_interval_ms` unless they
    /// set their own; state carries over as in Prometheus's reload.
    pub fn load(&mut self, file: &RuleFile, default_interval_ms: u64, now: i64, store: &mut Store) {
        let mut old = std::mem::take(&mut self.groups);
        for group in &file.groups {
            let interval_ms = i64::try_from(group.interval_ms.unwrap_or(default_interval_ms))
                .unwrap_or(i64::MAX)
                .max(1);
            let previous = old
                .iter()
                .position(|g| g.group.name == group.name)
                .map(|i| old.remove(i));
            let run = match previous {
                Some(p) if p.group == *group && p.interval_ms == interval_ms => p,
                Some(p) => Self::carry_over(p, group, interval_ms, now, store),
                None => GroupRun {
                    group: group.clone(),
                    interval_ms,
                    next_eval_ms: next_slot(&group.name, interval_ms, now),
                    last_eval_ms: None,
                    runs: vec![RuleRun::default(); group.rules.len()],
                },
            };
            self.groups.push(run);
        }
        for gone in old {
            for run in gone.runs {
                mark_stale(&run.previous, now, store);
            }
        }
    }

    /// A changed group: its rules that kept their identity keep their state.
    fn carry_over(
        from: GroupRun,
        group: &RuleGroup,
        interval_ms: i64,
        now: i64,
        store: &mut Store,
    ) -> GroupRun {
        let mut left: Vec<Option<(String, RuleRun)>> = from
            .group
            .rules
            .iter()
            .zip(from.runs)
            .map(|(r, run)| Some((identity(r), run)))
            .collect();
        let runs = group
            .rules
            .iter()
            .map(|rule| {
                let id = identity(rule);
                left.iter_mut()
                    .find(|slot| slot.as_ref().is_some_and(|(i, _)| *i == id))
                    .and_then(Option::take)
                    .map(|(_, run)| run)
                    .unwrap_or_default()
            })
            .collect();
        for (_, run) in left.into_iter().flatten() {
            mark_stale(&run.previous, now, store);
        }
        GroupRun {
            group: group.clone(),
            interval_ms,
            next_eval_ms: next_slot(&group.name, interval_ms, now),
            last_eval_ms: from.last_eval_ms,
            runs,
        }
    }

    /// Stops every group; their series are marked stale at `now`.
    pub fn unload(&mut self, now: i64, store: &mut Store) {
        self.load(&RuleFile::default(), 1, now, store);
    }

    /// The next evaluation due, if any group is loaded.
    pub fn next_due_ms(&self) -> Option<i64> {
        self.groups.iter().map(|g| g.next_eval_ms).min()
    }

    /// Evaluates every group due at or before `t`, once, at its own slot.
    pub fn eval_due(&mut self, t: i64, store: &mut Store, ctx: &RulesContext) {
        for g in self.groups.iter_mut().filter(|g| g.next_eval_ms <= t) {
            let ts = g.next_eval_ms;
            let eval_ctx = EvalContext {
                engine: ctx.engine,
                external_labels: ctx.external_labels,
                external_url: ctx.external_url,
                interval_ms: g.interval_ms,
            };
            for (rule, run) in g.group.rules.iter().zip(g.runs.iter_mut()) {
                eval_rule(&g.group, rule, run, ts, store, &eval_ctx, &mut self.history);
            }
            g.last_eval_ms = Some(ts);
            g.next_eval_ms = ts + g.interval_ms;
        }
        let extra = self.history.len().saturating_sub(MAX_TRANSITIONS);
        self.history.drain(..extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::alerting::AlertState;
    use crate::rules::parse_rules;

    const MIN: i64 = 60_000;

    fn ctx(engine: &Engine) -> RulesContext<'_> {
        RulesContext {
            engine,
            external_labels: &[],
            external_url: "",
        }
    }

    /// Runs the manager until `end`, evaluation after evaluation.
    fn run_until(m: &mut RuleManager, end: i64, store: &mut Store, engine: &Engine) -> Vec<i64> {
        let mut times = Vec::new();
        while let Some(t) = m.next_due_ms().filter(|t| *t <= end) {
            times.push(t);
            m.eval_due(t, store, &ctx(engine));
        }
        times
    }

    #[test]
    fn groups_are_evaluated_every_interval_at_a_stable_offset() {
        let file = parse_rules(
            "groups:\n  - name: a\n    rules: []\n  - name: b\n    interval: 30s\n    rules: []\n",
        )
        .unwrap();
        let mut m = RuleManager::default();
        let mut store = Store::default();
        let engine = Engine::default();
        m.load(&file, MIN as u64, 1_000, &mut store);
        let times = run_until(&mut m, 10 * MIN, &mut store, &engine);
        let a: Vec<i64> = times
            .iter()
            .copied()
            .filter(|t| (t - next_slot("a", MIN, 1_000)) % MIN == 0)
            .collect();
        assert!(a.len() >= 9, "a runs every minute: {times:?}");
        assert!(times.iter().all(|t| *t > 1_000), "nothing before the load");
        let first_a = next_slot("a", MIN, 1_000);
        assert!(first_a > 1_000 && first_a <= 1_000 + MIN);
        assert_eq!(
            next_slot("a", MIN, first_a),
            first_a + MIN,
            "slots repeat every interval"
        );
        assert_ne!(
            first_a % MIN,
            next_slot("b", MIN, 1_000) % MIN,
            "groups spread over the interval"
        );
    }

    #[test]
    fn reload_keeps_unchanged_groups_and_carries_alerts_over() {
        let text = "groups:\n  - name: g\n    rules:\n      - alert: Always\n        expr: vector(1)\n        for: 5m\n";
        let mut m = RuleManager::default();
        let mut store = Store::default();
        let engine = Engine::default();
        m.load(&parse_rules(text).unwrap(), MIN as u64, 0, &mut store);
        run_until(&mut m, 3 * MIN, &mut store, &engine);
        let active_at = m.groups()[0].runs[0]
            .alerts
            .alerts
            .values()
            .next()
            .map(|a| a.active_at_ms);
        assert_eq!(m.groups()[0].runs[0].alerts.state(), AlertState::Pending);
        // Same file: nothing moves.
        let before = m.clone();
        m.load(&parse_rules(text).unwrap(), MIN as u64, 3 * MIN, &mut store);
        assert_eq!(m, before);
        // An annotation added: same rule identity, the pending alert carries over.
        let changed = format!("{text}        annotations:\n          a: b\n");
        m.load(
            &parse_rules(&changed).unwrap(),
            MIN as u64,
            3 * MIN,
            &mut store,
        );
        let kept = m.groups()[0].runs[0]
            .alerts
            .alerts
            .values()
            .next()
            .map(|a| a.active_at_ms);
        assert_eq!(kept, active_at);
        run_until(&mut m, 8 * MIN, &mut store, &engine);
        assert_eq!(m.groups()[0].runs[0].alerts.state(), AlertState::Firing);
        // Unloading marks its series stale.
        m.unload(8 * MIN + 1, &mut store);
        assert!(!m.is_loaded());
        let expr = crate::promql::parse("ALERTS").unwrap();
        let result = engine.instant(&store, &expr, 8 * MIN + 2).unwrap();
        assert!(matches!(result.value, crate::promql::Value::Vector(v) if v.is_empty()));
        let pending = m
            .history()
            .iter()
            .filter(|t| t.to == AlertState::Pending)
            .count();
        assert_eq!(pending, 1, "one activation, carried over the reload");
    }
}
