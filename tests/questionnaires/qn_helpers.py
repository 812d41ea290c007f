"""Helpers for questionnaire tests: inline YAML blocks, the `# <-` line marker, one assertion per concept."""

from __future__ import annotations

import textwrap

from continuum.problems import Problem
from questionnaires.loader import ValidationResult, problem_line, validate_questionnaire_text

MARK = "# <-"

HEADER = """\
id: test
version: "1.0"
title: {fr: Test, en: Test}
matrix:
  degrees:
    - {id: information, label: {fr: Information, en: Information}}
    - {id: partnership, label: {fr: Partenariat, en: Partnership}}
  levels:
    - {id: care, label: {fr: Soins, en: Care}}"""

SCALES = """\
scales:
  - id: status
    role: status
    options:
      - {code: not_in_place, meaning: not_in_place, label: {fr: Pas en place, en: Not in place}}
      - {code: being_set_up, meaning: being_set_up, label: {fr: En cours, en: Being set up}}
      - {code: in_place, meaning: in_place, label: {fr: En place, en: In place}}
      - {code: evaluated, meaning: evaluated, label: {fr: Évalué, en: Evaluated}}
  - id: extent
    role: extent
    options:
      - {code: pilot, meaning: pilot, label: {fr: Pilote, en: Pilot}}
      - {code: whole, meaning: beyond_pilot, label: {fr: Partout, en: Everywhere}}
  - id: priority
    role: priority
    options:
      - {code: high, rank: 1, label: {fr: Haute, en: High}}
      - {code: low, rank: 2, label: {fr: Basse, en: Low}}
  - id: yes_no
    options:
      - {code: "yes", meaning: "yes", label: {fr: Oui, en: "Yes"}}
      - {code: "no", meaning: "no", label: {fr: Non, en: "No"}}"""

# Two practices covering both cells: a questionnaire with no error and no warning.
VALID_SECTIONS = """\
sections:
  - id: care
    title: {fr: Soins, en: Care}
    items:
      - id: leaflet
        kind: practice
        cells: [{level: care, degree: information}]
        text: {fr: Un livret d'accueil, en: A welcome booklet}
      - id: co_led
        kind: practice
        cells: [{level: care, degree: partnership}]
        text: {fr: Un comité co-animé, en: A co-led committee}"""


def compose(text: str) -> str:
    """Dedent ``text`` and expand the $HEADER, $SCALES and $SECTIONS blocks."""
    text = textwrap.dedent(text).lstrip("\n")
    return text.replace("$HEADER", HEADER).replace("$SCALES", SCALES).replace("$SECTIONS", VALID_SECTIONS)


def marked_line(text: str) -> int:
    """The 1-based line carrying the `# <-` marker: where the problem must be reported."""
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if MARK in line]
    assert len(lines) == 1, f"expected one '{MARK}' marker, found {len(lines)}"
    return lines[0]


def validate(text: str, filename: str = "test.yaml") -> ValidationResult:
    return validate_questionnaire_text(compose(text), filename)


def describe(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems) or "(no problem)"


def assert_problem(result: ValidationResult, code: str, line: int) -> Problem:
    """The result reports ``code`` at ``line``; returns that problem."""
    found = [p for p in result.problems if p.code == code and problem_line(p) == line]
    assert found, f"expected [{code}] at line {line}; got:\n{describe(result.problems)}"
    return found[0]


def assert_clean(result: ValidationResult) -> None:
    assert not result.problems, describe(result.problems)
    assert result.questionnaire is not None
