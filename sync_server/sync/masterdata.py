"""Master data is the server's, not the till's: the checks a push makes of every sale
and refund against what head office published to the till (the cost of goods sold the
server posts instead of the till's is ``sync.costs``).

A till prices from the catalogue it pulled. Checking only that the till's arithmetic
adds up (``shared.pricing.check_sale``) would store a sale at a price, tax code, unit
or quantity head office never set; so each line is checked against the published
catalogue: the price (``catalogue.prices.PriceBook``: the price in force at the
catalogue revision the till signed, or at the sale's own time for a sale of schema 1),
and in the same way (``catalogue.attributes``) the tax code, the unit and how many base
units it holds, and whether the product is weighed (one that is not is sold in whole
units): a till that sold offline before head office changed one is right. The person who sold must be an
active user of the tenant allowed at the branch; a price override needs the permission
(``shared.permissions``), the seller's own or that of a manager who approved it. A
difference raises ``MasterDataHold`` (the merge holds the envelope) naming the line and
both figures; nothing here corrects a sale.

Everything looked up here was loaded with the batch (``batch.Batch.load``): the checks
are dictionary lookups, with no query per sale.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from shared.envelope import Envelope
from shared.money import Money, format_quantity
from shared.payloads import Approval, Sale, SaleLine
from shared.permissions import allowed, discount_limit, discount_share, may_approve
from sync_server.catalogue.attributes import TAX_CODE, UNIT, WEIGHED, factor_text
from sync_server.catalogue.models import Product
from sync_server.db.types import to_milli
from sync_server.sync import momo_refs
from sync_server.sync.batch import Batch, UserState


class MasterDataHold(Exception):
    """A line or a person that differs from the published master data; ``merge`` holds
    the envelope with this code and reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _moment(created_at: str) -> datetime:
    moment = datetime.fromisoformat(created_at)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _usable(batch: Batch, email: str, branch: str, at: datetime) -> UserState | None:
    """The user if they could sign in at ``branch`` when the envelope was made."""
    user = batch.users.get(email.lower())
    if user is None:
        return None
    # Deactivated after the till recorded the envelope: the till sold offline while they
    # still worked here, which is not a reason to hold it.
    active = user.active or user.updated_at > at
    return user if active and user.branch in (None, branch) else None


def check_seller(batch: Batch, env: Envelope) -> UserState:
    """The envelope's user is a user of the tenant allowed to work at its branch."""
    at = _moment(env.created_at)
    user = batch.users.get(env.user.lower())
    if user is None:
        raise MasterDataHold("unknown_user", f"{env.user} is not a user of this business on "
                             "the server.")
    found = _usable(batch, env.user, env.branch, at)
    if found is None:
        where = "is not active" if not user.active else f"works at branch {user.branch}"
        raise MasterDataHold("user_not_allowed", f"{env.user} {where}, so may not sell at "
                             f"branch {env.branch}.")
    return found


def _line(ln: SaleLine) -> str:
    return f"Line {ln.line_no} ({ln.sku})"


def covers(approval: Approval, schema: int, sku: str | None) -> bool:
    """Whether ``approval`` is for the line of ``sku`` (None: the sale as a whole, its
    order discount). One that names a SKU is for that line only; one that names none is,
    in sale schema 3, for the sale as a whole, and in schemas 1–2 (tills of before, whose
    approvals named nothing) for every line (docs/sync-protocol.md §3.2)."""
    if approval.sku is not None:
        return approval.sku == sku
    return sku is None or schema < 3


def _override_approved(batch: Batch, env: Envelope, seller: UserState,
                       approvals: tuple[Approval, ...], sku: str) -> bool:
    if allowed(seller.role, "price_override"):
        return True
    at = _moment(env.created_at)
    for approval in approvals:
        if approval.action != "price_override" or not covers(approval, env.schema, sku):
            continue
        approver = _usable(batch, approval.approver, env.branch, at)
        if approver is not None and may_approve(approver.role, "price_override"):
            return True
    return False


