"""A straightforward per-response reference implementation of the method, kept as the tests' oracle.

It loops over responses, items and cells in plain Python, so that it reads like docs/scoring-method.md,
and decides visibility with the fill page's own per-response evaluator (``questionnaires.conditions``);
the vectorised engine must agree with it on random inputs.
"""

from __future__ import annotations

import math

import pandas as pd

from questionnaires.conditions import visible_items
from questionnaires.model import Questionnaire

STATUS_RANK = {"not_in_place": 0, "being_set_up": 1, "in_place": 2, "evaluated": 3}
HELD = ("present", "established")


def _meaning(q: Questionnaire, scale_id: str, code: str) -> str | None:
    option = q.scale(scale_id).option(code) if code else None
    return option.meaning if option else None


def _resolve(rows: list[dict]) -> tuple[dict | None, bool]:
    """(the answer that counts, to be agreed?)"""
    shared = [r for r in rows if r["respondent"] == ""]
    if shared:
        return shared[0], False
    seen = {(r["flag"], r["status"], r["extent"], r["priority"], r["value"],
             frozenset(c for c in r["choices"].split("|") if c),
             None if r["number"] is None or (isinstance(r["number"], float) and math.isnan(r["number"]))
             else r["number"]) for r in rows}
    return (rows[0], False) if len(seen) == 1 else (None, True)


def _answered(item, row: dict | None) -> bool:
    if row is None or row["flag"]:
        return False
    field = {"practice": "status", "single_choice": "value", "multiple_choice": "choices", "text": "value"}.get(item.kind)
    if field:
        return bool(row[field])
    return not (row["number"] is None or math.isnan(row["number"]))


def _state(c: dict, n: int, x: float, needs_evaluated: bool) -> str:
    if c["excluded"] or (c["n_items"] > 0 and c["n_applicable"] == 0):
        return "not_applicable"
    if c["n_items"] == 0:
        return "not_assessed"
    if c["n_answered"] == 0:
        return "to_be_agreed" if c["n_to_be_agreed"] else "not_answered"
    beyond = c["n_in_place_beyond_pilot"]
    if beyond >= n and 100 * beyond / c["n_answered"] > x and (c["n_evaluated"] >= 1 or not needs_evaluated):
        return "established"
    if beyond >= n:
        return "present"
    if c["n_in_place"] + c["n_being_set_up"] > 0:
        return "emerging"
    return "absent"


def score_one(q: Questionnaire, response: dict, rows: list[dict]) -> tuple[dict, dict]:
    """Cells {(level, degree): counts and state} and levels {level: profile} of one response."""
    by_item: dict[str, list[dict]] = {}
    for row in rows:
        by_item.setdefault(row["item_id"], []).append(row)
    final, tba = {}, set()
    for item_id, item_rows in by_item.items():
        final[item_id], agreed_not = _resolve(item_rows)
        if agreed_not:
            tba.add(item_id)
    shown = visible_items(q, {k: v for k, v in final.items() if v is not None})
    visible = {item.id: item.id in shown for item in q.items()}
    info = {}
    for item in q.items():
        if item.kind != "practice" or not visible[item.id]:
            continue
        row = final.get(item.id)
        skipped = response["version_choice"] == "core" and not item.core
        na = not skipped and row is not None and row["flag"] == "not_applicable"
        applicable = not skipped and not na
        answered = applicable and _answered(item, row)
        status = _meaning(q, item.status_scale or "status", row["status"]) if answered else None
        extent = _meaning(q, item.extent_scale or "extent", row["extent"]) if answered else None
        info[item.id] = dict(applicable=applicable, na=na, answered=answered,
                             tba=applicable and not answered and item.id in tba,
                             in_place=status in ("in_place", "evaluated"),
                             beyond=status in ("in_place", "evaluated") and extent == "beyond_pilot",
                             evaluated=status == "evaluated", set_up=status == "being_set_up")
    return info, visible


def oracle(q: Questionnaire, responses: pd.DataFrame, answers: pd.DataFrame) -> tuple[dict, dict]:
    rules = q.scoring
    n, x = rules.cell_states.present_min_practices, rules.cell_states.established_min_share
    evidence = set(rules.evidence.degrees) if rules.evidence.inventory else set()
    cells, levels = {}, {}
    rows_by_response: dict[str, list[dict]] = {}
    for row in answers.to_dict("records"):
        if row["entry"] == -1:
            rows_by_response.setdefault(row["response_id"], []).append(row)
    for response in responses.to_dict("records"):
        rid = response["response_id"]
        info, _ = score_one(q, response, rows_by_response.get(rid, []))
        for lvl in q.matrix.levels:
            rule = lvl.optional_for
            size = response["size"]
            excluded = response["category"] in rule.categories or (
                rule.size_below is not None and size == size and size < rule.size_below)
            states = []
            for deg in q.degree_ids:
                members = [i for i in q.items() if i.kind == "practice" and i.id in info
                           and any(c.level == lvl.id and c.degree == deg for c in i.cells)]
                c = dict(excluded=excluded, n_items=len(members),
                         n_applicable=sum(info[i.id]["applicable"] for i in members),
                         n_not_applicable=sum(info[i.id]["na"] for i in members),
                         n_answered=sum(info[i.id]["answered"] for i in members),
                         n_to_be_agreed=sum(info[i.id]["tba"] for i in members),
                         n_in_place=sum(info[i.id]["in_place"] for i in members),
                         n_in_place_beyond_pilot=sum(info[i.id]["beyond"] for i in members),
                         n_evaluated=sum(info[i.id]["evaluated"] for i in members),
                         n_being_set_up=sum(info[i.id]["set_up"] for i in members))
                state = _state(c, n, x, rules.cell_states.established_requires_evaluated)
                if state in HELD and deg in evidence:
                    state = "declared_not_evidenced"  # these random campaigns have no inventory
                c["state"] = state
                cells[(rid, lvl.id, deg)] = c
                states.append(state)
            at_level = [i for i in q.items() if i.kind == "practice" and i.id in info
                        and any(c.level == lvl.id for c in i.cells)]
            answered = 0 if excluded else sum(info[i.id]["answered"] for i in at_level)
            in_place = 0 if excluded else sum(info[i.id]["in_place"] for i in at_level)
            held = [k for k, s in enumerate(states) if s in HELD]
            levels[(rid, lvl.id)] = dict(
                n_answered=answered, n_in_place=in_place,
                coverage=in_place / answered if answered else float("nan"),
                current_degree=q.degree_ids[max(held)] if held else None,
                foundation_gap=states[0] == "absent" and any(
                    s in (*HELD, "declared_not_evidenced") for s in states[1:]))
    return cells, levels
