//! Each refusal of a `prometheus.yml` in plain words, in French or English: what is
//! wrong, where, and how to fix it. It is shown under promtool's own text, which speaks
//! of Go types (`config.plain`, `[]string`, `struct { Targets []string ... }`) a learner
//! need not know.

use crate::go::duration::DurationError;
use crate::go::quote::go_quote;
use crate::lang::Lang;

use super::decode::nearest_key;
use super::error::{
    ConfigError, ConfigErrorKind, Place, SyntaxCause, TargetProblem, TypeIssue, TypeProblem,
};
use super::relabel::RELABEL_KEYS;
use super::schema::{GLOBAL_KEYS, GROUP_KEYS, GROUP_TYPE, SCRAPE_KEYS, TOP_KEYS};

/// The French or the English text.
fn say(lang: Lang, fr: String, en: String) -> String {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// `Ligne 3 : ` / `Line 3: `.
fn at_line(lang: Lang, line: usize) -> String {
    say(lang, format!("Ligne {line} : "), format!("Line {line}: "))
}

impl ConfigError {
    /// What is wrong and how to fix it, in plain words (one line per problem).
    pub fn explanation(&self, lang: Lang) -> String {
        use ConfigErrorKind as K;
        let line = self.position.map_or(1, |p| p.line);
        let column = self.position.map_or(1, |p| p.column);
        let here = at_line(lang, line);
        let text = match &self.kind {
            K::Syntax {
                cause,
                line: named,
                ..
            } => {
                let text = syntax(lang, *cause, line, column);
                match named {
                    Some(n) if *n != line => say(
                        lang,
                        format!("{text} (promtool dit ligne {n} : c'est là que la bibliothèque YAML de Go s'est aperçue du problème.)"),
                        format!("{text} (promtool says line {n}: that is where Go's YAML library noticed the problem.)"),
                    ),
                    _ => text,
                }
            }
            K::Unmarshal(issues) => {
                let lines: Vec<String> = issues.iter().map(|i| i.explanation(lang)).collect();
                return lines.join("\n");
            }
            K::Duration(e) => duration(lang, e, line),
            K::UnknownAnchor(name) => say(
                lang,
                format!("*{name} renvoie à une ancre &{name} définie nulle part au-dessus."),
                format!("*{name} refers to an anchor &{name} defined nowhere above it."),
            ),
            K::AliasCycle(name) => say(
                lang,
                format!("L'ancre &{name} contient un alias vers elle-même : sa valeur n'aurait pas de fin."),
                format!("The anchor &{name} contains an alias to itself: its value would never end."),
            ),
            K::ExcessiveAliasing => say(
                lang,
                "Les alias (*nom) sont développés trop de fois : la bibliothèque YAML de Go refuse un tel fichier pour se protéger.".into(),
                "Aliases (*name) are expanded too many times: Go's YAML library refuses such a file to protect itself.".into(),
            ),
            K::TooDeep => say(
                lang,
                "Listes ou tables imbriquées sur plus de 10000 niveaux.".into(),
                "Lists or mappings nested more than 10000 levels deep.".into(),
            ),
            K::TagMismatch {
                found,
                value,
                wanted,
            } => say(
                lang,
                format!("`{value}` porte l'étiquette {wanted} mais se lit comme {found} : retirez l'étiquette ou corrigez la valeur."),
                format!("`{value}` is tagged {wanted} but reads as {found}: remove the tag or fix the value."),
            ),
            K::MergeWantsMap => say(
                lang,
                "<<: fusionne une table dans celle-ci (en général <<: *ancre) ; ici, il reçoit autre chose.".into(),
                "<<: merges a mapping into this one (usually <<: *anchor); here it gets something else.".into(),
            ),
            K::InvalidLabelName(_) => say(
                lang,
                "un nom de label est vide : donnez un nom au label.".into(),
                "a label name is empty: give the label a name.".into(),
            ),
            K::EmptyScrapeConfig => say(
                lang,
                "un élément de scrape_configs est vide (un - sans rien derrière) : décrivez-y un job (en commençant par job_name:) ou retirez le tiret.".into(),
                "an item of scrape_configs is empty (a - with nothing after it): describe a job there (starting with job_name:) or remove the dash.".into(),
            ),
            K::EmptyStaticConfig => say(
                lang,
                "un élément de static_configs est vide (un - sans rien derrière) : écrivez-y targets: ou retirez le tiret.".into(),
                "an item of static_configs is empty (a - with nothing after it): write targets: there or remove the dash.".into(),
            ),
            K::JobNameEmpty => say(
                lang,
                "ce job n'a pas de job_name : chaque job en a un, qui devient le label job de ses séries.".into(),
                "this job has no job_name: every job needs one, which becomes the job label of its series.".into(),
            ),
            K::InvalidHostname(target) => hostname(lang, target),
            K::GlobalTimeoutTooLong => say(
                lang,
                "dans global, scrape_timeout dépasse scrape_interval : un scrape doit finir avant que le suivant commence. Raccourcissez le délai ou allongez l'intervalle.".into(),
                "in global, scrape_timeout is longer than scrape_interval: a scrape must end before the next one starts. Shorten the timeout or lengthen the interval.".into(),
            ),
            K::TimeoutTooLong { job } => say(
                lang,
                format!("dans le job {}, scrape_timeout dépasse l'intervalle de scrape (celui du job, sinon celui de global) : un scrape doit finir avant que le suivant commence.", go_quote(job)),
                format!("in job {}, scrape_timeout is longer than the scrape interval (the job's own, else global's): a scrape must end before the next one starts.", go_quote(job)),
            ),
            K::DuplicateJob { job } => say(
                lang,
                format!("un deuxième job s'appelle {} : chaque job_name doit être unique (il devient le label job de ses séries).", go_quote(job)),
                format!("a second job is named {}: each job_name must be unique (it becomes the job label of its series).", go_quote(job)),
            ),
            K::InvalidRuleFilePath(_) => say(
                lang,
                "un motif de rule_files ne peut contenir * que dans sa dernière partie (le nom du fichier).".into(),
                "a rule_files pattern may contain * only in its last part (the file name).".into(),
            ),
            K::Target { problem, .. } => target(lang, problem),
            K::Relabel(problem) => problem.explanation(lang),
            K::EmptyRelabel { metric } => {
                let key = if *metric { "metric_relabel_configs" } else { "relabel_configs" };
                say(
                    lang,
                    format!("un élément de {key} est vide (un - sans rien derrière) : écrivez-y une étape (source_labels:, action:...) ou retirez le tiret."),
                    format!("an item of {key} is empty (a - with nothing after it): write a step there (source_labels:, action:...) or remove the dash."),
                )
            }
            K::Client(problem) => problem.explanation(lang),
            K::Alerting(problem) => problem.explanation(lang),
        };
        match &self.kind {
            K::Syntax { .. } | K::Duration(_) => text,
            _ => format!("{here}{text}"),
        }
    }
}

/// What most likely went wrong in a text that is not YAML, and how to fix it.
fn syntax(lang: Lang, cause: SyntaxCause, line: usize, column: usize) -> String {
    let at = say(
        lang,
        format!("Ligne {line}, colonne {column} : "),
        format!("Line {line}, column {column}: "),
    );
    match cause {
        SyntaxCause::Tab => say(
            lang,
            format!("{at}une tabulation. YAML n'indente qu'avec des espaces : remplacez-la par des espaces."),
            format!("{at}a tab character. YAML indents with spaces only: replace it with spaces."),
        ),
        SyntaxCause::Character(c) => say(
            lang,
            format!("{at}en YAML, une valeur ne peut pas commencer par « {c} ». Mettez la valeur entre guillemets ('…')."),
            format!("{at}in YAML a value cannot start with `{c}`. Put the value in quotes ('…')."),
        ),
        SyntaxCause::Indentation => say(
            lang,
            format!("Ligne {line} : la ligne n'est pas alignée sur les clés au-dessus. Les clés d'une même section commencent à la même colonne, et le contenu d'une clé est plus indenté qu'elle (de 2 espaces dans le fichier du cours)."),
            format!("Line {line}: the line is not aligned with the keys above it. Keys of one section start in the same column, and what belongs to a key is indented further (by 2 spaces in the course's file)."),
        ),
        SyntaxCause::Colon => say(
            lang,
            format!("{at}un « : » là où YAML ne peut pas commencer de clé : la clé au-dessus a perdu son « : », ou la ligne est plus indentée qu'elle, ou une valeur contient « : » et doit être mise entre guillemets."),
            format!("{at}a `:` where YAML cannot start a key: the key above lost its `:`, or this line is indented more than it, or a value contains `: ` and needs quotes."),
        ),
        SyntaxCause::MissingColon => say(
            lang,
            format!("Une clé sans son « : » juste avant la ligne {line} : écrivez clé: valeur, avec une espace après les deux-points."),
            format!("A key without its `:` just before line {line}: write key: value, with a space after the colon."),
        ),
        SyntaxCause::Dash => say(
            lang,
            format!("Ligne {line} : la ligne casse une liste. Ses éléments commencent par « - » à la même colonne, et une clé après la liste revient à la colonne de la clé au-dessus."),
            format!("Line {line}: the line breaks a list. Its items start with `- ` in the same column, and a key after the list goes back to the column of the key above it."),
        ),
        SyntaxCause::Unclosed(closer) => {
            let opener = if closer == '}' { '{' } else { '[' };
            say(
                lang,
                format!("Ligne {line} : un « {opener} » ouvert plus haut n'est pas refermé : ajoutez le « {closer} » (et séparez les éléments par des virgules)."),
                format!("Line {line}: a `{opener}` opened above is not closed: add the `{closer}` (and separate the items with commas)."),
            )
        }
        SyntaxCause::StrayBracket => say(
            lang,
            format!("{at}un crochet ou une accolade qui ne ferme rien : retirez-le, ou ajoutez celui qu'il devait fermer."),
            format!("{at}a bracket or brace that closes nothing: remove it, or add the one it should close."),
        ),
        SyntaxCause::UnclosedQuote(q) => say(
            lang,
            format!("{at}le guillemet {q} ouvert ici n'est pas refermé sur sa ligne (YAML lit alors jusqu'au {q} suivant) : ajoutez le {q} de fin à la fin de la valeur."),
            format!("{at}the quote {q} opened here is not closed on its line (YAML then reads on to the next {q}): add the closing {q} at the end of the value."),
        ),
        SyntaxCause::MissingValue => say(
            lang,
            format!("{at}une valeur manque là où YAML en attend une (après « : », « - », « [ » ou « , »)."),
            format!("{at}a value is missing where YAML expects one (after `:`, `-`, `[` or `,`)."),
        ),
        SyntaxCause::Other => say(
            lang,
            format!("{at}le texte n'est pas du YAML valide à cet endroit."),
            format!("{at}the text is not valid YAML here."),
        ),
    }
}

/// A duration Prometheus cannot read.
fn duration(lang: Lang, e: &DurationError, line: usize) -> String {
    let rule = say(
        lang,
        "un nombre entier puis une unité, la plus grande d'abord, sans espace ni décimale : 15s, 1m30s, 500ms (unités ms, s, m, h, d, w, y).".into(),
        "a whole number then a unit, largest first, without spaces or decimals: 15s, 1m30s, 500ms (units ms, s, m, h, d, w, y).".into(),
    );
    match e {
        DurationError::Empty => say(
            lang,
            format!("Ligne {line} : la durée est vide. Une durée s'écrit {rule}"),
            format!("Line {line}: the duration is empty. A duration is {rule}"),
        ),
        DurationError::OutOfRange => say(
            lang,
            format!("Ligne {line} : cette durée dépasse ce que Prometheus sait compter (environ 292 ans)."),
            format!("Line {line}: this duration is longer than Prometheus can count (about 292 years)."),
        ),
        DurationError::Invalid(s) | DurationError::UnknownUnit(_, s) => {
            let fix = if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                say(
                    lang,
                    format!(" Il manque l'unité : {s}s pour des secondes."),
                    format!(" The unit is missing: {s}s for seconds."),
                )
            } else {
                String::new()
            };
            say(
                lang,
                format!("Ligne {line} : {} n'est pas une durée que Prometheus sait lire. Une durée s'écrit {rule}{fix}", go_quote(s)),
                format!("Line {line}: {} is not a duration Prometheus reads. A duration is {rule}{fix}", go_quote(s)),
            )
        }
    }
}

