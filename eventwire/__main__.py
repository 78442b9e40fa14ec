"""Run eventwire as `python -m eventwire`."""

import sys

from .cli import main

sys.exit(main())
