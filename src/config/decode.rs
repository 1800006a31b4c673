//! Fitting the YAML tree into typed values the way Go's yaml.v2 `UnmarshalStrict` does:
//! type problems are collected (with their line) and decoding goes on, while errors
//! raised by Prometheus's own `UnmarshalYAML` methods stop everything at once.
//!
//! Aliases are followed here, lazily, with yaml.v2's guard against alias bombs (a
//! bounded share of decode steps may come from alias expansion) and against an anchor
//! that contains itself.

use super::error::{ConfigError, ConfigErrorKind, Place, Position, TypeIssue, TypeProblem};
use super::note::ConfigNote;
use super::resolve::{resolve, Resolved, Scalar};
use super::tree::{NodeId, NodeKind, Tree};

/// Longest chain of aliases followed at once (keeps recursion shallow on any input).
const MAX_ALIAS_DEPTH: usize = 64;

/// A decoded value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it starts.
    pub pos: Position,
}

/// Result of a decoding step: `Err` stops everything; `Ok(None)` means a type problem
/// was recorded and the value is left out (yaml.v2's `good == false`).
pub(crate) type Step<T> = Result<Option<T>, ConfigError>;

/// What [`Decoder::fields`] calls for each known key: the key's name, its value node
/// and its key node.
pub(crate) type FieldFn<'f, 't> =
    dyn FnMut(&mut Decoder<'t>, &str, NodeId, NodeId) -> Result<(), ConfigError> + 'f;

/// The decoding state over one tree.
pub(crate) struct Decoder<'t> {
    tree: &'t Tree,
    /// Type problems found so far, in document order.
    pub issues: Vec<TypeIssue>,
    /// Options accepted but not simulated, in document order.
    pub notes: Vec<ConfigNote>,
    decode_count: u64,
    alias_count: u64,
    alias_depth: usize,
    active_aliases: Vec<NodeId>,
    /// The keys being decoded, outermost first, each with whether one of its list's
    /// items is being decoded (to say where a problem is in words).
    path: Vec<(String, bool)>,
    /// Whether a mapping's key (not a value) is being decoded.
    naming_key: bool,
}

/// yaml.v2's allowed share of alias-driven decode steps for a document of this size.
fn allowed_alias_ratio(decode_count: u64) -> f64 {
    const LOW: f64 = 400_000.0;
    const HIGH: f64 = 4_000_000.0;
    let n = decode_count as f64;
    if n <= LOW {
        0.99
    } else if n >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((n - LOW) / (HIGH - LOW))
    }
}

impl<'t> Decoder<'t> {
    /// A decoder over `tree`.
    pub fn new(tree: &'t Tree) -> Self {
        Decoder {
            tree,
            issues: Vec::new(),
            notes: Vec::new(),
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
            active_aliases: Vec::new(),
            path: Vec::new(),
            naming_key: false,
        }
    }

    /// Where the node being decoded sits, in words: under which key, or in which list.
    fn place(&self) -> Place {
        if self.naming_key {
            return Place::Key;
        }
        match self.path.last() {
            None => Place::Document,
            Some((key, false)) => Place::ValueOf(key.clone()),
            Some((key, true)) => Place::ItemOf(key.clone()),
        }
    }

