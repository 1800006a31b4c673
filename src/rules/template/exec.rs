//! Running a parsed template over an alert's data, as Go's `text/template` executes it
//! with `missingkey=zero` (a missing label is empty): pipelines, variables, `if`,
//! `range`, `with`, `template`, and errors located as Go locates them.

use super::funcs::{call, check_arity, CallError, Env};
use super::parse::{Arg, Branch, Command, Node, Number, Parsed, Pipe};
use super::value::Val;

/// Deepest nesting of `{{template}}` calls (a template calling itself stops here).
const MAX_DEPTH: usize = 100;
/// Longest output, in bytes.
const MAX_OUTPUT: usize = 100_000;

/// An execution error: where (byte offset in the template's text), on what, and why.
#[derive(Debug)]
pub(super) struct Fail {
    pub pos: usize,
    pub context: String,
    pub message: String,
}

enum Flow {
    Next,
    Break,
    Continue,
}

/// The alert's data as the template sees it.
pub(super) struct Data<'a> {
    pub labels: &'a [(String, String)],
    pub external_labels: &'a [(String, String)],
    pub external_url: &'a str,
    pub value: f64,
}

struct Exec<'a> {
    parsed: &'a Parsed,
    text: &'a str,
    data: &'a Data<'a>,
    env: &'a Env<'a>,
    vars: Vec<(String, Val)>,
    out: String,
    depth: usize,
}

/// Runs `parsed` (parsed from `text`) over `data`.
pub(super) fn execute(parsed: &Parsed, text: &str, data: &Data, env: &Env) -> Result<String, Fail> {
    let mut ex = Exec {
        parsed,
        text,
        data,
        env,
        vars: vec![
            ("$".into(), Val::Data),
            ("$labels".into(), Val::Labels(data.labels.to_vec())),
            (
                "$externalLabels".into(),
                Val::Labels(data.external_labels.to_vec()),
            ),
            (
                "$externalURL".into(),
                Val::Str(data.external_url.to_string()),
            ),
            ("$value".into(), Val::Float(data.value)),
        ],
        out: String::new(),
        depth: 0,
    };
    ex.list(&Val::Data, &parsed.root)?;
    Ok(ex.out)
}

