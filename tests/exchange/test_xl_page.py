"""The spreadsheets page: a template and an export to download, and a bulk import with a per-file report."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from exchange.layout import Layout, option_labels
from exchange.template import write_template
from storage.engine import make_engine, read_session
from storage.scope import Scope
from views import identity as identity_module
from views.identity import Identity

ROOT = Path(__file__).resolve().parents[2]
OPEN, MATRIX, REGION = "demo-national-w2", "montreal-matrix", "53"


def _app(url: str, monkeypatch, identity: Identity) -> AppTest:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["identity"] = identity
    at.session_state[identity_module.TOKEN] = ""  # no sign-in cookie: the injected identity is used
    at.run()
    at.switch_page("views/pages/spreadsheets.py").run()
    assert not at.exception, at.exception
    return at


def _world(url: str):
    """The matrix of the open campaign, and a site of the region whose answer there is not submitted."""
    from questionnaires.loader import load_questionnaire_text
    from storage.campaigns import get_campaign
    from storage.frames import load_frames
    from storage.questionnaires import get_published

    engine = make_engine(url)
    scope = Scope.region({REGION})
    with read_session(engine) as session:
        version = get_campaign(session, scope, OPEN).questionnaires[MATRIX]
        questionnaire = load_questionnaire_text(get_published(session, MATRIX, version).yaml_text)
        responses, _ = load_frames(session, scope, OPEN, questionnaire_id=MATRIX)
    engine.dispose()
    site = str(responses[responses["status"] != "submitted"]["establishment"].iloc[0])
    return questionnaire, site


def _filled(questionnaire, site: str) -> bytes:
    """Every practice in place across the establishment, every other item answered."""
    layout = Layout(questionnaire)
    wb = load_workbook(io.BytesIO(write_template(questionnaire)))
    ws = wb["Réponses"]
    for row in layout.rows:
        item = row.item

        def put(key: str, value) -> None:
            ws[f"{layout.column_letter(key)}{row.number}"].value = value

        if item.kind == "practice":
            status = questionnaire.practice_scale(item, "status")
            put("status", option_labels(status, "fr")[[o.meaning for o in status.options].index("in_place")])
            put("extent", option_labels(questionnaire.practice_scale(item, "extent"), "fr")[-1])
        elif item.kind == "single_choice":
            put("value", option_labels(questionnaire.scale(item.scale), "fr")[0])
        elif item.kind == "number":
            put("value", 3)
        elif item.kind == "text":
            put("value", "Texte")
    wb["Identité"]["B2"].value = site
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _frame(at: AppTest, key: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if d.key == key) if any(d.key for d in at.dataframe) else \
        pd.DataFrame()


def test_a_coordinator_imports_many_files_and_reads_a_report_per_file(demo_db_url, monkeypatch):
    questionnaire, site = _world(demo_db_url)
    good = _filled(questionnaire, site)
    wb = load_workbook(io.BytesIO(good))
    wb["Réponses"].merge_cells("P2:Q2")
    merged = io.BytesIO()
    wb.save(merged)
    at = _app(demo_db_url, monkeypatch, Identity(scope=Scope.region({REGION}, actor="SRA 53"), role="coordinator"))
    at.selectbox(key="xl_campaign").select_index(0).run()
    assert [s.value for s in at.subheader] == ["Modèle hors ligne", "Export des résultats", "Importer des modèles remplis"]
    assert at.selectbox(key="xl_template_site").value == ""  # a coordinator may take a blank template
    at.button(key="xl_template_build").click().run()
    assert [b.key for b in at.download_button] == ["xl_template_download"]
    at.file_uploader(key="xl_upload").set_value([("rempli.xlsx", good, "application/octet-stream"),
                                                 ("fusion.xlsx", merged.getvalue(), "application/octet-stream"),
                                                 ("notes.csv", b"finess;statut\n", "text/csv")]).run()
    at.button(key="xl_import").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["1 fichier(s) importé(s)."]
    assert at.warning[0].value.startswith("2 fichier(s) refusé(s) : rien n'a été enregistré pour eux.")
    files = next(d.value for d in at.dataframe if "Fichier" in d.value.columns and "Résultat" in d.value.columns)
    assert list(files["Résultat"]) == ["importé", "refusé", "refusé"]
    assert files["Réponses lues"].iloc[0] > 50 and files["Établissement"].iloc[0] == site
    problems = next(d.value for d in at.dataframe if "emplacement" in d.value.columns)
    assert list(problems["emplacement"]) == ["Réponses!P2", "notes.csv"]
    assert problems["problème"].iloc[0] == "les cellules P2:Q2 sont fusionnées"
    assert problems["trouvé"].iloc[1] == "un fichier texte (CSV ?)"


def test_an_establishment_downloads_its_template_and_its_export(demo_db_url, monkeypatch):
    questionnaire, site = _world(demo_db_url)
    at = _app(demo_db_url, monkeypatch, Identity(scope=Scope.establishment({site}, actor="Équipe"),
                                                 role="establishment"))
    at.selectbox(key="xl_campaign").select_index(0).run()
    at.selectbox(key="xl_template_q").set_value(MATRIX).run()
    at.button(key="xl_template_build").click().run()
    at.button(key="xl_export_build").click().run()
    assert not at.exception, at.exception
    assert {b.key for b in at.download_button} >= {"xl_template_download", "xl_export_download"}
