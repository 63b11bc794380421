"""``python -m stretchtimer``."""

import sys

from stretchtimer.cli import main

sys.exit(main())
