"""``python -m tools.fake_gra [--port N] [--key KEY=TIN]``: run the fake GRA E-VAT server
in the foreground (for trying the outbox by hand; docs/evat.md)."""

from __future__ import annotations

import argparse
import time

from tools.fake_gra import FakeGra


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.fake_gra")
    parser.add_argument("--port", type=int, default=8299)
    parser.add_argument("--key", action="append", default=[], metavar="KEY=TIN",
                        help="a security key and the company TIN it belongs to")
    args = parser.parse_args()
    keys = dict(k.split("=", 1) for k in args.key) or None
    fake = FakeGra(keys, port=args.port).start()
    print(f"fake GRA E-VAT listening on {fake.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
