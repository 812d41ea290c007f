"""All the problems of a file in one run: shape errors no longer hide the reference errors of the rest."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from qn_helpers import compose, describe, marked_line
from questionnaires.loader import problem_line, problem_path, validate_questionnaire_text
from test_qn_properties import dump, questionnaires


def _found(result) -> list[tuple[str, str]]:
    return [(p.code, problem_path(p)) for p in result.errors]


def test_shape_and_reference_errors_are_reported_together():
    """A regional author's first draft: a typo in a kind, and a typo in a level, an item later."""
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - id: leaflet
                kind: pratice
                text: {fr: Livret, en: Booklet}
              - id: co_led
                kind: practice
                cells: [{level: cares, degree: partnership}]   # <-
                text: {fr: Comité, en: Committee}
        """)
    result = validate_questionnaire_text(text, "draft.yaml")
    assert _found(result) == [("bad-value", "sections[0].items[0].kind"),
                              ("unknown-level", "sections[0].items[1].cells[0].level")], describe(result.problems)
    unknown = result.errors[1]
    assert problem_line(unknown) == marked_line(text)
    assert unknown.fix.startswith("Did you mean 'care'?")
    assert result.questionnaire is None


def test_paths_after_an_element_left_out_still_name_the_authors_index():
    """The first item cannot be built, so it is left out of the check: the third stays items[2], not items[1]."""
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, cells: [{level: care, degree: information}], text: {fr: A, en: A}}
              - {id: broken, kind: 12, text: {fr: B, en: B}}
              - id: survey
                kind: single_choice
                scale: yes_noo   # <-
                text: {fr: C, en: C}
        """)
    result = validate_questionnaire_text(text, "draft.yaml")
    [unknown] = [p for p in result.errors if p.code == "unknown-scale"]
    assert problem_path(unknown) == "sections[0].items[2].scale"
    assert problem_line(unknown) == marked_line(text)
    assert "Did you mean 'yes_no'?" in unknown.fix


def test_nothing_is_reported_about_a_part_left_out_of_the_check():
    """The condition's target could not be built: no 'unknown item', which would send the author astray."""
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: pratice, text: {fr: A, en: A}}
              - id: co_led
                kind: practice
                cells: [{level: care, degree: partnership}]
                when: {item: leaflet, equals: in_place}
                text: {fr: B, en: B}
        """)
    result = validate_questionnaire_text(text, "draft.yaml")
    assert [p.code for p in result.problems] == ["bad-value"], describe(result.problems)


def test_a_dropped_key_fakes_no_problem():
    """`scale: 5` is a wrong type; the check does not add 'missing scale' for the key it had to drop."""
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: practice, cells: [{level: care, degree: information}], text: {fr: A, en: A}}
              - {id: survey, kind: single_choice, scale: 5, cells: [{level: care, degree: partnership}], text: {fr: B, en: B}}
        """)
    result = validate_questionnaire_text(text, "draft.yaml")
    assert _found(result) == [("wrong-type", "sections[0].items[1].scale")], describe(result.problems)


def test_unquoted_yes_and_no_codes_fake_no_condition_error():
    """Options `code: yes` are booleans (wrong type); a condition on "yes" is not called a wrong code on top."""
    text = compose("""
        $HEADER
        scales:
          - id: agreement
            options:
              - {code: yes, label: {fr: Oui, en: "Yes"}}
              - {code: "no", label: {fr: Non, en: "No"}}
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: agreed, kind: single_choice, scale: agreement, text: {fr: A, en: A}}
              - {id: why, kind: text, when: {item: agreed, equals: "yes"}, text: {fr: B, en: B},
                 cells: [{level: care, degree: informaton}]}
        """)
    result = validate_questionnaire_text(text, "draft.yaml")
    assert _found(result) == [("wrong-type", "scales[0].options[0].code"),
                              ("unknown-degree", "sections[0].items[1].cells[0].degree")], describe(result.problems)


def test_a_file_that_cannot_be_repaired_gives_its_shape_errors_only():
    text = compose("""
        $HEADER
        $SCALES
        """)
    result = validate_questionnaire_text(text, "draft.yaml")
    assert [p.code for p in result.problems] == ["missing-key"]


def test_french_authors_get_the_reference_errors_in_french_too():
    text = compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: Soins
            items:
              - {id: leaflet, kind: practice, cells: [{level: care, degree: informaton}], text: {fr: A, en: A}}
        """)
    result = validate_questionnaire_text(text, "brouillon.yaml", lang="fr")
    assert [p.code for p in result.errors] == ["wrong-type", "unknown-degree"], describe(result.problems)
    assert result.errors[1].fix.startswith("Vouliez-vous dire 'information' ?")


BREAKS = [("kind", "pratice", "bad-value"), ("id", "Not An Id", "bad-id"), ("core", "oui", "wrong-type"),
          ("text", "plain text", "wrong-type"), ("required", [1], "wrong-type")]


@given(questionnaires(), st.data())
def test_one_broken_item_never_hides_an_unknown_level_elsewhere(data, draw):
    items = [(s, i) for s, section in enumerate(data["sections"]) for i in range(len(section["items"]))]
    if len(items) < 2:
        return
    broken, other = draw.draw(st.lists(st.sampled_from(items), min_size=2, max_size=2, unique=True))
    key, value, code = draw.draw(st.sampled_from(BREAKS))
    data = copy.deepcopy(data)
    data["sections"][broken[0]]["items"][broken[1]][key] = value
    target = data["sections"][other[0]]["items"][other[1]]
    target.pop("when", None)  # a condition on the broken item would be (rightly) left unchecked
    target["cells"] = [{"level": "nowhere", "degree": data["matrix"]["degrees"][0]["id"]}]
    result = validate_questionnaire_text(dump(data), "generated.yaml")
    found = {(p.code, problem_path(p)) for p in result.errors}
    assert (code, f"sections[{broken[0]}].items[{broken[1]}].{key}") in found, describe(result.problems)
    assert ("unknown-level", f"sections[{other[0]}].items[{other[1]}].cells[0].level") in found, describe(
        result.problems)


JUNK = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.just([]), st.just({}),
                 st.just([{"x": 1}]), st.just({"fr": ""}))


@given(questionnaires(), st.data())
def test_any_single_damage_is_reported_with_a_line_and_never_raises(data, draw):
    data = copy.deepcopy(data)
    node, path = data, []
    for _ in range(draw.draw(st.integers(1, 6))):
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not keys:
            break
        key = draw.draw(st.sampled_from(keys))
        path.append(key)
        if not isinstance(node[key], (dict, list)):
            break
        node = node[key]
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if not path:
        return
    parent[path[-1]] = draw.draw(JUNK)
    text = dump(data)
    result = validate_questionnaire_text(text, "damaged.yaml")
    lines = len(text.splitlines())
    for problem in result.problems:
        assert problem.location.startswith("damaged.yaml:") and problem.message and problem.fix, problem
        assert 1 <= problem_line(problem) <= lines, problem
