"""Write the offline Excel template of a questionnaire: protected structure, coloured answer cells, drop-downs.

The sheets are protected without a password (so a user can unprotect on purpose, never by accident);
answer cells are unlocked and yellow, cells that do not apply to a row are grey and locked.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from exchange import texts
from exchange.layout import Layout
from questionnaires.model import Item, Questionnaire

ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
INACTIVE_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
KEY_FONT = Font(color="808080", size=8)
BOLD = Font(bold=True)
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")


def write_template(questionnaire: Questionnaire, *, lang: str = "fr", sector: str = "health",
                   establishment: dict | None = None, group_rows: int | None = None) -> bytes:
    """The template as .xlsx bytes; ``establishment`` (finess, legal_entity, name) pre-fills the identity sheet."""
    establishment = establishment or {}
    layout = Layout(questionnaire, lang, sector.replace("-", "_"), establishment=establishment.get("finess", ""),
                    **({"group_rows": group_rows} if group_rows else {}))
    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb.create_sheet(texts.SHEET_INSTRUCTIONS), layout)
    _identity(wb.create_sheet(texts.SHEET_IDENTITY), layout, establishment)
    _answers(wb.create_sheet(texts.SHEET_ANSWERS), layout)
    for group in layout.groups:
        _group(wb.create_sheet(group.name), layout, group)
    _lists(wb.create_sheet(texts.SHEET_LISTS), layout)
    _stamp(wb.create_sheet(texts.SHEET_STAMP), layout)
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _protect(ws) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may still widen columns and rows
    ws.protection.formatRows = False


def _header(ws, values: list[str], row: int = 1) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP


def _instructions(ws, layout: Layout) -> None:
    q = layout.questionnaire
    lines = [line.format(title=q.title.get("fr"), version=q.version) for line in texts.INSTRUCTIONS_FR]
    if layout.lang == "en":
        lines += texts.INSTRUCTIONS_EN
    ws.column_dimensions["A"].width = 120
    for n, line in enumerate(lines, start=1):
        cell = ws.cell(row=n, column=1, value=line)
        if n == 1 or (line and not line.startswith((" ", "-")) and line[0].isalpha() and len(line) < 40):
            cell.font = BOLD
    _protect(ws)


def _identity(ws, layout: Layout, establishment: dict) -> None:
    w = layout.words
    _header(ws, [w["identity.field"], w["identity.value"], w["identity.check"]])
    values = {"finess_et": establishment.get("finess", ""), "finess_ej": establishment.get("legal_entity", ""),
              "name": establishment.get("name", ""), "version_choice": w["version.extended"]}
    for n, (key, label) in enumerate(layout.identity_labels().items(), start=2):
        ws.cell(row=n, column=1, value=label).alignment = WRAP
        cell = ws.cell(row=n, column=2, value=values[key] or None)
        cell.fill, cell.protection, cell.number_format = ANSWER_FILL, UNLOCKED, "@"
    for n in (2, 3):
        ws.cell(row=n, column=3, value=_finess_check(f"B{n}", w))
    versions = DataValidation(type="list", formula1="=" + layout.list_range("version"), allow_blank=False)
    versions.add("B5")
    ws.add_data_validation(versions)
    for letter, width in (("A", 50), ("B", 30), ("C", 26)):
        ws.column_dimensions[letter].width = width
    _protect(ws)


def _finess_check(ref: str, w: dict[str, str]) -> str:
    """A Luhn check of the FINESS key computed by the spreadsheet itself (2A read as 21, 2B as 22)."""
    x = f'SUBSTITUTE(SUBSTITUTE(UPPER({ref}),"2A","21"),"2B","22")'
    odd, even = f"MID({x},{{1,3,5,7,9}},1)", f"MID({x},{{2,4,6,8}},1)"
    total = f"SUMPRODUCT(--{odd})+SUMPRODUCT(2*{even}-9*(--{even}>4))"
    return (f'=IF({ref}="","",IF(LEN({ref})<>9,"{w["check.length"]}",'
            f'IFERROR(IF(MOD({total},10)=0,"{w["check.ok"]}","{w["check.bad"]}"),"{w["check.bad"]}")))')


def _answers(ws, layout: Layout) -> None:
    _header(ws, [c.header for c in layout.columns])
    for i, column in enumerate(layout.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    validations: dict[tuple[str, str], DataValidation] = {}
    for row in layout.rows:
        for i, column in enumerate(layout.columns, start=1):
            cell = ws.cell(row=row.number, column=i)
            if not column.answer:
                cell.value = layout.structure_values(row)[column.key] or None
                cell.alignment = WRAP
            elif column.key in row.active:
                cell.fill, cell.protection = ANSWER_FILL, UNLOCKED
                _validate(ws, layout, validations, row.item, column.key, cell.coordinate)
            else:
                cell.fill = INACTIVE_FILL
    ws.freeze_panes = "D2"
    _protect(ws)


def _list_key(layout: Layout, item: Item, key: str) -> str | None:
    q = layout.questionnaire
    if key in ("status", "extent", "priority"):
        return f"scale:{q.practice_scale(item, key).id}"
    if key == "flag":
        return "flag"
    if key.startswith("mc:") or (key.count(":") == 1 and item.kind == "multiple_choice"):
        return "yesno"
    if key in ("value", item.id) and item.kind == "single_choice" and item.scale:
        return f"scale:{item.scale}"
    return None


def _validate(ws, layout: Layout, validations: dict, item: Item, key: str, coordinate: str) -> None:
    """Add the cell to the drop-down (or number / length check) it needs; one validation per list."""
    list_key = _list_key(layout, item, key)
    if list_key is not None:
        dv_key = (key if key.startswith("mc:") else "list", list_key)
        if dv_key not in validations:
            dv = DataValidation(type="list", formula1="=" + layout.list_range(list_key), allow_blank=True,
                                showErrorMessage=True, errorTitle="Continuum",
                                error="Choisissez une valeur dans la liste." if layout.lang == "fr"
                                else "Pick a value from the list.")
            ws.add_data_validation(dv)
            validations[dv_key] = dv
        validations[dv_key].add(coordinate)
    elif key in ("value", item.id) and item.kind == "number":
        lo = item.min if item.min is not None else -1e12
        hi = item.max if item.max is not None else 1e12
        dv = validations.setdefault(("number", item.id), DataValidation(
            type="whole" if item.integer else "decimal", operator="between", formula1=str(lo), formula2=str(hi),
            allow_blank=True, showErrorMessage=True))
        if dv not in ws.data_validations.dataValidation:
            ws.add_data_validation(dv)
        dv.add(coordinate)
    elif key in ("value", item.id) and item.kind == "text":
        dv = validations.setdefault(("text", str(item.max_length)), DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(item.max_length), allow_blank=True,
            showErrorMessage=True))
        if dv not in ws.data_validations.dataValidation:
            ws.add_data_validation(dv)
        dv.add(coordinate)


def _group(ws, layout: Layout, group) -> None:
    _header(ws, [layout.words["entry"], *[c.header for c in group.columns]])
    for i, key in enumerate(["entry", *[c.key for c in group.columns]], start=1):
        ws.cell(row=2, column=i, value=key).font = KEY_FONT
        ws.column_dimensions[get_column_letter(i)].width = 6 if i == 1 else 22
    ws.row_dimensions[1].height = 90
    validations: dict = {}
    for n in range(group.n_rows):
        row = group.first_row + n
        ws.cell(row=row, column=1, value=str(n + 1))
        for i, column in enumerate(group.columns, start=2):
            cell = ws.cell(row=row, column=i)
            cell.fill, cell.protection = ANSWER_FILL, UNLOCKED
            _validate(ws, layout, validations, column.item, column.key, cell.coordinate)
    ws.freeze_panes = "B3"
    _protect(ws)


def _lists(ws, layout: Layout) -> None:
    for i, (key, labels) in enumerate(layout.lists.items(), start=1):
        ws.cell(row=1, column=i, value=key)
        for n, label in enumerate(labels, start=2):
            ws.cell(row=n, column=i, value=label)
    ws.sheet_state = "hidden"
    _protect(ws)


def _stamp(ws, layout: Layout) -> None:
    for n, (key, value) in enumerate(layout.stamp().items(), start=1):
        ws.cell(row=n, column=1, value=key)
        ws.cell(row=n, column=2, value=value or None)
    ws.sheet_state = "hidden"
    _protect(ws)


def establishment_template(session, scope, questionnaire: Questionnaire, finess: str, *, lang: str = "fr",
                           sector: str | None = None) -> bytes:
    """The template pre-filled for a registered site, worded for its sector unless ``sector`` is given."""
    from storage.establishments import get_site, normalise_finess, require_site_finess

    site = get_site(session, scope, require_site_finess(session, normalise_finess(finess)))
    return write_template(questionnaire, lang=lang, sector=sector or site.sector,
                          establishment={"finess": site.finess, "legal_entity": site.legal_entity, "name": site.name})
