"""The append-only audit trail (the seed's ``activity_logs``)."""
