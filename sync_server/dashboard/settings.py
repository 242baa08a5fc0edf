"""How the dashboard is configured: the secret that signs session cookies, whether
cookies are Secure, how host names map to tenants on a local install, and the sign-in
lockout rule. Built once per application; nothing here is a module global."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ENV_SECRET = "BISAMA_DASHBOARD_SECRET"  # noqa: S105 - a variable name, not a secret
ENV_INSECURE = "BISAMA_DASHBOARD_INSECURE_COOKIES"
ENV_BASE_DOMAIN = "BISAMA_BASE_DOMAIN"
ENV_DEFAULT_TENANT = "BISAMA_DEFAULT_TENANT"
ENV_PUBLIC_URL = "BISAMA_PUBLIC_URL"
ENV_TOTP_REQUIRED = "BISAMA_DASHBOARD_TOTP_REQUIRED"
TOTP_ROLES = frozenset({"admin", "director"})


def totp_roles_from(text: str | None) -> frozenset[str]:
    """``BISAMA_DASHBOARD_TOTP_REQUIRED``: unset means admin and director; ``off`` (or
    ``none``, ``0``) none; otherwise a comma-separated list of roles."""
    if text is None or not text.strip():
        return TOTP_ROLES
    words = {w.strip().lower() for w in text.split(",") if w.strip()}
    if words & {"off", "none", "0", "no", "false"}:
        return frozenset()
    return frozenset(words)
SECRET_FILE = "dashboard-secret"  # noqa: S105 - a file name, not a secret


@dataclass(frozen=True)
class DashboardSettings:
    """``secret`` signs session cookies and CSRF tokens: every server process behind one
    load balancer must share it. ``base_domain`` lets ``acme.localhost`` (which every
    browser resolves to the machine itself) stand for ``acme.<base_domain>``.
    ``default_tenant`` is the tenant domain served on the server's own address
    (127.0.0.1, localhost, an IP): what a single-shop install and the demo use."""

    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    secure_cookies: bool = True
    base_domain: str | None = None
    default_tenant: str | None = None
    session_hours: int = 10
    lockout_after: int = 5
    lockout_minutes: int = 15
    # Sign-in rationing (dashboard.throttle): password checks at once, waiting beyond
    # them before refusing, attempts per client address per process, and the share of
    # time sign-ins may take.
    sign_in_hashers: int = 1
    sign_in_waiting: int = 4
    sign_in_per_address: str = "10/minute"
    sign_in_share: float = 0.25  # of the time, over 10 s, that sign-ins may take
    # Roles who must enrol in two-factor sign-in (dashboard.totp) before their first
    # session; someone enrolled is always asked for the code, whatever their role.
    totp_roles: frozenset[str] = TOTP_ROLES
    refresh_seconds: int = 5
    offline_after_seconds: int = 180
    # The address tills reach this server at (``BISAMA_PUBLIC_URL``, e.g.
    # https://pos.example.com), printed with enrollment codes; unset, the address the
    # administrator's browser used is printed.
    public_url: str | None = None

    @classmethod
    def from_environment(cls, home: Path | None = None) -> DashboardSettings:
        """Settings for ``bisama-sync serve``. Without ``BISAMA_DASHBOARD_SECRET`` the
        secret is kept in a file of the server's data folder (created once, mode 0600),
        so sessions survive restarts and are shared by ``--workers`` processes."""
        text = os.environ.get(ENV_SECRET)
        if text:
            secret = text.encode()
        else:
            from sync_server.db.engine import server_home

            folder = home or server_home()
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / SECRET_FILE
            if not path.exists():
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as out:
                    out.write(secrets.token_hex(32))
            secret = path.read_text().strip().encode()
        return cls(secret=secret,
                   secure_cookies=os.environ.get(ENV_INSECURE, "") not in ("1", "true", "yes"),
                   base_domain=(os.environ.get(ENV_BASE_DOMAIN) or None),
                   default_tenant=(os.environ.get(ENV_DEFAULT_TENANT) or None),
                   public_url=(os.environ.get(ENV_PUBLIC_URL) or None),
                   totp_roles=totp_roles_from(os.environ.get(ENV_TOTP_REQUIRED)))
