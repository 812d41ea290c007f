"""Import problems speak the user's language (French first), list everything at once, and say where and how to fix."""

from __future__ import annotations

import pytest

from continuum.i18n import catalogue
from exchange.errors import CATALOGUE
from exchange.importer import import_file
from exchange.layout import Layout
from exchange.template import write_template
from xl_support import GOOD_ANSWERS, GOOD_ENTRIES, fill


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_import_error_code_has_a_message_and_a_fix(lang):
    words = catalogue(lang)
    missing = [c for c in CATALOGUE for part in ("message", "fix") if f"xl.errors.{c}.{part}" not in words]
    assert not missing


def _row(layout: Layout, item_id: str) -> int:
    return next(r.number for r in layout.rows if r.item.id == item_id)


def _bad_file(w) -> bytes:
    """An unknown status, and the legal entity's FINESS where the site's is expected."""
    answers = {k: dict(v) for k, v in GOOD_ANSWERS.items()}
    answers["org.info"] = {"status": "Peut-etre", "extent": "Pilote"}
    return fill(write_template(w.questionnaire), Layout(w.questionnaire), answers, GOOD_ENTRIES, finess=w.ej)


def test_problems_are_in_french_by_default_and_every_one_is_listed(xl_world):
    w = xl_world
    layout = Layout(w.questionnaire)
    result = import_file(w.engine, w.national, "xl", _bad_file(w), "rempli.xlsx")
    assert not result.ok
    status = f"Réponses!{layout.column_letter('status')}{_row(layout, 'org.info')}"
    by_code = {p.code: p for p in result.errors}
    assert set(by_code) == {"code-unknown", "finess-is-legal-entity"}  # no cascade on the extent of that row
    unknown = by_code["code-unknown"]
    assert unknown.location == status and unknown.found == "Peut-etre"
    assert unknown.expected == "Pas en place / En cours / En place / En place et évalué"
    assert unknown.message == ("« Peut-etre » ne fait pas partie des réponses possibles ici "
                               "(Pas en place / En cours / En place / En place et évalué)")
    assert unknown.fix == "Choisissez une réponse dans la liste déroulante."
    entity = by_code["finess-is-legal-entity"]
    assert entity.location == "Identité!B2" and entity.found == w.ej
    assert f"{w.site} (Hôtel-Dieu)" in entity.fix and entity.fix.startswith("Indiquez le FINESS ET du site")


def test_problems_are_in_english_on_request(xl_world):
    w = xl_world
    result = import_file(w.engine, w.national, "xl", _bad_file(w), "filled.xlsx", lang="en")
    unknown = next(p for p in result.errors if p.code == "code-unknown")
    assert unknown.message.startswith("'Peut-etre' is not one of the answers allowed here")
    assert unknown.fix == "Pick an answer from the drop-down list."


@pytest.mark.parametrize("lang, found, fix", [
    ("fr", "un fichier texte (CSV ?)", "Enregistrez le fichier au format « Classeur Excel (.xlsx) »"),
    ("en", "a text file (CSV?)", "Save the file as an Excel workbook (.xlsx)"),
])
def test_file_level_refusals_name_what_the_file_is_in_the_users_language(xl_world, lang, found, fix):
    w = xl_world
    result = import_file(w.engine, w.national, "xl", b"finess;statut\n440000107;en place\n", "export.xlsx",
                         lang=lang)
    (refusal,) = result.errors
    assert (refusal.code, refusal.location, refusal.found) == ("file-not-xlsx", "export.xlsx", found)
    assert refusal.fix.startswith(fix)


def test_a_number_out_of_range_says_what_is_expected_in_french(xl_world):
    w = xl_world
    layout = Layout(w.questionnaire)
    answers = {k: dict(v) for k, v in GOOD_ANSWERS.items()}
    answers["org.partners"] = {"value": -4}
    result = import_file(w.engine, w.national, "xl", fill(write_template(w.questionnaire), layout, answers,
                                                          GOOD_ENTRIES, finess=w.site))
    (problem,) = result.errors
    assert problem.location == f"Réponses!{layout.column_letter('value')}{_row(layout, 'org.partners')}"
    assert problem.message == "-4 ne convient pas : un nombre entier de 0 à 500 est attendu"


def test_a_storage_refusal_during_the_write_is_worded_for_the_import(xl_world):
    from storage.answers import AnswerInput, save_answer
    from storage.engine import write_session
    from storage.responses import open_response, submit_response

    w = xl_world
    with write_session(w.engine) as s:
        rid = open_response(s, w.national, "xl", w.site2, "xl-mini").id
        save_answer(s, w.national, rid, "org.paid", AnswerInput(value="yes"), base_version=None)
        submit_response(s, w.national, rid)
    data = fill(write_template(w.questionnaire), Layout(w.questionnaire), GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site2)
    (refusal,) = import_file(w.engine, w.national, "xl", data).errors
    assert refusal.code == "response-submitted"
    assert refusal.message.startswith("Cette auto-évaluation a été envoyée et verrouillée ; rien n'a été importé.")


def test_the_file_size_limit_is_the_deployments_upload_limit(xl_world, monkeypatch):
    from continuum.settings import get_settings

    w = xl_world
    data = fill(write_template(w.questionnaire), Layout(w.questionnaire), GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site)
    monkeypatch.setenv("CONTINUUM_UPLOAD_MAX_MB", "0")
    get_settings.cache_clear()
    try:
        (refusal,) = import_file(w.engine, w.national, "xl", data, "rempli.xlsx").errors
    finally:
        monkeypatch.delenv("CONTINUUM_UPLOAD_MAX_MB")
        get_settings.cache_clear()
    assert (refusal.code, refusal.expected) == ("file-too-large", "0 octets")
    assert refusal.message.startswith("le fichier pèse ") and refusal.message.endswith("Ko, au-delà de la limite de 0 octets")
