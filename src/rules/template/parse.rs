//! The parser of Go's `text/template`, following `text/template/parse`: the same
//! grammar (text, actions, `if`/`else`/`range`/`with`/`define`/`template`/`block`,
//! pipelines, declarations), the same checks at parse time (functions and variables
//! must exist) and the same first error.

use super::error::ParseProblem;
use super::funcs::is_function;
use super::lex::{lex, Item, Keyword, Tok};

/// A number constant: the value an `interface{}` argument receives, as Go's
/// `idealConstant` decides (a float when written with `.`, `e` or `p`).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Number {
    /// A Go `int`.
    Int(i64),
    /// A Go `float64`.
    Float(f64),
}

/// One operand of a command.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Arg {
    /// `.A.B` (fields of dot), and where Go places the node (the first chained field).
    Field(Vec<String>, usize),
    /// `$x.A.B`: the variable, its fields, and where Go places the node.
    Variable(String, Vec<String>, usize),
    /// `(pipeline).A.B`, and where its fields start.
    Chain(Box<Arg>, Vec<String>, usize),
    /// A function name.
    Function(String),
    /// `.`
    Dot,
    /// `nil`
    Nil,
    /// `true`/`false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string, unquoted.
    Str(String),
    /// `( ... )`
    Pipe(Pipe),
}

/// A command: its operands and where it is in the text (byte range, for errors).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Command {
    pub args: Vec<Arg>,
    pub start: usize,
    pub end: usize,
}

/// A pipeline: declared variables, then commands joined by `|`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Pipe {
    pub decl: Vec<String>,
    pub assign: bool,
    pub cmds: Vec<Command>,
}

/// The body of `if`, `range` and `with`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Branch {
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Vec<Node>,
}

/// A node of the template.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Node {
    Text(String),
    Action(Pipe),
    If(Branch),
    Range(Branch),
    With(Branch),
    Template(String, Option<Pipe>),
    Break,
    Continue,
}

/// A parsed template: its main body and the templates it defines.
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct Parsed {
    pub root: Vec<Node>,
    pub defs: Vec<(String, Vec<Node>)>,
}

/// What ended a list: `{{end}}` or `{{else}}` (and whether `if`/`with` follows it).
enum Ended {
    End,
    Else(Option<Keyword>),
}

/// A parse error and the byte offset of the token it is about.
pub(super) type Failure = (ParseProblem, usize);

struct Parser {
    items: Vec<Item>,
    at: usize,
    last_pos: usize,
    vars: Vec<String>,
    range_depth: usize,
    defs: Vec<(String, Vec<Node>)>,
}

/// Parses `text` with the variables `vars` already declared.
pub(super) fn parse(text: &str, vars: &[&str]) -> Result<Parsed, Failure> {
    let mut p = Parser {
        items: lex(text),
        at: 0,
        last_pos: 0,
        vars: vars.iter().map(|v| v.to_string()).collect(),
        range_depth: 0,
        defs: Vec::new(),
    };
    let root = p.parse_root()?;
    Ok(Parsed { root, defs: p.defs })
}

impl Parser {
    fn item(&self, at: usize) -> Item {
        self.items.get(at).cloned().unwrap_or(Item {
            tok: Tok::Eof,
            val: String::new(),
            pos: self.last_pos,
        })
    }

    fn next(&mut self) -> Item {
        let item = self.item(self.at);
        self.at = (self.at + 1).min(self.items.len());
        self.last_pos = item.pos;
        item
    }

    fn backup(&mut self) {
        self.at = self.at.saturating_sub(1);
    }

