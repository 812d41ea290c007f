"""The export workbook: every sheet an analyst needs, readable, coloured like the dashboard, with a native chart."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from charts.palette import cell_fill
from exchange.importer import import_file
from exchange.layout import Layout
from exchange.template import write_template
from exchange.workbook import export_workbook
from xl_support import GOOD_ANSWERS, GOOD_ENTRIES, fill

SHEETS = ["README", "Réponses (long)", "Large xl-mini", "États des cellules", "Comptes des états", "Couverture",
          "Complétude", "Pairs", "Démarches", "Plan d'action (PAQSS)", "Codebook", "Profil", "Graphique couverture"]


def _filled_world(w):
    from storage.engine import write_session
    from storage.plans import add_action

    data = fill(write_template(w.questionnaire), Layout(w.questionnaire), GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site)
    result = import_file(w.engine, w.national, "xl", data)
    with write_session(w.engine) as s:
        add_action(s, w.national, result.response_id, "Demander « Qu'est-ce qui compte pour vous ? »", "go_further",
                   owner="Cadre de santé", deadline=dt.date(2025, 12, 31), indicator="% de dossiers renseignés",
                   source="Audit de dossiers", status="planned", level="care", degree="consultation")
    return result.response_id


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_establishment_workbook_has_every_sheet_formatted_for_analysts(xl_world):
    w = xl_world
    _filled_world(w)
    data = export_workbook(w.engine, w.national, "xl", establishment=w.site)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == SHEETS
    wide = wb["Large xl-mini"]
    assert wide.freeze_panes == "A2" and wide.auto_filter.ref.startswith("A1:")
    header = [c.value for c in wide[1]]
    row = dict(zip(header, [c.value for c in wide[2]]))
    assert row["establishment"] == w.site and row["care.leaflet"] == "in_place" and row["care.leaflet.extent"] == "whole"
    assert row["org.partners"] == 4 and row["org.info"] == "not_applicable"
    plan = _rows(wb["Plan d'action (PAQSS)"])
    assert plan[0][:8] == ["establishment", "name", "Action", "Pilote", "Échéance", "Indicateur", "Source", "Statut"]
    assert plan[1][2:8] == ["Demander « Qu'est-ce qui compte pour vous ? »", "Cadre de santé",
                            dt.datetime(2025, 12, 31), "% de dossiers renseignés", "Audit de dossiers", "planned"]
    coverage = wb["Couverture"]
    cov_col = [c.value for c in coverage[1]].index("coverage") + 1
    care = next(r for r in coverage.iter_rows(min_row=2) if r[[c.value for c in coverage[1]].index("level")].value
                == "care")
    assert care[cov_col - 1].value == 0.5 and care[cov_col - 1].number_format == "0%"  # 1 in place of 2 answered
    peers = _rows(wb["Pairs"])
    assert peers[1][peers[0].index("n_peers")] == 0  # fewer than 5 peers: no figure, only the count and why
    codebook = _rows(wb["Codebook"])
    assert any(r[3] == "care.leaflet" and "status: in_place = En place / In place" in r[10] for r in codebook[1:])


def test_profile_sheet_uses_the_dashboard_colours_and_the_chart_is_native(xl_world):
    w = xl_world
    _filled_world(w)
    data = export_workbook(w.engine, w.national, "xl")
    ws = load_workbook(io.BytesIO(data))["Profil"]
    header = [c.value for c in ws[2]]
    cell = ws.cell(row=3, column=header.index("care / information") + 1)
    assert cell.value == "présent\n1 sur 1 en place"  # the dashboard's words and counts
    assert cell.fill.fgColor.rgb[-6:] == cell_fill("information", "present").lstrip("#")
    absent = ws.cell(row=3, column=header.index("care / consultation") + 1)
    assert absent.value == "absent\n0 sur 1 en place" and absent.fill.fgColor.rgb[-6:] == "FFFFFF"
    assert "information et la consultation restent essentielles" in ws["A1"].value
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "<barChart>" in chart and "'Graphique couverture'!$D$2:$D$3" in chart


def test_a_national_long_table_is_split_by_region_below_the_row_limit(xl_world):
    from exchange.export import ExportData
    from exchange.workbook import workbook_bytes
    from storage.engine import read_session
    from storage.frames import load_frames

    w = xl_world
    _filled_world(w)
    with read_session(w.engine) as s:
        responses, answers = load_frames(s, w.national, "xl")
    data = ExportData("xl", responses, answers, {"xl-mini": w.questionnaire})
    wb = load_workbook(io.BytesIO(workbook_bytes(data, max_rows=6)))
    long_sheets = [s for s in wb.sheetnames if s.startswith("Réponses (long)")]
    assert long_sheets == ["Réponses (long) 52 1", "Réponses (long) 52 2", "Réponses (long) 52 3"]
    assert [wb[s].max_row - 1 for s in long_sheets] == [5, 5, 2]


def test_an_establishment_of_the_demo_exports_although_one_questionnaire_is_an_inventory(demo_db_url):
    """The inventory has no matrix cell and no top-level answer: no peer figures for it, an empty wide row."""
    from storage.engine import make_engine, read_session
    from storage.frames import load_frames
    from storage.scope import Scope

    engine = make_engine(demo_db_url)
    with read_session(engine) as s:
        responses, _ = load_frames(s, Scope.national(), "demo-national-w2")
    site = str(responses[responses["questionnaire_id"] == "initiative-inventory"]["establishment"].iloc[0])
    wb = load_workbook(io.BytesIO(export_workbook(engine, Scope.establishment({site}), "demo-national-w2",
                                                  establishment=site)))
    engine.dispose()
    inventory = _rows(wb["Large initiative-inventory"])
    assert len(inventory) == 2 and inventory[1][1] == site
    peers = _rows(wb["Pairs"])
    assert "initiative-inventory" not in {r[peers[0].index("questionnaire_id")] for r in peers[1:]}
    assert "montreal-matrix" in {r[peers[0].index("questionnaire_id")] for r in peers[1:]}
    initiatives = _rows(wb["Démarches"])
    assert {"title", "declared_degree", "derived_degree", "over_declared"} <= set(initiatives[0])
    codebook = _rows(wb["Codebook"])
    obligations = [r[codebook[0].index("obligations")] for r in codebook[1:] if r[0] == "montreal-matrix"]
    assert any(o and "HAS" in o for o in obligations)  # obligation mappings, with their frame


def test_a_peer_group_workbook_holds_only_the_group_and_no_peer_figure_under_five(xl_world):
    from storage.engine import write_session
    from storage.establishments import create_peer_group

    w = xl_world
    template, layout = write_template(w.questionnaire), Layout(w.questionnaire)
    for site in (w.site, w.site2):
        assert import_file(w.engine, w.national, "xl", fill(template, layout, GOOD_ANSWERS, GOOD_ENTRIES,
                                                            finess=site)).ok
    with write_session(w.engine) as s:
        create_peer_group(s, w.coordinator, "CHU de test", [w.site, w.site2], region="52")
    wb = load_workbook(io.BytesIO(export_workbook(w.engine, w.coordinator, "xl", group="CHU de test")))
    wide = _rows(wb["Large xl-mini"])
    assert sorted(r[wide[0].index("establishment")] for r in wide[1:]) == sorted([w.site, w.site2])
    assert _rows(wb["README"])[0][0] == "Campagne tableur — CHU de test"
    peers = _rows(wb["Pairs"])
    assert peers[1][peers[0].index("n_peers")] == 0  # figures count submitted self-assessments only
    assert peers[1][peers[0].index("note")].startswith("Seulement 0 pair(s) ont envoyé leur auto-évaluation : il "
                                                        "en faut au moins 5")
