//! Finding a domain's DKIM keys: the user's selectors, those its providers use, common names.
