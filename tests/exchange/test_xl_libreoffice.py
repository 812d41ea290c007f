"""A real spreadsheet client: LibreOffice opens the exported workbook and re-saves a filled template we can import."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exchange.importer import import_file
from exchange.layout import Layout
from exchange.template import write_template
from exchange.workbook import export_workbook
from xl_support import GOOD_ANSWERS, GOOD_ENTRIES, fill

pytestmark = pytest.mark.libreoffice


def soffice(target: str, files: list[Path], out: Path) -> None:
    """One headless conversion of several files, with a profile of its own."""
    profile = Path("/tmp") / f"continuum-lo-{uuid.uuid4().hex[:8]}"
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", target, "--outdir", str(out), *map(str, files)],
                       check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _values(wb, sheet: str) -> list[list]:
    return [[v for v in row] for row in wb[sheet].iter_rows(values_only=True)]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_libreoffice_keeps_the_export_and_resaves_an_importable_template(xl_world, tmp_path):
    w = xl_world
    template, layout = write_template(w.questionnaire), Layout(w.questionnaire)
    first = import_file(w.engine, w.national, "xl", fill(template, layout, GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site))
    assert first.ok
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_workbook(w.engine, w.national, "xl"))
    filled = tmp_path / "rempli.xlsx"
    filled.write_bytes(fill(template, layout, GOOD_ANSWERS, GOOD_ENTRIES, finess=w.site2))
    out = tmp_path / "lo"
    soffice("xlsx", [exported, filled], out)

    ours, theirs = load_workbook(exported), load_workbook(out / "export.xlsx", data_only=True)  # LO writes =FALSE()
    assert theirs.sheetnames == ours.sheetnames
    for sheet in ("Réponses (long)", "Large xl-mini", "Couverture", "Plan d'action (PAQSS)"):
        assert _values(theirs, sheet) == _values(ours, sheet), sheet
    assert theirs["Réponses (long)"]["S3"].value == "'=HYPERLINK(\"x\")"  # still text, never a formula
    with zipfile.ZipFile(out / "export.xlsx") as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())

    resaved = (out / "rempli.xlsx").read_bytes()
    computed = load_workbook(io.BytesIO(resaved), data_only=True)["Identité"]
    assert computed["C2"].value == "Clé FINESS correcte"  # the template's own check, computed by LibreOffice
    result = import_file(w.engine, w.national, "xl", resaved, "rempli.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert (result.answers_written, result.entries_written) == (12, 2)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_template_saved_as_old_xls_or_ods_by_libreoffice_is_refused_with_the_fix(xl_world, tmp_path):
    w = xl_world
    filled = tmp_path / "rempli.xlsx"
    filled.write_bytes(fill(write_template(w.questionnaire), Layout(w.questionnaire), GOOD_ANSWERS, GOOD_ENTRIES,
                            finess=w.site))
    soffice("xls", [filled], tmp_path / "xls")
    soffice("ods", [filled], tmp_path / "ods")
    for path, found in ((tmp_path / "xls" / "rempli.xls", "ancien format Excel .xls ou autre format Office"),
                        (tmp_path / "ods" / "rempli.ods", "un fichier zip qui n'est pas un classeur Excel")):
        result = import_file(w.engine, w.national, "xl", path.read_bytes(), path.name)
        (refusal,) = result.errors
        assert (refusal.code, refusal.location, refusal.found) == ("file-not-xlsx", path.name, found)
        assert "Classeur Excel (.xlsx)" in refusal.fix


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_libreoffice_reads_every_exported_sheet_as_csv(xl_world, tmp_path):
    w = xl_world
    template, layout = write_template(w.questionnaire), Layout(w.questionnaire)
    assert import_file(w.engine, w.national, "xl", fill(template, layout, GOOD_ANSWERS, GOOD_ENTRIES,
                                                        finess=w.site)).ok
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_workbook(w.engine, w.national, "xl", lang="en"))
    soffice("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", [exported],
            tmp_path / "csv")
    files = {p.name.removeprefix("export-") for p in (tmp_path / "csv").glob("*.csv")}
    assert {"Answers (long).csv", "Cell states.csv", "Profile.csv", "Action plan (PAQSS).csv"} <= files
    with (tmp_path / "csv" / "export-Profile.csv").open(encoding="utf-8", newline="") as f:
        profile = list(csv.reader(f))
    # Each cell holds the dashboard's words on separate lines: the state, then what its counts count.
    assert profile[1][:5] == ["FINESS", "establishment", "questionnaire", "care / information", "care / consultation"]
    assert profile[2][:5] == [w.site, "Hôtel-Dieu", "xl-mini", "present\n1 of 1 in place", "absent\n0 of 1 in place"]
    wide = (tmp_path / "csv" / "export-Wide xl-mini.csv").read_text(encoding="utf-8")
    assert io.StringIO(wide).readline().startswith("response_id,establishment,name,region,wave")


# LibreOffice's "Save with password" as a Basic macro: the same media descriptor its save dialog builds
# (for OOXML an ``OOXPassword`` with the "Standard" crypto type; for OpenDocument a plain ``Password``).
_SAVE_WITH_PASSWORD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(src As String, xlsx As String, ods As String, pwd As String)
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = &quot;Hidden&quot;
  hidden(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, hidden())
  Dim secret(1) As New com.sun.star.beans.NamedValue
  secret(0).Name = &quot;OOXPassword&quot;
  secret(0).Value = pwd
  secret(1).Name = &quot;CryptoType&quot;
  secret(1).Value = &quot;Standard&quot;
  Dim ooxml(1) As New com.sun.star.beans.PropertyValue
  ooxml(0).Name = &quot;FilterName&quot;
  ooxml(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  ooxml(1).Name = &quot;EncryptionData&quot;
  ooxml(1).Value = secret()
  doc.storeToURL(ConvertToURL(xlsx), ooxml())
  Dim odf(1) As New com.sun.star.beans.PropertyValue
  odf(0).Name = &quot;FilterName&quot;
  odf(0).Value = &quot;calc8&quot;
  odf(1).Name = &quot;Password&quot;
  odf(1).Value = pwd
  doc.storeToURL(ConvertToURL(ods), odf())
  doc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
"""


