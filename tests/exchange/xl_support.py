"""A small world for spreadsheet tests: an inline questionnaire with every item kind, two sites, an open campaign."""

from __future__ import annotations

import io
import textwrap

from openpyxl import load_workbook

from exchange.layout import Layout
from exchange.texts import SHEET_ANSWERS, SHEET_IDENTITY

XL_QUESTIONNAIRE = textwrap.dedent("""\
    id: xl-mini
    version: "1.0"
    title: {fr: Mini tableur, en: Mini spreadsheet}
    matrix:
      degrees: [{id: information, label: {fr: Information}}, {id: consultation, label: {fr: Consultation}}]
      levels: [{id: care, label: {fr: Soins}}, {id: organisation, label: {fr: Organisation}}]
    scales:
      - id: status
        role: status
        options:
          - {code: not_in_place, meaning: not_in_place, label: {fr: Pas en place, en: Not in place}}
          - {code: being_set_up, meaning: being_set_up, label: {fr: En cours, en: Being set up}}
          - {code: in_place, meaning: in_place, label: {fr: En place, en: In place}}
          - {code: evaluated, meaning: evaluated, label: {fr: En place et évalué, en: In place and evaluated}}
      - id: extent
        role: extent
        options:
          - {code: pilot, meaning: pilot, label: {fr: Pilote, en: Pilot}}
          - {code: whole, meaning: beyond_pilot, label: {fr: Tout l'établissement, en: Whole establishment}}
      - id: priority
        role: priority
        options:
          - {code: high, rank: 1, label: {fr: Haute, en: High}}
          - {code: low, rank: 2, label: {fr: Basse, en: Low}}
      - id: yes_no
        options:
          - {code: "yes", meaning: "yes", label: {fr: Oui, en: "Yes"}}
          - {code: "no", meaning: "no", label: {fr: Non, en: "No"}}
      - id: who
        options:
          - {code: patients, label: {fr: Patients, en: Patients}}
          - {code: relatives, label: {fr: Proches, en: Relatives}}
          - {code: ru, label: {fr: Représentants des usagers, en: User representatives}}
    sections:
      - id: care
        title: {fr: Soins, en: Care}
        items:
          - id: care.leaflet
            kind: practice
            core: true
            cells: [{level: care, degree: information}]
            text:
              fr: Un livret d'accueil explique ses droits au patient.
              medico_social: {fr: Un livret d'accueil explique ses droits au résident.}
          - id: care.asked
            kind: practice
            cells: [{level: care, degree: consultation}]
            when: {item: care.leaflet, in: [in_place, evaluated]}
            text: {fr: On demande au patient ce qui compte pour lui.}
          - id: org.info
            kind: practice
            cells: [{level: organisation, degree: information}]
            text: {fr: Les usagers reçoivent les comptes rendus de la CDU.}
          - id: org.who
            kind: multiple_choice
            scale: who
            text: {fr: "Qui siège au comité qualité ?"}
          - id: org.paid
            kind: single_choice
            scale: yes_no
            text: {fr: "Les patients partenaires sont-ils rémunérés ?"}
          - id: org.partners
            kind: number
            min: 0
            max: 500
            integer: true
            text: {fr: Nombre de patients partenaires}
          - id: org.note
            kind: text
            required: false
            max_length: 200
            text: {fr: Remarque libre}
      - id: inventory
        title: {fr: Démarches}
        items:
          - id: initiatives
            kind: group
            required: false
            text: {fr: Démarches}
            items:
              - {id: initiative.title, kind: text, max_length: 100, text: {fr: Intitulé}}
              - {id: initiative.users, kind: multiple_choice, scale: who, required: false, text: {fr: Usagers}}
              - {id: initiative.co_led, kind: single_choice, scale: yes_no, text: {fr: "Copilotée ?"}}
""")

OTHER_QUESTIONNAIRE = textwrap.dedent("""\
    id: xl-other
    version: "2.0"
    title: {fr: Autre}
    matrix:
      degrees: [{id: information, label: {fr: Information}}]
      levels: [{id: care, label: {fr: Soins}}]
    scales:
      - id: yes_no
        options:
          - {code: "yes", label: {fr: Oui}}
          - {code: "no", label: {fr: Non}}
    sections:
      - id: s
        title: {fr: S}
        items:
          - {id: other.q, kind: single_choice, scale: yes_no, text: {fr: Question}}
""")

# A repeatable group with entry limits: at least one team, at most three (the template draws three rows).
LIMITS_QUESTIONNAIRE = textwrap.dedent("""\
    id: xl-limits
    version: "1.0"
    title: {fr: Équipes, en: Teams}
    matrix:
      degrees: [{id: information, label: {fr: Information}}]
      levels: [{id: care, label: {fr: Soins}}]
    scales:
      - id: yes_no
        options:
          - {code: "yes", label: {fr: Oui, en: "Yes"}}
          - {code: "no", label: {fr: Non, en: "No"}}
    sections:
      - id: s
        title: {fr: Équipes, en: Teams}
        items:
          - {id: teams.paid, kind: single_choice, scale: yes_no, text: {fr: "Les usagers sont-ils rémunérés ?"}}
          - id: teams
            kind: group
            min_entries: 1
            max_entries: 3
            text: {fr: Équipes avec des usagers}
            items:
              - {id: team.name, kind: text, max_length: 80, text: {fr: Nom de l'équipe}}
              - {id: team.users, kind: single_choice, scale: yes_no, required: false, text: {fr: "Avec des usagers ?"}}
""")

# A complete, valid set of answers: item id -> column key -> cell text, as a person would pick them.
GOOD_ANSWERS = {
    "care.leaflet": {"status": "En place", "extent": "Tout l'établissement", "comment": "=HYPERLINK(\"x\")"},
    "care.asked": {"status": "Pas en place", "priority": "Haute"},
    "org.info": {"flag": "Non applicable", "na_reason": "Pas de CDU dans ce service"},
    "org.who": {"mc:who:patients": "Oui", "mc:who:relatives": "Non", "mc:who:ru": "Oui"},
    "org.paid": {"value": "Non"},
    "org.partners": {"value": 4},
    "org.note": {"value": "-2 lits fermés; @équipe +1"},
}
GOOD_ENTRIES = [
    {"initiative.title": "Livret co-écrit", "initiative.users:patients": "Oui", "initiative.co_led": "Oui"},
    {"initiative.title": "=Enquête de sortie", "initiative.co_led": "Non"},
]


def fill(template: bytes, layout: Layout, answers: dict, entries: list[dict] | None = None,
         finess: str | None = None, edit=None) -> bytes:
    """Fill a template with openpyxl as a person would, then apply ``edit(wb)`` for a bad-file case."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb[SHEET_ANSWERS]
    rows = {r.item.id: r.number for r in layout.rows}
    for item_id, cells in answers.items():
        for key, value in cells.items():
            ws[f"{layout.column_letter(key)}{rows[item_id]}"].value = value
            ws[f"{layout.column_letter(key)}{rows[item_id]}"].data_type = "n" if isinstance(value, (int, float)) else "s"
    if finess is not None:
        wb[SHEET_IDENTITY]["B2"].value = finess
    for group in layout.groups:
        gws = wb[group.name]
        letters = {c.key: i for i, c in enumerate(group.columns, start=2)}
        for n, entry in enumerate(entries or []):
            for key, value in entry.items():
                cell = gws.cell(row=group.first_row + n, column=letters[key])
                cell.value = value
                cell.data_type = "s"
    if edit is not None:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
