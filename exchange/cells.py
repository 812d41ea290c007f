"""Read one answer cell: a label or code back to its code, a number, a text, a yes/no; every refusal is a Problem.

Free text (text items, reasons, comments) is passed through `exchange.safe.restore`, so that what an
export neutralised comes back exactly as it was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl.utils.cell import coordinate_to_tuple

from continuum.problems import Problem
from exchange.errors import at, did_you_mean, problem, say
from exchange.layout import accepted_values, option_labels
from exchange.safe import restore
from exchange.texts import WORDS
from questionnaires.model import Item, Questionnaire, Scale

FLAGS = {"not_applicable": "not_applicable", "dont_know": "dont_know"}
for _lang in WORDS.values():
    FLAGS[_lang["flag.not_applicable"].casefold()] = "not_applicable"
    FLAGS[_lang["flag.dont_know"].casefold()] = "dont_know"
YES = {"yes", "oui", "x", "1", "true", "vrai"}
NO = {"no", "non", "0", "false", "faux"}


@dataclass
class CellReader:
    """Reads cells of one sheet, collecting problems instead of raising."""

    ws: object
    sheet: str
    lang: str
    problems: list[Problem] = field(default_factory=list)
    accepted: Callable[[Scale], dict[str, str]] = accepted_values  # a layout's cached `accepted_values`

    def raw(self, coordinate: str):
        """The cell's value, None when empty; a formula is refused (an answer is typed, never computed)."""
        cell = self.ws.cell(*cell_tuple(coordinate))
        value = cell.value
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=") and cell.data_type != "s"):
            self.problems.append(problem("formula-in-answer", at(self.sheet, coordinate), found=str(value)[:60]))
            return None
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def code(self, coordinate: str, scale: Scale) -> str:
        value = self.raw(coordinate)
        if value is None:
            return ""
        text = _text(value).strip()
        code = self.accepted(scale).get(text.casefold())
        if code is None:
            labels = option_labels(scale, self.lang)
            self.problems.append(problem("code-unknown", at(self.sheet, coordinate), found=text,
                                         expected=" / ".join(labels), hint=did_you_mean(text, labels)))
            return ""
        return code

    def flag(self, coordinate: str) -> str:
        value = self.raw(coordinate)
        if value is None:
            return ""
        text = _text(value).strip()
        flag = FLAGS.get(text.casefold())
        if flag is None:
            w = WORDS["en" if self.lang == "en" else "fr"]
            expected = [w["flag.not_applicable"], w["flag.dont_know"]]
            self.problems.append(problem("code-unknown", at(self.sheet, coordinate), found=text,
                                         expected=" / ".join(expected), hint=did_you_mean(text, expected)))
            return ""
        return flag

    def yes_no(self, coordinate: str) -> bool | None:
        value = self.raw(coordinate)
        if value is None:
            return None
        text = _text(value).strip().casefold()
        if text in YES:
            return True
        if text in NO:
            return False
        w = WORDS["en" if self.lang == "en" else "fr"]
        self.problems.append(problem("code-unknown", at(self.sheet, coordinate), found=_text(value),
                                     expected=f"{w['yes']} / {w['no']}"))
        return None

    def number(self, coordinate: str, item: Item) -> float | None:
        value = self.raw(coordinate)
        if value is None:
            return None
        bounds = _bounds(item)
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            number = None
        elif isinstance(value, str):
            try:
                number = float(value.strip().replace("\u202f", "").replace(" ", "").replace(",", "."))
            except ValueError:
                number = None
        else:
            number = float(value)
        if number is None or number != number:
            self.problems.append(problem("number-invalid", at(self.sheet, coordinate), found=_text(value),
                                         expected=bounds))
            return None
        low = item.min if item.min is not None else float("-inf")
        high = item.max if item.max is not None else float("inf")
        if not low <= number <= high or (item.integer and not number.is_integer()):
            self.problems.append(problem("number-out-of-range", at(self.sheet, coordinate), found=_text(value),
                                         expected=bounds))
            return None
        return number

    def text(self, coordinate: str, max_length: int | None = None) -> str:
        value = self.raw(coordinate)
        if value is None:
            return ""
        text = restore(_text(value))
        if max_length is not None and len(text) > max_length:
            self.problems.append(problem("text-too-long", at(self.sheet, coordinate), found=len(text),
                                         expected=max_length))
        return text


@lru_cache(maxsize=65536)
def cell_tuple(coordinate: str) -> tuple[int, int]:
    """(row, column) of ``A1``-style coordinates, parsed once: ``ws.cell`` skips openpyxl's range parsing."""
    return coordinate_to_tuple(coordinate)


def _text(value) -> str:
    """A cell value as the text a person typed (12.0 -> '12', a date -> ISO)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def _bounds(item: Item) -> str:
    """What a number cell takes, e.g. "un nombre entier de 0 à 500"."""
    kind = say("a_whole_number" if item.integer else "a_number")
    low, high = (f"{v:g}" if v is not None else None for v in (item.min, item.max))
    if low is not None and high is not None:
        return say("between", kind=kind, low=low, high=high)
    if low is not None:
        return say("at_least", kind=kind, low=low)
    if high is not None:
        return say("at_most", kind=kind, high=high)
    return kind


def status_meaning(questionnaire: Questionnaire, item: Item, code: str) -> str:
    option = questionnaire.practice_scale(item, "status").option(code) if code else None
    return (option.meaning or "") if option else ""
