//! Finding codes of DKIM and of the message check, with explanation and suggestion.
