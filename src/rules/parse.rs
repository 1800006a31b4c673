//! Reading `rules.yml` into raw groups and rules, with positions, the way Prometheus's
//! `rulefmt` decodes it (yaml.v3, unknown fields refused): the positioned YAML tree and
//! the strict decoder of `config` do the work; what yaml.v3 says differently from
//! yaml.v2 (a repeated key is `mapping key "x" already defined at line N`) is handled
//! here.

use crate::config::decode::{Decoder, Spanned, Step};
use crate::config::tree::{parse_tree, NodeId, NodeKind, Tree};
use crate::config::{ConfigError, ConfigErrorKind, Position, TypeProblem};
use crate::go::duration::parse_duration;

use super::error::{RuleError, RuleErrorKind, RulesError, YamlIssue};

/// Keys of a group (`rulefmt.RuleGroup`).
const GROUP_KEYS: [&str; 6] = [
    "name",
    "interval",
    "query_offset",
    "limit",
    "rules",
    "labels",
];

/// Keys of a rule (`rulefmt.RuleNode`).
const RULE_KEYS: [&str; 7] = [
    "record",
    "alert",
    "expr",
    "for",
    "keep_firing_for",
    "labels",
    "annotations",
];

/// A scalar kept as written, as Prometheus keeps `record`, `alert` and `expr` (yaml
/// nodes): its text (empty for a list or a mapping) and where it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct NodeText {
    /// The text.
    pub value: String,
    /// Where the value starts; `None` when the key is absent.
    pub pos: Option<Position>,
    /// Written plain on one line, so a column inside it is a column in the file.
    pub inline: bool,
}

/// A `map[string]string` as written: each name with where it is, and its value.
pub(crate) type RawMap = Vec<(Spanned<String>, String)>;

/// A rule as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawRule {
    pub pos: Option<Position>,
    pub record: NodeText,
    pub alert: NodeText,
    pub expr: NodeText,
    pub for_ms: u64,
    pub keep_firing_for_ms: u64,
    pub labels: RawMap,
    pub annotations: RawMap,
}

/// A group as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawGroup {
    pub pos: Option<Position>,
    pub name: String,
    pub interval_ms: u64,
    pub query_offset_ms: Option<u64>,
    pub limit: i64,
    pub labels: RawMap,
    pub rules: Vec<RawRule>,
}

/// Reads the groups of `text`, or why the YAML does not fit.
pub(crate) fn read_groups(text: &str) -> Result<Vec<RawGroup>, RulesError> {
    let yaml = |e: ConfigError| {
        RulesError(vec![RuleError::at(
            RuleErrorKind::Yaml(e.clone()),
            e.position,
        )])
    };
    let tree = parse_tree(text).map_err(yaml)?;
    let mut d = Decoder::new(&tree);
    let groups = read_file(&mut d, &tree).map_err(yaml)?;
    let mut issues: Vec<YamlIssue> = d
        .issues
        .iter()
        .filter(|i| {
            !matches!(
                i.problem,
                TypeProblem::FieldAlreadySet { .. } | TypeProblem::KeyAlreadySet { .. }
            )
        })
        .cloned()
        .map(YamlIssue::Type)
        .collect();
    issues.extend(repeated_keys(&tree));
    crate::order::sort_by_key(&mut issues, YamlIssue::position);
    match issues.first() {
        Some(first) => {
            let at = first.position();
            Err(RulesError(vec![RuleError::at(
                RuleErrorKind::Unmarshal(issues),
                Some(at),
            )]))
        }
        None => Ok(groups),
    }
}

/// yaml.v3's check on every mapping: a key written twice.
fn repeated_keys(tree: &Tree) -> Vec<YamlIssue> {
    let key_text = |id: NodeId| match &tree.node(id).kind {
        NodeKind::Scalar { value, .. } => Some(value.as_str()),
        _ => None,
    };
    let mut out = Vec::new();
    for node in &tree.nodes {
        let NodeKind::Map { entries, .. } = &node.kind else {
            continue;
        };
        for (i, (first, _)) in entries.iter().enumerate() {
            for (again, _) in entries.iter().skip(i + 1) {
                match (key_text(*first), key_text(*again)) {
                    (Some(a), Some(b)) if a == b => out.push(YamlIssue::DuplicateKey {
                        key: a.to_string(),
                        position: tree.node(*again).pos,
                        first_line: tree.node(*first).pos.line,
                    }),
                    _ => {}
                }
            }
        }
    }
    out
}

fn read_file(d: &mut Decoder, tree: &Tree) -> Result<Vec<RawGroup>, ConfigError> {
    let Some(root) = tree.root else {
        return Ok(Vec::new());
    };
    let mut groups = Vec::new();
    d.fields(
        root,
        "rulefmt.RuleGroups",
        &["groups"],
        &mut |d, _, v, _| {
            if let Some(list) =
                d.pointer_list(v, "[]rulefmt.RuleGroup", |d, id| read_group(d, tree, id))?
            {
                groups = list.into_iter().filter_map(|g| g.value).collect();
            }
            Ok(())
        },
    )?;
    Ok(groups)
}

