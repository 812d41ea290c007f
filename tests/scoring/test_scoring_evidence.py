"""The evidence rule and the initiative inventory: degrees derived from who held power, never from the label."""

from __future__ import annotations

from scoring_support import answers, cell, initiative, inventory, level, practice, practices, questionnaire, responses

from scoring import score
from scoring.messages import render

Q = questionnaire(practices("info care/information", "copilot care/partnership", "org organisation/partnership")
                  + "scoring: {evidence: {degrees: [partnership], inventory: inventory-test}}\n")
INV = inventory()


def frames(*initiatives: list[dict]):
    resp = responses({"response_id": "m1", "establishment": "E1"},
                     {"response_id": "i1", "establishment": "E1", "questionnaire_id": "inventory-test"})
    rows = [practice("m1", "info", "in_place"), practice("m1", "copilot", "in_place"), practice("m1", "org", "in_place")]
    for init in initiatives:
        rows += init
    return resp, answers(*rows)


def test_a_partnership_practice_without_an_initiative_is_declared_not_evidenced():
    r = score(Q, *frames(), inventory=INV)
    c = cell(r, "m1", "care", "partnership")
    assert (c.state, c.declared_state, c.evidence_status) == ("declared_not_evidenced", "present", "not_evidenced")
    assert level(r, "m1", "care").current_degree == "information"


def test_an_initiative_derived_as_partnership_at_that_level_makes_it_present():
    r = score(Q, *frames(initiative("i1", 0, domain="care", declared="partnership", chose_question="yes",
                                    co_led="yes")), inventory=INV)
    c = cell(r, "m1", "care", "partnership")
    assert (c.state, c.evidence_status, c.n_evidencing_initiatives) == ("present", "evidenced", 1)
    assert level(r, "m1", "care").current_degree == "partnership"
    # The initiative is at care: organisation's partnership stays declared.
    assert cell(r, "m1", "organisation", "partnership").state == "declared_not_evidenced"


def test_the_label_never_raises_the_degree_and_over_declaration_is_flagged():
    r = score(Q, *frames(initiative("i1", 0, domain="care", declared="partnership", consulted="yes", paid="yes")),
              inventory=INV)
    assert cell(r, "m1", "care", "partnership").state == "declared_not_evidenced"
    row = r.initiatives.iloc[0]
    assert (row.level, row.declared_degree, row.derived_degree, row.over_declared) == (
        "care", "partnership", "consultation", True)
    assert row["condition:paid"] == "yes"  # reported, not used
    assert render("over_declared", "en", Q, declared=row.declared_degree, derived=row.derived_degree) == \
        "declared partnership — practices of consultation"
    assert render("over_declared", "fr", Q, declared="partnership", derived="consultation") == \
        "déclaré partenariat — pratiques de consultation"


def test_first_matching_rule_wins_and_counts_per_cell():
    r = score(Q, *frames(initiative("i1", 0, domain="care", co_led="yes"),
                         initiative("i1", 1, domain="care", co_led="yes", chose_question="yes"),
                         initiative("i1", 2, domain="organisation")), inventory=INV)
    assert list(r.initiatives["derived_degree"]) == ["collaboration", "partnership", "information"]
    assert cell(r, "m1", "care", "collaboration").n_initiatives == 1
    assert cell(r, "m1", "care", "collaboration").n_evidencing_initiatives == 2  # collaboration or above
    assert cell(r, "m1", "organisation", "information").n_initiatives == 1


def test_another_establishments_initiative_evidences_nothing():
    resp, ans = frames(initiative("i2", 0, domain="care", chose_question="yes", co_led="yes"))
    resp = responses({"response_id": "m1", "establishment": "E1"},
                     {"response_id": "i2", "establishment": "E2", "questionnaire_id": "inventory-test"})
    r = score(Q, resp, ans, inventory=INV)
    assert cell(r, "m1", "care", "partnership").state == "declared_not_evidenced"


def test_scoring_without_the_inventory_warns_once():
    r = score(Q, *frames())
    assert [w.code for w in r.warnings] == ["scoring-inventory-missing"]
    assert cell(r, "m1", "care", "partnership").state == "declared_not_evidenced"


def test_the_vectorised_derivation_agrees_with_the_per_entry_one():
    import itertools

    from questionnaires.derivation import derive_entry_degree

    answers_by_entry = [dict(zip(("chose_question", "co_led", "consulted"), combo))
                        for combo in itertools.product(["yes", "no", ""], repeat=3)]
    rows = []
    for entry, given in enumerate(answers_by_entry):
        rows += initiative("i1", entry, domain="care", **{k: v for k, v in given.items() if v})
    resp = responses({"response_id": "m1", "establishment": "E1"},
                     {"response_id": "i1", "establishment": "E1", "questionnaire_id": "inventory-test"})
    r = score(Q, resp, answers(*rows), inventory=INV)
    engine = dict(zip(r.initiatives["entry"], r.initiatives["derived_degree"]))
    for entry, given in enumerate(answers_by_entry):
        per_entry = derive_entry_degree(INV, {k: {"value": v} for k, v in given.items() if v})
        assert engine[entry] == (per_entry.degree or ""), given
