"""The till's sync client: enrollment, pushing the outbox, pulling master data,
heartbeats and recovery, over the protocol in docs/sync-protocol.md."""
