#!/usr/bin/env bash
# Install emupos, the independent ESC/POS decoder the golden receipts are checked against,
# into its own virtual environment (it needs Python >= 3.13 and is not a dependency of
# Bisama POS). Usage: tools/receipts/install_emupos.sh [TARGET_DIR]
# Prints the environment's python on success.
set -euo pipefail
target=${1:-"$HOME/.cache/bisama/emupos-venv"}
version=0.4.0
find_python() {
  for candidate in python3.14 python3.13 /root/.pyenv/versions/3.14*/bin/python /root/.pyenv/versions/3.13*/bin/python; do
    if command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ]; then
      if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else 1)' 2>/dev/null; then
        echo "$candidate"; return 0
      fi
    fi
  done
  return 1
}
if [ -x "$target/bin/python" ] && "$target/bin/python" -c "import emupos, importlib.metadata as m; assert m.version('emupos') == '$version'" 2>/dev/null; then
  echo "$target/bin/python"; exit 0
fi
python=$(find_python) || { echo "no Python >= 3.13 found for emupos" >&2; exit 1; }
"$python" -m venv "$target" >&2
"$target/bin/pip" install --disable-pip-version-check -q "emupos==$version" >&2
echo "$target/bin/python"
