pub mod lookup_card;
pub mod resolver_picker;
