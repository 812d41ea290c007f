"""The JSON Schema of questionnaire files, generated from the pydantic model and committed.

Editors use it through each file's first line
``# yaml-language-server: $schema=schema/questionnaire.schema.json``.
Regenerate it with ``python -m questionnaires.schema`` after changing ``model.py``;
a test fails while the committed file is out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from questionnaires.model import Questionnaire

SCHEMA_PATH = Path(__file__).with_name("questionnaire.schema.json")
SCHEMA_COMMENT = "# yaml-language-server: $schema=schema/questionnaire.schema.json"


def generate() -> dict:
    """The schema as a dict: pydantic's validation schema, by alias (``in``, ``not``), with a draft id."""
    schema = Questionnaire.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://continuum.example/questionnaire.schema.json",
        **schema,
        "title": "Continuum questionnaire",
        "description": "A self-assessment questionnaire (see docs/questionnaire-format.md).",
    }


def render() -> str:
    return json.dumps(generate(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path
