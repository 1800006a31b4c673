//! The YAML document as a tree of positioned nodes, built from saphyr-parser's events.
//!
//! Only the first document of the stream is read, as Go's yaml.v2 (which Prometheus uses)
//! does. Aliases are kept as references to their anchored node, never expanded here: the
//! decoder follows them lazily and counts what it follows, so an alias bomb costs nothing
//! until a field actually reads it (see `decode.rs`).

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use super::error::{ConfigError, ConfigErrorKind, Position, SyntaxCause};
use super::syntax::{from_saphyr, scanner_error};
use super::tabs::{check_tabs, untab_colon, COLON_TAB, TAB_PROBLEM};

/// Most `key:<tab>value` spots re-parsed with a space (each costs a parse).
const MAX_TAB_FIXES: usize = 100;

/// Deepest nesting accepted, as in yaml.v2 (`exceeded max depth of 10000`).
const MAX_DEPTH: usize = 10_000;

/// Index of a node in [`Tree::nodes`].
pub(crate) type NodeId = usize;

/// What a node is.
#[derive(Debug)]
pub(crate) enum NodeKind {
    /// A scalar: its text, whether it was written plain (unquoted, so subject to type
    /// resolution) and its explicit tag (`!!str`, `!foo`), if any.
    Scalar {
        value: String,
        plain: bool,
        tag: Option<String>,
    },
    /// A sequence of nodes.
    Seq {
        items: Vec<NodeId>,
        tag: Option<String>,
    },
    /// A mapping, as key/value pairs in document order (duplicates kept).
    Map {
        entries: Vec<(NodeId, NodeId)>,
        tag: Option<String>,
    },
    /// An alias (`*name`) to the node that carries the anchor.
    Alias { target: NodeId, name: String },
}

/// A node and where it starts.
#[derive(Debug)]
pub(crate) struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// Where it starts.
    pub pos: Position,
}

/// The first document of a YAML stream; `root` is `None` for an empty stream.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// Every node; children refer to them by index.
    pub nodes: Vec<Node>,
    /// The document's top node.
    pub root: Option<NodeId>,
}

impl Tree {
    /// The node `id`, or a placeholder null scalar if `id` is out of range (never expected).
    pub fn node(&self, id: NodeId) -> &Node {
        static NULL: Node = Node {
            kind: NodeKind::Scalar {
                value: String::new(),
                plain: true,
                tag: None,
            },
            pos: Position { line: 1, column: 1 },
        };
        self.nodes.get(id).unwrap_or(&NULL)
    }
}

/// The text's characters and where its lines start, to turn saphyr-parser's character
/// indices into 1-based positions counted as the editor counts them (lines end at `\n`).
struct TextIndex {
    chars: Vec<char>,
    line_starts: Vec<usize>,
}

impl TextIndex {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut line_starts = vec![0];
        line_starts.extend(
            chars
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == '\n')
                .map(|(i, _)| i + 1),
        );
        TextIndex { chars, line_starts }
    }

    /// Position of character index `at` (clamped to the end of the text).
    fn position(&self, at: usize) -> Position {
        let at = at.min(self.chars.len());
        let line = self
            .line_starts
            .partition_point(|start| *start <= at)
            .max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        Position {
            line,
            column: at - start + 1,
        }
    }

    /// The characters from index `from` to `to` (exclusive).
    fn text_between(&self, from: usize, to: usize) -> String {
        self.chars
            .get(from..to)
            .map_or_else(String::new, |c| c.iter().collect())
    }

    /// The character at index `at`.
    fn char_at(&self, at: usize) -> Option<char> {
        self.chars.get(at).copied()
    }
}

/// A tag written the way yaml.v2 prints it (`!!str` for the core schema).
fn tag_text(tag: Option<&Tag>) -> Option<String> {
    tag.map(|t| {
        if t.is_yaml_core_schema() || t.handle == "!!" {
            format!("!!{}", t.suffix)
        } else {
            format!("{}{}", t.handle, t.suffix)
        }
    })
}

/// A scanner error as a `ConfigError` in yaml.v2's words; an unknown alias gets
/// yaml.v2's own kind.
fn syntax_error(err: &ScanError, text: &str) -> ConfigError {
    let mark = err.marker();
    let position = TextIndex::new(text).position(mark.index());
    if err.info().contains("unknown anchor") {
        return ConfigError::at(
            ConfigErrorKind::UnknownAnchor(alias_before(text, mark.index())),
            position,
        );
    }
    if err.info().contains("tab") {
        let line_text = text.split('\n').nth(position.line - 1).unwrap_or("");
        let column = line_text
            .chars()
            .take(position.column)
            .position(|c| c == '\t')
            .map_or(position.column, |i| i + 1);
        return scanner_error(
            TAB_PROBLEM,
            Position { column, ..position },
            SyntaxCause::Tab,
        );
    }
    from_saphyr(err.info(), text, mark.index(), position)
}

