"""Progress through a questionnaire: what is shown, answered and left, as the fill page shows it."""

import textwrap

from questionnaires.loader import load_questionnaire_text
from questionnaires.progress import first_unanswered, progress

SCALES = textwrap.dedent("""
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
          - {code: whole, meaning: beyond_pilot, label: {fr: Tout, en: Whole}}
      - id: priority
        role: priority
        options:
          - {code: high, rank: 1, label: {fr: Haute, en: High}}
""")

QUESTIONNAIRE = textwrap.dedent("""
    id: progress-test
    version: "1.0"
    title: {fr: Test, en: Test}
    matrix:
      degrees: [{id: information, label: {fr: Information, en: Information}}]
      levels: [{id: care, label: {fr: Soins, en: Care}}]
""") + SCALES + textwrap.dedent("""
    sections:
      - id: first
        title: {fr: Premier, en: First}
        items:
          - {id: a, kind: practice, core: true, cells: [{level: care, degree: information}], text: {fr: A, en: A}}
          - id: b
            kind: practice
            cells: [{level: care, degree: information}]
            text: {fr: B, en: B}
            when: {item: a, in: [in_place, evaluated]}
      - id: second
        title: {fr: Second, en: Second}
        items:
          - {id: c, kind: practice, core: true, cells: [{level: care, degree: information}], text: {fr: C, en: C}}
          - {id: d, kind: text, required: false, text: {fr: D, en: D}}
""")


def q():
    return load_questionnaire_text(QUESTIONNAIRE, "progress-test.yaml")


def test_a_condition_hides_an_item_until_its_trigger_is_answered():
    empty = progress(q(), {})
    assert empty.sections[0].shown == ["a"]
    assert empty.total == 3  # a, c, d
    assert empty.missing_required == 2  # a and c; d is optional
    shown = progress(q(), {"a": {"status": "in_place"}})
    assert shown.sections[0].shown == ["a", "b"]
    assert shown.sections[0].missing_required == ["b"]


def test_answered_counts_and_submit_gate():
    answers = {"a": {"status": "not_in_place"}, "c": {"flag": "not_applicable", "na_reason": "pas de soins"}}
    result = progress(q(), answers)
    assert (result.answered, result.total) == (2, 3)
    assert result.can_submit


def test_not_applicable_without_reason_is_not_an_answer():
    result = progress(q(), {"a": {"status": "not_in_place"}, "c": {"flag": "not_applicable", "na_reason": " "}})
    assert result.sections[1].missing_required == ["c"]
    assert not result.can_submit


def test_core_version_skips_extended_items():
    result = progress(q(), {"a": {"status": "in_place"}}, version_choice="core")
    assert result.sections[0].shown == ["a"]  # b is extended
    assert result.sections[1].shown == ["c"]  # d is extended


def test_resume_at_the_first_unanswered_item():
    assert first_unanswered(q(), {}) == ("first", "a")
    assert first_unanswered(q(), {"a": {"status": "in_place"}}) == ("first", "b")
    assert first_unanswered(q(), {"a": {"status": "not_in_place"}}) == ("second", "c")
    done = {"a": {"status": "not_in_place"}, "c": {"status": "in_place"}, "d": {"value": "notes"}}
    assert first_unanswered(q(), done) is None


INVENTORY = textwrap.dedent("""
    id: inventory-test
    version: "1.0"
    title: {fr: Inventaire, en: Inventory}
    matrix:
      degrees: [{id: information, label: {fr: Information, en: Information}}]
      levels: [{id: care, label: {fr: Soins, en: Care}}]
    sections:
      - id: list
        title: {fr: Démarches, en: Initiatives}
        items:
          - id: initiatives
            kind: group
            required: false
            min_entries: 0
            text: {fr: Vos démarches, en: Your initiatives}
            items:
              - {id: initiative.title, kind: text, text: {fr: Intitulé, en: Title}}
""")


