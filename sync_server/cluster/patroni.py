"""A Patroni cluster as its REST API reports it (``GET /cluster`` on any member): each
member's role (``leader``, ``sync_standby``, ``replica``), state and replication lag.
And, without Patroni, what PostgreSQL itself says of its streaming replication."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Engine, text

from shared.errors import BisamaError


class ClusterUnreachable(BisamaError):
    code = "cluster_unreachable"


@dataclass(frozen=True)
class Member:
    name: str
    role: str  # leader, sync_standby, replica, standby_leader (Patroni's words)
    state: str  # running, streaming, stopped, starting …
    address: str
    lag_bytes: int | None  # behind the leader, None for the leader or when unknown
    timeline: int | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "state": self.state,
                "address": self.address, "lag_bytes": self.lag_bytes, "timeline": self.timeline}


def patroni_members(api_urls: list[str], *, timeout: float = 3.0) -> list[Member]:
    """The members as the first Patroni REST API in ``api_urls`` that answers sees them."""
    problems = []
    for url in api_urls:
        try:
            reply = httpx.get(url.rstrip("/") + "/cluster", timeout=timeout)
            reply.raise_for_status()
            members = reply.json()["members"]
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            problems.append(f"{url}: {exc}")
            continue
        return [_member(m) for m in members]
    raise ClusterUnreachable("No Patroni REST API answered (" + "; ".join(problems) + "). "
                             "Check the addresses (restapi.connect_address) and that Patroni "
                             "runs on those machines.")


def _member(data: dict[str, Any]) -> Member:
    lag = data.get("lag")
    return Member(name=str(data.get("name")), role=str(data.get("role")),
                  state=str(data.get("state")),
                  address=f"{data.get('host')}:{data.get('port')}",
                  lag_bytes=lag if isinstance(lag, int) else None,
                  timeline=data.get("timeline") if isinstance(data.get("timeline"), int) else None)


def postgres_replication(engine: Engine) -> list[Member]:
    """The node ``engine`` reaches and the standbys streaming from it
    (``pg_stat_replication``), in Patroni's words."""
    with engine.connect() as conn:
        standby = bool(conn.execute(text("SELECT pg_is_in_recovery()")).scalar())
        address = str(engine.url.render_as_string(hide_password=True))
        me = Member("this database", "replica" if standby else "leader", "running", address,
                    None, None)
        if standby:
            return [me]
        rows = conn.execute(text(
            "SELECT application_name, state, sync_state, client_addr::text, "
            "pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint "
            "FROM pg_stat_replication ORDER BY application_name")).all()
    return [me] + [Member(str(r[0]), "sync_standby" if r[2] in ("sync", "quorum") else "replica",
                          str(r[1]), str(r[3]), None if r[4] is None else int(r[4]), None)
                   for r in rows]
