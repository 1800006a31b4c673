//! What tells one editor from another on the page: the `data-testid` of each of its
//! parts and the words of its label and run button. The query page's editor and a
//! dashboard panel's are the same component with different ids.

use crate::ui::Texts;

/// The `data-testid`s and texts of one editor.
#[derive(Clone, Copy, Debug)]
pub struct EditorIds {
    /// The textarea.
    pub input: &'static str,
    /// The highlighted copy under it.
    pub highlight: &'static str,
    /// The run button.
    pub run: &'static str,
    /// The format button.
    pub format: &'static str,
    /// The history button.
    pub history: &'static str,
    /// An entry of the history list.
    pub history_item: &'static str,
    /// The autocomplete popup.
    pub autocomplete: &'static str,
    /// A suggestion in it.
    pub autocomplete_item: &'static str,
    /// The parse error box.
    pub error: &'static str,
    /// A one-click fix of the parse error.
    pub error_fix: &'static str,
    /// A lint box.
    pub lint: &'static str,
    /// A one-click fix of a lint.
    pub lint_fix: &'static str,
    /// The textarea's accessible label.
    pub label: fn(&Texts) -> &'static str,
    /// The run button's text.
    pub run_text: fn(&Texts) -> &'static str,
}

impl EditorIds {
    /// The query page's editor.
    pub const QUERY: EditorIds = EditorIds {
        input: "query-input",
        highlight: "query-highlight",
        run: "query-run",
        format: "format",
        history: "history",
        history_item: "history-item",
        autocomplete: "autocomplete",
        autocomplete_item: "autocomplete-item",
        error: "editor-error",
        error_fix: "error-fix",
        lint: "lint",
        lint_fix: "lint-fix",
        label: |t| t.editor_label,
        run_text: |t| t.run_query,
    };

    /// An added query of the query page ("Add query"), below the first one.
    pub const ADDED: EditorIds = EditorIds {
        input: "added-query-input",
        highlight: "added-query-highlight",
        run: "added-query-run",
        format: "added-format",
        history: "added-history",
        history_item: "added-history-item",
        autocomplete: "added-autocomplete",
        autocomplete_item: "added-autocomplete-item",
        error: "added-editor-error",
        error_fix: "added-error-fix",
        lint: "added-lint",
        lint_fix: "added-lint-fix",
        label: |t| t.editor_label,
        run_text: |t| t.run_query,
    };

    /// A dashboard panel's query editor.
    pub const PANEL: EditorIds = EditorIds {
        input: "panel-query",
        highlight: "panel-query-highlight",
        run: "panel-run",
        format: "panel-format",
        history: "panel-history",
        history_item: "panel-history-item",
        autocomplete: "panel-autocomplete",
        autocomplete_item: "panel-autocomplete-item",
        error: "panel-editor-error",
        error_fix: "panel-error-fix",
        lint: "panel-lint",
        lint_fix: "panel-lint-fix",
        label: |t| t.panel_query,
        run_text: |t| t.panel_run,
    };
}
