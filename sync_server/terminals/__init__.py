"""Till terminals: enrollment codes, enrolled terminals and their keys, request
nonces, heartbeats, revocation."""
