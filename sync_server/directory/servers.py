"""Database servers of the directory: their URLs (stored without a password), where
their passwords come from, and the URL of one database on one of them.

A password is never stored in a table (a backup of the system database would carry it).
For server ``NAME`` it is, first found:

1. the environment variable ``BISAMA_SERVER_<NAME>_PASSWORD`` (``NAME`` upper-cased,
   every character other than a letter or digit as ``_``: server ``pg-accra-1`` reads
   ``BISAMA_SERVER_PG_ACCRA_1_PASSWORD``);
2. the file ``NAME.secret`` in ``/etc/bisama/servers/`` (or the folder
   ``BISAMA_SERVER_SECRETS`` names), its first line;
3. none (trust or peer authentication, or SQLite).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from sync_server.db.engine import normalise_url
from sync_server.directory.models import SYSTEM_SERVER
from sync_server.errors import Invalid

ENV_SECRETS = "BISAMA_SERVER_SECRETS"
DEFAULT_SECRETS = Path("/etc/bisama/servers")
SERVER_NAME_RE = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
DATABASE_NAME_RE = re.compile(r"^[a-z0-9_]{1,63}$")


def password_variable(name: str) -> str:
    """The environment variable holding server ``name``'s password."""
    return f"BISAMA_SERVER_{re.sub(r'[^A-Z0-9]', '_', name.upper())}_PASSWORD"


@dataclass(frozen=True)
class ServerSecrets:
    """Where the passwords of the database servers are read from (module docstring)."""

    folder: Path
    environ: dict[str, str]

    @classmethod
    def from_environment(cls) -> ServerSecrets:
        env = dict(os.environ)
        return cls(Path(env.get(ENV_SECRETS) or DEFAULT_SECRETS), env)

    def password(self, name: str) -> str | None:
        value = self.environ.get(password_variable(name))
        if value:
            return value
        path = self.folder / f"{name}.secret"
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return None
        return lines[0] if lines and lines[0] else None


def check_server_name(name: str) -> str:
    name = (name or "").strip().lower()
    if not SERVER_NAME_RE.fullmatch(name):
        raise Invalid(f"“{name}” is not a server name: use lower-case letters, digits and -, "
                      "e.g. pg-accra-1.")
    return name


def check_database_name(name: str) -> str:
    if not DATABASE_NAME_RE.fullmatch(name or ""):
        raise Invalid(f"“{name}” is not a database name: use lower-case letters, digits and _ "
                      "(up to 63).")
    return name


def stored_url(text: str) -> tuple[str, str]:
    """The URL ``server add`` stores (normalised, no password) and its engine
    (``sqlite``, ``postgresql`` or ``mysql``). A URL with a password is refused: the
    password belongs in the secret file or the environment."""
    url = make_url(normalise_url(text))
    if url.password:
        raise Invalid("Do not put the password in the server's URL (it would be stored in the "
                      "system database and its backups). Put it in "
                      "/etc/bisama/servers/NAME.secret or BISAMA_SERVER_<NAME>_PASSWORD.")
    backend = url.get_backend_name()
    if backend == "sqlite" and not url.database:
        raise Invalid("A SQLite server is a file: sqlite:////var/lib/bisama/tenants.sqlite3.")
    if backend != "sqlite" and not url.database:
        raise Invalid("Name the server's shared database in the URL, e.g. "
                      "postgresql://bisama@db2.example/bisama.")
    return url.render_as_string(hide_password=False), backend


def database_url(server: str, url: str, database: str | None, secrets: ServerSecrets) -> str:
    """The full URL (password included) of ``database`` on a server whose stored URL is
    ``url``; ``database`` None is the database the URL names. On SQLite a database is a
    file ``DATABASE.sqlite3`` in the folder of the server's file."""
    parsed: URL = make_url(url)
    if database is not None:
        if parsed.get_backend_name() == "sqlite":
            folder = Path(parsed.database or ".").parent
            parsed = parsed.set(database=str(folder / f"{database}.sqlite3"))
        else:
            parsed = parsed.set(database=database)
    if server != SYSTEM_SERVER:
        password = secrets.password(server)
        if password is not None:
            parsed = parsed.set(password=password)
    return parsed.render_as_string(hide_password=False)
