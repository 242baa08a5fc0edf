"""An export folder on disk, for the verifier (``verify.Folder``). The one module of
``shared`` that reads files (tests/test_layout.py names it): the checks themselves stay
pure, and an auditor's verifier has to open the folder it is given."""

from __future__ import annotations

from pathlib import Path


class DiskFolder:
    def __init__(self, path: str) -> None:
        self._root = Path(path)

    def names(self) -> list[str]:
        return [p.relative_to(self._root).as_posix() for p in self._root.rglob("*") if p.is_file()]

    def read(self, name: str) -> bytes | None:
        path = self._root / name
        return path.read_bytes() if path.is_file() else None
