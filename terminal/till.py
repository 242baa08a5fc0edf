"""The till: one object the screens (issue [5]), the command line and the simulator
use, composed of the services — ``auth``, ``shifts``, ``sales``, ``returns``,
``customers``, ``catalogue``, ``print_queue``, ``backups`` — plus start-up, ``status``
and ``check``. Services return frozen dataclasses and raise ``BisamaError`` subclasses
with messages in the shop's words; none of them knows about Qt.

``Till.open`` is the start-up path: the database is checked (``PRAGMA quick_check``)
before anything else, migrated, and on first start the till makes its identity and
signing key. ``Till.start`` then resumes the print queue, recovers or discards an
interrupted cart (and says which) and takes the daily backup when it is due.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from argon2 import PasswordHasher
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared.envelope import EnvelopeError, verify_chain, verify_envelope
from shared.keys import public_key_from_text, public_key_text
from shared.money import Money
from shared.payloads import CODE_RE
from shared.signer import Signer
from shared.tin import TIN_HELP, is_ghana_tin, normalise_tin
from terminal.auth import AuthService, Session
from terminal.backup import BackupInfo, BackupService, latest_verified
from terminal.catalogue import CatalogueService
from terminal.clock import Clock, SystemClock, stamp
from terminal.customers import CustomerService
from terminal.errors import DatabaseDamaged, KeyStoreError, SetupError
from terminal.events import EventRecorder
from terminal.history import SalesHistory
from terminal.keystore import KeyStore, KeyStoreInfo, choose_key_store
from terminal.owner_only import private_folder
from terminal.paths import DB_NAME, resolve_backup_dir
from terminal.pkcs11_signer import Pkcs11Signer, load_config
from terminal.power import power_note
from terminal.prune import AUTOMATIC_BITE, PruneReport, prune
from terminal.quick_keys import QuickKeyService
from terminal.receipt_sms import ReceiptTexts
from terminal.returns import ReturnService
from terminal.sale import Recovery, SaleService
from terminal.shift import ShiftService, closed_month_note
from terminal.stock import StockService
from terminal.store import migrations
from terminal.store.audit import verify_audit
from terminal.store.db import Database
from terminal.store.identity import TerminalIdentity, create_identity, load_identity, set_codes
from terminal.store.ledger import unbalanced_journals
from terminal.store.masterdata import MasterData
from terminal.store.outbox import Outbox
from terminal.store.print_jobs import PrintQueue
from terminal.store.pruned import chain_anchor
from terminal.store.schema import MIGRATIONS
from terminal.store.settings import Settings, load_settings, save_settings
from terminal.transfers import TransferService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StartupReport:
    quick_check: str
    new_terminal: bool
    migrated: tuple[int, ...]
    cart: Recovery
    outbox_pending: int
    print_waiting: int
    backup: BackupInfo | None
    key_store: KeyStoreInfo
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckReport:
    ok: bool
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    envelopes: int
    journals: int
    latest_backup: str | None


def quick_check(path: Path, backup_dir: Path) -> str:
    """``PRAGMA quick_check`` on the file before the till uses it; a damaged file raises
    ``DatabaseDamaged`` naming the newest verified backup."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        rows = [str(exc)]
    if rows == ["ok"]:
        return "ok"
    best = latest_verified(backup_dir)
    offer = (
        f"The latest verified backup is {best.path} (taken {best.taken_at}, up to seq {best.seq}). "
        "Restore it with `bisama-terminal restore --latest`, then let the till sync so head office "
        "can send back anything made after that backup."
        if best
        else "No verified backup was found; call support before doing anything else."
    )
    raise DatabaseDamaged(
        f"The till's database is damaged ({'; '.join(rows[:3])}). Selling is stopped to "
        f"protect your records. {offer}",
        backup=str(best.path) if best else None,
    )


class ServiceBasics(TypedDict):
    """What every service of the till is built with."""

    clock: Clock
    settings: Settings
    identity: TerminalIdentity
    auth: AuthService


