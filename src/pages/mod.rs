pub mod inspect;
pub mod message;
