"""Till benchmarks: ``python -m bench terminal [--quick]``.

A generated catalogue (100,000 products; 5,000 with ``--quick``) is imported through the
same CSV import the till uses, then we time what a cashier waits for:

* barcode lookup (target p99 ≤ 2 ms) and FTS name search (p99 ≤ 20 ms);
* completing a 5-line cash sale durably, against a baseline measured in the same run on
  the same disk: a raw SQLite ``INSERT`` + ``COMMIT`` with WAL and ``synchronous=FULL``
  (target p99 ≤ 3 × baseline p99), the baseline's commits interleaved with the sales; the
  sale's CPU time and the whole ring-up (5 scans, each saved, + the sale) are reported
  beside it;
* resident memory of the process with the catalogue loaded (≤ 200 MB).
"""

from __future__ import annotations

import io
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
from argon2 import PasswordHasher

from bench import Metric, percentile
from shared.money import Money
from terminal.barcodes import gs1_check_digit
from terminal.clock import SystemClock
from terminal.keystore import EncryptedFileKeyStore
from terminal.store.masterdata import UserRecord
from terminal.tenders import cash
from terminal.till import Till

BRANDS = (
    "Frytol",
    "Gino",
    "Royal Aroma",
    "Titus",
    "Milo",
    "Peak",
    "Ideal",
    "Voltic",
    "Coca-Cola",
    "Fanta",
    "Malta Guinness",
    "Club",
    "Indomie",
    "Golden Tree",
    "Nido",
    "Ghana Gold",
    "Lipton",
    "Nescafe",
    "Blue Band",
    "Keysoap",
    "Omo",
    "So Klin",
    "Madar",
    "Pepsodent",
    "Geisha",
    "Always",
    "Softcare",
    "Dettol",
    "Kalyppo",
    "Tasty Tom",
    "Maggi",
    "Onga",
    "Chocho",
    "Hollandia",
    "Bel Aqua",
    "Nkulenu",
    "Cowbell",
    "Sunlight",
    "Eveready",
    "Tiger Head",
    "Bic",
    "Kasapreko",
    "Fan Milk",
    "Special Ice",
)
ITEMS = (
    "Vegetable Oil",
    "Tomato Paste",
    "Perfumed Rice",
    "Sardines",
    "Evaporated Milk",
    "Mineral Water",
    "Orange Drink",
    "Noodles",
    "Chocolate",
    "Full Cream Milk",
    "Sugar",
    "Tea",
    "Coffee",
    "Margarine",
    "Bar Soap",
    "Detergent",
    "Toothpaste",
    "Sanitary Pads",
    "Diapers",
    "Antiseptic",
    "Juice",
    "Jollof Mix",
    "Seasoning Cubes",
    "Biscuits",
    "Yoghurt",
    "Sachet Water",
    "Palm Soup Base",
    "Dishwashing Liquid",
    "Battery",
    "Pen",
    "Exercise Book",
    "Candles",
    "Lantern",
    "Kerosene",
    "Gari",
    "Corn Flakes",
    "Spaghetti",
)
SIZES = (
    "50g",
    "70g",
    "100g",
    "125g",
    "160g",
    "200g",
    "250g",
    "400g",
    "500g",
    "1kg",
    "5kg",
    "350ml",
    "500ml",
    "1L",
    "1.5L",
    "5L",
    "8s",
    "10s",
    "40s",
    "100s",
    "pack of 6",
    "AA 2s",
    "D",
)
HEADER = (
    "sku,barcode,name,unit,retail_price,wholesale_unit,wholesale_qty,wholesale_price,"
    "cost_price,tax_code,weighed"
)


def ean13(n: int) -> str:
    body = f"6039{n:08d}"
    return body + str(gs1_check_digit(body))