class Till:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock,
        key_store: KeyStore,
        identity: TerminalIdentity,
        key: Signer,
        backup_dir: Path,
        migrated: tuple[int, ...] = (),
        new_terminal: bool = False,
        pin_hasher: PasswordHasher | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.key_store = key_store
        self.identity = identity
        self.backup_dir = backup_dir
        self._migrated = migrated
        self._new = new_terminal
        self.settings: Settings = load_settings(db)
        self.session = Session()
        self.recorder = EventRecorder(identity, key, clock, training=self.settings.training)
        self.auth = AuthService(db, clock, self.settings, self.session, pin_hasher)
        self.catalogue = CatalogueService(db, clock, self.settings)
        self.backups = BackupService(db, clock, backup_dir, self.settings.backup_keep)
        common: ServiceBasics = {
            "clock": clock,
            "settings": self.settings,
            "identity": identity,
            "auth": self.auth,
        }
        self.shifts = ShiftService(
            db,
            **common,
            recorder=self.recorder,
            after_close=self._after_shift_close,
        )
        self.customers = CustomerService(db, **common, shifts=self.shifts, recorder=self.recorder)
        self.receipt_texts = ReceiptTexts(db, auth=self.auth, shifts=self.shifts,
                                          recorder=self.recorder)
        self.sales = SaleService(
            db,
            **common,
            shifts=self.shifts,
            catalogue=self.catalogue,
            customers=self.customers,
            recorder=self.recorder,
        )
        self.returns = ReturnService(
            db, **common, shifts=self.shifts, sales=self.sales, recorder=self.recorder
        )
        self.stock = StockService(db, clock=clock, settings=self.settings, identity=identity, auth=self.auth,
                                  shifts=self.shifts, catalogue=self.catalogue, recorder=self.recorder)
        self.transfers = TransferService.sharing(self.stock)
        self.outbox = Outbox(db)
        self.print_queue = PrintQueue(db)
        self.master_data = MasterData(db)
        self.history = SalesHistory(db)
        self.quick_keys = QuickKeyService(db, self.catalogue, identity)

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        key_store: KeyStore | None = None,
        backup_dir: Path | None = None,
        branch_code: str = "MAIN",
        terminal_code: str = "T01",
        pin_hasher: PasswordHasher | None = None,
    ) -> Till:
        clock = clock or SystemClock()
        data_dir = private_folder(Path(data_dir))
        backup_dir = resolve_backup_dir(data_dir, backup_dir)
        path = data_dir / DB_NAME
        if path.exists() and path.stat().st_size > 0:
            quick_check(path, backup_dir)
        key_store = key_store or choose_key_store(data_dir)
        db = Database(path, background_checkpoint=True)
        try:
            ran = migrations.migrate(db, MIGRATIONS, stamp(clock.now()))
            identity = load_identity(db)
            new = identity is None
            if identity is None:
                identity = cls._first_start(db, clock, key_store, branch_code, terminal_code)
            token = load_config(data_dir)  # a PKCS#11 token instead of the software key
            key: Signer | None = (Pkcs11Signer(token) if token is not None
                                  else key_store.load(identity.terminal_id))
            if key is None:
                raise KeyStoreError(
                    f"This till's signing key is missing from {key_store.info().kind} "
                    f"({key_store.info().location}). Restore the key (or the keyring) from "
                    "backup, or "
                    "re-enroll the till; it cannot sign sales without it."
                )
            if public_key_text(key.public_key()) != identity.public_key:
                raise KeyStoreError(
                    "The signing key found does not belong to this till (public keys differ). "
                    "Check BISAMA_KEY_PASSPHRASE / the keyring, or re-enroll the till."
                )
        except BaseException:
            db.close()
            raise
        return cls(
            db,
            clock=clock,
            key_store=key_store,
            identity=identity,
            key=key,
            backup_dir=backup_dir,
            migrated=tuple(ran),
            new_terminal=new,
            pin_hasher=pin_hasher,
        )

    @staticmethod
    def _first_start(
        db: Database, clock: Clock, key_store: KeyStore, branch_code: str, terminal_code: str
    ) -> TerminalIdentity:
        for code, what in ((branch_code, "branch code"), (terminal_code, "terminal code")):
            if not CODE_RE.fullmatch(code):
                raise SetupError(f"“{code}” is not a {what}: capital letters, digits, - and _ only.")
        key = Ed25519PrivateKey.generate()
        identity = TerminalIdentity(
            str(uuid.uuid4()),
            branch_code,
            terminal_code,
            None,
            public_key_text(key.public_key()),
            stamp(clock.now()),
            None,
        )
        key_store.save(identity.terminal_id, key)
        with db.transaction() as conn:
            create_identity(conn, identity)
        return identity

    def close(self) -> None:
        self.db.close()
        if isinstance(self.recorder.key, Pkcs11Signer):
            self.recorder.key.close()

    def __enter__(self) -> Till:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_codes(self, branch_code: str, terminal_code: str) -> None:
        """Change the branch and terminal codes — only before the first envelope, because
        they are in every envelope and receipt number already made."""
        for code, what in ((branch_code, "branch code"), (terminal_code, "terminal code")):
            if not CODE_RE.fullmatch(code):
                raise SetupError(f"“{code}” is not a {what}: capital letters, digits, - and _ only.")
        if self.outbox.head().seq > 0:
            raise SetupError(
                "This till has already recorded transactions; its branch and terminal codes "
                "can only change through enrollment."
            )
        with self.db.transaction() as conn:
            set_codes(conn, branch_code, terminal_code)
        self.reload_identity()

    def set_shop_details(
        self, *, name: str, address: str = "", phone: str = "", tin: str | None = None
    ) -> Settings:
        """The shop's name, address, phone and TIN printed on receipts (a standalone till;
        an enrolled one gets them from head office). Services use them at once."""
        name = name.strip()
        if not name or len(name) > 120:
            raise SetupError("Type the shop's name as it should print on receipts (at most 120 characters).")
        values: dict[str, object] = {"shop_name": name, "shop_address": address.strip(),
                                     "shop_phone": phone.strip()}
        if tin is not None and tin.strip():
            clean = normalise_tin(tin)
            if not is_ghana_tin(clean):
                raise SetupError(f"“{tin}” is not a TIN in GRA's format: {TIN_HELP}.")
            profile = dict(self.settings.tax_profile or {})
            values["tax_profile"] = {**profile, "tin": clean}
        with self.db.transaction() as conn:
            save_settings(conn, **values)
        return self.reload_settings()

    def signer_info(self) -> KeyStoreInfo:
        """Where the till's signing key is: the key store, or a PKCS#11 token."""
        key = self.recorder.key
        if isinstance(key, Pkcs11Signer):
            return KeyStoreInfo("pkcs11 token", f"token “{key.config.token_label}”, key "
                                f"“{key.config.key_label}” via {key.config.module}")
        return self.key_store.info()

    def reload_identity(self) -> TerminalIdentity:
        """Read the till's identity again and give it to every service that signs or
        numbers with it — after enrollment (tenant, branch and terminal code change) or
        ``set_codes``. Without this, a till open during enrollment would keep sealing
        envelopes with ``tenant: null`` and the old codes until restarted. The settings
        are read again too: the first pull after enrolling brings the shop's details."""
        identity = load_identity(self.db)
        if identity is None:  # the row is made on first start and never deleted
            raise SetupError("This till has no identity; restart it.")
        self.identity = identity
        self.recorder.identity = identity
        for service in (self.shifts, self.customers, self.sales, self.returns, self.stock, self.transfers,
                        self.quick_keys):
            service.identity = identity
        self.reload_settings()
        return identity

    def reload_settings(self) -> Settings:
        """Read the settings again and give them to every service (after a change)."""
        self.settings = load_settings(self.db)
        self.recorder.training = self.settings.training
        for service in (self.auth, self.catalogue, self.shifts, self.customers, self.sales,
                        self.returns, self.stock, self.transfers):
            service.settings = self.settings
        return self.settings

    def _after_shift_close(self) -> None:
        self.backups.take("shift close")
        self.prune_quietly()

    def prune(
        self, *, days: int | None = None, dry_run: bool = False, most: int | None = None
    ) -> PruneReport:
        """Remove old acknowledged envelopes and receipts head office backed up (terminal/prune.py)."""
        return prune(
            self.db, self.clock.now(), days=days or self.settings.prune_after_days, dry_run=dry_run, most=most
        )

    def prune_quietly(self) -> PruneReport | None:
        """``prune`` at start-up and shift close, a bounded bite: a failure is logged, never
        stops selling."""
        try:
            return self.prune(most=AUTOMATIC_BITE)
        except (OSError, sqlite3.Error, ValueError):
            log.exception("pruning old transactions failed")
            return None

    # -- start-up --------------------------------------------------------------------------
    def start(self, *, take_backup: bool = True) -> StartupReport:
        """Resume after a restart. ``take_backup=False`` leaves the daily backup to the
        caller (the screens take it on a worker thread so the login screen is not held
        up by copying a large database)."""
        messages: list[str] = []
        if self._new:
            messages.append(
                f"New till {self.identity.terminal_id} ({self.identity.branch_code}/"
                f"{self.identity.terminal_code}): a signing key was made and stored in "
                f"{self.key_store.info().kind}."
            )
        if self._migrated:
            messages.append(f"Database upgraded to schema version {self._migrated[-1]}.")
        cart = self.sales.recover()
        if cart.action != "none":
            messages.append(cart.message)
        waiting = self.print_queue.retry_now(self.clock.now())
        if waiting:
            messages.append(f"{waiting} receipt(s) or report(s) are waiting to print.")
        pending = self.outbox.depth()
        info = self.signer_info()
        if info.warning:
            messages.append(info.warning)
        power = power_note(self.db)
        if power:
            messages.append(power)
        closed = closed_month_note(self.db, self.clock.now().date().isoformat())
        if closed:
            messages.append(closed)
        backup = None
        try:
            backup = self.backups.take_if_due() if take_backup else None
        except (OSError, sqlite3.Error) as exc:
            messages.append(
                f"The daily backup could not be taken ({exc}). Check the backup folder {self.backup_dir}."
            )
        pruned = self.prune_quietly()
        if pruned is not None and pruned.envelopes:
            messages.append(f"Pruned {pruned.why}")
        return StartupReport(
            "ok", self._new, self._migrated, cart, pending, waiting, backup, info, tuple(messages)
        )

    # -- status and check --------------------------------------------------------------------
    def check(self) -> CheckReport:
        """Everything the till can verify about itself, without changing anything."""
        problems: list[str] = []
        warnings: list[str] = []
        rows = [r[0] for r in self.db.query("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.append("database integrity: " + "; ".join(rows[:5]))
        public = public_key_from_text(self.identity.public_key)
        head = chain_anchor(self.db)  # after a prune, the chain goes on from its anchor
        count = 0
        try:
            for envelope in self.outbox.envelopes(head.seq + 1):
                verify_envelope(envelope, public)
                head = verify_chain(head, [envelope], terminal=self.identity.terminal_id)
                count += 1
        except EnvelopeError as exc:
            problems.append(f"envelope chain: {exc}")
        problems += unbalanced_journals(self.db)
        problems += verify_audit(self.db)
        problems += migrations.edited(self.db, MIGRATIONS)
        stock_drift = self.db.query(
            "SELECT l.sku, l.location FROM stock_levels l WHERE l.qty_milli != l.pulled_milli + "
            "(SELECT coalesce(sum(m.delta_milli), 0) FROM stock_moves m WHERE m.sku = l.sku "
            "AND m.location = l.location AND m.branch = l.branch AND m.seq > l.as_of_seq)"
        )
        problems += [f"stock of {r[0]} at {r[1]} does not equal the sum of its moves" for r in stock_drift]
        info = self.signer_info()
        if info.warning:
            warnings.append(info.warning)
        best = latest_verified(self.backup_dir)
        if best is None:
            warnings.append(f"No verified backup in {self.backup_dir}. Run `bisama-terminal backup`.")
        elif self.backups.same_drive():
            warnings.append(
                f"Backups are on the same drive as the database ({self.backup_dir}); set "
                "BISAMA_BACKUP_DIR to a second drive or a USB disk."
            )
        if self.master_data.revoked("terminal", self.identity.terminal_id):
            problems.append("This till has been revoked by head office.")
        journals = int(self.db.scalar("SELECT count(*) FROM journals"))
        return CheckReport(
            not problems,
            tuple(problems),
            tuple(warnings),
            count,
            journals,
            str(best.path) if best else None,
        )

    def status(self) -> dict[str, object]:
        """What ``bisama-terminal status --json`` prints (and the heartbeat will send)."""
        shift = self.shifts.current()
        today = self.clock.now().date().isoformat()
        row = self.db.one(
            "SELECT count(*), coalesce(sum(gross), 0) FROM sales WHERE business_date = ? "
            "AND status = 'completed'",
            (today,),
        )
        head = self.outbox.head()
        last = self.backups.last()
        info = self.signer_info()
        assert row is not None
        return {
            "terminal": {
                "id": self.identity.terminal_id,
                "branch": self.identity.branch_code,
                "code": self.identity.terminal_code,
                "tenant": self.identity.tenant_id,
                "enrolled": self.identity.enrolled,
                "training": self.settings.training,
                "public_key": self.identity.public_key,
                "revoked": self.master_data.revoked("terminal", self.identity.terminal_id),
            },
            "open_shift": None
            if shift is None
            else {
                "id": shift.id,
                "number": shift.number,
                "user": shift.user,
                "business_date": shift.business_date,
                "opened_at": shift.opened_at,
                "opening_float": str(shift.opening_float),
            },
            "sales_today": {"date": today, "count": int(row[0]), "gross": str(Money(int(row[1])))},
            "sales_total": int(self.db.scalar("SELECT count(*) FROM sales WHERE status = 'completed'")),
            "outbox": {
                "depth": self.outbox.depth(),
                "by_kind": self.outbox.depth_by_kind(),
                "oldest_pending_at": self.outbox.oldest_pending_at(),
                "held": len(self.outbox.held()),
            },
            "outbox_depth": self.outbox.depth(),
            "last_seq": head.seq,
            "head_hash": head.hash,
            "print_queue": {
                "depth": self.print_queue.depth(),
                "waiting": [
                    {
                        "id": j.id,
                        "kind": j.kind,
                        "reference": j.reference,
                        "attempts": j.attempts,
                        "last_error": j.last_error,
                    }
                    for j in self.print_queue.waiting()[:20]
                ],
            },
            "print_queue_depth": self.print_queue.depth(),
            "parked_carts": len(self.sales.parked()),
            "catalogue_products": self.catalogue.count(),
            "users": len(self.auth.users()),
            "last_backup": None
            if last is None
            else {"path": str(last.path), "taken_at": last.taken_at, "seq": last.seq},
            "key_store": {"kind": info.kind, "location": info.location, "warning": info.warning},
            "schema_version": migrations.current_version(self.db),
        }
