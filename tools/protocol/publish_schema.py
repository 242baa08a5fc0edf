"""Write the sync protocol's JSON Schema and the generated parts of its documentation.

Run after changing a payload, the envelope, or their descriptions and examples
(``shared/schema_notes.py``, ``shared/schema_examples.py``)::

    .venv/bin/python tools/protocol/publish_schema.py          # writes both files
    .venv/bin/python tools/protocol/publish_schema.py --check  # exit 1 if either is stale

It writes ``docs/sync-schema.json`` and the sections of ``docs/sync-protocol.md``
between ``<!-- generated:… -->`` markers (the payload tables and the malformed reasons);
``tests/shared/test_sync_schema.py`` fails until this has been run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shared.schema_doc import publish  # noqa: E402 - the checkout must be importable first

SCHEMA = ROOT / "docs" / "sync-schema.json"
DOC = ROOT / "docs" / "sync-protocol.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the files are current")
    args = parser.parse_args(argv)
    schema_text, doc_text, built = publish(DOC.read_text(encoding="utf-8"))
    if built.undocumented:
        sys.stderr.write("Fields without a description in shared/schema_notes.py: "
                         + ", ".join(built.undocumented) + "\n")
    stale = [path for path, text in ((SCHEMA, schema_text), (DOC, doc_text))
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            sys.stderr.write(f"{path.relative_to(ROOT)} is not what the code says; run {__file__}\n")
        return 1 if stale or built.undocumented else 0
    for path in stale:
        path.write_text(schema_text if path == SCHEMA else doc_text, encoding="utf-8")
        sys.stdout.write(f"wrote {path.relative_to(ROOT)}\n")
    return 1 if built.undocumented else 0


if __name__ == "__main__":
    raise SystemExit(main())
