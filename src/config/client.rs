//! A scrape's HTTP client settings (prometheus/common's `HTTPClientConfig`, inlined in
//! each scrape config): authentication, TLS, proxies, redirects. The simulated app needs
//! none of them, so each one written is accepted with a "not simulated" note; their
//! shape and Prometheus's own checks (`HTTPClientConfig.Validate`) are kept for the
//! common ones, so a file Prometheus refuses is refused here too. (The keys themselves
//! are listed with the scrape config's, in `schema`.)

use super::decode::{Decoder, Step};
use super::error::ConfigError;
use super::note::ConfigNote;
use super::problems::ClientProblem;
use super::tree::NodeId;

/// Keys of `basic_auth`.
const BASIC_AUTH_KEYS: [&str; 4] = ["username", "username_file", "password", "password_file"];
/// Keys of `authorization`.
const AUTHORIZATION_KEYS: [&str; 3] = ["type", "credentials", "credentials_file"];
/// Keys of `oauth2`.
const OAUTH2_KEYS: [&str; 12] = [
    "client_id",
    "client_secret",
    "client_secret_file",
    "client_secret_ref",
    "scopes",
    "token_url",
    "endpoint_params",
    "tls_config",
    "proxy_url",
    "no_proxy",
    "proxy_from_environment",
    "proxy_connect_header",
];
/// Keys of `tls_config`.
const TLS_KEYS: [&str; 13] = [
    "ca",
    "ca_file",
    "ca_ref",
    "cert",
    "cert_file",
    "cert_ref",
    "key",
    "key_file",
    "key_ref",
    "server_name",
    "insecure_skip_verify",
    "min_version",
    "max_version",
];

/// What `Validate` looks at: which settings are written (non-empty).
#[derive(Debug, Default)]
pub(crate) struct ClientConfig {
    basic_auth: Option<[bool; 4]>,
    authorization: Option<(String, [bool; 2])>,
    /// Whether `client_id`, `client_secret`, `client_secret_file`, `token_url` are set.
    oauth2: Option<[bool; 4]>,
    bearer_token: bool,
    bearer_token_file: bool,
}

/// Records a note for `key` unless its value is null or an empty collection.
pub(crate) fn note_unless_empty(
    d: &mut Decoder,
    key: &str,
    value: NodeId,
    key_node: NodeId,
) -> Result<bool, ConfigError> {
    let position = d.pos(key_node);
    let empty = d.with_node(value, |d, real| {
        Ok(d.is_null(real)? || d.is_empty_collection(real))
    })?;
    if !empty {
        d.notes.push(ConfigNote {
            key: key.to_string(),
            position,
        });
    }
    Ok(!empty)
}

/// A struct of string fields (`config.plain`); which of `keys` are non-empty.
fn string_fields<const N: usize>(d: &mut Decoder, id: NodeId, keys: &[&str; N]) -> Step<[bool; N]> {
    let mut set = [false; N];
    let is_map = d.fields(id, "config.plain", keys, &mut |d, key, v, _| {
        let Some(i) = keys.iter().position(|k| *k == key) else {
            return Ok(());
        };
        if key == "insecure_skip_verify" {
            d.bool(v)?;
        } else if let Some(s) = d.string(v, "string")? {
            set[i] = !s.is_empty();
        }
        Ok(())
    })?;
    Ok(is_map.then_some(set))
}

