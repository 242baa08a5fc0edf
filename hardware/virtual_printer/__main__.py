"""``python -m hardware.virtual_printer``: a network receipt printer for the demo and for
training tills.

    python -m hardware.virtual_printer --port 9100 --paper 80 --out printed/
    python -m hardware.virtual_printer ctl paper-out on          # from another terminal
    python -m hardware.virtual_printer ctl stall 10
    python -m hardware.virtual_printer decode receipt.bin --png receipt.png

Each receipt it prints is written to ``--out`` as ``NNNN.txt`` (the text), ``NNNN.png``
(the picture) and, per connection, ``job-NNNN.bin`` (the bytes received). The control
port (``--control-port``, default printer port + 1, on 127.0.0.1 only) takes one command
per line: ``paper-out on|off``, ``near-end on|off``, ``cover-open on|off``,
``offline on|off``, ``error on|off``, ``garbage on|off``, ``stall SECONDS``,
``run-out-after LINES``, ``unplug``, ``plug-in``, ``unplug-after BYTES``,
``close-drawer``, ``status``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from hardware.virtual_printer.paper import Page
from hardware.virtual_printer.render import page_png
from hardware.virtual_printer.server import VirtualPrinter

FAULTS = {"paper-out": "paper_out", "near-end": "paper_near_end", "cover-open": "cover_open",
          "offline": "offline", "error": "error", "garbage": "garbage_status"}
PAPER_DOTS = {58: 384, 80: 576}


def control(printer: VirtualPrinter, line: str) -> str:
    """Carry out one control command; the reply starts with "ok" or "error"."""
    words = line.strip().split()
    if not words:
        return "error: empty command"
    cmd, args = words[0].lower(), words[1:]
    try:
        if cmd in FAULTS and args and args[0] in ("on", "off"):
            printer.set_fault(FAULTS[cmd], args[0] == "on")
        elif cmd == "stall" and args:
            printer.stall(float(args[0]))
        elif cmd == "run-out-after" and args:
            printer.run_out_of_paper_after(int(args[0]))
        elif cmd == "unplug":
            printer.unplug()
        elif cmd == "plug-in":
            printer.plug_in()
        elif cmd == "unplug-after" and args:
            printer.unplug_after(int(args[0]))
        elif cmd == "close-drawer":
            printer.close_drawer()
        elif cmd == "status":
            faults = printer.device.faults
            return "ok " + json.dumps({
                "faults": {k: getattr(faults, v) for k, v in FAULTS.items()},
                "stalled": printer.stalled, "receipts": len(printer.receipts()),
                "pages": len(printer.pages), "drawer_pulses": len(printer.pulses),
                "drawer_open": printer.device.drawer_open,
                "problems": [p.reason for p in printer.problems]})
        else:
            return f"error: unknown command “{line.strip()}”"
    except ValueError as exc:
        return f"error: {exc}"
    return "ok"


def _control_server(printer: VirtualPrinter, port: int, stop: threading.Event) -> None:
    with socket.create_server(("127.0.0.1", port)) as server:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn, conn.makefile("rw", encoding="utf-8", newline="\n") as stream:
                for line in stream:
                    stream.write(control(printer, line) + "\n")
                    stream.flush()


def _saver(out: Path, width: int) -> Callable[[Page], None]:
    numbers = itertools.count(1)

    def save(page: Page) -> None:
        stem = out / f"{next(numbers):04d}"
        stem.with_suffix(".txt").write_text(f"# ended by: {page.ended_by}\n{page.text()}",
                                            encoding="utf-8")
        stem.with_suffix(".png").write_bytes(page_png(page, width))
        print(f"printed {stem.with_suffix('.png')} ({page.ended_by})", flush=True)

    return save


def cmd_serve(args: argparse.Namespace) -> int:
    width = args.width_dots or PAPER_DOTS[args.paper]
    on_page = None
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        on_page = _saver(args.out, width)
    printer = VirtualPrinter(host=args.host, port=args.port, width_dots=width, on_page=on_page)
    printer.start()
    stop = threading.Event()
    control_port = args.control_port or printer.port + 1
    thread = threading.Thread(target=_control_server, args=(printer, control_port, stop), daemon=True)
    thread.start()
    print(f"virtual printer on {args.host}:{printer.port} ({width} dots); control on "
          f"127.0.0.1:{control_port}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.is_set():
            stop.wait(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        printer.stop()
        if args.out is not None:
            for index, job in enumerate(printer.jobs, start=1):
                (args.out / f"job-{index:04d}.bin").write_bytes(job)
    return 0


def cmd_ctl(args: argparse.Namespace) -> int:
    with socket.create_connection(("127.0.0.1", args.control_port), timeout=5) as sock, \
            sock.makefile("rw", encoding="utf-8", newline="\n") as stream:
        stream.write(" ".join(args.words) + "\n")
        stream.flush()
        reply = stream.readline().strip()
    print(reply)
    return 0 if reply.startswith("ok") else 1


def cmd_decode(args: argparse.Namespace) -> int:
    from hardware.virtual_printer import decode

    width = args.width_dots or PAPER_DOTS[args.paper]
    pages = decode(args.file.read_bytes(), width)
    for index, page in enumerate(pages, start=1):
        print(f"--- page {index} ({page.ended_by})")
        print(page.text(), end="")
        if args.png is not None:
            target = args.png if len(pages) == 1 else args.png.with_stem(f"{args.png.stem}-{index}")
            target.write_bytes(page_png(page, width))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m hardware.virtual_printer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    if argv[:1] == ["ctl"]:
        ctl = argparse.ArgumentParser(prog="python -m hardware.virtual_printer ctl")
        ctl.add_argument("--control-port", type=int, default=9101)
        ctl.add_argument("words", nargs="+")
        return cmd_ctl(ctl.parse_args(argv[1:]))
    if argv[:1] == ["decode"]:
        dec = argparse.ArgumentParser(prog="python -m hardware.virtual_printer decode")
        dec.add_argument("file", type=Path)
        dec.add_argument("--paper", type=int, choices=(58, 80), default=80)
        dec.add_argument("--width-dots", type=int, default=None)
        dec.add_argument("--png", type=Path, default=None)
        return cmd_decode(dec.parse_args(argv[1:]))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--paper", type=int, choices=(58, 80), default=80)
    parser.add_argument("--width-dots", type=int, default=None)
    parser.add_argument("--control-port", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None, help="folder for printed receipts")
    return cmd_serve(parser.parse_args(argv))


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
