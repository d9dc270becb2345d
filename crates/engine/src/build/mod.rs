//! Record builders: SPF (a catalogue of senders), DKIM keys, MTA-STS and TLS-RPT.
