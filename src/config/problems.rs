//! Why a relabel step or a scrape's HTTP client settings are refused: Prometheus's words
//! (`relabel.Config.Validate`, `config.HTTPClientConfig.Validate`) and the same in plain
//! French or English.

use std::fmt;

use crate::go::quote::go_quote;
use crate::lang::Lang;

/// What Prometheus refuses in one relabel step.
#[derive(Clone, Debug, PartialEq)]
pub enum RelabelProblem {
    /// `action:` left empty.
    EmptyAction,
    /// An action Prometheus does not know (as written).
    UnknownAction(String),
    /// A regex that does not compile (Go's message).
    Regex(String),
    /// `hashmod` without a non-zero `modulus`.
    NoModulus,
    /// An action that writes a label, without `target_label` (the action).
    NoTargetLabel(&'static str),
    /// A `target_label` that is not a label name (it, the action).
    InvalidTargetLabel(String, &'static str),
    /// `replacement` set for an action that ignores it.
    ReplacementNotAllowed(&'static str),
    /// A `labelmap` replacement that cannot name a label.
    InvalidReplacement(String, &'static str),
    /// `keepequal`/`dropequal` with other fields than `source_labels` and `target_label`.
    OnlySourceAndTarget(&'static str),
    /// `labeldrop`/`labelkeep` with other fields than `regex`.
    OnlyRegex(&'static str),
}

impl fmt::Display for RelabelProblem {
    /// Prometheus's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use RelabelProblem as P;
        match self {
            P::EmptyAction => f.write_str("relabel action cannot be empty"),
            P::UnknownAction(a) => write!(f, "unknown relabel action {}", go_quote(a)),
            P::Regex(message) => f.write_str(message),
            P::NoModulus => {
                f.write_str("relabel configuration for hashmod requires non-zero modulus")
            }
            P::NoTargetLabel(action) => write!(
                f,
                "relabel configuration for {action} action requires 'target_label' value"
            ),
            P::InvalidTargetLabel(label, action) => write!(
                f,
                "{} is invalid 'target_label' for {action} action",
                go_quote(label)
            ),
            P::ReplacementNotAllowed(action) => {
                write!(f, "'replacement' can not be set for {action} action")
            }
            P::InvalidReplacement(r, action) => write!(
                f,
                "{} is invalid 'replacement' for {action} action",
                go_quote(r)
            ),
            P::OnlySourceAndTarget(action) => write!(
                f,
                "{action} action requires only 'source_labels' and `target_label`, and no other fields"
            ),
            P::OnlyRegex(action) => write!(
                f,
                "{action} action requires only 'regex', and no other fields"
            ),
        }
    }
}

/// The French or the English text.
fn say(lang: Lang, fr: String, en: String) -> String {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

impl RelabelProblem {
    /// What is wrong and how to fix it, in plain words.
    pub fn explanation(&self, lang: Lang) -> String {
        use RelabelProblem as P;
        match self {
            P::EmptyAction => say(
                lang,
                "action: est vide : écrivez une action (replace, keep, drop, labeldrop...) ou retirez la ligne (replace par défaut).".into(),
                "action: is empty: write an action (replace, keep, drop, labeldrop...) or remove the line (replace by default).".into(),
            ),
            P::UnknownAction(a) => say(
                lang,
                format!("{} n'est pas une action de relabelling : replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase ou uppercase.", go_quote(a)),
                format!("{} is not a relabel action: replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase or uppercase.", go_quote(a)),
            ),
            P::Regex(message) => say(
                lang,
                format!("cette regex ne se compile pas ({message}) : vérifiez parenthèses, crochets et échappements (\\. pour un point)."),
                format!("this regex does not compile ({message}): check parentheses, brackets and escapes (\\. for a dot)."),
            ),
            P::NoModulus => say(
                lang,
                "hashmod a besoin d'un modulus non nul (le nombre de parts entre lesquelles répartir les cibles).".into(),
                "hashmod needs a non-zero modulus (how many shards to spread the targets over).".into(),
            ),
            P::NoTargetLabel(action) => say(
                lang,
                format!("l'action {action} écrit un label : dites lequel avec target_label."),
                format!("the {action} action writes a label: say which one with target_label."),
            ),
            P::InvalidTargetLabel(label, action) => say(
                lang,
                format!("{} ne peut pas être le nom d'un label (target_label de l'action {action}).", go_quote(label)),
                format!("{} cannot be a label name (target_label of the {action} action).", go_quote(label)),
            ),
            P::ReplacementNotAllowed(action) => say(
                lang,
                format!("l'action {action} n'utilise pas replacement : retirez-le."),
                format!("the {action} action does not use replacement: remove it."),
            ),
            P::InvalidReplacement(r, action) => say(
                lang,
                format!("pour {action}, replacement donne le nouveau nom du label ({} n'en est pas un, essayez $1).", go_quote(r)),
                format!("for {action}, replacement gives the label's new name ({} is not one; try $1).", go_quote(r)),
            ),
            P::OnlySourceAndTarget(action) => say(
                lang,
                format!("l'action {action} compare source_labels à target_label : retirez regex, separator, modulus et replacement."),
                format!("the {action} action compares source_labels with target_label: remove regex, separator, modulus and replacement."),
            ),
            P::OnlyRegex(action) => say(
                lang,
                format!("l'action {action} ne lit que regex (appliquée aux noms des labels) : retirez les autres champs."),
                format!("the {action} action only reads regex (matched against label names): remove the other fields."),
            ),
        }
    }
}

/// What Prometheus refuses in a scrape's HTTP client settings (authentication).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientProblem {
    /// Both `bearer_token` and `bearer_token_file`.
    BearerTokenTwice,
    /// Two of `basic_auth`, `oauth2` and a bearer token.
    BasicOauthBearer,
    /// Both `username` and `username_file` in `basic_auth`.
    UsernameTwice,
    /// Both `password` and `password_file` in `basic_auth`.
    PasswordTwice,
    /// `authorization` together with a bearer token.
    AuthorizationBearer,
    /// Both `credentials` and `credentials_file` in `authorization`.
    CredentialsTwice,
    /// `authorization` of type `Basic`.
    AuthorizationBasic,
    /// `authorization` together with `basic_auth` or `oauth2`.
    AuthorizationWithOther,
    /// `oauth2` without `client_id`.
    OauthClientId,
    /// `oauth2` without `client_secret` nor `client_secret_file`.
    OauthNoSecret,
    /// `oauth2` without `token_url`.
    OauthTokenUrl,
    /// Both `client_secret` and `client_secret_file` in `oauth2`.
    OauthSecretTwice,
}

impl fmt::Display for ClientProblem {
    /// Prometheus's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ClientProblem as C;
        f.write_str(match self {
            C::BearerTokenTwice => "at most one of bearer_token & bearer_token_file must be configured",
            C::BasicOauthBearer => "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured",
            C::UsernameTwice => "at most one of basic_auth username & username_file must be configured",
            C::PasswordTwice => "at most one of basic_auth password & password_file must be configured",
            C::AuthorizationBearer => "authorization is not compatible with bearer_token & bearer_token_file",
            C::CredentialsTwice => "at most one of authorization credentials & credentials_file must be configured",
            C::AuthorizationBasic => r#"authorization type cannot be set to "basic", use "basic_auth" instead"#,
            C::AuthorizationWithOther => "at most one of basic_auth, oauth2 & authorization must be configured",
            C::OauthClientId => "oauth2 client_id must be configured",
            C::OauthNoSecret => "either oauth2 client_secret or client_secret_file must be configured",
            C::OauthTokenUrl => "oauth2 token_url must be configured",
            C::OauthSecretTwice => "at most one of oauth2 client_secret & client_secret_file must be configured",
        })
    }
}

impl ClientProblem {
    /// What is wrong and how to fix it, in plain words.
    pub fn explanation(&self, lang: Lang) -> String {
        use ClientProblem as C;
        if matches!(self, C::OauthClientId | C::OauthNoSecret | C::OauthTokenUrl) {
            return say(
                lang,
                format!("oauth2 demande au moins client_id, client_secret (ou client_secret_file) et token_url ({self})."),
                format!("oauth2 needs at least client_id, client_secret (or client_secret_file) and token_url ({self})."),
            );
        }
        say(
            lang,
            format!("Prometheus n'accepte qu'une façon de s'authentifier par job, et chaque secret écrit ou lu dans un fichier, pas les deux ({self})."),
            format!("Prometheus takes one way to authenticate per job, and each secret written or read from a file, not both ({self})."),
        )
    }
}

/// What Prometheus refuses in `alerting`, which Sonde checks but does not simulate.
#[derive(Clone, Debug, PartialEq)]
pub enum AlertingProblem {
    /// An `api_version` Prometheus 3 does not speak (as written).
    ApiVersion(String),
    /// A null step in `alerting.alert_relabel_configs`.
    EmptyAlertRelabel,
    /// A null step in an Alertmanager's `relabel_configs`.
    EmptyAlertmanagerRelabel,
    /// A null step in an Alertmanager's `alert_relabel_configs`.
    EmptyAlertmanagerAlertRelabel,
}

impl fmt::Display for AlertingProblem {
    /// Prometheus's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AlertingProblem as A;
        match self {
            A::ApiVersion(v) => write!(
                f,
                "expected Alertmanager api version to be one of [v2] but got {v}"
            ),
            A::EmptyAlertRelabel => f.write_str("empty or null alert relabeling rule"),
            A::EmptyAlertmanagerRelabel => {
                f.write_str("empty or null Alertmanager target relabeling rule")
            }
            A::EmptyAlertmanagerAlertRelabel => {
                f.write_str("empty or null Alertmanager alert relabeling rule")
            }
        }
    }
}

impl AlertingProblem {
    /// What is wrong and how to fix it, in plain words.
    pub fn explanation(&self, lang: Lang) -> String {
        match self {
            AlertingProblem::ApiVersion(v) => say(
                lang,
                format!("Prometheus 3 ne parle à Alertmanager qu'en api_version v2 (pas {v}) : écrivez v2 ou retirez la ligne."),
                format!("Prometheus 3 only talks to Alertmanager with api_version v2 (not {v}): write v2 or remove the line."),
            ),
            _ => say(
                lang,
                "une étape de relabelling d'alerting est vide (un - sans rien derrière) : écrivez-y une étape ou retirez le tiret.".into(),
                "an alerting relabel step is empty (a - with nothing after it): write a step there or remove the dash.".into(),
            ),
        }
    }
}
