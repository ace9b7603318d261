"""``python -m orgroles``: the same as the ``orgroles`` command."""

import sys

from orgroles.cli import main

sys.exit(main())
