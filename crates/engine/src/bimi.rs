//! BIMI: the `default._bimi` TXT record (draft-brand-indicators-for-message-identification).
