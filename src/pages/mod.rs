pub mod build;
pub mod dmarc_wizard;
pub mod inspect;
pub mod message;
pub mod reports;
