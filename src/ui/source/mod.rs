//! Where the query page's queries go: the simulation, or a real Prometheus (or any
//! server speaking its HTTP API) at a URL the learner types. The picker connects (reads
//! `/api/v1/status/buildinfo` to say which server answers, `/api/v1/series` and
//! `/metadata` for autocomplete, `/targets`, `/rules` and `/alerts` for an overview) and
//! shows the status or the error; switching back to the simulation is
//! one click and keeps what was typed.

pub(crate) mod fetch;

use leptos::prelude::*;
use leptos::task::spawn_local;

use std::sync::Arc;

use crate::remote::response::{alerts, metadata, rules, series_list, targets};
use crate::remote::server::server_info;
use crate::remote::{normalize_base, ApiCall, Overview, ServerInfo, ServerVocabulary, SourceError};
use crate::ui::use_ctx;

/// The address offered at first: Prometheus's default.
const DEFAULT_URL: &str = "http://localhost:9090";

/// Which source the learner chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// The simulated chain.
    Simulation,
    /// A server at a URL.
    Server,
}

/// Where the connection to the server stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Not tried yet.
    Idle,
    /// Asking the server who it is.
    Connecting,
    /// Connected to `base`, which is `info`.
    Connected {
        /// The base URL.
        base: String,
        /// Which server and version.
        info: ServerInfo,
    },
    /// The last try failed.
    Failed(SourceError),
}

/// The data source, shared by the query page and the dashboards.
#[derive(Clone, Copy)]
pub struct Source {
    /// Simulation or server.
    pub kind: RwSignal<SourceKind>,
    /// The URL as typed.
    pub url: RwSignal<String>,
    /// The connection.
    pub status: RwSignal<Status>,
    /// The server's names, values and help texts, for autocomplete.
    pub vocab: RwSignal<Option<Arc<ServerVocabulary>>>,
    /// The server's targets, rules and alerts, in short.
    pub overview: RwSignal<Option<Overview>>,
}

impl Source {
    /// A source on the simulation.
    pub fn new() -> Self {
        Source {
            kind: RwSignal::new(SourceKind::Simulation),
            url: RwSignal::new(DEFAULT_URL.to_string()),
            status: RwSignal::new(Status::Idle),
            vocab: RwSignal::new(None),
            overview: RwSignal::new(None),
        }
    }

    /// The connected server's base URL and info when the server is the source
    /// (subscribes the caller).
    pub fn server(&self) -> Option<(String, ServerInfo)> {
        if self.kind.get() != SourceKind::Server {
            return None;
        }
        match self.status.get() {
            Status::Connected { base, info } => Some((base, info)),
            _ => None,
        }
    }

    /// Whether the server is chosen (connected or not).
    pub fn on_server(&self) -> bool {
        self.kind.get() == SourceKind::Server
    }

    /// Connects to the URL typed: who answers, then its series for autocomplete.
    pub fn connect(self) {
        let Some(base) = normalize_base(&self.url.get_untracked()) else {
            return;
        };
        self.status.set(Status::Connecting);
        self.vocab.set(None);
        self.overview.set(None);
        spawn_local(async move {
            let info = fetch::api(&base, &ApiCall::BuildInfo)
                .await
                .and_then(|data| server_info(&data));
            match info {
                Err(e) => self.status.set(Status::Failed(e)),
                Ok(info) => {
                    self.status.set(Status::Connected {
                        base: base.clone(),
                        info,
                    });
                    let all = ApiCall::Series {
                        matcher: "{__name__=~\".+\"}".into(),
                    };
                    let series = fetch::api(&base, &all).await.and_then(|d| series_list(&d));
                    let meta = fetch::api(&base, &ApiCall::Metadata { metric: None })
                        .await
                        .and_then(|d| metadata(&d));
                    if let Ok(series) = series {
                        let vocab = ServerVocabulary::new(&series, meta.unwrap_or_default());
                        self.vocab.set(Some(Arc::new(vocab)));
                    }
                    let t = fetch::api(&base, &ApiCall::Targets)
                        .await
                        .and_then(|d| targets(&d));
                    let r = fetch::api(&base, &ApiCall::Rules)
                        .await
                        .and_then(|d| rules(&d));
                    let a = fetch::api(&base, &ApiCall::Alerts)
                        .await
                        .and_then(|d| alerts(&d));
                    if let (Ok(t), Ok(r), Ok(a)) = (t, r, a) {
                        self.overview.set(Some(Overview::of(&t, &r, &a)));
                    }
                }
            }
        });
    }
}

