"""Helpers for the scoring tests: questionnaires from inline YAML, frames from a few words per answer."""

from __future__ import annotations

import textwrap

import pandas as pd
import yaml

from questionnaires.model import Questionnaire

SCALES = """
scales:
  - id: status
    role: status
    options:
      - {code: not_in_place, meaning: not_in_place, label: {fr: Pas en place}}
      - {code: being_set_up, meaning: being_set_up, label: {fr: En cours}}
      - {code: in_place, meaning: in_place, label: {fr: En place}}
      - {code: evaluated, meaning: evaluated, label: {fr: En place et évalué}}
  - id: extent
    role: extent
    options:
      - {code: pilot, meaning: pilot, label: {fr: Pilote}}
      - {code: several_services, meaning: beyond_pilot, label: {fr: Plusieurs services}}
      - {code: whole, meaning: beyond_pilot, label: {fr: Tout l'établissement}}
  - id: priority
    role: priority
    options:
      - {code: high, rank: 1, label: {fr: Haute}}
      - {code: medium, rank: 2, label: {fr: Moyenne}}
      - {code: low, rank: 3, label: {fr: Basse}}
"""

MATRIX = """
matrix:
  degrees:
    - {id: information, label: {fr: Information, en: Information}}
    - {id: consultation, label: {fr: Consultation, en: Consultation}}
    - {id: collaboration, label: {fr: Collaboration, en: Collaboration}}
    - {id: partnership, label: {fr: Partenariat, en: Partnership}}
  levels:
    - {id: care, label: {fr: Soins, en: Care}}
    - id: organisation
      label: {fr: Organisation, en: Organisation}
    - id: research
      label: {fr: Recherche, en: Research}
      optional_for: {categories: [ehpad]}
"""


def questionnaire(body: str, *, matrix: str = MATRIX, scales: str = SCALES, qid: str = "matrix-test",
                  version: str = "1.0") -> Questionnaire:
    """A questionnaire from inline YAML: ``body`` holds ``sections`` (and optionally ``scoring``)."""
    text = f"id: {qid}\nversion: '{version}'\ntitle: {{fr: Test}}\n" + textwrap.dedent(matrix) + \
        textwrap.dedent(scales) + textwrap.dedent(body)
    return Questionnaire.model_validate(yaml.safe_load(text))


def practices(*specs: str, core_all: bool = False) -> str:
    """Sections YAML for practices given as 'id level/degree[,level/degree...]'."""
    lines = ["sections:", "  - id: s", "    title: {fr: S}", "    items:"]
    for spec in specs:
        item_id, cells = spec.split()
        refs = ", ".join(f"{{level: {c.split('/')[0]}, degree: {c.split('/')[1]}}}" for c in cells.split(","))
        lines.append(f"      - {{id: {item_id}, kind: practice, core: {str(core_all).lower()}, "
                     f"cells: [{refs}], text: {{fr: {item_id}}}}}")
    return "\n".join(lines) + "\n"


RESPONSE_DEFAULTS = dict(establishment="", legal_entity="", campaign_id="c1", wave=1, questionnaire_id="matrix-test",
                         questionnaire_version="1.0", category="ch", legal_status="public", sector="health",
                         region="52", groupings="", size=float("nan"), co_filled=False, status="submitted",
                         version_choice="extended")
ANSWER_DEFAULTS = dict(entry=-1, respondent="", respondent_role="", flag="", status="", extent="", priority="",
                       value="", choices="", number=float("nan"), na_reason="", comment="")


def responses(*rows: dict) -> pd.DataFrame:
    out = []
    for k, row in enumerate(rows):
        full = {**RESPONSE_DEFAULTS, **row}
        full.setdefault("response_id", f"r{k + 1}")
        full["establishment"] = full["establishment"] or f"E{full['response_id']}"
        out.append(full)
    return pd.DataFrame(out)


def answers(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame([{**ANSWER_DEFAULTS, **row} for row in rows], columns=["response_id", "item_id",
                                                                                 *ANSWER_DEFAULTS])
    return frame.astype({"entry": "int64", "number": "float64"})


def practice(response_id: str, item_id: str, status: str, extent: str = "", priority: str = "", **kw) -> dict:
    """One practice answer: 'in_place' gets extent 'whole' unless told otherwise."""
    if status in ("in_place", "evaluated") and not extent:
        extent = "whole"
    return dict(response_id=response_id, item_id=item_id, status=status, extent=extent, priority=priority, **kw)


def cell(result, response_id: str, level: str, degree: str) -> pd.Series:
    cs = result.cell_states
    rows = cs[(cs["response_id"] == response_id) & (cs["level"] == level) & (cs["degree"] == degree)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def level(result, response_id: str, level_id: str) -> pd.Series:
    lp = result.level_profile
    return lp[(lp["response_id"] == response_id) & (lp["level"] == level_id)].iloc[0]


INVENTORY = """
id: inventory-test
version: '1.0'
title: {fr: Inventaire}
matrix:
  degrees:
    - {id: information, label: {fr: Information, en: Information}}
    - {id: consultation, label: {fr: Consultation, en: Consultation}}
    - {id: collaboration, label: {fr: Collaboration, en: Collaboration}}
    - {id: partnership, label: {fr: Partenariat, en: Partnership}}
  levels:
    - {id: care, label: {fr: Soins}}
    - {id: organisation, label: {fr: Organisation}}
    - {id: research, label: {fr: Recherche}}
scales:
  - id: domains
    options:
      - {code: care, level: care, label: {fr: Soins}}
      - {code: organisation, level: organisation, label: {fr: Organisation}}
  - id: degrees
    options:
      - {code: information, degree: information, label: {fr: Information}}
      - {code: consultation, degree: consultation, label: {fr: Consultation}}
      - {code: collaboration, degree: collaboration, label: {fr: Collaboration}}
      - {code: partnership, degree: partnership, label: {fr: Partenariat}}
  - id: yes_no
    options:
      - {code: "yes", meaning: "yes", label: {fr: Oui}}
      - {code: "no", meaning: "no", label: {fr: Non}}
sections:
  - id: s
    title: {fr: Démarches}
    items:
      - id: initiatives
        kind: group
        text: {fr: Démarches}
        items:
          - {id: domain, kind: single_choice, scale: domains, text: {fr: Domaine}}
          - {id: declared, kind: single_choice, scale: degrees, text: {fr: Degré déclaré}}
          - {id: chose_question, kind: single_choice, scale: yes_no, text: {fr: Les patients ont choisi la question}}
          - {id: co_led, kind: single_choice, scale: yes_no, text: {fr: Co-pilotée avec des patients}}
          - {id: consulted, kind: single_choice, scale: yes_no, text: {fr: Patients consultés}}
          - {id: paid, kind: single_choice, scale: yes_no, text: {fr: Patients rémunérés}}
scoring:
  derivation:
    group: initiatives
    level_item: domain
    declared_item: declared
    rules:
      - degree: partnership
        when: {all: [{item: chose_question, equals: "yes"}, {item: co_led, equals: "yes"}]}
      - {degree: collaboration, when: {item: co_led, equals: "yes"}}
      - {degree: consultation, when: {item: consulted, equals: "yes"}}
      - {degree: information}
    conditions_items: [paid]
"""


def inventory() -> Questionnaire:
    return Questionnaire.model_validate(yaml.safe_load(INVENTORY))


def initiative(response_id: str, entry: int, **answers_by_item: str) -> list[dict]:
    """The answer rows of one initiative (one entry of the inventory group)."""
    return [dict(response_id=response_id, item_id=item, entry=entry, value=value)
            for item, value in answers_by_item.items()]
