"""The catalogue of scoring problems: each code with where it points, what was found and how to fix it."""

from __future__ import annotations

from continuum.problems import Problem

# code -> (message template, fix template)
CATALOGUE: dict[str, tuple[str, str]] = {
    "scoring-wrong-version": (
        "response filled under {questionnaire} version {found}, scored against version {expected}",
        "Score it with the questionnaire version it was filled under, or migrate the response first.",
    ),
    "scoring-unknown-response": (
        "answer to response '{found}', which is not in the response frame",
        "Load the responses and their answers together, from the same campaign.",
    ),
    "scoring-unknown-item": (
        "answer to item '{found}', which is not in {questionnaire} {version}",
        "Remove the answer or score it with the questionnaire that has this item. {hint}",
    ),
    "scoring-option-not-on-scale": (
        "{field} '{found}' is not an option of this item ({expected})",
        "Use one of the item's options.",
    ),
    "scoring-unknown-flag": (
        "flag '{found}' is not one of: not_applicable, dont_know",
        "Leave the flag empty, or use not_applicable (with a reason) or dont_know.",
    ),
    "scoring-duplicate-answer": (
        "{count} answers to this item by the same respondent (entry {entry})",
        "Keep one answer per item, entry and respondent.",
    ),
    "scoring-not-applicable-without-reason": (
        "'not applicable' with no reason",
        "Give a short reason, or answer the item.",
    ),
    "scoring-number-out-of-range": (
        "number {found} is outside {expected}",
        "Correct the number.",
    ),
    "scoring-missing-column": (
        "the {frame} frame has no column '{found}'",
        "Build the frames as docs/ARCHITECTURE.md describes.",
    ),
    "scoring-duplicate-response": (
        "response '{found}' appears more than once in the response frame",
        "Keep one row per response: its id is how its answers and figures are found.",
    ),
    "scoring-missing-response-id": (
        "a response has no id",
        "Give every response its stable id.",
    ),
    "scoring-not-a-number": (
        "{field} '{found}' is not a number",
        "Write a number (digits, '.' for decimals), or leave it empty.",
    ),
    "scoring-bad-entry": (
        "entry '{found}' is not a whole number",
        "Use -1 outside repeatable groups and 0, 1, … for the entries of a group.",
    ),
    "scoring-entry-outside-group": (
        "entry {found} given to an item that is not in a repeatable group",
        "Use entry -1 for items outside groups.",
    ),
    "scoring-entry-missing": (
        "an answer to this sub-item of group '{group}' has no entry number",
        "Give the entry (0, 1, …) of the group the answer belongs to.",
    ),
    "scoring-group-answered": (
        "an answer to group '{found}' itself, which takes no answer",
        "Answer its sub-items, each with the entry it belongs to.",
    ),
    "scoring-inventory-missing": (
        "no initiative inventory ({found}) was given, so no degree that needs evidence can be evidenced",
        "Score with the inventory questionnaire and its responses.",
    ),
    "scoring-peer-group-near-duplicate": (
        "this peer group differs from '{found}' by {count} establishment(s)",
        "Change at least 5 establishments, so that subtracting one group from the other reveals no one.",
    ),
}


def problem(code: str, location: str, *, found: object = "", expected: object = "",
            severity: str = "error", **params: object) -> Problem:
    """A catalogue problem, its templates filled with ``found``, ``expected`` and ``params``."""
    message, fix = CATALOGUE[code]
    values = {"found": found, "expected": expected, **params}
    return Problem(code=code, location=location, message=message.format(**values),
                   fix=fix.format(**values).strip(), found=str(found), expected=str(expected),
                   severity=severity)  # type: ignore[arg-type]


def where(response_id: object, item_id: object = "", entry: object = -1, respondent: object = "") -> str:
    """'response/item', then '#entry' inside a repeatable group and '@respondent' for an individual answer."""
    text = f"{response_id}/{item_id}" if item_id != "" else str(response_id)
    if entry not in (-1, "-1", None):
        text += f"#{entry}"
    if respondent:
        text += f"@{respondent}"
    return text
