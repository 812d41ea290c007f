"""Problems in French for French authors: every code is worded in French, at the same place as in English."""

from __future__ import annotations

import re
import string

import pytest

from continuum.paths import QUESTIONNAIRE_DIR
from qn_helpers import compose, marked_line
from questionnaires.errors import CATALOGUE
from questionnaires.loader import load_directory, problem_line, validate_questionnaire_text
from questionnaires.phrases import PHRASES
from test_qn_errors import CASES

TYPO_ERROR = """
    $HEADER
    $SCALES
    sections:
      - id: care
        title: {fr: Soins, en: Care}
        items:
          - id: leaflet
            kind: practice
            cells: [{level: care, degree: informaton}]   # <-
            text: {fr: Un livret d'accueil, en: A welcome booklet}
    """

# A shape error (from the pydantic model) and a reference error in one file.
SHAPE_ERROR = """
    $HEADER
    $SCALES
    sections:
      - id: care
        title: {fr: Soins, en: Care}
        items:
          - id: leaflet
            kind: pratice   # <-
            text: {fr: Un livret d'accueil, en: A welcome booklet}
    """


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_a_french_message_and_fix_with_the_same_placeholders(code):
    entry = CATALOGUE[code]
    assert entry.title_fr and entry.message_fr and entry.fix_fr
    assert placeholders(entry.message_fr) == placeholders(entry.message)
    assert placeholders(entry.fix_fr) == placeholders(entry.fix)


def test_every_phrase_has_a_french_wording_with_the_same_placeholders():
    for key, (english, french) in PHRASES.items():
        assert french.strip(), key
        assert placeholders(french) == placeholders(english), key


def test_french_wording_puts_a_space_before_semicolons_and_question_marks():
    texts = [t for e in CATALOGUE.values() for t in (e.message_fr, e.fix_fr)] + [fr for _, fr in PHRASES.values()]
    assert [t for t in texts if re.search(r"\S[;?]", t)] == []


def test_an_unknown_degree_is_explained_in_french_at_the_same_line():
    text = compose(TYPO_ERROR)
    line = marked_line(text)
    [french] = validate_questionnaire_text(text, "test.yaml", lang="fr").errors
    assert french.code == "unknown-degree"
    assert french.location == f"test.yaml:{line} sections[0].items[0].cells[0].degree"
    assert french.message == "'informaton' n'est pas un degré déclaré"
    assert french.fix.startswith("Vouliez-vous dire 'information' ? Déclarez-le sous 'matrix.degrees'")


def test_a_shape_error_from_the_model_is_in_french_too():
    text = compose(SHAPE_ERROR)
    [french] = validate_questionnaire_text(text, "test.yaml", lang="fr").errors
    assert (french.code, problem_line(french)) == ("bad-value", marked_line(text))
    assert "valeur refusée ('pratice')" in french.message
    assert "doit être l'une de" in french.message and " ou 'group'" in french.message
    assert french.fix.startswith("Vouliez-vous dire 'practice' ? Utilisez l'une des valeurs : practice,")


def test_the_default_stays_english():
    text = compose(TYPO_ERROR)
    [english] = validate_questionnaire_text(text, "test.yaml").errors
    [french] = validate_questionnaire_text(text, "test.yaml", lang="fr").errors
    assert english.message == "'informaton' is not a declared degree"
    assert english.fix.startswith("Did you mean 'information'?")
    assert english.location == french.location


@pytest.mark.parametrize("code, text", CASES, ids=[c for c, _ in CASES])
def test_every_broken_definition_is_reported_in_french_at_the_english_place(code, text):
    english = validate_questionnaire_text(compose(text), "test.yaml").problems
    french = validate_questionnaire_text(compose(text), "test.yaml", lang="fr").problems
    assert [(p.code, p.location, p.severity) for p in french] == [(p.code, p.location, p.severity) for p in english]
    for en, fr in zip(english, french):
        assert fr.message != en.message and fr.fix != en.fix, fr


def test_a_folder_lists_its_refused_files_in_french(tmp_path):
    minimal = (QUESTIONNAIRE_DIR / "examples" / "minimal.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(minimal, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(minimal, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("- pas\n- un questionnaire\n", encoding="utf-8")
    loaded, failed = load_directory(tmp_path, lang="fr")
    assert [q.id for q in loaded] == ["minimal-example"]
    by_file = {r.source: r.errors[0] for r in failed}
    assert by_file["b.yaml"].location == "b.yaml:1 id"
    assert "est déjà défini dans a.yaml" in by_file["b.yaml"].message
    assert by_file["c.yaml"].message.startswith("contenu trouvé : une liste ;")
