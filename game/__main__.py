"""`python -m game` is the same as `python main.py`."""

import sys

from .cli import main

sys.exit(main())
