"""Read the answer rows of a filled template: one row per item, and one row per entry of a repeatable group.

Required means what the fill page means (`questionnaires.progress`): an item hidden by its condition,
or outside the chosen version, is not required, and an answer to a hidden item is ignored with a warning.
"""

from __future__ import annotations

from continuum.problems import Problem
from exchange import texts
from exchange.cells import CellReader, status_meaning
from exchange.errors import at, problem
from exchange.layout import GroupSheet, Layout, Row
from questionnaires.conditions import evaluate, visible_items
from questionnaires.model import Item
from questionnaires.progress import is_answered, progress

IN_PLACE = ("in_place", "evaluated")
MAIN_FIELDS = ("status", "extent", "priority", "value", "choices", "number")


def empty_answer() -> dict:
    return {"flag": "", "status": "", "extent": "", "priority": "", "value": "", "choices": "", "number": None,
            "na_reason": "", "comment": ""}


def has_content(answer: dict) -> bool:
    return any(answer[k] not in ("", None) for k in answer)


def _main_value(reader: CellReader, layout: Layout, item: Item, cell, answer: dict) -> None:
    q = layout.questionnaire
    if item.kind == "practice":
        for key in ("status", "extent", "priority"):
            answer[key] = reader.code(cell(key), q.practice_scale(item, key))
    elif item.kind == "single_choice" and item.scale:
        answer["value"] = reader.code(cell("value"), q.scale(item.scale))
    elif item.kind == "multiple_choice" and item.scale:
        scale = q.scale(item.scale)
        answer["choices"] = "|".join(o.code for o in scale.options
                                     if reader.yes_no(cell(f"mc:{scale.id}:{o.code}")))
    elif item.kind == "number":
        answer["number"] = reader.number(cell("value"), item)
    elif item.kind == "text":
        answer["value"] = reader.text(cell("value"), item.max_length)


def _consistency(layout: Layout, item: Item, answer: dict, cell) -> list[Problem]:
    """Flags, reasons, extent and priority that contradict the rest of the row (found: what the person picked)."""
    sheet, out = texts.SHEET_ANSWERS, []
    answered = any(answer[k] not in ("", None) for k in MAIN_FIELDS)
    flag = layout.words[f"flag.{answer['flag']}"] if answer["flag"] else "—"
    if answer["flag"] and answered:
        out.append(problem("flag-and-answer", at(sheet, cell("flag")), found=flag))
    if answer["flag"] == "not_applicable" and not answer["na_reason"].strip():
        out.append(problem("na-reason-missing", at(sheet, cell("na_reason"))))
    if answer["na_reason"].strip() and answer["flag"] != "not_applicable":
        out.append(problem("na-reason-without-flag", at(sheet, cell("na_reason")), found=flag))
    if item.kind == "practice":
        meaning = status_meaning(layout.questionnaire, item, answer["status"])
        status = _status_label(layout, item, answer["status"])
        if answer["extent"] and answer["status"] and meaning not in IN_PLACE:  # no status: reported on its own
            out.append(problem("extent-not-expected", at(sheet, cell("extent")), found=status))
        if answer["priority"] and meaning in IN_PLACE:
            out.append(problem("priority-not-expected", at(sheet, cell("priority")), found=status))
    return out


def _status_label(layout: Layout, item: Item, code: str) -> str:
    option = layout.questionnaire.practice_scale(item, "status").option(code) if code else None
    return option.label.get(layout.lang) if option else "—"


def _read_row(reader: CellReader, layout: Layout, row: Row) -> dict:
    def cell(key: str) -> str:
        return f"{layout.column_letter(key)}{row.number}"

    for column in layout.columns:
        if column.answer and column.key not in row.active and reader.raw(cell(column.key)) is not None:
            reader.problems.append(problem("cell-not-an-answer", at(reader.sheet, cell(column.key)),
                                           found=str(reader.raw(cell(column.key)))[:60]))
    answer = empty_answer()
    _main_value(reader, layout, row.item, cell, answer)
    answer["flag"] = reader.flag(cell("flag"))
    answer["na_reason"] = reader.text(cell("na_reason"), 500)
    answer["comment"] = reader.text(cell("comment"), 2000)
    reader.problems.extend(_consistency(layout, row.item, answer, cell))
    return answer


