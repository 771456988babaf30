"""Write the store's OpenAPI schema, the HTTP contract for dashboards and downstream services.

    python -m services.store.openapi          # rewrite services/store/openapi.json
    python -m services.store.openapi --check  # exit 1 if the checked-in file drifts from the app
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import cast

from services.store.documents import ClaimIndex
from services.store.http_api import create_app

OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"


def rendered() -> str:
    # The schema is a function of the routes only: no engine is opened to write it.
    app = create_app(cast(ClaimIndex, None))
    return json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n"


def drifted() -> bool:
    return not OPENAPI_FILE.exists() or OPENAPI_FILE.read_text(encoding="utf-8") != rendered()


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if drifted():
            print(f"{OPENAPI_FILE} is out of date: run `python -m services.store.openapi`", file=sys.stderr)
            return 1
        return 0
    OPENAPI_FILE.write_text(rendered(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
