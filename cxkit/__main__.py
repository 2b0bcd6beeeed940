"""``python -m cxkit``: the same as the ``cxkit`` command."""

import sys

from .command_line import main

sys.exit(main())
