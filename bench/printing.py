"""Receipt printing: how long building a receipt takes, and one receipt through the print
worker to the virtual printer.

* ``receipt_build_ms`` — the 80 mm sample sale from document to ESC/POS bytes (layout,
  code page, QR, barcode, cut). Peer: python-escpos's ``Dummy`` printing the same text
  lines plainly (no layout), measured in the same run.
* ``receipt_print_ms`` — the worker's whole attempt on loopback TCP: connect, four
  ``DLE EOT`` status requests, the receipt, ``GS r`` confirmation, mark printed in an
  in-memory store. Peer: a raw socket sending the same bytes and waiting for the same
  ``GS r`` reply — the least any confirmed print can take.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterable
from datetime import UTC, datetime

from escpos.printer import Dummy

from bench import Metric, percentile
from hardware.config import parse_config
from hardware.layout import LayoutOptions
from hardware.memory_store import MemoryJobStore
from hardware.printing import document_bytes
from hardware.profiles import resolve_profile
from hardware.samples import sale_with_discounts
from hardware.virtual_printer import VirtualPrinter, decode
from hardware.worker import PrintWorker


def _ms(samples: list[float]) -> float:
    return percentile(samples, 50) * 1000


def run(quick: bool) -> Iterable[Metric]:
    rounds = 20 if quick else 200
    doc = sale_with_discounts()
    profile = resolve_profile("TM-T20II", 80)
    options = LayoutOptions.for_printer(profile)
    data = document_bytes(doc, profile, options)
    lines = decode(data)[0].text().splitlines()

    build, plain = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        document_bytes(doc, profile, options)
        build.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        dummy = Dummy()
        for line in lines:
            dummy.text(line + "\n")
        dummy.cut()
        plain.append(time.perf_counter() - t0)
    yield Metric("receipt_build_ms", _ms(build), "ms", _ms(plain),
                 note="peer: python-escpos Dummy printing the same lines without layout")

    prints, raw = [], []
    with VirtualPrinter() as printer:
        config = parse_config({"printer": {"connection": "network", "host": "127.0.0.1",
                                           "port": printer.port, "model": "TM-T20II"}}).printer
        if config is None:
            raise RuntimeError("the benchmark's printer configuration is missing")
        store = MemoryJobStore()
        worker = PrintWorker(store, config, clock=lambda: datetime.now(UTC))
        for _ in range(max(5, rounds // 4)):
            store.add("sale", doc.receipt_no, doc.to_json(), datetime.now(UTC))
            t0 = time.perf_counter()
            worker.run_once()
            prints.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            with socket.create_connection(("127.0.0.1", printer.port)) as sock:
                sock.sendall(data + b"\x1dr\x01")
                sock.recv(1)
            raw.append(time.perf_counter() - t0)
    yield Metric("receipt_print_ms", _ms(prints), "ms", _ms(raw),
                 note="peer: raw socket, same bytes, same GS r confirmation")
