from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # samples.py is shared with bench/extract_speed.py
    sys.path.insert(0, str(HERE))
