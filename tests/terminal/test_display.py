"""Before a window is opened (and head office started), the till says when it cannot
open one here — no screen, or Qt's system libraries missing — and what to do instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from terminal.cli import main
from terminal.display import QT_XCB_LIBRARIES, window_problem

ROOT = Path(__file__).resolve().parents[2]


def _all(_soname: str) -> bool:
    return True


def test_no_screen_says_use_offscreen():
    words = window_problem("demo", env={}, platform="linux", loads=_all)
    assert words is not None
    assert "no screen" in words and "bisama-terminal demo --offscreen" in words


def test_a_screen_or_a_chosen_platform_or_another_os_is_fine():
    assert window_problem("run", env={"DISPLAY": ":0"}, platform="linux", loads=_all) is None
    assert window_problem("run", env={"WAYLAND_DISPLAY": "wayland-0"}, platform="linux",
                          loads=lambda _s: False) is None
    assert window_problem("run", env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux",
                          loads=lambda _s: False) is None
    assert window_problem("run", env={}, platform="win32", loads=lambda _s: False) is None


def test_missing_qt_libraries_are_named_as_packages():
    absent = {"libxcb-cursor.so.0", "libxkbcommon-x11.so.0"}
    words = window_problem("demo", env={"DISPLAY": ":0"}, platform="linux",
                           loads=lambda soname: soname not in absent)
    assert words is not None
    assert "sudo apt-get install -y libxcb-cursor0 libxkbcommon-x11-0 " in words
    assert "docs/install-linux.md" in words and "--offscreen" in words


def test_install_linux_lists_every_library_checked():
    doc = (ROOT / "docs" / "install-linux.md").read_text()
    readme = (ROOT / "README.md").read_text()
    for package in QT_XCB_LIBRARIES.values():
        assert package in doc, package
    assert "libxcb-cursor0" in readme and "docs/install-linux.md" in readme


@pytest.mark.parametrize("command", [["demo"], ["run"]])
def test_the_commands_stop_before_starting_anything(command, tmp_path, monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    home = tmp_path / "nothing-here"
    assert main(["--data-dir", str(home), *command]) == 1
    assert f"bisama-terminal {command[0]} --offscreen" in capsys.readouterr().err
    assert not home.exists()  # no till, no head office, no demo folder was made
