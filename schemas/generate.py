"""Write the JSON Schema files that non-Python consumers validate against.

    python -m schemas.generate          # rewrite schemas/json/*.json
    python -m schemas.generate --check  # exit 1 if the checked-in files drift from the models
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas.topics import ALL_TOPICS

JSON_DIR = Path(__file__).resolve().parent / "json"


def rendered_schemas() -> dict[str, str]:
    files = {}
    for topic in ALL_TOPICS:
        schema = topic.model.model_json_schema(mode="serialization")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"urn:claimwire:schema:{topic.name}"
        files[f"{topic.name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return files


def drifted() -> list[str]:
    return [
        name
        for name, text in rendered_schemas().items()
        if not (JSON_DIR / name).exists() or (JSON_DIR / name).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = drifted()
        for name in stale:
            print(f"schemas/json/{name} is out of date: run `python -m schemas.generate`", file=sys.stderr)
        return 1 if stale else 0
    JSON_DIR.mkdir(exist_ok=True)
    for name, text in rendered_schemas().items():
        (JSON_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote schemas/json/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
