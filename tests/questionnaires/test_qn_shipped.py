"""Every shipped questionnaire loads without error, points editors at the schema, and the schema is current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from continuum.paths import QUESTIONNAIRE_DIR
from questionnaires.loader import NOT_QUESTIONNAIRES, validate_questionnaire
from questionnaires.schema import SCHEMA_PATH, generate, render

SHIPPED = sorted(p for p in QUESTIONNAIRE_DIR.glob("*.yaml") if p.name not in NOT_QUESTIONNAIRES)
EXAMPLES = sorted((QUESTIONNAIRE_DIR / "examples").glob("*.yaml"))
FILES = SHIPPED + EXAMPLES


def _id(path: Path) -> str:
    return str(path.relative_to(QUESTIONNAIRE_DIR))


@pytest.mark.parametrize("path", FILES, ids=[_id(p) for p in FILES])
def test_questionnaire_loads_without_error(path):
    result = validate_questionnaire(path)
    assert result.errors == [], "\n".join(str(p) for p in result.errors)
    assert result.questionnaire is not None


@pytest.mark.parametrize("path", FILES, ids=[_id(p) for p in FILES])
def test_first_line_points_at_the_committed_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path.name} must start with {prefix}<relative path to the schema>"
    assert (path.parent / first.removeprefix(prefix)).resolve() == SCHEMA_PATH.resolve()


@pytest.mark.parametrize("path", FILES, ids=[_id(p) for p in FILES])
def test_the_json_schema_accepts_the_questionnaire(path):
    """Editors check files against the schema: it must not refuse what the loader accepts."""
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), generate())


def test_committed_schema_is_up_to_date():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "questionnaires/schema/questionnaire.schema.json is out of date: run python -m questionnaires.schema"
    )


def test_the_schema_refuses_an_unknown_key():
    data = yaml.safe_load((QUESTIONNAIRE_DIR / "examples" / "minimal.yaml").read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["kind"] = "pratice"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