    fn peek(&self) -> Item {
        self.item(self.at)
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let item = self.next();
            if item.tok != Tok::Space {
                return item;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let item = self.next_non_space();
        self.backup();
        item
    }

    fn fail<T>(&self, problem: ParseProblem) -> Result<T, Failure> {
        Err((problem, self.last_pos))
    }

    /// Go's `unexpected`: a scanning error speaks for itself.
    fn unexpected<T>(&self, item: &Item, context: &str) -> Result<T, Failure> {
        match &item.tok {
            Tok::Error(p) => Err((p.clone(), item.pos)),
            _ => Err((
                ParseProblem::Unexpected(item.describe(), context.to_string()),
                item.pos,
            )),
        }
    }

    fn expect(&mut self, tok: Tok, context: &str) -> Result<Item, Failure> {
        let item = self.next_non_space();
        if item.tok != tok {
            return self.unexpected(&item, context);
        }
        Ok(item)
    }

    fn parse_root(&mut self) -> Result<Vec<Node>, Failure> {
        let mut root = Vec::new();
        while self.peek().tok != Tok::Eof {
            if self.peek().tok == Tok::LeftDelim {
                let mark = self.at;
                self.next();
                if self.next_non_space().tok == Tok::Keyword(Keyword::Define) {
                    self.definition()?;
                    continue;
                }
                self.at = mark;
            }
            match self.text_or_action()? {
                Err(Ended::End) => return self.fail(ParseProblem::UnexpectedKeyword("end".into())),
                Err(Ended::Else(_)) => {
                    return self.fail(ParseProblem::UnexpectedKeyword("else".into()))
                }
                Ok(node) => root.push(node),
            }
        }
        if let Tok::Error(p) = self.peek().tok {
            return Err((p, self.peek().pos));
        }
        Ok(root)
    }

    /// `{{define "name"}} ... {{end}}` (the `define` keyword read).
    fn definition(&mut self) -> Result<(), Failure> {
        let context = "define clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, context)?;
        self.expect(Tok::RightDelim, context)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, ended) = self.item_list()?;
        self.vars = saved;
        if !matches!(ended, Ended::End) {
            return self.fail(ParseProblem::Unexpected("{{else}}".into(), context.into()));
        }
        self.defs.push((name, list));
        Ok(())
    }

    fn template_name(&self, token: &Item, context: &str) -> Result<String, Failure> {
        match token.tok {
            Tok::String | Tok::RawString => unquote(&token.val).map_err(|p| (p, token.pos)),
            _ => self.unexpected(token, context),
        }
    }

    /// A node, or what ended a list (`Err`).
    fn text_or_action(&mut self) -> Result<Result<Node, Ended>, Failure> {
        let token = self.next_non_space();
        match token.tok {
            Tok::Text => Ok(Ok(Node::Text(token.val))),
            Tok::LeftDelim => self.action(),
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self) -> Result<Result<Node, Ended>, Failure> {
        let token = self.next_non_space();
        let node = match token.tok {
            Tok::Keyword(Keyword::Block) => self.block()?,
            Tok::Keyword(k @ (Keyword::Break | Keyword::Continue)) => {
                let word = token.val.clone();
                let close = self.next_non_space();
                if close.tok != Tok::RightDelim {
                    return self.unexpected(&close, &format!("{{{{{word}}}}}"));
                }
                if self.range_depth == 0 {
                    return self.fail(ParseProblem::OutsideRange(word));
                }
                if k == Keyword::Break {
                    Node::Break
                } else {
                    Node::Continue
                }
            }
            Tok::Keyword(Keyword::Else) => {
                let peek = self.peek_non_space();
                if let Tok::Keyword(k @ (Keyword::If | Keyword::With)) = peek.tok {
                    return Ok(Err(Ended::Else(Some(k))));
                }
                self.expect(Tok::RightDelim, "else")?;
                return Ok(Err(Ended::Else(None)));
            }
            Tok::Keyword(Keyword::End) => {
                self.expect(Tok::RightDelim, "end")?;
                return Ok(Err(Ended::End));
            }
            Tok::Keyword(Keyword::If) => Node::If(self.control("if")?),
            Tok::Keyword(Keyword::Range) => Node::Range(self.control("range")?),
            Tok::Keyword(Keyword::With) => Node::With(self.control("with")?),
            Tok::Keyword(Keyword::Template) => {
                let context = "template clause";
                let token = self.next_non_space();
                let name = self.template_name(&token, context)?;
                let pipe = if self.next_non_space().tok != Tok::RightDelim {
                    self.backup();
                    Some(self.pipeline(context, Tok::RightDelim)?)
                } else {
                    None
                };
                Node::Template(name, pipe)
            }
            _ => {
                self.backup();
                Node::Action(self.pipeline("command", Tok::RightDelim)?)
            }
        };
        Ok(Ok(node))
    }

    /// `{{block "name" pipeline}} ... {{end}}`: defines the template and calls it.
    fn block(&mut self) -> Result<Node, Failure> {
        let context = "block clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, context)?;
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, ended) = self.item_list()?;
        self.vars = saved;
        if !matches!(ended, Ended::End) {
            return self.fail(ParseProblem::Unexpected("{{else}}".into(), context.into()));
        }
        self.defs.push((name.clone(), list));
        Ok(Node::Template(name, Some(pipe)))
    }

