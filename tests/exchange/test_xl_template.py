"""The offline template as a person opens it: drop-downs, coloured answer cells, locked structure, hidden stamp."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from exchange.layout import Layout
from exchange.template import write_template
from xl_support import XL_QUESTIONNAIRE

ANSWER, INACTIVE = "FFF2CC", "D9D9D9"


def _template(**options):
    from questionnaires.loader import load_questionnaire_text

    questionnaire = load_questionnaire_text(XL_QUESTIONNAIRE)
    return questionnaire, load_workbook(io.BytesIO(write_template(questionnaire, **options)))


def _list_of(ws, lists, coordinate: str) -> list[str]:
    """The labels of the drop-down that covers a cell (read from the hidden lists sheet)."""
    dv = next(dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref)
    assert dv.type == "list"
    column = dv.formula1.split("!")[1].split(":")[0].strip("$").rstrip("0123456789").strip("$")
    return [c.value for c in lists[column][1:] if c.value is not None]


def test_sheets_structure_is_locked_and_stamp_and_lists_are_hidden():
    _, wb = _template()
    assert wb.sheetnames == ["Instructions", "Identité", "Réponses", "initiatives", "Listes", "Tampon"]
    assert all(ws.protection.sheet for ws in wb.worksheets)
    assert (wb["Listes"].sheet_state, wb["Tampon"].sheet_state) == ("hidden", "hidden")
    stamp = {r[0].value: r[1].value for r in wb["Tampon"].iter_rows()}
    assert (stamp["format"], stamp["questionnaire_id"], stamp["questionnaire_version"]) == (
        "continuum-template", "xl-mini", "1.0")
    assert stamp["structure_hash"].startswith("sha256:")


def test_one_row_per_item_with_yellow_answer_cells_grey_cells_and_drop_downs():
    questionnaire, wb = _template()
    layout, ws = Layout(questionnaire), wb["Réponses"]
    assert [ws.cell(row=r, column=1).value for r in range(2, 9)] == [
        "care.leaflet", "care.asked", "org.info", "org.who", "org.paid", "org.partners", "org.note"]
    col = layout.column_letter
    leaflet, paid = 2, 6
    assert ws[f"C{leaflet}"].protection.locked and ws[f"C{leaflet}"].value.startswith("Un livret d'accueil")
    assert not ws[f"{col('status')}{leaflet}"].protection.locked
    assert ws[f"{col('status')}{leaflet}"].fill.fgColor.rgb[-6:] == ANSWER
    assert ws[f"{col('value')}{leaflet}"].fill.fgColor.rgb[-6:] == INACTIVE  # a practice takes no free value
    assert ws[f"{col('status')}{paid}"].fill.fgColor.rgb[-6:] == INACTIVE
    lists = wb["Listes"]
    assert _list_of(ws, lists, f"{col('status')}{leaflet}") == ["Pas en place", "En cours", "En place",
                                                                "En place et évalué"]
    assert _list_of(ws, lists, f"{col('extent')}{leaflet}") == ["Pilote", "Tout l'établissement"]
    assert _list_of(ws, lists, f"{col('priority')}{leaflet}") == ["Haute", "Basse"]
    assert _list_of(ws, lists, f"{col('flag')}{leaflet}") == ["Non applicable", "Ne sait pas"]
    who = [c.key for c in layout.columns if c.key.startswith("mc:who:")]
    assert who == ["mc:who:patients", "mc:who:relatives", "mc:who:ru"]  # one yes/no column per option
    assert all(_list_of(ws, lists, f"{col(k)}5") == ["Oui", "Non"] for k in who)
    assert ws.freeze_panes == "D2"


def test_instructions_in_french_remind_that_no_patient_may_be_identifiable():
    _, wb = _template()
    text = "\n".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert "Modèle hors ligne — Mini tableur (version 1.0)" in text
    assert "Aucun patient, résident ou personne accompagnée ne doit pouvoir être identifié" in text


def test_identity_sheet_checks_the_finess_key_and_is_prefilled_for_an_establishment():
    _, wb = _template(establishment={"finess": "440000107", "legal_entity": "440000016", "name": "Hôtel-Dieu"})
    ws = wb["Identité"]
    assert [ws[f"B{n}"].value for n in range(2, 6)] == ["440000107", "440000016", "Hôtel-Dieu", "Complète"]
    assert ws["C2"].value.startswith('=IF(B2="","",IF(LEN(B2)<>9,') and "MOD(" in ws["C2"].value
    assert not ws["B2"].protection.locked and ws["A2"].protection.locked
    assert {r[0].value: r[1].value for r in wb["Tampon"].iter_rows()}["establishment"] == "440000107"


def test_the_inventory_has_its_own_sheet_one_row_per_initiative():
    questionnaire, wb = _template(group_rows=5)
    ws = wb["initiatives"]
    assert [c.value for c in ws[2]] == ["entry", "initiative.title", "initiative.users:patients",
                                        "initiative.users:relatives", "initiative.users:ru", "initiative.co_led"]
    assert [ws[f"A{r}"].value for r in range(3, 8)] == ["1", "2", "3", "4", "5"]
    assert ws["B3"].fill.fgColor.rgb[-6:] == ANSWER and not ws["B3"].protection.locked


def test_the_medico_social_template_uses_the_sector_wording():
    _, wb = _template(sector="medico-social")
    assert wb["Réponses"]["C2"].value == "Un livret d'accueil explique ses droits au résident."
