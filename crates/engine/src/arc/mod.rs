//! ARC, RFC 8617: the chain of ARC sets a message carries, and its validation (`cv=`).
