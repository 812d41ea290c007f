"""Loading: paths, bytes, text and mappings give the same immutable model; errors are raised once, all together."""

from __future__ import annotations

import pydantic
import pytest
import yaml

from continuum.paths import QUESTIONNAIRE_DIR
from continuum.problems import ProblemError
from qn_helpers import compose, marked_line
from questionnaires.loader import load_questionnaire, load_questionnaire_text, validate_questionnaire
from questionnaires.loader import problem_line, problem_path

MINIMAL = QUESTIONNAIRE_DIR / "examples" / "minimal.yaml"


def test_path_bytes_text_and_mapping_give_the_same_questionnaire():
    text = MINIMAL.read_text(encoding="utf-8")
    from_path = load_questionnaire(MINIMAL)
    assert load_questionnaire(str(MINIMAL)) == from_path
    assert load_questionnaire(text.encode("utf-8")) == from_path
    assert load_questionnaire_text(text, "minimal.yaml") == from_path
    assert load_questionnaire(yaml.safe_load(text)) == from_path


def test_the_model_is_immutable():
    questionnaire = load_questionnaire(MINIMAL)
    with pytest.raises(pydantic.ValidationError):
        questionnaire.version = "2.0"


def test_a_utf8_bom_is_accepted():
    assert load_questionnaire(b"\xef\xbb\xbf" + MINIMAL.read_bytes()).id == "minimal-example"


def test_loading_raises_once_with_every_error():
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: practice
                cells: [{level: cares, degree: information}]
                dimension: levers
                text: {fr: Livret, en: Booklet}
        """)
    with pytest.raises(ProblemError) as caught:
        load_questionnaire_text(text, "two.yaml")
    assert sorted(p.code for p in caught.value.problems) == ["unknown-dimension", "unknown-level"]
    assert all(p.severity == "error" for p in caught.value.problems)


def test_location_says_file_line_and_key_path():
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, cells: [{level: care, degree: information}], text: {fr: Livret, en: Booklet}}
              - id: co_led
                kind: practice
                cells:
                  - {level: care, degree: partnership}
                  - {level: care, degree: partnershp}   # <-
                text: {fr: Comité, en: Committee}
        """)
    [problem] = validate_questionnaire(text, "matrix.yaml").errors
    line = marked_line(text)
    assert problem.location == f"matrix.yaml:{line} sections[0].items[1].cells[1].degree"
    assert problem_line(problem) == line
    assert problem_path(problem) == "sections[0].items[1].cells[1].degree"


def test_warnings_are_returned_apart_and_do_not_block_loading():
    result = validate_questionnaire(MINIMAL)
    assert result.ok and result.errors == []
    assert {w.code for w in result.warnings} == {"empty-cell"}
    assert [row[:2] for row in result.flatten()] == [["warning", "empty-cell"], ["warning", "empty-cell"]]


def test_yaml_merge_keys_are_followed():
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: &care_title {fr: Soins, en: Care}
            items:
              - &base {id: leaflet, kind: practice, cells: [{level: care, degree: information}], text: {fr: Livret, en: Booklet}}
              - <<: *base
                id: co_led
                cells: [{level: care, degree: partnership}]
        """)
    questionnaire = load_questionnaire_text(text)
    assert [i.id for i in questionnaire.items()] == ["leaflet", "co_led"]


NO_MATRIX = """
    id: test
    version: "1.0"
    title: {fr: Test, en: Test}
    $SCALES
    sections:
      - id: care
        title: {fr: Soins, en: Care}
        items:
          - {id: leaflet, kind: practice, cells: [{level: policy, degree: collaboration}], text: {fr: A, en: A}}
    """


def test_without_a_matrix_the_montreal_model_applies():
    """Four degrees and five levels, in order, with the default suggestions of optional levels."""
    q = load_questionnaire_text(compose(NO_MATRIX))
    assert q.degree_ids == ["information", "consultation", "collaboration", "partnership"]
    assert q.level_ids == ["care", "organisation", "policy", "teaching", "research"]
    assert [(lv.label.fr, lv.label.en) for lv in q.matrix.levels][2] == (
        "Politique de santé / démocratie en santé", "Health policy / health democracy")
    optional = {lv.id: (sorted(lv.optional_for.categories), lv.optional_for.size_below) for lv in q.matrix.levels}
    assert optional["care"] == ([], None) and optional["organisation"] == ([], None)
    assert optional["policy"] == ([], 50)
    assert "chu" not in optional["research"][0] and "cancer_centre" not in optional["teaching"][0]
    assert "ehpad" in optional["research"][0]


def test_the_default_matrix_warns_about_its_empty_cells():
    result = validate_questionnaire(compose(NO_MATRIX), "test.yaml")
    assert result.ok
    assert len([w for w in result.warnings if w.code == "empty-cell"]) == 19


def test_a_matrix_with_only_its_degrees_keeps_the_default_levels():
    text = compose(NO_MATRIX).replace(
        "$SCALES", "").replace("title: {fr: Test, en: Test}\n", "title: {fr: Test, en: Test}\nmatrix:\n  degrees:\n"
                                "    - {id: collaboration, label: {fr: Collaboration, en: Collaboration}}\n", 1)
    q = load_questionnaire_text(text)
    assert q.degree_ids == ["collaboration"] and len(q.level_ids) == 5


def test_a_category_in_capitals_is_recognised_in_the_suggestion():
    """Authors write EHPAD as everyone does; the message names the code to write instead."""
    text = compose(NO_MATRIX).replace(
        "title: {fr: Test, en: Test}\n", "title: {fr: Test, en: Test}\nmatrix:\n  levels:\n"
        "    - {id: policy, label: {fr: Politique, en: Policy}, optional_for: {categories: [EHPAD]}}   # <-\n", 1)
    [problem] = validate_questionnaire(text, "test.yaml").errors
    assert (problem.code, problem_line(problem)) == ("unknown-category", marked_line(text))
    assert problem.fix.startswith("Did you mean 'ehpad'")
