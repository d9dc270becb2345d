//! SPF, RFC 7208: parse a record, evaluate it for an IP, inspect a domain's include tree.

pub mod build;
pub mod catalogue;
pub mod codes;
pub mod describe;
pub mod eval;
pub mod explain;
pub mod lint;
pub mod macros;
pub mod merge;
pub mod meter;
pub mod parse;
pub mod record;
pub mod tree;

pub use codes::Code;
pub use eval::{check_host, check_mail_from, Evaluation, Options, SpfResult, Step};
pub use parse::{is_spf_record, parse, parse_strings};
pub use record::{Mechanism, MechanismKind, Modifier, Qualifier, Record, Term, TermKind};
