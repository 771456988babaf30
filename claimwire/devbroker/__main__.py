"""``python -m claimwire.devbroker [--data-dir DIR]``: see :mod:`claimwire.devbroker.cli`."""

import sys

from claimwire.devbroker.cli import main

if __name__ == "__main__":
    sys.exit(main())
