"""A tenant's E-VAT setting: on/off and the credentials GRA issued (company TIN,
security key, endpoint URL). Turning it on starts the outbox for sales stored from then
on; turning it off stops new rows but lets the worker finish what is queued."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from shared.errors import BisamaError
from sync_server.audit.services import Actor, record
from sync_server.context import ServerContext
from sync_server.db.scope import TenantScope
from sync_server.fiscal.models import EvatSetting
from sync_server.sync.changes import Change, record_changes

TIN_RE = re.compile(r"^(?:[CPGQV]\d{10}|GHA-\d{9}-\d)$")


class EvatSettingError(BisamaError):
    pass


@dataclass(frozen=True, slots=True)
class Credentials:
    company_tin: str
    security_key: str
    endpoint_url: str
    user_name: str | None


def check_tin(tin: str) -> str:
    tin = tin.strip().upper()
    if not TIN_RE.match(tin):
        raise EvatSettingError(f"“{tin}” is not a Ghana TIN: a letter and ten digits "
                               "(e.g. C0001234567) or a Ghana Card number (GHA-123456789-0)",
                               code="bad_tin")
    return tin


def check_endpoint(url: str) -> str:
    url = url.strip()
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 300:
        raise EvatSettingError(f"“{url[:80]}” is not an E-VAT endpoint address; give the URL "
                               "GRA issued, e.g. https://vsdc.example.gov.gh/api/v8.2",
                               code="bad_endpoint")
    return url


def load(scope: TenantScope) -> EvatSetting | None:
    return scope.get(EvatSetting)


def is_enabled(scope: TenantScope) -> bool:
    setting = load(scope)
    return bool(setting is not None and setting.enabled)


def enable(ctx: ServerContext, scope: TenantScope, actor: Actor, *, company_tin: str,
           security_key: str, endpoint_url: str, user_name: str | None = None) -> dict[str, Any]:
    tin = check_tin(company_tin)
    url = check_endpoint(endpoint_url)
    key = security_key.strip()
    if not 8 <= len(key) <= 200:
        raise EvatSettingError("the security key GRA issued is 8 to 200 characters long",
                               code="bad_security_key")
    now = ctx.clock.now()
    setting = load(scope)
    if setting is None:
        setting = EvatSetting(tenant_id=scope.tenant_id, enabled=True, company_tin=tin,
                              security_key=key, endpoint_url=url, user_name=user_name,
                              updated_at=now, updated_by=actor.name[:254])
        scope.add(setting)
    else:
        setting.enabled, setting.company_tin, setting.security_key = True, tin, key
        setting.endpoint_url, setting.user_name = url, user_name
        setting.updated_at, setting.updated_by = now, actor.name[:254]
    record(ctx, scope, actor, "evat.enable", detail={"tin": tin, "endpoint": url})
    scope.flush()
    record_changes(scope, [Change("tenant", "tenant")])  # the tills print "E-VAT pending"
    return status_json(setting)


def disable(ctx: ServerContext, scope: TenantScope, actor: Actor) -> dict[str, Any]:
    setting = load(scope)
    if setting is None or not setting.enabled:
        raise EvatSettingError("E-VAT is not on for this business", code="evat_off")
    setting.enabled = False
    setting.updated_at, setting.updated_by = ctx.clock.now(), actor.name[:254]
    record(ctx, scope, actor, "evat.disable")
    scope.flush()
    record_changes(scope, [Change("tenant", "tenant")])
    return status_json(setting)


def credentials(scope: TenantScope) -> Credentials | None:
    setting = load(scope)
    if setting is None:
        return None
    return Credentials(setting.company_tin, setting.security_key, setting.endpoint_url,
                       setting.user_name)


def masked(key: str) -> str:
    return "…" + key[-4:] if len(key) > 8 else "…"


def status_json(setting: EvatSetting | None) -> dict[str, Any]:
    if setting is None:
        return {"enabled": False, "company_tin": None, "endpoint_url": None,
                "security_key": None}
    return {"enabled": setting.enabled, "company_tin": setting.company_tin,
            "endpoint_url": setting.endpoint_url, "security_key": masked(setting.security_key),
            "user_name": setting.user_name, "updated_at": setting.updated_at.isoformat(),
            "updated_by": setting.updated_by}
