"""Can the till's window open here? Checked BEFORE anything starts (head office, the
printer, the database), because Qt cannot be asked: on a machine without a screen, or
without the system libraries its xcb platform needs, it aborts the whole process
("Reinstalling the application may fix this problem") and nothing after it runs.

Linux only; elsewhere (and whenever ``QT_QPA_PLATFORM`` chooses the platform) nothing is
checked. The libraries are those PySide6 6.x's xcb platform plugin links, with the
Debian/Ubuntu package that brings each (docs/install-linux.md lists them too)."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# soname → Debian/Ubuntu package (bookworm, trixie, Ubuntu 22.04/24.04 spell them the same,
# except glib, which is not checked: every desktop has it).
QT_XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)  # the dynamic loader's own search, as Qt's will be
    except OSError:
        return False
    return True


def missing_packages(loads: Callable[[str], bool] = _loads) -> list[str]:
    """The packages to install for Qt's xcb platform, in the order listed above."""
    return [package for soname, package in QT_XCB_LIBRARIES.items() if not loads(soname)]


def window_problem(
    command: str,
    *,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    loads: Callable[[str], bool] = _loads,
) -> str | None:
    """Why ``bisama-terminal COMMAND`` cannot open a window here, in words that say what
    to do instead; None when it can (or when Qt is told which platform to use)."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "There is no screen on this computer (neither DISPLAY nor WAYLAND_DISPLAY is set), "
            f"so the till's window cannot open. Run `bisama-terminal {command} --offscreen` instead"
            + (" — the scripted story in this console." if command == "demo" else ".")
            + " On a desktop, run it from a terminal in the desktop session."
        )
    if env.get("WAYLAND_DISPLAY"):
        return None  # Qt's Wayland platform: none of the xcb libraries are needed
    missing = missing_packages(loads)
    if missing:
        return (
            "The till's window needs system libraries this computer does not have. Install them "
            f"(Debian/Ubuntu): sudo apt-get install -y {' '.join(missing)} — see "
            f"docs/install-linux.md. Or run `bisama-terminal {command} --offscreen`."
        )
    return None
