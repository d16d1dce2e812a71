"""The JSON Schema files editors read, generated from the typed model (never edited by hand)."""

from __future__ import annotations

import json

from .model import playbook_json_schema
from .quiz_model import quiz_json_schema

SCHEMA_FILES = {
    "playbooks/schema.json": playbook_json_schema,
    "quizzes/schema.json": quiz_json_schema,
}


def render_schema_files() -> dict[str, str]:
    return {
        path: json.dumps(make(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for path, make in SCHEMA_FILES.items()
    }