impl Default for Source {
    fn default() -> Self {
        Self::new()
    }
}

/// The source provided by the app (the simulation for a component mounted alone).
pub fn use_source() -> Source {
    use_context::<Source>().unwrap_or_else(|| {
        let source = Source::new();
        provide_context(source);
        source
    })
}

/// The data source picker: simulation or server, the server's address, "Connect", and
/// the status (which server answered, or why it did not).
#[component]
pub fn SourcePicker() -> impl IntoView {
    let ctx = use_ctx();
    let source = use_source();
    let status = move || {
        let t = ctx.t();
        let lang = ctx.lang.get();
        if !source.on_server() {
            return (t.source_on_simulation.to_string(), "source-status");
        }
        match source.status.get() {
            Status::Idle => (t.source_not_connected.to_string(), "source-status"),
            Status::Connecting => (t.source_connecting.to_string(), "source-status"),
            Status::Connected { info, .. } => (
                t.source_connected.replace("{server}", &info.label(lang)),
                "source-status ok",
            ),
            Status::Failed(e) => (e.message(lang), "source-status error"),
        }
    };
    let on_kind = move |ev: leptos::ev::Event| {
        let kind = if event_target_value(&ev) == "server" {
            SourceKind::Server
        } else {
            SourceKind::Simulation
        };
        source.kind.set(kind);
    };
    view! {
        <div class="source-picker" data-testid="source-picker">
            <label>
                <span>{move || ctx.t().source_label}</span>
                <select data-testid="source-select" on:change=on_kind
                    prop:value=move || if source.on_server() { "server" } else { "simulation" }>
                    <option value="simulation">{move || ctx.t().source_simulation}</option>
                    <option value="server">{move || ctx.t().source_server}</option>
                </select>
            </label>
            <span class="source-server" class:hidden=move || !source.on_server()>
                <input type="url" data-testid="source-url" aria-label=move || ctx.t().source_url
                    placeholder=DEFAULT_URL spellcheck="false"
                    prop:value=move || source.url.get()
                    on:input=move |ev| source.url.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { source.connect() }/>
                <button data-testid="source-connect" on:click=move |_| source.connect()>
                    {move || ctx.t().source_connect}
                </button>
            </span>
            <span data-testid="source-status" role="status" class=move || status().1>{move || status().0}</span>
            {move || {
                let overview = source.server().and(source.overview.get())?;
                Some(view! { <span class="source-overview" data-testid="source-overview">{overview.line(ctx.lang.get())}</span> })
            }}
        </div>
    }
}

/// Asynchronous answers where only the newest request counts: an older answer arriving
/// late is dropped.
pub struct Latest<T: Send + Sync + 'static> {
    generation: StoredValue<u64>,
    /// The newest answer (`None` while it is on its way).
    pub answer: RwSignal<Option<T>>,
}

impl<T: Send + Sync + 'static> Latest<T> {
    /// No request yet.
    pub fn new() -> Self {
        Latest {
            generation: StoredValue::new(0),
            answer: RwSignal::new(None),
        }
    }

    /// Starts `fut`; its answer is kept unless another request started meanwhile.
    pub fn run(self, fut: impl std::future::Future<Output = T> + 'static) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        self.answer.set(None);
        spawn_local(async move {
            let out = fut.await;
            if self.generation.try_get_value() == Some(generation) {
                self.answer.set(Some(out));
            }
        });
    }

    /// Forgets any request on its way and the last answer.
    pub fn clear(self) {
        self.generation.update_value(|g| *g += 1);
        self.answer.set(None);
    }

    /// The number of the newest request.
    pub fn current(self) -> u64 {
        self.generation.get_value()
    }

    /// Whether the request numbered `generation` is still the newest.
    pub fn is_current(self, generation: u64) -> bool {
        self.generation.try_get_value() == Some(generation)
    }
}

impl<T: Send + Sync + 'static> Clone for Latest<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Latest<T> {}

impl<T: Send + Sync + 'static> Default for Latest<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Now on the viewer's clock, ms: a server's "now".
pub fn real_now_ms() -> i64 {
    js_sys::Date::now() as i64
}
