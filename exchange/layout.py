"""The offline template's layout, computed once from a questionnaire: the writer draws it, the importer checks it.

Drop-down lists show option *labels* in the template's language; the importer maps a label (French or
English, any case) or the option's code back to the code, which is what the database stores.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from openpyxl.utils import get_column_letter

from exchange import texts
from exchange.safe import neutralise, restore
from questionnaires.model import All, Any_, Comparison, Condition, Item, Not, Questionnaire, Scale

FORMAT = "continuum-template"
FORMAT_VERSION = "1"
DEFAULT_GROUP_ROWS = 50
STRUCTURE = ("item_id", "section", "text", "help", "kind", "core", "condition")
PRACTICE = ("status", "extent", "priority")
TAIL = ("flag", "na_reason", "comment")
WIDTHS = {"item_id": 22, "section": 18, "text": 60, "help": 40, "kind": 14, "core": 8, "condition": 28,
          "status": 22, "extent": 22, "priority": 16, "value": 24, "flag": 18, "na_reason": 30, "comment": 40}
STAMP_KEYS = ("format", "format_version", "questionnaire_id", "questionnaire_version", "lang", "sector",
              "group_rows", "structure_hash", "establishment")
IDENTITY_KEYS = ("finess_et", "finess_ej", "name", "version_choice")


@dataclass(frozen=True)
class Column:
    key: str  # "status", "value", "mc:<item or scale>:<code>", …
    header: str
    answer: bool
    width: float = 14
    scale: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Row:
    item: Item
    number: int
    section: str
    active: frozenset[str]  # the answer columns this item takes


@dataclass(frozen=True)
class GroupColumn:
    key: str
    item: Item
    header: str
    code: str | None = None  # an option of a multiple-choice sub-item


@dataclass(frozen=True)
class GroupSheet:
    group: Item
    name: str
    columns: list[GroupColumn]
    n_rows: int
    first_row: int = 3


def option_labels(scale: Scale, lang: str) -> list[str]:
    """The labels shown for a scale's options; a label shared by two options gets its code added."""
    labels = [o.label.get(lang) for o in scale.options]
    return [neutralise(f"{label} ({o.code})" if labels.count(label) > 1 else label)
            for label, o in zip(labels, scale.options)]


def accepted_values(scale: Scale) -> dict[str, str]:
    """Every spelling the import accepts for each option (code, French and English labels), casefolded."""
    out: dict[str, str] = {}
    for lang in ("fr", "en"):
        for label, option in zip(option_labels(scale, lang), scale.options):
            out.setdefault(label.strip().casefold(), option.code)
            out.setdefault(restore(label).strip().casefold(), option.code)
    for option in scale.options:
        out[option.code.casefold()] = option.code
    return out


