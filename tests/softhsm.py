"""A SoftHSM2 token for the PKCS#11 signer's tests (terminal/pkcs11_signer.py).

SoftHSM2 comes from Debian (``apt-get install softhsm2``; ``.ci/run`` installs it): its
absence fails the tests under ``BISAMA_REQUIRE_SERVICES=1`` (CI) and skips them
elsewhere. SoftHSM reads its configuration once per process, so one token is made per
test process (``SOFTHSM2_CONF`` pointing at a private folder) and each test uses its own
key label on it."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")
REQUIRED = os.environ.get("BISAMA_REQUIRE_SERVICES") == "1"
LABEL = "bisama-test"
PIN = "246813"


@dataclass(frozen=True)
class Token:
    module: str
    label: str
    pin_file: Path


def _missing(message: str) -> None:
    message += " (Debian: apt-get install softhsm2); .ci/run installs it"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


_MADE: list[Token] = []


def make_token(folder: Path) -> Token:
    """The process's token (made in ``folder`` on the first call)."""
    if _MADE:
        return _MADE[0]
    util = shutil.which("softhsm2-util")
    module = next((m for m in MODULES if Path(m).exists()), None)
    if util is None or module is None:
        _missing("SoftHSM2 is not installed")
    assert util is not None and module is not None
    try:
        import pkcs11  # noqa: F401 - python-pkcs11, a dependency of the till
    except ImportError:
        _missing("python-pkcs11 is not installed")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n", encoding="utf-8")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # before the library's first use in this process
    subprocess.run([util, "--init-token", "--free", "--label", LABEL, "--pin", PIN,
                    "--so-pin", "135792"], check=True, capture_output=True, env=os.environ.copy())
    pin_file = folder / "pin"
    pin_file.write_text(PIN + "\n", encoding="utf-8")
    pin_file.chmod(0o600)
    _MADE.append(Token(module, LABEL, pin_file))
    return _MADE[0]
