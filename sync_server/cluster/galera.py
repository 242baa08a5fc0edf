"""A MariaDB Galera node's view of its cluster (``SHOW STATUS LIKE 'wsrep_%'``): how many
nodes, whether this one is in the primary component, synced and ready for writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text


@dataclass(frozen=True)
class GaleraStatus:
    cluster_size: int
    cluster_status: str  # Primary, non-Primary, Disconnected
    local_state: str  # Synced, Donor/Desynced, Joining …
    ready: bool  # wsrep_ready: the node takes queries
    connected: bool

    @property
    def healthy(self) -> bool:
        return self.ready and self.cluster_status == "Primary" and self.local_state == "Synced"

    def to_json(self) -> dict[str, Any]:
        return {"cluster_size": self.cluster_size, "cluster_status": self.cluster_status,
                "local_state": self.local_state, "ready": self.ready,
                "connected": self.connected, "healthy": self.healthy}


def galera_status(engine: Engine) -> GaleraStatus | None:
    """The node's status, or None when it is not a Galera node (wsrep off)."""
    with engine.connect() as conn:
        values = {str(row[0]): str(row[1])
                  for row in conn.execute(text("SHOW STATUS LIKE 'wsrep_%'"))}
    if not values.get("wsrep_provider_name"):  # no Galera library loaded
        return None
    return GaleraStatus(cluster_size=int(values.get("wsrep_cluster_size") or 0),
                        cluster_status=values.get("wsrep_cluster_status", "Disconnected"),
                        local_state=values.get("wsrep_local_state_comment", ""),
                        ready=values.get("wsrep_ready") == "ON",
                        connected=values.get("wsrep_connected") == "ON")
