"""Check a filled template completely and turn it into answers; nothing here touches the database.

Order: sheets and stamp, then merged cells and the locked structure, then every answer cell. Every
problem is collected, each with its ``sheet!cell``; the caller writes only when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from continuum.problems import Problem
from exchange import texts
from exchange.cells import CellReader, _text, cell_tuple
from exchange.errors import at, problem
from exchange.layout import FORMAT, STAMP_KEYS, Layout
from exchange.rows import read_answers, read_groups
from questionnaires.model import Questionnaire


@dataclass
class ParsedTemplate:
    """What a valid file says: identity, top-level answers by item id, and each group's entries."""

    stamp: dict[str, str]
    identity: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict] = field(default_factory=dict)
    entries: dict[str, list[dict[str, dict]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def read_stamp(wb) -> tuple[dict[str, str], list[Problem]]:
    """The hidden stamp's key/value pairs; a missing or foreign stamp is a problem."""
    if texts.SHEET_STAMP not in wb.sheetnames:
        return {}, [problem("sheet-missing", at(texts.SHEET_STAMP, "A1"), found=texts.SHEET_STAMP)]
    ws = wb[texts.SHEET_STAMP]
    stamp = {}
    for n, key in enumerate(STAMP_KEYS, start=1):
        found = _text(ws.cell(row=n, column=1).value or "")
        if found != key:
            return {}, [problem("stamp-invalid", at(texts.SHEET_STAMP, f"A{n}"), found=found, expected=key)]
        stamp[key] = _text(ws.cell(row=n, column=2).value or "")
    if stamp["format"] != FORMAT:
        return {}, [problem("stamp-invalid", at(texts.SHEET_STAMP, "B1"), found=stamp["format"], expected=FORMAT)]
    return stamp, []


_LAYOUTS: dict[tuple, Layout] = {}


def layout_of(questionnaire: Questionnaire, stamp: dict[str, str]) -> Layout:
    """The layout the stamp describes, built once per questionnaire object and stamp (a bulk import reuses it)."""
    rows = int(stamp["group_rows"]) if stamp.get("group_rows", "").isdigit() else None
    key = (id(questionnaire), stamp.get("lang") or "fr", stamp.get("sector") or "health",
           stamp.get("establishment", ""), rows)
    cached = _LAYOUTS.get(key)
    if cached is not None and cached.questionnaire is questionnaire:  # the id of a freed object may be reused
        return cached
    layout = Layout(questionnaire, key[1], key[2], establishment=key[3], **({"group_rows": rows} if rows else {}))
    if len(_LAYOUTS) >= 64:
        _LAYOUTS.clear()
    _LAYOUTS[key] = layout
    return layout


def check_shape(wb, layout: Layout, stamp: dict[str, str]) -> list[Problem]:
    """Sheets, fingerprint, merged cells and locked structure cells; [] when the file is the template."""
    q = layout.questionnaire
    if stamp.get("structure_hash") != layout.structure_hash:
        return [problem("template-outdated", at(texts.SHEET_STAMP, f"B{STAMP_KEYS.index('structure_hash') + 1}"), found=stamp.get("structure_hash"),
                        expected=layout.structure_hash, questionnaire=q.id, version=q.version)]
    expected = layout.sheet_names()
    out = [problem("sheet-missing", at(name, "A1"), found=name) for name in expected if name not in wb.sheetnames]
    out += [problem("sheet-extra", at(name, "A1"), found=name) for name in wb.sheetnames if name not in expected]
    for ws in wb.worksheets:
        for merged in ws.merged_cells.ranges:
            out.append(problem("merged-cells", at(ws.title, str(merged).split(":")[0]), found=str(merged)))
    if out:
        return out
    for sheet, cells in layout.structure_cells.items():
        ws = wb[sheet]
        for coordinate, value in cells.items():
            raw = ws.cell(*cell_tuple(coordinate)).value
            found = _text(raw) if raw is not None else ""
            if found != (value or ""):
                out.append(problem("structure-edited", at(sheet, coordinate), found=found[:80],
                                   expected=(value or "")[:80]))
    return out


def check_extent(wb, layout: Layout) -> list[Problem]:
    """Values typed outside the template's area (below its rows or right of its columns)."""
    areas = {texts.SHEET_ANSWERS: (len(layout.columns), (layout.rows[-1].number if layout.rows else 1)),
             texts.SHEET_IDENTITY: (3, 1 + len(layout.identity_labels()))}
    for g in layout.groups:
        areas[g.name] = (1 + len(g.columns), g.first_row + g.n_rows - 1)
    out = []
    for sheet, (max_col, max_row) in areas.items():
        ws = wb[sheet]
        if ws.max_row <= max_row and ws.max_column <= max_col:
            continue
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
            for cell in row:
                if cell.value is not None and (cell.row > max_row or cell.column > max_col) and str(cell.value).strip():
                    out.append(problem("cell-not-an-answer", at(sheet, cell.coordinate), found=_text(cell.value)[:60]))
    return out


def read_identity(wb, layout: Layout) -> tuple[dict[str, str], list[Problem]]:
    reader = CellReader(wb[texts.SHEET_IDENTITY], texts.SHEET_IDENTITY, layout.lang)
    identity = {}
    for n, key in enumerate(layout.identity_labels(), start=2):
        value = reader.raw(f"B{n}")
        if key.startswith("finess") and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(int(value)).zfill(9)  # Excel ate the leading zero of département 01–09
        identity[key] = "" if value is None else _text(value).strip()
    identity["finess_et"] = identity["finess_et"].upper().replace(" ", "")
    identity["finess_ej"] = identity["finess_ej"].upper().replace(" ", "")
    choice = identity["version_choice"].casefold()
    versions = {"core": "core", "extended": "extended"}
    for lang in texts.WORDS.values():
        versions[lang["version.core"].casefold()] = "core"
        versions[lang["version.extended"].casefold()] = "extended"
    if choice and choice not in versions:
        reader.problems.append(problem("version-choice-unknown", at(texts.SHEET_IDENTITY, "B5"),
                                       found=identity["version_choice"], expected=" / ".join(layout.lists["version"])))
    identity["version_choice"] = versions.get(choice, "extended")
    return identity, reader.problems


def parse_workbook(wb, questionnaire: Questionnaire, stamp: dict[str, str]) -> ParsedTemplate:
    """Everything the file says, or every problem in it (shape problems stop before the answers)."""
    layout = layout_of(questionnaire, stamp)
    parsed = ParsedTemplate(stamp)
    parsed.problems += check_shape(wb, layout, stamp)
    if parsed.problems:
        return parsed
    parsed.problems += check_extent(wb, layout)
    parsed.identity, problems = read_identity(wb, layout)
    parsed.problems += problems
    parsed.entries, problems = read_groups(wb, layout)
    parsed.problems += problems
    parsed.answers, problems = read_answers(wb[texts.SHEET_ANSWERS], layout, parsed.identity["version_choice"],
                                            {g: len(e) for g, e in parsed.entries.items()})
    parsed.problems += problems
    return parsed