def test_an_empty_optional_inventory_is_neither_answered_nor_missing():
    inventory = load_questionnaire_text(INVENTORY, "inventory-test.yaml")
    empty = progress(inventory, {}, group_entries={})
    assert (empty.answered, empty.total, empty.missing_required) == (0, 1, 0)  # "0 of 1", nothing mandatory left
    assert empty.can_submit
    declared = progress(inventory, {}, group_entries={"initiatives": 2})
    assert (declared.answered, declared.total) == (1, 1)


def test_a_number_outside_its_items_range_is_refused_with_a_reason():
    from questionnaires.answer_rules import number_refusal

    q_ = load_questionnaire_text(QUESTIONNAIRE.replace(
        "      - {id: d, kind: text, required: false, text: {fr: D, en: D}}",
        "      - {id: d, kind: text, required: false, text: {fr: D, en: D}}\n"
        "      - {id: n, kind: number, integer: true, min: 0, max: 20, text: {fr: N, en: N}}"), "n.yaml")
    item = q_.item("n")
    assert number_refusal(item, 5) is None and number_refusal(item, None) is None
    assert number_refusal(item, -1) == ("number_between", {"min": "0", "max": "20"})
    assert number_refusal(item, 21) == ("number_between", {"min": "0", "max": "20"})
    assert number_refusal(item, 2.5) == ("number_not_integer", {})


OPTIONAL = textwrap.dedent("""
    id: optional-test
    version: "1.0"
    title: {fr: Test, en: Test}
    matrix:
      degrees: [{id: information, label: {fr: Information, en: Information}}]
      levels:
        - {id: care, label: {fr: Soins, en: Care}}
        - id: policy
          label: {fr: Politique, en: Policy}
          optional_for: {size_below: 50}
        - id: research
          label: {fr: Recherche, en: Research}
          optional_for: {categories: [ehpad, ch]}
""") + SCALES + textwrap.dedent("""
    sections:
      - id: care
        title: {fr: Soins, en: Care}
        items:
          - {id: a, kind: practice, cells: [{level: care, degree: information}], text: {fr: A, en: A}}
      - id: policy
        title: {fr: Politique, en: Policy}
        items:
          - {id: p, kind: practice, cells: [{level: policy, degree: information}], text: {fr: P, en: P}}
      - id: research
        title: {fr: Recherche, en: Research}
        items:
          - {id: r, kind: practice, cells: [{level: research, degree: information}], text: {fr: R, en: R}}
""")


def test_levels_an_establishment_may_leave_aside_come_from_the_campaign_then_the_size_rule():
    from questionnaires.progress import optional_levels_for

    q_ = load_questionnaire_text(OPTIONAL, "optional-test.yaml")
    assert optional_levels_for(q_, "ehpad", 80) == {"research"}  # the questionnaire's suggestion
    assert optional_levels_for(q_, "ehpad", 30) == {"research", "policy"}  # and its size rule
    assert optional_levels_for(q_, "chu", 900) == set()
    campaign = {"ehpad": ["research", "care"], "ch": []}  # the campaign decides for each category
    assert optional_levels_for(q_, "ehpad", 80, campaign) == {"research", "care"}
    assert optional_levels_for(q_, "ch", 300, campaign) == set()


def test_optional_levels_never_block_the_submission_and_resume_skips_them():
    q_ = load_questionnaire_text(OPTIONAL, "optional-test.yaml")
    optional = frozenset({"research"})
    answers = {"a": {"status": "in_place"}}
    result = progress(q_, answers, optional_levels=optional)
    assert (result.answered, result.total) == (1, 3)  # research is still shown and counted
    assert [s.missing_required for s in result.sections] == [[], ["p"], []]
    assert first_unanswered(q_, answers, optional_levels=optional) == ("policy", "p")
    answers["p"] = {"status": "not_in_place"}
    assert progress(q_, answers, optional_levels=optional).can_submit
    assert first_unanswered(q_, answers, optional_levels=optional) is None
    assert not progress(q_, answers).can_submit  # without the campaign's rule, research is required