impl ClientConfig {
    /// Reads one client key of a scrape config (notes it when written).
    pub(crate) fn read(
        &mut self,
        d: &mut Decoder,
        key: &str,
        v: NodeId,
        k: NodeId,
    ) -> Result<(), ConfigError> {
        note_unless_empty(d, key, v, k)?;
        match key {
            "basic_auth" => {
                if let Some(set) = string_fields(d, v, &BASIC_AUTH_KEYS)? {
                    let null = d.with_node(v, |d, real| d.is_null(real))?;
                    self.basic_auth = (!null).then_some(set);
                }
            }
            "authorization" => {
                let mut kind = String::new();
                let mut set = [false; 2];
                let is_map = d.fields(
                    v,
                    "config.plain",
                    &AUTHORIZATION_KEYS,
                    &mut |d, key, v, _| {
                        if let Some(s) = d.string(v, "string")? {
                            match key {
                                "type" => kind = s,
                                "credentials" => set[0] = !s.is_empty(),
                                _ => set[1] = !s.is_empty(),
                            }
                        }
                        Ok(())
                    },
                )?;
                let null = d.with_node(v, |d, real| d.is_null(real))?;
                if is_map && !null {
                    self.authorization = Some((kind, set));
                }
            }
            "tls_config" => {
                string_fields(d, v, &TLS_KEYS)?;
            }
            "bearer_token" | "bearer_token_file" | "proxy_url" | "no_proxy" => {
                if let Some(s) = d.string(v, "string")? {
                    match key {
                        "bearer_token" => self.bearer_token = !s.is_empty(),
                        "bearer_token_file" => self.bearer_token_file = !s.is_empty(),
                        _ => {}
                    }
                }
            }
            "follow_redirects" | "enable_http2" | "proxy_from_environment" => {
                d.bool(v)?;
            }
            "oauth2" => self.read_oauth2(d, v)?,
            _ => {}
        }
        Ok(())
    }

    /// `oauth2` (`config.OAuth2`): its fields' types, and which are set.
    fn read_oauth2(&mut self, d: &mut Decoder, v: NodeId) -> Result<(), ConfigError> {
        let mut set = [false; 4];
        let is_map = d.fields(v, "config.OAuth2", &OAUTH2_KEYS, &mut |d, key, v, _| {
            match key {
                "scopes" => {
                    d.string_list(v)?;
                }
                "tls_config" => {
                    string_fields(d, v, &TLS_KEYS)?;
                }
                "proxy_from_environment" => {
                    d.bool(v)?;
                }
                "endpoint_params" | "proxy_connect_header" => {}
                _ => {
                    let slot = [
                        "client_id",
                        "client_secret",
                        "client_secret_file",
                        "token_url",
                    ]
                    .iter()
                    .position(|k| *k == key);
                    if let (Some(text), Some(i)) = (d.string(v, "string")?, slot) {
                        set[i] = !text.is_empty();
                    }
                }
            }
            Ok(())
        })?;
        let null = d.with_node(v, |d, real| d.is_null(real))?;
        if is_map && !null {
            self.oauth2 = Some(set);
        }
        Ok(())
    }

    /// `HTTPClientConfig.Validate`'s checks on authentication, in its order.
    pub(crate) fn validate(&self) -> Result<(), ClientProblem> {
        use ClientProblem as C;
        let bearer = self.bearer_token || self.bearer_token_file;
        if self.bearer_token && self.bearer_token_file {
            return Err(C::BearerTokenTwice);
        }
        if (self.basic_auth.is_some() || self.oauth2.is_some()) && bearer {
            return Err(C::BasicOauthBearer);
        }
        if let Some([user, user_file, password, password_file]) = self.basic_auth {
            if user && user_file {
                return Err(C::UsernameTwice);
            }
            if password && password_file {
                return Err(C::PasswordTwice);
            }
        }
        if let Some((kind, [credentials, credentials_file])) = &self.authorization {
            if bearer {
                return Err(C::AuthorizationBearer);
            }
            if *credentials && *credentials_file {
                return Err(C::CredentialsTwice);
            }
            if kind.trim().eq_ignore_ascii_case("basic") {
                return Err(C::AuthorizationBasic);
            }
            if self.basic_auth.is_some() || self.oauth2.is_some() {
                return Err(C::AuthorizationWithOther);
            }
        }
        if let Some([id, secret, secret_file, token_url]) = self.oauth2 {
            if self.basic_auth.is_some() {
                return Err(C::AuthorizationWithOther);
            }
            if !id {
                return Err(C::OauthClientId);
            }
            if !secret && !secret_file {
                return Err(C::OauthNoSecret);
            }
            if !token_url {
                return Err(C::OauthTokenUrl);
            }
            if secret && secret_file {
                return Err(C::OauthSecretTwice);
            }
        }
        Ok(())
    }
}
