"""A plain ``pip install`` must give a till that can start: the wheel carries the
resources (style sheet, fonts, translations, sample data, the example hardware.toml) and
the program finds them there; the extras keep PySide6 out of a head-office install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Built from a copy: setuptools leaves build/ and *.egg-info beside the sources.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("shared", "terminal", "sync_server", "hardware", "bench", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(out)],
        capture_output=True, text=True, check=False, cwd=out,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    [built] = out.glob("bisama_pos-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_every_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts]
    assert "style/till.qss" in shipped and "testdata/catalogue_sample.csv" in shipped
    missing = [p for p in shipped if f"bisama_resources/{p}" not in names]
    assert missing == []
    # The head office's and the till's own data files too (templates, migrations, static files).
    assert any(n.startswith("sync_server/migrations/versions/") for n in names)
    assert any(n.endswith(".html") for n in names)


@pytest.mark.slow
def test_an_installed_wheel_finds_its_resources(wheel, tmp_path):
    """Unpacked away from the source checkout, the till finds its style sheet and sample
    data inside the installed package."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from terminal.ui.resources import resource, resources_dir\n"
        "print(resources_dir())\n"
        "assert resource('style', 'till.qss').is_file()\n"
        "assert resource('testdata', 'catalogue_sample.csv').is_file()\n"
        "assert resource('fonts', 'DejaVuSans.ttf').is_file()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n" + probe],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(site / "bisama_resources")


def test_a_head_office_install_does_not_pull_qt():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]

    def names(requirements: list[str]) -> set[str]:
        return {r.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
                for r in requirements}

    assert not any(n.startswith("pyside6") for n in names(project["dependencies"]) | names(extras["server"]))
    assert "pyside6-essentials" in names(extras["till"])
    assert {"fastapi", "sqlalchemy", "uvicorn"} <= names(extras["server"])
    assert {"python-escpos", "pyusb", "keyring"} <= names(extras["till"])
    assert "bisama-pos" in names(extras["test"])  # the test extra installs till and server


def test_the_programs_say_which_extra_is_missing():
    """Without the till's packages, ``bisama-terminal`` names the extra instead of a traceback."""
    probe = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"   # as if PySide6 were not installed
        "sys.modules['httpx'] = None\n"
        "sys.modules['sqlite_utils'] = None\n"
        "sys.modules['sqlalchemy'] = None\n"
        "from terminal.launch import main as till\n"
        "from sync_server.launch import main as server\n"
        "sys.argv = ['x', '--help']\n"
        "assert till() == 1 and server() == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "pip install 'bisama-pos[till]'" in done.stderr
    assert "pip install 'bisama-pos[server]'" in done.stderr


@pytest.mark.slow
@pytest.mark.gui
def test_the_installed_wheel_sells_through_its_screens(wheel, tmp_path):
    """``pip install`` of the wheel in a fresh venv (its dependencies borrowed from this
    one, not downloaded), then the installed ``bisama-terminal selftest``: the real
    screens with the shipped style sheet and sample data sell one item, away from the
    source checkout."""
    import sysconfig
    import venv

    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    bindir = fresh / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The dependencies: this venv's site-packages, AFTER the fresh one's (the wheel wins).
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                           "--no-index", "-q", str(wheel)], capture_output=True, text=True, check=False)
    if done.returncode != 0 and "no such option: --python" in done.stderr:
        pytest.skip("this pip cannot install into another environment (pip >= 22.3 can)")
    assert done.returncode == 0, done.stderr[-3000:]
    assert (site / "bisama_resources" / "style" / "till.qss").is_file()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BISAMA_KEY_STORE": "file",
           "BISAMA_KEY_PASSPHRASE": "wheel", "BISAMA_TERMINAL_HOME": str(tmp_path / "till")}
    env.pop("PYTHONPATH", None)
    ran = subprocess.run([str(bindir / "bisama-terminal"), "selftest", "--offscreen"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=300, check=False)
    assert ran.returncode == 0, ran.stdout[-2000:] + ran.stderr[-2000:]
    probe = "import terminal; from terminal.ui.resources import resources_dir; print(terminal.__file__); print(resources_dir())"
    where = subprocess.run([str(python), "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True,
                           check=True).stdout.split()
    assert where == [str(site / "terminal" / "__init__.py"), str(site / "bisama_resources")]  # not the checkout