    fn item_list(&mut self) -> Result<(Vec<Node>, Ended), Failure> {
        let mut list = Vec::new();
        while self.peek_non_space().tok != Tok::Eof {
            match self.text_or_action()? {
                Ok(node) => list.push(node),
                Err(ended) => return Ok((list, ended)),
            }
        }
        if let Tok::Error(p) = self.peek().tok {
            return Err((p, self.peek().pos));
        }
        self.fail(ParseProblem::UnexpectedEof)
    }

    /// `if`, `range`, `with`: pipeline, body, optional `else` (or `else if`).
    fn control(&mut self, context: &str) -> Result<Branch, Failure> {
        let vars = self.vars.len();
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, ended) = listed?;
        let mut else_list = Vec::new();
        match ended {
            Ended::End => {}
            Ended::Else(Some(k))
                if (context == "if" && k == Keyword::If)
                    || (context == "with" && k == Keyword::With) =>
            {
                self.next_non_space();
                let inner = self.control(context)?;
                else_list.push(if k == Keyword::If {
                    Node::If(inner)
                } else {
                    Node::With(inner)
                });
            }
            Ended::Else(Some(_)) => {
                let found = self.peek_non_space().describe();
                return self.fail(ParseProblem::Unexpected(found, "else".into()));
            }
            Ended::Else(None) => {
                let (list, ended) = self.item_list()?;
                if !matches!(ended, Ended::End) {
                    return self.fail(ParseProblem::ExpectedEnd("{{else}}".into()));
                }
                else_list = list;
            }
        }
        self.vars.truncate(vars);
        Ok(Branch {
            pipe,
            list,
            else_list,
        })
    }

    fn pipeline(&mut self, context: &str, end: Tok) -> Result<Pipe, Failure> {
        let mut pipe = Pipe {
            decl: Vec::new(),
            assign: false,
            cmds: Vec::new(),
        };
        loop {
            let v = self.peek_non_space();
            if v.tok != Tok::Variable {
                break;
            }
            let mark = self.at;
            self.next_non_space();
            let after = self.peek_non_space();
            match after.tok {
                Tok::Assign | Tok::Declare => {
                    pipe.assign = after.tok == Tok::Assign;
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val);
                    break;
                }
                Tok::Char if after.val == "," => {
                    self.next_non_space();
                    pipe.decl.push(v.val.clone());
                    self.vars.push(v.val);
                    if context == "range" && pipe.decl.len() < 2 {
                        if matches!(
                            self.peek_non_space().tok,
                            Tok::Variable | Tok::RightDelim | Tok::RightParen
                        ) {
                            continue;
                        }
                        let found = self.peek_non_space().describe();
                        return self
                            .fail(ParseProblem::Unexpected(found, "range declaration".into()));
                    }
                    return self.fail(ParseProblem::TooManyDeclarations(context.into()));
                }
                _ => {
                    self.at = mark;
                    break;
                }
            }
        }
        loop {
            let token = self.next_non_space();
            if token.tok == end {
                if pipe.cmds.is_empty() {
                    return self.fail(ParseProblem::MissingValue(context.into()));
                }
                for (i, cmd) in pipe.cmds.iter().enumerate().skip(1) {
                    if matches!(
                        cmd.args.first(),
                        Some(Arg::Bool(_) | Arg::Dot | Arg::Nil | Arg::Number(_) | Arg::Str(_))
                    ) {
                        return self.fail(ParseProblem::NonExecutable(i + 1));
                    }
                }
                return Ok(pipe);
            }
            match token.tok {
                Tok::Bool
                | Tok::CharConstant
                | Tok::Dot
                | Tok::Field
                | Tok::Identifier
                | Tok::Number
                | Tok::Keyword(Keyword::Nil)
                | Tok::RawString
                | Tok::String
                | Tok::Variable
                | Tok::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    fn command(&mut self) -> Result<Command, Failure> {
        let start = self.peek_non_space().pos;
        let mut args = Vec::new();
        let end;
        loop {
            self.peek_non_space();
            if let Some(arg) = self.operand()? {
                args.push(arg);
            }
            let token = self.next();
            match token.tok {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => {
                    end = token.pos;
                    self.backup();
                }
                Tok::Pipe => end = token.pos,
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if args.is_empty() {
            return self.fail(ParseProblem::MissingValue("command".into()));
        }
        Ok(Command { args, start, end })
    }

    fn operand(&mut self) -> Result<Option<Arg>, Failure> {
        let Some(term) = self.term()? else {
            return Ok(None);
        };
        if self.peek().tok != Tok::Field {
            return Ok(Some(term));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().tok == Tok::Field {
            let f = self.next();
            fields.push(f.val.trim_start_matches('.').to_string());
        }
        Ok(Some(match term {
            Arg::Field(mut first, _) => {
                first.extend(fields);
                Arg::Field(first, chain_pos)
            }
            Arg::Variable(name, mut first, _) => {
                first.extend(fields);
                Arg::Variable(name, first, chain_pos)
            }
            Arg::Bool(b) => return self.fail(ParseProblem::DotAfterTerm(b.to_string())),
            Arg::Str(_) | Arg::Number(_) | Arg::Nil | Arg::Dot => {
                let text = self.item(self.at.saturating_sub(fields.len() + 1)).val;
                return self.fail(ParseProblem::DotAfterTerm(text));
            }
            other => Arg::Chain(Box::new(other), fields, chain_pos),
        }))
    }

    fn term(&mut self) -> Result<Option<Arg>, Failure> {
        let token = self.next_non_space();
        Ok(Some(match token.tok {
            Tok::Identifier => {
                if !is_function(&token.val) {
                    return self.fail(ParseProblem::FunctionNotDefined(token.val));
                }
                Arg::Function(token.val)
            }
            Tok::Dot => Arg::Dot,
            Tok::Keyword(Keyword::Nil) => Arg::Nil,
            Tok::Variable => {
                if !self.vars.contains(&token.val) {
                    return self.fail(ParseProblem::UndefinedVariable(token.val));
                }
                Arg::Variable(token.val, Vec::new(), token.pos)
            }
            Tok::Field => Arg::Field(
                vec![token.val.trim_start_matches('.').to_string()],
                token.pos,
            ),
            Tok::Bool => Arg::Bool(token.val == "true"),
            Tok::Number | Tok::CharConstant => {
                Arg::Number(number(&token).map_err(|p| (p, token.pos))?)
            }
            Tok::LeftParen => Arg::Pipe(self.pipeline("parenthesized pipeline", Tok::RightParen)?),
            Tok::String | Tok::RawString => {
                Arg::Str(unquote(&token.val).map_err(|p| (p, token.pos))?)
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// A number or character constant as Go's parser reads it.
fn number(token: &Item) -> Result<Number, ParseProblem> {
    let text = token.val.as_str();
    let illegal = || ParseProblem::IllegalNumber(text.to_string());
    if token.tok == Tok::CharConstant {
        let inner = unquote(&format!("\"{}\"", text.trim_matches('\''))).map_err(|_| illegal())?;
        let mut chars = inner.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(Number::Int(i64::from(u32::from(c)))),
            _ => Err(illegal()),
        };
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    let (sign, body) = match clean.strip_prefix('-') {
        Some(b) => (-1i64, b.to_string()),
        None => (1, clean.trim_start_matches('+').to_string()),
    };
    let lower = body.to_ascii_lowercase();
    let radix = if lower.starts_with("0x") {
        Some((16, &body[2..]))
    } else if lower.starts_with("0o") {
        Some((8, &body[2..]))
    } else if lower.starts_with("0b") {
        Some((2, &body[2..]))
    } else if body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit()) {
        Some((8, &body[1..]))
    } else {
        None
    };
    if let Some((radix, digits)) = radix {
        if let Ok(n) = i64::from_str_radix(digits, radix) {
            return Ok(Number::Int(sign * n));
        }
        if radix != 16 || !lower.contains('p') {
            return Err(illegal());
        }
        return Err(illegal());
    }
    if let Ok(n) = body.parse::<i64>() {
        return Ok(Number::Int(sign * n));
    }
    let f: f64 = clean.parse().map_err(|_| illegal())?;
    if !clean.contains(['.', 'e', 'E']) {
        return Err(illegal());
    }
    Ok(Number::Float(f))
}

/// Go's `strconv.Unquote` for `"..."` and `` `...` `` strings.
pub(super) fn unquote(quoted: &str) -> Result<String, ParseProblem> {
    if let Some(raw) = quoted.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return Ok(raw.replace('\r', ""));
    }
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or(ParseProblem::InvalidSyntax)?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or(ParseProblem::InvalidSyntax)?;
        let hex = |chars: &mut std::str::Chars, n: usize| -> Result<char, ParseProblem> {
            let s: String = chars.by_ref().take(n).collect();
            if s.len() != n {
                return Err(ParseProblem::InvalidSyntax);
            }
            u32::from_str_radix(&s, 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or(ParseProblem::InvalidSyntax)
        };
        out.push(match e {
            'a' => '\u{7}',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\u{b}',
            '\\' => '\\',
            '"' => '"',
            'x' => hex(&mut chars, 2)?,
            'u' => hex(&mut chars, 4)?,
            'U' => hex(&mut chars, 8)?,
            '0'..='7' => {
                let rest: String = chars.by_ref().take(2).collect();
                let n = u32::from_str_radix(&format!("{e}{rest}"), 8)
                    .map_err(|_| ParseProblem::InvalidSyntax)?;
                char::from_u32(n)
                    .filter(|_| n < 256)
                    .ok_or(ParseProblem::InvalidSyntax)?
            }
            _ => return Err(ParseProblem::InvalidSyntax),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VARS: [&str; 3] = ["$", "$labels", "$value"];

    fn problem(text: &str) -> ParseProblem {
        parse(text, &VARS).expect_err(text).0
    }

    #[test]
    fn the_usual_rule_templates_parse() {
        for ok in [
            "{{ $labels.instance }} at {{ $value | humanize }}",
            "{{ printf \"%.2f\" $value }}",
            "{{ if gt $value 1.0 }}big{{ else if gt $value 0.5 }}mid{{ else }}small{{ end }}",
            "{{ range $k, $v := $labels }}{{ $k }}={{ $v }}{{ end }}",
            "{{ with $labels.x }}{{ . }}{{ else }}none{{ end }}",
            "{{ define \"t\" }}x{{ end }}{{ template \"t\" . }}",
            "{{- $value -}}",
            "{{/* comment */}}ok",
            "{{ $x := 1 }}{{ $x }}",
            "{{ .Labels.job }} {{ (humanize $value) }}",
        ] {
            assert!(parse(ok, &VARS).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refusals_in_go_words() {
        let en = |t: &str| problem(t).message(crate::lang::Lang::En);
        assert_eq!(en("{{ $value | nope }}"), r#"function "nope" not defined"#);
        assert_eq!(en("{{ $foo }}"), r#"undefined variable "$foo""#);
        assert_eq!(en("{{ .Value. }}"), "unexpected <.> in operand");
        assert_eq!(en("{{ @ }}"), r#"unexpected "@" in command"#);
        assert_eq!(en("{{ if true }}x"), "unexpected EOF");
        assert_eq!(en("{{ else }}"), "unexpected {{else}}");
        assert_eq!(en("{{ end }}"), "unexpected {{end}}");
        assert_eq!(en("{{ $labels.instance }"), r#"unexpected "}" in operand"#);
        assert_eq!(en("{{ 1) }}"), r#"unexpected ")" in command"#);
        assert_eq!(en("{{ }}"), "missing value for command");
        assert_eq!(
            en("{{ 1 | 2 }}"),
            "non executable command in pipeline stage 2"
        );
        assert_eq!(en("{{ if }}"), "missing value for if");
        assert_eq!(en("{{ break }}"), "{{break}} outside {{range}}");
        assert_eq!(en("{{ true.x }}"), r#"unexpected . after term "true""#);
        assert_eq!(en("{{ $labels.a-b }}"), "bad character U+002D '-'");
    }

    #[test]
    fn numbers_are_ints_unless_written_as_floats() {
        let first = |t: &str| match parse(t, &VARS).unwrap().root.remove(0) {
            Node::Action(p) => p.cmds[0].args[0].clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(first("{{ 1 }}"), Arg::Number(Number::Int(1)));
        assert_eq!(first("{{ 1.0 }}"), Arg::Number(Number::Float(1.0)));
        assert_eq!(first("{{ 0x10 }}"), Arg::Number(Number::Int(16)));
        assert_eq!(first("{{ 'a' }}"), Arg::Number(Number::Int(97)));
        assert_eq!(first("{{ \"a\\tb\" }}"), Arg::Str("a\tb".into()));
    }
}
