"""The frames the engine accepts: plain strings, categoricals or objects, in any row order; malformed ones are named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scoring_support import answers, cell, initiative, inventory, practice, practices, questionnaire, responses

from continuum.problems import ProblemError
from scoring import score

Q = questionnaire(practices("a care/information", "b care/information", "c care/consultation",
                            "d organisation/information") + """
  - id: figures
    title: {fr: Chiffres}
    items:
      - {id: partners, kind: number, min: 0, text: {fr: Patients partenaires}}
scoring: {evidence: {inventory: null}}
""".replace("sections:\n", "", 1))
STRINGS = ["response_id", "item_id", "respondent", "respondent_role", "flag", "status", "extent", "priority",
           "value", "choices", "na_reason", "comment"]


def problems_of(q, resp, ans, **kw) -> list[tuple[str, str]]:
    with pytest.raises(ProblemError) as caught:
        score(q, resp, ans, **kw)
    return [(p.code, p.location) for p in caught.value.problems]


def campaign(n_responses: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random answers, with some individual respondents, enough rows for every encoding road."""
    rng = np.random.default_rng(seed)
    statuses = ["not_in_place", "being_set_up", "in_place", "evaluated", ""]
    rows = []
    for k in range(n_responses):
        rid = f"r{k + 1}"
        for item in "abcd":
            status = statuses[rng.integers(len(statuses))]
            if status:
                rows.append(practice(rid, item, status, priority="high" if status == "not_in_place" else ""))
            if rng.random() < 0.3:  # two respondents, who may disagree
                for person, role in (("p1", "quality"), ("p2", "ru")):
                    rows.append(practice(rid, item, statuses[rng.integers(4)], respondent=f"{rid}-{person}",
                                         respondent_role=role))
        rows.append(dict(response_id=rid, item_id="partners", number=float(rng.integers(0, 20))))
    return responses(*[{} for _ in range(n_responses)]), answers(*rows)


def test_categorical_and_object_columns_score_like_plain_strings():
    resp, ans = campaign(40)
    plain = score(Q, resp, ans)
    for form in ("category", object):
        other = score(Q, resp, ans.astype({c: form for c in STRINGS}))
        pd.testing.assert_frame_equal(other.cell_states, plain.cell_states)
        pd.testing.assert_frame_equal(other.item_states, plain.item_states)
        pd.testing.assert_frame_equal(other.divergence, plain.divergence)


def test_the_order_of_the_answer_rows_changes_nothing():
    """Large enough (over 8,000 rows) for the run-length and sparse roads of the string encoding."""
    resp, ans = campaign(1500)
    assert len(ans) > 8192
    by_response = score(Q, resp, ans)
    by_item = score(Q, resp, ans.sort_values(["item_id", "respondent"], kind="stable").reset_index(drop=True))
    shuffled = score(Q, resp, ans.sample(frac=1, random_state=3).reset_index(drop=True))
    for other in (by_item, shuffled):
        pd.testing.assert_frame_equal(other.cell_states, by_response.cell_states)
        pd.testing.assert_frame_equal(other.level_profile, by_response.level_profile)
        pd.testing.assert_frame_equal(other.role_gap, by_response.role_gap)
    r1 = cell(by_response, "r1", "care", "information")
    assert r1.n_items == 2


def test_text_where_a_number_goes_is_named_not_read_as_missing():
    ans = answers(dict(response_id="r1", item_id="partners", number=3.0), practice("r1", "a", "in_place"))
    ans["number"] = ans["number"].astype(object)
    ans.loc[0, "number"] = "douze"
    assert problems_of(Q, responses({}), ans) == [("scoring-not-a-number", "r1/partners")]
    resp = responses({"size": "grand"}, {"wave": "deux"})
    assert problems_of(Q, resp, answers(practice("r1", "a", "in_place"))) == [
        ("scoring-not-a-number", "r1"), ("scoring-not-a-number", "r2")]


def test_a_number_given_to_a_practice_is_named():
    found = problems_of(Q, responses({}), answers(practice("r1", "a", "in_place", number=4.0)))
    assert found == [("scoring-option-not-on-scale", "r1/a")]


def test_a_response_listed_twice_or_without_id_is_named():
    assert problems_of(Q, responses({}, {"response_id": "r1"}), answers(practice("r1", "a", "in_place"))) == [
        ("scoring-duplicate-response", "r1")]
    ans = answers(practice("r1", "a", "in_place"), practice("", "b", "in_place"))
    assert problems_of(Q, responses({}), ans) == [("scoring-unknown-response", "?/b")]


def test_entries_must_match_the_items_place():
    inv = inventory()
    resp = responses({"questionnaire_id": "inventory-test"})
    rows = initiative("r1", 0, domain="care", declared="consultation")
    rows.append(dict(response_id="r1", item_id="consulted", value="yes"))  # a sub-item without its entry
    rows.append(dict(response_id="r1", item_id="initiatives", entry=0, value="yes"))  # the group itself
    found = problems_of(inv, resp, answers(*rows))
    assert sorted(found) == [("scoring-entry-missing", "r1/consulted"), ("scoring-group-answered", "r1/initiatives#0")]
    found = problems_of(Q, responses({}), answers(practice("r1", "a", "in_place", entry=2)))
    assert found == [("scoring-entry-outside-group", "r1/a#2")]
    ans = answers(practice("r1", "a", "in_place"))
    ans["entry"] = ans["entry"].astype(object)
    ans.loc[0, "entry"] = None
    assert problems_of(Q, responses({}), ans) == [("scoring-bad-entry", "r1/a")]


def test_a_reason_made_of_spaces_is_no_reason():
    found = problems_of(Q, responses({}), answers(dict(response_id="r1", item_id="a", flag="not_applicable",
                                                       na_reason="   ")))
    assert found == [("scoring-not-applicable-without-reason", "r1/a")]


def test_no_response_at_all_gives_empty_tables():
    result = score(Q, responses({}).iloc[0:0], answers(practice("r1", "a", "in_place")).iloc[0:0])
    assert result.cell_states.empty and result.level_profile.empty and result.item_states.empty
    assert result.next_steps().empty and result.wave_changes().cells.empty and result.sensitivity().empty