def soffice_save_with_password(src: Path, xlsx: Path, ods: Path, password: str) -> None:
    """LibreOffice saves ``src`` with an opening password, as .xlsx and as .ods (a profile of its own)."""
    profile = Path("/tmp") / f"continuum-lo-{uuid.uuid4().hex[:8]}"
    base = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    try:
        subprocess.run([*base, "--terminate_after_init"], check=True, capture_output=True, timeout=180)
        (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(_SAVE_WITH_PASSWORD, encoding="utf-8")
        macro = f'macro:///Standard.Module1.SaveWithPassword("{src}","{xlsx}","{ods}","{password}")'
        subprocess.run([*base, macro], check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_template_libreoffice_saved_with_a_password_is_refused_as_encrypted(xl_world, tmp_path):
    import olefile

    w = xl_world
    filled = tmp_path / "rempli.xlsx"
    filled.write_bytes(fill(write_template(w.questionnaire), Layout(w.questionnaire), GOOD_ANSWERS, GOOD_ENTRIES,
                            finess=w.site))
    xlsx, ods = tmp_path / "protege.xlsx", tmp_path / "protege.ods"
    soffice_save_with_password(filled, xlsx, ods, "secret")

    data = xlsx.read_bytes()  # an OLE compound file holding the encrypted package, not a zip
    assert olefile.isOleFile(data=data)
    streams = olefile.OleFileIO(data).listdir()
    assert ["EncryptionInfo"] in streams and ["EncryptedPackage"] in streams
    with zipfile.ZipFile(ods) as z:  # OpenDocument encryption: a zip whose parts the manifest says are encrypted
        assert b"manifest:encryption-data" in z.read("META-INF/manifest.xml")
    for path, found in ((xlsx, "fichier Office chiffré"), (ods, "classeur OpenDocument chiffré")):
        result = import_file(w.engine, w.national, "xl", path.read_bytes(), path.name)
        (refusal,) = result.errors
        assert (refusal.code, refusal.location, refusal.found) == ("file-encrypted", path.name, found)
        assert refusal.message == f"le fichier est protégé par un mot de passe ({found})"
        assert "LibreOffice : Fichier > Enregistrer sous" in refusal.fix