    /// Runs `f` with the innermost key's list items marked as being decoded.
    fn in_items<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let was = self.path.last().map(|(_, item)| *item);
        if let Some(top) = self.path.last_mut() {
            top.1 = true;
        }
        let out = f(self);
        if let (Some(top), Some(was)) = (self.path.last_mut(), was) {
            top.1 = was;
        }
        out
    }

    /// Where node `id` starts.
    pub fn pos(&self, id: NodeId) -> Position {
        self.tree.node(id).pos
    }

    /// Counts one decode step and stops on excessive aliasing.
    fn count(&mut self, id: NodeId) -> Result<(), ConfigError> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(ConfigError::at(
                ConfigErrorKind::ExcessiveAliasing,
                self.pos(id),
            ));
        }
        Ok(())
    }

    /// Follows aliases from `id` to a real node; returns it and how many aliases were
    /// entered (give that to [`Decoder::leave`] once done with the node).
    pub fn enter(&mut self, id: NodeId) -> Result<(NodeId, usize), ConfigError> {
        let mut id = id;
        let mut hops = 0;
        loop {
            self.count(id)?;
            let NodeKind::Alias { target, name } = &self.tree.node(id).kind else {
                return Ok((id, hops));
            };
            if self.active_aliases.contains(&id) {
                return Err(ConfigError::at(
                    ConfigErrorKind::AliasCycle(name.clone()),
                    self.pos(id),
                ));
            }
            let target = *target;
            if self.alias_depth >= MAX_ALIAS_DEPTH {
                return Err(ConfigError::at(
                    ConfigErrorKind::ExcessiveAliasing,
                    self.pos(id),
                ));
            }
            self.active_aliases.push(id);
            self.alias_depth += 1;
            hops += 1;
            id = target;
        }
    }

    /// Leaves the aliases entered by [`Decoder::enter`].
    pub fn leave(&mut self, hops: usize) {
        for _ in 0..hops {
            self.active_aliases.pop();
            self.alias_depth = self.alias_depth.saturating_sub(1);
        }
    }

    /// Runs `f` on the real node behind `id` (aliases followed).
    pub fn with_node<T>(
        &mut self,
        id: NodeId,
        f: impl FnOnce(&mut Self, NodeId) -> Result<T, ConfigError>,
    ) -> Result<T, ConfigError> {
        let (real, hops) = self.enter(id)?;
        let out = f(self, real)?;
        self.leave(hops);
        Ok(out)
    }

    /// The resolved scalar at a real node, or `None` for a sequence or mapping.
    fn scalar(&self, id: NodeId) -> Result<Option<Scalar>, ConfigError> {
        match &self.tree.node(id).kind {
            NodeKind::Scalar { value, plain, tag } => resolve(value, tag.as_deref(), *plain)
                .map(Some)
                .map_err(|m| {
                    ConfigError::at(
                        ConfigErrorKind::TagMismatch {
                            found: m.found,
                            value: value.clone(),
                            wanted: m.wanted,
                        },
                        self.pos(id),
                    )
                }),
            _ => Ok(None),
        }
    }

    /// Whether yaml.v2 would skip a custom `UnmarshalYAML` for this real node because
    /// it looks null (`~`, `null`, empty, or tagged `!!null`; quoted `"null"` too).
    pub fn looks_null(&self, id: NodeId) -> bool {
        match &self.tree.node(id).kind {
            NodeKind::Scalar { value, plain, tag } => match tag.as_deref() {
                Some("!!null") => true,
                Some(_) => false,
                None => value == "null" || value == "~" || (value.is_empty() && *plain),
            },
            _ => false,
        }
    }

    /// Whether this real node is an empty sequence or mapping.
    pub fn is_empty_collection(&self, id: NodeId) -> bool {
        match &self.tree.node(id).kind {
            NodeKind::Seq { items, .. } => items.is_empty(),
            NodeKind::Map { entries, .. } => entries.is_empty(),
            _ => false,
        }
    }

    /// Whether this real node resolves to null (what yaml.v2 decodes as a zero value).
    pub fn is_null(&self, id: NodeId) -> Result<bool, ConfigError> {
        Ok(matches!(
            self.scalar(id)?,
            Some(Scalar {
                kind: Resolved::Null,
                ..
            })
        ))
    }

    /// Records yaml.v2's `cannot unmarshal <tag> <value> into <type>` for a real node.
    pub fn type_error(&mut self, id: NodeId, into: &str) -> Result<(), ConfigError> {
        let node = self.tree.node(id);
        let (tag, text) = match &node.kind {
            NodeKind::Seq { tag, .. } => (tag.clone().unwrap_or_else(|| "!!seq".into()), None),
            NodeKind::Map { tag, .. } => (tag.clone().unwrap_or_else(|| "!!map".into()), None),
            NodeKind::Scalar { value, .. } => {
                let tag = self.scalar(id)?.map_or_else(|| "!!str".into(), |s| s.tag);
                (tag, Some(value.clone()))
            }
            NodeKind::Alias { .. } => ("!!str".into(), Some(String::new())),
        };
        let text = if tag == "!!seq" || tag == "!!map" {
            None
        } else {
            text.or(Some(String::new()))
        };
        let place = self.place();
        self.issues.push(TypeIssue {
            position: node.pos,
            problem: TypeProblem::CannotUnmarshal {
                tag,
                value: text.as_deref().map(shown_value),
                text,
                into: into.to_string(),
                place,
            },
        });
        Ok(())
    }

    /// Records a problem at a position.
    pub fn issue(&mut self, position: Position, problem: TypeProblem) {
        self.issues.push(TypeIssue { position, problem });
    }

    /// A Go string-kind value (`string`, `model.LabelValue`): any non-null scalar as
    /// written; null gives `""`.
    pub fn string(&mut self, id: NodeId, into: &str) -> Step<String> {
        self.with_node(id, |d, id| match d.scalar(id)? {
            Some(Scalar {
                kind: Resolved::Null,
                ..
            }) => Ok(Some(String::new())),
            Some(_) => Ok(Some(d.scalar_text(id))),
            None => d.type_error(id, into).map(|()| None),
        })
    }

    /// The text of a real scalar node.
    fn scalar_text(&self, id: NodeId) -> String {
        match &self.tree.node(id).kind {
            NodeKind::Scalar { value, .. } => value.clone(),
            _ => String::new(),
        }
    }

    /// A Go `bool`: only YAML booleans; null gives `false`.
    pub fn bool(&mut self, id: NodeId) -> Step<bool> {
        self.with_node(id, |d, id| match d.scalar(id)? {
            Some(Scalar {
                kind: Resolved::Null,
                ..
            }) => Ok(Some(false)),
            Some(Scalar {
                kind: Resolved::Bool(b),
                ..
            }) => Ok(Some(b)),
            _ => d.type_error(id, "bool").map(|()| None),
        })
    }

    /// A Go `uint`: a non-negative integer, or a float (truncated, as Go converts it).
    pub fn uint(&mut self, id: NodeId) -> Step<u64> {
        self.unsigned(id, "uint")
    }

    /// A Go unsigned integer type named `into` (`uint`, `uint64`).
    pub fn unsigned(&mut self, id: NodeId, into: &str) -> Step<u64> {
        self.with_node(id, |d, id| {
            let value = match d.scalar(id)?.map(|s| s.kind) {
                Some(Resolved::Null) => Some(0),
                Some(Resolved::Int(i)) => u64::try_from(i).ok(),
                Some(Resolved::Float(f)) if (0.0..=u64::MAX as f64).contains(&f) => Some(f as u64),
                _ => None,
            };
            if value.is_none() {
                d.type_error(id, into)?;
            }
            Ok(value)
        })
    }

    /// A Go slice of strings (`[]string`): null gives an empty list; elements that do
    /// not fit are left out after recording the problem.
    pub fn string_list(&mut self, id: NodeId) -> Step<Vec<Spanned<String>>> {
        self.with_node(id, |d, id| {
            let items = match &d.tree.node(id).kind {
                NodeKind::Seq { items, .. } => items.clone(),
                NodeKind::Scalar { .. } if d.is_null(id)? => return Ok(Some(Vec::new())),
                _ => return d.type_error(id, "[]string").map(|()| None),
            };
            d.in_items(|d| {
                let mut out = Vec::new();
                for item in items {
                    let pos = d.pos(item);
                    if let Some(value) = d.string(item, "string")? {
                        out.push(Spanned { value, pos });
                    }
                }
                Ok(Some(out))
            })
        })
    }

    /// A Go slice (`slice_type`, e.g. `model.LabelNames`) whose elements `element`
    /// decodes: null gives an empty list; elements that do not fit are left out after
    /// recording the problem.
    pub fn list<T>(
        &mut self,
        id: NodeId,
        slice_type: &str,
        mut element: impl FnMut(&mut Self, NodeId) -> Step<T>,
    ) -> Step<Vec<Spanned<T>>> {
        self.with_node(id, |d, id| {
            let items = match &d.tree.node(id).kind {
                NodeKind::Seq { items, .. } => items.clone(),
                NodeKind::Scalar { .. } if d.is_null(id)? => return Ok(Some(Vec::new())),
                _ => return d.type_error(id, slice_type).map(|()| None),
            };
            d.in_items(|d| {
                let mut out = Vec::new();
                for item in items {
                    let pos = d.pos(item);
                    if let Some(value) = element(d, item)? {
                        out.push(Spanned { value, pos });
                    }
                }
                Ok(Some(out))
            })
        })
    }

    /// The elements of a Go slice of struct pointers (`[]*config.ScrapeConfig`): each
    /// element is `None` when null (a nil pointer); `element` decodes the others.
    pub fn pointer_list<T>(
        &mut self,
        id: NodeId,
        slice_type: &str,
        mut element: impl FnMut(&mut Self, NodeId) -> Step<T>,
    ) -> Step<Vec<Spanned<Option<T>>>> {
        self.with_node(id, |d, id| {
            let items = match &d.tree.node(id).kind {
                NodeKind::Seq { items, .. } => items.clone(),
                NodeKind::Scalar { .. } if d.is_null(id)? => return Ok(Some(Vec::new())),
                _ => return d.type_error(id, slice_type).map(|()| None),
            };
            let pointer_type = slice_type.trim_start_matches("[]");
            d.in_items(|d| {
                let mut out = Vec::new();
                for item in items {
                    let pos = d.pos(item);
                    let value = d.with_node(item, |d, real| {
                        if !d.looks_null(real) {
                            return Ok(element(d, real)?.map(Some));
                        }
                        if d.is_null(real)? {
                            Ok(Some(None))
                        } else {
                            d.type_error(real, pointer_type).map(|()| None)
                        }
                    })?;
                    if let Some(value) = value {
                        out.push(Spanned { value, pos });
                    }
                }
                Ok(Some(out))
            })
        })
    }

    /// A Go struct: every key of the mapping is looked up in `known` (strict mode:
    /// unknown and repeated keys are type problems) and handed to `field` with its
    /// value. `<<` merge keys are followed. Returns `false` when the node is not a
    /// mapping (a type problem was recorded).
    pub fn fields(
        &mut self,
        id: NodeId,
        type_name: &str,
        known: &[&str],
        field: &mut FieldFn<'_, 't>,
    ) -> Result<bool, ConfigError> {
        self.with_node(id, |d, id| {
            let entries = match &d.tree.node(id).kind {
                NodeKind::Map { entries, .. } => entries.clone(),
                NodeKind::Scalar { .. } if d.is_null(id)? => return Ok(true),
                _ => return d.type_error(id, type_name).map(|()| false),
            };
            let mut done: Vec<&str> = Vec::new();
            for (key, value) in entries {
                if d.is_merge(key) {
                    d.merge(value, &mut |d, part| {
                        d.fields(part, type_name, known, field).map(|_| ())
                    })?;
                    continue;
                }
                d.naming_key = true;
                let name = d.string(key, "string");
                d.naming_key = false;
                let Some(name) = name? else {
                    continue;
                };
                let pos = d.pos(key);
                match known.iter().find(|k| **k == name) {
                    Some(k) if done.contains(k) => d.issue(
                        pos,
                        TypeProblem::FieldAlreadySet {
                            field: name,
                            in_type: type_name.into(),
                        },
                    ),
                    Some(k) => {
                        done.push(k);
                        d.path.push((k.to_string(), false));
                        field(d, k, value, key)?;
                        d.path.pop();
                    }
                    None => {
                        let problem = TypeProblem::FieldNotFound {
                            suggestion: nearest_key(&name, known),
                            field: name,
                            in_type: type_name.into(),
                            place: d.place(),
                        };
                        d.issue(pos, problem);
                    }
                }
            }
            Ok(true)
        })
    }

    /// A Go map with string keys (`map[string]string`, `model.LabelSet`): entries in
    /// document order; a repeated key is a type problem reported at its value. `key`
    /// decodes a key (it may stop, e.g. on an invalid label name).
    pub fn string_map(
        &mut self,
        id: NodeId,
        map_type: &str,
        value_type: &str,
        key: &mut dyn FnMut(&mut Self, NodeId) -> Step<String>,
        out: &mut Vec<(Spanned<String>, String)>,
    ) -> Result<bool, ConfigError> {
        self.map_of(id, map_type, key, &mut |d, v| d.string(v, value_type), out)
    }

    /// A Go map with string keys and values of any type (`value` decodes one), as
    /// [`Decoder::string_map`] reads it.
    pub fn map_of<T>(
        &mut self,
        id: NodeId,
        map_type: &str,
        key: &mut dyn FnMut(&mut Self, NodeId) -> Step<String>,
        value: &mut dyn FnMut(&mut Self, NodeId) -> Step<T>,
        out: &mut Vec<(Spanned<String>, T)>,
    ) -> Result<bool, ConfigError> {
        self.with_node(id, |d, id| {
            let entries = match &d.tree.node(id).kind {
                NodeKind::Map { entries, .. } => entries.clone(),
                NodeKind::Scalar { .. } if d.is_null(id)? => return Ok(true),
                _ => return d.type_error(id, map_type).map(|()| false),
            };
            for (k, v) in entries {
                if d.is_merge(k) {
                    d.merge(v, &mut |d, part| {
                        d.map_of(part, map_type, key, value, out).map(|_| ())
                    })?;
                    continue;
                }
                let Some(name) = key(d, k)? else {
                    continue;
                };
                let Some(decoded) = value(d, v)? else {
                    continue;
                };
                if out.iter().any(|(n, _)| n.value == name) {
                    let pos = d.pos(v);
                    d.issue(pos, TypeProblem::KeyAlreadySet { key: name });
                    continue;
                }
                out.push((
                    Spanned {
                        value: name,
                        pos: d.pos(k),
                    },
                    decoded,
                ));
            }
            Ok(true)
        })
    }

    /// Whether a key is yaml.v2's merge key `<<` (plain, or tagged `!!merge`).
    fn is_merge(&self, id: NodeId) -> bool {
        matches!(&self.tree.node(id).kind,
            NodeKind::Scalar { value, plain, tag }
                if value == "<<" && (*plain || tag.as_deref() == Some("!!merge")))
    }

    /// Applies a merge value: a mapping, an alias to one, or a list of them (the first
    /// taking precedence, so applied last).
    fn merge(
        &mut self,
        value: NodeId,
        apply: &mut dyn FnMut(&mut Self, NodeId) -> Result<(), ConfigError>,
    ) -> Result<(), ConfigError> {
        let wants_map =
            |d: &Self, id: NodeId| ConfigError::at(ConfigErrorKind::MergeWantsMap, d.pos(id));
        let (real, hops) = self.enter(value)?;
        match &self.tree.node(real).kind {
            NodeKind::Map { .. } => apply(self, real)?,
            NodeKind::Seq { items, .. } => {
                let items = items.clone();
                for item in items.into_iter().rev() {
                    let (part, part_hops) = self.enter(item)?;
                    if !matches!(self.tree.node(part).kind, NodeKind::Map { .. }) {
                        return Err(wants_map(self, item));
                    }
                    apply(self, part)?;
                    self.leave(part_hops);
                }
            }
            _ => return Err(wants_map(self, value)),
        }
        self.leave(hops);
        Ok(())
    }
}

