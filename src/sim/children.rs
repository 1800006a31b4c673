//! A metric's children as prometheus_client keeps them: one per combination of label
//! values, in the order they were first used, each with its value and the time it was
//! created. A metric without labels has its single child from the start.

use crate::exposition::Text;

/// One child: its label values, value and creation time.
#[derive(Clone, Debug, PartialEq)]
struct Child<T> {
    label_values: Vec<String>,
    value: T,
    created_s: f64,
}

/// The children of a metric with these label names.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Children<T> {
    label_names: Vec<String>,
    children: Vec<Child<T>>,
}

impl<T: Default> Children<T> {
    /// No children yet, or without label names the single child, created at `created_s`.
    pub(super) fn new(label_names: &[&str], created_s: f64) -> Self {
        let children = if label_names.is_empty() {
            vec![Child {
                label_values: Vec::new(),
                value: T::default(),
                created_s,
            }]
        } else {
            Vec::new()
        };
        Children {
            label_names: label_names.iter().map(|n| n.to_string()).collect(),
            children,
        }
    }

    /// The value of the child with these label values (one per label name, in order),
    /// created at `now_s` on first use; `None` for a wrong number of values, which the
    /// library refuses.
    pub(super) fn labels(&mut self, label_values: &[&str], now_s: f64) -> Option<&mut T> {
        if label_values.len() != self.label_names.len() {
            return None;
        }
        let i = match self
            .children
            .iter()
            .position(|c| c.label_values.iter().eq(label_values.iter()))
        {
            Some(i) => i,
            None => {
                self.children.push(Child {
                    label_values: label_values.iter().map(|v| v.to_string()).collect(),
                    value: T::default(),
                    created_s: now_s,
                });
                self.children.len() - 1
            }
        };
        self.children.get_mut(i).map(|c| &mut c.value)
    }

    /// The value of the child with these label values, if it exists.
    pub(super) fn get(&self, label_values: &[&str]) -> Option<&T> {
        self.children
            .iter()
            .find(|c| c.label_values.iter().eq(label_values.iter()))
            .map(|c| &c.value)
    }

    /// Each child's labels (name, value pairs), value and creation time, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (Vec<(Text, Text)>, &T, f64)> {
        self.children.iter().map(|c| {
            let labels = self
                .label_names
                .iter()
                .zip(&c.label_values)
                .map(|(name, value)| (name.clone().into(), value.clone().into()))
                .collect();
            (labels, &c.value, c.created_s)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_appear_on_first_use_in_order() {
        let mut c: Children<u32> = Children::new(&["a", "b"], 1.0);
        assert_eq!(c.iter().count(), 0);
        assert!(c.labels(&["x"], 2.0).is_none(), "a wrong number of values");
        *c.labels(&["x", "y"], 3.0).unwrap_or(&mut 0) += 2;
        *c.labels(&["z", "y"], 4.0).unwrap_or(&mut 0) += 1;
        *c.labels(&["x", "y"], 5.0).unwrap_or(&mut 0) += 2;
        assert_eq!(c.get(&["x", "y"]), Some(&4));
        assert_eq!(c.get(&["q", "y"]), None);
        let all: Vec<_> = c.iter().map(|(l, v, t)| (l, *v, t)).collect();
        assert_eq!(
            all[0].0,
            [("a".into(), "x".into()), ("b".into(), "y".into())]
        );
        assert_eq!((all[0].1, all[0].2), (4, 3.0));
        assert_eq!((all[1].1, all[1].2), (1, 4.0));
        let plain: Children<u32> = Children::new(&[], 7.0);
        assert_eq!(plain.get(&[]), Some(&0));
        assert_eq!(
            plain.iter().next().map(|(l, _, t)| (l.len(), t)),
            Some((0, 7.0))
        );
    }
}
