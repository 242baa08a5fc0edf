"""Run one benchmark by name and print its metrics as JSON lines."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import bench


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", choices=available(), help="which benchmark")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--replicas", type=int, nargs="+", metavar="N",
                        help="sync only: N serve replicas behind HAProxy (bench/sync_replicas.py)")
    args = parser.parse_args()
    module = importlib.import_module(f"bench.{args.name}")
    options = {"replicas": args.replicas} if args.replicas else {}
    if options and args.name != "sync":
        parser.error("--replicas goes with the sync benchmark only")
    for metric in module.run(quick=args.quick, **options):
        print(metric.to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
