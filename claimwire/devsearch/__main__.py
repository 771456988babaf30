"""``python -m claimwire.devsearch``: see :mod:`claimwire.devsearch.cli`."""

import sys

from claimwire.devsearch.cli import main

if __name__ == "__main__":
    sys.exit(main())
