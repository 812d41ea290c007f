"""Conditions: decide from one response's answers whether an item is shown. Structured data, never eval.

A hidden item is not required and is not scored. Conditions only look back (the loader
refuses a condition on a later item), so one pass in questionnaire order decides visibility.

``answers`` maps an item id to its answer: a mapping with the answer-frame keys
``status``, ``extent``, ``priority``, ``value``, ``choices``, ``number`` and ``flag``.
Empty strings, None and NaN mean "no value"; ``choices`` may be a list or a ``|``-joined string.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from questionnaires.model import All, Any_, Comparison, Condition, Not, Questionnaire

# The answer a comparison reads when it names no ``field``.
DEFAULT_FIELD: dict[str, str] = {
    "practice": "status",
    "single_choice": "value",
    "multiple_choice": "choices",
    "number": "number",
    "text": "value",
}
# The answers each kind of item has (a group has none of its own).
ANSWER_FIELDS: dict[str, tuple[str, ...]] = {
    "practice": ("status", "extent", "priority"),
    "single_choice": ("value",),
    "multiple_choice": ("choices",),
    "number": ("number",),
    "text": ("value",),
    "group": (),
}
_GUESS_ORDER = ("status", "choices", "number", "value")

Answer = Mapping[str, Any]
Lookup = Callable[[str], "Answer | None"]


def evaluate(condition: Condition | None, answers: Mapping[str, Answer],
             questionnaire: Questionnaire | None = None) -> bool:
    """Whether ``condition`` holds for one response; no condition always holds.

    With ``questionnaire``, a comparison without ``field`` reads the referenced item's
    default field (`DEFAULT_FIELD`); without it, the first of status, choices, number
    and value that has a value.
    """
    kinds = _kinds(questionnaire) if questionnaire is not None else {}
    return _eval(condition, answers.get, kinds)


def visible_items(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> set[str]:
    """Ids of the items shown for these answers; a hidden item's answer counts as no answer.

    A group's sub-items are shown when the group is shown and their own condition holds;
    for one entry of a repeatable group, pass that entry's sub-item answers merged with
    the response's other answers.
    """
    kinds = _kinds(questionnaire)
    visible: set[str] = set()

    def lookup(item_id: str) -> Answer | None:
        return answers.get(item_id) if item_id in visible else None

    for section in questionnaire.sections:
        for item in section.items:
            if not _eval(item.when, lookup, kinds):
                continue
            visible.add(item.id)
            for child in item.items or []:
                if _eval(child.when, lookup, kinds):
                    visible.add(child.id)
    return visible


def answer_value(answer: Answer | None, field: str) -> Any:
    """The value of one answer field, or None when it has none (empty, NaN, or flagged)."""
    if not answer or _present(answer.get("flag")):
        return None
    value = answer.get(field)
    if field == "choices":
        if isinstance(value, str):
            value = [v for v in value.split("|") if v]
        return frozenset(str(v) for v in value) if value else None
    if field == "number":
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        return None if math.isnan(number) else number
    return str(value) if _present(value) else None


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return value != ""


def _kinds(questionnaire: Questionnaire) -> dict[str, str]:
    return {item.id: item.kind for item in questionnaire.items(include_group_children=True)}


def _eval(condition: Condition | None, lookup: Lookup, kinds: Mapping[str, str]) -> bool:
    if condition is None:
        return True
    if isinstance(condition, All):
        return all(_eval(c, lookup, kinds) for c in condition.all)
    if isinstance(condition, Any_):
        return any(_eval(c, lookup, kinds) for c in condition.any)
    if isinstance(condition, Not):
        return not _eval(condition.not_, lookup, kinds)
    return _compare(condition, lookup(condition.item), kinds.get(condition.item))


def _field(comparison: Comparison, answer: Answer | None, kind: str | None) -> str:
    if comparison.field is not None:
        return comparison.field
    if kind in DEFAULT_FIELD:
        return DEFAULT_FIELD[kind]
    return next((f for f in _GUESS_ORDER if answer_value(answer, f) is not None), "value")


def _compare(c: Comparison, answer: Answer | None, kind: str | None) -> bool:
    value = answer_value(answer, _field(c, answer, kind))
    if c.answered is not None:
        return (value is not None) == c.answered
    if c.not_equals is not None:
        return not _matches(value, c.not_equals)
    if value is None:
        return False
    if c.equals is not None:
        return _matches(value, c.equals)
    if c.in_ is not None:
        return any(_matches(value, v) for v in c.in_)
    if c.includes is not None:
        return isinstance(value, frozenset) and c.includes in value
    if not isinstance(value, float):
        return False
    bounds = ((c.gt, value.__gt__), (c.gte, value.__ge__), (c.lt, value.__lt__), (c.lte, value.__le__))
    return next(test(bound) for bound, test in bounds if bound is not None)


def _matches(value: Any, expected: Any) -> bool:
    if value is None or isinstance(expected, bool):
        return False
    if isinstance(value, float):
        return isinstance(expected, (int, float)) and value == float(expected)
    if isinstance(value, frozenset):
        return value == frozenset([str(expected)])
    return value == str(expected)
