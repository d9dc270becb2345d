pub mod findings;
pub mod lookup_card;
pub mod record_terms;
pub mod resolver_picker;
pub mod spf_card;
pub mod spf_tester;
pub mod spf_tree;
pub mod spf_whatif;