def check_sale(batch: Batch, env: Envelope, sale: Sale) -> None:
    """Every line of ``sale`` against the catalogue published to the till."""
    seller = check_seller(batch, env)
    inclusive = batch.price_lists.get(sale.price_list)
    if inclusive is None:
        raise MasterDataHold("unknown_price_list", f"The sale was priced from the price list "
                             f"“{sale.price_list}”, which does not exist on the server.")
    if inclusive != sale.inclusive:
        basis = {True: "including tax", False: "before tax"}
        raise MasterDataHold("price_list_mismatch", f"Price list {sale.price_list} is priced "
                             f"{basis[inclusive]}, but the sale was priced "
                             f"{basis[sale.inclusive]}.")
    at = _moment(env.created_at)
    # What the published catalogue allows depends only on the line's own figures and the
    # revision the till signed (or, lacking one, the sale's time), never on the rest of
    # the sale: a batch remembers the answers (``Batch.line_checks``), and a shop sells
    # the same lines over and over.
    when = (sale.catalogue_rev, None if sale.catalogue_rev is not None else at)
    memo = batch.line_checks
    for ln in sale.lines:
        product = batch.products[ln.sku]
        whole = ln.qty == ln.qty.to_integral_value()
        attributes = ("attributes", ln.sku, ln.unit, ln.unit_factor, whole, ln.tax_code, when)
        if attributes not in memo:
            _check_attributes(batch, sale, ln, product, at)
            memo[attributes] = True  # only a pass is remembered: a hold names its line
        _check_discount(batch, env, seller, sale, ln)
        if ln.price_override:
            if not _override_approved(batch, env, seller, sale.approvals, ln.sku):
                raise MasterDataHold("unapproved_override", f"{_line(ln)}: the price was "
                                     f"changed to {ln.unit_price.format()} without the approval "
                                     f"of a manager allowed to change prices.")
            continue
        prices = ("prices", sale.price_list, ln.sku, ln.unit, product.unit, ln.unit_factor, when)
        found = memo.get(prices)
        if found is None:
            found = memo[prices] = _published_prices(batch, sale, ln, product.unit, at)
        allowed_prices, in_force = found
        if ln.unit_price.pesewas not in allowed_prices:
            expected = (f"the price {Money(in_force).format()}" if in_force is not None
                        else "no price")
            raise MasterDataHold("price_mismatch", f"{_line(ln)} was sold at "
                                 f"{ln.unit_price.format()} per {ln.unit}, but price list "
                                 f"{sale.price_list} had {expected} for it {_when(sale, at)}.")
    _check_order_discount(batch, env, seller, sale)


def check_momo_reuse(batch: Batch, env: Envelope, sale: Sale) -> None:
    """A MoMo reference already used by a sale of the tenant (stored, or earlier in this
    batch) needs a manager's ``momo_reuse`` approval (``sync.momo_refs``). The merge
    remembers a stored sale's references (``momo_refs.remember``)."""
    refs = momo_refs.references(sale)
    if not refs:
        return
    at = _moment(env.created_at)
    for ref in refs:
        first = batch.momo_used.get(ref)
        if first is None or first.sale_id == env.id or first.sale_id in batch.voided:
            continue
        seller = check_seller(batch, env)
        approvers = [_usable(batch, a.approver, env.branch, at) for a in sale.approvals
                     if a.action == "momo_reuse"]
        if not momo_refs.reuse_approved(sale, seller.role,
                                        [u.role if u else None for u in approvers]):
            raise MasterDataHold("momo_reuse", momo_refs.reuse_reason(env, sale, ref, first))


def _check_discount(batch: Batch, env: Envelope, seller: UserState, sale: Sale,
                    ln: SaleLine) -> None:
    """A line discount beyond the seller's limit (``shared.permissions.DISCOUNT_LIMITS``,
    the till's own table) needs a ``discount`` approval by a user of the branch whose
    limit covers it, given for that line (``covers``: in sale schema 3 an approval names
    its line; before, one covered every line within its approver's limit)."""
    if not ln.line_discount.pesewas:
        return
    share = discount_share(ln.line_discount, ln.list_amount)
    if not _discount_allowed(batch, env, seller, sale, share, sku=ln.sku):
        raise MasterDataHold("unapproved_discount", f"{_line(ln)}: {ln.line_discount.format()} "
                             f"off {ln.list_amount.format()} ({share:f} %) is more than the "
                             f"{discount_limit(seller.role):f} % {env.user} may give, and no "
                             "manager whose limit covers it approved it.")


def _check_order_discount(batch: Batch, env: Envelope, seller: UserState, sale: Sale) -> None:
    """The discount on the whole order, as a share of what the lines come to after their
    own discounts (how the till measures it, ``terminal.sale.discount_order``), against the
    same limits as a line discount."""
    if not sale.order_discount.pesewas:
        return
    subtotal = Money(sum(ln.list_amount.pesewas - ln.line_discount.pesewas for ln in sale.lines))
    share = discount_share(sale.order_discount, subtotal)
    if not _discount_allowed(batch, env, seller, sale, share, sku=None):
        raise MasterDataHold("unapproved_discount", f"The order discount: "
                             f"{sale.order_discount.format()} off {subtotal.format()} "
                             f"({share:f} %) is more than the {discount_limit(seller.role):f} % "
                             f"{env.user} may give, and no manager whose limit covers it "
                             "approved it.")


