"""Till hardware: ESC/POS receipt printers through python-escpos, receipt layout, cash
drawer, scanners, customer displays, and a virtual printer for the demo and tests."""

import importlib.util
import os
import pickle
import platform
import tempfile
from pathlib import Path


def _escpos_cache_dir() -> None:
    # python-escpos 3.1 pickles its printer database into a *new* temporary directory
    # on every import unless told where to keep it, and never removes it: a till would
    # leave one behind at every start. Give it one lasting cache folder instead.
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    target = Path(base) / "bisama" / "escpos"
    try:
        target.mkdir(parents=True, exist_ok=True)
        _prime_escpos_pickle(target)
    except OSError:
        return  # escpos falls back to its temporary directory
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(target)


def _prime_escpos_pickle(target: Path) -> None:
    # python-escpos writes its pickle in place (open "wb", then dump). With one shared
    # folder, a second process starting at the same moment (the till and its print
    # worker, or test workers) finds the file already there but still empty and dies
    # with "EOFError: Ran out of input". So we write the pickle ourselves, whole, under
    # a temporary name, and rename it into place: readers see no file or a whole one.
    spec = importlib.util.find_spec("escpos")
    if spec is None or spec.origin is None:
        return
    source = Path(spec.origin).parent / "capabilities.json"
    dest = target / f"{platform.python_version()}.capabilities.pickle"
    try:
        st = dest.stat()
        if st.st_size > 0 and st.st_mtime >= source.stat().st_mtime:
            return
    except FileNotFoundError:
        pass
    import yaml  # type: ignore[import-untyped]  # escpos reads its database with yaml.safe_load; we match it

    with source.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not data:
        return  # a broken escpos install: let escpos report it its own way
    fd, tmp = tempfile.mkstemp(dir=target, prefix=".capabilities-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            pickle.dump(data, out, protocol=2)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_escpos_cache_dir()
