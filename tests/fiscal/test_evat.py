"""GRA E-VAT: stored sales and refunds are queued in the push's transaction, submitted
to (a fake) GRA with the v8.2 fields, cleared exactly once whatever GRA does, and the
answer is kept as a new fact the tills pull."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from shared.payloads import CustomerRef
from sync_server.clock import ManualClock
from sync_server.fiscal.gra import HttpGraClient
from sync_server.fiscal.models import EvatClearance, EvatSubmission
from sync_server.fiscal.outbox import OutboxWorker, WorkerConfig, retry_failed
from sync_server.fiscal.reconcile import queue_missing, reconcile
from sync_server.fiscal.settings import Credentials, EvatSettingError, disable, enable
from sync_server.sales.models import Sale, SaleItem
from tests.fiscal.conftest import KEY, TIN, turn_on
from tests.server.conftest import ADMIN, TillFactory, World
from tools.fake_gra import FakeGra


def quick(creds: Credentials) -> HttpGraClient:
    return HttpGraClient(creds.endpoint_url, creds.security_key, timeout=0.15)


def worker(world: World, **kwargs: object) -> OutboxWorker:
    return OutboxWorker(world.ctx, quick, **kwargs)  # type: ignore[arg-type]


def outbox(world: World) -> dict[str, EvatSubmission]:
    with world.ctx.scope(world.tenant_id) as scope:
        return {r.invoice_number: r for r in scope.scalars(select(EvatSubmission))}


def clearances(world: World) -> list[EvatClearance]:
    with world.ctx.scope(world.tenant_id) as scope:
        return list(scope.scalars(select(EvatClearance)))


def test_sales_and_a_refund_are_cleared_once_with_levies_customer_tin_and_reference(
        world: World, till: TillFactory, gra: FakeGra) -> None:
    turn_on(world, gra)
    t = till()
    walk_in = t.sell([("GH-0001", 2), ("GH-0002", 3)])
    credit = t.sell([("GH-0005", 1)], customer=CustomerRef(world.customer_id, "Kofi Traders"))
    t.refund(walk_in, [(1, "1")])
    t.void(credit)  # a void is not an E-VAT document: nothing queued for it
    t.push()
    queued = outbox(world)
    assert sorted(r.kind for r in queued.values()) == ["refund", "sale", "sale"]
    assert all(r.status == "pending" for r in queued.values())

    result = worker(world).run_until_idle(world.tenant_id)
    assert result.cleared == 3 and result.failed == 0
    assert gra.clearances == {n: 1 for n in queued}
    assert {r.status for r in outbox(world).values()} == {"cleared"}

    sale_no = walk_in.typed_payload().receipt_no
    sent = gra.requests[sale_no]
    with world.ctx.scope(world.tenant_id) as scope:
        sale = scope.scalar(select(Sale).where(Sale.receipt_no == sale_no))
        lines = scope.scalars(select(SaleItem).where(SaleItem.sale_id == sale.id)
                              .order_by(SaleItem.line_no))
    assert sent["flag"] == "INVOICE" and sent["calculationType"] == "INCLUSIVE"
    assert sent["businessPartnerTin"] == "C0000000000"  # walk-in
    assert [i["itemCode"] for i in sent["items"]] == [li.sku for li in lines]
    assert [Decimal(i["levyAmountA"]) * 100 for i in sent["items"]] == [li.nhil for li in lines]
    assert [Decimal(i["levyAmountB"]) * 100 for i in sent["items"]] == [li.getfund for li in lines]
    assert "levyAmountC" not in sent["items"][0]  # no COVID levy under GH-2026
    assert Decimal(sent["totalVat"]) * 100 == sale.vat
    assert Decimal(sent["totalLevy"]) * 100 == sale.nhil + sale.getfund
    assert [i["taxCode"] for i in sent["items"]] == [li.tax_code for li in lines]
    credit_sent = gra.requests[credit.typed_payload().receipt_no]
    assert credit_sent["businessPartnerTin"] == "C0009876543"
    assert credit_sent["businessPartnerName"] == "Kofi Traders"
    refund_sent = next(b for b in gra.requests.values() if b["flag"] != "INVOICE")
    assert refund_sent["flag"] == "PARTIAL_REFUND" and refund_sent["reference"] == sale_no

    stamps = clearances(world)
    assert len(stamps) == 3 and all(c.sdc_id and c.signature and c.qr_code for c in stamps)
    # the signed sale is never edited: its stored envelope is what the till sent
    changes = t.pull()
    pulled = [c for c in changes if c["entity"] == "evat_clearance"]
    assert {c["data"]["invoice_number"] for c in pulled} == set(queued)

    again = worker(world).run_until_idle(world.tenant_id)
    assert again.touched == 0 and gra.posts == 3


def test_a_tenant_without_evat_queues_nothing(world: World, till: TillFactory) -> None:
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    assert outbox(world) == {}


def test_timeouts_after_gra_stored_it_and_gra_answering_twice_make_one_clearance(
        world: World, till: TillFactory, gra: FakeGra) -> None:
    turn_on(world, gra)
    world.ctx.clock = clock = ManualClock(world.ctx.clock.now())
    t = till()
    for _ in range(4):
        t.sell([("GH-0003", 1)])
    t.push()
    gra.timeout_next(1, store=True)  # stored at GRA, answer too late
    gra.drop_next(1)  # stored at GRA, connection closed
    w = worker(world)
    first = w.run_tenant(world.tenant_id)
    assert first.cleared == 2 and first.retried == 2
    gra.answer_twice = True
    clock.advance(timedelta(minutes=5))
    second = w.run_until_idle(world.tenant_id)
    assert second.cleared == 2
    assert sorted(gra.clearances.values()) == [1, 1, 1, 1]
    assert gra.posts == 4  # the two unanswered ones were looked up, not sent again
    assert len(clearances(world)) == 4


def test_a_refusal_fails_until_a_person_retries(world: World, till: TillFactory,
                                                gra: FakeGra) -> None:
    turn_on(world, gra)
    t = till()
    t.sell([("GH-0004", 1)])
    t.push()
    gra.refuse_next(1)
    result = worker(world).run_until_idle(world.tenant_id)
    assert result.failed == 1 and "E899" in result.errors[0]
    (row,) = outbox(world).values()
    assert row.status == "failed" and "E899" in (row.last_error or "")
    with world.ctx.scope(world.tenant_id) as scope:
        assert retry_failed(world.ctx, scope) == 1
    assert worker(world).run_until_idle(world.tenant_id).cleared == 1
    assert list(gra.clearances.values()) == [1]


def test_gra_down_for_a_day_backs_off_and_then_clears(world: World, till: TillFactory,
                                                     gra: FakeGra) -> None:
    turn_on(world, gra)
    world.ctx.clock = clock = ManualClock(world.ctx.clock.now())
    gra.clock = clock.now
    gra.down_until(clock.now() + timedelta(days=1))
    t = till()
    t.sell([("GH-0006", 1)])
    t.sell([("GH-0007", 1)])
    t.push()
    w = worker(world, config=WorkerConfig())
    tries = 0
    for _ in range(26 * 4):  # a day down, then up to the longest back-off
        w.run_tenant(world.tenant_id)
        tries = max(r.attempts for r in outbox(world).values())
        clock.advance(timedelta(minutes=15))
    assert all(r.status == "cleared" for r in outbox(world).values())
    assert tries < 40  # backed off: not one attempt every 15 minutes
    assert sorted(gra.clearances.values()) == [1, 1]


def test_reconciliation_per_till_and_queueing_what_is_missing(
        world: World, till: TillFactory, gra: FakeGra) -> None:
    a, b = till(), till()
    a.sell([("GH-0001", 1)])  # before E-VAT was on: not queued
    a.push()
    turn_on(world, gra)
    a.sell([("GH-0002", 1)])
    b.sell([("GH-0003", 1)])
    a.push()
    b.push()
    day = a.today()
    with world.ctx.scope(world.tenant_id) as scope:
        report = reconcile(scope, day)
    assert not report["balanced"] and len(report["missing"]) == 1
    with world.ctx.scope(world.tenant_id) as scope:
        assert queue_missing(scope, day, world.ctx.clock.now()) == 1
    worker(world).run_until_idle(world.tenant_id)
    with world.ctx.scope(world.tenant_id) as scope:
        report = reconcile(scope, day)
    assert report["balanced"]
    assert sorted(t["documents"] for t in report["tills"]) == [1, 2]
    assert all(t["cleared"] == t["documents"] and t["duplicates"] == 0 for t in report["tills"])


def test_settings_check_the_tin_and_the_endpoint(world: World) -> None:
    with world.ctx.scope(world.tenant_id) as scope:
        with pytest.raises(EvatSettingError, match="not a Ghana TIN"):
            enable(world.ctx, scope, ADMIN, company_tin="12345", security_key=KEY,
                   endpoint_url="https://x.test")
        with pytest.raises(EvatSettingError, match="not an E-VAT endpoint"):
            enable(world.ctx, scope, ADMIN, company_tin=TIN, security_key=KEY,
                   endpoint_url="ftp://x\x00")
        status = enable(world.ctx, scope, ADMIN, company_tin=TIN, security_key=KEY,
                        endpoint_url="https://vsdc.example.test/api")
        assert status["enabled"] and KEY not in json.dumps(status)
        assert not disable(world.ctx, scope, ADMIN)["enabled"]


def test_cli_enable_status_run_reconcile(world: World, till: TillFactory, gra: FakeGra,
                                         database_url: str, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from sync_server.cli import main

    base = ["--db", database_url, "--tenant", world.domain]
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["evat", "enable", *base, "--tin", TIN, "--security-key", "-",
                 "--endpoint", gra.url]) == 0
    assert main(["evat", "enable", *base, "--tin", "nope", "--security-key", KEY,
                 "--endpoint", gra.url]) == 2
    assert "not a Ghana TIN" in capsys.readouterr().err
    t = till()
    t.sell([("GH-0001", 1)])
    t.push()
    assert main(["evat", "status", *base, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["queue"]["pending"] == 1 and KEY not in json.dumps(status)
    assert main(["evat", "run", "--db", database_url, "--until-idle", "--interval", "0"]) == 0
    assert "Cleared 1" in capsys.readouterr().out
    assert main(["evat", "reconcile", *base, "--date", t.today()]) == 0
    assert "Balanced" in capsys.readouterr().out
    assert main(["evat", "disable", *base]) == 0


def test_a_held_sale_is_queued_when_it_is_merged_again(world: World, till: TillFactory,
                                                        gra: FakeGra) -> None:
    from sync_server.catalogue.editing import copy_product
    from sync_server.sync.held import retry_held
    from sync_server.tenants.models import Tenant
    from tests.server.toy_terminal import Product

    turn_on(world, gra)
    t = till()
    base = t.products["GH-0001"]
    t.products["GH-9999"] = Product("GH-9999", "Kalyppo Apple 200ml", "bottle", base.tax_code,
                                    base.cost_price, units={"bottle": base.units["bottle"]},
                                    prices={("retail", "bottle"): base.prices[("retail", "bottle")]})
    t.sell([("GH-9999", 2)])
    t.push()
    assert outbox(world) == {}  # held: not stored, not queued
    with world.ctx.scope(world.tenant_id) as scope:
        copy_product(world.ctx, scope, ADMIN, sku="GH-9999", source="GH-0001")
    with world.ctx.system() as session:
        tenant = session.get(Tenant, world.tenant_id)
    assert tenant is not None
    assert len(retry_held(world.ctx, tenant, ADMIN, t.terminal_id)["stored"]) == 1
    assert [r.status for r in outbox(world).values()] == ["pending"]
    assert worker(world).run_until_idle(world.tenant_id).cleared == 1


@pytest.mark.parametrize("twice", [False, True], ids=["E700", "answer-twice"])
def test_a_resend_gra_already_holds_stores_its_first_stamp_once(
        world: World, till: TillFactory, gra: FakeGra, twice: bool) -> None:
    turn_on(world, gra)
    world.ctx.clock = clock = ManualClock(world.ctx.clock.now())
    t = till()
    t.sell([("GH-0008", 1)])
    t.push()
    gra.drop_next(1)  # GRA stores it; the worker hears nothing
    assert worker(world).run_tenant(world.tenant_id).retried == 1
    gra.hide_next_lookups(1)  # the look-up lags: the worker sends it again
    gra.answer_twice = twice  # … and GRA says "already stored" (E700) or answers again
    clock.advance(timedelta(minutes=5))
    assert worker(world).run_until_idle(world.tenant_id).cleared == 1
    (number,) = gra.clearances
    assert gra.clearances[number] == 1 and gra.posts == 2
    (kept,) = clearances(world)
    first = gra.invoices[number]["response"]["message"]
    assert kept.receipt_number == first["ysdcrecnum"] and kept.signature == first["ysdcregsig"]


def test_each_tenant_submits_with_its_own_credentials_and_sees_only_its_own(
        world: World, till: TillFactory, gra: FakeGra, testdata: object) -> None:
    from pathlib import Path

    from tests.server.conftest import make_world

    other = make_world(world.ctx, Path(str(testdata)), domain="other.test", name="Other Traders")
    gra.keys["OTHER-SECURITY-KEY-02"] = "C0007654321"
    turn_on(world, gra)
    with other.ctx.scope(other.tenant_id) as scope:
        enable(other.ctx, scope, ADMIN, company_tin="C0007654321",
               security_key="OTHER-SECURITY-KEY-02", endpoint_url=gra.url)
    mine, theirs = till(), till(target=other)
    mine.sell([("GH-0001", 1)])
    theirs.sell([("GH-0002", 1)])
    mine.push()
    theirs.push()
    result = OutboxWorker(world.ctx, quick).run_once()  # every tenant in one pass
    assert result.cleared == 2
    (ours,), (other_one,) = clearances(world), clearances(other)
    assert f"tin={TIN}" in ours.qr_code  # GRA saw each under its own security key
    assert "tin=C0007654321" in other_one.qr_code
    pulled = [c for c in theirs.pull() if c["entity"] == "evat_clearance"]
    assert [c["key"] for c in pulled] == [clearances(other)[0].envelope_id]