/// A target written as a URL: what to write instead.
fn hostname(lang: Lang, target: &str) -> String {
    let without_scheme = target.split_once("://").map_or(target, |(_, rest)| rest);
    let fixed = without_scheme.split('/').next().unwrap_or("");
    let fix = if fixed.is_empty() {
        String::new()
    } else {
        say(
            lang,
            format!(" Écrivez '{fixed}'."),
            format!(" Write '{fixed}'."),
        )
    };
    say(
        lang,
        format!("une cible s'écrit hôte:port seulement, sans schéma ni chemin : Prometheus ajoute lui-même http:// (scheme du job) et /metrics (metrics_path).{fix}"),
        format!("a target is host:port only, without scheme or path: Prometheus adds http:// (the job's scheme) and /metrics (metrics_path) itself.{fix}"),
    )
}

/// A target refused once its labels are computed.
fn target(lang: Lang, problem: &TargetProblem) -> String {
    match problem {
        TargetProblem::NoAddress => say(
            lang,
            "cette cible est vide : écrivez hôte:port, par exemple 'localhost:8000'.".into(),
            "this target is empty: write host:port, such as 'localhost:8000'.".into(),
        ),
        TargetProblem::BadInterval(e) | TargetProblem::BadTimeout(e) => say(
            lang,
            format!("un label __scrape_interval__ ou __scrape_timeout__ de cette cible n'est pas une durée ({}).", e.message(Lang::Fr)),
            format!("a __scrape_interval__ or __scrape_timeout__ label of this target is not a duration ({}).", e.message(Lang::En)),
        ),
        TargetProblem::ZeroInterval | TargetProblem::ZeroTimeout => say(
            lang,
            "l'intervalle ou le délai de scrape de cette cible vaut 0.".into(),
            "this target's scrape interval or timeout is 0.".into(),
        ),
        TargetProblem::InvalidHostname(address) => say(
            lang,
            format!("après relabelling, l'adresse de cette cible est {} : __address__ doit rester hôte:port, sans schéma ni chemin (ceux-ci vont dans __scheme__ et __metrics_path__).", go_quote(address)),
            format!("after relabelling, this target's address is {}: __address__ must stay host:port, without scheme or path (those go in __scheme__ and __metrics_path__).", go_quote(address)),
        ),
        TargetProblem::TimeoutTooLong { timeout, interval } => say(
            lang,
            format!("le délai de scrape de cette cible ({timeout}) dépasse son intervalle ({interval})."),
            format!("this target's scrape timeout ({timeout}) is longer than its interval ({interval})."),
        ),
    }
}

