"""Tenants (the businesses on this server), their branches, users and tax profile."""