/// A `model.LabelName` key: any non-empty UTF-8 text in Prometheus 3 (a plain null key
/// slips through as the empty name, as in Prometheus).
pub(crate) fn label_name(d: &mut Decoder, id: NodeId) -> Step<String> {
    d.with_node(id, |d, real| {
        if d.looks_null(real) {
            return if d.is_null(real)? {
                Ok(Some(String::new()))
            } else {
                d.string(real, "string")
            };
        }
        let Some(name) = d.string(real, "string")? else {
            return Ok(None);
        };
        if name.is_empty() {
            return Err(ConfigError::at(
                ConfigErrorKind::InvalidLabelName(name),
                d.pos(real),
            ));
        }
        Ok(Some(name))
    })
}

/// The known key nearest to a misspelt one: fewest edits (letters added, removed,
/// changed or swapped, case ignored), at most a quarter of its length (2 for short
/// keys); the first in `known`'s order on a tie.
pub(crate) fn nearest_key(name: &str, known: &[&str]) -> Option<String> {
    let lower = name.to_lowercase();
    let length = lower.chars().count();
    let most = (length / 4).max(2);
    known
        .iter()
        .filter(|k| **k != name)
        .filter_map(|k| {
            let k_lower = k.to_lowercase();
            // At least one edit per letter of difference in length: skip sure misses
            // without measuring (a long pasted key is compared with no known one).
            (k_lower.chars().count().abs_diff(length) <= most)
                .then(|| (crate::lint::edit_distance(&lower, &k_lower), *k))
        })
        .filter(|(edits, _)| *edits <= most)
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, k)| k.to_string())
}

