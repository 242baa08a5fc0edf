"""Where the till's resources (fonts, style sheet, translations, sample data) are, in a
source checkout, an installed wheel and the PyInstaller one-folder build (the search is
in ``shared.resources``)."""

from __future__ import annotations

from shared.resources import resource, resources_dir

__all__ = ["resource", "resources_dir"]