def _discount_allowed(batch: Batch, env: Envelope, seller: UserState, sale: Sale,
                      share: Decimal, *, sku: str | None) -> bool:
    """Within the seller's own limit, or approved — for the line of ``sku``, or the order
    (None) — by a user of the branch whose limit covers ``share``."""
    if share <= discount_limit(seller.role):
        return True
    at = _moment(env.created_at)
    for approval in sale.approvals:
        approver = (_usable(batch, approval.approver, env.branch, at)
                    if approval.action == "discount" and covers(approval, env.schema, sku)
                    else None)
        if approver is not None and may_approve(approver.role, "discount") \
                and discount_limit(approver.role) >= share:
            return True
    return False


def _when(sale: Sale, at: datetime) -> str:
    return (f"at catalogue revision {sale.catalogue_rev}" if sale.catalogue_rev is not None
            else f"on {at:%Y-%m-%d %H:%M} UTC")


def _published(batch: Batch, sale: Sale, key: tuple[str, str, str], at: datetime,
               current: str) -> tuple[set[str], str]:
    """The values of one attribute a till could have been given (``catalogue.attributes``:
    in force at its revision or the sale's time, or published since; the current value
    is always one of them), and the one in force (for the message)."""
    known = batch.attributes.known(*key, revision=sale.catalogue_rev, at=at)
    return known.values | {current}, known.in_force or current


def _check_attributes(batch: Batch, sale: Sale, ln: SaleLine, product: Product,
                      at: datetime) -> None:
    """The line's unit and factor, quantity (weighed or not) and tax code, against what
    head office had published to the till when it sold, as its prices are."""
    factor = batch.units.get((ln.sku, ln.unit))
    if factor is None:  # units are never taken away: one the server lacks was never given
        units = sorted(u for s, u in batch.units if s == ln.sku)
        raise MasterDataHold("unit_mismatch", f"{_line(ln)} is sold by the {ln.unit}, which "
                             f"head office has not set up for {ln.sku} (it has: "
                             f"{', '.join(units) or 'none'}).")
    factors, in_force = _published(batch, sale, (ln.sku, UNIT, ln.unit), at,
                                   factor_text(to_milli(factor)))
    if factor_text(to_milli(ln.unit_factor)) not in factors:
        raise MasterDataHold("unit_mismatch", f"{_line(ln)}: one {ln.unit} holds "
                             f"{format_quantity(Decimal(in_force))} {product.unit} "
                             f"{_when(sale, at)}, the sale says "
                             f"{format_quantity(ln.unit_factor)}.")
    weighed, _ = _published(batch, sale, (ln.sku, WEIGHED, ""), at,
                            "1" if product.weighed else "0")
    if "1" not in weighed and ln.qty != ln.qty.to_integral_value():
        raise MasterDataHold("not_weighed", f"{_line(ln)}: {format_quantity(ln.qty)} "
                             f"{ln.unit} sold, but {ln.sku} is not weighed and is sold in "
                             "whole units only.")
    codes, code = _published(batch, sale, (ln.sku, TAX_CODE, ""), at,
                              product.tax_code)
    if ln.tax_code.value not in codes:
        raise MasterDataHold("tax_code_mismatch", f"{_line(ln)} was taxed under code "
                             f"{ln.tax_code.value}, but {ln.sku} had tax code {code} "
                             f"{_when(sale, at)}.")


def _published_prices(batch: Batch, sale: Sale, ln: SaleLine, base: str,
                      at: datetime) -> tuple[frozenset[int], int | None]:
    """The unit prices a till could have charged for ``ln``, by the till's own rule
    (``terminal.catalogue.CatalogueService.price``): the unit's price on the sale's list;
    failing that, on the till's default list if it has the same tax basis; failing that,
    the base unit's price × the unit's size, from those lists. The server does not know
    a till's default list, so every list of the same basis may stand in for it. Also
    the price the till would have found first (for the message; None: none)."""
    basis = batch.price_lists[sale.price_list]
    others = sorted(code for code, inclusive in batch.price_lists.items()
                    if inclusive == basis and code != sale.price_list)
    steps = [(ln.unit, None)] if ln.unit == base else [(ln.unit, None), (base, ln.unit_factor)]
    allowed: set[int] = set()
    first: int | None = None
    for wanted, factor in steps:
        for code in (sale.price_list, *others):
            known = batch.prices.known(code, ln.sku, wanted, revision=sale.catalogue_rev, at=at)
            found = [p for p in (known.in_force, *known.later) if p is not None]
            if factor is not None:
                found = [Money(p).times(factor).pesewas for p in found]
            allowed.update(found)
            if known.in_force is not None:
                in_force = found[0]
                if first is None:
                    first = in_force
                if code == sale.price_list and factor is None:
                    # The sale's own list has the unit: the till took that price.
                    return frozenset(allowed), first
    return frozenset(allowed), first


__all__ = ["MasterDataHold", "check_momo_reuse", "check_sale", "check_seller"]