/// A scalar as yaml.v2 shows it in type errors: whole up to 10 bytes, else its first 7
/// bytes and `...`.
fn shown_value(value: &str) -> String {
    if value.len() <= 10 {
        return value.to_string();
    }
    let mut end = 7;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", value.get(..end).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tree::parse_tree;

    fn root_value(text: &str, f: impl FnOnce(&mut Decoder, NodeId)) -> Vec<TypeIssue> {
        let tree = parse_tree(text).unwrap();
        let mut d = Decoder::new(&tree);
        f(&mut d, tree.root.unwrap());
        d.issues
    }

    #[test]
    fn values_shown_as_yaml_v2_shows_them() {
        assert_eq!(shown_value("maybe"), "maybe");
        assert_eq!(shown_value("localhost:8000"), "localho...");
        assert_eq!(shown_value("ééééééé"), "ééé...");
    }

    #[test]
    fn scalars_of_the_wrong_type_are_recorded() {
        let issues = root_value("maybe", |d, id| {
            assert_eq!(d.bool(id).unwrap(), None);
        });
        assert_eq!(
            issues[0].to_string(),
            "line 1: cannot unmarshal !!str `maybe` into bool"
        );
        let issues = root_value("[1, -1, 2.5, x]", |d, id| {
            let NodeKind::Seq { items, .. } = &d.tree.node(id).kind else {
                panic!()
            };
            let items = items.clone();
            let got: Vec<_> = items.into_iter().map(|i| d.uint(i).unwrap()).collect();
            assert_eq!(got, vec![Some(1), None, Some(2), None]);
        });
        assert_eq!(issues.len(), 2);
    }

    #[test]
    fn self_containing_anchor_is_refused() {
        let tree = parse_tree("&a [*a]").unwrap();
        let mut d = Decoder::new(&tree);
        let root = tree.root.unwrap();
        let result = d.with_node(root, |d, id| {
            let NodeKind::Seq { items, .. } = &d.tree.node(id).kind else {
                panic!()
            };
            let inner = items[0];
            d.string_list(inner).map(|_| ())
        });
        assert!(matches!(
            result,
            Err(ConfigError {
                kind: ConfigErrorKind::AliasCycle(_),
                ..
            })
        ));
    }
}
