"""Generated questionnaires: every valid one loads, and any condition on a later item is refused."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from questionnaires.conditions import visible_items
from questionnaires.loader import validate_questionnaire_text

IDS = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)
KINDS = ("practice", "single_choice", "multiple_choice", "number", "text")
STATUS = ["not_in_place", "being_set_up", "in_place", "evaluated"]
CHOICES = ["opt_a", "opt_b", "opt_c"]


def text(word: str) -> dict:
    return {"fr": f"Texte {word}", "en": f"Text {word}"}


def scales() -> list[dict]:
    def opts(codes, **extra):
        return [{"code": c, "label": text(c), **{k: v[i] for k, v in extra.items()}} for i, c in enumerate(codes)]

    return [
        {"id": "status", "role": "status", "options": opts(STATUS, meaning=STATUS)},
        {"id": "extent", "role": "extent", "options": opts(["pilot", "wide"], meaning=["pilot", "beyond_pilot"])},
        {"id": "priority", "role": "priority", "options": opts(["high", "low"], rank=[1, 2])},
        {"id": "options", "options": opts(CHOICES)},
    ]


@st.composite
def comparisons(draw, target: dict) -> dict:
    """A comparison that fits the target item's kind."""
    kind, item = target["kind"], target["id"]
    if draw(st.booleans()):
        return {"item": item, "answered": draw(st.booleans())}
    if kind == "practice":
        return {"item": item, "in": draw(st.lists(st.sampled_from(STATUS), min_size=1, max_size=4, unique=True))}
    if kind == "single_choice":
        return {"item": item, draw(st.sampled_from(["equals", "not_equals"])): draw(st.sampled_from(CHOICES))}
    if kind == "multiple_choice":
        return {"item": item, "includes": draw(st.sampled_from(CHOICES))}
    if kind == "number":
        return {"item": item, draw(st.sampled_from(["gt", "gte", "lt", "lte"])): draw(st.integers(0, 50))}
    return {"item": item, "not_equals": draw(st.sampled_from(["x", "y"]))}


@st.composite
def conditions(draw, earlier: list[dict], depth: int = 0) -> dict:
    shape = draw(st.sampled_from(["cmp", "cmp", "all", "any", "not"] if depth < 2 else ["cmp"]))
    if shape == "cmp":
        return draw(comparisons(draw(st.sampled_from(earlier))))
    if shape == "not":
        return {"not": draw(conditions(earlier, depth + 1))}
    return {shape: draw(st.lists(conditions(earlier, depth + 1), min_size=1, max_size=3))}


@st.composite
def questionnaires(draw) -> dict:
    degrees = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    levels = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
    cells = [{"level": lv, "degree": dg} for lv in levels for dg in degrees]
    item_ids = draw(st.lists(IDS, min_size=1, max_size=12, unique=True))
    items: list[dict] = []
    for item_id in item_ids:
        item = {"id": item_id, "kind": draw(st.sampled_from(KINDS)), "text": text(item_id)}
        if item["kind"] in ("single_choice", "multiple_choice"):
            item["scale"] = "options"
        if item["kind"] == "practice":
            item["cells"] = draw(st.lists(st.sampled_from(cells), max_size=2, unique_by=lambda c: (c["level"], c["degree"])))
        if items and draw(st.booleans()):
            item["when"] = draw(conditions(list(items)))
        items.append(item)
    cut = sorted(draw(st.sets(st.integers(1, len(items) - 1), max_size=2))) if len(items) > 1 else []
    bounds = [0, *cut, len(items)]
    sections = [{"id": f"section{i}", "title": text(f"s{i}"), "items": items[a:b]}
                for i, (a, b) in enumerate(zip(bounds, bounds[1:]))]
    return {
        "id": "generated", "version": "1.0", "title": text("title"),
        "matrix": {"degrees": [{"id": d, "label": text(d)} for d in degrees],
                   "levels": [{"id": lv, "label": text(lv)} for lv in levels]},
        "scales": scales(), "sections": sections,
        "scoring": {"evidence": {"degrees": [degrees[-1]]}},
    }


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@given(questionnaires())
def test_a_generated_valid_questionnaire_loads_without_errors(data):
    result = validate_questionnaire_text(dump(data), "generated.yaml")
    assert result.errors == [], "\n".join(str(p) for p in result.errors)
    assert {w.code for w in result.warnings} <= {"empty-cell"}
    questionnaire = result.questionnaire
    assert [i.id for i in questionnaire.items()] == [i["id"] for s in data["sections"] for i in s["items"]]
    unconditional = {i["id"] for s in data["sections"] for i in s["items"] if "when" not in i}
    assert unconditional <= visible_items(questionnaire, {})


@given(questionnaires(), st.data())
def test_a_condition_on_a_later_item_is_always_refused(data, draw):
    items = [(s, i) for s, section in enumerate(data["sections"]) for i in range(len(section["items"]))]
    if len(items) < 2:
        return
    first, later = sorted(draw.draw(st.lists(st.sampled_from(items), min_size=2, max_size=2, unique=True)))
    source = data["sections"][first[0]]["items"][first[1]]
    target = data["sections"][later[0]]["items"][later[1]]
    source["when"] = draw.draw(comparisons(target))
    result = validate_questionnaire_text(dump(data), "generated.yaml")
    codes = {p.code for p in result.errors}
    assert result.questionnaire is None
    assert codes & {"condition-forward-reference", "condition-cycle"}, codes
