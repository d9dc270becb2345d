//! DMARC, RFC 9989 (which obsoletes RFC 7489): the record, policy discovery by DNS tree walk,
//! report authorization, and the explanation of every tag.

pub mod assess;
pub mod build;
pub mod codes;
pub mod discover;
pub mod explain;
pub mod plan;
pub mod record;

pub use codes::Code;
pub use discover::{discover, Discovery};
pub use record::{parse, Alignment, Policy, Record};
