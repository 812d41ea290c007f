"""Properties on random campaigns: the engine equals the per-response reference, and behaves monotonically."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from scoring_oracle import oracle
from scoring_support import SCALES, answers, questionnaire, responses

from scoring import score
from scoring.states import SCORED

Q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: gate, kind: single_choice, scale: yes_no, text: {fr: Porte}}
      - {id: count, kind: number, text: {fr: Nombre}}
      - {id: p1, kind: practice, core: true, cells: [{level: care, degree: information}], text: {fr: p1}}
      - id: p2
        kind: practice
        cells: [{level: care, degree: information}, {level: organisation, degree: information}]
        text: {fr: p2}
      - id: p3
        kind: practice
        core: true
        cells: [{level: care, degree: consultation}]
        when: {item: p1, in: [in_place, evaluated]}
        text: {fr: p3}
      - id: p4
        kind: practice
        cells: [{level: care, degree: collaboration}]
        when: {any: [{item: gate, equals: "yes"}, {item: count, gte: 3}]}
        text: {fr: p4}
      - id: p5
        kind: practice
        cells: [{level: care, degree: partnership}]
        when: {not: {item: p3, equals: not_in_place}}
        text: {fr: p5}
      - {id: p6, kind: practice, core: true, cells: [{level: organisation, degree: consultation}], text: {fr: p6}}
      - id: p7
        kind: practice
        cells: [{level: organisation, degree: partnership}, {level: care, degree: partnership}]
        text: {fr: p7}
      - id: p8
        kind: practice
        cells: [{level: research, degree: information}]
        when: {item: p6, answered: true}
        text: {fr: p8}
      - {id: p9, kind: practice, cells: [{level: research, degree: consultation}], text: {fr: p9}}
      - {id: p10, kind: practice, cells: [{level: organisation, degree: collaboration}], text: {fr: p10}}
      - {id: p11, kind: practice, core: true, cells: [{level: care, degree: consultation}], text: {fr: p11}}
scoring:
  cell_states: {present_min_practices: 1, established_min_share: 50}
  evidence: {degrees: [partnership], inventory: initiative-inventory}
""", scales=SCALES + """
  - id: yes_no
    options:
      - {code: "yes", label: {fr: Oui}}
      - {code: "no", label: {fr: Non}}
""")
PRACTICES = [f"p{k}" for k in range(1, 12)]
FREE = ["p2", "p4", "p5", "p7", "p8", "p9", "p10", "p11"]  # no condition depends on them
ONE_CELL = {"p4": ("care", "collaboration"), "p5": ("care", "partnership"), "p8": ("research", "information"),
            "p9": ("research", "consultation"), "p10": ("organisation", "collaboration"),
            "p11": ("care", "consultation")}
COUNT_COLUMNS = ["n_items", "n_applicable", "n_not_applicable", "n_answered", "n_to_be_agreed", "n_in_place",
                 "n_in_place_beyond_pilot", "n_evaluated", "n_being_set_up"]

status_extent = st.sampled_from([("not_in_place", ""), ("being_set_up", ""), ("in_place", ""), ("in_place", "pilot"),
                                 ("in_place", "whole"), ("evaluated", "pilot"), ("evaluated", "several_services")])
single = st.one_of(st.just(("missing",)), status_extent.map(lambda se: ("status", *se)),
                   st.sampled_from([("flag", "dont_know"), ("flag", "not_applicable")]))
split = st.tuples(status_extent, status_extent, st.one_of(st.none(), status_extent)).map(lambda t: ("split", *t))
practice_answer = st.one_of(single, single, single, split)
establishment = st.fixed_dictionaries({
    "category": st.sampled_from(["ch", "ehpad"]), "version_choice": st.sampled_from(["core", "extended"]),
    "gate": st.sampled_from(["", "yes", "no"]), "count": st.one_of(st.none(), st.integers(0, 5)),
    "answers": st.fixed_dictionaries({p: practice_answer for p in PRACTICES}),
})
campaigns = st.lists(establishment, min_size=1, max_size=5)


def rows_of(rid: str, item: str, spec: tuple) -> list[dict]:
    base = dict(response_id=rid, item_id=item)
    if spec[0] == "missing":
        return []
    if spec[0] == "status":
        return [{**base, "status": spec[1], "extent": spec[2]}]
    if spec[0] == "flag":
        return [{**base, "flag": spec[1], "na_reason": "no such service" if spec[1] == "not_applicable" else ""}]
    (s1, e1), (s2, e2), consensus = spec[1], spec[2], spec[3]
    out = [{**base, "status": s1, "extent": e1, "respondent": "p1", "respondent_role": "quality"},
           {**base, "status": s2, "extent": e2, "respondent": "u1", "respondent_role": "ru"}]
    if consensus is not None:
        out.append({**base, "status": consensus[0], "extent": consensus[1]})
    return out