/// The sections a key belongs to, each as said in `lang`.
fn homes(lang: Lang, key: &str, except: &Place) -> Vec<String> {
    let sections: [(&[&str], Place); 5] = [
        (&TOP_KEYS, Place::Document),
        (&GLOBAL_KEYS, Place::ValueOf("global".into())),
        (&SCRAPE_KEYS, Place::ItemOf("scrape_configs".into())),
        (&GROUP_KEYS, Place::ItemOf("static_configs".into())),
        (&RELABEL_KEYS, Place::ItemOf("relabel_configs".into())),
    ];
    sections
        .iter()
        .filter(|(keys, place)| place != except && keys.contains(&key))
        .map(|(_, place)| in_place(lang, place))
        .collect()
}

/// The known key nearest to `key` in any section, with where it belongs.
fn nearest_anywhere(lang: Lang, key: &str) -> Option<(String, String)> {
    let all: Vec<&str> = TOP_KEYS
        .iter()
        .chain(&GLOBAL_KEYS)
        .chain(&SCRAPE_KEYS)
        .chain(&GROUP_KEYS)
        .chain(&RELABEL_KEYS)
        .copied()
        .collect();
    let best = nearest_key(key, &all)?;
    let home =
        homes(lang, &best, &Place::Key).join(say(lang, " ou ".into(), " or ".into()).as_str());
    Some((best, home))
}

