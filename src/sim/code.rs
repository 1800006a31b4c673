//! The app's Python code, one file per [`Instrumentation`]: the course's `app.py` verbatim
//! (`code/course.py`), and each later version as the course's file changed the way a
//! learner would change it. The same files are what `tests/reference/generate.py` runs
//! under the real Flask and prometheus_client to write the pages Sonde is tested against.
//!
//! ```
//! use sonde::sim::{app_code, code_diff, Change, Instrumentation};
//!
//! assert!(app_code(Instrumentation::Course).contains("start_http_server(8000)"));
//! let added = code_diff(Instrumentation::PerEndpoint)
//!     .into_iter()
//!     .filter(|l| l.change == Change::Added)
//!     .count();
//! assert!(added > 0);
//! ```

use super::app::Instrumentation;

/// The course's `app.py`, as the course writes it.
const COURSE: &str = include_str!("code/course.py");
/// The per-endpoint version: the same counter with `method` and `endpoint` labels.
const PER_ENDPOINT: &str = include_str!("code/per_endpoint.py");
/// The production version: a `status` label, a latency histogram, slower and failing
/// endpoints.
const PRODUCTION: &str = include_str!("code/production.py");

/// The `app.py` that runs for an instrumentation.
pub fn app_code(instrumentation: Instrumentation) -> &'static str {
    match instrumentation {
        Instrumentation::Course => COURSE,
        Instrumentation::PerEndpoint => PER_ENDPOINT,
        Instrumentation::Production => PRODUCTION,
    }
}

/// How a line of a version differs from the course's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The line is the course's, unchanged.
    Same,
    /// The version adds this line.
    Added,
    /// The version removes this line of the course's file.
    Removed,
}

impl Change {
    /// The marker a unified diff puts before the line: ` `, `+` or `-`.
    pub fn marker(self) -> char {
        match self {
            Change::Same => ' ',
            Change::Added => '+',
            Change::Removed => '-',
        }
    }
}

/// One line of a version compared with the course's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiffLine {
    /// Whether the line is kept, added or removed.
    pub change: Change,
    /// The line, without its newline.
    pub text: &'static str,
}

/// Every line of `instrumentation`'s file and of the course's, as a unified diff orders
/// them (within a change, the removed lines come before the added ones). The course's
/// own version is all [`Change::Same`].
pub fn code_diff(instrumentation: Instrumentation) -> Vec<DiffLine> {
    line_diff(COURSE, app_code(instrumentation))
}

/// The line diff of `new` against `old`: a longest common subsequence of lines, the rest
/// removed or added. The files are a few dozen lines, so the quadratic table is cheap.
fn line_diff(old: &'static str, new: &'static str) -> Vec<DiffLine> {
    let old: Vec<&'static str> = old.lines().collect();
    let new: Vec<&'static str> = new.lines().collect();
    // common[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let line = |change, text| DiffLine { change, text };
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out.push(line(Change::Same, old[i]));
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || common[i + 1][j] >= common[i][j + 1]) {
            out.push(line(Change::Removed, old[i]));
            i += 1;
        } else {
            out.push(line(Change::Added, new[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of a diff with `change`.
    fn with(diff: &[DiffLine], change: Change) -> Vec<&'static str> {
        diff.iter()
            .filter(|l| l.change == change)
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn the_course_file_is_the_courses_verbatim() {
        let code = app_code(Instrumentation::Course);
        for line in [
            "from prometheus_client import start_http_server, Counter",
            "# Création d'une métrique de type compteur",
            "REQUEST_COUNT = Counter('http_requests_total', 'Nombre total de requêtes HTTP')",
            "def index():",
            "    REQUEST_COUNT.inc()  # Incrémente le compteur à chaque requête",
            "    start_http_server(8000)  # Expose les métriques sur le port 8000",
            "    app.run(port=5000)",
        ] {
            assert!(code.lines().any(|l| l == line), "missing: {line}");
        }
        assert!(code
            .lines()
            .position(|l| l.contains("start_http_server(8000)"))
            .zip(code.lines().position(|l| l.contains("app.run(")))
            .is_some_and(|(server, run)| server < run));
        assert!(with(&code_diff(Instrumentation::Course), Change::Same).len() > 10);
        assert_eq!(
            code_diff(Instrumentation::Course)
                .iter()
                .filter(|l| l.change != Change::Same)
                .count(),
            0
        );
    }

    #[test]
    fn the_per_endpoint_version_keeps_the_courses_names() {
        let code = app_code(Instrumentation::PerEndpoint);
        for kept in [
            "REQUEST_COUNT",
            "def index():",
            "start_http_server(8000)",
            "app.run(port=5000)",
        ] {
            assert!(code.contains(kept), "missing: {kept}");
        }
        assert!(code.contains("labelnames=['method', 'endpoint']"));
        assert!(code.contains("endpoint=request.path"));
    }

    #[test]
    fn the_production_version_keeps_the_courses_names_and_times_requests() {
        let code = app_code(Instrumentation::Production);
        for kept in [
            "REQUEST_COUNT = Counter('http_requests_total', 'Nombre total de requêtes HTTP',",
            "['method', 'endpoint', 'status'])",
            "REQUEST_LATENCY = Histogram('http_request_duration_seconds',",
            "@app.before_request",
            "@app.after_request",
            "def index():",
            "@app.route('/api/orders')",
            "start_http_server(8000)  # Expose les métriques sur le port 8000",
            "app.run(port=5000)",
        ] {
            assert!(code.contains(kept), "missing: {kept}");
        }
        assert!(!code.contains("buckets="), "the library's default buckets");
        let diff = code_diff(Instrumentation::Production);
        assert!(with(&diff, Change::Removed)
            .contains(&"    REQUEST_COUNT.inc()  # Incrémente le compteur à chaque requête"));
        assert!(with(&diff, Change::Added).contains(&"@app.after_request"));
        assert!(with(&diff, Change::Same).contains(&"def index():"));
    }

    #[test]
    fn the_diff_rebuilds_both_files() {
        let diff = code_diff(Instrumentation::PerEndpoint);
        let old: Vec<&str> = diff
            .iter()
            .filter(|l| l.change != Change::Added)
            .map(|l| l.text)
            .collect();
        let new: Vec<&str> = diff
            .iter()
            .filter(|l| l.change != Change::Removed)
            .map(|l| l.text)
            .collect();
        assert_eq!(
            old,
            app_code(Instrumentation::Course)
                .lines()
                .collect::<Vec<_>>()
        );
        assert_eq!(
            new,
            app_code(Instrumentation::PerEndpoint)
                .lines()
                .collect::<Vec<_>>()
        );
        assert!(with(&diff, Change::Removed).contains(&"from flask import Flask"));
        assert!(with(&diff, Change::Added).contains(&"from flask import Flask, request"));
        assert!(with(&diff, Change::Same).contains(&"def index():"));
        assert!(with(&diff, Change::Added).contains(&"@app.route('/about')"));
    }

    #[test]
    fn a_change_lists_removed_lines_before_added_ones() {
        let diff = line_diff("a\nb\nc\n", "a\nB\nc\nd\n");
        let got: String = diff
            .iter()
            .map(|l| format!("{}{}\n", l.change.marker(), l.text))
            .collect();
        assert_eq!(got, " a\n-b\n+B\n c\n+d\n");
        assert_eq!(line_diff("", "x").len(), 1);
        assert_eq!(
            line_diff("x\n", "").first().map(|l| l.change),
            Some(Change::Removed)
        );
    }
}