def read_answers(ws, layout: Layout, version_choice: str,
                 group_entries: dict[str, int]) -> tuple[dict[str, dict], list[Problem]]:
    """Top-level answers by item id (rows left empty are absent), and every problem of the sheet."""
    reader = CellReader(ws, texts.SHEET_ANSWERS, layout.lang, accepted=layout.accepted)
    answers, main_cell = {}, {}
    for row in layout.rows:
        answer = _read_row(reader, layout, row)
        key = "status" if row.item.kind == "practice" else (
            next(iter(sorted(k for k in row.active if k.startswith("mc:"))), "value"))
        main_cell[row.item.id] = f"{layout.column_letter(key)}{row.number}"
        if has_content(answer):
            answers[row.item.id] = answer
    problems = reader.problems
    visible = visible_items(layout.questionnaire, answers)
    for item_id in [i for i in answers if i not in visible]:
        del answers[item_id]
        problems.append(problem("answer-hidden-ignored", at(texts.SHEET_ANSWERS, main_cell[item_id]),
                                severity="warning", item=item_id))
    report = progress(layout.questionnaire, answers, version_choice, group_entries)
    reported = {_row_of(p.location) for p in problems}  # a row with a problem already says what is wrong
    for section in report.sections:
        for item_id in section.missing_required:
            if item_id in main_cell and _row_of(at(texts.SHEET_ANSWERS, main_cell[item_id])) not in reported:
                problems.append(problem("answer-required", at(texts.SHEET_ANSWERS, main_cell[item_id]), item=item_id))
    return answers, problems


def _row_of(location: str) -> str:
    """``Réponses!H12`` -> ``Réponses!12``."""
    sheet, _, coordinate = location.rpartition("!")
    return f"{sheet}!{coordinate.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"


def read_groups(wb, layout: Layout) -> tuple[dict[str, list[dict[str, dict]]], list[Problem]]:
    """Each group's entries, in row order, skipping empty rows."""
    out, problems = {}, []
    for g in layout.groups:
        reader = CellReader(wb[g.name], g.name, layout.lang, accepted=layout.accepted)
        entries = [e for e in (_read_entry(reader, layout, g, g.first_row + n) for n in range(g.n_rows)) if e]
        problems += reader.problems
        if len(entries) < g.group.min_entries:
            problems.append(problem("entries-too-few", at(g.name, f"B{g.first_row}"), found=len(entries),
                                    expected=g.group.min_entries))
        if g.group.max_entries is not None and len(entries) > g.group.max_entries:
            problems.append(problem("entries-too-many", at(g.name, f"B{g.first_row}"), found=len(entries),
                                    expected=g.group.max_entries))
        out[g.group.id] = entries
    return out, problems


def _read_entry(reader: CellReader, layout: Layout, g: GroupSheet, row: int) -> dict[str, dict]:
    q = layout.questionnaire
    answers: dict[str, dict] = {}
    first_cell: dict[str, str] = {}
    for i, column in enumerate(g.columns, start=2):
        coordinate = f"{_letter(i)}{row}"
        first_cell.setdefault(column.item.id, coordinate)
        answer = answers.setdefault(column.item.id, empty_answer())
        item = column.item
        if column.code is not None:
            if reader.yes_no(coordinate):
                answer["choices"] = "|".join(filter(None, [answer["choices"], column.code]))
        elif item.kind == "single_choice" and item.scale:
            answer["value"] = reader.code(coordinate, q.scale(item.scale))
        elif item.kind == "number":
            answer["number"] = reader.number(coordinate, item)
        else:
            answer["value"] = reader.text(coordinate, item.max_length)
    answers = {k: v for k, v in answers.items() if has_content(v)}
    if not answers:
        return {}
    for child in g.group.items or []:
        shown = evaluate(child.when, answers, q)
        if not shown and child.id in answers:
            del answers[child.id]
            reader.problems.append(problem("answer-hidden-ignored", at(g.name, first_cell[child.id]),
                                           severity="warning", item=child.id))
        elif (shown and child.required and not is_answered(child, answers.get(child.id))
              and at(g.name, first_cell[child.id]) not in {p.location for p in reader.problems}):
            reader.problems.append(problem("answer-required", at(g.name, first_cell[child.id]), item=child.id))
    return answers


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