/// `dans global` / `in global`, for a place in the file.
fn in_place(lang: Lang, place: &Place) -> String {
    match place {
        Place::Document | Place::Key => say(
            lang,
            "au premier niveau du fichier".into(),
            "at the top level of the file".into(),
        ),
        Place::ValueOf(k) => say(lang, format!("dans {k}"), format!("in {k}")),
        Place::ItemOf(k) if k == "scrape_configs" => say(
            lang,
            "dans un job (élément de scrape_configs)".into(),
            "in a job (an item of scrape_configs)".into(),
        ),
        Place::ItemOf(k) => say(
            lang,
            format!("dans un élément de {k}"),
            format!("in an item of {k}"),
        ),
    }
}

impl TypeIssue {
    /// This type problem in plain words, with how to fix it.
    pub fn explanation(&self, lang: Lang) -> String {
        let here = at_line(lang, self.position.line);
        let text = match &self.problem {
            TypeProblem::CannotUnmarshal {
                tag,
                text,
                into,
                place,
                ..
            } => wrong_type(lang, tag, text.as_deref(), into, place),
            TypeProblem::FieldNotFound {
                field,
                place,
                suggestion,
                ..
            } => unknown_key(lang, field, place, suggestion.as_deref()),
            TypeProblem::FieldAlreadySet { field, .. } => say(
                lang,
                format!(
                    "{field} est donné une deuxième fois dans la même section : n'en gardez qu'un."
                ),
                format!("{field} is given a second time in the same section: keep only one."),
            ),
            TypeProblem::KeyAlreadySet { key } => say(
                lang,
                format!(
                    "le label {} est donné deux fois : n'en gardez qu'un.",
                    go_quote(key)
                ),
                format!("the label {} is given twice: keep only one.", go_quote(key)),
            ),
        };
        format!("{here}{text}")
    }
}

