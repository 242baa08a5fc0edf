"""Build glue pyproject.toml cannot say: the packages, plus the top-level ``resources/``
folder (style sheet, fonts, translations, sample data, the example hardware.toml) shipped
in the wheel as the package ``bisama_resources``, so a plain ``pip install`` gives a till
that can start. Everything else about the project is in pyproject.toml."""

from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
RESOURCE_PACKAGES = ["bisama_resources"] + [
    "bisama_resources." + ".".join(d.relative_to(HERE / "resources").parts)
    for d in sorted((HERE / "resources").rglob("*"))
    if d.is_dir() and d.name != "__pycache__"
]

setup(
    packages=find_namespace_packages(
        include=["shared*", "terminal*", "sync_server*", "hardware*", "bench*"]
    )
    + RESOURCE_PACKAGES,
    package_dir={"bisama_resources": "resources"},
)
