//! MTA-STS (RFC 8461): the `_mta-sts` TXT record and the policy file.