/// The name of the alias (`*name`) that ends at or just before character index `at`.
fn alias_before(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let before = chars.get(..=at).unwrap_or(&chars);
    let Some(star) = before.iter().rposition(|c| *c == '*') else {
        return String::new();
    };
    chars
        .iter()
        .skip(star + 1)
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect()
}

/// Collections being filled while events arrive.
enum Open {
    Seq(NodeId),
    /// A mapping and the key waiting for its value.
    Map(NodeId, Option<NodeId>),
}

/// Parses `text` into the tree of its first document, with yaml.v2's rules on tabs.
pub(crate) fn parse_tree(text: &str) -> Result<Tree, ConfigError> {
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut retries = 0;
    loop {
        match parse_events(&text) {
            Err(Failure::ColonTab(at)) if retries < MAX_TAB_FIXES => match untab_colon(&text, at) {
                Some(fixed) => {
                    text = std::borrow::Cow::Owned(fixed);
                    retries += 1;
                }
                None => return Err(Failure::ColonTab(at).into_error(&text)),
            },
            Err(other) => return Err(other.into_error(&text)),
            Ok(parsed) => {
                check_tabs(&text, &parsed.allowed, &parsed.plain_ends)?;
                return Ok(parsed.tree);
            }
        }
    }
}

/// Why the event pass stopped.
enum Failure {
    /// saphyr-parser refused `key:\tvalue` (tab at this character index or just before).
    ColonTab(usize),
    /// Any other refusal.
    Error(ConfigError),
    /// The scanner's error, kept to build the message once the text is known.
    Scan(ScanError),
}

impl Failure {
    fn into_error(self, text: &str) -> ConfigError {
        match self {
            Failure::Error(e) => e,
            Failure::Scan(e) => syntax_error(&e, text),
            Failure::ColonTab(at) => scanner_error(
                COLON_TAB,
                TextIndex::new(text).position(at),
                SyntaxCause::Tab,
            ),
        }
    }
}

/// What one pass over the events gives.
struct Parsed {
    /// The document.
    tree: Tree,
    /// Character ranges where tabs are allowed (scalars and flow collections).
    allowed: Vec<(usize, usize)>,
    /// Where plain scalars end (character index just after them).
    plain_ends: Vec<usize>,
}

/// One pass over saphyr-parser's events.
fn parse_events(text: &str) -> Result<Parsed, Failure> {
    let mut allowed: Vec<(usize, usize)> = Vec::new();
    let mut plain_ends: Vec<usize> = Vec::new();
    let mut flow_starts: Vec<Option<usize>> = Vec::new();
    let index = TextIndex::new(text);
    let mut tree = Tree::default();
    let mut anchors: Vec<(usize, NodeId)> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut in_document = false;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| {
            if e.info() == COLON_TAB {
                Failure::ColonTab(e.marker().index())
            } else {
                Failure::Scan(e)
            }
        })?;
        let pos = index.position(span.start.index());
        let new_node = match event {
            Event::DocumentStart(_) => {
                in_document = true;
                continue;
            }
            Event::DocumentEnd | Event::StreamEnd => {
                if in_document {
                    break;
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
                if let Some(Some(start)) = flow_starts.pop() {
                    allowed.push((start, span.end.index()));
                }
                continue;
            }
            Event::Nothing | Event::StreamStart => continue,
            Event::Alias(anchor) => {
                let target = anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == anchor)
                    .map(|(_, id)| *id)
                    .ok_or_else(|| {
                        Failure::Error(ConfigError::at(
                            ConfigErrorKind::UnknownAnchor(String::new()),
                            pos,
                        ))
                    })?;
                let name = index.text_between(span.start.index() + 1, span.end.index());
                (NodeKind::Alias { target, name }, 0, false)
            }
            Event::Scalar(value, style, anchor, tag) => {
                allowed.push((span.start.index(), span.end.index()));
                if style == ScalarStyle::Plain {
                    plain_ends.push(span.end.index());
                }
                (
                    NodeKind::Scalar {
                        value: value.into_owned(),
                        plain: style == ScalarStyle::Plain && tag.is_none(),
                        tag: tag_text(tag.as_deref()),
                    },
                    anchor,
                    false,
                )
            }
            Event::SequenceStart(anchor, tag) => (
                NodeKind::Seq {
                    items: Vec::new(),
                    tag: tag_text(tag.as_deref()),
                },
                anchor,
                true,
            ),
            Event::MappingStart(anchor, tag) => (
                NodeKind::Map {
                    entries: Vec::new(),
                    tag: tag_text(tag.as_deref()),
                },
                anchor,
                true,
            ),
        };
        let (kind, anchor, is_collection) = new_node;
        let id = tree.nodes.len();
        tree.nodes.push(Node { kind, pos });
        if anchor != 0 {
            anchors.push((anchor, id));
        }
        attach(&mut tree, &mut open, id);
        if is_collection {
            if open.len() >= MAX_DEPTH {
                return Err(Failure::Error(ConfigError::at(
                    ConfigErrorKind::TooDeep,
                    pos,
                )));
            }
            let flow = matches!(index.char_at(span.start.index()), Some('[' | '{'));
            flow_starts.push(flow.then(|| span.start.index()));
            open.push(if matches!(tree.node(id).kind, NodeKind::Seq { .. }) {
                Open::Seq(id)
            } else {
                Open::Map(id, None)
            });
        }
    }
    Ok(Parsed {
        tree,
        allowed,
        plain_ends,
    })
}

