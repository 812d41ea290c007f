"""Broken questionnaires, written inline: each reports its catalogue code at the line marked `# <-`."""

from __future__ import annotations

import pytest

from qn_helpers import assert_problem, compose, marked_line, validate
from questionnaires.errors import CATALOGUE
from questionnaires.loader import validate_questionnaire

# (code, yaml): $HEADER, $SCALES and $SECTIONS expand to valid blocks (qn_helpers).
CASES: list[tuple[str, str]] = [
    ("yaml-syntax", """
        id: test
        title: {fr: Test   # <-
        """),
    ("not-a-mapping", """
        - id: test   # <-
        - version: "1.0"
        """),
    ("not-a-mapping", """
        just a sentence   # <-
        """),
    ("not-a-mapping", """
        # <- only a comment: an empty file
        """),
    ("duplicate-key", """
        $HEADER
        $SCALES
        $SECTIONS
        version: "2.0"   # <-
        """),
    ("unknown-key", """
        $HEADER
        $SCALES
        $SECTIONS
        glosary: []   # <-
        """),
    ("unknown-key", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                cells: [{level: care, degree: information}]
                text: {fr: Livret, en: Booklet}
                when: {item: x, equals: a, inn: [b]}   # <-
        """),
    ("missing-key", """
        $HEADER
        $SCALES
        sections:
          - id: care   # <-
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
        """),
    ("missing-fr-text", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                text: {en: Booklet}   # <-
        """),
    ("missing-fr-text", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: "", en: Care}   # <-
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
        """),
    ("wrong-type", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: Soins   # <-
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
        """),
    ("wrong-type", """
        $HEADER
        scales:
          - id: yes_no
            options:
              - {code: yes, label: {fr: Oui}}   # <-
        $SECTIONS
        """),
    ("bad-value", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: pratice   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("bad-value", """
        $HEADER
        $SCALES
        $SECTIONS
        scoring:
          cell_states: {established_min_share: 120}   # <-
        """),
    ("bad-id", """
        $HEADER
        $SCALES
        sections:
          - id: Care Section   # <-
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
        """),
    ("bad-version", """
        id: test
        version: 1.0   # <-
        title: {fr: Test, en: Test}
        """),
    ("duplicate-id", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
              - {id: leaflet, kind: practice, text: {fr: Livret 2, en: Booklet 2}}   # <-
        """),
    ("duplicate-id", """
        $HEADER
        $SCALES
        $SECTIONS
          - id: care   # <-
            title: {fr: Soins bis, en: Care again}
            items:
              - {id: other, kind: practice, text: {fr: Autre, en: Other}}
        """),
    ("duplicate-id", """
        $HEADER
        $SCALES
          - id: status   # <-
            role: choice
            options: [{code: a, label: {fr: A, en: A}}]
        $SECTIONS
        """),
    ("duplicate-id", """
        $HEADER
        $SCALES
          - id: three
            options:
              - {code: a, label: {fr: A, en: A}}
              - {code: a, label: {fr: A bis, en: A again}}   # <-
        $SECTIONS
        """),
    ("duplicate-id", """
        $HEADER
            - {id: care, label: {fr: Soins encore, en: Care again}}   # <-
        $SCALES
        $SECTIONS
        """),
    ("duplicate-id", """
        id: test
        version: "1.0"
        title: {fr: Test, en: Test}
        matrix:
          degrees:
            - {id: information, label: {fr: Information, en: Information}}
            - {id: information, label: {fr: Info, en: Info}}   # <-
            - {id: partnership, label: {fr: Partenariat, en: Partnership}}
          levels:
            - {id: care, label: {fr: Soins, en: Care}}
        $SCALES
        $SECTIONS
        """),
    ("unknown-item", """
        $HEADER
        $SCALES
        $SECTIONS
        scoring:
          derivation:
            group: initiatives   # <-
            level_item: domain
            declared_item: declared
            rules: [{degree: partnership}]
        """),
    ("unknown-item", """
        $HEADER
        $SCALES
        sections:
          - id: inventory
            title: {fr: Démarches, en: Initiatives}
            items:
              - id: initiatives
                kind: group
                text: {fr: Démarches, en: Initiatives}
                items:
                  - {id: domain, kind: single_choice, scale: yes_no, text: {fr: Domaine, en: Domain}}
                  - {id: declared, kind: single_choice, scale: yes_no, text: {fr: Déclaré, en: Declared}}
        scoring:
          derivation:
            group: initiatives
            level_item: domain
            declared_item: declard   # <-
            rules: [{degree: partnership}]
        """),
    ("unknown-scale", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: board
                kind: single_choice
                scale: yesno   # <-
                text: {fr: Un conseil, en: A board}
        """),
    ("unknown-scale", """
        $HEADER
        scales:
          - id: yes_no
            options: [{code: a, label: {fr: A, en: A}}]
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}   # <-
        """),
    ("unknown-level", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                cells:
                  - {level: cares, degree: information}   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("unknown-level", """
        $HEADER
        $SCALES
          - id: domain
            options:
              - {code: c, level: research, label: {fr: Recherche, en: Research}}   # <-
        $SECTIONS
        """),
    ("unknown-degree", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                cells: [{level: care, degree: informaton}]   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("unknown-degree", """
        $HEADER
        $SCALES
        $SECTIONS
        scoring:
          evidence:
            degrees: [partnership, collaboration]   # <-
        """),
    ("unknown-dimension", """
        $HEADER
        $SCALES
        dimensions:
          - {id: leadership, label: {fr: Direction, en: Leadership}}
        sections:
          - id: levers
            title: {fr: Leviers, en: Levers}
            items:
              - id: strategy
                kind: practice
                dimension: leadershp   # <-
                text: {fr: Une stratégie, en: A strategy}
        """),
    ("unknown-source", """
        $HEADER
        $SCALES
        sources:
          - {id: pomey2015, citation: "Pomey et al. 2015"}
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                sources: [pomey2016]   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("unknown-frame", """
        $HEADER
        $SCALES
        frames:
          - {id: has-certification, title: {fr: Certification HAS, en: HAS certification}, version: "2025"}
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                obligations:
                  - {frame: has_certification, refs: ["1.1-03"]}   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("unknown-category", """
        id: test
        version: "1.0"
        title: {fr: Test, en: Test}
        matrix:
          degrees:
            - {id: information, label: {fr: Information, en: Information}}
            - {id: partnership, label: {fr: Partenariat, en: Partnership}}
          levels:
            - id: care
              label: {fr: Soins, en: Care}
              optional_for: {categories: [ehpads]}   # <-
        $SCALES
        $SECTIONS
        """),
    ("condition-forward-reference", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                when: {item: co_led, equals: in_place}   # <-
                text: {fr: Livret, en: Booklet}
              - {id: co_led, kind: practice, text: {fr: Comité, en: Committee}}
        """),
    ("condition-unknown-item", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
              - id: co_led
                kind: practice
                when:
                  all:
                    - {item: leaflet, answered: true}
                    - {item: leaflett, equals: in_place}   # <-
                text: {fr: Comité, en: Committee}
        """),
    ("condition-unknown-item", """
        $HEADER
        $SCALES
        sections:
          - id: inventory
            title: {fr: Démarches, en: Initiatives}
            items:
              - id: initiatives
                kind: group
                text: {fr: Démarches, en: Initiatives}
                items:
                  - {id: domain, kind: single_choice, scale: yes_no, text: {fr: Domaine, en: Domain}}
                  - {id: declared, kind: single_choice, scale: yes_no, text: {fr: Déclaré, en: Declared}}
        scoring:
          derivation:
            group: initiatives
            level_item: domain
            declared_item: declared
            rules:
              - degree: partnership
                when: {item: co_decided, equals: "yes"}   # <-
        """),
    ("condition-cycle", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                when: {not: {item: leaflet, equals: not_in_place}}   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("condition-cycle", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                when: {item: co_led, answered: true}   # <-
                text: {fr: Livret, en: Booklet}
              - id: co_led
                kind: practice
                when: {item: leaflet, answered: true}
                text: {fr: Comité, en: Committee}
        """),
    ("condition-outside-group", """
        $HEADER
        $SCALES
        sections:
          - id: inventory
            title: {fr: Démarches, en: Initiatives}
            items:
              - id: initiatives
                kind: group
                text: {fr: Démarches, en: Initiatives}
                items:
                  - {id: co_decided, kind: single_choice, scale: yes_no, text: {fr: Co-décidé, en: Co-decided}}
              - id: summary
                kind: text
                when: {item: co_decided, equals: "yes"}   # <-
                text: {fr: Résumé, en: Summary}
        """),
    ("condition-bad-field", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: board, kind: single_choice, scale: yes_no, text: {fr: Conseil, en: Board}}
              - id: leaflet
                kind: practice
                when: {item: board, field: status, equals: "yes"}   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("condition-bad-operator", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
              - id: co_led
                kind: practice
                when: {item: leaflet, includes: in_place}   # <-
                text: {fr: Comité, en: Committee}
        """),
    ("condition-bad-operator", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: board, kind: single_choice, scale: yes_no, text: {fr: Conseil, en: Board}}
              - id: leaflet
                kind: practice
                when: {item: board, gt: 1}   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("condition-bad-operator", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
              - id: co_led
                kind: practice
                when: {item: leaflet, in: [in_place, evaluatd]}   # <-
                text: {fr: Comité, en: Committee}
        """),
    ("condition-bad-operator", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, text: {fr: Livret, en: Booklet}}
              - id: co_led
                kind: practice
                when: {item: leaflet, equals: in_place, answered: true}   # <-
                text: {fr: Comité, en: Committee}
        """),
    ("empty-section", """
        $HEADER
        $SCALES
        $SECTIONS
          - id: research   # <-
            title: {fr: Recherche, en: Research}
        """),
    ("kind-field-misuse", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: partners
                kind: number
                scale: yes_no   # <-
                text: {fr: Nombre de patients partenaires, en: Number of patient partners}
        """),
    ("kind-field-misuse", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                text: {fr: Livret, en: Booklet}
                items: []   # <-
        """),
    ("bad-range", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: partners
                kind: number
                min: 10   # <-
                max: 1
                text: {fr: Nombre, en: Number}
        """),
    ("missing-scale", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: board, kind: multiple_choice, text: {fr: Conseil, en: Board}}   # <-
        """),
    ("group-without-items", """
        $HEADER
        $SCALES
        sections:
          - id: inventory
            title: {fr: Démarches, en: Initiatives}
            items:
              - {id: initiatives, kind: group, text: {fr: Démarches, en: Initiatives}}   # <-
        """),
    ("nested-group", """
        $HEADER
        $SCALES
        sections:
          - id: inventory
            title: {fr: Démarches, en: Initiatives}
            items:
              - id: initiatives
                kind: group
                text: {fr: Démarches, en: Initiatives}
                items:
                  - id: partners   # <-
                    kind: group
                    text: {fr: Partenaires, en: Partners}
                    items: [{id: name, kind: text, text: {fr: Nom, en: Name}}]
        """),
    ("practice-in-group", """
        $HEADER
        $SCALES
        sections:
          - id: inventory
            title: {fr: Démarches, en: Initiatives}
            items:
              - id: initiatives
                kind: group
                text: {fr: Démarches, en: Initiatives}
                items:
                  - {id: charter, kind: practice, text: {fr: Charte, en: Charter}}   # <-
        """),
    ("scale-inconsistent", """
        $HEADER
        scales:
          - id: status   # <-
            role: status
            options:
              - {code: not_in_place, meaning: not_in_place, label: {fr: Non, en: "No"}}
              - {code: in_place, meaning: in_place, label: {fr: Oui, en: "Yes"}}
        $SECTIONS
        """),
    ("scale-inconsistent", """
        $HEADER
        $SCALES
          - id: reach   # <-
            role: extent
            options:
              - {code: some, meaning: beyond_pilot, label: {fr: Quelques, en: Some}}
        $SECTIONS
        """),
    ("scale-inconsistent", """
        $HEADER
        $SCALES
          - id: urgency   # <-
            role: priority
            options:
              - {code: now, rank: 1, label: {fr: Maintenant, en: Now}}
              - {code: later, label: {fr: Plus tard, en: Later}}
        $SECTIONS
        """),
    ("scale-inconsistent", """
        $HEADER
        $SCALES
          - id: agreement   # <-
            options:
              - {code: a, meaning: in_place, label: {fr: A, en: A}}
        $SECTIONS
        """),
    ("scale-wrong-role", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                extent_scale: yes_no   # <-
                text: {fr: Livret, en: Booklet}
        """),
    ("derivation-bad-item", """
        $HEADER
        $SCALES
        $SECTIONS
        scoring:
          derivation:
            group: leaflet   # <-
            level_item: domain
            declared_item: declared
            rules: [{degree: partnership}]
        """),
    ("empty-cell", """
        id: test
        version: "1.0"
        title: {fr: Test, en: Test}
        matrix:
          degrees:
            - {id: information, label: {fr: Information, en: Information}}
            - {id: partnership, label: {fr: Partenariat, en: Partnership}}
          levels:
            - {id: care, label: {fr: Soins, en: Care}}
            - {id: research, label: {fr: Recherche, en: Research}}   # <-
        $SCALES
        $SECTIONS
        """),
    ("missing-en-text", """
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins}   # <-
            items:
              - id: leaflet
                kind: practice
                cells: [{level: care, degree: information}, {level: care, degree: partnership}]
                text: {fr: Livret, en: Booklet}
        """),
]


def _case_id(case: tuple[str, str]) -> str:
    return case[0]


@pytest.mark.parametrize("code, text", CASES, ids=[_case_id(c) for c in CASES])
def test_broken_definition_reports_its_code_at_the_marked_line(code, text):
    result = validate(text)
    problem = assert_problem(result, code, marked_line(compose(text)))
    assert problem.location.startswith("test.yaml:")
    assert problem.message and problem.fix, "every problem says what was found and how to fix it"
    assert problem.severity == CATALOGUE[code].severity
    if problem.severity == "error":
        assert result.questionnaire is None and not result.ok


def test_a_binary_file_is_refused_at_line_1():
    result = validate_questionnaire(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", filename="logo.yaml")
    assert [(p.code, p.location) for p in result.errors] == [("not-a-mapping", "logo.yaml:1")]
    assert "binary" in result.errors[0].message


def test_a_missing_file_is_reported_not_raised(tmp_path):
    result = validate_questionnaire(tmp_path / "absent.yaml")
    assert [(p.code, p.location) for p in result.errors] == [("unreadable-file", "absent.yaml:1")]


# Codes whose trigger needs more than one inline file; each is asserted in the named test.
TESTED_ELSEWHERE = {
    "unreadable-file": "test_a_missing_file_is_reported_not_raised",
    "no-questionnaire-file": "test_qn_cli.py::test_a_folder_without_questionnaire_is_a_problem_in_the_table",
    "duplicate-questionnaire": "test_qn_directory.py::test_the_same_version_in_two_files_is_listed_as_failed",
}


def test_every_catalogue_code_is_triggered_by_a_test():
    covered = {code for code, _ in CASES} | set(TESTED_ELSEWHERE)
    assert sorted(set(CATALOGUE) - covered) == []
    assert sorted(covered - set(CATALOGUE)) == [], "a test names a code that the catalogue lacks"


def test_there_are_at_least_thirty_broken_definitions():
    assert len(CASES) >= 30


def test_every_code_is_explained_in_the_authors_guide():
    from continuum.paths import PROJECT_ROOT

    guide = (PROJECT_ROOT / "docs" / "questionnaire-format.md").read_text(encoding="utf-8")
    assert sorted(code for code in CATALOGUE if f"| `{code}` |" not in guide) == []
