"""What one answer must satisfy beyond its shape, checked before it is saved: a number within its item's range.

Returns a message key and its values (the views word it in the user's language), never raises.
"""

from __future__ import annotations

from questionnaires.model import Item


def number_refusal(item: Item, number: float | None) -> tuple[str, dict] | None:
    """Why ``number`` cannot be the answer to ``item`` (key, values), or None when it can (or is empty)."""
    if item.kind != "number" or number is None or number != number:
        return None
    if item.integer and float(number) != int(number):
        return "number_not_integer", {}
    below = item.min is not None and number < item.min
    above = item.max is not None and number > item.max
    if not (below or above):
        return None
    if item.min is not None and item.max is not None:
        return "number_between", {"min": f"{item.min:g}", "max": f"{item.max:g}"}
    if below:
        return "number_at_least", {"min": f"{item.min:g}"}
    return "number_at_most", {"max": f"{item.max:g}"}