/// Hangs node `id` under the innermost open collection, or makes it the root.
fn attach(tree: &mut Tree, open: &mut [Open], id: NodeId) {
    match open.last_mut() {
        None => {
            if tree.root.is_none() {
                tree.root = Some(id);
            }
        }
        Some(Open::Seq(seq)) => {
            if let Some(Node {
                kind: NodeKind::Seq { items, .. },
                ..
            }) = tree.nodes.get_mut(*seq)
            {
                items.push(id);
            }
        }
        Some(Open::Map(map, pending)) => match pending.take() {
            None => *pending = Some(id),
            Some(key) => {
                if let Some(Node {
                    kind: NodeKind::Map { entries, .. },
                    ..
                }) = tree.nodes.get_mut(*map)
                {
                    entries.push((key, id));
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_positions_and_structure() {
        let err = parse_tree("a:\n  - 'x'\n  - y\nb: *q").unwrap_err();
        assert_eq!(err.kind, ConfigErrorKind::UnknownAnchor("q".into()));
        let tree = parse_tree("a:\n  - 'x'\n  - &k y\nb: *k\n").unwrap();
        let root = tree.node(tree.root.unwrap());
        let NodeKind::Map { entries, .. } = &root.kind else {
            panic!("root is not a map")
        };
        assert_eq!(entries.len(), 2);
        let (_, seq) = entries[0];
        assert_eq!(tree.node(seq).pos, Position { line: 2, column: 3 });
        let NodeKind::Seq { items, .. } = &tree.node(seq).kind else {
            panic!("not a seq")
        };
        let NodeKind::Scalar { value, plain, .. } = &tree.node(items[0]).kind else {
            panic!("not a scalar")
        };
        assert_eq!((value.as_str(), *plain), ("x", false));
        assert_eq!(tree.node(items[0]).pos, Position { line: 2, column: 5 });
        let (_, alias) = entries[1];
        assert!(
            matches!(&tree.node(alias).kind, NodeKind::Alias { target, name } if *target == items[1] && name == "k")
        );
    }

    #[test]
    fn empty_stream_has_no_root() {
        assert!(parse_tree("").unwrap().root.is_none());
        assert!(parse_tree("# only a comment\n").unwrap().root.is_none());
    }

    #[test]
    fn only_the_first_document_is_read() {
        let tree = parse_tree("a: 1\n---\nb: 2\n").unwrap();
        let NodeKind::Map { entries, .. } = &tree.node(tree.root.unwrap()).kind else {
            panic!("root is not a map")
        };
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let err = parse_tree("global:\n\tscrape_interval: 15s\n").unwrap_err();
        assert!(matches!(err.kind, ConfigErrorKind::Syntax { .. }));
        assert_eq!(err.position.map(|p| p.line), Some(2));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 5);
        let err = parse_tree(&deep).unwrap_err();
        assert!(matches!(
            err.kind,
            ConfigErrorKind::TooDeep | ConfigErrorKind::Syntax { .. }
        ));
    }
}
