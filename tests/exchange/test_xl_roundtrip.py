"""Template → filled by hand (openpyxl) → import: the same answers and the same scores as typed online."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from exchange.importer import import_file
from exchange.layout import Layout
from exchange.template import write_template
from exchange.workbook import export_csv, export_workbook
from xl_support import GOOD_ANSWERS, GOOD_ENTRIES, fill

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# What the good file means, written by hand in the answer-frame codes.
EXPECTED = {
    ("care.asked", -1): {"status": "not_in_place", "priority": "high"},
    ("care.leaflet", -1): {"status": "in_place", "extent": "whole", "comment": "=HYPERLINK(\"x\")"},
    ("org.info", -1): {"flag": "not_applicable", "na_reason": "Pas de CDU dans ce service"},
    ("org.who", -1): {"choices": "patients|ru"},
    ("org.paid", -1): {"value": "no"},
    ("org.partners", -1): {"number": 4.0},
    ("org.note", -1): {"value": "-2 lits fermés; @équipe +1"},
    ("initiative.title", 0): {"value": "Livret co-écrit"},
    ("initiative.users", 0): {"choices": "patients"},
    ("initiative.co_led", 0): {"value": "yes"},
    ("initiative.title", 1): {"value": "=Enquête de sortie"},
    ("initiative.co_led", 1): {"value": "no"},
}
FIELDS = ("flag", "status", "extent", "priority", "value", "choices", "na_reason", "comment")


def _frames(w):
    from storage.engine import read_session
    from storage.frames import load_frames

    with read_session(w.engine) as s:
        return load_frames(s, w.national, "xl")


def _as_dict(answers: pd.DataFrame, response_id: str) -> dict:
    out = {}
    for row in answers[answers["response_id"] == response_id].itertuples(index=False):
        values = {f: getattr(row, f) for f in FIELDS if getattr(row, f)}
        if not pd.isna(row.number):
            values["number"] = row.number
        out[(row.item_id, row.entry)] = values
    return out


def _import(w, data: bytes, name: str = "filled.xlsx"):
    result = import_file(w.engine, w.national, "xl", data, name)
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_a_filled_template_imports_exactly_and_scores_as_typed(xl_world):
    from scoring import score

    w = xl_world
    layout = Layout(w.questionnaire)
    data = fill(write_template(w.questionnaire), layout, GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site)
    result = _import(w, data)
    assert (result.answers_written, result.entries_written) == (12, 2)
    responses, answers = _frames(w)
    assert _as_dict(answers, result.response_id) == EXPECTED
    typed = pd.DataFrame([{"response_id": result.response_id, "item_id": item, "entry": entry, "respondent": "",
                           "respondent_role": "", "number": values.get("number", float("nan")),
                           **{f: values.get(f, "") for f in FIELDS}} for (item, entry), values in EXPECTED.items()])
    imported = score(w.questionnaire, responses, answers).cell_states
    by_hand = score(w.questionnaire, responses, typed[answers.columns]).cell_states
    pd.testing.assert_frame_equal(imported, by_hand)
    states = imported.set_index(["level", "degree"])["state"].astype(str).to_dict()
    assert states[("care", "information")] == "present"  # in place, whole establishment
    assert states[("care", "consultation")] == "absent"  # not in place


def test_importing_the_same_file_twice_changes_nothing(xl_world):
    w = xl_world
    layout = Layout(w.questionnaire)
    data = fill(write_template(w.questionnaire), layout, GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site)
    first = _import(w, data)
    versions = _versions(w, first.response_id)
    second = _import(w, data)
    assert second.response_id == first.response_id
    assert (first.answers_changed, second.answers_written, second.answers_changed) == (12, 12, 0)
    _, answers = _frames(w)
    assert _as_dict(answers, first.response_id) == EXPECTED
    assert _versions(w, first.response_id) == versions  # nobody editing online is made stale by a re-import
    assert [e["after"]["changed"] for e in _imports(w)] == [0, 12]  # newest first: both imports audited


def _versions(w, response_id: str) -> dict:
    from storage.answers import get_answers
    from storage.engine import read_session

    with read_session(w.engine) as s:
        return {(a["item_id"], a["entry"]): a["version"] for a in get_answers(s, w.national, response_id)}


def _imports(w) -> list[dict]:
    from storage.audit import list_audit
    from storage.engine import read_session

    with read_session(w.engine) as s:
        entries = list_audit(s, w.national, entity="response", campaign_id="xl")
    return [e for e in entries if e["action"] == "import"]


def test_hidden_items_are_not_required_and_english_labels_import(xl_world):
    w = xl_world
    layout = Layout(w.questionnaire, lang="en", sector="medico_social")
    answers = {k: dict(v) for k, v in GOOD_ANSWERS.items() if k != "care.asked"}
    answers["care.leaflet"] = {"status": "Not in place", "priority": "Low"}
    answers["org.paid"] = {"value": "Yes"}
    answers["org.who"] = {"mc:who:relatives": "Yes"}
    template = write_template(w.questionnaire, lang="en", sector="medico-social")
    wb = load_workbook(io.BytesIO(template))
    assert wb["Réponses"]["C2"].value == "Un livret d'accueil explique ses droits au résident."
    result = _import(w, fill(template, layout, answers, [], finess=w.site2))
    _, frame = _frames(w)
    mine = _as_dict(frame, result.response_id)
    assert mine[("care.leaflet", -1)] == {"status": "not_in_place", "priority": "low"}
    assert ("care.asked", -1) not in mine  # hidden: not asked, not required
    assert mine[("org.paid", -1)] == {"value": "yes"} and mine[("org.who", -1)] == {"choices": "relatives"}


def test_an_answer_to_a_hidden_item_is_ignored_with_a_warning(xl_world):
    w = xl_world
    answers = {k: dict(v) for k, v in GOOD_ANSWERS.items()}
    answers["care.leaflet"] = {"status": "Pas en place"}
    result = _import(w, fill(write_template(w.questionnaire), Layout(w.questionnaire), answers, [], finess=w.site))
    assert [p.code for p in result.problems] == ["answer-hidden-ignored"]
    _, frame = _frames(w)
    assert ("care.asked", -1) not in _as_dict(frame, result.response_id)


def _is_number(text: str, sep: str) -> bool:
    """Negative numbers stay numbers (only text is neutralised)."""
    try:
        float(text.replace(",", ".") if sep == ";" else text)
    except ValueError:
        return False
    return True


def _strings(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            yield from (v for v in row if isinstance(v, str))


def test_injection_payloads_are_neutralised_in_every_export_and_restored_on_import(xl_world, tmp_path):
    w = xl_world
    layout = Layout(w.questionnaire)
    _import(w, fill(write_template(w.questionnaire), layout, GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site))
    wb = load_workbook(io.BytesIO(export_workbook(w.engine, w.national, "xl")))
    strings = list(_strings(wb))
    assert not [s for s in strings if s.startswith(TRIGGERS)]
    assert "'=HYPERLINK(\"x\")" in strings and "'-2 lits fermés; @équipe +1" in strings
    assert "'=Enquête de sortie" in strings
    for sep in (",", ";"):
        for path in export_csv(w.engine, w.national, "xl", tmp_path / sep, sep=sep):
            frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            cells = [v for col in frame.columns for v in [col, *frame[col]]]
            assert not [v for v in cells if v.startswith(TRIGGERS) and not _is_number(v, sep)], path.name
    # Copy the neutralised texts from the export into a new template: the import restores them exactly.
    copied = {k: dict(v) for k, v in GOOD_ANSWERS.items()}
    copied["care.leaflet"]["comment"] = "'=HYPERLINK(\"x\")"
    copied["org.note"] = {"value": "'-2 lits fermés; @équipe +1"}
    result = _import(w, fill(write_template(w.questionnaire), layout, copied, [], finess=w.site2))
    _, frame = _frames(w)
    mine = _as_dict(frame, result.response_id)
    assert mine[("care.leaflet", -1)]["comment"] == "=HYPERLINK(\"x\")"
    assert mine[("org.note", -1)] == {"value": "-2 lits fermés; @équipe +1"}