def frames(campaign: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    resp = responses(*[{"category": e["category"], "version_choice": e["version_choice"]} for e in campaign])
    rows = []
    for k, e in enumerate(campaign):
        rid = f"r{k + 1}"
        if e["gate"]:
            rows.append(dict(response_id=rid, item_id="gate", value=e["gate"]))
        if e["count"] is not None:
            rows.append(dict(response_id=rid, item_id="count", number=float(e["count"])))
        for item, spec in e["answers"].items():
            rows += rows_of(rid, item, spec)
    return resp, answers(*rows)


def _same(a, b) -> bool:
    return (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)) or a == b


@given(campaigns)
def test_the_vectorised_engine_equals_the_per_response_reference(campaign):
    resp, ans = frames(campaign)
    result = score(Q, resp, ans)
    cells, levels = oracle(Q, resp, ans)
    for row in result.cell_states.to_dict("records"):
        expected = cells[(row["response_id"], row["level"], row["degree"])]
        assert row["state"] == expected["state"], (row, expected)
        assert {c: row[c] for c in COUNT_COLUMNS} == {c: expected[c] for c in COUNT_COLUMNS}, (row, expected)
    for row in result.level_profile.to_dict("records"):
        expected = levels[(row["response_id"], row["level"])]
        current = row["current_degree"] if isinstance(row["current_degree"], str) else None
        assert current == expected["current_degree"]
        assert row["foundation_gap"] == expected["foundation_gap"]
        assert (row["n_answered"], row["n_in_place"]) == (expected["n_answered"], expected["n_in_place"])
        assert _same(row["coverage"], expected["coverage"])


RANK = {s: k for k, s in enumerate(SCORED)}


@given(campaigns, st.data())
def test_moving_a_practice_into_place_never_lowers_a_state_or_coverage(campaign, data):
    k = data.draw(st.integers(0, len(campaign) - 1))
    item = data.draw(st.sampled_from(FREE))
    extent = data.draw(st.sampled_from(["", "pilot", "whole"]))
    campaign[k]["answers"][item] = ("status", "not_in_place", "")
    before = score(Q, *frames(campaign))
    campaign[k]["answers"][item] = ("status", "in_place", extent)
    after = score(Q, *frames(campaign))
    for b, a in zip(before.cell_states["state"], after.cell_states["state"]):
        if b in RANK:
            assert RANK[a] >= RANK[b], (b, a)
        else:
            assert a == b
    for frame in ("level_profile", "overall"):
        for b, a in zip(getattr(before, frame)["coverage"], getattr(after, frame)["coverage"]):
            assert _same(b, a) or a >= b


@given(campaigns, st.data())
def test_answers_to_items_of_one_cell_change_no_other_cell(campaign, data):
    k = data.draw(st.integers(0, len(campaign) - 1))
    item = data.draw(st.sampled_from(sorted(ONE_CELL)))
    new_answer = data.draw(practice_answer)
    before = score(Q, *frames(campaign)).cell_states
    campaign[k]["answers"][item] = new_answer
    after = score(Q, *frames(campaign)).cell_states
    level, degree = ONE_CELL[item]
    other = ~((before["response_id"] == f"r{k + 1}") & (before["level"] == level) & (before["degree"] == degree))
    columns = ["state", *COUNT_COLUMNS]
    pd.testing.assert_frame_equal(before.loc[other, columns], after.loc[other, columns])


@given(campaigns, st.randoms(use_true_random=False))
def test_permuting_establishments_permutes_the_results(campaign, rnd):
    resp, ans = frames(campaign)
    order = list(range(len(resp)))
    rnd.shuffle(order)
    shuffled = score(Q, resp.iloc[order].reset_index(drop=True), ans.sample(frac=1, random_state=rnd.randint(0, 99)))
    straight = score(Q, resp, ans)
    key = ["response_id", "level", "degree"]

    def norm(frame):
        return frame.astype({"response_id": str, "level": str, "degree": str}).sort_values(key).reset_index(drop=True)

    pd.testing.assert_frame_equal(norm(straight.cell_states), norm(shuffled.cell_states), check_categorical=False)