fn read_group(d: &mut Decoder, tree: &Tree, id: NodeId) -> Step<RawGroup> {
    let before = d.issues.len();
    let mut g = RawGroup {
        pos: Some(d.pos(id)),
        ..RawGroup::default()
    };
    let is_map = d.fields(id, "rulefmt.RuleGroup", &GROUP_KEYS, &mut |d, key, v, _| {
        match key {
            "name" => {
                if let Some(name) = d.string(v, "string")? {
                    g.name = name;
                }
            }
            "interval" => g.interval_ms = duration(d, v)?.unwrap_or(0),
            "query_offset" => g.query_offset_ms = duration(d, v)?,
            "limit" => g.limit = int(d, tree, v)?.unwrap_or(0),
            "rules" => {
                if let Some(list) =
                    d.pointer_list(v, "[]rulefmt.RuleNode", |d, id| read_rule(d, tree, id))?
                {
                    g.rules = list.into_iter().filter_map(|r| r.value).collect();
                }
            }
            _ => string_map(d, v, &mut g.labels)?,
        }
        Ok(())
    })?;
    if !is_map || d.issues.len() > before {
        return Ok(None);
    }
    Ok(Some(g))
}

fn read_rule(d: &mut Decoder, tree: &Tree, id: NodeId) -> Step<RawRule> {
    let before = d.issues.len();
    let mut r = RawRule {
        pos: Some(d.pos(id)),
        ..RawRule::default()
    };
    let is_map = d.fields(id, "rulefmt.RuleNode", &RULE_KEYS, &mut |d, key, v, _| {
        match key {
            "record" => r.record = node_text(d, tree, v)?,
            "alert" => r.alert = node_text(d, tree, v)?,
            "expr" => r.expr = node_text(d, tree, v)?,
            "for" => r.for_ms = duration(d, v)?.unwrap_or(0),
            "keep_firing_for" => r.keep_firing_for_ms = duration(d, v)?.unwrap_or(0),
            "labels" => string_map(d, v, &mut r.labels)?,
            _ => string_map(d, v, &mut r.annotations)?,
        }
        Ok(())
    })?;
    if !is_map || d.issues.len() > before {
        return Ok(None);
    }
    Ok(Some(r))
}

/// A yaml node's scalar text as written (aliases followed).
fn node_text(d: &mut Decoder, tree: &Tree, id: NodeId) -> Result<NodeText, ConfigError> {
    d.with_node(id, |d, real| {
        let pos = Some(d.pos(real));
        Ok(match &tree.node(real).kind {
            NodeKind::Scalar { value, plain, .. } => NodeText {
                value: value.clone(),
                pos,
                inline: *plain && !value.contains('\n'),
            },
            _ => NodeText {
                value: String::new(),
                pos,
                inline: false,
            },
        })
    })
}

/// A `model.Duration`: a string, then Prometheus's duration syntax (null is 0).
fn duration(d: &mut Decoder, id: NodeId) -> Step<u64> {
    d.with_node(id, |d, real| {
        if d.is_null(real)? {
            return Ok(Some(0));
        }
        let at = d.pos(real);
        match d.string(real, "string")? {
            Some(text) => parse_duration(&text)
                .map(Some)
                .map_err(|e| ConfigError::at(ConfigErrorKind::Duration(e), at)),
            None => Ok(None),
        }
    })
}

/// A Go `int`: a plain integer (null is 0).
fn int(d: &mut Decoder, tree: &Tree, id: NodeId) -> Step<i64> {
    d.with_node(id, |d, real| {
        if d.is_null(real)? {
            return Ok(Some(0));
        }
        let plain = matches!(tree.node(real).kind, NodeKind::Scalar { plain: true, .. });
        match d.string(real, "int")? {
            Some(text) => match text.parse::<i64>() {
                Ok(n) if plain => Ok(Some(n)),
                _ => d.type_error(real, "int").map(|()| None),
            },
            None => Ok(None),
        }
    })
}

/// A `map[string]string` (labels, annotations).
fn string_map(d: &mut Decoder, id: NodeId, out: &mut RawMap) -> Result<(), ConfigError> {
    d.string_map(
        id,
        "map[string]string",
        "string",
        &mut |d, k| d.string(k, "string"),
        out,
    )
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_rules_with_their_positions() {
        let groups = read_groups(
            "groups:\n  - name: demo\n    interval: 30s\n    rules:\n      - alert: High\n        expr: up == 0\n        for: 1m\n        labels: {severity: page}\n      -\n      - record: job:up\n        expr: sum(up)\n",
        )
        .unwrap();
        let [g] = groups.as_slice() else {
            panic!("one group")
        };
        assert_eq!((g.name.as_str(), g.interval_ms), ("demo", 30_000));
        assert_eq!(
            g.rules.len(),
            2,
            "the null rule is skipped, as yaml.v3 does"
        );
        let alert = &g.rules[0];
        assert_eq!(alert.alert.value, "High");
        assert_eq!(
            alert.expr.pos,
            Some(Position {
                line: 6,
                column: 15
            })
        );
        assert!(alert.expr.inline);
        assert_eq!(alert.for_ms, 60_000);
        assert_eq!(alert.labels[0].0.value, "severity");
        assert_eq!(g.rules[1].record.value, "job:up");
    }

    #[test]
    fn shape_errors_are_listed_as_yaml_v3_lists_them() {
        let err = read_groups(
            "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up\n        expr: up\n        fo: 1\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "yaml: unmarshal errors:\n  line 6: mapping key \"expr\" already defined at line 5\n  line 7: field fo not found in type rulefmt.RuleNode"
        );
        let err = read_groups("groups:\n  - name: a\n    limit: x\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `x` into int"
        );
        let err =
            read_groups("groups:\n  - name: a\n    rules:\n      - alert: A\n        for: 5\n")
                .unwrap_err();
        assert_eq!(err.to_string(), "not a valid duration string: \"5\"");
    }
}
