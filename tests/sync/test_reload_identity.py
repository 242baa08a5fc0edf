"""A till that stays open while it enrolls (the screens' Enroll dialog, the demo) signs
and numbers with its new identity at once: ``Till.reload_identity``."""

from __future__ import annotations

from terminal.sync.enroll import enroll_till
from tests.sync.conftest import OIL


def test_an_open_till_uses_its_new_identity_after_enrolling(world, live, make_till):
    t = make_till()
    till = t.till
    enroll_till(till.db, till.recorder.key, t.clock, live.url, world.code(), http=t.http,
                sleep=lambda s: None, terminal_code="T02")
    assert till.recorder.identity.tenant_id is None  # what it read when it opened
    identity = till.reload_identity()
    assert identity.enrolled and identity.terminal_code == "T02"
    assert till.sales.identity == identity and till.recorder.identity == identity
    # every service that signs or numbers with the identity has the new one (a service
    # added later and forgotten in reload_identity fails here)
    stale = [name for name, service in vars(till).items()
             if hasattr(service, "identity") and service.identity != identity]
    assert stale == []
    assert t.sync(push=False, heartbeat=False).ok  # the users come down
    receipt = t.sell(OIL)
    assert receipt.startswith(f"{identity.branch_code}-T02-")
    sealed = list(till.outbox.envelopes())[-1]
    assert sealed.tenant == identity.tenant_id and sealed.branch == identity.branch_code
    report = t.sync()
    assert report.ok and report.pushed is not None and report.pushed.acked >= 1 and not report.pushed.held
