"""Waves, targets, next steps (consolidate, go further, decisions to take), sensitivity and figure bands."""

from __future__ import annotations

import math

import pytest
from scoring_support import SCALES, answers, practice, practices, questionnaire, responses

from scoring import score
from scoring.plan import PLAN_COLUMNS

Q = questionnaire(practices("i1 care/information", "i2 care/information", "c1 care/consultation",
                            "c2 care/consultation", "k1 care/collaboration", "p1 care/partnership")
                  + "scoring: {evidence: {inventory: null}}\n")


def test_waves_report_changes_of_state_coverage_and_items_for_the_same_establishment():
    resp = responses({"response_id": "w1", "establishment": "E1", "wave": 1, "campaign_id": "c1"},
                     {"response_id": "w2", "establishment": "E1", "wave": 2, "campaign_id": "c2"},
                     {"response_id": "x1", "establishment": "E2", "wave": 1, "campaign_id": "c1"})
    r = score(Q, resp, answers(practice("w1", "c1", "not_in_place"), practice("w1", "i1", "in_place"),
                               practice("w2", "c1", "in_place"), practice("w2", "i1", "in_place"),
                               practice("x1", "c1", "in_place")))
    changes = r.wave_changes()
    consult = changes.cells.set_index(["level", "degree"]).loc[("care", "consultation")]
    assert (consult.previous_state, consult.state, consult.change) == ("absent", "present", "more_established")
    assert set(changes.cells["establishment"]) == {"E1"}  # E2 has one wave only
    care = changes.coverage.set_index("level").loc["care"]
    assert (care.previous_coverage, care.coverage, care.change) == (0.5, 1.0, 0.5)
    assert changes.items[["item_id", "previous_status", "status"]].values.tolist() == [
        ["c1", "not_in_place", "in_place"]]


def test_gap_to_the_teams_target():
    r = score(Q, responses({}), answers(practice("r1", "i1", "in_place")))
    import pandas as pd

    gaps = r.target_gaps(pd.DataFrame([{"response_id": "r1", "level": "care", "degree": "collaboration",
                                        "reason": "co-built care plans"}]))
    row = gaps.iloc[0]
    assert (row.current_degree, row.target_degree, row.gap, row.status, row.reason) == (
        "information", "collaboration", 2.0, "to_reach", "co-built care plans")


def test_next_steps_consolidate_then_go_further_by_the_teams_priority():
    r = score(Q, responses({}), answers(
        practice("r1", "i1", "in_place"), practice("r1", "i2", "not_in_place", priority="low"),
        practice("r1", "c1", "not_in_place", priority="medium"), practice("r1", "c2", "being_set_up", priority="high"),
        practice("r1", "k1", "not_in_place", priority="high"), practice("r1", "p1", "not_in_place")))
    steps = r.next_steps(lang="en")
    assert list(steps.columns) == list(PLAN_COLUMNS)
    # Current degree: information. Consolidate: i2. Go further (consultation): c2 (high) before c1 (medium).
    assert steps[["item_id", "kind", "degree"]].values.tolist() == [
        ["i2", "consolidate", "information"], ["c2", "go_further", "consultation"],
        ["c1", "go_further", "consultation"]]
    assert (steps["owner"] == "").all() and steps["deadline"].isna().all() and (steps["status"] == "").all()
    assert steps.iloc[0].action == "i2"
    assert steps.iloc[1].why.startswith("Go further in Care")


def test_each_not_decided_answer_is_a_decision_to_take():
    q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: mission_sheet, kind: single_choice, scale: decided, text: {fr: Fiche de mission co-construite}}
      - {id: status_chosen, kind: single_choice, scale: decided, text: {fr: Statut du patient partenaire}}
scoring: {evidence: {inventory: null}}
""", scales=SCALES + """
  - id: decided
    options:
      - {code: decided, meaning: decided, label: {fr: Décidé}}
      - {code: not_decided, meaning: not_decided, label: {fr: Non décidé}}
""")
    r = score(q, responses({}), answers(dict(response_id="r1", item_id="mission_sheet", value="not_decided"),
                                        dict(response_id="r1", item_id="status_chosen", value="decided")))
    steps = r.next_steps()
    assert steps[["item_id", "kind", "action"]].values.tolist() == [
        ["mission_sheet", "decision_to_take", "Fiche de mission co-construite"]]


def test_sensitivity_counts_establishments_that_would_change_state():
    two_of_four = [practice("r1", "i1", "evaluated"), practice("r1", "i2", "in_place")]
    one = [practice("r2", "i1", "in_place"), practice("r2", "i2", "not_in_place")]
    r = score(Q, responses({}, {}), answers(*two_of_four, *one))
    s = r.sensitivity().set_index(["parameter", "change"])
    # N + 1 = 2: r2 (one practice) drops from present to emerging; r1 keeps 2.
    assert s.loc[("N", 1), "n_establishments_changed"] == 1
    assert ("N", -1) not in s.index  # N cannot go below 1
    # X 50 -> 60 or 40 changes nothing here: r1 has 100 %, r2 50 % with nothing evaluated.
    assert s.loc[("X", 10), "n_establishments_changed"] == 0
    assert s.loc[("X", -10), "n_establishments_changed"] == 0


def test_raw_counts_are_banded_and_per_size():
    q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: partners, kind: number, bands: [0, 1, 5, 10], text: {fr: Patients partenaires}}
scoring: {evidence: {inventory: null}}
""")
    r = score(q, responses({"size": 200.0}, {}), answers(dict(response_id="r1", item_id="partners", number=7.0),
                                                       dict(response_id="r2", item_id="partners", number=12.0)))
    f = r.figures.set_index("response_id")
    assert (f.loc["r1", "band"], f.loc["r1", "per_100_size"]) == ("5–10", pytest.approx(3.5))
    assert f.loc["r2", "band"] == "≥ 10" and math.isnan(f.loc["r2", "per_100_size"])
    assert "number" not in r.figures.columns