/// A key the section does not have: a near key of the section, else where the key
/// belongs (misindented), else the nearest key anywhere.
fn unknown_key(lang: Lang, field: &str, place: &Place, suggestion: Option<&str>) -> String {
    if field.is_empty() {
        return say(
            lang,
            "une clé est vide (~ ou rien avant « : »).".into(),
            "a key is empty (~ or nothing before the `:`).".into(),
        );
    }
    let where_ = in_place(lang, place);
    let unknown = say(
        lang,
        format!("{field} n'est pas une clé que Prometheus connaît {where_}."),
        format!("{field} is not a key Prometheus knows {where_}."),
    );
    let homes = homes(lang, field, place);
    let hint = if let Some(s) = suggestion {
        say(
            lang,
            format!(" Vouliez-vous dire {s} ?"),
            format!(" Did you mean {s}?"),
        )
    } else if !homes.is_empty() {
        let homes = homes.join(say(lang, " ou ".into(), " or ".into()).as_str());
        say(
            lang,
            format!(" Elle va {homes} : vérifiez son indentation."),
            format!(" It belongs {homes}: check its indentation."),
        )
    } else if matches!(place, Place::ItemOf(k) if k == "static_configs") {
        say(
            lang,
            " Si c'est un label, placez-le sous labels:, plus indenté.".into(),
            " If it is a label, put it under labels:, indented further.".into(),
        )
    } else if let Some((best, home)) = nearest_anywhere(lang, field) {
        say(
            lang,
            format!(" Vouliez-vous dire {best} ({home}) ?"),
            format!(" Did you mean {best} ({home})?"),
        )
    } else {
        say(
            lang,
            " Retirez-la, ou vérifiez son orthographe dans la documentation de Prometheus.".into(),
            " Remove it, or check its spelling in Prometheus's documentation.".into(),
        )
    };
    format!("{unknown}{hint}")
}

