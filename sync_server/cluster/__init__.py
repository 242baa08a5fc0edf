"""What the operator asks of a replicated database: which node leads, how far behind the
standbys are, how many Galera nodes are in the cluster (``bisama-sync cluster status``).
Read-only; Patroni and Galera do the failing over (docs/deploy.md)."""
