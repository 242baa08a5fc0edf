"""Push: sales, refunds and voids land once in sales, stock and the ledger; resends
change nothing; business-rule failures are held with reasons, never dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from shared.money import Money
from shared.payloads import Approval, CustomerRef, Tender
from sync_server.customers.models import Customer
from sync_server.ledger.models import Journal
from sync_server.periods.services import close_period, ensure_periods
from sync_server.sales.models import Sale
from sync_server.stock.models import StockLevel
from sync_server.sync.models import StoredEnvelope
from tests.server.books import check_books
from tests.server.conftest import TillFactory, World


def _stock(world: World, sku: str, branch: str = "MAIN") -> int:
    with world.ctx.scope(world.tenant_id) as scope:
        row = scope.get(StockLevel, branch, "SHOP", sku)
        return row.qty_milli if row else 0


def test_sales_refund_and_void_merge_and_post_once(world: World, till: TillFactory) -> None:
    t = till()
    first = t.sell([("GH-0001", 2), ("GH-0002", 3)])
    second = t.sell([("GH-0005", 1)])
    t.refund(first, [(1, "1")])
    t.void(second)
    bodies = t.push()
    assert bodies[-1]["stored_through"] == 4
    assert [r["status"] for r in bodies[-1]["results"]] == ["stored"] * 4
    books = check_books(world.ctx, world.tenant_id, [t])
    assert books.sales == 2 and books.journals == 4
    assert _stock(world, "GH-0001") == -1000  # two sold, one back on the shelf
    assert _stock(world, "GH-0005") == 0  # sold and voided
    with world.ctx.scope(world.tenant_id) as scope:
        statuses = {s.receipt_no: (s.status, s.posting_status) for s in scope.scalars(select(Sale))}
    assert sorted(statuses.values()) == [("completed", "posted"), ("voided", "posted")]


def test_resending_a_stored_batch_changes_nothing_and_gets_the_same_results(
        world: World, till: TillFactory) -> None:
    t = till()
    batch = [t.sell([("GH-0010", 1)]), t.sell([("GH-0011", 2)])]
    first = t.push_batch(batch).json()
    again = t.push_batch(batch).json()
    assert again == first
    before = check_books(world.ctx, world.tenant_id, [t])
    t.push_batch(batch)
    assert check_books(world.ctx, world.tenant_id, [t]) == before
    assert before.sales == 2


def test_batches_out_of_order_are_refused_with_where_to_resume(world: World,
                                                               till: TillFactory) -> None:
    t = till()
    envelopes = [t.sell([("GH-0001", 1)]) for _ in range(6)]
    reply = t.push_batch(envelopes[3:])
    assert reply.status_code == 409
    body = reply.json()
    assert body["refused"]["code"] == "seq_gap" and body["refused"]["expected_seq"] == 1
    assert body["stored_through"] == 0 and body["results"] == []
    assert t.push_batch(envelopes[:3]).json()["stored_through"] == 3
    assert t.push_batch(envelopes[3:]).json()["stored_through"] == 6
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 6


def test_a_batch_with_old_and_new_envelopes_stores_only_the_new(world: World,
                                                               till: TillFactory) -> None:
    t = till()
    a = [t.sell([("GH-0003", 1)]) for _ in range(3)]
    t.push_batch(a[:2])
    reply = t.push_batch(a).json()
    assert reply["stored_through"] == 3 and len(reply["results"]) == 3
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 3


def test_unknown_product_and_bad_totals_are_held_with_reasons_and_acknowledged(
        world: World, till: TillFactory) -> None:
    t = till()
    good = t.priced_sale([("GH-0001", 1)])
    # A SKU the server does not know: authentic, but held.
    unknown = good.to_json()
    unknown["lines"][0]["sku"] = "NOT-IN-CATALOGUE"
    t.seal("sale", unknown)
    # Totals that do not recompute: a line's VAT moved into its net.
    wrong = t.priced_sale([("GH-0002", 2)]).to_json()
    line = wrong["lines"][0]
    line["vat"] -= 1
    line["net"] += 1
    wrong["totals"]["vat"] -= 1
    wrong["totals"]["net"] += 1
    t.seal("sale", wrong)
    t.sell([("GH-0004", 1)])
    body = t.push()[-1]
    assert body["stored_through"] == 3
    assert [(r["status"], r.get("reason_code")) for r in body["results"]] == [
        ("held", "unknown_product"), ("held", "totals_mismatch"), ("stored", None)]
    assert "NOT-IN-CATALOGUE" in body["results"][0]["reason"]
    assert "vat" in body["results"][1]["reason"]
    books = check_books(world.ctx, world.tenant_id, [t])
    assert books.sales == 1  # held envelopes reach neither sales nor the ledger
    assert _stock(world, "GH-0002") == 0
    # Resending gets the same held results.
    assert t.push_batch(t.outbox).json()["results"] == body["results"]


def test_credit_sale_over_the_limit_is_held_unless_a_manager_approved(
        world: World, till: TillFactory) -> None:
    t = till()
    customer = CustomerRef(world.customer_id, "Kofi Traders", "C0009876543")
    # 3 bags of rice at 145.00 = 435.00 on credit: within the 1,000.00 limit.
    within = t.priced_sale([("GH-0003", 3)], customer=customer)
    t.seal("sale", within.to_json() | {"tenders": [
        {"method": "credit", "amount": within.totals.gross.pesewas,
         "tendered": within.totals.gross.pesewas, "provider": None, "reference": None}]})
    over = t.priced_sale([("GH-0003", 5)], customer=customer)
    credit = Tender("credit", over.totals.gross, over.totals.gross)
    t.sell([("GH-0003", 5)], customer=customer, tenders=[credit])
    t.sell([("GH-0003", 5)], customer=customer, tenders=[credit],
           approvals=(Approval("over_credit_limit", "manager@acme.test", "good customer"),))
    body = t.push()[-1]
    assert [(r["status"], r.get("reason_code")) for r in body["results"]] == [
        ("stored", None), ("held", "over_credit_limit"), ("stored", None)]
    with world.ctx.scope(world.tenant_id) as scope:
        customer_row = scope.get(Customer, world.customer_id)
        assert customer_row is not None
        assert customer_row.balance == Money.cedis(145 * 8).pesewas
    check_books(world.ctx, world.tenant_id, [t])


def test_late_envelope_in_a_closed_month_posts_to_the_next_open_month_flagged(
        world: World, till: TillFactory) -> None:
    today = datetime.now(UTC).date()
    last_month = (today.replace(day=1) - timedelta(days=1))
    closed = last_month.strftime("%Y-%m")
    with world.ctx.scope(world.tenant_id) as scope:
        ensure_periods(scope, [closed])
        close_period(scope, closed, by="accountant", at=datetime.now(UTC))
    t = till()
    late = t.sell([("GH-0001", 1)], business_date=last_month.isoformat())
    body = t.push()[-1]
    assert body["results"][0]["status"] == "stored"
    with world.ctx.scope(world.tenant_id) as scope:
        journal = scope.scalar(select(Journal).where(Journal.envelope_id == late.id))
        stored = scope.get(StoredEnvelope, t.terminal_id, 1, 0)
    assert journal is not None and stored is not None
    assert journal.entry_date == last_month.isoformat()  # its real date …
    assert journal.fiscal_period == today.strftime("%Y-%m")  # … posted to the open month
    assert journal.late and stored.late
    check_books(world.ctx, world.tenant_id, [t])


def test_refund_of_more_than_was_sold_is_held(world: World, till: TillFactory) -> None:
    t = till()
    sale = t.sell([("GH-0001", 2)])
    t.refund(sale, [(1, "2")])
    # A second refund of the same line: nothing is left to return.
    again = t.refund(sale, [(1, "2")])
    body = t.push()[-1]
    assert body["results"][-1] == {"seq": again.seq, "id": again.id, "status": "held",
                                   "reason_code": "return_exceeds_sale",
                                   "reason": body["results"][-1]["reason"]}
    check_books(world.ctx, world.tenant_id, [t])


def test_held_envelope_is_stored_once_its_cause_is_fixed(world: World, till: TillFactory,
                                                        testdata: object) -> None:
    from sync_server.catalogue.services import import_catalogue
    from sync_server.sync.held import retry_held
    from sync_server.tenants.services import require_tenant
    from tests.server.conftest import ADMIN

    t = till()
    sale = t.priced_sale([("GH-0001", 1)]).to_json()
    sale["lines"][0]["sku"] = "NEW-ITEM"
    t.seal("sale", sale)
    assert t.push()[-1]["results"][0]["reason_code"] == "unknown_product"
    with world.ctx.scope(world.tenant_id) as scope:
        import_catalogue(world.ctx, scope, ADMIN,
                         "sku,name,unit,retail_price,cost_price,tax_code\n"
                         "NEW-ITEM,New item,bottle,38.00,27.56,B\n")
    result = retry_held(world.ctx, require_tenant(world.ctx, world.domain), ADMIN)
    assert [r["seq"] for r in result["stored"]] == [1] and result["held"] == []
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 1


def test_an_envelope_with_a_nul_character_is_held_not_fatal(world: World,
                                                            till: TillFactory) -> None:
    t = till()
    sale = t.priced_sale([("GH-0001", 1)]).to_json()
    sale["lines"][0]["name"] = "Frytol\x00 Oil"
    t.seal("sale", sale)
    t.sell([("GH-0001", 1)])
    body = t.push()[-1]
    assert [(r["status"], r.get("reason_code")) for r in body["results"]] == [
        ("held", "invalid_text"), ("stored", None)]
    assert check_books(world.ctx, world.tenant_id, [t]).sales == 1
