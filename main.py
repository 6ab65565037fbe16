"""Not Alone: run `python main.py --help` for the commands. The work is in game/cli.py."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