impl Exec<'_> {
    fn fail<T>(&self, cmd: &Command, message: impl Into<String>) -> Result<T, Fail> {
        self.fail_at(cmd.start, cmd, message)
    }

    /// Fails at byte `pos`, naming the command `cmd`.
    fn fail_at<T>(&self, pos: usize, cmd: &Command, message: impl Into<String>) -> Result<T, Fail> {
        let context = self
            .text
            .get(cmd.start..cmd.end)
            .unwrap_or("")
            .trim()
            .to_string();
        Err(Fail {
            pos,
            context,
            message: message.into(),
        })
    }

    fn list(&mut self, dot: &Val, nodes: &[Node]) -> Result<Flow, Fail> {
        for node in nodes {
            match self.node(dot, node)? {
                Flow::Next => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Next)
    }

    fn node(&mut self, dot: &Val, node: &Node) -> Result<Flow, Fail> {
        match node {
            Node::Text(t) => self.write(t, None)?,
            Node::Action(pipe) => {
                let v = self.pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.write(&v.print(), pipe.cmds.first())?;
                }
            }
            Node::If(b) | Node::With(b) => {
                let mark = self.vars.len();
                let v = self.pipeline(dot, &b.pipe)?;
                let flow = if v.is_true() {
                    let inner = if matches!(node, Node::With(_)) {
                        v
                    } else {
                        dot.clone()
                    };
                    self.list(&inner, &b.list)?
                } else {
                    self.list(dot, &b.else_list)?
                };
                self.vars.truncate(mark);
                return Ok(flow);
            }
            Node::Range(b) => return self.range(dot, b),
            Node::Template(name, pipe) => {
                let Some((_, body)) = self.parsed.defs.iter().rev().find(|(n, _)| n == name) else {
                    return Err(Fail {
                        pos: 0,
                        context: format!("template {name}"),
                        message: format!(
                            "template: no template \"{name}\" associated with template"
                        ),
                    });
                };
                let inner = match pipe {
                    Some(p) => self.pipeline(dot, p)?,
                    None => Val::Missing,
                };
                if self.depth >= MAX_DEPTH {
                    return Err(Fail {
                        pos: 0,
                        context: format!("template {name}"),
                        message: format!("exceeded maximum template depth ({MAX_DEPTH})"),
                    });
                }
                let saved = std::mem::replace(&mut self.vars, vec![("$".into(), inner.clone())]);
                self.depth += 1;
                let done = self.list(&inner, body);
                self.depth -= 1;
                self.vars = saved;
                done?;
            }
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
        }
        Ok(Flow::Next)
    }

    fn write(&mut self, s: &str, at: Option<&Command>) -> Result<(), Fail> {
        if self.out.len() + s.len() > MAX_OUTPUT {
            let message = format!("template output longer than {MAX_OUTPUT} bytes");
            return match at {
                Some(cmd) => self.fail(cmd, message),
                None => Err(Fail {
                    pos: 0,
                    context: String::new(),
                    message,
                }),
            };
        }
        self.out.push_str(s);
        Ok(())
    }

    fn range(&mut self, dot: &Val, b: &Branch) -> Result<Flow, Fail> {
        let mark = self.vars.len();
        let v = self.pipeline(dot, &b.pipe)?;
        let items: Vec<(Val, Val)> = match &v {
            Val::Labels(m) => m
                .iter()
                .map(|(k, v)| (Val::Str(k.clone()), Val::Str(v.clone())))
                .collect(),
            Val::Dict(m) => m
                .iter()
                .map(|(k, v)| (Val::Str(k.clone()), v.clone()))
                .collect(),
            Val::Samples(s) => s
                .iter()
                .enumerate()
                .map(|(i, s)| (Val::Int(i as i64), Val::Sample(s.clone())))
                .collect(),
            Val::Missing | Val::Nil => Vec::new(),
            other => {
                let cmd = b.pipe.cmds.first().cloned().unwrap_or(Command {
                    args: Vec::new(),
                    start: 0,
                    end: 0,
                });
                return self.fail(&cmd, format!("range can't iterate over {}", other.print()));
            }
        };
        if items.is_empty() {
            let flow = self.list(dot, &b.else_list)?;
            self.vars.truncate(mark);
            return Ok(flow);
        }
        for (key, elem) in items {
            match b.pipe.decl.as_slice() {
                [one] => self.set_var(one, elem.clone(), mark),
                [k, v] => {
                    self.set_var(k, key, mark);
                    self.set_var(v, elem.clone(), mark);
                }
                _ => {}
            }
            if let Flow::Break = self.list(&elem, &b.list)? {
                break;
            }
        }
        self.vars.truncate(mark);
        Ok(Flow::Next)
    }

    /// Declares `name` in the scope starting at `mark` (replacing it there if present).
    fn set_var(&mut self, name: &str, value: Val, mark: usize) {
        match self
            .vars
            .iter_mut()
            .skip(mark)
            .rev()
            .find(|(n, _)| n == name)
        {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name.to_string(), value)),
        }
    }

    fn var(&self, name: &str) -> Val {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(Val::Missing, |(_, v)| v.clone())
    }

    fn pipeline(&mut self, dot: &Val, pipe: &Pipe) -> Result<Val, Fail> {
        let mut value: Option<Val> = None;
        for cmd in &pipe.cmds {
            value = Some(self.command(dot, cmd, value)?);
        }
        let value = value.unwrap_or(Val::Missing);
        for name in &pipe.decl {
            if pipe.assign {
                if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    slot.1 = value.clone();
                }
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn command(&mut self, dot: &Val, cmd: &Command, piped: Option<Val>) -> Result<Val, Fail> {
        let Some(first) = cmd.args.first() else {
            return self.fail(cmd, "empty command");
        };
        let rest = cmd.args.get(1..).unwrap_or(&[]);
        let has_args = !rest.is_empty() || piped.is_some();
        match first {
            Arg::Function(name) => {
                check_arity(name, rest.len(), piped.is_some())
                    .or_else(|e| self.call_error(cmd, name, e))?;
                let mut args = Vec::with_capacity(rest.len() + 1);
                for a in rest {
                    args.push(self.arg(dot, cmd, a)?);
                }
                args.extend(piped);
                call(name, &args, self.env).or_else(|e| self.call_error(cmd, name, e))
            }
            Arg::Field(names, pos) => self.fields(cmd, *pos, dot.clone(), names, has_args),
            Arg::Variable(name, names, pos) => {
                if names.is_empty() && has_args {
                    return self.fail(cmd, format!("can't give argument to non-function {name}"));
                }
                self.fields(cmd, *pos, self.var(name), names, has_args)
            }
            Arg::Chain(inner, names, pos) => {
                let receiver = self.arg(dot, cmd, inner)?;
                self.fields(cmd, *pos, receiver, names, has_args)
            }
            Arg::Nil => self.fail(cmd, "nil is not a command"),
            other => {
                if has_args {
                    let text = self.text.get(cmd.start..cmd.end).unwrap_or("").trim();
                    let word = text.split_whitespace().next().unwrap_or(text).to_string();
                    return self.fail(cmd, format!("can't give argument to non-function {word}"));
                }
                self.arg(dot, cmd, other)
            }
        }
    }

    fn call_error<T>(&self, cmd: &Command, name: &str, e: CallError) -> Result<T, Fail> {
        match e {
            CallError::Arity(m) | CallError::Type(m) => self.fail(cmd, m),
            CallError::Failed(m) => self.fail(cmd, format!("error calling {name}: {m}")),
        }
    }

    fn arg(&mut self, dot: &Val, cmd: &Command, arg: &Arg) -> Result<Val, Fail> {
        Ok(match arg {
            Arg::Dot => dot.clone(),
            Arg::Nil => Val::Nil,
            Arg::Bool(b) => Val::Bool(*b),
            Arg::Number(Number::Int(i)) => Val::Int(*i),
            Arg::Number(Number::Float(f)) => Val::Float(*f),
            Arg::Str(s) => Val::Str(s.clone()),
            Arg::Field(names, pos) => self.fields(cmd, *pos, dot.clone(), names, false)?,
            Arg::Variable(name, names, pos) => {
                self.fields(cmd, *pos, self.var(name), names, false)?
            }
            Arg::Chain(inner, names, pos) => {
                let receiver = self.arg(dot, cmd, inner)?;
                self.fields(cmd, *pos, receiver, names, false)?
            }
            Arg::Pipe(p) => self.pipeline(dot, p)?,
            Arg::Function(name) => {
                check_arity(name, 0, false).or_else(|e| self.call_error(cmd, name, e))?;
                call(name, &[], self.env).or_else(|e| self.call_error(cmd, name, e))?
            }
        })
    }

    /// `receiver.A.B...`; only the last field may be given arguments (and none can be).
    fn fields(
        &self,
        cmd: &Command,
        pos: usize,
        receiver: Val,
        names: &[String],
        has_args: bool,
    ) -> Result<Val, Fail> {
        let mut value = receiver;
        for (i, name) in names.iter().enumerate() {
            if has_args && i + 1 == names.len() {
                return self.fail_at(
                    pos,
                    cmd,
                    format!("{name} is not a method but has arguments"),
                );
            }
            value = self.field(cmd, pos, &value, name)?;
        }
        Ok(value)
    }

    fn field(&self, cmd: &Command, pos: usize, receiver: &Val, name: &str) -> Result<Val, Fail> {
        let lookup = |m: &[(String, String)]| {
            Val::Str(
                m.iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
            )
        };
        Ok(match receiver {
            Val::Missing | Val::Nil => Val::Missing,
            Val::Labels(m) => lookup(m),
            Val::Dict(m) => m
                .iter()
                .find(|(k, _)| k == name)
                .map_or(Val::Nil, |(_, v)| v.clone()),
            Val::Data => match name {
                "Labels" => Val::Labels(self.data.labels.to_vec()),
                "ExternalLabels" => Val::Labels(self.data.external_labels.to_vec()),
                "ExternalURL" => Val::Str(self.data.external_url.to_string()),
                "Value" => Val::Float(self.data.value),
                _ => return self.no_field(cmd, pos, receiver, name),
            },
            Val::Sample(s) => match name {
                "Labels" => Val::Labels(s.labels.clone()),
                "Value" => Val::Float(s.value),
                _ => return self.no_field(cmd, pos, receiver, name),
            },
            other => return self.no_field(cmd, pos, other, name),
        })
    }

    fn no_field<T>(
        &self,
        cmd: &Command,
        pos: usize,
        receiver: &Val,
        name: &str,
    ) -> Result<T, Fail> {
        let ty = match receiver {
            Val::Sample(_) => "template.sample",
            other => other.type_name(),
        };
        self.fail_at(
            pos,
            cmd,
            format!("can't evaluate field {name} in type {ty}"),
        )
    }
}
