//! A real Prometheus (or any server speaking its HTTP API) as the query page's data
//! source, in the pure core: the API's request URLs ([`request`]), its JSON answers read
//! into Sonde's values ([`response`]), why a call failed ([`error`]), which server
//! answered ([`server`]), and Explain on the server's raw samples compared with the
//! server's own answer ([`replay`]), and what autocomplete knows of the server
//! ([`vocab`]). The browser's `fetch` lives in `src/ui/`.

pub mod error;
pub mod replay;
pub mod request;
pub mod response;
pub mod server;
pub mod vocab;

pub use error::SourceError;
pub use replay::{Replay, SampleFetch, DEFAULT_SAMPLE_BUDGET};
pub use request::{normalize_base, ApiCall};
pub use response::ServerAnswer;
pub use server::{Overview, ServerInfo, ServerKind, Windows};
pub use vocab::ServerVocabulary;