/// Whether a Go type is a struct or a map (written as keys with values).
fn is_mapping(into: &str) -> bool {
    matches!(
        into,
        "config.plain"
            | "config.Config"
            | "config.GlobalConfig"
            | "config.ScrapeConfig"
            | "model.LabelSet"
            | "map[string]string"
            | "labels.Labels"
    ) || into == GROUP_TYPE
}

/// A value of the wrong shape: what was expected, what was found, and a fix when one
/// is likely.
fn wrong_type(lang: Lang, tag: &str, text: Option<&str>, into: &str, place: &Place) -> String {
    let value = text.unwrap_or("");
    let subject = match place {
        Place::Document => say(lang, "Le fichier".into(), "The file".into()),
        Place::Key => say(lang, "Une clé".into(), "A key".into()),
        Place::ValueOf(k) => k.clone(),
        Place::ItemOf(k) => say(
            lang,
            format!("Chaque élément de {k}"),
            format!("Each item of {k}"),
        ),
    };
    let wanted = match into {
        "bool" => say(lang, "true ou false".into(), "true or false".into()),
        "uint" => say(
            lang,
            "un nombre entier, 0 ou plus".into(),
            "a whole number, 0 or more".into(),
        ),
        "string" if *place == Place::Key => {
            say(lang, "un simple nom".into(), "a plain name".into())
        }
        "string" | "model.LabelValue" => say(
            lang,
            "une seule valeur (un texte)".into(),
            "a single value (a text)".into(),
        ),
        "[]string" if matches!(place, Place::ValueOf(k) if k == "targets") => say(
            lang,
            "une liste, par exemple ['localhost:8000']".into(),
            "a list, such as ['localhost:8000']".into(),
        ),
        "[]string" => say(
            lang,
            "une liste, par exemple ['a', 'b']".into(),
            "a list, such as ['a', 'b']".into(),
        ),
        "config.ScrapeConfig" => say(
            lang,
            "un job : des clés comme job_name: et static_configs:".into(),
            "a job: keys such as job_name: and static_configs:".into(),
        ),
        "[]*config.ScrapeConfig" => say(
            lang,
            "une liste de jobs, chacun commençant par « - job_name: »".into(),
            "a list of jobs, each starting with `- job_name:`".into(),
        ),
        "[]*targetgroup.Group" => say(
            lang,
            "une liste de groupes, chacun commençant par « - targets: »".into(),
            "a list of groups, each starting with `- targets:`".into(),
        ),
        "model.LabelSet" | "map[string]string" | "labels.Labels" => say(
            lang,
            "des paires nom: valeur, par exemple {env: prod}".into(),
            "name: value pairs, such as {env: prod}".into(),
        ),
        _ if into == GROUP_TYPE => say(
            lang,
            "la clé targets: (et éventuellement labels:)".into(),
            "the key targets: (and optionally labels:)".into(),
        ),
        _ if *place == Place::Document => say(
            lang,
            "des clés comme global: et scrape_configs:, une par ligne".into(),
            "keys such as global: and scrape_configs:, one a line".into(),
        ),
        _ if is_mapping(into) => say(
            lang,
            "des clés (clé: valeur), sur les lignes suivantes, plus indentées".into(),
            "keys (key: value), on the lines below, indented further".into(),
        ),
        other => other.to_string(),
    };
    let got = match tag {
        "!!str" => say(
            lang,
            format!("le texte `{value}`"),
            format!("the text `{value}`"),
        ),
        "!!int" | "!!float" => say(
            lang,
            format!("le nombre `{value}`"),
            format!("the number `{value}`"),
        ),
        "!!bool" => say(
            lang,
            format!("le booléen `{value}`"),
            format!("the boolean `{value}`"),
        ),
        "!!seq" => say(lang, "une liste".into(), "a list".into()),
        "!!map" => say(
            lang,
            "des clés (clé: valeur)".into(),
            "keys (key: value)".into(),
        ),
        "!!null" => say(lang, "rien".into(), "nothing".into()),
        "!!timestamp" => say(
            lang,
            format!("la date `{value}`"),
            format!("the date `{value}`"),
        ),
        other => format!("`{value}` ({other})"),
    };
    let fix = type_fix(lang, tag, value, into);
    say(
        lang,
        format!("{subject} attend {wanted} ; ici : {got}.{fix}"),
        format!("{subject} expects {wanted}; here: {got}.{fix}"),
    )
}

