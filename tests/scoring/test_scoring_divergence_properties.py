"""Several respondents on random campaigns: divergence and the users' gap equal a per-item reference.

The reference looks at each (response, item) on its own, in plain Python: which fields differ between
the respondents, by how much, and the range of professionals' and users' statuses side by side.
"""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st
from scoring_support import SCALES, answers, questionnaire, responses

from continuum.reference import USER_ROLES
from scoring import score

Q = questionnaire("""
sections:
  - id: s
    title: {fr: S}
    items:
      - {id: a, kind: practice, cells: [{level: care, degree: information}], text: {fr: A}}
      - id: b
        kind: practice
        priority_scale: urgency
        cells: [{level: care, degree: consultation}]
        text: {fr: B}
      - {id: hours, kind: number, text: {fr: Heures}}
      - {id: roles, kind: multiple_choice, scale: roles, text: {fr: Rôles}}
      - {id: mode, kind: single_choice, scale: roles, text: {fr: Mode}}
scoring: {evidence: {inventory: null}}
""", scales=SCALES + """
  - id: roles
    options:
      - {code: trainer, label: {fr: Formateur}}
      - {code: researcher, label: {fr: Chercheur}}
      - {code: peer, label: {fr: Pair-aidant}}
  - id: urgency
    role: priority
    options:
      - {code: now, rank: 1, label: {fr: Tout de suite}}
      - {code: soon, rank: 9, label: {fr: Bientôt}}
      - {code: later, rank: 12, label: {fr: Plus tard}}
""")
ROLES = {"p1": "quality", "p2": "direction", "u1": "ru", "u2": "patient_partner"}
STATUS = {"not_in_place": 0, "being_set_up": 1, "in_place": 2, "evaluated": 3}
EXTENT = {"pilot": 0, "several_services": 1, "whole": 1}
PRIORITY = {"a": {"high": 1, "medium": 2, "low": 3}, "b": {"now": 1, "soon": 9, "later": 12}}
FIELDS = ("flag", "status", "extent", "priority", "value", "choices", "number")

flag = st.sampled_from(["", "", "", "dont_know", "not_applicable"])


@st.composite
def practice_row(draw, item: str) -> dict:
    if (f := draw(flag)):
        return dict(flag=f, na_reason="no such service" if f == "not_applicable" else "")
    status = draw(st.sampled_from(["", *STATUS]))
    placed = status in ("in_place", "evaluated")
    return dict(status=status, extent=draw(st.sampled_from(["", *EXTENT])) if placed else "",
                priority=draw(st.sampled_from(["", *PRIORITY[item]])) if status and not placed else "")


def other_row(item: str):
    if item == "hours":
        return st.sampled_from([math.nan, 0.0, 2.5, 7.0]).map(lambda x: dict(number=x))
    if item == "roles":
        options = st.sets(st.sampled_from(["trainer", "researcher", "peer"]))
        return options.map(lambda s: dict(choices="|".join(sorted(s))))
    return st.sampled_from(["", "trainer", "peer"]).map(lambda v: dict(value=v))


def item_answers(item: str):
    row = practice_row(item) if item in ("a", "b") else other_row(item)
    return st.tuples(st.dictionaries(st.sampled_from(sorted(ROLES)), row, max_size=4), st.one_of(st.none(), row))


campaigns = st.lists(st.fixed_dictionaries({item: item_answers(item) for item in ("a", "b", "hours", "roles", "mode")}),
                     min_size=1, max_size=4)


def frames(campaign):
    rows = []
    for k, items in enumerate(campaign):
        for item, (individual, consensus) in items.items():
            base = dict(response_id=f"r{k + 1}", item_id=item)
            rows += [{**base, **row, "respondent": who, "respondent_role": ROLES[who]}
                     for who, row in individual.items()]
            if consensus is not None:
                rows.append({**base, **consensus})
    return responses(*[{} for _ in campaign]), answers(*rows)


def _value(item: str, field: str, row: dict):
    if field == "number":
        x = row.get("number", math.nan)
        return None if math.isnan(x) else x
    if field == "choices":
        return frozenset(c for c in row.get("choices", "").split("|") if c)
    return row.get(field, "")


def _meaning(item: str, field: str, code: str):
    table = {"status": STATUS, "extent": EXTENT}.get(field) or PRIORITY.get(item, {})
    return table.get(code) if code else None


def _size(item: str, field: str, rows: list[dict]) -> float | None:
    if field == "number":
        xs = [x for x in (_value(item, field, r) for r in rows) if x is not None]
        return max(xs) - min(xs) if xs else None
    if field == "choices":
        sets = [_value(item, field, r) for r in rows]
        return float(len(frozenset.union(*sets) - frozenset.intersection(*sets)))
    if field in ("status", "extent", "priority"):
        ms = [m for m in (_meaning(item, field, r.get(field, "")) for r in rows) if m is not None]
        return float(max(ms) - min(ms)) if ms else None
    return None


def reference(campaign) -> tuple[set, dict]:
    divergence, gaps = set(), {}
    for k, items in enumerate(campaign):
        for item, (individual, consensus) in items.items():
            rows = list(individual.values())
            for field in FIELDS:
                if len({_value(item, field, r) for r in rows}) > 1:
                    divergence.add((f"r{k + 1}", item, field, _size(item, field, rows), len(rows),
                                    consensus is not None))
            if item not in ("a", "b"):
                continue
            ranks = {kind: [STATUS[r["status"]] for who, r in individual.items()
                            if r.get("status") and not r.get("flag") and (ROLES[who] in USER_ROLES) == (kind == "user")]
                     for kind in ("pro", "user")}
            if ranks["pro"] and ranks["user"]:
                lo_p, hi_p, lo_u, hi_u = min(ranks["pro"]), max(ranks["pro"]), min(ranks["user"]), max(ranks["user"])
                gap, direction = (hi_u - lo_p, "users_lower") if hi_u < lo_p else \
                    (lo_u - hi_p, "users_higher") if lo_u > hi_p else \
                    (0, "same") if lo_p == hi_p == lo_u == hi_u else (0, "overlap")
                gaps[(f"r{k + 1}", item)] = (lo_p, hi_p, lo_u, hi_u, gap, direction)
    return divergence, gaps


def _or_none(x):
    return None if isinstance(x, float) and math.isnan(x) else x


@given(campaigns)
def test_divergence_and_the_users_gap_equal_the_per_item_reference(campaign):
    resp, ans = frames(campaign)
    result = score(Q, resp, ans)
    expected_divergence, expected_gaps = reference(campaign)
    found = {(r["response_id"], r["item_id"], r["field"], _or_none(r["size"]), r["n_respondents"], r["has_consensus"])
             for r in result.divergence.to_dict("records")}
    assert found == expected_divergence
    assert len(result.divergence) == len(found)  # one row per (response, item, field)
    gaps = {(r["response_id"], r["item_id"]): (r["pro_min"], r["pro_max"], r["user_min"], r["user_max"], r["gap"],
                                               r["direction"]) for r in result.role_gap.to_dict("records")}
    assert gaps == expected_gaps
    agreed = result.item_states.set_index(["response_id", "item_id"])["to_be_agreed"]
    for (rid, item), waiting in agreed.items():  # divergent without a consensus: to be agreed (when it counts)
        divergent = any(d[0] == rid and d[1] == item and not d[5] for d in expected_divergence)
        assert not waiting or divergent