@dataclass
class Layout:
    questionnaire: Questionnaire
    lang: str = "fr"
    sector: str = "health"
    group_rows: int = DEFAULT_GROUP_ROWS
    establishment: str = ""
    lists: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        w = texts.words(self.lang)
        self.lists = {"yesno": [w["yes"], w["no"]], "flag": [w["flag.not_applicable"], w["flag.dont_know"]],
                      "version": [w["version.core"], w["version.extended"]]}
        for scale in self.questionnaire.scales:
            self.lists[f"scale:{scale.id}"] = option_labels(scale, self.lang)

    @property
    def words(self) -> dict[str, str]:
        return texts.words(self.lang)

    def list_range(self, key: str) -> str:
        """The absolute range of a list on the hidden lists sheet, for a data validation."""
        column = get_column_letter(list(self.lists).index(key) + 1)
        return f"'{texts.SHEET_LISTS}'!${column}$2:${column}${len(self.lists[key]) + 1}"

    # --- the answers sheet --------------------------------------------------------------------
    @cached_property
    def columns(self) -> list[Column]:
        w = self.words
        cols = [Column(k, w[k], False, WIDTHS[k]) for k in STRUCTURE]
        cols += [Column(k, w[k], True, WIDTHS[k]) for k in (*PRACTICE, "value")]
        for item in self.questionnaire.items():
            if item.kind == "multiple_choice" and item.scale:
                scale = self.questionnaire.scale(item.scale)
                for label, option in zip(option_labels(scale, self.lang), scale.options):
                    key = f"mc:{scale.id}:{option.code}"
                    if all(c.key != key for c in cols):
                        cols.append(Column(key, label, True, max(10, min(len(label) + 2, 24)), scale.id, option.code))
        cols += [Column(k, w[k], True, WIDTHS[k]) for k in TAIL]
        return cols

    def column_letter(self, key: str) -> str:
        return self._letters[key]

    @cached_property
    def _letters(self) -> dict[str, str]:
        return {c.key: get_column_letter(i) for i, c in enumerate(self.columns, 1)}

    def accepted(self, scale: Scale) -> dict[str, str]:
        """`accepted_values` of a scale, computed once per layout (the importer asks for every answer cell)."""
        if scale.id not in self._accepted:
            self._accepted[scale.id] = accepted_values(scale)
        return self._accepted[scale.id]

    @cached_property
    def _accepted(self) -> dict[str, dict[str, str]]:
        return {}

    @cached_property
    def rows(self) -> list[Row]:
        out, number = [], 2
        for section in self.questionnaire.sections:
            for item in section.items:
                if item.kind == "group":
                    continue
                out.append(Row(item, number, section.title.get(self.lang), self._active(item)))
                number += 1
        return out

    def _active(self, item: Item) -> frozenset[str]:
        tail = {"flag", "na_reason", "comment"}
        if item.kind == "practice":
            return frozenset({*PRACTICE, *tail})
        if item.kind == "multiple_choice":
            return frozenset({c.key for c in self.columns if c.scale == item.scale} | tail)
        return frozenset({"value", *tail})

    def structure_values(self, row: Row) -> dict[str, str]:
        item, w = row.item, self.words
        values = {"item_id": item.id, "section": row.section, "text": item.text.render(self.lang, self.sector),
                  "help": item.help.get(self.lang) if item.help else "", "kind": w[f"kind.{item.kind}"],
                  "core": w["yes"] if item.core else "", "condition": self.condition_text(item.when)}
        return {k: neutralise(v) for k, v in values.items()}

    def condition_text(self, condition: Condition | None) -> str:
        if condition is None:
            return ""
        return f"{self.words['condition.prefix']} {self._condition(condition)}"

    def _condition(self, c: Condition) -> str:
        join = " ET " if self.lang == "fr" else " AND "
        if isinstance(c, All):
            return "(" + join.join(self._condition(x) for x in c.all) + ")"
        if isinstance(c, Any_):
            return "(" + (" OU " if self.lang == "fr" else " OR ").join(self._condition(x) for x in c.any) + ")"
        if isinstance(c, Not):
            return ("NON " if self.lang == "fr" else "NOT ") + self._condition(c.not_)
        assert isinstance(c, Comparison)
        value = getattr(c, c.operator)
        values = value if isinstance(value, list) else [value]
        shown = " / ".join(self._label_of(c.item, str(v)) for v in values)
        return f"{c.item} {c.operator.rstrip('_')} {shown}"

    def _label_of(self, item_id: str, code: str) -> str:
        try:
            item = self.questionnaire.item(item_id)
            scale = self.questionnaire.practice_scale(item, "status") if item.kind == "practice" else (
                self.questionnaire.scale(item.scale) if item.scale else None)
        except KeyError:
            return code
        option = scale.option(code) if scale else None
        return f"« {option.label.get(self.lang)} »" if option else code

    # --- repeatable groups: one sheet each, one row per entry ----------------------------------
    @cached_property
    def groups(self) -> list[GroupSheet]:
        out = []
        for item in self.questionnaire.items():
            if item.kind != "group" or not item.items:
                continue
            cols = []
            for child in item.items:
                header = neutralise(child.text.render(self.lang, self.sector))
                if child.kind == "multiple_choice" and child.scale:
                    scale = self.questionnaire.scale(child.scale)
                    for label, option in zip(option_labels(scale, self.lang), scale.options):
                        cols.append(GroupColumn(f"{child.id}:{option.code}", child, f"{header} — {label}", option.code))
                else:
                    cols.append(GroupColumn(child.id, child, header))
            rows = min(item.max_entries or self.group_rows, self.group_rows)
            cols_name = item.id[:31]
            out.append(GroupSheet(item, cols_name, cols, max(rows, item.min_entries)))
        return out

    def sheet_names(self) -> list[str]:
        return [texts.SHEET_INSTRUCTIONS, texts.SHEET_IDENTITY, texts.SHEET_ANSWERS,
                *[g.name for g in self.groups], texts.SHEET_LISTS, texts.SHEET_STAMP]

    # --- what the importer compares, and the fingerprint of it ---------------------------------
    def identity_labels(self) -> dict[str, str]:
        return {k: self.words[f"identity.{k}"] for k in IDENTITY_KEYS}

    @cached_property
    def structure_cells(self) -> dict[str, dict[str, str]]:
        """Per sheet, every locked cell the import expects unchanged (coordinate -> text)."""
        w = self.words
        answers = {f"{get_column_letter(i)}1": c.header for i, c in enumerate(self.columns, 1)}
        for row in self.rows:
            for key, value in self.structure_values(row).items():
                answers[f"{self.column_letter(key)}{row.number}"] = value
        identity = {"A1": w["identity.field"], "B1": w["identity.value"], "C1": w["identity.check"]}
        for n, label in enumerate(self.identity_labels().values(), start=2):
            identity[f"A{n}"] = label
        out = {texts.SHEET_IDENTITY: identity, texts.SHEET_ANSWERS: answers}
        for g in self.groups:
            cells = {"A1": w["entry"], "A2": "entry"}
            for i, col in enumerate(g.columns, start=2):
                letter = get_column_letter(i)
                cells[f"{letter}1"], cells[f"{letter}2"] = col.header, col.key
            for n in range(g.n_rows):
                cells[f"A{g.first_row + n}"] = str(n + 1)
            out[g.name] = cells
        lists = {}
        for i, (key, labels) in enumerate(self.lists.items(), start=1):
            letter = get_column_letter(i)
            lists[f"{letter}1"] = key
            for n, label in enumerate(labels, start=2):
                lists[f"{letter}{n}"] = label
        out[texts.SHEET_LISTS] = lists
        return out

    @cached_property
    def structure_hash(self) -> str:
        payload = json.dumps([self.sheet_names(), self.structure_cells], sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]

    def stamp(self) -> dict[str, str]:
        q = self.questionnaire
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "questionnaire_id": q.id,
                "questionnaire_version": q.version, "lang": self.lang, "sector": self.sector,
                "group_rows": str(self.group_rows), "structure_hash": self.structure_hash, "establishment": self.establishment}
