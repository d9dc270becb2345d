//! MX records of a domain: hosts, preferences, null MX (RFC 7505), and what they say about the mail provider.