/// The likely fix for a value of the wrong shape, if there is one.
fn type_fix(lang: Lang, tag: &str, value: &str, into: &str) -> String {
    if tag == "!!str" && into == "[]string" {
        return say(
            lang,
            format!(" Écrivez une liste : ['{value}']."),
            format!(" Write it as a list: ['{value}']."),
        );
    }
    if tag == "!!str" && into == "bool" && matches!(value, "true" | "false") {
        return say(
            lang,
            format!(" Sans guillemets : {value}."),
            format!(" Without quotes: {value}."),
        );
    }
    if tag == "!!map" && into == "[]*config.ScrapeConfig" {
        return say(
            lang,
            " Commencez le job par un tiret : - job_name: ….".into(),
            " Start the job with a dash: - job_name: ….".into(),
        );
    }
    if tag == "!!map" && into == "[]*targetgroup.Group" {
        return say(
            lang,
            " Commencez le groupe par un tiret : - targets: [...].".into(),
            " Start the group with a dash: - targets: [...].".into(),
        );
    }
    if tag != "!!str" || !is_mapping(into) {
        return String::new();
    }
    let word_end = value
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(value.len());
    let (word, rest) = value.split_at(word_end);
    if word.is_empty() {
        return String::new();
    }
    if let Some(after) = rest.strip_prefix(':').filter(|a| !a.is_empty()) {
        return say(
            lang,
            format!(" Il manque une espace après les deux-points : {word}: {after}"),
            format!(" A space is missing after the colon: {word}: {after}"),
        );
    }
    if let Some(after) = rest.strip_prefix(' ').filter(|a| !a.trim().is_empty()) {
        return say(
            lang,
            format!(" Il manque les deux-points après la clé : {word}: {after}"),
            format!(" The colon after the key is missing: {word}: {after}"),
        );
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    fn explain(yaml: &str, lang: Lang) -> String {
        parse_config(yaml).unwrap_err().explanation(lang)
    }

    #[test]
    fn a_misspelt_key_gets_the_nearest_key_of_its_section() {
        let yaml = "global:\n  scrape_intervall: 15s\n";
        assert_eq!(
            explain(yaml, Lang::En),
            "Line 2: scrape_intervall is not a key Prometheus knows in global. Did you mean scrape_interval?"
        );
        assert_eq!(
            explain(yaml, Lang::Fr),
            "Ligne 2 : scrape_intervall n'est pas une clé que Prometheus connaît dans global. Vouliez-vous dire scrape_interval ?"
        );
        assert!(explain("Global:\n", Lang::En).ends_with("Did you mean global?"));
        let job = "scrape_configs:\n  - job_name: a\n    static_config:\n";
        assert!(explain(job, Lang::En).contains(
            "static_config is not a key Prometheus knows in a job (an item of scrape_configs). Did you mean static_configs?"
        ));
    }

    #[test]
    fn a_misindented_key_is_sent_home() {
        let yaml = "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n    labels: {a: b}\n";
        assert_eq!(
            explain(yaml, Lang::En),
            "Line 5: labels is not a key Prometheus knows in a job (an item of scrape_configs). It belongs in an item of static_configs: check its indentation."
        );
        let top = "global:\nscrape_interval: 15s\n";
        assert!(explain(top, Lang::En)
            .contains("It belongs in global or in a job (an item of scrape_configs)"));
        let near = "scrape_configs:\n  - job_name: a\n    target: [a]\n";
        assert!(explain(near, Lang::En)
            .ends_with("Did you mean targets (in an item of static_configs)?"));
        let label = "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a]\n        env: prod\n";
        assert!(explain(label, Lang::En)
            .ends_with("If it is a label, put it under labels:, indented further."));
        let far = "global:\n  foo: 1\n";
        assert!(
            explain(far, Lang::En).ends_with("check its spelling in Prometheus's documentation.")
        );
    }

    #[test]
    fn go_types_are_said_in_words() {
        let yaml = "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: localhost:8000\n";
        assert_eq!(
            explain(yaml, Lang::En),
            "Line 4: targets expects a list, such as ['localhost:8000']; here: the text `localhost:8000`. Write it as a list: ['localhost:8000']."
        );
        let group =
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets ['a']\n";
        let text = explain(group, Lang::En);
        assert!(
            text.starts_with("Line 4: Each item of static_configs expects the key targets: (and optionally labels:); here: the text `targets ['a']`."),
            "{text}"
        );
        assert!(
            text.ends_with("The colon after the key is missing: targets: ['a']"),
            "{text}"
        );
        let no_space = "global:\n  scrape_interval:15s\n";
        assert!(explain(no_space, Lang::Fr)
            .ends_with("Il manque une espace après les deux-points : scrape_interval: 15s"));
        let no_dash = "scrape_configs:\n  job_name: a\n";
        assert!(explain(no_dash, Lang::En).contains("a list of jobs, each starting with `- job_name:`; here: keys (key: value). Start the job with a dash"));
    }

    #[test]
    fn every_problem_of_a_list_is_explained_on_its_own_line() {
        let yaml =
            "scrape_configs:\n  - job_name: a\n    honor_labels: \"true\"\n    sample_limit: -1\n";
        let text = explain(yaml, Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "Line 3: honor_labels expects true or false; here: the text `true`. Without quotes: true.",
                "Line 4: sample_limit expects a whole number, 0 or more; here: the number `-1`.",
            ]
        );
    }

    #[test]
    fn syntax_and_checks_say_how_to_fix() {
        let tab = explain("global:\n\tscrape_interval: 15s\n", Lang::En);
        assert!(
            tab.starts_with("Line 2, column 1: a tab character."),
            "{tab}"
        );
        let quote = explain("scrape_configs:\n  - job_name: 'a\n", Lang::Fr);
        assert!(
            quote.contains("le guillemet ' ouvert ici n'est pas refermé"),
            "{quote}"
        );
        let url = explain(
            "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['http://localhost:8000/metrics']\n",
            Lang::En,
        );
        assert!(url.ends_with("Write 'localhost:8000'."), "{url}");
        let unit = explain("global:\n  scrape_interval: 15\n", Lang::En);
        assert!(
            unit.starts_with("Line 2: \"15\" is not a duration"),
            "{unit}"
        );
        assert!(
            unit.ends_with("The unit is missing: 15s for seconds."),
            "{unit}"
        );
    }

    #[test]
    fn a_relabel_key_written_in_the_job_is_sent_to_relabel_configs() {
        let en = explain(
            "scrape_configs:\n  - job_name: a\n    action: drop\n",
            Lang::En,
        );
        assert!(en.contains("relabel_configs"), "{en}");
        let fr = explain(
            "scrape_configs:\n  - job_name: a\n    action: drop\n",
            Lang::Fr,
        );
        assert!(fr.contains("relabel_configs"), "{fr}");
    }
}
