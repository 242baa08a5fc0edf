"""``python -m hardware``: see ``hardware.cli``."""

import sys

from hardware.cli import main

sys.exit(main())