def catalogue_csv(count: int, rng: random.Random) -> str:
    out = io.StringIO()
    out.write(HEADER + "\n")
    for n in range(1, count + 1):
        name = f"{rng.choice(BRANDS)} {rng.choice(ITEMS)} {rng.choice(SIZES)} v{n % 97}"
        price = rng.randrange(100, 50_000)
        cost = price * 7 // 10
        carton = rng.choice((6, 12, 24, 48))
        wholesale = price * carton * 92 // 100
        out.write(
            f"B-{n:06d},{ean13(n)},{name},piece,{Money(price)},carton,{carton},{Money(wholesale)},"
            f"{Money(cost)},{rng.choice('BBBBA')},0\n"
        )
    return out.getvalue()


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class Baseline:
    """The raw commit the sale is compared with: one row (about the size of one sale's
    envelope) inserted and committed, WAL and ``synchronous=FULL`` like the till's store,
    in a database of its own on the same disk."""

    def __init__(self, folder: Path) -> None:
        self.conn = sqlite3.connect(str(folder / "baseline.sqlite3"), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        self.body = "x" * 2000
        self.samples: list[float] = []

    def commit(self) -> None:
        start = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO t (body) VALUES (?)", (self.body,))
        self.conn.execute("COMMIT")
        self.samples.append(_ms(start))

    def close(self) -> None:
        self.conn.close()


def run(quick: bool) -> Iterator[Metric]:
    products = 5_000 if quick else 100_000
    lookups = 1_000 if quick else 5_000
    searches = 300 if quick else 2_000
    sales = 100 if quick else 500
    rng = random.Random(2026)
    scratch = Path.cwd() / ".bench"  # the disk the project lives on; git-ignored
    scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        folder = Path(tmp)
        till = Till.open(
            folder / "data",
            clock=SystemClock(),
            key_store=EncryptedFileKeyStore(folder / "keys", "bench"),
            backup_dir=folder / "backups",
            pin_hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
        )
        till.start()
        text = catalogue_csv(products, rng)
        start = time.perf_counter()
        till.catalogue.import_csv(text)
        yield Metric(
            "catalogue_import", _ms(start) / 1000, "s", note=f"{products} products from CSV"
        )
        del text

        samples = []
        for _ in range(lookups):
            code = ean13(rng.randint(1, products))
            start = time.perf_counter()
            till.catalogue.scan(code)
            samples.append(_ms(start))
        yield Metric(
            "barcode_lookup_p50", percentile(samples, 50), "ms", 2.0, "target p99 ≤ 2 ms (baseline)"
        )
        yield Metric(
            "barcode_lookup_p99", percentile(samples, 99), "ms", 2.0, "target p99 ≤ 2 ms (baseline)"
        )

        samples = []
        for _ in range(searches):
            words = [rng.choice(BRANDS).split()[0].lower()[: rng.randint(2, 5)]]
            if rng.random() < 0.6:
                words.append(rng.choice(ITEMS).split()[0].lower()[: rng.randint(2, 6)])
            start = time.perf_counter()
            till.catalogue.search(" ".join(words))
            samples.append(_ms(start))
        yield Metric(
            "fts_search_p50", percentile(samples, 50), "ms", 20.0, "target p99 ≤ 20 ms (baseline)"
        )
        yield Metric(
            "fts_search_p99", percentile(samples, 99), "ms", 20.0, "target p99 ≤ 20 ms (baseline)"
        )

        rss = psutil.Process().memory_info().rss / 2**20
        yield Metric("rss_with_catalogue", rss, "MB", 200.0, "target ≤ 200 MB (baseline)")

        hashed = till.auth.hash_pin("1357")
        till.master_data.upsert_users(
            [UserRecord("bench@x.test", "Bench Cashier", "user", "MAIN", hashed)],
            "2026-01-01T00:00:00+00:00",
        )
        till.auth.login("bench@x.test", "1357")
        till.shifts.open(Money.cedis(200))
        commit, commit_cpu, ring_up = [], [], []
        # The baseline commits are interleaved with the sales (outside their timing) so
        # both see the same disk and the same load from whatever else runs on the machine.
        baseline = Baseline(folder)
        per_sale = -(-max(sales, 300) // sales)
        for _ in range(sales):
            begin = time.perf_counter()
            for _ in range(5):
                till.sales.scan(ean13(rng.randint(1, products)))
            due = till.sales.view().total
            start, cpu = time.perf_counter(), time.thread_time()
            till.sales.complete([cash(due)])
            commit.append(_ms(start))
            commit_cpu.append((time.thread_time() - cpu) * 1000)
            ring_up.append(_ms(begin))
            for _ in range(per_sale):
                baseline.commit()
        baseline.close()
        base = baseline.samples
        base50, base99 = percentile(base, 50), percentile(base, 99)
        yield Metric(
            "raw_sqlite_commit_p50",
            base50,
            "ms",
            note="INSERT + COMMIT, WAL, synchronous=FULL, same disk",
        )
        yield Metric(
            "raw_sqlite_commit_p99",
            base99,
            "ms",
            note="INSERT + COMMIT, WAL, synchronous=FULL, same disk",
        )
        yield Metric(
            "sale_5_lines_commit_p50", percentile(commit, 50), "ms", base50, "target ≤ 3 × baseline"
        )
        yield Metric(
            "sale_5_lines_commit_p99", percentile(commit, 99), "ms", base99, "target ≤ 3 × baseline"
        )
        yield Metric(
            "sale_5_lines_commit_cpu_p50",
            percentile(commit_cpu, 50),
            "ms",
            note="CPU time of the cashier's thread in complete() (steadier than wall time on a busy machine)",
        )
        yield Metric(
            "sale_5_lines_ring_up_p50",
            percentile(ring_up, 50),
            "ms",
            base50,
            "5 scans (each saved durably) + complete",
        )
        yield Metric(
            "sale_5_lines_ring_up_p99",
            percentile(ring_up, 99),
            "ms",
            base99,
            "5 scans (each saved durably) + complete",
        )
        till.close()
