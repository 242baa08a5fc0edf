"""The sync protocol: authentication, push (verify, store, merge, post), the pull feed,
heartbeats and recovery. See docs/sync-protocol.md."""
