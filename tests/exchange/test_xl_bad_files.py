"""Bad files are refused whole, each with its error code and `sheet!cell`, and the database is left unchanged.

One table of cases, run against one world per database (SQLite, and PostgreSQL when configured).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl.styles import Protection

from exchange.gate import OLE_MAGIC, Limits
from exchange.importer import import_file
from exchange.layout import STAMP_KEYS, Layout
from exchange.template import write_template
from xl_support import GOOD_ANSWERS, GOOD_ENTRIES, fill

LAYOUT_ROWS: dict[str, int] = {}


def _answers(**changes) -> dict:
    """The good answers with some items replaced (None removes an item)."""
    out = {k: dict(v) for k, v in GOOD_ANSWERS.items()}
    for item_id, cells in changes.items():
        if cells is None:
            out.pop(item_id.replace("__", "."))
        else:
            out[item_id.replace("__", ".")] = cells
    return out


def _set(sheet: str, coordinate: str, value, formula: bool = False):
    def edit(wb):
        cell = wb[sheet][coordinate]
        cell.value = value
        if not formula and isinstance(value, str):
            cell.data_type = "s"
    return edit


def _zip_with(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()


def _zip_only(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def _merge(wb):
    wb["Réponses"].merge_cells("P2:Q2")


def _add_sheet(wb):
    wb.create_sheet("Notes")


def _rename(wb):
    wb["Réponses"].title = "Answers"


def _drop_stamp(wb):
    del wb["Tampon"]


HASH_ROW = STAMP_KEYS.index("structure_hash") + 1


def cases(w, layout: Layout):
    """(id, file bytes or a fill recipe, expected code, expected location); ``w`` is the world."""
    def cell(item_id: str, key: str) -> str:
        row = next(r.number for r in layout.rows if r.item.id == item_id)
        return f"Réponses!{layout.column_letter(key)}{row}"

    def coord(item_id: str, key: str) -> str:
        return cell(item_id, key).split("!")[1]

    good = {"answers": GOOD_ANSWERS, "entries": GOOD_ENTRIES, "finess": w.site}
    name = "filled.xlsx"
    return [
        # --- the file itself
        ("too large", {**good, "limits": Limits(max_bytes=2000)}, "file-too-large", name),
        ("csv text", b"finess;status\n440000107;in_place\n", "file-not-xlsx", name),
        ("old xls", OLE_MAGIC + b"\x00" * 512, "file-not-xlsx", name),
        ("encrypted", OLE_MAGIC + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64,
         "file-encrypted", name),
        ("xlsm name", {**good, "filename": "filled.xlsm"}, "file-macro-enabled", "filled.xlsm"),
        ("vba inside", {**good, "zip_add": ("xl/vbaProject.bin", b"\x00" * 100)}, "file-macro-enabled", name),
        ("zip bomb", _zip_only({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                                "xl/worksheets/sheet1.xml": b"\x00" * (40 * 1024 * 1024)}), "file-zip-bomb", name),
        ("unpacks too big", {**good, "limits": Limits(max_uncompressed=20_000)}, "file-uncompressed-too-large", name),
        ("too many rows", {**good, "limits": Limits(max_rows=20)}, "file-too-many-rows", name),
        ("too many parts", {**good, "limits": Limits(max_parts=5)}, "file-too-many-parts", name),
        ("parts openpyxl cannot read", _zip_only({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<wb/>"}),
         "file-unreadable", name),
        ("damaged zip", b"PK\x03\x04" + b"garbage" * 50, "file-not-xlsx", name),
        ("zip not excel", _zip_only({"readme.txt": b"hello"}), "file-not-xlsx", name),
        # --- the workbook's shape
        ("stamp deleted", {**good, "edit": _drop_stamp}, "sheet-missing", "Tampon!A1"),
        ("stamp foreign", {**good, "edit": _set("Tampon", "B1", "autre-outil")}, "stamp-invalid", "Tampon!B1"),
        ("other questionnaire", {"other": True, "finess": w.site}, "questionnaire-not-in-campaign", "Tampon!B3"),
        ("other version", {**good, "edit": _set("Tampon", "B4", "0.9")}, "questionnaire-version-mismatch",
         "Tampon!B4"),
        ("fingerprint edited", {**good, "edit": _set("Tampon", f"B{HASH_ROW}", "sha256:0")}, "template-outdated",
         f"Tampon!B{HASH_ROW}"),
        ("extra sheet", {**good, "edit": _add_sheet}, "sheet-extra", "Notes!A1"),
        ("renamed sheet", {**good, "edit": _rename}, "sheet-missing", "Réponses!A1"),
        ("merged cells", {**good, "edit": _merge}, "merged-cells", "Réponses!P2"),
        ("item text edited", {**good, "edit": _set("Réponses", "C2", "Autre texte")}, "structure-edited",
         "Réponses!C2"),
        ("header edited", {**good, "edit": _set("Réponses", "H1", "Étendue")}, "structure-edited", "Réponses!H1"),
        ("entry number edited", {**good, "edit": _set("initiatives", "A4", "7")}, "structure-edited",
         "initiatives!A4"),
        ("formula in answer", {**good, "edit": _set("Réponses", coord("org.paid", "value"), "=IF(1,\"Oui\")",
                                                    formula=True)}, "formula-in-answer", cell("org.paid", "value")),
        ("answer in a grey cell", {**good, "answers": _answers(org__paid={"value": "Non", "status": "En place"})},
         "cell-not-an-answer", cell("org.paid", "status")),
        ("text outside the area", {**good, "edit": _set("Réponses", "Z40", "note")}, "cell-not-an-answer",
         "Réponses!Z40"),
        # --- identity
        ("no finess", {**good, "finess": ""}, "finess-missing", "Identité!B2"),
        ("bad finess key", {**good, "finess": w.site[:-1] + str((int(w.site[-1]) + 1) % 10)}, "finess-invalid",
         "Identité!B2"),
        ("EJ instead of ET", {**good, "finess": w.ej}, "finess-is-legal-entity", "Identité!B2"),
        ("unregistered finess", {**good, "finess": w.unknown}, "finess-unknown", "Identité!B2"),
        ("wrong EJ", {**good, "edit": _set("Identité", "B3", w.other_ej)}, "finess-ej-mismatch", "Identité!B3"),
        ("unknown version choice", {**good, "edit": _set("Identité", "B5", "Moyenne")}, "version-choice-unknown",
         "Identité!B5"),
        ("made for another site", {**good, "made_for": w.other_site}, "finess-not-this-establishment",
         "Identité!B2"),
        # --- answers
        ("unknown status", {**good, "answers": _answers(org__info={"status": "Peut-être"})}, "code-unknown",
         cell("org.info", "status")),
        ("required answer missing", {**good, "answers": _answers(org__paid=None)}, "answer-required",
         cell("org.paid", "value")),
        ("n/a without reason", {**good, "answers": _answers(org__info={"flag": "Non applicable"})},
         "na-reason-missing", cell("org.info", "na_reason")),
        ("reason without n/a", {**good, "answers": _answers(org__info={"status": "En place", "na_reason": "x"})},
         "na-reason-without-flag", cell("org.info", "na_reason")),
        ("flag and answer", {**good, "answers": _answers(org__paid={"value": "Oui", "flag": "Ne sait pas"})},
         "flag-and-answer", cell("org.paid", "flag")),
        ("extent when not in place", {**good, "answers": _answers(
            org__info={"status": "Pas en place", "extent": "Pilote"})}, "extent-not-expected",
         cell("org.info", "extent")),
        ("priority when in place", {**good, "answers": _answers(
            org__info={"status": "En place", "priority": "Haute"})}, "priority-not-expected",
         cell("org.info", "priority")),
        ("number in words", {**good, "answers": _answers(org__partners={"value": "beaucoup"})}, "number-invalid",
         cell("org.partners", "value")),
        ("number too big", {**good, "answers": _answers(org__partners={"value": 900})}, "number-out-of-range",
         cell("org.partners", "value")),
        ("not a whole number", {**good, "answers": _answers(org__partners={"value": 2.5})}, "number-out-of-range",
         cell("org.partners", "value")),
        ("text too long", {**good, "answers": _answers(org__note={"value": "x" * 201})}, "text-too-long",
         cell("org.note", "value")),
        ("yes/no misspelt", {**good, "answers": _answers(org__who={"mc:who:patients": "Peut-être"})},
         "code-unknown", cell("org.who", "mc:who:patients")),
        ("initiative without required answer", {**good, "entries": [{"initiative.title": "Sans réponse"}]},
         "answer-required", "initiatives!F3"),
        ("initiative with unknown code", {**good, "entries": [{"initiative.title": "T", "initiative.co_led": "Si"}]},
         "code-unknown", "initiatives!F3"),
        # --- the database refuses
        ("submitted response", {**good, "finess": w.site2}, "response-submitted", None),
    ]


def _build(w, layout: Layout, template: bytes, spec) -> tuple[bytes, str, Limits]:
    if isinstance(spec, bytes):
        return spec, "filled.xlsx", Limits()
    base = template
    if spec.get("other"):
        base = write_template(w.other)
    elif spec.get("made_for"):
        base = write_template(w.questionnaire, establishment={"finess": spec["made_for"]})
    data = fill(base, Layout(w.other) if spec.get("other") else layout, spec.get("answers", {}),
                spec.get("entries"), finess=spec.get("finess"), edit=spec.get("edit"))
    if "zip_add" in spec:
        data = _zip_with(data, *spec["zip_add"])
    return data, spec.get("filename", "filled.xlsx"), spec.get("limits", Limits())


def _snapshot(w) -> tuple:
    from storage.audit import list_audit
    from storage.engine import read_session
    from storage.frames import load_frames

    with read_session(w.engine) as s:
        responses, answers = load_frames(s, w.national, "xl")
        return len(responses), answers.to_csv(), len(list_audit(s, w.national, limit=100_000))


def _submitted_response(w) -> None:
    from storage.answers import AnswerInput, save_answer
    from storage.engine import write_session
    from storage.responses import open_response, submit_response

    with write_session(w.engine) as s:
        rid = open_response(s, w.national, "xl", w.site2, "xl-mini").id
        save_answer(s, w.national, rid, "org.paid", AnswerInput(value="yes"), base_version=None)
        submit_response(s, w.national, rid)


def test_every_bad_file_is_refused_with_its_code_and_cell_and_nothing_is_written(xl_world):
    from continuum.reference import finess_with_key

    w = xl_world
    w.unknown = finess_with_key("44999990")
    layout = Layout(w.questionnaire)
    template = write_template(w.questionnaire)
    _submitted_response(w)
    table = cases(w, layout)
    assert len(table) >= 30
    before = _snapshot(w)
    failures = []
    for case_id, spec, code, location in table:
        data, filename, limits = _build(w, layout, template, spec)
        result = import_file(w.engine, w.national, "xl", data, filename, limits=limits)
        found = [(p.code, p.location) for p in result.errors]
        expected_ok = any(c == code and (location is None or loc == location) for c, loc in found)
        if result.ok or not expected_ok:
            failures.append(f"{case_id}: expected {code} at {location}, got {found}")
        if _snapshot(w) != before:
            failures.append(f"{case_id}: the database changed")
            before = _snapshot(w)
    assert not failures, "\n".join(failures)


def test_every_import_error_code_is_triggered_by_a_case(xl_world):
    from exchange.errors import CATALOGUE

    w = xl_world
    w.unknown = "449999907"
    triggered = {code for _, _, code, _ in cases(w, Layout(w.questionnaire))}
    untested = set(CATALOGUE) - triggered - {"entries-too-few", "entries-too-many", "answer-hidden-ignored"}
    assert not untested, sorted(untested)
