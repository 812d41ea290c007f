"""Bulk import with a per-file report and progress, and the three commands end to end."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from exchange.importer import import_files
from exchange.layout import Layout
from exchange.template import write_template
from xl_support import GOOD_ANSWERS, GOOD_ENTRIES, fill


def test_a_bad_file_does_not_stop_the_good_ones(xl_world):
    w = xl_world
    template, layout = write_template(w.questionnaire), Layout(w.questionnaire)
    files = [("a.xlsx", fill(template, layout, GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site)),
             ("broken.xlsx", b"not a workbook"),
             ("b.xlsx", fill(template, layout, GOOD_ANSWERS, [], finess=w.site2))]
    seen = []
    results = import_files(w.engine, w.national, "xl", files, progress=lambda done, total, r: seen.append(
        (done, total, r.filename, r.ok)))
    assert seen == [(1, 3, "a.xlsx", True), (2, 3, "broken.xlsx", False), (3, 3, "b.xlsx", True)]
    assert results[1].rows()[0]["code"] == "file-not-xlsx"
    assert {r.establishment for r in results if r.ok} == {w.site, w.site2}


def test_the_commands_write_a_template_import_it_and_export(xl_world, db_url, tmp_path, monkeypatch, capsys):
    from continuum.cli import main

    w = xl_world
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", db_url)
    yaml_file = tmp_path / "xl.yaml"
    from xl_support import XL_QUESTIONNAIRE

    yaml_file.write_text(XL_QUESTIONNAIRE, encoding="utf-8")
    template = tmp_path / "modele.xlsx"
    assert main(["template", str(yaml_file), "--establishment", w.site, "-o", str(template)]) == 0
    wb = load_workbook(template)
    assert wb["Identité"]["B2"].value == w.site and wb["Identité"]["B4"].value == "Hôtel-Dieu"
    filled = tmp_path / "rempli.xlsx"
    filled.write_bytes(fill(template.read_bytes(), Layout(w.questionnaire), GOOD_ANSWERS, GOOD_ENTRIES))
    bad = tmp_path / "faux.xlsx"
    bad.write_bytes(fill(template.read_bytes(), Layout(w.questionnaire), {}, []))
    capsys.readouterr()
    assert main(["import", str(filled), str(bad), "--campaign", "xl"]) == 1
    out, err = capsys.readouterr()
    assert f"ok    rempli.xlsx: {w.site} xl-mini" in out and "FAIL  faux.xlsx" in out
    assert "answer-required" in err and "Réponses!" in err and "Traceback" not in err
    assert "emplacement" in err and "demande une réponse" in err  # the table speaks French unless --lang en
    assert main(["import", str(bad), "--campaign", "xl", "--lang", "en"]) == 1
    assert "needs an answer" in capsys.readouterr().err
    workbook = tmp_path / "export.xlsx"
    assert main(["export", "--campaign", "xl", "--establishment", w.site, "-o", str(workbook)]) == 0
    assert "Profil" in load_workbook(io.BytesIO(workbook.read_bytes())).sheetnames
    assert main(["export", "--campaign", "xl", "--sep", ";", "-o", str(tmp_path / "csv")]) == 0
    assert (tmp_path / "csv" / "reponses_long.csv").read_bytes().startswith(b"\xef\xbb\xbf")
