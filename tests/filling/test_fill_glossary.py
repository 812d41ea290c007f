"""The glossary the form shows on demand: complete in both languages, and errors point to a line."""

import textwrap

import pytest

from continuum.problems import ProblemError
from questionnaires.glossary import load_glossary

REQUIRED_TERMS = ["patient partenaire", "pair-aidant", "patient ressource", "cdu", "cvs", "représentant"]


def test_shipped_glossary_defines_the_key_terms_in_french_and_english():
    glossary = load_glossary()
    terms = " | ".join(e.term.fr.casefold() for e in glossary.entries)
    for term in REQUIRED_TERMS:
        assert term in terms, term
    assert all(e.term.en and e.definition.en for e in glossary.entries)
    ordered = [e.term.get("fr") for e in glossary.sorted_for("fr")]
    assert ordered.index("Évaluation des ESSMS") < ordered.index("Facile à lire et à comprendre (FALC)")
    assert ordered.index("Décision partagée") < ordered.index("e-Satis")


def test_a_broken_glossary_says_where(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(textwrap.dedent("""\
        entries:
          - term: {fr: CDU}
            definition: {fr: "Commission des usagers"
        """))
    with pytest.raises(ProblemError) as error:
        load_glossary(path)
    assert error.value.problems[0].location.startswith("glossary.yaml:")
