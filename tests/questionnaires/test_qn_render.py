"""The words a team reads: sector wording, easy-to-read French, English with a French fallback, labels."""

from __future__ import annotations

import pytest

from continuum.paths import QUESTIONNAIRE_DIR
from questionnaires.loader import load_questionnaire, load_questionnaire_text
from questionnaires.render import cell_label, choice_labels, degree_label, item_text, level_label, practice_labels, scale_label


@pytest.fixture(scope="module")
def minimal():
    return load_questionnaire(QUESTIONNAIRE_DIR / "examples" / "minimal.yaml")


def test_item_text_is_worded_for_the_sector(minimal):
    leaflet = minimal.item("care.info.leaflet")
    assert item_text(leaflet, "fr") == "Un livret d'accueil remis à chaque patient explique ses droits."
    assert item_text(leaflet, "fr", "medico-social") == "Un livret d'accueil remis à chaque résident explique ses droits."
    assert item_text(leaflet, "en", "medico_social") == "A welcome booklet given to every resident explains their rights."


def test_falc_wording_when_written_else_the_usual_one(minimal):
    leaflet = minimal.item("care.info.leaflet")
    assert item_text(leaflet, "fr", falc=True) == item_text(leaflet, "fr")
    q = load_questionnaire_text((QUESTIONNAIRE_DIR / "examples" / "minimal.yaml").read_text(encoding="utf-8").replace(
        "          medico_social:",
        "          falc: {fr: On vous donne un livret. Il dit vos droits.}\n          medico_social:"))
    assert item_text(q.item("care.info.leaflet"), "fr", falc=True) == "On vous donne un livret. Il dit vos droits."
    assert item_text(q.item("care.info.leaflet"), "en", falc=True) == "On vous donne un livret. Il dit vos droits."


def test_labels_of_levels_degrees_cells_and_options(minimal):
    assert level_label(minimal, "research", "fr") == "Recherche"
    assert degree_label(minimal, "consultation", "en") == "Consultation"
    assert cell_label(minimal, "care", "information", "fr") == "Soins × Information"
    assert scale_label(minimal, "extent", "whole", "en") == "Whole establishment"
    assert scale_label(minimal, "extent", "retired_code", "en") == "retired_code"
    leaflet = minimal.item("care.info.leaflet")
    assert list(practice_labels(minimal, leaflet, "priority", "fr").values()) == ["Haute", "Moyenne", "Basse"]
    assert choice_labels(minimal, leaflet) == {}
